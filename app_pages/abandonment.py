"""Abandonment tests: did the process change really lower daily call abandonment?

Thin page: widgets -> core.views.abandonment.compute (groups, ANOVA, Tukey–Kramer / Games–Howell,
checks, conclusion) -> core.figures.abandonment -> text from the catalog. No formula here.
"""
import streamlit as st

from core.export import download_name, xlsx_bytes
from core.figures import abandonment as figs
from core.views import abandonment as view
from ui.provenance import data_line, setting_origin
from ui.state import remembered, remembered_setting, translator, workspace
from ui.upload import upload_box
from core.i18n import display_table
from ui.charts import show_chart
from ui.views import derived, view_result

t = translator()
ws = workspace()
names = view.group_names(t)
K_CONF, K_GROUPING, K_ACCOUNT, K_CHANGE = (view.CONFIDENCE.key, view.GROUPING.key, view.ACCOUNT.key,
                                           view.CHANGE_DATE.key)

# Widget values of this run go into the workspace settings before the view is computed.
remembered_setting(view.CONFIDENCE)
remembered_setting(view.GROUPING)
remembered(K_ACCOUNT, view.ALL_ACCOUNTS, view.ACCOUNT.valid)
res = view_result(view, ws, names)

st.title(t("abandonment.title"))
data_line(res.sources)
st.caption(t("abandonment.intro"))
upload_box("abandonment", expanded=res.status == "no_data")

if res.status == "no_data":
    st.info(t("abandonment.no_data"))
    st.stop()


def shown(name, build, owner=None):
    """A table for st.dataframe, built once per result (or case study) and language (derived)."""
    return derived(res if owner is None else owner, (name, t.lang), lambda: display_table(build(), t))


def show_notices(levels=("warning", "error")) -> None:
    for notice in res.notices:
        if notice.level in levels:
            getattr(st, notice.level)(view.notice_text(notice, t))


def _set_confidence(value: float) -> None:
    st.session_state[K_CONF] = value


def _remember_change_date() -> None:
    ws.settings[K_CHANGE] = st.session_state[K_CHANGE]


# ----------------------------------------------------------------------------- settings
st.subheader(t("abandonment.settings"))
if res.date_range is not None:
    first, last = res.date_range
    if not view.change_date_valid(st.session_state.get(K_CHANGE), first, last):
        st.session_state[K_CHANGE] = res.change_date
    st.date_input(t("abandonment.change_date"), key=K_CHANGE, min_value=first, max_value=last,
                  on_change=_remember_change_date)
    setting_origin(K_CHANGE, res.settings[K_CHANGE][1], t("abandonment.change_date"))
if res.status == "refused":
    show_notices()
    st.stop()

accounts = [view.ALL_ACCOUNTS, *res.accounts]
if st.session_state.get(K_ACCOUNT) not in accounts:
    st.session_state[K_ACCOUNT] = res.account
left, middle, right = st.columns([2, 2, 3])
left.selectbox(t("abandonment.grouping_label"), view.GROUPING.options, key=K_GROUPING,
               format_func=lambda g: t(f"abandonment.grouping.{g}"), help=t("abandonment.grouping_help"))
middle.selectbox(
    t("abandonment.account"), accounts, key=K_ACCOUNT, disabled=res.by_account,
    format_func=lambda a: t("abandonment.account_all") if a == view.ALL_ACCOUNTS
    else t("abandonment.account_one", account=a))
if res.by_account:
    middle.caption(t("abandonment.account_fixed"))
right.slider(t("abandonment.confidence"), min_value=view.CONFIDENCE.min, max_value=view.CONFIDENCE.max, step=0.1,
             key=K_CONF, help=t("abandonment.confidence_help"), format="localized")
b1, b2, _ = right.columns([2, 1, 2])
b1.button(t("abandonment.set_95"), on_click=_set_confidence, args=(view.CONFIDENCE.default,),
          key="abandonment.btn_95")
if ws.is_sample:
    b2.button(t("abandonment.set_thesis"), on_click=_set_confidence, args=(view.THESIS_CONFIDENCE,),
              key="abandonment.btn_thesis")
with right:
    setting_origin(K_CONF, res.settings[K_CONF][1], t("abandonment.confidence"))

# ----------------------------------------------------------------------------- what was left out
show_notices()
if len(res.excluded):
    with st.expander(t("abandonment.excluded_details")):
        st.dataframe(shown("excluded", lambda: view.excluded_table(res, t)), hide_index=True)
if res.status == "no_groups":
    st.stop()
if res.status == "single_group":
    show_chart(st, figs.daily_box_strip(res.data, t))
    show_chart(st, figs.daily_series(res.data, t))
    st.stop()

# ----------------------------------------------------------------------------- conclusion
conf_text = t.pct(res.confidence_fraction, 1)
method = view.method_name(res, t)
with st.container(border=True):
    st.subheader(t("abandonment.conclusion_title"))
    for sentence in view.conclusion(res, t):
        st.markdown(sentence)

# ----------------------------------------------------------------------------- tables
# Tabs and the case study are built when opened (on_change="rerun" gives each its .open); figures and
# the workbook once per result and language (derived), not on every rerun.
tabs = st.tabs([t("abandonment.tab.pairs"), t("abandonment.tab.anova"), t("abandonment.tab.days"),
                t("abandonment.tab.series")], key="abandonment.tab", on_change="rerun")


def chart(name, build) -> None:
    show_chart(st, derived(res, (name, t.lang), build))


with tabs[0]:
    if tabs[0].open:
        st.caption(t("abandonment.pairs_caption", conf=conf_text, method=method, alpha=t.num(res.alpha, 3)))
        st.dataframe(shown("pairs", lambda: view.pairs_table(res.analysis.pairs, t)), hide_index=True)
        chart("pairwise", lambda: figs.pairwise_chart(res.analysis.pairs, t, res.confidence_fraction, method))
        with st.expander(t("abandonment.other_method", method=view.method_name(res, t, res.other_method))):
            st.dataframe(shown("other_pairs", lambda: view.pairs_table(res.other_pairs, t)), hide_index=True)

with tabs[1]:
    if tabs[1].open:
        st.markdown(f"**{t('abandonment.describe_title')}**")
        st.dataframe(shown("describe", lambda: view.describe_table(res, t)), hide_index=True)
        st.markdown(f"**{t('abandonment.anova_title')}**")
        st.caption(t("abandonment.anova_caption"))
        st.dataframe(shown("anova", lambda: view.anova_table(res, t)), hide_index=True)
        effects = res.analysis.effects
        st.caption(t("abandonment.effects", eta=t.num(effects.eta_sq, 3), omega=t.num(effects.omega_sq, 3),
                     eps=t.num(res.analysis.epsilon_sq, 3)))
        st.markdown(f"**{t('abandonment.checks_title')}**")
        st.dataframe(shown("checks", lambda: view.checks_table(res, t)), hide_index=True)
        st.markdown(f"**{t('abandonment.shapiro_title')}**")
        st.caption(t("abandonment.shapiro_caption"))
        st.dataframe(shown("shapiro", lambda: view.shapiro_table(res, t)), hide_index=True)
        if res.pooled is not None:
            st.markdown(f"**{t('abandonment.pooled_title')}**")
            st.caption(t("abandonment.pooled_caption"))
            st.dataframe(shown("pooled", lambda: view.pooled_table(res, t)), hide_index=True)
            st.caption(t("abandonment.chi2", chi2=t.num(res.chi2.statistic, 2), df=t.num(res.chi2.df1, 0),
                         p=view.p_text(res.chi2.p, t)))

with tabs[2]:
    if tabs[2].open:
        st.caption(t("abandonment.days_caption"))
        chart("days", lambda: figs.daily_box_strip(res.data, t, order=list(res.analysis.describe.index)))

with tabs[3]:
    if tabs[3].open:
        st.caption(t("abandonment.series_caption_dates" if res.series_has_dates else "abandonment.series_caption"))
        chart("series", lambda: figs.daily_series(res.series_days, t))

st.download_button(
    t("abandonment.download"),
    lambda: xlsx_bytes({                                       # built on click, not at each confidence move
        t("abandonment.sheet.groups"): view.describe_table(res, t),
        t("abandonment.sheet.anova"): view.anova_table(res, t),
        t("abandonment.sheet.pairs"): view.pairs_table(res.analysis.pairs, t),
        t("abandonment.sheet.excluded"): view.excluded_table(res, t)}),
    file_name=download_name("abandonment_tests", t, "xlsx"), key="abandonment.download",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore")    # ui.upload.DEFERRED_NOTE

# ----------------------------------------------------------------------------- case study (sample only)
if res.case_study is not None:
    case = res.case_study
    with st.expander(t("abandonment.case_study_title"), key="abandonment.open_case", on_change="rerun") as section:
        if not section.open:
            st.stop()
        st.caption(t("abandonment.sample_note"))
        st.markdown(t("abandonment.thesis_intro"))
        st.dataframe(shown("case", lambda: view.case_study_table(case, t), case), hide_index=True)
        explanation = view.case_study_explanation(case, t)
        if explanation:
            st.markdown(explanation)
            show_chart(st, derived(case, ("chart", t.lang), lambda: figs.pairwise_chart(
                case.pairs, t, case.table28["confidence"], t("abandonment.method.tukey"),
                reference={"label": t("abandonment.thesis_row.thesis"), "diff": case.table28["drop"],
                           "low": case.table28["low"], "high": case.table28["high"]},
                labels=[t(f"abandonment.thesis_row.{s}") for s in case.pairs["scope"]],
                axis_title=t("abandonment.col.drop"))))
        st.markdown(f"**{t('abandonment.printed_title')}**")
        st.dataframe(shown("printed", lambda: view.printed_table(case, names, t), case), hide_index=True)
        st.caption(t("abandonment.printed_caption"))
        st.caption(t("abandonment.thesis_other"))
