"""Server CPU per click on every view, measured on the real server (issue 16).

    .venv/bin/python benchmarks/views_server.py                       # start the app, all views, 10 moves
    .venv/bin/python benchmarks/views_server.py --url http://127.0.0.1:PORT --pid PID   # a running app
    .venv/bin/python benchmarks/views_server.py --views journey staffing --moves 3 --reruns 3
    .venv/bin/python benchmarks/views_server.py --before REV          # the same on REV too, with ratios

benchmarks/interaction.py --no-browser measures pages through AppTest, which adds its own ~40 ms a run
(unittest.mock set-up, parsing the element tree) and never runs app.py (navigation, sidebar, status).
This runs the app as ``make run`` does (``streamlit run app.py``, headless, a free port, the sample
case) and talks to it with benchmarks/ws_load.py's WebSocket client, ONE session at a time and nothing
else talking to the server. For each view of the navigation (url path = view, ``lang=es``):

- first load, cold: a new session opening the view for the first time in the server process (its
  modules imported then; the first view also pays the server's first run); wall time from opening the
  WebSocket to ``script_finished``, and the server's CPU for it;
- first load, warm: a second new session opening the same view (what most users see);
- 10 reruns with nothing changed, then >= 10 moves of each main widget (benchmarks/interaction.MOVES:
  a select box cycles through its options, a check box toggles, a slider steps up, up, down, down).

Server CPU of a run = CPU time of the whole server process (every thread, user + system, including
threads that ended: Streamlit runs each script run on a new thread) from just before sending the
rerun until ``SETTLE`` (50 ms) after its ``script_finished``, so that work done after the run's last
message (session clean-up, queued messages) is counted; how much that tail is, and what the server
burns idle, is measured and printed. The clock is the process's CPU-time clock (``clock_gettime`` on
``clock_getcpuclockid(pid)``, nanoseconds); psutil's ``cpu_times`` (user + system; the same kernel sum
read in 10 ms ticks) is recorded beside it as a cross-check. Elements per run = ``delta`` messages the
run sent (a cached element re-sent as a reference counts as one).

Output: a printed table, benchmarks/output/views_server.json and views_server.md.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:        # run as a script: benchmarks.* importable
    sys.path.insert(0, str(ROOT))

from benchmarks.interaction import MOVES, PAGES, before_tree, pct, start_server   # noqa: E402
from benchmarks.ws_load import STEP_TIMEOUT_S, WARM_TIMEOUT_S, WIDGET_KINDS, WsSession   # noqa: E402

OUT = ROOT / "benchmarks" / "output"
SETTLE_S = 0.05          # after script_finished, still counted in the run's CPU
TAIL_S = 0.30            # reruns only: how much CPU arrives 50..300 ms after script_finished (reported)
QUIET_S = 0.30           # between sessions: closing the previous one is not counted in the next


def url_path(view: str) -> str:
    """The view's url path: app.py makes home the default page, whose path is empty ("/")."""
    return "" if view == "home" else view


# ---------------------------------------------------------------------------- the server's CPU

def cpu_clocks(pid: int):
    """(precise, psutil): two functions returning the server's CPU seconds (user + system, all threads,
    ended threads included). ``precise`` reads the process CPU-time clock (ns); psutil's cpu_times is
    the same kernel sum in 10 ms ticks. Without the clock (another user's process) both are psutil."""
    import psutil

    proc = psutil.Process(pid)

    def ticks() -> float:
        t = proc.cpu_times()
        return t.user + t.system

    clock = ((~pid) << 3) | 2          # Linux MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
    try:
        time.clock_gettime(clock)
    except OSError:
        return ticks, ticks
    return (lambda: time.clock_gettime(clock)), ticks


# ---------------------------------------------------------------------------- the client

class ViewSession(WsSession):
    """WsSession that also keeps every widget's proto (to move select boxes, radios and check boxes, not
    only sliders), counts the delta messages and bytes of each run, and the metrics/headings it shows."""

    def __init__(self, url: str, page: str, query: str = "lang=es"):
        super().__init__(url, page, query)
        self.protos: dict = {}           # widget id -> (kind, proto) of the current run
        self.headings: list = []         # titles and headers of the current run
        self.deltas = self.bytes = 0
        self.next_fragment = ""          # the fragment to rerun at the next run (set_next of a widget in one)

    def _on_message(self, payload: bytes) -> None:
        self.bytes += len(payload)
        super()._on_message(payload)

    def _on_delta(self, delta) -> None:
        self.deltas += 1
        if delta.WhichOneof("type") == "new_element":
            el = delta.new_element
            kind = el.WhichOneof("type")
            if kind in WIDGET_KINDS and getattr(el, kind).id:
                self.protos[getattr(el, kind).id] = (kind, getattr(el, kind))
            elif kind == "heading":
                self.headings.append(el.heading.body)
        super()._on_delta(delta)

    async def run(self, timeout: float = STEP_TIMEOUT_S, fragment_id: str = "") -> float:
        """A rerun; after ``set_next`` of a widget drawn inside an st.fragment, that fragment's own rerun
        (as the browser asks for it). Widget protos are kept across runs: a fragment's run redraws only its own."""
        self.headings, self.deltas, self.bytes = [], 0, 0
        fragment_id, self.next_fragment = fragment_id or self.next_fragment, ""
        return await super().run(timeout, fragment_id)

    def find(self, key: str):
        """(widget id, kind, proto) of the widget with user key ``key`` shown by the last run."""
        for wid, (kind, proto) in self.protos.items():
            if wid.endswith("-" + key):
                return wid, kind, proto
        raise LookupError(f"no widget with key {key} on the page")

    def set_next(self, key: str, i: int) -> str:
        """Give widget ``key`` its next value (move ``i``), as the browser would; returns it as text."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        wid, kind, el = self.find(key)
        held = self.widgets.get(wid)
        state = WidgetState(id=wid)
        if kind == "slider":
            current = held.double_array_value.data[0] if held else (el.value or el.default)[0]
            step, direction = el.step or 1.0, (1 if i % 4 < 2 else -1)
            new = current + direction * step
            if not el.min <= new <= el.max:
                new = current - direction * step
            state.double_array_value.data[:] = [round(new, 9)]
            shown = f"{new:g}"
        elif kind == "checkbox":
            state.bool_value = not (held.bool_value if held else el.default)
            shown = str(state.bool_value)
        elif kind in ("selectbox", "radio"):
            options = list(el.options)
            if len(options) < 2:
                raise LookupError(f"{key} has {len(options)} option(s): nothing to move")
            current = held.string_value if held else None
            at = options.index(current) if current in options else (el.default if el.HasField("default") else -1)
            state.string_value = shown = options[(at + 1) % len(options)]
        else:
            raise LookupError(f"{key} is a {kind}: not moved by this tool")
        self.widgets[wid] = state
        self.next_fragment = self.fragment_of.get(wid, "")
        return shown


async def _timed(s: ViewSession, cpu, ticks, tail: bool = False, connect: bool = False,
                 timeout: float = STEP_TIMEOUT_S) -> dict:
    """One run (a new session's connect + first run when ``connect``): wall s, server CPU s (send ->
    script_finished + SETTLE), its part after script_finished, psutil's reading, deltas, bytes."""
    c0, p0, w0 = cpu(), ticks(), time.perf_counter()
    if connect:
        await s.connect()
    await s.run(timeout)
    wall = time.perf_counter() - w0
    c1 = cpu()
    await asyncio.sleep(SETTLE_S)
    c2, p2 = cpu(), ticks()
    out = {"wall": wall, "cpu": c2 - c0, "cpu_after_finish": c2 - c1, "cpu_psutil": p2 - p0,
           "deltas": s.deltas, "bytes": s.bytes, "metrics": dict(s.metrics)}
    if tail:
        await asyncio.sleep(TAIL_S - SETTLE_S)
        out["cpu_tail"] = cpu() - c2
    return out


async def _idle(cpu, seconds: float) -> float:
    """The server's CPU seconds per second with nobody talking to it."""
    c0 = cpu()
    await asyncio.sleep(seconds)
    return (cpu() - c0) / seconds


async def measure_view(url: str, view: str, cpu, ticks, reruns: int, moves: int) -> dict:
    """Cold and warm first loads, reruns and moves of one view (one session at a time)."""
    row: dict = {"view": view}
    s = ViewSession(url, url_path(view))
    try:
        row["first_cold"] = await _timed(s, cpu, ticks, connect=True, timeout=WARM_TIMEOUT_S)
    finally:
        await s.close()
    await asyncio.sleep(QUIET_S)
    s = ViewSession(url, url_path(view))
    try:
        row["first_warm"] = await _timed(s, cpu, ticks, connect=True, timeout=WARM_TIMEOUT_S)
        row["headings"] = list(s.headings)
        row["rerun"] = [await _timed(s, cpu, ticks, tail=True) for _ in range(reruns)]
        row["moves"] = {}
        for _kind, key in MOVES.get(view, []):
            runs = []
            for i in range(moves):
                try:
                    value = s.set_next(key, i)
                except LookupError as err:
                    row.setdefault("skipped", []).append(f"{key}: {err}")
                    break
                runs.append({**await _timed(s, cpu, ticks), "value": value})
            row["moves"][key] = runs
    finally:
        await s.close()
        await asyncio.sleep(QUIET_S)
    return row


def measure(url: str, pid: int, views=PAGES, reruns: int = 10, moves: int = 10, idle_s: float = 1.0) -> dict:
    """Every view in ``views``, in order, on the server at ``url`` (process ``pid``); the idle server's CPU
    is read over ``idle_s`` seconds before and after."""
    cpu, ticks = cpu_clocks(pid)

    async def go():
        out = {"idle_cpu_per_s_start": await _idle(cpu, idle_s), "views": {}}
        for view in views:
            print(f"  {view}...", flush=True)
            try:
                out["views"][view] = await measure_view(url, view, cpu, ticks, reruns, moves)
            except Exception as err:     # noqa: BLE001  (reported in the table; the other views go on)
                out["views"][view] = {"view": view, "failed": f"{type(err).__name__}: {str(err)[:160]}"}
                print(f"  {view} failed: {out['views'][view]['failed']}", flush=True)
                await asyncio.sleep(QUIET_S)
        out["idle_cpu_per_s_end"] = await _idle(cpu, idle_s)
        return out

    load0, t0 = os.getloadavg(), time.perf_counter()
    out = asyncio.run(go())
    out.update(load_start=load0, load_end=os.getloadavg(), wall_s=time.perf_counter() - t0,
               precise_clock=cpu is not ticks, reruns=reruns, moves=moves, settle_s=SETTLE_S)
    return out


# ---------------------------------------------------------------------------- tables

def _ms(x) -> str:
    return "–" if x is None else f"{x * 1000:,.0f}"


def _q(runs, field="cpu") -> tuple:
    values = [r[field] for r in runs]
    return pct(values, .5), pct(values, .95)


def _p(runs, field="cpu") -> str:
    p50, p95 = _q(runs, field)
    return f"{_ms(p50)} / {_ms(p95)}"


def _ratio(a, b) -> str:
    return "–" if not a or not b else f"{a / b:.1f}×"


def view_rows(res: dict, before: dict | None = None) -> list[str]:
    head = ("| view | first load cold: wall / CPU (ms) | first load warm: wall / CPU (ms) | rerun CPU p50 / p95 (ms) "
            "| move CPU p50 / p95 (ms), per widget [wall p50] | elements per run: first / rerun / move p50 |")
    lines = [head, "|---|---|---|---|---|---|"]
    for view, r in res["views"].items():
        if r.get("failed"):
            lines.append(f"| {view} | failed: {r['failed']} | | | | |")
            continue
        cold, warm = r["first_cold"], r["first_warm"]
        moves = "; ".join(f"{key.split('.', 1)[-1]} {_p(runs)} [{_ms(_q(runs, 'wall')[0])}]"
                          for key, runs in r["moves"].items() if runs) or "–"
        all_moves = [m for runs in r["moves"].values() for m in runs]
        elements = (f"{cold['deltas']} / {_q(r['rerun'], 'deltas')[0]:.0f} / "
                    + (f"{_q(all_moves, 'deltas')[0]:.0f}" if all_moves else "–"))
        rerun = _p(r["rerun"])
        if before and not before["views"].get(view, {"failed": 1}).get("failed"):
            b = before["views"][view]
            rerun += f" (before {_p(b['rerun'])}, {_ratio(_q(b['rerun'])[1], _q(r['rerun'])[1])} p95)"
            moves += "".join(f"; before {key.split('.', 1)[-1]} {_p(runs)}, "
                             f"{_ratio(_q(runs)[1], _q(r['moves'].get(key) or runs)[1])} p95"
                             for key, runs in b["moves"].items() if runs)
        lines.append(f"| {view} | {_ms(cold['wall'])} / {_ms(cold['cpu'])} | {_ms(warm['wall'])} / {_ms(warm['cpu'])} "
                     f"| {rerun} | {moves} | {elements} |")
        lines += [f"| | skipped: {why} | | | | |" for why in r.get("skipped", [])]
    return lines


def notes(res: dict) -> list[str]:
    """The settle window, the tail after it, idle CPU, the clock cross-check, the machine's load."""
    done = [r for r in res["views"].values() if not r.get("failed")]
    runs = [x for r in done for x in (r["rerun"] + [m for ms in r["moves"].values() for m in ms])]
    reruns = [x for r in done for x in r["rerun"]]
    if not runs:
        return ["No view measured."]
    after = [x["cpu_after_finish"] for x in runs]
    tail = [x["cpu_tail"] for x in reruns]
    idle = (res["idle_cpu_per_s_start"] + res["idle_cpu_per_s_end"]) / 2
    precise, ticks = sum(x["cpu"] for x in runs), sum(x["cpu_psutil"] for x in runs)
    return [
        f"CPU counted after script_finished (the {SETTLE_S * 1000:.0f} ms settle, all {len(runs)} reruns and moves): "
        f"p50 {_ms(pct(after, .5))} ms, p95 {_ms(pct(after, .95))} ms, max {_ms(max(after))} ms; "
        f"{TAIL_S * 1000:.0f} ms after script_finished beyond the settle (reruns): p50 {pct(tail, .5) * 1000:.1f} ms, "
        f"max {max(tail) * 1000:.1f} ms; the idle server burns {idle * 1000:.1f} ms of CPU per second "
        f"({idle * SETTLE_S * 1000:.2f} ms per settle).",
        f"Clock cross-check over those runs: process CPU clock {precise:.2f} s, psutil cpu_times {ticks:.2f} s "
        f"(10 ms ticks).",
        f"Load average (1, 5, 15 min) at the start {', '.join(f'{x:.1f}' for x in res['load_start'])}, at the end "
        f"{', '.join(f'{x:.1f}' for x in res['load_end'])} ({os.cpu_count()} cores, shared with other work; "
        f"CPU time is less sensitive to it than wall time). Wall time {res['wall_s']:.0f} s.",
    ]


# ---------------------------------------------------------------------------- trees, main

def worktree(rev: str) -> Path:
    return before_tree(rev, "views-server-before")   # its own folder: interaction.py may run beside it


def measure_tree(tree: Path, label: str, args) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    proc, url = start_server(tree, OUT / f"views_server_{label}.log")
    try:
        return measure(url, proc.pid, args.views, args.reruns, args.moves)
    finally:
        os.killpg(proc.pid, 9)
        proc.wait(timeout=20)


def main(argv=None) -> dict:
    args = parse_args(argv)
    before = None
    if args.url:
        res = measure(args.url, args.pid, args.views, args.reruns, args.moves)
    else:
        if args.before:
            tree = worktree(args.before)
            try:
                print(f"before ({args.before})...", flush=True)
                before = measure_tree(tree, "before", args)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
        print("this tree...", flush=True)
        res = measure_tree(ROOT, "after", args)
    command = " ".join(["python benchmarks/views_server.py", *(argv if argv is not None else sys.argv[1:])])
    text = "\n".join([
        "# Server CPU per run of each view, on the real server (`streamlit run app.py`, WebSocket client)", "",
        f"Sample case, Spanish, one session at a time; {args.reruns} reruns with nothing changed and {args.moves} "
        f"moves per widget; CPU = the server process, all threads, send -> script_finished + {SETTLE_S * 1000:.0f} ms"
        + (f"; before = {args.before}" if before else "") + ".", "",
        *view_rows(res, before), "", *[f"- {n}" for n in notes(res)],
        *([f"- before: {n}" for n in notes(before)] if before else []), "",
        f"`{command}`, {time.strftime('%Y-%m-%d %H:%M')}."])
    print(text)
    if args.write:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "views_server.md").write_text(text + "\n", encoding="utf-8")
        (OUT / "views_server.json").write_text(json.dumps({"after": res, "before": before, "command": command},
                                                          indent=1, default=str), encoding="utf-8")
        print(f"wrote {OUT / 'views_server.md'} and views_server.json")
    return {"after": res, "before": before, "text": text}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", help="a running app, e.g. http://127.0.0.1:8501 (default: start one)")
    p.add_argument("--pid", type=int, help="the running app's server pid (with --url)")
    p.add_argument("--views", nargs="+", default=list(PAGES), choices=PAGES, metavar="VIEW")
    p.add_argument("--reruns", type=int, default=10)
    p.add_argument("--moves", type=int, default=10, help="moves per widget")
    p.add_argument("--before", metavar="REV", help="also measure REV (git worktree under test-output/), with ratios")
    p.add_argument("--no-write", dest="write", action="store_false", help="print only (no files in benchmarks/output)")
    args = p.parse_args(argv)
    if args.url and not args.pid:
        p.error("--url needs --pid (the server's CPU is what is measured)")
    if args.url and args.before:
        p.error("--before starts its own servers: not with --url")
    return args


if __name__ == "__main__":
    main()
