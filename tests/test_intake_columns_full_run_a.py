"""Kill tests for the survivors of intake.columns' full mutation run (issue 20, docs/MUTATION.md), part a:
convert, as_text and _rows_of (core/intake/columns.py).

Files are built as users make them: Spanish-locale CSV (";" separator, cp1252, decimal comma, "Sí"/"No"
answers) and an XLSX dashboard with a title block. Every expected value is written out by hand in the test.
"""
# full run
# (Eighth session: the code under the `use_na_sentinel=True`, `fillna(False)` and `.astype(bool)` mutants below
# was removed as saying nothing: pandas' defaults, and masks that are already bool without NaN.)
# intake.columns, share a (25 survivors: convert, as_text, _rows_of):
# - _rows_of 6 (`v is cell and v == cell`): equivalent. `cells` are always items of pd.factorize's uniques of
#   raw.astype(object) (numbers.decide_mark's texts, dates' uniques[first[c]]); every reader gives object
#   columns (read_csv dtype=object, DataFrame(rows, dtype=object)), astype(object) keeps the references and
#   factorize keeps each value's first occurrence, so the first cell `== cell` is the very object `cell`
#   (checked: the same rows on the mutant, (2, 4) of test_hostile_intake's mixed decimal marks and (2, 3) of
#   test_kill_intake's mixed date orders).
# - as_text 1 (`v is None and ...`) and 5 (blank as "XXXX"): equivalent. factorize(use_na_sentinel=True) never
#   puts None or NaN among the uniques (they take code -1, mapped to the appended ""), so `one` never sees them.
# - as_text 7 (a whole-number float cell shown as "None"): killed by
#   test_whole_numbers_in_a_text_column_of_a_workbook_show_without_decimals (the period 2025.0 -> "2025").
# - as_text 12 (use_na_sentinel=None), 14 (argument dropped: the default is True), 16 (False): equivalent.
#   With NaN/None among the uniques `one` maps them to "" as the sentinel does; the only NA values `one` would
#   not map to "" (NaT, pd.NA) never reach a grid: readers give NaN (read_csv na_values=[""], _frame's mask of
#   ""), str, numbers, bools and datetime/time objects.
# - as_text 19 and 21 (np.array of the texts without dtype=object: a "<U" array of np.str_): equivalent. np.str_
#   is a str (same ==, hash, .str methods), pd.Series(..., dtype=object) and astype("str") give the same texts;
#   numpy's "<U" drops trailing NUL characters, but a NUL never reaches a grid (a CSV holding one is refused
#   as not_spreadsheet, checked; XML cannot hold one).
# - as_text 27 and 30 (pd.Series without dtype=object: pandas 3 infers the "str" dtype): equivalent. convert and
#   _keep_extra end in .astype("str") either way (blanks stay NaN; .str[:1], isin and fullmatch give the same
#   booleans on both dtypes); preview's frame is only shown through i18n.display_table, which treats object
#   and string columns alike (_already_text, column_kinds).
# - convert 3 (`blank` always recomputed): equivalent. Its one caller, validate.convert_all, passes
#   table.blank, which pipeline builds as is_blank(body column): the same function of the same cells.
# - convert 16 (fillna(None)) and 19 (fillna(True)): equivalent. as_text gives a str for every cell ("" for a
#   blank), so str.fullmatch yields no NA to fill.
# - convert 18 (the number pattern wrapped in "XX"): killed by
#   test_signed_numbers_in_a_text_column_are_not_formulas_but_an_equals_sign_is ("+1" would be flagged).
# - convert 42 and 44 (the invalid mask of a text column without raw's index: one row labelled 0): killed by
#   test_blank_required_text_cell_is_listed_and_its_row_left_out.
# - convert 94 (column_unreadable without its file): killed by test_unreadable_number_column_names_its_file.
# - convert 126 (astype(None): the formula marks as float 0/1): equivalent. reindex(fill_value=False) and the
#   .astype(bool) right after turn 0.0/1.0 (or an empty float Series) into the same booleans (pandas 3.1 only
#   warns, Pandas4Warning).
# - convert 133 ("@" replaced by "XX@XX"): killed by test_lotus_style_at_formula_in_a_number_cell_is_a_formula.
# - convert 136 (reindex(None)) and 138 (reindex without the index): equivalent. `formula` then covers only
#   the unreadable rows; listing.cells sees the same hits in the same order, and `bad & ~formula` aligns:
#   rows outside it have bad False, so the mask is the same (raw's index is increasing, so the union keeps
#   its order).
# - convert 153 (every kind's expected text from range_text): killed by
#   test_unreadable_yes_no_and_date_cells_show_the_formats_read.
# - convert 178 ("XXfloatXX") and 179 ("FLOAT"): killed by
#   test_percentage_above_100_is_out_of_range_and_its_row_left_out (a float column's bounds were not checked).
import io

import openpyxl

from core.intake import load
from core.schemas import ABANDONMENT, INDICATORS, JOURNEY_MAP, JOURNEY_RESPONSES


def _csv(text: str) -> bytes:
    return text.encode("cp1252")


def _codes(result, code):
    return [p for p in result.problems if p.code == code]


def test_whole_numbers_in_a_text_column_of_a_workbook_show_without_decimals():
    # A clinic's dashboard exported to XLSX with a title block; "Periodo" holds the year as a number cell.
    # The reader gives 2025.0 for a number cell: the period is the text "2025", as typed (never "2025.0").
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tablero de indicadores - Clínica San Rafael"])
    ws.append([])
    ws.append(["Indicador", "Valor", "Meta", "Periodo"])
    ws.append(["Oportunidad de cita (días)", 3.5, 3, 2024])
    ws.append(["Satisfacción (%)", 91.2, 90, 2025.0])
    out = io.BytesIO()
    wb.save(out)
    r = load(out.getvalue(), "tablero.xlsx", INDICATORS)
    assert list(r.data["period"]) == ["2024", "2025"]
    assert list(r.data["indicator"]) == ["Oportunidad de cita (días)", "Satisfacción (%)"]


def test_signed_numbers_in_a_text_column_are_not_formulas_but_an_equals_sign_is():
    # Journey survey comments: "+1" (agreeing with the previous comment) and "-2,5" are numbers, not
    # formulas; "=SI(A2>3;1;0)" pasted from a sheet starts like a formula: one info, on its row (line 4).
    # (the formula holds ";", so the export quotes it)
    text = ("Fase;Recomendación;Comentario\n"
            "Admisión;9;+1\n"
            "Consulta;7;-2,5\n"
            'Consulta;8;"=SI(A2>3;1;0)"\n')
    r = load(_csv(text), "recorrido.csv", JOURNEY_RESPONSES)
    flagged = [(p.severity, p.row, p.column, p.found) for p in _codes(r, "formula_text")]
    assert flagged == [("info", 4, "Comentario (C)", "=SI(A2>3;1;0)")]
    assert list(r.data["comment"]) == ["+1", "-2,5", "=SI(A2>3;1;0)"]


def test_blank_required_text_cell_is_listed_and_its_row_left_out():
    # The indicator's name is required: the blank one on line 3 is listed and its row left out; the two
    # named rows (lines 2 and 4) are kept with their values 3,5 -> 3.5 and 91,2 -> 91.2.
    text = ("Indicador;Valor;Meta\n"
            "Oportunidad de cita (días);3,5;3\n"
            ";12;10\n"
            "Satisfacción (%);91,2;90\n")
    r = load(_csv(text), "indicadores.csv", INDICATORS)
    blanks = [(p.severity, p.row, p.column) for p in _codes(r, "blank_required")]
    assert blanks == [("warning", 3, "Indicador (A)")]
    assert list(r.data["indicator"]) == ["Oportunidad de cita (días)", "Satisfacción (%)"]
    assert list(r.data["value"]) == [3.5, 91.2]
    left = _codes(r, "rows_left_out")
    assert [(p.count, p.found) for p in left] == [(1, "3")]


def test_unreadable_number_column_names_its_file():
    # Two of three "Valor" cells are words (2 > 0.5 x 3 filled): the column cannot be read; the error names
    # the file and the column.
    text = ("Indicador;Valor\n"
            "Oportunidad de cita (días);pendiente\n"
            "Satisfacción (%);sin dato\n"
            "Quejas;4\n")
    r = load(_csv(text), "indicadores_marzo.csv", INDICATORS)
    errors = _codes(r, "column_unreadable")
    assert [(p.severity, p.file, p.column, p.found) for p in errors] == [
        ("error", "indicadores_marzo.csv", "Valor (B)", "pendiente, sin dato")]
    assert r.data is None


def test_lotus_style_at_formula_in_a_number_cell_is_a_formula():
    # "@SUMA(B2:B3)" is a Lotus-style formula typed in a number cell: reported as a formula in a number
    # (line 3), not as a cell that is not a number; the percentage is left blank.
    text = ("Cuenta;Modelo;Mes;Día;% abandono\n"
            "1;actual;1;1;4,5\n"
            "1;actual;1;2;@SUMA(B2:B3)\n")
    r = load(_csv(text), "abandono.csv", ABANDONMENT)
    formulas = [(p.row, p.column, p.found) for p in _codes(r, "formula_in_number")]
    assert formulas == [(3, "% abandono (E)", "@SUMA(B2:B3)")]
    assert _codes(r, "not_a_number") == []


def test_unreadable_yes_no_and_date_cells_show_the_formats_read():
    # A journey map's yes/no column ("Sí"/"No") with the answer "tal vez" on line 3, and a survey's date
    # column with "ayer" on line 3: each listed with the formats the reader takes, written out.
    text = ("Fase;Momento de verdad;Satisfacción\n"
            "Admisión;Sí;80\n"
            "Consulta;tal vez;75\n"
            "Pago;No;90\n")
    r = load(_csv(text), "mapa.csv", JOURNEY_MAP)
    bad = [(p.row, p.column, p.found, p.expected) for p in _codes(r, "not_a_bool")]
    assert bad == [(3, "Momento de verdad (B)", "tal vez", "sí/no, true/false, 1/0")]
    moments = r.data["true_moment"]
    assert moments.isna().tolist() == [False, True, False]
    assert [bool(moments[0]), bool(moments[2])] == [True, False]

    survey = ("Fase;Recomendación;Fecha\n"
              "Admisión;9;04/03/2024\n"
              "Consulta;7;ayer\n"
              "Pago;8;05/03/2024\n")
    r = load(_csv(survey), "recorrido.csv", JOURNEY_RESPONSES)
    bad = [(p.row, p.column, p.found, p.expected) for p in _codes(r, "not_a_date")]
    assert bad == [(3, "Fecha (C)", "ayer", "2024-03-04 08:30 / 04/03/2024 08:30")]


def test_percentage_above_100_is_out_of_range_and_its_row_left_out():
    # "% abandono" is bounded 0–100: 104,5 on line 3 is out of range (expected "0–100") and left blank;
    # its row then has no value to use (no percentage, no offered/abandoned counts) and is left out;
    # 4,5 -> 4.5 and 12,25 -> 12.25 are kept.
    text = ("Cuenta;Modelo;Mes;Día;% abandono\n"
            "1;actual;1;1;4,5\n"
            "1;actual;1;2;104,5\n"
            "1;actual;1;3;12,25\n")
    r = load(_csv(text), "abandono.csv", ABANDONMENT)
    out = [(p.row, p.column, p.found, p.expected) for p in _codes(r, "out_of_range")]
    assert out == [(3, "% abandono (E)", "104,5", "0–100")]
    assert list(r.data["abandon_pct"]) == [4.5, 12.25]
    assert list(r.data["day"]) == [1, 3]
    assert [(p.row, p.count) for p in r.problems if p.code in ("row_without_values", "rows_left_out")] == [
        (3, None), (None, 1)]
