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
    titles = {t(f"blueprint.sheet_{k}"): t(f"report.bp_table.{k}") for k in ("current", "proposed", "cells", "by_lane", "pain")}
    for name, table in view.workbook_sheets(res, t).items():
        sec.tables[titles.get(name, name)] = _headers(table, t)
    return sec


def _headers(table, t: Translator):
    """The wide blueprint tables keep the data's column codes (step, physical_evidence...): shown
    with the view's translated names (a column of the user's own keeps her header)."""
    def name(col):
        for key in (f"blueprint.col.{col}", f"blueprint.lane.{col}"):
            if t.has(key):
                return t(key)
        return str(col)

    out = table.copy()
    out.columns = [name(c) for c in table.columns]
    out.attrs = dict(table.attrs)
    return out
