"""Bounded reading: a ZIP bomb, a sheet of 100,000 rows, a row claiming 16,384 columns, merged
cells covering a sheet, a 1 MB cell; each refused with its own message, before the work it would
cost. And a fuzz of the reader: whatever the bytes, `check` returns a report and never raises.
(Time and memory are measured in bench/bench_import_bounds.py, not asserted here.)"""

import io
import os
import sys
import zipfile

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importer_files import csv_bytes, xlsx

from bali_umkm.importer import KINDS, check, reader

sys.path.insert(0, str(ROOT / "bench"))
import synth_xlsx

REAL_XLSX = (ROOT / "tests" / "real_tables" / "Delvinurropiqsitepu__TUGASUAS_Sistem-Informasi-Geografis" /
             "Luas Daerah dan Jumlah Pulau Menurut Kabupaten_Kota di Provinsi Bali, 2023.xlsx").read_bytes()
# per strategy (four strategies), the same examples every run; BALI_UMKM_FUZZ_EXAMPLES=N explores
# N new random examples each instead (run so before a release)
FUZZ_EXAMPLES = int(os.environ.get("BALI_UMKM_FUZZ_EXAMPLES", "150"))
FUZZ_FIXED = "BALI_UMKM_FUZZ_EXAMPLES" not in os.environ


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return synth_xlsx.bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", 600)


def test_the_bomb_really_unpacks_to_600_mb(bomb):
    assert bomb.stat().st_size < 3 * 2**20
    with zipfile.ZipFile(bomb) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size >= 600 * 2**20
        with z.open(info) as fh:  # the declared size is the true size: a real bomb, not a lie
            fh.seek(info.file_size - 200)
            assert fh.read().endswith(b"</sheetData></worksheet>")


@pytest.mark.parametrize("kind", ["auto", "umkm", "registry"])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(bomb, kind):
    checked = check(bomb, kind, year=2024)
    assert checked.report.codes() == ["xlsx_too_big"], checked.report.text("en")
    err = checked.report.errors[0]
    assert err.params["size"] >= 600 and err.params["limit"] < 600 and " MB" in err.message("en")
    assert check(bomb.read_bytes(), kind, "b.xlsx", year=2024).report.codes() == ["xlsx_too_big"]  # as uploaded


def test_a_table_workbook_has_a_smaller_cap_than_a_registry(tmp_path):
    mid = synth_xlsx.bomb(tmp_path / "mid.xlsx", 100)  # 100 MB: too big for a table, not for a registry
    assert check(mid, "umkm").report.codes() == ["xlsx_too_big"]
    assert check(mid).report.codes() == ["xlsx_too_big"]  # auto: a table, once no NIB/KBLI column shows


def test_a_sheet_of_100000_rows_is_refused_by_counting_rows_not_parsing_them(tmp_path):
    path = synth_xlsx.long_sheet(tmp_path / "long.xlsx", 100_000)
    assert path.stat().st_size < 2 * 2**20
    checked = check(path)
    assert checked.report.codes() == ["too_many_rows"]
    assert f"{reader.MAX_ROWS:,}" in checked.report.errors[0].message("en")
    csv_long = csv_bytes(["Kabupaten/Kota,Tahun,Jumlah UMKM"] + ["Badung,2024,5"] * (reader.MAX_ROWS + 200))
    assert check(csv_long, file_name="long.csv").report.codes() == ["too_many_rows"]


def test_a_row_claiming_16384_columns_is_refused_without_padding(tmp_path):
    checked = check(synth_xlsx.wide_claims(tmp_path / "wide.xlsx"))
    [err] = checked.report.errors
    assert err.code == "too_many_columns" and err.row == 2 and "16,384" in err.message("en")


def with_merges(data: bytes, refs: list[str]) -> bytes:
    """A workbook with <mergeCell> elements added to its sheet as written (openpyxl would blank
    the merged cells if asked to merge them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                merges = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
                body = body.replace(b"</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{merges}'
                                                     f"</mergeCells>".encode())
            dst.writestr(item, body)
    return out.getvalue()


def test_merged_cells_covering_a_sheet_again_and_again_are_refused():
    rows = [["Kabupaten/Kota", "Tahun", "Jumlah UMKM"]] + [["Badung", 2024, i] for i in range(5000)]
    fine = with_merges(xlsx(rows), ["A1:C1"])
    assert "too_many_merged" not in check(fine, file_name="m.xlsx").report.codes()
    hostile = with_merges(xlsx(rows), ["A2:C5001"] * 100)  # 100 × 15,000 cells to fill
    assert check(hostile, file_name="m.xlsx").report.codes() == ["too_many_merged"]


def test_a_workbook_of_too_many_parts_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(reader.XLSX_MAX_ENTRIES + 1):
            z.writestr(f"xl/part{i}.xml", b"<x/>")
    assert check(buf.getvalue(), file_name="p.xlsx").report.codes() == ["xlsx_too_many_entries"]


@pytest.mark.parametrize("kind", ["auto", "umkm", "tidy"])
def test_a_1_mb_csv_cell_gets_a_clear_message_not_an_unexpected_error(kind):
    data = csv_bytes(["Kabupaten/Kota,Tahun,Jumlah UMKM", "Badung,2024," + "9" * (1 << 20)])
    checked = check(data, kind, "big.csv", year=2024)
    [err] = checked.report.errors
    assert err.code == "cell_too_long" and err.row == 2 and err.column == "C"
    assert "1.048.576" in err.message("id") and "32.767" in err.message("id")


def test_a_registry_with_a_1_mb_cell_names_it_in_a_clipped_line():
    data = csv_bytes(["kabupaten_kota,skala,kbli,nib", "Badung,mikro,47111," + "9" * (1 << 20),
                      "Bangli," + "m" * (1 << 20) + ",47111,1234567890123"])
    checked = check(data, "registry", "r.csv", year=2024)
    [err] = checked.report.errors
    assert err.code == "unknown_category" and err.row == 3 and len(err.message("en")) < 300
    assert "bad_nib" in checked.report.codes("warning")


def test_the_cli_says_so_too(tmp_path):
    import subprocess

    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes(["Kabupaten/Kota,Tahun,Jumlah UMKM", "Badung,2024," + "9" * (1 << 20)]))
    out = subprocess.run([sys.executable, "-m", "bali_umkm", "import", str(path), "--dry-run", "--lang", "en"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 1
    assert "characters; the limit is 32,767" in out.stderr and "unexpected" not in out.stderr


# ---- fuzz: whatever the file, a report ---------------------------------------------------------

def _must_not_raise(data: bytes, kind: str, name: str) -> None:
    checked = check(data, kind, name, year=2024)
    assert checked.report is not None
    checked.report.text("id")
    checked.report.text("en")
    if checked.ok:
        assert not checked.rows.empty


FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=FUZZ_FIXED, database=None)
CELLS = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
                  st.text(max_size=30), st.sampled_from(["Badung", "Kota Denpasar", "5103", "Jumlah", "Bali",
                                                         "KABUPATEN BANDUNG", "3204", "Tahun", "2023", "1.234,5",
                                                         "Sumber: x", "Jumlah Penduduk (Ribu)", "=1+1", "-", "NaN"]))


@FUZZ
@given(data=st.binary(max_size=4096), kind=st.sampled_from(KINDS))
def test_fuzz_any_bytes(data, kind):
    _must_not_raise(data, kind, "f.csv")


@FUZZ
@given(lines=st.lists(st.lists(st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                                         st.sampled_from(["Kabupaten/Kota", "kode_provinsi", "51", "32", "5101",
                                                          "3201", "tahun", "satuan", "UNIT", "jumlah_umkm",
                                                          "Luas Wilayah (Km2)", "1.364,73", "468.346", '"',
                                                          "Catatan", "Karang Asem", "nib", "indikator", "nilai"])),
                                         max_size=8), max_size=25),
       sep=st.sampled_from([",", ";", "\t", "|"]), kind=st.sampled_from(KINDS))
def test_fuzz_csv_like_text(lines, sep, kind):
    _must_not_raise("\n".join(sep.join(cells) for cells in lines).encode("utf-8", "surrogatepass"), kind, "f.csv")


@FUZZ
@given(flips=st.lists(st.tuples(st.integers(0, len(REAL_XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=12),
       cut=st.integers(0, len(REAL_XLSX)))
def test_fuzz_damaged_workbooks(flips, cut):
    data = bytearray(REAL_XLSX)
    for pos, byte in flips:
        data[pos] = byte
    _must_not_raise(bytes(data[:max(cut, 4)]), "auto", "f.xlsx")


@FUZZ
@given(grid=st.lists(st.lists(CELLS, max_size=7), max_size=14), kind=st.sampled_from(KINDS))
def test_fuzz_workbooks_of_any_cells(grid, kind):
    rows = [[c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable()) for c in r] for r in grid]
    try:
        data = xlsx(rows)
    except Exception:  # openpyxl refuses to write some values; not the reader's business
        return
    _must_not_raise(data, kind, "f.xlsx")
