"""`cached`: the one way the package remembers what a function computed (no Streamlit here).

Every remembered result is keyed on its arguments **and on the active data version** (the import
store's newest version, `read_version()`), so an import or a rollback gives new results and no
cache can go stale: there is no second key to remember to pass.

    @cached                                   # a chart, a view, a table of the catalogue
    def scale_view(lang: str = "id") -> ChartView: ...

    @cached(copy=pd.DataFrame.copy)           # callers may change what they get: they get a copy
    def derived_frame(items, lang="id") -> pd.DataFrame: ...

How the key is made:
- the arguments, in the signature's order with defaults filled in (f(x), f(x, "id") and
  f(x, lang="id") are one result): hashable ones (str, numbers, tuples, frozen dataclasses...) as they are; any
  call with an unhashable argument (a DataFrame, a list, an Altair chart) by the SHA-256 of its
  pickled bytes, so DataFrames count by content; a call whose arguments cannot be pickled (a
  lambda) is computed every time;
- the data version, read cheaply: a Streamlit script run pins it once (`pin()`, from the ui at the
  start of every run and every fragment run), so a page's hundreds of catalogue reads ask the
  store once and a page never mixes two versions; outside a pinned run (the CLI, tests) it is
  asked per call (`store.active_key()`).

Each function keeps at most `maxsize` results (least recently used dropped first), and only those
of the two newest data versions it has seen. `f.cache_clear()` forgets one function's results,
`clear_all()` every function's (benchmarks measure cold runs with it). Results are shared, not
copied (Altair charts are never changed in place: .properties() and the like return new charts),
unless `copy=` says how to hand out a caller's own copy.

What keeps `functools.lru_cache` instead: functions of the files shipped in the repository alone
(the locale YAML, the boundaries, the recommendations file, the shipped catalogue before any
import): they never depend on the store, so they need no data version (i18n, geo,
interventions, catalog's `_shipped_*`, satudata's code tables, importer.regions).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from . import store

F = TypeVar("F", bound=Callable[..., Any])

_pinned = threading.local()
_registry: list[Callable] = []
_MISSING = object()
VERSIONS_KEPT = 2


def read_version() -> tuple[str, str] | None:
    """The active data version as the store says now (store.active_key: one query, remembered
    for a second per process), None when nothing was imported or the store cannot be read (the shipped
    data still shows)."""
    try:
        return store.active_key()
    except OSError:
        return None


def pin() -> object:
    """Read the data version once and use it for every cached call of this thread until the next
    `pin()` (the ui calls it at the start of each script run and each fragment run)."""
    version = read_version()
    _pinned.version = version
    return version


def unpin() -> None:
    """Back to asking the store on every call (tests)."""
    _pinned.__dict__.pop("version", None)


def data_version() -> object:
    """The data version cached results are keyed on: the pinned one, else the store's now."""
    version = getattr(_pinned, "version", _MISSING)
    return read_version() if version is _MISSING else version


def _binder(func: Callable) -> Callable[[tuple, dict], tuple] | None:
    """A function giving the call's arguments in the signature's order with defaults filled in,
    so f(x), f(x, "id") and f(x, lang="id") are one key; None for a signature with *args/**kwargs."""
    params = list(inspect.signature(func).parameters.values())
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.POSITIONAL_ONLY) for p in params):
        return None
    names = [p.name for p in params]
    defaults = [p.default for p in params]

    def bind(args: tuple, kwargs: dict) -> tuple:
        if not kwargs and len(args) == len(names):
            return args
        if len(args) > len(names) or any(k not in names[len(args):] for k in kwargs):
            raise TypeError  # the call itself will say what is wrong
        return args + tuple(kwargs.get(n, d) for n, d in zip(names[len(args):], defaults[len(args):], strict=True))

    return bind


def _arguments_key(args: tuple, kwargs: dict, bind: Callable[[tuple, dict], tuple] | None = None) -> object:
    """The arguments as a dict key: themselves when hashable, else the digest of their pickle
    (None when they cannot be pickled: not remembered). `bind` puts them in one canonical form."""
    if bind is not None:
        try:
            args, kwargs = bind(args, kwargs), {}
        except TypeError:
            return None
    key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
    try:
        hash(key)
        return key
    except TypeError:
        pass
    try:
        raw = pickle.dumps(key, protocol=5)
    except Exception:  # e.g. a lambda among the arguments
        return None
    return ("pickled", hashlib.sha256(raw).digest())


def cached(fn: F | None = None, *, maxsize: int = 64, copy: Callable[[Any], Any] | None = None):
    """Remember `fn`'s result per (arguments, data version): see the module doc."""

    def wrap(func: F) -> F:
        results: OrderedDict[tuple, Any] = OrderedDict()
        versions: list[object] = []  # the data versions seen, newest last
        lock = threading.Lock()
        bind = _binder(func)

        def forget_old(version) -> None:
            # called under the lock: a new version drops the results of versions older than the
            # two newest (a page run that pinned the previous one may still ask for it)
            versions.append(version)
            if len(versions) > VERSIONS_KEPT:
                gone = versions.pop(0)
                for k in [k for k in results if k[0] == gone]:
                    del results[k]

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            arguments = _arguments_key(args, kwargs, bind)
            if arguments is None:
                return func(*args, **kwargs)
            version = data_version()
            try:
                key = (version, arguments)
                hash(key)
            except TypeError:  # an unhashable version: not remembered
                return func(*args, **kwargs)
            with lock:
                found = results.get(key, _MISSING)
                if found is not _MISSING:
                    results.move_to_end(key)
            if found is _MISSING:
                found = func(*args, **kwargs)
                with lock:
                    if version not in versions:
                        forget_old(version)
                    results[key] = found
                    while len(results) > maxsize:
                        results.popitem(last=False)
            return copy(found) if copy is not None else found

        def cache_clear() -> None:
            with lock:
                results.clear()
                versions.clear()

        wrapper.cache_clear = cache_clear
        wrapper.cache_size = lambda: len(results)
        _registry.append(wrapper)
        return wrapper  # type: ignore[return-value]

    return wrap(fn) if fn is not None else wrap


def clear_all() -> None:
    """Forget every cached function's results (a cold start, for benchmarks and tests)."""
    for fn in _registry:
        fn.cache_clear()
