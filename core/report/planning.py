"""The report's survey-planning section: the view model's result (core.views.planning) rendered
as paragraphs, a figure and a table, with the same numbers as the page."""
from __future__ import annotations

from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core.figures import planning as figures
    from core.views import planning as view

    result = view.compute(ws)
    sec = Section("planning", t("nav.planning"))
    size, run = result.size, result.run
    sec.paragraphs += [view.notice_text(n, t) for n in result.notices]
    if size is not None:
        sec.paragraphs.append(t("planning.report.size", kind=t(f"planning.kind_{result.kind}"), n=t.int(size.n),
                                n0=t.num(size.n0, 2), z=t.num(size.z, 3),
                                c=t.pct(result.settings["planning.confidence"][0], 0),
                                population=t.int(size.population) if size.population else "–"))
    elif result.size_error is not None:
        sec.paragraphs.append(view.notice_text(result.size_error, t))
    if run is not None:
        sec.paragraphs.append(t("planning.report.run", n=t.int(run.n), c=t.pct(run.confidence, 0),
                                nps=t("planning.pm_points", v=t.num(run.nps_points, 1)),
                                ins=t("planning.pm_points", v=t.num(run.ins_points, 1)),
                                gap=t("planning.pm_scale", v=t.num(run.gap_scale, 3)), sd=t.num(run.gap_sd, 2)))
        sec.figures.append(figures.margin_curve(run.curve, run.n, run.ins_fraction, t, run.population))
    elif result.run_error is not None:
        sec.paragraphs.append(view.notice_text(result.run_error, t))
    if result.observed.empty:
        sec.paragraphs.append(t("planning.loaded.none"))
    else:
        sec.tables[t("planning.loaded.title")] = view.observed_table(result, t)
    return sec
