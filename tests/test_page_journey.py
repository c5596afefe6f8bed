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
    # the page states the seed's inconsistencies
    assert "INS 5.1 > 5" in md and "CES 22 in every phase" in md
    assert "the mean of the phase NPS is 63.4" in md and "cumulative NPS of 64" in md
    assert any("SYNTHETIC" in i.value for i in at.info)

    at.number_input(key="journey.nps_min").set_value(60.0).run()
    assert not at.exception
    table = _table(at, "Pain point").set_index("Phase")
    assert table.loc["Discovery", "Pain point"] == False  # noqa: E712  (70 >= 60, INS 5.1 >= 4.25)
    assert table.loc["Application and contract", "Misses target"] == "NPS, INS"
    assert "**Pain points: 4 of 7 phases**" in _markdown(at)

    at.multiselect(key="journey.marked").set_value([]).run()
    table = _table(at, "Pain point")
    assert table.loc[table["Pain point"], "Phase"].tolist() == ["Application and contract",
                                                               "Maintenance of the relationship"]
    at.number_input(key="journey.ces_pct_max").set_value(20.0).run()
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
    table = pd.read_csv(ROOT / "sample_data" / "journey_map.csv")
    table["ins"] = table["ins"].map(lambda v: f"{v:.1f}".replace(".", ","))  # "5,1" as the seed writes it
    ws.put("journey_map", table, "map_with_commas.csv")
    return ws


def test_bad_input_messages_and_markup_shown_as_text():
    at = _app("en", _bad_workspace())
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "unknown phase 'Discovry'" in warnings and "Did you mean 'Discovery'?" in warnings
    assert "unknown phase 'Xyz'" in warnings
    assert "values of recommend are outside its scale 0–10" in warnings and "rows 3" in warnings
    infos = " ".join(i.value for i in at.info)
    assert "decimal comma" in infos
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
