"""The floor of bench_rerun_browser.py: bench/floor_app.py (a title, one tiny Altair chart) and one
selectbox whose change reruns the whole script. Not part of the dashboard."""

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")
pick = st.selectbox("Pick", ["a", "b", "c"], key="floor_pick")
data = pd.DataFrame({"x": ["a", "b", "c"], "y": [1, 3, 2]})
st.altair_chart(alt.Chart(data[data["x"] != pick]).mark_bar().encode(x="x:N", y="y:Q"), width="stretch")
