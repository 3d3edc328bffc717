"""Colour contrast as WCAG 2.1 defines it, for text drawn on coloured chart marks. No Streamlit.

    contrast_ratio("#ffffff", "#0072B2")   # 5.17: white on Okabe-Ito blue passes AA (>= 4.5)
    text_colour_on("#E69F00")              # "#111111": dark text, since white on orange would not

Charts that write labels on coloured cells or bars pick the label colour with `text_colour_on`,
and tests check every pair with `contrast_ratio` (WCAG 2.1 SC 1.4.3: 4.5:1 for normal text).
"""

from __future__ import annotations

AA_NORMAL = 4.5  # WCAG 2.1 AA, text under 18.66 px bold / 24 px regular
DARK_TEXT = "#111111"
LIGHT_TEXT = "#ffffff"


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def rgb(colour: str) -> tuple[int, int, int]:
    """'#abc', '#aabbcc' or 'rgb(1, 2, 3)' as (r, g, b)."""
    text = colour.strip().lower()
    if text.startswith("rgb"):
        parts = text[text.index("(") + 1:text.index(")")].split(",")
        r, g, b = (int(float(p)) for p in parts[:3])
        return r, g, b
    text = text.lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) != 6:
        raise ValueError(f"not a colour: {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def luminance(colour: str) -> float:
    r, g, b = (_channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(fill: str, dark: str = DARK_TEXT, light: str = LIGHT_TEXT) -> str:
    """The text colour (dark or light) with the higher contrast on `fill`."""
    return dark if contrast_ratio(dark, fill) >= contrast_ratio(light, fill) else light
