"""Shared pieces of the report's sections: the Section record, p-value text, translated tables."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from core.i18n import Translator


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


def p_text(p: float, t: Translator, decimals: int = 3) -> str:
    if p is None or p != p:
        return "–"
    floor = 10 ** -decimals
    return f"< {t.num(floor, decimals)}" if p < floor else t.num(p, decimals)


def translated(df: pd.DataFrame, prefix: str, t: Translator, index_label: str, index_map=None) -> pd.DataFrame:
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



def status_note(sec: Section, status: str, t: Translator) -> bool:
    """Put the report's note on ``sec`` for a view result that is not "ok" (no data, or data the
    view cannot analyse); True when the section is to be filled in."""
    if status == "ok":
        return True
    sec.note = t("report.no_data") if status == "no_data" else t("report.not_analysable")
    return False


def _round_array(values, significant: int = 4):
    """Floats rounded to ``significant`` digits of the array's largest size (what a reader sees);
    other values untouched."""
    import numpy as np

    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):
        return values
    if arr.dtype.kind != "f" or arr.size == 0:
        return values
    finite = np.abs(arr[np.isfinite(arr)])
    top = float(finite.max()) if finite.size else 0.0
    decimals = significant if top == 0 else max(0, significant - 1 - int(np.floor(np.log10(top))))
    return np.round(arr, decimals)


def trimmed(fig: go.Figure) -> go.Figure:
    """A copy of a figure for the report: its data rounded to 4 significant digits (the JSON of
    15-digit floats is most of a figure's size), and axis labels that make room for themselves
    (long item and phase names are never cropped)."""
    out = go.Figure(fig)
    for trace in out.data:
        for attr in ("x", "y", "z", "customdata", "text"):
            value = getattr(trace, attr, None)
            if value is not None and not isinstance(value, str):
                try:
                    setattr(trace, attr, _round_array(value))
                except ValueError:
                    pass
    for item in list(out.layout.shapes) + list(out.layout.annotations):
        for attr in ("x", "y", "x0", "x1", "y0", "y1"):
            value = getattr(item, attr, None)
            if isinstance(value, float):
                setattr(item, attr, round(value, 4))
    _trim_template(out)
    out.update_xaxes(automargin=True)
    out.update_yaxes(automargin=True)
    return out


def _trim_template(fig: go.Figure) -> None:
    """Keep the template's layout and the trace defaults of the trace types the figure draws (a
    template carries defaults for every trace type: most of a small figure's bytes)."""
    template = fig.layout.template
    types = {trace.type or "scatter" for trace in fig.data}
    data = {k: v for k, v in template.data.to_plotly_json().items() if k in types}
    fig.layout.template = go.layout.Template(layout=template.layout, data=data)
