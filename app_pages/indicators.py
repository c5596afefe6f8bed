"""CRM indicators: NPS/INS/CES and the clinic indicators against targets, over time, by segment."""
import math

import pandas as pd
import streamlit as st

from core import indicators as ci
from core import journey as jr
from core.export import xlsx_bytes
from core.figures import journey as fj
from core.text import escape_markdown
from ui.state import remember_table, remembered, remembered_table, translator, workspace
from ui.upload import upload_box

t = translator()
ws = workspace()
S = ws.settings


def label(name: str) -> str:
    key = f"indicators.name.{name}"
    return t(key) if t.has(key) else str(name)


def period_label(p: str) -> str:
    key = f"indicators.period.{str(p).lower()}"
    return t(key) if t.has(key) else str(p)


def unit_label(u: str) -> str:
    key = f"indicators.unit.{u}"
    return t(key) if t.has(key) else str(u)


def show_error(err):
    params = {k: escape_markdown(v) if isinstance(v, str) else v for k, v in err.params.items()}
    st.error(t(f"indicators.err.{err.key}", **params))


st.title(t("indicators.title"))
st.markdown(t("indicators.intro"))
upload_box("indicators")

raw = ws.get("indicators")
data = None
if raw is None:
    st.info(t("indicators.no_data"))
else:
    try:
        data = ci.normalise(raw)
    except ci.IndicatorDataError as err:
        show_error(err)

status = None
if data is not None and len(data):
    # ------------------------------------------------------------ targets
    st.subheader(t("indicators.targets_title"))
    st.caption(t("indicators.targets_help"))
    names = [n for n in dict.fromkeys(data["indicator"]) if n != ci.SHARE]
    last = ci.latest(data)
    cols = st.columns(min(len(names), 4) or 1)
    edited = {}
    for i, name in enumerate(names):
        tgt = last.loc[last["indicator"] == name, "target"].dropna()
        default = S.get(f"indicators.target.{name}", float(tgt.iloc[-1]) if len(tgt) else None)
        direction = last.loc[last["indicator"] == name, "direction"].iloc[-1]
        value = cols[i % len(cols)].number_input(
            t("indicators.target_input", name=label(name), op="≥" if direction == "min" else "≤"),
            value=default, step=1.0, key=f"indicators.target.{name}")
        S[f"indicators.target.{name}"] = value
        if value is not None:
            edited[name] = value
    data = ci.apply_targets(data, edited)

    # ------------------------------------------------------------ status
    status = ci.status_table(ci.latest(data))
    met = int((status["status"] == "met").sum())
    judged = int(status["status"].isin(["met", "missed"]).sum())
    st.subheader(t("indicators.status_title"))
    st.markdown(t("indicators.status_summary", met=met, judged=judged, total=len(status)))
    marks = {"met": "✓ " + t("indicators.status.met"), "missed": "✗ " + t("indicators.status.missed"),
             "no_target": t("indicators.status.no_target"), "no_data": t("indicators.status.no_data")}
    shown = pd.DataFrame({
        t("indicators.col.indicator"): [label(n) for n in status["indicator"]],
        t("indicators.col.segment"): [t("indicators.all_segments") if s == ci.ALL else s for s in status["segment"]],
        t("indicators.col.period"): [period_label(p) for p in status["period"]],
        t("indicators.col.value"): status["value"],
        t("indicators.col.target"): [("≥ " if d == "min" else "≤ ") + t.num(v, 1) if v == v else "–"
                                     for v, d in zip(status["target"], status["direction"])],
        t("indicators.col.unit"): [unit_label(u) for u in status["unit"]],
        t("indicators.col.status"): [marks[s] for s in status["status"]],
        t("indicators.col.gap"): status["gap"],
    })
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(t("indicators.status_caption"))
    overall_rows = status[status["segment"] == ci.ALL].reset_index(drop=True)
    if len(overall_rows):
        st.plotly_chart(fj.indicator_status_figure(overall_rows, [label(n) for n in overall_rows["indicator"]], t),
                        key="indicators.status_fig")

    # ------------------------------------------------------------ over time
    multi = [n for n in names if data.loc[data["indicator"] == n, "period"].nunique() > 1]
    st.subheader(t("indicators.time_title"))
    if multi:
        which = st.selectbox(t("indicators.time_indicator"), multi, format_func=label,
                             key=remembered("indicators.time_ind", multi[0], lambda v: v in multi))
        d = data[(data["indicator"] == which) & (data["segment"] == ci.ALL)]
        order = ci.period_order(d["period"])
        d = d.assign(_o=d["period"].map({p: i for i, p in enumerate(order)})).sort_values("_o")
        d = d.assign(period_label=[period_label(p) for p in d["period"]])
        tgt = d["target"].dropna()
        st.plotly_chart(fj.period_figure(d, float(tgt.iloc[-1]) if len(tgt) else math.nan, t), key="indicators.periods")
        ch = ci.period_change(data, which)
        if ch is not None:
            st.markdown(t("indicators.change", name=label(which), before=t.num(ch.before, 1), after=t.num(ch.after, 1),
                          p1=escape_markdown(period_label(ch.period_before)),
                          p2=escape_markdown(period_label(ch.period_after)),
                          change=t.num(ch.change, 1), rel=t.pct(ch.relative, 0)))
        if which == "nps":
            st.caption(t("indicators.nps_no_test"))
    else:
        st.caption(t("indicators.no_periods"))

    # ------------------------------------------------------------ scenarios by segment
    scen = ci.scenario_table(data)
    if len(scen):
        st.subheader(t("indicators.segments_title"))
        st.caption(t("indicators.segments_help"))
        edited_scen = st.data_editor(
            remembered_table("indicators.scenarios", scen).rename(
                columns={"segment": t("indicators.col.segment"), "share": t("indicators.col.share"),
                         "value": t("indicators.col.satisfaction")}),
            num_rows="dynamic", hide_index=True, key="indicators.scenarios", width="stretch")
        remember_table("indicators.scenarios", scen, edited_scen)
        try:
            w = ci.segment_weighted(edited_scen.set_axis(["segment", "share", "value"], axis=1))
            st.metric(t("indicators.weighted"), t.pct(w.overall / 100, 2),
                      help=t("indicators.weighted_help"))
            st.markdown(t("indicators.weighted_meaning", value=t.pct(w.overall / 100, 2)))
            if w.rescaled:
                st.warning(t("indicators.shares_rescaled", total=t.num(w.share_total, 1)))
            st.plotly_chart(fj.segment_figure(w.table, w.overall, t), key="indicators.segments_fig")
        except (ci.IndicatorDataError, ValueError) as err:
            if isinstance(err, ci.IndicatorDataError):
                show_error(err)
            else:
                st.error(t("indicators.err.not_a_number_cell"))
    st.info(t("indicators.seed_notes"))

# ---------------------------------------------------------------- journey survey KPIs
resp = ws.get("journey_responses")
journey_status = None
if resp is not None:
    st.subheader(t("indicators.journey_title"))
    try:
        phases = None
        if ws.get("journey_map") is not None:
            phases = jr.parse_journey_map(ws.get("journey_map"))[0]["phase"]
        clean, _issues = jr.clean_responses(resp, phases)
    except jr.JourneyDataError:
        clean = None
        st.warning(t("indicators.journey_unusable"))
    if clean is not None and len(clean):
        targets = jr.Targets(nps_min=float(S.get("journey.nps_min", 85.0)),
                             ins_pct_min=float(S.get("journey.ins_pct_min", 85.0)),
                             ces_pct_max=float(S.get("journey.ces_pct_max", 40.0)))
        o = jr.overall_indicators(clean)
        journey_status = ci.status_table(ci.normalise(ci.journey_kpi_rows(o, targets)))
        k1, k2, k3 = st.columns(3)
        for col, (_, r), moe, n in zip((k1, k2, k3), journey_status.iterrows(),
                                       (o["nps_moe"], o["ins_moe"], o["ces_moe"]), (o["n_nps"], o["n_ins"], o["n_ces"])):
            col.metric(label(r["indicator"]), t.num(r["value"], 1) + ("" if r["unit"] == "points" else " %"),
                       delta=(("✓ " if r["status"] == "met" else "✗ ") +
                              t("indicators.vs_target", op="≥" if r["direction"] == "min" else "≤",
                                target=t.num(r["target"], 0))),
                       delta_color="green" if r["status"] == "met" else "red", delta_arrow="off",
                       help=t("indicators.kpi_help", n=t.int(n), moe=t.num(moe, 1)))
        st.caption(t("indicators.journey_caption"))
        if clean["date"].notna().any():
            tabs = st.tabs([t("journey.trend.nps"), t("journey.trend.ins_pct"), t("journey.trend.ces_pct")])
            by_seg = st.checkbox(t("indicators.by_segment"), key=remembered("indicators.by_segment", False))
            monthly = jr.monthly_indicators(clean, "segment" if by_seg else None)
            for tab, key, target in zip(tabs, ("nps", "ins_pct", "ces_pct"),
                                        (targets.nps_min, targets.ins_pct_min, targets.ces_pct_max)):
                tab.plotly_chart(fj.trend_figure(monthly, key, target, t, by="segment" if by_seg else None),
                                 key=f"indicators.trend.{key}")
        seg = jr.group_indicators(clean, "segment") if clean["segment"].str.len().gt(0).any() else None
        if seg is not None and len(seg):
            st.markdown(f"**{t('indicators.journey_segments')}**")
            st.dataframe(pd.DataFrame({
                t("indicators.col.segment"): seg["segment"], t("indicators.col.n"): seg["n"],
                label("nps"): [f"{t.num(v, 1)} ± {t.num(m, 1)}" for v, m in zip(seg["nps"], seg["nps_moe"])],
                label("ins"): [t.pct(v / 100, 1) for v in seg["ins_pct"]],
                label("ces"): [t.pct(v / 100, 1) for v in seg["ces_pct"]],
            }), hide_index=True)

# ---------------------------------------------------------------- export
if status is not None or journey_status is not None:
    sheets = {}
    def export_frame(df):
        out = df.assign(indicator=[label(n) for n in df["indicator"]])
        return out.rename(columns={c: t(f"indicators.col.{c}") for c in out.columns if t.has(f"indicators.col.{c}")})

    if status is not None:
        sheets[t("indicators.sheet.status")] = export_frame(status)
    if journey_status is not None:
        sheets[t("indicators.sheet.journey")] = export_frame(journey_status)
    st.download_button(t("indicators.export_xlsx"), xlsx_bytes(sheets), file_name="crm_indicators.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="indicators.xlsx")
