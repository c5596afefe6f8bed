"""core.stats' own studentized range (the Tukey / Games–Howell reference distribution, issue 16).

scipy.stats.studentized_range integrates adaptively (~30 ms per cdf, ~0.3 s per ppf); core.stats
uses fixed Gauss–Legendre rules (~0.6 ms, ~5 ms). These tests hold it to scipy's values (an
independent implementation: adaptive nquad over the same integral, accurate to ~1e-11) and to the
studentized range tables printed in textbooks.
"""
import numpy as np
import pytest
from scipy import stats as sps

from core import stats

# (q, k, df): small and large df, non-integer df (Games–Howell's Welch df), many groups, the tails
CDF_POINTS = [(3.5, 3, 10.0), (0.5, 3, 1.0), (7.0, 4, 1.0), (12.0, 20, 2.0), (4.5, 6, 7.37),
              (3.0, 10, 120.0), (1.5, 3, 1000.0), (4.5, 50, 5.0), (5.2, 4, 45.6), (8.0, 8, 30.0)]


@pytest.mark.parametrize("q, k, df", CDF_POINTS)
def test_cdf_matches_scipy(q, k, df):
    assert stats.studentized_range_cdf(q, k, df) == pytest.approx(sps.studentized_range.cdf(q, k, df), abs=2e-10)


@pytest.mark.parametrize("q, k, df", [(100.0, 3, 1.0), (300.0, 5, 2.0), (80.0, 4, 1.3), (6.0, 3, 30.0)])
def test_sf_in_the_tail_and_beyond_q_64_matches_scipy(q, k, df):
    # with 1 df the range has a heavy tail: P(Q > 100) is still 1.35 % for k = 3
    assert stats.studentized_range_sf(q, k, df) == pytest.approx(sps.studentized_range.sf(q, k, df), abs=2e-10)


def test_infinite_df_uses_the_asymptotic_form_as_scipy_does():
    # from df = 100,000 on both take s = 1: P(range of k normals <= q)
    expected = sps.studentized_range.cdf(3.0, 4, 2e5)
    assert stats.studentized_range_cdf(3.0, 4, 2e5) == pytest.approx(expected, abs=1e-12)
    assert stats.studentized_range_cdf(3.0, 4, 2e5) == pytest.approx(stats.studentized_range_cdf(3.0, 4, 1e9),
                                                                     abs=1e-15)


def test_cdf_edges():
    assert stats.studentized_range_cdf(0.0, 3, 10.0) == 0.0
    assert stats.studentized_range_cdf(-1.0, 3, 10.0) == 0.0
    assert stats.studentized_range_cdf(1e6, 3, 10.0) == pytest.approx(1.0, abs=1e-12)
    values = [stats.studentized_range_cdf(q, 5, 12.0) for q in np.linspace(0.2, 9, 30)]
    assert all(b > a for a, b in zip(values, values[1:]))          # increasing


@pytest.mark.parametrize("alpha, k, df", [(0.05, 3, 10.0), (0.066, 4, 27.4), (0.001, 5, 2.0), (0.2, 12, 300.0),
                                          (0.05, 3, 1.0)])
def test_ppf_matches_scipy(alpha, k, df):
    ours = stats.studentized_range_ppf(1 - alpha, k, df)
    assert ours == pytest.approx(sps.studentized_range.ppf(1 - alpha, k, df), rel=1e-9)


# The studentized range tables of statistics textbooks (computed by Harter 1960), 2 decimals as
# printed: upper 5 % and 1 % points q(k, df).
TABLE = [(0.05, 3, 10, 3.88), (0.05, 4, 20, 3.96), (0.05, 5, 1e6, 3.86), (0.01, 3, 10, 5.27),
         (0.05, 10, 60, 4.65), (0.01, 6, 24, 5.37), (0.05, 3, 2, 8.33)]


@pytest.mark.parametrize("alpha, k, df, printed", TABLE)
def test_critical_values_match_the_printed_tables(alpha, k, df, printed):
    assert stats._q_crit(alpha, k, float(df)) == pytest.approx(printed, abs=0.005)


def test_critical_value_is_kept_and_a_kept_value_is_the_same():
    stats._q_crit.cache_clear()
    cold = stats._q_crit(0.0432, 4, 23.5)
    assert cold == pytest.approx(sps.studentized_range.ppf(1 - 0.0432, 4, 23.5), rel=1e-6)
    before = stats._q_crit.cache_info()
    assert stats._q_crit(0.0432, 4, 23.5) == cold
    after = stats._q_crit.cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses
    assert after.maxsize is not None                                # bounded


def test_two_groups_use_the_exact_t_form():
    # k = 2: the range of two normals over s is sqrt(2)|t|, so q = sqrt(2) t_{1-alpha/2} (t_{0.975, 10} = 2.228139)
    assert stats._q_crit(0.05, 2, 10.0) == pytest.approx(np.sqrt(2) * 2.228139, rel=1e-6)
    assert stats._q_sf(np.sqrt(2) * 2.228139, 2, 10.0) == pytest.approx(0.05, rel=1e-5)


def test_no_call_reaches_scipys_slow_studentized_range(monkeypatch):
    """The speed guard: a pairwise table with 4 groups (Tukey and Games–Howell, new alpha) never
    calls scipy's adaptive studentized_range (0.3 s a quantile)."""
    def refuse(*args, **kwargs):
        raise AssertionError("scipy.stats.studentized_range called")

    for name in ("cdf", "sf", "ppf"):
        monkeypatch.setattr(sps.studentized_range, name, refuse)
    import pandas as pd
    rng = np.random.default_rng(16)
    data = pd.DataFrame({"g": np.repeat(list("abcd"), 9), "y": rng.normal(0, 1, 36) + np.repeat([0, 0.5, 1, 2], 9)})
    stats._q_crit.cache_clear()
    tk = stats.tukey_kramer(data, "y", "g", alpha=0.0517)
    gh = stats.games_howell(data, "y", "g", alpha=0.0517)
    assert len(tk) == len(gh) == 6 and tk["p_adj"].between(0, 1).all()
