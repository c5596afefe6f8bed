"""Tests that kill mutants of core/traffic.py that the module tests let survive (issue 20, docs/MUTATION.md).

Every expected value is worked out by hand in the comments (or is a problem code the page shows).
"""
import math

import numpy as np
import pandas as pd
import pytest

from core import traffic


def _problems(call, *args):
    with pytest.raises(traffic.TrafficDataError) as e:
        call(*args)
    return e.value.problems, str(e.value)


# ----------------------------------------------------------------------------- error messages

def test_error_message_lists_1_based_rows_up_to_five_and_joins_problems():
    err = traffic.TrafficDataError([("offered_invalid", [0, 1, 2, 3, 4, 5, 6]), ("empty", []),
                                    ("aht_invalid", [9])])
    assert str(err) == ("traffic data: offered_invalid (rows 1, 2, 3, 4, 5...); empty; "
                        "aht_invalid (rows 10)")
    assert str(traffic.TrafficDataError([("x", [0, 1, 2, 3, 4])])) == "traffic data: x (rows 1, 2, 3, 4, 5)"


# ----------------------------------------------------------------------------- AHT

def test_aht_zero_or_negative_is_rejected_where_calls_were_answered():
    df = pd.DataFrame({"interval_start": ["2024-03-04 08:00", "2024-03-04 08:30", "2024-03-04 09:00"],
                       "offered": [10, 10, 0], "answered": [10, 10, 0], "aht_s": [0.0, -5.0, 0.0]})
    problems, _ = _problems(traffic.check_traffic, df)
    assert problems == [("aht_invalid", [0, 1])]  # row 3 has no answered call: its AHT does not matter


def test_weighted_aht_reads_text_as_blank_and_weights_by_offered_without_answered():
    df = pd.DataFrame({"offered": [10, "n/d", 30], "aht_s": ["200", "n/d", 100]})
    # (200 * 10 + 100 * 30) / 40 = 125 s
    assert traffic.weighted_aht(df) == pytest.approx(125.0)


def test_weighted_aht_blank_or_single_call_weights():
    # a blank answered count weighs nothing: (300 * 1 + 100 * 3) / 4 = 150 s
    df = pd.DataFrame({"answered": [1, np.nan, 3], "aht_s": [300.0, 1000.0, 100.0]})
    assert traffic.weighted_aht(df) == pytest.approx(150.0)
    # one call in all: its own handling time
    assert traffic.weighted_aht(pd.DataFrame({"answered": [1, 0], "aht_s": [240.0, 99.0]})) == 240.0
    # no answered call at all: no AHT
    assert traffic.weighted_aht(pd.DataFrame({"answered": [0, 0], "aht_s": [240.0, 99.0]})) is None


# ----------------------------------------------------------------------------- intervals

def test_daily_file_with_a_stray_time_is_still_one_per_day():
    starts = pd.Series(pd.to_datetime(["2024-03-04 08:00", "2024-03-05 08:00", "2024-03-06 08:00",
                                       "2024-03-07 08:00", "2024-03-08 09:00"]))
    check = traffic.check_intervals(starts)  # gaps 1440, 1440, 1440, 1500: mode one day
    assert check.minutes == 1440 and check.one_per_day and check.irregular == 1


def test_two_intervals_a_day_are_not_one_per_day():
    starts = pd.Series(pd.to_datetime(["2024-03-04 08:00", "2024-03-04 08:30", "2024-03-05 08:00",
                                       "2024-03-05 08:30", "2024-03-06 08:00", "2024-03-06 08:30"]))
    check = traffic.check_intervals(starts)  # gaps 30, 1410, 30, 1410, 30: mode 30; 1410 = 47 x 30
    assert (check.minutes, check.one_per_day, check.irregular, check.gaps) == (30, False, 0, 5)


# ----------------------------------------------------------------------------- patience

def test_patience_missing_column_and_bad_rows_are_named():
    problems, _ = _problems(traffic.estimate_patience, pd.DataFrame({"abandoned": [True]}))
    assert problems == [("missing_column:wait_s", [])]
    cdr = pd.DataFrame({"wait_s": [10.0, -1.0, "abc", np.nan, 5.0],
                        "abandoned": [True, False, True, True, None]})
    problems, _ = _problems(traffic.estimate_patience, cdr)
    assert problems == [("cdr_invalid", [1, 2, 3, 4])]


def test_patience_needs_waiting_time_and_counts_every_call():
    problems, _ = _problems(traffic.estimate_patience,
                            pd.DataFrame({"wait_s": [0.0, 0.0], "abandoned": [True, False]}))
    assert problems == [("no_waiting_time", [])]
    problems, _ = _problems(traffic.estimate_patience,
                            pd.DataFrame({"wait_s": [3.0], "abandoned": [False]}))
    assert problems == [("no_abandoned_calls", [])]
    # one second of waiting in all, one abandoned call: mean patience 1 s
    e = traffic.estimate_patience(pd.DataFrame({"wait_s": [1.0, 0.0, 0.0], "abandoned": [True, False, False]}))
    assert (e.mean_patience, e.n_calls, e.n_abandoned, e.total_wait_s, e.naive_mean) == (1.0, 3, 1, 1.0, 1.0)
    # 2T / chi2(0.975; 2) = 2 / 7.377759, 2T / chi2(0.025; 2) = 2 / 0.0506356
    assert e.ci_low == pytest.approx(2 / 7.377759, rel=1e-6)
    assert e.ci_high == pytest.approx(2 / 0.05063562, rel=1e-6)


# ----------------------------------------------------------------------------- sampled run (seed 20)

def _starts(*times):
    return pd.Series(pd.to_datetime(list(times)))


def test_one_minute_intervals_are_read_as_one_minute():
    # gaps 1, 1, 1 minutes: the most common gap is 1 minute (1440 % 1 == 0)
    assert traffic.interval_minutes(_starts("2024-03-04 08:00", "2024-03-04 08:01", "2024-03-04 08:02",
                                            "2024-03-04 08:03")) == 1


def test_interval_length_problem_codes():
    # gaps of 7 minutes: 1440 % 7 = 5, not a length that tiles the day
    problems, _ = _problems(traffic.interval_minutes, _starts("2024-03-04 08:00", "2024-03-04 08:07",
                                                              "2024-03-04 08:14"))
    assert problems == [("interval_length_unknown", [])]
    cdr = pd.DataFrame({"call_start": ["2024-03-04 08:00"], "wait_s": [1.0], "abandoned": [False]})
    problems, _ = _problems(traffic.aggregate_cdr, cdr, 7)
    assert problems == [("interval_length_unknown", [])]


def test_cdr_without_talk_time_aggregates_with_blank_aht():
    cdr = pd.DataFrame({"call_start": ["2024-03-04 08:05", "2024-03-04 08:40", "2024-03-04 08:41"],
                        "wait_s": [10.0, 0.0, 30.0], "abandoned": [False, False, True]})
    out = traffic.aggregate_cdr(cdr, 30)
    # 08:00 one answered call; 08:30 one answered, one abandoned; mean waits 10 and 15 s
    assert out["offered"].tolist() == [1, 2] and out["answered"].tolist() == [1, 1]
    assert out["abandoned"].tolist() == [0, 1] and out["mean_wait_s"].tolist() == [10.0, 15.0]
    assert out["aht_s"].isna().all()


def test_text_aht_is_an_aht_problem_not_a_crash():
    df = pd.DataFrame({"interval_start": ["2024-03-04 08:00", "2024-03-04 08:30"],
                       "offered": [10, 10], "answered": [10, 10], "aht_s": ["n/d", 120.0]})
    problems, _ = _problems(traffic.check_traffic, df)
    assert problems == [("aht_invalid", [0])]


def test_unreadable_interval_start_problem_code():
    df = pd.DataFrame({"interval_start": ["2024-03-04 08:00", "ayer"], "offered": [1, 2]})
    problems, _ = _problems(traffic.check_traffic, df)
    assert problems == [("interval_start_invalid", [1])]


def _two_slots(**extra):
    # two Mondays x two half hours: 08:00 and 08:30
    return pd.DataFrame({"interval_start": ["2024-03-04 08:00", "2024-03-04 08:30",
                                            "2024-03-11 08:00", "2024-03-11 08:30"],
                         "offered": [2, 4, 2, 6], **extra})


def test_profile_slot_without_answers_takes_the_overall_weighted_aht():
    prof = traffic.interval_profile(_two_slots(answered=[0, 3, 0, 1], aht_s=[np.nan, 200.0, np.nan, 100.0]))
    # 08:00 has no answered call: overall (200*3 + 100*1) / 4 = 175 s; 08:30: the same 175 s
    assert prof["aht_s"].tolist() == pytest.approx([175.0, 175.0])
    prof = traffic.interval_profile(_two_slots(answered=[1, 3, 0, 1], aht_s=[300.0, 200.0, np.nan, 100.0]))
    # 08:00 has exactly one answered call (300 s): its own AHT; 08:30: (600 + 100) / 4 = 175 s
    assert prof["aht_s"].tolist() == pytest.approx([300.0, 175.0])


def test_profile_without_answered_weights_aht_by_offered_and_has_blank_abandon_rate():
    prof = traffic.interval_profile(_two_slots(aht_s=[100.0, 100.0, 200.0, 300.0]))
    # 08:00: (100*2 + 200*2) / 4 = 150 s; 08:30: (100*4 + 300*6) / 10 = 220 s
    assert prof["aht_s"].tolist() == pytest.approx([150.0, 220.0])
    assert prof["abandon_rate"].dtype == float and prof["abandon_rate"].isna().all()


def test_week_requirements_unknown_aht_and_occupancy_cap():
    prof = traffic.interval_profile(_two_slots())  # no AHT column, no default: AHT unknown
    problems, _ = _problems(traffic.week_requirements, prof)
    assert problems == [("aht_unknown", [0, 1])]
    # 08:00: 2 calls per 30 min = 4 calls/h x 360 s = 0.4 Erlang; 08:30: 5 per 30 min -> 1 Erlang.
    # A 1 % SL goal is met by the smallest stable staff (1 and 2 agents); the occupancy cap 0.25
    # needs A / s <= 0.25, which decides.
    prof = traffic.interval_profile(_two_slots(aht_s=[360.0] * 4))
    capped = traffic.week_requirements(prof, target_sl=0.01, max_occupancy=0.25)
    assert capped["traffic"].tolist() == pytest.approx([0.4, 1.0])
    assert capped["agents"].tolist() == [2, 4]  # ceil(0.4 / 0.25) = 2, ceil(1.0 / 0.25) = 4


def test_cdr_counts_are_integers_and_bad_rows_are_named():
    cdr = pd.DataFrame({"call_start": ["2024-03-04 08:05", "2024-03-04 09:10"], "wait_s": [5.0, 7.0],
                        "abandoned": [False, True]})
    out = traffic.aggregate_cdr(cdr, 30)  # 08:00 one call, 08:30 none (filled), 09:00 one
    assert out["offered"].tolist() == [1, 0, 1] and out["offered"].dtype == np.int64
    assert out["abandoned"].dtype == np.int64 and out["answered"].tolist() == [1, 0, 0]
    bad = cdr.assign(wait_s=[5.0, -2.0])
    problems, _ = _problems(traffic.aggregate_cdr, bad, 30)
    assert problems == [("cdr_invalid", [1])]


def test_empty_traffic_table_problem_code():
    problems, _ = _problems(traffic.check_traffic, pd.DataFrame({"interval_start": [], "offered": []}))
    assert problems == [("empty", [])]


# ----------------------------------------------------------------------------- sampled run (seed 21)

def _week(offered, aht=None, abandoned=None, answered=None):
    """Two Mondays (4 and 11 March 2024) of 30-minute intervals at 08:00 and 08:30."""
    starts = pd.to_datetime(["2024-03-04 08:00", "2024-03-04 08:30", "2024-03-11 08:00", "2024-03-11 08:30"])
    d = pd.DataFrame({"interval_start": starts, "offered": offered})
    for name, col in (("aht_s", aht), ("abandoned", abandoned), ("answered", answered)):
        if col is not None:
            d[name] = col
    return d


def test_cdr_with_a_zero_minute_interval_is_refused():
    cdr = pd.DataFrame({"call_start": pd.to_datetime(["2024-03-04 08:01"]), "wait_s": [5.0], "abandoned": [False]})
    problems, _ = _problems(traffic.aggregate_cdr, cdr, 0)
    assert problems == [("interval_length_unknown", [])]


def test_missing_traffic_columns_are_each_named():
    problems, _ = _problems(traffic.check_traffic, pd.DataFrame({"x": [1]}))
    assert [p for p, _ in problems] == ["missing_column:interval_start", "missing_column:offered"]


def test_profile_aht_falls_back_to_the_default_without_any_known_aht():
    # no call answered and every AHT cell blank (allowed without answers): no weighted AHT anywhere,
    # every slot takes default_aht = 300 s
    prof = traffic.interval_profile(_week([10, 20, 30, 40], aht=[np.nan] * 4, answered=[0] * 4), default_aht=300.0)
    assert prof["aht_s"].tolist() == [300.0, 300.0]
    # no aht_s column at all: the default as well
    assert traffic.interval_profile(_week([10, 20, 30, 40]), default_aht=240.0)["aht_s"].tolist() == [240.0, 240.0]


def test_abandon_rate_of_a_slot_without_offered_calls_is_blank():
    # 08:00: offered 10 + 30 = 40, abandoned 2 + 4 = 6 -> 0.15; 08:30: no call offered on either Monday -> NaN
    prof = traffic.interval_profile(_week([10, 0, 30, 0], abandoned=[2, 0, 4, 0]))
    assert prof["abandon_rate"].iloc[0] == pytest.approx(0.15)
    assert np.isnan(prof["abandon_rate"].iloc[1])


def test_week_requirements_pass_the_asa_goal():
    # 08:00: mean 18 calls per 30 min = 36 calls/h x 100 s = 1 Erlang. One agent would be M/M/1 at rho = 1
    # (unstable); two agents: C = 2 B / (2 - A (1 - B)) with B(2, 1) = 0.5 / 2.5 = 0.2, C = 0.4 / 1.2 = 1/3,
    # ASA = C AHT / (s - A) = 100/3 = 33.3 s. An ASA goal of 30 s needs three agents; no SL goal.
    prof = traffic.interval_profile(_week([18, 0, 18, 0], aht=[100.0, np.nan, 100.0, np.nan]))
    assert prof["arrival_rate"].tolist() == [36.0, 0.0]
    req = traffic.week_requirements(prof, target_sl=None, target_asa=40.0)
    assert req["agents"].tolist() == [2, 0]
    req = traffic.week_requirements(prof, target_sl=None, target_asa=30.0)
    assert req["agents"].tolist() == [3, 0]


# ----------------------------------------------------------------------------- sampled run (seed 22)

@pytest.mark.parametrize("answered, abandoned, cause", [
    ([5, 4], [12, 1], "abandoned_gt_offered"),   # 5 + 12 of 10 offered; row 2 valid (4 + 1 <= 6)
    ([12, 5], [1, 1], "answered_gt_offered"),    # 12 + 1 of 10 offered (check_traffic 98, 99)
])
def test_a_count_above_offered_is_named_once_not_again_as_a_sum(answered, abandoned, cause):
    # row 1: the page names the cause; the sum above offered follows from it and is not listed again
    df = pd.DataFrame({"interval_start": ["2024-03-04 08:00", "2024-03-04 08:30"], "offered": [10, 6],
                       "answered": answered, "abandoned": abandoned})
    problems, _ = _problems(traffic.check_traffic, df)
    assert problems == [(cause, [0])]


def test_text_in_a_count_is_a_problem_of_its_row_not_a_crash():
    df = pd.DataFrame({"interval_start": ["2024-03-04 08:00", "2024-03-04 08:30", "2024-03-04 09:00"],
                       "offered": ["10", "n/d", "12"]})
    problems, _ = _problems(traffic.check_traffic, df)
    assert problems == [("offered_invalid", [1])]  # "10" and "12" are numbers written as text


def test_interval_gap_one_millionth_off_is_within_the_tolerance():
    # a start recorded 1.8 ms late: 1.8 ms / 30 min = 0.0018 / 1800 = 1e-6 of an interval, at the
    # tolerance (|gap / interval - whole| > 1e-6 is irregular) and so regular; the next gap,
    # 29.99997 min, is as far off. The other gaps are 30 min: nothing is irregular.
    starts = _starts("2024-03-04 08:00:00.0000", "2024-03-04 08:00:00.0018", "2024-03-04 08:30:00.0000",
                     "2024-03-04 09:00:00.0000", "2024-03-04 09:30:00.0000")
    check = traffic.check_intervals(starts)
    assert (check.minutes, check.irregular, check.gaps) == (30, 0, 4)


def test_profile_aht_from_a_single_answered_call_fills_slots_without_answers():
    # one call answered in the whole file (Monday 4 March 08:00, 240 s): the overall weighted AHT is
    # 240 * 1 / 1 = 240 s, and the 08:30 slot (calls offered, none answered) takes it.
    prof = traffic.interval_profile(_week([1, 2, 0, 3], aht=[240.0, np.nan, np.nan, np.nan],
                                          answered=[1, 0, 0, 0]))
    assert prof["aht_s"].tolist() == [240.0, 240.0]


def test_week_requirements_of_a_closed_week_without_aht_need_nobody():
    # no call offered in any slot and no AHT known: 0 calls/h x any AHT = 0 Erlangs, 0 agents
    prof = traffic.interval_profile(_week([0, 0, 0, 0]))
    req = traffic.week_requirements(prof)
    assert req["traffic"].tolist() == [0.0, 0.0]
    assert req["agents"].tolist() == [0, 0] and req["scheduled"].tolist() == [0, 0]


def test_offered_erlangs_of_numbers_held_as_objects_are_floats():
    # a rate column read as Python objects (a mixed column) still gives float Erlangs:
    # 120 calls/h x 300 s / 3600 = 10 Erlangs; 60 x 360 / 3600 = 6 Erlangs
    a = traffic.offered_erlangs(pd.Series([120, 60], dtype=object), [300, 360])
    assert a.dtype == np.float64 and a.tolist() == [10.0, 6.0]


def test_cdr_partials_are_integer_totals_indexed_by_slot():
    # 08:05 answered (talk 120 s, wait 10 s), 08:20 abandoned (wait 30 s), 08:40 answered without a
    # talk time (wait 0 s); 30-minute slots numbered from 1970-01-01 00:00: 08:00 = slot s0, 08:30 = s0 + 1
    t = pd.to_datetime(["2024-03-04 08:05", "2024-03-04 08:20", "2024-03-04 08:40"])
    s0 = pd.Timestamp("2024-03-04 08:00").value // (30 * 60 * 10**9)
    p = traffic.cdr_partials(t.to_numpy().astype("datetime64[ns]").astype(np.int64), np.array([10.0, 30.0, 0.0]),
                             np.array([120.0, np.nan, np.nan]), np.array([False, True, False]), 30)
    assert p.index.name == "slot" and p.index.tolist() == [s0, s0 + 1]
    assert (p.dtypes == np.int64).all()  # integers: blocks add up exactly
    assert p["offered"].tolist() == [2, 1] and p["answered"].tolist() == [1, 1]
    assert p["talk_us"].tolist() == [120_000_000, 0] and p["talk_n"].tolist() == [1, 0]
    assert p["wait_us"].tolist() == [40_000_000, 0] and p["abandoned_wait_us"].tolist() == [30_000_000, 0]


def test_sum_of_no_partials_is_empty():
    problems, _ = _problems(traffic.sum_partials, [])
    assert problems == [("empty", [])]
    none = traffic.cdr_partials(np.zeros(0, np.int64), np.zeros(0), np.zeros(0), np.zeros(0, bool), 30)
    problems, _ = _problems(traffic.sum_partials, [none, none])
    assert problems == [("empty", [])]


# ----------------------------------------------------------------------------- sampled run (seed 23)
# seed 23

def _cdr(starts, waits, abandoned, talks=None):
    """A call-detail file as the call centre exports it (one row per call, times as text)."""
    d = pd.DataFrame({"call_start": starts, "wait_s": waits, "abandoned": abandoned})
    if talks is not None:
        d["talk_s"] = talks
    return d


def test_cdr_with_an_unreadable_call_start_is_a_row_problem_not_a_crash():
    # row 3's start reads "sin dato" (the switch lost it): a problem of that row, not a parser error
    cdr = _cdr(["2024-03-04 08:05:12", "2024-03-04 08:21:40", "sin dato", "2024-03-04 08:47:03"],
               [12.0, 40.0, 5.0, 0.0], [False, True, False, False])
    problems, _ = _problems(traffic.aggregate_cdr, cdr, 30)
    assert problems == [("cdr_invalid", [2])]


def test_cdr_with_a_text_wait_is_a_row_problem_not_a_crash():
    # row 2's wait is "n/d": the row is named, the file is not a crash
    cdr = _cdr(["2024-03-04 08:05:12", "2024-03-04 08:21:40", "2024-03-04 08:47:03"],
               ["12", "n/d", "0"], [False, True, False])
    problems, _ = _problems(traffic.aggregate_cdr, cdr, 30)
    assert problems == [("cdr_invalid", [1])]


def test_cdr_talk_time_written_as_a_dash_for_abandoned_calls_is_blank():
    # the export writes "-" as the talk time of abandoned calls. 08:00-08:30: answered 180 s and 240 s,
    # one abandoned ("-"): AHT (180 + 240) / 2 = 210 s, mean wait (20 + 10 + 45) / 3 = 25 s;
    # 08:30-09:00: one answered call of 95 s that waited 0 s
    cdr = _cdr(["2024-03-04 08:02:00", "2024-03-04 08:11:30", "2024-03-04 08:29:59", "2024-03-04 08:30:00"],
               [20.0, 10.0, 45.0, 0.0], [False, False, True, False], talks=["180", "240", "-", "95"])
    out = traffic.aggregate_cdr(cdr, 30)
    assert out["offered"].tolist() == [3, 1] and out["abandoned"].tolist() == [1, 0]
    assert out["aht_s"].tolist() == [210.0, 95.0] and out["mean_wait_s"].tolist() == [25.0, 0.0]


def test_patience_interval_at_90_percent_confidence():
    # waits 12, 45, 30, 8 s, one abandoned call (45 s): T = 95 s, mean patience 95 / 1 = 95 s.
    # With 2 n_ab = 2 degrees of freedom chi2 is exponential with mean 2: its p-quantile is -2 ln(1 - p).
    # 90 %: lo = 2T / (-2 ln 0.05) = 190 / 5.991465 = 31.71, hi = 2T / (-2 ln 0.95) = 190 / 0.1025866 = 1852.1
    e = traffic.estimate_patience(pd.DataFrame({"wait_s": [12.0, 45.0, 30.0, 8.0],
                                                "abandoned": [False, True, False, False]}), confidence=0.90)
    assert e.mean_patience == 95.0
    assert e.ci_low == pytest.approx(190.0 / (-2.0 * np.log(0.05)), rel=1e-9)
    assert e.ci_high == pytest.approx(190.0 / (-2.0 * np.log(0.95)), rel=1e-9)


def test_profile_with_text_aht_in_intervals_without_answers():
    # "n/d" as AHT where no call was answered (allowed: the AHT of nobody does not matter).
    # 08:00: (185 s x 8 + 200 s x 27) / 35 = (1480 + 5400) / 35 = 196.571 s;
    # 08:30: only 11 March answered (2 calls at 150 s): 150 s
    prof = traffic.interval_profile(_week([10, 4, 30, 2], aht=["185", "n/d", 200.0, 150.0], answered=[8, 0, 27, 2]))
    assert prof["aht_s"].tolist() == pytest.approx([6880.0 / 35.0, 150.0], rel=1e-12)


def test_partials_of_two_blocks_add_up():
    # a call file read in two blocks. Block 1: 08:05 answered (talk 120 s, wait 10 s), 08:20 answered
    # (talk 60 s, wait 20 s); block 2: 08:25 abandoned (wait 30 s), 08:40 answered (talk 90 s, wait 0 s).
    # Summed: 08:00 offered 3, answered 2, abandoned 1, AHT (120 + 60) / 2 = 90 s, mean wait 60 / 3 = 20 s;
    # 08:30 offered 1, AHT 90 s, mean wait 0 s
    def block(times, wait, talk, ab):
        ns = pd.to_datetime(times).to_numpy().astype("datetime64[ns]").astype(np.int64)
        return traffic.cdr_partials(ns, np.array(wait), np.array(talk), np.array(ab), 30)
    p1 = block(["2024-03-04 08:05", "2024-03-04 08:20"], [10.0, 20.0], [120.0, 60.0], [False, False])
    p2 = block(["2024-03-04 08:25", "2024-03-04 08:40"], [30.0, 0.0], [np.nan, 90.0], [True, False])
    total = traffic.sum_partials([p1, p2])
    assert total["offered"].tolist() == [3, 1] and total["abandoned"].tolist() == [1, 0]
    assert total["wait_us"].tolist() == [60_000_000, 0]
    out = traffic.interval_table(total, 30)
    assert out["interval_start"].tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 08:30")]
    assert out["aht_s"].tolist() == [90.0, 90.0] and out["mean_wait_s"].tolist() == [20.0, 0.0]


@pytest.mark.parametrize("starts, offered, rates", [
    # hourly file, two Mondays: 07:00 has 1 call then 0 (0.5 calls/h), 08:00 has 6 then 4 (5 calls/h)
    (["2024-03-04 07:00", "2024-03-04 08:00", "2024-03-11 07:00", "2024-03-11 08:00"], [1, 6, 0, 4], [0.5, 5.0]),
    # a night tele-orientation line (seed 25): 22:00 has 1 call each week (1 call/h), 23:00 has 0 then 1
    (["2024-03-04 22:00", "2024-03-04 23:00", "2024-03-11 22:00", "2024-03-11 23:00"], [1, 0, 1, 1], [1.0, 0.5]),
])
def test_unknown_aht_names_every_slot_with_calls_even_half_a_call_an_hour(starts, offered, rates):
    # no AHT anywhere: both slots have calls and lack it, the quiet one (at most 1 call/h) too
    prof = traffic.interval_profile(pd.DataFrame({"interval_start": starts, "offered": offered}))
    assert prof["arrival_rate"].tolist() == rates
    problems, _ = _problems(traffic.week_requirements, prof)
    assert problems == [("aht_unknown", [0, 1])]


# ----------------------------------------------------------------------------- sampled run (seed 24)
# seed 24
# Fresh sample of 120 mutants (seed 24): 12 left by the module tests. Equivalent (checked on a scratch
# copy, warnings as errors): clock_texts 5 and 7 (dtype of the "HH:MM" + [None] array: object anyway),
# interval_profile 155, 194, 195, 196 (the divisor of a slot that np.where discards), weighted_aht 31
# (fillna(None): a blank count fails n > 0 and is left out either way).

def test_cdr_in_one_minute_intervals():
    # a reception desk's calls grouped by minute (1440 % 1 == 0, a valid length): 08:00:10 and 08:00:40
    # (answered, waits 4 and 6 s), 08:02:05 abandoned after 20 s; 08:01 is an empty interval in between
    cdr = _cdr(["04/03/2024 08:00:10", "04/03/2024 08:00:40", "04/03/2024 08:02:05"], [4.0, 6.0, 20.0],
               [False, False, True], talks=[95.0, 125.0, None])
    cdr["call_start"] = pd.to_datetime(cdr["call_start"], dayfirst=True)
    out = traffic.aggregate_cdr(cdr, 1)
    assert out["interval_start"].tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 08:01"),
                                              pd.Timestamp("2024-03-04 08:02")]
    assert out["offered"].tolist() == [2, 0, 1] and out["abandoned"].tolist() == [0, 0, 1]
    assert out["aht_s"].iloc[0] == 110.0 and out["mean_wait_s"].iloc[0] == 5.0   # (95 + 125) / 2, (4 + 6) / 2


def test_clock_texts_keep_the_index_of_the_minutes():
    # minutes since midnight of slots labelled by their row in a week table (rows 3 and 7):
    # 480 = 8 x 60 -> "08:00", 1410 = 23 x 60 + 30 -> "23:30"
    out = traffic.clock_texts(pd.Series([480, 1410, 480], index=[3, 7, 9]))
    assert out.to_dict() == {3: "08:00", 7: "23:30", 9: "08:00"}


def test_profile_aht_with_blank_cells_is_a_float_column_shown_as_one_column_of_numbers():
    # 08:00: AHT 185 s on 8 answered calls and 200 s on 27 -> (1480 + 5400) / 35 = 196.5714... s;
    # 08:30: AHT blank (no answered call): the overall weighted AHT, the same 6880 / 35 s.
    # The week table's AHT must stay a float column: the page formats a float column with one rounding
    # (core.i18n.column_kinds gives it a number of decimals); an object column gets none (cell by cell).
    from core import i18n
    prof = traffic.interval_profile(_week([10, 4, 30, 2], aht=[185.0, np.nan, 200.0, np.nan], answered=[8, 0, 27, 0]))
    assert prof["aht_s"].dtype == np.float64
    assert prof["aht_s"].tolist() == pytest.approx([6880.0 / 35.0] * 2, rel=1e-12)
    assert isinstance(i18n.column_kinds(prof[["aht_s"]])["aht_s"], int)


def test_offered_erlangs_of_an_aht_held_as_objects_is_float():
    # an AHT column read as Python objects: 30 calls/h x 180 s / 3600 = 1.5 Erlangs; 120 x 300 / 3600 = 10
    a = traffic.offered_erlangs([30.0, 120.0], pd.Series([180, 300], dtype=object))
    assert a.dtype == np.float64 and a.tolist() == [1.5, 10.0]


def test_week_requirements_default_goal_is_80_percent_in_20_seconds():
    # 15 calls per 30 min = 30 calls/h x 180 s = A = 1.5 Erlangs. Erlang C with N = 3 by hand:
    # A^3/3! x N/(N - A) = 0.5625 x 2 = 1.125; sum_{k<3} A^k/k! = 1 + 1.5 + 1.125 = 3.625; C = 1.125 / 4.75
    # = 0.236842; SL(20 s) = 1 - C exp(-(3 - 1.5) 20 / 180) = 1 - 0.236842 x 0.846482 = 0.79952 < 0.8,
    # (at 21 s: 1 - 0.236842 x exp(-0.175) = 0.80118, enough). N = 4: C = 0.0521 -> SL > 0.99: 4 agents.
    prof = traffic.interval_profile(_week([15, 15, 15, 15], aht=[180.0] * 4))
    req = traffic.week_requirements(prof)
    assert req["traffic"].tolist() == [1.5, 1.5]
    assert req["agents"].tolist() == [4, 4]


# ----------------------------------------------------------------------------- sampled run (seed 25)
# seed 25
# Fresh sample of 120 mutants (seed 25): 7 left by the module tests. Equivalent: cdr_partials 24 (argsort
# without kind="stable": the sums are int64, the same in any row order), check_traffic 15 (every mask passed
# to rows() is already a bool Series), clock_texts 7 (str + [None] makes an object array anyway),
# interval_profile 193 (so.where(so > 0) without 1: NaN only where np.where takes the NaN branch).

def test_week_profile_columns_in_the_documented_order():
    # the page shows the week table as it comes: weekday, time, n, offered_mean, offered_sd, arrival_rate,
    # aht_s, abandon_rate. 08:00: 10 and 30 calls, 1 and 3 abandoned -> mean 20, rate 20 x 60 / 30 = 40/h,
    # abandon 4 / 40 = 0.1; 08:30: 4 and 2 calls, none abandoned -> 3, 6/h, 0
    prof = traffic.interval_profile(_week([10, 4, 30, 2], aht=[180.0] * 4, abandoned=[1, 0, 3, 0]))
    assert prof.columns.tolist() == ["weekday", "time", "n", "offered_mean", "offered_sd", "arrival_rate",
                                     "aht_s", "abandon_rate"]
    assert prof["time"].tolist() == ["08:00", "08:30"] and prof["n"].tolist() == [2, 2]
    assert prof["arrival_rate"].tolist() == [40.0, 6.0] and prof["abandon_rate"].tolist() == [0.1, 0.0]


def test_traffic_table_of_a_block_without_calls_is_the_empty_problem():
    # the partials of a block with no valid call (cdr_partials of nothing) give no traffic table: the
    # problem code "empty", not a crash (today's callers filter empty blocks first; the function is public)
    none = traffic.cdr_partials(np.zeros(0, np.int64), np.zeros(0), np.zeros(0), np.zeros(0, bool), 30)
    problems, _ = _problems(traffic.interval_table, none, 30)
    assert problems == [("empty", [])]


# ----------------------------------------------------------------------------- full run (every mutant)
# full run (old numbering, code before the simplification; see tests/test_traffic_full_run.py for the
# third full run's numbers)
# Full run of all 1,008 mutants: 83 survivors. Killed below: 27. The other 56 are equivalent, by group
# (each checked on a scratch copy /tmp/traffic-full with the mutant applied; pandas 3.1, numpy 2.4):
# - dtype arguments, names and precision that change nothing (29): Series.astype(None) is float64 like astype(float)
#   (aggregate_cdr 21, 33; check_traffic 38, 110; estimate_patience 9; weighted_aht 5, 32);
#   .to_numpy(None) of a column that is float/int64 already (check_intervals 4; week_requirements 5;
#   interval_table 44, 49, 54); np.array of Python floats is float64 (_ratio 2, 4); arange of int64
#   bounds is int64 (interval_table 8, 11); the slot ns are multiples of 512 ns, exact as float64
#   (interval_table 36); rows() only gets bool masks (check_traffic 13, 15); "HH:MM" + [None] is an
#   object array and interval_profile turns the Series into str anyway (clock_texts 5, 7, 17, 20);
#   interval_table 33, 35, 40, 41 (the name of the DatetimeIndex: the DataFrame column is named by its
#   key, the index name is dropped); interval_profile 76 (as_index=None is falsy, as False);
#   aggregate_cdr 70 (call starts as float64 ns: exact to 256 ns, so a start recorded to the second or
#   the millisecond stays in its interval; only a start under 128 ns before a boundary moves).
# - fill values of cells that never get there (9): NaN abandoned flags are refused before fillna
#   (aggregate_cdr 76, 79; estimate_patience 23, 24); fillna(None) leaves NaN, and groupby().sum() skips
#   NaN as it adds 0 (interval_profile 40); a blank AHT is allowed only where nobody was answered, so
#   fillna(1.0) is multiplied by a weight of 0 (interval_profile 49); weighted_aht 31 (a blank count fails
#   n > 0 anyway); _micros 7 (nan=0.0 is numpy's default), _micros 8 (a NaN talk time is dropped by
#   np.where(has_talk); a blank wait is refused, by aggregate_cdr and by intake's cdr_stream, REQUIRED).
# - divisors that np.where throws away (6): interval_profile 155, 157, 160 (aht_s) and 191, 193, 196
#   (abandon_rate): the replaced divisor is only where the slot has no weight / no offered call.
#   (159 and 195, `> 1`, are NOT equivalent: a forecast file with fractional calls, killed below; the
#   seed-24 note that called 195 equivalent assumed whole calls. 158 and 194, `>= 0`, divide 0 by 0,
#   which raises in a column of Python objects; week_requirements 9 likewise: killed below.)
# - integer sums in any order / empty blocks (6): cdr_partials 22, 24, 26 (argsort kind: int64 sums are
#   the same in any order); cdr_partials 81, 86 (an empty block: reduceat of nothing and values[:1] of
#   an empty array are both empty int64); sum_partials 6 (groupby-sum of one sorted block is itself).
# - redundant conditions (6): _gaps_minutes 7 (gaps between sorted DISTINCT starts are never 0);
#   weighted_aht 36 (a row with n = 0 adds 0 to both sums); week_requirements 33 (the placeholder AHT of a
#   slot without calls: 0 calls x any AHT = 0 Erlangs, required_agents_many gives 0 agents for rate 0
#   with every goal); interval_profile 18, 19 (answered is summed per interval but nothing reads the
#   sum: the AHT weights are built before grouping); check_intervals 21 (starts that all share one clock minute
#   are whole days apart, give or take seconds: minutes >= 1440 decides first, or the length is unknown;
#   it differs only for starts seconds apart inside one minute of one day, not an interval file).

def _csv(text, **kw):
    """A Spanish-locale CSV export (';' separator, decimal comma, cp1252) as pandas reads it."""
    import io
    return pd.read_csv(io.BytesIO(text.encode("cp1252")), sep=";", decimal=",", **kw)


def test_cdr_without_the_wait_column_names_it():
    # a call export without "espera": the problem code names the column, not a crash (aggregate_cdr 10)
    cdr = pd.DataFrame({"call_start": ["2024-03-04 08:05:12"], "abandoned": [False], "talk_s": [180.0]})
    problems, _ = _problems(traffic.aggregate_cdr, cdr, 30)
    assert problems == [("missing_column:wait_s", [])]


def test_cdr_of_a_single_call_is_one_interval():
    # one call, 08:12:30, waited 15 s, answered, talked 200 s: one 30-minute interval at 08:00 with
    # offered 1, answered 1, AHT 200 s, mean wait 15 s (aggregate_cdr 65 refused one row as "empty")
    out = traffic.aggregate_cdr(_cdr(["2024-03-04 08:12:30"], [15.0], [False], talks=[200.0]), 30)
    assert out["interval_start"].tolist() == [pd.Timestamp("2024-03-04 08:00")]
    assert (out["offered"].tolist(), out["answered"].tolist(), out["abandoned"].tolist()) == ([1], [1], [0])
    assert out["aht_s"].tolist() == [200.0] and out["mean_wait_s"].tolist() == [15.0]


def test_cdr_file_with_headers_only_is_the_empty_problem():
    # "inicio;espera;abandonada" and no row: the problem code "empty" (aggregate_cdr 66, 67, 68)
    cdr = _csv("call_start;wait_s;abandoned\r\n")
    problems, text = _problems(traffic.aggregate_cdr, cdr, 15)
    assert problems == [("empty", [])] and text == "traffic data: empty"


def test_traffic_with_a_single_interval_has_no_interval_length():
    # two queues of one single half hour (08:00): no gap between distinct starts, the length is unknown
    # (interval_minutes 5, 6, 7)
    starts = pd.Series(pd.to_datetime(["2024-03-04 08:00", "2024-03-04 08:00"]))
    problems, text = _problems(traffic.interval_minutes, starts)
    assert problems == [("interval_length_unknown", [])] and text == "traffic data: interval_length_unknown"


def test_call_level_file_taken_for_intervals_is_an_interval_problem_not_a_crash():
    # calls 20 s apart uploaded as interval traffic: gaps of 1/3 minute round to 0 minutes, which is
    # not an interval length (interval_minutes 13 divided 1440 by 0)
    starts = pd.Series(pd.to_datetime(["2024-03-04 08:00:00", "2024-03-04 08:00:20", "2024-03-04 08:00:40"]))
    problems, _ = _problems(traffic.interval_minutes, starts)
    assert problems == [("interval_length_unknown", [])]


def test_answered_plus_abandoned_above_offered_names_its_row():
    # row 2: 6 answered + 5 abandoned = 11 > 10 offered, each alone <= 10 (check_traffic 103, 105)
    df = _csv("interval_start;offered;answered;abandoned\r\n04/03/2024 08:00;12;10;2\r\n"
              "04/03/2024 08:30;10;6;5\r\n04/03/2024 09:00;8;8;0\r\n")
    df["interval_start"] = pd.to_datetime(df["interval_start"], dayfirst=True)
    problems, text = _problems(traffic.check_traffic, df)
    assert problems == [("answered_plus_abandoned_gt_offered", [1])]
    assert text == "traffic data: answered_plus_abandoned_gt_offered (rows 2)"


def test_aht_zero_with_one_answered_call_is_invalid_and_one_second_is_valid():
    # night interval with exactly one answered call and AHT 0 s: invalid (check_traffic 129 needed 2 calls)
    df = pd.DataFrame({"interval_start": ["2024-03-04 22:00", "2024-03-04 22:30"], "offered": [1, 3],
                       "answered": [1, 3], "aht_s": [0.0, 240.0]})
    problems, _ = _problems(traffic.check_traffic, df)
    assert problems == [("aht_invalid", [0])]
    # a call hung up one second after it was answered: AHT 1 s is a (short) valid time (check_traffic 134)
    traffic.check_traffic(df.assign(aht_s=[1.0, 240.0]))


def test_error_message_marks_a_sixth_row_with_dots():
    # six bad rows: the first five are listed, then "..." (TrafficDataError 17 needed seven)
    err = traffic.TrafficDataError([("offered_invalid", [0, 1, 2, 3, 4, 5])])
    assert str(err) == "traffic data: offered_invalid (rows 1, 2, 3, 4, 5...)"


def test_unknown_aht_names_only_the_slots_with_calls():
    # hourly file, two Mondays, no AHT: 07:00 closed (0 and 0 calls), 08:00 6 and 4 calls (5 calls/h).
    # Only 08:00 (row 2 of the week table, position 1) lacks an AHT that matters (week_requirements 20, 22)
    df = pd.DataFrame({"interval_start": ["2024-03-04 07:00", "2024-03-04 08:00", "2024-03-11 07:00",
                                          "2024-03-11 08:00"], "offered": [0, 6, 0, 4]})
    prof = traffic.interval_profile(df)
    assert prof["arrival_rate"].tolist() == [0.0, 5.0]
    problems, _ = _problems(traffic.week_requirements, prof)
    assert problems == [("aht_unknown", [1])]


def test_traffic_of_a_slot_with_half_a_call_an_hour_uses_its_aht():
    # hourly night line, two Mondays: 21:00 8 and 4 calls (6 calls/h), 22:00 1 and 0 calls (0.5 calls/h),
    # AHT 300 s where calls were offered. A = rate x AHT / 3600: 6 x 300 / 3600 = 0.5 Erlang,
    # 0.5 x 300 / 3600 = 0.0416667 Erlang (week_requirements 32 put AHT 1 s on slots under 1 call/h)
    df = pd.DataFrame({"interval_start": ["2024-03-04 21:00", "2024-03-04 22:00", "2024-03-11 21:00",
                                          "2024-03-11 22:00"], "offered": [8, 1, 4, 0],
                       "aht_s": [300.0, 300.0, 300.0, np.nan]})
    req = traffic.week_requirements(traffic.interval_profile(df))
    assert req["arrival_rate"].tolist() == [6.0, 0.5]
    assert req["traffic"].tolist() == pytest.approx([0.5, 150.0 / 3600.0], rel=1e-12)


def test_forecast_file_with_fractional_calls_keeps_slot_aht_and_abandon_rate():
    # a WFM forecast exported with decimal commas: expected calls per hour, not whole calls. No answered
    # column: the AHT weights are the offered calls.
    # 07:00: 0.25 + 0.25 = 0.5 calls, AHT 300 s both -> (300 x 0.25 x 2) / 0.5 = 300 s;
    #        abandoned 0.1 + 0.05 = 0.15 of 0.5 -> 0.3   (interval_profile 159, 195 divided by 1, not 0.5)
    # 08:00: 12.5 + 13.5 = 26 calls, AHT (240 x 12.5 + 180 x 13.5) / 26 = 5430 / 26 = 208.846 s;
    #        abandoned 1.25 + 0.75 = 2 of 26 -> 0.0769231; rates 0.25 and 13 calls/h
    df = _csv("interval_start;offered;abandoned;aht_s\r\n"
              "04/03/2024 07:00;0,25;0,1;300\r\n04/03/2024 08:00;12,5;1,25;240\r\n"
              "11/03/2024 07:00;0,25;0,05;300\r\n11/03/2024 08:00;13,5;0,75;180\r\n")
    df["interval_start"] = pd.to_datetime(df["interval_start"], dayfirst=True)
    prof = traffic.interval_profile(df)
    assert prof["time"].tolist() == ["07:00", "08:00"] and prof["arrival_rate"].tolist() == [0.25, 13.0]
    assert prof["aht_s"].tolist() == pytest.approx([300.0, 5430.0 / 26.0], rel=1e-12)
    assert prof["abandon_rate"].tolist() == pytest.approx([0.3, 2.0 / 26.0], rel=1e-12)


def test_abandon_rate_of_a_slot_with_one_call_in_all():
    # hourly, two Mondays: 21:00 10 and 14 calls, 1 and 2 abandoned -> 3 / 24 = 0.125; 22:00 one call in
    # the two weeks, and it was abandoned -> 1 / 1 = 1.0 (interval_profile 188 showed a blank)
    df = pd.DataFrame({"interval_start": ["2024-03-04 21:00", "2024-03-04 22:00", "2024-03-11 21:00",
                                          "2024-03-11 22:00"], "offered": [10, 1, 14, 0], "abandoned": [1, 1, 2, 0]})
    assert traffic.interval_profile(df)["abandon_rate"].tolist() == [0.125, 1.0]


def test_profile_without_any_aht_or_default_has_a_float_nan_aht_column():
    # no AHT anywhere and no default: aht_s is NaN in a float column (week_requirements reads NaN as
    # unknown; i18n formats a float column as numbers), not None in an object column.
    # With an aht_s column whose cells are all blank (nobody answered: allowed): interval_profile 162.
    prof = traffic.interval_profile(_week([5, 3, 4, 2], aht=[np.nan] * 4, answered=[0] * 4))
    assert prof["aht_s"].dtype == np.float64 and prof["aht_s"].isna().all()
    # without the column at all: interval_profile 168
    prof = traffic.interval_profile(_week([5, 3, 4, 2]))
    assert prof["aht_s"].dtype == np.float64 and prof["aht_s"].isna().all()


def test_counts_held_as_python_objects_give_the_same_profile_and_plan():
    # a table whose count column holds Python numbers as objects (a mixed column): the same numbers as
    # floats. Two Mondays: 08:00 10 and 30 calls, 1 and 3 abandoned, AHT 200 and 100 s weighted by offered
    # (no answered column) -> (2000 + 3000) / 40 = 125 s, abandon 4 / 40 = 0.1, 20 per 30 min = 40 calls/h,
    # A = 40 x 125 / 3600 = 1.38889 Erlangs; 08:30 closed (0 and 0, AHT blank): overall 125 s, abandon
    # blank, 0 Erlangs. (interval_profile 158 and 194 divided 0 by 0 in Python objects, week_requirements 9
    # took isnan of an object array.)
    df = _week(pd.Series([10, 0, 30, 0], dtype=object), aht=[200.0, np.nan, 100.0, np.nan],
               abandoned=pd.Series([1, 0, 3, 0], dtype=object))
    prof = traffic.interval_profile(df)
    assert prof["aht_s"].tolist() == [125.0, 125.0] and prof["abandon_rate"].iloc[0] == 0.1
    assert np.isnan(prof["abandon_rate"].iloc[1])
    req = traffic.week_requirements(prof)
    assert req["traffic"].tolist() == pytest.approx([40.0 * 125.0 / 3600.0, 0.0], rel=1e-12)


def test_a_profile_of_counts_given_as_text_is_the_profile_of_the_numbers():
    # check_traffic accepts counts written as text ("10"); the profile must be that of the numbers, not a
    # crash ('str' does not support 'mean'): two Mondays at 08:00 with 10 and 30 calls, 30-minute intervals:
    # offered_mean 20, arrival_rate 20 x 60 / 30 = 40 calls/h, sd of (10, 30) = 14.142
    frame = pd.DataFrame({"interval_start": ["2024-03-04 08:00", "2024-03-04 08:30", "2024-03-11 08:00",
                                             "2024-03-11 08:30"],
                          "offered": ["10", "4", "30", "2"]})
    prof = traffic.interval_profile(frame, minutes=30).set_index("time")
    assert prof.loc["08:00", "offered_mean"] == 20.0 and prof.loc["08:00", "arrival_rate"] == 40.0
    assert prof.loc["08:00", "offered_sd"] == pytest.approx(math.sqrt(200.0), rel=1e-12)
    assert prof.loc["08:30", "offered_mean"] == 3.0 and prof["offered_mean"].dtype == float
