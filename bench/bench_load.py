"""Load behind the proxy: 10, 25 and 50 concurrent sessions for 60 s each, against nginx (the
project's deploy/nginx template) in front of 1, 2 and 4 `streamlit run app.py` processes that
share one store (PostgreSQL when its binaries are here, else one SQLite file).

Goal: 50 sessions, 0 errors, p95 latency at most 2x a single session's with the process count
the machine's cores allow; an import visible on every process within 2 s.

The clients speak Streamlit's own websocket protocol (the BackMsg/ForwardMsg protobufs in
streamlit.proto), as the browser does, without a browser: each simulated reader opens one
session (/_stcore/stream, through the proxy, with its own routing cookie as a browser would have)
and, until the time is up, opens a random page of app.py (conftest.app_pages(); a rerun_script
with the page's script hash, as in-app navigation sends) and then changes the page's indicator
(the first selectbox of the main area with 2+ options goes to its next option, else a
multiselect gains an option), reading for a think time between actions (uniform
--think-min..--think-max s, default 5-15 s; readers start spread over the first think time).
Latency = from sending the rerun to the server's script_finished message. Errors = an exception
element in the page, a "page not found", a compile error, a dropped connection, or no
script_finished within 60 s.

For each process count the processes are started fresh and warmed (every page opened once on
each process directly), then the single-session baseline (one reader thinking 0.5-1.5 s, so its
p95 rests on enough samples) and the levels run one after the other on the same processes; the
peak memory column is the largest VmHWM of one process. Nothing is pinned: with several
processes they need every core, and the clients (one asyncio thread, protobuf parsing in C) use
a few hundredths of one, shown in the table. Server CPU is the sum over the processes, in cores.

Visibility: after the levels, with 2 or more processes, a third process imports a file into the
shared store (the CLI), and one session on each app process (directly, not through the proxy)
re-opens the data-sources page until the new dataset's file name is in what the server sends;
the table gives the time from the end of the import to that page view.

    python bench/bench_load.py [--processes 1,2,4] [--levels 10,25,50] [--duration 60]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import benchlib
import services
import websockets
from benchlib import ROOT
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ACTION_TIMEOUT = 60.0


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"open page": [], "change indicator": []})
    by_page: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    actions: int = 0


class Session:
    """One reader's websocket session, speaking Streamlit's protocol."""

    def __init__(self, ws_url: str, origin: str, result: Result):
        self.ws_url, self.origin, self.result = ws_url, origin, result
        self.ws = None
        self.pages: dict[str, str] = {}  # url_pathname -> page_script_hash
        self.query = "lang=id"
        self.page_hash = ""
        self.url_path = ""
        self.widgets: dict[str, object] = {}  # widget id -> the main area's selectbox/multiselect proto
        self.finished: asyncio.Future | None = None
        self.problem: str | None = None
        self.reader = None
        self.needle: bytes = b""  # visibility check: set when these bytes arrive
        self.seen = False

    async def connect(self) -> None:
        # a routing cookie of its own, as the proxy gives each browser (ignored without a proxy)
        cookie = {"Cookie": f"bali_umkm_route={uuid.uuid4().hex}"}
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                          compression=None, ping_interval=None, open_timeout=30,
                                          additional_headers=cookie)
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                if self.needle and self.needle in data:
                    self.seen = True
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except websockets.ConnectionClosed as exc:
            self._fail(f"connection closed: {exc}")
        except asyncio.CancelledError:
            raise

    def _fail(self, text: str) -> None:
        if self.finished is not None and not self.finished.done():
            self.problem = text
            self.finished.set_result("error")

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "delta":
            element = msg.delta.new_element if msg.delta.HasField("new_element") else None
            if element is None:
                return
            which = element.WhichOneof("type")
            if which == "exception":
                self.problem = f"exception: {element.exception.message[:200]}"
            elif which in ("selectbox", "multiselect") and msg.metadata.delta_path[:1] == [0]:
                proto = getattr(element, which)
                self.widgets[proto.id] = (which, proto)
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self.problem = f"page not found: {msg.page_not_found.page_name}"
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return  # another run follows
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.problem = "compile error"
            if self.finished is not None and not self.finished.done():
                self.finished.set_result("done")
        if msg.metadata.active_script_hash and kind == "delta":
            self.page_hash = msg.metadata.active_script_hash

    async def rerun(self, label: str, *, page_hash: str = "", page_name: str = "", widgets=None) -> None:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        if page_hash:
            state.page_script_hash = page_hash
        if page_name:
            state.page_name = page_name
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        state.context_info.timezone = "Asia/Makassar"
        state.context_info.locale = "id-ID"
        self.problem = None
        self.finished = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        try:
            outcome = await asyncio.wait_for(self.finished, ACTION_TIMEOUT)
        except TimeoutError:
            outcome, self.problem = "error", f"no script_finished within {ACTION_TIMEOUT:.0f} s"
        self.result.actions += 1
        if outcome == "done" and self.problem is None:
            took = time.perf_counter() - start
            self.result.latencies[label].append(took)
            self.result.by_page.setdefault((self.url_path, label), []).append(took)
        else:
            self.result.errors.append(f"{label}: {self.problem}")

    async def open_page(self, url_path: str, default: bool) -> None:
        self.widgets = {}
        self.url_path = url_path
        self.query = "lang=id"
        page_hash = self.pages.get("" if default else url_path, "")
        await self.rerun("open page", page_hash=page_hash, page_name="" if page_hash or default else url_path)

    def change(self):
        """The WidgetState that changes the page's indicator, or None."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        for which, proto in self.widgets.values():
            if which == "selectbox" and len(proto.options) >= 2:
                current = proto.raw_value if proto.HasField("raw_value") else (
                    proto.options[proto.default] if proto.HasField("default") else proto.options[0])
                index = list(proto.options).index(current) if current in proto.options else 0
                return WidgetState(id=proto.id, string_value=proto.options[(index + 1) % len(proto.options)])
        for which, proto in self.widgets.values():
            if which == "multiselect":
                rest = [o for o in proto.options if o not in proto.raw_values]
                if rest:
                    state = WidgetState(id=proto.id)
                    state.string_array_value.data.extend([*proto.raw_values, rest[0]])
                    return state
        return None


async def reader(ws_url: str, origin: str, pages, deadline: float, think: tuple[float, float],
                 result: Result, rng: random.Random) -> None:
    session = Session(ws_url, origin, result)
    try:
        await asyncio.sleep(rng.uniform(0, think[1]))
        await session.connect()
        await session.rerun("open page")  # the app's front page: the server sends the navigation
        while time.perf_counter() < deadline:
            _, url_path, default = rng.choice(pages)
            await asyncio.sleep(rng.uniform(*think))
            if time.perf_counter() >= deadline:
                break
            await session.open_page(url_path, default)
            change = session.change()
            if change is None:
                continue
            await asyncio.sleep(rng.uniform(*think))
            if time.perf_counter() >= deadline:
                break
            await session.rerun("change indicator", page_hash=session.page_hash, widgets=[change])
    except (OSError, websockets.WebSocketException) as exc:
        result.errors.append(f"connection: {exc}")
    finally:
        await session.close()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


async def run_level(url: str, n: int, duration: float, think: tuple[float, float], seed: int) -> Result:
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    pages = [(script, url_path, path == "") for script, url_path, path in benchlib.pages()]
    result = Result()
    deadline = time.perf_counter() + duration
    rng = random.Random(seed)
    await asyncio.gather(*(reader(ws_url, url, pages, deadline, think, result, random.Random(rng.random()))
                           for _ in range(n)))
    return result


async def warm(url: str) -> None:
    """One session opens every page once and changes its indicator: the process caches a
    running server has (and Streamlit learns the app's pages)."""
    result = Result()
    session = Session(url.replace("http://", "ws://") + "/_stcore/stream", url, result)
    await session.connect()
    await session.rerun("open page")
    for _, url_path, path in benchlib.pages():
        await session.open_page(url_path, path == "")
        change = session.change()
        if change is not None:
            await session.rerun("change indicator", page_hash=session.page_hash, widgets=[change])
    await session.close()
    if result.errors:
        raise RuntimeError(f"warm-up failed: {result.errors}")


@contextlib.contextmanager
def deployment(processes: int, folder: Path, pg):
    """`processes` app processes sharing one store, nginx in front; yields (proxy URL, apps, env)."""
    if pg is not None:
        name = f"load_{processes}_{uuid.uuid4().hex[:6]}"
        env = {"BALI_UMKM_DATABASE_URL": pg.create_database(name)}
    else:
        env = {"BALI_UMKM_STORE": str(folder / "store")}
    apps = [services.start_app(folder, env, f"app{i}") for i in range(processes)]
    proxy = None
    try:
        for app in apps:
            services.wait_http(f"{app.url}/_stcore/health", timeout=180)
        proxy = services.start_proxy([app.port for app in apps], folder / "nginx")
        yield proxy.url, apps, env
    finally:
        if proxy is not None:
            services.stop_proxy(proxy)
        for app in apps:
            services.stop_app(app)
        if pg is not None:
            from bali_umkm.store import db

            db.forget(env["BALI_UMKM_DATABASE_URL"])
            pg.drop_database(name)


def measure(url: str, apps, n: int, duration: float, think: tuple[float, float], seed: int) -> dict:
    pids = [app.proc.pid for app in apps]
    cpu0, self0 = sum(benchlib.cpu_seconds(p) for p in pids), resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    result = asyncio.run(run_level(url, n, duration, think, seed))
    wall = time.perf_counter() - t0
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = (sum(benchlib.cpu_seconds(p) for p in pids) - cpu0) / wall
    client_cpu = (self1.ru_utime + self1.ru_stime - self0.ru_utime - self0.ru_stime) / wall
    peak = max(benchlib.rss_peak_mb(p) for p in pids)
    every = [x for values in result.latencies.values() for x in values]
    return {"n": n, "result": result, "all": every, "peak": peak, "server_cpu": server_cpu,
            "client_cpu": client_cpu, "wall": wall}


DATA_PAGE = "data-sumber"


async def _ready(url: str) -> Session:
    """A session on `url` with the data-sources page open once (before anything is imported)."""
    session = Session(url.replace("http://", "ws://") + "/_stcore/stream", url, Result())
    await session.connect()
    await session.rerun("open page")
    await session.open_page(DATA_PAGE, False)
    return session


async def _seen(session: Session, needle: bytes, since: float, timeout: float = 60.0) -> float:
    """Seconds from `since` until a page view of the data-sources page shows `needle`."""
    session.needle = needle
    try:
        while time.perf_counter() - since < timeout:
            session.seen = False
            await session.open_page(DATA_PAGE, False)
            if session.seen:
                return time.perf_counter() - since
        return float("nan")
    finally:
        await session.close()


def visibility(apps, env: dict, folder: Path) -> list[float]:
    """Import a file through a third process; seconds from the end of the import until a page
    view on each app process (a session already open there) shows it."""
    sys.path.insert(0, str(ROOT / "tests"))
    from importer_files import umkm_long

    names = ["Jembrana", "Tabanan", "Badung", "Gianyar", "Klungkung", "Bangli", "Karangasem", "Buleleng", "Denpasar"]
    path = folder / f"visible_{uuid.uuid4().hex[:8]}.csv"
    path.write_bytes(umkm_long([(name, 2024, "jumlah", 1000 + i) for i, name in enumerate(names)]))
    cmd = [sys.executable, "-m", "bali_umkm", "import", str(path), "--kind", "umkm", "--source",
           "Uji beban (angka sintetis)"]

    async def run():
        sessions = [await _ready(app.url) for app in apps]
        out = await asyncio.to_thread(subprocess.run, cmd, env={**os.environ, **env}, capture_output=True,
                                      text=True, timeout=300)
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        since = time.perf_counter()
        return await asyncio.gather(*(_seen(s, path.name.encode(), since) for s in sessions))

    return list(asyncio.run(run()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--processes", default="1,2,4")
    ap.add_argument("--levels", default="10,25,50")
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--think-min", type=float, default=5)
    ap.add_argument("--think-max", type=float, default=15)
    ap.add_argument("--seed", type=int, default=10)
    args = ap.parse_args()
    counts = [int(p) for p in args.processes.split(",")]
    with contextlib.ExitStack() as stack:
        pg = stack.enter_context(services.postgres()) if services.pg_bin() else None
        benchlib.header(
            "bench_load.py: concurrent sessions through the proxy, 1 to 4 processes",
            f"{args.duration:.0f} s per level; nginx (deploy/nginx template) in front of the processes; store: "
            + ("PostgreSQL 15, one database shared by the processes" if pg else "one SQLite file")
            + f"; websocket clients speaking Streamlit's protocol; each reader opens random pages and changes their "
            f"indicator, thinking {args.think_min:g}–{args.think_max:g} s between actions; baseline: one reader "
            f"thinking 0.5–1.5 s, on the same processes. No CPU pinning; {os.cpu_count()} cores.")
        rows, page_rows, errors, seen = [], [], [], {}
        for count in counts:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            with deployment(count, folder, pg) as (url, apps, env):
                for app in apps:
                    asyncio.run(warm(app.url))
                rss_start = max(benchlib.rss_mb(app.proc.pid) for app in apps)
                levels = [measure(url, apps, 1, args.duration, (0.5, 1.5), args.seed)]
                levels += [measure(url, apps, int(n), args.duration, (args.think_min, args.think_max), args.seed)
                           for n in args.levels.split(",")]
                if count >= 2:
                    seen[count] = visibility(apps, env, folder)
            base_p95 = percentile(levels[0]["all"], 0.95)
            for lv in levels:
                res, every = lv["result"], lv["all"]
                p50, p95 = percentile(every, 0.50), percentile(every, 0.95)
                by_kind = "; ".join(f"{k} {percentile(v, 0.5) * 1000:.0f}/{percentile(v, 0.95) * 1000:.0f}"
                                    for k, v in res.latencies.items() if v)
                ok = (len(res.errors) == 0 and p95 <= 2 * base_p95) if lv["n"] > 1 else None
                rows.append([count, lv["n"] if lv["n"] > 1 else "1 (baseline)", res.actions, len(res.errors),
                             f"{p50 * 1000:.0f}", f"{p95 * 1000:.0f}", f"{p95 / base_p95:.2f}", by_kind,
                             f"{rss_start:.0f}", f"{lv['peak']:.0f}", f"{lv['server_cpu']:.2f}",
                             f"{lv['client_cpu']:.2f}", "–" if ok is None else ("yes" if ok else "no")])
                errors += [f"{count} processes, {lv['n']} sessions: {e}" for e in sorted(set(res.errors))[:5]]
            for _, url_path, _ in benchlib.pages():
                row = [count, f"/{url_path}"]
                for lv in (levels[0], levels[-1]):
                    for label in ("open page", "change indicator"):
                        values = lv["result"].by_page.get((url_path, label), [])
                        p50, p95 = percentile(values, 0.5) * 1000, percentile(values, 0.95) * 1000
                        row.append(f"{p50:.0f} / {p95:.0f} ({len(values)})" if values else "–")
                page_rows.append(row)
        benchlib.table(["processes", "sessions", "actions", "errors", "p50 ms", "p95 ms", "p95 / baseline p95",
                        "p50/p95 ms by action", "RSS after warm-up MB (largest process)", "peak RSS MB (largest)",
                        "server CPU (cores, all processes)", "client CPU (cores)", "goal met"], rows)
        last = args.levels.split(",")[-1]
        benchlib.table(["processes", "page", "baseline: open p50 / p95 ms (n)", "baseline: change p50 / p95 ms (n)",
                        f"{last} sessions: open p50 / p95 ms (n)", f"{last} sessions: change p50 / p95 ms (n)"],
                       page_rows, title="By page (the baseline and the largest level)")
        if seen:
            benchlib.table(["processes", "an import by a third process, visible on each app process after (s)"],
                           [[c, ", ".join(f"{x:.2f}" for x in v)] for c, v in seen.items()],
                           title="Visibility of a new version (one page view of /data-sumber per process)")
        for err in errors:
            print(f"- {err}")
        benchlib.footer()


if __name__ == "__main__":
    main()
