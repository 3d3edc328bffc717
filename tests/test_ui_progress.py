"""ui.start_button and ui.working: the run a click starts draws no button (nothing to press twice)
and does the action under a status in its place; the status ends complete, or shows the error."""

from streamlit.testing.v1 import AppTest


def app() -> None:
    import streamlit as st

    from bali_umkm import ui

    if ui.start_button("Make", key="make"):
        st.session_state["made"] = st.session_state.get("made", 0) + 1
        try:
            with ui.working("Making the thing") as box:
                box.update(label="step 1 of 2")
                if st.session_state.get("fail"):
                    raise RuntimeError("broken")
                box.update(label="step 2 of 2")
        except RuntimeError:
            st.session_state["failed"] = True


def run(fail: bool) -> AppTest:
    at = AppTest.from_function(app, default_timeout=60)
    at.session_state["fail"] = fail
    at.run()
    assert not at.status
    at.button(key="make").click().run()
    assert not at.exception, at.exception
    return at


def test_the_run_a_click_starts_has_no_button_and_a_status_that_ends_complete():
    at = run(False)
    assert not at.button  # nothing to click twice while it runs
    assert at.status[0].label == "step 2 of 2" and at.status[0].state == "complete"
    at.run()  # the next run (any widget) does not start it again
    assert at.session_state["made"] == 1 and at.button(key="make").label == "Make"


def test_a_failing_action_leaves_its_status_in_error():
    at = run(True)
    assert at.session_state["failed"]
    assert at.status[0].label == "step 1 of 2" and at.status[0].state == "error"
