"""Page state in the URL: a page declares its parameters, this module reads and writes them.

A page's state is a few named values (an indicator, a period, a regency, a list of barriers).
Each is declared once as a `Param`: its URL name, its kind (`One` choice, `Many` choices, a
`Flag`, free `Text`, or a kind of its own such as the planner's `WeightedChoices`), its default
and its choices. A default or a list of choices may depend on the values declared before it
(the periods on offer depend on the metric): give a function of the `Values`.

- `Values.read_url(query)` reads the URL forgivingly: a value that is malformed or not on offer
  is dropped, the default is used and the drop is reported as a `Problem` (never fatal);
- `Values[name]` is the current value, checked against the current choices (a period the new
  metric does not have falls back to the default);
- `Values.url()` is the URL again, compact and readable: lists joined with ",", empty values
  (and, where a param says so, its default) left out.

No Streamlit here: `ui.page_state` keeps the values in the session, draws the widgets and keeps
the URL in step.

    params = (Param("metric", One(), default="umkm_total", choices=lambda v: indicators.map_metrics()),
              Param("regency", One(), default="", choices=("", *catalog.REGENCY_CODES)))
    values = Values(params, {})
    problems = values.read_url({"regency": ["5107"], "metric": ["nope"]})
    values["metric"], values.url()     # "umkm_total", {"metric": "umkm_total", "regency": "5107"}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from .i18n import t
from .priority_index import Choice

MISSING: Any = object()   # "no usable value": the param's default is used
TRUE_WORDS = ("1", "true", "ya", "yes")
FALSE_WORDS = ("0", "false", "tidak", "no")
NONE = "none"             # OptionalMany: an empty choice, written so it is not "absent"


@dataclass(frozen=True)
class Problem:
    """A URL value that was dropped or replaced: `param`, the raw `value`, and a `code`
    (its sentence is locales/*/url.yaml `<code>`)."""

    param: str
    value: str
    code: str

    def message(self, lang: str = "id") -> str:
        return t(f"url.{self.code}", lang, param=self.param, value=self.value)


def items(raw: object) -> list[str]:
    """URL values as a flat list: repeated parameters and comma lists alike, blanks dropped."""
    if raw is None:
        return []
    parts = [raw] if isinstance(raw, str) else list(raw)
    return [p.strip() for part in parts for p in str(part).split(",") if p.strip()]


# ---------------------------------------------------------------------------------- kinds of value

class Kind:
    """How one kind of value travels: `decode` (URL values -> value, problems), `encode` (value ->
    text, None = leave the parameter out) and `clean` (a stored value against today's choices)."""

    def decode(self, param: str, raw: list[str], choices) -> tuple[Any, list[Problem]]:
        raise NotImplementedError

    def encode(self, value) -> str | None:
        raise NotImplementedError

    def clean(self, value, choices):
        return value


class One(Kind):
    """One choice among `choices` (text); "" means none and is left out of the URL."""

    def decode(self, param, raw, choices):
        values = items(raw)
        if not values:
            return MISSING, []
        value = values[0]
        if choices is not None and value not in choices:
            return MISSING, [Problem(param, value, "unknown_value")]
        return value, [Problem(param, v, "unknown_value") for v in values[1:]]

    def encode(self, value):
        return str(value) if value not in (None, "") else None

    def clean(self, value, choices):
        return value if choices is None or value in choices else MISSING


class Many(Kind):
    """Several choices, in the order chosen, each once (a tuple); an unknown one is dropped."""

    def decode(self, param, raw, choices):
        out: list[str] = []
        problems = []
        for v in items(raw):
            if choices is not None and v not in choices:
                problems.append(Problem(param, v, "unknown_value"))
            elif v not in out:
                out.append(v)
        return tuple(out), problems

    def encode(self, value):
        return ",".join(value) or None

    def clean(self, value, choices):
        value = tuple(value)
        return value if choices is None else tuple(v for v in value if v in choices)


class OptionalMany(Many):
    """Like Many, but absent (None: "let the page choose") differs from chosen-none (written
    `none`): the planner's regencies, which follow the ranking's top three until chosen."""

    def decode(self, param, raw, choices):
        values = items(raw)
        if not values:
            return None, []
        if values == [NONE]:
            return (), []
        chosen, problems = super().decode(param, values, choices)
        return chosen or None, problems

    def encode(self, value):
        if value is None:
            return None
        return ",".join(value) or NONE

    def clean(self, value, choices):
        return None if value is None else super().clean(value, choices)


class Flag(Kind):
    """Yes or no: written "1" when yes, left out when no."""

    def decode(self, param, raw, choices):
        values = items(raw)
        if not values:
            return MISSING, []
        word = values[0].lower()
        if word in TRUE_WORDS:
            return True, []
        if word in FALSE_WORDS:
            return False, []
        return MISSING, [Problem(param, values[0], "unknown_value")]

    def encode(self, value):
        return "1" if value else None

    def clean(self, value, choices):
        return bool(value)


@dataclass(frozen=True)
class Text(Kind):
    """Free text (a search), trimmed and cut at `max_chars`; left out when empty."""

    max_chars: int = 200

    def decode(self, param, raw, choices):
        parts = [raw] if isinstance(raw, str) else list(raw or [])
        return " ".join(str(p) for p in parts).strip()[:self.max_chars], []

    def encode(self, value):
        return value or None

    def clean(self, value, choices):
        return str(value or "").strip()[:self.max_chars]


def format_weight(weight: float) -> str:
    """2.0 -> '2'; 1.5 -> '1.5'; 1/3 -> '0.333' (at most 3 decimals, '.' as decimal point)."""
    text = f"{weight:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


DIRECTION_CODES = {"high": "h", "low": "l"}
DIRECTION_WORDS = {"h": "high", "high": "high", "l": "low", "low": "low"}


@dataclass(frozen=True)
class WeightedChoices(Kind):
    """The planner's indicators: comma-separated `<id>~<weight>~<h|l>` items (a tuple of
    priority_index.Choice). `choices` maps each id that may be chosen to its suggested
    direction; the weight is a number from 0 to `max_weight` ("." as decimal point, default 1),
    the direction h (a high value means more need) or l (default: the suggested one). At most
    `max_items`. A malformed part falls back on its own; an item that cannot be used at all is
    dropped; with nothing usable the default is used (`defaults_used`)."""

    max_items: int = 12
    max_weight: float = 100.0

    def _weight(self, text: str) -> float | None:
        try:
            w = float(text)
        except ValueError:
            return None
        return w if math.isfinite(w) and 0 <= w <= self.max_weight else None

    def decode(self, param, raw, choices):
        known: Mapping[str, str] = choices or {}
        problems: list[Problem] = []
        out: list[Choice] = []
        values = items(raw)
        for item in values:
            cid, *rest = item.split("~")
            if cid not in known:
                problems.append(Problem(param, item, "unknown_indicator"))
                continue
            if any(c.id == cid for c in out):
                problems.append(Problem(param, item, "duplicate"))
                continue
            if len(out) >= self.max_items:
                problems.append(Problem(param, item, "too_many"))
                continue
            weight, direction = 1.0, known[cid]
            if len(rest) > 2:
                problems.append(Problem(param, item, "bad_item"))
            if rest and rest[0] != "":
                w = self._weight(rest[0])
                if w is None:
                    problems.append(Problem(param, item, "bad_weight"))
                else:
                    weight = w
            if len(rest) > 1 and rest[1] != "":
                word = DIRECTION_WORDS.get(rest[1].lower())
                if word is None:
                    problems.append(Problem(param, item, "bad_direction"))
                else:
                    direction = word
            out.append(Choice(cid, weight, direction))
        if not out:
            if values:
                problems.append(Problem(param, ",".join(values), "defaults_used"))
            return MISSING, problems
        return tuple(out), problems

    def encode(self, value):
        return ",".join(f"{c.id}~{format_weight(c.weight)}~{DIRECTION_CODES[c.direction]}" for c in value) or None

    def clean(self, value, choices):
        return tuple(value)


# ---------------------------------------------------------------------------------- declarations

Dynamic = Callable[["Values"], Any]


@dataclass(frozen=True)
class Param:
    """One parameter of a page: `name` in the URL, its `kind`, its `default` and its `choices`
    (None = any value of the kind). A default or the choices may be functions of the Values
    declared before it. `when`: a function of the Values; while it is false the param is left
    out of the URL (its value is kept for when it is true again). `omit_default`: the default
    value is left out of the URL too (the briefing's deck language, which follows the page's)."""

    name: str
    kind: Kind
    default: Any = None
    choices: Collection | Mapping | Dynamic | None = None
    when: Dynamic | None = None
    omit_default: bool = False

    def default_in(self, values: Values):
        return self.default(values) if callable(self.default) else self.default

    def choices_in(self, values: Values):
        return self.choices(values) if callable(self.choices) else self.choices


class Values(Mapping):
    """The current values of a page's `params`, kept in `stored` (a dict, or the session for
    `ui.page_state`). Reading a value checks it against the current choices and stores what it
    resolved to; a value no longer on offer falls back to the default."""

    def __init__(self, params: Sequence[Param], stored: MutableMapping[str, Any], prefix: str = ""):
        self.params = {p.name: p for p in params}
        self.stored = stored
        self.prefix = prefix
        self._cache: dict[str, Any] = {}

    def _key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def __getitem__(self, name: str):
        if name in self._cache:
            return self._cache[name]
        p = self.params[name]
        value = self.stored.get(self._key(name), MISSING)
        if value is not MISSING:
            value = p.kind.clean(value, p.choices_in(self))
        if value is MISSING:
            value = p.default_in(self)
        self.stored[self._key(name)] = value
        self._cache[name] = value
        return value

    def __iter__(self):
        return iter(self.params)

    def __len__(self) -> int:
        return len(self.params)

    def choices(self, name: str):
        return self.params[name].choices_in(self)

    def set(self, **values) -> None:
        """Change values (a click, a reset); the ones declared after them are checked again."""
        for name, value in values.items():
            if name not in self.params:
                raise KeyError(f"unknown page parameter {name!r}")
            self.stored[self._key(name)] = value
        self._cache.clear()

    def reset(self, *names: str) -> None:
        """Back to the defaults (every param when no name is given)."""
        for name in names or tuple(self.params):
            self.stored.pop(self._key(name), None)
        self._cache.clear()

    def has_stored(self) -> bool:
        return any(self._key(name) in self.stored for name in self.params)

    def read_url(self, query: Mapping[str, object]) -> list[Problem]:
        """Take every param from `query` (URL name -> its values), in declaration order; a param
        absent from it takes its default. Returns what was dropped."""
        problems: list[Problem] = []
        self._cache.clear()
        for name, p in self.params.items():
            self.stored.pop(self._key(name), None)
            raw = query.get(name)
            if raw is None or raw == []:
                continue
            value, found = p.kind.decode(name, raw, p.choices_in(self))
            problems += found
            if value is not MISSING:
                self.stored[self._key(name)] = value
            self._cache.pop(name, None)
        self._cache.clear()
        return problems

    def url(self) -> dict[str, str | None]:
        """Each param's URL text (None: leave it out)."""
        out = {}
        for name, p in self.params.items():
            value = self[name]
            hidden = (p.when is not None and not p.when(self)) or (p.omit_default and value == p.default_in(self))
            out[name] = None if hidden else p.kind.encode(value)
        return out


def decode(params: Sequence[Param], query: Mapping[str, object]) -> tuple[dict[str, Any], list[Problem]]:
    """Every param's value from URL values (a fresh read, nothing stored): (values, problems)."""
    values = Values(params, {})
    problems = values.read_url(query)
    return {name: values[name] for name in values.params}, problems


def encode(params: Sequence[Param], values: Mapping[str, Any]) -> dict[str, str | None]:
    """The URL text of each param given a value (None: leave it out), unchecked."""
    return {p.name: p.kind.encode(values[p.name]) for p in params if p.name in values}

