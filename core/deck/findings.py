"""The deck's key findings: one per view, read from the view's model (``core.views.<view>.compute``)
and drawn with the view's figure builders, so the deck shows the numbers the page and the report show.

Each ``<view>_finding(ws, t)`` returns a ``Finding`` (slide title, the number and its meaning in one
sentence, a supporting line or two, the figure, speaker notes with sources and n) or a ``Missing``
(a short line for the summary slide) when the view has no usable data in this workspace.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.i18n import Translator
from core.settings import ORIGIN_DEFAULT
from core.workspace import Workspace

VIEWS = ("servqual", "journey", "blueprint", "staffing", "abandonment", "planning")


@dataclass(frozen=True)
class Finding:
    """One slide: ``headline`` holds the number and its meaning; ``notes`` the sources and n."""

    view: str
    title: str
    headline: str
    figure: object | None = None
    details: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Missing:
    """A view with no slide, and why (a line of the summary slide)."""

    view: str
    title: str
    line: str


@dataclass(frozen=True)
class Parts:
    """A view's slide title and its summary-slide line when it has no slide."""

    t: Translator
    view: str

    @property
    def title(self) -> str:
        return self.t(f"deck.{self.view}.title")

    def missing(self, why: str = "no_data") -> Missing:
        return Missing(self.view, self.title, self.t(f"deck.missing.{why}", view=self.t(f"nav.{self.view}")))


def sources_note(sources, t: Translator) -> str:
    """"Data: Traffic from file x.csv (420 rows) · ..." for the speaker notes."""
    if not sources:
        return t("deck.notes.no_sources")
    parts = []
    for src in sources:
        origin = t("deck.notes.sample") if src.is_sample else t("deck.notes.file", file=src.source)
        parts.append(t("deck.notes.dataset", dataset=t(f"datasets.{src.dataset}"), origin=origin,
                       rows=t.int(src.rows)))
    return t("deck.notes.sources", parts=" · ".join(parts))


def _uses_data(result_settings: dict, sources) -> bool:
    """A view that can compute from its neutral defaults alone (staffing, planning) has usable data
    when it read a dataset or a setting that is not the product's default (hers, the sample's, or
    derived from her data)."""
    return bool(sources) or any(origin != ORIGIN_DEFAULT for _, origin in result_settings.values())


# ------------------------------------------------------------------------------------------ servqual

def servqual_finding(ws: Workspace, t: Translator) -> Finding | Missing:
    from core.figures import servqual as figures
    from core.figures.servqual import dimension_name
    from core.views import servqual as view

    parts = Parts(t, "servqual")
    res = view.compute(ws)
    a, facts = res.analysis, res.facts
    if not res.has_data:
        return parts.missing()
    if a is None or a.dimensions is None or facts is None:
        return parts.missing("not_analysable")
    worst = a.dimensions.loc[facts.worst]
    key = "deck.servqual.headline_short" if facts.gap < 0 else "deck.servqual.headline_positive"
    headline = t(key, dimension=dimension_name(facts.worst, t), gap=t.num(facts.gap, 2),
                 perception=t.num(worst["perception"], 2), expectation=t.num(worst["expectation"], 2),
                 scale=res.scale, share=t.pct(abs(res.worst_shortfall_share), 1))
    details = [t("deck.servqual.real" if facts.significant else "deck.servqual.not_real",
                 low=t.num(facts.gap_low, 2), high=t.num(facts.gap_high, 2), p=view.p_text(facts.p_t_adj, t)),
               t("deck.servqual.count", m=facts.n_shortfalls, k=facts.n_dimensions)]
    if a.scores is not None:
        details.append(t("deck.servqual.score", score=t.num(a.scores.unweighted, 2),
                         low=t.num(a.scores.unweighted_low, 2), high=t.num(a.scores.unweighted_high, 2)))
    notes = (sources_note(res.sources, t),
             t("deck.servqual.notes", n=t.int(a.n_respondents), n_dim=t.int(facts.n),
               alpha=t.num(a.alpha_overall, 2), scale=res.scale))
    design = a.design if res.design_used else None
    fig = figures.gap_chart(a.dimensions, t, design, res.scale)
    return Finding("servqual", parts.title, headline, fig, tuple(details), notes)


# ------------------------------------------------------------------------------------------ journey

def journey_finding(ws: Workspace, t: Translator) -> Finding | Missing:
    from core.figures import journey as fj
    from core.views import journey as view

    parts = Parts(t, "journey")
    if all(ws.get(name) is None for name in view.DATASETS):
        return parts.missing()
    res = view.compute(ws)
    if not res.has_data or res.indicators is None or res.pains is None:
        return parts.missing("not_analysable")
    pains = [fj.phase_label(p, t) for p in res.pain_phases]
    missed = {row["phase"]: row["missed"] for row in res.pains.to_dict("records")}
    headline = t("deck.journey.headline", count=len(pains), total=len(res.phases), phases=", ".join(pains) or "–")
    details = []
    if res.overall is not None:
        o = res.overall
        details.append(t("deck.journey.overall", nps=t.num(o["nps"], 1), moe=t.num(o["nps_moe"], 1),
                         ins=t.pct(o["ins_pct"] / 100, 1), ces=t.pct(o["ces_pct"] / 100, 1), n=t.int(o["n"])))
    worst = max(missed, key=lambda p: len(missed[p]), default=None)
    if worst is not None and missed[worst]:
        details.append(t("deck.journey.worst", phase=fj.phase_label(worst, t),
                         missed=", ".join(t(f"journey.ind.{m}") for m in missed[worst])))
    tg = res.targets
    notes = (sources_note(res.sources, t),
             t("deck.journey.notes", nps=t.num(tg.nps_min, 0), ins=t.num(tg.ins_pct_min, 0),
               ces=t.num(tg.ces_pct_max, 0), source=t(f"journey.source_{res.source}"), n=t.int(res.n_responses)))
    return Finding("journey", parts.title, headline, view.map_figure(res, t), tuple(details), notes)


# ------------------------------------------------------------------------------------------ blueprint

def blueprint_finding(ws: Workspace, t: Translator) -> Finding | Missing:
    from core.views import blueprint as view

    parts = Parts(t, "blueprint")
    res = view.compute(ws)
    if res.status == "no_data":
        return parts.missing()
    if res.status != "ok":
        return parts.missing("not_analysable")
    headline = t("deck.blueprint.headline", changes=t.int(res.comparison.n_changes),
                 steps=t.int(res.steps_changed), total=t.int(res.n_steps))
    details = []
    if res.pain_state == "linked":
        details.append(t("deck.blueprint.addressed", phases=", ".join(res.addressed)) if res.addressed
                       else t("deck.blueprint.none_addressed"))
        if res.untouched:
            details.append(t("deck.blueprint.untouched", phases=", ".join(res.untouched)))
    counts = res.comparison.by_lane.sum()
    notes = (sources_note(res.sources, t),
             t("deck.blueprint.notes", cells=t.int(len(res.comparison.cells)), steps=t.int(res.n_steps),
               added=t.int(counts.get("added", 0)), removed=t.int(counts.get("removed", 0)),
               changed=t.int(counts.get("changed", 0))))
    return Finding("blueprint", parts.title, headline, view.figure(res, t, "proposed"), tuple(details), notes)


# ------------------------------------------------------------------------------------------ staffing

def _staffing_details(cmp, t: Translator) -> list[str]:
    out = []
    if cmp.day is not None:
        out.append(t("deck.staffing.abandon", cur=t.pct(cmp.day["current"]["p_abandon"], 1),
                     pro=t.pct(cmp.day["proposed"]["p_abandon"], 1), sl_cur=t.pct(cmp.day["current"]["sl"], 1),
                     sl_pro=t.pct(cmp.day["proposed"]["sl"], 1)))
    if cmp.required_current is not None and cmp.required_proposed is not None:
        out.append(t("deck.staffing.required", cur=t.int(cmp.required_current), pro=t.int(cmp.required_proposed)))
    return out


def staffing_finding(ws: Workspace, t: Translator) -> Finding | Missing:
    from core.figures import staffing as figures
    from core.views import staffing as view

    parts = Parts(t, "staffing")
    res = view.compute(ws)
    cmp = res.compare
    if not _uses_data(res.settings, res.sources):
        return parts.missing()
    if cmp is None:
        return parts.missing("not_analysable")
    shift = t(f"staffing.shift.{res.value('staffing.shift')}")
    common = dict(shift=shift, aht_c=t.num(cmp.aht_current, 0), aht_p=t.num(cmp.aht_proposed, 0),
                  agents_c=t.int(cmp.current.agents_total), agents_p=t.int(cmp.proposed.agents_total))
    if cmp.same:
        headline = t("deck.staffing.same", **common)
    elif cmp.current.stable and cmp.proposed.stable:
        headline = t("deck.staffing.headline", cur=t.num(cmp.current.wq_total, 1),
                     pro=t.num(cmp.proposed.wq_total, 1), **common)
    else:
        line = "current" if not cmp.current.stable else "proposed"
        headline = t("deck.staffing.unstable", line=t(f"staffing.compare.{line}"), **common)
    notes = (sources_note(res.sources, t),
             t("deck.staffing.notes", rate=t.num(res.value(f"staffing.{res.value('staffing.shift')}.rate"), 1),
               sl=t.pct(res.value("staffing.sl_target"), 0), thr=t.int(res.value("staffing.threshold_s"))))
    fig = figures.process_waits(cmp.current, cmp.proposed, t)
    return Finding("staffing", parts.title, headline, fig, tuple(_staffing_details(cmp, t)), notes)


# ------------------------------------------------------------------------------------------ abandonment

def abandonment_finding(ws: Workspace, t: Translator) -> Finding | Missing:
    from core.figures import abandonment as figures
    from core.views import abandonment as view

    parts = Parts(t, "abandonment")
    res = view.compute(ws, view.group_names(t))
    if res.status == "no_data":
        return parts.missing()
    if res.status != "ok":
        return parts.missing("not_analysable")
    r, c, method = res.analysis, res.contrast, view.method_name(res, t)
    conf = t.pct(res.confidence_fraction, 1)
    if c is not None:
        key = "deck.abandonment.fell" if c.drop >= 0 else "deck.abandonment.rose"
        headline = t(key, drop=t.num(abs(c.drop), 2), cur=t.num(c.mean_current, 2), pro=t.num(c.mean_proposed, 2),
                     verdict=t("deck.abandonment.real" if c.significant else "deck.abandonment.not_real",
                               conf=conf, method=method))
        details = [t("deck.abandonment.interval", conf=conf, low=t.num(c.low, 2), high=t.num(c.high, 2),
                     p=view.p_text(c.p, t), method=method)]
    else:
        headline = t("deck.abandonment.groups", k=res.n_groups, m=int(r.pairs["reject"].sum()),
                     pairs=len(r.pairs), conf=conf, method=method)
        details = [t("deck.abandonment.anova", f=t.num(r.anova.loc["between", "f"], 2),
                     p=view.p_text(r.anova.loc["between", "p"], t))]
    if res.two_proportions is not None:
        two = res.two_proportions
        details.append(t("deck.abandonment.pooled", cur=t.num(100 * two.p1, 2), pro=t.num(100 * two.p2, 2)))
    groups = "; ".join(f"{g}: n = {t.int(n)}" for g, n in r.describe["n"].items())
    notes = (sources_note(res.sources, t),
             t("deck.abandonment.notes", groups=groups, method=method, conf=conf, levene=view.p_text(r.levene.p, t)))
    fig = figures.pairwise_chart(r.pairs, t, res.confidence_fraction, method)
    return Finding("abandonment", parts.title, headline, fig, tuple(details), notes)


# ------------------------------------------------------------------------------------------ planning

def planning_finding(ws: Workspace, t: Translator) -> Finding | Missing:
    from core.figures import planning as figures
    from core.views import planning as view

    parts = Parts(t, "planning")
    res = view.compute(ws)
    run = res.run
    if not _uses_data(res.settings, res.sources):
        return parts.missing()
    if run is None:
        return parts.missing("not_analysable")
    headline = t("deck.planning.headline", n=t.int(run.n), c=t.pct(run.confidence, 0),
                 nps=t.num(run.nps_points, 1), ins=t.num(run.ins_points, 1), gap=t.num(run.gap_scale, 2))
    details = []
    if res.size is not None:
        details.append(t("deck.planning.size", n=t.int(res.size.n), c=t.pct(res.settings["planning.confidence"][0], 0),
                         kind=t(f"planning.kind_{res.kind}")))
    origin = t(f"datasets.{res.n_run_from}") if res.n_run_from else t("deck.planning.n_setting")
    notes = (sources_note(res.sources, t),
             t("deck.planning.notes", origin=origin,
               population=t.int(run.population) if run.population else "–", sd=t.num(run.gap_sd, 2)))
    fig = figures.margin_curve(run.curve, run.n, run.ins_fraction, t, run.population)
    return Finding("planning", parts.title, headline, fig, tuple(details), notes)


FINDERS = {"servqual": servqual_finding, "journey": journey_finding, "blueprint": blueprint_finding,
           "staffing": staffing_finding, "abandonment": abandonment_finding, "planning": planning_finding}


def findings(ws: Workspace, t: Translator, views=VIEWS) -> list[Finding | Missing]:
    """The finding (or the missing line) of each view, in the deck's order. A view that fails on this
    workspace's data gets a Missing line, never an exception: the deck of a half-filled workspace
    is still a deck."""
    out = []
    for name in views:
        try:
            out.append(FINDERS[name](ws, t))
        except Exception:  # noqa: BLE001 - one view's failure must not cost the client the deck
            out.append(Parts(t, name).missing("not_analysable"))
    return out
