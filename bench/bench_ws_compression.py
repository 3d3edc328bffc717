"""Bytes on the wire and time to settle for each page, with and without websocket compression.

`server.enableWebsocketCompression` (permessage-deflate; off by default in Streamlit) shrinks
what the server sends (charts' data, tables, the page's elements), at the cost of compressing
it. Two `streamlit run app.py` servers, one with it and one without, each behind a small TCP
proxy that counts the bytes going to the browser (what a reader's connection carries: HTTP and
websocket frames, compressed or not). Each round opens every page once on each server, in a new
tab (a new session) of a browser context whose HTTP cache is warm (Streamlit's JavaScript is not
fetched again), so the bytes are the page's own messages. Settled: as bench_pages_browser.py.

    python bench/bench_ws_compression.py [--runs 5] [--lang id]
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import tempfile
import threading
from pathlib import Path

import benchlib
from bench_pages_browser import PROBE, settle_ms


class CountingProxy:
    """127.0.0.1:<port> -> target, counting the bytes sent back to the client."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.down = 0
        self.lock = threading.Lock()
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, count: bool) -> None:
        try:
            while data := src.recv(65536):
                if count:
                    with self.lock:
                        self.down += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while True:
            client, _ = self.server.accept()
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def take(self) -> int:
        with self.lock:
            n, self.down = self.down, 0
        return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lang", default="id")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    pages = benchlib.pages()
    benchlib.header("bench_ws_compression.py: bytes to the browser and time to settle, websocket compression "
                    "off and on", f"{args.runs} rounds; each page once per round on each server, a new tab each "
                    f"(lang={args.lang}); bytes counted by a TCP proxy (what goes over the wire); medians.")
    option = "STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION"
    with tempfile.TemporaryDirectory() as tmp_a, tempfile.TemporaryDirectory() as tmp_b, \
            benchlib.streamlit_server(Path(tmp_a), **{option: "false"}) as off, \
            benchlib.streamlit_server(Path(tmp_b), **{option: "true"}) as on, \
            sync_playwright() as pw:
        proxies = {name: CountingProxy(int(url.rsplit(":", 1)[1])) for name, url in (("off", off), ("on", on))}
        browser = pw.chromium.launch(executable_path=benchlib.CHROMIUM, args=benchlib.CHROMIUM_ARGS)
        contexts = {}
        for name, proxy in proxies.items():
            ctx = browser.new_context(viewport={"width": 1366, "height": 900})
            ctx.add_init_script(PROBE)
            contexts[name] = (ctx, f"http://127.0.0.1:{proxy.port}")
        sizes = {(name, p[1]): [] for name in proxies for p in pages}
        times = {(name, p[1]): [] for name in proxies for p in pages}
        for ctx, base in contexts.values():  # warm: the pages are learnt, the JavaScript cached
            settle_ms(ctx, f"{base}/?lang={args.lang}")
            for _, _, path in pages:
                settle_ms(ctx, f"{base}/{path}?lang={args.lang}")
        for _ in range(args.runs):
            for _, url_path, path in pages:
                for name, (ctx, base) in contexts.items():
                    proxies[name].take()
                    settled, _, _ = settle_ms(ctx, f"{base}/{path}?lang={args.lang}")
                    times[(name, url_path)].append(settled)
                    sizes[(name, url_path)].append(proxies[name].take())
        browser.close()

    rows = []
    for page_script, url_path, _ in pages:
        kb = {n: benchlib.stats(sizes[(n, url_path)])[0] / 1024 for n in proxies}
        ms = {n: benchlib.stats(times[(n, url_path)])[0] for n in proxies}
        rows.append([f"/{url_path} ({Path(page_script).name})", f"{kb['off']:.0f}", f"{kb['on']:.0f}",
                     f"{kb['on'] / kb['off']:.2f}", f"{ms['off']:.0f}", f"{ms['on']:.0f}",
                     f"{ms['on'] / ms['off']:.2f}"])
    benchlib.table(["page", "KiB off", "KiB on", "bytes on/off", "settled ms off", "settled ms on",
                    "time on/off"], rows)
    benchlib.footer()


if __name__ == "__main__":
    main()
