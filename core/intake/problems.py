"""What intake returns: the data (or None) and every problem, each naming its place in the file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from core.intake.limits import MAX_BYTES  # noqa: F401  (the one limit, see limits.py)

COUNTED = {"too_many_cells", "out_of_memory", "cell_too_long", "sheet_too_big", "too_large", "cdr_streamed",
           "too_many_parts", "too_many_columns", "too_many_uneven_rows"}  # found/expected are counts
RANGED = {"not_a_number", "not_a_duration", "out_of_range"}   # expected is columns.range_text: "0–36000", ">= 0"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
MAX_LISTED = 10  # problems of one kind listed one by one before they are summarised


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload. ``severity``: error (file rejected), warning (rows or
    cells left out), info (something the user should know, e.g. personal data dropped, columns not used).

    ``row`` is the row number the spreadsheet shows (title rows above the header counted; the first
    line of a CSV is row 1). ``column`` is the header as written in the file, with its letter.
    ``rows`` names several rows at once (the two cells that disagree in a column).
    ``dataset`` and ``target`` name a dataset column the message is about (e.g. a missing one),
    rendered with its description in the reader's language.
    """

    severity: str
    code: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    found: str | None = None
    expected: str | None = None
    count: int | None = None
    dataset: str | None = None
    target: str | None = None
    rows: tuple = ()

    def message(self, t) -> str:
        where = [t("intake.where_file", file=self.file)]
        if self.sheet:
            where.append(t("intake.where_sheet", sheet=self.sheet))
        if self.row is not None:
            where.append(t("intake.where_row", row=self.row))
        elif self.rows:
            where.append(t("intake.where_rows", rows=", ".join(str(r) for r in self.rows)))
        if self.column:
            where.append(t("intake.where_column", column=self.column))
        label = ""
        if self.target:
            label = self.target
            if self.dataset:
                label = f"{self.target} ({t(f'schema.{self.dataset}.{self.target}').rstrip('.')})"
        found, expected = self.found or "", self.expected or ""
        if self.code in COUNTED:  # sizes and counts the app measured, in the reader's digits
            found, expected = (t.int(int(v)) if v.isdigit() else v for v in (found, expected))
        if self.code in RANGED:   # the allowed range in the reader's digits: "0–36.000" in Spanish
            expected = NUMBER.sub(lambda m: t.num(float(m.group()), len(m.group().partition(".")[2])), expected)
        code = "not_a_number_any" if self.code == "not_a_number" and not expected else self.code   # no range
        body = t(f"intake.{code}", found=found, expected=expected,
                 count=self.count if self.count is not None else "", target=label)
        return f"{', '.join(where)}: {body}"


@dataclass
class IntakeResult:
    """``data``: the rows that passed, with the dataset's canonical columns, or None (``errors``).

    For the column-mapping step: ``headers`` (the file's header row as written), ``preview`` (its
    first rows as read, headers as columns), ``used`` (canonical column -> header it was read from),
    ``unused`` (headers read but not used), ``mismatch`` (the file was read as a table but its columns
    do not fit the dataset, so mapping columns by hand can fix it) and ``header_row`` (row number).
    """

    data: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    dropped_personal: list[str] = field(default_factory=list)
    sheet: str | None = None
    n_read: int = 0
    headers: list[str] = field(default_factory=list)
    preview: pd.DataFrame | None = None
    used: dict[str, str] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    mismatch: bool = False
    header_row: int | None = None

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


class Reject(Exception):
    """Raised inside intake to stop at the first problem that makes the whole file unusable."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def column_letter(pos: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (the spreadsheet's column letters)."""
    letters = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def shown(value) -> str:
    """A cell as a message quotes it: at most 60 characters; a whole number from a workbook without the
    ".0" the reader gives it (a typo 2 in a yes/no column is "2", as the user typed it)."""
    whole = isinstance(value, float) and value.is_integer() and abs(value) < 1e15
    text = str(int(value)) if whole else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
