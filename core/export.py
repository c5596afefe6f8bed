"""Downloads that are safe to open in a spreadsheet.

Spreadsheet programs run a cell that begins with =, +, -, @, tab or carriage return as a formula
(CSV/formula injection, OWASP). Text cells that begin so are prefixed with an apostrophe; numbers
are left alone (a negative number is a number, not text).
"""
from __future__ import annotations

import io

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].astype(object).map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    if out.index.name is not None or not isinstance(out.index, pd.RangeIndex):
        out.index = out.index.map(neutralise)
    return out


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    """UTF-8 with BOM, so that Excel in a Spanish locale shows accents correctly."""
    return safe_frame(df).to_csv(index=index).encode("utf-8-sig")


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
