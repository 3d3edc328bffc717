"""SYNTHETIC hostile workbooks for benchmarks and tests: nothing real is in them.

- `bomb(path, expand_mb)`: a small XLSX whose one sheet unpacks to `expand_mb` MB of rows (a
  "ZIP bomb"). The deflate stream is written by hand: one compressed block of 1 MiB of rows,
  made with a full flush so it stands alone, repeated; so a 600 MB bomb takes a second to make,
  not the minute real compression would. The CRC and sizes are true, so any ZIP reader that
  unpacks it really gets `expand_mb` MB.
- `long_sheet(path, rows)`: an ordinary-looking workbook with `rows` rows of a regency table,
  written straight as XML (a few hundred KB for 100,000 rows).
- `wide_claims(path)`: a tiny sheet whose <dimension> claims A1:XFD1048576 and whose one row has
  a cell in column XFD (openpyxl's own iter_rows pads every row to that width).
Used only by bench/ and tests/.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 b'spreadsheetml.sheet.main+xml"/>'
                 b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"
NAMES = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]


def _row(r: int, period: bool = False) -> bytes:
    name = NAMES[r % 9]
    extra = f'<c r="D{r}" t="inlineStr"><is><t>pekan {r // 9}</t></is></c>' if period else ""
    return (f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{name}</t></is></c><c r="B{r}"><v>2024</v></c>'
            f'<c r="C{r}"><v>{1000 + r % 97}</v></c>{extra}</row>').encode()


def _header(period: bool = False) -> bytes:
    return (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Kabupaten/Kota</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>Tahun</t></is></c>'
            b'<c r="C1" t="inlineStr"><is><t>Jumlah UMKM</t></is></c>'
            + (b'<c r="D1" t="inlineStr"><is><t>Periode</t></is></c>' if period else b"") + b"</row>")


def _small_parts(z: zipfile.ZipFile) -> None:
    z.writestr("[Content_Types].xml", CONTENT_TYPES)
    z.writestr("_rels/.rels", RELS)
    z.writestr("xl/workbook.xml", WORKBOOK)
    z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)


def bomb(path: Path, expand_mb: int = 600) -> Path:
    """A workbook whose sheet unpacks to `expand_mb` MiB (the other parts: a few hundred bytes)."""
    row = _row(2)
    chunk = row * ((1 << 20) // len(row))
    n = max(1, -(-(expand_mb << 20) // len(chunk)))  # rounded up: at least expand_mb MiB
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(SHEET_HEAD + _header()) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.compress(SHEET_TAIL) + comp.flush()
    crc = zlib.crc32(SHEET_HEAD + _header())
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(SHEET_TAIL, crc) & 0xFFFFFFFF
    size = len(SHEET_HEAD) + len(_header()) + n * len(chunk) + len(SHEET_TAIL)
    csize = len(head) + n * len(block) + len(tail)
    name = b"xl/worksheets/sheet1.xml"
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        _small_parts(z)
    # append the sheet by hand: local header, data, then a new central directory
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    raw = path.read_bytes()
    cd_start = struct.unpack("<I", raw[-6:-2])[0]
    body, central = raw[:cd_start], raw[cd_start:raw.rfind(b"PK\x05\x06")]
    offset = len(body)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, csize, size, len(name), 0) + name
    entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, csize, size, len(name),
                        0, 0, 0, 0, 0, offset) + name
    with open(path, "wb") as fh:
        fh.write(body)
        fh.write(local)
        fh.write(head)
        for _ in range(n):
            fh.write(block)
        fh.write(tail)
        cd_offset = fh.tell()
        fh.write(central)
        fh.write(entry)
        cd_size = fh.tell() - cd_offset
        fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(infos) + 1, len(infos) + 1, cd_size, cd_offset, 0))
    return path


def long_sheet(path: Path, rows: int = 100_000, period: bool = False) -> Path:
    """A regency table of `rows` rows, as a real workbook (compressed: a few hundred KB). With
    `period`, a "Periode" column makes every row a figure of its own (else rows repeat)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        _small_parts(z)
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(SHEET_HEAD + _header(period))
            for r in range(2, rows + 2):
                fh.write(_row(r, period))
            fh.write(SHEET_TAIL)
    return Path(path)


def wide_claims(path: Path) -> Path:
    """A sheet claiming A1:XFD1048576, with a header and one row whose last cell is in XFD."""
    sheet = (SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>') + _header()
             + b'<row r="2"><c r="A2" t="inlineStr"><is><t>Badung</t></is></c><c r="B2"><v>2024</v></c>'
             b'<c r="C2"><v>5</v></c><c r="XFD2"><v>1</v></c></row>' + SHEET_TAIL)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        _small_parts(z)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return Path(path)
