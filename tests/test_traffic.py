"""core.traffic: interval profile, week requirements, CDR aggregation, patience estimate."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core import queueing, traffic

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def two_weeks(minutes=60):
    """Two Mondays and one Tuesday of hand-made hourly traffic (values chosen by hand)."""
    rows = [
        ("2024-03-04 08:00", 10, 9, 1, 200.0),   # Mon week 1
        ("2024-03-04 09:00", 20, 20, 0, 300.0),
        ("2024-03-11 08:00", 30, 27, 3, 100.0),  # Mon week 2
        ("2024-03-11 09:00", 0, 0, 0, np.nan),
        ("2024-03-05 08:00", 4, 4, 0, 250.0),    # Tue
    ]
    return pd.DataFrame(rows, columns=["interval_start", "offered", "answered", "abandoned", "aht_s"])


def test_interval_profile_means_and_answer_weighted_aht():
    p = traffic.interval_profile(two_weeks()).set_index(["weekday", "time"])
    assert p.attrs["minutes"] == 60
    mon8 = p.loc[(0, "08:00")]
    assert mon8["n"] == 2
    assert mon8["offered_mean"] == 20.0
    assert mon8["offered_sd"] == pytest.approx(np.std([10, 30], ddof=1))
    assert mon8["arrival_rate"] == 20.0  # 60-minute intervals: calls per interval = calls per hour
    assert mon8["aht_s"] == pytest.approx((9 * 200 + 27 * 100) / 36)  # weighted by answered calls
    assert mon8["abandon_rate"] == pytest.approx(4 / 40)
    # Monday 09:00: one week without calls; AHT from the week that had them
    assert p.loc[(0, "09:00"), "offered_mean"] == 10.0
    assert p.loc[(0, "09:00"), "aht_s"] == 300.0


def test_week_requirements_vectorised_equals_scalar():
    p = traffic.interval_profile(traffic.aggregate_cdr(pd.read_csv(SAMPLE / "cdr_sample.csv")))
    w = traffic.week_requirements(p, 0.8, 20, shrinkage=0.25)
    expected = [queueing.required_agents(r, h) if r > 0 else 0 for r, h in zip(w.arrival_rate, w.aht_s)]
    assert list(w["agents"]) == expected
    assert list(w["scheduled"]) == [int(np.ceil(a / 0.75 - 1e-9)) for a in expected]


def test_sample_traffic_week_has_every_slot_and_franja_rates():
    df = pd.read_csv(SAMPLE / "traffic_sample.csv")
    assert (df["queue"] == "synthetic_front").all()  # the label travels with the data
    p = traffic.interval_profile(df)
    assert len(p) == 7 * 48 and (p["n"] == 4).all()
    hours = p["time"].str[:2].astype(int)
    morning = p.loc[(hours >= 6) & (hours < 14), "arrival_rate"].mean()
    # thesis Front lambda 1431 / 30 = 47.7 calls/h; 4 weeks of Poisson counts: SE ~ 0.3
    assert morning == pytest.approx(47.7, rel=0.03)
    w = traffic.week_requirements(p)
    assert w["agents"].between(1, 12).all()


@pytest.mark.parametrize("col, value, code", [("answered", 50, "answered_gt_offered"),
                                               ("abandoned", 50, "abandoned_gt_offered"),
                                               ("offered", -3, "offered_invalid"),
                                               ("offered", np.nan, "offered_invalid")])
def test_bad_traffic_rows_are_named(col, value, code):
    df = two_weeks()
    df.loc[2, col] = value
    with pytest.raises(traffic.TrafficDataError) as e:
        traffic.interval_profile(df)
    codes = dict(e.value.problems)
    assert code in codes and codes[code] == [2]
    assert "rows 3" in str(e.value)


def test_answered_plus_abandoned_above_offered_is_rejected():
    df = two_weeks()
    df.loc[0, "abandoned"] = 2  # 9 + 2 > 10
    with pytest.raises(traffic.TrafficDataError, match="answered_plus_abandoned_gt_offered"):
        traffic.check_traffic(df)


def test_aggregate_cdr_counts_by_interval():
    cdr = pd.DataFrame({
        "call_start": ["2024-03-04 08:01", "2024-03-04 08:29", "2024-03-04 08:31", "2024-03-04 09:40"],
        "wait_s": [0.0, 30.0, 12.0, 5.0],
        "talk_s": [100.0, 0.0, 200.0, 50.0],
        "abandoned": [False, True, False, False],
    })
    out = traffic.aggregate_cdr(cdr, 30)
    assert list(out["interval_start"].dt.strftime("%H:%M")) == ["08:00", "08:30", "09:00", "09:30"]
    assert list(out["offered"]) == [2, 1, 0, 1]
    assert list(out["abandoned"]) == [1, 0, 0, 0]
    assert out.loc[0, "aht_s"] == 100.0  # the abandoned call's 0 talk is not an AHT
    assert out.loc[0, "mean_wait_s"] == 15.0


def test_patience_estimate_is_censoring_corrected():
    # By hand: waits 10 (abandoned), 20 (answered), 30 (abandoned), 40 (answered):
    # MLE mean = (10 + 20 + 30 + 40) / 2 abandoned = 50 s; naive mean of abandoned = 20 s.
    cdr = pd.DataFrame({"wait_s": [10.0, 20.0, 30.0, 40.0], "abandoned": [True, False, True, False]})
    e = traffic.estimate_patience(cdr)
    assert e.mean_patience == 50.0 and e.naive_mean == 20.0 and e.n_abandoned == 2
    # exact chi-square interval: 2T / chi2(0.975; 4) = 200 / 11.1433, 2T / chi2(0.025; 4) = 200 / 0.4844
    assert e.ci_low == pytest.approx(200 / 11.143287, rel=1e-6)
    assert e.ci_high == pytest.approx(200 / 0.484419, rel=1e-5)


def test_patience_recovered_from_simulated_sample():
    # sample_data/cdr_sample.csv is simulated with exponential patience of mean 90 s
    e = traffic.estimate_patience(pd.read_csv(SAMPLE / "cdr_sample.csv"))
    assert e.ci_low < 90 < e.ci_high
    assert e.naive_mean < 0.7 * e.mean_patience  # the naive mean is biased low


def test_patience_needs_an_abandoned_call():
    with pytest.raises(traffic.TrafficDataError, match="no_abandoned_calls"):
        traffic.estimate_patience(pd.DataFrame({"wait_s": [1.0, 2.0], "abandoned": [False, False]}))


def test_interval_length_is_the_most_common_gap_not_the_smallest():
    # 30-minute intervals with one stray row 7 minutes after another: gaps 30, 30, 30, 7, 23
    starts = pd.Series(pd.to_datetime(["2024-03-04 08:00", "2024-03-04 08:30", "2024-03-04 09:00",
                                       "2024-03-04 09:30", "2024-03-04 09:37", "2024-03-04 10:00"]))
    assert traffic.interval_minutes(starts) == 30
    check = traffic.check_intervals(starts)
    assert (check.minutes, check.irregular, check.gaps, check.one_per_day) == (30, 2, 5, False)


def test_gaps_that_skip_whole_intervals_are_regular_and_daily_rows_are_flagged():
    # 15-minute intervals with a closed night (18:00 -> next day 08:00 is 56 intervals)
    starts = pd.Series(pd.to_datetime(["2024-03-04 17:30", "2024-03-04 17:45", "2024-03-04 18:00",
                                       "2024-03-05 08:00", "2024-03-05 08:15"]))
    check = traffic.check_intervals(starts)
    assert (check.minutes, check.irregular) == (15, 0)
    daily = pd.Series(pd.date_range("2024-03-04", periods=10, freq="D"))
    check = traffic.check_intervals(daily)
    assert check.minutes == 1440 and check.one_per_day


def test_offered_traffic_in_erlangs_by_hand():
    # 120 calls/h x 300 s = 36,000 call-seconds in an hour of 3,600 s = 10 Erlangs
    assert float(traffic.offered_erlangs(120.0, 300.0)) == pytest.approx(10.0)
    # a 30-minute interval with 30 calls is 60 calls/h; at 240 s: 60 * 240 / 3600 = 4 Erlangs
    assert traffic.offered_erlangs([60.0, 0.0], [240.0, 240.0]).tolist() == pytest.approx([4.0, 0.0])


def test_week_requirements_traffic_column_is_in_erlangs():
    df = pd.DataFrame({"interval_start": pd.to_datetime(["2024-03-04 08:00", "2024-03-04 08:30"]),
                       "offered": [30, 15], "answered": [30, 15], "abandoned": [0, 0], "aht_s": [240.0, 240.0]})
    w = traffic.week_requirements(traffic.interval_profile(df))
    # 30 calls in 30 min = 60/h -> 4 Erlangs; 15 calls -> 30/h -> 2 Erlangs
    assert w["arrival_rate"].tolist() == [60.0, 30.0]
    assert w["traffic"].tolist() == pytest.approx([4.0, 2.0])


def test_weighted_aht_counts_only_intervals_with_an_aht():
    df = pd.DataFrame({"offered": [10, 50, 30], "answered": [10, 50, 30], "aht_s": [200.0, np.nan, 100.0]})
    # (200 * 10 + 100 * 30) / (10 + 30) = 5000 / 40 = 125 s; counting the blank row's 50 calls in the
    # denominator would give 5000 / 90 = 55.6 s
    assert traffic.weighted_aht(df) == pytest.approx(125.0)
    assert traffic.weighted_aht(df.drop(columns="aht_s")) is None
    # weights are answered calls when the column exists
    df2 = pd.DataFrame({"offered": [10, 10], "answered": [10, 0], "aht_s": [200.0, 400.0]})
    assert traffic.weighted_aht(df2) == 200.0
