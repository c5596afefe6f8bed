"""core.simulation: the simulated call centre agrees with Erlang C, Erlang A and the tandem
(Burke) formulas in the stationary case, within its own confidence intervals; intervals are
narrow enough that a wrong model would fall outside; arrivals follow the profile; runs are
reproducible from the seed; bad input gets a named reason."""
import math

import numpy as np
import pandas as pd
import pytest

from core import queueing, traffic
from core import simulation as sim
from core.sample import sample_workspace


def one_station(rate, agents, aht, patience=None, hours=8.0, **kw):
    return sim.SimulationConfig((sim.Station("front", agents, aht, 1.0, patience),),
                                sim.constant_profile(rate, hours), **kw)


def within(result, figure, value):
    row = result.summary.loc[figure]
    return row["low"] <= value <= row["high"], (figure, value, row["low"], row["high"])


def test_stationary_case_agrees_with_erlang_c():
    # 150 calls/h, AHT 180 s -> A = 7.5 Erlangs, 10 agents (occupancy 75 %); 40 replications of
    # 8 hours. (95 % intervals: about one figure in twenty falls outside by chance for a given
    # seed; the seed is fixed, and the width checks below keep the test able to fail.)
    cfg = one_station(150.0, 10, 180.0)
    res = sim.simulate(cfg, 40, seed=11)
    c = queueing.erlang_c(150.0, 180.0, 10, 20.0)
    for figure, value in (("service_level", c.service_level), ("p_wait", c.p_wait), ("asa", c.asa),
                          ("wait_mean", c.wq), ("wait_p80", sim.erlang_c_wait_quantile(c, 0.80)),
                          ("wait_p95", sim.erlang_c_wait_quantile(c, 0.95)), ("abandon_line", 0.0)):
        ok, info = within(res, figure, value)
        assert ok, info
    st = res.stations.iloc[0]
    assert st["utilisation_low"] <= c.occupancy <= st["utilisation_high"]
    assert st["lq_low"] <= c.lq <= st["lq_high"]
    # the intervals are tight enough to catch a wrong model: an Erlang C with 9 agents
    # (SL 0.593) or a wrong AHT would be far outside
    half = (res.summary.loc["service_level", "high"] - res.summary.loc["service_level", "low"]) / 2
    assert half < 0.02
    assert not within(res, "service_level", queueing.erlang_c(150.0, 180.0, 9, 20.0).service_level)[0]
    # offered calls: Poisson(150 * 8 = 1200) per shift
    ok, info = within(res, "offered", 1200.0)
    assert ok, info


def test_stationary_case_with_patience_agrees_with_erlang_a():
    # overloaded without patience (A = 230 * 180 / 3600 = 11.5 on 11 agents): only Erlang A
    # has a steady state; P(abandon) = 0.155 by the exact birth-death solution
    cfg = one_station(230.0, 11, 180.0, patience=90.0)
    res = sim.simulate(cfg, 30, seed=3)
    a = queueing.erlang_a(230.0, 180.0, 11, 90.0, 20.0)
    for figure, value in (("abandon_first", a.p_abandon), ("abandon_line", a.p_abandon),
                          ("service_level", a.service_level), ("p_wait", a.p_wait), ("asa", a.asa)):
        ok, info = within(res, figure, value)
        assert ok, info
    st = res.stations.iloc[0]
    assert st["utilisation_low"] <= a.occupancy <= st["utilisation_high"]
    assert st["lq_low"] <= a.lq <= st["lq_high"]
    half = (res.summary.loc["abandon_first", "high"] - res.summary.loc["abandon_first", "low"]) / 2
    assert half < 0.01
    ref = sim.erlang_reference(cfg)
    assert ref.loc["abandon_first", "erlang"] == a.p_abandon and ref["model"].iloc[0] == "A"


def test_tandem_line_agrees_with_burke():
    # thesis-like line: Front (every call) -> Coordination (30 % of calls) -> Follow-up (the same
    # 30 %); Burke: each station is M/M/s at share * rate, end-to-end wait = sum share_i Wq_i
    stations = [dict(name="front", agents=10, aht=180.0), dict(name="coord", agents=6, aht=300.0, share=0.3),
                dict(name="follow", agents=5, aht=240.0, share=0.3)]
    line = queueing.tandem(150.0, stations)
    cfg = sim.SimulationConfig(tuple(sim.Station(s["name"], s["agents"], s["aht"], s.get("share", 1.0))
                                     for s in stations), sim.constant_profile(150.0, 8.0))
    res = sim.simulate(cfg, 40, seed=7)
    # wait_mean is over the calls that completed the line: those that stop after the front
    # (70 %) wait Wq_front only; E[total] = Wq_front + 0.3 (Wq_coord + Wq_follow) = wq_total
    ok, info = within(res, "wait_mean", line.wq_total)
    assert ok, info
    half = (res.summary.loc["wait_mean", "high"] - res.summary.loc["wait_mean", "low"]) / 2
    assert half < 0.2 * line.wq_total
    # adding the stations' rates, as the thesis' "equivalence property" does, is far outside
    assert res.stations.iloc[1]["utilisation_high"] < 0.9
    for k, station in enumerate(line.stations):
        row = res.stations.iloc[k]
        assert row["utilisation_low"] <= station.result.occupancy <= row["utilisation_high"], (k, row)
        assert row["lq_low"] <= station.result.lq <= row["lq_high"], (k, row)


def test_lognormal_handle_times_keep_the_mean_and_cv():
    rng = np.random.default_rng(1)
    x = sim._handle_times(200_000, 270.0, "lognormal", 0.6, rng)
    assert x.mean() == pytest.approx(270.0, rel=0.01)
    assert x.std() / x.mean() == pytest.approx(0.6, rel=0.02)
    # same mean, less variable service: shorter waits than the exponential case at equal load
    base = sim.simulate(one_station(150.0, 10, 180.0), 20, seed=2)
    logn = sim.simulate(one_station(150.0, 10, 180.0, service="lognormal", cv=0.5), 20, seed=2)
    assert logn.summary.loc["asa", "high"] < base.summary.loc["asa", "low"]
    assert sim.erlang_reference(one_station(150.0, 10, 180.0, service="lognormal", cv=0.5)) is None


def test_arrivals_follow_the_profile_and_the_peak_shows_by_interval():
    # two hours: 60 calls/h, then a 15-minute peak of 240 calls/h, then 60 again
    lengths = (3600.0, 900.0, 2700.0)
    prof = sim.ArrivalProfile((0.0, 3600.0, 4500.0), lengths, (60.0, 240.0, 60.0), clock_start_min=8 * 60)
    cfg = sim.SimulationConfig((sim.Station("front", 3, 180.0, 1.0, 120.0),), prof, warmup_s=900.0)
    res = sim.simulate(cfg, 30, seed=9)
    iv = res.intervals.set_index("clock")
    assert list(iv.index[:6]) == ["08:00", "08:15", "08:30", "08:45", "09:00", "09:15"]
    # expected calls per 15 minutes: 60 / 4 = 15 outside the peak, 240 / 4 = 60 in it
    assert iv.loc["08:30", "offered"] == pytest.approx(15, abs=2.5)
    assert iv.loc["09:00", "offered"] == pytest.approx(60, abs=5)
    # the peak's abandonment is far above the quiet hour's, beyond both intervals
    assert iv.loc["09:00", "abandon_low"] > iv.loc["08:30", "abandon_high"]
    assert iv.loc["09:00", "service_level_high"] < iv.loc["08:30", "service_level_low"]
    # the queue is longest right after the peak
    tl = res.timeline
    peak = tl.loc[tl["queue"].idxmax(), "time_s"]
    assert 3600.0 <= peak <= 5400.0
    assert res.summary.loc["offered", "mean"] == pytest.approx(60 + 60 + 45, abs=8)


def test_same_seed_same_numbers_and_capping_keeps_the_first_replications():
    cfg = one_station(100.0, 6, 180.0, patience=60.0, hours=2.0)
    a = sim.simulate(cfg, 5, seed=42)
    b = sim.simulate(cfg, 5, seed=42)
    pd.testing.assert_frame_equal(a.per_replication, b.per_replication)
    c = sim.simulate(cfg, 5, seed=43)
    assert not a.per_replication.equals(c.per_replication)
    # expected visits per replication: 100 * (2 h + 0.5 h warm-up) = 250; a budget of 1,000
    # allows 4 of the 5 replications, and those 4 are the first 4 of the uncapped run
    capped = sim.simulate(cfg, 5, seed=42, call_budget=1000)
    assert capped.capped and capped.requested == 5 and capped.replications == 4
    pd.testing.assert_frame_equal(capped.per_replication, a.per_replication.iloc[:4])
    assert sim.replication_cap(5, cfg, 1000) == 4 and sim.replication_cap(5, cfg, 10) == 1


def test_progress_is_reported_after_each_replication():
    seen = []
    sim.simulate(one_station(60.0, 2, 180.0, hours=1.0), 3, seed=1, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_histogram_shares_add_up_and_one_replication_has_no_interval():
    res = sim.simulate(one_station(150.0, 10, 180.0, hours=4.0), 1, seed=1)
    assert res.histogram["share"].sum() == pytest.approx(1.0)
    # the first bar is the share of calls that did not wait: 1 - P(wait) of this replication
    assert res.histogram["share"].iloc[0] == pytest.approx(1 - res.summary.loc["p_wait", "mean"], abs=1e-9)
    assert math.isnan(res.summary.loc["service_level", "low"])


def test_shift_profile_from_the_sample_traffic_crosses_midnight():
    data = sample_workspace().get("traffic")
    prof = traffic.interval_profile(data)
    night = sim.shift_profile(prof, "22:00", 8.0)
    assert len(night.rates) == 16  # 30-minute intervals
    assert sim._clock(night.clock_start_min, night.starts_s[4]) == "00:00"
    # the sample keeps each franja's mean rate: night 20.367 calls/h (make_traffic.py), up to
    # the Poisson noise of 4 weeks
    assert np.mean(night.rates) == pytest.approx(20.367, rel=0.1)
    monday = sim.shift_profile(prof, "06:00", 8.0, weekday=0)
    assert np.mean(monday.rates) > np.mean(sim.shift_profile(prof, "06:00", 8.0, weekday=6).rates)


def test_profile_with_gaps_names_the_missing_times():
    data = sample_workspace().get("traffic")
    data = data[~pd.to_datetime(data["interval_start"]).dt.strftime("%H:%M").isin(["07:00", "07:30"])]
    prof = traffic.interval_profile(data)
    with pytest.raises(sim.SimulationInputError) as err:
        sim.shift_profile(prof, "06:00", 8.0)
    assert err.value.reason == "gaps" and err.value.value == ["07:00", "07:30"]
    hole = sim.ArrivalProfile((0.0, 1800.0), (900.0, 900.0), (60.0, 60.0), clock_start_min=600)
    with pytest.raises(sim.SimulationInputError) as err:
        sim.check_profile(hole)
    assert err.value.value == ["10:15"]


@pytest.mark.parametrize("text, value", [("42", 42), (" 7 ", 7), (0, 0)])
def test_seed_parsing(text, value):
    assert sim.parse_seed(text) == value


@pytest.mark.parametrize("text", ["abc", "4.5", "-1", "", "1,000", True, 2 ** 64])
def test_seed_that_is_not_an_integer(text):
    with pytest.raises(sim.SimulationInputError) as err:
        sim.parse_seed(text)
    assert (err.value.field, err.value.reason) == ("seed", "not_integer")


@pytest.mark.parametrize("make, field, reason", [
    (lambda: one_station(100.0, 5, 0.0), "aht", "not_positive"),
    (lambda: one_station(100.0, 5, -30.0), "aht", "not_positive"),
    (lambda: one_station(100.0, 5, 180.0, patience=0.0), "patience", "not_positive"),
    (lambda: one_station(100.0, 0, 180.0), "agents", "not_positive"),
    (lambda: one_station(100.0, 2.5, 180.0), "agents", "not_integer"),
    (lambda: one_station(100.0, 5, 180.0, service="lognormal", cv=0.0), "cv", "not_positive"),
    (lambda: one_station(100.0, 5, 180.0, service="gamma"), "service", "unknown_distribution"),
    (lambda: sim.SimulationConfig((sim.Station("a", 2, 100.0, 0.5), sim.Station("b", 2, 100.0, 0.8)),
                                  sim.constant_profile(60.0, 1.0)), "share", "shares_increase"),
    (lambda: sim.SimulationConfig((sim.Station("a", 2, 100.0),),
                                  sim.ArrivalProfile((0.0,), (900.0,), (0.0,))), "profile", "no_calls"),
])
def test_bad_inputs_name_field_and_reason(make, field, reason):
    with pytest.raises(sim.SimulationInputError) as err:
        sim.simulate(make(), 2, seed=1)
    assert (err.value.field, err.value.reason) == (field, reason)


def test_negative_rate_and_replications():
    with pytest.raises(sim.SimulationInputError) as err:
        sim.constant_profile(-5.0, 1.0)
    assert err.value.reason == "not_positive"
    with pytest.raises(sim.SimulationInputError) as err:
        sim.simulate(one_station(60.0, 2, 100.0, hours=1.0), 0, seed=1)
    assert err.value.field == "replications"


def test_erlang_reference_is_exact_far_above_the_agents_and_the_simulation_agrees():
    # issue 20's case: 500 calls/h, AHT 900 s (A = 125 Erlangs) on 10 agents, patience 10 s.
    # Exact values (mpmath birth-death chain, tests/test_queueing_exact.py): P(wait) 0.97667,
    # P(abandon) 0.92020, ASA 8.72 s, SL 0.06912. The old Erlang B start gave 1.0, 0.94218,
    # 12.32 s and 0.04689 as the "Erlang reference" beside a simulation that was right.
    cfg = one_station(500.0, 10, 900.0, patience=10.0, hours=8.0)
    ref = sim.erlang_reference(cfg)["erlang"]
    assert round(ref["p_wait"], 5) == 0.97667
    assert round(ref["abandon_first"], 5) == 0.92020
    assert round(ref["asa"], 2) == 8.72
    assert round(ref["service_level"], 5) == 0.06912
    res = sim.simulate(cfg, 20, seed=5)
    for figure in ("abandon_first", "service_level", "p_wait"):
        ok, info = within(res, figure, ref[figure])
        assert ok, info
    assert not within(res, "abandon_first", 0.94218)[0]  # the old reference is outside the interval


def test_erlang_c_wait_quantile_by_hand():
    # M/M/1 at rho = 0.5 (10 calls/h, AHT 180 s): P(W > t) = 0.5 exp(-t / 360);
    # the 80 % quantile solves 0.5 exp(-t/360) = 0.2: t = 360 ln 2.5; the 40 % quantile is 0
    c = queueing.erlang_c(10.0, 180.0, 1)
    assert sim.erlang_c_wait_quantile(c, 0.80) == pytest.approx(360 * math.log(2.5), rel=1e-12)
    assert sim.erlang_c_wait_quantile(c, 0.40) == 0.0
