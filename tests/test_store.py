"""The workspace store: round trip, per-user namespaces, names, schema versions, and atomic saves
under SIGKILL, on both backends (SQLite and PostgreSQL: tests/store_backends.py)."""
import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from core import blueprint as bp
from core.sample import sample_workspace
from core.store import StoreError, StoreFault, WorkspaceStore, clean_name, default_data_dir, fingerprint
from core.workspace import Workspace
from tests.store_backends import backend, pg  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(backend):
    return backend.new()


def small_workspace(value: float = 1.5) -> Workspace:
    ws = Workspace(name="w")
    ws.put("abandonment", pd.DataFrame({"account": ["1", "2"], "model": ["current", "proposed"],
                                        "month": pd.array([1, 2], dtype="Int64"),
                                        "day": pd.array([3, 4], dtype="Int64"),
                                        "abandon_pct": [value, 2.25]}), "mine.csv")
    ws.settings.update({"abandonment.confidence": 95.0, "abandonment.change_date": dt.date(2021, 3, 4),
                        "servqual.segment": None, "staffing.shift": ("morning", 2), "x.nan": float("nan")})
    return ws


def test_default_data_dir_is_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("SERVICEOPS_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "serviceops"
    monkeypatch.setenv("SERVICEOPS_DATA_DIR", str(tmp_path / "custom"))
    assert default_data_dir() == tmp_path / "custom"
    assert WorkspaceStore().path == tmp_path / "custom" / "workspaces.sqlite"


def test_round_trip_keeps_values_types_and_settings(store):
    ws = small_workspace()
    assert store.save(ws, "Client A").skipped == []
    back = store.load("Client A")
    pdt.assert_frame_equal(back.get("abandonment"), ws.get("abandonment"))
    assert back.source("abandonment") == "mine.csv"
    assert back.settings["abandonment.change_date"] == dt.date(2021, 3, 4)
    assert back.settings["staffing.shift"] == ("morning", 2)
    assert back.settings["servqual.segment"] is None
    assert back.settings["x.nan"] != back.settings["x.nan"]  # NaN survives as NaN
    assert back.name == "Client A"


def test_whole_sample_round_trip_with_blueprint_edits(store):
    ws = sample_workspace()
    current, _ = bp.read_blueprint(ws.get("blueprint_current"))
    proposed, _ = bp.read_blueprint(ws.get("blueprint_proposed"))
    session = bp.EditSession(loaded={"current": current, "proposed": proposed})
    session.edit_cell("proposed", proposed.step_names[0], bp.LANES[0], "new evidence")
    ws.settings["blueprint.sessions"] = {"workspace": session}
    store.save(ws, "sample")
    back = store.load("sample")
    for name, frame in ws.datasets.items():
        pdt.assert_frame_equal(back.get(name), frame.reset_index(drop=True))
    restored = back.settings["blueprint.sessions"]["workspace"]
    assert restored.working["proposed"].cell(proposed.step_names[0], bp.LANES[0]) == "new evidence"
    assert restored.loaded == session.loaded and restored.is_modified
    # the page recognises the session as the one of the reopened workspace's own blueprints
    assert restored.token == tuple((back.source(f"blueprint_{s}"), id(back.get(f"blueprint_{s}"))) for s in bp.SIDES)
    assert fingerprint(back) == fingerprint(ws)


def test_loads_are_independent_objects(store):
    store.save(small_workspace(), "A")
    one, two = store.load("A"), store.load("A")
    one.get("abandonment").loc[0, "abandon_pct"] = 99.0
    one.settings["abandonment.confidence"] = 80.0
    assert two.get("abandonment").loc[0, "abandon_pct"] == 1.5
    assert two.settings["abandonment.confidence"] == 95.0
    assert store.load("A").get("abandonment").loc[0, "abandon_pct"] == 1.5


def test_users_see_only_their_own_workspaces(store):
    store.save(small_workspace(1.0), "Shared name", user="u1")
    store.save(small_workspace(7.0), "Shared name", user="u2")
    assert store.names("u1") == ["Shared name"] and store.names("local") == []
    assert store.load("Shared name", user="u2").get("abandonment")["abandon_pct"][0] == 7.0
    with pytest.raises(StoreError) as err:
        store.load("Shared name", user="u3")
    assert err.value.code == "not_found"


def test_rename_duplicate_delete_and_overwrite(store):
    store.save(small_workspace(1.0), "A")
    assert store.rename("A", "  B  ") == "B"
    assert store.names() == ["B"]
    store.duplicate("B", "C")
    assert sorted(store.names()) == ["B", "C"]
    assert store.load("C").get("abandonment")["abandon_pct"][0] == 1.0
    with pytest.raises(StoreError) as err:
        store.rename("B", "C")
    assert err.value.code == "exists"
    with pytest.raises(StoreError) as err:
        store.save(small_workspace(), "C")       # a "new" name that is taken: refused, not overwritten
    assert err.value.code == "exists"
    assert store.save(small_workspace(3.0), "C", expected_revision=1).revision == 2
    info = {i.name: i for i in store.list()}
    assert info["C"].revision == 2 and info["C"].n_datasets == 1
    assert store.load("C").get("abandonment")["abandon_pct"][0] == 3.0
    assert store.load("B").get("abandonment")["abandon_pct"][0] == 1.0  # the duplicate is a copy
    store.delete("B")
    assert store.names() == ["C"]
    assert store.free_name("C") == "C (2)"
    with pytest.raises(StoreError):
        store.delete("B")


@pytest.mark.parametrize("bad, code", [("   ", "name_empty"), ("x" * 81, "name_too_long"), ("a\x00b", "name_invalid")])
def test_bad_names_are_refused_with_a_code(bad, code):
    with pytest.raises(StoreError) as err:
        clean_name(bad)
    assert err.value.code == code


def test_unstorable_settings_are_reported_not_fatal(store):
    ws = small_workspace()
    ws.settings["odd.object"] = object()
    assert store.save(ws, "A").skipped == ["odd.object"]
    assert "odd.object" not in store.load("A").settings


def test_fingerprint_changes_with_data_and_settings():
    ws = small_workspace()
    cache = {}
    before = fingerprint(ws, cache)
    assert fingerprint(ws, cache) == before
    ws.settings["abandonment.confidence"] = 90.0
    assert fingerprint(ws, cache) != before
    ws.settings["abandonment.confidence"] = 95.0
    assert fingerprint(ws, cache) == before
    frame = ws.get("abandonment").copy()
    frame.loc[0, "abandon_pct"] = 1.75
    ws.put("abandonment", frame, "mine.csv")
    assert fingerprint(ws, cache) != before


# ---------------------------------------------------------------- a save killed midway

CHILD = textwrap.dedent("""
    import sys, time
    import numpy as np, pandas as pd
    from core.store import open_store
    from core.workspace import Workspace
    store = open_store(sys.argv[1])
    ws = Workspace(name="A")
    rng = np.random.default_rng(0)
    for i in range(6):
        ws.put(f"d{i}", pd.DataFrame({"x": rng.normal(size=20000), "v": [2.0] * 20000}), "new.csv")
    ws.settings["abandonment.confidence"] = 99.0
    def progress(name):
        print("wrote", name, flush=True)
        if name == "d2":
            time.sleep(60)   # the parent kills us here, halfway through the datasets
    store.save(ws, "A", expected_revision=1, progress=progress)
    print("done", flush=True)
""")


def test_save_killed_midway_leaves_previous_version_intact(backend, store):
    store.save(small_workspace(1.5), "A")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, backend.url], stdout=subprocess.PIPE,
                             text=True, cwd=ROOT, env=env)
    try:
        lines = []
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("wrote d2"):
                break
        assert lines[-1] == "wrote d2", lines
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    if backend.name == "sqlite":
        # the journal of the killed transaction is still on disk: the half-written save is undone
        assert Path(str(store.path) + "-journal").exists()
    # PostgreSQL: the server saw the client's connection close and rolled its transaction back
    back = backend.new().load("A")
    assert sorted(back.datasets) == ["abandonment"]
    assert back.get("abandonment")["abandon_pct"].tolist() == [1.5, 2.25]
    assert back.settings["abandonment.confidence"] == 95.0
    assert [i.revision for i in store.list()] == [1]
    # and the store still works: a new save goes through completely
    store.save(small_workspace(4.0), "A", expected_revision=1)
    assert store.load("A").get("abandonment")["abandon_pct"][0] == 4.0


# ---------------------------------------------------------------- schema versions (core/store_schema.py)

def test_a_new_store_records_its_schema_version(backend):
    from core.store_schema import CURRENT, MIGRATIONS

    store = backend.new()
    store.save(small_workspace(), "A")
    backend.new()                                          # a second start applies nothing again
    rows = _schema_rows(backend)
    assert [r[0] for r in rows] == [m.version for m in MIGRATIONS] and rows[-1][0] == CURRENT
    assert backend.new().load("A").get("abandonment")["abandon_pct"].tolist() == [1.5, 2.25]


def test_a_store_from_a_newer_app_is_refused_untouched(backend):
    backend.new().save(small_workspace(), "A")
    _execute(backend, "INSERT INTO schema_version (version, applied) VALUES (99, 0)")
    with pytest.raises(StoreFault) as err:
        backend.new().list()
    assert err.value.code == "schema_newer" and err.value.params["found"] == 99
    from core.i18n import Translator

    text = Translator("es")(err.value.key, **err.value.params)
    assert "versión más reciente" in text and "99" in text
    _execute(backend, "DELETE FROM schema_version WHERE version = 99")
    assert backend.new().load("A").get("abandonment")["abandon_pct"].tolist() == [1.5, 2.25]


def test_a_sqlite_store_of_the_first_session_is_upgraded_in_place(tmp_path):
    """A workspaces.sqlite written before the schema_version table (version 1 kept in ``meta``)."""
    import sqlite3

    from core.store_schema import MIGRATIONS

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[0].sqlite)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO workspaces (user, name, settings, created, updated) VALUES ('local', 'Viejo', '{}', 0, 0)")
    con.commit()
    con.close()
    store = WorkspaceStore(path)
    assert store.names() == ["Viejo"]
    assert [r[0] for r in sqlite3.connect(path).execute("SELECT version FROM schema_version")] == [1]


def _execute(backend, sql):
    if backend.name == "sqlite":
        import sqlite3

        with sqlite3.connect(backend.url[len("sqlite:///"):]) as con:
            con.execute(sql)
        return
    import psycopg

    with psycopg.connect(backend.url, autocommit=True) as con:
        con.execute(sql)


def _schema_rows(backend):
    if backend.name == "sqlite":
        import sqlite3

        return sqlite3.connect(backend.url[len("sqlite:///"):]).execute(
            "SELECT version, applied FROM schema_version ORDER BY version").fetchall()
    import psycopg

    with psycopg.connect(backend.url) as con:
        return con.execute("SELECT version, applied FROM schema_version ORDER BY version").fetchall()
