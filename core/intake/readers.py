"""Bytes to a grid of cells: CSV/text (any delimiter, UTF-8, UTF-16 "Unicode text", cp1252) and
workbooks (XLSX, XLSM, XLS, ODS through calamine, a Rust reader several times faster than openpyxl).

A grid is a DataFrame whose columns are positions and whose row i is the spreadsheet's row i + 1
(title rows and blank rows kept), so every row number told to the user is the one the spreadsheet
shows. Text grids hold strings (NaN for an empty cell); workbook grids hold the cell values calamine
gives (numbers, text, dates, times, durations; None for empty).
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import pandas as pd

from core.intake.archive import check_archive, scan_parts
from core.intake.limits import HEADER_WINDOW, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS
from core.intake.problems import Problem, Reject, column_letter

UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
SNIFF_LINES = 1000


@dataclass
class Grid:
    cells: pd.DataFrame
    sheet: str | None = None
    info: dict = field(default_factory=dict)


def _utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when every other byte is zero (text saved as UTF-16 without its BOM)."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def kind_of_bytes(content: bytes) -> str:
    """"zip" (XLSX, XLSM, ODS), "ole" (XLS, or an encrypted XLSX), "utf16", "binary" or "text"."""
    if content[:4] == b"PK\x03\x04":
        return "zip"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or _utf16_without_bom(content[:4096]):
        return "utf16"
    # (no "BM" for bitmaps: a CSV may start "BMI;..."; a real bitmap has NUL bytes in its header)
    signatures = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
    if any(content.startswith(s) for s in signatures) or b"\x00" in content[:4096]:
        return "binary"
    return "text"


IN_WORD = re.compile(r"[A-Za-z][áéíóúñüÁÉÍÓÚÑÜ]|[áéíóúñüÁÉÍÓÚÑÜ][a-z]")


def _spanish_letters(text: str) -> int:
    """Accented letters next to a plain letter (an en dash " – " read as Mac Roman is " ñ ": not counted)."""
    return len(IN_WORD.findall(text))


def single_byte(content: bytes) -> tuple[str, str]:
    """cp1252 (what Spanish-locale Excel on Windows writes) or Mac Roman (Excel on a Mac), whichever
    spells more Spanish letters: 'Aplicación' in Mac Roman reads 'Aplicaci—n' as cp1252."""
    try:
        windows = content.decode("cp1252")
    except UnicodeDecodeError:
        windows = content.decode("latin-1")
    mac = content.decode("mac-roman")
    if _spanish_letters(mac) > _spanish_letters(windows):
        return mac, "mac-roman"
    return windows, "cp1252"


def decode(content: bytes, filename: str) -> tuple[str, str]:
    """(text, encoding), decided for the whole file: UTF-16 (with its BOM, or without it when every
    other byte is zero); UTF-8 (with or without BOM) when every byte sequence is UTF-8; cp1252 or Mac
    Roman when no byte sequence is UTF-8; a file that mixes both is refused naming the line of the
    first byte that is not UTF-8 (its accents would be wrong)."""
    bare = None if content[:2] in (b"\xff\xfe", b"\xfe\xff") else _utf16_without_bom(content[:4096])
    if bare or content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode(bare or "utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise Reject(Problem("error", "not_spreadsheet", filename, found="UTF-16"))
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":   # a character cut at the end (the only place it is said)
            return content.decode(errors="ignore"), "utf-8"
        if UTF8_MULTIBYTE.search(content):
            line = line_count(content[: exc.start])
            raise Reject(Problem("error", "mixed_encoding", filename, row=line,
                                 found=content[max(0, exc.start - 20): exc.start + 1].decode("cp1252", "replace")))
    return single_byte(content)


def sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for delim in (";", ",", "\t", "|"):
        counts = []
        try:
            for row in csv.reader(lines, delimiter=delim):
                counts.append(len(row))
        except csv.Error:   # a field over csv's own limit: the lines before it still tell the separator
            pass
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) / len(counts) * 10 + min(mode, 50) / 50
        if score > best_score:
            best, best_score = delim, score
    return best


def _parser_problem(exc: Exception, filename: str, width: int) -> Problem:
    """The tokenizer's error as a place and a fix (never its English text)."""
    text = str(exc)
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if fields:
        return Problem("error", "csv_row_fields", filename, row=int(fields.group(2)), found=fields.group(3),
                       expected=str(width))
    quote = re.search(r"(?:EOF inside string starting at row|line) (\d+)", text)
    if "EOF inside string" in text or "quote" in text.lower():
        return Problem("error", "csv_open_quote", filename, row=int(quote.group(1)) + 1 if quote else None)
    return Problem("error", "csv_unreadable", filename)


def line_count(text):
    """Lines of a text (str or bytes) whose lines end in CR LF, LF or a lone CR (Excel for Mac's
    "CSV (Macintosh)"), as the CSV reader counts them."""
    cr, lf, crlf = ("\r", "\n", "\r\n") if isinstance(text, str) else (b"\r", b"\n", b"\r\n")
    return text.count(lf) + text.count(cr) - text.count(crlf) + 1


def _check_size(text: str, width: int, filename: str) -> bool:
    """Refuses a text whose grid would pass MAX_CELLS or MAX_COLUMNS; True when some line is long enough
    to hold a cell over MAX_CELL_CHARS (its cells are then measured once read)."""
    if width > MAX_COLUMNS:   # no spreadsheet holds it (and reading 100,000 columns takes a minute)
        raise Reject(Problem("error", "too_many_columns", filename, found=str(width), expected=str(MAX_COLUMNS)))
    lines = line_count(text)
    if lines * width > MAX_CELLS:
        raise Reject(Problem("error", "too_many_cells", filename, found=str(lines * width),
                             expected=str(MAX_CELLS)))
    return max(map(len, text.split("\n"))) > MAX_CELL_CHARS


def long_cell(cells: pd.DataFrame, filename: str, sheet: str | None) -> None:
    """Refuses a grid holding a cell of more than MAX_CELL_CHARS characters, naming the cell."""
    for pos in range(cells.shape[1]):
        lengths = cells.iloc[:, pos].map(lambda v: len(v) if isinstance(v, str) else 0)
        over = lengths[lengths > MAX_CELL_CHARS]
        if len(over):
            raise Reject(Problem("error", "cell_too_long", filename, sheet, row=int(over.index[0]) + 1,
                                 column=column_letter(pos), found=str(int(over.iloc[0])),
                                 expected=str(MAX_CELL_CHARS)))


def _field_over_limit(text: str, delim: str, filename: str) -> Problem:
    """What a field over csv's limit is: a quote never closed (the rest of the file in one cell), or a cell
    over MAX_CELL_CHARS on one line or on several (its length counted, "" as one character). The fields are
    found as csv finds them: a quote opens a field only at a line's start or right after the separator; the
    row is the spreadsheet's (line breaks inside the quoted cells before it do not count)."""
    edge = rf"(?<![^\r\n{re.escape(delim)}])"   # where a field starts
    rest = rf"[^\r\n{re.escape(delim)}]"     # a character of a field without quotes (or after its closing quote)
    fields = re.compile(rf'{edge}"((?:[^"]|"")*)("?)({rest}*)|{edge}{rest}{{{MAX_CELL_CHARS + 1},}}')
    inside = 0   # line breaks inside the quoted cells passed
    for m in fields.finditer(text):
        quoted = m.group(1) is not None
        cell = m.group(1) if quoted else m.group(0)
        if quoted and not m.group(2):
            return Problem("error", "csv_open_quote", filename, row=line_count(text[: m.start()]) - inside)
        length = len(cell.replace('""', '"')) + len(m.group(3)) if quoted else len(cell)   # "Urgente" y más: one cell
        if length > MAX_CELL_CHARS:
            return Problem("error", "cell_too_long", filename, row=line_count(text[: m.start()]) - inside,
                           expected=str(MAX_CELL_CHARS), found=str(length))
        if quoted:
            inside += line_count(cell) - 1
    return Problem("error", "csv_unreadable", filename)


def read_text(content: bytes, filename: str) -> Grid:
    """A CSV or tab-separated text file as a grid of strings."""
    text, encoding = decode(content, filename)
    if not text.strip():
        raise Reject(Problem("error", "empty", filename))
    head = text[:262_144].splitlines()[:SNIFF_LINES]
    delim = sniff_delimiter([ln for ln in head if ln.strip()][:50])
    try:
        width = max(len(r) for r in csv.reader(head, delimiter=delim))  # the text is not blank: a line at least
    except csv.Error:  # a field over csv's own limit (131,072 characters): far over MAX_CELL_CHARS
        raise Reject(_field_over_limit(text, delim, filename))
    has_long_line = _check_size(text, width, filename)
    try:
        cells = pd.read_csv(io.StringIO(text), sep=delim, names=range(width), dtype=object,   # names: no header
                            keep_default_na=False, na_values=[""], skip_blank_lines=False, engine="c")
    except (pd.errors.ParserError, ValueError, OverflowError) as exc:
        raise Reject(_parser_problem(exc, filename, width))
    spans_lines = len(cells) < line_count(text) - text.endswith(("\n", "\r"))   # a quoted cell holds a line break
    if has_long_line or (spans_lines and len(text) > MAX_CELL_CHARS):
        long_cell(cells, filename, None)
    return Grid(cells, None, {"encoding": encoding, "delimiter": delim})


@dataclass
class Sheet:
    """One worksheet: its first rows (``head``, for finding the header) and a way to read it all;
    ``head`` is None for a sheet over the cell limit (``cells``: the grid it would make)."""

    name: str
    visible: bool
    head: pd.DataFrame | None
    cells: int
    source: object = None
    long_text: bool = False
    formulas: bool = True  # the sheet may hold formulas (uncomputed_formulas looks)

    def grid(self, filename: str) -> Grid:
        cells = _frame(self.source.to_python(skip_empty_area=False))
        self.source = None  # the reader's copy of the sheet is freed before the grid is checked
        if self.long_text:
            long_cell(cells, filename, self.name)
        return Grid(cells, self.name, {"formulas": self.formulas})


def _frame(rows: list) -> pd.DataFrame:
    cells = pd.DataFrame(rows, dtype=object)
    return cells.mask(cells.eq(""))


def old_format(content: bytes, filename: str) -> Problem:
    """An OLE file: a password-protected XLSX (its parts are encrypted) or an .xls of Excel 97-2003."""
    if "EncryptedPackage".encode("utf-16-le") in content or not filename.lower().endswith((".xls", ".xlt")):
        return Problem("error", "encrypted_or_xls", filename)
    return Problem("error", "xls_format", filename)


def open_workbook(content: bytes, filename: str):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises its own error types for broken or encrypted parts
        raise Reject(Problem("error", "corrupt_xlsx", filename, found=str(exc)[:200]))


def _is_opendocument_spreadsheet(content: bytes, parts: dict) -> bool:
    """An .ods: its "mimetype" part says so (an EPUB or an .odt has one too), or, re-zipped without it, it holds
    the content.xml of OpenDocument."""
    info = parts.get("mimetype")
    if info is None:
        return "content.xml" in parts
    if info.file_size > 200:   # "application/vnd.oasis.opendocument.spreadsheet" is 46 bytes
        return False
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            return archive.read(info).startswith(b"application/vnd.oasis.opendocument.spreadsheet")
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, zlib.error):
            return False


def checked_parts(content: bytes, filename: str, kind: str) -> dict:
    """The measured parts of an XLSX (see archive.py); other workbooks refused with how to save them."""
    if kind == "ole":
        raise Reject(old_format(content, filename))
    parts = check_archive(content, filename)
    if _is_opendocument_spreadsheet(content, parts):
        raise Reject(Problem("error", "ods_format", filename))
    if "xl/workbook.xml" not in parts:
        raise Reject(Problem("error", "not_spreadsheet", filename, found="zip"))
    return scan_parts(content, parts, filename)


def workbook_sheets(content: bytes, filename: str, kind: str) -> list[Sheet]:
    """Every worksheet of an XLSX/XLSM in the workbook's order, read only after its size is known:
    sheets that would pass MAX_CELLS (all sheets together) are listed without being read."""
    sizes = checked_parts(content, filename, kind)
    paths = sheet_paths(content)
    book = open_workbook(content, filename)
    sizes |= _elsewhere(content, filename, sizes, paths, book.sheet_names)
    meta = {m.name: m for m in book.sheets_metadata}
    strings = sizes.get("xl/sharedStrings.xml")
    budget, sheets = MAX_CELLS, []
    for name in book.sheet_names:
        if name in meta and "WorkSheet" not in str(meta[name].typ):
            continue
        visible = name not in meta or "Hidden" not in str(meta[name].visible)
        size = sizes.get(paths.get(name))
        # a sheet whose part is not found is as big as the biggest part measured as a sheet (never 0)
        cells = size.grid if size else max((v.grid for v in sizes.values()), default=0)
        if cells > budget:
            sheets.append(Sheet(name, visible, None, cells))
            continue
        try:
            source = book.get_sheet_by_name(name)
            head = _frame(source.to_python(skip_empty_area=False, nrows=HEADER_WINDOW))
        except Exception as exc:
            raise Reject(Problem("error", "corrupt_xlsx", filename, sheet=name, found=str(exc)[:200]))
        budget -= max(cells, source.height * source.width)
        longest = max(size.longest if size else 0, strings.longest if strings else 0)
        runs = (size.runs if size else True) or (strings.runs if strings else False)   # a cell joins its runs
        sheets.append(Sheet(name, visible, head, cells, source, longest > MAX_CELL_CHARS or runs,
                            size.formulas if size else True))
    return sheets


def _elsewhere(content: bytes, filename: str, sizes: dict, paths: dict, names: list) -> dict:
    """Sheets kept outside xl/worksheets/ (valid, though Excel never writes them so), measured as sheets;
    when a sheet's part cannot be told, every part outside xl/worksheets/ is, of any extension (so that no sheet
    is taken for an empty one)."""
    if all(name in paths for name in names):
        odd = {p for p in paths.values() if not p.startswith("xl/worksheets/")}
    else:
        odd = {p for p in sizes if not p.startswith("xl/worksheets/")}
    if not odd:
        return {}
    parts = check_archive(content, filename)
    return scan_parts(content, {p: parts[p] for p in odd if p in parts}, filename, frozenset(odd))


def sheet_paths(content: bytes) -> dict[str, str]:
    """{sheet name: its part in the zip} from the workbook and its relationships."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    except (KeyError, zipfile.BadZipFile, ValueError):
        return {}
    targets = {}
    for tag in _TAG_RE["Relationship"].findall(rels):
        attrs = _attributes(tag)
        if "Id" in attrs and "Target" in attrs:
            targets[attrs["Id"]] = attrs["Target"]
    paths = {}
    for tag in _TAG_RE["sheet"].findall(book):
        attrs = _attributes(tag)
        target = targets.get(attrs.get("id"))
        if "name" in attrs and target:   # as calamine resolves it: from the root when absolute, else under xl/
            paths[_xml_text(attrs["name"])] = target[1:] if target.startswith("/") else f"xl/{target}"
    return paths


# a tag with or without a namespace prefix (<sheet>, <x:sheet>), its attributes in double or single
# quotes and in any order (valid XML either way: a file written so must not escape the size checks)
_TAG_RE = {name: re.compile(rf"""<(?:[\w.-]+:)?{name}\b(?:[^>"']|"[^"]*"|'[^']*')*>""")   # a ">" inside a value
           for name in ("sheet", "Relationship")}
_ATTR_RE = re.compile(r"""(?:\w+:)?(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


_REFERENCE_RE = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _xml_text(value: str) -> str:
    """An attribute's value as an XML reader (calamine) reads it: the five entities and the character
    references ("&#150;" is U+0096, not cp1252's dash as html.unescape reads it); a reference to no
    character is left as written."""
    def read(m: re.Match) -> str:
        if m.group(3):
            return _ENTITIES[m.group(3)]
        code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        return chr(code) if code <= 0x10FFFF else m.group(0)
    return _REFERENCE_RE.sub(read, value)


def _attributes(tag: str) -> dict[str, str]:
    """A tag's attributes by local name (r:id -> id), each value as written."""
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR_RE.finditer(tag)}


_FORMULA_CELL_RE = re.compile(r'<c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*>(?:(?!</c>).)*?<f[ >/](?:(?!</c>).)*?</c>', re.S)


def uncomputed_formulas(content: bytes, sheet_name: str) -> list[str]:
    """Cells of an XLSX sheet that hold a formula with no saved value (files written by programs that
    do not calculate); calamine reads them as empty, so the user must be told."""
    path = sheet_paths(content).get(sheet_name)
    if path is None:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = archive.read(path).decode("utf-8")
    except (KeyError, zipfile.BadZipFile, ValueError):
        return []
    if "<f" not in xml:
        return []
    return [m.group(1) for m in _FORMULA_CELL_RE.finditer(xml) if not re.search(r"<v>[^<]+</v>", m.group(0))]
