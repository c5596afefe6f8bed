"""Erlang B (M/M/s/s loss system), exact at every load.

1/B(s, A) = sum_{j=0..s} T_j with T_0 = 1, T_j = prod_{i<j} (s - i) / A: this is
P(X <= s) / P(X = s) for X ~ Poisson(A), read from k = s downwards. The forward recursion
B(k) = A B(k-1) / (k + A B(k-1)) started at k0 with B(k0) = 1 sums exactly the terms
j <= s - k0, and each of its steps is a convex combination (stable, no overflow).

Where to start (``_b_terms`` gives n, the start is k0 = s - n). Past the largest term, at
j* = max(0, s - floor(A)), every ratio T_{j+1} / T_j = (s - j) / A is at most 1 - (j - j*) / A, so
T_{j*+m} / T_{j*} <= exp(-m (m - 1) / 2A) <= e^-50 for m = 10 sqrt(A) + 3, and the tail beyond
is at most (1 + sqrt(A) / 10) times that: a relative error below 1e-19 for any A <= 1e8.
When s < A the ratios are also at most s / A, a geometric tail: m = log(1e-20 (1 - s/A)) /
log(s/A) terms suffice, whichever is fewer. (The previous start, A - 10 sqrt(A) - 3 whatever s,
was right only for s >= A - O(sqrt A): far above the agents it dropped the very terms that make
up 1/B and returned 1.0; issue 20.) Cost: O(min(s, s - A + sqrt A, log / log(s/A))) steps.
"""
from __future__ import annotations

import math

import numpy as np

#: above this many recursion steps erlang_b sums with numpy instead of a Python loop
_VECTOR_FROM = 200
#: relative size of the dropped tail of 1/B
_TAIL = 1e-20


def _b_terms(a: float, s: int) -> int:
    """Number of terms of 1/B(s, A) beyond T_0 that matter (see the module docstring), <= s."""
    j_star = max(0, s - int(math.floor(a)))
    m = int(math.ceil(10.0 * math.sqrt(a) + 3.0))
    if 0 < s < a:
        r = s / a
        m = min(m, int(math.ceil((math.log(_TAIL) + math.log1p(-r)) / math.log(r))) + 1)
    return min(s, j_star + m)


def erlang_b(traffic: float, agents: int) -> float:
    """Erlang B blocking probability B(s, A) of the M/M/s/s loss system.

    traffic: A in Erlangs (>= 0); agents: s >= 0. Exact to a few ulps at every load (see the
    module docstring): erlang_b(125, 10) = 0.9206829..., erlang_b(6000, 5000) = 0.1674903...
    Source: Gross et al., Fundamentals of Queueing Theory, 4th ed., sec. 2.6.
    """
    a = float(traffic)
    s = int(agents)
    if a == 0.0:
        return 1.0 if s == 0 else 0.0
    # B(s) = pmf(s) / cdf(s) <= 2 pmf(s) once s >= A (the Poisson median is about A): when
    # pmf(s) < e^-750 the answer is 0 in double precision, and the loop is skipped.
    if s > a + 10.0 * math.sqrt(a) + 20.0 and s * math.log(a) - a - math.lgamma(s + 1.0) < -750.0:
        return 0.0
    n = _b_terms(a, s)
    if n > _VECTOR_FROM:
        # 1/B(s) = sum_{j=0..n} prod_{i<j} (s - i)/A (the recursion unrolled), summed with numpy
        with np.errstate(over="ignore"):
            x = 1.0 + float(np.cumprod((s - np.arange(n)) / a).sum())
        if x < 1e300:
            return 1.0 / x
    b = 1.0
    for k in range(s - n + 1, s + 1):
        ab = a * b
        b = ab / (k + ab)
    return b


def erlang_b_log_odds(traffic: float, agents: int) -> float:
    """log((1 - B) / B) = log(1/B - 1) = log(sum_{j=1..s} T_j) (module docstring), without the
    cancellation of 1/B - 1 when B is near 1 (traffic far above the agents: for A = 1e17 on one agent
    it is log(1e-17), where 1 - B rounds to 0) nor the overflow of 1/B when B is subnormal.
    Infinite when B underflows to 0."""
    a, s = float(traffic), int(agents)
    b = erlang_b(a, s)
    if b < 0.5:
        return math.log1p(-b) - math.log(b) if b > 0.0 else math.inf
    # B >= 1/2: 1/B <= 2, so every term T_j < 1 and the few that matter are summed directly
    return math.log(float(np.cumprod((s - np.arange(_b_terms(a, s))) / a).sum()))
