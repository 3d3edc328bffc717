"""The floor page of bench_pages_browser.py: a title and one tiny Altair chart, nothing else.

Served by its own `streamlit run` with the same flags and .streamlit/config.toml as app.py, so
its settle time is what any page of this app costs at least (HTML, Streamlit's JavaScript, the
websocket, one script run, the chart renderer). Not part of the dashboard.
"""

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")
data = pd.DataFrame({"x": ["a", "b", "c"], "y": [1, 3, 2]})
st.altair_chart(alt.Chart(data).mark_bar().encode(x="x:N", y="y:Q"), width="stretch")
