"""Triage of intake.dates' fourth full mutation run (issue 20, docs/MUTATION.md): 615 mutants, 49 survivors
(8.0 %), on the code that reads comma milliseconds before a zone (_iso_texts), lands Excel serials on whole
seconds and follows Excel's 1900 leap year below / at serial 60 (_definite).

Files are built as users make them: a Spanish-locale CSV (";" separator, cp1252) exported by a cloud call
system that writes the zone's abbreviation after the offset ("2024-03-04T08:00:00-05:00 (COT)"), and an XLSX
with a title block above its header whose Fecha column holds General-format numbers. Every expected value is
worked out by hand in the test.
"""
import io

import openpyxl
import pandas as pd

from core.intake import load
from core.schemas import TRAFFIC

# full run (core/intake/dates.py after 2390fba; 615 mutants, 49 survivors = 8.0 %; mutant names
# core.intake.dates.x_<function>__mutmut_<n>). Matched to the previous run by diff and function; each kill
# checked on a scratch copy (the test fails on the mutant, passes on the code).
# Killed (new kills: the comma-milliseconds kill of part d no longer reaches _definite's "T" branch, since
# _iso_texts now reads "…,250-05:00"):
# - _definite 1 (stamp pd.Timestamp(None): NaT), 93 (pattern "XX…XX"), 94 (lowercase "t"), 95 (_definite(None)),
#   96 (_definite(pd.Timestamp(None))): killed by test_a_cloud_export_naming_its_zone_after_the_offset_keeps_the_clock_time.
#   "…T08:00:00-05:00 (COT)" is not stripped by _UTC_OFFSET (the "(COT)" follows the offset), ISO8601 parsing
#   gives NaT, so it reaches the "T" branch; each mutant makes the cell unreadable (not_a_date).
# - _definite 13 (`61 <= days < 61`: serial 60 read), 14 (`60 < days`: serial 60 read): both read Excel's
#   fictitious 29/02/1900 as 28/02/1900: killed by test_excels_29_february_1900_is_no_date.
# Equivalent, as tests/test_intake_dates_full_run_d.py (still true on today's code):
# - _definite 12 (`<= MAX_SERIAL`): as d _definite 17. Serial 2,958,466 is 10000-01-01, past 2262: _ns makes it
#   NaT either way.
# - _definite 23 (`days <= 60` adds the leap day at 60), 24 (`days < 61`): new, equivalent. They differ from
#   `days < 60` only for days in [60, 61), which the guard above has already refused (None).
# - _order 28, 29, 32, 33, 61, 68, 69: as d _order 28, 29, 32, 33, 61, 68, 69 (_order unchanged).
# - _iso_texts 3, 5, 12, 14, 19, 24, 26, 27: as d _iso_texts 3, 5, 12, 14, 19, 24, 26, 27 (same diffs; the added
#   comma-to-dot replace works alike on object and "str" dtype).
# - _ns 1: as d _ns 1.
# - _time_of_day 29 (TIME_RE branch), 49 (HOUR_RE branch): as d _time_of_day 30, 32 and 52 (NaN instead of None
#   for an impossible clock reading; parse_times maps both to NaN). The simplified guard has one mutant per branch.
# - _time_of_day 37 (seconds None instead of 0 for "8h30"): as d _time_of_day 40 (int(s or 0) = 0).
# - parse_times 7, 18 (number_of(..., None) / "XX.XX"): as d parse_times 13, 24.
# - parse_times 37, 39 (refused column's values Series(None, ...) / Series(index=...)): as d parse_times 43, 45.
# - parse_times 61, 63 (np.array dtype=None / no dtype): as d parse_times 72, 74.
# - parse_datetimes 11, 15, 17, 24, 43, 45, 46, 48, 84, 86, 98, 100, 101: as d parse_datetimes 11, 15, 17, 24,
#   43, 45, 46, 48, 84, 86, 98, 100, 101 (same numbers, same diffs).
# - parse_datetimes 82 (to_datetime of the d/m/y, serial and "T" stamps without errors="coerce"): now equivalent
#   (part d's kill no longer separates it, as part d foresaw). to_datetime of these objects raises only for a
#   nanosecond Timestamp beside a date outside 1677-2262; serials now land on whole seconds (microsecond unit),
#   "T"-branch stamps are parsed by dateutil (microseconds: "…08:00:00.123456789-05:00 (COT)" gives .123456),
#   _from_candidate gives datetime.datetime, dates give second-unit Timestamps. Checked on the mutant: 45355,354166667,
#   45355.354166667, 45355,5 and the (COT) stamps beside 04/03/3024 or 04/03/1600 give the same values and bad cells.
# Every one of the 49 was also run on a scratch copy through a probe of 6 time columns and 16 date columns
# (hints "dmy"/None: ISO with comma milliseconds and zones, NBSP, 12-hour clocks, workbook datetimes tz-aware and
# naive, dates, d/m/y decided/undecided/mixed, named months, serials, blanks; times: clock, 8h30, hours, fractions,
# refused mixes): the 40 equivalents give identical values, dtypes, bad cells, errors and cells.
# Not triaged: none.


def _csv(fechas: list[str]) -> bytes:
    """A Spanish traffic export: Fecha;Llamadas, one row per date cell (rows 2, 3, ...)."""
    rows = [f"{f};{10 + i}" for i, f in enumerate(fechas)]
    return ("Fecha;Llamadas\n" + "\n".join(rows) + "\n").encode("cp1252")


def _problems(result):
    return [(p.code, p.row, p.column, p.found) for p in result.problems]


def test_a_cloud_export_naming_its_zone_after_the_offset_keeps_the_clock_time():
    # The export writes the offset and then the zone's abbreviation in brackets (Colombia, COT = UTC-5). The
    # clock time written is kept, never shifted to UTC: 08:00 and 08:30 on 04/03/2024, 17:45:10 on 05/03/2024.
    r = load(_csv(["2024-03-04T08:00:00-05:00 (COT)", "2024-03-04T08:30:00-0500 (COT)",
                   "2024-03-05T17:45:10-05:00 (COT)"]), "llamadas_nube.csv", TRAFFIC)
    assert r.ok and _problems(r) == []
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 08:30"),
                                                 pd.Timestamp("2024-03-05 17:45:10")]
    assert r.data["offered"].tolist() == [10, 11, 12]


def _xlsx(cells: list) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Informe de tráfico por intervalo"])
    ws.append([])
    ws.append(["Fecha", "Llamadas"])   # header in row 3, data from row 4
    for i, cell in enumerate(cells):
        ws.append([cell, 10 + i])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_excels_29_february_1900_is_no_date():
    # Excel shows General 59 as 28/02/1900, 60 as 29/02/1900 (a day that never was: its leap-year bug) and 61 as
    # 01/03/1900. The 60 in row 5 is flagged as no date; the rows around it keep their days.
    r = load(_xlsx([59, 60, 61]), "trafico.xlsx", TRAFFIC)
    assert r.ok
    assert [p for p in _problems(r) if p[0] == "not_a_date"] == [("not_a_date", 5, "Fecha (A)", "60")]
    assert r.data["interval_start"].tolist() == [pd.Timestamp(1900, 2, 28), pd.Timestamp(1900, 3, 1)]
    assert r.data["offered"].tolist() == [10, 12]


def test_a_serial_within_a_second_of_excels_last_day_is_no_date_not_an_error():
    # 2958465,999999 rounds to 10000-01-01 00:00:00, past Excel's last day (31/12/9999): one unreadable cell;
    # 2958465,99999 is 23:59:59 of that day (a float Timedelta of that size overflowed: "unexpected")
    from core.intake.dates import _definite
    assert _definite(2958465.999999) is None
    assert _definite(2958465.99999) == pd.Timestamp("9999-12-31 23:59:59")
    assert _definite(2958465.5) == pd.Timestamp("9999-12-31 12:00:00")
