"""The report's abandonment section: the view's result rendered as paragraphs, figures and tables."""
from __future__ import annotations

import pandas as pd

from core.i18n import Translator
from core.report.common import Section, p_text as _p
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core import abandonment as ab
    from core import stats
    from core.figures import abandonment as figs

    sec = Section("abandonment", t("nav.abandonment"))
    raw = ws.get("abandonment")
    if raw is None or not len(raw):
        sec.note = t("report.no_data")
        return sec
    s = ws.settings
    change_date = None
    if ("model" not in raw.columns or raw["model"].isna().all()) and "date" in raw.columns:
        change_date = s.get("abandonment.change_date")
        if change_date is None:
            dates = pd.to_datetime(raw["date"], errors="coerce").dropna()
            change_date = dates.median().date() if len(dates) else None
    try:
        prep = ab.prepare(raw, change_date=change_date)
    except ValueError:
        sec.note = t("report.not_analysable")
        return sec
    grouping = s.get("abandonment.grouping", "model")
    grouping = grouping if grouping in ab.GROUPINGS else "model"
    account = s.get("abandonment.account", "__all__")
    confidence = float(s.get("abandonment.confidence", 93.4))
    by_account = grouping in ("account", "model_account")
    chosen = None if (by_account or account in (None, "__all__")) else str(account)
    if chosen is not None and chosen not in set(prep.daily["account"].astype(str)):
        chosen = None
    names = {"current": t("abandonment.group_name.current"), "proposed": t("abandonment.group_name.proposed"),
             "account": t("abandonment.group_name.account"), "month": t("abandonment.group_name.month")}
    frame = ab.analysis_frame(prep, grouping, chosen, names)
    if frame.data["group"].nunique() < 2:
        sec.note = t("report.not_analysable")
        return sec
    alpha = 1 - confidence / 100
    result = stats.one_way(frame.data, "abandon_pct", "group", alpha)
    method = t(f"abandonment.method.{result.method}")
    conf = t.pct(confidence / 100, 1)
    contrast = ab.before_after(result, names) if grouping == "model" else None
    if contrast is not None:
        common = dict(cur=t.num(contrast.mean_current, 2), pro=t.num(contrast.mean_proposed, 2),
                      n_cur=t.int(contrast.n_current), n_pro=t.int(contrast.n_proposed), conf=conf,
                      low=t.num(contrast.low, 2), high=t.num(contrast.high, 2), method=method, p=_p(contrast.p, t, 4))
        key = "abandonment.conclusion.fell" if contrast.drop >= 0 else "abandonment.conclusion.rose"
        value = {"drop": t.num(contrast.drop, 2)} if contrast.drop >= 0 else {"rise": t.num(-contrast.drop, 2)}
        sec.paragraphs.append(t(key, **value, **common) + " " +
                              t("abandonment.conclusion.real" if contrast.significant else "abandonment.conclusion.not_real"))
    else:
        a_p = result.anova.loc["between", "p"]
        letters = "; ".join(f"{g}: {v}" for g, v in result.letters.items())
        sec.paragraphs.append(t("abandonment.conclusion.groups",
                                verdict=t("abandonment.verdict.rejects" if a_p < alpha else "abandonment.verdict.not_rejects"),
                                k=frame.data["group"].nunique(), f=t.num(result.anova.loc["between", "f"], 2),
                                p=_p(a_p, t, 4), n=t.int(result.describe["n"].sum()), conf=conf,
                                m=int(result.pairs["reject"].sum()), pairs=len(result.pairs), method=method,
                                letters=letters))
    sec.paragraphs.append(t("abandonment.conclusion.equal_var" if result.equal_variances
                            else "abandonment.conclusion.unequal_var", p=_p(result.levene.p, t, 4)))
    sec.figures.append(figs.pairwise_chart(result.pairs, t, confidence / 100, method))
    sec.figures.append(figs.daily_box_strip(frame.data, t, order=list(result.describe.index)))
    sec.tables[t("abandonment.sheet.groups")] = result.describe.reset_index()
    sec.tables[t("abandonment.sheet.anova")] = result.anova.reset_index()
    sec.tables[t("abandonment.sheet.pairs")] = result.pairs
    return sec
