"""app_pages/indicators.py with AppTest: seed 001 indicators against targets, the 58 -> 76 NPS change,
Table VI weighted satisfaction, journey KPIs, edited targets and bad input."""

import pandas as pd

from core.sample import sample_workspace
from tests.pagetest import run_page


def _app(lang="en", ws=None):
    return run_page("indicators", lang, ws)


def _status(at, column="Status"):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError("no status table")


def test_seed001_indicators_targets_and_scenarios():
    at = _app("en")
    assert not at.exception
    s = _status(at).set_index("Indicator")
    assert s.loc["Completed trainings", "Status"] == "✓ met"  # 77 >= 75
    assert s.loc["NPS", "Value"] == 76 and s.loc["NPS", "Status"] == "✗ missed"  # 76 < 85
    assert s.loc["NPS", "Gap"] == -9
    assert s.loc["Recommendations of satisfied customers", "Status"] == "✓ met"  # 90 >= 90
    md = "\n".join(m.value for m in at.markdown)
    assert "**2 of 6 indicators with a target meet it**" in md
    # Table II: 58 -> 76 = +18 points, 18/58 = 31 % relative
    assert "from 58.0 (before the improvement) to 76.0 (after the improvement)" in md
    assert "a change of 18.0" in md and "31 % relative" in md
    metrics = {m.label: m for m in at.metric}
    # Table VI: 0.58 * 75.1 + 0.39 * 73.5 + 0.03 * 77.3 = 74.542
    assert metrics["Weighted overall satisfaction"].value == "74.54 %"
    # journey survey (synthetic seed 000 sample): pooled NPS 444/7 = 63.4, CES 22 %
    assert metrics["NPS"].value == "63.4" and metrics["NPS"].delta.startswith("✗")
    assert metrics["CES (% high effort)"].value == "22.0 %" and metrics["CES (% high effort)"].delta.startswith("✓")

    at.text_input(key="indicators.target.nps._typed").set_value("70").run()
    s = _status(at).set_index("Indicator")
    assert s.loc["NPS", "Status"] == "✓ met" and s.loc["NPS", "Gap"] == 6
    assert "**3 of 6 indicators with a target meet it**" in "\n".join(m.value for m in at.markdown)
    at.text_input(key="indicators.target.completed_trainings._typed").set_value("80").run()
    assert _status(at).set_index("Indicator").loc["Completed trainings", "Status"] == "✗ missed"


def test_spanish_page():
    at = _app("es")
    assert not at.exception
    s = _status(at, "Estado").set_index("Indicador")
    assert s.loc["NPS", "Estado"] == "✗ no cumple"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Satisfacción total ponderada"] == "74,54 %"
    at.checkbox(key="indicators.by_segment").check().run()
    assert not at.exception


def test_bad_indicator_direction_gets_a_message():
    ws = sample_workspace()
    ws.put("indicators", pd.DataFrame({"indicator": ["nps"], "value": [50], "target": [85],
                                       "direction": ["upwards"]}), "bad.csv")
    at = _app("en", ws)
    assert not at.exception
    assert "direction 'upwards' must be 'min'" in " ".join(e.value for e in at.error)


def test_non_numeric_value_gets_a_message():
    ws = sample_workspace()
    ws.put("indicators", pd.DataFrame({"indicator": ["nps"], "value": ["alto"]}), "bad.csv")
    at = _app("es", ws)
    assert not at.exception
    assert "«alto» no es un número" in " ".join(e.value for e in at.error)


# ----------------------------------------------------------------------------- her own data (issues 13, 14, 15)
import pytest  # noqa: E402

from core.i18n import Translator  # noqa: E402
from core.report.indicators import section  # noqa: E402
from core.sample import own_data_workspace  # noqa: E402
from core.text import escape_markdown  # noqa: E402
from tests.test_view_indicators import EVIL, user_workspace  # noqa: E402


@pytest.mark.parametrize("lang, col, met", [("en", "Status", "✓ met"), ("es", "Estado", "✓ cumple")])
def test_page_shows_her_indicators_and_matches_the_report(lang, col, met):
    ws = user_workspace()
    at = _app(lang, ws)
    assert not at.exception
    t = Translator(lang)
    shown = _status(at, col)
    assert shown.iloc[:, 0].tolist() == ["Tiempo de espera (min)", "Satisfacción", "Quejas resueltas"]
    assert shown[col].tolist()[:2] == [met, met]
    assert shown.iloc[:, 3].tolist() == [12.5, 88.0, 91.5]
    report = section(ws, t).tables[t("report.sheet_indicators")]
    assert report.iloc[:, 3].tolist() == shown.iloc[:, 3].tolist()
    assert report.iloc[:, 7].tolist()[:2] == shown.iloc[:, 7].tolist()[:2] == [2.5, 3.0]
    assert not [e for e in at.expander if "001" in e.label]       # the seed's notes only in the sample
    assert "Respira" not in " ".join(m.value for m in at.markdown)


def test_case_study_expander_only_in_the_sample():
    at = _app("es")
    assert [e.label for e in at.expander if e.label.startswith("Caso de estudio")] != []


def test_spanish_decimal_comma_target():
    ws = user_workspace()
    at = _app("es", ws)
    at.text_input(key="indicators.target.Satisfacción._typed").set_value("90,5").run()
    assert not at.exception and not at.error
    assert ws.settings["indicators.target.Satisfacción"] == 90.5
    s = _status(at, "Estado").set_index("Indicador")
    assert s.loc["Satisfacción", "Estado"] == "✗ no cumple" and s.loc["Satisfacción", "Brecha"] == -2.5


def test_indicator_named_like_an_image_link_shows_as_text():
    ws = own_data_workspace()
    ws.put("indicators", pd.DataFrame({"indicator": [EVIL, EVIL, "[t](javascript:alert(1))", "${x}"],
                                       "value": [1.0, 2.0, 3.0, 4.0], "target": [3.0, 3.0, 1.0, 1.0],
                                       "period": ["2024-01", "2024-02", "2024-02", "2024-02"]}), "x.csv")
    at = _app("en", ws)
    assert not at.exception
    rendered = [m.value for m in at.markdown] + [w.label for w in at.text_input] + [s.label for s in at.selectbox]
    rendered += [m.label for m in at.metric] + [c.value for c in at.caption]
    assert not any("![x](http" in r or "[t](javascript" in r or "${x}" in r for r in rendered)
    labels = [w.label for w in at.text_input]
    assert any(escape_markdown(EVIL) in label for label in labels)
    assert escape_markdown("[t](javascript:alert(1))") in " ".join(labels)
    assert EVIL in _status(at)["Indicator"].tolist()      # the data grid shows it as written, as text


def test_bad_saved_settings_never_crash_the_page():
    ws = sample_workspace()
    ws.settings.update({"indicators.target.nps": {"x": 1}, "indicators.time_ind": 3, "indicators.by_segment": "yes",
                        "indicators.scenarios": "bad", "journey.nps_min": "NaN"})
    at = _app("es", ws)
    assert not at.exception
    assert _status(at, "Estado").set_index("Indicador").loc["NPS", "Estado"] == "✗ no cumple"  # 76 < 85 (file's)
