"""Digital and e-commerce adoption: the figures the "Adopsi digital" page is built on.

- BPS's e-commerce statistics for Bali 2022 (the paper's §4): 86.156 businesses, 62,28% doing
  e-commerce against 37,72% not, NTB's 77,70%, Table 2 by KBLI category (the five printed rows
  and the computed rest: `bounds.remainder`) and the start-year split; what 62,28% is a share
  *of* (BPS's survey frame, about 138 thousand businesses: `frame_estimate`) and why 86.156 ÷
  439.382 is no adoption rate (`frame_estimate().ratio_to_umkm`, shown with its warning);
- internet use (national): SUSENAS 2023 and Table 1 (its "< 6%" row an upper bound), social
  media platforms, e-commerce users to 2029 (a Statista projection), time online, activities,
  and the e-Conomy SEA projections;
- Bali's three digitalisation challenges and the paper's training list, each with the matching
  measures on the interventions page (`challenges`, `trainings`);
- the regency map layers for e-commerce, empty until an official table is imported.

Every figure comes from `catalog` by id or metric; the only numbers computed here are the ones
the page labels as computed, each with its formula. No Streamlit and no charts here: the page's
charts and tables are `views.digital`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import catalog, indicators, quality
from . import interventions as iv
from .bounds import remainder
from .i18n import fmt_percent, fmt_value, norm_lang, qualifier_words, t

# --- the figures the page is built on (ids in data/paper_figures.csv) ---------------------------
ECOMMERCE_DATASET = "paper_bps_ecommerce_2022"
BUSINESSES = "ecommerce_businesses_2022"      # 86.156 usaha
SHARE = "ecommerce_share_2022"                # 62,28 %
NOT_SHARE = "ecommerce_non_share_2022"        # 37,72 %
NTB_SHARE = "ecommerce_share_ntb_2022"        # 77,70 %
UMKM_TOTAL = "umkm_2023_total"                # 439.382 (Diskop UKM Bali 2023)
INTERNET_ACCESS = "internet_access_2023"      # 69,21 %
TIME_ONLINE = "time_online_daily"             # 3 jam 14 menit
DAILY_ONLINE = "daily_internet_share"         # 81 %
USERS = ("ecommerce_users_2024", "ecommerce_users_2029")
PROJECTIONS = ("econ_sea_market_usd", "econ_sea_market_idr", "econ_sea_ecommerce_growth",
               "econ_sea_transport_growth")
KBLI_ORDER = ("G", "I", "C", "S", "H")        # Table 2 as printed
START_ORDER = ("sebelum_2020", "2020_2021", "2022")

PRINTED, BOUND, COMPUTED = "printed", "bound", "computed"
ESTIMATE, PROJECTION = "estimate", "projection"
SYMBOLS = {"<": "< ", ">": "> ", "~": "≈ ", "=": ""}

# --- the regency map layer --------------------------------------------------------------------
# layer key (in the URL) -> (metric, category): an imported "ecommerce" table gives both.
MAP_LAYERS = {"ecommerce_businesses": ("ecommerce_businesses", ""),
              "ecommerce_share": ("ecommerce_share", "status=ecommerce")}
IMPORT_PAGE = "pages/import.py"


# ============================================================================== formatting

def printed_decimals(fig: pd.Series) -> int:
    """How many decimals the source wrote the figure with (77,70 -> 2; 19,5 -> 1; 81 -> 0),
    from the catalogue's tolerance (half the last written place)."""
    tol = float(fig["tolerance"])
    if not tol or fig["unit"] != "percent":
        return 0
    return max(0, round(-math.log10(2 * tol)))


def value_text(figure_id: str, lang: str = "id", *, symbol: bool = False) -> str:
    """A figure as the page writes it: percentages with the decimals they were printed with
    ("77,70%"), rupiah in triliun ("sekitar Rp1.762 triliun"), a bound in words ("kurang dari
    6%") or, with symbol=True, as the paper prints it ("< 6%", for chart labels)."""
    lang = norm_lang(lang)
    fig = catalog.figure(figure_id)
    qualifier = fig["qualifier"] or "="
    if fig["unit"] == "percent":
        body = fmt_percent(float(fig["value"]), lang, printed_decimals(fig))
        if symbol:
            return SYMBOLS.get(qualifier, "") + body
        return qualifier_words(qualifier, lang) + body
    scale = 10**12 if fig["unit"] == "IDR" and abs(float(fig["value"])) >= 10**12 else None
    return fmt_value(float(fig["value"]), fig["unit"], lang, qualifier, scale=scale)


def _rows(metric: str, dataset: str | None = None) -> pd.DataFrame:
    """Catalogue rows of a metric in the order of the catalogue file (the paper's order)."""
    df = catalog.figures()
    rows = df[df["metric"] == metric]
    if dataset:
        rows = rows[rows["dataset"] == dataset]
    return rows.reset_index(drop=True)


def _cat(category: str) -> str:
    return category.split("=", 1)[1] if "=" in category else category


def _sources(frame: pd.DataFrame, lang: str) -> str:
    return catalog.source_line(list(dict.fromkeys(d for d in frame["dataset"] if d)), lang)


# ============================================================================== e-commerce 2022

def survey_year() -> int:
    """The year of BPS's e-commerce figures (2022)."""
    return int(catalog.figure(BUSINESSES)["year"])


@dataclass(frozen=True)
class FrameEstimate:
    """What 62,28% is a share of: BPS's survey frame, computed from the two printed figures.

    total = businesses ÷ (share ÷ 100); low/high: the same with the share at the ends of its
    rounding interval (62,275% and 62,285%); not_ecommerce = total − businesses;
    ratio_to_umkm = businesses ÷ umkm_total × 100, a ratio of two different populations (shown
    only with its warning, never as an adoption rate).
    """

    businesses: float
    share: float
    share_decimals: int
    share_tolerance: float
    total: float
    low: float
    high: float
    not_ecommerce: float
    umkm_total: float
    umkm_year: int
    ratio_to_umkm: float
    datasets: tuple[str, ...]

    @property
    def total_rounded(self) -> float:
        """The frame to the nearest thousand: the precision the printed share allows."""
        return round(self.total, -3)


def frame_estimate() -> FrameEstimate:
    biz, share, umkm = catalog.figure(BUSINESSES), catalog.figure(SHARE), catalog.figure(UMKM_TOTAL)
    n, s, tol = float(biz["value"]), float(share["value"]), float(share["tolerance"])
    total = n / (s / 100)
    return FrameEstimate(
        businesses=n, share=s, share_decimals=printed_decimals(share), share_tolerance=tol, total=total,
        low=n / ((s + tol) / 100), high=n / ((s - tol) / 100), not_ecommerce=total - n,
        umkm_total=float(umkm["value"]), umkm_year=int(umkm["year"]),
        ratio_to_umkm=n / float(umkm["value"]) * 100,
        datasets=tuple(dict.fromkeys([biz["dataset"], share["dataset"], umkm["dataset"]])))


def second_source_for_businesses() -> pd.Series | None:
    """Another source's figure for the 86.156 (quality.comparisons), if the catalogue has one."""
    comp = quality.comparisons()
    hit = comp[(comp["metric"] == "ecommerce_businesses") & (comp["regency_code"] == catalog.PROVINCE)
               & (comp["year"] == survey_year())
               & ((comp["dataset_a"] == ECOMMERCE_DATASET) | (comp["dataset_b"] == ECOMMERCE_DATASET))]
    return hit.iloc[0] if not hit.empty else None


def status_chart_data(lang: str = "id") -> pd.DataFrame:
    """Bali (doing / not doing e-commerce) and NTB (doing; its rest is not printed) as stacked
    bars: area, status, value, start/end of each segment, label, figure id, dataset."""
    rows = []
    for area, ids in ((catalog.PROVINCE, (SHARE, NOT_SHARE)), ("52", (NTB_SHARE,))):
        start = 0.0
        for fid in ids:
            fig = catalog.figure(fid)
            status = _cat(fig["category"])
            value = float(fig["value"])
            rows.append({"area": catalog.regency_name(area, lang), "area_code": area, "status": status,
                         "status_text": t(f"digital.status_{status}", lang), "value": value,
                         "start": start, "end": start + value, "text": value_text(fid, lang),
                         "figure_id": fid, "dataset": fig["dataset"]})
            start += value
    return pd.DataFrame(rows)



def status_check() -> pd.Series:
    """quality.sum_checks for Bali's status split: 62,28 + 37,72 against 100."""
    checks = quality.sum_checks()
    hit = checks[(checks["metric"] == "ecommerce_share") & (checks["regency_code"] == catalog.PROVINCE)
                 & (checks["year"] == survey_year()) & (checks["dimension"] == "status")
                 & (checks["parts_datasets"] == ECOMMERCE_DATASET)]
    if hit.empty:
        raise LookupError("no sum check for Bali's e-commerce status split")
    return hit.iloc[0]


def _share_rows(metric: str, order: tuple[str, ...], label_key: str, lang: str) -> pd.DataFrame:
    rows = _rows(metric, ECOMMERCE_DATASET)
    rows = rows.assign(key=rows["category"].map(_cat)).set_index("key").reindex(list(order)).reset_index()
    return pd.DataFrame({
        "key": rows["key"], "label": [t(f"digital.{label_key}_{k}", lang) for k in rows["key"]],
        "value": rows["value"].astype(float), "text": [value_text(i, lang, symbol=True) for i in rows["id"]],
        "style": PRINTED, "order": range(len(rows)), "figure_id": rows["id"], "dataset": rows["dataset"],
        "qualifier": rows["qualifier"], "formula": ""})


def kbli_check() -> pd.Series:
    """quality.sum_checks for Table 2: the printed categories against 100% (status partial)."""
    checks = quality.sum_checks()
    hit = checks[(checks["metric"] == "ecommerce_kbli_share") & (checks["regency_code"] == catalog.PROVINCE)
                 & (checks["year"] == survey_year()) & (checks["parts_datasets"] == ECOMMERCE_DATASET)]
    if hit.empty:
        raise LookupError("no sum check for Table 2")
    return hit.iloc[0]


def kbli_rest():
    """Table 2's unprinted rest: 100% − the five printed categories (a `bounds.Computed`)."""
    return remainder("kbli_lainnya", tuple(_rows("ecommerce_kbli_share", ECOMMERCE_DATASET)["id"]), 100.0)


def kbli_data(lang: str = "id") -> pd.DataFrame:
    """Table 2's five printed KBLI categories and, computed, the rest: 100% − their sum."""
    printed = _share_rows("ecommerce_kbli_share", KBLI_ORDER, "kbli", lang)
    rest = kbli_rest()
    other = pd.DataFrame([{
        "key": "lainnya", "label": t("digital.kbli_other", lang), "value": rest.value,
        "text": t("digital.computed_value", lang, value=fmt_percent(rest.value, lang, 2)), "style": COMPUTED,
        "order": len(printed), "figure_id": "", "dataset": "", "qualifier": rest.qualifier,
        "formula": t("digital.kbli_formula", lang, parts=fmt_percent(rest.total - rest.value, lang, 2),
                     rest=fmt_percent(rest.value, lang, 2))}])
    return pd.concat([printed, other], ignore_index=True)


def start_data(lang: str = "id") -> pd.DataFrame:
    """E-commerce businesses by the year they started: before 2020, 2020–2021, 2022."""
    return _share_rows("ecommerce_start_share", START_ORDER, "start", lang)




# ============================================================================== internet use

def _category_bars(metric: str, dim: str, lang: str) -> pd.DataFrame:
    rows = _rows(metric)
    keys = rows["category"].map(_cat)
    return pd.DataFrame({
        "key": keys, "label": [t(f"digital.{dim}_{k}", lang) for k in keys],
        "value": rows["value"].astype(float), "text": [value_text(i, lang, symbol=True) for i in rows["id"]],
        "style": [BOUND if q in ("<", ">") else PRINTED for q in rows["qualifier"]],
        "order": range(len(rows)), "figure_id": rows["id"], "dataset": rows["dataset"],
        "qualifier": rows["qualifier"], "formula": ""})


def purposes_data(lang: str = "id") -> pd.DataFrame:
    """Table 1 in its printed order; the last row ("< 6%") has style BOUND: an upper bound."""
    return _category_bars("internet_purpose_share", "purpose", lang)


def platforms_data(lang: str = "id") -> pd.DataFrame:
    """The 10 social media platforms (share of internet users aged 16–64), in the paper's order."""
    return _category_bars("social_media_platform_share", "platform", lang)


def activities_data(lang: str = "id") -> pd.DataFrame:
    """What people do online (RRI 2024), in the paper's order."""
    return _category_bars("online_activity_share", "activity", lang)


def users_data(lang: str = "id") -> pd.DataFrame:
    """E-commerce users in Indonesia: 2024 (Statista's estimate) and 2029 (Statista's projection).
    value_millions is the value in millions, for the chart's axis."""
    rows = []
    for fid in USERS:
        fig = catalog.figure(fid)
        kind = PROJECTION if "proyeksi" in (fig["period"] or "") or "projection" in (fig["note"] or "") \
            else ESTIMATE
        rows.append({"year": int(fig["year"]), "value": float(fig["value"]),
                     "value_millions": float(fig["value"]) / 1e6, "kind": kind,
                     "kind_text": t(f"digital.users_{kind}", lang),
                     "text": value_text(fid, lang) + (f" ({t('digital.projection_word', lang)})"
                                                      if kind == PROJECTION else ""),
                     "figure_id": fid, "dataset": fig["dataset"], "note": fig["note"]})
    return pd.DataFrame(rows)


# ============================================================================== tables and CSVs
def source_of(data: pd.DataFrame, lang: str = "id") -> str:
    """The "Sumber: ..." line of a chart's data."""
    return _sources(data, lang)


# ============================================================================== challenges and training

@dataclass(frozen=True)
class Challenge:
    barrier_id: str
    label: str
    as_written: tuple[str, ...]
    measures: tuple[str, ...]          # record ids of the interventions linked to it
    editorial_only: bool               # every link is our reading, none the paper's own words
    params: dict[str, str] | None      # st.page_link query params; None when there is no measure
    url: str | None                    # the same as a path ("/intervensi?barrier=...")
    related_unaddressed: tuple[str, ...] = ()  # related barriers that also have no measure


def challenges(lang: str = "id") -> list[Challenge]:
    """Bali's digitalisation challenges (§4), in the paper's order, with the measures linked to them."""
    out = []
    unaddressed = set(iv.unaddressed_barriers())
    for b_id in iv.barrier_ids("digitalisasi_bali"):
        b = iv.barrier(b_id)
        recs = iv.find(barrier=b_id)
        paper = iv.find(barrier=b_id, link_source="paper")
        has = bool(recs)
        out.append(Challenge(
            barrier_id=b_id, label=b.label_in(lang), as_written=tuple(b.as_written),
            measures=tuple(r.id for r in recs), editorial_only=has and not paper,
            params=iv.page_link_params(barrier=b_id) if has else None,
            url=iv.page_url(barrier=b_id) if has else None,
            related_unaddressed=tuple(r for r in b.related if r in unaddressed)))
    return out


@dataclass(frozen=True)
class Training:
    record_id: str
    title: str
    words: str                         # the paper's words (Indonesian) for the item
    text: str                          # the item in the reader's language
    params: dict[str, str]
    url: str


TRAINING_LIST = "pelatihan_digital"


def trainings(lang: str = "id") -> list[Training]:
    """The conclusion's training items (records pel_*), in the paper's order."""
    recs = [r for r in iv.interventions() if r.list == TRAINING_LIST]
    return [Training(r.id, r.title_in(lang), r.text["id"], r.text_in(lang),
                     iv.page_link_params(ids=r.id), iv.page_url(ids=r.id)) for r in recs]


def trainings_link() -> dict[str, str]:
    """Query params for all the training items at once."""
    return iv.page_link_params(ids=[tr.record_id for tr in trainings()])


def training_lead(lang: str = "id") -> str:
    return iv.in_lang(iv.paper_list(TRAINING_LIST).lead, lang)


# ============================================================================== regency map

def map_layers() -> list[str]:
    """The e-commerce layers (keys of MAP_LAYERS) with at least one regency value."""
    return [key for key, (metric, category) in MAP_LAYERS.items()
            if indicators.period_options(metric, category=category)]


def has_regency_data() -> bool:
    return bool(map_layers())


def period_options(layer: str) -> list[indicators.PeriodOption]:
    metric, category = MAP_LAYERS[layer]
    return indicators.period_options(metric, category=category)


def default_period(layer: str) -> indicators.PeriodOption | None:
    metric, category = MAP_LAYERS[layer]
    return indicators.default_period(metric, category=category)


def provenance(dataset_ids: list[str]) -> list[str]:
    """For each imported dataset behind a map: its citation (file, uploader, date, version, sha256)."""
    out = []
    for ds_id in dataset_ids:
        ds = catalog.dataset(ds_id)
        if ds.kind == "imported":
            out.append(ds.citation)
    return out


def regency_sum_check(layer: str, option: indicators.PeriodOption | None) -> pd.Series | None:
    """The regencies of the map against a province total of the same year (quality.sum_checks),
    for the count layer only (shares do not add up)."""
    if option is None or option.undated or MAP_LAYERS[layer][1]:
        return None
    checks = quality.sum_checks()
    hit = checks[(checks["check"] == "regencies_vs_province") & (checks["metric"] == MAP_LAYERS[layer][0])
                 & (checks["year"] == option.year) & checks["parts_datasets"].isin(option.datasets)]
    return hit.iloc[0] if not hit.empty else None
