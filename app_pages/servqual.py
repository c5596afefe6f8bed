"""SERVQUAL: gaps by dimension and item, reliability, significance, priorities (seeds 000 and 001).

Thin page: widgets -> core.servqual -> core.figures.servqual -> text. Every number comes from
core; this module only chooses, formats and labels.
"""
import math

import pandas as pd
import streamlit as st

from core import servqual
from core.export import csv_bytes, xlsx_bytes
from core.figures import servqual as figures
from core.text import escape_markdown
from core.workspace import SAMPLE
from ui.state import translator, workspace
from ui.upload import upload_box

t = translator()
ws = workspace()

st.title(t("servqual.title"))
st.markdown(t("servqual.intro"))
upload_box("servqual")
upload_box("servqual_mapping")
upload_box("servqual_design")

raw = ws.get("servqual")
if raw is None:
    st.info(t("servqual.no_data"))
    st.stop()
if ws.source("servqual") == SAMPLE:
    st.info(t("servqual.sample_note"))


def dim_name(dimension) -> str:
    return figures.dimension_name(dimension, t)


def p_text(p: float) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "–"
    return t("servqual.p_below", p=t.num(0.001, 3)) if p < 0.001 else t.num(p, 3)


def show_problem(problem: servqual.Problem) -> None:
    params = {}
    for key, value in problem.params.items():
        if key == "dimension":
            value = dim_name(value)
        params[key] = escape_markdown(value) if isinstance(value, str) else value
    text = t(f"servqual.problem.{problem.code}", **params)
    if problem.fatal:
        st.error(text)
    elif problem.code == "blanks":
        st.info(text)
    else:
        st.warning(text)


# Column kinds for display: number of decimals, or a formatter name.
FORMATS = {
    "expectation": 2, "perception": 2, "gap": 2, "gap_low": 2, "gap_high": 2, "alpha": 2,
    "alpha_expectation": 2, "n": 0, "gap_share": "pct", "t": 2, "df": 0, "p_t": "p", "p_t_adj": "p",
    "w": 1, "p_w": "p", "p_w_adj": "p", "cohen_dz": 2, "r_rb": 2, "significant": "yesno",
    "design": 2, "gap_design": 2, "gap_design_low": 2, "gap_design_high": 2, "importance": 1,
    "contribution": 3, "priority": 0, "quadrant": "quadrant", "dimension": "dimension",
}


def display(table: pd.DataFrame, columns: list[str], index: str = "dimension") -> pd.DataFrame:
    """The table with translated headers and dimension names (values unchanged)."""
    out = table[[c for c in columns if c in table.columns]].copy()
    if "quadrant" in out:
        out["quadrant"] = [t(f"servqual.quadrant.{q}") for q in out["quadrant"]]
    if "significant" in out:
        out["significant"] = [t("servqual.yes") if v else t("servqual.no") for v in out["significant"]]
    if "dimension" in out:
        out["dimension"] = [dim_name(d) if isinstance(d, str) else "" for d in out["dimension"]]
    if index == "dimension":
        out.index = [dim_name(d) for d in out.index]
    elif index == "item":
        out.index = [figures.item_name(i, t) for i in out.index]
    elif index == "segment":
        out.index = pd.MultiIndex.from_tuples([(s, dim_name(d)) for s, d in out.index],
                                              names=[t("servqual.col.segment"), t("servqual.col.dimension")])
    if index != "segment":
        out.index.name = t(f"servqual.col.{index}")
    out.columns = [t(f"servqual.col.{c}") for c in out.columns]
    return out


def styled(table: pd.DataFrame, columns: list[str]):
    """A Styler that shows numbers the language's way (decimal comma in Spanish)."""
    formatters = {}
    for col in columns:
        kind = FORMATS.get(col)
        label = t(f"servqual.col.{col}")
        if label not in table.columns:
            continue
        if kind == "pct":
            formatters[label] = lambda v: t.pct(v, 1)
        elif kind == "p":
            formatters[label] = p_text
        elif isinstance(kind, int):
            formatters[label] = (lambda d: (lambda v: t.num(v, d)))(kind)
    return table.style.format(formatters)


def show_table(table: pd.DataFrame, columns: list[str], index: str = "dimension") -> pd.DataFrame:
    shown = display(table, columns, index)
    st.dataframe(styled(shown, columns), width="stretch")
    return shown.reset_index()


# ---------------------------------------------------------------- settings

with st.container(border=True):
    st.markdown(f"**{t('servqual.controls')}**")
    left, right = st.columns(2)
    scale_options = ["auto", 5, 7]
    scale_choice = left.selectbox(
        t("servqual.scale_label"), scale_options, key="servqual.scale", help=t("servqual.scale_help"),
        index=scale_options.index(ws.settings.get("servqual.scale", "auto")),
        format_func=lambda v: t("servqual.scale_auto") if v == "auto" else t("servqual.scale_n", n=v))
    ws.settings["servqual.scale"] = scale_choice
    survey, problems = servqual.prepare_survey(
        raw, ws.get("servqual_mapping"), ws.get("servqual_design"),
        None if scale_choice == "auto" else int(scale_choice))
    if survey is not None:
        if scale_choice == "auto":
            left.caption(t("servqual.scale_caption_inferred", scale=survey.scale_max))
        else:
            left.caption(t("servqual.scale_caption_chosen", scale=survey.scale_max,
                           inferred=survey.scale_inferred))
        segment_options = [None] + survey.segments()
        remembered = ws.settings.get("servqual.segment")
        segment = right.selectbox(
            t("servqual.segment_label"), segment_options, key="servqual.segment",
            help=t("servqual.segment_help"), disabled=len(segment_options) == 1,
            index=segment_options.index(remembered) if remembered in segment_options else 0,
            format_func=lambda v: t("servqual.segment_all") if v is None else str(v))
        ws.settings["servqual.segment"] = segment

for problem in problems:
    show_problem(problem)
if survey is None:
    st.stop()

part = survey.subset(segment)
if segment is not None:
    st.caption(t("servqual.segment_caption", segment=escape_markdown(segment), n=t.int(part.n_respondents),
                 total=t.int(survey.n_respondents)))
result = servqual.analyse(part)
for problem in result.problems:
    show_problem(problem)
dims = result.dimensions

# ---------------------------------------------------------------- summary and KPIs

st.subheader(t("servqual.summary_title"))
if dims is None:
    st.warning(t("servqual.no_dimensions"))
else:
    facts = servqual.summary(dims, result.tests)
    lines = []
    if facts is not None:
        args = dict(dimension=escape_markdown(dim_name(facts.worst)), low=t.num(facts.gap_low, 2),
                    high=t.num(facts.gap_high, 2), n=t.int(facts.n))
        if facts.gap < 0:
            lines.append(t("servqual.summary_worst", gap=t.num(-facts.gap, 2), scale=survey.scale_max,
                           share=t.pct(-servqual.gap_share_of_range(facts.gap, survey.scale_max), 1), **args))
        else:
            lines.append(t("servqual.summary_positive", gap=t.num(facts.gap, 2), **args))
        key = "servqual.summary_real" if facts.significant else "servqual.summary_not_real"
        lines.append(t(key, k=facts.n_dimensions, p_t=p_text(facts.p_t_adj), p_w=p_text(facts.p_w_adj)))
        lines.append(t("servqual.summary_count", m=facts.n_shortfalls, k=facts.n_dimensions))
    if result.design is not None and len(result.design):
        worst_design = result.design["gap_design"].idxmin()
        lines.append(t("servqual.summary_design", dimension=escape_markdown(dim_name(worst_design)),
                       gap=t.num(result.design.loc[worst_design, "gap_design"], 2)))
    if result.ipa is not None:
        first = result.ipa["priority"].idxmin()
        lines.append(t("servqual.summary_priority", dimension=escape_markdown(dim_name(first))))
    st.markdown(" ".join(lines))

    scores = result.scores
    k1, k2, k3, k4 = st.columns(4)
    k1.metric(t("servqual.kpi_unweighted"), t.num(scores.unweighted, 2),
              help=t("servqual.kpi_unweighted_help", low=t.num(scores.unweighted_low, 2),
                     high=t.num(scores.unweighted_high, 2), n=t.int(scores.n_unweighted)))
    if part.importance is not None:
        k2.metric(t("servqual.kpi_weighted"), t.num(scores.weighted, 2),
                  help=t("servqual.kpi_weighted_help", low=t.num(scores.weighted_low, 2),
                         high=t.num(scores.weighted_high, 2), n=t.int(scores.n_weighted),
                         bad=t.int(scores.n_invalid_weights)))
    else:
        k2.metric(t("servqual.kpi_weighted"), "–", help=t("servqual.kpi_weighted_none"))
    k3.metric(t("servqual.kpi_alpha"), t.num(result.alpha_overall, 2),
              help=t("servqual.kpi_alpha_help", n=t.int(result.n_alpha_overall),
                     alpha_e=t.num(result.alpha_overall_expectation, 2)))
    k4.metric(t("servqual.kpi_n"), t.int(result.n_respondents), help=t("servqual.kpi_n_help"))

# ---------------------------------------------------------------- tabs

DIM_COLUMNS = ["expectation", "perception", "gap", "gap_low", "gap_high", "gap_share", "alpha",
               "alpha_expectation", "n"]
ITEM_COLUMNS = ["dimension", "expectation", "perception", "gap", "gap_low", "gap_high", "gap_share", "n"]
TEST_COLUMNS = ["n", "gap", "t", "df", "p_t", "p_t_adj", "w", "p_w", "p_w_adj", "cohen_dz", "r_rb", "significant"]
DESIGN_COLUMNS = ["design", "perception", "gap_design", "gap_design_low", "gap_design_high", "n"]
IPA_COLUMNS = ["importance", "perception", "gap", "contribution", "quadrant", "priority", "n"]
SEGMENT_COLUMNS = ["expectation", "perception", "gap", "gap_low", "gap_high", "alpha", "n"]

tabs = st.tabs([t("servqual.tab_dimensions"), t("servqual.tab_items"), t("servqual.tab_tests"),
                t("servqual.tab_priorities"), t("servqual.tab_segments"), t("servqual.tab_download")])
sheets: dict[str, pd.DataFrame] = {}

with tabs[0]:
    if dims is not None:
        st.plotly_chart(figures.gap_chart(dims, t, result.design, survey.scale_max), width="stretch")
        st.caption(t("servqual.dimensions_explain"))
        sheets[t("servqual.sheet_dimensions")] = show_table(dims, DIM_COLUMNS)
        st.markdown(f"**{t('servqual.design_title')}**")
        if result.design is not None:
            st.caption(t("servqual.design_explain"))
            sheets[t("servqual.sheet_design")] = show_table(result.design, DESIGN_COLUMNS)
        else:
            st.caption(t("servqual.design_none"))
    else:
        st.caption(t("servqual.no_dimensions"))

with tabs[1]:
    st.plotly_chart(figures.item_chart(result.items, t), width="stretch")
    st.caption(t("servqual.items_explain"))
    sheets[t("servqual.sheet_items")] = show_table(result.items, ITEM_COLUMNS, index="item")

with tabs[2]:
    if result.tests is not None:
        st.caption(t("servqual.tests_explain", k=len(result.tests), alpha=t.num(0.05, 2)))
        sheets[t("servqual.sheet_tests")] = show_table(result.tests, TEST_COLUMNS)
    else:
        st.caption(t("servqual.no_dimensions"))

with tabs[3]:
    if result.ipa is not None:
        st.plotly_chart(figures.ipa_chart(result.ipa, t), width="stretch")
        st.caption(t("servqual.ipa_explain", n=t.int(int(result.ipa["n"].iloc[0]))))
        sheets[t("servqual.sheet_priorities")] = show_table(result.ipa.sort_values("priority"), IPA_COLUMNS)
    else:
        st.info(t("servqual.ipa_none"))

with tabs[4]:
    by_segment = servqual.gaps_by_segment(survey)
    if len(by_segment):
        st.plotly_chart(figures.segment_chart(by_segment, t), width="stretch")
        st.caption(t("servqual.segments_explain"))
        sheets[t("servqual.sheet_segments")] = show_table(by_segment, SEGMENT_COLUMNS, index="segment")
    else:
        st.info(t("servqual.segments_none"))

with tabs[5]:
    selection = t("servqual.segment_all") if segment is None else f"{t('servqual.segment_label')}: {segment}"
    st.caption(t("servqual.download_explain", selection=escape_markdown(selection)))
    name = t("servqual.file_name")
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("servqual.download_xlsx"), xlsx_bytes(sheets), file_name=f"{name}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="servqual.download_xlsx")
    if t("servqual.sheet_dimensions") in sheets:
        c2.download_button(t("servqual.download_csv_dimensions"),
                           csv_bytes(sheets[t("servqual.sheet_dimensions")]),
                           file_name=f"{name}_dimensions.csv", mime="text/csv", key="servqual.download_dims")
    c3.download_button(t("servqual.download_csv_items"), csv_bytes(sheets[t("servqual.sheet_items")]),
                       file_name=f"{name}_items.csv", mime="text/csv", key="servqual.download_items")
