"""Real services the tests and benchmarks start on this machine: a throw-away PostgreSQL cluster
and the project's nginx configuration in front of local Streamlit processes.

PostgreSQL: Debian's binaries (`apt-get install postgresql`: /usr/lib/postgresql/NN/bin, or
BALI_UMKM_PG_BIN). The server refuses to run as root, so when the tests run as root the cluster
belongs to the `postgres` user (or `nobody`) and initdb / pg_ctl run through `runuser`. It listens on
127.0.0.1 and a free port, trusts local connections, and lives in a temporary folder removed at
the end. fsync is off: the tests kill clients, never this server.

nginx: `deploy/nginx/bali-umkm.conf.template` rendered the way the nginx image renders it
(`${VAR}` replaced from the environment), included from a minimal main configuration with its
pid, logs and temporary files in a temporary folder.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "bali-umkm.conf.template"


def free_port() -> int:
    """A port nobody listens on now. Not held: with the suite on several xdist workers, another
    process may bind it before our server does; the starters below then try another port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_taken(log: str) -> bool:
    """Did a server's log say it could not bind its port (someone took it first)? PostgreSQL:
    "could not bind IPv4 address ... Address already in use"; Streamlit: "Port N is not available"."""
    return "Address already in use" in log or re.search(r"Port \d+ is not available", log) is not None


# ---- PostgreSQL ---------------------------------------------------------------------------------

def pg_bin() -> Path | None:
    env = os.environ.get("BALI_UMKM_PG_BIN", "").strip()
    candidates = [env] if env else sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(
        re.search(r"/(\d+)/bin$", p).group(1)) if re.search(r"/(\d+)/bin$", p) else 0, reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _service_user() -> str | None:
    """Who runs the cluster when we are root (None: we are not root, run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and neither a 'postgres' nor a 'nobody' user exists")


@dataclass
class Postgres:
    bindir: Path
    folder: Path
    port: int
    user: str | None
    log: Path = field(init=False)

    def __post_init__(self):
        self.log = self.folder / "server.log"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120, cwd="/")

    def start(self) -> Postgres:
        self._run(self.bindir / "initdb", "-D", self.folder / "data", "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8", "--locale=C")
        return self._serve()

    def restart_on(self, port: int) -> Postgres:
        """Serve the cluster already made by start() on another port (its port was taken)."""
        self.port = port
        return self._serve()

    def _serve(self) -> Postgres:
        opts = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c full_page_writes=off -c max_connections=200")
        self._run(self.bindir / "pg_ctl", "-D", self.folder / "data", "-l", self.log, "-o", opts, "-w", "-t", "60",
                  "start")
        return self

    def stop(self) -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.folder / "data", "-m", "immediate", "-w", "stop", check=False)

    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres", user: str = "postgres") -> list[tuple]:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=user, dbname=database,
                             autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []

    def create_database(self, name: str) -> str:
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_postgres() -> Postgres:
    bindir = pg_bin()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL binaries not found (apt-get install postgresql, or BALI_UMKM_PG_BIN)")
    user = _service_user()
    folder = Path(tempfile.mkdtemp(prefix="bali-umkm-pg-"))
    if user:
        info = pwd.getpwnam(user)
        os.chown(folder, info.pw_uid, info.pw_gid)
    folder.chmod(0o700)
    server, attempt = Postgres(bindir, folder, free_port(), user), 0
    while True:
        try:
            return server.start() if attempt == 0 else server.restart_on(free_port())
        except subprocess.CalledProcessError as exc:
            log = server.log.read_text(errors="replace") if server.log.exists() else ""
            if attempt < 2 and port_taken(log):  # three tries, each on another port
                attempt += 1
                continue
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from exc


@contextlib.contextmanager
def postgres():
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


# ---- Streamlit processes and nginx --------------------------------------------------------------

def wait_http(url: str, timeout: float = 60, proc: subprocess.Popen | None = None, interval: float = 0.1) -> None:
    """Wait until `url` answers 200, asking every `interval` seconds; with `proc`, give up at once
    if that process has ended."""
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise ChildProcessError(f"the server of {url} ended (exit code {proc.returncode})") from None
            if time.time() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout:.0f} s") from None
            time.sleep(interval)


@dataclass
class Local:
    """A server process we started on 127.0.0.1: its port and Popen, and a file or folder of its
    own (an app's log, nginx's folder)."""
    port: int
    proc: subprocess.Popen
    path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class App(Local):
    @property
    def log(self) -> Path:
        return self.path


def start_app(workdir: Path, env: dict[str, str], name: str = "app", cpus: set[int] | None = None) -> App:
    """`streamlit run app.py` on a free port (not waited for: see wait_http)."""
    port = free_port()
    log = workdir / f"{name}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
    return App(port, proc, log)


def start_apps(workdir: Path, env: dict[str, str], names: list[str], timeout: float = 120) -> list[App]:
    """start_app for each name, all started before any is waited for (wait_http); one whose port
    another process took meanwhile is started again on another port (three tries each)."""
    apps = [start_app(workdir, env, name) for name in names]
    try:
        for i, name in enumerate(names):
            for attempt in range(3):
                try:
                    wait_http(f"{apps[i].url}/_stcore/health", timeout=timeout, proc=apps[i].proc)
                    break
                except ChildProcessError:
                    if attempt == 2 or not port_taken(apps[i].log.read_text(errors="replace")):
                        raise
                    apps[i] = start_app(workdir, env, name)
    except BaseException:
        for app in apps:
            stop_app(app)
        raise
    return apps


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate a process we started; kill it if it does not end within `timeout` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


def stop_app(app: App) -> None:
    stop(app.proc)


def render_template(text: str, env: dict[str, str]) -> str:
    """What the nginx image's entrypoint does with envsubst: ${NAME} replaced when NAME is set."""
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: env.get(m.group(1), m.group(0)), text)


def nginx_bin() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


class Proxy(Local):
    @property
    def folder(self) -> Path:
        return self.path


def start_proxy(upstreams: list[int], folder: Path | None = None) -> Proxy:
    """nginx with the project's template in front of the Streamlit processes on `upstreams`."""
    binary = nginx_bin()
    if binary is None:
        raise FileNotFoundError("nginx not found (apt-get install nginx)")
    folder = Path(folder or tempfile.mkdtemp(prefix="bali-umkm-nginx-"))
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    servers = " ".join(f"server 127.0.0.1:{p} max_fails=0;" for p in upstreams)
    site = render_template(NGINX_TEMPLATE.read_text(), {"BALI_UMKM_LISTEN": f"127.0.0.1:{port}",
                                                        "BALI_UMKM_UPSTREAMS": servers})
    (folder / "site.conf").write_text(site)
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format routed '$request|$status|$upstream_addr|$cookie_bali_umkm_route';
    access_log {folder}/access.log routed;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/site.conf;
}}
""")
    check = subprocess.run([binary, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                           capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
    proc = subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=open(folder / "stderr.log", "w"))  # noqa: SIM115
    deadline = time.time() + 30
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            break
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"nginx did not start: {(folder / 'stderr.log').read_text()}")
        time.sleep(0.05)
    return Proxy(port, proc, folder)


def stop_proxy(proxy: Proxy) -> None:
    stop(proxy.proc, timeout=10)
