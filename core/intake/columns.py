"""One column's cells to values of its kind, with the problems of its cells listed by row."""
from __future__ import annotations

import numpy as np
import pandas as pd

from core.intake.dates import parse_datetimes, parse_times
from core.intake.numbers import Parsed, parse_durations, parse_numbers
from core.intake.problems import MAX_LISTED, Problem, shown
from core.schemas import Column, PatternColumn, normalise_header

FORMULA_PREFIXES = ("=", "+", "-", "@")
TRUE_WORDS = {"true", "1", "yes", "y", "si", "s", "x", "verdadero", "v"}
FALSE_WORDS = {"false", "0", "no", "n", "falso", "f"}
CHECK_MARKS = {"●", "•", "*", "✓", "✔", "☑", "☒"}   # a cell marked with a symbol is "yes" (no letters to read)
MAX_EXACT = 2.0 ** 53  # whole numbers above this are not exact as numbers
UNREADABLE_SHARE = 0.5  # a column with more than this share of unreadable cells cannot be read
FORMATS = {
    "int": "12 / 1.234", "float": "3,5 / 3.5 / 1.234,5", "duration": "242 / 4:02 / 0:04:02 (s, mm:ss, hh:mm:ss)",
    "datetime": "2024-03-04 08:30 / 04/03/2024 08:30", "time": "08:30 / 8:30 p. m. / 08:00 - 08:30",
    "bool": "sí/no, true/false, 1/0",
}
CELL_CODES = {"int": "not_a_number", "float": "not_a_number", "duration": "not_a_duration",
              "datetime": "not_a_date", "time": "not_a_time", "bool": "not_a_bool"}


class Listing:
    """Problems of one file, cell problems listed up to MAX_LISTED per kind and column."""

    def __init__(self, file: str, sheet: str | None, rows: pd.Series):
        self.file, self.sheet, self.rows = file, sheet, rows
        self.problems: list[Problem] = []

    def add(self, severity: str, code: str, **kw) -> None:
        self.problems.append(Problem(severity, code, self.file, self.sheet, **kw))

    def cells(self, code: str, mask: pd.Series, found: pd.Series, column: str, expected: str = "",
              severity: str = "warning") -> None:
        hits = mask[mask].index
        for idx in hits[:MAX_LISTED]:
            self.add(severity, code, row=int(self.rows[idx]), column=column, found=shown(found[idx]),
                     expected=expected)
        if len(hits) > MAX_LISTED:
            self.add(severity, "more_rows", column=column, count=len(hits) - MAX_LISTED)


def is_blank(raw: pd.Series) -> pd.Series:
    """Empty cells and cells of only spaces (decided once per distinct value)."""
    codes, uniques = pd.factorize(raw.astype(object))
    blank = np.array([isinstance(u, str) and not u.strip() for u in uniques] + [True], dtype=bool)
    return pd.Series(blank[codes], index=raw.index)


def as_text(raw: pd.Series) -> pd.Series:
    """Cells as stripped text; whole numbers from a spreadsheet show without ".0"; blank as ""."""
    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()
    codes, uniques = pd.factorize(raw.astype(object))
    texts = np.array([one(u) for u in uniques] + [""], dtype=object)
    return pd.Series(texts[codes], index=raw.index, dtype=object)


def bool_word(v) -> bool | None:
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float)) and v in (0, 1):
        return bool(v)
    if str(v).strip() in CHECK_MARKS:
        return True
    word = normalise_header(v)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_bools(raw: pd.Series) -> Parsed:
    codes, uniques = pd.factorize(raw.astype(object))
    words = np.array([bool_word(v) for v in uniques] + [None], dtype=object)
    values = pd.Series(words[codes], index=raw.index)
    return Parsed(values, values.isna() & ~is_blank(raw))


def range_text(spec: Column | PatternColumn) -> str:
    lo = "" if spec.min is None else f"{spec.min:g}"
    hi = "" if spec.max is None else f"{spec.max:g}"
    if lo and hi:
        return f"{lo}–{hi}"
    return f">= {lo}" if lo else (f"<= {hi}" if hi else "")


def parse_column(raw: pd.Series, kind: str, hint: str | None, scale: float, date_hint: str | None = None) -> Parsed:
    if kind in ("int", "float"):
        return parse_numbers(raw, kind == "int", hint)
    if kind == "duration":
        return parse_durations(raw, hint, scale)
    if kind == "datetime":
        return parse_datetimes(raw, date_hint)
    if kind == "time":
        return parse_times(raw)
    return parse_bools(raw)


def unreadable(parsed: Parsed, blank: pd.Series) -> bool:
    filled = int((~blank).sum())
    return filled > 0 and int(parsed.bad.sum()) > UNREADABLE_SHARE * filled


def numeric_checks(values: pd.Series, raw: pd.Series, spec, label: str, listing: Listing) -> pd.Series:
    """Range, whole-number and size checks of a number column; returns the mask of invalid cells."""
    invalid = pd.Series(False, index=values.index)  # out of range so far
    if spec.min is not None:
        invalid |= values < spec.min
    if spec.max is not None:
        invalid |= values > spec.max
    listing.cells("out_of_range", invalid, raw, label, range_text(spec))
    if spec.kind == "int":
        too_large = values.abs() >= MAX_EXACT
        listing.cells("number_too_large", too_large & ~invalid, raw, label)
        invalid |= too_large
        fractional = values.notna() & ~invalid & (values != np.round(values))
        listing.cells("not_integer", fractional, raw, label)
        invalid |= fractional
    return invalid


def _rows_of(raw: pd.Series, cells, rows: pd.Series) -> tuple:
    """The spreadsheet rows of the first cell holding each of ``cells`` (a value as read)."""
    found = []
    for cell in cells:
        hits = raw.index[raw.map(lambda v: v is cell or v == cell).astype(bool)]
        if len(hits):
            found.append(int(rows[hits[0]]))
    return tuple(sorted(set(found)))


def convert(raw: pd.Series, spec, label: str, hint: str | None, scale: float, listing: Listing,
            date_hint: str | None = None, blank: pd.Series | None = None):
    """(values, invalid mask, column problem or None) of one recognised column; ``blank``: its empty
    cells when already known."""
    blank = is_blank(raw) if blank is None else blank
    if spec.kind == "text":
        text = as_text(raw)
        formula = text.str[:1].isin(FORMULA_PREFIXES) & ~text.str.fullmatch(r"[-+]?\d+([.,]\d+)?")
        listing.cells("formula_text", formula.astype(bool), raw, label, severity="info")
        return text.where(text != "").astype("str"), pd.Series(False, index=raw.index), None
    parsed = parse_column(raw, spec.kind, hint, scale, date_hint)
    if parsed.error:
        return None, None, Problem("error", parsed.error[0], listing.file, listing.sheet, column=label,
                                   found=parsed.error[1], rows=_rows_of(raw, parsed.cells, listing.rows))
    if unreadable(parsed, blank):
        examples = ", ".join(dict.fromkeys(shown(v) for v in raw[parsed.bad].head(50)))
        return None, None, Problem("error", "column_unreadable", listing.file, listing.sheet, column=label,
                                   found=examples[:120], expected=FORMATS[spec.kind])
    values, bad = parsed.values, parsed.bad
    formula = pd.Series(False, index=raw.index)
    if spec.kind in ("int", "float", "duration"):
        starts = raw[bad].map(lambda v: isinstance(v, str) and v.strip()[:1] in ("=", "@")).astype(bool)
        formula = starts.reindex(raw.index, fill_value=False).astype(bool)
        listing.cells("formula_in_number", formula, raw, label)
    expected = range_text(spec) if spec.kind in ("int", "float", "duration") else FORMATS[spec.kind]
    listing.cells(CELL_CODES[spec.kind], bad & ~formula, raw, label, expected)
    invalid = bad.copy()
    if spec.kind in ("int", "float", "duration"):
        invalid |= numeric_checks(values, raw, spec, label, listing)
        values = values.where(~invalid)
    return values, invalid, None
