"""Call-detail records too big for the upload path, read block by block into interval traffic.

A contact centre's month of calls is millions of rows (2,000,000 calls: ~85 MB of CSV, ~12 M cells),
over intake's MAX_BYTES/MAX_CELLS, and intake's cell-by-cell reading would take ~20 s and ~650 MB for
it. ``aggregate_file`` reads such a CSV (plain, or gzip / a zip holding one CSV) with pyarrow's
streaming CSV reader (pyarrow is already installed: Streamlit needs it) in blocks of BLOCK_BYTES,
turns each block into per-interval integer totals (core.traffic.cdr_partials) and keeps only those:
memory stays bounded by the block size and the number of intervals, whatever the number of calls.

Every decision about the file is taken by the real intake (core.intake.load) on a head made of the
file's first HEAD_LINES lines and SAMPLED lines of every block further down (so that the date order
of a month of calls is decided by the whole month, not by its first day): the header row, which
column is which (aliases, the user's mapping), the date order, the decimal mark. The encoding is the
whole file's, decided by intake's rule. Each column's format (date order, decimal mark, unit, true/false words) is then the
first fast reader that gives exactly intake's values on every row of that head (rows intake left out
are dropped from it first); when none does (an unusual format) the file is not eligible (``None``)
and the caller keeps the ordinary path and its limits. Cells further down that do not fit the column's
format, or are out of range, leave their row out and are named as intake names them.
"""
from __future__ import annotations

import codecs
import gzip
import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from core import traffic
from core.intake.columns import FORMATS, bool_word, range_text
from core.intake.pipeline import load
from core.intake.problems import MAX_LISTED, Problem, column_letter, shown
from core.intake.readers import line_count, single_byte, sniff_delimiter
from core.schemas import SCHEMAS

HEAD_LINES = 2_000                 # first lines read by the real intake to take every decision,
SAMPLED = 20                       # with this many whole lines of every block further down,
SAMPLE_WINDOW = 1 << 16            # looked for in its first 64 KB (a block of one endless line stays fast)
BLOCK_BYTES = 1 << 20              # bytes of CSV parsed at a time (memory bound, with the intervals)
MAX_CELLS = 30_000_000             # cells read at most (5,000,000 calls of six columns, ~10 s of CPU)
MAX_SET_ASIDE = 1_000_000          # rows whose cell count is not the header's, at most (pyarrow: ~10 s of CPU)
MAX_TEXT_BYTES = 512 * 2**20       # bytes of CSV text once decompressed
DATES = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y")
TIMES = ("%H:%M:%S", "%H:%M")
NUMBER = {".": r"^[+]?\d+(\.\d+)?$", ",": r"^[+]?\d+(,\d+)?$"}
CLOCK = r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2}(?:[.,]\d+)?)$"
SCALES = (1.0, 60.0, 3600.0, 0.001)
NS = 10**9
# A line ends at CR LF, a lone CR (Excel for Mac's "CSV (Macintosh)") or LF, as intake's CSV reader
# (pandas) ends it; a quoted cell (a quote opening a field) may hold any of them and is skipped whole.
LINE_END = re.compile(rb'(?:(?<=[;,\t|\r\n])|^)"(?:[^"]|"")*"|\r\n|\r|\n')
CDR = SCHEMAS["cdr"]


@dataclass
class CdrSummary:
    """``traffic``: aggregate_cdr's table of the whole file (None when refused); ``patience``: its
    censoring-corrected patience (None without abandoned calls or waiting); ``n_read``: data rows read,
    ``n_calls``: rows used; ``problems``: as intake's (errors refuse the file, warnings name rows left out)."""

    traffic: pd.DataFrame | None
    patience: traffic.PatienceEstimate | None = None
    n_read: int = 0
    n_calls: int = 0
    problems: list[Problem] = field(default_factory=list)
    used: dict[str, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    queues: tuple[str, ...] = ()       # queue names in the lines intake read: this reader sums all queues
    wait_totals: tuple = ()            # (total wait s, calls, abandoned, abandoned calls' wait s): patience's inputs

    @property
    def ok(self) -> bool:
        return self.traffic is not None


# ------------------------------------------------------------------------------------ the bytes

def _opener(content: bytes) -> Callable[[], io.RawIOBase] | None:
    """A function giving a fresh binary stream of the CSV text (gzip and one-CSV zips decompressed
    as they are read), or None when the content is not a CSV this reader takes."""
    if content[:2] == b"\x1f\x8b":
        return lambda: gzip.GzipFile(fileobj=io.BytesIO(content))
    if content[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
            names = [n for n in archive.namelist() if not n.endswith("/")]
        except zipfile.BadZipFile:
            return None
        if len(names) != 1 or not names[0].lower().endswith((".csv", ".txt")):
            return None
        return lambda: archive.open(names[0])
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in content[:4096]:
        return None   # UTF-16 or binary: the ordinary path says what it is
    return lambda: io.BytesIO(content)


def _scan(open_stream, filename: str, head_bytes: int) -> tuple[str, list[bytes]]:
    """(the whole file's encoding, lines sampled across the file past the head), reading 1 MB at a time.

    The encoding is decided as intake decides it (readers.decode): UTF-8 when every byte sequence is
    UTF-8, else the single-byte code page intake picks; a file mixing both is refused (mixed_encoding).
    SAMPLED whole lines of every block past the head (from its first SAMPLE_WINDOW bytes) let intake's
    decisions (date order, decimal mark) see the whole file, not only its first hours of calls. The line
    count naming a mixed encoding's row takes CR LF, CR and LF as line ends, as the user's editor does."""
    checker, multibyte, first_bad, line, size, tail = codecs.getincrementaldecoder("utf-8")(), False, None, 1, 0, b""
    sampled: list[bytes] = []
    near = ""                      # the text before the first byte that is not UTF-8, as readers.decode shows it
    undefined = False              # a byte cp1252 leaves undefined: intake then reads the text as latin-1
    with open_stream() as stream:
        while piece := stream.read(BLOCK_BYTES):
            if size >= head_bytes:
                window = piece[:SAMPLE_WINDOW]
                ends = _line_ends(window, SAMPLED + 1)
                sampled += [window[a:b] for a, b in zip(ends, ends[1:]) if window[a:b].strip(b"\r\n")]
            size += len(piece)
            if size > MAX_TEXT_BYTES:
                raise _Refused(Problem("error", "too_large", filename, found=str(size // 2**20),
                                       expected=str(MAX_TEXT_BYTES // 2**20)))
            undefined = undefined or CP1252_UNDEFINED.search(piece) is not None
            bom = size == len(piece) and piece.startswith(b"\xef\xbb\xbf")   # intake drops it before looking
            multibyte = multibyte or _has_multibyte(piece[3:] if bom else tail + piece)
            if first_bad is None:
                try:
                    checker.decode(piece)
                except UnicodeDecodeError as exc:   # the bad byte may be the previous piece's last
                    first_bad, line = tail + piece, line + _breaks(tail, piece[: exc.start])
                    at = len(tail) + exc.start
                    near = first_bad[max(0, at - 20): at + 1].decode("cp1252", "replace")
            if first_bad is None:
                line += _breaks(tail, piece)
            tail = piece[-20:]   # a cut sequence's first bytes, and the 20 bytes a mixed encoding's message shows
            if first_bad is not None and multibyte:
                raise _Refused(Problem("error", "mixed_encoding", filename, row=line, found=near))
    if first_bad is None:
        return "utf-8", sampled
    encoding = single_byte(first_bad)[1]   # no UTF-8 sequence anywhere: intake's single-byte choice
    return ("latin-1" if encoding == "cp1252" and undefined else encoding), sampled   # as readers.single_byte


CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def _has_multibyte(piece: bytes) -> bool:
    """Whether the bytes hold a well-formed UTF-8 sequence of two to four bytes (readers.UTF8_MULTIBYTE),
    looked for with numpy: the regular expression takes seconds on a file of 85 MB."""
    b = np.frombuffer(piece, dtype=np.uint8)
    lead = np.flatnonzero(b >= 0xC2)
    if not lead.size:
        return False
    lead = lead[lead + 1 < b.size]
    follow = lambda k: (lead + k < b.size) & ((b[np.minimum(lead + k, b.size - 1)] & 0xC0) == 0x80)
    first = b[lead]
    two = (first <= 0xDF) & follow(1)
    three = (first >= 0xE0) & (first <= 0xEF) & follow(1) & follow(2)
    four = (first >= 0xF0) & (first <= 0xF4) & follow(1) & follow(2) & follow(3)
    return bool((two | three | four).any())


class _Refused(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def _line_ends(data: bytes, most: int | None = None) -> list[int]:
    """Offsets just past each line end of ``data`` (LINE_END: CR LF, CR or LF outside a quoted cell),
    the first ``most`` of them."""
    ends: list[int] = []
    for match in LINE_END.finditer(data):
        if data[match.start()] != 0x22:          # not a quoted cell skipped whole
            ends.append(match.end())
            if len(ends) == most:
                break
    return ends


def _breaks(tail: bytes, piece: bytes) -> int:
    """Line ends in ``piece`` (CR LF, CR or LF, as readers.line_count) after ``tail``, the bytes read
    before it (a CR LF cut between the two is one line end, counted with the CR)."""
    return line_count(piece) - 1 - (tail[-1:] == b"\r" and piece[:1] == b"\n")


def _head(open_stream) -> bytes:
    """The first HEAD_LINES whole lines, from at most 4 MB (a file of one endless line stays bounded),
    as they are written (their CR LF, CR or LF kept)."""
    with open_stream() as stream:
        start = stream.read(4 * BLOCK_BYTES)
        more = bool(stream.read(1))
    ends = _line_ends(start, HEAD_LINES)
    last = ends[-1] if ends else 0
    if len(ends) < HEAD_LINES and not more and start[last:]:      # the whole file, its last line unended
        return start + b"\n"
    return start[:last]                                            # the line the window cuts left out


# --------------------------------------------------------------------- one column's fast readers
# A reader takes the distinct texts of a block's column (trimmed, none blank) and returns
# (values, unreadable): float seconds for durations and times, int64 nanoseconds for dates.

def _pattern(fmt: str) -> str:
    """The regular expression of a date format, with named groups for its day and month."""
    out = re.escape(fmt)
    for code, group in (("%Y", r"(?P<Y>\d{4})"), ("%m", r"(?P<m>\d{1,2})"), ("%d", r"(?P<d>\d{1,2})")):
        out = out.replace(code, group)
    return "^" + out + "$"


def _date_reader(fmt: str):
    """Dates in one strptime format (DATES) -> ns since 1970; a date that does not exist (31/02) is
    unreadable, not moved on to 3 March as strptime alone would."""
    pattern = _pattern(fmt)

    def read(texts: pa.Array):
        parts = pc.extract_regex(texts, pattern=pattern)
        stamps = pc.strptime(texts, format=fmt, unit="s", error_is_null=True)
        ok = pc.and_kleene(pc.is_valid(parts), pc.is_valid(stamps))
        for code, part in (("d", pc.day), ("m", pc.month)):
            same = pc.equal(pc.cast(pc.struct_field(parts, code), pa.int64()), pc.cast(part(stamps), pa.int64()))
            ok = pc.and_kleene(ok, same)
        ok = pc.fill_null(ok, False).to_numpy(zero_copy_only=False)
        values = pc.fill_null(pc.cast(stamps, pa.int64()), 0).to_numpy(zero_copy_only=False) * NS
        return np.where(ok, values, 0), ~ok
    return read


def _time_reader(fmt: str):
    """Times of day "H:MM:SS" or "H:MM" -> seconds since midnight; hours 0-23, minutes and seconds
    0-59 checked by the pattern (strptime alone would carry 10:60 over to 11:00)."""
    pattern = r"^([01]?\d|2[0-3]):[0-5]\d" + (r":[0-5]\d" if fmt.count(":") == 2 else "") + "$"

    def read(texts: pa.Array):
        ok = pc.fill_null(pc.match_substring_regex(texts, pattern=pattern), False)
        stamps = pc.strptime(pc.if_else(ok, texts, fmt.replace("%H", "0").replace("%M", "00").replace("%S", "00")),
                             format=fmt, unit="s")   # every text the pattern passes is a valid time
        seconds = pc.cast(stamps, pa.int64()).to_numpy(zero_copy_only=False) % 86_400
        ok = ok.to_numpy(zero_copy_only=False)
        return np.where(ok, seconds.astype(float), np.nan), ~ok
    return read


def _datetime_reader(date_fmt: str, sep: str, time_fmt: str):
    """Date and time in one cell ("06/01/2025 05:40:59"): the date part is read once per distinct date,
    the time part with the arithmetic of _time_reader (a month of calls has 30 dates, not 2 million)."""
    date_read, time_read = _date_reader(date_fmt), _time_reader(time_fmt)

    def read(texts: pa.Array):
        pieces = pc.split_pattern(texts, sep, max_splits=1)
        two = pc.equal(pc.list_value_length(pieces), 2).to_numpy(zero_copy_only=False)
        padded = pc.if_else(pa.array(two), texts, "x" + sep + "x")
        halves = pc.list_flatten(pc.split_pattern(padded, sep, max_splits=1)).to_numpy(zero_copy_only=False)
        coded = pc.dictionary_encode(pa.array(halves[0::2]))
        days, bad_day = date_read(coded.dictionary)
        index = coded.indices.to_numpy(zero_copy_only=False)
        secs, bad_time = time_read(pa.array(halves[1::2]))
        bad = ~two | bad_day[index] | bad_time
        values = days[index] + np.rint(np.nan_to_num(secs) * NS).astype(np.int64)
        return np.where(bad, 0, values), bad
    return read


def _number_reader(mark: str, scale: float):
    def read(texts: pa.Array):
        ok = pc.match_substring_regex(texts, pattern=NUMBER[mark])
        text = pc.if_else(ok, texts, "0")
        if mark == ",":
            text = pc.replace_substring(text, ",", ".")
        values = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
        ok = ok.to_numpy(zero_copy_only=False)
        values = values * scale if scale != 1.0 else values
        return np.where(ok, values, np.nan), ~ok
    return read


def _clock_reader():
    """h:mm:ss, and mm:ss for two parts (intake's reading of a duration: "1:30" is 90 s)."""
    def read(texts: pa.Array):
        parts = pc.extract_regex(texts, pattern=CLOCK)
        ok = pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False)
        h, m, s = (pc.struct_field(parts, k) for k in ("h", "m", "s"))
        num = {k: pc.cast(pc.replace_substring(pc.if_else(pc.fill_null(pc.not_equal(v, ""), False), v, "0"), ",", "."),
                          pa.float64()).to_numpy(zero_copy_only=False) for k, v in (("h", h), ("m", m), ("s", s))}
        values = num["h"] * 3600 + num["m"] * 60 + num["s"]
        # as intake reads a clock: seconds under 60, and minutes under 60 when hours are written ("75:30" is mm:ss)
        has_h = pc.fill_null(pc.not_equal(h, ""), False).to_numpy(zero_copy_only=False)
        ok = ok & (num["s"] < 60) & (~has_h | (num["m"] < 60))
        return np.where(ok, values, np.nan), ~ok
    return read


def _bool_reader(texts: pa.Array):
    words = [bool_word(v) for v in texts.to_pylist()]
    bad = np.array([w is None for w in words], dtype=bool)
    return np.array([bool(w) for w in words], dtype=bool), bad



def candidates(kind: str, with_time: bool) -> list:
    """The fast readers tried for a column of ``kind`` (with_time: a date column completed by a
    separate time-of-day column, so the date is read alone)."""
    if kind == "datetime":
        dates = [_date_reader(d) for d in DATES]
        if with_time:
            return dates
        return [_datetime_reader(d, sep, t) for sep in (" ", "T") for t in TIMES for d in DATES] + dates
    if kind == "time":
        return [_time_reader(f) for f in TIMES]
    if kind == "duration":
        return ([_number_reader(m, s) for s in SCALES for m in (".", ",")]
                + [_clock_reader()])
    return [_bool_reader]


# ------------------------------------------------------------------------------ reading blocks

@dataclass
class _Layout:
    """Where the columns are and how the file is written (all decided on the head by intake)."""

    encoding: str
    delimiter: str
    header_row: int                     # 1-based row of the header
    width: int                          # columns of the header
    positions: dict[str, int]           # dataset column -> position
    labels: dict[str, str]              # dataset column -> "header (letter)" as intake names it
    readers: dict[str, Callable] = field(default_factory=dict)


def _blocks(open_stream, layout: _Layout, set_aside: Callable):
    """pyarrow record batches of the used columns as text, one BLOCK_BYTES of CSV at a time. A blank
    line is a row of blank cells; a row whose cell count differs from the header's goes to ``set_aside``
    (called with pyarrow's InvalidRow, which returns "skip", or "error" to stop the read)."""
    names = [f"c{i}" for i in range(layout.width)]
    read = pacsv.ReadOptions(encoding=layout.encoding, block_size=BLOCK_BYTES,
                             skip_rows=layout.header_row, column_names=names, use_threads=False)
    parse = pacsv.ParseOptions(delimiter=layout.delimiter, newlines_in_values=True,   # a quoted CR or LF
                               ignore_empty_lines=False, invalid_row_handler=set_aside)
    with open_stream() as stream:
        yield from pacsv.open_csv(stream, read, parse, _text_columns(layout))


def _text_columns(layout: _Layout) -> pacsv.ConvertOptions:
    """The used columns, every cell a string ("" when blank: pyarrow's default for strings)."""
    used = [f"c{p}" for p in layout.positions.values()]
    return pacsv.ConvertOptions(include_columns=used, column_types={n: pa.string() for n in used})


class _Aside(NamedTuple):
    """A row pyarrow set aside: its spreadsheet row number, its cell count and its text."""

    number: int
    cells: int
    text: str


def _short_rows(rows: list[_Aside], layout: _Layout) -> pa.Table:
    """Rows with fewer cells than the header, read with the missing cells blank, as intake reads them."""
    text = "".join(row.text + layout.delimiter * (layout.width - row.cells) + "\n" for row in rows)
    read = pacsv.ReadOptions(column_names=[f"c{i}" for i in range(layout.width)], block_size=BLOCK_BYTES)
    return pacsv.read_csv(io.BytesIO(text.encode()), read,
                          pacsv.ParseOptions(delimiter=layout.delimiter, newlines_in_values=True), _text_columns(layout))


class _Records:
    """The CSV past the header as (table, spreadsheet row numbers), one block at a time, in row order.

    pyarrow sets aside the rows whose cell count differs from the header's. One with fewer cells is put
    back in its place with the missing cells blank (intake reads it so); one with more is named in
    ``listing`` (csv_row_fields) and left out, counted in ``longer`` (intake refuses the whole file).
    pyarrow spends ~10 us on each row it sets aside: past MAX_SET_ASIDE of them the file is refused."""

    def __init__(self, open_stream, layout: _Layout, listing: _Listing):
        self.open_stream, self.layout, self.listing = open_stream, layout, listing
        self.next, self.pending, self.longer, self.count = layout.header_row + 1, [], 0, 0
        self.stopped_at: _Aside | None = None     # the row past MAX_SET_ASIDE

    def __iter__(self):
        new: list[_Aside] = []

        def set_aside(row) -> str:
            new.append(_Aside(row.number, row.actual_columns, row.text))
            self.count += 1
            if self.count <= MAX_SET_ASIDE:
                return "skip"
            self.stopped_at = new[-1]
            return "error"
        try:   # pyarrow yields a batch for every block it parses, empty when it set every row aside
            for batch in _blocks(self.open_stream, self.layout, set_aside):
                yield self._placed(pa.Table.from_batches([batch]), new)
        except pa.ArrowInvalid:
            if self.stopped_at is None:
                raise
            raise _Refused(Problem("error", "too_many_uneven_rows", self.listing.filename, row=self.stopped_at.number,
                                   found=str(self.stopped_at.cells), expected=str(MAX_SET_ASIDE)))

    def _placed(self, table: pa.Table, new: list[_Aside]) -> tuple[pa.Table, np.ndarray]:
        """``table`` with the rows set aside up to its last row (and right after it) put in place."""
        self.pending += new
        new.clear()
        aside = np.array([row.number for row in self.pending], dtype=np.int64)
        numbers = np.arange(self.next, self.next + table.num_rows + len(aside))
        rows = numbers[~np.isin(numbers, aside)][:table.num_rows]    # pyarrow's: the numbers not set aside
        end = int(rows[-1]) + 1 if len(rows) else self.next
        later = aside[aside >= end]            # rows set aside right after it: no row of a later batch is before them
        gaps = np.flatnonzero(later != end + np.arange(len(later)))
        end = self.next = end + (int(gaps[0]) if len(gaps) else len(later))
        here = [row for row in self.pending if row.number < end]
        self.pending = [row for row in self.pending if row.number >= end]
        for row in here:
            if row.cells > self.layout.width:
                self.listing.row("csv_row_fields", row.number, str(row.cells), str(self.layout.width))
                self.longer += 1
        shorter = [row for row in here if row.cells < self.layout.width]
        if not shorter:
            return table, rows
        rows = np.concatenate([rows, [row.number for row in shorter]])
        order = np.argsort(rows)   # the numbers are distinct
        return pa.concat_tables([table, _short_rows(shorter, self.layout)]).take(order).combine_chunks(), rows[order]


def _column(texts: pa.Array, reader) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, blank, unreadable) of one block's column: each distinct text trimmed and read once."""
    coded = pc.dictionary_encode(texts)
    if isinstance(coded, pa.ChunkedArray):
        coded = coded.combine_chunks()
    trimmed = pc.utf8_trim_whitespace(coded.dictionary)
    empty = pc.equal(trimmed, "").to_numpy(zero_copy_only=False)
    values, bad = reader(pc.if_else(pa.array(empty), "0", trimmed))   # blanks are not read at all
    index = coded.indices.to_numpy(zero_copy_only=False)
    blank, values, bad = empty[index], values[index], bad[index]
    if values.dtype.kind == "f":
        values[blank] = np.nan
    return values, blank, bad & ~blank


CELL_CODES = {"datetime": "not_a_date", "time": "not_a_time", "duration": "not_a_duration", "bool": "not_a_bool"}
KINDS = {"call_start": "datetime", "call_time": "time", "wait_s": "duration", "talk_s": "duration",
         "abandoned": "bool"}
REQUIRED = ("call_start", "call_time", "wait_s", "abandoned")   # call_time: once the file has it


class _Listing:
    """Problems of the rows left out, MAX_LISTED of each kind named, the rest counted."""

    def __init__(self, filename: str):
        self.filename, self.problems, self.counts = filename, [], Counter()

    def cells(self, code: str, mask: np.ndarray, texts: pa.Array, rows: np.ndarray, label: str, expected=""):
        hits = np.flatnonzero(mask)
        for i in hits[: max(0, MAX_LISTED - self.counts[code, label])]:
            self.problems.append(Problem("warning", code, self.filename, row=int(rows[i]), column=label,
                                         found=shown(texts[int(i)].as_py()), expected=expected))
        self.counts[code, label] += len(hits)

    def row(self, code: str, row: int, found: str, expected: str):
        """A problem of a whole row (no column)."""
        if self.counts[code, None] < MAX_LISTED:
            self.problems.append(Problem("warning", code, self.filename, row=row, found=found, expected=expected))
        self.counts[code, None] += 1

    def close(self) -> list[Problem]:
        more = [Problem("warning", "more_rows", self.filename, column=label, count=n - MAX_LISTED)
                for (code, label), n in self.counts.items() if n > MAX_LISTED]
        return self.problems + more


def _parse_block(batch: pa.Table, layout: _Layout, rows: np.ndarray, listing: _Listing):
    """(call starts in ns, wait_s, talk_s, abandoned, rows read) of one block: the usable rows, the
    others named in ``listing`` as intake names them (unreadable, out of range, required and blank).
    Rows blank in every column read are skipped without a word, as intake skips them."""
    parsed = {name: _column(batch.column(f"c{pos}"), layout.readers[name]) for name, pos in layout.positions.items()}
    filled = ~np.logical_and.reduce([blank for _, blank, _ in parsed.values()])
    keep = filled.copy()
    for name, (got, blank, bad) in parsed.items():
        texts, label, kind = batch.column(f"c{layout.positions[name]}"), layout.labels[name], KINDS[name]
        bad = bad & filled
        spec = CDR.column(name)
        expected = range_text(spec) if kind == "duration" else FORMATS[kind]   # as intake names them
        listing.cells(CELL_CODES[kind], bad, texts, rows, label, expected)
        if kind == "duration":
            out = ~bad & ~blank & filled & ((got < spec.min) | (got > spec.max))
            listing.cells("out_of_range", out, texts, rows, label, range_text(spec))
            bad = bad | out
        if name in REQUIRED:
            listing.cells("blank_required", blank & ~bad & filled, texts, rows, label)
            bad = bad | blank
        keep &= ~bad
    starts = parsed["call_start"][0]
    if "call_time" in parsed:
        secs = np.nan_to_num(parsed["call_time"][0])
        starts = starts - np.mod(starts, 86_400 * NS) + np.rint(secs * NS).astype(np.int64)
    talk = parsed["talk_s"][0] if "talk_s" in parsed else np.full(batch.num_rows, np.nan)
    return starts[keep], parsed["wait_s"][0][keep], talk[keep], parsed["abandoned"][0][keep], int(filled.sum())


# ------------------------------------------------------------------------------- the decisions

def _layout(head: bytes, filename: str, encoding: str, mapping: dict | None, lang: str | None):
    """(layout, intake's result on the head). Layout None when intake refuses the head (its problems
    then say why) or when no fast reader gives intake's values on every row of the head."""
    result = load(head, filename, CDR, mapping, lang=lang)
    if result.ok and result.n_read != len(result.data):   # check the readers on the rows intake kept
        trimmed = _without_rows(head, result.problems)
        if trimmed is None:   # more rows left out than intake names one by one: the ordinary path reads it
            return None, result
        again = load(trimmed, filename, CDR, mapping, lang=lang) if trimmed else result
        if not again.ok:   # e.g. the only dates past the 12th were in the rows left out: the ordinary path
            return None, result
        head, result = trimmed or head, again
    if not result.ok:
        return None, result
    lines = head.decode(encoding, errors="replace").splitlines()
    positions = {name: result.headers.index(header) for name, header in result.used.items() if name in KINDS}
    layout = _Layout(encoding, sniff_delimiter(lines[:200]), result.header_row, len(result.headers), positions,
                     {n: f"{result.headers[p] or '?'} ({column_letter(p)})" for n, p in positions.items()})
    if result.n_read != len(result.data):      # the head has rows intake left out: no row-by-row check
        return None, result
    records = _Records(lambda: io.BytesIO(head), layout, _Listing(filename))
    try:
        batch = pa.concat_tables(table for table, _ in records).combine_chunks()
    except (pa.ArrowInvalid, UnicodeDecodeError, LookupError):
        return None, result
    texts = {n: batch.column(f"c{p}").chunk(0) if batch.num_rows else pa.array([], pa.string())
             for n, p in positions.items()}
    filled = ~np.all([pc.equal(pc.utf8_trim_whitespace(t), "").to_numpy(zero_copy_only=False)
                      for t in texts.values()], axis=0)
    if records.longer or int(filled.sum()) != len(result.data):   # intake refuses a longer row
        return None, result
    for name, column in texts.items():
        reader = _matching_reader(column.filter(pa.array(filled)), name, "call_time" in positions, result.data)
        if reader is None:
            return None, result
        layout.readers[name] = reader
    return (layout if _same_as_intake(batch, layout, result.data) else None), result


def _without_rows(head: bytes, problems: list[Problem]) -> bytes | None:
    """The head without the rows intake named as left out (None when it did not name them all)."""
    if any(p.code == "more_rows" for p in problems):
        return None
    rows = {p.row for p in problems if p.severity == "warning" and p.row}
    ends = [0] + _line_ends(head)              # the head and the sampled lines end with a line end
    lines = [head[a:b] for a, b in zip(ends, ends[1:])]
    return b"".join(line for i, line in enumerate(lines, start=1) if i not in rows)


def _same_as_intake(batch: pa.Table, layout: _Layout, data: pd.DataFrame) -> bool:
    """Whether the chosen readers give, row by row, exactly intake's values of the head."""
    if batch.num_rows == 0:
        return False
    starts, wait, talk, abandoned, _ = _parse_block(batch, layout, np.arange(batch.num_rows), _Listing(""))
    if len(starts) != len(data):
        return False
    want_talk = data["talk_s"].to_numpy(float) if "talk_s" in data.columns else np.full(len(data), np.nan)
    return (np.array_equal(starts, data["call_start"].to_numpy("datetime64[ns]").astype(np.int64))
            and np.array_equal(wait, data["wait_s"].to_numpy(float))
            and np.array_equal(talk, want_talk, equal_nan=True)
            and np.array_equal(abandoned, data["abandoned"].to_numpy(bool)))


def _matching_reader(texts: pa.Array, name: str, with_time: bool, expected: pd.DataFrame):
    """The first candidate reader giving exactly intake's values for this column of the head."""
    for reader in candidates(KINDS[name], with_time and name == "call_start"):
        values, blank, bad = _column(texts, reader)
        if bad.any():
            continue
        if name == "call_time":   # checked through call_start (intake joins the two)
            return reader
        want = expected[name]
        if name == "call_start":
            got = values.astype("datetime64[ns]")
            want = want.to_numpy("datetime64[ns]")
            if with_time:
                want = want.astype("datetime64[D]").astype("datetime64[ns]")
            same = np.array_equal(got, want)
        else:   # durations, and abandoned as 0/1 (intake kept only rows whose required cells are filled)
            got = np.where(blank, np.nan, values)
            same = np.array_equal(got, want.to_numpy(float), equal_nan=True)
        if same:
            return reader
    return None


# --------------------------------------------------------------------------------- the whole file

def aggregate_file(content: bytes, filename: str, minutes: int = 30, mapping: dict | None = None,
                   lang: str | None = None) -> CdrSummary | None:
    """A call-detail CSV (plain, gzip, or a zip of one CSV) -> its interval traffic, read block by block.

    ``minutes``: interval length (core.traffic.aggregate_cdr's). Returns None when the file is not for
    this reader (a workbook, UTF-16, a format none of its fast readers reproduces exactly on the head):
    the caller then uses core.intake.load and its limits. Never raises.
    """
    try:
        return _aggregate(content, filename, minutes, mapping, lang)
    except _Refused as refused:
        return CdrSummary(None, problems=[refused.problem])
    except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as exc:   # a cut or damaged archive
        return CdrSummary(None, problems=[Problem("error", "cdr_compressed_damaged", filename,
                                                  found=f"{type(exc).__name__}: {exc}"[:200])])
    except (pa.ArrowInvalid, UnicodeDecodeError, OSError, EOFError, zipfile.BadZipFile, ValueError) as exc:
        return CdrSummary(None, problems=[Problem("error", "unexpected", filename,
                                                  found=f"{type(exc).__name__}: {exc}"[:200])])


def _aggregate(content: bytes, filename: str, minutes: int, mapping, lang) -> CdrSummary | None:
    open_stream = _opener(content) if isinstance(content, (bytes, bytearray)) and content else None
    if open_stream is None:
        return None
    first = _head(open_stream)
    encoding, sampled = _scan(open_stream, filename, len(first))
    layout, head = _layout(first + b"".join(sampled), filename, encoding, mapping, lang)
    if layout is None:
        return None if head.ok else CdrSummary(None, problems=head.problems, used=head.used, unused=head.unused)
    listing, parts, n_read, n_rows = _Listing(filename), [], 0, 0
    records = _Records(open_stream, layout, listing)
    for batch, rows in records:
        n_rows += batch.num_rows
        if n_rows * layout.width > MAX_CELLS:
            raise _Refused(Problem("error", "too_many_cells", filename, found=str(n_rows * layout.width),
                                   expected=str(MAX_CELLS)))
        starts, wait, talk, abandoned, filled = _parse_block(batch, layout, rows, listing)
        n_read += filled
        parts.append(traffic.cdr_partials(starts, wait, talk, abandoned, minutes))
        if len(parts) >= 64:          # intervals x blocks stays small
            parts = [traffic.sum_partials(parts)]
    return _summary(parts, listing, n_read + records.longer, minutes, filename, head)


def _summary(parts, listing: _Listing, n_read: int, minutes: int, filename: str, head) -> CdrSummary:
    problems = listing.close()
    parts = [p for p in parts if len(p)]
    if not parts:
        return CdrSummary(None, n_read=n_read, problems=problems + [Problem("error", "no_valid_rows", filename,
                                                                            count=n_read)],
                          used=head.used, unused=head.unused)
    total = traffic.sum_partials(parts)
    n_calls = int(total["offered"].sum())
    if n_calls < n_read:
        problems.append(Problem("warning", "rows_left_out", filename, count=n_read - n_calls, found=str(n_read)))
    wait_totals = (int(total["wait_us"].sum()) / traffic.MICROSECONDS, n_calls, int(total["abandoned"].sum()),
                   int(total["abandoned_wait_us"].sum()) / traffic.MICROSECONDS)
    try:
        patience = traffic.patience_from_totals(*wait_totals)
    except traffic.TrafficDataError:
        patience = None
    queues = head.data["queue"].dropna().astype(str) if "queue" in head.data.columns else pd.Series([], dtype=str)
    return CdrSummary(traffic.interval_table(total, minutes), patience, n_read, n_calls, problems, head.used,
                      list(head.unused), tuple(sorted(set(queues))), wait_totals)
