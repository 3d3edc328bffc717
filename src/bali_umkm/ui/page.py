"""A page's basics: the reader's language (with its switch) and the page's stylesheet."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from ..i18n import DEFAULT_LANG, LANGS, norm_lang, t

STYLESHEET = Path(__file__).with_name("a11y.css")
RUN_KEY = "_ui_run"   # full runs of the app in this session (ui.state tells an arrival from a rerun)


def init_lang() -> str:
    """Once per run, from app.py: the language from ?lang= (default Indonesian), with a switch in
    the sidebar; kept in the URL. Also counts the run (see ui.state)."""
    st.session_state[RUN_KEY] = st.session_state.get(RUN_KEY, 0) + 1
    if "lang" not in st.session_state:
        st.session_state["lang"] = norm_lang(st.query_params.get("lang", DEFAULT_LANG))
    st.sidebar.radio(
        "Bahasa / Language", options=list(LANGS), key="lang", horizontal=True,
        format_func=lambda code: t(f"common.language_{code}", code),
    )
    lang = norm_lang(st.session_state["lang"])
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def page_setup(lang: str) -> None:
    """Once per run, from app.py: the project's small stylesheet (a11y.css: caption contrast,
    key figures that wrap instead of being cut) and the page's language for screen readers.

    Streamlit serves every page as <html lang="en">, so a screen reader would read Indonesian
    with English rules. A one-line script sets document.documentElement.lang to the reader's
    language (only ever "id" or "en", never user text); it runs again when the language changes.
    Both sit in one st.html in a sidebar container that a11y.css hides, so they take no room.
    Streamlit's sanitiser (DOMPurify) drops a <style> whose text holds a "<": a test keeps
    a11y.css free of it."""
    css = STYLESHEET.read_text(encoding="utf-8")
    script = f"document.documentElement.lang = {json.dumps(norm_lang(lang))};"
    with st.sidebar.container(key="a11y_lang"):
        st.html(f"<script>{script}</script><style>{css}</style>", unsafe_allow_javascript=True)


def lang() -> str:
    """The reader's language in this run ("id" or "en")."""
    return norm_lang(st.session_state.get("lang", st.query_params.get("lang", DEFAULT_LANG)))
