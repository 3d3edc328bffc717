"""`memo`: remember what a pure function built for the same arguments (no Streamlit here).

Chart functions use it (charts/*.py: `@memo`): a page's every rerun rebuilds its charts from the
same inputs, and building an Altair chart validates each piece against the Vega-Lite schema.
Unlike st.cache_data it needs no Streamlit, hands back the same object (no pickling round trip
per call) and can be keyed on more than the arguments (`key=catalog.data_key`: an import gives
new results). Tested in tests/test_memo.py.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable


def memo(fn: Callable | None = None, *, key: Callable[[], object] | None = None, maxsize: int = 64,
         copy: Callable | None = None):
    """Remember a chart function's result for the same arguments (compared by their pickled bytes,
    so DataFrames count by content): every rerun of a page rebuilds its charts from the same
    inputs, and building one validates each piece against the Vega-Lite schema (tens of ms for a
    bar chart, hundreds for the map). `key`: what else the result depends on (e.g.
    catalog.data_key, so an import gives new charts); `copy`: applied to a remembered result before
    it is returned (for results holding DataFrames a caller might change). Arguments that cannot
    be pickled are not remembered. Altair charts are not changed in place by their users
    (.properties(), .configure() and the like return new charts), so one chart can be shared.
    `f.cache_clear()` forgets everything."""

    def wrap(func: Callable) -> Callable:
        cache: OrderedDict[bytes, object] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                raw = pickle.dumps((args, sorted(kwargs.items()), key() if key else None), protocol=5)
            except Exception:  # e.g. a lambda among the arguments: build every time
                return func(*args, **kwargs)
            digest = hashlib.sha256(raw).digest()
            with lock:
                found = cache.get(digest)
                if found is not None:
                    cache.move_to_end(digest)
            if found is None:
                found = func(*args, **kwargs)
                with lock:
                    cache[digest] = found
                    while len(cache) > maxsize:
                        cache.popitem(last=False)
            return copy(found) if copy else found

        wrapper.cache_clear = cache.clear
        return wrapper

    return wrap(fn) if fn is not None else wrap
