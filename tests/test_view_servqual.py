"""core.views.servqual.compute on a user-made 1–7 survey (hand-checkable numbers), with and without a
design standard for it, on the sample case, with bad settings; the page and the report section
render the same result (issues 13 and 19).

The user's survey (built as Spanish-locale Excel writes it: `;`, cp1252, her own headers
"Encuestado" and "Sede") has 6 respondents and the 22 standard items on a 1–7 scale. Every item
of a dimension gets the same answer, so each respondent's dimension score is that answer:

    dimension       E   P of R1..R6          gaps P − E            mean gap
    tangibles       6   4 5 4 5 4 5          -2 -1 -2 -1 -2 -1     -1.5
    reliability     7   6 6 5 6 6 5          -1 -1 -2 -1 -1 -2     -4/3
    responsiveness  5   5 6 5 5 4 5           0  1  0  0 -1  0      0
    assurance       6   6 5 6 5 6 5           0 -1  0 -1  0 -1     -0.5
    empathy         6   3 4 3 4 3 4          -3 -2 -3 -2 -3 -2     -2.5

An answer of 7 (reliability) puts the survey on the 1–7 scale.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core.i18n import Translator
from core.intake import load
from core.report import servqual as report
from core.sample import own_data_workspace, sample_workspace
from core.schemas import SCHEMAS
from core.views import servqual as view
from tests.pagetest import run_page

EN, ES = Translator("en"), Translator("es")
T975_5 = 2.570581835636314     # t quantile 0.975 with 5 degrees of freedom (tables: 2.571)
E = {"tangibles": 6, "reliability": 7, "responsiveness": 5, "assurance": 6, "empathy": 6}
P = {"tangibles": [4, 5, 4, 5, 4, 5], "reliability": [6, 6, 5, 6, 6, 5], "responsiveness": [5, 6, 5, 5, 4, 5],
     "assurance": [6, 5, 6, 5, 6, 5], "empathy": [3, 4, 3, 4, 3, 4]}
ITEMS = {"tangibles": range(1, 5), "reliability": range(5, 10), "responsiveness": range(10, 14),
         "assurance": range(14, 18), "empathy": range(18, 23)}
HAND_GAP = {"tangibles": -1.5, "reliability": -4 / 3, "responsiveness": 0.0, "assurance": -0.5, "empathy": -2.5}


def survey_csv() -> bytes:
    head = ["Encuestado", "Sede"] + [f"E{k}" for k in range(1, 23)] + [f"P{k}" for k in range(1, 23)]
    lines = [";".join(head)]
    for r in range(6):
        e = [E[d] for d, ks in ITEMS.items() for _ in ks]
        p = [P[d][r] for d, ks in ITEMS.items() for _ in ks]
        lines.append(";".join([f"R{r + 1}", "Norte" if r < 3 else "Sur"] + [str(x) for x in e + p]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


DESIGN_CSV = ("Dimensión;Diseño\r\nElementos tangibles;6,5\r\nFiabilidad;6,5\r\nCapacidad de respuesta;6\r\n"
              "Seguridad;6\r\nEmpatía;6,5\r\n").encode("cp1252")


def _load(data: bytes, name: str, schema: str) -> pd.DataFrame:
    result = load(data, name, SCHEMAS[schema])
    assert result.ok and not result.errors, result.errors
    return result.data


def user_workspace(design: bool = False):
    ws = own_data_workspace("Mis datos")
    ws.put("servqual", _load(survey_csv(), "mi_encuesta.csv", "servqual"), "mi_encuesta.csv")
    if design:
        ws.put("servqual_design", _load(DESIGN_CSV, "diseño.csv", "servqual_design"), "diseño.csv")
    return ws


# ------------------------------------------------------------------------------ compute

def test_user_survey_on_1_to_7_gives_hand_gaps_and_no_design():
    r = view.compute(user_workspace())
    assert r.scale == 7 and r.scale_origin == "data"
    assert not r.design_used and r.design_worst is None and r.analysis.design is None
    dims = r.analysis.dimensions
    for dim, gap in HAND_GAP.items():
        assert dims.loc[dim, "gap"] == pytest.approx(gap, abs=1e-12)
        assert dims.loc[dim, "n"] == 6
    # tangibles: gaps -2,-1,-2,-1,-2,-1; sd = sqrt(6 * 0.25 / 5) = 0.5477226; half = t * sd / sqrt(6)
    half = T975_5 * math.sqrt(0.3) / math.sqrt(6)
    assert dims.loc["tangibles", "gap_low"] == pytest.approx(-1.5 - half, abs=1e-9)
    assert dims.loc["tangibles", "gap_high"] == pytest.approx(-1.5 + half, abs=1e-9)
    # identical items: alpha of the perception items is exactly 1
    assert dims.loc["tangibles", "alpha"] == pytest.approx(1.0)
    # unweighted score: the respondents' mean gaps over the five dimensions are
    # -6/5, -4/5, -7/5, -5/5, -7/5, -6/5 -> mean -7/6; t interval with 5 degrees of freedom
    means = np.array([-1.2, -0.8, -1.4, -1.0, -1.4, -1.2])
    half = T975_5 * math.sqrt(((means + 7 / 6) ** 2).sum() / 5) / math.sqrt(6)
    s = r.analysis.scores
    assert s.unweighted == pytest.approx(-7 / 6, abs=1e-12)
    assert (s.unweighted_low, s.unweighted_high) == pytest.approx((-7 / 6 - half, -7 / 6 + half), abs=1e-9)
    assert r.facts.worst == "empathy" and r.worst_shortfall == pytest.approx(2.5)
    assert r.worst_shortfall_share == pytest.approx(2.5 / 6)       # range of 1-7 is 6 points
    assert r.n_total == 6 and r.segments == ("Norte", "Sur")
    assert [s.dataset for s in r.sources] == ["servqual"] and r.sources[0].source == "mi_encuesta.csv"
    text = " ".join(view.summary_sentences(r, ES))
    assert "2,50 puntos" in text and "escala 1–7" in text and "41,7 %" in text
    assert ES("servqual.summary_design", dimension="x", gap="y")[:20] not in text
    assert r.case_study is None and not r.is_sample


def test_a_design_given_for_her_survey_gives_the_design_gap():
    r = view.compute(user_workspace(design=True))
    assert r.design_used
    d = r.analysis.design
    # P means: tangibles 4.5, reliability 34/6, responsiveness 5, assurance 5.5, empathy 3.5
    assert d["gap_design"].to_dict() == pytest.approx({"tangibles": 4.5 - 6.5, "reliability": 34 / 6 - 6.5,
                                                       "responsiveness": 5 - 6, "assurance": 5.5 - 6,
                                                       "empathy": 3.5 - 6.5})
    # empathy perceptions 3,4,3,4,3,4: sd sqrt(0.3); the interval of P - design is P's interval - 6.5
    half = T975_5 * math.sqrt(0.3) / math.sqrt(6)
    assert d.loc["empathy", "gap_design_low"] == pytest.approx(3.5 - half - 6.5, abs=1e-9)
    assert d.loc["empathy", "gap_design_high"] == pytest.approx(3.5 + half - 6.5, abs=1e-9)
    assert r.design_worst == ("empathy", pytest.approx(-3.0))
    assert "**Empatía** es la que más se aleja: -3,00 puntos" in " ".join(view.summary_sentences(r, ES))
    assert [s.dataset for s in r.sources] == ["servqual", "servqual_design"]


def test_the_sample_design_is_not_used_for_her_survey():
    ws = user_workspace()
    sample = sample_workspace()
    ws.put("servqual_design", sample.get("servqual_design"), sample.source("servqual_design"))
    r = view.compute(ws)
    assert not r.design_used and r.analysis.design is None
    assert "servqual.design_not_for_this_survey" in [n.key for n in r.notices]
    assert [s.dataset for s in r.sources] == ["servqual"]


def test_other_views_sample_data_do_not_change_her_result():
    alone = view.compute(user_workspace())
    ws = user_workspace()
    for name, data in sample_workspace().datasets.items():
        if not name.startswith("servqual"):
            ws.put(name, data, "sample")
    mixed = view.compute(ws)
    pd.testing.assert_frame_equal(alone.analysis.dimensions, mixed.analysis.dimensions)
    assert alone.sources == mixed.sources and alone.analysis.scores == mixed.analysis.scores


@pytest.mark.parametrize("bad", [{"servqual.scale": "siete"}, {"servqual.scale": float("nan")},
                                 {"servqual.scale": {"a": 1}, "servqual.segment": ["Norte"]},
                                 {"servqual.scale": 9, "servqual.segment": "Oeste"}])
def test_bad_settings_fall_back_and_are_named(bad):
    ws = user_workspace()
    ws.settings.update(bad)
    r = view.compute(ws)
    assert r.scale == 7 and r.segment is None
    assert r.analysis.dimensions.loc["empathy", "gap"] == pytest.approx(-2.5)
    assert "servqual.setting_ignored" in [n.key for n in r.notices]
    assert all(view.notice_text(n, ES) for n in r.notices)


def test_a_chosen_scale_shows_its_origin_and_blanks_answers_outside_it():
    ws = user_workspace()
    ws.settings["servqual.scale"] = 5
    r = view.compute(ws)
    assert r.scale == 5 and r.scale_inferred == 7 and r.scale_origin == "user"
    assert view.scale_caption(r, EN) == "Scale 1–5, as you chose (the answers suggest 1–7)."
    # every answer of 6 or 7 is outside 1-5: E of tangibles, reliability, assurance, empathy (18 items x 6)
    # and P answers 6 (reliability 4 x 5 items, responsiveness 1 x 4, assurance 3 x 4)
    out = next(n for n in r.notices if n.key == "servqual.problem.out_of_scale")
    assert out.params["count"] == 18 * 6 + 4 * 5 + 1 * 4 + 3 * 4


def test_segment_setting_selects_her_segment():
    ws = user_workspace()
    ws.settings["servqual.segment"] = "Sur"
    r = view.compute(ws)
    # Sur = R4..R6: tangibles gaps -1, -2, -1 -> -4/3
    assert r.segment == "Sur" and r.analysis.n_respondents == 3
    assert r.analysis.dimensions.loc["tangibles", "gap"] == pytest.approx(-4 / 3)


def test_sample_case_reproduces_table_3_and_has_its_case_study():
    r = view.compute(sample_workspace())
    assert r.is_sample and r.scale == 5 and r.design_used
    dims = r.analysis.dimensions
    assert dims["gap"].round(2).to_dict() == {"tangibles": -0.59, "reliability": -0.50, "responsiveness": -0.17,
                                              "assurance": -0.26, "empathy": -0.23}
    table3 = r.case_study.table3
    # published P - design: 3.87 - 5 = -1.13 ...; computed P equals published P to 2 decimals
    assert table3.loc["tangibles", "gap_design_paper"] == pytest.approx(-1.13)
    assert table3.loc["assurance", "gap_paper"] == pytest.approx(4.24 - 4.5)
    assert (table3["perception"].round(2) == table3["perception_paper"]).all()
    assert r.has_importance and r.priority_first == "reliability"


def test_no_data_gives_an_empty_result_not_an_error():
    r = view.compute(own_data_workspace())
    assert not r.has_data and r.analysis is None and r.sources == ()
    assert view.summary_sentences(r, ES) == [] and view.tables(r, ES) == {}


# ------------------------------------------------------------------------------ page and report

def _page_text(at) -> str:
    return " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang, unweighted, worst, design_phrase", [
    ("es", "-1,17", "2,50 puntos", "es la que más se aleja"), ("en", "-1.17", "2.50 points", "is furthest behind")])
def test_page_shows_her_survey_without_design_or_case_study(lang, unweighted, worst, design_phrase):
    t = Translator(lang)
    at = run_page("servqual", lang, user_workspace())
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == t("servqual.kpi_unweighted")) == unweighted
    assert next(m.value for m in at.metric if m.label == t("servqual.kpi_n")) == "6"
    text = _page_text(at)
    assert worst in text and "1–7" in text
    assert design_phrase in t("servqual.summary_design", dimension="x", gap="y") and design_phrase not in text
    assert t("servqual.design_none") in [c.value for c in at.caption]
    assert any("mi\\_encuesta\\.csv" in c.value for c in at.caption)           # data line names her file
    assert t("servqual.case.title") not in [e.label for e in at.expander]
    table = next(df.value for df in at.dataframe if t("servqual.col.alpha") in df.value.columns)
    assert table.loc[t("servqual.dim.empathy"), t("servqual.col.gap")] == pytest.approx(-2.5)


def test_page_and_report_show_the_same_numbers_for_her_survey_with_design():
    for lang in ("es", "en"):
        t = Translator(lang)
        ws = user_workspace(design=True)
        at = run_page("servqual", lang, ws)
        assert not at.exception
        sec = report.section(user_workspace(design=True), t)
        sentences = " ".join(view.summary_sentences(view.compute(ws), t))
        assert sentences in _page_text(at) and sentences in sec.paragraphs
        assert ("-3,00" if lang == "es" else "-3.00") in sentences
        page_dims = next(df.value for df in at.dataframe if t("servqual.col.alpha") in df.value.columns)
        report_dims = sec.tables[t("servqual.sheet_dimensions")].set_index(t("servqual.col.dimension"))
        assert page_dims[t("servqual.col.gap")].to_numpy() == pytest.approx(report_dims[t("servqual.col.gap")].to_numpy())
        page_design = next(df.value for df in at.dataframe if t("servqual.col.gap_design") in df.value.columns)
        report_design = sec.tables[t("servqual.sheet_design")]
        assert page_design[t("servqual.col.gap_design_high")].to_numpy() == pytest.approx(
            report_design[t("servqual.col.gap_design_high")].to_numpy())


def test_page_and_report_agree_on_the_sample_and_the_case_study_is_there():
    t = ES
    at = run_page("servqual", "es")
    assert not at.exception
    at.session_state["servqual.open_case"] = True     # the case study is built when opened (issue 16)
    at.run()
    sec = report.section(sample_workspace(), t)
    sentences = " ".join(view.summary_sentences(view.compute(sample_workspace()), t))
    assert sentences in _page_text(at) and sentences in sec.paragraphs
    assert "0,59 puntos" in sentences and "-1,13" in sentences
    assert t("servqual.case.title") in [e.label for e in at.expander]
    case = next(df.value for df in at.dataframe if t("servqual.col.gap_design_paper") in df.value.columns)
    assert case.loc[t("servqual.dim.tangibles"), t("servqual.col.gap_design_paper")] == pytest.approx(-1.13)


def test_page_with_bad_settings_does_not_crash():
    ws = user_workspace()
    ws.settings.update({"servqual.scale": "siete", "servqual.segment": {"x": 1}})
    at = run_page("servqual", "es", ws)
    assert not at.exception
    # the page's widget replaced the unusable stored scale by its definition's default ("auto")
    assert ws.settings["servqual.scale"] == "auto"
    assert any(ES("servqual.scale_caption_inferred", scale=7) == c.value for c in at.caption)
    assert next(m.value for m in at.metric if m.label == ES("servqual.kpi_unweighted")) == "-1,17"


def test_figures_use_the_language_decimal_mark():
    from core.figures import servqual as figs

    r = view.compute(user_workspace())
    assert figs.gap_chart(r.analysis.dimensions, ES, None, r.scale).layout.separators == ",."
    assert figs.item_chart(r.analysis.items, EN).layout.separators == ".,"
    # the score axis runs over her 1-7 scale
    assert figs.gap_chart(r.analysis.dimensions, ES, None, r.scale).layout.yaxis.range[1] == pytest.approx(7.3)
