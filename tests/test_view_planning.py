"""core.views.planning.compute on the sample case and on a user's workspace, typed numbers in both
languages (issue 14), bad settings, and the page and the report section showing the same numbers."""
import math

import pytest

from core.i18n import Translator
from core.report import planning as report
from core.sample import own_data_workspace, sample_workspace
from core.views import planning as view
from tests.pagetest import run_page
from tests.test_view_servqual import user_workspace

Z95 = 1.959963984540054


@pytest.mark.parametrize("text, lang, value", [
    ("3,5", "es", 3.5), ("3.5", "en", 3.5), ("3.5", "es", 3.5), ("3,5", "en", 3.5),
    ("9.686", "es", 9686), ("9,686", "en", 9686), ("1.234,5", "es", 1234.5), ("1,234.5", "en", 1234.5),
    (" 5 % ", "es", 5.0), ("-2,5", "es", -2.5), ("0,125", "es", 0.125), ("0.125", "es", 0.125),
])
def test_numbers_typed_the_way_each_language_writes_them(text, lang, value):
    assert view.parse_number(text, lang) == value


@pytest.mark.parametrize("text, lang", [("3,5,1", "es"), ("1.2.3", "en"), ("abc", "es"), ("", "es"),
                                        ("1,234.5", "es"), ("1.234,5", "en"), ("3,", "es"), ("1,234,567", "es")])
def test_numbers_that_cannot_be_read_without_doubt_are_refused(text, lang):
    assert view.parse_number(text, lang) is None


def test_typed_text_round_trips_in_both_languages():
    for value in (3.5, 9686, 0.1, 1234.25):
        for lang in ("es", "en"):
            assert view.parse_number(view.typed_text(value, lang), lang) == value
    assert view.typed_text(9686, "es") == "9.686" and view.typed_text(3.5, "es") == "3,5"


def test_read_typed_names_the_problem():
    spec = view.SPECS["planning.margin_pct"]
    assert view.read_typed(spec, "3,5", "es").value == 3.5
    assert view.read_typed(spec, "35,5,1", "es").notice.key == "planning.typed.not_a_number"
    assert view.read_typed(spec, "75", "es").notice.key == "planning.typed.out_of_range"
    assert view.read_typed(view.SPECS["planning.n_run"], "12,5", "es").notice.key == "planning.typed.not_integer"


def test_sample_case_uses_its_population_and_its_survey():
    r = view.compute(sample_workspace())
    # n0 = 1.959964^2 * 0.25 / 0.05^2 = 384.146; N = 9,686: 384.146 / (1 + 383.146 / 9686) = 369.53 -> 370
    assert r.size.n == 370 and r.size.population == 9686
    assert r.settings["planning.population"] == (9686, "sample")
    assert r.run.n == 371 and r.settings["planning.n_run"] == (371, "data") and r.n_run_from == "servqual"
    assert r.run.ins_points == pytest.approx(100 * Z95 * math.sqrt(0.25 / 371 * 9315 / 9685))
    assert set(r.observed["kind"]) == {"nps", "ins", "gap"} and len(r.observed) == 7
    assert r.observed_from == ("journey_responses", "servqual")
    assert r.case_study.check.n_formula == 370 and r.case_study.n0_up == 385


def test_her_workspace_uses_her_n_and_no_sample_value():
    r = view.compute(user_workspace())
    assert r.size.population is None and r.size.n == 385               # neutral: no population, e = 5 points
    assert r.run.n == 6 and r.settings["planning.n_run"] == (6, "data")
    # INS worst case with n = 6: 100 * 1.959964 * sqrt(0.25 / 6) = 100 * 1.959964 * 0.2041241 = 40.0076 points
    assert r.run.ins_points == pytest.approx(100 * Z95 * math.sqrt(0.25 / 6))
    assert list(r.observed["kind"]) == ["gap"] * 5 and r.observed_from == ("servqual",)
    assert [s.source for s in r.sources] == ["mi_encuesta.csv"]
    assert r.case_study is None


def test_an_empty_workspace_says_nothing_is_loaded():
    r = view.compute(own_data_workspace())
    assert r.observed.empty and r.sources == () and r.run.n == view.NEUTRAL_N_RUN
    assert r.settings["planning.n_run"] == (view.NEUTRAL_N_RUN, "default")


def test_sample_datasets_in_her_workspace_are_not_used():
    alone = view.compute(user_workspace())
    ws = user_workspace()
    sample = sample_workspace()
    ws.put("journey_responses", sample.get("journey_responses"), "sample")
    ws.put("traffic", sample.get("traffic"), "sample")
    mixed = view.compute(ws)
    assert mixed.observed.equals(alone.observed) and mixed.sources == alone.sources
    assert (mixed.run.n, mixed.run.ins_points, mixed.run.gap_scale) == (alone.run.n, alone.run.ins_points, alone.run.gap_scale)


@pytest.mark.parametrize("bad", [{"planning.margin_pct": "3,5"}, {"planning.population": float("nan")},
                                 {"planning.kind": {"a": 1}, "planning.confidence": 1.5},
                                 {"planning.n_run": -3, "planning.gap_sd": [1, 2]}])
def test_bad_settings_fall_back_to_defaults_with_a_notice(bad):
    ws = user_workspace()
    ws.settings.update(bad)
    r = view.compute(ws)
    assert r.size is not None and r.run is not None
    assert "planning.setting_ignored" in [n.key for n in r.notices]
    assert all(view.notice_text(n, Translator("es")) for n in r.notices)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("make", [sample_workspace, user_workspace], ids=["sample", "user"])
def test_page_and_report_show_the_same_numbers(lang, make):
    t = Translator(lang)
    at = run_page("planning", lang, make(), timeout=120)
    assert not at.exception
    sec = report.section(make(), t)
    r = view.compute(make())
    n_needed = next(m.value for m in at.metric if m.label == t("planning.n_needed"))
    ins = next(m.value for m in at.metric if m.label == t("planning.margin.ins"))
    text = " ".join(sec.paragraphs)
    assert f"**{n_needed}**" in text and ins in text
    assert n_needed == t.int(r.size.n)
    page_table = at.dataframe[0].value
    report_table = sec.tables[t("planning.loaded.title")]
    assert page_table.equals(report_table)


def test_margin_figure_uses_the_language_decimal_mark_and_her_n():
    from core.figures import planning as figs

    r = view.compute(user_workspace())
    fig = figs.margin_curve(r.run.curve, r.run.n, r.run.ins_fraction, Translator("es"), r.run.population)
    assert fig.layout.separators == ",."
    marked = fig.data[-1]
    # her 6 answers: 100 * 1.959964 * sqrt(0.25 / 6) = 100 * 1.959964 * 0.2041241 = 40.0076 points
    assert list(marked.x) == [6] and marked.y[0] == pytest.approx(40.0076, abs=1e-4)
