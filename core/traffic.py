"""Call traffic for staffing: interval profiles by weekday x time of day, CDR aggregation,
callers' patience.

Units: counts per interval, AHT and waits in seconds, arrival rates in calls per hour (as in
core.queueing). Weekday 0 = Monday ... 6 = Sunday; time of day as "HH:MM" of the interval start.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from core import queueing

__all__ = [
    "TrafficDataError",
    "check_traffic",
    "interval_minutes",
    "IntervalCheck",
    "check_intervals",
    "weighted_aht",
    "offered_erlangs",
    "interval_profile",
    "week_requirements",
    "aggregate_cdr",
    "cdr_partials",
    "interval_table",
    "sum_partials",
    "patience_from_totals",
    "PatienceEstimate",
    "estimate_patience",
]

_TRAFFIC_COLUMNS = ("interval_start", "offered")
SECONDS_PER_HOUR = getattr(queueing, "SECONDS_PER_HOUR", 3600.0)


class TrafficDataError(ValueError):
    """Traffic data that cannot be used. ``problems`` is a list of (code, row positions)."""

    def __init__(self, problems: list[tuple[str, list[int]]]):
        self.problems = problems
        text = "; ".join(f"{code} (rows {', '.join(str(r + 1) for r in rows[:5])}"
                         f"{'...' if len(rows) > 5 else ''})" if rows else code
                         for code, rows in problems)
        super().__init__(f"traffic data: {text}")


def check_traffic(df: pd.DataFrame) -> None:
    """Raise TrafficDataError unless ``df`` is usable interval traffic.

    Checks: columns interval_start and offered exist; counts are finite and >= 0;
    answered <= offered, abandoned <= offered, answered + abandoned <= offered; aht_s > 0
    where calls were answered. Row numbers in the message are 1-based data rows.
    """
    missing = [c for c in _TRAFFIC_COLUMNS if c not in df.columns]
    if missing:
        raise TrafficDataError([(f"missing_column:{c}", []) for c in missing])
    if len(df) == 0:
        raise TrafficDataError([("empty", [])])
    problems: list[tuple[str, list[int]]] = []

    def rows(mask) -> list[int]:
        return list(np.flatnonzero(mask))

    ts = pd.to_datetime(df["interval_start"], errors="coerce")
    if ts.isna().any():
        problems.append(("interval_start_invalid", rows(ts.isna())))
    counts = {}
    for col in ("offered", "answered", "abandoned"):
        if col in df.columns:
            v = pd.to_numeric(df[col], errors="coerce").astype(float)
            counts[col] = v
            bad = ~np.isfinite(v) | (v < 0)
            if bad.any():
                problems.append((f"{col}_invalid", rows(bad)))
    off = counts["offered"]
    if "answered" in counts:
        m = counts["answered"] > off
        if m.any():
            problems.append(("answered_gt_offered", rows(m)))
    if "abandoned" in counts:
        m = counts["abandoned"] > off
        if m.any():
            problems.append(("abandoned_gt_offered", rows(m)))
    if "answered" in counts and "abandoned" in counts:
        m = (counts["answered"] + counts["abandoned"]) > off
        if m.any() and not any(p[0] in ("answered_gt_offered", "abandoned_gt_offered") for p in problems):
            problems.append(("answered_plus_abandoned_gt_offered", rows(m)))
    if "aht_s" in df.columns:
        aht = pd.to_numeric(df["aht_s"], errors="coerce").astype(float)
        ans = counts.get("answered", off)
        bad = (ans > 0) & (~np.isfinite(aht) | (aht <= 0))
        if bad.any():
            problems.append(("aht_invalid", rows(bad)))
    if problems:
        raise TrafficDataError(problems)


def _gaps_minutes(starts: pd.Series) -> pd.Series:
    ts = pd.Series(pd.to_datetime(starts).sort_values().unique())
    return ts.diff().dropna().dt.total_seconds() / 60.0   # distinct sorted starts: every gap > 0


def interval_minutes(starts: pd.Series) -> int:
    """Interval length in minutes: the most common gap between consecutive distinct starts (the
    mode, not the smallest gap: a stray 08:07 row does not make a file of 30-minute intervals
    7-minute ones; ties go to the shorter gap). A day must hold a whole number of intervals."""
    gaps = _gaps_minutes(starts)
    if len(gaps) == 0:
        raise TrafficDataError([("interval_length_unknown", [])])
    minutes = int(round(gaps.mode().iloc[0]))
    if minutes <= 0 or 1440 % minutes:
        raise TrafficDataError([("interval_length_unknown", [])])
    return minutes


@dataclass(frozen=True)
class IntervalCheck:
    """What the interval starts say about the file: ``minutes`` (most common gap), ``one_per_day``
    (one row per day: the file has dates but no time of day), ``irregular`` (number of gaps that
    are not a whole number of intervals, e.g. 08:00, 08:30, 08:45) and ``gaps`` (all gaps)."""

    minutes: int
    one_per_day: bool
    irregular: int
    gaps: int


def check_intervals(starts: pd.Series) -> IntervalCheck:
    """The interval length and its warnings (see IntervalCheck). Gaps that are whole multiples of
    the interval (a closed night, a missing interval) are regular."""
    minutes = interval_minutes(starts)
    gaps = _gaps_minutes(starts).to_numpy(float)
    ratio = gaps / minutes
    irregular = int(np.sum(np.abs(ratio - np.round(ratio)) > 1e-6))
    one_per_day = minutes >= 1440 or _minute_of_day(pd.Series(starts)).nunique() == 1
    return IntervalCheck(minutes, bool(one_per_day), irregular, int(gaps.size))


def _minute_of_day(starts: pd.Series) -> pd.Series:
    """Minutes since midnight of each start (seconds ignored, as "%H:%M" ignores them)."""
    ts = pd.to_datetime(starts)
    return ts.dt.hour * 60 + ts.dt.minute


def clock_texts(minutes: pd.Series) -> pd.Series:
    """Minutes since midnight -> "HH:MM", each distinct value formatted once (strftime on every row of a
    year of 15-minute traffic costs ~40 ms a call)."""
    codes, uniques = pd.factorize(minutes)
    texts = np.array([f"{int(m) // 60:02d}:{int(m) % 60:02d}" for m in uniques] + [None], dtype=object)
    return pd.Series(texts[codes], index=minutes.index, dtype=object)


def weighted_aht(df: pd.DataFrame) -> float | None:
    """Mean handling time (s) of a traffic table, weighted by calls: sum(aht_s * n) / sum(n) over
    the intervals that HAVE an AHT, n = answered calls (offered when there is no answered column).
    Intervals without an AHT (blank) count neither above nor below the line. None when the table has
    no aht_s column or no interval with both an AHT and calls."""
    if "aht_s" not in df.columns:
        return None
    aht = pd.to_numeric(df["aht_s"], errors="coerce").astype(float)
    n = pd.to_numeric(df["answered"] if "answered" in df.columns else df["offered"], errors="coerce")
    n = n.astype(float).fillna(0.0)
    has = aht.notna() & (n > 0)
    total = float(n[has].sum())
    if total <= 0:
        return None
    return float((aht[has] * n[has]).sum() / total)


def offered_erlangs(arrival_rate, aht):
    """Offered traffic A in Erlangs: calls per hour x handling time in seconds / 3600 s per hour
    (scalars or arrays), e.g. 120 calls/h x 300 s = 36,000 call-seconds per hour = 10 Erlangs."""
    return np.asarray(arrival_rate, dtype=float) * np.asarray(aht, dtype=float) / SECONDS_PER_HOUR


def interval_profile(df: pd.DataFrame, minutes: int | None = None, default_aht: float | None = None) -> pd.DataFrame:
    """Arrival profile by weekday x time of day from several weeks of interval traffic.

    One row per (weekday, time) slot of the week that appears in the data, columns:
    weekday (0 = Mon), time ("HH:MM"), n (number of dates averaged), offered_mean,
    offered_sd, arrival_rate (calls per hour = offered_mean * 60 / minutes), aht_s
    (answered-weighted mean AHT of the slot; where a slot has no answered call, the overall
    weighted AHT), abandon_rate (abandoned / offered of the slot, NaN without the column).
    Rows with several queues for the same interval are summed first.
    """
    check_traffic(df)
    d = df.copy()
    d["interval_start"] = pd.to_datetime(d["interval_start"])
    if minutes is None:
        minutes = interval_minutes(d["interval_start"])
    num = ["offered"] + [c for c in ("answered", "abandoned") if c in d.columns]
    for col in num:                 # counts as check_traffic read them (text or objects: numbers)
        d[col] = pd.to_numeric(d[col], errors="coerce").astype(float)
    if "aht_s" in d.columns:
        w = d["answered"] if "answered" in d.columns else d["offered"]
        d["_aht_x_n"] = pd.to_numeric(d["aht_s"], errors="coerce").fillna(0.0) * w
        d["_aht_n"] = np.where(pd.to_numeric(d["aht_s"], errors="coerce").notna(), w, 0)
        num += ["_aht_x_n", "_aht_n"]
    per = d.groupby("interval_start", as_index=False)[num].sum()
    per["weekday"] = per["interval_start"].dt.day_of_week
    per["minute"] = _minute_of_day(per["interval_start"])   # grouped as a number, shown as "HH:MM"
    g = per.groupby(["weekday", "minute"])
    prof = pd.DataFrame({
        "n": g["offered"].size(),
        "offered_mean": g["offered"].mean(),
        "offered_sd": g["offered"].std(ddof=1),
    })
    prof["arrival_rate"] = prof["offered_mean"] * 60.0 / minutes
    if "_aht_x_n" in per.columns:
        tot_n = per["_aht_n"].sum()
        overall = per["_aht_x_n"].sum() / tot_n if tot_n > 0 else default_aht
        sx, sn = g["_aht_x_n"].sum(), g["_aht_n"].sum()
        prof["aht_s"] = np.where(sn > 0, sx / sn, overall if overall is not None else np.nan)  # 0/0: NaN, unused
    else:
        prof["aht_s"] = default_aht if default_aht is not None else np.nan
    if "abandoned" in per.columns:
        so, sa = g["offered"].sum(), g["abandoned"].sum()
        prof["abandon_rate"] = np.where(so > 0, sa / so, np.nan)
    else:
        prof["abandon_rate"] = np.nan
    prof = prof.reset_index()
    prof.insert(1, "time", clock_texts(prof.pop("minute")).astype("str"))
    prof.attrs["minutes"] = minutes
    return prof


def week_requirements(profile: pd.DataFrame, target_sl=0.8, target_time=20.0, max_occupancy=None,
                      target_asa=None, shrinkage=0.0) -> pd.DataFrame:
    """Required agents for every slot of the profile, in one vectorised Erlang C call.

    Adds columns traffic (Erlangs), agents (on the phones, core.queueing.required_agents_many)
    and scheduled (after shrinkage). Slots without calls need 0 agents. AHT must be known
    (aht_s column, or default_aht given to interval_profile).
    """
    rates = profile["arrival_rate"].to_numpy(float)
    ahts = profile["aht_s"].to_numpy(float)
    if np.isnan(ahts[rates > 0]).any():
        raise TrafficDataError([("aht_unknown", list(np.flatnonzero(np.isnan(ahts) & (rates > 0))))])
    ahts = np.where(rates > 0, ahts, 1.0)
    out = profile.copy()
    out["traffic"] = offered_erlangs(rates, ahts)
    out["agents"] = queueing.required_agents_many(rates, ahts, target_sl, target_time, max_occupancy, target_asa)
    out["scheduled"] = queueing.scheduled_agents(out["agents"].to_numpy(), shrinkage)
    return out


def aggregate_cdr(cdr: pd.DataFrame, minutes: int = 30) -> pd.DataFrame:
    """Call-detail records -> interval traffic (the columns of the ``traffic`` dataset).

    cdr columns: call_start (datetime), wait_s, talk_s (optional), abandoned (bool), queue
    (optional). Each call counts in the interval where it started. Output: interval_start,
    offered, answered, abandoned, aht_s (mean talk_s of answered calls; NaN without answered
    calls or without talk_s), mean_wait_s; empty intervals between the first and the last call
    are included with zero calls. The means are exact (cdr_partials): the same table whatever the
    order of the rows, and the same as core.intake.cdr_stream computes block by block.
    """
    _check_minutes(minutes)
    for col in ("call_start", "wait_s", "abandoned"):
        if col not in cdr.columns:
            raise TrafficDataError([(f"missing_column:{col}", [])])
    starts = pd.to_datetime(cdr["call_start"], errors="coerce")
    wait = pd.to_numeric(cdr["wait_s"], errors="coerce").astype(float).to_numpy()
    talk = (pd.to_numeric(cdr["talk_s"], errors="coerce").astype(float).to_numpy() if "talk_s" in cdr.columns
            else np.full(len(cdr), np.nan))
    bad = starts.isna().to_numpy() | ~np.isfinite(wait) | (wait < 0) | cdr["abandoned"].isna().to_numpy()
    if bad.any():
        raise TrafficDataError([("cdr_invalid", list(np.flatnonzero(bad)))])
    if len(cdr) == 0:
        raise TrafficDataError([("empty", [])])
    ns = starts.to_numpy().astype("datetime64[ns]").astype(np.int64)
    abandoned = cdr["abandoned"].astype(bool).to_numpy()       # no blank left: refused above
    out = interval_table(cdr_partials(ns, wait, talk, abandoned, minutes), minutes)
    unit = np.datetime_data(starts.dtype)[0]   # the resolution of the input's dates is kept
    out["interval_start"] = out["interval_start"].astype(f"datetime64[{unit}]")
    return out


def _check_minutes(minutes: int) -> None:
    if minutes <= 0 or 1440 % minutes:
        raise TrafficDataError([("interval_length_unknown", [])])


MICROSECONDS = 1_000_000  # durations are summed as whole microseconds (int64), exactly


def _micros(seconds: np.ndarray) -> np.ndarray:
    """Durations in seconds -> whole microseconds (int64); NaN -> 0 (callers count valid values apart)."""
    return np.rint(np.nan_to_num(seconds) * MICROSECONDS).astype(np.int64)


def cdr_partials(starts_ns: np.ndarray, wait_s: np.ndarray, talk_s: np.ndarray, abandoned: np.ndarray,
                 minutes: int) -> pd.DataFrame:
    """Per-interval totals of a block of valid calls, in integers so that blocks add up exactly.

    starts_ns: call starts in nanoseconds since 1970-01-01 (int64); wait_s, talk_s: seconds (talk NaN
    when unknown); abandoned: bool. Index ``slot`` = interval start // interval length; columns offered,
    answered, abandoned (calls), talk_us and talk_n (microseconds of talk and number of answered calls
    with a talk time), wait_us (microseconds of waiting, all calls), abandoned_wait_us (of abandoned
    calls). Sums of whole microseconds are exact: a mean does not depend on the order of the rows or
    on how a file is cut into blocks (a float sum does, in its last bits).
    """
    _check_minutes(minutes)
    answered = ~abandoned
    has_talk = answered & np.isfinite(talk_s)
    wait_us = _micros(wait_s)
    slot = np.floor_divide(starts_ns, minutes * 60 * 10**9)
    order = np.argsort(slot)       # any order within a slot: its sums are of integers
    slot = slot[order]
    first = np.flatnonzero(np.r_[True, slot[1:] != slot[:-1]]) if slot.size else np.zeros(0, dtype=np.int64)
    columns = {
        "offered": np.ones(slot.size, dtype=np.int64),
        "answered": answered.astype(np.int64),
        "abandoned": abandoned.astype(np.int64),
        "talk_us": np.where(has_talk, _micros(talk_s), 0),
        "talk_n": has_talk.astype(np.int64),
        "wait_us": wait_us,
        "abandoned_wait_us": np.where(abandoned, wait_us, 0),
    }
    sums = {name: np.add.reduceat(values[order], first) for name, values in columns.items()}
    return pd.DataFrame(sums, index=pd.Index(slot[first], name="slot"))


def _ratio(total_us: np.ndarray, count: np.ndarray) -> np.ndarray:
    """total microseconds / count, in seconds, correctly rounded (Python int division); NaN for count 0."""
    return np.array([t / (n * MICROSECONDS) if n else math.nan
                     for t, n in zip(total_us.tolist(), count.tolist())])


def sum_partials(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The cdr_partials of several blocks added slot by slot (exact: integers)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        raise TrafficDataError([("empty", [])])
    return parts[0] if len(parts) == 1 else pd.concat(parts).groupby(level=0).sum()


def interval_table(total: pd.DataFrame, minutes: int) -> pd.DataFrame:
    """The traffic table (columns of aggregate_cdr) from cdr_partials (of one block, or summed)."""
    if not len(total):
        raise TrafficDataError([("empty", [])])
    slots = np.arange(total.index.min(), total.index.max() + 1)
    total = total.reindex(slots, fill_value=0)
    step = np.int64(minutes * 60 * 10**9)
    out = pd.DataFrame({
        "interval_start": (slots * step).astype("datetime64[ns]"),
        "offered": total["offered"].to_numpy(),          # integer sums (cdr_partials)
        "answered": total["answered"].to_numpy(),
        "abandoned": total["abandoned"].to_numpy(),
        "aht_s": _ratio(total["talk_us"].to_numpy(), total["talk_n"].to_numpy()),
        "mean_wait_s": _ratio(total["wait_us"].to_numpy(), total["offered"].to_numpy()),
    })
    return out


@dataclass(frozen=True)
class PatienceEstimate:
    """Mean patience of callers (seconds) estimated from call-detail records.

    mean_patience: censoring-corrected estimate (exponential MLE, see estimate_patience);
    ci_low, ci_high: its exact 95% interval; naive_mean: mean wait of abandoned calls (biased
    low: the patient callers were answered before they could show their patience);
    n_calls, n_abandoned, total_wait_s; method: short code of the method.
    """

    mean_patience: float
    ci_low: float
    ci_high: float
    naive_mean: float
    n_calls: int
    n_abandoned: int
    total_wait_s: float
    method: str = "exponential_mle_right_censored"


def estimate_patience(cdr: pd.DataFrame, confidence: float = 0.95) -> PatienceEstimate:
    """Callers' mean patience from call-detail records, corrected for censoring.

    An abandoned call shows its patience (its wait); an answered call only shows that its
    patience exceeded its wait (right-censored). With exponential patience (the Erlang A
    assumption) the maximum-likelihood estimate of the mean is
        mean_patience = (sum of waits of ALL calls) / (number of abandoned calls),
    the same as theta = P(abandon) / E[wait] from Little's law for the queue
    (Mandelbaum & Zeltyn 2007; Brown et al. 2005, JASA 100:36-50, sec. 5). Calls answered
    without waiting add no time and no abandonment. Since 2 theta T ~ chi2(2 n_ab) (T = total
    exposure), the exact interval is [2T / chi2_{1-a/2}(2n), 2T / chi2_{a/2}(2n)].
    Needs at least one abandoned call. Caveats: assumes patience independent of the wait and
    constant over the period; a Kaplan-Meier curve would drop the exponential assumption.
    """
    for col in ("wait_s", "abandoned"):
        if col not in cdr.columns:
            raise TrafficDataError([(f"missing_column:{col}", [])])
    w = pd.to_numeric(cdr["wait_s"], errors="coerce").astype(float).to_numpy()
    bad = ~np.isfinite(w) | (w < 0) | cdr["abandoned"].isna().to_numpy()
    if bad.any():
        raise TrafficDataError([("cdr_invalid", list(np.flatnonzero(bad)))])
    ab = cdr["abandoned"].astype(bool).to_numpy()
    return patience_from_totals(float(math.fsum(w)), int(w.size), int(ab.sum()), float(math.fsum(w[ab])),
                                confidence)


def patience_from_totals(total_wait_s: float, n_calls: int, n_abandoned: int, abandoned_wait_s: float,
                         confidence: float = 0.95) -> PatienceEstimate:
    """estimate_patience from the totals of the calls (seconds of waiting of all calls and of the
    abandoned ones, numbers of calls), as a file read block by block gives them."""
    if n_abandoned == 0:
        raise TrafficDataError([("no_abandoned_calls", [])])
    if total_wait_s <= 0:
        raise TrafficDataError([("no_waiting_time", [])])
    mean = total_wait_s / n_abandoned
    alpha = 1.0 - confidence
    lo = 2.0 * total_wait_s / stats.chi2.ppf(1.0 - alpha / 2.0, 2 * n_abandoned)
    hi = 2.0 * total_wait_s / stats.chi2.ppf(alpha / 2.0, 2 * n_abandoned)
    return PatienceEstimate(mean, float(lo), float(hi), abandoned_wait_s / n_abandoned, n_calls, n_abandoned,
                            total_wait_s)
