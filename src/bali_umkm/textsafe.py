"""Making text safe to show: Markdown escaping for text that did not come from this project.

No Streamlit here, so exports can use it too; `ui.escape_md` is this function.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")
# GitHub-flavoured Markdown (Streamlit's renderer) turns "https://…", "www.…" and "a@b.c" in plain
# text into live links after escapes are decoded, so escaping cannot stop it: a word joiner
# (U+2060, invisible, not a word character) inside each marker breaks the pattern instead.
_WJ = "\u2060"
_SCHEME = re.compile(r":(?=//)")
_WWW = re.compile(r"(?i)(?<![0-9a-z])(www)(?=\\?\.)")


def escape_md(text: object) -> str:
    """Make any text safe to show with st.markdown/st.caption: no links, HTML or formatting
    (not even the links GitHub-flavoured Markdown finds by itself in plain text)."""
    out = _MD_SPECIAL.sub(r"\\\1", str(text))
    out = _SCHEME.sub(":" + _WJ, out)
    out = _WWW.sub(r"\1" + _WJ, out)
    return out.replace("@", _WJ + "@")


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
