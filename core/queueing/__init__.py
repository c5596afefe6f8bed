"""Queueing models for staffing, one module per model (as pyworkforce does).

    common.py    units (SECONDS_PER_HOUR), SL_DEFINITIONS, input validators, min_stable_agents
    errors.py    QueueInputError, UnstableQueueError
    erlang_b.py  erlang_b: exact at every load (truncation bounded by the Poisson tail)
    erlang_c.py  erlang_c, ErlangCResult, erlang_c_terms (the one C / SL formula)
    erlang_a.py  erlang_a, ErlangAResult: exact birth-death solution, bounded work
    staffing.py  required_agents(_many), scheduled_agents, staffing_plan, sweep_agents
    tandem.py    tandem, StationResult, TandemResult (stations in series, Burke's theorem)

Units everywhere (the project's core contract, ../shared/DESIGN.md): arrival rates in calls
per **hour**, durations (AHT, target time, patience, waits) in **seconds**, probabilities in
[0, 1], traffic in Erlangs (A = arrival_rate * aht / 3600).

References
----------
* Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed., sec. 2.3
  (M/M/c) and the Erlang B recursion.
* Garnett, Mandelbaum & Reiman (2002), "Designing a call center with impatient customers",
  MSOM 4(3): 208-227 (M/M/n+M, the Erlang A model).
* Mandelbaum & Zeltyn (2007), "Service engineering in action: the Palm/Erlang-A queue, with
  applications to call centers" (formulas for P(Ab), P(W>0), E[W]).
"""
from core.queueing.common import (SECONDS_PER_HOUR, SL_DEFINITIONS, min_stable_agents,
                                  traffic_erlangs)
from core.queueing.errors import QueueInputError, UnstableQueueError
from core.queueing.erlang_b import erlang_b
from core.queueing.erlang_c import ErlangCResult, erlang_c, erlang_c_terms
from core.queueing.erlang_a import LONG_PATIENCE_RTOL, MAX_STATES, ErlangAResult, erlang_a
from core.queueing.staffing import (StaffingPlan, required_agents, required_agents_many,
                                    scheduled_agents, staffing_plan, sweep_agents)
from core.queueing.tandem import StationResult, TandemResult, tandem

__all__ = [
    "QueueInputError",
    "UnstableQueueError",
    "ErlangCResult",
    "ErlangAResult",
    "StationResult",
    "TandemResult",
    "StaffingPlan",
    "SL_DEFINITIONS",
    "SECONDS_PER_HOUR",
    "erlang_b",
    "erlang_c",
    "erlang_c_terms",
    "erlang_a",
    "required_agents",
    "required_agents_many",
    "scheduled_agents",
    "staffing_plan",
    "tandem",
    "min_stable_agents",
    "sweep_agents",
    "traffic_erlangs",
    "MAX_STATES",
    "LONG_PATIENCE_RTOL",
]
