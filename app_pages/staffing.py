"""Staffing (queueing): the week's agents from the user's traffic first, then one shift with Erlang C
and Erlang A, current vs proposed process, the simulation, and (sample case only) the thesis' case
study. Thin: widgets -> core.views.staffing.compute -> render; no formula here."""

import streamlit as st

from app_pages.staffing_simulation import keep_in_language, render_simulation_tab
from core.export import csv_bytes, download_name
from core.figures import staffing as figures
from core.text import escape_markdown
from core.typed_number import read_setting_text, typed_text
from core.views import staffing as view
from ui.provenance import data_line, setting_origin
from ui.state import translator, workspace
from ui.upload import showing_result, upload_box
from core.i18n import display_table
from ui.charts import show_chart
from ui.fragment import in_fragment_rerun, keep_status_right
from ui.layout import row
from ui.views import derived, view_result

t = translator()
ws = workspace()
SEEDS = "staffing._seeds"
SPECS = view.SPECS


def keep_widget_values() -> None:
    """Widget values go into the workspace before computing, except a value this page itself put in
    a widget (from the data or the default) that the user has not touched: it stays derived."""
    seeds = st.session_state.setdefault(SEEDS, {})
    for spec in view.SETTINGS:
        if spec.key not in st.session_state:
            continue
        value = st.session_state[spec.key]
        if value is None and spec.default is None:   # e.g. "all queues": the setting's own default
            ws.settings.pop(spec.key, None)
            continue
        moved = spec.key not in seeds or value != seeds[spec.key]
        if spec.valid(value) and (moved or spec.key in ws.settings):
            ws.settings[spec.key] = spec.clean(value)


def seeded(key: str) -> str:
    """The widget key, its value set from the view's result unless the user moved it."""
    seeds = st.session_state.setdefault(SEEDS, {})
    value = res.value(key)
    current = st.session_state.get(key)
    if key not in st.session_state or not SPECS[key].valid(current) or (current == seeds.get(key) and current != value):
        st.session_state[key] = value
    seeds[key] = st.session_state[key]
    return key


def slider(container, key: str, label: str, step=None, fmt=None, help=None):
    spec = SPECS[key]
    return container.slider(label, spec.min, spec.max, step=step, format=fmt, help=help, key=seeded(key))


def details(problems) -> str:
    parts = []
    for base, column, rows in problems:
        text = t(f"staffing.data.{base}", column=escape_markdown(column))
        if rows:
            shown = f"{', '.join(t.int(r) for r in rows[:5])}{' …' if len(rows) > 5 else ''}"
            text = t("staffing.data.rows", problem=text, rows=shown)
        parts.append(text)
    return "; ".join(parts)


def show_notice(n) -> None:
    params = {}
    for name, value in n.params.items():
        if name == "problems":
            params["details"] = details(value)
        elif name == "reason":
            params["reason"] = t(f"staffing.reason.{value}")
        elif name == "field":
            params["field"] = escape_markdown(value)
        elif isinstance(value, int):
            params[name] = t.int(value)
        elif isinstance(value, float):
            params[name] = t.num(value, 0)
        else:
            params[name] = value
    getattr(st, n.level)(t(n.key, **params))


COST = SPECS["staffing.cost_per_agent_hour"]
COST_BOX = "staffing.cost_per_agent_hour._typed"


def apply_typed_cost():
    """The cost typed in its box (text, read in the page's language: "12.500" is twelve thousand
    five hundred in Spanish) into the workspace, before computing; the message when it cannot be
    used (the previous value is kept). A box still showing the value this page put in it is not read."""
    if COST_BOX not in st.session_state:
        return None
    keep_in_language(COST_BOX, t.lang, thousands=True)
    text = st.session_state[COST_BOX]
    if text == st.session_state.setdefault(SEEDS, {}).get(COST_BOX):
        return None
    value, reason = read_setting_text(COST, text, t.lang, thousands=True)
    if reason is None:
        ws.settings[COST.key] = value
        return None
    return t(f"staffing.typed.{reason}", text=escape_markdown(str(text)), max=typed_text(COST.max, t.lang, True))


def cost_box(container) -> None:
    """The cost's text box: the value in use, as written in the page's language, unless the user typed
    something else; her problem under it."""
    seeds = st.session_state.setdefault(SEEDS, {})
    shown = typed_text(res.value(COST.key), t.lang, thousands=True)
    if COST_BOX not in st.session_state or (st.session_state[COST_BOX] == seeds.get(COST_BOX) != shown):
        st.session_state[COST_BOX] = shown
    seeds[COST_BOX] = st.session_state[COST_BOX] if cost_problem is None else seeds.get(COST_BOX)
    container.text_input(t("staffing.options.cost"), key=COST_BOX, help=t("staffing.options.cost_help"))
    if cost_problem is not None:
        container.error(cost_problem)


def origin(key: str, label: str) -> None:
    setting_origin(key, res.origin(key), label)


keep_widget_values()
cost_problem = apply_typed_cost()
res = view_result(view, ws)

st.title(t("staffing.title"))
data_line(res.sources)
notices_shown = res.notices
for notice in notices_shown:
    show_notice(notice)

# ----------------------------------------------------------------------------- goal and options
g = st.columns(3)
target_sl = slider(g[0], "staffing.sl_target", t("staffing.target_sl"), 0.01, "percent", t("staffing.target_sl_help"))
threshold = slider(g[1], "staffing.threshold_s", t("staffing.threshold"), 5.0, "%.0f s", t("staffing.threshold_help"))
sl_def = g[2].radio(t("staffing.sl_def_label"), SPECS["staffing.sl_definition"].options,
                    format_func=lambda d: t(f"staffing.sl_def.{d}"), help=t("staffing.sl_def_help"),
                    key=seeded("staffing.sl_definition"))
origin("staffing.sl_target", t("staffing.target_sl"))
origin("staffing.threshold_s", t("staffing.threshold"))
with st.expander(t("staffing.options.title")):
    o = st.columns(4)
    slider(o[0], "staffing.shrinkage", t("staffing.options.shrinkage"), 0.01, "percent",
           t("staffing.options.shrinkage_help"))
    slider(o[1], "staffing.max_occupancy", t("staffing.options.max_occupancy"), 0.01, "percent",
           t("staffing.options.max_occupancy_help"))
    slider(o[2], "staffing.target_asa_s", t("staffing.options.asa_target"), 5.0, "%.0f s",
           t("staffing.options.asa_target_help"))
    cost_box(o[3])

# ----------------------------------------------------------------------------- the week (her data first)
st.header(t("staffing.week.title"))
week = res.week
if week is not None:
    w = row()
    w.metric(t("staffing.week.peak"), t.int(week.peak_agents), help=t("staffing.week.peak_help"))
    w.metric(t("staffing.week.interval"), t("staffing.unit_min", v=t.int(week.minutes)))
    w.metric(t("staffing.week.aht"), t("staffing.unit_s", v=t.num(week.aht_s, 0)))
    w.metric(t("staffing.week.weeks"), t.int(week.weeks), help=t("staffing.week.weeks_help"))
    w.metric(t("staffing.week.hours"), t.num(week.scheduled_hours, 0),
                help=t("staffing.week.hours_help", shrink=t.pct(res.value("staffing.shrinkage"), 0)))
    st.caption(t(f"staffing.week.aht_origin.{'data' if week.aht_origin == 'data' else 'setting'}",
                 aht=t.num(week.aht_s, 0)))
    if week.aht_origin != "data":
        slider(st, "staffing.aht_s", t("staffing.week.aht_setting"), 1.0, "%.0f s")
        origin("staffing.aht_s", t("staffing.week.aht_setting"))
    if week.queues:
        options = [None, *week.queues]
        if res.value("staffing.queue") not in options:
            st.session_state.pop("staffing.queue", None)
        st.selectbox(t("staffing.week.queue"), options, key=seeded("staffing.queue"),
                     format_func=lambda q: t("staffing.week.all_queues") if q is None else q)
    st.markdown(t("staffing.week.summary", peak=t.int(week.peak_agents), day=t(f"staffing.weekday.{week.peak_weekday}"),
                  time=week.peak_time, sl=t.pct(target_sl, 0), t=t.int(threshold), minutes=t.int(week.minutes)))
    if any(src.is_sample and src.dataset == "traffic" for src in res.sources):
        st.info(t("staffing.week.sample_note"))
    # figures, tables and files of the week plan are kept with it (derived): the shift sliders do not rebuild them
    show_chart(st, derived(week, ("heatmap", t.lang), lambda: figures.requirements_heatmap(week.week, t)),
               key="staffing.fig.heatmap")
    st.caption(t("staffing.week.caption", sl=t.pct(target_sl, 0), t=t.int(threshold)))
    # the week plan is built when opened (on_change="rerun" gives the expander its .open)
    with st.expander(t("staffing.week.table"), key="staffing.open_week", on_change="rerun") as week_section:
        if week_section.open:
            table = derived(week, ("week_table", t.lang), lambda: figures.week_table(week.week, t))
            st.dataframe(derived(week, ("week_shown", t.lang), lambda: display_table(table, t)), hide_index=True)
            st.download_button(t("staffing.week.download"), lambda: csv_bytes(table, lang=t.lang),  # on click
                               file_name=download_name("staffing_week", t, "csv"), mime="text/csv",
                               key="staffing.week.download", on_click="ignore")    # ui.upload.DEFERRED_NOTE
elif not any(n.level == "error" for n in res.notices):
    st.info(t("staffing.week.no_data"))
if res.patience is not None:
    p = res.patience
    st.caption(t("staffing.week.patience", mean=t.num(p.mean_patience, 0), low=t.num(p.ci_low, 0),
                 high=t.num(p.ci_high, 0), naive=t.num(p.naive_mean, 0), n=t.int(p.n_abandoned), calls=t.int(p.n_calls)))
elif res.patience_problems:
    st.warning(t("staffing.week.cdr_bad", details=details(res.patience_problems)))
with st.expander(t("staffing.week.upload"), expanded=week is None or showing_result("traffic", "cdr")):
    st.markdown(t("staffing.week.intro"))
    upload_box("traffic")
    upload_box("cdr")

# ----------------------------------------------------------------------------- simulation (issue 10)
@st.fragment
def simulation_section(t, ws, shift_defaults: dict) -> None:
    """The simulation's own widgets feed nothing else on the page: a change to one of them reruns
    this section alone (st.fragment), not the staffing view above it."""
    render_simulation_tab(t, ws, shift_defaults, header=False)


# ----------------------------------------------------------------------------- one shift to the simulation
@st.fragment
def shift_sections() -> None:
    """One shift, its current vs proposed process and the simulation: their widgets feed nothing
    drawn above them, so a move of one reruns these sections alone (st.fragment), not the goal,
    the week plan and the sidebar (issue 16). In a full run they are drawn like the rest."""
    global res
    if in_fragment_rerun():         # the page's own first steps, for this section's widgets
        keep_widget_values()
        res = view_result(view, ws)
        if res.notices != notices_shown:     # a message drawn above the section changed
            st.rerun(scope="app")
    # ----------------------------------------------------------------------------- one shift
    st.header(t("staffing.calc.title"))
    shift = st.radio(t("staffing.shift_label"), view.SHIFTS, format_func=lambda s: t(f"staffing.shift.{s}"),
                     horizontal=True, key=seeded("staffing.shift"), help=t("staffing.shift_help"))
    k = f"staffing.{shift}."
    c = st.columns(2)
    slider(c[0], k + "rate", t("staffing.rate"), 0.1, "localized", t("staffing.rate_help"))
    slider(c[0], k + "agents", t("staffing.agents"), 1, None, t("staffing.agents_help"))
    slider(c[1], k + "aht", t("staffing.aht"), 1.0, "%.0f s", t("staffing.aht_help"))
    slider(c[1], k + "patience", t("staffing.patience"), 5.0, "%.0f s", t("staffing.patience_help"))
    for name, label in (("rate", "staffing.rate"), ("agents", "staffing.agents"), ("aht", "staffing.aht"),
                        ("patience", "staffing.patience")):
        origin(f"{k}{name}", t(label))

    one = res.one
    if one is not None:
        st.markdown(t("staffing.traffic_line", traffic=t.num(one.traffic, 2), rate=t.num(one.rate, 1),
                      aht=t.num(one.aht, 0), agents=t.int(one.agents)))
        st.subheader(t("staffing.kpi_c.title"))
        if one.unstable is not None:
            u, a = one.unstable, one.erlang_a
            st.error(t("staffing.unstable", traffic=t.num(u["traffic"], 2), agents=t.int(u["agents"]),
                       min_agents=t.int(u["min_agents"])))
            st.markdown(t("staffing.unstable_instead", p_ab=t.pct(a.p_abandon), patience=t.num(one.patience, 0),
                          asa_all=t.num(a.asa_all, 0), occ=t.pct(a.occupancy)))
        else:
            r = one.erlang_c
            m = row()
            m.metric(t("staffing.kpi.sl"), t.pct(r.service_level), help=t("staffing.kpi.sl_help"))
            m.metric(t("staffing.kpi.asa"), t("staffing.unit_s", v=t.num(r.asa, 1)), help=t("staffing.kpi.asa_help"))
            m.metric(t("staffing.kpi.p_wait"), t.pct(r.p_wait), help=t("staffing.kpi.p_wait_help"))
            m.metric(t("staffing.kpi.occupancy"), t.pct(r.occupancy), help=t("staffing.kpi.occupancy_help"))
            m.metric(t("staffing.kpi.lq"), t.num(r.lq, 2), help=t("staffing.kpi.lq_help"))
            st.caption(t("staffing.kpi_c.assumptions"))
        a = one.erlang_a
        st.subheader(t("staffing.kpi_a.title"))
        m = row()
        m.metric(t("staffing.kpi.abandon"), t.pct(a.p_abandon, 2), help=t("staffing.kpi.abandon_help"))
        m.metric(t("staffing.kpi.sl_a"), t.pct(a.service_level), help=t("staffing.kpi.sl_a_help"))
        m.metric(t("staffing.kpi.asa_a"), t("staffing.unit_s", v=t.num(a.asa, 1)), help=t("staffing.kpi.asa_a_help"))
        m.metric(t("staffing.kpi.occupancy_a"), t.pct(a.occupancy), help=t("staffing.kpi.occupancy_a_help"))
        st.caption(t(f"staffing.sl_def_caption.{sl_def}", t=t.int(threshold)))
        st.caption(t("staffing.kpi_a.assumptions", patience=t.num(one.patience, 0)))
        plan = one.plan
        m = row()
        m.metric(t("staffing.plan.on_phone"), t.int(plan.agents_on_phone), help=t("staffing.plan.on_phone_help"))
        m.metric(t("staffing.plan.scheduled"), t.int(plan.agents_scheduled), help=t("staffing.plan.scheduled_help"))
        m.metric(t("staffing.plan.sl"), t.pct(plan.result.service_level), help=t("staffing.kpi.sl_help"))
        m.metric(t("staffing.plan.cost"), "–" if plan.cost is None else t.num(plan.cost, 0),
                    help=t("staffing.plan.cost_help", hours=t.int(view.HOURS_PER_SHIFT)))
        st.caption(t("staffing.plan.summary", n=t.int(plan.agents_on_phone), sl=t.pct(target_sl, 0), t=t.int(threshold),
                     current=t.int(one.agents), sched=t.int(plan.agents_scheduled),
                     shrink=t.pct(res.value("staffing.shrinkage"), 0)))
        show_chart(st, derived(res, ("sweep", t.lang), lambda: figures.sl_vs_agents(one.sweep, target_sl, one.agents, t)),
                   key="staffing.fig.sweep")
        st.caption(t("staffing.fig.sweep_caption"))
    with st.expander(t("staffing.defs.title")):
        st.markdown(t("staffing.defs.body"))

    # ----------------------------------------------------------------------------- current vs proposed
    st.header(t("staffing.compare.title"))
    st.markdown(t("staffing.compare.intro", shift=t(f"staffing.shift.{shift}")))
    left, right = st.columns(2)
    left.markdown(f"**{t('staffing.compare.current')}**")
    for group in view.GROUPS_CURRENT:
        slider(left, f"{k}{group}", t(f"staffing.group.{group}"), 1)
    left.caption(t("staffing.compare.aht_current_is", aht=t.num(res.value(k + "aht"), 0)))
    right.markdown(f"**{t('staffing.compare.proposed')}**")
    slider(right, k + "merged", t("staffing.group.merged"), 1, None, t("staffing.group.merged_help"))
    slider(right, k + "follow_up_proposed", t("staffing.group.follow_up"), 1)
    slider(right, k + "aht_proposed", t("staffing.compare.aht_proposed"), 1.0, "%.0f s")
    slider(st, k + "share", t("staffing.compare.share"), 0.05, "percent", t("staffing.compare.share_help"))
    origin(k + "aht_proposed", t("staffing.compare.aht_proposed"))

    cmp = res.compare
    if cmp is not None:
        for label, line, closed in ((t("staffing.compare.current"), cmp.current, cmp.closed_current),
                                    (t("staffing.compare.proposed"), cmp.proposed, cmp.closed_proposed)):
            st.markdown(f"**{label}**")
            if line.stations:
                st.dataframe(derived(res, ("stations", label, t.lang),
                                     lambda line=line: display_table(figures.station_table(line, t), t)), hide_index=True)
            if closed:
                st.caption(t("staffing.compare.closed", groups=", ".join(t(f"staffing.station.{g}") for g in closed)))
            for s in line.stations:
                if not s.stable:
                    st.error(t("staffing.compare.station_unstable", station=t(f"staffing.station.{s.name}"),
                               traffic=t.num(s.traffic, 2), agents=t.int(s.agents), min_agents=t.int(s.min_agents)))
        m = st.columns(2)
        for i, (key, line, first, need) in enumerate((("current", cmp.current, cmp.abandon_current, cmp.required_current),
                                                      ("proposed", cmp.proposed, cmp.abandon_proposed,
                                                       cmp.required_proposed))):
            label = t(f"staffing.compare.{key}")
            wq = "–" if line.wq_total is None else t("staffing.unit_s", v=t.num(line.wq_total, 1))
            m[i].metric(t("staffing.compare.e2e", line=label), wq, help=t("staffing.compare.e2e_help"))
            m[i].metric(t("staffing.compare.abandon_front", line=label), "–" if first is None else t.pct(first.p_abandon, 2),
                        help=t("staffing.kpi.abandon_help"))
            m[i].metric(t("staffing.compare.agents_total", line=label), t.int(line.agents_total))
            m[i].metric(t("staffing.compare.required", line=label), "–" if need is None else t.int(need),
                        help=t("staffing.compare.required_help", sl=t.pct(target_sl, 0), t=t.int(threshold)))
        if cmp.same:
            st.info(t("staffing.compare.same"))
        elif cmp.current.stable and cmp.proposed.stable:
            st.markdown(t("staffing.compare.summary", current=t.num(cmp.current.wq_total, 1),
                          proposed=t.num(cmp.proposed.wq_total, 1), agents_c=t.int(cmp.current.agents_total),
                          agents_p=t.int(cmp.proposed.agents_total)))
        for sentence in view.story_sentences(res, t, sample=ws.is_sample):
            st.markdown(sentence)
        if cmp.day is not None:
            d = st.columns(2)
            for col, key in zip(d, ("current", "proposed")):
                label = t(f"staffing.compare.{key}")
                col.metric(t("staffing.compare.day_abandon", line=label), t.pct(cmp.day[key]["p_abandon"], 2))
                col.metric(t("staffing.compare.day_sl", line=label), t.pct(cmp.day[key]["sl"]))
            st.caption(t("staffing.compare.day_caption"))
        show_chart(st, derived(res, ("process", t.lang), lambda: figures.process_waits(cmp.current, cmp.proposed, t)),
                   key="staffing.fig.process")
        st.caption(t("staffing.compare.assumptions"))

    # ------------------------------------------------------------------------- simulation (issue 10)
    # opened on demand (on_change="rerun" gives the expander its .open): its twelve inputs are not
    # drawn at every move of the sliders above
    with st.expander(t("simulation.title"), key="staffing.open_simulation", on_change="rerun") as sim_box:
        if sim_box.open:
            simulation_section(t, ws, res.simulation)
    keep_status_right()


shift_sections()

# ----------------------------------------------------------------------------- case study (sample only)
if ws.is_sample and res.case is not None:
    case = res.case
    # built when opened (on_change="rerun" gives the expander its .open), not on every rerun
    with st.expander(t("staffing.case.title"), key="staffing.open_case", on_change="rerun") as case_section:
        if case_section.open:
            st.markdown(t("staffing.case.intro", **{s: t.int(case["monthly_front"][s]) for s in view.SHIFTS},
                          **{f"{s}_rate": t.num(case["rescaled"][s], 1) for s in view.SHIFTS}))
            st.markdown(f"**{t('staffing.case.table8')}**")
            st.dataframe(derived(res, ("table8", t.lang), lambda: display_table(figures.table8(case["table8"], t), t)),
                         hide_index=True)
            st.markdown(f"**{t('staffing.thesis.title')}**")
            st.markdown(t("staffing.thesis.intro"))
            st.dataframe(derived(res, ("thesis", t.lang), lambda: display_table(figures.thesis_table(case["mms"], t), t)),
                         hide_index=True)
            st.markdown(t("staffing.thesis.verdict"))
            st.markdown(f"**{t('staffing.pilot.title')}**")
            st.dataframe(derived(res, ("pilot", t.lang), lambda: display_table(figures.pilot_table(case["pilot"], t), t)),
                         hide_index=True)
            st.markdown(t("staffing.pilot.reading"))
