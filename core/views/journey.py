"""View model of the customer journey map: everything the journey page, its report section and the
deck show, computed once from the workspace (issue 19).

Phases are the user's: from her journey map when she uploaded one, otherwise from her responses
(order from an optional ``order`` column, else first appearance). Responses naming a phase that is
not in the map are reported (name, count, rows) and left out; the phase list is never replaced by
the sample's. Indicators per phase (NPS with its 95 % margin, INS top-2-box % and mean, CES % and
mean) come from the published table (map values) or from the responses; a map with phases but no
values works (indicators from the responses, or blanks shown as "–").

Definitions: core/journey.py and ../shared/DESIGN.md. No streamlit, no I/O; never raises on user data.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import pandas as pd

from core import journey as jr
from core import verbatim as vb
from core.typed_number import read_typed_number, typed_text  # noqa: F401 (typed_text: pages)
from core.settings import ORIGIN_DATA, ORIGIN_DEFAULT, Setting
from core.views import DataSource, Notice, provenance, stage, view_settings
from core.workspace import SAMPLE, Workspace

DATASETS = ("journey_map", "journey_responses")
ALL_PHASES = "__all__"
TREND_INDICATORS = ("nps", "ins_pct", "ces_pct")
TREND_BY = ("none", "segment", "channel")
SOURCES = ("table", "responses")

# DESIGN.md's pain-point targets (NPS >= 85, INS >= 85 %, CES % <= 40 %) are the neutral defaults;
# 4.25 (85 % of the top score 5) judges an INS known only as a 1-5 mean.
TARGETS = (
    Setting("journey.nps_min", "float", 85.0, min=-100.0, max=100.0),
    Setting("journey.ins_pct_min", "float", 85.0, min=0.0, max=100.0),
    Setting("journey.ces_pct_max", "float", 40.0, min=0.0, max=100.0),
    Setting("journey.ins_mean_min", "float", 4.25, min=1.0, max=5.0),
)
SETTINGS: tuple[Setting, ...] = TARGETS + (
    Setting("journey.source", "choice", None, options=SOURCES),        # None: from the data
    Setting("journey.marked", "table", None),                          # list of phases; None: map's pain moments
    Setting("journey.phase", "text", None),                            # phase in detail; None: the first
    Setting("journey.split", "date", None),                            # start of period 2; None: from the data
    Setting("journey.compare_phase", "text", ALL_PHASES),
    Setting("journey.trend_ind", "choice", "nps", options=TREND_INDICATORS),
    Setting("journey.trend_by", "choice", "none", options=TREND_BY),
    Setting("journey.pareto_unhappy", "bool", True),
    Setting("journey.dictionary", "table", None),                      # edited cause dictionary
)
SPECS = {s.key: s for s in SETTINGS}


def sample_settings() -> dict:
    """The sample case opens on seed 000's published Table 2 (the map's values)."""
    return {"journey.source": "table"}


@dataclass(frozen=True)
class PhaseDetail:
    """One phase in detail: its indicator row, answer distributions and comments (responses), or
    the map's customer-voice items with their causes (table only)."""

    phase: str
    row: dict
    from_responses: bool
    n_responses: int = 0
    distributions: dict = field(default_factory=dict)     # column -> core.journey.score_distribution
    comments: pd.DataFrame | None = None                  # verbatim.comments_by_response of the phase
    voice: tuple = ()                                     # ((item, (cause, ...)), ...)


@dataclass(frozen=True)
class Comparison:
    """Before/after NPS test around ``split`` (dates range ``low``..``high``)."""

    low: dt.date
    high: dt.date
    split: dt.date
    split_origin: str
    phase: str
    result: jr.NpsComparison | None
    notice: Notice | None


@dataclass(frozen=True)
class JourneyResult:
    sources: tuple[DataSource, ...] = ()
    settings: dict = field(default_factory=dict)           # key -> (value, origin)
    notices: tuple[Notice, ...] = ()
    phases: tuple[str, ...] = ()
    phase_origin: str = ""                                 # "map" or "responses"
    journey_map: pd.DataFrame | None = None                # parsed map (or phases-only skeleton)
    available_sources: tuple[str, ...] = ()
    source: str = "table"
    targets: jr.Targets = jr.Targets()
    marked: tuple[str, ...] = ()
    indicators: pd.DataFrame | None = None                 # per phase, the chosen source
    pains: pd.DataFrame | None = None
    overall: dict | None = None
    n_responses: int = 0
    voice: dict = field(default_factory=dict)              # phase -> [(cause, n)] from comments
    causes: pd.DataFrame | None = None
    pareto: pd.DataFrame | None = None
    pareto_n: int = 0
    pareto_other: int = 0
    detail: PhaseDetail | None = None
    monthly: pd.DataFrame | None = None
    trend_indicator: str = "nps"
    trend_by: str | None = None
    trend_target: float = math.nan
    comparison: Comparison | None = None
    segments: pd.DataFrame | None = None
    synthetic: bool = False                                # the sample's synthetic responses
    case_study: dict | None = None                         # sample workspace only

    @property
    def has_data(self) -> bool:
        return bool(self.phases)

    @property
    def pain_phases(self) -> tuple[str, ...]:
        if self.pains is None or self.pains.empty:
            return ()
        return tuple(self.pains.loc[self.pains["pain"], "phase"])

    def value(self, key: str):
        return self.settings[key][0]


# ----------------------------------------------------------------------------- reading the data
def _issue_notice(issue: jr.Issue) -> Notice:
    return Notice(issue.severity, f"journey.err.{issue.key}", dict(issue.params))


def _error_notice(err: jr.JourneyDataError) -> Notice:
    return Notice("error", f"journey.err.{err.key}", dict(err.params))


def _read_map(raw) -> tuple[pd.DataFrame | None, list[Notice]]:
    if raw is None:
        return None, []
    try:
        jm, issues = jr.parse_journey_map(raw)
    except jr.JourneyDataError as err:
        return None, [_error_notice(err)]
    return jm, [_issue_notice(i) for i in issues]


def _read_responses(raw, phases) -> tuple[pd.DataFrame | None, list[Notice]]:
    if raw is None:
        return None, []
    try:
        clean, issues = jr.clean_responses(raw, phases)
    except jr.JourneyDataError as err:
        return None, [_error_notice(err)]
    notices = [_issue_notice(i) for i in issues]
    if clean.empty:
        return None, notices + [Notice("warning", "journey.err.no_usable_responses")]
    return clean, notices


def _skeleton_map(phases: list[str]) -> pd.DataFrame:
    """A map of phases only (no published values), for responses without an uploaded map."""
    n = len(phases)
    return pd.DataFrame({"phase": phases, "order": [float(i + 1) for i in range(n)], "customer_process": [""] * n,
                         "true_moment": [False] * n, "pain_moment": [False] * n, "ins": [math.nan] * n,
                         "nps": [math.nan] * n, "ces": [math.nan] * n, "customer_voice": [""] * n,
                         "ins_kind": ["mean"] * n})


def _has_values(jm: pd.DataFrame) -> bool:
    return bool(jm[["ins", "nps", "ces"]].notna().to_numpy().any())


# ----------------------------------------------------------------------------- settings
def _with_origin(settings: dict, key: str, valid, derived) -> None:
    """Keep a stored value that ``valid`` accepts; otherwise use ``derived`` (from the data)."""
    value, origin = settings[key]
    if value is None or not valid(value):
        settings[key] = (derived, ORIGIN_DATA if derived not in (None, []) else ORIGIN_DEFAULT)


def _targets(settings: dict) -> jr.Targets:
    return jr.Targets(nps_min=settings["journey.nps_min"][0], ins_pct_min=settings["journey.ins_pct_min"][0],
                      ces_pct_max=settings["journey.ces_pct_max"][0],
                      ins_mean_min=settings["journey.ins_mean_min"][0])


def _resolve_choices(settings: dict, phases: list[str], jm: pd.DataFrame, available: tuple) -> None:
    _with_origin(settings, "journey.source", lambda v: v in available, available[0] if available else "table")
    pain_moments = [p for p, m in zip(jm["phase"], jm["pain_moment"]) if m]
    _with_origin(settings, "journey.marked",
                 lambda v: isinstance(v, list) and all(isinstance(p, str) and p in phases for p in v), pain_moments)


# ----------------------------------------------------------------------------- compute
PHASE = "journey.phase"
# read by their own stages (_trend, _compared), not by _all_phases: a move of one of these widgets
# recomputes only its part, not every phase's indicators, verbatim and figures
TREND_KEYS = ("journey.trend_ind", "journey.trend_by")
COMPARE_KEYS = ("journey.split", "journey.compare_phase")


def _read(ws: Workspace) -> tuple:
    """Stage: (map or None, clean responses or None, notices) from the datasets only."""
    jm, notices = _read_map(ws.get("journey_map"))
    clean, more = _read_responses(ws.get("journey_responses"), None if jm is None else list(jm["phase"]))
    return jm, clean, tuple(notices + more)


def _sample_case(ws: Workspace) -> dict | None:
    """Stage: the sample's case study (datasets only)."""
    jm, clean, _ = stage(_read, ws)
    if jm is None and clean is not None:
        jm = _skeleton_map(list(clean["phase"].cat.categories))
    return _case_study(ws, jm, clean)


def _all_phases(ws: Workspace) -> tuple:
    """Stage: (the result without the phase in detail, the trend and the before/after test, and the
    clean responses): every other setting is read here, so choosing a phase recomputes only its
    detail, and a trend or comparison widget only its part (_trend, _compared)."""
    own = [s for s in SETTINGS if s.key not in (PHASE, *TREND_KEYS, *COMPARE_KEYS)]
    settings = view_settings(ws, own, sample_settings())
    sources = provenance(ws, DATASETS)
    jm, clean, found = stage(_read, ws)
    notices = list(found)
    if jm is None and clean is None:
        return JourneyResult(sources=sources, settings=settings, notices=tuple(notices)), None
    phase_origin = "map" if jm is not None else "responses"
    if jm is None:
        jm = _skeleton_map(list(clean["phase"].cat.categories))
    phases = list(jm["phase"])
    available = tuple(s for s, ok in (("table", _has_values(jm)), ("responses", clean is not None)) if ok)
    if not available:
        notices.append(Notice("info", "journey.map_no_values"))
    _resolve_choices(settings, phases, jm, available)
    source, targets = settings["journey.source"][0], _targets(settings)
    marked = tuple(settings["journey.marked"][0] or ())
    ind = jr.phase_indicators(clean, phases) if source == "responses" else jr.map_indicators(jm)
    result = JourneyResult(
        sources=sources, settings=settings, notices=tuple(notices), phases=tuple(phases), phase_origin=phase_origin,
        journey_map=jm, available_sources=available, source=source, targets=targets, marked=marked,
        indicators=ind, pains=jr.pain_points(ind, targets, marked),
        synthetic=ws.source("journey_responses") == SAMPLE and clean is not None)
    result = _with_responses(result, clean, settings)
    return replace(result, case_study=stage(_sample_case, ws) if ws.is_sample else None), clean


def compute(ws: Workspace) -> JourneyResult:
    """The journey view's result for this workspace (see the module docstring). Everything but the
    phase in detail is a stage (core.views.stage): choosing a phase recomputes only its detail."""
    result, clean = stage(_all_phases, ws)
    own = view_settings(ws, [SPECS[k] for k in (PHASE, *TREND_KEYS, *COMPARE_KEYS)], sample_settings())
    settings = {spec.key: own.get(spec.key) or result.settings[spec.key] for spec in SETTINGS}
    if not result.has_data:
        return replace(result, settings=settings)
    if clean is not None:
        result = replace(result, **stage(_trend, ws, result.targets))
        comparison, split, phase = stage(_compared, ws, result.phases)
        settings["journey.split"], settings["journey.compare_phase"] = split, phase
        result = replace(result, comparison=comparison)
    _with_origin(settings, PHASE, lambda v: v in result.phases, result.phases[0])
    result = replace(result, settings=settings)
    return replace(result, detail=_detail(result, clean))


def _with_responses(result: JourneyResult, clean, settings: dict) -> JourneyResult:
    """Overall indicators, verbatim causes, Pareto, trend, before/after test and segments."""
    if clean is None:
        return result
    causes = vb.classify_comments(clean, vb.dictionary_from_setting(settings["journey.dictionary"][0]))
    pool = vb.unhappy(causes) if settings["journey.pareto_unhappy"][0] else causes
    n_other = int((pool["cause"] == vb.OTHER).sum())
    has_segments = bool(clean["segment"].str.len().gt(0).any())
    return replace(
        result, overall=jr.overall_indicators(clean), n_responses=int(len(clean)),
        voice=vb.top_causes(causes, result.phases) if len(causes) else {}, causes=causes,
        pareto=vb.pareto(pool, top=5, include_other=False), pareto_n=int(len(pool)) - n_other, pareto_other=n_other,
        segments=jr.group_indicators(clean, "segment") if has_segments else None)


def _trend(ws: Workspace, targets: jr.Targets) -> dict:
    """Stage: the trend chart's fields of the result (monthly indicators by segment, channel or
    none; the indicator shown and its target) from the responses and the trend widgets."""
    which = view_settings(ws, [SPECS["journey.trend_ind"]], sample_settings())["journey.trend_ind"][0]
    target = {"nps": targets.nps_min, "ins_pct": targets.ins_pct_min, "ces_pct": targets.ces_pct_max}[which]
    monthly, by = stage(_monthly, ws)
    return dict(monthly=monthly, trend_indicator=which, trend_by=by, trend_target=target)


def _monthly(ws: Workspace) -> tuple:
    """Stage: (monthly indicators or None without dates, the grouping: "segment", "channel" or None)."""
    _, clean, _ = stage(_read, ws)
    by = view_settings(ws, [SPECS["journey.trend_by"]], sample_settings())["journey.trend_by"][0]
    by = None if by == "none" else by
    return (jr.monthly_indicators(clean, by) if clean["date"].notna().any() else None), by


def _compared(ws: Workspace, phases: tuple) -> tuple:
    """Stage: (the before/after NPS test or None without dates, the split date's and the compared
    phase's (value, origin) as used)."""
    _, clean, _ = stage(_read, ws)
    settings = view_settings(ws, [SPECS[k] for k in COMPARE_KEYS], sample_settings())
    if settings["journey.compare_phase"][0] not in [ALL_PHASES, *phases]:
        settings["journey.compare_phase"] = (ALL_PHASES, ORIGIN_DEFAULT)
    comparison = _comparison(clean, settings, list(phases)) if clean["date"].notna().any() else None
    return comparison, settings["journey.split"], settings["journey.compare_phase"]


def _comparison(clean: pd.DataFrame, settings: dict, phases: list[str]) -> Comparison:
    """The before/after NPS test. The split date is re-validated against the responses' dates
    (a date remembered from another workspace, e.g. the sample's 2024, never reaches the widget)."""
    dates = clean["date"].dropna()
    low, high = dates.min().date(), dates.max().date()
    stored, origin = settings["journey.split"]
    if stored is not None and low <= stored <= high:
        split = stored
    else:
        split, origin = jr.default_split_date(dates), ORIGIN_DATA
        settings["journey.split"] = (split, origin)
    phase = settings["journey.compare_phase"][0]
    subset = clean if phase == ALL_PHASES else clean[clean["phase"].astype(object) == phase]
    before, after = jr.split_periods(subset, split)
    try:
        return Comparison(low, high, split, origin, phase, jr.compare_nps(before["recommend"], after["recommend"]), None)
    except jr.JourneyDataError as err:
        return Comparison(low, high, split, origin, phase, None, _error_notice(err))


def _detail(result: JourneyResult, clean) -> PhaseDetail:
    phase = result.value("journey.phase")
    row = result.indicators.set_index("phase").loc[phase].to_dict()
    if clean is None:
        jm = result.journey_map.set_index("phase")
        voice = tuple((item, tuple(vb.classify(item, vb.DEFAULT_CAUSES))) for item in
                      jr.split_items(jm.loc[phase, "customer_voice"]))
        return PhaseDetail(phase, row, False, voice=voice)
    in_phase = clean["phase"].astype(object) == phase
    dists = {c: jr.score_distribution(clean, c, phase) for c in ("recommend", "satisfaction", "effort")}
    causes = result.causes[result.causes["phase"].astype(object) == phase]
    return PhaseDetail(phase, row, result.source == "responses", int(in_phase.sum()), dists,
                       vb.comments_by_response(causes))


def _case_study(ws: Workspace, jm: pd.DataFrame, clean) -> dict | None:
    """Seed 000 material, for the sample workspace only: the published Table 2 against the
    synthetic responses, and the table's inconsistencies."""
    if ws.source("journey_map") != SAMPLE:
        return None
    table = jr.map_indicators(jm).set_index("phase")
    out = {"consistency": jr.seed_consistency(jm), "comparison": None}
    if clean is not None:
        resp = jr.phase_indicators(clean, list(jm["phase"])).set_index("phase")
        out["comparison"] = pd.DataFrame({
            "phase": list(table.index), "nps_table": table["nps"].to_numpy(), "nps_responses": resp["nps"].to_numpy(),
            "ins_table": table["ins_mean"].to_numpy(), "ins_responses": resp["ins_mean"].to_numpy(),
            "ces_table": table["ces_pct"].to_numpy(), "ces_responses": resp["ces_pct"].to_numpy()})
    return out


# ----------------------------------------------------------------------------- typed numbers
def apply_typed(settings: dict, typed: dict, lang: str, specs: dict | None = None) -> list[Notice]:
    """Store typed numbers (setting key -> text, None when not typed) into ``settings`` after
    reading them for ``lang`` and checking their setting's range; a refused text leaves the
    setting unchanged and gives an error Notice naming the setting."""
    notices = []
    for key, text in typed.items():
        if text is None:
            continue
        value, reason = read_typed_number(text, lang)
        spec = (SPECS if specs is None else specs).get(key) or Setting(key, "float", None)
        if reason is None and not spec.valid(value):
            reason = "out_of_range"
        if reason is None:
            settings[key] = value
        else:
            notices.append(Notice("error", f"journey.typed.{reason}", {"setting_key": key, "text": str(text),
                                                                      "low": spec.min, "high": spec.max}))
    return notices


# ----------------------------------------------------------------------------- shared rendering
# What the page and the report section both show, formatted once for the language (``esc`` escapes
# user text for the page's Markdown; the report escapes HTML itself and passes ``str``).
def phase_table(result: JourneyResult, t) -> pd.DataFrame:
    """The phases with their indicators against the targets (✓ met, ✗ missed), what each misses,
    whether it is marked by hand and whether it is a pain point."""
    from core.figures import journey as fj

    rows = list(result.indicators.to_dict("records"))
    pains = list(result.pains.to_dict("records"))

    def cell(row, pain, lane):
        return f"{fj._fmt_ind(row, lane, t)} {fj.STATUS_MARK[pain[f'{lane}_status']]}".strip()

    return pd.DataFrame({
        t("journey.col.phase"): [fj.phase_label(p["phase"], t) for p in pains],
        t("journey.col.nps"): [cell(r, p, "nps") for r, p in zip(rows, pains)],
        t("journey.col.ins"): [cell(r, p, "ins") for r, p in zip(rows, pains)],
        t("journey.col.ces"): [cell(r, p, "ces") for r, p in zip(rows, pains)],
        t("journey.col.missed"): [", ".join(t(f"journey.ind.{m}") for m in p["missed"]) for p in pains],
        t("journey.col.marked"): [bool(p["marked"]) for p in pains],
        t("journey.col.pain"): [bool(p["pain"]) for p in pains],
    })


def pain_summary(result: JourneyResult, t, esc=str) -> str:
    from core.figures import journey as fj

    names = [esc(fj.phase_label(p, t)) for p in result.pain_phases]
    return t("journey.pain_summary", count=len(names), total=len(result.phases), phases=", ".join(names) or "–")


def overall_text(result: JourneyResult, t) -> str | None:
    o = result.overall
    if o is None:
        return None
    return t("journey.overall", n=t.int(o["n"]), nps=t.num(o["nps"], 1), moe=t.num(o["nps_moe"], 1),
             ins=t.pct(o["ins_pct"] / 100, 1), ins_mean=t.num(o["ins_mean"], 2), ces=t.pct(o["ces_pct"] / 100, 1))


def map_figure(result: JourneyResult, t):
    """The journey map figure; with responses as source, the voice lane lists each phase's top
    causes from the comments."""
    from core.figures import journey as fj

    jm = result.journey_map.copy()
    if result.source == "responses" and result.voice:
        jm["customer_voice"] = [[f"{fj.cause_label(c, t)} ({n})" for c, n in result.voice.get(p, [])]
                                for p in jm["phase"]]
    return fj.journey_map_figure(jm, result.indicators, result.pains, result.targets, t,
                                 selected=result.detail.phase if result.detail else None)


def comparison_text(cmp: Comparison, t) -> str | None:
    """The before/after sentence (significant or not at 5 %)."""
    if cmp is None or cmp.result is None:
        return None
    c = cmp.result
    p = "= " + t.num(c.p_value, 4) if c.p_value >= 1e-4 else "< " + t.num(0.0001, 4)
    key = "journey.compare_sig" if c.p_value < 0.05 else "journey.compare_nosig"
    return t(key, diff=t.num(c.diff, 1), low=t.num(c.ci_low, 1), high=t.num(c.ci_high, 1), p=p,
             z=t.num(c.z, 2), n1=t.int(c.before.n), n2=t.int(c.after.n))


def indicator_export(result: JourneyResult, t) -> pd.DataFrame:
    """The per-phase indicators with translated headers (export and report)."""
    from core.figures import journey as fj

    out = result.indicators.copy()
    out["phase"] = [fj.phase_label(p, t) for p in out["phase"]]
    return out.rename(columns={c: t(f"journey.xcol.{c}") for c in out.columns if t.has(f"journey.xcol.{c}")})


def segment_table(result: JourneyResult, t) -> pd.DataFrame | None:
    seg = result.segments
    if seg is None or seg.empty:
        return None
    return pd.DataFrame({
        t("journey.col.segment"): seg["segment"], t("journey.col.n"): seg["n"],
        t("journey.col.nps"): [f"{t.num(v, 1)} ± {t.num(m, 1)}" for v, m in zip(seg["nps"], seg["nps_moe"])],
        t("journey.col.ins"): [t.pct(v / 100, 1) for v in seg["ins_pct"]],
        t("journey.col.ces"): [t.pct(v / 100, 1) for v in seg["ces_pct"]]})


def _dash(t, value, decimals: int) -> str:
    return t.num(value, decimals) if value == value and value is not None else "–"


def _pct(t, value, n) -> str:
    """A percentage given in percent (0-100), "–" without answers."""
    return t.pct(value / 100, 1) if n and value == value else "–"


def detail_metrics(detail: PhaseDetail, t) -> list[tuple[str, str, str | None]]:
    """(label, value, help) of the three metrics of the phase in detail."""
    from core.figures import journey as fj

    r = detail.row
    if not detail.from_responses:
        return [(t("journey.ind.nps"), _dash(t, r["nps"], 0), None),
                (t("journey.ind.ins"), fj._fmt_ind(r, "ins", t), None),
                (t("journey.ind.ces"), fj._fmt_ind(r, "ces", t), None)]
    n_nps = int(r["n_nps"])
    return [
        (t("journey.ind.nps"), _dash(t, r["nps"], 1),
         t("journey.metric_nps_help", moe=_dash(t, r["nps_moe"], 1), n=t.int(n_nps),
           p=t.pct(r["promoters"], 0) if n_nps else "–", d=t.pct(r["detractors"], 0) if n_nps else "–")),
        (t("journey.ind.ins"), _pct(t, r["ins_pct"], r["n_ins"]),
         t("journey.metric_ins_help", moe=_dash(t, r["ins_moe"], 1), mean=_dash(t, r["ins_mean"], 2),
           n=t.int(r["n_ins"]))),
        (t("journey.ind.ces"), _pct(t, r["ces_pct"], r["n_ces"]),
         t("journey.metric_ces_help", moe=_dash(t, r["ces_moe"], 1), mean=_dash(t, r["ces_mean"], 2),
           n=t.int(r["n_ces"]))),
    ]


def detail_text(detail: PhaseDetail, t) -> str:
    r = detail.row
    if not detail.from_responses:
        return t("journey.detail_table_note")
    return t("journey.detail_meaning", n=t.int(r["n"]), nps=_dash(t, r["nps"], 1), moe=_dash(t, r["nps_moe"], 1))


def comments_table(detail: PhaseDetail, t) -> pd.DataFrame | None:
    """The phase's comments with their causes (text cells, shown in a data grid, never as HTML)."""
    from core.figures import journey as fj

    c = detail.comments
    if c is None or c.empty:
        return None
    out = pd.DataFrame({"comment": c["comment"],
                        "date": pd.to_datetime(c["date"], errors="coerce").dt.strftime("%Y-%m-%d") if "date" in c else "",
                        "segment": c.get("segment", ""), "channel": c.get("channel", ""),
                        "recommend": pd.to_numeric(c["recommend"], errors="coerce").astype("Int64")
                        if "recommend" in c else "",
                        "cause": [", ".join(fj.cause_label(k, t) for k in ks) for ks in c["causes"]]})
    return out.rename(columns={k: t(f"journey.col.{k}") for k in out.columns})


def voice_table(detail: PhaseDetail, t) -> pd.DataFrame:
    from core.figures import journey as fj

    return pd.DataFrame({t("journey.col.comment"): [v for v, _ in detail.voice],
                         t("journey.col.cause"): [", ".join(fj.cause_label(c, t) for c in cs) for _, cs in detail.voice]})


def pareto_text(result: JourneyResult, t, esc=str) -> str | None:
    from core.figures import journey as fj

    p = result.pareto
    if p is None or p.empty:
        return None
    return t("journey.pareto_meaning", top=esc(fj.cause_label(p["cause"].iloc[0], t)), share=t.pct(p["share"].iloc[0], 0),
             cum=t.pct(p["cumulative"].iloc[-1], 0), n=t.int(result.pareto_n), other=t.int(result.pareto_other))


def comparison_metrics(cmp: Comparison, t) -> list[tuple[str, str, str]]:
    c = cmp.result
    return [(t("journey.compare_before"), t.num(c.before.nps, 1),
             t("journey.n_moe", n=t.int(c.before.n), moe=t.num(c.before.moe, 1))),
            (t("journey.compare_after"), t.num(c.after.nps, 1),
             t("journey.n_moe", n=t.int(c.after.n), moe=t.num(c.after.moe, 1))),
            (t("journey.compare_diff"), t.num(c.diff, 1), t("journey.compare_diff_help"))]


def export_tables(result: JourneyResult, t) -> dict[str, pd.DataFrame]:
    """The tables of the page's Excel download (translated headers and labels)."""
    from core.figures import journey as fj

    tables = {t("journey.sheet.map"): phase_table(result, t), t("journey.sheet.indicators"): indicator_export(result, t)}

    def frame(df):
        return df.rename(columns={c: t(f"journey.xcol.{c}") for c in df.columns if t.has(f"journey.xcol.{c}")})

    causes = result.causes
    if causes is not None and len(causes):
        tables[t("journey.sheet.comments")] = frame(causes.assign(
            phase=[fj.phase_label(p, t) for p in causes["phase"].astype(object)],
            cause=[fj.cause_label(c, t) for c in causes["cause"]],
            date=pd.to_datetime(causes["date"], errors="coerce").dt.strftime("%Y-%m-%d")))
    if result.pareto is not None and len(result.pareto):
        tables[t("journey.sheet.pareto")] = frame(result.pareto.assign(
            cause=[fj.cause_label(c, t) for c in result.pareto["cause"]]))
    if result.monthly is not None and len(result.monthly):
        tables[t("journey.sheet.monthly")] = frame(result.monthly.assign(month=result.monthly["month"].dt.strftime("%Y-%m")))
    return tables


def case_study_table(result: JourneyResult, t) -> pd.DataFrame | None:
    """Seed 000 Table 2 as published next to the same indicators from the synthetic responses."""
    from core.figures import journey as fj

    cs = result.case_study
    if not cs or cs.get("comparison") is None:
        return None
    c = cs["comparison"]
    cols = {"phase": [fj.phase_label(p, t) for p in c["phase"]]}
    for k in ("nps_table", "nps_responses", "ins_table", "ins_responses", "ces_table", "ces_responses"):
        cols[k] = [_dash(t, v, 1) for v in c[k]]
    out = pd.DataFrame(cols)
    return out.rename(columns={k: t(f"journey.case.col.{k}") for k in out.columns})
