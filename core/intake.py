"""The one upload path: bytes of a CSV or XLSX file -> a validated, tidy DataFrame, or problems.

``load(content, filename, schema)`` never raises on bad input. It returns an ``IntakeResult``
whose ``data`` is None when the file cannot be used at all (``errors``), and otherwise the rows
that passed, with every row or cell left out listed as a ``warning`` that names the file, sheet,
row, column, what was found and what was expected. Messages are rendered in the user's language
with ``Problem.message(t)``.

Readers: XLSX through calamine (Rust; several times faster than openpyxl, see
benchmarks/intake.py), CSV through pandas' C parser after sniffing encoding (UTF-8, UTF-8 with
BOM, else cp1252, the superset of Latin-1 that Spanish-locale Excel writes), delimiter
(comma, semicolon, tab, pipe) and decimal mark (a semicolon file with "3,5" uses decimal commas).
"""
from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.schemas import PERSONAL_HEADERS, Column, PatternColumn, Schema, normalise_header

MAX_BYTES = 50 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
MAX_LISTED = 10  # problems of one kind listed one by one before they are summarised
FORMULA_PREFIXES = ("=", "+", "-", "@")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
TRUE_WORDS = {"true", "1", "yes", "y", "si", "s", "x", "verdadero", "v"}
FALSE_WORDS = {"false", "0", "no", "n", "falso", "f", ""}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload. ``severity``: error (file rejected), warning (rows or
    cells left out), info (something changed, e.g. personal data dropped)."""

    severity: str
    code: str
    file: str
    sheet: str | None = None
    row: int | None = None      # as the user sees it in the spreadsheet (header is row 1 in a CSV)
    column: str | None = None   # the header as written in the file
    found: str | None = None
    expected: str | None = None
    count: int | None = None

    def message(self, t) -> str:
        where = [t("intake.where_file", file=self.file)]
        if self.sheet:
            where.append(t("intake.where_sheet", sheet=self.sheet))
        if self.row is not None:
            where.append(t("intake.where_row", row=self.row))
        if self.column:
            where.append(t("intake.where_column", column=self.column))
        body = t(f"intake.{self.code}", found=self.found or "", expected=self.expected or "",
                 count=self.count if self.count is not None else "")
        return f"{', '.join(where)}: {body}"


@dataclass
class IntakeResult:
    data: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    dropped_personal: list[str] = field(default_factory=list)
    sheet: str | None = None
    n_read: int = 0

    @property
    def ok(self) -> bool:
        return self.data is not None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def infos(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "info"]


class _Reject(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


# ---------------------------------------------------------------- reading the file into cells

def _kind_of_bytes(content: bytes) -> str:
    if content[:4] == b"PK\x03\x04":
        return "zip"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"  # legacy .xls, or an XLSX encrypted with a password
    signatures = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"BM", b"Rar!", b"7z\xbc\xaf")
    if any(content.startswith(s) for s in signatures) or b"\x00" in content[:4096]:
        return "binary"
    return "text"


def _encoding(content: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as UTF-8, else cp1252 (Latin-1's superset,
    what Spanish-locale Excel writes)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of a truncated file is still UTF-8
        return "utf-8" if exc.start >= len(content) - 3 else "cp1252"


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text[:65536].splitlines()[:50] if ln.strip()]
    best, best_score = ",", -1.0
    for delim in (";", ",", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        consistency = counts.count(mode) / len(counts)
        score = consistency * 10 + min(mode, 50) / 50
        if score > best_score:
            best, best_score = delim, score
    return best


def _uses_decimal_comma(text: str, delim: str) -> bool:
    if delim == ",":
        return False
    sample = "\n".join(text[:65536].splitlines()[1:200])
    comma = len(re.findall(r"(?:^|[;\t|])\s*-?\d+,\d+\s*(?=$|[;\t|])", sample, re.MULTILINE))
    # "1.120" could be a thousands separator in a decimal-comma file, so it does not count as a point
    point = len(re.findall(r"(?:^|[;\t|])\s*-?\d+\.(?!\d{3}\b)\d+\s*(?=$|[;\t|])", sample, re.MULTILINE))
    return comma > point


def _read_csv(content: bytes, filename: str, schema: Schema) -> tuple[list[str], pd.DataFrame, int, dict]:
    """Headers, body (columns by position) and the header's line number of a CSV.

    Columns the schema reads as numbers are parsed by pandas' C parser directly (with the sniffed
    decimal mark); a column that still holds text is checked cell by cell in _validate.
    """
    encoding = _encoding(content)
    text = content[:65536].decode(encoding, errors="replace")  # enough to sniff the dialect
    if not content.removeprefix(b"\xef\xbb\xbf").strip():
        raise _Reject(Problem("error", "empty", filename))
    delim = _sniff_delimiter(text)
    decimal_comma = _uses_decimal_comma(text, delim)
    lines = text.splitlines()
    skip = next((i for i, line in enumerate(lines) if line.strip()), 0)
    headers = [h.strip() for h in next(csv.reader([lines[skip]], delimiter=delim))]
    named, patterned = _match_columns(headers, schema)
    numeric = {pos for pos, name in named.items() if schema.column(name).kind in ("int", "float")}
    numeric |= {pos for pos, name in patterned.items()
                if next(p for p in schema.patterns if re.match(p.regex, normalise_header(headers[pos]))).kind in ("int", "float")}
    options = dict(sep=delim, header=None, skiprows=skip + 1, keep_default_na=False, na_values=[""],
                   skip_blank_lines=False, engine="c", on_bad_lines="error")
    if decimal_comma:
        options.update(decimal=",", thousands=".")
    try:
        body = pd.read_csv(io.BytesIO(content), encoding=encoding, encoding_errors="replace", dtype={p: str for p in range(len(headers)) if p not in numeric},
                           **options)
    except pd.errors.EmptyDataError:
        body = pd.DataFrame(columns=range(len(headers)))
    except (pd.errors.ParserError, ValueError) as exc:
        raise _Reject(Problem("error", "csv_unreadable", filename, found=str(exc)[:200]))
    for extra in range(len(headers), body.shape[1]):
        body[extra] = body[extra].astype(str)
        headers.append("")
    info = {"encoding": encoding, "delimiter": delim, "decimal_comma": decimal_comma}
    return headers, body, skip + 1, info


def _read_xlsx(content: bytes, filename: str, schema: Schema) -> tuple[list[str], pd.DataFrame, int, dict]:
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise _Reject(Problem("error", "corrupt_xlsx", filename))
    if "xl/workbook.xml" not in names:
        raise _Reject(Problem("error", "not_spreadsheet", filename, found="zip"))
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise _Reject(Problem("error", "corrupt_xlsx", filename, found=str(exc)[:200]))
    best = None
    for sheet_name in book.sheet_names:
        try:
            rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise _Reject(Problem("error", "corrupt_xlsx", filename, sheet=sheet_name, found=str(exc)[:200]))
        rows = [r for r in rows]
        header_at = next((i for i, r in enumerate(rows) if any(str(v).strip() for v in r)), None)
        if header_at is None:
            continue
        matched = len(_match_columns([str(v) for v in rows[header_at]], schema)[0])
        score = (matched, normalise_header(sheet_name) in schema.sheet_names)
        if best is None or score > best[0]:
            best = (score, sheet_name, rows[header_at:], header_at + 1)
    if best is None:
        raise _Reject(Problem("error", "empty", filename))
    _, sheet_name, rows, header_row = best
    width = max(len(r) for r in rows)
    headers = ["" if v is None else str(v).strip() for v in rows[0]] + [""] * (width - len(rows[0]))
    body = pd.DataFrame(rows[1:], columns=range(len(rows[0])), dtype=object).reindex(columns=range(width))
    # empty cells as missing, then let pandas type the clean columns in C (numbers, dates);
    # only columns that mix types stay object and are checked cell by cell
    body = body.where(body.ne(""), None).infer_objects()
    info = {"sheet": sheet_name, "uncomputed_formulas": _uncomputed_formulas(content, sheet_name)}
    return headers, body, header_row, info


_SHEET_RE = re.compile(r'<sheet\b[^>]*\bname="([^"]*)"[^>]*\br:id="([^"]*)"')
_REL_RE = re.compile(r'<Relationship\b[^>]*\bId="([^"]*)"[^>]*\bTarget="([^"]*)"')
_REL_RE2 = re.compile(r'<Relationship\b[^>]*\bTarget="([^"]*)"[^>]*\bId="([^"]*)"')
_FORMULA_CELL_RE = re.compile(r'<c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*>(?:(?!</c>).)*?<f[ >/](?:(?!</c>).)*?</c>', re.S)


def _uncomputed_formulas(content: bytes, sheet_name: str) -> list[str]:
    """Cells of a sheet that hold a formula with no saved value (files written by programs that
    do not calculate); calamine reads them as empty, so the user must be told."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            targets = dict(_REL_RE.findall(rels)) | {i: t for t, i in _REL_RE2.findall(rels)}
            rid = next((r for n, r in _SHEET_RE.findall(book) if n == sheet_name), None)
            if rid is None or rid not in targets:
                return []
            target = targets[rid].lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            xml = archive.read(path).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, ValueError):
        return []
    if "<f" not in xml:
        return []
    return [m.group(1) for m in _FORMULA_CELL_RE.finditer(xml) if not re.search(r"<v>[^<]+</v>", m.group(0))]


# ---------------------------------------------------------------- matching the header

def _match_columns(headers: list[str], schema: Schema) -> tuple[dict[int, str], dict[int, str]]:
    """Map column positions to canonical names, for named columns and pattern columns."""
    lookup: dict[str, str] = {}
    for col in schema.columns:
        for alias in (col.name, *col.aliases):
            lookup.setdefault(normalise_header(alias), col.name)
    named: dict[int, str] = {}
    patterned: dict[int, str] = {}
    for pos, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        if key in lookup and lookup[key] not in named.values():
            named[pos] = lookup[key]
            continue
        for pattern in schema.patterns:
            if re.match(pattern.regex, key):
                patterned[pos] = _pattern_name(key)
                break
    return named, patterned


def _pattern_name(key: str) -> str:
    """e_1 -> E1, p12 -> P12, w_tangibles -> W_tangibles."""
    m = re.match(r"^([a-z])_?(\d+)$", key)
    if m:
        return f"{m.group(1).upper()}{m.group(2)}"
    return key[0].upper() + key[1:]


def _column_letter(pos: int) -> str:
    letters = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ---------------------------------------------------------------- converting the cells

def _is_text_dtype(raw: pd.Series) -> bool:
    """True for CSV columns (all cells strings); XLSX columns are object with mixed types."""
    return raw.dtype != object and pd.api.types.is_string_dtype(raw.dtype)


def _stripped(raw: pd.Series) -> pd.Series:
    """Cells as stripped strings; non-string cells (numbers, dates from XLSX) as NaN."""
    if _is_text_dtype(raw):
        return raw.str.strip()
    return raw.map(lambda v: v.strip() if isinstance(v, str) else np.nan).astype(object)


def _is_blank(raw: pd.Series) -> pd.Series:
    if raw.dtype != object and not _is_text_dtype(raw):
        return raw.isna()
    if _is_text_dtype(raw):
        return (raw.str.strip() == "").fillna(True).astype(bool)
    blank = raw.isna()
    is_text = raw.map(type).eq(str)
    if is_text.any():
        blank[is_text] = raw[is_text].astype(str).str.strip().eq("")
    return blank.astype(bool)


def _to_number(raw: pd.Series, decimal_comma: bool) -> pd.Series:
    if pd.api.types.is_numeric_dtype(raw.dtype):
        return raw.astype(float)
    if _is_text_dtype(raw):
        as_number = pd.Series(np.nan, index=raw.index)
    else:
        is_number = raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).astype(bool)
        as_number = pd.to_numeric(raw.where(is_number), errors="coerce").astype(float)
    text = _stripped(raw)
    has_text = text.notna() & (text != "")
    if has_text.any():
        cleaned = text[has_text].astype(str)
        fast = pd.to_numeric(cleaned, errors="coerce") if not decimal_comma else None
        if fast is not None and fast.notna().all():
            as_number.loc[has_text] = fast.to_numpy()
            return as_number.astype(float)
        cleaned = cleaned.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
        cleaned = cleaned.str.rstrip("%")
        if decimal_comma:
            cleaned = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        else:
            # a lone decimal comma ("3,5" typed as text in an XLSX cell) is still a decimal
            lone = cleaned.str.fullmatch(r"-?\d+,\d+")
            cleaned = cleaned.where(~lone, cleaned.str.replace(",", ".", regex=False))
            cleaned = cleaned.str.replace(",", "", regex=False)
        as_number.loc[has_text] = pd.to_numeric(cleaned, errors="coerce").to_numpy()
    return as_number.astype(float)


def _bool_word(v) -> bool | None:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and v in (0, 1):
        return bool(v)
    word = normalise_header(v)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _to_bool(raw: pd.Series) -> pd.Series:
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    words = np.array([_bool_word(v) for v in uniques] + [None], dtype=object)
    return pd.Series(words[codes], index=raw.index)  # code -1 (missing) picks the trailing None


def _as_text(raw: pd.Series) -> pd.Series:
    """Cells as stripped text; whole numbers from a spreadsheet show without ".0"."""
    if _is_text_dtype(raw):
        return raw.str.strip().fillna("")
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.astype(float)
        whole = values.notna() & (values % 1 == 0)
        text = values.astype(str).where(values.notna(), "")
        text[whole] = values[whole].astype("int64").astype(str)
        return text.astype(object)
    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v).strip()
    return raw.map(one)


def _to_datetime(raw: pd.Series) -> pd.Series:
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return raw.astype("datetime64[ns]")
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        serial = raw.astype(float).where((raw > 0) & (raw < 2_958_466))
        return pd.Timestamp("1899-12-30") + pd.to_timedelta(serial, unit="D")  # Excel serial days
    if _is_text_dtype(raw):
        texts = raw.str.strip()
    else:
        kinds = raw.map(type)
        is_text = kinds.eq(str)
        is_number = kinds.isin([int, float])
        others = ~is_text & ~is_number & raw.notna()  # datetime, date (calamine gives date at midnight)
        if others.any():
            out.loc[others] = pd.to_datetime(raw[others], errors="coerce").astype("datetime64[ns]")
        if is_number.any():
            out.loc[is_number] = _to_datetime(raw[is_number].astype(float))
        texts = raw[is_text].astype(str).str.strip()
    texts = texts[texts != ""]
    if len(texts):
        # ISO first (fast, unambiguous); the rest day first, as Spanish-locale Excel writes dates
        iso = pd.to_datetime(texts, errors="coerce", format="ISO8601")
        out.loc[texts.index] = iso.astype("datetime64[ns]").to_numpy()
        rest = texts[iso.isna().to_numpy()]
        if len(rest):
            out.loc[rest.index] = pd.to_datetime(rest, errors="coerce", dayfirst=True, format="mixed")
    return out


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _range_text(col: Column | PatternColumn) -> str:
    lo = "" if col.min is None else f"{col.min:g}"
    hi = "" if col.max is None else f"{col.max:g}"
    if lo and hi:
        return f"{lo}–{hi}"
    if lo:
        return f">= {lo}"
    return f"<= {hi}"


# ---------------------------------------------------------------- the path

def load(content: bytes, filename: str, schema: Schema, max_bytes: int = MAX_BYTES) -> IntakeResult:
    """Read, validate and normalise one uploaded file against a schema. Never raises on bad input."""
    try:
        return _load(content, filename, schema, max_bytes)
    except _Reject as rejected:
        return IntakeResult(None, [rejected.problem])


def _load(content: bytes, filename: str, schema: Schema, max_bytes: int) -> IntakeResult:
    if content is None or len(content) == 0:
        raise _Reject(Problem("error", "empty", filename))
    if len(content) > max_bytes:
        raise _Reject(Problem("error", "too_large", filename, found=f"{len(content) / 1e6:.1f} MB",
                              expected=f"{max_bytes / 1e6:.0f} MB"))
    kind = _kind_of_bytes(content)
    if kind == "ole":
        raise _Reject(Problem("error", "encrypted_or_xls", filename))
    if kind == "binary":
        raise _Reject(Problem("error", "not_spreadsheet", filename))
    sheet = None
    if kind == "zip":
        headers, body, header_row, info = _read_xlsx(content, filename, schema)
        sheet = info["sheet"]
        decimal_comma = False
    else:
        if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
            raise _Reject(Problem("error", "not_spreadsheet", filename))
        headers, body, header_row, info = _read_csv(content, filename, schema)
        decimal_comma = info["decimal_comma"]
    result = _validate(headers, body, header_row, filename, sheet, schema, decimal_comma)
    formulas = info.get("uncomputed_formulas") or []
    if formulas:
        shown = ", ".join(formulas[:MAX_LISTED]) + (" …" if len(formulas) > MAX_LISTED else "")
        result.problems.insert(0, Problem("warning", "formula_no_value", filename, sheet,
                                          found=shown, count=len(formulas)))
    return result


def _validate(headers: list[str], body: pd.DataFrame, header_row: int, filename: str, sheet: str | None,
              schema: Schema, decimal_comma: bool) -> IntakeResult:
    problems: list[Problem] = []

    def problem(severity, code, **kw):
        problems.append(Problem(severity, code, filename, sheet, **kw))

    body = body.reset_index(drop=True)
    # drop fully blank rows (Excel often leaves formatted empty rows)
    blank_rows = _is_blank_frame(body)
    row_numbers = pd.Series(np.arange(len(body)) + header_row + 1, index=body.index)
    body, row_numbers = body[~blank_rows], row_numbers[~blank_rows]

    # duplicated headers
    seen: dict[str, str] = {}
    for h in headers:
        key = normalise_header(h)
        if not key:
            continue
        if key in seen:
            raise _Reject(Problem("error", "duplicate_header", filename, sheet, column=h, found=seen[key]))
        seen[key] = h

    # personal data: by header, or a text column that is mostly e-mail addresses
    dropped: list[str] = []
    keep_positions = []
    for pos, h in enumerate(headers):
        key = normalise_header(h)
        values = body.iloc[:, pos] if pos < body.shape[1] else pd.Series(dtype=object)
        sample = values.head(200).map(lambda v: isinstance(v, str) and bool(EMAIL_RE.match(v.strip()))).astype(bool)
        if key in PERSONAL_HEADERS or (len(sample) and sample.mean() > 0.5):
            dropped.append(h)
        else:
            keep_positions.append(pos)
    if dropped:
        problem("info", "personal_dropped", found=", ".join(dropped))

    named, patterned = _match_columns([headers[p] if p in keep_positions else "" for p in range(len(headers))], schema)

    missing = [c for c in schema.columns if c.required and c.name not in named.values()]
    if missing:
        found_headers = [h for h in headers if h]
        for col in missing:
            guess = difflib.get_close_matches(normalise_header(col.name),
                                              [normalise_header(h) for h in found_headers], n=1, cutoff=0.6)
            expected = " / ".join((col.name, *col.aliases[:3]))
            problems.append(Problem("error", "missing_column_guess" if guess else "missing_column", filename, sheet,
                                    column=col.name, expected=expected, found=guess[0] if guess else ", ".join(found_headers[:12])))
        return IntakeResult(None, problems, dropped, sheet)
    for group in schema.one_of:
        if all(name in named.values() for name in group):
            break
    else:
        if schema.one_of:
            options = " | ".join(" + ".join(g) for g in schema.one_of)
            problem("error", "missing_one_of", expected=options, found=", ".join(h for h in headers if h)[:200])
            return IntakeResult(None, problems, dropped, sheet)
    if schema.patterns and not patterned:
        examples = ", ".join(p.example for p in schema.patterns if p.example)
        problem("error", "missing_pattern_columns", expected=examples)
        return IntakeResult(None, problems, dropped, sheet)

    if len(body) < schema.min_rows:
        problem("error", "no_rows")
        return IntakeResult(None, problems, dropped, sheet)

    out = pd.DataFrame(index=body.index)
    bad_row = pd.Series(False, index=body.index)
    specs: list[tuple[int, str, Column | PatternColumn, bool]] = []
    for pos, name in named.items():
        specs.append((pos, name, schema.column(name), schema.column(name).required))
    for pos, name in patterned.items():
        spec = next(p for p in schema.patterns if re.match(p.regex, normalise_header(headers[pos])))
        specs.append((pos, name, spec, False))
    specs.sort(key=lambda s: s[0])

    listed: dict[str, int] = {}

    def report(code, rows_mask, raw, header, expected, col_pos, severity="warning"):
        hits = rows_mask[rows_mask].index
        listed.setdefault(code + header, 0)
        for idx in hits[: MAX_LISTED]:
            problem(severity, code, row=int(row_numbers[idx]), column=f"{header} ({_column_letter(col_pos)})",
                    found=_shown(raw[idx]), expected=expected)
        if len(hits) > MAX_LISTED:
            problem(severity, "more_rows", column=f"{header} ({_column_letter(col_pos)})", count=len(hits) - MAX_LISTED)

    for pos, name, spec, required in specs:
        raw = body.iloc[:, pos]
        header = headers[pos]
        blank = _is_blank(raw)
        if spec.kind in ("int", "float"):
            values = _to_number(raw, decimal_comma)
            if pd.api.types.is_numeric_dtype(raw.dtype):
                formula = pd.Series(False, index=body.index)
            else:
                formula = (_stripped(raw).str[:1].isin(("=", "@")) & values.isna()).fillna(False).astype(bool)
            not_number = values.isna() & ~blank & ~formula
            report("formula_in_number", formula, raw, header, "", pos)
            report("not_a_number", not_number, raw, header, _range_text(spec) if (spec.min is not None or spec.max is not None) else "", pos)
            invalid = formula | not_number
            out_of_range = pd.Series(False, index=body.index)
            if spec.min is not None:
                out_of_range |= values < spec.min
            if spec.max is not None:
                out_of_range |= values > spec.max
            report("out_of_range", out_of_range, raw, header, _range_text(spec), pos)
            invalid |= out_of_range
            if spec.kind == "int":
                fractional = values.notna() & ~out_of_range & (values != np.round(values))
                report("not_integer", fractional, raw, header, "", pos)
                invalid |= fractional
            values = values.where(~invalid)
            out[name] = values.astype("Int64") if spec.kind == "int" else values
        elif spec.kind == "datetime":
            values = _to_datetime(raw)
            invalid = values.isna() & ~blank
            report("not_a_date", invalid, raw, header, "AAAA-MM-DD HH:MM", pos)
            out[name] = values
        elif spec.kind == "bool":
            values = _to_bool(raw)
            invalid = values.isna() & ~blank
            report("not_a_bool", invalid, raw, header, "true/false, sí/no, 1/0", pos)
            out[name] = values.astype("boolean")
        else:
            text = _as_text(raw)
            formula = text.str[:1].isin(FORMULA_PREFIXES) & ~text.str.fullmatch(r"[-+]?\d+([.,]\d+)?").fillna(False)
            if formula.any():
                report("formula_text", formula, raw, header, "", pos, severity="info")
            invalid = pd.Series(False, index=body.index)
            out[name] = text.where(text != "", None) if spec.kind == "text" else text
        if required:
            missing_value = blank
            report("blank_required", missing_value & ~invalid, raw, header, "", pos)
            bad_row |= invalid | missing_value
        elif invalid.any():
            pass  # optional cell left blank; already reported

    # a row must have a usable value in at least one of the one_of groups present in the file
    present_groups = [g for g in schema.one_of if all(c in out.columns for c in g)]
    if present_groups:
        usable = pd.Series(False, index=out.index)
        for group in present_groups:
            usable |= out[list(group)].notna().all(axis=1)
        nothing = ~usable & ~bad_row
        if nothing.any():
            group_names = " | ".join(" + ".join(g) for g in present_groups)
            hits = nothing[nothing].index
            for idx in hits[:MAX_LISTED]:
                problem("warning", "row_without_values", row=int(row_numbers[idx]), expected=group_names)
            if len(hits) > MAX_LISTED:
                problem("warning", "more_rows", column=group_names, count=len(hits) - MAX_LISTED)
        bad_row |= ~usable

    if schema.keep_extra:
        used = set(named) | set(patterned)
        for pos, header in enumerate(headers):
            if pos in used or pos not in keep_positions or not normalise_header(header):
                continue
            text = _as_text(body.iloc[:, pos])
            out[header] = text.where(text != "", None)  # as the user wrote it (e.g. a step name)

    for rule in schema.rules:
        if all(c in out.columns for c in rule.columns):
            mask = rule.bad_rows(out) & ~bad_row
            if mask.any():
                pos = next(p for p, n in named.items() if n == rule.columns[0])
                expected = " <= ".join(rule.columns[:2][::-1]) if len(rule.columns) == 2 else ""
                found_vals = out.loc[mask, list(rule.columns)].astype(str).agg(" / ".join, axis=1)
                report(f"rule_{rule.code}", mask, found_vals, headers[pos], expected, pos)
                bad_row |= mask

    n_read = len(out)
    out = out[~bad_row]
    if bad_row.any():
        problem("warning", "rows_left_out", count=int(bad_row.sum()), found=str(n_read))
    if out.empty:
        problem("error", "no_valid_rows", count=n_read)
        return IntakeResult(None, problems, dropped, sheet, n_read)
    return IntakeResult(out.reset_index(drop=True), problems, dropped, sheet, n_read)


def _is_blank_frame(frame: pd.DataFrame) -> pd.Series:
    if frame.empty:
        return pd.Series(False, index=frame.index)
    blank = pd.Series(True, index=frame.index)
    for pos in range(frame.shape[1]):
        blank &= _is_blank(frame.iloc[:, pos])
    return blank
