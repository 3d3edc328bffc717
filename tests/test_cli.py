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
