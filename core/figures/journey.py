"""Figures of the customer journey map and the CRM indicators views.

Data in, plotly Figure out, labels from the translator. Every text that came from the user
(phase names, customer process, comments, causes) is HTML-escaped before it reaches plotly,
which renders a subset of HTML in labels: markup typed by a customer shows as text.

The map is drawn as a journey map: phases left to right; lanes for the customer process,
moments of truth, pain moments, INS, NPS and CES (coloured by status against the target, with
a ✓/✗ so that colour is not the only cue), an emotion curve and the customers' voice. Each
indicator cell is a rectangle shape named ``cell|<lane>|<phase index>|<status>``, and the
phase headers carry one invisible marker per phase (customdata = phase) for click selection.
"""
from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from core.journey import Targets, split_items
from core.verbatim import plain_text

from core.figures import localized, palette as _palette, separators

STATUS_FILL = {"met": "#DCFCE7", "missed": "#FEE2E2", "no_data": "#F1F5F9", "no_target": "#F1F5F9"}
STATUS_LINE = {"met": "#15803D", "missed": "#B91C1C", "no_data": "#94A3B8", "no_target": "#94A3B8"}
STATUS_MARK = {"met": "✓", "missed": "✗", "no_data": "", "no_target": ""}
ACCENT = getattr(_palette, "PRIMARY", "#0F766E") if _palette else "#0F766E"
MUTED = "#64748B"
PAIN = "#B91C1C"
TRUE_MOMENT = "#1D4ED8"
NPS_GROUP = {"detractor": "#DC2626", "passive": "#F59E0B", "promoter": "#16A34A"}

# lane name -> height (map units); drawn top to bottom
LANES = (("phase", 0.8), ("process", 1.7), ("true_moment", 0.55), ("pain", 0.75), ("ins", 0.6),
         ("nps", 0.6), ("ces", 0.6), ("emotion", 1.6), ("voice", 1.6))


def phase_label(phase: str, t) -> str:
    """A phase name as written in the data (not escaped): the user's own, or the sample's in the
    session's language (core.sample builds the sample in that language)."""
    return str(phase)


def cause_label(cause: str, t) -> str:
    key = f"journey.cause.{cause}"
    return t(key) if t.has(key) else str(cause)


def _wrap(text: str, width: int, max_lines: int) -> str:
    """Wrap raw text, escape each line, join with <br>; clip with an ellipsis."""
    lines = textwrap.wrap(str(text), width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)] + "…"
    return "<br>".join(plain_text(line) for line in lines)


def _float(value) -> float:
    """A number or NaN (blank cells of a map may arrive as None or pd.NA)."""
    try:
        return math.nan if value is None or value is pd.NA else float(value)
    except (TypeError, ValueError):
        return math.nan


def _lane_geometry():
    y, out = 0.0, {}
    for name, h in LANES:
        out[name] = (y - h, y)  # (bottom, top)
        y -= h
    return out, y


def _fmt_ind(row, lane: str, t) -> str:
    """An indicator cell of the map and the phase table: "–"-style "no data" for blanks."""
    row = {k: _float(v) for k, v in dict(row).items() if k in ("nps", "nps_moe", "ins_pct", "ins_mean", "ces_pct")}
    if lane == "nps":
        v = row["nps"]
        if v != v:
            return t("journey.map.no_data")
        moe = row.get("nps_moe", math.nan)
        return t.num(v, 0) + ("" if moe != moe else f" ±{t.num(moe, 0)}")
    if lane == "ins":
        if row["ins_pct"] == row["ins_pct"]:
            return t.pct(row["ins_pct"] / 100, 0)
        v = row["ins_mean"]
        if v != v:
            return t("journey.map.no_data")
        return t("journey.map.ins_mean", mean=t.num(v, 1)) + (" ⚠" if v > 5 else "")
    v = row["ces_pct"]
    return t.pct(v / 100, 0) if v == v else t("journey.map.no_data")


def _lane_titles(geo: dict, k: int, t, shapes: list, notes: list) -> None:
    for lane, (y0, y1) in geo.items():
        notes.append(dict(x=-0.55, y=(y0 + y1) / 2, xref="x", yref="y", xanchor="right", showarrow=False,
                          text=f"<b>{_wrap(t(f'journey.lane.{lane}'), 12, 2)}</b>", font=dict(size=11, color="#0F172A")))
        if lane != "phase":
            shapes.append(dict(type="line", x0=-1.5, x1=k - 0.5, y0=y1, y1=y1, line=dict(color="#E2E8F0", width=1),
                               layer="below"))


def _phase_column(i: int, ph, prow, indrow, geo: dict, t, selected, shapes: list, notes: list) -> None:
    """Header, customer process, moment of truth, pain and customer voice of phase ``i``."""
    sel = selected is not None and ph["phase"] == selected
    y0, y1 = geo["phase"]
    shapes.append(dict(type="rect", x0=i - 0.48, x1=i + 0.48, y0=y0 + 0.05, y1=y1 - 0.05,
                       fillcolor=ACCENT if not sel else "#0B4F4A", line=dict(width=3 if sel else 0, color="#F59E0B"),
                       name=f"header|{i}"))
    notes.append(dict(x=i, y=(y0 + y1) / 2, text=f"<b>{_wrap(phase_label(ph['phase'], t), 14, 3)}</b>",
                      showarrow=False, font=dict(color="white", size=11)))
    y0, y1 = geo["process"]
    items = split_items(ph.get("customer_process", ""))
    txt = "<br>".join("• " + _wrap(s, 17, 3) for s in items[:3]) if items else ""
    notes.append(dict(x=i, y=y1 - 0.08, yanchor="top", text=txt, showarrow=False, align="left",
                      font=dict(size=9, color="#0F172A")))
    y0, y1 = geo["true_moment"]
    if bool(ph.get("true_moment", False)):
        notes.append(dict(x=i, y=(y0 + y1) / 2, text="●", showarrow=False, font=dict(size=20, color=TRUE_MOMENT)))
    y0, y1 = geo["pain"]
    if prow["pain"]:
        label = ("● " if prow["marked"] else "") + " · ".join(t(f"journey.ind.{m}") for m in prow["missed"])
        shapes.append(dict(type="rect", x0=i - 0.46, x1=i + 0.46, y0=y0 + 0.06, y1=y1 - 0.06,
                           fillcolor="#FEE2E2", line=dict(color=PAIN, width=1), name=f"pain|{i}"))
        notes.append(dict(x=i, y=(y0 + y1) / 2, text=label.strip() or "●", showarrow=False,
                          font=dict(size=11, color=PAIN)))
    for lane in ("ins", "nps", "ces"):
        y0, y1 = geo[lane]
        status = prow[f"{lane}_status"]
        shapes.append(dict(type="rect", x0=i - 0.46, x1=i + 0.46, y0=y0 + 0.05, y1=y1 - 0.05,
                           fillcolor=STATUS_FILL[status], line=dict(color=STATUS_LINE[status], width=1),
                           name=f"cell|{lane}|{i}|{status}"))
        notes.append(dict(x=i, y=(y0 + y1) / 2, showarrow=False, font=dict(size=12, color="#0F172A"),
                          text=f"{_fmt_ind(indrow, lane, t)} {STATUS_MARK[status]}".strip()))
    y0, y1 = geo["voice"]
    voice = ph.get("customer_voice", "")
    items = voice if isinstance(voice, list) else split_items(voice)
    if items:
        notes.append(dict(x=i, y=y1 - 0.08, yanchor="top", showarrow=False, align="left",
                          text="<br>".join("“" + _wrap(s, 17, 3) + "”" for s in items[:4]),
                          font=dict(size=9, color="#334155")))


def _emotion_curve(ind: pd.DataFrame, pn: pd.DataFrame, targets: Targets, geo: dict, k: int, t,
                   shapes: list, notes: list) -> dict:
    """NPS per phase scaled into the emotion lane (the trace returned), the NPS target dashed."""
    y0, y1 = geo["emotion"]
    vals = pd.to_numeric(ind["nps"], errors="coerce").astype(float).to_numpy()
    finite = vals[np.isfinite(vals)]
    lo = min(finite.min() if finite.size else 0, targets.nps_min) - 10
    hi = max(finite.max() if finite.size else 100, targets.nps_min) + 10

    def ey(v):
        return y0 + 0.15 + (v - lo) / (hi - lo) * (y1 - y0 - 0.3)

    colours = [PAIN if p else ACCENT for p in pn["pain"]]
    curve = dict(type="scatter", x=list(range(k)), y=[ey(v) if np.isfinite(v) else None for v in vals],
                 mode="lines+markers+text", line=dict(color=MUTED, width=2, shape="spline"),
                 marker=dict(size=12, color=colours), text=[t.num(v, 0) if np.isfinite(v) else "" for v in vals],
                 textposition="top center", hoverinfo="skip", name=t("journey.lane.emotion"), showlegend=False)
    shapes.append(dict(type="line", x0=-0.5, x1=k - 0.5, y0=ey(targets.nps_min), y1=ey(targets.nps_min),
                       line=dict(color=PAIN, dash="dash", width=1), name="emotion_target"))
    notes.append(dict(x=k - 0.5, y=ey(targets.nps_min), xanchor="right", yanchor="bottom", showarrow=False,
                      text=t("journey.map.target_line", target=t.num(targets.nps_min, 0)),
                      font=dict(size=10, color=PAIN)))
    return curve


def journey_map_figure(phases: pd.DataFrame, indicators: pd.DataFrame, pains: pd.DataFrame,
                       targets: Targets, t, selected: str | None = None) -> go.Figure:
    """The journey map. ``phases``: parsed summary table (phase, customer_process,
    true_moment, customer_voice; one row per phase, in order); ``indicators``: per-phase
    indicators (core.journey.phase_indicators or map_indicators, same order); ``pains``:
    core.journey.pain_points. The emotion curve is the phase NPS (the seed measures no
    separate emotion), with the NPS target as a dashed line.
    """
    k = len(phases)
    geo, bottom = _lane_geometry()
    shapes, notes = [], []
    ind, pn = indicators.reset_index(drop=True), pains.reset_index(drop=True)
    names = phases["phase"].tolist()
    _lane_titles(geo, k, t, shapes, notes)
    for i, (_, ph) in enumerate(phases.reset_index(drop=True).iterrows()):
        _phase_column(i, ph, pn.iloc[i], ind.iloc[i], geo, t, selected, shapes, notes)
    curve = _emotion_curve(ind, pn, targets, geo, k, t, shapes, notes)
    # clickable phase markers (invisible), one per phase, in the header lane
    hy = sum(geo["phase"]) / 2
    markers = dict(type="scatter", x=list(range(k)), y=[hy] * k, mode="markers",
                   marker=dict(size=40, opacity=0.01, color=ACCENT), customdata=names,
                   hovertext=[plain_text(phase_label(n, t)) for n in names], hoverinfo="text", name="phases",
                   showlegend=False)
    layout = dict(
        shapes=shapes, annotations=notes, height=760, margin=dict(l=10, r=10, t=30, b=10),
        plot_bgcolor="white", paper_bgcolor="white", clickmode="event+select", dragmode=False,
        xaxis=dict(range=[-1.5, k - 0.45], visible=False, fixedrange=True),
        yaxis=dict(range=[bottom - 0.05, 0.05], visible=False, fixedrange=True),
        title=dict(text=t("journey.map.title"), x=0.01, font=dict(size=16)), separators=separators(t),
        template=pio.templates[pio.templates.default])
    # One construction from plain dicts, without plotly's per-property checks: with ~100 shapes and
    # labels they cost ~40 ms on every phase chosen. tests/test_journey.py rebuilds the figure with
    # the checks on, so a misspelt property still fails a test.
    return go.Figure(data=[curve, markers], layout=layout, _validate=False)


def distribution_figure(dist: pd.DataFrame, column: str, t) -> go.Figure:
    """Counts of each answer on the full scale; recommendation bars coloured detractor /
    passive / promoter, satisfaction and effort bars coloured by the indicator's cut."""
    if column == "recommend":
        colours = [NPS_GROUP["detractor"] if s <= 6 else NPS_GROUP["passive"] if s <= 8 else NPS_GROUP["promoter"]
                   for s in dist["score"]]
    elif column == "satisfaction":
        colours = [NPS_GROUP["promoter"] if s >= 4 else MUTED for s in dist["score"]]
    else:
        colours = [NPS_GROUP["detractor"] if s <= 3 else MUTED for s in dist["score"]]
    # one validated construction from plain dicts: a third of go.Bar + update_layout's cost (three of
    # these are rebuilt for each phase chosen on the journey page)
    counts = dist["count"].tolist()
    bar = dict(type="bar", x=dist["score"].tolist(), y=counts, marker=dict(color=colours), text=counts,
               textposition="outside")
    return localized(go.Figure(data=[bar], layout=dict(
        title=dict(text=t(f"journey.dist.{column}")), xaxis=dict(title=dict(text=t("journey.dist.score")), dtick=1),
        yaxis=dict(title=dict(text=t("journey.dist.count"))), height=300, margin=dict(t=40, b=40, l=40, r=10))), t)


def pareto_figure(pareto: pd.DataFrame, t) -> go.Figure:
    """Top causes: bars of mentions and the cumulative share line (secondary axis, %)."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    labels = [_wrap(cause_label(c, t), 14, 3) for c in pareto["cause"]]
    fig.add_trace(go.Bar(x=labels, y=pareto["count"], marker_color=PAIN, name=t("journey.pareto.count"),
                         text=pareto["count"], textposition="outside"), secondary_y=False)
    fig.add_trace(go.Scatter(x=labels, y=100 * pareto["cumulative"], mode="lines+markers", line=dict(color=ACCENT),
                             name=t("journey.pareto.cumulative")), secondary_y=True)
    fig.update_yaxes(title_text=t("journey.pareto.count"), secondary_y=False)
    fig.update_yaxes(title_text=t("journey.pareto.cumulative"), range=[0, 105], ticksuffix=" %",
                     tickvals=[0, 20, 40, 60, 80, 100], showgrid=False, secondary_y=True)
    fig.update_xaxes(tickangle=0)
    fig.update_layout(title=t("journey.pareto.title"), height=400, margin=dict(t=70, b=40, l=40, r=40),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"))
    return localized(fig, t)


def trend_figure(monthly: pd.DataFrame, indicator: str, target: float, t, by: str | None = None) -> go.Figure:
    """An indicator by month with its 95 % margin as error bars and the target line.

    ``indicator`` is "nps" (points), "ins_pct" or "ces_pct" (percent). ``by`` draws one line
    per value of that column (e.g. segment)."""
    moe = {"nps": "nps_moe", "ins_pct": "ins_moe", "ces_pct": "ces_moe"}[indicator]
    fig = go.Figure()
    groups = [(None, monthly)] if not by else list(monthly.groupby(by, observed=True, sort=True))
    for name, g in groups:
        fig.add_trace(go.Scatter(x=g["month"], y=g[indicator], mode="lines+markers",
                                 error_y=dict(type="data", array=g[moe], visible=True, thickness=1),
                                 name=plain_text(name) if name is not None else t(f"journey.trend.{indicator}"),
                                 customdata=g["n"], hovertemplate="%{x|%Y-%m}: %{y:.1f} (n=%{customdata})<extra></extra>"))
    fig.add_hline(y=target, line=dict(color=PAIN, dash="dash"),
                  annotation_text=t("journey.trend.target", target=t.num(target, 0)),
                  annotation_position="top left")
    fig.update_layout(title=t(f"journey.trend.{indicator}"), height=330, margin=dict(t=50, b=30, l=40, r=10),
                      xaxis=dict(dtick="M1", tickformat="%Y-%m"), showlegend=by is not None,
                      yaxis_title=t(f"journey.trend.unit_{indicator}"))
    return localized(fig, t)


def indicator_status_figure(status: pd.DataFrame, labels: list[str], t) -> go.Figure:
    """Horizontal bars of each indicator's value, coloured by status, target as a marker.
    ``labels`` are the indicators' names (user text: HTML-escaped here, plotly renders tags)."""
    labels = [plain_text(label) for label in labels]
    colours = [STATUS_LINE[s] for s in status["status"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=status["value"], orientation="h", marker_color=colours,
                         text=[t.num(v, 1) for v in status["value"]], textposition="outside",
                         name=t("indicators.fig.value")))
    fig.add_trace(go.Scatter(y=labels, x=status["target"], mode="markers",
                             marker=dict(symbol="line-ns", size=26, line=dict(width=3, color="#0F172A")),
                             name=t("indicators.fig.target")))
    fig.update_layout(title=t("indicators.fig.title"), height=80 + 45 * len(labels),
                      margin=dict(t=50, b=30, l=10, r=30), xaxis=dict(range=[0, 110]),
                      yaxis=dict(autorange="reversed"), legend=dict(orientation="h", y=-0.15))
    return localized(fig, t)


def period_figure(values: pd.DataFrame, target: float, t) -> go.Figure:
    """One indicator's value per period (bars) with its target line (seed 001 NPS 58 -> 76)."""
    fig = go.Figure(go.Bar(x=[plain_text(p) for p in values["period_label"]], y=values["value"],
                           marker_color=ACCENT, text=[t.num(v, 1) for v in values["value"]],
                           textposition="outside"))
    if target == target:
        fig.add_hline(y=target, line=dict(color=PAIN, dash="dash"),
                      annotation_text=t("journey.trend.target", target=t.num(target, 0)))
    fig.update_layout(title=t("indicators.fig.periods"), height=320, margin=dict(t=50, b=30, l=40, r=10),
                      yaxis=dict(range=[0, max(105, float(values["value"].max()) * 1.15)]))
    return localized(fig, t)


def segment_figure(table: pd.DataFrame, overall: float, t) -> go.Figure:
    """Satisfaction per segment (bars, width label = share of customers) and the weighted mean."""
    labels = [f"{plain_text(s)} ({t.num(w, 0)} %)" for s, w in zip(table["segment"], table["share"])]
    fig = go.Figure(go.Bar(x=labels, y=table["value"], marker_color=ACCENT,
                           text=[t.num(v, 1) for v in table["value"]], textposition="outside"))
    fig.add_hline(y=overall, line=dict(color="#0F172A", dash="dot"),
                  annotation_text=t("indicators.fig.weighted", value=t.num(overall, 2)))
    fig.update_layout(title=t("indicators.fig.segments"), height=330, margin=dict(t=50, b=30, l=40, r=10),
                      yaxis=dict(range=[0, 105]))
    return localized(fig, t)


def report_html(fig: go.Figure, tables: dict[str, pd.DataFrame], t, notes: list[str] = ()) -> str:
    """A self-contained HTML page (plotly.js inlined) with the map, notes and tables.

    Table cells are HTML-escaped (pandas' to_html escape=True), notes are escaped here.
    """
    import html as _html

    parts = [f"<!doctype html><html lang='{t.lang}'><head><meta charset='utf-8'>",
             f"<title>{_html.escape(t('journey.export.html_title'))}</title>",
             "<style>body{font-family:system-ui,sans-serif;margin:24px;color:#0F172A}"
             "table{border-collapse:collapse;font-size:13px;margin-bottom:24px}"
             "td,th{border:1px solid #CBD5E1;padding:4px 8px;text-align:left}</style></head><body>",
             f"<h1>{_html.escape(t('journey.export.html_title'))}</h1>",
             fig.to_html(full_html=False, include_plotlyjs=True)]
    for n in notes:
        parts.append(f"<p>{_html.escape(n)}</p>")
    for title, df in tables.items():
        parts.append(f"<h2>{_html.escape(title)}</h2>")
        parts.append(df.to_html(index=False, escape=True, na_rep="–"))
    parts.append("</body></html>")
    return "".join(parts)
