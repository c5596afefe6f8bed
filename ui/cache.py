"""View models kept by their inputs, so a rerun that changed none of them costs a look-up (issue 16).

A view's ``compute(ws, *args)`` is pure: its result depends only on the datasets, sources and
settings it reads, the workspace's name (sample or not) and ``args``. ``cached_compute`` runs it once
on a workspace whose three dicts record every key the computation reads, and keeps the result with
those keys' values: the content digest of each dataset read (``core.workspace.dataset_digest``,
computed once per stored frame), each source and each setting. A later call reuses the result when
every recorded value is the same, so a widget the view does not read (a chart option, a tab) never
recomputes it, and a setting it reads (a slider of the view), a new upload or a new language of the
sample (new texts: new digests) always does. Dependencies are recorded, not listed by hand, so a
setting read outside the view's ``SETTINGS`` (staffing's per-shift sliders) is keyed as well.

Why a process-wide store and not ``st.cache_data`` or a per-session memo: every session on the sample
case shares one result (20 people opening SERVQUAL cost one computation, not 20); a user's data
never reaches another session, because a result is only returned when the digests of the datasets
it read are those of the asking workspace (two users with byte-identical data get the same numbers,
which is no leak); and no pickling per hit (st.cache_data copies the result on every rerun, a
measurable cost for results holding many DataFrames). Results are frozen dataclasses and are shared,
not copied: pages must not change a result's tables in place (tests/test_caching.py checks that each
page leaves its cached result unchanged). Bounded: MAX_ENTRIES results, each at most TTL_S seconds.

A view's compute may split its work into stages (``core.views.stage(fn, ws, *args)``): each stage
is kept the same way, by what IT reads, so a setting read by one stage only (SERVQUAL's segment,
abandonment's confidence, the journey's phase in detail) recomputes that stage and reuses the
others. A stage reached from a compute runs on the compute's recording workspace, so the compute's
own key includes everything its stages read, whether a stage was computed or reused.

``derived(result, name, build)`` keeps what a page makes from a result (a figure, the bytes of a
download, a formatted table) with that result, so it is built once per result and language, not on
every rerun; a formatted table (pandas Styler) kept so is also turned into what the browser receives
only once (``memoize_styled_tables``).
"""
from __future__ import annotations

import copy
import dataclasses
import threading
import time
import weakref
from collections import OrderedDict

from core.workspace import dataset_digest

MAX_ENTRIES = 128          # results kept by the server process (all views, all sessions)
MAX_VARIANTS = 16          # of one view and workspace name (other data, other settings)
TTL_S = 3600.0             # a result older than this is computed again
UNCACHED = {"core.views.blueprint"}   # its result holds the mutable edit session (ui state)
_MISSING = object()

_LOCK = threading.RLock()
_STORE: OrderedDict = OrderedDict()       # (view, ws name, args) -> list of [deps, result, born]
STATS = {"hits": 0, "misses": 0}
MISSES: dict[str, int] = {}               # computations run, by view or stage name (tests, benchmark)


class _Reads(dict):
    """A shallow copy of a workspace dict that records the keys read; iteration reads them all."""

    def __init__(self, data):
        super().__init__(dict.items(data))      # a recorder of a recorder: copying is not reading
        self.keys_read: set = set()
        self.read_all = False
        self.wrote = False

    def __getitem__(self, key):
        self.keys_read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.keys_read.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        self.keys_read.add(key)
        return super().__contains__(key)

    def _all(self):
        self.read_all = True

    def __iter__(self):
        self._all()
        return super().__iter__()

    def keys(self):
        self._all()
        return super().keys()

    def items(self):
        self._all()
        return super().items()

    def values(self):
        self._all()
        return super().values()

    def __len__(self):
        self._all()
        return super().__len__()

    def copy(self):
        self._all()
        return dict(super().items())

    def _write(self, method, *args):
        self.wrote = True
        return getattr(super(), method)(*args)

    def __setitem__(self, key, value):
        self._write("__setitem__", key, value)

    def __delitem__(self, key):
        self._write("__delitem__", key)

    def pop(self, *args):
        return self._write("pop", *args)

    def setdefault(self, *args):
        return self._write("setdefault", *args)

    def update(self, *args, **kwargs):
        self.wrote = True
        super().update(*args, **kwargs)

    def used(self) -> list:
        return list(dict.keys(self)) if self.read_all else sorted(self.keys_read, key=repr)


def _value(kind: str, ws, key):
    """The current value of one dependency in ``ws``."""
    if kind == "data":
        return dataset_digest(ws.datasets.get(key))
    mapping = ws.sources if kind == "source" else ws.settings
    return mapping.get(key, _MISSING)


def _same(a, b) -> bool:
    try:
        return bool(a is b or a == b)
    except Exception:       # values that do not compare (arrays...): treat as changed
        return False


def _matches(deps: dict, ws) -> bool:
    for (kind, key), held in deps.items():
        if kind == "names":
            if held != tuple(getattr(ws, key)):
                return False
        elif not _same(_value(kind, ws, key), held):
            return False
    return True


def _dependencies(reads: dict, ws) -> dict:
    deps = {}
    for kind, recorder in reads.items():
        if recorder.read_all:        # the computation listed the dict: a new or removed key matters too
            deps[("names", {"data": "datasets", "source": "sources", "setting": "settings"}[kind])] = \
                tuple(dict.keys(recorder))
        for key in recorder.used():
            value = _value(kind, ws, key)
            deps[(kind, key)] = copy.deepcopy(value) if kind == "setting" and value is not _MISSING else value
    return deps


def _args_key(args) -> object:
    try:
        hash(args)
        return args
    except TypeError:
        return repr(args)


def _name_and_function(computation):
    """(the key's name, the function) of a view module (its ``compute``) or of a stage function."""
    if callable(computation) and not hasattr(computation, "compute"):
        return f"{computation.__module__}.{computation.__qualname__}", computation
    return computation.__name__, computation.compute


def cached_compute(view_module, ws, *args):
    """``view_module.compute(ws, *args)`` (or ``view_module(ws, *args)`` for a stage function),
    reused while nothing it read has changed."""
    name, function = _name_and_function(view_module)
    if name in UNCACHED:
        return function(ws, *args)
    key = (name, ws.name, _args_key(args))
    now = time.monotonic()
    with _LOCK:
        variants = _STORE.get(key, [])
        for entry in variants:
            deps, result, born = entry
            if now - born <= TTL_S and _matches(deps, ws):
                _STORE.move_to_end(key)
                variants.remove(entry)
                variants.insert(0, entry)
                STATS["hits"] += 1
                return result
    reads = {"data": _Reads(ws.datasets), "source": _Reads(ws.sources), "setting": _Reads(ws.settings)}
    proxy = dataclasses.replace(ws, datasets=reads["data"], sources=reads["source"], settings=reads["setting"])
    result = function(proxy, *args)
    STATS["misses"] += 1
    MISSES[name] = MISSES.get(name, 0) + 1
    if any(r.wrote for r in reads.values()):      # not pure after all: keep its writes, cache nothing
        for recorder, target in ((reads["data"], ws.datasets), (reads["source"], ws.sources),
                                 (reads["setting"], ws.settings)):
            if recorder.wrote:
                target.clear()
                target.update(dict(dict.items(recorder)))
        return result
    deps = _dependencies(reads, ws)
    with _LOCK:
        variants = _STORE.setdefault(key, [])
        variants[:] = [e for e in variants if now - e[2] <= TTL_S][: MAX_VARIANTS - 1]
        variants.insert(0, [deps, result, now])
        _STORE.move_to_end(key)
        while sum(len(v) for v in _STORE.values()) > MAX_ENTRIES:
            oldest = next(iter(_STORE))
            _STORE[oldest].pop()
            if not _STORE[oldest]:
                del _STORE[oldest]
    return result


def clear() -> None:
    """Forget every kept result (tests; a deployment never needs it)."""
    with _LOCK:
        _STORE.clear()
        _DERIVED.clear()
        _KEPT.clear()
        STATS.update(hits=0, misses=0)
        MISSES.clear()


# ---------------------------------------------------------------- things built from a result

_DERIVED: dict[int, tuple] = {}     # id(result) -> (weak reference, {name: value})


def derived(result, name, build):
    """``build()`` once per ``result`` object and ``name`` (put the language and any option the
    built thing depends on into ``name``); kept as long as the result is."""
    with _LOCK:
        held = _DERIVED.get(id(result))
        if held is not None and held[0]() is result and name in held[1]:
            return held[1][name]
    value = build()
    if _is_styler(value):
        with _LOCK:
            _STYLED.setdefault(value, None)       # built once: st.dataframe may reuse its cells' texts
    with _LOCK:
        held = _DERIVED.get(id(result))
        if held is None or held[0]() is not result:
            rid = id(result)
            try:
                ref = weakref.ref(result, lambda _r: _DERIVED.pop(rid, None))
            except TypeError:          # not weak-referenceable: nothing is kept
                return value
            held = _DERIVED[rid] = (ref, {})
        held[1][name] = value
    return value


# ---------------------------------------------------------------- bytes kept by a key of their inputs

MAX_KEPT = 64                       # downloads kept by the process (templates, current-data CSVs)
_KEPT: OrderedDict = OrderedDict()  # key -> value, least recently used first


def kept(key, build):
    """``build()`` once per ``key`` for the whole process (all sessions), the MAX_KEPT most recent kept.

    For things that depend only on what the key names: a template per (schema, language), a
    dataset's CSV per (dataset name, content digest, language). The key must name every input."""
    with _LOCK:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    value = build()
    with _LOCK:
        _KEPT[key] = value
        _KEPT.move_to_end(key)
        while len(_KEPT) > MAX_KEPT:
            _KEPT.popitem(last=False)
    return value


# ---------------------------------------------------------------- formatted tables sent once

_STYLED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # kept Styler -> its proto, or None


def _is_styler(value) -> bool:
    return type(value).__name__ == "Styler" and type(value).__module__.startswith("pandas")


def memoize_styled_tables() -> None:
    """Have ``st.dataframe`` turn a formatted table kept by ``derived`` into what the browser
    receives (Streamlit's ``marshall_styler``: every cell's text, about 10-15 ms a table) once, and
    reuse it on later reruns. Only Stylers kept by ``derived`` (built once, never changed after) are
    reused; any other table is marshalled as Streamlit does. Without that Streamlit internal (another
    version), nothing changes."""
    try:
        from streamlit.elements import arrow
    except ImportError:            # pragma: no cover - another Streamlit layout
        return
    original = getattr(arrow, "marshall_styler", None)
    if original is None or getattr(original, "_kept", False):
        return

    def marshall_styler(proto, styler, default_uuid):
        if styler not in _STYLED:
            return original(proto, styler, default_uuid)
        with _LOCK:                # Styler._compute changes the styler: one session at a time
            held = _STYLED.get(styler)
            if held is None:
                original(proto, styler, default_uuid)
                held = type(proto.styler)()
                held.CopyFrom(proto.styler)
                _STYLED[styler] = held
                return None
        proto.styler.CopyFrom(held)
        return None

    marshall_styler._kept = True
    arrow.marshall_styler = marshall_styler
