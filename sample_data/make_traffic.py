"""Write the SYNTHETIC call-traffic samples of the staffing view (fixed seed).

    .venv/bin/python sample_data/make_traffic.py

traffic_sample.csv: 4 weeks (Mon 2020-01-06 .. Sun 2020-02-02) of 30-minute intervals with
    interval_start, offered, answered, abandoned, aht_s, queue. NOT real data: thesis 003 gives
    only monthly hour-slot totals per franja (Front lambda 1431 / 1062 / 611 "per hour in a
    month"); divided by ~30 days they give 47.7 / 35.4 / 20.367 calls per hour for morning
    (06-14), afternoon (14-22) and night (22-06) (call_centre_thesis.json,
    consistency_checks 'aht_vs_lambda' and 'hypothetical_rescaled_front_only_NOT_IN_THESIS';
    the franja clock boundaries are our assumption, the thesis does not state them). Each
    franja's mean rate is kept; within it a smooth intraday shape and weekday factors (mean 1)
    are made up. Offered ~ Poisson; abandoned ~ Binomial(offered, P(abandon)) from Erlang A with
    the Table 8 Front agents (17 / 12 / 3), AHT 270 s and a mean patience of 90 s; aht_s is the
    mean of the answered calls' exponential talk times (mean 270 s).
cdr_sample.csv: 3 days of SYNTHETIC call-detail records (call_start, wait_s, talk_s,
    abandoned, queue) from a discrete-event simulation of M/M/s+M per franja with 5 / 4 / 2
    agents (fewer than Table 8, so that calls wait and some abandon), AHT 270 s, patience 90 s.
Every row carries queue = "synthetic_front" so the label travels with the data.
"""
from __future__ import annotations

import heapq
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.queueing import erlang_a  # noqa: E402

SEED = 20200106
LABEL = "synthetic_front"
FRANJA_RATE = {"morning": 47.7, "afternoon": 35.4, "night": 20.367}  # calls/h, thesis lambda / 30
FRANJA_AGENTS = {"morning": 17, "afternoon": 12, "night": 3}  # Table 8, Front
AHT_S = 270.0
PATIENCE_S = 90.0
WEEKDAY_FACTOR = np.array([1.10, 1.05, 1.00, 1.00, 1.05, 0.95, 0.85])  # Mon..Sun, mean 1.0
START = pd.Timestamp("2020-01-06 00:00")  # a Monday


def franja(hour: int) -> str:
    if 6 <= hour < 14:
        return "morning"
    if 14 <= hour < 22:
        return "afternoon"
    return "night"


def intraday_rate() -> np.ndarray:
    """Calls/h for the 48 half hours of a day: franja means kept, a smooth bump inside each."""
    rate = np.zeros(48)
    for name, hours in (("morning", range(6, 14)), ("afternoon", range(14, 22)),
                        ("night", [22, 23, 0, 1, 2, 3, 4, 5])):
        slots = [h * 2 + m for h in hours for m in (0, 1)]
        x = np.linspace(0.0, np.pi, len(slots))
        shape = 0.75 + 0.5 * np.sin(x)  # peaks mid-franja
        if name == "night":
            shape = 1.35 - 0.7 * np.sin(x)  # busier at the edges of the night
        shape /= shape.mean()
        rate[slots] = FRANJA_RATE[name] * shape
    return rate


def make_traffic(rng: np.random.Generator) -> pd.DataFrame:
    day_rate = intraday_rate()
    p_ab = {f: erlang_a(FRANJA_RATE[f], AHT_S, FRANJA_AGENTS[f], PATIENCE_S).p_abandon for f in FRANJA_RATE}
    rows = []
    for d in range(28):
        day = START + pd.Timedelta(days=d)
        for k in range(48):
            ts = day + pd.Timedelta(minutes=30 * k)
            mean = day_rate[k] * 0.5 * WEEKDAY_FACTOR[ts.weekday()]
            offered = int(rng.poisson(mean))
            abandoned = int(rng.binomial(offered, p_ab[franja(ts.hour)]))
            answered = offered - abandoned
            aht = rng.gamma(answered, AHT_S / answered) if answered else AHT_S
            rows.append((ts.strftime("%Y-%m-%d %H:%M"), offered, answered, abandoned, round(float(aht), 1), LABEL))
    return pd.DataFrame(rows, columns=["interval_start", "offered", "answered", "abandoned", "aht_s", "queue"])


def simulate_mmsm(rng, rate_h: float, agents: int, aht: float, patience: float, t0: float, t1: float):
    """FCFS M/M/s+M on [t0, t1) seconds: (arrival, wait, talk, abandoned) per call.

    Calls are taken in arrival order; a call's offered wait is the time until the earliest
    server is free; it abandons if its patience is shorter. Abandoning calls never hold a
    server, so the server heap is updated only by answered calls.
    """
    free = [t0] * agents
    t = t0
    out = []
    while True:
        t += rng.exponential(3600.0 / rate_h)
        if t >= t1:
            return out
        start = max(t, free[0])
        wait = start - t
        tau = rng.exponential(patience)
        talk = rng.exponential(aht)
        if tau < wait:
            out.append((t, tau, 0.0, True))
        else:
            heapq.heapreplace(free, start + talk)
            out.append((t, wait, talk, False))


def make_cdr(rng: np.random.Generator) -> pd.DataFrame:
    agents = {"morning": 5, "afternoon": 4, "night": 2}
    blocks = [("night", 0, 6), ("morning", 6, 14), ("afternoon", 14, 22), ("night", 22, 24)]
    calls = []
    for d in range(3):
        base = d * 86400.0
        for name, h0, h1 in blocks:
            calls += simulate_mmsm(rng, FRANJA_RATE[name], agents[name], AHT_S, PATIENCE_S,
                                   base + h0 * 3600.0, base + h1 * 3600.0)
    df = pd.DataFrame(calls, columns=["t", "wait_s", "talk_s", "abandoned"])
    df.insert(0, "call_start", (START + pd.to_timedelta(df.pop("t"), unit="s")).dt.strftime("%Y-%m-%d %H:%M:%S"))
    df["wait_s"] = df["wait_s"].round(1)
    df["talk_s"] = df["talk_s"].round(1)
    df["abandoned"] = np.where(df["abandoned"], "true", "false")
    df["queue"] = LABEL
    return df


def main() -> None:
    rng = np.random.default_rng(SEED)
    out = ROOT / "sample_data"
    make_traffic(rng).to_csv(out / "traffic_sample.csv", index=False)
    make_cdr(rng).to_csv(out / "cdr_sample.csv", index=False)


if __name__ == "__main__":
    main()
