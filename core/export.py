"""Downloads that are safe to open in a spreadsheet, in the user's language.

Spreadsheet programs run a cell that begins with =, +, -, @, tab or carriage return as a formula
(CSV/formula injection, OWASP), also after leading spaces. Text cells that begin so are prefixed
with an apostrophe; numbers are left alone (a negative number is a number, not text).

CSV files follow the spreadsheet conventions of the language: Spanish-locale Excel (Colombia,
Peru) opens ";"-separated files with a decimal comma, English ones ","-separated with a point.
Every field holding the separator, a quote, CR or LF is quoted, and lines end in CRLF.
"""
from __future__ import annotations

import csv
import io

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# (field separator, decimal mark) of a CSV file per language
CSV_FORMATS = {"es": (";", ","), "en": (",", ".")}


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and (value.startswith(DANGEROUS_PREFIXES)
                                   or value.lstrip(" \t\r\n\u00a0\x0b\x0c").startswith(DANGEROUS_PREFIXES[:4])):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table as it is written to a file: formula-like text neutralised, and the columns listed in
    ``df.attrs["percent"]`` (fractions shown on screen as percentages, under a "%" header) written as
    percentages, so that the file reads like the screen."""
    out = df.copy()
    for col in df.attrs.get("percent", ()):
        if col in out.columns and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col] * 100
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].astype(object).map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    if out.index.name is not None or not isinstance(out.index, pd.RangeIndex):
        out.index = out.index.map(neutralise)
    return out


def csv_bytes(df: pd.DataFrame, index: bool = False, lang: str = "en") -> bytes:
    """UTF-8 with BOM (so that Excel in a Spanish locale shows accents correctly), with the field
    separator and decimal mark of ``lang`` ("es": ";" and ","). Numbers stay numbers, written in
    full (read back, they are the same numbers)."""
    sep, decimal = CSV_FORMATS.get(lang, CSV_FORMATS["en"])
    return safe_frame(df).to_csv(index=index, sep=sep, decimal=decimal, lineterminator="\r\n",
                                 quoting=csv.QUOTE_MINIMAL).encode("utf-8-sig")


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
            frame = safe_frame(df)
            for col in frame.columns:
                if isinstance(frame[col].dtype, pd.DatetimeTZDtype):  # Excel has no time zones
                    frame[col] = frame[col].dt.tz_localize(None)
            frame.to_excel(writer, sheet_name=str(name)[:31], index=index)
    return buffer.getvalue()
