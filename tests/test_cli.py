import subprocess
import sys

from conftest import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "bali_umkm", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_check_prints_the_conflicts():
    out = run("check")
    assert out.returncode == 0
    assert "conflicts\t" in out.stdout and "442848" in out.stdout
    assert "parts 439381 vs total 439382" in out.stdout
    assert run("check", "--strict").returncode == 1


def test_catalog_lists_datasets():
    out = run("catalog", "--lang", "en")
    assert out.returncode == 0 and "paper_diskop_2023" in out.stdout and "46 datasets" in out.stderr


def test_unknown_command_is_a_usage_error_not_a_traceback():
    out = run("frobnicate")
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_export_datapackage_writes_a_valid_package(tmp_path):
    from frictionless import validate

    from bali_umkm import catalog

    out = run("export", "--format", "datapackage", "--out", str(tmp_path / "dp"))
    assert out.returncode == 0, out.stderr
    assert "datapackage.json" in out.stdout
    descriptor = tmp_path / "dp" / "datapackage.json"
    with_figures = set(catalog.figures()["dataset"])
    csvs = sorted(p.stem for p in (tmp_path / "dp" / "data").glob("*.csv"))
    assert csvs == sorted([*with_figures, "ref_regency_codes"])
    assert (tmp_path / "dp" / "metadata" / "ms_ind.csv").is_file()
    assert validate(str(descriptor)).valid


def test_export_ckan_with_base_url_and_organisation(tmp_path):
    import json

    out = run("export", "--format", "ckan", "--out", str(tmp_path), "--base-url", "https://data.example/umkm",
              "--owner-org", "diskopukm-bali")
    assert out.returncode == 0, out.stderr
    pkg = json.loads((tmp_path / "ckan" / "umkm-bali-paper-diskop-2023.json").read_text(encoding="utf-8"))
    assert pkg["owner_org"] == "diskopukm-bali"
    assert pkg["resources"][0]["url"] == "https://data.example/umkm/data/paper_diskop_2023.csv"
    assert (tmp_path / "data" / "paper_diskop_2023.csv").is_file()
    from bali_umkm import catalog

    assert len(list((tmp_path / "ckan").glob("*.json"))) == len(catalog.datasets())


def test_export_msind_xlsx(tmp_path):
    out = run("export", "--format", "msind-xlsx", "--out", str(tmp_path))
    assert out.returncode == 0 and (tmp_path / "ms_ind.xlsx").stat().st_size > 10_000


def test_export_errors_are_one_line_with_exit_2(tmp_path):
    (tmp_path / "a_file").write_text("x")
    out = run("export", "--format", "ckan", "--out", str(tmp_path / "a_file"))
    assert out.returncode == 2 and "galat / error" in out.stderr and "Traceback" not in out.stderr
    out = run("export", "--format", "zip", "--out", str(tmp_path))
    assert out.returncode == 2 and "invalid choice" in out.stderr
    out = run("export", "--out", str(tmp_path))
    assert out.returncode == 2 and "--format" in out.stderr
