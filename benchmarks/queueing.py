"""Speed and accuracy of core.queueing against pyworkforce's ErlangC, measured in the same run.

    .venv/bin/python benchmarks/queueing.py            # full run (about a minute)
    .venv/bin/python benchmarks/queueing.py --quick    # fewer repetitions

Benchmark-only dependencies (not needed by the app or the tests):
    pip install --no-deps pyworkforce==0.5.1   # its ortools dependency is not needed for ErlangC
    pip install mpmath==1.4.1                  # exact reference values (40 digits)
Without pyworkforce the speed ratios are skipped (the script says so and exits 0); without
mpmath the accuracy part is skipped.

What is compared (same inputs, same work):
* erlang_c per call: ours = all KPIs (P(wait), SL, ASA, Lq...); pyworkforce =
  ErlangC(...).service_level(s) (which computes P(wait) inside).
* required_agents per call: ours vs ErlangC(...).required_positions(target).
* a week of 168 (hourly) and 672 (15-minute) intervals: ours = one required_agents_many call;
  pyworkforce = required_positions in a loop (it has no vectorised form; MultiErlangC only
  dispatches the same loop to joblib workers).
* accuracy of P(wait) and SL against mpmath over s = 1 .. 10,000 agents and occupancy up to
  0.9999, and the required agents against the exact minimum.
Results are printed and written to benchmarks/output/queueing.json.
"""
from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import queueing as q  # noqa: E402


def load_pyworkforce():
    """pyworkforce.queuing.erlang.ErlangC, or None.

    pyworkforce/__init__.py imports its scheduling module, which needs ortools (and ortools
    would pin protobuf below what streamlit uses). ErlangC itself needs only joblib, so if the
    package import fails for want of ortools, the package is registered without running its
    __init__ and the genuine erlang.py is imported from the installed files.
    """
    try:
        from pyworkforce.queuing.erlang import ErlangC
        return ErlangC
    except ImportError:
        pass
    try:
        import importlib.util
        spec = importlib.util.find_spec("pyworkforce")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return None
    pkg = types.ModuleType("pyworkforce")
    pkg.__path__ = list(spec.submodule_search_locations)
    sys.modules["pyworkforce"] = pkg
    try:
        return importlib.import_module("pyworkforce.queuing.erlang").ErlangC
    except ImportError:
        return None


def pw_version():
    try:
        from importlib.metadata import version
        return version("pyworkforce")
    except Exception:
        return None


def pw_model(ErlangC, lam_h, aht_s, t_s):
    # pyworkforce: transactions per interval, AHT / ASA / interval in the same time unit (minutes)
    return ErlangC(transactions=lam_h, aht=aht_s / 60.0, asa=t_s / 60.0, interval=60)


def per_call(fn, n_min=0.2, repeat=5):
    """Seconds per call: best of ``repeat`` runs of enough calls to last n_min seconds."""
    fn()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= n_min / 5 or n > 1_000_000:
            break
        n *= 4
    best = dt / n
    for _ in range(repeat - 1):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t0) / n)
    return best


def mp_reference(lam_h, aht, s, t):
    """Exact (40 digits) P(wait) and SL for the decimal inputs lambda, AHT, s, t."""
    import mpmath
    with mpmath.mp.workdps(40):
        return mp_reference_a(mpmath.mpf(lam_h) * aht / 3600, s, mpmath.mpf(t) / aht)


def mp_reference_a(a, s, t_over_aht):
    """Exact P(wait) and SL for a given traffic A (Erlangs) and ratio t / AHT.

    Used with the double-precision A that each code actually forms from its inputs, to separate
    the algorithm's error from the rounding of A = lambda * AHT / 3600 itself (near saturation
    the latter alone moves SL by |delta A| / (s - A), e.g. 7e-13 at occupancy 0.9999).
    """
    import mpmath
    mp = mpmath.mp
    with mp.workdps(40):
        a = mp.mpf(a)
        b = mp.exp(s * mp.log(a) - mp.loggamma(s + 1) - a) / mp.gammainc(s + 1, a, mp.inf, regularized=True)
        c = s * b / (s - a * (1 - b))
        sl = 1 - c * mp.exp(-(s - a) * mp.mpf(t_over_aht))
        return float(c), float(sl)


def rel_err(value, ref):
    """Relative error; a reference below the double range (C ~ 1e-400) must give 0 or a denormal."""
    if ref == 0.0:
        return 0.0 if abs(value) < 1e-300 else math.inf
    return abs(value / ref - 1.0)


def week_rates(n_intervals):
    """A made-up but call-centre-like week: intraday double peak, weekday factors, 5..~420 calls/h."""
    per_day = n_intervals // 7
    x = np.arange(per_day) / per_day * 24.0
    day = 5 + 300 * np.exp(-((x - 10.5) / 2.5) ** 2) + 220 * np.exp(-((x - 16.0) / 2.0) ** 2)
    factors = np.array([1.15, 1.05, 1.0, 1.0, 1.1, 0.8, 0.6])
    return np.concatenate([day * f for f in factors])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    budget = 0.05 if args.quick else 0.2
    out = {"python": platform.python_version(), "machine": platform.machine(), "cpu_count": None}
    try:
        import os
        out["cpu_count"] = os.cpu_count()
    except Exception:
        pass

    ErlangC = load_pyworkforce()
    if ErlangC is None:
        print("pyworkforce is not installed: speed ratios against it are skipped.")
        print("Install it with: .venv/bin/pip install --no-deps pyworkforce==0.5.1")
    else:
        out["pyworkforce"] = pw_version()
        print(f"pyworkforce {out['pyworkforce']} (ErlangC from the installed package)")

    aht, t_s = 300.0, 20.0
    speed = []
    print("\n== per-call time (microseconds); AHT 300 s, SL threshold 20 s ==")
    print(f"{'agents':>7} {'occ':>7} | {'erlang_c':>9} {'pw.SL':>10} {'ratio':>7} | "
          f"{'req_agents':>10} {'pw.req':>10} {'ratio':>7}")
    for s, occ in [(10, 0.8), (50, 0.9), (100, 0.9), (500, 0.95), (1000, 0.95), (2000, 0.98),
                   (5000, 0.99), (10_000, 0.9999)]:
        lam = occ * s * 3600 / aht
        ours_c = per_call(lambda: q.erlang_c(lam, aht, s, t_s), budget)
        ours_r = per_call(lambda: q.required_agents(lam, aht, 0.8, t_s), budget)
        row = {"agents": s, "occupancy": occ, "ours_erlang_c_us": ours_c * 1e6, "ours_required_us": ours_r * 1e6}
        if ErlangC is not None:
            pw_c = per_call(lambda: pw_model(ErlangC, lam, aht, t_s).service_level(s), budget)
            pw_r = per_call(lambda: pw_model(ErlangC, lam, aht, t_s).required_positions(0.8), budget, repeat=3)
            row.update(pw_erlang_c_us=pw_c * 1e6, pw_required_us=pw_r * 1e6,
                       ratio_erlang_c=pw_c / ours_c, ratio_required=pw_r / ours_r)
            print(f"{s:>7} {occ:>7} | {ours_c*1e6:>9.1f} {pw_c*1e6:>10.1f} {pw_c/ours_c:>6.1f}x | "
                  f"{ours_r*1e6:>10.1f} {pw_r*1e6:>10.1f} {pw_r/ours_r:>6.1f}x")
        else:
            print(f"{s:>7} {occ:>7} | {ours_c*1e6:>9.1f} {'-':>10} {'-':>7} | {ours_r*1e6:>10.1f}")
        speed.append(row)
    out["per_call"] = speed

    print("\n== a week of intervals: required agents for 80/20, AHT 300 s ==")
    weeks = []
    for n in (168, 672):
        rates = week_rates(n)
        ahts = np.full(n, aht)
        ours = per_call(lambda: q.required_agents_many(rates, ahts, 0.8, t_s), budget)
        row = {"intervals": n, "ours_ms": ours * 1e3, "max_traffic_erlangs": float(rates.max() * aht / 3600)}
        ref = q.required_agents_many(rates, ahts, 0.8, t_s)
        if ErlangC is not None:
            def pw_week():
                return [pw_model(ErlangC, r, aht, t_s).required_positions(0.8)["raw_positions"] for r in rates]
            pw = per_call(pw_week, budget, repeat=3)
            pw_res = np.array(pw_week())
            row.update(pw_ms=pw * 1e3, ratio=pw / ours, disagreements=int((pw_res != ref).sum()),
                       pw_minus_ours=sorted(set((pw_res - ref).tolist())))
            print(f"{n} intervals: ours {ours*1e3:.2f} ms, pyworkforce {pw*1e3:.1f} ms -> {pw/ours:.0f}x; "
                  f"answers differ in {row['disagreements']} intervals (pw - ours: {row['pw_minus_ours']})")
        else:
            print(f"{n} intervals: ours {ours*1e3:.2f} ms")
        weeks.append(row)
    out["week"] = weeks

    try:
        import mpmath  # noqa: F401
    except ImportError:
        print("\nmpmath is not installed: the accuracy part is skipped (pip install mpmath==1.4.1).")
        mpmath = None
    if mpmath is not None:
        print("\n== accuracy against mpmath (40 digits): max relative error ==")
        acc = {"ours_p_wait": 0.0, "ours_sl": 0.0, "pw_p_wait": 0.0, "pw_sl": 0.0,
               "ours_sl_vs_decimal_inputs": 0.0, "pw_sl_vs_decimal_inputs": 0.0, "points": 0,
               "pw_failures": []}
        grid_s = [1, 2, 10, 50, 100, 500, 1000, 2000, 5000, 10_000]
        grid_occ = [0.3, 0.8, 0.95, 0.99, 0.999, 0.9999]
        for s in grid_s:
            for occ in grid_occ:
                lam = occ * s * 3600 / aht
                r = q.erlang_c(lam, aht, s, t_s)
                c_ref, sl_ref = mp_reference_a(r.traffic, s, t_s / aht)
                sl_dec = mp_reference(lam, aht, s, t_s)[1]
                acc["points"] += 1
                acc["ours_p_wait"] = max(acc["ours_p_wait"], rel_err(r.p_wait, c_ref))
                acc["ours_sl"] = max(acc["ours_sl"], rel_err(r.service_level, sl_ref))
                acc["ours_sl_vs_decimal_inputs"] = max(acc["ours_sl_vs_decimal_inputs"], rel_err(r.service_level, sl_dec))
                if ErlangC is not None:
                    m = pw_model(ErlangC, lam, aht, t_s)
                    c_pw_ref, sl_pw_ref = mp_reference_a(m.intensity, s, m.asa / m.aht)
                    try:
                        pw_c, pw_sl = m.waiting_probability(s), m.service_level(s)
                        e_c, e_sl = rel_err(pw_c, c_pw_ref), rel_err(pw_sl, sl_pw_ref)
                        e_dec = rel_err(pw_sl, sl_dec)
                    except (OverflowError, ZeroDivisionError, ValueError) as err:
                        e_c = e_sl = e_dec = math.inf
                        acc["pw_failures"].append({"agents": s, "occupancy": occ, "error": repr(err)})
                    acc["pw_p_wait"] = max(acc["pw_p_wait"], e_c)
                    acc["pw_sl"] = max(acc["pw_sl"], e_sl)
                    acc["pw_sl_vs_decimal_inputs"] = max(acc["pw_sl_vs_decimal_inputs"], e_dec)
                    if e_c > 1e-9 or e_sl > 1e-9:
                        acc["pw_failures"].append({"agents": s, "occupancy": occ, "rel_err_p_wait": e_c,
                                                   "rel_err_sl": e_sl})
        print(f"{acc['points']} points, s = 1..10,000, occupancy 0.3..0.9999")
        print("(reference at the double-precision traffic A each code forms; in brackets: SL against "
              "the decimal inputs, which adds the rounding of A)")
        print(f"ours:        P(wait) {acc['ours_p_wait']:.2e}   SL {acc['ours_sl']:.2e}  "
              f"[{acc['ours_sl_vs_decimal_inputs']:.2e}]")
        if ErlangC is not None:
            print(f"pyworkforce: P(wait) {acc['pw_p_wait']:.2e}   SL {acc['pw_sl']:.2e}  "
                  f"[{acc['pw_sl_vs_decimal_inputs']:.2e}]   ({len(acc['pw_failures'])} points off by more than 1e-9)")
        out["accuracy"] = acc

        # required agents: exact minimum (checked with mpmath at n and n-1) vs both
        req = {"cases": 0, "ours_wrong": 0, "pw_wrong": 0, "pw_examples": []}
        rng = np.random.default_rng(7)
        cases = [(212.0, 180.0, 0.05), (47.7, 270.0, 0.8), (20.367, 270.0, 0.8)]
        cases += [(float(a) * 3600 / 300, 300.0, float(g)) for a, g in
                  zip(rng.uniform(0.5, 2000, 40), rng.choice([0.05, 0.5, 0.8, 0.9, 0.95], 40))]
        for lam, h, goal in cases:
            n = q.required_agents(lam, h, goal, t_s)
            ok = mp_reference(lam, h, n, t_s)[1] >= goal and (
                n - 1 <= lam * h / 3600 or mp_reference(lam, h, n - 1, t_s)[1] < goal)
            req["cases"] += 1
            req["ours_wrong"] += not ok
            if ErlangC is not None:
                pw_n = pw_model(ErlangC, lam, h, t_s).required_positions(goal)["raw_positions"]
                if pw_n != n:
                    req["pw_wrong"] += 1
                    if len(req["pw_examples"]) < 5:
                        req["pw_examples"].append({"traffic": lam * h / 3600, "target": goal, "exact": n,
                                                   "pyworkforce": pw_n})
        print(f"\nrequired agents, {req['cases']} cases: ours wrong {req['ours_wrong']}, "
              f"pyworkforce wrong {req['pw_wrong']} (e.g. {req['pw_examples'][:3]})")
        out["required_agents_exactness"] = req

    if ErlangC is not None:
        # an overloaded queue (thesis reading B): traffic 107 Erlangs on 17 agents
        m = pw_model(ErlangC, 1431, 270, 20)
        out["unstable_input"] = {"pyworkforce_p_wait": m.waiting_probability(17),
                                 "pyworkforce_service_level": m.service_level(17)}
        try:
            q.erlang_c(1431, 270, 17)
        except q.UnstableQueueError as err:
            out["unstable_input"]["ours"] = str(err)
        print(f"\nunstable input (1431 calls/h, AHT 270 s, 17 agents): pyworkforce P(wait) = "
              f"{out['unstable_input']['pyworkforce_p_wait']:.4f}, SL = "
              f"{out['unstable_input']['pyworkforce_service_level']}; ours: {out['unstable_input']['ours']}")

    # Erlang A at scale (no peer to compare; for the record)
    t0 = time.perf_counter()
    r = q.erlang_a(12_000 * 10, 300, 10_000, 120)
    out["erlang_a_10000_agents"] = {"seconds": time.perf_counter() - t0, "states": r.states_used,
                                    "p_abandon": r.p_abandon}
    print(f"\nErlang A, 10,000 agents at 1.0 occupancy: {out['erlang_a_10000_agents']['seconds']*1e3:.1f} ms, "
          f"{r.states_used} queue states, P(abandon) = {r.p_abandon:.4f}")

    out["overloaded"] = overloaded_cases()

    dest = ROOT / "benchmarks" / "output"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "queueing.json").write_text(json.dumps(out, indent=1, default=float))
    print(f"\nwritten: {dest / 'queueing.json'}")
    return 0


def overloaded_cases():
    """Issue 20's cases far above the agents: value and time of each (exact values from mpmath,
    tests/test_queueing_exact.py), and Erlang A at a patience of 1e9 and 1e12 s (bounded work)."""
    rows = []
    cases = [("erlang_b(125, 10)", lambda: q.erlang_b(125, 10), 0.9206829),
             ("erlang_b(400, 200)", lambda: q.erlang_b(400, 200), 0.5024519),
             ("erlang_b(6000, 5000)", lambda: q.erlang_b(6000, 5000), 0.1674903),
             ("erlang_a(500, 900, 10, 10).p_wait", lambda: q.erlang_a(500, 900, 10, 10, 20).p_wait, 0.97667),
             ("erlang_a(4800, 300, 200, 1).p_abandon", lambda: q.erlang_a(4800, 300, 200, 1, 20).p_abandon, 0.50144),
             ("erlang_a(30000, 300, 5000, 1e5).mean_time_to_abandon",
              lambda: q.erlang_a(30000, 300, 5000, 1e5, 20).mean_time_to_abandon, 0.1199994),
             ("erlang_a(30000, 300, 2000, 1e9).p_abandon", lambda: q.erlang_a(30000, 300, 2000, 1e9).p_abandon, 0.2),
             ("erlang_a(30000, 300, 2000, 1e12).p_abandon", lambda: q.erlang_a(30000, 300, 2000, 1e12).p_abandon, 0.2)]
    print("\n== far above the agents (issue 20) ==")
    for name, fn, exact in cases:
        t0 = time.perf_counter()
        value = fn()
        ms = (time.perf_counter() - t0) * 1e3
        rows.append({"case": name, "value": value, "exact": exact, "ms": ms})
        print(f"{name:55s} {value:.7g} (exact {exact:g})  {ms:8.2f} ms")
    return rows


if __name__ == "__main__":
    sys.exit(main())
