"""CPU per call of the two core hot spots of issue 16, before and after their rewrite.

    nice -n 10 .venv/bin/python benchmarks/core_speed.py [--calls 12]

(a) Abandonment tests: moving the confidence level recomputed the Tukey / Games–Howell critical
    values with scipy's studentized_range.ppf (~0.2-0.3 s each, several per rerun). Measured: one
    cold critical value (k = 4, df = 20, a new alpha each call), and a confidence move of the view on
    the sample case (core.views.abandonment.compute with the app's stage cache, ui.cache, so the days
    and the case study are kept as in the app; a new confidence each call).
(b) SERVQUAL: the analysis of a newly chosen segment (core.servqual.analyse on Survey.subset, what
    the view's segment stage runs) on the sample case (371 respondents, segments None, small,
    medium, large in turn) and on a 10,000-respondent survey (the sample's respondents drawn with
    replacement, seed 16), plus the segments table (gaps_by_segment, once per survey).

CPU seconds by time.process_time(), median and maximum of --calls calls (>= 10). The "before"
figures are those of the code before this change, measured the same way on this machine at the
start of the work (2026-11-30, 2 shared cores under load ~5) and kept here, since that code is gone:

    q_crit cold (k 4, df 20)                    188-198 ms median
    abandonment confidence move (sample)        664-678 ms median (max 839)
    servqual analyse, new segment (sample)      277-280 ms median (max 400)
    servqual analyse, new segment (10,000)      463 ms median (max 697)
    servqual gaps_by_segment (sample / 10,000)  123 / 181 ms
Issue 16's goal: every rerun <= 100 ms of server CPU (p95).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import servqual as sq  # noqa: E402
from core import stats  # noqa: E402
from core.sample import sample_workspace  # noqa: E402
from core.views import abandonment as view_abandonment  # noqa: E402
from core.views import servqual as view_servqual  # noqa: E402
from core.views import use_stage_runner  # noqa: E402
from ui import cache  # noqa: E402

BEFORE_MS = {"q_crit": 193, "abandonment_move": 671, "analyse_sample": 279, "analyse_10k": 463,
             "by_segment_sample": 123, "by_segment_10k": 181}


def cpu(calls) -> tuple[float, float]:
    """(median, max) CPU milliseconds of the calls (each a no-argument function)."""
    spent = []
    for call in calls:
        start = time.process_time()
        call()
        spent.append(1000 * (time.process_time() - start))
    return statistics.median(spent), max(spent)


def confidence_moves(n: int):
    ws = sample_workspace("es")
    use_stage_runner(cache.cached_compute)
    cache.cached_compute(view_abandonment, ws)            # first load: the days, the case study

    def move(confidence):
        def call():
            ws.settings["abandonment.confidence"] = confidence
            return cache.cached_compute(view_abandonment, ws)
        return call

    calls = [move(round(85.0 + 1.3 * i + 0.07, 2)) for i in range(n)]
    return calls, lambda: use_stage_runner(None)


def big_survey_workspace(n: int = 10_000, seed: int = 16):
    ws = sample_workspace("es")
    raw = ws.get("servqual")
    rows = raw.iloc[np.random.default_rng(seed).integers(0, len(raw), n)].reset_index(drop=True)
    rows["respondent"] = [f"R{i + 1:06d}" for i in range(n)]
    ws.put("servqual", rows, "encuesta_10000.csv")
    return ws


def segment_calls(survey, n: int) -> list:
    order = [None, *survey.segments()]
    return [lambda s=order[i % len(order)]: sq.analyse(survey.subset(s), view_servqual.CONFIDENCE,
                                                       view_servqual.ALPHA) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=12)
    n = max(10, parser.parse_args().calls)
    rows = []
    stats._q_crit.cache_clear()
    rows.append(("q_crit", "critical value, cold (k 4, df 20)",
                 cpu([lambda a=0.05 + 0.0011 * i: stats._q_crit(a, 4, 20.0) for i in range(n)])))
    moves, done = confidence_moves(n)
    rows.append(("abandonment_move", "abandonment: confidence move (sample)", cpu(moves)))
    done()
    for label, ws in (("sample", sample_workspace("es")), ("10k", big_survey_workspace())):
        survey = view_servqual._prepared(ws)[0]
        size = f"{survey.n_respondents:,}"
        rows.append((f"analyse_{label}", f"servqual: new segment ({size})", cpu(segment_calls(survey, n))))
        rows.append((f"by_segment_{label}", f"servqual: segments table ({size})",
                     cpu([lambda: sq.gaps_by_segment(survey, view_servqual.CONFIDENCE)] * n)))
    print(f"CPU per call, ms (median and max of {n} calls; before: the figures of the docstring)")
    print(f"| {'hot spot':44} | before | after median | after max | ratio | <= 100 ms |")
    print(f"|{'-' * 46}|-------:|-------------:|----------:|------:|:---------:|")
    for key, label, (median, worst) in rows:
        before = BEFORE_MS[key]
        print(f"| {label:44} | {before:6.0f} | {median:12.1f} | {worst:9.1f} | {before / median:4.1f}x "
              f"| {'yes' if worst <= 100 else 'no':^9} |")


if __name__ == "__main__":
    main()
