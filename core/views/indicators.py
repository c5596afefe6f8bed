"""View model of the CRM indicators view: the user's indicators against their targets, over periods
and by segment, and the journey survey's NPS/INS/CES against the journey targets (issue 19).

Everything comes from the workspace's ``indicators`` (and ``journey_responses``/``journey_map`` for the
survey KPIs). Targets: the file's ``target`` column (origin "data") unless the user typed one. Material
specific to seed 001 (notes on its tables) is in ``case_study``, for the sample workspace only.
No streamlit, no I/O; never raises on user data.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from core import indicators as ci
from core import journey as jr
from core.settings import ORIGIN_DATA, ORIGIN_DEFAULT, ORIGIN_USER, Setting
from core.views import DataSource, Notice, provenance, stage, view_settings
from core.views import journey as vj
from core.workspace import SAMPLE, Workspace

DATASETS = ("indicators", "journey_responses")
TARGET_PREFIX = "indicators.target."

SETTINGS: tuple[Setting, ...] = (
    Setting("indicators.time_ind", "text", None),         # indicator shown over periods; None: the first
    Setting("indicators.by_segment", "bool", False),      # survey trends split by segment
    Setting("indicators.scenarios", "table", None),       # edited segment scenario table
)


def target_setting(name: str) -> Setting:
    """The target of one indicator (any finite number, in the indicator's unit; None: the file's)."""
    return Setting(f"{TARGET_PREFIX}{name}", "float", None, min=-1e12, max=1e12)


def sample_settings() -> dict:
    """Nothing beyond the sample's data: seed 001's targets are in its indicators table."""
    return {}


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    origin: str
    direction: str


@dataclass(frozen=True)
class SurveyKpis:
    """The journey survey pooled: NPS, INS %, CES % against the journey targets."""

    status: pd.DataFrame                 # indicators layout + status, gap
    overall: dict
    monthly: pd.DataFrame | None
    by_segment: bool
    segments: pd.DataFrame | None
    targets: jr.Targets


@dataclass(frozen=True)
class IndicatorsResult:
    sources: tuple[DataSource, ...] = ()
    settings: dict = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()
    data: pd.DataFrame | None = None                # normalised rows, targets applied
    names: tuple[str, ...] = ()                     # indicators with values (customer shares left out)
    targets: tuple[Target, ...] = ()
    status: pd.DataFrame | None = None              # latest row per indicator and segment
    met: int = 0
    judged: int = 0
    multi: tuple[str, ...] = ()                     # indicators with more than one period
    time_indicator: str | None = None
    periods: pd.DataFrame | None = None             # the time indicator per period, in time order
    period_target: float = math.nan
    change: ci.Change | None = None
    scenario: pd.DataFrame | None = None            # segment, share, value (from the data)
    weighted: ci.WeightedScenario | None = None
    survey: SurveyKpis | None = None
    survey_unusable: bool = False
    case_study: dict | None = None

    @property
    def has_data(self) -> bool:
        return self.status is not None or self.survey is not None


def _targets(ws: Workspace, data: pd.DataFrame, names: list[str]) -> tuple[Target, ...]:
    last = ci.latest(data)
    out = []
    for name in names:
        rows = last[last["indicator"] == name]
        from_file = rows["target"].dropna()
        spec = target_setting(name)
        stored = ws.settings.get(spec.key)
        if stored is not None and spec.valid(stored):
            value, origin = spec.clean(stored), ORIGIN_USER
        elif len(from_file):
            value, origin = float(from_file.iloc[-1]), ORIGIN_DATA
        else:
            value, origin = None, ORIGIN_DEFAULT
        out.append(Target(name, value, origin, str(rows["direction"].iloc[-1])))
    return tuple(out)


def _over_periods(result: dict, data: pd.DataFrame, names: list[str], settings: dict) -> None:
    multi = [n for n in names if data.loc[data["indicator"] == n, "period"].nunique() > 1]
    result["multi"] = tuple(multi)
    if not multi:
        return
    which = settings["indicators.time_ind"][0]
    if which not in multi:
        which = multi[0]
        settings["indicators.time_ind"] = (which, ORIGIN_DEFAULT)
    d = data[(data["indicator"] == which) & (data["segment"] == ci.ALL)]
    order = {p: i for i, p in enumerate(ci.period_order(d["period"]))}
    d = d.assign(_o=d["period"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")
    tgt = d["target"].dropna()
    result.update(time_indicator=which, periods=d.reset_index(drop=True), change=ci.period_change(data, which),
                  period_target=float(tgt.iloc[-1]) if len(tgt) else math.nan)


def scenario_rows(value, base: pd.DataFrame) -> pd.DataFrame | None:
    """The edited scenario table kept in a setting ({"default": <base as JSON>, "rows": [[segment,
    share, value], ...]}, as the page's editor saves it), when it was edited from this same base."""
    if not isinstance(value, dict) or not isinstance(value.get("rows"), list):
        return None
    if value.get("default") != base.to_json(orient="split"):
        return None
    rows = [list(r[:3]) for r in value["rows"] if isinstance(r, (list, tuple)) and len(r) >= 3]
    return pd.DataFrame(rows, columns=["segment", "share", "value"])


def _scenario(result: dict, data: pd.DataFrame, settings: dict, notices: list) -> None:
    base = ci.scenario_table(data)
    if base.empty:
        return
    edited = scenario_rows(settings["indicators.scenarios"][0], base)
    table = edited if edited is not None else base
    result["scenario"] = base
    try:
        result["weighted"] = ci.segment_weighted(table)
    except ci.IndicatorDataError as err:
        notices.append(Notice("error", f"indicators.err.{err.key}", dict(err.params)))
    except (TypeError, ValueError):
        notices.append(Notice("error", "indicators.err.not_a_number_cell"))


def _indicator_part(ws: Workspace, settings: dict, notices: list) -> dict:
    raw = ws.get("indicators")
    if raw is None:
        return {}
    try:
        data = ci.normalise(raw)
    except ci.IndicatorDataError as err:
        notices.append(Notice("error", f"indicators.err.{err.key}", dict(err.params)))
        return {}
    if data.empty:
        return {}
    names = [n for n in dict.fromkeys(data["indicator"]) if n != ci.SHARE]
    targets = _targets(ws, data, names)
    data = ci.apply_targets(data, {tg.name: tg.value for tg in targets if tg.origin == ORIGIN_USER})
    status = ci.status_table(ci.latest(data))
    out = {"data": data, "names": tuple(names), "targets": targets, "status": status,
           "met": int((status["status"] == "met").sum()),
           "judged": int(status["status"].isin(["met", "missed"]).sum())}
    _over_periods(out, data, names, settings)
    _scenario(out, data, settings, notices)
    return out


def _indicator_stage(ws: Workspace) -> tuple[dict, tuple]:
    """Stage (core.views.stage): the indicators' part and its notices, from the settings it reads (not
    the survey's by-segment option: that check box recomputes only the survey's monthly table)."""
    settings = view_settings(ws, [s for s in SETTINGS if s.key != "indicators.by_segment"], sample_settings())
    notices: list[Notice] = []
    return _indicator_part(ws, settings, notices), tuple(notices)


def _survey_base(ws: Workspace) -> tuple:
    """Stage: (clean responses, pooled status table, overall KPIs, by-segment KPIs or None, targets), or
    (None, unusable) without a usable journey survey; none of it depends on the by-segment option."""
    resp = ws.get("journey_responses")
    if resp is None:
        return None, False
    try:
        jm = ws.get("journey_map")
        phases = list(jr.parse_journey_map(jm)[0]["phase"]) if jm is not None else None
        clean, _ = jr.clean_responses(resp, phases)
    except jr.JourneyDataError:
        return None, True
    if clean.empty:
        return None, True
    jset = view_settings(ws, vj.TARGETS)
    targets = jr.Targets(*(jset[s.key][0] for s in vj.TARGETS))
    overall = jr.overall_indicators(clean)
    status = ci.status_table(ci.normalise(ci.journey_kpi_rows(overall, targets)))
    has_seg = bool(clean["segment"].str.len().gt(0).any())
    return clean, status, overall, jr.group_indicators(clean, "segment") if has_seg else None, targets


def _survey(ws: Workspace, settings: dict) -> tuple[SurveyKpis | None, bool]:
    """The journey survey's pooled KPIs (phases from the user's map, or from her responses)."""
    base = stage(_survey_base, ws)
    if base[0] is None:
        return None, base[1]
    clean, status, overall, by_group, targets = base
    by_seg = bool(settings["indicators.by_segment"][0])
    monthly = jr.monthly_indicators(clean, "segment" if by_seg else None) if clean["date"].notna().any() else None
    return SurveyKpis(status, overall, monthly, by_seg, by_group, targets), False


def compute(ws: Workspace) -> IndicatorsResult:
    """The indicators view's result for this workspace (see the module docstring). The indicators'
    part and the survey's pooled KPIs are stages: the by-segment check box recomputes neither."""
    settings = view_settings(ws, SETTINGS, sample_settings())
    part, notices = stage(_indicator_stage, ws)
    survey, unusable = _survey(ws, settings)
    case = {"seed_notes": True} if ws.is_sample and ws.source("indicators") == SAMPLE else None
    return IndicatorsResult(sources=provenance(ws, DATASETS), settings=settings, notices=notices,
                            survey=survey, survey_unusable=unusable, case_study=case, **part)


def editable_inputs(ws: Workspace) -> tuple[tuple[str, ...], pd.DataFrame | None]:
    """What the page's editors need before computing: the indicator names (one target box each) and
    the segment scenario table taken from the data (the editor's starting table). Never raises. A
    stage: kept with the indicators table it reads (the page asks for it at every rerun)."""
    return stage(_editable_inputs, ws)


def _editable_inputs(ws: Workspace) -> tuple[tuple[str, ...], pd.DataFrame | None]:
    raw = ws.get("indicators")
    try:
        data = ci.normalise(raw) if raw is not None else None
    except ci.IndicatorDataError:
        data = None
    if data is None or data.empty:
        return (), None
    base = ci.scenario_table(data)
    return tuple(n for n in dict.fromkeys(data["indicator"]) if n != ci.SHARE), None if base.empty else base


# ----------------------------------------------------------------------------- shared rendering
def label(name: str, t, esc=str) -> str:
    """An indicator's name in the user's language when it is one the catalog knows, else as the user
    wrote it, passed through ``esc`` (the page escapes it for Markdown and widget labels; figures
    escape HTML themselves)."""
    key = f"indicators.name.{name}"
    return t(key) if t.has(key) else esc(str(name))


def period_label(p, t) -> str:
    key = f"indicators.period.{str(p).lower()}"
    return t(key) if t.has(key) else str(p)


def unit_label(u, t) -> str:
    key = f"indicators.unit.{u}"
    return t(key) if t.has(key) else str(u)


def status_summary(result: IndicatorsResult, t) -> str:
    return t("indicators.status_summary", met=result.met, judged=result.judged, total=len(result.status))


def status_table(result: IndicatorsResult, t, signs: bool = True) -> pd.DataFrame:
    """Each indicator's latest value against its target, in the user's language ("–" for blanks);
    ``signs`` puts ✓/✗ before the status (the page; the report's tables keep the word alone)."""
    s = result.status
    marks = {key: t(f"indicators.status.{key}") for key in ("met", "missed", "no_target", "no_data")}
    if signs:
        marks.update(met="✓ " + marks["met"], missed="✗ " + marks["missed"])
    return pd.DataFrame({
        t("indicators.col.indicator"): [label(n, t) for n in s["indicator"]],
        t("indicators.col.segment"): [t("indicators.all_segments") if x == ci.ALL else x for x in s["segment"]],
        t("indicators.col.period"): [period_label(p, t) for p in s["period"]],
        t("indicators.col.value"): s["value"].to_numpy(),
        t("indicators.col.target"): [("≥ " if d == "min" else "≤ ") + t.num(v, 1) if v == v else "–"
                                     for v, d in zip(s["target"], s["direction"])],
        t("indicators.col.unit"): [unit_label(u, t) for u in s["unit"]],
        t("indicators.col.status"): [marks[x] for x in s["status"]],
        t("indicators.col.gap"): s["gap"].to_numpy(),
    })


def change_text(result: IndicatorsResult, t, esc=str) -> str | None:
    ch = result.change
    if ch is None:
        return None
    return t("indicators.change", name=label(ch.indicator, t, esc), before=t.num(ch.before, 1),
             after=t.num(ch.after, 1), p1=esc(period_label(ch.period_before, t)),
             p2=esc(period_label(ch.period_after, t)), change=t.num(ch.change, 1), rel=t.pct(ch.relative, 0))


def weighted_value(result: IndicatorsResult, t) -> str | None:
    return None if result.weighted is None else t.pct(result.weighted.overall / 100, 2)


def survey_metrics(result: IndicatorsResult, t, esc=str) -> list[dict]:
    """The survey KPIs as metrics: label, value, delta (✓/✗ vs target), colour and help."""
    sv = result.survey
    o = sv.overall
    out = []
    for (_, r), moe, n in zip(sv.status.iterrows(), (o["nps_moe"], o["ins_moe"], o["ces_moe"]),
                              (o["n_nps"], o["n_ins"], o["n_ces"])):
        met = r["status"] == "met"
        out.append({"label": label(r["indicator"], t, esc),
                    "value": t.num(r["value"], 1) + ("" if r["unit"] == "points" else " %"),
                    "delta": ("✓ " if met else "✗ ") + t("indicators.vs_target", op="≥" if r["direction"] == "min" else "≤",
                                                          target=t.num(r["target"], 0)),
                    "color": "green" if met else "red", "help": t("indicators.kpi_help", n=t.int(n), moe=t.num(moe, 1))})
    return out


def survey_segments(result: IndicatorsResult, t) -> pd.DataFrame | None:
    seg = result.survey.segments if result.survey else None
    if seg is None or seg.empty:
        return None
    return pd.DataFrame({
        t("indicators.col.segment"): seg["segment"], t("indicators.col.n"): seg["n"],
        label("nps", t): [f"{t.num(v, 1)} ± {t.num(m, 1)}" for v, m in zip(seg["nps"], seg["nps_moe"])],
        label("ins", t): [t.pct(v / 100, 1) for v in seg["ins_pct"]],
        label("ces", t): [t.pct(v / 100, 1) for v in seg["ces_pct"]]})


def survey_trend_targets(result: IndicatorsResult) -> dict[str, float]:
    tg = result.survey.targets
    return {"nps": tg.nps_min, "ins_pct": tg.ins_pct_min, "ces_pct": tg.ces_pct_max}


def export_sheets(result: IndicatorsResult, t) -> dict[str, pd.DataFrame]:
    def frame(df):
        out = df.assign(indicator=[label(n, t) for n in df["indicator"]])
        return out.rename(columns={c: t(f"indicators.col.{c}") for c in out.columns if t.has(f"indicators.col.{c}")})

    sheets = {}
    if result.status is not None:
        sheets[t("indicators.sheet.status")] = frame(result.status)
    if result.survey is not None:
        sheets[t("indicators.sheet.journey")] = frame(result.survey.status)
    return sheets


def target_text(target: Target, t) -> str:
    return vj.typed_text(target.value, t.lang)


def typed_specs(names) -> dict:
    return {target_setting(n).key: target_setting(n) for n in names}
