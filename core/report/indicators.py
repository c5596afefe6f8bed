"""The report's indicators section: the indicators view's result (core.views.indicators) as
paragraphs, figures and tables, so the report shows the same numbers as the page."""
from __future__ import annotations

from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core.figures import journey as fj
    from core.views import indicators as vi

    sec = Section("indicators", t("nav.indicators"))
    if ws.get("indicators") is None:
        sec.note = t("report.no_data")
        return sec
    result = vi.compute(ws)
    if result.status is None:
        sec.note = t("report.not_analysable") if result.notices else t("report.no_data")
        return sec
    sec.paragraphs.append(vi.status_summary(result, t))
    change = vi.change_text(result, t)
    if change:
        sec.paragraphs.append(change)
    if result.weighted is not None:
        sec.paragraphs.append(t("indicators.weighted_meaning", value=vi.weighted_value(result, t)))
    if result.survey is not None:
        sec.paragraphs.append(" · ".join(f"{m['label']}: {m['value']} ({m['delta']})" for m in vi.survey_metrics(result, t)))
    overall = result.status[result.status["segment"] == "all"].reset_index(drop=True)
    if len(overall):
        sec.figures.append(fj.indicator_status_figure(overall, [vi.label(n, t) for n in overall["indicator"]], t))
    sec.tables[t("report.sheet_indicators")] = vi.status_table(result, t, signs=False)
    return sec
