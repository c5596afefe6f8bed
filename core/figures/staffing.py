"""Figures of the staffing view: SL and abandonment against agents, the weekly heatmap of
required agents, and the waits of the current and proposed processes.

Data in, plotly Figure out; every label comes from the translator. Station names may come from
the user, so they are HTML-escaped before they reach plotly.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.figures import palette, plain_figure
from core.i18n import Translator

SL_C = palette.PROPOSED        # Erlang C service level (blue)
SL_A = palette.PRIMARY         # Erlang A service level (teal)
ABANDON = palette.BAD          # abandonment (vermillion)
TARGET = palette.NEUTRAL       # the target line
CURRENT = "#0F172A"            # the current choice of agents
STATION_COLOURS = palette.SEQUENCE
HEATMAP_TICKS = 13             # time-of-day labels at most (every 2 h of a day)
RIGHT_MARGIN = 90             # px: room for the target's label ("meta 80 %") right of the plot


def sl_vs_agents(rows: list[dict], target_sl: float, current_agents: int, t: Translator) -> go.Figure:
    """Service level (Erlang C and, when present, Erlang A) and abandonment (Erlang A), in %,
    against the number of agents; the SL target as a horizontal line, the current choice as a
    vertical one. ``rows``: core.queueing.sweep_agents output.

    Drawn at every move of a staffing slider: the lines, zone and labels are given to plotly as
    plain shapes and annotations in one layout (what add_hline/add_vline/add_vrect produce, at a
    fraction of their cost)."""
    df = pd.DataFrame(rows)
    x = df["agents"]
    sl_c = pd.to_numeric(df["sl_c"], errors="coerce") * 100
    traces = [dict(type="scatter", x=x.tolist(), y=sl_c.tolist(), mode="lines+markers", name=t("staffing.fig.sl_c"),
                   line=dict(color=SL_C), connectgaps=False, hovertemplate="%{x}: %{y:.1f} %<extra></extra>")]
    if "sl_a" in df:
        traces += [dict(type="scatter", x=x.tolist(), y=(df["sl_a"] * 100).tolist(), mode="lines+markers",
                        name=t("staffing.fig.sl_a"), line=dict(color=SL_A, dash="dot"),
                        hovertemplate="%{x}: %{y:.1f} %<extra></extra>"),
                   dict(type="scatter", x=x.tolist(), y=(df["p_abandon_a"] * 100).tolist(), mode="lines+markers",
                        name=t("staffing.fig.abandon_a"), line=dict(color=ABANDON),
                        hovertemplate="%{x}: %{y:.2f} %<extra></extra>")]
    # the labels of the target and of the current choice sit outside the plotting area (right
    # margin, top margin), where no curve can run under them; the unstable zone's label inside the
    # zone's top, where the Erlang A service level (low when agents are too few) does not reach
    target = target_sl * 100
    shapes = [dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=target, y1=target,
                   line=dict(color=TARGET, dash="dash")),
              dict(type="line", xref="x", x0=current_agents, x1=current_agents, yref="y domain", y0=0, y1=1,
                   line=dict(color=CURRENT, dash="dot"))]
    notes = [dict(text=t("staffing.fig.target", target=t.pct(target_sl, 0)), xref="paper", x=1, xanchor="left",
                  yref="y", y=target, yanchor="middle", showarrow=False, font=dict(color=TARGET)),
             dict(text=t("staffing.fig.current", n=current_agents), xref="x", x=current_agents, xanchor="center",
                  yref="paper", y=1, yanchor="bottom", showarrow=False, font=dict(color=CURRENT))]
    unstable = df.loc[~df["stable"].astype(bool), "agents"]
    if len(unstable):
        low, high = float(unstable.min()) - 0.5, float(unstable.max()) + 0.5
        shapes.append(dict(type="rect", xref="x", x0=low, x1=high, yref="y domain", y0=0, y1=1,
                           fillcolor="#FCA5A5", opacity=0.2, line=dict(width=0)))
        notes.append(dict(text=t("staffing.fig.unstable_zone"), xref="x", x=low, xanchor="left",
                          yref="paper", y=0.99, yanchor="top", showarrow=False, font=dict(color=ABANDON)))
    return plain_figure(traces, dict(
        shapes=shapes, annotations=notes, xaxis=dict(title=dict(text=t("staffing.fig.agents"))),
        yaxis=dict(title=dict(text=t("staffing.fig.percent")), range=[0, 101]),
        legend=dict(orientation="h", y=-0.2, yanchor="top"), margin=dict(t=40, l=10, r=RIGHT_MARGIN, b=10),
        height=440), t)


def _week_grid(week: pd.DataFrame, times: np.ndarray, value: str) -> np.ndarray:
    """``value`` by weekday (rows 0-6, Monday first) x time slot (``times``); NaN where the week has
    no such slot (week_requirements gives one row per slot; a repeated slot keeps its first row)."""
    slots = week.drop_duplicates(["weekday", "time"])
    grid = np.full((7, len(times)), np.nan)
    grid[slots["weekday"].to_numpy(int), np.searchsorted(times, slots["time"].to_numpy(str))] = \
        slots[value].to_numpy(float)
    return grid


def requirements_heatmap(week: pd.DataFrame, t: Translator, value: str = "agents") -> go.Figure:
    """Required agents by weekday (rows, Monday first) x time of day (columns).

    ``week``: core.traffic.week_requirements output (weekday, time, agents, arrival_rate...).
    Rebuilt at every move of a goal slider: the grid is filled with numpy instead of two pivot tables
    and the figure made from plain dicts in one construction (24.5 -> 5.1 ms CPU on the sample).
    """
    times = np.sort(week["time"].astype(str).unique())        # "HH:MM": text order is clock order
    days = [t(f"staffing.weekday.{d}") for d in range(7)]
    heat = dict(type="heatmap", z=_week_grid(week, times, value), x=times.tolist(), y=days, colorscale="Blues",
                colorbar=dict(title=dict(text=t(f"staffing.fig.heat_{value}"))),
                customdata=_week_grid(week, times, "arrival_rate"),
                hovertemplate="%{y} %{x}<br>" + t(f"staffing.fig.heat_{value}") + ": %{z:,.2~f}<br>"
                              + t("staffing.fig.heat_rate") + ": %{customdata:.1f}<extra></extra>")
    # a label every few intervals, upright: 96 quarter-hours' labels would be tilted and touching
    return plain_figure([heat], dict(
        xaxis=dict(title=dict(text=t("staffing.fig.time_of_day")), nticks=HEATMAP_TICKS, tickangle=0),
        yaxis=dict(autorange="reversed"), margin=dict(t=30, l=10, r=10, b=10), height=360), t)


def process_waits(current, proposed, t: Translator) -> go.Figure:
    """Mean wait (s) at each station, stacked, for the current and the proposed line.

    current, proposed: core.queueing.TandemResult. Unstable stations are drawn as a hatched
    bar at zero height with the label "unstable" in the hover.
    """
    labels = [t("staffing.compare.current"), t("staffing.compare.proposed")]
    names = []
    for line in (current, proposed):
        for st in line.stations:
            if st.name not in names:
                names.append(st.name)
    labels_of = {name: html.escape(station_name(name, t)) for name in names}
    traces = []
    for i, name in enumerate(names):
        ys, texts = [], []
        for line in (current, proposed):
            st = next((s for s in line.stations if s.name == name), None)
            if st is None:
                ys.append(0.0)
                texts.append("")
            elif st.stable:
                ys.append(st.share * st.result.wq)
                texts.append(t.num(st.share * st.result.wq, 1))
            else:
                ys.append(None)
                texts.append(t("staffing.fig.unstable"))
        traces.append(dict(type="bar", x=labels, y=ys, name=labels_of[name], text=texts,
                           marker=dict(color=STATION_COLOURS[i % len(STATION_COLOURS)]),
                           hovertemplate="%{x}<br>" + labels_of[name] + ": %{text}<extra></extra>"))
    return plain_figure(traces, dict(barmode="stack", yaxis=dict(title=dict(text=t("staffing.fig.wait_s"))),
                                     margin=dict(t=30, l=10, r=10, b=10), height=360,
                                     legend=dict(orientation="h", y=-0.2)), t)


# --------------------------------------------------------------------------------------------- tables
# The view's tables with translated headers and numbers formatted for the language (page and report).

WEEK_COLUMNS = ("weekday", "time", "n", "offered_mean", "arrival_rate", "aht_s", "traffic", "agents", "scheduled")


def station_name(name: str, t: Translator) -> str:
    key = f"staffing.station.{name}"
    return t(key) if t.has(key) else str(name)


def week_table(week: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """core.traffic.week_requirements output: weekday names, numbers rounded to 2 decimals."""
    table = week.assign(weekday=[t(f"staffing.weekday.{d}") for d in week["weekday"]])[list(WEEK_COLUMNS)].round(2)
    table.columns = [t(f"staffing.week.col.{c}") for c in WEEK_COLUMNS]
    return table


def station_table(line, t: Translator) -> pd.DataFrame:
    """One row per station of a core.queueing.TandemResult."""
    rows = []
    for s in line.stations:
        r = s.result
        rows.append({
            t("staffing.col.station"): station_name(s.name, t), t("staffing.col.agents"): t.int(s.agents),
            t("staffing.col.rate"): t.num(s.arrival_rate, 1), t("staffing.col.traffic"): t.num(s.traffic, 2),
            t("staffing.col.occupancy"): t.pct(r.occupancy) if r else t("staffing.col.unstable"),
            t("staffing.col.p_wait"): t.pct(r.p_wait) if r else "–",
            t("staffing.col.wait"): t.num(r.wq, 1) if r else "–",
            t("staffing.col.sl"): t.pct(r.service_level) if r else "–",
            t("staffing.col.min_agents"): t.int(s.min_agents),
        })
    return pd.DataFrame(rows)


def table8(agents: dict, t: Translator) -> pd.DataFrame:
    """Thesis 003's Table 8: agents per group (rows) and shift (columns)."""
    shifts = ("morning", "afternoon", "night")
    rows = [{t("staffing.case.group_col"): t(f"staffing.case.group.{g}"),
             **{t(f"staffing.shift.{s}"): t.int(agents[g][s]) for s in shifts}} for g in agents]
    return pd.DataFrame(rows)


def thesis_table(rows: list[dict], t: Translator) -> pd.DataFrame:
    """The thesis' reported M/M/s figures / ours (core.views.staffing case study)."""
    out = []
    for r in rows:
        out.append({
            t("staffing.thesis.shift"): t(f"staffing.shift.{r['shift']}"),
            t("staffing.thesis.p0"): f"{t.pct(r['p0_reported'], 0)} / {t.pct(r['p0'], 1)}",
            t("staffing.thesis.l"): f"{t.num(r['l_reported'], 0)} / {t.num(r['l'], 2)}",
            t("staffing.thesis.lq"): f"{t.num(r['lq_reported'], 0)} / {t.num(r['lq'], 2)}",
            t("staffing.thesis.wq"): f"{t.num(r['wq_reported_min'], 2)} / {t.num(r['wq_min'], 2)}",
            t("staffing.thesis.rho_b"): t.num(r["rho_total"], 2),
        })
    return pd.DataFrame(out)


def pilot_table(rows: list[dict], t: Translator) -> pd.DataFrame:
    """The pilot's Table 29 with the abandonment its own counts give."""
    return pd.DataFrame([{
        t("staffing.pilot.account"): t.int(r["account"]), t("staffing.pilot.answered"): t.int(r["answered"]),
        t("staffing.pilot.abandoned"): t.int(r["abandoned"]),
        t("staffing.pilot.abandon_reported"): t.pct(r["abandon_reported"]),
        t("staffing.pilot.abandon_counts"): t.pct(r["abandon_counts"], 2),
        t("staffing.pilot.sl_reported"): t.pct(r["sl_reported"], 0),
    } for r in rows])
