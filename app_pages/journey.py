"""Customer journey map: the user's phases with NPS, INS and CES against targets, pain points, verbatim.

Widgets -> core.views.journey.compute(ws) -> render. No formula here: every number comes from the result.
"""
from functools import partial

import streamlit as st

from core.export import xlsx_bytes
from core.figures import journey as fj
from core.text import escape_markdown
from core import verbatim as vb
from core.views import journey as vj
from ui.provenance import data_line, setting_origin
from ui.state import remember_table, remembered_table, translator, workspace
from ui.upload import showing_result, upload_box
from core.i18n import display_table
from ui.charts import show_chart
from ui.views import derived, view_result
from ui.layout import row

t = translator()
ws = workspace()
S = ws.settings
TARGET_LABELS = {"journey.nps_min": "journey.target_nps", "journey.ins_pct_min": "journey.target_ins_pct",
                 "journey.ces_pct_max": "journey.target_ces", "journey.ins_mean_min": "journey.target_ins_mean"}
WIDGETS = ("journey.source", "journey.marked", "journey.phase", "journey.split", "journey.compare_phase",
           "journey.trend_ind", "journey.trend_by", "journey.pareto_unhappy")
UNSET = "__unset__"  # a plain value: the script (and an object() sentinel) is re-created every run


def seed_marker(key):
    return f"{key}._seed"


def typed_key(key):
    return f"{key}._typed"


def sync_widgets():
    """This run's widget values into the workspace settings, before computing. A widget still at
    the value the page seeded it with (a default, a value derived from the data or a stored one)
    leaves the setting as it was when seeded, so its origin is kept."""
    for key in WIDGETS:
        if key in st.session_state:
            store(key, st.session_state[key], st.session_state.get(seed_marker(key)))


def store(key, value, marker):
    if marker is not None and value == marker[0]:
        if marker[1] is UNSET:
            S.pop(key, None)
        else:
            S[key] = marker[1]
    else:
        S[key] = value


def seed(key, value, valid, setting=None):
    """Give a widget the result's value (before drawing it) when it has none, one no longer valid,
    or the one seeded before while the result changed; remember what the setting was then."""
    marker = st.session_state.get(seed_marker(key))
    current = st.session_state.get(key, UNSET)
    untouched = marker is not None and current == marker[0]
    if current is UNSET or not valid(current) or untouched and current != value:
        st.session_state[key] = value
        st.session_state[seed_marker(key)] = (value, S.get(setting or key, UNSET))


def typed_targets():
    """The target texts the user typed (None for a box still showing its seeded text)."""
    texts = {}
    for key in TARGET_LABELS:
        text = st.session_state.get(typed_key(key))
        marker = st.session_state.get(seed_marker(typed_key(key)))
        if text is None or marker is not None and text == marker[0]:
            texts[key] = None
            if marker is not None:
                store(key, text, (text, marker[1]))
        else:
            texts[key] = text
    return texts


def param(key, value):
    """A message parameter for the user's language: phase names translated, numbers formatted,
    lists joined, user text escaped (messages render Markdown)."""
    if isinstance(value, list):
        return ", ".join(param(key, v) for v in value)
    if isinstance(value, float):
        return t.num(value, 1)
    if isinstance(value, str) and key in ("phase", "phases", "suggestion"):
        return escape_markdown(fj.phase_label(value, t))
    return escape_markdown(value) if isinstance(value, str) else value


def show_notice(notice):
    params = {k: param(k, v) for k, v in notice.params.items()}
    if notice.key.startswith("journey.typed."):
        params["setting"] = t(TARGET_LABELS[notice.params["setting_key"]])
        params["low"], params["high"] = t.num(notice.params["low"], 0), t.num(notice.params["high"], 0)
    {"error": st.error, "warning": st.warning}.get(notice.level, st.info)(t(notice.key, **params))


def phase_name(p):
    return fj.phase_label(p, t)


def dictionary_editor():
    st.caption(t("journey.dictionary_help"))
    default_table = vb.dictionary_to_table()
    edited = st.data_editor(
        remembered_table("journey.dictionary", default_table).rename(
            columns={"cause": t("journey.col.cause"), "keywords": t("journey.col.keywords")}),
        num_rows="dynamic", hide_index=True, key="journey.dictionary", width="stretch")
    remember_table("journey.dictionary", default_table, edited)


def metrics(items):
    line = row()
    for label, value, help_text in items:
        line.metric(label, value, help=help_text)


# ---------------------------------------------------------------- uploads, then widgets -> settings
st.title(t("journey.title"))
top = st.container()
with st.expander(t("journey.upload_title"),
                 expanded=not any(ws.get(n) is not None for n in vj.DATASETS) or showing_result(*vj.DATASETS)):
    upload_box("journey_map")
    upload_box("journey_responses")
ws = workspace()  # an upload into the sample case opens a workspace of the user's own data
S = ws.settings
(phases_area, settings_area, detail_area, verbatim_area, dict_area, trend_area, export_area,
 case_area) = (st.container() for _ in range(8))

clicked_state = st.session_state.get("journey.map")
try:
    points = clicked_state["selection"]["points"] if clicked_state else []
except (KeyError, TypeError):
    points = []
clicked = points[0].get("customdata") if points else None
if isinstance(clicked, list):
    clicked = clicked[0] if clicked else None
if isinstance(clicked, str) and clicked != st.session_state.get("journey._last_click"):
    st.session_state["journey._last_click"] = clicked
    st.session_state["journey.phase"] = clicked
sync_widgets()
typed_notices = vj.apply_typed(S, typed_targets(), t.lang)
if ws.get("journey_responses") is not None:
    # drawn when opened (on_change="rerun" gives the expander its .open): an editor sends its whole
    # table at every run; her edits are kept in the workspace (remember_table) while it is closed
    with dict_area, st.expander(t("journey.dictionary_title"), key="journey.open_dictionary",
                                on_change="rerun") as dictionary_box:
        if dictionary_box.open:
            dictionary_editor()
result = view_result(vj, ws)

# ---------------------------------------------------------------- her phases first
with top:
    data_line(result.sources)
    for notice in (*typed_notices, *result.notices):
        show_notice(notice)
    if not result.has_data:
        st.info(t("journey.no_data"))
if not result.has_data:
    st.stop()

# Kept with the phases' indicators (derived): the same object while only the phase in detail, the
# trend or the before/after widgets change (core.views.journey computes those as their own stages),
# so a move rebuilds only what shows it (what the trend widgets change is in the keys below).
common = result.indicators

with phases_area:
    st.subheader(t("journey.map_title"))
    st.markdown(vj.pain_summary(result, t, escape_markdown))
    # tables, figures and files are built once per result and language (derived), not on every rerun
    st.dataframe(derived(common, ("phase_table", t.lang), lambda: display_table(vj.phase_table(result, t), t)),
                 hide_index=True, width="stretch")
    if result.phase_origin == "responses":
        st.caption(t("journey.phases_from_responses", n=t.int(len(result.phases))))
    fig = derived(common, ("map", result.detail.phase, t.lang), lambda: vj.map_figure(result, t))
    show_chart(st, fig, key="journey.map", on_select="rerun", selection_mode="points",
                    config={"displaylogo": False,
                            "toImageButtonOptions": {"format": "png", "filename": "journey_map", "scale": 2}})
    st.caption(t("journey.map_caption"))

# ---------------------------------------------------------------- targets, source, marked phases
with settings_area:
    st.markdown(f"**{t('journey.targets_title')}** — {t('journey.targets_help')}")
    for col, key in zip(st.columns(4), TARGET_LABELS):
        seed(typed_key(key), vj.typed_text(result.value(key), t.lang), lambda v: isinstance(v, str), key)
        col.text_input(t(TARGET_LABELS[key]), key=typed_key(key), help=t("journey.typed_help"))
    if len(result.available_sources) > 1:
        seed("journey.source", result.source, lambda v: v in result.available_sources)
        st.radio(t("journey.source"), result.available_sources, horizontal=True, key="journey.source",
                 format_func=lambda s: t(f"journey.source_{s}"))
        setting_origin("journey.source", result.settings["journey.source"][1], t("journey.setting.journey.source"))
    seed("journey.marked", list(result.marked), lambda v: isinstance(v, list) and all(p in result.phases for p in v))
    st.multiselect(t("journey.marked"), result.phases, format_func=phase_name, key="journey.marked",
                   help=t("journey.marked_help"))
    setting_origin("journey.marked", result.settings["journey.marked"][1], t("journey.setting.journey.marked"))

# ---------------------------------------------------------------- one phase in detail
with detail_area:
    detail = result.detail
    st.subheader(t("journey.detail_title"))
    seed("journey.phase", detail.phase, lambda v: v in result.phases)
    st.selectbox(t("journey.detail_phase"), result.phases, key="journey.phase", format_func=phase_name,
                 help=t("journey.detail_help"))
    metrics(vj.detail_metrics(detail, t))
    st.markdown(vj.detail_text(detail, t))
    if detail.distributions:
        st.caption(t("journey.detail_from_responses", n=t.int(detail.n_responses)))
        for col, (name, dist) in zip(st.columns(3), detail.distributions.items()):
            show_chart(col, derived(result, ("dist", name, t.lang),
                                    lambda d=dist, n=name: fj.distribution_figure(d, n, t)), key=f"journey.dist.{name}")
        comments = derived(result, ("comments", t.lang), lambda: vj.comments_table(detail, t))
        if comments is None:
            st.caption(t("journey.no_comments"))
        else:
            st.markdown(t("journey.comments_title", n=t.int(len(comments))))
            st.dataframe(derived(result, ("comments_shown", t.lang), lambda: display_table(comments, t)),
                         hide_index=True, width="stretch")  # text cells, never rendered as HTML
    elif detail.voice:
        st.markdown(t("journey.voice_title"))
        st.dataframe(derived(result, ("voice", t.lang), lambda: display_table(vj.voice_table(detail, t), t)),
                     hide_index=True)

# ---------------------------------------------------------------- verbatim: top 5 causes
with verbatim_area:
    if result.causes is not None and len(result.causes):
        st.subheader(t("journey.pareto_title"))
        seed("journey.pareto_unhappy", result.value("journey.pareto_unhappy"), lambda v: isinstance(v, bool))
        st.checkbox(t("journey.pareto_unhappy"), key="journey.pareto_unhappy")
        text = derived(common, ("pareto_text", t.lang), lambda: vj.pareto_text(result, t, escape_markdown))
        if text is None:
            st.caption(t("journey.no_comments"))
        else:
            show_chart(st, derived(common, ("pareto", t.lang), lambda: fj.pareto_figure(result.pareto, t)),
                       key="journey.pareto")
            st.markdown(text)

# ---------------------------------------------------------------- trends and before/after
with trend_area:
    cmp = result.comparison
    if result.monthly is not None:
        st.subheader(t("journey.trend_title"))
        tc1, tc2 = st.columns(2)
        seed("journey.trend_ind", result.trend_indicator, lambda v: v in vj.TREND_INDICATORS)
        tc1.selectbox(t("journey.trend_indicator"), vj.TREND_INDICATORS, key="journey.trend_ind",
                      format_func=lambda k: t(f"journey.trend.{k}"))
        seed("journey.trend_by", result.value("journey.trend_by"), lambda v: v in vj.TREND_BY)
        tc2.selectbox(t("journey.trend_by"), vj.TREND_BY, key="journey.trend_by", format_func=lambda k: t(f"journey.by_{k}"))
        show_chart(st, derived(common, ("trend", result.trend_indicator, result.trend_by, t.lang), lambda: fj.trend_figure(
            result.monthly, result.trend_indicator, result.trend_target, t, by=result.trend_by)), key="journey.trend")
        st.caption(t("journey.trend_caption"))
    if cmp is not None:
        st.markdown(f"**{t('journey.compare_title')}**")
        cc1, cc2 = st.columns(2)
        seed("journey.split", cmp.split, lambda v: vj.SPECS["journey.split"].valid(v) and cmp.low <= v <= cmp.high)
        cc1.date_input(t("journey.compare_split"), min_value=cmp.low, max_value=cmp.high, key="journey.split",
                       format="DD/MM/YYYY" if t.lang == "es" else "YYYY-MM-DD")
        seed("journey.compare_phase", cmp.phase, lambda v: v == vj.ALL_PHASES or v in result.phases)
        cc2.selectbox(t("journey.compare_phase"), (vj.ALL_PHASES, *result.phases), key="journey.compare_phase",
                      format_func=lambda p: t("journey.all_phases") if p == vj.ALL_PHASES else phase_name(p))
        setting_origin("journey.split", cmp.split_origin, t("journey.compare_split"))
        if cmp.result is None:
            show_notice(cmp.notice)
        else:
            metrics(vj.comparison_metrics(cmp, t))
            st.markdown(vj.comparison_text(cmp, t))
    elif result.overall is not None:
        st.caption(t("journey.no_dates"))
    segments = derived(common, ("segments", t.lang), lambda: vj.segment_table(result, t))
    if segments is not None:
        st.markdown(f"**{t('journey.segments_title')}**")
        st.dataframe(derived(common, ("segments_shown", t.lang), lambda: display_table(segments, t)), hide_index=True)

# ---------------------------------------------------------------- overall and export
with export_area:
    overall = vj.overall_text(result, t)
    if overall:
        st.markdown(overall)
    st.subheader(t("journey.export_title"))
    st.caption(t("journey.export_help"))
    tables = derived(common, ("export_tables", result.trend_by, t.lang), lambda: vj.export_tables(result, t))
    e1, e2 = st.columns(2)
    e1.download_button(t("journey.export_xlsx"), lambda: xlsx_bytes(tables),    # built on click
                       file_name=t("journey.export_file_xlsx"),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="journey.xlsx",
                       on_click="ignore")    # ui.upload.DEFERRED_NOTE
    # the HTML inlines plotly.js (~4 MB): built only when the button is clicked
    html_tables = {k: v for k, v in tables.items() if k != t("journey.sheet.comments")}
    e2.download_button(t("journey.export_html"),
                       partial(lambda f, tb, tr, n: fj.report_html(f, tb, tr, n).encode("utf-8"),
                               fig, html_tables, t, [t("journey.export_note")]),
                       file_name=t("journey.export_file_html"), mime="text/html", key="journey.html",
                       on_click="ignore")    # built on click: no rerun with it (ui.upload.DEFERRED_NOTE)
    with st.expander(t("journey.definitions_title")):
        st.markdown(t("journey.definitions"))

# ---------------------------------------------------------------- the sample's case study
if ws.is_sample:
    # built when opened (on_change="rerun" gives the expander its .open), not on every rerun
    with case_area, st.expander(t("journey.case.title"), key="journey.open_case", on_change="rerun") as case_section:
        cs = result.case_study if case_section.open else None
        if case_section.open and result.synthetic:
            st.info(t("journey.synthetic_note"))
        if cs:
            check = cs["consistency"]
            st.markdown(t("journey.seed_issues_title"))
            st.markdown(t("journey.seed_issues", mean_nps=t.num(check["mean_phase_nps"], 1),
                          stated=t.num(check["stated_nps"], 0), ces=t.num(check["ces_value"], 0)))
            table = derived(common, ("case_table", t.lang), lambda: vj.case_study_table(result, t))
            if table is not None:
                st.markdown(t("journey.case.table2"))
                st.dataframe(derived(common, ("case_shown", t.lang), lambda: display_table(table, t)), hide_index=True)
