"""Abandonment tests: did the process change really lower daily call abandonment?

Thin page: widgets -> core.abandonment (validity, groupings) -> core.stats (ANOVA, Tukey–Kramer,
Games–Howell, checks) -> core.figures.abandonment -> text from the catalog.
"""
import pandas as pd
import streamlit as st

from core import abandonment as ab
from core import stats
from core.export import xlsx_bytes
from core.figures import abandonment as figs
from core.sample import sample_table, thesis_facts
from core.text import escape_markdown
from core.workspace import SAMPLE
from ui.state import translator, workspace
from ui.upload import upload_box

t = translator()
ws = workspace()

K_GROUPING, K_ACCOUNT, K_CONF = "abandonment.grouping", "abandonment.account", "abandonment.confidence"
K_CHANGE = "abandonment.change_date"
THESIS_CONF = 93.4

st.title(t("abandonment.title"))
st.markdown(t("abandonment.intro"))
upload_box("abandonment")

raw = ws.get("abandonment")
if raw is None or len(raw) == 0:
    st.info(t("abandonment.no_data"))
    st.stop()
is_sample = ws.source("abandonment") == SAMPLE
if is_sample:
    st.caption(t("abandonment.sample_note"))


def p_text(p: float) -> str:
    """p-values: four decimals, "< 0.0001" below that."""
    if p != p:  # NaN
        return "–"
    return f"< {t.num(0.0001, 4)}" if p < 0.0001 else t.num(p, 4)


def yes_no(flag: bool) -> str:
    return t("abandonment.yes") if flag else t("abandonment.no")


# ----------------------------------------------------------------------------- data
change_date = None
needs_date = ("model" not in raw.columns or raw["model"].isna().all()) and "date" in raw.columns
if needs_date:
    dates = pd.to_datetime(raw["date"], errors="coerce").dropna()
    if len(dates):
        st.session_state.setdefault(K_CHANGE, ws.settings.get(K_CHANGE, dates.median().date()))
        change_date = st.date_input(t("abandonment.change_date"), key=K_CHANGE,
                                    min_value=dates.min().date(), max_value=dates.max().date())
        ws.settings[K_CHANGE] = change_date
try:
    prep = ab.prepare(raw, change_date=change_date)
except ValueError as error:
    code = str(error)
    st.error(t(code) if code.startswith("abandonment.") and t.has(code) else t("abandonment.no_measure"))
    st.stop()

# ----------------------------------------------------------------------------- settings
for key, default in ((K_GROUPING, "model"), (K_ACCOUNT, "__all__"), (K_CONF, THESIS_CONF)):
    if key not in st.session_state:
        st.session_state[key] = ws.settings.get(key, default)


def _set_confidence(value: float) -> None:
    st.session_state[K_CONF] = value


accounts = sorted(prep.daily["account"].unique(), key=lambda a: (len(a), a))
if st.session_state[K_ACCOUNT] not in ["__all__", *accounts]:
    st.session_state[K_ACCOUNT] = "__all__"

st.subheader(t("abandonment.settings"))
left, middle, right = st.columns([2, 2, 3])
grouping = left.selectbox(t("abandonment.grouping_label"), ab.GROUPINGS, key=K_GROUPING,
                          format_func=lambda g: t(f"abandonment.grouping.{g}"),
                          help=t("abandonment.grouping_help"))
by_account = grouping in ("account", "model_account")
account = middle.selectbox(
    t("abandonment.account"), ["__all__", *accounts], key=K_ACCOUNT, disabled=by_account,
    format_func=lambda a: t("abandonment.account_all") if a == "__all__"
    else t("abandonment.account_one", account=a))
if by_account:
    middle.caption(t("abandonment.account_fixed"))
confidence = right.slider(t("abandonment.confidence"), min_value=80.0, max_value=99.9, step=0.1,
                          key=K_CONF, help=t("abandonment.confidence_help"), format="%.1f")
b1, b2, _ = right.columns([2, 1, 2])
b1.button(t("abandonment.set_thesis"), on_click=_set_confidence, args=(THESIS_CONF,), key="abandonment.btn_thesis")
b2.button(t("abandonment.set_95"), on_click=_set_confidence, args=(95.0,), key="abandonment.btn_95")
ws.settings.update({K_GROUPING: grouping, K_ACCOUNT: account, K_CONF: confidence})

names = {"current": t("abandonment.group_name.current"), "proposed": t("abandonment.group_name.proposed"),
         "account": t("abandonment.group_name.account"), "month": t("abandonment.group_name.month")}
chosen_account = None if (by_account or account == "__all__") else account
frame = ab.analysis_frame(prep, grouping, chosen_account, names)
alpha = 1 - confidence / 100
conf_text = t.pct(confidence / 100, 1)

# ----------------------------------------------------------------------------- what was left out
if len(prep.excluded):
    st.warning(t("abandonment.excluded_summary", n=t.int(len(prep.excluded)), total=t.int(prep.n_input),
                 kept=t.int(len(prep.daily))))
    with st.expander(t("abandonment.excluded_details")):
        shown = prep.excluded.assign(reason=prep.excluded["reason"].map(lambda r: t(f"abandonment.reason.{r}")))
        shown = shown.rename(columns={c: t(f"abandonment.col.{c}") for c in shown.columns})
        st.dataframe(shown.astype(str), hide_index=True)
if len(frame.small_groups):
    groups = ", ".join(f"{escape_markdown(g)} (n = {n})" for g, n in frame.small_groups.itertuples(index=False))
    st.warning(t("abandonment.small_groups", groups=groups))

n_groups = frame.data["group"].nunique()
if n_groups == 0:
    st.error(t("abandonment.no_groups"))
    st.stop()
if n_groups == 1:
    st.warning(t("abandonment.single_group", groups=escape_markdown(frame.data["group"].iloc[0])))
    st.plotly_chart(figs.daily_box_strip(frame.data, t))
    st.plotly_chart(figs.daily_series(frame.data, t))
    st.stop()

result = stats.one_way(frame.data, "abandon_pct", "group", alpha)
method = t(f"abandonment.method.{result.method}")
other = "games_howell" if result.method == "tukey" else "tukey"

# ----------------------------------------------------------------------------- conclusion
sentences = []
contrast = ab.before_after(result, names) if grouping == "model" else None
if contrast is not None:
    common = dict(cur=t.num(contrast.mean_current, 2), pro=t.num(contrast.mean_proposed, 2),
                  n_cur=t.int(contrast.n_current), n_pro=t.int(contrast.n_proposed), conf=conf_text,
                  low=t.num(contrast.low, 2), high=t.num(contrast.high, 2), method=method, p=p_text(contrast.p))
    if contrast.drop >= 0:
        sentences.append(t("abandonment.conclusion.fell", drop=t.num(contrast.drop, 2), **common))
    else:
        sentences.append(t("abandonment.conclusion.rose", rise=t.num(-contrast.drop, 2), **common))
    sentences.append(t("abandonment.conclusion.real" if contrast.significant else "abandonment.conclusion.not_real"))
else:
    letters = "; ".join(f"{escape_markdown(g)}: {v}" for g, v in result.letters.items())
    a_p = result.anova.loc["between", "p"]
    sentences.append(t("abandonment.conclusion.groups",
                       verdict=t("abandonment.verdict.rejects" if a_p < alpha else "abandonment.verdict.not_rejects"),
                       k=n_groups, f=t.num(result.anova.loc["between", "f"], 2), p=p_text(a_p),
                       n=t.int(result.describe["n"].sum()), conf=conf_text,
                       m=int(result.pairs["reject"].sum()), pairs=len(result.pairs), method=method,
                       letters=letters))
sentences.append(t("abandonment.conclusion.equal_var" if result.equal_variances
                   else "abandonment.conclusion.unequal_var", p=p_text(result.levene.p)))
sw_rejects = int((result.shapiro["p"] < stats.ASSUMPTION_ALPHA).sum())
if sw_rejects:
    anova_says = result.anova.loc["between", "p"] < alpha
    sentences.append(t("abandonment.conclusion.normality", k=sw_rejects, n=len(result.shapiro),
                       min_n=t.int(result.describe["n"].min()), p=p_text(result.kruskal.p),
                       verdict=t("abandonment.conclusion.kw_agrees" if (result.kruskal.p < alpha) == anova_says
                                 else "abandonment.conclusion.kw_disagrees")))
else:
    sentences.append(t("abandonment.conclusion.normal_ok"))
pooled = ab.pooled_proportions(frame.data) if prep.has_counts else None
if pooled is not None and contrast is not None:
    cur, pro = names["current"], names["proposed"]
    two = stats.two_proportions(int(pooled.loc[cur, "abandoned"]), int(pooled.loc[cur, "offered"]),
                                int(pooled.loc[pro, "abandoned"]), int(pooled.loc[pro, "offered"]), 0.05)
    sentences.append(t("abandonment.conclusion.pooled", cur=t.num(100 * two.p1, 2), pro=t.num(100 * two.p2, 2),
                       diff=t.num(100 * two.diff, 2), low=t.num(100 * two.low, 2), high=t.num(100 * two.high, 2),
                       p=p_text(two.p)))
elif not prep.has_counts:
    sentences.append(t("abandonment.conclusion.days_weigh"))
if contrast is not None:
    months = ab.monthly_contrasts(prep, alpha, chosen_account)
    if len(months) > 1:
        label = names["month"]
        sig = [label.format(m) for m in months.loc[months.significant, "month"]]
        not_sig = [label.format(m) for m in months.loc[~months.significant, "month"]]
        if sig and not_sig:
            sentences.append(t("abandonment.conclusion.seasonal", months_sig=", ".join(sig),
                               months_not=", ".join(not_sig)))
        elif sig:
            sentences.append(t("abandonment.conclusion.seasonal_all"))
        else:
            sentences.append(t("abandonment.conclusion.seasonal_none"))

with st.container(border=True):
    st.subheader(t("abandonment.conclusion_title"))
    st.markdown(" ".join(sentences[:2]))
    for sentence in sentences[2:]:
        st.markdown(sentence)


# ----------------------------------------------------------------------------- tables
def pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("abandonment.col.group_a"): pairs["group1"].astype(str),
        t("abandonment.col.group_b"): pairs["group2"].astype(str),
        t("abandonment.col.diff"): [t.num(v, 3) for v in pairs["meandiff"]],
        t("abandonment.col.lower"): [t.num(v, 3) for v in pairs["lower"]],
        t("abandonment.col.upper"): [t.num(v, 3) for v in pairs["upper"]],
        t("abandonment.col.p_adj"): [p_text(v) for v in pairs["p_adj"]],
        t("abandonment.col.reject"): [yes_no(v) for v in pairs["reject"]],
    })


tabs = st.tabs([t("abandonment.tab.pairs"), t("abandonment.tab.anova"), t("abandonment.tab.days"),
                t("abandonment.tab.series")] + ([t("abandonment.tab.thesis")] if is_sample else []))

with tabs[0]:
    st.caption(t("abandonment.pairs_caption", conf=conf_text, method=method, alpha=t.num(alpha, 3)))
    st.dataframe(pairs_table(result.pairs), hide_index=True)
    reference = None
    if is_sample and grouping == "model" and chosen_account is None:
        ref = ab.THESIS_TABLE28  # printed as current − proposed; the chart shows proposed − current
        reference = {"label": t("abandonment.fig.thesis_ref", conf=t.pct(ref["confidence"], 1)),
                     "diff": -ref["drop"], "low": -ref["high"], "high": -ref["low"]}
    st.plotly_chart(figs.pairwise_chart(result.pairs, t, confidence / 100, method, reference=reference))
    with st.expander(t("abandonment.other_method", method=t(f"abandonment.method.{other}"))):
        st.dataframe(pairs_table(result.tukey if other == "tukey" else result.games_howell), hide_index=True)

with tabs[1]:
    st.markdown(f"**{t('abandonment.describe_title')}**")
    desc = result.describe
    st.dataframe(pd.DataFrame({
        t("abandonment.col.group"): desc.index.astype(str),
        t("abandonment.col.n"): [t.int(v) for v in desc["n"]],
        t("abandonment.col.mean"): [t.num(v, 3) for v in desc["mean"]],
        t("abandonment.col.mean_ci", conf=conf_text): [f"{t.num(a, 2)} – {t.num(b, 2)}"
                                                        for a, b in zip(desc["mean_low"], desc["mean_high"])],
        t("abandonment.col.sd"): [t.num(v, 3) for v in desc["sd"]],
        t("abandonment.col.median"): [t.num(v, 2) for v in desc["median"]],
        t("abandonment.col.min"): [t.num(v, 1) for v in desc["min"]],
        t("abandonment.col.max"): [t.num(v, 1) for v in desc["max"]],
        t("abandonment.col.letters"): [result.letters.get(g, "") for g in desc.index],
    }), hide_index=True)
    st.markdown(f"**{t('abandonment.anova_title')}**")
    st.caption(t("abandonment.anova_caption"))
    anova = result.anova
    st.dataframe(pd.DataFrame({
        t("abandonment.col.source"): [t(f"abandonment.source.{s}") for s in anova.index],
        t("abandonment.col.ss"): [t.num(v, 3) for v in anova["ss"]],
        t("abandonment.col.df"): [t.int(v) for v in anova["df"]],
        t("abandonment.col.ms"): [t.num(v, 3) if v == v else "" for v in anova["ms"]],
        t("abandonment.col.f"): [t.num(v, 3) if v == v else "" for v in anova["f"]],
        t("abandonment.col.p"): [p_text(v) if v == v else "" for v in anova["p"]],
    }), hide_index=True)
    st.caption(t("abandonment.effects", eta=t.num(result.effects.eta_sq, 3), omega=t.num(result.effects.omega_sq, 3),
                 eps=t.num(result.epsilon_sq, 3)))
    st.markdown(f"**{t('abandonment.checks_title')}**")
    checks = [("levene", result.levene), ("welch", result.welch), ("kruskal", result.kruskal)]
    st.dataframe(pd.DataFrame({
        t("abandonment.check_col.test"): [t(f"abandonment.check.{name}") for name, _ in checks],
        t("abandonment.check_col.statistic"): [t.num(r.statistic, 3) for _, r in checks],
        t("abandonment.check_col.df"): [t.num(r.df1, 0) if r.df2 != r.df2
                                        else f"{t.num(r.df1, 0)}; {t.num(r.df2, 0 if float(r.df2).is_integer() else 1)}"
                                        for _, r in checks],
        t("abandonment.check_col.p"): [p_text(r.p) for _, r in checks],
        t("abandonment.check_col.reading"): [t("abandonment.check.rejected" if r.p < stats.ASSUMPTION_ALPHA
                                               else "abandonment.check.not_rejected") for _, r in checks],
    }), hide_index=True)
    st.markdown(f"**{t('abandonment.shapiro_title')}**")
    st.caption(t("abandonment.shapiro_caption"))
    sw = result.shapiro
    st.dataframe(pd.DataFrame({
        t("abandonment.col.group"): sw.index.astype(str),
        t("abandonment.col.n"): [t.int(v) for v in sw["n"]],
        t("abandonment.col.w"): [t.num(v, 4) for v in sw["w"]],
        t("abandonment.col.p"): [p_text(v) for v in sw["p"]],
    }), hide_index=True)
    if pooled is not None:
        st.markdown(f"**{t('abandonment.pooled_title')}**")
        st.caption(t("abandonment.pooled_caption"))
        st.dataframe(pd.DataFrame({
            t("abandonment.col.group"): pooled.index.astype(str),
            t("abandonment.col.n"): [t.int(v) for v in pooled["days"]],
            t("abandonment.col.offered"): [t.int(v) for v in pooled["offered"]],
            t("abandonment.col.abandoned"): [t.int(v) for v in pooled["abandoned"]],
            t("abandonment.col.pooled_pct"): [t.num(v, 2) for v in pooled["pooled_pct"]],
            t("abandonment.col.pooled_ci"): [f"{t.num(a, 2)} – {t.num(b, 2)}" for a, b in zip(pooled["low"], pooled["high"])],
            t("abandonment.col.mean_daily"): [t.num(v, 2) for v in pooled["mean_daily_pct"]],
        }), hide_index=True)
        chi = stats.proportions_chi2(pooled["abandoned"], pooled["offered"])
        st.caption(t("abandonment.chi2", chi2=t.num(chi.statistic, 2), df=t.num(chi.df1, 0), p=p_text(chi.p)))

with tabs[2]:
    st.caption(t("abandonment.days_caption"))
    st.plotly_chart(figs.daily_box_strip(frame.data, t, order=list(result.describe.index)))

with tabs[3]:
    has_dates = "date" in frame.data.columns and frame.data["date"].notna().all()
    st.caption(t("abandonment.series_caption_dates" if has_dates else "abandonment.series_caption"))
    series_days = prep.daily if chosen_account is None else prep.daily[prep.daily["account"] == chosen_account]
    st.plotly_chart(figs.daily_series(series_days, t))

if is_sample:
    with tabs[4]:
        st.markdown(t("abandonment.thesis_intro"))
        comp = ab.thesis_comparison(prep)
        ref = ab.THESIS_TABLE28
        rows = [(t("abandonment.thesis_row.thesis"), ref["confidence"], ref["drop"], ref["low"], ref["high"],
                 float("nan"), "", "")]
        rows += [(t(f"abandonment.thesis_row.{r.scope}"), r.confidence, r.drop, r.low, r.high, r.p,
                  t(f"abandonment.method.{r.method}"), f"{t.int(r.n_current)} / {t.int(r.n_proposed)}")
                 for r in comp.itertuples()]
        st.dataframe(pd.DataFrame({
            t("abandonment.col.scope"): [r[0] for r in rows],
            t("abandonment.col.confidence"): [t.pct(r[1], 1) for r in rows],
            t("abandonment.col.drop"): [t.num(r[2], 3) for r in rows],
            t("abandonment.col.lower"): [t.num(r[3], 3) for r in rows],
            t("abandonment.col.upper"): [t.num(r[4], 3) for r in rows],
            t("abandonment.col.p_adj"): [p_text(r[5]) for r in rows],
            t("abandonment.col.method"): [r[6] for r in rows],
            t("abandonment.col.days_cp"): [r[7] for r in rows],
        }), hide_index=True)
        at = {(r.scope, round(r.confidence, 3)): r for r in comp.itertuples()}
        if {("account_2", 0.934), ("account_2", 0.9), ("both", 0.934)} <= set(at):
            a2, a90, both = at[("account_2", 0.934)], at[("account_2", 0.9)], at[("both", 0.934)]
            st.markdown(t("abandonment.thesis_explain", d2=t.num(a2.drop, 3), p2=t.num(a2.p, 4),
                          lo934=t.num(a2.low, 3), hi934=t.num(a2.high, 3), lo90=t.num(a90.low, 2),
                          hi90=t.num(a90.high, 2), db=t.num(both.drop, 2), lob=t.num(both.low, 2),
                          hib=t.num(both.high, 2), pb=p_text(both.p)))
            shown = comp[comp.confidence.round(3) == 0.934]
            # the chart in the thesis' orientation (current − proposed), thesis row added
            as_pairs = pd.DataFrame({"group1": "", "group2": "", "meandiff": shown["drop"], "lower": shown["low"],
                                     "upper": shown["high"], "p_adj": shown["p"], "reject": shown["low"] > 0})
            st.plotly_chart(figs.pairwise_chart(
                as_pairs.reset_index(drop=True), t, ref["confidence"], t("abandonment.method.tukey"),
                reference={"label": t("abandonment.thesis_row.thesis"), "diff": ref["drop"], "low": ref["low"],
                           "high": ref["high"]},
                labels=[t(f"abandonment.thesis_row.{s}") for s in shown["scope"]],
                axis_title=t("abandonment.col.drop")))
        st.markdown(f"**{t('abandonment.printed_title')}**")
        check = ab.printed_totals_check(prep, sample_table("abandonment_monthly_totals.csv"),
                                        thesis_facts()["pilot_results_table29"])
        st.dataframe(pd.DataFrame({
            t("abandonment.col.account"): check["account"].astype(str),
            t("abandonment.col.model"): [names.get(m, m) for m in check["model"]],
            t("abandonment.col.month"): [t.int(m) for m in check["month"]],
            t("abandonment.col.n"): [t.int(v) for v in check["days"]],
            t("abandonment.col.mean_daily"): [t.num(v, 2) for v in check["mean_daily_pct"]],
            t("abandonment.col.total_printed"): [t.num(v, 1) for v in check["total_printed_pct"]],
            t("abandonment.col.table29"): ["" if v != v else f"{t.num(v, 2)} ({t.num(a, 2)} – {t.num(b, 2)})"
                                           for v, a, b in zip(check["table29_pct"], check["table29_low"],
                                                              check["table29_high"])],
        }), hide_index=True)
        st.caption(t("abandonment.printed_caption"))
        st.caption(t("abandonment.thesis_other"))

st.download_button(
    t("abandonment.download"),
    xlsx_bytes({t("abandonment.sheet.groups"): result.describe.reset_index(),
                t("abandonment.sheet.anova"): result.anova.reset_index(),
                t("abandonment.sheet.pairs"): result.pairs,
                t("abandonment.sheet.excluded"): prep.excluded}),
    file_name="abandonment_tests.xlsx", key="abandonment.download",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
