"""Business registries: one row per business -> regency indicators, in bounded memory.

Columns (any common spelling, found like a table's header): regency (name or code), scale
(mikro/kecil/menengah), KBLI code or sector, e-commerce yes/no, KUR recipient yes/no, optional
NIB and year. The file is streamed in blocks by pyarrow's CSV reader (or read by row groups
from Parquet, or row by row from XLSX); each block is reduced at once to counts per distinct
combination of the raw cells, so memory holds only those counts (a few thousand rows) plus, when
there is a NIB column, 8 bytes per business to count duplicate NIBs. The distinct raw values are
then normalised (regency names, scale words, KBLI codes, yes/no) and every value that is not
understood is reported with how many rows have it and the first row.

Output: umkm_total (total, by scale, by sector, by scale and sector), ecommerce_businesses,
ecommerce_share (status=ecommerce / bukan_ecommerce, of businesses whose flag is filled in) and
kur_debtors, for each regency and for the province (their sum). Raw records are not kept
unless the caller passes `raw_path` (personal data: the admin must opt in). No Streamlit here.

Why one module of about 560 lines: the chunked reading, the reduction to counts and the checks
share one pass over a file that may hold millions of rows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .. import catalog
from ..i18n import fmt_number, fmt_percent
from . import regions, vocab
from .reader import ReadError, decode, read_csv_text
from .report import ERROR, INFO, WARNING, Report
from .tables import HEADER_SCAN, _cell_text, _is_comment, classify, hnorm

CHUNK = 8 << 20  # bytes of whole lines parsed at a time
COMBINE_AT = 200_000  # re-aggregate the partial counts when they grow past this many rows
ROLES = ("regency", "code", "scale", "sector", "ecommerce", "kur", "nib", "year")
LARGE = {"besar", "usaha besar", "large", "ub"}


@dataclass
class RegistryResult:
    rows: pd.DataFrame
    businesses: int = 0
    info: dict = field(default_factory=dict)


def registry_role(label: str) -> str | None:
    h = hnorm(label)
    tokens = set(h.split())
    if not h:
        return None
    if tokens & {"nib"} or "nomor induk berusaha" in h:
        return "nib"
    if tokens & {"kbli"}:
        return "sector"
    if tokens & {"ecommerce", "online", "daring", "marketplace"}:
        return "ecommerce"
    if tokens & {"kur"}:
        return "kur"
    role = classify("registry", label, "A", 0).role
    return role if role in ROLES else None


def _find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(rows[:HEADER_SCAN]):
        if _is_comment(row) or not any(_cell_text(v) for v in row):
            continue
        roles: dict[str, int] = {}
        for c, v in enumerate(row):
            role = registry_role(_cell_text(v))
            if role and role not in roles:
                roles[role] = c
        if "regency" in roles or "code" in roles:
            return r, roles
    return None


class _Counter:
    """Counts per distinct combination of raw cells, kept small by re-aggregating."""

    def __init__(self, keys: list[str]):
        self.keys = keys
        self.parts: list[pa.Table] = []
        self.n_rows = 0
        self.nibs: list[np.ndarray] = []
        self.bad_nib = 0
        self.bad_nib_first: int | None = None

    def add(self, table: pa.Table, first_row: int, nib: pa.Array | None = None) -> None:
        n = table.num_rows
        if n == 0:
            return
        table = table.append_column("__row", pa.array(np.arange(first_row, first_row + n, dtype=np.int64)))
        agg = table.group_by(self.keys).aggregate([("__row", "count"), ("__row", "min")])
        self.parts.append(agg.rename_columns(_agg_names(agg, self.keys)))
        self.n_rows += n
        if sum(p.num_rows for p in self.parts) > COMBINE_AT:
            self.parts = [self._combined()]
        if nib is not None:
            self._add_nibs(nib, first_row)

    def _add_nibs(self, nib: pa.Array, first_row: int) -> None:
        text = pc.utf8_trim_whitespace(nib.cast(pa.string()))
        filled = pc.not_equal(text, "")
        valid = pc.and_(pc.equal(pc.binary_length(text), 13), pc.ascii_is_decimal(text))
        bad = pc.and_(filled, pc.invert(valid))
        n_bad = pc.sum(bad).as_py() or 0
        if n_bad:
            self.bad_nib += n_bad
            if self.bad_nib_first is None:
                idx = pc.index(bad, True).as_py()
                self.bad_nib_first = first_row + idx
        good = pc.filter(text, valid)
        if len(good):
            self.nibs.append(good.cast(pa.int64()).to_numpy(zero_copy_only=False))

    def _combined(self) -> pa.Table:
        table = pa.concat_tables(self.parts)
        agg = table.group_by(self.keys).aggregate([("n", "sum"), ("first", "min")])
        return agg.rename_columns(_agg_names(agg, self.keys, ("n_sum", "first_min")))

    def result(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=[*self.keys, "n", "first"])
        return self._combined().to_pandas()

    def duplicate_nibs(self) -> int:
        if not self.nibs:
            return 0
        allnib = np.concatenate(self.nibs)  # 8 bytes per business: the one part that grows with the file
        self.nibs = []
        allnib.sort()  # in place: no second copy
        return int(np.count_nonzero(allnib[1:] == allnib[:-1]))


def _agg_names(agg: pa.Table, keys: list[str], produced=("__row_count", "__row_min")) -> list[str]:
    names = []
    for name in agg.column_names:
        if name == produced[0]:
            names.append("n")
        elif name == produced[1]:
            names.append("first")
        else:
            names.append(name)
    return names


def _csv_blocks(path: Path | None, data: bytes | None, roles: dict[str, int], encoding: str, delimiter: str,
                skip: int, width: int, report: Report):
    """Tables of the wanted columns (as text), CHUNK bytes of whole lines at a time.

    The file is cut into chunks at line ends by this function, not by pyarrow's streaming
    reader (whose read-ahead grew with the file in tests), so memory stays flat whatever the
    file's size. A quoted cell holding a line break would be cut in two: registries do not
    have them, and such a row is reported as a bad row, not silently mangled.
    """
    names = [f"c{i}" for i in range(width)]
    wanted = [f"c{roles[r]}" for r in ROLES if r in roles]
    bad_rows: list[int] = []
    line = skip + 1  # physical line number of the chunk's first line

    def parse(chunk: bytes, first_line: int) -> pa.Table:
        def on_invalid(row):
            if row.number is not None:
                bad_rows.append(first_line + row.number - 1)
            else:  # pyarrow does not always know the number: find the line by its text
                at = chunk.find(row.text.encode("utf-8")) if row.text else -1
                bad_rows.append(first_line + chunk.count(b"\n", 0, at) if at >= 0 else -1)
            return "skip"

        if encoding not in ("utf-8", "utf-8-sig"):
            chunk = chunk.decode(encoding, errors="replace").encode("utf-8")
        return pacsv.read_csv(
            pa.BufferReader(chunk),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(include_columns=wanted,
                                                 column_types={n: pa.string() for n in wanted},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))

    fh = open(path, "rb") if path is not None else io.BytesIO(data)  # noqa: SIM115 (closed below)
    try:
        for _ in range(skip):
            fh.readline()
        rest = b""
        while True:
            block = fh.read(CHUNK)
            if not block and not rest:
                break
            chunk = rest + block
            if block:
                cut = chunk.rfind(b"\n") + 1
                if cut == 0:  # one very long line: keep reading
                    rest = chunk
                    continue
                chunk, rest = chunk[:cut], chunk[cut:]
            else:
                rest = b""
            if chunk.strip():
                table = parse(chunk, line)
                yield table, line
            line += chunk.count(b"\n")
    finally:
        fh.close()
    if bad_rows:
        first = [n for n in bad_rows if n > 0][:5]
        report.add("bad_rows", row=first[0] if first else None, count=len(bad_rows),
                   rows=", ".join(map(str, first)) or "?")


def _grid_table(rows: list[list[object]], roles: dict[str, int]) -> pa.Table:
    return pa.table({f"c{roles[r]}": pa.array([_cell_text(row[roles[r]]) if roles[r] < len(row) else ""
                                               for row in rows], pa.string()) for r in ROLES if r in roles})


def read_registry(source: bytes | str | Path, file_name: str, report: Report, *, year: int | None = None,
                  period: str = "", raw_path: Path | None = None) -> RegistryResult:
    """Stream a registry and return its regency indicators (tidy rows, checked)."""
    path = Path(source) if isinstance(source, str | Path) else None
    head = _head_bytes(source)
    if not head.strip():
        report.add("empty_file")
        return RegistryResult(_empty())
    if head[:4] == b"PK\x03\x04":
        return _from_xlsx(source, file_name, report, year, period, raw_path)
    if head[:4] == b"PAR1":
        return _from_parquet(source, file_name, report, year, period, raw_path)
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        report.add("xls_old")
        return RegistryResult(_empty())
    text, encoding = decode(head)
    lines = text.splitlines()
    if len(head) >= _HEAD and len(lines) > 1:
        lines = lines[:-1]  # the last line of the sample may be cut
    try:
        rows, numbers, delimiter = read_csv_text("\n".join(lines))
    except ReadError as exc:
        report.add(exc.code, **exc.params)
        return RegistryResult(_empty())
    found = _find_header(rows)
    if found is None:
        report.add("missing_column", column="kabupaten_kota", hint="kabupaten_kota / kode_bps")
        return RegistryResult(_empty())
    h, roles = found
    if not _required(roles, report):
        return RegistryResult(_empty())
    header_line = numbers[h]
    width = len(rows[h])
    try:
        blocks = _csv_blocks(path, None if path else bytes(source), roles, encoding, delimiter, header_line, width,
                             report)
        return _aggregate(blocks, roles, report, year, period, raw_path,
                          {"format": "csv", "encoding": encoding, "delimiter": delimiter})
    except (pa.ArrowInvalid, UnicodeDecodeError, OSError) as exc:
        report.add("unreadable", detail=str(exc).splitlines()[0][:120])
        return RegistryResult(_empty())


_HEAD = 256 << 10


def _head_bytes(source) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source[:_HEAD])
    with open(source, "rb") as fh:
        return fh.read(_HEAD)


def _required(roles: dict[str, int], report: Report) -> bool:
    ok = True
    if "regency" not in roles and "code" not in roles:
        report.add("missing_column", column="kabupaten_kota", hint="kabupaten_kota / kode_bps")
        ok = False
    if "scale" not in roles:
        report.add("missing_column", column="skala", hint="mikro / kecil / menengah")
        ok = False
    for role, name in (("sector", "kbli"), ("ecommerce", "ecommerce"), ("kur", "penerima_kur")):
        if role not in roles:
            report.add("registry_no_column", INFO, column=name)
    return ok


def _from_parquet(source, file_name, report, year, period, raw_path) -> RegistryResult:
    try:
        pf = pq.ParquetFile(source if not isinstance(source, bytes | bytearray) else io.BytesIO(source))
    except (pa.ArrowInvalid, OSError) as exc:
        report.add("unreadable", detail=str(exc)[:120])
        return RegistryResult(_empty())
    names = pf.schema_arrow.names
    found = _find_header([names])
    if found is None:
        report.add("missing_column", column="kabupaten_kota", hint="kabupaten_kota / kode_bps")
        return RegistryResult(_empty())
    _, roles = found
    if not _required(roles, report):
        return RegistryResult(_empty())

    def blocks():
        cols = [names[roles[r]] for r in ROLES if r in roles]
        line = 2
        for batch in pf.iter_batches(columns=cols, batch_size=262_144):
            yield pa.table({f"c{names.index(n)}": batch.column(n).cast(pa.string()).fill_null("")
                            for n in cols}), line
            line += batch.num_rows

    return _aggregate(blocks(), roles, report, year, period, raw_path, {"format": "parquet"})


def _from_xlsx(source, file_name, report, year, period, raw_path) -> RegistryResult:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source,
                           read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        report.add("unreadable", detail=f"XLSX: {type(exc).__name__}")
        return RegistryResult(_empty())
    try:
        ws = next((wb[n] for n in wb.sheetnames if n.strip().lower() not in {"petunjuk", "keterangan", "notes"}),
                  None)
        if ws is None:
            report.add("empty_file")
            return RegistryResult(_empty())
        it = ws.iter_rows(values_only=True)
        head = []
        for row in it:
            head.append(list(row))
            if len(head) >= HEADER_SCAN:
                break
        found = _find_header(head)
        if found is None:
            report.add("missing_column", column="kabupaten_kota", hint="kabupaten_kota / kode_bps")
            return RegistryResult(_empty())
        h, roles = found
        if not _required(roles, report):
            return RegistryResult(_empty())

        def rows_after():
            yield from head[h + 1:]
            for row in it:
                yield list(row)

        def blocks():
            chunk: list[list[object]] = []
            line = h + 2
            for row in rows_after():
                chunk.append(row)
                if len(chunk) >= 50_000:
                    yield _grid_table(chunk, roles), line
                    line += len(chunk)
                    chunk = []
            if chunk:
                yield _grid_table(chunk, roles), line

        return _aggregate(blocks(), roles, report, year, period, raw_path, {"format": "xlsx"})
    finally:
        wb.close()


def _empty() -> pd.DataFrame:
    from .tables import _frame

    return _frame([])


def _aggregate(blocks, roles, report, year, period, raw_path, info) -> RegistryResult:
    keys = [f"c{roles[r]}" for r in ROLES if r in roles and r != "nib"]
    nib_col = f"c{roles['nib']}" if "nib" in roles else None
    counter = _Counter(keys)
    writer = None
    try:
        for table, offset in blocks:
            if raw_path is not None:
                named = table.rename_columns([_raw_name(c, roles) for c in table.column_names])
                if writer is None:
                    writer = pq.ParquetWriter(str(raw_path), named.schema)
                writer.write_table(named)
            nib = table.column(nib_col).combine_chunks() if nib_col else None
            counter.add(table.select(keys), offset, nib)
    finally:
        if writer is not None:
            writer.close()
    counts = counter.result()
    n_business = int(counts["n"].sum()) if len(counts) else 0
    if n_business == 0:
        report.add("empty_file")
        return RegistryResult(_empty(), 0, info)
    if nib_col:
        dups = counter.duplicate_nibs()
        if dups:
            report.add("duplicate_nib", WARNING, count=dups)
        if counter.bad_nib:
            report.add("bad_nib", WARNING, row=counter.bad_nib_first, count=counter.bad_nib)
    tidy = _normalise(counts, roles, report, year)
    if tidy is None:
        return RegistryResult(_empty(), n_business, info)
    rows = _indicators(tidy, roles, period)
    return RegistryResult(rows, n_business, {**info, "businesses": n_business})


def _raw_name(col: str, roles: dict[str, int]) -> str:
    idx = int(col[1:])
    return next((r for r, i in roles.items() if i == idx), col)


def _normalise(counts: pd.DataFrame, roles: dict[str, int], report: Report, year: int | None) -> pd.DataFrame | None:
    """Distinct raw values -> codes and categories; unknown values reported with counts."""
    col = {r: f"c{roles[r]}" for r in roles}
    out = pd.DataFrame({"n": counts["n"].astype(np.int64), "first": counts["first"].astype(np.int64)})
    problems: dict[tuple, list] = {}

    def note(code, column, value, n, first, **params):
        key = (code, column, value)
        if key in problems:
            problems[key][0] += n
            problems[key][1] = min(problems[key][1], first)
        else:
            problems[key] = [n, first, params]

    # regency: the name column, else the code column
    reg_col = col.get("regency") or col.get("code")
    codes = []
    for name, code_cell, n, first in zip(counts[reg_col], counts[col["code"]] if "code" in col and "regency" in col
                                         else counts[reg_col], out["n"], out["first"], strict=True):
        m = regions.match(name)
        if not m.code and name == "" and "code" in col:
            m = regions.match(code_cell)
        if m.code in catalog.REGENCY_CODES:
            codes.append(m.code)
        else:
            codes.append(None)
            if m.total:
                note("registry_total_row", reg_col, name, n, first)
            elif not name:
                note("missing_regency", reg_col, "", n, first)
            else:
                note("unknown_regency", reg_col, name, n, first, suggestion=m.suggestion or "")
    out["regency_code"] = codes
    scales = []
    for v, n, first in zip(counts[col["scale"]], out["n"], out["first"], strict=True):
        s = vocab.category_value("scale", v)
        if s:
            scales.append(s)
            continue
        scales.append(None)
        if regions.normalise(v) in LARGE:
            note("excluded_large", col["scale"], v, n, first)
        else:
            note("unknown_category", col["scale"], v, n, first, dim="skala",
                 known="mikro, kecil, menengah")
    out["scale"] = scales
    if "sector" in col:
        sectors = []
        for v, n, first in zip(counts[col["sector"]], out["n"], out["first"], strict=True):
            s = vocab.sector_of(v)
            sectors.append(s)
            if s is None:
                note("unknown_category", col["sector"], v, n, first, dim="kbli/sektor",
                     known="KBLI (47111, 47, G) / perdagangan, industri pertanian, industri non pertanian, aneka jasa")
        out["sector"] = sectors
    for role in ("ecommerce", "kur"):
        if role not in col:
            continue
        flags = []
        for v, n, first in zip(counts[col[role]], out["n"], out["first"], strict=True):
            f = vocab.flag(v)
            flags.append(f)
            if f is None and str(v).strip():
                note("unknown_category", col[role], v, n, first, dim=role, known="ya / tidak")
            elif f is None:
                note("flag_blank", col[role], "", n, first, dim=role)
        out[role] = flags
    if "year" in col:
        years = []
        hi = pd.Timestamp.today().year + 1
        for v, n, first in zip(counts[col["year"]], out["n"], out["first"], strict=True):
            m = re.fullmatch(r"((?:19|20)\d{2})(?:\.0+)?", str(v).strip())
            y = int(m.group(1)) if m else None
            if y is None and not str(v).strip() and year:
                y = year
            if y is None:
                note("bad_year", col["year"], v, n, first)
            elif not 1990 <= y <= hi:
                note("year_out_of_range", col["year"], str(y), n, first, lo=1990, hi=hi)
                y = None
            years.append(y)
        out["year"] = years
    elif year:
        out["year"] = year
    else:
        report.add("missing_year_registry")
        return None
    for (code, column, value), (n, first, params) in sorted(problems.items(), key=lambda kv: kv[1][1]):
        severity = {"excluded_large": WARNING, "flag_blank": WARNING, "registry_total_row": INFO}.get(code, ERROR)
        letter = _letter(int(column[1:]))
        params = {k: v for k, v in params.items() if v != ""} | ({"value": value} if value != "" else {})
        if code in ("unknown_regency", "unknown_category", "bad_year", "year_out_of_range") and "value" not in params:
            params["value"] = ""
        report.add(code, severity, row=int(first), column=letter, count=int(n), **params)
    if not report.ok:
        return None
    keep = out["regency_code"].notna() & out["scale"].notna()
    return out[keep]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _indicators(df: pd.DataFrame, roles: dict[str, int], period: str) -> pd.DataFrame:
    """Counts per regency (and the province) -> tidy rows in the catalogue's metrics."""
    rows: list[dict] = []
    scales = ["mikro", "kecil", "menengah"]
    sectors = sorted(set(vocab.SECTION_TO_SECTOR.values()) | {"aneka_jasa"})
    df = df.copy()
    df["year"] = df["year"].astype(int)

    def add(code, year, metric, category, value, unit, tol=0.0, percent=False):
        published = fmt_percent(value, "id", 2) if percent else fmt_number(value, "id")
        rows.append({"regency_code": code, "total_row": False, "year": year, "period": period,
                     "category": category, "metric": metric, "value": float(value), "unit": unit,
                     "qualifier": "=", "published": published, "tolerance": tol, "row": 0, "column": ""})

    for year, by_year in df.groupby("year"):
        for code in [*catalog.REGENCY_CODES, catalog.PROVINCE]:
            part = by_year if code == catalog.PROVINCE else by_year[by_year["regency_code"] == code]
            add(code, year, "umkm_total", "", part["n"].sum(), "units")
            for s in scales:
                add(code, year, "umkm_total", f"scale={s}", part.loc[part["scale"] == s, "n"].sum(), "units")
            if "sector" in df:
                for x in sectors:
                    add(code, year, "umkm_total", f"sector={x}", part.loc[part["sector"] == x, "n"].sum(), "units")
                    for s in scales:
                        add(code, year, "umkm_total", f"scale={s};sector={x}",
                            part.loc[(part["scale"] == s) & (part["sector"] == x), "n"].sum(), "units")
            if "ecommerce" in df:
                yes = part.loc[part["ecommerce"].eq(True), "n"].sum()
                no = part.loc[part["ecommerce"].eq(False), "n"].sum()
                add(code, year, "ecommerce_businesses", "", yes, "units")
                if yes + no:
                    add(code, year, "ecommerce_share", "status=ecommerce", round(100 * yes / (yes + no), 2),
                        "percent", 0.005, True)
                    add(code, year, "ecommerce_share", "status=bukan_ecommerce", round(100 * no / (yes + no), 2),
                        "percent", 0.005, True)
            if "kur" in df:
                add(code, year, "kur_debtors", "", part.loc[part["kur"].eq(True), "n"].sum(), "debtors")
    from .tables import _frame

    return _frame(rows)

