"""The report's indicators section: the view's result rendered as paragraphs, figures and tables."""
from __future__ import annotations

import pandas as pd

from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
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
