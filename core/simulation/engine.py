"""One replication of the call-centre simulation (see core.simulation for the model and algorithm)."""
from __future__ import annotations

import heapq
import math

import numpy as np

from core.queueing import SECONDS_PER_HOUR
from core.simulation.inputs import ArrivalProfile, SimulationConfig

PERCENTILES = (50, 80, 95)


def _arrivals(profile: ArrivalProfile, warmup: float, rng: np.random.Generator) -> np.ndarray:
    starts = np.asarray(profile.starts_s)
    lengths = np.asarray(profile.lengths_s)
    rates = np.asarray(profile.rates)
    if warmup > 0:
        starts = np.concatenate([[-warmup], starts])
        lengths = np.concatenate([[warmup], lengths])
        rates = np.concatenate([[rates[0]], rates])
    counts = rng.poisson(rates * lengths / SECONDS_PER_HOUR)
    t = np.repeat(starts, counts) + rng.random(int(counts.sum())) * np.repeat(lengths, counts)
    t.sort()
    return t


def _handle_times(n: int, aht: float, service: str, cv: float, rng: np.random.Generator) -> np.ndarray:
    if service == "exponential":
        return rng.exponential(aht, n)
    s2 = math.log1p(cv * cv)  # lognormal with mean aht and sd cv * aht
    return rng.lognormal(math.log(aht) - s2 / 2.0, math.sqrt(s2), n)


def _station_pass(arrive: list, handle: list, patience: list | None, agents: int, t0: float):
    """FCFS pass over one station's calls in arrival order (see the module docstring).

    Returns (queue_exit, served): the time each call left the queue (service start, or the
    moment it hung up) and whether it was served."""
    free = [t0] * agents  # a heap of the agents' next-free times
    n = len(arrive)
    out = []  # queue exit times, in arrival order
    served = [True] * n
    replace = heapq.heapreplace
    if patience is None:
        for i in range(n):
            a = arrive[i]
            f = free[0]
            s = a if f <= a else f
            out.append(s)
            replace(free, s + handle[i])
    else:
        for i in range(n):
            a = arrive[i]
            f = free[0]
            if f <= a:
                out.append(a)
                replace(free, a + handle[i])
            elif f - a > patience[i]:
                out.append(a + patience[i])
                served[i] = False
            else:
                out.append(f)
                replace(free, f + handle[i])
    return np.asarray(out), np.asarray(served, dtype=bool)  # bool also when empty


def _overlap(start: np.ndarray, end: np.ndarray, lo: float, hi: float) -> float:
    """Total length of [start_i, end_i] inside [lo, hi]."""
    return float(np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0.0, None).sum())


def _count_at(grid: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Number of intervals [start_i, end_i) covering each grid time."""
    return (np.searchsorted(np.sort(start), grid, side="right")
            - np.searchsorted(np.sort(end), grid, side="right"))


def _replication(cfg: SimulationConfig, seed: int, r: int, grid: np.ndarray, edges: np.ndarray) -> dict:
    T = cfg.profile.duration_s
    w0 = cfg.warmup_s
    arr = _arrivals(cfg.profile, w0, np.random.default_rng([seed, r, 0]))
    n = arr.size
    total_wait = np.zeros(n)
    alive = np.ones(n, dtype=bool)      # not abandoned: completed every station it visited
    ids = np.arange(n)
    t_in = arr
    per_station = []
    for k, st in enumerate(cfg.stations):
        rng = np.random.default_rng([seed, r, k + 1])
        if k > 0:
            prev = cfg.stations[k - 1].share
            go_on = rng.random(ids.size) < (st.share / prev)
            ids, t_in = ids[go_on], t_in[go_on]
            order = np.argsort(t_in)  # continuous times: no ties
            ids, t_in = ids[order], t_in[order]
        m = ids.size
        handle = _handle_times(m, st.aht, cfg.service, cfg.cv, rng)
        pat = None if st.patience is None else rng.exponential(st.patience, m)
        q_exit, served = _station_pass(t_in.tolist(), handle.tolist(), None if pat is None else pat.tolist(),
                                       int(st.agents), -w0)
        wait = q_exit - t_in
        total_wait[ids] += wait
        alive[ids] = served  # every call reaching a station is alive; those not served hang up here
        s_start, s_end = q_exit[served], q_exit[served] + handle[served]
        per_station.append({
            "utilisation": _overlap(s_start, s_end, 0.0, T) / (st.agents * T),
            "lq": _overlap(t_in, q_exit, 0.0, T) / T,
            "queue": _count_at(grid, t_in, q_exit),
            "busy": _count_at(grid, s_start, s_end),
        })
        if k == 0:
            first = (wait, served)
        ids, t_in = ids[served], s_end
    # calls that entered the line during the shift
    inside = (arr >= 0.0) & (arr < T)
    offered = int(inside.sum())
    wait1, served1 = first
    w1, s1 = wait1[inside], served1[inside]
    answered_in_t = s1 & (w1 <= cfg.target_time)
    comp_wait = total_wait[inside & alive]
    out = {
        "offered": float(offered),
        "service_level": answered_in_t.mean() if offered else math.nan,
        "p_wait": (w1 > 0).mean() if offered else math.nan,
        "asa": w1[s1].mean() if s1.any() else math.nan,
        "abandon_first": (~s1).mean() if offered else math.nan,
        "abandon_line": (~alive[inside]).mean() if offered else math.nan,
        "wait_mean": comp_wait.mean() if comp_wait.size else math.nan,
    }
    pct = np.percentile(comp_wait, PERCENTILES) if comp_wait.size else [math.nan] * len(PERCENTILES)
    for p, v in zip(PERCENTILES, pct):
        out[f"wait_p{p}"] = float(v)
    # by reporting interval (by the time the call entered the line)
    a_in = arr[inside]
    b = np.searchsorted(edges, a_in, side="right") - 1
    nb = edges.size - 1
    cnt = np.bincount(b, minlength=nb)
    sl_hits = np.bincount(b, weights=answered_in_t, minlength=nb)
    ab_hits = np.bincount(b, weights=~alive[inside], minlength=nb)
    with np.errstate(invalid="ignore"):  # 0 / 0 in an interval without calls: NaN
        out["_intervals"] = (cnt, sl_hits / cnt, ab_hits / cnt)
    out["_stations"] = per_station
    out["_waits"] = comp_wait
    out["_calls"] = n
    return out
