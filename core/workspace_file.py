"""A workspace as one file, to mail to a colleague, and back, without losing anything.

Two layouts, chosen by what the workspace holds (``export_format``):

- **XLSX** when everything fits a workbook: a sheet ``workspace`` (format marker, version, name), a
  sheet ``sources`` (where each dataset came from), a sheet ``settings`` (one row per setting, its
  value as JSON), and one sheet per dataset named as in core.schemas.SCHEMAS.
- **ZIP** when something does not fit (a dataset over Excel's 1,048,575 rows, or a text over its
  32,767 characters per cell, e.g. a long blueprint-editor session): ``workspace.json`` (format,
  version, name, sources, settings) and ``datasets/<name>.csv`` per dataset (UTF-8, "," and ".",
  numbers written in full). Nothing is truncated.

Both are written through core.export, so text cells a spreadsheet would run as a formula are prefixed
with an apostrophe; reading removes exactly that apostrophe (core.export.unneutralise) and sends every
dataset through core.intake.load, like an upload: a dataset that does not fit its schema is refused
with the same messages, the others are kept.

Reading never raises and never trusts the file: over 50 MB, a zip bomb, a sheet over the cell limit
(checked by core.intake's archive scan before any sheet is read, and only the sheets needed are read),
a version that is not a small whole number (``1e999``), deeply nested JSON, settings of the wrong type
or out of range (core.settings definitions) are refused or ignored, each with a reason.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from core.export import XLSX_MAX_CHARS, XLSX_MAX_ROWS, csv_bytes, unneutralise, unneutralise_csv, xlsx_bytes
from core.intake import IntakeResult, Problem, load
from core.schemas import SCHEMAS
from core.store import StoreError, clean_name, decode_settings, encode_settings
from core.views import setting_definitions
from core.workspace import Workspace

FORMAT = "serviceops-workspace"
VERSION = 1
INFO_SHEET, SOURCES_SHEET, SETTINGS_SHEET = "workspace", "sources", "settings"
JSON_PART, DATASET_DIR = "workspace.json", "datasets/"
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip"}
SETTING_KEY = re.compile(r"^[a-z][a-z0-9_]*\.[A-Za-z0-9_.\-]+$")
MAX_SETTING_CHARS = 2_000_000      # characters of one setting's JSON
MAX_SETTINGS = 2_000               # settings read from one file
MAX_DEPTH = 20                     # nesting of one setting's JSON (the deepest the app writes is 6)
MAX_INFO_BYTES = 50_000_000        # workspace.json of a zip
MAX_META_CELLS = 20_000            # cells of the workspace/sources/settings sheets
XLSX_TEXT = XLSX_MAX_CHARS - 1     # the apostrophe that neutralises a formula-like text takes one


@dataclass
class ImportResult:
    """``workspace`` is None when the file cannot be used (then ``error`` says why, a catalog key
    suffix ``workspace.import_error.<code>``, with ``params``; for a file refused by intake's checks,
    ``problem`` is intake's Problem). ``datasets`` holds the intake result of every dataset (refused
    ones included, with their problems); ``ignored`` lists sheets and settings that were not used."""

    workspace: Workspace | None
    error: str | None = None
    datasets: dict[str, IntakeResult] = field(default_factory=dict)
    ignored_sheets: list[str] = field(default_factory=list)
    ignored_settings: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.workspace is not None

    @property
    def refused(self) -> list[str]:
        return [name for name, result in self.datasets.items() if not result.ok]


# ---------------------------------------------------------------- writing

def _fits_xlsx(frame: pd.DataFrame) -> bool:
    """Every row and every text of the dataset fits an XLSX sheet."""
    if len(frame) > XLSX_MAX_ROWS or any(len(str(c)) > XLSX_TEXT for c in frame.columns):
        return False
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        lengths = values.map(lambda v: len(v) if isinstance(v, str) else 0)
        if len(lengths) and lengths.max() > XLSX_TEXT:
            return False
    return True


_FITS: dict[str, bool] = {}   # dataset digest -> it fits a sheet (every session on the same data shares it)
FITS_KEPT = 256


def export_format(ws: Workspace) -> str:
    """"xlsx" when the whole workspace fits a workbook, else "zip". Each dataset's answer is kept by
    its content digest (the sidebar asks at every run, and every session of the sample case asks it)."""
    for name, frame in ws.datasets.items():
        digest = ws.digest(name)
        fits = _FITS.get(digest)
        if fits is None:
            if len(_FITS) >= FITS_KEPT:
                _FITS.clear()
            fits = _FITS[digest] = _fits_xlsx(frame)
        if not fits:
            return "zip"
    settings = json.loads(encode_settings(ws.settings)[0])
    texts = [ws.name, *map(str, ws.sources.values())] + [json.dumps(v, ensure_ascii=False) for v in settings.values()]
    return "xlsx" if all(len(text) <= XLSX_TEXT for text in texts) else "zip"


def export_workspace(ws: Workspace, exported_at: str = "") -> bytes:
    """The workspace as XLSX or ZIP bytes (``export_format``; see the module docstring)."""
    settings = json.loads(encode_settings(ws.settings)[0])
    sources = {name: str(ws.sources.get(name, "")) for name in ws.datasets}
    if export_format(ws) == "zip":
        return _zip_bytes(ws, exported_at, sources, settings)
    info = pd.DataFrame({"key": ["format", "version", "name", "exported"],
                         "value": [FORMAT, str(VERSION), ws.name, exported_at]})
    source_frame = pd.DataFrame({"dataset": list(sources), "source": list(sources.values()),
                                 "rows": [len(f) for f in ws.datasets.values()]})
    settings_frame = pd.DataFrame({"key": list(settings),
                                   "value": [json.dumps(v, ensure_ascii=False) for v in settings.values()]})
    return xlsx_bytes({INFO_SHEET: info, SOURCES_SHEET: source_frame, SETTINGS_SHEET: settings_frame,
                       **ws.datasets})


def _zip_bytes(ws: Workspace, exported_at: str, sources: dict, settings: dict) -> bytes:
    info = {"format": FORMAT, "version": VERSION, "name": ws.name, "exported": exported_at,
            "sources": sources, "rows": {n: len(f) for n, f in ws.datasets.items()}, "settings": settings}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_PART, json.dumps(info, ensure_ascii=False, indent=1))
        for name, frame in ws.datasets.items():
            archive.writestr(f"{DATASET_DIR}{name}.csv", csv_bytes(frame, lang="en"))
    return buffer.getvalue()


# ---------------------------------------------------------------- reading

def import_workspace(content: bytes, filename: str) -> ImportResult:
    """Read a file written by export_workspace (XLSX or ZIP). Never raises."""
    from core.intake.problems import Reject

    try:
        return _import(content, filename)
    except Reject as rejected:      # intake's archive checks: a bomb, a part too big, a broken zip
        return ImportResult(None, "unsafe", problem=rejected.problem)
    except Exception:  # noqa: BLE001 - RecursionError, MemoryError, a reader's own error: a message
        return ImportResult(None, "unreadable")


def _import(content: bytes, filename: str) -> ImportResult:
    from core.intake.archive import check_archive
    from core.intake.limits import MAX_BYTES

    if not content:
        return ImportResult(None, "empty")
    if len(content) > MAX_BYTES:
        return ImportResult(None, "too_large", params={"size": f"{len(content) / 2**20:.1f}",
                                                         "limit": f"{MAX_BYTES / 2**20:.0f}"})
    if content[:4] != b"PK\x03\x04":
        return ImportResult(None, "not_xlsx")
    parts = check_archive(content, filename)
    if JSON_PART in parts:
        return _import_zip(content, filename, parts)
    if "xl/workbook.xml" in parts:
        return _import_xlsx(content, filename)
    return ImportResult(None, "not_workspace")


def _version(value) -> int | None:
    """A format version: a small whole number (``1``, ``1.0``, ``"1"``), else None (``1e999``, text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 1000 else None
    text = str(value).strip()
    return int(text.split(".")[0]) if re.fullmatch(r"\d{1,3}(\.0*)?", text) else None


def _start(info: dict, filename: str) -> ImportResult:
    """The empty workspace named in the file's header, or the reason it cannot be read."""
    if info.get("format") != FORMAT:
        return ImportResult(None, "not_workspace")
    version = _version(info.get("version"))
    if version is None or not 1 <= version <= VERSION:
        return ImportResult(None, "version")
    raw_name = info.get("name")
    try:
        name = clean_name(raw_name if isinstance(raw_name, str) and raw_name else filename.rsplit(".", 1)[0])
    except StoreError:
        name = "workspace"
    return ImportResult(Workspace(name=name))


def _add_dataset(result: ImportResult, name: str, frame: pd.DataFrame, filename: str, source: str) -> None:
    """One dataset (header and raw cells, neutralising apostrophes removed) through intake's table
    check, like an upload: same schema checks, same messages. The file's own reader is not used
    (the app wrote the file; a CSV reader would have to guess the separator around long texts)."""
    from core.intake.pipeline import build
    from core.intake.problems import Reject
    from core.intake.validate import Table

    where = f"{filename} › {name}"
    body = frame.copy()
    body.columns = range(body.shape[1])
    body = body.mask(body.isin([""]))
    body = body[body.notna().any(axis=1)]
    table = Table([str(c) for c in frame.columns], body, pd.Series(body.index.to_numpy() + 2, index=body.index),
                  where, None, 1)
    try:
        intake = build(table, SCHEMAS[name])
    except Reject as rejected:
        intake = IntakeResult(None, [rejected.problem])
    except Exception as exc:  # noqa: BLE001 - a bug must never reach the user as a traceback
        intake = IntakeResult(None, [Problem("error", "unexpected", where, found=type(exc).__name__)])
    result.datasets[name] = intake
    if intake.ok:
        result.workspace.put(name, intake.data, source or filename)


def _text_sources(raw) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, str) and len(v) <= 1000}


# -- the ZIP layout

def _import_zip(content: bytes, filename: str, parts: dict) -> ImportResult:
    if parts[JSON_PART].file_size > MAX_INFO_BYTES:
        return ImportResult(None, "not_workspace")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            info = json.loads(archive.read(JSON_PART).decode("utf-8"))
        except (ValueError, RecursionError):
            return ImportResult(None, "not_workspace")
        if not isinstance(info, dict):
            return ImportResult(None, "not_workspace")
        result = _start(info, filename)
        if not result.ok:
            return result
        sources = _text_sources(info.get("sources"))
        for part in sorted(parts):
            dataset = part[len(DATASET_DIR):-len(".csv")] if part.startswith(DATASET_DIR) and part.endswith(".csv") else ""
            if part == JSON_PART or parts[part].is_dir():
                continue
            if dataset not in SCHEMAS:
                result.ignored_sheets.append(part)
                continue
            data = archive.read(part)
            width = data[:data.find(b"\n")].count(b",") + 1
            if data.count(b"\n") * width > _max_cells():   # an upper bound: quoted line breaks count too
                result.datasets[dataset] = _too_many(f"{filename} › {dataset}", data.count(b"\n") * width)
                continue
            try:
                data.decode("utf-8")          # positions of a bad byte in the whole part (pandas' are per chunk)
                frame = _csv_frame(data)
            except (ValueError, pd.errors.ParserError) as err:   # not UTF-8, a broken row: this dataset only
                where = f"{filename} › {dataset}"
                if isinstance(err, UnicodeDecodeError):
                    problem = Problem("error", "mixed_encoding", where, row=data[:err.start].count(b"\n") + 1,
                                      found=data[max(err.start - 20, 0):err.end + 20].decode("utf-8", "replace"))
                else:
                    problem = Problem("error", "csv_unreadable", where)
                result.datasets[dataset] = IntakeResult(None, [problem])
                continue
            _add_dataset(result, dataset, frame, filename, sources.get(dataset, ""))
    raw = info.get("settings")
    _apply_settings(result, raw if isinstance(raw, dict) else {}, parsed=True)
    if not isinstance(raw, dict) and raw is not None:
        result.ignored_settings.append("settings")
    return result


def _csv_frame(data: bytes) -> pd.DataFrame:
    """A dataset CSV as written by core.export.csv_bytes (",", ".", UTF-8), as text cells with the
    neutralising apostrophes removed."""
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [unneutralise_csv(c) for c in frame.columns]
    for col in frame.columns:
        marked = frame[col].str.contains("'", regex=False)
        if marked.any():
            frame.loc[marked, col] = frame.loc[marked, col].map(unneutralise_csv)
    return frame


def _max_cells() -> int:
    from core.intake import limits

    return limits.MAX_CELLS        # the limit of one upload (read at call time: tests lower it)


def _too_many(where: str, cells: int) -> IntakeResult:
    return IntakeResult(None, [Problem("error", "too_many_cells", where, found=str(cells), expected=str(_max_cells()))])


# -- the XLSX layout

def _sheet_frame(book, sheet: str) -> pd.DataFrame:
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    rows = [r for r in rows if any(str(v).strip() for v in r)]
    if not rows:
        return pd.DataFrame()
    width = max(len(r) for r in rows)
    header = [unneutralise(str(v).strip()) for v in rows[0]] + [""] * (width - len(rows[0]))
    body = [list(r) + [""] * (width - len(r)) for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    return frame.map(unneutralise)


def _import_xlsx(content: bytes, filename: str) -> ImportResult:
    """Only the sheets needed are read, each after intake's archive scan measured it."""
    from core.intake.readers import checked_parts, open_workbook, sheet_paths

    sizes = checked_parts(content, filename, "zip")
    paths = sheet_paths(content)
    book = open_workbook(content, filename)
    sheets = list(book.sheet_names)

    def cells(sheet):
        size = sizes.get(paths.get(sheet, ""))
        return size.grid if size is not None else 0

    if INFO_SHEET not in sheets or any(cells(s) > MAX_META_CELLS for s in (INFO_SHEET, SOURCES_SHEET, SETTINGS_SHEET)):
        return ImportResult(None, "not_workspace")
    info = _sheet_frame(book, INFO_SHEET)
    if not {"key", "value"} <= set(info.columns):
        return ImportResult(None, "not_workspace")
    result = _start(dict(zip(info["key"].astype(str), info["value"])), filename)
    if not result.ok:
        return result
    sources = {}
    if SOURCES_SHEET in sheets:
        frame = _sheet_frame(book, SOURCES_SHEET)
        if {"dataset", "source"} <= set(frame.columns):
            sources = _text_sources(dict(zip(frame["dataset"].astype(str), frame["source"].astype(str))))
    for sheet in sheets:
        if sheet in (INFO_SHEET, SOURCES_SHEET, SETTINGS_SHEET):
            continue
        if sheet not in SCHEMAS:
            result.ignored_sheets.append(sheet)
        elif cells(sheet) > _max_cells():
            result.datasets[sheet] = _too_many(f"{filename} › {sheet}", cells(sheet))
        else:
            _add_dataset(result, sheet, _sheet_frame(book, sheet), filename, sources.get(sheet, ""))
    if SETTINGS_SHEET in sheets:
        frame = _sheet_frame(book, SETTINGS_SHEET)
        if {"key", "value"} <= set(frame.columns):
            _apply_settings(result, dict(zip(frame["key"].astype(str), frame["value"])), parsed=False)
    return result


# -- settings

def _depth(value) -> int:
    """Nesting depth of a JSON value, without recursion (a hostile file may nest thousands deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def _setting_value(value, parsed: bool):
    """A setting's value from the file, or raises ValueError when it cannot be one."""
    if not parsed:
        text = "" if value is None else str(value)
        if len(text) > MAX_SETTING_CHARS:
            raise ValueError("too long")
        value = json.loads(text)       # RecursionError for absurd nesting is caught by the caller
    if _depth(value) > MAX_DEPTH:
        raise ValueError("too deep")
    return value


def _apply_settings(result: ImportResult, raw: dict, parsed: bool) -> None:
    """The file's settings into the workspace: keys must look like "<view>.<name>"; a value that does
    not decode, nests too deep, or that the setting's definition refuses (type, range) is ignored."""
    definitions = setting_definitions()
    for count, (key, value) in enumerate(raw.items()):
        key = str(key)
        try:
            if count >= MAX_SETTINGS or not SETTING_KEY.match(key):
                raise ValueError("not a setting")
            value = _setting_value(value, parsed)
            decoded = decode_settings(json.dumps({key: value}), result.workspace.datasets,
                                      result.workspace.sources)[key]
            spec = definitions.get(key)
            if spec is not None:   # out of range or of the wrong type: ignored; "0.9" read as 0.9
                if not spec.valid(decoded):
                    raise ValueError("invalid")
                decoded = spec.clean(decoded)
        except Exception:  # noqa: BLE001 - a setting that cannot be used is dropped and listed, never fatal
            result.ignored_settings.append(key[:80])
            continue
        result.workspace.settings[key] = decoded
