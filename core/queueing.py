"""Queueing models for staffing: Erlang C (M/M/s), Erlang A (M/M/s+M), tandem stations.

Units everywhere (the project's core contract, ../shared/DESIGN.md): arrival rates in calls
per **hour**, durations (AHT, target time, patience, waits) in **seconds**, probabilities in
[0, 1], traffic in Erlangs (A = arrival_rate * aht / 3600).

Numerics
--------
* Erlang B is computed by its forward recursion B(k) = A B(k-1) / (k + A B(k-1)), which never
  overflows and is stable (each step is a convex combination). It is started at
  k0 = max(0, floor(A - 10 sqrt(A) - 3)) with B(k0) = 1: since 1/B(s) is proportional to
  P(X <= s) for X ~ Poisson(A), this drops the terms P(X < k0) <= exp(-50) (Chernoff bound
  of the Poisson lower tail, P(X <= A - x) <= exp(-x^2 / 2A)), a relative error below 1e-21,
  and the loop costs O(sqrt(A) + s - A) steps instead of O(s). No factorials, no powers, no
  division by P0.
* Erlang C is C = s B / (s - A (1 - B)), and 1 - C = (s - A)(1 - B) / (s - A + A B) is formed
  without subtraction of nearly equal numbers, so the service level stays exact near
  saturation (occupancy 0.9999).
* Erlang A uses the exact birth-death solution with no cap on the number of states: the queue
  states are summed around their mode until the terms are below 1e-40 of the largest one.
  The waiting time of a tagged call that finds j calls waiting is a sum of exponentials with
  rates s mu + i theta, whose tilted distribution is an incomplete beta function
  (see ``erlang_a``), so the service level is exact too.

References
----------
* Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed., sec. 2.3
  (M/M/c) and the Erlang B recursion.
* Garnett, Mandelbaum & Reiman (2002), "Designing a call center with impatient customers",
  MSOM 4(3): 208-227 (M/M/n+M, the Erlang A model).
* Mandelbaum & Zeltyn (2007), "Service engineering in action: the Palm/Erlang-A queue, with
  applications to call centers" (formulas for P(Ab), P(W>0), E[W]).
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from scipy import special

__all__ = [
    "QueueInputError",
    "UnstableQueueError",
    "ErlangCResult",
    "ErlangAResult",
    "StationResult",
    "TandemResult",
    "StaffingPlan",
    "SL_DEFINITIONS",
    "erlang_b",
    "erlang_c",
    "erlang_a",
    "required_agents",
    "required_agents_many",
    "scheduled_agents",
    "staffing_plan",
    "tandem",
    "min_stable_agents",
    "sweep_agents",
]

SECONDS_PER_HOUR = 3600.0

#: Service-level definitions under abandonment (Erlang A).
#: ``abandoned_fail``: answered within T / offered (abandoned calls count as failures; default).
#: ``abandoned_ignored``: answered within T / answered.
#: ``short_abandons_excused``: answered within T / (offered - abandoned within the short-abandon
#: threshold).
SL_DEFINITIONS = ("abandoned_fail", "abandoned_ignored", "short_abandons_excused")


# --------------------------------------------------------------------------------------------
# errors


class QueueInputError(ValueError):
    """An input that no queueing model can use (negative rate, AHT of 0, NaN, 2.5 agents...).

    ``field`` names the argument and ``reason`` is a short code ("not_finite", "not_positive",
    "negative", "not_integer", "out_of_range") so that a page can translate the message.
    """

    def __init__(self, field: str, reason: str, value):
        self.field = field
        self.reason = reason
        self.value = value
        super().__init__(f"{field}={value!r}: {reason.replace('_', ' ')}")


class UnstableQueueError(ValueError):
    """Erlang C has no steady state: the traffic A (Erlangs) is at least the number of agents.

    ``min_agents`` = floor(A) + 1 is the smallest number of agents with a steady state.
    """

    def __init__(self, traffic: float, agents: int):
        self.traffic = float(traffic)
        self.agents = int(agents)
        self.min_agents = min_stable_agents(traffic)
        super().__init__(
            f"unstable: traffic {self.traffic:.4g} Erlangs >= {self.agents} agents; "
            f"no steady state exists. At least {self.min_agents} agents are needed "
            f"(more than {self.traffic:.4g})."
        )


def _real(name: str, x, *, positive: bool = True, allow_zero: bool = False) -> float:
    if type(x) is float or type(x) is int:  # fast path for the common case
        if x > 0 or (x == 0 and allow_zero) or (not positive and x == x and abs(x) != math.inf):
            if x != math.inf:
                return float(x)
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise QueueInputError(name, "not_a_number", x)
    x = float(x)
    if not math.isfinite(x):
        raise QueueInputError(name, "not_finite", x)
    if positive:
        if x < 0 or (x == 0 and not allow_zero):
            raise QueueInputError(name, "not_positive" if not allow_zero else "negative", x)
    return x


def _agents(name: str, s) -> int:
    if type(s) is int and s >= 1:
        return s
    if isinstance(s, bool) or not isinstance(s, numbers.Real):
        raise QueueInputError(name, "not_a_number", s)
    if not math.isfinite(float(s)):
        raise QueueInputError(name, "not_finite", s)
    if float(s) != math.floor(float(s)):
        raise QueueInputError(name, "not_integer", s)
    s = int(s)
    if s < 1:
        raise QueueInputError(name, "not_positive", s)
    return s


def _fraction(name: str, x, *, closed_right: bool = False) -> float:
    x = _real(name, x, positive=False)
    if not (0.0 < x < 1.0 or (closed_right and x == 1.0)):
        raise QueueInputError(name, "out_of_range", x)
    return x


def min_stable_agents(traffic: float) -> int:
    """Smallest number of agents with a steady state in Erlang C: floor(A) + 1 (A in Erlangs).

    Not round(A) + 1, which is one agent too many whenever the fractional part is >= 0.5.
    """
    return int(math.floor(traffic)) + 1


# --------------------------------------------------------------------------------------------
# Erlang B / C


def _b_start(a: float) -> int:
    """First index of the truncated Erlang B recursion (see module docstring)."""
    return max(0, int(math.floor(a - 10.0 * math.sqrt(a) - 3.0)))


def erlang_b(traffic: float, agents: int) -> float:
    """Erlang B blocking probability B(s, A) of the M/M/s/s loss system.

    traffic: A in Erlangs (>= 0); agents: s >= 0. Forward recursion
    B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)), truncated below k0 = A - 10 sqrt(A) - 3
    (relative error < 1e-21). Source: Gross et al., Fundamentals of Queueing Theory, sec. 2.6.
    """
    a = float(traffic)
    s = int(agents)
    if a == 0.0:
        return 1.0 if s == 0 else 0.0
    # B(s) = pmf(s) / cdf(s) <= 2 pmf(s) once s >= A (the Poisson median is about A): when
    # pmf(s) < e^-750 the answer is 0 in double precision, and the loop is skipped.
    if s > a + 10.0 * math.sqrt(a) + 20.0 and s * math.log(a) - a - math.lgamma(s + 1.0) < -750.0:
        return 0.0
    k0 = min(_b_start(a), s)
    n = s - k0
    if n > _VECTOR_FROM:
        # 1/B(s) = sum_{j=0..s} prod_{i<j} (s - i)/A (the recursion unrolled), summed with numpy
        # from j = 0 to s - k0: about 10 sqrt(A) terms, each product exact to j ulps.
        with np.errstate(over="ignore"):
            x = 1.0 + float(np.cumprod((s - np.arange(n, dtype=float)) / a).sum())
        if x < 1e300:
            return 1.0 / x
    b = 1.0
    for k in range(k0 + 1, s + 1):
        ab = a * b
        b = ab / (k + ab)
    return b


#: above this many recursion steps erlang_b sums with numpy instead of a Python loop
_VECTOR_FROM = 200


class ErlangCResult(NamedTuple):
    """Steady state of an M/M/s FCFS queue without abandonment (Erlang C).

    An immutable named tuple (cheaper to build than a frozen dataclass: erlang_c is called in
    loops).

    Attributes (units): arrival_rate (calls/h), aht (s), agents, target_time (s),
    traffic A = arrival_rate * aht / 3600 (Erlangs), occupancy rho = A / s,
    p_wait = C(s, A), asa = wq = C * aht / (s - A) (s, mean wait of all calls),
    service_level = P(wait <= target_time) = 1 - C exp(-(s - A) t / aht),
    lq = arrival_rate/3600 * wq (calls waiting), l = lq + A (calls in system),
    w = wq + aht (s), erlang_b = B(s, A).
    """

    arrival_rate: float
    aht: float
    agents: int
    target_time: float
    traffic: float
    occupancy: float
    p_wait: float
    asa: float
    service_level: float
    lq: float
    wq: float
    l: float  # noqa: E741 - the textbook name
    w: float
    erlang_b: float

    @property
    def p0(self) -> float:
        """P(no call in the system) = (1 - C) e^{-A} / P(Poisson(A) <= s - 1); 0 when it underflows.

        Only for display (textbooks report it); nothing else here divides by it.
        """
        return (1.0 - self.p_wait) * math.exp(-self.traffic) / float(special.gammaincc(self.agents, self.traffic))


_new_c = tuple.__new__


def erlang_c(arrival_rate, aht, agents, target_time=20.0) -> ErlangCResult:
    """Erlang C (M/M/s, FCFS, infinite patience) performance of ``agents`` agents.

    arrival_rate: calls per hour (> 0); aht: average handling time in seconds (> 0);
    agents: integer >= 1; target_time: service-level threshold in seconds (>= 0).
    Raises QueueInputError for bad input and UnstableQueueError (a ValueError) when the
    traffic A = arrival_rate * aht / 3600 is >= agents: no steady state exists then, and the
    message says how many agents are needed at least.

    >>> r = erlang_c(200, 180, 14)      # A = 10 Erlangs, 14 agents
    >>> round(r.p_wait, 4), round(r.service_level, 4)
    (0.1741, 0.8884)
    """
    lam = _real("arrival_rate", arrival_rate)
    aht = _real("aht", aht)
    s = _agents("agents", agents)
    t = _real("target_time", target_time, allow_zero=True)
    a = lam * aht / SECONDS_PER_HOUR
    if a >= s:
        raise UnstableQueueError(a, s)
    b = erlang_b(a, s)
    # C = s B / (s - A (1 - B)); 1 - C = (s - A)(1 - B) / (s - A + A B) has no cancellation, and
    # SL = 1 - C e^{-x} is formed as (1 - C) + C (1 - e^{-x}), x = (s - A) t / AHT, so SL stays
    # exact near saturation.
    d = s - a
    den = d + a * b
    c = s * b / den
    sl = d * (1.0 - b) / den + c * -math.expm1(-d * t / aht)
    wq = c * aht / d
    lq = lam / SECONDS_PER_HOUR * wq
    # positional, in field order: arrival_rate, aht, agents, target_time, traffic, occupancy,
    # p_wait, asa, service_level, lq, wq, l, w, erlang_b
    return _new_c(ErlangCResult, (lam, aht, s, t, a, a / s, c, wq, sl, lq, wq, lq + a, wq + aht, b))


# --------------------------------------------------------------------------------------------
# required agents


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
    b = erlang_b(a, n_min - 1) if n_min > 1 else 1.0
    k = n_min - 1
    expm1 = math.expm1
    while True:
        k += 1
        ab = a * b
        b = ab / (k + ab)
        d = k - a
        den = d + a * b
        c = k * b / den
        if sl is not None and d * (1.0 - b) / den + c * (-expm1(-d * t / aht)) < sl:
            continue
        if asa is not None and c * aht / d > asa:
            continue
        return k


def required_agents_many(arrival_rates, ahts, target_sl=0.8, target_time=20.0, max_occupancy=None,
                         target_asa=None) -> np.ndarray:
    """``required_agents`` for many intervals at once (vectorised over the intervals).

    arrival_rates: array of calls per hour (>= 0; an interval with no calls needs 0 agents);
    ahts: array of seconds (> 0 where the rate is > 0), or a scalar. Returns a numpy int64
    array of the same shape. Each interval runs its own truncated Erlang B recursion; all
    intervals advance one agent per numpy step, so a week of 672 intervals costs about
    10 sqrt(A_max) + (s - A) vector steps. Raises QueueInputError naming the first bad
    position.
    """
    lam = np.asarray(arrival_rates, dtype=float)
    aht = np.broadcast_to(np.asarray(ahts, dtype=float), lam.shape)
    sl, t, mo, asa = _check_goals(target_sl, target_time, max_occupancy, target_asa)
    shape = lam.shape
    lam = lam.ravel()
    aht = np.ascontiguousarray(aht).ravel()
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

    out = np.zeros(lam.size, dtype=np.int64)
    busy = np.flatnonzero(lam > 0)
    if busy.size == 0:
        return out.reshape(shape)
    a = lam[busy] * aht[busy] / SECONDS_PER_HOUR
    h = aht[busy]
    n_min = np.floor(a).astype(np.int64) + 1
    if mo is not None:
        n_min = np.maximum(n_min, np.ceil(a / mo * (1.0 - 1e-12)).astype(np.int64))
    # Phase 1: Erlang B up to n_min - 1 for every interval, in lock-step. Each interval needs
    # n_min - k0 steps; all start L steps before their n_min (earlier than k0 is harmless: it
    # only keeps more terms), and those whose start would be below 0 hold B = 1 until k = 0.
    k0 = np.maximum(0, np.floor(a - 10.0 * np.sqrt(a) - 3.0)).astype(np.int64)
    steps = int((n_min - 1 - k0).max())
    k = n_min - 1 - steps
    b = np.ones_like(a)
    for _ in range(steps):
        k += 1
        ab = a * b
        b = np.where(k > 0, ab / (k + ab), 1.0)
    # Phase 2: walk up from n_min until every interval meets its goals.
    idx = np.arange(a.size)  # positions (into busy) still searching
    while idx.size:
        k += 1
        ab = a * b
        b = ab / (k + ab)
        d = k - a
        den = d + a * b
        c = k * b / den
        ok = np.ones(idx.size, dtype=bool)
        if sl is not None:
            ok &= (d * (1.0 - b) / den + c * (-np.expm1(-d * t / h))) >= sl
        if asa is not None:
            ok &= c * h / d <= asa
        if ok.any():
            out[busy[idx[ok]]] = k[ok]
            keep = ~ok
            idx, a, h, b, k = idx[keep], a[keep], h[keep], b[keep], k[keep]
    return out.reshape(shape)


def scheduled_agents(required, shrinkage: float = 0.0):
    """Agents to schedule so that ``required`` are on the phones: ceil(required / (1 - shrinkage)).

    shrinkage: fraction of paid time not available for calls (breaks, training, absence), in
    [0, 1). Works on ints and numpy arrays.
    """
    sh = _real("shrinkage", shrinkage, allow_zero=True)
    if not sh < 1.0:
        raise QueueInputError("shrinkage", "out_of_range", sh)
    req = np.asarray(required, dtype=float)
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


# --------------------------------------------------------------------------------------------
# Erlang A


@dataclass(frozen=True)
class ErlangAResult:
    """Steady state of M/M/s+M (Erlang A): exponential patience with mean ``patience`` seconds.

    p_wait: P(an arriving call finds all agents busy); p_abandon: P(the call hangs up before
    being answered); asa: mean wait of ANSWERED calls (s); asa_all: mean time in queue of all
    calls, answered or not (= p_abandon * patience, s); mean_time_to_abandon: mean wait of the
    calls that abandon (s); lq: mean calls waiting; occupancy: carried load / s
    = A (1 - p_abandon) / s; service_level: per ``sl_definition`` (see SL_DEFINITIONS), and
    all three variants: sl_abandoned_fail, sl_abandoned_ignored, sl_short_abandons_excused;
    p_answered_within: P(answered within target_time) among all offered calls;
    p_abandon_within_short: P(abandon within short_abandon_time).
    """

    arrival_rate: float
    aht: float
    agents: int
    patience: float
    target_time: float
    traffic: float
    p_wait: float
    p_abandon: float
    asa: float
    asa_all: float
    mean_time_to_abandon: float
    lq: float
    occupancy: float
    service_level: float
    sl_definition: str
    sl_abandoned_fail: float
    sl_abandoned_ignored: float
    sl_short_abandons_excused: float
    p_answered_within: float
    p_abandon_within_short: float
    short_abandon_time: float
    states_used: int = field(default=0, compare=False)


def _queue_weights(a: float, y: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Relative stationary weights of the queue states of M/M/s+M.

    With x = s mu / theta and y = lambda / theta, pi_{s+j} / pi_s = prod_{i=1..j} y / (x + i).
    Returns (j, w_j / max w, log max w): j spans every state whose weight is above 1e-40 of
    the largest; the weights are built by cumulative products outwards from the mode, so no
    overflow and a relative error of a few ulps per step. No cap on the number of states.
    """
    x = a
    mode = max(0, int(math.floor(y - x)))  # ratio y / (x + j) crosses 1 here
    k = int(15.0 * math.sqrt(y + x + 1.0)) + 50
    while True:
        lo = max(0, mode - k)
        hi = mode + k
        up = np.arange(mode + 1, hi + 1, dtype=float)
        w_up = np.cumprod(y / (x + up))
        down = np.arange(mode, lo, -1, dtype=float)  # pi_{j-1}/pi_j = (x + j) / y
        w_down = np.cumprod((x + down) / y)
        tail_ok = (w_up.size == 0 or w_up[-1] < 1e-40) and (lo == 0 or w_down[-1] < 1e-40)
        if tail_ok:
            break
        k *= 2
    w = np.concatenate([w_down[::-1], [1.0], w_up])
    j = np.arange(lo, hi + 1, dtype=float)
    if mode == 0:
        log_max = 0.0
    elif mode <= 1_000_000:
        log_max = math.fsum(np.log(y / (x + np.arange(1, mode + 1, dtype=float))))
    else:  # only for huge overloads, where P(wait) = 1 to double precision anyway
        log_max = mode * math.log(y) - (special.gammaln(x + mode + 1.0) - special.gammaln(x + 1.0))
    return j, w, log_max


def _harmonic_from(x: float, lo: int, hi: int) -> np.ndarray:
    """H_m = sum_{i=1..m} 1/(x+i) for m = lo+1 .. hi+1 (exact summation of the offset part)."""
    if lo == 0:
        base = 0.0
    elif lo <= 1_000_000:
        base = math.fsum(1.0 / (x + np.arange(1, lo + 1, dtype=float)))
    else:
        base = float(special.digamma(x + lo + 1.0) - special.digamma(x + 1.0))
    return base + np.cumsum(1.0 / (x + np.arange(lo + 1, hi + 2, dtype=float)))


def erlang_a(arrival_rate, aht, agents, patience, target_time=20.0,
             sl_definition="abandoned_fail", short_abandon_time=None) -> ErlangAResult:
    """Erlang A (M/M/s+M): Poisson arrivals, exponential AHT and patience, FCFS, ``agents`` agents.

    arrival_rate: calls/h (> 0); aht, patience (mean time a caller is willing to wait),
    target_time, short_abandon_time: seconds. Stable at every load. Exact solution:

    * mu = 1/aht, theta = 1/patience, x = s mu / theta, y = lambda / theta, E = Erlang B(s, A);
      pi_{s+j} / pi_s = y^j / ((x+1)...(x+j)), S = sum_j pi_{s+j} / pi_s;
      P(wait) = S E / (1 - E + S E) (Garnett, Mandelbaum & Reiman 2002).
    * A call that finds j calls waiting is answered after an offered wait V_j, a sum of
      exponentials with rates s mu + i theta (i = 0..j); it abandons if its patience ends first.
      E[e^{-theta V_j}] = x / (x + j + 1), so P(answered | j) = x / (x + j + 1),
      E[V_j e^{-theta V_j}] = x / (x + j + 1) * sum_{i=1..j+1} 1 / ((x + i) theta), and
      P(V_j <= t, answered) = x / (x + j + 1) * I_q(j + 1, x + 1), q = 1 - e^{-theta t}
      (I is the regularised incomplete beta; e^{-theta V'} ~ Beta(x + 1, j + 1) for the tilted
      sum). P(abandon before t | j) = q + e^{-theta t} I_q(j + 1, x) - P(V_j <= t, answered).
    * Lq = sum j pi_{s+j}, and P(abandon) = theta Lq / lambda (Little's law for the queue).

    Service level (``sl_definition``): "abandoned_fail" = answered within t / offered
    (default), "abandoned_ignored" = answered within t / answered, "short_abandons_excused" =
    answered within t / (offered - abandoned within short_abandon_time; default t).
    """
    lam = _real("arrival_rate", arrival_rate)
    aht = _real("aht", aht)
    s = _agents("agents", agents)
    pat = _real("patience", patience)
    t = _real("target_time", target_time, allow_zero=True)
    t_short = t if short_abandon_time is None else _real("short_abandon_time", short_abandon_time,
                                                          allow_zero=True)
    if sl_definition not in SL_DEFINITIONS:
        raise QueueInputError("sl_definition", "out_of_range", sl_definition)

    a_erl = lam * aht / SECONDS_PER_HOUR
    theta = 1.0 / pat
    x = s * pat / aht           # s mu / theta
    y = lam / SECONDS_PER_HOUR * pat  # lambda / theta
    e = erlang_b(a_erl, s)
    j, w, log_max = _queue_weights(x, y)
    sw = w.sum()
    p = w / sw                  # distribution of the queue length j seen by a call that waits
    log_s = log_max + math.log(sw)
    # P(wait) = 1 / (1 + (1 - E) / (E S)), in logs: E may be ~1e-300 and S ~ e^{1e5}
    if e == 0.0:
        p_wait = 0.0
    else:
        log_r = math.log1p(-e) - math.log(e) - log_s if e < 1.0 else -math.inf
        p_wait = 1.0 / (1.0 + math.exp(log_r)) if log_r < 700 else 0.0
    served_given_j = x / (x + j + 1.0)
    p_ab_wait = float(np.dot(p, 1.0 - served_given_j))     # P(abandon | wait)
    p_abandon = p_wait * p_ab_wait
    lq = p_wait * float(np.dot(p, j))
    # mean wait of answered calls: E[V 1{served}] / P(served)
    h_j = _harmonic_from(x, int(j[0]), int(j[-1]))  # sum_{i=1..j+1} 1/(x+i)
    e_wait_served = p_wait * float(np.dot(p, served_given_j * h_j)) / theta
    p_served = 1.0 - p_abandon
    asa = e_wait_served / p_served if p_served > 0 else math.inf
    asa_all = p_abandon / theta
    # mean wait of abandoning calls, E[tau 1{tau < V}] / P(Ab), per queue position j (P(wait)
    # cancels, so this stays accurate when abandonment is tiny)
    ab_j = 1.0 - served_given_j
    den_ab = float(np.dot(p, ab_j))
    mtta = float(np.dot(p, ab_j - served_given_j * h_j)) / (theta * den_ab) if den_ab > 0 else 0.0

    def _answered_within(tt: float) -> float:
        q = -math.expm1(-theta * tt)
        if q == 0.0:
            return 1.0 - p_wait
        return (1.0 - p_wait) + p_wait * float(np.dot(p, served_given_j * special.betainc(j + 1.0, x + 1.0, q)))

    def _abandon_within(tt: float) -> float:
        q = -math.expm1(-theta * tt)
        if q == 0.0:
            return 0.0
        term = (q + math.exp(-theta * tt) * special.betainc(j + 1.0, x, q)
                - served_given_j * special.betainc(j + 1.0, x + 1.0, q))
        return min(p_abandon, max(0.0, p_wait * float(np.dot(p, term))))

    ans_t = _answered_within(t)
    ab_short = _abandon_within(t_short)
    sl_fail = ans_t
    sl_ignored = ans_t / p_served if p_served > 0 else 0.0
    sl_excused = ans_t / (1.0 - ab_short) if ab_short < 1 else 0.0
    chosen = {"abandoned_fail": sl_fail, "abandoned_ignored": sl_ignored,
              "short_abandons_excused": sl_excused}[sl_definition]
    return ErlangAResult(
        arrival_rate=lam, aht=aht, agents=s, patience=pat, target_time=t, traffic=a_erl,
        p_wait=p_wait, p_abandon=p_abandon, asa=asa, asa_all=asa_all, mean_time_to_abandon=mtta,
        lq=lq, occupancy=a_erl * p_served / s, service_level=chosen, sl_definition=sl_definition,
        sl_abandoned_fail=sl_fail, sl_abandoned_ignored=sl_ignored,
        sl_short_abandons_excused=sl_excused, p_answered_within=ans_t,
        p_abandon_within_short=ab_short, short_abandon_time=t_short, states_used=int(j.size),
    )


# --------------------------------------------------------------------------------------------
# sweeps and tandem stations


def sweep_agents(arrival_rate, aht, agents_range, patience=None, target_time=20.0,
                 sl_definition="abandoned_fail") -> list[dict]:
    """KPIs for each number of agents in ``agents_range`` (for the SL-vs-agents chart).

    One dict per agent count with keys agents, stable, sl_c, asa_c, p_wait_c (None where
    Erlang C is unstable) and, when ``patience`` is given, sl_a, p_abandon_a, asa_a, p_wait_a.
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
    sl_first: service level of the first station; stable: all stations stable.
    The totals are None when any station is unstable.
    """

    stations: tuple[StationResult, ...]
    stable: bool
    wq_total: float | None
    w_total: float | None
    agents_total: int


def tandem(arrival_rate, stations, target_time=20.0) -> TandemResult:
    """Stations in series, e.g. thesis 003's Front -> Coordination -> Follow-up.

    arrival_rate: calls/h entering the line; stations: iterable of dicts with ``name``,
    ``agents``, ``aht`` (s) and optional ``share`` (fraction of calls that reach it, default 1).
    By Burke's theorem the departures of a stable M/M/s queue are Poisson with the arrival
    rate, so every station is an M/M/s queue fed at share * arrival_rate; arrival rates of
    stations in series are NOT added (as the thesis' "equivalence property" does). The
    end-to-end wait is the sum of the stations' waits (Gross et al. sec. 4.1).
    """
    lam = _real("arrival_rate", arrival_rate)
    out = []
    for st in stations:
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
            out.append(StationResult(name, s, aht, share, rate, a, True, min_stable_agents(a), r))
        except UnstableQueueError:
            out.append(StationResult(name, s, aht, share, rate, a, False, min_stable_agents(a), None))
    stable = all(x.stable for x in out)
    wq = sum(x.share * x.result.wq for x in out) if stable else None
    w = sum(x.share * x.result.w for x in out) if stable else None
    return TandemResult(tuple(out), stable, wq, w, sum(x.agents for x in out))
