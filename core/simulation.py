"""Discrete-event simulation of the call-centre process: what the Erlang averages cannot show.

Model (units as in core.queueing: rates in calls per HOUR, durations in SECONDS):

* Calls arrive as a Poisson process whose rate is constant inside each interval of an arrival
  profile (piecewise-constant rate: a non-homogeneous Poisson process). In each interval the
  number of calls is Poisson(rate * length / 3600) and their times are uniform: that is exactly
  a Poisson process of that rate on the interval.
* A line of one or more stations in series (thesis 003: Front -> Coordination -> Follow-up; the
  proposal merges the first two). Each station has ``agents`` identical agents serving first
  come, first served. A call visits the first station; a call finished at station k goes on to
  station k+1 with probability share(k+1) / share(k) (``share`` = fraction of the line's calls
  that visit the station, as in core.queueing.tandem).
* Handle times are exponential (the Erlang assumption) or lognormal with the same mean and a
  chosen coefficient of variation (cv = sd / mean; real handle times are closer to lognormal:
  Brown et al. 2005, JASA 100: 36-50).
* Each caller has an exponential patience (mean ``patience`` s) at each station where
  ``patience`` is set: a caller still waiting when it runs out hangs up (abandons the line).

Algorithm. With FCFS service and a patience known only to the caller, the time at which a call
would start service depends only on the calls before it, so each station is one pass over its
calls in arrival order, keeping the agents' next-free times in a heap (the Kiefer-Wolfowitz
workload recursion, Kiefer & Wolfowitz 1955, Ann. Math. Stat. 26: 1-22, with abandonment as in
Mandelbaum & Zeltyn's "offered wait" V: the call abandons iff V > its patience; Garnett,
Mandelbaum & Reiman 2002). O(n log s) per station and replication, no event list; arrivals,
handle times and patience are drawn with numpy in bulk. This is exact for the model, not an
approximation. Speed (benchmarks/simulation.py, one core of the reference machine): an 8-hour
shift of 10,000 calls takes about 20 ms for one replication with every statistic, 0.18 s for
30 replications; SimPy 4.1.2 needs about 240 ms for the queue alone on the same draws (12x
slower than a whole replication here, 70x slower than the queue pass) and gives the same waits
to the microsecond.

Statistics (replication/deletion method, Law & Kelton, *Simulation Modeling and Analysis*,
5th ed., sec. 9.4): each replication starts empty ``warmup_s`` seconds before the shift (at
the first interval's rate) and the calls of the warm-up are not counted; every figure is
computed per replication and reported as the mean over the R replications with the 95 %
Student-t interval mean +/- t(0.975, R-1) sd / sqrt(R). Replication r draws from
numpy.random.default_rng([seed, r, stream]), separate streams for arrivals and for each
station, so a run is reproducible from its seed, extra replications never change the earlier
ones, and two processes run with the same seed see the same calls (common random numbers).

Definitions of the figures (calls counted by the time they ENTER the line, within the shift):
service_level = calls answered at the first station within target_time / calls offered
(abandoned calls count as failures: Erlang A's "abandoned_fail"); p_wait = share of calls that
found every first-station agent busy; asa = mean wait of the calls answered at the first
station; abandon_first / abandon_line = share of offered calls that hung up at the first
station / anywhere; wait_* = total time in queue over the stations of the calls that completed
the line (for one station: the wait of the answered calls, zeros included) and its 50th, 80th,
95th percentiles; utilisation = busy agent-time in the shift / (agents * shift length);
lq = time-average number of calls waiting at the station during the shift.
"""
from __future__ import annotations

import heapq
import math
import numbers
import time
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats

from core import queueing

__all__ = [
    "SimulationInputError",
    "Station",
    "ArrivalProfile",
    "SimulationConfig",
    "SimulationResult",
    "SERVICE_DISTRIBUTIONS",
    "DEFAULT_CALL_BUDGET",
    "parse_seed",
    "constant_profile",
    "shift_profile",
    "expected_calls",
    "replication_cap",
    "simulate",
    "erlang_c_wait_quantile",
    "erlang_reference",
]

SERVICE_DISTRIBUTIONS = ("exponential", "lognormal")
#: Station visits simulated in one run at most (all replications together). At the measured
#: speed (benchmarks/simulation.py: a 10,000-call shift takes about 6-18 ms per replication, some
#: 1-2 million station visits per second on one core of the reference machine) this keeps one run
#: under about 5 seconds; more replications than that are capped, and the page says so.
DEFAULT_CALL_BUDGET = 6_000_000
PERCENTILES = (50, 80, 95)
_TIMELINE_POINTS = 241


class SimulationInputError(ValueError):
    """An input the simulation cannot use. ``field`` names it, ``reason`` is a short code a page
    translates: not_a_number, not_positive, negative, not_integer, out_of_range, gaps, no_calls,
    shares_increase, unknown_distribution. ``value`` is the offending value (for ``gaps``: the
    list of missing interval start times "HH:MM")."""

    def __init__(self, field: str, reason: str, value=None):
        self.field = field
        self.reason = reason
        self.value = value
        super().__init__(f"{field}={value!r}: {reason.replace('_', ' ')}")


def _real(name: str, x, *, allow_zero: bool = False) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise SimulationInputError(name, "not_a_number", x)
    x = float(x)
    if not math.isfinite(x):
        raise SimulationInputError(name, "not_a_number", x)
    if x < 0 or (x == 0 and not allow_zero):
        raise SimulationInputError(name, "not_positive" if not allow_zero else "negative", x)
    return x


def _int(name: str, x, minimum: int = 1) -> int:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise SimulationInputError(name, "not_a_number", x)
    if not math.isfinite(float(x)) or float(x) != math.floor(float(x)):
        raise SimulationInputError(name, "not_integer", x)
    if int(x) < minimum:
        raise SimulationInputError(name, "not_positive", x)
    return int(x)


def parse_seed(text) -> int:
    """The random seed typed by a user: a whole number 0 <= seed < 2**63, else
    SimulationInputError("seed", "not_integer"). Spaces and thousands separators are not allowed
    on purpose: "1.000" could mean one or a thousand."""
    if isinstance(text, bool):
        raise SimulationInputError("seed", "not_integer", text)
    if isinstance(text, numbers.Integral):
        value = int(text)
    else:
        s = str(text).strip()
        if not s or not s.isdigit():
            raise SimulationInputError("seed", "not_integer", text)
        value = int(s)
    if not 0 <= value < 2 ** 63:
        raise SimulationInputError("seed", "not_integer", text)
    return value


# --------------------------------------------------------------------------------------------
# inputs


@dataclass(frozen=True)
class Station:
    """One station of the line: ``agents`` agents, mean handle time ``aht`` (s), ``share`` of the
    line's calls that visit it (1 = every call; non-increasing along the line), mean
    ``patience`` (s) of the callers waiting there, or None (nobody hangs up there)."""

    name: str
    agents: int
    aht: float
    share: float = 1.0
    patience: float | None = None


@dataclass(frozen=True)
class ArrivalProfile:
    """Piecewise-constant arrival rate over the shift: interval i starts ``starts_s[i]`` seconds
    after the start of the shift, lasts ``lengths_s[i]`` seconds, with ``rates[i]`` calls per
    hour. ``clock_start_min``: the shift's start as minutes after midnight (for labels only)."""

    starts_s: tuple[float, ...]
    lengths_s: tuple[float, ...]
    rates: tuple[float, ...]
    clock_start_min: int = 0

    @property
    def duration_s(self) -> float:
        return float(self.starts_s[-1] + self.lengths_s[-1]) if self.starts_s else 0.0

    @property
    def stationary(self) -> bool:
        return len(set(self.rates)) == 1


def check_profile(profile: ArrivalProfile) -> None:
    """Raise SimulationInputError unless the profile starts at 0, has no gaps or overlaps
    (each interval starts where the last ended), positive lengths and finite rates >= 0, and
    expects at least one call."""
    n = len(profile.rates)
    if n == 0 or len(profile.starts_s) != n or len(profile.lengths_s) != n:
        raise SimulationInputError("profile", "no_calls", n)
    end = 0.0
    gaps = []
    for i, (s, length, rate) in enumerate(zip(profile.starts_s, profile.lengths_s, profile.rates)):
        length = _real("interval_length", length)
        rate = float(rate) if isinstance(rate, numbers.Real) and not isinstance(rate, bool) else math.nan
        if not math.isfinite(rate):
            gaps.append(_clock(profile.clock_start_min, s))
        elif rate < 0:
            raise SimulationInputError("arrival_rate", "negative", rate)
        if abs(float(s) - end) > 1e-6:
            gaps.append(_clock(profile.clock_start_min, end))
        end = float(s) + length
    if gaps:
        raise SimulationInputError("profile", "gaps", gaps)
    if sum(r * length for r, length in zip(profile.rates, profile.lengths_s)) <= 0:
        raise SimulationInputError("profile", "no_calls", 0)


def _clock(start_min: int, offset_s: float) -> str:
    m = int(round(start_min + offset_s / 60.0)) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def constant_profile(rate: float, hours: float, interval_minutes: int = 15, clock_start_min: int = 0) -> ArrivalProfile:
    """A stationary profile: ``rate`` calls/h for ``hours`` hours, cut into reporting intervals."""
    r = _real("arrival_rate", rate)
    h = _real("hours", hours)
    step = 60.0 * _int("interval_minutes", interval_minutes)
    n = max(1, int(math.ceil(h * 3600.0 / step - 1e-9)))
    starts = tuple(i * step for i in range(n))
    lengths = tuple(min(step, h * 3600.0 - s) for s in starts)
    return ArrivalProfile(starts, lengths, tuple([r] * n), int(clock_start_min))


def shift_profile(profile: pd.DataFrame, start: str = "06:00", hours: float = 8.0, weekday: int | None = None) -> ArrivalProfile:
    """The arrival profile of one shift from core.traffic.interval_profile output.

    profile: columns weekday, time ("HH:MM"), arrival_rate (calls/h), attrs["minutes"]; start:
    the shift's clock start; hours: its length (a shift may cross midnight); weekday: 0 = Monday,
    or None for the mean over the weekdays in the data. Raises SimulationInputError("profile",
    "gaps", [missing "HH:MM"]) when an interval of the shift has no data.
    """
    minutes = int(profile.attrs.get("minutes", 0) or 0)
    if minutes <= 0:
        raise SimulationInputError("profile", "gaps", [])
    h = _real("hours", hours)
    try:
        hh, mm = (int(x) for x in str(start).split(":"))
    except ValueError:
        raise SimulationInputError("shift_start", "out_of_range", start) from None
    start_min = hh * 60 + mm
    d = profile if weekday is None else profile[profile["weekday"] == weekday]
    rates = d.groupby("time")["arrival_rate"].mean()
    n = int(math.ceil(h * 60.0 / minutes - 1e-9))
    times = [_clock(start_min, i * minutes * 60.0) for i in range(n)]
    missing = [x for x in times if x not in rates.index or not np.isfinite(rates.get(x, np.nan))]
    if missing:
        raise SimulationInputError("profile", "gaps", missing)
    step = minutes * 60.0
    starts = tuple(i * step for i in range(n))
    lengths = tuple(min(step, h * 3600.0 - s) for s in starts)
    return ArrivalProfile(starts, lengths, tuple(float(rates[x]) for x in times), start_min)


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate: the stations in series, the arrival profile, the handle-time
    distribution ("exponential" or "lognormal" with coefficient of variation ``cv``), the
    service-level threshold ``target_time`` (s), the warm-up before the shift (s, not counted)
    and the length of the reporting intervals (minutes)."""

    stations: tuple[Station, ...]
    profile: ArrivalProfile
    service: str = "exponential"
    cv: float = 1.0
    target_time: float = 20.0
    warmup_s: float = 1800.0
    report_minutes: int = 15


def check_config(cfg: SimulationConfig) -> None:
    """Raise SimulationInputError for anything the simulation cannot use (see the class docs)."""
    if not cfg.stations:
        raise SimulationInputError("stations", "no_calls", 0)
    previous = 1.0
    for st in cfg.stations:
        _int("agents", st.agents)
        _real("aht", st.aht)
        share = _real("share", st.share)
        if share > 1.0:
            raise SimulationInputError("share", "out_of_range", share)
        if share > previous + 1e-12:
            raise SimulationInputError("share", "shares_increase", share)
        previous = share
        if st.patience is not None:
            _real("patience", st.patience)
    if cfg.service not in SERVICE_DISTRIBUTIONS:
        raise SimulationInputError("service", "unknown_distribution", cfg.service)
    if cfg.service == "lognormal":
        _real("cv", cfg.cv)
    _real("target_time", cfg.target_time, allow_zero=True)
    _real("warmup", cfg.warmup_s, allow_zero=True)
    _int("report_minutes", cfg.report_minutes)
    check_profile(cfg.profile)


def expected_calls(cfg: SimulationConfig) -> float:
    """Expected station visits of one replication (warm-up included): the budget's unit."""
    p = cfg.profile
    calls = sum(r * length for r, length in zip(p.rates, p.lengths_s)) / 3600.0
    calls += p.rates[0] * cfg.warmup_s / 3600.0
    return calls * sum(st.share for st in cfg.stations)


def replication_cap(requested: int, cfg: SimulationConfig, call_budget: int = DEFAULT_CALL_BUDGET) -> int:
    """How many of the ``requested`` replications fit in the call budget (at least 1)."""
    per = max(expected_calls(cfg), 1.0)
    return max(1, min(int(requested), int(call_budget // per)))


# --------------------------------------------------------------------------------------------
# one replication


def _arrivals(profile: ArrivalProfile, warmup: float, rng: np.random.Generator) -> np.ndarray:
    starts = np.asarray(profile.starts_s, float)
    lengths = np.asarray(profile.lengths_s, float)
    rates = np.asarray(profile.rates, float)
    if warmup > 0:
        starts = np.concatenate([[-warmup], starts])
        lengths = np.concatenate([[warmup], lengths])
        rates = np.concatenate([[rates[0]], rates])
    counts = rng.poisson(rates * lengths / 3600.0)
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
    out = [0.0] * n
    served = [True] * n
    replace = heapq.heapreplace
    if patience is None:
        for i in range(n):
            a = arrive[i]
            f = free[0]
            s = a if f <= a else f
            out[i] = s
            replace(free, s + handle[i])
    else:
        for i in range(n):
            a = arrive[i]
            f = free[0]
            if f <= a:
                out[i] = a
                replace(free, a + handle[i])
            elif f - a > patience[i]:
                out[i] = a + patience[i]
                served[i] = False
            else:
                out[i] = f
                replace(free, f + handle[i])
    return np.asarray(out), np.asarray(served, dtype=bool)


def _overlap(start: np.ndarray, end: np.ndarray, lo: float, hi: float) -> float:
    """Total length of [start_i, end_i] inside [lo, hi]."""
    return float(np.clip(np.minimum(end, hi) - np.maximum(start, lo), 0.0, None).sum())


def _count_at(grid: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Number of intervals [start_i, end_i) covering each grid time."""
    return (np.searchsorted(np.sort(start), grid, side="right")
            - np.searchsorted(np.sort(end), grid, side="right")).astype(float)


def _replication(cfg: SimulationConfig, seed: int, r: int, grid: np.ndarray, edges: np.ndarray) -> dict:
    T = cfg.profile.duration_s
    w0 = cfg.warmup_s
    arr = _arrivals(cfg.profile, w0, np.random.default_rng([seed, r, 0]))
    n = arr.size
    total_wait = np.zeros(n)
    alive = np.ones(n, dtype=bool)      # not (yet) abandoned
    done = np.ones(n, dtype=bool)       # completed every station it visited
    ids = np.arange(n)
    t_in = arr
    per_station = []
    first = None
    for k, st in enumerate(cfg.stations):
        rng = np.random.default_rng([seed, r, k + 1])
        if k > 0:
            prev = cfg.stations[k - 1].share
            go_on = rng.random(ids.size) < (st.share / prev)
            ids, t_in = ids[go_on], t_in[go_on]
            order = np.argsort(t_in, kind="stable")
            ids, t_in = ids[order], t_in[order]
        m = ids.size
        handle = _handle_times(m, st.aht, cfg.service, cfg.cv, rng)
        pat = None if st.patience is None else rng.exponential(st.patience, m)
        q_exit, served = _station_pass(t_in.tolist(), handle.tolist(), None if pat is None else pat.tolist(),
                                       int(st.agents), -w0)
        wait = q_exit - t_in
        total_wait[ids] += wait
        alive[ids[~served]] = False
        done[ids[~served]] = False
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
    comp_wait = total_wait[inside & done]
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
    cnt = np.bincount(b, minlength=nb).astype(float)
    sl_hits = np.bincount(b, weights=answered_in_t.astype(float), minlength=nb)
    ab_hits = np.bincount(b, weights=(~alive[inside]).astype(float), minlength=nb)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["_intervals"] = (cnt, sl_hits / cnt, ab_hits / cnt)
    out["_stations"] = per_station
    out["_waits"] = comp_wait
    out["_calls"] = n
    return out


# --------------------------------------------------------------------------------------------
# many replications


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
    v = np.asarray(values, dtype=float)
    n = np.sum(np.isfinite(v), axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nanmean(v, axis=axis)
            sd = np.nanstd(v, axis=axis, ddof=1)
        q = stats.t.ppf(0.5 + confidence / 2.0, np.maximum(n - 1, 1))
        half = np.where(n >= 2, q * sd / np.sqrt(np.maximum(n, 1)), np.nan)
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

    waits = np.concatenate([rep["_waits"] for rep in reps]) if reps else np.zeros(0)
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


# --------------------------------------------------------------------------------------------
# the steady-state reference


def erlang_c_wait_quantile(res: queueing.ErlangCResult, q: float) -> float:
    """q-quantile of the wait of all calls under Erlang C (s): P(W > t) = C exp(-(s - A) t / AHT),
    so t_q = AHT / (s - A) ln(C / (1 - q)) when C > 1 - q, else 0 (Gross et al., sec. 2.3)."""
    if res.p_wait <= 1.0 - q:
        return 0.0
    return res.aht / (res.agents - res.traffic) * math.log(res.p_wait / (1.0 - q))


def erlang_reference(cfg: SimulationConfig) -> pd.DataFrame | None:
    """Steady-state values of the summary figures for a stationary one-station case (constant
    rate): Erlang C without patience, Erlang A with it (exponential handle times only).
    Columns: erlang (value), model ("C" or "A"). None when the case is not stationary, has
    several stations, lognormal handle times, or Erlang C is unstable."""
    if len(cfg.stations) != 1 or not cfg.profile.stationary or cfg.service != "exponential":
        return None
    st = cfg.stations[0]
    rate = cfg.profile.rates[0]
    if rate <= 0:
        return None
    if st.patience is None:
        try:
            c = queueing.erlang_c(rate, st.aht, st.agents, cfg.target_time)
        except queueing.UnstableQueueError:
            return None
        values = {"service_level": c.service_level, "p_wait": c.p_wait, "asa": c.asa, "abandon_first": 0.0,
                  "wait_mean": c.wq, "utilisation": c.occupancy, "lq": c.lq}
        values.update({f"wait_p{p}": erlang_c_wait_quantile(c, p / 100.0) for p in PERCENTILES})
        model = "C"
    else:
        a = queueing.erlang_a(rate, st.aht, st.agents, st.patience, cfg.target_time)
        values = {"service_level": a.service_level, "p_wait": a.p_wait, "asa": a.asa, "abandon_first": a.p_abandon,
                  "wait_mean": a.asa, "utilisation": a.occupancy, "lq": a.lq}
        model = "A"
    return pd.DataFrame({"erlang": pd.Series(values), "model": model})
