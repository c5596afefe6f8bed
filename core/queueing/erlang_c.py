"""Erlang C (M/M/s, FCFS, infinite patience).

C = s B / (s - A (1 - B)) from Erlang B, and 1 - C = (s - A)(1 - B) / (s - A + A B) is formed
without subtracting nearly equal numbers, so the service level stays exact near saturation
(occupancy 0.9999). Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*,
4th ed., sec. 2.3.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from scipy import special

from core.queueing.common import SECONDS_PER_HOUR, _agents, _real
from core.queueing.erlang_b import erlang_b
from core.queueing.errors import UnstableQueueError


def erlang_c_terms(s, a, b, t, aht, expm1=math.expm1):
    """(C, SL) of Erlang C from B = B(s, A): the one formula every caller uses.

    d = s - A, C = s B / (d + A B), SL(t) = 1 - C e^{-d t / AHT}, formed as
    d (1 - B) / (d + A B) + C (1 - e^{-d t / AHT}) (no cancellation). Works on floats and,
    with ``expm1=np.expm1``, on numpy arrays (required_agents_many).
    """
    d = s - a
    den = d + a * b
    c = s * b / den
    return c, d * (1.0 - b) / den + c * -expm1(-d * t / aht)


class ErlangCResult(NamedTuple):
    """Steady state of an M/M/s FCFS queue without abandonment (Erlang C).

    An immutable named tuple (cheaper to build than a frozen dataclass: erlang_c is called in
    loops).

    Attributes (units): arrival_rate (calls/h), aht (s), agents, target_time (s),
    traffic A = arrival_rate * aht / 3600 (Erlangs), occupancy rho = A / s,
    p_wait = C(s, A), asa = wq = C * aht / (s - A) (s, mean wait of all calls),
    service_level = P(wait <= target_time) = 1 - C exp(-(s - A) t / aht),
    lq = arrival_rate/3600 * wq (calls waiting), l = lq + A (calls in system),
    w = wq + aht (s), erlang_b = B(s, A).
    """

    arrival_rate: float
    aht: float
    agents: int
    target_time: float
    traffic: float
    occupancy: float
    p_wait: float
    asa: float
    service_level: float
    lq: float
    wq: float
    l: float  # noqa: E741 - the textbook name
    w: float
    erlang_b: float

    @property
    def p0(self) -> float:
        """P(no call in the system) = (1 - C) e^{-A} / P(Poisson(A) <= s - 1); 0 when it underflows.

        Only for display (textbooks report it); nothing else here divides by it.
        """
        return (1.0 - self.p_wait) * math.exp(-self.traffic) / float(special.gammaincc(self.agents, self.traffic))


_new_c = tuple.__new__


def erlang_c(arrival_rate, aht, agents, target_time=20.0) -> ErlangCResult:
    """Erlang C (M/M/s, FCFS, infinite patience) performance of ``agents`` agents.

    arrival_rate: calls per hour (> 0); aht: average handling time in seconds (> 0);
    agents: integer >= 1; target_time: service-level threshold in seconds (>= 0).
    Raises QueueInputError for bad input and UnstableQueueError (a ValueError) when the
    traffic A = arrival_rate * aht / 3600 is >= agents: no steady state exists then, and the
    message says how many agents are needed at least.

    >>> r = erlang_c(200, 180, 14)      # A = 10 Erlangs, 14 agents
    >>> round(r.p_wait, 4), round(r.service_level, 4)
    (0.1741, 0.8884)
    """
    lam = _real("arrival_rate", arrival_rate)
    aht = _real("aht", aht)
    s = _agents("agents", agents)
    t = _real("target_time", target_time, allow_zero=True)
    a = lam * aht / SECONDS_PER_HOUR
    if a >= s:
        raise UnstableQueueError(a, s)
    b = erlang_b(a, s)
    c, sl = erlang_c_terms(s, a, b, t, aht)
    wq = c * aht / (s - a)
    lq = lam / SECONDS_PER_HOUR * wq
    # positional, in field order: arrival_rate, aht, agents, target_time, traffic, occupancy,
    # p_wait, asa, service_level, lq, wq, l, w, erlang_b
    return _new_c(ErlangCResult, (lam, aht, s, t, a, a / s, c, wq, sl, lq, wq, lq + a, wq + aht, b))
