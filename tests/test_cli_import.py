"""`python -m bali_umkm import`: kind auto by default, one-line refusals, --map, --json."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from importer_files import bps_population_ribu, satudata_bali_csv
from test_importer_real import JABAR_BINAAN, JABAR_PROJECTION, LAKES, LAND, POPULATION

from bali_umkm import cli, store


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    return store.Store()


@pytest.fixture
def bali_files(tmp_path):
    satu = tmp_path / "jumlah_penduduk_bali_2024.csv"
    satu.write_bytes(satudata_bali_csv())
    bps = tmp_path / "penduduk_ribu.xlsx"
    bps.write_bytes(bps_population_ribu()[0])
    return satu, bps


# (file, extra arguments, exit code, the start of the report's first line on stderr)
CASES = [
    (LAND, [], 0, f"{LAND.name} peringatan: Tahun 2023 diambil dari nama berkas."),
    (LAKES, [], 1, f"{LAKES.name} galat: Tidak ada kolom yang berisi indikator yang dikenal dasbor."),
    (POPULATION, [], 1, "BaliPopulation.xlsx galat: Tahun data tidak ditemukan"),
    (POPULATION, ["--year", "2020"], 0, "BaliPopulation.xlsx [0 (B)] info: Tidak diimpor"),
    (JABAR_PROJECTION, [], 1, f"{JABAR_PROJECTION.name} galat: Berkas ini dari Jawa Barat (32); dasbor ini hanya "
                              "menerima Bali (51)."),
    (JABAR_BINAAN, [], 1, f"{JABAR_BINAAN.name} galat: Berkas ini dari Jawa Barat (32); dasbor ini hanya "
                          "menerima Bali (51)."),
]


@pytest.mark.parametrize("path, extra, code, first", CASES,
                         ids=["land_area", "lakes", "population_no_year", "population_2020", "jabar_projection",
                              "jabar_binaan"])
def test_real_files_through_the_cli(fresh_store, capsys, path, extra, code, first):
    assert cli.main(["import", str(path), "--dry-run", *extra]) == code
    out = capsys.readouterr()
    assert out.err.splitlines()[0].startswith(first), out.err
    if code == 1:
        assert out.out == "" and len([ln for ln in out.err.splitlines() if " galat: " in ln]) == 1
    else:
        assert "uji coba: tidak ada yang disimpan" in out.out
    assert fresh_store.versions() == []


def test_bali_layouts_through_the_cli_and_stored(fresh_store, capsys, bali_files):
    satu, bps = bali_files
    assert cli.main(["import", str(satu), "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith(f"{satu.name}\tsatudata\t9 rows\tnew 9")
    assert cli.main(["import", str(bps), "--source", "BPS Provinsi Bali (uji)"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith(f"{bps.name}\tbps\t10 rows") and "stored as v000001" in out.out
    assert [v.name for v in fresh_store.versions()] == ["v000001"]


def test_json_report_on_stdout_with_exit_codes(fresh_store, capsys, bali_files):
    assert cli.main(["import", str(JABAR_PROJECTION), "--json"]) == 1
    out = capsys.readouterr()
    report = json.loads(out.out)
    assert out.err == "" and report["accepted"] is False and report["kind"] == "satudata"
    assert set(report) >= {"accepted", "kind", "rows", "messages"}
    [msg] = report["messages"]
    assert set(msg) >= {"level", "text_id", "text_en", "row", "column"}
    assert msg["text_en"] == "This file is from Jawa Barat (32); this dashboard takes Bali (51) only."
    satu, _ = bali_files
    assert cli.main(["import", str(satu), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["accepted"] and report["version"] == "v000001" and len(report["rows"]) == 9
    assert {r["unit"] for r in report["rows"]} == {"persons"} and {r["year"] for r in report["rows"]} == {2024}


def test_map_reads_a_column_as_a_metric_or_leaves_it_out(fresh_store, capsys):
    assert cli.main(["import", str(POPULATION), "--year", "2020", "--dry-run", "--json",
                     "--map", "Area km2=-"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {r["metric"] for r in report["rows"]} == {"population_total"}
    assert cli.main(["import", str(LAKES), "--map", "Luasnya=nothing", "--json"]) == 1
    [msg] = json.loads(capsys.readouterr().out)["messages"]
    assert msg["code"] == "map_unknown_metric"
    assert cli.main(["import", str(LAKES), "--map", "no equals sign"]) == 1
    assert "--map" in capsys.readouterr().err


def test_a_template_kind_still_works_and_a_refusal_has_no_traceback(fresh_store, tmp_path):
    out = subprocess.run([sys.executable, "-m", "bali_umkm", "import", str(JABAR_BINAAN), "--kind", "umkm",
                          "--lang", "en"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.splitlines()[0].endswith("error: This file is from Jawa Barat (32); this dashboard takes "
                                               "Bali (51) only.")


@pytest.mark.parametrize("lang, words", [("id", "galat: Ini bukan tabel: berkas berjenis .md tidak dapat diimpor."),
                                         ("en", "error: This is not a table: files of type .md cannot be imported.")])
def test_a_file_that_is_no_table_gets_one_refusal(fresh_store, capsys, lang, words):
    code = cli.main(["import", "--dry-run", str(ROOT / "README.md"), "--lang", lang])
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert code == 1 and lines[0].startswith(f"README.md {words}") and "Traceback" not in err
    assert lines[1] in ("1 galat, 0 peringatan.", "1 errors, 0 warnings.") and len(lines) == 2


def test_an_upload_without_a_suffix_is_still_judged_by_its_content(fresh_store):
    from bali_umkm import importer

    checked = importer.check(satudata_bali_csv(), file_name="upload")
    assert checked.ok and not any(i.code == "not_a_table" for i in checked.report.issues)
