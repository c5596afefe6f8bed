"""The SERVQUAL view model: everything the page, the report and the deck show, from one workspace.

``compute(ws)`` reads only the view's own datasets (``servqual``, ``servqual_mapping``,
``servqual_design``) and settings, never raises on user data (problems become ``Notice``s), and
takes:

- the scale from the data (1-5 or 1-7; origin "data") unless the user chose one (origin "user"),
  the answers' own scale being kept to show beside her choice;
- the design standard only from a ``servqual_design`` dataset given for THIS survey: the sample
  case's design (5 on every dimension of a 1-5 survey) belongs to the sample survey and is
  ignored, with a notice, next to a survey of the user's own;
- the case study (seed 000's Table 3 against the synthetic respondents, the paper's labels and
  units) only in the sample workspace.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from core import servqual as sq
from core.figures.servqual import dimension_name, item_name
from core.i18n import Translator
from core.settings import ORIGIN_DATA, Setting
from core.text import escape_markdown
from core.views import DataSource, Notice, provenance, stage, view_settings
from core.workspace import SAMPLE, Workspace

DATASETS = ("servqual", "servqual_mapping", "servqual_design")
AUTO = "auto"
CONFIDENCE = 0.95   # intervals of the gaps and scores
ALPHA = 0.05        # level of the paired tests (both must reject, after Holm)

SETTINGS = (
    Setting("servqual.scale", "choice", AUTO, options=(AUTO, *sq.SCALES)),
    Setting("servqual.segment", "text", None),
)
SPECS = {spec.key: spec for spec in SETTINGS}


def sample_settings() -> dict:
    """The sample case needs no setting of its own: its scale (1-5) is read from its answers."""
    return {}


@dataclass(frozen=True)
class CaseStudy:
    """Seed 000's Table 3 beside what the sample's synthetic respondents give (sample only)."""

    table3: pd.DataFrame          # index dimension; published and computed E, P, gaps
    notes: tuple[str, ...]        # catalog keys: what is specific to the paper


@dataclass(frozen=True)
class ServqualResult:
    sources: tuple[DataSource, ...]
    settings: dict
    notices: tuple[Notice, ...] = ()
    has_data: bool = False
    scale: int | None = None
    scale_inferred: int | None = None
    scale_origin: str = ORIGIN_DATA
    segments: tuple[str, ...] = ()
    segment: str | None = None
    n_total: int = 0
    analysis: sq.Analysis | None = None
    facts: sq.Summary | None = None
    worst_shortfall: float = math.nan        # -gap of the worst dimension (points, > 0 when short)
    worst_shortfall_share: float = math.nan  # the same as a fraction of the scale's range
    has_importance: bool = False
    design_used: bool = False
    design_worst: tuple[str, float] | None = None
    priority_first: str | None = None
    by_segment: pd.DataFrame = field(default_factory=pd.DataFrame)
    is_sample: bool = False
    case_study: CaseStudy | None = None

    @property
    def dimensions(self) -> pd.DataFrame | None:
        return None if self.analysis is None else self.analysis.dimensions


# ------------------------------------------------------------------------------------ compute

def _problem_notices(problems) -> list[Notice]:
    out = []
    for problem in problems:
        level = "error" if problem.fatal else "info" if problem.code == "blanks" else "warning"
        out.append(Notice(level, f"servqual.problem.{problem.code}", dict(problem.params)))
    return out


def _settings_notices(ws: Workspace) -> list[Notice]:
    """A stored setting that its definition refuses (out of range, wrong type...) is named."""
    out = []
    for spec in SETTINGS:
        if spec.key in ws.settings and ws.settings[spec.key] is not None and not spec.valid(ws.settings[spec.key]):
            out.append(Notice("warning", "servqual.setting_ignored", {"setting": spec.key}))
    return out


def design_for_survey(ws: Workspace) -> pd.DataFrame | None:
    """The design standard given for the workspace's survey: the ``servqual_design`` dataset,
    unless it is the sample case's and the survey is not (the sample's design belongs to the
    sample survey only)."""
    design = ws.get("servqual_design")
    if design is None:
        return None
    if ws.source("servqual_design") == SAMPLE and ws.source("servqual") != SAMPLE:
        return None
    return design


def _own_sources(ws: Workspace) -> tuple[DataSource, ...]:
    names = [n for n in DATASETS if n != "servqual_design" or design_for_survey(ws) is not None]
    return provenance(ws, names)


def _prepared(ws: Workspace) -> tuple:
    """Stage: (survey or None, problems, failed) from the datasets and the scale setting only."""
    scale_choice = view_settings(ws, (SPECS["servqual.scale"],), sample_settings())["servqual.scale"][0]
    try:
        survey, problems = sq.prepare_survey(ws.get("servqual"), ws.get("servqual_mapping"), design_for_survey(ws),
                                             None if scale_choice == AUTO else int(scale_choice))
    except Exception:  # noqa: BLE001 - a table intake let through but the view cannot read
        return None, (), True
    return survey, tuple(problems), False


def _analysis(ws: Workspace, segment: str | None) -> sq.Analysis:
    """Stage: the analysis of one segment's respondents (None: all of them)."""
    return sq.analyse(stage(_prepared, ws)[0].subset(segment), CONFIDENCE, ALPHA)


def _by_segment(ws: Workspace) -> pd.DataFrame:
    """Stage: the dimension gaps of every segment (does not depend on the segment shown)."""
    return sq.gaps_by_segment(stage(_prepared, ws)[0], CONFIDENCE)


def _case_study(ws: Workspace) -> CaseStudy | None:
    """Stage: the sample's case study, on the whole survey."""
    return case_study(stage(_prepared, ws)[0], stage(_analysis, ws, None))


def compute(ws: Workspace) -> ServqualResult:
    """Everything the SERVQUAL view shows for this workspace (see the module docstring). The survey,
    the analysis of the segment shown, the segments table and the case study are stages
    (core.views.stage): choosing a segment recomputes only that segment's analysis."""
    settings = view_settings(ws, SETTINGS, sample_settings())
    notices = _settings_notices(ws)
    base = dict(sources=_own_sources(ws), settings=settings, is_sample=ws.is_sample)
    if ws.get("servqual") is None:
        return ServqualResult(notices=tuple(notices), **base)
    if ws.get("servqual_design") is not None and design_for_survey(ws) is None:
        notices.append(Notice("info", "servqual.design_not_for_this_survey"))
    scale_choice, scale_origin = settings["servqual.scale"]
    survey, problems, failed = stage(_prepared, ws)
    if failed:
        notices.append(Notice("error", "servqual.problem.no_items"))
        return ServqualResult(notices=tuple(notices), has_data=True, **base)
    notices += _problem_notices(problems)
    if survey is None:
        return ServqualResult(notices=tuple(notices), has_data=True, **base)
    segment = settings["servqual.segment"][0]
    segment = segment if segment in survey.segments() else None
    part = survey.subset(segment)
    analysis = stage(_analysis, ws, segment)
    notices += _problem_notices(analysis.problems)
    facts = sq.summary(analysis.dimensions, analysis.tests) if analysis.dimensions is not None else None
    return ServqualResult(
        notices=tuple(notices), has_data=True, scale=survey.scale_max, scale_inferred=survey.scale_inferred,
        scale_origin=ORIGIN_DATA if scale_choice == AUTO else scale_origin,
        segments=tuple(survey.segments()), segment=segment, n_total=survey.n_respondents,
        analysis=analysis, facts=facts,
        worst_shortfall=-facts.gap if facts else math.nan,
        worst_shortfall_share=-sq.gap_share_of_range(facts.gap, survey.scale_max) if facts else math.nan,
        has_importance=part.importance is not None and analysis.scores is not None
        and analysis.scores.n_weighted > 0,
        design_used=analysis.design is not None and len(analysis.design) > 0,
        design_worst=_design_worst(analysis.design), priority_first=_priority_first(analysis.ipa),
        by_segment=stage(_by_segment, ws),
        case_study=stage(_case_study, ws) if _sample_survey(ws) else None,
        **base)


def _sample_survey(ws: Workspace) -> bool:
    """The workspace is the sample case and its survey is the sample's (the case study's survey)."""
    return ws.is_sample and ws.source("servqual") == SAMPLE


def _design_worst(design: pd.DataFrame | None) -> tuple[str, float] | None:
    if design is None or not len(design) or design["gap_design"].isna().all():
        return None
    worst = design["gap_design"].idxmin()
    return str(worst), float(design.loc[worst, "gap_design"])


def _priority_first(ipa: pd.DataFrame | None) -> str | None:
    return None if ipa is None or not len(ipa) else str(ipa["priority"].idxmin())


CASE_NOTES = ("servqual.sample_note", "servqual.case.labels", "servqual.case.units",
              "servqual.case.design")


def case_study(survey: sq.Survey, analysis: sq.Analysis | None = None) -> CaseStudy | None:
    """Seed 000's Table 3 (published means, 2 decimals) beside the whole sample survey's means."""
    from core.sample import sample_table

    analysis = analysis or sq.analyse(survey, CONFIDENCE, ALPHA)
    if analysis.dimensions is None:
        return None
    table3 = sample_table("servqual_summary.csv").set_index("dimension")
    dims = analysis.dimensions.reindex(table3.index)
    out = pd.DataFrame(index=pd.Index(table3.index, name="dimension"))
    out["paper_label"] = table3["paper_label"]
    out["expectation_paper"] = table3["expectation"]
    out["expectation"] = dims["expectation"]
    out["perception_paper"] = table3["perception"]
    out["perception"] = dims["perception"]
    out["gap_paper"] = table3["perception"] - table3["expectation"]
    out["gap"] = dims["gap"]
    out["design_paper"] = table3["design"]
    out["gap_design_paper"] = table3["perception"] - table3["design"]
    return CaseStudy(out, CASE_NOTES)


# ------------------------------------------------------------------------------------ text

def p_text(p: float, t: Translator) -> str:
    """A p-value with 3 decimals, "< 0.001" below that, "–" when it could not be computed."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "–"
    return t("servqual.p_below", p=t.num(0.001, 3)) if p < 0.001 else t.num(p, 3)


def notice_text(notice: Notice, t: Translator) -> str:
    """A notice in the user's language; text from the file (dimension names...) shown literally."""
    params = {}
    for key, value in notice.params.items():
        if key == "dimension":
            value = dimension_name(value, t)
        if key == "setting":
            value = t(f"servqual.setting.{value.split('.', 1)[1]}")
        params[key] = escape_markdown(value) if isinstance(value, str) else value
    return t(notice.key, **params)


def summary_sentences(result: ServqualResult, t: Translator) -> list[str]:
    """The plain-language summary (Markdown), the same on the page and in the report."""
    facts, lines = result.facts, []
    if facts is None:
        return lines
    name = lambda d: escape_markdown(dimension_name(d, t))  # noqa: E731
    args = dict(dimension=name(facts.worst), low=t.num(facts.gap_low, 2), high=t.num(facts.gap_high, 2),
                n=t.int(facts.n))
    if facts.gap < 0:
        lines.append(t("servqual.summary_worst", gap=t.num(result.worst_shortfall, 2), scale=result.scale,
                       share=t.pct(result.worst_shortfall_share, 1), **args))
    else:
        lines.append(t("servqual.summary_positive", gap=t.num(facts.gap, 2), **args))
    key = "servqual.summary_real" if facts.significant else "servqual.summary_not_real"
    lines.append(t(key, k=facts.n_dimensions, p_t=p_text(facts.p_t_adj, t), p_w=p_text(facts.p_w_adj, t)))
    lines.append(t("servqual.summary_count", m=facts.n_shortfalls, k=facts.n_dimensions))
    if result.design_used and result.design_worst is not None:
        lines.append(t("servqual.summary_design", dimension=name(result.design_worst[0]),
                       gap=t.num(result.design_worst[1], 2)))
    if result.priority_first is not None:
        lines.append(t("servqual.summary_priority", dimension=name(result.priority_first)))
    return lines


def scale_caption(result: ServqualResult, t: Translator) -> str:
    """Where the scale came from: the answers, or the user's choice (with what the answers suggest)."""
    if result.scale is None:
        return ""
    if result.scale_origin == ORIGIN_DATA:
        return t("servqual.scale_caption_inferred", scale=result.scale)
    return t("servqual.scale_caption_chosen", scale=result.scale, inferred=result.scale_inferred)


def kpis(result: ServqualResult, t: Translator) -> list[tuple[str, str, str]]:
    """(label, value, help) of the four headline figures, formatted for the language."""
    a = result.analysis
    if a is None or a.scores is None:
        return []
    s = a.scores
    out = [(t("servqual.kpi_unweighted"), t.num(s.unweighted, 2),
            t("servqual.kpi_unweighted_help", low=t.num(s.unweighted_low, 2), high=t.num(s.unweighted_high, 2),
              n=t.int(s.n_unweighted)))]
    if result.has_importance:
        out.append((t("servqual.kpi_weighted"), t.num(s.weighted, 2),
                    t("servqual.kpi_weighted_help", low=t.num(s.weighted_low, 2), high=t.num(s.weighted_high, 2),
                      n=t.int(s.n_weighted), bad=t.int(s.n_invalid_weights))))
    else:
        out.append((t("servqual.kpi_weighted"), "–", t("servqual.kpi_weighted_none")))
    out.append((t("servqual.kpi_alpha"), t.num(a.alpha_overall, 2),
                t("servqual.kpi_alpha_help", n=t.int(a.n_alpha_overall), alpha_e=t.num(a.alpha_overall_expectation, 2))))
    out.append((t("servqual.kpi_n"), t.int(a.n_respondents), t("servqual.kpi_n_help")))
    return out


# ------------------------------------------------------------------------------------ tables

DIM_COLUMNS = ["expectation", "perception", "gap", "gap_low", "gap_high", "gap_share", "alpha",
               "alpha_expectation", "n"]
ITEM_COLUMNS = ["dimension", "expectation", "perception", "gap", "gap_low", "gap_high", "gap_share", "n"]
TEST_COLUMNS = ["n", "gap", "t", "df", "p_t", "p_t_adj", "w", "p_w", "p_w_adj", "cohen_dz", "r_rb", "significant"]
DESIGN_COLUMNS = ["design", "perception", "gap_design", "gap_design_low", "gap_design_high", "n"]
IPA_COLUMNS = ["importance", "perception", "gap", "contribution", "quadrant", "priority", "n"]
SEGMENT_COLUMNS = ["expectation", "perception", "gap", "gap_low", "gap_high", "alpha", "n"]
CASE_COLUMNS = ["paper_label", "expectation_paper", "expectation", "perception_paper", "perception",
                "gap_paper", "gap", "design_paper", "gap_design_paper"]

# Column kinds for display: number of decimals, or a formatter name.
FORMATS = {
    "expectation": 2, "perception": 2, "gap": 2, "gap_low": 2, "gap_high": 2, "alpha": 2,
    "alpha_expectation": 2, "n": 0, "gap_share": "pct", "t": 2, "df": 0, "p_t": "p", "p_t_adj": "p",
    "w": 1, "p_w": "p", "p_w_adj": "p", "cohen_dz": 2, "r_rb": 2, "design": 2, "gap_design": 2,
    "gap_design_low": 2, "gap_design_high": 2, "importance": 1, "contribution": 3, "priority": 0,
    "expectation_paper": 2, "perception_paper": 2, "gap_paper": 2, "design_paper": 2, "gap_design_paper": 2,
}


def display_table(table: pd.DataFrame, columns: list[str], t: Translator, index: str = "dimension") -> pd.DataFrame:
    """A result table with translated headers and dimension/quadrant names (numbers unchanged)."""
    out = table[[c for c in columns if c in table.columns]].copy()
    if "quadrant" in out:
        out["quadrant"] = [t(f"servqual.quadrant.{q}") for q in out["quadrant"]]
    if "significant" in out:
        out["significant"] = [t("servqual.yes") if v else t("servqual.no") for v in out["significant"]]
    if "dimension" in out:
        out["dimension"] = [dimension_name(d, t) if isinstance(d, str) else "" for d in out["dimension"]]
    if index == "dimension":
        out.index = [dimension_name(d, t) for d in out.index]
    elif index == "item":
        out.index = [item_name(i, t) for i in out.index]
    elif index == "segment":
        out.index = pd.MultiIndex.from_tuples([(s, dimension_name(d, t)) for s, d in out.index],
                                              names=[t("servqual.col.segment"), t("servqual.col.dimension")])
    if index != "segment":
        out.index.name = t(f"servqual.col.{index}")
    shown = list(out.columns)
    out.columns = [t(f"servqual.col.{c}") for c in out.columns]
    # how each column reads, for the page, the report's HTML and the downloads (core.export): a share
    # of the scale's range shows as a percentage (and exports as one), a p-value as "< 0,001"
    out.attrs["formats"] = formatters(shown, t)
    out.attrs["percent"] = [t(f"servqual.col.{c}") for c in shown if FORMATS.get(c) == "pct"]
    return out


def formatters(columns: list[str], t: Translator) -> dict:
    """Column label -> function formatting a value the language's way (for a pandas Styler)."""
    out = {}
    for col in columns:
        kind = FORMATS.get(col)
        label = t(f"servqual.col.{col}")
        if kind == "pct":
            out[label] = lambda v: t.pct(v, 1)
        elif kind == "p":
            out[label] = lambda v: p_text(v, t)
        elif isinstance(kind, int):
            out[label] = (lambda d: (lambda v: t.num(v, d)))(kind)
    return out


def tables(result: ServqualResult, t: Translator) -> dict[str, tuple[pd.DataFrame, list[str]]]:
    """Sheet name -> (display table, its columns) for every table the view shows."""
    a, out = result.analysis, {}
    if a is None:
        return out
    if a.dimensions is not None:
        out[t("servqual.sheet_dimensions")] = (display_table(a.dimensions, DIM_COLUMNS, t), DIM_COLUMNS)
    if a.design is not None and result.design_used:
        out[t("servqual.sheet_design")] = (display_table(a.design, DESIGN_COLUMNS, t), DESIGN_COLUMNS)
    out[t("servqual.sheet_items")] = (display_table(a.items, ITEM_COLUMNS, t, "item"), ITEM_COLUMNS)
    if a.tests is not None:
        out[t("servqual.sheet_tests")] = (display_table(a.tests, TEST_COLUMNS, t), TEST_COLUMNS)
    if a.ipa is not None:
        out[t("servqual.sheet_priorities")] = (display_table(a.ipa.sort_values("priority"), IPA_COLUMNS, t),
                                               IPA_COLUMNS)
    if len(result.by_segment):
        out[t("servqual.sheet_segments")] = (display_table(result.by_segment, SEGMENT_COLUMNS, t, "segment"),
                                             SEGMENT_COLUMNS)
    return out
