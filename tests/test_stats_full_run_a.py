"""Kill tests for the full mutation run of core/stats.py (issue 20), share A: the studentized range
(studentized_range_cdf / _ppf and their node builders _solve_right, _solve_left, _range_cdf,
_gauss_legendre) and the Wilcoxon signed-rank test.

Expected values come from scipy (written here, with its version), scipy's t distribution, brentq on
the equation written out in the test, or a hand count. mutmut runs the mutants in processes forked
after the clean run, whose lru_caches already hold the studentized range's node sets: the tests that
need fresh nodes empty the caches first.
"""
import warnings

import numpy as np
import pytest
from scipy import stats as sps
from scipy.optimize import brentq

from core import stats


def _fresh():
    stats._s_nodes.cache_clear()
    stats._q_crit.cache_clear()
    stats._q_sf.cache_clear()


# ----------------------------------------------------------------------------- full run
def test_right_cut_of_the_s_density_is_the_root_of_its_equation():
    # _solve_right(df): the u > 0 with df·(u − e^{2u}/2 + 1/2) = −37 (the density of ln s left out above
    # e^-37 of its peak). Reference: brentq on that equation, written out here. dof as the pages give
    # them: Tukey with 1 and 2 df within (tiny pilots), Games–Howell's Welch df 7.37, 4 shifts × 40 days
    # (156), a year of calls (1,000) and 99,999, the largest df not taken as infinite.
    for dof in (1.0, 2.0, 7.37, 27.0, 156.0, 1000.0, 99999.0):
        def f(u):
            return dof * (u - np.exp(2 * u) / 2 + 0.5) + 37.0
        ref = brentq(f, 1e-12, 10.0, xtol=1e-15, rtol=1e-15)
        assert stats._solve_right(dof) == pytest.approx(ref, rel=1e-11, abs=1e-14)


def test_studentized_range_at_exactly_100000_df_is_the_asymptotic_form_as_scipys():
    # scipy switches to s = 1 at df >= 100,000 (a Tukey over 100,003 calls in 3 or 4 groups): at exactly
    # 100,000 both give P(range of 4 normals <= 3). float(sps.studentized_range.cdf(3.0, 4, 100000.0)),
    # scipy 1.17.1; the finite-df integral at 100,000 df would give 0.853721... (7e-6 lower)
    _fresh()
    assert stats.studentized_range_cdf(3.0, 4, 100000.0) == pytest.approx(0.8537285189523403, abs=1e-12)


@pytest.mark.parametrize("q, dof", [(15.0, 156.0), (13.0, 2e5)])
def test_studentized_range_tail_probability_is_never_negative(q, dof):
    # Four shifts compared by Tukey (156 df within; and a very large sample, df taken as infinite), one
    # shift far away (q = 13-15): P(Q > q) <= C(4, 2)·P(|T_dof| > q/√2) (Bonferroni, scipy's t), about
    # 1e-19 and 1e-33: the p-value is that small, and never a negative number (the quadrature's sum
    # reaches 1 + 4e-16 there before the cap at 1)
    _fresh()
    bound = 6 * 2 * sps.t.sf(q / np.sqrt(2), min(dof, 1e9))
    assert bound < 1e-17
    assert stats.studentized_range_cdf(q, 4, dof) <= 1.0
    assert 0.0 <= stats.studentized_range_sf(q, 4, dof) <= bound + 1e-10      # the stated accuracy


def test_studentized_range_from_fresh_nodes_raises_no_warning():
    # a node set built cold (every new df of a Games–Howell table) computes its lower cut from the
    # q_max = 64 of q <= 64, quietly; P(Q(3, 10) <= 3.5) = 0.9228966891615896 (scipy 1.17.1)
    _fresh()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = stats.studentized_range_cdf(3.5, 3, 10.0)
    assert value == pytest.approx(0.9228966891615896, abs=2e-10)


def test_signed_rank_with_one_changed_answer_is_enumerated_with_blank_degrees_of_freedom(monkeypatch):
    # Six respondents' SERVQUAL scores, P against E: five unchanged, one 0.5 higher. d = 0, 0, 0, 0, 0,
    # 0.5 (zeros): the permutation p over the 2^6 sign patterns, enumerated here, not by scipy's
    # permutation_test (~1 s of CPU). By hand: the one non-zero rank is 1, R+ = 1, R- = 0; T = R+ is 0 or
    # 1 with 32 patterns each: P(T <= 1) = 1, P(T >= 1) = 1/2, p = 2·min = 1. statistic = min(1, 0) = 0.
    def refuse(*args, **kwargs):
        raise AssertionError("scipy.stats.wilcoxon called")

    monkeypatch.setattr(stats.sps, "wilcoxon", refuse)
    r = stats.signed_rank_test([4.0, 3.5, 4.25, 5.0, 3.0, 4.5], [4.0, 3.5, 4.25, 5.0, 3.0, 4.0])
    assert (r.statistic, r.p) == (0.0, 1.0)
    assert np.isnan(r.df1) and np.isnan(r.df2)      # no degrees of freedom: blank, as scipy's branch


def test_signed_rank_of_answers_typed_as_text_reads_them_as_numbers():
    # A 1-5 satisfaction item from a column formatted as text in Excel ("4", "5"), before and after: d = 1,
    # 1, 0, 0, 1 (zeros and ties: enumerated). By hand: the three non-zero |d| tie, ranks 2, 2, 2, R+ = 6,
    # R- = 0; of the 2^3 sign patterns one gives T = 6: p = 2·min(8/8, 1/8) = 0.25, statistic min = 0
    r = stats.signed_rank_test(["4", "5", "3", "4", "5"], ["3", "4", "3", "4", "4"])
    assert (r.statistic, r.p) == (0.0, 0.25)


# Equivalent survivors of the full run, share A (each checked on a scratch copy holding the mutant:
# 910 cdf points, q 0.05-1,000, k 2-50, df 0.5-2e5, and 80 quantiles, from cold caches, unless said):
# - _gauss_legendre 22 (mid − half·x): Legendre nodes and weights are symmetric, so each panel has the
#   same node-weight pairs in reverse order; sums move by rounding only (≤ 4e-14 relative).
# - _range_cdf 3, 5 (dtype of w dropped): w = q·s is float (q an int on the df ≥ 1e5 path becomes
#   float in _Z − w); 12 (clip(None, None)): Φ(z) − Φ(z − w) ≥ 0 for w > 0 (ndtr is monotone; q ≤ 0
#   returns before). All three bit-identical on the grid.
# - _solve_left 2, 3, 5, 7 (Newton's start): every mutated start is < 0 (const > slope for both calls),
#   where the function is increasing and concave: Newton reaches the same root (≤ 1.3e-13 relative,
#   the equation's conditioning; cdf ≤ 9e-15 apart), ≤ 10 iterations over df 0.1-1e5, k 2-100, q_max to
#   2^20, so 9 (201 iterations) never reaches the cap; 32 (<= 1e-13): one more step of ~1e-26.
# - _solve_right 10, 13, 15, 17, 18 (start u0 > 0 moved): decreasing and concave for u > 0, the same
#   root (≤ 2.4e-13 relative, cdf ≤ 5e-15 apart) in ≤ 19 iterations over df 0.1-1e5: 20 (201
#   iterations) never reaches the cap; 38 (<= 1e-13): a step of exactly 1e-13, one more of ~1e-26.
# - studentized_range_cdf 18, 20, 25, 29 (q_max larger: 65·2^n, 3^n, at least 128, 64·2^ceil(log2 64q)):
#   the lower cut is computed for a larger q than asked, only more conservative; 30 (q/65): for q in
#   (64, 65] the cut of q_max = 64 moves the neglected integrand by (65/64)^(k−1) ≤ 2.1 times e^-37.
#   Values ≤ 2.5e-12 apart (both within 2e-11 of scipy at the worst point, k = 50), below the stated 2e-10.
# - studentized_range_ppf 2, 4, 24, 33, 38 (upper bracket wider), 17, 19 (lower bracket lower, even
#   negative: cdf = 0 there): still a sign-changing bracket, brentq finds the same root (≤ 5e-14
#   relative); 52 (brentq's default xtol 2e-12 instead of 1e-13): ≤ 5.8e-13 relative, 1,000 times below
#   the ~1e-9 to which the cdf's accuracy fixes the quantile; 53 (default rtol 4·eps < 1e-14): tighter.
# - signed_rank_test 15, 23 (every n ≤ 13 sample enumerated, also without ties or zeros): the
#   enumeration over all 2^n sign patterns is the exact null distribution scipy uses there; bit-identical
#   on 700 samples (n 1-15, integer, normal, 2-decimal and item-mean scores). 30 (zero_method dropped):
#   "wilcox" is scipy 1.17.1's default; 32 ("WILCOX"): scipy lowercases zero_method (_wilcoxon_iv).
#   48 (nonzero >= 0): nonzero holds no 0. 60, 67 (tol 1e-14/r+, 1e-14·max(r+, 2)), 76, 79 (< and >
#   with the ± tol margin): ranks are multiples of 0.5 and their sums exact, so t = r+ or differs by
#   ≥ 0.5; any tol in (0, 0.5) counts the same patterns. All bit-identical on the 700 samples.
