"""The report's journey section: the view's result rendered as paragraphs, figures and tables."""
from __future__ import annotations

import math

import pandas as pd

from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core import journey as jr
    from core.figures import journey as fj

    sec = Section("journey", t("nav.journey"))
    raw_map, raw_resp = ws.get("journey_map"), ws.get("journey_responses")
    if raw_map is None and raw_resp is None:
        sec.note = t("report.no_data")
        return sec
    jm, clean = None, None
    if raw_map is not None:
        try:
            jm, _ = jr.parse_journey_map(raw_map)
        except jr.JourneyDataError:
            jm = None
    phases = jm["phase"].tolist() if jm is not None else list(jr.SEED_PHASES)
    if raw_resp is not None:
        try:
            clean, _ = jr.clean_responses(raw_resp, phases)
            clean = None if clean.empty else clean
        except jr.JourneyDataError:
            clean = None
    if jm is None and clean is None:
        sec.note = t("report.not_analysable")
        return sec
    if jm is None:
        used = [p for p in phases if (clean["phase"].astype(object) == p).any()]
        jm = pd.DataFrame({"phase": used, "order": range(1, len(used) + 1), "customer_process": "",
                           "true_moment": False, "pain_moment": False, "customer_voice": "",
                           "ins": math.nan, "nps": math.nan, "ces": math.nan, "ins_kind": "mean"})
        phases = used
    s = ws.settings
    targets = jr.Targets(nps_min=float(s.get("journey.nps_min", 85.0)),
                         ins_pct_min=float(s.get("journey.ins_pct_min", 85.0)),
                         ces_pct_max=float(s.get("journey.ces_pct_max", 40.0)),
                         ins_mean_min=float(s.get("journey.ins_mean_min", 4.25)))
    has_table = raw_map is not None and not jm["nps"].isna().all()
    source = s.get("journey.source") or ("table" if has_table else "responses")
    if source == "responses" and clean is None or source == "table" and not has_table:
        source = "table" if has_table else "responses"
    marked = s.get("journey.marked")
    if not isinstance(marked, (list, tuple)):
        marked = jm.loc[jm["pain_moment"].fillna(False).astype(bool), "phase"].tolist()
    ind = jr.map_indicators(jm) if source == "table" else jr.phase_indicators(clean, phases)
    pains = jr.pain_points(ind, targets, [p for p in marked if p in phases])
    pain_names = pains.loc[pains["pain"], "phase"].tolist()
    sec.paragraphs.append(t("journey.pain_summary", count=len(pain_names), total=len(pains),
                            phases=", ".join(fj.phase_label(p, t) for p in pain_names) or "–"))
    sec.paragraphs.append(t("report.journey_targets", nps=t.num(targets.nps_min, 0), ins=t.num(targets.ins_pct_min, 0),
                            ces=t.num(targets.ces_pct_max, 0), source=t(f"journey.source_{source}")))
    if clean is not None:
        o = jr.overall_indicators(clean)
        sec.paragraphs.append(t("journey.overall", n=t.int(o["n"]), nps=t.num(o["nps"], 1), moe=t.num(o["nps_moe"], 1),
                                ins=t.pct(o["ins_pct"] / 100, 1), ins_mean=t.num(o["ins_mean"], 2),
                                ces=t.pct(o["ces_pct"] / 100, 1)))
    sec.figures.append(fj.journey_map_figure(jm, ind, pains, targets, t))
    shown = ind.copy()
    shown["phase"] = [fj.phase_label(p, t) for p in shown["phase"]]
    sec.tables[t("journey.sheet.indicators")] = shown.rename(
        columns={c: t(f"journey.xcol.{c}") for c in shown.columns if t.has(f"journey.xcol.{c}")})
    pain_table = pains[["phase", "pain"]].copy()
    pain_table["phase"] = [fj.phase_label(p, t) for p in pain_table["phase"]]
    pain_table["pain"] = [t("report.yes") if v else t("report.no") for v in pain_table["pain"]]
    pain_table.columns = [t("journey.col.phase"), t("journey.col.pain")]
    sec.tables[t("journey.sheet.map")] = pain_table
    return sec
