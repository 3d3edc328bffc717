"""Shared test helpers: the repo root, AppTest runs, and a live server for browser tests."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import services

# Tests never read or write a real import store: the whole session sees an empty one, so the
# catalogue is the shipped one unless a test imports into its own temporary store.
os.environ["BALI_UMKM_STORE"] = tempfile.mkdtemp(prefix="bali-umkm-test-store-")
os.environ.pop("BALI_UMKM_DATABASE_URL", None)  # never a developer's database either
# ... and never a developer's .streamlit/secrets.toml: no login is configured unless a test says so.
_NO_SECRETS = Path(tempfile.mkdtemp(prefix="bali-umkm-test-secrets-")) / "secrets.toml"
_NO_SECRETS.write_text("", encoding="utf-8")
os.environ["BALI_UMKM_SECRETS"] = str(_NO_SECRETS)

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("BALI_UMKM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def app_pages() -> list[tuple[str, str]]:
    """(script path, url_path) of every page in app.py's navigation, in order."""
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    found = re.findall(r'st\.Page\(\s*"(pages/[^"]+\.py)".*?url_path="([^"]+)"', text, flags=re.S)
    assert found, "no st.Page(...) with a url_path in app.py"
    return found


def page_paths() -> list[tuple[str, str, str]]:
    """(script, url_path, path to open) of every page in app.py, in order: app_pages() with "" as
    the path of the default page (st.Page(..., default=True) is served at / only)."""
    import ast

    default = set()
    for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page" and node.args
                and any(k.arg == "default" and getattr(k.value, "value", False) is True for k in node.keywords)):
            default.add(node.args[0].value)
    return [(script, url, "" if script in default else url) for script, url in app_pages()]


def _run_pages_through_app() -> None:
    """Make AppTest run a page the way the server does: app.py first (language, data version,
    stylesheet), then the page through app.py's st.navigation.

    Streamlit treats an app with a pages/ folder as a "v1" multipage app until st.navigation
    runs once; the server stays on st.navigation from the first run on, but AppTest resets that
    before every run, so a page opened with switch_page ran on its own, without app.py (no
    language switch, no pinned data version: every cached call asked the store). Telling the
    PagesManager that the app navigates with st.navigation, as app.py always does, gives the
    server's behaviour."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__
    if getattr(original, "navigation_only", False):
        return

    @functools.wraps(original)
    def init(self, *args, **kwargs):
        PagesManager.uses_pages_directory = False
        original(self, *args, **kwargs)

    init.navigation_only = True
    PagesManager.__init__ = init


_run_pages_through_app()


def start_on(at, page: str):
    """Make a new AppTest's first run open `page` ("pages/planner.py") through app.py, as a
    visitor arriving on its URL (AppTest.switch_page needs a run first to know app.py's pages).
    A page is keyed on its url_path (st.Page's script hash); the default page on the empty path."""
    from streamlit.util import calc_hash

    url = {script: path for script, _url, path in page_paths()}[page]
    assert hasattr(at, "_page_hash"), "AppTest no longer keeps the page to open in _page_hash"
    at._page_hash = calc_hash(url) if url else ""
    return at


def run_app(page: str | None = None, *, lang: str = "id", query: dict | None = None, timeout: int = 60):
    """Run app.py under AppTest, optionally switch to `page` (e.g. "pages/overview.py")."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def all_text(at) -> str:
    """Every piece of text the app wrote (markdown, captions, metrics, titles...)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning",
                 "error", "success"):
        parts += [str(getattr(el, "value", "")) for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def _json_strings(value, out: list[str]) -> None:
    """The string values of a decoded JSON document (a chart's Vega-Lite spec), escapes undone."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _json_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _json_strings(item, out)


def _strings(message, out: list[str]) -> None:
    """Every string field of a protobuf message, recursively, as the page sends it (bytes fields,
    the Arrow data of tables and charts, are skipped). A field holding a JSON document (a chart's
    spec) gives its string values decoded, escapes such as \\u00b7 undone."""
    for field, value in message.ListFields():
        if field.type == field.TYPE_STRING:
            values = [value] if isinstance(value, str) else list(value.values() if hasattr(value, "values") else value)
            for text in values:
                if not isinstance(text, str):
                    continue
                if text[:1] in "{[":
                    try:
                        _json_strings(json.loads(text), out)
                        continue
                    except ValueError:
                        pass
                out.append(text)
        elif field.type == field.TYPE_MESSAGE:
            items = [value] if hasattr(value, "ListFields") else list(value.values() if hasattr(value, "values")
                                                                       else value)
            for item in items:
                if hasattr(item, "ListFields"):
                    _strings(item, out)


@functools.cache
def indonesian_page(page: str) -> tuple[str, str]:
    """(the exception, if any, as text; page_strings) of a page run once in Indonesian with its
    defaults, shared by the tests that read every page (English scan, paper figures walk)."""
    at = run_app(page, lang="id")
    return (str(at.exception) if at.exception else "", page_strings(at))


def page_strings(at) -> str:
    """Every string a page shows, as one text: each element's string fields (labels, options,
    help, Markdown, Vega-Lite specs with their titles and tooltips) and every cell and column name
    of its tables, with Markdown escapes undone and white space collapsed, so a phrase can be
    searched for whatever element carries it. A chart's Arrow data is left out (the page shows a
    chart's values in the table beside it; columns a chart does not draw are not shown at all);
    data written into a spec (the map's shapes and values) is read with the spec."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            _strings(proto, parts)
        value = getattr(node, "value", None) if type(node).__name__ in ("Dataframe", "Table") else None
        if value is not None:
            parts.append(" ".join(map(str, value.columns)))
            parts.append(" ".join(map(str, value.index)))
            parts.append(" ".join(str(v) for v in value.to_numpy().ravel()))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    text = re.sub(r"\\([^\sA-Za-z0-9])", r"\1", "\n".join(parts))  # Markdown escapes: \( -> (, \_ -> _
    return " ".join(text.split())


def assert_chart_blocks(at, n: int) -> list:
    """The page shows `n` charts, each as ui.show draws it (in Indonesian): an accessible
    name, "Lihat sebagai tabel", PNG/SVG/CSV downloads and a "Sumber:" line. Returns the charts."""
    charts = at.get("vega_lite_chart")
    assert len(charts) == n
    assert all(c.proto.alt.strip() for c in charts)
    assert [e.label for e in at.expander].count("Lihat sebagai tabel") == n
    labels = [b.label for b in at.get("download_button")]
    for kind in ("Unduh PNG", "Unduh SVG", "Unduh CSV"):
        assert labels.count(kind) == n
    assert sum(c.value.startswith("Sumber:") for c in at.caption) >= n
    return charts


# A point inside a regency's drawn shape on the map in the element with class `.st-key-<key>`,
# found through Vega's own scenegraph (each SVG path keeps its item in __data__): try a grid over
# the path's box until the topmost element there is a path of that regency. Arguments: [key, code].
POINT_IN_REGENCY = """([key, code]) => {
  const root = document.querySelector('.st-key-' + key);
  const own = el => el && el.tagName === 'path' && el.__data__ && el.__data__.datum
                     && el.__data__.datum.regency_code === code;
  for (const p of [...root.querySelectorAll('path')].filter(own)) {
    const r = p.getBoundingClientRect();
    for (let i = 1; i < 16; i++) for (let j = 1; j < 16; j++) {
      const x = r.left + r.width * i / 16, y = r.top + r.height * j / 16;
      if (own(document.elementFromPoint(x, y))) return {x, y};
    }
  }
  return null;
}"""


_free_port = services.free_port


def browser_required() -> bool:
    return os.environ.get("BALI_UMKM_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        msg = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if browser_required():
            pytest.fail(msg + "; BALI_UMKM_REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
        pytest.skip(msg)
    return CHROMIUM


def required(part: str) -> bool:
    """BALI_UMKM_REQUIRE_<PART>=1 (CI): a missing PostgreSQL or nginx fails instead of skipping."""
    return os.environ.get(f"BALI_UMKM_REQUIRE_{part.upper()}") == "1"


def missing(part: str, msg: str):
    if required(part):
        pytest.fail(f"{msg}; BALI_UMKM_REQUIRE_{part.upper()}=1 forbids skipping", pytrace=False)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def pg_server():
    """One throw-away PostgreSQL cluster for the whole session (tests/services.py); each test that
    needs a database makes its own inside it."""
    if services.pg_bin() is None:
        missing("postgres", "PostgreSQL not found (apt-get install postgresql)")
    with services.postgres() as server:
        yield server


@pytest.fixture
def pg_database(pg_server, request):
    """A fresh, empty database in the session's cluster; its URL. Dropped afterwards."""
    import uuid

    from bali_umkm.store import db

    name = f"t_{uuid.uuid4().hex[:12]}"
    url = pg_server.create_database(name)
    yield url
    db.forget(url)
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path, monkeypatch):
    """Run the test on each database: an SQLite file in a temporary store folder, then a fresh
    database in the session's PostgreSQL cluster (through BALI_UMKM_DATABASE_URL, as deployed)."""
    monkeypatch.setenv("BALI_UMKM_STORE", str(tmp_path / "store"))
    if request.param == "postgresql":
        monkeypatch.setenv("BALI_UMKM_DATABASE_URL", request.getfixturevalue("pg_database"))
    return request.param


REPLICA_PASSWORD = "kata sandi replika yang panjang"


@pytest.fixture(scope="session")
def replicas(pg_server, tmp_path_factory):
    """Two `streamlit run app.py` processes sharing one PostgreSQL database, behind nginx with the
    project's proxy configuration (deploy/nginx/): as deploy/compose.yaml runs them, on localhost.
    Started once per session; yields a namespace with .url (the proxy), .apps, .proxy, .db_url."""
    import types
    import uuid

    from bali_umkm import auth
    from bali_umkm.store import db

    if services.nginx_bin() is None:
        missing("nginx", "nginx not found (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("replicas")
    name = f"replicas_{uuid.uuid4().hex[:8]}"
    db_url = pg_server.create_database(name)
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[import]\npassword_hash = "{auth.hash_password(REPLICA_PASSWORD, n=2**10)}"\n')
    env = {"BALI_UMKM_DATABASE_URL": db_url, "BALI_UMKM_SECRETS": str(secrets), "BALI_UMKM_STORE": str(tmp / "store")}
    apps, proxy = services.start_apps(tmp, env, ["app1", "app2"], timeout=120), None
    try:
        proxy = services.start_proxy([app.port for app in apps], tmp / "nginx")
        yield types.SimpleNamespace(url=proxy.url, apps=apps, proxy=proxy, db_url=db_url, tmp=tmp)
    finally:
        if proxy is not None:
            services.stop_proxy(proxy)
        for app in apps:
            services.stop_app(app)
        db.forget(db_url)
        pg_server.drop_database(name)


@contextlib.contextmanager
def streamlit_server(workdir: Path, script: Path | str | None = None, *, with_proc: bool = False,
                     **env_overrides: str):
    """`streamlit run app.py` (or another `script`, e.g. bench/floor_app.py) on a free port with
    extra environment; yields the base URL (with `with_proc`: the URL and the Popen).

    The port is free when chosen but not held: with the suite on several xdist workers another
    process may take it before Streamlit binds it. Streamlit then exits at once ("Port ... is not
    available"), and the server is started again on another port (three tries)."""
    env = {**os.environ, **env_overrides}
    log_path = workdir / "streamlit.log"
    for _attempt in range(3):
        port = _free_port()
        log = log_path.open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script or ROOT / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--client.showErrorDetails", "full", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            services.wait_http(f"{url}/_stcore/health", 60, proc)
        except (TimeoutError, ChildProcessError):
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)
            log.close()
            text = log_path.read_text(errors="replace")
            if services.port_taken(text):
                continue
            pytest.fail(f"streamlit did not start within 60 s; its log ({log_path}):\n{text[-2000:]}")
        break
    else:
        pytest.fail(f"streamlit found no free port in three tries; its log ({log_path}):\n{text[-2000:]}")
    try:
        yield (url, proc) if with_proc else url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def _server(tmp_path_factory):
    """`streamlit run app.py` on a free port, for the whole session; yields the base URL."""
    with streamlit_server(tmp_path_factory.mktemp("server"),
                          BALI_UMKM_STORE=str(tmp_path_factory.mktemp("store"))) as url:
        yield url


@pytest.fixture(scope="session")
def live_server(_server, browser):
    """The base URL of a running app whose pages are known (see `warm`)."""
    warm(browser, _server)
    return _server


def warm(browser, url: str) -> None:
    """Load the main page once. Streamlit 1.67 learns an st.navigation app's pages in the first
    script run, so the very first visit after a start to a deep link (/data-sumber) shows a
    "Page not found" dialog; later sessions do not. Call this on every server a test starts."""
    page = browser.new_page()
    page.goto(url)
    wait_for_app(page)
    page.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


# When is a page "settled"? All of these at once, checked in the page itself:
# - the script has run and finished: stApp's data-test-script-state is "notRunning" (it reads
#   "initial" before the first run and "running" during one) and the websocket is CONNECTED;
# - no skeleton is left (stAppSkeleton while the app loads, stSkeleton / stSkeletonElement where
#   a lazily loaded element such as the chart renderer is still loading);
# - no element is stale (data-stale="true": left over from the previous run, about to change);
# - every visible Vega-Lite chart has drawn: vega-embed's svg.marks holds the root mark group
#   (or a canvas.marks is there), with a non-zero size. Charts in a closed tab or expander are
#   not visible and not waited for.
SETTLED_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning'
      || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) return false;
  if (document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stSkeleton"], '
                             + '[data-testid="stSkeletonElement"], [data-stale="true"]')) return false;
  for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    if (chart.checkVisibility && !chart.checkVisibility()) continue;
    const drawn = chart.querySelector('svg.marks g.root, canvas.marks');
    const box = drawn && (drawn.closest('svg') || drawn).getBoundingClientRect();
    if (!box || !box.width || !box.height) return false;
  }
  return true;
}"""

# SETTLED_JS must hold for `quiet` ms in a row (a rerun or a late chart resets the clock).
_SETTLED_FOR_JS = """([quiet]) => {
  const now = performance.now();
  if (!(""" + SETTLED_JS + """)()) { window.__baliSettledSince = null; return false; }
  if (window.__baliSettledSince == null) window.__baliSettledSince = now;
  return now - window.__baliSettledSince >= quiet;
}"""


def wait_for_settled(page, timeout: int = 30_000, quiet: int = 300) -> None:
    """Wait until the page is settled (SETTLED_JS) and has stayed so for `quiet` ms."""
    page.evaluate("() => { window.__baliSettledSince = null; }")
    page.wait_for_function(_SETTLED_FOR_JS, arg=[quiet], timeout=timeout, polling="raf")


# Console messages of a healthy page, each with the reason it is harmless. Anything else at level
# "error" or "warning" (and any uncaught page error) fails the per-page browser test.
BENIGN_CONSOLE = [
    (r"Failed to load resource: the server responded with a status of 404",
     r"/[\w-]+/_stcore/(health|host-config)$",
     "On a deep link (/kur) Streamlit's frontend first looks for the server under the page's path "
     "(/kur/_stcore/health, /kur/_stcore/host-config) in case the app is served under a prefix; "
     "the 404 tells it there is none and it then uses /_stcore/. Nothing fails."),
    (r"^WARN Dropping \"fit\" because spec has discrete size", None,
     "Vega-Lite: ui.show asks every chart for autosize fit-x; the interventions heatmap sizes its "
     "width by its number of columns (a step width), so Vega-Lite keeps that width, as intended."),
    (r"^WARN Conflicting legend property \"disable\"", None,
     "Vega-Lite: layered bar charts with an open 'upper bound' bar: one layer hides its legend, the "
     "other shows it; Vega-Lite keeps the legend, which is what the chart wants."),
    (r"^WARN Domains that should be unioned has conflicting sort properties", None,
     "Vega-Lite: the layers of a layered chart sort the same field differently (bars by value, "
     "labels unsorted); Vega-Lite uses one sort for the shared axis, the drawn order is the bars'."),
]


def unexpected_console(messages: list[dict]) -> list[dict]:
    """The console messages ({"type", "text", "url"}) not in BENIGN_CONSOLE."""
    out = []
    for msg in messages:
        benign = any(re.search(text, msg["text"]) and (url is None or re.search(url, msg.get("url") or ""))
                     for text, url, _ in BENIGN_CONSOLE)
        if not benign:
            out.append(msg)
    return out


def watch_console(page) -> list[dict]:
    """Collect the page's console errors and warnings and its uncaught errors, as they come."""
    seen: list[dict] = []
    page.on("console", lambda m: seen.append({"type": m.type, "text": m.text, "url": m.location.get("url", "")})
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen.append({"type": "pageerror", "text": str(e), "url": ""}))
    return seen


def wait_for_app(page, timeout: int = 30_000) -> None:
    """Wait until Streamlit has finished running the script and drawn its charts: a heading in
    the main area, then `wait_for_settled` (this used to sleep 800 ms after the status widget
    stopped saying "Running": too short for a chart under load, too long otherwise)."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    wait_for_settled(page, timeout=timeout)


def assert_clean(page) -> None:
    """No Streamlit exception block and no "Page not found" dialog on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0, "exception on page"
    assert page.get_by_text("Page not found").count() == 0, "Page not found dialog"


def screenshot(page, name: str, max_height: int = 6000) -> Path:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    height = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m ? m.scrollHeight : document.body.scrollHeight; }""")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), max_height)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def chart_title(spec: dict) -> str:
    """A drawn chart's title as written: ui.show wraps a long title for phones
    (charts.base.responsive) and keeps the original in usermeta["title"]."""
    return spec.get("usermeta", {}).get("title") or spec["title"]["text"]
