"""The report's staffing section: the view's result rendered as paragraphs, figures and tables."""
from __future__ import annotations


from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core import queueing, traffic
    from core.figures import staffing as figures

    sec = Section("staffing", t("nav.staffing"))
    s = ws.settings
    target_sl = float(s.get("staffing.sl_target", 0.8))
    threshold = float(s.get("staffing.threshold_s", 20.0))
    shrinkage = float(s.get("staffing.shrinkage", 0.3))
    max_occ = s.get("staffing.max_occupancy")
    target_asa = s.get("staffing.target_asa_s")
    data, cdr = ws.get("traffic"), ws.get("cdr")
    from_cdr = False
    if data is None and cdr is not None:
        try:
            data, from_cdr = traffic.aggregate_cdr(cdr, 30), True
        except traffic.TrafficDataError:
            data = None
    if data is None:
        sec.note = t("report.no_data")
        return sec
    try:
        profile = traffic.interval_profile(data, default_aht=float(s.get("staffing.aht_s", 300.0)))
        week = traffic.week_requirements(profile, target_sl, threshold, max_occ, target_asa, shrinkage)
    except (traffic.TrafficDataError, queueing.QueueInputError):
        sec.note = t("report.not_analysable")
        return sec
    minutes = profile.attrs["minutes"]
    peak = week.loc[week["agents"].idxmax()]
    sec.paragraphs.append(t("report.staffing_week", sl=t.pct(target_sl, 0), t=t.int(threshold),
                            peak=t.int(int(peak["agents"])), day=t(f"staffing.weekday.{peak['weekday']}"),
                            time=str(peak["time"]), hours=t.num(float(week["scheduled"].sum()) * minutes / 60.0, 0),
                            shrink=t.pct(shrinkage, 0), minutes=t.int(minutes)))
    if from_cdr:
        sec.paragraphs.append(t("staffing.week.from_cdr"))
    if cdr is not None:
        try:
            est = traffic.estimate_patience(cdr)
            sec.paragraphs.append(t("staffing.week.patience", mean=t.num(est.mean_patience, 0), low=t.num(est.ci_low, 0),
                                    high=t.num(est.ci_high, 0), naive=t.num(est.naive_mean, 0),
                                    n=t.int(est.n_abandoned), calls=t.int(est.n_calls)))
        except traffic.TrafficDataError:
            pass
    sec.paragraphs.append(t("report.staffing_assumptions"))
    sec.figures.append(figures.requirements_heatmap(week, t))
    table = week.assign(weekday=[t(f"staffing.weekday.{d}") for d in week["weekday"]])[
        ["weekday", "time", "n", "offered_mean", "arrival_rate", "aht_s", "traffic", "agents", "scheduled"]]
    table.columns = [t(f"staffing.week.col.{c}") for c in table.columns]
    sec.tables[t("report.sheet_staffing")] = table
    return sec
