"""Arithmetic on figures that may be bounds: "lebih dari", "kurang dari", "sekitar".

The paper writes some figures as bounds ("lebih dari Rp8 triliun") or approximations
("sekitar"). A figure computed from them must say what it is, and some must not be computed at
all. This module is the one place that decides, for every page, the planner and the briefing:

- `divide(num, qn, den, qd, factor)`: a bound ("lebih dari") over an exact denominator stays a
  bound in the same direction; "sekitar" in either part gives "sekitar"; a bound denominator, or
  a bound over an approximate one, says nothing: (NaN, "");
- `Computed`: a figure computed from catalogue values (`ratio`, `remainder`, `difference`), never
  typed in, with the figure ids it is built from and its formula in words (`formula`), or the
  refusal to compute it with the reason (`reason_text`, `short_reason`). A bound is shown rounded
  *toward* itself so its words stay true ("lebih dari Rp65,37 juta", since Rp8 triliun ÷ 122.366 =
  Rp65,377… juta: `format_computed`);
- `part_text`, `input_text`: a catalogue figure as written, for a formula ("lebih dari Rp8
  triliun", "122.366 debitur").

Words in locales/*/bounds.yaml. No Streamlit here.

    >>> divide(8e12, ">", 122_366, "=", 1.0)[1]
    '>'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from . import catalog
from .i18n import fmt_idr, fmt_idr_exact, fmt_number, fmt_percent, fmt_value, norm_lang, qualifier_words, t, unit_word


def divide(num: float, qn: str, den: float, qd: str, factor: float) -> tuple[float, str]:
    """num / den × factor with the qualifier it earns: a bound ("lebih dari") numerator over an
    exact denominator stays a bound in the same direction; "sekitar" in either part gives
    "sekitar"; a bound denominator, or a bound over an approximate one, gives (NaN, "")."""
    if not (den and math.isfinite(den) and math.isfinite(num)):
        return math.nan, ""
    if qd in (">", "<") or (qn in (">", "<") and qd != "="):
        return math.nan, ""
    qualifier = qn if qn in (">", "<") else ("~" if "~" in (qn, qd) else "=")
    return num / den * factor, qualifier


@dataclass(frozen=True)
class Computed:
    """A figure computed from catalogue values, or the refusal to compute it.

    key: what it is ("sector_lainnya", "realisation_share", an indicator id...); op: "ratio",
    "remainder" or "difference"; inputs: the figure ids it is built from (numerator first);
    value: NaN when refused; qualifier: "=", "~", ">" (a lower bound), "<" (an upper bound),
    "" when refused; reason: why it was refused ("" when computed), with reason_args for the
    message; area: the BPS code it is for.
    """

    key: str
    op: str
    inputs: tuple[str, ...]
    value: float
    unit: str
    qualifier: str
    factor: float = 1.0
    total: float | None = None        # for "remainder": the whole the parts are taken from
    reason: str = ""
    reason_args: dict = field(default_factory=dict, compare=False)
    area: str = catalog.PROVINCE
    parts: tuple[tuple[float, str, str], ...] = ()   # each input's (value, unit, qualifier)
    sources: tuple[str, ...] = ()                     # each input's dataset

    @property
    def refused(self) -> bool:
        return math.isnan(self.value)

    @property
    def bound(self) -> bool:
        return self.qualifier in (">", "<")

    @property
    def datasets(self) -> list[str]:
        return list(dict.fromkeys(self.sources))

    def text(self, lang: str = "id") -> str:
        """'59,17%', 'lebih dari Rp65,37 juta', 'Rp121,27 triliun'; '–' when refused."""
        if self.refused:
            return "–"
        return format_computed(self.value, self.unit, self.qualifier, lang)

    def formula(self, lang: str = "id") -> str:
        """The computation with its inputs as written: 'Rp175,73 triliun ÷ Rp297 triliun × 100'."""
        values = [part_text(p, lang) for p in self.parts]
        if self.op == "ratio":
            text = f"{values[0]} ÷ {values[1]}"
            if self.factor != 1:
                text += f" × {fmt_number(self.factor, lang)}"
        elif self.op == "remainder":
            whole = fmt_percent(self.total, lang) if self.unit == "percent" else fmt_number(self.total, lang)
            text = f"{whole} − ({' + '.join(values)})"
        elif self.op == "difference":
            text = f"{values[0]} − {values[1]}"
        else:  # pragma: no cover - every op is listed above
            raise ValueError(self.op)
        return text if self.refused else f"{text} = {self.text(lang)}"

    def bound_note(self, lang: str = "id") -> str:
        """Why a bound is a bound ('' for an exact value)."""
        if not self.bound:
            return ""
        key = "bounds.bound_lower" if self.qualifier == ">" else "bounds.bound_upper"
        return t(key, lang)

    def reason_text(self, lang: str = "id") -> str:
        """Why it was refused, in a sentence ('' when computed)."""
        if not self.reason:
            return ""
        return t(f"bounds.reason_{self.reason}", lang, **_reason_words(self, lang))

    def short_reason(self, lang: str = "id") -> str:
        """Why it was refused, in a few words for a table cell ('' when computed)."""
        if not self.reason:
            return ""
        return t(f"bounds.short_{self.reason}", lang, **_reason_words(self, lang))


def row_of(figure_id: str, df: pd.DataFrame | None = None) -> pd.Series:
    if df is None:
        return catalog.figure(figure_id)
    hit = df[df["id"] == figure_id]
    if hit.empty:
        raise KeyError(f"unknown figure {figure_id!r}")
    return hit.iloc[0]


def part_text(part: tuple[float, str, str], lang: str = "id") -> str:
    """(value, unit, qualifier) as written, for a formula: 'lebih dari Rp8 triliun', '122.366 debitur'."""
    value, unit, qualifier = part
    lang = norm_lang(lang)
    prefix = qualifier_words(qualifier, lang)
    if unit == "IDR":
        return prefix + fmt_idr_exact(float(value), lang)
    if unit == "percent":
        return prefix + fmt_percent(float(value), lang)
    body = fmt_value(float(value), unit, lang, "=")
    if unit in ("debtors", "persons", "units", "accounts"):
        body = f"{body} {unit_word(unit, lang)}"
    return prefix + body


def part_of(row: pd.Series) -> tuple[float, str, str]:
    return float(row["value"]), row["unit"], row["qualifier"]


def input_text(figure_id: str, lang: str = "id", df: pd.DataFrame | None = None) -> str:
    """A catalogue figure as written: 'lebih dari Rp8 triliun', '122.366 debitur'."""
    return part_text(part_of(row_of(figure_id, df)), lang)


def _toward_bound(value: float, qualifier: str, step: float) -> float:
    """A bound rounded so its words stay true: 'more than' rounds down, 'less than' up."""
    if qualifier == ">":
        return math.floor(value / step + 1e-9) * step
    if qualifier == "<":
        return math.ceil(value / step - 1e-9) * step
    return value


def format_computed(value: float, unit: str, qualifier: str = "=", lang: str = "id") -> str:
    """A computed value in words: percent with 2 decimals ('59,17%'), rupiah compact with 2
    ('Rp59,16 juta'); a bound rounded toward itself ('lebih dari Rp65,37 juta', since
    Rp8 triliun ÷ 122.366 = Rp65,377… juta)."""
    lang = norm_lang(lang)
    prefix = qualifier_words(qualifier, lang)
    if math.isnan(value):
        return "–"
    if unit == "percent":
        return prefix + fmt_percent(_toward_bound(value, qualifier, 0.01), lang, decimals=2)
    if unit == "IDR" or unit.startswith("IDR_per"):
        if abs(value) >= 10**6:
            scale = 10 ** (3 * int(math.log10(abs(value)) // 3))
            scale = min(scale, 10**12)
            value = _toward_bound(value, qualifier, scale / 100)
            return prefix + fmt_idr(value, lang, scale=scale, decimals=2)
        return prefix + fmt_idr(_toward_bound(value, qualifier, 1), lang, decimals=0)
    return prefix + fmt_number(_toward_bound(value, qualifier, 0.01), lang, decimals=2)


def same_period(a: pd.Series, b: pd.Series) -> bool:
    same_year = (pd.isna(a["year"]) and pd.isna(b["year"])) or (
        not pd.isna(a["year"]) and not pd.isna(b["year"]) and int(a["year"]) == int(b["year"]))
    return bool(same_year and a["period"] == b["period"])


def ratio(key: str, numerator: str, denominator: str, factor: float = 100.0, unit: str = "percent",
          df: pd.DataFrame | None = None) -> Computed:
    """numerator / denominator × factor from two catalogue figures of one source, area and period
    (a share of a part in its whole, a realisation against its target). Refused when they are
    not, or when both are bounds (or the denominator is one)."""
    num, den = row_of(numerator, df), row_of(denominator, df)
    common = dict(key=key, op="ratio", inputs=(numerator, denominator), unit=unit, factor=factor,
                  area=num["regency_code"], parts=(part_of(num), part_of(den)),
                  sources=(num["dataset"], den["dataset"]))
    if num["dataset"] != den["dataset"] or num["regency_code"] != den["regency_code"] or not same_period(num, den):
        return Computed(value=math.nan, qualifier="", reason="not_comparable", **common)
    value, qualifier = divide(float(num["value"]), num["qualifier"], float(den["value"]),
                                         den["qualifier"], factor)
    if math.isnan(value):
        return Computed(value=math.nan, qualifier="", reason="bounds", **common)
    return Computed(value=value, qualifier=qualifier, **common)


def remainder(key: str, parts: tuple[str, ...], total: float = 100.0, df: pd.DataFrame | None = None) -> Computed:
    """total − Σ parts: the share the source does not name ("lainnya"). Parts written as
    "lebih dari" make the remainder "kurang dari" (and the other way); mixed bounds refuse."""
    rows = [row_of(p, df) for p in parts]
    common = dict(key=key, op="remainder", inputs=parts, unit=rows[0]["unit"], total=total,
                  area=rows[0]["regency_code"], parts=tuple(part_of(r) for r in rows),
                  sources=tuple(r["dataset"] for r in rows))
    quals = {r["qualifier"] for r in rows} - {"="}
    if ">" in quals and "<" in quals:
        return Computed(value=math.nan, qualifier="", reason="mixed_bounds", **common)
    qualifier = "<" if ">" in quals else ">" if "<" in quals else "~" if "~" in quals else "="
    value = total - sum(float(r["value"]) for r in rows)
    return Computed(value=round(value, 10), qualifier=qualifier, **common)


def difference(key: str, minuend: str, subtrahend: str, df: pd.DataFrame | None = None) -> Computed:
    """minuend − subtrahend of one source and period (the target not yet disbursed)."""
    a, b = row_of(minuend, df), row_of(subtrahend, df)
    common = dict(key=key, op="difference", inputs=(minuend, subtrahend), unit=a["unit"], area=a["regency_code"],
                  parts=(part_of(a), part_of(b)), sources=(a["dataset"], b["dataset"]))
    if a["dataset"] != b["dataset"] or not same_period(a, b) or a["unit"] != b["unit"]:
        return Computed(value=math.nan, qualifier="", reason="not_comparable", **common)
    qa, qb = a["qualifier"], b["qualifier"]
    if qa in (">", "<") and qb in (">", "<"):
        return Computed(value=math.nan, qualifier="", reason="bounds", **common)
    flip = {">": "<", "<": ">"}
    qualifier = qa if qa in (">", "<") else flip.get(qb, "~" if "~" in (qa, qb) else "=")
    return Computed(value=float(a["value"]) - float(b["value"]), qualifier=qualifier, **common)


# --- the words a refusal is given in ------------------------------------------------------------

def what_word(metric: str, lang: str = "id") -> str:
    """A denominator's name inside a sentence ("penduduk", "jumlah UMKM", "debitur KUR")."""
    try:
        return t(f"bounds.what_{metric}", lang)
    except KeyError:
        return catalog.metric_label(metric, lang)


def area_name(code: str, lang: str) -> str:
    return catalog.regency_name(code, lang) if code in catalog.REGENCY_CODES else \
        catalog.OTHER_AREAS.get(code, (code, code))[0 if lang == "id" else 1]


def _producer(dataset_id: str, lang: str = "id") -> str:
    try:
        return catalog.dataset(dataset_id).text("producer", lang)
    except KeyError:  # a figure frame handed in by a caller (the import preview, tests)
        return dataset_id


def _reason_words(c: Computed, lang: str) -> dict:
    """The placeholders a reason's sentence may use, in `lang`."""
    lang = norm_lang(lang)
    args = c.reason_args
    words = {"area": area_name(args.get("area", ""), lang),
             "period": catalog.period_text(args.get("year"), args.get("period", ""), lang),
             "year": t("common.undated", lang) if args.get("year") is None else str(args["year"])}
    if args.get("den_metric"):
        words["what"] = what_word(args["den_metric"], lang)
    if args.get("dataset"):
        words["source"] = _producer(args["dataset"], lang)
    available = args.get("available")
    if available is not None:  # the years there are, newest first ("2024, 2022, tanpa tahun")
        years = list(dict.fromkeys(t("common.undated", lang) if y is None else str(y) for y, _ in available))
        words["available"] = ", ".join(years) if years else t("bounds.none_at_all", lang)
    if args.get("elsewhere"):
        words["elsewhere"] = "; ".join(_producer(d, lang) for d in args["elsewhere"])
    for name, part in zip(("a", "b"), c.parts, strict=False):
        words[name] = part_text(part, lang)
    return words
