"""core.views.indicators: the CRM indicators view model on the sample and on a user's own file
(issues 13, 15, 19). Expected values are worked by hand in the comments."""
import pandas as pd
import pytest

from core.i18n import Translator
from core.intake import load
from core.report.indicators import section
from core.sample import own_data_workspace, sample_workspace
from core.schemas import SCHEMAS
from core.views import indicators as vi

EN, ES = Translator("en"), Translator("es")
EVIL = "![x](http://h/x.png)"


def user_csv() -> bytes:
    """Her indicators as Spanish-locale Excel saves them: ';', decimal comma, cp1252."""
    return ("Indicador;Valor;Meta;Sentido;Periodo;Segmento\n"
            "Tiempo de espera (min);18;15;max;2024-01;\n"
            "Tiempo de espera (min);12,5;15;max;2024-02;\n"
            "Satisfacción;80;85;min;2024-01;\n"
            "Satisfacción;88;85;min;2024-02;\n"
            "Quejas resueltas;91,5;;min;2024-02;\n").encode("cp1252")


def user_workspace():
    result = load(user_csv(), "mis_indicadores.csv", SCHEMAS["indicators"])
    assert result.ok, result.errors
    ws = own_data_workspace("Clínica")
    ws.put("indicators", result.data, "mis_indicadores.csv")
    return ws


def test_her_indicators_against_her_targets():
    r = vi.compute(user_workspace())
    s = r.status.set_index("indicator")
    # latest period 2024-02: waiting 12.5 <= 15 met (gap reported as 15 - 12.5 = 2.5 better);
    # satisfaction 88 >= 85 met (gap 3); complaints 91.5 without target
    assert s.loc["Tiempo de espera (min)", "status"] == "met"
    assert s.loc["Tiempo de espera (min)", "gap"] == pytest.approx(2.5)
    assert s.loc["Satisfacción", "gap"] == pytest.approx(3.0)
    assert s.loc["Quejas resueltas", "status"] == "no_target"
    assert (r.met, r.judged) == (2, 2)
    # over periods: the first indicator with two periods; 18 -> 12.5 = -5.5, relative -5.5/18
    assert r.multi == ("Tiempo de espera (min)", "Satisfacción") and r.time_indicator == "Tiempo de espera (min)"
    assert (r.change.before, r.change.after, r.change.change) == (18, 12.5, -5.5)
    assert r.change.relative == pytest.approx(-5.5 / 18)
    assert r.scenario is None and r.survey is None and r.case_study is None
    assert {tg.name: (tg.value, tg.origin) for tg in r.targets}["Satisfacción"] == (85.0, "data")


def test_a_typed_target_overrides_the_files():
    ws = user_workspace()
    ws.settings["indicators.target.Satisfacción"] = 90.0
    s = vi.compute(ws).status.set_index("indicator")
    assert s.loc["Satisfacción", "status"] == "missed" and s.loc["Satisfacción", "gap"] == pytest.approx(-2.0)
    ws.settings["indicators.target.Satisfacción"] = "NaN"     # a damaged saved value: back to the file's
    assert vi.compute(ws).status.set_index("indicator").loc["Satisfacción", "status"] == "met"


def test_sample_case_seed001():
    r = vi.compute(sample_workspace())
    assert (r.met, r.judged) == (2, 6)
    # Table II: 58 -> 76 = +18 points, 18/58 relative
    assert (r.change.before, r.change.after) == (58, 76) and r.change.relative == pytest.approx(18 / 58)
    # Table VI: 0.58 * 75.1 + 0.39 * 73.5 + 0.03 * 77.3 = 74.542
    assert r.weighted.overall == pytest.approx(74.542)
    # survey: pooled synthetic answers, NPS 444/7
    assert r.survey.overall["nps"] == pytest.approx(444 / 7)
    assert r.case_study == {"seed_notes": True}


def test_result_does_not_depend_on_other_views_sample_datasets():
    alone = vi.compute(user_workspace())
    ws = user_workspace()
    sample = sample_workspace()
    for name in ("traffic", "servqual", "journey_map", "abandonment"):
        ws.put(name, sample.get(name), "sample")
    mixed = vi.compute(ws)
    pd.testing.assert_frame_equal(alone.status, mixed.status)
    assert alone.sources == mixed.sources


def test_report_section_shows_the_same_numbers():
    for ws in (sample_workspace(), user_workspace()):
        for t in (EN, ES):
            sec = section(ws, t)
            r = vi.compute(ws)
            pd.testing.assert_frame_equal(sec.tables[t("report.sheet_indicators")], vi.status_table(r, t, signs=False))
            assert sec.paragraphs[0] == vi.status_summary(r, t)


def test_indicator_names_are_escaped_for_markdown():
    from core.text import escape_markdown

    ws = own_data_workspace()
    ws.put("indicators", pd.DataFrame({"indicator": [EVIL, EVIL], "value": [1.0, 2.0], "target": [3.0, 3.0],
                                       "period": ["2024-01", "2024-02"]}), "x.csv")
    r = vi.compute(ws)
    text = vi.change_text(r, EN, escape_markdown)
    assert EVIL not in text and escape_markdown(EVIL) in text
    assert vi.label(EVIL, EN) == EVIL                    # as written where no Markdown renders (tables)
    assert vi.label("nps", ES, escape_markdown) == "NPS"  # catalog names are not escaped
