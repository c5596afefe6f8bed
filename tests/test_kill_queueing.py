"""Tests that kill mutants of core/queueing/ that the module tests let survive (issue 20, docs/MUTATION.md).

References: hand calculations (M/M/1, M/M/2 closed forms) and the independent 40-digit / Markov-chain
references of tests/test_queueing.py (mpmath incomplete gamma, birth-death sums, tagged-call expm).
"""
import math

import numpy as np
import pytest

from core import queueing as q
from tests.test_queueing import mp_erlang_a, mp_erlang_c, needs_mpmath, tagged_call_sl


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
