"""Kill tests for the survivors of the first FULL mutation run of core/servqual/ (issue 20,
docs/MUTATION.md): the share in analysis.py, scores.py and tests.py (prepare.py: another file).

Expected values are hand calculations written out here, or scipy/pingouin/Python's own sort; never
core.servqual itself. Inputs look like a clinic's patient survey (1-5 Likert, Spanish dimension names).
"""
import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from core import servqual as sq

# Five patients of a clinic, two items (Q1, Q2), both mapped to "Fiabilidad" (reliability):
#   E1 5 4 5 3 4   E2 5 5 4 3 4
#   P1 4 3 5 2 3   P2 3 4 4 2 4
# item gaps: Q1 -1 -1 0 -1 -1 (mean -0.8, sd sqrt(0.2)), Q2 -2 -1 0 -1 0 (mean -0.8, sd sqrt(0.7))
# respondents' dimension gaps: (P1+P2)/2 - (E1+E2)/2 = -1.5 -1 0 -1 -0.5 (mean -0.8)
# Cronbach's alpha with 2 items, 2 * (1 - (v1 + v2) / v_total), sample variances:
#   P: v(P1) = 5.2/4 = 1.3, v(P2) = 3.2/4 = 0.8, totals 7 7 9 4 7 -> 12.8/4 = 3.2 -> 2 * 1.1/3.2 = 0.6875
#   E: v(E1) = v(E2) = 2.8/4 = 0.7, totals 10 9 9 6 8 -> 9.2/4 = 2.3 -> 2 * 0.9/2.3 = 18/23
CLINIC = pd.DataFrame({"respondent": ["pac-01", "pac-02", "pac-03", "pac-04", "pac-05"],
                       "E1": [5, 4, 5, 3, 4], "E2": [5, 5, 4, 3, 4],
                       "P1": [4, 3, 5, 2, 3], "P2": [3, 4, 4, 2, 4],
                       "segment": ["Sede Norte", "Sede Sur", "Sede Norte", "Sede Sur", "Sede Norte"]})
CLINIC_MAP = pd.DataFrame({"item": ["Q1", "Q2"], "dimension": ["Fiabilidad", "Fiabilidad"]})


def _clinic(drop_segment=False):
    table = CLINIC.drop(columns="segment") if drop_segment else CLINIC
    survey, problems = sq.prepare_survey(table, CLINIC_MAP)
    assert problems == [] and survey.mapping == {"Q1": "reliability", "Q2": "reliability"}
    return survey


# --------------------------------------------------------------------------------------------
# full run (every mutant), 30 Nov, sixth session: analysis.py, scores.py, tests.py
# --------------------------------------------------------------------------------------------
# 89 survivors in these three files: 61 killed by the tests below (each checked on a scratch copy
# with the mutant applied), 28 equivalent:
# - analyse 48 (problems tuple dropped on the no-mapping return: empty there), item_gaps 58
#   (orient="INDEX": pandas lower-cases orient), _paired_row 83 (`nonzero <= 0`: never 0): already
#   in docs/MUTATION.md / test_kill_servqual.py. New, same reasons: _dimension_table 61,
#   _perception_table 26, _paired_table 11 (orient "INDEX"); _paired_row 81 (`nonzero >= 0`).
# - _items 18 (kind="STABLE"): numpy reads the sort kind case-insensitively (same order on 500
#   random 22-item tie patterns, where the default quicksort differed every time).
# - analyse 14, 20 (`len(mapped) >= 2 or True`): cronbach_alpha of 0 or 1 column is NaN anyway.
# - _scores 3, 4, _dimension_table 2, 3 (to_numpy(dtype=None)): every caller passes _inputs'
#   frames, already float64 (_numeric), so the arrays are the same float64 arrays.
# - design_gaps 20, importance_performance 22, 28 (astype(None)): pandas reads dtype None as float64.
# - _overall 6 (np.full(..., None)): an object array of floats and None; notna, mean (skipna) and
#   to_numpy(dtype=float) read None as blank: same OverallScores, checked with blanks + importance.
# - _overall 28, 32 (`scored or True`): with no scored dimension, mean of no column is NaN and
#   mean_of_means_variance of no column returns NaN at its first guard: same (checked, no warning).
# - _weighted_score 17 (any(axis=None)): valid weights are >= 0, so denom > 0 already implies a
#   present gap in that row; the scalar any() is False only when denom is 0 everywhere.
# - mean_of_means_variance 2 (to_numpy(dtype=None)): _overall passes floats; an int frame gives the
#   same isnan/cov values. 32, 35 (np.cov ddof None / default): numpy's default is N - 1 = ddof 1.
# - _paired_table 16, 24 (`len(table) or True`): holm of no p-value is an empty float array; the
#   empty table is the same, dtypes included (checked).
# - holm 8 (np.full_like(p, None)): None cast to float is NaN, the same fill.
# - summary 14 (`gap <= 0`): a gap of exactly 0 has t = 0 (or, without spread, p_t = 1), so
#   p_t_adj = 1 and it is never significant: no count changes.


def test_analysis_of_two_items_reports_both_alphas_and_the_item_shares():
    a = sq.analyse(_clinic(), confidence=0.90)
    assert a.n_respondents == 5 and a.n_alpha_overall == 5
    assert a.alpha_overall == pytest.approx(0.6875, abs=1e-12)
    assert a.alpha_overall_expectation == pytest.approx(18 / 23, abs=1e-12)
    survey = _clinic()
    assert a.alpha_overall == pytest.approx(pg.cronbach_alpha(survey.perceptions)[0], abs=1e-12)
    assert a.design is None and a.problems == ()
    items = a.items
    # tied gaps (-0.8 each) keep the items' order; share of the 1-5 range: -0.8 / 4 = -0.2
    assert items.index.tolist() == ["Q1", "Q2"] and items["dimension"].tolist() == ["reliability"] * 2
    assert items["gap_share"].tolist() == pytest.approx([-0.2, -0.2], abs=1e-12)
    # 90 % interval of Q1: -0.8 -+ t(0.95; 4) * sqrt(0.2) / sqrt(5) = -0.8 -+ 2.131847 * 0.2
    t4 = stats.t.ppf(0.95, 4)
    assert t4 == pytest.approx(2.131847, abs=1e-6)
    assert items.loc["Q1", "gap_low"] == pytest.approx(-0.8 - t4 * 0.2, rel=1e-12)
    assert items.loc["Q2", "gap_high"] == pytest.approx(-0.8 + t4 * math.sqrt(0.7 / 5), rel=1e-12)


def test_analysis_without_mapping_keeps_the_respondent_count_and_no_problems():
    survey, problems = sq.prepare_survey(CLINIC.drop(columns="segment"))   # 2 items: not the 22 standard ones
    assert [pr.code for pr in problems] == ["no_mapping"]
    a = sq.analyse(survey)
    assert a.n_respondents == 5 and a.problems == () and a.dimensions is None
    assert math.isnan(a.alpha_overall) and math.isnan(a.alpha_overall_expectation)


def test_items_of_the_standard_questionnaire_with_equal_gaps_keep_their_order():
    # 22 items, standard mapping; two patients answering alike, so each item's gap is P - E of the
    # pattern below. Many items share a gap: the table lists them by gap, ties in item order
    # (Python's sorted() is stable: the reference).
    pattern = [0, -1, -2, 0, 1, -1, 0, -2, -1, 0, 1, 0, -1, -2, 0, -1, 1, 0, -2, -1, 0, -1]
    row = {**{f"E{k}": 3 for k in range(1, 23)}, **{f"P{k}": 3 + g for k, g in enumerate(pattern, 1)}}
    survey, problems = sq.prepare_survey(pd.DataFrame([row, row]))
    assert problems == []
    items = sq.analyse(survey).items
    expected = [f"Q{k}" for g, k in sorted((g, k) for k, g in enumerate(pattern, 1))]
    assert items.index.tolist() == expected
    assert items["gap"].tolist() == sorted(pattern)


def test_gaps_by_segment_by_hand_at_ninety_percent():
    # Sede Norte = pac-01, pac-03, pac-05: dimension gaps -1.5, 0, -0.5 -> mean -2/3,
    #   sd^2 = ((5/6)^2 + (2/3)^2 + (1/6)^2) / 2 = 7/12; 90 %: -2/3 -+ t(0.95; 2) * sqrt(7/12 / 3)
    # Sede Sur = pac-02, pac-04: -1, -1 -> mean -1, no spread
    table = sq.gaps_by_segment(_clinic(), confidence=0.90)
    assert table.index.names == ["segment", "dimension"]
    assert table.index.tolist() == [("Sede Norte", "reliability"), ("Sede Sur", "reliability")]
    north = table.loc[("Sede Norte", "reliability")]
    half = stats.t.ppf(0.95, 2) * math.sqrt(7 / 12 / 3)
    assert half == pytest.approx(1.287593, abs=1e-6)
    assert north["gap"] == pytest.approx(-2 / 3, abs=1e-12) and north["n"] == 3
    assert (north["gap_low"], north["gap_high"]) == pytest.approx((-2 / 3 - half, -2 / 3 + half), rel=1e-12)
    assert table.loc[("Sede Sur", "reliability"), "gap"] == -1.0


def test_gaps_by_segment_without_segment_column_is_empty():
    table = sq.gaps_by_segment(_clinic(drop_segment=True))
    assert isinstance(table, pd.DataFrame) and table.empty


def test_alpha_of_two_complete_rows_and_of_a_constant_total():
    # two patients, items a = 3, 5 (var 2) and b = 4, 5 (var 0.5); totals 7, 10 (var 4.5):
    # alpha = 2 * (1 - 2.5 / 4.5) = 8/9
    assert sq.cronbach_alpha(pd.DataFrame({"a": [3, 5], "b": [4, 5]})) == pytest.approx(8 / 9, abs=1e-12)
    # items that vary but always add up to 6: the total has no variance, alpha is undefined (NaN)
    assert math.isnan(sq.cronbach_alpha(pd.DataFrame({"a": [2, 3, 4], "b": [4, 3, 2]})))


def test_dimension_table_of_a_mapping_that_maps_nothing_keeps_its_columns():
    e = pd.DataFrame({"Q1": [4, 5], "Q2": [5, 5]})
    p = pd.DataFrame({"Q1": [3, 5], "Q2": [4, 4]})
    table = sq.dimension_gaps(e, p, {})
    assert len(table) == 0 and list(table.columns) == ["expectation", "perception", "gap", "gap_low",
                                                      "gap_high", "alpha", "alpha_expectation", "n"]


def test_perception_interval_table_gives_the_mean():
    # perceptions of reliability per patient: (P1 + P2) / 2 = 3.5 3.5 4.5 2 3.5 -> mean 17/5 = 3.4
    s = _clinic()
    table = sq.perception_intervals(s.expectations, s.perceptions, s.mapping)
    assert table.loc["reliability", "mean"] == pytest.approx(3.4, abs=1e-12)


def test_item_gaps_without_mapping_of_a_short_survey():
    # 2 items are not the 22 of the standard questionnaire: items still get their gaps, no dimension
    s = _clinic()
    items = sq.item_gaps(s.expectations, s.perceptions)
    assert items["dimension"].isna().all() and items["gap"].tolist() == pytest.approx([-0.8, -0.8])


def test_weighted_score_leaves_out_a_patient_whose_points_are_all_on_blank_dimensions():
    # A = Q1, B = Q2. Gaps A / B: r1 -1 / 0; r2 blank / -1; r3 blank / -2; r4 0 / -1.
    # r2 put all 100 points on A, which he left blank: no weight on what he answered, left out.
    # r3 put 99 on A (blank) and 1 on B: his score is his B gap, 1 * -2 / 1 = -2.
    # r1 .5 * -1 + .5 * 0 = -0.5; r4 .3 * 0 + .7 * -1 = -0.7 -> mean (-0.5 - 2 - 0.7) / 3 = -3.2/3
    nan = np.nan
    idx = pd.Index(["r1", "r2", "r3", "r4"], name="respondent")
    e = pd.DataFrame({"Q1": [4, nan, nan, 4], "Q2": [4, 4, 5, 5]}, index=idx)
    p = pd.DataFrame({"Q1": [3, 4, 4, 4], "Q2": [4, 3, 3, 4]}, index=idx)
    w = pd.DataFrame({"A": [50, 100, 99, 30], "B": [50, 0, 1, 70]}, index=idx)
    s = sq.overall_scores(e, p, {"Q1": "A", "Q2": "B"}, w)
    assert s.n_weighted == 3 and s.n_invalid_weights == 0
    assert s.weighted == pytest.approx(-3.2 / 3, abs=1e-12)


def test_weighted_score_counts_a_patient_missing_from_the_importance_sheet_as_invalid():
    # importance points typed for r1..r3 only: r4 has none (an invalid row), the rest is scored.
    # Gaps A (Q1) / B (Q2): r1 -1 / 0, r2 0 / -1, r3 0 / -2:
    # r1 .5 * -1 = -0.5, r2 .4 * -1 = -0.4, r3 .7 * -2 = -1.4 -> mean -2.3 / 3
    idx = ["r1", "r2", "r3", "r4"]
    e = pd.DataFrame({"Q1": [4, 5, 4, 3], "Q2": [5, 5, 4, 4]}, index=idx)
    p = pd.DataFrame({"Q1": [3, 5, 4, 3], "Q2": [5, 4, 2, 3]}, index=idx)
    w = pd.DataFrame({"A": [50, 60, 30], "B": [50, 40, 70]}, index=idx[:3])
    s = sq.overall_scores(e, p, {"Q1": "A", "Q2": "B"}, w)
    assert s.n_weighted == 3 and s.n_invalid_weights == 1
    assert s.weighted == pytest.approx(-2.3 / 3, abs=1e-12)


def test_mean_of_means_variance_of_one_column_and_of_columns_never_answered_together():
    # one column -1 -0.5 -0.5 0: s^2 = 0.5 / 3, variance of its mean s^2 / 4 = 1/24
    one = pd.DataFrame({"Fiabilidad": [-1, -0.5, -0.5, 0]})
    assert sq.mean_of_means_variance(one) == pytest.approx(1 / 24, abs=1e-15)
    # a short form: patients 1-2 answered A only, 3-4 B only. No pair: only the own terms,
    # (1/2^2) * (s_AA * 2 / (2 * 2) + s_BB * 2 / (2 * 2)) with s_AA = var(-1, 0) = 0.5,
    # s_BB = var(-0.5, 0.5) = 0.5 -> 0.25 * (0.25 + 0.25) = 0.125
    split = pd.DataFrame({"A": [-1, 0, np.nan, np.nan], "B": [np.nan, np.nan, -0.5, 0.5]})
    assert sq.mean_of_means_variance(split) == pytest.approx(0.125, abs=1e-15)


def test_paired_tests_of_two_patients_by_hand():
    # gaps -1, -2: mean -1.5, sd sqrt(0.5); t = -1.5 / (sqrt(0.5) / sqrt(2)) = -3, df 1 (Cauchy):
    # p = 1 - (2/pi) * atan(3) = 0.204833; dz = -1.5 / sqrt(0.5) = -2.121320;
    # signed ranks: both negative -> r_rb = -1; exact Wilcoxon p = 2 * (1/4) = 0.5
    e = pd.DataFrame({"Q1": [4, 5]}, index=["pac-01", "pac-02"])
    p = pd.DataFrame({"Q1": [3, 3]}, index=["pac-01", "pac-02"])
    tests = sq.paired_tests(e, p, {"Q1": "Fiabilidad"})
    assert tests.index.name == "dimension" and tests["n"].dtype.kind == "i"
    row = tests.loc["Fiabilidad"]
    assert (row["n"], row["gap"], row["t"], row["df"]) == pytest.approx((2, -1.5, -3.0, 1), rel=1e-12)
    assert row["p_t"] == pytest.approx(1 - 2 / math.pi * math.atan(3), rel=1e-12)
    assert row["cohen_dz"] == pytest.approx(-1.5 / math.sqrt(0.5), rel=1e-12)
    assert row["r_rb"] == -1.0 and row["p_w"] == pytest.approx(0.5, abs=1e-12)


def test_significant_needs_the_t_test_p_strictly_below_alpha():
    # ten patients, one item; gaps 0.5 (nine of them) and 4: all positive, so the signed-rank p is
    # small (scipy, below), while the t test's p is larger (one far gap widens the sd).
    # At alpha = that t-test p (scipy.stats.ttest_rel on the same scores) the gap is not significant.
    e = pd.DataFrame({"Q1": [3.0] * 10})
    p = pd.DataFrame({"Q1": [3.5] * 9 + [7.0]})
    ref_t = stats.ttest_rel(p["Q1"].to_numpy(), e["Q1"].to_numpy()).pvalue
    ref_w = stats.wilcoxon(p["Q1"].to_numpy() - e["Q1"].to_numpy()).pvalue
    assert ref_w < ref_t < 0.05
    row = sq.paired_tests(e, p, {"Q1": "Fiabilidad"}, alpha=ref_t).loc["Fiabilidad"]
    assert row["p_t_adj"] == ref_t and row["p_w_adj"] < ref_t
    assert not row["significant"]
    assert sq.paired_tests(e, p, {"Q1": "Fiabilidad"}, alpha=0.05).loc["Fiabilidad", "significant"]


def test_holm_adjusted_p_values_never_exceed_one():
    # sorted 0.04, 0.6, 0.7 (m = 3): 3 x 0.04 = 0.12, 2 x 0.6 = 1.2 -> 1, max(1.2, 1 x 0.7) -> 1
    assert sq.holm([0.6, 0.04, 0.7]).tolist() == pytest.approx([1.0, 0.12, 1.0], abs=1e-15)


def _three_dimension_survey():
    # 8 patients, one item per dimension (a short form), mapping Q1 -> A, Q2 -> B, Q3 -> C:
    #   A: P - E = -1 for everybody but one at -2: a clear shortfall
    #   B: P - E = -1, 0, 1, -1, 0, 1, -1, 0: a negative gap (-1/8) that is not significant
    #   C: P - E = +1 for everybody but one at 0: a clear surplus (gap 7/8, between 0 and 1)
    e = pd.DataFrame({"Q1": [4] * 8, "Q2": [3] * 8, "Q3": [3] * 8})
    p = pd.DataFrame({"Q1": [3, 3, 3, 3, 3, 3, 3, 2], "Q2": [2, 3, 4, 2, 3, 4, 2, 3],
                      "Q3": [4, 4, 4, 4, 4, 4, 4, 3]})
    return e, p, {"Q1": "A", "Q2": "B", "Q3": "C"}


def test_summary_counts_only_significant_shortfalls():
    e, p, mapping = _three_dimension_survey()
    dims = sq.dimension_gaps(e, p, mapping)
    assert dims["alpha"].isna().all()              # one item per dimension: no alpha, still summarised
    tests = sq.paired_tests(e, p, mapping)
    # references: scipy's paired t and signed-rank tests, Holm by hand over the three dimensions
    d = {dim: p[q].to_numpy(float) - e[q].to_numpy(float) for q, dim in mapping.items()}
    pt = {k: stats.ttest_rel(v, np.zeros(8)).pvalue for k, v in d.items()}
    pw = {k: stats.wilcoxon(v).pvalue for k, v in d.items()}
    assert pt["B"] > 0.5 and max(pt["A"], pt["C"], pw["A"], pw["C"]) < 0.05 / 3
    assert tests["significant"].tolist() == [True, False, True]
    s = sq.summary(dims, tests)
    assert s.worst == "A" and s.gap == pytest.approx(-9 / 8, abs=1e-12) and s.n_dimensions == 3
    # A: 8 negative differences, exact signed-rank p = 2 / 2^8; the smallest of the three, so Holm x 3
    assert pw["A"] == pytest.approx(2 / 2 ** 8, abs=1e-15) and pw["A"] < pw["C"] < pw["B"]
    assert s.p_w_adj == pytest.approx(3 * 2 / 2 ** 8, abs=1e-15)
    assert s.significant and s.n_shortfalls == 1


def test_tables_count_respondents_in_whole_numbers():
    survey, _ = sq.prepare_survey(CLINIC.assign(W_Fiabilidad=100), CLINIC_MAP,
                                  design_table=pd.DataFrame({"dimension": ["Fiabilidad"], "design": [4]}))
    a = sq.analyse(survey)
    assert a.design["n"].dtype.kind == "i" and a.design["n"].tolist() == [5]
    assert a.tests["n"].dtype.kind == "i" and a.tests.index.name == "dimension"
    assert a.ipa["n"].tolist() == [5] and a.ipa["n"].dtype.kind == "i"
    assert a.ipa["priority"].dtype.kind == "i" and a.ipa["priority"].tolist() == [1]


def test_importance_performance_dimension_on_the_crosshairs_counts_as_high():
    # mean importance: A (50 + 30) / 2 = 40, B 25, C 10, D 25 -> cut (40 + 25 + 10 + 25) / 4 = 25;
    # perception 3.0, 3.5, 4.0, 3.5 -> cut 3.5. B and D sit exactly on both cuts: important and
    # performing (keep_up); A concentrate, C possible_overkill
    gaps = pd.DataFrame({"perception": [3.0, 3.5, 4.0, 3.5], "gap": [-1.0, -0.5, 0.5, -0.25]},
                        index=pd.Index(["A", "B", "C", "D"], name="dimension"))
    w = pd.DataFrame({"A": [50, 30], "B": [20, 30], "C": [10, 10], "D": [20, 30]})
    ipa = sq.importance_performance(gaps, w)
    assert ipa["importance"].tolist() == [40.0, 25.0, 10.0, 25.0] and ipa["n"].tolist() == [2] * 4
    assert ipa["quadrant"].tolist() == ["concentrate", "keep_up", "possible_overkill", "keep_up"]


def test_importance_sheet_without_a_dimension_has_no_valid_row():
    # the sheet has no D column: every patient's D points are blank, so no row is valid
    # (valid_importance: no blank), even though A + B + C add up to 100
    gaps = pd.DataFrame({"perception": [3.0, 3.5, 4.0, 3.5], "gap": [-1.0, -0.5, 0.5, -0.25]},
                        index=pd.Index(["A", "B", "C", "D"], name="dimension"))
    w = pd.DataFrame({"A": [50, 40], "B": [30, 30], "C": [20, 30]})
    ipa = sq.importance_performance(gaps, w)
    assert ipa["n"].tolist() == [0] * 4 and ipa["importance"].isna().all()
