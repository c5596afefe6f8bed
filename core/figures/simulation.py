"""Figures of the staffing view's simulation tab: the distribution of waits, service level and
abandonment by interval through the shift, calls waiting and busy agents over time.

Data in (core.simulation.SimulationResult tables), plotly Figure out; labels from the translator.
Station names may come from the user, so they are HTML-escaped before they reach plotly.
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.figures import localized, palette
from core.i18n import Translator

WAIT = palette.PRIMARY
NO_WAIT = palette.OK
SL = palette.PROPOSED
ABANDON = palette.BAD
TARGET = palette.NEUTRAL
STATION_COLOURS = palette.SEQUENCE


_DAY0 = pd.Timestamp("2000-01-01")


def _when(clock_min: pd.Series) -> pd.Series:
    """Clock minutes (may pass 1440 after midnight) as datetimes, so the axis reads HH:MM and a
    night shift crosses midnight in order."""
    return _DAY0 + pd.to_timedelta(clock_min.to_numpy(float), unit="min")


def _layout(fig: go.Figure, height: int = 400) -> go.Figure:
    fig.update_layout(margin=dict(t=30, l=10, r=10, b=10), height=height, legend=dict(orientation="h", y=-0.25))
    return fig


def wait_histogram(histogram: pd.DataFrame, summary: pd.DataFrame, t: Translator) -> go.Figure:
    """Share of completed calls by total wait (s), all replications pooled; the calls that did
    not wait at all as their own bar at 0; the mean 50th/80th/95th percentiles as lines."""
    fig = go.Figure()
    if len(histogram):
        # the calls that did not wait are usually most of them: written as text, so that the bars
        # of the calls that waited (the tail managers ask about) stay readable
        zero = float(histogram.iloc[0]["share"])
        rest = histogram.iloc[1:]
        if len(rest):
            width = float((rest["right"] - rest["left"]).iloc[0])
            fig.add_trace(go.Bar(x=(rest["left"] + rest["right"]) / 2, y=100 * rest["share"], width=width,
                                 name=t("simulation.fig.waited"), marker_color=WAIT,
                                 customdata=rest[["left", "right"]].to_numpy(),
                                 hovertemplate="%{customdata[0]:.0f}–%{customdata[1]:.0f} s: %{y:.2f} %<extra></extra>"))
        fig.add_annotation(text=t("simulation.fig.no_wait", share=t.pct(zero)), xref="paper", yref="paper",
                           x=0.99, y=0.98, showarrow=False, xanchor="right", font=dict(color=NO_WAIT, size=14))
    # percentiles that round to the same second share one line and one label ("P50 = P80: 0 s")
    lines: dict[str, list[int]] = {}
    for p in (50, 80, 95):
        v = summary.loc[f"wait_p{p}", "mean"] if f"wait_p{p}" in summary.index else None
        if v is not None and pd.notna(v):
            lines.setdefault(t.num(float(v), 0), []).append(p)
    for i, (text, ps) in enumerate(lines.items()):
        v = float(summary.loc[f"wait_p{ps[0]}", "mean"])
        fig.add_vline(x=v, line=dict(color=TARGET, dash=("dot", "dash", "longdash")[i]),
                      annotation_text=t("simulation.fig.percentile", p=" = P".join(str(p) for p in ps), v=text),
                      annotation_position="top right")
    fig.update_layout(xaxis_title=t("simulation.fig.wait_s"), yaxis_title=t("simulation.fig.share_calls"),
                      bargap=0.02)
    return localized(_layout(fig), t)


def by_interval(intervals: pd.DataFrame, target_sl: float, t: Translator) -> go.Figure:
    """Service level (top) and abandonment (bottom), in %, per reporting interval of the shift,
    with the 95 % interval over the replications as error bars; the SL target as a line."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=(t("simulation.fig.sl_title"), t("simulation.fig.abandon_title")))
    x = _when(intervals["clock_min"])
    for col, colour, row, name in (("service_level", SL, 1, t("simulation.fig.sl")),
                                   ("abandon", ABANDON, 2, t("simulation.fig.abandon"))):
        y = 100 * intervals[col]
        up = (100 * intervals[f"{col}_high"] - y).fillna(0)
        down = (y - 100 * intervals[f"{col}_low"]).fillna(0)
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines+markers", name=name, line=dict(color=colour),
                                 error_y=dict(type="data", array=up, arrayminus=down, visible=True, thickness=1),
                                 hovertemplate="%{x|%H:%M}: %{y:.1f} %<extra></extra>"), row=row, col=1)
    fig.add_hline(y=100 * target_sl, line=dict(color=TARGET, dash="dash"), row=1, col=1,
                  annotation_text=t("simulation.fig.target", target=t.pct(target_sl, 0)),
                  annotation_position="bottom right")
    fig.update_yaxes(title_text="%", row=1, col=1, rangemode="tozero")
    fig.update_yaxes(title_text="%", row=2, col=1, rangemode="tozero")
    fig.update_xaxes(title_text=t("simulation.fig.interval"), row=2, col=1)
    fig.update_xaxes(tickformat="%H:%M")
    return localized(_layout(fig, 520), t)


def queue_over_time(timeline: pd.DataFrame, t: Translator) -> go.Figure:
    """Mean number of calls waiting at each station through the shift, with the band in which
    80 % of the simulated shifts fall (10th to 90th percentile over the replications)."""
    fig = go.Figure()
    for i, (name, d) in enumerate(timeline.groupby("station", sort=False)):
        colour = STATION_COLOURS[i % len(STATION_COLOURS)]
        label = html.escape(str(name))
        fig.add_trace(go.Scatter(x=_when(d["clock_min"]), y=d["queue_p90"], mode="lines", line=dict(width=0), showlegend=False,
                                 hoverinfo="skip", legendgroup=label))
        fig.add_trace(go.Scatter(x=_when(d["clock_min"]), y=d["queue_p10"], mode="lines", line=dict(width=0), fill="tonexty",
                                 fillcolor=_rgba(colour, 0.18), name=t("simulation.fig.band", station=label),
                                 hoverinfo="skip", legendgroup=label))
        fig.add_trace(go.Scatter(x=_when(d["clock_min"]), y=d["queue"], mode="lines", line=dict(color=colour),
                                 name=t("simulation.fig.queue_mean", station=label), legendgroup=label,
                                 hovertemplate="%{x|%H:%M}: %{y:.2f}<extra></extra>"))
    fig.update_layout(xaxis_title=t("simulation.fig.time"), yaxis_title=t("simulation.fig.calls_waiting"),
                      xaxis_tickformat="%H:%M")
    fig.update_yaxes(rangemode="tozero")
    return localized(_layout(fig), t)


def busy_agents(timeline: pd.DataFrame, t: Translator) -> go.Figure:
    """Mean busy agents at each station through the shift against the agents staffed."""
    fig = go.Figure()
    for i, (name, d) in enumerate(timeline.groupby("station", sort=False)):
        colour = STATION_COLOURS[i % len(STATION_COLOURS)]
        label = html.escape(str(name))
        fig.add_trace(go.Scatter(x=_when(d["clock_min"]), y=d["busy"], mode="lines", line=dict(color=colour),
                                 name=t("simulation.fig.busy", station=label),
                                 hovertemplate="%{x|%H:%M}: %{y:.1f}<extra></extra>"))
        fig.add_trace(go.Scatter(x=_when(d["clock_min"]), y=d["agents"], mode="lines", line=dict(color=colour, dash="dash"),
                                 name=t("simulation.fig.staffed", station=label), hoverinfo="skip"))
    fig.update_layout(xaxis_title=t("simulation.fig.time"), yaxis_title=t("simulation.fig.agents"),
                      xaxis_tickformat="%H:%M")
    fig.update_yaxes(rangemode="tozero")
    return localized(_layout(fig), t)


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


_DOWNLOAD_SHARES = ("service_level", "service_level_low", "service_level_high", "abandon", "abandon_low", "abandon_high")


def intervals_download(intervals: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """The simulation's intervals as a download: the interval's clock time, mean calls offered and
    the shares as percentages (0-100), under headers in the language."""
    out = pd.DataFrame({t("download.col.simulation.start"): intervals["clock"],
                        t("download.col.simulation.offered"): intervals["offered"]})
    for col in _DOWNLOAD_SHARES:
        out[t(f"download.col.simulation.{col}")] = 100 * intervals[col]
    return out
