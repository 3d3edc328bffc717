"""A tiny app for tests/browser/test_page_state_browser.py: one page parameter drawn inside an
st.fragment, the language switch, and counters of full and fragment runs."""

import streamlit as st

from bali_umkm import ui
from bali_umkm.urlcodec import One, Param

lang = ui.init_lang()
st.title("Page state")
st.session_state["full_runs"] = st.session_state.get("full_runs", 0) + 1
ps = ui.page_state("demo", [Param("x", One(), default="a", choices=("a", "b", "c"))])
st.markdown(f"full runs: {st.session_state['full_runs']}")


@st.fragment
def chooser() -> None:
    st.session_state["fragment_runs"] = st.session_state.get("fragment_runs", 0) + 1
    value = ps.selectbox("x", "X", format_func=lambda v: f"{v} ({lang})")
    st.markdown(f"fragment runs: {st.session_state['fragment_runs']}; value: {value}")


chooser()
