"""The figures of issue 15's note: the whole hostile corpus (tests/hostile_corpus.py) through intake for
every dataset, through the workspace import, and through the upload boxes of every page in AppTest.

    nice -n 10 .venv/bin/python scripts/hostile_run.py [--no-pages] [--out test-output/hostile_run.txt]

Outcomes: "read" (loaded, nothing to say), "read with notes" (loaded, with warnings or notes shown),
"refused" (an error naming the place; nothing loaded), "crashed" (an exception out of intake or the
import, or an exception element on the page). Seconds are wall time of one load (one rerun of the page
for AppTest); "peak MB" is this process's resident high-water mark during it (VmHWM, reset through
/proc/self/clear_refs before each), above what it held before; psutil gives the resident size.

In AppTest every file of cases() goes into the page's box of the dataset it is made for, or (a page without that
box) into the page's first box, so each page also meets files made for other datasets.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.intake import load  # noqa: E402
from core.schemas import SCHEMAS  # noqa: E402
from core.workspace_file import import_workspace  # noqa: E402
from tests import hostile_corpus as hc  # noqa: E402

PROC = psutil.Process()


def _hwm() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) * 1024
    return PROC.memory_info().rss


def measured(run):
    """(value of run() or the exception it raised, seconds, peak MB above the resident size before)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    before = PROC.memory_info().rss
    start = time.perf_counter()
    try:
        value = run()
    except Exception as exc:  # noqa: BLE001 - a crash is one of the outcomes counted
        value = exc
    return value, time.perf_counter() - start, max(0, _hwm() - before) / 2**20


def outcome_of(result) -> str:
    if isinstance(result, Exception):
        return "crashed"
    if not result.ok:
        return "refused"
    return "read with notes" if result.problems else "read"


def corpus() -> list[hc.Case]:
    """cases() and the per-box files of every dataset (each file once: the same name is the same file)."""
    seen, out = set(), []
    for case in hc.cases() + [c for d in hc.BOX_TABLES for c in hc.box_cases(d)]:
        if case.name not in seen:
            seen.add(case.name)
            out.append(case)
    return out


def run_intake(rows: list) -> None:
    for case in corpus():
        content = case.make()
        for name, schema in SCHEMAS.items():
            result, sec, mb = measured(lambda: load(content, case.filename, schema, lang="es"))
            rows.append(("intake", case.name, name, outcome_of(result), sec, mb, _why(result)))
    for case in hc.import_cases():
        content = case.make()
        result, sec, mb = measured(lambda: import_workspace(content, case.filename))
        outcome = "crashed" if isinstance(result, Exception) else (
            "refused" if not result.ok else "read with notes" if result.refused or result.ignored_settings else "read")
        rows.append(("import", case.name, "workspace", outcome, sec, mb,
                     type(result).__name__ if isinstance(result, Exception) else (result.error or "")))


def _why(result) -> str:
    if isinstance(result, Exception):
        return f"{type(result).__name__}: {result}"[:80]
    return result.errors[0].code if result.errors else ""


def page_boxes() -> dict[str, list[str]]:
    """page -> datasets of its upload boxes, as written in app_pages/*.py (the data page: every dataset)."""
    boxes = {"data": list(SCHEMAS)}
    for path in sorted((ROOT / "app_pages").glob("*.py")):
        found = re.findall(r'upload_box\("(\w+)"', path.read_text(encoding="utf-8"))
        if found:
            boxes[path.stem] = found
    return boxes


def run_pages(rows: list) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.pagetest import PAGES
    for page, datasets in page_boxes().items():
        at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=120)
        at.session_state["lang"] = "es"
        at.session_state["servqual.open_upload"] = True  # SERVQUAL builds its boxes when its section is open
        at.run()
        for case in hc.cases():
            dataset = case.dataset if case.dataset in datasets else datasets[0]
            content = case.make()
            if not any(u.key == f"upload.{dataset}" for u in at.get("file_uploader")):
                at.session_state["servqual.open_upload"] = True  # a page folds its section once it has data
                at.run()
            at.file_uploader(key=f"upload.{dataset}").set_value((case.filename, content, "application/octet-stream"))
            _, sec, mb = measured(at.run)
            held = at.session_state["upload_results"].get(dataset) if "upload_results" in at.session_state else None
            if at.exception:
                outcome, why = "crashed", str(at.exception[0].message)[:80]
            elif held is None:
                outcome, why = "crashed", "no result held"
            else:
                outcome, why = outcome_of(held[2]), _why(held[2])
            rows.append((f"page {page}", case.name, dataset, outcome, sec, mb, why))


def report(rows: list) -> list[str]:
    lines = []
    for kind in dict.fromkeys(r[0].split()[0] for r in rows):
        part = [r for r in rows if r[0].split()[0] == kind]
        files = len({r[1] for r in part})
        inputs = len({(r[0], r[2]) for r in part})
        counts = Counter(r[3] for r in part)
        refusals = [r for r in part if r[3] == "refused"]
        slow = max(refusals, key=lambda r: r[4]) if refusals else None
        lines.append(f"{kind:<7} {files:>3} files x {inputs:>2} inputs = {len(part):>4} tries | "
                     + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("read", "read with notes", "refused", "crashed"))
                     + f" | peak {max(r[5] for r in part):.0f} MB | slowest refusal "
                     + (f"{slow[4]:.2f} s ({slow[1]} into {slow[0]}:{slow[2]}, {slow[6]})" if slow else "-"))
    crashes = [r for r in rows if r[3] == "crashed"]
    lines += [f"CRASH {r[0]} {r[1]} -> {r[2]}: {r[6]}" for r in crashes]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pages", action="store_true", help="intake and import only (about a minute)")
    parser.add_argument("--pages-only", action="store_true", help="the AppTest part only")
    parser.add_argument("--out", default=str(ROOT / "test-output" / "hostile_run.txt"))
    args = parser.parse_args()
    rows: list = []
    start = time.perf_counter()
    if not args.pages_only:
        run_intake(rows)
    if not args.no_pages:
        run_pages(rows)
    summary = report(rows) + [f"total {time.perf_counter() - start:.0f} s wall, {time.process_time():.0f} s CPU"]
    print("\n".join(summary))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    detail = [f"{w:<18}{n:<36}{d:<20}{o:<16}{s:>7.3f} s{mb:>7.0f} MB  {why}" for w, n, d, o, s, mb, why in rows]
    out.write_text("\n".join(summary + [""] + detail) + "\n", encoding="utf-8")
    return 1 if any(r[3] == "crashed" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
