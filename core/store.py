"""Saved workspaces: an embedded SQLite database that needs no server.

Where: ``$SERVICEOPS_DATA_DIR/workspaces.sqlite``; without the variable,
``$XDG_DATA_HOME/serviceops`` or ``~/.local/share/serviceops`` (outside the repository, so that a
``git clean`` or a redeploy never deletes a client's work).

What: one row per (user, workspace name) with the settings as JSON, and one row per dataset with
the DataFrame as Parquet bytes (types survive: datetimes, booleans, nullable integers, text).
Datasets are stored as they came out of intake, so personal-data columns, which intake drops,
never reach the store. The user key is an opaque string (``"local"`` without login; a hash of the
identity provider's subject with login, see ui/workspace_panel.py), never an e-mail or a name.

Atomicity: a save is one SQLite transaction (rollback journal, ``synchronous=FULL``). If the
process is killed in the middle, SQLite rolls the half-written transaction back the next time the
file is opened, so the previous version of the workspace is intact (tests/test_store.py kills a
save midway to prove it). Several app processes may share the file; writers wait on a lock.

Sessions: ``load`` builds fresh objects from the bytes every time, so two browser sessions that
open the same workspace never share a DataFrame or a settings dict; nothing unsaved is written.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from core.workspace import Workspace

DB_FILE = "workspaces.sqlite"
LOCAL_USER = "local"
MAX_NAME = 80
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workspaces (
    id INTEGER PRIMARY KEY,
    user TEXT NOT NULL,
    name TEXT NOT NULL,
    settings TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    UNIQUE (user, name)
);
CREATE TABLE IF NOT EXISTS datasets (
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    rows INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (workspace_id, name)
);
"""


class StoreError(ValueError):
    """A request the store refuses; ``code`` is a catalog key suffix (``workspace.error.<code>``)
    and ``params`` its placeholders."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}")


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


def _encode_edit_session(session) -> dict:
    """The blueprint editor's state: the loaded and the edited blueprints (wide by step, with
    measures), and whether the session belonged to the workspace's own blueprints. The undo
    history is not kept (a reopened workspace starts a new history from its saved state)."""
    def wide(blueprint):
        return json.loads(blueprint.to_wide_by_step(measures=True).to_json(orient="split"))

    return {"loaded": {side: wide(b) for side, b in session.loaded.items()},
            "working": {side: wide(b) for side, b in session.working.items()},
            "token": session.token if isinstance(session.token, str) else "__workspace__"}


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


# ---------------------------------------------------------------- the store

class WorkspaceStore:
    """Named workspaces per user in one SQLite file. Every method opens its own connection, so
    one store object may serve every session of a Streamlit server (threads)."""

    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 30.0):
        self.path = Path(path) if path is not None else default_data_dir() / DB_FILE
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(_SCHEMA)
            con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        con.close()

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = DELETE")   # rollback journal: a killed write is undone on next open
        con.execute("PRAGMA synchronous = FULL")
        return con

    def _transaction(self, con: sqlite3.Connection):
        return _Transaction(con)

    # -- reading ---------------------------------------------------------------------------

    def list(self, user: str = LOCAL_USER) -> list[WorkspaceInfo]:
        """The user's workspaces, most recently saved first."""
        con = self._connect()
        try:
            rows = con.execute(
                "SELECT w.name, w.updated, w.revision, COUNT(d.name) FROM workspaces w "
                "LEFT JOIN datasets d ON d.workspace_id = w.id WHERE w.user = ? "
                "GROUP BY w.id ORDER BY w.updated DESC, w.name", (user,)).fetchall()
        finally:
            con.close()
        return [WorkspaceInfo(name, dt.datetime.fromtimestamp(updated, dt.timezone.utc), n, revision)
                for name, updated, revision, n in rows]

    def names(self, user: str = LOCAL_USER) -> list[str]:
        return [info.name for info in self.list(user)]

    def exists(self, name: str, user: str = LOCAL_USER) -> bool:
        con = self._connect()
        try:
            return con.execute("SELECT 1 FROM workspaces WHERE user = ? AND name = ?",
                               (user, clean_name(name))).fetchone() is not None
        finally:
            con.close()

    def load(self, name: str, user: str = LOCAL_USER) -> Workspace:
        """A fresh Workspace built from the saved bytes (never shared with another caller)."""
        name = clean_name(name)
        con = self._connect()
        try:
            with self._transaction(con):  # one consistent snapshot of the workspace and its datasets
                row = con.execute("SELECT id, settings FROM workspaces WHERE user = ? AND name = ?",
                                  (user, name)).fetchone()
                if row is None:
                    raise StoreError("not_found", name=name)
                data = con.execute("SELECT name, source, data FROM datasets WHERE workspace_id = ? ORDER BY name",
                                   (row[0],)).fetchall()
        finally:
            con.close()
        ws = Workspace(name=name)
        for dataset, source, blob in data:
            ws.put(dataset, frame_from_bytes(blob), source)
        ws.settings = decode_settings(row[1], ws.datasets, ws.sources)
        return ws

    # -- writing ---------------------------------------------------------------------------

    def save(self, ws: Workspace, name: str | None = None, user: str = LOCAL_USER, overwrite: bool = True,
             progress: Callable[[str], None] | None = None) -> list[str]:
        """Save a workspace under ``name`` (default ``ws.name``), replacing the saved version
        atomically. Returns the settings keys that could not be stored. ``progress`` is called
        with each dataset's name after it is written (inside the transaction)."""
        name = clean_name(name if name is not None else ws.name)
        settings_json, skipped = encode_settings(ws.settings)
        blobs = [(dataset, str(ws.sources.get(dataset, "")), len(frame), frame_bytes(frame))
                 for dataset, frame in ws.datasets.items()]
        now = time.time()
        con = self._connect()
        try:
            with self._transaction(con):
                row = con.execute("SELECT id FROM workspaces WHERE user = ? AND name = ?", (user, name)).fetchone()
                if row is not None and not overwrite:
                    raise StoreError("exists", name=name)
                if row is None:
                    wid = con.execute("INSERT INTO workspaces (user, name, settings, created, updated) "
                                      "VALUES (?, ?, ?, ?, ?)", (user, name, settings_json, now, now)).lastrowid
                else:
                    wid = row[0]
                    con.execute("UPDATE workspaces SET settings = ?, updated = ?, revision = revision + 1 "
                                "WHERE id = ?", (settings_json, now, wid))
                    con.execute("DELETE FROM datasets WHERE workspace_id = ?", (wid,))
                for dataset, source, rows, blob in blobs:
                    con.execute("INSERT INTO datasets VALUES (?, ?, ?, ?, ?)", (wid, dataset, source, rows, blob))
                    if progress is not None:
                        progress(dataset)
        finally:
            con.close()
        ws.name = name
        return skipped

    def rename(self, old: str, new: str, user: str = LOCAL_USER) -> str:
        old, new = clean_name(old), clean_name(new)
        if old == new:
            return new
        con = self._connect()
        try:
            with self._transaction(con):
                if con.execute("SELECT 1 FROM workspaces WHERE user = ? AND name = ?", (user, new)).fetchone():
                    raise StoreError("exists", name=new)
                changed = con.execute("UPDATE workspaces SET name = ? WHERE user = ? AND name = ?",
                                      (new, user, old)).rowcount
                if not changed:
                    raise StoreError("not_found", name=old)
        finally:
            con.close()
        return new

    def duplicate(self, name: str, new: str, user: str = LOCAL_USER) -> str:
        name, new = clean_name(name), clean_name(new)
        now = time.time()
        con = self._connect()
        try:
            with self._transaction(con):
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
        finally:
            con.close()
        return new

    def delete(self, name: str, user: str = LOCAL_USER) -> None:
        name = clean_name(name)
        con = self._connect()
        try:
            with self._transaction(con):
                if not con.execute("DELETE FROM workspaces WHERE user = ? AND name = ?", (user, name)).rowcount:
                    raise StoreError("not_found", name=name)
        finally:
            con.close()

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


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (the write lock is taken at the
    start, so two writers never interleave)."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self):
        self.con.execute("BEGIN IMMEDIATE")
        return self.con

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.con.execute("COMMIT")
        else:
            self.con.execute("ROLLBACK")
        return False


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
