"""Mutation testing of the formula modules, one module at a time (issue 20; `make mutation`).

Usage: .venv/bin/python scripts/mutation.py [--sample N] [--seed S] [--rerun] [MODULE ...]
       (no MODULE: all of them, in MODULES' order; `intake.<file>`, e.g. intake.numbers: one file of intake)

  --sample N   check a simple random sample of N mutants per module (without replacement, drawn with
               random.Random(f"{seed}:{module}") from the sorted names of all the module's mutants), and
               give the surviving rate with its 95 % Wilson interval; without it every mutant is checked.
  --seed S     the sample's seed (default 20); the same seed and code give the same mutants.
  --rerun      do not rebuild: in the module's existing copy (with --seed S: the sampled run of that seed;
               without --seed: the full run, even when a sampled copy of seed 20 exists),
               refresh tests/ and the test selection and re-check only the mutants of that run that were not
               killed (after new kill tests); the other verdicts of that run are kept (a new test cannot
               revive a killed mutant).

For each module the script builds a fresh copy of the code under test-output/mutation/<module>/ (a sampled
run: test-output/mutation/<module>-seed<S>/, so that the samples of two seeds are kept side by side) (core/,
tests/, pytest.ini, sample_data/ and a pyproject.toml holding the repository's [tool.mutmut] section plus
this module's `only_mutate` and test files), runs `mutmut run` there, and reads mutmut's results. Only the
module's own unit tests run against its mutants (never the page/AppTest or browser tests), and mutmut
runs for each mutant only those of them that call the mutated function, with a per-mutant CPU-time
limit (pyproject.toml: timeout_multiplier, timeout_constant).

It prints, per module: mutants checked (of the module's total), killed, survived, timeout, other (no
tests / suspicious), the surviving rate ((survived + other) / checked) with its 95 % Wilson interval and
the wall time, and writes the survivors' diffs to
survivors.txt in that copy (they are explained in docs/MUTATION.md).

Environment: MUTATION_JOBS (parallel mutants, default 1: the machine's 2 cores are shared),
MUTATION_MODULE_TIMEOUT (seconds per module, default 3600), MUTATION_SAMPLE / MUTATION_SEED (defaults of
--sample / --seed; `make mutation SAMPLE=120 SEED=20`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-output" / "mutation"
TARGET_RATE = 0.05

# module -> (files to mutate, as glob patterns relative to the repository; its unit test files)
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "queueing": (["core/queueing/*"], ["tests/test_queueing.py", "tests/test_queueing_exact.py"]),
    "traffic": (["core/traffic.py"], ["tests/test_traffic.py"]),
    "stats": (["core/stats.py"], ["tests/test_stats.py", "tests/test_stats_nist.py"]),
    "export": (["core/export.py"], ["tests/test_export.py"]),
    "simulation": (["core/simulation/*"], ["tests/test_simulation.py"]),
    "abandonment": (["core/abandonment.py"], ["tests/test_abandonment.py"]),
    "servqual": (["core/servqual/*"], ["tests/test_servqual.py"]),
    "journey": (["core/journey.py"], ["tests/test_journey.py"]),
    "sampling": (["core/sampling.py"], ["tests/test_sampling.py"]),
    "intake": (["core/intake/*"], ["tests/test_intake.py", "tests/test_intake_userfiles.py",
                                   "tests/test_traffic_growth.py"]),   # the last: core/intake/cdr_stream.py
}
# intake is too large for one run on 2 cores (about 5,900 mutants at several seconds each): each of its
# files is also a target of its own, `intake.<file>` (copy test-output/mutation/intake.<file>/), mutated
# against all of intake's tests. The full runs of its files, on the same code, make intake's full run.
PARTS: dict[str, tuple[list[str], list[str]]] = {
    f"intake.{f.stem}": ([f"core/intake/{f.name}"], MODULES["intake"][1])
    for f in sorted((ROOT / "core" / "intake").glob("*.py")) if f.stem != "__init__"}
TARGETS = {**MODULES, **PARTS}
# unit test files used when they exist (besides tests/test_kill_<module>.py)
OPTIONAL_TESTS: dict[str, list[str]] = {"intake": ["tests/test_hostile_intake.py"]}

KILLED, SURVIVED, TIMEOUT, UNCHECKED = "killed", "survived", "timeout", "not checked"


def _toml_value(value: object) -> str:
    return json.dumps(value)  # a JSON string, number, boolean or list of strings is valid TOML


def tracked_tests() -> set[str]:
    """The test files git tracks (every file under tests/ when this is not a git checkout)."""
    listed = subprocess.run(["git", "ls-files", "tests"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode:
        return {str(f.relative_to(ROOT)) for f in (ROOT / "tests").rglob("*.py")}
    return set(listed.stdout.split())


def module_config(module: str) -> dict:
    base = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    sources, tests = TARGETS[module]
    module = module.split(".")[0]          # a part of intake has intake's tests
    # any other unit test file of the module (tests/test_<module>_*.py: e.g. test_stats_srange.py) too,
    # so a new test file is never left out of the module's measure; not one that runs the app (the
    # copy holds core/ and tests/ only, and page tests are not the module's unit tests)
    # A test file git does not track yet (being written, e.g. by a helper beside a run) is left out: a
    # half-written test that fails would stop the copy's clean run.
    named = sorted(str(f.relative_to(ROOT)) for f in (ROOT / "tests").glob(f"test_{module}_*.py")
                   if str(f.relative_to(ROOT)) in tracked_tests()
                   and not re.search(r"^\s*(from|import) (ui|app_pages|streamlit)\b", f.read_text("utf-8"), re.M))
    extra = [*OPTIONAL_TESTS.get(module, []), *named, f"tests/test_kill_{module}.py"]
    tests = tests + [f for f in dict.fromkeys(extra) if (ROOT / f).exists() and f not in tests]
    return {**base, "only_mutate": sources, "pytest_add_cli_args_test_selection": tests}


def workdir(module: str, sample: int | None, seed: int) -> Path:
    """The module's copy: one per seed for a sampled run, one for a full run."""
    return OUT / (f"{module}-seed{seed}" if sample else module)


def prepare(work: Path, module: str) -> Path:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "browser")
    for name in ("core", "tests", "sample_data"):
        shutil.copytree(ROOT / name, work / name, ignore=ignore)
    shutil.copy2(ROOT / "pytest.ini", work / "pytest.ini")
    (work / ".streamlit").mkdir()
    shutil.copy2(ROOT / ".streamlit" / "config.toml", work / ".streamlit" / "config.toml")  # no secrets
    write_config(work, module)
    return work


def write_config(work: Path, module: str) -> None:
    lines = ["[tool.mutmut]"] + [f"{k} = {_toml_value(v)}" for k, v in module_config(module).items()]
    (work / "pyproject.toml").write_text("\n".join(lines) + "\n", "utf-8")


def status_of(code: int | None) -> str:
    from mutmut.stats import status_by_exit_code

    return status_by_exit_code[code]


def results(work: Path) -> dict[str, str]:
    """mutant name -> status, from mutmut's .meta files."""
    found: dict[str, str] = {}
    for meta in sorted((work / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text("utf-8"))
        for name, code in data.get("exit_code_by_key", {}).items():
            found[name] = status_of(code)
    return found


DIFFS = """
import sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
for line in sys.stdin:
    name, status = line.split()
    print(f"# {name}: {status}")
    print(get_diff_for_mutant(name))
    print()
"""


def write_diffs(work: Path, names: list[str], found: dict[str, str]) -> None:
    """The survivors' diffs, in one process (mutmut show would start one per mutant)."""
    with (work / "survivors.txt").open("w") as out:
        subprocess.run([sys.executable, "-c", DIFFS], cwd=work, stdout=out, stderr=subprocess.STDOUT,
                       input="".join(f"{n} {found[n].replace(' ', '_')}\n" for n in names), text=True)


LIST_ONLY = "__mutation_list_only__"  # a name no mutant has: mutmut generates, collects stats, stops


def mutmut(work: Path, args: list[str], jobs: int, limit: float, log_name: str) -> int | str:
    exe = Path(sys.executable).with_name("mutmut")
    with (work / log_name).open("w") as log:
        try:
            return subprocess.run([str(exe), "run", "--max-children", str(jobs), *args], cwd=work, stdout=log,
                                  stderr=subprocess.STDOUT, timeout=limit).returncode
        except subprocess.TimeoutExpired:
            return "timeout"


def draw(names: list[str], size: int, seed: int, module: str) -> list[str]:
    """A simple random sample of ``size`` names, reproducible from (seed, module) alone."""
    ordered = sorted(names)
    return sorted(random.Random(f"{seed}:{module}").sample(ordered, min(size, len(ordered))))


def run_module(module: str, jobs: int, limit: float, sample: int | None = None, seed: int | None = None,
               rerun: bool = False) -> dict:
    """``seed`` None: 20 for a sample; a rerun without a seed or a sample re-checks the full run's copy."""
    start = time.monotonic()
    sampled = bool(sample) or (rerun and seed is not None)
    seed = 20 if seed is None else seed
    work = workdir(module, 1 if sampled else None, seed)
    previous = work / "checked.json"
    changed = stale(work, module) if rerun and previous.exists() else []
    if changed:
        print(f"  {work.name}: {', '.join(changed)} changed since this run; its mutants are of the old "
              f"code, and today's tests may fail on it: run the module again without --rerun")
        return {"module": module, **tally({}), "population": 0, "sampled": sampled, "seed": seed,
                "copy": work.name, "seconds": 0.0, "rc": "stale copy"}
    if rerun and previous.exists():
        work, kept = refresh(work, module), json.loads(previous.read_text("utf-8"))
        chosen, population, seed = kept["chosen"], kept["population"], kept.get("seed", seed)
        again = [n for n in chosen if kept["status"].get(n) != KILLED]
        rc = mutmut(work, again, jobs, limit, "mutmut-rerun.log") if again else 0
    else:
        work, kept = prepare(work, module), None
        if sample:
            mutmut(work, [LIST_ONLY], jobs, limit, "mutmut-list.log")
            population = len(results(work))
            chosen = draw(list(results(work)), sample, seed, module)
            rc = mutmut(work, chosen, jobs, limit, "mutmut.log") if chosen else "no mutants"
        else:
            rc = mutmut(work, [], jobs, limit, "mutmut.log")
            population, chosen = len(results(work)), sorted(results(work))
    seconds = time.monotonic() - start + (kept["seconds"] if kept else 0.0)
    wanted = set(chosen)
    found = {n: s for n, s in results(work).items() if n in wanted}
    if kept:  # mutmut forgets old verdicts when the test selection changed: keep the killed ones
        found = {n: KILLED if found.get(n, UNCHECKED) == UNCHECKED and kept["status"].get(n) == KILLED
                 else found.get(n, UNCHECKED) for n in chosen}
    (work / "checked.json").write_text(json.dumps({"chosen": chosen, "population": population, "status": found,
                                                   "seconds": seconds, "seed": seed}, indent=1), "utf-8")
    survivors = sorted(n for n, s in found.items() if s not in (KILLED, TIMEOUT, UNCHECKED))
    write_diffs(work, survivors, found)
    return {"module": module, **tally(found), "population": population, "sampled": len(chosen) < population,
            "seed": seed, "copy": work.name, "seconds": seconds, "rc": rc}


def stale(work: Path, module: str) -> list[str]:
    """The module's source files whose code differs from the copy's (the copy was made before a change); for
    a part of intake, any of intake's files (the tests run the mutated file with the others of its copy)."""
    changed = []
    for pattern in MODULES[module.split(".")[0]][0]:
        for source in sorted(ROOT.glob(pattern)):
            copied = work / source.relative_to(ROOT)
            if source.suffix == ".py" and (not copied.exists() or copied.read_bytes() != source.read_bytes()):
                changed.append(str(source.relative_to(ROOT)))
    return changed


def refresh(work: Path, module: str) -> Path:
    """The module's previous copy with today's tests and test selection (its mutated code unchanged)."""
    shutil.rmtree(work / "tests")
    shutil.copytree(ROOT / "tests", work / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "browser"))
    write_config(work, module)
    return work


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion k/n (Wilson 1927; Agresti & Coull 1998)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def tally(found: dict[str, str]) -> dict:
    """Counts by status; ``unchecked``: mutants a stopped run did not reach (not in the rate)."""
    counts = {s: sum(1 for v in found.values() if v == s) for s in (KILLED, SURVIVED, TIMEOUT, UNCHECKED)}
    checked = len(found) - counts.pop(UNCHECKED)
    return {"mutants": checked, **counts, "other": checked - sum(counts.values()),
            "unchecked": len(found) - checked}


def rate(row: dict) -> float:
    """Surviving rate: every mutant not killed and not timed out (survived, no tests, suspicious)."""
    return (row[SURVIVED] + row["other"]) / row["mutants"] if row["mutants"] else 0.0


def print_table(rows: list[dict]) -> None:
    head = (f"{'module':<18}{'checked':>14}{'killed':>8}{'survived':>9}{'timeout':>8}{'other':>6}{'rate':>8}"
            f"{'95 % interval':>17}{'time':>8}{'unchecked':>10}")
    print(head)
    print("-" * len(head))
    for r in rows:
        low, high = wilson(r[SURVIVED] + r["other"], r["mutants"])
        flag = "" if r["mutants"] and rate(r) <= TARGET_RATE else "  > 5 %" if r["mutants"] else f"  (no result, rc={r['rc']})"
        checked = f"{r['mutants']}/{r.get('population', r['mutants'])}"
        print(f"{r['module']:<18}{checked:>14}{r[KILLED]:>8}{r[SURVIVED]:>9}{r[TIMEOUT]:>8}{r['other']:>6}"
              f"{rate(r):>7.1%}{f'{low:.1%} - {high:.1%}':>17}{r['seconds']:>7.0f}s{r['unchecked']:>10}{flag}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Mutation testing of the formula modules (docs/MUTATION.md)")
    parser.add_argument("modules", nargs="*", metavar="MODULE")
    parser.add_argument("--sample", type=int, default=int(os.environ.get("MUTATION_SAMPLE") or 0) or None)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("MUTATION_SEED") or 0) or None)
    parser.add_argument("--rerun", action="store_true")
    args = parser.parse_args(argv)
    chosen = args.modules or list(MODULES)
    unknown = [m for m in chosen if m not in TARGETS]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; choose from: {', '.join(TARGETS)}")
        return 2
    jobs = int(os.environ.get("MUTATION_JOBS", "1"))
    limit = float(os.environ.get("MUTATION_MODULE_TIMEOUT", "3600"))
    rows = []
    for module in chosen:
        print(f"mutating {module} ...", flush=True)
        rows.append(run_module(module, jobs, limit, args.sample, args.seed, args.rerun))
        print_table(rows[-1:])
        print(flush=True)
        save_summary(rows[-1:])
    print()
    print_table(rows)
    print(f"\nsurvivors' diffs: {OUT}/<module>[-seed<S>]/survivors.txt")
    return 0 if all(r["mutants"] and rate(r) <= TARGET_RATE for r in rows) else 1


def save_summary(rows: list[dict]) -> None:
    summary = OUT / "summary.json"
    kept = json.loads(summary.read_text("utf-8")) if summary.exists() else {}
    kept = kept if isinstance(kept, dict) else {}
    for r in rows:
        low, high = wilson(r[SURVIVED] + r["other"], r["mutants"])
        kept[r["copy"]] = {**r, "rate": rate(r), "interval_95": [low, high]}
    summary.write_text(json.dumps(kept, indent=1), "utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
