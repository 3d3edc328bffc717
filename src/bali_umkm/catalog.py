"""The data catalogue: every figure with its dataset, and every dataset with its metadata.

Tidy rows (docs/data.md): dataset, regency_code, year, period, category, metric, value, unit, plus
qualifier (=, >, <, ~), the figure as published, its trust level and a note. Values are in base
units (IDR, units, persons, percent, km2, ...). `regency_code` is the BPS code (5101..5171),
"51" the province, "ID" Indonesia, "52" NTB (a comparison the paper makes).

Files (human-reviewable, read through pyarrow): data/paper_figures.csv (every figure in the
paper, with the words it is written in), data/public_figures.csv (built from data/raw/ by
catalog_build), data/datasets.yaml, data/metrics.yaml. No Streamlit import here.

Imported figures: `figures()` and `datasets()` also hold the rows and metadata records of the
active version of the import store (the store package: SQLite in $BALI_UMKM_STORE, or PostgreSQL).
What depends on them is remembered with `cache.cached`, keyed on the store's newest version
(`data_key`), so a new import or a rollback shows without restarting the server; what reads only
the shipped files keeps functools.lru_cache.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from . import store
from .cache import cached, data_version, read_version
from .i18n import t
from .numbers import NumberError, parse_number
from .paths import DATA_DIR, RAW_DIR, read_yaml

PROVINCE = "51"
NATIONAL = "ID"
REGENCY_CODES = ("5101", "5102", "5103", "5104", "5105", "5106", "5107", "5108", "5171")
TRUST_LEVELS = ("high", "medium", "low")
COLUMNS = ["id", "dataset", "regency_code", "year", "period", "category", "metric", "value", "unit",
           "qualifier", "published", "trust", "note", "source_kind", "tolerance"]
OTHER_AREAS = {"ID": ("Indonesia", "Indonesia"), "52": ("Nusa Tenggara Barat", "West Nusa Tenggara"),
               "51": ("Provinsi Bali", "Bali province"), "": ("-", "-")}
REQUIRED_METADATA = ("id", "kind", "title", "producer", "citation", "url", "licence", "period",
                     "accessed", "trust", "notes")


# Metadata texts a reader sees, in the reader's language: {id, en} in data/datasets.yaml (an
# imported dataset's texts are one string, the uploader's words, shown as they are).
TEXT_FIELDS = ("title", "producer", "licence", "notes")
Text = str | dict[str, str]


def in_lang(value: Text | None, lang: str = "id") -> str:
    """A text in `lang` ("id" when that form is missing); a plain string is the same in every language."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get("en" if lang == "en" else "id") or value.get("id", "")


@dataclass(frozen=True)
class Dataset:
    id: str
    kind: str
    title: dict[str, str]
    producer: Text
    citation: str
    url: str
    licence: Text
    period: str
    accessed: str
    trust: str
    notes: Text = ""
    paper_section: str = ""
    files: tuple[str, ...] = field(default_factory=tuple)
    # for kind "imported": who brought it in, from which file, into which store version
    uploader: str = ""
    file_name: str = ""
    file_sha256: str = ""
    version: str = ""
    import_kind: str = ""

    def text(self, field: str, lang: str = "id") -> str:
        """A field of the record as a reader of `lang` reads it: title, producer, licence and
        notes in that language; the period through `period_label`; any other field as stored
        (the citation stays in its source's words)."""
        if field == "period":
            return period_label(self.period, lang)
        value = getattr(self, field)
        return in_lang(value, lang) if field in TEXT_FIELDS else value

    def title_in(self, lang: str) -> str:
        return self.text("title", lang)

    @property
    def paper_citation(self) -> str:
        """For a figure the paper quotes: the paper with its section."""
        return f"{PAPER_SHORT}, {self.paper_section}" if self.kind == "paper" else ""


PAPER_SHORT = "Mahadipta, Pratama & Prasiani (2024)"
PAPER_CITATION = (
    "Mahadipta, N. G. D., Pratama, G. Y. A., & Prasiani, N. K. (2024). Strategi peningkatan "
    "kapasitas usaha pada pelaku ekonomi melalui digital marketing. Journal of Management and "
    "Digital Business, 4(3), 454–475. https://doi.org/10.53088/jmdb.v4i3.1213"
)


def _read_csv(path) -> pd.DataFrame:
    """Every column as text first; numbers are converted deliberately, codes stay text."""
    with open(path, "rb") as fh:
        header = fh.readline().decode("utf-8").strip().split(",")
    table = pacsv.read_csv(
        path, convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                                   strings_can_be_null=False))
    return table.to_pandas()


def _tolerance(written: str, value: float) -> float:
    """How far a figure may be off because of the way it was written, in base units.

    A whole number written out in full (439.382) is exact: 0. One written with decimals or a
    scale word (Rp2,9 triliun, 65,65 juta) is good to half its last written place. An
    approximate whole number ("sekitar 60 ribu") is good to half its last non-zero place.
    """
    try:
        parsed = parse_number(written, strict=False)
    except NumberError:
        return 0.0
    if parsed.value == 0:
        return 0.0
    to_base = abs(value / parsed.value)
    exact_integer = parsed.precision == 0.5 and parsed.scale == 1
    if parsed.qualifier == "~" or "approx" in written:
        n, place = int(abs(parsed.value)), 1
        while n and n % (place * 10) == 0:
            place *= 10
        return max(parsed.precision, place / 2) * to_base
    if exact_integer:
        return 0.0
    return parsed.precision * to_base


def _tolerance_plain(published: str, value: float, approx: bool) -> float:
    """The same rule for the public CSVs, which write numbers the English way (847.515, 2.9)."""
    written = float(published)
    if written == 0:
        return 0.0
    to_base = abs(value / written)
    decimals = len(published.split(".")[1]) if "." in published else 0
    if decimals:
        return 0.5 * 10.0**-decimals * to_base
    if approx or to_base != 1:
        n, place = int(abs(written)), 1
        while n and n % (place * 10) == 0:
            place *= 10
        return place / 2 * to_base
    return 0.0


def data_key() -> tuple[str, str] | None:
    """The import store's folder and newest version, as the store says now: the data version
    every `cache.cached` result is keyed on (cache.read_version). None when nothing was imported
    (or the store cannot be read: the shipped data still shows)."""
    return read_version()


@cached(maxsize=2)
def _imported() -> tuple[pd.DataFrame, tuple[Dataset, ...]]:
    """Rows and metadata records of the store's active version (empty when nothing was imported)."""
    key = data_version()
    if key is None:
        return pd.DataFrame(columns=COLUMNS), ()
    try:
        st = store.Store(key[0])
        version = st.active()
        rows = st.rows(version)[COLUMNS]
        records = tuple(Dataset(**{**rec, "title": dict(rec["title"])}) for rec in st.datasets(version))
    except (OSError, ValueError, KeyError, TypeError):
        return pd.DataFrame(columns=COLUMNS), ()
    return rows, records


@cached(maxsize=2)
def _datasets() -> dict[str, Dataset]:
    out = dict(_shipped_datasets())
    for ds in _imported()[1]:
        out.setdefault(ds.id, ds)
    return out


@functools.lru_cache(maxsize=1)
def _shipped_datasets() -> dict[str, Dataset]:
    records = read_yaml(DATA_DIR / "datasets.yaml")
    out = {}
    for rec in records:
        files = rec.pop("files", None)
        if files is None:
            files = ["paper_figures.csv"] if rec["kind"] == "paper" else []
        elif rec["kind"] == "public":
            files = ["public_figures.csv", *files]
        out[rec["id"]] = Dataset(**rec, files=tuple(files))
    return out


def datasets() -> list[Dataset]:
    return list(_datasets().values())


def dataset(dataset_id: str) -> Dataset:
    try:
        return _datasets()[dataset_id]
    except KeyError:
        raise KeyError(f"unknown dataset {dataset_id!r}") from None


@functools.lru_cache(maxsize=1)
def metrics() -> dict[str, dict]:
    return read_yaml(DATA_DIR / "metrics.yaml")


@functools.lru_cache(maxsize=1)
def _periods() -> dict[str, dict[str, str]]:
    return read_yaml(DATA_DIR / "periods.yaml")


def period_label(period: str, lang: str = "id") -> str:
    """A period as readers of `lang` write it ("up to Apr 2017" -> "s.d. April 2017"); the
    catalogue keeps the source's own words as the period's identity (data/periods.yaml)."""
    entry = _periods().get(period)
    return entry.get("en" if lang == "en" else "id", period) if entry else period


@functools.lru_cache(maxsize=1)
def _figure_texts() -> dict[str, dict]:
    return read_yaml(DATA_DIR / "figure_texts.yaml")


@functools.lru_cache(maxsize=1)
def _paper_locations() -> dict[str, str]:
    df = _read_csv(DATA_DIR / "paper_figures.csv")
    return dict(zip(df["id"], df["location"], strict=True))


def note_label(note: str, lang: str = "id") -> str:
    """A figure's note in `lang` (data/figure_texts.yaml); a note not listed there (an imported
    row's, written by its uploader) as it is."""
    entry = _figure_texts()["notes"].get(note) if note else None
    return in_lang(entry, lang) if entry else (note or "")


FIGURE_TEXT_FIELDS = ("note", "caveat", "location")


def figure_text(figure_id: str, field: str, lang: str = "id") -> str:
    """A text about one figure as a reader of `lang` reads it ("" when there is none):
    note: the figure's note; caveat: what must be said wherever the figure is shown (the
    e-commerce share is a share of BPS's survey frame...); location: where the paper prints it
    ("§1 Pendahuluan", "Tabel 1 (§4 ...)"), the paper's own words, for a figure the paper quotes."""
    if field == "note":
        return note_label(figure(figure_id)["note"], lang)
    if field == "caveat":
        return in_lang(_figure_texts()["caveats"].get(figure_id), lang)
    if field == "location":
        return _paper_locations().get(figure_id, "")
    raise ValueError(f"unknown figure text {field!r}; one of {FIGURE_TEXT_FIELDS}")


def caveats(figure_ids, lang: str = "id") -> list[str]:
    """The caveats of these figures (data/figure_texts.yaml), each once, in order: what a card,
    a chart, a CSV or a slide built from them must say."""
    texts = (figure_text(f, "caveat", lang) for f in dict.fromkeys(f for f in figure_ids if f))
    return list(dict.fromkeys(x for x in texts if x))


def metric_label(metric: str, lang: str = "id") -> str:
    meta = metrics().get(metric)
    return meta[lang] if meta else metric


@functools.lru_cache(maxsize=1)
def regencies() -> pd.DataFrame:
    """The 9 regencies: BPS code, Kemendagri code, short and official names, type."""
    df = _read_csv(RAW_DIR / "regency_codes.csv")
    return df[["regency_code", "kemendagri_code", "regency", "type", "official_name_kemendagri_2025",
               "name_bps_mfd_2018", "name_ocha_codab_2020"]].reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _regency_names() -> dict[str, tuple[str, str]]:
    """BPS code -> (short name, official name): a dict, as pages ask for names hundreds of times."""
    df = regencies()
    return {code: (short, official) for code, short, official
            in zip(df["regency_code"], df["regency"], df["official_name_kemendagri_2025"], strict=True)}


def regency_name(code: str, lang: str = "id", official: bool = False) -> str:
    code = str(code)
    if code in OTHER_AREAS:
        return OTHER_AREAS[code][0 if lang == "id" else 1]
    short, full = _regency_names()[code]  # KeyError for an unknown code, as before
    return full if official else short


def _load_paper() -> pd.DataFrame:
    df = _read_csv(DATA_DIR / "paper_figures.csv")
    df["value"] = df["value"].astype(float)
    df["published"] = df["as_written"]
    df["trust"] = ""
    df["source_kind"] = "paper"
    df["tolerance"] = [_tolerance(w, v) for w, v in zip(df["as_written"], df["value"], strict=True)]
    return df


def _load_public() -> pd.DataFrame:
    df = _read_csv(DATA_DIR / "public_figures.csv")
    df["value"] = df["value"].astype(float)
    df["published"] = df["value_published"] + " " + df["unit_published"]
    df["source_kind"] = "public"
    df["tolerance"] = [
        _tolerance_plain(p, v, approx=q == "~")
        for p, v, q in zip(df["value_published"], df["value"], df["qualifier"], strict=True)
    ]
    return df


@functools.lru_cache(maxsize=1)
def _shipped_figures() -> pd.DataFrame:
    df = pd.concat([_load_paper(), _load_public()], ignore_index=True)[COLUMNS]
    trust = {d.id: d.trust for d in _shipped_datasets().values()}
    df["trust"] = df["trust"].where(df["trust"] != "", df["dataset"].map(trust))
    df["year"] = pd.to_numeric(df["year"].replace("", None)).astype("Int64")
    # Plain Python strings, not Arrow ones: the catalogue has a few hundred rows, read through
    # thousands of small masks and row lookups per page, where pandas' Arrow string arrays cost
    # several times more per operation than object arrays (bench/bench_apptest.py, first runs).
    return df.astype({c: object for c in df.columns if pd.api.types.is_string_dtype(df[c])})


@cached(maxsize=2)
def _figures() -> pd.DataFrame:
    shipped = _shipped_figures()
    rows = _imported()[0]
    if rows.empty:
        return shipped
    rows = rows.astype({c: shipped[c].dtype for c in COLUMNS})
    return pd.concat([shipped, rows], ignore_index=True)


def figures() -> pd.DataFrame:
    """Every figure in the catalogue (a copy: callers may modify it)."""
    return _figures().copy()


def records(df: pd.DataFrame) -> list[dict]:
    """The rows of a table as dicts (what `DataFrame.to_dict("records")` gives, read a column at a
    time: several times faster on the small tables the pages work through row by row)."""
    columns = list(df.columns)
    return [dict(zip(columns, row, strict=True)) for row in zip(*(df[c].tolist() for c in columns), strict=True)]


def positions_by(df: pd.DataFrame, column: str) -> dict:
    """Value of `column` -> the positions of its rows in `df`, in order (a groupby without
    building a frame per group)."""
    out: dict = {}
    for position, value in enumerate(df[column].tolist()):
        out.setdefault(value, []).append(position)
    return out


@cached(maxsize=2)
def _by_metric() -> dict[tuple[str, str], pd.DataFrame]:
    """(metric, category) -> its rows of the catalogue, every area: a page reads one metric's
    figures hundreds of times per run, and a mask over the whole catalogue costs a millisecond each."""
    df = _figures()
    return {key: rows for key, rows in df.groupby(["metric", "category"], sort=False)}


def metric_rows(metric: str, category: str = "") -> pd.DataFrame:
    """The catalogue's rows of one metric and category ("" = the total), every area (shared:
    callers read them, never change them)."""
    rows = _by_metric().get((metric, category))
    return _figures().iloc[:0] if rows is None else rows


@cached(maxsize=2)
def _figure_positions() -> dict[str, int]:
    """Figure id -> its first row in `_figures()`: a page looks figures up by id hundreds of
    times per run, and a boolean mask over the whole catalogue costs milliseconds each time."""
    return {figure_id: found[0] for figure_id, found in positions_by(_figures(), "id").items()}


@cached(maxsize=4096)
def figure(figure_id: str) -> pd.Series:
    """One figure by id (a row of the catalogue; shared: callers read it, never change it)."""
    try:
        position = _figure_positions()[figure_id]
    except KeyError:
        raise KeyError(f"unknown figure {figure_id!r}") from None
    return _figures().iloc[position]


def level_of(code: str) -> str:
    if code in REGENCY_CODES:
        return "regency"
    if code == PROVINCE:
        return "province"
    if code == NATIONAL:
        return "national"
    return "other"


def series(metric: str, *, level: str | None = None, regency: str | None = None,
           year: int | None = None, category: str | None = "", dataset: str | None = None,
           period: str | None = None) -> pd.DataFrame:
    """Values of one metric with the dataset each comes from (its source id) and its trust.

    level: "regency" (the 9), "province", "national" or None for all. category "" means the
    total; None means every category. Rows are sorted by year, then regency code.
    """
    df = _figures()
    mask = df["metric"] == metric
    if level is not None:
        mask &= df["regency_code"].map(level_of) == level
    if regency is not None:
        mask &= df["regency_code"] == str(regency)
    if year is not None:
        mask &= df["year"] == year
    if category is not None:
        mask &= df["category"] == category
    if dataset is not None:
        mask &= df["dataset"] == dataset
    if period is not None:
        mask &= df["period"] == period
    out = df[mask].copy()
    out["source"] = out["dataset"].map(lambda d: dataset_title_short(d))
    return out.sort_values(["year", "regency_code"], na_position="last").reset_index(drop=True)


def dataset_title_short(dataset_id: str, lang: str = "id") -> str:
    return dataset(dataset_id).text("producer", lang)


def periods(metric: str, level: str = "regency") -> list[tuple[int | None, str]]:
    """(year, period) pairs for which the metric has values at this level, newest first."""
    df = series(metric, level=level)
    pairs = {(None if pd.isna(y) else int(y), p) for y, p in zip(df["year"], df["period"], strict=True)}
    return sorted(pairs, key=lambda yp: (yp[0] is None, -(yp[0] or 0), yp[1]))


def trust_word(level: str, lang: str = "id") -> str:
    return t(f"catalog.trust_{level}", lang) if level in TRUST_LEVELS else level


def period_text(year, period: str, lang: str = "id") -> str:
    """A year with the period as its source states it: '2024 (Semester II 2024 ...)',
    'tanpa tahun (undated (<=2018?))', '2019'."""
    text = t("common.undated", lang) if year is None or pd.isna(year) else str(int(year))
    period = period_label(period, lang) if period else period
    return f"{text} ({period})" if period and period != text else text


def _line_words(lang: str) -> dict[str, str]:
    return {w: t(f"catalog.line_{w}", lang) for w in ("source", "cited", "period", "licence", "trust", "et_al")}


def _line_datasets(dataset_ids: str | list[str]) -> list[Dataset]:
    """The datasets a source line names: one id or several, each once, in the order given."""
    ids = [dataset_ids] if isinstance(dataset_ids, str) else list(dict.fromkeys(dataset_ids))
    return [dataset(ds_id) for ds_id in ids]


def source_line(dataset_ids: str | list[str], lang: str = "id", period: str | None = None) -> str:
    """The one "Sumber: ..." line every figure and chart carries: producer, title, the paper
    section where the paper quotes it, period, licence and trust. Several datasets are joined
    with "; ". Plain text (callers escape it for Markdown)."""
    lang = "en" if lang == "en" else "id"
    w = _line_words(lang)
    parts = []
    for ds in _line_datasets(dataset_ids):
        text = f"{ds.text('producer', lang)}, {ds.title_in(lang)}"
        if ds.kind == "paper":
            text += f" ({w['cited']} {ds.paper_citation})"
        text += f"; {w['period']} {period_label(period or ds.period, lang)}; {w['licence']}: {ds.text('licence', lang)}"
        text += f"; {w['trust']} {trust_word(ds.trust, lang)}"
        parts.append(text)
    return f"{w['source']}: " + " | ".join(parts)


def source_brief(dataset_ids: str | list[str], lang: str = "id", period: str | None = None) -> str:
    """The short source line a page shows under a chart or a group of figures: per dataset its
    producer, period and trust ("Sumber: Pejabat Diskop UMKM Bali (via BeritaBali; ...),
    diterbitkan 4 Agustus 2016 · kepercayaan rendah"); the full record (`source_line`, and
    `source_record` for citation, licence, URL and notes) is one click away, and exports keep it."""
    lang = "en" if lang == "en" else "id"
    w = _line_words(lang)
    parts = []
    for ds in _line_datasets(dataset_ids):
        when = period_label(period or ds.period, lang)
        parts.append(f"{ds.text('producer', lang)}{', ' + when if when else ''} · "
                     f"{w['trust']} {trust_word(ds.trust, lang)}")
    return f"{w['source']}: " + " | ".join(parts)


def source_record(dataset_id: str, lang: str = "id") -> dict[str, str]:
    """A dataset's full record as a reader reads it: title, producer, citation, period, licence,
    trust, URL and notes (empty fields left out)."""
    ds = dataset(dataset_id)
    rec = {"title": ds.title_in(lang), "producer": ds.text("producer", lang), "citation": ds.citation,
           "paper_citation": ds.paper_citation, "period": period_label(ds.period, lang),
           "licence": ds.text("licence", lang), "trust": trust_word(ds.trust, lang), "url": ds.url,
           "notes": ds.text("notes", lang)}
    return {k: v for k, v in rec.items() if v}


def source_short(dataset_id: str, lang: str = "id", figure_id: str | None = None) -> str:
    """A short source for a card: producer, where the paper quotes it, and trust. Given the
    figure, the place is where the paper prints that figure (its `location`: "§1 Pendahuluan",
    "Tabel 1"); otherwise the dataset's last section."""
    lang = "en" if lang == "en" else "id"
    w = _line_words(lang)
    ds = dataset(dataset_id)
    text = f"{w['source']}: {ds.text('producer', lang)}"
    if ds.kind == "paper":
        place = (figure_text(figure_id, "location") if figure_id else "") or ds.paper_section.split(";")[-1]
        section = place.split("(")[0].strip()
        text += f" ({w['cited']} {PAPER_SHORT.split(',')[0].split(' &')[0]} {w['et_al']} {section})"
    return f"{text} · {w['trust']} {trust_word(ds.trust, lang)}"
