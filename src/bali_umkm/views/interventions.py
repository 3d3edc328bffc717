"""The "Intervensi / Interventions" page's views: its filter in the URL, the actor × barrier matrix
and the words of a record, from `interventions`.

The filter lives in the URL (`url_params`: ?actor=lsm&barrier=kur_agunan,kur_persyaratan&
category=akses_permodalan&q=proposal, plus id= (record ids), partners=1 and links=paper|editorial),
so a view can be shared; a click on the matrix (or a cell of its table) sets actor and barrier.
No Streamlit here: pages/interventions.py lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import interventions as iv
from ..catalog import PAPER_CITATION
from ..charts.base import ChartView
from ..charts.interventions import image_chart, matrix_heatmap
from ..i18n import t
from ..urlcodec import Flag, Many, One, Param, Text

LINK_CHOICES = ("", *iv.LINK_SOURCES)   # "" = every link counts


def url_params() -> tuple[Param, ...]:
    """The page's filter as URL parameters (lists comma-separated; an unknown id is dropped)."""
    return (
        Param("actor", Many(), default=(), choices=lambda v: iv.actor_ids()),
        Param("barrier", Many(), default=(), choices=lambda v: iv.barrier_ids()),
        Param("category", Many(), default=(), choices=lambda v: iv.category_ids()),
        Param("q", Text(max_chars=200), default=""),
        Param("id", Many(), default=(), choices=lambda v: [r.id for r in iv.interventions()]),
        Param("partners", Flag(), default=False),
        Param("links", One(), default="", choices=LINK_CHOICES),
    )


def filters_of(values: Mapping) -> iv.Filters:
    """The filter the page's values describe."""
    return iv.Filters(actor=tuple(values["actor"]), barrier=tuple(values["barrier"]),
                      category=tuple(values["category"]), q=values["q"], ids=tuple(values["id"]),
                      partners=bool(values["partners"]), links=values["links"] or None)


def values_of(filters: iv.Filters) -> dict:
    """The page's values for a filter (what a matrix click or a link sets)."""
    return {"actor": filters.actor, "barrier": filters.barrier, "category": filters.category, "q": filters.q,
            "id": filters.ids, "partners": filters.partners, "links": filters.links or ""}


def links_label(value: str, lang: str = "id") -> str:
    return t(f"interventions.links_{value or 'all'}", lang)


def matrix_view(filters: iv.Filters, lang: str = "id") -> ChartView:
    """The actor × barrier heatmap of the records matching the filter's category and words (the
    cells of the chosen actor and barrier outlined); its table is barriers × actors, its CSV the
    tidy counts, its picture the same grid without the click hints."""
    scope = iv.find(category=filters.category, query=filters.q)
    grid = iv.matrix(scope, lang, link_source=filters.links)
    title = t("interventions.matrix_chart_title", lang)
    args = dict(title=title, unit_label=t("interventions.matrix_unit", lang), lang=lang,
                tooltip_titles={"barrier": t("interventions.col_barrier", lang),
                                "actor": t("interventions.col_actor", lang), "n": t("interventions.col_n", lang)},
                selected={(a, b) for a in filters.actor for b in filters.barrier})
    source = iv.source_line(lang)
    alt_text = t("interventions.matrix_alt", lang, actors=len(iv.actor_ids()), barriers=len(iv.barrier_ids()))
    csv = grid[["barrier", "barrier_label", "actor", "actor_label", "n"]]
    return ChartView(matrix_heatmap(grid, **args), source, alt_text, matrix_table(grid, lang), csv,
                     "intervensi-matriks", title=title, image=image_chart(grid, **args),
                     csv_source=f"{source} {PAPER_CITATION}", table_index=True, theme=False, words="interventions")


def matrix_table(df: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """interventions.matrix() as a table people read: barriers as rows, actors as columns."""
    wide = df.pivot(index="barrier_label", columns="actor_label", values="n")
    wide = wide.loc[list(dict.fromkeys(df["barrier_label"])), list(dict.fromkeys(df["actor_label"]))]
    wide.index.name = t("interventions.col_barrier", lang)
    wide.columns.name = None
    return wide



def cell_filter(row: int, column: str, current: iv.Filters, lang: str = "id") -> iv.Filters:
    """The filter after a click on a cell of the matrix's table (row: a barrier's position;
    column: an actor's short label); an unknown cell leaves it as it is."""
    labels = [iv.actor_label(a, lang, short=True) for a in iv.actor_ids()]
    if column in labels and 0 <= int(row) < len(iv.barrier_ids()):
        cell = {"actor": iv.actor_ids()[labels.index(column)], "barrier": iv.barrier_ids()[int(row)]}
        return iv.filters_from_selection(cell, current)
    return current
