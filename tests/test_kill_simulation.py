"""Tests that kill mutants of core/simulation/ that the module tests let survive (issue 20, docs/MUTATION.md).

References: M/M/1 closed forms worked out here (Gross et al., sec. 2.2-2.3), the tagged-call Markov
chain of tests/test_queueing.py for Erlang A's service level, scipy's t quantiles, hand sums.
"""
import math

import numpy as np
import pytest
from scipy import stats

from core import simulation as sim
from tests.test_queueing import tagged_call_sl


def _one(rate, agents, aht, patience=None, hours=1.0, **kw):
    return sim.SimulationConfig((sim.Station("frente", agents, aht, 1.0, patience),),
                                sim.constant_profile(rate, hours, clock_start_min=kw.pop("clock", 0)), **kw)


def test_overlap_by_hand():
    start, end = np.array([0.0, 5.0, 10.0]), np.array([1.0, 6.0, 11.0])
    # [0, 1] and [5, 6] inside [0.5, 5.5]: 0.5 + 0.5; [10, 11] outside: 0
    assert sim._overlap(start, end, 0.5, 5.5) == pytest.approx(1.0)
    assert sim._overlap(start, end, 2.0, 4.0) == 0.0


def test_ci_uses_n_minus_1_degrees_of_freedom():
    mean, low, high, n = sim._ci(np.array([1.0, 2.0, 3.0]))
    half = stats.t.ppf(0.975, 2) * 1.0 / math.sqrt(3)  # sd 1, n 3
    assert (float(mean), float(low), float(high), int(n)) == pytest.approx((2.0, 2.0 - half, 2.0 + half, 3))


def test_histogram_zero_bar_and_bins():
    h = sim._histogram(np.array([0.0, 0.0, 1.0, 2.0, 3.0, 4.0]), bins=4)
    assert list(h.columns) == ["left", "right", "share"]
    assert h.iloc[0].tolist() == [0.0, 0.0, pytest.approx(2 / 6)]
    assert len(h) == 1 + 4 and h["share"].sum() == pytest.approx(1.0)


def test_erlang_c_reference_m_m_1_by_hand():
    # 60 calls/h x 30 s: A = 0.5, one agent: C = 0.5, Lq = C rho / (1 - rho) = 0.5,
    # P(W > t) = 0.5 exp(-t / 60): t_q = 60 ln(0.5 / (1 - q)) for q > 0.5, else 0
    ref = sim.erlang_reference(_one(60.0, 1, 30.0))
    assert ref.loc["lq", "erlang"] == pytest.approx(0.5, rel=1e-12)
    assert ref.loc["wait_p50", "erlang"] == 0.0
    assert ref.loc["wait_p80", "erlang"] == pytest.approx(60 * math.log(2.5), rel=1e-12)
    assert ref.loc["wait_p95", "erlang"] == pytest.approx(60 * math.log(10), rel=1e-12)


def test_erlang_a_reference_uses_the_target_time():
    ref = sim.erlang_reference(_one(200.0, 8, 180.0, patience=120.0, target_time=60.0))
    ans_t, _ = tagged_call_sl(200.0, 180.0, 8, 120.0, 60.0)
    assert ref.loc["service_level", "erlang"] == pytest.approx(ans_t, rel=1e-8)


def test_bad_interval_minutes_and_hours_are_named():
    with pytest.raises(sim.SimulationInputError) as e:
        sim.constant_profile(60.0, 1.0, interval_minutes=2.5)
    assert (e.value.field, e.value.reason, e.value.value) == ("interval_minutes", "not_integer", 2.5)
    import pandas as pd
    prof = pd.DataFrame({"weekday": [0], "time": ["06:00"], "arrival_rate": [10.0]})
    prof.attrs["minutes"] = 30
    with pytest.raises(sim.SimulationInputError) as e:
        sim.shift_profile(prof, "06:00", hours="x")
    assert e.value.field == "hours"


def test_clock_columns_timeline_and_clipped_interval():
    cfg = _one(30.0, 2, 120.0, clock=360, warmup_s=0.0)  # a 06:00 start, no warm-up
    sim.check_config(cfg)
    res = sim.simulate(cfg, 3, seed=5)
    # 15-minute intervals from 06:00 = 360 min after midnight
    assert res.intervals["clock_min"].tolist() == [360.0, 375.0, 390.0, 405.0]
    tl = res.timeline
    assert tl["time_s"].iloc[0] == 0.0 and tl["time_s"].iloc[-1] == 3600.0
    assert tl["clock_min"].iloc[0] == 360.0 and tl["clock_min"].iloc[-1] == 420.0
    assert set(tl["station"]) == {"frente"}
    assert list(res.summary.columns) == ["mean", "low", "high", "n"]
    assert (res.summary[["low", "high"]].dropna() >= 0).all().all()


def test_closed_last_hour_counts_zero_calls_per_interval():
    # 60 calls/h for the first half hour, then closed: the 15-minute intervals after it have 0 calls
    prof = sim.ArrivalProfile((0.0, 1800.0), (1800.0, 1800.0), (60.0, 0.0))
    res = sim.simulate(sim.SimulationConfig((sim.Station("frente", 1, 60.0, 1.0, None),), prof, warmup_s=0.0), 2, seed=1)
    assert res.intervals["offered"].tolist()[2:] == [0.0, 0.0]
    # no Erlang reference without traffic
    closed = sim.ArrivalProfile((0.0,), (3600.0,), (0.0,))
    assert sim.erlang_reference(sim.SimulationConfig((sim.Station("f", 1, 60.0, 1.0, None),), closed)) is None


def test_text_or_yes_no_rates_are_gaps_in_the_profile():
    for bad in ("abc", True):
        with pytest.raises(sim.SimulationInputError) as e:
            sim.check_profile(sim.ArrivalProfile((0.0,), (3600.0,), (bad,)))
        assert (e.value.field, e.value.reason, e.value.value) == ("profile", "gaps", ["00:00"])


def test_timeline_per_time_percentiles_and_two_station_index():
    # 600 calls/h on one agent with AHT 120 s (5 times overloaded): empty at 0, about 555 waiting
    # after the hour in every replication, so the 10th percentile over replications goes 0 -> > 0
    res = sim.simulate(sim.SimulationConfig((sim.Station("a", 1, 120.0, 1.0, None),),
                                            sim.constant_profile(600.0, 1.0), warmup_s=0.0), 3, seed=1)
    tl = res.timeline
    assert tl["queue_p10"].iloc[0] == 0.0 and tl["queue_p10"].iloc[-1] > 400
    two = sim.SimulationConfig((sim.Station("a", 1, 120.0, 1.0, None), sim.Station("b", 1, 60.0, 0.5, None)),
                               sim.constant_profile(20.0, 1.0), warmup_s=0.0)
    assert sim.simulate(two, 2, seed=1).timeline.index.is_unique


def test_a_shift_without_any_completed_call_has_blank_percentiles():
    # 0.001 calls/h for one hour: almost surely no call (P = e^-0.001 per replication; seed 1: none)
    res = sim.simulate(_one(0.001, 1, 60.0, warmup_s=0.0), 2, seed=1)
    assert res.summary.loc["offered", "mean"] == 0.0
    assert np.isnan(res.summary.loc["wait_p50", "mean"]) and np.isnan(res.summary.loc["wait_p95", "mean"])


# ----------------------------------------------------------------------------- sampled run (seed 21)

def test_bad_station_and_config_values_are_named_with_their_value():
    for cfg, expected in (
            (_one(60.0, 0, 30.0), ("agents", "not_positive", 0)),
            (_one(60.0, 1, -30.0), ("aht", "not_positive", -30.0)),
            (sim.SimulationConfig((sim.Station("f", 1, 30.0, -0.5, None),), sim.constant_profile(60.0, 1.0)),
             ("share", "not_positive", -0.5)),
            (_one(60.0, 1, 30.0, target_time=-1.0), ("target_time", "negative", -1.0))):
        with pytest.raises(sim.SimulationInputError) as e:
            sim.simulate(cfg, 2, seed=1)
        assert (e.value.field, e.value.reason, e.value.value) == expected


def test_erlang_reference_one_station_only_and_at_low_rates():
    # 0.5 calls/h x 60 s on one agent: A = 1/120 Erlang, M/M/1: C = rho = 1/120, utilisation rho,
    # Lq = rho^2 / (1 - rho) = (1/14400) / (119/120) = 1/14280 (Gross et al., sec. 2.2)
    ref = sim.erlang_reference(_one(0.5, 1, 60.0))
    assert ref.loc["p_wait", "erlang"] == pytest.approx(1 / 120, rel=1e-12)
    assert ref.loc["utilisation", "erlang"] == pytest.approx(1 / 120, rel=1e-12)
    assert ref.loc["lq", "erlang"] == pytest.approx(1 / 14280, rel=1e-12)
    two = sim.SimulationConfig((sim.Station("a", 1, 60.0, 1.0, None), sim.Station("b", 1, 60.0, 0.5, None)),
                               sim.constant_profile(20.0, 1.0))
    assert sim.erlang_reference(two) is None  # two stations in series: no single Erlang model


def test_simulation_output_names_and_default_seed():
    cfg = _one(30.0, 2, 120.0, warmup_s=0.0)
    res = sim.simulate(cfg, 2)
    assert res.summary.index.name == "figure"
    assert list(res.stations.columns[:3]) == ["station", "agents", "utilisation"]
    # the documented default seed 2026: the same run as asking for it
    again = sim.simulate(cfg, 2, seed=2026)
    assert res.summary["mean"].equals(again.summary["mean"])
    empty = sim._histogram(np.zeros(0))  # no call waited: an empty table with the same columns
    assert list(empty.columns) == ["left", "right", "share"] and empty.empty


# ----------------------------------------------------------------------------- sampled runs of 30 Nov, second session

_FIGURES = ["service_level", "p_wait", "asa", "abandon_first", "wait_mean", "utilisation", "lq"]


def test_erlang_c_reference_names_every_figure():
    # M/M/1 at A = 0.5 (60 calls/h x 30 s): nobody abandons, utilisation 0.5, Wq = C AHT / (s - A) = 30 s
    ref = sim.erlang_reference(_one(60.0, 1, 30.0))
    assert list(ref.index) == _FIGURES + ["wait_p50", "wait_p80", "wait_p95"]
    assert list(ref.columns) == ["erlang", "model"] and set(ref["model"]) == {"C"}
    assert ref.loc["abandon_first", "erlang"] == 0.0 and ref.loc["utilisation", "erlang"] == 0.5
    assert ref.loc["wait_mean", "erlang"] == pytest.approx(30.0, rel=1e-12)


def test_erlang_a_reference_names_every_figure_and_conserves_work():
    # 500 calls/h x 900 s = 125 Erlangs on 10 agents, patience 10 s. The agents carry the answered
    # traffic: utilisation = A (1 - P(abandon)) / s (work conservation; Erlang A computes it from
    # P(answered) directly). The completed calls' mean wait is the answered calls' ASA.
    ref = sim.erlang_reference(_one(500.0, 10, 900.0, patience=10.0))
    assert list(ref.index) == _FIGURES and set(ref["model"]) == {"A"}
    e = ref["erlang"]
    assert e["utilisation"] == pytest.approx(125.0 * (1.0 - e["abandon_first"]) / 10, rel=1e-12)
    assert e["wait_mean"] == e["asa"] and round(e["asa"], 2) == 8.72


def test_shift_profile_default_shift_is_eight_hours_from_six():
    import pandas as pd
    times = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)]
    prof = pd.DataFrame({"weekday": 0, "time": times, "arrival_rate": np.arange(48, dtype=float)})
    prof.attrs["minutes"] = 30
    p = sim.shift_profile(prof)
    assert p.clock_start_min == 360 and len(p.rates) == 16
    assert p.rates == tuple(float(x) for x in range(12, 28))  # 06:00 is the 13th half hour
    prof.attrs["minutes"] = None  # no interval length: refused as a profile with gaps
    with pytest.raises(sim.SimulationInputError) as err:
        sim.shift_profile(prof)
    assert (err.value.field, err.value.reason) == ("profile", "gaps")


def test_shift_lengths_and_a_shift_ending_inside_an_interval():
    import pandas as pd
    times = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)]
    prof = pd.DataFrame({"weekday": 0, "time": times, "arrival_rate": 60.0})
    prof.attrs["minutes"] = 30
    p = sim.shift_profile(prof, "08:00", 1.75)  # 105 minutes: 30 + 30 + 30 + 15
    assert p.starts_s == (0.0, 1800.0, 3600.0, 5400.0) and p.lengths_s == (1800.0, 1800.0, 1800.0, 900.0)
    assert p.duration_s == 6300.0


def test_input_errors_keep_the_value_and_name_the_interval_length():
    with pytest.raises(sim.SimulationInputError) as e:
        sim.simulate(_one(60.0, 1, 30.0), "diez")
    assert (e.value.field, e.value.reason, e.value.value) == ("replications", "not_a_number", "diez")
    bad = sim.ArrivalProfile((0.0, 1800.0), (1800.0, 0.0), (60.0, 60.0))
    with pytest.raises(sim.SimulationInputError) as e:
        sim.check_profile(bad)
    assert (e.value.field, e.value.reason, e.value.value) == ("interval_length", "not_positive", 0.0)


def test_clip_to_zero_one():
    assert sim.run._clip01(np.array([-0.2, 0.5, 1.3])).tolist() == [0.0, 0.5, 1.0]


def test_result_tables_name_their_columns_and_per_replication_figures():
    import time
    t0 = time.perf_counter()
    res = sim.simulate(_one(120.0, 2, 60.0, hours=1.0), 3, seed=7)
    wall = time.perf_counter() - t0
    assert 0.0 <= res.elapsed_s <= wall
    assert list(res.stations.columns) == ["station", "agents", "utilisation", "utilisation_low",
                                          "utilisation_high", "lq", "lq_low", "lq_high"]
    assert list(res.intervals.columns) == ["start_s", "clock", "clock_min", "offered", "service_level",
                                           "service_level_low", "service_level_high", "abandon",
                                           "abandon_low", "abandon_high"]
    per = res.per_replication
    assert {"utilisation_0", "lq_0"} <= set(per.columns) and len(per) == 3
    # the station's figures are the means over the replications of the per-replication values
    assert res.stations.loc[0, "lq"] == pytest.approx(per["lq_0"].mean(), rel=1e-12)
    assert res.stations.loc[0, "utilisation"] == pytest.approx(per["utilisation_0"].mean(), rel=1e-12)
    assert res.intervals["service_level"].notna().all()


def test_a_shift_without_calls_gives_blank_figures_without_warnings():
    import warnings
    # 0.01 calls/h for one hour: with this seed no call arrives in either replication
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "mean of empty slice" would reach the user's log
        res = sim.simulate(_one(0.01, 1, 60.0), 2, seed=1)
    per = res.per_replication
    assert per["offered"].tolist() == [0.0, 0.0]
    for figure in ("service_level", "p_wait", "asa", "abandon_first", "abandon_line", "wait_mean", "wait_p50"):
        assert per[figure].isna().all(), figure


# ----------------------------------------------------------------------------- sampled run (seed 22)

def test_shift_boundaries_and_interval_edges_with_hand_made_arrivals(monkeypatch):
    # The shift is [0, T): a call at exactly 0 s counts, one at exactly T = 3600 s does not, and a call
    # at exactly 900 s belongs to the interval that starts at 900 s. Five calls by hand, on 5 agents
    # (nobody can wait): -10 s (warm-up), 0, 100, 900 (shift), 3600 (after it). Counted: 3 offered,
    # 2 in 00:00-00:15 and 1 in 00:15-00:30; simulated: 3 + 1 warm-up + 1 after = 5 station visits.
    from core.simulation import engine
    calls = np.array([-10.0, 0.0, 100.0, 900.0, 3600.0])
    monkeypatch.setattr(engine, "_arrivals", lambda profile, warmup, rng: calls.copy())
    res = sim.simulate(_one(4.0, 5, 60.0, warmup_s=600.0), 2, seed=3)
    assert res.per_replication["offered"].tolist() == [3.0, 3.0]
    assert res.station_visits == 2 * 5
    iv = res.intervals
    assert iv["offered"].tolist() == [2.0, 1.0, 0.0, 0.0]
    assert iv["service_level"].tolist()[:2] == [1.0, 1.0] and iv["service_level"].isna().tolist()[2:] == [True, True]
    assert res.summary.loc["p_wait", "mean"] == 0.0 and res.summary.loc["asa", "mean"] == 0.0


def test_a_one_second_warm_up_still_brings_calls():
    # 36,000 calls/h = 10 calls/s: a warm-up of 1 s brings Poisson(10) calls per replication before the
    # shift (P(none in 3 replications) = e^-30). They are simulated (station visits) but not offered:
    # visits = offered + warm-up calls (one station, no call after a shift of one minute).
    cfg = sim.SimulationConfig((sim.Station("frente", 20, 1.0, 1.0, None),),
                               sim.constant_profile(36000.0, 1 / 60, interval_minutes=1), warmup_s=1.0)
    res = sim.simulate(cfg, 3, seed=4)
    warm = res.station_visits - res.per_replication["offered"].sum()
    assert 0 < warm < 60  # mean 30, sd 5.5
    none = sim.simulate(sim.SimulationConfig(cfg.stations, cfg.profile, warmup_s=0.0), 3, seed=4)
    assert none.station_visits == none.per_replication["offered"].sum()


def test_a_profile_with_fewer_starts_than_rates_is_refused():
    for bad in (sim.ArrivalProfile((0.0,), (1800.0, 1800.0), (60.0, 60.0)),
                sim.ArrivalProfile((0.0, 1800.0), (1800.0,), (60.0, 60.0))):
        with pytest.raises(sim.SimulationInputError) as e:
            sim.check_profile(bad)
        assert (e.value.field, e.value.reason, e.value.value) == ("profile", "no_calls", 2)


def test_shift_profile_with_one_minute_intervals():
    import pandas as pd
    prof = pd.DataFrame({"weekday": 0, "time": ["06:00", "06:01", "06:02", "06:03", "06:04"],
                         "arrival_rate": [1.0, 2.0, 3.0, 4.0, 5.0]})
    prof.attrs["minutes"] = 1
    p = sim.shift_profile(prof, "06:01", 0.05)  # 3 minutes: 06:01, 06:02, 06:03
    assert (p.starts_s, p.lengths_s, p.rates, p.clock_start_min) == ((0.0, 60.0, 120.0), (60.0,) * 3,
                                                                     (2.0, 3.0, 4.0), 361)


def test_timeline_columns_and_its_percentiles_over_two_replications():
    # 600 calls/h on one agent with AHT 120 s (5 times overloaded): at the end of the hour the agent is
    # busy in both replications (busy = 1). With two replications a <= b, numpy's linear percentiles are
    # a + 0.1 (b - a) and a + 0.9 (b - a): p10 + p90 = a + b = 2 x mean at every time.
    res = sim.simulate(sim.SimulationConfig((sim.Station("a", 1, 120.0, 1.0, None),),
                                            sim.constant_profile(600.0, 1.0), warmup_s=0.0), 2, seed=1)
    tl = res.timeline
    assert list(tl.columns) == ["time_s", "clock", "clock_min", "station", "queue", "queue_p10", "queue_p90",
                                "busy", "agents"]
    assert tl["busy"].iloc[-1] == 1.0 and (tl["busy"] <= 1.0).all() and (tl["agents"] == 1).all()
    np.testing.assert_allclose(tl["queue_p10"] + tl["queue_p90"], 2 * tl["queue"], rtol=1e-12, atol=1e-12)
    assert tl["queue_p90"].iloc[-1] > 400


def test_the_result_keeps_the_seed_it_ran_with():
    cfg = _one(30.0, 2, 120.0, warmup_s=0.0)
    assert sim.simulate(cfg, 1, seed=7).seed == 7
    assert sim.simulate(cfg, 1, seed="12").seed == 12  # typed by the user: the number
    assert sim.simulate(cfg, 1).seed == 2026


# ----------------------------------------------------------------------------- sampled run (seed 24)
# seed 24
# Fresh sample of 120 mutants (seed 24): 4 left by the module tests, 3 killed below. Equivalent:
# _replication 36 (`<=` for `<` between a uniform draw in [0, 1) and share / previous share: equal only
# for a draw of exactly that double, probability 2^-53 per call; at a ratio of 1 both are always true).

def test_sub_second_waits_histogram_ends_at_the_995th_percentile():
    # a well-staffed line: 2 of 6 calls do not wait, the others wait 0.2, 0.4, 0.6 and 0.8 s.
    # 99.5th percentile of the positive waits (linear interpolation, numpy's default): position
    # 0.995 x 3 = 2.985 -> 0.6 + 0.985 x 0.2 = 0.797 s (not the largest wait, 0.8 s). Four bins of
    # 0.797 / 4 = 0.19925 s: [0.19925, 0.3985) holds 0.2, [0.3985, 0.59775) holds 0.4, the last bin
    # 0.6 and the 0.8 s clipped to 0.797.
    h = sim._histogram(np.array([0.0, 0.0, 0.2, 0.4, 0.6, 0.8]), bins=4)
    assert h["right"].tolist() == pytest.approx([0.0, 0.19925, 0.3985, 0.59775, 0.797], rel=1e-12)
    assert h["share"].tolist() == pytest.approx([2 / 6, 0.0, 1 / 6, 1 / 6, 2 / 6], rel=1e-12)


def test_warm_up_and_report_interval_errors_name_their_field():
    # a negative warm-up (-60 s) and a report interval of 0 minutes: the page names the field typed
    for cfg, expected in ((_one(60.0, 1, 30.0, warmup_s=-60.0), ("warmup", "negative", -60.0)),
                          (_one(60.0, 1, 30.0, report_minutes=0), ("report_minutes", "not_positive", 0))):
        with pytest.raises(sim.SimulationInputError) as e:
            sim.simulate(cfg, 2, seed=1)
        assert (e.value.field, e.value.reason, e.value.value) == expected


# seed 25
# Fresh sample (seed 25): 2 survivors, both reachable only by direct callers (the page passes
# clock_start_min and builds starts at whole multiples of the interval), killed below.

def test_a_start_off_by_exactly_the_tolerance_is_not_a_gap():
    # the gap check tolerates 1e-6 s of rounding: a first interval starting 1e-6 s after 0 (|1e-6 - 0|
    # = 1e-6 exactly) is not a gap; 2e-6 s is one, reported at the shift's start "08:00"
    ok = sim.ArrivalProfile((1e-6, 1800.0), (1800.0 - 1e-6, 1800.0), (60.0, 90.0), 480)
    sim.check_profile(ok)
    with pytest.raises(sim.SimulationInputError) as e:
        sim.check_profile(sim.ArrivalProfile((2e-6, 1800.0), (1800.0 - 2e-6, 1800.0), (60.0, 90.0), 480))
    assert (e.value.reason, e.value.value) == ("gaps", ["08:00"])


def test_constant_profile_starts_at_midnight_unless_told():
    # 30 calls/h for 1 h in 15-minute intervals: starts 0, 900, 1800, 2700 s; clock 00:00 by default
    p = sim.constant_profile(30.0, 1.0)
    assert p.starts_s == (0.0, 900.0, 1800.0, 2700.0) and p.clock_start_min == 0
