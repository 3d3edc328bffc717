"""Read a real file into a grid of cells, forgiving the habits of Excel and of its users.

CSV: comma, semicolon, tab or pipe; UTF-8 with or without BOM, or Windows-1252 (what Excel
saves in Indonesia); lines starting with "#" are notes, not data. XLSX (openpyxl): the first
sheet holding data (a "Petunjuk"/notes sheet is skipped), merged cells filled with their
value, cells formatted as a percentage read as percent (0,125 shown as 12,5% -> 12.5), and
formulas read through the value Excel saved. No Streamlit here.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

MAX_BYTES = 50 * 1024 * 1024  # the page's upload limit (.streamlit/config.toml maxUploadSize)
DELIMITERS = (";", ",", "\t", "|")
NOTE_SHEETS = {"petunjuk", "keterangan", "catatan", "notes", "instructions", "readme", "info"}
ENCODINGS = ("utf-8", "cp1252")


class ReadError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Grid:
    rows: list[list[object]]  # cell values: str for CSV, Python values for XLSX
    row_numbers: list[int]  # as the user sees them (1-based line or spreadsheet row)
    info: dict = field(default_factory=dict)  # format, encoding, delimiter, sheet
    formula_cells: set[tuple[int, int]] = field(default_factory=set)  # (grid row, col) with no saved value

    def letter(self, col: int) -> str:
        return get_column_letter(col + 1)


def sniff_format(data: bytes, file_name: str = "") -> str:
    if not data.strip():
        raise ReadError("empty_file")
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError("xls_old")
    if data[:4] == b"PAR1":
        return "parquet"
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise ReadError("unreadable", detail="not a valid XLSX (zip) file")
    return "csv"


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t") or ch == "\ufffd")
    return bad / len(sample) > 0.05


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the lines into the most consistent number of columns (> 1)."""
    sample = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")][:60]
    best, best_score = ",", (-1.0, 0)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        if not counts:
            continue
        widths = [c for c in counts if c > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        share = widths.count(mode) / len(counts)
        score = (share, mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv_text(text: str) -> tuple[list[list[object]], list[int], str]:
    lines = text.splitlines()
    delim = sniff_delimiter(lines[:200])
    rows, numbers = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for row in reader:
            rows.append([c.strip() for c in row])
            numbers.append(reader.line_num)
    except csv.Error as exc:
        raise ReadError("unreadable", detail=str(exc)) from None
    return rows, numbers, delim


def read_csv(data: bytes) -> Grid:
    text, encoding = decode(data)
    if _looks_binary(text):
        raise ReadError("unreadable", detail="binary content")
    rows, numbers, delim = read_csv_text(text)
    if not any(any(c for c in r) for r in rows):
        raise ReadError("empty_file")
    return Grid(rows, numbers, {"format": "csv", "encoding": encoding, "delimiter": delim})


def _sheet_has_data(ws) -> bool:
    return any(v not in (None, "") for row in ws.iter_rows(max_row=50, values_only=True) for v in row)


def read_xlsx(data: bytes, sheet: str | None = None) -> Grid:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ReadError("unreadable", detail=f"XLSX: {type(exc).__name__}") from None
    names = wb.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise ReadError("unreadable", detail=f"no sheet {sheet!r}")
        chosen = sheet
    else:
        data_sheets = [n for n in names if n.strip().lower() not in NOTE_SHEETS and _sheet_has_data(wb[n])]
        if not data_sheets:
            raise ReadError("empty_file")
        chosen = data_sheets[0]
    ws, wf = wb[chosen], formulas[chosen]
    max_row, max_col = ws.max_row, ws.max_column
    rows: list[list[object]] = []
    formula_cells: set[tuple[int, int]] = set()
    for r_idx, (row, frow) in enumerate(zip(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col),
                                            wf.iter_rows(min_row=1, max_row=max_row, max_col=max_col),
                                            strict=True)):
        values = []
        for c_idx, (cell, fcell) in enumerate(zip(row, frow, strict=True)):
            value = cell.value
            if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
                value = value * 100  # 0.125 shown as 12,5% is 12.5 percent
            if value is None and isinstance(fcell.value, str) and fcell.value.startswith("="):
                formula_cells.add((r_idx, c_idx))
            if isinstance(value, str):
                value = value.strip()
            values.append(value)
        rows.append(values)
    # merged cells: every cell of the range gets the top-left value (headers spanning columns/rows)
    for rng in ws.merged_cells.ranges:
        top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else None
        for r in range(rng.min_row - 1, min(rng.max_row, len(rows))):
            for c in range(rng.min_col - 1, min(rng.max_col, max_col)):
                rows[r][c] = top
    if not any(any(v not in (None, "") for v in r) for r in rows):
        raise ReadError("empty_file")
    return Grid(rows, list(range(1, len(rows) + 1)),
                {"format": "xlsx", "sheet": chosen, "sheets": names}, formula_cells)


def read(data: bytes, file_name: str = "") -> Grid:
    """Any supported file -> Grid; raises ReadError(code) for an empty or unreadable file."""
    if len(data) > MAX_BYTES:
        raise ReadError("too_large", size=round(len(data) / 2**20, 1), limit=MAX_BYTES // 2**20)
    fmt = sniff_format(data, file_name)
    if fmt == "xlsx":
        return read_xlsx(data)
    if fmt == "parquet":
        raise ReadError("unreadable", detail="Parquet is read only for registries")
    return read_csv(data)
