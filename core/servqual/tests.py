"""Is a SERVQUAL gap real? Paired tests of P against E per dimension with Holm's correction, and
the facts the plain-language summary states."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from core.stats import signed_rank_test
from core.servqual.scores import respondent_scores

TEST_COLUMNS = ["n", "gap", "t", "df", "p_t", "w", "p_w", "cohen_dz", "r_rb"]


def holm(pvalues) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (step-down; Holm 1979, Scand. J. Statist. 6(2)).

    p_adj(i) = max over j <= i of min(1, (m - j + 1) * p(j)) for the sorted p-values; NaNs are
    left out of m and stay NaN.
    """
    p = np.asarray(pvalues, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    order = np.argsort(p[ok])
    ranked = p[ok][order] * (m - np.arange(m))
    adjusted = np.minimum(1.0, np.maximum.accumulate(ranked))
    values = np.empty(m)
    values[order] = adjusted
    out[ok] = values
    return out


def _paired_row(s) -> dict:
    """The tests of one dimension's respondent scores (a frame of ``respondent_scores`` or a dict of
    ``_scores``: expectation, perception, gap)."""
    d = np.asarray(s["gap"])
    n = len(d)
    row = {"n": n, "gap": float(d.mean()) if n else math.nan, "t": math.nan, "df": math.nan,
           "p_t": math.nan, "w": math.nan, "p_w": math.nan, "cohen_dz": math.nan, "r_rb": math.nan}
    if n < 2:
        return row
    sd = float(np.std(d, ddof=1))
    if sd > 0:
        res = stats.ttest_rel(s["perception"], s["expectation"])
        row.update(t=float(res.statistic), df=n - 1, p_t=float(res.pvalue), cohen_dz=float(d.mean() / sd))
    else:
        # Every respondent has the same gap: no sampling variation to test against.
        row.update(df=n - 1, p_t=0.0 if d.mean() != 0 else 1.0)
    nonzero = d[d != 0]
    if len(nonzero):
        ranks = stats.rankdata(np.abs(nonzero))
        r_plus, r_minus = ranks[nonzero > 0].sum(), ranks[nonzero < 0].sum()
        row["r_rb"] = float((r_plus - r_minus) / (r_plus + r_minus))
        res = signed_rank_test(s["perception"], s["expectation"])
        row.update(w=res.statistic, p_w=res.p)
    return row


def paired_tests(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping: dict | None = None,
                 alpha: float = 0.05) -> pd.DataFrame:
    """Is each dimension's gap real? Paired tests of the dimension scores P against E.

    Per dimension, on the respondents with complete answers (as in :func:`dimension_gaps`):

    - paired t-test (scipy.stats.ttest_rel): t, df = n - 1, p_t;
    - Wilcoxon signed-rank test (core.stats.signed_rank_test = scipy.stats.wilcoxon, zero differences
      dropped, exact, permutation or normal approximation as scipy chooses): w = the smaller of the positive and negative rank sums
      (scipy's two-sided statistic), p_w;
    - effect sizes: cohen_dz = mean(P - E) / sd(P - E) (Cohen 1988, d for paired data) and the
      matched-pairs rank-biserial correlation r_rb = (R+ - R-) / (R+ + R-) over non-zero
      differences (Kerby 2014, Compr. Psychol. 3); both negative when perception falls short;
    - p_t_adj, p_w_adj: Holm-adjusted over the dimensions (family = the dimensions tested);
    - significant: p_t_adj < alpha and p_w_adj < alpha (both tests agree the gap is not zero).

    NaN where a test cannot run (n < 2; Wilcoxon when every difference is zero).
    """
    return _paired_table(respondent_scores(expectations, perceptions, mapping), alpha)


def _paired_table(scores: dict, alpha: float) -> pd.DataFrame:
    """paired_tests from the respondents' dimension scores (``respondent_scores`` or ``_scores``)."""
    rows = {dim: _paired_row(s) for dim, s in scores.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=TEST_COLUMNS)
    table["p_t_adj"] = holm(table["p_t"].to_numpy()) if len(table) else []
    table["p_w_adj"] = holm(table["p_w"].to_numpy()) if len(table) else []
    table["significant"] = (table["p_t_adj"] < alpha) & (table["p_w_adj"] < alpha)
    table["n"] = table["n"].astype(int)
    table.index.name = "dimension"
    return table


@dataclass(frozen=True)
class Summary:
    """The facts the plain-language summary states."""

    worst: str
    gap: float
    gap_low: float
    gap_high: float
    n: int
    p_t_adj: float
    p_w_adj: float
    significant: bool
    n_shortfalls: int          # dimensions whose gap is negative and significant
    n_dimensions: int


def summary(dimensions: pd.DataFrame, tests: pd.DataFrame) -> Summary | None:
    """The worst dimension (most negative gap) and whether its gap is statistically real
    (both Holm-adjusted paired tests below alpha). None when no dimension has a gap."""
    valid = dimensions.dropna(subset=["gap"])
    if valid.empty:
        return None
    worst = valid["gap"].idxmin()
    row, test = valid.loc[worst], tests.loc[worst]
    shortfalls = int(((tests["gap"] < 0) & tests["significant"]).sum())
    return Summary(worst=str(worst), gap=float(row["gap"]), gap_low=float(row["gap_low"]),
                   gap_high=float(row["gap_high"]), n=int(row["n"]), p_t_adj=float(test["p_t_adj"]),
                   p_w_adj=float(test["p_w_adj"]), significant=bool(test["significant"]),
                   n_shortfalls=shortfalls, n_dimensions=len(valid))
