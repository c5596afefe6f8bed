"""Cells to dates and times of day, one decision per column.

Dates: workbook dates, Excel serial numbers (days since 1899-12-30, Excel's origin once its 1900
leap-year bug is accounted for), ISO text (2024-03-04 08:30), day/month/year text with an optional
time (04/03/2024 8:30 a. m.), and month names (4-mar-2024, 4 de marzo de 2024). Whether a column
is day-first or month-first is decided for the whole column: a first number above 12 says day-first,
a second number above 12 says month-first, both is refused; when no number says it, the reading that
keeps the dates close together (a span at most a quarter of the other's) is taken, and otherwise the
column is refused (04/03/2024 alone could be 4 March or 3 April).

Times of day: workbook times, 08:30, 8:30:15, 8:30 p. m., a range's start (08:00 - 08:30), 8h / 8h30,
whole hours 0-23 or Excel fractions of a day (decided per column, never mixed).
"""
from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

from core.intake.numbers import Parsed, _factorize, _is_number, number_of

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MAX_SERIAL = 2_958_466  # 9999-12-31
TIME = r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([apAP])\.?\s*[mM]\.?)?"
ISO_RE = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?:[T\s]+{TIME})?")
DMY_RE = re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}|\d{{2}})(?:[T\s]+{TIME})?")
NAMED_RE = re.compile(rf"(\d{{1,2}})[-/\s.]+(?:de\s+)?([^\W\d_]{{3,10}})\.?[-/\s.]+(?:de\s+)?(\d{{4}}|\d{{2}})"
                      rf"(?:[T\s]+{TIME})?")
SERIAL_RE = re.compile(r"\d{5}(?:[.,]\d+)?")
TIME_RE = re.compile(rf"{TIME}(?:\s*(?:-|–|a|al|to)\s*{TIME})?")
HOUR_RE = re.compile(r"(\d{1,2})\s*[hH](?:\s*(\d{2}))?")
MONTHS = {
    "ene": 1, "jan": 1, "feb": 2, "mar": 3, "abr": 4, "apr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8,
    "aug": 8, "sep": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12, "dec": 12,
}


def _seconds_of_day(h, m, s, ampm) -> float:
    hour, minute, second = int(h), int(m), int(s or 0)
    if ampm:
        if not 1 <= hour <= 12:
            return math.nan
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return math.nan
    return hour * 3600.0 + minute * 60 + second


def _year(text: str) -> int:
    year = int(text)
    return year if len(text) == 4 else (2000 + year if year < 70 else 1900 + year)


def _timestamp(year, month, day, seconds) -> dt.datetime | None:
    try:
        base = dt.datetime(year, month, day)
    except (ValueError, OverflowError):
        return None
    if seconds is None:
        return base
    if math.isnan(seconds):
        return None
    return base + dt.timedelta(seconds=seconds)


def _time_groups(groups) -> float | None:
    h, m, s, ampm = groups
    return None if h is None else _seconds_of_day(h, m, s, ampm)


def _definite(value):
    """A Timestamp for cells that say their own date; a (first, second, year, seconds) candidate for
    d/m/y text whose order the column decides; None when not a date."""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return pd.Timestamp(value).tz_localize(None)
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    if _is_number(value):
        days = number_of(value, None)
        if not 1 <= days < MAX_SERIAL or 60 <= days < 61:   # serial 60 is Excel's 29/02/1900, a day that never was
            return None
        # Excel counts 1900 as a leap year (serials below 60 are a day later than from EXCEL_EPOCH), and shows
        # whole seconds: 45355,33333 is 08:00, not 07:59:59.712 in the 07:59 slot
        seconds = int(np.rint((days + (days < 60)) * 86_400))   # whole seconds: a float Timedelta overflows near 9999
        return EXCEL_EPOCH + pd.Timedelta(seconds, unit="s") if seconds < MAX_SERIAL * 86_400 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    found = ISO_RE.fullmatch(text)
    if found:
        y, mo, d = (int(g) for g in found.groups()[:3])
        return _timestamp(y, mo, d, _time_groups(found.groups()[3:]))
    found = DMY_RE.fullmatch(text)
    if found:
        a, b, y = found.groups()[:3]
        return (int(a), int(b), _year(y), _time_groups(found.groups()[3:]))
    found = NAMED_RE.fullmatch(text)
    if found and found.group(2)[:3].lower() in MONTHS:
        return _timestamp(_year(found.group(3)), MONTHS[found.group(2)[:3].lower()], int(found.group(1)),
                          _time_groups(found.groups()[3:]))
    if SERIAL_RE.fullmatch(text):
        return _definite(float(text.replace(",", ".")))
    if re.match(r"\d{4}-\d{2}-\d{2}T", text):
        try:
            return _definite(pd.Timestamp(text))
        except ValueError:
            return None
    return None


def _order(candidates: list[tuple], hint: str | None = None) -> tuple[str | None, tuple[str, str] | None]:
    """("dmy" or "mdy", None), or (None, column error) for the d/m/y texts of one column. ``hint``: the
    order the file's dialect implies (a ";"-separated CSV comes from a day-first locale), used only
    when the column's own dates do not decide (none at all: "dmy", never used)."""
    day_first = [c for c in candidates if c[0] > 12]
    month_first = [c for c in candidates if c[1] > 12]
    if day_first and month_first:
        shown = f"{day_first[0][0]}/{day_first[0][1]} · {month_first[0][0]}/{month_first[0][1]}"
        return None, ("date_order_mixed", shown, (day_first[0], month_first[0]))
    if day_first or month_first:
        return ("dmy" if day_first else "mdy"), None
    if all(a == b for a, b, _, _ in candidates):
        return "dmy", None
    spans = {}
    for order in ("dmy", "mdy"):
        stamps = [s for s in (_from_candidate(c, order) for c in candidates) if s is not None]
        spans[order] = (max(stamps) - min(stamps)).total_seconds() if stamps else math.inf
    for order, other in (("dmy", "mdy"), ("mdy", "dmy")):
        if spans[other] > 0 and spans[order] * 4 <= spans[other]:
            return order, None
    if hint in ("dmy", "mdy"):
        return hint, None
    first = candidates[0]
    return None, ("date_order_undecided", f"{first[0]:02d}/{first[1]:02d}/{first[2]}", (first,))


def _from_candidate(candidate, order):
    a, b, year, seconds = candidate
    day, month = (a, b) if order == "dmy" else (b, a)
    return _timestamp(year, month, day, seconds)


#: a UTC offset or zone after a time of day ("08:00:00-05:00", "08:00:00.5+0100", "08:00Z", "08:00:00 UTC",
#: "08:00 GMT-5", as telephony exports write them), never a date's "-06"
_UTC_OFFSET = (r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*"
               r"(?:Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)$")


def _iso_texts(uniques: list) -> tuple[np.ndarray, np.ndarray]:
    """ISO texts (2024-03-04 08:30) parsed in one vectorised call: (mask over ``uniques``, their
    datetime64 values, NaT where the text only starts like ISO). A UTC offset or zone ("T08:00:00-05:00",
    "Z", " UTC", " GMT-5") is dropped, keeping the clock time written: a call at 08:00 in Bogotá stays at
    08:00 in the day's profile, never shifted to UTC."""
    texts = pd.Series(uniques, dtype=object)
    mask = np.fromiter((isinstance(u, str) for u in uniques), dtype=bool, count=len(uniques))
    if mask.any():
        mask[mask] = texts[mask].str.match(r"\s*\d{4}-\d{1,2}-\d{1,2}").to_numpy(dtype=bool)
    values = np.full(len(uniques), np.datetime64("NaT"), dtype="datetime64[ns]")
    if mask.any():
        local = (texts[mask].str.strip().str.replace(r"(:\d{2}:\d{2}),(\d)", r"\1.\2", regex=True)   # 08:00:00,250
                 .str.replace(_UTC_OFFSET, r"\1", regex=True))
        stamps = pd.to_datetime(local, format="ISO8601", errors="coerce")
        values[mask] = _ns(stamps)
    return mask & ~np.isnat(values), values


def _ns(stamps: pd.Series) -> np.ndarray:
    """Parsed dates as datetime64[ns]. A date a nanosecond clock cannot hold (before 1677-09-21 or after
    2262-04-11: a typo such as 04/03/3024) is NaT, an unreadable cell; numpy's cast would wrap it round
    into another date (3024 -> 1855) without a word."""
    return stamps.where(stamps.between(pd.Timestamp.min, pd.Timestamp.max)).to_numpy(dtype="datetime64[ns]")


def parse_datetimes(raw: pd.Series, hint: str | None = None) -> Parsed:
    """Dates (and times) of one column as datetime64[ns]; ``hint`` as in _order."""
    codes, uniques, blank_unique = _factorize(raw)
    iso, values = _iso_texts(uniques)
    stamps = np.fromiter((isinstance(u, dt.datetime) for u in uniques), dtype=bool, count=len(uniques))
    if stamps.any():  # workbook date cells, converted in one call (time zones dropped, as _definite does)
        held = pd.Series(uniques, dtype=object)[stamps].map(lambda v: v.replace(tzinfo=None))
        values[stamps] = _ns(pd.to_datetime(held, errors="coerce"))
    rest = np.flatnonzero(~iso & ~stamps & ~blank_unique)
    read = {int(i): _definite(uniques[i]) for i in rest}
    order, error = _order([r for r in read.values() if isinstance(r, tuple)], hint)
    if error:
        empty = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
        first = {c: i for i, c in reversed(read.items()) if isinstance(c, tuple)}
        return Parsed(empty, pd.Series(False, index=raw.index), error[:2], tuple(uniques[first[c]] for c in error[2]))
    if read:
        stamps = [_from_candidate(r, order) if isinstance(r, tuple) else r for r in read.values()]
        values[list(read)] = _ns(pd.to_datetime(pd.Series(stamps, dtype=object), errors="coerce"))
    out = pd.Series(np.append(values, np.datetime64("NaT"))[codes], index=raw.index)
    blank = np.append(blank_unique, True)[codes]
    return Parsed(out, pd.Series(out.isna().to_numpy() & ~blank, index=raw.index))


def _time_of_day(value):
    """Seconds after midnight, "number" for a bare number (decided per column), or None."""
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
        return seconds if 0 <= seconds < 86_400 else None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.hour * 3600.0 + value.minute * 60 + value.second
    if isinstance(value, dt.time):
        return value.hour * 3600.0 + value.minute * 60 + value.second
    if _is_number(value):
        return "number"
    if not isinstance(value, str):
        return None
    text = value.strip()
    found = TIME_RE.fullmatch(text)
    if found:
        seconds = _seconds_of_day(*found.groups()[:4])
        return None if math.isnan(seconds) else seconds
    found = HOUR_RE.fullmatch(text)
    if found:
        seconds = _seconds_of_day(found.group(1), found.group(2) or 0, 0, None)
        return None if math.isnan(seconds) else seconds
    return "number" if re.fullmatch(r"\d{1,2}|0?[.,]\d+", text) else None


def _numbers_as_times(numbers: list[float]) -> tuple[float | None, tuple[str, str] | None]:
    """Seconds per unit of the bare numbers of a time column: whole hours 0-23 or fractions of a day."""
    if not numbers:
        return None, None
    if all(n == int(n) and 0 <= n <= 23 for n in numbers):
        return 3600.0, None
    if all(0 <= n < 1 for n in numbers):
        return 86_400.0, None
    return None, ("time_numbers_mixed", ", ".join(f"{n:g}" for n in numbers[:3]))


def parse_times(raw: pd.Series) -> Parsed:
    """Times of day of one column, in seconds after midnight."""
    codes, uniques, blank_unique = _factorize(raw)
    read = [_time_of_day(u) for u in uniques]   # a blank is None
    bare = {i: number_of(u.replace(",", ".") if isinstance(u, str) else u, ".")
            for i, (u, r) in enumerate(zip(uniques, read)) if r == "number"}
    unit, error = _numbers_as_times([n for n in bare.values() if not math.isnan(n)])
    if error:
        return Parsed(pd.Series(np.nan, index=raw.index), pd.Series(False, index=raw.index), error)
    # fractions of a day to whole seconds, as Excel shows them: 0,333333333 is 08:00, not 07:59:59.99997
    scaled = {i: float(np.rint(n * unit)) for i, n in bare.items()} if unit else {}   # whole hours stay whole
    seconds = [scaled[i] if i in scaled else (r if isinstance(r, float) else math.nan) for i, r in enumerate(read)]
    values = np.array(seconds + [math.nan], dtype=float)[codes]
    blank = np.append(blank_unique, True)[codes]
    return Parsed(pd.Series(values, index=raw.index), pd.Series(np.isnan(values) & ~blank, index=raw.index))
