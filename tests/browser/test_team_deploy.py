"""The team deployment (issue 18, docs/DEPLOY.md): nginx in front of two app servers on one
PostgreSQL store, started by scripts/deploy_local.py under test-output/deploy-test/.

In headless Chromium, through the proxy only: upload her Spanish traffic file on the staffing page
(the upload is a separate HTTP request that must reach the server holding the session: sticky
routing; the peak agents shown are checked against a hand calculation), save the workspace; find
the app server that served the browser (nginx's X-Upstream header), SIGKILL it, reload through the
same proxy with the same browser (nginx fails over to the other server: a fresh session there, on
the sample case), open the workspace and see the same numbers. Before that, over plain HTTP: route
cookies spread browsers from one address over both servers and keep each on one; refused uploads do
not take a server out of the rotation; an upload over the limit is refused by nginx.

Skipped, with the reason, when nginx or PostgreSQL (or scripts/pg_cluster.py, core/store_postgres.py)
is missing. DEPLOY_TEST_STORE=sqlite runs it on a shared SQLite folder instead (no PostgreSQL).
"""
from __future__ import annotations

import os
import shutil
import signal
import time
import urllib.error
import urllib.request

import pytest

from scripts import deploy_local
from tests import userfiles

from .conftest import OUTPUT
from .test_app_in_browser import (EN, alerts, metric, no_exception, open_page, open_workspace, save_workspace, shot,
                                  wait_idle)
from .test_own_data_browser import expected_peak

BASE = OUTPUT / "deploy-test"
STORE = os.environ.get("DEPLOY_TEST_STORE", "postgres")
NAME = "Red Norte · equipo"
FILE = "trafico_semana_red.csv"


class Proxy:
    """What open_page needs: the address (nginx) and whether the serving app server has run app.py."""

    def __init__(self, url: str):
        self.url, self.warm = url, False


@pytest.fixture(scope="module")
def deployment():
    reason = deploy_local.missing_binaries(STORE)
    if reason:
        pytest.skip(f"team deployment test skipped: {reason}")
    deploy_local.down(BASE)                  # a run interrupted before its teardown
    shutil.rmtree(BASE, ignore_errors=True)   # a fresh store: no workspace of an earlier run
    started = time.monotonic()
    state = deploy_local.up(BASE, servers=2, store=STORE)
    print(f"deployment up in {time.monotonic() - started:.1f} s: {state['url']}")
    yield state
    deploy_local.down(BASE)
    assert deploy_local.load_state(BASE) is None


class Clock:
    """Wall time of each step (printed with -s; the machine may be shared, so only a guide)."""

    def __init__(self):
        self.start, self.laps, self.cpu = time.monotonic(), [], {}

    def lap(self, what: str) -> None:
        self.laps.append((what, time.monotonic() - self.start))

    def __str__(self) -> str:
        return "; ".join([f"{what} at {seconds:.1f} s" for what, seconds in self.laps] +
                         [f"CPU of the {what}: {seconds:.1f} s" for what, seconds in self.cpu.items()])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux /proc; NaN elsewhere)."""
    try:
        fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime, stime


def upstream(page, url: str) -> str:
    """The app server ("127.0.0.1:<port>") nginx routes this browser to (its route cookie)."""
    response = page.context.request.get(f"{url}/_stcore/health")
    assert response.ok, response.status
    return response.headers["x-upstream"].split(",")[-1].strip()


def via_proxy(url: str, path: str, cookie: str, method: str = "GET", body: bytes | None = None) -> tuple[int, str]:
    """(HTTP status, X-Upstream) of one request through nginx with the route cookie ``cookie``."""
    request = urllib.request.Request(f"{url}{path}", data=body, method=method,
                                     headers={"Cookie": f"serviceops_route={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("X-Upstream", "")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("X-Upstream", "")


def test_route_cookies_spread_browsers_over_both_servers_and_keep_each_on_one(deployment):
    """Many browsers behind one address (a hospital NAT): by cookie, not by address."""
    url, servers = deployment["url"], {f"127.0.0.1:{s['port']}" for s in deployment["servers"]}
    seen = {}
    for i in range(20):
        answers = {via_proxy(url, "/_stcore/health", f"browser-{i}")[1] for _ in range(3)}
        assert len(answers) == 1, answers                     # one browser, one server
        seen[f"browser-{i}"] = answers.pop()
    assert set(seen.values()) == servers                      # 20 browsers from 127.0.0.1 use both servers
    # an upload reaches the same server as the rest of that browser's requests (a separate upstream block)
    for cookie in list(seen)[:6]:
        status, server = via_proxy(url, "/_stcore/upload_file/no-session/none", cookie, "PUT", b"x")
        assert server == seen[cookie] and status in (400, 403, 404), (status, server)


def test_refused_uploads_do_not_take_a_server_out_of_the_rotation(deployment):
    """Streamlit resets the connection of a refused upload (no XSRF token here); nginx must not count
    that as a dead server, or one user's bad upload would move everyone's reconnections."""
    url = deployment["url"]
    home = via_proxy(url, "/_stcore/health", "bad-uploader")[1]
    body = b"0" * (48 * 2 ** 20)                              # under the 50 MB limit: reaches Streamlit
    for _ in range(3):
        assert via_proxy(url, "/_stcore/upload_file/x/y", "bad-uploader", "PUT", body)[0] in (403, 502)
    assert via_proxy(url, "/_stcore/health", "bad-uploader") == (200, home)
    too_big = b"0" * (51 * 2 ** 20 + 1)                       # nginx refuses it before any app server
    assert via_proxy(url, "/_stcore/upload_file/x/y", "bad-uploader", "PUT", too_big) == (413, "")


def upload_week(page, rows) -> None:
    """Her Spanish traffic file (`Fecha;Hora;...;TMO (seg)`, decimal comma) through the staffing page's
    file chooser, as tests/browser/test_own_data_browser.py does."""
    title = page.get_by_text(EN("upload.title", dataset=EN("datasets.traffic")), exact=True)
    if not title.is_visible():
        page.get_by_text(EN("staffing.week.upload"), exact=True).first.click()
        wait_idle(page)
    page.locator(".st-key-upload-traffic input[type=file]").set_input_files(
        files=[{"name": FILE, "mimeType": "text/csv", "buffer": userfiles.traffic_csv_es(rows=rows)}])
    page.wait_for_function(f"() => document.body.innerText.includes({FILE!r})", timeout=90_000)
    wait_idle(page, 1500)


def test_a_workspace_saved_on_one_server_opens_on_the_other_after_it_is_killed(deployment, page):
    proxy = Proxy(deployment["url"])
    by_address = {f"127.0.0.1:{s['port']}": s for s in deployment["servers"]}
    clock = Clock()
    rows = userfiles.traffic_rows(minutes=30)
    peak = EN.int(expected_peak(rows, 30))      # by hand, see expected_peak

    # 1. through the proxy: her file uploaded (a separate HTTP request: it must reach the session's server)
    open_page(page, proxy, "staffing")
    assert "serviceops_route" in {c["name"] for c in page.context.cookies()}   # nginx's sticky cookie
    first = upstream(page, proxy.url)
    assert first in by_address
    sample_peak = metric(page, EN("staffing.week.peak"))
    upload_week(page, rows)
    no_exception(page)
    assert metric(page, EN("staffing.week.peak")) == peak != sample_peak
    save_workspace(page, NAME)
    assert EN("workspace.saved", name=NAME) in alerts(page)
    assert upstream(page, proxy.url) == first      # every request of this browser went to one server
    shot(page, "team_1_saved")
    clock.lap("uploaded and saved")

    # 2. the server that served it dies (no clean shutdown)
    victim = by_address[first]
    clock.cpu["first server"] = cpu_seconds(victim["pid"])
    os.killpg(victim["pid"], signal.SIGKILL)
    deploy_local.reap(victim["pid"])
    survivor = next(a for a in by_address if a != first)
    clock.lap("server killed")

    # 3. the same browser (same route cookie) reloads through the proxy: nginx fails over
    proxy.warm = False
    open_page(page, proxy, "staffing")
    assert upstream(page, proxy.url) == survivor
    assert metric(page, EN("staffing.week.peak")) == sample_peak        # a fresh session: the sample case
    clock.lap("reconnected to the other server")
    open_workspace(page, NAME)
    assert EN("workspace.opened", name=NAME) in alerts(page)
    no_exception(page)
    assert metric(page, EN("staffing.week.peak")) == peak               # the same number, from the store
    assert FILE in page.locator('[data-testid="stSidebar"]').inner_text()
    shot(page, "team_2_reopened_on_the_other_server")
    clock.lap("workspace reopened")
    clock.cpu["second server"] = cpu_seconds(by_address[survivor]["pid"])
    print(clock)

    # 4. the workspace lives in PostgreSQL, not in a file of one server
    if STORE == "postgres":
        assert not list((BASE / "data").glob("*.sqlite")), "a SQLite store was used"
