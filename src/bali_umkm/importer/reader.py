"""Read a real file into a grid of cells, forgiving the habits of Excel and of its users, and
bounded so that no file can take the server's memory or time.

CSV: comma, semicolon, tab or pipe; UTF-8 with or without BOM, or Windows-1252 (what Excel
saves in Indonesia); lines starting with "#" are notes, not data. XLSX (openpyxl, read-only and
streamed): the first sheet holding data (a "Petunjuk"/notes sheet is skipped), merged cells filled
with their value, cells formatted as a percentage read as percent (0,125 shown as 12,5% -> 12.5),
and formulas read through the value Excel saved.

Bounds, each refused with its own message before the work it would cost (see docs/import.md):
the upload size (MAX_BYTES), an XLSX's entry count and uncompressed size read from the ZIP
directory before anything is parsed (a ZIP entry never yields more than its declared size, so
the declared sizes bound the work), rows (MAX_ROWS), columns (MAX_COLS), the length of one cell
(MAX_CELL_CHARS, Excel's own limit) and the cells merged ranges may fill (MAX_MERGED_CELLS).
Nothing here raises anything but ReadError. No Streamlit here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

MAX_BYTES = 50 * 1024 * 1024  # the page's upload limit (.streamlit/config.toml maxUploadSize)
MAX_ROWS = 20_000  # a table of regency figures has hundreds of rows (a registry is streamed, uncapped)
MAX_COLS = 256  # Excel 2003's width; BPS tables use a few dozen at most
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_MERGED_CELLS = 1_000_000  # cells that merged ranges may fill in all
XLSX_MAX_ENTRIES = 500  # parts inside the ZIP (a workbook has a few dozen)
XLSX_MAX_UNCOMPRESSED = 64 * 1024 * 1024  # a table's workbook, all parts together, unpacked
REGISTRY_XLSX_MAX_UNCOMPRESSED = 512 * 1024 * 1024  # a registry's sheet is streamed row by row
XLSX_MAX_PART = 64 * 1024 * 1024  # any part openpyxl holds whole in memory (shared strings, styles)
DELIMITERS = (";", ",", "\t", "|")
NOTE_SHEETS = {"petunjuk", "keterangan", "catatan", "notes", "instructions", "readme", "info"}
ENCODINGS = ("utf-8", "cp1252")
MB = 1024 * 1024

# csv's own guard (131,072 characters) raised "field larger than field limit" past it; cells are
# measured here against MAX_CELL_CHARS instead, with a message naming the row and column.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES + 1))


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


# The file types the importer reads (.xls is recognised only to say it must be saved again).
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".parquet")


def check_file_type(file_name: str) -> None:
    """Refuse a file whose name says it is no table (README.md, a PDF, a picture) before reading it;
    a name without a suffix (an upload) is judged by its content."""
    suffix = Path(file_name).suffix.lower()
    if suffix and suffix not in TABLE_SUFFIXES:
        raise ReadError("not_a_table", suffix=suffix)


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
        return data.decode("utf-16", errors="replace"), "utf-16"
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
        try:
            counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        except csv.Error:
            continue
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


def _check_cell(value: str, row: int, col: int) -> None:
    if len(value) > MAX_CELL_CHARS:
        raise ReadError("cell_too_long", row=row, column=get_column_letter(col + 1), count=len(value),
                        limit=MAX_CELL_CHARS)


def read_csv_text(text: str, max_rows: int | None = MAX_ROWS) -> tuple[list[list[object]], list[int], str]:
    lines = text.splitlines()
    delim = sniff_delimiter(lines[:200])
    rows, numbers = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for row in reader:
            if len(row) > MAX_COLS and any(c.strip() for c in row[MAX_COLS:]):
                raise ReadError("too_many_columns", row=reader.line_num, count=len(row), limit=MAX_COLS)
            row = row[:MAX_COLS]
            for c, cell in enumerate(row):
                _check_cell(cell, reader.line_num, c)
            rows.append([c.strip() for c in row])
            numbers.append(reader.line_num)
            if max_rows is not None and len(rows) > max_rows + HEADER_ALLOWANCE:
                raise ReadError("too_many_rows", limit=max_rows)
    except csv.Error as exc:
        raise ReadError("unreadable", detail=str(exc)) from None
    return rows, numbers, delim


HEADER_ALLOWANCE = 100  # title, header and note rows on top of MAX_ROWS data rows


def read_csv(data: bytes) -> Grid:
    text, encoding = decode(data)
    if _looks_binary(text):
        raise ReadError("unreadable", detail="binary content")
    rows, numbers, delim = read_csv_text(text)
    if not any(any(c for c in r) for r in rows):
        raise ReadError("empty_file")
    return Grid(rows, numbers, {"format": "csv", "encoding": encoding, "delimiter": delim})


# ---- XLSX ------------------------------------------------------------------------------------

def inspect_xlsx(source: bytes | Path, max_total: int = XLSX_MAX_UNCOMPRESSED,
                 max_part: int = XLSX_MAX_PART) -> dict:
    """The ZIP directory of a workbook, checked before any XML is parsed: entry count, the
    uncompressed size of all parts, and of each part that is not a worksheet (those are held
    whole in memory). Returns {"entries", "uncompressed"}; raises ReadError past a cap."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source) as z:
            infos = z.infolist()
    except Exception as exc:  # a broken ZIP raises many kinds (BadZipFile, ValueError, OSError...)
        raise ReadError("unreadable", detail=f"XLSX/ZIP: {type(exc).__name__}") from None
    if len(infos) > XLSX_MAX_ENTRIES:
        raise ReadError("xlsx_too_many_entries", count=len(infos), limit=XLSX_MAX_ENTRIES)
    total = sum(max(i.file_size, 0) for i in infos)
    if total > max_total:
        raise ReadError("xlsx_too_big", size=round(total / MB, 1), limit=max_total // MB)
    for info in infos:
        if info.file_size > max_part and not re.match(r"xl/worksheets/[^/]+\.xml$", info.filename):
            raise ReadError("xlsx_too_big", size=round(info.file_size / MB, 1), limit=max_part // MB)
    return {"entries": len(infos), "uncompressed": total}


@dataclass
class Book:
    """A workbook opened for streaming: openpyxl's Workbook for styles, epoch and date formats,
    with no worksheet objects (openpyxl's read-only sheets parse a whole sheet on opening when
    it has no <dimension>); the sheets as (name, path inside the ZIP)."""
    wb: object
    sheets: list[tuple[str, str]]
    shared_strings: list

    @property
    def names(self) -> list[str]:
        return [n for n, _ in self.sheets]

    def path(self, name: str) -> str:
        return dict(self.sheets)[name]

    def open(self, name: str):
        return self.wb._archive.open(self.path(name))

    def close(self) -> None:
        self.wb._archive.close()


def open_workbook(source: bytes | Path) -> Book:
    """The parts of a workbook openpyxl reads (manifest, shared strings, workbook, styles), but
    no sheet yet; any failure -> ReadError. Uses openpyxl's ExcelReader steps (3.1, pinned)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = None
    try:
        reader = ExcelReader(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source,
                             read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        reader.read_theme()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [(str(sheet.name), rel.target) for sheet, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in (rel.Type or "")]
    except Exception as exc:  # openpyxl raises many kinds for a broken or hostile file
        if reader is not None:
            reader.archive.close()
        raise ReadError("unreadable", detail=f"XLSX: {type(exc).__name__}") from None
    return Book(reader.wb, sheets, reader.shared_strings)


class _Sheet:
    """What openpyxl's ReadOnlyCell needs to find a cell's number format."""

    def __init__(self, wb):
        self.parent = wb


def _number_format(sheet: _Sheet, style_id) -> str:
    from openpyxl.cell.read_only import ReadOnlyCell

    try:
        return ReadOnlyCell(sheet, 1, 1, 0, "n", int(style_id or 0)).number_format or "General"
    except (IndexError, AttributeError, TypeError, ValueError, KeyError):
        return "General"


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?row[\s>/]")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?f[\s>/]")


def scan_sheet(book: Book, name: str, max_rows: int | None = MAX_ROWS) -> bool:
    """One pass over a sheet's raw XML, at the speed of unzipping: refuse it when it holds more
    rows than a table may (before any cell is parsed). Returns whether it holds formulas."""
    rows, formulas, tail = 0, False, b""
    try:
        with book.open(name) as src:
            for block in iter(lambda: src.read(1 << 20), b""):
                data = tail + block
                # a tag cut by the block boundary is counted once: by the block it ends in
                rows += sum(1 for m in _ROW_TAG.finditer(data) if m.end() > len(tail))
                formulas = formulas or bool(_FORMULA_TAG.search(data))
                tail = data[-64:]
                if max_rows is not None and rows > max_rows + HEADER_ALLOWANCE:
                    raise ReadError("too_many_rows", limit=max_rows)
    except ReadError:
        raise
    except Exception as exc:  # a damaged ZIP entry (bad CRC, truncated stream...)
        raise ReadError("unreadable", detail=f"XLSX: {type(exc).__name__}") from None
    return formulas


def stream_sheet(book: Book, name: str, *, max_rows: int | None = MAX_ROWS, head: int | None = None):
    """Rows of a sheet as (spreadsheet row number, [values], {col} formula cells without a saved
    value), never building more than one row and never a row wider than the cells it holds
    (openpyxl's own iter_rows pads every row to the widest column a file claims). Last comes
    (None, [merged ranges], set()). `head`: stop after that many rows. Raises ReadError past a cap."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        """The saved value of each cell (data_only) and whether a formula had none."""

        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["formula"] = True
            return cell

    wb = book.wb
    sheet = _Sheet(wb)
    try:
        src = book.open(name)
    except Exception as exc:
        raise ReadError("unreadable", detail=f"XLSX: {type(exc).__name__}") from None
    try:
        parser = Parser(src, book.shared_strings, data_only=True, epoch=wb.epoch, date_formats=wb._date_formats,
                        timedelta_formats=wb._timedelta_formats)
        seen = 0
        formats: dict[object, bool] = {}  # style id -> is a percent format
        for number, cells in parser.parse():
            if max_rows is not None and number > max_rows + HEADER_ALLOWANCE:
                raise ReadError("too_many_rows", limit=max_rows)
            values: list[object] = []
            formulas: set[int] = set()
            for cell in cells:
                col = cell["column"] - 1
                value = cell["value"]
                if col >= MAX_COLS:
                    if value not in (None, ""):
                        raise ReadError("too_many_columns", row=number, count=col + 1, limit=MAX_COLS)
                    continue
                if col < 0:
                    continue
                if isinstance(value, str):
                    _check_cell(value, number, col)
                    value = value.strip()
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    style = cell.get("style_id")
                    if style not in formats:
                        formats[style] = "%" in _number_format(sheet, style)
                    if formats[style]:
                        value = value * 100  # 0.125 shown as 12,5% is 12.5 percent
                elif value is not None and not hasattr(value, "isoformat"):
                    value = str(value)  # rich text, error values: as text
                if cell.get("formula"):
                    formulas.add(col)
                if col >= len(values):
                    values.extend([None] * (col + 1 - len(values)))
                values[col] = value
            while values and values[-1] in (None, ""):
                values.pop()
            yield number, values, formulas
            seen += 1
            if head is not None and seen >= head:
                return
        merged = parser.merged_cells
        yield None, [str(m.ref) for m in merged.mergeCell] if merged is not None else [], set()
    except ReadError:
        raise
    except Exception as exc:  # hostile XML: expat, openpyxl's own parsers
        raise ReadError("unreadable", detail=f"XLSX: {type(exc).__name__}") from None
    finally:
        src.close()


def _sheet_has_data(book: Book, name: str) -> bool:
    return any(any(v not in (None, "") for v in values)
               for number, values, _ in stream_sheet(book, name, head=50) if number is not None)


def _fill_merged(rows: list[list[object]], refs: list[str], width: int) -> None:
    """Every cell of a merged range gets the top-left value (headers spanning columns or rows)."""
    from openpyxl.utils.cell import range_boundaries

    budget = MAX_MERGED_CELLS
    for ref in refs:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if None in (min_col, min_row, max_col, max_row) or min_row - 1 >= len(rows):
            continue
        r_hi, c_hi = min(max_row, len(rows)), min(max_col, width)
        budget -= max(0, r_hi - min_row + 1) * max(0, c_hi - min_col + 1)
        if budget < 0:
            raise ReadError("too_many_merged", limit=MAX_MERGED_CELLS)
        top_row = rows[min_row - 1]
        top = top_row[min_col - 1] if min_col - 1 < len(top_row) else None
        for r in range(min_row - 1, r_hi):
            for c in range(min_col - 1, c_hi):
                rows[r][c] = top


def read_xlsx(data: bytes, sheet: str | None = None, max_rows: int | None = MAX_ROWS) -> Grid:
    info = inspect_xlsx(data)
    book = open_workbook(data)
    try:
        names = book.names
        if sheet is not None:
            if sheet not in names:
                raise ReadError("unreadable", detail=f"no sheet {sheet!r}")
            chosen = sheet
        else:
            data_sheets = [n for n in names if n.strip().lower() not in NOTE_SHEETS and _sheet_has_data(book, n)]
            if not data_sheets:
                raise ReadError("empty_file")
            chosen = data_sheets[0]
        scan_sheet(book, chosen, max_rows)
        rows: list[list[object]] = []
        formula_cells: set[tuple[int, int]] = set()
        merged: list[str] = []
        for number, values, formulas in stream_sheet(book, chosen, max_rows=max_rows):
            if number is None:
                merged = values
                continue
            while len(rows) < number - 1:
                rows.append([])  # rows the file leaves out
            if len(rows) >= number:
                continue  # a row number repeated out of order: keep the first
            rows.append(values)
            formula_cells |= {(number - 1, c) for c in formulas}
    finally:
        book.close()
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([None] * (width - len(r)))
    _fill_merged(rows, merged, width)
    if not any(any(v not in (None, "") for v in r) for r in rows):
        raise ReadError("empty_file")
    return Grid(rows, list(range(1, len(rows) + 1)),
                {"format": "xlsx", "sheet": chosen, "sheets": names, "xlsx_parts": info["entries"],
                 "xlsx_uncompressed": info["uncompressed"]}, formula_cells)


def read(data: bytes, file_name: str = "") -> Grid:
    """Any supported file -> Grid; raises ReadError(code) for an empty, unreadable or too big file."""
    if len(data) > MAX_BYTES:
        raise ReadError("too_large", size=round(len(data) / MB, 1), limit=MAX_BYTES // MB)
    fmt = sniff_format(data, file_name)
    if fmt == "xlsx":
        return read_xlsx(data)
    if fmt == "parquet":
        raise ReadError("unreadable", detail="Parquet is read only for registries")
    return read_csv(data)
