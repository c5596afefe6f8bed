"""Figure of the survey-planning view: the margin of error a sample size gives.

Data in (core.sampling.margin_curve), plotly Figure out; labels from the translator.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.figures import localized, palette
from core.i18n import Translator


def margin_curve(curve: pd.DataFrame, n_marked: int | None, margin_marked: float | None, t: Translator,
                 population: int | None = None) -> go.Figure:
    """Worst-case margin of a proportion (percentage points) against the number of respondents,
    with and (when a population is given) without the finite-population correction; the
    chosen n as a point."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=curve["n"], y=100 * curve["margin"], mode="lines", name=t("planning.fig.infinite"),
                             line=dict(color=palette.NEUTRAL, dash="dash"),
                             hovertemplate="n = %{x:,.0f}: ± %{y:.2f}<extra></extra>"))
    if population is not None:
        fig.add_trace(go.Scatter(x=curve["n"], y=100 * curve["margin_fpc"], mode="lines",
                                 name=t("planning.fig.finite", N=t.int(population)),
                                 line=dict(color=palette.PRIMARY),
                                 hovertemplate="n = %{x:,.0f}: ± %{y:.2f}<extra></extra>"))
    if n_marked is not None and margin_marked is not None:
        fig.add_trace(go.Scatter(x=[n_marked], y=[100 * margin_marked], mode="markers+text",
                                 marker=dict(color=palette.BAD, size=10), name=t("planning.fig.your_n"),
                                 text=[t("planning.fig.point", n=t.int(n_marked), e=t.num(100 * margin_marked, 2))],
                                 textposition="top right", hoverinfo="skip"))
    fig.update_layout(xaxis_title=t("planning.fig.n"), yaxis_title=t("planning.fig.margin"), xaxis_type="log",
                      margin=dict(t=30, l=10, r=10, b=10), height=380, legend=dict(orientation="h", y=-0.25))
    fig.update_yaxes(rangemode="tozero")
    return localized(fig, t)
