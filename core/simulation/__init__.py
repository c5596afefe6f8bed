"""Discrete-event simulation of the call-centre process: what the Erlang averages cannot show.

Model (units as in core.queueing: rates in calls per HOUR, durations in SECONDS):

* Calls arrive as a Poisson process whose rate is constant inside each interval of an arrival
  profile (piecewise-constant rate: a non-homogeneous Poisson process). In each interval the
  number of calls is Poisson(rate * length / 3600) and their times are uniform: that is exactly
  a Poisson process of that rate on the interval.
* A line of one or more stations in series (thesis 003: Front -> Coordination -> Follow-up; the
  proposal merges the first two). Each station has ``agents`` identical agents serving first
  come, first served. A call visits the first station; a call finished at station k goes on to
  station k+1 with probability share(k+1) / share(k) (``share`` = fraction of the line's calls
  that visit the station, as in core.queueing.tandem).
* Handle times are exponential (the Erlang assumption) or lognormal with the same mean and a
  chosen coefficient of variation (cv = sd / mean; real handle times are closer to lognormal:
  Brown et al. 2005, JASA 100: 36-50).
* Each caller has an exponential patience (mean ``patience`` s) at each station where
  ``patience`` is set: a caller still waiting when it runs out hangs up (abandons the line).

Algorithm. With FCFS service and a patience known only to the caller, the time at which a call
would start service depends only on the calls before it, so each station is one pass over its
calls in arrival order, keeping the agents' next-free times in a heap (the Kiefer-Wolfowitz
workload recursion, Kiefer & Wolfowitz 1955, Ann. Math. Stat. 26: 1-22, with abandonment as in
Mandelbaum & Zeltyn's "offered wait" V: the call abandons iff V > its patience; Garnett,
Mandelbaum & Reiman 2002). O(n log s) per station and replication, no event list; arrivals,
handle times and patience are drawn with numpy in bulk. This is exact for the model, not an
approximation. Speed (benchmarks/simulation.py, one core of the reference machine): an 8-hour
shift of 10,000 calls takes about 20 ms for one replication with every statistic, 0.18 s for
30 replications; SimPy 4.1.2 needs about 240 ms for the queue alone on the same draws (12x
slower than a whole replication here, 70x slower than the queue pass) and gives the same waits
to the microsecond.

Statistics (replication/deletion method, Law & Kelton, *Simulation Modeling and Analysis*,
5th ed., sec. 9.4): each replication starts empty ``warmup_s`` seconds before the shift (at
the first interval's rate) and the calls of the warm-up are not counted; every figure is
computed per replication and reported as the mean over the R replications with the 95 %
Student-t interval mean +/- t(0.975, R-1) sd / sqrt(R). Replication r draws from
numpy.random.default_rng([seed, r, stream]), separate streams for arrivals and for each
station, so a run is reproducible from its seed, extra replications never change the earlier
ones, and two processes run with the same seed see the same calls (common random numbers).

Definitions of the figures (calls counted by the time they ENTER the line, within the shift):
service_level = calls answered at the first station within target_time / calls offered
(abandoned calls count as failures: Erlang A's "abandoned_fail"); p_wait = share of calls that
found every first-station agent busy; asa = mean wait of the calls answered at the first
station; abandon_first / abandon_line = share of offered calls that hung up at the first
station / anywhere; wait_* = total time in queue over the stations of the calls that completed
the line (for one station: the wait of the answered calls, zeros included) and its 50th, 80th,
95th percentiles; utilisation = busy agent-time in the shift / (agents * shift length);
lq = time-average number of calls waiting at the station during the shift.

Modules: inputs.py (stations, profiles, configuration, checks), engine.py (one replication),
run.py (simulate: many replications and their summary), reference.py (the Erlang reference).
"""
# ruff: noqa: F401  (the private helpers are re-exported for the tests that check them one by one)
from core.simulation.inputs import (DEFAULT_CALL_BUDGET, SERVICE_DISTRIBUTIONS, ArrivalProfile,
                                    SimulationConfig, SimulationInputError, Station, _clock, _int,
                                    _real, check_config, check_profile, constant_profile,
                                    expected_calls, parse_seed, replication_cap, shift_profile)
from core.simulation.engine import (PERCENTILES, _arrivals, _count_at, _handle_times, _overlap,
                                    _replication, _station_pass)
from core.simulation.run import SimulationResult, _ci, _histogram, simulate
from core.simulation.reference import erlang_c_wait_quantile, erlang_reference

__all__ = [
    "SimulationInputError",
    "Station",
    "ArrivalProfile",
    "SimulationConfig",
    "SimulationResult",
    "SERVICE_DISTRIBUTIONS",
    "DEFAULT_CALL_BUDGET",
    "PERCENTILES",
    "parse_seed",
    "check_profile",
    "check_config",
    "constant_profile",
    "shift_profile",
    "expected_calls",
    "replication_cap",
    "simulate",
    "erlang_c_wait_quantile",
    "erlang_reference",
]
