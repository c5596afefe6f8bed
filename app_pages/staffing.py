"""Staffing (queueing): agents per shift for a service level, what happens when a shift is
overloaded, the thesis' current vs proposed process, and the week's interval requirements."""

import pandas as pd
import streamlit as st

from core import queueing, traffic
from core.export import csv_bytes
from core.figures import staffing as figures
from core.sample import thesis_facts
from core.text import escape_markdown
from core.workspace import SAMPLE
from app_pages.staffing_simulation import render_simulation_tab
from ui.state import remembered, translator, workspace
from ui.upload import upload_box

t = translator()
ws = workspace()
facts = thesis_facts()

SHIFTS = ("morning", "afternoon", "night")
RESCALED = facts["erlang_c_recomputation_derived"]["hypothetical_rescaled_front_only_NOT_IN_THESIS"]
TABLE8 = facts["agents_min_per_franja_table8"]
AHT_CURRENT = float(facts["aht"]["current_s"])
AHT_PROPOSED = float(facts["aht"]["proposed_s"])
SLA_TARGET = float(facts["sla"]["target_fraction"])
SLA_TIME = float(facts["sla"]["answer_within_s"])
HOURS_PER_SHIFT = float(facts["shifts"]["shift_length_h"])


def data_problems(err: traffic.TrafficDataError) -> str:
    parts = []
    for code, rows in err.problems:
        base, _, column = code.partition(":")
        text = t(f"staffing.data.{base}", column=escape_markdown(column))
        if rows:
            shown = ", ".join(t.int(r + 1) for r in rows[:5]) + (" …" if len(rows) > 5 else "")
            text = t("staffing.data.rows", problem=text, rows=shown)
        parts.append(text)
    return "; ".join(parts)


def from_setting(key: str, setting: str, to_widget, default):
    """A widget key seeded (when not in st.session_state) from a setting this page stores in another
    unit (the fractions core/report.py reads; written back by the ws.settings.update below)."""
    if key not in st.session_state:
        try:
            st.session_state[key] = to_widget(ws.settings[setting]) if setting in ws.settings else default
        except (TypeError, ValueError):
            st.session_state[key] = default
    return key


def input_problem(err: queueing.QueueInputError) -> str:
    return t("staffing.bad_input", field=escape_markdown(err.field), reason=t(f"staffing.reason.{err.reason}"))


st.title(t("staffing.title"))
st.markdown(t("staffing.intro"))

# ----------------------------------------------------------------------------- patience
cdr = ws.get("cdr")
patience_est, patience_error = None, None
if cdr is not None:
    try:
        patience_est = traffic.estimate_patience(cdr)
    except traffic.TrafficDataError as err:
        patience_error = data_problems(err)
default_patience = 90 if patience_est is None else int(min(900, max(10, 5 * round(patience_est.mean_patience / 5))))

# ----------------------------------------------------------------------------- one shift
st.header(t("staffing.calc.title"))
st.caption(t("staffing.calc.assumption"))
shift = st.radio(t("staffing.shift_label"), SHIFTS, format_func=lambda s: t(f"staffing.shift.{s}"),
                 horizontal=True, key=remembered("staffing.shift", SHIFTS[0], lambda v: v in SHIFTS))
c1, c2, c3 = st.columns(3)
rate = c1.slider(t("staffing.rate"), 0.5, 500.0, step=0.1, help=t("staffing.rate_help"),
                 key=remembered(f"staffing.{shift}.rate", round(float(RESCALED[shift]["lambda_front_per_h"]), 1)))
agents = c1.slider(t("staffing.agents"), 1, 150, help=t("staffing.agents_help"),
                   key=remembered(f"staffing.{shift}.agents", int(TABLE8["front"][shift])))
aht = c2.slider(t("staffing.aht"), 30, 900, step=5, help=t("staffing.aht_help"),
                key=remembered(f"staffing.{shift}.aht", int(AHT_CURRENT)))
patience = c2.slider(t("staffing.patience"), 10, 900, step=5, help=t("staffing.patience_help"),
                     key=remembered(f"staffing.{shift}.patience", default_patience))
target_pct = c3.slider(t("staffing.target_sl"), 50, 99, help=t("staffing.target_sl_help"),
                       key=from_setting("staffing.target_sl", "staffing.sl_target", lambda v: int(round(100 * float(v))),
                                        int(round(100 * SLA_TARGET))))
threshold = c3.slider(t("staffing.threshold"), 0, 120, step=5, help=t("staffing.threshold_help"),
                      key=from_setting("staffing.threshold", "staffing.threshold_s", lambda v: int(round(float(v))),
                                       int(SLA_TIME)))
target_sl = target_pct / 100.0
if patience_est is not None:
    st.caption(t("staffing.patience_from_cdr", mean=t.num(patience_est.mean_patience, 0),
                 low=t.num(patience_est.ci_low, 0), high=t.num(patience_est.ci_high, 0),
                 n=t.int(patience_est.n_abandoned), calls=t.int(patience_est.n_calls)))

sl_def = st.radio(t("staffing.sl_def_label"), queueing.SL_DEFINITIONS, format_func=lambda d: t(f"staffing.sl_def.{d}"),
                  horizontal=True, help=t("staffing.sl_def_help"),
                  key=from_setting("staffing.sl_def", "staffing.sl_definition",
                                   lambda v: v if v in queueing.SL_DEFINITIONS else queueing.SL_DEFINITIONS[0],
                                   queueing.SL_DEFINITIONS[0]))

try:
    traffic_erl = rate * aht / 3600.0
    unstable = None
    try:
        res_c = queueing.erlang_c(rate, aht, agents, threshold)
    except queueing.UnstableQueueError as err:
        res_c, unstable = None, err
    res_a = queueing.erlang_a(rate, aht, agents, patience, threshold, sl_definition=sl_def)
except queueing.QueueInputError as err:
    st.error(input_problem(err))
    st.stop()

st.markdown(t("staffing.traffic_line", traffic=t.num(traffic_erl, 2), rate=t.num(rate, 1), aht=t.int(aht),
              agents=t.int(agents)))

st.subheader(t("staffing.kpi_c.title"))
if unstable is not None:
    st.error(t("staffing.unstable", traffic=t.num(unstable.traffic, 2), agents=t.int(unstable.agents),
               min_agents=t.int(unstable.min_agents)))
    st.markdown(t("staffing.unstable_instead", p_ab=t.pct(res_a.p_abandon), patience=t.int(patience),
                  asa_all=t.num(res_a.asa_all, 0), occ=t.pct(res_a.occupancy)))
else:
    k = st.columns(5)
    k[0].metric(t("staffing.kpi.sl"), t.pct(res_c.service_level), help=t("staffing.kpi.sl_help"))
    k[1].metric(t("staffing.kpi.asa"), t("staffing.unit_s", v=t.num(res_c.asa, 1)), help=t("staffing.kpi.asa_help"))
    k[2].metric(t("staffing.kpi.p_wait"), t.pct(res_c.p_wait), help=t("staffing.kpi.p_wait_help"))
    k[3].metric(t("staffing.kpi.occupancy"), t.pct(res_c.occupancy), help=t("staffing.kpi.occupancy_help"))
    k[4].metric(t("staffing.kpi.lq"), t.num(res_c.lq, 2), help=t("staffing.kpi.lq_help"))
    st.caption(t("staffing.kpi_c.assumptions"))

st.subheader(t("staffing.kpi_a.title"))
k = st.columns(4)
k[0].metric(t("staffing.kpi.abandon"), t.pct(res_a.p_abandon, 2), help=t("staffing.kpi.abandon_help"))
k[1].metric(t("staffing.kpi.sl_a"), t.pct(res_a.service_level), help=t("staffing.kpi.sl_a_help"))
k[2].metric(t("staffing.kpi.asa_a"), t("staffing.unit_s", v=t.num(res_a.asa, 1)), help=t("staffing.kpi.asa_a_help"))
k[3].metric(t("staffing.kpi.p_wait_a"), t.pct(res_a.p_wait), help=t("staffing.kpi.p_wait_help"))
k = st.columns(4)
k[0].metric(t("staffing.kpi.occupancy_a"), t.pct(res_a.occupancy), help=t("staffing.kpi.occupancy_a_help"))
k[1].metric(t("staffing.kpi.lq_a"), t.num(res_a.lq, 2), help=t("staffing.kpi.lq_help"))
k[2].metric(t("staffing.kpi.asa_all"), t("staffing.unit_s", v=t.num(res_a.asa_all, 1)),
            help=t("staffing.kpi.asa_all_help"))
k[3].metric(t("staffing.kpi.mtta"), t("staffing.unit_s", v=t.num(res_a.mean_time_to_abandon, 1)),
            help=t("staffing.kpi.mtta_help"))
st.caption(t(f"staffing.sl_def_caption.{sl_def}", t=t.int(threshold)))
st.caption(t("staffing.kpi_a.assumptions", patience=t.int(patience)))

# staffing options and required agents
with st.expander(t("staffing.options.title"), expanded=True):
    o = st.columns(4)
    shrinkage_pct = o[0].slider(t("staffing.options.shrinkage"), 0, 60, help=t("staffing.options.shrinkage_help"),
                                key=from_setting("staffing.shrinkage", "staffing.shrinkage",
                                                 lambda v: int(round(100 * float(v))), 30))
    max_occ_pct = o[1].slider(t("staffing.options.max_occupancy"), 50, 100,
                              help=t("staffing.options.max_occupancy_help"),
                              key=from_setting("staffing.max_occupancy", "staffing.max_occupancy",
                                               lambda v: 100 if v is None else int(round(100 * float(v))), 100))
    asa_goal = o[2].slider(t("staffing.options.asa_target"), 0, 300, step=5, help=t("staffing.options.asa_target_help"),
                           key=from_setting("staffing.asa_target", "staffing.target_asa_s",
                                            lambda v: 0 if v is None else int(round(float(v))), 0))
    cost_hour = o[3].number_input(t("staffing.options.cost"), min_value=0.0, step=1000.0,
                                  help=t("staffing.options.cost_help"),
                                  key=from_setting("staffing.cost", "staffing.cost_per_agent_hour",
                                                   lambda v: 0.0 if v is None else float(v), 0.0))
    max_occ = None if max_occ_pct >= 100 else max_occ_pct / 100.0
    target_asa = None if asa_goal == 0 else float(asa_goal)
    try:
        plan = queueing.staffing_plan(rate, aht, target_sl, threshold, max_occ, target_asa, shrinkage_pct / 100.0,
                                      HOURS_PER_SHIFT, cost_hour if cost_hour > 0 else None)
    except queueing.QueueInputError as err:
        st.error(input_problem(err))
        st.stop()
    p = st.columns(4)
    p[0].metric(t("staffing.plan.on_phone"), t.int(plan.agents_on_phone), help=t("staffing.plan.on_phone_help"))
    p[1].metric(t("staffing.plan.scheduled"), t.int(plan.agents_scheduled), help=t("staffing.plan.scheduled_help"))
    p[2].metric(t("staffing.plan.sl"), t.pct(plan.result.service_level), help=t("staffing.kpi.sl_help"))
    p[3].metric(t("staffing.plan.cost"), "–" if plan.cost is None else t.num(plan.cost, 0),
                help=t("staffing.plan.cost_help", hours=t.int(HOURS_PER_SHIFT)))
    st.caption(t("staffing.plan.summary", n=t.int(plan.agents_on_phone), sl=t.pct(target_sl, 0), t=t.int(threshold),
                 current=t.int(agents), sched=t.int(plan.agents_scheduled), shrink=t.pct(shrinkage_pct / 100, 0)))

ws.settings.update({
    "staffing.sl_target": target_sl, "staffing.threshold_s": float(threshold), "staffing.sl_definition": sl_def,
    "staffing.shrinkage": shrinkage_pct / 100.0, "staffing.max_occupancy": max_occ, "staffing.target_asa_s": target_asa,
    "staffing.cost_per_agent_hour": cost_hour if cost_hour > 0 else None,
})

lo = max(1, min(agents, plan.agents_on_phone) - 6)
hi = max(agents, plan.agents_on_phone, queueing.min_stable_agents(traffic_erl)) + 6
sweep = queueing.sweep_agents(rate, aht, range(lo, hi + 1), patience, threshold, sl_def)
st.plotly_chart(figures.sl_vs_agents(sweep, target_sl, agents, t), key="staffing.fig.sweep")
st.caption(t("staffing.fig.sweep_caption"))

with st.expander(t("staffing.defs.title")):
    st.markdown(t("staffing.defs.body"))

# ----------------------------------------------------------------------------- current vs proposed
st.header(t("staffing.compare.title"))
st.markdown(t("staffing.compare.intro", shift=t(f"staffing.shift.{shift}")))
left, right = st.columns(2)
with left:
    st.markdown(f"**{t('staffing.compare.current')}**")
    n_front = st.slider(t("staffing.group.front"), 0, 150,
                        key=remembered(f"staffing.{shift}.front", int(TABLE8["front"][shift])))
    n_coord = st.slider(t("staffing.group.coordination"), 0, 150,
                        key=remembered(f"staffing.{shift}.coordination", int(TABLE8["coordination"][shift])))
    n_follow = st.slider(t("staffing.group.follow_up"), 0, 150,
                         key=remembered(f"staffing.{shift}.follow_up", int(TABLE8["follow_up"][shift])))
    aht_cur = st.slider(t("staffing.compare.aht_current"), 30, 900, step=5,
                        key=remembered(f"staffing.{shift}.aht_current", int(AHT_CURRENT)))
with right:
    st.markdown(f"**{t('staffing.compare.proposed')}**")
    n_merged = st.slider(t("staffing.group.merged"), 0, 150, help=t("staffing.group.merged_help"),
                         key=remembered(f"staffing.{shift}.merged",
                                        int(TABLE8["front"][shift] + TABLE8["coordination"][shift])))
    n_follow_p = st.slider(t("staffing.group.follow_up"), 0, 150,
                           key=remembered(f"staffing.{shift}.follow_up_proposed", int(TABLE8["follow_up"][shift])))
    aht_prop = st.slider(t("staffing.compare.aht_proposed"), 30, 900, step=5,
                         key=remembered(f"staffing.{shift}.aht_proposed", int(AHT_PROPOSED)))
use_share = st.checkbox(t("staffing.compare.share"), key=remembered("staffing.share", False),
                        help=t("staffing.compare.share_help"))
lam_thesis = facts["arrival_rates_reported_calls_per_h"][shift]
share = lam_thesis["coordination"] / lam_thesis["front"] if use_share else 1.0


def line(spec):
    stations = [dict(name=t(f"staffing.station.{g}"), agents=n, aht=h, share=sh) for g, n, h, sh in spec if n > 0]
    closed = [t(f"staffing.station.{g}") for g, n, _, _ in spec if n == 0]
    return queueing.tandem(rate, stations, threshold), closed


current, closed_c = line([("front", n_front, aht_cur, 1.0), ("coordination", n_coord, aht_cur, share),
                          ("follow_up", n_follow, aht_cur, share)])
proposed, closed_p = line([("merged", n_merged, aht_prop, 1.0), ("follow_up", n_follow_p, aht_cur, share)])


def station_rows(result):
    rows = []
    for s in result.stations:
        r = s.result
        rows.append({
            t("staffing.col.station"): s.name, t("staffing.col.agents"): t.int(s.agents),
            t("staffing.col.rate"): t.num(s.arrival_rate, 1), t("staffing.col.traffic"): t.num(s.traffic, 2),
            t("staffing.col.occupancy"): t.pct(r.occupancy) if r else t("staffing.col.unstable"),
            t("staffing.col.p_wait"): t.pct(r.p_wait) if r else "–",
            t("staffing.col.wait"): t.num(r.wq, 1) if r else "–",
            t("staffing.col.sl"): t.pct(r.service_level) if r else "–",
            t("staffing.col.min_agents"): t.int(s.min_agents),
        })
    return pd.DataFrame(rows)


for label, result, closed in ((t("staffing.compare.current"), current, closed_c),
                              (t("staffing.compare.proposed"), proposed, closed_p)):
    st.markdown(f"**{label}**")
    if result.stations:
        st.dataframe(station_rows(result), hide_index=True)
    if closed:
        st.caption(t("staffing.compare.closed", groups=", ".join(closed)))
    for s in result.stations:
        if not s.stable:
            st.error(t("staffing.compare.station_unstable", station=s.name, traffic=t.num(s.traffic, 2),
                       agents=t.int(s.agents), min_agents=t.int(s.min_agents)))

front_a = {}
for key, n, h in (("current", n_front, aht_cur), ("proposed", n_merged, aht_prop)):
    front_a[key] = queueing.erlang_a(rate, h, n, patience, threshold, sl_definition=sl_def) if n > 0 else None
m = st.columns(2)
for i, (key, result) in enumerate((("current", current), ("proposed", proposed))):
    label = t(f"staffing.compare.{key}")
    wq = "–" if result.wq_total is None else t("staffing.unit_s", v=t.num(result.wq_total, 1))
    m[i].metric(t("staffing.compare.e2e", line=label), wq, help=t("staffing.compare.e2e_help"))
    fa = front_a[key]
    m[i].metric(t("staffing.compare.abandon_front", line=label), "–" if fa is None else t.pct(fa.p_abandon, 2),
                help=t("staffing.kpi.abandon_help"))
    m[i].metric(t("staffing.compare.agents_total", line=label), t.int(result.agents_total))
if current.stable and proposed.stable:
    st.markdown(t("staffing.compare.summary", current=t.num(current.wq_total, 1), proposed=t.num(proposed.wq_total, 1),
                  agents_c=t.int(current.agents_total), agents_p=t.int(proposed.agents_total)))
st.plotly_chart(figures.process_waits(current, proposed, t), key="staffing.fig.process")
st.caption(t("staffing.compare.assumptions"))

# pilot (Table 29) against the model
st.subheader(t("staffing.pilot.title"))
pilot_rows = []
for row in facts["pilot_results_table29"]:
    pilot_rows.append({
        t("staffing.pilot.account"): t.int(row["account"]), t("staffing.pilot.answered"): t.int(row["answered"]),
        t("staffing.pilot.abandoned"): t.int(row["abandoned"]),
        t("staffing.pilot.abandon_reported"): t.pct(row["abandon_pct_reported"] / 100),
        t("staffing.pilot.abandon_counts"): t.pct(row["abandoned"] / (row["answered"] + row["abandoned"]), 2),
        t("staffing.pilot.sl_reported"): t.pct(row["service_level_pct_reported"] / 100, 0),
    })
st.dataframe(pd.DataFrame(pilot_rows), hide_index=True)
pred, weights = [], []
for s in SHIFTS:
    r_s = float(st.session_state.get(f"staffing.{s}.rate", round(float(RESCALED[s]["lambda_front_per_h"]), 1)))
    n_s = int(st.session_state.get(f"staffing.{s}.merged", TABLE8["front"][s] + TABLE8["coordination"][s]))
    h_s = float(st.session_state.get(f"staffing.{s}.aht_proposed", AHT_PROPOSED))
    p_s = float(st.session_state.get(f"staffing.{s}.patience", default_patience))
    if n_s > 0:
        pred.append(queueing.erlang_a(r_s, h_s, n_s, p_s, threshold, sl_definition=sl_def))
        weights.append(r_s)
if pred:
    wsum = sum(weights)
    p_ab_model = sum(w * r.p_abandon for w, r in zip(weights, pred)) / wsum
    sl_model = sum(w * r.service_level for w, r in zip(weights, pred)) / wsum
    pm = st.columns(2)
    pm[0].metric(t("staffing.pilot.model_abandon"), t.pct(p_ab_model, 2), help=t("staffing.kpi.abandon_help"))
    pm[1].metric(t("staffing.pilot.model_sl"), t.pct(sl_model), help=t("staffing.kpi.sl_a_help"))
st.markdown(t("staffing.pilot.reading"))

# the thesis' own M/M/s figures
st.subheader(t("staffing.thesis.title"))
st.markdown(t("staffing.thesis.intro"))
rep = facts["reported_performance_current_mms"]
lam_sum = facts["arrival_rates_reported_calls_per_h"]
mu_sum = facts["service_rates_reported_calls_per_h"]
servers = facts["servers_used_in_formulas"]
rows = []
for s in SHIFTS:
    lam_s = lam_sum[s]["sum_equivalence_property"]
    mu_s = mu_sum[s]["sum_used_in_formulas"]
    ours = queueing.erlang_c(lam_s, 3600.0 / mu_s, servers[s])  # reading A: mu per agent
    rows.append({
        t("staffing.thesis.shift"): t(f"staffing.shift.{s}"),
        t("staffing.thesis.p0"): f"{t.pct(rep[s]['P0'], 0)} / {t.pct(ours.p0, 1)}",
        t("staffing.thesis.l"): f"{t.num(rep[s]['Ls'], 0)} / {t.num(ours.l, 2)}",
        t("staffing.thesis.lq"): f"{t.num(rep[s]['Lq'], 0)} / {t.num(ours.lq, 2)}",
        t("staffing.thesis.wq"): f"{t.num(rep[s]['Wq_min'], 2)} / {t.num(ours.wq / 60, 2)}",
        t("staffing.thesis.rho_b"): t.num(lam_s / mu_s, 2),
    })
st.dataframe(pd.DataFrame(rows), hide_index=True)
st.markdown(t("staffing.thesis.verdict"))

# ----------------------------------------------------------------------------- the week
st.header(t("staffing.week.title"))
st.markdown(t("staffing.week.intro"))
upload_box("traffic")
upload_box("cdr")
if patience_error:
    st.error(t("staffing.week.cdr_bad", details=patience_error))
elif patience_est is not None:
    st.markdown(t("staffing.week.patience", mean=t.num(patience_est.mean_patience, 0),
                  low=t.num(patience_est.ci_low, 0), high=t.num(patience_est.ci_high, 0),
                  naive=t.num(patience_est.naive_mean, 0), n=t.int(patience_est.n_abandoned),
                  calls=t.int(patience_est.n_calls)))
data = ws.get("traffic")
source = ws.source("traffic")
if data is None and cdr is not None:
    try:
        data, source = traffic.aggregate_cdr(cdr, 30), "cdr"
    except traffic.TrafficDataError as err:
        st.error(t("staffing.week.bad", details=data_problems(err)))
        data = None
if data is None:
    st.info(t("staffing.week.no_data"))
else:
    if source == SAMPLE:
        st.info(t("staffing.week.sample_note"))
    elif source == "cdr":
        st.info(t("staffing.week.from_cdr"))
    if "queue" in data.columns and data["queue"].nunique(dropna=True) > 1:
        queues = sorted(str(v) for v in data["queue"].dropna().unique())
        chosen = st.selectbox(t("staffing.week.queue"), [None, *queues],
                              key=remembered("staffing.queue", None, lambda v: v is None or v in queues),
                              format_func=lambda v: t("staffing.week.all_queues") if v is None else v)
        if chosen is not None:
            data = data[data["queue"].astype(str) == chosen]
    try:
        profile = traffic.interval_profile(data, default_aht=float(aht))
        week = traffic.week_requirements(profile, target_sl, threshold, max_occ, target_asa, shrinkage_pct / 100.0)
    except traffic.TrafficDataError as err:
        st.error(t("staffing.week.bad", details=data_problems(err)))
    except queueing.QueueInputError as err:
        st.error(input_problem(err))
    else:
        minutes = profile.attrs["minutes"]
        w = st.columns(4)
        w[0].metric(t("staffing.week.interval"), t("staffing.unit_min", v=t.int(minutes)))
        w[1].metric(t("staffing.week.weeks"), t.int(int(profile["n"].max())), help=t("staffing.week.weeks_help"))
        w[2].metric(t("staffing.week.peak"), t.int(int(week["agents"].max())), help=t("staffing.week.peak_help"))
        w[3].metric(t("staffing.week.hours"), t.num(float(week["scheduled"].sum()) * minutes / 60.0, 0),
                    help=t("staffing.week.hours_help", shrink=t.pct(shrinkage_pct / 100, 0)))
        st.plotly_chart(figures.requirements_heatmap(week, t), key="staffing.fig.heatmap")
        st.caption(t("staffing.week.caption", sl=t.pct(target_sl, 0), t=t.int(threshold)))
        table = week.assign(weekday=[t(f"staffing.weekday.{d}") for d in week["weekday"]])[
            ["weekday", "time", "n", "offered_mean", "arrival_rate", "aht_s", "traffic", "agents", "scheduled"]]
        table.columns = [t(f"staffing.week.col.{c}") for c in table.columns]
        with st.expander(t("staffing.week.table")):
            st.dataframe(table.round(2), hide_index=True)
            st.download_button(t("staffing.week.download"), csv_bytes(table), file_name="staffing_week.csv",
                               mime="text/csv", key="staffing.week.download")

# ----------------------------------------------------------------------------- simulation (issue 10)
render_simulation_tab(t, ws, dict(
    shift=shift, rate=float(rate), agents=int(agents), aht=float(aht), patience=float(patience), target_sl=target_sl,
    threshold=float(threshold), hours=HOURS_PER_SHIFT,
    current=[dict(name=s.name, agents=s.agents, aht=s.aht, share=s.share) for s in current.stations],
    proposed=[dict(name=s.name, agents=s.agents, aht=s.aht, share=s.share) for s in proposed.stations],
))
