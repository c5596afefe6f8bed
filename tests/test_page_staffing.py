"""app_pages/staffing.py: sliders move the KPIs, the unstable case is said in words, bad data gets a
message. Expected numbers come from core.queueing (itself checked against mpmath and simulation
in test_queueing.py) and from the thesis' facts, formatted the way the page formats them."""
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import queueing, traffic
from core.i18n import Translator
from core.sample import sample_workspace

PAGE = str(Path(__file__).resolve().parent.parent / "app_pages" / "staffing.py")


def run(lang="en", setup=None):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["lang"] = lang
    if setup:
        setup(at)
    return at.run()


def metric(at, label):
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return values[0]


def errors(at):
    return " ".join(e.value for e in at.error)


def test_night_shift_agents_slider_moves_every_kpi():
    t = Translator("en")
    at = run()
    assert not at.exception
    at.radio(key="staffing.shift").set_value("night").run()
    # defaults: thesis Front night lambda 611 / 30 = 20.4 calls/h, Table 8: 3 agents, AHT 270 s
    c = queueing.erlang_c(20.4, 270, 3, 20)
    assert c.service_level == pytest.approx(0.7787, abs=0.002)  # JSON 'sl_80_20_current_aht270'
    assert metric(at, "Service level") == t.pct(c.service_level)
    assert metric(at, "P(wait)") == t.pct(c.p_wait)
    assert metric(at, "ASA (mean wait)") == f"{t.num(c.asa, 1)} s"
    assert metric(at, "Occupancy") == t.pct(20.4 * 270 / 3600 / 3)
    assert metric(at, "Calls waiting (Lq)") == t.num(c.lq, 2)
    pat = int(at.slider(key="staffing.night.patience").value)
    a = queueing.erlang_a(20.4, 270, 3, pat, 20)
    assert metric(at, "Abandonment") == t.pct(a.p_abandon, 2)

    at.slider(key="staffing.night.agents").set_value(5).run()
    c5 = queueing.erlang_c(20.4, 270, 5, 20)
    assert metric(at, "Service level") == t.pct(c5.service_level)
    assert metric(at, "Abandonment") == t.pct(queueing.erlang_a(20.4, 270, 5, pat, 20).p_abandon, 2)
    # required agents for 80/20: 4 (call_centre_thesis.json 'min_agents_80_20_aht270')
    assert metric(at, "Agents needed on the phones") == "4"
    assert metric(at, "Agents to schedule") == "6"  # 4 / (1 - 0.30) = 5.7 -> 6


def test_target_threshold_aht_and_rate_sliders():
    t = Translator("en")
    at = run()
    at.slider(key="staffing.morning.rate").set_value(120.0)
    at.slider(key="staffing.morning.aht").set_value(300)
    at.slider(key="staffing.target_sl").set_value(90)
    at.slider(key="staffing.threshold").set_value(15).run()
    assert not at.exception
    n = queueing.required_agents(120.0, 300, 0.9, 15)
    assert metric(at, "Agents needed on the phones") == t.int(n)
    c = queueing.erlang_c(120.0, 300, 17, 15)  # Table 8: 17 Front agents in the morning
    assert metric(at, "Service level") == t.pct(c.service_level)


def test_unstable_erlang_c_is_said_in_words_and_erlang_a_answers():
    t = Translator("en")
    at = run()
    at.radio(key="staffing.shift").set_value("night").run()
    at.slider(key="staffing.night.agents").set_value(1).run()
    assert not at.exception
    text = errors(at)
    # A = 20.4 * 270 / 3600 = 1.53 Erlangs on 1 agent: at least 2 are needed
    assert "Unstable" in text and "1.53 Erlangs" in text and "At least 2 agents" in text
    assert not any(m.label == "Service level" for m in at.metric)  # no Erlang C number shown
    pat = int(at.slider(key="staffing.night.patience").value)
    a = queueing.erlang_a(20.4, 270, 1, pat, 20)
    assert metric(at, "Abandonment") == t.pct(a.p_abandon, 2)
    assert a.p_abandon > 0.3  # a third of the calls hang up
    assert any(t.pct(a.p_abandon) in m.value for m in at.markdown)


def test_sl_definition_choice_changes_the_erlang_a_service_level():
    t = Translator("en")
    at = run()
    at.radio(key="staffing.shift").set_value("night").run()
    at.slider(key="staffing.night.agents").set_value(2).run()
    pat = int(at.slider(key="staffing.night.patience").value)
    a = queueing.erlang_a(20.4, 270, 2, pat, 20)
    assert metric(at, "Service level (Erlang A)") == t.pct(a.sl_abandoned_fail)
    at.radio(key="staffing.sl_def").set_value("abandoned_ignored").run()
    assert metric(at, "Service level (Erlang A)") == t.pct(a.sl_abandoned_ignored)
    assert a.sl_abandoned_ignored > a.sl_abandoned_fail
    assert any("answered calls (abandoned calls are left out)" in c.value for c in at.caption)


def test_current_vs_proposed_and_thesis_figures():
    t = Translator("en")
    at = run()
    assert not at.exception
    # morning, 47.7 calls/h: current Front 17 / Coordination 14 / Follow-up 5 at 270 s
    cur = queueing.tandem(47.7, [dict(name="f", agents=17, aht=270), dict(name="c", agents=14, aht=270),
                                 dict(name="u", agents=5, aht=270)])
    prop = queueing.tandem(47.7, [dict(name="m", agents=31, aht=210), dict(name="u", agents=5, aht=270)])
    assert metric(at, "End-to-end wait — Current process") == f"{t.num(cur.wq_total, 1)} s"
    assert metric(at, "End-to-end wait — Proposed process") == f"{t.num(prop.wq_total, 1)} s"
    at.slider(key="staffing.morning.follow_up").set_value(3).run()  # A = 3.58 on 3 agents
    assert "Follow-up is unstable" in errors(at) and "at least 4 agents" in errors(at)
    assert metric(at, "End-to-end wait — Current process") == "–"
    # pilot Table 29 from its own counts: 280 / 9183 = 3.05 %
    pilot = next(d.value for d in at.dataframe if "Abandonment from the counts" in d.value.columns)
    assert list(pilot["Abandonment from the counts"]) == ["3.05 %", "3.38 %"]
    thesis = next(d.value for d in at.dataframe if "P0" in d.value.columns)
    # reported 20 % vs ours 19.9 % (mu read per agent: lambda 2301, mu 1425, 17 agents)
    assert thesis["P0"].iloc[0] == "20 % / 19.9 %"
    assert thesis["Lq (calls waiting)"].iloc[2] == "2 / 2.60"


def test_week_heatmap_from_sample_traffic():
    t = Translator("en")
    at = run()
    assert not at.exception
    week = traffic.week_requirements(traffic.interval_profile(sample_workspace().get("traffic")),
                                     0.8, 20, None, None, 0.3)
    assert metric(at, "Peak agents on the phones") == t.int(week["agents"].max())
    assert metric(at, "Interval length") == "30 min"
    assert metric(at, "Weeks averaged") == "4"
    assert any("SYNTHETIC" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 3


def test_spanish_page_formats_numbers_with_decimal_comma():
    t = Translator("es")
    at = run("es")
    assert not at.exception
    at.radio(key="staffing.shift").set_value("night").run()
    c = queueing.erlang_c(20.4, 270, 3, 20)
    assert metric(at, "Nivel de servicio") == t.pct(c.service_level)
    assert "," in metric(at, "Nivel de servicio")
    at.slider(key="staffing.night.agents").set_value(1).run()
    assert "Inestable" in errors(at) and "al menos 2 agentes" in errors(at)


def test_bad_traffic_in_workspace_gets_a_message_not_a_traceback():
    bad = pd.DataFrame({"interval_start": pd.to_datetime(["2024-03-04 08:00", "2024-03-04 08:30"]),
                        "offered": [10, 5], "answered": [9, 7], "abandoned": [1, 0], "aht_s": [200.0, 180.0]})

    def setup(at):
        ws = sample_workspace()
        ws.put("traffic", bad, "mine.csv")
        at.session_state["workspace"] = ws

    at = run("en", setup)
    assert not at.exception
    assert "more calls answered than offered (rows 2)" in errors(at)


def test_bad_upload_is_rejected_and_sample_stays():
    at = run()
    csv = b"interval_start,offered,answered,abandoned,aht_s\n2024-03-04 08:00,10,12,0,200\n"
    at.file_uploader(key="upload.traffic").set_value(("bad.csv", csv, "text/csv")).run()
    assert not at.exception
    assert at.error  # intake names the row
    assert at.session_state["workspace"].source("traffic") == "sample"
    assert any("SYNTHETIC" in i.value for i in at.info)
