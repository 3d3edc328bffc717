"""The only Streamlit in the package: what every page shares, so pages only lay out.

- `page`: the reader's language and its switch, the stylesheet (`init_lang`, `page_setup`, `lang`),
  a part of a page that reruns alone (`fragment`);
- `state`: the one way a page keeps its state, declared parameters drawn as widgets and kept in
  the URL (`page_state`, `url_notes`); `pickers`: the period, regency and map dropdowns;
- `blocks`: a chart as every page shows it (`show(view, key=...)`), rows of downloads, a long
  list a page at a time (`paged`);
- `cards`: figure, computed-figure and recommendation cards, the source line, a link line;
- `progress`: what a long action is doing, and no second start while it runs
  (`start_button`, `working`).

Text that did not come from this project (imported files, metadata) is escaped before it reaches
Markdown, and never rendered as HTML.
"""

from ..textsafe import escape_md, safe_filename
from .blocks import csv_download, downloads, paged, show, table_height
from .cards import card, cards, computed_card, figure_card, link_line, measure_card, source_note
from .page import STYLESHEET, fragment, init_lang, lang, page_setup
from .pickers import map_choice, period_box, regency_box
from .progress import start_button, working
from .state import PageState, page_state, url_notes

__all__ = [
    "STYLESHEET", "PageState", "card", "cards", "computed_card", "csv_download", "downloads", "escape_md",
    "figure_card", "fragment", "init_lang", "lang", "link_line", "map_choice", "measure_card", "page_setup",
    "page_state", "paged", "period_box", "regency_box", "safe_filename", "show", "source_note", "start_button",
    "table_height", "url_notes", "working",
]
