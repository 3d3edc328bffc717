"""Official tables (UMKM, KUR, e-commerce, generic tidy) -> the catalogue's tidy rows, checked.

A grid of cells (reader.py) is read the way a person would: find the header row (it may sit
below a title, span merged cells, or be followed by a row of column numbers), name each
column's role (regency, year, period, scale, sector, scheme, or a value of some metric, maybe
for one category: "Skala Usaha › Mikro", maybe in millions: "Nilai (Rp juta)"), then read each
row. A "Jumlah"/"Total" row becomes the province figure and is checked against the sum of the
regencies. Every finding goes to the Report with its row and column. No Streamlit here.

Why one module of about 800 lines: finding the header, naming each column's role and reading the
rows are one pass over a grid whose decisions depend on one another.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from .. import catalog
from ..i18n import fmt_number
from ..numbers import MISSING, NumberError, parse_number
from . import regions, vocab
from .reader import Grid
from .report import INFO, WARNING, Report

YEAR_MIN = 1990
COUNT_UNITS = {"units", "persons", "debtors", "accounts", "articles", "commodities"}
HEADER_SCAN = 40

KIND_METRICS = {
    "umkm": ("umkm_total",),
    "kur": ("kur_disbursed_value", "kur_debtors"),
    "ecommerce": ("ecommerce_businesses", "ecommerce_share"),
}
KIND_DIMS = {"umkm": ("scale", "sector"), "kur": ("scheme",), "ecommerce": (), "tidy": ()}
# Words that mark a column as belonging to another kind of table (for "wrong kind").
STRONG_SIGNALS = {"kur": {"debitur", "nasabah", "penyaluran", "plafon"}, "registry": {"nib", "kbli"}}
SCALE_WORDS = {"ribu": 10**3, "rb": 10**3, "juta": 10**6, "jt": 10**6, "miliar": 10**9, "milyar": 10**9,
               "triliun": 10**12, "thousand": 10**3, "thousands": 10**3, "million": 10**6, "millions": 10**6,
               "billion": 10**9, "billions": 10**9, "trillion": 10**12}
REGENCY_HEADERS = {"kabupaten kota", "kab kota", "kabupaten", "kota", "wilayah", "nama wilayah", "daerah",
                   "nama daerah", "nama kabupaten kota", "nama kabupaten", "regency", "regency city",
                   "regency municipality", "kabupaten kota regency municipality", "district", "lokasi", "kab",
                   "kabupaten kotamadya", "uraian", "kabupaten kota provinsi", "provinsi kabupaten kota", "area"}
CODE_HEADERS = {"kode", "kode bps", "kode wilayah", "kode kabupaten", "kode kab", "kode kab kota",
                "kode kemendagri", "code", "bps code", "regency code", "kode kabupaten kota"}
DIM_HEADERS = {
    "no": {"no", "nomor", "no urut", "nomor urut", "urut"},
    "year": {"tahun", "year", "thn", "tahun data"},
    "period": {"periode", "period", "bulan", "posisi", "keadaan", "periode data", "keadaan bulan"},
    "scale": {"skala", "skala usaha", "scale", "ukuran usaha", "kategori usaha", "jenis skala"},
    "sector": {"sektor", "sektor usaha", "sector", "lapangan usaha", "bidang usaha"},
    "scheme": {"skema", "skema kur", "jenis kur", "scheme", "jenis skema"},
    "metric": {"indikator", "indicator", "metric", "variabel", "variable"},
    "category": {"kategori", "category", "rincian"},
    "unit": {"satuan", "unit", "units"},
    "value": {"nilai", "value", "angka"},
}
NOTE_WORDS = ("sumber", "catatan", "keterangan", "ket ", "note", "source", "*", "ket.", "disclaimer")
UNIT_ALIASES = {"units": {"unit", "units", "unit usaha", "usaha", "buah"}, "IDR": {"rupiah", "rp", "idr"},
                "percent": {"persen", "percent", "%", "pct"}, "persons": {"jiwa", "orang", "persons", "people"},
                "debtors": {"debitur", "debtors", "orang debitur"}, "accounts": {"rekening", "accounts"},
                "km2": {"km2", "km²", "km persegi"}, "minutes": {"menit", "minutes"}, "USD": {"usd", "us$", "dolar"}}


def hnorm(text: object) -> str:
    """A header as words: 'E-Commerce (%)' -> 'ecommerce persen'."""
    s = str(text or "").lower().replace("%", " persen ")
    s = re.sub(r"e[\s\-_]*commerce", "ecommerce", s)
    return regions.normalise(s)


@dataclass
class Column:
    index: int
    label: str  # as written (merged header parts joined with " › ")
    letter: str
    role: str  # regency, code, year, period, scale, sector, scheme, metric, category, unit, value, no, ignore
    metric: str | None = None
    fixed: dict = field(default_factory=dict)  # categories the column stands for
    multiplier: float = 1.0
    year: int | None = None

    @property
    def where(self) -> str:
        return f"{self.label} ({self.letter})" if self.label else self.letter


@dataclass
class Layout:
    header_rows: list[int]  # grid indexes
    columns: list[Column]
    title_text: list[tuple[int, str]]  # (row number, text) above the header
    first_data: int

    def by_role(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]


def _is_number_cell(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str) and value.strip():
        try:
            parse_number(value)
            return True
        except NumberError:
            return False
    return False


def _phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


def _categories_in(header: str, dims: tuple[str, ...]) -> tuple[dict, str, bool]:
    """Category phrases in a header: ({'scale': 'mikro'}, header without them, ambiguous?)."""
    found: dict[str, str] = {}
    ambiguous = False
    rest = header
    for dim in dims:
        aliases = sorted(vocab.CATEGORIES[dim], key=len, reverse=True)
        hits = set()
        for alias in aliases:
            if _phrase(rest, alias):
                hits.add(vocab.CATEGORIES[dim][alias])
                rest = re.sub(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", " ", rest)
        if len(hits) > 1:
            ambiguous = True
        elif hits:
            found[dim] = hits.pop()
    return found, " ".join(rest.split()), ambiguous


def _multiplier(tokens: set[str]) -> float:
    for word, mult in SCALE_WORDS.items():
        if word in tokens:
            return float(mult)
    return 1.0


def _value_metric(kind: str, header: str, tokens: set[str], has_category: bool) -> tuple[str | None, dict]:
    """Which metric a value column of this kind holds (and any category it implies)."""
    if kind == "umkm":
        forbidden = {"debitur", "nasabah", "penyaluran", "realisasi", "kur", "ecommerce", "persen", "persentase",
                     "rp", "rupiah", "plafon", "nib", "kbli", "tenaga", "kerja", "pekerja", "omzet", "omset",
                     "aset", "modal", "pendapatan", "penduduk", "share", "rata", "per", "online", "daring"}
        words = {"jumlah", "total", "umkm", "ukm", "usaha", "unit", "banyaknya", "count", "number", "msme",
                 "msmes", "pelaku"}
        if tokens & forbidden:
            return None, {}
        if has_category or tokens & words:
            return "umkm_total", {}
        return None, {}
    if kind == "kur":
        if tokens & {"outstanding", "baki", "npl", "target", "persen", "rata", "rerata", "per", "ecommerce"}:
            return None, {}
        if tokens & {"debitur", "nasabah", "debtors", "borrowers", "penerima"}:
            return "kur_debtors", {}
        if tokens & {"nilai", "penyaluran", "realisasi", "plafon", "disbursed", "value", "rp", "rupiah", "kredit",
                     "disbursement", "amount"}:
            return "kur_disbursed_value", {}
        return None, {}
    if kind == "ecommerce":
        negative = bool(tokens & {"bukan", "tidak", "non", "tanpa", "not"})
        if tokens & {"persen", "persentase", "share", "proporsi", "proportion", "pct"}:
            return "ecommerce_share", {"status": "bukan_ecommerce" if negative else "ecommerce"}
        if tokens & {"ecommerce", "online", "daring"} and not negative and not tokens & {"debitur", "kur", "rp"}:
            return "ecommerce_businesses", {}
        return None, {}
    return None, {}


def classify(kind: str, label: str, letter: str, index: int) -> Column:
    """Give one column its role for a kind of table."""
    h = hnorm(label)
    tokens = set(h.split())
    col = Column(index, label, letter, "ignore")
    if not h:
        return col
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", h)
    h_no_year = " ".join(re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", " ", h).split())
    for role, names in DIM_HEADERS.items():
        if h in names or (h_no_year in names and role not in ("year", "value")):
            if role in ("metric", "category", "unit", "value") and kind != "tidy":
                break
            if role in ("scale", "sector", "scheme") and role not in KIND_DIMS.get(kind, ()) and kind != "registry":
                break
            col.role = role
            return col
    if h in CODE_HEADERS or ("kode" in tokens and "kbli" not in tokens) or tokens == {"code"}:
        col.role = "code"
        return col
    if h in REGENCY_HEADERS or (tokens & {"kabupaten", "regency", "wilayah"} and not tokens & {"kode", "code"}
                                and not tokens & {"jumlah", "nilai", "persen"}):
        col.role = "regency"
        return col
    if kind == "tidy":
        return col
    dims = KIND_DIMS.get(kind, ())
    fixed, rest, ambiguous = _categories_in(h_no_year, dims)
    if ambiguous:
        return col
    rest_tokens = set(rest.split())
    metric, implied = _value_metric(kind, rest, rest_tokens, bool(fixed))
    if metric is None:
        return col
    col.role, col.metric, col.fixed = "value", metric, {**fixed, **implied}
    col.multiplier = _multiplier(tokens)
    if len(set(years)) == 1:
        col.year = int(years[0])
    return col


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def _is_comment(row: list[object]) -> bool:
    for v in row:
        text = _cell_text(v)
        if text:
            return text.startswith("#")
    return False


def _regency_like(value: object) -> bool:
    m = regions.match(value)
    return m.code is not None


def find_layout(grid: Grid, kind: str) -> Layout | None:
    """The header row(s) and each column's role; None when no header with a regency column."""
    rows = grid.rows
    limit = min(len(rows), HEADER_SCAN)
    header = None
    for r in range(limit):
        row = rows[r]
        if _is_comment(row) or not any(_cell_text(v) for v in row):
            continue
        roles = [classify(kind, _cell_text(v), grid.letter(c), c).role for c, v in enumerate(row)]
        if ("regency" in roles or "code" in roles) and sum(1 for v in row if _cell_text(v)) >= 2 and \
                not any(_regency_like(v) and regions.match(v).code != catalog.PROVINCE for v in row):
            header = r
            break
    if header is None:
        header = _header_by_content(grid, limit)
        if header is None:
            return None
    # continuation rows (merged header parts below), then a row of column numbers
    header_rows = [header]
    reg_cols = [c for c, v in enumerate(rows[header])
                if classify(kind, _cell_text(v), grid.letter(c), c).role in ("regency", "code")]
    r = header + 1
    while r < len(rows) and len(header_rows) < 4:
        row = rows[r]
        texts = [_cell_text(v) for v in row]
        if not any(texts) or _is_comment(row):
            break
        reg_cells = [texts[c] for c in reg_cols if c < len(texts)]
        same_as_header = all(t == "" or t == _cell_text(rows[header][c]) for c, t in zip(reg_cols, reg_cells,
                                                                                          strict=True))
        numeric = [v for v in row if _is_number_cell(v) and not _year_like(v)]
        if same_as_header and not numeric:
            header_rows.append(r)
            r += 1
            continue
        break
    if r < len(rows) and _column_numbers(rows[r]):
        r += 1
    width = max(len(row) for row in rows)
    columns = []
    for c in range(width):
        parts: list[str] = []
        for hr in header_rows:
            text = _cell_text(rows[hr][c]) if c < len(rows[hr]) else ""
            if text and text not in parts:
                parts.append(text)
        label = " › ".join(parts)
        columns.append(classify(kind, label, grid.letter(c), c))
    titles = [(grid.row_numbers[i], " ".join(_cell_text(v) for v in rows[i] if _cell_text(v)))
              for i in range(header) if not _is_comment(rows[i])]
    return Layout(header_rows, columns, [t for t in titles if t[1]], r)


def _year_like(value: object) -> bool:
    text = _cell_text(value)
    return bool(re.fullmatch(r"(19|20)\d{2}", text))


def _column_numbers(row: list[object]) -> bool:
    texts = [_cell_text(v) for v in row if _cell_text(v)]
    if len(texts) < 2:
        return False
    nums = []
    for t in texts:
        m = re.fullmatch(r"[\(\[]?(\d{1,2})[\)\]]?", t)
        if not m:
            return False
        nums.append(int(m.group(1)))
    return nums == list(range(nums[0], nums[0] + len(nums)))


def _header_by_content(grid: Grid, limit: int) -> int | None:
    """No header word for the regency column: find a column of regency names, take the text row above."""
    rows = grid.rows
    best = None
    width = max(len(r) for r in rows)
    for c in range(width):
        hits = [r for r in range(len(rows)) if c < len(rows[r]) and regions.match(rows[r][c]).code
                not in (None, catalog.PROVINCE)]
        if len(hits) >= 3 and (best is None or hits[0] < best[1]):
            best = (c, hits[0])
    if best is None:
        return None
    for r in range(best[1] - 1, -1, -1):
        if sum(1 for v in rows[r] if _cell_text(v) and not _is_number_cell(v)) >= 2:
            return r
    return None


def _metric_unit(metric: str) -> str:
    return catalog.metrics().get(metric, {}).get("unit", "")


def _title_year(titles: list[tuple[int, str]]) -> tuple[int, int] | None:
    found = {(int(y), row) for row, text in titles for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}
    years = {y for y, _ in found}
    if len(years) == 1:
        y = years.pop()
        return y, min(row for yy, row in found if yy == y)
    return None


@dataclass
class Options:
    year: int | None = None
    period: str | None = None


def _metric_lookup() -> dict[str, str]:
    out = {}
    for key, meta in catalog.metrics().items():
        out[hnorm(key)] = key
        out[key] = key
        for lang in ("id", "en"):
            out[hnorm(meta.get(lang, ""))] = key
    return out


def _unit_of(text: str) -> tuple[str | None, float]:
    """'juta rupiah' -> ('IDR', 1e6); 'unit' -> ('units', 1); unknown -> (None, 1)."""
    h = hnorm(text)
    if not h:
        return None, 1.0
    tokens = set(h.split())
    mult = _multiplier(tokens)
    rest = " ".join(w for w in h.split() if w not in SCALE_WORDS)
    if text.strip() in ("%",):
        return "percent", 1.0
    for unit, names in UNIT_ALIASES.items():
        if rest in names or rest.lower() == unit.lower():
            return unit, mult
    return None, mult


def read_table(grid: Grid, kind: str, report: Report, options: Options | None = None) -> pd.DataFrame:
    """The checked tidy rows of one table (empty when it cannot be read at all)."""
    options = options or Options()
    layout = find_layout(grid, kind)
    if layout is None:
        _diagnose_no_header(grid, kind, report)
        return _frame([])
    cols = layout.columns
    regency_cols = layout.by_role("regency")
    code_cols = layout.by_role("code")
    value_cols = layout.by_role("value")
    if not _check_columns(grid, kind, layout, report, options):
        return _frame([])
    title_year = None if (layout.by_role("year") or options.year or any(c.year for c in value_cols)) \
        else _title_year(layout.title_text)
    rows_out: list[dict] = []
    seen_dims = {dim: layout.by_role(dim)[0] for dim in ("scale", "sector", "scheme") if layout.by_role(dim)}
    year_col = (layout.by_role("year") or [None])[0]
    period_col = (layout.by_role("period") or [None])[0]
    missing_cells = 0
    used_title_year = False
    for gi in range(layout.first_data, len(grid.rows)):
        row = grid.rows[gi]
        rn = grid.row_numbers[gi]
        texts = [_cell_text(v) for v in row] + [""] * (len(cols) - len(row))
        if not any(texts) or _is_comment(row):
            continue
        value_cells = [(c, row[c.index] if c.index < len(row) else None) for c in value_cols]
        has_values = any(_cell_text(v) and _cell_text(v).lower() not in MISSING for _, v in value_cells)
        if kind == "tidy":
            tidy_value = layout.by_role("value")
            has_values = bool(tidy_value) and bool(texts[tidy_value[0].index]) and \
                texts[tidy_value[0].index].lower() not in MISSING
        code = _row_regency(texts, row, regency_cols, code_cols, rn, has_values, report)
        if code is None:
            continue
        # year and period
        period = texts[period_col.index] if period_col else (options.period or "")
        year, ok = _row_year(texts, row, year_col, period, rn, report)
        if not ok:
            continue
        if year is None and options.year:
            year = options.year
        if year is None and title_year:
            year, used_title_year = title_year[0], True
        # dimension cells
        dims: dict[str, str] = {}
        bad = False
        for dim, col in seen_dims.items():
            value = vocab.category_value(dim, texts[col.index])
            if value is None:
                report.add("unknown_category", row=rn, column=col.where, dim=dim, value=texts[col.index],
                           known=", ".join(sorted(set(vocab.CATEGORIES[dim].values()))))
                bad = True
            elif value:
                dims[dim] = value
        if bad:
            continue
        if kind == "tidy":
            rows_out += _tidy_row(layout, texts, row, rn, code, year, period, report)
            continue
        for col, value in value_cells:
            text = _cell_text(value)
            if (gi, col.index) in grid.formula_cells:
                report.add("formula_no_value", WARNING, row=rn, column=col.where)
                continue
            if not text or text.lower() in MISSING:
                missing_cells += 1
                continue
            parsed = _parse_value(value, col, col.metric, rn, report)
            if parsed is None:
                continue
            v, qualifier, tol, published = parsed
            y = col.year if col.year is not None else year
            category = ";".join(f"{k}={val}" for k, val in sorted({**dims, **col.fixed}.items()))
            rows_out.append({"regency_code": code.code, "total_row": code.total, "year": y, "period": period,
                             "category": category, "metric": col.metric, "value": v,
                             "unit": _metric_unit(col.metric), "qualifier": qualifier, "published": published,
                             "tolerance": tol, "row": rn, "column": col.where})
    if used_title_year:
        report.add("year_from_title", WARNING, row=title_year[1], year=title_year[0])
    if missing_cells:
        report.add("missing_values", INFO, count=missing_cells)
    out = _frame(rows_out)
    validate_rows(out, report)
    out = _drop_partial_totals(out, report)
    if out.empty and report.ok:
        report.add("no_values")
    return out


def _drop_partial_totals(df: pd.DataFrame, report: Report) -> pd.DataFrame:
    """A "Jumlah"/"Total" row is the province figure only when the file gives all 9 regencies
    for the same metric, period and category; otherwise it is the sum of the rows listed, not
    Bali's total, and is used for the check but not stored (so it cannot pose as a province
    figure and conflict with Diskop's)."""
    if df.empty or not df["total_row"].any():
        return df
    regs = df[df["regency_code"].isin(catalog.REGENCY_CODES)]
    drop = []
    for idx, r in df[df["total_row"]].iterrows():
        same = regs[(regs["metric"] == r["metric"]) & (regs["period"] == r["period"])
                    & (regs["category"] == r["category"])]
        same = same[same["year"].isna()] if pd.isna(r["year"]) else same[same["year"] == r["year"]]
        if set(same["regency_code"]) != set(catalog.REGENCY_CODES):
            drop.append(idx)
            report.add("total_not_province", INFO, row=r["row"], column=r["column"], total=float(r["value"]),
                       n=same["regency_code"].nunique())
    return df.drop(index=drop) if drop else df


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = ["regency_code", "total_row", "year", "period", "category", "metric", "value", "unit", "qualifier",
            "published", "tolerance", "row", "column"]
    df = pd.DataFrame(rows, columns=cols)
    df["year"] = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
    df["value"] = df["value"].astype(float)
    df["tolerance"] = df["tolerance"].astype(float)
    df["total_row"] = df["total_row"].astype(bool)
    return df


def _diagnose_no_header(grid: Grid, kind: str, report: Report) -> None:
    for other in vocab.TABLE_KINDS:
        if other != kind and find_layout(grid, other) is not None:
            lay = find_layout(grid, other)
            if lay.by_role("value") or (other == "tidy" and lay.by_role("metric")):
                col = (lay.by_role("value") or lay.by_role("metric"))[0]
                report.add("wrong_kind", column=col.where, kind=kind, found=other)
                return
    if _registry_signals(grid):
        report.add("wrong_kind", kind=kind, found="registry", column=_registry_signals(grid))
        return
    report.add("missing_column", column="kabupaten_kota", hint=_hint("regency"))


def _registry_signals(grid: Grid) -> str | None:
    for row in grid.rows[:HEADER_SCAN]:
        for c, v in enumerate(row):
            if set(hnorm(_cell_text(v)).split()) & STRONG_SIGNALS["registry"]:
                return f"{_cell_text(v)} ({grid.letter(c)})"
    return None


def _hint(role: str) -> str:
    return {"regency": "kabupaten_kota / kode_bps", "year": "tahun", "value": "nilai",
            "metric": "indikator"}.get(role, role)


def _check_columns(grid: Grid, kind: str, layout: Layout, report: Report, options: Options) -> bool:
    """Required columns present, and nothing that says the file is another kind of table."""
    cols = layout.columns
    ok = True
    for col in cols:
        tokens = set(hnorm(col.label).split())
        if col.role != "ignore":
            continue
        for other, strong in STRONG_SIGNALS.items():
            if other != kind and tokens & strong:
                report.add("wrong_kind", column=col.where, kind=kind, found=other)
                return False
    value_cols = layout.by_role("value")
    if kind == "tidy":
        for role in ("metric", "value"):
            if not layout.by_role(role):
                report.add("missing_column", column=_hint(role), hint=_hint(role))
                ok = False
    elif not value_cols:
        for other in vocab.TABLE_KINDS:
            if other == kind or other == "tidy":
                continue
            found = [c for c in (classify(other, c.label, c.letter, c.index) for c in cols) if c.role == "value"]
            if found:
                report.add("wrong_kind", column=found[0].where, kind=kind, found=other)
                return False
        report.add("missing_column", column=", ".join(KIND_METRICS[kind]), hint=_hint("value"))
        ok = False
    if ok:
        for col in cols:
            if col.role == "ignore" and col.label:
                report.add("ignored_column", INFO, column=col.where)
    return ok


def _row_regency(texts, row, regency_cols, code_cols, rn, has_values, report):
    name_col = regency_cols[0] if regency_cols else None
    code_col = code_cols[0] if code_cols else None
    name_text = texts[name_col.index] if name_col else ""
    code_text = row[code_col.index] if code_col and code_col.index < len(row) else None
    name_m = regions.match(row[name_col.index]) if name_col and name_col.index < len(row) else regions.Match(None)
    code_m = regions.match(code_text) if code_col and _cell_text(code_text) else regions.Match(None)
    where = (name_col or code_col).where
    if name_m.code and code_m.code and name_m.code != code_m.code:
        report.add("regency_code_mismatch", row=rn, column=where, value=name_text, bps=_cell_text(code_text))
        return None
    found = name_m if name_m.code else code_m
    if found.code:
        return found
    shown = name_text or _cell_text(code_text)
    if not has_values:
        low = shown.lower()
        if shown and not low.startswith(NOTE_WORDS):
            report.add("ignored_row", INFO, row=rn, column=where, value=shown)
        return None
    if not shown:
        report.add("missing_regency", row=rn, column=where)
    else:
        report.add("unknown_regency", row=rn, column=where, value=shown,
                   suggestion=name_m.suggestion or code_m.suggestion or "")
    return None


def _row_year(texts, row, year_col, period, rn, report) -> tuple[int | None, bool]:
    if year_col is not None:
        text = texts[year_col.index]
        if text:
            m = re.fullmatch(r"((?:19|20|21|18)\d{2})(?:\.0+)?", text.replace(" ", ""))
            if not m:
                if re.fullmatch(r"-?\d+(?:[.,]0+)?", text):
                    year = int(re.sub(r"[.,]0+$", "", text))
                    return _year_range(year, rn, year_col, report)
                report.add("bad_year", row=rn, column=year_col.where, value=text)
                return None, False
            return _year_range(int(m.group(1)), rn, year_col, report)
    years = set(re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", period or ""))
    if len(years) == 1:
        return int(years.pop()), True
    return None, True


def _year_range(year: int, rn, col, report) -> tuple[int | None, bool]:
    hi = dt.date.today().year + 1
    if not YEAR_MIN <= year <= hi:
        report.add("year_out_of_range", row=rn, column=col.where, value=str(year), lo=YEAR_MIN, hi=hi)
        return None, False
    return year, True


def _parse_value(value, col_or_none, metric, rn, report, multiplier=None):
    """A value cell -> (value in base units, qualifier, tolerance, as written) or None (reported)."""
    where = col_or_none.where if col_or_none else None
    mult = multiplier if multiplier is not None else (col_or_none.multiplier if col_or_none else 1.0)
    unit = _metric_unit(metric)
    if isinstance(value, bool):
        report.add("not_a_number", row=rn, column=where, value=str(value))
        return None
    if isinstance(value, int | float):
        v, qualifier, precision, percent, scale = float(value), "=", 0.0, False, 1
        published = fmt_number(value, "id")
    else:
        text = str(value)
        try:
            parsed = parse_number(text)
        except NumberError:
            report.add("not_a_number", row=rn, column=where, value=text)
            return None
        v, qualifier, precision, percent, scale = (parsed.value, parsed.qualifier, parsed.precision,
                                                   parsed.percent, parsed.scale)
        published = text
        if percent and unit != "percent":
            report.add("unexpected_percent", row=rn, column=where, value=text)
            return None
        if precision == 0.5 and scale == 1:
            precision = 0.0  # a whole number written in full is exact
    v *= mult
    return v, qualifier, precision * mult, published


def _tidy_row(layout, texts, row, rn, code, year, period, report) -> list[dict]:
    metric_col = layout.by_role("metric")[0]
    value_col = layout.by_role("value")[0]
    cat_col = (layout.by_role("category") or [None])[0]
    unit_col = (layout.by_role("unit") or [None])[0]
    raw_metric = texts[metric_col.index]
    value = row[value_col.index] if value_col.index < len(row) else None
    if not _cell_text(value) or _cell_text(value).lower() in MISSING:
        return []
    if not raw_metric:
        report.add("missing_metric", row=rn, column=metric_col.where)
        return []
    metric = _metric_lookup().get(hnorm(raw_metric)) or _metric_lookup().get(raw_metric.strip())
    if metric is None:
        report.add("unknown_metric", row=rn, column=metric_col.where, value=raw_metric)
        return []
    category = texts[cat_col.index] if cat_col else ""
    category = category.strip().lower().replace(" ", "")
    if category and not re.fullmatch(r"[a-z_]+=[a-z0-9_]+(;[a-z_]+=[a-z0-9_]+)*", category):
        report.add("bad_category", row=rn, column=cat_col.where, value=texts[cat_col.index])
        return []
    category = ";".join(sorted(category.split(";"))) if category else ""
    mult = 1.0
    if unit_col and texts[unit_col.index]:
        unit, mult = _unit_of(texts[unit_col.index])
        if unit != _metric_unit(metric):
            report.add("unit_mismatch", row=rn, column=unit_col.where, value=texts[unit_col.index], metric=metric,
                       unit=_metric_unit(metric))
            return []
    parsed = _parse_value(value, value_col, metric, rn, report, multiplier=mult)
    if parsed is None:
        return []
    v, qualifier, tol, published = parsed
    return [{"regency_code": code.code, "total_row": code.total, "year": year, "period": period,
             "category": category, "metric": metric, "value": v, "unit": _metric_unit(metric),
             "qualifier": qualifier, "published": published, "tolerance": tol, "row": rn,
             "column": value_col.where}]


def validate_rows(df: pd.DataFrame, report: Report) -> None:
    """Checks on the tidy rows of one file: sign, shares, whole counts, years, duplicates, sums."""
    if df.empty:
        return
    meta = catalog.metrics()
    for r in df.itertuples():
        unit = r.unit
        if r.value < 0:
            report.add("negative", row=r.row, column=r.column, value=r.published, metric=r.metric)
        elif unit == "percent" and r.value > 100:
            report.add("share_over_100", row=r.row, column=r.column, value=r.published)
        elif unit in COUNT_UNITS and not float(r.value).is_integer():
            report.add("not_whole", row=r.row, column=r.column, value=r.published)
    missing_year = df[df["year"].isna()]
    for r in missing_year.head(5).itertuples():
        report.add("missing_year", row=r.row, column=r.column)
    if len(missing_year) > 5:
        report.add("missing_year_more", count=len(missing_year) - 5)
    keys = ["metric", "regency_code", "year", "period", "category"]
    key_frame = df[keys].astype(str)
    dup = key_frame.duplicated(keep=False)
    if dup.any():
        first_rows: dict[tuple, int] = {}
        for key, r in zip(map(tuple, key_frame.to_numpy()), df.itertuples(), strict=True):
            if key in first_rows:
                what = f"{catalog.regency_name(r.regency_code)} {'' if pd.isna(r.year) else r.year} " \
                       f"{r.metric} {r.category}".strip()
                report.add("duplicate", row=r.row, column=r.column, what=what, first=first_rows[key])
            else:
                first_rows[key] = r.row
        return  # sums over duplicated rows would only repeat the same finding
    _check_parts(df, report, meta)
    _check_totals(df, report, meta)
    shares = df[(df["unit"] == "percent") & (df["value"] <= 1) & (df["value"] > 0)]
    if len(shares) and len(shares) == int((df["unit"] == "percent").sum()) and len(shares) >= 3:
        report.add("shares_look_like_fractions", WARNING, column=shares.iloc[0]["column"])


def _cats(category: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in category.split(";")) if category else {}


def _check_parts(df: pd.DataFrame, report: Report, meta: dict) -> None:
    """Within one place/period: the parts of a dimension against the row that is their total
    (additive metrics), or shares of one dimension against 100 (shares_total metrics)."""
    for (metric, _code, _year, _period), group in df.groupby(["metric", "regency_code", "year", "period"],
                                                            dropna=False):
        spec = meta.get(metric, {})
        if not (spec.get("additive") or spec.get("shares_total")):
            continue
        index_by_cat = {frozenset(_cats(r.category).items()): r.Index for r in group.itertuples()}
        bases = set(index_by_cat)
        if spec.get("shares_total"):
            bases.add(frozenset())
        dims = {k for key in index_by_cat for k, _ in key}
        for base in bases:
            base_d = dict(base)
            for dim in sorted(dims - set(base_d)):
                part_idx = [j for key, j in index_by_cat.items()
                            if dim in dict(key) and {k: v for k, v in key if k != dim} == base_d]
                if not part_idx:
                    continue
                parts = df.loc[part_idx]
                parts_sum = float(parts["value"].sum())
                tol = float(parts["tolerance"].sum())
                if spec.get("additive"):
                    if base not in index_by_cat:
                        continue
                    total = df.loc[index_by_cat[base]]
                    total_value = float(total["value"])
                    tol += float(total["tolerance"])
                    where_row, where_col = int(total["row"]), total["column"]
                elif not base_d:
                    total_value = float(spec["shares_total"])
                    where_row, where_col = int(parts.iloc[0]["row"]), parts.iloc[0]["column"]
                else:
                    continue
                if parts_sum > total_value + tol + 1e-9:
                    report.add("parts_over_total", row=where_row, column=where_col, dim=dim,
                               parts_sum=parts_sum, total=total_value,
                               rows=", ".join(str(int(x)) for x in sorted(parts["row"].unique())[:12]))


def _check_totals(df: pd.DataFrame, report: Report, meta: dict) -> None:
    """A "Jumlah"/"Total"/"Provinsi Bali" row against the sum of the regency rows."""
    prov = df[df["regency_code"] == catalog.PROVINCE]
    regs = df[df["regency_code"].isin(catalog.REGENCY_CODES)]
    for r in prov.itertuples():
        if not meta.get(r.metric, {}).get("additive"):
            continue
        same = regs[(regs["metric"] == r.metric) & (regs["period"] == r.period) & (regs["category"] == r.category)]
        same = same[same["year"].isna()] if pd.isna(r.year) else same[same["year"] == r.year]
        if same.empty:
            continue
        parts_sum = float(same["value"].sum())
        tol = float(r.tolerance) + float(same["tolerance"].sum()) + 1e-9
        complete = set(same["regency_code"]) == set(catalog.REGENCY_CODES)
        if parts_sum > r.value + tol:
            report.add("parts_over_total", row=r.row, column=r.column, dim="kabupaten/kota",
                       parts_sum=parts_sum, total=float(r.value),
                       rows=", ".join(str(int(x)) for x in sorted(same["row"].unique())[:12]))
        elif complete and abs(parts_sum - r.value) > tol:
            report.add("total_mismatch", WARNING, row=r.row, column=r.column, parts_sum=parts_sum,
                       total=float(r.value), difference=float(r.value) - parts_sum)
        elif r.total_row and complete:
            report.add("total_checked", INFO, row=r.row, column=r.column, total=float(r.value))
