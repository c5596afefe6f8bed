"""A workspace as one XLSX file, to mail to a colleague, and back.

The workbook: a sheet ``workspace`` (format marker, version, name), a sheet ``sources`` (where each
dataset came from), a sheet ``settings`` (one row per setting, its value as JSON), and one sheet per
dataset named as in core.schemas.SCHEMAS, holding the dataset as it came out of intake.

Writing goes through core.export.xlsx_bytes, so text cells that a spreadsheet would run as a
formula (=, +, -, @, tab, CR) are prefixed with an apostrophe. Reading strips that apostrophe again
and sends every dataset sheet through core.intake.load, exactly like an upload: a sheet that does
not fit its schema is refused with the same messages, the others are kept. Settings keys must look
like "<view>.<name>"; anything else in the settings sheet is ignored.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

import pandas as pd

from core.export import DANGEROUS_PREFIXES, xlsx_bytes
from core.intake import IntakeResult, load
from core.schemas import SCHEMAS
from core.views import setting_definitions
from core.store import clean_name, decode_settings, encode_settings, StoreError
from core.workspace import Workspace

FORMAT = "serviceops-workspace"
VERSION = 1
INFO_SHEET, SOURCES_SHEET, SETTINGS_SHEET = "workspace", "sources", "settings"
SETTING_KEY = re.compile(r"^[a-z][a-z0-9_]*\.[A-Za-z0-9_.\-]+$")
MAX_SETTING_CHARS = 2_000_000


@dataclass
class ImportResult:
    """``workspace`` is None when the file is not a workspace workbook (then ``error`` says why, a
    catalog key suffix ``workspace.import_error.<code>``). ``datasets`` holds the intake result of
    every dataset sheet (refused ones included, with their problems); ``ignored`` lists sheets and
    settings that were not used."""

    workspace: Workspace | None
    error: str | None = None
    datasets: dict[str, IntakeResult] = field(default_factory=dict)
    ignored_sheets: list[str] = field(default_factory=list)
    ignored_settings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.workspace is not None

    @property
    def refused(self) -> list[str]:
        return [name for name, result in self.datasets.items() if not result.ok]


def export_workspace(ws: Workspace, exported_at: str = "") -> bytes:
    """The workspace as XLSX bytes (see the module docstring for the layout)."""
    settings_json, skipped = encode_settings(ws.settings)
    settings = json.loads(settings_json)
    info = pd.DataFrame({"key": ["format", "version", "name", "exported"],
                         "value": [FORMAT, str(VERSION), ws.name, exported_at]})
    sources = pd.DataFrame({"dataset": list(ws.datasets),
                            "source": [str(ws.sources.get(n, "")) for n in ws.datasets],
                            "rows": [len(f) for f in ws.datasets.values()]})
    settings_frame = pd.DataFrame({"key": list(settings),
                                   "value": [json.dumps(v, ensure_ascii=False) for v in settings.values()]})
    sheets = {INFO_SHEET: info, SOURCES_SHEET: sources, SETTINGS_SHEET: settings_frame}
    for name, frame in ws.datasets.items():
        sheets[name] = frame
    return xlsx_bytes(sheets)


def _unneutralise(value):
    """Undo core.export.neutralise: "'=x" back to "=x" (only before a dangerous prefix)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(DANGEROUS_PREFIXES):
        return value[1:]
    return value


def _sheet_frame(book, sheet: str) -> pd.DataFrame:
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    rows = [r for r in rows if any(str(v).strip() for v in r)]
    if not rows:
        return pd.DataFrame()
    width = max(len(r) for r in rows)
    header = [str(v).strip() for v in rows[0]] + [""] * (width - len(rows[0]))
    body = [list(r) + [""] * (width - len(r)) for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    return frame.map(_unneutralise)


def import_workspace(content: bytes, filename: str) -> ImportResult:
    """Read a workbook written by export_workspace; every dataset sheet goes through intake."""
    from python_calamine import CalamineWorkbook

    if not content:
        return ImportResult(None, "empty")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = list(book.sheet_names)
    except Exception:
        return ImportResult(None, "not_xlsx")
    if INFO_SHEET not in sheets:
        return ImportResult(None, "not_workspace")
    try:
        info = _sheet_frame(book, INFO_SHEET)
        info = dict(zip(info["key"].astype(str), info["value"]))
    except Exception:
        return ImportResult(None, "not_workspace")
    if info.get("format") != FORMAT:
        return ImportResult(None, "not_workspace")
    try:
        version = int(float(info.get("version", 0)))
    except (TypeError, ValueError):
        version = 0
    if version < 1 or version > VERSION:
        return ImportResult(None, "version")
    try:
        name = clean_name(info.get("name") or filename.rsplit(".", 1)[0])
    except StoreError:
        name = "workspace"

    result = ImportResult(Workspace(name=name))
    sources = {}
    if SOURCES_SHEET in sheets:
        frame = _sheet_frame(book, SOURCES_SHEET)
        if {"dataset", "source"} <= set(frame.columns):
            sources = {str(d): str(s) for d, s in zip(frame["dataset"], frame["source"])}
    for sheet in sheets:
        if sheet in (INFO_SHEET, SOURCES_SHEET, SETTINGS_SHEET):
            continue
        schema = SCHEMAS.get(sheet)
        if schema is None:
            result.ignored_sheets.append(sheet)
            continue
        frame = _sheet_frame(book, sheet)
        # the sheet as a CSV for the one intake path: same checks, same messages as an upload
        csv = frame.to_csv(index=False).encode("utf-8")
        intake = load(csv, f"{filename} › {sheet}", schema)
        result.datasets[sheet] = intake
        if intake.ok:
            result.workspace.put(sheet, intake.data, sources.get(sheet) or filename)

    if SETTINGS_SHEET in sheets:
        frame = _sheet_frame(book, SETTINGS_SHEET)
        raw = {}
        if {"key", "value"} <= set(frame.columns):
            for key, value in zip(frame["key"].astype(str), frame["value"]):
                text = "" if value is None else str(value)
                if not SETTING_KEY.match(key) or len(text) > MAX_SETTING_CHARS:
                    result.ignored_settings.append(key)
                    continue
                try:
                    raw[key] = json.loads(text)
                except ValueError:
                    result.ignored_settings.append(key)
        definitions = setting_definitions()
        for key, value in raw.items():
            try:
                decoded = decode_settings(json.dumps({key: value}), result.workspace.datasets,
                                          result.workspace.sources)
            except Exception:  # a setting that does not decode is dropped, never fatal
                result.ignored_settings.append(key)
                continue
            spec = definitions.get(key)
            if spec is not None and not spec.valid(decoded[key]):  # out of range or of the wrong type
                result.ignored_settings.append(key)
                continue
            result.workspace.settings.update(decoded)
    return result
