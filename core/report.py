"""The client-ready report of a workspace: one self-contained HTML file and one XLSX workbook.

Each view's section is rebuilt from the workspace (datasets and settings) with the same core
analysis and figure functions the pages use, and its narrative comes from the catalog (mostly the
very sentences the page shows), in the chosen language. The HTML embeds plotly.js once, inline,
so it opens without internet; every text is HTML-escaped (user-supplied text included: file names,
phase names, comments), and the only markup is the catalog's **bold**. The workbook holds every
table of the report (cells neutralised against formula injection by core.export.xlsx_bytes) and a
sheet with the narrative.

A view whose data are missing or cannot be analysed gets a short note instead of a section, never
an exception: the report of a half-filled workspace is still a report.
"""
from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from core.export import xlsx_bytes
from core.i18n import Translator
from core.workspace import Workspace

VIEWS = ("servqual", "journey", "blueprint", "indicators", "staffing", "abandonment")


@dataclass
class Section:
    """One view in the report: narrative paragraphs (catalog text, Markdown bold allowed),
    figures, and tables by translated title. ``note`` replaces everything when the view could
    not be built (no data, or data the view refuses)."""

    view: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[go.Figure] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    note: str | None = None


# ---------------------------------------------------------------- the views

def _servqual(ws: Workspace, t: Translator) -> Section:
    from core import servqual
    from core.figures import servqual as figures

    sec = Section("servqual", t("nav.servqual"))
    raw = ws.get("servqual")
    if raw is None:
        sec.note = t("report.no_data")
        return sec
    scale = ws.settings.get("servqual.scale", "auto")
    survey, problems = servqual.prepare_survey(raw, ws.get("servqual_mapping"), ws.get("servqual_design"),
                                               None if scale in (None, "auto") else int(scale))
    if survey is None:
        sec.note = t("report.not_analysable")
        return sec
    segment = ws.settings.get("servqual.segment")
    if segment is not None and segment not in survey.segments():
        segment = None
    part = survey.subset(segment)
    result = servqual.analyse(part)
    dims = result.dimensions
    name = lambda d: figures.dimension_name(d, t)  # noqa: E731
    if segment is not None:
        sec.paragraphs.append(t("report.servqual_segment", segment=str(segment), n=t.int(part.n_respondents)))
    if dims is not None:
        facts = servqual.summary(dims, result.tests)
        if facts is not None:
            args = dict(dimension=name(facts.worst), low=t.num(facts.gap_low, 2), high=t.num(facts.gap_high, 2),
                        n=t.int(facts.n))
            if facts.gap < 0:
                sec.paragraphs.append(t("servqual.summary_worst", gap=t.num(-facts.gap, 2), scale=survey.scale_max,
                                        share=t.pct(-servqual.gap_share_of_range(facts.gap, survey.scale_max), 1),
                                        **args))
            else:
                sec.paragraphs.append(t("servqual.summary_positive", gap=t.num(facts.gap, 2), **args))
            key = "servqual.summary_real" if facts.significant else "servqual.summary_not_real"
            sec.paragraphs.append(t(key, k=facts.n_dimensions, p_t=_p(facts.p_t_adj, t), p_w=_p(facts.p_w_adj, t))
                                  + " " + t("servqual.summary_count", m=facts.n_shortfalls, k=facts.n_dimensions))
        if result.scores is not None:
            sec.paragraphs.append(t("report.servqual_kpis", score=t.num(result.scores.unweighted, 2),
                                    low=t.num(result.scores.unweighted_low, 2),
                                    high=t.num(result.scores.unweighted_high, 2),
                                    alpha=t.num(result.alpha_overall, 2), n=t.int(result.n_respondents)))
        sec.figures.append(figures.gap_chart(dims, t, result.design, survey.scale_max))
        sec.tables[t("servqual.sheet_dimensions")] = _translated(dims, "servqual.col.", t, index_label=t("servqual.col.dimension"),
                                                                 index_map=name)
    sec.figures.append(figures.item_chart(result.items, t))
    sec.tables[t("servqual.sheet_items")] = _translated(result.items, "servqual.col.", t,
                                                        index_label=t("servqual.col.item"),
                                                        index_map=lambda i: figures.item_name(i, t))
    if result.tests is not None:
        sec.tables[t("servqual.sheet_tests")] = _translated(result.tests, "servqual.col.", t,
                                                            index_label=t("servqual.col.dimension"), index_map=name)
    if result.design is not None:
        sec.tables[t("servqual.sheet_design")] = _translated(result.design, "servqual.col.", t,
                                                             index_label=t("servqual.col.dimension"), index_map=name)
    sec.paragraphs.append(t("report.servqual_assumptions"))
    return sec


def _journey(ws: Workspace, t: Translator) -> Section:
    from core import journey as jr
    from core.figures import journey as fj

    sec = Section("journey", t("nav.journey"))
    raw_map, raw_resp = ws.get("journey_map"), ws.get("journey_responses")
    if raw_map is None and raw_resp is None:
        sec.note = t("report.no_data")
        return sec
    jm, clean = None, None
    if raw_map is not None:
        try:
            jm, _ = jr.parse_journey_map(raw_map)
        except jr.JourneyDataError:
            jm = None
    phases = jm["phase"].tolist() if jm is not None else list(jr.SEED_PHASES)
    if raw_resp is not None:
        try:
            clean, _ = jr.clean_responses(raw_resp, phases)
            clean = None if clean.empty else clean
        except jr.JourneyDataError:
            clean = None
    if jm is None and clean is None:
        sec.note = t("report.not_analysable")
        return sec
    if jm is None:
        used = [p for p in phases if (clean["phase"].astype(object) == p).any()]
        jm = pd.DataFrame({"phase": used, "order": range(1, len(used) + 1), "customer_process": "",
                           "true_moment": False, "pain_moment": False, "customer_voice": "",
                           "ins": math.nan, "nps": math.nan, "ces": math.nan, "ins_kind": "mean"})
        phases = used
    s = ws.settings
    targets = jr.Targets(nps_min=float(s.get("journey.nps_min", 85.0)),
                         ins_pct_min=float(s.get("journey.ins_pct_min", 85.0)),
                         ces_pct_max=float(s.get("journey.ces_pct_max", 40.0)),
                         ins_mean_min=float(s.get("journey.ins_mean_min", 4.25)))
    has_table = raw_map is not None and not jm["nps"].isna().all()
    source = s.get("journey.source") or ("table" if has_table else "responses")
    if source == "responses" and clean is None or source == "table" and not has_table:
        source = "table" if has_table else "responses"
    marked = s.get("journey.marked")
    if not isinstance(marked, (list, tuple)):
        marked = jm.loc[jm["pain_moment"].fillna(False).astype(bool), "phase"].tolist()
    ind = jr.map_indicators(jm) if source == "table" else jr.phase_indicators(clean, phases)
    pains = jr.pain_points(ind, targets, [p for p in marked if p in phases])
    pain_names = pains.loc[pains["pain"], "phase"].tolist()
    sec.paragraphs.append(t("journey.pain_summary", count=len(pain_names), total=len(pains),
                            phases=", ".join(fj.phase_label(p, t) for p in pain_names) or "–"))
    sec.paragraphs.append(t("report.journey_targets", nps=t.num(targets.nps_min, 0), ins=t.num(targets.ins_pct_min, 0),
                            ces=t.num(targets.ces_pct_max, 0), source=t(f"journey.source_{source}")))
    if clean is not None:
        o = jr.overall_indicators(clean)
        sec.paragraphs.append(t("journey.overall", n=t.int(o["n"]), nps=t.num(o["nps"], 1), moe=t.num(o["nps_moe"], 1),
                                ins=t.pct(o["ins_pct"] / 100, 1), ins_mean=t.num(o["ins_mean"], 2),
                                ces=t.pct(o["ces_pct"] / 100, 1)))
    sec.figures.append(fj.journey_map_figure(jm, ind, pains, targets, t))
    shown = ind.copy()
    shown["phase"] = [fj.phase_label(p, t) for p in shown["phase"]]
    sec.tables[t("journey.sheet.indicators")] = shown.rename(
        columns={c: t(f"journey.xcol.{c}") for c in shown.columns if t.has(f"journey.xcol.{c}")})
    pain_table = pains[["phase", "pain"]].copy()
    pain_table["phase"] = [fj.phase_label(p, t) for p in pain_table["phase"]]
    pain_table["pain"] = [t("report.yes") if v else t("report.no") for v in pain_table["pain"]]
    pain_table.columns = [t("journey.col.phase"), t("journey.col.pain")]
    sec.tables[t("journey.sheet.map")] = pain_table
    return sec


def _blueprint(ws: Workspace, t: Translator) -> Section:
    from core import blueprint as bp
    from core.figures.blueprint import comparison_figure

    sec = Section("blueprint", t("nav.blueprint"))
    session = (ws.settings.get("blueprint.sessions") or {}).get("workspace")
    if isinstance(session, bp.EditSession):
        current, proposed = session.working["current"], session.working["proposed"]
    else:
        frames = {side: ws.get(f"blueprint_{side}") for side in bp.SIDES}
        if any(f is None for f in frames.values()):
            sec.note = t("report.no_data")
            return sec
        try:
            current, proposed = (bp.read_blueprint(frames[side])[0] for side in bp.SIDES)
        except bp.BlueprintError:
            sec.note = t("report.not_analysable")
            return sec
    comparison = bp.compare(current, proposed)
    by_step = comparison.by_step
    changed = int((by_step["n_changes"] > 0).sum())
    sec.paragraphs.append(t("report.blueprint_summary", changes=t.int(comparison.n_changes),
                            steps=t.int(changed), total=t.int(len(by_step))))
    if isinstance(session, bp.EditSession) and session.is_modified:
        sec.paragraphs.append(t("report.blueprint_edited"))
    view = ws.settings.get("blueprint.view", "side_by_side")
    sec.figures.append(comparison_figure(current, proposed, comparison, t,
                                         view if view in ("proposed", "side_by_side", "current") else "side_by_side"))
    lane_names = {lane: t(f"blueprint.lane.{lane}") for lane in bp.LANES}
    status_names = {st: t(f"blueprint.status.{st}") for st in bp.STATUSES}
    by_lane = comparison.by_lane.rename(index=lane_names, columns={**status_names, "n_changes": t("blueprint.col.n_changes")})
    by_lane.index.name = t("blueprint.col.lane")
    sec.tables[t("blueprint.sheet_by_lane")] = by_lane.reset_index()
    cells = comparison.cells[["step", "lane", "status", "current", "proposed"]].copy()
    cells["lane"] = cells["lane"].map(lane_names)
    cells["status"] = cells["status"].map(status_names)
    cells.columns = [t(f"blueprint.col.{c}") for c in ["step", "lane", "status", "current", "proposed"]]
    sec.tables[t("blueprint.sheet_cells")] = cells
    sec.tables[t("blueprint.sheet_current")] = current.to_wide_by_step()
    sec.tables[t("blueprint.sheet_proposed")] = proposed.to_wide_by_step()
    return sec


def _indicators(ws: Workspace, t: Translator) -> Section:
    from core import indicators as ci
    from core.figures import journey as fj

    sec = Section("indicators", t("nav.indicators"))
    raw = ws.get("indicators")
    if raw is None:
        sec.note = t("report.no_data")
        return sec
    try:
        data = ci.normalise(raw)
    except ci.IndicatorDataError:
        sec.note = t("report.not_analysable")
        return sec
    if not len(data):
        sec.note = t("report.no_data")
        return sec
    edited = {}
    for name in dict.fromkeys(data["indicator"]):
        value = ws.settings.get(f"indicators.target.{name}")
        if isinstance(value, (int, float)) and value == value:
            edited[name] = float(value)
    data = ci.apply_targets(data, edited)
    status = ci.status_table(ci.latest(data))
    met = int((status["status"] == "met").sum())
    judged = int(status["status"].isin(["met", "missed"]).sum())
    sec.paragraphs.append(t("indicators.status_summary", met=met, judged=judged, total=len(status)))

    def label(name):
        key = f"indicators.name.{name}"
        return t(key) if t.has(key) else str(name)

    overall = status[status["segment"] == ci.ALL].reset_index(drop=True)
    if len(overall):
        sec.figures.append(fj.indicator_status_figure(overall, [label(n) for n in overall["indicator"]], t))
    table = pd.DataFrame({
        t("indicators.col.indicator"): [label(n) for n in status["indicator"]],
        t("indicators.col.segment"): [t("indicators.all_segments") if s == ci.ALL else s for s in status["segment"]],
        t("indicators.col.period"): status["period"].astype(str),
        t("indicators.col.value"): status["value"],
        t("indicators.col.target"): status["target"],
        t("indicators.col.status"): [t(f"indicators.status.{s}") for s in status["status"]],
        t("indicators.col.gap"): status["gap"],
    })
    sec.tables[t("report.sheet_indicators")] = table
    return sec


def _staffing(ws: Workspace, t: Translator) -> Section:
    from core import queueing, traffic
    from core.figures import staffing as figures

    sec = Section("staffing", t("nav.staffing"))
    s = ws.settings
    target_sl = float(s.get("staffing.sl_target", 0.8))
    threshold = float(s.get("staffing.threshold_s", 20.0))
    shrinkage = float(s.get("staffing.shrinkage", 0.3))
    max_occ = s.get("staffing.max_occupancy")
    target_asa = s.get("staffing.target_asa_s")
    data, cdr = ws.get("traffic"), ws.get("cdr")
    from_cdr = False
    if data is None and cdr is not None:
        try:
            data, from_cdr = traffic.aggregate_cdr(cdr, 30), True
        except traffic.TrafficDataError:
            data = None
    if data is None:
        sec.note = t("report.no_data")
        return sec
    try:
        profile = traffic.interval_profile(data, default_aht=float(s.get("staffing.aht_s", 300.0)))
        week = traffic.week_requirements(profile, target_sl, threshold, max_occ, target_asa, shrinkage)
    except (traffic.TrafficDataError, queueing.QueueInputError):
        sec.note = t("report.not_analysable")
        return sec
    minutes = profile.attrs["minutes"]
    peak = week.loc[week["agents"].idxmax()]
    sec.paragraphs.append(t("report.staffing_week", sl=t.pct(target_sl, 0), t=t.int(threshold),
                            peak=t.int(int(peak["agents"])), day=t(f"staffing.weekday.{peak['weekday']}"),
                            time=str(peak["time"]), hours=t.num(float(week["scheduled"].sum()) * minutes / 60.0, 0),
                            shrink=t.pct(shrinkage, 0), minutes=t.int(minutes)))
    if from_cdr:
        sec.paragraphs.append(t("staffing.week.from_cdr"))
    if cdr is not None:
        try:
            est = traffic.estimate_patience(cdr)
            sec.paragraphs.append(t("staffing.week.patience", mean=t.num(est.mean_patience, 0), low=t.num(est.ci_low, 0),
                                    high=t.num(est.ci_high, 0), naive=t.num(est.naive_mean, 0),
                                    n=t.int(est.n_abandoned), calls=t.int(est.n_calls)))
        except traffic.TrafficDataError:
            pass
    sec.paragraphs.append(t("report.staffing_assumptions"))
    sec.figures.append(figures.requirements_heatmap(week, t))
    table = week.assign(weekday=[t(f"staffing.weekday.{d}") for d in week["weekday"]])[
        ["weekday", "time", "n", "offered_mean", "arrival_rate", "aht_s", "traffic", "agents", "scheduled"]]
    table.columns = [t(f"staffing.week.col.{c}") for c in table.columns]
    sec.tables[t("report.sheet_staffing")] = table
    return sec


def _abandonment(ws: Workspace, t: Translator) -> Section:
    from core import abandonment as ab
    from core import stats
    from core.figures import abandonment as figs

    sec = Section("abandonment", t("nav.abandonment"))
    raw = ws.get("abandonment")
    if raw is None or not len(raw):
        sec.note = t("report.no_data")
        return sec
    s = ws.settings
    change_date = None
    if ("model" not in raw.columns or raw["model"].isna().all()) and "date" in raw.columns:
        change_date = s.get("abandonment.change_date")
        if change_date is None:
            dates = pd.to_datetime(raw["date"], errors="coerce").dropna()
            change_date = dates.median().date() if len(dates) else None
    try:
        prep = ab.prepare(raw, change_date=change_date)
    except ValueError:
        sec.note = t("report.not_analysable")
        return sec
    grouping = s.get("abandonment.grouping", "model")
    grouping = grouping if grouping in ab.GROUPINGS else "model"
    account = s.get("abandonment.account", "__all__")
    confidence = float(s.get("abandonment.confidence", 93.4))
    by_account = grouping in ("account", "model_account")
    chosen = None if (by_account or account in (None, "__all__")) else str(account)
    if chosen is not None and chosen not in set(prep.daily["account"].astype(str)):
        chosen = None
    names = {"current": t("abandonment.group_name.current"), "proposed": t("abandonment.group_name.proposed"),
             "account": t("abandonment.group_name.account"), "month": t("abandonment.group_name.month")}
    frame = ab.analysis_frame(prep, grouping, chosen, names)
    if frame.data["group"].nunique() < 2:
        sec.note = t("report.not_analysable")
        return sec
    alpha = 1 - confidence / 100
    result = stats.one_way(frame.data, "abandon_pct", "group", alpha)
    method = t(f"abandonment.method.{result.method}")
    conf = t.pct(confidence / 100, 1)
    contrast = ab.before_after(result, names) if grouping == "model" else None
    if contrast is not None:
        common = dict(cur=t.num(contrast.mean_current, 2), pro=t.num(contrast.mean_proposed, 2),
                      n_cur=t.int(contrast.n_current), n_pro=t.int(contrast.n_proposed), conf=conf,
                      low=t.num(contrast.low, 2), high=t.num(contrast.high, 2), method=method, p=_p(contrast.p, t, 4))
        key = "abandonment.conclusion.fell" if contrast.drop >= 0 else "abandonment.conclusion.rose"
        value = {"drop": t.num(contrast.drop, 2)} if contrast.drop >= 0 else {"rise": t.num(-contrast.drop, 2)}
        sec.paragraphs.append(t(key, **value, **common) + " " +
                              t("abandonment.conclusion.real" if contrast.significant else "abandonment.conclusion.not_real"))
    else:
        a_p = result.anova.loc["between", "p"]
        letters = "; ".join(f"{g}: {v}" for g, v in result.letters.items())
        sec.paragraphs.append(t("abandonment.conclusion.groups",
                                verdict=t("abandonment.verdict.rejects" if a_p < alpha else "abandonment.verdict.not_rejects"),
                                k=frame.data["group"].nunique(), f=t.num(result.anova.loc["between", "f"], 2),
                                p=_p(a_p, t, 4), n=t.int(result.describe["n"].sum()), conf=conf,
                                m=int(result.pairs["reject"].sum()), pairs=len(result.pairs), method=method,
                                letters=letters))
    sec.paragraphs.append(t("abandonment.conclusion.equal_var" if result.equal_variances
                            else "abandonment.conclusion.unequal_var", p=_p(result.levene.p, t, 4)))
    sec.figures.append(figs.pairwise_chart(result.pairs, t, confidence / 100, method))
    sec.figures.append(figs.daily_box_strip(frame.data, t, order=list(result.describe.index)))
    sec.tables[t("abandonment.sheet.groups")] = result.describe.reset_index()
    sec.tables[t("abandonment.sheet.anova")] = result.anova.reset_index()
    sec.tables[t("abandonment.sheet.pairs")] = result.pairs
    return sec


BUILDERS = {"servqual": _servqual, "journey": _journey, "blueprint": _blueprint, "indicators": _indicators,
            "staffing": _staffing, "abandonment": _abandonment}


def build_sections(ws: Workspace, t: Translator, views=VIEWS) -> list[Section]:
    """One Section per view; a view that fails on this workspace's data gets a note, not an error."""
    sections = []
    for view in views:
        try:
            sections.append(BUILDERS[view](ws, t))
        except Exception as err:  # noqa: BLE001 - the report must be built even if one view cannot be
            sections.append(Section(view, t(f"nav.{view}"), note=t("report.view_failed", error=type(err).__name__)))
    return sections


# ---------------------------------------------------------------- helpers

def _p(p: float, t: Translator, decimals: int = 3) -> str:
    if p is None or p != p:
        return "–"
    floor = 10 ** -decimals
    return f"< {t.num(floor, decimals)}" if p < floor else t.num(p, decimals)


def _translated(df: pd.DataFrame, prefix: str, t: Translator, index_label: str, index_map=None) -> pd.DataFrame:
    """A core table with translated headers (columns without a catalog entry keep their name)."""
    out = df.copy()
    if index_map is not None:
        out.index = [index_map(i) for i in out.index]
    out.index.name = index_label
    out = out.reset_index()
    out.columns = [t(prefix + str(c)) if t.has(prefix + str(c)) else str(c) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == bool:
            out[col] = [t("report.yes") if v else t("report.no") for v in out[col]]
    return out


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~:$])")


def text_to_html(text: str) -> str:
    """Catalog text (Markdown bold only) as safe HTML: everything escaped, then **x** -> <strong>."""
    plain = _ESCAPED.sub(r"\1", str(text))
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(plain))


def _cell(value, t: Translator) -> str:
    if isinstance(value, bool):
        return t("report.yes") if value else t("report.no")
    if isinstance(value, float):
        if value != value:
            return "–"
        return t.num(value, 3 if abs(value) < 10 else 2)
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return str(value)[:19]
    return "" if value is None or value is pd.NA else str(value)


def table_html(df: pd.DataFrame, t: Translator, max_rows: int = 400) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for row in df.head(max_rows).itertuples(index=False):
        rows.append("<tr>" + "".join(f"<td>{html.escape(_cell(v, t))}</td>" for v in row) + "</tr>")
    more = ""
    if len(df) > max_rows:
        more = f"<p class='note'>{html.escape(t('report.more_rows', n=t.int(len(df) - max_rows)))}</p>"
    return f"<div class='table'><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{more}"


CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#0f172a;margin:0;background:#fff}
main{max-width:1200px;margin:0 auto;padding:24px 32px 64px}
h1{color:#0f766e;margin-bottom:4px}h2{border-bottom:2px solid #0f766e;padding-bottom:4px;margin-top:48px}
h3{font-size:1rem;margin:24px 0 6px}.meta,.note{color:#475569;font-size:.9rem}
nav ol{columns:2}section p{line-height:1.5;max-width:70em}
.table{overflow-x:auto;max-height:460px;overflow-y:auto;border:1px solid #e2e8f0}
table{border-collapse:collapse;font-size:.82rem;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}
th{background:#f1f5f9;position:sticky;top:0}.figure{margin:16px 0}
@media print{.table{max-height:none;overflow:visible}h2{page-break-before:always}}
"""


def build_html(ws: Workspace, t: Translator, sections: list[Section] | None = None,
               generated: dt.datetime | None = None) -> str:
    """The report as one HTML document: plotly.js inline once, no external resource."""
    sections = build_sections(ws, t) if sections is None else sections
    generated = generated or dt.datetime.now()
    parts, toc = [], []
    plotly_included = False
    for i, sec in enumerate(sections, start=1):
        anchor = f"view-{sec.view}"
        toc.append(f"<li><a href='#{anchor}'>{html.escape(sec.title)}</a></li>")
        body = [f"<section id='{anchor}' data-view='{sec.view}'><h2>{i}. {html.escape(sec.title)}</h2>"]
        if sec.note:
            body.append(f"<p class='note'>{text_to_html(sec.note)}</p>")
        body += [f"<p>{text_to_html(p)}</p>" for p in sec.paragraphs]
        for fig in sec.figures:
            div = fig.to_html(full_html=False, include_plotlyjs=not plotly_included,
                              config={"displaylogo": False, "responsive": True})
            plotly_included = True
            body.append(f"<div class='figure'>{div}</div>")
        for title, table in sec.tables.items():
            body.append(f"<h3>{html.escape(title)}</h3>{table_html(table, t)}")
        body.append("</section>")
        parts.append("".join(body))
    sources = "".join(f"<li>{html.escape(t(f'datasets.{n}'))}: {html.escape(_source_text(ws.source(n), t))}</li>"
                      for n in ws.datasets)
    title = t("report.title", name=ws.name)
    return (f"<!DOCTYPE html><html lang='{t.lang}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body><main>"
            f"<h1>{html.escape(title)}</h1>"
            f"<p class='meta'>{html.escape(t('report.generated', when=generated.strftime('%Y-%m-%d %H:%M')))}</p>"
            f"<p>{text_to_html(t('report.intro'))}</p>"
            f"<nav><h3>{html.escape(t('report.contents'))}</h3><ol>{''.join(toc)}</ol></nav>"
            f"<h3>{html.escape(t('report.sources'))}</h3><ul>{sources}</ul>"
            f"{''.join(parts)}"
            f"<p class='note'>{text_to_html(t('report.footer'))}</p></main></body></html>")


def _source_text(source: str | None, t: Translator) -> str:
    if source is None:
        return "–"
    return t("report.source_sample") if source == "sample" else str(source)


def build_xlsx(ws: Workspace, t: Translator, sections: list[Section] | None = None) -> bytes:
    """Every table of the report, one sheet each (unique names within Excel's 31 characters),
    after a first sheet with the narrative of every view."""
    sections = build_sections(ws, t) if sections is None else sections
    narrative = []
    for sec in sections:
        for text in ([sec.note] if sec.note else []) + sec.paragraphs:
            narrative.append({t("report.col_view"): sec.title,
                              t("report.col_text"): _BOLD.sub(r"\1", _ESCAPED.sub(r"\1", text))})
    sheets = {t("report.sheet_summary"): pd.DataFrame(narrative, columns=[t("report.col_view"), t("report.col_text")])}
    used = {name.lower() for name in sheets}
    for sec in sections:
        for title, table in sec.tables.items():
            name = _sheet_name(f"{sec.title[:12]} - {title}", used)
            sheets[name] = table
    return xlsx_bytes(sheets)


def _sheet_name(text: str, used: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique (case-insensitive)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "sheet"
    name, i = base, 2
    while name.lower() in used:
        suffix = f" ({i})"
        name = base[:31 - len(suffix)] + suffix
        i += 1
    used.add(name.lower())
    return name
