"""Two million call-detail records to interval traffic: the upload path against the block reader.

    nice -n 10 .venv/bin/python benchmarks/cdr.py [--calls 2000000] [--runs 1]

The file is made as a Spanish-locale export writes it (`;`, decimal comma, cp1252, date and time in
two columns, Sí/No, talk time blank for abandoned calls), ~22,000 calls a day over 91 days. Measured,
each in a fresh Python process with the file's bytes in memory before the clock starts (as an upload):
- current: core.intake.load (with its MAX_BYTES/MAX_CELLS raised so that it reads the file at all)
  + core.traffic.aggregate_cdr;
- stream: core.intake.cdr_stream.aggregate_file on the plain CSV and on its gzip (what a user
  uploads to stay under the browser's 50 MB);
- upload box: core.cdr_upload.read_calls, what the call-detail box runs: the gzip goes straight to the
  block reader; the plain CSV is first refused by intake (over its limits), then read by blocks.
CPU seconds (time.process_time, the figure that counts on a shared machine), wall seconds, and peak
resident memory above the process's memory after imports (sampled every 2 ms from /proc/self/statm).
Writes benchmarks/output/cdr.md.
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "output" / "cdr.md"


def cdr_csv(n: int, seed: int = 16, days: int = 91) -> bytes:
    """n calls as a Spanish-locale Excel/CSV export writes them (see the module docstring)."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, days, n)
    second = np.clip(rng.normal(13 * 3600, 3.5 * 3600, n), 0, 86_399).astype(np.int64)
    starts = pd.Series(np.sort(np.datetime64("2025-01-06T00:00:00") + (day * 86_400 + second).astype("timedelta64[s]")))
    gone = rng.random(n) < 0.12
    comma = np.vectorize(lambda v: f"{v:.1f}".replace(".", ","), otypes=[object])
    frame = pd.DataFrame({
        "Fecha": starts.dt.strftime("%d/%m/%Y"), "Hora": starts.dt.strftime("%H:%M:%S"),
        "Espera (seg)": comma(np.round(rng.exponential(35.0, n), 1)),
        "Duración (seg)": np.where(gone, "", comma(np.round(rng.gamma(4.0, 60.0, n), 1))),
        "Abandonada": np.where(gone, "Sí", "No"),
        "Cola": np.where(rng.random(n) < 0.7, "Citas", "Autorizaciones"),
    })
    return frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252")


CHILD = r"""
import json, os, sys, threading, time
sys.path.insert(0, {root!r})
import core.intake.readers as readers
from core.intake import load, cdr_stream
from core.schemas import SCHEMAS
from core import traffic
how, path = {how!r}, {path!r}
content = open(path, "rb").read()

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

base, peak, done = rss_mb(), [0.0], threading.Event()
def watch():
    while not done.is_set():
        peak[0] = max(peak[0], rss_mb()); time.sleep(0.002)
threading.Thread(target=watch, daemon=True).start()
cpu, wall = time.process_time(), time.perf_counter()
if how == "current":
    readers.MAX_CELLS = 10**9                     # the upload limits would refuse the file
    result = load(content, "llamadas.csv", SCHEMAS["cdr"], max_bytes=10**10)
    intake_cpu = time.process_time() - cpu
    table = traffic.aggregate_cdr(result.data, 30)
    calls = len(result.data)
elif how == "upload":                             # what the call-detail upload box runs
    from core.cdr_upload import read_calls
    read = read_calls(content, os.path.basename(path), lang="es", minutes=30)
    intake_cpu, table, calls = None, read.result.data, read.streamed["calls"]
else:
    summary = cdr_stream.aggregate_file(content, "llamadas.csv", 30)
    intake_cpu, table, calls = None, summary.traffic, summary.n_calls
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
done.set()
table.to_pickle(path + "." + how + ".pkl")
print(json.dumps(dict(cpu=cpu, wall=wall, peak_mb=peak[0] - base, intake_cpu=intake_cpu, calls=calls,
                      intervals=len(table))))
"""


def measure(how: str, path: str, runs: int) -> dict:
    best = None
    for _ in range(runs):
        code = CHILD.format(root=str(ROOT), how=how, path=path)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        got = json.loads(done.stdout.strip().splitlines()[-1])
        best = got if best is None or got["cpu"] < best["cpu"] else best
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    content = cdr_csv(args.calls)
    packed = gzip.compress(content, 6)
    with tempfile.TemporaryDirectory() as tmp:
        plain, gz = Path(tmp) / "llamadas.csv", Path(tmp) / "llamadas.csv.gz"
        plain.write_bytes(content)
        gz.write_bytes(packed)
        rows = {"current": measure("current", str(plain), args.runs),
                "stream": measure("stream", str(plain), args.runs),
                "stream_gzip": measure("stream", str(gz), args.runs),
                "upload box, gzip": measure("upload", str(gz), args.runs),
                "upload box, plain": measure("upload", str(plain), args.runs)}
        current = pd.read_pickle(f"{plain}.current.pkl")
        same = all(pd.read_pickle(p).equals(current) for p in (f"{plain}.stream.pkl", f"{gz}.stream.pkl"))
        kept = list(pd.read_pickle(f"{gz}.upload.pkl").columns)        # the traffic schema's columns
        same = same and all(pd.read_pickle(p).equals(current[kept]) for p in (f"{gz}.upload.pkl", f"{plain}.upload.pkl"))
    cells = args.calls * 6
    lines = [f"# {args.calls:,} call-detail records -> 30-minute traffic", "",
             f"CSV {len(content) / 2**20:.1f} MB ({cells:,} cells), gzip {len(packed) / 2**20:.1f} MB. "
             f"Same table from every path: {same}.", "",
             "| path | CPU s | wall s | peak RSS MB | CPU vs current |", "|---|---|---|---|---|"]
    for name, r in rows.items():
        ratio = rows["current"]["cpu"] / r["cpu"]
        extra = f" (intake {r['intake_cpu']:.1f} s)" if r["intake_cpu"] is not None else ""
        lines.append(f"| {name} | {r['cpu']:.2f}{extra} | {r['wall']:.1f} | {r['peak_mb']:.0f} | {ratio:.1f}x |")
    text = "\n".join(lines) + "\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(text)
    if not same:
        sys.exit("the paths disagree")


if __name__ == "__main__":
    main()
