"""Waiting made visible: what a long action is doing while it runs, and no second start.

    with st.container(key="br_make"):
        if ui.start_button(t("briefing.build", lang), key="br_build"):
            with ui.working(t("briefing.building", lang)) as box:
                ...  # box.update(label=...) at each step
            st.success(...)

Streamlit keeps a button clickable while the script runs, and a click then stops the run and
starts it again. So the click only asks for the action (a callback); the run it starts does not
draw the button at all (a second click has nothing to press) and does the action in its place,
under a st.status saying what is being done, step by step.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st


def _ask(flag: str) -> None:
    st.session_state[flag] = True


def start_button(label: str, *, key: str, **kwargs) -> bool:
    """The button (st.button's keyword arguments), or nothing in the run its click started: True
    in that run only, to do the action there (under `working`, which takes the button's place).
    Streamlit keeps showing the pressed button, stale, until that run ends: drawn in a container
    `start_<key>`, a11y.css makes it unpressable meanwhile."""
    flag = f"{key}__asked"
    if st.session_state.pop(flag, False):
        return True
    with st.container(key=f"start_{key}"):
        st.button(label, key=key, on_click=_ask, args=(flag,), **kwargs)
    return False


@contextmanager
def working(label: str) -> Iterator:
    """A st.status titled `label` around the block, yielded for its steps (`.update(label=...)`):
    complete when the block ends, showing the error when it raises (the exception goes on)."""
    with st.status(label, expanded=True) as box:
        yield box
        box.update(state="complete", expanded=False)
