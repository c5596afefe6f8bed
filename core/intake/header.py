"""Finding the header row and matching its headers to the dataset's columns.

A header matches a column when, after normalisation (lower case, no accents, "_" for spaces), the
whole header or its name part (without what is in parentheses or brackets: "TMO (seg)" -> "tmo",
"Recomendación (0-10)" -> "recomendacion") is the column's name or one of its aliases. A header that
could be two columns (``Intervalo`` is a date-time or a time of day) goes to the one still free after
the headers that can only be one column. A mapping chosen by the user ({column: header}) comes first;
a column mapped to "" is not in the file and is never matched automatically.

The header row is the row among the first HEADER_WINDOW that matches the most columns, so a title
block above the table is skipped; when no row matches any column, the first row with the most filled
cells is taken as the header (and the user maps the columns).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from core.intake.limits import HEADER_WINDOW
from core.intake.numbers import unit_seconds
from core.schemas import Schema, header_name_part, header_unit_part, normalise_header



@dataclass
class Match:
    named: dict[int, str] = field(default_factory=dict)      # position -> column name
    patterned: dict[int, str] = field(default_factory=dict)  # position -> item column (E1, P2, W_x)
    scale: dict[int, float] = field(default_factory=dict)    # position -> seconds per unit (durations)

    @property
    def score(self) -> int:
        return len(self.named) + len(self.patterned)


def _lookup(schema: Schema) -> dict[str, list[str]]:
    lookup: dict[str, list[str]] = {}
    for col in schema.columns:
        for alias in (col.name, *col.aliases):
            names = lookup.setdefault(normalise_header(alias), [])
            if col.name not in names:
                names.append(col.name)
    return lookup


def _candidates(header: str, lookup: dict[str, list[str]]) -> list[str]:
    return lookup.get(normalise_header(header)) or lookup.get(header_name_part(header)) or []


def pattern_name(key: str) -> str:
    """e_1 -> E1, p12 -> P12, w_tangibles -> W_tangibles."""
    found = re.match(r"^([a-z])_?(\d+)$", key)
    if found:
        return f"{found.group(1).upper()}{found.group(2)}"
    return key[0].upper() + key[1:]


def _mapped(headers: list[str], schema: Schema, mapping: dict | None) -> tuple[dict[int, str], set[str]]:
    """Positions the user mapped, and the columns she said are not in her file."""
    named: dict[int, str] = {}
    absent: set[str] = set()
    by_text = {str(h).strip(): pos for pos, h in reversed(list(enumerate(headers))) if str(h).strip()}
    for name, header in (mapping or {}).items():
        if schema.column(name) is None:
            continue
        if header in (None, ""):
            absent.add(name)
        elif str(header).strip() in by_text and by_text[str(header).strip()] not in named:
            named[by_text[str(header).strip()]] = name
    return named, absent


def match_columns(headers: list[str], schema: Schema, mapping: dict | None = None,
                  skip: set[int] = frozenset()) -> Match:
    """Which position holds which column; ``skip``: positions never matched (personal data)."""
    named, absent = _mapped(headers, schema, mapping)
    taken = set(named.values()) | absent
    lookup = _lookup(schema)
    free = [p for p, h in enumerate(headers) if p not in named and p not in skip and normalise_header(h)]
    options = {p: _candidates(headers[p], lookup) for p in free}
    for pos in sorted(free, key=lambda p: (len(options[p]) != 1, p)):
        choice = next((name for name in options[pos] if name not in taken), None)
        if choice is not None:
            named[pos] = choice
            taken.add(choice)
    match = Match(named=named)
    for pos in free:
        if pos in named:
            continue
        for key in (normalise_header(headers[pos]), header_name_part(headers[pos])):
            if any(re.match(p.regex, key) for p in schema.patterns):
                match.patterned[pos] = pattern_name(key)
                break
    for pos, name in named.items():
        if schema.column(name).kind == "duration":
            match.scale[pos] = unit_seconds(header_unit_part(headers[pos]))
    return match


def header_text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def find_header_row(cells: pd.DataFrame, schema: Schema, mapping: dict | None = None) -> int | None:
    """Index (in ``cells``) of the header row; None when the first rows are all empty."""
    best, best_score, widest, widest_count = None, 0, None, 0
    for idx in range(min(HEADER_WINDOW, len(cells))):
        headers = [header_text(v) for v in cells.iloc[idx].tolist()]
        filled = sum(1 for h in headers if h)
        if not filled:
            continue
        if filled > widest_count:
            widest, widest_count = idx, filled
        score = match_columns(headers, schema, mapping).score
        if score > best_score:
            best, best_score = idx, score
    return best if best is not None else widest
