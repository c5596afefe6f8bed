"""app_pages/servqual.py with AppTest: the sample case (seed 000 Table 3), segment and scale
switches, Spanish, and bad input. Expected numbers are computed here from the CSV with plain
pandas, not with core.servqual."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import Translator
from core.sample import own_data_workspace, sample_table

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "app_pages" / "servqual.py")
SURVEY = pd.read_csv(ROOT / "sample_data" / "servqual_survey.csv")
EN, ES = Translator("en"), Translator("es")
TANGIBLES = ["1", "2", "3", "4"]


def _run(lang: str = "en", workspace=None, **widgets) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["lang"] = lang
    if workspace is not None:
        at.session_state["workspace"] = workspace
    at.run()
    assert not at.exception, at.exception
    return at


def _dimension_table(at: AppTest, t: Translator) -> pd.DataFrame:
    for df in at.dataframe:
        table = df.value
        if table.index.name == t("servqual.col.dimension") and t("servqual.col.alpha") in table.columns:
            return table
    raise AssertionError("dimension table not shown")


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _tangibles_gap(data: pd.DataFrame) -> tuple[float, int]:
    e = data[["E" + k for k in TANGIBLES]]
    p = data[["P" + k for k in TANGIBLES]]
    ok = e.notna().all(axis=1) & p.notna().all(axis=1)
    return float((p[ok].mean(axis=1) - e[ok].mean(axis=1)).mean()), int(ok.sum())


def test_sample_case_shows_table_3_in_english():
    at = _run("en")
    table = _dimension_table(at, EN)
    table3 = sample_table("servqual_summary.csv").set_index("dimension")
    for dim in table3.index:
        row = table.loc[EN(f"servqual.dim.{dim}")]
        assert row[EN("servqual.col.expectation")] == pytest.approx(table3.loc[dim, "expectation"], abs=1e-9)
        assert row[EN("servqual.col.perception")] == pytest.approx(table3.loc[dim, "perception"], abs=1e-9)
    assert table.loc["Tangibles", EN("servqual.col.gap")] == pytest.approx(3.87 - 4.46, abs=1e-9)
    assert table.loc["Tangibles", EN("servqual.col.n")] == 350
    # The mean of the five Table 3 gaps: (-.59 - .50 - .26 - .17 - .23) / 5 = -0.35.
    assert _metric(at, EN("servqual.kpi_unweighted")) == "-0.35"
    assert _metric(at, EN("servqual.kpi_alpha")) == "0.82"
    assert _metric(at, EN("servqual.kpi_n")) == "371"
    summary = " ".join(m.value for m in at.markdown)
    assert "**Tangibles**" in summary and "by 0.59 points on the 1–5 scale" in summary
    assert "statistically real" in summary and "5 of 5 dimensions" in summary
    # the published study's notes are built when its section is opened (issue 16)
    assert not any("synthetic" in i.value for i in at.info)
    at.session_state["servqual.open_case"] = True
    at.run()
    assert any("synthetic" in i.value for i in at.info)
    # Design 5 everywhere: P - design for tangibles = 3.87 - 5.
    design = next(df.value for df in at.dataframe if EN("servqual.col.gap_design") in df.value.columns)
    assert design.loc["Tangibles", EN("servqual.col.gap_design")] == pytest.approx(-1.13, abs=1e-9)
    assert len(at.get("download_button")) >= 3


def test_sample_case_in_spanish():
    at = _run("es")
    table = _dimension_table(at, ES)
    assert table.loc["Elementos tangibles", ES("servqual.col.perception")] == pytest.approx(3.87, abs=1e-9)
    assert _metric(at, ES("servqual.kpi_unweighted")) == "-0,35"
    assert _metric(at, ES("servqual.kpi_alpha")) == "0,82"
    summary = " ".join(m.value for m in at.markdown)
    assert "**Elementos tangibles**" in summary and "0,59 puntos" in summary


def test_segment_switch_shows_that_segment_only():
    at = _run("en")
    at.selectbox(key="servqual.segment").set_value("large").run()
    assert not at.exception
    large = SURVEY[SURVEY["segment"] == "large"]
    gap, n = _tangibles_gap(large)
    table = _dimension_table(at, EN)
    assert table.loc["Tangibles", EN("servqual.col.gap")] == pytest.approx(gap, abs=1e-12)
    assert table.loc["Tangibles", EN("servqual.col.n")] == n
    assert _metric(at, EN("servqual.kpi_n")) == str(len(large)) == "11"
    assert any("11 of 371" in c.value for c in at.caption)
    assert at.session_state["workspace"].settings["servqual.segment"] == "large"   # kept across pages
    # Back to everybody: Table 3 again.
    at.selectbox(key="servqual.segment").set_value(None).run()
    assert _dimension_table(at, EN).loc["Tangibles", EN("servqual.col.gap")] == pytest.approx(-0.59, abs=1e-9)


def test_scale_switch_to_seven_changes_the_share_of_range_not_the_gaps():
    at = _run("en")
    table5 = _dimension_table(at, EN)
    assert table5.loc["Tangibles", EN("servqual.col.gap_share")] == pytest.approx(-0.59 / 4, abs=1e-9)
    at.selectbox(key="servqual.scale").set_value(7).run()
    assert not at.exception
    table7 = _dimension_table(at, EN)
    assert table7.loc["Tangibles", EN("servqual.col.gap")] == pytest.approx(-0.59, abs=1e-9)
    assert table7.loc["Tangibles", EN("servqual.col.gap_share")] == pytest.approx(-0.59 / 6, abs=1e-9)
    assert any("1–7, as you chose (the answers suggest 1–5)" in c.value for c in at.caption)
    assert "on the 1–7 scale" in " ".join(m.value for m in at.markdown)


def _workspace_with(survey: pd.DataFrame, mapping: pd.DataFrame | None = None):
    """A workspace of the user's own data (an upload never goes into the sample case)."""
    ws = own_data_workspace("My data")
    ws.put("servqual", survey, "my_survey.csv")
    if mapping is not None:
        ws.put("servqual_mapping", mapping, "mapping.csv")
    return ws


def _seven_point_survey(n: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    data = {"respondent": [f"r{i}" for i in range(n)]}
    for k in range(1, 23):
        data[f"E{k}"] = rng.integers(5, 8, n).astype(float)
    for k in range(1, 23):
        data[f"P{k}"] = rng.integers(3, 8, n).astype(float)
    return pd.DataFrame(data)


def test_seven_point_upload_is_inferred_segments_escaped_and_forcing_five_reports_out_of_scale():
    survey = _seven_point_survey()
    survey["segment"] = ["**bold** <b>x</b>"] * 15 + ["=HYPERLINK(\"x\")"] * 15
    at = _run("en", _workspace_with(survey))
    assert any("Scale 1–7, inferred from the answers." in c.value for c in at.caption)
    gap, n = _tangibles_gap(survey)
    assert _dimension_table(at, EN).loc["Tangibles", EN("servqual.col.gap")] == pytest.approx(gap, abs=1e-12)
    assert not any("synthetic" in i.value for i in at.info)
    # A segment name from the file is shown literally, never as Markdown or HTML.
    at.selectbox(key="servqual.segment").set_value("**bold** <b>x</b>").run()
    caption = next(c.value for c in at.caption if "Showing segment" in c.value)
    assert "\\*\\*bold\\*\\*" in caption and "\\<b\\>" in caption
    gap, n = _tangibles_gap(survey.iloc[:15])
    assert _dimension_table(at, EN).loc["Tangibles", EN("servqual.col.gap")] == pytest.approx(gap, abs=1e-12)
    at.selectbox(key="servqual.scale").set_value(5).run()
    n_out = int((survey.iloc[:15].filter(regex="^[EP]") > 5).sum().sum())
    n_out_all = int((survey.filter(regex="^[EP]") > 5).sum().sum())
    warnings = " ".join(w.value for w in at.warning)
    assert f"{n_out_all} answers are outside the 1–5 scale" in warnings and n_out < n_out_all
    assert not at.exception


def test_bad_mapping_and_single_item_dimension_are_named_and_the_rest_runs():
    survey = _seven_point_survey().iloc[:, :5].join(_seven_point_survey().filter(regex="^P[1-4]$"))
    mapping = pd.DataFrame({"item": ["1", "2", "3", "4", "9"],
                            "dimension": ["Tangibles", "Tangibles", "Tangibles", "Empatía", "Seguridad"]})
    at = _run("en", _workspace_with(survey, mapping))
    warnings = " ".join(w.value for w in at.warning)
    assert "names items that are not in the survey: 9" in warnings
    assert "Empathy has 1 item" in warnings
    table = _dimension_table(at, EN)
    assert np.isnan(table.loc["Empathy", EN("servqual.col.alpha")])
    assert not np.isnan(table.loc["Tangibles", EN("servqual.col.alpha")])
    e, p = survey[["E4"]], survey[["P4"]]
    assert table.loc["Empathy", EN("servqual.col.gap")] == pytest.approx(float((p["P4"] - e["E4"]).mean()))


def test_single_respondent_and_unpaired_items_get_messages_not_tracebacks():
    survey = _seven_point_survey(1).drop(columns=["P22"])
    at = _run("es", _workspace_with(survey))
    errors = " ".join(e.value for e in at.error)
    warnings = " ".join(w.value for w in at.warning)
    assert "Solo E: E22" in warnings
    assert "Solo 1 encuestado(s)" in warnings
    assert "21 ítems" in errors                      # no standard mapping for 21 items
    at.session_state["servqual.tab"] = ES("servqual.tab_items")   # tabs are built when opened (issue 16)
    at.run()
    items = next(df.value for df in at.dataframe if df.value.index.name == ES("servqual.col.item"))
    assert len(items) == 21
    at.session_state["servqual.tab"] = ES("servqual.tab_segments")
    at.run()
    assert any("no tiene columna de segmento" in i.value for i in at.info)
