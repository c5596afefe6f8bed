"""SERVQUAL's analysis computes the respondents' dimension scores once and shares them (issue 16:
a new segment cost 300-470 ms, mostly the same scores rebuilt as indexed frames four times).
The shared path must give exactly what the public functions give, and the scores must follow the
respondents (rows), whatever order or labels they come in."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core import servqual as sq
from core.servqual import analysis as sq_analysis
from core.servqual import scores as sq_scores

SURVEY_CSV = Path(__file__).resolve().parent.parent / "sample_data" / "servqual_survey.csv"


@pytest.fixture(scope="module")
def holed_survey():
    """The sample survey with 6 % of its answers and weights blanked (seed 16) and 4 weight rows
    that do not add up to 100: every dimension has its own complete respondents."""
    table = pd.read_csv(SURVEY_CSV)
    rng = np.random.default_rng(16)
    answers = [c for c in table.columns if c[:1] in "EPW" and c != "segment"]
    for col in answers:
        table.loc[rng.random(len(table)) < 0.06, col] = np.nan
    table.loc[[3, 50, 51, 200], "W_tangibles"] = 90
    survey, _ = sq.prepare_survey(table)
    return survey


@pytest.mark.parametrize("segment", [None, "small", "large"])
def test_analyse_gives_exactly_what_the_public_functions_give(holed_survey, segment):
    part = holed_survey.subset(segment)
    a = sq.analyse(part)
    mapped = [i for i in part.expectations.columns if i in part.mapping]
    e, p, m = part.expectations[mapped], part.perceptions[mapped], part.mapping
    dims = sq.dimension_gaps(e, p, m)
    dims["gap_share"] = sq.gap_share_of_range(dims["gap"], part.scale_max)
    pd.testing.assert_frame_equal(a.dimensions, dims, check_exact=True)
    pd.testing.assert_frame_equal(a.tests, sq.paired_tests(e, p, m), check_exact=True)
    assert a.scores == sq.overall_scores(e, p, m, part.importance)
    assert a.scores.n_invalid_weights >= 1 and a.scores.n_weighted > 0


def test_analyse_computes_the_respondents_scores_once(holed_survey, monkeypatch):
    calls = []
    original = sq_analysis._scores
    monkeypatch.setattr(sq_analysis, "_scores", lambda *args: calls.append(1) or original(*args))
    sq.analyse(holed_survey)
    assert len(calls) == 1


# Dimension A (item Q1): gaps -1, 0, -2, -1; dimension B (item Q2): gaps 0, 1, -1 and a blank
# (the hand example of tests/test_servqual.py: unweighted -0.5, half-width 2.151326).
# Weighted, importance A/B per respondent r1 60/40, r2 50/50, r3 30/70, r4 20/80 (B blank: A only):
#   r1 (60·-1 + 40·0)/100 = -0.6; r2 (0 + 50·1)/100 = 0.5; r3 (30·-2 + 70·-1)/100 = -1.3; r4 -20/20 = -1
#   -> mean (-0.6 + 0.5 - 1.3 - 1) / 4 = -0.6.
E = pd.DataFrame({"Q1": [4.0, 4.0, 4.0, 4.0], "Q2": [4.0, 4.0, 4.0, np.nan]}, index=["r1", "r2", "r3", "r4"])
P = pd.DataFrame({"Q1": [3.0, 4.0, 2.0, 3.0], "Q2": [4.0, 5.0, 3.0, 4.0]}, index=["r1", "r2", "r3", "r4"])
W = pd.DataFrame({"A": [60, 50, 30, 20], "B": [40, 50, 70, 80]}, index=["r1", "r2", "r3", "r4"])
MAP = {"Q1": "A", "Q2": "B"}


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 1, 0, 2], [2, 3, 1, 0]])
def test_overall_scores_follow_the_respondents_in_any_row_order(order):
    e, p = E.iloc[order], P.iloc[order]
    weights = W.iloc[[3, 2, 1, 0]]                      # her weights sheet sorted otherwise: matched by respondent
    s = sq.overall_scores(e, p, MAP, weights)
    assert s.unweighted == pytest.approx(-0.5)
    assert (s.unweighted_low, s.unweighted_high) == pytest.approx((-0.5 - 2.151326, -0.5 + 2.151326), abs=1e-6)
    assert s.weighted == pytest.approx(-0.6) and s.n_weighted == 4 and s.n_unweighted == 4


def test_respondent_scores_keep_the_complete_respondents_by_label():
    scores = sq.respondent_scores(E.iloc[[3, 0, 2, 1]], P.iloc[[3, 0, 2, 1]], MAP)
    assert list(scores["A"].index) == ["r4", "r1", "r3", "r2"]
    assert list(scores["A"]["gap"]) == [-1.0, -1.0, -2.0, 0.0]
    assert list(scores["B"].index) == ["r1", "r3", "r2"]            # r4 left B blank
    assert list(scores["B"]["perception"]) == [4.0, 3.0, 5.0]
    assert list(scores["B"].columns) == ["expectation", "perception", "gap"]


def test_item_gaps_by_hand_with_a_blank():
    # Q2 has a blank for r4: n = 3, E mean 4, P mean (4 + 5 + 3)/3 = 4, gap 0; Q1: gap (-1 + 0 - 2 - 1)/4 = -1
    items = sq.item_gaps(E, P, MAP)
    assert items.loc["Q1", ["expectation", "perception", "gap", "n"]].tolist() == [4.0, 3.0, -1.0, 4]
    assert items.loc["Q2", ["expectation", "perception", "gap", "n"]].tolist() == [4.0, 4.0, 0.0, 3]
    # Q2 differences 0, 1, -1: sd 1, t(0.975, 2) = 4.302653 -> ± 4.302653 / sqrt(3) = 2.484138
    assert (items.loc["Q2", "gap_low"], items.loc["Q2", "gap_high"]) == pytest.approx((-2.484138, 2.484138), abs=1e-6)


def test_t_quantile_is_the_table_value_and_is_kept():
    # t tables: t(0.975, 9) = 2.262157, t(0.975, 2) = 4.302653, t(0.95, 20) = 1.724718
    assert sq_scores._t_quantile(0.95, 9) == pytest.approx(2.262157, abs=1e-6)
    assert sq_scores._t_quantile(0.95, 2) == pytest.approx(4.302653, abs=1e-6)
    assert sq_scores._t_quantile(0.90, 20) == pytest.approx(1.724718, abs=1e-6)
    before = sq_scores._t_quantile.cache_info().hits
    assert sq_scores._t_quantile(0.95, 9) == pytest.approx(2.262157, abs=1e-6)
    assert sq_scores._t_quantile.cache_info().hits == before + 1


def test_mean_of_means_variance_without_blanks_is_the_variance_of_the_row_means_over_n():
    # rows (1, 2), (3, 3), (2, 7): row means 1.5, 3, 4.5 -> variance 2.25, over n = 3 -> 0.75
    gaps = pd.DataFrame({"A": [1.0, 3.0, 2.0], "B": [2.0, 3.0, 7.0]})
    assert sq.mean_of_means_variance(gaps) == pytest.approx(0.75)
    assert np.isnan(sq.mean_of_means_variance(pd.DataFrame({"A": [1.0, np.nan], "B": [2.0, 3.0]})))
