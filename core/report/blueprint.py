"""The report's blueprint section: the view's result (core.views.blueprint) rendered as paragraphs,
the swimlane drawing and tables — the same counts and pain points as the page."""
from __future__ import annotations

from core.i18n import Translator
from core.report.common import Section, status_note
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core.views import blueprint as view

    sec = Section("blueprint", t("nav.blueprint"))
    res = view.compute(ws)
    if not status_note(sec, res.status, t):
        return sec
    sec.paragraphs.append(view.summary(res, t))
    if res.session.is_modified:
        sec.paragraphs.append(t("report.blueprint_edited"))
    sec.paragraphs.extend(view.pain_sentences(res, t))
    sec.figures.append(view.figure(res, t))
    sec.tables.update(view.workbook_sheets(res, t))
    return sec
