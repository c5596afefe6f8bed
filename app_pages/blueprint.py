"""Service blueprint: current against proposed, lane by lane, and the pain points each change addresses."""
import streamlit as st

from core import blueprint as bp
from core.export import xlsx_bytes
from core.figures.blueprint import comparison_figure, standalone_html
from core.sample import sample_table
from core.text import escape_markdown
from core.workspace import SAMPLE
from ui.state import translator, workspace
from ui.upload import upload_box

t = translator()
ws = workspace()
settings = ws.settings

st.title(t("nav.blueprint"))
st.markdown(t("blueprint.intro"))


def problem_text(problem: bp.Problem) -> str:
    """A core problem in the user's language; user text escaped, lane names translated."""
    params = {key: escape_markdown(value) for key, value in problem.params.items()}
    for key in ("suggestions", "lanes"):
        if key in problem.params:
            params[key] = ", ".join(
                f"{escape_markdown(name)} ({t(f'blueprint.lane.{name}')})"
                for name in str(problem.params[key]).split(", "))
    return t(f"blueprint.problem.{problem.code}", **params)


def upload_section(expanded: bool = False) -> None:
    st.subheader(t("blueprint.upload_title"))
    st.caption(t("blueprint.upload_shapes"))
    upload_box("blueprint_current", expanded=expanded)
    upload_box("blueprint_proposed", expanded=expanded)


# ---------------------------------------------------------------- which case
sources = {side: ws.source(f"blueprint_{side}") for side in bp.SIDES}
from_sample = all(source == SAMPLE for source in sources.values())
case_labels = {
    "workspace": t("blueprint.case_workspace_sample") if from_sample else t(
        "blueprint.case_workspace_uploaded",
        **{side: t("blueprint.source_sample") if source == SAMPLE else escape_markdown(source or "–")
           for side, source in sources.items()}),
    "callcentre": t("blueprint.case_callcentre"),
}


def remember(name: str):
    """on_change: keep a widget's choice in the workspace settings, so it survives page changes."""
    return lambda: settings.__setitem__(name, st.session_state[name])


def remembered_index(name: str, options, default) -> int:
    value = settings.get(name, default)
    return list(options).index(value) if value in options else 0


case = st.radio(t("blueprint.case"), list(case_labels), format_func=case_labels.get, horizontal=True,
                key="blueprint.case", index=remembered_index("blueprint.case", case_labels, "workspace"),
                on_change=remember("blueprint.case"))

if case == "workspace":
    frames = {side: ws.get(f"blueprint_{side}") for side in bp.SIDES}
    token = tuple((sources[side], id(frames[side])) for side in bp.SIDES)
else:
    frames = {side: sample_table(f"blueprint_callcentre_{side}.csv") for side in bp.SIDES}
    token = "callcentre"

sessions = settings.setdefault("blueprint.sessions", {})
session = sessions.get(case)
if session is None or session.token != token:
    if any(frame is None for frame in frames.values()):
        st.info(t("blueprint.no_data"))
        upload_section(expanded=True)
        st.stop()
    loaded, refused = {}, {}
    for side, frame in frames.items():
        try:
            loaded[side], _ = bp.read_blueprint(frame)
        except bp.BlueprintError as error:
            refused[side] = error.problems
    if refused:
        for side, problems in refused.items():
            st.error(t("blueprint.cannot_read", side=t(f"blueprint.side_{side}")) + "\n\n" +
                     "\n".join(f"- {problem_text(p)}" for p in problems))
        upload_section(expanded=True)
        st.stop()
    session = bp.EditSession(loaded=loaded, token=token)
    sessions[case] = session

VIEWS = ("proposed", "side_by_side", "current")
view = st.radio(t("blueprint.view"), VIEWS, format_func=lambda v: t(f"blueprint.view_{v}"), horizontal=True,
                key="blueprint.view", index=remembered_index("blueprint.view", VIEWS, "proposed"),
                on_change=remember("blueprint.view"))
drawing_area = st.container()

# ---------------------------------------------------------------- editing (before drawing)
st.subheader(t("blueprint.edit_title"))
st.caption(t("blueprint.edit_intro"))
side = st.radio(t("blueprint.edit_side"), bp.SIDES, format_func=lambda s: t(f"blueprint.fig.{s}"),
                horizontal=True, key="blueprint.edit_side")
table = session.working[side].to_wide_by_step(measures=True)
columns = ["step", *bp.LANES, *bp.MEASURES] + (["phase"] if "phase" in table else [])
column_config = {
    name: st.column_config.TextColumn(t(f"blueprint.lane.{name}") if name in bp.LANES
                                      else t(f"blueprint.col.{name}"), width="medium")
    for name in columns if name not in ("time_s", "wait_s")
}
column_config["time_s"] = st.column_config.NumberColumn(t("blueprint.col.time_s"), min_value=0.0)
column_config["wait_s"] = st.column_config.NumberColumn(t("blueprint.col.wait_s"), min_value=0.0)
edited = st.data_editor(table, key=f"blueprint.editor.{case}.{side}.{session.version}",
                        num_rows="dynamic", hide_index=True, column_order=columns,
                        column_config=column_config)
version_before = session.version
edit_problems = session.apply(side, edited)
if session.version != version_before:
    st.rerun()          # redraw the editor on the new table (fresh key), and the drawing with it
if any(p.severity == "error" for p in edit_problems):
    st.error(t("blueprint.edit_refused") + "\n\n" +
             "\n".join(f"- {problem_text(p)}" for p in edit_problems if p.severity == "error"))

with st.expander(t("blueprint.cell_editor")):
    working = session.working[side]
    step = st.selectbox(t("blueprint.cell_step"), working.step_names, key="blueprint.cell_step")
    lane = st.selectbox(t("blueprint.cell_lane"), bp.LANES, format_func=lambda n: t(f"blueprint.lane.{n}"),
                        key="blueprint.cell_lane")
    text = st.text_area(t("blueprint.cell_text"), value=working.cell(step, lane),
                        key=f"blueprint.cell_text.{case}.{side}.{step}.{lane}.{session.version}")
    if st.button(t("blueprint.cell_apply"), key="blueprint.cell_apply"):
        if session.edit_cell(side, step, lane, text):
            st.rerun()

left, middle, right = st.columns([1, 1, 2])
left.button(t("blueprint.undo"), key="blueprint.undo", on_click=session.undo, disabled=not session.can_undo)
middle.button(t("blueprint.reset"), key="blueprint.reset", on_click=session.reset,
              disabled=not (session.is_modified or session.can_undo))
right.caption(t("blueprint.edits_count", n=t.int(len(session.history))))

# ---------------------------------------------------------------- drawing and comparison
current, proposed = session.working["current"], session.working["proposed"]
comparison = bp.compare(current, proposed)
figure = comparison_figure(current, proposed, comparison, t, view)
image_format = settings.get("blueprint.image_format", "svg")
chart_config = {"displaylogo": False,
                "toImageButtonOptions": {"format": image_format, "filename": t("blueprint.file_image"), "scale": 2}}

with drawing_area:
    st.plotly_chart(figure, config=chart_config, key="blueprint.chart")
    st.caption(t("blueprint.how_to_read"))
    for side_name in bp.SIDES:
        for problem in bp.cell_warnings(session.working[side_name]):
            st.warning(problem_text(problem))
    if case == "callcentre":
        st.caption(t("blueprint.note_callcentre"))
    elif from_sample:
        st.caption(t("blueprint.note_seed000"))

st.subheader(t("blueprint.summary_title"))
by_step = comparison.by_step
steps_changed = int((by_step["n_changes"] > 0).sum())
journey = ws.get("journey_map")
pains = bp.pain_phases(journey)
links = bp.phase_links_table(current, proposed)
if links.empty and case == "workspace":
    links = sample_table("blueprint_phase_links.csv")
linked = bp.link_pain_points(comparison, links, journey) if case == "workspace" else None
addressed = list(dict.fromkeys(p for cell in (linked["pain_phases"] if linked is not None else [])
                               for p in bp.split_items(cell)))

lane_names = {lane: t(f"blueprint.lane.{lane}") for lane in bp.LANES}
status_names = {s: t(f"blueprint.status.{s}") for s in bp.STATUSES}
pain_table = None
if linked is not None:
    pain_table = linked.copy()
    pain_table["lanes_changed"] = pain_table["lanes_changed"].map(
        lambda cell: ", ".join(lane_names[lane] for lane in bp.split_items(cell)))
    pain_table.columns = [t(f"blueprint.col.{c}") for c in pain_table.columns]

metrics = st.columns(3)
metrics[0].metric(t("blueprint.metric_changes"), t.int(comparison.n_changes),
                  help=t("blueprint.metric_changes_help", n=t.int(len(comparison.cells))))
metrics[1].metric(t("blueprint.metric_steps"), f"{t.int(steps_changed)} / {t.int(len(by_step))}",
                  help=t("blueprint.metric_steps_help", n=t.int(len(by_step))))
if case == "workspace" and pains:
    metrics[2].metric(t("blueprint.metric_pain"), f"{t.int(len(addressed))} / {t.int(len(pains))}",
                      help=t("blueprint.metric_pain_help", n=t.int(len(pains))))

if comparison.n_changes == 0:
    st.info(t("blueprint.no_changes"))
merges = {}
for old, new in comparison.step_map.items():
    merges.setdefault(new, []).append(old)
if merges:
    st.caption(t("blueprint.merge_note", merges="; ".join(
        f"{escape_markdown(' + '.join(olds))} → {escape_markdown(new)}" for new, olds in merges.items())))

st.markdown(f"**{t('blueprint.by_lane_title')}**")
by_lane = comparison.by_lane.rename(index=lane_names, columns={**status_names, "n_changes": t("blueprint.col.n_changes")})
by_lane.index.name = t("blueprint.col.lane")
st.dataframe(by_lane, width="stretch")

st.markdown(f"**{t('blueprint.by_step_title')}**")


def step_status_text(step_name: str, status: str) -> str:
    olds = ", ".join(o for o, n in comparison.step_map.items() if n == step_name)
    return t(f"blueprint.step_status.{status}", steps=olds)


step_table = by_step.reset_index()
step_table["step_status"] = [step_status_text(s, st_) for s, st_ in zip(step_table["step"], step_table["step_status"])]
step_table["lanes_changed"] = step_table["lanes_changed"].map(
    lambda cell: ", ".join(lane_names[lane] for lane in bp.split_items(cell)))
step_table = step_table[["step", "step_status", "n_changes", "added", "removed", "changed", "lanes_changed"]]
step_table.columns = [t("blueprint.col.step"), t("blueprint.col.step_status"), t("blueprint.col.n_changes"),
                      status_names["added"], status_names["removed"], status_names["changed"],
                      t("blueprint.col.lanes_changed")]
st.dataframe(step_table, hide_index=True, width="stretch")


def cells_table(cells):
    """The comparison's cells with translated lanes, statuses and headers."""
    shown = cells[["step", "lane", "status", "current", "proposed", "items_added", "items_removed"]].copy()
    shown["lane"] = shown["lane"].map(lane_names)
    shown["status"] = shown["status"].map(status_names)
    shown.columns = [t(f"blueprint.col.{c}") for c in shown.columns]
    return shown


changes = comparison.cells[comparison.cells["status"] != "unchanged"]
if not changes.empty:
    st.markdown(f"**{t('blueprint.cells_title')}**")
    st.dataframe(cells_table(changes), hide_index=True, width="stretch")

# ---------------------------------------------------------------- pain points
st.subheader(t("blueprint.pain_title"))
if case == "callcentre":
    st.info(t("blueprint.pain_callcentre"))
elif journey is None:
    st.info(t("blueprint.pain_no_journey"))
elif links.empty:
    st.caption(t("blueprint.pain_intro"))
    st.info(t("blueprint.pain_no_links"))
else:
    st.caption(t("blueprint.pain_intro"))
    if addressed:
        st.markdown(t("blueprint.pain_summary", addressed=escape_markdown(", ".join(addressed))))
    else:
        st.markdown(t("blueprint.pain_none_addressed"))
    untouched = bp.unaddressed_pain_points(comparison, links, journey)
    if untouched:
        st.markdown(t("blueprint.pain_unaddressed", phases=escape_markdown(", ".join(untouched))))
    st.dataframe(pain_table, hide_index=True, width="stretch")

if current.has_measures or proposed.has_measures:
    st.subheader(t("blueprint.measures_title"))
    st.caption(t("blueprint.measures_intro"))
    measures = bp.measures_table(comparison, current, proposed)
    shown = measures.copy()
    for column in ("time_current_s", "time_proposed_s", "wait_current_s", "wait_proposed_s"):
        shown[column] = (measures[column] / 60).map(lambda v: t.num(v, 2))
    shown.columns = [t("blueprint.col.step"), t("blueprint.col.time_current"), t("blueprint.col.time_proposed"),
                     t("blueprint.col.wait_current"), t("blueprint.col.wait_proposed")]
    st.dataframe(shown, hide_index=True, width="stretch")

# ---------------------------------------------------------------- export
st.subheader(t("blueprint.export_title"))
st.radio(t("blueprint.export_image_format"), ("svg", "png"), format_func=str.upper, horizontal=True,
         key="blueprint.image_format", index=remembered_index("blueprint.image_format", ("svg", "png"), "svg"),
         on_change=remember("blueprint.image_format"))
st.caption(t("blueprint.export_image_note"))
exports = st.columns(2)
exports[0].download_button(
    t("blueprint.export_html"),
    data=lambda: standalone_html(figure, t("nav.blueprint"), chart_config).encode("utf-8"),
    file_name=t("blueprint.file_html"), mime="text/html", key="blueprint.download_html")


def workbook() -> bytes:
    sheets = {
        t("blueprint.sheet_current"): current.to_wide_by_step(),
        t("blueprint.sheet_proposed"): proposed.to_wide_by_step(),
        t("blueprint.sheet_cells"): cells_table(comparison.cells),
        t("blueprint.sheet_by_lane"): by_lane.reset_index(),
    }
    if pain_table is not None and journey is not None:
        sheets[t("blueprint.sheet_pain")] = pain_table
    return xlsx_bytes(sheets)


exports[1].download_button(
    t("blueprint.export_xlsx"), data=workbook, file_name=t("blueprint.file_xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="blueprint.download_xlsx")

if case == "workspace":
    upload_section()
