"""One definition per setting: key, kind, range, default, and where a value came from.

A view's settings are declared once, in its view-model module (``core/views/<view>.py``), as a
tuple of ``Setting``. The same definition validates a value from a widget, from a saved workspace
and from an imported file (``Setting.clean``), gives the widget its bounds, and names the value's
origin for the page ("your choice", "default", "from the sample case", "from your data").

    >>> Setting("abandonment.confidence", "float", 0.95, min=0.5, max=0.999).clean("0.934")
    0.934
    >>> Setting("staffing.agents", "int", 10, min=1, max=500).clean(100000)
    10
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Iterable, Mapping

KINDS = ("float", "int", "bool", "choice", "text", "date", "table")

# Where a setting's value came from (shown beside it on the page).
ORIGIN_DEFAULT = "default"   # the product's neutral default, no data behind it
ORIGIN_USER = "user"         # chosen by the user (widget, or a workspace she saved)
ORIGIN_SAMPLE = "sample"     # a value of the sample case (seed studies), only in the sample workspace
ORIGIN_DATA = "data"         # derived from the user's own data (e.g. patience from her call records)
ORIGINS = (ORIGIN_DEFAULT, ORIGIN_USER, ORIGIN_SAMPLE, ORIGIN_DATA)


@dataclass(frozen=True)
class Setting:
    """One view setting. ``min``/``max`` are inclusive (numbers); ``options`` for ``choice``.

    ``default`` is the neutral value used when nothing valid is stored; it may be None when the
    view derives it from the data (then the view reports ORIGIN_DATA).
    """

    key: str
    kind: str
    default: object = None
    min: float | None = None
    max: float | None = None
    options: tuple = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown setting kind {self.kind!r} for {self.key}")

    def valid(self, value) -> bool:
        """True when ``value`` is of this setting's kind and inside its range (never raises). None is
        valid only for a setting whose default is None ("not set": all segments, derived from data)."""
        if value is None:
            return self.default is None
        try:
            return self._check(value) is not None
        except (TypeError, ValueError, OverflowError, AttributeError):
            return False

    def clean(self, value, fallback=None):
        """``value`` converted to the setting's kind when valid, else ``fallback`` (default: the
        setting's default). Text numbers are read with a point ("0.934"); never raises."""
        try:
            checked = self._check(value)
        except (TypeError, ValueError, OverflowError, AttributeError):
            checked = None
        if checked is None:
            return self.default if fallback is None else fallback
        return checked

    def _check(self, value):
        if value is None or isinstance(value, (dict, list, set, tuple)) and self.kind != "table":
            return None
        if self.kind in ("float", "int"):
            if isinstance(value, bool):
                return None
            number = float(value)
            if not math.isfinite(number):
                return None
            if self.kind == "int":
                if number != round(number):
                    return None
                number = int(round(number))
            if self.min is not None and number < self.min or self.max is not None and number > self.max:
                return None
            return number
        if self.kind == "bool":
            return value if isinstance(value, bool) else None
        if self.kind == "choice":
            return value if value in self.options else None
        if self.kind == "text":
            return value if isinstance(value, str) and len(value) <= 10_000 else None
        if self.kind == "date":
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str):
                return dt.date.fromisoformat(value[:10])
            return None
        return value  # table: validated by the view that reads it


def resolve(specs: Iterable[Setting], stored: Mapping[str, object],
            sample_values: Mapping[str, object] | None = None) -> dict[str, tuple]:
    """Every setting of ``specs`` as ``key -> (value, origin)``.

    A valid stored value is the user's, unless it equals the sample case's value for that key in
    ``sample_values`` (given only for the sample workspace): then its origin is the sample. An
    invalid or missing value falls back to the default.
    """
    sample_values = sample_values or {}
    out = {}
    for spec in specs:
        if spec.key in stored and spec.valid(stored[spec.key]):
            value = spec.clean(stored[spec.key])
            from_sample = spec.key in sample_values and spec.clean(sample_values[spec.key]) == value
            out[spec.key] = (value, ORIGIN_SAMPLE if from_sample else ORIGIN_USER)
        else:
            out[spec.key] = (spec.default, ORIGIN_DEFAULT)
    return out


def values(specs: Iterable[Setting], stored: Mapping[str, object]) -> dict[str, object]:
    """``key -> value`` of ``resolve`` without the origins."""
    return {key: value for key, (value, _) in resolve(specs, stored).items()}
