"""The whole SERVQUAL analysis of one checked survey (or one segment of it)."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from core.servqual.prepare import Problem, ServqualError, Survey, _inputs, _listing
from core.servqual.scores import (OverallScores, _dimension_table, _overall, _perception_table, _scores,
                                  cronbach_alpha, design_gaps, dimension_gaps, gap_share_of_range,
                                  importance_performance, ipa_crosshairs, item_gaps)
from core.servqual.tests import _paired_table


@dataclass(frozen=True)
class Analysis:
    """Every result the view shows, for one survey or one segment of it."""

    n_respondents: int
    dimensions: pd.DataFrame | None        # dimension_gaps + gap_share
    items: pd.DataFrame                     # item_gaps, sorted by gap (worst first)
    tests: pd.DataFrame | None
    scores: OverallScores | None
    design: pd.DataFrame | None
    ipa: pd.DataFrame | None
    alpha_overall: float
    alpha_overall_expectation: float
    n_alpha_overall: int
    problems: tuple[Problem, ...] = ()
    ipa_crosshairs: tuple[float, float] | None = None   # (importance, perception) cut points


def _items(survey: Survey, confidence: float) -> pd.DataFrame:
    items = item_gaps(survey.expectations, survey.perceptions, survey.mapping, confidence)
    items = items.sort_values("gap", kind="stable")
    items["gap_share"] = gap_share_of_range(items["gap"], survey.scale_max)
    return items


def analyse(survey: Survey, confidence: float = 0.95, alpha: float = 0.05) -> Analysis:
    """Run every SERVQUAL computation on a checked survey. Parts that cannot run (no mapping,
    fewer than 2 respondents) are None or NaN and reported in ``problems``; the rest runs.
    The same as calling dimension_gaps, paired_tests, overall_scores and perception_intervals,
    with the respondents' dimension scores computed once for all four."""
    problems: list[Problem] = []
    e, p, mapping = survey.expectations, survey.perceptions, survey.mapping
    items = _items(survey, confidence)
    mapped = [i for i in e.columns if i in mapping]
    alpha_p = cronbach_alpha(p[mapped]) if len(mapped) >= 2 else math.nan
    alpha_e = cronbach_alpha(e[mapped]) if len(mapped) >= 2 else math.nan
    n_alpha = int((p[mapped].notna().all(axis=1)).sum()) if mapped else 0
    if not mapping:
        return Analysis(len(e), None, items, None, None, None, None, alpha_p, alpha_e, n_alpha, tuple(problems))
    sub_e, sub_p, mapping = _inputs(e[mapped], p[mapped], mapping)
    scores_by_dim = _scores(sub_e, sub_p, mapping)
    dims = _dimension_table(sub_e, sub_p, mapping, scores_by_dim, confidence)
    dims["gap_share"] = gap_share_of_range(dims["gap"], survey.scale_max)
    empty = dims.index[dims["n"] == 0].tolist()
    if empty:
        problems.append(Problem("dimension_empty", {"dimensions": _listing(empty)}))
    tests = _paired_table(scores_by_dim, alpha)
    importance = survey.importance
    try:
        scores = _overall(scores_by_dim, sub_e.index, importance, confidence)
    except ServqualError as err:
        problems.append(Problem(err.code, err.params))
        scores = _overall(scores_by_dim, sub_e.index, None, confidence)
        importance = None
    design = None
    if survey.design is not None:
        design = design_gaps(dims, _perception_table(scores_by_dim, confidence), survey.design)
    ipa = importance_performance(dims, importance) if importance is not None else None
    cuts = ipa_crosshairs(ipa) if ipa is not None else None
    return Analysis(len(e), dims, items, tests, scores, design, ipa, alpha_p, alpha_e, n_alpha,
                    tuple(problems), cuts)


def gaps_by_segment(survey: Survey, confidence: float = 0.95) -> pd.DataFrame:
    """Dimension gaps split by segment: rows (segment, dimension), columns of dimension_gaps.
    Segments with no complete answers on a dimension get n = 0 and NaN values."""
    if survey.segment is None or not survey.mapping:
        return pd.DataFrame()
    parts = {}
    mapped = [i for i in survey.expectations.columns if i in survey.mapping]
    for value in survey.segments():
        sub = survey.subset(value)
        parts[value] = dimension_gaps(sub.expectations[mapped], sub.perceptions[mapped],
                                      survey.mapping, confidence)
    return pd.concat(parts, names=["segment", "dimension"])
