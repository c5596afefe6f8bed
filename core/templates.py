"""Blank upload templates: an XLSX per dataset with the header row and an instructions sheet.

The data headers are in the translator's language: the canonical names in English, and in
Spanish names that intake accepts for the same columns (catalog ``template.header.<dataset>.<col>``,
each one an alias in core/schemas.py), so a Spanish template filled in loads as it is. The same
headers name the columns of the "data now shown" download, which can therefore be uploaded again.
"""
from __future__ import annotations

import io

import pandas as pd

from core.schemas import Column, PatternColumn, Schema

KIND_KEYS = {"int": "template.kind_int", "float": "template.kind_float", "text": "template.kind_text",
             "datetime": "template.kind_datetime", "bool": "template.kind_bool",
             "duration": "template.kind_duration", "time": "template.kind_time"}


def _bound(value, t) -> str:
    """A range bound as text, negative with the typographic minus (U+2212): "−100", never a cell
    starting with "-" that a spreadsheet could take for a formula."""
    return t.num(value, 0).replace("-", "\u2212", 1)


def _range(spec: Column | PatternColumn, t) -> str:
    if spec.min is None and spec.max is None:
        return ""
    if spec.min is not None and spec.max is not None:
        return f"{_bound(spec.min, t)} – {_bound(spec.max, t)}"
    if spec.min is not None:
        return f">= {_bound(spec.min, t)}"
    return f"<= {_bound(spec.max, t)}"


def header(schema: Schema, name: str, t) -> str:
    """The data header of column ``name`` (or a pattern column such as W_tangibles) in the language."""
    key = f"template.header.{schema.name}.{name}"
    return t(key) if t.has(key) else name


def localized_frame(df: pd.DataFrame, schema: Schema, t) -> pd.DataFrame:
    """A dataset with its columns named as in the template of the language (other columns as they are)."""
    return df.rename(columns={c: header(schema, c, t) for c in df.columns if isinstance(c, str)})


def instructions(schema: Schema, t) -> pd.DataFrame:
    """One row per column: name, required, type, allowed range, accepted aliases, meaning."""
    rows = []
    for col in schema.columns:
        rows.append({
            t("template.col_name"): header(schema, col.name, t),
            t("template.col_required"): t("template.yes") if col.required else t("template.no"),
            t("template.col_kind"): t(KIND_KEYS[col.kind]),
            t("template.col_range"): _range(col, t),
            t("template.col_aliases"): ", ".join(col.aliases),
            t("template.col_meaning"): t(f"schema.{schema.name}.{col.name}"),
        })
    for pattern in schema.patterns:
        rows.append({
            t("template.col_name"): header(schema, pattern.example, t) + " …",
            t("template.col_required"): t("template.no"),
            t("template.col_kind"): t(KIND_KEYS[pattern.kind]),
            t("template.col_range"): _range(pattern, t),
            t("template.col_aliases"): "",
            t("template.col_meaning"): t(f"schema.{schema.name}.pattern_{pattern.example.split('_')[0][0]}"),
        })
    return pd.DataFrame(rows)


def template_columns(schema: Schema, t=None) -> list[str]:
    """The data headers of the template: canonical names, or in ``t``'s language when given."""
    names = [c.name for c in schema.columns]
    if schema.name == "servqual":
        names += [f"E{i}" for i in range(1, 23)] + [f"P{i}" for i in range(1, 23)]
        names += [f"W_{d}" for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")]
    return names if t is None else [header(schema, n, t) for n in names]


def template_xlsx(schema: Schema, t) -> bytes:
    """The blank template of one dataset, in the translator's language."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        pd.DataFrame(columns=template_columns(schema, t)).to_excel(writer, sheet_name=t("template.sheet_data"), index=False)
        notes = instructions(schema, t)
        notes.to_excel(writer, sheet_name=t("template.sheet_instructions"), index=False, startrow=3)
        sheet = writer.sheets[t("template.sheet_instructions")]
        sheet.write(0, 0, t(f"schema.{schema.name}.about"))
        sheet.write(1, 0, t("template.how_to"))
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 4, 16)
        sheet.set_column(5, 5, 80)
        writer.sheets[t("template.sheet_data")].set_column(0, len(template_columns(schema)), 16)
    return buffer.getvalue()
