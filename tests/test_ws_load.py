"""benchmarks/ws_load.py, the load client that speaks Streamlit's WebSocket protocol: against the app
started as a user starts it (benchmarks/interaction.start_server), its sessions load the staffing
page, move the sliders without an error, and a move of the agents slider really reaches the server
(what the page computes changes as queueing theory says it must)."""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from benchmarks import ws_load
from benchmarks.interaction import start_server
from core.i18n import Translator

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    proc, url = start_server(ROOT, tmp_path_factory.mktemp("ws_load") / "server.log")
    try:
        yield proc, url
    finally:
        os.killpg(proc.pid, 9)
        proc.wait(timeout=20)


def _percent(shown: str) -> float:
    """'19,9 %' (Spanish: decimal comma) -> 0.199."""
    return float(shown.replace("%", "").replace(".", "").replace(",", ".").strip()) / 100


def test_agents_move_reaches_the_server(app):
    """Erlang C occupancy is rho = A / N (offered traffic over agents). Moving the agents slider leaves
    A = lambda * AHT unchanged, so rho * N stays the same while rho itself changes: 17 agents at
    21.0 % carry A = 3.57 erl, and 18 agents then show 3.57 / 18 = 19.8-19.9 % (rounding of the shown
    0.1 %). Each shown rho is rounded to 0.05 %, so rho * N agrees to 0.0005 * N."""
    proc, url = app
    label = Translator("es")("staffing.kpi.occupancy")

    async def moves():
        s = ws_load.WsSession(url)
        await s.connect()
        await s.run(ws_load.WARM_TIMEOUT_S)        # the server's first run: imports, the sample case
        seen = [(s.value("staffing.morning.agents"), _percent(s.metrics[label]))]
        for direction in (1, 1, -1):
            await s.move("staffing.morning.agents", direction)
            seen.append((s.value("staffing.morning.agents"), _percent(s.metrics[label])))
        await s.close()
        return seen

    seen = asyncio.run(moves())
    agents = [n for n, _ in seen]
    assert [b - a for a, b in zip(agents, agents[1:])] == [1, 1, -1]
    assert len({rho for _, rho in seen}) == 3, seen          # three agent counts, three occupancies
    assert seen[1][1] == seen[3][1]                           # back to the same N: the same rho
    traffic = seen[0][0] * seen[0][1]
    for n, rho in seen[1:]:
        assert abs(n * rho - traffic) <= 0.0005 * (n + seen[0][0]), seen


def test_two_sessions_back_to_back(app):
    proc, url = app
    out = ws_load.ws_load_run(url, sessions=2, seconds=3, think=(0, 0), server_pid=proc.pid)
    assert out["errors"] == 0, out["why"]
    assert out["first_load"]["n"] == 2
    assert out["n"] > 0 and out["p95"] is not None and out["p95"] <= ws_load.STEP_TIMEOUT_S
    assert out["server_cpu_s"] > 0 and out["server_rss_mb_after"] > 0
