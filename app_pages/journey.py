"""Customer journey map: INS, NPS and CES per phase against targets, pain points, verbatim."""
import datetime as dt
import math
from functools import partial

import pandas as pd
import streamlit as st

from core import journey as jr
from core import verbatim as vb
from core.export import xlsx_bytes
from core.figures import journey as fj
from core.text import escape_markdown
from core.workspace import SAMPLE
from ui.state import remember_table, remembered, remembered_table, translator, workspace
from ui.upload import upload_box

t = translator()
ws = workspace()
S = ws.settings


def _param(key, value):
    """A message parameter for the user's language: phase names translated, numbers formatted,
    lists joined, user text escaped (messages render Markdown)."""
    if isinstance(value, list):
        return ", ".join(_param(key, v) for v in value)
    if isinstance(value, float):
        return t.num(value, 1)
    if isinstance(value, str) and key in ("phase", "phases", "suggestion"):
        return escape_markdown(fj.phase_label(value, t))
    return escape_markdown(value) if isinstance(value, str) else value


def show_issue(issue, prefix="journey.err."):
    params = {k: _param(k, v) for k, v in issue.params.items()}
    (st.warning if issue.severity == "warning" else st.info)(t(prefix + issue.key, **params))


def show_error(err):
    params = {k: _param(k, v) for k, v in err.params.items()}
    st.error(t(f"journey.err.{err.key}", **params))


def export_frame(df):
    """Column headers of an exported table in the user's language."""
    return df.rename(columns={c: t(f"journey.xcol.{c}") for c in df.columns if t.has(f"journey.xcol.{c}")})


def p_text(p):
    return t.num(p, 4) if p >= 1e-4 else "< " + t.num(0.0001, 4)


def num_or_dash(v, decimals=0):
    return t.num(v, decimals) if v == v else "–"


st.title(t("journey.title"))
st.markdown(t("journey.intro"))
with st.expander(t("journey.definitions_title")):
    st.markdown(t("journey.definitions"))
upload_box("journey_map")
upload_box("journey_responses")

raw_map, raw_resp = ws.get("journey_map"), ws.get("journey_responses")
if raw_map is None and raw_resp is None:
    st.info(t("journey.no_data"))
    st.stop()

# ---------------------------------------------------------------- data
jm, clean = None, None
if raw_map is not None:
    try:
        jm, map_issues = jr.parse_journey_map(raw_map)
        for issue in map_issues:
            show_issue(issue)
    except jr.JourneyDataError as err:
        show_error(err)
phases = jm["phase"].tolist() if jm is not None else list(jr.SEED_PHASES)
if raw_resp is not None:
    try:
        clean, resp_issues = jr.clean_responses(raw_resp, phases)
        for issue in resp_issues:
            show_issue(issue)
        if clean.empty:
            st.warning(t("journey.err.no_usable_responses"))
            clean = None
    except jr.JourneyDataError as err:
        show_error(err)
if jm is None and clean is None:
    st.stop()
if jm is None:  # responses only: phases in the order of the seed / of appearance
    used = [p for p in phases if (clean["phase"].astype(object) == p).any()]
    jm = pd.DataFrame({"phase": used, "order": range(1, len(used) + 1), "customer_process": "",
                       "true_moment": False, "pain_moment": False, "customer_voice": "",
                       "ins": math.nan, "nps": math.nan, "ces": math.nan, "ins_kind": "mean"})
    phases = used

if ws.source("journey_responses") == SAMPLE and clean is not None:
    st.info(t("journey.synthetic_note"))
if ws.source("journey_map") == SAMPLE:
    check = jr.seed_consistency(jm)
    with st.expander(t("journey.seed_issues_title"), expanded=True):
        st.markdown(t("journey.seed_issues", mean_nps=t.num(check["mean_phase_nps"], 1),
                      stated=t.num(check["stated_nps"], 0), ces=t.num(check["ces_value"], 0)))

# ---------------------------------------------------------------- targets and source
sources = (["table"] if raw_map is not None and not jm["nps"].isna().all() else []) + \
          (["responses"] if clean is not None else [])
source = st.radio(t("journey.source"), sources, horizontal=True,
                  key=remembered("journey.source", sources[0] if sources else None, lambda v: v in sources),
                  format_func=lambda s: t(f"journey.source_{s}"))
st.markdown(f"**{t('journey.targets_title')}** — {t('journey.targets_help')}")
c1, c2, c3, c4 = st.columns(4)
targets = jr.Targets(
    nps_min=c1.number_input(t("journey.target_nps"), -100.0, 100.0, float(S.get("journey.nps_min", 85.0)), 1.0,
                            key="journey.nps_min"),
    ins_pct_min=c2.number_input(t("journey.target_ins_pct"), 0.0, 100.0, float(S.get("journey.ins_pct_min", 85.0)),
                                1.0, key="journey.ins_pct_min"),
    ces_pct_max=c3.number_input(t("journey.target_ces"), 0.0, 100.0, float(S.get("journey.ces_pct_max", 40.0)), 1.0,
                                key="journey.ces_pct_max"),
    ins_mean_min=c4.number_input(t("journey.target_ins_mean"), 1.0, 5.0, float(S.get("journey.ins_mean_min", 4.25)),
                                 0.05, key="journey.ins_mean_min", help=t("journey.target_ins_mean_help")),
)
S.update({"journey.nps_min": targets.nps_min, "journey.ins_pct_min": targets.ins_pct_min,
          "journey.ces_pct_max": targets.ces_pct_max, "journey.ins_mean_min": targets.ins_mean_min})
marked = st.multiselect(t("journey.marked"), phases, format_func=lambda p: fj.phase_label(p, t),
                        key=remembered("journey.marked", jm.loc[jm["pain_moment"], "phase"].tolist(),
                                       lambda v: isinstance(v, list) and all(p in phases for p in v)),
                        help=t("journey.marked_help"))

map_area, detail_area, verbatim_area, trend_area, export_area = (st.container() for _ in range(5))
ind = jr.map_indicators(jm) if source == "table" else jr.phase_indicators(clean, phases)
pains = jr.pain_points(ind, targets, marked)

dictionary = vb.DEFAULT_CAUSES
with verbatim_area, st.expander(t("journey.dictionary_title")):
    st.caption(t("journey.dictionary_help"))
    default_table = vb.dictionary_to_table()
    edited = st.data_editor(
        remembered_table("journey.dictionary", default_table).rename(
            columns={"cause": t("journey.col.cause"), "keywords": t("journey.col.keywords")}),
        num_rows="dynamic", hide_index=True, key="journey.dictionary", width="stretch")
    remember_table("journey.dictionary", default_table, edited)
    dictionary = vb.dictionary_from_table(edited.set_axis(["cause", "keywords"], axis=1))
causes = vb.classify_comments(clean, dictionary) if clean is not None else None

map_phases = jm.copy()
if source == "responses" and causes is not None and len(causes):
    voice = []
    for p in map_phases["phase"]:
        cp = causes[(causes["phase"].astype(object) == p) & (causes["cause"] != vb.OTHER)]
        top = cp["cause"].value_counts().head(3)
        voice.append([f"{fj.cause_label(c, t)} ({n})" for c, n in top.items()])
    map_phases["customer_voice"] = voice

# ---------------------------------------------------------------- the map
with map_area:
    pain_names = pains.loc[pains["pain"], "phase"].tolist()
    st.subheader(t("journey.map_title"))
    st.markdown(t("journey.pain_summary", count=len(pain_names), total=len(pains),
                  phases=escape_markdown(", ".join(fj.phase_label(p, t) for p in pain_names)) or "–"))
    map_slot = st.container()

    clicked_state = st.session_state.get("journey.map")
    try:
        points = clicked_state["selection"]["points"] if clicked_state else []
    except (KeyError, TypeError):
        points = []
    clicked = points[0].get("customdata") if points else None
    if isinstance(clicked, list):
        clicked = clicked[0] if clicked else None
    if clicked in phases and clicked != st.session_state.get("journey._last_click"):
        st.session_state["journey._last_click"] = clicked
        st.session_state["journey.phase"] = clicked

    labels_tbl = {"phase": t("journey.col.phase"), "nps": t("journey.col.nps"), "ins": t("journey.col.ins"),
                  "ces": t("journey.col.ces"), "missed": t("journey.col.missed"), "marked": t("journey.col.marked"),
                  "pain": t("journey.col.pain")}
    pain_table = pd.DataFrame({
        labels_tbl["phase"]: [fj.phase_label(p, t) for p in pains["phase"]],
        labels_tbl["nps"]: [f"{fj._fmt_ind(r, 'nps', t)} {fj.STATUS_MARK[s]}".strip()
                            for (_, r), s in zip(ind.iterrows(), pains["nps_status"])],
        labels_tbl["ins"]: [f"{fj._fmt_ind(r, 'ins', t)} {fj.STATUS_MARK[s]}".strip()
                            for (_, r), s in zip(ind.iterrows(), pains["ins_status"])],
        labels_tbl["ces"]: [f"{fj._fmt_ind(r, 'ces', t)} {fj.STATUS_MARK[s]}".strip()
                            for (_, r), s in zip(ind.iterrows(), pains["ces_status"])],
        labels_tbl["missed"]: [", ".join(t(f"journey.ind.{m}") for m in ms) for ms in pains["missed"]],
        labels_tbl["marked"]: pains["marked"].tolist(),
        labels_tbl["pain"]: pains["pain"].tolist(),
    })
    st.dataframe(pain_table, hide_index=True, width="stretch")
    st.caption(t("journey.map_caption"))

with detail_area:
    st.subheader(t("journey.detail_title"))
    phase = st.selectbox(t("journey.detail_phase"), phases, key="journey.phase",
                         format_func=lambda p: fj.phase_label(p, t), help=t("journey.detail_help"))
    fig = fj.journey_map_figure(map_phases, ind, pains, targets, t, selected=phase)
    with map_slot:
        st.plotly_chart(fig, key="journey.map", on_select="rerun", selection_mode="points",
                        config={"displaylogo": False,
                                "toImageButtonOptions": {"format": "png", "filename": "journey_map", "scale": 2}})

    row = ind.set_index("phase").loc[phase]
    m1, m2, m3 = st.columns(3)
    if source == "responses":
        m1.metric(t("journey.ind.nps"), num_or_dash(row["nps"], 1),
                  help=t("journey.metric_nps_help", moe=num_or_dash(row["nps_moe"], 1), n=t.int(row["n_nps"]),
                         p=t.pct(row["promoters"], 0) if row["n_nps"] else "–",
                         d=t.pct(row["detractors"], 0) if row["n_nps"] else "–"))
        m2.metric(t("journey.ind.ins"), t.pct(row["ins_pct"] / 100, 1) if row["n_ins"] else "–",
                  help=t("journey.metric_ins_help", moe=num_or_dash(row["ins_moe"], 1), mean=num_or_dash(row["ins_mean"], 2),
                         n=t.int(row["n_ins"])))
        m3.metric(t("journey.ind.ces"), t.pct(row["ces_pct"] / 100, 1) if row["n_ces"] else "–",
                  help=t("journey.metric_ces_help", moe=num_or_dash(row["ces_moe"], 1), mean=num_or_dash(row["ces_mean"], 2),
                         n=t.int(row["n_ces"])))
        st.markdown(t("journey.detail_meaning", n=t.int(row["n"]), nps=num_or_dash(row["nps"], 1),
                      moe=num_or_dash(row["nps_moe"], 1)))
    else:
        m1.metric(t("journey.ind.nps"), num_or_dash(row["nps"], 0))
        m2.metric(t("journey.ind.ins"), fj._fmt_ind(row, "ins", t))
        m3.metric(t("journey.ind.ces"), fj._fmt_ind(row, "ces", t))
        st.caption(t("journey.detail_table_note"))

    if clean is not None:
        st.caption(t("journey.detail_from_responses",
                     n=t.int(int((clean["phase"].astype(object) == phase).sum()))))
        dcols = st.columns(3)
        for col, name in zip(dcols, ("recommend", "satisfaction", "effort")):
            col.plotly_chart(fj.distribution_figure(jr.score_distribution(clean, name, phase), name, t),
                             key=f"journey.dist.{name}")
        pc = causes[causes["phase"].astype(object) == phase] if causes is not None else None
        if pc is not None and len(pc):
            pc = pc.assign(date=pc["date"].dt.strftime("%Y-%m-%d"))
            comments = (pc.groupby(["comment", "date", "segment", "channel", "recommend"], dropna=False, sort=False)["cause"]
                        .agg(lambda s: ", ".join(fj.cause_label(c, t) for c in s)).reset_index())
            comments = comments.rename(columns={"comment": t("journey.col.comment"), "date": t("journey.col.date"),
                                                "segment": t("journey.col.segment"), "channel": t("journey.col.channel"),
                                                "recommend": t("journey.col.recommend"), "cause": t("journey.col.cause")})
            st.markdown(t("journey.comments_title", n=t.int(len(comments))))
            st.dataframe(comments, hide_index=True, width="stretch")  # text cells, never rendered as HTML
        else:
            st.caption(t("journey.no_comments"))
    elif jm is not None:
        voice = jr.split_items(jm.set_index("phase").loc[phase, "customer_voice"])
        st.markdown(t("journey.voice_title"))
        st.dataframe(pd.DataFrame({t("journey.col.comment"): voice,
                                   t("journey.col.cause"): [", ".join(fj.cause_label(c, t) for c in vb.classify(v, dictionary))
                                                            for v in voice]}), hide_index=True)

# ---------------------------------------------------------------- verbatim: top 5 causes
with verbatim_area:
    pareto = None
    if causes is not None and len(causes):
        st.subheader(t("journey.pareto_title"))
        only_unhappy = st.checkbox(t("journey.pareto_unhappy"), key=remembered("journey.pareto_unhappy", True))
        pool = causes[causes["recommend"] <= 8] if only_unhappy and "recommend" in causes else causes
        pareto = vb.pareto(pool, top=5, include_other=False)
        n_other = int((pool["cause"] == vb.OTHER).sum())
        if len(pareto):
            st.plotly_chart(fj.pareto_figure(pareto, t), key="journey.pareto")
            st.markdown(t("journey.pareto_meaning", top=escape_markdown(fj.cause_label(pareto["cause"].iloc[0], t)),
                          share=t.pct(pareto["share"].iloc[0], 0), cum=t.pct(pareto["cumulative"].iloc[-1], 0),
                          n=t.int(len(pool) - n_other), other=t.int(n_other)))
        else:
            st.caption(t("journey.no_comments"))

# ---------------------------------------------------------------- trends and before/after
monthly = None
with trend_area:
    if clean is not None and clean["date"].notna().any():
        st.subheader(t("journey.trend_title"))
        tc1, tc2 = st.columns(2)
        which = tc1.selectbox(t("journey.trend_indicator"), ["nps", "ins_pct", "ces_pct"],
                              key=remembered("journey.trend_ind", "nps", lambda v: v in ("nps", "ins_pct", "ces_pct")),
                              format_func=lambda k: t(f"journey.trend.{k}"))
        split_by = tc2.selectbox(t("journey.trend_by"), ["none", "segment", "channel"],
                                 key=remembered("journey.trend_by", "none", lambda v: v in ("none", "segment", "channel")),
                                 format_func=lambda k: t(f"journey.by_{k}"))
        by = None if split_by == "none" else split_by
        monthly = jr.monthly_indicators(clean, by)
        target = {"nps": targets.nps_min, "ins_pct": targets.ins_pct_min, "ces_pct": targets.ces_pct_max}[which]
        st.plotly_chart(fj.trend_figure(monthly, which, target, t, by=by), key="journey.trend")
        st.caption(t("journey.trend_caption"))

        st.markdown(f"**{t('journey.compare_title')}**")
        dated = clean["date"].dropna()
        months = sorted(dated.dt.to_period("M").unique())
        default_split = months[len(months) // 2].to_timestamp().date() if len(months) > 1 else dated.median().date()
        cc1, cc2 = st.columns(2)
        split = cc1.date_input(t("journey.compare_split"), min_value=dated.min().date(), max_value=dated.max().date(),
                               key=remembered("journey.split", default_split,
                                              lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime)
                                              and dated.min().date() <= v <= dated.max().date()))
        cphase = cc2.selectbox(t("journey.compare_phase"), ["__all__"] + phases,
                               key=remembered("journey.compare_phase", "__all__", lambda v: v == "__all__" or v in phases),
                               format_func=lambda p: t("journey.all_phases") if p == "__all__" else fj.phase_label(p, t))
        subset = clean if cphase == "__all__" else clean[clean["phase"].astype(object) == cphase]
        before, after = jr.split_periods(subset, split)
        try:
            cmp = jr.compare_nps(before["recommend"], after["recommend"])
            k1, k2, k3 = st.columns(3)
            k1.metric(t("journey.compare_before"), t.num(cmp.before.nps, 1),
                      help=t("journey.n_moe", n=t.int(cmp.before.n), moe=t.num(cmp.before.moe, 1)))
            k2.metric(t("journey.compare_after"), t.num(cmp.after.nps, 1),
                      help=t("journey.n_moe", n=t.int(cmp.after.n), moe=t.num(cmp.after.moe, 1)))
            k3.metric(t("journey.compare_diff"), t.num(cmp.diff, 1), help=t("journey.compare_diff_help"))
            key = "journey.compare_sig" if cmp.p_value < 0.05 else "journey.compare_nosig"
            st.markdown(t(key, diff=t.num(cmp.diff, 1), low=t.num(cmp.ci_low, 1), high=t.num(cmp.ci_high, 1),
                          p=p_text(cmp.p_value), z=t.num(cmp.z, 2), n1=t.int(cmp.before.n), n2=t.int(cmp.after.n)))
        except jr.JourneyDataError as err:
            show_error(err)

        if clean["segment"].str.len().gt(0).any():
            st.markdown(f"**{t('journey.segments_title')}**")
            seg = jr.group_indicators(clean, "segment")
            st.dataframe(pd.DataFrame({
                t("journey.col.segment"): seg["segment"],
                t("journey.col.n"): seg["n"],
                t("journey.col.nps"): [f"{t.num(v, 1)} ± {t.num(m, 1)}" for v, m in zip(seg["nps"], seg["nps_moe"])],
                t("journey.col.ins"): [t.pct(v / 100, 1) for v in seg["ins_pct"]],
                t("journey.col.ces"): [t.pct(v / 100, 1) for v in seg["ces_pct"]],
            }), hide_index=True)
    elif clean is not None:
        st.caption(t("journey.no_dates"))

# ---------------------------------------------------------------- overall and export
with export_area:
    if clean is not None:
        o = jr.overall_indicators(clean)
        st.markdown(t("journey.overall", n=t.int(o["n"]), nps=t.num(o["nps"], 1), moe=t.num(o["nps_moe"], 1),
                      ins=t.pct(o["ins_pct"] / 100, 1), ins_mean=t.num(o["ins_mean"], 2),
                      ces=t.pct(o["ces_pct"] / 100, 1)))

    st.subheader(t("journey.export_title"))
    st.caption(t("journey.export_help"))
    tables = {t("journey.sheet.map"): pain_table}
    export_ind = ind.copy()
    export_ind["phase"] = [fj.phase_label(p, t) for p in export_ind["phase"]]
    tables[t("journey.sheet.indicators")] = export_frame(export_ind)
    if causes is not None and len(causes):
        tables[t("journey.sheet.comments")] = export_frame(causes.assign(
            phase=[fj.phase_label(p, t) for p in causes["phase"].astype(object)],
            cause=[fj.cause_label(c, t) for c in causes["cause"]],
            date=causes["date"].dt.strftime("%Y-%m-%d")))
    if pareto is not None and len(pareto):
        tables[t("journey.sheet.pareto")] = export_frame(
            pareto.assign(cause=[fj.cause_label(c, t) for c in pareto["cause"]]))
    if monthly is not None and len(monthly):
        tables[t("journey.sheet.monthly")] = export_frame(monthly.assign(month=monthly["month"].dt.strftime("%Y-%m")))
    e1, e2 = st.columns(2)
    e1.download_button(t("journey.export_xlsx"), xlsx_bytes(tables), file_name="journey_map.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="journey.xlsx")
    # the HTML inlines plotly.js (~4 MB): built only when the button is clicked
    html_tables = {k: v for k, v in tables.items() if k != t("journey.sheet.comments")}
    e2.download_button(t("journey.export_html"),
                       partial(lambda f, tb, tr, n: fj.report_html(f, tb, tr, n).encode("utf-8"),
                               fig, html_tables, t, [t("journey.export_note")]),
                       file_name="journey_map.html", mime="text/html", key="journey.html")
