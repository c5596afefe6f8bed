"""Linking blueprint changes to the journey map's pain points."""
from __future__ import annotations

import pandas as pd

from core.blueprint.compare import Comparison
from core.blueprint.model import (
    ITEM_SEPARATOR,
    Blueprint,
    clean_text,
    phase_links_mapping,
    split_items,
)

# --------------------------------------------------------------------------- journey links

def _truthy(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = clean_text(value).casefold()
    return text in ("true", "1", "yes", "si", "sí", "x", "●", "verdadero")


def pain_phases(journey_map: pd.DataFrame | None) -> list[str]:
    """Journey phases marked as pain moments (``pain_moment`` true), in journey order.

    DESIGN.md also defines a pain point as a phase missing its indicator target; the journey
    view computes that. Here the map's own marks are used, as seed 000 Table 2 prints them."""
    if journey_map is None or journey_map.empty or "pain_moment" not in journey_map:
        return []
    frame = journey_map
    if "order" in frame:
        frame = frame.assign(_o=pd.to_numeric(frame["order"], errors="coerce")).sort_values("_o", kind="stable")
    return [clean_text(p) for p, pain in zip(frame["phase"], frame["pain_moment"]) if _truthy(pain)]


def suggest_phase_links(blueprint: Blueprint, journey_map: pd.DataFrame) -> pd.DataFrame:
    """(step, phase) pairs where a customer action of the step is, word for word (ignoring case),
    an item of the phase's ``customer_process`` in the journey map. In seed 000 the journey map's
    customer processes are the blueprint's customer actions, so this recovers the links."""
    rows = []
    for s in blueprint.steps:
        actions = {i.casefold() for i in s.items("customer_action")}
        for phase, process in zip(journey_map["phase"], journey_map["customer_process"]):
            if actions & {i.casefold() for i in split_items(clean_text(process))}:
                rows.append((s.name, clean_text(phase)))
    return pd.DataFrame(rows, columns=["step", "phase"])


def link_pain_points(comparison: Comparison, links: pd.DataFrame | None,
                     journey_map: pd.DataFrame | None) -> pd.DataFrame:
    """For each changed step (at least one cell added, removed or changed): the journey phases it
    is linked to, which of them are pain points, and what customers said there.

    A merged step inherits the links of the current steps it replaces. Columns: step,
    n_changes, lanes_changed, phases, pain_phases, addresses_pain (bool), customer_voice.
    """
    mapping = phase_links_mapping(links)
    pains = set(pain_phases(journey_map))
    voice: dict[str, str] = {}
    if journey_map is not None and "customer_voice" in journey_map:
        voice = {clean_text(p): clean_text(v) for p, v in zip(journey_map["phase"], journey_map["customer_voice"])}
    rows = []
    for step, row in comparison.by_step.iterrows():
        if row["n_changes"] == 0:
            continue
        feeding = comparison.cells.loc[comparison.cells["step"] == step, "current_steps"].iloc[0]
        names = [step, *split_items(feeding)]
        phases = list(dict.fromkeys(p for n in names for p in mapping.get(n, [])))
        hurt = [p for p in phases if p in pains]
        rows.append({
            "step": step, "n_changes": int(row["n_changes"]), "lanes_changed": row["lanes_changed"],
            "phases": ITEM_SEPARATOR.join(phases), "pain_phases": ITEM_SEPARATOR.join(hurt),
            "addresses_pain": bool(hurt),
            "customer_voice": ITEM_SEPARATOR.join(v for p in hurt for v in [voice.get(p, "")] if v),
        })
    return pd.DataFrame(rows, columns=["step", "n_changes", "lanes_changed", "phases", "pain_phases",
                                       "addresses_pain", "customer_voice"])


def unaddressed_pain_points(comparison: Comparison, links: pd.DataFrame | None,
                            journey_map: pd.DataFrame | None) -> list[str]:
    """Pain phases that no changed step is linked to: what the redesign leaves untouched."""
    linked = link_pain_points(comparison, links, journey_map)
    touched = {p for cell in linked["pain_phases"] for p in split_items(cell)}
    return [p for p in pain_phases(journey_map) if p not in touched]


def measures_table(comparison: Comparison, current: Blueprint, proposed: Blueprint) -> pd.DataFrame:
    """Per-step time and wait, current against proposed, in seconds (NaN = not given).

    A merged step's current time and wait are the sums over the steps it merges (stations in
    series: a case passes through each of them, so their times add up). Rows follow the
    comparison's step order; columns step, time_current_s, time_proposed_s, wait_current_s,
    wait_proposed_s.
    """
    def total(values: list[float | None]) -> float:
        given = [v for v in values if v is not None]
        return float(sum(given)) if given else float("nan")

    rows = []
    for step, row in comparison.by_step.iterrows():
        feeding = split_items(comparison.cells.loc[comparison.cells["step"] == step, "current_steps"].iloc[0])
        sources = [current.step(name) for name in feeding if name in current.step_names]
        target = proposed.step(step) if row["step_status"] != "removed" and step in proposed.step_names else None
        rows.append({
            "step": step,
            "time_current_s": total([s.time_s for s in sources]),
            "time_proposed_s": total([target.time_s]) if target else float("nan"),
            "wait_current_s": total([s.wait_s for s in sources]),
            "wait_proposed_s": total([target.wait_s]) if target else float("nan"),
        })
    return pd.DataFrame(rows, columns=["step", "time_current_s", "time_proposed_s",
                                       "wait_current_s", "wait_proposed_s"])
