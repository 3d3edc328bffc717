"""The only Streamlit in the package: what every page shares, so pages only lay out.

- `page`: the reader's language and its switch, the stylesheet (`init_lang`, `page_setup`, `lang`);
- `state`: the one way a page keeps its state, declared parameters drawn as widgets and kept in
  the URL (`page_state`, `url_notes`); `pickers`: the period, regency and map dropdowns;
- `blocks`: a chart as every page shows it (`show(view, key=...)`) and rows of downloads;
- `cards`: figure, computed-figure and recommendation cards, the source line, a link line.

Text that did not come from this project (imported files, metadata) is escaped before it reaches
Markdown, and never rendered as HTML.
"""

from ..textsafe import escape_md, safe_filename
from .blocks import csv_download, downloads, show, table_height
from .cards import card, cards, computed_card, figure_card, link_line, measure_card, source_note
from .page import STYLESHEET, init_lang, lang, page_setup
from .pickers import map_choice, period_box, regency_box
from .state import PageState, page_state, url_notes

__all__ = [
    "STYLESHEET", "PageState", "card", "cards", "computed_card", "csv_download", "downloads", "escape_md",
    "figure_card", "init_lang", "lang", "link_line", "map_choice", "measure_card", "page_setup", "page_state",
    "period_box", "regency_box", "safe_filename", "show", "source_note", "table_height", "url_notes",
]
