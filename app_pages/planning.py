"""Survey planning: how many respondents a survey needs, and the margin of error a survey already
run gives for NPS, the top-2-box satisfaction index and the SERVQUAL gaps.

Thin page: widgets -> core.views.planning.compute(ws) -> render. Numbers are typed as text and
read by core in the page's language ("3,5" is 3.5 in Spanish), because the browser's number box
reads a comma by the browser's locale, not the page's.
"""
import streamlit as st

from core.figures import planning as figures
from core.views import planning as view
from ui.provenance import data_line, setting_origin
from ui.state import remembered_setting, translator, workspace
from core.i18n import display_table
from ui.charts import show_chart
from ui.views import derived, view_result
from ui.layout import row

t = translator()
ws = workspace()
S = view.SPECS


SEEDS = "planning._seeds"   # setting key -> the text this page last put in its box (the value in use)


def apply_typed(key: str):
    """This run's text in the box of setting ``key`` (Streamlit sets it before the script runs),
    read into the workspace setting; the notice when it cannot be used. The text the page itself put
    in the box (a default, or a value from her data) is not her choice: it stays derived, and follows
    her data when it changes."""
    text = st.session_state.get(key)
    if text is None or text == st.session_state.get(SEEDS, {}).get(key):
        return None
    if not str(text).strip() and S[key].default is None:
        ws.settings.pop(key, None)          # an empty box: the value comes from the data again
        return None
    read = view.read_typed(S[key], text, t.lang)
    if read.notice is None:
        ws.settings[key] = read.value
    return read.notice


TYPED = ("planning.population", "planning.margin_pct", "planning.margin_points", "planning.margin_scale",
         "planning.p", "planning.promoters", "planning.detractors", "planning.sd", "planning.n_run",
         "planning.population_run", "planning.gap_sd")
CHOICES = ("planning.kind", "planning.confidence", "planning.confidence_run")
choice_keys = {key: remembered_setting(S[key]) for key in CHOICES}
typed_notices = {key: apply_typed(key) for key in TYPED}
result = view_result(view, ws)


def number_box(key: str, label: str, container, help_text=None) -> None:
    """A text box for a number, showing the value in use in the page's language (unless she typed
    something else), and its problem."""
    seeds = st.session_state.setdefault(SEEDS, {})
    shown = view.typed_text(result.settings[key][0], t.lang)
    emptied = not str(st.session_state.get(key, "")).strip() and S[key].default is None   # back to her data
    if key not in st.session_state or st.session_state[key] == seeds.get(key) != shown or emptied:
        st.session_state[key] = shown
    if typed_notices.get(key) is None:
        seeds[key] = st.session_state[key]
    container.text_input(label, key=key, help=help_text)
    if typed_notices.get(key) is not None:
        container.error(view.notice_text(typed_notices[key], t))
    with container:
        setting_origin(key, result.settings[key][1], label)


st.title(t("planning.title"))
data_line(result.sources)
st.markdown(t("planning.intro"))
for notice in result.notices:
    st.warning(view.notice_text(notice, t))

# ----------------------------------------------------------------------------- how many respondents
st.header(t("planning.size.title"))
c1, c2, c3 = st.columns(3)
c1.radio(t("planning.kind"), view.KINDS, format_func=lambda k: t(f"planning.kind_{k}"), key=choice_keys["planning.kind"])
number_box("planning.population", t("planning.population"), c1, t("planning.population_help"))
c2.selectbox(t("planning.confidence"), view.CONFIDENCES, format_func=lambda c: t.pct(c, 0),
             key=choice_keys["planning.confidence"])
if result.kind == "proportion":
    number_box("planning.margin_pct", t("planning.margin_pct"), c2)
    number_box("planning.p", t("planning.p"), c3, t("planning.p_help"))
elif result.kind == "nps":
    number_box("planning.margin_points", t("planning.margin_points"), c2)
    number_box("planning.promoters", t("planning.promoters"), c3, t("planning.nps_help"))
    number_box("planning.detractors", t("planning.detractors"), c3)
else:
    number_box("planning.margin_scale", t("planning.margin_scale"), c2)
    number_box("planning.sd", t("planning.sd"), c3, t("planning.sd_help"))

size = result.size
if result.size_error is not None:
    st.error(view.notice_text(result.size_error, t))
if size is not None:
    m = row()
    m.metric(t("planning.n_needed"), t.int(size.n), help=t("planning.n_needed_help"))
    m.metric(t("planning.n0"), t.num(size.n0, 2), help=t("planning.n0_help"))
    m.metric(t("planning.z"), t.num(size.z, 3),
             help=t("planning.z_help", c=t.pct(result.settings["planning.confidence"][0], 0)))
    for line in view.formula_latex(result, t):
        st.latex(line)
    if size.population is not None:
        st.caption(t("planning.fpc_caption", shortcut=t.int(size.n_shortcut)))
    else:
        st.caption(t("planning.no_population_caption"))
    st.caption(t(f"planning.assumption_{result.kind}"))

# ----------------------------------------------------------------------------- margins of a survey run
st.header(t("planning.margin.title"))
st.markdown(t("planning.margin.intro"))
c1, c2, c3 = st.columns(3)
number_box("planning.n_run", t("planning.n_run"), c1)
if result.n_run_from is not None:
    c1.caption(t("planning.n_run_from", dataset=t(f"datasets.{result.n_run_from}")))
number_box("planning.population_run", t("planning.population"), c2, t("planning.population_help"))
c3.selectbox(t("planning.confidence"), view.CONFIDENCES, format_func=lambda c: t.pct(c, 0),
             key=choice_keys["planning.confidence_run"])
number_box("planning.gap_sd", t("planning.gap_sd"), c3, t("planning.gap_sd_help"))
run = result.run
if result.run_error is not None:
    st.error(view.notice_text(result.run_error, t))
if run is not None:
    k = row()
    k.metric(t("planning.margin.nps"), t("planning.pm_points", v=t.num(run.nps_points, 1)),
             help=t("planning.margin.nps_help"))
    k.metric(t("planning.margin.ins"), t("planning.pm_points", v=t.num(run.ins_points, 1)),
             help=t("planning.margin.ins_help"))
    k.metric(t("planning.margin.gap"), t("planning.pm_scale", v=t.num(run.gap_scale, 3)),
             help=t("planning.margin.gap_help", sd=t.num(run.gap_sd, 2)))
    # built once per result and language (ui/cache.derived), not on every rerun
    show_chart(st, derived(result, ("curve", t.lang),
                           lambda: figures.margin_curve(run.curve, run.n, run.ins_fraction, t, run.population)),
               key="planning.fig.curve")
    st.caption(t("planning.margin.caption", c=t.pct(run.confidence, 0)))

# ----------------------------------------------------------------------------- the loaded surveys
st.subheader(t("planning.loaded.title"))
if result.observed.empty:
    st.info(t("planning.loaded.none"))
else:
    st.caption(t("planning.loaded.from", datasets=", ".join(t(f"datasets.{n}") for n in result.observed_from)))
    st.dataframe(display_table(view.observed_table(result, t), t), hide_index=True, key="planning.table.loaded")
    st.caption(t("planning.loaded.caption", c=t.pct(result.settings["planning.confidence_run"][0], 0)))

# ----------------------------------------------------------------------------- the published study
if result.case_study is not None:
    case = result.case_study
    chk = case.check
    with st.expander(t("planning.seed.title")):
        st.info(t("planning.loaded.sample_note"))
        st.markdown(t("planning.seed.arithmetic", N=t.int(chk.population), n0=t.num(chk.n0, 2),
                      n0m1=t.num(case.n0_minus_1, 2), n_fpc=t.num(chk.n_fpc, 2), n=t.int(chk.n_formula),
                      reported=t.int(chk.reported_n), n0_up=t.int(case.n0_up), n0_up_m1=t.int(case.n0_up_minus_1),
                      rounded=t.num(chk.n_if_n0_rounded_first, 2), n_up=t.int(chk.n_rounded_first),
                      e=t.num(case.margin_reported_points, 2)))
        st.info(t("planning.seed.verdict_yes") if chk.follows else t("planning.seed.verdict",
                n=t.int(chk.n_formula), reported=t.int(chk.reported_n)))
