"""A table of unknown kind, read as officials download them: what each column is, whether the
file is from Bali at all, and what the file says about itself.

- *Satu Data Indonesia* long tables (`kode_provinsi, nama_provinsi, kode_kabupaten_kota,
  nama_kabupaten_kota, <value>, satuan, tahun`, plus category columns such as `jenis_usaha`).
- *BPS* wide tables: title rows, one or two header rows, units in the headers, a "Bali"/"Jumlah"
  row, footnotes ("Catatan", "Sumber").

Columns are first named by their header words (tables.classify); here their cells refine that:
a column of words in a Satu Data table is a category, never a number; a header naming only a
category or "Jumlah" takes its metric from the title. `--map COLUMN=metric` overrides any guess.
A file with no Bali row is refused in one message naming the province it is from. No Streamlit.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from .. import catalog
from ..numbers import MISSING
from . import headers, regions
from .report import INFO, WARNING, Report

NOTE_START = re.compile(r"^\s*(catatan|keterangan|ket\b|sumber|notes?\b|source|explanation|disclaimer|\*)",
                        re.IGNORECASE)
SOURCE_START = re.compile(r"^\s*(sumber|source)\s*(data)?\s*[:.]?\s*", re.IGNORECASE)
SKIP_WORDS = {"", "-", "abaikan", "skip", "none", "ignore", "tidak"}
MAX_LISTED = 12  # columns or metrics named in one message


def _text(value: object) -> str:
    """tables._cell_text (imported on first use: tables imports this module)."""
    global _text
    from .tables import _cell_text

    _text = _cell_text
    return _cell_text(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", regions.normalise(text)).strip("_")


def data_rows(grid, layout) -> range:
    return range(layout.first_data, len(grid.rows))


def content(grid, layout) -> dict[int, dict[str, int]]:
    """Per column: cells holding a number, text (not a number), a Bali or other regency."""
    from .tables import _is_number_cell

    stats = {c.index: {"number": 0, "text": 0, "place": 0} for c in layout.columns}
    for gi in data_rows(grid, layout):
        row = grid.rows[gi]
        for c, value in enumerate(row[:len(layout.columns)]):
            text = _text(value)
            if not text or text.lower() in MISSING:
                continue
            if _is_number_cell(value):
                stats[c]["number"] += 1
            else:
                stats[c]["text"] += 1
                m = regions.match(value)
                if m.code or m.province:
                    stats[c]["place"] += 1
    return stats


def footnotes(grid, layout) -> tuple[set[int], list[str], list[str]]:
    """Rows below the table that are notes: (grid row indexes, note lines, source lines). A note
    starts with "Catatan", "Keterangan", "Sumber", "Note", "Source", "*"; the text rows after it
    belong to it."""
    from .tables import _is_number_cell

    rows: set[int] = set()
    notes: list[str] = []
    sources: list[str] = []
    started = False
    for gi in data_rows(grid, layout):
        cells = [v for v in grid.rows[gi] if _text(v)]
        if not cells:
            continue
        first = _text(cells[0])
        is_start = bool(NOTE_START.match(first)) and not regions.match(cells[0]).code
        if not (is_start or (started and not any(_is_number_cell(v) for v in cells[1:]))):
            continue
        started = True
        line = " ".join(" ".join(_text(v).split()) for v in cells)
        rows.add(gi)
        if SOURCE_START.match(first):
            rest = SOURCE_START.sub("", line).strip(" :")
            if rest:
                sources.append(rest)
        elif re.fullmatch(r"(catatan|keterangan|notes?|explanation)\s*:?", first.strip(), re.IGNORECASE):
            if len(cells) > 1:
                notes.append(line)
        else:
            notes.append(line)
    return rows, notes, sources


def find_column(columns, key: str):
    """A column named by the user: its letter ("C"), its header as written, or any header row."""
    want = key.strip()
    for c in columns:
        if want.upper() == c.letter:
            return c
    for c in columns:
        if want == c.label or want in c.parts:
            return c
    norm = headers.hnorm(want)
    for c in columns:
        if norm and (norm == headers.hnorm(c.label) or norm in {headers.hnorm(p) for p in c.parts}):
            return c
    return None


def apply_mapping(columns, mapping: dict[str, str], report: Report) -> bool:
    """`--map COLUMN=metric` (or the page's mapping step) over the guesses; False on a bad entry."""
    ok = True
    metrics = catalog.metrics()
    for key, metric in mapping.items():
        col = find_column(columns, key)
        if col is None:
            report.add("map_unknown_column", value=key, columns=_list(c.where for c in columns if c.label))
            ok = False
            continue
        metric = (metric or "").strip()
        if metric.lower() in SKIP_WORDS:
            if col.role == "value":
                col.role, col.metric, col.why = "ignore", None, "mapped"
            report.add("mapped_skip", INFO, column=col.where)
            continue
        if metric not in metrics:
            report.add("map_unknown_metric", column=col.where, value=metric, known=_list(metrics))
            ok = False
            continue
        g = headers.guess(list(col.parts) or [col.label])
        unit = headers.metric_unit(metric)
        header_units = {headers.parse_part(p).unit for p in col.parts} - {None}
        col.multiplier = g.multiplier if not header_units or header_units == {unit} else 1.0
        col.role, col.metric, col.pending, col.why = "value", metric, False, ""
        col.fixed = {k: v for k, v in g.categories.items() if k in headers.AUTO_DIMS}
        col.projection = g.projection
        report.add("mapped", INFO, column=col.where, metric=metric,
                   label=catalog.metrics()[metric].get("id", metric))
    return ok


def _list(items) -> str:
    items = [str(i) for i in items]
    head = ", ".join(items[:MAX_LISTED])
    return head + (f" (+{len(items) - MAX_LISTED})" if len(items) > MAX_LISTED else "")


def known_metrics_text() -> str:
    """The metrics a wide or Satu Data table can be matched to, as key (label)."""
    keys = dict.fromkeys(m for m, _ in headers.SYNONYMS.values())
    return ", ".join(f"{k} ({catalog.metrics()[k]['id']})" for k in keys if k in catalog.metrics())


def row_provinces(grid, layout, skip: set[int]) -> dict[int, str | None]:
    """The province of each data row: its province code or name cell, else its regency code or
    name (a Bali regency, or exactly another province's regency in the national list)."""
    by_role = {}
    for c in layout.columns:
        by_role.setdefault(c.role, c)
    out: dict[int, str | None] = {}
    for gi in data_rows(grid, layout):
        if gi in skip:
            continue
        row = grid.rows[gi]

        def cell(role, row=row):
            col = by_role.get(role)
            return row[col.index] if col is not None and col.index < len(row) else None

        prov = None
        if _text(cell("province_code")):
            prov = regions.province_of_code(_text(cell("province_code")))
        if prov is None and _text(cell("province_name")):
            prov = regions.province_of_name(cell("province_name"))
        if prov is None:
            found = set()
            for role in ("code", "regency"):
                if _text(cell(role)):
                    m = regions.match(cell(role))
                    if m.province and not (m.code == catalog.PROVINCE and m.total):
                        found.add(m.province)
            # a code and a name of different provinces: the row's own check says so, not this
            prov = found.pop() if len(found) == 1 else None
        out[gi] = prov
    return out


def province_check(grid, layout, report: Report, skip: set[int]) -> tuple[bool, set[int]]:
    """(go on?, grid rows from other provinces to leave out). No Bali row but rows from another
    province: one error naming it. Some of each: the others are left out with one warning."""
    provs = row_provinces(grid, layout, skip)
    counts = Counter(p for p in provs.values() if p)
    others = Counter({p: n for p, n in counts.items() if p != catalog.PROVINCE})
    if not others:
        return True, set()
    if not counts.get(catalog.PROVINCE):
        (code, _), *rest = others.most_common()
        more = "; ".join(f"{regions.province_name(p)} ({p})" for p, _ in rest[:5])
        report.add("other_province", name=regions.province_name(code), prov=code,
                   more=(" + " + more) if more else "")
        return False, set()
    left_out = {gi for gi, p in provs.items() if p and p != catalog.PROVINCE}
    report.add("other_province_rows", WARNING, count=len(left_out),
               provinces=", ".join(f"{regions.province_name(p)} ({p})" for p, _ in others.most_common(5)))
    return True, left_out


def refine(grid, layout, report: Report, *, file_name: str = "", mapping: dict[str, str] | None = None) -> str | None:
    """Settle an auto layout's columns by their cells, the title and the user's mapping.
    Returns the layout found ("satudata" or "bps"), or None when the file is refused."""
    cols = layout.columns
    stats = content(grid, layout)
    satudata = any(c.role in ("province_code", "province_name") for c in cols) or (
        any(c.role == "unit" for c in cols) and any(c.role == "year" for c in cols))
    if not any(c.role in ("regency", "code") for c in cols):
        best = max(cols, key=lambda c: stats[c.index]["place"], default=None)
        if best is None or stats[best.index]["place"] < 3:
            return None
        best.role, best.metric, best.pending = "regency", None, False
    for c in cols:
        s = stats[c.index]
        wordy = s["text"] > 0 and s["text"] >= 4 * s["number"]
        if c.role == "ignore" and c.label and satudata and wordy and c.why != "unit":
            c.role, c.dim = "category", _slug(c.parts[0] if c.parts else c.label) or f"kolom_{c.letter.lower()}"
        elif c.role == "ignore" and c.label and wordy and c.why != "unit":
            c.why = "text"
    pending = [c for c in cols if c.role == "value" and c.pending]
    if pending:
        title = " ".join(t for _, t in layout.title_text)
        metric, mult = headers.metric_in_text(title)
        if metric is None and file_name:
            metric, mult = headers.metric_in_text(PurePath(file_name).stem)
        for c in pending:
            if metric is None:
                c.role, c.pending, c.why = "ignore", False, "unknown"
            else:
                c.metric, c.pending = metric, False
                if c.multiplier == 1.0:
                    c.multiplier = mult
    if mapping and not apply_mapping(cols, mapping, report):
        return None
    return "satudata" if satudata else "bps"


def no_metric(layout, report: Report) -> None:
    """One message: no column is a known indicator; the file's columns and the known ones."""
    named = [c.where for c in layout.columns if c.label and c.role not in ("regency", "code", "no")]
    report.add("no_known_metric", columns=_list(named) or "–", known=known_metrics_text())


def not_imported(layout, report: Report) -> None:
    """Columns left out, each with why (info)."""
    for c in layout.columns:
        if c.role == "ignore" and c.label and c.why != "mapped":
            report.add(f"not_imported_{c.why or 'unknown'}", INFO, column=c.where)


def file_name_year(file_name: str) -> int | None:
    years = set(re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", PurePath(file_name or "").stem))
    return int(years.pop()) if len(years) == 1 else None
