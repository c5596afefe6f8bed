"""core.servqual against hand calculations, pingouin, scipy and statsmodels, and the sample case
against seed 000's Table 3."""
from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from core import servqual as sq
from core.sample import sample_table

ROOT = Path(__file__).resolve().parent.parent
SURVEY_CSV = ROOT / "sample_data" / "servqual_survey.csv"


# ---------------------------------------------------------------- a hand-worked example

# Three respondents, one dimension "A" of two items:
#   E = [[4,5],[5,5],[3,4]]   P = [[3,4],[5,4],[3,3]]
# Respondent gaps (mean P - mean E): 3.5-4.5 = -1, 4.5-5 = -0.5, 3-3.5 = -0.5 -> mean -2/3.
# sd of (-1, -.5, -.5) = sqrt(1/12) = 0.288675; se = 0.166667; t(0.975, 2) = 4.302653;
# half-width = 0.717109 -> interval (-1.383776, 0.050442).
# alpha of P: item variances 4/3 and 1/3, total (7, 9, 6) variance 7/3 -> 2*(1 - (5/3)/(7/3)) = 4/7.
# alpha of E: item variances 1 and 1/3, total (9, 10, 7) variance 7/3 -> 2*(1 - (4/3)/(7/3)) = 6/7.
HAND_E = pd.DataFrame({"Q1": [4, 5, 3], "Q2": [5, 5, 4]}, index=["r1", "r2", "r3"])
HAND_P = pd.DataFrame({"Q1": [3, 5, 3], "Q2": [4, 4, 3]}, index=["r1", "r2", "r3"])
HAND_MAP = {"Q1": "A", "Q2": "A"}


def test_dimension_gaps_match_hand_worked_example():
    g = sq.dimension_gaps(HAND_E, HAND_P, HAND_MAP)
    assert list(g.columns) == ["expectation", "perception", "gap", "gap_low", "gap_high",
                               "alpha", "alpha_expectation", "n"]
    row = g.loc["A"]
    assert row["expectation"] == pytest.approx(13 / 3)      # (4.5 + 5 + 3.5) / 3
    assert row["perception"] == pytest.approx(11 / 3)       # (3.5 + 4.5 + 3) / 3
    assert row["gap"] == pytest.approx(-2 / 3)
    assert row["gap_low"] == pytest.approx(-1.383776, abs=1e-6)
    assert row["gap_high"] == pytest.approx(0.050442, abs=1e-6)
    assert row["alpha"] == pytest.approx(4 / 7)
    assert row["alpha_expectation"] == pytest.approx(6 / 7)
    assert row["n"] == 3


def test_cronbach_alpha_agrees_with_pingouin():
    rng = np.random.default_rng(1)
    base = rng.normal(size=(60, 1))
    data = pd.DataFrame(np.clip(np.rint(3 + base + rng.normal(size=(60, 4))), 1, 5), columns=list("abcd"))
    data.iloc[3, 1] = np.nan
    assert sq.cronbach_alpha(data) == pytest.approx(pg.cronbach_alpha(data, nan_policy="listwise")[0], abs=1e-12)


def test_cronbach_alpha_needs_two_items_and_two_rows():
    assert math.isnan(sq.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]})))
    assert math.isnan(sq.cronbach_alpha(pd.DataFrame({"a": [1], "b": [2]})))


# ---------------------------------------------------------------- the sample case

@pytest.fixture(scope="module")
def sample_survey():
    table = pd.read_csv(SURVEY_CSV)
    survey, problems = sq.prepare_survey(table)
    return table, survey, problems


def test_sample_reproduces_seed_000_table_3_exactly(sample_survey):
    _, survey, _ = sample_survey
    g = sq.dimension_gaps(survey.expectations, survey.perceptions, survey.mapping)
    table3 = sample_table("servqual_summary.csv").set_index("dimension")
    for dim in sq.DIMENSIONS:
        assert g.loc[dim, "expectation"] == pytest.approx(table3.loc[dim, "expectation"], abs=1e-9)
        assert g.loc[dim, "perception"] == pytest.approx(table3.loc[dim, "perception"], abs=1e-9)
    # The README's check values: gaps P - E.
    assert g["gap"].round(2).to_dict() == {"tangibles": -0.59, "reliability": -0.50, "responsiveness": -0.17,
                                           "assurance": -0.26, "empathy": -0.23}
    assert g["n"].to_dict() == {"tangibles": 350, "reliability": 370, "responsiveness": 350,
                                "assurance": 350, "empathy": 360}


def test_sample_plain_column_means_also_round_to_table_3(sample_survey):
    # Someone averaging each column over its non-blank answers gets the same two decimals.
    table, _, _ = sample_survey
    table3 = sample_table("servqual_summary.csv").set_index("dimension")
    for dim, numbers in sq._STANDARD_RANGES.items():
        for side, col in (("E", "expectation"), ("P", "perception")):
            mean = table[[f"{side}{k}" for k in numbers]].mean().mean()
            assert round(mean, 2) == pytest.approx(table3.loc[dim, col])


def test_sample_shape_segments_alpha_and_weights(sample_survey):
    table, survey, problems = sample_survey
    assert len(table) == 371 and survey.n_respondents == 371
    assert table["segment"].value_counts().to_dict() == {"small": 215, "medium": 145, "large": 11}
    weights = table[[f"W_{d}" for d in sq.DIMENSIONS]]
    assert (weights.sum(axis=1) == 100).all() and (weights >= 0).all().all()
    alpha = pg.cronbach_alpha(survey.perceptions, nan_policy="listwise")[0]
    assert alpha == pytest.approx(0.82, abs=0.01)
    assert [p.code for p in problems] == ["blanks"]
    assert problems[0].params == {"count": int(table.filter(regex="^[EP]").isna().sum().sum()), "respondents": 73}


def test_sample_csv_is_what_the_generator_writes():
    from sample_data.make_servqual import make
    survey, design = make()
    on_disk = pd.read_csv(SURVEY_CSV)
    pd.testing.assert_frame_equal(survey.astype({c: "float64" for c in survey.columns if c[0] in "EP"}),
                                  on_disk.astype({c: "float64" for c in on_disk.columns if c[0] in "EP"}),
                                  check_dtype=False)
    assert design["design"].tolist() == [5.0] * 5


def test_gap_interval_is_scipys_paired_t_interval(sample_survey):
    _, survey, _ = sample_survey
    g = sq.dimension_gaps(survey.expectations, survey.perceptions, survey.mapping)
    items = [f"Q{k}" for k in range(1, 5)]
    complete = survey.expectations[items].notna().all(axis=1) & survey.perceptions[items].notna().all(axis=1)
    e = survey.expectations.loc[complete, items].mean(axis=1)
    p = survey.perceptions.loc[complete, items].mean(axis=1)
    ci = stats.ttest_rel(p, e).confidence_interval(0.95)
    assert g.loc["tangibles", "gap_low"] == pytest.approx(ci.low, abs=1e-12)
    assert g.loc["tangibles", "gap_high"] == pytest.approx(ci.high, abs=1e-12)
    assert g.loc["tangibles", "alpha"] == pytest.approx(
        pg.cronbach_alpha(survey.perceptions.loc[complete, items])[0], abs=1e-12)


def test_paired_tests_agree_with_scipy_and_pingouin(sample_survey):
    _, survey, _ = sample_survey
    tests = sq.paired_tests(survey.expectations, survey.perceptions, survey.mapping)
    scores = sq.respondent_scores(survey.expectations, survey.perceptions, survey.mapping)
    p_t, p_w = [], []
    for dim in sq.DIMENSIONS:
        s = scores[dim]
        t = stats.ttest_rel(s["perception"], s["expectation"])
        w = stats.wilcoxon(s["perception"], s["expectation"])
        assert tests.loc[dim, "t"] == pytest.approx(t.statistic)
        assert tests.loc[dim, "p_t"] == pytest.approx(t.pvalue, rel=1e-9)
        assert tests.loc[dim, "w"] == pytest.approx(w.statistic)
        assert tests.loc[dim, "p_w"] == pytest.approx(w.pvalue, rel=1e-9)
        d = s["gap"]
        assert tests.loc[dim, "cohen_dz"] == pytest.approx(d.mean() / d.std(ddof=1))
        rbc = pg.wilcoxon(s["perception"], s["expectation"])["RBC"].iloc[0]
        assert abs(tests.loc[dim, "r_rb"]) == pytest.approx(abs(rbc), abs=1e-9)
        assert tests.loc[dim, "r_rb"] < 0          # perception below expectation
        p_t.append(t.pvalue)
        p_w.append(w.pvalue)
    assert tests["p_t_adj"].to_numpy() == pytest.approx(multipletests(p_t, method="holm")[1], rel=1e-9)
    assert tests["p_w_adj"].to_numpy() == pytest.approx(multipletests(p_w, method="holm")[1], rel=1e-9)
    assert tests["significant"].all()


def test_holm_matches_statsmodels_and_keeps_nans():
    p = [0.01, 0.04, 0.03, 0.2, float("nan")]
    ours = sq.holm(p)
    assert ours[:4] == pytest.approx(multipletests(p[:4], method="holm")[1])
    assert math.isnan(ours[4])


def test_summary_names_worst_dimension(sample_survey):
    _, survey, _ = sample_survey
    a = sq.analyse(survey)
    s = sq.summary(a.dimensions, a.tests)
    assert s.worst == "tangibles" and s.gap == pytest.approx(-0.59, abs=1e-9)
    assert s.significant and s.n == 350 and s.n_shortfalls == 5


# ---------------------------------------------------------------- scores, design, importance

def test_unweighted_score_without_blanks_is_t_interval_of_respondent_means():
    rng = np.random.default_rng(7)
    e = pd.DataFrame(rng.integers(3, 6, size=(40, 22)), columns=[f"Q{k}" for k in range(1, 23)])
    p = pd.DataFrame(rng.integers(2, 6, size=(40, 22)), columns=e.columns)
    scores = sq.overall_scores(e, p)
    mapping = sq.standard_mapping(e.columns)
    per_resp = pd.concat([(p[[c for c in mapping if mapping[c] == d]].mean(axis=1)
                           - e[[c for c in mapping if mapping[c] == d]].mean(axis=1)) for d in sq.DIMENSIONS],
                         axis=1).mean(axis=1)
    ci = stats.ttest_1samp(per_resp, 0).confidence_interval(0.95)
    assert scores.unweighted == pytest.approx(per_resp.mean())
    assert scores.unweighted_low == pytest.approx(ci.low)
    assert scores.unweighted_high == pytest.approx(ci.high)
    assert scores.unweighted == pytest.approx(sq.dimension_gaps(e, p)["gap"].mean())


def test_weighted_score_by_hand():
    # Two dimensions of two items. r1 gaps: A -1, B 0; r2: A 0, B -1; r3: A -0.5, B -0.5.
    # Weights r1 (80, 20), r2 (50, 50), r3 (30, 70) -> weighted gaps -0.8, -0.5, -0.5; mean -0.6.
    # r4's weights sum to 90 (invalid, left out); r5 left B blank -> weights renormalised over A:
    # gap A of r5 = -1 -> weighted -1. Mean over r1, r2, r3, r5 = (-0.8 - 0.5 - 0.5 - 1) / 4 = -0.7.
    e = pd.DataFrame({"a1": [5, 4, 4, 4, 5], "a2": [5, 4, 4, 4, 5], "b1": [4, 5, 4, 4, 5], "b2": [4, 5, 4, 4, None]})
    p = pd.DataFrame({"a1": [4, 4, 3, 4, 4], "a2": [4, 4, 4, 4, 4], "b1": [4, 4, 3, 4, 5], "b2": [4, 4, 4, 4, 5]})
    mapping = {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}
    w = pd.DataFrame({"A": [80, 50, 30, 45, 60], "B": [20, 50, 70, 45, 40]})
    s = sq.overall_scores(e, p, mapping, w)
    assert s.weighted == pytest.approx(-0.7)
    assert s.n_weighted == 4 and s.n_invalid_weights == 1
    d = np.array([-0.8, -0.5, -0.5, -1.0])
    half = stats.t.ppf(0.975, 3) * d.std(ddof=1) / 2
    assert s.weighted_low == pytest.approx(-0.7 - half)
    # Unweighted: gap A over 5 respondents (-1, 0, -.5, 0, -1) = -0.5; gap B over 4 (0, -1, -.5, 0) = -0.375.
    assert s.unweighted == pytest.approx((-0.5 - 0.375) / 2)


def test_design_gap_and_importance_performance(sample_survey):
    _, survey, _ = sample_survey
    design = pd.Series(5.0, index=list(sq.DIMENSIONS))
    survey = replace(survey, design=design)
    a = sq.analyse(survey)
    # README: P - design = -1.13, -1.04, -0.76, -0.80, -0.79
    assert a.design["gap_design"].round(2).to_dict() == {
        "tangibles": -1.13, "reliability": -1.04, "responsiveness": -0.80, "assurance": -0.76, "empathy": -0.79}
    pi = sq.perception_intervals(survey.expectations, survey.perceptions, survey.mapping)
    assert a.design.loc["tangibles", "gap_design_low"] == pytest.approx(pi.loc["tangibles", "low"] - 5)
    imp = pd.read_csv(SURVEY_CSV)[[f"W_{d}" for d in sq.DIMENSIONS]].mean()
    assert a.ipa.loc["reliability", "importance"] == pytest.approx(imp["W_reliability"])
    # Reliability: important (above the mean of 20 points) and below-average perception -> act.
    assert a.ipa.loc["reliability", "quadrant"] == "concentrate"
    assert a.ipa.loc["reliability", "priority"] == 1
    assert a.ipa.loc["tangibles", "contribution"] == pytest.approx(imp["W_tangibles"] / 100 * -0.59)


def test_importance_quadrants_by_hand():
    gaps = pd.DataFrame({"perception": [3.0, 4.0, 3.0, 4.0], "gap": [-1.0, 0.0, -1.0, 0.0]},
                        index=["hi_lo", "hi_hi", "lo_lo", "lo_hi"])
    w = pd.DataFrame({"hi_lo": [40], "hi_hi": [30], "lo_lo": [20], "lo_hi": [10]})
    ipa = sq.importance_performance(gaps, w)
    assert ipa["quadrant"].tolist() == ["concentrate", "keep_up", "low_priority", "possible_overkill"]
    assert ipa["priority"].tolist() == [1, 3, 2, 4]    # contributions -0.4, 0, -0.2, 0


# ---------------------------------------------------------------- missing answers, scale, segments

def test_one_blank_removes_a_respondent_from_that_dimension_only():
    e = HAND_E.assign(Q3=[4, 4, 4], Q4=[5, 4, 3])
    p = HAND_P.assign(Q3=[4, 3, 4], Q4=[4, 4, 4])
    e.loc["r2", "Q1"] = np.nan
    g = sq.dimension_gaps(e, p, {"Q1": "A", "Q2": "A", "Q3": "B", "Q4": "B"})
    assert g["n"].to_dict() == {"A": 2, "B": 3}
    assert g.loc["A", "gap"] == pytest.approx((-1 - 0.5) / 2)     # r1 and r3 only
    items = sq.item_gaps(e, p, {"Q1": "A", "Q2": "A", "Q3": "B", "Q4": "B"})
    assert items.loc["Q1", "n"] == 2 and items.loc["Q2", "n"] == 3
    assert items.loc["Q2", "gap"] == pytest.approx((-1 - 1 - 1) / 3)


def _wide(e: pd.DataFrame, p: pd.DataFrame, **extra) -> pd.DataFrame:
    out = pd.DataFrame({f"E{c[1:]}": e[c].to_numpy() for c in e.columns})
    for c in p.columns:
        out[f"P{c[1:]}"] = p[c].to_numpy()
    for k, v in extra.items():
        out[k] = v
    return out


def _standard_wide(n=6, seed=3, high=5):
    rng = np.random.default_rng(seed)
    cols = [f"Q{k}" for k in range(1, 23)]
    e = pd.DataFrame(rng.integers(max(1, high - 2), high + 1, size=(n, 22)), columns=cols)
    p = pd.DataFrame(rng.integers(1, high + 1, size=(n, 22)), columns=cols)
    return _wide(e, p)


def test_scale_is_inferred_and_can_be_overridden():
    five = _standard_wide(high=5)
    seven = _standard_wide(high=7)
    assert sq.infer_scale_max(five.to_numpy()) == 5
    assert sq.infer_scale_max(seven.to_numpy()) == 7
    s7, probs = sq.prepare_survey(seven)
    assert s7.scale_max == 7 and not [p for p in probs if p.code == "out_of_scale"]
    s5, probs = sq.prepare_survey(seven, scale_max=5)
    out = [p for p in probs if p.code == "out_of_scale"][0]
    n_out = int((seven > 5).sum().sum())
    assert out.params["count"] == n_out and out.params["scale"] == 5
    assert int(s5.expectations.isna().sum().sum() + s5.perceptions.isna().sum().sum()) == n_out
    # The share of the scale's range: -0.59 points is 14.75 % of a 1-5 scale, 9.83 % of 1-7.
    assert sq.gap_share_of_range(-0.59, 5) == pytest.approx(-0.1475)
    assert sq.gap_share_of_range(-0.59, 7) == pytest.approx(-0.59 / 6)


def test_answers_outside_scale_are_named_and_blanked():
    table = _standard_wide()
    table.loc[2, "E3"] = 9
    table.loc[4, "P10"] = 0
    survey, probs = sq.prepare_survey(table)
    out = [p for p in probs if p.code == "out_of_scale"][0]
    assert out.params["count"] == 2 and "3: E3=9" in out.params["cells"] and "5: P10=0" in out.params["cells"]
    assert math.isnan(survey.expectations.loc[3, "Q3"])
    # The analysis still runs, on the rest.
    assert sq.analyse(survey).dimensions.loc["tangibles", "n"] == 5


def test_segments_split_every_result(sample_survey):
    table, survey, _ = sample_survey
    by = sq.gaps_by_segment(survey)
    small = survey.subset("small")
    assert small.n_respondents == 215
    direct = sq.dimension_gaps(small.expectations, small.perceptions, small.mapping)
    pd.testing.assert_frame_equal(by.loc["small"], direct)
    # Independent: the tangibles gap of the small companies straight from the CSV.
    t = table[table["segment"] == "small"]
    e, p = t[["E1", "E2", "E3", "E4"]], t[["P1", "P2", "P3", "P4"]]
    ok = e.notna().all(axis=1) & p.notna().all(axis=1)
    assert by.loc[("small", "tangibles"), "gap"] == pytest.approx(
        (p[ok].to_numpy().mean(axis=1) - e[ok].to_numpy().mean(axis=1)).mean())
    assert set(by.index.get_level_values(0)) == {"small", "medium", "large"}


# ---------------------------------------------------------------- bad input

def test_unpaired_items_and_respondents_raise_named_errors():
    with pytest.raises(sq.ServqualError) as err:
        sq.dimension_gaps(HAND_E, HAND_P.rename(columns={"Q2": "Q9"}), HAND_MAP)
    assert err.value.code == "items_unpaired" and "Q9" in str(err.value)
    with pytest.raises(sq.ServqualError) as err:
        sq.dimension_gaps(HAND_E, HAND_P.rename(index={"r3": "r4"}), HAND_MAP)
    assert err.value.code == "respondents_unpaired" and "r4" in err.value.params["only_p"]
    with pytest.raises(sq.ServqualError) as err:
        sq.dimension_gaps(HAND_E, HAND_P, {"Q1": "A", "Q7": "A"})
    assert err.value.code == "mapping_unknown_item"
    with pytest.raises(sq.ServqualError) as err:
        sq.dimension_gaps(HAND_E, HAND_P)           # 2 items, no mapping
    assert err.value.code == "no_mapping"


def test_items_asked_only_on_one_side_are_reported_and_left_out():
    table = _standard_wide().drop(columns=["P22"])
    survey, probs = sq.prepare_survey(table)
    unpaired = [p for p in probs if p.code == "items_unpaired"][0]
    assert unpaired.params == {"only_e": "E22", "only_p": "–"}
    # 21 items: no standard mapping, but the item-level gaps still run.
    assert [p for p in probs if p.code == "no_mapping"][0].fatal
    a = sq.analyse(survey)
    assert a.dimensions is None and len(a.items) == 21


def test_mapping_with_unknown_item_and_dimension_and_single_item_dimension():
    table = _standard_wide(n=8)
    mapping = pd.DataFrame({"item": [1, 2, 3, "Q4", "P5", 30], "dimension": [
        "Tangibilidad", "tangibles", "Empatía", "Empatia", "Confiabilidad", "Tangibles"]})
    mapping = pd.concat([mapping, pd.DataFrame({"item": [6], "dimension": ["calidez"]})])
    survey, probs = sq.prepare_survey(table, mapping)
    codes = {p.code: p for p in probs}
    assert codes["mapping_unknown_item"].params["items"] == "30"
    assert codes["mapping_unknown_dimension"].params["dimensions"] == "calidez"
    assert [p.params for p in probs if p.code == "alpha_too_few_items"] == [
        {"dimension": "reliability", "k": 1}, {"dimension": "calidez", "k": 1}]
    assert survey.mapping == {"Q1": "tangibles", "Q2": "tangibles", "Q3": "empathy", "Q4": "empathy",
                              "Q5": "reliability", "Q6": "calidez"}
    assert "items_unmapped" in codes
    a = sq.analyse(survey)
    assert math.isnan(a.dimensions.loc["reliability", "alpha"])
    assert not math.isnan(a.dimensions.loc["tangibles", "alpha"])
    assert a.dimensions.loc["reliability", "n"] == 8


def test_single_respondent_gives_means_but_no_interval():
    table = _standard_wide(n=1)
    survey, probs = sq.prepare_survey(table)
    assert "single_respondent" in [p.code for p in probs]
    a = sq.analyse(survey)
    assert a.dimensions["n"].eq(1).all()
    assert a.dimensions["gap_low"].isna().all() and a.dimensions["alpha"].isna().all()
    assert a.tests["p_t"].isna().all() and not a.tests["significant"].any()
    e = table[[f"E{k}" for k in range(1, 5)]].to_numpy().mean()
    p = table[[f"P{k}" for k in range(1, 5)]].to_numpy().mean()
    assert a.dimensions.loc["tangibles", "gap"] == pytest.approx(p - e)


def test_importance_that_does_not_add_up_is_reported():
    table = _standard_wide(n=4)
    for d, v in zip(sq.DIMENSIONS, (20, 20, 20, 20, 20)):
        table[f"W_{d}"] = v
    table.loc[1, "W_empathy"] = 30
    survey, probs = sq.prepare_survey(table)
    bad = [p for p in probs if p.code == "importance_bad_rows"][0]
    assert bad.params == {"count": 1, "respondents": "2"}
    assert sq.analyse(survey).scores.n_weighted == 3


def test_no_item_columns_is_fatal():
    survey, probs = sq.prepare_survey(pd.DataFrame({"respondent": ["a"], "segment": ["x"]}))
    assert survey is None and probs[-1].code == "no_items" and probs[-1].fatal


def test_dimension_names_in_spanish_and_seed_labels():
    assert [sq.canonical_dimension(x) for x in ("Empatía", "Capacidad de respuesta", "Security", "Reality",
                                                 "Answer capacity", "ELEMENTOS TANGIBLES", "calidez")] == \
        ["empathy", "responsiveness", "assurance", "reliability", "responsiveness", "tangibles", None]
    assert [sq.item_number(x) for x in (5, "5", 5.0, "Q5", "e_5", "Item 5", "x")] == [5, 5, 5, 5, 5, 5, None]


def test_blank_segments_are_counted_and_left_out_of_the_split():
    table = _standard_wide(n=6).assign(segment=["a", "a", None, "b", "", "b"])
    survey, probs = sq.prepare_survey(table)
    assert [p.params for p in probs if p.code == "segment_blank"] == [{"count": 2}]
    assert survey.segments() == ["a", "b"]
    assert survey.subset("a").n_respondents == 2 and survey.subset(None).n_respondents == 6


# ---------------------------------------------------------------- figures

def test_figures_carry_the_numbers_and_escape_user_names(sample_survey):
    from core.figures import servqual as figs
    from core.i18n import Translator
    t = Translator("en")
    _, survey, _ = sample_survey
    a = sq.analyse(replace(survey, design=pd.Series(5.0, index=list(sq.DIMENSIONS))))
    fig = figs.gap_chart(a.dimensions, t, a.design)
    perception = next(tr for tr in fig.data if tr.name == t("servqual.fig.perception"))
    assert list(perception.y) == pytest.approx(a.dimensions["perception"].tolist())
    gap = next(tr for tr in fig.data if tr.name == t("servqual.fig.gap"))
    # error bars reach the interval ends
    assert gap.x[0] + gap.error_x.array[0] == pytest.approx(a.dimensions["gap_high"].iloc[0])
    items = figs.item_chart(a.items, t)
    assert items.layout.yaxis.categoryarray[-1] == f"Item {a.items.index[0][1:]}"    # worst on top
    custom = a.dimensions.rename(index={"empathy": "<b>calidez</b>"})
    labels = figs.gap_chart(custom, t).data[0].x
    assert "&lt;b&gt;calidez&lt;/b&gt;" in labels and "Tangibles" in labels
    ipa = figs.ipa_chart(a.ipa, a.ipa_crosshairs, t)
    assert list(ipa.data[0].x) == pytest.approx(a.ipa["importance"].tolist())
    # the figure draws the cross-hairs core computed (the means over the dimensions), not its own
    x_cut = next(s["x0"] for s in ipa.layout.shapes if s["x0"] == s["x1"])
    assert x_cut == pytest.approx(a.ipa["importance"].mean()) == pytest.approx(a.ipa_crosshairs[0])
    moved = figs.ipa_chart(a.ipa, (33.0, 4.0), t)
    assert sorted(s["x0"] for s in moved.layout.shapes if s["x0"] == s["x1"]) == [33.0]


def test_dimension_nobody_completed_is_reported_and_the_rest_still_runs():
    table = _standard_wide(n=5)
    table["P18"] = np.nan                       # every empathy respondent has a blank
    for d, v in zip(sq.DIMENSIONS, (10, 30, 20, 20, 20)):
        table[f"W_{d}"] = v
    survey, _ = sq.prepare_survey(table)
    a = sq.analyse(survey)
    assert [p.code for p in a.problems] == ["dimension_empty"]
    assert a.dimensions.loc["empathy", "n"] == 0 and math.isnan(a.dimensions.loc["empathy", "gap"])
    assert a.dimensions.loc["tangibles", "n"] == 5
    assert a.ipa.loc["empathy", "priority"] == 5          # no gap: ranked last
    # unweighted score = mean of the four dimensions that have a gap
    assert a.scores.unweighted == pytest.approx(a.dimensions["gap"].drop("empathy").mean())
    assert a.scores.unweighted_low < a.scores.unweighted < a.scores.unweighted_high
    assert sq.summary(a.dimensions, a.tests).n_dimensions == 4


def test_e_and_p_columns_named_e1_p1_are_paired_by_item_number(sample_survey):
    table, survey, _ = sample_survey
    e = table[[f"E{k}" for k in range(1, 23)]]
    p = table[[f"P{k}" for k in reversed(range(1, 23))]]          # order does not matter
    by_number = sq.dimension_gaps(e, p)
    pd.testing.assert_frame_equal(by_number, sq.dimension_gaps(survey.expectations, survey.perceptions),
                                  check_index_type=False)
    mapping = {f"E{k}": ("early" if k <= 11 else "late") for k in range(1, 23)}
    custom = sq.dimension_gaps(e, p, mapping)
    assert list(custom.index) == ["early", "late"] and custom["n"].tolist() == [
        int((e.iloc[:, :11].notna().all(axis=1) & table[[f"P{k}" for k in range(1, 12)]].notna().all(axis=1)).sum()),
        int((e.iloc[:, 11:].notna().all(axis=1) & table[[f"P{k}" for k in range(12, 23)]].notna().all(axis=1)).sum())]


# ---------------------------------------------------------------- wrong numbers the tests must catch (issue 20)

def test_design_gap_bounds_by_hand():
    # One dimension of one item, perceptions 3, 4, 5: mean 4, sd 1, se 1/sqrt(3);
    # t(0.975, 2) = 4.302653 -> half-width 2.484138; design 5 -> P - design = -1 in (-3.484138, 1.484138).
    e = pd.DataFrame({"Q1": [5.0, 5.0, 5.0]})
    p = pd.DataFrame({"Q1": [3.0, 4.0, 5.0]})
    gaps = sq.dimension_gaps(e, p, {"Q1": "A"})
    table = sq.design_gaps(gaps, sq.perception_intervals(e, p, {"Q1": "A"}), pd.Series({"A": 5.0}))
    assert table.loc["A", "gap_design"] == pytest.approx(-1.0)
    assert table.loc["A", "gap_design_low"] == pytest.approx(-3.484138, abs=1e-6)
    assert table.loc["A", "gap_design_high"] == pytest.approx(1.484138, abs=1e-6)


def test_negative_importance_points_are_invalid_even_when_they_add_up():
    w = pd.DataFrame({"A": [60, -10, 50], "B": [40, 110, 49.6]})
    # row 2 sums to 100 but has a negative weight; row 3 sums to 99.6 (inside the 0.5 tolerance)
    assert sq.valid_importance(w).tolist() == [True, False, True]
    e = pd.DataFrame({"a": [5, 5, 5], "b": [5, 5, 5]})
    p = pd.DataFrame({"a": [4, 3, 5], "b": [5, 5, 4]})
    s = sq.overall_scores(e, p, {"a": "A", "b": "B"}, w)
    # respondents 1 and 3: (0.6 * -1 + 0.4 * 0) = -0.6 and (50 * 0 + 49.6 * -1) / 99.6 = -0.497992
    assert s.n_invalid_weights == 1 and s.n_weighted == 2
    assert s.weighted == pytest.approx((-0.6 - 49.6 / 99.6) / 2)


def test_fractional_likert_answers_are_blanked_and_reported():
    table = _standard_wide(n=4).astype(float)
    table.loc[0, "E1"] = 4.5
    table.loc[1, "P2"] = 2.25
    survey, probs = sq.prepare_survey(table)
    out = [p for p in probs if p.code == "out_of_scale"][0]
    assert out.params["count"] == 2 and "1: E1=4.5" in out.params["cells"] and "2: P2=2.25" in out.params["cells"]
    assert math.isnan(survey.expectations.loc[1, "Q1"]) and math.isnan(survey.perceptions.loc[2, "Q2"])
    assert sq.valid_answers(pd.DataFrame({"x": [1, 7, 4.5, 0, 8, np.nan]}), 7)["x"].tolist() == [
        True, True, False, False, False, True]


def test_significant_needs_both_tests():
    # Gaps -1, -1.5, -2, -2.5, -3 on one dimension: paired t = -2 / (0.790569 / sqrt 5) = -5.656854,
    # df 4, p = 0.0048; Wilcoxon: every difference negative, exact two-sided p = 2 / 2^5 = 0.0625.
    e = pd.DataFrame({"Q1": [5.0] * 5, "Q2": [5.0] * 5})
    p = pd.DataFrame({"Q1": [4.0, 4.0, 3.0, 3.0, 2.0], "Q2": [4.0, 3.0, 3.0, 2.0, 2.0]})
    tests = sq.paired_tests(e, p, {"Q1": "A", "Q2": "A"})
    assert tests.loc["A", "t"] == pytest.approx(-5.656854, abs=1e-6)
    assert tests.loc["A", "p_t_adj"] < 0.05
    assert tests.loc["A", "p_w_adj"] == pytest.approx(2 / 32)
    assert not tests.loc["A", "significant"]


def test_overall_interval_with_unequal_complete_cases_by_hand():
    # Dimension A (item Q1): gaps -1, 0, -2, -1 (n = 4); dimension B (item Q2): gaps 0, 1, -1 and a blank (n = 3).
    # Unweighted = (-1 + 0) / 2 = -0.5. Variance = (1/4) [s_AA n_AA/(n_A n_A) + s_BB n_BB/(n_B n_B) + 2 s_AB n_AB/(n_A n_B)]
    #   s_AA = 2/3, n_AA = 4: (2/3) * 4 / 16 = 1/6;  s_BB = 1, n_BB = 3: 1 * 3 / 9 = 1/3;
    #   s_AB over r1..r3 (A: -1, 0, -2; B: 0, 1, -1) = 1, n_AB = 3: 1 * 3 / 12 = 1/4 (twice)
    #   -> (1/6 + 1/3 + 1/2) / 4 = 1/4, sd 0.5; df = min(n) - 1 = 2, t = 4.302653 -> half-width 2.151326.
    e = pd.DataFrame({"Q1": [4.0, 4.0, 4.0, 4.0], "Q2": [4.0, 4.0, 4.0, np.nan]})
    p = pd.DataFrame({"Q1": [3.0, 4.0, 2.0, 3.0], "Q2": [4.0, 5.0, 3.0, 4.0]})
    s = sq.overall_scores(e, p, {"Q1": "A", "Q2": "B"})
    assert s.unweighted == pytest.approx(-0.5)
    assert s.unweighted_low == pytest.approx(-0.5 - 2.151326, abs=1e-6)
    assert s.unweighted_high == pytest.approx(-0.5 + 2.151326, abs=1e-6)
    assert sq.mean_of_means_variance(pd.DataFrame({"A": [-1, 0, -2, -1], "B": [0, 1, -1, np.nan]})) == pytest.approx(0.25)


def test_ipa_crosshairs_are_the_means_over_the_dimensions():
    gaps = pd.DataFrame({"perception": [3.0, 4.0, 3.5], "gap": [-1.0, 0.0, -0.5]}, index=["a", "b", "c"])
    ipa = sq.importance_performance(gaps, pd.DataFrame({"a": [50], "b": [30], "c": [20]}))
    # importance (50 + 30 + 20) / 3 = 33.33; perception (3 + 4 + 3.5) / 3 = 3.5
    assert sq.ipa_crosshairs(ipa) == pytest.approx((100 / 3, 3.5))
    assert ipa.attrs["crosshairs"] == pytest.approx((100 / 3, 3.5))
