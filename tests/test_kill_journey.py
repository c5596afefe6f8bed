"""Tests that kill mutants of core/journey.py that the module tests let survive (issue 20, docs/MUTATION.md).

Expected values are hand counts and hand calculations written out here; issue keys and their
parameter names are what the page translates. Responses are built as a user types them (own phase
names, Spanish yes/no marks, text in number columns).
"""
import datetime as dt
import math

import pandas as pd
import pytest
from scipy import stats

from core import journey as j


def _issues(issues):
    return {i.key: i.params for i in issues}


def test_blank_phases_and_bad_scores_are_reported_with_rows_and_values():
    raw = pd.DataFrame({"phase": ["Agendamiento", "  ", "", "Atención en sede", "Agendamiento"],
                        "recommend": [9, 8, 7, "n/d", 10.5],
                        "date": ["2024-03-01", "2024-03-02", None, "ayer", "2024-03-05"]})
    clean, issues = j.clean_responses(raw)
    found = _issues(issues)
    assert found["blank_phase"] == {"count": 2, "rows": "2, 3"}
    assert found["scale_rows"] == {"column": "recommend", "low": 0, "high": 10, "count": 2,
                                   "rows": "4, 5", "values": "n/d, 10.5"}
    assert found["bad_dates"] == {"count": 1, "rows": "4"}
    assert "index" not in clean.columns and list(clean.index) == [0, 1, 2]
    assert clean["segment"].tolist() == ["", "", ""] and clean["channel"].tolist() == ["", "", ""]
    assert clean["recommend"].tolist()[0] == 9.0 and clean["recommend"].isna().tolist() == [False, True, True]


def test_undated_responses_get_a_date_column():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Pago", "Pago"], "recommend": [9, 3]}))
    assert clean["date"].isna().all() and len(clean["date"]) == 2


def test_indicator_table_has_its_columns():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Pago", "Pago", "Caja"], "recommend": [9, 3, 10],
                                               "satisfaction": [5, 4, 2], "effort": [2, 6, 7]}))
    table = j.phase_indicators(clean)
    assert set(j.INDICATOR_COLUMNS) <= set(table.columns)
    # Pago: one promoter (9), one detractor (3): NPS 0; CES share answering 1-3 = 1 of 2 = 50 %
    pago = table[table["phase"] == "Pago"].iloc[0]
    assert (pago["nps"], pago["n_ins"], pago["ces_pct"]) == (0.0, 2, 50.0)
    assert pago["ces_moe"] > 0


def test_effort_errors_name_the_effort_column():
    with pytest.raises(j.JourneyDataError) as e:
        j.ces([3, 9])
    assert e.value.params["column"] == "effort"


def test_map_nps_just_above_100_is_out_of_range():
    with pytest.raises(j.JourneyDataError) as e:
        j.parse_journey_map(pd.DataFrame({"phase": ["Caja"], "nps": [100.5]}))
    assert e.value.params["column"] == "nps"


def test_map_names_marks_and_default_order():
    table = pd.DataFrame({"phase": [" Agendamiento ", "Pago"], "true_moment": ["Sí", "no"],
                          "pain_moment": ["", "Verdadero"], "nps": [40, 20]})
    jm, _ = j.parse_journey_map(table)
    assert jm["phase"].tolist() == ["Agendamiento", "Pago"]
    assert jm["true_moment"].tolist() == [True, False] and jm["pain_moment"].tolist() == [False, True]
    assert jm["order"].dtype == float and jm["order"].tolist() == [1.0, 2.0]
    ind = j.map_indicators(jm)
    assert list(ind.columns) == j.INDICATOR_COLUMNS


def test_map_without_ins_kind_reads_ins_as_a_mean():
    jm = pd.DataFrame({"phase": ["A", "B"], "nps": [60.0, 70.0], "ins": [5.1, 4.0], "ces": [22.0, 22.0]})
    ind = j.map_indicators(jm)
    assert ind["ins_mean"].tolist() == [5.1, 4.0] and ind["ins_pct"].isna().all()
    seed = j.seed_consistency(jm)
    # mean phase NPS (60 + 70) / 2 = 65; INS 5.1 is a mean above 5; CES 22 in both phases
    assert seed["mean_phase_nps"] == 65.0 and seed["ins_over_5"] == ["A"]
    assert seed["ces_constant"] and seed["ces_value"] == 22.0


def test_phase_order_column_with_text_and_blanks():
    raw = pd.DataFrame({"phase": ["Pago", "Agendamiento", "Caja", "Pago"], "order": [2, 1, "n/d", None]})
    assert j.phases_from_responses(raw) == ["Agendamiento", "Pago", "Caja"]


def test_score_distribution_counts_missing_answers_as_zero():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Pago", "Pago"], "satisfaction": [5, 5]}))
    d = j.score_distribution(clean, "satisfaction")
    assert d["score"].tolist() == [1, 2, 3, 4, 5]
    assert d["count"].tolist() == [0, 0, 0, 0, 2] and d["share"].tolist() == [0, 0, 0, 0, 1.0]


def test_split_periods_puts_the_split_day_after():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Pago"] * 3, "recommend": [9, 3, 10],
                                               "date": ["2024-05-31", "2024-06-01", None]}))
    before, after = j.split_periods(clean, dt.date(2024, 6, 1))
    assert before["recommend"].tolist() == [9.0] and after["recommend"].tolist() == [3.0]


def test_default_split_date_middle_month_or_median():
    # responses in March..August: six months, the middle one (index 6 // 2 = 3) is June -> 1 June
    march_august = pd.Series(["2024-03-10", "2024-08-20", "2024-05-01", "2024-04-02", "2024-06-30",
                              "2024-07-07", "n/d"])
    assert j.default_split_date(march_august) == dt.date(2024, 6, 1)
    # two months (May, June): index 1 -> 1 June
    assert j.default_split_date(pd.Series(["2024-05-10", "2024-06-20"])) == dt.date(2024, 6, 1)
    # one month: the median date (10, 12, 20 May -> 12 May)
    assert j.default_split_date(pd.Series(["2024-05-10", "2024-05-12", "2024-05-20"])) == dt.date(2024, 5, 12)
    assert j.default_split_date(pd.Series([None, "n/d"])) is None


def test_seed_consistency_of_a_percentage_ins_map():
    jm, _ = j.parse_journey_map(pd.DataFrame({"phase": ["A", "B"], "ins": [85.0, 70.0], "nps": [10, 20]}))
    assert jm["ins_kind"].tolist() == ["pct", "pct"]  # values over 10: percentages
    assert j.seed_consistency(jm)["ins_over_5"] == []  # a percentage is not a mean above 5


# ----------------------------------------------------------------------------- sampled run (seed 22)
def test_percentage_ins_above_100_or_below_0_is_out_of_range():
    # 85 > 10, so INS is read as percentages; 120 % is impossible
    with pytest.raises(j.JourneyDataError) as e:
        j.parse_journey_map(pd.DataFrame({"phase": ["Caja", "Pago"], "ins": [85.0, 120.0]}))
    assert (e.value.key, e.value.params["column"], e.value.params["phase"]) == ("map_out_of_range", "ins", "Pago")
    assert (e.value.params["value"], e.value.params["low"], e.value.params["high"]) == (120.0, 0, 100)
    with pytest.raises(j.JourneyDataError) as e:
        j.parse_journey_map(pd.DataFrame({"phase": ["Caja", "Pago"], "ins": [-5.0, 70.0]}))
    assert (e.value.params["phase"], e.value.params["value"]) == ("Caja", -5.0)


def test_share_without_answers_is_nan_with_zero_count():
    for result in (j.ins([]), j.ces([None, float("nan")])):
        assert result.n == 0 and isinstance(result.n, int)
        assert all(math.isnan(v) for v in (result.pct, result.moe, result.mean, result.mean_moe))


def test_undated_responses_have_a_datetime_date_column():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Pago", "Caja"], "recommend": [9, 3]}))
    assert pd.api.types.is_datetime64_any_dtype(clean["date"])


def test_clean_phase_is_ordered_in_journey_order():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Caja", "Agendamiento", "Caja"], "recommend": [9, 3, 7]}),
                                 phases=["Agendamiento", "Caja", "Pago"])
    assert clean["phase"].cat.ordered
    assert list(clean["phase"].cat.categories) == ["Agendamiento", "Caja", "Pago"]
    # ordered: the latest phase answered is Caja, and Agendamiento comes before it
    assert clean["phase"].max() == "Caja" and (clean["phase"] < "Caja").tolist() == [False, True, False]


def test_compare_nps_with_two_answers_each_by_hand():
    # before 9, 3: p = d = 1/2, NPS 0, Var = 1 - 0 = 1; after 10, 6: the same
    # SE = 100 sqrt(1/2 + 1/2) = 100; diff 0, z 0, p 1; 95 % interval 0 -/+ 1.959964 * 100
    c = j.compare_nps([9, 3], [10, 6])
    assert (c.before.n, c.after.n, c.diff, c.se, c.z, c.p_value) == (2, 2, 0.0, 100.0, 0.0, 1.0)
    assert (c.ci_low, c.ci_high) == pytest.approx((-195.9964, 195.9964), abs=1e-4)


def test_compare_nps_interval_by_hand():
    # before 10 9 3 5: p = d = 1/2, NPS 0, Var 1; after 10 10 9 7: p = 3/4, d = 0, NPS 75,
    # Var = .75 - .75^2 = .1875; SE = 100 sqrt(1/4 + .1875/4) = 54.486237; z = 75 / SE = 1.376494
    # 95 %: 75 -/+ 1.959964 * 54.486237 = (-31.7911, 181.7911); p = 2 (1 - Phi(1.376494)) = 0.168669
    c = j.compare_nps([10, 9, 3, 5], [10, 10, 9, 7])
    assert c.diff == 75.0 and c.se == pytest.approx(54.486237, abs=1e-6)
    assert (c.ci_low, c.ci_high) == pytest.approx((-31.7911, 181.7911), abs=1e-4)
    assert c.p_value == pytest.approx(2 * stats.norm.sf(75 / (100 * math.sqrt(0.296875))), rel=1e-12)


def test_monthly_indicators_come_in_calendar_order():
    # typed out of order: June first. May: 3, 9 -> NPS 0; June: 10, 9 -> NPS 100
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Pago"] * 4, "recommend": [10, 3, 9, 9],
                                               "date": ["2024-06-03", "2024-05-20", "2024-06-10", "2024-05-02"]}))
    m = j.monthly_indicators(clean)
    assert list(m["month"]) == [pd.Timestamp("2024-05-01"), pd.Timestamp("2024-06-01")]
    assert list(m["nps"]) == [0.0, 100.0]


def test_pain_points_judge_ins_on_the_percentage_when_known():
    # Caja: satisfaction 5 5 5 4 3 -> top-2-box 4/5 = 80 % < 85 % (missed), although the mean
    # 4.4 >= 4.25 would pass; recommend all 9-10 -> NPS 100; effort 7 -> CES % 0
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Caja"] * 5, "recommend": [10, 10, 10, 10, 9],
                                               "satisfaction": [5, 5, 5, 4, 3], "effort": [7] * 5}))
    ind = j.phase_indicators(clean)
    assert (ind.loc[0, "ins_pct"], ind.loc[0, "ins_mean"]) == (80.0, 4.4)
    row = j.pain_points(ind).iloc[0]
    assert (row["nps_status"], row["ins_status"], row["ces_status"]) == ("met", "missed", "met")
    assert row["missed"] == ["ins"] and row["pain"]


def test_map_marks_are_booleans_and_the_index_is_not_a_column():
    table = pd.DataFrame({"phase": ["Pago", "Caja"], "true_moment": ["x", ""], "pain_moment": ["", "Sí"]},
                         index=[7, 3])
    jm, _ = j.parse_journey_map(table)
    assert "index" not in jm.columns and list(jm.index) == [0, 1]
    assert jm["true_moment"].dtype == bool and jm["pain_moment"].dtype == bool
    assert (~jm["pain_moment"]).tolist() == [True, False]


def test_seed_consistency_echoes_the_stated_nps():
    jm, _ = j.parse_journey_map(pd.DataFrame({"phase": ["A", "B"], "nps": [60.0, 67.0]}))
    assert j.seed_consistency(jm)["stated_nps"] == 64.0     # seed 000 states a cumulative NPS of 64
    assert j.seed_consistency(jm, stated_nps=70.0)["stated_nps"] == 70.0


def test_split_items_of_blank_number_and_text_cells():
    assert j.split_items(float("nan")) == [] and j.split_items(None) == []
    assert j.split_items(2.5) == ["2.5"]
    assert j.split_items("Llamada; Web ;; Sede") == ["Llamada", "Web", "Sede"]


# ----------------------------------------------------------------------------- sampled run (seed 23)
def test_percentage_ins_of_exactly_0_is_on_the_scale():
    # 90 > 10: INS read as percentages; 0 % (nobody satisfied) is a possible value, not an error
    jm, issues = j.parse_journey_map(pd.DataFrame({"phase": ["Caja", "Pago"], "ins": [0.0, 90.0]}))
    assert jm["ins"].tolist() == [0.0, 90.0] and set(jm["ins_kind"]) == {"pct"} and issues == []


@pytest.mark.filterwarnings("ignore:Could not infer format")  # pandas, on dates that are all invalid
def test_more_than_five_bad_dates_list_five_rows_then_an_ellipsis():
    raw = pd.DataFrame({"phase": ["Pago"] * 6, "recommend": [9] * 6, "date": ["2024-02-30"] * 6})  # 30 February
    _, issues = j.clean_responses(raw)
    assert _issues(issues)["bad_dates"] == {"count": 6, "rows": "1, 2, 3, 4, 5 …"}


def test_asterisk_marks_a_moment():
    jm, _ = j.parse_journey_map(pd.DataFrame({"phase": ["Caja", "Pago"], "pain_moment": ["*", ""],
                                              "true_moment": ["", " * "]}))
    assert jm["pain_moment"].tolist() == [True, False] and jm["true_moment"].tolist() == [False, True]


def test_compare_nps_with_no_spread_is_an_infinite_z():
    # before 0, 3: all detractors, NPS -100, Var = p + d - (p - d)^2 = 1 - 1 = 0; after 9, 10: all
    # promoters, NPS 100, Var 0. SE 0 and diff 200: z = +inf, p = 0; reversed, z = -inf
    c = j.compare_nps([0, 3], [9, 10])
    assert (c.diff, c.se, c.z, c.p_value, c.ci_low, c.ci_high) == (200.0, 0.0, math.inf, 0.0, 200.0, 200.0)
    c = j.compare_nps([10, 9], [3, 0])
    assert (c.diff, c.z, c.p_value) == (-200.0, -math.inf, 0.0)


def test_indicators_by_segment_by_hand():
    # Norte: 10 9 3 -> p 2/3, d 1/3, NPS 100/3; Sur: 6 8 -> p 0, d 1/2, NPS -50; blank segment left out
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Pago"] * 6, "recommend": [10, 6, 9, 3, 8, 10],
                                               "segment": ["Norte", "Sur", "Norte", "Norte", "Sur", " "]}))
    g = j.group_indicators(clean, "segment")
    assert g["segment"].tolist() == ["Norte", "Sur"] and g["n"].tolist() == [3, 2]
    assert g["nps"].tolist() == pytest.approx([100 / 3, -50.0], abs=1e-12)
    assert g["promoters"].tolist() == pytest.approx([2 / 3, 0.0], abs=1e-12)


def test_map_of_a_single_phase_gives_its_indicators():
    jm, _ = j.parse_journey_map(pd.DataFrame({"phase": ["Caja"], "ins": [80.0], "nps": [40.0]}))
    ind = j.map_indicators(jm)
    assert (ind.loc[0, "phase"], ind.loc[0, "ins_pct"], ind.loc[0, "nps"]) == ("Caja", 80.0, 40.0)
    assert math.isnan(ind.loc[0, "ins_mean"])


def test_nps_of_no_answers_is_nan_in_every_share():
    r = j.nps_detail([None, float("nan")])
    assert r.n == 0
    for v in (r.nps, r.promoters, r.passives, r.detractors, r.moe):
        assert isinstance(v, float) and math.isnan(v)


def test_pain_points_say_whether_a_target_was_missed():
    # Caja: 10 10 9 -> NPS 100, met (>= 85); Pago: 0 3 10 -> NPS -100/3, missed (default target: NPS >= 85)
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Caja"] * 3 + ["Pago"] * 3,
                                               "recommend": [10, 10, 9, 0, 3, 10]}))
    pp = j.pain_points(j.phase_indicators(clean))
    assert pp["by_target"].tolist() == [False, True] and pp["pain"].tolist() == [False, True]


def test_phases_from_responses_without_phases_or_with_blank_cells():
    assert j.phases_from_responses(None) == []
    assert j.phases_from_responses(pd.DataFrame({"recommend": [9, 3]})) == []
    raw = pd.DataFrame({"phase": [None, "Caja", float("nan"), " Pago ", pd.NA], "recommend": [9] * 5})
    assert j.phases_from_responses(raw) == ["Caja", "Pago"]


# seed 24
# ----------------------------------------------------------------------------- sampled run (seed 24, fresh)
def test_nps_of_a_nullable_integer_column_skips_its_blanks():
    # intake types a 0-10 column with blanks as Int64 (blank = pd.NA); a date column's blank is NaT.
    # answers 10, 9, 0 -> promoters 2/3, detractors 1/3, NPS 100 x (2 - 1) / 3 = 33.33
    r = j.nps_detail(pd.array([10, None, 9, 0], dtype="Int64"))
    assert r.n == 3 and r.nps == pytest.approx(100 / 3, abs=1e-12)
    assert j.nps([10, pd.NaT, 9, 0]) == pytest.approx(100 / 3, abs=1e-12)


def test_phase_nps_of_minus_100_is_on_the_scale():
    # every customer a detractor: NPS -100, the bottom of the scale, a possible value
    jm, issues = j.parse_journey_map(pd.DataFrame({"phase": ["Admisión", "Caja"], "nps": [-100.0, 20.0]}))
    assert jm["nps"].tolist() == [-100.0, 20.0] and issues == []


def test_a_phase_without_responses_is_an_info_note():
    clean, issues = j.clean_responses(pd.DataFrame({"phase": ["Caja", "Caja"], "recommend": [9, 7]}),
                                      phases=["Admisión", "Caja"])
    empty = [i for i in issues if i.key == "empty_phases"]
    assert [(i.params, i.severity) for i in empty] == [({"phases": ["Admisión"]}, "info")]


def test_monthly_indicators_without_dates_are_an_empty_table_with_the_columns():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Caja", "Pago"], "recommend": [9, 3]}))
    out = j.monthly_indicators(clean)
    assert out.empty and list(out.columns) == [
        "month", "n", "nps", "nps_moe", "promoters", "passives", "detractors",
        "ins_pct", "ins_moe", "ins_mean", "ces_pct", "ces_moe", "ces_mean"]
    assert list(j.monthly_indicators(clean, by="segment").columns)[:3] == ["month", "segment", "n"]


def test_an_ins_mean_of_exactly_5_is_not_over_5():
    # INS as a 1-5 mean: 5.0 is the top of the scale (everyone "muy satisfecho"); 5.1 (seed 000) is over it
    jm, _ = j.parse_journey_map(pd.DataFrame({"phase": ["Admisión", "Caja", "Pago"], "ins": [5.0, 5.1, 4.2]}))
    assert j.seed_consistency(jm)["ins_over_5"] == ["Caja"]


# seed 25
# Fresh sample (seed 25): 9 survivors. Equivalent: monthly_indicators 32 (groupby's sort=True is the
# default), parse_journey_map 17 and 21 ("" instead of NaN for a missing nps/order column: _map_numbers
# reads a blank as NaN either way), phases_from_responses 26 (astype(None) is float64 too), _to_bool 15
# ("●" in the word set: plain_words drops non-ASCII symbols, so "●" never reaches the set; see report).

def test_out_of_scale_scores_typed_as_numbers_are_shown_without_decimals():
    # intake types the column as numbers: a 6 and a 0 on the 1-5 satisfaction scale arrive as 6.0 and
    # 0.0; the message shows them as the user typed them, "6, 0" (not "6.0, 0.0")
    raw = pd.DataFrame({"phase": ["Admisión", "Consulta", "Farmacia", "Pago"],
                        "satisfaction": [4.0, 6.0, 5.0, 0.0]})
    _, issues = j.clean_responses(raw)
    assert _issues(issues)["scale_rows"] == {"column": "satisfaction", "low": 1, "high": 5, "count": 2,
                                             "rows": "2, 4", "values": "6, 0"}


def test_a_lowercase_x_marks_a_moment():
    # moments marked with an "x" in the map, as in a hand-filled Excel template; blank = not a moment
    m = pd.DataFrame({"phase": ["Agendamiento", "Admisión", "Consulta"], "true_moment": ["x", "", "X"],
                      "pain_moment": ["", "x", None]})
    df, _ = j.parse_journey_map(m)
    assert df["true_moment"].tolist() == [True, False, True]
    assert df["pain_moment"].tolist() == [False, True, False]


def test_map_without_text_columns_has_empty_texts():
    # a map with phases and INS only: no process or voice of the customer to show (empty, not filler)
    df, _ = j.parse_journey_map(pd.DataFrame({"phase": ["Agendamiento", "Consulta"], "ins": [4.1, 3.6]}))
    assert df["customer_process"].tolist() == ["", ""] and df["customer_voice"].tolist() == ["", ""]
    assert df["true_moment"].tolist() == [False, False] and df["order"].tolist() == [1.0, 2.0]


def test_phases_sharing_a_step_number_keep_the_order_of_the_table():
    # a clinic journey in which parallel phases share a step number, and a phase added at the bottom of
    # the sheet with step 2: sorted by step, ties keep the order the user wrote them (a stable sort; numpy's
    # default quicksort reorders these ties on this machine's SIMD sort)
    m = pd.DataFrame({"phase": ["Agendamiento", "Admisión", "Triaje", "Consulta médica", "Toma de muestras",
                                "Imágenes", "Farmacia", "Pago", "Encuesta", "Autorización EPS"],
                      "order": [1, 2, 2, 3, 3, 4, 4, 5, 5, 2]})
    df, _ = j.parse_journey_map(m)
    assert df["phase"].tolist() == ["Agendamiento", "Admisión", "Triaje", "Autorización EPS", "Consulta médica",
                                    "Toma de muestras", "Imágenes", "Farmacia", "Pago", "Encuesta"]


# full run
# ----------------------------------------------------------------------------- full run (1,283 mutants, 93 survivors)
# Equivalent survivors (reason per group) are listed in the report of this block; in short:
# astype(None)/dtype=None (float64 is numpy's and pandas' default), groupby sort=True/observed=None (the
# defaults of pandas 3), observed on object columns (segment/channel/month are never categorical),
# n=/cutoff-free or n=2 get_close_matches keeps the same best match, blank-phase suggestion text unused,
# missing map/response columns filled with None/NaN/"" that _blank reads as blank either way.
def test_a_none_phase_is_a_blank_phase_not_a_phase_called_none():
    raw = pd.DataFrame({"phase": ["Pago", None, "Pago"], "recommend": [9, 8, 7]}, dtype=object)
    _, issues = j.clean_responses(raw)
    assert _issues(issues)["blank_phase"] == {"count": 1, "rows": "2"}


def test_six_bad_scores_show_five_values_and_five_rows_then_an_ellipsis():
    raw = pd.DataFrame({"phase": ["Caja"] * 7, "satisfaction": ["no", "sí", 0, 6, 7, 9, 4]})
    _, issues = j.clean_responses(raw)
    p = _issues(issues)["scale_rows"]
    assert (p["count"], p["rows"], p["values"]) == (6, "1, 2, 3, 4, 5 …", "no, sí, 0, 6, 7")


def test_exactly_five_blank_phases_list_five_rows_without_ellipsis():
    raw = pd.DataFrame({"phase": ["", " ", "", "", "", "Caja"], "recommend": [9] * 6})
    _, issues = j.clean_responses(raw)
    assert _issues(issues)["blank_phase"] == {"count": 5, "rows": "1, 2, 3, 4, 5"}


@pytest.mark.parametrize("col,value", [("ces", 100.5), ("ces", -0.5), ("nps", -100.5), ("nps", 100.5),
                                       ("ins", 100.5)])
def test_map_values_just_outside_their_scale_are_refused(col, value):
    table = pd.DataFrame({"phase": ["Admisión", "Caja"], "ins": [80.0, 90.0], "nps": [10.0, 20.0],
                          "ces": [20.0, 30.0]})
    table.loc[1, col] = value
    with pytest.raises(j.JourneyDataError) as e:
        j.parse_journey_map(table)
    assert e.value.key == "map_out_of_range" and e.value.params["column"] == col
    assert e.value.params["phase"] == "Caja" and e.value.params["value"] == value


def test_map_values_on_the_edges_of_their_scale_are_accepted():
    # CES 0 and 100 %, NPS -100 and 100, INS 100 % are all on the scale
    table = pd.DataFrame({"phase": ["Admisión", "Caja", "Pago"], "ins": [100.0, 50.0, 75.0],
                          "nps": [-100.0, 100.0, 0.0], "ces": [0.0, 100.0, 40.0]})
    df, issues = j.parse_journey_map(table)
    assert issues == [] and df["ins_kind"].iloc[0] == "pct"
    assert df["ces"].tolist() == [0.0, 100.0, 40.0] and df["nps"].tolist() == [-100.0, 100.0, 0.0]


def test_ins_of_at_most_10_is_a_mean_and_above_10_a_percentage():
    # the rule: a percentage when some value is over 10; 10 itself is still a (wrong) mean
    df, issues = j.parse_journey_map(pd.DataFrame({"phase": ["A", "B"], "ins": [4.0, 10.0]}))
    assert df["ins_kind"].iloc[0] == "mean"
    assert _issues(issues)["ins_mean_out_of_scale"] == {"phases": ["B"], "values": [10.0]}
    df, issues = j.parse_journey_map(pd.DataFrame({"phase": ["A", "B"], "ins": [4.0, 10.5]}))
    assert df["ins_kind"].iloc[0] == "pct" and issues == []


def test_ins_means_of_1_and_5_are_on_the_scale_and_1_5_too():
    _, issues = j.parse_journey_map(pd.DataFrame({"phase": ["A", "B", "C"], "ins": [1.0, 5.0, 1.5]}))
    assert issues == []
    _, issues = j.parse_journey_map(pd.DataFrame({"phase": ["A", "B"], "ins": [0.5, 5.1]}))
    assert _issues(issues)["ins_mean_out_of_scale"] == {"phases": ["A", "B"], "values": [0.5, 5.1]}


def test_mean_margin_of_two_answers_by_hand():
    # answers 4 and 5: mean 4.5, s = 0.7071, t(0.975, 1) = 12.7062; MoE = 12.7062 * 0.7071 / sqrt(2) = 6.3531
    r = j.ins([4, 5])
    assert r.mean == 4.5 and r.mean_moe == pytest.approx(6.3531, abs=1e-4)


def test_effort_of_8_is_outside_the_1_to_7_scale():
    with pytest.raises(j.JourneyDataError) as e:
        j.ces([7, 8])
    assert (e.value.key, e.value.params["value"], e.value.params["high"]) == ("out_of_scale", 8.0, 7)


def test_scale_errors_name_their_column():
    with pytest.raises(j.JourneyDataError) as e:
        j.ins([4, 6])
    assert e.value.params["column"] == "satisfaction"
    with pytest.raises(j.JourneyDataError) as e:
        j.nps([10, 11])
    assert e.value.params["column"] == "recommend"


@pytest.mark.parametrize("mark", ["TRUE", "true", "1", "Yes", "yes"])
def test_english_and_numeric_text_marks_mark_a_moment(mark):
    df, _ = j.parse_journey_map(pd.DataFrame({"phase": ["Caja", "Pago"], "pain_moment": [mark, "no"]}))
    assert df["pain_moment"].tolist() == [True, False]


def test_text_columns_of_responses_are_stripped_and_blanks_are_empty():
    raw = pd.DataFrame({"phase": ["Caja", "Caja"], "recommend": [9, 3],
                        "comment": ["  Muy lento ", None], "segment": [None, " EPS "]}, dtype=object)
    clean, _ = j.clean_responses(raw)
    assert clean["comment"].tolist() == ["Muy lento", ""]
    assert clean["segment"].tolist() == ["", "EPS"]
    assert "XXcommentXX" not in clean.columns and "COMMENT" not in clean.columns


def test_compare_nps_with_a_tiny_standard_error_by_hand():
    # before: 9,999 tens and one 0 -> NPS 99.98, Var = 1 - 0.9998^2 = 3.9996e-4, /10000 = 3.9996e-8
    # after: 2 tens -> NPS 100, Var 0. SE = 100*sqrt(3.9996e-8) = 0.019999; z = 0.02 / 0.019999 = 1.00005
    c = j.compare_nps([10] * 9999 + [0], [10, 10])
    assert c.se == pytest.approx(0.0199990, rel=1e-5) and c.z == pytest.approx(1.00005, rel=1e-4)


def test_compare_nps_of_two_identical_unanimous_samples_is_no_change():
    c = j.compare_nps([10, 10, 10], [9, 10])
    assert (c.diff, c.se, c.z, c.p_value) == (0.0, 0.0, 0.0, 1.0)


def test_segments_come_in_alphabetical_order():
    raw = pd.DataFrame({"phase": ["Caja"] * 3, "recommend": [9, 3, 10], "segment": ["Urgencias", "Consulta", "Urgencias"]})
    clean, _ = j.clean_responses(raw)
    g = j.group_indicators(clean, "segment")
    assert g["segment"].tolist() == ["Consulta", "Urgencias"]
    assert g["nps"].tolist() == [-100.0, 100.0]  # Consulta: one 3; Urgencias: 9 and 10


def test_an_alias_of_a_phase_outside_the_journey_is_unknown():
    with pytest.raises(j.JourneyDataError) as e:
        j.match_phase("Descubrimiento", ["Caja", "Pago"])
    assert e.value.key == "unknown_phase" and e.value.params["suggestion"] == ""


def test_a_misspelt_spanish_alias_suggests_the_english_phase():
    with pytest.raises(j.JourneyDataError) as e:
        j.match_phase("Facturación y pagos", j.SEED_PHASES)
    assert e.value.params["suggestion"] == "Invoice and payment"


def test_a_name_half_like_a_phase_gets_it_as_suggestion():
    # difflib ratio of "pago" and "pago en caja" = 2*4/(4+12) = 0.5, the cutoff
    with pytest.raises(j.JourneyDataError) as e:
        j.match_phase("Pago", ["Pago en caja", "Admisión"])
    assert e.value.params["suggestion"] == "Pago en caja"


def test_monthly_indicators_by_segment_by_hand():
    raw = pd.DataFrame({"phase": ["Caja"] * 3, "recommend": [9, 3, 10], "segment": ["EPS", "Particular", "EPS"],
                        "date": ["2024-03-04", "2024-03-20", "2024-04-02"]})
    clean, _ = j.clean_responses(raw)
    m = j.monthly_indicators(clean, by="segment")
    assert m["segment"].tolist() == ["EPS", "Particular", "EPS"]
    assert m["nps"].tolist() == [100.0, -100.0, 100.0] and m["n"].tolist() == [1, 1, 1]


def test_pain_points_mark_only_the_phases_marked_by_hand():
    ind = pd.DataFrame({"phase": ["Caja", "Pago"], "nps": [90.0, 90.0], "ins_pct": [90.0, 90.0],
                        "ins_mean": [math.nan] * 2, "ces_pct": [10.0, 10.0]})
    pp = j.pain_points(ind, marked=["Caja"])
    assert pp["marked"].tolist() == [True, False] and pp["pain"].tolist() == [True, False]


def test_no_map_is_a_clear_error():
    with pytest.raises(j.JourneyDataError) as e:
        j.parse_journey_map(None)
    assert e.value.key == "no_phase_column"


def test_blank_map_texts_are_empty_not_nan():
    df, _ = j.parse_journey_map(pd.DataFrame({"phase": ["Caja", "Pago"], "customer_voice": [None, "Demora"],
                                              "customer_process": [math.nan, "Paga"]}, dtype=object))
    assert df["customer_voice"].tolist() == ["", "Demora"] and df["customer_process"].tolist() == ["", "Paga"]


def test_phase_indicators_for_the_phases_asked():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Caja", "Pago", "Pago"], "recommend": [9, 3, 10],
                                               "effort": [2, 5, 6]}))
    t = j.phase_indicators(clean, phases=["Pago"])
    assert t["phase"].tolist() == ["Pago"] and t["nps"].tolist() == [0.0]
    assert t["n_ces"].tolist() == [2] and t["ces_pct"].tolist() == [0.0]


def test_phase_order_by_step_number_with_a_phase_without_step():
    raw = pd.DataFrame({"phase": ["Pago", "Admisión", "Caja", "Triaje"], "order": [2, None, 1, 3]})
    assert j.phases_from_responses(raw) == ["Caja", "Pago", "Triaje", "Admisión"]
    raw = pd.DataFrame({"phase": ["Caja", "Admisión"], "order": [1, 2]})
    assert j.phases_from_responses(raw) == ["Caja", "Admisión"]


def test_score_distribution_of_one_phase():
    clean, _ = j.clean_responses(pd.DataFrame({"phase": ["Caja", "Pago", "Pago"], "satisfaction": [5, 4, 4]}))
    d = j.score_distribution(clean, "satisfaction", phase="Pago")
    assert d["count"].tolist() == [0, 0, 0, 2, 0] and d["share"].tolist() == [0, 0, 0, 1.0, 0]


def test_seed_consistency_of_a_single_phase_and_of_varying_ces():
    one, _ = j.parse_journey_map(pd.DataFrame({"phase": ["Caja"], "ins": [4.2], "nps": [50.0], "ces": [22.0]}))
    s = j.seed_consistency(one)
    assert s["ces_constant"] is False and s["ces_value"] == 22.0
    two, _ = j.parse_journey_map(pd.DataFrame({"phase": ["Caja", "Pago"], "ces": [22.0, 30.0]}))
    assert j.seed_consistency(two)["ces_constant"] is False
