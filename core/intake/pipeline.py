"""The one upload path: bytes of a spreadsheet -> a validated, tidy DataFrame, or problems.

``load(content, filename, schema, mapping=None)`` never raises. Readers (readers.py) turn the bytes
into a grid of cells; the header row is found (header.py), even below a title block; each column is
read by its kind (numbers.py, dates.py, columns.py) with one decision per column (decimal mark, day
or month first) and refused when that decision cannot be made; validate.py checks the whole table.
"""
from __future__ import annotations

import pandas as pd

from core.intake.columns import Listing, is_blank
from core.intake.header import find_header_row, header_text, match_columns
from core.intake.limits import MAX_BYTES, MAX_CELLS
from core.intake.problems import MAX_LISTED, IntakeResult, Problem, Reject
from core.intake.readers import Grid, kind_of_bytes, read_text, uncomputed_formulas, workbook_sheets
from core.intake.validate import (Table, apply_rules, as_text, check_duplicates, convert_all, join_times,
                                  label_of, missing_columns, personal_positions, preview, rows_without_values)
from core.schemas import Schema, normalise_header

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")


def load(content: bytes, filename: str, schema: Schema, mapping: dict | None = None,
         max_bytes: int = MAX_BYTES, lang: str | None = None) -> IntakeResult:
    """Read, validate and normalise one uploaded file against a schema. ``mapping``: {dataset column:
    header as in the file} chosen by the user ("" = not in the file); ``lang``: the reader's language
    ("es": text dates whose order nothing decides are read day first). Never raises."""
    try:
        return _load(content, filename, schema, mapping if isinstance(mapping, dict) else None, max_bytes, lang)
    except Reject as rejected:
        return IntakeResult(None, [rejected.problem])
    except MemoryError:
        return IntakeResult(None, [Problem("error", "out_of_memory", filename, expected=str(MAX_CELLS))])
    except Exception as exc:  # a bug must never reach the user as a traceback
        return IntakeResult(None, [Problem("error", "unexpected", filename, found=f"{type(exc).__name__}: {exc}"[:200])])


def _load(content: bytes, filename: str, schema: Schema, mapping: dict | None, max_bytes: int,
          lang: str | None) -> IntakeResult:
    if not isinstance(content, (bytes, bytearray)) or not content:
        raise Reject(Problem("error", "empty", filename))
    if len(content) > max_bytes:
        raise Reject(Problem("error", "too_large", filename, found=str(-(-len(content) // 2**20)),
                             expected=str(max_bytes // 2**20)))
    kind = kind_of_bytes(content)
    if kind == "binary":
        raise Reject(Problem("error", "not_spreadsheet", filename))
    notes: list[Problem] = []
    if kind in ("zip", "ole"):
        grid, header_at, notes = _best_sheet(content, filename, kind, schema, mapping)
    else:
        if kind == "text" and filename.lower().endswith(WORKBOOK_SUFFIXES):
            head = content[:1024].lstrip().lower()
            code = "html_table" if head.startswith((b"<", b"\xef\xbb\xbf<")) else "not_spreadsheet"
            raise Reject(Problem("error", code, filename))
        grid = read_text(content, filename)
        header_at = find_header_row(grid.cells, schema, mapping)
        if grid.info.get("encoding") == "mac-roman":
            notes.append(Problem("info", "encoding_mac_roman", filename))
    if header_at is None:
        raise Reject(Problem("error", "empty", filename, sheet=grid.sheet))
    date_hint = "dmy" if grid.info.get("delimiter") == ";" or lang == "es" else None
    result = build(_table(grid, header_at, filename, date_hint), schema, mapping)
    formulas = uncomputed_formulas(content, grid.sheet) if grid.info.get("formulas") else []
    if formulas:
        listed = ", ".join(formulas[:MAX_LISTED]) + (" …" if len(formulas) > MAX_LISTED else "")
        notes.append(Problem("warning", "formula_no_value", filename, grid.sheet, found=listed, count=len(formulas)))
    result.problems[:0] = notes
    return result


def _best_sheet(content: bytes, filename: str, kind: str, schema: Schema, mapping: dict | None):
    """(grid, header row, notes) of the sheet to read: a visible sheet before a hidden one, then the one
    whose header matches the dataset best, then the sheet named like the dataset. The notes tell the
    user which sheet was read when there were several, and which were too big to read."""
    sheets = workbook_sheets(content, filename, kind)
    best = None
    for sheet in sheets:
        header_at = None if sheet.head is None else find_header_row(sheet.head, schema, mapping)
        if header_at is None:
            continue
        headers = [header_text(v) for v in sheet.head.iloc[header_at].tolist()]
        score = match_columns(headers, schema, mapping).score
        key = (sheet.visible, score > 0, score, normalise_header(sheet.name) in schema.sheet_names)
        if best is None or key > best[0]:
            best = (key, sheet, header_at)
    too_big = [s for s in sheets if s.head is None]
    if best is None:
        if too_big:
            raise Reject(Problem("error", "too_many_cells", filename, too_big[0].name, found=str(too_big[0].cells),
                                 expected=str(MAX_CELLS)))
        raise Reject(Problem("error", "empty", filename))
    chosen = best[1]
    notes = [Problem("warning", "sheet_too_big", filename, s.name, found=str(s.cells), expected=str(MAX_CELLS))
             for s in too_big]
    others = [s.name for s in sheets if s is not chosen]
    if others or not chosen.visible:
        code = "sheet_read" if chosen.visible else "sheet_read_hidden" if others else "sheet_read_hidden_only"
        notes.insert(0, Problem("info", code, filename, chosen.name, found=", ".join(others)))
    return chosen.grid(filename), best[2], notes


def _table(grid: Grid, header_at: int, filename: str, date_hint: str | None) -> Table:
    cells = grid.cells
    headers = [header_text(v) for v in cells.iloc[header_at].tolist()]
    body = cells.iloc[header_at + 1:]
    blanks = pd.DataFrame({pos: is_blank(body.iloc[:, pos]) for pos in range(body.shape[1])}, index=body.index)
    keep = ~blanks.all(axis=1)   # the header row has a filled cell, so the body has a column
    body, blanks = body[keep], blanks[keep]
    rows = pd.Series(body.index.to_numpy() + 1, index=body.index)  # grid row i is spreadsheet row i + 1
    return Table(headers, body, rows, filename, grid.sheet, header_at + 1, date_hint, blanks)


def build(table: Table, schema: Schema, mapping: dict | None = None) -> IntakeResult:
    """The dataset from a table, or the problems that stop it."""
    check_duplicates(table)
    listing = Listing(table.file, table.sheet, table.rows)
    personal = personal_positions(table, mapping)
    dropped = [table.headers[p] or label_of(table, p) for p in personal]   # an unnamed one by its letter
    if dropped:
        listing.add("info", "personal_dropped", found=", ".join(dropped))
    match = match_columns(table.headers, schema, mapping, skip=set(personal))
    used = {name: table.headers[pos] for pos, name in {**match.named, **match.patterned}.items()}
    base = dict(dropped_personal=dropped, sheet=table.sheet, headers=list(table.headers), preview=preview(table),
                used=used, header_row=table.header_row)
    missing = missing_columns(table, schema, match)
    if missing:
        return IntakeResult(None, listing.problems + missing, mismatch=True, **base)
    if len(table.body) < schema.min_rows:
        return IntakeResult(None, listing.problems + [Problem("error", "no_rows", table.file, table.sheet)], **base)
    out, bad_row, errors = convert_all(table, schema, match, listing)
    if errors:
        kept = [p for p in listing.problems if p.severity == "info"]
        return IntakeResult(None, kept + errors, mismatch=any(e.code == "column_unreadable" for e in errors), **base)
    out = join_times(out, schema)
    bad_row = rows_without_values(out, schema, bad_row, listing)
    extra = _keep_extra(out, table, match, set(personal)) if schema.keep_extra else []
    used.update({h: h for h in extra})
    bad_row = apply_rules(out, schema, match, table, bad_row, listing)
    unused = [h for p, h in enumerate(table.headers)
              if h and p not in match.named and p not in match.patterned and p not in personal and h not in extra]
    if unused:
        listing.add("info", "columns_not_used", found=", ".join(unused))
    base.update(unused=unused)
    n_read = len(out)
    out = out[~bad_row]
    if out.empty:
        listing.add("error", "no_valid_rows", count=n_read)
        return IntakeResult(None, listing.problems, n_read=n_read, **base)
    if bad_row.any():
        listing.add("warning", "rows_left_out", count=int(bad_row.sum()), found=str(n_read))
    return IntakeResult(out.reset_index(drop=True), listing.problems, n_read=n_read, **base)


def _keep_extra(out: pd.DataFrame, table: Table, match, personal: set[int]) -> list[str]:
    """Columns the schema does not name, kept as text under their header as written (blueprint lanes)."""
    kept = []
    for pos, header in enumerate(table.headers):
        if pos in match.named or pos in match.patterned or pos in personal or not normalise_header(header):
            continue
        text = as_text(table.body.iloc[:, pos])
        out[header] = text.where(text != "").astype("str")
        kept.append(header)
    return kept
