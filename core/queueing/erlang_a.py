"""Erlang A (M/M/s+M): Poisson arrivals, exponential handling and patience, FCFS.

Exact birth-death solution (Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn 2007).
With mu = 1/AHT, theta = 1/patience, x = s mu / theta and y = lambda / theta, the queue states
have pi_{s+j} / pi_s = w_j = prod_{i=1..j} y / (x + i), and P(wait) = S E / (1 - E + S E) with
S = sum_j w_j and E = Erlang B(s, A) (exact at every load, core.queueing.erlang_b).

Numerics
--------
* The weights are built outwards from their mode by cumulative products (no overflow, a few
  ulps per step) over every state whose weight is above e^-96 of the largest; the span is
  found first from the closed-form log-weights below, so the work is known in advance.
* Bounded work. When the span exceeds ``MAX_STATES`` (only with a patience of months: x + y
  above about 4e8), the states beyond the first MAX_STATES/2 are taken in blocks of h states,
  each represented by its midpoint with weight h. The weights vary on a scale of sigma >= MAX_STATES/30
  states and are analytic, so the blocks' midpoint sum and the sum over every state differ only by
  Euler-Maclaurin end terms: at the junction a (first blocked state), sum - midpoint sum
  = -(h^2 - 1)/24 f'(a - 1/2) + O(h^4 f'''), for every summed f = weight x per-state value;
  f' is taken from the states a - 2, a - 1 and the first midpoint (exact for a quadratic), which
  moves (h^2 - 1)/24 of weight between these three points (the far end lies below e^-96).
  ``LONG_PATIENCE_RTOL`` (1e-12) is the tolerance tested against every state summed with 15x
  coarser blocks (tests/test_queueing_exact.py: differences measured below 3e-14; without the
  junction term they were 6e-8). The log-weights of block midpoints use
  sum_{i=t1+1..t2} log((x+i)/y) = (t2-t1) log((x+t1+1/2)/y) + (x+t1+1/2) phi(d/(x+t1+1/2))
  - (1/(x+t2+1/2) - 1/(x+t1+1/2))/24, phi(u) = (1+u) log1p(u) - u, d = t2 - t1
  (Euler-Maclaurin at the midpoints, with the integral written without cancellation).
  erlang_a(30000, 300, 2000, 1e12) takes under a second instead of 260 s.
* The mean time to abandon, per queue position j, is E[tau; tau < V_j] theta =
  [(j+1) - x H_j] / (x+j+1) with H_j = sum_{i=1..j+1} 1/(x+i); written as
  K_j / (x+j+1), K_j = sum_{i=1..j+1} i / (x+i), a sum of positive terms, so it does not
  cancel when x is large (issue 20: erlang_a(30000, 300, 5000, 1e5) gave 0.1199972 s for
  0.1199994 s).
* P(answered) = (1 - P(wait)) + P(wait) E[x / (x+j+1)] directly, not 1 - P(abandon): when
  almost every call abandons (A = 1e5 Erlangs on 1 agent) the subtraction left 1e-11 relative
  error in ASA and occupancy.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from core.queueing.common import SECONDS_PER_HOUR, SL_DEFINITIONS, _agents, _real
from core.queueing.erlang_b import erlang_b_log_odds
from core.queueing.errors import QueueInputError

#: most queue states summed one by one; beyond, blocks of states (see the module docstring)
MAX_STATES = 300_000
#: relative tolerance of the block summation, checked in tests/test_queueing_exact.py
LONG_PATIENCE_RTOL = 1e-12
#: states whose weight is below e^-TAIL_LOG of the largest are left out (e^-96 ~ 2e-42)
_TAIL_LOG = 96.0
#: below this many terms, base sums are added exactly (math.fsum), above with closed forms
_FSUM_UP_TO = 1_000_000


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
    states_used: queue states (or blocks of states) summed.
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


# --------------------------------------------------------------------------------------------
# closed forms (Euler-Maclaurin at half-integers), for real t and large spans


def _phi(u):
    """(1 + u) log1p(u) - u, without cancellation for small |u| (series sum u^k (-1)^k / k(k-1))."""
    small = np.abs(u) < 0.05
    us = np.where(small, u, 0.0)
    series = np.zeros_like(us)
    for k in range(16, 1, -1):  # Horner: sum_{k>=2} (-1)^k u^k / (k (k-1))
        series = (-1.0) ** k / (k * (k - 1)) + us * series
    series = us * us * series
    return np.where(small, series, (1.0 + u) * np.log1p(u) - u)  # u >= 0 here: log1p is finite


def _log_ratio_sum(x: float, y: float, t1, t2):
    """sum_{i=t1+1..t2} log((x + i) / y) for real t1 < t2 (see the module docstring)."""
    d = t2 - t1
    c = x + t1 + 0.5
    return d * np.log(c / y) + c * _phi(d / c) - (1.0 / (c + d) - 1.0 / c) / 24.0


def _harmonic(x: float, n):
    """H(n) = sum_{i=1..n} 1/(x+i) for real n >= 0 (digamma, or log1p + Euler-Maclaurin for large x)."""
    if x < 1e4:
        return special.digamma(x + n + 1.0) - special.digamma(x + 1.0)
    c = x + 0.5
    return np.log1p(n / c) + (1.0 / (c + n) ** 2 - 1.0 / c**2) / 24.0


def _k_sum(x: float, n):
    """K(n) = sum_{i=1..n} i/(x+i) for real n >= 0, without cancellation for large x."""
    if x < 1e4:
        return n - x * _harmonic(x, n)
    c = x + 0.5
    v = n / c
    series = np.zeros_like(v)
    for k in range(18, 1, -1):  # v - log1p(v) = sum_{k>=2} (-1)^k v^k / k
        series = (-1.0) ** k / k + v * series
    omega = np.where(v < 0.05, v * v * series, v - np.log1p(v))  # >= 0, no cancellation
    # integral of t/(x+t) over [1/2, n+1/2] = n/(2x+1) + x omega(v), and the EM correction
    return n / (2.0 * x + 1.0) + x * omega - (x / (c + n) ** 2 - x / c**2) / 24.0


# --------------------------------------------------------------------------------------------
# the queue states


def _span(x: float, y: float) -> tuple[int, int, int]:
    """(lo, mode, hi): the queue states whose weight is above e^-96 of the largest. From the mode,
    64, 128, 256, ... states each way until the end state's weight is at most e^-96 of the mode's
    (downwards also until state 0), so the work (``states_used``) is known in advance."""
    mode = max(0, int(math.floor(y - x)))  # ratio y / (x + j) crosses 1 here
    k = 64
    while -float(_log_ratio_sum(x, y, mode, mode + k)) > -_TAIL_LOG:
        k *= 2
    hi = mode + k
    k = 64
    while mode - k > 0 and float(_log_ratio_sum(x, y, mode - k, mode)) > -_TAIL_LOG:
        k *= 2
    return max(0, mode - k), mode, hi


def _log_weight_at(x: float, y: float, j: int) -> float:
    """log w_j = sum_{i=1..j} log(y / (x + i)) (exactly summed up to a million terms)."""
    if j == 0:
        return 0.0
    if j <= _FSUM_UP_TO:
        return math.fsum(np.log(y / (x + np.arange(1, j + 1))))
    return -float(_log_ratio_sum(x, y, 0, j))


def _dense_states(x: float, y: float, lo: int, mode: int, hi: int):
    """Every state lo..hi: (j, relative weights with max 1, log of the largest weight)."""
    up = np.arange(mode + 1, hi + 1)
    down = np.arange(mode, lo, -1)  # pi_{j-1}/pi_j = (x + j) / y
    w = np.concatenate([np.cumprod((x + down) / y)[::-1], [1.0], np.cumprod(y / (x + up))])
    j = np.arange(lo, hi + 1)
    return j, w, _log_weight_at(x, y, mode)


def _block_states(x: float, y: float, lo: int, hi: int):
    """The first MAX_STATES/2 states one by one, the rest in blocks of h states at their midpoints."""
    dense = MAX_STATES // 2
    rest = hi + 1 - (lo + dense)
    h = -(-rest // (MAX_STATES // 2))
    starts = lo + dense + h * np.arange(-(-rest // h))
    widths = np.minimum(h, hi + 1 - starts)
    j = np.concatenate([np.arange(lo, lo + dense), starts + (widths - 1.0) / 2.0])
    width = np.concatenate([np.ones(dense), widths])
    # the junction's end term (module docstring): f'(a - 1/2) from f at offsets u (exact for a quadratic)
    u = np.array([-1.5, -0.5, h / 2.0])
    d1 = np.linalg.solve(np.array([u ** 0, u, u * u]), [0.0, 1.0, 0.0])  # weights of f' at 0
    width[dense - 2: dense + 1] -= (h * h - 1.0) / 24.0 * d1
    inc = np.empty(j.size - 1)
    inc[: dense - 1] = np.log(y / (x + j[1:dense]))
    inc[dense - 1:] = -_log_ratio_sum(x, y, j[dense - 1:-1], j[dense:])
    logw = np.concatenate([[0.0], np.cumsum(inc)])
    top = float(logw.max())
    return j, width * np.exp(logw - top), _log_weight_at(x, y, lo) + top


def _queue_states(x: float, y: float):
    """(j, weights, log of the largest weight relative to w_0 = 1, blocked?) of the queue states."""
    lo, mode, hi = _span(x, y)
    if hi - lo + 1 <= MAX_STATES:
        return (*_dense_states(x, y, lo, mode, hi), False)
    return (*_block_states(x, y, lo, hi), True)


def _position_sums(x: float, j: np.ndarray, blocked: bool):
    """H_j = sum_{i<=j+1} 1/(x+i) and K_j = sum_{i<=j+1} i/(x+i) at the states j."""
    if blocked:
        return _harmonic(x, j + 1.0), _k_sum(x, j + 1.0)
    lo = int(j[0])
    i = np.arange(lo + 1, int(j[-1]) + 2)
    if lo <= _FSUM_UP_TO:
        base = np.arange(1, lo + 1)
        h0, k0 = math.fsum(1.0 / (x + base)), math.fsum(base / (x + base))
    else:
        h0, k0 = float(_harmonic(x, lo)), float(_k_sum(x, lo))
    return h0 + np.cumsum(1.0 / (x + i)), k0 + np.cumsum(i / (x + i))


# --------------------------------------------------------------------------------------------
# the model


def _p_wait(log_odds: float, log_s: float) -> tuple[float, float]:
    """(P(wait), P(no wait)) = (1 / (1 + r), r / (1 + r)) with r = (1 - E) / (E S), each computed
    directly in logs (no 1 - P(wait)): E may be ~1e-300 or 1 - 1e-17, and S ~ e^{1e5}.
    ``log_odds`` = log((1 - E) / E) (core.queueing.erlang_b.erlang_b_log_odds)."""
    log_r = log_odds - log_s
    if log_r > 0:                               # the logistic function, without overflow
        tail = math.exp(-log_r)
        return tail / (1.0 + tail), 1.0 / (1.0 + tail)
    head = math.exp(log_r)
    return 1.0 / (1.0 + head), head / (1.0 + head)


class _Chain:
    """The queue-length distribution seen by a call that waits, and its per-position terms."""

    def __init__(self, a_erl: float, s: int, x: float, y: float, theta: float):
        j, w, log_max, self.blocked = _queue_states(x, y)
        sw = float(w.sum())
        self.j, self.p, self.x, self.theta = j, w / sw, x, theta
        self.p_wait, self.p_no_wait = _p_wait(erlang_b_log_odds(a_erl, s), log_max + math.log(sw))
        self.served = x / (x + j + 1.0)          # P(answered | j calls ahead)
        self.abandons = (j + 1.0) / (x + j + 1.0)  # 1 - served, without the subtraction
        self.h, self.k = _position_sums(x, j, self.blocked)

    def mean(self, values) -> float:
        return float(np.dot(self.p, values))

    def answered_within(self, tt: float) -> float:
        """P(answered within tt) among all offered calls."""
        q = -math.expm1(-self.theta * tt)  # q = 0 (tt = 0): I_0 = 0, only the calls not waiting
        ib = special.betainc(self.j + 1.0, self.x + 1.0, q)
        return self.p_no_wait + self.p_wait * self.mean(self.served * ib)

    def not_abandoned_within(self, tt: float) -> float:
        """P(not abandoned within tt) among all offered calls: 1 - abandon_within, computed directly
        (1 - P(abandon | j) = e^{-theta tt} (1 - I_q(j + 1, x)) + P(V_j <= tt, answered)), so that it
        keeps its digits when nearly every call abandons within tt."""
        q = -math.expm1(-self.theta * tt)
        term = (math.exp(-self.theta * tt) * special.betaincc(self.j + 1.0, self.x, q)
                + self.served * special.betainc(self.j + 1.0, self.x + 1.0, q))
        return self.p_no_wait + self.p_wait * self.mean(term)

    def abandon_within(self, tt: float, p_abandon: float) -> float:
        """P(abandon within tt) among all offered calls."""
        q = -math.expm1(-self.theta * tt)  # q = 0 (tt = 0): every term is 0
        term = (q + math.exp(-self.theta * tt) * special.betainc(self.j + 1.0, self.x, q)
                - self.served * special.betainc(self.j + 1.0, self.x + 1.0, q))
        return min(p_abandon, max(0.0, self.p_wait * self.mean(term)))


def _check_a(arrival_rate, aht, agents, patience, target_time, sl_definition, short_abandon_time):
    lam = _real("arrival_rate", arrival_rate)
    h = _real("aht", aht)
    s = _agents("agents", agents)
    pat = _real("patience", patience)
    t = _real("target_time", target_time, allow_zero=True)
    t_short = t if short_abandon_time is None else _real("short_abandon_time", short_abandon_time,
                                                          allow_zero=True)
    if sl_definition not in SL_DEFINITIONS:
        raise QueueInputError("sl_definition", "out_of_range", sl_definition)
    return lam, h, s, pat, t, t_short


def erlang_a(arrival_rate, aht, agents, patience, target_time=20.0,
             sl_definition="abandoned_fail", short_abandon_time=None) -> ErlangAResult:
    """Erlang A (M/M/s+M): Poisson arrivals, exponential AHT and patience, FCFS, ``agents`` agents.

    arrival_rate: calls/h (> 0); aht, patience (mean time a caller is willing to wait),
    target_time, short_abandon_time: seconds. Stable at every load. Exact solution:

    * P(wait) = S E / (1 - E + S E) (see the module docstring).
    * A call that finds j calls waiting is answered after an offered wait V_j, a sum of
      exponentials with rates s mu + i theta (i = 0..j); it abandons if its patience ends first.
      P(answered | j) = x / (x + j + 1), E[V_j; answered] = x / (x + j + 1) H_j / theta, and
      P(V_j <= t, answered) = x / (x + j + 1) * I_q(j + 1, x + 1), q = 1 - e^{-theta t}
      (I is the regularised incomplete beta; e^{-theta V'} ~ Beta(x + 1, j + 1) for the tilted
      sum). P(abandon before t | j) = q + e^{-theta t} I_q(j + 1, x) - P(V_j <= t, answered).
    * Lq = sum j pi_{s+j}, and P(abandon) = theta Lq / lambda (Little's law for the queue).

    Service level (``sl_definition``): "abandoned_fail" = answered within t / offered
    (default), "abandoned_ignored" = answered within t / answered, "short_abandons_excused" =
    answered within t / (offered - abandoned within short_abandon_time; default t).
    """
    lam, aht, s, pat, t, t_short = _check_a(arrival_rate, aht, agents, patience, target_time,
                                            sl_definition, short_abandon_time)
    a_erl = lam * aht / SECONDS_PER_HOUR
    theta = 1.0 / pat
    ch = _Chain(a_erl, s, s * pat / aht, lam / SECONDS_PER_HOUR * pat, theta)
    p_wait = ch.p_wait
    p_abandon = p_wait * ch.mean(ch.abandons)
    p_served = ch.p_no_wait + p_wait * ch.mean(ch.served)  # not 1 - p_abandon: no cancellation
    asa = p_wait * ch.mean(ch.served * ch.h) / theta / p_served if p_served > 0 else math.inf
    den_ab = ch.mean(ch.abandons)
    mtta = ch.mean(ch.k / (ch.x + ch.j + 1.0)) / (theta * den_ab) if den_ab > 0 else 0.0
    ans_t = ch.answered_within(t)
    ab_short = ch.abandon_within(t_short, p_abandon)
    # 1 - ab_short loses digits only when nearly every call abandons within t_short
    kept_short = 1.0 - ab_short if ab_short <= 0.5 else ch.not_abandoned_within(t_short)
    sl = {"abandoned_fail": ans_t,
          "abandoned_ignored": ans_t / p_served if p_served > 0 else 0.0,
          "short_abandons_excused": min(1.0, ans_t / kept_short) if kept_short > 0 else 0.0}
    return ErlangAResult(
        arrival_rate=lam, aht=aht, agents=s, patience=pat, target_time=t, traffic=a_erl,
        p_wait=p_wait, p_abandon=p_abandon, asa=asa, asa_all=p_abandon / theta,
        mean_time_to_abandon=mtta, lq=p_wait * ch.mean(ch.j), occupancy=a_erl * p_served / s,
        service_level=sl[sl_definition], sl_definition=sl_definition,
        sl_abandoned_fail=sl["abandoned_fail"], sl_abandoned_ignored=sl["abandoned_ignored"],
        sl_short_abandons_excused=sl["short_abandons_excused"], p_answered_within=ans_t,
        p_abandon_within_short=ab_short, short_abandon_time=t_short, states_used=int(ch.j.size),
    )
