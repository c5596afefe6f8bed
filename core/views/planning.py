"""The survey-planning view model: sample sizes, margins of a survey already run, and the margins of
the surveys in the workspace, from one workspace's settings and data.

- Numbers typed by the user are read in her language (:func:`parse_number`): "3,5" is 3.5 in
  Spanish and "3.5" is 3.5 in English; text that cannot be read unambiguously is refused with a
  message, never multiplied by ten (issue 14). The page uses text inputs read here, because the
  browser's number input reads "3,5" by the browser's locale, not the page's language.
- The loaded-surveys table uses the workspace's own ``journey_responses`` and ``servqual``:
  in the sample case the sample's, in a workspace of the user's own data only hers (a sample
  dataset there is ignored), or nothing; the result says which.
- The number of answers of "a survey already run" defaults to her survey's respondents
  (origin "data"); the seed's 9,686 users are a sample setting only.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from core import sampling
from core.typed_number import read_typed_number, typed_text as typed_number_text
from core.settings import ORIGIN_DATA, ORIGIN_DEFAULT, Setting
from core.views import DataSource, Notice, provenance, view_settings
from core.workspace import SAMPLE, Workspace

KINDS = ("proportion", "nps", "mean")
CONFIDENCES = (0.90, 0.95, 0.99)
MAX_POPULATION = 100_000_000

SETTINGS = (
    Setting("planning.kind", "choice", "proportion", options=KINDS),
    Setting("planning.confidence", "choice", 0.95, options=CONFIDENCES),
    Setting("planning.population", "int", 0, min=0, max=MAX_POPULATION),          # 0: unknown/infinite
    Setting("planning.margin_pct", "float", 5.0, min=0.01, max=50.0),             # percentage points
    Setting("planning.margin_points", "float", 5.0, min=0.1, max=200.0),          # NPS points
    Setting("planning.margin_scale", "float", 0.1, min=0.001, max=10.0),          # scale points
    Setting("planning.p", "float", 50.0, min=0.1, max=99.9),                      # expected share, %
    Setting("planning.promoters", "float", 50.0, min=0.0, max=100.0),             # %
    Setting("planning.detractors", "float", 50.0, min=0.0, max=100.0),            # %
    Setting("planning.sd", "float", 1.0, min=0.001, max=100.0),                   # scale points
    Setting("planning.n_run", "int", None, min=1, max=MAX_POPULATION),            # None: from the data
    Setting("planning.population_run", "int", 0, min=0, max=MAX_POPULATION),
    Setting("planning.confidence_run", "choice", 0.95, options=CONFIDENCES),
    Setting("planning.gap_sd", "float", 1.0, min=0.001, max=100.0),
)
SPECS = {spec.key: spec for spec in SETTINGS}
NEUTRAL_N_RUN = 100   # answers assumed when the workspace holds no survey to count


def sample_settings() -> dict:
    """Seed 000: a population of 9,686 users (its sample of 371 is counted from the data)."""
    return {"planning.population": 9686, "planning.population_run": 9686}


# ------------------------------------------------------------------------------ typed numbers

def parse_number(text, lang: str = "es") -> float | None:
    """A number typed in the page's language (counts allowed: "9.686" is 9686 in Spanish), or None
    when it cannot be read unambiguously (core.typed_number)."""
    return read_typed_number(text, lang, thousands=True)[0]


def typed_text(value, lang: str = "es") -> str:
    """A setting's value as the user would type it in ``lang`` (what the input box shows)."""
    return typed_number_text(value, lang, thousands=True)


@dataclass(frozen=True)
class Typed:
    """A typed number read for one setting: ``value`` (None when refused) and the ``notice``
    (catalog key and parameters) that says why it was refused."""

    value: float | int | None
    notice: Notice | None = None


def read_typed(spec: Setting, text, lang: str = "es") -> Typed:
    """``text`` typed into the input of ``spec``: its value when readable and inside the range,
    else a notice naming the text and the range (in the page's language the page formats)."""
    number = parse_number(text, lang)
    if number is None:
        return Typed(None, Notice("error", "planning.typed.not_a_number", {"text": str(text)}))
    if spec.kind == "int" and number != int(number):
        return Typed(None, Notice("error", "planning.typed.not_integer", {"text": str(text)}))
    if not spec.valid(number):
        return Typed(None, Notice("error", "planning.typed.out_of_range",
                                  {"text": str(text), "min": spec.min, "max": spec.max}))
    return Typed(spec.clean(number))


# ------------------------------------------------------------------------------ the result

@dataclass(frozen=True)
class MarginsRun:
    """Worst-case margins of a survey of ``n`` answers already run (points, scale points)."""

    n: int
    population: int | None
    confidence: float
    nps_points: float
    ins_points: float
    gap_scale: float
    gap_sd: float
    curve: pd.DataFrame           # core.sampling.margin_curve
    ins_fraction: float           # the marked point on the curve (a fraction)


@dataclass(frozen=True)
class CaseStudy:
    """Seed 000: 371 users surveyed of 9,686, against the standard formula (sample only)."""

    check: sampling.SeedCheck
    n0_up: int
    n0_up_minus_1: int
    n0_minus_1: float
    margin_reported_points: float


@dataclass(frozen=True)
class PlanningResult:
    sources: tuple[DataSource, ...]
    settings: dict
    notices: tuple[Notice, ...]
    kind: str
    size: sampling.SampleSize | None
    size_error: Notice | None
    n0_minus_1: float
    margin_shown: float           # the margin in the units the formula shows (fraction, points)
    run: MarginsRun | None
    run_error: Notice | None
    n_run_from: str | None        # the dataset the default n was counted from
    observed: pd.DataFrame        # core.sampling.observed_margins
    observed_from: tuple[str, ...]
    is_sample: bool
    case_study: CaseStudy | None


def _error(err: sampling.SamplingInputError) -> Notice:
    return Notice("error", f"planning.error.{err.reason}", {"field": err.field})


def _pop(value) -> int | None:
    return None if not value else int(value)


def _size(s: dict) -> tuple[sampling.SampleSize | None, Notice | None]:
    kind, conf, pop = s["planning.kind"][0], s["planning.confidence"][0], _pop(s["planning.population"][0])
    try:
        if kind == "proportion":
            return sampling.sample_size_proportion(s["planning.margin_pct"][0] / 100.0, conf,
                                                   s["planning.p"][0] / 100.0, pop), None
        if kind == "nps":
            return sampling.sample_size_nps(s["planning.margin_points"][0], conf, s["planning.promoters"][0] / 100.0,
                                            s["planning.detractors"][0] / 100.0, pop), None
        return sampling.sample_size_mean(s["planning.sd"][0], s["planning.margin_scale"][0], conf, pop), None
    except sampling.SamplingInputError as err:
        return None, _error(err)


def _usable(ws: Workspace, name: str):
    """A dataset the view may use: any in the sample case, only the user's own elsewhere."""
    data = ws.get(name)
    if data is None or (not ws.is_sample and ws.source(name) == SAMPLE):
        return None
    return data


def _observed(ws: Workspace) -> tuple[dict | None, dict | None, pd.DataFrame | None, int | None, list[Notice]]:
    """NPS and INS of the journey responses, gap summary and respondents of the SERVQUAL survey."""
    from core import journey as jr
    from core import servqual as sq

    nps_in = ins_in = gaps_in = n_survey = None
    notices = []
    responses = _usable(ws, "journey_responses")
    if responses is not None:
        try:
            clean, _ = jr.clean_responses(responses)
            if not clean.empty:
                o = jr.overall_indicators(clean)
                nps_in = {"n": o["n_nps"], "promoters": o["promoters"], "detractors": o["detractors"]}
                ins_in = {"n": o["n_ins"], "share": o["ins_pct"] / 100.0}
        except Exception:  # noqa: BLE001 - a file the journey view cannot read is named, not raised
            notices.append(Notice("warning", "planning.loaded.journey_bad"))
    table = _usable(ws, "servqual")
    if table is not None:
        try:
            survey, _ = sq.prepare_survey(table, _usable(ws, "servqual_mapping"))
            n_survey = survey.n_respondents if survey is not None else None
            gaps_in = sampling.gap_summary(sq.respondent_scores(survey.expectations, survey.perceptions,
                                                                survey.mapping))
        except Exception:  # noqa: BLE001
            notices.append(Notice("warning", "planning.loaded.servqual_bad"))
    return nps_in, ins_in, gaps_in, n_survey, notices


def _n_run(s: dict, n_survey: int | None, nps_in: dict | None) -> tuple[int, str, str | None]:
    """The answers of the survey already run: the user's, else her survey's count, else neutral."""
    value, origin = s["planning.n_run"]
    if value is not None:
        return int(value), origin, None
    if n_survey:
        return int(n_survey), ORIGIN_DATA, "servqual"
    if nps_in and nps_in.get("n"):
        return int(nps_in["n"]), ORIGIN_DATA, "journey_responses"
    return NEUTRAL_N_RUN, ORIGIN_DEFAULT, None


def _run(n: int, s: dict) -> tuple[MarginsRun | None, Notice | None]:
    pop, conf, sd = _pop(s["planning.population_run"][0]), s["planning.confidence_run"][0], s["planning.gap_sd"][0]
    try:
        e_prop = sampling.margin_proportion(n, 0.5, conf, pop)
        e_nps = sampling.margin_nps(n, 0.5, 0.5, conf, pop)
        e_gap = sampling.margin_mean(n, sd, conf, pop)
    except sampling.SamplingInputError as err:
        return None, _error(err)
    curve = sampling.margin_curve(pop, conf, n_max=max(2000, 2 * n))
    return MarginsRun(n, pop, conf, e_nps, 100.0 * e_prop, e_gap, sd, curve, e_prop), None


def _case_study() -> CaseStudy:
    chk = sampling.seed_000_check()
    up = math.ceil(chk.n0)
    return CaseStudy(chk, up, up - 1, chk.n0 - 1, 100.0 * chk.margin_reported)


def _settings_notices(ws: Workspace) -> list[Notice]:
    return [Notice("warning", "planning.setting_ignored", {"setting": spec.key}) for spec in SETTINGS
            if spec.key in ws.settings and ws.settings[spec.key] is not None and not spec.valid(ws.settings[spec.key])]


def compute(ws: Workspace) -> PlanningResult:
    """Everything the survey-planning view shows for this workspace (see the module docstring)."""
    s = view_settings(ws, SETTINGS, sample_settings())
    notices = _settings_notices(ws)
    size, size_error = _size(s)
    nps_in, ins_in, gaps_in, n_survey, more = _observed(ws)
    notices += more
    n_run, n_origin, n_from = _n_run(s, n_survey, nps_in)
    s = {**s, "planning.n_run": (n_run, n_origin)}
    run, run_error = _run(n_run, s)
    pop_run, conf_run = _pop(s["planning.population_run"][0]), s["planning.confidence_run"][0]
    try:
        observed = sampling.observed_margins(nps_in, ins_in, gaps_in, conf_run, pop_run)
    except sampling.SamplingInputError as err:
        observed, run_error = sampling.observed_margins(None, None, None, conf_run), run_error or _error(err)
    used = [n for n, x in (("journey_responses", nps_in), ("servqual", gaps_in)) if x is not None]
    kind = s["planning.kind"][0]
    return PlanningResult(
        sources=provenance(ws, used), settings=s, notices=tuple(notices), kind=kind, size=size,
        size_error=size_error, n0_minus_1=size.n0 - 1 if size else math.nan,
        margin_shown=size.margin if size else math.nan, run=run, run_error=run_error, n_run_from=n_from,
        observed=observed, observed_from=tuple(used), is_sample=ws.is_sample,
        case_study=_case_study() if ws.is_sample else None)


# ------------------------------------------------------------------------------ text

def notice_text(notice: Notice, t) -> str:
    """A notice in the user's language (field names translated, typed text shown literally)."""
    from core.text import escape_markdown

    params = dict(notice.params)
    if "field" in params:
        key = f"planning.field.{params['field']}"
        params["field"] = t(key) if t.has(key) else str(params["field"])
    if "setting" in params:
        params["setting"] = t(f"planning.setting.{params['setting'].split('.', 1)[1]}")
    if "text" in params:
        params["text"] = escape_markdown(params["text"])
    for bound in ("min", "max"):
        if bound in params:
            params[bound] = "–" if params[bound] is None else t.num(params[bound], 3).rstrip("0").rstrip(",.")
    return t(notice.key, **params)


def observed_table(result: PlanningResult, t) -> pd.DataFrame:
    """The loaded surveys' margins as the page and the report show them (text cells)."""
    from core.figures.servqual import dimension_name

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
            return t("planning.pct", v=t.num(x, 1))
        return t.num(x, 1) if col == "estimate" else t("planning.pm_points", v=t.num(x, 1))

    rows = list(result.observed.iterrows())
    return pd.DataFrame({
        t("planning.loaded.col.indicator"): [name(r) for _, r in rows],
        t("planning.loaded.col.estimate"): [value(r, "estimate") for _, r in rows],
        t("planning.loaded.col.n"): [t.int(r["n"]) for _, r in rows],
        t("planning.loaded.col.margin"): [value(r, "margin") for _, r in rows],
        t("planning.loaded.col.margin_fpc"): [value(r, "margin_fpc") for _, r in rows],
    })


def formula_latex(result: PlanningResult, t) -> list[str]:
    """The sample-size arithmetic as LaTeX lines, with the language's decimal mark."""
    size = result.size
    if size is None:
        return []

    def lx(value: float, decimals: int) -> str:
        return t.num(value, decimals).replace(",", "{,}")

    v = {"proportion": rf"p\,(1-p) = {lx(size.variance, 4)}",
         "nps": rf"V = P + D - (P - D)^2 = {lx(size.variance, 4)}",
         "mean": rf"\sigma^2 = {lx(size.variance, 4)}"}[result.kind]
    scale = r"\times 100^2" if result.kind == "nps" else ""
    e_text = lx(size.margin, 3 if result.kind == "proportion" else 2)
    lines = [rf"{v} \qquad n_0 = \frac{{z^2\,V {scale}}}{{e^2}} = "
             rf"\frac{{{lx(size.z, 6)}^2 \times {lx(size.variance, 4)} {scale}}}{{{e_text}^2}} = {lx(size.n0, 2)}"]
    if size.population is not None:
        lines.append(rf"n = \frac{{n_0}}{{1 + (n_0 - 1)/N}} = \frac{{{lx(size.n0, 2)}}}"
                     rf"{{1 + {lx(result.n0_minus_1, 2)} / {lx(size.population, 0)}}} = {lx(size.n_fpc, 2)}"
                     rf" \;\rightarrow\; {lx(size.n, 0)}")
    return lines
