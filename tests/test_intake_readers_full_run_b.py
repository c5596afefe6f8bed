"""Kill tests for the survivors of intake.readers' full mutation run (issue 20, docs/MUTATION.md), part b:
read_text, sniff_delimiter, line_count, _check_size, long_cell and _frame (core/intake/readers.py).

Files are built as users make them: Spanish-locale CSV (";" separator, cp1252, decimal comma), "Texto Unicode"
(UTF-16 with tabs), CR LF line ends, a title block above the header, agents written "Apellido, Nombre", and
hostile ones (a line of 150,000 characters, a header of 100,000 columns, a cell over 32,767 characters).
Every expected value is written out by hand in the test.
"""
# full run
# intake.readers, share b (45 survivors: read_text, sniff_delimiter, line_count, _check_size, long_cell, _frame).
# "checked" below: the mutant gives the same read_text grids (cells, dtypes, info) or refusals, the same
# workbook_sheets heads and grids, and the same load() data, problems, header row and preview as the code, on
# 26 texts (cp1252 and UTF-16: CR LF, CR-only, blank lines, ragged rows, a quoted line break, an open quote,
# a BOM alone, cells of 32,767 and 40,000 characters) and 6 XLSX (title block, year headers, dates, blanks).
# - sniff_delimiter 3 (best score starts at +1.0: a delimiter scoring 1 or less is never chosen): killed by
#   test_ragged_semicolon_lines_are_still_split_at_the_semicolons (12 lines of 2..13 fields score 0.87).
# - sniff_delimiter 4 (best score starts at -2.0): equivalent. A delimiter that reaches the score is one whose
#   longest line has 2 fields or more, and its score (share of lines at the mode x 10 + mode / 50) is always > 0:
#   -1.0 and -2.0 are both below every score, so the first scored delimiter replaces "," either way (checked).
# - sniff_delimiter 14 (`break` instead of `continue` when a delimiter's csv.reader fails): killed by
#   test_tab_separated_unicode_text_with_a_line_of_150000_characters_is_read_at_the_tabs.
# - sniff_delimiter 29 (share of lines / 10), 31 (counts.count(None): share 0) and 33 (mode x 50): killed by
#   test_semicolon_csv_with_agents_written_surname_comma_name_is_split_at_the_semicolons (each weighs the
#   number of fields over how regular the lines are: "Pérez, Juan;245,5;91,2" has 4 comma fields, 3 ";").
# - sniff_delimiter 38 (the mode capped at 51 columns, not 50): killed by
#   test_fifty_decimal_comma_values_per_line_are_split_at_the_semicolons (";" gives 50 fields and "," 51 on
#   every line: a tie at the cap, which the first delimiter wins).
# - sniff_delimiter 39 (mode / 51): killed by
#   test_thirteen_column_report_with_one_decimal_comma_per_line_is_split_at_the_semicolons (46 lines: ";"
#   scores 10.0426 and "," 10.04; divided by 51, "," wins by 0.0017).
# - sniff_delimiter 40 (`>=`: a tie goes to the later delimiter): killed by
#   test_two_column_list_with_commas_in_the_names_is_split_at_the_semicolon (and by the 50-value test above).
# - line_count 6 (CR LF spelled "XX\r\nXX": each CR LF counted as two lines): killed by
#   test_crlf_file_over_the_cell_limit_is_refused_with_its_real_cell_count.
# - _check_size 4 (`>=`: a grid of exactly MAX_CELLS refused): killed by
#   test_csv_of_exactly_2500000_cells_is_read.
# - _check_size 32 (`>=`: a line of exactly MAX_CELL_CHARS marks the file for long_cell): not killed, and
#   equivalent on every file the reader handles right: such a line holds no cell over MAX_CELL_CHARS, so
#   long_cell finds nothing. It differs only on files of bug 1 below (a quoted cell over the limit spread over
#   lines, plus some line of exactly 32,767 characters), where the mutant refuses the file as it should and
#   the code accepts it; see test_quoted_comment_of_39999_characters_over_several_lines_is_refused (bug 1, since fixed: the
#   mutant is now killed by it).
# - long_cell 8 (a cell that is not text measures 1, not 0): equivalent. 1 is never > MAX_CELL_CHARS, and only
#   the cells over it are reported (their row, letter and length come from `over`, which holds text cells only)
#   (checked).
# - long_cell 10 (`>=`: a cell of exactly 32,767 characters refused): killed by
#   test_comment_of_exactly_32767_characters_is_accepted.
# - _frame 3 (dtype=None) and 5 (dtype left out: pandas infers): equivalent. calamine gives "" for an empty
#   cell, so a column with an empty cell or a text cell stays object either way; only a column whose every
#   cell is a number (a year as header, no title block, no blank) is inferred, as float64, holding the same
#   floats (checked: python-calamine gives float for every number cell, bool, str, date, datetime); every
#   reader of the grid goes through astype(object) / factorize (is_blank, as_text, numbers, dates) or
#   header_text, where np.float64 is a float with the same value, str and is_integer (checked: load of a
#   "Mes | 2024 | 2025" XLSX gives the same result, problems and preview on the mutant; the heads' values, taken
#   as objects, are equal).
# - _frame 6 (`and False`: no mask), 9 (eq(None): nothing masked) and 11 (`if cells.empty`: no mask on a
#   filled sheet): killed by test_blank_cells_of_a_workbook_with_a_title_block_are_missing_values (an empty
#   cell would stay "").
# - _frame 7 (`or True`: an empty frame masked too): equivalent, code says nothing: the `if not cells.empty`
#   guard was removed (mask of an empty frame returns an empty frame of the same shape: (0, 0) and
#   (1, 0) checked; checked).
# - _frame 10 (mask of "XXXX" instead of ""): killed by
#   test_blank_cells_of_a_workbook_with_a_title_block_are_missing_values (its "XXXX" anonymised number).
# - read_text 22 (the delimiter sniffed on 51 lines, not 50): killed by
#   test_delimiter_is_decided_on_the_first_50_lines_so_a_total_line_51_does_not_change_it.
# - read_text 32 (next() without its default: StopIteration when no line is over MAX_CELL_CHARS): killed by
#   test_quoted_comment_of_150000_characters_over_several_lines_is_refused_naming_its_row (the code it sat on
#   is since rewritten: read_text's _field_over_limit).
# - read_text 72 (dtype=None) and 82 (dtype left out): killed by
#   test_year_columns_keep_spanish_thousands_as_text (read_csv would make "1.234" the float 1.234).
# - read_text 74 (na_values=None), 84 (na_values left out): killed by
#   test_blank_cells_of_a_semicolon_csv_are_missing_values_and_xxxx_is_kept (an empty cell would be "").
# - read_text 91 (na_values=["XXXX"]): killed by the same test (the anonymised number "XXXX" would be blank
#   and "" would stay "").
# - read_text 76 (engine=None) and 86 (engine left out): equivalent, code says nothing: a default spelled out
#   (kept: _parser_problem reads the C parser's messages). With every option given supported by the C parser, pandas picks engine "c" for None
#   (checked).
# - read_text 80 (header=None left out): equivalent, code says nothing: was removed. With `names` given
#   read_csv's header defaults to None (checked).
# - read_text 87 (on_bad_lines left out): equivalent, code says nothing: was removed ("error" is the
#   default; checked).
# - read_text 85 (skip_blank_lines left out) and 92 (skip_blank_lines=True): killed by
#   test_empty_line_under_the_title_keeps_every_row_number_of_the_spreadsheet.
# - read_text 97 to 107 (the `except pd.errors.EmptyDataError` branch's Reject: None, no severity, no code,
#   no file, "XXerrorXX", "ERROR", "XXemptyXX", "EMPTY", ...): equivalent, code says nothing: the branch was dead
#   and was removed. read_csv with `names=` given never raises EmptyDataError (checked with the C parser
#   on "", "\n", "\r", " ", "\t", a lone BOM and two BOMs, for ";", ",", "\t" and "|": an empty frame or
#   rows, never the error), and a blank text is refused before (`if not text.strip()`).
#
# Bug 1 (fixed in read_text, eighth session: a cell is measured whenever a quoted cell spans lines; its test
# was xfail until then): a quoted cell holding line breaks is measured only when some line of
# the file is over MAX_CELL_CHARS (_check_size looks at line lengths), so a comment of 39,999 characters
# written over 4 lines of 9,999 is accepted, while the same comment on one line is refused (cell_too_long).
import io

import openpyxl
import pandas as pd
import pytest

from core.intake import load
from core.intake.problems import Reject
from core.intake.readers import read_text, workbook_sheets
from core.schemas import INDICATORS


def _csv(text: str) -> bytes:
    return text.encode("cp1252")


def _refusal(content: bytes, filename: str):
    with pytest.raises(Reject) as refused:
        read_text(content, filename)
    return refused.value.problem


def test_semicolon_csv_with_agents_written_surname_comma_name_is_split_at_the_semicolons():
    # Agents exported as "Apellido, Nombre": each data line has 3 ";" fields but 4 "," fields (the name's
    # comma and two decimal commas). The lines are regular with ";" (all 9) and not with "," (header: 1).
    rows = ["Pérez, Juan;245,5;91,2", "Gómez, Ana;198,0;88,7", "Ruiz, Luis;310,2;79,5", "Díaz, Eva;201,9;93,1",
            "Mora, Iván;260,4;85,0", "Vera, Sofía;188,8;95,4", "León, Raúl;233,3;90,2", "Sáenz, Inés;275,6;87,3"]
    grid = read_text(_csv("Agente;TMO (seg);Satisfacción (%)\n" + "\n".join(rows) + "\n"), "agentes.csv")
    assert grid.info["delimiter"] == ";"
    assert grid.cells.shape == (9, 3)
    assert grid.cells.iloc[1].tolist() == ["Pérez, Juan", "245,5", "91,2"]
    assert grid.cells.iloc[8].tolist() == ["Sáenz, Inés", "275,6", "87,3"]


def test_two_column_list_with_commas_in_the_names_is_split_at_the_semicolon():
    # Every line has one ";" and one ",": both split it in 2 fields as regularly; ";" (tried first) is kept.
    text = ("Agente (apellido, nombre);Llamadas\n"
            "Pérez, Juan;120\n"
            "Gómez, Ana;98\n"
            "Ruiz, Luis;143\n")
    grid = read_text(_csv(text), "llamadas_por_agente.csv")
    assert grid.info["delimiter"] == ";"
    assert grid.cells.iloc[:, 0].tolist() == ["Agente (apellido, nombre)", "Pérez, Juan", "Gómez, Ana", "Ruiz, Luis"]
    assert grid.cells.iloc[:, 1].tolist() == ["Llamadas", "120", "98", "143"]


def test_ragged_semicolon_lines_are_still_split_at_the_semicolons():
    # A journey written by hand: each stage lists its touchpoints, one more per line (2 to 13 fields, no two
    # lines alike). No delimiter is regular; ";" is the only one that splits anything.
    points = ["Llamada", "Correo", "Chat", "Web", "App", "SMS", "Visita", "Carta", "Encuesta", "Redes", "Kiosco",
              "Fax"]
    lines = [f"Etapa {i + 1};" + ";".join(points[:i + 1]) for i in range(12)]
    grid = read_text(_csv("\n".join(lines) + "\n"), "recorrido_puntos.csv")
    assert grid.info["delimiter"] == ";"
    assert grid.cells.shape == (12, 13)
    assert grid.cells.iloc[0, :3].tolist()[:2] == ["Etapa 1", "Llamada"]
    assert grid.cells.iloc[11].tolist()[-2:] == ["Kiosco", "Fax"]


def test_tab_separated_unicode_text_with_a_line_of_150000_characters_is_read_at_the_tabs():
    # "Texto Unicode" (UTF-16, tabs) with 5 long comments of 30,000 characters on one line (150,004 characters,
    # over csv's own field limit of 131,072 when read as one field): ";" and "," fail on it, tabs do not.
    # Each comment is under Excel's 32,767 characters: the file is read.
    long_line = "\t".join(c * 30_000 for c in "abcde")
    text = "Comentario 1\tComentario 2\tComentario 3\tComentario 4\tComentario 5\r\n" + long_line + "\r\n"
    grid = read_text(text.encode("utf-16"), "comentarios.txt")
    assert grid.info == {"encoding": "utf-16", "delimiter": "\t"}
    assert grid.cells.shape == (2, 5)
    assert grid.cells.iloc[0, 4] == "Comentario 5"
    assert [len(v) for v in grid.cells.iloc[1]] == [30_000] * 5
    assert grid.cells.iloc[1, 2] == "c" * 30_000


def test_fifty_decimal_comma_values_per_line_are_split_at_the_semicolons():
    # Readings pasted without a header: 50 values with a decimal comma per line, so ";" gives 50 fields and ","
    # gives 51 on every line (both at the sniffer's cap of 50): ";" is kept.
    lines = [";".join(f"{r}{c % 10},5" for c in range(50)) for r in range(1, 6)]
    grid = read_text(_csv("\n".join(lines) + "\n"), "lecturas.csv")
    assert grid.info["delimiter"] == ";"
    assert grid.cells.shape == (5, 50)
    assert grid.cells.iloc[0, :3].tolist() == ["10,5", "11,5", "12,5"]
    assert grid.cells.iloc[4, 49] == "59,5"


def test_thirteen_column_report_with_one_decimal_comma_per_line_is_split_at_the_semicolons():
    # 46 lines: a title with one comma, a 13-column header with one comma, 44 agents with one decimal comma
    # (TMO). ";" splits 45 of 46 lines in 13 fields (score 10 x 45/46 + 13/50 = 10.0426), "," all 46 in 2
    # (10 + 2/50 = 10.04): ";" wins, narrowly.
    header = ("Agente;Llamadas;Atendidas;Abandonadas;Transferidas;Retenidas;Cortadas;Correos;Chats;Pausas;"
              "Ausencias;Nota de calidad (sobre 10, promedio);TMO (seg)")
    rows = [f"Agente {i:02d};{100 + i};{90 + i};{i % 7};{i % 5};{i % 3};{i % 2};{i};{2 * i};{i % 4};{i % 2};"
            f"{i % 10};{200 + i},5" for i in range(1, 45)]
    text = "Reporte de agentes, marzo 2025\n" + header + "\n" + "\n".join(rows) + "\n"
    grid = read_text(_csv(text), "reporte_agentes.csv")
    assert grid.info["delimiter"] == ";"
    assert grid.cells.shape == (46, 13)
    assert grid.cells.iloc[1, 11] == "Nota de calidad (sobre 10, promedio)"
    assert grid.cells.iloc[2].tolist() == ["Agente 01", "101", "91", "1", "1", "1", "1", "1", "2", "1", "1", "1",
                                           "201,5"]


def test_delimiter_is_decided_on_the_first_50_lines_so_a_total_line_51_does_not_change_it():
    # Title (with a comma), header, 48 agents with one decimal comma, then line 51: a total with 2 fields by
    # ";" and by ",". On the first 50 lines ";" is as regular as "," with more fields: ";" is kept.
    rows = [f"Agente {i:02d};{200 + i},5;Soporte" for i in range(1, 49)]
    text = ("Informe de agentes, marzo 2025\nAgente;TMO (seg);Cola\n" + "\n".join(rows)
            + "\nTotal general;11.784,0\n")
    grid = read_text(_csv(text), "informe_agentes.csv")
    assert grid.info["delimiter"] == ";"
    assert grid.cells.shape == (51, 3)
    assert grid.cells.iloc[1].tolist() == ["Agente", "TMO (seg)", "Cola"]
    assert grid.cells.iloc[50, :2].tolist() == ["Total general", "11.784,0"]


def test_crlf_file_over_the_cell_limit_is_refused_with_its_real_cell_count():
    # A hostile file: a first line of 16,000 zeros (under Excel's 16,384 columns) and 156 more lines, ending in
    # CR LF as Excel on Windows writes them: 157 lines x 16,000 = 2,512,000 cells, over the 2,500,000 limit
    # (each CR LF one line end; counted twice, 5,024,000).
    lines = [";".join(["0"] * 16_000)] + ["1"] * 156
    problem = _refusal("\r\n".join(lines).encode("cp1252"), "ancho.csv")
    assert (problem.code, problem.found, problem.expected) == ("too_many_cells", "2512000", "2500000")


def test_csv_of_exactly_2500000_cells_is_read():
    # The limit's own example: 500,000 rows of five columns is exactly MAX_CELLS, and is read.
    text = "1;2;3;4;5\n" * 499_999 + "6;7;8;9;0"
    grid = read_text(text.encode("ascii"), "limite.csv")
    assert grid.cells.shape == (500_000, 5)
    assert grid.cells.iloc[499_999].tolist() == ["6", "7", "8", "9", "0"]


def test_comment_of_exactly_32767_characters_is_accepted():
    # Excel's own limit is 32,767 characters in a cell: a comment that long is read; one more is refused.
    comment = "Muy buena atención " * 1724 + "x" * 11   # 19 x 1724 + 11 = 32,767
    assert len(comment) == 32_767
    grid = read_text(_csv("Fase;Comentario\nConsulta;" + comment + "\n"), "comentarios.csv")
    assert len(grid.cells.iloc[1, 1]) == 32_767
    problem = _refusal(_csv("Fase;Comentario\nConsulta;" + comment + "y\n"), "comentarios.csv")
    assert (problem.code, problem.row, problem.column, problem.found) == ("cell_too_long", 2, "B", "32768")


def test_quoted_comment_of_150000_characters_over_several_lines_is_refused_naming_its_row():
    # 50 ordinary lines, then a quoted comment of 5 lines of 30,000 characters (150,004 in all, over csv's
    # field limit): refused as a cell too long, at row 51 where the comment starts, with its whole length
    # (before the eighth session's fix: no row, and the longest line's 30,008 characters).
    rows = [f"Agente {i:02d};Sin comentario" for i in range(1, 50)]
    comment = "\n".join(["y" * 30_000] * 5)
    text = "Agente;Comentario\n" + "\n".join(rows) + '\nQuejas;"' + comment + '"\n'
    problem = _refusal(_csv(text), "encuesta.csv")
    assert (problem.code, problem.row, problem.found, problem.expected) == ("cell_too_long", 51, "150004", "32767")


def test_year_columns_keep_spanish_thousands_as_text():
    # Calls per month, one column per year: the header "2024" is a number too, so the whole column looks
    # numeric; its cells stay the text written ("1.234" is one thousand two hundred thirty-four in Spanish).
    text = "Mes;2024;2025\nEnero;1.234;1.310\nFebrero;1.198;1.276\n"
    grid = read_text(_csv(text), "llamadas_por_año.csv")
    assert grid.cells.iloc[:, 1].tolist() == ["2024", "1.234", "1.198"]
    assert grid.cells.iloc[:, 2].tolist() == ["2025", "1.310", "1.276"]


def test_blank_cells_of_a_semicolon_csv_are_missing_values_and_xxxx_is_kept():
    # An empty cell is a missing value (NaN), never the text ""; an anonymised number written "XXXX" is text.
    text = "Agente;Teléfono;TMO (seg)\nPérez Juan;XXXX;245\nGómez Ana;;198\n"
    cells = read_text(_csv(text), "agentes.csv").cells
    assert cells.iloc[1].tolist() == ["Pérez Juan", "XXXX", "245"]
    assert cells.iloc[2, 1] is not None and pd.isna(cells.iloc[2, 1])
    assert cells.iloc[2, 1] != ""


def test_blank_cells_of_a_workbook_with_a_title_block_are_missing_values():
    # An XLSX dashboard: title on row 1, an empty row 2, header on row 3; "Meta" of the second indicator is
    # empty and a phone is anonymised "XXXX". Empty cells are missing values (never ""), "XXXX" is text.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indicadores"
    ws.append(["Tablero de indicadores - Clínica San Rafael"])
    ws.append([])
    ws.append(["Indicador", "Valor", "Meta", "Teléfono"])
    ws.append(["Oportunidad de cita (días)", 3.5, 3, "XXXX"])
    ws.append(["Satisfacción (%)", 91.2, None, "0991234567"])
    out = io.BytesIO()
    wb.save(out)
    sheet = workbook_sheets(out.getvalue(), "tablero.xlsx", "zip")[0]
    for cells in (sheet.head, sheet.grid("tablero.xlsx").cells):
        assert cells.shape == (5, 4)
        assert cells.iloc[3].tolist() == ["Oportunidad de cita (días)", 3.5, 3, "XXXX"]
        for row, col in ((0, 1), (1, 0), (1, 3), (4, 2)):
            assert not isinstance(cells.iloc[row, col], str) and pd.isna(cells.iloc[row, col])


def test_empty_line_under_the_title_keeps_every_row_number_of_the_spreadsheet():
    # Title on line 1, an empty line 2, header on line 3: the blank indicator name is on line 5 (the grid keeps
    # empty lines, so every row told is the one the file shows).
    text = ("Indicadores de marzo\n"
            "\n"
            "Indicador;Valor;Meta\n"
            "Oportunidad de cita (días);3,5;3\n"
            ";12;10\n"
            "Satisfacción (%);91,2;90\n")
    r = load(_csv(text), "indicadores.csv", INDICATORS)
    assert r.header_row == 3
    assert [(p.row, p.column) for p in r.problems if p.code == "blank_required"] == [(5, "Indicador (A)")]
    assert list(r.data["value"]) == [3.5, 91.2]


def test_quoted_comment_of_39999_characters_over_several_lines_is_refused():
    # The same comment on one line is refused (cell_too_long, row 2, column B, 39,999); written over 4 lines of
    # 9,999 characters (as a comment typed with Alt+Enter is exported, quoted) it is accepted.
    comment = "\n".join(["z" * 9_999] * 4)   # 39,999 characters
    problem = _refusal(_csv('Fase;Comentario\nConsulta;"' + comment + '"\n'), "comentarios.csv")
    assert (problem.code, problem.row, problem.column, problem.found) == ("cell_too_long", 2, "B", "39999")
