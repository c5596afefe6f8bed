"""A workspace's settings come back into the views' widgets (ui.state.remembered): a page drawn with
settings shows them and computes with them, moving a widget writes the value into ws.settings, and
no widget gets both a default and a Session State value (Streamlit's duplication warning)."""
import logging

import pytest
from streamlit.elements.lib import policies
from streamlit.testing.v1 import AppTest

from core import sampling
from core.i18n import Translator
from core.sample import sample_workspace

DUPLICATE = "created with a default value but also had its value set via the Session State API"


@pytest.fixture
def duplicate_warnings(monkeypatch, caplog):
    """Streamlit logs the duplication warning (once per process, only with a runtime): turn the
    check on for AppTest and collect what it logs."""
    monkeypatch.setattr(policies.runtime, "exists", lambda: True)
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    caplog.set_level(logging.WARNING)
    return lambda: [r.getMessage() for r in caplog.records if DUPLICATE in r.getMessage()]


def start(page, settings=None, lang="en"):
    at = AppTest.from_file(f"../app_pages/{page}", default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["journey.open_dictionary"] = True     # the cause dictionary's editor is drawn when opened
    ws = sample_workspace()
    ws.settings.update(settings or {})
    at.session_state["workspace"] = ws
    return at.run()


def metric(at, label):
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return values[0]


def no_problems(at, warnings):
    assert not at.exception
    assert not [w.value for w in at.warning if DUPLICATE in w.value]
    assert warnings() == []


# Staffing: tests/test_page_staffing.py::test_saved_settings_come_back_into_the_widgets (one unit per setting).


def test_planning_restores_and_remembers(duplicate_warnings):
    t = Translator("en")
    default = start("planning.py")
    no_problems(default, duplicate_warnings)
    assert metric(default, t("planning.n_needed")) == "370"

    at = start("planning.py", {"planning.margin_pct": 3.0, "planning.confidence": 0.99, "planning.n_run": 500,
                               "planning.confidence_run": "not an option"})
    no_problems(at, duplicate_warnings)
    assert at.text_input(key="planning.margin_pct").value == "3"   # typed numbers are read in the language
    assert at.selectbox(key="planning.confidence").value == 0.99
    assert at.text_input(key="planning.n_run").value == "500"
    assert at.selectbox(key="planning.confidence_run").value == 0.95  # an unknown stored option: the default
    size = sampling.sample_size_proportion(0.03, 0.99, 0.5, 9686)
    assert metric(at, t("planning.n_needed")) == t.int(size.n)

    at.text_input(key="planning.n_run").input("800")
    at.radio(key="planning.kind").set_value("mean")
    at.run()
    no_problems(at, duplicate_warnings)
    settings = at.session_state["workspace"].settings
    assert settings["planning.n_run"] == 800
    assert settings["planning.kind"] == "mean"
    assert settings["planning.confidence"] == 0.99


def test_journey_and_indicators_restore(duplicate_warnings):
    at = start("journey.py", {"journey.trend_ind": "ces_pct", "journey.trend_by": "segment",
                              "journey.pareto_unhappy": False})
    no_problems(at, duplicate_warnings)
    assert at.selectbox(key="journey.trend_ind").value == "ces_pct"
    assert at.selectbox(key="journey.trend_by").value == "segment"
    assert at.checkbox(key="journey.pareto_unhappy").value is False
    at.selectbox(key="journey.trend_by").set_value("channel").run()
    no_problems(at, duplicate_warnings)
    assert at.session_state["workspace"].settings["journey.trend_by"] == "channel"

    at = start("indicators.py", {"indicators.by_segment": True})
    no_problems(at, duplicate_warnings)
    assert at.checkbox(key="indicators.by_segment").value is True
    at.checkbox(key="indicators.by_segment").uncheck().run()
    no_problems(at, duplicate_warnings)
    assert at.session_state["workspace"].settings["indicators.by_segment"] is False


def test_the_check_catches_a_duplicate(duplicate_warnings):
    """The fixture does see Streamlit's warning when a page passes both (so the tests above mean something)."""
    script = ("import streamlit as st\n"
              "st.session_state.setdefault('x.v', 5)\n"
              "st.slider('v', 0, 10, value=3, key='x.v')\n")
    AppTest.from_string(script).run()
    assert duplicate_warnings()


def test_edited_tables_restore(duplicate_warnings):
    """indicators.scenarios / journey.dictionary (st.data_editor) keep their edited rows in the settings."""
    at = start("indicators.py")
    no_problems(at, duplicate_warnings)
    saved = at.session_state["workspace"].settings["indicators.scenarios"]
    # Table VI: 0.58 * 75.1 + 0.39 * 73.5 + 0.03 * 77.3 = 74.542
    assert [m.value for m in at.metric if m.label == "Weighted overall satisfaction"] == ["74.54 %"]
    rows = [list(r) for r in saved["rows"]]
    assert [round(r[1], 2) for r in rows] == [58.0, 39.0, 3.0]   # shares in %
    rows[0][2], rows[1][2] = 80.0, 70.0   # 0.58 * 80 + 0.39 * 70 + 0.03 * 77.3 = 76.019
    at = start("indicators.py", {"indicators.scenarios": {"default": saved["default"], "rows": rows}})
    no_problems(at, duplicate_warnings)
    assert [m.value for m in at.metric if m.label == "Weighted overall satisfaction"] == ["76.02 %"]
    # rows edited from another data set are not forced onto this one
    at = start("indicators.py", {"indicators.scenarios": {"default": "{}", "rows": rows}})
    assert [m.value for m in at.metric if m.label == "Weighted overall satisfaction"] == ["74.54 %"]

    at = start("journey.py")
    no_problems(at, duplicate_warnings)
    saved = at.session_state["workspace"].settings["journey.dictionary"]
    at = start("journey.py", {"journey.dictionary": {"default": saved["default"], "rows": [["mine", "zzz"]]}})
    no_problems(at, duplicate_warnings)
    # what the editor returned this run (written back) is the restored table
    assert at.session_state["workspace"].settings["journey.dictionary"]["rows"] == [["mine", "zzz"]]
