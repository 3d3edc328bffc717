"""The few Streamlit helpers every page shares: language, the source note, a figure card.

Pages call these; logic lives in the other modules. Text that did not come from this project
(imported files, metadata) is escaped before it reaches Markdown, and never rendered as HTML.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from . import catalog
from .i18n import DEFAULT_LANG, LANGS, fmt_value, norm_lang, t

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")


def escape_md(text: object) -> str:
    """Make any text safe to show with st.markdown/st.caption: no links, HTML or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def safe_url(url: str) -> str | None:
    """An http(s) URL made safe for a Markdown link (spaces and brackets encoded), else None."""
    url = str(url).strip()
    if not re.match(r"https?://[^\s]", url):
        return None
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C") \
        .replace(">", "%3E").replace('"', "%22")


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
