"""SERVQUAL scores: reliability, dimension and item gaps, overall scores, design gap and the
importance-performance analysis. Definitions in core/servqual/__init__.py and docs/DEFINITIONS.md."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from core.servqual.prepare import (IMPORTANCE_TOTAL, ServqualError, _groups, _inputs, _listing, _numeric,
                                   valid_importance)


# --------------------------------------------------------------------------------------------
# Reliability
# --------------------------------------------------------------------------------------------

def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha of a set of items (no unit; at most 1), on the complete rows.

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the row total), with sample
    variances (ddof = 1) and k the number of items (Cronbach 1951, Psychometrika 16(3)).
    Rows with any blank are left out (listwise within the given items). NaN when there are
    fewer than 2 items or fewer than 2 complete rows, or when the total does not vary.

    >>> round(cronbach_alpha(pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})), 4)
    0.9333
    """
    return _alpha(_numeric(items).to_numpy())


def _alpha(values: np.ndarray) -> float:
    """cronbach_alpha on a respondents x items array (rows with a NaN left out)."""
    data = values[~np.isnan(values).any(axis=1)]
    k = data.shape[1]
    if k < 2 or len(data) < 2:
        return math.nan
    total_var = data.sum(axis=1).var(ddof=1)
    if not total_var > 0:
        return math.nan
    return float(k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / total_var))


# --------------------------------------------------------------------------------------------
# Dimension and item gaps
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1024)
def _t_quantile(confidence: float, dof: int) -> float:
    """t_{(1 + confidence)/2, dof}, the factor of a two-sided t interval (kept: every item, dimension
    and score asks for the same few, ~0.5 ms each from scipy)."""
    return float(stats.t.ppf(0.5 + confidence / 2, dof))


def _t_interval(values: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """Mean and two-sided t interval of the mean; NaN bounds below 2 values."""
    n = len(values)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = float(np.mean(values))
    if n < 2:
        return mean, math.nan, math.nan
    half = _t_quantile(confidence, n - 1) * np.std(values, ddof=1) / math.sqrt(n)
    return mean, float(mean - half), float(mean + half)


def respondent_scores(expectations: pd.DataFrame, perceptions: pd.DataFrame,
                      mapping: dict | None = None) -> dict[str, pd.DataFrame]:
    """Per dimension, the respondents' dimension scores (scale points) on complete cases.

    Returns {dimension: DataFrame indexed by respondent with columns expectation, perception,
    gap}: the mean of the respondent's E items, of his P items, and P - E. Only respondents who
    answered every E and P item of the dimension are present.
    """
    e, p, mapping = _inputs(expectations, perceptions, mapping)
    return {dim: pd.DataFrame({col: s[col] for col in ("expectation", "perception", "gap")},
                              index=e.index[s["complete"]])
            for dim, s in _scores(e, p, mapping).items()}


def _scores(e: pd.DataFrame, p: pd.DataFrame, mapping: dict) -> dict[str, dict[str, np.ndarray]]:
    """respondent_scores as arrays: per dimension {"expectation", "perception", "gap": one value per
    complete respondent, "complete": the boolean mask of those respondents among e's rows}. Arrays,
    not frames: building a respondent index per dimension was most of a segment's cost (issue 16)."""
    out = {}
    e_all, p_all = e.to_numpy(dtype=float), p.to_numpy(dtype=float)
    position = {col: j for j, col in enumerate(e.columns)}
    for dim, cols in _groups(mapping, e.columns).items():
        where = [position[col] for col in cols]
        e_arr, p_arr = e_all[:, where], p_all[:, where]
        complete = ~(np.isnan(e_arr).any(axis=1) | np.isnan(p_arr).any(axis=1))
        e_score = e_arr[complete].mean(axis=1)
        p_score = p_arr[complete].mean(axis=1)
        out[dim] = {"expectation": e_score, "perception": p_score, "gap": p_score - e_score, "complete": complete}
    return out


def dimension_gaps(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping: dict | None = None,
                   confidence: float = 0.95) -> pd.DataFrame:
    """Expectation, perception and gap per SERVQUAL dimension, in scale points.

    ``expectations`` and ``perceptions`` have one row per respondent (same index) and the same
    item columns (or E1.. and P1.., paired by item number and renamed Q1..); ``mapping`` maps
    item column -> dimension (None: the standard 1988 mapping by position, which needs exactly
    22 items). For each dimension, on the ``n`` respondents who answered all its E and P items:

    - expectation, perception: means over respondents of their mean over the dimension's items;
    - gap = perception - expectation (negative: a shortfall);
    - gap_low, gap_high: the t interval of the mean respondent gap at ``confidence`` (95%),
      mean +- t(1 - a/2, n - 1) * sd / sqrt(n) (paired design; NaN when n < 2);
    - alpha, alpha_expectation: Cronbach's alpha of the P (resp. E) items on those respondents
      (NaN with fewer than 2 items).

    Raises ServqualError when E and P have different items or respondents, when the mapping
    names an item that is not a column, or when there is no mapping and not 22 items.
    """
    e, p, mapping = _inputs(expectations, perceptions, mapping)
    return _dimension_table(e, p, mapping, _scores(e, p, mapping), confidence)


def _dimension_table(e: pd.DataFrame, p: pd.DataFrame, mapping: dict, scores: dict,
                     confidence: float) -> pd.DataFrame:
    """dimension_gaps from checked inputs and their ``_scores`` (computed once by ``analyse``)."""
    e_all, p_all = e.to_numpy(dtype=float), p.to_numpy(dtype=float)
    position = {col: j for j, col in enumerate(e.columns)}
    rows = {}
    for dim, cols in _groups(mapping, e.columns).items():
        s, complete = scores[dim], scores[dim]["complete"]
        where, n = [position[col] for col in cols], len(s["gap"])
        gap, low, high = _t_interval(s["gap"], confidence)
        rows[dim] = {
            "expectation": float(np.mean(s["expectation"])) if n else math.nan,
            "perception": float(np.mean(s["perception"])) if n else math.nan,
            "gap": gap, "gap_low": low, "gap_high": high,
            "alpha": _alpha(p_all[:, where][complete]),
            "alpha_expectation": _alpha(e_all[:, where][complete]),
            "n": n,
        }
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["expectation", "perception", "gap", "gap_low", "gap_high",
                                            "alpha", "alpha_expectation", "n"])
    table["n"] = table["n"].astype(int)
    table.index.name = "dimension"
    return table


def item_gaps(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping: dict | None = None,
              confidence: float = 0.95) -> pd.DataFrame:
    """Expectation, perception and gap (P - E, scale points) per item, on its complete pairs.

    One row per item column (index), with dimension (None when the mapping leaves the item out),
    expectation, perception, gap, gap_low, gap_high (t interval of the mean paired difference at
    ``confidence``), n (respondents who answered both E and P of the item).
    """
    e, p, mapping = _inputs(expectations, perceptions, mapping, optional_mapping=True)
    e_all, p_all = e.to_numpy(), p.to_numpy()
    rows = {}
    for j, col in enumerate(e.columns):
        both = ~(np.isnan(e_all[:, j]) | np.isnan(p_all[:, j]))
        e_col, p_col = e_all[both, j], p_all[both, j]
        gap, low, high = _t_interval(p_col - e_col, confidence)
        rows[col] = {"dimension": mapping.get(col),
                     "expectation": float(e_col.mean()) if len(e_col) else math.nan,
                     "perception": float(p_col.mean()) if len(p_col) else math.nan,
                     "gap": gap, "gap_low": low, "gap_high": high, "n": int(both.sum())}
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["dimension", "expectation", "perception", "gap",
                                            "gap_low", "gap_high", "n"])
    table.index.name = "item"
    return table


def gap_share_of_range(gap, scale_max: int):
    """A gap as a fraction of the scale's range (scale_max - 1 points), to compare surveys on
    1-5 and 1-7: -0.59 points on 1-5 is -0.59 / 4 = -14.75% of the range."""
    return gap / (scale_max - 1)


# --------------------------------------------------------------------------------------------
# Overall scores
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OverallScores:
    """Unweighted and weighted SERVQUAL scores (scale points, P - E) with 95% intervals.

    unweighted: mean of the dimension gaps; its interval uses the pairwise covariance of the
    dimension gaps (see :func:`overall_scores`). weighted: NaN when no importance was given.
    """

    unweighted: float
    unweighted_low: float
    unweighted_high: float
    n_unweighted: int
    weighted: float = math.nan
    weighted_low: float = math.nan
    weighted_high: float = math.nan
    n_weighted: int = 0
    n_invalid_weights: int = 0


def mean_of_means_variance(gaps: pd.DataFrame) -> float:
    """Variance of (1/D) * sum_d mean_d, the mean of D column means each taken on its own
    non-blank rows: (1/D^2) * sum_d sum_e s_de * n_de / (n_d * n_e), with s_de the covariance of
    columns d and e over the n_de rows where both are present (ddof 1). NaN when a column has
    fewer than 2 values. Without blanks this is var(row means) / n."""
    values = gaps.to_numpy(dtype=float)
    present = ~np.isnan(values)
    counts = present.sum(axis=0)
    if gaps.shape[1] == 0 or counts.min() < 2:
        return math.nan
    var = 0.0
    for a in range(values.shape[1]):
        for b in range(values.shape[1]):
            both = present[:, a] & present[:, b]
            n_ab = int(both.sum())
            if n_ab < 2:
                continue
            s_ab = float(np.cov(values[both, a], values[both, b], ddof=1)[0, 1])
            var += s_ab * n_ab / (counts[a] * counts[b])
    return var / gaps.shape[1] ** 2


def _weighted_score(gaps: pd.DataFrame, importance: pd.DataFrame, confidence: float) -> dict:
    """The weighted score's fields of OverallScores (see :func:`overall_scores`)."""
    missing = [d for d in gaps.columns if d not in importance.columns]
    if missing:
        raise ServqualError("importance_incomplete",
                            f"importance points missing for: {_listing(missing)}",
                            dimensions=_listing(missing))
    w = _numeric(importance[list(gaps.columns)]).reindex(gaps.index)
    valid = valid_importance(w)
    w, g = w[valid], gaps.loc[valid]
    present = g.notna()
    denom = w.where(present).sum(axis=1)
    usable = present.any(axis=1) & (denom > 0)
    per_respondent = ((w * g).where(present).sum(axis=1)[usable] / denom[usable]).to_numpy()
    weighted, wlow, whigh = _t_interval(per_respondent, confidence)
    return dict(weighted=weighted, weighted_low=wlow, weighted_high=whigh,
                n_weighted=len(per_respondent), n_invalid_weights=int((~valid).sum()))


def overall_scores(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping: dict | None = None,
                   importance: pd.DataFrame | None = None, confidence: float = 0.95) -> OverallScores:
    """The unweighted and the weighted SERVQUAL score, in scale points (P - E).

    Unweighted = (1/D) * sum_d gap_d, the mean of the D dimension gaps of :func:`dimension_gaps`
    (a dimension nobody answered completely has no gap and is left out). Its variance is
    :func:`mean_of_means_variance` of the respondents' dimension gaps (the variance of a mean of
    means computed on different, overlapping subsets); the interval uses t with min(n_d) - 1
    degrees of freedom. Without blanks this is exactly the t interval of the respondents' mean
    dimension gap. ``n_unweighted`` is the respondents complete on at least one dimension.

    Weighted (Zeithaml, Parasuraman & Berry 1990): per respondent, sum_d (w_rd / W_r) * gap_rd
    over the dimensions the respondent completed, where w_rd are his importance points and W_r
    their sum over those dimensions (= 100 with no blanks); then the mean over respondents with a
    t interval. ``importance`` has one column per dimension (the mapping's names) and the
    respondents as index. A row is invalid (left out, counted in ``n_invalid_weights``) when
    :func:`valid_importance` rejects it.
    """
    e, p, mapping = _inputs(expectations, perceptions, mapping)
    return _overall(_scores(e, p, mapping), expectations.index, importance, confidence)


def _overall(scores: dict, respondents: pd.Index, importance: pd.DataFrame | None,
             confidence: float) -> OverallScores:
    """overall_scores from ``_scores`` of the respondents ``respondents`` (their rows, in order)."""
    dims = list(scores)
    if not dims:
        raise ServqualError("no_dimensions", "no dimension to score")
    values = np.full((len(respondents), len(dims)), np.nan)
    for j, dim in enumerate(dims):          # respondent x dimension gaps, blank where incomplete
        values[scores[dim]["complete"], j] = scores[dim]["gap"]
    gaps = pd.DataFrame(values, index=respondents, columns=dims)
    counts = gaps.notna().sum()
    # Dimensions nobody completed have no gap and are left out of the mean (reported upstream).
    scored = [d for d in dims if counts[d] > 0]
    unweighted = float(gaps[scored].mean().mean()) if scored else math.nan
    var = mean_of_means_variance(gaps[scored]) if scored else math.nan
    if math.isnan(var):
        low = high = math.nan
    else:
        half = _t_quantile(confidence, int(counts[scored].min()) - 1) * math.sqrt(max(var, 0.0))
        low, high = unweighted - half, unweighted + half
    result = OverallScores(unweighted, float(low), float(high), int(gaps.notna().any(axis=1).sum()))
    if importance is None:
        return result
    return replace(result, **_weighted_score(gaps, importance, confidence))


# --------------------------------------------------------------------------------------------
# Design standard, importance-performance
# --------------------------------------------------------------------------------------------

def design_gaps(gaps: pd.DataFrame, perception_low_high: pd.DataFrame | None,
                design: pd.Series) -> pd.DataFrame:
    """Perception against the organisation's designed standard (seed 000's "experience design").

    ``gaps`` is a :func:`dimension_gaps` table; ``design`` maps dimension -> designed score on the
    same scale. gap_design = perception - design (scale points; negative: the service falls short
    of its own design, as P - E is negative when it falls short of expectations).
    ``perception_low_high`` (columns low, high: the t interval of the mean perception, from
    :func:`perception_intervals`) gives the interval of gap_design, the design being a fixed
    number. Dimensions without a design value are left out.
    """
    dims = [d for d in gaps.index if d in design.index and pd.notna(design[d])]
    table = pd.DataFrame(index=pd.Index(dims, name="dimension"))
    table["design"] = [float(design[d]) for d in dims]
    table["perception"] = gaps.loc[dims, "perception"].astype(float)
    table["gap_design"] = table["perception"] - table["design"]
    if perception_low_high is not None:
        table["gap_design_low"] = perception_low_high.loc[dims, "low"] - table["design"]
        table["gap_design_high"] = perception_low_high.loc[dims, "high"] - table["design"]
    table["n"] = gaps.loc[dims, "n"].astype(int)
    return table


def perception_intervals(expectations: pd.DataFrame, perceptions: pd.DataFrame,
                         mapping: dict | None = None, confidence: float = 0.95) -> pd.DataFrame:
    """t interval (columns low, high; scale points) of each dimension's mean perception, on the
    same complete cases as :func:`dimension_gaps`."""
    e, p, mapping = _inputs(expectations, perceptions, mapping)
    return _perception_table(_scores(e, p, mapping), confidence)


def _perception_table(scores: dict, confidence: float) -> pd.DataFrame:
    """perception_intervals from ``_scores``."""
    rows = {d: dict(zip(("mean", "low", "high"), _t_interval(s["perception"], confidence)))
            for d, s in scores.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["mean", "low", "high"])


QUADRANTS = ("concentrate", "keep_up", "low_priority", "possible_overkill")


def ipa_crosshairs(ipa: pd.DataFrame) -> tuple[float, float]:
    """The importance-performance cross-hairs: (mean importance, mean perception) over the
    dimensions of an :func:`importance_performance` table (the figure draws these, never its own)."""
    return float(ipa["importance"].mean()), float(ipa["perception"].mean())


def importance_performance(gaps: pd.DataFrame, importance: pd.DataFrame) -> pd.DataFrame:
    """Importance-performance analysis of the dimensions (Martilla & James 1977, J. Marketing 41(1)).

    importance: mean importance points of the dimension (0-100, over respondents whose row is
    valid as in :func:`valid_importance`); perception and gap from ``gaps``. The cross-hairs
    (:func:`ipa_crosshairs`, also in ``table.attrs["crosshairs"]``) are the means over the
    dimensions of importance and of perception, so the quadrants are: concentrate (important,
    performance below average), keep_up (important, above), low_priority (less important, below),
    possible_overkill (less important, above). contribution = importance / 100 * gap: the
    dimension's share of the weighted SERVQUAL score; ``priority`` ranks the dimensions from the
    most negative contribution (1 = act first).
    """
    dims = list(gaps.index)
    w = _numeric(importance.reindex(columns=dims))
    valid = valid_importance(w)
    table = pd.DataFrame(index=pd.Index(dims, name="dimension"))
    table["importance"] = w[valid].mean()
    table["perception"] = gaps["perception"].astype(float)
    table["gap"] = gaps["gap"].astype(float)
    imp_cut, perf_cut = ipa_crosshairs(table)
    high_imp = table["importance"] >= imp_cut
    high_perf = table["perception"] >= perf_cut
    table["quadrant"] = np.select(
        [high_imp & ~high_perf, high_imp & high_perf, ~high_imp & ~high_perf],
        ["concentrate", "keep_up", "low_priority"], default="possible_overkill")
    table["contribution"] = table["importance"] / IMPORTANCE_TOTAL * table["gap"]
    table["priority"] = table["contribution"].rank(method="first", na_option="bottom").astype(int)
    table["n"] = int(valid.sum())
    table.attrs["crosshairs"] = (imp_cut, perf_cut)
    return table
