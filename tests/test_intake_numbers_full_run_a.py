"""Kill tests for the survivors of intake.numbers' full mutation run (issue 20, docs/MUTATION.md), part a:
the fast path, factorize/spread, decide_mark, number_of, text_to_float and seconds_of.

Files are built as users make them: a Peruvian CSV with "," separator and decimal point, a Spanish CSV
with ";" and decimal comma, XLSX call and traffic reports with time cells (hh:mm:ss.00) and minutes.
Every expected value is worked out by hand in the test.
"""
# full run (core/intake/numbers.py, 30 Nov. 2026; mutant names core.intake.numbers.x_<function>__mutmut_<n>)
# (Eighth session: the code under the `use_na_sentinel=True`, `fillna(False)` and `.astype(bool)` mutants below
# was removed as saying nothing: pandas' defaults, and masks that are already bool without NaN.)
# Killed:
#   _fast_path 3 (Series(None)), 5 (Series()), 9 (.eq(None)): the vectorised pass never taken
#       -> test_plain_columns_take_the_vectorised_pass
#   _fast_path 12 (the decimal-comma pattern broken), 22 ("or": every comma/whole column refused)
#       -> test_plain_columns_take_the_vectorised_pass (["45", "3,5", ...] gives None)
#   _fast_path 14 (the decimal-point pattern broken), 17 ("or": every point column refused)
#       -> test_plain_columns_take_the_vectorised_pass (["45", "3.5", ...] gives None)
#     These seven change no value (the per-cell path reads the same numbers, 0.37 s instead of 0.13 s of
#     CPU for 50,000 distinct "123,45" cells): the test pins the documented speed path (issue 16), not a value.
#   decide_mark 26 (hint "." not recognised) -> test_a_point_file_reads_three_decimals_with_the_files_mark
#   number_of 4 (numeric cell / scale) -> test_numeric_minutes_cells_of_a_workbook_are_seconds
#   number_of 7 (inf kept) -> test_a_numeric_duration_beyond_a_float_is_unreadable
#   text_to_float 44 (inf kept) -> test_a_number_text_beyond_a_float_is_unreadable
#   seconds_of 2 (any date read as a duration) -> test_a_date_in_a_duration_column_is_not_a_duration
#   seconds_of 5 (year <= 1901) -> test_only_excel_first_year_dates_are_durations
#   seconds_of 6, 9, 10, 13, 14 (the arithmetic of a time cell) -> test_time_cells_of_a_call_report_are_seconds
# Equivalent:
#   _factorize 5: use_na_sentinel=True dropped; True is pd.factorize's default.
#   _fast_path 4, 6: Series(uniques) without dtype=object is pandas 3's str dtype for all-string uniques
#       (checked: same strip over all 32 Unicode spaces, same regex matches, same float64 values for 20-, 21-,
#       30- and 400-digit texts, "-0", "007"); mixed uniques are object either way, floats never pass .eq(str).
#   _fast_path 31, 34, 37: str.replace(",", ".") with regex None / default / True: "," and "." are literal
#       as a pattern and as a replacement, so the three replace the same characters.
#   (Second full run, after the fast path reads each text with float(): 397 mutants, 17 survivors, 4.3 %, the
#   16 above -- 31, 34, 37 renumbered 32, 35, 38 -- and _fast_path 29, `.astype(None)` for
#   `.astype("float64")`: pandas_dtype(None) is float64, the same conversion.)
#   _spread 3, 5: dtype=float dropped; every per-unique value is already a Python float or nan (number_of,
#       seconds_of and the fast path's "* scale" all return floats) and the appended nan forces float64.
import datetime as dt
import io
import math

import openpyxl

from core.intake import load
from core.intake.numbers import _fast_path, seconds_of
from core.schemas import CDR, INDICATORS, TRAFFIC


def _xlsx(rows, formats=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for (r, c), fmt in (formats or {}).items():
        ws.cell(r, c).number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _problems(result):
    return [(p.severity, p.code, p.column, p.found, p.row) for p in result.problems]


def test_plain_columns_take_the_vectorised_pass():
    # the common CSV column (plain numbers showing one mark at most) is read in one pass
    assert _fast_path(["45", "3,5", "-2", "120,25"]) == [45.0, 3.5, -2.0, 120.25]
    assert _fast_path(["45", "3.5", "-2", "120.25"]) == [45.0, 3.5, -2.0, 120.25]
    assert _fast_path([" 12 ", "7"]) == [12.0, 7.0]
    # TMO (min): 3,5 min = 210 s, 4 min = 240 s
    assert _fast_path(["3,5", "4"], 60.0) == [210.0, 240.0]
    # a cell that reads two ways ("1.234", "1,234") or a non-text cell leaves it to the per-cell path
    assert _fast_path(["1.234", "5"]) is None and _fast_path(["1,234", "5"]) is None
    assert _fast_path(["12", 7.0]) is None and _fast_path([]) is None


def test_a_point_file_reads_three_decimals_with_the_files_mark():
    # a Peruvian export ("," separator, decimal point): "87.125" alone could be 87125, but the Meta column
    # shows the point (90.5), so the file's mark reads it as 87.125
    r = load(b"Indicador,Valor,Meta\nSatisfaccion (%),87.125,90.5\nOcupacion (%),78.250,85\n", "kpi.csv", INDICATORS)
    assert r.ok and r.problems == []
    assert r.data["value"].tolist() == [87.125, 78.25] and r.data["target"].tolist() == [90.5, 85.0]


def test_numeric_minutes_cells_of_a_workbook_are_seconds():
    # TMO (min) as number cells: 3.5 min = 210 s, 4.25 min = 255 s
    data = _xlsx([["Fecha", "Hora", "Ofrecidas", "Atendidas", "TMO (min)"],
                  [dt.datetime(2024, 3, 4), dt.time(8, 0), 42, 40, 3.5],
                  [dt.datetime(2024, 3, 4), dt.time(8, 30), 51, 48, 4.25]])
    r = load(data, "trafico.xlsx", TRAFFIC)
    assert r.ok and r.problems == []
    assert r.data["aht_s"].tolist() == [210.0, 255.0]


def test_a_numeric_duration_beyond_a_float_is_unreadable():
    # TMO (h): 1e308 h x 3,600 s overflows a float; the cell is unreadable, not an infinite AHT.
    # 0.075 h = 270 s
    data = _xlsx([["Fecha", "Hora", "Ofrecidas", "Atendidas", "TMO (h)"],
                  [dt.datetime(2024, 3, 4), dt.time(8, 0), 42, 40, 1e308],
                  [dt.datetime(2024, 3, 4), dt.time(8, 30), 51, 48, 0.075]])
    r = load(data, "trafico.xlsx", TRAFFIC)
    assert _problems(r) == [("warning", "not_a_duration", "TMO (h) (E)", "1e+308", 2)]
    assert math.isnan(r.data["aht_s"][0]) and r.data["aht_s"][1] == 270.0


def test_a_number_text_beyond_a_float_is_unreadable():
    # "1E+999" is past the largest float: not a number, not an infinite indicator value
    r = load("Indicador;Valor;Meta\nSatisfacción (%);87,5;90\nOcupación (%);1E+999;85\n".encode("cp1252"),
             "kpi.csv", INDICATORS)
    assert _problems(r)[0] == ("warning", "not_a_number", "Valor (B)", "1E+999", 3)
    assert r.data["value"].tolist() == [87.5]


def test_a_date_in_a_duration_column_is_not_a_duration():
    # a date and time pasted into the AHT column (4 March 2024 08:15) is not 124 years of handle time
    data = _xlsx([["Fecha", "Hora", "Ofrecidas", "Atendidas", "TMO"],
                  [dt.datetime(2024, 3, 4), dt.time(8, 0), 42, 40, dt.datetime(2024, 3, 4, 8, 15)],
                  [dt.datetime(2024, 3, 4), dt.time(8, 30), 51, 48, dt.time(0, 4, 5)]],
                 {(2, 5): "dd/mm/yyyy hh:mm", (3, 5): "hh:mm:ss"})
    r = load(data, "trafico.xlsx", TRAFFIC)
    assert [p[:2] + p[4:] for p in _problems(r)] == [("warning", "not_a_duration", 2)]
    assert math.isnan(r.data["aht_s"][0]) and r.data["aht_s"][1] == 245.0


def test_only_excel_first_year_dates_are_durations():
    # Excel day 0 is 1899-12-30; 1900-12-31 12:00 is 1 + 365 days + 12 h = 366.5 x 86,400 = 31,665,600 s.
    # A date of 1901 is a date, not a duration
    assert seconds_of(dt.datetime(1900, 12, 31, 12, 0), None, 1.0) == 31_665_600.0
    assert math.isnan(seconds_of(dt.datetime(1901, 1, 1), None, 1.0))


def test_time_cells_of_a_call_report_are_seconds():
    # durations written as time cells (hh:mm:ss.00): 0:04:05.5 = 4 x 60 + 5.5 = 245.5 s;
    # 1:02:03.25 = 3,600 + 2 x 60 + 3.25 = 3,723.25 s; waits 0:00:42 = 42 s, 0:01:05 = 65 s
    data = _xlsx([["Inicio", "Espera", "Duración", "Abandonada"],
                  [dt.datetime(2024, 3, 4, 8, 0, 5), dt.time(0, 0, 42), dt.time(0, 4, 5, 500000), "no"],
                  [dt.datetime(2024, 3, 4, 8, 1, 10), dt.time(0, 1, 5), dt.time(1, 2, 3, 250000), "no"]],
                 {(2, 2): "mm:ss", (3, 2): "mm:ss", (2, 3): "hh:mm:ss.00", (3, 3): "hh:mm:ss.00"})
    r = load(data, "llamadas.xlsx", CDR)
    assert r.ok and r.problems == []
    assert r.data["talk_s"].tolist() == [245.5, 3723.25] and r.data["wait_s"].tolist() == [42.0, 65.0]
