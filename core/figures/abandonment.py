"""Figures of the abandonment view: differences with intervals, daily values, the time series.

Data in, plotly Figure out; labels come from the translator. Group labels may come from a
user's file (account or model names), and plotly renders a subset of HTML in text, so every
label is HTML-escaped before it reaches the figure.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.i18n import Translator
from core.figures import localized, wrap_label

DIFFERS = "#B91C1C"       # interval excludes zero
NOT_DIFFERS = "#475569"   # interval includes zero
REFERENCE = "#B45309"     # the thesis' published interval
ZERO = "#0F172A"
SERIES = ("#1D4ED8", "#0F766E", "#7C3AED", "#B45309", "#BE185D", "#4D7C0F")
BOX = "#64748B"


AXIS_TITLE_WIDTH = 28   # characters a line of a long (Spanish) y-axis title: two lines fit a 380 px chart

def _esc(value) -> str:
    return html.escape(str(value))


def pairwise_chart(pairs: pd.DataFrame, t: Translator, confidence: float, method: str,
                   reference: dict | None = None, labels: list[str] | None = None,
                   axis_title: str | None = None) -> go.Figure:
    """Each pair's difference (group2 − group1, points) as a dot with its interval; zero marked.

    ``pairs``: columns group1, group2, meandiff, lower, upper, p_adj, reject (core.stats).
    ``reference``: optional {"label", "diff", "low", "high"} drawn as an extra row (the thesis'
    Table 28, already in the B − A orientation). Rows named "B − A" top to bottom unless
    ``labels`` (one per row) are given.
    """
    if labels is None:
        labels = [f"{_esc(r.group2)} − {_esc(r.group1)}" for r in pairs.itertuples()]
    else:
        labels = [_esc(lab) for lab in labels]
    fig = go.Figure()
    for flag, colour, name in [(True, DIFFERS, t("abandonment.fig.differs")),
                               (False, NOT_DIFFERS, t("abandonment.fig.not_differs"))]:
        sel = pairs["reject"].astype(bool).to_numpy() == flag
        if not sel.any():
            continue
        sub = pairs[sel]
        fig.add_trace(go.Scatter(
            x=sub["meandiff"], y=[lab for lab, s in zip(labels, sel) if s], mode="markers",
            name=name, marker=dict(color=colour, size=10),
            error_x=dict(type="data", symmetric=False, array=sub["upper"] - sub["meandiff"],
                         arrayminus=sub["meandiff"] - sub["lower"], color=colour, thickness=2),
            customdata=np.column_stack([sub["lower"], sub["upper"], sub["p_adj"]]),
            hovertemplate="%{y}<br>%{x:.2f} [%{customdata[0]:.2f}; %{customdata[1]:.2f}]"
                          "<br>p = %{customdata[2]:.4f}<extra></extra>",
        ))
    if reference is not None:
        fig.add_trace(go.Scatter(
            x=[reference["diff"]], y=[_esc(reference["label"])], mode="markers",
            name=t("abandonment.fig.thesis"), marker=dict(color=REFERENCE, size=10, symbol="diamond"),
            error_x=dict(type="data", symmetric=False, array=[reference["high"] - reference["diff"]],
                         arrayminus=[reference["diff"] - reference["low"]], color=REFERENCE,
                         thickness=2),
        ))
    fig.add_vline(x=0, line=dict(color=ZERO, dash="dash", width=1),
                  annotation_text=t("abandonment.fig.zero"), annotation_position="top")
    n_rows = len(labels) + (reference is not None)
    fig.update_layout(
        title=t("abandonment.fig.diff_title", conf=t.pct(confidence, 1), method=method),
        xaxis_title=axis_title or t("abandonment.fig.diff_axis"), yaxis=dict(autorange="reversed", type="category"),
        height=max(260, 90 + 48 * n_rows), margin=dict(l=10, r=10, t=60, b=40),
        legend=dict(orientation="h", y=-0.25),
    )
    return localized(fig, t)


def daily_box_strip(data: pd.DataFrame, t: Translator, order: list | None = None) -> go.Figure:
    """Box plot of the daily % per group with every day as a jittered dot and the mean marked.

    ``data``: columns group, abandon_pct (percent, 0–100).
    """
    order = order if order is not None else sorted(data["group"].unique())
    fig = go.Figure()
    for i, grp in enumerate(order):
        vals = data.loc[data["group"] == grp, "abandon_pct"]
        fig.add_trace(go.Box(
            y=vals, name=_esc(grp), boxpoints="all", jitter=0.4, pointpos=0, boxmean=True,
            marker=dict(color=SERIES[i % len(SERIES)], size=5, opacity=0.6),
            line=dict(color=BOX), fillcolor="rgba(0,0,0,0)", showlegend=False,
            hovertemplate="%{y:.1f} %<extra>" + _esc(grp) + "</extra>",
        ))
    fig.update_layout(
        title=t("abandonment.fig.days_title"), yaxis_title=wrap_label(t("abandonment.fig.pct_axis"), AXIS_TITLE_WIDTH),
        yaxis=dict(rangemode="tozero"), margin=dict(l=10, r=10, t=60, b=40), height=420,
    )
    return localized(fig, t)


def daily_series(daily: pd.DataFrame, t: Translator) -> go.Figure:
    """Daily abandonment per account in sequence (or by date), the change marked by a dashed line.

    ``daily``: columns account, model, seq, abandon_pct (and date when known). The change is
    drawn halfway between the last "current" day and the first "proposed" day.
    """
    use_dates = "date" in daily.columns and daily["date"].notna().all()
    xcol = "date" if use_dates else "seq"
    fig = go.Figure()
    for i, (account, part) in enumerate(daily.sort_values(["account", xcol]).groupby("account", sort=True)):
        fig.add_trace(go.Scatter(
            x=part[xcol], y=part["abandon_pct"], mode="lines+markers",
            name=t("abandonment.fig.series_account", account=_esc(account)),
            line=dict(color=SERIES[i % len(SERIES)], width=1.5), marker=dict(size=4),
            hovertemplate="%{x}: %{y:.1f} %<extra></extra>",
        ))
    cur = daily[daily["model"] == "current"]
    pro = daily[daily["model"] == "proposed"]
    if len(cur) and len(pro):
        if use_dates:
            x = cur["date"].max() + (pro["date"].min() - cur["date"].max()) / 2
            fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper",
                          line=dict(color=ZERO, dash="dash"))
            fig.add_annotation(x=x, y=1, yref="paper", text=t("abandonment.fig.change"),
                               showarrow=False, yanchor="bottom")
        else:
            x = (cur["seq"].max() + pro["seq"].min()) / 2
            fig.add_vline(x=x, line=dict(color=ZERO, dash="dash"),
                          annotation_text=t("abandonment.fig.change"), annotation_position="top")
    fig.update_layout(
        title=t("abandonment.fig.series_title"), yaxis_title=wrap_label(t("abandonment.fig.pct_axis"), AXIS_TITLE_WIDTH),
        xaxis_title=t("abandonment.fig.date_axis" if use_dates else "abandonment.fig.day_axis"),
        yaxis=dict(rangemode="tozero"), margin=dict(l=10, r=10, t=60, b=40), height=380,
        legend=dict(orientation="h", y=-0.25),
    )
    return localized(fig, t)
