"""Bytes to a grid of cells: CSV/text (any delimiter, UTF-8, UTF-16 "Unicode text", cp1252) and
workbooks (XLSX, XLSM, XLS, ODS through calamine, a Rust reader several times faster than openpyxl).

A grid is a DataFrame whose columns are positions and whose row i is the spreadsheet's row i + 1
(title rows and blank rows kept), so every row number told to the user is the one the spreadsheet
shows. Text grids hold strings (NaN for an empty cell); workbook grids hold the cell values calamine
gives (numbers, text, dates, times, durations; None for empty).
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from core.intake.problems import Problem, Reject

UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
SNIFF_LINES = 1000


@dataclass
class Grid:
    cells: pd.DataFrame
    text: bool
    sheet: str | None = None
    info: dict = field(default_factory=dict)


def kind_of_bytes(content: bytes) -> str:
    """"zip" (XLSX, XLSM, ODS), "ole" (XLS, or an encrypted XLSX), "utf16", "binary" or "text"."""
    if content[:4] == b"PK\x03\x04":
        return "zip"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf16"
    signatures = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"BM", b"Rar!", b"7z\xbc\xaf")
    if any(content.startswith(s) for s in signatures) or b"\x00" in content[:4096]:
        return "binary"
    return "text"


def decode(content: bytes, filename: str) -> tuple[str, str]:
    """(text, encoding), decided for the whole file: UTF-16 with its BOM; UTF-8 (with or without BOM)
    when every byte sequence is UTF-8; cp1252 (Latin-1's superset, what Spanish-locale Excel writes)
    when no byte sequence is UTF-8; a file that mixes both is refused (its accents would be wrong)."""
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise Reject(Problem("error", "not_spreadsheet", filename))
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(content) - 3 and exc.reason == "unexpected end of data":
            return content.decode("utf-8", errors="ignore"), "utf-8"  # a character cut at the end
        if UTF8_MULTIBYTE.search(content):
            line = content[: exc.start].count(b"\n") + 1
            raise Reject(Problem("error", "mixed_encoding", filename, row=line,
                                 found=content[max(0, exc.start - 20): exc.start + 1].decode("cp1252", "replace")))
    try:
        return content.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return content.decode("latin-1"), "latin-1"


def sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for delim in (";", ",", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) / len(counts) * 10 + min(mode, 50) / 50
        if score > best_score:
            best, best_score = delim, score
    return best


def read_text(content: bytes, filename: str) -> Grid:
    """A CSV or tab-separated text file as a grid of strings."""
    text, encoding = decode(content, filename)
    if not text.strip():
        raise Reject(Problem("error", "empty", filename))
    head = text[:262_144].splitlines()[:SNIFF_LINES]
    delim = sniff_delimiter([ln for ln in head if ln.strip()][:50])
    width = max((len(r) for r in csv.reader(head, delimiter=delim)), default=1)
    try:
        cells = pd.read_csv(io.StringIO(text), sep=delim, header=None, names=range(width), dtype=object,
                            keep_default_na=False, na_values=[""], skip_blank_lines=False, engine="c",
                            on_bad_lines="error")
    except pd.errors.EmptyDataError:
        raise Reject(Problem("error", "empty", filename))
    except (pd.errors.ParserError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise Reject(Problem("error", "csv_unreadable", filename, row=int(line.group(1)) if line else None,
                             found=str(exc)[:200]))
    return Grid(cells, True, None, {"encoding": encoding, "delimiter": delim})


def open_workbook(content: bytes, filename: str, kind: str):
    from python_calamine import CalamineWorkbook

    if kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise Reject(Problem("error", "corrupt_xlsx", filename))
        if "xl/workbook.xml" not in names and "content.xml" not in names:
            raise Reject(Problem("error", "not_spreadsheet", filename, found="zip"))
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises its own error types for broken or encrypted parts
        if kind == "ole":
            raise Reject(Problem("error", "encrypted_or_xls", filename))
        raise Reject(Problem("error", "corrupt_xlsx", filename, found=str(exc)[:200]))


def workbook_sheets(content: bytes, filename: str, kind: str):
    """(sheet name, visible, grid) for every worksheet of a workbook, in the workbook's order."""
    book = open_workbook(content, filename, kind)
    visible = {m.name: str(m.visible).endswith("Visible") and "Hidden" not in str(m.visible)
               for m in book.sheets_metadata}
    kinds = {m.name: str(m.typ) for m in book.sheets_metadata}
    for name in book.sheet_names:
        if "WorkSheet" not in kinds.get(name, "WorkSheet"):
            continue
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise Reject(Problem("error", "corrupt_xlsx", filename, sheet=name, found=str(exc)[:200]))
        cells = pd.DataFrame(rows, dtype=object)
        if not cells.empty:
            cells = cells.mask(cells.eq(""))
        yield name, visible.get(name, True), Grid(cells, False, name, {})


_SHEET_RE = re.compile(r'<sheet\b[^>]*\bname="([^"]*)"[^>]*\br:id="([^"]*)"')
_REL_RE = re.compile(r'<Relationship\b[^>]*\bId="([^"]*)"[^>]*\bTarget="([^"]*)"')
_REL_RE2 = re.compile(r'<Relationship\b[^>]*\bTarget="([^"]*)"[^>]*\bId="([^"]*)"')
_FORMULA_CELL_RE = re.compile(r'<c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*>(?:(?!</c>).)*?<f[ >/](?:(?!</c>).)*?</c>', re.S)


def uncomputed_formulas(content: bytes, sheet_name: str) -> list[str]:
    """Cells of an XLSX sheet that hold a formula with no saved value (files written by programs that
    do not calculate); calamine reads them as empty, so the user must be told."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            targets = dict(_REL_RE.findall(rels)) | {i: t for t, i in _REL_RE2.findall(rels)}
            rid = next((r for n, r in _SHEET_RE.findall(book) if n == sheet_name), None)
            if rid is None or rid not in targets:
                return []
            target = targets[rid].lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            xml = archive.read(path).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, ValueError):
        return []
    if "<f" not in xml:
        return []
    return [m.group(1) for m in _FORMULA_CELL_RE.finditer(xml) if not re.search(r"<v>[^<]+</v>", m.group(0))]
