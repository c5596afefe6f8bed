"""CRM indicators: the user's indicators against targets, over periods, by segment; the survey's NPS/INS/CES.

Widgets -> core.views.indicators.compute(ws) -> render. No formula here. Indicator names are the user's
text: escaped wherever they reach Markdown or a widget label.
"""
from itertools import cycle

import streamlit as st

from core.export import xlsx_bytes
from core.figures import journey as fj
from core.text import escape_markdown
from core.views import indicators as vi
from core.views import journey as vj
from ui.provenance import data_line
from ui.state import remember_table, remembered_table, translator, workspace
from ui.upload import showing_result, upload_box
from core.i18n import display_table
from ui.charts import show_chart
from ui.views import derived, view_result
from ui.layout import row

t = translator()
ws = workspace()
UNSET = "__unset__"


def typed_key(key):
    return f"{key}._typed"


def name(n):
    return vi.label(n, t)


def md_name(n):
    return vi.label(n, t, escape_markdown)


def show_notice(notice, labels):
    params = {k: escape_markdown(v) if isinstance(v, str) else v for k, v in notice.params.items()}
    if notice.key.startswith("journey.typed."):
        params["setting"] = labels.get(notice.params["setting_key"], "")
        params["low"], params["high"] = t.num(notice.params["low"], 0), t.num(notice.params["high"], 0)
    {"error": st.error, "warning": st.warning}.get(notice.level, st.info)(t(notice.key, **params))


def typed_targets(keys):
    """Target texts the user typed (None for a box still showing the text the page put there: the
    setting is then left as it was when the box was filled)."""
    out = {}
    for key in keys:
        text = st.session_state.get(typed_key(key))
        marker = st.session_state.get(f"{typed_key(key)}._seed")
        out[key] = text
        if text is None or marker is not None and text == marker[0]:
            out[key] = None
            if marker is not None and marker[1] == UNSET:
                ws.settings.pop(key, None)
            elif marker is not None:
                ws.settings[key] = marker[1]
    return out


def seeded(key, value, valid):
    """A widget key given the result's value when it has none, an invalid one, or the one seeded
    before while the result changed; what the setting was then is remembered (``keep_choices``)."""
    marker = st.session_state.get(f"{key}._seed")
    current = st.session_state.get(key, UNSET)
    untouched = marker is not None and current == marker[0]
    if current == UNSET or not valid(current) or untouched and current != value:
        st.session_state[key] = value
        st.session_state[f"{key}._seed"] = (value, ws.settings.get(key, UNSET))
    return key


def keep_choices(keys):
    """This run's widget values into the settings, before computing. A widget still at the value the
    page seeded leaves the setting as it was then: an untouched widget changes no input of the view,
    so the kept view model is reused (issue 16) and the setting's origin stays "default"."""
    for key in keys:
        if key not in st.session_state:
            continue
        marker = st.session_state.get(f"{key}._seed")
        if marker is not None and st.session_state[key] == marker[0]:
            if marker[1] == UNSET:
                ws.settings.pop(key, None)
            else:
                ws.settings[key] = marker[1]
        else:
            ws.settings[key] = st.session_state[key]


def target_box(col, target):
    key = vi.target_setting(target.name).key
    if typed_key(key) not in st.session_state:
        text = vi.target_text(target, t)
        st.session_state[typed_key(key)] = text
        st.session_state[f"{typed_key(key)}._seed"] = (text, ws.settings.get(key, UNSET))
    col.text_input(t("indicators.target_input", name=md_name(target.name), op="≥" if target.direction == "min" else "≤"),
                   key=typed_key(key), help=t("journey.typed_help"))


st.title(t("indicators.title"))
top = st.container()
st.markdown(t("indicators.intro"))
with st.expander(t("indicators.upload_title"), expanded=ws.get("indicators") is None or showing_result("indicators")):
    upload_box("indicators")
ws = workspace()
status_area, time_area, scenario_area, survey_area, export_area, case_area = (st.container() for _ in range(6))

# typed targets and the scenario editor feed the result: read them before computing
names, scenario_base = vi.editable_inputs(ws)
specs = vi.typed_specs(names)
typed_notices = vj.apply_typed(ws.settings, typed_targets(specs), t.lang, specs)
keep_choices(("indicators.time_ind", "indicators.by_segment"))
if scenario_base is not None:
    with scenario_area:
        st.subheader(t("indicators.segments_title"))
        st.caption(t("indicators.segments_help"))
        edited = st.data_editor(
            remembered_table("indicators.scenarios", scenario_base).rename(
                columns={"segment": t("indicators.col.segment"), "share": t("indicators.col.share"),
                         "value": t("indicators.col.satisfaction")}),
            num_rows="dynamic", hide_index=True, key="indicators.scenarios", width="stretch",
            # numbers in the browser's locale ("72,5" in a Spanish browser), one decimal
            column_config={t("indicators.col.share"): st.column_config.NumberColumn(format="localized", step=0.1),
                           t("indicators.col.satisfaction"): st.column_config.NumberColumn(format="localized", step=0.1)})
        remember_table("indicators.scenarios", scenario_base, edited)
result = view_result(vi, ws)
labels = {vi.target_setting(n).key: md_name(n) for n in result.names}

with top:
    data_line(result.sources)
    for notice in (*typed_notices, *result.notices):
        show_notice(notice, labels)
    if not result.has_data:
        st.info(t("indicators.no_data"))

# ---------------------------------------------------------------- status against targets
if result.status is not None:
    with status_area:
        st.subheader(t("indicators.status_title"))
        # tables, figures and files are built once per result and language (derived), not on every rerun
        st.markdown(derived(result, ("status_summary", t.lang), lambda: vi.status_summary(result, t)))
        st.dataframe(derived(result, ("status_table", t.lang), lambda: display_table(vi.status_table(result, t), t)),
                     hide_index=True, width="stretch")
        st.caption(t("indicators.status_caption"))
        overall = derived(result, "overall",
                          lambda: result.status[result.status["segment"] == "all"].reset_index(drop=True))
        if len(overall):
            show_chart(st, derived(result, ("status_fig", t.lang), lambda: fj.indicator_status_figure(
                overall, [name(n) for n in overall["indicator"]], t)), key="indicators.status_fig")
        st.markdown(f"**{t('indicators.targets_title')}** — {t('indicators.targets_help')}")
        for col, target in zip(cycle(st.columns(4)), result.targets):
            target_box(col, target)

# ---------------------------------------------------------------- over periods
if result.status is not None:
    with time_area:
        st.subheader(t("indicators.time_title"))
        if result.multi:
            st.selectbox(t("indicators.time_indicator"), result.multi, format_func=name,
                         key=seeded("indicators.time_ind", result.time_indicator, lambda v: v in result.multi))
            show_chart(st, derived(result, ("periods", t.lang), lambda: fj.period_figure(
                result.periods.assign(period_label=[vi.period_label(p, t) for p in result.periods["period"]]),
                result.period_target, t)), key="indicators.periods")
            text = derived(result, ("change_text", t.lang), lambda: vi.change_text(result, t, escape_markdown))
            if text:
                st.markdown(text)
            if result.time_indicator == "nps":
                st.caption(t("indicators.nps_no_test"))
        else:
            st.caption(t("indicators.no_periods"))

# ---------------------------------------------------------------- scenarios by segment
if result.weighted is not None:
    with scenario_area:
        w = result.weighted
        st.metric(t("indicators.weighted"), vi.weighted_value(result, t), help=t("indicators.weighted_help"))
        st.markdown(t("indicators.weighted_meaning", value=vi.weighted_value(result, t)))
        if w.rescaled:
            st.warning(t("indicators.shares_rescaled", total=t.num(w.share_total, 1)))
        show_chart(st, derived(result, ("segments_fig", t.lang), lambda: fj.segment_figure(w.table, w.overall, t)),
                   key="indicators.segments_fig")

# ---------------------------------------------------------------- journey survey KPIs
with survey_area:
    if result.survey_unusable:
        st.subheader(t("indicators.journey_title"))
        st.warning(t("indicators.journey_unusable"))
    sv = result.survey
    if sv is not None:
        st.subheader(t("indicators.journey_title"))
        survey_row = row()
        for m in vi.survey_metrics(result, t, escape_markdown):
            survey_row.metric(m["label"], m["value"], delta=m["delta"], delta_color=m["color"],
                              delta_arrow="off", help=m["help"])
        st.caption(t("indicators.journey_caption"))
        if sv.monthly is not None:
            trend_targets = vi.survey_trend_targets(result)
            # only the open tab's chart is drawn (on_change="rerun" gives each tab its .open)
            tabs = st.tabs([t("journey.trend.nps"), t("journey.trend.ins_pct"), t("journey.trend.ces_pct")],
                           key="indicators.trend_tab", on_change="rerun")
            st.checkbox(t("indicators.by_segment"),
                        key=seeded("indicators.by_segment", sv.by_segment, lambda v: isinstance(v, bool)))
            for tab, key in zip(tabs, ("nps", "ins_pct", "ces_pct")):
                if tab.open:
                    show_chart(tab, derived(result, (f"trend.{key}", t.lang), lambda k=key: fj.trend_figure(
                        sv.monthly, k, trend_targets[k], t, by="segment" if sv.by_segment else None)),
                        key=f"indicators.trend.{key}")
        segments = derived(result, ("survey_segments", t.lang), lambda: vi.survey_segments(result, t))
        if segments is not None:
            st.markdown(f"**{t('indicators.journey_segments')}**")
            st.dataframe(derived(result, ("survey_segments_shown", t.lang), lambda: display_table(segments, t)),
                         hide_index=True)

# ---------------------------------------------------------------- export
sheets = derived(result, ("export_sheets", t.lang), lambda: vi.export_sheets(result, t))
if sheets:
    with export_area:
        st.download_button(t("indicators.export_xlsx"), lambda: xlsx_bytes(sheets),    # built on click
                           file_name=t("indicators.export_file"),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="indicators.xlsx", on_click="ignore")    # ui.upload.DEFERRED_NOTE

# ---------------------------------------------------------------- the sample's case study
if ws.is_sample and result.case_study:
    with case_area, st.expander(t("indicators.case.title")):
        st.markdown(t("indicators.seed_notes"))
        if result.survey is not None and ws.source("journey_responses") == "sample":
            st.markdown(t("indicators.case.synthetic"))
        st.markdown(t("indicators.case.table6"))
