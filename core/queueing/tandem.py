"""Stations in series (thesis 003's Front -> Coordination -> Follow-up), each an M/M/s queue."""
from __future__ import annotations

from dataclasses import dataclass

from core.queueing.common import SECONDS_PER_HOUR, _agents, _real, min_stable_agents
from core.queueing.erlang_c import ErlangCResult, erlang_c
from core.queueing.errors import QueueInputError, UnstableQueueError


@dataclass(frozen=True)
class StationResult:
    """One station of a tandem line: its Erlang C result, or None with ``min_agents`` if unstable.

    share: fraction of the line's calls that visit the station (1 = every call);
    arrival_rate = share * line rate (a thinned Poisson stream is Poisson).
    """

    name: str
    agents: int
    aht: float
    share: float
    arrival_rate: float
    traffic: float
    stable: bool
    min_agents: int
    result: ErlangCResult | None


@dataclass(frozen=True)
class TandemResult:
    """A line of M/M/s stations in series (Burke's theorem: each sees a Poisson stream).

    wq_total: expected queueing time of a call over the line, sum_i share_i * Wq_i (s);
    w_total: the same with handling times, sum_i share_i * (Wq_i + AHT_i) (s);
    agents_total: sum of the stations' agents; stable: all stations stable.
    The totals are None when any station is unstable.
    """

    stations: tuple[StationResult, ...]
    stable: bool
    wq_total: float | None
    w_total: float | None
    agents_total: int


def _station(lam: float, st: dict, target_time: float) -> StationResult:
    name = str(st.get("name", ""))
    share = _real("share", st.get("share", 1.0))
    if share > 1.0:
        raise QueueInputError("share", "out_of_range", share)
    aht = _real("aht", st["aht"])
    s = _agents("agents", st["agents"])
    rate = lam * share
    a = rate * aht / SECONDS_PER_HOUR
    try:
        r = erlang_c(rate, aht, s, target_time)
    except UnstableQueueError:
        return StationResult(name, s, aht, share, rate, a, False, min_stable_agents(a), None)
    return StationResult(name, s, aht, share, rate, a, True, min_stable_agents(a), r)


def tandem(arrival_rate, stations, target_time=20.0) -> TandemResult:
    """Stations in series, e.g. thesis 003's Front -> Coordination -> Follow-up.

    arrival_rate: calls/h entering the line; stations: iterable of dicts with ``name``,
    ``agents``, ``aht`` (s) and optional ``share`` (fraction of calls that reach it, default 1).
    By Burke's theorem the departures of a stable M/M/s queue are Poisson with the arrival
    rate, so every station is an M/M/s queue fed at share * arrival_rate; arrival rates of
    stations in series are NOT added (as the thesis' "equivalence property" does). The
    end-to-end wait of a call is the sum of the waits of the stations it visits, so its
    expectation weighs each station by its share (Gross et al. sec. 4.1).
    """
    lam = _real("arrival_rate", arrival_rate)
    out = [_station(lam, st, target_time) for st in stations]
    stable = all(x.stable for x in out)
    wq = sum(x.share * x.result.wq for x in out) if stable else None
    w = sum(x.share * x.result.w for x in out) if stable else None
    return TandemResult(tuple(out), stable, wq, w, sum(x.agents for x in out))
