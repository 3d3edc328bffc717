"""A card as pages show it (a headline figure, or one computed from figures) and a deck repeats it."""

from __future__ import annotations

from dataclasses import dataclass

from ..bounds import Computed


@dataclass(frozen=True)
class Card:
    """One bordered card: a catalogue figure (`figure_id`: its value as written, period and short
    source), a figure computed from figures (`computed`: with its formula, or the reason it is not
    given), or a value already written with its notes (`value`, `notes`). ui.card draws any."""

    label: str
    figure_id: str = ""
    computed: Computed | None = None
    value: str = ""
    notes: tuple[str, ...] = ()
