"""Issue 14: the numbers typed on the staffing page are read as the user's language writes them.

The simulation's coefficient of variation, handle time, patience, shift length and replications,
and the staffing cost, are text boxes read by core.typed_number in the page's language: "0,5" in
Spanish and "0.5" in English are one half; a number that could be read two ways ("1.500" in
Spanish) or that is outside the field's range is refused with a message in the user's language,
and nothing runs on it. (st.number_input would read "0,5" by the browser's locale, or show "0.80".)
"""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import Translator
from core.sample import own_data_workspace
from core.views import staffing as staffing_view

PAGES = Path(__file__).resolve().parent.parent / "app_pages"
SIMULATION = str(PAGES / "staffing_simulation.py")
STAFFING = str(PAGES / "staffing.py")
COST = "staffing.cost_per_agent_hour._typed"


def start(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(page, default_timeout=180)
    at.session_state["lang"] = lang
    return at.run()


def errors(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]     # the page escapes Markdown in the typed text


def metric(at, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r}"
    return values[0]


# ------------------------------------------------------------------------------------ the simulation

@pytest.mark.parametrize("lang, typed", [
    ("es", {"cv": "0,5", "aht": "180,5", "patience": "90,5", "hours": "0,5", "replications": "2"}),
    ("en", {"cv": "0.5", "aht": "180.5", "patience": "90.5", "hours": "0.5", "replications": "2"}),
])
def test_simulation_reads_decimals_as_the_language_writes_them(lang, typed):
    at = start(SIMULATION, lang)
    at.radio(key="simulation.service").set_value("lognormal").run()   # the CV box is enabled for lognormal only
    at.text_input(key="simulation.cv").set_value(typed["cv"])
    at.text_input(key="simulation.morning.aht").set_value(typed["aht"])
    at.text_input(key="simulation.morning.patience").set_value(typed["patience"])
    at.text_input(key="simulation.hours").set_value(typed["hours"])
    at.text_input(key="simulation.replications").set_value(typed["replications"])
    at.run()
    assert not at.exception and not at.error
    at.button(key="simulation.run").click().run()
    assert not at.exception
    result = at.session_state["simulation.result"][1]
    cfg = result.config
    assert cfg.cv == 0.5
    assert cfg.stations[0].aht == 180.5 and cfg.stations[0].patience == 90.5
    assert sum(cfg.profile.lengths_s) == 1800.0           # half an hour, not five hours
    assert result.replications == 2


def test_the_boxes_show_the_defaults_in_the_language():
    es, en = start(SIMULATION, "es"), start(SIMULATION, "en")
    assert es.text_input(key="simulation.cv").value == "0,8"
    assert en.text_input(key="simulation.cv").value == "0.8"
    assert es.text_input(key="simulation.hours").value == en.text_input(key="simulation.hours").value == "8"


def test_a_language_switch_rewrites_the_typed_number():
    # in a workspace of her own data (the sample case redraws every widget from its settings
    # when the language changes, ui.state.workspace)
    at = AppTest.from_file(SIMULATION, default_timeout=180)
    at.session_state["lang"] = "es"
    at.session_state["workspace"] = own_data_workspace()
    at.run()
    at.radio(key="simulation.service").set_value("lognormal").run()
    at.text_input(key="simulation.cv").set_value("1,25").run()
    at.session_state["lang"] = "en"
    at.run()
    assert at.text_input(key="simulation.cv").value == "1.25"
    assert not at.error


@pytest.mark.parametrize("lang, field, key, text, expected", [
    # 0,5 replications: not a whole number
    ("es", "replications", "simulation.replications", "0,5",
     "El número de réplicas: «0,5» debe ser un número entero de 1 a 100.000."),
    ("en", "replications", "simulation.replications", "0.5",
     "The number of replications: “0.5” must be a whole number from 1 to 100,000."),
    # "1.500" hours in Spanish: one and a half, or fifteen hundred?
    ("es", "hours", "simulation.hours", "1.500",
     "La duración del turno (horas): «1.500» se puede leer de dos maneras (¿miles o decimales?)."),
    ("en", "hours", "simulation.hours", "1,500",
     "The shift length (hours): “1,500” could be read two ways (thousands or decimals?)."),
    ("es", "hours", "simulation.hours", "30", "La duración del turno (horas): «30» está fuera del rango aceptado (0,25 a 24)."),
    ("es", "aht", "simulation.morning.aht", "doscientos",
     "El tiempo de atención (TMO, segundos): «doscientos» no es un número que se pueda leer sin duda."),
])
def test_a_number_that_cannot_be_used_is_refused_with_a_message_and_nothing_runs(lang, field, key, text, expected):
    at = start(SIMULATION, lang)
    at.text_input(key=key).set_value(text).run()
    assert not at.exception
    shown = errors(at)
    assert len(shown) == 1 and shown[0].startswith(expected), shown
    assert not [b for b in at.button if b.key == "simulation.run"]        # no run button on a refused number


# ------------------------------------------------------------------------------------ the staffing cost

@pytest.mark.parametrize("lang, text, value", [
    ("es", "0,5", 0.5), ("en", "0.5", 0.5),
    ("es", "12.500", 12_500.0), ("en", "12,500", 12_500.0),          # money: a grouped number is thousands
    ("es", "12.500,5", 12_500.5), ("en", "12,500.5", 12_500.5),
])
def test_cost_is_read_in_the_language_and_used_for_the_plan(lang, text, value):
    t = Translator(lang)
    at = start(STAFFING, lang)
    assert at.text_input(key=COST).value == "0"
    at.text_input(key=COST).set_value(text).run()
    assert not at.exception and not at.error
    assert at.session_state["workspace"].settings["staffing.cost_per_agent_hour"] == value
    scheduled = int(metric(at, t("staffing.plan.scheduled")).replace(".", "").replace(",", ""))
    # cost of the shift = agents scheduled x 8 hours x cost per agent-hour
    assert metric(at, t("staffing.plan.cost")) == t.num(scheduled * staffing_view.HOURS_PER_SHIFT * value, 0)


@pytest.mark.parametrize("lang, text, expected", [
    ("es", "-5", "«-5» está fuera del rango aceptado (0 a 1.000.000.000): se mantiene el costo anterior."),
    ("es", "12,500,5", "«12,500,5» no es un valor que se pueda leer sin duda."),
    ("en", "twelve", "“twelve” is not an amount that can be read without doubt."),
])
def test_a_cost_that_cannot_be_used_is_refused_and_the_previous_one_kept(lang, text, expected):
    at = start(STAFFING, lang)
    at.text_input(key=COST).set_value("9000").run()
    at.text_input(key=COST).set_value(text).run()
    assert not at.exception
    assert any(e.startswith(expected) for e in errors(at)), errors(at)
    assert at.session_state["workspace"].settings["staffing.cost_per_agent_hour"] == 9000.0
