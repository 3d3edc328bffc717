import subprocess
import sys

import pytest
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


# ---- the import store's commands ------------------------------------------------------------

def run_store(store_dir, *args, stdin=None):
    import os

    env = {**os.environ, "BALI_UMKM_STORE": str(store_dir)}
    return subprocess.run([sys.executable, "-m", "bali_umkm", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env, input=stdin)


def test_templates_import_versions_diff_rollback(tmp_path):
    from importer_files import csv_bytes, kur_csv

    out = run_store(tmp_path / "s", "templates", "--out", str(tmp_path / "tpl"))
    assert out.returncode == 0
    assert sorted(p.name for p in (tmp_path / "tpl").iterdir()) == sorted(
        f"{k}.{s}" for k in ("umkm", "kur", "ecommerce", "tidy", "registry") for s in ("csv", "xlsx"))
    # an unfilled template is rejected with the report on stderr
    out = run_store(tmp_path / "s", "import", str(tmp_path / "tpl" / "kur.xlsx"), "--kind", "kur")
    assert out.returncode == 1 and "no_values" not in out.stderr and "Tidak ada angka" in out.stderr
    kur = tmp_path / "kur.csv"
    kur.write_bytes(csv_bytes(kur_csv()))
    out = run_store(tmp_path / "s", "import", str(kur), "--kind", "kur", "--dry-run")
    assert out.returncode == 0 and "new 18" in out.stdout and "nothing stored" in out.stdout
    assert not (tmp_path / "s" / "versions").exists()
    out = run_store(tmp_path / "s", "import", str(kur), "--kind", "kur", "--uploader", "ani", "--source", "OJK")
    assert out.returncode == 0 and "v000001" in out.stdout
    kur.write_bytes(csv_bytes([line.replace("223.500", "223.600") for line in kur_csv()]))
    assert run_store(tmp_path / "s", "import", str(kur), "--kind", "kur", "--source", "OJK").returncode == 0
    out = run_store(tmp_path / "s", "diff", "v000001", "v000002")
    assert out.stdout.count("changed\t") == 1 and "223500000000.0\t223600000000.0" in out.stdout
    out = run_store(tmp_path / "s", "rollback", "1")
    assert out.returncode == 0 and "v000003" in out.stdout
    out = run_store(tmp_path / "s", "versions")
    assert out.stdout.splitlines()[-1].startswith("*v000003") and "rollback to v000001" in out.stdout
    assert "ani" in out.stdout


@pytest.mark.parametrize("args, words", [
    (["import", "/nonexistent.csv", "--kind", "umkm"], "no such file"),
    (["import", "{bad}", "--kind", "umkm", "--lang", "en"], "Unknown regency"),
    (["import", "{bad}", "--kind", "kur", "--lang", "en"], "not 'kur'"),
])
def test_rejected_import_exits_1_with_the_report_and_no_traceback(tmp_path, args, words):
    bad = tmp_path / "bad.csv"
    bad.write_text("kabupaten_kota,tahun,jumlah_umkm\nAtlantis,2024,5\n", encoding="utf-8")
    out = run_store(tmp_path / "s", *[a.replace("{bad}", str(bad)) for a in args])
    assert out.returncode == 1 and words in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_hash_password_makes_a_verifiable_salted_hash(tmp_path):
    from bali_umkm import auth

    out = run_store(tmp_path, "hash-password", "--stdin", stdin="a long enough secret\n")
    assert out.returncode == 0 and "[import]" in out.stdout
    stored = out.stdout.split('password_hash = "')[1].split('"')[0]
    assert auth.verify_password("a long enough secret", stored) and not auth.verify_password("wrong", stored)
    again = run_store(tmp_path, "hash-password", "--stdin", stdin="a long enough secret\n")
    assert again.stdout != out.stdout  # salted
    assert run_store(tmp_path, "hash-password", "--stdin", stdin="short\n").returncode == 1


# ---- the briefing deck ------------------------------------------------------------------------
# One deck is built through `python -m bali_umkm` (a new process: the command as staff type it); the
# others call cli.main in this process, which re-uses the chart images other tests drew.

def test_briefing_writes_a_pptx_with_a_regency(tmp_path, capsys):
    from pptx import Presentation

    from bali_umkm import cli

    assert cli.main(["briefing", "--out", str(tmp_path / "deck.pptx"), "--regency", "5107", "--lang", "id"]) == 0
    stdout = capsys.readouterr().out
    prs = Presentation(str(tmp_path / "deck.pptx"))
    titles = [s.shapes.title.text for s in prs.slides]
    assert f"{len(titles)} slides" in stdout and "Profil Karangasem" in titles
    assert stdout.splitlines()[1:] == [f"{i}\t{title}" for i, title in enumerate(titles, start=1)]


def test_briefing_writes_an_english_pdf_by_barrier(tmp_path):
    from pypdf import PdfReader

    out = run("briefing", "--out", str(tmp_path / "deck.pdf"), "--lang", "en", "--barrier", "kur_agunan",
              "--metric", "population_total", "--derived", "per_km2")
    assert out.returncode == 0, out.stderr
    reader = PdfReader(str(tmp_path / "deck.pdf"))
    assert f"{len(reader.pages)} slides" in out.stdout and len(reader.pages) >= 8
    text = "\n".join(p.extract_text() for p in reader.pages)
    from bali_umkm import interventions as iv

    assert f"Barrier: KUR · {iv.barrier_label('kur_agunan', 'en')}" in text   # "Demands for (extra) collateral"
    assert "Map: Population" in text
    # English throughout: numbers, currency, the footers' word for source
    assert "MSMEs in Bali, a briefing" in text and "Source:" in text and "Sumber:" not in text
    assert "439,382" in text and "IDR 4.72 trillion" in text


def test_briefing_bad_regency_exits_2_with_one_line(tmp_path):
    out = run("briefing", "--out", str(tmp_path / "deck.pptx"), "--regency", "9999")
    assert out.returncode == 2
    assert "kode kabupaten/kota tidak dikenal: 9999" in out.stderr and "unknown regency code: 9999" in out.stderr
    assert "galat / error" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "deck.pptx").exists()


@pytest.mark.parametrize("args, words", [   # every refusal's words: tests/test_briefing.py
    (["--metric", "nope"], ["indikator tidak dikenal: nope", "unknown indicator: nope"]),
    (["--lang", "fr"], ["bahasa tidak dikenal: fr", "unknown language: fr"]),
    (["--out", "deck.docx"], ["pakai .pptx atau .pdf", "use .pptx or .pdf"]),
])
def test_briefing_bad_arguments_exit_2_in_both_languages(tmp_path, capsys, args, words):
    from bali_umkm import cli

    argv = ["briefing", "--out", str(tmp_path / "deck.pptx"), *args]
    if args[0] == "--out":
        argv = ["briefing", "--out", str(tmp_path / args[1])]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words) and err.startswith("galat / error: ")
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("value, text", [(4375262.0, "4375262"), (4433300, "4433300"), (3009.38, "3009.38"),
                                         (1234567.891, "1234567.891"), (1e16, "10000000000000000"), (0.5, "0.5")])
def test_sum_checks_and_conflicts_print_every_digit(value, text):
    from bali_umkm import cli

    assert cli._exact(value) == text
