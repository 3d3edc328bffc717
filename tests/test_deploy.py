"""Running as a service: the proxy configuration in front of two app processes (security headers,
sticky routing, the request-body limit and the upload rate limit), checked live with nginx and
two `streamlit run` processes sharing one PostgreSQL database; and the Dockerfile and
compose.yaml read for what they promise (no Docker engine in the test environment)."""

import http.client
import re
import shutil
import subprocess
import urllib.request

import pytest
import yaml
from conftest import ARTIFACTS, ROOT

DEPLOY = ROOT / "deploy"
TEMPLATE = DEPLOY / "nginx" / "bali-umkm.conf.template"


def _request(url: str, method: str = "GET", path: str = "/", headers: dict | None = None, body: bytes = b""):
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        resp = conn.getresponse()
        resp.read()
        return resp.status, resp.headers
    finally:
        conn.close()


# ---- the files, as written ---------------------------------------------------------------------

def test_the_template_uses_only_the_variables_compose_and_the_tests_set():
    names = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)\}", TEMPLATE.read_text()))
    assert names == {"BALI_UMKM_LISTEN", "BALI_UMKM_UPSTREAMS"}
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    proxy = compose["services"]["proxy"]
    assert set(proxy["environment"]) == names
    assert "./nginx/bali-umkm.conf.template:/etc/nginx/templates/default.conf.template:ro" in proxy["volumes"]
    upstreams = proxy["environment"]["BALI_UMKM_UPSTREAMS"]
    assert upstreams.count("server ") == 2 and "app1:8501" in upstreams and "app2:8501" in upstreams


def test_compose_runs_a_proxy_two_replicas_and_postgresql_sharing_one_database():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "app1", "app2", "proxy"}
    assert services["db"]["image"].startswith("postgres:")
    for name in ("app1", "app2"):
        app = services[name]
        assert app["build"]["dockerfile"] == "deploy/Dockerfile"
        env = app["environment"]
        url = env["BALI_UMKM_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://") and "@db:5432/" in url
        assert ":" not in url.split("//")[1].split("@")[0]  # no password in the URL
        assert env["BALI_UMKM_DATABASE_PASSWORD_FILE"] == "/run/secrets/db_password"
        assert env["BALI_UMKM_TRUSTED_PROXIES"] == compose["networks"]["backend"]["ipam"]["config"][0]["subnet"]
        assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["proxy"]["depends_on"] == {"app1": {"condition": "service_healthy"},
                                               "app2": {"condition": "service_healthy"}}
    assert "ports" not in services["app1"] and "ports" not in services["db"]  # only the proxy is reachable


def test_the_image_runs_as_a_non_root_user_with_a_health_check():
    text = (DEPLOY / "Dockerfile").read_text()
    user = re.findall(r"^USER\s+(\S+)", text, flags=re.M)
    assert user and user[-1].split(":")[0] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*/_stcore/health", text, flags=re.M)
    assert re.search(r'^CMD \["python", "-m", "streamlit", "run", "app.py"', text, flags=re.M)
    for line in (ROOT / "requirements.txt").read_text().splitlines():  # every runtime dependency pinned
        if line and not line.startswith("#"):
            assert "==" in line, line
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "data/store", ".streamlit/secrets.toml", "deploy/secrets"} <= set(ignored)


# ---- live: nginx in front of two app processes ------------------------------------------------

def test_proxy_headers_and_the_sticky_routing_cookie(replicas):
    status, headers = _request(replicas.url, "GET", "/")
    assert status == 200
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Server"] == "nginx"  # no version
    cookie = headers["Set-Cookie"]
    assert re.fullmatch(r"bali_umkm_route=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", cookie)
    status, again = _request(replicas.url, "GET", "/", headers={"Cookie": cookie.split(";")[0]})
    assert status == 200 and "Set-Cookie" not in again  # the browser keeps its route
    status, health = _request(replicas.url, "GET", "/_stcore/health")
    assert status == 200 and health["X-Frame-Options"] == "DENY"
    # what `curl -I` prints, kept for the deployment notes
    if shutil.which("curl"):
        out = subprocess.run(["curl", "-sI", f"{replicas.url}/"], capture_output=True, text=True, timeout=30).stdout
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "proxy_headers.txt").write_text(out)
        assert "X-Frame-Options: DENY" in out


def test_upload_endpoint_body_limit_and_rate_limit(replicas):
    # a body above the limit is refused by the proxy before it reaches an app (60 MB announced)
    host, port = replicas.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("PUT", "/_stcore/upload_file/session/file")
    conn.putheader("Content-Length", str(60 * 2**20))
    conn.endheaders()
    resp = conn.getresponse()
    assert resp.status == 413 and resp.headers["X-Frame-Options"] == "DENY"
    conn.close()
    assert _request(replicas.url, "GET", "/_stcore/upload_file/session/file")[0] in (403, 429)  # PUT/DELETE only
    # a flood of small uploads: the first few reach the app (which refuses them: no session, no
    # XSRF token), then the proxy answers 429 without passing them on
    codes = [_request(replicas.url, "PUT", "/_stcore/upload_file/session/file", body=b"x")[0] for _ in range(12)]
    assert codes.count(429) >= 6 and all(c != 200 for c in codes)
    # everything else still answers
    assert _request(replicas.url, "GET", "/_stcore/health")[0] == 200


def test_routing_cookies_spread_over_both_replicas_and_each_sticks_to_one(replicas):
    for i in range(40):
        for _ in range(3):
            urllib.request.urlopen(urllib.request.Request(f"{replicas.url}/_stcore/health",
                                                          headers={"Cookie": f"bali_umkm_route={i:032x}"}), timeout=10)
    served: dict[str, set[str]] = {}
    for line in (replicas.proxy.folder / "access.log").read_text().splitlines():
        request, status, upstream, route = line.split("|")
        if request.startswith("GET /_stcore/health") and status == "200" and route.startswith("0" * 29):
            served.setdefault(route, set()).add(upstream)
    assert len(served) == 40 and all(len(ups) == 1 for ups in served.values())  # sticky
    used = set().union(*served.values())
    assert used == {f"127.0.0.1:{app.port}" for app in replicas.apps}  # and spread


@pytest.mark.parametrize("path", ["/", "/_stcore/health"])
def test_a_replica_directly_has_no_security_headers_only_the_proxy_adds_them(replicas, path):
    status, headers = _request(replicas.apps[0].url, "GET", path)
    assert status == 200 and "X-Frame-Options" not in headers  # so only the proxy may face users
