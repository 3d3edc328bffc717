"""Layout detection (kind "auto"): headers to metrics with their units, separators decided per
column with the evidence, numbers that lost their thousands separator, other provinces, the year's
sources, footnotes, and the user's mapping. All numbers in these files are made up for the tests."""

import csv

import pytest
from conftest import ROOT
from importer_files import csv_bytes, xlsx

from bali_umkm import catalog, store
from bali_umkm.importer import check, commit, headers, regions, separators

NAMES = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]


@pytest.mark.parametrize("parts, metric, multiplier, extra", [
    (["Luas Wilayah (Km2)"], "land_area", 1, {}),
    (["Luas Daerah (Km²)"], "land_area", 1, {}),
    (["Area km2"], "land_area", 1, {}),
    (["Area (Ha)"], "land_area", 0.01, {}),
    (["Jumlah Penduduk (Ribu)"], "population_total", 1000, {}),
    (["Jumlah Penduduk (Ribu)", "Population (Thousand)"], "population_total", 1000, {}),
    (["Jumlah Penduduk", "Laki-laki"], "population_total", 1, {"categories": {"sex": "laki_laki"}}),
    (["Population"], "population_total", 1, {}),
    (["Nilai Penyaluran KUR (Rp Juta)"], "kur_disbursed_value", 1e6, {}),
    (["Jumlah Debitur"], "kur_debtors", 1, {}),
    (["Proyeksi Jumlah UMKM"], "umkm_total", 1, {"projection": True}),
    (["proyeksi_jumlah_umkm"], "umkm_total", 1, {"projection": True}),
    (["jml_umkm"], "umkm_total", 1, {}),
    (["Jumlah UMKM 2023"], "umkm_total", 1, {"year": 2023}),
    (["Persentase usaha e-commerce (%)"], "ecommerce_share", 1, {"categories": {"status": "ecommerce"}}),
    (["Persentase Terhadap Luas Wilayah"], None, 1, {}),
    (["Jumlah Pulau"], None, 1, {}),
    (["Luasnya", "Area (Ha)"], None, 1, {}),  # the top row names the column: a lake's area, not land
    (["Luas (%)"], None, 1, {"why": "unit"}),  # a land area cannot be in percent
    (["Tinggi Tempat", "Latitude (meter)"], None, 1, {}),
])
def test_headers_to_metrics(parts, metric, multiplier, extra):
    g = headers.guess(parts)
    assert g.metric == metric, g
    if metric:
        assert g.multiplier == pytest.approx(multiplier)
    for key, value in extra.items():
        assert getattr(g, key) == value


def test_a_title_names_the_metric_of_columns_that_name_only_categories():
    assert headers.metric_in_text("Jumlah Penduduk Menurut Kabupaten/Kota dan Jenis Kelamin (Ribu Jiwa), 2022") == \
        ("population_total", 1000)
    assert headers.metric_in_text("Data Keragaan UMKM Provinsi Bali Tahun 2024")[0] == "umkm_total"
    assert headers.metric_in_text("Luas Wilayah dan Jumlah Penduduk")[0] is None  # two: none
    rows = [["Jumlah Penduduk Menurut Kabupaten/Kota dan Jenis Kelamin di Provinsi Bali (Ribu Jiwa), 2022"], [],
            ["Kabupaten/Kota", "Jenis Kelamin", None, None], [None, "Laki-laki", "Perempuan", "Jumlah"]]
    rows += [[n, 100.5 + i, 100 + i, 200.5 + 2 * i] for i, n in enumerate(NAMES)]
    checked = check(xlsx(rows, merges=("B3:D3", "A3:A4")), file_name="penduduk_jk.xlsx")
    assert checked.ok, checked.report.text("en")
    got = checked.rows.set_index(["regency_code", "category"])["value"]
    assert got[("5101", "sex=laki_laki")] == 100_500 and got[("5101", "")] == 200_500
    assert set(checked.rows["metric"]) == {"population_total"}


# ---- other provinces: the national list ------------------------------------------------------

def national_regencies():
    with open(ROOT / "data" / "wilayah" / "regencies.csv", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_no_regency_of_another_province_is_corrected_to_a_bali_one():
    rows = national_regencies()
    assert len(rows) == 514 and sum(1 for _, p, _ in rows if p == "51") == 9
    for code, prov, name in rows:
        m = regions.match(name)
        by_code = regions.match(code)
        if prov == "51":
            assert m.code == code and by_code.code == code
            continue
        assert m.code is None and m.suggestion is None and m.province is not None, name
        assert by_code.code is None and by_code.province == prov, code
        short = regions.match(name.split(" ", 1)[1])  # without KABUPATEN / KOTA
        assert short.code is None and short.suggestion is None, name
    assert regions.match("Karangasm").suggestion == "Karangasem"  # a Bali misspelling still gets help


def satudata(prov: str, prov_name: str, regencies: list[tuple[str, str]], year: int = 2023) -> bytes:
    lines = ["id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,jumlah_umkm,satuan,tahun"]
    for i, (code, name) in enumerate(regencies, start=1):
        lines.append(f"{i},{code[:2]},{prov_name if code[:2] == prov else 'BALI'},{code},{name},{100 * i},UNIT,{year}")
    return csv_bytes(lines)


def test_a_banten_file_is_refused_once_naming_banten():
    rows = [(c, n) for c, p, n in national_regencies() if p == "36"]
    checked = check(satudata("36", "BANTEN", rows), file_name="banten.csv")
    assert [i.code for i in checked.report.issues] == ["other_province"]
    assert "Banten (36)" in checked.report.issues[0].message("id")


def test_a_file_naming_other_provinces_regencies_without_codes_is_refused_once():
    lines = ["Kabupaten/Kota,Tahun,Jumlah UMKM", "KABUPATEN BANDUNG,2023,5", "KABUPATEN KARAWANG,2023,6",
             "KOTA BANDUNG,2023,7"]
    checked = check(csv_bytes(lines), file_name="a.csv")
    assert [i.code for i in checked.report.issues] == ["other_province"]
    checked = check(csv_bytes(lines), "umkm", "a.csv")  # a template kind as well
    assert [i.code for i in checked.report.issues] == ["other_province"]


def test_a_national_file_keeps_balis_rows_and_says_what_it_left_out():
    rows = [(c, n) for c, p, n in national_regencies() if p in ("51", "52")]
    checked = check(satudata("52", "NUSA TENGGARA BARAT", rows), file_name="bali_ntb.csv")
    assert checked.ok, checked.report.text("en")
    assert set(checked.rows["regency_code"]) == set(catalog.REGENCY_CODES)
    [warn] = [i for i in checked.report.warnings if i.code == "other_province_rows"]
    assert warn.params["count"] == 10 and "Nusa Tenggara Barat (52)" in warn.message("id")


def test_a_name_that_contradicts_its_code_is_an_error():
    lines = ["kode_kabupaten_kota,nama_kabupaten_kota,tahun,jumlah_umkm", "5103,Badung,2023,5", "5171,Badung,2023,6",
             "3204,Badung,2023,7"]
    checked = check(csv_bytes(lines), file_name="a.csv")
    assert [(i.code, i.row) for i in checked.report.errors] == [("regency_code_mismatch", 3),
                                                                ("regency_code_mismatch", 4)]


# ---- numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, mark", [("1.364,73", ","), ("418,62", ","), ("1,234,567", "."), ("1.234.567", ","),
                                        ("1 607.50", "."), ("0.125", "."), ("4,5", ","), ("468.346", None),
                                        ("468,346", None), ("12", None)])
def test_which_cells_settle_the_separators(text, mark):
    assert separators.settles(text) == mark


def table(values: list[str], header: str = "Jumlah Penduduk") -> bytes:
    lines = [f"Kabupaten/Kota;Tahun;{header}"] + [f"{n};2023;{v}" for n, v in zip(NAMES, values, strict=False)]
    return csv_bytes(lines)


def test_a_column_is_read_the_english_way_when_one_cell_shows_it():
    checked = check(table(["468,346", "1,234,567", "90"]), file_name="a.csv")
    assert checked.ok, checked.report.text("en")
    assert list(checked.rows["value"]) == [468346, 1234567, 90]
    [ev] = [i for i in checked.report.issues if i.code == "separators_settled_en"]
    assert ev.params["value"] == "1,234,567" and ev.row == 3


def test_a_column_written_both_ways_is_refused_with_one_cell_of_each():
    checked = check(table(["1.234.567", "1,234,567"]), file_name="a.csv")
    [err] = checked.report.errors
    assert err.code == "mixed_separators" and "1.234.567" in err.message("en") and "1,234,567" in err.message("en")


def test_lost_thousands_separators_are_refused_never_stored_as_624():
    rows = [["Kabupaten/Kota", "Tahun", "Jumlah Penduduk"]] + [[n, 2023, 624.125 + i] for i, n in enumerate(NAMES)]
    checked = check(xlsx(rows), file_name="a.xlsx")
    assert not checked.ok and checked.rows.empty
    [err] = checked.report.errors
    assert err.code == "lost_thousands" and err.params["count"] == 9 and err.row == 2
    assert "624,125" in err.message("id") and "624.125" in err.message("id")  # as written, and as meant
    assert "624.125" in err.message("en") and "624,125" in err.message("en")
    # the total row written as text says the same: 3,890,757 against parts that sum to 3.890,757
    rows.append(["Jumlah", 2023, "3,890,757"])
    assert [i.code for i in check(xlsx(rows), file_name="a.xlsx").report.errors] == ["lost_thousands"]
    # in thousands ("(Ribu)"), 624.125 is 624,125 people: fine
    rows = [["Kabupaten/Kota", "Tahun", "Jumlah Penduduk (Ribu)"]] + [[n, 2023, 624.125] for n in NAMES]
    ok = check(xlsx(rows), file_name="a.xlsx")
    assert ok.ok and set(ok.rows["value"]) == {624125}


# ---- the year ---------------------------------------------------------------------------------

def test_the_year_comes_from_the_column_the_argument_the_title_or_the_file_name():
    body = [f"{n};12" for n in NAMES]
    plain = csv_bytes(["Kabupaten/Kota;Jumlah UMKM", *body])
    assert check(plain, file_name="umkm.csv").report.codes() == ["no_year"]
    assert set(check(plain, file_name="umkm.csv", year=2021).rows["year"]) == {2021}
    named = check(plain, file_name="Jumlah UMKM Bali, 2019.csv")
    assert set(named.rows["year"]) == {2019} and "year_from_file_name" in named.report.codes("warning")
    titled = check(csv_bytes(["Jumlah UMKM Bali Tahun 2018", "Kabupaten/Kota;Jumlah UMKM", *body]),
                   file_name="Jumlah UMKM Bali, 2019.csv")
    assert set(titled.rows["year"]) == {2018}  # the title before the file name
    column = check(csv_bytes(["Kabupaten/Kota;Tahun;Jumlah UMKM", *[f"{n};2017;5" for n in NAMES]]),
                   file_name="Jumlah UMKM Bali, 2019.csv", year=2016)
    assert set(column.rows["year"]) == {2017}  # the file's own column first


# ---- what the file says about itself, and the mapping ---------------------------------------

def test_footnotes_become_the_notes_and_the_source(tmp_path):
    lines = ["Kabupaten/Kota;Tahun;Jumlah UMKM", *[f"{n};2023;{10 + i}" for i, n in enumerate(NAMES)], "",
             "Catatan: angka sementara", "Keterangan: - = tidak ada data", "Sumber: Dinas Koperasi dan UKM (uji)"]
    checked = check(csv_bytes(lines), file_name="a.csv")
    assert checked.ok and len(checked.rows) == 9
    assert checked.info["notes"] == ["Catatan: angka sementara", "Keterangan: - = tidak ada data"]
    assert checked.info["sources"] == ["Dinas Koperasi dan UKM (uji)"]
    assert "ignored_row" not in checked.report.codes(None)
    st = store.Store(tmp_path / "s")
    version = commit(checked, uploader="uji", in_store=st)
    record = next(r for r in st.datasets(version) if r["id"] == f"import_{version.name}")
    assert record["producer"] == "Dinas Koperasi dan UKM (uji)" and "angka sementara" in record["notes"]
    version = commit(checked, uploader="uji", source="Diskop UKM Bali", in_store=st)
    record = next(r for r in st.datasets(version) if r["id"] == f"import_{version.name}")
    assert record["producer"] == "Diskop UKM Bali" and "Dinas Koperasi dan UKM (uji)" in record["notes"]


def test_a_mapping_overrides_the_guess_and_can_leave_a_column_out():
    lines = ["Kabupaten/Kota;Tahun;Banyaknya Usaha Binaan;Luas Wilayah (Km2)",
             *[f"{n};2023;{10 + i};{100 + i}" for i, n in enumerate(NAMES)]]
    guessed = check(csv_bytes(lines), file_name="a.csv")
    assert set(guessed.rows["metric"]) == {"land_area"}
    mapped = check(csv_bytes(lines), file_name="a.csv", mapping={"C": "umkm_total", "Luas Wilayah (Km2)": "-"})
    assert mapped.ok and set(mapped.rows["metric"]) == {"umkm_total"} and mapped.rows["value"].iloc[0] == 10
    assert {"mapped", "mapped_skip"} <= set(mapped.report.codes("info"))


def test_the_template_kinds_still_read_their_own_templates_under_auto(tmp_path):
    from bali_umkm.importer import templates

    for path in templates.write_all(tmp_path):
        if path.suffix == ".csv" and path.stem != "registry":
            assert check(path).report.codes() == ["no_values"], path.name
