"""Tests that kill mutants of core/traffic.py that the module tests let survive (issue 20, docs/MUTATION.md).

Every expected value is worked out by hand in the comments (or is a problem code the page shows).
"""
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
