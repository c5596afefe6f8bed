"""Saved workspaces on a PostgreSQL server (issue 18: a team's app servers share one store).

Chosen by ``SERVICEOPS_DATABASE_URL=postgresql://user:password@host:port/dbname`` (core.store.
open_store). Driver: psycopg 3. Same schema as the SQLite store (core/store_schema.py, upgraded at
start under an advisory lock so that two servers starting together migrate once), same meaning for
every method of ``core.store.Store``, same per-user namespaces (the ``"user"`` column).

Atomic saves: a save is one transaction. The workspace row is read with ``SELECT ... FOR UPDATE``
(a second saver of the same workspace waits, then sees the new revision and gets StoreConflict
"conflict"); a new name is inserted under the unique key (user, name), so two sessions saving the
same new name at once end with one row: the second INSERT waits for the first transaction and fails
with a unique violation, turned into StoreConflict "exists". The datasets are written inside the
same transaction; a server that stops or a connection that breaks before COMMIT leaves nothing of
the save (PostgreSQL rolls it back), and the save raises StoreFault (tests/test_store_faults.py
stops the server in the middle of a save).

Faults: a server that cannot be reached, a connection lost, a lock held too long (30 s), a full
disk, a refused privilege: each a StoreFault with a key under ``store_pg.error.`` naming the server
(host:port/database, never the password). The caller keeps the workspace in the session.
Reads run in REPEATABLE READ (one snapshot: the settings and the datasets of the same revision).

Connections: a few idle connections are kept for reuse (each checked with a round trip before
use, so a server restart costs one reconnect, not a failed save); one store object serves every
session of a Streamlit server (threads).
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from contextlib import contextmanager
from typing import Callable

from core.store import (LOCAL_USER, Loaded, Saved, StoreBase, StoreConflict, StoreError, StoreFault,
                        WorkspaceInfo, clean_name, dataset_rows, encode_settings, workspace_from_rows)
from core.store_schema import SchemaTooNew, upgrade
from core.workspace import Workspace

try:
    import psycopg
    from psycopg import errors as pg_errors
except ImportError:  # pragma: no cover - the requirement is pinned; said clearly if it is missing
    psycopg = None

CONNECT_TIMEOUT = 5        # seconds to wait for a server before saying it cannot be reached
LOCK_TIMEOUT = "30s"       # a save waiting longer than this on another one is "busy"
IDLE_CONNECTIONS = 4       # connections kept open for reuse


def _pg(code: str, **params) -> StoreFault:
    return StoreFault(code, catalog="store_pg", **params)


def server_of(url: str) -> str:
    """Where the store is, as told to the user: host:port/database (never the user or password)."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    host = info.get("host") or "localhost"
    return f"{host}:{info.get('port') or 5432}/{info.get('dbname') or info.get('user') or ''}"


def _reason(err: Exception) -> str:
    """The first line of a driver message, short (no traceback, no connection string)."""
    text = str(err).strip().splitlines()
    return (text[0] if text else type(err).__name__)[:200]


class PostgresStore(StoreBase):
    """Named workspaces per user in a PostgreSQL database. ``read_only=True`` lists and opens but
    refuses to save (StoreFault "read_only"). A server that is down when the store is made is not
    an error here: every call then raises StoreFault("unavailable") until the server is back (the
    schema is checked at the first call that reaches it)."""

    recovered = None     # a server has no damaged file to move aside

    def __init__(self, url: str, read_only: bool = False, connect_timeout: float = CONNECT_TIMEOUT):
        if psycopg is None:
            raise _pg("driver")
        try:
            self.location = server_of(url)
        except psycopg.Error as err:
            raise _pg("bad_url", reason=_reason(err)) from err
        self.url = url
        self.connect_timeout = connect_timeout
        self.read_only = "read-only mode" if read_only else ""
        self._idle: list = []
        self._lock = threading.Lock()
        self._ready = False
        try:
            self._prepare()
        except StoreFault as err:
            if err.code not in ("unavailable", "lost"):
                raise

    # -- connections and faults -------------------------------------------------------------

    def _connect(self):
        try:
            con = psycopg.connect(self.url, autocommit=True, connect_timeout=max(1, int(self.connect_timeout)),
                                  application_name="serviceops")
            con.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        except psycopg.Error as err:
            raise _pg("unavailable", server=self.location, reason=_reason(err)) from err
        return con

    def _take(self):
        """An idle connection that still answers, else a new one."""
        while True:
            with self._lock:
                con = self._idle.pop() if self._idle else None
            if con is None:
                return self._connect()
            try:
                con.execute("SELECT 1")
                return con
            except psycopg.Error:
                con.close()    # the server restarted or the connection broke while idle

    def _give_back(self, con) -> None:
        if con.closed or con.broken:
            return
        with self._lock:
            if len(self._idle) < IDLE_CONNECTIONS:
                self._idle.append(con)
                return
        con.close()

    def close(self) -> None:
        """Close the idle connections (the store stays usable: it reconnects when needed)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for con in idle:
            con.close()

    def _fault(self, err: Exception) -> StoreFault:
        """A driver error as a StoreFault saying what is wrong and where."""
        where = self.location
        if isinstance(err, (pg_errors.LockNotAvailable, pg_errors.DeadlockDetected,
                            pg_errors.SerializationFailure, pg_errors.QueryCanceled)):
            return _pg("busy", server=where)
        if isinstance(err, (pg_errors.DiskFull, pg_errors.OutOfMemory, pg_errors.InsufficientResources)):
            return _pg("full", server=where, reason=_reason(err))
        if isinstance(err, (pg_errors.ReadOnlySqlTransaction, pg_errors.InsufficientPrivilege)):
            return _pg("denied", server=where, reason=_reason(err))
        if isinstance(err, (psycopg.OperationalError, psycopg.InterfaceError)):
            return _pg("lost", server=where, reason=_reason(err))
        return _pg("failed", server=where, reason=f"{type(err).__name__}: {_reason(err)}"[:200])

    @contextmanager
    def _session(self, write: bool):
        """A connection in one transaction (COMMIT at the end, ROLLBACK on any exception). Reads see
        one snapshot (REPEATABLE READ, READ ONLY). Driver errors come out as StoreFault; a unique
        violation comes out as it is (the caller knows what it means)."""
        if write and self.read_only:
            raise _pg("read_only", folder=self.location, reason=self.read_only)
        if not self._ready:
            self._prepare()
        con = self._take()
        try:
            with con.transaction():
                if not write:
                    con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield con
        except pg_errors.UniqueViolation:
            self._give_back(con)
            raise
        except psycopg.Error as err:
            con.close()
            raise self._fault(err) from err
        except BaseException:
            self._give_back(con)   # rolled back; broken connections are not kept
            raise
        self._give_back(con)

    def _prepare(self) -> None:
        """Create or upgrade the tables (core/store_schema.py); read-only: only check the version."""
        con = self._take()
        try:
            with con.transaction():
                def execute(sql, params=()):
                    cur = con.execute(sql, params or None)
                    return cur.fetchall() if cur.description else []

                if self.read_only:
                    _check_version(execute)
                else:
                    upgrade(execute, "postgresql")
        except SchemaTooNew as err:
            self._give_back(con)
            raise _pg("schema_newer", found=err.found, known=err.known, where=self.location) from err
        except psycopg.Error as err:
            con.close()
            raise self._fault(err) from err
        self._give_back(con)
        self._ready = True

    # -- reading ---------------------------------------------------------------------------

    def list(self, user: str = LOCAL_USER) -> list[WorkspaceInfo]:
        """The user's workspaces, most recently saved first."""
        with self._session(write=False) as con:
            rows = con.execute(
                'SELECT w.name, w.updated, w.revision, COUNT(d.name) FROM workspaces w '
                'LEFT JOIN datasets d ON d.workspace_id = w.id WHERE w."user" = %s '
                'GROUP BY w.id ORDER BY w.updated DESC, w.name COLLATE "C"', (user,)).fetchall()
        return [WorkspaceInfo(name, dt.datetime.fromtimestamp(updated, dt.timezone.utc), n, revision)
                for name, updated, revision, n in rows]

    def revision(self, name: str, user: str = LOCAL_USER) -> int | None:
        """The stored revision of a workspace, or None when there is none of that name."""
        name = clean_name(name)
        with self._session(write=False) as con:
            row = con.execute('SELECT revision FROM workspaces WHERE "user" = %s AND name = %s',
                              (user, name)).fetchone()
        return None if row is None else row[0]

    def fetch(self, name: str, user: str = LOCAL_USER) -> Loaded:
        """A fresh Workspace built from the saved bytes, and its revision, read in one snapshot."""
        name = clean_name(name)
        with self._session(write=False) as con:
            row = con.execute('SELECT id, settings, revision FROM workspaces WHERE "user" = %s AND name = %s',
                              (user, name)).fetchone()
            if row is None:
                raise StoreError("not_found", name=name)
            with con.cursor(binary=True) as cur:     # bytea as bytes, not hex text
                data = cur.execute("SELECT name, source, data FROM datasets WHERE workspace_id = %s "
                                   'ORDER BY name COLLATE "C"', (row[0],)).fetchall()
        return Loaded(workspace_from_rows(name, row[1], data), row[2])

    # -- writing ---------------------------------------------------------------------------

    def save(self, ws: Workspace, name: str | None = None, user: str = LOCAL_USER,
             expected_revision: int | None = None, progress: Callable[[str], None] | None = None) -> Saved:
        """Save a workspace under ``name`` in one transaction; the meaning of ``expected_revision``
        and ``progress`` is that of core.store.WorkspaceStore.save."""
        name = clean_name(name if name is not None else ws.name)
        settings_json, skipped = encode_settings(ws.settings)
        blobs = dataset_rows(ws)
        now = time.time()
        try:
            with self._session(write=True) as con:
                revision, wid = _write(con, user, name, expected_revision, settings_json, now)
                with con.cursor() as cur:
                    for dataset, source, rows, blob in blobs:
                        cur.execute("INSERT INTO datasets (workspace_id, name, source, rows, data) "
                                    "VALUES (%s, %s, %s, %s, %b)", (wid, dataset, source, rows, blob))
                        if progress is not None:
                            progress(dataset)
        except pg_errors.UniqueViolation as err:   # the unique (user, name) key: another writer won
            raise StoreConflict("exists", name=name, theirs=self.revision(name, user) or 0) from err
        ws.name = name
        return Saved(name, revision, skipped)

    def rename(self, old: str, new: str, user: str = LOCAL_USER) -> str:
        old, new = clean_name(old), clean_name(new)
        if old == new:
            return new
        try:
            with self._session(write=True) as con:
                changed = con.execute('UPDATE workspaces SET name = %s WHERE "user" = %s AND name = %s',
                                      (new, user, old)).rowcount
                if not changed:
                    raise StoreError("not_found", name=old)
        except pg_errors.UniqueViolation as err:
            raise StoreError("exists", name=new) from err
        return new

    def duplicate(self, name: str, new: str, user: str = LOCAL_USER) -> str:
        name, new = clean_name(name), clean_name(new)
        now = time.time()
        try:
            with self._session(write=True) as con:
                row = con.execute('SELECT id, settings FROM workspaces WHERE "user" = %s AND name = %s',
                                  (user, name)).fetchone()
                if row is None:
                    raise StoreError("not_found", name=name)
                wid = con.execute('INSERT INTO workspaces ("user", name, settings, created, updated) '
                                  "VALUES (%s, %s, %s, %s, %s) RETURNING id", (user, new, row[1], now, now)).fetchone()[0]
                con.execute("INSERT INTO datasets (workspace_id, name, source, rows, data) "
                            "SELECT %s, name, source, rows, data FROM datasets WHERE workspace_id = %s", (wid, row[0]))
        except pg_errors.UniqueViolation as err:
            raise StoreError("exists", name=new) from err
        return new

    def delete(self, name: str, user: str = LOCAL_USER) -> None:
        name = clean_name(name)
        with self._session(write=True) as con:
            if not con.execute('DELETE FROM workspaces WHERE "user" = %s AND name = %s', (user, name)).rowcount:
                raise StoreError("not_found", name=name)


def _write(con, user: str, name: str, expected: int | None, settings_json: str, now: float) -> tuple[int, int]:
    """The workspace row inserted or updated after the revision check: (new revision, row id).
    The row is locked (FOR UPDATE) until the transaction ends, so a concurrent save of the same
    workspace waits and then compares with the revision written here."""
    row = con.execute('SELECT id, revision FROM workspaces WHERE "user" = %s AND name = %s FOR UPDATE',
                      (user, name)).fetchone()
    if row is None:
        revision = (expected or 0) + 1
        wid = con.execute('INSERT INTO workspaces ("user", name, settings, created, updated, revision) '
                          "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                          (user, name, settings_json, now, now, revision)).fetchone()[0]
        return revision, wid
    if expected is None:
        raise StoreConflict("exists", name=name, theirs=row[1])
    if row[1] != expected:
        raise StoreConflict("conflict", name=name, yours=expected, theirs=row[1])
    con.execute("UPDATE workspaces SET settings = %s, updated = %s, revision = %s WHERE id = %s",
                (settings_json, now, expected + 1, row[0]))
    con.execute("DELETE FROM datasets WHERE workspace_id = %s", (row[0],))
    return expected + 1, row[0]


def _check_version(execute) -> None:
    """A read-only store: refuse one written by a newer app."""
    from core.store_schema import CURRENT

    rows = execute("SELECT to_regclass('schema_version') IS NOT NULL")
    if rows and rows[0][0]:
        found = execute("SELECT MAX(version) FROM schema_version")[0][0] or 0
        if found > CURRENT:
            raise SchemaTooNew(found, CURRENT)
