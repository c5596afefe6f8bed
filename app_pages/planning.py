"""Survey planning: how many respondents a survey needs, and the margin of error a survey already
run gives for NPS, the top-2-box satisfaction index and the SERVQUAL gaps (issue 10, seed 000).

Thin page: widgets -> core.sampling -> core.figures.planning -> text.
"""
import math

import pandas as pd
import streamlit as st

from core import journey as jr
from core import sampling, servqual
from core.figures import planning as figures
from core.figures.servqual import dimension_name
from core.workspace import SAMPLE
from ui.state import remembered, translator, workspace

t = translator()
ws = workspace()

CONFIDENCES = (0.90, 0.95, 0.99)
KINDS = ("proportion", "nps", "mean")


def problem(err: sampling.SamplingInputError) -> str:
    field = t(f"planning.field.{err.field}") if t.has(f"planning.field.{err.field}") else err.field
    return t(f"planning.error.{err.reason}", field=field)


def lx(value: float, decimals: int) -> str:
    """A number for st.latex in the page's language (a comma needs braces in LaTeX)."""
    return t.num(value, decimals).replace(",", "{,}")


def population_input(label_key: str, key: str) -> int | None:
    n = st.number_input(t(label_key), min_value=0, step=1, key=remembered(key, 9686), help=t("planning.population_help"))
    return None if int(n) == 0 else int(n)


st.title(t("planning.title"))
st.markdown(t("planning.intro"))

# ----------------------------------------------------------------------------- how many respondents
st.header(t("planning.size.title"))
c1, c2, c3 = st.columns(3)
with c1:
    kind = st.radio(t("planning.kind"), KINDS, format_func=lambda k: t(f"planning.kind_{k}"),
                    key=remembered("planning.kind", KINDS[0], lambda v: v in KINDS))
    population = population_input("planning.population", "planning.population")
with c2:
    confidence = st.selectbox(t("planning.confidence"), CONFIDENCES, format_func=lambda c: t.pct(c, 0),
                              key=remembered("planning.confidence", CONFIDENCES[1], lambda v: v in CONFIDENCES))
    if kind == "proportion":
        margin = st.number_input(t("planning.margin_pct"), min_value=0.0, max_value=100.0, step=0.5,
                                 key=remembered("planning.margin_pct", 5.0)) / 100.0
    elif kind == "nps":
        margin = st.number_input(t("planning.margin_points"), min_value=0.0, max_value=200.0, step=0.5,
                                 key=remembered("planning.margin_points", 5.0))
    else:
        margin = st.number_input(t("planning.margin_scale"), min_value=0.0, step=0.05, format="%.2f",
                                 key=remembered("planning.margin_scale", 0.1))
with c3:
    if kind == "proportion":
        p = st.number_input(t("planning.p"), min_value=0.0, max_value=100.0, step=5.0,
                            key=remembered("planning.p", 50.0), help=t("planning.p_help")) / 100.0
    elif kind == "nps":
        prom = st.number_input(t("planning.promoters"), min_value=0.0, max_value=100.0, step=5.0,
                               key=remembered("planning.promoters", 50.0), help=t("planning.nps_help")) / 100.0
        detr = st.number_input(t("planning.detractors"), min_value=0.0, max_value=100.0, step=5.0,
                               key=remembered("planning.detractors", 50.0)) / 100.0
    else:
        sd = st.number_input(t("planning.sd"), min_value=0.0, step=0.1, format="%.2f", key=remembered("planning.sd", 1.0),
                             help=t("planning.sd_help"))

try:
    if kind == "proportion":
        size = sampling.sample_size_proportion(margin, confidence, p, population)
    elif kind == "nps":
        size = sampling.sample_size_nps(margin, confidence, prom, detr, population)
    else:
        size = sampling.sample_size_mean(sd, margin, confidence, population)
except sampling.SamplingInputError as err:
    st.error(problem(err))
    size = None

if size is not None:
    m = st.columns(3)
    m[0].metric(t("planning.n_needed"), t.int(size.n), help=t("planning.n_needed_help"))
    m[1].metric(t("planning.n0"), t.num(size.n0, 2), help=t("planning.n0_help"))
    m[2].metric(t("planning.z"), t.num(size.z, 3), help=t("planning.z_help", c=t.pct(confidence, 0)))
    v = {"proportion": rf"p\,(1-p) = {lx(size.variance, 4)}",
         "nps": rf"V = P + D - (P - D)^2 = {lx(size.variance, 4)}",
         "mean": rf"\sigma^2 = {lx(size.variance, 4)}"}[kind]
    scale = r"\times 100^2" if kind == "nps" else ""
    e_text = lx(size.margin, 3 if kind == "proportion" else 2)
    st.latex(rf"{v} \qquad n_0 = \frac{{z^2\,V {scale}}}{{e^2}} = "
             rf"\frac{{{lx(size.z, 3)}^2 \times {lx(size.variance, 4)} {scale}}}{{{e_text}^2}} = {lx(size.n0, 2)}")
    if size.population is not None:
        st.latex(rf"n = \frac{{n_0}}{{1 + (n_0 - 1)/N}} = \frac{{{lx(size.n0, 2)}}}"
                 rf"{{1 + {lx(size.n0 - 1, 2)} / {lx(size.population, 0)}}} = {lx(size.n_fpc, 2)} \;\rightarrow\; "
                 rf"{lx(size.n, 0)}")
        st.caption(t("planning.fpc_caption", shortcut=t.int(size.n_shortcut)))
    else:
        st.caption(t("planning.no_population_caption"))
    st.caption(t(f"planning.assumption_{kind}"))

# ----------------------------------------------------------------------------- the seed's 371
st.header(t("planning.seed.title"))
chk = sampling.seed_000_check()
st.markdown(t("planning.seed.arithmetic", N=t.int(chk.population), n0=t.num(chk.n0, 2), n0m1=t.num(chk.n0 - 1, 2),
              n_fpc=t.num(chk.n_fpc, 2), n=t.int(chk.n_formula), reported=t.int(chk.reported_n),
              n0_up=t.int(math.ceil(chk.n0)), n0_up_m1=t.int(math.ceil(chk.n0) - 1), rounded=t.num(chk.n_if_n0_rounded_first, 2),
              n_up=t.int(chk.n_rounded_first), e=t.num(100 * chk.margin_reported, 2)))
st.info(t("planning.seed.verdict_yes") if chk.follows else t("planning.seed.verdict",
        n=t.int(chk.n_formula), reported=t.int(chk.reported_n)))

# ----------------------------------------------------------------------------- margins of a survey run
st.header(t("planning.margin.title"))
st.markdown(t("planning.margin.intro"))
c1, c2, c3 = st.columns(3)
n_run = int(c1.number_input(t("planning.n_run"), min_value=0, step=1, key=remembered("planning.n_run", 371)))
with c2:
    pop_run = population_input("planning.population", "planning.population_run")
conf_run = c3.selectbox(t("planning.confidence"), CONFIDENCES, format_func=lambda c: t.pct(c, 0),
                        key=remembered("planning.confidence_run", CONFIDENCES[1], lambda v: v in CONFIDENCES))
gap_sd = c3.number_input(t("planning.gap_sd"), min_value=0.0, step=0.1, format="%.2f",
                         key=remembered("planning.gap_sd", 1.0), help=t("planning.gap_sd_help"))
try:
    e_prop = sampling.margin_proportion(n_run, 0.5, conf_run, pop_run)
    e_nps = sampling.margin_nps(n_run, 0.5, 0.5, conf_run, pop_run)
    e_gap = sampling.margin_mean(n_run, gap_sd, conf_run, pop_run)
except sampling.SamplingInputError as err:
    st.error(problem(err))
else:
    k = st.columns(3)
    k[0].metric(t("planning.margin.nps"), t("planning.pm_points", v=t.num(e_nps, 1)), help=t("planning.margin.nps_help"))
    k[1].metric(t("planning.margin.ins"), t("planning.pm_points", v=t.num(100 * e_prop, 1)),
                help=t("planning.margin.ins_help"))
    k[2].metric(t("planning.margin.gap"), t("planning.pm_scale", v=t.num(e_gap, 3)),
                help=t("planning.margin.gap_help", sd=t.num(gap_sd, 2)))
    curve = sampling.margin_curve(pop_run, conf_run, n_max=max(2000, 2 * n_run))
    st.plotly_chart(figures.margin_curve(curve, n_run, e_prop, t, pop_run), key="planning.fig.curve")
    st.caption(t("planning.margin.caption", c=t.pct(conf_run, 0)))

# ----------------------------------------------------------------------------- the loaded surveys
st.subheader(t("planning.loaded.title"))
nps_in, ins_in, gaps_in = None, None, None
raw_resp = ws.get("journey_responses")
if raw_resp is not None:
    try:
        clean, _issues = jr.clean_responses(raw_resp)
        if not clean.empty:
            o = jr.overall_indicators(clean)
            nps_in = {"n": o["n_nps"], "promoters": o["promoters"], "detractors": o["detractors"]}
            ins_in = {"n": o["n_ins"], "share": o["ins_pct"] / 100.0}
    except jr.JourneyDataError:
        st.warning(t("planning.loaded.journey_bad"))
raw_sq = ws.get("servqual")
if raw_sq is not None:
    survey, _problems = servqual.prepare_survey(raw_sq, ws.get("servqual_mapping"), ws.get("servqual_design"))
    if survey is not None:
        try:
            gaps_in = sampling.gap_summary(servqual.respondent_scores(survey.expectations, survey.perceptions,
                                                                      survey.mapping))
        except servqual.ServqualError:
            st.warning(t("planning.loaded.servqual_bad"))
    else:
        st.warning(t("planning.loaded.servqual_bad"))
table = sampling.observed_margins(nps_in, ins_in, gaps_in, conf_run, pop_run)
if table.empty:
    st.info(t("planning.loaded.none"))
else:
    if SAMPLE in (ws.source("journey_responses"), ws.source("servqual")):
        st.info(t("planning.loaded.sample_note"))

    def name(row) -> str:
        if row["kind"] == "gap":
            return t("planning.loaded.gap_of", dim=dimension_name(row["indicator"], t))
        return t(f"planning.loaded.{row['kind']}")

    def value(row, col) -> str:
        x = row[col]
        if pd.isna(x):
            return "–"
        if row["kind"] == "gap":
            return t.num(x, 2) if col == "estimate" else t("planning.pm_scale", v=t.num(x, 3))
        if row["kind"] == "ins" and col == "estimate":
            return t.pct(x / 100.0)
        return t.num(x, 1) if col == "estimate" else t("planning.pm_points", v=t.num(x, 1))

    shown = pd.DataFrame({
        t("planning.loaded.col.indicator"): [name(r) for _, r in table.iterrows()],
        t("planning.loaded.col.estimate"): [value(r, "estimate") for _, r in table.iterrows()],
        t("planning.loaded.col.n"): [t.int(r["n"]) for _, r in table.iterrows()],
        t("planning.loaded.col.margin"): [value(r, "margin") for _, r in table.iterrows()],
        t("planning.loaded.col.margin_fpc"): [value(r, "margin_fpc") for _, r in table.iterrows()],
    })
    st.dataframe(shown, hide_index=True, key="planning.table.loaded")
    st.caption(t("planning.loaded.caption", c=t.pct(conf_run, 0)))
