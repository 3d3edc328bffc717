"""Thousands and decimal separators, decided once per column from the cells that settle it.

"1.364,73" settles a column as Indonesian (dot groups thousands, comma marks decimals);
"1,234,567" or "1 607.50" as English; "418,62" (not three digits after the comma) as a decimal
comma. "468.346" alone settles nothing: in a column of counts (whole numbers) it can only be
468346, elsewhere the Indonesian reading is the default and the report says so. A column whose
cells settle it both ways is refused, with one cell of each kind. Excel's own numbers (not text)
carry no separator and are not looked at here. No Streamlit here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbers import MISSING, NumberError, Parsed, parse_number

_TOKEN = re.compile(r"\d[\d.,]*")
_SPACE_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
ID, EN = ",", "."  # the decimal mark of each convention


@dataclass
class Convention:
    decimal: str = ID  # "," Indonesian (1.234,5) or "." English (1,234.5)
    reason: str = "none"  # settled | count | default | none (no text number) | mixed
    evidence: tuple[str, int | None] | None = None  # (cell as written, row)
    against: tuple[str, int | None] | None = None  # for "mixed": a cell settling the other way
    cells: int = 0  # text numbers seen

    def parse(self, text: str) -> Parsed:
        """A text cell read with this column's separators (raises NumberError)."""
        if self.decimal == EN:
            text = text.translate(str.maketrans({".": ",", ",": "."}))
        return parse_number(text)


def _token(text: str) -> str | None:
    s = " ".join(str(text).replace("\u00a0", " ").replace("\u202f", " ").split())
    s = _SPACE_GROUPS.sub(lambda m: m.group(0).replace(" ", ""), s)
    m = _TOKEN.search(s)
    return m.group(0).rstrip(".,") if m else None


def settles(text: str) -> str | None:
    """The decimal mark a cell proves (ID or EN), or None when it fits both readings."""
    raw = str(text)
    spaced = bool(re.search(r"\d \d{3}(?!\d)", raw))
    token = _token(raw)
    if not token:
        return None
    dots, commas = token.count("."), token.count(",")
    if dots and commas:
        return ID if token.rfind(",") > token.rfind(".") else EN
    if commas > 1:
        return EN
    if dots > 1:
        return ID
    if commas == 1:
        left, right = token.split(",")
        if spaced:
            return ID  # "1 607,50": spaces group, the comma is decimal
        return ID if len(right) != 3 or left == "0" else None
    if dots == 1:
        left, right = token.split(".")
        if spaced:
            return EN  # "1 607.50"
        return EN if len(right) != 3 or left == "0" else None
    return None


def ambiguous_mark(text: str) -> str | None:
    """For a cell that settles nothing: the one separator it holds ("468.346" -> ".")."""
    token = _token(str(text)) or ""
    marks = {c for c in token if c in ".,"}
    return marks.pop() if len(marks) == 1 else None


@dataclass
class ColumnNumbers:
    """Collects a column's text cells, then decides."""
    count: bool  # the column holds whole numbers (a count) after its multiplier
    votes: dict[str, list[tuple[str, int | None]]] = field(default_factory=lambda: {ID: [], EN: []})
    ambiguous: dict[str, list[tuple[str, int | None]]] = field(default_factory=lambda: {ID: [], EN: []})
    cells: int = 0

    def add(self, text: object, row: int | None) -> None:
        if not isinstance(text, str) or text.strip().lower() in MISSING:
            return
        if not re.search(r"\d", text):
            return
        self.cells += 1
        mark = settles(text)
        if mark:
            self.votes[mark].append((text.strip(), row))
            return
        sep = ambiguous_mark(text)
        if sep:
            self.ambiguous[sep].append((text.strip(), row))

    def decide(self) -> Convention:
        ids, ens = self.votes[ID], self.votes[EN]
        if ids and ens:
            return Convention(ID, "mixed", ids[0], ens[0], self.cells)
        if ids or ens:
            mark = ID if ids else EN
            return Convention(mark, "settled", (ids or ens)[0], None, self.cells)
        dots, commas = self.ambiguous["."], self.ambiguous[","]
        if self.count and (dots or commas):
            if dots and commas:
                return Convention(ID, "mixed", dots[0], commas[0], self.cells)
            # a count is whole: the one separator it holds groups thousands
            return Convention(ID if dots else EN, "count", (dots or commas)[0], None, self.cells)
        if dots or commas:
            return Convention(ID, "default", (dots or commas)[0], None, self.cells)
        return Convention(ID, "none", None, None, self.cells)


def whole_after_thousands(value: float) -> bool:
    """624.125 -> True: a number with a fractional part of at most three digits that becomes
    whole times 1000, as a lost thousands separator leaves it."""
    if float(value).is_integer():
        return False
    return abs(value * 1000 - round(value * 1000)) < 1e-6 * max(1.0, abs(value * 1000))


def written_precision(value: float) -> float:
    """Half a unit of the last decimal place a number shows in its shortest form
    (841.8 -> 0.05; 5780.06 -> 0.005; 368 -> 0): a spreadsheet number is good to that."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 0.0
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10.0 ** -decimals if decimals else 0.0


__all__ = ["EN", "ID", "ColumnNumbers", "Convention", "NumberError", "settles", "whole_after_thousands",
           "written_precision"]
