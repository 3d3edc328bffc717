"""Making text safe to show: Markdown escaping for text that did not come from this project.

No Streamlit here, so exports can use it too; `ui.escape_md` is this function.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")


def escape_md(text: object) -> str:
    """Make any text safe to show with st.markdown/st.caption: no links, HTML or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
