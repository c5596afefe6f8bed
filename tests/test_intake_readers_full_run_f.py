"""Kill tests for the survivors of intake.readers' full mutation run (issue 20, docs/MUTATION.md), part f:
_field_over_limit, _is_opendocument_spreadsheet, uncomputed_formulas, _frame, Sheet.grid, open_workbook,
old_format, long_cell and _attributes (core/intake/readers.py).

Files are built as users make them: Spanish-locale CSV (";" separator, cp1252, decimal comma) holding a cell
over csv's own field limit of 131,072 characters (a report pasted into A1 with its line breaks, a call log
pasted into a comment, the same complaint pasted twice, an equipment list with inch marks, 'Monitor 24"'),
or a quote never closed; zips that are not workbooks (a Writer document .odt, an .ods whose mimetype entry
is damaged or padded); an XLSX whose workbook part is written with single-quoted attributes. Every expected
value is written out by hand in the test; messages are checked in Spanish (core.i18n.Translator("es")).
"""
# full run
# intake.readers, share f (39 survivors: _field_over_limit, _is_opendocument_spreadsheet, uncomputed_formulas,
# _frame, Sheet.grid, open_workbook, old_format, long_cell, _attributes): 26 killed (2 of them, 56 and 73, by
# the strict xfail test of bug 1, which passes on those mutants), 13 equivalent or not killed (62, 74 and 75
# differ only on the files of the bugs below, where the code's answer is wrong too). Each kill checked on a
# copy with the mutant applied: the test fails there and passes here.
# - _field_over_limit 8 (`line.count('"') / 2`: any line holding a quote) and 11 (`% 3`: a line of 2 quotes
#   counts, one of 3 does not): killed by test_an_unclosed_quote_below_quoted_indicator_names_is_reported_at_
#   the_row_it_opens (the row of "Oportunidad de cita; medicina general", quoted for its ";", is named instead).
# - _field_over_limit 16 (severity None), 18 (the file None), 24 ("XXerrorXX") and 25 ("ERROR") of
#   csv_open_quote: killed by the same test (the whole Problem and its Spanish message are compared).
# - _field_over_limit 76 (severity None), 78 (the file None), 88 ("XXerrorXX") and 89 ("ERROR") of the cell
#   spread over lines, and 61 (`head[opened - 2]`: for a cell opened in row 1, the search starts at the head's
#   last line, past the cell: "0 caracteres"): killed by
#   test_a_report_pasted_into_a1_with_its_line_breaks_is_refused_as_a_cell_of_150023_characters_in_row_1.
# - _field_over_limit 59 (`rfind`: the cell is looked for from the last copy of its first line): killed by
#   test_the_same_complaint_pasted_twice_is_measured_at_its_first_copy (40,075 characters, not the second
#   copy's 140,175).
# - _field_over_limit 57 (`if opened or True`: None - 1 when no line of the head holds an odd number of
#   quotes), 65 (next(..., None): None.replace) and 67 (next() without default: StopIteration): killed by
#   test_an_inventory_with_inch_marks_and_a_pasted_log_is_refused_as_a_cell_too_long (each ends the upload
#   as "unexpected"). That file is one of bug 2 below: the code refuses it for the right reason (cell_too_long)
#   but names no row and says "0 caracteres"; the test only asserts what is right.
# - _field_over_limit 56 (`if opened and False`: the search always from the text's start) and 73 (finditer
#   without its start: the same): killed by test_a_comment_whose_first_line_also_ends_an_earlier_comment_is_
#   measured_whole (bug 1, strict xfail: on these mutants it passes, which fails the run). On every file the
#   code reads right they give the same cell: the lines before the first line with an odd number of quotes
#   hold an even number each, so a quoted match from the text's start never runs past the end of one of those
#   lines (each shorter than MAX_CELL_CHARS, or `row` would have answered) and the matches from that line on
#   are the same. Starting at 0 is the fix of bug 1.
# - _field_over_limit 62 (`else 1`: the search starts at the second character when no line of the head holds
#   an odd number of quotes), 74 (`>= MAX_CELL_CHARS`) and 75 (default "XXXX": found "4"): not killed, and
#   equivalent on every file the code reads right. 62 and 75 change the answer only where `opened` is None or
#   no quoted match is over the limit, which needs quotes inside unquoted fields (bug 2) or a search started
#   inside a quoted cell (bug 1): there the code's own answer is already wrong ("0 caracteres", no row), and
#   the mutant's ("4 caracteres", or a length found from a shifted quote) is no righter. 74 differs only when a
#   quoted cell of exactly 32,767 raw characters comes first from `opened` on: `opened` is then the row of a
#   cell within the limit, not of the one over it, i.e. a file of bug 3 (the code names the wrong row).
#   The fix proposed below replaces the whole search, and these lines with it.
# - _is_opendocument_spreadsheet 1 (`info = None`), 2 (`parts.get(None)`), 3 ("XXmimetypeXX") and 4
#   ("MIMETYPE"): killed by test_a_writer_document_odt_is_not_called_a_spreadsheet (the mimetype is never read
#   and the content.xml every OpenDocument file holds makes it an .ods).
# - _is_opendocument_spreadsheet 9 (`>= 200`), 10 (`> 201`) and 11 (a mimetype over 200 bytes answered True):
#   killed by test_an_ods_mimetype_entry_is_read_up_to_200_bytes (padded to 200 bytes: still an .ods; to
#   201: not read, not a spreadsheet).
# - _is_opendocument_spreadsheet 18 (an unreadable mimetype answered True): killed by
#   test_an_ods_whose_mimetype_entry_is_damaged_is_not_called_a_spreadsheet (CRC error: BadZipFile).
# - _attributes 4 (every value taken from the double-quoted group: None for a value in single quotes): killed
#   by test_formulas_without_value_are_reported_in_a_workbook_written_with_single_quoted_attributes (no part is
#   found for the sheet, and its formulas without value go unreported).
# - uncomputed_formulas 11 (strict decode), 15 ("XXreplaceXX") and 16 ("REPLACE"): equivalent (as in share d,
#   checked again on today's code). It is only called for the sheet calamine has just read (pipeline: a grid
#   with info["formulas"]), and calamine refuses a sheet holding a byte that is not UTF-8 before that
#   (corrupt_xlsx "cannot decode input using UTF-8: invalid utf-8 sequence ...", checked with a cp1252 byte in
#   a cell and in an XML comment): the bytes decoded are valid UTF-8, where the error handler is never looked
#   up. "replace" says nothing: could be removed.
# - uncomputed_formulas 14 ("UTF-8") and old_format 7 ("UTF-16-LE"): equivalent, codec names are looked up
#   case-insensitively (the same codec object).
# - open_workbook 17 (`[:201]`): equivalent (share a's reason, checked again): CalamineWorkbook.from_filelike
#   tries every format and, when none opens, raises the one message "Cannot detect file format" (25
#   characters; checked on a cut styles part, a garbage workbook.xml, a cut workbook.xml.rels): [:200] and
#   [:201] give the same text, and [:200] never cuts anything.
# - Sheet.grid 5 (`self.source = ""`): equivalent (share a's reason, still true): source is read only on
#   grid's first line (nothing else in core/ reads Sheet.source); "" and None both drop the reference to
#   calamine's sheet.
# - long_cell 8 (a cell that is not text measures 1, not 0): equivalent (share b's reason, still true): 1 is
#   never > MAX_CELL_CHARS, and the row, letter and length reported come from `over`, text cells only.
# - _frame 3 (dtype=None) and 5 (dtype left out): equivalent (share b's reason, still true: _frame is
#   unchanged, and so are its readers). calamine gives "" for every empty cell, so only a column whose every
#   cell from row 1 is a number (years as headers, no title block) is inferred, as float64 of the same floats;
#   every reader of a grid goes through astype(object) / factorize or header_text.
#
# Bugs found (in _field_over_limit, new code; fixed in the ninth session by the rewrite proposed below, the
# tests no longer xfail; mutants 56, 62, 73, 74 and 75 sat on the lines it replaced):
# 1. test_a_comment_whose_first_line_also_ends_an_earlier_comment_is_measured_whole: the search for the long
#    cell starts at text.find(<the cell's first line>), the first place that text occurs, which can be inside
#    an earlier quoted cell; the quotes are then paired one off and the cell is never matched. A survey whose
#    comment in row 57 is "Derivado a Consulta;" and whose row 58 holds 'Consulta;"' and a 150,005-character
#    comment starting on the next line is refused with "una celda tiene 0 caracteres, más que el límite de
#    32.767" (right: 150.005, row 58).
# 2. test_quotes_inside_unquoted_fields_do_not_hide_a_cell_too_long: the quotes are counted as characters,
#    but a quote inside an unquoted field (an inch mark, 'Monitor 24"') opens nothing for csv. An inventory with
#    one inch mark below a quoted note of 300,299 characters (row 62) is told "unas comillas abiertas aquí nunca
#    se cierran" at row 62, whose quotes close; with an inch mark on row 62 itself and one below, "una celda
#    tiene 0 caracteres", with no row. Right for both: cell_too_long, row 62, 300.299 characters.
# 3. test_a_cell_too_long_is_named_at_its_own_row_after_a_comment_of_two_lines: the row told is the first line
#    holding an odd number of quotes, i.e. the first cell spread over lines, which need not be the long one. A
#    survey with a two-line comment in row 5 ("Me atendieron rápido." / "Volvería.") and a 150,004-character
#    comment in row 57 is told the cell is in row 5 (right: 57, the row Excel shows and the row long_cell names
#    when the same comment is 40,003 characters).
#    Proposed fix for all three (checked on a copy: the three xfail tests pass, and so do the quote and long-cell
#    tests of parts b and c and this file's other tests): find the fields as csv does, from the text's start,
#    a quote opening a field only at a line's start or right after the delimiter, and count the line breaks
#    inside the quoted cells passed to give the spreadsheet's row. read_text passes `delim`:
#        def _field_over_limit(text: str, delim: str, filename: str) -> Problem:
#            edge = rf"(?<![^\r\n{re.escape(delim)}])"   # where a field starts
#            fields = re.compile(rf'{edge}"((?:[^"]|"")*)("?)|{edge}[^\r\n{re.escape(delim)}]{{{MAX_CELL_CHARS + 1},}}')
#            inside = 0   # line breaks inside the quoted cells before
#            for m in fields.finditer(text):
#                quoted = m.group(1) is not None
#                cell = m.group(1) if quoted else m.group(0)
#                if not quoted or not m.group(2) or len(cell) > MAX_CELL_CHARS:
#                    row = line_count(text[: m.start()]) - inside
#                    if quoted and not m.group(2):
#                        return Problem("error", "csv_open_quote", filename, row=row)
#                    length = len(cell.replace('""', '"')) if quoted else len(cell)
#                    if length > MAX_CELL_CHARS:
#                        return Problem("error", "cell_too_long", filename, row=row,
#                                       expected=str(MAX_CELL_CHARS), found=str(length))
#                if quoted:
#                    inside += line_count(cell) - 1
#            return Problem("error", "csv_unreadable", filename)
#    (QUOTED and the `head` argument are then unused.)
import io
import re
import zipfile

import pytest

from core.i18n import Translator
from core.intake import load
from core.intake.problems import Problem
from core.schemas import INDICATORS, SCHEMAS
from tests.userfiles import rewrite_xlsx, survey_with_formulas

T = Translator("es")
RESPONSES = SCHEMAS["journey_responses"]


def _csv(text: str) -> bytes:
    return text.encode("cp1252")


def _messages(result):
    return [p.message(T) for p in result.problems]


# ------------------------------------------------------------------ a field over csv's own limit


def test_an_unclosed_quote_below_quoted_indicator_names_is_reported_at_the_row_it_opens():
    # Spanish Excel quotes a name holding ";" (row 2). Row 6 opens a quote never closed: the 800 rows under it
    # (over 131,072 characters) would be one cell. The quote is named where it opens: row 6.
    note = "Atención al usuario en la sede norte, medición mensual del año " * 3
    text = ("Indicador;Valor;Nota\n"
            '"Oportunidad de cita; medicina general";3,5;ok\n'
            "Satisfacción (%);91,2;ok\n"
            "Quejas resueltas (%);88,0;ok\n"
            "Llamadas atendidas (%);95,1;ok\n"
            'Tiempo de espera (min);12,4;"Medición de marzo\n'
            + "".join(f"Satisfacción {i};{i},5;{note}\n" for i in range(800)))
    result = load(_csv(text), "indicadores.csv", INDICATORS)
    assert result.problems == [Problem("error", "csv_open_quote", "indicadores.csv", row=6)]
    assert _messages(result) == [
        "Archivo 'indicadores.csv', fila 6: unas comillas abiertas aquí nunca se cierran, así que el resto del "
        "archivo sería una sola celda. Cierre las comillas (o quítelas) y vuelva a cargar, o guarde el archivo "
        "como .xlsx."]


def test_a_report_pasted_into_a1_with_its_line_breaks_is_refused_as_a_cell_of_150023_characters_in_row_1():
    # A1 holds "Notas del informe:" and five pasted paragraphs of 30,000 characters, one per line: 18 + 1 +
    # 5 x 30,000 + 4 line breaks = 150,023 characters, in row 1.
    notes = "Notas del informe:\n" + "\n".join(["y" * 30_000] * 5)
    text = '"' + notes + '"\nIndicador;Valor\nSatisfacción (%);91,5\n'
    result = load(_csv(text), "indicadores.csv", INDICATORS)
    assert result.problems == [Problem("error", "cell_too_long", "indicadores.csv", row=1, found="150023",
                                       expected="32767")]
    assert _messages(result) == [
        "Archivo 'indicadores.csv', fila 1: una celda tiene 150.023 caracteres, más que el límite de 32.767 (el "
        "mismo de Excel). Acorte ese texto y vuelva a cargar."]


def test_the_same_complaint_pasted_twice_is_measured_at_its_first_copy():
    # Row 2's complaint and row 44's start with the same line; the first is 35 + 1 + 40 x 1,000 + 39 line
    # breaks = 40,075 characters (over Excel's limit), the second 140,175 (over csv's). The first cell over the
    # limit is told: row 2, 40,075.
    first = 'Quejas;"Llamé varias veces y nadie contestó'
    copy1 = first + "\n" + "\n".join(["a" * 1000] * 40) + '"'
    copy2 = first + "\n" + "\n".join(["b" * 1000] * 140) + '"'
    text = "Tipo;Comentario\n" + copy1 + "\nConsulta;ok\n" + copy2 + "\n"
    result = load(_csv(text), "quejas.csv", RESPONSES)
    assert result.problems == [Problem("error", "cell_too_long", "quejas.csv", row=2, found="40075",
                                       expected="32767")]


def _inventory(note_row_mark: bool) -> str:
    rows = "\n".join(f"Equipo {i};ok" for i in range(60))
    log = "\n".join(["y" * 1000] * 300)   # 300,299 characters: past the 262,144 read to sniff the file
    first = 'Monitor 24";"' if note_row_mark else 'Teclado;"'
    return "Equipo;Nota\n" + rows + "\n" + first + log + '"\nMonitor 27";ok\n'


def test_an_inventory_with_inch_marks_and_a_pasted_log_is_refused_as_a_cell_too_long():
    # Row 62 holds an inch mark ('Monitor 24"', a character for csv) and a note of 300,299 characters; row 63
    # another inch mark. The file is refused as holding a cell too long (never an unexpected error).
    result = load(_csv(_inventory(True)), "inventario.csv", INDICATORS)
    assert [(p.severity, p.code, p.file, p.expected) for p in result.problems] == [
        ("error", "cell_too_long", "inventario.csv", "32767")]


def test_a_comment_whose_first_line_also_ends_an_earlier_comment_is_measured_whole():
    # Row 57's comment ends "Consulta;"; row 58 is 'Consulta;"' and a comment of 150,005 characters (a line
    # break, then 5 x 30,000 with 4 line breaks). Right: row 58, 150,005 characters.
    rows = "\n".join(f"Fase {i:02d};Sin comentario" for i in range(1, 56))
    comment = "\n" + "\n".join(["y" * 30_000] * 5)
    text = ("Fase;Comentario\n" + rows + '\nAdmisión;"Derivado a Consulta;"\nConsulta;"' + comment
            + '"\nAlta;ok\n')
    result = load(_csv(text), "encuesta.csv", RESPONSES)
    assert result.problems == [Problem("error", "cell_too_long", "encuesta.csv", row=58, found="150005",
                                       expected="32767")]


@pytest.mark.parametrize("note_row_mark", [True, False])
def test_quotes_inside_unquoted_fields_do_not_hide_a_cell_too_long(note_row_mark):
    # Right: the note of 300,299 characters in row 62 (not an unclosed quote, not "0 caracteres").
    result = load(_csv(_inventory(note_row_mark)), "inventario.csv", INDICATORS)
    assert result.problems == [Problem("error", "cell_too_long", "inventario.csv", row=62, found="300299",
                                       expected="32767")]


def test_a_cell_too_long_is_named_at_its_own_row_after_a_comment_of_two_lines():
    # Row 5's comment has two lines; the comment of 150,004 characters is in row 57 (line 58 of the file: the
    # row Excel shows, and the one named when the same comment has 40,003 characters).
    rows = [f"Fase {i:02d};Sin comentario" for i in range(1, 56)]
    rows[3] = 'Admisión;"Me atendieron rápido.\nVolvería."'
    short = "\n".join(["y" * 10_000] * 4)
    text = "Fase;Comentario\n" + "\n".join(rows) + '\nConsulta;"' + short + '"\nAlta;ok\n'
    assert [(p.code, p.row) for p in load(_csv(text), "encuesta.csv", RESPONSES).problems] == [
        ("cell_too_long", 57)]
    text = text.replace(short, "\n".join(["y" * 30_000] * 5))
    result = load(_csv(text), "encuesta.csv", RESPONSES)
    assert [(p.code, p.row, p.found) for p in result.problems] == [("cell_too_long", 57, "150004")]


# ------------------------------------------------------------------ OpenDocument files


_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
             b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
             b'<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
             b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             b"</manifest:manifest>")
_CONTENT = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>%s</office:body>'
            b"</office:document-content>")
ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def _opendocument(mimetype: bytes, body: bytes) -> bytes:
    """As LibreOffice writes it: "mimetype" first and stored, then content.xml and the manifest deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        z.writestr("content.xml", _CONTENT % body, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", _MANIFEST % mimetype.strip(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_SHEET = b"<office:spreadsheet><table:table table:name='Indicadores'/></office:spreadsheet>"
NOT_SPREADSHEET = ("esto no es una hoja de cálculo que la aplicación pueda leer (XLSX, CSV o texto Unicode de "
                   "Excel). Puede ser una imagen o un documento con otro nombre; abra los datos en Excel y "
                   "guárdelos con Archivo > Guardar como > Libro de Excel (.xlsx) o CSV.")
ODS_FORMAT = ("esta es una hoja de cálculo OpenDocument (.ods), que la aplicación no lee. En LibreOffice use "
              "Archivo > Guardar como > Excel 2007-365 (.xlsx), o Texto CSV; luego cargue el archivo nuevo.")


def test_a_writer_document_odt_is_not_called_a_spreadsheet():
    # The indicators' report written in LibreOffice Writer (.odt) uploaded instead of the table: it holds a
    # content.xml as every OpenDocument file does, but its mimetype says text: not a spreadsheet.
    content = _opendocument(b"application/vnd.oasis.opendocument.text",
                            b"<office:text><text:p>Informe de indicadores</text:p></office:text>")
    result = load(content, "informe_indicadores.odt", INDICATORS)
    assert result.problems == [Problem("error", "not_spreadsheet", "informe_indicadores.odt", found="zip")]
    assert _messages(result) == ["Archivo 'informe_indicadores.odt': " + NOT_SPREADSHEET]


@pytest.mark.parametrize("size, code, message", [(200, "ods_format", ODS_FORMAT),
                                                 (201, "not_spreadsheet", NOT_SPREADSHEET)])
def test_an_ods_mimetype_entry_is_read_up_to_200_bytes(size, code, message):
    # The mimetype entry is "application/vnd.oasis.opendocument.spreadsheet" (46 bytes); one padded with
    # spaces to 200 bytes is still read (an .ods); one of 201 bytes is not read at all (not a spreadsheet).
    content = _opendocument(ODS.ljust(size), _SHEET)
    result = load(content, "indicadores.ods", INDICATORS)
    assert [(p.code, p.message(T)) for p in result.problems] == [(code, "Archivo 'indicadores.ods': " + message)]


def test_an_ods_whose_mimetype_entry_is_damaged_is_not_called_a_spreadsheet():
    # A download damaged inside the stored mimetype entry ("spreadsheet" became "spreadshe#t"): its CRC no
    # longer matches, the entry cannot be read, so nothing says it is an .ods: not a spreadsheet.
    content = _opendocument(ODS, _SHEET)
    assert content.count(b"opendocument.spreadsheet") == 1   # the stored entry (the others are deflated)
    content = content.replace(b"opendocument.spreadsheet", b"opendocument.spreadshe#t", 1)
    result = load(content, "indicadores.ods", INDICATORS)
    assert result.problems == [Problem("error", "not_spreadsheet", "indicadores.ods", found="zip")]


# ------------------------------------------------------------------ an XLSX with single-quoted attributes


def test_formulas_without_value_are_reported_in_a_workbook_written_with_single_quoted_attributes():
    # A survey with a title block and a "Promedio" column of formulas saved without values (openpyxl), its
    # workbook part and relationships rewritten with attributes in single quotes (valid XML, as some exporters
    # write it): the sheet's part is still found and D4, D5, D6 are reported.
    def single_quoted(tag: str):
        return lambda xml: re.sub(rb"<" + tag.encode() + rb"\b[^>]*>", lambda m: m.group().replace(b'"', b"'"),
                                  xml)

    content = rewrite_xlsx(survey_with_formulas(), {"xl/workbook.xml": single_quoted("sheet"),
                                            "xl/_rels/workbook.xml.rels": single_quoted("Relationship")})
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert b"name='Respuestas'" in z.read("xl/workbook.xml")
        assert b"Target='" in z.read("xl/_rels/workbook.xml.rels")
    result = load(content, "encuesta.xlsx", RESPONSES)
    assert result.ok
    assert result.data["phase"].tolist() == ["Solicitud", "Uso", "Pago"]
    formulas = [p for p in result.problems if p.code == "formula_no_value"]
    assert [(p.severity, p.sheet, p.found, p.count) for p in formulas] == [("warning", "Respuestas", "D4, D5, D6", 3)]
    assert formulas[0].message(T) == (
        "Archivo 'encuesta.xlsx', hoja 'Respuestas': 3 celdas tienen una fórmula sin valor guardado (D4, D5, D6); "
        "se leyeron como vacías. Abra el archivo en Excel y guárdelo (para que se calculen los valores), o pegue "
        "como valores.")
