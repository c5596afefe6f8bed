"""Units, constants and the input validators shared by the queueing models.

Units (the project's core contract, ../shared/DESIGN.md): arrival rates in calls per **hour**,
durations in **seconds**, probabilities in [0, 1], traffic in Erlangs A = rate * AHT / 3600.
"""
from __future__ import annotations

import math
import numbers

from core.checks import real_or_reason

SECONDS_PER_HOUR = 3600.0

#: Service-level definitions under abandonment (Erlang A).
#: ``abandoned_fail``: answered within T / offered (abandoned calls count as failures; default).
#: ``abandoned_ignored``: answered within T / answered.
#: ``short_abandons_excused``: answered within T / (offered - abandoned within the short-abandon
#: threshold).
SL_DEFINITIONS = ("abandoned_fail", "abandoned_ignored", "short_abandons_excused")


def traffic_erlangs(arrival_rate: float, aht: float) -> float:
    """Offered traffic A = arrival_rate (calls/h) * aht (s) / 3600, in Erlangs."""
    return arrival_rate * aht / SECONDS_PER_HOUR


def min_stable_agents(traffic: float) -> int:
    """Smallest number of agents with a steady state in Erlang C: floor(A) + 1 (A in Erlangs).

    Not round(A) + 1, which is one agent too many whenever the fractional part is >= 0.5.
    """
    return int(math.floor(traffic)) + 1


def _error(field, reason, value):
    from core.queueing.errors import QueueInputError
    return QueueInputError(field, reason, value)


def _real(name: str, x, *, positive: bool = True, allow_zero: bool = False) -> float:
    if (type(x) is float or type(x) is int) and 0 < x < math.inf:  # fast path: valid for every flag
        return float(x)
    value, reason = real_or_reason(x, positive=positive, allow_zero=allow_zero, nonfinite="not_finite")
    if reason:
        raise _error(name, reason, x)
    return value


def _agents(name: str, s) -> int:
    """A number of agents: an integer >= 1 (0 agents serve nobody: no model applies)."""
    if type(s) is int and s >= 1:
        return s
    if isinstance(s, bool) or not isinstance(s, numbers.Real):
        raise _error(name, "not_a_number", s)
    if not math.isfinite(float(s)):
        raise _error(name, "not_finite", s)
    if float(s) != math.floor(float(s)):
        raise _error(name, "not_integer", s)
    s = int(s)
    if s < 1:
        raise _error(name, "not_positive", s)
    return s


def _fraction(name: str, x, *, closed_right: bool = False) -> float:
    x = _real(name, x, positive=False)
    if not (0.0 < x < 1.0 or (closed_right and x == 1.0)):
        raise _error(name, "out_of_range", x)
    return x
