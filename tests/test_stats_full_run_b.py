"""Kill tests for the full mutation run of core/stats.py (issue 20, docs/MUTATION.md), part B: the
ANOVA family, descriptives, letters, proportions and one_way (the studentized range and the signed-rank
test are in part A).

Expected values come from hand calculations written out here, exact rational arithmetic, or other
implementations (scipy 1.17.1, statsmodels 0.15.0, pingouin 0.7.0; their numbers written as literals),
never from core.stats itself.
"""
from __future__ import annotations

import dataclasses
import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import scipy.stats as sps

from core import stats


def _df(groups: dict) -> pd.DataFrame:
    return pd.DataFrame({"v": [x for xs in groups.values() for x in xs],
                         "g": [g for g, xs in groups.items() for _ in xs]})


# full run
# ------------------------------------------------------------------ full run (1,461 mutants, 104 survivors; part B: 47)
# Equivalent survivors of part B (what was checked):
# - _anova 47 (`sf(f)` also for F = inf or NaN): scipy's f.sf(inf) is 0.0 and f.sf(nan) is NaN, without
#   a warning, the values the two other branches give.
# - _describe 16, 19 (se computed for n = 1) and 23, 35 (the interval's half width for n = 1): sd is NaN
#   when n = 1 and t.ppf(., 0) is NaN, so se and the interval are NaN either way (no warning: the
#   "group of one" test of tests/test_kill_stats.py runs with warnings as errors); n is never 0.
# - _groups 12 (`errors="raise"` dropped): it is pd.to_numeric's default.
# - _pair_table 59 (`min(p, 2.0)`): _q_sf is 1 − cdf with the cdf clipped to [0, 1], or 2·t.sf(q/√2)
#   with q ≥ 0: never above 1, so either cap is no-op.
# - _welch 12, 14 (the sizes as an integer array): n is only divided by (n / v, x / (n − 1)), true
#   division gives the same floats.
# - compact_letter_display 13, 15 (pairs in set order), 20, 22 (a, b by label), 24 (`or`: a column
#   holding one of the pair is split into itself and a subset the absorption drops), 33 (`c or c not in
#   uniq`: from an antichain of columns the split never makes a duplicate or an empty column): the
#   insert-and-absorb result is the set of maximal groups with no significant pair inside (every such
#   group stays inside some column at each step; each final column has no significant pair), sorted by a
#   total key, whatever the order. Checked on every significance pattern of 2-5 groups (3 orders of the
#   means) and 1,500 random ones of 6 and 7 groups, under two hash seeds: identical letters.
# - nps_variance 1 (`/ 1.0` for `* 1.0`): the same float.
# - one_way 35 (`<=` at Levene's p = 0.05): killed below through a base whose Levene p is 0.05 (the
#   boundary the result's equal_variances states); from data a p of exactly 0.05 does not occur.
# - proportions_chi2 39 (`correction=None`): scipy applies Yates only `if correction and dof == 1`.
# - two_proportions 48, 54 (the pooled test's p without the se0 > 0 guard): se0 = 0 only with z = 0,
#   and 2·norm.sf(0) = 1.0 exactly, the guard's value.
# - wilson_interval 54, 60 (the lower bound's clip at 1 dropped or moved to 2), 62 (the upper bound's clip
#   at 0 dropped): the lower bound is below 1 and the upper above 0 for every real p where the root is
#   real (p = 1 gives n / (n + z²)); scanned 200,000 counts in −0.2 n .. 1.2 n, n 1..5,000 at 8
#   confidences: max lower 0.99999999999999989, min upper 3.3e-16.


def test_anova_of_one_day_per_group_is_refused_by_name():
    # two sites with one day each: 2 observations, 2 groups, no residual degree of freedom. The table
    # cannot be made; the reason is named (not a division by zero)
    with pytest.raises(ValueError, match="more observations than groups"):
        stats.anova_table(_df({"Norte": [5.2], "Sur": [7.9]}), "v", "g")


def test_anova_of_13_constant_digits_matches_exact_rational_arithmetic():
    # NIST SmLs07's style: 13 constant leading digits, the part that varies in the last decimal. The
    # data as stored (doubles) give, in exact rational arithmetic, SS_between = Σ n_i (ȳ_i − ȳ)²; the
    # table must give it to the last bits (centred data), not off by 4·N·g² (g: the centred grand mean,
    # -1.4e-5 here). In decimal: means .4, .6, .3, grand .4333: SS_b = 3 (0.0333² + 0.1667² + 0.1333²) = 0.14
    ys = {"a": [1000000000000.4, 1000000000000.3, 1000000000000.5],
          "b": [1000000000000.6, 1000000000000.7, 1000000000000.5],
          "c": [1000000000000.2, 1000000000000.3, 1000000000000.4]}
    exact = [[Fraction(v) for v in vs] for vs in ys.values()]
    grand = sum(sum(vs) for vs in exact) / 9
    ss_b = float(sum(3 * (sum(vs) / 3 - grand) ** 2 for vs in exact))
    tab = stats.anova_table(_df(ys), "v", "g")
    assert tab.loc["between", "ss"] == pytest.approx(ss_b, rel=1e-12)
    assert tab.loc["between", "ss"] == pytest.approx(0.14, rel=1e-3)


def test_anova_of_steady_days_with_close_means_is_infinitely_significant():
    # abandonment % of two weeks' sampled days without any spread inside a group: 5.0, 5.0 and 5.4, 5.4.
    # SS_between = 4 · 0.2² = 0.16 (below 1), SS_within = 0: the difference is exact, F = inf and p = 0
    tab = stats.anova_table(_df({"antes": [5.0, 5.0], "despues": [5.4, 5.4]}), "v", "g")
    assert tab.loc["within", "ss"] == 0.0
    assert tab.loc["between", "ss"] == pytest.approx(0.16, rel=1e-9)
    assert tab.loc["between", "f"] == np.inf and tab.loc["between", "p"] == 0.0


def test_anova_table_rows_are_labelled_source():
    # the row labels' header (a "source" column when the table is written out, as in statsmodels' anova_lm
    # printed tables): between / within / total
    tab = stats.anova_table(_df({"Norte": [5.0, 6.0, 8.0], "Sur": [7.0, 9.0, 8.0]}), "v", "g")
    out = tab.reset_index()
    assert tab.index.name == "source"
    assert list(out.columns) == ["source", "ss", "df", "ms", "f", "p"]
    assert out["source"].tolist() == ["between", "within", "total"]


def test_describe_a_group_of_two_days_has_sd_se_and_interval():
    # two days, 4.0 and 6.0 % abandonment: sd = sqrt(((4 − 5)² + (6 − 5)²) / 1) = sqrt(2), se = sqrt(2) /
    # sqrt(2) = 1, 95 % interval 5 ± t(0.975, 1) · 1 = 5 ± 12.706205 (t(0.975, 1) = tan(0.475 π))
    d = stats.describe_groups(_df({"antes": [4.0, 6.0], "despues": [3.0, 5.0, 4.0]}), "v", "g").loc["antes"]
    t1 = np.tan(0.475 * np.pi)
    assert t1 == pytest.approx(12.706204736, rel=1e-9)
    assert d["n"] == 2 and d["sd"] == pytest.approx(np.sqrt(2.0), rel=1e-12)
    assert d["se"] == pytest.approx(1.0, rel=1e-12)
    assert d["mean_low"] == pytest.approx(5.0 - t1, rel=1e-9)
    assert d["mean_high"] == pytest.approx(5.0 + t1, rel=1e-9)


def test_levene_centred_on_the_mean_when_asked():
    # waiting minutes at two clinics, A = 10, 12, 17 (mean 13, median 12), B = 20, 22, 24 (22, 22).
    # center="mean": |y − mean| = 3, 1, 4 and 2, 0, 2 -> means 8/3, 4/3, grand 2; SS_b = 3 (2/3)² · 2 = 8/3,
    # SS_w = 42/9 + 24/9 = 22/3, F = (8/3) / ((22/3) / 4) = 16/11.
    # center="median" (the default): 2, 0, 5 and 2, 0, 2 -> means 7/3, 4/3, grand 11/6; SS_b = 3 · 2 · (1/2)²
    # = 3/2, SS_w = 114/9 + 24/9 = 46/3, F = (3/2) / ((46/3) / 4) = 9/23
    df = _df({"A": [10.0, 12.0, 17.0], "B": [20.0, 22.0, 24.0]})
    mean = stats.levene(df, "v", "g", center="mean")
    assert mean.statistic == pytest.approx(16 / 11, rel=1e-12)
    assert (mean.df1, mean.df2) == (1.0, 4.0)
    assert mean.p == pytest.approx(sps.f.sf(16 / 11, 1, 4), rel=1e-12)
    assert stats.levene(df, "v", "g").statistic == pytest.approx(9 / 23, rel=1e-12)


def test_shapiro_of_daily_fractions_with_a_spread_below_one():
    # abandonment as fractions on three days, 0.05, 0.06, 0.08 (range 0.03): for n = 3 the W statistic is
    # (x3 − x1)² / (2 SS) = 0.0009 / (2 · 0.00046667) = 0.964286 and its p is exact:
    # 6/π (asin(sqrt(W)) − asin(sqrt(3/4))) = 0.636887 (Shapiro & Wilk 1965)
    out = stats.shapiro_by_group(_df({"antes": [0.05, 0.06, 0.08], "despues": [0.04, 0.04, 0.07]}), "v", "g")
    x = np.array([0.05, 0.06, 0.08])
    w = (x[2] - x[0]) ** 2 / (2 * ((x - x.mean()) ** 2).sum())
    assert w == pytest.approx(27 / 28, rel=1e-12)          # 0.0009 / (2 · 0.0014 / 3)
    assert out.loc["antes", "w"] == pytest.approx(w, rel=1e-9)
    assert out.loc["antes", "p"] == pytest.approx(6 / np.pi * (np.arcsin(np.sqrt(w)) - np.pi / 3), rel=1e-9)
    # 0.04, 0.04, 0.07: W = 0.0009 / (2 · 0.0006) = 0.75, the smallest W of three values, p = 0
    assert out.loc["despues", "w"] == pytest.approx(0.75, rel=1e-9)


def test_omega_squared_of_equal_means_with_one_residual_degree_of_freedom():
    # a site with one day (5.0) and one with two (4.0, 6.0): equal means, SS_b = 0, SS_w = 2, df_w = 1,
    # MS_w = 2: eta² = 0 / 2 = 0, omega² = (0 − 1 · 2) / (2 + 2) = −0.5 (reported as computed)
    e = stats.effect_sizes(stats.anova_table(_df({"Norte": [5.0], "Sur": [4.0, 6.0]}), "v", "g"))
    assert e.eta_sq == 0.0
    assert e.omega_sq == pytest.approx(-0.5, rel=1e-12)


def test_two_proportions_with_a_single_offered_call():
    # a day with one offered call, answered (0 of 1), against 3 of 40: p1 = 0, p2 = 0.075, diff 0.075;
    # pooled p = 3/41, z = 0.075 / sqrt(3/41 · 38/41 · (1 + 1/40)) = 0.075 / 0.263652 = 0.28447;
    # Wald se = sqrt(0 + 0.075 · 0.925 / 40) = 0.041646, z(0.975) = 1.959963984540054
    r = stats.two_proportions(0, 1, 3, 40)
    z = 0.075 / np.sqrt(3 / 41 * 38 / 41 * (1 + 1 / 40))
    se = np.sqrt(0.075 * 0.925 / 40)
    assert (r.p1, r.p2) == (0.0, 0.075) and r.diff == pytest.approx(0.075, rel=1e-12)
    assert r.z == pytest.approx(z, rel=1e-12)
    assert z == pytest.approx(0.2844662592146544, rel=1e-12)     # statsmodels' proportions_ztest
    assert r.p == pytest.approx(2 * sps.norm.sf(z), rel=1e-12)
    assert r.low == pytest.approx(0.075 - 1.959963984540054 * se, rel=1e-9)
    assert r.high == pytest.approx(0.075 + 1.959963984540054 * se, rel=1e-9)


# daily abandonment % of three sites with the same spread (Levene, median: p = 0.853) but different sizes.
# References: statsmodels 0.15.0 pairwise_tukeyhsd: p Centro-Norte 0.16660587, Centro-Sur 0.02761243,
# Norte-Sur 0.00190852; Centro-Sur interval 0.09354897 .. 1.70645103 -> Sur differs from both.
# pingouin 0.7.0 pairwise_gameshowell: p 0.2285, 0.0666, 0.0138 -> only Norte and Sur differ.
# scipy 1.17.1: kruskal H = 9.000641025641015 (p 0.011105436532972968); shapiro Centro W = 0.9795909356387507,
# Norte and Sur (the same shape) W = 0.986762155211559, p = 0.9671739349728582.
NORTE = [4.2, 5.0, 5.8, 4.6, 5.4]          # mean 5.0
SUR = [5.7, 6.5, 7.3, 6.1, 6.9]            # mean 6.5
CENTRO = [5.0, 6.2, 5.6, 5.2, 6.0, 5.4, 5.8, 5.6, 4.8, 6.4]   # mean 5.6


def _sites():
    return _df({"Norte": NORTE, "Sur": SUR, "Centro": CENTRO})


def test_one_way_with_equal_spreads_uses_tukey_and_its_letters():
    r = stats.one_way(_sites(), "v", "g")
    assert r.method == "tukey" and r.equal_variances
    tk = r.tukey.set_index(["group1", "group2"])
    assert tk["p_adj"].to_dict() == pytest.approx(
        {("Centro", "Norte"): 0.16660587, ("Centro", "Sur"): 0.02761243, ("Norte", "Sur"): 0.00190852}, abs=1e-7)
    assert tk.loc[("Centro", "Sur"), "lower"] == pytest.approx(0.09354897, abs=1e-7)
    assert r.pairs is r.tukey
    # Tukey: Sur differs from Centro and Norte, which do not differ: {Sur} "a" (highest mean), {Centro,
    # Norte} "b". Games-Howell's letters would be Sur "a", Centro "ab", Norte "b"
    assert r.letters.to_dict() == {"Sur": "a", "Centro": "b", "Norte": "b"}
    assert r.games_howell.set_index(["group1", "group2"])["p_adj"].to_dict() == pytest.approx(
        {("Centro", "Norte"): 0.2285, ("Centro", "Sur"): 0.0666, ("Norte", "Sur"): 0.0138}, abs=1e-4)


def test_one_way_reports_kruskal_epsilon_and_shapiro():
    r = stats.one_way(_sites(), "v", "g")
    assert r.kruskal.statistic == pytest.approx(9.000641025641015, rel=1e-12)
    assert r.kruskal.p == pytest.approx(0.011105436532972968, rel=1e-9)
    assert r.epsilon_sq == pytest.approx(9.000641025641015 / 19, rel=1e-12)     # H / (N − 1), N = 20
    for sh in (r.shapiro, stats.one_way_base(_sites(), "v", "g").shapiro):
        assert sh["w"].to_dict() == pytest.approx(
            {"Centro": 0.9795909356387507, "Norte": 0.986762155211559, "Sur": 0.986762155211559}, rel=1e-9)
        assert sh.loc["Norte", "p"] == pytest.approx(0.9671739349728582, rel=1e-9)
        assert sh["n"].to_dict() == {"Centro": 10, "Norte": 5, "Sur": 5}


def test_one_way_with_a_base_does_not_read_the_data_again():
    # a confidence move: the page keeps one_way_base and passes it; the data are not read (df may be None)
    base = stats.one_way_base(_sites(), "v", "g")
    r = stats.one_way(None, "v", "g", alpha=0.10, base=base)
    assert r.anova is base.anova and r.levene is base.levene
    assert r.describe["n"].to_dict() == {"Centro": 10, "Norte": 5, "Sur": 5}


def test_levene_p_of_exactly_5_percent_does_not_reject_equal_variances():
    # the rule: Games-Howell when Levene rejects, p < 0.05; at p = 0.05 it does not reject, and the method
    # agrees with the result's own equal_variances
    base = stats.one_way_base(_sites(), "v", "g")
    at_edge = dataclasses.replace(base, levene=dataclasses.replace(base.levene, p=0.05))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = stats.one_way(None, "v", "g", base=at_edge)
    assert r.equal_variances and r.method == "tukey"
