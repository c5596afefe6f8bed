"""Speed of core.simulation on a shift of 10,000 calls, against SimPy doing the same model in
the same run.

    .venv/bin/python benchmarks/simulation.py            # full run (about half a minute)
    .venv/bin/python benchmarks/simulation.py --quick    # fewer repetitions

Benchmark-only dependency (not needed by the app or the tests):
    pip install simpy==4.1.2
Without SimPy the ratio is skipped (the script says so and exits 0).

What is measured:
* ours: core.simulation.simulate on an 8-hour shift at 1,250 calls/h (10,000 calls expected),
  110 agents, AHT 270 s (exponential), patience 90 s, 30-minute warm-up; wall time per
  replication including every statistic the page shows (15-minute intervals, timeline,
  histogram, percentiles). Also the thesis' current process (three stations in series) at the
  same rate, and the time of the 30 replications the page runs by default.
* SimPy: the same M/M/s+M station as a process-interaction model (one process per call,
  ``request | timeout(patience)``), fed with the SAME arrival, handle and patience draws, so both
  must give identical waits for every call (checked), and only the raw waits are collected
  (no statistics), which favours SimPy.
Results are printed and written to benchmarks/output/simulation.json.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import simulation as sim  # noqa: E402

RATE, HOURS, AGENTS, AHT, PATIENCE = 1250.0, 8.0, 110, 270.0, 90.0


def config(stations=None):
    st = stations or (sim.Station("front", AGENTS, AHT, 1.0, PATIENCE),)
    return sim.SimulationConfig(tuple(st), sim.constant_profile(RATE, HOURS), warmup_s=1800.0)


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), float(np.median(times))


def simpy_station(arrive, handle, patience, agents):
    """M/M/s+M in SimPy with the given draws; returns the time each call left the queue."""
    import simpy

    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=agents)
    out = np.zeros(len(arrive))

    def call(i):
        with desk.request() as req:
            got = yield req | env.timeout(patience[i])
            out[i] = env.now
            if req in got:
                yield env.timeout(handle[i])

    def source():
        t = 0.0
        for i, a in enumerate(arrive):
            yield env.timeout(a - t)
            t = a
            env.process(call(i))

    env.process(source())
    env.run()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeat = 3 if args.quick else 7
    out = {"python": platform.python_version(), "machine": platform.machine(), "numpy": np.__version__,
           "model": dict(rate_per_h=RATE, hours=HOURS, agents=AGENTS, aht_s=AHT, patience_s=PATIENCE)}

    cfg = config()
    one = sim.simulate(cfg, 1, 1)
    calls = int(one.summary.loc["offered", "mean"])
    best, median = best_of(lambda: sim.simulate(cfg, 1, 1), repeat)
    out["ours_one_replication_s"] = {"best": best, "median": median, "calls_in_shift": calls,
                                     "station_visits_with_warmup": one.station_visits}
    print(f"ours: one 8-h shift of {calls:,} calls ({one.station_visits:,} with the warm-up): "
          f"best {best * 1000:.1f} ms, median {median * 1000:.1f} ms per replication")

    cfg3 = config((sim.Station("front", AGENTS, AHT, 1.0, PATIENCE), sim.Station("coordination", 80, AHT, 0.3, PATIENCE),
                   sim.Station("follow_up", 30, AHT, 0.3, PATIENCE)))
    best3, med3 = best_of(lambda: sim.simulate(cfg3, 1, 1), repeat)
    out["ours_three_stations_s"] = {"best": best3, "median": med3}
    print(f"ours: the same shift through three stations in series: best {best3 * 1000:.1f} ms")

    t0 = time.perf_counter()
    r30 = sim.simulate(cfg, 30, 2026)
    t30 = time.perf_counter() - t0
    out["ours_30_replications_s"] = t30
    out["ours_30_replications_service_level"] = [float(x) for x in r30.summary.loc["service_level", ["mean", "low", "high"]]]
    print(f"ours: 30 replications (the page's default) of the 10,000-call shift: {t30:.2f} s")

    try:
        import simpy  # noqa: F401
        from importlib.metadata import version
        out["simpy"] = version("simpy")
    except ImportError:
        print("SimPy is not installed: the ratio against it is skipped "
              "(pip install simpy==4.1.2 to measure it).")
        out["simpy"] = None
    if out["simpy"]:
        # the same draws for both: arrivals, handle times and patience of one replication
        rng = np.random.default_rng(5)
        n = rng.poisson(RATE * HOURS)
        arrive = np.sort(rng.random(n) * HOURS * 3600.0)
        handle = rng.exponential(AHT, n)
        patience = rng.exponential(PATIENCE, n)
        ours_exit, _ = sim._station_pass(arrive.tolist(), handle.tolist(), patience.tolist(), AGENTS, 0.0)
        simpy_exit = simpy_station(arrive, handle, patience, AGENTS)
        max_diff = float(np.max(np.abs(ours_exit - simpy_exit)))
        t_ours, _ = best_of(lambda: sim._station_pass(arrive.tolist(), handle.tolist(), patience.tolist(), AGENTS, 0.0),
                            repeat)
        t_simpy, _ = best_of(lambda: simpy_station(arrive, handle, patience, AGENTS), max(2, repeat // 2))
        out["same_draws"] = {"calls": int(n), "max_abs_difference_s": max_diff, "ours_queue_pass_s": t_ours,
                             "simpy_s": t_simpy, "ratio_simpy_over_ours_queue_pass": t_simpy / t_ours,
                             "ratio_simpy_over_ours_full_replication": t_simpy / best}
        print(f"same {n:,} calls, same draws: largest difference in a call's queue exit {max_diff:.2e} s")
        print(f"SimPy {out['simpy']}: {t_simpy * 1000:.0f} ms; ours {t_ours * 1000:.1f} ms for the queue pass "
              f"({t_simpy / t_ours:.0f}x), {best * 1000:.1f} ms for a whole replication with its statistics "
              f"({t_simpy / best:.0f}x)")
        if max_diff > 1e-6:
            print("ERROR: SimPy and core.simulation disagree on the same draws")
            return 1

    path = ROOT / "benchmarks" / "output" / "simulation.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(out, indent=1))
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
