"""Kill tests for the survivors of intake.numbers' full mutation run (issue 20, docs/MUTATION.md), part b:
parse_numbers and parse_durations.

Columns are the ones users upload: a clinic's indicator values typed in a Spanish-locale Excel ("12,5",
"1.234", a stray "3.5"), call-centre handle times in seconds, minutes ("TMO (min)": "3,5") and "mm:ss".
Every expected value is worked out by hand in the test.
"""
# full run (core/intake/numbers.py, 30 Nov. 2026; mutant names core.intake.numbers.x_<function>__mutmut_<n>)
# Killed:
#   parse_numbers 3 (fast = None), 4 ("and False"), 6 (_fast_path(None): an empty Series, no pass)
#   parse_durations 4 (fast = None), 5 ("and False"), 7 (_fast_path(None, scale)), 9 (_fast_path(scale): a
#       one-float Series that fails .eq(str)), 11 (fast path only WITH blanks, where it always gives None)
#       -> test_plain_number_and_duration_columns_take_the_vectorised_pass. Each turns the vectorised pass
#       off; the per-cell path reads the same values for every input the pass reads right (fuzzed: 20,000
#       columns of 1-25 digits, signs, both marks, 16-20 decimals, the 9 Unicode spaces strip() removes),
#       so the test pins the documented speed path (issue 16) by forbidding the per-cell readers. The pass
#       read three hostile columns wrongly (the regression tests at the end: a real bug, fixed).
#   parse_numbers 36, 37, 45, 47, 48, 49, 50, 51, 52, 53 (the refused column's values None / one row
#       without the column's index; bad None / float NaN / True / one row; error[:3], a three-item error)
#       -> test_a_number_column_showing_both_marks_is_refused_with_no_value_and_no_bad_cell and
#       test_a_decimal_column_of_only_1_234_is_undecided. Through intake.load the refused column's values
#       and bad cells are never read (columns.convert returns the problem only); the tests pin the
#       documented Parsed contract (values NaN float64 on the column's index, bad all False, error (code, found)).
#   parse_durations 1 (default scale 2.0 instead of 1 s) -> test_plain_duration_numbers_default_to_seconds
#       (columns.convert always passes the header's scale; the default is for direct callers).
# No existing test kills any of the 27 (tests/ unchanged since the run's copy of 22:02, and
# test_intake_numbers_full_run_a.py kills none of them: each mutant run on a scratch copy).
# Equivalent:
#   parse_numbers 5, parse_durations 6 ("or True": the vectorised pass also tried when a cell is blank): a
#       blank unique is a whitespace string, "" after strip() matches neither full-match pattern, so
#       _fast_path returns None and the per-cell path runs as before.
#   parse_durations 34 ('"XX:XX" not in u': "mm:ss" texts reach decide_mark): no text holding ":" has a
#       number shape (clean_text keeps ":", every SHAPES pattern is digits, signs, "." and ","), so
#       decide_mark gets no mark and no ambiguous cell from them: same mark, same error.
#   parse_durations 38 (decide_mark(texts, None, hint)): decide_mark reads `whole` only as `if whole:`,
#       and None is falsy like False.
#   parse_numbers 44, 46 and parse_durations 52, 54 (the refused column's values as pd.Series(None,
#       index=...) or pd.Series(index=...)): with pandas 3.1.1 (requirements.txt) both are float64 NaN on
#       that index, the very Series pd.Series(np.nan, index=...) gives (checked: dtype, values, index).
import math

import pandas as pd

from core.intake import load, numbers
from core.schemas import INDICATORS, TRAFFIC


def test_plain_number_and_duration_columns_take_the_vectorised_pass(monkeypatch):
    # The common CSV case (every cell a plain number, one mark, none reading two ways) is read in one
    # vectorised pass, never cell by cell (issue 16): the per-cell readers are made to fail.
    def per_cell(*args, **kwargs):
        raise AssertionError("per-cell path taken for a plain column")

    monkeypatch.setattr(numbers, "number_of", per_cell)
    monkeypatch.setattr(numbers, "seconds_of", per_cell)
    # indicator values typed in a Spanish Excel: 12,5 = 12.5; 3; 7,25 = 7.25
    got = numbers.parse_numbers(pd.Series(["12,5", "3", "7,25", "3"]), False, None)
    assert got.error is None and got.values.tolist() == [12.5, 3.0, 7.25, 3.0] and not got.bad.any()
    # "TMO (min)": 3,5 min = 210 s, 2 min = 120 s, 4,25 min = 255 s
    got = numbers.parse_durations(pd.Series(["3,5", "2", "4,25"]), None, 60.0)
    assert got.error is None and got.values.tolist() == [210.0, 120.0, 255.0] and not got.bad.any()
    # seconds with a decimal point: 185.5 s, 92 s
    got = numbers.parse_durations(pd.Series(["185.5", "92"]), None, 1.0)
    assert got.values.tolist() == [185.5, 92.0]


def _assert_refused_column(got, index, error, cells):
    assert got.error == error                       # (code, found): two items, as Parsed documents
    assert got.cells == cells
    assert got.values.dtype == "float64" and got.values.isna().all() and got.values.index.tolist() == index
    assert got.bad.dtype == bool and not got.bad.any() and got.bad.index.tolist() == index


def test_a_number_column_showing_both_marks_is_refused_with_no_value_and_no_bad_cell():
    # "12,5" shows a decimal comma, "3.5" a decimal point: the column is refused as a whole (module rule),
    # naming the first cell of each mark, point first; no cell is flagged on its own
    raw = pd.Series(["12,5", "3.5", "7", "12,5"], index=[2, 3, 4, 5])
    got = numbers.parse_numbers(raw, False, None)
    _assert_refused_column(got, [2, 3, 4, 5], ("mixed_decimal_marks", "3.5 / 12,5"), ("3.5", "12,5"))


def test_a_decimal_column_of_only_1_234_is_undecided():
    # "1.234" reads 1.234 or 1234 and the file shows no mark: a decimal column cannot decide
    raw = pd.Series(["1.234", "15", "8"], index=[7, 8, 9])
    got = numbers.parse_numbers(raw, False, None)
    _assert_refused_column(got, [7, 8, 9], ("decimal_undecided", "1.234"), ("1.234",))
    # the same cells in a whole-number column read the only whole way: 1.234 = 1234 (thousands point)
    got = numbers.parse_numbers(raw, True, None)
    assert got.error is None and got.values.tolist() == [1234.0, 15.0, 8.0]


def test_plain_duration_numbers_default_to_seconds():
    # without a unit a duration number is seconds: 95 s, 42,5 s = 42.5 s, 180 s (vectorised pass)
    got = numbers.parse_durations(pd.Series(["95", "42,5", "180"]), None)
    assert got.values.tolist() == [95.0, 42.5, 180.0] and not got.bad.any()
    # with a blank and a "m:ss" cell (per-cell path): 95 s, blank, 1:30 = 90 s
    got = numbers.parse_durations(pd.Series(["95", " ", "1:30"]), None)
    assert got.values.tolist()[0] == 95.0 and math.isnan(got.values.tolist()[1])
    assert got.values.tolist()[2] == 90.0 and not got.bad.any()


# Real bug found by this triage (fixed in core.intake.numbers._fast_path): the vectorised pass used
# pd.to_numeric, which (pandas 3.1) returned the texts unchanged for "-5" beside a 20-digit integer (TypeError
# on "* scale"), python ints for integers past 1e308 (OverflowError on "* scale") and inf for "<400 digits>,5".
# load() turned the two exceptions into an "unexpected" error that refused the whole file; the inf was loaded
# as a value. The pass now reads each text with float() (as number_of does) and leaves a column holding a
# number beyond a float to the per-cell reader, which names the cell.


def test_indicator_values_with_a_20_digit_integer_beside_a_negative_load():
    text = "Indicador;Valor\nVariación de quejas;-5\nCódigo pegado;17230450917332103011\n"
    r = load(text.encode("cp1252"), "indicadores.csv", INDICATORS)
    assert r.ok and r.data["value"].tolist() == [-5.0, 17230450917332103011.0]


def test_an_indicator_value_beyond_a_float_is_one_unreadable_cell():
    for huge in ("1" * 400, "1" * 400 + ",5"):
        text = f"Indicador;Valor\nEspera media (min);5\nSatisfacción;{huge}\n"
        r = load(text.encode("cp1252"), "indicadores.csv", INDICATORS)
        assert r.ok and r.data["value"].tolist() == [5.0]
        assert [(p.code, p.column, p.row) for p in r.problems if p.code == "not_a_number"] == [
            ("not_a_number", "Valor (B)", 3)]


def test_a_handle_time_beyond_a_float_is_one_unreadable_cell():
    text = f"Fecha;Hora;Llamadas;TMO (seg)\n04/03/2024;08:00;10;185\n04/03/2024;08:30;12;{'1' * 400}\n"
    r = load(text.encode("cp1252"), "trafico.csv", TRAFFIC)
    assert r.ok and r.data["aht_s"].tolist()[0] == 185.0
    assert [(p.code, p.column, p.row) for p in r.problems if p.code == "not_a_duration"] == [
        ("not_a_duration", "TMO (seg) (D)", 3)]
