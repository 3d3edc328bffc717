"""The few Streamlit helpers every page shares: language, the source note, a figure card.

Pages call these; logic lives in the other modules. Text that did not come from this project
(imported files, metadata) is escaped before it reaches Markdown, and never rendered as HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd
import streamlit as st

from . import catalog
from .i18n import DEFAULT_LANG, LANGS, fmt_value, norm_lang, t
from .textsafe import escape_md as escape_md  # re-exported: pages call ui.escape_md
from .textsafe import safe_url


def link_line(label: str, url: str) -> None:
    """'Label: <link>' where the link text is the URL, escaped; non-web text is shown as text."""
    target = safe_url(url)
    if target:
        st.markdown(f"{label}: [{escape_md(url)}]({target})")
    else:
        st.markdown(f"{label}: {escape_md(url)}")


def init_lang() -> str:
    """Language from ?lang= (default Indonesian), with a switch in the sidebar; kept in the URL."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = norm_lang(st.query_params.get("lang", DEFAULT_LANG))
    st.sidebar.radio(
        "Bahasa / Language", options=list(LANGS), key="lang", horizontal=True,
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
    )
    lang = norm_lang(st.session_state["lang"])
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def lang() -> str:
    return norm_lang(st.session_state.get("lang", st.query_params.get("lang", DEFAULT_LANG)))


def source_note(dataset_ids: str | list[str], period: str | None = None) -> None:
    """The "Sumber: ..." line under a figure or chart."""
    st.caption(escape_md(catalog.source_line(dataset_ids, lang(), period)))


def figure_card(label: str, figure_id: str, *, scale: int | None = None, help_text: str | None = None) -> None:
    """A headline figure: the value as written in Indonesian/English, its period and short source.

    The full source line (with licence) goes once under the group of cards: `source_note`.
    """
    fig = catalog.figure(figure_id)
    code = lang()
    st.metric(label, fmt_value(fig["value"], fig["unit"], code, fig["qualifier"], scale=scale),
              help=help_text)
    period = fig["period"] or ("" if pd.isna(fig["year"]) else str(fig["year"]))
    st.caption(escape_md(f"{t('common.period', code)}: {period or t('common.undated', code)}"))
    st.caption(escape_md(catalog.source_short(fig["dataset"], code)))


def sync_query_params(params: Mapping[str, str], managed: Iterable[str]) -> None:
    """Make the URL hold `params` for the `managed` keys; other keys (lang, ...) are left alone.

    Writes only what changed, so a rerun with the same state sends nothing."""
    for key in managed:
        value = params.get(key)
        if value:
            if st.query_params.get_all(key) != [value]:
                st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]


def downloads(files: list[tuple[str, Callable[[], bytes | str], str, str]], key: str) -> None:
    """A row of download buttons: (label, make the bytes when clicked, file name, MIME type)."""
    for i, (col, (label, make, name, mime)) in enumerate(zip(st.columns(len(files)), files, strict=True)):
        with col:
            st.download_button(label, make, file_name=name, mime=mime, key=f"{key}_{i}", on_click="ignore",
                               icon=":material/download:")
