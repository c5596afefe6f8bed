"""The schema of every dataset a user can upload: columns, types, ranges, Spanish aliases.

Column names are matched after normalisation (lower case, accents removed, spaces and hyphens
as underscores), so "Llamadas ofrecidas", "llamadas_ofrecidas" and "LLAMADAS-OFRECIDAS" all match
the alias ``llamadas_ofrecidas``. The user-facing description of each column is in the catalog
under ``schema.<dataset>.<column>``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from core.text import name_key

# Kinds of column: numbers are floats unless kind == "int"; "text" keeps strings as given;
# "duration" is seconds (read from seconds, mm:ss, hh:mm:ss or an Excel time); "time" is a time of day
# kept only to complete the date of the column it is ``part_of`` (Fecha + Hora -> one date and time).
KINDS = ("int", "float", "text", "datetime", "bool", "duration", "time")


@dataclass(frozen=True)
class Column:
    """One column of a dataset. min/max are inclusive bounds for numbers."""

    name: str
    kind: str
    required: bool = True
    min: float | None = None
    max: float | None = None
    aliases: tuple[str, ...] = ()
    part_of: str | None = None  # kind "time": the datetime column whose time of day this column holds


@dataclass(frozen=True)
class PatternColumn:
    """A family of columns named by a regular expression (e.g. SERVQUAL items E1..E22)."""

    regex: str
    kind: str
    min: float | None = None
    max: float | None = None
    example: str = ""


@dataclass(frozen=True)
class RowRule:
    """A rule across columns; ``bad_rows`` returns a boolean mask of the rows that break it."""

    code: str
    columns: tuple[str, ...]
    bad_rows: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Schema:
    name: str
    columns: tuple[Column, ...]
    patterns: tuple[PatternColumn, ...] = ()
    # At least one of these groups of column names must be fully present.
    one_of: tuple[tuple[str, ...], ...] = ()
    rules: tuple[RowRule, ...] = ()
    sample_file: str | None = None
    # Keep columns the schema does not name (as text), e.g. extra blueprint lanes.
    keep_extra: bool = False
    min_rows: int = 1
    # Sheet names (normalised) that mark this dataset's sheet in a workbook with several candidates.
    sheet_names: tuple[str, ...] = ()

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def normalise_header(text: object) -> str:
    """Lower case, accents removed, runs of non-alphanumerics as one underscore (core.text.name_key)."""
    return name_key(text)


_BRACKETS = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")


def header_name_part(text: object) -> str:
    """The header without what is in parentheses or brackets, normalised:
    "TMO (seg)" -> "tmo", "Recomendación (0-10)" -> "recomendacion", "Espera [s]" -> "espera"."""
    return normalise_header(_BRACKETS.sub(" ", "" if text is None else str(text)))


def header_unit_part(text: object) -> str:
    """What is in the header's first parentheses or brackets, normalised: "TMO (seg)" -> "seg"."""
    found = _BRACKETS.search("" if text is None else str(text))
    return normalise_header(found.group(1)) if found else ""


# Headers that hold personal data no view needs; dropped at intake.
PERSONAL_HEADERS = (
    "name", "first_name", "last_name", "full_name", "surname", "nombre", "nombres", "apellido",
    "apellidos", "nombre_completo", "paciente", "patient", "patient_name", "cliente_nombre",
    "email", "e_mail", "mail", "correo", "correo_electronico", "phone", "telephone", "mobile",
    "telefono", "celular", "movil", "document", "document_number", "documento", "cedula", "cc",
    "dni", "nit", "pasaporte", "passport", "id_number", "numero_documento", "no_documento",
    "address", "direccion", "historia_clinica", "medical_record",
)


def _bad_if(cond: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
    def mask(df: pd.DataFrame) -> pd.Series:
        return cond(df).fillna(False).astype(bool)
    return mask


SERVQUAL = Schema(
    name="servqual",
    columns=(
        Column("respondent", "text", required=False,
               aliases=("encuestado", "id", "respuesta", "id_encuestado", "código", "código encuestado",
                        "n° encuesta", "encuesta")),
        Column("segment", "text", required=False,
               aliases=("segmento", "grupo", "sede", "programa", "site", "tamaño empresa", "tamaño de empresa")),
    ),
    patterns=(
        PatternColumn(r"^e_?\d{1,2}$", "float", 1, 7, "E1"),
        PatternColumn(r"^p_?\d{1,2}$", "float", 1, 7, "P1"),
        PatternColumn(r"^w_[a-z_]+$", "float", 0, 100, "W_tangibles"),
    ),
    sample_file="servqual_survey.csv",
)

SERVQUAL_MAPPING = Schema(
    name="servqual_mapping",
    columns=(
        Column("item", "text", aliases=("ítem", "pregunta", "item_numero", "número", "numero")),
        Column("dimension", "text", aliases=("dimensión", "dimension_servqual", "dimensión servqual")),
    ),
)

SERVQUAL_DESIGN = Schema(
    name="servqual_design",
    columns=(
        Column("dimension", "text", aliases=("dimensión",)),
        Column("design", "float", min=1, max=7,
               aliases=("diseño", "diseno_experiencia", "diseño de la experiencia", "estándar", "meta")),
    ),
    sample_file="servqual_design.csv",
)

JOURNEY_RESPONSES = Schema(
    name="journey_responses",
    columns=(
        Column("phase", "text", aliases=("fase", "etapa", "momento", "fase del recorrido", "etapa del recorrido",
                                         "punto de contacto", "touchpoint", "stage")),
        Column("order", "int", required=False, min=1, aliases=("orden", "orden fase", "orden de la fase", "n° fase")),
        Column("recommend", "int", required=False, min=0, max=10,
               aliases=("recomendación", "nps", "recomendaría", "probabilidad recomendar",
                        "probabilidad de recomendar", "likelihood to recommend")),
        Column("satisfaction", "int", required=False, min=1, max=5,
               aliases=("satisfacción", "ins", "csat", "satisfacción general", "nivel de satisfacción")),
        Column("effort", "int", required=False, min=1, max=7,
               aliases=("esfuerzo", "ces", "facilidad", "nivel de esfuerzo")),
        Column("comment", "text", required=False,
               aliases=("comentario", "comentarios", "verbatim", "observación", "observaciones", "opinión")),
        Column("date", "datetime", required=False,
               aliases=("fecha", "fecha respuesta", "fecha de respuesta", "fecha encuesta")),
        Column("segment", "text", required=False, aliases=("segmento", "programa", "plan", "sede")),
        Column("channel", "text", required=False, aliases=("canal", "medio")),
    ),
    one_of=(("recommend",), ("satisfaction",), ("effort",)),
    sample_file="journey_responses.csv",
)

JOURNEY_MAP = Schema(
    name="journey_map",
    columns=(
        Column("phase", "text", aliases=("fase", "etapa", "momento", "fase del recorrido")),
        Column("order", "int", required=False, min=1, aliases=("orden", "posición", "paso")),
        Column("customer_process", "text", required=False,
               aliases=("proceso cliente", "proceso del cliente", "proceso_cliente")),
        Column("true_moment", "bool", required=False,
               aliases=("momento de verdad", "momento_verdad", "momento verdad")),
        Column("pain_moment", "bool", required=False, aliases=("momento de dolor", "momento_dolor", "momento dolor",
                                                                 "punto de dolor", "puntos de dolor", "pain point")),
        Column("ins", "float", required=False, min=0, max=100, aliases=("satisfacción", "csat")),
        Column("nps", "float", required=False, min=-100, max=100, aliases=("recomendación",)),
        Column("ces", "float", required=False, min=0, max=100, aliases=("esfuerzo",)),
        Column("customer_voice", "text", required=False,
               aliases=("voz del cliente", "voz_cliente", "comentarios", "verbatim")),
    ),
    sample_file="journey_map.csv",
)

INDICATORS = Schema(
    name="indicators",
    columns=(
        Column("indicator", "text", aliases=("indicador", "kpi")),
        Column("value", "float", aliases=("valor", "resultado")),
        Column("target", "float", required=False, aliases=("meta", "objetivo")),
        Column("unit", "text", required=False, aliases=("unidad",)),
        Column("direction", "text", required=False, aliases=("sentido", "dirección")),
        Column("period", "text", required=False, aliases=("periodo", "período", "mes")),
        Column("segment", "text", required=False, aliases=("segmento",)),
    ),
    sample_file="indicators.csv",
)

_QUEUE = Column("queue", "text", required=False,
                aliases=("cola", "grupo", "cuenta", "account", "skill", "servicio", "campaña", "línea"))
# A time of day in its own column ("Hora", "Franja") completes the date column ("Fecha").
_TIME_ALIASES = ("hora", "franja", "franja horaria", "hora inicio", "hora de inicio", "hora intervalo",
                 "intervalo", "rango horario", "time", "hour")

TRAFFIC = Schema(
    name="traffic",
    columns=(
        Column("interval_start", "datetime",
               aliases=("interval", "intervalo", "inicio intervalo", "inicio_intervalo", "fecha hora",
                        "fecha y hora", "fecha", "día", "datetime", "start", "date")),
        Column("interval_time", "time", required=False, aliases=_TIME_ALIASES, part_of="interval_start"),
        Column("offered", "int", min=0,
               aliases=("ofrecidas", "llamadas", "llamadas_ofrecidas", "llamadas recibidas", "llamadas entrantes",
                        "entrantes", "recibidas", "total llamadas", "llamadas totales", "volumen",
                        "calls offered", "calls")),
        Column("answered", "int", required=False, min=0,
               aliases=("atendidas", "contestadas", "llamadas atendidas", "llamadas contestadas", "calls answered")),
        Column("abandoned", "int", required=False, min=0,
               aliases=("abandonadas", "llamadas abandonadas", "abandonos", "calls abandoned")),
        Column("aht_s", "duration", required=False, min=0, max=36_000,
               aliases=("tmo", "tmo_s", "tmo seg", "tiempo medio de operación", "tiempo medio operacion",
                        "tiempo promedio de atención", "duración media", "duración promedio", "duracion_media_s",
                        "aht", "handle time", "handle_time_s")),
        _QUEUE,
    ),
    rules=(
        RowRule("answered_gt_offered", ("answered", "offered"),
                _bad_if(lambda d: d["answered"] > d["offered"])),
        RowRule("abandoned_gt_offered", ("abandoned", "offered"),
                _bad_if(lambda d: d["abandoned"] > d["offered"])),
        RowRule("answered_plus_abandoned_gt_offered", ("answered", "abandoned", "offered"),
                _bad_if(lambda d: d["answered"] + d["abandoned"] > d["offered"])),
    ),
    sample_file="traffic_sample.csv",
)

CDR = Schema(
    name="cdr",
    columns=(
        Column("call_start", "datetime",
               aliases=("inicio", "inicio llamada", "inicio_llamada", "fecha hora", "fecha y hora", "fecha",
                        "fecha llamada", "start", "timestamp")),
        Column("call_time", "time", required=False, part_of="call_start",
               aliases=("hora", "hora llamada", "hora inicio", "hora de inicio", "hora de entrada", "time")),
        Column("wait_s", "duration", min=0, max=86_400,
               aliases=("espera", "espera_s", "tiempo espera", "tiempo de espera", "tiempo en cola", "wait",
                        "queue_time_s")),
        Column("talk_s", "duration", required=False, min=0, max=86_400,
               aliases=("duración", "duracion_s", "conversación", "conversacion_s", "tiempo de conversación",
                        "tiempo de atención", "tmo", "talk", "handle_time_s", "aht_s")),
        Column("abandoned", "bool", aliases=("abandonada", "abandono", "colgó", "abandoned_flag")),
        _QUEUE,
    ),
    sample_file="cdr_sample.csv",
)

ABANDONMENT = Schema(
    name="abandonment",
    columns=(
        Column("account", "text", required=False,
               aliases=("cuenta", "cliente corporativo", "cliente_corporativo", "queue", "cola", "línea")),
        Column("model", "text", required=False,
               aliases=("modelo", "periodo", "período", "period", "fase", "grupo", "group", "etapa")),
        Column("month", "int", required=False, min=1, aliases=("mes",)),
        Column("day", "int", required=False, min=1, max=31, aliases=("día",)),
        Column("date", "datetime", required=False, aliases=("fecha",)),
        Column("abandon_pct", "float", required=False, min=0, max=100,
               aliases=("abandono", "abandono_pct", "% abandono", "porcentaje abandono", "porcentaje de abandono",
                        "tasa de abandono", "pct_abandono", "abandonment_pct", "abandonment")),
        Column("offered", "int", required=False, min=0,
               aliases=("ofrecidas", "llamadas ofrecidas", "llamadas", "llamadas recibidas", "entrantes",
                        "recibidas")),
        Column("abandoned", "int", required=False, min=0, aliases=("abandonadas", "llamadas abandonadas")),
    ),
    one_of=(("abandon_pct",), ("offered", "abandoned")),
    rules=(
        RowRule("abandoned_gt_offered", ("abandoned", "offered"),
                _bad_if(lambda d: d["abandoned"] > d["offered"])),
    ),
    sample_file="abandonment_daily.csv",
)

_BLUEPRINT_COLUMNS = (
    Column("order", "int", required=False, min=1, aliases=("orden", "paso_numero", "n° paso")),
    Column("step", "text", aliases=("paso", "momento", "momento de verdad", "etapa", "true_moment",
                                     "moment_of_truth")),
    Column("physical_evidence", "text", required=False, aliases=("evidencia física", "evidencia")),
    Column("customer_action", "text", required=False,
           aliases=("customer_actions", "acciones del cliente", "acción del cliente", "acciones_cliente")),
    Column("server_action", "text", required=False,
           aliases=("onstage", "onstage_actions", "acciones visibles", "acción del servidor", "contacto visible")),
    Column("internal_process", "text", required=False,
           aliases=("backstage", "backstage_actions", "acciones invisibles", "proceso interno", "contacto invisible")),
    Column("support_process", "text", required=False,
           aliases=("support_processes", "procesos de soporte", "proceso de soporte", "soporte")),
    Column("time_s", "duration", required=False, min=0,
           aliases=("tiempo", "tiempo_s", "duración", "duracion_s", "time")),
    Column("wait_s", "duration", required=False, min=0, aliases=("espera_s", "espera", "tiempo de espera", "wait")),
    Column("failure_point", "text", required=False, aliases=("punto de falla", "punto_falla", "falla")),
    Column("owner", "text", required=False, aliases=("responsable", "dueño")),
    Column("phase", "text", required=False, aliases=("fase", "fase del recorrido")),
)

BLUEPRINT_CURRENT = Schema(name="blueprint_current", columns=_BLUEPRINT_COLUMNS, keep_extra=True,
                           sample_file="blueprint_current.csv",
                           sheet_names=("blueprint_current", "current", "actual", "blueprint_actual", "antes", "before"))
BLUEPRINT_PROPOSED = Schema(name="blueprint_proposed", columns=_BLUEPRINT_COLUMNS, keep_extra=True,
                            sample_file="blueprint_proposed.csv",
                            sheet_names=("blueprint_proposed", "proposed", "propuesto", "blueprint_propuesto",
                                         "despues", "after"))

SCHEMAS: dict[str, Schema] = {
    s.name: s for s in (
        SERVQUAL, SERVQUAL_MAPPING, SERVQUAL_DESIGN, JOURNEY_RESPONSES, JOURNEY_MAP, INDICATORS,
        TRAFFIC, CDR, ABANDONMENT, BLUEPRINT_CURRENT, BLUEPRINT_PROPOSED,
    )
}
