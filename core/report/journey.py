"""The report's journey section: the journey view's result (core.views.journey) as paragraphs, the
map figure and tables, so the report shows the same numbers as the page."""
from __future__ import annotations

from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core.views import journey as vj

    sec = Section("journey", t("nav.journey"))
    if all(ws.get(name) is None for name in vj.DATASETS):
        sec.note = t("report.no_data")
        return sec
    result = vj.compute(ws)
    if not result.has_data:
        sec.note = t("report.not_analysable")
        return sec
    targets = result.targets
    sec.paragraphs.append(vj.pain_summary(result, t))
    sec.paragraphs.append(t("report.journey_targets", nps=t.num(targets.nps_min, 0), ins=t.num(targets.ins_pct_min, 0),
                            ces=t.num(targets.ces_pct_max, 0), source=t(f"journey.source_{result.source}")))
    for text in (vj.overall_text(result, t), vj.comparison_text(result.comparison, t), vj.pareto_text(result, t)):
        if text:
            sec.paragraphs.append(text)
    sec.figures.append(vj.map_figure(result, t))
    sec.tables[t("journey.sheet.map")] = vj.phase_table(result, t)
    sec.tables[t("journey.sheet.indicators")] = vj.indicator_export(result, t)
    return sec
