"""Kill tests for the survivors of intake.readers' new full mutation run (issue 20, docs/MUTATION.md), part e:
_check_size, read_text, decode, _utf16_without_bom, single_byte, kind_of_bytes and sniff_delimiter
(core/intake/readers.py): reading CSV and text uploads.

Files are built as users make them: a call log pasted transposed (one column per call, more than Excel's
16,384 columns), saved as Spanish CSV (";", cp1252); "Unicode text" written big-endian without a BOM by a turn
system (Java's DataOutputStream.writeChars), with a sun symbol typed in a shift name or a C string's NUL
terminator at the end; an image or a compressed export whose download stopped right after its signature,
renamed .csv. Every expected value is written out by hand in the test; messages are checked in Spanish.
"""
# full run
# intake.readers, share e of the new run (48 survivors: _check_size, read_text, decode, _utf16_without_bom,
# single_byte, kind_of_bytes, sniff_delimiter). Earlier triage: tests/test_intake_readers_full_run_b.py (b) and
# _c.py (c); mutant numbers differ between runs, matched here by the diff. Every kill below was checked on a
# copy of core/ with the mutant applied (the test fails there, passes here); every "checked" equivalence ran
# _b.py, _c.py and this file on the mutant (all pass) and compared read_text's grids or refusals and load()'s
# problems, data, header row and preview with the code's on 86 generated texts (cp1252, Mac Roman, UTF-8 with
# BOM, cut or mixed with cp850, UTF-16 with and without BOM; LF, CR LF and CR-only line ends; lines of 32,766 to
# 40,000 characters; quoted cells over several lines of 29,999 to 150,004 characters, one starting on a line of
# exactly 32,767; doubled quotes; texts of exactly 32,767 and 32,768 characters; ragged rows, open quotes, a
# header of 16,000 columns): all equal.
# - _check_size 2 (Reject(None): AttributeError, "unexpected"), 3 (severity None), 4 (code None), 5 (file None),
#   6 (found None), 7 (expected None), 8, 9 and 10 (severity, code or file dropped: TypeError, "unexpected"),
#   11 (found dropped), 12 (expected dropped), 13 ("XXerrorXX"), 14 ("ERROR"),
#   15 ("XXtoo_many_columnsXX"), 16 ("TOO_MANY_COLUMNS"), 17 (found "None") and 18 (expected "None"): killed by
#   test_a_call_log_pasted_transposed_with_16385_columns_is_refused_naming_both_counts. (The refusal of text
#   files over Excel's 16,384 columns came with the eighth session's fix and had no test.)
# - _check_size 41 (`len(text) > MAX_CELL_CHARS or ...`: every text over 32,767 characters is measured cell by
#   cell) and 49 (split at "XX\nXX", never found: the longest "line" is the whole text, the same effect);
#   read_text 75 (`len(cells) <= ...`), 76 (`+ text.endswith(...)`), 79 ("XX\nXX": LF-ended texts), 80
#   ("XX\rXX": CR-ended texts from Excel for Mac) and 82 (`spans_lines or len(text) > ...`): equivalent
#   (checked). Each only calls long_cell on more texts over 32,767 characters (the mutants of spans_lines make it
#   True for every such text). long_cell refuses only a cell over MAX_CELL_CHARS, and the code already measures
#   every text that can hold one: a cell is never longer than the text between two "\n" around it (a doubled
#   quote "" is one character; a CR-only file is one "line" for split("\n")), so a cell over the limit on one
#   line makes _check_size True; a quoted cell spanning lines makes pandas' rows fewer than the lines counted
#   (pandas breaks rows only at CR, LF, CR LF, as line_count counts them; skip_blank_lines=False keeps every
#   line a row), so spans_lines is True, and len(text) exceeds the cell's length. More calls cost time only
#   (long_cell maps every cell once), no message or value.
# - _check_size 42 (`len(text) >= MAX_CELL_CHARS and ...`): equivalent, code says nothing. A line is never longer
#   than the text, so `max(line lengths) > MAX_CELL_CHARS` already implies `len(text) > MAX_CELL_CHARS`; the
#   first conjunct (which the mutant loosens) decides nothing (checked).
# - _check_size 50 (`max(line lengths) >= MAX_CELL_CHARS`: a line of exactly 32,767 characters marks the text
#   for long_cell): equivalent (checked). Such a line holds no cell over 32,767 characters; a cell over the
#   limit that starts on it spans lines, which the code now measures through spans_lines. (b's "_check_size
#   32" said the mutant "is now killed" by test_quoted_comment_of_39999_characters_over_several_lines_is_refused;
#   that was not so: that file has no line of exactly 32,767 characters, and since bug 1's fix both the code and
#   the mutant refuse it. The mutant is equivalent now, not killed.)
# - read_text 83 (`spans_lines and len(text) >= MAX_CELL_CHARS`): equivalent (checked). A text of exactly 32,767
#   characters holds no cell over 32,767 characters, so long_cell then refuses nothing.
# - read_text 51 (engine=None) and 59 (engine left out): equivalent, code says nothing (as b's read_text 76 and
#   86, still so): with engine None pandas 3.1 picks the C parser whenever every option given is supported, as
#   here (checked: read_csv(..., iterator=True)._engine is CParserWrapper for ";", ",", "\t" and "|"), so
#   _parser_problem reads the same messages.
# - decode 18 ("UTF-16"), 42 ("UTF-8"), 57 ("UTF-8" with errors="ignore") and 94 ("CP1252" for the excerpt);
#   single_byte 4 ("CP1252"), 8 ("LATIN-1") and 12 ("MAC-ROMAN"); _utf16_without_bom 20 ("UTF-16-LE") and 33
#   ("UTF-16-BE"): equivalent, as c says: codec names are looked up case-insensitively (checked today:
#   codecs.lookup gives utf-16, utf-8, cp1252, iso8859-1, mac-roman, utf-16-le, utf-16-be), and
#   _utf16_without_bom's name is only tested for truth (kind_of_bytes) or handed to bytes.decode (decode).
# - decode 43 ("XXutf-8XX") and 44 ("UTF-8"), the encoding name returned: equivalent, as c says (still so):
#   read_text only stores it in Grid.info["encoding"], and the one reader of that key is pipeline._load,
#   which compares it with "mac-roman" (the encoding_mac_roman note); cdr_stream imports single_byte, not
#   decode. No message shows it.
# - decode 48 (`exc.start >= len(content) - 4`): equivalent, as c says: UTF-8's "unexpected end of data" is
#   only reported for a valid but incomplete sequence (at most 3 bytes) running to the end of the bytes, so
#   exc.start >= len(content) - 3 whenever the reason is that (checked today on 15,954 cut sequences after
#   "", "ab;c\n" and "ñ": none breaks it). Code says nothing: the first conjunct could be removed.
# - decode 54 (`content.decode(errors="ignore")`): equivalent, code says nothing (as c): bytes.decode's default
#   codec is "utf-8".
# - kind_of_bytes 22 ("XX\x89PNGXX") and 23 ("\x89png"): killed by
#   test_a_download_cut_short_after_its_signature_is_not_a_spreadsheet[png] (c called them equivalent because
#   every whole PNG has NUL bytes at bytes 8-11, its IHDR chunk's length; a PNG cut after its 8-byte signature
#   has none, and the mutants read it as a CSV whose header is "‰PNG").
# - kind_of_bytes 29 ("XX\x1f\x8bXX"): killed by
#   test_a_download_cut_short_after_its_signature_is_not_a_spreadsheet[gzip] (c: equivalent for whole gzip
#   files, whose FLG byte or name terminator is NUL; a .gz cut after 3 bytes has no NUL).
# - _utf16_without_bom 29 (big-endian: `odd.count(0) <= 0.05 * len(odd)`): killed by
#   test_big_endian_unicode_text_without_bom_with_one_nul_in_twenty_characters_is_refused (the big-endian twin
#   of c's test for the little-endian bound).
# - _utf16_without_bom 30 (big-endian: `odd.count(0) < 0.05 / len(odd)`, so no zero low byte at all): killed by
#   test_big_endian_unicode_text_without_bom_with_a_sun_in_a_shift_name_is_read ("☀", U+2600, has a zero low
#   byte: the mutant refuses the file as binary).
# - sniff_delimiter 4 (best score starts at -2.0): equivalent, as b says (still so): a delimiter reaches the
#   comparison only when some line has 2 fields or more, and its score (share of lines at the mode x 10 +
#   mode / 50) is then over 0, so -1.0 and -2.0 are both below every score and the first scored delimiter
#   replaces "," either way.
#
# Bug found (sniff_delimiter, this share; fixed in the ninth session as proposed below, its test no longer xfail):
# test_a_survey_comment_of_150000_characters_in_row_4_is_refused_naming_its_row. A quoted cell longer than csv's
# own field limit (131,072 characters) among the first 50 non-blank lines makes csv.reader raise for ";", and
# sniff_delimiter then skips ";" altogether (`except csv.Error: continue`); "," wins (the quote sits mid-field
# for it), the file is read at the commas and the user is told the columns are missing ("El archivo tiene:
# Satisfacción (%);91, 5;Sin comentario") instead of cell_too_long at row 4, 150,004 characters, which a file
# gets when such a comment comes after row 50 (b's test_quoted_comment_of_150000_characters_over_several_
# lines_is_refused_naming_its_row). Fix: in sniff_delimiter count the lines read before the error, e.g.
#     counts = []
#     try:
#         for r in csv.reader(lines, delimiter=delim):
#             counts.append(len(r))
#     except csv.Error:   # a field over csv's limit: the lines before it still count
#         pass
# (checked on a copy: the test then passes, and _b.py, _c.py, test_intake.py, test_hostile_intake.py (but for
# its check of .streamlit/config.toml, not copied),
# test_kill_intake.py, test_intake_userfiles.py, test_intake_pipeline_full_run.py and the cdr_stream tests,
# which share sniff_delimiter, still pass; b's tab-separated file with a line of 150,004 characters still reads
# at the tabs, since ";" then scores one line of one field and is skipped as before).
# (Seen on the way, not a refusal bug: big-endian UTF-16 without BOM whose last line is a lone NUL terminator, as
# a C program writes it, is read with that NUL as a last row: blank_required at row 4 for Valor, then
# rows_left_out "1 de 3 filas".)
import pytest

from core.i18n import Translator
from core.intake import load
from core.intake.problems import Problem
from core.schemas import INDICATORS

T = Translator("es")

NOT_SPREADSHEET = ("esto no es una hoja de cálculo que la aplicación pueda leer (XLSX, CSV o texto Unicode de "
                   "Excel). Puede ser una imagen o un documento con otro nombre; abra los datos en Excel y "
                   "guárdelos con Archivo > Guardar como > Libro de Excel (.xlsx) o CSV.")


def _problems(result):
    return [(p.code, p.row, p.message(T)) for p in result.problems]


def test_a_call_log_pasted_transposed_with_16385_columns_is_refused_naming_both_counts():
    # A call log pasted with "Transponer" (one column per call): the first line is "Llamada;1;2;...;16384" and the
    # second "TMO (seg);..." with each call's handling time, 16,385 columns, one more than Excel's 16,384 (A to
    # XFD). Saved as Spanish CSV (";", cp1252, CR LF). Refused before it is read, naming both counts.
    calls = ";".join(str(i) for i in range(1, 16385))
    tmo = ";".join(f"{120 + i % 300},5" for i in range(16384))
    content = ("Llamada;" + calls + "\r\n" + "TMO (seg);" + tmo + "\r\n").encode("cp1252")
    result = load(content, "llamadas_traspuestas.csv", INDICATORS)
    assert result.data is None
    assert result.problems == [Problem("error", "too_many_columns", "llamadas_traspuestas.csv", found="16385",
                                       expected="16384")]
    assert result.problems[0].message(T) == (
        "Archivo 'llamadas_traspuestas.csv': el archivo tiene 16.385 columnas, más de las que cabe en una hoja de "
        "cálculo (16.384). Revise que sea el archivo que quería cargar y guárdelo de nuevo desde Excel como CSV "
        "o .xlsx.")


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n", b"\x1f\x8b\x08"], ids=["png", "gzip"])
def test_a_download_cut_short_after_its_signature_is_not_a_spreadsheet(content):
    # A chart image (PNG) whose download stopped after its 8-byte signature, and a compressed export (.gz) cut
    # after 3 bytes, both renamed .csv: no NUL byte yet, so only the signature tells they are not text.
    result = load(content, "indicadores.csv", INDICATORS)
    assert _problems(result) == [("not_spreadsheet", None, f"Archivo 'indicadores.csv': {NOT_SPREADSHEET}")]


def test_big_endian_unicode_text_without_bom_with_one_nul_in_twenty_characters_is_refused():
    # A turn system writes UTF-16 big-endian without a BOM (Java's writeChars) and ends the file with a NUL
    # terminator: 20 characters, one of them NUL, so 5 % of the low bytes are zero; the zero-byte test wants
    # fewer than 5 %, and the file is refused for its NUL bytes.
    result = load("Indicador;Valor\r\n12\x00".encode("utf-16-be"), "turnos.csv", INDICATORS)
    assert _problems(result) == [("not_spreadsheet", None, f"Archivo 'turnos.csv': {NOT_SPREADSHEET}")]


def test_big_endian_unicode_text_without_bom_with_a_sun_in_a_shift_name_is_read():
    # The same system's indicator report: the shift "Mañana ☀" holds a sun (U+2600), whose low byte is zero:
    # 1 zero low byte in 86 characters, under 5 %, so the file is still big-endian UTF-16 and is read.
    text = ("Indicador;Valor;Segmento\r\nSatisfacción (%);91,5;Mañana ☀\r\n"
            "Atención oportuna;88;Tarde\r\n")
    assert len(text) == 86
    result = load(text.encode("utf-16-be"), "turnos.csv", INDICATORS)
    assert result.problems == []
    assert result.data.to_dict("records") == [
        {"indicator": "Satisfacción (%)", "value": 91.5, "segment": "Mañana ☀"},
        {"indicator": "Atención oportuna", "value": 88.0, "segment": "Tarde"}]


def test_a_survey_comment_of_150000_characters_in_row_4_is_refused_naming_its_row():
    # A survey system's Spanish CSV (";", cp1252): two indicators, then a complaint quoted over 5 lines of 30,000
    # characters (150,004 in all, over Excel's 32,767 and over csv's own field limit of 131,072), in row 4.
    # With 50 ordinary rows above it the file is refused as cell_too_long (b's test); so must it be here.
    comment = "\n".join(["y" * 30_000] * 5)
    text = ("Indicador;Valor;Comentario\nSatisfacción (%);91,5;Sin comentario\nAtención oportuna;88;Sin comentario\n"
            'Quejas resueltas (%);75;"' + comment + '"\n')
    result = load(text.encode("cp1252"), "encuesta.csv", INDICATORS)
    assert _problems(result) == [(
        "cell_too_long", 4, "Archivo 'encuesta.csv', fila 4: una celda tiene 150.004 caracteres, más que el límite "
        "de 32.767 (el mismo de Excel). Acorte ese texto y vuelva a cargar.")]
