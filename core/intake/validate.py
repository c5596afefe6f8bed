"""A table (header + body) checked against a schema: the dataset's canonical columns, or problems.

Every column of the file ends up used (as which column), kept as written (schemas that keep extra
columns), dropped as personal data, or listed as not used; nothing is dropped in silence.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from core.intake.columns import Listing, as_text, convert, is_blank
from core.intake.header import Match
from core.intake.numbers import clean_text, shape_of
from core.intake.problems import MAX_LISTED, Problem, Reject, column_letter
from core.schemas import PERSONAL_HEADERS, Schema, normalise_header

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
PREVIEW_ROWS = 5


@dataclass
class Table:
    headers: list[str]
    body: pd.DataFrame   # columns by position; blank rows already dropped
    rows: pd.Series      # the spreadsheet's row number of each body row
    file: str
    sheet: str | None
    header_row: int
    date_hint: str | None = None  # "dmy" for a ";"-separated CSV (written by a day-first locale)
    blank: pd.DataFrame | None = None  # which body cells are empty, by position (computed once)


def accepted_names(col) -> str:
    """The names a column is recognised by, as a user would type them (English name first)."""
    names = [col.name] + [a[:1].upper() + a[1:].replace("_", " ") for a in col.aliases]
    return ", ".join(dict.fromkeys(names))


def label_of(table: Table, pos: int) -> str:
    return f"{table.headers[pos] or '?'} ({column_letter(pos)})"


def check_duplicates(table: Table) -> None:
    seen: dict[str, str] = {}
    for header in table.headers:
        key = normalise_header(header)
        if key and key in seen:
            raise Reject(Problem("error", "duplicate_header", table.file, table.sheet, column=header,
                                 found=seen[key]))
        seen.setdefault(key, header)


def personal_positions(table: Table, mapping: dict | None) -> list[int]:
    """Columns with personal data: by header, or text that is mostly e-mail addresses. A column the
    user mapped herself is hers to use."""
    mapped = {str(h).strip() for h in (mapping or {}).values() if h}
    found = []
    for pos, header in enumerate(table.headers):
        if header in mapped:
            continue
        sample = table.body.iloc[:200, pos]
        emails = sample.map(lambda v: isinstance(v, str) and bool(EMAIL_RE.match(v.strip())))
        if normalise_header(header) in PERSONAL_HEADERS or (len(emails) and emails.mean() > 0.5):
            found.append(pos)
    return found


def missing_columns(table: Table, schema: Schema, match: Match) -> list[Problem]:
    """Errors for required columns, column groups and item columns the file does not have."""
    problems = []
    present = set(match.named.values())
    headers = [h for h in table.headers if h]
    for col in schema.columns:
        if not col.required or col.name in present:
            continue
        guess = difflib.get_close_matches(normalise_header(col.name), [normalise_header(h) for h in headers])
        found = next(h for h in headers if normalise_header(h) == guess[0]) if guess else ", ".join(headers[:12])
        problems.append(Problem("error", "missing_column_guess" if guess else "missing_column", table.file,
                                table.sheet, found=found, expected=accepted_names(col), dataset=schema.name,
                                target=col.name))
    if schema.one_of and not any(all(n in present for n in group) for group in schema.one_of):
        options = " | ".join(" + ".join(accepted_names(schema.column(n)).split(", ")[0] for n in g)
                             for g in schema.one_of)
        names = "; ".join(accepted_names(schema.column(n)) for g in schema.one_of for n in g)
        problems.append(Problem("error", "missing_one_of", table.file, table.sheet,
                                expected=f"{options} ({names})", found=", ".join(headers)[:200]))
    if schema.patterns and not match.patterned:
        examples = ", ".join(p.example for p in schema.patterns if p.example)
        problems.append(Problem("error", "missing_pattern_columns", table.file, table.sheet, expected=examples))
    return problems


def decimal_hint(table: Table, schema: Schema, match: Match) -> str | None:
    """The decimal mark the file's number columns show, when they all show the same one."""
    marks = set()
    for pos, name in match.named.items():
        if schema.column(name).kind in ("int", "float", "duration"):
            for value in table.body.iloc[:2000, pos].dropna().unique():
                if isinstance(value, str):   # "1:30" has no number shape, so no mark
                    mark = shape_of(clean_text(value))[1]
                    if mark:
                        marks.add(mark)
    return marks.pop() if len(marks) == 1 else None


def specs_of(schema: Schema, match: Match):
    specs = [(pos, name, schema.column(name)) for pos, name in match.named.items()]
    for pos, name in match.patterned.items():
        # the item's name (E1, W_tangibles) keeps its header's prefix letter: the same pattern
        spec = next(p for p in schema.patterns if re.match(p.regex, name.lower()))
        specs.append((pos, name, spec))
    return sorted(specs)   # by position (positions are distinct)


def convert_all(table: Table, schema: Schema, match: Match, listing: Listing):
    """(frame of canonical columns, rows to leave out, column errors)."""
    hint = decimal_hint(table, schema, match)
    out = pd.DataFrame(index=table.body.index)
    bad_row = pd.Series(False, index=table.body.index)
    errors = []
    for pos, name, spec in specs_of(schema, match):
        raw = table.body.iloc[:, pos]
        label = label_of(table, pos)
        blank = table.blank.iloc[:, pos] if table.blank is not None else is_blank(raw)
        values, invalid, error = convert(raw, spec, label, hint, match.scale.get(pos, 1.0), listing, table.date_hint,
                                         blank)
        if error:
            errors.append(error)
            continue
        # a time-of-day column is needed in every row once it is used at all (it completes the date)
        if getattr(spec, "required", False) or (spec.kind == "time" and not blank.all()):
            listing.cells("blank_required", blank & ~invalid, raw, label)
            bad_row |= invalid | blank
        out[name] = _typed(values, spec.kind)
    return out, bad_row, errors


def _typed(values: pd.Series, kind: str) -> pd.Series:
    if kind == "int":
        return values.astype("Int64")
    if kind == "bool":
        return values.astype("boolean")
    return values   # dates are datetime64[ns] as read (dates._ns)


def join_times(out: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    """A time-of-day column completes its date column (Fecha + Hora -> interval_start)."""
    for col in schema.columns:
        if col.kind == "time" and col.name in out.columns:
            if col.part_of in out.columns and out[col.name].notna().any():
                out[col.part_of] = out[col.part_of].dt.normalize() + pd.to_timedelta(out[col.name], unit="s")
            out = out.drop(columns=col.name)
    return out


def rows_without_values(out: pd.DataFrame, schema: Schema, bad_row: pd.Series, listing: Listing) -> pd.Series:
    """A row must have a usable value in at least one of the one_of groups present in the file."""
    groups = [g for g in schema.one_of if all(c in out.columns for c in g)]
    if not groups:
        return bad_row
    usable = pd.Series(False, index=out.index)
    for group in groups:
        usable |= out[list(group)].notna().all(axis=1)
    nothing = ~usable & ~bad_row
    names = " | ".join(" + ".join(g) for g in groups)
    hits = nothing[nothing].index
    for idx in hits[:MAX_LISTED]:
        listing.add("warning", "row_without_values", row=int(listing.rows[idx]), expected=names)
    if len(hits) > MAX_LISTED:
        listing.add("warning", "more_rows", column=names, count=len(hits) - MAX_LISTED)
    return bad_row | ~usable


def apply_rules(out: pd.DataFrame, schema: Schema, match: Match, table: Table, bad_row: pd.Series,
                listing: Listing) -> pd.Series:
    for rule in schema.rules:
        if not all(c in out.columns for c in rule.columns):
            continue
        mask = rule.bad_rows(out) & ~bad_row
        if mask.any():
            pos = next(p for p, n in match.named.items() if n == rule.columns[0])
            found = out.loc[mask, list(rule.columns)].astype(str).agg(" / ".join, axis=1)
            listing.cells(f"rule_{rule.code}", mask, found, label_of(table, pos))   # its message says the rule
            bad_row |= mask
    return bad_row


def preview(table: Table) -> pd.DataFrame:
    """The first rows as read, each column under its header (blank headers by their letter)."""
    names = []
    for pos, header in enumerate(table.headers):
        name = header or column_letter(pos)
        names.append(name if name not in names else f"{name} ({column_letter(pos)})")
    head = table.body.head(PREVIEW_ROWS)
    frame = pd.DataFrame({name: as_text(head.iloc[:, pos]) for pos, name in enumerate(names)})
    return frame.reset_index(drop=True)
