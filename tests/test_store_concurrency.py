"""Issue 15 class 4 (lost work): optimistic concurrency on save.

Two sessions that opened the same workspace: the second save is refused with a conflict and the
first one's data stay stored. Two sessions saving the same new name at once, as threads and as
processes against one store: exactly one wins, the other is told, and the stored workspace is
whole (all datasets of the winner, none of the loser). Every test runs on SQLite and on PostgreSQL
(tests/store_backends.py).
"""
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest

from core.store import StoreConflict
from core.workspace import Workspace
from tests.store_backends import backend, pg  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent


def team_workspace(value: float, n_datasets: int = 3) -> Workspace:
    ws = Workspace(name="Equipo")
    for i in range(n_datasets):
        ws.put(f"d{i}", pd.DataFrame({"x": [value] * 50}), f"{value}.csv")
    ws.settings["abandonment.confidence"] = value
    return ws


def stored_values(store, name: str = "Equipo") -> set:
    ws = store.load(name)
    return {float(frame["x"].iloc[0]) for frame in ws.datasets.values()} | {ws.settings["abandonment.confidence"]}


def test_stale_save_is_refused_and_the_first_save_is_kept(backend):
    store = backend.new()
    store.save(team_workspace(1.0), "Equipo")
    one, two = store.fetch("Equipo"), store.fetch("Equipo")          # two sessions open revision 1
    assert one.revision == two.revision == 1
    one.workspace.settings["abandonment.confidence"] = 90.0
    assert store.save(one.workspace, "Equipo", expected_revision=one.revision).revision == 2
    two.workspace.settings["abandonment.confidence"] = 80.0
    with pytest.raises(StoreConflict) as err:
        store.save(two.workspace, "Equipo", expected_revision=two.revision)
    assert err.value.code == "conflict" and err.value.params == {"name": "Equipo", "yours": 1, "theirs": 2}
    assert store.load("Equipo").settings["abandonment.confidence"] == 90.0   # nothing of session two written
    assert [i.revision for i in store.list()] == [2]
    assert two.workspace.settings["abandonment.confidence"] == 80.0          # and session two keeps its data
    # session two re-reads the stored version, then its save goes through
    again = store.fetch("Equipo")
    assert store.save(again.workspace, "Equipo", expected_revision=again.revision).revision == 3


def test_a_new_name_taken_meanwhile_is_a_conflict_not_an_overwrite(backend):
    store = backend.new()
    store.save(team_workspace(1.0), "Equipo")
    with pytest.raises(StoreConflict) as err:
        store.save(team_workspace(2.0), "Equipo")              # this session believes the name is new
    assert err.value.code == "exists" and err.value.params["theirs"] == 1
    assert stored_values(store) == {1.0}


def test_a_workspace_deleted_meanwhile_is_saved_again(backend):
    store = backend.new()
    store.save(team_workspace(1.0), "Equipo")
    mine = store.fetch("Equipo")
    store.delete("Equipo")
    assert store.save(mine.workspace, "Equipo", expected_revision=mine.revision).revision == 2
    assert stored_values(store) == {1.0}


def test_same_new_name_from_two_threads_one_wins(backend):
    """Thread A is held inside its transaction (after writing its first dataset) while thread B
    tries the same new name: B waits (SQLite: the write lock; PostgreSQL: the unique key A's
    uncommitted row holds), then finds the name taken."""
    backend.new()
    inside, release = threading.Event(), threading.Event()
    outcome = {}

    def progress(dataset):
        if dataset == "d0":
            inside.set()
            release.wait(10)

    def save(label, value, hook=None):
        try:
            outcome[label] = backend.new().save(team_workspace(value), "Equipo", progress=hook).revision
        except StoreConflict as err:
            outcome[label] = err.code

    a = threading.Thread(target=save, args=("a", 1.0, progress))
    b = threading.Thread(target=save, args=("b", 2.0))
    a.start()
    assert inside.wait(10)
    b.start()
    b.join(0.5)
    assert b.is_alive()                 # B is blocked on A's write lock, not writing beside it
    release.set()
    a.join(20)
    b.join(20)
    assert outcome == {"a": 1, "b": "exists"}
    assert stored_values(backend.new()) == {1.0}     # whole: A's three datasets and settings only
    assert len(backend.new().load("Equipo").datasets) == 3


@pytest.mark.parametrize("round_", range(5))
def test_same_new_name_from_two_threads_started_together(backend, round_):
    backend.new()
    barrier = threading.Barrier(2)
    outcome = {}

    def save(value):
        store = backend.new()
        barrier.wait()
        try:
            outcome[value] = store.save(team_workspace(value), "Equipo").revision
        except StoreConflict as err:
            outcome[value] = err.code

    threads = [threading.Thread(target=save, args=(v,)) for v in (1.0, 2.0)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert sorted(outcome.values(), key=str) == [1, "exists"]
    winner = next(v for v, result in outcome.items() if result == 1)
    assert stored_values(backend.new()) == {winner}
    assert len(backend.new().load("Equipo").datasets) == 3


def test_two_sessions_saving_over_the_same_revision_at_once_one_wins(backend):
    """Both opened revision 1 and press save at the same moment: one writes revision 2, the other
    is refused with "conflict" (PostgreSQL: the second waits on the row lock, SELECT ... FOR UPDATE,
    then sees revision 2)."""
    backend.new().save(team_workspace(1.0), "Equipo")
    barrier = threading.Barrier(2)
    outcome = {}

    def save(value):
        store = backend.new()
        opened = store.fetch("Equipo")
        for name in list(opened.workspace.datasets):
            opened.workspace.put(name, pd.DataFrame({"x": [value] * 50}), f"{value}.csv")
        opened.workspace.settings["abandonment.confidence"] = value
        barrier.wait()
        try:
            outcome[value] = store.save(opened.workspace, "Equipo", expected_revision=opened.revision).revision
        except StoreConflict as err:
            outcome[value] = (err.code, err.params["yours"], err.params["theirs"])

    threads = [threading.Thread(target=save, args=(v,)) for v in (2.0, 3.0)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert sorted(outcome.values(), key=str) == [("conflict", 1, 2), 2]
    winner = next(v for v, result in outcome.items() if result == 2)
    assert stored_values(backend.new()) == {winner}
    assert [i.revision for i in backend.new().list()] == [2]


CHILD = textwrap.dedent("""
    import sys, time
    import pandas as pd
    from core.store import StoreConflict, open_store
    from core.workspace import Workspace
    url, value, start = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    ws = Workspace(name="Equipo")
    for i in range(4):
        ws.put(f"d{i}", pd.DataFrame({"x": [value] * 5000}), "p.csv")
    ws.settings["abandonment.confidence"] = value
    store = open_store(url)
    while time.time() < start:
        time.sleep(0.001)
    try:
        print("saved", store.save(ws, "Equipo").revision, flush=True)
    except StoreConflict as err:
        print("conflict", err.code, flush=True)
""")


def test_same_new_name_from_two_processes_one_wins(backend):
    import time

    backend.new()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.time() + 3.0      # both processes are importing pandas before this moment
    children = [subprocess.Popen([sys.executable, "-c", CHILD, backend.url, str(v), str(start)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for v in (1.0, 2.0)]
    outputs = [child.communicate(timeout=120)[0].strip() for child in children]
    assert sorted(outputs) == ["conflict exists", "saved 1"], outputs
    winner = (1.0, 2.0)[outputs.index("saved 1")]
    store = backend.new()
    assert stored_values(store) == {winner}
    assert len(store.load("Equipo").datasets) == 4
