"""Kill tests for the survivors of intake.dates' full mutation run (issue 20, docs/MUTATION.md), part b:
the date readers (_definite), the column's day/month order (_order) and the vectorised ISO reader
(_iso_texts).

Files are built as users make them: a Spanish CSV (";") of daily traffic in December (01/12/2024: both
numbers at most 12, so only the dates' closeness says the order), a US export ("," and 12/01/2024),
month names written out ("4 de marzo de 2024", Peru's "setiembre"), call-system timestamps naming the
Windows zone of Bogotá and Lima ("UTC-05:00"), 24-hour clock times typed with "p. m.", and Excel serial
numbers. Every expected date is worked out by hand in the test.
"""
# full run (core/intake/dates.py, 1 Dec. 2026; mutant names core.intake.dates.x_<function>__mutmut_<n>)
# Each kill checked on a scratch copy (/tmp/dates_b/m_<mutant>): the test fails there and passes here.
# Killed:
#   _order 7 (month-first when a second number is >= 12: Spanish 1-3 December read as 12 Jan., Feb., Mar.)
#       -> test_a_spanish_december_is_read_day_first
#   _order 3 (day-first when a first number is >= 12: US 1-3 December read as 12 Jan., Feb., Mar.)
#       -> test_a_us_december_is_read_month_first
#   _order 47 (a span taken of no dates: max() of an empty list raises when every d/m/y cell of the
#       column has an impossible time) -> test_d_m_y_cells_whose_every_time_is_impossible_are_bad_cells
#   _definite 50 ("marz"[:4] looked up: "4 de marzo de 2024" unread), 66 (looked up with [:4]: KeyError)
#       -> test_month_names_written_out
#   _definite 3 (a zone named in words kept: "…T08:00:00 UTC-05:00" converted to another clock time)
#       -> test_a_timestamp_naming_the_windows_zone_of_bogota_keeps_its_clock_time
#   _definite 17 (serial 2,958,466, one past Excel's last day 9999-12-31, read as a date)
#       -> test_a_number_past_excels_last_day_is_no_date
# Equivalent:
#   _definite 4 (`or True`: tz_localize(None) also on a naive Timestamp): returns it unchanged (checked).
#   _definite 15 (2 <= days), 16 (1 < days): differ only for a number in [1, 2) in a date column, read as
#       1899-12-31 (the mutants flag the cell). No user file holds a date in 1899, and Excel itself shows
#       serial 1 as 1900-01-01 (its leap-year bug), so there is no independent value to pin: no
#       realistic difference (a plain number 1 in a date column is nonsense either way).
#   _order 28, 29 ("XXmdyXX"/"MDY" for "mdy"): the order is only read by _from_candidate, where every
#       value other than "dmy" reads month first: the same dates.
#   _order 32, 33 ("XXdmyXX"/"DMY" when every cell has day == month): swapping equal numbers gives the
#       same date whichever order _from_candidate takes.
#   _order 61 (spans[other] > 1 s instead of > 0): differs only when the other order's span is in (0, 1] s
#       and this order's at most a quarter of it, i.e. 0 (times are whole seconds). A span of 0 means one
#       distinct valid candidate; the d/m swap is one-to-one and keeps validity (day and month <= 12 are
#       valid both ways, a bad time or year is bad both ways), so the other span is 0 too.
#   _order 68, 69 (hint "mdy" no longer honoured): the only caller (pipeline.load via columns.convert)
#       passes "dmy" or None, never "mdy".
#   _iso_texts 12 (np.fromiter without count=): count only preallocates; the same array.
#   _iso_texts 14 (.to_numpy(dtype=None) of str.match): on an object Series of str, match gives bool dtype.
#   _iso_texts 19, 24, 26, 27 (the fill None / np.datetime64(None) / "nat" / "NAT"): all are NaT (checked).
#   _iso_texts 3, 5 (pd.Series(uniques) without dtype=object): an all-text column becomes pandas 3's
#       pyarrow "str" dtype, whose regex (RE2: ASCII \d and \s) misses a leading no-break space or
#       full-width digits where Python's re matches; those cells then go to _definite, which strips them and
#       reads the same date (checked on 29 texts: offsets, NBSP, thin space, \v, full-width and Arabic
#       digits, "Z", "T08", years 2300/3024). A lone surrogate, which pyarrow refuses, cannot come out of a
#       strict decode of a file (utf-8, utf-16, cp1252) nor out of calamine.
#   _iso_texts 51 (stamps.to_numpy() without the ns unit): the offset is stripped before parsing, so the
#       stamps are naive datetime64[s/us]; assigning them into the ns array casts them exactly as
#       to_numpy(dtype="datetime64[ns]") does (the same values, and the same wrap past 2262: a real bug, fixed since in dates._ns; test in part a).
import pandas as pd

from core.intake import load
from core.intake.dates import parse_datetimes
from core.schemas import TRAFFIC


def test_a_spanish_december_is_read_day_first():
    # 01/12/2024 … 03/12/2024: no first number above 12 and no second number above 12 (12 is not).
    # Day first: 1, 2, 3 December (a span of 2 days); month first: 12 January, 12 February, 12 March
    # (31 + 29 = 60 days, 2024 is a leap year). 2 x 4 <= 60: day first.
    data = "Fecha;Ofrecidas\n01/12/2024;120\n02/12/2024;135\n03/12/2024;128\n".encode("cp1252")
    r = load(data, "trafico_diciembre.csv", TRAFFIC)
    assert r.ok
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-12-01"), pd.Timestamp("2024-12-02"),
                                                 pd.Timestamp("2024-12-03")]
    assert r.data["offered"].tolist() == [120, 135, 128]


def test_a_us_december_is_read_month_first():
    # A US export (",", no day-first hint): 12/01/2024 … 12/03/2024 are 1-3 December month first
    # (2 days apart); day first they would be 12 January, February, March (60 days): month first.
    data = b"Date,Calls offered\n12/01/2024,120\n12/02/2024,135\n12/03/2024,128\n"
    r = load(data, "december_traffic.csv", TRAFFIC)
    assert r.ok
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-12-01"), pd.Timestamp("2024-12-02"),
                                                 pd.Timestamp("2024-12-03")]


def test_month_names_written_out():
    # Spanish month names in full, Peru's "setiembre", with and without a time of day.
    data = ("Fecha;Ofrecidas\n4 de marzo de 2024;120\n5 de marzo de 2024 08:30;135\n"
            "30 de setiembre de 2024;128\n1 de octubre de 2024;131\n").encode("cp1252")
    r = load(data, "trafico.csv", TRAFFIC)
    assert r.ok
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-05 08:30"),
                                                 pd.Timestamp("2024-09-30"), pd.Timestamp("2024-10-01")]


def test_a_timestamp_naming_the_windows_zone_of_bogota_keeps_its_clock_time():
    # "(UTC-05:00) Bogotá, Lima, Quito": the call at 08:00 written stays at 08:00, 08:30 at 08:30
    # (the zone is dropped, never converted), as "-05:00" written as an offset is.
    got = parse_datetimes(pd.Series(["2024-03-04T08:00:00 UTC-05:00", "2024-03-04T08:30:00 UTC-05:00"]), "dmy")
    assert got.values.tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 08:30")]
    assert not got.bad.any() and got.error is None


def test_d_m_y_cells_whose_every_time_is_impossible_are_bad_cells():
    # 24-hour times typed with "p. m." (13:30 p. m.): no clock reading, so no date under either order;
    # both cells are named as unreadable and the column is not refused (nor does it crash).
    raw = pd.Series(["04/03/2024 13:30 p. m.", "05/03/2024 14:00 p. m."], index=[7, 8])
    for hint in ("dmy", None):
        got = parse_datetimes(raw, hint)
        assert got.error is None
        assert got.values.isna().all() and got.bad.tolist() == [True, True]


def test_a_number_past_excels_last_day_is_no_date():
    # Excel's serial dates run from 1 to 2,958,465 = 9999-12-31; 45,355 is 2024-03-04 (45,292 is
    # 2024-01-01, + 31 days of January + 29 of February + 3). One past the last day is no date.
    got = parse_datetimes(pd.Series([45355.0, 2958466.0], index=[2, 3], dtype=object))
    assert got.values[2] == pd.Timestamp("2024-03-04") and pd.isna(got.values[3])
    assert got.bad.tolist() == [False, True] and got.error is None
