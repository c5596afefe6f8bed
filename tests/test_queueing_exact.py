"""Erlang B, C and A against EXACT references in the overloaded regime (issue 20).

References, independent of core.queueing:
* mpmath at 50 digits: Erlang B as P(X = s) / P(X <= s), X ~ Poisson(A), from the regularised
  incomplete gamma function; Erlang A by summing the birth-death chain pi_n term by term.
* ``logspace_chain``: the birth-death chain of M/M/s+M summed in float64 log space with
  logsumexp over EVERY state n = 0 .. N (no truncation at the agents, no Erlang B, no
  recursion shared with core), used where mpmath would be slow (thousands of agents).
Tolerance 1e-12 relative on a grid with traffic 2-20x the agents, patience 1-900 s and
1-5,000 agents, as issue 20 asks.
"""
from __future__ import annotations

import importlib
import math
import time

import numpy as np
import pytest
from scipy.special import logsumexp

from core import queueing as q

ea = importlib.import_module("core.queueing.erlang_a")  # the module (the package re-exports the function)
mpmath = pytest.importorskip("mpmath", reason="mpmath==1.4.1 (requirements) gives the exact reference")
mp = mpmath.mp

from tests.test_queueing import mp_erlang_a as mp_erlang_a_digits  # noqa: E402


def mp_erlang_b(a, s):
    with mp.workdps(50):
        a = mp.mpf(a)
        log_pmf = s * mp.log(a) - a - mp.loggamma(s + 1)
        return float(mp.exp(log_pmf) / mp.gammainc(s + 1, a, mp.inf, regularized=True))


def mp_erlang_a(lam_h, aht, s, patience):
    """(P(wait), P(abandon), Lq) at 50 digits, all states summed (tests/test_queueing.py's reference).
    ASA of answered calls comes from mp_erlang_a_asa."""
    return mp_erlang_a_digits(lam_h, aht, s, patience, digits=50)


def logspace_chain(lam_h, aht, s, patience):
    """(P(wait), P(abandon)) of M/M/s+M: log pi_n for n = 0..N by cumulative sums of
    log(lambda / death rate) in extended precision, normalised with logsumexp (no Erlang B)."""
    lam, mu, th = lam_h / 3600.0, 1.0 / aht, 1.0 / patience
    y, x = lam / th, s * mu / th
    n_max = s + int(max(0.0, y - x)) + int(40 * math.sqrt(y + x + s) + 200)
    n = np.arange(1, n_max + 1, dtype=np.longdouble)  # 64-bit mantissa for the running sums
    death = np.minimum(n, s) * np.longdouble(mu) + np.maximum(n - s, 0) * np.longdouble(th)
    logpi = np.concatenate([[0.0], np.cumsum(np.log(np.longdouble(lam) / death))])
    logpi = (logpi - logpi.max()).astype(float)
    log_z = logsumexp(logpi)
    p_wait = math.exp(logsumexp(logpi[s:]) - log_z)
    j = np.arange(1, n_max - s + 1, dtype=float)
    lq = math.exp(logsumexp(logpi[s + 1:], b=j) - log_z)
    assert logpi[-1] - log_z < -70  # the states left out weigh nothing
    return p_wait, th * lq / lam


# ---------------------------------------------------------------- the cases of issue 20

@pytest.mark.parametrize("a, s, exact", [(125, 10, 0.9206829), (400, 200, 0.5024519),
                                         (6000, 5000, 0.1674903)])
def test_erlang_b_far_above_the_agents_issue_cases(a, s, exact):
    # before the fix: 1.0, 0.5342219 and 1.0
    assert q.erlang_b(a, s) == pytest.approx(exact, abs=5e-8)
    assert q.erlang_b(a, s) == pytest.approx(mp_erlang_b(a, s), rel=1e-13)


def test_erlang_a_issue_case_500_calls_900s_10_agents():
    r = q.erlang_a(500, 900, 10, 10, 20)
    # before: p_wait 1.0, p_abandon 0.94218, ASA 12.32 s, SL 0.04689
    assert (round(r.p_wait, 5), round(r.p_abandon, 5)) == (0.97667, 0.92020)
    assert round(r.asa, 2) == 8.72 and round(r.service_level, 5) == 0.06912
    p_wait, p_ab, lq = mp_erlang_a(500, 900, 10, 10)
    assert (r.p_wait, r.p_abandon, r.lq) == pytest.approx((p_wait, p_ab, lq), rel=1e-12)


def test_erlang_a_issue_case_4800_calls_200_agents_patience_1s():
    r = q.erlang_a(4800, 300, 200, 1, 20)
    assert round(r.p_abandon, 5) == 0.50144  # before: 0.51958
    assert r.p_abandon == pytest.approx(mp_erlang_a(4800, 300, 200, 1)[1], rel=1e-12)


def test_mean_time_to_abandon_does_not_cancel():
    # x = s * patience / AHT = 1.7e6: the old (j+1) - x H_j form lost 5 digits (0.1199972 s)
    r = q.erlang_a(30000, 300, 5000, 1e5, 20)
    assert r.mean_time_to_abandon == pytest.approx(0.1199994, abs=5e-8)
    # with a tiny P(wait) (A = 2500 on 5000 agents) an abandoning call abandons soon: its wait
    # is min(patience, wait) given it abandons; a hand bound: well below patience and AHT/(s-A)
    assert 0 < r.mean_time_to_abandon < 300 / 2500


def mp_mtta(lam_h, aht, s, patience):
    """Mean wait of abandoning calls at 50 digits, from the textbook form per queue position j:
    E[tau; tau < V_j] theta = (j+1)/(x+j+1) - x/(x+j+1) H_j, H_j = sum_{i<=j+1} 1/(x+i)
    (E[min(tau, V_j)] minus E[V_j; V_j <= tau]); the subtraction that cancels in float64 is
    harmless at 50 digits. Core uses the rewritten sum of positive terms instead."""
    with mp.workdps(50):
        th = 1 / mp.mpf(patience)
        x = s / mp.mpf(aht) / th
        y = mp.mpf(lam_h) / 3600 / th
        w, h, num, den = mp.mpf(1), mp.mpf(0), mp.mpf(0), mp.mpf(0)
        for j in range(0, 400):
            h += 1 / (x + j + 1)
            num += w * ((j + 1) - x * h) / (x + j + 1)
            den += w * (j + 1) / (x + j + 1)
            w *= y / (x + j + 1)
        assert w < mp.mpf(10) ** -30
        return float(num / (th * den))


@pytest.mark.parametrize("lam, aht, s, pat", [(30000, 300, 5000, 1e5), (200, 180, 8, 120),
                                               (1431, 270, 17, 90)])
def test_mean_time_to_abandon_matches_mpmath(lam, aht, s, pat):
    assert q.erlang_a(lam, aht, s, pat).mean_time_to_abandon == pytest.approx(mp_mtta(lam, aht, s, pat), rel=1e-11)


# ---------------------------------------------------------------- the grid

GRID_B = [(a_over_s * s, s) for s in (1, 2, 7, 30, 200, 1000, 5000) for a_over_s in (2.0, 5.0, 11.3, 20.0)]


@pytest.mark.parametrize("a, s", GRID_B + [(s * 1.0001, s) for s in (50, 5000)] + [(0.5 * s, s) for s in (10, 5000)])
def test_erlang_b_matches_mpmath_on_overloaded_grid(a, s):
    assert q.erlang_b(a, s) == pytest.approx(mp_erlang_b(a, s), rel=1e-12)


GRID_A = [  # (calls/h, AHT s, agents, patience s): traffic 2-20x the agents, patience 1-900 s
    (2 * 3600 / 300, 300, 1, 1), (20 * 3600 / 300, 300, 1, 900), (5 * 3600 / 180 * 7, 180, 7, 60),
    (12 * 3600 / 270 * 30, 270, 30, 300), (20 * 3600 / 900 * 10, 900, 10, 10), (2 * 3600 / 300 * 200, 300, 200, 900),
    (3 * 3600 / 300 * 1000, 300, 1000, 30), (19 * 3600 / 240 * 1000, 240, 1000, 1),
    (2 * 3600 / 300 * 5000, 300, 5000, 120), (20 * 3600 / 300 * 5000, 300, 5000, 5), (8 * 3600 / 200 * 2500, 200, 2500, 900),
]


@pytest.mark.parametrize("lam, aht, s, pat", GRID_A)
def test_erlang_a_matches_logspace_chain_on_overloaded_grid(lam, aht, s, pat):
    p_wait, p_ab = logspace_chain(lam, aht, s, pat)
    r = q.erlang_a(lam, aht, s, pat)
    assert r.p_wait == pytest.approx(p_wait, rel=1e-12)
    assert r.p_abandon == pytest.approx(p_ab, rel=1e-12)


@pytest.mark.parametrize("lam, aht, s, pat", [GRID_A[0], GRID_A[2], GRID_A[4], GRID_A[5], (1431, 270, 17, 900)])
def test_erlang_a_matches_mpmath_on_overloaded_grid(lam, aht, s, pat):
    p_wait, p_ab, lq = mp_erlang_a(lam, aht, s, pat)
    r = q.erlang_a(lam, aht, s, pat)
    assert (r.p_wait, r.p_abandon, r.lq) == pytest.approx((p_wait, p_ab, lq), rel=1e-12)


def test_the_logspace_reference_agrees_with_mpmath():
    # the float reference is itself checked at one point where mpmath is cheap
    assert logspace_chain(1431, 270, 17, 900) == pytest.approx(mp_erlang_a(1431, 270, 17, 900)[:2], rel=1e-12)


def test_erlang_c_from_exact_b_near_and_far():
    # C = s B / (s - A (1 - B)); mpmath B at A = 0.5 s, 0.99 s
    for a, s in ((50.0, 100), (4950.0, 5000)):
        b = mp_erlang_b(a, s)
        c = s * b / (s - a * (1 - b))
        assert q.erlang_c(a * 3600 / 300, 300, s).p_wait == pytest.approx(c, rel=1e-12)


# ---------------------------------------------------------------- very long patience: bounded work

def test_very_long_patience_bounds_the_work():
    # 2000 agents, A = 2500 Erlangs, patience 1e12 s: ~1e7 queue states around a mode of 1.7e12;
    # before: tens of millions of states, 260 s. Now at most MAX_STATES evaluations.
    t0 = time.process_time()   # CPU time: the machine may be shared
    r = q.erlang_a(30000, 300, 2000, 1e12)
    assert time.process_time() - t0 < 5.0
    assert r.states_used <= q.MAX_STATES
    # fluid limit (Whitt 2006): everyone waits, the surplus 1 - s/A abandons, answered calls
    # wait patience * ln(A / s); exact to O(1/sqrt(y)), y = 8e12
    assert r.p_wait == 1.0
    assert r.p_abandon == pytest.approx(1 - 2000 / 2500, rel=1e-9)
    assert r.asa == pytest.approx(1e12 * math.log(2500 / 2000), rel=1e-5)
    # stable case with huge patience: Erlang C (P(wait) underflows to 0 at A = s/2 = 2500)
    r = q.erlang_a(30000, 300, 5000, 1e12)
    assert (r.p_wait, r.service_level) == (0.0, 1.0)


@pytest.mark.parametrize("lam, aht, s, pat", [(30000, 300, 2000, 5e6), (30000, 300, 2499, 3e6),
                                               (30000, 300, 2500, 2e6), (1800, 300, 150, 1e7),
                                               (36, 1e6, 1, 1e9), (30000, 300, 2500, 1e7)])
def test_block_summation_agrees_with_every_state_summed(monkeypatch, lam, aht, s, pat):
    # overloaded, just below and at critical load, underloaded with a long geometric tail, a far
    # queue with x = 1000 (36 calls/h, AHT 1e6 s). With a cap of 20,000 (15x coarser blocks than
    # MAX_STATES = 300,000 gives, the junction inside the bulk of the weights) the blocks agree
    # with every state summed within the tolerance stated for the real cap, 1e-12 (without the
    # junction's Euler-Maclaurin term the difference was 6e-8 at 2499 agents).
    kw = dict(target_time=20, sl_definition="short_abandons_excused", short_abandon_time=40)
    dense = q.erlang_a(lam, aht, s, pat, **kw)
    monkeypatch.setattr(ea, "MAX_STATES", 20_000)
    blocked = q.erlang_a(lam, aht, s, pat, **kw)
    assert blocked.states_used <= 20_000 < dense.states_used <= 300_000
    for f in ("p_wait", "p_abandon", "asa", "mean_time_to_abandon", "lq", "sl_abandoned_fail",
              "p_abandon_within_short", "service_level"):
        assert getattr(blocked, f) == pytest.approx(getattr(dense, f), rel=1e-12, abs=1e-300), f


def test_long_patience_tends_to_erlang_c_at_rate_one_over_patience():
    # Erlang A -> Erlang C as theta = 1/patience -> 0, with an error proportional to theta:
    # at patience 1e6 x AHT within 1e-5, and ten times closer at ten times the patience
    c = q.erlang_c(200, 180, 12)
    a6, a7 = (q.erlang_a(200, 180, 12, patience=180 * f) for f in (1e6, 1e7))
    assert (a6.p_wait, a6.service_level, a6.asa) == pytest.approx((c.p_wait, c.service_level, c.asa), rel=1e-5)
    assert (c.p_wait - a6.p_wait) / (c.p_wait - a7.p_wait) == pytest.approx(10, rel=0.01)
    assert a6.p_abandon == pytest.approx(c.wq / 180e6, rel=1e-4)  # Little: P(ab) = E[time in queue] / patience
