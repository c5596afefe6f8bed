"""An uploaded call-detail file: kept call by call, or aggregated into interval traffic as it is read.

Call by call (core.intake.load) is the ordinary path: the calls are kept as the "cdr" dataset and the
staffing view aggregates them. A file too big for it (intake refuses more than MAX_CELLS cells: a
month of a contact centre's calls) or compressed (gzip, or a zip holding one CSV: what a telephony
platform exports) is read block by block by core.intake.cdr_stream into interval traffic, and only
that is kept: the "traffic" dataset (the intervals) plus the totals its patience estimate needs
(STREAMED_KEY in the workspace settings). Nothing is guessed: a file the streaming reader cannot
read exactly as intake would keeps intake's own refusal.
"""
from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass

from core import traffic
from core.intake import IntakeResult, load
from core.intake.cdr_stream import CdrSummary, aggregate_file
from core.intake.problems import Problem
from core.schemas import SCHEMAS

STREAMED_KEY = "intake.cdr_streamed"     # workspace setting: the streamed file and its totals
TOO_BIG = {"too_many_cells", "too_large", "out_of_memory"}   # intake says: stream it instead
GZIP, ZIP = b"\x1f\x8b", b"PK\x03\x04"       # an XLSX is a zip too: the ordinary path reads those
TRAFFIC_COLUMNS = [c.name for c in SCHEMAS["traffic"].columns]


@dataclass
class CallsUpload:
    """``result``: what the upload box shows (its ``data`` is the calls, or the interval traffic when
    ``streamed``); ``streamed``: the JSON-able record kept under STREAMED_KEY, or None."""

    result: IntakeResult
    streamed: dict | None = None

    @property
    def dataset(self) -> str:
        """The workspace dataset the accepted data goes to."""
        return "traffic" if self.streamed is not None else "cdr"


def read_calls(content: bytes, filename: str, mapping: dict | None = None, lang: str | None = None,
               minutes: int = 30) -> CallsUpload:
    """Read one call-detail upload (see the module docstring). ``minutes``: interval length of the
    aggregate. Never raises."""
    head = bytes(content[:4]) if isinstance(content, (bytes, bytearray)) else b""
    if head.startswith((GZIP, ZIP)):
        summary = aggregate_file(content, filename, minutes, mapping, lang)
        if summary is not None:
            return _from_summary(summary, filename, minutes)
        named = filename.lower().endswith((".gz", ".zip"))
        if head.startswith(GZIP) or named or _zipped_text(content):   # not a workbook: intake would call it one
            return CallsUpload(IntakeResult(None, [Problem("error", "cdr_compressed_unreadable", filename)]))
    result = load(content, filename, SCHEMAS["cdr"], mapping=mapping, lang=lang)
    if result.ok or not {p.code for p in result.errors} & TOO_BIG:
        return CallsUpload(result)
    summary = aggregate_file(content, filename, minutes, mapping, lang)
    return CallsUpload(result) if summary is None else _from_summary(summary, filename, minutes)


def _zipped_text(content: bytes) -> bool:
    """A zip holding no workbook part but a CSV or text file (what a telephony platform exports)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = [n.lower() for n in archive.namelist()]
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return not any(n.startswith(("xl/", "[content_types]", "mimetype")) for n in names) \
        and any(n.endswith((".csv", ".txt")) for n in names)


def _from_summary(summary: CdrSummary, filename: str, minutes: int) -> CallsUpload:
    problems = list(summary.problems)
    unused = list(summary.unused)
    if not summary.ok:
        return CallsUpload(IntakeResult(None, problems, n_read=summary.n_read, used=dict(summary.used),
                                        unused=unused))
    if "queue" in summary.used:      # the streaming reader sums every queue: the column is not used
        unused.append(summary.used["queue"])
        if len(summary.queues) > 1:
            problems.append(Problem("warning", "cdr_queues_summed", filename, found=", ".join(summary.queues[:5]),
                                    count=len(summary.queues)))
    used = {k: v for k, v in summary.used.items() if k != "queue"}
    intervals = len(summary.traffic)
    problems.insert(0, Problem("info", "cdr_streamed", filename, found=str(summary.n_calls), expected=str(intervals),
                               count=minutes))
    data = summary.traffic[[c for c in TRAFFIC_COLUMNS if c in summary.traffic.columns]]
    streamed = {"file": filename, "calls": summary.n_calls, "rows_read": summary.n_read, "minutes": minutes,
                "intervals": intervals, "wait_totals": list(summary.wait_totals)}
    return CallsUpload(IntakeResult(data, problems, n_read=summary.n_read, used=used, unused=unused), streamed)


def streamed_record(ws) -> dict | None:
    """The streamed call file whose intervals are the workspace's traffic now, or None (no such
    file, the traffic was replaced since, or a record that is not one this module wrote: a workspace
    file edited by hand is never trusted to be well formed)."""
    record = ws.settings.get(STREAMED_KEY)
    if not isinstance(record, dict) or ws.get("traffic") is None or ws.source("traffic") != record.get("file"):
        return None
    totals = record.get("wait_totals")
    counts = [record.get(k) for k in ("calls", "rows_read", "minutes", "intervals")]
    if not (isinstance(totals, (list, tuple)) and len(totals) == 4 and all(_count(v) for v in counts)
            and _count(totals[1]) and _count(totals[2])
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0
                    for v in (totals[0], totals[3]))):
        return None
    return record


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def streamed_patience(ws) -> traffic.PatienceEstimate | None:
    """The callers' patience estimated from the streamed file's totals (None when there is none).
    Raises core.traffic.TrafficDataError when the totals cannot give one (no abandoned call...)."""
    record = streamed_record(ws)
    if record is None:
        return None
    total_wait, calls, abandoned, abandoned_wait = record["wait_totals"]
    return traffic.patience_from_totals(float(total_wait), int(calls), int(abandoned), float(abandoned_wait))


def rows_loaded(result: IntakeResult) -> int:
    """Rows of the file the box reports as loaded: the kept rows, or the file's rows read when its
    calls were added up into intervals (then ``data`` holds the intervals)."""
    streamed = any(p.code == "cdr_streamed" for p in result.infos)
    return result.n_read if streamed else len(result.data)


def keep_upload(ws, name: str, data, file_name: str, streamed: dict | None = None) -> None:
    """Put an accepted upload of dataset ``name`` in the workspace ``ws``. A streamed call file
    (``streamed``: CallsUpload.streamed) becomes the traffic and drops the calls of an earlier file;
    a call file kept call by call drops the intervals of an earlier streamed one; either call or
    traffic file ends the streamed record."""
    if streamed is not None:
        ws.put("traffic", data, file_name)
        ws.remove("cdr")
        ws.settings[STREAMED_KEY] = streamed
        return
    if name == "cdr" and streamed_record(ws) is not None:
        ws.remove("traffic")
    if name in ("cdr", "traffic"):
        ws.settings.pop(STREAMED_KEY, None)
    ws.put(name, data, file_name)
