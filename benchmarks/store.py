"""Workspace store speed: SQLite against PostgreSQL on the whole sample case (issue 18).

    nice -n 10 .venv/bin/python benchmarks/store.py [--repeat 15] [--url postgresql://...]

For each backend, on an empty store: ``save`` (the sample workspace saved over its previous
revision: 11 datasets as Parquet plus the settings, one transaction), ``load`` (``fetch``: the
workspace rebuilt from the bytes) and ``list`` (the sidebar's listing, with 20 workspaces stored).
Each operation is timed ``--repeat`` times after one warm-up; the table gives the median wall time
and the median CPU time of this (client) process in ms, and for PostgreSQL the server's CPU time
per operation (the backend process serving the store's connection, from /proc), and the ratio
PostgreSQL / SQLite of the wall times. The PostgreSQL server is a throwaway cluster under
test-output/pg/bench (scripts/pg_cluster.py), stopped at the end, unless --url names one.
Written to benchmarks/output/store.json.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.sample import sample_workspace  # noqa: E402
from core.store import WorkspaceStore  # noqa: E402


def _pg_cluster():
    spec = importlib.util.spec_from_file_location("pg_cluster", ROOT / "scripts" / "pg_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _server_cpu(store) -> float:
    """CPU seconds used so far by the PostgreSQL backends serving this store's idle connections."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for con in list(store._idle):
        pid = con.info.backend_pid
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick     # utime + stime
    return total


def measure(store, repeat: int) -> dict:
    """Median wall, client CPU and (PostgreSQL) server CPU in ms of save, load and list."""
    ws = sample_workspace("es")
    revision = store.save(ws, "Muestra").revision
    for i in range(19):
        store.save(sample_workspace("es"), f"Otro {i:02d}")
    ops = {"save": None, "load": lambda: store.fetch("Muestra"), "list": lambda: store.list()}
    out = {}
    for op in ops:
        walls, cpus, servers = [], [], []
        for i in range(repeat + 1):
            server0 = _server_cpu(store) if hasattr(store, "_idle") else 0.0
            wall0, cpu0 = time.perf_counter(), time.process_time()
            if op == "save":
                revision = store.save(ws, "Muestra", expected_revision=revision).revision
            else:
                ops[op]()
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            server = (_server_cpu(store) - server0) if hasattr(store, "_idle") else 0.0
            if i:                      # the first run warms caches and connections
                walls.append(wall), cpus.append(cpu), servers.append(server)
        out[op] = {"wall_ms": 1000 * statistics.median(walls), "client_cpu_ms": 1000 * statistics.median(cpus),
                   "server_cpu_ms": 1000 * statistics.mean(servers)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    cluster = _pg_cluster()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(WorkspaceStore(Path(tmp) / "workspaces.sqlite"), args.repeat)
    where = ROOT / "test-output" / "pg" / "bench"
    url = args.url or cluster.start(where)
    try:
        from core.store_postgres import PostgresStore
        import psycopg

        with psycopg.connect(url, autocommit=True) as con:
            con.execute("DROP TABLE IF EXISTS datasets, workspaces, schema_version CASCADE")
        results["postgresql"] = measure(PostgresStore(url), args.repeat)
    finally:
        if not args.url:
            cluster.stop(where)
    print(f"Workspace store, sample case (11 datasets), median of {args.repeat} runs, ms")
    print(f"{'op':<6}{'SQLite wall':>13}{'SQLite CPU':>12}{'PG wall':>10}{'PG client CPU':>15}"
          f"{'PG server CPU':>15}{'PG/SQLite':>11}")
    for op in ("save", "load", "list"):
        s, p = results["sqlite"][op], results["postgresql"][op]
        print(f"{op:<6}{s['wall_ms']:>13.1f}{s['client_cpu_ms']:>12.1f}{p['wall_ms']:>10.1f}"
              f"{p['client_cpu_ms']:>15.1f}{p['server_cpu_ms']:>15.1f}{p['wall_ms'] / s['wall_ms']:>11.2f}")
    out = ROOT / "benchmarks" / "output"
    out.mkdir(parents=True, exist_ok=True)
    (out / "store.json").write_text(json.dumps({"repeat": args.repeat, **results}, indent=2))


if __name__ == "__main__":
    main()
