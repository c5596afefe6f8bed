"""SERVQUAL: gaps by dimension and item, reliability, significance, priorities.

Thin page: widgets -> core.views.servqual.compute(ws) -> render. Every number, rule and sentence
comes from the view model; this module lays out widgets and shows the result.
"""
import streamlit as st

from core.export import csv_bytes, download_name, xlsx_bytes
from core.i18n import display_table
from core.figures import servqual as figures
from core.text import escape_markdown
from core.views import servqual as view
from ui.provenance import data_line, setting_origin
from ui.state import remembered, remembered_setting, translator, workspace
from ui.upload import upload_box
from ui.charts import show_chart
from ui.views import derived, view_result
from ui.layout import row

t = translator()
ws = workspace()

SCALE = view.SPECS["servqual.scale"]
SEGMENT = view.SPECS["servqual.segment"]

st.title(t("servqual.title"))
# The widgets' current values go into the workspace before the view is computed.
scale_key = remembered_setting(SCALE)
segment_key = remembered(SEGMENT.key, None, SEGMENT.valid)
result = view_result(view, ws)
data_line(result.sources)

# Sections are built when opened (on_change="rerun" gives each its .open), not on every rerun.
with st.expander(t("servqual.upload_title"), expanded=not result.has_data, key="servqual.open_upload",
                 on_change="rerun") as upload_section:
    st.markdown(t("servqual.intro"))
    if upload_section.open:
        upload_box("servqual")
        upload_box("servqual_mapping")
        upload_box("servqual_design")

if not result.has_data:
    st.info(t("servqual.no_data"))
    st.stop()

with st.container(border=True):
    st.markdown(f"**{t('servqual.controls')}**")
    left, right = st.columns(2)
    left.selectbox(t("servqual.scale_label"), SCALE.options, key=scale_key, help=t("servqual.scale_help"),
                   format_func=lambda v: t("servqual.scale_auto") if v == view.AUTO else t("servqual.scale_n", n=v))
    left.caption(view.scale_caption(result, t))
    with left:
        setting_origin(SCALE.key, result.settings[SCALE.key][1], t("servqual.scale_label"))
    if st.session_state.get(segment_key) != result.segment:
        st.session_state[segment_key] = result.segment
    right.selectbox(t("servqual.segment_label"), [None, *result.segments], key=segment_key,
                    help=t("servqual.segment_help"), disabled=not result.segments,
                    format_func=lambda v: t("servqual.segment_all") if v is None else str(v))

for notice in result.notices:
    {"error": st.error, "info": st.info}.get(notice.level, st.warning)(view.notice_text(notice, t))
analysis = result.analysis
if analysis is None:
    st.stop()
if result.segment is not None:
    st.caption(t("servqual.segment_caption", segment=escape_markdown(result.segment),
                 n=t.int(analysis.n_respondents), total=t.int(result.n_total)))

# ---------------------------------------------------------------- summary and KPIs

st.subheader(t("servqual.summary_title"))
dims = analysis.dimensions
if dims is None:
    st.warning(t("servqual.no_dimensions"))
else:
    st.markdown(" ".join(view.summary_sentences(result, t)))
    kpis = row()
    for label, value, help_text in view.kpis(result, t):
        kpis.metric(label, value, help=help_text)

# ---------------------------------------------------------------- tabs

sheets = derived(result, ("tables", t.lang), lambda: view.tables(result, t))


def show(sheet: str) -> None:
    table, columns = sheets[sheet]
    st.dataframe(derived(result, ("shown", sheet, t.lang), lambda: display_table(table, t, view.formatters(columns, t))),
                 width="stretch")


def chart(name: str, build) -> None:
    """A figure of this result, built once per result and language."""
    show_chart(st, derived(result, (name, t.lang), build), width="stretch")


design = analysis.design if result.design_used else None
tabs = st.tabs([t("servqual.tab_dimensions"), t("servqual.tab_items"), t("servqual.tab_tests"),
                t("servqual.tab_priorities"), t("servqual.tab_segments"), t("servqual.tab_download")],
               key="servqual.tab", on_change="rerun")
with tabs[0]:
    if tabs[0].open:
        if dims is not None:
            chart("gap_chart", lambda: figures.gap_chart(dims, t, design, result.scale))
            st.caption(t("servqual.dimensions_explain"))
            show(t("servqual.sheet_dimensions"))
            st.markdown(f"**{t('servqual.design_title')}**")
            if design is not None:
                st.caption(t("servqual.design_explain"))
                show(t("servqual.sheet_design"))
            else:
                st.caption(t("servqual.design_none"))
        else:
            st.caption(t("servqual.no_dimensions"))
with tabs[1]:
    if tabs[1].open:
        chart("item_chart", lambda: figures.item_chart(analysis.items, t))
        st.caption(t("servqual.items_explain"))
        show(t("servqual.sheet_items"))
with tabs[2]:
    if tabs[2].open:
        if analysis.tests is not None:
            st.caption(t("servqual.tests_explain", k=len(analysis.tests), alpha=t.num(view.ALPHA, 2)))
            show(t("servqual.sheet_tests"))
        else:
            st.caption(t("servqual.no_dimensions"))
with tabs[3]:
    if tabs[3].open:
        if analysis.ipa is not None:
            chart("ipa_chart", lambda: figures.ipa_chart(analysis.ipa, analysis.ipa_crosshairs, t))
            st.caption(t("servqual.ipa_explain", n=t.int(int(analysis.ipa["n"].iloc[0]))))
            show(t("servqual.sheet_priorities"))
        else:
            st.info(t("servqual.ipa_none"))
with tabs[4]:
    if tabs[4].open:
        if len(result.by_segment):
            chart("segment_chart", lambda: figures.segment_chart(result.by_segment, t))
            st.caption(t("servqual.segments_explain"))
            show(t("servqual.sheet_segments"))
        else:
            st.info(t("servqual.segments_none"))
with tabs[5]:
    selection = t("servqual.segment_all") if result.segment is None else \
        f"{t('servqual.segment_label')}: {result.segment}"
    st.caption(t("servqual.download_explain", selection=escape_markdown(selection)))
    frames = derived(result, ("frames", t.lang), lambda: {name: table.reset_index() for name, (table, _) in sheets.items()})
    name = t("servqual.file_name")
    dims_sheet, items_sheet = t("servqual.sheet_dimensions"), t("servqual.sheet_items")
    c1, c2, c3 = st.columns(3)
    # the files are built on click (a segment move rebuilds none); on_click="ignore": ui.upload.DEFERRED_NOTE
    c1.download_button(t("servqual.download_xlsx"), lambda: xlsx_bytes(frames),
                       file_name=f"{name}.xlsx", key="servqual.download_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    if dims_sheet in frames:
        c2.download_button(t("servqual.download_csv_dimensions"), lambda: csv_bytes(frames[dims_sheet], lang=t.lang),
                           file_name=download_name("servqual_dimensions", t, "csv"), mime="text/csv",
                           key="servqual.download_dims", on_click="ignore")
    c3.download_button(t("servqual.download_csv_items"), lambda: csv_bytes(frames[items_sheet], lang=t.lang),
                       file_name=download_name("servqual_items", t, "csv"), mime="text/csv",
                       key="servqual.download_items", on_click="ignore")

# ---------------------------------------------------------------- the published study (sample only)

if result.is_sample and result.case_study is not None:
    with st.expander(t("servqual.case.title"), key="servqual.open_case", on_change="rerun") as case_section:
        if case_section.open:
            for key in result.case_study.notes:
                st.info(t(key))
            st.caption(t("servqual.case.table_caption"))
            st.dataframe(derived(result.case_study, ("shown", t.lang), lambda: display_table(
                view.display_table(result.case_study.table3, view.CASE_COLUMNS, t), t,
                view.formatters(view.CASE_COLUMNS, t))), width="stretch")
