"""Tests that kill mutants of core/queueing/ that the module tests let survive (issue 20, docs/MUTATION.md).

References: hand calculations (M/M/1, M/M/2 closed forms) and the independent 40-digit / Markov-chain
references of tests/test_queueing.py (mpmath incomplete gamma, birth-death sums, tagged-call expm).
"""
import math

import numpy as np
import pytest

from core import queueing as q
from tests.test_queueing import mp_erlang_a, mp_erlang_c, mpmath, needs_mpmath, tagged_call_sl


def test_sweep_erlang_c_columns_by_hand():
    # 60 calls/h, AHT 30 s: A = 0.5 Erlang. M/M/1: C = rho = 0.5, Wq = C * 30 / (1 - 0.5) = 30 s,
    # SL(20 s) = 1 - 0.5 exp(-(1 - 0.5) 20 / 30). M/M/2: C = 0.1 (closed form), Wq = 0.1 * 30 / 1.5 = 2 s.
    rows = q.sweep_agents(60, 30, [1, 2], target_time=20)
    assert [r["agents"] for r in rows] == [1, 2] and all(r["stable"] is True for r in rows)
    assert rows[0]["p_wait_c"] == pytest.approx(0.5, rel=1e-12)
    assert rows[0]["asa_c"] == pytest.approx(30.0, rel=1e-12)
    assert rows[0]["sl_c"] == pytest.approx(1 - 0.5 * math.exp(-0.5 * 20 / 30), rel=1e-12)
    assert rows[0]["occupancy_c"] == 0.5 and rows[1]["occupancy_c"] == 0.25
    assert rows[1]["p_wait_c"] == pytest.approx(0.1, rel=1e-12)
    assert rows[1]["asa_c"] == pytest.approx(2.0, rel=1e-12)
    assert "sl_a" not in rows[0]  # no patience: no Erlang A columns
    # another target time: SL(60 s) = 1 - 0.5 exp(-0.5 * 60 / 30)
    assert q.sweep_agents(60, 30, [1], target_time=60)[0]["sl_c"] == pytest.approx(1 - 0.5 * math.exp(-1.0))


@needs_mpmath
def test_sweep_with_patience_against_birth_death_and_tagged_chain():
    lam, aht, pat, t = 200, 180, 120, 20  # A = 10 Erlangs
    rows = q.sweep_agents(lam, aht, [8, 14], patience=pat, target_time=t)
    unstable, stable = rows
    assert unstable["stable"] is False
    assert [unstable[k] for k in ("sl_c", "asa_c", "p_wait_c", "occupancy_c")] == [None] * 4
    c, sl, wq = mp_erlang_c(lam, aht, 14, t)
    assert (stable["p_wait_c"], stable["sl_c"], stable["asa_c"]) == pytest.approx((c, sl, wq), rel=1e-10)
    for row, s in ((unstable, 8), (stable, 14)):
        p_wait, p_ab, _ = mp_erlang_a(lam, aht, s, pat)
        ans_t, ab_t = tagged_call_sl(lam, aht, s, pat, t)
        assert row["p_wait_a"] == pytest.approx(p_wait, rel=1e-9)
        assert row["p_abandon_a"] == pytest.approx(p_ab, rel=1e-9)
        assert row["occupancy_a"] == pytest.approx(10 * (1 - p_ab) / s, rel=1e-9)
        assert row["sl_a"] == pytest.approx(ans_t, rel=1e-8)  # default: abandoned calls fail
        assert 0 < row["asa_a"] < pat
    excused = q.sweep_agents(lam, aht, [8], patience=pat, target_time=t, sl_definition="short_abandons_excused")
    ans_t, ab_t = tagged_call_sl(lam, aht, 8, pat, t)
    assert excused[0]["sl_a"] == pytest.approx(ans_t / (1 - ab_t), rel=1e-8)


def test_staffing_plan_fields_by_hand():
    # 200 calls/h x 180 s = 10 Erlangs; 80/20 needs 14 (SL 0.8884); 14 / (1 - 0.3) = 20 scheduled
    plan = q.staffing_plan(200, 180, shrinkage=0.3, hours=8, cost_per_agent_hour=0)
    assert (plan.agents_on_phone, plan.agents_scheduled, plan.shrinkage, plan.hours, plan.cost) == (14, 20, 0.3, 8.0, 0.0)
    assert plan.result.agents == 14 and plan.result.target_time == 20.0
    assert plan.result.service_level == pytest.approx(0.8884, abs=1e-4)
    default = q.staffing_plan(200, 180)
    assert (default.agents_scheduled, default.shrinkage, default.hours, default.cost) == (14, 0.0, 1.0, None)
    # target time 60 s: SL(13 agents) = 1 - C e^{-3 * 60 / 180} with C(13, 10) = 0.3473 -> 0.872, so 13 suffice
    assert q.staffing_plan(200, 180, target_time=60).result.target_time == 60.0
    assert q.staffing_plan(200, 180, target_time=60).agents_on_phone == 13
    # occupancy cap 0.7: 10 / 0.7 = 14.3 -> 15; mean wait cap 5 s: Wq(14) = 0.1741 * 180 / 4 = 7.8 s -> 15
    assert q.staffing_plan(200, 180, max_occupancy=0.7).agents_on_phone == 15
    assert q.staffing_plan(200, 180, target_asa=5).agents_on_phone == 15
    for bad in (dict(hours=0), dict(cost_per_agent_hour=-1.0), dict(shrinkage=1.0)):
        with pytest.raises(q.QueueInputError):
            q.staffing_plan(200, 180, **bad)


def test_scheduled_agents_arrays_and_zero_shrinkage():
    out = q.scheduled_agents(np.array([10, 9, 0]), 0.1)  # 11.1 -> 12; 9 / 0.9 = 10 exactly; 0
    assert out.tolist() == [12, 10, 0] and out.dtype == np.int64
    assert q.scheduled_agents(7) == 7 and isinstance(q.scheduled_agents(7), int)
    assert q.scheduled_agents(7, 0) == 7
    with pytest.raises(q.QueueInputError) as e:
        q.scheduled_agents(7, -0.1)
    assert e.value.field == "shrinkage"


def test_required_agents_many_goals_shapes_and_small_rates():
    # rates below 1 call/h still need an agent; a 2-D grid keeps its shape
    rates = np.array([[200.0, 0.5], [0.0, 200.0]])
    out = q.required_agents_many(rates, 180)
    assert out.shape == (2, 2) and out.tolist() == [[14, 1], [0, 14]]
    assert q.required_agents_many([200.0], [180.0], target_asa=5).tolist() == [15]       # Wq(14) = 7.8 s
    assert q.required_agents_many([200.0], [180.0], target_sl=None, target_asa=8).tolist() == [14]
    assert q.required_agents_many([200.0], [180.0], max_occupancy=0.7).tolist() == [15]  # 10 / 0.7 = 14.3
    # 10 Erlangs at max occupancy 1.0 and 0.5 exactly: 10 and 20 agents floor (10 is unstable: 11)
    assert q.required_agents_many([200.0], [180.0], target_sl=0.01, max_occupancy=0.5).tolist() == [20]
    assert q.required_agents([200.0][0], 180, target_sl=0.01, max_occupancy=0.5) == 20
    assert q.required_agents_many([0.0, 0.0], 180).tolist() == [0, 0]
    # an SL just met is met: SL(14) = 0.88838... (mpmath); asking for it keeps 14, a hair more needs 15
    sl14 = mp_erlang_c(200, 180, 14, 20)[1]
    assert q.required_agents_many([200.0], [180.0], target_sl=sl14 - 1e-12).tolist() == [14]
    assert q.required_agents_many([200.0], [180.0], target_sl=sl14 + 1e-9).tolist() == [15]


@pytest.mark.parametrize("a_erl", [0.3, 2.5, 37.0, 400.0])
def test_required_agents_many_equals_the_mpmath_minimum(a_erl):
    lam = a_erl * 3600 / 300
    got = int(q.required_agents_many([lam], [300.0])[0])
    assert mp_erlang_c(lam, 300, got, 20)[1] >= 0.8
    if got - 1 > a_erl:
        assert mp_erlang_c(lam, 300, got - 1, 20)[1] < 0.8


def test_bad_inputs_name_their_field_and_reason():
    with pytest.raises(q.QueueInputError) as e:
        q.required_agents_many([10.0, 5.0], [180.0, 0.0])
    assert (e.value.field, e.value.reason) == ("ahts[1]", "not_positive")
    with pytest.raises(q.QueueInputError) as e:
        q.required_agents_many([float("inf")], [180.0])
    assert e.value.field == "arrival_rates[0]"
    assert q.required_agents_many([0.0], [0.0]).tolist() == [0]  # no calls: the AHT does not matter
    for kwargs, field in ((dict(max_occupancy=1.5), "max_occupancy"), (dict(target_sl=1.0), "target_sl"),
                          (dict(target_time=-1), "target_time"), (dict(max_occupancy=0.0), "max_occupancy")):
        with pytest.raises(q.QueueInputError) as e:
            q.required_agents(200, 180, **kwargs)
        assert e.value.field == field
    assert q.required_agents(200, 180, max_occupancy=1.0) == 14  # 1.0 is a valid cap


# ----------------------------------------------------------------------------- sampled run (seed 20)

def test_bad_input_errors_carry_field_and_value():
    with pytest.raises(q.QueueInputError) as e:
        q.erlang_c(-5, 30, 2)
    assert (e.value.field, e.value.value) == ("arrival_rate", -5)
    with pytest.raises(q.QueueInputError) as e:
        q.erlang_a(60, 30, 2, 60, short_abandon_time=-1)
    assert (e.value.field, e.value.value) == ("short_abandon_time", -1)
    with pytest.raises(q.QueueInputError) as e:
        q.required_agents(60, 30, target_asa=-2)
    assert (e.value.field, e.value.value) == ("target_asa", -2)


def test_erlang_b_without_traffic():
    # no traffic: nothing is ever blocked, except with no line at all
    assert q.erlang_b(0, 3) == 0.0 and q.erlang_b(0, 0) == 1.0


def test_required_agents_one_agent_from_the_m_m_1_formula():
    # 60 calls/h x 30 s = 0.5 Erlang; M/M/1: C = rho = 0.5, SL(20 s) = 1 - 0.5 exp(-(1 - 0.5) 20/30)
    # = 0.6417 >= 0.60: one agent is enough (the recursion starts from B(0) = 1).
    assert 1 - 0.5 * math.exp(-0.5 * 20 / 30) == pytest.approx(0.64173, abs=1e-5)
    assert q.required_agents(60, 30, target_sl=0.60, target_time=20) == 1
    assert q.required_agents(60, 30, target_sl=0.65, target_time=20) == 2


def test_erlang_a_echoes_patience_and_zero_short_abandon_time():
    r = q.erlang_a(60, 30, 1, 45, target_time=20, short_abandon_time=0)
    assert r.patience == 45.0 and r.short_abandon_time == 0.0
    # nobody abandons within 0 s, so excusing short abandons changes nothing
    assert r.p_abandon_within_short == 0.0
    assert r.sl_short_abandons_excused == r.sl_abandoned_fail


def test_erlang_a_overloaded_far_queue_is_work_conserving():
    # 36 calls/h, AHT 1e6 s, 1 agent, patience 1e9 s: x = s pat / AHT = 1000, the queue holds about
    # 1e7 calls (states above a million: the closed-form position sums). The agent is never idle,
    # so the answered rate is s / AHT and P(abandon) = 1 - (1 / 1e6) / (36 / 3600) = 1 - 1e-4.
    r = q.erlang_a(36, 1e6, 1, 1e9)
    assert r.p_wait == 1.0
    assert r.p_abandon == pytest.approx(1 - 1e-4, rel=1e-12)
    assert math.isfinite(r.asa) and r.asa > 0


def test_agents_errors_reason_and_value():
    with pytest.raises(q.QueueInputError) as e:
        q.erlang_c(60, 30, math.inf)
    assert (e.value.field, e.value.reason) == ("agents", "not_finite")
    with pytest.raises(q.QueueInputError) as e:
        q.erlang_c(60, 30, 2.5)
    assert (e.value.reason, e.value.value) == ("not_integer", 2.5)
    with pytest.raises(q.QueueInputError) as e:
        q.erlang_a(-1, 30, 2, 60)
    assert e.value.field == "arrival_rate"


def test_unstable_error_carries_agents_and_minimum():
    # 60 calls/h x 360 s = 6 Erlangs on 5 agents: no steady state; at least floor(6) + 1 = 7
    with pytest.raises(q.UnstableQueueError) as e:
        q.erlang_c(60, 360, 5)
    assert (e.value.traffic, e.value.agents, e.value.min_agents) == (6.0, 5, 7)


def test_erlang_a_echoes_target_time_and_tandem_unnamed_station():
    assert q.erlang_a(60, 30, 1, 45, target_time=15).target_time == 15.0
    r = q.tandem(60, [{"agents": 1, "aht": 30}])
    assert r.stations[0].name == ""


# ---------------------------------------------------------------- almost every call abandons, long patience

def longdouble_answered(lam_h, aht, s, pat):
    """(P(answered), ASA of answered calls in s, mean wait of abandoning calls in s) of M/M/s+M
    when every call waits (P(wait) = 1 to double precision: A >= 1e4 Erlangs on a few agents),
    summed over the queue states j around the mode y - x (+-40 sigma) in 80-bit floats:
    w_j = prod y / (x + i), P(answered | j) = x / (x+j+1), E[V_j | answered] = H_j / theta,
    H_j = sum_{i<=j+1} 1/(x+i), E[tau; abandons | j] theta = ((j+1) - x H_j) / (x+j+1)
    (Mandelbaum & Zeltyn 2007), with H at the first state from mpmath's digamma at 30 digits.
    Independent of core (no Erlang B, no blocks, no closed-form sums)."""
    ld = np.longdouble
    x, y = ld(s) * ld(pat) / ld(aht), ld(lam_h) / ld(3600) * ld(pat)
    sigma = float(np.sqrt(x + y))
    mode = max(0, int(y - x))
    lo, hi = max(0, mode - int(40 * sigma) - 200), mode + int(40 * sigma) + 200
    j = np.arange(lo, hi + 1, dtype=ld)
    logw = np.concatenate([[ld(0)], np.cumsum(np.log(y / (x + j[1:])))])
    w = np.exp(logw - logw.max())
    assert lo == 0 or w[0] < 1e-300 and w[-1] < 1e-300  # the states left out weigh nothing
    with mpmath.workdps(30):
        h_lo = mpmath.digamma(mpmath.mpf(float(x)) + lo + 2) - mpmath.digamma(mpmath.mpf(float(x)) + 1)
    h = ld(str(h_lo)) + np.concatenate([[ld(0)], np.cumsum(ld(1) / (x + j[1:] + 1))])
    served = w * x / (x + j + 1)
    with mpmath.workdps(30):  # K_lo = sum_{i<=lo+1} i/(x+i) = (lo+1) - x H_lo, exact at 30 digits
        k_lo = (lo + 1) - mpmath.mpf(float(x)) * h_lo
    k = ld(str(k_lo)) + np.concatenate([[ld(0)], np.cumsum((j[1:] + 1) / (x + j[1:] + 1))])
    abandons = w * (j + 1) / (x + j + 1)
    mtta = (w * k / (x + j + 1)).sum() / abandons.sum() * ld(pat)
    return float(served.sum() / w.sum()), float((served * h).sum() / served.sum() * ld(pat)), float(mtta)


@needs_mpmath
@pytest.mark.parametrize("lam, aht, s, pat", [(3600, 1e5, 1, 1e5), (36000, 1e5, 1, 1e4), (3600, 1e6, 2, 1e5),
                                               (36, 1e6, 1, 1e9), (3600, 1e4, 10, 1e7)])
def test_erlang_a_when_almost_every_call_abandons(lam, aht, s, pat):
    # A = 1e4 to 1e6 Erlangs on 1-10 agents: P(answered) ~ s / A = 1e-3 .. 2e-6. Computed as
    # 1 - P(abandon) it kept 1e-11 relative error (ASA 1109014.113004536 s for 1109014.112987176 s).
    # The last two have more than a million calls ahead (x = 1,000 and x = 10,000): the position sums
    # start from the closed forms (digamma below x = 1e4, log1p + Euler-Maclaurin above).
    p_ans, asa, mtta = longdouble_answered(lam, aht, s, pat)
    r = q.erlang_a(lam, aht, s, pat)
    assert r.p_wait == 1.0
    assert r.asa == pytest.approx(asa, rel=1e-13)
    # carried load = lambda P(answered) AHT, and the agents are never idle: occupancy 1
    assert r.occupancy == pytest.approx(lam / 3600 * aht * p_ans / s, rel=1e-13)
    assert r.occupancy == pytest.approx(1.0, rel=1e-13)
    assert r.mean_time_to_abandon == pytest.approx(mtta, rel=1e-13)


def test_an_asa_goal_met_exactly_is_met():
    # M/M/1 at A = 18 calls/h x 100 s = 0.5 Erlang: C = rho = 0.5, Wq = C AHT / (1 - A) = 100 s exactly.
    # An ASA goal of 100 s ("ASA <= target", docs/DEFINITIONS.md) is met by one agent.
    assert q.erlang_c(18, 100, 1).asa == 100.0
    assert q.required_agents(18, 100, target_sl=None, target_asa=100.0) == 1
    assert q.required_agents_many([18.0, 18.0], [100.0, 100.0], target_sl=None, target_asa=100.0).tolist() == [1, 1]
    assert q.required_agents_many([18.0], [100.0], target_sl=None, target_asa=99.99).tolist() == [2]


def test_tandem_station_rates_and_traffic_stable_or_not():
    # 120 calls/h; front: every call, 3 agents x 72 s: 120/h, A = 120 x 72 / 3600 = 2.4 Erlangs (stable);
    # follow-up: 40 % of calls, 1 agent x 180 s: 48/h, A = 48 x 180 / 3600 = 2.4 Erlangs > 1 (unstable,
    # needs floor(2.4) + 1 = 3 agents)
    r = q.tandem(120, [dict(name="front", agents=3, aht=72), dict(name="follow", agents=1, aht=180, share=0.4)])
    front, follow = r.stations
    assert (front.arrival_rate, front.traffic, front.stable) == (pytest.approx(120.0), pytest.approx(2.4), True)
    assert (follow.arrival_rate, follow.traffic, follow.stable) == (pytest.approx(48.0), pytest.approx(2.4), False)
    assert (follow.min_agents, follow.result, r.stable, r.wq_total) == (3, None, False, None)
    with pytest.raises(q.QueueInputError) as e:
        q.tandem(-5, [dict(name="front", agents=3, aht=72)])
    assert (e.value.field, e.value.reason) == ("arrival_rate", "not_positive")


def test_the_block_summation_tolerance_is_1e_12():
    # the tolerance the module states is the one its tests use (tests/test_queueing_exact.py)
    assert q.LONG_PATIENCE_RTOL == 1e-12


@needs_mpmath
def test_erlang_a_queue_mode_at_65_keeps_the_empty_queue_state():
    # x = 187 x 3600 / 720 = 935, y = 1000.5 x 3600 / 3600 = 1000.5: the queue-length weights peak at
    # floor(y - x) = 65 waiting calls, and w_0 / w_65 = prod_{i<=65} (935 + i) / 1000.5 ~ e^-2.1 is far
    # from negligible (the span search must reach state 0, not stop at 1). A = 200.1 Erlangs on 187 agents.
    p_wait, p_ab, lq = mp_erlang_a(1000.5, 720, 187, 3600)
    r = q.erlang_a(1000.5, 720, 187, 3600)
    assert (r.p_wait, r.p_abandon, r.lq) == pytest.approx((p_wait, p_ab, lq), rel=1e-12)


def test_erlang_a_when_erlang_b_rounds_to_one():
    # 3.6e12 calls/h x 1e7 s = 1e16 Erlangs on 1 agent: B(1, A) = A / (1 + A) = 1.0 in double precision.
    # Everyone waits; the agent is never idle, so P(answered) = s / A = 1e-16: P(abandon) = 1 and occupancy 1.
    assert q.erlang_b(1e16, 1) == 1.0
    r = q.erlang_a(3.6e12, 1e7, 1, 10)
    assert r.p_wait == 1.0
    assert r.p_abandon == pytest.approx(1.0, rel=1e-14) and r.occupancy == pytest.approx(1.0, rel=1e-14)


@needs_mpmath
def test_erlang_a_at_critical_load_sums_the_whole_tail():
    # 84 calls/h x 300 s = 7 Erlangs on 7 agents, patience 2,700 s: x = y = 63, the queue weights
    # fall from state 0 like prod 63 / (63 + i); states beyond 64 waiting still weigh about 1e-11,
    # so a span stopped at 64 shows in the 12th digit of P(abandon) and Lq (mpmath, 40 digits).
    p_wait, p_ab, lq = mp_erlang_a(84, 300, 7, 2700)
    r = q.erlang_a(84, 300, 7, 2700)
    assert (r.p_wait, r.p_abandon, r.lq) == pytest.approx((p_wait, p_ab, lq), rel=1e-12)


def test_tandem_bad_station_names_the_field():
    for station, field in ((dict(agents=3, aht=0), "aht"), (dict(agents=3, aht=60, share=1.5), "share"),
                           (dict(agents=0, aht=60), "agents")):
        with pytest.raises(q.QueueInputError) as e:
            q.tandem(100, [station])
        assert e.value.field == field


def test_bad_numbers_are_refused_with_their_reason_not_a_crash():
    # text, infinity, NaN: a QueueInputError naming field and reason (never a TypeError or a NaN result)
    for call, expected in ((lambda: q.erlang_c("abc", 180, 10), ("arrival_rate", "not_a_number")),
                           (lambda: q.erlang_c(math.inf, 180, 10), ("arrival_rate", "not_finite")),
                           (lambda: q.erlang_c(100, 180, "tres"), ("agents", "not_a_number")),
                           (lambda: q.scheduled_agents([3], shrinkage=float("nan")), ("shrinkage", "not_finite")),
                           (lambda: q.required_agents(100, 180, target_sl=float("nan")), ("target_sl", "not_finite"))):
        with pytest.raises(q.QueueInputError) as e:
            call()
        assert (e.value.field, e.value.reason) == expected


@needs_mpmath
@pytest.mark.parametrize("a, s", [(100.0, 221), (1.0, 32), (0.5, 40)])
def test_erlang_b_far_above_the_traffic_is_tiny_not_zero(a, s):
    # s above A + 10 sqrt(A) + 20, but the Poisson pmf at s is still above e^-750: B = pmf / cdf is a
    # small positive number (1e-25, 1e-35, 7e-61), not the 0 of the underflow shortcut (mpmath, 50 digits)
    from tests.test_queueing_exact import mp_erlang_b
    b = mp_erlang_b(a, s)
    assert 0 < b < 1e-20
    assert q.erlang_b(a, s) == pytest.approx(b, rel=1e-12, abs=0)


# ----------------------------------------------------------------------------- sampled runs of 30 Nov, second session

@needs_mpmath
@pytest.mark.parametrize("a, s", [(50.0, 502), (10.0, 293)])
def test_erlang_b_where_the_summed_terms_overflow_is_exact_and_silent(a, s):
    """1/B = sum_j prod_{i<j} (s - i)/A exceeds 1e308 here (B ~ 5e-309, a subnormal number) while
    pmf(s) is above e^-750, so the vector sum overflows and the recursion answers: no RuntimeWarning
    may reach the user, and the value is the 60-digit sum."""
    import warnings
    mpmath.mp.dps = 60
    term, total = mpmath.mpf(1), mpmath.mpf(1)
    for j in range(s):
        term *= mpmath.mpf(s - j) / a
        total += term
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = q.erlang_b(a, s)
    assert value == pytest.approx(float(1 / total), rel=1e-12)


def test_required_agents_many_from_the_first_agent():
    # A = 0.5 Erlang (60 calls/h, 30 s): floor(A) = 0, the search starts at one agent from B(A, 0) = 1.
    # M/M/1: C = 0.5, SL(20 s) = 1 - 0.5 e^{-1/3} = 0.6417 (not 0.8); M/M/2: C = 0.1 (closed form
    # A^2/2 / (A^2/2 + (1 + A)(1 - A/2)) = 0.125 / 1.25), SL = 1 - 0.1 e^{-1.5 * 20/30} = 0.963
    assert q.required_agents_many([60.0, 60.0], 30.0, target_sl=0.6).tolist() == [1, 1]
    assert q.required_agents_many([60.0], 30.0, target_sl=0.8).tolist() == [2]
    assert q.required_agents(60, 30, target_sl=0.6) == 1 and q.required_agents(60, 30, target_sl=0.8) == 2
    # an occupancy cap of 0.2 on 0.5 Erlang: at least ceil(0.5 / 0.2) = 3 agents
    assert q.required_agents_many([60.0], 30.0, target_sl=0.6, max_occupancy=0.2).tolist() == [3]
    assert q.required_agents_many([60.0], 30.0).dtype == np.int64


def test_scheduled_agents_of_a_list_and_of_an_integer():
    # 10 on the phones at 10 % shrinkage: 10 / 0.9 = 11.1 -> 12; 9 / 0.9 = 10 exactly -> 10
    assert q.scheduled_agents([10, 9], 0.1).tolist() == [12, 10]
    assert q.scheduled_agents(9, 0.1) == 10 and isinstance(q.scheduled_agents(9, 0.1), int)


def test_queue_input_error_message_names_field_value_and_reason_in_words():
    err = q.QueueInputError("aht", "not_positive", 0)
    assert str(err) == "aht=0: not positive" and (err.field, err.reason, err.value) == ("aht", "not_positive", 0)


def test_required_agents_many_names_a_blank_interval():
    # a blank (None) rate among numbers is NaN once read as numbers: refused, naming its position
    with pytest.raises(q.QueueInputError) as info:
        q.required_agents_many([100.0, None, 50.0], 180)
    assert (info.value.field, info.value.reason) == ("arrival_rates[1]", "not_finite")
    with pytest.raises(q.QueueInputError) as info:
        q.required_agents_many([100.0, 50.0], [180.0, None])
    assert (info.value.field, info.value.reason) == ("ahts[1]", "not_finite")


def test_tandem_station_keeps_its_aht_and_the_target_time():
    # 100 calls/h, AHT 36 s: A = 1 Erlang on 2 agents. M/M/2 by hand: C = (A^2/2 * 2/(2-A)) /
    # (1 + A + A^2/2 * 2/(2-A)) = 1 / 3; SL(60 s) = 1 - C exp(-(2 - 1) 60 / 36)
    r = q.tandem(100, [dict(name="f", agents=2, aht=36)], target_time=60)
    st = r.stations[0]
    assert st.aht == 36.0 and st.result.target_time == 60.0
    assert st.result.p_wait == pytest.approx(1 / 3, rel=1e-12)
    assert st.result.service_level == pytest.approx(1 - math.exp(-60 / 36) / 3, rel=1e-12)


@needs_mpmath
def test_log_weight_beyond_a_million_states_against_log_gamma():
    """log w_j = j log y - (lnGamma(x + j + 1) - lnGamma(x + 1)) for j above the exactly summed
    million terms (patience of decades: x = s patience / AHT = 1e12)."""
    from core.queueing.erlang_a import _log_weight_at
    mpmath.mp.dps = 40
    x, y, j = 1e12, 1e12 + 2e6, 1_500_000
    ref = j * mpmath.log(y) - (mpmath.loggamma(mpmath.mpf(x) + j + 1) - mpmath.loggamma(mpmath.mpf(x) + 1))
    # about 1.875; the closed form's log((x + 1/2)/y) costs ~1e-10 absolute here (a term is ~2e-6)
    assert abs(_log_weight_at(x, y, j) - float(ref)) < 1e-8


def test_erlang_a_echoes_its_inputs():
    r = q.erlang_a(200, 180, 14, 120, target_time=30)
    assert (r.arrival_rate, r.aht, r.agents, r.patience, r.target_time, r.traffic) == (200.0, 180.0, 14, 120.0, 30.0, 10.0)
    assert r.short_abandon_time == 30.0 and r.sl_definition == "abandoned_fail"


_GOOD = dict(arrival_rate=200, aht=180)


@pytest.mark.parametrize("call, field, reason", [
    (lambda: q.erlang_c(0, 180, 14), "arrival_rate", "not_positive"),
    (lambda: q.erlang_c(200, 0, 14), "aht", "not_positive"),
    (lambda: q.erlang_c(200, 180, 0), "agents", "not_positive"),
    (lambda: q.erlang_c(200, 180, 14, -1), "target_time", "negative"),
    (lambda: q.erlang_a(0, 180, 14, 60), "arrival_rate", "not_positive"),
    (lambda: q.erlang_a(200, 0, 14, 60), "aht", "not_positive"),
    (lambda: q.erlang_a(200, 180, 0, 60), "agents", "not_positive"),
    (lambda: q.erlang_a(200, 180, 14, 0), "patience", "not_positive"),
    (lambda: q.erlang_a(200, 180, 14, 60, -1), "target_time", "negative"),
    (lambda: q.erlang_a(200, 180, 14, 60, short_abandon_time=-1), "short_abandon_time", "negative"),
    (lambda: q.erlang_a(200, 180, 14, 60, sl_definition="x"), "sl_definition", "out_of_range"),
    (lambda: q.required_agents(0, 180), "arrival_rate", "not_positive"),
    (lambda: q.required_agents(200, 0), "aht", "not_positive"),
    (lambda: q.required_agents(200, 180, target_sl=1.0), "target_sl", "out_of_range"),
    (lambda: q.required_agents(200, 180, target_time=-1), "target_time", "negative"),
    (lambda: q.required_agents(200, 180, max_occupancy=0), "max_occupancy", "out_of_range"),
    (lambda: q.required_agents(200, 180, target_asa=0), "target_asa", "not_positive"),
    (lambda: q.required_agents(200, 180, target_sl=None), "target_sl", "no_goal"),
    (lambda: q.staffing_plan(200, 180, shrinkage=1.0), "shrinkage", "out_of_range"),
    (lambda: q.staffing_plan(200, 180, hours=0), "hours", "not_positive"),
    (lambda: q.staffing_plan(200, 180, cost_per_agent_hour=-5), "cost_per_agent_hour", "negative"),
    (lambda: q.tandem(0, [dict(agents=1, aht=30)]), "arrival_rate", "not_positive"),
    (lambda: q.tandem(60, [dict(agents=1, aht=0)]), "aht", "not_positive"),
    (lambda: q.tandem(60, [dict(agents=1, aht=30, share=0)]), "share", "not_positive"),
    (lambda: q.tandem(60, [dict(agents=1, aht=30, share=1.5)]), "share", "out_of_range"),
])
def test_each_bad_input_names_its_field_and_reason(call, field, reason):
    with pytest.raises(q.QueueInputError) as e:
        call()
    assert (e.value.field, e.value.reason) == (field, reason)


def test_traffic_in_erlangs_by_hand():
    # 200 calls/h x 180 s / 3600 s/h = 10 Erlangs
    assert q.traffic_erlangs(200, 180) == 10.0 and q.traffic_erlangs(90, 40) == 1.0


@needs_mpmath
@pytest.mark.parametrize("lam, aht, s, pat", [(200, 180, 14, 120), (500, 900, 10, 10), (3600, 300, 200, 600),
                                              (7 * 3600 / 2700, 2700, 7, 2700)])
def test_states_used_is_the_documented_span(lam, aht, s, pat):
    """The span of core.queueing.erlang_a._span rebuilt from log-gamma weights (mpmath): from the mode
    floor(y - x), 64 * 2^b states each way until log(w_end / w_mode) <= -96 (down: or state 0)."""
    from tests.test_queueing_full_run import mp_span_states

    assert q.erlang_a(lam, aht, s, pat).states_used == mp_span_states(lam, aht, s, pat)


@needs_mpmath
@pytest.mark.parametrize("u", [1e-3, 0.04, 0.5, 3.0])
def test_phi_against_mpmath(u):
    from core.queueing.erlang_a import _phi
    mpmath.mp.dps = 40
    ref = (1 + mpmath.mpf(u)) * mpmath.log1p(mpmath.mpf(u)) - u  # (1 + u) log(1 + u) - u
    assert float(_phi(u)) == pytest.approx(float(ref), rel=2e-15, abs=0)


def test_erlang_a_at_a_zero_and_a_very_long_window():
    # a window of 0 s: nobody abandons within it and only the calls that do not wait are answered in it;
    # a window of 1e6 s against patience 120 s (q = 1 - e^-8333 = 1): every abandon happens within it
    r = q.erlang_a(200, 180, 8, 120, target_time=0, short_abandon_time=1e6)
    assert r.p_answered_within == pytest.approx(1 - r.p_wait, rel=1e-15)
    assert r.p_abandon_within_short == pytest.approx(r.p_abandon, rel=1e-12)
    r0 = q.erlang_a(200, 180, 8, 120, target_time=20, short_abandon_time=0)
    assert r0.p_abandon_within_short == 0.0 and r0.sl_short_abandons_excused == r0.sl_abandoned_fail


# ----------------------------------------------------------------------------- sampled run (seed 22)

@needs_mpmath
def test_states_used_far_below_the_mode_at_14_times_the_agents():
    # 5,040 calls/h x 100 s = 140 Erlangs on 10 agents, patience 1,000 s: x = 10 x 1000 / 100 = 100,
    # y = 5040 / 3600 x 1000 = 1400, mode 1300. Below the mode the weights fall faster than above it:
    # 512 states down log(w / w_mode) is about -105 (the search stops at 1300 - 512 = 788), 512 states up
    # only about -82 (it goes on to 1024). Checked with log-gamma, then the documented span.
    mpmath.mp.dps = 30
    x, y, mode = mpmath.mpf(100), mpmath.mpf(1400), 1300

    def rel(j):
        return (j - mode) * mpmath.log(y) - (mpmath.loggamma(x + j + 1) - mpmath.loggamma(x + mode + 1))

    assert rel(mode - 512) <= -96 < rel(mode + 512) and rel(mode - 256) > -96
    test_states_used_is_the_documented_span(5040, 100, 10, 1000)
    assert q.erlang_a(5040, 100, 10, 1000).states_used == 2324 - 788 + 1  # hi = 1300 + 1024


def test_sweep_default_target_time_is_20_seconds():
    # M/M/1 at A = 0.5 (60 calls/h x 30 s): SL(20 s) = 1 - 0.5 exp(-(1 - 0.5) x 20 / 30)
    row = q.sweep_agents(60, 30, [1])[0]
    assert row["sl_c"] == pytest.approx(1 - 0.5 * math.exp(-1 / 3), rel=1e-12)


def test_tandem_unstable_station_keeps_its_name():
    # follow-up: 40 % of 120 calls/h x 180 s on one agent = 2.4 Erlangs: unstable, still named
    r = q.tandem(120, [dict(name="front", agents=3, aht=72), dict(name="seguimiento", agents=1, aht=180, share=0.4)])
    assert [(st.name, st.stable) for st in r.stations] == [("front", True), ("seguimiento", False)]


# ----------------------------------------------------------------------------- sampled run (seed 23)

def test_agents_error_carries_the_value_given():
    # 0 agents: the error names the field and keeps the value the user typed (for the message)
    with pytest.raises(q.QueueInputError) as err:
        q.erlang_a(100, 180, 0, 120)
    assert (err.value.field, err.value.reason, err.value.value) == ("agents", "not_positive", 0)


@needs_mpmath
def test_erlang_a_far_overstaffed_p_wait_underflows_without_overflow():
    # 20 calls/h x 180 s = 1 Erlang on 171 agents, patience 120 s: B(171, 1) ~ e^-1 / 171! = 3e-310
    # (a subnormal double), x = 171 x 120 / 180 = 114, y = 20 x 120 / 3600 = 2/3, so S ~ 1 and
    # (1 - E) / (E S) ~ e^712 overflows a double: P(wait) ~ 3e-310 must come out as a tiny number
    # (40-digit birth-death sums), not an OverflowError. And B(200, 1) ~ e^-863 underflows to 0.
    ref_wait, ref_abandon, _ = mp_erlang_a(20, 180, 171, 120)
    assert 0 < ref_wait < 1e-305
    r = q.erlang_a(20, 180, 171, 120)
    assert 0.0 <= r.p_wait < 1e-300 and 0.0 <= r.p_abandon < 1e-300
    assert (q.erlang_a(20, 180, 200, 120).p_wait, mp_erlang_a(20, 180, 200, 120)[0]) == (0.0, 0.0)


def test_erlang_a_every_call_abandons_short_abandon_sl_does_not_divide_by_zero():
    # AHT 1e17 s on 1 agent, patience 1 s: x = s patience / AHT = 1e-17, so every call abandons
    # (P(answered) <= x = 1e-17); within 1,000 s: 1 - e^-1000 = 1.0 in doubles. The excused-SL
    # denominator 1 - 1.0 is 0: the result must stay a number in [0, 1], not raise.
    r = q.erlang_a(3600, 1e17, 1, 1, short_abandon_time=1000, sl_definition="short_abandons_excused")
    assert r.p_abandon == 1.0 and r.p_abandon_within_short == 1.0
    assert 0.0 <= r.sl_short_abandons_excused <= 1.0 and r.service_level == r.sl_short_abandons_excused


@needs_mpmath
def test_erlang_b_tiny_traffic_sums_every_term():
    # A = 0.01 Erlangs on 5 agents: by hand B = (A^5/5!) / sum_{k<=5} A^k/k!
    # = 8.3333e-13 / 1.01005017 = 8.2504e-13 (every term of 1/B matters: T_5 = 5!/A^5 = 1.2e12)
    by_hand = (0.01 ** 5 / 120) / sum(0.01 ** k / math.factorial(k) for k in range(6))
    from tests.test_queueing_exact import mp_erlang_b
    assert q.erlang_b(0.01, 5) == pytest.approx(by_hand, rel=1e-12)
    assert q.erlang_b(0.01, 5) == pytest.approx(mp_erlang_b(0.01, 5), rel=1e-12)


@needs_mpmath
def test_erlang_b_subnormal_just_above_the_underflow_shortcut():
    # A = 1e5 Erlangs, s = 112,339: log pmf(s) = -738.48 > -750, so B = pmf/cdf = 1.92e-321 is a
    # (subnormal) double, not 0 (the e^-750 shortcut must not fire; 50-digit mpmath reference)
    from tests.test_queueing_exact import mp_erlang_b
    a, s = 1e5, 112_339
    assert -750 < s * math.log(a) - a - math.lgamma(s + 1.0) < -738
    exact = mp_erlang_b(a, s)
    assert exact > 1e-321
    assert q.erlang_b(a, s) == pytest.approx(exact, rel=1e-2, abs=0)  # abs=0: approx's default 1e-12 would accept 0


def test_required_agents_many_short_aht_and_all_zero_shape():
    # 3,600 calls/h x 1 s = 1 Erlang: M/M/2 by hand, C(2, 1) = (1/2)/(1/2 + (1 - 1/2)(1 + 1)) = 1/3,
    # SL(20 s) = 1 - (1/3) e^-(2 - 1) x 20 / 1 >= 0.8, while M/M/1 at A = 1 is unstable: 2 agents.
    assert 1 - (1 / 3) * math.exp(-20) >= 0.8
    # 1,800 calls/h x 0.5 s = 0.25 Erlang: M/M/1, SL = 1 - 0.25 e^-(1 - 0.25) x 20 / 0.5 >= 0.8: 1 agent
    assert q.required_agents_many([3600.0, 1800.0], [1.0, 0.5]).tolist() == [2, 1]
    zeros = q.required_agents_many(np.zeros((2, 3)), 180.0)
    assert zeros.shape == (2, 3) and not zeros.any()


def test_tandem_default_target_time_is_20_seconds():
    # one M/M/1 station at A = 0.5 (60 calls/h x 30 s): SL(20 s) = 1 - 0.5 exp(-(1 - 0.5) x 20 / 30)
    st = q.tandem(60, [dict(name="frente", agents=1, aht=30)]).stations[0]
    assert st.result.service_level == pytest.approx(1 - 0.5 * math.exp(-1 / 3), rel=1e-12)


# ----------------------------------------------------------------------------- sampled run (seed 24)
# seed 24
# Fresh sample of 120 mutants (seed 24): 10 left by the module tests, 3 killed below. The others:
# erlang_b 17 and 18 (the e^-750 shortcut's bound a + 10/sqrt(a) + 20 or 11 sqrt(a)): both tests of the
# shortcut hold together only where B < 2e-326 rounds to 0, so the loop gives the same 0.0 (1,389 points
# of A in 1e-3..2e4, s in 0..30,000 identical); _b_terms 37 (one more term, < 1e-20 relative: 1 ulp at
# 2 of those points); _log_ratio_sum 7 (the Euler-Maclaurin term's sign: in the blocks x + j >= 1.5e5,
# a change below 1e-15; for the log weight beyond a million states S > e^1e5, P(wait) is 1 either way);
# _queue_states 9 (at exactly 300,000 states the blocks have h = 1: the same states, < 3e-14);
# erlang_a 52 and 58 (the ASA guard p_served > 0: P(answered) >= x / (x + hi + 1) > 0 unless
# agents x patience / AHT underflows to 0, e.g. patience 1e-30 s with AHT 1e300 s).

import importlib  # noqa: E402

_ea = importlib.import_module("core.queueing.erlang_a")


def test_blocked_states_are_half_the_cap_one_by_one_and_blocks_of_h_states(monkeypatch):
    # 1,800 calls/h, AHT 300 s, 150 agents, patience 1e7 s: every state summed (cap 300,000) gives the
    # span of states that matter, 32,769 here. With a cap of M = 20,000 (the module docstring): the first
    # M/2 = 10,000 states one by one, the rest 32,769 - 10,000 = 22,769 in blocks of
    # h = ceil(22,769 / 10,000) = 3 states: ceil(22,769 / 3) = 7,590 blocks (the last of 2 states),
    # 17,590 summed; the values agree with every state summed (the block tolerance, 1e-12).
    dense = q.erlang_a(1800, 300, 150, 1e7)
    span = dense.states_used
    assert span == 32_769
    monkeypatch.setattr(_ea, "MAX_STATES", 20_000)
    blocked = q.erlang_a(1800, 300, 150, 1e7)
    rest = span - 10_000
    h = -(-rest // 10_000)
    assert (h, -(-rest // h)) == (3, 7_590)
    assert blocked.states_used == 10_000 + 7_590
    assert (blocked.p_wait, blocked.asa, blocked.mean_time_to_abandon) == pytest.approx(
        (dense.p_wait, dense.asa, dense.mean_time_to_abandon), rel=1e-12)


def _mtta_every_state(lam_h, aht, s, patience, n_states):
    """Mean wait of abandoning calls, every queue state j < n_states summed in extended precision
    (np.longdouble): w_j = prod_{i<=j} y/(x+i), K_j = sum_{i<=j+1} i/(x+i) term by term,
    mtta = sum w_j K_j/(x+j+1) / (theta sum w_j (j+1)/(x+j+1)) (the positive form of
    E[tau; tau < V_j] theta, tests/test_queueing_exact.py mp_mtta)."""
    ld = np.longdouble
    th = ld(1) / ld(patience)
    x, y = ld(s) / ld(aht) / th, ld(lam_h) / ld(3600) / th
    i = np.arange(1, n_states + 1, dtype=ld)
    logw = np.concatenate([[ld(0)], np.cumsum(np.log(y / (x + i[:-1])))])
    w = np.exp(logw - logw.max())
    assert w[-1] / w.sum() < 1e-40   # the states left out weigh nothing
    k = np.cumsum(i / (x + i))
    return float(np.sum(w * k / (x + i)) / (th * np.sum(w * i / (x + i))))


def test_mean_time_to_abandon_with_very_long_patience_near_full_load():
    # 5,000 agents, 59,980 calls/h x 300 s = 4,998.3 Erlangs (99.97 % load), patience 1e12 s (the very
    # long patience of issue 20): x = 1.67e13, ~275,000 states from j = 0 in blocks; K_j ~ j^2 / 2x is
    # tiny against x, where v - log1p(v) (v = j / x ~ 1e-8) would lose 8 digits: the series must be used.
    ref = _mtta_every_state(59_980, 300, 5000, 1e12, 300_000)
    assert q.erlang_a(59_980, 300, 5000, 1e12).mean_time_to_abandon == pytest.approx(ref, rel=1e-11)
