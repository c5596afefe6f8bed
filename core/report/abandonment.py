"""The report's abandonment section: the view's result (core.views.abandonment) rendered as
paragraphs, figures and tables — the same conclusion and the same numbers as the page."""
from __future__ import annotations

from core.i18n import Translator
from core.report.common import Section, status_note
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core.figures import abandonment as figs
    from core.views import abandonment as view

    sec = Section("abandonment", t("nav.abandonment"))
    res = view.compute(ws, view.group_names(t))
    if not status_note(sec, res.status, t):
        return sec
    sec.paragraphs.extend(view.notice_text(n, t) for n in res.notices)
    sec.paragraphs.extend(view.conclusion(res, t))
    method = view.method_name(res, t)
    sec.figures.append(figs.pairwise_chart(res.analysis.pairs, t, res.confidence_fraction, method))
    sec.figures.append(figs.daily_box_strip(res.data, t, order=list(res.analysis.describe.index)))
    sec.tables[t("abandonment.sheet.groups")] = view.describe_table(res, t)
    sec.tables[t("abandonment.sheet.anova")] = view.anova_table(res, t)
    sec.tables[t("abandonment.sheet.pairs")] = view.pairs_table(res.analysis.pairs, t)
    if res.pooled is not None:
        sec.tables[t("abandonment.pooled_title")] = view.pooled_table(res, t)
    return sec
