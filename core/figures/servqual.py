"""SERVQUAL figures: gaps by dimension, items sorted by gap, importance-performance, segments.

Data in (the tables of core.servqual), plotly Figure out; labels from the translator. Dimension
names outside the standard five and segment values come from the user's file: they are
HTML-escaped before they reach plotly, which renders a subset of HTML in labels.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.figures import localized, palette, wrap_label
from core.i18n import Translator
from core.servqual import DIMENSIONS, item_number

COLOURS = {"expectation": palette.EXPECTATION, "perception": palette.PERCEPTION, "design": palette.DESIGN,
           "gap": palette.BAD, "gap_design": palette.NEUTRAL}
DIMENSION_COLOURS = palette.SEQUENCE
LABEL_WIDTH = 14     # characters a line of a dimension name on an axis


def dimension_name(dimension: str, t: Translator) -> str:
    """The translated name of a standard dimension; a user's own dimension name as given."""
    return t(f"servqual.dim.{dimension}") if dimension in DIMENSIONS else str(dimension)


def item_name(item: object, t: Translator) -> str:
    """"Item 5" for the item column "Q5"."""
    number = item_number(item)
    return t("servqual.item_label", n=number) if number is not None else html.escape(str(item))


def _label(dimension: str, t: Translator) -> str:
    return html.escape(dimension_name(dimension, t))


def _error(values: pd.Series, low: pd.Series, high: pd.Series) -> dict:
    return dict(type="data", symmetric=False, array=(high - values).to_numpy(dtype=float),
                arrayminus=(values - low).to_numpy(dtype=float), thickness=1.5, width=5)


def gap_chart(dimensions: pd.DataFrame, t: Translator, design: pd.DataFrame | None = None,
              scale_max: int = 5) -> go.Figure:
    """Left: expectation, perception (and design) per dimension; right: the gap P - E with its
    95% interval (and perception - design as hollow diamonds when a design is given).

    Dimension names are wrapped (``LABEL_WIDTH`` characters a line) and the right panel's names
    sit on its right-hand side, in a margin plotly widens to fit them (``automargin``): on the
    left they would run over the bars of the left panel. Hovers carry the full name."""
    labels = [wrap_label(dimension_name(d, t), LABEL_WIDTH) for d in dimensions.index]
    full = [_label(d, t) for d in dimensions.index]
    fig = make_subplots(rows=1, cols=2, column_widths=[0.58, 0.42], horizontal_spacing=0.08,
                        subplot_titles=(t("servqual.fig.scores_title", scale=scale_max),
                                        t("servqual.fig.gap_title")))
    bars = [("expectation", dimensions["expectation"]), ("perception", dimensions["perception"])]
    if design is not None and len(design):
        bars.append(("design", design["design"].reindex(dimensions.index)))
    for name, values in bars:
        fig.add_bar(x=labels, y=values, name=t(f"servqual.fig.{name}"), marker_color=COLOURS[name], row=1, col=1,
                    customdata=full, hovertemplate="%{customdata}: %{y:.2f}<extra>" + t(f"servqual.fig.{name}") + "</extra>")
    fig.add_trace(go.Scatter(
        x=dimensions["gap"], y=labels, mode="markers", name=t("servqual.fig.gap"),
        marker=dict(color=COLOURS["gap"], size=11), customdata=full,
        error_x=_error(dimensions["gap"], dimensions["gap_low"], dimensions["gap_high"]),
        hovertemplate="%{customdata}: %{x:.2f}<extra>" + t("servqual.fig.gap") + "</extra>"), row=1, col=2)
    if design is not None and len(design) and "gap_design" in design:
        gd = design["gap_design"].reindex(dimensions.index)
        fig.add_trace(go.Scatter(
            x=gd, y=labels, mode="markers", name=t("servqual.fig.gap_design"), customdata=full,
            marker=dict(color=COLOURS["gap_design"], size=10, symbol="diamond-open"),
            hovertemplate="%{customdata}: %{x:.2f}<extra>" + t("servqual.fig.gap_design") + "</extra>"), row=1, col=2)
    fig.add_vline(x=0, line=dict(color="#444", width=1), row=1, col=2)
    fig.update_xaxes(automargin=True, row=1, col=1)
    fig.update_yaxes(range=[1, scale_max + 0.3], title_text=t("servqual.fig.score_axis", scale=scale_max),
                     automargin=True, row=1, col=1)
    fig.update_yaxes(autorange="reversed", side="right", automargin=True, row=1, col=2)
    fig.update_xaxes(title_text=t("servqual.fig.gap_axis"), zeroline=True, automargin=True, row=1, col=2)
    fig.update_layout(barmode="group", height=450, margin=dict(t=60, l=10, r=10, b=10),
                      legend=dict(orientation="h", y=-0.22, yanchor="top"))
    return localized(fig, t)


def item_chart(items: pd.DataFrame, t: Translator) -> go.Figure:
    """Horizontal bars of each item's gap P - E with its 95% interval, worst item on top,
    coloured by dimension."""
    data = items.dropna(subset=["gap"]).sort_values("gap", kind="stable")
    fig = go.Figure()
    dims = list(dict.fromkeys(data["dimension"].fillna("")))
    for k, dim in enumerate(dims):
        part = data[data["dimension"].fillna("") == dim]
        name = _label(dim, t) if dim else t("servqual.fig.unmapped")
        fig.add_bar(
            x=part["gap"], y=[item_name(i, t) for i in part.index], orientation="h",
            name=name, marker_color=DIMENSION_COLOURS[k % len(DIMENSION_COLOURS)],
            error_x=_error(part["gap"], part["gap_low"], part["gap_high"]),
            customdata=np.stack([part["expectation"], part["perception"], part["n"]], axis=1),
            hovertemplate=("%{y} (" + name + "): %{x:.2f}<br>" + t("servqual.fig.expectation")
                           + " %{customdata[0]:.2f} · " + t("servqual.fig.perception")
                           + " %{customdata[1]:.2f} · n = %{customdata[2]}<extra></extra>"))
    order = [item_name(i, t) for i in data.index]
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.add_vline(x=0, line=dict(color="#444", width=1))
    fig.update_layout(height=max(320, 22 * len(data) + 120), xaxis_title=t("servqual.fig.gap_axis"),
                      margin=dict(t=30, l=10, r=10, b=10), legend=dict(orientation="h", y=-0.12),
                      title=t("servqual.fig.items_title"))
    return localized(fig, t)


def ipa_chart(ipa: pd.DataFrame, crosshairs: tuple[float, float], t: Translator) -> go.Figure:
    """Importance-performance matrix: mean importance points (x) against mean perception (y),
    the cross-hairs computed by core.servqual.ipa_crosshairs (the means over the dimensions),
    quadrant names in the corners."""
    labels = [_label(d, t) for d in ipa.index]
    fig = go.Figure(go.Scatter(
        x=ipa["importance"], y=ipa["perception"], mode="markers+text", text=labels,
        textposition="top center", marker=dict(size=14, color=COLOURS["perception"]),
        customdata=np.stack([ipa["gap"], ipa["priority"]], axis=1),
        hovertemplate=("%{text}<br>" + t("servqual.fig.importance_axis") + ": %{x:.1f}<br>"
                       + t("servqual.fig.perception") + ": %{y:.2f}<br>" + t("servqual.fig.gap")
                       + ": %{customdata[0]:.2f}<br>" + t("servqual.col.priority")
                       + ": %{customdata[1]}<extra></extra>")))
    x_cut, y_cut = crosshairs
    fig.add_vline(x=x_cut, line=dict(color="#888", dash="dash", width=1))
    fig.add_hline(y=y_cut, line=dict(color="#888", dash="dash", width=1))
    for quadrant, (xa, ya, xanchor, yanchor) in {
            "concentrate": (1, 0, "right", "bottom"), "keep_up": (1, 1, "right", "top"),
            "low_priority": (0, 0, "left", "bottom"), "possible_overkill": (0, 1, "left", "top")}.items():
        fig.add_annotation(xref="x domain", yref="y domain", x=xa, y=ya, xanchor=xanchor, yanchor=yanchor,
                           text=t(f"servqual.quadrant.{quadrant}"), showarrow=False,
                           font=dict(color="#666", size=12))
    span_x = max(float(ipa["importance"].max() - ipa["importance"].min()), 1.0)
    span_y = max(float(ipa["perception"].max() - ipa["perception"].min()), 0.1)
    fig.update_xaxes(title_text=t("servqual.fig.importance_axis"),
                     range=[ipa["importance"].min() - 0.25 * span_x, ipa["importance"].max() + 0.25 * span_x])
    fig.update_yaxes(title_text=t("servqual.fig.perception"),
                     range=[ipa["perception"].min() - 0.3 * span_y, ipa["perception"].max() + 0.3 * span_y])
    fig.update_layout(height=430, margin=dict(t=30, l=10, r=10, b=10), showlegend=False)
    return localized(fig, t)


def segment_chart(by_segment: pd.DataFrame, t: Translator) -> go.Figure:
    """Gap P - E per dimension, one group of markers per segment, with 95% intervals."""
    fig = go.Figure()
    segments = list(dict.fromkeys(by_segment.index.get_level_values(0)))
    for k, seg in enumerate(segments):
        part = by_segment.loc[seg]
        n = int(part["n"].max())
        fig.add_trace(go.Scatter(
            x=[_label(d, t) for d in part.index], y=part["gap"], mode="markers",
            name=f"{html.escape(str(seg))} (n ≤ {n})",
            marker=dict(size=11, color=DIMENSION_COLOURS[k % len(DIMENSION_COLOURS)]),
            error_y=_error(part["gap"], part["gap_low"], part["gap_high"]),
            customdata=part["n"].to_numpy(),
            hovertemplate="%{x}: %{y:.2f} (n = %{customdata})<extra>" + html.escape(str(seg)) + "</extra>"))
    fig.add_hline(y=0, line=dict(color="#444", width=1))
    fig.update_layout(scattermode="group", height=400, yaxis_title=t("servqual.fig.gap_axis"),
                      margin=dict(t=30, l=10, r=10, b=10), legend=dict(orientation="h", y=-0.15))
    return localized(fig, t)
