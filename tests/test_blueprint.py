"""core.blueprint and core.figures.blueprint on seed 000's Tables 1 -> 4 and seed 003's call centre.

Expected values are read by hand off the seed tables (quoted in the comments), not computed by
the code under test.
"""
from pathlib import Path

import pandas as pd
import pytest

from core import blueprint as bp
from core.export import xlsx_bytes
from core.figures.blueprint import MAX_LINES, comparison_figure, blueprint_figure, standalone_html
from core.i18n import Translator
from core.intake import load
from core.schemas import SCHEMAS

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def seed():
    current, _ = bp.read_blueprint(read("blueprint_current.csv"))
    proposed, _ = bp.read_blueprint(read("blueprint_proposed.csv"))
    return current, proposed, bp.compare(current, proposed)


@pytest.fixture(scope="module")
def callcentre():
    current, _ = bp.read_blueprint(read("blueprint_callcentre_current.csv"))
    proposed, _ = bp.read_blueprint(read("blueprint_callcentre_proposed.csv"))
    return current, proposed, bp.compare(current, proposed)


def cell(comparison, step, lane):
    rows = comparison.cells[(comparison.cells["step"] == step) & (comparison.cells["lane"] == lane)]
    assert len(rows) == 1
    return rows.iloc[0]


# ------------------------------------------------------------------ seed 000, Tables 1 -> 4

def test_service_affiliation_evidence_goes_from_paper_to_crm_form(seed):
    _, _, comparison = seed
    row = cell(comparison, "Service affiliation", "physical_evidence")
    assert row["status"] == "changed"
    assert row["current"] == "Paper registration form"
    assert row["proposed"] == "CRM registration form"
    assert row["items_added"] == "CRM registration form"
    assert row["items_removed"] == "Paper registration form"


def test_consultative_sale_gains_crm_consultant_and_crm_advisor(seed):
    _, _, comparison = seed
    evidence = cell(comparison, "Consultative sale", "physical_evidence")
    # Table 1 "Mailing Link videocall" -> Table 4 "Mailing Link videocall CRM Consultant"
    assert evidence["status"] == "changed"
    assert evidence["items_added"] == "CRM Consultant"
    assert evidence["items_removed"] == ""
    support = cell(comparison, "Consultative sale", "support_process")
    # Table 1 leaves it blank; Table 4 prints "CRM Advisor"
    assert (support["status"], support["current"], support["proposed"]) == ("added", "", "CRM Advisor")


def test_table4_empty_internal_row_reads_as_removed(seed):
    _, _, comparison = seed
    first = cell(comparison, "Sales executive contact", "internal_process")
    assert first["status"] == "removed"
    assert first["items_removed"] == "Plan customer call; Plan consultative sale; Register consultancy"
    # step 2's internal process is blank in both tables: nothing to compare
    assert cell(comparison, "Consultative sale", "internal_process")["status"] == "unchanged"


def test_summary_by_lane_matches_a_count_by_hand(seed):
    _, _, comparison = seed
    # By hand from Tables 1 and 4, steps 1..6:
    #  physical evidence: same, +CRM Consultant, paper->CRM form, website->app+website, same, same
    #  customer action:   only step 4 changes ("Search, choose ans schedule ... app or the website")
    #  server action:     steps 2 and 4 change
    #  internal process:  steps 1, 3, 4, 5, 6 emptied; step 2 blank in both
    #  support process:   step 2 added (CRM Advisor); step 4 Technological -> App and website
    #                     management; step 6 Healthcare support -> CRM Advisor
    expected = pd.DataFrame(
        {"added": [0, 0, 0, 0, 1], "removed": [0, 0, 0, 5, 0], "changed": [3, 1, 2, 0, 2],
         "unchanged": [3, 5, 4, 1, 3]},
        index=pd.Index(bp.LANES, name="lane"))
    pd.testing.assert_frame_equal(comparison.by_lane[["added", "removed", "changed", "unchanged"]],
                                  expected, check_dtype=False)
    assert comparison.n_changes == 14
    assert comparison.by_step["n_changes"].tolist() == [1, 3, 2, 5, 1, 2]
    assert comparison.by_step.loc["Specialist request", "lanes_changed"] == "; ".join(bp.LANES)
    assert comparison.by_step.loc["Service affiliation", "lanes_changed"] == "physical_evidence; internal_process"
    assert set(comparison.by_step["step_status"]) == {"kept"}


def test_reordering_items_or_case_of_step_names_is_not_a_change(seed):
    current, _, _ = seed
    reordered = current.with_cell("Assistance to consultation", "physical_evidence",
                                  "Doctor's office; Waiting room; Reception")
    renamed = bp.Blueprint(tuple(
        bp.Step(s.name.upper(), s.cells) if s.name == "Consultative sale" else s for s in reordered.steps))
    comparison = bp.compare(current, renamed)
    assert comparison.n_changes == 0
    assert comparison.by_step.loc["CONSULTATIVE SALE", "step_status"] == "kept"


def test_changed_steps_are_linked_to_the_journey_pain_points(seed):
    current, _, comparison = seed
    journey = read("journey_map.csv")
    links = read("blueprint_phase_links.csv")
    linked = bp.link_pain_points(comparison, links, journey).set_index("step")
    # Table 2: pain moments are phases 2-5. Steps 1-3's customer actions are phase 2's customer
    # process word for word; steps 4 and 6 are phase 3's; step 5 is phase 5's.
    assert linked.loc["Consultative sale", "pain_phases"] == "Application and contract"
    assert linked.loc["Specialist request", "pain_phases"] == "Product use"
    assert linked.loc["Assistance to consultation", "pain_phases"] == "Invoice and payment"
    assert linked["addresses_pain"].all()
    assert linked.loc["Specialist request", "customer_voice"] == (
        "Delay in medical appointment; Inconveniences with emergency service; cancellation of appointments")
    # Phase 4 (Maintenance of the relationship) is a pain moment that no blueprint step maps to.
    assert bp.unaddressed_pain_points(comparison, links, journey) == ["Maintenance of the relationship"]


def test_shipped_phase_links_are_the_customer_action_matches(seed):
    current, _, _ = seed
    suggested = bp.suggest_phase_links(current, read("journey_map.csv"))
    shipped = read("blueprint_phase_links.csv")   # English and Spanish names: the English rows here
    shipped = shipped[shipped["step"].isin(current.step_names)]
    assert len(shipped) == len(suggested) > 0
    assert sorted(map(tuple, suggested.values)) == sorted(map(tuple, shipped.values))


def test_only_the_edited_step_is_linked_when_only_it_changes(seed):
    current, _, _ = seed
    proposed = current.with_cell("Specialist request", "physical_evidence", "List of specialists in the app")
    comparison = bp.compare(current, proposed)
    linked = bp.link_pain_points(comparison, read("blueprint_phase_links.csv"), read("journey_map.csv"))
    assert linked["step"].tolist() == ["Specialist request"]
    assert linked["pain_phases"].tolist() == ["Product use"]
    assert bp.unaddressed_pain_points(comparison, read("blueprint_phase_links.csv"), read("journey_map.csv")) == [
        "Application and contract", "Maintenance of the relationship", "Invoice and payment"]


def test_pain_phases_accepts_intake_booleans_and_text():
    journey = read("journey_map.csv")
    expected = ["Application and contract", "Product use", "Maintenance of the relationship", "Invoice and payment"]
    assert bp.pain_phases(journey) == expected
    through_intake = load((SAMPLE / "journey_map.csv").read_bytes(), "journey_map.csv", SCHEMAS["journey_map"])
    assert bp.pain_phases(through_intake.data) == expected
    assert bp.pain_phases(None) == []


# ------------------------------------------------------------------ seed 003, call centre

def test_callcentre_merge_is_recognised_from_the_step_name(callcentre):
    current, proposed, comparison = callcentre
    assert comparison.step_map == {"Front": "Front + Coordination", "Coordination": "Front + Coordination"}
    assert comparison.by_step.loc["Front + Coordination", "step_status"] == "merged"
    assert comparison.by_step.loc["Follow-up", "step_status"] == "kept"
    # The customer does what they did with Front and Coordination, now with one advisor.
    assert cell(comparison, "Front + Coordination", "customer_action")["status"] == "unchanged"
    # Sec. 5.3: provider calls move from Coordination to Follow-up.
    follow = cell(comparison, "Follow-up", "internal_process")
    assert follow["status"] == "changed"
    assert "Receive provider calls reporting news of services in progress" in follow["items_added"]
    assert comparison.by_lane["n_changes"].to_dict() == {
        "physical_evidence": 1, "customer_action": 0, "server_action": 2,
        "internal_process": 2, "support_process": 1}


def test_callcentre_without_merge_map_shows_removed_and_added_steps(callcentre):
    current, proposed, _ = callcentre
    comparison = bp.compare(current, proposed, step_map={})
    status = comparison.by_step["step_status"].to_dict()
    assert status == {"Front + Coordination": "added", "Follow-up": "kept",
                      "Front": "removed", "Coordination": "removed"}
    # every non-empty cell of a removed step is a removed cell: 5 lanes x 2 steps, all filled
    assert comparison.by_step.loc[["Front", "Coordination"], "removed"].tolist() == [5, 5]


def test_callcentre_measures_are_the_thesis_figures(callcentre):
    current, proposed, comparison = callcentre
    table = bp.measures_table(comparison, current, proposed).set_index("step")
    # AHT 4:30 min = 270 s per group; the merged station's current time is Front + Coordination
    # in series = 540 s; proposed 3:30 min = 210 s (thesis 003 sec. 3.3.4 and 4.1).
    assert table.loc["Front + Coordination", "time_current_s"] == pytest.approx(540.0)
    assert table.loc["Front + Coordination", "time_proposed_s"] == pytest.approx(210.0)
    # queue wait up to 3.02 min today, 2.03 min after (sec. 5 and conclusions); Coordination
    # takes up to 8 min to pick a case from its tray (sec. 2.1): 181.2 + 480 = 661.2 s.
    assert table.loc["Front + Coordination", "wait_current_s"] == pytest.approx(3.02 * 60 + 8 * 60)
    assert table.loc["Front + Coordination", "wait_proposed_s"] == pytest.approx(2.03 * 60)
    assert pd.isna(table.loc["Follow-up", "wait_current_s"])
    assert current.step("Front").failure_point.startswith("Calls abandoned")


@pytest.mark.parametrize("name", ["blueprint_callcentre_current.csv", "blueprint_callcentre_proposed.csv",
                                  "blueprint_current.csv", "blueprint_proposed.csv"])
def test_sample_files_pass_intake_and_read_the_same(name):
    result = load((SAMPLE / name).read_bytes(), name, SCHEMAS["blueprint_current"])
    assert result.ok and not result.warnings
    through_intake, _ = bp.read_blueprint(result.data)
    direct, _ = bp.read_blueprint(read(name))
    assert through_intake == direct


# ------------------------------------------------------------------ shapes

@pytest.mark.parametrize("fixture", ["seed", "callcentre"])
def test_the_three_shapes_round_trip(fixture, request):
    current, _, _ = request.getfixturevalue(fixture)
    for table, shape in ((current.to_wide_by_step(), "wide_by_step"),
                         (current.to_wide_by_lane(), "wide_by_lane"),
                         (current.to_long(), "long")):
        assert bp.detect_shape(table) == shape
        again, _ = bp.read_blueprint(table)
        assert again == current


def test_wide_by_lane_as_the_seed_prints_it(seed):
    current, _, _ = seed
    printed = current.to_wide_by_lane().rename(columns={"lane": "True moment"})
    printed["True moment"] = printed["True moment"].replace({
        "physical_evidence": "Physical evidence", "customer_action": "Customer action",
        "server_action": "Server action", "internal_process": "Internal process",
        "support_process": "Support process", "step_paper_label": "Step paper label"})
    assert bp.detect_shape(printed) == "wide_by_lane"
    again, _ = bp.read_blueprint(printed)
    assert again.cell("Service affiliation", "physical_evidence") == "Paper registration form"
    assert again.step_names == current.step_names


def test_spanish_headers_and_minutes():
    table = pd.DataFrame({
        "Paso": ["Llamada", "Coordinación"],
        "Evidencia física": ["IVR", ""],
        "Acciones del cliente": ["Llamar", "Esperar"],
        "Acciones visibles": ["Atender", "Informar"],
        "Acciones invisibles": ["Crear asistencia", "Asignar proveedor"],
        "Procesos de soporte": ["AMA", "AMA"],
        "tiempo_min": ["4,5", "4.5"],
        "Espera (s)": ["", "480"],
    })
    blueprint, warnings = bp.read_blueprint(table)
    assert warnings == []
    assert blueprint.cell("Llamada", "server_action") == "Atender"
    assert blueprint.step("Llamada").time_s == pytest.approx(270.0)   # 4.5 min
    assert blueprint.step("Coordinación").wait_s == pytest.approx(480.0)
    assert blueprint.step("Llamada").wait_s is None


def test_long_and_xlsx_uploads_go_through_intake(seed):
    current, _, _ = seed
    long = current.to_long()
    csv = long.to_csv(sep=";", index=False).encode("cp1252")
    result = load(csv, "blueprint_long.csv", SCHEMAS["blueprint_current"])
    assert result.ok
    assert bp.read_blueprint(result.data)[0] == current
    workbook = xlsx_bytes({"blueprint": current.to_wide_by_step()})
    result = load(workbook, "blueprint.xlsx", SCHEMAS["blueprint_current"])
    assert result.ok
    assert bp.read_blueprint(result.data)[0] == current


# ------------------------------------------------------------------ bad input

def codes(excinfo) -> list[str]:
    return [p.code for p in excinfo.value.problems]


def test_duplicate_step_names_are_refused(seed):
    current, _, _ = seed
    table = current.to_wide_by_step()
    table.loc[1, "step"] = "sales executive contact"
    with pytest.raises(bp.BlueprintError) as excinfo:
        bp.read_blueprint(table)
    assert codes(excinfo) == ["duplicate_steps"]
    assert excinfo.value.problems[0].params["steps"] == "sales executive contact"


def test_unknown_lane_suggests_the_standard_ones(seed):
    current, _, _ = seed
    table = current.to_wide_by_step().rename(columns={"physical_evidence": "Evidencia fisca",
                                                      "server_action": "onstage acts"})
    with pytest.raises(bp.BlueprintError) as excinfo:
        bp.read_blueprint(table)
    problems = {p.params["lane"]: p.params["suggestions"] for p in excinfo.value.problems}
    assert problems["Evidencia fisca"].split(", ")[0] == "physical_evidence"
    assert problems["onstage acts"].split(", ")[0] == "server_action"
    assert bp.lane_suggestions("colour") == list(bp.LANES)


@pytest.mark.parametrize("table", [
    pd.DataFrame(),
    pd.DataFrame(columns=["step", "physical_evidence"]),
    pd.DataFrame({"step": ["A", "B"], "physical_evidence": ["", ""], "customer_action": ["", None]}),
])
def test_empty_blueprints_are_refused(table):
    with pytest.raises(bp.BlueprintError) as excinfo:
        bp.read_blueprint(table)
    assert "empty" in codes(excinfo)


def test_other_bad_tables_name_the_problem():
    with pytest.raises(bp.BlueprintError) as excinfo:
        bp.read_blueprint(pd.DataFrame({"step": ["A"], "customer_action": ["x"], "time_s": ["abc"]}))
    assert codes(excinfo) == ["bad_number"]
    assert excinfo.value.problems[0].params == {"step": "A", "column": "time_s", "value": "abc"}
    with pytest.raises(bp.BlueprintError) as excinfo:
        bp.read_blueprint(pd.DataFrame({"step": ["A", ""], "customer_action": ["x", "orphan text"]}))
    assert codes(excinfo) == ["blank_step"]
    with pytest.raises(bp.BlueprintError) as excinfo:
        bp.read_blueprint(pd.DataFrame({"step": ["A", "A"], "lane": ["customer", "customer actions"],
                                        "text": ["x", "y"]}))
    assert codes(excinfo) == ["duplicate_cells"]
    with pytest.raises(bp.BlueprintError) as excinfo:
        bp.from_long(pd.DataFrame({"step": ["A"], "text": ["x"]}))
    assert codes(excinfo) == ["long_missing"]
    with pytest.raises(bp.BlueprintError):
        bp.Blueprint(()).with_cell("A", "colour", "x")


def test_long_cells_are_flagged_and_wrapped_within_the_layout(seed):
    current, _, _ = seed
    long_text = "word " * 200 + "x" * 90
    edited = current.with_cell("Consultative sale", "server_action", long_text)
    assert [p.code for p in bp.cell_warnings(edited)] == ["long_cells"]
    lines = bp.display_lines(long_text, width=20, max_lines=MAX_LINES)
    assert len(lines) == MAX_LINES and all(len(line) <= 20 for line in lines)
    bulleted = bp.display_lines("short; " + long_text, width=20, max_lines=30)
    assert bulleted[0] == "• short" and bulleted[1].startswith("• word")
    assert all(len(line) <= 22 for line in bulleted)
    assert lines[-1].endswith("…")
    # an unbroken 90-character word is broken, never wider than the column
    assert all(len(line) <= 12 for line in bp.display_lines("x" * 90, width=12, max_lines=20))


def test_markup_is_flagged_and_escaped(seed):
    current, proposed, _ = seed
    attack = "<b>bold</b> <script>alert(1)</script> &amp;"
    edited = proposed.with_cell("Service affiliation", "physical_evidence", attack)
    assert [p.code for p in bp.cell_warnings(edited)] == ["markup"]
    assert "<" not in bp.plot_text(attack, 60).replace("<br>", "")
    fig = comparison_figure(current, edited, bp.compare(current, edited), Translator("en"), "proposed")
    texts = [a.text for a in fig.layout.annotations if a.name == "text|proposed|Service affiliation|physical_evidence"]
    badge, user_text = texts[0].split("</span> ", 1)            # the status badge leads the cell's text
    assert badge.endswith("<b>±</b>")
    assert "&lt;script" in user_text and "alert(1)&lt;/script&gt;" in user_text
    assert "<script" not in user_text and "<b>" not in user_text
    page = standalone_html(fig, "<title>x</title>")
    assert "<script>alert" not in page and "<title>x</title>" not in page
    assert '<script src="http' not in page          # self-contained: plotly.js is embedded


# ------------------------------------------------------------------ editing

def test_edit_session_undo_and_reset(seed):
    current, proposed, _ = seed
    session = bp.EditSession(loaded={"current": current, "proposed": proposed})
    assert not session.can_undo and not session.is_modified
    table = session.working["proposed"].to_wide_by_step(measures=True)
    table.loc[table["step"] == "Service affiliation", "physical_evidence"] = "Paper registration form"
    assert session.apply("proposed", table) == []
    assert session.version == 1 and session.is_modified
    assert bp.compare(session.working["current"], session.working["proposed"]).n_changes == 13
    # the same table again is no edit
    session.apply("proposed", table)
    assert len(session.history) == 1
    assert session.edit_cell("current", "Consultative sale", "internal_process", "Register consultancy")
    assert session.undo() == "current"
    assert session.working["current"] == current
    assert session.undo() == "proposed"
    assert session.working["proposed"] == proposed and session.undo() is None
    session.edit_cell("proposed", "Specialist request", "customer_action", "Call")
    session.reset()
    assert session.working == {"current": current, "proposed": proposed} and not session.history


def test_a_refused_edit_leaves_the_blueprint_as_it_was(seed):
    current, proposed, _ = seed
    session = bp.EditSession(loaded={"current": current, "proposed": proposed})
    table = proposed.to_wide_by_step(measures=True)
    table.loc[1, "step"] = "Service affiliation"
    problems = session.apply("proposed", table)
    assert [p.code for p in problems] == ["duplicate_steps"]
    assert session.working["proposed"] == proposed and session.version == 0


# ------------------------------------------------------------------ drawing

def cell_shapes(fig, panel=None):
    out = {}
    for shape in fig.layout.shapes:
        if shape.name and shape.name.startswith("cell|"):
            _, key, step, lane, status = shape.name.split("|")
            if panel is None or key == panel:
                out[(key, step, lane)] = status
    return out


def test_figure_has_the_lanes_steps_lines_and_highlighted_cells(seed):
    current, proposed, comparison = seed
    t = Translator("en")
    fig = comparison_figure(current, proposed, comparison, t, "side_by_side")
    assert [text.replace("<br>", " ") for text in fig.layout.yaxis.ticktext] == [
        f"<b>{t(f'blueprint.lane.{lane}')}</b>" for lane in bp.LANES]
    assert len(fig.layout.xaxis.ticktext) == 12            # 6 steps, twice
    assert "Service<br>affiliation" in fig.layout.xaxis.ticktext[2]
    assert sorted(s.name for s in fig.layout.shapes if s.name and s.name.startswith("line|")) == [
        "line|line_of_interaction", "line|line_of_internal_interaction", "line|line_of_visibility"]
    proposed_cells = cell_shapes(fig, "proposed")
    assert proposed_cells[("proposed", "Service affiliation", "physical_evidence")] == "changed"
    assert proposed_cells[("proposed", "Consultative sale", "support_process")] == "added"
    assert proposed_cells[("proposed", "Sales executive contact", "internal_process")] == "removed"
    assert proposed_cells[("proposed", "Sales executive contact", "physical_evidence")] == "unchanged"
    highlighted = [k for k, s in proposed_cells.items() if s in ("added", "removed", "changed")]
    assert len(highlighted) == comparison.n_changes == 14
    # the removed text is still shown, as a ghost, in the proposed panel
    ghosts = [a.text for a in fig.layout.annotations if a.name == "ghost|proposed|Sales executive contact|internal_process"]
    # 12 columns -> 12 characters a line (+2 for the bullet), one bullet per item, in italics
    # led by the "removed" badge, never a mark in the corner that long text would run over
    assert [g.split("</span> ", 1)[1] for g in ghosts] == [
        "<i>• Plan<br>customer call<br>• Plan<br>consultative<br>sale<br>• Register<br>consultancy</i>"]
    assert ghosts[0].startswith("<span style='color:") and "<b>−</b></span> " in ghosts[0]
    legend = {trace.name for trace in fig.data if trace.showlegend}
    assert legend == {"Added", "Removed", "Changed"}


def test_figure_in_spanish_and_single_views(seed):
    current, proposed, comparison = seed
    t = Translator("es")
    fig = comparison_figure(current, proposed, comparison, t, "current")
    assert fig.layout.yaxis.ticktext[0] == "<b>Evidencia física</b>"
    assert len(fig.layout.xaxis.ticktext) == 6
    assert cell_shapes(fig)[("current", "Service affiliation", "physical_evidence")] == "changed"
    plain = blueprint_figure(current, t, "Actual")
    assert set(cell_shapes(plain).values()) == {"plain", "empty"}
    assert cell_shapes(plain)[("blueprint", "Consultative sale", "internal_process")] == "empty"
    with pytest.raises(ValueError):
        comparison_figure(current, proposed, comparison, t, "sideways")


def test_callcentre_figure_marks_failure_points_and_waits(callcentre):
    current, proposed, comparison = callcentre
    t = Translator("en")
    fig = comparison_figure(current, proposed, comparison, t, "side_by_side")
    assert fig.layout.yaxis.ticktext[0].replace("<br>", " ") == f"<b>{t('blueprint.lane.measures')}</b>"
    failures = [trace for trace in fig.data if trace.name == t("blueprint.fig.failure_point")]
    assert len(failures) == 1 and len(failures[0].x) == 5   # every step of both sides has one
    waits = sorted(s.name for s in fig.layout.shapes if s.name and s.name.startswith("wait|"))
    assert waits == ["wait|current|Coordination", "wait|current|Front", "wait|proposed|Front + Coordination"]
    measures = [a.text for a in fig.layout.annotations if a.name == "measure|proposed|Front + Coordination"]
    assert "time 3.5 min" in measures[0] and "wait 2.0 min" in measures[0]
    # the merged step's current columns carry the merged cells' statuses
    cells = cell_shapes(fig, "current")
    assert cells[("current", "Front", "server_action")] == "changed"
    assert cells[("current", "Coordination", "customer_action")] == "unchanged"


def test_every_dynamic_catalog_key_exists():
    """Keys the view builds at run time (f-strings the catalog test cannot see) are in the catalog."""
    import re
    from core.i18n import load_catalog
    catalog = load_catalog()
    source = "".join(p.read_text(encoding="utf-8") for p in Path(bp.__file__).parent.glob("*.py"))
    codes = set(re.findall(r'Problem\("([a-z_]+)"', source))
    assert {"empty", "unknown_lane", "duplicate_steps", "long_cells", "markup"} <= codes
    keys = ({f"blueprint.problem.{c}" for c in codes}
            | {f"blueprint.lane.{lane}" for lane in (*bp.LANES, "measures")}
            | {f"blueprint.line.{name}" for name, _, _ in bp.LINES}
            | {f"blueprint.status.{s}" for s in (*bp.STATUSES, "plain", "empty")}
            | {f"blueprint.step_status.{s}" for s in ("kept", "added", "removed", "merged", "renamed")}
            | {f"blueprint.col.{c}" for c in (*bp.MEASURES, "phase", "step", "lane", "status", "current", "proposed",
                                              "items_added", "items_removed", "n_changes", "lanes_changed",
                                              "phases", "pain_phases", "addresses_pain", "customer_voice")}
            | {f"blueprint.view_{v}" for v in ("side_by_side", "proposed", "current")}
            | {f"blueprint.side_{s}" for s in bp.SIDES} | {f"blueprint.fig.{s}" for s in bp.SIDES})
    missing = sorted(k for k in keys if k not in catalog)
    assert not missing, missing


def test_a_phase_column_links_steps_and_merged_steps_inherit_links(callcentre):
    current, proposed, comparison = callcentre
    links = pd.DataFrame({"step": ["Front", "Coordination", "Follow-up"],
                          "phase": ["Call", "Call; Dispatch", "Closure"]})
    linked_current = current.with_phase_links(links)
    assert linked_current.step("Coordination").phases == ("Call", "Dispatch")
    table = linked_current.to_wide_by_step()
    assert table["phase"].tolist() == ["Call", "Call; Dispatch", "Closure"]
    again, _ = bp.read_blueprint(table)
    assert again == linked_current
    assert sorted(map(tuple, bp.phase_links_table(again).values)) == [
        ("Coordination", "Call"), ("Coordination", "Dispatch"), ("Follow-up", "Closure"), ("Front", "Call")]
    journey = pd.DataFrame({"phase": ["Call", "Dispatch", "Closure"], "order": [1, 2, 3],
                            "pain_moment": [True, False, True], "customer_voice": ["Long wait", "", "No follow-up"]})
    linked = bp.link_pain_points(comparison, bp.phase_links_table(again), journey).set_index("step")
    # the merged step has no links of its own: it inherits Front's and Coordination's
    assert linked.loc["Front + Coordination", "phases"] == "Call; Dispatch"
    assert linked.loc["Front + Coordination", "pain_phases"] == "Call"
    assert linked.loc["Front + Coordination", "customer_voice"] == "Long wait"
    assert linked.loc["Follow-up", "pain_phases"] == "Closure"
    assert bp.unaddressed_pain_points(comparison, bp.phase_links_table(again), journey) == []
