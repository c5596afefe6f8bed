"""The schema of every dataset a user can upload: columns, types, ranges, Spanish aliases.

Column names are matched after normalisation (lower case, accents removed, spaces and hyphens
as underscores), so "Llamadas ofrecidas", "llamadas_ofrecidas" and "LLAMADAS-OFRECIDAS" all match
the alias ``llamadas_ofrecidas``. The user-facing description of each column is in the catalog
under ``schema.<dataset>.<column>``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

# Kinds of column: numbers are floats unless kind == "int"; "text" keeps strings as given.
KINDS = ("int", "float", "text", "datetime", "bool")


@dataclass(frozen=True)
class Column:
    """One column of a dataset. min/max are inclusive bounds for numbers."""

    name: str
    kind: str
    required: bool = True
    min: float | None = None
    max: float | None = None
    aliases: tuple[str, ...] = ()


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
    """Lower case, accents removed, runs of non-alphanumerics as one underscore."""
    raw = "" if text is None else str(text)
    plain = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-z]+", "_", plain.strip().lower()).strip("_")


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
        Column("respondent", "text", required=False, aliases=("encuestado", "id", "respuesta", "id_encuestado")),
        Column("segment", "text", required=False, aliases=("segmento", "grupo", "sede", "programa", "site")),
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
        Column("item", "text", aliases=("pregunta", "item_numero", "numero")),
        Column("dimension", "text", aliases=("dimension_servqual", "dimensión")),
    ),
)

SERVQUAL_DESIGN = Schema(
    name="servqual_design",
    columns=(
        Column("dimension", "text"),
        Column("design", "float", min=1, max=7, aliases=("diseno", "diseno_experiencia", "estandar")),
    ),
    sample_file="servqual_design.csv",
)

JOURNEY_RESPONSES = Schema(
    name="journey_responses",
    columns=(
        Column("phase", "text", aliases=("fase", "etapa")),
        Column("recommend", "int", required=False, min=0, max=10,
               aliases=("nps", "recomendacion", "recomendaria", "probabilidad_recomendar")),
        Column("satisfaction", "int", required=False, min=1, max=5,
               aliases=("satisfaccion", "ins", "csat")),
        Column("effort", "int", required=False, min=1, max=7, aliases=("esfuerzo", "ces", "facilidad")),
        Column("comment", "text", required=False, aliases=("comentario", "comentarios", "verbatim", "observacion")),
        Column("date", "datetime", required=False, aliases=("fecha", "fecha_respuesta")),
        Column("segment", "text", required=False, aliases=("segmento", "programa", "plan")),
        Column("channel", "text", required=False, aliases=("canal",)),
    ),
    one_of=(("recommend",), ("satisfaction",), ("effort",)),
    sample_file="journey_responses.csv",
)

JOURNEY_MAP = Schema(
    name="journey_map",
    columns=(
        Column("phase", "text", aliases=("fase", "etapa")),
        Column("order", "int", required=False, min=1, aliases=("orden",)),
        Column("customer_process", "text", required=False, aliases=("proceso_cliente", "proceso_del_cliente")),
        Column("true_moment", "bool", required=False, aliases=("momento_de_verdad", "momento_verdad")),
        Column("pain_moment", "bool", required=False, aliases=("momento_de_dolor", "momento_dolor")),
        Column("ins", "float", required=False, min=0, max=100, aliases=("satisfaccion", "csat")),
        Column("nps", "float", required=False, min=-100, max=100),
        Column("ces", "float", required=False, min=0, max=100, aliases=("esfuerzo",)),
        Column("customer_voice", "text", required=False, aliases=("voz_del_cliente", "voz_cliente", "comentarios")),
    ),
    sample_file="journey_map.csv",
)

INDICATORS = Schema(
    name="indicators",
    columns=(
        Column("indicator", "text", aliases=("indicador",)),
        Column("value", "float", aliases=("valor",)),
        Column("target", "float", required=False, aliases=("meta", "objetivo")),
        Column("unit", "text", required=False, aliases=("unidad",)),
        Column("direction", "text", required=False, aliases=("sentido", "direccion")),
        Column("period", "text", required=False, aliases=("periodo",)),
        Column("segment", "text", required=False, aliases=("segmento",)),
    ),
    sample_file="indicators.csv",
)

TRAFFIC = Schema(
    name="traffic",
    columns=(
        Column("interval_start", "datetime",
               aliases=("interval", "intervalo", "inicio_intervalo", "fecha_hora", "fecha", "datetime", "start")),
        Column("offered", "int", min=0, aliases=("llamadas_ofrecidas", "ofrecidas", "entrantes", "recibidas", "calls_offered")),
        Column("answered", "int", required=False, min=0,
               aliases=("contestadas", "atendidas", "llamadas_atendidas", "llamadas_contestadas", "calls_answered")),
        Column("abandoned", "int", required=False, min=0,
               aliases=("abandonadas", "llamadas_abandonadas", "calls_abandoned")),
        Column("aht_s", "float", required=False, min=0, max=36_000,
               aliases=("aht", "tmo", "tmo_s", "tiempo_medio_operacion", "duracion_media_s", "handle_time_s")),
        Column("queue", "text", required=False, aliases=("cola", "grupo", "cuenta", "account", "skill")),
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
        Column("call_start", "datetime", aliases=("inicio", "inicio_llamada", "fecha_hora", "start", "timestamp")),
        Column("wait_s", "float", min=0, max=86_400, aliases=("espera", "espera_s", "tiempo_espera", "wait", "queue_time_s")),
        Column("talk_s", "float", required=False, min=0, max=86_400,
               aliases=("duracion", "duracion_s", "conversacion_s", "talk", "handle_time_s", "aht_s")),
        Column("abandoned", "bool", aliases=("abandonada", "abandono", "abandoned_flag")),
        Column("queue", "text", required=False, aliases=("cola", "grupo", "cuenta", "account", "skill")),
    ),
    sample_file="cdr_sample.csv",
)

ABANDONMENT = Schema(
    name="abandonment",
    columns=(
        Column("account", "text", required=False, aliases=("cuenta", "cliente_corporativo", "queue", "cola")),
        Column("model", "text", required=False, aliases=("modelo", "periodo", "period", "fase", "grupo", "group")),
        Column("month", "int", required=False, min=1, aliases=("mes",)),
        Column("day", "int", required=False, min=1, max=31, aliases=("dia",)),
        Column("date", "datetime", required=False, aliases=("fecha",)),
        Column("abandon_pct", "float", required=False, min=0, max=100,
               aliases=("abandono", "abandono_pct", "porcentaje_abandono", "pct_abandono", "abandonment_pct")),
        Column("offered", "int", required=False, min=0, aliases=("ofrecidas", "llamadas_ofrecidas", "entrantes")),
        Column("abandoned", "int", required=False, min=0, aliases=("abandonadas", "llamadas_abandonadas")),
    ),
    one_of=(("abandon_pct",), ("offered", "abandoned")),
    rules=(
        RowRule("abandoned_gt_offered", ("abandoned", "offered"),
                _bad_if(lambda d: d["abandoned"] > d["offered"])),
    ),
    sample_file="abandonment_daily.csv",
)

_BLUEPRINT_COLUMNS = (
    Column("order", "int", required=False, min=1, aliases=("orden", "paso_numero")),
    Column("step", "text", aliases=("paso", "momento", "momento_de_verdad", "etapa", "true_moment",
                                     "moment_of_truth")),
    Column("physical_evidence", "text", required=False, aliases=("evidencia_fisica", "evidencia")),
    Column("customer_action", "text", required=False,
           aliases=("customer_actions", "acciones_del_cliente", "accion_del_cliente", "acciones_cliente")),
    Column("server_action", "text", required=False,
           aliases=("onstage", "onstage_actions", "acciones_visibles", "accion_del_servidor", "contacto_visible")),
    Column("internal_process", "text", required=False,
           aliases=("backstage", "backstage_actions", "acciones_invisibles", "proceso_interno", "contacto_invisible")),
    Column("support_process", "text", required=False,
           aliases=("support_processes", "procesos_de_soporte", "proceso_de_soporte", "soporte")),
    Column("time_s", "float", required=False, min=0, aliases=("tiempo_s", "duracion_s", "time")),
    Column("wait_s", "float", required=False, min=0, aliases=("espera_s", "espera", "wait")),
    Column("failure_point", "text", required=False, aliases=("punto_de_falla", "punto_falla", "falla")),
    Column("owner", "text", required=False, aliases=("responsable", "dueno")),
    Column("phase", "text", required=False, aliases=("fase", "fase_del_recorrido")),
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
