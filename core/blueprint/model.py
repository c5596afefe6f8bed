"""The data of a blueprint: lanes, steps, problems, text cleaning."""
from __future__ import annotations

import difflib
import math
import re
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
