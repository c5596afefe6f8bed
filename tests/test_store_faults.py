"""Issue 15 class 7 and issue 18: store faults say what is wrong.

A damaged workspaces.sqlite is moved aside (the message names the file and the backup) and a fresh
store starts; a read-only data folder still lists and opens, and saving says it cannot write there.

The tests run as root in CI, where chmod does not stop writes. The read-only folder is therefore
faked in two ways that reach the same code: ``WorkspaceStore(read_only=True)`` (SQLite opened with
the URI ``mode=ro``, the mode a non-writable folder leads to) and ``os.access`` monkeypatched to say
"not writable" (the check the store makes at start). A real chmod test runs when not root.

PostgreSQL (issue 18): a server that is down, or stopped in the middle of a save (pg_ctl stop -m
immediate, like a crash), gives a StoreFault naming the server, leaves nothing half-written, and
the store works again once the server is back. The read-only mode is tested on both backends.
"""
import os
import sqlite3

import pandas as pd
import pytest

from core.i18n import Translator
from core.store import StoreFault, WorkspaceStore, open_store
from core.workspace import Workspace
from tests.store_backends import backend, pg  # noqa: F401  (fixtures)


def ws(value: float = 1.5) -> Workspace:
    w = Workspace(name="Clínica")
    w.put("abandonment", pd.DataFrame({"abandon_pct": [value, 2.0]}), "mine.csv")
    w.settings["abandonment.confidence"] = 95.0
    return w


def message(err: StoreFault, lang: str = "en") -> str:
    return Translator(lang)(err.key, **err.params)


# ------------------------------------------------------------------------------------ damaged file

def test_a_damaged_file_is_moved_aside_and_a_fresh_store_starts(tmp_path):
    path = tmp_path / "workspaces.sqlite"
    path.write_bytes(b"this is not a database, a disk error wrote over it" * 100)
    store = WorkspaceStore(path)
    assert store.recovered is not None
    assert store.recovered.file == str(path)
    backup = store.recovered.backup
    assert backup.startswith(str(path) + ".damaged-") and os.path.exists(backup)
    with open(backup, "rb") as fh:                   # the damaged bytes are kept, untouched
        assert fh.read().startswith(b"this is not a database")
    assert store.list() == []
    store.save(ws(), "Clínica")                      # the fresh store works
    assert store.load("Clínica").get("abandonment")["abandon_pct"].tolist() == [1.5, 2.0]
    text = Translator("es")("workspace.store_recovered", file=store.recovered.file, backup=backup)
    assert str(path) in text and backup in text


def test_a_file_damaged_inside_is_caught_by_the_start_check(tmp_path):
    path = tmp_path / "workspaces.sqlite"
    store = WorkspaceStore(path)
    for i in range(30):
        store.save(ws(float(i)), f"w{i}")
    data = bytearray(path.read_bytes())
    page = 4096
    data[2 * page:len(data)] = b"\xff" * (len(data) - 2 * page)   # header intact, pages overwritten
    path.write_bytes(bytes(data))
    again = WorkspaceStore(path)
    assert again.recovered is not None and again.list() == []


def test_a_file_damaged_while_running_gives_a_message_naming_file_and_backup(tmp_path):
    path = tmp_path / "workspaces.sqlite"
    store = WorkspaceStore(path)
    store.save(ws(), "A")
    path.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(StoreFault) as err:
        store.list()
    assert err.value.code == "damaged_moved"
    assert err.value.params["file"] == str(path) and os.path.exists(err.value.params["backup"])
    text = message(err.value)
    assert str(path) in text and err.value.params["backup"] in text
    assert store.list() == []                       # and the store goes on with a fresh file


# ------------------------------------------------------------------------------------ read-only folder

def saved_store(tmp_path):
    store = WorkspaceStore(tmp_path / "workspaces.sqlite")
    store.save(ws(), "Clínica")
    return store


def assert_reads_but_refuses_writes(store, folder) -> None:
    assert store.read_only
    assert store.names() == ["Clínica"]
    loaded = store.fetch("Clínica")
    assert loaded.revision == 1 and loaded.workspace.get("abandonment")["abandon_pct"].tolist() == [1.5, 2.0]
    for action in (lambda: store.save(loaded.workspace, "Clínica", expected_revision=1),
                   lambda: store.save(ws(), "Otro"), lambda: store.rename("Clínica", "X"),
                   lambda: store.delete("Clínica"), lambda: store.duplicate("Clínica", "Y")):
        with pytest.raises(StoreFault) as err:
            action()
        assert err.value.code == "read_only" and err.value.params["folder"] == str(folder)
    text = message(err.value, "es")
    assert str(folder) in text and "solo lectura" in text


def test_read_only_mode_lists_and_opens_but_saving_says_why(backend):
    backend.new().save(ws(), "Clínica")
    store = backend.new(read_only=True)     # SQLite: URI mode=ro; PostgreSQL: writes refused before the server
    assert_reads_but_refuses_writes(store, store.location)
    assert store.load("Clínica").settings["abandonment.confidence"] == 95.0


def test_a_folder_the_process_cannot_write_opens_read_only(tmp_path, monkeypatch):
    saved_store(tmp_path)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    store = WorkspaceStore(tmp_path / "workspaces.sqlite")
    assert store.read_only == "Permission denied"
    assert_reads_but_refuses_writes(store, tmp_path)


def test_read_only_folder_without_a_store_lists_nothing_and_refuses_saves(tmp_path, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    store = WorkspaceStore(tmp_path / "workspaces.sqlite")
    assert store.list() == [] and not store.exists("x")
    with pytest.raises(StoreFault) as err:
        store.save(ws(), "x")
    assert err.value.code == "read_only"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores chmod: faked above")
def test_real_read_only_folder(tmp_path):
    saved_store(tmp_path)
    os.chmod(tmp_path / "workspaces.sqlite", 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        assert_reads_but_refuses_writes(WorkspaceStore(tmp_path / "workspaces.sqlite"), tmp_path)
    finally:
        os.chmod(tmp_path, 0o755)


def test_a_write_refused_by_sqlite_is_read_only_not_a_traceback(tmp_path, monkeypatch):
    """A file that os.access says is writable but SQLite cannot write (a read-only mount, where
    even root cannot write): the save fails with the read-only message and nothing is half-written."""
    store = saved_store(tmp_path)
    real_connect = store._connect

    def connect():
        con = real_connect()
        con.execute("PRAGMA query_only = ON")   # every write now fails inside SQLite
        return con

    monkeypatch.setattr(store, "_connect", connect)
    with pytest.raises(StoreFault) as err:
        store.save(ws(9.0), "Clínica", expected_revision=1)
    assert err.value.code == "read_only"
    monkeypatch.undo()
    assert store.load("Clínica").get("abandonment")["abandon_pct"].tolist() == [1.5, 2.0]


def test_disk_full_and_locked_have_their_own_messages(tmp_path, monkeypatch):
    store = saved_store(tmp_path)
    for error, code in ((sqlite3.OperationalError("database or disk is full"), "disk_full"),
                        (sqlite3.OperationalError("database is locked"), "busy")):
        def connect(error=error):
            raise error
        monkeypatch.setattr(store, "_connect", connect)
        with pytest.raises(StoreFault) as err:
            store.list()
        assert err.value.code == code and str(tmp_path) in message(err.value)


def test_open_store_chooses_the_backend_by_url(tmp_path, monkeypatch):
    pytest.importorskip("psycopg")
    from core.store_postgres import PostgresStore

    monkeypatch.setenv("SERVICEOPS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SERVICEOPS_DATABASE_URL", raising=False)
    assert open_store().path == tmp_path / "workspaces.sqlite"
    assert open_store(f"sqlite:///{tmp_path / 'other.sqlite'}").path == tmp_path / "other.sqlite"
    # a server that is not there: the store opens (the app starts) and every call says why
    monkeypatch.setenv("SERVICEOPS_DATABASE_URL", "postgresql://app:secreto@127.0.0.1:9/serviceops")
    store = open_store()
    assert isinstance(store, PostgresStore) and store.location == "127.0.0.1:9/serviceops"
    with pytest.raises(StoreFault) as err:
        store.list()
    assert err.value.code == "unavailable" and err.value.params["server"] == "127.0.0.1:9/serviceops"
    text = message(err.value, "es")
    assert text.startswith("No se puede conectar con la base de datos") and "secreto" not in text
    monkeypatch.setenv("SERVICEOPS_DATABASE_URL", "mysql://db/serviceops")
    with pytest.raises(StoreFault) as err:
        open_store()
    assert err.value.code == "backend" and "mysql" in message(err.value) and "postgresql://" in message(err.value)


# ------------------------------------------------------------------------------------ PostgreSQL down

def big_workspace(value: float, n: int = 6) -> Workspace:
    w = Workspace(name="Equipo")
    for i in range(n):
        w.put(f"d{i}", pd.DataFrame({"x": [value] * 20000, "i": range(20000)}), "grande.csv")
    w.settings["abandonment.confidence"] = value
    return w


def stored_rows(url: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(url) as con:
        return (con.execute("SELECT COUNT(*) FROM workspaces").fetchone()[0],
                con.execute("SELECT COUNT(*) FROM datasets").fetchone()[0])


def test_postgresql_stopped_in_the_middle_of_a_save_leaves_nothing_half_written(pg):
    """The server is stopped like a crash (pg_ctl stop -m immediate) after the save has written
    three of its six datasets, before COMMIT: the save raises StoreFault; after the restart the
    previous version is whole and no row of the interrupted save remains."""
    from tests.store_backends import Backend

    pg.ensure_running()
    pg.reset()
    b = Backend("postgresql", pg.url, pg)
    store = b.new()
    store.save(big_workspace(1.0, n=2), "Equipo")
    opened = store.fetch("Equipo")
    assert stored_rows(pg.url) == (1, 2)
    written = []

    def crash(dataset):
        written.append(dataset)
        if dataset == "d2":
            pg.stop("immediate")

    session_ws = big_workspace(2.0)
    with pytest.raises(StoreFault) as err:
        store.save(session_ws, "Equipo", expected_revision=opened.revision, progress=crash)
    assert written == ["d0", "d1", "d2"]
    assert err.value.code == "lost" and err.value.params["server"] == store.location
    assert "Un guardado interrumpido no deja nada a medias" in message(err.value, "es")
    assert sorted(session_ws.datasets) == [f"d{i}" for i in range(6)]       # the caller's workspace is untouched
    pg.ensure_running()                                                     # WAL recovery at start
    assert stored_rows(pg.url) == (1, 2)
    back = b.new().fetch("Equipo")
    assert back.revision == 1 and sorted(back.workspace.datasets) == ["d0", "d1"]
    assert back.workspace.settings["abandonment.confidence"] == 1.0
    assert back.workspace.get("d1")["x"].tolist() == [1.0] * 20000
    # the same store object goes on (its broken connections are replaced) and saves again
    assert store.save(session_ws, "Equipo", expected_revision=1).revision == 2
    assert stored_rows(pg.url) == (1, 6)


def test_postgresql_down_every_call_says_why_and_up_again_works(pg):
    from tests.store_backends import Backend

    pg.ensure_running()
    pg.reset()
    store = Backend("postgresql", pg.url, pg).new()
    store.save(ws(1.0), "Clínica")
    pg.stop("fast")
    calls = (store.list, lambda: store.fetch("Clínica"), lambda: store.save(ws(2.0), "Clínica", expected_revision=1),
             lambda: store.rename("Clínica", "X"), lambda: store.delete("Clínica"))
    for call in calls:
        with pytest.raises(StoreFault) as err:
            call()
        assert err.value.code == "unavailable", err.value
    text = message(err.value, "es")
    assert store.location in text and "No se guardó nada" in text and "Su trabajo sigue abierto aquí" in text
    pg.ensure_running()
    # the idle connections died with the server: the store reconnects instead of failing once more
    assert store.names() == ["Clínica"]
    assert store.save(ws(2.0), "Clínica", expected_revision=1).revision == 2
    assert store.load("Clínica").get("abandonment")["abandon_pct"].tolist() == [2.0, 2.0]


def test_postgresql_store_made_while_the_server_is_down_works_once_it_is_up(pg):
    from core.store_postgres import PostgresStore

    pg.ensure_running()
    pg.reset()
    pg.stop("fast")
    store = PostgresStore(pg.url)                  # the app server starts before the database
    with pytest.raises(StoreFault) as err:
        store.names()
    assert err.value.code == "unavailable"
    pg.ensure_running()
    assert store.names() == []                     # the schema is created at the first call that reaches it
    store.save(ws(), "Clínica")
    assert store.names() == ["Clínica"]
