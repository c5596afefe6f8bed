"""Tests that kill mutants of core/abandonment.py that the module tests let survive (issue 20, docs/MUTATION.md).

Expected values come from statsmodels (pairwise_tukeyhsd, proportion_confint), scipy (Welch's t), from plain pandas/numpy
means of the raw rows, or from hand calculations written out here; never from core.abandonment itself.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats
from statsmodels.stats.multicomp import pairwise_tukeyhsd
from statsmodels.stats.proportion import proportion_confint

from core import abandonment as ab
from core import stats

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
EXCLUDED_COLUMNS = ["row", "account", "model", "month", "day", "reason"]
CONTRAST_COLUMNS = ["month", "n", "mean", "drop", "low", "high", "p", "significant", "method"]


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(SAMPLE / "abandonment_daily.csv")


@pytest.fixture(scope="module")
def prepared(raw):
    return ab.prepare(raw)


def _days(current: dict, pilot: list, account=1) -> pd.DataFrame:
    """current: month -> daily %; pilot: daily % of the proposed model (month 1)."""
    rows = [(account, "actual", m, d + 1, v) for m, vals in current.items() for d, v in enumerate(vals)]
    rows += [(account, "propuesto", 1, d + 1, v) for d, v in enumerate(pilot)]
    return pd.DataFrame(rows, columns=["account", "model", "month", "day", "abandon_pct"])


def test_full_abandonment_day_is_kept_and_columns_are_typed():
    prep = ab.prepare(_days({1: [100.0, 4.0]}, [2.0, 3.0]))
    assert sorted(prep.daily["abandon_pct"]) == [2.0, 3.0, 4.0, 100.0]  # 100 % is a valid day
    assert prep.daily["month"].dtype == np.int64 and prep.daily["day"].dtype == np.int64
    assert list(prep.excluded.columns) == EXCLUDED_COLUMNS and prep.excluded.empty
    bad = ab.prepare(_days({1: [101.0, 4.0]}, [2.0, 3.0]))
    assert list(bad.excluded.columns) == EXCLUDED_COLUMNS
    assert bad.excluded[["row", "reason"]].values.tolist() == [[1, "pct_out_of_range"]]


def test_float_account_labels_are_tidied_and_text_dates_read():
    df = _days({1: [4.0, 5.0]}, [2.0, 3.0]).assign(account=[1.0, 1.0, 2.0, 2.0])
    assert sorted(ab.prepare(df).daily["account"].unique()) == ["1", "2"]
    dated = pd.DataFrame({"date": ["2020-01-30", "2020-01-31", "2020-02-01", "2020-02-02"],
                          "abandon_pct": [4.0, 5.0, 2.0, 3.0]})
    prep = ab.prepare(dated, change_date="2020-02-01")
    assert list(prep.daily["day"]) == [30, 31, 1, 2]
    assert list(prep.daily["model"]) == ["current", "current", "proposed", "proposed"]


def test_analysis_frame_uses_the_given_names():
    frame = ab.analysis_frame(ab.prepare(_days({1: [4.0, 5.0]}, [2.0, 3.0])), "model",
                              names={"current": "actual", "proposed": "propuesto"})
    assert sorted(frame.data["group"].unique()) == ["actual", "propuesto"]


def test_monthly_contrast_one_month_against_the_pilot_by_hand_and_statsmodels():
    # month 1: 4, 6, 5 (mean 5); pilot: 2, 3, 4 (mean 3); drop = 5 - 3 = 2 points
    prep = ab.prepare(_days({1: [4.0, 6.0, 5.0]}, [2.0, 3.0, 4.0]))
    out = ab.monthly_contrasts(prep, alpha=0.10)
    assert list(out.columns) == CONTRAST_COLUMNS
    row = out.iloc[0]
    assert (row["month"], row["n"], row["mean"], row["drop"], row["method"]) == (1, 3, 5.0, 2.0, "tukey")
    ref = pairwise_tukeyhsd([4.0, 6.0, 5.0, 2.0, 3.0, 4.0], ["m"] * 3 + ["p"] * 3, alpha=0.10)
    lo, hi = sorted(-np.asarray(ref.confint[0]))  # statsmodels: p - m; here m - p
    assert (row["low"], row["high"]) == pytest.approx((lo, hi), rel=1e-9)


def test_monthly_contrasts_empty_table_keeps_its_columns():
    out = ab.monthly_contrasts(ab.prepare(_days({1: [4.0, 6.0]}, [])), alpha=0.05)
    assert out.empty and list(out.columns) == CONTRAST_COLUMNS


def test_monthly_contrasts_yyyymm_months_and_one_account():
    a1 = _days({202401: [4.0, 6.0, 5.0]}, [2.0, 3.0, 4.0], account=1)
    a2 = _days({202401: [9.0, 9.5, 10.0]}, [1.0, 2.0, 1.5], account=2)
    prep = ab.prepare(pd.concat([a1, a2], ignore_index=True))
    one = ab.monthly_contrasts(prep, alpha=0.05, account="2")
    assert one["month"].tolist() == [202401]
    assert one["drop"].tolist() == pytest.approx([9.5 - 1.5])


def test_monthly_contrasts_switch_to_games_howell_on_unequal_spread():
    # pilot spread 0.1 vs month spread 10: Levene p < 5 % -> Games-Howell
    prep = ab.prepare(_days({1: [0.0, 20.0, 10.0, 30.0, 5.0]}, [3.0, 3.1, 3.2, 3.0, 3.1]))
    out = ab.monthly_contrasts(prep, alpha=0.05)
    assert out["method"].tolist() == ["games_howell"]


def test_printed_totals_check_against_plain_means_and_wilson(raw, prepared):
    totals = pd.read_csv(SAMPLE / "abandonment_monthly_totals.csv")
    pilot = [{"account": 1, "answered": 950, "abandoned": 50}, {"account": 2.0, "answered": 90, "abandoned": 10}]
    out = ab.printed_totals_check(prepared, totals, pilot)
    assert list(out.columns[:5]) == ["account", "model", "month", "days", "mean_daily_pct"]
    r = raw.dropna(subset=["abandon_pct"])
    r = r[(r["abandon_pct"] >= 0) & (r["abandon_pct"] <= 100)]
    sel = out[(out["account"] == "1") & (out["model"] == "current") & (out["month"] == 2)].iloc[0]
    days = r[(r["account"] == 1) & (r["model"] == "current") & (r["month"] == 2)]["abandon_pct"]
    assert (sel["days"], sel["mean_daily_pct"]) == (len(days), pytest.approx(days.mean(), rel=1e-12))
    assert sel["total_printed_pct"] == 5.7  # the printed TOTAL row
    assert np.isnan(sel["table29_pct"]) and np.isnan(sel["table29_high"])
    for account, x, n in (("1", 50, 1000), ("2", 10, 100)):
        row = out[(out["account"] == account) & (out["model"] == "proposed")].iloc[0]
        lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
        assert row["table29_pct"] == pytest.approx(100 * x / n)
        assert (row["table29_low"], row["table29_high"]) == pytest.approx((100 * lo, 100 * hi), rel=1e-9)


def test_thesis_comparison_and_pairs_against_statsmodels():
    prepared = ab.prepare(pd.concat([_days({1: [4.0, 6.0, 5.0, 5.5], 2: [4.5, 6.5]}, [2.0, 3.0, 4.0, 3.5], account=1),
                                     _days({1: [7.0, 9.0, 8.0], 2: [8.5, 7.5]}, [3.0, 5.0, 4.0], account=2)],
                                    ignore_index=True))
    comp = ab.thesis_comparison(prepared)
    assert list(comp.columns) == ["scope", "confidence", "drop", "low", "high", "p", "method",
                                  "n_current", "n_proposed"]
    assert [(s, round(c, 3)) for s, c in zip(comp["scope"], comp["confidence"])] == [
        ("both", 0.934), ("both", 0.95), ("account_1", 0.934), ("account_2", 0.934), ("account_2", 0.9)]
    d = prepared.daily
    a2 = comp[(comp["scope"] == "account_2") & (comp["confidence"] == 0.90)].iloc[0]
    sub = d[(d["account"] == "2") & d["model"].isin(["current", "proposed"])]
    assert a2["method"] == "tukey"  # Levene does not reject equal spread here
    ref = pairwise_tukeyhsd(sub["abandon_pct"], sub["model"], alpha=0.10)
    lo, hi = sorted(-np.asarray(ref.confint[0]))  # statsmodels: proposed - current
    assert (a2["low"], a2["high"]) == pytest.approx((lo, hi), rel=1e-9)
    cur, pro = sub[sub["model"] == "current"], sub[sub["model"] == "proposed"]
    assert (a2["n_current"], a2["n_proposed"]) == (len(cur), len(pro))
    assert a2["drop"] == pytest.approx(cur["abandon_pct"].mean() - pro["abandon_pct"].mean(), rel=1e-12)
    pairs = ab.thesis_pairs(comp, 0.934)
    assert list(pairs.columns) == ["scope", "group1", "group2", "meandiff", "lower", "upper", "p_adj", "reject"]
    shown = comp[comp["confidence"] == 0.934]
    assert pairs["scope"].tolist() == shown["scope"].tolist()
    assert pairs["meandiff"].tolist() == shown["drop"].tolist()
    assert pairs["lower"].tolist() == shown["low"].tolist() and pairs["upper"].tolist() == shown["high"].tolist()
    assert pairs["reject"].tolist() == [(lo > 0) or (hi < 0) for lo, hi in zip(shown["low"], shown["high"])]
    assert ab.thesis_pairs(comp.iloc[0:0]).columns.tolist() == pairs.columns.tolist()


# --- sampled run of 30 Nov, fourth session (seed 22) ---------------------------------------------

DAILY_COLUMNS = ["account", "model", "month", "day", "abandon_pct"]


def test_sequence_follows_the_dates_of_a_file_sorted_newest_first():
    # the user's own "day" numbers the rows in file order (newest first); with a date on every
    # row the sequence is the calendar order: 1, 2, 3 Jan (current), then 1, 2 Feb (pilot)
    df = pd.DataFrame({"date": ["2020-01-03", "2020-01-02", "2020-01-01", "2020-02-02", "2020-02-01"],
                       "model": ["actual"] * 3 + ["propuesto"] * 2, "month": [1, 1, 1, 1, 1],
                       "day": [1, 2, 3, 1, 2], "abandon_pct": [3.0, 2.0, 1.0, 5.0, 4.0]})
    daily = ab.prepare(df).daily
    assert daily["date"].dt.strftime("%m-%d").tolist() == ["01-01", "01-02", "01-03", "02-01", "02-02"]
    assert daily["seq"].tolist() == [1, 2, 3, 4, 5]
    assert daily["abandon_pct"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_sequence_puts_a_third_model_label_after_the_pilot():
    # "hibrido" is not an alias: kept as written, ranked after current and proposed although it
    # sorts between them alphabetically
    df = pd.DataFrame({"model": ["hibrido", "propuesto", "actual", "hibrido", "propuesto", "actual"],
                       "month": [1] * 6, "day": [1, 1, 1, 2, 2, 2],
                       "abandon_pct": [9.0, 2.0, 5.0, 8.0, 3.0, 4.0]})
    daily = ab.prepare(df).daily
    assert daily[["model", "seq"]].values.tolist() == [
        ["current", 1], ["current", 2], ["proposed", 3], ["proposed", 4], ["hibrido", 5], ["hibrido", 6]]


def test_text_in_offered_is_a_missing_day_and_columns_are_as_documented():
    # a spreadsheet cell "n/d" in the offered column: that day is "missing", the others kept
    df = pd.DataFrame({"account": [1] * 4, "model": ["actual", "actual", "propuesto", "propuesto"],
                       "month": [1] * 4, "day": [1, 2, 1, 2],
                       "offered": ["200", "n/d", "400", "50"], "abandoned": [10, 3, 8, 1]})
    prep = ab.prepare(df)
    assert prep.excluded[["row", "reason"]].values.tolist() == [[2, "missing"]]
    # 100 x 10 / 200 = 5, 100 x 8 / 400 = 2, 100 x 1 / 50 = 2
    assert prep.daily["abandon_pct"].tolist() == [5.0, 2.0, 2.0]
    assert list(prep.daily.columns) == DAILY_COLUMNS + ["offered", "abandoned", "seq"]
    assert list(prep.daily.index) == [0, 1, 2]
    plain = ab.prepare(_days({1: [4.0, 5.0]}, [2.0, 3.0]))
    assert list(plain.daily.columns) == DAILY_COLUMNS + ["seq"]


def test_unreadable_date_without_model_is_a_missing_day():
    df = pd.DataFrame({"date": ["2020-01-30", "sin fecha", "2020-02-01", "2020-02-02"],
                       "abandon_pct": [4.0, 5.0, 2.0, 3.0]})
    prep = ab.prepare(df, change_date="2020-02-01")
    assert prep.excluded[["row", "reason"]].values.tolist() == [[2, "missing"]]
    assert prep.daily[["model", "abandon_pct"]].values.tolist() == [
        ["current", 4.0], ["proposed", 2.0], ["proposed", 3.0]]


def test_frame_indexed_by_its_own_day_column_is_read_as_its_columns():
    # set_index("day", drop=False) keeps the column and names the index the same
    df = _days({1: [4.0, 6.0]}, [2.0, 3.0]).set_index("day", drop=False)
    prep = ab.prepare(df)
    assert prep.daily[["model", "day", "abandon_pct", "seq"]].values.tolist() == [
        ["current", 1, 4.0, 1], ["current", 2, 6.0, 2], ["proposed", 1, 2.0, 3], ["proposed", 2, 3.0, 4]]
    assert prep.excluded.empty and prep.n_input == 4


def test_before_after_when_the_proposed_name_sorts_first():
    # names "before"/"after": the pair is listed (after, before); drop = mean current - mean
    # proposed = 5 - 3 = 2 points, interval and p from statsmodels' Tukey (two groups)
    names = {"current": "before", "proposed": "after"}
    prep = ab.prepare(_days({1: [4.0, 6.0, 5.0, 5.0]}, [2.0, 3.0, 4.0]))
    frame = ab.analysis_frame(prep, "model", names=names)
    ba = ab.before_after(stats.one_way(frame.data, "abandon_pct", "group", 0.05), names)
    ref = pairwise_tukeyhsd([4.0, 6.0, 5.0, 5.0, 2.0, 3.0, 4.0], ["b"] * 4 + ["a"] * 3, alpha=0.05)
    # statsmodels: meandiff = b - a = current - proposed
    assert ba.drop == pytest.approx(2.0, rel=1e-12)
    assert (ba.low, ba.high) == pytest.approx(tuple(ref.confint[0]), rel=1e-9)
    assert ba.p == pytest.approx(ref.pvalues[0], rel=1e-6)
    assert (ba.mean_current, ba.mean_proposed, ba.n_current, ba.n_proposed) == (5.0, 3.0, 4, 3)


def test_monthly_contrast_on_unequal_spread_is_welchs_interval():
    # Games-Howell with two groups is Welch's t interval (q(1-a; 2, df) / sqrt 2 = t(1-a/2; df))
    month, pilot = [0.0, 20.0, 10.0, 30.0, 5.0], [3.0, 3.1, 3.2, 3.0, 3.1, 3.2]
    out = ab.monthly_contrasts(ab.prepare(_days({1: month}, pilot)), alpha=0.05)
    row = out.iloc[0]
    assert row["method"] == "games_howell"
    welch = scipy_stats.ttest_ind(month, pilot, equal_var=False)
    ci = welch.confidence_interval(0.95)
    assert row["drop"] == pytest.approx(13.0 - 3.1, rel=1e-12)
    assert (row["low"], row["high"]) == pytest.approx((ci.low, ci.high), rel=1e-9)
    assert row["p"] == pytest.approx(welch.pvalue, rel=1e-6)


def test_pooled_proportions_default_is_95_percent_wilson():
    data = pd.DataFrame({"group": ["a", "a", "b"], "offered": [100.0, 300.0, 50.0],
                         "abandoned": [10.0, 10.0, 5.0], "abandon_pct": [10.0, 10.0 / 3, 10.0]})
    out = ab.pooled_proportions(data)
    # a: 20 / 400 = 5 %, mean daily (10 + 3.333) / 2 = 6.667 %; b: 5 / 50 = 10 %
    assert out["pooled_pct"].tolist() == pytest.approx([5.0, 10.0], rel=1e-12)
    assert out["mean_daily_pct"].tolist() == pytest.approx([20.0 / 3, 10.0], rel=1e-12)
    for g, x, n in (("a", 20, 400), ("b", 5, 50)):
        lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
        assert (out.loc[g, "low"], out.loc[g, "high"]) == pytest.approx((100 * lo, 100 * hi), rel=1e-9)


def test_printed_totals_matched_by_account_model_month_with_spanish_labels():
    # the printed table says "actual"/"propuesto" and carries its own day count (31, 28),
    # which differs from the data's: the totals are still matched by account, model and month
    prep = ab.prepare(_days({1: [4.0, 6.0, 5.0]}, [2.0, 3.0, 4.0]))
    totals = pd.DataFrame({"account": [1, 1], "model": ["actual", "propuesto"], "month": [1, 1],
                           "days": [31, 28], "total_abandon_pct": [5.1, 2.9]})
    out = ab.printed_totals_check(prep, totals, pilot=[])
    assert out[["model", "mean_daily_pct", "total_printed_pct"]].values.tolist() == [
        ["current", 5.0, 5.1], ["proposed", 3.0, 2.9]]
    plain = ab.printed_totals_check(prep, totals.drop(columns="days"), pilot=[])
    assert list(plain.columns) == ["account", "model", "month", "days", "mean_daily_pct", "total_printed_pct",
                                   "table29_pct", "table29_low", "table29_high"]
    assert plain["days"].tolist() == [3, 3] and plain["table29_pct"].isna().all()


def test_thesis_p_values_against_statsmodels_and_an_interval_ending_at_zero():
    prepared = ab.prepare(pd.concat([_days({1: [4.0, 6.0, 5.0, 5.5], 2: [4.5, 6.5]}, [2.0, 3.0, 4.0, 3.5], account=1),
                                     _days({1: [7.0, 9.0, 8.0], 2: [8.5, 7.5]}, [3.0, 5.0, 4.0], account=2)],
                                    ignore_index=True))
    comp = ab.thesis_comparison(prepared)
    d = prepared.daily
    sub = d[d["account"] == "2"]
    ref = pairwise_tukeyhsd(sub["abandon_pct"], sub["model"], alpha=0.10)
    a2 = comp[comp["scope"] == "account_2"]
    assert a2["method"].tolist() == ["tukey", "tukey"]
    assert a2["p"].tolist() == pytest.approx([ref.pvalues[0]] * 2, rel=1e-6)  # p does not depend on alpha
    pairs = ab.thesis_pairs(comp, 0.934)
    assert pairs.loc[pairs["scope"] == "account_2", "p_adj"].tolist() == pytest.approx([ref.pvalues[0]], rel=1e-6)
    # the interval [-2, 0] holds 0 (closed): not a real contrast; nor [0, 2]
    edge = pd.DataFrame({"scope": ["both", "account_1"], "confidence": [0.934, 0.934], "drop": [-1.0, 1.0],
                         "low": [-2.0, 0.0], "high": [0.0, 2.0], "p": [0.06, 0.06]})
    assert ab.thesis_pairs(edge)["reject"].tolist() == [False, False]


# --- sampled run of 30 Nov, fourth session (seed 23) ---------------------------------------------

def test_days_without_a_day_column_are_numbered_from_1_in_file_order():
    df = pd.DataFrame({"model": ["actual", "actual", "propuesto", "actual", "propuesto"],
                       "abandon_pct": [4.0, 5.0, 2.0, 6.0, 3.0]})
    daily = ab.prepare(df).daily
    assert daily[["model", "day", "abandon_pct"]].values.tolist() == [
        ["current", 1, 4.0], ["current", 2, 5.0], ["current", 3, 6.0], ["proposed", 1, 2.0], ["proposed", 2, 3.0]]


def test_a_blank_account_cell_is_a_missing_key():
    # "  " in the account column (a cell with spaces) is as empty as a missing cell: row 2 left out
    df = pd.DataFrame({"account": [1, "  ", 1, 1], "model": ["actual", "actual", "propuesto", "propuesto"],
                       "month": [1] * 4, "day": [1, 2, 1, 2], "abandon_pct": [4.0, 5.0, 2.0, 3.0]})
    prep = ab.prepare(df)
    assert prep.excluded[["row", "reason"]].values.tolist() == [[2, "missing"]]
    assert prep.daily["abandon_pct"].tolist() == [4.0, 2.0, 3.0]


def test_monthly_contrasts_reuse_the_groups_given(monkeypatch):
    # groups computed once are kept while the confidence moves: no second monthly_groups call.
    # month 1: 4, 5, 6 (mean 5), month 2: 6, 7, 8 (mean 7), pilot 2, 3, 4 (mean 3): drops 2 and 4
    prep = ab.prepare(_days({1: [4.0, 5.0, 6.0], 2: [6.0, 7.0, 8.0]}, [2.0, 3.0, 4.0]))
    groups = ab.monthly_groups(prep)

    def refuse(*args, **kwargs):
        raise AssertionError("monthly_groups called again")

    monkeypatch.setattr(ab, "monthly_groups", refuse)
    out = ab.monthly_contrasts(prep, 0.05, groups=groups)
    assert out["month"].tolist() == [1, 2] and out["drop"].tolist() == pytest.approx([2.0, 4.0])


# --- sampled run of 30 Nov, fifth session (seed 24) ----------------------------------------------

def test_text_in_the_month_or_day_column_is_a_missing_day():
    # "s/d" (sin dato) typed in the month column and "lunes" in the day column: those two days are
    # "missing" (a month or day that is not a number), the other three are kept
    df = pd.DataFrame({"account": [1] * 5, "model": ["actual", "actual", "actual", "propuesto", "propuesto"],
                       "month": ["1", "s/d", "1", "1", "1"], "day": ["1", "2", "lunes", "1", "2"],
                       "abandon_pct": [4.0, 5.0, 6.0, 2.0, 3.0]})
    prep = ab.prepare(df)
    assert prep.excluded[["row", "reason"]].values.tolist() == [[2, "missing"], [3, "missing"]]
    assert prep.daily[["model", "month", "day", "abandon_pct"]].values.tolist() == [
        ["current", 1, 1, 4.0], ["proposed", 1, 1, 2.0], ["proposed", 1, 2, 3.0]]


def test_before_after_is_none_when_the_pilot_has_another_name():
    # models "Actual" and "Turno B" ("turno b" is no alias of the proposed model, so it stays a label of
    # its own): there is no current-vs-proposed contrast to read, only the two-group comparison
    prep = ab.prepare(pd.DataFrame({"model": ["Actual"] * 3 + ["Turno B"] * 3,
                                    "abandon_pct": [4.0, 6.0, 5.0, 2.0, 3.0, 4.0]}))
    frame = ab.analysis_frame(prep, "model")
    assert sorted(frame.data["group"].unique()) == ["Turno B", "current"]
    assert ab.before_after(stats.one_way(frame.data, "abandon_pct", "group", 0.05)) is None


def test_the_old_and_the_new_process_as_spanish_teams_name_them_are_current_and_proposed():
    # "Actual"/"Nuevo", "Modelo anterior"/"Proceso nuevo": the before/after contrast is read. Means by
    # hand: current (4 + 6 + 5) / 3 = 5.0 %, proposed (2 + 3 + 4) / 3 = 3.0 %: a change of -2.0 points
    for before, after in (("Actual", "Nuevo"), ("Modelo anterior", "Proceso nuevo"), ("anterior", "Nueva")):
        prep = ab.prepare(pd.DataFrame({"model": [before] * 3 + [after] * 3,
                                        "abandon_pct": [4.0, 6.0, 5.0, 2.0, 3.0, 4.0]}))
        frame = ab.analysis_frame(prep, "model")
        assert sorted(frame.data["group"].unique()) == ["current", "proposed"]
        means = frame.data.groupby("group")["abandon_pct"].mean()
        assert (means["current"], means["proposed"]) == (5.0, 3.0)
        assert ab.before_after(stats.one_way(frame.data, "abandon_pct", "group", 0.05)) is not None


# seed 25
# Fresh sample (seed 25): 8 survivors. Equivalent: _add_sequence 33 (sort_values on several keys is a
# lexsort, stable whatever `kind`), _model_rank 7 (3 instead of 2 for a third label: the same order),
# _reasons 87 (errstate(divide=None): pandas division already silences numpy), _reasons 130 (abandon_pct
# left as read: the rows kept are the ones pd.to_numeric read, and astype(float) reads them the same).

def test_before_after_with_a_third_model_reads_current_against_proposed():
    # three models: "Actual" (current), "Propuesto" (proposed) and "Turno B", a label of its own.
    # Means by hand: current (4 + 6 + 5 + 5) / 4 = 5, proposed (2 + 4 + 3 + 3) / 4 = 3, Turno B 8; the
    # contrast is current - proposed = 2 points (not Turno B against either), with statsmodels' Tukey interval
    cur, pro, other = [4.0, 6.0, 5.0, 5.0], [2.0, 4.0, 3.0, 3.0], [7.0, 9.0, 8.0, 8.0]
    prep = ab.prepare(pd.DataFrame({"model": ["Actual"] * 4 + ["Propuesto"] * 4 + ["Turno B"] * 4,
                                    "abandon_pct": cur + pro + other}))
    frame = ab.analysis_frame(prep, "model")
    ba = ab.before_after(stats.one_way(frame.data, "abandon_pct", "group", 0.05))
    ref = pairwise_tukeyhsd(cur + pro + other, ["a"] * 4 + ["b"] * 4 + ["c"] * 4, alpha=0.05)
    # statsmodels' pairs: (a, b), (a, c), (b, c); meandiff of (a, b) = b - a = proposed - current = -2
    assert ref.meandiffs[0] == pytest.approx(-2.0, abs=1e-12)
    assert ba.drop == pytest.approx(2.0, rel=1e-12)
    assert (ba.low, ba.high) == pytest.approx((-ref.confint[0][1], -ref.confint[0][0]), rel=1e-9)
    assert (ba.mean_current, ba.mean_proposed, ba.n_current, ba.n_proposed) == (5.0, 3.0, 4, 4)


def test_counts_read_as_text_are_summed_as_numbers():
    # a CSV whose count columns hold an "n/d" is read as text: that day is left out, the others are
    # numbers. Pooled: current 12 + 15 = 27 of 300 + 300 = 600 calls = 4.5 %; proposed 6 + 9 = 15 of 600 = 2.5 %
    df = pd.DataFrame({"model": ["actual"] * 3 + ["propuesto"] * 2,
                       "offered": ["300", "300", "n/d", "280", "320"], "abandoned": ["12", "15", "7", "6", "9"]})
    prep = ab.prepare(df)
    assert prep.excluded["reason"].tolist() == ["missing"]
    pooled = ab.pooled_proportions(ab.analysis_frame(prep, "model").data)
    assert pooled.loc["current", ["offered", "abandoned"]].tolist() == [600.0, 27.0]
    assert pooled.loc["proposed", ["offered", "abandoned"]].tolist() == [600.0, 15.0]
    assert pooled["pooled_pct"].tolist() == pytest.approx([4.5, 2.5], rel=1e-12)


def test_counts_without_a_model_column_ask_for_the_model():
    # only offered and abandoned: the measure is there, the model is what is missing
    with pytest.raises(ValueError, match="abandonment.no_model"):
        ab.prepare(pd.DataFrame({"offered": [300, 280], "abandoned": [12, 6]}))


# full run
# Full run of every mutant (1,111; 75 survivors, 30 Nov, fifth session). Killed below; the equivalent ones,
# by kind (each checked by reading the callers or running the mutant on a scratch copy):
# - dtype / default arguments that change nothing: _add_sequence 33 35 36 37 (sort on 2+ keys is a lexsort,
#   stable whatever `kind`), _calendar 78, _reasons 29 39 102, prepare 141 (`astype(None)` is float64 on
#   numbers), _calendar 62 (`dropna=None` acts as False), _reasons 2 3 4 5 6 7 (the reason series: all None
#   or all NaN, object either way, on data whose index is already 0..n-1), _reasons 25 26 (fillna on masks
#   that are boolean and never hold NaN), _reasons 87 88 89 90 (pandas division already silences numpy),
#   _reasons 130 131 (pct left as read: the kept rows are those to_numeric read, astype(float) reads them alike),
#   analysis_frame 13 20 (an empty frame gets an empty group column either way), 44 45 (an extra "index"
#   column no consumer reads; the index is 0..n-1 either way), monthly_contrasts 79 81 (columns from the
#   dict keys, already in MONTHLY_COLUMNS order; rows are never empty there), thesis_pairs 21 32 (same),
#   34 36 (same), printed_totals_check 71 (0.95 is wilson_interval's default).
# - unreachable or same order: _model_rank 2 4 (None: NaN sorts last, like 2), 5 (current and proposed tie,
#   then "current" < "proposed" by name), 7 (3 for 2), _calendar 33 (year*13 + month is still increasing
#   and one-to-one for months 1-12), group_labels 10 (models are text; only a model literally named
#   "account", "month" or "sep" would differ), 12 13 14 (current/proposed are always keys of the names),
#   monthly_groups 69 (Levene p exactly 0.05), thesis_comparison 50 (one_way cannot raise there: each group
#   has 2+ days and there are more days than groups), thesis_pairs 25 31 (confidences 0.934/0.95/0.9 are
#   exact at 3 and 4 decimals), 41-46 (group1/group2 are never read: the one caller, the case-study chart,
#   passes its own row labels).

def _plain(models, pcts, **cols):
    return pd.DataFrame({"model": models, "abandon_pct": pcts, **cols})


def test_a_file_without_account_or_month_is_account_1_month_1():
    # only "modelo" and "% abandono": one account ("1") and one month (1), as the docstring says
    prep = ab.prepare(_plain(["Actual", "Actual", "Propuesto", "Propuesto"], [4.0, 6.0, 2.0, 3.0]))
    assert prep.daily["account"].tolist() == ["1"] * 4 and prep.daily["month"].tolist() == [1] * 4
    names = {"current": "actual", "proposed": "propuesto", "account": "cuenta {}", "month": "mes {}"}
    assert ab.group_labels(prep.daily, "account", names).tolist() == ["cuenta 1"] * 4
    assert ab.group_labels(prep.daily, "period", names).tolist() == [
        "actual · mes 1", "actual · mes 1", "propuesto · mes 1", "propuesto · mes 1"]
    assert ab.monthly_contrasts(prep, 0.05)["month"].tolist() == [1]


def test_named_accounts_are_kept_and_grouped_by_account():
    # accounts "Norte" and "Sur" (text labels, not numbers): kept as written; the account grouping labels
    # each day with its account, not with model and month
    df = _plain(["actual", "propuesto"] * 4, [4.0, 2.0, 5.0, 3.0, 6.0, 2.5, 7.0, 3.5],
                account=["Norte", "Norte", "Norte", "Norte", " Sur", "Sur", "Sur", "Sur "])
    prep = ab.prepare(df)
    assert sorted(prep.daily["account"].unique()) == ["Norte", "Sur"]
    frame = ab.analysis_frame(prep, "account", names={"account": "cuenta {}"})
    assert sorted(frame.data["group"].unique()) == ["cuenta Norte", "cuenta Sur"]
    assert frame.data.groupby("group")["abandon_pct"].mean().to_dict() == {
        "cuenta Norte": (4.0 + 2.0 + 5.0 + 3.0) / 4, "cuenta Sur": (6.0 + 2.5 + 7.0 + 3.5) / 4}


def test_month_ordinals_from_dates_across_new_year():
    # current days in Nov 2025, Dec 2025 and Jan 2026, pilot from 1 Feb 2026: the current months are
    # 1, 2, 3 in calendar order (Jan 2026 after Dec 2025), the pilot month is 1
    df = pd.DataFrame({"date": ["2025-11-03", "2025-12-01", "2026-01-05", "2026-02-02"],
                       "abandon_pct": [4.0, 5.0, 6.0, 2.0]})
    prep = ab.prepare(df, change_date="2026-02-01")
    assert prep.daily[["model", "month", "day"]].values.tolist() == [
        ["current", 1, 3], ["current", 2, 1], ["current", 3, 5], ["proposed", 1, 2]]


def test_rows_without_model_keep_their_day_in_the_list_of_rows_left_out():
    # two blank model cells (rows 3 and 6): left out as "missing"; numbered in file order within the rows
    # that share their (blank) model, so the list shows day 1 and day 2
    df = _plain(["actual", "actual", np.nan, "propuesto", "propuesto", np.nan], [4.0, 5.0, 9.0, 2.0, 3.0, 8.0])
    ex = ab.prepare(df).excluded
    assert ex[["row", "day", "reason"]].values.tolist() == [[3, 1, "missing"], [6, 2, "missing"]]


def test_a_model_cell_of_spaces_is_missing():
    # "  " in the model column (a cell with spaces): no model, left out as missing, not a group of its own
    prep = ab.prepare(_plain(["actual", "  ", "actual", "propuesto", "propuesto"], [4.0, 9.0, 5.0, 2.0, 3.0]))
    assert prep.excluded[["row", "reason"]].values.tolist() == [[2, "missing"]]
    assert sorted(prep.daily["model"].unique()) == ["current", "proposed"]


def test_text_in_the_percentage_or_abandoned_column_is_a_missing_day():
    # "n/d" typed where a number belongs: that day is missing, nothing raises
    prep = ab.prepare(_plain(["actual", "actual", "propuesto", "propuesto"], ["4", "n/d", "2", "3"]))
    assert prep.excluded[["row", "reason"]].values.tolist() == [[2, "missing"]]
    counts = pd.DataFrame({"model": ["actual", "actual", "propuesto"], "offered": [200, 300, 100],
                           "abandoned": ["10", "n/d", "3"]})
    prep = ab.prepare(counts)
    assert prep.excluded[["row", "reason"]].values.tolist() == [[2, "missing"]]
    assert prep.daily["abandon_pct"].tolist() == [100 * 10 / 200, 100 * 3 / 100]  # 5.0 and 3.0


def test_monthly_contrast_uses_tukey_when_spreads_are_alike_with_unequal_days():
    # month 1: 4, 6, 5, 5 (mean 5, 4 days); pilot: 2, 3, 4 (mean 3, 3 days); Levene does not reject, so the
    # pooled-variance Tukey interval (statsmodels), not Welch's: drop = 5 - 3 = 2 points
    prep = ab.prepare(_days({1: [4.0, 6.0, 5.0, 5.0]}, [2.0, 3.0, 4.0]))
    row = ab.monthly_contrasts(prep, alpha=0.05).iloc[0]
    assert (row["n"], row["mean"], row["drop"], row["method"]) == (4, 5.0, 2.0, "tukey")
    ref = pairwise_tukeyhsd([4.0, 6.0, 5.0, 5.0, 2.0, 3.0, 4.0], ["m"] * 4 + ["p"] * 3, alpha=0.05)
    lo, hi = sorted(-np.asarray(ref.confint[0]))
    assert (row["low"], row["high"]) == pytest.approx((lo, hi), rel=1e-9)
    assert row["p"] == pytest.approx(float(ref.pvalues[0]), abs=1e-6)


def test_a_month_of_two_days_is_compared():
    # month 1 has 2 days (4, 6: mean 5), the pilot 3 (2, 3, 4: mean 3): two days suffice for a variance
    prep = ab.prepare(_days({1: [4.0, 6.0]}, [2.0, 3.0, 4.0]))
    out = ab.monthly_contrasts(prep, alpha=0.05)
    assert out[["month", "n", "mean", "drop"]].values.tolist() == [[1, 2, 5.0, 2.0]]
    ref = pairwise_tukeyhsd([4.0, 6.0, 2.0, 3.0, 4.0], ["m"] * 2 + ["p"] * 3, alpha=0.05)
    assert (out["low"][0], out["high"][0]) == pytest.approx(sorted(-np.asarray(ref.confint[0])), rel=1e-9)
    # a pilot of exactly 2 days too
    two = ab.prepare(_days({1: [4.0, 6.0, 5.0]}, [2.0, 4.0]))
    assert ab.monthly_contrasts(two, 0.05)[["month", "n", "mean", "drop"]].values.tolist() == [[1, 3, 5.0, 2.0]]


def test_no_monthly_groups_when_the_pilot_has_one_day():
    # two current months of 3 days each but a pilot of 1 day: nothing to compare against the pilot
    prep = ab.prepare(_days({1: [4.0, 6.0, 5.0], 2: [5.0, 7.0, 6.0]}, [2.0]))
    assert ab.monthly_groups(prep) is None
    assert ab.monthly_contrasts(prep, 0.05).empty


def test_pooled_proportions_at_90_percent_are_90_percent_wilson():
    data = pd.DataFrame({"group": ["a", "a", "b"], "offered": [100.0, 300.0, 50.0],
                         "abandoned": [10.0, 10.0, 5.0], "abandon_pct": [10.0, 10.0 / 3, 10.0]})
    out = ab.pooled_proportions(data, alpha=0.10)
    for g, x, n in (("a", 20, 400), ("b", 5, 50)):
        lo, hi = proportion_confint(x, n, alpha=0.10, method="wilson")
        assert (out.loc[g, "low"], out.loc[g, "high"]) == pytest.approx((100 * lo, 100 * hi), rel=1e-9)


def test_dates_without_model_need_the_change_date_and_a_change_date_needs_dates():
    dated = pd.DataFrame({"date": ["2025-11-03", "2025-11-04", "2025-12-01"], "abandon_pct": [4.0, 5.0, 2.0]})
    with pytest.raises(ValueError, match="abandonment.no_model"):
        ab.prepare(dated)
    undated = pd.DataFrame({"day": [1, 2, 3], "abandon_pct": [4.0, 5.0, 2.0]})
    with pytest.raises(ValueError, match="abandonment.no_model"):
        ab.prepare(undated, change_date="2025-12-01")


def test_an_unreadable_date_has_no_model_even_with_month_and_day_columns():
    # "31/02/2025" is no date: with month and day typed in their own columns the row still has no model
    df = pd.DataFrame({"date": ["2025-11-03", "31/02/2025", "2025-11-05", "2025-12-01", "2025-12-02"],
                       "month": [1, 1, 1, 1, 1], "day": [3, 4, 5, 1, 2], "abandon_pct": [4.0, 9.0, 5.0, 2.0, 3.0]})
    prep = ab.prepare(df, change_date="2025-12-01")
    assert prep.excluded[["row", "reason"]].values.tolist() == [[2, "missing"]]
    assert prep.daily["model"].tolist() == ["current", "current", "proposed", "proposed"]


def test_printed_totals_keep_the_months_the_table_does_not_print():
    # the printed table has a TOTAL only for the current month: the pilot row is still listed, without one
    prep = ab.prepare(_days({1: [4.0, 6.0, 5.0]}, [2.0, 3.0, 4.0]))
    totals = pd.DataFrame({"account": [1], "model": ["actual"], "month": [1], "total_abandon_pct": [5.1]})
    out = ab.printed_totals_check(prep, totals, pilot=[])
    assert out["model"].tolist() == ["current", "proposed"]
    assert out["mean_daily_pct"].tolist() == [5.0, 3.0]
    assert out["total_printed_pct"].iloc[0] == 5.1 and np.isnan(out["total_printed_pct"].iloc[1])


def test_thesis_comparison_goes_on_past_an_account_without_a_contrast():
    # account 1 has only current days (one group) and then only current + "Turno B" (no pilot); account 2
    # has both models: its rows (93.4 % and 90 %) are still given, after the two "both" rows
    acc2 = _days({1: [4.0, 6.0, 5.0]}, [2.0, 3.0, 4.0], account=2)
    only_current = pd.DataFrame({"account": 1, "model": "actual", "month": 1, "day": [1, 2, 3],
                                 "abandon_pct": [5.0, 6.0, 7.0]})
    other = only_current.assign(model="Turno B", abandon_pct=[8.0, 9.0, 8.5])
    for acc1 in (only_current, pd.concat([only_current, other])):
        comp = ab.thesis_comparison(ab.prepare(pd.concat([acc1, acc2], ignore_index=True)))
        assert [(s, round(c, 3)) for s, c in zip(comp["scope"], comp["confidence"])] == [
            ("both", 0.934), ("both", 0.95), ("account_2", 0.934), ("account_2", 0.9)]
        a2 = comp[comp["scope"] == "account_2"]
        assert a2["drop"].tolist() == [2.0, 2.0]  # (4 + 6 + 5) / 3 - (2 + 3 + 4) / 3
