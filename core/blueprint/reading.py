"""Reading a blueprint from a table (wide by step, wide by lane, long) into a Blueprint."""
from __future__ import annotations

import math

import pandas as pd

from core.blueprint.model import (
    _MARKUP,
    LANES,
    LINE_ALIASES,
    LONG_ALIASES,
    LONG_CELL_CHARS,
    META_ALIASES,
    Blueprint,
    BlueprintError,
    Problem,
    Step,
    _alias_table,
    _classify_header,
    canonical_lane,
    clean_text,
    lane_suggestions,
    split_items,
)
from core.schemas import normalise_header

# --------------------------------------------------------------------------- reading

def _extra_text(value: object) -> str:
    """clean_text for columns that intake keeps as extras (measures, labels, phase): intake may
    turn a blank extra cell into the literal text "nan", which is read here as blank."""
    text = clean_text(value)
    return "" if text.lower() == "nan" else text


def _parse_seconds(value: object, factor: float, where: dict) -> tuple[float | None, Problem | None]:
    text = _extra_text(value)
    if not text:
        return None, None
    try:
        number = float(text.replace(",", ".")) * factor
    except ValueError:
        return None, Problem("bad_number", {**where, "value": text})
    if not math.isfinite(number) or number < 0:
        return None, Problem("bad_number", {**where, "value": text})
    return number, None


def _header_columns(df: pd.DataFrame) -> tuple[dict[str, object], set[str], list[Problem]]:
    """canonical name -> original header of a wide-by-step table, the duration columns given in
    minutes, and the header problems. Raises BlueprintError when there is no step or no lane."""
    problems: list[Problem] = []
    columns: dict[str, object] = {}
    minutes: set[str] = set()
    for header in df.columns:
        kind = _classify_header(header)
        if kind is None:
            problems.append(Problem("unknown_lane", {
                "lane": clean_text(header), "suggestions": ", ".join(lane_suggestions(header))}))
            continue
        what, canonical = kind
        if what == "line":
            continue
        if canonical in columns:
            problems.append(Problem("duplicate_lane", {"lane": canonical}))
            continue
        columns[canonical] = header
        if what == "minutes":
            minutes.add(canonical)
    if "step" not in columns:
        raise BlueprintError(problems + [Problem("no_step_column")])
    if not any(lane in columns for lane in LANES):
        raise BlueprintError(problems + [Problem("no_lanes", {"lanes": ", ".join(LANES)})])
    return columns, minutes, problems


def _step_from_row(row: pd.Series, name: str, cells: dict, columns: dict, minutes: set,
                   problems: list[Problem]) -> Step:
    """One step from a row of a wide-by-step table; bad durations are added to ``problems``."""
    values: dict[str, object] = {}
    for measure in ("time_s", "wait_s"):
        if measure in columns:
            factor = 60.0 if measure in minutes else 1.0
            number, problem = _parse_seconds(row[columns[measure]], factor,
                                             {"step": name, "column": clean_text(columns[measure])})
            if problem:
                problems.append(problem)
            values[measure] = number
    extra = lambda key: _extra_text(row[columns[key]]) if key in columns else ""  # noqa: E731
    label = extra("step_paper_label")
    return Step(name=name, cells=cells, label="" if label == name else label,
                time_s=values.get("time_s"), wait_s=values.get("wait_s"),
                failure_point=extra("failure_point"), owner=extra("owner"),
                phases=tuple(split_items(extra("phase"))))


def from_wide_by_step(df: pd.DataFrame) -> tuple[Blueprint, list[Problem]]:
    """A blueprint from one row per step and one column per lane (the sample files' shape).

    Headers are matched to the standard lanes through English and Spanish aliases; an unknown
    header is an error that names it and suggests the closest standard lanes. Returns the
    blueprint and the warnings; raises :class:`BlueprintError` on errors (duplicate or blank step
    names, unknown lanes, bad numbers, an empty blueprint).
    """
    if df is None or len(df.columns) == 0:
        raise BlueprintError([Problem("empty")])
    columns, minutes, problems = _header_columns(df)
    # Header problems are reported together with the rows' problems, so one message lists all.

    frame = df.copy()
    if "order" in columns:
        order = pd.to_numeric(pd.Series([clean_text(v).replace(",", ".") for v in frame[columns["order"]]],
                                        index=frame.index, dtype=object), errors="coerce")
        frame = frame.assign(_order=order.fillna(float("inf"))).sort_values("_order", kind="stable")

    steps: list[Step] = []
    seen: dict[str, int] = {}
    duplicates: list[str] = []
    blank_rows: list[int] = []
    for position, (_, row) in enumerate(frame.iterrows(), start=1):
        name = clean_text(row[columns["step"]])
        cells = {lane: clean_text(row[columns[lane]]) if lane in columns else "" for lane in LANES}
        if not name:
            if any(cells.values()):
                blank_rows.append(position)
            continue            # a fully blank row (spreadsheet padding) is skipped
        key = name.casefold()
        if key in seen:
            duplicates.append(name)
            continue
        seen[key] = position
        steps.append(_step_from_row(row, name, cells, columns, minutes, problems))
    if duplicates:
        problems.append(Problem("duplicate_steps", {"steps": ", ".join(dict.fromkeys(duplicates))}))
    if blank_rows:
        problems.append(Problem("blank_step", {"rows": ", ".join(map(str, blank_rows))}))
    if not steps or not any(s.text(lane) for s in steps for lane in LANES):
        problems.append(Problem("empty"))
    if problems:
        raise BlueprintError(problems)
    blueprint = Blueprint(tuple(steps))
    return blueprint, cell_warnings(blueprint)


def from_wide_by_lane(df: pd.DataFrame) -> tuple[Blueprint, list[Problem]]:
    """A blueprint from one row per lane (first column: lane names) and one column per step,
    the way the seeds print Tables 1 and 4. Measure rows (time_s, wait_s, failure_point, owner,
    phase) are allowed; rows for the three lines are skipped."""
    if df is None or df.shape[1] < 2 or df.shape[0] == 0:
        raise BlueprintError([Problem("empty")])
    first = df.columns[0]
    steps = [clean_text(c) for c in df.columns[1:]]
    problems: list[Problem] = []
    counts = pd.Series([s.casefold() for s in steps if s]).value_counts()
    dup = [s for s in dict.fromkeys(steps) if s and counts.get(s.casefold(), 0) > 1]
    if dup:
        problems.append(Problem("duplicate_steps", {"steps": ", ".join(dup)}))
    if any(not s or s.lower().startswith("unnamed") for s in steps):
        problems.append(Problem("blank_step", {"rows": ", ".join(
            str(i + 2) for i, s in enumerate(steps) if not s or s.lower().startswith("unnamed"))}))
    if problems:
        raise BlueprintError(problems)
    body = df.set_index(first)
    body.columns = steps
    body.index = [clean_text(i) for i in body.index]
    body = body[[bool(i) for i in body.index]]      # blank lane names: padding rows
    wide = body.T.reset_index().rename(columns={"index": "step"})
    wide.insert(0, "order", range(1, len(wide) + 1))
    return from_wide_by_step(wide)


def from_long(df: pd.DataFrame) -> tuple[Blueprint, list[Problem]]:
    """A blueprint from one row per cell: step, lane, text (optional order). A (step, lane) pair
    given twice is an error; step order is the ``order`` column, else first appearance."""
    names = {normalise_header(c): c for c in df.columns}
    lookup = {**_alias_table(LONG_ALIASES), **{a: "step" for a in META_ALIASES["step"]},
              **{a: "order" for a in META_ALIASES["order"]}}
    found = {}
    for key, original in names.items():
        canonical = lookup.get(key)
        if canonical and canonical not in found:
            found[canonical] = original
    missing = [c for c in ("step", "lane", "text") if c not in found]
    if missing:
        raise BlueprintError([Problem("long_missing", {"columns": ", ".join(missing)})])
    frame = pd.DataFrame({
        "step": df[found["step"]].map(clean_text),
        "lane": df[found["lane"]].map(clean_text),
        "text": df[found["text"]].map(clean_text),
    })
    if "order" in found:
        frame["order"] = pd.to_numeric(df[found["order"]], errors="coerce")
    frame = frame[(frame["step"] != "") | (frame["lane"] != "") | (frame["text"] != "")]
    if frame.empty:
        raise BlueprintError([Problem("empty")])
    problems = []
    if (frame["step"] == "").any():
        problems.append(Problem("blank_step", {"rows": ", ".join(
            str(i + 2) for i in frame.index[frame["step"] == ""])}))
    kinds = {lane: _classify_header(lane) for lane in dict.fromkeys(frame["lane"])}
    frame = frame[[kinds[lane] is None or kinds[lane][0] != "line" for lane in frame["lane"]]]
    allowed = lambda k: k is not None and (  # noqa: E731
        k[0] in ("lane", "measure", "minutes") or k in (("meta", "phase"), ("meta", "step_paper_label")))
    for lane, kind in kinds.items():
        if not allowed(kind) and (kind is None or kind[0] != "line"):
            problems.append(Problem("unknown_lane", {"lane": lane, "suggestions": ", ".join(lane_suggestions(lane))}))
    frame = frame.assign(lane_key=[(kinds[lane] or ("", normalise_header(lane)))[1] for lane in frame["lane"]])
    twice = frame[frame.duplicated(["step", "lane_key"], keep=False) & (frame["step"] != "")]
    if not twice.empty:
        pairs = dict.fromkeys(f"{s} / {lane}" for s, lane in zip(twice["step"], twice["lane"]))
        problems.append(Problem("duplicate_cells", {"cells": ", ".join(pairs)}))
    if problems:
        raise BlueprintError(problems)
    order = list(dict.fromkeys(
        frame.sort_values("order", kind="stable")["step"] if "order" in frame else frame["step"]))
    # The pivot keeps the user's lane names, so minutes columns stay minutes.
    wide = frame.pivot(index="step", columns="lane", values="text").reindex(order)
    wide = wide.reset_index()
    wide.insert(0, "order", range(1, len(wide) + 1))
    return from_wide_by_step(wide.fillna(""))


def detect_shape(df: pd.DataFrame) -> str:
    """The shape of a blueprint table: "long" when the headers include step, lane and text;
    "wide_by_lane" when the first column holds lane names (the seeds print "True moment" as its
    header); "wide_by_step" when a header names the step; otherwise "wide_by_lane"."""
    keys = {normalise_header(c) for c in df.columns}
    has = lambda group: bool(keys & set(group))  # noqa: E731
    if has(META_ALIASES["step"]) and has(LONG_ALIASES["lane"]) and has(LONG_ALIASES["text"]):
        return "long"
    if len(df.columns) and _column_holds_lanes(df.iloc[:, 0]):
        return "wide_by_lane"
    if has(META_ALIASES["step"]):
        return "wide_by_step"
    return "wide_by_lane"


def _column_holds_lanes(column: pd.Series) -> bool:
    values = [clean_text(v) for v in column if clean_text(v)]
    lanes = [v for v in values if canonical_lane(v) or normalise_header(v) in LINE_ALIASES]
    return bool(values) and len(lanes) >= max(2, len(values) // 2)


def read_blueprint(df: pd.DataFrame) -> tuple[Blueprint, list[Problem]]:
    """A blueprint from a table of any of the three shapes (see :func:`detect_shape`)."""
    if df is None or len(df.columns) == 0:
        raise BlueprintError([Problem("empty")])
    shape = detect_shape(df)
    if shape == "long":
        return from_long(df)
    if shape == "wide_by_step":
        return from_wide_by_step(df)
    return from_wide_by_lane(df)


def cell_warnings(blueprint: Blueprint) -> list[Problem]:
    """Warnings that never refuse a table: very long cells (they are wrapped and clipped in the
    drawing, full text in the table) and markup (shown as plain text, never rendered)."""
    out: list[Problem] = []
    long_cells = [f"{s.name} / {lane}" for s in blueprint.steps for lane in LANES
                  if len(s.text(lane)) > LONG_CELL_CHARS]
    if long_cells:
        out.append(Problem("long_cells", {"cells": ", ".join(long_cells), "limit": LONG_CELL_CHARS},
                           "warning"))
    markup = [f"{s.name} / {lane}" for s in blueprint.steps for lane in LANES
              if _MARKUP.search(s.text(lane))]
    markup += [s.name for s in blueprint.steps if _MARKUP.search(s.name)]
    if markup:
        out.append(Problem("markup", {"cells": ", ".join(markup)}, "warning"))
    return out
