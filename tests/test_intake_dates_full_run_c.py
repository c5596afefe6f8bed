"""Kill tests for the survivors of intake.dates' full mutation run (issue 20, docs/MUTATION.md), part c:
the time-of-day column (parse_times, _numbers_as_times, _time_of_day, _seconds_of_day).

Files are built as users make them: a Spanish CSV (";", cp1252) of interval traffic with a separate
"Hora" column (08:00, 8h30, 2:15 p. m., hours typed as 0-23), and XLSX reports whose hour cells are
time cells, date-and-time cells or bare Excel fractions of a day (0,375 = 09:00). Every expected clock
time is worked out by hand in the test.
"""
# full run (core/intake/dates.py, 1 Dec. 2026; mutant names core.intake.dates.x_<function>__mutmut_<n>)
# No existing intake test kills any of these 26: the run's tests are unchanged since its copy but for
# test_intake_numbers_full_run_a.py and test_intake_problems_full_run.py, which kill none (each mutant run on
# a scratch copy). Each kill below checked there: fails on its mutant, passes on the code. The 11
# equivalents also fuzzed: 3,000 random time columns (clock texts, a. m./p. m., 8h30, bare hours and
# fractions, blanks, time/datetime/timedelta cells, inf, 1e300) give identical values, bad cells and errors.
# Killed:
#   _numbers_as_times 6 (1 <= n), 7 (0 < n): hour 0 refused; 8 (n < 23): hour 23 refused
#       -> test_whole_hours_typed_as_numbers_run_from_midnight_to_23
#   _numbers_as_times 9 (n <= 24: "24" read as the next midnight), 21 (four numbers named, not three)
#       -> test_hour_24_refuses_the_column_naming_its_first_three_numbers
#   _numbers_as_times 13 (0 < n: a fraction column with midnight, 0, refused)
#       -> test_excel_fractions_of_a_day_start_at_midnight
#   _seconds_of_day 11 ("13:00 p. m." read as 13:00), 31 ("08:00:60" read as 08:01)
#       -> test_clock_readings_past_the_clock_are_bad_cells
#   _time_of_day 8 (a date-and-time cell's seconds subtracted) -> test_date_and_time_cells_of_the_hour_keep_their_seconds
#   _time_of_day 50 ("8h" read as 08:01) -> test_hours_written_with_h
#   _time_of_day 56 (any text a bare number: "800" refuses the whole column instead of one bad cell)
#       -> test_numbers_that_are_no_time_of_day_are_bad_cells
#   parse_times 56 (`or`: a clock time beside hours typed as numbers looked up as a number: KeyError)
#       -> test_a_clock_column_with_some_hours_typed_as_numbers
#   parse_times 59 (a number cell that reads as no number, kept as the text "number": ValueError)
#       -> test_a_time_cell_past_the_largest_float_is_a_bad_cell
#   parse_times 47, 49 (the refused column's bad cells None / pd.Series(index=...): float NaN, not False)
#       -> test_a_refused_time_column_has_no_value_and_no_bad_cell. Through intake.load the refused
#       column's values and bad cells are never read (columns.convert returns the problem only); the test
#       pins the documented Parsed contract, as tests/test_intake_numbers_full_run_b.py does.
# Equivalent:
#   _time_of_day 30, 32 (TIME_RE branch) and 52 (HOUR_RE branch): NaN returned instead of None for an
#       impossible clock reading; parse_times treats both alike (neither == "number", NaN is a float
#       -> NaN, None -> math.nan). TIME_RE's hour group is mandatory, so `seconds is None` never holds.
#   _time_of_day 40 (seconds None instead of 0 for "8h30"): _seconds_of_day reads int(s or 0) = 0.
#   parse_times 4 (blank cells also given to _time_of_day): a blank unique is a string that strips to "",
#       which matches neither TIME_RE, HOUR_RE nor the bare-number pattern: None, as before.
#   parse_times 13, 24 (number_of(..., None) / "XX.XX" instead of "."): a text reaching number_of matched
#       \d{1,2} or 0?[.,]\d+ and had "," made "."; its shape is "int" or "dot" (never the ambiguous
#       "1.234", which needs a first digit 1-9 and three decimals), and text_to_float reads those shapes
#       with float() under every mark; numeric cells ignore the mark.
#   parse_times 43, 45 (the refused column's values pd.Series(None, index=...) / pd.Series(index=...)):
#       with pandas 3.1.1 both are float64 NaN on that index, the same Series as pd.Series(np.nan, ...)
#       (checked: dtype, values, index).
#   parse_times 63, 65 (np.array(..., dtype=None) / no dtype): every element is a Python float (number *
#       3600.0 or 86,400.0, _time_of_day's floats, math.nan), so numpy infers float64: the same array.
import datetime as dt
import io
import math
import zipfile

import openpyxl
import pandas as pd

from core.intake import load
from core.intake.dates import parse_times
from core.schemas import TRAFFIC


def _csv(horas: list[str]) -> bytes:
    """A Spanish traffic export: Fecha;Hora;Ofrecidas, one row per hour cell, all on 4 March 2024."""
    rows = [f"04/03/2024;{h};{10 + i}" for i, h in enumerate(horas)]
    return ("Fecha;Hora;Ofrecidas\n" + "\n".join(rows) + "\n").encode("cp1252")


def _xlsx(horas: list, formats: dict | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Fecha", "Hora", "Ofrecidas"])
    for i, h in enumerate(horas):
        ws.append([dt.datetime(2024, 3, 4), h, 10 + i])
    for row, fmt in (formats or {}).items():
        ws.cell(row, 2).number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _problems(result):
    return [(p.severity, p.code, p.column, p.found, p.row) for p in result.problems]


def _clock(result) -> list[str]:
    return [t.strftime("%H:%M:%S") for t in result.data["interval_start"]]


def test_whole_hours_typed_as_numbers_run_from_midnight_to_23():
    # "0" is midnight, "8" is 08:00, "23" is 23:00: whole hours 0-23, both ends included
    r = load(_csv(["0", "8", "23"]), "trafico.csv", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert _clock(r) == ["00:00:00", "08:00:00", "23:00:00"]
    assert r.data["interval_start"].dt.date.astype(str).tolist() == ["2024-03-04"] * 3


def test_hour_24_refuses_the_column_naming_its_first_three_numbers():
    # 24 is no hour of a day (the day's last hour starts at 23) and no fraction of a day: the column is
    # refused, never read as the next day's midnight; the message shows the first three numbers
    r = load(_csv(["21", "22", "23", "24"]), "trafico.csv", TRAFFIC)
    assert not r.ok
    assert [p[:4] for p in _problems(r)] == [("error", "time_numbers_mixed", "Hora (B)", "21, 22, 23")]


def test_excel_fractions_of_a_day_start_at_midnight():
    # hour cells left as General numbers: 0 = 00:00, 0,25 x 24 h = 06:00, 0,375 x 24 h = 09:00, 0,5 = 12:00
    r = load(_xlsx([0, 0.25, 0.375, 0.5]), "trafico.xlsx", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert _clock(r) == ["00:00:00", "06:00:00", "09:00:00", "12:00:00"]


def test_date_and_time_cells_of_the_hour_keep_their_seconds():
    # an hour column typed as date-and-time cells: its clock time, seconds included, goes with the Fecha
    data = _xlsx([dt.datetime(2024, 3, 4, 9, 30, 15), dt.time(8, 30, 15), dt.datetime(2024, 3, 1, 17, 0, 59)],
                 {2: "dd/mm/yyyy hh:mm:ss", 3: "hh:mm:ss", 4: "dd/mm/yyyy hh:mm:ss"})
    r = load(data, "trafico.xlsx", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert _clock(r) == ["09:30:15", "08:30:15", "17:00:59"]
    # the same cells straight: 9 x 3600 + 30 x 60 + 15 = 34,215 s; 17 x 3600 + 59 = 61,259 s
    got = parse_times(pd.Series([pd.Timestamp("2024-03-04 09:30:15"), dt.datetime(2024, 3, 1, 17, 0, 59)]))
    assert got.values.tolist() == [34_215.0, 61_259.0]


def test_clock_readings_past_the_clock_are_bad_cells():
    # "13:00 p. m." has no 12-hour reading and "08:00:60" no 60th second: bad cells (rows 3 and 5);
    # 12:59 p. m. = 12:59, 1:00 p. m. = 13:00, 08:00:59 stays 08:00:59
    r = load(_csv(["12:59 p. m.", "13:00 p. m.", "1:00 p. m.", "08:00:60", "08:00:59"]), "trafico.csv", TRAFFIC)
    assert [p[:5] for p in _problems(r) if p[1] == "not_a_time"] == [
        ("warning", "not_a_time", "Hora (B)", "13:00 p. m.", 3), ("warning", "not_a_time", "Hora (B)", "08:00:60", 5)]
    assert _clock(r) == ["12:59:00", "13:00:00", "08:00:59"]
    got = parse_times(pd.Series(["13:00 p. m.", "08:00:60", "12:59 p. m."]))
    assert got.bad.tolist() == [True, True, False]
    assert math.isnan(got.values[0]) and math.isnan(got.values[1]) and got.values[2] == 12 * 3600 + 59 * 60


def test_hours_written_with_h():
    # "8h" = 08:00, "14h" = 14:00, "8h30" = 08:30, "14 h 05" = 14:05
    r = load(_csv(["8h", "14h", "8h30", "14 h 05"]), "trafico.csv", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert _clock(r) == ["08:00:00", "14:00:00", "08:30:00", "14:05:00"]


def test_numbers_that_are_no_time_of_day_are_bad_cells():
    # "800" (08:00 typed without its colon) and "8.5" are neither a clock time, whole hours 0-23 nor a
    # fraction of a day: those two cells are bad (rows 5 and 6), the column's clock times are kept
    r = load(_csv(["08:00", "08:30", "09:00", "800", "8.5"]), "trafico.csv", TRAFFIC)
    assert [p[:5] for p in _problems(r) if p[1] == "not_a_time"] == [
        ("warning", "not_a_time", "Hora (B)", "800", 5), ("warning", "not_a_time", "Hora (B)", "8.5", 6)]
    assert _clock(r) == ["08:00:00", "08:30:00", "09:00:00"]


def test_a_clock_column_with_some_hours_typed_as_numbers():
    # most cells written 08:00, two typed as whole hours: "9" = 09:00, "10" = 10:00
    r = load(_csv(["08:00", "9", "10", "10:30"]), "trafico.csv", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert _clock(r) == ["08:00:00", "09:00:00", "10:00:00", "10:30:00"]
    # a blank cell of spaces among them stays blank, not bad: 8 x 3600 = 28,800 s; 9 x 3600 = 32,400 s
    got = parse_times(pd.Series(["08:00", "9", "   "]))
    assert got.values.tolist()[:2] == [28_800.0, 32_400.0] and math.isnan(got.values[2])
    assert got.bad.tolist() == [False, False, False] and got.error is None


def test_a_time_cell_past_the_largest_float_is_a_bad_cell():
    # a hostile workbook whose hour cell holds 1E+999 (read as an infinite number): a bad cell on row 3,
    # not a crash; the time cells around it stay 08:00 and 09:00 (8 x 3600 = 28,800 s)
    data = _xlsx([dt.time(8, 0), 1.5e300, dt.time(9, 0)], {2: "hh:mm", 4: "hh:mm"})
    book = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as hostile:
        for item in book.infolist():
            part = book.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                assert b"<v>1.5e+300</v>" in part
                part = part.replace(b"<v>1.5e+300</v>", b"<v>1E+999</v>")
            hostile.writestr(item, part)
    r = load(out.getvalue(), "trafico.xlsx", TRAFFIC)
    assert [p[:5] for p in _problems(r) if p[1] == "not_a_time"] == [("warning", "not_a_time", "Hora (B)", "inf", 3)]
    assert _clock(r) == ["08:00:00", "09:00:00"]
    got = parse_times(pd.Series(["08:00", math.inf]))
    assert got.values.tolist()[0] == 28_800.0 and math.isnan(got.values[1]) and got.bad.tolist() == [False, True]


def test_a_refused_time_column_has_no_value_and_no_bad_cell():
    # 8 (whole hour) beside 0,5 (half a day): the column is refused as a whole; its Parsed carries no value
    # (float NaN on the column's index) and no bad cell (boolean False), only the error
    raw = pd.Series(["8", "0,5", "7"], index=[4, 5, 6])
    got = parse_times(raw)
    assert got.error == ("time_numbers_mixed", "8, 0.5, 7")
    assert got.bad.dtype == bool and got.bad.tolist() == [False, False, False]
    assert got.values.dtype == "float64" and got.values.isna().all() and got.values.index.tolist() == [4, 5, 6]


def test_times_typed_as_fractions_of_a_day_land_on_their_slot():
    # Real bug found by this triage (fixed in parse_times): a "Hora" column exported from General-format cells
    # holds fractions of a day rounded to 9 decimals; they were read to the microsecond (07:59:59.99997,
    # 09:29:59.99997), so the day's profile showed slots "07:59" and "09:29". Excel shows these cells as
    # 08:00, 08:30, 09:00, 09:30: whole seconds. Hand: 0.333333333 x 86,400 = 28,799.99997 -> 28,800 s = 08:00;
    # 0.354166667 x 86,400 = 30,600.00003 -> 30,600 s = 08:30; 0.375 -> 32,400 s; 0.395833333 -> 34,200 s.
    text = ("Fecha;Hora;Llamadas\n04/03/2024;0,333333333;10\n04/03/2024;0,354166667;12\n"
            "04/03/2024;0,375;9\n04/03/2024;0,395833333;7\n")
    r = load(text.encode("cp1252"), "trafico.csv", TRAFFIC)
    assert r.ok and not r.problems
    assert r.data["interval_start"].tolist() == [pd.Timestamp(f"2024-03-04 {t}") for t in
                                                 ("08:00", "08:30", "09:00", "09:30")]
    assert parse_times(pd.Series(["0,333333333", "0,5", "0"])).values.tolist() == [28_800.0, 43_200.0, 0.0]
