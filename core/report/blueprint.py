"""The report's blueprint section: the view's result rendered as paragraphs, figures and tables."""
from __future__ import annotations


from core.i18n import Translator
from core.report.common import Section
from core.workspace import Workspace


def section(ws: Workspace, t: Translator) -> Section:
    from core import blueprint as bp
    from core.figures.blueprint import comparison_figure

    sec = Section("blueprint", t("nav.blueprint"))
    session = (ws.settings.get("blueprint.sessions") or {}).get("workspace")
    if isinstance(session, bp.EditSession):
        current, proposed = session.working["current"], session.working["proposed"]
    else:
        frames = {side: ws.get(f"blueprint_{side}") for side in bp.SIDES}
        if any(f is None for f in frames.values()):
            sec.note = t("report.no_data")
            return sec
        try:
            current, proposed = (bp.read_blueprint(frames[side])[0] for side in bp.SIDES)
        except bp.BlueprintError:
            sec.note = t("report.not_analysable")
            return sec
    comparison = bp.compare(current, proposed)
    by_step = comparison.by_step
    changed = int((by_step["n_changes"] > 0).sum())
    sec.paragraphs.append(t("report.blueprint_summary", changes=t.int(comparison.n_changes),
                            steps=t.int(changed), total=t.int(len(by_step))))
    if isinstance(session, bp.EditSession) and session.is_modified:
        sec.paragraphs.append(t("report.blueprint_edited"))
    view = ws.settings.get("blueprint.view", "side_by_side")
    sec.figures.append(comparison_figure(current, proposed, comparison, t,
                                         view if view in ("proposed", "side_by_side", "current") else "side_by_side"))
    lane_names = {lane: t(f"blueprint.lane.{lane}") for lane in bp.LANES}
    status_names = {st: t(f"blueprint.status.{st}") for st in bp.STATUSES}
    by_lane = comparison.by_lane.rename(index=lane_names, columns={**status_names, "n_changes": t("blueprint.col.n_changes")})
    by_lane.index.name = t("blueprint.col.lane")
    sec.tables[t("blueprint.sheet_by_lane")] = by_lane.reset_index()
    cells = comparison.cells[["step", "lane", "status", "current", "proposed"]].copy()
    cells["lane"] = cells["lane"].map(lane_names)
    cells["status"] = cells["status"].map(status_names)
    cells.columns = [t(f"blueprint.col.{c}") for c in ["step", "lane", "status", "current", "proposed"]]
    sec.tables[t("blueprint.sheet_cells")] = cells
    sec.tables[t("blueprint.sheet_current")] = current.to_wide_by_step()
    sec.tables[t("blueprint.sheet_proposed")] = proposed.to_wide_by_step()
    return sec
