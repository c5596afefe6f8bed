"""Kill tests for the survivors of the first FULL mutation run of core/servqual/prepare.py (issue 20,
docs/MUTATION.md "Full runs"; test-output/mutation/servqual/survivors.txt, names core.servqual.prepare.*).

Expected values are what the user typed and counts made by hand in the comments, never core.servqual
itself. Problem codes and their parameter names are what the page translates (servqual.problem.<code>).
The "# full run" block at the end says, for every survivor of prepare.py not killed here, why it is
equivalent.
"""
import numpy as np
import pandas as pd
import pytest

from core import servqual as sq

# A clinic's small survey, 4 items: A = Q1, Q2 (trato), B = Q3, Q4 (tiempos); patients P-01..P-04.
RESP = ["P-01", "P-02", "P-03", "P-04"]
E = {"E1": [5, 4, 5, 4], "E2": [5, 5, 4, 4], "E3": [4, 5, 5, 3], "E4": [5, 4, 4, 5]}
P = {"P1": [4, 4, 3, 4], "P2": [3, 5, 4, 2], "P3": [2, 3, 4, 3], "P4": [4, 4, 2, 5]}
MAP = pd.DataFrame({"item": ["Q1", "Q2", "Q3", "Q4"], "dimension": ["A", "A", "B", "B"]})
SPANISH = ["Tangibles", "Fiabilidad", "Capacidad de respuesta", "Seguridad", "Empatía"]


def _table(**extra):
    return pd.DataFrame({"respondent": RESP, **E, **P, **extra})


def _wide(n_items, n_resp=3, **extra):
    """A survey of ``n_items`` items answered by ``n_resp`` patients (E 5/4/5..., P 4/3/4...)."""
    cols = {"respondent": [f"P-{i:02d}" for i in range(1, n_resp + 1)]}
    for k in range(1, n_items + 1):
        cols[f"E{k}"] = [5 - (i % 2) for i in range(n_resp)]
    for k in range(1, n_items + 1):
        cols[f"P{k}"] = [4 - (i % 2) for i in range(n_resp)]
    return pd.DataFrame({**cols, **extra})


def _codes(problems):
    return {pr.code: pr.params for pr in problems}


# ----------------------------------------------------------------------------- respondents and blanks

def test_blanks_are_counted_by_cell_and_by_respondent():
    # P-01 left Q2 blank on both sides (2 cells), P-03 left P4 blank (1 cell): 3 blank cells,
    # 2 respondents with at least one blank (P-01 and P-03)
    table = _table().astype(object)
    table.loc[0, "E2"] = None
    table.loc[0, "P2"] = ""
    table.loc[2, "P4"] = np.nan
    survey, problems = sq.prepare_survey(table, MAP)
    assert _codes(problems)["blanks"] == {"count": 3, "respondents": 2}
    assert survey.n_blank == 3


def test_patient_who_left_every_expectation_blank_answered_one_side():
    # P-02 answered the perceptions only: one-sided, and 3 respondents answered both sides
    table = _table().astype(object)
    for col in E:
        table.loc[1, col] = None
    _, problems = sq.prepare_survey(table, MAP)
    codes = _codes(problems)
    assert codes["respondents_one_side"] == {"count": 1, "respondents": "P-02"}
    assert "single_respondent" not in codes
    assert codes["blanks"] == {"count": 4, "respondents": 1}


def test_two_respondents_are_enough_for_the_analysis():
    _, problems = sq.prepare_survey(_table().iloc[:2], MAP)
    assert "single_respondent" not in _codes(problems)
    _, problems = sq.prepare_survey(_table().iloc[:1], MAP)
    assert _codes(problems)["single_respondent"] == {"n": 1}


def test_respondent_column_names_the_rows():
    survey, _ = sq.prepare_survey(_table(), MAP)
    for frame in (survey.expectations, survey.perceptions):
        assert frame.index.name == "respondent" and frame.index.tolist() == RESP


# ----------------------------------------------------------------------------- design standards

def test_design_standards_named_in_spanish_on_the_standard_questionnaire():
    # 22 items, no mapping sheet: the 1988 dimensions. Standards typed with Spanish names; 5 is the
    # top of a 1-5 scale (valid); "alto" is not a number (reported, not a crash)
    design = pd.DataFrame({"dimension": ["Fiabilidad", "Empatía", "Capacidad de respuesta"],
                           "design": [4.5, 5, "alto"]})
    survey, problems = sq.prepare_survey(_wide(22), design_table=design)
    assert survey.scale_max == 5
    assert survey.design.to_dict() == {"reliability": 4.5, "empathy": 5.0}
    codes = _codes(problems)
    assert codes["design_out_of_scale"] == {"values": "Capacidad de respuesta=alto", "scale": 5}
    assert "design_unknown_dimension" not in codes


def test_design_for_a_dimension_the_mapping_lacks_is_unknown():
    # the mapping has A and B only; "Empatía" is a real SERVQUAL dimension but not in this survey
    design = pd.DataFrame({"dimension": ["A", "Empatía"], "design": [4, 4]})
    survey, problems = sq.prepare_survey(_table(), MAP, design_table=design)
    assert survey.design.to_dict() == {"A": 4.0}
    assert _codes(problems)["design_unknown_dimension"] == {"dimensions": "Empatía"}


def test_design_without_a_usable_row_gives_no_design():
    design = pd.DataFrame({"dimension": ["Z", "A"], "design": [4, 8]})
    survey, problems = sq.prepare_survey(_table(), MAP, design_table=design)
    assert survey.design is None
    assert _codes(problems)["design_out_of_scale"] == {"values": "A=8", "scale": 5}


# ----------------------------------------------------------------------------- importance points

def test_importance_columns_named_in_spanish_on_the_standard_questionnaire():
    points = {"W_Tangibles": [10, 20, 15], "W_Fiabilidad": [30, 20, 25], "W_Capacidad_de_respuesta": [20, 20, 20],
              "W_Seguridad": [20, 20, 20], "W_Empatía": [20, 20, 20]}   # each row sums to 100
    survey, problems = sq.prepare_survey(_wide(22, **points))
    codes = _codes(problems)
    assert "importance_unknown_dimension" not in codes and "importance_bad_rows" not in codes
    assert list(survey.importance.columns) == list(sq.DIMENSIONS)
    assert survey.importance["reliability"].tolist() == [30, 20, 25]
    assert survey.importance["tangibles"].tolist() == [10, 20, 15]


def test_importance_of_a_dimension_the_mapping_lacks_is_named():
    survey, problems = sq.prepare_survey(
        _table(W_A=[50, 60, 40, 30], W_B=[50, 40, 60, 70], W_Empatia=[0, 0, 0, 0]), MAP)
    assert _codes(problems)["importance_unknown_dimension"] == {"columns": "W_Empatia"}
    assert list(survey.importance.columns) == ["A", "B"]
    assert survey.importance["B"].tolist() == [50, 40, 60, 70]


def test_six_invalid_importance_rows_list_five_then_an_ellipsis():
    # 7 patients; rows 1-6 sum to 90 (invalid), row 7 to 100
    resp = [f"P-{i:02d}" for i in range(1, 8)]
    table = pd.DataFrame({"respondent": resp, "E1": [4] * 7, "E2": [5] * 7, "P1": [3] * 7, "P2": [4] * 7,
                          "W_A": [90] * 6 + [100]})
    _, problems = sq.prepare_survey(table, MAP.iloc[:2])
    assert _codes(problems)["importance_bad_rows"] == {
        "count": 6, "respondents": "P-01, P-02, P-03, P-04, P-05, …"}


def test_importance_points_within_half_a_point_of_100_are_valid():
    # typed by hand: 60.5 + 40 = 100.5 and 59.5 + 40 = 99.5 are taken as 100; 60.75 + 40 = 100.75 is not
    w = pd.DataFrame({"A": [60.5, 59.5, 60.75], "B": [40, 40, 40]})
    assert sq.valid_importance(w).tolist() == [True, True, False]


# ----------------------------------------------------------------------------- item -> dimension mapping

def test_unmapped_items_are_listed_eight_then_an_ellipsis():
    # the mapping names Q1 and Q2 only. With 10 items, 8 are unmapped (Q3..Q10): all listed;
    # with 11 items, 9 are unmapped: the first 8, then "…"
    two = pd.DataFrame({"item": ["Q1", "Q2"], "dimension": ["Fiabilidad", "Fiabilidad"]})
    _, problems = sq.prepare_survey(_wide(10), two)
    assert _codes(problems)["items_unmapped"] == {"items": "Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10"}
    _, problems = sq.prepare_survey(_wide(11), two)
    assert _codes(problems)["items_unmapped"] == {"items": "Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10, …"}


def test_no_unmapped_items_reported_for_a_complete_or_a_missing_mapping():
    _, problems = sq.prepare_survey(_table(), MAP)
    assert "items_unmapped" not in _codes(problems)
    _, problems = sq.prepare_survey(_table())            # no mapping for 4 items: only "no_mapping"
    codes = _codes(problems)
    assert "no_mapping" in codes and "items_unmapped" not in codes


def test_rows_after_a_blank_dimension_are_still_mapped():
    mapping = pd.DataFrame({"item": ["Q1", "Q2", "Q3", "Q4"],
                            "dimension": ["Empatía", None, "Seguridad", "seguridad"]})
    survey, problems = sq.prepare_survey(_table(), mapping)
    assert survey.mapping == {"Q1": "empathy", "Q3": "assurance", "Q4": "assurance"}
    assert _codes(problems)["mapping_unknown_dimension"] == {"dimensions": "(Q2)"}


def test_a_true_cell_in_the_item_column_is_not_item_one():
    # a checkbox (VERDADERO) read from Excel as True is not a question number
    assert sq.item_number(True) is None and sq.item_number(np.int64(7)) == 7
    mapping = pd.DataFrame({"item": [True, "Q2", "Q3", "Q4"], "dimension": ["A", "A", "B", "B"]})
    survey, problems = sq.prepare_survey(_table(), mapping)
    assert survey.mapping == {"Q2": "A", "Q3": "B", "Q4": "B"}
    assert _codes(problems)["mapping_unknown_item"] == {"items": "True"}


# ----------------------------------------------------------------------------- the survey table

def test_perception_asked_without_its_expectation_is_reported_with_a_dash_for_e():
    survey, problems = sq.prepare_survey(_table(P5=[4, 4, 3, 5]), MAP)
    assert _codes(problems)["items_unpaired"] == {"only_e": "–", "only_p": "P5"}
    assert list(survey.expectations.columns) == ["Q1", "Q2", "Q3", "Q4"]


def test_table_without_answer_columns_has_no_items():
    table = pd.DataFrame({"Paciente": RESP, "Expectativa 1": [5, 4, 5, 4], "Percepción 1": [4, 4, 3, 4]})
    survey, problems = sq.prepare_survey(table)
    assert survey is None
    assert [(pr.code, pr.params, pr.fatal) for pr in problems] == [("no_items", {}, True)]


def test_scale_read_from_the_answers_is_kept_beside_the_chosen_one():
    # a 7 in the answers suggests 1-7; she chose 1-5: the survey says both (the page captions it)
    table = _table()
    table["P1"] = [7, 4, 3, 4]
    survey, problems = sq.prepare_survey(table, MAP, scale_max=5)
    assert (survey.scale_max, survey.scale_inferred) == (5, 7)
    assert _codes(problems)["out_of_scale"]["cells"] == "P-01: P1=7"


def test_subset_keeps_the_importance_points_of_its_segment():
    survey, _ = sq.prepare_survey(_table(segment=["Sede Norte", "Sede Sur", "Sede Norte", "Sede Sur"],
                                         W_A=[60, 50, 40, 70], W_B=[40, 50, 60, 30]), MAP)
    sub = survey.subset("Sede Norte")
    assert sub.importance.index.tolist() == ["P-01", "P-03"]
    assert sub.importance["A"].tolist() == [60, 40]


# ----------------------------------------------------------------------------- strict functions

def test_strict_functions_name_the_unpaired_respondents():
    e = pd.DataFrame({"Q1": [4, 5, 3], "Q2": [5, 4, 4]}, index=["P-01", "P-02", "P-03"])
    p = pd.DataFrame({"Q1": [3, 5, 3], "Q2": [4, 4, 4]}, index=["P-01", "P-02", "P-04"])
    with pytest.raises(sq.ServqualError) as err:
        sq.dimension_gaps(e, p, {"Q1": "A", "Q2": "A"})
    assert err.value.code == "respondents_unpaired"
    assert err.value.params == {"only_e": "P-03", "only_p": "P-04"}


def test_item_table_without_mapping_uses_the_standard_one_only_for_22_items():
    # 4 items: no mapping, every item's dimension blank; 22 items: Parasuraman et al. (1988) by
    # position: 1-4 tangibles, 5-9 reliability, 10-13 responsiveness, 14-17 assurance, 18-22 empathy
    e4 = pd.DataFrame({"Q1": [4, 5], "Q2": [5, 5], "Q3": [3, 4], "Q4": [4, 4]})
    items = sq.item_gaps(e4, e4 - 1)
    assert items["dimension"].isna().all() and items["gap"].tolist() == [-1.0] * 4
    t = _wide(22)
    e22 = t[[f"E{k}" for k in range(1, 23)]]
    p22 = t[[f"P{k}" for k in range(1, 23)]]
    items = sq.item_gaps(e22, p22)
    dims = items["dimension"]
    assert (dims["Q1"], dims["Q4"], dims["Q5"], dims["Q9"], dims["Q10"], dims["Q13"], dims["Q14"],
            dims["Q17"], dims["Q18"], dims["Q22"]) == (
        "tangibles", "tangibles", "reliability", "reliability", "responsiveness", "responsiveness",
        "assurance", "assurance", "empathy", "empathy")


def test_mapping_naming_a_column_that_is_no_item_is_refused_by_name():
    # E1../P1.. tables paired by number; the mapping also names "Total", which is not an item
    e = pd.DataFrame({"E1": [4, 5], "E2": [5, 5]})
    p = pd.DataFrame({"P1": [3, 5], "P2": [4, 4]})
    with pytest.raises(sq.ServqualError) as err:
        sq.dimension_gaps(e, p, {"E1": "A", "E2": "A", "Total": "A"})
    assert err.value.code == "mapping_unknown_item" and err.value.params == {"items": "Total"}


def test_an_item_asked_twice_in_the_expectations_is_refused():
    # E2 and E_2 are both item 2: the tables do not pair one to one
    e = pd.DataFrame({"E1": [4, 5], "E2": [5, 5], "E_2": [5, 4]})
    p = pd.DataFrame({"P1": [3, 5], "P2": [4, 4]})
    with pytest.raises(sq.ServqualError) as err:
        sq.dimension_gaps(e, p, {"Q1": "A", "Q2": "A"})
    assert err.value.code == "items_unpaired"


# --------------------------------------------------------------------------------------------
# full run
# --------------------------------------------------------------------------------------------
# Survivors of core/servqual/prepare.py not killed above, all equivalent:
# - _blank_outside_scale 14 (`frame[bad] = None`): e and p are float64 (from _numeric); pandas stores None
#   as NaN in a float column (checked: same frame, same dtype).
# - _design_for 10 (`dim is None or <stripped label> in groups`): differs only when the label is canonical
#   AND its stripped text is a group key; a group key is either a canonical name (then it is that same
#   dimension: name_key strips) or a label whose canonical_dimension is None (then so is the label's).
# - _importance_for 7 (`name if ... or True`): a name outside the groups then fails `dim not in groups`
#   on the next line and is reported as unknown, as before.
# - _mapping_for 15 and prepare_survey 42 (`Problem(code, fatal=True)`): Problem.params defaults to {}.
# - _mapping_for 51 (groups list None for each item): the caller reads only the groups' keys and the
#   lists' lengths (alpha_too_few_items, _importance_for, _design_for); groups is not returned further.
# - _numeric 3, 4, 5 (which dtypes take the astype(float) shortcut): for every numeric or bool column
#   (incl. Int64/boolean with NA) pd.to_numeric(errors="coerce").astype(float) gives the same floats.
# - _numeric 6, 7 and valid_answers 2 (`astype(None)`): pandas reads dtype None as float64 (checked).
# - _pair_by_number 7 (`None in ne and None in npp or ...`): a None only in E's numbers makes
#   set(ne) != set(npp), which raises the same error.
# - _respondent_index 12, 14 (`name=None` / no name): pd.Index of the Series table["respondent"] takes
#   the Series' name, "respondent" (checked by test_respondent_column_names_the_rows).
# - _segment_for 18 (`where(cond)` fills NaN, not None): two lines later every missing value is set to
#   None again (`where(seg.notna(), None)`); the blank count and segments() are the same.
# - infer_scale_max 9, 11 (np.asarray without dtype=object): its only caller (prepare_survey) passes a
#   float array; for a mixed list numpy turns numbers into their text, which pd.to_numeric reads back.
# - Survey.subset 5, 9 (`fillna(None)` / `fillna(True)`): astype(str).eq(...) is a plain bool Series
#   (a blank segment, NaN in the str dtype, compares False), nothing to fill.
