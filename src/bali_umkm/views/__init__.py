"""The views: what each page shows, assembled from the core (figures, rules, checks) and the charts.

One module per page, named as the page file and its locale file (pages/<name>.py,
locales/*/<name>.yaml): `*_view()` functions return a `charts.base.ChartView` (a chart with its
source line, accessible name, table and CSV), `*_cards()` the page's `cards.Card`s, and the rest
are the tables and sentences the page lays out. `maps` is the regency map every page shares.
No Streamlit here: `ui` draws it all, and the briefing deck repeats the same views.
"""
