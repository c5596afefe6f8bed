"""Saved workspaces: an embedded SQLite database that needs no server (this module), or a PostgreSQL
server shared by a team's app servers (core/store_postgres.py), chosen by $SERVICEOPS_DATABASE_URL
(``open_store``). Both keep the same schema (core/store_schema.py: versioned migrations, a
``schema_version`` table, upgraded at start) and implement ``Store`` with the same meaning.

Where: ``$SERVICEOPS_DATA_DIR/workspaces.sqlite``; without the variable,
``$XDG_DATA_HOME/serviceops`` or ``~/.local/share/serviceops`` (outside the repository, so that a
``git clean`` or a redeploy never deletes a client's work).

What: one row per (user, workspace name) with the settings as JSON, and one row per dataset with
the DataFrame as Parquet bytes (types survive: datetimes, booleans, nullable integers, text).
Datasets are stored as they came out of intake, so personal-data columns, which intake drops,
never reach the store. The user key is an opaque string (``"local"`` without login; a hash of the
identity provider's subject with login, see ui/workspace_panel.py), never an e-mail or a name.

Concurrency: a save carries the revision the session opened; when the stored revision moved on
(another session saved), or a "new" name was taken meanwhile, the save is refused with a
StoreConflict and nothing is written (tests/test_store_concurrency.py).

Faults: a damaged file is moved aside and a fresh store started; a folder the process cannot write
opens the store read-only (listing and opening work, saving says why); every driver error comes
out as a StoreFault with a code (tests/test_store_faults.py). ui/ sees only ``Store`` (the
interface below), ``open_store`` and these errors. The store tests run on both backends
(tests/store_backends.py).

Atomicity: a save is one SQLite transaction (rollback journal, ``synchronous=FULL``). If the
process is killed in the middle, SQLite rolls the half-written transaction back the next time the
file is opened, so the previous version of the workspace is intact (tests/test_store.py kills a
save midway to prove it). Several app processes may share the file; writers wait on a lock.

Sessions: ``load`` builds fresh objects from the bytes every time, so two browser sessions that
open the same workspace never share a DataFrame or a settings dict; nothing unsaved is written.
"""
from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import pandas as pd

from core.store_schema import CURRENT as SCHEMA_VERSION, SchemaTooNew, upgrade
from core.workspace import Workspace

DB_FILE = "workspaces.sqlite"
LOCAL_USER = "local"
MAX_NAME = 80



class StoreError(ValueError):
    """A request the store refuses; ``key`` is its message in the catalog (``workspace.error.<code>``,
    or ``store_pg.error.<code>`` for the faults added with the PostgreSQL backend) and ``params``
    its placeholders."""

    def __init__(self, code: str, catalog: str = "workspace", **params):
        self.code = code
        self.params = params
        self.key = f"{catalog}.error.{code}"      # the message in core/locales (workspace.toml, store_pg.toml)
        super().__init__(f"{code} {params}")


class StoreConflict(StoreError):
    """A save refused because the stored workspace is not the one this session based it on:
    ``exists`` (the name is taken; params name, theirs) or ``conflict`` (someone saved a newer
    revision; params name, yours, theirs). Nothing was written."""


class StoreFault(StoreError):
    """The store cannot do what was asked, and why: ``read_only`` (folder, reason), ``disk_full``
    (folder), ``busy`` (folder), ``damaged`` (file), ``damaged_moved`` (file, backup),
    ``damaged_stuck`` (file, reason) or ``storage`` (folder, detail); and, with keys under
    ``store_pg.error.``: ``backend`` (scheme), ``schema_newer`` (found, known, where) and the
    PostgreSQL faults of core/store_postgres.py (``unavailable``, ``lost``, ...)."""


@dataclass(frozen=True)
class WorkspaceInfo:
    """One saved workspace as listed in the sidebar. ``updated`` is a UTC datetime."""

    name: str
    updated: dt.datetime
    n_datasets: int
    revision: int


def default_data_dir() -> Path:
    """The data folder: $SERVICEOPS_DATA_DIR, else $XDG_DATA_HOME/serviceops, else ~/.local/share/serviceops."""
    configured = os.environ.get("SERVICEOPS_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "serviceops"


def clean_name(name: object) -> str:
    """A workspace name as stored: stripped, inner whitespace collapsed; refused when empty,
    longer than 80 characters, or holding control characters."""
    text = " ".join(str("" if name is None else name).split())
    if not text:
        raise StoreError("name_empty")
    if len(text) > MAX_NAME:
        raise StoreError("name_too_long", max=MAX_NAME)
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise StoreError("name_invalid")
    return text


# ---------------------------------------------------------------- settings <-> JSON

def encode_settings(settings: dict) -> tuple[str, list[str]]:
    """The settings as JSON text, and the keys left out because their values cannot be stored.

    Plain values (str, int, float incl. NaN, bool, None, lists, dicts) are stored as they are;
    dates, times, tuples and the blueprint's edit sessions are tagged so they come back as the
    same type.
    """
    out, skipped = {}, []
    for key, value in settings.items():
        try:
            out[str(key)] = _encode(value)
        except TypeError:
            skipped.append(str(key))
    return json.dumps(out, ensure_ascii=False, sort_keys=True, allow_nan=True), skipped


def decode_settings(text: str, datasets: dict | None = None, sources: dict | None = None) -> dict:
    """The inverse of encode_settings. ``datasets``/``sources`` are the workspace's, used to
    re-attach the blueprint's edit sessions to the datasets they were made from."""
    raw = json.loads(text) if text else {}
    context = {"datasets": datasets or {}, "sources": sources or {}}
    return {key: _decode(value, context) for key, value in raw.items()}


def _encode(value):
    import numpy as np

    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, dt.time):
        return {"__time__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"__dict__": {k: _encode(v) for k, v in value.items()}}
        raise TypeError("dict keys must be text")
    from core import blueprint as bp

    if isinstance(value, bp.EditSession):
        return {"__blueprint_session__": _encode_edit_session(value)}
    if isinstance(value, pd.DataFrame):
        return {"__frame__": value.to_json(orient="split", date_format="iso")}
    raise TypeError(f"cannot store {type(value).__name__}")


def _decode(value, context):
    if isinstance(value, list):
        return [_decode(v, context) for v in value]
    if not isinstance(value, dict):
        return value
    if "__datetime__" in value:
        return pd.Timestamp(value["__datetime__"])
    if "__date__" in value:
        return dt.date.fromisoformat(value["__date__"])
    if "__time__" in value:
        return dt.time.fromisoformat(value["__time__"])
    if "__tuple__" in value:
        return tuple(_decode(v, context) for v in value["__tuple__"])
    if "__dict__" in value:
        return {k: _decode(v, context) for k, v in value["__dict__"].items()}
    if "__blueprint_session__" in value:
        return _decode_edit_session(value["__blueprint_session__"], context)
    if "__frame__" in value:
        return pd.read_json(io.StringIO(value["__frame__"]), orient="split")
    return {k: _decode(v, context) for k, v in value.items()}


_ENCODED_SESSIONS: dict = {}      # (serial, version, token) -> encoded edit session, the last 64
_ENCODED_SESSIONS_MAX = 64
_ENCODED_LOCK = threading.Lock()   # sessions of one server share it


def _encode_edit_session(session) -> dict:
    """The blueprint editor's state: the loaded and the edited blueprints (wide by step, with
    measures), and whether the session belonged to the workspace's own blueprints. The undo
    history is not kept (a reopened workspace starts a new history from its saved state).

    Kept by (serial, version, token): every edit, undo or reset bumps the version, and the encoding
    (~20 ms for the sample's two blueprints) is read at every rerun to flag unsaved changes and to
    choose the export's format. Callers only serialise the result, never change it."""
    token = session.token if isinstance(session.token, str) else "__workspace__"
    key = (session.serial, session.version, token)
    with _ENCODED_LOCK:
        hit = _ENCODED_SESSIONS.get(key)
    if hit is not None:
        return hit

    def wide(blueprint):
        return json.loads(blueprint.to_wide_by_step(measures=True).to_json(orient="split"))

    encoded = {"loaded": {side: wide(b) for side, b in session.loaded.items()},
               "working": {side: wide(b) for side, b in session.working.items()},
               "token": token}
    with _ENCODED_LOCK:
        if len(_ENCODED_SESSIONS) >= _ENCODED_SESSIONS_MAX:
            _ENCODED_SESSIONS.pop(next(iter(_ENCODED_SESSIONS)))
        _ENCODED_SESSIONS[key] = encoded
    return encoded


def _decode_edit_session(data: dict, context):
    from core import blueprint as bp

    def blueprint(split):
        frame = pd.DataFrame(split["data"], columns=split["columns"])
        return bp.from_wide_by_step(frame)[0]

    loaded = {side: blueprint(v) for side, v in data["loaded"].items()}
    working = {side: blueprint(v) for side, v in data["working"].items()}
    session = bp.EditSession(loaded=loaded, working=working)
    if data.get("token") == "__workspace__":
        # app_pages/blueprint.py identifies the workspace's blueprints by (source, id(frame)) per side
        session.token = tuple((context["sources"].get(f"blueprint_{side}"),
                               id(context["datasets"].get(f"blueprint_{side}"))) for side in bp.SIDES)
    else:
        session.token = data.get("token")
    return session


# ---------------------------------------------------------------- frames <-> bytes

def frame_bytes(df: pd.DataFrame) -> bytes:
    """A DataFrame as Parquet bytes (pyarrow, which Streamlit already depends on)."""
    buffer = io.BytesIO()
    frame = df.copy()
    frame.columns = [str(c) for c in frame.columns]
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def frame_from_bytes(data: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data))


# ---------------------------------------------------------------- the interface of a store

class Store(Protocol):
    """What the app needs from a workspace store (ui/ uses only this, never a database module).

    Both backends (WorkspaceStore here, PostgresStore in core/store_postgres.py) implement these
    methods with the same meaning:
    every save is atomic; ``save`` compares revisions (optimistic concurrency, see
    ``WorkspaceStore.save``); faults come out as StoreFault with a code, never as a driver exception.
    ``recovered`` is set when a damaged store was moved aside at start; ``read_only`` is the reason
    saving is off ("" when the store is writable)."""

    recovered: "Recovery | None"
    read_only: str
    location: str        # where the workspaces are kept, as told to the user (a folder, a server)

    def list(self, user: str = LOCAL_USER) -> list[WorkspaceInfo]: ...
    def names(self, user: str = LOCAL_USER) -> list[str]: ...
    def exists(self, name: str, user: str = LOCAL_USER) -> bool: ...
    def revision(self, name: str, user: str = LOCAL_USER) -> int | None: ...
    def fetch(self, name: str, user: str = LOCAL_USER) -> "Loaded": ...
    def load(self, name: str, user: str = LOCAL_USER) -> Workspace: ...
    def save(self, ws: Workspace, name: str | None = None, user: str = LOCAL_USER,
             expected_revision: int | None = None, progress=None) -> "Saved": ...
    def rename(self, old: str, new: str, user: str = LOCAL_USER) -> str: ...
    def duplicate(self, name: str, new: str, user: str = LOCAL_USER) -> str: ...
    def delete(self, name: str, user: str = LOCAL_USER) -> None: ...
    def free_name(self, base: str, user: str = LOCAL_USER) -> str: ...


@dataclass(frozen=True)
class Loaded:
    """A workspace as opened, and the revision it had (to send back with the next save)."""

    workspace: Workspace
    revision: int


@dataclass(frozen=True)
class Saved:
    """A save that went through: the name, the revision now stored, the settings left out."""

    name: str
    revision: int
    skipped: list[str]


@dataclass(frozen=True)
class Recovery:
    """A damaged store file that was moved aside (``backup``) so a fresh one could start."""

    file: str
    backup: str


def open_store(url: str | None = None) -> Store:
    """The store chosen by ``url`` or $SERVICEOPS_DATABASE_URL: unset or ``sqlite:///<path>`` is the
    embedded SQLite file (default: workspaces.sqlite under the data folder); ``postgresql://...``
    (or ``postgres://``) a PostgreSQL server (core/store_postgres.py; raises StoreFault when the
    server cannot be reached). Other schemes: StoreFault("backend")."""
    url = (url if url is not None else os.environ.get("SERVICEOPS_DATABASE_URL", "")).strip()
    if not url:
        return WorkspaceStore()
    if url.startswith("sqlite:///"):
        return WorkspaceStore(url[len("sqlite:///"):])
    if url.startswith(("postgresql://", "postgres://")):
        from core.store_postgres import PostgresStore

        return PostgresStore(url)
    raise StoreFault("backend", catalog="store_pg", scheme=url.split(":", 1)[0][:20])


class StoreBase:
    """What both backends share, written on top of ``list``, ``revision`` and ``fetch``."""

    def names(self, user: str = LOCAL_USER) -> list[str]:
        return [info.name for info in self.list(user)]

    def exists(self, name: str, user: str = LOCAL_USER) -> bool:
        return self.revision(name, user) is not None

    def load(self, name: str, user: str = LOCAL_USER) -> Workspace:
        return self.fetch(name, user).workspace

    def free_name(self, base: str, user: str = LOCAL_USER) -> str:
        """``base`` if unused, else "base (2)", "base (3)", ... (for duplicates and imports)."""
        base = clean_name(base)
        taken = set(self.names(user))
        if base not in taken:
            return base
        i = 2
        while True:
            suffix = f" ({i})"
            candidate = base[:MAX_NAME - len(suffix)] + suffix
            if candidate not in taken:
                return candidate
            i += 1


def workspace_from_rows(name: str, settings_json: str, datasets) -> Workspace:
    """A fresh Workspace from stored rows: ``datasets`` holds (name, source, Parquet bytes)."""
    ws = Workspace(name=name)
    for dataset, source, blob in datasets:
        ws.put(dataset, frame_from_bytes(bytes(blob)), source)
    ws.settings = decode_settings(settings_json, ws.datasets, ws.sources)
    return ws


def dataset_rows(ws: Workspace) -> list[tuple[str, str, int, bytes]]:
    """The rows a save writes for a workspace's datasets: (name, source, rows, Parquet bytes)."""
    return [(dataset, str(ws.sources.get(dataset, "")), len(frame), frame_bytes(frame))
            for dataset, frame in ws.datasets.items()]


# ---------------------------------------------------------------- the SQLite store

class WorkspaceStore(StoreBase):
    """Named workspaces per user in one SQLite file. Every method opens its own connection, so
    one store object may serve every session of a Streamlit server (threads).

    At start a file that is not a database (or fails SQLite's quick check) is moved aside to
    ``<file>.damaged-<UTC time>`` and a fresh store starts (``recovered`` says where the old one
    went). A folder or file the process cannot write opens the store read-only: listing and opening
    work, saving raises StoreFault("read_only") with the reason (``read_only``). ``read_only=True``
    forces that mode (the tests use it to fake a read-only folder when they run as root)."""

    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 30.0, read_only: bool = False):
        self.path = Path(path) if path is not None else default_data_dir() / DB_FILE
        self.timeout = timeout
        self.recovered: Recovery | None = None
        self.read_only = "read-only mode" if read_only else ""
        self._missing = False          # read-only and no file yet: nothing saved, nothing to read
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            self.read_only, self._missing = _os_reason(err), True
            return
        if not self.read_only:
            self.read_only = _unwritable_reason(self.path)
        self._missing = bool(self.read_only) and not self.path.exists()
        if not self._missing:
            self._prepare()

    @property
    def location(self) -> str:
        return str(self.path.parent)

    # -- connections and faults -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=self.timeout,
                                  isolation_level=None)
        else:
            con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            con.execute("PRAGMA journal_mode = DELETE")   # rollback journal: a killed write is undone on next open
            con.execute("PRAGMA synchronous = FULL")
        con.execute("PRAGMA foreign_keys = ON")
        return con

    def _prepare(self) -> None:
        """Check the file and create the tables; move a damaged file aside."""
        try:
            with closing(self._connect()) as con:
                if con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("database disk image is malformed")
                if not self.read_only:
                    con.execute("BEGIN IMMEDIATE")     # two processes starting at once migrate one after the other
                    try:
                        upgrade(lambda sql, params=(): con.execute(sql, params).fetchall(), "sqlite")
                    except BaseException:
                        con.execute("ROLLBACK")
                        raise
                    con.execute("COMMIT")
                else:
                    _check_version(con)
        except SchemaTooNew as err:
            raise StoreFault("schema_newer", catalog="store_pg", found=err.found, known=err.known,
                             where=str(self.path)) from err
        except sqlite3.DatabaseError as err:
            if _fault_code(err) == "damaged":
                self._move_aside()
            elif _fault_code(err) == "read_only":
                self.read_only = str(err)
            else:
                raise self._fault(err) from err

    def _move_aside(self) -> None:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                part = Path(str(self.path) + suffix)
                if part.exists():
                    os.replace(part, str(backup) + suffix)
        except OSError as err:
            raise StoreFault("damaged_stuck", file=str(self.path), reason=_os_reason(err)) from err
        self.recovered = Recovery(str(self.path), str(backup))
        self._prepare()

    def _fault(self, err: Exception) -> "StoreFault":
        """A driver or OS error as a StoreFault saying what is wrong and where."""
        code = _fault_code(err)
        folder = str(self.path.parent)
        if code == "read_only":
            return StoreFault("read_only", folder=folder, reason=self.read_only or str(err))
        if code in ("disk_full", "busy"):
            return StoreFault(code, folder=folder)
        if code == "damaged":
            return StoreFault("damaged", file=str(self.path))
        return StoreFault("storage", folder=folder, detail=f"{type(err).__name__}: {err}"[:200])

    @contextmanager
    def _session(self, write: bool):
        """A connection in one transaction: BEGIN IMMEDIATE for writes (the write lock is taken at
        the start, so two writers never interleave), a deferred BEGIN for reads (a consistent
        snapshot that a read-only file allows). COMMIT, or ROLLBACK on any exception."""
        if write and self.read_only:
            raise StoreFault("read_only", folder=str(self.path.parent), reason=self.read_only)
        con = None
        try:
            con = self._connect()
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        except sqlite3.IntegrityError:
            raise
        except (sqlite3.Error, OSError) as err:
            raise self._runtime_fault(err, con) from err
        finally:
            if con is not None:
                con.close()

    def _runtime_fault(self, err: Exception, con) -> "StoreFault":
        fault = self._fault(err)
        if fault.code == "damaged":   # damaged while running: move it aside, start afresh, say where
            if con is not None:
                con.close()
            self._move_aside()
            fault = StoreFault("damaged_moved", file=self.recovered.file, backup=self.recovered.backup)
        return fault

    # -- reading ---------------------------------------------------------------------------

    def list(self, user: str = LOCAL_USER) -> list[WorkspaceInfo]:
        """The user's workspaces, most recently saved first."""
        if self._missing:
            return []
        with self._session(write=False) as con:
            rows = con.execute(
                "SELECT w.name, w.updated, w.revision, COUNT(d.name) FROM workspaces w "
                "LEFT JOIN datasets d ON d.workspace_id = w.id WHERE w.user = ? "
                "GROUP BY w.id ORDER BY w.updated DESC, w.name", (user,)).fetchall()
        return [WorkspaceInfo(name, dt.datetime.fromtimestamp(updated, dt.timezone.utc), n, revision)
                for name, updated, revision, n in rows]

    def revision(self, name: str, user: str = LOCAL_USER) -> int | None:
        """The stored revision of a workspace, or None when there is none of that name."""
        name = clean_name(name)
        if self._missing:
            return None
        with self._session(write=False) as con:
            row = con.execute("SELECT revision FROM workspaces WHERE user = ? AND name = ?", (user, name)).fetchone()
        return None if row is None else row[0]

    def fetch(self, name: str, user: str = LOCAL_USER) -> Loaded:
        """A fresh Workspace built from the saved bytes (never shared with another caller), and its
        revision, read in one snapshot."""
        name = clean_name(name)
        if self._missing:
            raise StoreError("not_found", name=name)
        with self._session(write=False) as con:
            row = con.execute("SELECT id, settings, revision FROM workspaces WHERE user = ? AND name = ?",
                              (user, name)).fetchone()
            if row is None:
                raise StoreError("not_found", name=name)
            data = con.execute("SELECT name, source, data FROM datasets WHERE workspace_id = ? ORDER BY name",
                               (row[0],)).fetchall()
        return Loaded(workspace_from_rows(name, row[1], data), row[2])

    # -- writing ---------------------------------------------------------------------------

    def save(self, ws: Workspace, name: str | None = None, user: str = LOCAL_USER,
             expected_revision: int | None = None, progress: Callable[[str], None] | None = None) -> Saved:
        """Save a workspace under ``name`` (default ``ws.name``) in one transaction.

        Optimistic concurrency: ``expected_revision`` is the revision this session opened (or last
        saved) under that name, None for a name the session believes is new. When the stored
        revision is another one, nothing is written and StoreConflict is raised: "exists" (the name
        was taken meanwhile or before) or "conflict" (someone saved a newer revision). A workspace
        deleted meanwhile is saved again. ``progress`` is called with each dataset's name after it
        is written (inside the transaction)."""
        name = clean_name(name if name is not None else ws.name)
        settings_json, skipped = encode_settings(ws.settings)
        blobs = dataset_rows(ws)
        now = time.time()
        try:
            with self._session(write=True) as con:
                revision = self._write(con, user, name, expected_revision, settings_json, now)
                wid = con.execute("SELECT id FROM workspaces WHERE user = ? AND name = ?", (user, name)).fetchone()[0]
                for dataset, source, rows, blob in blobs:
                    con.execute("INSERT INTO datasets VALUES (?, ?, ?, ?, ?)", (wid, dataset, source, rows, blob))
                    if progress is not None:
                        progress(dataset)
        except sqlite3.IntegrityError as err:   # the unique (user, name) key: another writer won
            raise StoreConflict("exists", name=name, theirs=self.revision(name, user) or 0) from err
        ws.name = name
        return Saved(name, revision, skipped)

    @staticmethod
    def _write(con, user: str, name: str, expected: int | None, settings_json: str, now: float) -> int:
        """The workspace row inserted or updated after the revision check; the new revision."""
        row = con.execute("SELECT id, revision FROM workspaces WHERE user = ? AND name = ?", (user, name)).fetchone()
        if row is None:
            con.execute("INSERT INTO workspaces (user, name, settings, created, updated, revision) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (user, name, settings_json, now, now, (expected or 0) + 1))
            return (expected or 0) + 1
        if expected is None:
            raise StoreConflict("exists", name=name, theirs=row[1])
        if row[1] != expected:
            raise StoreConflict("conflict", name=name, yours=expected, theirs=row[1])
        con.execute("UPDATE workspaces SET settings = ?, updated = ?, revision = ? WHERE id = ?",
                    (settings_json, now, expected + 1, row[0]))
        con.execute("DELETE FROM datasets WHERE workspace_id = ?", (row[0],))
        return expected + 1

    def rename(self, old: str, new: str, user: str = LOCAL_USER) -> str:
        old, new = clean_name(old), clean_name(new)
        if old == new:
            return new
        with self._session(write=True) as con:
            if con.execute("SELECT 1 FROM workspaces WHERE user = ? AND name = ?", (user, new)).fetchone():
                raise StoreError("exists", name=new)
            changed = con.execute("UPDATE workspaces SET name = ? WHERE user = ? AND name = ?",
                                  (new, user, old)).rowcount
            if not changed:
                raise StoreError("not_found", name=old)
        return new

    def duplicate(self, name: str, new: str, user: str = LOCAL_USER) -> str:
        name, new = clean_name(name), clean_name(new)
        now = time.time()
        with self._session(write=True) as con:
            row = con.execute("SELECT id, settings FROM workspaces WHERE user = ? AND name = ?",
                              (user, name)).fetchone()
            if row is None:
                raise StoreError("not_found", name=name)
            if con.execute("SELECT 1 FROM workspaces WHERE user = ? AND name = ?", (user, new)).fetchone():
                raise StoreError("exists", name=new)
            wid = con.execute("INSERT INTO workspaces (user, name, settings, created, updated) "
                              "VALUES (?, ?, ?, ?, ?)", (user, new, row[1], now, now)).lastrowid
            con.execute("INSERT INTO datasets SELECT ?, name, source, rows, data FROM datasets "
                        "WHERE workspace_id = ?", (wid, row[0]))
        return new

    def delete(self, name: str, user: str = LOCAL_USER) -> None:
        name = clean_name(name)
        with self._session(write=True) as con:
            if not con.execute("DELETE FROM workspaces WHERE user = ? AND name = ?", (user, name)).rowcount:
                raise StoreError("not_found", name=name)


def _fault_code(err: Exception) -> str:
    """The kind of a SQLite or OS error: damaged, read_only, disk_full, busy, or other."""
    text = str(err).lower()
    errno_ = getattr(err, "errno", None)
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return "damaged"
    if "readonly" in text or "read-only" in text or errno_ in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "read_only"
    if "unable to open database file" in text:
        return "read_only"
    if "disk is full" in text or errno_ == errno.ENOSPC:
        return "disk_full"
    if "locked" in text or "busy" in text:
        return "busy"
    return "other"


def _check_version(con) -> None:
    """A read-only store: refuse one written by a newer app (an older one is read as it is)."""
    try:
        found = con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
    except sqlite3.OperationalError:       # a store from before the schema_version table: version 1
        return
    if found > SCHEMA_VERSION:
        raise SchemaTooNew(found, SCHEMA_VERSION)


def _os_reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


def _unwritable_reason(path: Path) -> str:
    """Why the store cannot write here ("" when it can): the folder (the rollback journal is created
    beside the file) or the file itself refuses writing."""
    if not os.access(path.parent, os.W_OK):
        return os.strerror(errno.EACCES)
    if path.exists() and not os.access(path, os.W_OK):
        return os.strerror(errno.EACCES)
    return ""


def fingerprint(ws: Workspace, cache: dict | None = None) -> str:
    """A short digest of a workspace's datasets, sources and settings, to flag unsaved changes.

    Datasets are replaced, never edited in place, so a dataset's digest is cached by object
    identity in ``cache`` (a dict the caller keeps, e.g. in the session).
    """
    import hashlib

    digest = hashlib.sha256()
    cache = {} if cache is None else cache
    for name in sorted(ws.datasets):
        frame = ws.datasets[name]
        hit = cache.get(name)
        if hit is None or hit[0] is not frame:
            value = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
            cols = "|".join(map(str, frame.columns)) + "|" + "|".join(map(str, frame.dtypes))
            hit = (frame, hashlib.sha256(value + cols.encode()).hexdigest())
            cache[name] = hit
        digest.update(f"{name}\0{ws.sources.get(name)}\0{hit[1]}\0".encode())
    settings_json, _ = encode_settings(ws.settings)
    digest.update(settings_json.encode())
    return digest.hexdigest()[:16]
