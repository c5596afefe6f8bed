"""The team deployment on this machine, as a user would try it: PostgreSQL, two app servers, nginx.

    python scripts/deploy_local.py up       # start everything, wait until healthy, print the address
    python scripts/deploy_local.py status   # what runs, and whether it answers
    python scripts/deploy_local.py down     # stop everything it started

``up`` starts a throwaway PostgreSQL cluster under test-output/deploy/pg (scripts/pg_cluster.py),
two ``streamlit run app.py`` servers on free loopback ports with SERVICEOPS_DATABASE_URL pointing at
it, and nginx on a free port with deploy/nginx.conf.template filled in and written to
test-output/deploy/nginx.conf (docs/DEPLOY.md explains every part). What it started is recorded in
test-output/deploy/state.json, which ``down`` and ``status`` read; ``down`` stops only those process
ids (and checks each is still the program it started). ``--store sqlite`` uses one shared SQLite
folder instead of PostgreSQL (a machine without PostgreSQL).

Importable (tests/browser/test_team_deploy.py, benchmarks/deploy_memory.py): ``up(base) -> dict``,
``down(base)``, ``status(base) -> dict``, ``missing_binaries(store) -> str | None``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BASE = ROOT / "test-output" / "deploy"
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
STATE_FILE = "state.json"
START_TIMEOUT_S = 120


# ---------------------------------------------------------------- what is needed

def nginx_binary() -> str | None:
    for candidate in (os.environ.get("NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _pg_cluster():
    """scripts/pg_cluster.py as a module (start(dir) -> url, stop(dir)), or None when absent."""
    path = ROOT / "scripts" / "pg_cluster.py"
    if not path.exists():
        return None
    import importlib.util

    spec = importlib.util.spec_from_file_location("pg_cluster", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def missing_binaries(store: str = "postgres") -> str | None:
    """Why the deployment cannot start here (a sentence), or None."""
    if nginx_binary() is None:
        return "nginx is not installed (Debian: apt-get install -y nginx, as root)"
    if store == "postgres":
        cluster = _pg_cluster()
        if cluster is None:
            return "scripts/pg_cluster.py (the throwaway PostgreSQL cluster) is missing"
        reason = cluster.missing_reason()
        if reason:
            return f"{reason} (Debian: apt-get install -y postgresql, as root)"
        if not (ROOT / "core" / "store_postgres.py").exists():
            return "core/store_postgres.py (the PostgreSQL workspace store) is missing"
    return None


# ---------------------------------------------------------------- pieces

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _alive(pid: int | None, marker: str) -> bool:
    """Is ``pid`` running and still the program we started (its command line holds ``marker``)?"""
    if not pid:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True     # no /proc (not Linux): trust the pid
    return marker in cmdline


def nginx_config(port: int, upstreams: list[int], base: Path, extra_headers: str = "") -> str:
    """deploy/nginx.conf.template filled in for this machine (loopback, plain HTTP)."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=2 fail_timeout=10s;" for p in upstreams)
    uploads = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in upstreams)
    values = dict(
        worker_processes="1", state_dir=str(base), log_dir=str(base / "logs"), listen=f"127.0.0.1:{port}",
        server_name="localhost", upstream_servers=servers, upload_servers=uploads, cookie_secure="",
        extra_headers=extra_headers)
    # only ${name} is a placeholder: nginx's own $variables stay as they are
    return re.sub(r"\$\{([a-z_]+)\}", lambda m: values[m.group(1)], TEMPLATE.read_text(encoding="utf-8"))


def _start_app(index: int, port: int, base: Path, env: dict) -> subprocess.Popen:
    log = open(base / "logs" / f"app_{index}.log", "ab")
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", "--server.runOnSave", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _start_nginx(base: Path, port: int, upstreams: list[int]) -> subprocess.Popen:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (base / "nginx_tmp" / sub).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:    # nginx's workers run as "nobody": let them use the temp folders
        for sub in (base / "nginx_tmp").iterdir():
            os.chmod(sub, 0o777)
    conf = base / "nginx.conf"
    # X-Upstream: which app server answered (the browser test reads it; drop it on a public server)
    conf.write_text(nginx_config(port, upstreams, base, "        add_header X-Upstream $upstream_addr always;"),
                    encoding="utf-8")
    nginx = nginx_binary()
    args = [nginx, "-p", str(base), "-c", str(conf), "-e", str(base / "logs" / "nginx_error.log")]
    check = subprocess.run([*args, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx refused {conf}: {check.stderr.strip()}")
    log = open(base / "logs" / "nginx_stdout.log", "ab")
    # in the foreground, so that its process id is the one recorded
    return subprocess.Popen([*args, "-g", "daemon off;"],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_healthy(urls: list[str], procs: list[subprocess.Popen], timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    pending = list(urls)
    while pending and time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{' '.join(map(str, proc.args[:4]))} exited with {proc.returncode}")
        pending = [u for u in pending if not healthy(u)]
        if pending:
            time.sleep(0.3)
    if pending:
        raise RuntimeError(f"not healthy within {timeout:.0f} s: {', '.join(pending)}")


# ---------------------------------------------------------------- up / down / status

def up(base: Path | str = DEFAULT_BASE, servers: int = 2, store: str = "postgres") -> dict:
    """Start PostgreSQL (or a shared SQLite folder), ``servers`` app servers and nginx under ``base``;
    return the state (also written to base/state.json). Raises RuntimeError with the reason."""
    base = Path(base).resolve()
    if (base / STATE_FILE).exists():
        down(base)
    reason = missing_binaries(store)
    if reason:
        raise RuntimeError(reason)
    (base / "logs").mkdir(parents=True, exist_ok=True)
    state: dict = {"base": str(base), "store": store, "servers": [], "nginx": None, "started": time.time()}
    try:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "SERVICEOPS_DATA_DIR": str(base / "data"),
               # one secret for every server: a cookie signed by one is accepted by the other
               "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
        if store == "postgres":
            state["pg_dir"] = str(base / "pg")
            _save_state(base, state)           # a failed start is still stopped by down()
            state["database_url"] = _pg_cluster().start(str(base / "pg"))
            env["SERVICEOPS_DATABASE_URL"] = state["database_url"]
        else:
            env.pop("SERVICEOPS_DATABASE_URL", None)
        procs = []
        for index in range(1, servers + 1):
            port = free_port()
            proc = _start_app(index, port, base, env)
            procs.append(proc)
            state["servers"].append({"index": index, "port": port, "pid": proc.pid,
                                     "url": f"http://127.0.0.1:{port}", "log": str(base / "logs" / f"app_{index}.log")})
            _save_state(base, state)
        _wait_healthy([s["url"] for s in state["servers"]], procs)   # before nginx counts them as failed
        port = free_port()
        nginx = _start_nginx(base, port, [s["port"] for s in state["servers"]])
        state["nginx"] = {"port": port, "pid": nginx.pid, "conf": str(base / "nginx.conf")}
        state["url"] = f"http://127.0.0.1:{port}"
        _save_state(base, state)
        _wait_healthy([state["url"]], [nginx], timeout=20)
    except BaseException:
        down(base)
        raise
    return state


def _save_state(base: Path, state: dict) -> None:
    path = base / STATE_FILE
    path.touch(mode=0o600)              # it holds the database URL with its password
    path.write_text(json.dumps(state, indent=2), encoding="utf-8")


def masked(url: str | None) -> str:
    """A database URL with its password hidden, for printing."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url or "")


def load_state(base: Path | str = DEFAULT_BASE) -> dict | None:
    path = Path(base) / STATE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _stop(pid: int | None, marker: str, grace_s: float = 10.0) -> None:
    """SIGTERM the process group ``pid`` leads (started with start_new_session), SIGKILL after grace."""
    if not _alive(pid, marker):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except OSError:
        return
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and _alive(pid, marker):
        reap(pid)
        time.sleep(0.1)
    if _alive(pid, marker):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    reap(pid)


def reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)    # our own child (imported use): no zombie left behind
    except ChildProcessError:
        pass


def down(base: Path | str = DEFAULT_BASE) -> None:
    """Stop nginx, the app servers and PostgreSQL recorded in base/state.json."""
    base = Path(base).resolve()
    state = load_state(base)
    if state is None:
        return
    if state.get("nginx"):
        _stop(state["nginx"]["pid"], "nginx")
    for server in state.get("servers", []):
        _stop(server["pid"], "streamlit")
    if state.get("pg_dir"):
        module = _pg_cluster()
        if module is not None:
            module.stop(state["pg_dir"])
    (base / STATE_FILE).unlink(missing_ok=True)


def status(base: Path | str = DEFAULT_BASE) -> dict:
    """Each part of the deployment: running? answering its health check?"""
    state = load_state(base)
    if state is None:
        return {"running": False}
    parts = {f"app_{s['index']} {s['url']}": _alive(s["pid"], "streamlit") and healthy(s["url"])
             for s in state["servers"]}
    if state.get("nginx"):
        parts[f"nginx {state['url']}"] = _alive(state["nginx"]["pid"], "nginx") and healthy(state["url"])
    return {"running": True, "url": state.get("url"), "store": state.get("store"),
            "database_url": state.get("database_url"), "parts": parts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="up", choices=["up", "down", "status"])
    parser.add_argument("--base", default=str(DEFAULT_BASE), help="folder for the cluster, logs and config")
    parser.add_argument("--servers", type=int, default=2, help="number of app servers (default 2)")
    parser.add_argument("--store", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args(argv)
    if args.command == "down":
        down(args.base)
        print("stopped")
        return 0
    if args.command == "status":
        info = status(args.base)
        if not info["running"]:
            print("not running")
            return 1
        print(f"store: {info['store']} {masked(info.get('database_url'))}".rstrip())
        for part, ok in info["parts"].items():
            print(f"  {'ok  ' if ok else 'DOWN'} {part}")
        print(f"open {info['url']}")
        return 0 if all(info["parts"].values()) else 1
    try:
        state = up(args.base, args.servers, args.store)
    except RuntimeError as err:
        print(f"deploy-local: {err}", file=sys.stderr)
        return 1
    for server in state["servers"]:
        print(f"app server {server['index']}: {server['url']} (log {server['log']})")
    if state.get("database_url"):
        print(f"store: {masked(state['database_url'])} (the full URL: {Path(state['pg_dir']) / 'url'})")
    else:
        print(f"store: SQLite in {Path(state['base']) / 'data'}")
    print(f"nginx config: {state['nginx']['conf']}")
    print(f"open {state['url']}   (stop with: python scripts/deploy_local.py down)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
