"""How long a user waits after each click, and what one rerun costs the server (issue 16).

    .venv/bin/python benchmarks/interaction.py            # complete run (make bench; see the wall time below)
    .venv/bin/python benchmarks/interaction.py --quick    # 5 moves, a 15 s load run, growth x1 and x10
    .venv/bin/python benchmarks/interaction.py --before REV   # compare with another commit (default HEAD)
    .venv/bin/python benchmarks/interaction.py --profile servqual   # cProfile of one rerun of a page

Every part is measured twice in the same run: on this work tree ("after") and on the commit before the
change ("before", default HEAD: the work tree's changes are what is measured), checked out with
``git worktree add`` under test-output/bench-before/ and removed at the end. Each tree runs in its own
Python process, so neither sees the other's modules or caches.

1. Server CPU per rerun (AppTest, same process, ``time.process_time``): every page of the navigation on
   the sample case in Spanish: the first run (a session opening the view), a rerun with nothing changed
   and a rerun after moving each main widget to a new value (p50/p95 over the moves).
2. In headless Chromium (Playwright, /usr/bin/chromium), the app started as a user starts it
   (``streamlit run app.py`` on a free port, the sample case): per view the first load (address typed in
   a new browser context, so Streamlit's code is fetched and parsed too -> the script's run finished), the
   view change (a click on the view's link in the navigation of an open session -> the run finished;
   p50 and max over 3 rounds), and the time from moving the main widget (a key press on a slider, a
   click on an option) until the server says the run finished (Streamlit's ``script_finished`` message
   on the page's websocket), p50/p95 over the moves; the server's CPU per rerun (psutil, the server
   process and its threads) and resident memory per session (RSS growth over 5 extra sessions, /5).
3. Load: 20 browser contexts (20 sessions) moving the staffing sliders at once for a minute (15 s with
   --quick): p50/p95 response and errors (time-outs, exceptions shown on the page).
4. Growth: per-interaction cost (AppTest CPU, first run and a rerun after a widget move) on a survey of
   n respondents and on n 15-minute traffic intervals, n x1, x10, x100 of the sample, and the 10,000
   respondents / 35,040 intervals (a year) the issue names.

Output: printed tables, and benchmarks/output/interaction.json and interaction.md.
Needs psutil and playwright (requirements-bench.txt, requirements-dev.txt); without Chromium or
Playwright the browser parts are skipped and the script says so.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "output"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
# The navigation's pages (app.py); staffing_simulation is a section of the staffing page.
PAGES = ("home", "data", "report", "servqual", "journey", "blueprint", "indicators", "planning", "staffing",
         "abandonment")
# The main widgets moved on each page: (AppTest kind, key). Sliders step through new values; a
# select box cycles through its options; a check box toggles.
MOVES = {
    "servqual": [("selectbox", "servqual.segment"), ("selectbox", "servqual.scale")],
    "journey": [("selectbox", "journey.phase"), ("selectbox", "journey.trend_ind")],
    "indicators": [("checkbox", "indicators.by_segment")],
    "planning": [("selectbox", "planning.confidence")],
    "staffing": [("slider", "staffing.morning.agents"), ("slider", "staffing.morning.rate"),
                 ("slider", "staffing.sl_target")],
    "abandonment": [("slider", "abandonment.confidence")],
}


def pct(values, q):
    """The q-quantile (0..1) of ``values`` (linear interpolation), or None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


# ============================================================================ AppTest worker (one tree)

def _slider_values(widget, n):
    v0, step = widget.value, (widget.step or 1)
    lo, hi = widget.min, widget.max
    out, k = [], 1
    while len(out) < n and k < 4 * n:
        for cand in (v0 + k * step, v0 - k * step):
            if lo <= cand <= hi and len(out) < n:
                out.append(round(cand, 6) if isinstance(cand, float) else cand)
        k += 1
    return out


def _select_values(key, ws=None):
    """The raw options of a select box (AppTest sets raw values, not the shown texts)."""
    from core.sample import sample_workspace
    from core.views import journey, planning, servqual

    ws = ws or sample_workspace("es")
    if key == "servqual.segment":
        return [None, *servqual.compute(ws).segments]
    if key == "servqual.scale":
        return list(servqual.SPECS[key].options)
    if key == "journey.phase":
        return list(journey.compute(ws).phases)
    if key == "journey.trend_ind":
        return list(journey.TREND_INDICATORS)
    if key == "planning.confidence":
        return list(planning.CONFIDENCES)
    raise KeyError(key)


def _move(at, kind, key, i, values):
    if kind == "slider":
        at.slider(key=key).set_value(values[i % len(values)])
    elif kind == "selectbox":
        at.selectbox(key=key).set_value(values[(i + 1) % len(values)])
    elif kind == "checkbox":
        box = at.checkbox(key=key)
        box.set_value(not box.value)


def _timed_run(at):
    c0, w0 = time.process_time(), time.perf_counter()
    at.run()
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    if at.exception:
        raise RuntimeError(f"page raised: {at.exception[0].message}")
    return cpu, wall


def apptest_pages(pages, reruns, moves, ws=None, lang="es"):
    """{page: {first, rerun: [..], moves: {key: [..]}}} of CPU seconds."""
    from streamlit.testing.v1 import AppTest

    out = {}
    for page in pages:
        at = AppTest.from_file(str(Path.cwd() / "app_pages" / f"{page}.py"), default_timeout=600)
        at.session_state["lang"] = lang
        if ws is not None:
            at.session_state["workspace"] = ws.copy()
        first, _ = _timed_run(at)
        rerun = [_timed_run(at)[0] for _ in range(reruns)]
        moved = {}
        for kind, key in MOVES.get(page, []) if moves else []:
            try:
                values = (_slider_values(at.slider(key=key), moves) if kind == "slider"
                          else _select_values(key, ws) if kind == "selectbox" else None)
            except KeyError:
                continue
            cpus = []
            for i in range(moves):
                try:
                    _move(at, kind, key, i, values)
                except KeyError:        # the widget is not on the page (e.g. no segment in the data)
                    break
                cpus.append(_timed_run(at)[0])
            moved[key] = cpus
        out[page] = {"first": first, "rerun": rerun, "moves": moved}
    return out


def _warm_imports():
    """Import what every page imports, so the first page measured does not pay the imports."""
    import importlib

    import plotly.graph_objects  # noqa: F401
    for name in ("servqual", "journey", "blueprint", "indicators", "planning", "staffing", "abandonment"):
        for package in ("core.views", "core.figures", "core.report"):
            try:
                importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError:
                pass
    import core.report  # noqa: F401


SURVEY_N, YEAR_INTERVALS = 10_000, 35_040     # the survey and year of 15-minute traffic


def growth_workspaces(factors):
    """(label, dataset, n, workspace) for the survey and the traffic at n x factor of the sample."""
    import numpy as np
    import pandas as pd

    from core.sample import sample_workspace

    base = sample_workspace("es")
    rng = np.random.default_rng(16)
    out = []
    survey = base.get("servqual")
    for f in factors:
        if f == YEAR_INTERVALS:
            continue
        n = int(f) if f > 1000 else int(round(len(survey) * f))
        ws = base.copy()
        rows = survey.iloc[rng.integers(0, len(survey), n)].reset_index(drop=True)
        if "respondent" in rows:
            rows["respondent"] = range(1, n + 1)
        ws.put("servqual", rows, "growth.csv")
        out.append(("servqual", n, ws))
    traffic = base.get("traffic")
    for f in factors:
        if f == SURVEY_N:
            continue
        n = int(f) if f > 1000 else int(round(len(traffic) * f))
        ws = base.copy()
        reps = -(-n // len(traffic))
        step = traffic["interval_start"].max() - traffic["interval_start"].min() + pd.Timedelta(minutes=15)
        parts = [traffic.assign(interval_start=traffic["interval_start"] + k * step) for k in range(reps)]
        ws.put("traffic", pd.concat(parts, ignore_index=True).iloc[:n], "growth.csv")
        out.append(("staffing", n, ws))
    return out


def worker(args):
    """Run in a tree's own process (cwd = the tree): print one JSON object."""
    sys.path.insert(0, str(Path.cwd()))
    _warm_imports()
    if args.worker == "pages":
        result = apptest_pages(PAGES, args.reruns, args.moves)
    elif args.worker == "growth":
        result = []
        for page, n, ws in growth_workspaces(args.factors):
            r = apptest_pages((page,), 1, args.moves, ws=ws)[page]
            moves = [c for cpus in r["moves"].values() for c in cpus]
            result.append({"page": page, "n": n, "first": r["first"], "rerun": r["rerun"][0],
                           "move_p50": pct(moves, .5), "move_p95": pct(moves, .95)})
    elif args.worker == "profile":
        import cProfile
        import io
        import pstats

        from streamlit.testing.v1 import AppTest
        # AppTest runs the script in its own thread: the profiler is switched on inside the script
        dump = Path(tempfile.mkdtemp()) / "page.prof"
        script = (f"import cProfile, runpy, streamlit as st\n"
                  f"prof = cProfile.Profile() if st.session_state.get('_bench_profile') else None\n"
                  f"prof and prof.enable()\n"
                  f"try:\n    runpy.run_path({str(Path.cwd() / 'app_pages' / (args.page + '.py'))!r}, run_name='__main__')\n"
                  f"finally:\n    prof and (prof.disable(), prof.dump_stats({str(dump)!r}))\n")
        at = AppTest.from_string(script, default_timeout=600)
        at.session_state["lang"] = "es"
        at.run()
        at.session_state["_bench_profile"] = True
        at.run()
        buf = io.StringIO()
        stats = pstats.Stats(str(dump), stream=buf)
        stats.sort_stats("cumulative").print_stats(r"(core/|ui/|app_pages|streamlit/elements|plotly/|pandas/io/formats|pickle)", 40)
        stats.sort_stats("tottime").print_stats(15)
        result = {"profile": buf.getvalue()}
    print("@@JSON@@" + json.dumps(result))


def run_worker(tree: Path, kind: str, extra: list[str]) -> object:
    cmd = [sys.executable, str(ROOT / "benchmarks" / "interaction.py"), "--worker", kind, *extra]
    env = {**os.environ, "PYTHONPATH": str(tree), "SERVICEOPS_DATA_DIR": tempfile.mkdtemp(prefix="bench-data-")}
    proc = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("@@JSON@@")), None)
    if proc.returncode or line is None:
        raise RuntimeError(f"worker {kind} in {tree} failed:\n{proc.stderr[-3000:]}")
    return json.loads(line[len("@@JSON@@"):])


# ============================================================================ the browser (one tree)

BROWSER_MOVES = {          # view -> (kind, widget key): the main widget moved in the browser
    "servqual": ("select", "servqual.segment"),
    "journey": ("select", "journey.phase"),
    "indicators": ("check", "indicators.by_segment"),
    "planning": ("select", "planning.confidence"),
    "staffing": ("slider", "staffing.morning.agents"),
    "abandonment": ("slider", "abandonment.confidence"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tree: Path, log: Path):
    """``streamlit run app.py`` in ``tree`` on a free port, as the browser tests start it."""
    port = free_port()
    env = {**os.environ, "SERVICEOPS_DATA_DIR": tempfile.mkdtemp(prefix="bench-data-"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", "--server.runOnSave", "false"],
        cwd=tree, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not start; see {log}")


STEP_TIMEOUT_S = 30.0      # one page load, one selector or one rerun longer than this counts as a failure
WARM_TIMEOUT_S = 180.0     # the server's very first run (imports, the sample case) on a loaded machine
MAX_FAILED_MOVES = 2       # a view whose widget failed this many times in a row is not moved further
VIEW_CHANGE_ROUNDS = 3     # times every view is opened from the navigation, one session going round


def _why(err: BaseException) -> str:
    return f"{type(err).__name__}: {str(err).splitlines()[0][:160] if str(err) else ''}"


class Session:
    """One browser context (one Streamlit session) that knows when the server finished a run."""

    def __init__(self, context, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.context, self.page, self.finished = context, page, asyncio.Event()
        self.last_finish = 0.0

        def on_frame(payload):
            if isinstance(payload, str):
                return
            msg = ForwardMsg()
            try:
                msg.ParseFromString(payload)
            except Exception:
                return
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished in (0, 3):
                self.last_finish = time.perf_counter()
                self.finished.set()

        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))

    @classmethod
    async def open(cls, browser):
        context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-CO")
        context.set_default_timeout(STEP_TIMEOUT_S * 1000)
        return cls(context, await context.new_page())

    async def until_finished(self, t0: float, timeout: float = STEP_TIMEOUT_S) -> float:
        """Seconds from ``t0`` until the server's next finished run (a debounced widget may need a
        moment before its rerun starts)."""
        deadline = time.perf_counter() + timeout
        while self.last_finish <= t0:
            self.finished.clear()
            try:
                await asyncio.wait_for(self.finished.wait(), max(0.01, deadline - time.perf_counter()))
            except asyncio.TimeoutError:
                raise TimeoutError("no finished run") from None
        return self.last_finish - t0

    async def goto(self, url: str, timeout: float = STEP_TIMEOUT_S) -> float:
        t0 = time.perf_counter()
        await self.page.goto(url, timeout=timeout * 1000)
        return await self.until_finished(t0, timeout)

    async def move(self, kind: str, key: str, i: int) -> float:
        box = self.page.locator(f'[class*="st-key-{key.replace(".", "-")}"]').first   # Streamlit writes the key's dots as dashes
        t0 = time.perf_counter()
        if kind == "slider":
            # Streamlit's slider is an <input> (older versions: a div with role="slider")
            await box.locator('[role="slider"], input').first.press("ArrowRight" if i % 4 < 2 else "ArrowLeft")
        elif kind == "check":
            await box.locator("label").first.click()
        else:                  # a select box: open it and click the option after the selected one
            await box.locator("input").first.click()
            options = self.page.locator('[role="option"]')
            await options.first.wait_for()
            n = await options.count()
            chosen = [await options.nth(j).get_attribute("aria-selected") == "true" for j in range(n)]
            current = chosen.index(True) if True in chosen else -1
            await options.nth((current + 1) % n).click()
        took = await self.until_finished(t0)
        await self.page.wait_for_timeout(250)      # past the slider's debounce: one move, one run
        return took

    async def errors(self) -> int:
        return await self.page.locator('[data-testid="stException"]').count()


async def browser_views(url: str, pid: int, moves: int) -> dict:
    """Per view: first load, the main widget's moves and the server CPU per move. A view that fails
    (no finished run, a selector not found within STEP_TIMEOUT_S) is reported with the reason, and
    the next view is measured."""
    import psutil
    from playwright.async_api import async_playwright

    server = psutil.Process(pid)
    cpu = lambda: sum(server.cpu_times()[:2])      # noqa: E731  user + system seconds
    out = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        warm = await Session.open(browser)          # the server's first session pays the imports
        try:
            await warm.goto(f"{url}/?lang=es", WARM_TIMEOUT_S)   # the first run imports everything
        except Exception as err:                     # noqa: BLE001  (reported, the views still run)
            out["_warm_failed"] = _why(err)
        await warm.context.close()
        for view in PAGES:
            row = {"first_load": None, "moves": [], "cpu": [], "errors": 0, "failed": None}
            out[view] = row
            s = await Session.open(browser)
            path = "" if view == "home" else view
            try:
                row["first_load"] = await s.goto(f"{url}/{path}?lang=es")
            except Exception as err:                 # noqa: BLE001
                row["failed"] = f"first load: {_why(err)}"
            if view in BROWSER_MOVES and row["failed"] is None:
                kind, key = BROWSER_MOVES[view]
                in_a_row = 0
                for i in range(moves):
                    c0 = cpu()
                    try:
                        row["moves"].append(await s.move(kind, key, i))
                        row["cpu"].append(cpu() - c0)
                        in_a_row = 0
                    except Exception as err:         # noqa: BLE001
                        row["errors"] += 1
                        in_a_row += 1
                        if in_a_row >= MAX_FAILED_MOVES:
                            row["failed"] = f"move {key}: {_why(err)}"
                            break
            try:
                row["errors"] += await s.errors()
            except Exception:                        # noqa: BLE001
                pass
            print(f"  {view}: first load {row['first_load']}, {len(row['moves'])} moves, "
                  f"errors {row['errors']}{', ' + row['failed'] if row['failed'] else ''}", flush=True)
            await s.context.close()
        # a view opened from inside the app (a click on its link in the navigation; the browser already
        # holds Streamlit's code): what a user waits for at every change of view after the first one
        s = await Session.open(browser)
        try:
            await s.goto(f"{url}/?lang=es")
            for _ in range(VIEW_CHANGE_ROUNDS):
                for view in (*PAGES[1:], PAGES[0]):
                    path = "" if view == "home" else view
                    link = s.page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first
                    await s.page.wait_for_timeout(300)      # the previous view drawn, as a reader's pause
                    t0 = time.perf_counter()
                    await link.click()
                    out[view].setdefault("view_change", []).append(await s.until_finished(t0))
        except Exception as err:                     # noqa: BLE001
            out["_view_change_failed"] = _why(err)
        await s.context.close()
        # memory per session: 5 more sessions kept open on the heaviest views
        rss0 = server.memory_info().rss
        kept = []
        try:
            for _ in range(5):
                s = await Session.open(browser)
                kept.append(s)
                for view in ("servqual", "staffing", "abandonment"):
                    await s.goto(f"{url}/{view}?lang=es")
            out["_memory_per_session_mb"] = (server.memory_info().rss - rss0) / 5 / 2**20
        except Exception as err:                     # noqa: BLE001
            out["_memory_failed"] = _why(err)
        for s in kept:
            await s.context.close()
        await browser.close()
    return out


async def load_run(url: str, sessions: int, seconds: float) -> dict:
    """``sessions`` contexts moving the staffing sliders at once for ``seconds``."""
    from playwright.async_api import async_playwright

    times, errors, why = [], 0, []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        opened = await asyncio.gather(*(Session.open(browser) for _ in range(sessions)))
        # 20 first runs at once on 2 cores: each may wait for the others (not a failure of the view)
        loads = await asyncio.gather(*(s.goto(f"{url}/staffing?lang=es", WARM_TIMEOUT_S) for s in opened),
                                     return_exceptions=True)
        errors += sum(isinstance(x, BaseException) for x in loads)
        why += [f"first load: {_why(x)}" for x in loads if isinstance(x, BaseException)]
        stop = time.perf_counter() + seconds

        async def user(s, n):
            nonlocal errors
            i = n
            while time.perf_counter() < stop:
                key = ("staffing.morning.agents", "staffing.morning.rate")[i % 2]
                try:
                    times.append(await s.move("slider", key, i // 2))
                except Exception as err:                 # noqa: BLE001
                    errors += 1
                    why.append(f"move: {_why(err)}")
                i += 1
            try:
                errors += await s.errors()
            except Exception:                        # noqa: BLE001
                errors += 1

        await asyncio.gather(*(user(s, n) for n, s in enumerate(opened)))
        await browser.close()
    return {"sessions": sessions, "seconds": seconds, "n": len(times), "p50": pct(times, .5),
            "p95": pct(times, .95), "errors": errors, "why": sorted(set(why))[:5]}


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def measure_browser(tree: Path, label: str, moves: int, load_seconds: float) -> dict:
    """Both browser parts on one server; a part that fails is reported (``failed``), not raised."""
    try:
        proc, url = start_server(tree, OUT / f"interaction_server_{label}.log")
    except Exception as err:                         # noqa: BLE001
        return {"views": {}, "load": {"failed": _why(err)}, "failed": _why(err)}
    out = {"views": {}, "load": {}}
    try:
        try:
            out["views"] = asyncio.run(asyncio.wait_for(browser_views(url, proc.pid, moves), 20 * 60))
        except Exception as err:                     # noqa: BLE001
            out["views"] = {"_failed": _why(err)}
        try:
            out["load"] = asyncio.run(asyncio.wait_for(load_run(url, 20, load_seconds), load_seconds + 10 * 60))
        except Exception as err:                     # noqa: BLE001
            out["load"] = {"failed": _why(err)}
    finally:
        os.killpg(proc.pid, 9)
        proc.wait(timeout=20)
    return out


# ============================================================================ both trees, tables

def before_tree(rev: str, name: str = "bench-before") -> Path:
    """``rev`` checked out (git worktree) under test-output/``name``, replacing what was there."""
    path = ROOT / "test-output" / name
    if path.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, capture_output=True)
        shutil.rmtree(path, ignore_errors=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(path), rev], cwd=ROOT, check=True, capture_output=True)
    return path


def fmt(x, unit=1000, digits=0):
    return "–" if x is None else f"{x * unit:,.{digits}f}"


def ratio(a, b):
    return "–" if not a or not b else f"{a / b:,.1f}×"


def page_rows(before, after):
    lines = ["| page | before CPU/rerun ms (p50) | after | ratio | before move p50/p95 ms | after move p50/p95 | "
             "ratio (p95) | before first run ms | after first run ms |", "|---|---|---|---|---|---|---|---|---|"]
    for page in PAGES:
        b, a = before.get(page), after.get(page)
        if not b or not a:
            continue
        bm = [c for v in b["moves"].values() for c in v]
        am = [c for v in a["moves"].values() for c in v]
        lines.append(f"| {page} | {fmt(pct(b['rerun'], .5))} | {fmt(pct(a['rerun'], .5))} | "
                     f"{ratio(pct(b['rerun'], .5), pct(a['rerun'], .5))} | {fmt(pct(bm, .5))} / {fmt(pct(bm, .95))} | "
                     f"{fmt(pct(am, .5))} / {fmt(pct(am, .95))} | {ratio(pct(bm, .95), pct(am, .95))} | "
                     f"{fmt(b['first'])} | {fmt(a['first'])} |")
    return lines


def browser_rows(before, after):
    lines = ["| view | first load s before | after | view change s (max) before | after | move p50/p95 ms before "
             "| after | ratio (p95) | server CPU/move ms before | after | errors b/a |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    bv, av = before.get("views", {}), after.get("views", {})
    for view in PAGES:
        b, a = bv.get(view) or {}, av.get(view) or {}
        if not b and not a:
            continue
        bm, am = b.get("moves", []), a.get("moves", [])
        bc, ac = b.get("view_change", []), a.get("view_change", [])
        lines.append(f"| {view} | {fmt(b.get('first_load'), 1, 2)} | {fmt(a.get('first_load'), 1, 2)} | "
                     f"{fmt(pct(bc, .5), 1, 2)} ({fmt(max(bc, default=None), 1, 2)}) | "
                     f"{fmt(pct(ac, .5), 1, 2)} ({fmt(max(ac, default=None), 1, 2)}) | "
                     f"{fmt(pct(bm, .5))} / {fmt(pct(bm, .95))} | {fmt(pct(am, .5))} / {fmt(pct(am, .95))} | "
                     f"{ratio(pct(bm, .95), pct(am, .95))} | {fmt(pct(b.get('cpu', []), .5))} | "
                     f"{fmt(pct(a.get('cpu', []), .5))} | {b.get('errors', '–')}/{a.get('errors', '–')} |")
    for label, views in (("before", bv), ("after", av)):
        for view, row in views.items():
            if isinstance(row, dict) and row.get("failed"):
                lines.append(f"\n{label}, {view}: failed ({row['failed']})")
            elif view.endswith("_failed"):
                lines.append(f"\n{label}, {view.strip('_')}: {row}")

    def mb(views):
        value = views.get("_memory_per_session_mb")
        return "–" if value is None else f"{value:.1f} MB"
    lines.append(f"\nResident memory per session (5 sessions on SERVQUAL, staffing, abandonment): before "
                 f"{mb(bv)}, after {mb(av)}.")
    bl, al = before.get("load", {}), after.get("load", {})
    lines += ["", f"Load: 20 sessions moving the staffing sliders for {al.get('seconds', bl.get('seconds', 0)):.0f} s",
              "", "| | moves | p50 ms | p95 ms | errors |", "|---|---|---|---|---|"]
    for label, row in (("before", bl), ("after", al)):
        if row.get("failed"):
            lines.append(f"| {label} | failed: {row['failed']} | | | |")
        else:
            lines.append(f"| {label} | {row.get('n', '–')} | {fmt(row.get('p50'))} | {fmt(row.get('p95'))} | "
                         f"{row.get('errors', '–')} |")
    return lines


def growth_rows(before, after):
    lines = ["| view | n | before first run ms | after | before move p50 ms | after | ratio (move) |",
             "|---|---|---|---|---|---|---|"]
    for b, a in zip(before, after):
        lines.append(f"| {a['page']} | {a['n']:,} | {fmt(b['first'])} | {fmt(a['first'])} | {fmt(b['move_p50'])} | "
                     f"{fmt(a['move_p50'])} | {ratio(b['move_p50'], a['move_p50'])} |")
    return lines


def load_only(args) -> None:
    """``--load-only S``: the 20-session load run alone, before and after, as its own table
    (benchmarks/output/interaction_load.md)."""
    trees = (("before", before_tree(args.before)), ("after", ROOT)) if args.before else (("after", ROOT),)
    rows, load_before = {}, os.getloadavg()
    for label, tree in trees:
        proc, url = start_server(tree, OUT / f"interaction_load_{label}.log")
        try:
            if args.load_client == "ws":     # the server alone: a client of a few CPU seconds (benchmarks/ws_load.py)
                from ws_load import ws_load_run
                rows[label] = ws_load_run(url, 20, args.load_only, (args.think[0], args.think[-1]), proc.pid)
            else:
                asyncio.run(browser_views_warm(url))
                rows[label] = asyncio.run(asyncio.wait_for(load_run(url, 20, args.load_only), args.load_only + 600))
        except Exception as err:                     # noqa: BLE001
            rows[label] = {"failed": _why(err)}
        finally:
            os.killpg(proc.pid, 9)
            proc.wait(timeout=20)
    if args.before:
        subprocess.run(["git", "worktree", "remove", "--force", str(trees[0][1])], cwd=ROOT, capture_output=True)
    client = ("WebSocket client (benchmarks/ws_load.py), think time "
              + ("none" if not max(args.think) else f"{args.think[0]:g}-{args.think[-1]:g} s")
              if args.load_client == "ws" else "20 headless Chromium contexts")
    lines = [f"# Load run: 20 sessions moving the staffing sliders for {args.load_only:.0f} s, {client}"
             + (f" (before = {args.before})" if args.before else ""), "",
             "| tree | moves | p50 ms | p95 ms | errors | server CPU per move ms |", "|---|---|---|---|---|---|"]
    for label, row in rows.items():
        if row.get("failed"):
            lines.append(f"| {label} | failed: {row['failed']} | | | | |")
        else:
            per_move = row.get("server_cpu_per_move_ms")
            lines.append(f"| {label} | {row['n']} | {fmt(row['p50'])} | {fmt(row['p95'])} | {row['errors']} | "
                         f"{'' if per_move is None else f'{per_move:.0f}'} |")
            lines += [f"| | {w} | | | | |" for w in row.get("why", [])]
    lines += ["", f"Load average at the start {', '.join(f'{x:.1f}' for x in load_before)}, at the end "
              f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)."]
    text = "\n".join(lines)
    print(text)
    (OUT / "interaction_load.md").write_text(text + "\n", encoding="utf-8")


async def browser_views_warm(url: str) -> None:
    """One session opens the staffing view first (the server's imports and first run), as a server in
    use has done long before twenty people click."""
    from playwright.async_api import async_playwright
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        session = await Session.open(browser)
        await session.goto(f"{url}/staffing?lang=es", WARM_TIMEOUT_S)
        await browser.close()


def main(args):
    OUT.mkdir(parents=True, exist_ok=True)
    if args.profile:
        args.before = args.before or "HEAD"
        for label, tree in (("before", before_tree(args.before)), ("after", ROOT)):
            print(f"==== {label}\n" + run_worker(tree, "profile", ["--page", args.profile])["profile"])
        return
    if args.before is None:
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "ui/cache.py"], cwd=ROOT,
                               capture_output=True, text=True).stdout.split()
        args.before = f"{added[-1]}~1" if added else "HEAD"
    started = time.perf_counter()
    load_before = os.getloadavg()
    moves = 5 if args.quick else 10
    growth_moves = 3 if args.quick else 2
    factors = ["1", "10"] if args.quick else ["1", "10", "100", str(SURVEY_N), str(YEAR_INTERVALS)]
    parts = {}

    def part(name, since):
        parts[name] = parts.get(name, 0.0) + time.perf_counter() - since
        print(f"  ({name}: {time.perf_counter() - since:.0f} s)", flush=True)
    before = before_tree(args.before)
    trees = (("before", before), ("after", ROOT))
    report = {"quick": args.quick, "before": args.before, "pages": {}, "growth": {}, "browser": {}}
    for label, tree in trees:
        print(f"AppTest pages ({label})...", flush=True)
        t0 = time.perf_counter()
        report["pages"][label] = run_worker(tree, "pages", ["--reruns", "5", "--moves", str(moves)])
        part("AppTest pages", t0)
        print(f"AppTest growth ({label})...", flush=True)
        t0 = time.perf_counter()
        report["growth"][label] = run_worker(tree, "growth", ["--moves", str(growth_moves), "--factors", *factors])
        part("AppTest growth", t0)
    lines = [f"# Interaction benchmark ({'quick' if args.quick else 'full'} run, before = {args.before})", "",
             "## Server CPU per rerun (AppTest, sample case in Spanish)", "",
             *page_rows(report["pages"]["before"], report["pages"]["after"]), "",
             "## Growth (AppTest CPU: first run of the view, and a rerun after moving its main widget)", "",
             *growth_rows(report["growth"]["before"], report["growth"]["after"])]
    if args.no_browser or chromium_path() is None:
        lines += ["", "Browser parts skipped (--no-browser, or no Chromium found)."]
    else:
        for label, tree in trees:
            print(f"Browser ({label})...", flush=True)
            t0 = time.perf_counter()
            report["browser"][label] = measure_browser(tree, label, 10, 15 if args.quick else 60)
            part("browser and load run", t0)
        lines += ["", "## In the browser (headless Chromium, `streamlit run app.py`)", "",
                  *browser_rows(report["browser"]["before"], report["browser"]["after"])]
    subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, capture_output=True)
    report["wall_s"] = time.perf_counter() - started
    report["load_average"] = {"start": load_before, "end": os.getloadavg()}
    lines += ["", f"Wall time of this run: {report['wall_s']:.0f} s ("
              + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in parts.items()) + "). "
              f"Load average (1, 5, 15 min) at the start {', '.join(f'{x:.1f}' for x in load_before)}, "
              f"at the end {', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores: above 2, "
              "other work shared the machine and every time above is longer than on an idle server)."]
    text = "\n".join(lines)
    print(text)
    (OUT / "interaction.md").write_text(text + "\n", encoding="utf-8")
    (OUT / "interaction.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer moves, a 15 s load run, growth x1 and x10")
    p.add_argument("--before", default=None,
                   help="the commit to compare with (default: the parent of the commit that added ui/cache.py, "
                        "or HEAD while that change is not committed)")
    p.add_argument("--no-browser", action="store_true", help="AppTest parts only")
    p.add_argument("--load-only", type=float, metavar="SECONDS",
                   help="only the load run (20 sessions for SECONDS), on the current tree and on --before")
    p.add_argument("--load-client", choices=("ws", "browser"), default="ws",
                   help="--load-only's sessions: WebSocket clients (the server measured alone; default) or Chromium")
    p.add_argument("--think", type=float, nargs="+", default=[1.0, 3.0], metavar="S",
                   help="--load-client ws: think time between a session's moves, LO HI seconds (0: back to back)")
    p.add_argument("--profile", metavar="PAGE", help="print a cProfile of one rerun of PAGE (before and after)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--page", help=argparse.SUPPRESS)
    p.add_argument("--reruns", type=int, default=5, help=argparse.SUPPRESS)
    p.add_argument("--moves", type=int, default=10, help=argparse.SUPPRESS)
    p.add_argument("--factors", type=float, nargs="*", default=[1, 10, 100], help=argparse.SUPPRESS)
    return p.parse_args(argv)


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.worker:
        worker(ARGS)
    elif ARGS.load_only:
        load_only(ARGS)
    else:
        main(ARGS)
