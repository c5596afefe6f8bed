"""Kill tests for the survivors of the full mutation run of core/intake/dates.py (issue 20,
docs/MUTATION.md: target `intake.dates`), part a: parse_datetimes.

Files are made as users make them: a Spanish survey export (";" separator, cp1252, day-first dates,
answers without a date left blank) and a date column whose order no date decides (04/03/2024 alone).
Every expected value is worked out by hand in the test.
"""
# full run (core/intake/dates.py, 1 Dec. 2026; mutant names core.intake.dates.x_parse_datetimes__mutmut_<n>)
# Killed:
#   108 (the blank cells' flag appended as None: `~None` raises on a blank cell, so a file with an empty date
#       is refused as "unexpected"), 111 (appended as False: every empty date cell is flagged unreadable;
#       with half the survey's answers undated the whole date column is refused as column_unreadable)
#       -> test_survey_answers_without_a_date_keep_their_rows, test_blank_date_cells_are_blank_not_unreadable
#   The column-error branch's 56 (bad None), 63 (bad Series(None): float NaN), 64 (bad without the
#       column's index), 65 (bad Series(index=...): float NaN), 66 (bad of length 1), 67 (bad all True),
#       68 (error[:3]: the cells tuple inside `error`)
#       -> test_a_column_whose_day_month_order_is_undecided_reads_nothing_and_flags_no_cell,
#          test_a_column_with_both_orders_names_the_two_dates.
#     columns.convert reads only `error` and `cells` of a Parsed with an error, so these seven change no
#     message today: the tests pin the documented Parsed contract (numbers.Parsed: error is (code, found);
#     values NaT and bad a boolean Series on the column's index), not a value a user sees.
# Equivalent:
#   11: np.fromiter without count=: count only preallocates; the same boolean array.
#   15, 17: pd.Series(uniques) without dtype=object: all-datetime uniques infer datetime64 (tz-aware ones
#       datetime64[ns, tz] or object when zones differ), whose elements map to the same naive Timestamps
#       with .replace(tzinfo=None); mixed uniques are object anyway (checked: naive, Bogota-aware, mixed
#       aware/naive, ns-precision Timestamps, years 1500 and 3024: identical values and bad).
#   20, 80: .to_numpy(dtype=None) then assigned into the datetime64[ns] `values`: numpy casts on assignment
#       to the same ns values (the same wrap for years outside 1677-2262: the real bug at the end, fixed since).
#   24, 84: pd.to_datetime without errors="coerce": its input is only datetime/Timestamp objects and None
#       (tz dropped before; _definite/_from_candidate return Timestamps, datetimes or None), which never
#       raise (pandas 3 keeps their microsecond unit, no out-of-bounds error).
#   86, 88: pd.Series(stamps) without dtype=object: the same datetimes/None infer datetime64, to_datetime is
#       then a no-op; same values (checked with ns-precision Timestamps mixed with datetimes, serials, None).
#   45 (Series(None, ..., datetime64[ns])), 48 (no data): both all-NaT datetime64[ns] on the same index.
#   47, 50 (dtype of the all-NaT Series dropped): pd.Series(pd.NaT, index=...) infers datetime64[ns] itself.
#   102, 104, 105 (np.datetime64(None) / "nat" / "NAT" for "NaT"): all are NaT; the appended element is
#       only read at code -1 (a None/NaN cell), where NaT is the result either way.
# Second full run of core/intake/dates.py (after this triage, parts b and c, and the two fixes: dates._ns and
# whole seconds for fractions of a day): 612 mutants, 37 survivors (6.0 %), 9 timeouts; all equivalent:
# - the equivalents of parts b and c, same numbers where the code did not change: _definite 4, 15, 16;
#   _order 28, 29, 32, 33, 61, 68, 69; _iso_texts 3, 5, 12, 14, 19, 24, 26, 27; _time_of_day 30, 32, 40, 52;
#   parse_times 4, 13, 24, 43, 45, and 72, 74 (were 63, 65: dtype=float of a list of floats);
# - this file's equivalents renumbered: parse_datetimes 82, 86 (were 84, 88), 98, 100, 101 (were 102, 104, 105);
#   the others of the list above (11, 15, 17, 20, 80, ...) are killed now or sat on the replaced conversions;
# - newly equivalent with the fixes: _definite 17 (`<=` MAX_SERIAL: serial 2,958,466 is past 2262, so _ns
#   makes it NaT either way); _ns 1 (to_numpy() without the ns unit: the in-range microsecond dates are cast
#   exactly when assigned into the ns array); parse_times 56 (whole seconds also for whole hours typed as
#   numbers: n x 3,600 is already a whole number, np.rint changes nothing).
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from core.intake import load
from core.intake.dates import parse_datetimes
from core.schemas import JOURNEY_RESPONSES, TRAFFIC


def test_survey_answers_without_a_date_keep_their_rows():
    # A Spanish survey export: ";" separator, cp1252, day-first dates; two answers were typed without a date.
    # The CSV reader turns the empty cells into NaN (na_values=[""]): blank, not unreadable.
    text = ("Fase;Recomendación;Fecha\n"
            "Admisión;9;04/03/2024\n"
            "Consulta;7;\n"
            "Facturación;10;15/03/2024\n"
            "Admisión;6;\n")
    result = load(text.encode("cp1252"), "encuesta_marzo.csv", JOURNEY_RESPONSES)
    assert result.data is not None, [(p.code, p.found) for p in result.problems]
    assert [p.code for p in result.problems if p.severity != "info"] == []
    df = result.data
    assert df["recommend"].tolist() == [9, 7, 10, 6]              # no row left out
    # 04/03/2024 with 15/03/2024 in the column: 15 > 12 says day-first, so 4 March and 15 March
    assert df["date"].tolist()[0] == pd.Timestamp(2024, 3, 4)
    assert df["date"].tolist()[2] == pd.Timestamp(2024, 3, 15)
    assert df["date"].isna().tolist() == [False, True, False, True]


def test_blank_date_cells_are_blank_not_unreadable():
    # Empty cells as the readers give them: None (a workbook's empty cell), NaN (the CSV reader), "" and "  ".
    raw = pd.Series(["04/03/2024 08:00", None, "15/03/2024 8:00:00 p. m.", np.nan, "", "  ", "sin fecha"],
                    index=range(3, 10), dtype=object)
    got = parse_datetimes(raw, "dmy")
    assert got.error is None
    assert got.values.tolist()[0] == pd.Timestamp(2024, 3, 4, 8, 0)
    assert got.values.tolist()[2] == pd.Timestamp(2024, 3, 15, 20, 0)   # 8 p. m. = 20:00
    assert got.values.isna().tolist() == [False, True, False, True, True, True, True]
    assert got.bad.tolist() == [False, False, False, False, False, False, True]   # only "sin fecha"
    assert got.bad.index.tolist() == list(range(3, 10))


def _assert_reads_nothing(got, index):
    assert got.values.dtype == "datetime64[ns]"
    assert got.values.index.tolist() == index
    assert got.values.isna().all()
    assert got.bad.dtype == bool
    assert got.bad.index.tolist() == index
    assert not got.bad.any()


def test_a_column_whose_day_month_order_is_undecided_reads_nothing_and_flags_no_cell():
    # A ","-file (no day-first hint) whose only date is 04/03/2024: 4 March or 3 April, nothing says which.
    raw = pd.Series(["04/03/2024", "", "04/03/2024", None], index=[5, 6, 7, 8], dtype=object)
    got = parse_datetimes(raw)
    assert got.error == ("date_order_undecided", "04/03/2024")
    assert got.cells == ("04/03/2024",)
    _assert_reads_nothing(got, [5, 6, 7, 8])


def test_a_column_with_both_orders_names_the_two_dates():
    # 13/03/2024 can only be day-first, 03/14/2024 only month-first: the column mixes both orders.
    raw = pd.Series(["13/03/2024", "03/14/2024", "13/03/2024"], index=[2, 3, 4], dtype=object)
    got = parse_datetimes(raw, "dmy")
    assert got.error == ("date_order_mixed", "13/3 · 3/14")
    assert got.cells == ("13/03/2024", "03/14/2024")
    _assert_reads_nothing(got, [2, 3, 4])


# Real bug found by this triage (fixed in core.intake.dates._ns): a date a nanosecond clock cannot hold was
# cast by numpy without a word and wrapped round into another date: the typo 04/03/3024 loaded as
# 1855-01-24 08:30, 04/03/1600 as 2184-09-21, an Excel serial of 9999-12-31 as 1816-03-29.
@pytest.mark.parametrize("typed", ["04/03/3024", "04/03/1600"])
def test_a_date_beyond_the_clock_is_one_unreadable_cell_not_another_date(typed):
    # a call-centre CSV (";" and cp1252) whose second interval's year was mistyped
    text = f"Fecha;Hora;Llamadas\n04/03/2024;08:00;10\n{typed};08:30;15\n04/03/2024;09:00;12\n"
    r = load(text.encode("cp1252"), "trafico.csv", TRAFFIC)
    assert r.ok
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 09:00")]
    assert r.data["offered"].tolist() == [10, 12]
    assert [(p.code, p.row, p.found) for p in r.problems if p.code == "not_a_date"] == [("not_a_date", 3, typed)]


def test_iso_and_workbook_dates_beyond_the_clock_are_unreadable():
    raw = pd.Series(["2024-03-04 08:00", "3024-03-04 08:30", pd.Timestamp("2024-03-04 09:00").to_pydatetime(),
                     dt.datetime(3024, 3, 4, 9, 30)])
    got = parse_datetimes(raw)
    assert got.values.tolist()[0] == pd.Timestamp("2024-03-04 08:00")
    assert got.values.tolist()[2] == pd.Timestamp("2024-03-04 09:00")
    assert got.values.isna().tolist() == [False, True, False, True]
    assert got.bad.tolist() == [False, True, False, True]
