"""benchmarks/views_server.py, server CPU per run of each view on the real server: on the app started as
a user starts it, two views with three moves per widget give a positive server CPU for every run, and a
move really reaches the server (it is not a rerun with nothing changed): moving journey's phase select
box shows that phase's NPS, read from the sample's own journey-map table (the data the page is given,
not what the page computes)."""
from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from benchmarks import views_server
from benchmarks.interaction import start_server
from core.sample import sample_workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    proc, url = start_server(ROOT, tmp_path_factory.mktemp("views_server") / "server.log")
    try:
        yield views_server.measure(url, proc.pid, ["journey", "indicators"], reruns=2, moves=3, idle_s=0.1)
    finally:
        os.killpg(proc.pid, 9)
        proc.wait(timeout=20)


def _positive(x) -> bool:
    return isinstance(x, float) and math.isfinite(x) and x > 0


def test_every_run_costs_positive_server_cpu(measured):
    for view, row in measured["views"].items():
        assert not row.get("skipped"), row.get("skipped")
        runs = [row["first_cold"], row["first_warm"], *row["rerun"]]
        assert len(row["rerun"]) == 2
        for key, moves in row["moves"].items():
            assert len(moves) == 3, (view, key)
            runs += moves
        for run in runs:
            assert _positive(run["cpu"]) and _positive(run["wall"]), (view, run)
            assert run["deltas"] > 0
    assert set(measured["views"]["journey"]["moves"]) == {"journey.phase", "journey.trend_ind"}
    assert set(measured["views"]["indicators"]["moves"]) == {"indicators.by_segment"}


def test_moving_the_phase_shows_that_phase(measured):
    """The sample's journey map gives each phase its NPS (Descubrimiento 70, Solicitud y contrato 58,
    Uso del producto 61, Mantenimiento de la relación 53, ...). The page opens on the first phase; each
    move selects the next one, and the NPS metric must then be that phase's value."""
    table = sample_workspace("es").get("journey_map")
    nps = dict(zip(table["phase"], table["nps"]))
    row = measured["views"]["journey"]
    assert row["rerun"][-1]["metrics"]["NPS"] == f"{nps['Descubrimiento']:.0f}" == "70"
    moves = row["moves"]["journey.phase"]
    assert [m["value"] for m in moves] == list(table["phase"][1:4])
    shown = [m["metrics"]["NPS"] for m in moves]
    assert shown == [f"{nps[m['value']]:.0f}" for m in moves] == ["58", "61", "53"]


def test_check_box_toggles(measured):
    moves = measured["views"]["indicators"]["moves"]["indicators.by_segment"]
    assert [m["value"] for m in moves] == ["True", "False", "True"]
