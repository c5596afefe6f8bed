"""Kill tests for the survivors of the first FULL mutation run of core/queueing (issue 20,
docs/MUTATION.md "Full runs"; 98 survivors of 1,803 mutants, test-output/mutation/queueing/).

Expected values are independent of core.queueing: hand calculations (M/M/1 by hand), mpmath at 30-50
digits (Erlang B as pmf / cdf, Erlang C from the incomplete gamma function, the documented span from
log-gamma weights, the mean wait of abandoning calls summed per queue position), the 80-bit
birth-death sums of tests/test_kill_queueing.py, and laws (a share is at most 1).
The "# full run" block at the end says, for every survivor not killed here, why it is equivalent.
"""
import importlib
import math
import warnings

import numpy as np
import pytest

from core import queueing as q
from tests.test_queueing import mp_erlang_c, mpmath, needs_mpmath

ea = importlib.import_module("core.queueing.erlang_a")  # the module (the package re-exports the function)


# ----------------------------------------------------------------------------- inputs and their errors

def test_one_agent_read_from_a_spreadsheet_is_one_agent():
    # a roster read with pandas gives numpy integers or floats ("1", "1.0"): one agent is valid.
    # 60 calls/h x 30 s = 0.5 Erlang on one agent: M/M/1 by hand, P(wait) = rho = 0.5
    assert q.erlang_c(60, 30, np.int64(1)).p_wait == pytest.approx(0.5, rel=1e-12)
    assert q.erlang_c(60, 30, 1.0).agents == 1
    st = q.tandem(60, [dict(name="admisión", agents=np.int64(1), aht=30.0)]).stations[0]
    assert st.stable and st.agents == 1 and st.result.p_wait == pytest.approx(0.5, rel=1e-12)


def test_refused_inputs_keep_the_value_the_user_typed():
    # the message shown to the user quotes what was typed: "tres" agents, infinite agents, an SL
    # goal of 80 typed for 80 %
    for call, expected in ((lambda: q.erlang_c(100, 180, "tres"), ("agents", "not_a_number", "tres")),
                           (lambda: q.erlang_c(100, 180, math.inf), ("agents", "not_finite", math.inf)),
                           (lambda: q.required_agents(100, 180, target_sl=80), ("target_sl", "out_of_range", 80.0))):
        with pytest.raises(q.QueueInputError) as e:
            call()
        assert (e.value.field, e.value.reason, e.value.value) == expected


def test_a_night_interval_with_a_blank_aht_is_refused_even_below_one_call_per_hour():
    # 0.5 calls/h at 03:00 with an AHT of 0 (a blank read as 0): the interval has calls, so its AHT
    # must be positive; the error names its position
    with pytest.raises(q.QueueInputError) as e:
        q.required_agents_many([120.0, 0.5, 0.0], [180.0, 0.0, 0.0])
    assert (e.value.field, e.value.reason) == ("ahts[1]", "not_positive")


# ----------------------------------------------------------------------------- staffing goals

@needs_mpmath
def test_required_agents_default_target_time_is_20_seconds():
    # 200 calls/h x 180 s = 10 Erlangs; with 13 agents SL(20 s) = 0.79559 and SL(21 s) = 0.79897
    # (40-digit Erlang C): a goal of 79.7 % needs 14 agents at the default 20 s
    assert mp_erlang_c(200, 180, 13, 20)[1] < 0.797 < mp_erlang_c(200, 180, 13, 21)[1]
    assert mp_erlang_c(200, 180, 14, 20)[1] >= 0.797
    assert q.required_agents(200, 180, target_sl=0.797) == 14
    assert q.required_agents(200, 180, target_sl=0.797, target_time=21) == 13


def test_an_sl_goal_met_exactly_is_met():
    # a clinic line: 6 calls/h x 90 s = 0.15 Erlang. M/M/1 by hand: P(wait) = rho = 0.15, so the share
    # answered at once (target time 0 s) is 1 - 0.15 = 0.85: a goal of 85 % is met by one agent
    # ("SL >= target", docs/DEFINITIONS.md); 85.1 % needs a second
    assert q.erlang_c(6, 90, 1, 0).service_level == 0.85
    assert q.required_agents(6, 90, target_sl=0.85, target_time=0) == 1
    assert q.required_agents_many([6.0, 6.0], [90.0, 90.0], target_sl=0.85, target_time=0).tolist() == [1, 1]
    assert q.required_agents_many([6.0], [90.0], target_sl=0.851, target_time=0).tolist() == [2]


@needs_mpmath
def test_required_agents_many_meets_the_sl_and_the_asa_goal_together():
    # 10 Erlangs (200 calls/h x 180 s), 80/20 and ASA <= 60 s. 40-digit Erlang C: 12 agents give
    # Wq = 40.4 s (ASA met) but SL 0.640; 13 give SL 0.796; 14 give 0.888: both goals need 14
    assert mp_erlang_c(200, 180, 12, 20)[2] <= 60 and mp_erlang_c(200, 180, 13, 20)[1] < 0.8
    assert mp_erlang_c(200, 180, 14, 20)[1] >= 0.8
    assert q.required_agents_many([200.0, 200.0], [180.0, 180.0], target_sl=0.8, target_asa=60).tolist() == [14, 14]
    assert q.required_agents(200, 180, target_sl=0.8, target_asa=60) == 14


def test_tandem_stations_keep_their_inputs_and_minimum_stable_agents():
    # 120 calls/h; front: 3 agents x 72 s, A = 2.4 Erlangs (stable, needs at least floor(2.4) + 1 = 3);
    # follow-up: 40 % of calls, 1 agent x 180 s, A = 48 x 180 / 3600 = 2.4 Erlangs (unstable)
    r = q.tandem(120, [dict(name="frente", agents=3, aht=72), dict(name="seguimiento", agents=1, aht=180, share=0.4)])
    front, follow = r.stations
    assert (front.min_agents, front.aht, front.share) == (3, 72.0, 1.0)
    assert (follow.stable, follow.aht, follow.share, follow.min_agents) == (False, 180.0, 0.4, 3)


# ----------------------------------------------------------------------------- Erlang B far above the traffic

@needs_mpmath
@pytest.mark.parametrize("a, s", [(2000.0, 3960), (6000.0, 10000)])
def test_erlang_b_that_underflows_is_exactly_zero(a, s):
    # 2,000 Erlangs on 3,960 agents: pmf(s) = e^-750.12 ~ 1.8e-326 and B = pmf / cdf is below half the
    # smallest subnormal double: correctly rounded, B is 0.0 (50-digit value), not a few subnormal ulps
    # (5e-324) of rounding noise from the recursion
    from tests.test_queueing_exact import mp_erlang_b
    assert s * math.log(a) - a - math.lgamma(s + 1.0) < -750
    assert mp_erlang_b(a, s) == 0.0
    assert q.erlang_b(a, s) == 0.0


# ----------------------------------------------------------------------------- Erlang A: the span of queue states

def mp_span_states(lam, aht, s, pat):
    """Number of queue states of the documented span (core.queueing.erlang_a._span's docstring), from
    40-digit log-gamma weights: from the mode floor(y - x), 64 * 2^b states each way until
    log(w_end / w_mode) <= -96 (downwards: or state 0). Returns the number of states."""
    with mpmath.workdps(40):
        x, y = mpmath.mpf(s) * pat / aht, mpmath.mpf(lam) / 3600 * pat
        mode = max(0, int(mpmath.floor(y - x)))

        def rel(j):  # log(w_j / w_mode), w_j = y^j / prod_{i<=j} (x + i)
            return (j - mode) * mpmath.log(y) - (mpmath.loggamma(x + j + 1) - mpmath.loggamma(x + mode + 1))

        k = 64
        while rel(mode + k) > -96:
            k *= 2
        hi = mode + k
        k = 64
        while mode - k > 0 and rel(mode - k) > -96:
            k *= 2
        return hi - max(0, mode - k) + 1


@needs_mpmath
@pytest.mark.parametrize("lam, aht, s, pat, states", [
    (232, 180, 8, 120, 67),           # 11.6 Erlangs on 8 agents: the span ends 64 states above the mode
    (256, 120, 3, 900, 298),          # 8.5 Erlangs on 3 agents, patience 15 min
    (2823.87, 300, 20, 180, 386),     # 235 Erlangs on 20 agents (11.8x): state 0 weighs e^-95.99991 of the mode
    (1800, 120, 127, 60, 129),        # x = s patience / AHT = 63.5 exactly: 64 states up from state 0
])
def test_queue_states_summed_are_the_documented_span(lam, aht, s, pat, states):
    assert mp_span_states(lam, aht, s, pat) == states
    assert q.erlang_a(lam, aht, s, pat).states_used == states


def test_an_ordinary_shift_raises_no_runtime_warning():
    # 200 calls/h x 180 s on 14 agents, patience 2 min: the queue is short (mode 0); no state below 0 is
    # looked at, so no log of a negative number warns (a warning would reach the server log per call)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = q.erlang_a(200, 180, 14, 120)
    assert 0 < r.p_wait < 1


def test_blocks_start_exactly_when_the_span_exceeds_the_cap(monkeypatch):
    # (MAX_STATES, docstring): at most MAX_STATES states one by one; a span of S states is summed state by
    # state when S <= MAX_STATES, else the first M // 2 states one by one and the rest in blocks of
    # h = ceil(rest / (M // 2)) states. 232 calls/h, AHT 180 s, 8 agents, patience 120 s: S = 67.
    lam, aht, s, pat, span = 232, 180, 8, 120, 67
    for cap in (67, 68):
        monkeypatch.setattr(ea, "MAX_STATES", cap)
        assert q.erlang_a(lam, aht, s, pat).states_used == span
    monkeypatch.setattr(ea, "MAX_STATES", 66)
    dense = 33
    h = -(-(span - dense) // dense)          # 34 states left: blocks of 2
    assert q.erlang_a(lam, aht, s, pat).states_used == dense + -(-(span - dense) // h) == 50


# ----------------------------------------------------------------------------- Erlang A: per-position sums

@needs_mpmath
def test_phi_series_keeps_its_digits_for_small_steps():
    # (1 + u) log1p(u) - u ~ u^2 / 2: the direct formula cancels (4e-13 relative at u = 1e-3, 9e-13 at
    # 1e-4); the series keeps 1e-16. abs=0: pytest.approx's default abs of 1e-12 would accept anything.
    for u in (1e-3, 1e-4, 3e-3):
        with mpmath.workdps(40):
            ref = float((1 + mpmath.mpf(u)) * mpmath.log1p(mpmath.mpf(u)) - u)
        assert float(ea._phi(u)) == pytest.approx(ref, rel=1e-15, abs=0)


def mp_mean_time_to_abandon(lam_h, aht, s, patience, digits=30):
    """Mean wait of the calls that abandon (s), summed per queue position j = 0, 1, ... until the weight
    w_j = prod_{i<=j} y/(x+i) is below 1e-40 of the largest (past the mode): the textbook form
    E[tau; tau < V_j] theta = ((j+1) - x H_j) / (x+j+1), H_j = sum_{i<=j+1} 1/(x+i), at 30 digits."""
    with mpmath.workdps(digits):
        th = 1 / mpmath.mpf(patience)
        x, y = s / mpmath.mpf(aht) / th, mpmath.mpf(lam_h) / 3600 / th
        w, h, num, den, w_max, j = mpmath.mpf(1), mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(1), 0
        while j <= y - x or w > w_max * mpmath.mpf(10) ** -40:
            h += 1 / (x + j + 1)
            num += w * ((j + 1) - x * h) / (x + j + 1)
            den += w * (j + 1) / (x + j + 1)
            w *= y / (x + j + 1)
            w_max = max(w_max, w)
            j += 1
        return float(num / (th * den))


@needs_mpmath
def test_mean_time_to_abandon_of_a_patient_queue_near_full_load():
    # 8,000 calls/h x 180 s = 400 Erlangs on 450 agents, patience 1 h: x = 450 x 3600 / 180 = 9,000 and
    # most waiting calls have few ahead, where K_j = sum i/(x+i) ~ j^2 / 2x is tiny: the per-position
    # sums must be added state by state (a difference of digamma values near 9.1 loses 9 digits there)
    ref = mp_mean_time_to_abandon(8000, 180, 450, 3600)
    assert q.erlang_a(8000, 180, 450, 3600).mean_time_to_abandon == pytest.approx(ref, rel=1e-12)


@needs_mpmath
def test_asa_with_a_patience_of_weeks_at_twice_the_agents():
    # 2,400 calls/h x 300 s = 200 Erlangs on 100 agents, patience 3.6e6 s (x = 1.2e6, y = 2.4e6): more
    # than a million calls ahead, so the position sums start from their closed form at the first state
    # (about x - 32,768, close to x: the Euler-Maclaurin term of H must be 1/(x + 1/2 + n)^2).
    # Reference: tests/test_kill_queueing.longdouble_answered (80-bit sums, mpmath digamma at 30 digits).
    from tests.test_kill_queueing import longdouble_answered
    _, asa, mtta = longdouble_answered(2400, 300, 100, 3.6e6)
    r = q.erlang_a(2400, 300, 100, 3.6e6)
    assert r.p_wait == 1.0
    assert r.asa == pytest.approx(asa, rel=1e-13)
    assert r.mean_time_to_abandon == pytest.approx(mtta, rel=1e-13)


def test_excused_service_level_is_never_above_one():
    # 30 calls/h x 60 s on one agent, patience 1 min, target 30 min, abandons within 1 h excused:
    # P(patience > 3600 s) = e^-60, so every abandon is excused and almost every answered call is
    # answered within 30 min: SL = answered within 30 min / answered ~ 1, and never above 100 %
    r = q.erlang_a(30, 60, 1, 60, target_time=1800, sl_definition="short_abandons_excused",
                   short_abandon_time=3600)
    assert r.service_level <= 1.0
    assert r.service_level == pytest.approx(1.0, rel=1e-12)


# ----------------------------------------------------------------------------- full run
# full run (first full mutation run of core/queueing, 98 survivors of 1,803): killed above, or equivalent
# for the reason given (mutmut names; "MUTATION.md" = docs/MUTATION.md, "seed N" = that block of
# tests/test_kill_queueing.py).
#
# Killed above (30): common._agents 10, 21, 41, 42 and _fraction 21 (error values, one agent as np.int64 /
# 1.0); tandem._station 60, 61, 84; staffing._check_many 19, required_agents 2, 71,
# required_agents_many 108, 110; erlang_b 21, 22, 26, 30 (B that underflows is 0.0, not 5e-324);
# erlang_a: _log_ratio_sum 7, 19, 22 and _span 33 (the span search: states_used, a ZeroDivisionError at
# x = 63.5, a RuntimeWarning), _queue_states 6, 8, 9 and _block_states 7 (the cap: states_used; 8 and 9
# only differ at an odd cap, the shipped 300,000 gives h = 1 blocks = the same states), _queue_states 20
# (8e-10 in the mean time to abandon at x = 9,000, not "1e-14" as the seed-25 note says), _harmonic 22,
# _phi 1, 38 (test_kill_queueing.test_phi_against_mpmath was blind: approx's default abs=1e-12),
# erlang_a 107 (an excused SL of 1.0000000000000002).
#
# Equivalent, reason already written: _fraction 5 (MUTATION.md, seed 21: positive=None is falsy);
# _real 5 (MUTATION.md seed 22: a fast path off); _harmonic 2, _k_sum 1, 40 (MUTATION.md seed 20/21:
# boundary x = 1e4 / v = 0.05, both branches agree below 4e-15); _k_sum 15 (MUTATION.md seed 25: object
# zeros_like, same floats); _b_terms 15 (MUTATION.md seed 20: 11 sqrt(A), more terms); _b_terms 35
# (MUTATION.md seed 22 and "Fixed this round": tail < 4e-17 for A <= 1e8); _b_terms 37 and erlang_b 17, 18
# (seed 24 block of tests/test_kill_queueing.py).
#
# Equivalent, new (checked: same values on the cases of tests/test_queueing*.py and, for erlang_b, on
# 106,355 points A = 1e-3..1e5 around every threshold, unless a bound is given):
# - _agents 2, 4, 5 and _real 4, 7, 9: the fast path off for some valid ints/floats; the slow path
#   (real_or_reason / int(s)) returns the same float / int (bools are not type int either way).
# - _harmonic 1, _k_sum 2: the x = 1e4 boundary moved (x <= 1e4, x < 10001): same reason as _harmonic 2.
# - _k_sum 22, _phi 21: one more series term, below 0.05^17 / 17 ~ 4e-24 relative.
# - _k_sum 63: Euler-Maclaurin term / 25: changes K by < x/(600 c^2) < 1/(600 c) (c = x + 1/2 >= 1e4) on
#   K >= 1e6 (non-blocked) or on blocks where x >= 1e8; measured <= 3e-15 (nine cases, blocked ones too).
# - _phi 3: u = 0.05 exactly takes the series (2e-16) instead of the direct form (1.6e-15): both exact.
# - _phi 12 (us = 1.0 off the series range) and 14 (object zeros_like): the series value is discarded
#   there by np.where / holds the same floats; identical results.
# - _log_weight_at 4 and _position_sums 28: j = 1e6 (lo = 1e6) exactly takes the closed form instead of
#   fsum, both exact to ~1e-10 absolute in a log weight; there log S >= 96 so P(wait) = 1 - <1e-35.
# - _p_wait 3 (log r = 0: both forms give 0.5, 0.5) and 4 (0 < log r <= 1 by the other, equal form):
#   identical results.
# - _span 23, 46: ">=" instead of ">" only when a float log-weight sum equals -96.0 exactly.
# - _span 34: mode - k == 0 goes on one more step, and lo = max(0, mode - k) = 0 either way.
# - _block_states 13 (MAX_STATES / 2: 150000.0 = 150000 for the even cap), 21 (np.arange(rest / h) has
#   ceil(rest / h) elements, as the integer ceiling), 28, 29, 30 (the last block's width: it ends at hi,
#   where the weight is below e^-96 of the largest; states_used unchanged): identical results.
# - erlang_a 50, 56, 94, 96, 98 (the p_served > 0 guards: P(answered) >= x / (x + hi + 1) > 0 unless
#   s patience / AHT underflows to 0, as seed 24's erlang_a 52/58), 62, 70, 72 (den_ab > 0: every
#   (j+1)/(x+j+1) > 0 for finite x; x = inf already fails in _span), 102, 109, 111 (kept_short > 0:
#   computed directly, 0 only if every call abandons within the window exactly, MUTATION.md seed 25's
#   erlang_a 111), 85 (ab_short == 0.5 exactly: 1 - 0.5 and the direct form both give 0.5).
# - _b_terms 6, 7 and 17: more terms than the bound needs (each < 1e-20 relative; 7 sums every term,
#   slower, values equal to 1.2e-15); 18: with s = 1, n = min(1, ...) = 1 either way; 28: two terms fewer
#   still leave a tail <= r^L / (1 - r) = 1e-20 (the real bound is 2 terms conservative); 32: tail below
#   1e-20 A / 21 where the geometric bound is the smaller one (measured <= 4e-16).
# - erlang_b 14, 15, 16, 20: the shortcut's first bound moved, but its second test (pmf < e^-750) alone
#   needs s >= A + 38 sqrt(A): no s between the old and new bounds passes it (identical on the grid).
# - erlang_b 28 (<= at log pmf = -750 exactly), 49 (x == 1e300 exactly), 50 (1e+300 is the same float).
# - erlang_b 37: n = 200 summed with numpy instead of the recursion (both exact, 1.4e-15 apart).
# - erlang_b 46: (s - i) * A in the vector sum: n > 200 factors >= 1 overflow past 1e300 (A < 1 with
#   s > 200 takes the e^-750 shortcut first), so the recursion always answers; <= 1e-14 apart.
# - erlang_b 57: the recursion from B(0) = 1 over every agent: exact, only more steps.
# - erlang_b_log_odds 9: B == 0.5 exactly: log1p(-0.5) - log(0.5) = 0 = log(sum T_j) = log(1).
# - staffing._occupancy_floor 2 (1 instead of 0 without a cap: max(floor(A) + 1, 1) is the same) and
#   required_agents_many 106 (ok starts all True: ok = cond equals ok &= cond).
