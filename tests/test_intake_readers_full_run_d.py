"""Kill tests for the survivors of intake.readers' full mutation run (issue 20, docs/MUTATION.md), part d:
_elsewhere, sheet_paths and uncomputed_formulas (core/intake/readers.py): where each sheet of an XLSX is
stored, that it is measured before it is read, and which formula cells have no saved value.

Files are XLSX as openpyxl writes them (a survey with a title block above the header and a "Promedio"
column of formulas, which openpyxl saves without values) with the zip's XML edited where another program
writes otherwise: Excel's relative relationship targets and saved formula values, sheets kept outside
xl/worksheets/, a raw ">" inside an attribute value (valid XML: only "<" and "&" must be escaped).
A sheet "too big" here is one whose tags claim 100,000 rows by 26 columns (a formatted empty cell in Z3
and a formatted empty row 100000, as Excel writes them): the archive scan counts 2,600,000 cells, over
MAX_CELLS, while the reader lays out only the filled cells, so a test that reads it by mistake stays
cheap. Every expected value is written out by hand in the test.
"""
# full run
# intake.readers, share d (54 survivors/suspicious: _elsewhere, sheet_paths, uncomputed_formulas):
# 38 killed, 16 equivalent (each kill checked on a copy with the mutant applied: the test fails there).
# - _elsewhere 3 (odd = None when every sheet's part is known), 5 (`p not in sizes`), 6 (only parts under
#   xl/worksheets/), 19 (`if odd: return {}`), 31 (scan_parts without the filename: the sheet set taken as
#   the filename), 32 (no sheet set) and 33 (`p not in parts`): killed by
#   test_formulas_without_value_in_a_sheet_kept_outside_the_worksheets_folder_are_reported (the part is not
#   measured as a sheet, so it looks formula-free and the warning is lost).
# - _elsewhere 2 (`all(name not in paths ...)`), 10 (odd = None when a sheet's part cannot be told),
#   12 (endswith(None): TypeError), 13 ("XX.xmlXX"), 14 (".XML"), 15 (only parts under xl/worksheets/) and
#   16 (startswith(None): TypeError): killed by test_a_too_big_sheet_whose_name_holds_a_raw_gt_is_not_read
#   (its part is not measured and the sheet is read, or the upload ends as "unexpected").
# - _elsewhere 11 (`.xml or not under xl/worksheets/`): killed by
#   test_a_too_big_sheet_stored_as_upper_case_xml_with_an_untold_name_is_not_read (a bug, since
#   fixed; the mutant measured HOJA.XML as the fix does: with the fix it is equivalent).
#   Its other effect (.rels parts measured as sheets) changes nothing: they hold no <c or <row tag.
# - _elsewhere 4 (`p in sizes or not under xl/worksheets/`), 8 and 9 ("XXxl/worksheets/XX",
#   "XL/WORKSHEETS/": no path starts so), 17 and 18 (the same two in the other branch): equivalent. Each
#   also takes parts under xl/worksheets/ (and, for 4, paths naming no part, which `p in parts` drops);
#   scan_parts already measured those as sheets (name.startswith("xl/worksheets/")) and measures the same
#   bytes the same way again, so `sizes |= ...` rewrites equal PartSizes (checked: this file passes on all
#   five, test_intake_xml_quotes.py on 4, 8 and 17); only the time of a second scan differs.
# - _elsewhere 22 (check_archive(content, None)) and 27 (scan_parts(..., None, ...)): equivalent. The
#   filename only goes into a refusal, and neither call can refuse: checked_parts ran check_archive and
#   scan_parts on the same bytes first (every part streamed, DOCTYPE looked for, texts measured; a part
#   measured again as a sheet has its texts measured only where inline ones are, never longer; checked:
#   test_intake_xml_quotes.py's corner bomb kept outside xl/worksheets/ is refused the same on both).
# - sheet_paths 35, 36, 37, 39, 40, 41 ("XXIdXX", "id", "ID", "XXTargetXX", "target", "TARGET"),
#   38 (`"Id" not in attrs`), 42 (`"Target" not in attrs`): no relationship kept; 66 (targets.get(None)):
#   every sheet at "xl/"; 74 (every path None); 79 (a relative target kept without "xl/"); and
#   uncomputed_formulas 28 ("XX<v>..."), 29 ("<V>") and 31 (the saved value looked for in the cell's
#   reference): killed by test_formulas_saved_without_value_are_listed_by_cell_and_computed_ones_are_not.
# - sheet_paths 73 (lstrip("XX/XX"): a leading "X" of the target stripped too): killed by
#   test_formulas_without_value_in_a_sheet_kept_in_a_folder_starting_with_x_are_reported.
# - sheet_paths 34 (`"Id" in attrs or "Target" in attrs`): killed by
#   test_a_relationship_whose_target_holds_a_raw_gt_does_not_stop_the_upload (KeyError: "unexpected").
# - sheet_paths 56 (`"name" in attrs or "id" in attrs`): killed by
#   test_a_too_big_sheet_whose_name_holds_a_raw_gt_is_not_read (KeyError on the cut tag: "unexpected").
# - sheet_paths 67 (default None) and 69 (no default): killed by
#   test_a_sheet_whose_relationship_cannot_be_read_is_still_read (None.lstrip: "unexpected").
# - sheet_paths 13, 14 ("XXreplaceXX", "REPLACE" for xl/workbook.xml) and 25, 26 (the same for its
#   relationships): killed by test_a_stray_cp1252_byte_in_the_workbook_part_is_refused_as_corrupt (an
#   unknown error handler raises LookupError, not caught: "unexpected" instead of corrupt_xlsx).
# - sheet_paths 7 and 19 (strict decode of xl/workbook.xml, of its relationships): equivalent. "replace" says
#   nothing: could be removed (strict decoding raises UnicodeDecodeError, a ValueError, which the except
#   turns into {}). The two differ only on bytes that are not UTF-8, and calamine refuses such a workbook
#   part right after ("Cannot detect file format": corrupt_xlsx either way, checked with a cp1252 byte in a
#   comment, an attribute and a windows-1252 declaration, and with UTF-16 parts); workspace_file calls
#   checked_parts, sheet_paths, open_workbook in the same order.
# - sheet_paths 12 and 24, uncomputed_formulas 14 ("UTF-8"): equivalent. The same codec.
# - uncomputed_formulas 11 (strict decode), 15 and 16 ("XXreplaceXX", "REPLACE"): equivalent. "replace"
#   says nothing: could be removed. It is only called for the sheet calamine has just read, and calamine
#   refuses a sheet holding a byte that is not UTF-8 (corrupt_xlsx: "cannot decode input using UTF-8") and
#   reads a UTF-16 one as empty (no grid, so no call): the bytes decoded are valid UTF-8, where the error
#   handler is never looked up (checked).
# - sheet_paths 72 (an unknown relationship gives "xl/XXXX" instead of "xl/"): equivalent. Neither names a
#   part (a folder entry "xl/" is skipped by scan_parts and reads as b"", no "<f"; "xl/XXXX" is no part a
#   program writes): both sizes.get miss, both reads give [].
#
# Bugs found (fixed in readers.py and archive.py, eighth session; their tests were xfail until then):
# - test_a_too_big_sheet_at_an_absolute_target_outside_xl_is_not_read: Target="/datos/hoja.xml" (a part at
#   the package root, as OPC reads an absolute target) is taken as "xl/datos/hoja.xml": the sheet calamine
#   reads is never measured, so no cell limit holds for it (a corner bomb there would be laid out).
# - test_a_too_big_sheet_stored_as_upper_case_xml_with_an_untold_name_is_not_read: when a sheet's part cannot
#   be told, only parts ending in lower-case ".xml" are measured; "xl/datos/HOJA.XML" is not.
# - test_a_too_big_sheet_stored_with_another_extension_is_not_read: a sheet part not ending in .xml
#   ("xl/worksheets/sheet1.dat") is never fed to the scanner (archive.scan_parts), so it measures 0 cells.
# - test_formulas_without_value_in_a_sheet_whose_name_holds_a_raw_gt_are_reported: the sheet's tag is cut
#   at the ">" in its name, its part is not told, and its formulas without value go unreported.
import re


from core.intake import load
from core.schemas import SCHEMAS
from tests.userfiles import rewrite_xlsx as _rewrite, survey_with_formulas

RESPONSES = SCHEMAS["journey_responses"]
SHEET = "xl/worksheets/sheet1.xml"
RELS = "xl/_rels/workbook.xml.rels"
BOOK = "xl/workbook.xml"
R_NS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _survey() -> bytes:
    """A survey with a title block and a formula column "Promedio" (openpyxl saves formulas without values)."""
    return survey_with_formulas()


def _stored_at(target: bytes, part: str, edits: dict | None = None) -> bytes:
    """The survey with its sheet moved to ``part``, its relationship pointing at ``target``."""
    edits = dict(edits or {})
    edits[RELS] = lambda x: x.replace(b"/xl/worksheets/sheet1.xml", target)
    return _rewrite(_survey(), edits, {SHEET: part})


def _too_big(xml: bytes) -> bytes:
    """A formatted empty cell in Z3 and a formatted empty row 100000: 100,000 x 26 cells by its tags."""
    xml = xml.replace(b'<c r="D3" t="inlineStr"><is><t>Promedio</t></is></c>',
                      b'<c r="D3" t="inlineStr"><is><t>Promedio</t></is></c><c r="Z3" s="0"/>')
    return xml.replace(b"</sheetData>", b'<row r="100000" ht="20" customHeight="1"/></sheetData>')


def _named_ventas_gt_mayo(xml: bytes) -> bytes:
    """The sheet named "Ventas>Mayo" with the ">" unescaped and the name last (valid XML)."""
    return re.sub(rb"<sheet [^>]*/>", b'<sheet ' + R_NS + b' r:id="rId1" sheetId="1" name="Ventas>Mayo"/>', xml)


def _problems(content: bytes):
    result = load(content, "encuesta.xlsx", RESPONSES)
    return result, [(p.code, p.sheet, p.found) for p in result.problems]


# -- formulas without a saved value


def test_formulas_saved_without_value_are_listed_by_cell_and_computed_ones_are_not():
    # Excel saved D4 with its value (6.5) and writes relative targets; D5 and D6 were added by a program that
    # does not calculate, so they hold no value: only those two are reported.
    book = _rewrite(_survey(), {
        RELS: lambda x: x.replace(b"/xl/worksheets/sheet1.xml", b"worksheets/sheet1.xml"),
        SHEET: lambda x: x.replace(b"<f>(B4+C4)/2</f><v></v>", b"<f>(B4+C4)/2</f><v>6.5</v>"),
    })
    result, problems = _problems(book)
    assert result.ok
    assert result.data["phase"].tolist() == ["Solicitud", "Uso", "Pago"]
    assert ("formula_no_value", "Respuestas", "D5, D6") in problems


def test_formulas_without_value_in_a_sheet_kept_outside_the_worksheets_folder_are_reported():
    result, problems = _problems(_stored_at(b"/xl/datos/hoja.xml", "xl/datos/hoja.xml"))
    assert result.ok
    assert result.data["phase"].tolist() == ["Solicitud", "Uso", "Pago"]
    assert ("formula_no_value", "Respuestas", "D4, D5, D6") in problems


def test_formulas_without_value_in_a_sheet_kept_in_a_folder_starting_with_x_are_reported():
    result, problems = _problems(_stored_at(b"XMLdata/hoja.xml", "xl/XMLdata/hoja.xml"))
    assert result.ok
    assert ("formula_no_value", "Respuestas", "D4, D5, D6") in problems


def test_formulas_without_value_in_a_sheet_whose_name_holds_a_raw_gt_are_reported():
    result, problems = _problems(_rewrite(_survey(), {BOOK: _named_ventas_gt_mayo}))
    assert result.ok
    assert ("formula_no_value", "Ventas>Mayo", "D4, D5, D6") in problems


# -- relationships and workbook parts written otherwise


def test_a_relationship_whose_target_holds_a_raw_gt_does_not_stop_the_upload():
    link = (b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'hyperlink" Target="https://intranet/encuestas?sede>norte" TargetMode="External"/></Relationships>')
    result, problems = _problems(_rewrite(_survey(), {RELS: lambda x: x.replace(b"</Relationships>", link)}))
    assert result.ok
    assert result.data["phase"].tolist() == ["Solicitud", "Uso", "Pago"]
    assert ("formula_no_value", "Respuestas", "D4, D5, D6") in problems


def test_a_sheet_whose_relationship_cannot_be_read_is_still_read():
    # The part is named "hoja>1.xml"; its relationship's tag is cut at the ">" (Target comes before Id).
    book = _stored_at(b"worksheets/hoja>1.xml", "xl/worksheets/hoja>1.xml")
    result, _ = _problems(book)
    assert result.ok
    assert result.data["phase"].tolist() == ["Solicitud", "Uso", "Pago"]


def test_a_stray_cp1252_byte_in_the_workbook_part_is_refused_as_corrupt():
    # A tool wrote "Año" in cp1252 into the workbook part (or its relationships): not UTF-8, so the
    # workbook cannot be read; the user is told the file is damaged, never "unexpected error".
    in_book = _rewrite(_survey(), {BOOK: lambda x: x.replace(b"<sheets>", b"<!-- Encuesta a\xf1o 2025 --><sheets>")})
    in_rels = _rewrite(_survey(), {RELS: lambda x: x.replace(b"<Relationship ", b"<!-- a\xf1o --><Relationship ", 1)})
    for book in (in_book, in_rels):
        result, problems = _problems(book)
        assert not result.ok
        assert [code for code, _, _ in problems] == ["corrupt_xlsx"]


# -- every sheet measured before it is read


def test_a_too_big_sheet_whose_name_holds_a_raw_gt_is_not_read():
    # Its name cannot be told from the workbook part, so every XML part is measured as a sheet.
    book = _stored_at(b"datos/hoja.xml", "xl/datos/hoja.xml", {SHEET: _too_big, BOOK: _named_ventas_gt_mayo})
    result, problems = _problems(book)
    assert not result.ok
    assert problems == [("too_many_cells", "Ventas>Mayo", "2600000")]


def test_a_too_big_sheet_stored_as_upper_case_xml_with_an_untold_name_is_not_read():
    book = _stored_at(b"datos/HOJA.XML", "xl/datos/HOJA.XML", {SHEET: _too_big, BOOK: _named_ventas_gt_mayo})
    result, problems = _problems(book)
    assert not result.ok
    assert problems == [("too_many_cells", "Ventas>Mayo", "2600000")]


def test_a_too_big_sheet_at_an_absolute_target_outside_xl_is_not_read():
    book = _stored_at(b"/datos/hoja.xml", "datos/hoja.xml", {SHEET: _too_big})
    result, problems = _problems(book)
    assert not result.ok
    assert problems == [("too_many_cells", "Respuestas", "2600000")]


def test_a_too_big_sheet_stored_with_another_extension_is_not_read():
    book = _stored_at(b"worksheets/sheet1.dat", "xl/worksheets/sheet1.dat", {SHEET: _too_big})
    result, problems = _problems(book)
    assert not result.ok
    assert problems == [("too_many_cells", "Respuestas", "2600000")]
