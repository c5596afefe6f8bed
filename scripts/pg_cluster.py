"""A throwaway PostgreSQL cluster for the tests and the local team deployment (issue 18).

    python scripts/pg_cluster.py start <dir> [--port N]   # initdb if needed, start, print the URL
    python scripts/pg_cluster.py url <dir>                # print the URL of a cluster made here
    python scripts/pg_cluster.py stop <dir> [--immediate] # stop it (immediate = a crash, for tests)
    python scripts/pg_cluster.py status <dir>             # "running" / "stopped" (exit 0 / 3)

Importable: ``start(dir, port=None) -> url``, ``stop(dir, mode="fast")``, ``url(dir)``,
``running(dir)``, ``missing_reason() -> str`` ("" when the binaries are there).

Layout under <dir>: ``data/`` (the cluster), ``log`` (the server log), ``url`` (the connection URL,
mode 0600). The server listens on 127.0.0.1 only, on a free port (or --port), with its unix socket
in <dir>. Connections over TCP need the password generated at initdb (in the URL, scram-sha-256);
the socket (inside <dir>, mode 0700) trusts its owner. The database and its superuser are both
called ``serviceops``.

Binaries: $PG_BIN if set, else Debian's /usr/lib/postgresql/<newest>/bin, else pg_ctl on PATH.
As root (PostgreSQL refuses to run as root) the cluster runs as the ``postgres`` OS user that
Debian's package creates; <dir> is handed to that user and its parent folders must be traversable.
"""
from __future__ import annotations

import argparse
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

DB = "serviceops"
RUN_AS_ROOT = "postgres"        # the OS user that runs the server when we are root


class ClusterError(RuntimeError):
    """The cluster cannot be made, started or stopped; the message says why."""


def bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    configured = os.environ.get("PG_BIN")
    if configured:
        return Path(configured) if (Path(configured) / "pg_ctl").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: [int(x) for x in Path(p).parent.parent.name.split(".") if x.isdigit()])
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).resolve().parent if on_path else None


def missing_reason() -> str:
    """Why a cluster cannot be started here ("" when it can)."""
    folder = bin_dir()
    if folder is None:
        return "PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)"
    if not (folder / "initdb").exists():
        return f"initdb not found in {folder}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(RUN_AS_ROOT)
        except KeyError:
            return f"running as root and there is no '{RUN_AS_ROOT}' OS user to run the server"
    return ""


def _owner() -> str | None:
    """The OS user the server runs as: None for ourselves, 'postgres' when we are root."""
    return RUN_AS_ROOT if os.geteuid() == 0 else None


def _run(args: list, what: str, timeout: float = 120) -> str:
    try:
        done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout,
                              user=_owner(), cwd="/")
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ClusterError(f"{what} failed: {err}") from err
    if done.returncode != 0:
        raise ClusterError(f"{what} failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-800:]}")
    return done.stdout


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare_dir(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    owner = _owner()
    if owner:
        entry = pwd.getpwnam(owner)
        for path in [root, *root.rglob("*")]:
            os.lchown(path, entry.pw_uid, entry.pw_gid)
        probe = subprocess.run(["test", "-w", str(root)], user=owner)
        if probe.returncode != 0:
            raise ClusterError(f"the '{owner}' OS user cannot reach {root}: make its parent folders traversable")


def _initdb(root: Path, bins: Path) -> str:
    """A new cluster in <root>/data with a random password; returns the password."""
    password = secrets.token_hex(16)
    pwfile = root / "pwfile"
    pwfile.write_text(password + "\n")
    os.chmod(pwfile, 0o600)
    if _owner():
        entry = pwd.getpwnam(_owner())
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    try:
        _run([bins / "initdb", "-D", root / "data", "-U", DB, "--pwfile", pwfile, "-E", "UTF8",
              "--locale", "C", "--auth-local", "trust", "--auth-host", "scram-sha-256"], "initdb")
    finally:
        pwfile.unlink(missing_ok=True)
    return password


def _configure(root: Path, port: int) -> None:
    settings = (f"\n# pg_cluster.py\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{root}'\nmax_connections = 100\n")
    conf = root / "data" / "postgresql.conf"
    with open(conf, "a", encoding="utf-8") as handle:
        handle.write(settings)


def _write_url(root: Path, text: str) -> None:
    path = root / "url"
    path.write_text(text + "\n")
    os.chmod(path, 0o600)


def url(directory: str | os.PathLike) -> str:
    """The URL of the cluster made in <directory> (it may be stopped)."""
    path = Path(directory).resolve() / "url"
    if not path.exists():
        raise ClusterError(f"no cluster in {Path(directory).resolve()} (run start first)")
    return path.read_text().strip()


def _port(root: Path) -> int:
    return int(url(root).rsplit(":", 1)[1].split("/", 1)[0])


def running(directory: str | os.PathLike) -> bool:
    root = Path(directory).resolve()
    bins = bin_dir()
    if bins is None or not (root / "data" / "PG_VERSION").exists():
        return False
    done = subprocess.run([str(bins / "pg_ctl"), "-D", str(root / "data"), "status"],
                          capture_output=True, text=True, user=_owner(), cwd="/")
    return done.returncode == 0


def start(directory: str | os.PathLike, port: int | None = None) -> str:
    """Make (first time) and start the cluster in <directory>; its URL. Already running: its URL."""
    reason = missing_reason()
    if reason:
        raise ClusterError(reason)
    bins, root = bin_dir(), Path(directory).resolve()
    if running(root):
        return url(root)
    _prepare_dir(root)
    if not (root / "data" / "PG_VERSION").exists():
        shutil.rmtree(root / "data", ignore_errors=True)
        password = _initdb(root, bins)
        port = port or _free_port()
        _configure(root, port)
        _write_url(root, f"postgresql://{DB}:{password}@127.0.0.1:{port}/{DB}")
        fresh = True
    else:
        fresh = False
        if port and port != _port(root):
            _configure(root, port)
            _write_url(root, url(root).replace(f":{_port(root)}/", f":{port}/"))
    _run([bins / "pg_ctl", "-D", root / "data", "-l", root / "log", "-w", "-t", "60", "start"],
         f"starting PostgreSQL (log: {root / 'log'})", timeout=90)
    if fresh:
        _run([bins / "createdb", "-h", root, "-p", _port(root), "-U", DB, DB], "createdb")
    return url(root)


def stop(directory: str | os.PathLike, mode: str = "fast") -> None:
    """Stop the cluster in <directory> (nothing to do when it is not running). ``mode``: fast
    (clean), immediate (like a crash: the next start recovers from the WAL)."""
    root = Path(directory).resolve()
    bins = bin_dir()
    if bins is None or not running(root):
        return
    _run([bins / "pg_ctl", "-D", root / "data", "-m", mode, "-w", "-t", "60", "stop"], "stopping PostgreSQL")


def wait_ready(directory: str | os.PathLike, timeout: float = 30) -> None:
    """Wait until the server accepts connections (pg_isready)."""
    root, bins = Path(directory).resolve(), bin_dir()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = subprocess.run([str(bins / "pg_isready"), "-h", str(root), "-p", str(_port(root))],
                              capture_output=True, user=_owner(), cwd="/")
        if done.returncode == 0:
            return
        time.sleep(0.2)
    raise ClusterError(f"PostgreSQL in {root} not ready after {timeout} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "url", "status"])
    parser.add_argument("dir")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--immediate", action="store_true", help="stop like a crash (tests)")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            print(start(args.dir, args.port))
        elif args.command == "stop":
            stop(args.dir, "immediate" if args.immediate else "fast")
        elif args.command == "url":
            print(url(args.dir))
        else:
            state = running(args.dir)
            print("running" if state else "stopped")
            return 0 if state else 3
    except ClusterError as err:
        print(f"pg_cluster: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
