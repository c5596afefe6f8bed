"""core.stats against statsmodels, scipy and pingouin (independent implementations)."""
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats as sps
from statsmodels.formula.api import ols
from statsmodels.stats.anova import anova_lm
from statsmodels.stats.multicomp import pairwise_tukeyhsd
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from core import stats

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "abandonment_daily.csv"


@pytest.fixture(scope="module")
def daily():
    d = pd.read_csv(SAMPLE)
    d["cell"] = d["model"] + "-" + d["account"].astype(str)
    return d


@pytest.fixture(scope="module")
def unbalanced():
    """Three groups of different sizes and spreads (fixed seed)."""
    rng = np.random.default_rng(8)
    parts = [("b", rng.normal(10, 1, 7)), ("a", rng.normal(12, 3, 15)), ("c", rng.normal(11, 6, 30))]
    return pd.DataFrame([(g, v) for g, xs in parts for v in xs], columns=["g", "y"])


@pytest.mark.parametrize("alpha", [0.066, 0.05, 0.10])
@pytest.mark.parametrize("group", ["model", "cell"])
def test_tukey_kramer_matches_statsmodels(daily, group, alpha):
    ours = stats.tukey_kramer(daily, "abandon_pct", group, alpha)
    ref = pairwise_tukeyhsd(daily["abandon_pct"], daily[group], alpha=alpha)
    assert list(ours.columns) == stats.PAIR_COLUMNS
    assert list(ours.group1) == list(ref.groupsunique[ref._multicomp.pairindices[0]])
    assert list(ours.group2) == list(ref.groupsunique[ref._multicomp.pairindices[1]])
    np.testing.assert_allclose(ours.meandiff, ref.meandiffs, atol=1e-9)
    np.testing.assert_allclose(ours.lower, ref.confint[:, 0], atol=1e-6)
    np.testing.assert_allclose(ours.upper, ref.confint[:, 1], atol=1e-6)
    np.testing.assert_allclose(ours.p_adj, ref.pvalues, atol=1e-6)
    assert list(ours.reject) == list(ref.reject)


def test_tukey_kramer_matches_pingouin_on_unbalanced_groups(unbalanced):
    ours = stats.tukey_kramer(unbalanced, "y", "g")
    ref = pg.pairwise_tukey(unbalanced, dv="y", between="g")
    assert list(ours.group1) == list(ref.A) and list(ours.group2) == list(ref.B)
    # pingouin's diff is mean(A) - mean(B); the contract's is mean(group2) - mean(group1)
    np.testing.assert_allclose(ours.meandiff, -ref["diff"], atol=1e-9)
    np.testing.assert_allclose(ours.p_adj, ref["p_tukey"], atol=1e-6)
    # interval half-width = q_crit * se, with pingouin's se
    q = sps.studentized_range.ppf(0.95, 3, len(unbalanced) - 3) / np.sqrt(2)
    np.testing.assert_allclose(ours.upper - ours.meandiff, q * ref["se"], atol=1e-6)


def test_sample_current_vs_proposed_at_thesis_confidence(daily):
    # Both accounts pooled: 184 current days, 58 pilot days (sample README).
    row = stats.tukey_kramer(daily, "abandon_pct", "model", alpha=1 - 0.934).iloc[0]
    assert (row.group1, row.group2) == ("current", "proposed")
    assert row.meandiff == pytest.approx(2.5637931 - 4.0918478, abs=1e-6)
    assert (row.lower, row.upper) == pytest.approx((-2.514125, -0.541985), abs=1e-5)
    assert row.p_adj == pytest.approx(0.0045821, abs=1e-6)
    assert bool(row.reject)


def test_games_howell_matches_pingouin(daily, unbalanced):
    for data, dv, between in [(daily, "abandon_pct", "cell"), (unbalanced, "y", "g")]:
        ours = stats.games_howell(data, dv, between)
        ref = pg.pairwise_gameshowell(data, dv=dv, between=between)
        np.testing.assert_allclose(ours.meandiff, -ref["diff"], atol=1e-9)
        np.testing.assert_allclose(ours.p_adj, ref["pval"], atol=1e-6)
        if data is daily:
            continue  # the interval check below costs one numerical quantile per pair
        k = data[between].nunique()
        q = sps.studentized_range.ppf(0.95, k, ref["df"]) / np.sqrt(2)
        np.testing.assert_allclose(ours.upper - ours.meandiff, q * ref["se"], atol=1e-6)


def test_games_howell_two_groups_equals_welch_t_interval(unbalanced):
    # With k = 2, q/sqrt(2) is Student's t, so Games-Howell is Welch's t-test and its interval.
    two = unbalanced[unbalanced.g.isin(["a", "c"])]
    ours = stats.games_howell(two, "y", "g", alpha=0.1).iloc[0]
    a, c = two[two.g == "a"].y, two[two.g == "c"].y
    welch = sps.ttest_ind(c, a, equal_var=False)
    ci = welch.confidence_interval(0.90)
    assert ours.p_adj == pytest.approx(welch.pvalue, abs=1e-6)
    assert (ours.lower, ours.upper) == pytest.approx((ci.low, ci.high), abs=1e-6)


def test_anova_table_matches_statsmodels_and_scipy(daily):
    ours = stats.anova_table(daily, "abandon_pct", "cell")
    ref = anova_lm(ols("abandon_pct ~ C(cell)", data=daily).fit())
    assert ours.loc["between", "ss"] == pytest.approx(ref.loc["C(cell)", "sum_sq"], rel=1e-9)
    assert ours.loc["within", "ss"] == pytest.approx(ref.loc["Residual", "sum_sq"], rel=1e-9)
    assert ours.loc["between", "df"] == 3 and ours.loc["within", "df"] == 238
    assert ours.loc["total", "df"] == 241
    f, p = sps.f_oneway(*[g.abandon_pct for _, g in daily.groupby("cell")])
    assert ours.loc["between", "f"] == pytest.approx(f, rel=1e-9)
    assert ours.loc["between", "p"] == pytest.approx(p, abs=1e-9)
    assert ours.loc["between", "f"] == pytest.approx(2.721461, abs=1e-6)  # value printed by pingouin


def test_effect_sizes_against_pingouin_and_definition(daily):
    anova = stats.anova_table(daily, "abandon_pct", "cell")
    eff = stats.effect_sizes(anova)
    ref = pg.anova(daily, dv="abandon_pct", between="cell", effsize="n2", detailed=True)
    assert eff.eta_sq == pytest.approx(ref.loc[0, "n2"], rel=1e-9)
    # omega² by hand: (SSb - dfb * MSw) / (SSt + MSw) = (103.48248 - 3*12.674868) / (3120.10116 + 12.674868)
    assert eff.omega_sq == pytest.approx((103.482480 - 3 * 12.674868) / (3120.101157 + 12.674868), abs=1e-6)


def test_welch_anova_matches_pingouin(daily, unbalanced):
    for data, dv, between in [(daily, "abandon_pct", "cell"), (unbalanced, "y", "g")]:
        ours = stats.welch_anova(data, dv, between)
        ref = pg.welch_anova(data, dv=dv, between=between).iloc[0]
        assert ours.statistic == pytest.approx(ref["F"], rel=1e-9)
        assert ours.df2 == pytest.approx(ref["ddof2"], rel=1e-9)
        assert ours.p == pytest.approx(ref["p_unc"], abs=1e-9)


def test_levene_shapiro_kruskal_match_pingouin(daily):
    lev = stats.levene(daily, "abandon_pct", "cell")
    ref = pg.homoscedasticity(daily, dv="abandon_pct", group="cell")
    assert lev.statistic == pytest.approx(ref.loc["levene", "W"], rel=1e-9)
    assert lev.p == pytest.approx(ref.loc["levene", "pval"], abs=1e-9)
    sw = stats.shapiro_by_group(daily, "abandon_pct", "cell")
    ref = pg.normality(daily, dv="abandon_pct", group="cell")
    np.testing.assert_allclose(sw.loc[ref.index, "w"], ref["W"], rtol=1e-9)
    np.testing.assert_allclose(sw.loc[ref.index, "p"], ref["pval"], atol=1e-12)
    kw = stats.kruskal(daily, "abandon_pct", "cell")
    ref = pg.kruskal(daily, dv="abandon_pct", between="cell").iloc[0]
    assert kw.statistic == pytest.approx(ref["H"], rel=1e-9)
    assert kw.p == pytest.approx(ref["p_unc"], abs=1e-12)
    assert stats.epsilon_squared(kw.statistic, 242) == pytest.approx(ref["H"] / 241, rel=1e-12)


def test_one_way_chooses_games_howell_when_levene_rejects(unbalanced):
    res = stats.one_way(unbalanced, "y", "g", alpha=0.05)
    assert res.levene.p < stats.ASSUMPTION_ALPHA  # sds 1, 3, 6 are clearly unequal
    assert res.method == "games_howell" and not res.equal_variances
    pd.testing.assert_frame_equal(res.pairs, stats.games_howell(unbalanced, "y", "g", 0.05))


def test_one_way_keeps_tukey_for_the_sample(daily):
    res = stats.one_way(daily, "abandon_pct", "model", alpha=0.066)
    assert res.levene.p == pytest.approx(0.192636, abs=1e-6)
    assert res.method == "tukey"
    assert res.describe.loc["current", "n"] == 184 and res.describe.loc["proposed", "n"] == 58


def test_describe_interval_is_the_t_interval(unbalanced):
    desc = stats.describe_groups(unbalanced, "y", "g", alpha=0.05)
    a = unbalanced[unbalanced.g == "a"].y
    ci = sps.ttest_1samp(a, 0).confidence_interval(0.95)
    assert (desc.loc["a", "mean_low"], desc.loc["a", "mean_high"]) == pytest.approx((ci.low, ci.high))


def test_compact_letter_display():
    # a > b > c > d; only a-c, a-d and b-d differ -> a: "a", b: "ab", c: "bc", d: "c"
    means = pd.Series({"a": 4.0, "b": 3.0, "c": 2.0, "d": 1.0})
    pairs = pd.DataFrame([(x, y, frozenset((x, y)) in {frozenset("ac"), frozenset("ad"), frozenset("bd")})
                          for x, y in [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")]],
                         columns=["group1", "group2", "reject"])
    letters = stats.compact_letter_display(pairs, means)
    assert letters.to_dict() == {"a": "a", "b": "ab", "c": "bc", "d": "c"}
    none = pairs.assign(reject=False)
    assert set(stats.compact_letter_display(none, means)) == {"a"}


def test_two_proportions_matches_statsmodels():
    # Table 29 pilot counts: account 1 280 of 9183 offered, account 2 241 of 7122.
    res = stats.two_proportions(280, 9183, 241, 7122, alpha=0.05)
    z, p = proportions_ztest([241, 280], [7122, 9183])
    assert res.z == pytest.approx(z, rel=1e-9) and res.p == pytest.approx(p, rel=1e-9)
    low, high = confint_proportions_2indep(241, 7122, 280, 9183, method="wald", compare="diff")
    assert (res.low, res.high) == pytest.approx((low, high), abs=1e-12)
    assert res.diff == pytest.approx(241 / 7122 - 280 / 9183)
    chi = stats.proportions_chi2([280, 241], [9183, 7122])
    assert chi.statistic == pytest.approx(z**2, rel=1e-9)


def test_bad_input_raises_clear_errors():
    one = pd.DataFrame({"g": ["a", "a", "a"], "y": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="at least 2 groups"):
        stats.tukey_kramer(one, "y", "g")
    tiny = pd.DataFrame({"g": ["a", "a", "b"], "y": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="fewer than 2"):
        stats.one_way(tiny, "y", "g")
    with pytest.raises(ValueError, match="alpha"):
        stats.tukey_kramer(pd.DataFrame({"g": list("aabb"), "y": [1.0, 2, 3, 4]}), "y", "g", alpha=1.5)
    with pytest.raises(KeyError):
        stats.anova_table(one, "nope", "g")
