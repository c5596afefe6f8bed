"""Tests that kill mutants of core/stats.py that the module tests let survive (issue 20, docs/MUTATION.md).

Expected values come from scipy/statsmodels (other implementations) or from hand calculations
written out here, never from core.stats itself.
"""
import numpy as np
import pandas as pd
import pytest
import scipy.stats as sps
from statsmodels.stats.proportion import proportions_ztest

from core import stats

A = [10.0, 12.0, 11.0, 13.0, 12.0, 11.0]
# B = 20 + 2.2 (A - 11.5): same shape, 2.2 times the spread -> Levene (median) p = 0.078
B_MILD = [16.7, 21.1, 18.9, 23.3, 21.1, 18.9]
# B = 20 + 3.0 (A - 11.5) -> Levene p = 0.031
B_WIDE = [15.5, 21.5, 18.5, 24.5, 21.5, 18.5]


def _frame(a, b):
    return pd.DataFrame({"v": a + b, "g": ["antes"] * len(a) + ["despues"] * len(b)})


def test_assumption_checks_are_at_5_percent_not_10():
    p = sps.levene(A, B_MILD, center="median").pvalue
    assert 0.05 < p < 0.10  # the reference: unequal spread that 5 % does not reject
    r = stats.one_way(_frame(A, B_MILD), "v", "g", alpha=0.10)  # whatever the comparison's level
    assert r.levene.p == pytest.approx(p, rel=1e-9)
    assert r.equal_variances and r.method == "tukey"


def test_assumption_checks_reject_below_5_percent():
    p = sps.levene(A, B_WIDE, center="median").pvalue
    assert 0.01 < p < 0.05
    r = stats.one_way(_frame(A, B_WIDE), "v", "g", alpha=0.01)
    assert not r.equal_variances and r.method == "games_howell"
    assert stats.ASSUMPTION_ALPHA == 0.05


def test_rows_with_a_missing_value_or_group_are_left_out():
    df = _frame(A, B_MILD)
    dirty = pd.concat([df, pd.DataFrame({"v": [np.nan, 99.0, 50.0], "g": ["antes", None, np.nan]})],
                      ignore_index=True)
    f_ref = sps.f_oneway(A, B_MILD)
    tab = stats.anova_table(dirty, "v", "g")
    assert tab.loc["between", "f"] == pytest.approx(f_ref.statistic, rel=1e-12)
    assert tab.loc["between", "p"] == pytest.approx(f_ref.pvalue, rel=1e-9)
    assert tab.loc["total", "df"] == 11  # 12 complete rows
    d = stats.describe_groups(dirty, "v", "g")
    assert list(d.index) == ["antes", "despues"] and list(d["n"]) == [6, 6]


def test_describe_groups_by_hand():
    # A: mean 11.5, sd = sqrt(5.5 / 5) = 1.0488, se = sd / sqrt(6); t(0.975, 5) = 2.570582
    d = stats.describe_groups(_frame(A, B_MILD), "v", "g").loc["antes"]
    sd = np.sqrt(5.5 / 5)
    assert d["mean"] == 11.5 and d["sd"] == pytest.approx(sd, rel=1e-12)
    assert d["se"] == pytest.approx(sd / np.sqrt(6), rel=1e-12)
    assert d["median"] == 11.5 and d["min"] == 10.0 and d["max"] == 13.0
    assert d["mean_low"] == pytest.approx(11.5 - 2.570582 * sd / np.sqrt(6), rel=1e-6)
    assert d["mean_high"] == pytest.approx(11.5 + 2.570582 * sd / np.sqrt(6), rel=1e-6)


def test_alpha_outside_0_1_is_rejected():
    for alpha in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError):
            stats.describe_groups(_frame(A, B_MILD), "v", "g", alpha=alpha)


def test_two_proportions_orientation_interval_and_test():
    # p1 = 30/200 = 0.15, p2 = 18/220 = 0.0818182; diff = p2 - p1 (the later group minus the earlier)
    r = stats.two_proportions(30, 200, 18, 220)
    diff = 18 / 220 - 30 / 200
    se_wald = np.sqrt(0.15 * 0.85 / 200 + (18 / 220) * (1 - 18 / 220) / 220)
    z_ref, p_ref = proportions_ztest([18, 30], [220, 200])  # statsmodels: pooled z of p2 - p1
    assert (r.p1, r.p2) == (0.15, 18 / 220)
    assert r.diff == pytest.approx(diff, rel=1e-12)
    assert r.low == pytest.approx(diff - 1.959964 * se_wald, rel=1e-6)
    assert r.high == pytest.approx(diff + 1.959964 * se_wald, rel=1e-6)
    assert r.low < r.diff < r.high < 0  # fewer abandoned calls after: the whole interval below 0
    assert r.z == pytest.approx(z_ref, rel=1e-9) and r.p == pytest.approx(p_ref, rel=1e-9)
    r90 = stats.two_proportions(30, 200, 18, 220, alpha=0.10)
    assert r90.high - r90.low == pytest.approx(2 * 1.644854 * se_wald, rel=1e-6)


def test_two_proportions_equal_and_degenerate_cases():
    r = stats.two_proportions(0, 50, 0, 80)  # no abandoned call anywhere: no evidence of a change
    assert (r.diff, r.z, r.p) == (0.0, 0.0, 1.0)
    r = stats.two_proportions(50, 50, 80, 80)  # 100 % abandonment in both is a valid (if bad) case
    assert (r.p1, r.p2, r.p) == (1.0, 1.0, 1.0)
    for bad in ((5, 0, 1, 10), (11, 10, 1, 10), (-1, 10, 1, 10), (1, 10, 11, 10)):
        with pytest.raises(ValueError):
            stats.two_proportions(*bad)


def test_proportions_chi2_against_scipy_by_hand():
    # 2 x 2: chi2 equals the square of the pooled z (statsmodels)
    z_ref, _ = proportions_ztest([18, 30], [220, 200])
    r = stats.proportions_chi2([30, 18], [200, 220])
    assert r.statistic == pytest.approx(z_ref ** 2, rel=1e-9)
    assert r.df1 == 1.0
    assert r.p == pytest.approx(sps.chi2.sf(z_ref ** 2, 1), rel=1e-9)
