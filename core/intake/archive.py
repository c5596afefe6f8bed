"""An XLSX (a zip of XML parts) checked before any reader opens it, so that no bomb gets in.

``check_archive`` reads only the zip's central directory: too many parts, a total decompressed size
over MAX_INFLATED, or a part that decompresses over MAX_RATIO times its size is refused at once.
``scan_parts`` then decompresses every part in 1 MB pieces (never trusting the sizes the directory
declares: a part that inflates past its declared size is refused as it happens) and measures each
worksheet while it streams: cells, the rows x columns a reader would lay out (a cell at A1 and one
at XFD1048576 make 17 billion), the longest text between two tags, and any DOCTYPE (entity bombs).
Nothing here builds the XML tree, so time and memory stay proportional to what the limits allow.
"""
from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

import numpy as np

from core.intake.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_INFLATED, MAX_PARTS, MAX_RATIO, RATIO_FLOOR
from core.intake.problems import Problem, Reject

PIECE = 1 << 20                      # bytes decompressed at a time
TAIL = 512                           # a tag cut at the end of a piece is carried to the next
TEXT_BYTES = 10 * MAX_CELL_CHARS + 1024  # bytes of one text that cannot be MAX_CELL_CHARS characters
# Worksheet tags as a reader takes them: any namespace prefix (x:, a-b:) or none, the r= reference anywhere
# among the attributes, any blank between them, double or single quotes. [^<>] keeps a run of "<c <c" linear.
_PREFIX = rb"(?:[^\s<>/:!?=\"']+:)?"
_R = rb"\s(?:[^<>]*?\s)?r\s*=\s*[\"']"
COL_RE = re.compile(b"<" + _PREFIX + b"c" + _R + rb"([A-Z]{1,3})")
ROW_RE = re.compile(b"<" + _PREFIX + b"(?:c" + _R + rb"[A-Z]{1,3}|row" + _R + rb")(\d{1,9})[\"']")
PREFIXES = re.compile(rb"<([^\s<>/:!?=\"']+:)(?:c|row|f)[\s>/]")   # the prefix of a cell, row or formula tag
TAG_RE = re.compile(b"<" + _PREFIX + rb"(c|row)[\s>/]")
FORMULA_RE = re.compile(b"<" + _PREFIX + rb"f[\s>/]")
FEW_PREFIXES = 3     # more in one piece (no spreadsheet program writes that): tags found by one pattern


@functools.lru_cache(maxsize=64)
def _literal_refs(prefix: bytes) -> tuple[re.Pattern, re.Pattern]:
    """The form spreadsheet programs write (r= first after one space) under one prefix: a search for a literal
    start, about 4x faster than COL_RE/ROW_RE."""
    p = re.escape(prefix)
    return (re.compile(b"<" + p + rb'c r=["\']([A-Z]{1,3})'),
            re.compile(b"<" + p + rb'(?:c r=["\'][A-Z]{1,3}|row r=["\'])(\d{1,9})["\']'))


AFTER_TAG = b" >/\t\r\n"                 # the bytes that can end a tag's name
RUN = re.compile(rb"<(?:[^\s<>/:!?=\"']+:)?r>")   # a formatted run of a rich text (<si><r><t>…</t></r>…)
INLINE = (b't="inlineStr"', b't="str"', b"t='inlineStr'", b"t='str'")  # texts written in the sheet itself

@dataclass
class PartSize:
    """What one part holds: the grid a reader lays out (rows x cols from A1), longest text."""

    rows: int = 0
    cols: int = 0
    longest: int = 0
    letters: set = field(default_factory=set)
    formulas: bool = False
    runs: bool = False   # a text may be in pieces (formatted runs <r>, or a comment or CDATA section inside
                         # it): one cell joins them, so its length is their sum, measured once read

    @property
    def grid(self) -> int:
        return self.rows * self.cols


def col_number(letters: bytes) -> int:
    """b"A" -> 1, b"XFD" -> 16384."""
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _bomb(filename: str, found: str) -> Reject:
    return Reject(Problem("error", "zip_bomb", filename, found=found))


def check_archive(content: bytes, filename: str) -> dict[str, zipfile.ZipInfo]:
    """The parts of a zip by name, after the checks the central directory alone allows."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error):
        raise Reject(Problem("error", "corrupt_xlsx", filename))
    if len(infos) > MAX_PARTS:
        raise Reject(Problem("error", "too_many_parts", filename, found=str(len(infos)), expected=str(MAX_PARTS)))
    if any(not info.filename for info in infos):   # a part without a name: no program writes one
        raise Reject(Problem("error", "corrupt_xlsx", filename, found="unnamed part"))
    parts = {info.filename: info for info in infos}
    if len(parts) != len(infos):
        raise Reject(Problem("error", "corrupt_xlsx", filename, found="duplicate parts"))
    total = sum(info.file_size for info in infos)
    if total > MAX_INFLATED:
        raise _bomb(filename, f"{total / 2**20:.0f} MB")
    for info in infos:
        if info.flag_bits & 1:
            raise Reject(Problem("error", "encrypted_or_xls", filename))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Reject(Problem("error", "corrupt_xlsx", filename, found=info.filename))
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb(filename, f"{info.filename}: {info.file_size / max(info.compress_size, 1):.0f} x")
    return parts


def _raw(content: bytes, info: zipfile.ZipInfo, filename: str) -> memoryview:
    start = info.header_offset
    head = content[start:start + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise Reject(Problem("error", "corrupt_xlsx", filename, found=info.filename))
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    begin = start + 30 + name_len + extra_len
    raw = memoryview(content)[begin:begin + info.compress_size]
    if len(raw) < info.compress_size:
        raise Reject(Problem("error", "corrupt_xlsx", filename, found=info.filename))
    return raw


def stream_part(content: bytes, info: zipfile.ZipInfo, filename: str):
    """The decompressed bytes of one part, 1 MB at a time; refused the moment they pass the size the
    directory declared (a lying bomb), or when the data or its checksum is wrong."""
    raw = _raw(content, info, filename)
    inflater = None if info.compress_type == zipfile.ZIP_STORED else zlib.decompressobj(-15)
    total, crc = 0, 0
    for pos in range(0, len(raw), PIECE):
        pending = bytes(raw[pos:pos + PIECE])
        while pending:
            try:
                out = inflater.decompress(pending, PIECE) if inflater else pending
            except zlib.error:
                raise Reject(Problem("error", "corrupt_xlsx", filename, found=info.filename))
            pending = inflater.unconsumed_tail if inflater else b""
            total += len(out)
            if total > info.file_size:
                raise _bomb(filename, info.filename)   # past the size its directory entry declared
            crc = zlib.crc32(out, crc)
            yield out
    if total != info.file_size or crc != info.CRC:
        raise Reject(Problem("error", "corrupt_xlsx", filename, found=info.filename))


class _Scanner:
    """Measures one XML part as it streams (see PartSize). In a worksheet, cells and rows are counted
    with literal searches (``<c``, ``<row``, under each namespace prefix the piece uses) and their
    references read wherever they stand in the tag."""

    def __init__(self, sheet: bool):
        self.sheet, self.size = sheet, PartSize()
        self.carry, self.run, self.row_cells, self.row_tags = b"", 0, 0, 0
        self.after_inline = False   # the last piece held an inline text, whose end may be in this one

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk
        cut = data.rfind(b"<")
        complete = 0 <= cut and len(data) - cut <= TAIL
        body, self.carry = (data[:cut], data[cut:]) if complete else (data, b"")
        if b"<!" in body and (b"<!DOCTYPE" in body or b"<!ENTITY" in body):
            raise ValueError("doctype")
        if self.sheet:
            self._cells(body)
        self.size.runs = self.size.runs or (b"r>" in body and RUN.search(body) is not None) \
            or (b"<!" in body and (b"<!--" in body or b"<![CDATA[" in body))
        inline = self.sheet and any(mark in body for mark in INLINE)
        if not self.sheet or inline or self.after_inline:
            self._texts(body, complete)
        elif self.run:  # no inline text starts here, but the one carried from the last piece ends here
            end = body.find(b"<")
            self.size.longest = max(self.size.longest, self.run + (len(body) if end < 0 else end))
            self.run = self.run + len(body) if end < 0 else 0
        self.after_inline = inline

    def _texts(self, body: bytes, complete: bool) -> None:
        pieces = body.split(b"<")
        first = self.run + len(pieces[0])
        self.size.longest = max(self.size.longest, first, max(map(len, pieces[1:]), default=0))
        self.run = 0 if complete else (first if len(pieces) == 1 else len(pieces[-1]))

    def _cells(self, body: bytes) -> None:
        size, data = self.size, np.frombuffer(body, dtype=np.uint8)
        prefixes = [b""] if any(mark in body for mark in (b"<c", b"<row", b"<f")) else []
        if any(mark in body for mark in (b":c", b":row", b":f")):
            prefixes += sorted(set(PREFIXES.findall(body)))
        cells, rows = np.zeros(len(data), dtype=bool), np.zeros(len(data), dtype=bool)
        refs, numbers = [], []
        if len(prefixes) <= FEW_PREFIXES:   # literal searches, vectorised; <row/> is a row too
            for p in prefixes:
                cells |= _starts(data, b"<" + p + b"c", AFTER_TAG)
                rows |= _starts(data, b"<" + p + b"row", AFTER_TAG)
                size.formulas = size.formulas or b"<" + p + b"f" in body
                col_re, row_re = _literal_refs(p)
                refs += col_re.findall(body)
                numbers += row_re.findall(body)
        else:
            for tag in TAG_RE.finditer(body):
                (cells if tag.group(1) == b"c" else rows)[tag.start()] = True
            size.formulas = size.formulas or FORMULA_RE.search(body) is not None
        n_cells, n_rows = int(cells.sum()), int(rows.sum())
        if len(refs) < n_cells or len(numbers) < n_cells + n_rows:   # a tag written otherwise, or no reference
            refs, numbers = COL_RE.findall(body), ROW_RE.findall(body)
        size.letters.update(refs)
        if numbers:
            digits = len(max(numbers, key=len))  # of numbers with the most digits, the largest
            size.rows = max(size.rows, int(max(n for n in numbers if len(n) == digits)))
        self.row_tags += n_rows
        size.rows = max(size.rows, self.row_tags, int(cells.any()))   # cells with no row tag make one row
        # cells without a reference sit one after the other: the widest row is what a reader lays out
        at = np.flatnonzero(cells)
        starts = np.flatnonzero(rows)
        widths = np.diff(np.searchsorted(at, np.concatenate(([0], starts, [len(cells)]))))
        widths[0] += self.row_cells
        self.row_cells = int(widths[-1])
        if n_cells > len(refs):
            size.cols = max(size.cols, int(widths.max()))

    def too_big(self) -> bool:
        """A worksheet already past MAX_CELLS: it will not be read, so it need not be scanned further."""
        return self.sheet and self.size.rows * max(self.size.cols, self._letters()) > MAX_CELLS

    def _letters(self) -> int:
        return max((col_number(c) for c in self.size.letters), default=0)

    def close(self) -> PartSize:
        self.feed(b"")
        self.size.longest = max(self.size.longest, self.run + len(self.carry))
        self.size.cols = max(self.size.cols, self._letters())
        return self.size


def _starts(data: np.ndarray, literal: bytes, then: bytes) -> np.ndarray:
    """Where ``literal`` followed by one of the bytes ``then`` starts in ``data`` (a bool per position)."""
    span = len(data) - len(literal)
    if span <= 0:
        return np.zeros(max(len(data), 0), dtype=bool)
    mask = np.ones(span, dtype=bool)
    for j, byte in enumerate(literal):
        mask &= data[j:j + span] == byte
    after = data[len(literal):len(literal) + span]
    follows = np.zeros(span, dtype=bool)
    for byte in then:
        follows |= after == byte
    mask &= follows
    return np.concatenate((mask, np.zeros(len(data) - span, dtype=bool)))


def scan_parts(content: bytes, parts: dict[str, zipfile.ZipInfo], filename: str,
               sheets: frozenset = frozenset()) -> dict[str, PartSize]:
    """Every part decompressed once and measured; worksheets (the parts under xl/worksheets/, and
    ``sheets``) and shared strings by name."""
    sizes = {}
    for name, info in parts.items():
        if info.is_dir():
            continue
        sheet = name.startswith("xl/worksheets/") or name in sheets
        xml = sheet or name.lower().endswith((".xml", ".rels"))   # a sheet is measured whatever its name's ending
        scanner = _Scanner(sheet=sheet)
        try:
            for chunk in stream_part(content, info, filename):
                if xml:
                    scanner.feed(chunk)
                if scanner.too_big():
                    break  # never handed to a reader (see readers.workbook_sheets): stop early
            size = scanner.close() if xml else PartSize()
        except ValueError:
            raise _bomb(filename, f"{name}: DOCTYPE")
        if size.longest > TEXT_BYTES:
            raise Reject(Problem("error", "cell_too_long", filename, found=str(size.longest),
                                 expected=str(MAX_CELL_CHARS)))
        sizes[name] = size
    return sizes
