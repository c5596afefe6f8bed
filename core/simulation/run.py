"""Many replications of the simulation and their summary (replication/deletion, Student-t intervals)."""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats

from core.simulation.engine import PERCENTILES, _replication
from core.simulation.inputs import (DEFAULT_CALL_BUDGET, SimulationConfig, _clock, _int, check_config,
                                    parse_seed, replication_cap)

_TIMELINE_POINTS = 241


@dataclass(frozen=True)
class SimulationResult:
    """A simulation run. ``summary``: one row per figure (index: offered, service_level, p_wait,
    asa, abandon_first, abandon_line, wait_mean, wait_p50, wait_p80, wait_p95) with columns mean,
    low, high (95 % interval over the replications; NaN with one replication), n (replications
    with a value). ``stations``: one row per station with agents, utilisation(_low/_high),
    lq(_low/_high). ``intervals``: one row per reporting interval: start_s, clock ("HH:MM"), clock_min
    (minutes after the midnight before the shift; above 1440 after midnight),
    offered, service_level(_low/_high), abandon(_low/_high). ``timeline``: time_s, clock,
    clock_min, station, queue (mean calls waiting), queue_p10, queue_p90 (over replications), busy (mean
    busy agents), agents. ``histogram``: left, right (s), share (of the completed calls of all
    replications). ``per_replication``: the scalar figures of each replication.
    requested / replications: asked and run (capped by the call budget when ``capped``);
    seed; elapsed_s (wall time); station_visits: calls simulated at all stations in all
    replications (warm-up included)."""

    config: SimulationConfig
    seed: int
    requested: int
    replications: int
    capped: bool
    elapsed_s: float
    station_visits: int
    summary: pd.DataFrame
    stations: pd.DataFrame
    intervals: pd.DataFrame
    timeline: pd.DataFrame
    histogram: pd.DataFrame
    per_replication: pd.DataFrame = field(repr=False)


_SHARES = {"service_level", "p_wait", "abandon_first", "abandon_line"}


def _clip01(x):
    return np.clip(x, 0.0, 1.0)


def _ci(values: np.ndarray, axis: int = 0, confidence: float = 0.95):
    """Mean and Student-t interval over replications (NaN-aware)."""
    n = np.sum(np.isfinite(values), axis=axis)
    with warnings.catch_warnings():  # all-NaN figures and one replication: NaN, no warning
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=axis)
        sd = np.nanstd(values, axis=axis, ddof=1)  # NaN below two values
    half = stats.t.ppf(0.5 + confidence / 2.0, n - 1) * sd / np.sqrt(n)
    return mean, mean - half, mean + half, n


def simulate(cfg: SimulationConfig, replications: int = 10, seed: int = 2026,
             call_budget: int = DEFAULT_CALL_BUDGET,
             progress: Callable[[int, int], None] | None = None) -> SimulationResult:
    """Run ``replications`` independent replications of the shift (capped so that the expected
    station visits stay within ``call_budget``) and summarise them (see SimulationResult).

    ``progress(done, total)`` is called after each replication (for a progress bar).
    Raises SimulationInputError for unusable inputs.
    """
    check_config(cfg)
    requested = _int("replications", replications)
    seed = parse_seed(seed)
    run = replication_cap(requested, cfg, call_budget)
    T = cfg.profile.duration_s
    grid = np.linspace(0.0, T, _TIMELINE_POINTS)
    step = cfg.report_minutes * 60.0
    edges = np.arange(0.0, T, step)
    edges = np.append(edges, T)
    t_start = time.perf_counter()
    reps = []
    for r in range(run):
        reps.append(_replication(cfg, seed, r, grid, edges))
        if progress is not None:
            progress(r + 1, run)
    elapsed = time.perf_counter() - t_start

    scalar = ["offered", "service_level", "p_wait", "asa", "abandon_first", "abandon_line", "wait_mean",
              *[f"wait_p{p}" for p in PERCENTILES]]
    per = pd.DataFrame([{k: rep[k] for k in scalar} for rep in reps])
    mean, lo, hi, n = _ci(per.to_numpy(float))
    summary = pd.DataFrame({"mean": mean, "low": lo, "high": hi, "n": n}, index=pd.Index(scalar, name="figure"))
    # the t interval is symmetric; a share cannot leave [0, 1] nor a time go below 0
    summary[["low", "high"]] = summary[["low", "high"]].clip(lower=0.0)
    shares = [f for f in scalar if f in _SHARES]
    summary.loc[shares, ["low", "high"]] = summary.loc[shares, ["low", "high"]].clip(upper=1.0)

    rows = []
    for k, st in enumerate(cfg.stations):
        u = np.array([rep["_stations"][k]["utilisation"] for rep in reps])
        lq = np.array([rep["_stations"][k]["lq"] for rep in reps])
        um, ul, uh, _ = _ci(u)
        qm, ql, qh, _ = _ci(lq)
        rows.append({"station": st.name, "agents": st.agents, "utilisation": float(um),
                     "utilisation_low": float(_clip01(ul)), "utilisation_high": float(_clip01(uh)),
                     "lq": float(qm), "lq_low": float(max(ql, 0.0)), "lq_high": float(qh)})
        per[f"utilisation_{k}"] = u
        per[f"lq_{k}"] = lq
    stations_df = pd.DataFrame(rows)

    cnt = np.array([rep["_intervals"][0] for rep in reps])
    sl = np.array([rep["_intervals"][1] for rep in reps])
    ab = np.array([rep["_intervals"][2] for rep in reps])
    sm, sl_lo, sl_hi, _ = _ci(sl)
    am, ab_lo, ab_hi, _ = _ci(ab)
    starts = edges[:-1]
    intervals = pd.DataFrame({
        "start_s": starts, "clock": [_clock(cfg.profile.clock_start_min, s) for s in starts],
        "clock_min": cfg.profile.clock_start_min + starts / 60.0,
        "offered": cnt.mean(axis=0), "service_level": sm, "service_level_low": _clip01(sl_lo),
        "service_level_high": _clip01(sl_hi), "abandon": am, "abandon_low": _clip01(ab_lo),
        "abandon_high": _clip01(ab_hi),
    })

    frames = []
    for k, st in enumerate(cfg.stations):
        q = np.array([rep["_stations"][k]["queue"] for rep in reps])
        busy = np.array([rep["_stations"][k]["busy"] for rep in reps])
        frames.append(pd.DataFrame({
            "time_s": grid, "clock": [_clock(cfg.profile.clock_start_min, g) for g in grid],
            "clock_min": cfg.profile.clock_start_min + grid / 60.0, "station": st.name,
            "queue": q.mean(axis=0), "queue_p10": np.percentile(q, 10, axis=0),
            "queue_p90": np.percentile(q, 90, axis=0), "busy": busy.mean(axis=0), "agents": st.agents,
        }))
    timeline = pd.concat(frames, ignore_index=True)

    waits = np.concatenate([rep["_waits"] for rep in reps])  # replication_cap gives at least one
    histogram = _histogram(waits)
    visits = int(sum(rep["_calls"] for rep in reps))
    return SimulationResult(cfg, seed, requested, run, run < requested, elapsed, visits, summary, stations_df,
                            intervals, timeline, histogram, per)


def _histogram(waits: np.ndarray, bins: int = 40) -> pd.DataFrame:
    """Shares of the waits in equal bins from 0 to their 99.5th percentile (the last bin holds
    everything above it). The calls that did not wait at all are the first bin's [0, 0] bar."""
    if waits.size == 0:
        return pd.DataFrame({"left": [], "right": [], "share": []})
    zero = float(np.mean(waits <= 0.0))
    positive = waits[waits > 0.0]
    rows = [{"left": 0.0, "right": 0.0, "share": zero}]
    if positive.size:
        top = float(np.percentile(positive, 99.5))
        top = top if top > 0 else float(positive.max())
        edges = np.linspace(0.0, top, bins + 1)
        counts, _ = np.histogram(np.minimum(positive, top), bins=edges)
        rows += [{"left": float(a), "right": float(b), "share": c / waits.size}
                 for a, b, c in zip(edges[:-1], edges[1:], counts)]
    return pd.DataFrame(rows)
