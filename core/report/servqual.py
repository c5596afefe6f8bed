"""The report's servqual section: the view's result rendered as paragraphs, figures and tables."""
from __future__ import annotations


from core.i18n import Translator
from core.report.common import Section, p_text as _p, translated as _translated
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core import servqual
    from core.figures import servqual as figures

    sec = Section("servqual", t("nav.servqual"))
    raw = ws.get("servqual")
    if raw is None:
        sec.note = t("report.no_data")
        return sec
    scale = ws.settings.get("servqual.scale", "auto")
    survey, problems = servqual.prepare_survey(raw, ws.get("servqual_mapping"), ws.get("servqual_design"),
                                               None if scale in (None, "auto") else int(scale))
    if survey is None:
        sec.note = t("report.not_analysable")
        return sec
    segment = ws.settings.get("servqual.segment")
    if segment is not None and segment not in survey.segments():
        segment = None
    part = survey.subset(segment)
    result = servqual.analyse(part)
    dims = result.dimensions
    name = lambda d: figures.dimension_name(d, t)  # noqa: E731
    if segment is not None:
        sec.paragraphs.append(t("report.servqual_segment", segment=str(segment), n=t.int(part.n_respondents)))
    if dims is not None:
        facts = servqual.summary(dims, result.tests)
        if facts is not None:
            args = dict(dimension=name(facts.worst), low=t.num(facts.gap_low, 2), high=t.num(facts.gap_high, 2),
                        n=t.int(facts.n))
            if facts.gap < 0:
                sec.paragraphs.append(t("servqual.summary_worst", gap=t.num(-facts.gap, 2), scale=survey.scale_max,
                                        share=t.pct(-servqual.gap_share_of_range(facts.gap, survey.scale_max), 1),
                                        **args))
            else:
                sec.paragraphs.append(t("servqual.summary_positive", gap=t.num(facts.gap, 2), **args))
            key = "servqual.summary_real" if facts.significant else "servqual.summary_not_real"
            sec.paragraphs.append(t(key, k=facts.n_dimensions, p_t=_p(facts.p_t_adj, t), p_w=_p(facts.p_w_adj, t))
                                  + " " + t("servqual.summary_count", m=facts.n_shortfalls, k=facts.n_dimensions))
        if result.scores is not None:
            sec.paragraphs.append(t("report.servqual_kpis", score=t.num(result.scores.unweighted, 2),
                                    low=t.num(result.scores.unweighted_low, 2),
                                    high=t.num(result.scores.unweighted_high, 2),
                                    alpha=t.num(result.alpha_overall, 2), n=t.int(result.n_respondents)))
        sec.figures.append(figures.gap_chart(dims, t, result.design, survey.scale_max))
        sec.tables[t("servqual.sheet_dimensions")] = _translated(dims, "servqual.col.", t, index_label=t("servqual.col.dimension"),
                                                                 index_map=name)
    sec.figures.append(figures.item_chart(result.items, t))
    sec.tables[t("servqual.sheet_items")] = _translated(result.items, "servqual.col.", t,
                                                        index_label=t("servqual.col.item"),
                                                        index_map=lambda i: figures.item_name(i, t))
    if result.tests is not None:
        sec.tables[t("servqual.sheet_tests")] = _translated(result.tests, "servqual.col.", t,
                                                            index_label=t("servqual.col.dimension"), index_map=name)
    if result.design is not None:
        sec.tables[t("servqual.sheet_design")] = _translated(result.design, "servqual.col.", t,
                                                             index_label=t("servqual.col.dimension"), index_map=name)
    sec.paragraphs.append(t("report.servqual_assumptions"))
    return sec
