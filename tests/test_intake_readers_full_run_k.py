"""Mutation testing of core/intake/readers.py, full run of issue 20 (re-run on today's code), share k.

The run: 1,032 mutants, 80 survivors (8 suspicious), 7.8 %; copy in test-output/mutation/intake.readers/.
Earlier triage of the same functions: tests/test_intake_readers_full_run_a.py ... _g.py; mutant numbers differ
between runs, matched here by the diff. The 8 suspicious mutants crashed the test process: with the size check
switched off, some earlier test's bomb grid was laid out before a killing test ran. The two tests below check the
measure (Sheet.cells from workbook_sheets) on small sheets, so they fail on each of those mutants at once, with no
grid to lay out. Every kill was checked on a copy of core/ with the mutant applied (the test fails there, in under
a second, and passes here); every "checked" equivalence ran _a.py ... _g.py and this file on the mutant: all pass.
"""

# full run
# intake.readers, share k (48 survivors incl. 8 suspicious: _elsewhere, sheet_paths, workbook_sheets, read_text,
# _check_size, decode and the codec names): 8 killed, 40 equivalent.
# - _elsewhere 3 (suspicious: odd = None when every sheet's part is told), 4 (suspicious: only told parts under
#   xl/worksheets/), 13 (suspicious: `if odd: return {}`), 25 (suspicious: scan_parts without the filename, the
#   sheet set taken as the filename and no sheet set), 26 (suspicious: no sheet set) and 27 (suspicious:
#   `p not in parts`): killed by test_a_shift_notes_sheet_kept_in_a_folder_of_its_own_is_measured_as_a_sheet (its
#   part, outside xl/worksheets/, is measured only as plain XML: 0 cells instead of 30).
# - sheet_paths 60 (suspicious: `target[1:]` always, "worksheets/sheet1.xml" read as "orksheets/sheet1.xml") and
#   workbook_sheets 15 (suspicious: `sizes = _elsewhere(...)`, checked_parts' measures thrown away): killed by
#   test_each_sheet_of_a_workbook_with_excel_relative_targets_has_its_own_cell_count (60: no part found, each
#   sheet taken to be as big as the biggest part, Respuestas 30 cells instead of 24; 15: no measure left, 0).
# - _elsewhere 6 and 7 ("XXxl/worksheets/XX", "XL/WORKSHEETS/" in the told branch), 11 and 12 (the same two in
#   the untold branch): equivalent (reason of _d.py / _g.py, still true; checked, with the `untold` fixture of
#   _g.py for 11 and 12). No part name starts so, so each also takes the parts under xl/worksheets/, which
#   checked_parts' scan_parts already measured as sheets (name.startswith("xl/worksheets/")); the second scan
#   measures the same bytes the same way and `sizes |= ...` rewrites equal PartSizes. Only time differs.
# - _elsewhere 16 (check_archive(content, None)): equivalent (_g.py's reason, still true). check_archive reads
#   only the central directory, and checked_parts ran it on the same bytes first: any refusal came there, with
#   the file's name.
# - workbook_sheets 57 (`default=None`), 59 (default dropped) and 60 (`default=1`): equivalent (_a.py / _g.py).
#   sizes always holds "xl/workbook.xml" (checked_parts refuses a zip without it; scan_parts measures every
#   part that is not a folder), so max() never sees an empty sequence.
# - workbook_sheets 111 (`size.longest if size else 1`) and 114 (`strings.longest if strings else 1`):
#   equivalent (_a.py / _g.py). 1 and 0 enter `longest > MAX_CELL_CHARS` only through max(), both far under
#   32,767; and when size is None, runs is True anyway.
# - workbook_sheets 139 (`longest >= MAX_CELL_CHARS`): equivalent. _g.py killed it (143 there) by bug 3's
#   strict xfail, since fixed: a text cut by a comment or CDATA now sets PartSize.runs, as formatted runs do.
#   The mutant now differs only where the longest piece between two "<" is exactly 32,767 bytes and no piece
#   is flagged as joined (runs False): that piece is "t>" (or "t xml:space=...>") and a text of at most 32,765
#   bytes, so at most 32,765 characters (an entity or a character reference is never fewer bytes than the
#   characters it gives); long_cell then measures a grid with no cell over 32,767 and refuses nothing (checked:
#   a shared string of 32,765 characters sets long_text on the mutant only, and load()'s result is the same).
# - Sheet.grid 5 (`self.source = ""`): equivalent (_a.py / _f.py): source is read only on grid's first line;
#   "" and None both drop the reference to calamine's sheet.
# - _frame 3 (dtype=None) and 5 (dtype left out): equivalent (_b.py / _f.py, _frame unchanged): calamine gives
#   "" for an empty cell, so only a column all numbers is inferred, float64 of the same floats, and every reader
#   of a grid goes through astype(object) / factorize or header_text.
# - long_cell 8 (a cell that is not text measures 1): equivalent (_b.py / _f.py): 1 is never > MAX_CELL_CHARS,
#   and the row, letter and length told come from `over`, text cells only.
# - open_workbook 17 (`[:201]`): equivalent (_a.py / _f.py): when calamine cannot open a workbook its message is
#   "Cannot detect file format" (25 characters), which neither cut touches.
# - read_text 51 (engine=None) and 59 (engine left out): equivalent, code says nothing (_e.py): with every
#   option given supported by the C parser, pandas picks it, so _parser_problem reads the same messages.
# - _check_size 47 (split at "XX\nXX": the longest "line" is the whole text) and 48 (`>=`: a line of exactly
#   32,767 characters marks the text); read_text 75 (`len(cells) <= ...`), 76 (`+ text.endswith(...)`), 79
#   ("XX\nXX"), 80 ("XX\rXX"), 82 (`spans_lines or len(text) > ...`) and 83 (`len(text) >= MAX_CELL_CHARS`):
#   equivalent (_e.py's reasons for its _check_size 49, 50 and read_text 75, 76, 79, 80, 82, 83; today's
#   _check_size is that code without its `len(text) > MAX_CELL_CHARS and` conjunct, which decided nothing).
#   Each only calls long_cell on more texts (or on a text of exactly 32,767 characters), and long_cell refuses
#   only a cell over MAX_CELL_CHARS, which the code already measures: a cell on one line makes that line longer
#   than 32,767 (a CR-only file is one "line" for split("\n")), a quoted cell spanning lines makes pandas' rows
#   fewer than the lines counted, and the text then is longer than the cell. A line or a text of exactly 32,767
#   characters holds no cell over it. More calls cost time, no message or value.
# - decode 18 ("UTF-16"), 42 ("UTF-8") and 85 ("CP1252" for the excerpt); single_byte 4 ("CP1252"), 8
#   ("LATIN-1") and 12 ("MAC-ROMAN"); _utf16_without_bom 20 ("UTF-16-LE") and 33 ("UTF-16-BE"); old_format 7
#   ("UTF-16-LE"); sheet_paths 9 and 16 ("UTF-8" for the workbook and its relationships); uncomputed_formulas 11
#   ("UTF-8"): equivalent. Codec names are looked up case-insensitively (codecs.lookup gives the same codec
#   object), and _utf16_without_bom's answer is only tested for truth (kind_of_bytes) or handed to bytes.decode.
# - decode 43 ("XXutf-8XX") and 44 ("UTF-8"), the encoding name returned: equivalent (_c.py / _e.py, still so):
#   read_text only stores it in Grid.info["encoding"], whose one reader (pipeline._load) compares it with
#   "mac-roman" for the encoding_mac_roman note; no message shows it.
from core.intake.readers import sheet_paths, workbook_sheets
from tests.userfiles import rewrite_xlsx, survey_with_formulas

RELS = "xl/_rels/workbook.xml.rels"


def _survey() -> bytes:
    """Respuestas (a title block, a header and three answers: A1:D6, 24 cells) and Notas (10 rows x 3: 30 cells)."""
    return survey_with_formulas(notes=10)


def _measures(book: bytes) -> list:
    return [(s.name, s.cells, s.head is None, s.head.iat[2, 0] if s.head is not None else None)
            for s in workbook_sheets(book, "encuesta_turnos.xlsx", "zip")]


def test_each_sheet_of_a_workbook_with_excel_relative_targets_has_its_own_cell_count():
    # Excel writes targets relative to xl/ ("worksheets/sheet1.xml"); openpyxl writes them absolute.
    book = rewrite_xlsx(_survey(), {RELS: lambda x: x.replace(b'"/xl/worksheets/', b'"worksheets/')})
    assert sheet_paths(book) == {"Respuestas": "xl/worksheets/sheet1.xml", "Notas": "xl/worksheets/sheet2.xml"}
    assert _measures(book) == [("Respuestas", 24, False, "Fase"), ("Notas", 30, False, "Llamada 3")]


def test_a_shift_notes_sheet_kept_in_a_folder_of_its_own_is_measured_as_a_sheet():
    # A generator (the OpenXML SDK) may keep a sheet's part outside xl/worksheets/, with an absolute target.
    book = rewrite_xlsx(_survey(), {RELS: lambda x: x.replace(b"/xl/worksheets/sheet2.xml", b"/xl/turnos/notas.xml")},
                        {"xl/worksheets/sheet2.xml": "xl/turnos/notas.xml"})
    assert sheet_paths(book)["Notas"] == "xl/turnos/notas.xml"
    assert _measures(book) == [("Respuestas", 24, False, "Fase"), ("Notas", 30, False, "Llamada 3")]
