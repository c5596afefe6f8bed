"""The store tests run on both backends: the embedded SQLite file and a real PostgreSQL server.

Import the fixtures into a test module (``from tests.store_backends import backend, pg  # noqa: F401``).

- ``pg`` (session): a throwaway cluster under test-output/pg/<xdist worker>/ (scripts/pg_cluster.py),
  started at the first test that needs it and stopped at the end of the session; the test is
  skipped with the reason (printed by ``-rs``) when PostgreSQL's binaries or psycopg are missing.
- ``backend`` (per test, parametrised "sqlite" and "postgresql"): a Backend whose ``new()`` opens a
  new store object on the same, empty database (a new file under tmp_path, or the cluster's
  database with every table dropped, so the schema is created from scratch each time).
"""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.store import open_store

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pg_cluster", ROOT / "scripts" / "pg_cluster.py")
pg_cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pg_cluster)

BACKENDS = ["sqlite", "postgresql"]


@dataclass
class PgServer:
    """The session's cluster: where it lives (to stop and restart it) and its URL."""

    dir: Path
    url: str

    def ensure_running(self) -> None:
        """Start it again when a test stopped it (and wait until it accepts connections)."""
        if not pg_cluster.running(self.dir):
            pg_cluster.start(self.dir)
        pg_cluster.wait_ready(self.dir)

    def stop(self, mode: str = "immediate") -> None:
        pg_cluster.stop(self.dir, mode)

    def reset(self) -> None:
        """An empty database: every table of the store dropped."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute("DROP TABLE IF EXISTS datasets, workspaces, schema_version CASCADE")


@dataclass
class Backend:
    name: str
    url: str
    server: PgServer | None = None

    def new(self, **kwargs):
        """A new store object (as another app server or session would open it) on this database."""
        if self.name == "sqlite":
            from core.store import WorkspaceStore

            return WorkspaceStore(self.url[len("sqlite:///"):], **kwargs)
        from core.store_postgres import PostgresStore

        return PostgresStore(self.url, **kwargs)


def _skip_reason() -> str:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -r requirements.txt)"
    return pg_cluster.missing_reason()


@pytest.fixture(scope="session")
def pg():
    """The session's PostgreSQL cluster (skips the test with the reason when there is none)."""
    reason = _skip_reason()
    if reason:
        pytest.skip(f"PostgreSQL not available: {reason}")
    where = ROOT / "test-output" / "pg" / os.environ.get("PYTEST_XDIST_WORKER", "main")
    try:
        url = pg_cluster.start(where)
    except pg_cluster.ClusterError as err:
        pytest.skip(f"PostgreSQL cluster could not start: {err}")
    server = PgServer(where, url)
    yield server
    pg_cluster.stop(where)


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    """The same test on SQLite and on PostgreSQL, each time on an empty store."""
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite:///{tmp_path / 'workspaces.sqlite'}")
        return
    server = request.getfixturevalue("pg")
    server.ensure_running()
    server.reset()
    yield Backend("postgresql", server.url, server)
    server.ensure_running()        # a test that stopped the server leaves it running for the next


def open_backend(url: str):
    """The store of a URL as the app opens it (used by child processes)."""
    return open_store(url)
