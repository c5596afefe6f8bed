"""Service blueprints as data: read, validate, edit, compare, and link changes to pain points.

A service blueprint (Shostack 1984; Bitner, Ostrom & Morgan 2008, "Service blueprinting: a
practical technique for service innovation", California Management Review 50(3)) maps a service
as columns of *steps* (moments of truth, in seed 000's Tables 1 and 4) across horizontal *lanes*:

    physical evidence
    customer actions
    ----------------- line of interaction
    onstage (server) actions
    ----------------- line of visibility
    backstage (internal) actions
    ----------------- line of internal interaction
    support processes

Every cell holds free text; items inside a cell are separated by "; " (the convention of the
sample files transcribed from the seeds). A step may carry measures: its time and its wait in
seconds, a failure point (free text: what goes wrong there; empty = none) and an owner, and may
be linked to one or more journey-map phases, so that a changed step can be traced to the pain
points of the journey (a phase marked ``pain_moment`` in the journey map).

Tables come in three shapes, all converted to the same :class:`Blueprint`:

- wide by step (the sample's shape): one row per step, one column per lane (+ measures);
- wide by lane (the seeds' printed shape): one row per lane, one column per step;
- long: one row per (step, lane, text).

Nothing here reads a file; the page hands over DataFrames that came through ``core.intake``.
"""
from __future__ import annotations

import difflib
import html
import math
import re
import textwrap
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

import pandas as pd

from core.schemas import normalise_header

# The content lanes, top to bottom; the canonical names are the dataset's column names.
LANES: tuple[str, ...] = (
    "physical_evidence",
    "customer_action",
    "server_action",        # onstage
    "internal_process",     # backstage
    "support_process",
)

# The three lines of a blueprint, each drawn between two lanes: (line, lane above, lane below).
LINES: tuple[tuple[str, str, str], ...] = (
    ("line_of_interaction", "customer_action", "server_action"),
    ("line_of_visibility", "server_action", "internal_process"),
    ("line_of_internal_interaction", "internal_process", "support_process"),
)

# Per-step measures. Durations in seconds (DESIGN.md: "durations in seconds").
MEASURES: tuple[str, ...] = ("time_s", "wait_s", "failure_point", "owner")

# Meta columns of a wide-by-step table that are neither lanes nor measures.
META: tuple[str, ...] = ("order", "step", "step_paper_label", "phase")

# Names a user may write for a lane (after normalise_header), English and Spanish.
LANE_ALIASES: dict[str, tuple[str, ...]] = {
    "physical_evidence": (
        "physical_evidence", "evidence", "physical_evidences", "evidencia_fisica",
        "evidencias_fisicas", "evidencia",
    ),
    "customer_action": (
        "customer_action", "customer_actions", "customer", "client_action", "client_actions",
        "acciones_del_cliente", "accion_del_cliente", "acciones_cliente", "accion_cliente", "cliente",
    ),
    "server_action": (
        "server_action", "server_actions", "onstage", "onstage_action", "onstage_actions",
        "frontstage", "frontstage_actions", "contact_person_actions", "employee_actions",
        "acciones_visibles", "accion_visible", "accion_del_servidor", "acciones_del_servidor",
        "acciones_del_personal_de_contacto", "acciones_de_contacto", "contacto_visible",
    ),
    "internal_process": (
        "internal_process", "internal_processes", "backstage", "backstage_action",
        "backstage_actions", "acciones_invisibles", "accion_invisible", "acciones_no_visibles",
        "proceso_interno", "procesos_internos", "contacto_invisible",
    ),
    "support_process": (
        "support_process", "support_processes", "support", "procesos_de_soporte",
        "proceso_de_soporte", "procesos_de_apoyo", "proceso_de_apoyo", "soporte", "apoyo",
    ),
}

MEASURE_ALIASES: dict[str, tuple[str, ...]] = {
    "time_s": ("time_s", "time", "duration_s", "tiempo_s", "tiempo", "duracion_s", "duracion"),
    "wait_s": ("wait_s", "wait", "waiting_s", "espera_s", "espera", "tiempo_espera_s"),
    "failure_point": ("failure_point", "failure_points", "failure", "punto_de_falla",
                      "puntos_de_falla", "falla", "fallas"),
    "owner": ("owner", "responsible", "responsable", "dueno", "area"),
}
# Durations given in minutes are converted to seconds.
MINUTE_ALIASES: dict[str, tuple[str, ...]] = {
    "time_s": ("time_min", "tiempo_min", "duracion_min", "duration_min"),
    "wait_s": ("wait_min", "espera_min", "tiempo_espera_min", "waiting_min"),
}
META_ALIASES: dict[str, tuple[str, ...]] = {
    "order": ("order", "orden", "paso_numero", "n"),
    "step": ("step", "steps", "paso", "pasos", "momento", "momento_de_verdad", "true_moment",
             "moment_of_truth", "etapa"),
    "step_paper_label": ("step_paper_label", "paper_label", "etiqueta_original"),
    "phase": ("phase", "fase", "journey_phase", "fase_del_viaje"),
}
LONG_ALIASES: dict[str, tuple[str, ...]] = {
    "lane": ("lane", "carril", "franja", "nivel", "swimlane"),
    "text": ("text", "texto", "cell", "celda", "contenido", "content"),
}
# Rows a wide-by-lane table may carry for the three lines; they hold no text and are skipped.
LINE_ALIASES: tuple[str, ...] = (
    "line_of_interaction", "line_of_visibility", "line_of_internal_interaction",
    "linea_de_interaccion", "linea_de_visibilidad", "linea_de_interaccion_interna",
)

ITEM_SEPARATOR = "; "
# A cell longer than this (characters) is flagged; it is always wrapped and clipped in the drawing.
LONG_CELL_CHARS = 400
_MARKUP = re.compile(r"<[^>]*>|&[#a-zA-Z0-9]+;")


def _alias_table(groups: Mapping[str, Iterable[str]]) -> dict[str, str]:
    return {alias: canonical for canonical, aliases in groups.items() for alias in aliases}


_LANE_BY_ALIAS = _alias_table(LANE_ALIASES)
_MEASURE_BY_ALIAS = _alias_table(MEASURE_ALIASES)
_MINUTES_BY_ALIAS = _alias_table(MINUTE_ALIASES)
_META_BY_ALIAS = _alias_table(META_ALIASES)


# --------------------------------------------------------------------------- problems

@dataclass(frozen=True)
class Problem:
    """A message for the user: ``code`` is a catalog key suffix (``blueprint.problem.<code>``),
    ``params`` its placeholders. ``severity`` is "error" (the table is refused) or "warning"."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    severity: str = "error"


class BlueprintError(ValueError):
    """A table that cannot be read as a blueprint; ``problems`` says why, in catalog codes."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.code} {dict(p.params)}" for p in problems))


# --------------------------------------------------------------------------- data

@dataclass(frozen=True)
class Step:
    """One column of a blueprint: its name, one text per lane, measures and journey phases.

    ``time_s`` and ``wait_s`` are seconds (None = not given); ``failure_point`` is free text
    (empty = no failure point marked); ``phases`` are journey-map phase names.
    """

    name: str
    cells: Mapping[str, str]
    label: str = ""
    time_s: float | None = None
    wait_s: float | None = None
    failure_point: str = ""
    owner: str = ""
    phases: tuple[str, ...] = ()

    def text(self, lane: str) -> str:
        return self.cells.get(lane, "")

    def items(self, lane: str) -> list[str]:
        return split_items(self.text(lane))


@dataclass(frozen=True)
class Blueprint:
    """An ordered tuple of steps over the standard lanes."""

    steps: tuple[Step, ...]

    @property
    def step_names(self) -> list[str]:
        return [s.name for s in self.steps]

    def step(self, name: str) -> Step:
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(name)

    def cell(self, step: str, lane: str) -> str:
        return self.step(step).text(lane)

    @property
    def has_measures(self) -> bool:
        return any(s.time_s is not None or s.wait_s is not None or s.failure_point or s.owner
                   for s in self.steps)

    def with_cell(self, step: str, lane: str, text: str) -> "Blueprint":
        """A copy with one cell replaced (text is stripped; lane must be a standard lane)."""
        if lane not in LANES:
            raise BlueprintError([Problem("unknown_lane", {"lane": lane, "suggestions": ", ".join(LANES)})])
        names = self.step_names
        if step not in names:
            raise KeyError(step)
        new_steps = tuple(
            replace(s, cells={**s.cells, lane: clean_text(text)}) if s.name == step else s
            for s in self.steps
        )
        return Blueprint(new_steps)

    def with_phase_links(self, links: pd.DataFrame | None) -> "Blueprint":
        """A copy whose steps carry the phases of a (step, phase) table; steps not in it keep theirs."""
        mapping = phase_links_mapping(links)
        return Blueprint(tuple(
            replace(s, phases=tuple(mapping.get(s.name, s.phases))) for s in self.steps
        ))

    # -- conversions ---------------------------------------------------------------

    def to_wide_by_step(self, measures: bool | None = None) -> pd.DataFrame:
        """One row per step: order, step, step_paper_label, the five lanes, then measures
        (when any step has one, or when ``measures`` is True) and phase (when any is linked)."""
        with_measures = self.has_measures if measures is None else measures
        rows = []
        for i, s in enumerate(self.steps, start=1):
            row = {"order": i, "step": s.name, "step_paper_label": s.label or s.name}
            row.update({lane: s.text(lane) for lane in LANES})
            if with_measures:
                row.update({"time_s": s.time_s, "wait_s": s.wait_s,
                            "failure_point": s.failure_point, "owner": s.owner})
            rows.append(row)
        columns = ["order", "step", "step_paper_label", *LANES]
        if with_measures:
            columns += list(MEASURES)
        df = pd.DataFrame(rows, columns=columns)
        if any(s.phases for s in self.steps):
            df["phase"] = [ITEM_SEPARATOR.join(s.phases) for s in self.steps]
        if with_measures:
            df["time_s"] = pd.to_numeric(df["time_s"]).astype("float64")
            df["wait_s"] = pd.to_numeric(df["wait_s"]).astype("float64")
        return df

    def to_wide_by_lane(self) -> pd.DataFrame:
        """One row per lane (the seeds' printed shape), one column per step; measures as rows."""
        wide = self.to_wide_by_step().set_index("step")
        skip = ("order",) if any(s.label for s in self.steps) else ("order", "step_paper_label")
        rows = [c for c in wide.columns if c not in skip]
        out = wide[rows].T.astype(object)
        out.index.name = "lane"
        out.columns.name = None
        out = out.where(out.notna(), "")
        return out.map(lambda v: _number_text(v) if isinstance(v, float) else str(v)).reset_index()

    def to_long(self) -> pd.DataFrame:
        """One row per non-empty cell: order, step, lane, text (measures use their name as lane)."""
        rows = []
        for i, s in enumerate(self.steps, start=1):
            if s.label:
                rows.append((i, s.name, "step_paper_label", s.label))
            for lane in LANES:
                if s.text(lane):
                    rows.append((i, s.name, lane, s.text(lane)))
            for name in MEASURES:
                value = getattr(s, name)
                if value not in (None, ""):
                    rows.append((i, s.name, name, _number_text(value) if isinstance(value, float) else value))
            if s.phases:
                rows.append((i, s.name, "phase", ITEM_SEPARATOR.join(s.phases)))
        return pd.DataFrame(rows, columns=["order", "step", "lane", "text"])


def _number_text(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:g}"


def clean_text(value: object) -> str:
    """A cell value as stripped text; None, NaN and pandas NA become "" (an empty cell)."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def split_items(text: str) -> list[str]:
    """The items of a cell, split on ";" (the sample files' separator), blanks dropped."""
    return [part.strip() for part in str(text).split(";") if part.strip()]


# --------------------------------------------------------------------------- lanes

def lane_suggestions(name: str, n: int = 3) -> list[str]:
    """Standard lanes closest to an unknown lane name (difflib ratio >= 0.5 on the aliases);
    all five lanes when nothing is close."""
    key = normalise_header(name)
    close = difflib.get_close_matches(key, list(_LANE_BY_ALIAS), n=10, cutoff=0.5)
    found: list[str] = []
    for alias in close:
        lane = _LANE_BY_ALIAS[alias]
        if lane not in found:
            found.append(lane)
    return found[:n] or list(LANES)


def canonical_lane(name: object) -> str | None:
    """The standard lane a header names (English or Spanish alias), or None."""
    return _LANE_BY_ALIAS.get(normalise_header(name))


def _classify_header(name: object) -> tuple[str, str] | None:
    """(kind, canonical) for a wide-by-step header: kind is lane, measure, minutes, meta or line."""
    key = normalise_header(name)
    if key in _LANE_BY_ALIAS:
        return "lane", _LANE_BY_ALIAS[key]
    if key in _MEASURE_BY_ALIAS:
        return "measure", _MEASURE_BY_ALIAS[key]
    if key in _MINUTES_BY_ALIAS:
        return "minutes", _MINUTES_BY_ALIAS[key]
    if key in _META_BY_ALIAS:
        return "meta", _META_BY_ALIAS[key]
    if key in LINE_ALIASES:
        return "line", key
    return None


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


def phase_links_mapping(links: pd.DataFrame | None) -> dict[str, list[str]]:
    """{step: [phases]} from a (step, phase) table; several rows per step are allowed, and a
    phase cell may hold several phases separated by ";"."""
    mapping: dict[str, list[str]] = {}
    if links is None or links.empty:
        return mapping
    for step, phase in zip(links["step"], links["phase"]):
        name = clean_text(step)
        for p in split_items(clean_text(phase)):
            mapping.setdefault(name, [])
            if p not in mapping[name]:
                mapping[name].append(p)
    return mapping


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


# --------------------------------------------------------------------------- display text

def display_lines(text: str, width: int = 24, max_lines: int = 6) -> list[str]:
    """A cell's text wrapped to ``width`` characters, at most ``max_lines`` lines (the last one
    ending in "…" when clipped). When the cell holds several items, each starts on a new line
    with a bullet ("• ", which does not count towards ``width``). Long words are broken, so no
    line is wider than ``width`` + 2. The text is NOT escaped here (see :func:`plot_text`)."""
    items = split_items(text) or ([text] if text else [])
    bullet = "• " if len(items) > 1 else ""
    lines: list[str] = []
    for item in items:
        lines.extend(textwrap.wrap(item, width=width + len(bullet), initial_indent=bullet,
                                   break_long_words=True, break_on_hyphens=True) or [bullet])
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: max(0, width - 1)] + "…") if len(last) >= width else last + "…"
    return lines


def plot_text(text: str, width: int = 24, max_lines: int = 6) -> str:
    """Text for a plotly label: wrapped (see :func:`display_lines`), HTML-escaped so that any
    markup the user typed is shown as text, lines joined with <br>."""
    return "<br>".join(html.escape(line, quote=False) for line in display_lines(text, width, max_lines))


def hover_text(text: str, width: int = 60) -> str:
    """Full text for a hover label: escaped, wrapped at ``width``, never clipped."""
    lines = []
    for item in split_items(text) or ([text] if text else []):
        lines.extend(textwrap.wrap(item, width=width, break_long_words=True) or [""])
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def phase_links_table(*blueprints: Blueprint) -> pd.DataFrame:
    """The (step, phase) links that the blueprints carry themselves (a ``phase`` column)."""
    rows = list(dict.fromkeys((s.name, p) for bp in blueprints for s in bp.steps for p in s.phases))
    return pd.DataFrame(rows, columns=["step", "phase"])


# --------------------------------------------------------------------------- editing

SIDES: tuple[str, ...] = ("current", "proposed")


@dataclass
class EditSession:
    """The blueprints as loaded, as edited, and the edits made, newest last, for undo and reset.

    ``version`` grows with every applied edit, undo or reset, so that a page can give its table
    editor a fresh key whenever the table it shows was replaced.
    """

    loaded: dict[str, Blueprint]
    working: dict[str, Blueprint] = field(default_factory=dict)
    history: list[tuple[str, Blueprint]] = field(default_factory=list)
    version: int = 0
    token: object = None

    def __post_init__(self):
        if not self.working:
            self.working = dict(self.loaded)

    @property
    def can_undo(self) -> bool:
        return bool(self.history)

    @property
    def is_modified(self) -> bool:
        return any(self.working[side] != self.loaded[side] for side in self.loaded)

    def apply(self, side: str, table: pd.DataFrame) -> list[Problem]:
        """Replace one side by an edited wide-by-step table. Returns the problems: errors mean the
        edit was refused (the working blueprint stays as it was), warnings are informative."""
        try:
            blueprint, warnings = from_wide_by_step(table)
        except BlueprintError as refused:
            return refused.problems
        self.replace(side, blueprint)
        return warnings

    def replace(self, side: str, blueprint: Blueprint) -> bool:
        """Replace one side by a blueprint; False (and no history entry) when nothing changed."""
        if blueprint == self.working[side]:
            return False
        self.history.append((side, self.working[side]))
        self.working[side] = blueprint
        self.version += 1
        return True

    def edit_cell(self, side: str, step: str, lane: str, text: str) -> bool:
        return self.replace(side, self.working[side].with_cell(step, lane, text))

    def undo(self) -> str | None:
        """Take back the last edit; returns the side it touched, or None if there was none."""
        if not self.history:
            return None
        side, previous = self.history.pop()
        self.working[side] = previous
        self.version += 1
        return side

    def reset(self) -> None:
        """Back to the loaded blueprints; the history is cleared."""
        self.working = dict(self.loaded)
        self.history.clear()
        self.version += 1
