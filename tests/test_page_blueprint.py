"""app_pages/blueprint.py with AppTest: the sample cases, edits with undo/reset, bad input.

Expected numbers are counted by hand off seed 000's Tables 1 and 4 (see tests/test_blueprint.py
for the cell-by-cell count: 14 cells change, in all 6 steps; pain phases 2, 3 and 5 of 4 are
reached) and off the call-centre files (6 cells change in 2 steps).
"""
import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from core.sample import sample_workspace

PAGE = "../app_pages/blueprint.py"   # resolved against this file


def page(lang: str = "en", workspace=None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["lang"] = lang
    if workspace is not None:
        at.session_state["workspace"] = workspace
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_cells(at: AppTest) -> dict[tuple[str, str, str], str]:
    """(panel, step, lane) -> status of each drawn cell, read off the chart's plotly spec."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    out = {}
    for shape in spec["layout"]["shapes"]:
        name = shape.get("name", "")
        if name.startswith("cell|"):
            _, panel, step, lane, status = name.split("|")
            out[(panel, step, lane)] = status
    return out


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error") for e in getattr(at, kind)]
    return "\n".join(parts)


def editor_edit(at: AppTest, row: int, column: str, value) -> AppTest:
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {row: {column: value}}, "added_rows": [], "deleted_rows": []}
    return at.run()


def test_sample_case_in_english_shows_the_seed_comparison():
    at = page("en")
    assert not at.exception
    assert metrics(at) == {"Cells that change": "14", "Steps with changes": "6 / 6", "Pain phases addressed": "3 / 4"}
    by_lane = at.dataframe[1].value
    assert by_lane.loc["Backstage actions (internal process)", "Removed"] == 5
    assert by_lane.loc["Physical evidence", "Changed"] == 3
    shown = texts(at)
    assert "Maintenance of the relationship" in shown        # the pain phase no step reaches
    assert "Application and contract, Product use, Invoice and payment" in shown
    cells = chart_cells(at)                                 # default: the proposal, changes highlighted
    assert {panel for panel, _, _ in cells} == {"proposed"}
    assert cells[("proposed", "Service affiliation", "physical_evidence")] == "changed"
    assert sum(s in ("added", "removed", "changed") for s in cells.values()) == 14
    at.radio(key="blueprint.view").set_value("side_by_side").run()
    cells = chart_cells(at)
    assert cells[("current", "Service affiliation", "physical_evidence")] == "changed"
    assert len(cells) == 2 * 6 * 5


def test_sample_case_in_spanish():
    at = page("es")
    assert not at.exception
    assert metrics(at) == {"Celdas que cambian": "14", "Pasos con cambios": "6 / 6",
                           "Fases de dolor atendidas": "3 / 4"}
    assert at.radio(key="blueprint.case").options[0] == "Medicina prepagada (semilla 000, tablas 1 y 4)"
    assert "la tabla 4 deja vacía toda la fila de proceso interno" in texts(at).lower()


def test_editing_a_cell_updates_the_comparison_and_the_drawing_then_undo_and_reset():
    at = page("en")
    at.radio(key="blueprint.edit_side").set_value("proposed").run()
    # Row 2 is 'Service affiliation': give the proposal its paper form back.
    at = editor_edit(at, 2, "physical_evidence", "Paper registration form")
    assert not at.exception
    assert metrics(at)["Cells that change"] == "13"
    assert at.dataframe[1].value.loc["Physical evidence", "Changed"] == 2
    assert chart_cells(at)[("proposed", "Service affiliation", "physical_evidence")] == "unchanged"
    assert "Edits in this session: 1." in texts(at)
    at.button(key="blueprint.undo").click().run()
    assert metrics(at)["Cells that change"] == "14"
    assert chart_cells(at)[("proposed", "Service affiliation", "physical_evidence")] == "changed"
    # two edits, then reset
    # one item of three is still a change (removed -> changed) ...
    at = editor_edit(at, 0, "internal_process", "Plan customer call")
    assert metrics(at)["Cells that change"] == "14"
    # ... all three, in another order, is no change; and step 6 gets its Table 1 support back
    at = editor_edit(at, 0, "internal_process", "Register consultancy; Plan customer call; Plan consultative sale")
    at = editor_edit(at, 5, "support_process", "Healthcare support")
    assert metrics(at)["Cells that change"] == "12"
    assert "Edits in this session: 3." in texts(at)     # the undone edit is gone
    at.button(key="blueprint.reset").click().run()
    assert metrics(at)["Cells that change"] == "14"
    assert at.button(key="blueprint.undo").disabled


def test_single_cell_editor_applies_a_text():
    at = page("en")
    at.radio(key="blueprint.view").set_value("current")
    at.selectbox(key="blueprint.cell_step").set_value("Consultative sale")
    at.selectbox(key="blueprint.cell_lane").set_value("internal_process").run()
    at.text_area[0].input("Register consultancy in the CRM")
    at.button(key="blueprint.cell_apply").click().run()
    assert not at.exception
    # current step 2 internal process: blank -> text; the proposal leaves it blank: one more removed cell
    assert metrics(at)["Cells that change"] == "15"
    assert chart_cells(at)[("current", "Consultative sale", "internal_process")] == "removed"


def test_callcentre_case_and_views():
    at = page("en")
    at.radio(key="blueprint.case").set_value("callcentre").run()
    assert not at.exception
    assert metrics(at) == {"Cells that change": "6", "Steps with changes": "2 / 2"}
    shown = texts(at)
    assert "Front + Coordination" in shown                 # the merge note
    assert "journey map in the workspace belongs to the prepaid-medicine case" in shown
    measures = at.dataframe[-1].value.set_index("Step")
    assert measures.loc["Front + Coordination", "Time, current (min)"] == "9.00"     # 2 x 4:30
    assert measures.loc["Front + Coordination", "Time, proposed (min)"] == "3.50"    # 3:30
    assert measures.loc["Front + Coordination", "Wait, proposed (min)"] == "2.03"
    cells = chart_cells(at)
    assert {panel for panel, _, _ in cells} == {"proposed"}
    assert cells[("proposed", "Follow-up", "internal_process")] == "changed"
    at.radio(key="blueprint.view").set_value("current").run()
    cells = chart_cells(at)
    assert sorted({step for _, step, _ in cells}) == ["Coordination", "Follow-up", "Front"]
    # an edit in one case does not leak into the other
    at.radio(key="blueprint.case").set_value("workspace").run()
    assert metrics(at)["Cells that change"] == "14"


def test_refused_edit_keeps_the_last_valid_drawing():
    at = page("en")
    at = editor_edit(at, 1, "step", "Sales executive contact")
    assert not at.exception
    assert "This edit was not applied" in texts(at)
    assert "Sales executive contact" in "\n".join(e.value for e in at.error)
    assert metrics(at)["Cells that change"] == "14"


def _workspace_with(side: str, frame: pd.DataFrame):
    ws = sample_workspace()
    ws.put(f"blueprint_{side}", frame, "my_blueprint.xlsx")
    return ws


def test_duplicate_steps_and_unknown_lanes_get_a_clear_message():
    ws = sample_workspace()
    bad = ws.get("blueprint_proposed").copy()
    bad.loc[1, "step"] = "Sales executive contact"
    bad = bad.rename(columns={"physical_evidence": "evidencia_fisca"})
    at = page("es", _workspace_with("proposed", bad))
    assert not at.exception
    errors = "\n".join(e.value for e in at.error)
    assert "No se puede dibujar el blueprint propuesto" in errors
    assert "evidencia\\_fisca" in errors and "Evidencia física" in errors     # suggestion, translated
    assert "aparecen más de una vez: Sales executive contact" in errors
    assert not at.metric                                                        # nothing half-drawn
    # the file name is escaped: radio labels are Markdown
    assert at.radio(key="blueprint.case").options[0] == r"Sus blueprints (ejemplo / my\_blueprint\.xlsx)"


def test_missing_and_empty_blueprints():
    ws = sample_workspace()
    ws.remove("blueprint_current")
    at = page("en", ws)
    assert not at.exception
    assert "There is no current or proposed blueprint" in texts(at)
    empty = sample_workspace().get("blueprint_current").iloc[0:0]
    at = page("en", _workspace_with("current", empty))
    assert not at.exception
    assert "The blueprint is empty" in texts(at)


def test_markup_and_long_cells_are_shown_as_text_with_a_warning():
    ws = sample_workspace()
    frame = ws.get("blueprint_proposed").copy()
    frame.loc[0, "server_action"] = "<img src=x onerror=alert(1)> " + "very long text " * 40
    at = page("en", _workspace_with("proposed", frame))
    assert not at.exception
    warnings = "\n".join(w.value for w in at.warning)
    assert "markup" in warnings and "longer than 400 characters" in warnings
    spec = at.get("plotly_chart")[0].proto.spec
    assert "<img" not in spec                       # plotly's JSON escapes it, and we escaped first
    assert "&lt;img src=x onerror=alert(1)&gt;" in json.dumps(json.loads(spec), ensure_ascii=False)
    assert all(not getattr(m.proto, "allow_html", False) for m in at.markdown)


def test_uploads_through_the_page_long_spanish_file_and_a_bad_one():
    # An upload while the sample case is open starts a workspace of her own data (issue 13): the
    # proposal alone is not enough to compare, so she is asked for the current blueprint too.
    at = page("es")
    proposed = sample_workspace().get("blueprint_proposed")
    rows = ["paso;carril;texto"]
    for _, r in proposed.iterrows():
        for lane in ("physical_evidence", "customer_action", "server_action", "internal_process", "support_process"):
            if isinstance(r[lane], str) and r[lane]:
                text = "Formulario en papel" if (r["step"], lane) == ("Service affiliation", "physical_evidence") else r[lane]
                rows.append(f'{r["step"]};{lane};"{text}"')
    content = "\n".join(rows).encode("cp1252")
    at.file_uploader(key="upload.blueprint_proposed").set_value(("propuesta.csv", content, "text/csv")).run()
    assert not at.exception
    ws = at.session_state["workspace"]
    assert not ws.is_sample and ws.source("blueprint_proposed") == "propuesta.csv"
    assert ws.get("blueprint_current") is None
    assert "No hay blueprint actual o propuesto" in texts(at)
    current = sample_workspace().get("blueprint_current")
    wide = current.to_csv(sep=";", index=False).encode("cp1252")
    at.file_uploader(key="upload.blueprint_current").set_value(("actual.csv", wide, "text/csv")).run()
    assert not at.exception
    assert metrics(at) == {"Celdas que cambian": "14", "Pasos con cambios": "6 / 6"}   # no journey map: no pain metric
    assert chart_cells(at)[("proposed", "Service affiliation", "physical_evidence")] == "changed"
    assert "No hay journey map" in texts(at)
    bad = b"step,physical_evidence,customer_actions,onstage\nA,x,y,z\nA,x,y,z\n"
    at.file_uploader(key="upload.blueprint_current").set_value(("actual2.csv", bad, "text/csv")).run()
    assert not at.exception
    errors = "\n".join(e.value for e in at.error)
    assert "No se puede dibujar el blueprint actual" in errors
    assert "estos aparecen más de una vez: A." in errors
    assert at.file_uploader(key="upload.blueprint_current")      # the user can try again at once
