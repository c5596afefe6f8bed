"""core.queueing against independent values: closed forms, a textbook example, mpmath at 40
digits, a tagged-call Markov chain solved with scipy's expm, and a discrete-event simulation."""
from __future__ import annotations

import heapq
import math

import numpy as np
import pytest
from scipy.linalg import expm

from core import queueing as q

try:  # mpmath==1.4.1 (requirements.txt): 40-digit reference values
    import mpmath
    mp = mpmath.mp
except ImportError:  # pragma: no cover - the other tests still run
    mpmath = mp = None
needs_mpmath = pytest.mark.skipif(mpmath is None, reason="mpmath not installed (pip install mpmath==1.4.1)")


# ---------------------------------------------------------------- independent exact values

def mp_erlang_c(lam_h, aht, s, t):
    """Erlang C at 40 digits from the incomplete gamma function (no recursion shared with core).

    sum_{k<=s} A^k/k! = e^A Q(s+1, A), with Q the regularised upper incomplete gamma.
    """
    with mp.workdps(40):
        a = mp.mpf(lam_h) * aht / 3600
        log_term = s * mp.log(a) - mp.loggamma(s + 1) - a  # log(e^-A A^s / s!)
        cdf = mp.gammainc(s + 1, a, mp.inf, regularized=True)
        b = mp.exp(log_term) / cdf
        c = s * b / (s - a * (1 - b))
        sl = 1 - c * mp.exp(-(s - a) * t / aht)
        return float(c), float(sl), float(c * aht / (s - a))


def mp_erlang_a(lam_h, aht, s, patience, digits: int = 40):
    """Erlang A stationary quantities (P(wait), P(abandon), Lq) at ``digits`` digits by plain
    summation of pi_n (n up to N). Also the reference of tests/test_queueing_exact.py."""
    with mp.workdps(digits):
        lam = mp.mpf(lam_h) / 3600
        mu, th = 1 / mp.mpf(aht), 1 / mp.mpf(patience)
        # unnormalised pi_n, n = 0..N, by the birth-death balance pi_n = pi_{n-1} lam / death_n
        n_max = s + int(lam / th) + 60 * int(mp.sqrt(lam / th + s) + 10)
        pi = [mp.mpf(1)]
        for n in range(1, n_max + 1):
            pi.append(pi[-1] * lam / (min(n, s) * mu + max(n - s, 0) * th))
        z = mp.fsum(pi)
        p_wait = mp.fsum(pi[s:]) / z
        lq = mp.fsum((n - s) * pi[n] for n in range(s + 1, n_max + 1)) / z
        assert pi[-1] / z < mp.mpf(10) ** -30  # the truncation is harmless
        return float(p_wait), float(th * lq / lam), float(lq)


# ---------------------------------------------------------------- Erlang C

def test_erlang_c_mm1_and_mm2_closed_forms():
    # M/M/1: C = rho, Wq = rho/(mu - lam). lam = 10/h, AHT 180 s -> rho = 0.5, Wq = 180 s
    r = q.erlang_c(10, 180, 1)
    assert r.p_wait == pytest.approx(0.5, rel=1e-14)
    assert r.wq == pytest.approx(0.5 * 180 / 0.5, rel=1e-14)
    assert r.l == pytest.approx(0.5 / (1 - 0.5), rel=1e-14)  # rho / (1 - rho)
    # M/M/2: C = 2 rho^2 / (1 + rho); A = 1.5, rho = 0.75 -> C = 1.125 / 1.75
    r = q.erlang_c(30, 180, 2, target_time=30)
    assert r.p_wait == pytest.approx(1.125 / 1.75, rel=1e-14)
    assert r.service_level == pytest.approx(1 - 1.125 / 1.75 * math.exp(-0.5 * 30 / 180), rel=1e-14)


@needs_mpmath
def test_p0_and_far_overstaffed_queue_underflow_cleanly():
    # M/M/2: P0 = (1 - rho) / (1 + rho) = 0.25 / 1.75 at rho = 0.75
    assert q.erlang_c(30, 180, 2).p0 == pytest.approx(0.25 / 1.75, rel=1e-13)
    # 100 Erlangs on 10,000 agents: B, C ~ 1e-14000 are 0 in double precision, SL exactly 1
    r = q.erlang_c(1200, 300, 10_000)
    assert (q.erlang_b(100.0, 10_000), r.p_wait, r.asa, r.service_level) == (0.0, 0.0, 0.0, 1.0)
    # 720 Erlangs: P0 = e^-720 ... is below 1e-300 but nothing divides by it
    r = q.erlang_c(720 * 12, 300, 760)
    assert mp_erlang_c(720 * 12, 300, 760, 20.0)[0] == pytest.approx(r.p_wait, rel=1e-12)


def test_erlang_c_textbook_example_10_erlangs_14_agents():
    # Widely used worked example (e.g. callcentrehelper.com's Erlang C): 100 calls per 30 min,
    # AHT 3 min -> 10 Erlangs; 14 agents -> P(wait) = 0.1741, occupancy 71.4 %, ASA about 7.8 s.
    r = q.erlang_c(200, 180, 14)
    assert r.traffic == pytest.approx(10.0)
    assert round(r.p_wait, 4) == 0.1741
    assert round(r.occupancy, 3) == 0.714
    assert r.asa == pytest.approx(7.84, abs=0.01)
    # SL by hand: 1 - 0.174132 * exp(-4 * 20 / 180) = 1 - 0.174132 * 0.641180 = 0.888350
    assert r.service_level == pytest.approx(0.888350, abs=1e-6)
    assert r.lq == pytest.approx(200 / 3600 * r.wq, rel=1e-14)  # Little


@pytest.mark.parametrize("s, occ", [(1, 0.3), (5, 0.95), (50, 0.8), (300, 0.99), (2000, 0.999),
                                    (10_000, 0.9999), (10_000, 0.5), (700, 0.97)])
@needs_mpmath
def test_erlang_c_matches_mpmath_to_1e12(s, occ):
    aht = 300.0
    lam = occ * s * 3600 / aht
    c, sl, asa = mp_erlang_c(lam, aht, s, 20.0)
    r = q.erlang_c(lam, aht, s, 20.0)
    assert r.p_wait == pytest.approx(c, rel=1e-12)
    assert r.service_level == pytest.approx(sl, rel=1e-12)
    assert r.asa == pytest.approx(asa, rel=1e-11)


def test_erlang_c_unstable_raises_with_minimum_agents():
    # A = 47.7 * 270 / 3600 * 30 = 107.325 Erlangs with 17 agents (thesis' lambda read per hour)
    with pytest.raises(q.UnstableQueueError) as e:
        q.erlang_c(1431, 270, 17)
    assert e.value.min_agents == 108
    assert "108" in str(e.value) and isinstance(e.value, ValueError)
    with pytest.raises(ValueError, match="(?i)at least 3 agents"):
        q.erlang_c(40, 180, 2)  # A = 2.0 exactly: no steady state either


@pytest.mark.parametrize("kwargs, field", [
    (dict(arrival_rate=-1, aht=180, agents=3), "arrival_rate"),
    (dict(arrival_rate=0, aht=180, agents=3), "arrival_rate"),
    (dict(arrival_rate=10, aht=0, agents=3), "aht"),
    (dict(arrival_rate=10, aht=180, agents=2.5), "agents"),
    (dict(arrival_rate=10, aht=180, agents=-2), "agents"),
    (dict(arrival_rate=float("nan"), aht=180, agents=3), "arrival_rate"),
    (dict(arrival_rate=10, aht=180, agents=3, target_time=-1), "target_time"),
    (dict(arrival_rate=10, aht=180, agents=True), "agents"),
])
def test_erlang_c_bad_input_names_the_field(kwargs, field):
    with pytest.raises(q.QueueInputError) as e:
        q.erlang_c(**kwargs)
    assert e.value.field == field


def test_target_time_zero_is_accepted():
    r = q.erlang_c(200, 180, 14, target_time=0)
    assert r.service_level == pytest.approx(1 - r.p_wait, rel=1e-15)


# ---------------------------------------------------------------- required agents

def test_required_agents_thesis_rescaled_front_lambdas():
    # call_centre_thesis.json, 'hypothetical_rescaled_front_only': 6/5, 5/4, 4/3 agents
    assert [q.required_agents(lam, 270) for lam in (47.7, 35.4, 20.367)] == [6, 5, 4]
    assert [q.required_agents(lam, 210) for lam in (47.7, 35.4, 20.367)] == [5, 4, 3]


def test_required_agents_starts_at_floor_not_round():
    # A = 10.6 Erlangs: the smallest stable staffing is 11 (floor + 1); round(A) + 1 = 12 would be
    # one too many for an easy target.
    assert q.required_agents(212, 180, target_sl=0.01) == 11
    assert q.required_agents(212, 180, target_sl=0.01, target_time=0) == 11


@pytest.mark.parametrize("lam, aht, target, t", [(200, 180, 0.8, 20), (5000, 240, 0.9, 15),
                                                  (60, 300, 0.95, 0), (1.0e5, 300, 0.8, 20)])
@needs_mpmath
def test_required_agents_is_minimal_by_mpmath(lam, aht, target, t):
    n = q.required_agents(lam, aht, target, t)
    assert mp_erlang_c(lam, aht, n, t)[1] >= target
    a = lam * aht / 3600
    if n - 1 > a:
        assert mp_erlang_c(lam, aht, n - 1, t)[1] < target


def test_required_agents_asa_goal_and_occupancy_cap():
    n = q.required_agents(200, 180, target_sl=None, target_asa=15)
    assert q.erlang_c(200, 180, n).asa <= 15 < q.erlang_c(200, 180, n - 1).asa
    # occupancy cap 0.7 on 10 Erlangs: at least ceil(10 / 0.7) = 15 agents
    assert q.required_agents(200, 180, 0.8, 20, max_occupancy=0.7) == 15
    # a cap that divides exactly: 10 / 0.8 = 12.5 -> 13 but SL needs 14
    assert q.required_agents(200, 180, 0.8, 20, max_occupancy=0.8) == 14


@pytest.mark.parametrize("target", [0, 1, 1.2, -0.1, float("nan")])
def test_required_agents_rejects_sl_target_outside_0_1(target):
    with pytest.raises(q.QueueInputError) as e:
        q.required_agents(200, 180, target_sl=target)
    assert e.value.field == "target_sl"


def test_required_agents_many_equals_scalar_and_handles_empty_intervals():
    rng = np.random.default_rng(1)
    lam = np.concatenate([[0.0], rng.uniform(1, 3000, 200), [1.2e5]])
    aht = rng.uniform(60, 600, lam.size)
    many = q.required_agents_many(lam, aht, 0.8, 20, max_occupancy=0.9)
    assert many.dtype == np.int64 and many[0] == 0
    assert list(many[1:]) == [q.required_agents(l, h, 0.8, 20, 0.9) for l, h in zip(lam[1:], aht[1:])]
    with pytest.raises(q.QueueInputError, match=r"arrival_rates\[1\]"):
        q.required_agents_many([10.0, -1.0], [180.0, 180.0])
    with pytest.raises(q.QueueInputError, match=r"ahts\[0\]"):
        q.required_agents_many([10.0], [float("nan")])


def test_shrinkage_and_cost():
    assert q.scheduled_agents(14, 0.3) == 20  # 14 / 0.7 = 20 exactly, not 21
    assert q.scheduled_agents(13, 0.3) == 19  # 18.57 -> 19
    plan = q.staffing_plan(200, 180, shrinkage=0.3, hours=8, cost_per_agent_hour=12_500)
    assert (plan.agents_on_phone, plan.agents_scheduled, plan.cost) == (14, 20, 20 * 8 * 12_500)
    with pytest.raises(q.QueueInputError):
        q.scheduled_agents(10, 1.0)


# ---------------------------------------------------------------- Erlang A

@pytest.mark.parametrize("lam, aht, s, pat", [(200, 180, 14, 120), (200, 180, 8, 120),
                                               (40, 270, 3, 60), (1431, 270, 17, 90),
                                               (12_000, 300, 1000, 200)])
@needs_mpmath
def test_erlang_a_stationary_quantities_match_mpmath(lam, aht, s, pat):
    p_wait, p_ab, lq = mp_erlang_a(lam, aht, s, pat)
    r = q.erlang_a(lam, aht, s, pat)
    assert r.p_wait == pytest.approx(p_wait, rel=1e-11)
    assert r.p_abandon == pytest.approx(p_ab, rel=1e-11)
    assert r.lq == pytest.approx(lq, rel=1e-11)
    assert r.asa_all == pytest.approx(p_ab * pat, rel=1e-11)  # Little: E[time in queue] = P(ab)/theta
    assert 0 <= r.p_abandon <= r.p_wait <= 1


@needs_mpmath
def test_erlang_a_has_no_state_cap_above_500_agents():
    # 1000 agents at 1.2x overload: the system holds more than 1000 calls, which a peer that
    # truncates at 500 states cannot represent (its P(wait) would be 0). pi is checked against
    # mpmath above for (12000, 300, 1000, 200); here against the fluid limit (Whitt 2006).
    r = q.erlang_a(12_000, 360, 1000, 200)
    p_wait, p_ab, _ = mp_erlang_a(12_000, 360, 1000, 200)
    assert (r.p_wait, r.p_abandon) == pytest.approx((p_wait, p_ab), rel=1e-11)
    assert r.p_wait > 0.9999
    # fluid limit: the surplus (1 - 1/1.2) of the calls must abandon, up to O(1/sqrt(s))
    assert r.p_abandon == pytest.approx(1 - 1 / 1.2, abs=0.01)


def tagged_call_sl(lam_h, aht, s, pat, t, j_max=300):
    """P(answered within t) for all calls, by the tagged-call CTMC and scipy.linalg.expm.

    Independent of the incomplete-beta formula in core: states 'i calls ahead' (0..j_max),
    absorbing 'answered' and 'abandoned'; the stationary state seen on arrival (PASTA) is the
    birth-death distribution summed directly.
    """
    lam, mu, th = lam_h / 3600, 1 / aht, 1 / pat
    n_max = s + j_max
    pi = np.ones(n_max + 1)
    for n in range(1, n_max + 1):
        pi[n] = pi[n - 1] * lam / (min(n, s) * mu + max(n - s, 0) * th)
    pi /= pi.sum()
    m = j_max + 3
    ans, ab = j_max + 1, j_max + 2
    Q = np.zeros((m, m))
    for i in range(j_max + 1):
        Q[i, ab] = th
        if i == 0:
            Q[i, ans] = s * mu
        else:
            Q[i, i - 1] = s * mu + i * th
        Q[i, i] = -Q[i].sum()
    P = expm(Q * t)
    p_ans_t = P[: j_max + 1, ans]
    p_ab_t = P[: j_max + 1, ab]
    queue = pi[s:]
    return (pi[:s].sum() + queue @ p_ans_t, queue @ p_ab_t)


@pytest.mark.parametrize("lam, aht, s, pat, t", [(200, 180, 8, 120, 20), (40, 270, 3, 60, 20),
                                                  (200, 180, 11, 45, 30)])
def test_erlang_a_service_level_matches_tagged_call_chain(lam, aht, s, pat, t):
    ans_t, ab_t = tagged_call_sl(lam, aht, s, pat, t)
    r = q.erlang_a(lam, aht, s, pat, target_time=t, sl_definition="short_abandons_excused")
    assert r.sl_abandoned_fail == pytest.approx(ans_t, rel=1e-9)
    assert r.p_abandon_within_short == pytest.approx(ab_t, rel=1e-9)
    assert r.sl_abandoned_ignored == pytest.approx(ans_t / (1 - r.p_abandon), rel=1e-9)
    assert r.service_level == pytest.approx(ans_t / (1 - ab_t), rel=1e-9)


def test_erlang_a_tends_to_erlang_c_with_infinite_patience():
    c = q.erlang_c(200, 180, 12)
    a = q.erlang_a(200, 180, 12, patience=1e9)
    assert a.p_wait == pytest.approx(c.p_wait, rel=1e-6)
    assert a.service_level == pytest.approx(c.service_level, rel=1e-6)
    assert a.asa == pytest.approx(c.asa, rel=1e-5)


def test_erlang_a_is_stable_when_erlang_c_is_not():
    # thesis reading B: lambda = 1431 calls/h, AHT 270 s, 17 agents (A = 107 Erlangs)
    r = q.erlang_a(1431, 270, 17, patience=90)
    # fluid approximation: the agents carry at most 17 Erlangs -> abandonment >= 1 - 17/107.3
    assert r.p_abandon == pytest.approx(1 - 17 / 107.325, abs=0.01)
    assert r.p_wait == pytest.approx(1.0, abs=1e-9)
    # fluid limit (Whitt 2006, Oper. Res. 54:37-54): answered calls wait (1/theta) ln(lambda / s mu)
    assert r.asa == pytest.approx(90 * math.log(107.325 / 17), rel=0.05)
    # all calls together wait less than the mean patience: waits are bounded by patience
    assert r.asa_all == pytest.approx(90 * r.p_abandon, rel=1e-12) and r.asa_all < 90
    assert r.occupancy == pytest.approx(107.325 * (1 - r.p_abandon) / 17, rel=1e-12) and r.occupancy < 1


def test_erlang_a_target_time_zero_and_bad_definition():
    r = q.erlang_a(200, 180, 10, 120, target_time=0)
    assert r.service_level == pytest.approx(1 - r.p_wait, rel=1e-14)
    with pytest.raises(q.QueueInputError):
        q.erlang_a(200, 180, 10, 120, sl_definition="whatever")
    with pytest.raises(q.QueueInputError):
        q.erlang_a(200, 180, 10, patience=0)


# ---------------------------------------------------------------- tandem

def test_tandem_sums_station_waits_and_flags_unstable_station():
    st = [dict(name="front", agents=6, aht=270), dict(name="coord", agents=5, aht=270),
          dict(name="follow", agents=4, aht=270)]
    r = q.tandem(47.7, st)
    waits = [q.erlang_c(47.7, 270, n).wq for n in (6, 5, 4)]
    assert r.stable and r.wq_total == pytest.approx(sum(waits), rel=1e-14)
    assert r.w_total == pytest.approx(sum(waits) + 3 * 270, rel=1e-14)
    r2 = q.tandem(47.7, st[:2] + [dict(name="follow", agents=3, aht=270)])
    assert not r2.stable and r2.wq_total is None
    assert r2.stations[2].min_agents == 4  # A = 3.5775


# ---------------------------------------------------------------- simulation

def simulate(lam_h, aht, s, patience, n_calls, rng, t_target=20.0, warmup=2000):
    """FCFS M/M/s+M by arrival order: a call's offered wait is the time until the earliest
    server is free (calls that abandon never hold a server). Returns the replication's
    (p_wait, p_abandon, mean wait of answered, SL answered within t over offered,
    mean wait of abandoned)."""
    inter = rng.exponential(3600.0 / lam_h, n_calls)
    talk = rng.exponential(aht, n_calls)
    pat = rng.exponential(patience, n_calls) if patience else np.full(n_calls, np.inf)
    free = [0.0] * s
    t = 0.0
    waited = abandoned = ok = 0
    wait_ans = wait_ab = 0.0
    counted = 0
    for k in range(n_calls):
        t += inter[k]
        v = free[0] - t
        v = v if v > 0 else 0.0
        if pat[k] < v:
            if k >= warmup:
                abandoned += 1
                waited += 1
                wait_ab += pat[k]
        else:
            heapq.heapreplace(free, t + v + talk[k])
            if k >= warmup:
                waited += v > 0
                wait_ans += v
                ok += v <= t_target
        counted += k >= warmup
    answered = counted - abandoned
    return (waited / counted, abandoned / counted, wait_ans / answered, ok / counted,
            wait_ab / abandoned if abandoned else 0.0)


@pytest.mark.parametrize("patience, s", [(None, 12), (120.0, 10)])
def test_models_agree_with_simulation(patience, s):
    # 12 replications of 25,000 calls (after 2,000 warm-up calls) with a fixed seed. The
    # tolerance is 4 standard errors of the replication mean (plus 0.002 for the warm-up bias),
    # i.e. a 1-in-15,000 chance per check of a false alarm if the model were exactly right,
    # while SE ~ 0.003-0.006 keeps the check sharp: a 2 % error in P(wait) would be caught.
    rng = np.random.default_rng(20260425)
    reps = np.array([simulate(200, 180, s, patience, 27_000, rng) for _ in range(12)])
    mean, se = reps.mean(axis=0), reps.std(axis=0, ddof=1) / math.sqrt(len(reps))
    if patience is None:
        r = q.erlang_c(200, 180, s)
        exact = (r.p_wait, 0.0, r.asa, r.service_level, 0.0)
    else:
        r = q.erlang_a(200, 180, s, patience)
        exact = (r.p_wait, r.p_abandon, r.asa, r.sl_abandoned_fail, r.mean_time_to_abandon)
    for i, name in enumerate(("p_wait", "p_abandon", "asa", "sl", "mtta")):
        tol = 4 * se[i] + (0.002 if name not in ("asa", "mtta") else 0.2)
        assert abs(mean[i] - exact[i]) <= tol, (name, mean[i], exact[i], se[i])
    assert se[0] < 0.01  # the check is sharp enough to mean something


# ---------------------------------------------------------------- issue 20: values a mutant would change

def test_tandem_weighs_each_station_wait_by_its_share():
    # 100 calls/h; front: every call, 3 agents, AHT 72 s (A = 2); follow-up: 40 % of the calls
    # (40/h), 3 agents, AHT 180 s (A = 40 * 180 / 3600 = 2).
    # Hand values. Front M/M/3, A = 2: C = (A^3/3! * 3/(3-2)) / (1 + 2 + 2 + A^3/3! * 3) = 4 / 9,
    #   Wq = C * AHT / (s - A) = 4/9 * 72 = 32 s.
    # Follow-up M/M/3 at 40/h, AHT 180, A = 2: C = 4/9, Wq = 4/9 * 180 = 80 s.
    # End-to-end expected wait = 32 + 0.4 * 80 = 64 s (not 32 + 80 = 112 s).
    r = q.tandem(100, [dict(name="front", agents=3, aht=72), dict(name="follow", agents=3, aht=180, share=0.4)])
    assert r.stations[0].result.wq == pytest.approx(32.0, rel=1e-12)
    assert r.stations[1].result.wq == pytest.approx(80.0, rel=1e-12)
    assert r.wq_total == pytest.approx(64.0, rel=1e-12)
    assert r.w_total == pytest.approx(32 + 72 + 0.4 * (80 + 180), rel=1e-12)
    assert r.agents_total == 6


def test_sweep_reports_asa_as_the_wait_in_queue_not_the_time_in_system():
    # M/M/1, 10 calls/h, AHT 180 s: rho = 0.5, Wq = rho / (1 - rho) * AHT = 180 s; W = 360 s
    rows = q.sweep_agents(10, 180, range(1, 3))
    assert rows[0]["asa_c"] == pytest.approx(180.0, rel=1e-12)
    assert rows[0]["p_wait_c"] == pytest.approx(0.5, rel=1e-12)
    # M/M/2 at A = 0.5: C = (A^2/2 * 2/1.5) / (1 + A + A^2/2 * 2/1.5) = (1/6) / (1.5 + 1/6) = 0.1,
    # Wq = 0.1 * 180 / 1.5 = 12 s
    assert rows[1]["asa_c"] == pytest.approx(12.0, rel=1e-12)
    rows = q.sweep_agents(40, 180, [1, 3])  # A = 2: 1 agent unstable, no Erlang C value
    assert rows[0]["stable"] is False and rows[0]["asa_c"] is None


@pytest.mark.parametrize("required, shrinkage, expected", [(10, 0.1, 12), (3, 0.25, 4), (7, 0.3, 10), (1, 0.01, 2)])
def test_scheduled_agents_round_up(required, shrinkage, expected):
    # 10 / 0.9 = 11.11 -> 12 (nearest would give 11: only 9.9 on the phones); 3 / 0.75 = 4 exactly;
    # 7 / 0.7 = 10 exactly; 1 / 0.99 = 1.0101 -> 2
    assert q.scheduled_agents(required, shrinkage) == expected
    assert list(q.scheduled_agents(np.array([required, required]), shrinkage)) == [expected] * 2


@pytest.mark.parametrize("call", [lambda: q.erlang_c(10, 180, 0), lambda: q.erlang_a(10, 180, 0, 60),
                                  lambda: q.tandem(10, [dict(name="f", agents=0, aht=180)]),
                                  lambda: q.sweep_agents(10, 180, [0])])
def test_zero_agents_are_rejected(call):
    with pytest.raises(q.QueueInputError) as e:
        call()
    assert e.value.field == "agents" and e.value.reason == "not_positive"


def test_short_abandon_threshold_is_used():
    # the tagged-call chain (scipy expm) gives P(abandon within 5 s) and within 60 s: the
    # excused service level uses the threshold given, not the target time
    # (x = s patience / AHT = 5.3, y = rate patience = 6.7: queue weights negligible beyond 100)
    ans_20, _ = tagged_call_sl(200, 180, 8, 120, 20, j_max=100)
    _, ab_5 = tagged_call_sl(200, 180, 8, 120, 5, j_max=100)
    _, ab_60 = tagged_call_sl(200, 180, 8, 120, 60, j_max=100)
    r5 = q.erlang_a(200, 180, 8, 120, 20, "short_abandons_excused", short_abandon_time=5)
    r60 = q.erlang_a(200, 180, 8, 120, 20, "short_abandons_excused", short_abandon_time=60)
    assert r5.p_abandon_within_short == pytest.approx(ab_5, rel=1e-9)
    assert r60.p_abandon_within_short == pytest.approx(ab_60, rel=1e-9)
    assert r5.service_level == pytest.approx(ans_20 / (1 - ab_5), rel=1e-9)
    assert r60.service_level == pytest.approx(ans_20 / (1 - ab_60), rel=1e-9)
    assert r5.short_abandon_time == 5 and r60.service_level > r5.service_level


def test_erlang_b_small_cases_by_hand():
    # B(1, A) = A / (1 + A); B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2; B(s, A) with A = 20 s
    assert q.erlang_b(3.0, 1) == pytest.approx(0.75, rel=1e-15)
    assert q.erlang_b(1.0, 2) == pytest.approx(0.2, rel=1e-15)
    # B(2, 40) = (800) / (1 + 40 + 800) = 800 / 841
    assert q.erlang_b(40.0, 2) == pytest.approx(800 / 841, rel=1e-14)
