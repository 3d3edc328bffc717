"""The importer forgives real files and names every problem with its row and column."""

import sys

import pandas as pd
import pytest
from importer_files import REGENCIES, SCALE_COUNTS, csv_bytes, diskop_xlsx, kur_csv, umkm_long, xlsx

from bali_umkm import catalog
from bali_umkm.importer import check, templates
from bali_umkm.importer.report import ERROR

sys.path.insert(0, str(__import__("conftest").ROOT / "bench"))
import synth_registry

ALL9 = list(zip(REGENCIES, [c[0] for c in SCALE_COUNTS], strict=True))


def nine(value_of=lambda i, name: 100 + i, year=2024, scale="mikro"):
    return [(name, year, scale, value_of(i, name)) for i, name in enumerate(REGENCIES)]


def reg_csv(rows: list[str], header="kabupaten_kota,skala,kbli,ecommerce,penerima_kur,nib") -> bytes:
    return csv_bytes([header, *rows])


# (id, kind, file bytes, file name, expected error code, expected row or None, column must mention)
MALFORMED = [
    ("empty", "umkm", b"", "a.csv", "empty_file", None, None),
    ("blank_lines", "umkm", b"\n\n  \n", "a.csv", "empty_file", None, None),
    ("header_only", "umkm", b"kabupaten_kota,tahun,jumlah_umkm\n", "a.csv", "no_values", None, None),
    ("binary_garbage", "umkm", bytes(range(256)) * 20, "a.csv", "unreadable", None, None),
    ("old_xls", "umkm", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.xls", "xls_old", None, None),
    ("corrupt_xlsx", "umkm", b"PK\x03\x04" + b"garbage" * 50, "a.xlsx", "unreadable", None, None),
    ("empty_xlsx", "umkm", xlsx([]), "a.xlsx", "empty_file", None, None),
    ("no_regency_column", "umkm", csv_bytes(["tahun,jumlah_umkm", "2024,5"]), "a.csv", "missing_column", None, None),
    ("no_value_column", "umkm", csv_bytes(["kabupaten_kota,tahun", "Badung,2024"]), "a.csv", "missing_column",
     None, None),
    ("unknown_regency", "umkm", umkm_long([("Kab. Atlantis", 2024, "mikro", 5)]), "a.csv", "unknown_regency", 2,
     "kabupaten_kota"),
    ("blank_regency", "umkm", umkm_long([("", 2024, "mikro", 5)]), "a.csv", "missing_regency", 2, None),
    ("negative_count", "umkm", umkm_long([("Badung", 2024, "mikro", "-5")]), "a.csv", "negative", 2, "jumlah_umkm"),
    ("share_over_100", "ecommerce", csv_bytes(["kabupaten_kota;tahun;persen usaha e-commerce",
                                               "Badung;2024;112,5"]), "a.csv", "share_over_100", 2, "persen"),
    ("parts_over_total", "umkm", umkm_long([("Badung", 2024, "jumlah", 100), ("Badung", 2024, "mikro", 90),
                                            ("Badung", 2024, "kecil", 20)]), "a.csv", "parts_over_total", 2, None),
    ("regencies_over_totals_row", "umkm", diskop_xlsx(total_row=(1, 1, 1, 3)), "a.xlsx", "parts_over_total", 15,
     None),
    ("duplicate_rows", "umkm", umkm_long([("Badung", 2024, "mikro", 5), ("KAB. BADUNG", 2024, "mikro", 6)]),
     "a.csv", "duplicate", 3, None),
    ("year_out_of_range", "umkm", umkm_long([("Badung", 2099, "mikro", 5)]), "a.csv", "year_out_of_range", 2,
     "tahun"),
    ("year_not_a_year", "umkm", umkm_long([("Badung", "dua ribu", "mikro", 5)]), "a.csv", "bad_year", 2, "tahun"),
    ("text_for_number", "umkm", umkm_long([("Badung", 2024, "mikro", "banyak")]), "a.csv", "not_a_number", 2,
     "jumlah_umkm"),
    ("fraction_count", "umkm", umkm_long([("Badung", 2024, "mikro", '"12,5"')]), "a.csv", "not_whole", 2, None),
    ("percent_in_count", "umkm", umkm_long([("Badung", 2024, "mikro", "12%")]), "a.csv", "unexpected_percent", 2,
     None),
    ("kur_as_umkm", "umkm", csv_bytes(kur_csv()), "a.csv", "wrong_kind", None, "Penyaluran"),
    ("umkm_as_kur", "kur", diskop_xlsx(), "a.xlsx", "wrong_kind", None, None),
    ("registry_as_umkm", "umkm", reg_csv(["Badung,mikro,47111,ya,tidak,1234567890123"]), "a.csv", "wrong_kind",
     None, None),
    ("unknown_scale", "umkm", umkm_long([("Badung", 2024, "raksasa", 5)]), "a.csv", "unknown_category", 2,
     "skala"),
    ("name_code_mismatch", "umkm", csv_bytes(["kabupaten_kota,kode_bps,tahun,jumlah_umkm",
                                              "Badung,5171,2024,5"]), "a.csv", "regency_code_mismatch", 2, None),
    ("no_year_anywhere", "umkm", csv_bytes(["kabupaten_kota,jumlah_umkm", "Badung,5"]), "a.csv", "no_year",
     None, None),
    ("blank_year_cell", "umkm", umkm_long([("Badung", "", "mikro", 5)]), "a.csv", "missing_year", 2, None),
    ("tidy_unknown_metric", "tidy", csv_bytes(["kabupaten_kota,tahun,indikator,nilai", "Badung,2024,omzet,5"]),
     "a.csv", "unknown_metric", 2, "indikator"),
    ("tidy_unit_mismatch", "tidy", csv_bytes(["kabupaten_kota,tahun,indikator,nilai,satuan",
                                              "Badung,2024,umkm_total,5,juta rupiah"]), "a.csv", "unit_mismatch", 2,
     "satuan"),
    ("tidy_bad_category", "tidy", csv_bytes(["kabupaten_kota,tahun,indikator,kategori,nilai",
                                             "Badung,2024,umkm_total,mikro,5"]), "a.csv", "bad_category", 2, None),
    ("tidy_missing_metric", "tidy", csv_bytes(["kabupaten_kota,tahun,indikator,nilai", "Badung,2024,,5"]),
     "a.csv", "missing_metric", 2, None),
    ("formula_without_value", "umkm", xlsx([["kabupaten_kota", "tahun", "jumlah_umkm"], ["Badung", 2024, None]],
                                           formulas={"C2": "=1+1"}), "a.xlsx", "no_values", None, None),
    ("unknown_kind", "sales", umkm_long(nine()), "a.csv", "unknown_kind", None, None),
    ("registry_unknown_regency", "registry", reg_csv(["Badung,mikro,47111,ya,tidak,", "Atlantis,kecil,47111,ya,ya,"]),
     "r.csv", "unknown_regency", 3, None),
    ("registry_no_scale", "registry", reg_csv(["Badung,47111,ya,tidak"], "kabupaten_kota,kbli,ecommerce,kur"),
     "r.csv", "missing_column", None, None),
    ("registry_bad_flag", "registry", reg_csv(["Badung,mikro,47111,mungkin,tidak,"]), "r.csv", "unknown_category", 2,
     None),
    ("registry_ragged_rows", "registry", reg_csv(["Badung,mikro,47111,ya,tidak,", "Bangli,mikro", "Bangli,mikro,G,ya,"
                                                  "tidak,,extra,cells"]), "r.csv", "bad_rows", None, None),
    ("registry_no_year", "registry", reg_csv(["Badung,mikro,47111,ya,tidak,"]), "r.csv", "missing_year_registry",
     None, None),
]


@pytest.mark.parametrize("case", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_file_gets_its_error(case):
    _, kind, data, name, code, row, column = case
    year = 2024 if code != "missing_year_registry" and kind == "registry" else None
    checked = check(data, kind, name, year=year)
    assert not checked.ok
    hits = [i for i in checked.report.errors if i.code == code]
    assert hits, checked.report.text("en")
    if row is not None:
        assert any(i.row == row for i in hits), [(i.row, i.column) for i in hits]
    if column is not None:
        assert any(column in (i.column or "") for i in hits), [i.column for i in hits]
    # both languages render, and nothing would be stored
    assert checked.report.text("id") and checked.report.text("en")
    assert set(checked.report.frame("en").columns) >= {"Row", "Column", "Message"}


def test_there_are_at_least_25_malformed_cases():
    assert len(MALFORMED) >= 25 and len({c[4] for c in MALFORMED}) >= 20


def test_too_large_is_refused_before_reading():
    checked = check(umkm_long(nine()), "umkm", "big.csv", max_bytes=100)
    assert checked.report.codes() == ["too_large"]


def test_suggestion_for_a_misspelt_regency_in_both_languages():
    checked = check(umkm_long([("Karangasm", 2024, "mikro", 5)]), "umkm", "a.csv")
    issue = checked.report.errors[0]
    assert issue.code == "unknown_regency" and issue.params["suggestion"] == "Karangasem"
    assert "Maksudnya Karangasem?" in issue.message("id")
    assert "Did you mean Karangasem?" in issue.message("en")
    assert "a.csv:2 [kabupaten_kota (A)]" in checked.report.text("en")


@pytest.mark.parametrize("encoding, sep, bom", [("utf-8", ",", False), ("utf-8", ";", True), ("cp1252", ";", False),
                                                ("utf-8", "\t", False)])
def test_csv_dialects_and_encodings(encoding, sep, bom):
    lines = [sep.join(["Kabupaten/Kota", "Tahun", "Periode", "Nilai Penyaluran (Rp)", "Jumlah Debitur"])]
    lines.append(sep.join(["Kab. Karang Asem", "2024", "Jan–Des 2024 (é)", '"Rp 3.009,38"', "1.234"]))
    lines.append(sep.join(["Kota Denpasar", "2024", "Jan–Des 2024 (é)", "-", "12"]))
    checked = check(csv_bytes(lines, encoding, bom), "kur", "kur.csv")
    assert checked.ok, checked.report.text("en")
    rows = checked.rows.set_index(["regency_code", "metric"])
    assert rows.loc[("5107", "kur_disbursed_value"), "value"] == pytest.approx(3009.38)
    assert rows.loc[("5107", "kur_debtors"), "value"] == 1234
    assert ("5171", "kur_disbursed_value") not in rows.index  # "-" is missing, not zero
    assert rows.loc[("5107", "kur_debtors"), "period"] == "Jan–Des 2024 (é)"
    assert checked.info["delimiter"] == sep


def test_kur_in_millions_with_totals_row_checked_not_imported_as_regency():
    lines = kur_csv()
    lines.append("Jumlah;2024;2.707.500;13.634")
    checked = check(csv_bytes(lines), "kur", "kur.csv")
    assert checked.ok, checked.report.text("en")
    value = checked.rows[checked.rows["metric"] == "kur_disbursed_value"].set_index("regency_code")["value"]
    assert value["5101"] == 223_500_000_000  # "Rp juta" in the header
    assert value["51"] == 2_707_500_000_000 and len(value) == 10  # the totals row is the province, checked
    assert "total_checked" in checked.report.codes("info")


def test_totals_row_of_a_partial_table_is_checked_but_not_stored_as_the_province():
    # two regencies and their "Jumlah": that sum is not Bali's total and must not pose as one
    lines = ["Kabupaten/Kota;Tahun;Jumlah UMKM", "Kab. Karang Asem;2024;31.760", "KOTA DENPASAR;2024;69.283",
             "Jumlah;2024;101.043"]
    checked = check(csv_bytes(lines), "umkm", "umkm.csv")
    assert checked.ok, checked.report.text("en")
    assert set(checked.rows["regency_code"]) == {"5107", "5171"}
    assert "total_not_province" in checked.report.codes("info")
    assert "total_checked" not in checked.report.codes("info")
    lines[-1] = "Jumlah;2024;201.043"  # partial: the listed rows may sum to less than the total
    assert check(csv_bytes(lines), "umkm", "umkm.csv").report.ok
    lines[-1] = "Jumlah;2024;1.043"  # but never to more: still checked
    assert "parts_over_total" in check(csv_bytes(lines), "umkm", "umkm.csv").report.codes("error")


def test_totals_row_that_disagrees_is_a_warning_and_both_are_kept():
    lines = kur_csv()
    lines.append("Jumlah;2024;2.900.000;13.634")
    checked = check(csv_bytes(lines), "kur", "kur.csv")
    assert checked.ok
    warn = [i for i in checked.report.warnings if i.code == "total_mismatch"]
    assert warn and warn[0].row == 11
    assert "192.500.000.000" in warn[0].message("id")  # the difference, written the Indonesian way


def test_diskop_style_xlsx_title_merged_header_numbers_row_totals_and_note():
    checked = check(diskop_xlsx(), "umkm", "keragaan.xlsx")
    assert checked.ok, checked.report.text("en")
    df = checked.rows
    assert set(df["year"]) == {2024}  # from the title
    assert "year_from_title" in checked.report.codes("warning")
    badung = df[df["regency_code"] == "5103"].set_index("category")["value"]
    assert badung["scale=mikro"] == 36000 and badung[""] == 40100
    assert df[df["regency_code"] == "51"].set_index("category")["value"][""] == sum(map(sum, SCALE_COUNTS))
    assert set(df["regency_code"]) == {*catalog.REGENCY_CODES, "51"}
    col = df[df["category"] == "scale=kecil"]["column"].iloc[0]
    assert col == "Skala Usaha › Kecil (D)"


def test_xlsx_percent_cells_and_notes_sheet_first():
    rows = [["Kabupaten/Kota", "Tahun", "Persentase usaha e-commerce", "Jumlah usaha e-commerce"],
            ["Badung", 2024, 0.6228, 1200], ["5171", 2024, 0.5, 900]]
    data = xlsx(rows, percent_cells=("C2", "C3"), extra_sheets={"Petunjuk": [["isi lembar Data"]]})
    checked = check(data, "ecommerce", "e.xlsx")
    assert checked.ok, checked.report.text("en")
    share = checked.rows[checked.rows["metric"] == "ecommerce_share"].set_index("regency_code")["value"]
    assert share["5103"] == pytest.approx(62.28) and share["5171"] == pytest.approx(50)
    assert checked.info["sheet"] == "Data"


@pytest.mark.parametrize("name", ["Kab. Karang Asem", "KOTA DENPASAR", "Kabupaten Buleleng", "5107", "51.07",
                                  "id5107", "KABUPATEN KARANGASEM", "Karangasem"])
def test_regency_forms_in_a_file(name):
    checked = check(umkm_long([(name, 2024, "mikro", 5)]), "umkm", "a.csv")
    assert checked.ok, checked.report.text("en")
    assert checked.rows["regency_code"].iloc[0] in {"5107", "5171", "5108"}


def test_wide_by_year_columns_and_numbers_as_excel_numbers():
    rows = [["Kabupaten", "Jumlah UMKM 2022", "Jumlah UMKM 2023"], ["Badung", 100, 120], [5107, 50, 55],
            [51.71, 30, 33]]
    checked = check(xlsx(rows), "umkm", "w.xlsx")
    assert checked.ok, checked.report.text("en")
    got = checked.rows.set_index(["regency_code", "year"])["value"]
    assert got[("5103", 2023)] == 120 and got[("5107", 2022)] == 50 and got[("5171", 2023)] == 33


def test_templates_read_back_and_filled_template_imports(tmp_path):
    files = templates.write_all(tmp_path)
    assert sorted(p.name for p in files) == sorted(f"{k}{s}" for k in templates.templates() for s in (".csv", ".xlsx"))
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "umkm.xlsx")
    assert wb.sheetnames == ["Data", "Petunjuk"]
    notes = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Skala usaha" in notes and "kabupaten/kota" in notes
    data = wb["Data"]
    names = {data.cell(r, 1).value for r in range(2, data.max_row + 1)}
    assert names == set(catalog.regencies()["official_name_kemendagri_2025"])
    assert all(data.cell(r, 7).value in (None, "") for r in range(2, data.max_row + 1))  # values empty
    for kind in ("umkm", "kur", "ecommerce", "tidy"):
        checked = check(tmp_path / f"{kind}.csv", kind)
        assert checked.report.codes() == ["no_values"], (kind, checked.report.text("en"))
    # fill the regency totals of the XLSX template and import it
    for r in range(2, data.max_row + 1):
        data.cell(r, 3).value = 2024
        if data.cell(r, 5).value == "jumlah" and data.cell(r, 6).value == "jumlah":
            data.cell(r, 7).value = 1000 + r
    wb.save(tmp_path / "filled.xlsx")
    checked = check(tmp_path / "filled.xlsx", "umkm")
    assert checked.ok and len(checked.rows) == 9 and set(checked.rows["category"]) == {""}


def test_registry_aggregates_exactly(tmp_path):
    path = synth_registry.write(tmp_path / "reg.csv", 5000, seed=3, block=1500, delimiter=";")
    truth = pd.DataFrame(synth_registry.generate(1500, 3, 0)).pipe(lambda d: pd.concat(
        [d, pd.DataFrame(synth_registry.generate(1500, 3, 1500)), pd.DataFrame(synth_registry.generate(1500, 3, 3000)),
         pd.DataFrame(synth_registry.generate(500, 3, 4500))], ignore_index=True))
    checked = check(path, "registry")
    assert checked.ok, checked.report.text("en")
    got = checked.rows.set_index(["regency_code", "metric", "category"])["value"]
    for code, group in truth.groupby("_code"):
        assert got[(code, "umkm_total", "")] == len(group)
        assert got[(code, "umkm_total", "scale=mikro")] == (group["_scale"] == "mikro").sum()
        assert got[(code, "ecommerce_businesses", "")] == group["_ecommerce"].sum()
        assert got[(code, "kur_debtors", "")] == group["_kur"].sum()
        share = 100 * group["_ecommerce"].mean()
        assert got[(code, "ecommerce_share", "status=ecommerce")] == pytest.approx(share, abs=0.005)
    assert got[("51", "umkm_total", "")] == 5000
    sectors = [got[("51", "umkm_total", f"sector={s}")] for s in
               ("perdagangan", "industri_pertanian", "industri_non_pertanian", "aneka_jasa")]
    assert sum(sectors) == 5000
    # 47111 and G -> perdagangan; 10792 -> industri pertanian (food); 13121 -> non pertanian; 56101 -> jasa
    g = truth["kbli"]
    assert got[("51", "umkm_total", "sector=perdagangan")] == g.isin(["47111", "47191", "45201", "G"]).sum()
    assert got[("51", "umkm_total", "sector=industri_pertanian")] == g.isin(["10792", "01111"]).sum()
    assert set(checked.rows["year"]) == {2024}
    assert "raw_not_kept" in checked.report.codes("info") and checked.raw_path is None


def test_registry_duplicate_nibs_large_firms_and_xlsx(tmp_path):
    rows = [["Kabupaten/Kota", "Skala", "KBLI", "E-commerce", "Penerima KUR", "NIB"],
            ["Badung", "Mikro", "47111", "Ya", "Tidak", "1234567890123"],
            ["Badung", "Kecil", "56101", "Tidak", "Ya", "1234567890123"],
            ["Bangli", "Besar", "47111", "Ya", "Ya", "12345"]]
    checked = check(xlsx(rows), "registry", "r.xlsx", year=2023)
    assert checked.ok, checked.report.text("en")
    assert {"duplicate_nib", "bad_nib", "excluded_large"} <= set(checked.report.codes("warning"))
    got = checked.rows.set_index(["regency_code", "metric", "category"])["value"]
    assert got[("5103", "umkm_total", "")] == 2 and got[("5106", "umkm_total", "")] == 0


def test_every_issue_code_has_a_message_in_both_languages():
    from bali_umkm.i18n import strings

    codes = {c[4] for c in MALFORMED} | {"too_large", "total_mismatch", "total_checked", "total_not_province",
                                          "year_from_title", "missing_values", "ignored_column", "ignored_row",
                                          "duplicate_nib", "bad_nib", "excluded_large", "flag_blank",
                                          "formula_no_value"}
    for lang in ("id", "en"):
        assert {f"importer.{c}" for c in codes} <= set(strings(lang)), lang


def test_errors_are_errors():
    assert all(i.severity == ERROR for i in check(b"", "umkm", "a.csv").report.issues)


def test_registry_in_windows_1252_with_semicolons_and_a_title_line():
    text = ("Registri UMKM contoh (uji)\n"
            "Kabupaten/Kota;Skala Usaha;KBLI;Jualan online;Penerima KUR;Tahun\n"
            "Kab. Karang Asem;Mikro;Perdagangan;Ya;Tidak;2022\n"
            "KOTA DENPASAR;Kecil;56101;Tidak;Ya;2022\n"
            "Bangli;Menengah;G – Perdagangan é;Ya;Ya;2022\n")
    checked = check(text.encode("cp1252"), "registry", "r.csv")
    assert checked.ok, checked.report.text("en")
    got = checked.rows.set_index(["regency_code", "metric", "category"])["value"]
    assert got[("5107", "umkm_total", "sector=perdagangan")] == 1
    assert got[("5106", "umkm_total", "scale=menengah;sector=perdagangan")] == 1
    assert got[("51", "kur_debtors", "")] == 2 and got[("51", "ecommerce_businesses", "")] == 2
    assert checked.info["encoding"] == "cp1252" and set(checked.rows["year"]) == {2022}


def test_read_registry_takes_the_store_s_staged_batch_for_raw_records():
    import typing

    from bali_umkm import store
    from bali_umkm.importer import registry

    hints = typing.get_type_hints(registry.read_registry)
    assert hints["raw"] == store.RawBatch | None and "raw_path" not in hints
