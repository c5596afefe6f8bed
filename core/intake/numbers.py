"""Cells to numbers and durations, one decision per column.

The decimal mark is decided per column from the cells that show it (``2,5`` and ``1.234,5`` say
comma; ``2.5`` and ``1,234.5`` say point). A column that shows both is refused (``column error``);
a column that shows neither (only whole numbers and cells like ``1.234`` that read either way) takes
the mark the file's other number columns show; when the file shows none either, a whole-number
column reads ``1.234`` as one thousand two hundred thirty-four (the only whole reading) and a
decimal column is refused. A column never changes how another column is read when it shows its
own mark, so a column of whole numbers never turns ``2.5`` elsewhere into 25.

Durations are seconds: numbers (times the header's unit, ``TMO (min)`` -> 60), ``mm:ss``,
``hh:mm:ss``, or an Excel time cell (a time of day or a duration, as the workbook reader gives them).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
SHAPES = (
    ("int", re.compile(r"[-+]?\d+"), None),
    ("dot_groups", re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3}){2,}"), ","),     # 1.234.567: dots group thousands
    ("comma_groups", re.compile(r"[-+]?[1-9]\d{0,2}(?:,\d{3}){2,}"), "."),
    ("dot_or_thousands", re.compile(r"[-+]?[1-9]\d{0,2}\.\d{3}"), None),     # 1.234: either reading
    ("comma_or_thousands", re.compile(r"[-+]?[1-9]\d{0,2},\d{3}"), None),
    ("dots_comma", re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+,\d+"), ","),     # 1.234,5
    ("commas_dot", re.compile(r"[-+]?[1-9]\d{0,2}(?:,\d{3})+\.\d+"), "."),     # 1,234.5
    ("dot", re.compile(r"[-+]?\d*\.\d+"), "."),
    ("comma", re.compile(r"[-+]?\d*,\d+"), ","),
    ("sci", re.compile(r"[-+]?\d+(?:\.\d+)?[eE][-+]?\d{1,3}"), None),
)
AMBIGUOUS = ("dot_or_thousands", "comma_or_thousands")
MM_SS = re.compile(r"(\d{1,4}):([0-5]\d)(?:[.,](\d+))?")
HH_MM_SS = re.compile(r"(\d{1,3}):([0-5]\d):([0-5]\d)(?:[.,](\d+))?")
UNIT_SECONDS = {
    **dict.fromkeys(("s", "seg", "segs", "segundo", "segundos", "sec", "secs", "second", "seconds"), 1.0),
    **dict.fromkeys(("min", "mins", "minuto", "minutos", "minute", "minutes"), 60.0),
    **dict.fromkeys(("h", "hr", "hrs", "hora", "horas", "hour", "hours"), 3600.0),
}
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass
class Parsed:
    """A column read: ``values`` (NaN/NaT where blank or unreadable), ``bad`` (non-blank cells that could
    not be read), ``error``: (code, found) when the column as a whole cannot be read, and ``cells``: the
    cell values that show why (their rows are named to the user)."""

    values: pd.Series
    bad: pd.Series
    error: tuple[str, str] | None = None
    cells: tuple = ()


def clean_text(value: str) -> str:
    """A number as typed: spaces, thousands spaces and a trailing % removed ("3,2 %" -> "3,2")."""
    return SPACES.sub("", value).removesuffix("%")


def shape_of(text: str) -> tuple[str | None, str | None]:
    """(shape, decimal mark it shows) of a cleaned number text; (None, None) if not a number."""
    for name, pattern, mark in SHAPES:
        if pattern.fullmatch(text):
            return name, mark
    return None, None


def text_evidence(texts) -> set[str]:
    """The decimal marks that number-like texts show ("." and/or ",")."""
    marks = set()
    for text in texts:
        mark = shape_of(clean_text(text))[1]
        if mark:
            marks.add(mark)
    return marks


def decide_mark(texts: list[str], whole: bool, hint: str | None) -> tuple[str | None, tuple[str, str] | None]:
    """(decimal mark, column error) for the text cells of one number column; the error is (code, found,
    the cell texts that show it)."""
    by_mark: dict[str, str] = {}
    ambiguous = None
    for text in texts:
        shape, mark = shape_of(clean_text(text))
        if mark:
            by_mark.setdefault(mark, text)
        if shape in AMBIGUOUS and ambiguous is None:
            ambiguous = text
    if len(by_mark) == 2:
        return None, ("mixed_decimal_marks", f"{by_mark['.']} / {by_mark[',']}", (by_mark["."], by_mark[","]))
    if by_mark:
        return next(iter(by_mark)), None
    if ambiguous is None:
        return None, None
    if hint in (".", ","):
        return hint, None
    if whole:
        return "thousands", None  # "1.234" in a whole-number column: only the thousands reading is whole
    return None, ("decimal_undecided", ambiguous, (ambiguous,))


def text_to_float(text: str, mark: str | None) -> float:
    """A number text read with the column's decimal mark; NaN if it is not a finite number."""
    cleaned = clean_text(text)
    shape, _ = shape_of(cleaned)
    if shape is None:
        return math.nan
    if mark == "," or (mark == "thousands" and shape == "dot_or_thousands"):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif mark in (".", "thousands"):
        cleaned = cleaned.replace(",", "")
    elif shape in AMBIGUOUS:
        return math.nan
    try:
        value = float(cleaned)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def number_of(value, mark: str | None, scale: float = 1.0) -> float:
    if _is_number(value):
        try:
            number = float(value) * scale
        except OverflowError:  # an integer too large for a float
            return math.nan
        return number if math.isfinite(number) else math.nan
    if isinstance(value, str):
        return text_to_float(value, mark) * scale
    return math.nan


def _factorize(raw: pd.Series):
    codes, uniques = pd.factorize(raw.astype(object))
    blank_unique = np.array([isinstance(u, str) and not u.strip() for u in uniques], dtype=bool)
    return codes, list(uniques), blank_unique


def _spread(codes, per_unique: list, blank_unique, index) -> tuple[pd.Series, pd.Series]:
    values = np.array(per_unique + [np.nan], dtype=float)
    blank = np.append(blank_unique, True)
    out = values[codes]
    unreadable = pd.isna(out) & ~blank[codes]
    return pd.Series(out, index=index), pd.Series(unreadable, index=index)


def _fast_path(uniques: list, scale: float = 1.0) -> list | None:
    """Numbers of a text column in one vectorised pass when every cell is a plain number that shows
    one mark at most and none reads two ways (12 / 3,5 or 12 / 3.5): the common CSV case."""
    texts = pd.Series(uniques, dtype=object)
    if texts.empty or not texts.map(type).eq(str).all():
        return None
    texts = texts.str.strip()
    for plain, mark in ((r"-?[0-9]+(?:,[0-9]+)?", ","), (r"-?[0-9]+(?:\.[0-9]+)?", ".")):  # ASCII digits
        if texts.str.fullmatch(plain).all():
            if mark == "." and texts.str.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}").any():
                return None
            if mark == "," and texts.str.fullmatch(r"-?[1-9]\d{0,2},\d{3}").any():
                return None
            # float() of each text (as number_of reads one cell); a number beyond a float (400 digits)
            # is inf: left to the per-cell reader, which names the cell
            numbers = texts.str.replace(",", ".", regex=False).astype("float64") * scale
            return numbers.tolist() if np.isfinite(numbers).all() else None
    return None


def parse_numbers(raw: pd.Series, whole: bool, hint: str | None) -> Parsed:
    """Numbers of one column (see the module's rules on the decimal mark)."""
    codes, uniques, blank_unique = _factorize(raw)
    fast = _fast_path(uniques) if not blank_unique.any() else None
    if fast is not None:
        values, bad = _spread(codes, fast, blank_unique, raw.index)
        return Parsed(values, bad)
    texts = [u for u, b in zip(uniques, blank_unique) if isinstance(u, str) and not b]
    mark, error = decide_mark(texts, whole, hint)
    if error:
        return Parsed(pd.Series(np.nan, index=raw.index), pd.Series(False, index=raw.index), error[:2], error[2])
    values, bad = _spread(codes, [number_of(u, mark) for u in uniques], blank_unique, raw.index)
    return Parsed(values, bad)


def seconds_of(value, mark: str | None, scale: float) -> float:
    """One duration cell in seconds (nan when unreadable)."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, dt.datetime):
        # a duration over 24 h that the reader turned into a date in Excel's first days
        return (value - EXCEL_EPOCH).total_seconds() if value.year <= 1900 else math.nan
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, str):
        text = value.strip()
        found = HH_MM_SS.fullmatch(text)
        if found:
            h, m, s, frac = found.groups()
            return int(h) * 3600 + int(m) * 60 + int(s) + (float(f"0.{frac}") if frac else 0.0)
        found = MM_SS.fullmatch(text)
        if found:
            m, s, frac = found.groups()
            return int(m) * 60 + int(s) + (float(f"0.{frac}") if frac else 0.0)
    return number_of(value, mark, scale)


def parse_durations(raw: pd.Series, hint: str | None, scale: float = 1.0) -> Parsed:
    """Durations of one column in seconds; plain numbers are in the header's unit (``scale`` seconds)."""
    codes, uniques, blank_unique = _factorize(raw)
    fast = _fast_path(uniques, scale) if not blank_unique.any() else None
    if fast is not None:
        values, bad = _spread(codes, fast, blank_unique, raw.index)
        return Parsed(values, bad)
    texts = [u for u, b in zip(uniques, blank_unique)
             if isinstance(u, str) and not b and ":" not in u]
    mark, error = decide_mark(texts, False, hint)
    if error:
        return Parsed(pd.Series(np.nan, index=raw.index), pd.Series(False, index=raw.index), error[:2], error[2])
    values, bad = _spread(codes, [seconds_of(u, mark, scale) for u in uniques], blank_unique, raw.index)
    return Parsed(values, bad)


def unit_seconds(unit: str) -> float:
    """Seconds per unit named in a header's parentheses ("seg" -> 1, "min" -> 60); 1 when not a unit."""
    return UNIT_SECONDS.get(unit, 1.0)
