"""Kill tests for the survivors of intake.readers' full mutation run (issue 20, docs/MUTATION.md), part j:
_field_over_limit, _xml_text and sniff_delimiter as rewritten this session (core/intake/readers.py), from the
re-run on today's code (1,032 mutants, 80 survivors).

Files are built as users make them: Spanish-locale CSV (";" separator, cp1252) holding a field over csv's own
limit of 131,072 characters (a call log pasted into a comment with inch marks 'Monitor 24""', a note typed
unquoted with doubled quotes, comments of two lines above an unclosed quote, a comment of exactly Excel's
32,767 characters, a comment that goes on after a quoted word); an XLSX survey (tests.userfiles.
survey_with_formulas: formulas saved without value in D4:D6) whose sheet name a generator wrote with
references ("Atenci&#xF3;n &amp; Quejas", "&#x10FFFF;", "&#x110000;"). Every expected value is written out by
hand; messages are checked in Spanish (core.i18n.Translator("es")).
"""
# full run
# intake.readers, share j (32 survivors: _field_over_limit 18, _xml_text 13, sniff_delimiter 1): 28 killed,
# 4 equivalent. Each kill checked on a copy with the mutant applied: the test fails there and passes here.
# - _field_over_limit 38 (an unclosed quote's row counted `+ inside`) and 64 (`inside =`: only the last
#   comment's line breaks taken off): killed by test_an_unclosed_quote_after_two_comments_of_two_lines_is_
#   reported_at_row_6 (row 10 and row 7).
# - _field_over_limit 41 (a quoted cell's "" counted as two characters): killed by
#   test_inch_marks_in_a_pasted_log_count_as_one_character_each (168,716 instead of 161,716).
# - _field_over_limit 42 (an unquoted cell's "" counted as one character): killed by
#   test_doubled_quotes_in_an_unquoted_note_are_two_characters_each (135,000 instead of 145,000).
# - _field_over_limit 43 (`length >= MAX_CELL_CHARS`): killed by
#   test_a_comment_of_exactly_32767_characters_is_allowed_and_the_long_one_below_is_named (row 2, 32,767).
# - _field_over_limit 7 (an unquoted field found from 32,769 characters): killed by
#   test_an_unquoted_note_of_32768_characters_is_named_before_a_longer_comment_below (row 5's 150,004 named).
# - _field_over_limit 69 (severity None), 70 (code None), 71 and 74 (file None), 72 (`Problem("csv_unreadable",
#   filename)`), 73 (`Problem("error", filename)`: TypeError), 75 ("XXerrorXX"), 76 ("ERROR"), 77
#   ("XXcsv_unreadableXX") and 78 ("CSV_UNREADABLE"), the Problem when no field is found: killed by
#   test_a_comment_going_on_after_a_quoted_word_is_refused_as_an_error_naming_the_file. The line is reached by
#   a file a user can make ('Uso;"Urgente" el cliente llamó otra vez ...': csv and pandas go on reading the
#   field after its closing quote, the regex does not), which is bug 1 below; the test holds both today and
#   once it is fixed (an error naming the file, with the csv_unreadable or the cell_too_long message).
# - _field_over_limit 13 (`quoted = m.group(2) is not None`): equivalent. Group 2 (`"?`) and group 1 are both in
#   the first alternative and take part (maybe empty) whenever it matches, and are both None when the second
#   matches: the two tests give the same boolean for every match.
# - _field_over_limit 6 (an unquoted field found from 32,766 characters): equivalent. The extra matches (an
#   unquoted field of 32,766 or 32,767 characters) are not over the limit and not quoted, so they return
#   nothing and leave `inside` as it is; and no match of the real code starts inside them (a field starts only
#   after \r, \n or the separator, and the run holds none), so the matches after them are the same.
# - _xml_text 6 (`if m.group(1) and False`: int("F3") -> ValueError), 8 (int(None, 16)), 9 (int(..., None)),
#   10 (int(16): every hex reference read as U+0010), 11 (base 10: ValueError on "F3"), 12 (m.group(None):
#   IndexError), 13 (int(m.group(2), 16): None) and 14 (base 17: "&#xF3;" read as U+0102): killed by
#   test_formulas_are_reported_in_a_sheet_named_with_hex_and_entity_references (and by the test of U+10FFFF).
# - _xml_text 23 (`code < 0x10FFFF`: "&#x10FFFF;" left as written, the sheet's part not found, its formulas
#   never looked for): killed by test_formulas_are_reported_in_a_sheet_named_with_the_last_code_point.
# - _xml_text 21 (`or True`: chr(0x110000) -> ValueError), 24 (`code <= 1114112`: the same for U+110000) and 25
#   (m.group(None): IndexError): killed by test_a_sheet_named_with_a_reference_past_the_last_code_point_is_
#   refused_as_damaged (an unexpected error instead of corrupt_xlsx).
# - _xml_text 26 (a reference past U+10FFFF replaced by m.group(1): its hex digits, or "" for a decimal one, as
#   re.sub takes a None replacement for ""): equivalent (checked: the test above passes on the mutant). The
#   branch is reached only for such a reference, and calamine refuses any workbook whose sheet name holds one
#   (corrupt_xlsx, "Cannot detect file format", hex and decimal alike), so the name read is never used; a
#   <sheet> tag calamine does not read (one inside an XML comment) gives a key that names no sheet either way.
# - sniff_delimiter 4 (best score starts at -2.0): equivalent, as e and b say (still so after the rewrite that
#   counts the lines before a field over csv's limit): a delimiter is scored only when some line has 2 fields
#   or more, and its score (share of lines at the mode x 10 + mode / 50) is then over 0, so -1.0 and -2.0 are
#   both below every score.
#
# Bug 1 (_field_over_limit, found in this share): test_a_comment_going_on_after_a_quoted_word_is_refused_as_a_
# cell_of_156008_characters_in_row_3 (fixed in the ninth session as proposed below; no longer xfail). 'Fase;Comentario\nSolicitud;ok\nUso;"Urgente" ' followed
# by "el cliente llamó otra vez " x 6,000: csv (non-strict) and pandas read the text after the closing quote
# as the rest of the same field (pandas: one cell "Urgente el cliente..." of 156,008 characters), csv.reader
# raises for the field limit, but the regex of _field_over_limit stops the quoted field at its closing quote
# (7 characters) and, the rest not starting a field, finds nothing: the user is told csv_unreadable ("no se
# pudo leer el CSV. Revise que todas las filas tengan el mismo número de separadores y que las comillas estén
# cerradas") for a file whose separators and quotes are right. Right: cell_too_long, row 3, found 156008.
# Fix (checked on a copy: this file's xfail passes, parts b, e and f still pass): let the quoted alternative
# take the rest of the field as csv does, and count it,
#     fields = re.compile(rf'{edge}"((?:[^"]|"")*)("?)([^\r\n{re.escape(delim)}]*)|{edge}[^\r\n...]{{...}}')
#     length = len(cell.replace('""', '"')) + len(m.group(3)) if quoted else len(cell)
#
# Simplifications with no change in behaviour shown by the equivalents above (none made: core/ not edited):
# - _field_over_limit 6: the unquoted alternative's lower bound only has to be at most MAX_CELL_CHARS + 1
#   (the length test filters); `[^\r\n<sep>]+` would do, at the cost of a match for every unquoted field.
# - _field_over_limit 13: `quoted` could as well be read from group 2; no shorter form.
# - sniff_delimiter 4: any negative start works (every score compared is over 0); `best_score = 0.0` says it.
# - _xml_text 26: the value returned for a reference past U+10FFFF is never used (calamine refuses the
#   workbook), but the branch must stay: chr() would raise there (mutants 21 and 24).

import pytest

from core.i18n import Translator
from core.intake import load
from core.intake.problems import Problem
from core.schemas import SCHEMAS
from tests.userfiles import rewrite_xlsx, survey_with_formulas

T = Translator("es")
RESPONSES = SCHEMAS["journey_responses"]
BOOK = "xl/workbook.xml"


def _csv(text: str) -> bytes:
    return text.encode("cp1252")


def _problems(text: str, name: str = "encuesta.csv"):
    return load(_csv(text), name, RESPONSES).problems


# ------------------------------------------------------------------ a field over csv's own limit


def test_an_unclosed_quote_after_two_comments_of_two_lines_is_reported_at_row_6():
    # Rows 2 and 4 hold comments of two lines each (lines 2-3 and 5-6 of the file); row 6 (line 8) opens a
    # quote never closed, and the 800 rows under it (over 190,000 characters) would be one cell. Excel's row: 6.
    note = "Atención en la sede norte, medición mensual con comentarios de los usuarios " * 3
    text = ("Fase;Comentario\n"
            'Solicitud;"Me atendieron rápido.\nVolvería."\n'
            "Uso;ok\n"
            'Pago;"Tardaron en cobrar.\nNo volvería."\n'
            "Alta;ok\n"
            'Encuesta;"Comentarios de la semana\n'
            + "".join(f"Fase {i};{note}\n" for i in range(800)))
    assert _problems(text) == [Problem("error", "csv_open_quote", "encuesta.csv", row=6)]


def test_inch_marks_in_a_pasted_log_count_as_one_character_each():
    # Row 3's comment: "Registro pegado:" and 700 lines of 10 x 'Monitor 24"" sin señal. ' (each read as
    # 'Monitor 24" sin señal. ', 23 characters): 17 + 700 x 230 + 699 line breaks = 161,716 characters.
    log = "\n".join(['Monitor 24"" sin señal. ' * 10] * 700)
    text = 'Fase;Comentario\nSolicitud;ok\nUso;"Registro pegado:\n' + log + '"\nPago;ok\n'
    assert _problems(text) == [Problem("error", "cell_too_long", "encuesta.csv", row=3, found="161716",
                                       expected="32767")]


def test_doubled_quotes_in_an_unquoted_note_are_two_characters_each():
    # Row 3's note is not quoted: its quotes are read as written ('""no funciona""' stays 15 characters).
    # 5,000 x 'Cliente dijo ""no funciona"" ' (29 characters) = 145,000 characters.
    text = 'Fase;Comentario\nSolicitud;ok\nUso;' + 'Cliente dijo ""no funciona"" ' * 5000 + "\nPago;ok\n"
    assert _problems(text) == [Problem("error", "cell_too_long", "encuesta.csv", row=3, found="145000",
                                       expected="32767")]


def test_a_comment_of_exactly_32767_characters_is_allowed_and_the_long_one_below_is_named():
    # Row 2's comment has 32,767 characters (Excel's own limit: allowed); row 4's has 5 x 30,000 + 4 line
    # breaks = 150,004 characters.
    text = ('Fase;Comentario\nSolicitud;"' + "y" * 32_767 + '"\nUso;ok\nPago;"'
            + "\n".join(["z" * 30_000] * 5) + '"\nAlta;ok\n')
    assert _problems(text) == [Problem("error", "cell_too_long", "encuesta.csv", row=4, found="150004",
                                       expected="32767")]


def test_an_unquoted_note_of_32768_characters_is_named_before_a_longer_comment_below():
    # Row 3's note, on one line and not quoted, has 32,768 characters (one over the limit); row 5's comment
    # 150,004. The first is named: row 3, 32,768.
    text = ("Fase;Comentario\nSolicitud;ok\nUso;" + "x" * 32_768 + '\nPago;ok\nAlta;"'
            + "\n".join(["z" * 30_000] * 5) + '"\n')
    assert _problems(text) == [Problem("error", "cell_too_long", "encuesta.csv", row=3, found="32768",
                                       expected="32767")]


def _urgent() -> str:
    # Row 3's comment starts with a quoted word and goes on after the closing quote: csv and pandas read
    # 'Urgente' + ' el cliente llamó otra vez' x 6,000 as one cell of 7 + 1 + 26 x 6,000 = 156,008 characters.
    return 'Fase;Comentario\nSolicitud;ok\nUso;"Urgente" ' + "el cliente llamó otra vez " * 6000 + "\nPago;ok\n"


def test_a_comment_going_on_after_a_quoted_word_is_refused_as_an_error_naming_the_file():
    # Holds today and once the bug below is fixed: an error naming the file, with one of the two messages
    # (today "no se pudo leer el CSV", once fixed "una celda tiene 156.008 caracteres").
    problems = _problems(_urgent(), "quejas.csv")
    assert [(p.severity, p.file, p.sheet) for p in problems] == [("error", "quejas.csv", None)]
    assert problems[0].code in ("csv_unreadable", "cell_too_long")
    assert problems[0].message(T).startswith("Archivo 'quejas.csv'")
    assert problems[0].message(T) in (
        "Archivo 'quejas.csv': no se pudo leer el CSV. Revise que todas las filas tengan el mismo número de "
        "separadores y que las comillas estén cerradas, o guarde el archivo como .xlsx.",
        "Archivo 'quejas.csv', fila 3: una celda tiene 156.008 caracteres, más que el límite de 32.767 (el "
        "mismo de Excel). Acorte ese texto y vuelva a cargar.")


def test_a_comment_going_on_after_a_quoted_word_is_refused_as_a_cell_of_156008_characters_in_row_3():
    assert _problems(_urgent(), "quejas.csv") == [
        Problem("error", "cell_too_long", "quejas.csv", row=3, found="156008", expected="32767")]


# ------------------------------------------------------------------ sheet names with references


def _named(name: bytes) -> bytes:
    return rewrite_xlsx(survey_with_formulas(), {BOOK: lambda x: x.replace(b'name="Respuestas"', b'name="' + name
                                                                           + b'"')})


def test_formulas_are_reported_in_a_sheet_named_with_hex_and_entity_references():
    # A generator wrote "Atención & Quejas" as "Atenci&#xF3;n &amp; Quejas": calamine reads "Atención & Quejas"
    # and the formulas D4:D6 saved without value are found in that sheet's part.
    result = load(_named(b"Atenci&#xF3;n &amp; Quejas"), "encuesta.xlsx", RESPONSES)
    assert result.ok
    assert [(p.code, p.sheet, p.found) for p in result.problems] == [
        ("formula_no_value", "Atención & Quejas", "D4, D5, D6"),
        ("columns_not_used", "Atención & Quejas", "Promedio")]


def test_formulas_are_reported_in_a_sheet_named_with_the_last_code_point():
    # "&#x10FFFF;" is U+10FFFF, the last code point XML allows: calamine reads it, and so must the part's lookup.
    result = load(_named(b"Respuestas &#x10FFFF;"), "encuesta.xlsx", RESPONSES)
    assert [(p.code, p.sheet, p.found) for p in result.problems] == [
        ("formula_no_value", "Respuestas \U0010ffff", "D4, D5, D6"),
        ("columns_not_used", "Respuestas \U0010ffff", "Promedio")]


@pytest.mark.parametrize("reference", [b"&#x110000;", b"&#1114112;"])
def test_a_sheet_named_with_a_reference_past_the_last_code_point_is_refused_as_damaged(reference):
    # U+110000 is no character: calamine cannot open the workbook; the upload is refused as damaged.
    result = load(_named(b"Respuestas " + reference), "encuesta.xlsx", RESPONSES)
    assert result.problems == [Problem("error", "corrupt_xlsx", "encuesta.xlsx",
                                       found="Cannot detect file format")]
