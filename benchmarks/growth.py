"""How each cost grows with the size of the user's data (issue 16, growth): n x1, x10, x100.

    nice -n 10 .venv/bin/python benchmarks/growth.py [--cases servqual,traffic,cdr] [--factors 1,10,100]

Cases, each a file made the way users make them (`;`, decimal comma, cp1252) and read through the
real intake (core.intake.load):
- servqual: the sample survey's 371 respondents resampled with replacement (seed 16) to x1, x10, x100
  (37,100 respondents), SERVQUAL page; main widget: the segment select.
- traffic: 15-minute call traffic, 350, 3,504 and 35,040 intervals (a year), staffing page; main
  widgets: the agents slider of the one-shift calculator and the service-level target (week plan).
- cdr: call-detail records, the sample's 2,509 calls over 3 days x1, x10, x100, staffing page.
Per n, in a fresh process: (a) intake CPU seconds and peak resident memory above the process's
before it (sampled every 2 ms); (b) the view's cold compute (core/views/<view>.compute on an
own-data workspace, no cache); (c) per interaction, through AppTest (tests/pagetest.run_page): CPU of
a rerun with nothing changed and of a rerun after moving the main widget to a value not seen
before (median of 7 idle reruns, of 6 slider moves, of one move to each other segment; after a
first run). The growth factor is cost(n x10) / cost(n): ~10 is linear, ~1 is flat.
Writes benchmarks/output/growth.md.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "output" / "growth.md"
SAMPLE = ROOT / "sample_data"


def _comma(values, digits: int = 1) -> list[str]:
    return [f"{v:.{digits}f}".replace(".", ",") for v in values]


def servqual_csv(factor: int, seed: int = 16) -> bytes:
    """The sample's respondents drawn with replacement, n = 371 x factor, as Excel-es saves them."""
    sample = pd.read_csv(SAMPLE / "servqual_survey.csv")
    rng = np.random.default_rng(seed)
    rows = sample.iloc[rng.integers(0, len(sample), len(sample) * factor)].reset_index(drop=True)
    rows["respondent"] = [f"R{i + 1:06d}" for i in range(len(rows))]
    weights = [c for c in rows.columns if c.startswith("W_")]
    for c in weights:
        rows[c] = _comma(rows[c].astype(float))
    rows = rows.rename(columns={"respondent": "Encuestado", "segment": "Tamaño empresa"})
    return rows.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252")


def traffic_csv(intervals: int, seed: int = 16) -> bytes:
    """15-minute intervals from Monday 6 January 2025, calls by time of day, AHT with a decimal comma."""
    rng = np.random.default_rng(seed)
    starts = pd.date_range("2025-01-06", periods=intervals, freq="15min")
    hour = starts.hour.to_numpy() + starts.minute.to_numpy() / 60
    offered = rng.poisson(2 + 30 * np.exp(-((hour - 11) / 3.5) ** 2))
    abandoned = rng.binomial(offered, 0.08)
    frame = pd.DataFrame({"Fecha y hora": starts.strftime("%d/%m/%Y %H:%M"), "Ofrecidas": offered,
                          "Atendidas": offered - abandoned, "Abandonadas": abandoned,
                          "TMO (seg)": _comma(rng.normal(250, 20, intervals))})
    return frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252")


def cdr_bytes(factor: int) -> bytes:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from cdr import cdr_csv
    return cdr_csv(2509 * factor, days=3 * factor)


CASES = {  # case -> (dataset, page, base n, make(factor) -> bytes)
    "servqual": ("servqual", "servqual", 371, servqual_csv),
    "traffic": ("traffic", "staffing", 350, lambda f: traffic_csv(350 * f if f < 100 else 35_040)),
    "cdr": ("cdr", "staffing", 2509, cdr_bytes),
}

CHILD = r"""
import importlib, json, os, statistics, sys, threading, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import growth
from core.intake import load
from core.schemas import SCHEMAS
from core.sample import own_data_workspace
case, factor = {case!r}, {factor!r}
dataset, page, base, make = growth.CASES[case]
content = make(factor)

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

base_mb, peak, done = rss_mb(), [0.0], threading.Event()
def watch():
    while not done.is_set():
        peak[0] = max(peak[0], rss_mb()); time.sleep(0.002)
threading.Thread(target=watch, daemon=True).start()
cpu = time.process_time()
result = load(content, "datos_" + case + ".csv", SCHEMAS[dataset])
intake_cpu = time.process_time() - cpu
done.set()
assert result.ok, [p.code for p in result.problems]
ws = own_data_workspace()
ws.put(dataset, result.data, "datos_" + case + ".csv")
view = importlib.import_module("core.views." + page)
cpu = time.process_time(); view.compute(ws); compute_cpu = time.process_time() - cpu

from tests.pagetest import run_page
cpu = time.process_time(); at = run_page(page, "es", ws=ws, timeout=600); first_cpu = time.process_time() - cpu
assert not at.exception, at.exception

def rerun(change=None):
    if change: change()
    cpu = time.process_time(); at.run(); spent = time.process_time() - cpu
    assert not at.exception, at.exception
    return spent

def widget(kind, suffix):
    found = [w for w in getattr(at, kind) if str(w.key).endswith(suffix)]
    return found[0] if found else None

idle = statistics.median(rerun() for _ in range(7))
moves = {{}}
if page == "servqual":   # every other segment once: each move is one the cache has not seen
    options = list(widget("selectbox", "segment").options)
    moves["segment"] = statistics.median(rerun(lambda i=i: widget("selectbox", "segment").select_index(i))
                                         for i in range(1, len(options)))
else:   # distinct values each time (start +1, -1, +2, -2, ... steps): no move is a cache hit
    for name, suffix, step in (("agents", ".agents", 1), ("sl_target", "sl_target", 0.01)):
        w = widget("slider", suffix)
        if w is None:
            continue
        start = w.value
        moves[name] = statistics.median(rerun(lambda i=i: widget("slider", suffix).set_value(
            round(start + step * (i // 2 + 1) * (1 if i % 2 == 0 else -1), 2))) for i in range(6))
print(json.dumps(dict(n=len(result.data), intake_cpu=intake_cpu, intake_mb=peak[0] - base_mb, compute_cpu=compute_cpu,
                      first_cpu=first_cpu, idle_cpu=idle, moves=moves, bytes=len(content))))
"""


def measure(case: str, factor: int) -> dict:
    code = CHILD.format(root=str(ROOT), bench=str(ROOT / "benchmarks"), case=case, factor=factor)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"{case} x{factor} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _growth(rows: list[dict], get) -> str:
    values = [get(r) for r in rows]
    steps = [f"{b / a:.1f}" if a and b is not None and a is not None else "–" for a, b in zip(values, values[1:])]
    return " / ".join(steps)


COSTS = [  # (label, unit, getter)
    ("intake CPU", "s", lambda r: r["intake_cpu"]),
    ("intake peak memory", "MB", lambda r: r["intake_mb"]),
    ("cold compute CPU", "s", lambda r: r["compute_cpu"]),
    ("first page run CPU", "s", lambda r: r["first_cpu"]),
    ("rerun, nothing changed", "ms", lambda r: 1000 * r["idle_cpu"]),
]


def table(case: str, rows: list[dict]) -> list[str]:
    head = " | ".join(f"n = {r['n']:,}" for r in rows)
    lines = [f"### {case} ({CASES[case][1]} page)", "", f"| cost | {head} | growth per x10 |",
             "|---|" + "---|" * len(rows) + "---|"]
    costs = list(COSTS) + [(f"rerun after moving {m}", "ms", lambda r, m=m: 1000 * r["moves"].get(m, float("nan")))
                           for m in rows[0]["moves"]]
    for label, unit, get in costs:
        cells = " | ".join(f"{get(r):.3g}" for r in rows)
        lines.append(f"| {label} ({unit}) | {cells} | {_growth(rows, get)} |")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="servqual,traffic,cdr")
    parser.add_argument("--factors", default="1,10,100")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]
    lines = ["# Growth: cost against the size of the user's data (issue 16)", "",
             "CPU seconds (time.process_time) in a fresh process per n; growth = cost(n x10) / cost(n): "
             "~10 linear, ~1 flat. Files made as Spanish-locale Excel saves them, read by core.intake.load.", ""]
    for case in args.cases.split(","):
        rows = []
        for factor in factors:
            rows.append(measure(case, factor))
            print(case, factor, json.dumps(rows[-1]), flush=True)
        lines += table(case, rows)
    text = "\n".join(lines) + "\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
