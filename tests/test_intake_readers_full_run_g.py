"""Kill tests for the survivors of intake.readers' new full mutation run (issue 20, docs/MUTATION.md), part g:
workbook_sheets, _elsewhere and sheet_paths (core/intake/readers.py): how an XLSX's sheets are found from
xl/workbook.xml and its relationships, and how sheets kept outside xl/worksheets/ are measured (a size check
against decompression bombs) before any reader opens the file.

Files are a survey as openpyxl writes it ("Respuestas": a title block, a header, three answers and a "Promedio"
formula column saved without values: 6 rows x 4 columns = 24 cells) with a notes sheet ("Notas": 40 rows x 3
columns = 120 cells), its zip's XML edited the way other writers write it: Excel's relative relationship
targets, the OpenXML SDK's absolute targets and parts outside xl/worksheets/, a relationship left without a
target, a sheet name written with a character reference, a workbook re-zipped by hand with a stray file.
Every test checks the measure workbook_sheets gives each sheet (Sheet.cells) on small sheets, so a mutant that
switches a size check off fails here at once instead of letting a reader lay out a bomb's grid.
Every expected value is written out by hand in the test.
"""
# full run
# intake.readers, share g (51 survivors incl. 15 suspicious: workbook_sheets, _elsewhere, sheet_paths):
# 34 killed (5 of them, _elsewhere 11, sheet_paths 71, 74, 75 and workbook_sheets 143, by strict-xfail tests of
# real bugs, below: the mutant behaves as the fix does, so the test passes there and strict xfail fails), 17
# equivalent; each kill checked on a copy with the mutant applied (the test fails there, in under three
# seconds: no reader opens a bomb), each equivalent run there too (this file passes).
# - _elsewhere 3 (suspicious: odd = None when every sheet's part is known), 5 (suspicious: `p not in sizes`),
#   6 (suspicious: only parts under xl/worksheets/), 20 (suspicious: `if odd: return {}`), 32 (suspicious:
#   scan_parts without the filename, the sheet set taken as the filename), 33 (suspicious: no sheet set) and 34
#   (suspicious: `p not in parts`): killed by test_a_notes_sheet_kept_outside_the_worksheets_folder_is_measured
#   (the part is measured as plain XML, 0 cells, and the notes sheet would be read unmeasured).
# - _elsewhere 10 (odd = None when a sheet's part cannot be told), 12 (endswith(None): TypeError), 13
#   (upper().endswith(".xml")), 14 ("XX.xmlXX"), 15 (".XML"), 16 (only parts under xl/worksheets/) and 17
#   (startswith(None): TypeError): killed by
#   test_a_notes_sheet_named_with_a_character_reference_is_measured_as_the_biggest_sheet (its name is not told:
#   calamine reads "&#150;" as U+0096, sheet_paths' html.unescape as "–"; its part outside xl/worksheets/ is
#   then never measured as a sheet, 24 cells instead of 120, or the upload ends as "unexpected").
# - _elsewhere 11 (`.xml or not under xl/worksheets/`): killed by the strict xfail
#   test_an_untold_sheet_stored_with_another_extension_is_measured (bug 2, below): the mutant measures every
#   part outside xl/worksheets/ when a sheet's part cannot be told, which is the fix; its other effect (.rels
#   and docProps parts measured as sheets) gives them no cells (no <c or <row tag in them).
# - _elsewhere 28 (scan_parts(..., None, ...)) and workbook_sheets 18 (`_elsewhere(content, None, ...)`):
#   killed by test_a_doctype_in_a_sheet_stored_as_dat_outside_the_worksheets_folder_is_refused_naming_the_file
#   (the refusal without the file's name). The earlier reason (test_intake_readers_full_run_a.py, d: "neither
#   call can refuse") no longer holds: a told sheet stored with another ending than .xml/.rels is streamed by
#   checked_parts without being fed to the scanner, so _elsewhere's scan is the first to see its DOCTYPE.
# - _elsewhere 23 (check_archive(content, None)): equivalent. check_archive reads only the central directory,
#   and checked_parts ran it on the same bytes first: any refusal was raised there, with the file's name.
# - _elsewhere 4 (`p in sizes or not under xl/worksheets/`), 8 and 9 ("XXxl/worksheets/XX", "XL/WORKSHEETS/":
#   no path starts so), 18 and 19 (the same two in the other branch): equivalent (reason of
#   test_intake_readers_full_run_d.py, checked on today's code: this file passes on all five). Each also takes
#   parts under xl/worksheets/, which checked_parts' scan_parts already measured as sheets; the second scan
#   measures the same bytes the same way and `sizes |= ...` rewrites equal PartSizes; 4 also takes paths naming
#   no part, which `p in parts` drops (they reach only frozenset(odd), a set of names no part has).
# - sheet_paths 65 (suspicious: every path None), 76 (suspicious: the same), 67 (suspicious: target[1:] always:
#   "worksheets/..." read as "orksheets/...") and 72 (suspicious: the target kept as written, without "xl/"):
#   killed by test_each_sheet_of_a_workbook_with_excel_relative_targets_is_measured_by_its_own_part (a sheet's
#   part not found: it is taken to be as big as the biggest part, Respuestas 120 cells instead of 24).
#   workbook_sheets 15 (suspicious: `sizes = _elsewhere(...)`, every measure thrown away: 0 cells) is killed by
#   the same test.
# - sheet_paths 34 (`"Id" in attrs or "Target" in attrs`): killed by
#   test_a_relationship_left_without_a_target_does_not_stop_the_upload (KeyError: "unexpected"; the earlier
#   kill, a raw ">" in a target, is read since the eighth session's fix).
# - sheet_paths 61 (`"name" in attrs or target`): killed by
#   test_a_sheet_whose_relationship_is_missing_is_refused_as_damaged (None.startswith: "unexpected" instead of
#   corrupt_xlsx).
# - sheet_paths 71 (`startswith("xl/") and False`), 74 ("XXxl/XX") and 75 ("XL/"): killed by the strict xfail
#   test_a_sheet_whose_relative_target_starts_with_xl_is_measured_where_calamine_reads_it (bug 1, below): each
#   resolves the relative target "xl/worksheets/sheet2.xml" as calamine does, under xl/ ("xl/xl/worksheets/...").
# - sheet_paths 7 and 19 (strict decode of xl/workbook.xml, of its relationships), 12 and 24 ("UTF-8"):
#   equivalent (reasons of test_intake_readers_full_run_d.py, still true: sheet_paths and its calls are
#   unchanged; test_a_stray_cp1252_byte_in_the_workbook_part_is_refused_as_corrupt passes on 7 and 19). "UTF-8" is
#   the same codec. Strict decoding raises UnicodeDecodeError, a ValueError the except turns into {}; the two
#   differ only on bytes that are not UTF-8, and calamine refuses such a part right after (corrupt_xlsx).
# - workbook_sheets 56 (`paths.get(name, "XXXX")`): killed by
#   test_an_untold_sheet_is_not_taken_for_a_stray_file_left_in_the_zip (the stray file's empty measure taken
#   for the sheet's: 0 cells instead of 120).
# - workbook_sheets 114 (`size.longest if size or True`), 122 (`size.runs if size or True`) and 145
#   (`size.formulas if size or True`): killed by
#   test_a_notes_sheet_named_with_a_character_reference_is_measured_as_the_biggest_sheet (None.longest:
#   "unexpected").
# - workbook_sheets 123 (an untold sheet's `runs` False) and 146 (an untold sheet's `formulas` False): killed by
#   test_a_sheet_whose_part_is_not_told_is_checked_cell_by_cell_and_may_hold_formulas (Sheet.long_text and
#   Sheet.formulas must stay True: nothing about its texts or formulas was measured).
# - workbook_sheets 143 (`longest >= MAX_CELL_CHARS`): killed by the strict xfail
#   test_a_cell_over_the_limit_split_by_an_xml_comment_is_refused_naming_its_cell (bug 3, below): the mutant
#   differs only where the longest piece of text is exactly 32,767 bytes, and there it measures the cells,
#   which refuses the 65,521 characters as it should.
# - workbook_sheets 53 (`paths.get(name, None)`) and 55 (the default dropped): equivalent. sizes' keys are the
#   zip's part names, never None; the one difference would be a part named "" (the real default), and
#   check_archive refuses such a zip (corrupt_xlsx, "unnamed part") in checked_parts, before this line.
# - workbook_sheets 61 (`default=None`), 63 (default dropped) and 64 (`default=1`): equivalent. sizes always
#   holds "xl/workbook.xml" (checked_parts refuses a zip without it; scan_parts measures every part that is not
#   a folder), so max() never sees an empty sequence.
# - workbook_sheets 115 (`size.longest if size else 1`) and 118 (`strings.longest if strings else 1`):
#   equivalent. 1 and 0 enter `longest > MAX_CELL_CHARS` only through max(), both far under 32,767; and when
#   size is None, runs is True anyway.
#
# Bugs found (the four fixed in the ninth session as proposed, their tests no longer xfail; after the fixes the
# untold path is reached through the `untold` fixture, a sheet_paths that loses "Notas", and the code under
# workbook_sheets 53/55, _elsewhere 4 and sheet_paths 7/19 was simplified as those reasons allowed):
# 1. test_a_sheet_whose_relative_target_starts_with_xl_is_measured_where_calamine_reads_it: a relationship
#    Target="xl/worksheets/sheet2.xml" (relative, written by some generators) is read by calamine, as OPC says,
#    at "xl/xl/worksheets/sheet2.xml"; sheet_paths keeps it as "xl/worksheets/sheet2.xml", so the part calamine
#    reads is never measured as a sheet (outside xl/worksheets/, measured as plain XML: 0 cells) and a bomb
#    stored there is laid out. Fix: in sheet_paths,
#    `path = target[1:] if target.startswith("/") else f"xl/{target}"` (drop the "xl/" branch).
# 2. test_an_untold_sheet_stored_with_another_extension_is_measured: when a sheet's part cannot be told,
#    _elsewhere measures only parts ending in .xml; a sheet stored at "xl/datos/notas.dat" is never measured
#    and is read whatever its size. Fix: in _elsewhere's else branch measure every part outside
#    xl/worksheets/: `odd = {p for p in sizes if not p.startswith("xl/worksheets/")}`.
# 3. test_a_cell_over_the_limit_split_by_an_xml_comment_is_refused_naming_its_cell: archive's `longest` is the
#    longest text between two "<"; a cell's text cut by an XML comment (or a CDATA section) is one cell to
#    calamine, so a cell of 65,521 characters (32,765 + 32,756 around "<!-- fin -->") is read instead of
#    refused as cell_too_long. Fix: have archive._Scanner flag "<!--" and "<![CDATA[" inside a part (as it
#    flags formatted runs, PartSize.runs) so that workbook_sheets sets long_text and long_cell measures the grid.
# 4. test_formulas_without_value_in_a_sheet_named_with_a_character_reference_are_reported: sheet_paths unescapes
#    names with html.unescape, which maps "&#128;".."&#159;" to cp1252 characters ("&#150;" -> "–") where XML
#    (and calamine) read U+0080..U+009F; the sheet's name is not told, so its formulas without value are not
#    reported (and its measure is the biggest part's). Fix: unescape as XML does, e.g.
#    `re.sub(r"&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);", lambda m: chr(int(m[1][2:], 16)) if m[1][:2] ==
#    "#x" else chr(int(m[1][1:])) if m[1][0] == "#" else {"lt": "<", "gt": ">", "amp": "&", "quot": '"',
#    "apos": "'"}[m[1]], value)`. (With that fix no name is left untold; the tests above that reach the untold
#    path through "&#150;" then need another way there, or those mutants become equivalent.)
import io
import zipfile

import pytest

from core.intake import load, readers
from core.intake.problems import Problem
from core.intake.readers import sheet_paths, workbook_sheets
from core.schemas import SCHEMAS
from tests.userfiles import rewrite_xlsx, survey_with_formulas

RESPONSES = SCHEMAS["journey_responses"]
RELS = "xl/_rels/workbook.xml.rels"
BOOK = "xl/workbook.xml"
NOTES = "xl/worksheets/sheet2.xml"


def _survey() -> bytes:
    """Respuestas (A1:D6, 24 cells, formulas in D4:D6 saved without value) and Notas (A1:C40, 120 cells)."""
    return survey_with_formulas(notes=40)


def _notes_at(target: bytes, part: str, edits: dict | None = None, extra: dict | None = None) -> bytes:
    """The survey with the notes sheet moved to ``part``, its relationship pointing at ``target``."""
    edits = dict(edits or {})
    rels = edits.pop(RELS, lambda x: x)
    edits[RELS] = lambda x: rels(x.replace(b"/xl/worksheets/sheet2.xml", target))
    book = rewrite_xlsx(_survey(), edits, {NOTES: part})
    if extra:
        out = io.BytesIO(book)
        with zipfile.ZipFile(out, "a") as z:
            for name, data in extra.items():
                z.writestr(name, data)
        book = out.getvalue()
    return book


def _named_with_a_reference(xml: bytes) -> bytes:
    # a generator that writes each non-ASCII byte of a cp1252 name as a character reference ("–" is 0x96)
    return xml.replace(b'name="Notas"', b'name="Notas 2024&#150;2025"')


def _measures(book: bytes):
    return [(s.name, s.visible, s.cells, s.head is None) for s in workbook_sheets(book, "encuesta.xlsx", "zip")]


# -- where each sheet's part is


def test_each_sheet_of_a_workbook_with_excel_relative_targets_is_measured_by_its_own_part():
    # Excel writes relationship targets relative to xl/ ("worksheets/sheet1.xml").
    book = rewrite_xlsx(_survey(), {RELS: lambda x: x.replace(b'"/xl/worksheets/', b'"worksheets/')})
    assert sheet_paths(book) == {"Respuestas": "xl/worksheets/sheet1.xml", "Notas": "xl/worksheets/sheet2.xml"}
    assert _measures(book) == [("Respuestas", True, 24, False), ("Notas", True, 120, False)]


def test_a_notes_sheet_kept_outside_the_worksheets_folder_is_measured():
    # The OpenXML SDK writes absolute targets and may keep a part where it likes.
    book = _notes_at(b"/xl/datos/notas.xml", "xl/datos/notas.xml")
    assert sheet_paths(book) == {"Respuestas": "xl/worksheets/sheet1.xml", "Notas": "xl/datos/notas.xml"}
    assert _measures(book) == [("Respuestas", True, 24, False), ("Notas", True, 120, False)]


def test_a_relationship_left_without_a_target_does_not_stop_the_upload():
    stray = b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/' \
            b'customXml"/></Relationships>'
    book = rewrite_xlsx(_survey(), {RELS: lambda x: x.replace(b"</Relationships>", stray)})
    assert _measures(book) == [("Respuestas", True, 24, False), ("Notas", True, 120, False)]
    result = load(book, "encuesta.xlsx", RESPONSES)
    assert result.ok
    assert result.data["phase"].tolist() == ["Solicitud", "Uso", "Pago"]


def test_a_sheet_whose_relationship_is_missing_is_refused_as_damaged():
    # Re-zipped by hand: the notes sheet's relationship rId2 was lost (its r:id names none).
    book = rewrite_xlsx(_survey(), {BOOK: lambda x: x.replace(b'r:id="rId2"', b'r:id="rId7"')})
    result = load(book, "encuesta.xlsx", RESPONSES)
    assert result.problems == [Problem("error", "corrupt_xlsx", "encuesta.xlsx", found="Cannot detect file format")]


def test_a_sheet_whose_relative_target_starts_with_xl_is_measured_where_calamine_reads_it():
    # Target="xl/worksheets/sheet2.xml" is relative to xl/: calamine reads the part xl/xl/worksheets/sheet2.xml.
    book = _notes_at(b"xl/worksheets/sheet2.xml", "xl/xl/worksheets/sheet2.xml")
    assert _measures(book) == [("Respuestas", True, 24, False), ("Notas", True, 120, False)]


# -- measured before any reader opens it


def test_a_doctype_in_a_sheet_stored_as_dat_outside_the_worksheets_folder_is_refused_naming_the_file():
    doctype = lambda x: x.replace(b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY n "nota">]><worksheet', 1)
    book = _notes_at(b"/xl/datos/notas.dat", "xl/datos/notas.dat", {NOTES: doctype})
    result = load(book, "encuesta.xlsx", RESPONSES)
    assert result.problems == [Problem("error", "zip_bomb", "encuesta.xlsx", found="xl/datos/notas.dat: DOCTYPE")]


@pytest.fixture
def untold(monkeypatch):
    """The notes sheet's part is not told: sheet_paths loses "Notas". Since the ninth session sheet_paths reads
    names as XML (and calamine) reads them, and no file calamine reads is known to leave a name untold (the
    "&#150;" of these tests' first version is now told); the fallback stays for the file nobody thought of."""
    told = readers.sheet_paths
    monkeypatch.setattr(readers, "sheet_paths",
                        lambda content: {name: part for name, part in told(content).items() if name != "Notas"})


def test_a_notes_sheet_named_with_a_character_reference_is_measured_by_its_own_part():
    # calamine reads "&#150;" as U+0096 (XML's reading), and so does sheet_paths: the part is told
    book = _notes_at(b"/xl/datos/notas.xml", "xl/datos/notas.xml", {BOOK: _named_with_a_reference})
    assert sheet_paths(book)["Notas 2024\x962025"] == "xl/datos/notas.xml"
    assert _measures(book) == [("Respuestas", True, 24, False), ("Notas 2024\x962025", True, 120, False)]


def test_an_untold_sheet_kept_outside_the_worksheets_folder_is_measured_as_the_biggest_part(untold):
    # every part outside xl/worksheets/ is measured as a sheet, and the untold sheet is taken to be as big as
    # the biggest one: its own 120 cells
    book = _notes_at(b"/xl/datos/notas.xml", "xl/datos/notas.xml")
    assert _measures(book) == [("Respuestas", True, 24, False), ("Notas", True, 120, False)]


def test_a_sheet_whose_part_is_not_told_is_checked_cell_by_cell_and_may_hold_formulas(untold):
    sheets = workbook_sheets(_survey(), "encuesta.xlsx", "zip")
    assert [(s.name, s.cells, s.long_text, s.formulas) for s in sheets] == [
        ("Respuestas", 24, False, True), ("Notas", 120, True, True)]


def test_an_untold_sheet_is_not_taken_for_a_stray_file_left_in_the_zip(untold):
    book = _notes_at(b"/xl/datos/notas.xml", "xl/datos/notas.xml", extra={"XXXX": b"copia de seguridad"})
    assert _measures(book) == [("Respuestas", True, 24, False), ("Notas", True, 120, False)]


def test_an_untold_sheet_stored_with_another_extension_is_measured(untold):
    book = _notes_at(b"/xl/datos/notas.dat", "xl/datos/notas.dat")
    assert _measures(book) == [("Respuestas", True, 24, False), ("Notas", True, 120, False)]


def test_formulas_without_value_in_a_sheet_named_with_a_character_reference_are_reported():
    book = rewrite_xlsx(_survey(), {BOOK: lambda x: x.replace(b'name="Respuestas"', b'name="Respuestas&#150;Norte"')})
    result = load(book, "encuesta.xlsx", RESPONSES)
    assert result.ok
    assert ("formula_no_value", "Respuestas\x96Norte", "D4, D5, D6") in [(p.code, p.sheet, p.found)
                                                                         for p in result.problems]


# -- a cell's length


def test_a_cell_over_the_limit_split_by_an_xml_comment_is_refused_naming_its_cell():
    # A generator wrote a comment inside a long answer: calamine reads one cell of 32,765 + 32,756 characters.
    text = ("a" * 32765 + "<!-- fin -->" + "b" * 32756).encode()
    book = rewrite_xlsx(_survey(), {"xl/worksheets/sheet1.xml": lambda x: x.replace(b"<t>Pago</t>", b"<t>" + text
                                                                                   + b"</t>")})
    result = load(book, "encuesta.xlsx", RESPONSES)
    assert result.problems == [Problem("error", "cell_too_long", "encuesta.xlsx", "Respuestas", row=6, column="A",
                                       found="65521", expected="32767")]
