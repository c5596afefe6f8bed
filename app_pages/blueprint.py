"""Service blueprint: current against proposed, lane by lane, and the pain points each change addresses.

Thin page: widgets -> core.views.blueprint.compute -> core.figures.blueprint -> text from the catalog.
The editor (table and single cell, undo, reset) works on the view's edit session (core.blueprint.EditSession).
"""
import streamlit as st

from core import blueprint as bp
from core.export import xlsx_bytes
from core.figures.blueprint import standalone_html
from core.views import blueprint as view
from ui.provenance import data_line
from ui.state import remembered_setting, translator, workspace
from ui.upload import upload_box
from core.i18n import display_table
from ui.charts import show_chart
from ui.views import derived, view_result
from ui.layout import row

t = translator()
ws = workspace()

for spec in view.SETTINGS:
    remembered_setting(spec)
res = view_result(view, ws)
view.keep_session(ws, res)

st.title(t("nav.blueprint"))
data_line(res.sources)
st.caption(t("blueprint.intro"))


def upload_section(expanded: bool = False) -> None:
    st.subheader(t("blueprint.upload_title"))
    st.caption(t("blueprint.upload_shapes"))
    upload_box("blueprint_current", expanded=expanded)
    upload_box("blueprint_proposed", expanded=expanded)


# ---------------------------------------------------------------- which case
if st.session_state.get(view.CASE.key) not in res.cases:
    st.session_state[view.CASE.key] = res.case
if len(res.cases) > 1:
    st.radio(t("blueprint.case"), res.cases, format_func=lambda c: view.case_label(res, c, t), horizontal=True,
             key=view.CASE.key)

if res.status == "no_data":
    st.info(t("blueprint.no_data"))
    upload_section(expanded=True)
    st.stop()
if res.status == "refused":
    for side, problems in res.refused.items():
        st.error("\n\n".join([t("blueprint.cannot_read", side=t(f"blueprint.side_{side}")),
                                "\n".join(f"- {view.problem_text(p, t)}" for p in problems)]))
    upload_section(expanded=True)
    st.stop()

session = res.session
st.radio(t("blueprint.view"), view.VIEW.options, format_func=lambda v: t(f"blueprint.view_{v}"), horizontal=True,
         key=view.VIEW.key)
image_format = res.settings[view.IMAGE_FORMAT.key][0]
chart_config = {"displaylogo": False,
                "toImageButtonOptions": {"format": image_format, "filename": t("blueprint.file_image"), "scale": 2}}
# what is drawn from the working blueprints is kept with their comparison (a stage kept by the
# edit session's version): a rerun without an edit rebuilds neither the drawing nor the tables
kept = res.comparison


def shown(name, build):
    """A table of this comparison for st.dataframe, built once per comparison and language."""
    return derived(kept, (name, t.lang), lambda: display_table(build(), t))


figure = derived(kept, ("figure", res.view, t.lang), lambda: view.figure(res, t))
show_chart(st, figure, config=chart_config, key="blueprint.chart")
st.caption(t("blueprint.how_to_read"))
for problem in res.warnings:
    st.warning(view.problem_text(problem, t))

# ---------------------------------------------------------------- editing
st.subheader(t("blueprint.edit_title"))
st.caption(t("blueprint.edit_intro"))
side = st.radio(t("blueprint.edit_side"), bp.SIDES, format_func=lambda s: t(f"blueprint.fig.{s}"),
                horizontal=True, key="blueprint.edit_side")
table = session.working[side].to_wide_by_step(measures=True)
columns = view.editor_columns(table)
column_config = {
    name: st.column_config.TextColumn(t(f"blueprint.lane.{name}") if name in bp.LANES
                                      else t(f"blueprint.col.{name}"), width="medium")
    for name in columns if name not in ("time_s", "wait_s")
}
# seconds in the browser's locale ("12,5" in a Spanish browser), one decimal
column_config["time_s"] = st.column_config.NumberColumn(t("blueprint.col.time_s"), min_value=0.0, step=0.1,
                                                        format="localized")
column_config["wait_s"] = st.column_config.NumberColumn(t("blueprint.col.wait_s"), min_value=0.0, step=0.1,
                                                        format="localized")
edited = st.data_editor(table, key=f"blueprint.editor.{res.case}.{side}.{session.version}",
                        num_rows="dynamic", hide_index=True, column_order=columns,
                        column_config=column_config)
version_before = session.version
edit_problems = session.apply(side, edited)
if session.version != version_before:
    st.rerun()          # redraw the editor on the new table (fresh key), and the drawing with it
if any(p.severity == "error" for p in edit_problems):
    st.error("\n\n".join([t("blueprint.edit_refused"), "\n".join(
        f"- {view.problem_text(p, t)}" for p in edit_problems if p.severity == "error")]))

with st.expander(t("blueprint.cell_editor")):
    working = session.working[side]
    step = st.selectbox(t("blueprint.cell_step"), working.step_names, key="blueprint.cell_step")
    lane = st.selectbox(t("blueprint.cell_lane"), bp.LANES, format_func=lambda n: t(f"blueprint.lane.{n}"),
                        key="blueprint.cell_lane")
    text = st.text_area(t("blueprint.cell_text"), value=working.cell(step, lane),
                        key=f"blueprint.cell_text.{res.case}.{side}.{step}.{lane}.{session.version}")
    if st.button(t("blueprint.cell_apply"), key="blueprint.cell_apply"):
        if session.edit_cell(side, step, lane, text):
            st.rerun()

left, middle, right = st.columns([1, 1, 2])
left.button(t("blueprint.undo"), key="blueprint.undo", on_click=session.undo, disabled=not session.can_undo)
middle.button(t("blueprint.reset"), key="blueprint.reset", on_click=session.reset,
              disabled=not (session.is_modified or session.can_undo))
right.caption(t("blueprint.edits_count", n=t.int(len(session.history))))

# ---------------------------------------------------------------- summary
st.subheader(t("blueprint.summary_title"))
summary = row()
for label, value, help_text in view.metrics(res, t):
    summary.metric(label, value, help=help_text)
if res.comparison.n_changes == 0:
    st.info(t("blueprint.no_changes"))
note = view.merge_note(res, t)
if note:
    st.caption(note)
st.markdown(f"**{t('blueprint.by_lane_title')}**")
st.dataframe(shown("by_lane", lambda: view.by_lane_table(res, t)), width="stretch")
st.markdown(f"**{t('blueprint.by_step_title')}**")
st.dataframe(shown("by_step", lambda: view.step_table(res, t)), hide_index=True, width="stretch")
changes = derived(kept, ("changes", t.lang), lambda: view.cells_table(res, t, changed_only=True))
if not changes.empty:
    st.markdown(f"**{t('blueprint.cells_title')}**")
    st.dataframe(shown("changes_shown", lambda: changes), hide_index=True, width="stretch")

# ---------------------------------------------------------------- pain points
st.subheader(t("blueprint.pain_title"))
if res.pain_state == "callcentre":
    st.info(t("blueprint.pain_callcentre"))
elif res.pain_state == "no_journey":
    st.info(t("blueprint.pain_no_journey"))
else:
    st.caption(t("blueprint.pain_intro"))
    for notice in res.notices:
        st.info(t(notice.key, **notice.params))
    if res.pain_state == "no_links":
        st.info(t("blueprint.pain_no_links"))
    else:
        for sentence in view.pain_sentences(res, t):
            st.markdown(sentence)
        st.dataframe(shown("pain", lambda: view.pain_table(res, t)), hide_index=True, width="stretch")

measures = derived(kept, ("measures", t.lang), lambda: view.measures_shown(res, t))
if measures is not None:
    st.subheader(t("blueprint.measures_title"))
    st.caption(t("blueprint.measures_intro"))
    st.dataframe(shown("measures_shown", lambda: measures), hide_index=True, width="stretch")

# ---------------------------------------------------------------- export
st.subheader(t("blueprint.export_title"))
st.radio(t("blueprint.export_image_format"), view.IMAGE_FORMAT.options, format_func=str.upper, horizontal=True,
         key=view.IMAGE_FORMAT.key)
st.caption(t("blueprint.export_image_note"))
exports = st.columns(2)
exports[0].download_button(
    t("blueprint.export_html"),
    data=lambda: standalone_html(figure, t("nav.blueprint"), chart_config).encode("utf-8"),
    file_name=t("blueprint.file_html"), mime="text/html", key="blueprint.download_html",
    on_click="ignore")    # built on click: ui.upload.DEFERRED_NOTE
exports[1].download_button(
    t("blueprint.export_xlsx"), data=lambda: xlsx_bytes(view.workbook_sheets(res, t)), file_name=t("blueprint.file_xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="blueprint.download_xlsx",
    on_click="ignore")

if res.case == view.WORKSPACE:
    upload_section()

# ---------------------------------------------------------------- case study (sample only)
if ws.is_sample and (res.case == view.CALLCENTRE or res.from_sample):
    with st.expander(t("blueprint.case_study_title")):
        st.caption(t("blueprint.note_callcentre" if res.case == view.CALLCENTRE else "blueprint.note_seed000"))
