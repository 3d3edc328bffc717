"""The five real published tables in tests/real_tables/ (see its README: what each file is and what
the importer must do with it), and the same layouts for Bali written from the catalogue's own
figures. The expected values are read from the files themselves (openpyxl / csv), never typed in."""

import csv
import hashlib
import io

import pytest
from conftest import ROOT
from importer_files import bps_population_ribu, catalogue_values, satudata_bali_csv
from openpyxl import load_workbook

from bali_umkm import catalog, quality, store
from bali_umkm.importer import as_json, check, commit, preview

REAL = ROOT / "tests" / "real_tables"
LAND = REAL / "Delvinurropiqsitepu__TUGASUAS_Sistem-Informasi-Geografis" / \
    "Luas Daerah dan Jumlah Pulau Menurut Kabupaten_Kota di Provinsi Bali, 2023.xlsx"
LAKES = REAL / "Delvinurropiqsitepu__TUGASUAS_Sistem-Informasi-Geografis" / \
    "Ketinggian Ibu Kota Kabupaten, Nama dan Luas Danau di Provinsi Bali.csv"
POPULATION = REAL / "Svensone__bali-covid-plotly-dash-app" / "datasets" / "BaliPopulation.xlsx"
JABAR_PROJECTION = REAL / "alfianbayu11__tren-umkm-analisis" / \
    "diskuk-od_17372_proyeksi_jml_ush_mikro_kecil_menengah_umkm__kabupatenk_data.csv"
JABAR_BINAAN = REAL / "putusrya__SQL_DATA-UMKM-JAWA-BARAT" / \
    "diskuk-od_17367_jml_ush_mikro_kecil_menengah_umkm_binaan__jenis_ush_data.csv"
ALL = [LAND, LAKES, POPULATION, JABAR_PROJECTION, JABAR_BINAAN]
# the regency names as these files spell them -> BPS code (the spec the importer must meet)
SPELLINGS = {"Jembrana": "5101", "Tabanan": "5102", "Badung": "5103", "Gianyar": "5104", "Klungkung": "5105",
             "Bangli": "5106", "Karang Asem": "5107", "Buleleng": "5108", "Kota Denpasar": "5171", "Bali": "51",
             "Kabupaten Badung": "5103", "Kabupaten Bangli": "5106", "Kabupaten Buleleng": "5108",
             "Kabupaten Gianyar": "5104", "Kabupaten Jembrana": "5101", "Kabupaten Karangasem": "5107",
             "Kabupaten Klungkung": "5105", "Kabupaten Tabanan": "5102"}


def sheet_rows(path):
    wb = load_workbook(path, data_only=True)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def test_the_fixtures_are_the_published_files_with_their_readme():
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    for path in ALL:
        assert path.is_file(), path
        assert path.parent.name.split("__")[0] in readme or path.parents[1].name.split("__")[0] in readme
    assert "a72c5a61c696e96c57db3522c883aed1f8092c45" in readme and "test fixtures only" in readme
    # byte for byte: the CSVs keep their BOM, CRLF/LF and trailing spaces as published
    assert LAKES.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"1 607.50     " in LAKES.read_bytes()
    assert hashlib.sha256(LAND.read_bytes()).hexdigest() == check(LAND).sha256


def test_bps_land_area_2023_is_accepted_with_its_province_row_and_no_false_mismatch(tmp_path):
    checked = check(LAND)
    assert checked.ok, checked.report.text("en")
    assert checked.kind == "bps" and checked.report.codes() == []
    rows = sheet_rows(LAND)
    header = rows[0]
    area_col = header.index("Luas Wilayah (Km2)")
    expected = {SPELLINGS[r[0]]: float(r[area_col]) for r in rows[1:] if r[0] in SPELLINGS}
    assert len(expected) == 10  # 9 regencies and "Bali"
    got = checked.rows
    assert set(got["metric"]) == {"land_area"} and set(got["unit"]) == {"km2"} and set(got["year"]) == {2023}
    assert dict(zip(got["regency_code"], got["value"], strict=True)) == pytest.approx(expected)
    assert got.set_index("regency_code").loc["51", "value"] == pytest.approx(
        sum(v for c, v in expected.items() if c != "51"))
    # the year came from the file name, the "Bali" row was checked, two columns were left out, the note kept
    assert checked.report.codes("warning") == ["year_from_file_name"]
    infos = [(i.code, i.column) for i in checked.report.issues if i.severity == "info"]
    assert ("total_checked", "Luas Wilayah (Km2) (C)") in infos
    left_out = {c for code, c in infos if code.startswith("not_imported_")}
    assert {"Persentase Terhadap Luas Wilayah (D)", "Jumlah Pulau (E)"} <= left_out
    assert any("Peraturan Menteri Dalam Negeri" in n for n in checked.info["notes"])
    # and the quality checks with it find no mismatch ("parts 5780.06 vs total 5780.06")
    st = store.Store(tmp_path / "store")
    prev = preview(checked, in_store=st)
    mine = prev.sum_checks[prev.sum_checks["metric"] == "land_area"]
    assert len(mine) == 1 and set(mine["status"]) == {"ok"}, mine
    version = commit(checked, uploader="uji", in_store=st)
    record = next(r for r in st.datasets(version) if r["id"] == f"import_{version.name}")
    assert "Peraturan Menteri Dalam Negeri" in record["notes"]


def test_lakes_table_is_refused_in_one_message_listing_its_columns_and_the_known_indicators():
    checked = check(LAKES)
    assert not checked.ok
    assert [i.code for i in checked.report.issues] == ["no_known_metric"]
    for lang in ("id", "en"):
        text = checked.report.issues[0].message(lang)
        assert "\n" not in text
        for column in ("Tinggi Tempat", "Danau", "Luasnya"):
            assert column in text
        assert "land_area" in text and "population_total" in text and "--map" in text


def test_english_population_table_without_a_year_asks_for_it():
    checked = check(POPULATION)
    assert [i.code for i in checked.report.issues] == ["no_year"]
    assert "--year" in checked.report.issues[0].message("id")


def test_english_population_table_with_a_year_reads_indonesian_text_numbers():
    checked = check(POPULATION, year=2020)
    assert checked.ok, checked.report.text("en")
    rows = sheet_rows(POPULATION)
    header = rows[0]
    reg, area, pop = header.index("Regency"), header.index("Area km2"), header.index("Population")
    exp_pop = {SPELLINGS[r[reg]]: int(r[pop].replace(".", "")) for r in rows[1:] if r[reg] in SPELLINGS}
    exp_area = {SPELLINGS[r[reg]]: float(r[area].replace(".", "").replace(",", ".")) for r in rows[1:]
                if r[reg] in SPELLINGS}
    assert len(exp_pop) == 9 and exp_pop["5103"] == 468346  # "468.346", never 468.346
    got = checked.rows.set_index(["metric", "regency_code"])["value"]
    assert {c: got[("population_total", c)] for c in exp_pop} == exp_pop
    assert {c: got[("land_area", c)] for c in exp_area} == pytest.approx(exp_area)
    assert set(checked.rows["year"]) == {2020}
    evidence = {i.code: i for i in checked.report.issues if i.code.startswith("separators_")}
    assert evidence["separators_count_id"].column == "Population (G)"
    assert evidence["separators_settled_id"].column == "Area km2 (F)"
    assert "468.346" in evidence["separators_count_id"].message("en")


@pytest.mark.parametrize("path", [JABAR_PROJECTION, JABAR_BINAAN], ids=["projection", "binaan"])
def test_jawa_barat_files_are_refused_in_one_message(path):
    checked = check(path)
    assert [i.code for i in checked.report.issues] == ["other_province"]
    assert checked.report.issues[0].message("id") == \
        "Berkas ini dari Jawa Barat (32); dasbor ini hanya menerima Bali (51)."
    assert checked.report.issues[0].message("en") == \
        "This file is from Jawa Barat (32); this dashboard takes Bali (51) only."
    text = checked.report.text("id") + checked.report.text("en")
    assert "Badung" not in text and "Karangasem" not in text and "Maksudnya" not in text
    assert checked.kind == "satudata"


def test_a_category_column_of_a_satu_data_table_is_a_category_not_numbers():
    checked = check(JABAR_BINAAN)
    roles = {c["label"]: (c["role"], c["category"]) for c in checked.info["columns"]}
    assert roles["jenis_usaha"] == ("category", "jenis_usaha")
    assert roles["jumlah_umkm"][0] == "value" and roles["kode_provinsi"][0] == "province_code"
    proj = {c["label"]: c for c in check(JABAR_PROJECTION).info["columns"]}
    assert proj["proyeksi_jumlah_umkm"]["metric"] == "umkm_total" and proj["proyeksi_jumlah_umkm"]["projection"]


# ---- the same layouts, for Bali ----------------------------------------------------------------

def test_satu_data_export_for_bali_is_accepted_with_the_right_values():
    values = catalogue_values("pop_dukcapil_2024", "population_total")
    checked = check(satudata_bali_csv(values=values), file_name="jumlah_penduduk_bali.csv")
    assert checked.ok, checked.report.text("en")
    assert checked.kind == "satudata" and checked.report.codes(None) == []
    got = dict(zip(checked.rows["regency_code"], checked.rows["value"], strict=True))
    assert got == {c: values[c] for c in catalog.REGENCY_CODES}
    assert set(checked.rows["year"]) == {2024} and set(checked.rows["unit"]) == {"persons"}


def test_satu_data_projection_for_bali_is_stored_as_a_projection(tmp_path):
    values = {c: 1000 + i for i, c in enumerate(catalog.REGENCY_CODES)}  # made up for the test
    data = satudata_bali_csv("proyeksi_jumlah_umkm", "UNIT", 2025, values)
    checked = check(data, file_name="proyeksi_umkm_bali.csv")
    assert checked.ok, checked.report.text("en")
    assert set(checked.rows["metric"]) == {"umkm_total"} and set(checked.rows["period"]) == {"proyeksi"}
    assert "projection" in checked.report.codes("info")
    st = store.Store(tmp_path / "store")
    version = commit(checked, uploader="uji", in_store=st)
    record = next(r for r in st.datasets(version) if r["id"] == f"import_{version.name}")
    assert record["title"]["id"].startswith("Impor proyeksi") and "bukan hitungan" in record["notes"]
    stored = st.rows(version)
    assert set(stored["period"]) == {"proyeksi"}  # never the same key as a count of the same year


def test_satu_data_sex_column_is_the_catalogues_sex_category():
    pop = {sex: catalogue_values("pop_dukcapil_2024", "population_total", f"sex={sex}")
           for sex in ("laki_laki", "perempuan")}
    lines = satudata_bali_csv(values=pop["laki_laki"], extra=("jenis_kelamin", dict.fromkeys(pop["laki_laki"],
                                                                                             "LAKI-LAKI")))
    women = satudata_bali_csv(values=pop["perempuan"], extra=("jenis_kelamin", dict.fromkeys(pop["perempuan"],
                                                                                             "PEREMPUAN")))
    data = lines + b"\n" + b"\n".join(women.splitlines()[1:])
    checked = check(data, file_name="penduduk_jk.csv")
    assert checked.ok, checked.report.text("en")
    got = checked.rows.set_index(["regency_code", "category"])["value"]
    assert got[("5108", "sex=laki_laki")] == pop["laki_laki"]["5108"]
    assert got[("5171", "sex=perempuan")] == pop["perempuan"]["5171"]


@pytest.mark.parametrize("as_text", [False, True], ids=["xlsx_numbers", "csv_text"])
def test_bps_population_in_thousands_is_accepted_times_1000(as_text):
    data, expected = bps_population_ribu(as_text)
    checked = check(data, file_name="penduduk.csv" if as_text else "penduduk.xlsx")
    assert checked.ok, checked.report.text("en")
    got = dict(zip(checked.rows["regency_code"], checked.rows["value"], strict=True))
    assert got == pytest.approx(expected)
    assert set(checked.rows["year"]) == {2022} and "year_from_title" in checked.report.codes("warning")
    assert "total_checked" in checked.report.codes("info") and "total_mismatch" not in checked.report.codes(None)
    assert checked.info["sources"] == ["Badan Pusat Statistik Provinsi Bali (tata letak)"]
    assert quality.sum_checks(preview_frame(checked)).query("metric == 'population_total' and "
                                                            "status == 'mismatch'").empty


def preview_frame(checked):
    return checked.tidy(dataset="uji")


def test_json_report_of_a_refusal_and_of_an_acceptance():
    refused = as_json(check(JABAR_PROJECTION))
    assert refused["accepted"] is False and refused["rows"] == [] and refused["kind"] == "satudata"
    [msg] = refused["messages"]
    assert msg["level"] == "error" and msg["text_id"].startswith("Berkas ini dari Jawa Barat (32)")
    accepted = as_json(check(LAND))
    assert accepted["accepted"] is True and len(accepted["rows"]) == 10
    row = accepted["rows"][0]
    assert set(row) == {"metric", "regency_code", "year", "period", "category", "value", "unit"}
    assert isinstance(row["year"], int) and isinstance(row["value"], float)


def test_mapping_the_lakes_area_reads_hectares_and_space_groups_and_names_the_row_without_a_regency():
    text = LAKES.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    hectares = {r[0]: float(r[3].replace(" ", "")) for r in rows if r[0] in SPELLINGS and r[3].strip() != "-"}
    checked = check(LAKES, mapping={"Luasnya": "land_area"}, year=2023)
    assert "mapped" in checked.report.codes("info")
    # Buleleng's second lake sits on a row without a regency: named, with its row
    [missing] = [i for i in checked.report.errors if i.code == "missing_regency"]
    assert rows[missing.row - 1][0] == "" and rows[missing.row - 1][3].strip() == "110.00"
    got = dict(zip(checked.rows["regency_code"], checked.rows["value"], strict=True))
    assert got == pytest.approx({SPELLINGS[n]: ha / 100 for n, ha in hectares.items()})  # ha -> km²
    assert got["5106"] == pytest.approx(16.075)  # "1 607.50" ha
    bad = check(LAKES, mapping={"Luas Danau": "land_area"})
    assert [i.code for i in bad.report.errors] == ["map_unknown_column"]
    bad = check(LAKES, mapping={"D": "luas"})
    assert [i.code for i in bad.report.errors] == ["map_unknown_metric"]
