"""core.abandonment: validity filtering, groupings, pooled proportions, the thesis' sample case."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multicomp import pairwise_tukeyhsd
from statsmodels.stats.proportion import proportion_confint

from core import abandonment as ab
from core import stats

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "abandonment_daily.csv"


@pytest.fixture(scope="module")
def prepared():
    return ab.prepare(pd.read_csv(SAMPLE))


def test_sample_is_read_whole(prepared):
    assert prepared.n_input == 242 and len(prepared.daily) == 242 and prepared.excluded.empty
    means = prepared.daily.groupby(["account", "model"]).abandon_pct.mean()
    # daily means printed in sample/README.md and call_centre_thesis.json
    assert means[("1", "current")] == pytest.approx(4.0793, abs=1e-4)
    assert means[("1", "proposed")] == pytest.approx(2.4724, abs=1e-4)
    assert means[("2", "current")] == pytest.approx(4.1043, abs=1e-4)
    assert means[("2", "proposed")] == pytest.approx(2.6552, abs=1e-4)


def test_sequence_puts_current_months_before_the_pilot(prepared):
    acc1 = prepared.daily[prepared.daily.account == "1"].sort_values("seq")
    assert list(acc1.seq) == list(range(1, 122))
    assert list(acc1.model.iloc[[0, 91, 92, 120]]) == ["current", "current", "proposed", "proposed"]
    # month 3 has 30 days (short last row), so the pilot starts at position 31 + 31 + 30 + 1
    assert acc1[acc1.model == "proposed"].seq.min() == 93
    assert (acc1.iloc[0].month, acc1.iloc[0].day, acc1.iloc[0].abandon_pct) == (1, 1, 5.3)


def test_bad_rows_are_left_out_with_their_reason():
    df = pd.DataFrame({
        "account": [1, 1, 1, 1, 1, 1, 1],
        "model": ["actual", "actual", "actual", "propuesto", "propuesto", None, "propuesto"],
        "month": [1, 1, 1, 1, 1, 1, 1],
        "day": [1, 2, 3, 1, 2, 3, 4],
        "abandon_pct": [5.0, 150.0, 3.0, -1.0, 2.0, 4.0, np.nan],
    })
    prep = ab.prepare(df)
    assert list(prep.daily.abandon_pct) == [5.0, 3.0, 2.0]
    assert set(prep.daily.model) == {"current", "proposed"}  # Spanish labels normalised
    reasons = dict(zip(prep.excluded.row, prep.excluded.reason))
    assert reasons == {2: "pct_out_of_range", 4: "pct_out_of_range", 6: "missing", 7: "missing"}


def test_count_rows_checked_and_pct_derived():
    df = pd.DataFrame({
        "account": ["A"] * 6, "model": ["current"] * 3 + ["proposed"] * 3,
        "month": [1] * 6, "day": [1, 2, 3, 1, 2, 3],
        "offered": pd.array([200, 100, 0, 400, 50, -5], dtype="Int64"),
        "abandoned": pd.array([10, 120, 0, 8, pd.NA, 1], dtype="Int64"),
    })
    prep = ab.prepare(df)
    assert prep.has_counts
    assert list(prep.daily.abandon_pct) == [5.0, 2.0]  # 100*10/200, 100*8/400
    reasons = dict(zip(prep.excluded.row, prep.excluded.reason))
    assert reasons == {2: "abandoned_gt_offered", 3: "no_calls", 5: "missing", 6: "negative_count"}


def test_missing_measure_or_model_raise_codes():
    with pytest.raises(ValueError, match="abandonment.no_measure"):
        ab.prepare(pd.DataFrame({"model": ["current"], "offered": [10]}))
    with pytest.raises(ValueError, match="abandonment.no_model"):
        ab.prepare(pd.DataFrame({"account": [1], "abandon_pct": [3.0]}))


def test_dates_and_change_date_define_the_model():
    dates = pd.date_range("2020-01-30", periods=6, freq="D")
    df = pd.DataFrame({"date": dates, "abandon_pct": [4.0, 5.0, 6.0, 2.0, 3.0, 1.0]})
    prep = ab.prepare(df, change_date="2020-02-02")
    assert list(prep.daily.model) == ["current"] * 3 + ["proposed"] * 3
    # month = ordinal of the calendar month within each model: Jan -> 1, Feb -> 2 for current
    assert list(prep.daily.month) == [1, 1, 2, 1, 1, 1]
    assert list(prep.daily.day) == [30, 31, 1, 2, 3, 4]


def test_groupings_and_their_order(prepared):
    names = {"current": "actual", "proposed": "propuesto", "account": "cuenta {}", "month": "mes {}"}
    labels = ab.group_labels(prepared.daily, "model_account", names)
    assert sorted(labels.unique()) == ["actual · cuenta 1", "actual · cuenta 2",
                                       "propuesto · cuenta 1", "propuesto · cuenta 2"]
    period = ab.group_labels(prepared.daily, "period")
    assert period.value_counts().to_dict() == {"current · month 1": 62, "current · month 2": 62,
                                               "current · month 3": 60, "proposed · month 1": 58}
    with pytest.raises(ValueError):
        ab.group_labels(prepared.daily, "weekday")


def test_groups_with_one_day_are_dropped_and_reported():
    df = pd.DataFrame({"model": ["current"] * 4 + ["proposed"] * 3 + ["other"],
                       "abandon_pct": [4.0, 5.0, 6.0, 5.0, 2.0, 3.0, 2.5, 9.0]})
    frame = ab.analysis_frame(ab.prepare(df), "model")
    assert frame.small_groups.to_dict("records") == [{"group": "other", "n": 1}]
    assert set(frame.data.group) == {"current", "proposed"}


def test_before_after_at_thesis_confidence(prepared):
    frame = ab.analysis_frame(prepared, "model")
    res = stats.one_way(frame.data, "abandon_pct", "group", alpha=1 - 0.934)
    ba = ab.before_after(res)
    ref = pairwise_tukeyhsd(frame.data.abandon_pct, frame.data.group, alpha=0.066)
    assert ba.method == "tukey"
    assert ba.drop == pytest.approx(-ref.meandiffs[0], abs=1e-9)  # current − proposed > 0: it fell
    assert (ba.low, ba.high) == pytest.approx((-ref.confint[0, 1], -ref.confint[0, 0]), abs=1e-6)
    assert (ba.drop, ba.low, ba.high) == pytest.approx((1.5281, 0.5420, 2.5141), abs=1e-4)
    assert (ba.n_current, ba.n_proposed) == (184, 58) and ba.significant


def test_thesis_table28_is_closest_to_account_2():
    """Table 28 (1.44; 0.15 to 2.73 at '93.4 %, error 6.6 %') against account 2 alone.

    Account 2 gives a difference of 1.449 with Tukey p = 0.0655, i.e. exactly the thesis'
    "margin of error 6.6 %": its 93.4 % looks chosen as 1 − p. The printed interval's half-width
    (1.29) is that of a 90 % interval (1.292), not of a 93.4 % one (1.446).
    """
    prep = ab.prepare(pd.read_csv(SAMPLE))
    frame = ab.analysis_frame(prep, "model", account="2")
    at_934 = ab.before_after(stats.one_way(frame.data, "abandon_pct", "group", alpha=0.066))
    assert at_934.drop == pytest.approx(1.4492, abs=1e-4)
    assert at_934.p == pytest.approx(0.0655, abs=1e-4)
    assert (at_934.low, at_934.high) == pytest.approx((0.0028, 2.8955), abs=1e-4)
    at_90 = ab.before_after(stats.one_way(frame.data, "abandon_pct", "group", alpha=0.10))
    assert (at_90.high - at_90.low) / 2 == pytest.approx((2.73 - 0.15) / 2, abs=0.01)


def test_pooled_proportions_weigh_calls_not_days():
    df = pd.DataFrame({"model": ["current"] * 2 + ["proposed"] * 2,
                       "offered": [1000, 100, 500, 500], "abandoned": [100, 0, 10, 20]})
    frame = ab.analysis_frame(ab.prepare(df), "model")
    pooled = ab.pooled_proportions(frame.data, alpha=0.05)
    # current: 100 of 1100 calls = 9.09 % pooled, but the mean of 10 % and 0 % is 5 %
    assert pooled.loc["current", "pooled_pct"] == pytest.approx(100 * 100 / 1100)
    assert pooled.loc["current", "mean_daily_pct"] == pytest.approx(5.0)
    assert pooled.loc["proposed", "offered"] == 1000 and pooled.loc["proposed", "abandoned"] == 30
    low, high = proportion_confint(30, 1000, alpha=0.05, method="wilson")
    assert (pooled.loc["proposed", "low"], pooled.loc["proposed", "high"]) == pytest.approx(
        (100 * low, 100 * high), abs=1e-9)


def test_monthly_contrasts_and_only_pairs(prepared):
    months = ab.monthly_contrasts(prepared, alpha=0.05)
    # the pilot (2.564 %) is significantly below month 2 (5.498 %) only
    assert list(months.month) == [1, 2, 3] and list(months.significant) == [False, True, False]
    assert months.loc[1, "drop"] == pytest.approx(5.498387 - 2.563793, abs=1e-5)
    data = ab.analysis_frame(prepared, "period").data
    full = stats.games_howell(data, "abandon_pct", "group", 0.05)
    part = stats.games_howell(data, "abandon_pct", "group", 0.05, only={"proposed · month 1"})
    pd.testing.assert_frame_equal(part, full[full.group2 == "proposed · month 1"].reset_index(drop=True))


def test_figures_mark_zero_intervals_and_the_change(prepared):
    from core.figures import abandonment as figs
    from core.i18n import Translator

    t = Translator("en")
    frame = ab.analysis_frame(prepared, "model")
    pairs = stats.tukey_kramer(frame.data, "abandon_pct", "group", 0.066)
    fig = figs.pairwise_chart(pairs, t, 0.934, "Tukey–Kramer",
                              reference={"label": "thesis", "diff": -1.44, "low": -2.73, "high": -0.15})
    main, thesis = fig.data
    assert main.x[0] == pytest.approx(-1.528055, abs=1e-6)
    assert main.error_x.array[0] == pytest.approx(2.514125 - 1.528055, abs=1e-5)   # upper − diff
    assert main.error_x.arrayminus[0] == pytest.approx(1.528055 - 0.541985, abs=1e-5)
    assert (thesis.error_x.array[0], thesis.error_x.arrayminus[0]) == pytest.approx((1.29, 1.29))
    assert fig.layout.shapes[0].x0 == 0  # the zero line
    series = figs.daily_series(prepared.daily, t)
    assert series.layout.shapes[0].x0 == 92.5  # between the last current day and the first pilot day
    box = figs.daily_box_strip(frame.data.assign(group=frame.data.group.replace("current", "<b>x</b>")), t)
    assert box.data[0].name == "&lt;b&gt;x&lt;/b&gt;"  # user labels are escaped
