"""End-to-end tests in headless Chromium (Debian's chromium package, driven by Playwright).

The app runs as `streamlit run app.py` on a free local port with SERVICEOPS_DATA_DIR in a temporary
folder. Screenshots go to test-output/screenshots/. The whole folder is skipped, with the reason
printed, when Playwright or the Chromium binary is missing (`make test` installs Chromium with
apt-get when it runs as root; CHROMIUM=/path/to/chromium overrides the binary).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
TIMEOUT_MS = 60_000


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium (tests/browser)")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "browser tests skipped: the Python package playwright is not installed (pip install -r requirements.txt)"
    if reason is None and chromium_path() is None:
        reason = ("browser tests skipped: no Chromium binary found (/usr/bin/chromium). Install it with "
                  "`apt-get install -y chromium` (as root), or set CHROMIUM=/path/to/chromium")
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run app.py` in a subprocess; ``kill`` sends SIGKILL (no clean shutdown)."""

    def __init__(self, data_dir: Path, log_dir: Path, extra_args: tuple[str, ...] = (), name: str = "streamlit"):
        self.data_dir, self.log_dir = data_dir, log_dir
        self.extra_args, self.name = tuple(extra_args), name
        self.proc = None
        self.port = None
        self.starts = 0
        self.warm = False    # has a browser session run app.py once since the last start?

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        self.starts += 1
        self.warm = False
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "SERVICEOPS_DATA_DIR": str(self.data_dir), "PYTHONUNBUFFERED": "1"}
        log = open(self.log_dir / f"{self.name}_{self.starts}.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false", "--server.runOnSave", "false", *self.extra_args],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not answer /_stcore/health within 90 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)   # the server's own process group (start_new_session)
            self.proc.wait(timeout=20)
        self.proc = None


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    srv = Server(tmp_path_factory.mktemp("serviceops_data"), OUTPUT)
    srv.start()
    yield srv
    srv.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (its own Streamlit session); any JavaScript dialog fails the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()
    assert not dialogs, f"a script ran in the page: {dialogs}"
