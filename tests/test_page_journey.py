"""app_pages/journey.py with AppTest: the sample reproduces seed 000 Table 2, targets move the pain
points, responses give n and margins, bad input gets clear messages, markup stays text."""
import json
from pathlib import Path

import pandas as pd
import pytest

from core.sample import sample_workspace
from tests.pagetest import run_page

ROOT = Path(__file__).resolve().parents[1]


def _app(lang="en", ws=None):
    return run_page("journey", lang, ws)


def _table(at, column):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {column!r}")


def _markdown(at):
    return "\n".join(m.value for m in at.markdown)


def test_sample_reproduces_table2_and_targets_move_pain_points():
    at = _app("en")
    assert not at.exception
    table = _table(at, "Pain point").set_index("Phase")
    # Table 2 as printed: NPS 70 58 61 53 71 61 70, INS 5.1 3.4 4.7 3.4 4.7 5.1 4.6, CES 22
    assert table["NPS"].tolist() == ["70 ✗", "58 ✗", "61 ✗", "53 ✗", "71 ✗", "61 ✗", "70 ✗"]
    assert table["INS"].tolist() == ["5.1 /5 ⚠ ✓", "3.4 /5 ✗", "4.7 /5 ✓", "3.4 /5 ✗", "4.7 /5 ✓",
                                     "5.1 /5 ⚠ ✓", "4.6 /5 ✓"]
    assert table["CES"].tolist() == ["22 % ✓"] * 7
    assert table["Marked by hand"].tolist() == [False, True, True, True, True, False, False]
    md = _markdown(at)
    assert "**Pain points: 7 of 7 phases**" in md  # every phase NPS < 85
    # the page states the seed's inconsistencies in the case study, built when it is opened
    at.session_state["journey.open_case"] = True
    at.run()
    md = _markdown(at)
    assert "INS 5.1 > 5" in md and "CES 22 in every phase" in md
    assert "the mean of the phase NPS is 63.4" in md and "cumulative NPS of 64" in md
    assert any("SYNTHETIC" in i.value for i in at.info)

    at.text_input(key="journey.nps_min._typed").set_value("60").run()
    assert not at.exception
    table = _table(at, "Pain point").set_index("Phase")
    assert table.loc["Discovery", "Pain point"] == False  # noqa: E712  (70 >= 60, INS 5.1 >= 4.25)
    assert table.loc["Application and contract", "Misses target"] == "NPS, INS"
    assert "**Pain points: 4 of 7 phases**" in _markdown(at)

    at.multiselect(key="journey.marked").set_value([]).run()
    table = _table(at, "Pain point")
    assert table.loc[table["Pain point"], "Phase"].tolist() == ["Application and contract",
                                                               "Maintenance of the relationship"]
    at.text_input(key="journey.ces_pct_max._typed").set_value("20").run()
    assert "**Pain points: 7 of 7 phases**" in _markdown(at)  # CES 22 > 20 everywhere


def test_spanish_page_and_responses_source():
    at = _app("es")
    assert not at.exception
    table = _table(at, "Punto de dolor")
    assert table["INS"].iloc[0] == "5,1 /5 ⚠ ✓"
    assert table["Fase"].iloc[0] == "Descubrimiento"
    assert "**Puntos de dolor: 7 de 7 fases**" in _markdown(at)
    at.radio(key="journey.source").set_value("responses").run()
    assert not at.exception
    table = _table(at, "Punto de dolor")
    # NPS ± 95 % margin: Discovery 70, n = 100, p = .78, d = .08:
    # 1.96 * 100 * sqrt((.86 - .49) / 100) = 11.9
    assert table["NPS"].iloc[0] == "70 ±12 ✗"
    assert table["INS"].iloc[1] == "51 % ✗"  # top-2-box of the synthetic answers
    md = _markdown(at)
    assert "NPS 63,4 ± 4,8 puntos" in md  # pooled 700 answers: 444 / 7
    assert "En esta fase respondieron 100 clientes" in md


def test_responses_detail_comparison_and_pareto():
    at = _app("en")
    at.radio(key="journey.source").set_value("responses").run()
    at.selectbox(key="journey.phase").set_value("Application and contract").run()
    assert not at.exception
    nps_metric = [m for m in at.metric if m.label == "NPS"][0]
    assert nps_metric.value == "58.0"
    comments = _table(at, "Comment")
    assert set(comments["Cause"]) <= {"Telephone communication", "Staff attitude", "Other"}
    md = _markdown(at)
    assert "The leading cause, Telephone communication" in md
    assert "statistically significant" in md
    at.selectbox(key="journey.compare_phase").set_value("Discovery").run()
    assert not at.exception


def _bad_workspace():
    ws = sample_workspace()
    responses = pd.DataFrame({
        "phase": ["Discovery", "Discovry", "Product use", "Product use", "Product use", "Xyz"],
        "recommend": [10, 9, 12, 3, 9, 5],
        "satisfaction": [5, 4, 4, 2, 5, 3],
        "effort": [7, 6, 5, 2, 6, 4],
        "comment": ["", "ok", "<script>alert('x')</script>", "<b>No contestan</b> el teléfono", "", ""],
        "date": ["2024-03-01", "2024-03-02", "2024-03-03", "2024-04-01", "2024-04-02", "2024-04-03"],
    })
    ws.put("journey_responses", responses, "bad.csv")
    ws.put("journey_map", pd.read_csv(ROOT / "sample_data" / "journey_map.csv"), "map.csv")
    return ws


def test_bad_input_messages_and_markup_shown_as_text():
    at = _app("en", _bad_workspace())
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "unknown phase 'Discovry'" in warnings and "Did you mean 'Discovery'?" in warnings
    assert "unknown phase 'Xyz'" in warnings
    assert "values of recommend are outside its scale 0–10" in warnings and "rows 3" in warnings
    infos = " ".join(i.value for i in at.info)
    assert "No responses for: Application and contract" in infos
    assert not any("SYNTHETIC" in i.value for i in at.info)  # uploaded data are not the sample
    at.radio(key="journey.source").set_value("responses").run()
    at.selectbox(key="journey.phase").set_value("Product use").run()
    assert not at.exception
    comments = _table(at, "Comment")
    # the raw text reaches a data grid (which never renders HTML), unchanged
    assert "<script>alert('x')</script>" in comments["Comment"].tolist()
    assert comments.set_index("Comment").loc["<b>No contestan</b> el teléfono", "Cause"] == "Telephone communication"
    # no element renders the markup
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption] + \
               [w.value for w in at.warning] + [i.value for i in at.info]
    assert not any("<script" in r or "<b>No" in r for r in rendered)
    table = _table(at, "Pain point").set_index("Phase")
    assert table.loc["Application and contract", "NPS"] == "no data"
    metrics = {m.label: m.value for m in at.metric}
    # Product use: 12 is blanked (outside 0-10); 3 (detractor) and 9 (promoter) -> NPS 0
    assert metrics["NPS"] == "0.0"


def test_markup_in_phase_names_and_voice_is_escaped_in_the_map():
    ws = sample_workspace()
    table = pd.read_csv(ROOT / "sample_data" / "journey_map.csv")
    table.loc[0, "phase"] = "<img src=x onerror=alert(1)>"
    table.loc[1, "customer_voice"] = "<script>alert(2)</script>"
    ws.put("journey_map", table, "evil.csv")
    ws.remove("journey_responses")
    at = _app("en", ws)
    assert not at.exception
    charts = at.get("plotly_chart")
    spec = json.loads(charts[0].proto.spec)
    texts = json.dumps([a.get("text", "") for a in spec["layout"]["annotations"]])
    assert "&lt;script&gt;alert(2)" in texts and "&lt;img src=x" in texts
    assert "<script" not in texts and "<img" not in texts


# ----------------------------------------------------------------------------- her own data (issue 13)
import datetime as dt  # noqa: E402

from core.i18n import Translator  # noqa: E402
from core.report.journey import section  # noqa: E402
from core.sample import own_data_workspace  # noqa: E402
from tests.test_view_journey import PHASES, user_workspace  # noqa: E402


def _all_text(at):
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
                    + [i.value for i in at.info] + [e.value for e in at.error])


@pytest.mark.parametrize("lang, phase_col, nps_col, nps_metric", [("en", "Phase", "NPS", "40.0"),
                                                                   ("es", "Fase", "NPS", "40,0")])
def test_page_shows_her_phases_and_hand_counted_numbers(lang, phase_col, nps_col, nps_metric):
    ws = user_workspace()
    at = _app(lang, ws)
    assert not at.exception
    table = at.dataframe[0].value          # the first table on the page is hers
    assert table[phase_col].tolist() == PHASES
    # NPS 40 (6 promoters, 2 detractors of 10), margin 49.6 -> "±50"; Llegada -20: p = .4, d = .6,
    # V = 1 - .04 = .96, 1.96 * 100 * sqrt(.96 / 5) = 85.9 -> "±86"; Consulta 100 and Pago 0 have V = 0
    assert table[nps_col].tolist() == ["40 ±50 ✗", "-20 ±86 ✗", "100 ±0 ✓", "0 ±0 ✗"]
    assert table["INS"].tolist()[0] == ("70 %" if lang == "en" else "70 %") + " ✗"
    assert table["CES"].tolist()[0] == "30 % ✓"
    assert {m.label: m.value for m in at.metric}["NPS"] == nps_metric
    text = _all_text(at)
    assert "Did you mean" not in text and "Quiso decir" not in text
    assert not any(p in text for p in ("Discovery", "Descubrimiento", "Product use", "SYNTHETIC", "SINTÉTICAS"))
    assert not [e for e in at.expander if "seed 000" in e.label or "semilla 000" in e.label]
    # page and report show the same table
    t = Translator(lang)
    pd.testing.assert_frame_equal(table, section(ws, t).tables[t("journey.sheet.map")])


def test_sample_page_and_report_agree_and_case_study_is_one_expander():
    at = _app("es")
    assert not at.exception
    t = Translator("es")
    pd.testing.assert_frame_equal(at.dataframe[0].value, section(sample_workspace("es"), t).tables[t("journey.sheet.map")])
    cases = [e for e in at.expander if e.label.startswith("Caso de estudio")]
    assert len(cases) == 1


def test_2019_answers_with_the_samples_remembered_split_date_do_not_crash():
    at = AppTest_with_split(dt.date(2024, 6, 1))
    assert not at.exception
    value = at.date_input(key="journey.split").value
    assert dt.date(2019, 1, 7) <= value <= dt.date(2019, 3, 20)


def AppTest_with_split(split):
    from tests.pagetest import PAGES
    from streamlit.testing.v1 import AppTest

    ws = user_workspace()
    ws.settings["journey.split"] = split.isoformat()
    at = AppTest.from_file(str(PAGES / "journey.py"), default_timeout=60)
    at.session_state["lang"] = "es"
    at.session_state["workspace"] = ws
    at.session_state["journey.split"] = split     # the widget state left by the sample case
    return at.run()


def test_map_with_phases_but_no_values_renders_blanks():
    ws = own_data_workspace()
    ws.put("journey_map", pd.DataFrame({"phase": ["Agendamiento", "Consulta"],
                                        "nps": pd.array([pd.NA, pd.NA], dtype="Float64")}), "mapa.csv")
    at = _app("es", ws)
    assert not at.exception
    assert at.dataframe[0].value["Fase"].tolist() == ["Agendamiento", "Consulta"]
    assert any("trae fases pero no valores" in i.value for i in at.info)
    assert at.dataframe[0].value["NPS"].tolist() == ["sin datos", "sin datos"]


def test_spanish_decimal_comma_target_is_read_as_72_5_not_725():
    # Streamlit 1.67's st.number_input is an <input type="number">: what a typed "72,5" becomes depends
    # on the browser's locale (an English browser drops the comma: 725). The targets are therefore text
    # boxes read in the page's language by core.views.journey.read_typed_number.
    ws = user_workspace()
    at = _app("es", ws)
    at.text_input(key="journey.nps_min._typed").set_value("72,5").run()
    assert not at.exception and not at.error
    assert ws.settings["journey.nps_min"] == 72.5
    at.text_input(key="journey.nps_min._typed").set_value("725").run()
    assert "fuera de" in " ".join(e.value for e in at.error)
    assert ws.settings["journey.nps_min"] == 72.5      # refused, the previous value is kept
    at = _app("en", user_workspace())
    at.text_input(key="journey.nps_min._typed").set_value("3.5").run()
    assert not at.error and at.session_state["workspace"].settings["journey.nps_min"] == 3.5


def test_bad_saved_settings_never_crash_the_page():
    for ws in (sample_workspace(), user_workspace()):
        ws.settings.update({"journey.nps_min": "NaN", "journey.ins_pct_min": {"x": 1}, "journey.ces_pct_max": 1e999,
                            "journey.split": {"a": 1}, "journey.marked": "x", "journey.phase": 5,
                            "journey.source": 7, "journey.trend_by": "zzz", "journey.pareto_unhappy": "yes",
                            "journey.dictionary": [1, 2], "journey.compare_phase": None})
        at = _app("es", ws)
        assert not at.exception
        assert at.text_input(key="journey.nps_min._typed").value == "85"


def test_cause_dictionary_is_drawn_when_opened_and_her_edits_count_while_it_is_closed():
    """The editor sends its whole table at every run, so it is drawn only when its expander is open
    (issue 16); a dictionary she edited (kept in the workspace) still classifies the comments when it
    is closed. Her one cause "Espera" with the keyword "demora" leaves every other comment unclassified."""
    from core.views import journey as vj
    at = _app("es")
    assert not at.exception and not at.data_editor
    at.session_state["journey.open_dictionary"] = True
    at.run()
    default = at.session_state["workspace"].settings["journey.dictionary"]["default"]   # the page's own table
    ws = sample_workspace("es")
    ws.settings["journey.dictionary"] = {"default": default, "rows": [["Espera", "demora"]]}
    at = _app("es", ws)
    assert not at.exception and not at.data_editor
    causes = vj.compute(at.session_state["workspace"]).causes["cause"].value_counts().to_dict()
    assert causes == {"other": 234, "Espera": 1}      # 235 comments; one says "demora"
    at.session_state["journey.open_dictionary"] = True
    at.run()
    assert not at.exception and len(at.data_editor) == 1
    assert at.session_state["workspace"].settings["journey.dictionary"]["rows"] == [["Espera", "demora"]]
