"""The steady-state reference of a simulation: Erlang C or Erlang A for a stationary one-station case."""
from __future__ import annotations

import math

import pandas as pd

from core import queueing
from core.simulation.engine import PERCENTILES
from core.simulation.inputs import SimulationConfig


def erlang_c_wait_quantile(res: queueing.ErlangCResult, q: float) -> float:
    """q-quantile of the wait of all calls under Erlang C (s): P(W > t) = C exp(-(s - A) t / AHT),
    so t_q = AHT / (s - A) ln(C / (1 - q)) when C > 1 - q, else 0 (Gross et al., sec. 2.3)."""
    return res.aht / (res.agents - res.traffic) * math.log(max(res.p_wait / (1.0 - q), 1.0))


def erlang_reference(cfg: SimulationConfig) -> pd.DataFrame | None:
    """Steady-state values of the summary figures for a stationary one-station case (constant
    rate): Erlang C without patience, Erlang A with it (exponential handle times only).
    Columns: erlang (value), model ("C" or "A"). None when the case is not stationary, has
    several stations, lognormal handle times, or Erlang C is unstable."""
    if len(cfg.stations) != 1 or not cfg.profile.stationary or cfg.service != "exponential":
        return None
    st = cfg.stations[0]
    rate = cfg.profile.rates[0]
    if rate <= 0:
        return None
    if st.patience is None:
        try:
            c = queueing.erlang_c(rate, st.aht, st.agents, cfg.target_time)
        except queueing.UnstableQueueError:
            return None
        values = {"service_level": c.service_level, "p_wait": c.p_wait, "asa": c.asa, "abandon_first": 0.0,
                  "wait_mean": c.wq, "utilisation": c.occupancy, "lq": c.lq}
        values.update({f"wait_p{p}": erlang_c_wait_quantile(c, p / 100.0) for p in PERCENTILES})
        model = "C"
    else:
        a = queueing.erlang_a(rate, st.aht, st.agents, st.patience, cfg.target_time)
        values = {"service_level": a.service_level, "p_wait": a.p_wait, "asa": a.asa, "abandon_first": a.p_abandon,
                  "wait_mean": a.asa, "utilisation": a.occupancy, "lq": a.lq}
        model = "A"
    return pd.DataFrame({"erlang": pd.Series(values), "model": model})
