"""Staffing under Erlang C: required agents (one interval or many at once), shrinkage, cost,
and the KPI sweep over a range of agents (Erlang C and, with a patience, Erlang A)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.queueing.common import SECONDS_PER_HOUR, _fraction, _real, min_stable_agents
from core.queueing.erlang_a import erlang_a
from core.queueing.erlang_b import erlang_b
from core.queueing.erlang_c import ErlangCResult, erlang_c, erlang_c_terms
from core.queueing.errors import QueueInputError, UnstableQueueError

__all__ = ["required_agents", "required_agents_many", "scheduled_agents", "min_stable_agents",
           "StaffingPlan", "staffing_plan", "sweep_agents"]


def _check_goals(target_sl, target_time, max_occupancy, target_asa):
    sl = None if target_sl is None else _fraction("target_sl", target_sl)
    t = _real("target_time", target_time, allow_zero=True)
    mo = None if max_occupancy is None else _fraction("max_occupancy", max_occupancy, closed_right=True)
    asa = None if target_asa is None else _real("target_asa", target_asa)
    if sl is None and asa is None:
        raise QueueInputError("target_sl", "no_goal", None)
    return sl, t, mo, asa


def _occupancy_floor(a: float, max_occupancy: float | None) -> int:
    """Smallest s with A / s <= max_occupancy (1e-12 tolerance against 0.1*3/0.3 = 1.0000000002)."""
    if max_occupancy is None:
        return 0
    return int(math.ceil(a / max_occupancy * (1.0 - 1e-12)))


def required_agents(arrival_rate, aht, target_sl=0.8, target_time=20.0, max_occupancy=None,
                    target_asa=None) -> int:
    """Smallest number of agents (on the phones) meeting every goal under Erlang C.

    Goals: service level P(wait <= target_time s) >= target_sl (pass target_sl=None to drop
    it), mean wait ASA <= target_asa seconds (optional), occupancy A / s <= max_occupancy
    (optional, in (0, 1]). The search starts at floor(A) + 1, the smallest stable staffing,
    and walks up with the Erlang B recursion, so it costs O(sqrt(A) + s - A) steps in all.
    Shrinkage is applied afterwards (``scheduled_agents``).

    >>> required_agents(200, 180)   # 10 Erlangs, 80/20: SL is 0.7956 with 13, 0.8884 with 14
    14
    """
    lam = _real("arrival_rate", arrival_rate)
    aht = _real("aht", aht)
    sl, t, mo, asa = _check_goals(target_sl, target_time, max_occupancy, target_asa)
    a = lam * aht / SECONDS_PER_HOUR
    n_min = max(min_stable_agents(a), _occupancy_floor(a, mo))
    b = erlang_b(a, n_min - 1)  # erlang_b(A, 0) = 1
    k = n_min - 1
    while True:
        k += 1
        ab = a * b
        b = ab / (k + ab)
        c, sl_k = erlang_c_terms(k, a, b, t, aht)
        if sl is not None and sl_k < sl:
            continue
        if asa is not None and c * aht / (k - a) > asa:
            continue
        return k


def _check_many(lam: np.ndarray, aht: np.ndarray) -> None:
    for name, arr in (("arrival_rates", lam), ("ahts", aht)):
        bad = np.flatnonzero(~np.isfinite(arr))
        if bad.size:
            raise QueueInputError(f"{name}[{bad[0]}]", "not_finite", float(arr[bad[0]]))
    bad = np.flatnonzero(lam < 0)
    if bad.size:
        raise QueueInputError(f"arrival_rates[{bad[0]}]", "negative", float(lam[bad[0]]))
    bad = np.flatnonzero((aht <= 0) & (lam > 0))
    if bad.size:
        raise QueueInputError(f"ahts[{bad[0]}]", "not_positive", float(aht[bad[0]]))


def required_agents_many(arrival_rates, ahts, target_sl=0.8, target_time=20.0, max_occupancy=None,
                         target_asa=None) -> np.ndarray:
    """``required_agents`` for many intervals at once (vectorised over the intervals).

    arrival_rates: array of calls per hour (>= 0; an interval with no calls needs 0 agents);
    ahts: array of seconds (> 0 where the rate is > 0), or a scalar. Returns a numpy int64
    array of the same shape. Each interval starts from Erlang B at n_min - 1 (core.queueing.erlang_b,
    exact at every load) and all intervals advance one agent per numpy step: a week of 672
    intervals takes a few milliseconds. Raises QueueInputError naming the first bad position.
    """
    lam = np.asarray(arrival_rates, dtype=float)
    aht = np.broadcast_to(np.asarray(ahts, dtype=float), lam.shape)
    sl, t, mo, asa = _check_goals(target_sl, target_time, max_occupancy, target_asa)
    shape = lam.shape
    lam = lam.ravel()
    aht = np.ascontiguousarray(aht).ravel()
    _check_many(lam, aht)
    out = np.zeros(lam.size, dtype=np.int64)
    busy = np.flatnonzero(lam > 0)
    if busy.size == 0:
        return out.reshape(shape)
    a = lam[busy] * aht[busy] / SECONDS_PER_HOUR
    h = aht[busy]
    k = np.floor(a)  # n_min - 1 (whole numbers held as floats)
    if mo is not None:
        k = np.maximum(k, np.ceil(a / mo * (1.0 - 1e-12)) - 1.0)
    b = np.array([erlang_b(ai, int(ki)) for ai, ki in zip(a, k)])  # exact at every load
    idx = np.arange(a.size)  # positions (into busy) still searching
    while idx.size:  # walk up from n_min until every interval meets its goals
        k += 1
        ab = a * b
        b = ab / (k + ab)
        c, sl_k = erlang_c_terms(k, a, b, t, h, np.expm1)
        ok = np.ones(idx.size, dtype=bool)
        if sl is not None:
            ok &= sl_k >= sl
        if asa is not None:
            ok &= c * h / (k - a) <= asa
        if ok.any():
            out[busy[idx[ok]]] = k[ok]
            keep = ~ok
            idx, a, h, b, k = idx[keep], a[keep], h[keep], b[keep], k[keep]
    return out.reshape(shape)


def scheduled_agents(required, shrinkage: float = 0.0):
    """Agents to schedule so that ``required`` are on the phones: ceil(required / (1 - shrinkage)).

    Rounded UP (10 on the phones at 10 % shrinkage is 11.1 -> 12 scheduled, not 11: with 11,
    only 9.9 are on the phones). shrinkage: fraction of paid time not available for calls
    (breaks, training, absence), in [0, 1). Works on ints and numpy arrays.
    """
    sh = _real("shrinkage", shrinkage, allow_zero=True)
    if not sh < 1.0:
        raise QueueInputError("shrinkage", "out_of_range", sh)
    req = np.asarray(required)
    out = np.ceil(req / (1.0 - sh) * (1.0 - 1e-12)).astype(np.int64)
    return int(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class StaffingPlan:
    """Required and scheduled agents for one interval, with the KPIs they give (Erlang C).

    agents_on_phone: required_agents(...); agents_scheduled: after shrinkage;
    cost: agents_scheduled * hours * cost_per_agent_hour (in the user's currency);
    result: the ErlangCResult at agents_on_phone.
    """

    agents_on_phone: int
    agents_scheduled: int
    shrinkage: float
    hours: float
    cost: float | None
    result: ErlangCResult


def staffing_plan(arrival_rate, aht, target_sl=0.8, target_time=20.0, max_occupancy=None,
                  target_asa=None, shrinkage=0.0, hours=1.0, cost_per_agent_hour=None) -> StaffingPlan:
    """Workforce-tool style staffing: goals -> agents on the phones -> agents to schedule -> cost."""
    n = required_agents(arrival_rate, aht, target_sl, target_time, max_occupancy, target_asa)
    sched = scheduled_agents(n, shrinkage)
    hrs = _real("hours", hours)
    cost = None
    if cost_per_agent_hour is not None:
        cost = sched * hrs * _real("cost_per_agent_hour", cost_per_agent_hour, allow_zero=True)
    return StaffingPlan(n, sched, float(shrinkage), hrs, cost,
                        erlang_c(arrival_rate, aht, n, target_time))


def sweep_agents(arrival_rate, aht, agents_range, patience=None, target_time=20.0,
                 sl_definition="abandoned_fail") -> list[dict]:
    """KPIs for each number of agents in ``agents_range`` (for the SL-vs-agents chart).

    One dict per agent count with keys agents, stable, sl_c, asa_c (mean wait in queue Wq, s,
    not W = Wq + AHT), p_wait_c, occupancy_c (None where Erlang C is unstable) and, when
    ``patience`` is given, sl_a, p_abandon_a, asa_a, p_wait_a, occupancy_a (Erlang A).
    """
    rows = []
    for s in agents_range:
        row = {"agents": int(s)}
        try:
            c = erlang_c(arrival_rate, aht, s, target_time)
            row.update(stable=True, sl_c=c.service_level, asa_c=c.asa, p_wait_c=c.p_wait,
                       occupancy_c=c.occupancy)
        except UnstableQueueError:
            row.update(stable=False, sl_c=None, asa_c=None, p_wait_c=None, occupancy_c=None)
        if patience is not None:
            r = erlang_a(arrival_rate, aht, s, patience, target_time, sl_definition)
            row.update(sl_a=r.service_level, p_abandon_a=r.p_abandon, asa_a=r.asa,
                       p_wait_a=r.p_wait, occupancy_a=r.occupancy)
        rows.append(row)
    return rows
