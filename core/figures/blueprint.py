"""The service blueprint drawn as a blueprint: swimlanes, the three lines, steps as columns.

Data in, plotly Figure out; every label comes from the translator and every user text is
HTML-escaped before it reaches plotly (plotly renders a subset of HTML in labels), so markup
typed in a cell shows as text. Long cells are wrapped and clipped (full text in the hover), so
the layout never breaks.

Each cell is a rectangle shape named ``cell|<panel>|<step>|<lane>|<status>`` (status one of
added, removed, changed, unchanged, empty, plain), which is what the tests read.
"""
from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go

from core.figures import localized, palette
from core.blueprint import (
    LANES, LINES, Blueprint, Comparison, display_lines, hover_text, plot_text,
)

# Fill, border and dash of a cell by status; borders from the shared (colour-blind safe) palette,
# fills are light tints of them. The badge repeats the status without relying on colour.
STATUS_STYLE: dict[str, dict[str, str]] = {
    "added": {"fill": "#E3F4EC", "line": palette.OK, "dash": "solid", "badge": "+"},
    "removed": {"fill": "#FBE6DA", "line": palette.BAD, "dash": "dash", "badge": "−"},
    "changed": {"fill": "#FDF0D2", "line": palette.WARN, "dash": "solid", "badge": "±"},
    "unchanged": {"fill": "#F8FAFC", "line": "#94A3B8", "dash": "solid", "badge": ""},
    "plain": {"fill": "#F8FAFC", "line": "#94A3B8", "dash": "solid", "badge": ""},
    "empty": {"fill": "rgba(0,0,0,0)", "line": "#CBD5E1", "dash": "dot", "badge": ""},
}
LANE_BANDS = ("#EFF6FF", "#F0FDFA", "#FFF7ED", "#F5F3FF", "#F1F5F9")
LINE_STYLE = {
    "line_of_interaction": (palette.PRIMARY, "solid"),
    "line_of_visibility": (palette.PRIMARY, "dash"),
    "line_of_internal_interaction": (palette.PRIMARY, "dot"),
}
TEXT_COLOUR = "#0F172A"
GHOST_COLOUR = palette.NEUTRAL
FAILURE_COLOUR = palette.BAD
WAIT_COLOUR = palette.WARN
PX_PER_UNIT = 15          # one text line
LANE_PAD = 1.2            # units of padding inside a lane
LINE_GAP = 1.4            # units between two lanes separated by a line
PLAIN_GAP = 0.5
MAX_LINES = 9


def _status_colour(status: str) -> str:
    return STATUS_STYLE[status]["line"]


def _wrap_width(n_columns: int) -> int:
    """Characters per line for a column: a plotting area of about 750 px (Streamlit's centred
    layout less the lane labels) shared by the columns, at about 6.5 px per character; never
    under 12, so that common words stay whole (side by side needs the wide layout)."""
    return max(12, min(30, int(750 / 6.5 / max(n_columns, 1))))


class _Panel:
    """One blueprint to draw at an x offset, with optional statuses and ghost (removed) texts."""

    def __init__(self, key: str, title: str, blueprint: Blueprint | None,
                 statuses: dict[tuple[str, str], str] | None = None,
                 ghosts: dict[tuple[str, str], str] | None = None,
                 extra_steps: list[str] | None = None):
        self.key = key
        self.title = title
        self.blueprint = blueprint
        self.statuses = statuses
        self.ghosts = ghosts or {}
        self.steps = (blueprint.step_names if blueprint else []) + list(extra_steps or [])

    def text(self, step: str, lane: str) -> str:
        if self.blueprint is not None and step in self.blueprint.step_names:
            return self.blueprint.cell(step, lane)
        return ""

    def status(self, step: str, lane: str) -> str:
        text = self.text(step, lane)
        if self.statuses is None:
            return "plain" if text else "empty"
        status = self.statuses.get((step, lane), "unchanged")
        if status == "unchanged" and not text:
            return "empty"
        return status


def _panels_for(current: Blueprint, proposed: Blueprint, comparison: Comparison,
                t, view: str) -> list[_Panel]:
    cur_status: dict[tuple[str, str], str] = {}
    prop_status: dict[tuple[str, str], str] = {}
    ghosts: dict[tuple[str, str], str] = {}
    removed_steps: list[str] = []
    for row in comparison.cells.itertuples(index=False):
        if row.step_status == "removed":
            if row.step not in removed_steps:
                removed_steps.append(row.step)
            cur_status[(row.step, row.lane)] = row.status
            prop_status[(row.step, row.lane)] = row.status
            if row.status == "removed":
                ghosts[(row.step, row.lane)] = row.current
            continue
        prop_status[(row.step, row.lane)] = row.status
        if row.status == "removed":
            ghosts[(row.step, row.lane)] = row.current
        for source in [s for s in row.current_steps.split("; ") if s]:
            cur_status[(source, row.lane)] = row.status
    panels = []
    if view in ("current", "side_by_side"):
        panels.append(_Panel("current", t("blueprint.fig.current"), current, cur_status))
    if view in ("proposed", "side_by_side"):
        panels.append(_Panel("proposed", t("blueprint.fig.proposed"), proposed, prop_status,
                             ghosts, extra_steps=removed_steps))
    return panels


def blueprint_figure(blueprint: Blueprint, t, title: str = "") -> go.Figure:
    """One blueprint, no comparison: cells plain, empty cells dotted."""
    return _draw([_Panel("blueprint", title, blueprint)], t)


def comparison_figure(current: Blueprint, proposed: Blueprint, comparison: Comparison, t,
                      view: str = "side_by_side") -> go.Figure:
    """Current and proposed blueprints with the changed cells highlighted.

    view: "side_by_side" (both, current on the left), "current" (cells that the proposal
    changes or removes highlighted) or "proposed" (added and changed cells highlighted; removed
    cells shown as dashed ghosts with their former text; steps dropped by the proposal appended
    as ghost columns).
    """
    if view not in ("side_by_side", "current", "proposed"):
        raise ValueError(f"view must be side_by_side, current or proposed, not {view!r}")
    return _draw(_panels_for(current, proposed, comparison, t, view), t)


class _Canvas:
    """What the drawing accumulates: shapes, annotations, hover points by status, failure marks."""

    def __init__(self):
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []
        self.hover = {status: ([], [], []) for status in STATUS_STYLE}
        self.failures: tuple[list, list, list] = ([], [], [])


def _rows(panels: list[_Panel], width: int) -> tuple[list[tuple[str, float, float]], dict[str, float], float]:
    """Vertical layout in text-line units from the top (y axis reversed): (lane, top, bottom) per
    row (a measures row first when any step has measures), the y of each line, the total height."""
    show_measures = any(p.blueprint is not None and p.blueprint.has_measures for p in panels)
    lines_needed = {
        lane: max([len(display_lines(p.text(s, lane) or p.ghosts.get((s, lane), ""), width, MAX_LINES))
                   for p in panels for s in p.steps] + [1])
        for lane in LANES
    }
    rows: list[tuple[str, float, float]] = []
    y = 0.0
    if show_measures:
        rows.append(("measures", y, y + 3.2))
        y += 3.2 + PLAIN_GAP
    line_after = {above: name for name, above, _ in LINES}
    line_y: dict[str, float] = {}
    for lane in LANES:
        height = max(2.0, lines_needed[lane]) + LANE_PAD
        rows.append((lane, y, y + height))
        y += height
        if lane in line_after:
            line_y[line_after[lane]] = y + LINE_GAP / 2
            y += LINE_GAP
        else:
            y += PLAIN_GAP
    return rows, line_y, y


def _columns(panels: list[_Panel]):
    """Horizontal layout: one unit per step, half a unit between panels. Returns (panel, step, x)
    per column, (panel, start, end) per panel, and the right edge."""
    x_of, spans, x = [], [], 0.0
    for panel in panels:
        start = x
        for step in panel.steps:
            x_of.append((panel, step, x))
            x += 1.0
        spans.append((panel, start, x))
        x += 0.5
    return x_of, spans, x - 0.5


def _background(canvas: _Canvas, rows, line_y: dict[str, float], x_max: float, t) -> None:
    for i, (lane, top, bottom) in enumerate(rows):
        canvas.shapes.append(dict(type="rect", xref="x", yref="y", x0=-0.05, x1=x_max + 0.05, y0=top - 0.2,
                                  y1=bottom + 0.2, fillcolor=LANE_BANDS[i % len(LANE_BANDS)], line_width=0,
                                  layer="below", name=f"lane|{lane}"))
    for name, ypos in line_y.items():
        colour, dash = LINE_STYLE[name]
        canvas.shapes.append(dict(type="line", xref="x", yref="y", x0=-0.05, x1=x_max + 0.05, y0=ypos, y1=ypos,
                                  line=dict(color=colour, width=2, dash=dash), name=f"line|{name}"))
        canvas.annotations.append(dict(xref="x", yref="y", x=x_max + 0.05, y=ypos, xanchor="right",
                                       yanchor="bottom", showarrow=False,
                                       text=f"<i>{html.escape(t(f'blueprint.line.{name}'))}</i>",
                                       font=dict(size=10, color=colour), bgcolor="rgba(255,255,255,0.85)",
                                       name=f"label|{name}"))


def _cell(canvas: _Canvas, panel: _Panel, step: str, lane: str, x0: float, top: float, bottom: float,
          width: int, font_size: int, lane_label: str, t) -> None:
    """One lane cell of one step: its rectangle, its text (or the ghost of removed text), its
    status badge and its hover point."""
    bp = panel.blueprint
    in_bp = bp is not None and step in bp.step_names
    status = panel.status(step, lane)
    style = STATUS_STYLE[status]
    text = panel.text(step, lane)
    ghost = panel.ghosts.get((step, lane), "") if not text or status == "removed" and not in_bp else ""
    middle = (top + bottom) / 2
    canvas.shapes.append(dict(
        type="rect", xref="x", yref="y", x0=x0 + 0.04, x1=x0 + 0.96, y0=top, y1=bottom,
        fillcolor=style["fill"], line=dict(color=_status_colour(status) if status != "empty" else style["line"],
                                           width=2 if status in ("added", "removed", "changed") else 1,
                                           dash=style["dash"]),
        name=f"cell|{panel.key}|{step}|{lane}|{status}"))
    # the status badge leads the cell's first line (inside the text: a corner mark would sit on long text)
    badge = (f"<span style='color:{_status_colour(status)}'><b>{style['badge']}</b></span> "
             if style["badge"] else "")
    if text:
        canvas.annotations.append(dict(xref="x", yref="y", x=x0 + 0.5, y=middle,
                                       text=badge + plot_text(text, width, MAX_LINES),
                                       showarrow=False, font=dict(size=font_size, color=TEXT_COLOUR), align="center",
                                       name=f"text|{panel.key}|{step}|{lane}"))
    elif ghost:
        canvas.annotations.append(dict(xref="x", yref="y", x=x0 + 0.5, y=middle,
                                       text=badge + "<i>" + plot_text(ghost, width, MAX_LINES) + "</i>", showarrow=False,
                                       font=dict(size=font_size, color=GHOST_COLOUR), align="center",
                                       name=f"ghost|{panel.key}|{step}|{lane}"))
    elif badge:
        canvas.annotations.append(dict(xref="x", yref="y", x=x0 + 0.5, y=middle, text=badge.strip(), showarrow=False,
                                       font=dict(size=12), name=f"badge|{panel.key}|{step}|{lane}"))
    if text or ghost:
        xs, ys, tips = canvas.hover[status]
        xs.append(x0 + 0.5)
        ys.append(middle)
        label = t(f"blueprint.status.{status}") if status not in ("plain", "empty") else ""
        tip = f"<b>{html.escape(step)}</b> · {html.escape(lane_label)}"
        if label:
            tip += f" · {html.escape(label)}"
        tips.append(tip + "<br>" + hover_text(text or ghost))


def _traces(fig: go.Figure, canvas: _Canvas, t) -> None:
    """Invisible hover markers, the legend of the statuses used, and the failure points."""
    for status, (xs, ys, tips) in canvas.hover.items():
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", hovertext=tips, hoverinfo="text",
                                     marker=dict(size=28, opacity=0, symbol="square"),
                                     showlegend=False, name=f"hover|{status}"))
    used = {s.split("|")[-1] for s in (sh.get("name", "") for sh in canvas.shapes) if s.startswith("cell|")}
    for status in ("added", "removed", "changed"):
        if status in used:
            style = STATUS_STYLE[status]
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=t(f"blueprint.status.{status}"),
                                     marker=dict(size=14, symbol="square", color=style["fill"],
                                                 line=dict(color=style["line"], width=2)),
                                     showlegend=True, legendgroup=status))
    failure_x, failure_y, failure_text = canvas.failures
    if failure_x:
        fig.add_trace(go.Scatter(x=failure_x, y=failure_y, mode="markers+text", text=["F"] * len(failure_x),
                                 textfont=dict(color="white", size=11), hovertext=failure_text, hoverinfo="text",
                                 marker=dict(size=20, color=FAILURE_COLOUR, symbol="circle"),
                                 name=t("blueprint.fig.failure_point"), showlegend=True))


def _headers(canvas: _Canvas, panels, x_of, spans, width: int) -> tuple[list[float], list[str]]:
    """Step headers on top, one per column (ghost steps in italics); panel titles above them."""
    tickvals = [x0 + 0.5 for _, _, x0 in x_of]
    ticktext = []
    for panel, step, _ in x_of:
        label = "<br>".join(html.escape(line) for line in display_lines(step, width, 3))
        if panel.blueprint is None or step not in panel.blueprint.step_names:
            label = f"<i>{label}</i>"
        ticktext.append(f"<b>{label}</b>")
    for panel, start, end in spans:
        if panel.title:
            canvas.annotations.append(dict(xref="x", yref="paper", x=(start + end) / 2, y=1.0, yanchor="bottom",
                                           yshift=58, text=f"<b>{html.escape(panel.title)}</b>", showarrow=False,
                                           font=dict(size=14, color=TEXT_COLOUR), name=f"panel|{panel.key}"))
    if len(panels) > 1:
        for _, _, end in spans[:-1]:
            canvas.shapes.append(dict(type="line", xref="x", yref="paper", x0=end + 0.25, x1=end + 0.25, y0=0, y1=1,
                                      line=dict(color="#334155", width=2), name="panel_divider"))
    return tickvals, ticktext


def _draw(panels: list[_Panel], t) -> go.Figure:
    n_columns = sum(len(p.steps) for p in panels)
    width = _wrap_width(n_columns)
    font_size = 11 if n_columns <= 8 else 10
    rows, line_y, total_height = _rows(panels, width)
    x_of, spans, x_max = _columns(panels)
    lane_label = {lane: t(f"blueprint.lane.{lane}") for lane in LANES}
    lane_label["measures"] = t("blueprint.lane.measures")
    canvas = _Canvas()
    _background(canvas, rows, line_y, x_max, t)
    for panel, step, x0 in x_of:
        bp = panel.blueprint
        for lane, top, bottom in rows:
            if lane != "measures":
                _cell(canvas, panel, step, lane, x0, top, bottom, width, font_size, lane_label[lane], t)
            elif bp is not None and step in bp.step_names:
                _measure_cell(bp.step(step), x0, top, bottom, t, canvas.annotations, canvas.shapes,
                              *canvas.failures, panel.key, width)
    fig = go.Figure()
    _traces(fig, canvas, t)
    tickvals, ticktext = _headers(canvas, panels, x_of, spans, width)
    fig.update_layout(
        shapes=canvas.shapes, annotations=canvas.annotations,
        height=int(total_height * PX_PER_UNIT + 190),
        margin=dict(l=10, r=10, t=120, b=40),
        plot_bgcolor="white", paper_bgcolor="white",
        hovermode="closest", dragmode=False,
        legend=dict(orientation="h", yanchor="top", y=-0.01, xanchor="left", x=0),
        font=dict(color=TEXT_COLOUR),
    )
    fig.update_xaxes(range=[-0.1, x_max + 0.1], tickvals=tickvals, ticktext=ticktext, side="top",
                     showgrid=False, zeroline=False, fixedrange=True, tickfont=dict(size=11, color=TEXT_COLOUR))
    fig.update_yaxes(range=[total_height, -0.4], tickvals=[(top + bottom) / 2 for _, top, bottom in rows],
                     ticktext=["<b>" + "<br>".join(html.escape(line) for line in textwrap.wrap(lane_label[lane], 20))
                               + "</b>" for lane, _, _ in rows],
                     showgrid=False, zeroline=False, fixedrange=True, tickfont=dict(size=11, color=TEXT_COLOUR))
    return localized(fig, t)


def _measure_cell(step, x0, top, bottom, t, annotations, shapes, fx, fy, ftext, panel_key, width):
    parts = []
    if step.time_s is not None:
        parts.append(t("blueprint.fig.time", minutes=t.num(step.time_s / 60, 1)))
    if step.wait_s is not None:
        parts.append("<b>" + html.escape(t("blueprint.fig.wait", minutes=t.num(step.wait_s / 60, 1))) + "</b>")
    if step.owner:
        parts.append("<i>" + plot_text(step.owner, width, 1) + "</i>")
    if parts:
        annotations.append(dict(xref="x", yref="y", x=x0 + 0.5, y=(top + bottom) / 2, showarrow=False,
                                text="<br>".join(p if p.startswith("<") else html.escape(p) for p in parts),
                                font=dict(size=10, color=TEXT_COLOUR), name=f"measure|{panel_key}|{step.name}"))
    if step.wait_s is not None:
        shapes.append(dict(type="rect", xref="x", yref="y", x0=x0 + 0.04, x1=x0 + 0.96, y0=top, y1=bottom,
                           fillcolor="rgba(0,0,0,0)", line=dict(color=WAIT_COLOUR, width=2, dash="dot"),
                           name=f"wait|{panel_key}|{step.name}"))
    if step.failure_point:
        fx.append(x0 + 0.9)
        fy.append(top + 0.6)
        ftext.append(f"<b>{html.escape(t('blueprint.fig.failure_point'))}</b> · {html.escape(step.name)}<br>"
                     + hover_text(step.failure_point))


def standalone_html(fig: go.Figure, title: str, config: dict | None = None) -> str:
    """The drawing as one self-contained HTML page (plotly.js embedded, works offline).

    plotly serialises the figure as JSON with "<", ">" and "/" escaped, so no cell text can
    close the script element; the page title is escaped here."""
    body = fig.to_html(include_plotlyjs=True, full_html=True, config=config or {"displaylogo": False})
    return body.replace("<head>", f"<head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>", 1)
