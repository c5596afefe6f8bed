"""Kill tests for the survivors of the re-run of intake.archive's mutation test on the rewritten sheet scanner
(_Scanner._cells and _starts in core/intake/archive.py: references anywhere in the tag, any namespace prefix,
`<row/>`, a literal search per prefix with a general regex fallback, the path for more than 3 prefixes).

Each test builds a one-sheet workbook with zipfile, its sheet XML written as a generator writes it (Excel with
its x14 extension list, a streaming writer without references, the .NET OpenXML SDK with its `x:` prefix) or
in a hostile form (cells of four namespace prefixes in one sheet, a 1 MB formula, a tag name run into a
vertical tab), and checks what check_archive + scan_parts measure of it: rows, cols, grid, formulas. Every
expected value is written out by hand. No test hands a bomb to a reader.
"""
# full run
# intake.archive, re-run on the rewritten scanner (40 survivors and "suspicious"; 36 killed, 4 equivalent).
# Every kill checked on a copy of /work/main with the mutant applied by hand to the current code: its test
# fails there and passes here.
# - _raw 4 (`content[start:start + 31]`) and 33 (`head[26:31]`): equivalent (as in
#   test_intake_archive_full_run_c.py). `head` is only used through `len(head) < 30` (a slice of 31 bytes is
#   shorter than 30 exactly when the slice of 30 is), head[:4] and head[26:30]; with the real slice of 30
#   bytes head[26:31] is head[26:30]. _raw is unchanged by the rewrite.
# - _starts 3 (`span < 0`) and 13 (`max(len(data), 1)`): equivalent (as in test_intake_archive_full_run_c.py).
#   With span == 0 the mutant returns concatenate((empty mask, zeros(len(data)))): the same all-False array
#   as the early return. 13 gives one False for an empty body, where the real code gives none; _cells only
#   sums the mask (0 either way) and ORs it into `cells`/`rows` (both of len(data) == 0, as at every close():
#   an array of 1 broadcasts into 0 items, nothing changes). For 0 < len(data) <= len(literal) both give
#   zeros(len(data)). Checked: this file, test_intake_archive_full_run_a.py and the scanner/_raw tests of
#   test_intake_archive_full_run_c.py pass on each of the four.
# - _starts 24 (`after = None`), 31 (`follows =`: only "\n", the last byte of AFTER_TAG, counts) and 32
#   (`follows &=`: nothing counts): killed by
#   test_a_streaming_writers_sheet_without_references_is_measured_by_its_rows_and_widest_row (no cell or row
#   is counted any more: 0 x 0), by test_an_empty_formatted_row_written_with_r_last_still_counts, and by the
#   tests of test_intake_archive_full_run_c.py named there (checked again on the rewritten code).
# - _cells 21 (":C" looked for instead of ":c"): killed by
#   test_cells_written_with_the_x_prefix_and_no_row_tags_are_measured (a piece with `<x:c` and no `:row` or
#   `:f` finds no prefix: 0 x 0 instead of 5 x 3).
# - _cells 25 (":F" looked for instead of ":f"): killed by
#   test_a_prefixed_formula_alone_in_its_1_mb_piece_still_flags_the_sheet (the piece holding `<x:f>` and no
#   `:c`/`:row` finds no prefix: the formula goes unseen).
# - _cells 26 (`prefixes =`: the default namespace dropped when a prefix is seen): killed by
#   test_excels_list_validation_from_another_sheet_does_not_hide_the_cells (the `<xm:f>` of Excel's x14 data
#   validation makes [b"xm:"] the only prefix: no cell or row of the sheet is counted, 0 x 0 instead of 4 x 3).
# - _cells 31 (`len(prefixes) < FEW_PREFIXES`: a piece of exactly 3 prefixes takes the general path): killed by
#   test_a_sheet_of_three_prefixes_with_a_validation_formula_may_hold_formulas (the literal path flags any
#   `<f...` tag, here the data validation's `<formula1>`, as "may hold formulas", which the pipeline's look
#   (uncomputed_formulas) then settles; the general path wants `<f` followed by a blank, ">" or "/"). The
#   flag only gates that look, so what the user is told is the same; the value the caller gets differs.
# - _cells 43 (`cells &=`), 52, 53, 54 (the cell tag "XX<XX", "XXcXX", "C"): "suspicious" (a sheet measured
#   0 x 0 reaches the reader in the older tests); no cell is counted: killed by
#   test_a_streaming_writers_sheet_without_references_is_measured_by_its_rows_and_widest_row (2 x 0 instead
#   of 2 x 3).
# - _cells 84 (`cells, rows = None`), 88 (`cells` zeros as float), 89 (`zeros(None)`), 90 and 92 (`rows` as
#   float), 91 (`zeros(dtype=bool)`) and 107 (`refs, numbers = None`): in the code that was mutated these lines
#   sat in the >3-prefixes branch; in /work/main the masks and lists are made once before the branch, so the
#   mutant is that shared line: TypeError on every sheet (`None` unpacked, no shape), or, for the float masks,
#   on every sheet measured by the literal path (`float |= bool`), i.e. every sheet a program writes.
#   Killed by test_a_streaming_writers_sheet_without_references_is_measured_by_its_rows_and_widest_row and by
#   every test here.
# - _cells 93 (`finditer(None)`), 97 (`group(None)`), 98 (`group(2)`), 105 (`FORMULA_RE.search(None)`):
#   TypeError/IndexError; 94 (`= None`: nothing marked), 95, 100, 101 (every tag a row), 96 (every tag a
#   cell), 99 (cells and rows swapped), 102 (`= False`), 103 (`formulas = None`), 104 (`formulas and ...`):
#   killed by test_a_sheet_mixing_four_namespace_prefixes_is_measured_like_one_prefix (2 x 3 and formulas
#   True expected; the mutants give 0 x 0, 6 x 2, 2 x 6, 4 x 2, formulas None or False).
# - _cells 106 (`FORMULA_RE.search(body) is None`: a sheet without formula flagged): killed by
#   test_a_sheet_mixing_four_namespace_prefixes_without_formula_is_not_flagged.
# - _cells 111 (`and`: the fallback only when both the letters and the numbers are short) and 114
#   (`n_cells - n_rows`): killed by test_an_empty_formatted_row_written_with_r_last_still_counts (a row whose
#   r= is not first is missed by the literal search: 2 rows instead of 9).
# - _cells 112 (`len(refs) <= n_cells`) and 113 (`len(numbers) <= ...`): the fallback taken also when the
#   literal search found every tag. Killed by test_a_tag_name_run_into_a_vertical_tab_is_not_a_cell: COL_RE and
#   ROW_RE (`\s` takes \v) read the reference of `<c\vr="XFD1048576">`, which is no cell (the tag's name is
#   "c\v"; AFTER_TAG has no \v), and measure 1,048,576 x 16,384 instead of 1 x 1.
import io
import zipfile

from core.intake.archive import PIECE, check_archive, scan_parts

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def _zip(sheet_xml: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        z.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", b'<workbook xmlns="' + MAIN + b'"><sheets><sheet name="Llamadas"/></sheets>'
                                      b"</workbook>")
        z.writestr(SHEET, sheet_xml)
    return buffer.getvalue()


def _measured(sheet_xml: bytes, compression: int = zipfile.ZIP_DEFLATED):
    content = _zip(sheet_xml, compression)
    size = scan_parts(content, check_archive(content, "llamadas.xlsx"), "llamadas.xlsx")[SHEET]
    return size.rows, size.cols, size.grid, size.formulas


def test_a_streaming_writers_sheet_without_references_is_measured_by_its_rows_and_widest_row():
    # A streaming writer (no r= on rows or cells): a header of 3 and a data row of 2 -> 2 x 3.
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + MAIN + b'"><sheetData>'
             b'<row><c t="inlineStr"><is><t>Cola</t></is></c><c t="inlineStr"><is><t>Llamadas</t></is></c>'
             b'<c t="inlineStr"><is><t>TMO (seg)</t></is></c></row>'
             b'<row><c t="inlineStr"><is><t>Ventas</t></is></c><c><v>120</v></c></row>'
             b"</sheetData></worksheet>")
    assert _measured(sheet) == (2, 3, 6, False)


def test_cells_written_with_the_x_prefix_and_no_row_tags_are_measured():
    # Hostile: OpenXML SDK's x: prefix, a cell at C5 and no row tag. The reference gives 5 x 3.
    sheet = (b'<x:worksheet xmlns:x="' + MAIN + b'"><x:sheetData><x:c r="C5"><x:v>42</x:v></x:c>'
             b"</x:sheetData></x:worksheet>")
    assert _measured(sheet) == (5, 3, 15, False)


def test_a_prefixed_formula_alone_in_its_1_mb_piece_still_flags_the_sheet():
    # Hostile: a formula of 1 MB under the x: prefix, so that its piece holds `<x:f>` and nothing else prefixed.
    head = (b'<x:worksheet xmlns:x="' + MAIN + b'"><x:sheetData><x:row r="1"><x:c r="A1">')
    first = head + b" " * (PIECE - len(head))                # the first piece ends in blanks after <x:c r="A1">
    formula = b"<x:f>" + b"1+" * (PIECE // 2)                  # the second piece: only the formula
    sheet = first + formula + b"1</x:f></x:c></x:row></x:sheetData></x:worksheet>"
    assert _measured(sheet, zipfile.ZIP_STORED) == (1, 1, 1, True)


def test_excels_list_validation_from_another_sheet_does_not_hide_the_cells():
    # Excel writes a list validation whose source is another sheet in its x14 extension, with <xm:f>.
    sheet = (b'<worksheet xmlns="' + MAIN + b'" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
             b'relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
             b'mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
             b'<dimension ref="A1:C4"/><sheetData>'
             b'<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
             b'<c r="C1" t="s"><v>2</v></c></row>'
             b'<row r="2" spans="1:3" x14ac:dyDescent="0.25"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>120</v></c>'
             b'<c r="C2"><v>185</v></c></row>'
             b'<row r="4" spans="1:3" x14ac:dyDescent="0.25"><c r="A4" t="s"><v>4</v></c><c r="C4"><v>60</v></c></row>'
             b'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
             b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
             b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
             b'count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation '
             b'type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"><x14:formula1>'
             b"<xm:f>Listas!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>A2:A100</xm:sqref></x14:dataValidation>"
             b"</x14:dataValidations></ext></extLst></worksheet>")
    assert _measured(sheet)[:3] == (4, 3, 12)


def test_a_sheet_of_three_prefixes_with_a_validation_formula_may_hold_formulas():
    # Hostile: cells under the default namespace, a: and b:, and a data validation (<formula1>). The literal
    # search flags any "<f" tag as "may hold formulas"; uncomputed_formulas then looks at the cells.
    sheet = (b'<worksheet xmlns="' + MAIN + b'" xmlns:a="' + MAIN + b'" xmlns:b="' + MAIN + b'"><sheetData>'
             b'<row r="1"><c r="A1"><v>1</v></c><a:c r="B1"><a:v>2</a:v></a:c></row>'
             b'<a:row r="2"><b:c r="C2"><b:v>3</b:v></b:c></a:row></sheetData>'
             b'<dataValidations count="1"><dataValidation type="whole" sqref="A2:A9"><formula1>0</formula1>'
             b"</dataValidation></dataValidations></worksheet>")
    assert _measured(sheet) == (2, 3, 6, True)


FOUR = (b'<x:worksheet xmlns:x="' + MAIN + b'" xmlns:a="' + MAIN + b'" xmlns:b="' + MAIN + b'" xmlns="' + MAIN
        + b'"><x:sheetData>'
          b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><a:c r="B1"><a:v>2</a:v></a:c></x:row>'
          b'<b:row r="2"><c r="A2"><v>3</v></c><b:c r="C2">CELL</b:c></b:row>'
          b"</x:sheetData></x:worksheet>")


def test_a_sheet_mixing_four_namespace_prefixes_is_measured_like_one_prefix():
    # Hostile: x:, a:, b: and the default namespace in one sheet (the general path): 2 rows, 3 columns.
    assert _measured(FOUR.replace(b"CELL", b"<b:f>A1+B1</b:f><b:v>3</b:v>")) == (2, 3, 6, True)


def test_a_sheet_mixing_four_namespace_prefixes_without_formula_is_not_flagged():
    assert _measured(FOUR.replace(b"CELL", b"<b:v>3</b:v>")) == (2, 3, 6, False)


def test_an_empty_formatted_row_written_with_r_last_still_counts():
    # A writer that puts r= last on a row tag: the literal search misses row 9, the regex reads it.
    sheet = (b'<worksheet xmlns="' + MAIN + b'"><sheetData>'
             b'<row r="1"><c r="A1" t="inlineStr"><is><t>Cola</t></is></c><c r="B1"><v>120</v></c></row>'
             b'<row ht="30" customHeight="1" r="9"/></sheetData></worksheet>')
    assert _measured(sheet) == (9, 2, 18, False)


def test_a_tag_name_run_into_a_vertical_tab_is_not_a_cell():
    # Hostile: `<c\vr="XFD1048576">` is an element named "c\v", no cell; the sheet is its one cell at A1.
    sheet = (b'<worksheet xmlns="' + MAIN + b'"><sheetData><row r="1"><c r="A1"><v>1</v></c>'
             b'<c\x0br="XFD1048576"><v>2</v></c></row></sheetData></worksheet>')
    assert _measured(sheet) == (1, 1, 1, False)
