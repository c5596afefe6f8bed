"""Tests for the survivors of the full mutation run of core/simulation/ (issue 20, docs/MUTATION.md).

Expected values are hand traces of tiny inputs (every time below is an exact binary fraction, so the
event times are exact floats), hand sums, the M/M/1 closed forms (Gross et al., sec. 2.2-2.3) and
scipy's t quantiles; never the function under test. Each test runs in well under a second.
"""
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from core import simulation as sim
from core.simulation import engine


def _one(rate, agents, aht, patience=None, hours=1.0, **kw):
    return sim.SimulationConfig((sim.Station("frente", agents, aht, 1.0, patience),),
                                sim.constant_profile(rate, hours), **kw)


def _fixed_handle(seconds):
    return lambda n, aht, service, cv, rng: np.full(n, seconds)


# ----------------------------------------------------------------------------- full run
# Full run of every simulation mutant (1,357) on the code of 30 Nov, 18:40: 40 survivors; 26 killed
# below (each checked on a scratch copy: fails on the mutant, passes on the code); 13 equivalent and
# one (replication_cap 19) that differs only where it is the exact answer, all 14 explained here:
# _arrivals 7 (`warmup >= 0`): with no warm-up it prepends an interval of length 0; Poisson(0) is 0
#   and numpy's poisson(0) consumes no draw (checked: the next uniforms are the same), so the same calls.
# _station_pass 17 and 28 (`f < a` for `f <= a`): when an agent is free exactly at the arrival the
#   other branch gives the same start f = a (28: and f - a = 0 is never > patience >= 0).
# _station_pass 39 (`served[i] = None`): np.asarray(..., dtype=bool) turns None into False.
# _replication 36 (`<=` for `<` between a uniform draw in [0, 1) and share / previous share): equal
#   only for a draw of exactly that double (probability 2^-53 per call); at a ratio of 1 both always true.
# check_config 3 (`previous = 2.0`): the first station's share is <= 1 (else out_of_range first), so
#   it never exceeds 1 + 1e-12 nor 2 + 1e-12.
# shift_profile 64 and 66 (`rates.get(x, None)`, `rates.get(x, )`): evaluated only when x is in the
#   index (the `or` short-circuits), so the default is never used.
# _ci 12 (`simplefilter("ignore")` for every category): nanmean/nanstd on a float array warn only
#   with RuntimeWarning, the category already ignored.
# _histogram 37, 38, 40 (`top > 0` guard): the 99.5th percentile of positive waits is positive
#   (numpy's interpolation between two positive values is >= the smaller), so the else is never taken.
# simulate 87 (`to_numpy(None)`): every per-replication column is float64 (floats and NaN), the same array.
# replication_cap 19 (`int(budget / per)` for `int(budget // per)`) was the exact answer: with `//` a budget of
#   350 for 100 calls/h x 1 h + 10 min warm-up (116 2/3 calls) gave 2 replications (the float
#   116.66666666666667 is above 350/3). Fixed in core (true division);
#   test_a_budget_of_exactly_three_replications_fits_three checks it.


def test_hand_traced_shift_one_agent_ten_second_calls(monkeypatch):
    # One agent, every call 10 s, a 10-minute warm-up, shift [0, 3600), target 0 s ("answered without
    # waiting"). Calls by hand: A at -5 (warm-up) is served [-5, 5); B at 0.5 waits [0.5, 5), served
    # [5, 15); C at 2 waits [2, 15), served [15, 25); D at 1000 is served [1000, 1010) at once.
    monkeypatch.setattr(engine, "_arrivals", lambda profile, warmup, rng: np.array([-5.0, 0.5, 2.0, 1000.0]))
    monkeypatch.setattr(engine, "_handle_times", _fixed_handle(10.0))
    res = sim.simulate(_one(4.0, 1, 10.0, warmup_s=600.0, target_time=0.0), 2, seed=7)
    per = res.per_replication.iloc[0]
    # offered B, C, D; waits 4.5, 13, 0: only D answered within 0 s; two of three found the agent busy
    assert per["offered"] == 3.0
    assert per["service_level"] == pytest.approx(1 / 3, rel=1e-15)
    assert per["p_wait"] == pytest.approx(2 / 3, rel=1e-15)
    assert per["asa"] == pytest.approx(17.5 / 3, rel=1e-15)
    assert per["wait_p50"] == 4.5
    # busy agent-time inside [0, 3600]: A 5 s ([0, 5]) + B 10 + C 10 + D 10 = 35 s on one agent;
    # time waiting inside the shift: B 4.5 s ([0.5, 5]) + C 13 s = 17.5 s
    st = res.stations.iloc[0]
    assert st["utilisation"] == pytest.approx(35.0 / 3600.0, rel=1e-12)
    assert st["lq"] == pytest.approx(17.5 / 3600.0, rel=1e-12)
    # the timeline: 241 points 15 s apart; intervals [start, end): at 15 s C has stopped waiting
    # and started service (queue 0, one busy agent), at 30 s nobody, at 1005 s D is being served
    tl = res.timeline.set_index("time_s")
    assert tl.index.tolist() == [15.0 * i for i in range(241)]
    assert tl.loc[0.0, ["queue", "busy"]].tolist() == [0.0, 1.0]  # A served, B not arrived yet
    assert tl.loc[15.0, ["queue", "busy"]].tolist() == [0.0, 1.0]
    assert tl.loc[30.0, ["queue", "busy"]].tolist() == [0.0, 0.0]
    assert tl.loc[1005.0, ["queue", "busy"]].tolist() == [0.0, 1.0]


def test_count_at_counts_half_open_intervals():
    # [start, end) covers t iff start <= t < end: an interval ending at a grid time no longer covers it,
    # one starting there does, and an empty one [t, t) (a call that did not wait) never counts
    grid = np.array([0.0, 10.0, 20.0])
    start = np.array([0.0, 10.0, 10.0, 5.0])
    end = np.array([10.0, 20.0, 10.0, 25.0])
    assert sim._count_at(grid, start, end).tolist() == [1, 2, 1]


def test_a_target_of_zero_seconds_counts_the_calls_answered_without_waiting():
    # Without patience every call is answered; one answered within 0 s found an agent free (wait
    # exactly 0), so service level at 0 s = 1 - P(wait) in every replication (M/M/s: 1 - C)
    res = sim.simulate(_one(120.0, 3, 80.0, warmup_s=300.0, target_time=0.0), 3, seed=5)
    per = res.per_replication
    assert (per["p_wait"] > 0).all() and (per["p_wait"] < 1).all()
    assert per["service_level"].tolist() == pytest.approx((1.0 - per["p_wait"]).tolist(), abs=1e-12)


def test_a_caller_whose_patience_ends_as_the_agent_frees_up_is_served():
    # The agent is busy until 10 s; a caller arriving at 4 s would wait exactly 6 s. It abandons iff
    # that wait exceeds its patience (module docs, Mandelbaum & Zeltyn's offered wait V > patience):
    # patience 6 s -> served at 10 s; patience 5.5 s -> hangs up at 9.5 s.
    out, served = sim._station_pass([0.0, 4.0], [10.0, 10.0], [100.0, 6.0], 1, -600.0)
    assert out.tolist() == [0.0, 10.0] and served.tolist() == [True, True]
    out, served = sim._station_pass([0.0, 4.0], [10.0, 10.0], [100.0, 5.5], 1, -600.0)
    assert out.tolist() == [0.0, 9.5] and served.tolist() == [True, False]


def test_share_errors_name_the_right_reason_and_the_tolerance_edge():
    profile = sim.constant_profile(120.0, 1.0)

    def cfg(*shares):
        return sim.SimulationConfig(tuple(sim.Station(f"s{i}", 2, 60.0, s) for i, s in enumerate(shares)), profile)

    with pytest.raises(sim.SimulationInputError) as e:
        sim.check_config(cfg(1.5))  # 150 % of the calls: out of range, not "shares increase"
    assert (e.value.field, e.value.reason, e.value.value) == ("share", "out_of_range", 1.5)
    assert str(e.value) == "share=1.5: out of range"
    with pytest.raises(sim.SimulationInputError) as e:
        sim.check_config(cfg(1.0, 0.5, 0.8))
    assert str(e.value) == "share=0.8: shares increase"
    # a rise within the 1e-12 rounding tolerance (e.g. 0.3 typed, 0.1 + 0.2 computed) is accepted,
    # up to and including exactly 1e-12
    sim.check_config(cfg(1.0, 0.3, 0.1 + 0.2))
    sim.check_config(cfg(1.0, 0.5, 0.5 + 1e-12))


def test_a_shift_of_66_minutes_ends_with_a_six_minute_interval():
    p = sim.constant_profile(90.0, 1.1)  # 66 min in 15-min intervals: 4 x 900 s + 360 s
    assert p.lengths_s == pytest.approx((900.0, 900.0, 900.0, 900.0, 360.0))
    assert p.duration_s == pytest.approx(3960.0)


def test_expected_calls_and_replication_cap_by_hand():
    # 120 calls/h for 2 h plus a 15-min warm-up: 240 + 30 = 270 calls; 40 % go on to the second
    # station: 270 x (1 + 0.4) = 378 station visits per replication
    two = sim.SimulationConfig((sim.Station("frente", 4, 120.0, 1.0), sim.Station("coordinacion", 2, 90.0, 0.4)),
                               sim.constant_profile(120.0, 2.0), warmup_s=900.0)
    assert sim.expected_calls(two) == pytest.approx(378.0, rel=1e-12)
    # a tiny line: 1.5 calls/h for 1 h, no warm-up: 1.5 visits each; a budget of 9 fits 6 of 10
    tiny = _one(1.5, 1, 60.0, warmup_s=0.0)
    assert sim.replication_cap(10, tiny, call_budget=9) == 6


def test_a_budget_of_exactly_three_replications_fits_three():
    # 100 calls/h for 1 h plus a 10-minute warm-up: 100 + 100 x 600/3600 = 116 2/3 calls per replication;
    # 3 x 116 2/3 = 350 exactly, so a budget of 350 fits 3 (2 with the floored division of the float)
    one = _one(100.0, 3, 180.0, warmup_s=600.0)
    assert sim.replication_cap(10, one, call_budget=350) == 3
    assert sim.replication_cap(10, one, call_budget=349) == 2


def test_seed_upper_bound_is_two_to_the_63():
    assert sim.parse_seed(2 ** 63 - 1) == 2 ** 63 - 1
    assert sim.parse_seed("9223372036854775807") == 2 ** 63 - 1
    for bad in (2 ** 63, "9223372036854775808", 2 ** 63 + 5):
        with pytest.raises(sim.SimulationInputError) as e:
            sim.parse_seed(bad)
        assert (e.value.field, e.value.reason) == ("seed", "not_integer")


def test_shift_profile_refuses_a_blank_rate_and_a_profile_without_interval_length():
    prof = pd.DataFrame({"weekday": 0, "time": ["06:00", "06:15", "06:30", "06:45"],
                         "arrival_rate": [40.0, np.nan, 52.0, 48.0]})
    prof.attrs["minutes"] = 15
    with pytest.raises(sim.SimulationInputError) as e:
        sim.shift_profile(prof, "06:00", 1.0)  # 06:15 is in the data but blank
    assert (e.value.field, e.value.reason, e.value.value) == ("profile", "gaps", ["06:15"])
    del prof.attrs["minutes"]  # e.g. a table rebuilt by hand: no interval length known
    with pytest.raises(sim.SimulationInputError) as e:
        sim.shift_profile(prof.fillna(45.0), "06:00", 1.0)
    assert (e.value.field, e.value.reason, e.value.value) == ("profile", "gaps", [])


def test_erlang_c_reference_uses_the_target_time():
    # M/M/1, 60 calls/h x 30 s: A = 0.5, C = 0.5, P(W > t) = 0.5 exp(-t / 60): SL(60 s) = 1 - 0.5 / e
    ref = sim.erlang_reference(_one(60.0, 1, 30.0, target_time=60.0))
    assert ref.loc["service_level", "erlang"] == pytest.approx(1.0 - 0.5 / math.e, rel=1e-12)


def test_histogram_has_forty_bins_up_to_the_995th_percentile():
    # 10 calls answered at once and waits of 1..201 s: the 99.5th percentile of the positive waits is
    # at rank 0.995 x 200 = 199 (0-based) = 200 s, so 40 bins of 5 s; 201 s is counted in the last one
    waits = np.concatenate([np.zeros(10), np.arange(1.0, 202.0)])
    h = sim._histogram(waits)
    assert len(h) == 41
    assert h["left"].tolist()[1:] == pytest.approx([5.0 * i for i in range(40)])
    assert h["right"].tolist()[1:] == pytest.approx([5.0 * (i + 1) for i in range(40)])
    n = waits.size
    assert h["share"].iloc[0] == pytest.approx(10 / n)  # the [0, 0] bar
    assert h["share"].iloc[1] == pytest.approx(4 / n)   # 1, 2, 3, 4
    assert h["share"].iloc[-1] == pytest.approx(7 / n)  # 195..200 and 201


def test_share_intervals_are_clipped_to_one_and_the_result_keeps_its_inputs(monkeypatch):
    # Two replications by hand (one agent, 10-s calls, target 0 s): calls at 100 and 200 s (nobody
    # waits: SL 1, P(wait) 0), then at 100 and 104 s (the second waits 6 s: SL 1/2, P(wait) 1/2).
    days = iter([np.array([100.0, 200.0]), np.array([100.0, 104.0])])
    monkeypatch.setattr(engine, "_arrivals", lambda profile, warmup, rng: next(days))
    monkeypatch.setattr(engine, "_handle_times", _fixed_handle(10.0))
    cfg = _one(2.0, 1, 10.0, warmup_s=0.0, target_time=0.0)
    res = sim.simulate(cfg, 2, seed=3)
    # half-width t(0.975, 1) sd / sqrt(2) with sd = |x1 - x2| / sqrt(2): 12.706 x 0.25 = 3.18 for
    # the shares: mean 0.75 / 0.25 +/- 3.18 leave [0, 1] on both sides, so both are clipped
    t1 = stats.t.ppf(0.975, 1)
    s = res.summary
    assert s.loc["service_level", ["mean", "low", "high"]].tolist() == pytest.approx([0.75, 0.0, 1.0])
    assert s.loc["p_wait", ["mean", "low", "high"]].tolist() == pytest.approx([0.25, 0.0, 1.0])
    # a time is clipped at 0 only: ASA 0 and 3 s, mean 1.5 + t x 1.5
    assert s.loc["asa", ["mean", "low", "high"]].tolist() == pytest.approx([1.5, 0.0, 1.5 + t1 * 1.5])
    assert res.config is cfg and res.capped is False and (res.requested, res.replications) == (2, 2)


def test_ten_replications_by_default():
    cfg = _one(12.0, 1, 60.0, hours=0.25, warmup_s=0.0)
    res = sim.simulate(cfg, seed=1)
    assert (res.requested, res.replications, len(res.per_replication)) == (10, 10, 10)
