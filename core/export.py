"""Downloads that are safe to open in a spreadsheet, in the user's language.

Spreadsheet programs run a cell that begins with =, +, -, @, tab or carriage return as a formula
(CSV/formula injection, OWASP), also after leading white space (spaces, tabs, CR/LF, no-break and
other Unicode spaces, zero-width characters) and in their full-width forms. Every text cell, column
header and index label that begins so is prefixed with an apostrophe; numbers are left alone (a
negative number is a number, not text). A text that already begins with an apostrophe before such a
start gets one more, so ``unneutralise`` restores every text exactly (the workspace file relies on it).

XLSX cells are written as text: no formula, no automatic hyperlink (``file:``, ``mailto:``, ``http:``
stay text). A sheet over Excel's 1,048,575 data rows is refused before writing (ValueError saying
so); a text over Excel's 32,767 characters per cell is cut with a visible mark saying how many
characters were left out (the CSV downloads hold it whole).

CSV files follow the spreadsheet conventions of the language: Spanish-locale Excel (Colombia,
Peru) opens ";"-separated files with a decimal comma, English ones ","-separated with a point.
Every field holding a separator (the file's own, or the other language's, or a tab), a quote, CR or
LF is quoted, and lines end in CRLF: opened with "," or with ";", no text spills into a new cell.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import re

import pandas as pd

# white space (\s: every str.isspace character) and zero-width characters, skipped before looking
_INVISIBLE = "\\s\u200b\u200c\u200d\u2060\ufeff"
_STARTS = "=+\\-@\uff1d\uff0b\uff0d\uff20"   # = + - @ and their full-width forms
# a tab or CR first, or a formula start after invisible characters
_FORMULA = re.compile(f"[\\t\\r]|[{_INVISIBLE}]*[{_STARTS}]")
XLSX_MAX_ROWS = 1_048_575          # data rows under the header row of one sheet
XLSX_MAX_CHARS = 32_767            # characters in one cell
# (field separator, decimal mark) of a CSV file per language
CSV_FORMATS = {"es": (";", ","), "en": (",", ".")}


def _formula_like(text: str) -> bool:
    return _FORMULA.match(text) is not None


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe
    (also a text already holding such an apostrophe, so that ``unneutralise`` is exact)."""
    if isinstance(value, str) and _formula_like(value.lstrip("'")):
        return "'" + value
    return value


_INNER = re.compile(f"(?<=[\\r\\n,;\\t])(?=['{_INVISIBLE}]*[{_STARTS}])")
_INNER_MARK = re.compile(f"(?<=[\\r\\n,;\\t])'(?=['{_INVISIBLE}]*[{_STARTS}])")


def neutralise_csv(value):
    """``neutralise``, and inside a text an apostrophe after every line break, ",", ";" or tab that
    comes before a formula-like start: a spreadsheet that opens the CSV with the other separator (or
    a reader that ends the row at a bare CR) would start a new cell there."""
    value = neutralise(value)
    return _INNER.sub("'", value) if isinstance(value, str) else value


def unneutralise_csv(value):
    """The exact inverse of ``neutralise_csv``."""
    if isinstance(value, str):
        value = _INNER_MARK.sub("", value)
    return unneutralise(value)


def unneutralise(value):
    """The inverse of ``neutralise``: "'=x" back to "=x", "''=x" back to "'=x"; other values as they are."""
    if isinstance(value, str) and neutralise(value[1:]) == value:  # value is value[1:] neutralised
        return value[1:]
    return value


def safe_frame(df: pd.DataFrame, inert=neutralise) -> pd.DataFrame:
    """The table as it is written to a file: formula-like text neutralised, and the columns listed in
    ``df.attrs["percent"]`` (fractions shown on screen as percentages, under a "%" header) written as
    percentages, so that the file reads like the screen. ``inert``: ``neutralise`` (XLSX) or
    ``neutralise_csv``."""
    out = df.copy()
    for col in df.attrs.get("percent", ()):
        if col in out.columns and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col] * 100
    for col in _text_columns(out):
        out[col] = out[col].astype(object).map(inert)
    out.columns = [inert(str(c)) for c in out.columns]
    if not isinstance(out.index, pd.RangeIndex):  # a RangeIndex holds numbers: not mapped row by row
        out.index = out.index.map(inert)
    out.index.names = [inert(n) for n in out.index.names]
    return out


def _text_columns(frame: pd.DataFrame) -> list:
    """The columns that may hold text: neither numbers (booleans included) nor dates."""
    return [c for c in frame.columns if not (pd.api.types.is_numeric_dtype(frame[c])
                                              or pd.api.types.is_datetime64_any_dtype(frame[c]))]


def _xlsx_text(value):
    """``neutralise``, and a text over XLSX_MAX_CHARS cut with a visible mark (Excel holds no more
    in a cell): the first XLSX_MAX_CHARS - 40 characters, then " […+<characters left out>]"."""
    value = neutralise(value)
    if isinstance(value, str) and len(value) > XLSX_MAX_CHARS:
        return value[:XLSX_MAX_CHARS - 40] + f" […+{len(value) - XLSX_MAX_CHARS + 40:,}]"
    return value


def csv_bytes(df: pd.DataFrame, index: bool = False, lang: str = "en") -> bytes:
    """UTF-8 with BOM (so that Excel in a Spanish locale shows accents correctly), with the field
    separator and decimal mark of ``lang`` ("es": ";" and ","). Numbers stay numbers, written in
    full (read back, they are the same numbers)."""
    sep, decimal = CSV_FORMATS.get(lang, CSV_FORMATS["en"])
    safe = safe_frame(df, neutralise_csv)
    text = safe.to_csv(index=index, sep=sep, decimal=decimal, lineterminator="\r\n")  # minimal quoting
    if _needs_more_quotes(safe, index):
        text = _requoted(text, sep)
    return codecs.BOM_UTF8 + text.encode()


_ANY_SEPARATOR = re.compile(r"[,;\t]")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?")


def _needs_more_quotes(frame: pd.DataFrame, index: bool) -> bool:
    """True when some text holds a separator of the other language (or a tab): the csv module quotes
    only the file's own separator, and a spreadsheet opening the file with the other one would split
    the text there (a "texto;=1+1" would start a new cell with a formula)."""
    labels = [str(c) for c in frame.columns] + ([str(v) for v in frame.index] if index else [])
    cells = (v for c in _text_columns(frame) for v in frame[c])
    return any(_ANY_SEPARATOR.search(v) for v in itertools.chain(labels, cells) if isinstance(v, str))


def _requoted(text: str, sep: str) -> str:
    """The CSV again with every field quoted that holds any separator (",", ";", tab), a quote, CR or
    LF; a number stays as it is unless it holds the file's separator (242,5 in a ";" file stays a
    number; the text "1,5" in a "," file is quoted)."""
    def field(value: str) -> str:
        if not re.search(r'[,;\t\r\n"]', value) or (sep not in value and _NUMBER.fullmatch(value)):
            return value
        return '"' + value.replace('"', '""') + '"'

    rows = csv.reader(io.StringIO(text), delimiter=sep)  # StringIO translates no line ends
    # a row of one empty field stays "" (an empty line would be skipped when read back)
    return "".join((sep.join(field(v) for v in row) or '""') + "\r\n" for row in rows)


def download_name(stem: str, t, extension: str) -> str:
    """A download's file name in the language: ``t("<stem>")`` when the catalog has it (e.g.
    "datos_trafico"), else the stem, with characters file systems refuse replaced."""
    key = f"download.file.{stem}"
    name = t(key) if t.has(key) else stem
    name = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip() or "download"
    return f"{name}.{extension}"


def xlsx_bytes(sheets: dict[str, pd.DataFrame], index: bool = False) -> bytes:
    """One workbook, one sheet per table (sheet names cut to Excel's 31 characters). Text is written
    as text: xlsxwriter would otherwise turn "{=1+1}" into an array formula and "http://..." into a
    live hyperlink."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for name, df in sheets.items():
            if len(df) > XLSX_MAX_ROWS:
                raise ValueError(f"sheet {name!r} has {len(df):,} rows; an XLSX sheet holds {XLSX_MAX_ROWS:,}")
            frame = safe_frame(df, _xlsx_text)
            for col in frame.columns:
                if isinstance(frame[col].dtype, pd.DatetimeTZDtype):  # Excel has no time zones
                    frame[col] = frame[col].dt.tz_localize(None)
            frame.to_excel(writer, sheet_name=str(name)[:31], index=index)
    return buffer.getvalue()
