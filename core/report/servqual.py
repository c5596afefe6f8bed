"""The report's servqual section: the view model's result (core.views.servqual) rendered as
paragraphs, figures and tables, with the same sentences and tables as the page."""
from __future__ import annotations

from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core.figures import servqual as figures
    from core.views import servqual as view

    sec = Section("servqual", t("nav.servqual"))
    result = view.compute(ws)
    if not result.has_data:
        sec.note = t("report.no_data")
        return sec
    analysis = result.analysis
    if analysis is None:
        sec.note = t("report.not_analysable")
        return sec
    if result.segment is not None:
        sec.paragraphs.append(t("report.servqual_segment", segment=str(result.segment),
                                n=t.int(analysis.n_respondents)))
    sec.paragraphs.append(view.scale_caption(result, t))
    sentences = view.summary_sentences(result, t)
    if sentences:
        sec.paragraphs.append(" ".join(sentences))
    if analysis.scores is not None:
        sec.paragraphs.append(t("report.servqual_kpis", score=t.num(analysis.scores.unweighted, 2),
                                low=t.num(analysis.scores.unweighted_low, 2),
                                high=t.num(analysis.scores.unweighted_high, 2),
                                alpha=t.num(analysis.alpha_overall, 2), n=t.int(analysis.n_respondents)))
    sec.paragraphs += [view.notice_text(n, t) for n in result.notices if n.level != "info"]
    design = analysis.design if result.design_used else None
    if analysis.dimensions is not None:
        sec.figures.append(figures.gap_chart(analysis.dimensions, t, design, result.scale))
    sec.figures.append(figures.item_chart(analysis.items, t))
    if analysis.ipa is not None:
        sec.figures.append(figures.ipa_chart(analysis.ipa, analysis.ipa_crosshairs, t))
    for name, (table, _) in view.tables(result, t).items():
        sec.tables[name] = table.reset_index()
    sec.paragraphs.append(t("report.servqual_assumptions"))
    return sec
