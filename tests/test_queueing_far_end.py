"""Erlang A where one minus a probability is all that is left (issue 20, the far end): traffic far above
one agent (AHT 1e17 s: nearly every call waits and abandons), a P(wait) below the smallest normal double,
and an excused service level whose denominator is 1 - P(abandon within t) ~ 1e-17. References: the
birth-death chain and the same conditional probabilities evaluated by mpmath at 30 to 50 digits."""
from __future__ import annotations

import math

import pytest

from core import queueing as q
from core.queueing.erlang_b import erlang_b_log_odds

mpmath = pytest.importorskip("mpmath")
mp = mpmath.mp


def mp_log_odds(a, s):
    """log(1/B - 1) = log(sum_{j=1..s} prod_{i<j} (s - i) / A), 50 digits."""
    with mp.workdps(50):
        a, total, term = mp.mpf(a), mp.mpf(0), mp.mpf(1)
        for i in range(s):
            term *= (s - i) / a
            total += term
        return float(mp.log(total))


@pytest.mark.parametrize("a, s", [(1e17, 1), (125, 10), (400, 200), (6000, 5000), (1.0, 171), (0.01, 5), (10, 14)])
def test_erlang_b_log_odds_against_50_digits(a, s):
    # for one agent by hand: 1/B - 1 = 1/A, so log odds = -log A (-39.1439 for A = 1e17, where 1 - B
    # rounds to 0 in doubles); for B(171, 1) ~ 3e-310 the odds 1/B ~ 3e309 overflow a double
    assert erlang_b_log_odds(a, s) == pytest.approx(mp_log_odds(a, s), rel=1e-13, abs=1e-13)
    if s == 1:
        assert erlang_b_log_odds(a, s) == pytest.approx(-math.log(a), rel=1e-15)


def mp_chain(lam_h, aht, s, patience, t, t_short, digits=30):
    """Birth-death chain at ``digits`` digits: (P(wait), busy agents, P(answered within t), P(not abandoned
    within t_short)) for an arriving call (PASTA), from the conditional laws of the module docstring."""
    with mp.workdps(digits):
        lam, mu, th = mp.mpf(lam_h) / 3600, 1 / mp.mpf(aht), 1 / mp.mpf(patience)
        x = s * mu / th
        # states up to where, past the mode, a term is below 1e-40 of the largest and of the first
        # waiting state (P(wait), a sum from state s on, may itself be ~1e-310 of the whole)
        pi, n = [mp.mpf(1)], 0
        while n <= s or n < s + lam / th or pi[-1] > mp.mpf(10) ** -40 * min(max(pi), pi[s]):
            n += 1
            pi.append(pi[-1] * lam / (min(n, s) * mu + max(n - s, 0) * th))
        n_max = n
        z = mp.fsum(pi)
        pi = [p / z for p in pi]
        q_t, q_s = 1 - mp.exp(-th * t), 1 - mp.exp(-th * t_short)
        no_wait = mp.fsum(pi[:s])
        answered = no_wait + mp.fsum(
            pi[s + j] * x / (x + j + 1) * mp.betainc(j + 1, x + 1, 0, q_t, regularized=True)
            for j in range(n_max - s + 1))
        kept = no_wait + mp.fsum(
            pi[s + j] * (mp.exp(-th * t_short) * (1 - mp.betainc(j + 1, x, 0, q_s, regularized=True))
                         + x / (x + j + 1) * mp.betainc(j + 1, x + 1, 0, q_s, regularized=True))
            for j in range(n_max - s + 1))
        busy = mp.fsum(min(n, s) * pi[n] for n in range(n_max + 1))
        return mp.fsum(pi[s:]), busy, answered, kept


def test_one_agent_with_traffic_1e17_is_busy_all_the_time():
    # 3,600 calls/h on one agent with AHT 1e17 s: A = 1e17 Erlangs; P(no wait) ~ 1e-17, so the agent is
    # busy a share 1 - 1e-17 of the time. Occupancy = A P(served) / s carried the lost 1 - P(wait)
    # (0.632 before: P(served) = (1 - P(wait)) + ... with 1 - P(wait) rounded to 0).
    p_wait, busy, answered, _ = mp_chain(3600, 1e17, 1, 1, 20, 20)
    r = q.erlang_a(3600, 1e17, 1, 1)
    assert r.occupancy == pytest.approx(float(busy), rel=1e-14, abs=0)
    assert float(busy) == pytest.approx(1.0, abs=1e-16)
    assert r.p_answered_within == pytest.approx(float(answered), rel=1e-12, abs=0)
    assert float(answered) == pytest.approx(1e-17, rel=1e-8, abs=0)     # the calls that find the agent free


def test_excused_service_level_when_nearly_every_call_abandons_within_the_window():
    # Same queue, short abandons excused up to 1,000 s: answered within 20 s ~ 1.0e-17 of the offered
    # calls, not abandoned within 1,000 s ~ 1.0e-17 too (the same calls: those that find the agent
    # free), so the excused SL is ~1.0, not 0.0 (1 - P(abandon within 1,000 s) rounded to 0 before).
    _, _, answered, kept = mp_chain(3600, 1e17, 1, 1, 20, 1000)
    r = q.erlang_a(3600, 1e17, 1, 1, short_abandon_time=1000, sl_definition="short_abandons_excused")
    assert r.service_level == pytest.approx(float(answered / kept), rel=1e-12, abs=0)
    assert 0.999 < r.service_level <= 1.0


@pytest.mark.parametrize("lam, aht, s, pat, t_short", [(200, 180, 8, 120, 60), (500, 900, 10, 10, 20)])
def test_excused_service_level_in_ordinary_and_overloaded_shifts(lam, aht, s, pat, t_short):
    # where 1 - P(abandon within) keeps its digits, the same figure at 30 digits
    _, _, answered, kept = mp_chain(lam, aht, s, pat, 20, t_short)
    r = q.erlang_a(lam, aht, s, pat, short_abandon_time=t_short, sl_definition="short_abandons_excused")
    assert r.service_level == pytest.approx(float(answered / kept), rel=1e-11, abs=0)
    assert r.p_abandon_within_short == pytest.approx(float(1 - kept), rel=1e-11, abs=0)


def test_p_wait_below_the_smallest_normal_double_is_not_rounded_to_zero():
    # 20 calls/h x 180 s = 1 Erlang on 171 agents: P(wait) ~ 3e-310, a subnormal double (about 13 digits
    # left); the odds 1/B overflowed before and P(wait) came out 0.0
    p_wait, *_ = mp_chain(20, 180, 171, 120, 20, 20)
    r = q.erlang_a(20, 180, 171, 120)
    assert 2e-310 < float(p_wait) < 4e-310
    assert r.p_wait == pytest.approx(float(p_wait), rel=1e-9, abs=0)
