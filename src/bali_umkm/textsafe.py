"""Making text safe to show: Markdown escaping for text that did not come from this project.

No Streamlit here, so exports can use it too; `ui.escape_md` is this function.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")


def escape_md(text: object) -> str:
    """Make any text safe to show with st.markdown/st.caption: no links, HTML or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def safe_url(url: str) -> str | None:
    """An http(s) URL made safe for a Markdown link (spaces and brackets encoded), else None."""
    url = str(url).strip()
    if not re.match(r"https?://[^\s]", url):
        return None
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C") \
        .replace(">", "%3E").replace('"', "%22")


def safe_filename(text: str) -> str:
    """A download name browsers keep as is: lower case letters, digits, '-' and '_'."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "unduhan"
