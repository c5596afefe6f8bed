"""Kill tests for the survivors of intake.pipeline's full mutation run (issue 20, docs/MUTATION.md): load,
_best_sheet, _table, build and _keep_extra (core/intake/pipeline.py).

Files are built as users make them: Spanish-locale CSV (";" separator, cp1252, decimal comma) and XLSX
workbooks with a title block above the header, a cover sheet and one sheet per month. Every expected value
is written out by hand in the test.
"""
# full run
# intake.pipeline (700 mutants, 40 survivors: 21 killed, 19 equivalent):
# (Every kill checked on a copy with the mutant applied: its test fails there and passes here. Every equivalent
# mutant checked too: this file, test_intake, test_kill_intake, test_intake_userfiles and test_hostile_intake
# all pass on it.)
# - _best_sheet 31 (`score >= 0`) and 32 (`score > 1`): equivalent. The key is (visible, f(score), score,
#   named like the dataset) and f is non-decreasing in score (an int >= 0, Match.score = len + len), so
#   (f(score), score) orders the sheets exactly as score alone: the same sheet wins every comparison.
# - _best_sheet 37 (`key >= best`: of two sheets that match equally the last wins): killed by
#   test_of_two_month_sheets_with_the_same_header_the_first_is_read_and_the_others_named.
# - _best_sheet 129 (the other sheets joined by "XX, XX"): killed by
#   test_of_two_month_sheets_with_the_same_header_the_first_is_read_and_the_others_named.
# - _keep_extra 3 (`pos in personal and not header`), 4 (`pos in match.patterned and pos in personal`): killed
#   by test_blueprint_keeps_its_own_lane_but_not_the_email_column (the e-mail column was kept as a lane).
# - _keep_extra 18 (`text.where(text != "")`: NaN instead of None): equivalent. `.astype("str")` right after
#   makes both the str dtype's NaN (pandas 3.1; checked: ['a', nan, nan] either way, .equals is True).
#   The `None` is since removed (it said nothing).
# - _keep_extra 23 (None kept instead of the header): killed by
#   test_blueprint_keeps_its_own_lane_but_not_the_email_column (the lane listed as not used).
# - _load 83 (`.upper()` instead of `.lower()` before looking for "<"): equivalent. bytes.upper/lower change
#   ASCII letters only, and both prefixes looked for (b"<" and the UTF-8 BOM + b"<") hold none.
# - _load 139 (`sheet=None`) and 143 (sheet left out): equivalent. `header_at` can be None only on the text
#   path (_best_sheet raises "empty" itself when no sheet has a header), and read_text's grid always has
#   sheet None (readers.read_text: Grid(cells, None, ...)).
# - _load 179 (uncomputed_formulas always called): equivalent. For a CSV sheet_paths finds no zip -> {} ->
#   []; for a sheet whose part holds no `<f` (archive._Scanner's formulas flag False) uncomputed_formulas
#   stops at `"<f" not in xml` -> []. (They could differ only for a sheet whose root tag has a namespace
#   prefix and whose cells have none, which no spreadsheet program writes.)
# - _load 190 (formula cells joined by "XX, XX"), 191 (no " …" after the tenth), 193 ("XX …XX"): killed by
#   test_twelve_formulas_without_values_list_the_first_ten_and_an_ellipsis.
# - _load 194 (" …" after exactly ten): killed by test_ten_formulas_without_values_are_all_listed_without_ellipsis.
# - _table 9 (`index=None`) and 11 (no index): equivalent. The frame is built from a dict of is_blank Series
#   that all carry body.index (is_blank returns index=raw.index), so pandas takes that very index.
# - _table 17 (`or True`), 22 (`Series(None)`), 23 (`index=None`), 24 (no value), 25 (no index), 26 (True):
#   equivalent. The `else` branch is for a body without columns, and there is none: find_header_row only
#   returns a row with a filled cell, so the grid (and the body below it) has at least one column.
#   The branch is since removed (and `~blanks.all(axis=1)` of no columns would keep no row, as it did).
# - _table 42 (`blank=None`) and 50 (blank left out): equivalent. Table.blank is read in one place,
#   validate.convert_all, which without it computes is_blank(raw) of the same (already filtered) body
#   column: the same mask.
# - build 11 (the user's mapping not passed to personal_positions): killed by
#   test_a_column_named_nombre_that_the_user_maps_to_the_indicator_is_read_not_dropped.
# - build 31 (the dropped personal columns joined by "XX, XX"): killed by
#   test_two_personal_columns_are_named_in_one_note_separated_by_a_comma.
# - build 83 (no_rows without the headers, used columns and header row): killed by
#   test_a_csv_with_only_its_header_row_says_no_rows_and_still_shows_its_headers.
# - build 115 (a column error without the headers, used columns, preview and header row): killed by
#   test_unreadable_value_column_still_shows_the_headers_for_choosing_columns.
# - build 140 (`_keep_extra(..., None, ...)`: no schema): equivalent. _keep_extra never reads its schema
#   argument (the caller decides with schema.keep_extra). The parameter is since removed.
# - build 189 (severity None), 191 (count=None), 194 (count left out), 195 ("XXerrorXX"), 196 ("ERROR"),
#   201 (mismatch=None), 206 (no headers, used, preview, header row), 207 (mismatch=True): killed by
#   test_traffic_csv_whose_every_row_breaks_answered_le_offered_has_no_valid_rows.
# - build 205 (mismatch left out): equivalent. IntakeResult.mismatch defaults to False, the value written.
#   The argument is since removed.
import datetime as dt
import io

import openpyxl

from core.i18n import Translator
from core.intake import load
from core.schemas import BLUEPRINT_CURRENT, INDICATORS, TRAFFIC

ES = Translator("es")


def _csv(text: str) -> bytes:
    return text.encode("cp1252")


def _xlsx(sheets) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _month(title, day, offered, answered, aht):
    return [[title], [], ["Fecha y hora", "Llamadas recibidas", "Atendidas", "TMO (seg)"],
            [dt.datetime(2025, day[0], day[1], 8, 0), offered[0], answered[0], aht[0]],
            [dt.datetime(2025, day[0], day[1], 8, 30), offered[1], answered[1], aht[1]]]


def test_of_two_month_sheets_with_the_same_header_the_first_is_read_and_the_others_named():
    # A monthly traffic report: a cover sheet, then "Enero" and "Febrero" with the same header under a title.
    # Both months match the dataset equally: the first in the workbook (Enero) is read, and the note names
    # the two sheets not read, "Portada, Febrero".
    content = _xlsx([
        ("Portada", [["Informe de tráfico - Call center Salud Total"], ["Elaborado por: Planeación"]]),
        ("Enero", _month("Tráfico enero 2025", (1, 15), (120, 95), (110, 90), (245, 230))),
        ("Febrero", _month("Tráfico febrero 2025", (2, 12), (80, 70), (75, 60), (300, 280))),
    ])
    r = load(content, "trafico_2025.xlsx", TRAFFIC)
    assert r.sheet == "Enero"
    assert list(r.data["offered"]) == [120, 95]
    assert list(r.data["interval_start"]) == [dt.datetime(2025, 1, 15, 8, 0), dt.datetime(2025, 1, 15, 8, 30)]
    notes = [(p.code, p.sheet, p.found) for p in r.problems]
    assert notes == [("sheet_read", "Enero", "Portada, Febrero")]
    assert r.problems[0].message(ES) == (
        "Archivo 'trafico_2025.xlsx', hoja 'Enero': se leyó esta hoja. Las otras hojas del libro no se leyeron: "
        "Portada, Febrero.")


def _indicators_with_formulas(n):
    # Indicators exported by a reporting tool that writes formulas without calculating them: column C
    # ("Total") holds =B4*2 ... on the rows below a two-row title block (header on row 3).
    rows = [["Indicadores de calidad - marzo"], [], ["Indicador", "Valor", "Total"]]
    rows += [[f"Indicador {i}", f"{i},5", f"=B{i + 3}*2"] for i in range(1, n + 1)]
    return _xlsx([("Datos", rows)])


def test_twelve_formulas_without_values_list_the_first_ten_and_an_ellipsis():
    r = load(_indicators_with_formulas(12), "indicadores.xlsx", INDICATORS)
    formulas = [p for p in r.problems if p.code == "formula_no_value"]
    assert [(p.severity, p.sheet, p.count, p.found) for p in formulas] == [
        ("warning", "Datos", 12, "C4, C5, C6, C7, C8, C9, C10, C11, C12, C13 …")]
    assert list(r.data["value"])[:3] == [1.5, 2.5, 3.5]


def test_ten_formulas_without_values_are_all_listed_without_ellipsis():
    r = load(_indicators_with_formulas(10), "indicadores.xlsx", INDICATORS)
    formulas = [p for p in r.problems if p.code == "formula_no_value"]
    assert [(p.count, p.found) for p in formulas] == [(10, "C4, C5, C6, C7, C8, C9, C10, C11, C12, C13")]


def test_blueprint_keeps_its_own_lane_but_not_the_email_column():
    # A clinic's service blueprint with its own lane "Sistemas de información" (kept as text under its header),
    # an e-mail column of the staff (personal: dropped, never kept as a lane) and an unnamed column of notes.
    text = ("Paso;Acciones del cliente;Sistemas de información;;Correo\n"
            "Llegada;Toma el turno;Digiturno;revisar;ana.perez@clinica.co\n"
            "Consulta;Pasa al consultorio;Historia clínica electrónica;;luis.gomez@clinica.co\n")
    r = load(_csv(text), "blueprint_actual.csv", BLUEPRINT_CURRENT)
    assert list(r.data.columns) == ["step", "customer_action", "Sistemas de información"]
    assert list(r.data["Sistemas de información"]) == ["Digiturno", "Historia clínica electrónica"]
    assert r.used == {"step": "Paso", "customer_action": "Acciones del cliente",
                      "Sistemas de información": "Sistemas de información"}
    assert r.unused == []
    assert r.dropped_personal == ["Correo"]
    assert [(p.code, p.found) for p in r.problems] == [("personal_dropped", "Correo")]


def test_a_column_named_nombre_that_the_user_maps_to_the_indicator_is_read_not_dropped():
    # "Nombre" is a personal header, but here it holds the indicator's name and the user chose it under
    # "Columns": a column the user mapped herself is read, not dropped as personal data.
    text = ("Nombre;Valor;Meta\n"
            "Oportunidad de cita (días);3,5;3\n"
            "Satisfacción (%);91,2;90\n")
    r = load(_csv(text), "indicadores.csv", INDICATORS,
             mapping={"indicator": "Nombre", "value": "Valor", "target": "Meta"})
    assert list(r.data["indicator"]) == ["Oportunidad de cita (días)", "Satisfacción (%)"]
    assert list(r.data["value"]) == [3.5, 91.2]
    assert r.dropped_personal == []
    assert r.problems == []


def test_two_personal_columns_are_named_in_one_note_separated_by_a_comma():
    text = ("Nombre;Correo;Indicador;Valor\n"
            "Ana Pérez;ana.perez@clinica.co;Oportunidad de cita (días);3,5\n")
    r = load(_csv(text), "indicadores.csv", INDICATORS)
    assert r.dropped_personal == ["Nombre", "Correo"]
    assert [(p.severity, p.code, p.found) for p in r.problems] == [("info", "personal_dropped", "Nombre, Correo")]
    assert r.problems[0].message(ES) == (
        "Archivo 'indicadores.csv': se eliminaron y no se guardaron columnas con datos personales: Nombre, Correo. "
        "Ninguna vista las necesita.")
    assert list(r.data["value"]) == [3.5]


def test_a_csv_with_only_its_header_row_says_no_rows_and_still_shows_its_headers():
    r = load(_csv("Indicador;Valor;Meta\n"), "indicadores.csv", INDICATORS)
    assert r.data is None
    assert [(p.severity, p.code) for p in r.problems] == [("error", "no_rows")]
    assert r.headers == ["Indicador", "Valor", "Meta"]
    assert r.used == {"indicator": "Indicador", "value": "Valor", "target": "Meta"}
    assert r.header_row == 1


def test_unreadable_value_column_still_shows_the_headers_for_choosing_columns():
    # "Valor" holds words in two of three rows: the column cannot be read, and the column-mapping step gets
    # the sheet, its headers (on row 3, under the title), the columns recognised and a preview of the rows.
    content = _xlsx([("Tablero", [["Tablero de indicadores - Clínica San Rafael"], [],
                                  ["Indicador", "Valor"],
                                  ["Oportunidad de cita (días)", "alto"],
                                  ["Satisfacción (%)", "medio"],
                                  ["Quejas por 1.000 atenciones", 3]])])
    r = load(content, "tablero.xlsx", INDICATORS)
    assert r.data is None and r.mismatch is True
    assert [(p.code, p.column) for p in r.problems] == [("column_unreadable", "Valor (B)")]
    assert r.sheet == "Tablero"
    assert r.headers == ["Indicador", "Valor"]
    assert r.header_row == 3
    assert r.used == {"indicator": "Indicador", "value": "Valor"}
    assert list(r.preview["Valor"]) == ["alto", "medio", "3"]


def test_traffic_csv_whose_every_row_breaks_answered_le_offered_has_no_valid_rows():
    # Answered (12, 9) above offered (10, 8) on both rows: each row is listed and left out, then one error
    # says none of the 2 rows could be used; the columns were right, so this is no column mismatch.
    text = ("Fecha;Ofrecidas;Atendidas\n"
            "01/03/2025;10;12\n"
            "02/03/2025;8;9\n")
    r = load(_csv(text), "trafico.csv", TRAFFIC)
    assert r.data is None
    assert [(p.severity, p.code, p.row) for p in r.problems] == [
        ("warning", "rule_answered_gt_offered", 2), ("warning", "rule_answered_gt_offered", 3),
        ("error", "no_valid_rows", None)]
    assert [(p.code, p.count) for p in r.errors] == [("no_valid_rows", 2)]
    assert r.errors[0].message(ES) == (
        "Archivo 'trafico.csv': ninguna de las 2 filas se pudo usar (vea los problemas anteriores). "
        "Corríjalas y vuelva a cargar; se conserva lo que estaba cargado.")
    assert r.mismatch is False
    assert r.n_read == 2
    assert r.headers == ["Fecha", "Ofrecidas", "Atendidas"]
    assert r.used == {"interval_start": "Fecha", "offered": "Ofrecidas", "answered": "Atendidas"}
    assert r.header_row == 1
    assert list(r.preview["Atendidas"]) == ["12", "9"]
