"""Tests that kill mutants of core/servqual/ that the module tests let survive (issue 20, docs/MUTATION.md).

Expected values are hand calculations written out here, or pingouin/scipy; never core.servqual itself.
Problem codes and their parameter names are what the page translates (servqual.problem.<code>).
"""
import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from core import servqual as sq

E = {"E1": [4, 5, 3, 4], "E2": [5, 5, 4, 3], "E3": [3, 4, 4, 5], "E4": [4, 4, 5, 5]}
P = {"P1": [3, 5, 3, 4], "P2": [4, 4, 3, 3], "P3": [3, 3, 4, 4], "P4": [2, 4, 4, 5]}
MAP = pd.DataFrame({"item": ["Q1", "Q2", "Q3", "Q4"], "dimension": ["A", "A", "B", "B"]})


def _table(**extra):
    return pd.DataFrame({"respondent": ["r1", "r2", "r3", "r4"], **E, **P, **extra})


def _codes(problems):
    return {pr.code: pr.params for pr in problems}


def test_overall_expectation_alpha_and_problems_without_mapping():
    survey, _ = sq.prepare_survey(_table(), MAP)
    a = sq.analyse(survey)
    e = survey.expectations
    assert a.alpha_overall_expectation == pytest.approx(pg.cronbach_alpha(e)[0], abs=1e-12)
    assert a.n_alpha_overall == 4
    bare, problems = sq.prepare_survey(_table())  # 4 items, no mapping: no dimensions
    assert "no_mapping" in _codes(problems)
    b = sq.analyse(bare)
    assert b.dimensions is None and b.n_alpha_overall == 0 and math.isnan(b.alpha_overall)


def test_design_table_values_and_its_problems():
    design = pd.DataFrame({"dimension": ["A", "B", "Z"], "design": [4.5, "9", 3]})
    survey, problems = sq.prepare_survey(_table(), MAP, design_table=design)
    assert survey.design.to_dict() == {"A": 4.5}
    codes = _codes(problems)
    assert codes["design_unknown_dimension"] == {"dimensions": "Z"}
    assert codes["design_out_of_scale"] == {"values": "B=9", "scale": 5}
    ok, _ = sq.prepare_survey(_table(), MAP, design_table=pd.DataFrame({"dimension": ["B"], "design": ["4"]}))
    assert ok.design.to_dict() == {"B": 4.0}
    # design_gaps: P3 = 3 3 4 4, P4 = 2 4 4 5: respondent means 2.5 3.5 4 4.5, mean 3.625; 3.625 - 4 = -0.375
    gaps = sq.dimension_gaps(ok.expectations, ok.perceptions, ok.mapping)
    table = sq.design_gaps(gaps, None, ok.design)
    assert table.loc["B", "gap_design"] == pytest.approx(-0.375) and table.loc["B", "n"] == 4


def test_importance_problems_name_columns_and_dimensions():
    _, problems = sq.prepare_survey(_table(W_A=[50, 60, 40, 30], W_Zeta=[50, 40, 60, 70]), MAP)
    codes = _codes(problems)
    assert codes["importance_unknown_dimension"] == {"columns": "W_Zeta"}
    assert codes["importance_incomplete"] == {"dimensions": "B"}


def test_zero_importance_points_are_valid():
    w = pd.DataFrame({"A": [0, 50, "n/d"], "B": [100, 50, 100]})
    assert sq.valid_importance(w).tolist() == [True, True, False]


def test_one_sided_respondents_listed_five_then_ellipsis_and_single_respondent():
    n = 7
    table = pd.DataFrame({"respondent": [f"r{i}" for i in range(1, n + 1)],
                          "E1": [4] * n, "E2": [4] * n,
                          "P1": [3] + [np.nan] * (n - 1), "P2": [3] + [np.nan] * (n - 1)})
    survey, problems = sq.prepare_survey(table, MAP.iloc[:2])
    codes = _codes(problems)
    assert codes["respondents_one_side"] == {"count": 6, "respondents": "r2, r3, r4, r5, r6, …"}
    assert codes["single_respondent"] == {"n": 1}
    assert survey.n_blank == 12


def test_mapping_problems_codes_and_params():
    dup = pd.DataFrame({"item": ["Q1", "Q1", "Q2", "Q3", "Q4"], "dimension": ["A", "B", "A", "B", "B"]})
    _, problems = sq.prepare_survey(_table(), dup)
    assert _codes(problems)["mapping_duplicate_item"] == {"items": "Q1"}
    _, problems = sq.prepare_survey(_table(), pd.DataFrame({"item": ["Q9"], "dimension": ["A"]}))
    assert "mapping_empty" in _codes(problems)


def test_segment_series_keeps_its_name():
    survey, _ = sq.prepare_survey(_table(segment=["sede 1", "sede 2", "sede 1", " "]), MAP)
    assert survey.segment.name == "segment"
    assert survey.segment.tolist()[:3] == ["sede 1", "sede 2", "sede 1"] and pd.isna(survey.segment.iloc[3])


def test_item_number_of_a_fractional_float_is_none():
    assert sq.item_number(2.0) == 2 and sq.item_number(2.5) is None


def test_strict_functions_name_the_unpaired_items():
    e = pd.DataFrame({"E1": [4, 5], "E2": [3, 4], "E3": [4, 4]})
    p = pd.DataFrame({"P1": [3, 5], "P2": [3, 3], "P4": [4, 4]})
    with pytest.raises(sq.ServqualError) as err:
        sq.dimension_gaps(e, p, {"Q1": "A", "Q2": "A", "Q3": "A"})
    assert err.value.code == "items_unpaired"
    assert err.value.params == {"only_e": "E3", "only_p": "P4"}


def test_item_interval_with_two_respondents_by_hand():
    # item Q1 differences P - E: (3 - 4, 5 - 5) = (-1, 0): mean -0.5, sd 0.70711, se 0.5,
    # t(0.975; 1) = 12.7062 -> -0.5 -/+ 6.3531
    e = pd.DataFrame({"Q1": [4, 5], "Q2": [5, 5]})
    p = pd.DataFrame({"Q1": [3, 5], "Q2": [4, 4]})
    items = sq.item_gaps(e, p, {"Q1": "A", "Q2": "A"})
    assert list(items.columns) == ["dimension", "expectation", "perception", "gap", "gap_low", "gap_high", "n"]
    row = items.loc["Q1"]
    half = stats.t.ppf(0.975, 1) * 0.5
    assert (row["expectation"], row["gap"]) == (4.5, -0.5)
    assert (row["gap_low"], row["gap_high"]) == pytest.approx((-0.5 - half, -0.5 + half), rel=1e-12)


def test_mean_of_means_variance_with_a_column_of_two_by_hand():
    # a = 1, 2, 3 (n 3, var 1); b = 2, 4, - (n 2, var 2); cov(a, b) on the two common rows = 1.
    # (1/4) [1*3/9 + 2*2/4 + 2 * 1*2/(3*2)] = (1/4)(1/3 + 1 + 2/3) = 0.5
    gaps = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 4.0, np.nan]})
    assert sq.mean_of_means_variance(gaps) == pytest.approx(0.5, rel=1e-12)


def test_paired_tests_when_every_gap_is_the_same():
    e = pd.DataFrame({"Q1": [3, 4, 2], "Q2": [3, 4, 2]})
    p = e + 1  # every respondent one point above expectation: a certain, positive gap
    row = sq.paired_tests(e, p, {"Q1": "A", "Q2": "A"}).loc["A"]
    assert (row["n"], row["gap"], row["df"], row["p_t"]) == (3, 1.0, 2, 0.0)


def test_holm_on_integer_p_values_by_hand():
    # sorted (0, 1): 2 x 0 = 0, then max(0, min(1, 1 x 1)) = 1
    assert sq.holm([1, 0]).tolist() == [1.0, 0.0]


def test_item_table_columns_without_items_and_holm_floats():
    empty = pd.DataFrame(index=[0, 1])
    assert list(sq.item_gaps(empty, empty, {}).columns) == ["dimension", "expectation", "perception", "gap",
                                                            "gap_low", "gap_high", "n"]
    assert sq.holm([1, 0]).dtype == float


# --------------------------------------------------------------------------------------------
# sampled run (seed 22), 30 Nov, fourth session
# --------------------------------------------------------------------------------------------
# Hand values of _table() with MAP (A = Q1, Q2; B = Q3, Q4), respondents r1..r4:
#   A: E means 4.5 5 3.5 3.5, P means 3.5 4.5 3 3.5 -> gaps -1 -0.5 -0.5 0    (mean -0.5)
#   B: E means 3.5 4 4.5 5,   P means 2.5 3.5 4 4.5 -> gaps -1 -0.5 -0.5 -0.5 (mean -0.625)


def test_analyse_with_importance_missing_a_dimension_reports_it_and_drops_the_weights():
    survey, _ = sq.prepare_survey(_table(), MAP)
    only_a = pd.DataFrame({"A": [100, 100, 100, 100]}, index=survey.expectations.index)
    from dataclasses import replace
    a = sq.analyse(replace(survey, importance=only_a))
    assert sq.Problem("importance_incomplete", {"dimensions": "B"}) in a.problems
    assert a.ipa is None and a.ipa_crosshairs is None
    # unweighted = (-0.5 + -0.625) / 2 = -0.5625; no weighted score
    assert a.scores.unweighted == pytest.approx(-0.5625, abs=1e-12)
    assert math.isnan(a.scores.weighted) and a.scores.n_weighted == 0


def test_dimension_nobody_completed_is_named_without_a_warning():
    import warnings
    table = _table()
    table["E3"] = [np.nan, "n/d", np.nan, np.nan]     # nobody answered E3: dimension B has no respondent
    survey, _ = sq.prepare_survey(table, MAP)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # no "mean of empty slice"
        a = sq.analyse(survey)
    assert sq.Problem("dimension_empty", {"dimensions": "B"}) in a.problems
    assert a.dimensions["n"].tolist() == [4, 0] and a.dimensions["n"].dtype.kind == "i"
    assert a.dimensions.loc["A", "expectation"] == 4.125   # (4.5 + 5 + 3.5 + 3.5) / 4
    assert math.isnan(a.dimensions.loc["B", "expectation"])


def test_design_standard_of_one_is_on_the_scale():
    design = pd.DataFrame({"dimension": ["A"], "design": [1]})
    survey, problems = sq.prepare_survey(_table(), MAP, design_table=design)
    assert "design_out_of_scale" not in _codes(problems)
    assert survey.design.to_dict() == {"A": 1.0}
    gaps = sq.dimension_gaps(survey.expectations, survey.perceptions, survey.mapping)
    table = sq.design_gaps(gaps, None, survey.design)
    # perception A = (3.5 + 4.5 + 3 + 3.5) / 4 = 3.625; 3.625 - 1 = 2.625
    assert table.index.name == "dimension" and table.index.tolist() == ["A"]
    assert table.loc["A", "gap_design"] == 2.625


def test_importance_point_typed_as_text_is_an_invalid_row():
    survey, problems = sq.prepare_survey(_table(W_A=[50, "n/d", 40, 30], W_B=[50, 80, 60, 70]), MAP)
    assert _codes(problems)["importance_bad_rows"] == {"count": 1, "respondents": "r2"}
    assert survey.importance["A"].isna().tolist() == [False, True, False, False]


def test_mapping_row_without_dimension_is_named_by_its_item():
    mapping = pd.DataFrame({"item": ["Q1", "Q2", "Q3", "Q4"],
                            "dimension": ["Empatía", "empatia", "Seguridad", np.nan]})
    survey, problems = sq.prepare_survey(_table(), mapping)
    assert _codes(problems)["mapping_unknown_dimension"] == {"dimensions": "(Q4)"}
    assert survey.mapping == {"Q1": "empathy", "Q2": "empathy", "Q3": "assurance"}
    blank = mapping.assign(dimension=["Empatía", "  ", "Seguridad", "Seguridad"])
    _, problems = sq.prepare_survey(_table(), blank)
    assert _codes(problems)["mapping_unknown_dimension"] == {"dimensions": "(Q2)"}


def test_duplicate_mapping_row_keeps_the_first_and_maps_the_rest():
    dup = pd.DataFrame({"item": ["Q1", "Q1", "Q2", "Q3", "Q4"], "dimension": ["A", "B", "A", "B", "B"]})
    survey, _ = sq.prepare_survey(_table(), dup)
    assert survey.mapping == {"Q1": "A", "Q2": "A", "Q3": "B", "Q4": "B"}


def test_respondents_without_a_respondent_column_are_numbered_from_one():
    survey, _ = sq.prepare_survey(_table().drop(columns="respondent"), MAP)
    assert survey.expectations.index.name == "respondent"
    assert survey.expectations.index.tolist() == [1, 2, 3, 4]


def test_weighted_score_interval_by_hand():
    # W_A 50 20 80 100, W_B 50 80 20 0 (each row sums to 100); per respondent sum w_d/100 * gap_d:
    # r1 .5(-1) + .5(-1) = -1; r2 .2(-.5) + .8(-.5) = -.5; r3 -.5; r4 1(0) + 0(-.5) = 0
    # mean -0.5; sd = sqrt((.25 + 0 + 0 + .25) / 3) = sqrt(1/6); se = sqrt(1/6) / 2 = 0.2041241
    # t(0.975; 3) = 3.1824463 -> -0.5 -/+ 0.6496141 = (-1.1496141, 0.1496141)
    survey, _ = sq.prepare_survey(_table(W_A=[50, 20, 80, 100], W_B=[50, 80, 20, 0]), MAP)
    s = sq.analyse(survey).scores
    half = stats.t.ppf(0.975, 3) * math.sqrt(1 / 6) / 2
    assert s.weighted == pytest.approx(-0.5, abs=1e-12) and s.n_weighted == 4
    assert (s.weighted_low, s.weighted_high) == pytest.approx((-0.5 - half, -0.5 + half), rel=1e-12)
    assert s.weighted_high == pytest.approx(0.1496141, abs=1e-7)


def test_item_table_names_each_items_dimension():
    survey, _ = sq.prepare_survey(_table(), MAP)
    items = sq.item_gaps(survey.expectations, survey.perceptions, {"Q1": "A", "Q2": "A", "Q3": "B"})
    assert items["dimension"].tolist()[:3] == ["A", "A", "B"] and pd.isna(items.loc["Q4", "dimension"])
    # Q4: E 4 4 5 5, P 2 4 4 5 -> gaps -2 0 -1 0, mean -0.75
    assert items.loc["Q4", "gap"] == -0.75


def test_tests_of_a_single_respondent_are_float_nan():
    survey, _ = sq.prepare_survey(_table().iloc[:1], MAP)
    tests = sq.analyse(survey).tests
    assert tests["n"].tolist() == [1, 1]
    for col in ("t", "df", "p_t", "w", "p_w", "p_t_adj", "p_w_adj"):
        assert tests[col].dtype == float and tests[col].isna().all(), col


# --------------------------------------------------------------------------------------------
# sampled run (seed 23), 30 Nov, fourth session
# --------------------------------------------------------------------------------------------
def test_text_answer_is_counted_as_not_a_number():
    table = _table()
    table["E1"] = ["n/d", 5, 3, 4]
    table["P3"] = [3, "tres", 4, "?"]
    _, problems = sq.prepare_survey(table, MAP)
    assert _codes(problems)["not_a_number"] == {"count": 3}


def test_more_than_five_cells_off_the_scale_list_five_then_an_ellipsis():
    table = _table()
    table["E1"] = [6, 6, 6, 6]          # 6 is off a 1-5 scale: four cells of E1 ...
    table["P1"] = [6, 6, 3, 4]          # ... and two of P1: six in all
    _, problems = sq.prepare_survey(table, MAP, scale_max=5)
    assert _codes(problems)["out_of_scale"] == {
        "count": 6, "scale": 5, "cells": "r1: E1=6, r2: E1=6, r3: E1=6, r4: E1=6, r1: P1=6, …"}


def test_design_series_is_named_design():
    design = pd.DataFrame({"dimension": ["A", "B"], "design": [4, 4.5]})
    survey, _ = sq.prepare_survey(_table(), MAP, design_table=design)
    assert survey.design.name == "design" and survey.design.to_dict() == {"A": 4.0, "B": 4.5}


def test_no_mapping_names_the_number_of_items():
    _, problems = sq.prepare_survey(_table())    # 4 items, not the 22 of the standard questionnaire
    assert _codes(problems)["no_mapping"] == {"n_items": 4}


def test_segment_is_indexed_by_respondent():
    survey, _ = sq.prepare_survey(_table(segment=["sede 1", "sede 2", "sede 1", "sede 2"]), MAP)
    assert survey.segment.index.tolist() == ["r1", "r2", "r3", "r4"]
    assert survey.segment.index.equals(survey.expectations.index)


def test_subset_keeps_only_its_segment():
    survey, _ = sq.prepare_survey(_table(segment=["sede 1", "sede 2", "sede 1", "sede 2"]), MAP)
    sub = survey.subset("sede 1")
    assert sub.segment.tolist() == ["sede 1", "sede 1"] and sub.segment.index.tolist() == ["r1", "r3"]
    assert sub.segments() == ["sede 1"] and sub.subset("sede 1").n_respondents == 2


def test_paired_tests_columns_and_effect_sizes_of_a_single_respondent():
    survey, _ = sq.prepare_survey(_table().iloc[:1], MAP)
    tests = sq.analyse(survey).tests
    assert list(tests.columns) == ["n", "gap", "t", "df", "p_t", "w", "p_w", "cohen_dz", "r_rb",
                                   "p_t_adj", "p_w_adj", "significant"]
    for col in ("cohen_dz", "r_rb"):
        assert tests[col].dtype == float and tests[col].isna().all(), col


def test_paired_t_degrees_of_freedom_are_n_minus_one():
    # 4 respondents with spread gaps in A (-1 -0.5 -0.5 0) and B (-1 -0.5 -0.5 -0.5): df = 4 - 1 = 3
    survey, _ = sq.prepare_survey(_table(), MAP)
    tests = sq.analyse(survey).tests
    assert tests["df"].tolist() == [3, 3]
    e, p = survey.expectations, survey.perceptions
    ref = pg.ttest(p[["Q1", "Q2"]].mean(axis=1), e[["Q1", "Q2"]].mean(axis=1), paired=True)
    assert ref["dof"].iloc[0] == 3 and tests.loc["A", "t"] == pytest.approx(ref["T"].iloc[0], rel=1e-12)


# seed 24
# sampled run (seed 24, fresh), 30 Nov, fifth session
# --------------------------------------------------------------------------------------------
def test_summary_interval_and_adjusted_p_of_the_worst_dimension_by_hand():
    # respondents' gaps (P - E, mean over the dimension's items):
    #   A (Q1, Q2): -1, -0.5, -0.5, 0      mean -0.5,   sd sqrt(0.5 / 3) = 0.408248
    #   B (Q3, Q4): -1, -0.5, -0.5, -0.5   mean -0.625, sd sqrt(0.1875 / 3) = 0.25  -> B is the worst
    # B's interval: -0.625 -+ t(0.975; 3) x 0.25 / 2 = -0.625 -+ 3.182446 x 0.125 = [-1.022806, -0.227194]
    # paired t: B t = -0.625 / 0.125 = -5, A t = -0.5 / 0.204124 = -2.449490 (df 3);
    # Holm over 2: the smaller p (B) doubled, the larger (A) times 1, never below the previous one
    survey, _ = sq.prepare_survey(_table(), MAP)
    a = sq.analyse(survey)
    s = sq.summary(a.dimensions, a.tests)
    t3 = stats.t.ppf(0.975, 3)
    assert t3 == pytest.approx(3.182446, abs=1e-6)
    assert s.worst == "B" and s.gap == pytest.approx(-0.625, abs=1e-12)
    assert s.gap_low == pytest.approx(-0.625 - t3 * 0.125, rel=1e-12)
    assert s.gap_high == pytest.approx(-0.625 + t3 * 0.125, rel=1e-12)
    assert s.gap_low == pytest.approx(-1.022806, abs=1e-6)
    p_b, p_a = 2 * stats.t.sf(5.0, 3), 2 * stats.t.sf(0.5 / math.sqrt(0.5 / 3 / 4), 3)
    assert p_b == pytest.approx(0.015392, abs=1e-6) and p_b < p_a
    assert s.p_t_adj == pytest.approx(2 * p_b, rel=1e-12)


def test_importance_performance_table_is_indexed_by_dimension():
    # importance points A/B per respondent: 60/40, 50/50, 40/60, 70/30 (each row sums to 100):
    # mean importance A 55, B 45; contribution = importance / 100 x gap: A 0.55 x -0.5 = -0.275,
    # B 0.45 x -0.625 = -0.28125 -> B first
    survey, _ = sq.prepare_survey(_table(W_A=[60, 50, 40, 70], W_B=[40, 50, 60, 30]), MAP)
    ipa = sq.analyse(survey).ipa
    assert ipa.index.name == "dimension" and ipa.index.tolist() == ["A", "B"]
    assert ipa["importance"].tolist() == pytest.approx([55.0, 45.0], abs=1e-12)
    assert ipa["contribution"].tolist() == pytest.approx([-0.275, -0.28125], abs=1e-12)
    assert ipa["priority"].tolist() == [2, 1]


def test_scale_read_from_raw_answers_ignores_text():
    # answers as typed in a spreadsheet, with "NS/NR" (no sabe / no responde) and a blank:
    # the largest number is 6 > 5, so a 1-7 scale; all at most 5 -> 1-5
    assert sq.infer_scale_max(np.array(["5", "6", "NS/NR", None], dtype=object)) == 7
    assert sq.infer_scale_max(["4", "NS/NR", 5, ""]) == 5


# seed 25
# sampled run (seed 25, fresh), 30 Nov, fifth session: 8 survivors, all killed below.
# --------------------------------------------------------------------------------------------
def test_empty_mapping_problem_has_no_parameters_to_fill():
    # a mapping sheet naming only an item the survey lacks (Q9): "mapping_empty", whose text has no
    # placeholder; the page fills it with dict(params), so params is an empty dict, not None
    _, problems = sq.prepare_survey(_table(), pd.DataFrame({"item": ["Q9"], "dimension": ["Fiabilidad"]}))
    empty = [pr for pr in problems if pr.code == "mapping_empty"]
    assert len(empty) == 1 and empty[0].params == {} and empty[0].fatal


def test_subset_counts_the_blank_answers_of_its_segment():
    # sede 1 = r1 and r3. Blanks: E2 of r1, P4 of r1, P1 of r3 (3 in sede 1); E3 of r2 (sede 2)
    table = _table(segment=["sede 1", "sede 2", "sede 1", "sede 2"]).astype(object)
    for row, col in ((0, "E2"), (0, "P4"), (2, "P1"), (1, "E3")):
        table.loc[row, col] = None
    survey, _ = sq.prepare_survey(table, MAP)
    assert survey.n_blank == 4
    assert survey.subset("sede 1").n_blank == 3 and survey.subset("sede 2").n_blank == 1


def test_overall_score_keeps_a_dimension_only_one_respondent_completed():
    # Q1, Q2 = A; Q3, Q4 = B. Respondents' A gaps: r1 (3+4)/2 - (4+5)/2 = -1, r2 4.5 - 5 = -0.5,
    # r3 3.5 - 4 = -0.5 -> mean -2/3. B complete only for r1: 2.5 - 4.5 = -2.
    # Unweighted = (-2/3 - 2) / 2 = -4/3; B's gap rests on 1 respondent: no variance, no interval.
    nan = np.nan
    e = pd.DataFrame({"Q1": [4, 5, 4], "Q2": [5, 5, 4], "Q3": [4, nan, nan], "Q4": [5, 4, nan]})
    p = pd.DataFrame({"Q1": [3, 4, 4], "Q2": [4, 5, 3], "Q3": [2, 3, 4], "Q4": [3, nan, 4]})
    s = sq.overall_scores(e, p, {"Q1": "A", "Q2": "A", "Q3": "B", "Q4": "B"})
    assert s.unweighted == pytest.approx(-4.0 / 3.0, rel=1e-12)
    assert math.isnan(s.unweighted_low) and math.isnan(s.unweighted_high) and s.n_unweighted == 3


def test_no_difference_at_all_is_not_significant():
    # a pilot of 3 patients answering the same in E and P for both items: every gap 0, no variation;
    # the t test has nothing to reject: p_t = 1 (and after Holm), Wilcoxon cannot run (no non-zero gap)
    e = pd.DataFrame({"Q1": [4, 5, 3], "Q2": [5, 5, 4]})
    row = sq.paired_tests(e, e.copy(), {"Q1": "A", "Q2": "A"}).loc["A"]
    assert (row["n"], row["gap"], row["df"], row["p_t"], row["p_t_adj"]) == (3, 0.0, 2, 1.0, 1.0)
    assert math.isnan(row["p_w"]) and not row["significant"]


def test_significant_needs_the_wilcoxon_p_strictly_below_alpha():
    # 5 respondents whose gaps are 0.2, 0.4, 0.6, 0.8, 1.0 (all positive, distinct): the exact
    # two-sided signed-rank p is 2 x (1/32) = 0.0625 = 1/16, exactly representable. At alpha = 1/16
    # the t test rejects (t = 0.6 / (0.316228 / sqrt 5) = 4.2426, df 4, p = 0.0132) but p_w = alpha does
    # not: "significant" needs both strictly below alpha.
    e = pd.DataFrame({"Q1": [3.0] * 5, "Q2": [3.0] * 5})
    p = e + np.array([[0.2], [0.4], [0.6], [0.8], [1.0]])
    row = sq.paired_tests(e, p, {"Q1": "A", "Q2": "A"}, alpha=1 / 16).loc["A"]
    assert row["p_w_adj"] == 0.0625
    assert row["p_t_adj"] == pytest.approx(2 * stats.t.sf(0.6 / math.sqrt(0.1 / 5), 4), rel=1e-9)
    assert not row["significant"]


def test_survey_without_mapped_items_gives_empty_tables_with_their_columns():
    # a consultant's own mapping that maps nothing: no dimension, empty tables that keep their columns
    e = pd.DataFrame({"Q1": [4, 5], "Q2": [5, 5]})
    p = pd.DataFrame({"Q1": [3, 5], "Q2": [4, 4]})
    tests = sq.paired_tests(e, p, {})
    assert len(tests) == 0 and list(tests.columns) == ["n", "gap", "t", "df", "p_t", "w", "p_w", "cohen_dz",
                                                       "r_rb", "p_t_adj", "p_w_adj", "significant"]
    per = sq.perception_intervals(e, p, {})
    assert len(per) == 0 and list(per.columns) == ["mean", "low", "high"]


def test_item_table_is_indexed_by_item():
    items = sq.item_gaps(pd.DataFrame({"Q1": [4, 5], "Q2": [5, 5]}), pd.DataFrame({"Q1": [3, 5], "Q2": [4, 4]}),
                         {"Q1": "A", "Q2": "A"})
    assert items.index.name == "item" and items.index.tolist() == ["Q1", "Q2"]
