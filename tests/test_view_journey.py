"""core.views.journey: the journey view model on the sample and on a user's own data (issues 13, 15, 19).

The user-made file is written as Spanish-locale Excel writes it (";" separator, cp1252, her own phase
names and headers such as "Recomendación (0-10)") and goes through intake. Every expected value is
counted by hand in the comments, never computed with the function under test.
"""
import datetime as dt
import math

import pandas as pd
import pytest

from core import journey as jr
from core.i18n import Translator
from core.intake import load
from core.report.journey import section
from core.sample import own_data_workspace, sample_workspace
from core.schemas import SCHEMAS
from core.views import journey as vj

EN, ES = Translator("en"), Translator("es")

# her answers, phase by phase (recommend 0-10, satisfaction 1-5, effort 1-7)
# Agendamiento, n = 10: promoters 9,10,9,10,9,10 (6), passives 7,8 (2), detractors 3,6 (2)
#   NPS = 100 * (6 - 2) / 10 = 40; satisfaction 4-5: 5,5,4,4,4,5,4 = 7 of 10 = 70 %, mean 37/10 = 3.7;
#   effort 1-3: 1,2,3 = 3 of 10 = 30 %, mean 46/10 = 4.6
# Llegada a sede, n = 5: promoters 10,10 (2), detractors 0,0,5 (3): NPS = 100 * (2 - 3) / 5 = -20;
#   satisfaction 4,5 = 2 of 5 = 40 %; effort 1,1,1 = 3 of 5 = 60 %
# Consulta, n = 4: 9,9,9,9 -> NPS 100; satisfaction 5 x 4 -> 100 %; effort 7 x 4 -> 0 %
# Pago, n = 6: 7,8,7,8,7,8 -> NPS 0; satisfaction 3,3,3,3,3,4 -> 1 of 6; effort 2 x 6 -> 100 %
ANSWERS = {
    "Agendamiento": ([9, 10, 9, 10, 9, 10, 7, 8, 3, 6], [5, 5, 4, 4, 4, 3, 2, 5, 4, 1], [1, 2, 3, 4, 5, 6, 7, 7, 6, 5]),
    "Llegada a sede": ([10, 10, 0, 0, 5], [1, 2, 3, 4, 5], [1, 1, 1, 7, 7]),
    "Consulta": ([9, 9, 9, 9], [5, 5, 5, 5], [7, 7, 7, 7]),
    "Pago": ([7, 8, 7, 8, 7, 8], [3, 3, 3, 3, 3, 4], [2, 2, 2, 2, 2, 2]),
}
PHASES = list(ANSWERS)
COMMENTS = ["Demora en la cita", "No contestan el teléfono", "", "Muy amables"]


def user_rows():
    """Her rows, phases interleaved so that the first appearance order is her journey order."""
    rows, k = [], 0
    longest = max(len(v[0]) for v in ANSWERS.values())
    for i in range(longest):
        for phase, (rec, sat, eff) in ANSWERS.items():
            if i < len(rec):
                day = dt.date(2019, 1, 7) + dt.timedelta(days=3 * k)
                rows.append((phase, rec[i], sat[i], eff[i], COMMENTS[k % 4], day.strftime("%d/%m/%Y"),
                             "Particular" if k % 2 else "Empresa"))
                k += 1
    return rows


def user_csv() -> bytes:
    head = "Fase;Recomendación (0-10);Satisfacción;Esfuerzo;Comentario;Fecha;Segmento"
    body = "\n".join(";".join(str(v) for v in row) for row in user_rows())
    return (head + "\n" + body + "\n").encode("cp1252")


def user_workspace():
    result = load(user_csv(), "mis_datos.csv", SCHEMAS["journey_responses"])
    assert result.ok, result.errors
    ws = own_data_workspace("Clínica")
    ws.put("journey_responses", result.data, "mis_datos.csv")
    return ws


# ----------------------------------------------------------------------------- her phases
def test_user_phases_and_hand_counted_indicators():
    r = vj.compute(user_workspace())
    assert r.phases == tuple(PHASES)             # first appearance
    assert r.phase_origin == "responses" and r.source == "responses"
    assert not [n for n in r.notices if n.level in ("warning", "error")]
    ind = r.indicators.set_index("phase")
    assert ind["n"].tolist() == [10, 5, 4, 6]
    assert ind["nps"].tolist() == pytest.approx([40.0, -20.0, 100.0, 0.0])
    # margin of Agendamiento: p = .6, d = .2, V = .8 - .16 = .64; 1.959964 * 100 * sqrt(.064) = 49.58
    assert ind.loc["Agendamiento", "nps_moe"] == pytest.approx(49.58, abs=0.01)
    assert ind["ins_pct"].tolist() == pytest.approx([70.0, 40.0, 100.0, 100 / 6])
    assert ind.loc["Agendamiento", "ins_mean"] == pytest.approx(3.7)
    assert ind["ces_pct"].tolist() == pytest.approx([30.0, 60.0, 0.0, 100.0])
    assert ind.loc["Agendamiento", "ces_mean"] == pytest.approx(4.6)
    # pain points against NPS >= 85, INS >= 85 %, CES <= 40 %: only Consulta meets every target
    assert r.pain_phases == ("Agendamiento", "Llegada a sede", "Pago")
    # pooled: 25 answers, promoters 6+2+4 = 12, detractors 2+3 = 5 -> 100 * 7 / 25 = 28
    assert r.overall["n"] == 25 and r.overall["nps"] == pytest.approx(28.0)
    assert r.case_study is None and not r.synthetic
    assert [s.source for s in r.sources] == ["mis_datos.csv"]


def test_phase_order_from_an_order_column_and_from_first_appearance():
    df = pd.DataFrame({"phase": ["Pago", "Consulta", "Agendamiento", "Pago"], "recommend": [9, 9, 9, 9]})
    assert jr.phases_from_responses(df) == ["Pago", "Consulta", "Agendamiento"]
    df["order"] = [3, 2, 1, 3]
    assert jr.phases_from_responses(df) == ["Agendamiento", "Consulta", "Pago"]
    ws = own_data_workspace()
    ws.put("journey_responses", df, "mis_datos.csv")
    assert vj.compute(ws).phases == ("Agendamiento", "Consulta", "Pago")


def test_a_map_of_her_phases_reports_responses_outside_it_and_suggests_only_her_phases():
    ws = user_workspace()
    ws.put("journey_map", pd.DataFrame({"phase": ["Agendamiento", "Consulta", "Pago", "Seguimiento"]}), "mapa.csv")
    r = vj.compute(ws)
    assert r.phases == ("Agendamiento", "Consulta", "Pago", "Seguimiento")   # her map's, never the sample's
    unknown = [n for n in r.notices if n.key.startswith("journey.err.unknown_phase")]
    assert len(unknown) == 1 and unknown[0].params["phase"] == "Llegada a sede" and unknown[0].params["count"] == 5
    assert unknown[0].params.get("suggestion", "") in ("", "Agendamiento", "Consulta", "Pago", "Seguimiento")
    assert not any(p in str(n.params) for n in r.notices for p in jr.SEED_PHASES)
    # a map with phases but no indicator values: the indicators come from the responses
    assert r.source == "responses"
    assert r.indicators.set_index("phase").loc["Agendamiento", "nps"] == pytest.approx(40.0)
    assert math.isnan(r.indicators.set_index("phase").loc["Seguimiento", "nps"])


def test_map_with_phases_but_no_values_and_no_responses_shows_blanks():
    ws = own_data_workspace()
    jm = pd.DataFrame({"phase": ["Agendamiento", "Consulta"], "nps": pd.array([pd.NA, pd.NA], dtype="Float64"),
                       "ins": pd.array([pd.NA, pd.NA], dtype="Float64")})
    ws.put("journey_map", jm, "mapa.csv")
    r = vj.compute(ws)
    assert r.phases == ("Agendamiento", "Consulta")
    assert any(n.key == "journey.map_no_values" for n in r.notices)
    table = vj.phase_table(r, EN)
    assert table["NPS"].tolist() == ["no data", "no data"]
    assert vj.map_figure(r, EN) is not None
    assert [m[1] for m in vj.detail_metrics(r.detail, ES)] == ["–", "sin datos", "sin datos"]


def test_remembered_split_date_from_the_sample_is_revalidated():
    ws = user_workspace()
    ws.settings["journey.split"] = "2024-06-01"           # the sample's, outside her 2019 answers
    r = vj.compute(ws)
    cmp = r.comparison
    assert cmp.low == dt.date(2019, 1, 7) and cmp.low <= cmp.split <= cmp.high
    assert cmp.split_origin == "data"
    ws.settings["journey.split"] = {"bad": 1}              # a damaged saved value
    assert vj.compute(ws).comparison.split == cmp.split


def test_before_after_test_on_her_dates():
    # her 25 answers, one every 3 days from 7 Jan 2019 to 7 Jan + 3 * 24 = 20 Mar: the default split
    # is the first day of the middle month of Jan-Mar = 1 February 2019
    r = vj.compute(user_workspace())
    assert (r.comparison.low, r.comparison.high) == (dt.date(2019, 1, 7), dt.date(2019, 3, 20))
    assert r.comparison.split == dt.date(2019, 2, 1)
    c = r.comparison.result
    assert c.before.n + c.after.n == 25 and c.before.n == 9   # 7 Jan + 3 * 8 = 31 Jan is the last before
    assert vj.comparison_text(r.comparison, EN).startswith("NPS changed by")


def test_sample_workspace_reproduces_table2_and_keeps_the_case_study():
    r = vj.compute(sample_workspace())
    assert r.source == "table" and r.settings["journey.source"][1] == "sample"
    assert r.indicators["nps"].tolist() == [70, 58, 61, 53, 71, 61, 70]
    assert r.overall["nps"] == pytest.approx(444 / 7)
    assert r.synthetic and r.case_study["consistency"]["mean_phase_nps"] == pytest.approx(444 / 7)
    assert r.case_study["comparison"]["nps_responses"].tolist() == [70, 58, 61, 53, 71, 61, 70]


def test_result_does_not_depend_on_other_views_sample_datasets():
    alone = vj.compute(user_workspace())
    mixed_ws = user_workspace()
    sample = sample_workspace()
    for name in ("traffic", "servqual", "indicators", "abandonment"):
        if sample.get(name) is not None:
            mixed_ws.put(name, sample.get(name), "sample")
    mixed = vj.compute(mixed_ws)
    pd.testing.assert_frame_equal(vj.phase_table(alone, ES), vj.phase_table(mixed, ES))
    assert alone.overall == mixed.overall and alone.sources == mixed.sources


def test_report_section_shows_the_same_table_as_the_view():
    for ws in (sample_workspace(), user_workspace()):
        for t in (EN, ES):
            sec = section(ws, t)
            pd.testing.assert_frame_equal(sec.tables[t("journey.sheet.map")], vj.phase_table(vj.compute(ws), t))
            assert sec.paragraphs[0] == vj.pain_summary(vj.compute(ws), t)


def test_bad_settings_never_raise():
    ws = user_workspace()
    ws.settings.update({"journey.nps_min": "NaN", "journey.ces_pct_max": 150, "journey.source": {"x": 1},
                        "journey.marked": ["Discovery"], "journey.phase": 3, "journey.trend_ind": None,
                        "journey.dictionary": "garbage", "journey.compare_phase": ["x"]})
    r = vj.compute(ws)
    assert r.targets.nps_min == 85.0 and r.targets.ces_pct_max == 40.0
    assert r.marked == () and r.detail.phase == "Agendamiento"


# ----------------------------------------------------------------------------- shared rules
def test_nps_variance_by_hand():
    # p = .5, d = .3: .5 + .3 - (.2)^2 = .76; p = d = .5: 1 - 0 = 1 (the largest)
    assert jr.nps_variance(0.5, 0.3) == pytest.approx(0.76)
    assert jr.nps_variance(0.5, 0.5) == pytest.approx(1.0)
    assert jr.nps_variance(1.0, 0.0) == 0.0


@pytest.mark.parametrize("text, lang, expected", [
    ("72,5", "es", (72.5, None)), ("72.5", "en", (72.5, None)), ("72.5", "es", (72.5, None)),
    ("1.234,5", "es", (1234.5, None)), ("1.234", "es", (None, "ambiguous")), ("1,234", "en", (None, "ambiguous")),
    ("72,5", "en", (72.5, None)), ("-20", "es", (-20.0, None)), ("abc", "es", (None, "not_a_number")),
    ("", "es", (None, "empty")), ("inf", "en", (None, "not_a_number")),
])
def test_typed_numbers_follow_the_language(text, lang, expected):
    assert vj.read_typed_number(text, lang) == expected


def test_typed_target_out_of_range_is_refused_with_a_notice():
    settings = {"journey.nps_min": 80.0}
    notices = vj.apply_typed(settings, {"journey.nps_min": "725", "journey.ces_pct_max": "35,5"}, "es")
    assert settings == {"journey.nps_min": 80.0, "journey.ces_pct_max": 35.5}
    assert [n.key for n in notices] == ["journey.typed.out_of_range"]


def test_a_phases_only_map_from_a_spanish_file_goes_through_intake_and_orders_her_phases():
    text = "Fase;Orden;Proceso del cliente\nPago;4;Paga en caja\nAgendamiento;1;Llama\nConsulta;3;\nLlegada a sede;2;\n"
    loaded = load(text.encode("cp1252"), "mapa.csv", SCHEMAS["journey_map"])
    assert loaded.ok, loaded.errors
    ws = user_workspace()
    ws.put("journey_map", loaded.data, "mapa.csv")
    r = vj.compute(ws)
    assert r.phases == tuple(PHASES)                  # the map's order column: 1..4
    assert r.phase_origin == "map" and r.available_sources == ("responses",)
    assert r.indicators["nps"].tolist() == pytest.approx([40.0, -20.0, 100.0, 0.0])
    assert not [n for n in r.notices if n.level != "info"]
