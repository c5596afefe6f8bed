"""The report's staffing section: core.views.staffing.compute(ws) rendered as paragraphs, figures and
tables, so the report shows the page's numbers (same week plan, same peak, same comparison)."""
from __future__ import annotations

from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def _notice_text(n, t: Translator) -> str | None:
    if n.key == "staffing.week.bad":
        return t("report.not_analysable")
    params = {k: (t.int(v) if isinstance(v, int) else t.num(v, 0) if isinstance(v, float) else v)
              for k, v in n.params.items() if k not in ("problems", "reason", "field")}
    try:
        return t(n.key, **params)
    except KeyError:
        return None


def section(ws: Workspace, t: Translator) -> Section:
    from core.figures import staffing as figures
    from core.views import staffing as view

    res = view.compute(ws)
    sec = Section("staffing", t("nav.staffing"))
    week = res.week
    sl, thr = res.value("staffing.sl_target"), res.value("staffing.threshold_s")
    notes = [text for text in (_notice_text(n, t) for n in res.notices) if text]
    if week is None:
        sec.note = " ".join(notes) if notes else t("report.no_data")
        return sec
    shrink = res.value("staffing.shrinkage")
    sec.paragraphs.append(t("report.staffing_week", sl=t.pct(sl, 0), t=t.int(thr), peak=t.int(week.peak_agents),
                            day=t(f"staffing.weekday.{week.peak_weekday}"), time=week.peak_time,
                            hours=t.num(week.scheduled_hours, 0), shrink=t.pct(shrink, 0), minutes=t.int(week.minutes)))
    sec.paragraphs.append(t(f"staffing.week.aht_origin.{'data' if week.aht_origin == 'data' else 'setting'}",
                            aht=t.num(week.aht_s, 0)))
    sec.paragraphs.extend(notes)
    if res.patience is not None:
        p = res.patience
        sec.paragraphs.append(t("staffing.week.patience", mean=t.num(p.mean_patience, 0), low=t.num(p.ci_low, 0),
                                high=t.num(p.ci_high, 0), naive=t.num(p.naive_mean, 0), n=t.int(p.n_abandoned),
                                calls=t.int(p.n_calls)))
    cmp = res.compare
    if cmp is not None and not cmp.same and cmp.current.stable and cmp.proposed.stable:
        sec.paragraphs.append(t("staffing.compare.summary", current=t.num(cmp.current.wq_total, 1),
                                proposed=t.num(cmp.proposed.wq_total, 1), agents_c=t.int(cmp.current.agents_total),
                                agents_p=t.int(cmp.proposed.agents_total)))
    sec.paragraphs.extend(view.story_sentences(res, t, sample=ws.is_sample))
    sec.paragraphs.append(t("report.staffing_assumptions"))
    sec.figures.append(figures.requirements_heatmap(week.week, t))
    sec.tables[t("report.sheet_staffing")] = figures.week_table(week.week, t)
    return sec
