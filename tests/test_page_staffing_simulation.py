"""The simulation section of app_pages/staffing.py (issue 10): it runs on the button with a few
replications, shows the same numbers core.simulation computes for the same inputs (and, in the
stationary case, the Erlang value next to them), and answers bad input with a message."""
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import simulation as sim
from core.i18n import Translator

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "staffing.py")
ALONE = str(Path(__file__).resolve().parent.parent / "app_pages" / "staffing_simulation.py")


def start(lang="en", page=PAGE):
    at = AppTest.from_file(page, default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["staffing.open_simulation"] = True   # on the staffing page it is drawn when opened
    return at.run()


def test_the_simulation_is_drawn_only_when_its_section_is_opened():
    """Its twelve inputs are not drawn at every move of the staffing sliders (issue 16)."""
    t = Translator("es")
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = "es"
    at.run()
    assert not at.exception
    assert t("simulation.title") in [e.label for e in at.expander]
    assert not [w for w in at.text_input if w.key and w.key.startswith("simulation.")]
    at.session_state["staffing.open_simulation"] = True
    at.run()
    assert at.text_input(key="simulation.replications").value == "30"
    assert t("simulation.press_run") in text(at.info)


def metric(at, label):
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r}"
    return values[0]


def text(elements):
    return " ".join(e.value for e in elements)


def summary_table(at, t):
    for df in at.dataframe:
        v = df.value
        if t("simulation.col.figure") in v.columns:
            return v.set_index(t("simulation.col.figure"))
    raise AssertionError("no simulation summary table")


def test_one_queue_run_shows_the_simulated_numbers_and_erlang_a():
    t = Translator("en")
    at = start()
    assert not at.exception
    assert t("simulation.press_run") in text(at.info)
    at.text_input(key="simulation.hours").set_value("2")
    at.text_input(key="simulation.replications").set_value("4")
    at.text_input(key="simulation.seed").set_value("7")
    at.button(key="simulation.run").click().run()
    assert not at.exception
    # the same inputs straight into core: morning shift defaults (rate 47.7/h, 17 agents, AHT
    # 270 s, the page's patience), 2 hours from 06:00, 4 replications, seed 7
    rate = at.slider(key="staffing.morning.rate").value
    agents = at.slider(key="staffing.morning.agents").value
    patience = float(at.text_input(key="simulation.morning.patience").value)   # "90", English page
    cfg = sim.SimulationConfig((sim.Station(t("staffing.station.front"), agents, 270.0, 1.0, patience),),
                               sim.constant_profile(rate, 2.0, clock_start_min=360), "exponential", 0.8, 20.0)
    res = sim.simulate(cfg, 4, 7)
    s = res.summary
    assert metric(at, t("simulation.figure.service_level")) == t.pct(s.loc["service_level", "mean"])
    assert metric(at, t("simulation.figure.abandon_line")) == t.pct(s.loc["abandon_line", "mean"])
    assert metric(at, t("simulation.figure.asa")) == f"{t.num(s.loc['asa', 'mean'], 1)} s"
    table = summary_table(at, t)
    assert table.loc[t("simulation.figure.offered"), t("simulation.col.mean")] == t.num(s.loc["offered", "mean"], 0)
    low, high = s.loc["p_wait", "low"], s.loc["p_wait", "high"]
    assert table.loc[t("simulation.figure.p_wait"), t("simulation.col.interval")] == f"{t.pct(low)} – {t.pct(high)}"
    # stationary one-queue case: the Erlang A steady state is shown beside it
    ref = sim.erlang_reference(cfg)
    col = t("simulation.col.erlang", model="A")
    assert table.loc[t("simulation.figure.abandon_first"), col] == t.pct(ref.loc["abandon_first", "erlang"])
    assert "4 replications with seed 7" in text(at.caption)
    # 8 intervals of 15 minutes in 2 hours, from 06:00
    intervals = [df.value for df in at.dataframe if t("simulation.col.interval_start") in df.value.columns][0]
    assert intervals[t("simulation.col.interval_start")].tolist()[:2] == ["06:00", "06:15"] and len(intervals) == 8
    # moving an input marks the result stale instead of re-running silently
    at.text_input(key="simulation.seed").set_value("8").run()
    assert t("simulation.stale") in text(at.info)


def test_proposed_process_with_the_sample_profile_in_spanish():
    t = Translator("es")
    at = start("es")
    at.radio(key="simulation.scenario").set_value("proposed")
    at.radio(key="simulation.arrivals").set_value("profile")
    at.radio(key="simulation.service").set_value("lognormal")
    at.text_input(key="simulation.replications").set_value("3")
    at.run()
    assert not at.exception
    assert "06:00" in text(at.caption)  # the profile caption: morning shift from 06:00
    at.button(key="simulation.run").click().run()
    assert not at.exception
    intervals = [df.value for df in at.dataframe if t("simulation.col.interval_start") in df.value.columns][0]
    assert len(intervals) == 32  # 8 hours of 15-minute intervals
    stations = [df.value for df in at.dataframe if t("simulation.col.station") in df.value.columns][0]
    assert stations[t("simulation.col.station")].tolist() == [t("staffing.station.merged"),
                                                              t("staffing.station.follow_up")]
    assert t("simulation.no_erlang_caption") in text(at.caption)
    value = metric(at, t("simulation.figure.service_level"))
    assert value.endswith(" %") and "," in value  # Spanish decimal comma


@pytest.mark.parametrize("key, value, expected", [
    ("simulation.seed", "12.5", "must be a whole number"),
    ("simulation.seed", "abc", "The random seed"),
    ("simulation.morning.aht", "0", "outside the accepted range (1 to 86400)"),
    ("simulation.morning.patience", "-10", "The mean patience"),
])
def test_bad_input_gets_a_message(key, value, expected):
    at = start(page=ALONE)
    widget = at.text_input(key=key)
    widget.set_value(value).run()
    assert not at.exception
    assert expected in text(at.error)


def test_too_many_replications_are_capped_and_said():
    t = Translator("en")
    at = start(page=ALONE)
    at.text_input(key="simulation.replications").set_value("100000").run()
    assert not at.exception
    warning = text(at.warning)
    assert "You asked for 100,000 replications" in warning
    # 47.7 calls/h over 8 h + 0.5 h warm-up = 405 calls; 6,000,000 // 405.45 = 14,798
    cfg = sim.SimulationConfig((sim.Station("x", 17, 270.0),), sim.constant_profile(47.7, 8.0))
    assert f"allows {t.int(sim.replication_cap(100_000, cfg))} for this shift" in warning


def test_profile_with_gaps_names_the_missing_intervals():
    at = start(page=ALONE)
    ws = at.session_state["workspace"]
    data = ws.get("traffic")
    clock = pd.to_datetime(data["interval_start"]).dt.strftime("%H:%M")
    ws.put("traffic", data[~clock.isin(["08:00", "08:30"])].reset_index(drop=True), "mine.csv")
    at.radio(key="simulation.arrivals").set_value("profile").run()
    assert not at.exception
    assert "no calls for these intervals of the shift: 08:00, 08:30" in text(at.error)


def test_section_runs_alone():
    at = start("es", ALONE)
    assert not at.exception
    assert at.title[0].value == Translator("es")("simulation.page_title")
