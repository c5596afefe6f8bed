"""Kill tests for the survivors of intake.dates' third full mutation run (issue 20, docs/MUTATION.md), part d:
all 55 survivors of the run on the code that reads a time stamp with its zone written after it
("2024-03-04 08:00:00 UTC", "… GMT-5", read at the clock time written).

Files are built as users make them: Spanish-locale CSV (";" separator, cp1252, decimal comma) exported by a
cloud call system (ISO time stamps with milliseconds written with a decimal comma and the zone after them,
12-hour clocks written "p. m."), a "Fecha" column holding Excel serial date-times as General-format numbers
("45355,354166667") beside a date typed by hand, and an XLSX with a title block above its header. Every
expected value is worked out by hand in the test.
"""
# full run (core/intake/dates.py after 68c83d9; 612 mutants, 55 survivors = 9.0 %; mutant names
# core.intake.dates.x_<function>__mutmut_<n>). Every mutant was applied on a scratch copy and run through a
# differential fuzz (about 3,000 date columns with hints "dmy"/None and 1,300 time columns: ISO texts with
# offsets, zones, NBSP and full-width digits, d/m/y and named months, serials as numbers and texts, tz-aware and
# naive datetimes, dates, blanks); the equivalents below gave identical values, bad cells, errors and cells.
# Each kill checked there: the test fails on its mutant and passes on the code.
# intake.dates, share d (all 55 survivors):
# - _definite 1 (stamp None: AttributeError), 2 (stamp pd.Timestamp(None): NaT), 3 (`and False`: the zone kept,
#   so pd.to_datetime meets a tz-aware stamp: TypeError), 85 (pattern "XX…XX"), 86 (lowercase "t"),
#   87 (_definite(None)), 88 (_definite(pd.Timestamp(None))): killed by
#   test_a_cloud_export_with_comma_milliseconds_and_its_offset_keeps_the_clock_time. A "T" stamp whose seconds
#   carry a decimal comma and an offset ("2024-03-04T08:00:00,250-05:00") is not stripped by _UTC_OFFSET (its
#   fraction is "\.\d+" only), ISO8601 parsing gives NaT, so it reaches _definite's "T" branch, whose
#   pd.Timestamp(text) is tz-aware and comes back through the datetime branch with its zone dropped.
# - _iso_texts 45 (pd.to_datetime without errors="coerce": a text that only starts like ISO raises),
#   52 (`mask | ~isnat`: such a text stays NaT instead of going to _definite): killed by
#   test_iso_dates_with_a_spanish_12_hour_clock_are_read.
# - parse_datetimes 82 (pd.to_datetime of the d/m/y and serial stamps without errors="coerce"): killed by
#   test_general_serials_beside_a_mistyped_year_flag_only_the_typo (a serial with a fraction of a day is a
#   nanosecond Timestamp; beside the typo 04/03/3024 pandas picks the ns unit and raises OutOfBoundsDatetime,
#   so the whole file was refused as "unexpected").
# - _definite 4 (`or True`: tz_localize(None) also on a naive Timestamp): equivalent. It returns the Timestamp
#   unchanged (checked; fuzz identical).
# - _definite 15 (2 <= days), 16 (1 < days): NOT equivalent, left alive. They differ only for a number in [1, 2)
#   in a date column, i.e. an XLSX General cell 1 or 1,5 (a CSV "1" is no date: only 5-digit serial texts are);
#   the code reads it as 1899-12-31 where Excel shows 1900-01-01: serials 1-60 are read one day early (bug 3 of
#   the report, test_general_serials_of_excels_first_two_months_read_as_excel_shows_them, xfail). Pinning
#   1899-12-31 would pin the bug; once it is fixed that test kills both.
# - _definite 17 (`<= MAX_SERIAL`): equivalent. Serial 2,958,466 (10000-01-01) is past 2262, so _ns makes it NaT,
#   a bad cell, either way (test_a_number_past_excels_last_day_is_no_date of part b passes on both).
# - _order 28, 29 ("XXmdyXX"/"MDY"): equivalent. The order is only read by _from_candidate, where every value
#   other than "dmy" reads month first.
# - _order 32, 33 ("XXdmyXX"/"DMY" when every cell has day == month): equivalent. Swapping equal numbers gives
#   the same date whichever order _from_candidate takes.
# - _order 61 (spans[other] > 1 s instead of > 0): equivalent. Times are whole seconds (TIME_RE does not capture
#   the fraction), so the spans differ only at exactly 1 s, where this order's span would have to be 0; the d/m
#   swap is one-to-one on candidates and keeps validity (with no number above 12, day and month are valid both
#   ways; a bad time or year is bad both ways), so a span of 0 in one order means 0 (or no date: inf) in the other.
# - _order 68, 69 (hint "mdy" no longer honoured): equivalent. The only caller (pipeline.load ->
#   validate -> columns.convert) passes date_hint "dmy" or None, never "mdy" (the fuzz with hint "mdy" differs).
# - _iso_texts 3, 5 (pd.Series(uniques) without dtype=object: an all-text column becomes pandas 3's "str"
#   dtype): equivalent. Its .str.match/.strip/.replace give the same texts and flags on the fuzz's texts
#   (offsets, " UTC" after a no-break space or thin space, NBSP before the date, full-width digits, "Z"); a
#   text either dtype missed would go on to _definite, which strips it and reads the same date. A lone
#   surrogate, which pyarrow refuses, cannot come out of a strict decode of a file nor out of calamine.
# - _iso_texts 12 and parse_datetimes 11 (np.fromiter without count=): equivalent. count only preallocates.
# - _iso_texts 14 (.to_numpy(dtype=None) of str.match): equivalent. On an object Series of str, match gives bool.
# - _iso_texts 19, 24, 26, 27 (the fill None / np.datetime64(None) / "nat" / "NAT") and parse_datetimes 98, 100,
#   101 (the same for the appended element, read only at code -1, a None/NaN cell): equivalent. All are NaT.
# - _ns 1 (.to_numpy() without the ns unit): equivalent. Its result is always assigned into the datetime64[ns]
#   `values`; the in-range stamps (s/us/ns units, NaT) are cast there exactly as to_numpy(dtype=...) casts them.
# - parse_datetimes 15, 17 (the workbook datetimes' pd.Series without dtype=object): equivalent. All-datetime
#   uniques infer datetime64 (tz-aware ones datetime64[ns, tz], or object when zones differ); their elements map
#   to the same naive clock times with .replace(tzinfo=None) (fuzz: naive, Bogotá, UTC, Madrid, mixed zones,
#   ns Timestamps, years 1 and 3024).
# - parse_datetimes 24 (pd.to_datetime of the workbook datetimes without errors="coerce"): equivalent for every
#   file. It raises only for a nanosecond pd.Timestamp beside a datetime outside 1677-2262; calamine gives
#   datetime.datetime (microseconds) and the CSV reader strings, so `held` never holds a ns Timestamp (the fuzz,
#   which feeds such Timestamps directly, differs on those columns only).
# - parse_datetimes 43 (Series(None, ..., datetime64[ns])), 46 (no data), 45, 48 (no dtype: pd.Series(pd.NaT)
#   infers datetime64[ns]): equivalent. All four give an all-NaT datetime64[ns] Series on the column's index
#   (test_a_column_whose_day_month_order_is_undecided_reads_nothing_and_flags_no_cell of part a passes on each).
# - parse_datetimes 84, 86 (pd.Series(stamps) without dtype=object): equivalent. The naive Timestamps, datetimes
#   and None infer datetime64 (a mix with out-of-range years stays object), and to_datetime gives the same values.
# - _time_of_day 30, 32 (TIME_RE branch) and 52 (HOUR_RE branch): equivalent. NaN returned instead of None for an
#   impossible clock reading; parse_times treats both alike (neither == "number"; NaN is a float -> NaN, None
#   -> math.nan). TIME_RE's hour group is mandatory, so `seconds is None` never holds.
# - _time_of_day 40 (seconds None instead of 0 for "8h30"): equivalent. _seconds_of_day reads int(s or 0) = 0.
# - parse_times 4 (blank cells also given to _time_of_day): equivalent. A blank unique is a string that strips
#   to "", which matches neither TIME_RE, HOUR_RE nor the bare-number pattern: None, as before.
# - parse_times 13, 24 (number_of(..., None) / "XX.XX" instead of "."): equivalent. A text reaching number_of
#   matched \d{1,2} or 0?[.,]\d+ and had "," made "."; its shape is "int" or "dot" (never the ambiguous "1.234"),
#   which text_to_float reads with float() under every mark; numeric cells ignore the mark.
# - parse_times 43, 45 (the refused column's values pd.Series(None, index=...) / pd.Series(index=...)):
#   equivalent. With pandas 3.1.1 both are float64 NaN on that index, as pd.Series(np.nan, ...) is.
# - parse_times 56 (`or True`: np.rint also for whole hours typed as numbers): equivalent. n x 3,600 for a whole
#   n in 0-23 is already a whole number.
# - parse_times 72, 74 (np.array(..., dtype=None) / no dtype): equivalent. Every element is a Python float
#   (scaled numbers, _time_of_day's floats, math.nan), so numpy infers float64.
# The three bugs below were fixed in the ninth session as proposed (their tests no longer xfail). Note (checked on a
# scratch copy before the fixes): once a decimal comma
# in the seconds is read by _iso_texts, "T…,250-05:00" no longer reaches _definite's "T" branch (then reached only
# by stamps such as "2024-03-04T08:00:00-0500 (COT)"), and once serials are rounded to whole seconds the typo
# test no longer separates parse_datetimes 82; both kills must then be re-checked.
import io

import openpyxl
import pandas as pd
import pytest

from core.intake import load
from core.intake.dates import parse_datetimes
from core.schemas import TRAFFIC


def _csv(fechas: list[str]) -> bytes:
    """A Spanish traffic export: Fecha;Llamadas, one row per date cell (rows 2, 3, ...)."""
    rows = [f"{f};{10 + i}" for i, f in enumerate(fechas)]
    return ("Fecha;Llamadas\n" + "\n".join(rows) + "\n").encode("cp1252")


def _problems(result):
    return [(p.code, p.row, p.column, p.found) for p in result.problems]


def test_a_cloud_export_with_comma_milliseconds_and_its_offset_keeps_the_clock_time():
    # A cloud call system in a Spanish locale writes the milliseconds with a decimal comma (as ISO 8601 allows)
    # and the call's offset after them. The clock time written is kept, never shifted to UTC:
    # 08:00:00,250 at -05:00 is 08:00:00.250; 08:30:00,500 is 08:30:00.500; 09:00:00,000Z is 09:00.
    r = load(_csv(["2024-03-04T08:00:00,250-05:00", "2024-03-04T08:30:00,500-05:00", "2024-03-04T09:00:00,000Z"]),
             "llamadas_nube.csv", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-03-04 08:00:00.250"),
                                                 pd.Timestamp("2024-03-04 08:30:00.500"),
                                                 pd.Timestamp("2024-03-04 09:00:00")]
    assert r.data["offered"].tolist() == [10, 11, 12]
    # the same cell beside a plain ISO stamp, straight: +01:00 dropped, 17:45:10,125 kept
    got = parse_datetimes(pd.Series(["2024-03-05T17:45:10,125+01:00", "2024-03-05 18:00"], index=[4, 5]), "dmy")
    assert got.values.tolist() == [pd.Timestamp("2024-03-05 17:45:10.125"), pd.Timestamp("2024-03-05 18:00")]
    assert got.bad.tolist() == [False, False] and got.error is None


def test_iso_dates_with_a_spanish_12_hour_clock_are_read():
    # Excel in Spanish with the custom format "aaaa-mm-dd h:mm:ss AM/PM" writes "p. m."/"a. m.": ISO parsing
    # refuses these texts, the d/m/y reader reads them: 8:30:15 p. m. = 20:30:15, 9:00:00 a. m. = 09:00,
    # 12:15:00 p. m. = 12:15 (noon), 12:05:00 a. m. = 00:05 (just after midnight).
    r = load(_csv(["2024-03-04 8:30:15 p. m.", "2024-03-04 9:00:00 a. m.", "2024-03-04 12:15:00 p. m.",
                   "2024-03-05 12:05:00 a. m."]), "trafico.csv", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-03-04 20:30:15"), pd.Timestamp("2024-03-04 09:00"),
                                                 pd.Timestamp("2024-03-04 12:15"), pd.Timestamp("2024-03-05 00:05")]


def test_general_serials_beside_a_mistyped_year_flag_only_the_typo():
    # A "Fecha" column whose date-times were pasted as General numbers (45355 is 2024-03-04: 45,292 is
    # 2024-01-01, + 31 + 29 + 3 days) and one row typed by hand with the year mistyped 3024. 0,354166667 of a day
    # is 30,600.0000288 s, 08:30 to the second; 0,375 is 09:00. Only the typo is flagged (row 3), not the file.
    r = load(_csv(["45355,354166667", "04/03/3024", "45355,375"]), "trafico.csv", TRAFFIC)
    assert r.ok
    assert [p for p in _problems(r) if p[0] == "not_a_date"] == [("not_a_date", 3, "Fecha (A)", "04/03/3024")]
    assert [t.round("s") for t in r.data["interval_start"]] == [pd.Timestamp("2024-03-04 08:30"),
                                                                pd.Timestamp("2024-03-04 09:00")]
    assert r.data["offered"].tolist() == [10, 12]


# Real bugs found by this triage (core/ not edited; fixes proposed in the report).
def test_comma_milliseconds_before_a_named_zone_keep_the_clock_time():
    # The same export with a space instead of "T" (as "aaaa-mm-dd hh:mm:ss,000" writes it): the whole column was
    # refused as column_unreadable, while "…08:00:00.250 UTC" and "…T08:00:00,250 UTC" are read.
    r = load(_csv(["2024-03-04 08:00:00,250 UTC", "2024-03-04 08:30:00,500 GMT-5"]), "llamadas_nube.csv", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert [t.floor("s") for t in r.data["interval_start"]] == [pd.Timestamp("2024-03-04 08:00"),
                                                                pd.Timestamp("2024-03-04 08:30")]


def test_serial_date_times_land_on_their_slot():
    # Excel's General format shows at most 11 characters, so a CSV saved from it holds 45355,33333 for
    # 04/03/2024 08:00: 0,33333 x 86,400 = 28,799.712 s, 08:00 to the second as Excel shows it (hh:mm:ss); read
    # as 07:59:59.712 the call falls into the day profile's 07:59 slot. 0,35417 -> 30,600.288 s = 08:30;
    # 0,39583 -> 34,199.712 s = 09:30. (parse_times already rounds fractions of a day to whole seconds.)
    r = load(_csv(["45355,33333", "45355,35417", "45355,375", "45355,39583"]), "trafico.csv", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert r.data["interval_start"].tolist() == [pd.Timestamp(f"2024-03-04 {t}") for t in
                                                 ("08:00", "08:30", "09:00", "09:30")]


def test_general_serials_of_excels_first_two_months_read_as_excel_shows_them():
    # Excel's calendar starts at serial 1 = 01/01/1900 and holds a fictitious 29/02/1900 (serial 60); from serial
    # 61 = 01/03/1900 on, days since 1899-12-30 are right. An XLSX with a title block and General numbers in the
    # Fecha column: 1 = 01/01/1900, 1,5 = 01/01/1900 12:00, 59 = 28/02/1900, 61 = 01/03/1900 (as Excel shows).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Informe de tráfico por intervalo"])
    ws.append([])
    ws.append(["Fecha", "Llamadas"])
    for i, serial in enumerate([1, 1.5, 59, 61]):
        ws.append([serial, 10 + i])
    out = io.BytesIO()
    wb.save(out)
    r = load(out.getvalue(), "trafico.xlsx", TRAFFIC)
    assert r.ok
    assert r.data["interval_start"].tolist() == [pd.Timestamp(1900, 1, 1), pd.Timestamp(1900, 1, 1, 12),
                                                 pd.Timestamp(1900, 2, 28), pd.Timestamp(1900, 3, 1)]
