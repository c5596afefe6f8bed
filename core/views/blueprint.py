"""View model of the service blueprint: current against proposed, lane by lane, and the pain points
each change addresses.

``compute(ws)`` reads the workspace's two blueprints (or, in the sample workspace only, the second
sample case: the call centre of seed 003), takes the edits kept in the workspace's edit session
(``blueprint.sessions``, written by the page's editor) and returns the comparison, the per-lane and
per-step counts, the links of the changed steps to the journey's pain phases, the per-step
measures, the warnings and the drawing's inputs. The page, the report and the deck render it.

The edit session is ui state kept in the workspace settings so that it survives page changes and
the workspace store; every rule of editing (undo, reset, refusing a bad table) is
``core.blueprint.EditSession``'s.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core import blueprint as bp
from core.i18n import Translator
from core.settings import Setting
from core.text import escape_markdown
from core.views import DataSource, Notice, provenance, stage, view_settings
from core.workspace import SAMPLE, Workspace, dataset_digest

WORKSPACE, CALLCENTRE = "workspace", "callcentre"
CASE = Setting("blueprint.case", "choice", WORKSPACE, options=(WORKSPACE, CALLCENTRE))
VIEW = Setting("blueprint.view", "choice", "proposed", options=("proposed", "side_by_side", "current"))
IMAGE_FORMAT = Setting("blueprint.image_format", "choice", "svg", options=("svg", "png"))
SETTINGS = (CASE, VIEW, IMAGE_FORMAT)
K_SESSIONS = "blueprint.sessions"
DATASETS = tuple(f"blueprint_{side}" for side in bp.SIDES)


def sample_settings() -> dict:
    """The blueprint view has no setting of the sample case (its options are neutral)."""
    return {}


@dataclass(frozen=True)
class BlueprintResult:
    """Everything the blueprint view shows.

    ``from_sample``: the workspace's own blueprints are the sample's (seed 000).
    ``status``: "no_data" (a side is missing), "refused" (``refused``: side -> problems) or "ok".
    ``session``: the edit session the comparison was made from (``stored`` False when it is new,
    and the page must keep it in ``ws.settings[K_SESSIONS][case]``). ``pain_state``: "callcentre",
    "no_journey", "no_links" or "linked" (``linked``: ``bp.link_pain_points``).
    """

    status: str
    case: str
    cases: tuple[str, ...]
    view: str
    sources: tuple[DataSource, ...]
    settings: dict
    from_sample: bool
    workspace_sources: dict = field(default_factory=dict)   # side -> source of the workspace's own
    refused: dict = field(default_factory=dict)
    session: bp.EditSession | None = None
    stored: bool = False
    comparison: bp.Comparison | None = None
    warnings: tuple = ()
    notices: tuple[Notice, ...] = ()
    steps_changed: int = 0
    merges: dict = field(default_factory=dict)
    pains: tuple[str, ...] = ()
    pain_state: str = "no_journey"
    linked: pd.DataFrame | None = None
    addressed: tuple[str, ...] = ()
    untouched: tuple[str, ...] = ()
    measures: pd.DataFrame | None = None

    @property
    def current(self) -> bp.Blueprint:
        return self.session.working["current"]

    @property
    def proposed(self) -> bp.Blueprint:
        return self.session.working["proposed"]

    @property
    def n_steps(self) -> int:
        return len(self.comparison.by_step)

    @property
    def show_pain_metric(self) -> bool:
        return self.case == WORKSPACE and bool(self.pains)


def cases(ws: Workspace) -> tuple[str, ...]:
    """The cases offered: the workspace's blueprints, and the call centre only in the sample."""
    return (WORKSPACE, CALLCENTRE) if ws.is_sample else (WORKSPACE,)


def case_frames(ws: Workspace, case: str) -> tuple[dict, object, dict]:
    """(side -> table or None, the token that identifies them, side -> source)."""
    if case == CALLCENTRE:
        from core.sample import sample_language, sample_table

        lang = sample_language(ws)
        frames = {side: sample_table(f"blueprint_callcentre_{side}.csv", lang) for side in bp.SIDES}
        return frames, CALLCENTRE, {side: SAMPLE for side in bp.SIDES}
    frames = {side: ws.get(f"blueprint_{side}") for side in bp.SIDES}
    sources = {side: ws.source(f"blueprint_{side}") for side in bp.SIDES}
    # core/store.py rebuilds this token when a workspace is reopened: keep the two in step.
    return frames, tuple((sources[side], id(frames[side])) for side in bp.SIDES), sources


def stored_session(ws: Workspace, case: str, token) -> bp.EditSession | None:
    """The workspace's edit session of ``case`` when it was made from these same tables."""
    sessions = ws.settings.get(K_SESSIONS)
    session = sessions.get(case) if isinstance(sessions, dict) else None
    # A session without a token was made by code (a test, a script), not from particular tables.
    if isinstance(session, bp.EditSession) and (session.token is None or session.token == token):
        return session
    return None


def keep_session(ws: Workspace, res: BlueprintResult) -> None:
    """Store a new edit session in the workspace (the page calls it once per new session)."""
    if res.session is None or res.stored:
        return
    sessions = ws.settings.get(K_SESSIONS)
    if not isinstance(sessions, dict):
        sessions = ws.settings[K_SESSIONS] = {}
    sessions[res.case] = res.session


def _read(frames: dict) -> tuple[dict, dict]:
    loaded, refused = {}, {}
    for side, frame in frames.items():
        try:
            loaded[side], _ = bp.read_blueprint(frame)
        except bp.BlueprintError as error:
            refused[side] = error.problems
    return loaded, refused


def compute(ws: Workspace) -> BlueprintResult:
    """The blueprint view of a workspace (pure apart from reading its stored edit session)."""
    settings = dict(view_settings(ws, SETTINGS, sample_settings()))
    offered = cases(ws)
    case = settings[CASE.key][0] if settings[CASE.key][0] in offered else WORKSPACE
    frames, token, _ = case_frames(ws, case)
    own = {side: ws.source(f"blueprint_{side}") for side in bp.SIDES}
    from_sample = all(source == SAMPLE for source in own.values())
    if case == WORKSPACE:
        sources = provenance(ws, (*DATASETS, "journey_map"))
    else:
        sources = tuple(DataSource(f"blueprint_{side}", SAMPLE, len(f)) for side, f in frames.items())
    base = dict(case=case, cases=offered, view=settings[VIEW.key][0], sources=sources, settings=settings,
                from_sample=from_sample, workspace_sources=own)
    session = stored_session(ws, case, token)
    stored = session is not None
    if session is None:
        if any(frame is None for frame in frames.values()):
            return BlueprintResult("no_data", **base)
        loaded, refused = _read(frames)
        if refused:
            return BlueprintResult("refused", **base, refused=refused)
        session = bp.EditSession(loaded=loaded, token=token)
    # blueprints read from these tables and never edited: named by the tables' content, so that every
    # session opening the same tables (each new visitor of the sample case) shares what follows
    content = ("loaded", case, tuple(dataset_digest(frames[side]) for side in bp.SIDES))
    return _compared(ws, base, session, stored, content)


class _Working:
    """A stage argument naming an edit session's working blueprints by (serial, version), or while
    nothing was edited in a session just read from tables, by those tables' ``content`` key: equal
    keys, same blueprints (EditSession.version grows with every change)."""

    def __init__(self, session: bp.EditSession, content=None):
        self.session = session
        unedited = session.version == 0 and all(session.working.get(side) is blueprint
                                                for side, blueprint in session.loaded.items())
        self.key = content if content is not None and unedited else (session.serial, session.version)

    def __eq__(self, other):
        return isinstance(other, _Working) and other.key == self.key

    def __hash__(self):
        return hash(self.key)


def _compared(ws: Workspace, base: dict, session: bp.EditSession, stored: bool, content=None) -> BlueprintResult:
    """The result of ``session``'s working blueprints; what is computed from them is a stage kept
    by (session, version) and the datasets it reads, so a rerun without an edit recomputes nothing."""
    parts = stage(_comparison_parts, ws, base["case"], base["from_sample"], _Working(session, content))
    return BlueprintResult("ok", **base, session=session, stored=stored, **parts)


def _comparison_parts(ws: Workspace, case: str, from_sample: bool, working: _Working) -> dict:
    """Stage: the comparison, warnings, pain points and measures of the working blueprints."""
    session = working.session
    current, proposed = session.working["current"], session.working["proposed"]
    comparison = bp.compare(current, proposed)
    merges: dict[str, list[str]] = {}
    for old, new in comparison.step_map.items():
        merges.setdefault(new, []).append(old)
    warnings = tuple(p for side in bp.SIDES for p in bp.cell_warnings(session.working[side]))
    pain: dict = dict(pain_state="callcentre")
    notices: list[Notice] = []
    if case == WORKSPACE:
        links, notices = pain_links(ws, current, proposed, from_sample)
        pain = _pain(comparison, links, ws.get("journey_map"))
    measures = bp.measures_table(comparison, current, proposed) \
        if current.has_measures or proposed.has_measures else None
    return dict(comparison=comparison, warnings=warnings, notices=tuple(notices),
                steps_changed=int((comparison.by_step["n_changes"] > 0).sum()), merges=merges, measures=measures,
                **pain)


def pain_links(ws: Workspace, current: bp.Blueprint, proposed: bp.Blueprint,
               from_sample: bool) -> tuple[pd.DataFrame, list[Notice]]:
    """The (step, phase) links: the blueprints' own ``phase`` column; for the sample's blueprints
    the shipped links file; for her blueprints without a phase column, the steps whose customer
    actions are word for word a customer process of her journey map (said in a notice)."""
    links = bp.phase_links_table(current, proposed)
    if not links.empty:
        return links, []
    if from_sample:
        from core.sample import sample_table

        return sample_table("blueprint_phase_links.csv"), []
    journey = ws.get("journey_map")
    if journey is None or "customer_process" not in journey or "phase" not in journey:
        return links, []
    suggested = pd.concat([bp.suggest_phase_links(current, journey), bp.suggest_phase_links(proposed, journey)],
                          ignore_index=True).drop_duplicates()
    return suggested, ([Notice("info", "blueprint.pain_links_suggested")] if len(suggested) else [])


def _pain(comparison: bp.Comparison, links: pd.DataFrame, journey: pd.DataFrame | None) -> dict:
    pains = tuple(bp.pain_phases(journey))
    if journey is None:
        return dict(pain_state="no_journey", pains=pains)
    linked = bp.link_pain_points(comparison, links, journey)
    addressed = tuple(dict.fromkeys(p for cell in linked["pain_phases"] for p in bp.split_items(cell)))
    if links.empty:
        return dict(pain_state="no_links", pains=pains, linked=linked, addressed=addressed)
    return dict(pain_state="linked", pains=pains, linked=linked, addressed=addressed,
                untouched=tuple(bp.unaddressed_pain_points(comparison, links, journey)))


# ---------------------------------------------------------------------------- text and tables

def problem_text(problem: bp.Problem, t: Translator) -> str:
    """A core problem in the user's language; user text escaped, lane names translated."""
    params = {key: escape_markdown(value) for key, value in problem.params.items()}
    for key in ("suggestions", "lanes"):
        if key in problem.params:
            params[key] = ", ".join(
                f"{escape_markdown(name)} ({t(f'blueprint.lane.{name}')})"
                for name in str(problem.params[key]).split(", "))
    return t(f"blueprint.problem.{problem.code}", **params)


def case_label(res: BlueprintResult, case: str, t: Translator) -> str:
    if case == CALLCENTRE:
        return t("blueprint.case_callcentre")
    if res.from_sample:
        return t("blueprint.case_workspace_sample")
    return t("blueprint.case_workspace_uploaded", **{
        side: t("blueprint.source_sample") if source == SAMPLE else escape_markdown(source or "–")
        for side, source in res.workspace_sources.items()})


def metrics(res: BlueprintResult, t: Translator) -> list[tuple[str, str, str]]:
    """(label, value, help) of the headline numbers."""
    out = [(t("blueprint.metric_changes"), t.int(res.comparison.n_changes),
            t("blueprint.metric_changes_help", n=t.int(len(res.comparison.cells)))),
           (t("blueprint.metric_steps"), f"{t.int(res.steps_changed)} / {t.int(res.n_steps)}",
            t("blueprint.metric_steps_help", n=t.int(res.n_steps)))]
    if res.show_pain_metric:
        out.append((t("blueprint.metric_pain"), f"{t.int(len(res.addressed))} / {t.int(len(res.pains))}",
                    t("blueprint.metric_pain_help", n=t.int(len(res.pains)))))
    return out


def summary(res: BlueprintResult, t: Translator) -> str:
    """One sentence: how many cells change, in how many steps."""
    return t("report.blueprint_summary", changes=t.int(res.comparison.n_changes),
             steps=t.int(res.steps_changed), total=t.int(res.n_steps))


def pain_sentences(res: BlueprintResult, t: Translator) -> list[str]:
    """What the page says about pain points (after the intro caption)."""
    if res.pain_state != "linked":
        return []
    out = [t("blueprint.pain_summary", addressed=escape_markdown(", ".join(res.addressed))) if res.addressed
           else t("blueprint.pain_none_addressed")]
    if res.untouched:
        out.append(t("blueprint.pain_unaddressed", phases=escape_markdown(", ".join(res.untouched))))
    return out


def merge_note(res: BlueprintResult, t: Translator) -> str | None:
    if not res.merges:
        return None
    return t("blueprint.merge_note", merges="; ".join(
        f"{escape_markdown(' + '.join(olds))} → {escape_markdown(new)}" for new, olds in res.merges.items()))


def _lane_names(t: Translator) -> dict:
    return {lane: t(f"blueprint.lane.{lane}") for lane in bp.LANES}


def _status_names(t: Translator) -> dict:
    return {s: t(f"blueprint.status.{s}") for s in bp.STATUSES}


def _lanes_text(cell: str, t: Translator) -> str:
    names = _lane_names(t)
    return ", ".join(names[lane] for lane in bp.split_items(cell))


def by_lane_table(res: BlueprintResult, t: Translator) -> pd.DataFrame:
    """Counts per lane (rows: translated lanes) of added, removed, changed, unchanged cells."""
    table = res.comparison.by_lane.rename(index=_lane_names(t), columns={
        **_status_names(t), "n_changes": t("blueprint.col.n_changes")})
    table.index.name = t("blueprint.col.lane")
    return table


def step_table(res: BlueprintResult, t: Translator) -> pd.DataFrame:
    comparison, status_names = res.comparison, _status_names(t)
    table = comparison.by_step.reset_index()

    def status_text(step_name: str, status: str) -> str:
        olds = ", ".join(o for o, n in comparison.step_map.items() if n == step_name)
        return t(f"blueprint.step_status.{status}", steps=olds)

    table["step_status"] = [status_text(s, st_) for s, st_ in zip(table["step"], table["step_status"])]
    table["lanes_changed"] = table["lanes_changed"].map(lambda cell: _lanes_text(cell, t))
    table = table[["step", "step_status", "n_changes", "added", "removed", "changed", "lanes_changed"]]
    table.columns = [t("blueprint.col.step"), t("blueprint.col.step_status"), t("blueprint.col.n_changes"),
                     status_names["added"], status_names["removed"], status_names["changed"],
                     t("blueprint.col.lanes_changed")]
    return table


def cells_table(res: BlueprintResult, t: Translator, changed_only: bool = False) -> pd.DataFrame:
    """The comparison's cells with translated lanes, statuses and headers."""
    cells = res.comparison.cells
    if changed_only:
        cells = cells[cells["status"] != "unchanged"]
    shown = cells[["step", "lane", "status", "current", "proposed", "items_added", "items_removed"]].copy()
    shown["lane"] = shown["lane"].map(_lane_names(t))
    shown["status"] = shown["status"].map(_status_names(t))
    shown.columns = [t(f"blueprint.col.{c}") for c in shown.columns]
    return shown


def pain_table(res: BlueprintResult, t: Translator) -> pd.DataFrame | None:
    if res.linked is None:
        return None
    table = res.linked.copy()
    table["lanes_changed"] = table["lanes_changed"].map(lambda cell: _lanes_text(cell, t))
    table["addresses_pain"] = [t("report.yes") if v else t("report.no") for v in table["addresses_pain"]]
    table.columns = [t(f"blueprint.col.{c}") for c in table.columns]
    return table


def measures_shown(res: BlueprintResult, t: Translator) -> pd.DataFrame | None:
    """Per-step time and wait, current against proposed, in minutes (seconds / 60)."""
    if res.measures is None:
        return None
    shown = res.measures.copy()
    for column in ("time_current_s", "time_proposed_s", "wait_current_s", "wait_proposed_s"):
        shown[column] = (res.measures[column] / 60).map(lambda v: t.num(v, 2))
    shown.columns = [t("blueprint.col.step"), t("blueprint.col.time_current"), t("blueprint.col.time_proposed"),
                     t("blueprint.col.wait_current"), t("blueprint.col.wait_proposed")]
    return shown


def workbook_sheets(res: BlueprintResult, t: Translator) -> dict[str, pd.DataFrame]:
    """The tables of the view's workbook download (and of the report)."""
    sheets = {
        t("blueprint.sheet_current"): res.current.to_wide_by_step(),
        t("blueprint.sheet_proposed"): res.proposed.to_wide_by_step(),
        t("blueprint.sheet_cells"): cells_table(res, t),
        t("blueprint.sheet_by_lane"): by_lane_table(res, t).reset_index(),
    }
    pains = pain_table(res, t)
    if pains is not None:
        sheets[t("blueprint.sheet_pain")] = pains
    return sheets


def editor_columns(table: pd.DataFrame) -> list[str]:
    """The columns the table editor shows: step, the lanes, the measures and the phase if any."""
    return ["step", *bp.LANES, *bp.MEASURES] + (["phase"] if "phase" in table else [])


def figure(res: BlueprintResult, t: Translator, view: str | None = None):
    """The swimlane drawing of the result (``view`` defaults to the chosen one)."""
    from core.figures.blueprint import comparison_figure

    return comparison_figure(res.current, res.proposed, res.comparison, t, view or res.view)
