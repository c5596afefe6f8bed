"""The one check of a real-number input shared by the formula modules (sampling, queueing,
simulation); each module raises its own error class with the reason returned here."""
from __future__ import annotations

import math
import numbers


def real_or_reason(x, *, positive: bool = False, allow_zero: bool = False,
                   nonfinite: str = "not_a_number") -> tuple[float | None, str | None]:
    """``(float(x), None)``, or ``(None, reason)``: "not_a_number" (a bool, text or anything not a
    real number), ``nonfinite`` (NaN or ±inf), and with ``positive`` "not_positive" (x <= 0) or,
    when ``allow_zero``, "negative" (x < 0).

    >>> real_or_reason(2), real_or_reason(True), real_or_reason(0, positive=True)
    ((2.0, None), (None, 'not_a_number'), (None, 'not_positive'))
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None, "not_a_number"
    value = float(x)
    if not math.isfinite(value):
        return None, nonfinite
    if positive and (value < 0 or value == 0 and not allow_zero):
        return None, "negative" if allow_zero else "not_positive"
    return value, None
