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


# ----------------------------------------------------------------------------- sampled run (seed 20)

def _df(groups: dict) -> pd.DataFrame:
    return pd.DataFrame({"v": [x for xs in groups.values() for x in xs],
                         "g": [g for g, xs in groups.items() for _ in xs]})


def test_wilson_interval_against_statsmodels():
    from statsmodels.stats.proportion import proportion_confint
    for x, n, conf in ((7, 46, 0.95), (0, 120, 0.95), (120, 120, 0.90), (3, 10, 0.99)):
        low, high = stats.wilson_interval(x, n, conf)
        ref = proportion_confint(x, n, alpha=1 - conf, method="wilson")
        assert (float(low), float(high)) == pytest.approx(ref, abs=1e-12)
    # 0 of 120 by hand: upper = z^2 / (n + z^2) = 3.8415 / 123.8415 = 0.031019
    assert float(stats.wilson_interval(0, 120)[1]) == pytest.approx(1.959964**2 / (120 + 1.959964**2), rel=1e-6)


def test_nps_variance_by_hand():
    # p + d - (p - d)^2 = 0.5 + 0.3 - 0.04 = 0.76
    assert float(stats.nps_variance(0.5, 0.3)) == pytest.approx(0.76, rel=1e-12)


def test_pairs_only_those_that_involve_the_chosen_group():
    df = _df({"A": [1.0, 2.0, 3.0], "B": [2.0, 3.0, 4.5], "C": [5.0, 6.0, 8.0]})
    for table in (stats.tukey_kramer(df, "v", "g", only={"B"}), stats.games_howell(df, "v", "g", only={"B"})):
        assert [(r.group1, r.group2) for r in table.itertuples()] == [("A", "B"), ("B", "C")]
        assert table["reject"].dtype == bool


def test_too_small_group_is_named():
    with pytest.raises(ValueError, match=r"\['C'\]"):
        stats.welch_anova(_df({"A": [1.0, 2.0], "B": [3.0, 5.0], "C": [4.0]}), "v", "g")


def test_omega_and_eta_on_a_small_scale_by_hand():
    # A = .1 .2 .3, B = .4 .5 .6: SS_b = 2 x 3 x 0.15^2 = 0.135, SS_w = 2 x 0.02 = 0.04,
    # SS_t = 0.175, MS_w = 0.04 / 4 = 0.01: eta^2 = 0.135 / 0.175, omega^2 = 0.125 / 0.185
    anova = stats.anova_table(_df({"A": [0.1, 0.2, 0.3], "B": [0.4, 0.5, 0.6]}), "v", "g")
    e = stats.effect_sizes(anova)
    assert e.eta_sq == pytest.approx(0.135 / 0.175, rel=1e-9)
    assert e.omega_sq == pytest.approx(0.125 / 0.185, rel=1e-9)


def test_epsilon_squared_edges():
    assert stats.epsilon_squared(1.0, 2) == 1.0  # H / (N - 1) = 1 / 1
    assert np.isnan(stats.epsilon_squared(3.0, 1))


def test_games_howell_with_unit_variance_sum_is_welch_t():
    # A = 0, 2: var 2, /2 = 1; B = 5, 5: var 0. For two groups Games-Howell is Welch's t test:
    # t = 4 / sqrt(1 + 0) = 4, df = 1, p = 0.156 (scipy), interval 4 -/+ t(0.975; 1) x 1.
    df = _df({"A": [0.0, 2.0], "B": [5.0, 5.0]})
    row = stats.games_howell(df, "v", "g").iloc[0]
    ref = sps.ttest_ind([0.0, 2.0], [5.0, 5.0], equal_var=False)
    assert row["meandiff"] == 4.0
    assert row["p_adj"] == pytest.approx(ref.pvalue, rel=1e-6)
    assert row["lower"] == pytest.approx(4 - sps.t.ppf(0.975, 1), rel=1e-6)


def test_degenerate_tests_return_nan_fields():
    const = _df({"A": [3.0, 3.0], "B": [3.0, 3.0, 3.0]})
    kw = stats.kruskal(const, "v", "g")
    assert kw.df1 == 1.0 and np.isnan(kw.statistic) and np.isnan(kw.df2) and np.isnan(kw.p)
    w = stats.welch_anova(_df({"A": [3.0, 3.0], "B": [1.0, 2.0, 4.0]}), "v", "g")
    assert w.df1 == 1 and all(np.isnan(x) for x in (w.statistic, w.df2, w.p))
    chi = stats.proportions_chi2([0, 0], [10, 10])  # nobody abandoned: no test
    assert chi.df1 == 1.0 and all(np.isnan(x) for x in (chi.statistic, chi.df2, chi.p))


def test_levene_accepts_groups_of_two_like_scipy():
    a, b = [1.0, 2.0], [3.0, 7.0, 4.0]  # a group of two (its deviations are equal)
    r = stats.levene(_df({"A": a, "B": b}), "v", "g")
    assert r.p == pytest.approx(sps.levene(a, b, center="median").pvalue, rel=1e-9)


def test_one_way_reports_welch_anova_as_welch_t_squared():
    a, b = [10.0, 12.0, 11.0, 13.0], [14.0, 19.0, 16.0, 20.0, 15.0]
    r = stats.one_way(_df({"A": a, "B": b}), "v", "g")
    ref = sps.ttest_ind(a, b, equal_var=False)  # two groups: Welch F = t^2, same p
    assert r.welch.statistic == pytest.approx(ref.statistic**2, rel=1e-9)
    assert r.welch.p == pytest.approx(ref.pvalue, rel=1e-9)


def test_two_proportions_rejects_empty_group():
    with pytest.raises(ValueError):
        stats.two_proportions(0, 0, 1, 2)


def test_describe_groups_a_group_of_one_has_no_spread_and_raises_no_warning():
    # one observation: sd, se and the interval are undefined (NaN), mean/median/min/max the value
    # itself; and quietly: numpy's std with ddof=1 of one value would warn "Degrees of freedom <= 0"
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = stats.describe_groups(_frame(A, [7.5]), "v", "g").loc["despues"]
    assert d["n"] == 1 and (d["mean"], d["median"], d["min"], d["max"]) == (7.5, 7.5, 7.5, 7.5)
    assert np.isnan(d["sd"]) and np.isnan(d["se"]) and np.isnan(d["mean_low"]) and np.isnan(d["mean_high"])


# ----------------------------------------------------------------------------- sampled run (seed 21)

def test_missing_group_column_is_named():
    with pytest.raises(KeyError, match=r"column\(s\) not in data: \['sede'\]"):
        stats.describe_groups(pd.DataFrame({"v": [1.0, 2.0]}), "v", "sede")


def test_anova_with_a_single_observation_group_and_one_residual_degree_of_freedom():
    # A = [1, 2], B = [3]: grand mean 2; SSB = 2 (1.5 - 2)^2 + (3 - 2)^2 = 1.5 on 1 df,
    # SSW = 0.25 + 0.25 = 0.5 on n - k = 1 df: F = 3 (scipy's f_oneway agrees)
    df = pd.DataFrame({"v": [1.0, 2.0, 3.0], "g": ["a", "a", "b"]})
    t = stats.anova_table(df, "v", "g")
    f = t.loc["between", "f"]
    assert (t.loc["between", "ss"], t.loc["within", "ss"], t.loc["within", "df"]) == pytest.approx((1.5, 0.5, 1))
    assert f == pytest.approx(3.0, rel=1e-12)
    assert f == pytest.approx(sps.f_oneway([1.0, 2.0], [3.0]).statistic, rel=1e-12)


def test_kruskal_with_a_single_observation_group_against_scipy():
    df = pd.DataFrame({"v": [1.0, 2.0, 4.0, 3.0], "g": ["a", "a", "a", "b"]})
    r = stats.kruskal(df, "v", "g")
    ref = sps.kruskal([1.0, 2.0, 4.0], [3.0])
    assert (r.statistic, r.p) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-12)
    assert r.df1 == 1.0  # k - 1


def test_welch_anova_degrees_of_freedom_and_one_way_letters():
    # three groups of three: a ~ c around 11-12, b around 31. Welch's df1 = k - 1 = 2; the letters put
    # b alone ("a", the largest mean first) and a with c ("b")
    df = pd.DataFrame({"v": [10, 11, 12, 30, 31, 32, 10.5, 11.5, 12.5], "g": list("aaabbbccc")})
    assert stats.welch_anova(df, "v", "g").df1 == 2.0
    assert stats.one_way(df, "v", "g").letters.to_dict() == {"b": "a", "c": "b", "a": "b"}


def test_pairs_of_constant_groups_are_exact():
    # no spread at all: a = b = 5 exactly (p = 1, not rejected), c = 7 differs by exactly 2 (p = 0)
    t = stats.tukey_kramer(pd.DataFrame({"v": [5, 5, 5, 5, 7, 7], "g": list("aabbcc")}), "v", "g")
    assert t[["meandiff", "lower", "upper", "p_adj"]].to_numpy().tolist() == [[0, 0, 0, 1], [2, 2, 2, 0], [2, 2, 2, 0]]
    assert t["reject"].tolist() == [False, True, True]


def test_negative_abandoned_count_gives_no_chi_square():
    r = stats.proportions_chi2([-1, 2], [10, 10])
    assert np.isnan(r.statistic) and np.isnan(r.p) and r.df1 == 1.0


def test_signed_rank_test_is_scipys_wilcoxon_in_every_regime_and_fast():
    """Reference: scipy.stats.wilcoxon(zero_method="wilcox"), which picks exact / permutation over
    every sign pattern / normal approximation; the permutation case is enumerated by the project."""
    import time

    rng = np.random.default_rng(15)
    cases = []
    for n in (2, 5, 13, 14, 20, 51):            # scipy's permutation reference costs ~1 s a case
        for _ in range(2):
            cases.append((rng.integers(1, 8, n).astype(float), rng.integers(1, 8, n).astype(float)))
    cases.append((np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 1.0, 1.0, 1.0])))   # one zero
    cases.append((np.array([1.5, 2.25, 3.0, 7.0, 5.5]), np.array([1.0, 1.0, 1.0, 1.0, 1.0])))   # exact
    start = time.process_time()
    mine = [stats.signed_rank_test(x, y) for x, y in cases]
    spent = time.process_time() - start
    for (x, y), res in zip(cases, mine):
        if np.all(x == y):
            continue
        ref = sps.wilcoxon(x, y, zero_method="wilcox")
        assert res.statistic == pytest.approx(float(ref.statistic), abs=1e-12)
        assert res.p == pytest.approx(float(ref.pvalue), rel=1e-12)
    # By hand: d = 0, 1, 2, 3 -> ranks 1, 2, 3 all positive; 2^4 sign patterns of which R+ <= 6
    # always and R+ >= 6 only when all three non-zero signs are +: 2 of 16 -> p = 2 * 2/16 = 0.25.
    assert mine[-2].p == pytest.approx(0.25)
    assert spent < 1.0          # scipy's permutation_test took ~1.3 s per call with n ≤ 13 and ties


# ----------------------------------------------------------------------------- sampled run (seed 22)
# mutmut runs the mutants in processes forked after the clean test run, so the lru_caches of the
# studentized range (_s_nodes, _q_crit, _q_sf) already hold every value the older tests ask for and a
# mutant of the node builders is never executed: these tests empty the caches first.

# P(Q(k, df) <= q) by scipy 1.17.1's adaptive integration: float(sps.studentized_range.cdf(q, k, df))
SRANGE_CDF_SCIPY = [(1.5, 3, 1000.0, 0.4611981801447804), (3.0, 4, 5e4, 0.8537140663004675),
                    (3.5, 3, 10.0, 0.9228966891615896), (4.5, 50, 5.0, 0.42886288900768843)]


def test_studentized_range_cdf_from_fresh_nodes_matches_scipy():
    # large df (1000, 50,000: the density of s is narrow, its lower cut found by Newton's method),
    # small df and many groups, each computed from an empty node cache
    for q, k, df, expected in SRANGE_CDF_SCIPY:
        stats._s_nodes.cache_clear()
        assert stats.studentized_range_cdf(q, k, df) == pytest.approx(expected, abs=2e-10)


def test_composite_gauss_legendre_rule_is_exact_for_a_quintic():
    # 4 nodes per panel integrate polynomials up to degree 7 exactly: ∫_1^2 x^5 dx = (64 - 1) / 6 = 10.5
    x, w = stats._gauss_legendre(1.0, 2.0, 3, 4)
    assert len(x) == len(w) == 12 and 1.0 < x.min() < x.max() < 2.0
    assert w.sum() == pytest.approx(1.0, rel=1e-14)
    assert (w * x**5).sum() == pytest.approx(10.5, rel=1e-14)


def test_anova_with_no_spread_inside_the_groups_is_infinitely_significant():
    # a = 1, 1 and b = 3, 3, 3: SS_within = 0, SS_between = 2·(1 − 2.2)² + 3·(3 − 2.2)² = 4.8 on 1 df:
    # F = 4.8 / 0 = inf and p = 0 (scipy's f_oneway gives the same inf and 0)
    t = stats.anova_table(pd.DataFrame({"v": [1.0, 1.0, 3.0, 3.0, 3.0], "g": list("aabbb")}), "v", "g")
    assert t.loc["between", "ss"] == pytest.approx(4.8, rel=1e-12) and t.loc["within", "ss"] == 0.0
    assert t.loc["between", "f"] == np.inf and t.loc["between", "p"] == 0.0


def test_anova_of_identical_values_everywhere_is_no_test_not_a_difference():
    # every value 0 (every day 0 % abandonment): SS_between = SS_within = 0, F = 0/0. scipy's
    # f_oneway([0, 0, 0], [0, 0, 0]) gives F = NaN, p = NaN; F = inf and p = 0 would read "the groups
    # differ" (core.views.abandonment's anova_rejects) while Tukey says p = 1.
    ref = sps.f_oneway([0.0, 0.0, 0.0], [0.0, 0.0, 0.0])
    assert np.isnan(ref.statistic) and np.isnan(ref.pvalue)
    t = stats.anova_table(pd.DataFrame({"v": [0.0] * 6, "g": list("aaabbb")}), "v", "g")
    assert t.loc["between", "ss"] == 0.0 and t.loc["within", "ss"] == 0.0
    assert np.isnan(t.loc["between", "f"]) and np.isnan(t.loc["between", "p"])
    assert not t.loc["between", "p"] < 0.05


def test_one_way_reports_the_anova_table():
    a, b, c = [10.0, 12.0, 11.0, 13.0], [14.0, 19.0, 16.0, 20.0, 15.0], [11.0, 9.0, 12.5]
    r = stats.one_way(_df({"A": a, "B": b, "C": c}), "v", "g")
    ref = sps.f_oneway(a, b, c)
    assert r.anova.loc["between", "f"] == pytest.approx(ref.statistic, rel=1e-12)
    assert r.anova.loc["between", "p"] == pytest.approx(ref.pvalue, rel=1e-9)
    assert list(r.anova["df"]) == [2, 9, 11]


def test_a_pair_is_rejected_only_below_alpha_not_at_it():
    # two groups: Tukey–Kramer is the pooled t test (scipy's ttest_ind p). reject = p_adj < alpha, strictly,
    # as statsmodels' pairwise_tukeyhsd (reject = q > q_crit): at alpha equal to p_adj it is not rejected
    a, b = [10.0, 12.0, 11.0, 13.0], [14.0, 19.0, 16.0, 20.0, 15.0]
    df = _df({"A": a, "B": b})
    p = stats.tukey_kramer(df, "v", "g").iloc[0]["p_adj"]
    assert p == pytest.approx(sps.ttest_ind(a, b).pvalue, rel=1e-9)
    at = stats.tukey_kramer(df, "v", "g", alpha=p).iloc[0]
    assert at["p_adj"] == p and not at["reject"]
    assert stats.tukey_kramer(df, "v", "g", alpha=float(np.nextafter(p, 1.0))).iloc[0]["reject"]


def test_a_yes_no_value_column_is_read_as_0_and_1():
    # a boolean column (pandas keeps it bool through to_numeric): Kruskal–Wallis on 1/0, as scipy
    df = pd.DataFrame({"v": [True, False, True, True, False, False, True, False], "g": list("aaaabbbb")})
    r = stats.kruskal(df, "v", "g")
    ref = sps.kruskal([1, 0, 1, 1], [0, 0, 1, 0])
    assert (r.statistic, r.p) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-12)


def test_levene_of_constant_groups_is_blank_without_warnings():
    # every deviation from the group median is 0: W = 0 / 0, undefined (scipy: nan), and no RuntimeWarning
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = stats.levene(_df({"A": [1.0, 1.0], "B": [2.0, 2.0, 2.0]}), "v", "g")
    assert np.isnan(r.statistic) and np.isnan(r.p) and (r.df1, r.df2) == (1.0, 3.0)


def test_signed_rank_test_without_ties_or_zeros_has_blank_degrees_of_freedom():
    # d = 0.5, 1.25, 2, 6, 4.5: no ties, no zeros -> scipy's exact test (p = 2/32 = 0.0625), df1 = df2 = NaN
    r = stats.signed_rank_test([1.5, 2.25, 3.0, 7.0, 5.5], [1.0, 1.0, 1.0, 1.0, 1.0])
    assert (r.statistic, r.p) == (0.0, pytest.approx(0.0625))
    assert np.isnan(r.df1) and np.isnan(r.df2)


def test_signed_rank_test_with_ties_or_zeros_never_calls_scipys_permutation_test(monkeypatch):
    """Speed guard (issue 15): ties without zeros and zeros without ties on n ≤ 13 pairs are enumerated
    here; scipy.stats.wilcoxon would run its permutation test (~0.2–1.3 s of CPU a call)."""
    def refuse(*args, **kwargs):
        raise AssertionError("scipy.stats.wilcoxon called")

    monkeypatch.setattr(stats.sps, "wilcoxon", refuse)
    # d = 2, 3, 3, 5, -2, 8, 5, 5, 3, 3 (ties, no zero): scipy.stats.wilcoxon gives T = 1.5, p = 0.005859375
    r = stats.signed_rank_test([3.0, 5, 5, 8, 2, 9, 7, 7, 4, 6], [1.0, 2, 2, 3, 4, 1, 2, 2, 1, 3])
    assert (r.statistic, r.p) == (1.5, pytest.approx(0.005859375, rel=1e-12))
    # d = 0, 1, 2, 3 (one zero, no tie): by hand p = 2 · 2/16 = 0.25 (see the test above)
    assert stats.signed_rank_test([1.0, 2, 3, 4], [1.0, 1, 1, 1]).p == pytest.approx(0.25)


def test_wilson_interval_of_counts_with_a_blank_is_blank_there():
    # counts read as an object column with a blank cell: the blank gives a blank interval, the rest
    # statsmodels' Wilson interval
    from statsmodels.stats.proportion import proportion_confint
    low, high = stats.wilson_interval(pd.Series([7, None, 0], dtype=object), [46, 50, 120])
    assert np.isnan(low[1]) and np.isnan(high[1])
    for i, (x, n) in ((0, (7, 46)), (2, (0, 120))):
        assert (low[i], high[i]) == pytest.approx(proportion_confint(x, n, method="wilson"), abs=1e-12)


# ----------------------------------------------------------------------------- sampled run (seed 23)

def test_shapiro_runs_from_three_values_and_is_blank_below():
    # Shapiro–Wilk is defined from n = 3 (scipy's shapiro); 2 values or no spread: blank, not an error
    r = stats.shapiro_by_group(_df({"A": [1.0, 2.0, 4.0], "B": [3.0, 5.0], "C": [7.0, 7.0, 7.0]}), "v", "g")
    ref = sps.shapiro([1.0, 2.0, 4.0])
    assert (r.loc["A", "w"], r.loc["A", "p"]) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-12)
    assert r.loc["B", "n"] == 2 and np.isnan(r.loc["B", "w"]) and np.isnan(r.loc["B", "p"])
    assert np.isnan(r.loc["C", "w"]) and np.isnan(r.loc["C", "p"])


def test_tukey_with_one_degree_of_freedom_within_is_the_pooled_t_test():
    # a = 1, 2 and b = 5: N − k = 1. Two groups: Tukey–Kramer p = pooled t test p (scipy ttest_ind):
    # s² = 0.5 / 1, se = sqrt(0.5 (1/2 + 1)) = 0.866, t = 3.5 / 0.866 = 4.04 on 1 df
    a, b = [1.0, 2.0], [5.0]
    row = stats.tukey_kramer(_df({"A": a, "B": b}), "v", "g").iloc[0]
    assert row["p_adj"] == pytest.approx(sps.ttest_ind(a, b).pvalue, rel=1e-7)
    assert row["meandiff"] == pytest.approx(3.5)


def test_proportions_chi2_of_one_group_is_blank():
    # one row: nothing to compare (scipy's chi2_contingency would give chi2 = 0, p = 1 on 0 df)
    r = stats.proportions_chi2([5], [20])
    assert np.isnan(r.statistic) and np.isnan(r.p) and r.df1 == 0.0


def test_proportions_chi2_with_a_group_of_no_abandoned_calls():
    # 0 of 40 and 6 of 60 abandoned: a zero cell is a valid table (statsmodels' proportions_chisquare);
    # by hand pbar = 0.06, E = 2.4, 37.6, 3.6, 56.4: chi2 = 2.4 + 0.1532 + 1.6 + 0.1021 = 4.2553
    from statsmodels.stats.proportion import proportions_chisquare
    ref_chi2, ref_p, _ = proportions_chisquare([0, 6], [40, 60])
    r = stats.proportions_chi2([0, 6], [40, 60])
    assert r.statistic == pytest.approx(ref_chi2, rel=1e-12) and r.statistic == pytest.approx(4.2553, abs=1e-4)
    assert r.p == pytest.approx(ref_p, rel=1e-12) and r.df1 == 1.0
    assert np.isnan(r.df2)   # a number (NaN), as every TestResult's blank degrees of freedom


def test_wilson_interval_of_counts_read_as_an_object_column():
    # offered counts from an object column (spreadsheet text turned into numbers): statsmodels' Wilson
    from statsmodels.stats.proportion import proportion_confint
    low, high = stats.wilson_interval([7, 0], pd.Series([46, 120], dtype=object))
    for i, (x, n) in ((0, (7, 46)), (1, (0, 120))):
        assert (low[i], high[i]) == pytest.approx(proportion_confint(x, n, method="wilson"), abs=1e-12)


# ----------------------------------------------------------------------------- sampled run (seed 24)

def test_games_howell_pairs_of_days_without_spread_are_exact():
    # every day 0 % in the current model and in the pilot's first month, 2 % every day in a second
    # pilot month: no spread in any group, so each difference is known exactly (0 -> p = 1, kept;
    # 2 points -> p = 0, rejected), as tukey_kramer's constant groups; the interval is the point
    df = _df({"actual": [0.0, 0.0, 0.0], "piloto m1": [0.0, 0.0], "piloto m2": [2.0, 2.0, 2.0]})
    t = stats.games_howell(df, "v", "g")
    assert t[["group1", "group2"]].values.tolist() == [
        ["actual", "piloto m1"], ["actual", "piloto m2"], ["piloto m1", "piloto m2"]]
    assert t[["meandiff", "lower", "upper", "p_adj"]].to_numpy().tolist() == [[0, 0, 0, 1], [2, 2, 2, 0], [2, 2, 2, 0]]
    assert t["reject"].tolist() == [False, True, True]


def test_kruskal_blank_second_degrees_of_freedom_is_a_float_nan():
    # abandonment % of two sites; scipy's kruskal gives H and p; df2 is blank as a NaN number (the
    # page formats it with t.num), never None
    a, b = [4.2, 5.1, 3.9, 6.0, 5.5], [2.1, 3.3, 2.8, 4.0]
    r = stats.kruskal(_df({"Sede Norte": a, "Sede Sur": b}), "v", "g")
    ref = sps.kruskal(a, b)
    assert (r.statistic, r.p) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-12)
    assert isinstance(r.df2, float) and np.isnan(r.df2)


def test_levene_of_two_day_groups_with_different_spreads_is_infinite_without_warnings():
    # groups of two days: each day lies |a − b|/2 from its group's median, so the deviations have no
    # spread inside a group (Levene's denominator 0) but differ between groups (1 vs 2 points):
    # W = inf, p = 0 (scipy's levene gives the same, with a division warning that is not the user's)
    import warnings
    with np.errstate(divide="ignore"):
        ref = sps.levene([3.0, 5.0], [1.0, 5.0], center="median")
    assert ref.statistic == np.inf and ref.pvalue == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = stats.levene(_df({"actual": [3.0, 5.0], "piloto": [1.0, 5.0]}), "v", "g")
    assert r.statistic == np.inf and r.p == 0.0 and (r.df1, r.df2) == (1.0, 2.0)


def test_solve_left_returns_the_root_of_its_equation_at_large_degrees_of_freedom():
    # df·(u − e^{2u}/2 + 1/2) + slope·u + const = 0 for u < 0, from scipy's brentq on the same
    # equation written out here; dof 99,999 is the largest not taken as infinite (its root is near 0,
    # where Newton's derivative df·(1 − e^{2u}) + slope is small)
    from scipy.optimize import brentq
    for dof, slope, const in ((99999.0, 0.0, 37.0), (20000.0, 2.0, 50.0), (8.0, 0.0, 37.0)):
        def f(u):
            return dof * (u - np.exp(2 * u) / 2 + 0.5) + slope * u + const
        ref = brentq(f, -60.0, -1e-9, xtol=1e-15, rtol=1e-15)
        assert stats._solve_left(dof, slope, const) == pytest.approx(ref, rel=1e-11, abs=1e-13)


def test_studentized_range_ppf_below_the_median_against_scipy():
    # lower quantiles of Q(k, dof): the bracket [0.999·lo, hi] around the root works for any 0 < p < 1.
    # References: scipy.stats.studentized_range.ppf (scipy 1.17.1; ~0.2 s a call, so written here)
    for p, k, dof, ref in ((0.25, 3, 27.0, 1.027630173866315), (0.10, 4, 20.0, 0.9746927136952065),
                           (0.5, 3, 20.0, 1.6158314866271302)):
        assert stats.studentized_range_ppf(p, k, dof) == pytest.approx(ref, rel=1e-8)


def test_effect_sizes_of_identical_days_are_blank_without_warnings():
    # every day 0 % abandonment in both models: SS_between = SS_total = MS_within = 0, so eta² and
    # omega² are 0/0: blank, quietly (the whole one-way analysis runs without a RuntimeWarning)
    import warnings
    df = _df({"actual": [0.0, 0.0, 0.0, 0.0], "propuesto": [0.0, 0.0, 0.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = stats.effect_sizes(stats.anova_table(df, "v", "g"))
        r = stats.one_way(df, "v", "g")
    assert np.isnan(e.eta_sq) and np.isnan(e.omega_sq)
    assert np.isnan(r.effects.eta_sq) and np.isnan(r.effects.omega_sq)


def test_one_way_result_carries_its_alpha():
    # a 90 % confidence: alpha = 1 − 0.90 = 0.10 is echoed (the page prints it under the pairs)
    a, b = [10.0, 12.0, 11.0, 13.0], [14.0, 19.0, 16.0, 20.0, 15.0]
    assert stats.one_way(_df({"A": a, "B": b}), "v", "g", alpha=0.10).alpha == 0.10


# seed 25
# ----------------------------------------------------------------------------- fresh sample (seed 25)

def test_compact_letters_are_a_series_named_letters():
    # two models that differ: the higher mean gets "a"; the Series is named "letters" (a column
    # when joined to the descriptives)
    pairs = pd.DataFrame({"group1": ["actual"], "group2": ["propuesto"], "reject": [True]})
    out = stats.compact_letter_display(pairs, pd.Series({"actual": 8.2, "propuesto": 5.1}))
    assert out.name == "letters" and out.to_dict() == {"actual": "a", "propuesto": "b"}


def test_one_way_letters_follow_games_howell_when_variances_differ():
    # daily abandonment % of three sites: Norte and Centro steady, Sur very uneven.
    norte = [5.0, 5.4, 4.8, 5.2, 5.1, 4.9, 5.3, 5.0]
    centro = [6.1, 5.8, 6.3, 6.0, 5.9, 6.2, 6.0, 6.1]
    sur = [2.0, 9.5, 4.0, 12.0, 1.5, 8.0, 3.0, 11.0]
    assert sps.levene(norte, centro, sur, center="median").pvalue < 0.05   # 8.0e-9: Games-Howell
    # references (pingouin 0.7.0, written here): Games-Howell p centro-norte 2.3e-7, centro-sur 0.974,
    # norte-sur 0.681 -> only Centro and Norte differ; Tukey (pooled variance, inflated by Sur):
    # p 0.715, 0.962, 0.553 -> none differ, every site would share one letter
    r = stats.one_way(_df({"Norte": norte, "Centro": centro, "Sur": sur}), "v", "g")
    assert r.method == "games_howell"
    gh = r.games_howell.set_index(["group1", "group2"])["p_adj"]
    assert gh[("Centro", "Norte")] == pytest.approx(2.305006e-07, rel=1e-4)
    letters = {g: set(v) for g, v in r.letters.items()}
    assert not letters["Centro"] & letters["Norte"]       # differ: no common letter
    assert letters["Sur"] & letters["Centro"] and letters["Sur"] & letters["Norte"]


def test_chi_square_of_counts_read_as_an_object_column():
    # abandoned / offered calls of two months, from an object column (spreadsheet text turned into
    # numbers): 12 of 400 and 30 of 500. Table [[12, 388], [30, 470]], expected 18.667, 381.333,
    # 23.333, 476.667: chi2 = 6.667^2 (1/18.667 + 1/381.333 + 1/23.333 + 1/476.667) = 4.4955,
    # the square of the pooled z (statsmodels)
    r = stats.proportions_chi2(pd.Series([12, 30], dtype=object), pd.Series([400, 500], dtype=object))
    z, _ = proportions_ztest([12, 30], [400, 500])
    assert r.statistic == pytest.approx(z * z, rel=1e-12) and r.statistic == pytest.approx(4.4955, abs=1e-4)
    assert r.df1 == 1.0 and r.p == pytest.approx(sps.chi2.sf(z * z, 1), rel=1e-12)


def test_signed_rank_p_value_is_one_when_gains_and_losses_balance():
    # four patients' satisfaction before/after (1-5): differences 1, -1, -2, 2 (ties): ranks 1.5, 1.5,
    # 3.5, 3.5, R+ = 1.5 + 3.5 = 5 = R-. Of the 16 sign patterns, 10 give T <= 5 (0, 1.5, 1.5, 3, 3.5,
    # 3.5, 5, 5, 5, 5) and 10 give T >= 5: 2 min(10/16, 10/16) = 1.25, a probability capped at 1
    r = stats.signed_rank_test([3, 4, 2, 5], [2, 5, 4, 3])
    assert r.statistic == 5.0 and r.p == 1.0


def test_wilson_bounds_at_zero_and_all_successes_are_exactly_0_and_1():
    # k = 0: p = 0, centre = half = (z^2 / 2n) / (1 + z^2 / n), so the lower bound is 0 exactly (in
    # floating point the difference is -1.7e-18 at n = 21; it is clipped); k = n: the upper bound is 1
    # (1 + 1e-16 at n = 16 before the clip). 0 abandoned of 21 calls, 16 of 16 answered
    low, high = stats.wilson_interval(0, 21)
    assert low == 0.0 and high == pytest.approx(1.959964**2 / (21 + 1.959964**2), rel=1e-6)
    low, high = stats.wilson_interval(16, 16)
    assert high == 1.0 and low == pytest.approx(16 / (16 + 1.959964**2), rel=1e-6)
