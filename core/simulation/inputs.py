"""Inputs of the call-centre simulation: stations, arrival profiles, configuration and their checks.

Units as in core.queueing: rates in calls per HOUR, durations in SECONDS.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.checks import real_or_reason
from core.queueing import SECONDS_PER_HOUR

SERVICE_DISTRIBUTIONS = ("exponential", "lognormal")
#: Station visits simulated in one run at most (all replications together). At the measured
#: speed (benchmarks/simulation.py: a 10,000-call shift takes about 6-18 ms per replication, some
#: 1-2 million station visits per second on one core of the reference machine) this keeps one run
#: under about 5 seconds; more replications than that are capped, and the page says so.
DEFAULT_CALL_BUDGET = 6_000_000


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
    value, reason = real_or_reason(x, positive=True, allow_zero=allow_zero)
    if reason:
        raise SimulationInputError(name, reason, x)
    return value


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
    if not any(r > 0 for r in profile.rates):  # rates are finite and >= 0 here, lengths > 0
        raise SimulationInputError("profile", "no_calls", 0)


def _clock(start_min: int, offset_s: float) -> str:
    m = int(round(start_min + offset_s / 60.0)) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def constant_profile(rate: float, hours: float, interval_minutes: int = 15, clock_start_min: int = 0) -> ArrivalProfile:
    """A stationary profile: ``rate`` calls/h for ``hours`` hours, cut into reporting intervals."""
    r = _real("arrival_rate", rate)
    h = _real("hours", hours)
    step = 60.0 * _int("interval_minutes", interval_minutes)
    n = max(1, int(math.ceil(h * SECONDS_PER_HOUR / step - 1e-9)))
    starts = tuple(i * step for i in range(n))
    lengths = tuple(min(step, h * SECONDS_PER_HOUR - s) for s in starts)
    return ArrivalProfile(starts, lengths, tuple([r] * n), int(clock_start_min))


def shift_profile(profile: pd.DataFrame, start: str = "06:00", hours: float = 8.0, weekday: int | None = None) -> ArrivalProfile:
    """The arrival profile of one shift from core.traffic.interval_profile output.

    profile: columns weekday, time ("HH:MM"), arrival_rate (calls/h), attrs["minutes"]; start:
    the shift's clock start; hours: its length (a shift may cross midnight); weekday: 0 = Monday,
    or None for the mean over the weekdays in the data. Raises SimulationInputError("profile",
    "gaps", [missing "HH:MM"]) when an interval of the shift has no data.
    """
    minutes = int(profile.attrs.get("minutes") or 0)  # absent or None: no interval length
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
    lengths = tuple(min(step, h * SECONDS_PER_HOUR - s) for s in starts)
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
    calls = sum(r * length for r, length in zip(p.rates, p.lengths_s)) / SECONDS_PER_HOUR
    calls += p.rates[0] * cfg.warmup_s / SECONDS_PER_HOUR
    return calls * sum(st.share for st in cfg.stations)


def replication_cap(requested: int, cfg: SimulationConfig, call_budget: int = DEFAULT_CALL_BUDGET) -> int:
    """How many of the ``requested`` replications fit in the call budget (at least 1)."""
    per = max(expected_calls(cfg), 1.0)
    # true division, then truncation: ``//`` floors the quotient of the rounded ``per`` exactly, and gives 2
    # for 350 / (116 2/3 stored as 116.66666666666667) where 3 replications fit exactly
    return max(1, min(int(requested), int(call_budget / per)))
