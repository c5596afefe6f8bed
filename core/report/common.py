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
