"""Load run with a light client that speaks Streamlit's own WebSocket protocol (issue 16).

    .venv/bin/python benchmarks/ws_load.py --url http://127.0.0.1:PORT --sessions 20 --seconds 60 [--think 1 3] [--pid PID]
    .venv/bin/python benchmarks/ws_load.py --start [--think 1 3 --think 0] [--taskset-server 1]

Twenty headless Chromium pages on the two cores the server runs on measure Chromium more than the
server. This client opens N sessions as N WebSocket connections to ``/_stcore/stream`` and sends what
the browser sends (``BackMsg.rerun_script`` with a ``ClientState``), so 20 sessions cost it a few CPU
seconds a minute and the figures measure the server.

Protocol (Streamlit 1.67, starlette server): connect with subprotocol ``streamlit`` (the browser puts
its XSRF token second; it only gates the login cookie); send ``rerun_script`` with the query string
(``lang=es``) and the page's url path as ``page_name`` (st.navigation resolves it); the server answers
``new_session``, ``navigation`` (carrying the page's ``page_script_hash``), ``delta``s (elements; a large element the
client said it holds comes as a ``ref_hash``), ``page_info_changed`` (the query string the app set)
and ``script_finished`` (0 finished, 1 compile error, 2 stopped early for a rerun, 3 fragment
finished). A slider move is a ``rerun_script`` with the page's hash and the values of every widget the
page shows (as the browser's widget manager keeps them), the moved slider holding its new value.

Load model: N sessions open the staffing page at once (their first loads are reported apart), then for
S seconds each alternates the morning agents and arrival-rate sliders (up, up, down, down: each move
a new value), waiting a think time between moves (uniform LO..HI s, seeded; 0 = back to back). A
response is the time from sending the move until that run's ``script_finished``. An error is a run
longer than 30 s, an ``exception`` element in the run's deltas (a traceback on the page), a status
other than finished, a page not found, or a lost connection.

Output: printed table; ``--start`` also writes benchmarks/output/ws_load.md.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:       # benchmarks.interaction (start_server, pct), also when run as a script
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "output"
KEYS = ("staffing.morning.agents", "staffing.morning.rate")
PAGE, QUERY = "staffing", "lang=es"
STEP_TIMEOUT_S = 30.0       # a run longer than this is an error
WARM_TIMEOUT_S = 180.0      # the server's very first run (imports, the sample case)
LATE_WAIT_S = 60.0          # after a time-out: how long to wait for the late run before giving up the session
CACHE: dict = {}            # hash -> cacheable ForwardMsg, shared by the sessions (what each browser caches)


def _widget_state(kind: str, el):
    """The WidgetState the browser's widget manager holds for element ``el`` of type ``kind``
    (the value the server set, else the default), or None for a type or value this client does not send
    (the server then keeps the widget's previous value, as for a browser that never touched it)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    if not getattr(el, "id", "") or getattr(el, "form_id", ""):
        return None                      # not a widget, or inside a form (sent on submit only)
    state = WidgetState(id=el.id)
    use_set = el.set_value
    if kind == "slider":
        state.double_array_value.data[:] = list(el.value if use_set and len(el.value) else el.default)
    elif kind == "checkbox":
        state.bool_value = el.value if use_set else el.default
    elif kind in ("radio", "selectbox"):
        if use_set and el.HasField("raw_value"):
            state.string_value = el.raw_value
        elif not use_set and el.HasField("default") and 0 <= el.default < len(el.options):
            state.string_value = el.options[el.default]
        else:
            return None
    elif kind in ("number_input", "text_input", "text_area"):
        field = "value" if use_set else "default"
        if not el.HasField(field):
            return None                  # None (an empty box): not representable without guessing
        value = getattr(el, field)
        if kind == "number_input":
            state.double_value = value
        else:
            state.string_value = value
    else:
        return None
    return state


WIDGET_KINDS = ("slider", "checkbox", "radio", "selectbox", "number_input", "text_input", "text_area")


class WsSession:
    """One Streamlit session over one WebSocket, doing what the browser's frontend does for it."""

    def __init__(self, url: str, page: str = PAGE, query: str = QUERY):
        self.url = url.rstrip("/")
        self.ws_url = self.url.replace("http://", "ws://").replace("https://", "wss://") + "/_stcore/stream"
        self.page, self.query, self.page_hash = page, query, ""
        self.widgets: dict = {}          # widget id -> WidgetState (the browser's widget manager)
        self.sliders: dict = {}          # widget id -> latest Slider proto (min, max, step)
        self.fragment_of: dict = {}      # widget id -> id of the st.fragment that drew it
        self.fragment_runs = 0           # moves answered by a fragment's own rerun (status 3)
        self.seen: set = set()           # widget ids shown by the current run
        self.metrics: dict = {}          # st.metric label -> body shown by the current run
        self.hashes: set = set()         # cacheable messages this session holds (sent back like the browser)
        self.run_errors: list = []
        self.waiting = None              # future of the run in flight: (perf_counter at finish, status)
        self.ws, self.reader, self.closed = None, None, None
        self.moves_per_key = Counter()

    # ------------------------------------------------------------------ receiving
    def _on_message(self, payload: bytes) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.HasField("ref_hash"):
            cached = CACHE.get(msg.ref_hash)
            if cached is None:
                self.run_errors.append("ref_hash of a message the client never got")
                return
            meta = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached)
            msg.metadata.CopyFrom(meta)
        elif msg.metadata.cacheable and msg.hash:
            CACHE[msg.hash] = msg
            self.hashes.add(msg.hash)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash
            self.seen, self.metrics = set(), {}
        elif kind == "navigation":       # st.navigation names the page it runs (new_session: the main script)
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "delta":
            self._on_delta(msg.delta)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self.run_errors.append(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
            self.run_errors.append("script compilation exception")
        elif kind == "script_finished":
            self._on_finished(msg.script_finished)

    def _on_delta(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        fragment = delta.fragment_id
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.run_errors.append(f"exception on the page: {el.exception.type}: {el.exception.message[:80]}")
        elif kind == "metric":
            self.metrics[el.metric.label] = el.metric.body
        elif kind in WIDGET_KINDS:
            proto = getattr(el, kind)
            state = _widget_state(kind, proto)
            if state is None:
                return
            self.seen.add(state.id)
            if fragment:
                self.fragment_of[state.id] = fragment
            if kind == "slider":
                self.sliders[state.id] = proto
            if state.id not in self.widgets or proto.set_value:   # the browser keeps its own value otherwise
                self.widgets[state.id] = state

    def _on_finished(self, status: int) -> None:
        if status == 2:                  # stopped early for a rerun: not expected with one move in flight
            self.run_errors.append("finished early for a rerun (status 2)")
            return                       # the rerun that follows finishes the move
        if status == 0:                  # the browser drops the widgets the run no longer shows
            self.widgets = {k: v for k, v in self.widgets.items() if k in self.seen}
        elif status == 3:                # a fragment's own rerun: the widgets outside it stay
            self.fragment_runs += 1
        else:
            self.run_errors.append(f"script finished with status {status}")
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result((time.perf_counter(), status))

    async def _read(self) -> None:
        try:
            async for payload in self.ws:
                if isinstance(payload, bytes):
                    self._on_message(payload)
        except Exception as err:         # noqa: BLE001  (a lost connection is reported by the waiting run)
            self.closed = f"connection lost: {type(err).__name__}"
        else:
            self.closed = "connection closed by the server"
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_exception(ConnectionError(self.closed))

    # ------------------------------------------------------------------ sending
    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=STEP_TIMEOUT_S)
        self.reader = asyncio.create_task(self._read())

    def _back_msg(self, fragment_id: str = "") -> bytes:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        if not self.page_hash:          # the first request names the page by its url path, as the address does
            state.page_name = self.page
        state.widget_states.widgets.extend(self.widgets.values())
        if fragment_id:                  # as the browser does for a widget drawn inside an st.fragment
            state.fragment_id = fragment_id
        state.cached_message_hashes.extend(sorted(self.hashes))
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "America/Bogota", 300, "es-CO"
        info.url = f"{self.url}/{self.page}?{self.query}"
        return msg.SerializeToString()

    async def run(self, timeout: float = STEP_TIMEOUT_S, fragment_id: str = "") -> float:
        """Send a rerun with the current widget states; seconds until its script_finished. Raises
        TimeoutError, ConnectionError, or RuntimeError with the run's errors (exception on the page...)."""
        if self.closed:
            raise ConnectionError(self.closed)
        self.run_errors = []
        self.waiting = asyncio.get_running_loop().create_future()
        t0 = time.perf_counter()
        await self.ws.send(self._back_msg(fragment_id))
        try:
            finished, _ = await asyncio.wait_for(asyncio.shield(self.waiting), timeout)
        except asyncio.TimeoutError:
            raise TimeoutError(f"no finished run within {timeout:.0f} s") from None
        if self.run_errors:
            raise RuntimeError("; ".join(sorted(set(self.run_errors))))
        return finished - t0

    async def late_finish(self) -> bool:
        """After a time-out: wait for the run in flight, so the next move is not answered by it."""
        try:
            await asyncio.wait_for(asyncio.shield(self.waiting), LATE_WAIT_S)
            return True
        except Exception:                # noqa: BLE001
            return False

    def widget_id(self, key: str) -> str:
        ids = [wid for wid in self.sliders if wid.endswith("-" + key) and wid in self.widgets]
        if not ids:
            raise LookupError(f"no slider with key {key} on the page")
        return ids[0]

    def value(self, key: str) -> float:
        return self.widgets[self.widget_id(key)].double_array_value.data[0]

    async def move(self, key: str, direction: int = 0) -> float:
        """Move slider ``key`` one step (up, up, down, down, ... unless ``direction`` is given) and time
        the rerun."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        wid = self.widget_id(key)
        el, current = self.sliders[wid], self.value(key)
        step = el.step or 1.0
        if not direction:
            direction = 1 if self.moves_per_key[key] % 4 < 2 else -1
        new = current + direction * step
        if not el.min <= new <= el.max:
            new = current - direction * step
        self.moves_per_key[key] += 1
        state = WidgetState(id=wid)
        state.double_array_value.data[:] = [round(new, 9)]
        self.widgets[wid] = state
        return await self.run(fragment_id=self.fragment_of.get(wid, ""))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)


# ====================================================================== the load run

def _why(err: BaseException) -> str:
    text = str(err).splitlines()[0][:140] if str(err) else ""
    return f"{type(err).__name__}: {text}"


def _quantiles(values: list) -> dict:
    from benchmarks.interaction import pct

    return {"n": len(values), "p50": pct(values, .5), "p95": pct(values, .95), "max": max(values) if values else None}


async def _load(url: str, sessions: int, seconds: float, think: tuple, seed: int, server) -> dict:
    cpu = (lambda: sum(server.cpu_times()[:2])) if server else (lambda: None)   # noqa: E731
    rss = (lambda: server.memory_info().rss / 2**20) if server else (lambda: None)   # noqa: E731
    out = {"rss_mb_before": rss()}
    why, times, first = Counter(), [], []
    opened = [WsSession(url) for _ in range(sessions)]
    cpu0 = cpu()
    ready = []

    async def open_one(s):
        await s.connect()
        first.append(await s.run(WARM_TIMEOUT_S))
        ready.append(s)

    loads = await asyncio.gather(*(open_one(s) for s in opened), return_exceptions=True)
    for err in loads:
        if isinstance(err, BaseException):
            why[f"first load: {_why(err)}"] += 1
    cpu1 = cpu()
    stop = time.perf_counter() + seconds

    async def user(s: WsSession, n: int) -> None:
        rng, i = random.Random(seed * 1000 + n), n
        while time.perf_counter() < stop and not s.closed:
            try:
                times.append(await s.move(KEYS[i % 2]))
            except TimeoutError as err:
                why[f"move: {_why(err)}"] += 1
                if not await s.late_finish():
                    why["session given up (no run finished after a time-out)"] += 1
                    return
            except Exception as err:     # noqa: BLE001  (exception on the page, connection lost, ...)
                why[f"move: {_why(err)}"] += 1
                if s.closed or isinstance(err, LookupError):   # nothing left to move in this session
                    return
            i += 1
            if think[1] > 0:
                await asyncio.sleep(rng.uniform(*think))

    started = time.perf_counter()
    await asyncio.gather(*(user(s, n) for n, s in enumerate(ready)))
    out["move_wall_s"] = time.perf_counter() - started
    cpu2 = cpu()
    out["rss_mb_after"] = rss()
    await asyncio.gather(*(s.close() for s in opened), return_exceptions=True)
    out.update(times=times, first=first, why=why, fragment_runs=sum(s.fragment_runs for s in opened),
               cpu_first=None if cpu0 is None else cpu1 - cpu0, cpu_moves=None if cpu0 is None else cpu2 - cpu1)
    return out


def ws_load_run(url: str, sessions: int = 20, seconds: float = 60, think=(1.0, 3.0), server_pid: int | None = None,
                seed: int = 16) -> dict:
    """N WebSocket sessions on the staffing page, each alternating its two morning sliders for
    ``seconds`` with a think time uniform in ``think`` (s; (0, 0) = back to back). Returns seconds in
    ``p50``/``p95``/``max`` (as interaction.load_run), the same in ``*_ms``, ``errors`` and ``why`` (reasons
    with counts), the server's CPU seconds (``server_cpu_s``, moves only; ``server_cpu_first_s``, the first
    loads) and RSS in MB before/after (``server_pid`` given), and the client's own CPU seconds."""
    import psutil

    think = (float(think[0]), float(think[-1]))
    server = psutil.Process(server_pid) if server_pid else None
    load_start, client0, wall0 = os.getloadavg(), time.process_time(), time.perf_counter()
    got = asyncio.run(_load(url, sessions, seconds, think, seed, server))
    moves, first = _quantiles(got["times"]), _quantiles(got["first"])
    errors = sum(got["why"].values())
    return {
        "client": "ws", "url": url, "sessions": sessions, "seconds": seconds, "think": think, "seed": seed,
        "n": moves["n"], "fragment_runs": got["fragment_runs"], "p50": moves["p50"], "p95": moves["p95"], "max": moves["max"],
        **{f"{q}_ms": None if moves[q] is None else moves[q] * 1000 for q in ("p50", "p95", "max")},
        "first_load": first, "errors": errors,
        "why": [f"{reason} (x{count})" for reason, count in got["why"].most_common()],
        "server_cpu_s": got["cpu_moves"], "server_cpu_first_s": got["cpu_first"],
        "server_cpu_per_move_ms": (got["cpu_moves"] * 1000 / moves["n"]) if got["cpu_moves"] is not None and moves["n"] else None,
        "server_rss_mb_before": got["rss_mb_before"], "server_rss_mb_after": got["rss_mb_after"],
        "client_cpu_s": time.process_time() - client0, "wall_s": time.perf_counter() - wall0,
        "move_wall_s": got["move_wall_s"], "load_start": load_start, "load_end": os.getloadavg(),
        "client_cores": sorted(os.sched_getaffinity(0)),
        "server_cores": sorted(server.cpu_affinity()) if server else None,
    }


# ====================================================================== printing, --start

def _f(x, digits=0, unit=1.0) -> str:
    return "–" if x is None else f"{x * unit:,.{digits}f}"


def table(rows: list[dict]) -> str:
    """One column per run."""
    def think(r):
        return "back to back" if r["think"][1] <= 0 else f"uniform {r['think'][0]:g}–{r['think'][1]:g} s"
    lines = [("sessions × seconds", lambda r: f"{r['sessions']} × {r['seconds']:g} s"),
             ("think time between moves", think),
             ("moves timed (answered by a fragment's own rerun)",
              lambda r: f"{r['n']} ({r.get('fragment_runs', 0)})"),
             ("response p50 / p95 / max (ms)", lambda r: f"{_f(r['p50_ms'])} / {_f(r['p95_ms'])} / {_f(r['max_ms'])}"),
             ("errors", lambda r: str(r["errors"])),
             ("first load of the N sessions at once p50 / max (ms)",
              lambda r: f"{_f(r['first_load']['p50'], 0, 1000)} / {_f(r['first_load']['max'], 0, 1000)}"),
             ("server CPU during the moves (s) / per move (ms)",
              lambda r: f"{_f(r['server_cpu_s'], 1)} / {_f(r['server_cpu_per_move_ms'])}"),
             ("moves per second / server CPU busy (cores)", lambda r: f"{r['n'] / max(r['move_wall_s'], 1e-9):.1f} / "
              + ("–" if r["server_cpu_s"] is None else f"{r['server_cpu_s'] / max(r['move_wall_s'], 1e-9):.2f}")),
             ("server RSS before / after (MB)",
              lambda r: f"{_f(r['server_rss_mb_before'])} / {_f(r['server_rss_mb_after'])}"),
             ("client CPU, whole run (s)", lambda r: _f(r["client_cpu_s"], 1)),
             ("cores: server / client", lambda r: f"{r['server_cores']} / {r['client_cores']}"),
             ("load average 1 min at start / end", lambda r: f"{r['load_start'][0]:.1f} / {r['load_end'][0]:.1f}")]
    out = ["| | " + " | ".join(f"run {i + 1}" for i in range(len(rows))) + " |", "|---" * (len(rows) + 1) + "|"]
    out += [f"| {name} | " + " | ".join(get(r) for r in rows) + " |" for name, get in lines]
    for i, r in enumerate(rows):
        out += [f"- run {i + 1} error: {w}" for w in r["why"]]
    return "\n".join(out)


def start_and_run(args) -> list[dict]:
    """Start the app as benchmarks/interaction.py does, warm it with one session, run each think
    setting on it, kill it, write benchmarks/output/ws_load.md."""
    from benchmarks.interaction import start_server

    OUT.mkdir(parents=True, exist_ok=True)
    proc, url = start_server(ROOT, OUT / "ws_load_server.log")
    rows = []
    try:
        if args.taskset_server is not None:
            subprocess.run(["taskset", "-acp", args.taskset_server, str(proc.pid)], check=True, capture_output=True)
            others = set(os.sched_getaffinity(0)) - {int(c) for c in args.taskset_server.split(",")}
            if others:
                os.sched_setaffinity(0, others)
        warm = ws_load_run(url, 1, 0, (0, 0), proc.pid)            # imports and the first run of the page
        print(f"warm: first load {_f(warm['first_load']['max'], 0, 1000)} ms, errors {warm['errors']}", flush=True)
        for think in args.think:
            rows.append(ws_load_run(url, args.sessions, args.seconds, tuple(think), proc.pid))
            print(table(rows[-1:]), flush=True)
    finally:
        os.killpg(proc.pid, 9)
        proc.wait(timeout=20)
    text = "\n".join([
        f"# Load run, WebSocket client (benchmarks/ws_load.py): {args.sessions} sessions on the staffing page", "",
        "Each session is one WebSocket speaking Streamlit's protocol (no browser); the sessions open the page "
        "at once, then each alternates the morning agents and arrival-rate sliders (each move a new value) "
        "with the think time shown. Response = move sent -> that run's script_finished. Error = run > 30 s, "
        "exception on the page, status other than finished, lost connection.", "",
        table(rows), "",
        f"`{' '.join(['python benchmarks/ws_load.py', *sys.argv[1:]])}`, {time.strftime('%Y-%m-%d %H:%M')}; "
        f"{os.cpu_count()} cores, load average = all processes on the machine."])
    (OUT / "ws_load.md").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'ws_load.md'}")
    return rows


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", help="a running app, e.g. http://127.0.0.1:8501")
    p.add_argument("--pid", type=int, help="the server's pid (its CPU and RSS are reported)")
    p.add_argument("--start", action="store_true",
                   help="start the app, warm it, run, stop it, write ws_load.md (the default without --url)")
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--think", type=float, nargs="+", action="append", metavar="S",
                   help="think time LO HI s (uniform), or 0: back to back; repeat for more runs (--start)")
    p.add_argument("--taskset-server", metavar="CPU", help="pin the server to CPU (taskset -acp), the client to the rest")
    args = p.parse_args(argv)
    args.think = [(t[0], t[-1]) for t in args.think] if args.think else [(1.0, 3.0)]
    if not args.url:               # `make bench` runs it without arguments: start the app itself
        args.start = True
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.start:
        start_and_run(args)
        return
    rows = [ws_load_run(args.url, args.sessions, args.seconds, think, args.pid) for think in args.think]
    print(table(rows))


if __name__ == "__main__":
    main()
