"""Shared test helpers: the repo root, AppTest runs, and a live server for browser tests."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

# Tests never read or write a real import store: the whole session sees an empty one, so the
# catalogue is the shipped one unless a test imports into its own temporary store.
os.environ["BALI_UMKM_STORE"] = tempfile.mkdtemp(prefix="bali-umkm-test-store-")
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


def assert_chart_blocks(at, n: int) -> list:
    """The page shows `n` charts, each as ui.chart_block draws it (in Indonesian): an accessible
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


@contextlib.contextmanager
def streamlit_server(workdir: Path, **env_overrides: str):
    """`streamlit run app.py` on a free port with extra environment; yields the base URL."""
    port = _free_port()
    env = {**os.environ, **env_overrides}
    log = (workdir / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--client.showErrorDetails", "full", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.close()
        pytest.fail("streamlit did not start within 60 s")
    try:
        yield url
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


def wait_for_app(page, timeout: int = 30_000) -> None:
    """Wait until Streamlit has finished running the script and drawn its charts."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => { const s = document.querySelector('[data-testid="stStatusWidget"]');
                   return !s || !s.innerText.includes('Running'); }""", timeout=timeout)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    page.wait_for_timeout(800)


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
    """A drawn chart's title as written: ui.chart_block wraps a long title for phones
    (charts.base.responsive) and keeps the original in usermeta["title"]."""
    return spec.get("usermeta", {}).get("title") or spec["title"]["text"]
