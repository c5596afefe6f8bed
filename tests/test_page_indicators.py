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

    at.number_input(key="indicators.target.nps").set_value(70.0).run()
    s = _status(at).set_index("Indicator")
    assert s.loc["NPS", "Status"] == "✓ met" and s.loc["NPS", "Gap"] == 6
    assert "**3 of 6 indicators with a target meet it**" in "\n".join(m.value for m in at.markdown)
    at.number_input(key="indicators.target.completed_trainings").set_value(80.0).run()
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
