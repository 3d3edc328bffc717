"""A briefing deck for DPR meetings, built from the same views the pages show. No Streamlit here.

`build(Options(...))` returns a `Deck`: a list of `Slide`s in a format-neutral form (title,
bullets, figure cards, charts, a table, recommendations, the source line for the footer). The
writers `export.briefing_pptx.to_pptx(deck)` and `export.briefing_pdf.to_pdf(deck)` lay it out.

Every number comes from the logic modules the pages use: the key figures are the overview page's
cards (`overview.SECTIONS`), the charts are the pages' own chart views (`distribution.scale_view`,
`kur_uptake.sector_view`, `digital.status_view`, ...), the map is `maps.map_view`, the
regency's figures are `regency_record.table`, the recommendations `interventions.find`.
Nothing here types in a figure, so a deck and the dashboard cannot disagree.

    deck = build(Options(lang="id", regency="5107"))
    [s.title for s in deck.slides]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd
from babel.dates import format_date

from .. import catalog, digital, indicators, kur, quality
from .. import interventions as iv
from ..bounds import input_text
from ..cache import cached
from ..i18n import BABEL_LOCALE, LANGS, fmt_figure, norm_lang, t
from ..urlcodec import Many, One, Param
from . import digital as digital_views
from . import distribution, kur_uptake, maps, overview, regency_record

DEFAULT_METRIC = maps.DEFAULT_METRIC  # the map slide opens where the map page does
DEFAULT_ACTORS = ("pemerintah",)     # a DPR briefing: what the paper asks of government
SECTOR_REGENCY, SECTOR_YEAR = "5107", 2021   # the regency sector split the distribution page shows
PROFILE_DROP = ("province_source",)  # too wide for a slide; the source of each row stays
PAPER_RECORD = "paper_method"        # the catalogue record whose citation is the paper itself


class BriefingError(ValueError):
    """A choice the deck cannot be built from; the message is in Indonesian and English."""


@dataclass(frozen=True)
class Options:
    """What the reader chose: language, map indicator, regency, recommendations."""

    lang: str = "id"
    metric: str = DEFAULT_METRIC
    derived: str | None = None
    period: str | None = None          # a PeriodOption key; None = the metric's default period
    regency: str | None = None         # a BPS code; None = no regency profile
    actor: tuple[str, ...] = ()        # recommendations by actor and/or barrier;
    barrier: tuple[str, ...] = ()      # neither given = DEFAULT_ACTORS
    today: dt.date | None = None       # the date on the title slide (default: today)

    @property
    def filters(self) -> iv.Filters:
        actor = self.actor if (self.actor or self.barrier) else DEFAULT_ACTORS
        return iv.Filters(actor=tuple(actor), barrier=tuple(self.barrier))


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    detail: str          # period and short source


@dataclass(frozen=True)
class Item:
    """A recommendation on a slide."""

    title: str
    meta: str            # actor · category · section of the paper
    text: str
    barriers: str        # linked barriers, each marked paper/editorial


@dataclass
class Slide:
    """One slide (a writer may split a long table, list or source list over several)."""

    kind: str            # title | figures | chart | map | profile | interventions | sources
    title: str
    subtitle: str = ""
    bullets: list[str] = field(default_factory=list)
    cards: list[tuple[str, list[Card]]] = field(default_factory=list)   # (section heading, cards)
    charts: list = field(default_factory=list)   # charts.base.ChartView (a maps.MapView for the map)
    table: pd.DataFrame | None = None
    table_widths: tuple[float, ...] = ()         # relative column widths
    items: list[Item] = field(default_factory=list)
    footer: str = ""     # the source line(s) drawn at the foot of the slide
    datasets: list[str] = field(default_factory=list)
    empty_text: str = ""  # what to say when a table or list is empty

    @property
    def has_chart(self) -> bool:
        return bool(self.charts)


@dataclass
class Deck:
    options: Options
    lang: str
    title: str
    date_text: str
    period_text: str
    slides: list[Slide]
    datasets: list[str]          # every dataset the deck draws on, in order of appearance
    page_titles: list[str] = field(default_factory=list)   # set by a writer: the slides as laid out

    @property
    def file_stem(self) -> str:
        """'briefing-umkm-bali-2026-11-28' (+ '-5107' with a regency)."""
        day = (self.options.today or dt.date.today()).isoformat()
        return f"briefing-umkm-bali-{day}" + (f"-{self.options.regency}" if self.options.regency else "")


# --- checking the choices ----------------------------------------------------------------------

def _error(key: str, **kw) -> BriefingError:
    return BriefingError(f"{t(key, 'id', **kw)} / {t(key, 'en', **kw)}")


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(dict.fromkeys(v.strip() for v in items if v and v.strip()))


def options(lang: str = "id", metric: str | None = None, derived: str | None = None, period: str | None = None,
            regency: str | None = None, actor: str | Iterable[str] | None = None,
            barrier: str | Iterable[str] | None = None, today: dt.date | None = None) -> Options:
    """Options from loose input (CLI arguments, URL parameters), checked; raises BriefingError
    (one line, Indonesian / English) naming what is wrong and what is valid."""
    if lang not in LANGS:
        raise _error("briefing.err_lang", value=lang, valid=", ".join(LANGS))
    metric = metric or DEFAULT_METRIC
    metrics = indicators.map_metrics()
    if metric not in metrics:
        raise _error("briefing.err_metric", value=metric, valid=", ".join(metrics))
    derived = None if derived in (None, "", "none") else derived
    if derived is not None and derived not in indicators.derivations(metric):
        raise _error("briefing.err_derived", value=derived, metric=metric,
                     valid=", ".join(indicators.derivations(metric)) or "–")
    periods = [o.key for o in indicators.period_options(metric)]
    if period and period not in periods:
        raise _error("briefing.err_period", value=period, metric=metric, valid=", ".join(periods) or "–")
    regency = regency or None
    if regency is not None and regency not in catalog.REGENCY_CODES:
        raise _error("briefing.err_regency", value=regency, valid=", ".join(catalog.REGENCY_CODES))
    actors, barriers = _as_tuple(actor), _as_tuple(barrier)
    unknown = [a for a in actors if a not in iv.actor_ids()]
    if unknown:
        raise _error("briefing.err_actor", value=", ".join(unknown), valid=", ".join(iv.actor_ids()))
    unknown = [b for b in barriers if b not in iv.barrier_ids()]
    if unknown:
        raise _error("briefing.err_barrier", value=", ".join(unknown), valid=", ".join(iv.barrier_ids()))
    return Options(lang=lang, metric=metric, derived=derived, period=period or None, regency=regency,
                   actor=actors, barrier=barriers, today=today)


# --- the slides --------------------------------------------------------------------------------

def _card(figure_id: str, label: str, lang: str) -> Card:
    fig = catalog.figure(figure_id)
    period = catalog.period_label(fig["period"], lang) or ("" if pd.isna(fig["year"]) else str(int(fig["year"])))
    detail = " · ".join([f"{t('common.period', lang)}: {period or t('common.undated', lang)}",
                         catalog.source_short(fig["dataset"], lang, figure_id=figure_id),
                         *catalog.caveats([figure_id], lang)])
    return Card(label, fmt_figure(fig["value"], fig["unit"], lang, fig["qualifier"]), detail)


def figures_slide(lang: str) -> Slide:
    """The overview page's headline cards, section by section."""
    sections = [(t(f"overview.{s.key}", lang),
                 [_card(fid, t(f"overview.card_{fid}", lang), lang) for fid in s.figures])
                for s in overview.SECTIONS]
    datasets = list(dict.fromkeys(d for s in overview.SECTIONS for d in overview.section_datasets(s)))
    return Slide("figures", t("briefing.figures_title", lang), cards=sections,
                 bullets=[t("overview.disagree_text", lang, **quality.summary())],
                 footer=t("briefing.footer_cards", lang), datasets=datasets)


def _chart_slide(title: str, view, bullets: list[str], datasets: list[str] | None = None) -> Slide:
    """One chart with the sentences a reader needs beside it; its source line is the footer."""
    return Slide("chart", title, bullets=bullets, charts=[view], footer=view.source_line,
                 datasets=list(dict.fromkeys([*view.datasets, *(datasets or [])])))


def distribution_slides(lang: str) -> list[Slide]:
    """MSMEs by scale (with the sum check) and by sector (the paper's ranks, a regency's split)."""
    scale = [distribution.scale_sum_note(lang)]
    sector = [t("distribution.trade_leads", lang)] if distribution.trade_leads_every_scale() else []
    highlights = distribution.sector_highlights()
    sector.append(t("distribution.second_sectors", lang) + " " + "; ".join(
        f"{t(f'distribution.card_{fid}', lang)}: {_card(fid, '', lang).value}" for fid in highlights) + ".")
    return [_chart_slide(t("briefing.scale_title", lang), distribution.scale_view(lang), scale),
            _chart_slide(t("briefing.sector_title", lang),
                         distribution.sector_view(SECTOR_REGENCY, SECTOR_YEAR, lang), sector,
                         [catalog.figure(fid)["dataset"] for fid in highlights])]


def kur_slides(lang: str) -> list[Slide]:
    """Bali's KUR and Kredit Program with the sector shares; the national realisation."""
    fig = catalog.figure(kur.CREDIT_PROGRAM[0])
    scheme_share = kur.scheme_computed()[0]
    bali = [
        t("briefing.kur_bali", lang, value=input_text(kur.BALI_SIKP[0], lang),
          debtors=input_text(kur.BALI_SIKP[1], lang), micro_value=input_text(kur.BALI_SIKP[2], lang),
          micro_debtors=input_text(kur.BALI_SIKP[3], lang)),
        t("briefing.kur_program", lang, period=catalog.period_text(fig["year"], fig["period"], lang),
          value=input_text(kur.CREDIT_PROGRAM[0], lang), debtors=input_text(kur.CREDIT_PROGRAM[1], lang),
          scheme=input_text(kur.KUR_MIKRO_SCHEME[0], lang),
          share=scheme_share.text(lang) if not scheme_share.refused else t("bounds.not_given", lang)),
    ]
    national = [t("kur_uptake.national_caption", lang, share=kur.realisation_share().text(lang),
                  gap=kur.realisation_gap().text(lang)), t("kur_uptake.national_period", lang)]
    return [_chart_slide(t("briefing.kur_bali_title", lang), kur_uptake.sector_view(lang), bali, [fig["dataset"]]),
            _chart_slide(t("briefing.kur_national_title", lang), kur_uptake.national_view(lang), national)]


def digital_slides(lang: str) -> list[Slide]:
    """E-commerce in Bali and what 62,28% is a share of; Table 2 by KBLI category."""
    frame = digital_views.frame_texts(lang)
    status = [t("briefing.digital_frame", lang, **frame), t("digital.frame_warning", lang, **frame)]
    return [_chart_slide(t("briefing.digital_title", lang), digital_views.status_view(lang), status,
                         [catalog.figure(digital.UMKM_TOTAL)["dataset"]]),
            _chart_slide(t("briefing.kbli_title", lang), digital_views.kbli_view(lang),
                         [digital_views.kbli_note(lang)])]


def map_slide(opts: Options, lang: str) -> Slide:
    view = maps.map_view(opts.metric, opts.period, opts.derived, lang=lang, selected=opts.regency)
    values = view.table.iloc[:, :2]   # regency and value, as the page's "view as table" shows them
    slide = Slide("map", t("briefing.map_title", lang, title=view.title), charts=[view], table=values,
                  bullets=list(view.notes),   # also drawn in the chart, small: the slide repeats them legibly
                  table_widths=(1.0, 1.0), footer=view.source_line, datasets=[*view.datasets, "geo_boundaries"],
                  empty_text=t("common.no_data", lang))
    if opts.regency:
        slide.subtitle = t("briefing.map_selected", lang, name=catalog.regency_name(opts.regency, lang))
    return slide


def profile_slide(code: str, lang: str) -> Slide:
    """Every figure the catalogue holds for the regency, beside the province's (the distribution
    page's panel)."""
    name = catalog.regency_name(code, lang)
    profile = regency_record.figures(code)
    table = regency_record.table(code, lang)
    table = table.drop(columns=[t(f"indicators.col_{c}", lang) for c in PROFILE_DROP])
    datasets = list(dict.fromkeys([*profile["dataset"], *(d for d in profile["province_dataset"] if d)]))
    return Slide("profile", t("briefing.profile_title", lang, name=name),
                 subtitle=t("briefing.profile_intro", lang, n=len(profile), name=name,
                            n_sources=profile["dataset"].nunique()),
                 table=table, table_widths=(1.5, 1.1, 1.6, 1.1, 1.1, 0.8, 2.0),
                 footer=t("briefing.footer_table", lang), datasets=datasets,
                 empty_text=t("distribution.panel_empty", lang, name=name))


def _item(rec: iv.Intervention, lang: str) -> Item:
    meta = [iv.actor_label(rec.actor, lang), iv.category_label(rec.category, lang), rec.section]
    if rec.actor_source == "editorial":
        meta.append(t("interventions.actor_editorial", lang))
    links = "; ".join(f"{iv.barrier_label(b.id, lang)} ({t('interventions.badge_' + b.source, lang)})"
                      for b in rec.barriers)
    text = f"“{rec.text['id']}”" if lang == "id" else rec.text_in(lang)   # the paper's own words, quoted
    return Item(rec.title_in(lang), " · ".join(meta), text,
                f"{t('briefing.barriers', lang)}: {links}" if links else "")


def interventions_slide(opts: Options, lang: str) -> Slide:
    filters = opts.filters
    records = filters.apply()
    subtitle = "; ".join(iv.describe_filters(filters, lang)) + " · " + t(
        "interventions.n_shown", lang, shown=len(records), total=len(iv.interventions()))
    return Slide("interventions", t("briefing.interventions_title", lang), subtitle=subtitle,
                 items=[_item(r, lang) for r in records], footer=iv.source_line(lang),
                 empty_text=t("briefing.no_interventions", lang))


def sources_table(dataset_ids: list[str], lang: str) -> pd.DataFrame:
    """One row per dataset: producer and title (with where the paper quotes it), period, licence, trust."""
    rows = []
    for ds_id in dataset_ids:
        ds = catalog.dataset(ds_id)
        what = f"{ds.text('producer', lang)}: {ds.title_in(lang)}"
        if ds.kind == "paper":
            what += f" ({t('briefing.cited_in', lang)} {ds.paper_citation})"
        rows.append({t("briefing.col_dataset", lang): what,
                     t("common.period", lang): catalog.period_label(ds.period, lang),
                     t("briefing.col_licence", lang): ds.text("licence", lang),
                     t("common.trust", lang): catalog.trust_word(ds.trust, lang)})
    return pd.DataFrame(rows)


def sources_slide(dataset_ids: list[str], lang: str) -> Slide:
    return Slide("sources", t("briefing.sources_title", lang),
                 subtitle=t("briefing.sources_intro", lang, paper=catalog.PAPER_CITATION,
                            licence=catalog.dataset(PAPER_RECORD).text("licence", lang), n=len(dataset_ids)),
                 table=sources_table(dataset_ids, lang), table_widths=(4.2, 1.6, 2.6, 0.9),
                 footer=t("briefing.footer_sources", lang), datasets=list(dataset_ids))


def data_period(dataset_ids: list[str], lang: str) -> str:
    """'2016–2024' over the catalogue figures of the datasets the deck uses, and whether some are undated."""
    figs = catalog.figures()
    years = figs.loc[figs["dataset"].isin(dataset_ids), "year"]
    dated = years.dropna().astype(int)
    if dated.empty:
        text = t("common.undated", lang)
    else:
        first, last = int(dated.min()), int(dated.max())
        text = str(first) if first == last else f"{first}–{last}"
    if years.isna().any() and not dated.empty:
        text = t("briefing.period_with_undated", lang, years=text)
    return text


def title_slide(opts: Options, lang: str, date_text: str, period_text: str) -> Slide:
    choices = [t("briefing.choice_map", lang, title=indicators.indicator_title(opts.metric, opts.derived, lang))]
    if opts.regency:
        choices.append(t("briefing.choice_regency", lang, name=catalog.regency_name(opts.regency, lang)))
    choices.append(t("briefing.choice_interventions", lang, filters="; ".join(iv.describe_filters(opts.filters, lang))))
    return Slide("title", t("briefing.deck_title", lang),
                 subtitle=t("briefing.deck_subtitle", lang),
                 bullets=[t("briefing.made_on", lang, date=date_text),
                          t("briefing.data_period", lang, period=period_text),
                          *choices, t("briefing.made_with", lang, paper=catalog.PAPER_SHORT)],
                 footer=t("briefing.footer_title", lang))


def build(opts: Options | None = None) -> Deck:
    """The deck for `opts`: title, key figures, MSMEs by scale and sector, KUR, digital adoption,
    the regency map, the regency's profile (when one is chosen), the recommendations, sources.
    Built once per (options, day, data version): the page outlines it on every run; each caller
    gets its own Deck (a writer records its page titles in it), sharing the slides."""
    opts = opts or Options()
    return _build(opts if opts.today else replace(opts, today=dt.date.today()))


@cached(maxsize=16, copy=lambda deck: replace(deck, page_titles=[]))
def _build(opts: Options) -> Deck:
    lang = norm_lang(opts.lang)
    today = opts.today
    body = [figures_slide(lang), *distribution_slides(lang), *kur_slides(lang), *digital_slides(lang),
            map_slide(opts, lang)]
    if opts.regency:
        body.append(profile_slide(opts.regency, lang))
    body.append(interventions_slide(opts, lang))
    datasets = list(dict.fromkeys(d for s in body for d in s.datasets))
    date_text = format_date(today, format="long", locale=BABEL_LOCALE[lang])
    period_text = data_period(datasets, lang)
    slides = [title_slide(opts, lang, date_text, period_text), *body, sources_slide(datasets, lang)]
    return Deck(options=opts, lang=lang, title=t("briefing.deck_title", lang), date_text=date_text,
                period_text=period_text, slides=slides, datasets=datasets)


# --- the page: its choices in the URL, and the same deck from the command line ----------------------

BY = ("actor", "barrier")


def _spec_strings(node) -> list[str]:
    """Every string in a chart spec (titles, subtitles, labels, the data it draws)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [x for v in node.values() for x in _spec_strings(v)]
    if isinstance(node, list):
        return [x for v in node for x in _spec_strings(v)]
    return [] if node is None or isinstance(node, bool) else [str(node)]


def deck_text(deck: Deck) -> str:
    """Everything a deck says, as one text: titles, bullets, cards, tables, items, footers and
    its charts' specs (their titles, subtitles and the values drawn), for tests and searches."""
    parts: list[str] = []
    for s in deck.slides:
        parts += [s.title, s.subtitle, *s.bullets, s.footer, s.empty_text]
        parts += [f"{c.label} {c.value} {c.detail}" for _, cards in s.cards for c in cards]
        parts += [heading for heading, _ in s.cards]
        if s.table is not None:
            parts += [str(c) for c in s.table.columns] + [str(v) for v in s.table.to_numpy().ravel()]
        parts += [f"{i.title} {i.meta} {i.text} {i.barriers}" for i in s.items]
        for view in s.charts:
            parts += [*_spec_strings(view.chart.to_dict()), view.source_line, view.alt_text]
            parts += [str(v) for v in view.table.to_numpy().ravel()]
    return " ".join(" ".join(p.split()) for p in parts if p)


def url_params(page_lang: str = "id") -> tuple[Param, ...]:
    """?deck= (the deck's language; left out when it is the page's, `page_lang`) &metric=
    &derived= &period= &regency= (views.maps.picker_params, read as on the map page)
    &by=actor|barrier, then ?actor= or ?barrier= (comma lists; only the one `by` names is in the URL)."""
    return (
        Param("deck", One(), default=norm_lang(page_lang), choices=LANGS, omit_default=True),
        *maps.picker_params(DEFAULT_METRIC),
        Param("by", One(), default="actor", choices=BY),
        Param("actor", Many(), default=(), choices=lambda v: iv.actor_ids(), when=lambda v: v["by"] == "actor"),
        Param("barrier", Many(), default=(), choices=lambda v: iv.barrier_ids(), when=lambda v: v["by"] == "barrier"),
    )


def options_of(values, page_lang: str = "id") -> Options:
    """The deck's Options for the page's values (checked: raises BriefingError)."""
    by = values["by"]
    return options(lang=values["deck"], metric=values["metric"], derived=values["derived"] or None,
                   period=values["period"] or None, regency=values["regency"] or None,
                   actor=values["actor"] if by == "actor" else (), barrier=values["barrier"] if by == "barrier" else ())


def command_line(deck: Deck) -> str:
    """The same deck from the command line: `python -m bali_umkm briefing --out ... --lang ...`."""
    o = deck.options
    return " ".join(["python -m bali_umkm briefing", f"--out {deck.file_stem}.pptx", f"--lang {o.lang}",
                     f"--metric {o.metric}", *([f"--derived {o.derived}"] if o.derived else []),
                     *([f"--period {o.period}"] if o.period else []),
                     *([f"--regency {o.regency}"] if o.regency else []),
                     *([f"--actor {','.join(o.actor)}"] if o.actor else []),
                     *([f"--barrier {','.join(o.barrier)}"] if o.barrier else [])])
