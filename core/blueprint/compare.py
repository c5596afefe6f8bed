"""Comparing the current and the proposed blueprint, cell by cell and step by step."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from core.blueprint.model import ITEM_SEPARATOR, LANES, Blueprint

# --------------------------------------------------------------------------- compare

STATUSES: tuple[str, ...] = ("added", "removed", "changed", "unchanged")


@dataclass(frozen=True)
class Comparison:
    """Cell-by-cell differences between a current and a proposed blueprint.

    ``cells``: one row per (step, lane) of either blueprint with columns step, lane, status,
    current, proposed, items_added, items_removed, step_status, current_steps.
    ``by_lane``: counts of each status per lane (index = LANES, columns = STATUSES + "n_changes").
    ``by_step``: counts per step (proposed order, then removed steps) with step_status.
    ``step_map``: current step -> proposed step for steps merged or renamed.
    """

    cells: pd.DataFrame
    by_lane: pd.DataFrame
    by_step: pd.DataFrame
    step_map: Mapping[str, str]

    @property
    def n_changes(self) -> int:
        """Cells added, removed or changed."""
        return int((self.cells["status"] != "unchanged").sum())

    def status(self, step: str, lane: str) -> str:
        row = self.cells[(self.cells["step"] == step) & (self.cells["lane"] == lane)]
        if row.empty:
            raise KeyError((step, lane))
        return str(row["status"].iloc[0])


def infer_step_map(current: Blueprint, proposed: Blueprint) -> dict[str, str]:
    """Merged steps recognised by name: a proposed step that is not a current step, whose name
    split on "+" gives only current steps that are absent from the proposal, replaces them.
    "Front + Coordination" therefore merges "Front" and "Coordination" (seed 003, sec. 4.1).
    Matching ignores case and surrounding spaces."""
    current_names = {n.casefold(): n for n in current.step_names}
    proposed_keys = {n.casefold() for n in proposed.step_names}
    mapping: dict[str, str] = {}
    for name in proposed.step_names:
        if name.casefold() in current_names or "+" not in name:
            continue
        parts = [p.strip().casefold() for p in name.split("+") if p.strip()]
        if len(parts) >= 2 and all(p in current_names and p not in proposed_keys for p in parts):
            for p in parts:
                mapping[current_names[p]] = name
    return mapping


def _cell_status(before: list[str], after: list[str]) -> str:
    """added: empty -> text; removed: text -> empty; changed: different items (as sets, so a
    reordering of items is not a change); unchanged otherwise."""
    if not before and not after:
        return "unchanged"
    if not before:
        return "added"
    if not after:
        return "removed"
    norm = lambda items: {re.sub(r"\s+", " ", i).casefold() for i in items}  # noqa: E731
    return "unchanged" if norm(before) == norm(after) else "changed"


def compare(current: Blueprint, proposed: Blueprint,
            step_map: Mapping[str, str] | None = None) -> Comparison:
    """Which cells were added, removed or changed, per step and lane.

    Steps are matched by name (case-insensitive). ``step_map`` (current -> proposed name) matches
    renamed or merged steps; by default :func:`infer_step_map` finds merges named "A + B". For a
    merged step the current text is the union of its current steps' items, in order. A step only
    in the current blueprint is "removed" (its non-empty cells are removed cells); a step only in
    the proposal is "added". Cells empty on both sides count as unchanged.

    Example (seed 000, Tables 1 -> 4): 'Service affiliation' / physical_evidence goes from
    "Paper registration form" to "CRM registration form": status "changed".
    """
    step_map = dict(infer_step_map(current, proposed) if step_map is None else step_map)
    prop_by_key = {n.casefold(): n for n in proposed.step_names}
    # proposed step -> list of current steps feeding it
    sources: dict[str, list[str]] = {n: [] for n in proposed.step_names}
    removed_steps: list[str] = []
    for name in current.step_names:
        target = step_map.get(name)
        if target is None and name.casefold() in prop_by_key:
            target = prop_by_key[name.casefold()]
        if target is not None and target in sources:
            sources[target].append(name)
        else:
            removed_steps.append(name)

    rows = []
    for name in proposed.step_names:
        feeding = sources[name]
        if not feeding:
            step_status = "added"
        elif len(feeding) > 1:
            step_status = "merged"
        elif feeding[0] != name and feeding[0].casefold() != name.casefold():
            step_status = "renamed"
        else:
            step_status = "kept"
        for lane in LANES:
            before = list(dict.fromkeys(i for src in feeding for i in current.step(src).items(lane)))
            after = proposed.step(name).items(lane)
            before_text = ITEM_SEPARATOR.join(before) if len(feeding) > 1 else (
                current.step(feeding[0]).text(lane) if feeding else "")
            rows.append(_diff_row(name, lane, before, after, before_text,
                                  proposed.step(name).text(lane), step_status, feeding))
    for name in removed_steps:
        for lane in LANES:
            before = current.step(name).items(lane)
            rows.append(_diff_row(name, lane, before, [], current.step(name).text(lane), "",
                                  "removed", [name]))
    cells = pd.DataFrame(rows, columns=[
        "step", "lane", "status", "current", "proposed", "items_added", "items_removed",
        "step_status", "current_steps"])

    by_lane = (pd.crosstab(cells["lane"], cells["status"])
               .reindex(index=list(LANES), columns=list(STATUSES), fill_value=0))
    by_lane["n_changes"] = by_lane[["added", "removed", "changed"]].sum(axis=1)
    by_lane.index.name = "lane"
    by_lane.columns.name = None

    order = list(proposed.step_names) + removed_steps
    by_step = (pd.crosstab(cells["step"], cells["status"])
               .reindex(index=order, columns=list(STATUSES), fill_value=0))
    by_step["n_changes"] = by_step[["added", "removed", "changed"]].sum(axis=1)
    by_step["step_status"] = cells.groupby("step")["step_status"].first().reindex(order)
    by_step["lanes_changed"] = [
        ITEM_SEPARATOR.join(cells[(cells["step"] == s) & (cells["status"] != "unchanged")]["lane"]) for s in order]
    by_step.index.name = "step"
    by_step.columns.name = None
    return Comparison(cells=cells, by_lane=by_lane, by_step=by_step, step_map=step_map)


def _diff_row(step, lane, before, after, before_text, after_text, step_status, feeding):
    norm_before = {i.casefold() for i in before}
    norm_after = {i.casefold() for i in after}
    return {
        "step": step, "lane": lane, "status": _cell_status(before, after),
        "current": before_text, "proposed": after_text,
        "items_added": ITEM_SEPARATOR.join(i for i in after if i.casefold() not in norm_before),
        "items_removed": ITEM_SEPARATOR.join(i for i in before if i.casefold() not in norm_after),
        "step_status": step_status, "current_steps": ITEM_SEPARATOR.join(feeding),
    }
