"""Kill tests for the survivors of intake.archive's latest full mutation run (issue 20, docs/MUTATION.md), part d:
all 26 survivors (_raw, _starts, check_archive, scan_parts, _Scanner.__init__, _Scanner._cells, _Scanner.feed in
core/intake/archive.py).

Most survivors sit where the sheet scanner meets the 1 MB read boundary or a namespace prefix, so the workbooks
here have their sheet XML written by hand inside the zip, in the forms real and hostile writers use: Excel's
default namespace with inline strings and a title block, the OpenXML SDK's `x:` prefix (with or without cell
references), Excel's x14 list validation (`<xm:f>`), long formulas, empty formatted rows, a workbook unzipped and
zipped again with folder entries, and hostile ones (a 3 MB inline text, a cell tag of 520 bytes, a tag name run
into a vertical tab, a DOCTYPE). Sheets longer than one piece are stored (not deflated), so the pieces the scanner
reads are exactly the 1,048,576-byte slices of the sheet's XML; the tests place a tag at an exact byte offset and
assert that (the builders check where each boundary falls). Every test checks what the scan measured (through
readers.checked_parts, before any reader opens the file) or the exact refusal, and every expected value is written
out by hand.
"""
# full run
# intake.archive, part d (26 survivors of the latest full run; 18 killed, 8 equivalent). Every kill checked on a
# copy of /work/main with the mutant's diff applied: its test fails there and passes here.
# - _raw 4 (`content[start:start + 31]`) and 33 (`head[26:31]`): equivalent (as in test_intake_archive_full_run_c.py
#   and test_intake_archive_rerun.py; _raw is unchanged). `head` is only used through `len(head) < 30` (a slice
#   of 31 bytes is shorter than 30 exactly when the slice of 30 is), head[:4] and head[26:30]; with the real
#   slice of 30 bytes head[26:31] is head[26:30].
# - _starts 3 (`span < 0`): equivalent (as in test_intake_archive_rerun.py). With span == 0 the mutant builds a mask
#   and `follows` of length 0 and returns concatenate((empty, zeros(len(data)))): the same all-False bool array
#   the early return gives.
# - _starts 13 (`max(len(data), 1)`): equivalent. It differs only for an empty `data`, and _cells calls _starts
#   only inside `for p in prefixes`, which is empty unless the body holds "<c", "<row", "<f" or a prefixed tag
#   (so len(data) >= 2). (Even an empty body would give the same: `cells |= zeros(1)` broadcasts into an array
#   of 0 items, as test_intake_archive_rerun.py says.) The max(..., 0) could be removed: a length is never
#   negative; code says nothing.
# - check_archive 105 (`max(info.compress_size, 2)` in the ratio condition): equivalent (as check_archive 71 in
#   test_intake_archive_full_run_c.py). It changes the bound only for a compressed size of 0 or 1 byte (500
#   instead of 0 or 250 bytes), and the condition already requires file_size > RATIO_FLOOR (10 MB), over both.
# - scan_parts 29 (`scanner.close() if (xml) or True`): equivalent (as scan_parts 27 in
#   test_intake_archive_full_run_b.py). A part that is not XML is never fed (`if xml: scanner.feed(chunk)`) and
#   is never a sheet (`xml = sheet or ...`), and close() of a scanner fed nothing is PartSize(): feed(b"") finds
#   no "<" (nothing carried, no DOCTYPE), _texts(b"", False) measures 0 and leaves run 0, and close maxes
#   0 + len(b""); rows, cols, letters, formulas and runs stay as built. Code says nothing: could be
#   `size = scanner.close()`.
# - __init__ 7 (`after_inline = None`): equivalent. `after_inline` is read only in feed's
#   `if not self.sheet or inline or self.after_inline`, where None and False are both false, and every feed
#   ends with `self.after_inline = inline` (a bool) before it is read again.
# - feed 57 (`len(body) if (end < 0) and False else end`): equivalent (as feed 46 in
#   test_intake_archive_full_run_b.py; feed is unchanged there). With end < 0 (the carried text runs through the
#   whole piece) the mutant maxes run - 1 into `longest` instead of run + len(body); but run + len(body) is the
#   new run (the next, unmutated line), and every run is maxed in again later, equal or longer: by _texts
#   (`first = run + ...`) or the `elif self.run` branch of the next piece, or at close (feed(b"") maxes run + 0,
#   then close run + len(carry)); nothing reads `longest` before close (too_big reads rows and columns, and a
#   scan stopped by too_big is closed too).
#   (The eight equivalents checked: this file and test_intake_archive_full_run_b.py, _c.py and _rerun.py pass on
#   each; for _starts 3 and 13, __init__ 7 and feed 57 the mutant's and the code's _Scanner give the same PartSize
#   for 4,000 random sheets and parts fed in random pieces with TAIL at 16, where feed 59 and 67 differ.)
# - feed 59 (`end <= 0`) and 60 (`end < 1`) in the measure, 65 (`end <= 0`) and 66 (`end < 1`) in the run kept:
#   killed by test_a_600_character_formula_ending_exactly_at_the_2_mb_read_boundary_is_measured_as_602_bytes
#   (when an unmeasured piece starts with the "</f>" that ends the carried text, 59/60 add the whole piece,
#   65/66 keep it in the run to close: 602 + 400,000 bytes, refused as cell_too_long).
# - feed 62 (`run + len(body) if (end < 0) and False else 0`) and 64 (`run - len(body)`): killed by
#   test_a_3_mb_inline_text_pasted_in_one_cell_is_refused_with_its_whole_length (the text runs through two
#   whole pieces and ends 54,767 bytes into the fourth: the run is dropped or shrunk at the third piece, so
#   found is 3,145,235 or less instead of 3,200,002).
# - feed 67 (`else 1`: the run left at 1 once a carried text ended): killed by
#   test_a_formula_tail_after_the_3_mb_boundary_is_measured_by_its_own_bytes (the 800 bytes of a 1,500-character
#   formula read in the fourth piece, which holds an inline text, are measured 801).
# - feed 12 (`len(data) - cut < TAIL`: a tail of exactly 512 bytes after the last "<" not carried): killed by
#   test_a_long_inline_cell_whose_520_byte_tag_is_cut_at_the_1_mb_boundary_is_refused (the cell tag starts
#   512 bytes before the boundary, which cuts its t="inlineStr": not carried, neither piece holds the whole
#   mark and the 400,000-character text is never measured; the code refuses it, found 400002). (This also
#   covers the cases test_intake_archive_full_run_b.py found only caller-visible or "never written".)
# - scan_parts 2 (`break` at a folder entry: the parts after it are not measured): killed by
#   test_a_workbook_zipped_again_with_folder_entries_still_has_its_doctype_refused. (The older kill in
#   test_intake_archive_full_run_b.py no longer kills it: a sheet that was not measured is now read as
#   "may hold long texts", so its 40,000-character cell is refused after reading either way.)
# - _cells 8 (`(...) or True`: the default namespace always searched, so a piece of three prefixes and no
#   unprefixed tag makes four and takes the general path): killed by
#   test_a_sheet_of_three_prefixes_only_with_a_validation_formula_may_hold_formulas (the literal search flags
#   `<x:formula1>` as "may hold formulas", the general path does not: formulas False instead of True).
# - _cells 16 ("XX<fXX") and 17 ("<F"): a piece holding "<f" but no "<c" or "<row" is not searched: killed by
#   test_a_total_formula_carried_alone_over_the_1_mb_boundary_still_flags_the_sheet (the sheet's one formula,
#   whose "<f>" is carried into the last piece, goes unseen: formulas False).
# - _cells 22 ("XX:rowXX") and 23 (":ROW"): a piece with "<x:row" but no ":c" or ":f" finds no prefix: killed by
#   test_empty_formatted_x_rows_after_the_1_mb_boundary_are_counted (the three empty rows formatted below the
#   data, in the last piece: 11,038 rows instead of 11,041).
# - _cells 42 (`cells =`: only the last prefix's cells kept) and 55 (`rows =`: only the last prefix's rows):
#   killed by test_an_sdk_sheet_without_references_and_a_list_validation_is_measured_by_its_rows_and_widest_row
#   (prefixes x: and xm:, the latter only in `<xm:f>`; no cell or no row tag counted: 2 x 0 or 1 x 5 instead
#   of 2 x 3).
# - _cells 78 (`refs =`: only the last prefix's letters) and 81 (`numbers =`: only the last prefix's numbers):
#   killed by test_a_list_validated_sheet_with_a_tag_run_into_a_vertical_tab_is_measured_by_its_real_cells.
#   With the default namespace and xm: (Excel's list validation) the mutants keep xm:'s empty list, fall back
#   to COL_RE/ROW_RE, whose \s takes \v, and read `<c\vr="XFD1048576">` (no cell) as one: 1,048,576 x 16,384
#   instead of 4 x 3. For a file without \v or \f in a tag name they could not differ: each prefix's literal
#   references sit at its counted tags, so the fallback is skipped only when one list holds them all.
#
# No real bug found in this share.
import io
import zipfile

import openpyxl
import pytest

from core.intake.archive import PIECE
from core.intake.problems import Reject
from core.intake.readers import checked_parts

DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'  # as Excel starts every part
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"
ROOT = DECL + b'<worksheet xmlns="' + MAIN + b'"><sheetData>'
END = (b'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
       b"</worksheet>")
TITLE = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Llamadas por cola - marzo 2025</t></is></c></row>'
         b'<row r="2"><c r="A2" t="inlineStr"><is><t>Llamadas</t></is></c><c r="B2" t="inlineStr"><is><t>TMO (seg)'
         b'</t></is></c><c r="C2" t="inlineStr"><is><t>Total</t></is></c></row>')
LIST_VALIDATION = (  # Excel's list validation whose source is another sheet (x14 extension, <xm:f>)
    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1" '
    b'showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>Colas!$A$1:$A$3</xm:f></x14:formula1>'
    b"<xm:sqref>A3:A100</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>")


def _zip(sheet: bytes, compression: int = zipfile.ZIP_STORED) -> bytes:
    """A workbook of one sheet, "Llamadas"; stored by default, so that the scanner's 1 MB pieces are the exact
    1,048,576-byte slices of the sheet's XML."""
    parts = {"[Content_Types].xml": DECL + b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                                           b'content-types"/>',
             "xl/workbook.xml": DECL + b'<workbook xmlns="' + MAIN + b'"><sheets><sheet name="Llamadas" sheetId="1"/>'
                                       b"</sheets></workbook>",
             SHEET: sheet}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _measured(sheet: bytes, compression: int = zipfile.ZIP_STORED):
    """(rows, cols, longest text, may hold formulas) of the sheet, as the readers get it from the scan."""
    size = checked_parts(_zip(sheet, compression), "llamadas.xlsx", "zip")[SHEET]
    return size.rows, size.cols, size.longest, size.formulas


def _refusal(sheet: bytes):
    with pytest.raises(Reject) as refused:
        checked_parts(_zip(sheet), "llamadas.xlsx", "zip")
    p = refused.value.problem
    return p.severity, p.code, p.found, p.expected


def _rows(first: int, last: int, prefix: bytes = b"") -> bytes:
    """Data rows first..last, each with its calls in A and its handling time in B (references written)."""
    p = prefix
    return b"".join(b"<%srow r=\"%d\"><%sc r=\"A%d\"><%sv>%d</%sv></%sc><%sc r=\"B%d\"><%sv>120</%sv></%sc></%srow>"
                    % (p, n, p, n, p, n, p, p, p, n, p, p, p, p) for n in range(first, last + 1))


def _padded_to(xml: bytes, offset: int) -> bytes:
    """`xml` followed by the blank a pretty-printing writer leaves between tags, up to byte `offset` (a few
    hundred bytes at most: the builders check that the next tag then starts exactly at `offset`)."""
    assert 0 < offset - len(xml) < 400, offset - len(xml)
    return xml + b"\n" + b" " * (offset - len(xml) - 1)


def _formula(length: int) -> bytes:
    formula = b"+".join(b"B%d" % n for n in range(3, 1000))[:length]
    assert len(formula) == length and formula[-1:] != b"+"
    return formula


# ---------------------------------------------------------------- texts carried over the 1 MB read boundary

def test_a_600_character_formula_ending_exactly_at_the_2_mb_read_boundary_is_measured_as_602_bytes():
    # A call log: title and header as inline strings (piece 1), numbers only after them, and in row 27,096 a
    # 600-character formula (Excel allows 8,192) whose text ends exactly at byte 2,097,152: the third piece starts
    # with its "</f>", 400,000 bytes of rows follow. The formula is the longest text (602 bytes with "f>"); a
    # scanner that counted the third piece into it would refuse the sheet as a text of 400,000 bytes.
    start = 2 * PIECE - 603   # "<f>" + 600 characters end at 2 MB; no "<" in its last 512 bytes: nothing carried
    row = b'<row r="27096"><c r="A27096"><v>27096</v></c><c r="B27096"><v>120</v></c><c r="C27096">'
    sheet = _padded_to(ROOT + TITLE + _rows(3, 27095) + row, start) + b"<f>" + _formula(600)
    assert len(sheet) == 2 * PIECE
    sheet += b"</f><v>3251520</v></c></row>" + _rows(27097, 32158) + END
    assert _measured(sheet) == (32158, 3, 602, True)


def test_a_3_mb_inline_text_pasted_in_one_cell_is_refused_with_its_whole_length():
    # Hostile: 3,200,000 characters pasted as an inline text in D4. It starts in the first 1 MB piece, runs
    # through the second and third whole (no "<" in them) and ends 54,767 bytes into the fourth. The scan refuses
    # it before any reader opens the file, with its whole length ("t>" + 3,200,000 bytes).
    text = (b"Llamada transferida a la cola de ventas; " * 78_049)[:3_200_000]
    head = ROOT + TITLE + b'<row r="4"><c r="A4"><v>4</v></c><c r="B4"><v>120</v></c><c r="D4" t="inlineStr"><is><t>'
    sheet = head + text + b"</t></is></c></row>" + END
    assert len(head) + len(text) - 3 * PIECE == 54_767 and b"<" not in text
    assert _refusal(sheet) == ("error", "cell_too_long", "3200002", "32767")


def test_a_formula_tail_after_the_3_mb_boundary_is_measured_by_its_own_bytes():
    # Four pieces: the inline title (piece 1); numbers, then a 600-character formula ending exactly at 2 MB
    # (piece 2); numbers, then a 1,500-character formula in row 40,359 whose first 700 characters end piece 3
    # (its "<f>" 703 bytes before 3 MB: not carried); piece 4 holds the other 800 and an inline note. Texts are
    # measured in the pieces that hold an inline text: the longest is those 800 bytes (the 602 of the first
    # formula measured too), not 801.
    first = b'<row r="27096"><c r="A27096"><v>27096</v></c><c r="B27096"><v>120</v></c><c r="C27096">'
    second = b'<row r="40359"><c r="A40359"><v>40359</v></c><c r="B40359"><v>120</v></c><c r="C40359">'
    sheet = _padded_to(ROOT + TITLE + _rows(3, 27095) + first, 2 * PIECE - 603) + b"<f>" + _formula(600)
    sheet += b"</f><v>3251520</v></c></row>" + _rows(27097, 40358) + second
    sheet = _padded_to(sheet, 3 * PIECE - 703) + b"<f>" + _formula(1500)
    assert len(sheet) == 3 * PIECE + 800
    sheet += (b'</f><v>4799880</v></c></row><row r="40360"><c r="A40360" t="inlineStr"><is><t>Nota: cifras '
              b"preliminares</t></is></c></row>" + END)
    assert _measured(sheet) == (40360, 3, 800, True)


def test_a_long_inline_cell_whose_520_byte_tag_is_cut_at_the_1_mb_boundary_is_refused():
    # Hostile: a writer that repeats the root's namespace declarations on a cell, making its tag 520 bytes long.
    # The tag starts exactly 512 bytes before the 1 MB boundary, which cuts its t="inlineStr" (t="inl | ineStr").
    # It is carried whole to the next piece, so the 400,000-character text after it is measured and refused.
    # No other inline text in the sheet (its title is a shared string).
    start = PIECE - 512
    tag = (b'<c r="D13828" s="1" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
           b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           b'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
           b'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
           b'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
           b'xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6"')
    tag += b" " * (506 - len(tag)) + b't="inlineStr">'
    row = b'<row r="13828"><c r="A13828"><v>13828</v></c><c r="B13828"><v>120</v></c>'
    sheet = _padded_to(ROOT + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + _rows(3, 13827) + row, start) + tag
    assert sheet[PIECE - 6:PIECE] == b't="inl' and len(tag) == 520
    sheet += b"<is><t>" + b"x" * 400_000 + b"</t></is></c></row>" + END
    assert _refusal(sheet) == ("error", "cell_too_long", "400002", "32767")


# ---------------------------------------------------------------- tags carried alone into a piece

def test_a_total_formula_carried_alone_over_the_1_mb_boundary_still_flags_the_sheet():
    # The sheet's one formula is the total in its last row; its "<f>" starts 10 bytes before the 1 MB boundary,
    # so it is carried into the last piece, which holds no "<c" or "<row" tag ("</c></row>" close them). The
    # sheet may hold formulas (uncomputed_formulas then looks at its cells): True.
    row = b'<row r="13831"><c r="A13831" t="inlineStr"><is><t>Total</t></is></c><c r="B13831">'
    sheet = _padded_to(ROOT + TITLE + _rows(3, 13830) + row, PIECE - 10) + b"<f>SUM(B3:B13830)</f><v>1659360</v>"
    sheet += b"</c></row>" + END
    rows, cols, _, formulas = _measured(sheet)
    assert (rows, cols, formulas) == (13831, 3, True)


def test_empty_formatted_x_rows_after_the_1_mb_boundary_are_counted():
    # The OpenXML SDK's x: prefix: data rows up to 11,038, then three empty rows formatted for totals (taller,
    # as Excel writes them); the first starts 20 bytes before the 1 MB boundary, so the last piece holds only
    # "<x:row" tags and the closing ones (no ":c" nor ":f"). The sheet is 11,041 rows of 2 columns.
    empty = b"".join(b'<x:row r="%d" ht="24.75" customHeight="1"/>' % n for n in (11039, 11040, 11041))
    sheet = _padded_to(DECL + b'<x:worksheet xmlns:x="' + MAIN + b'"><x:sheetData>' + _rows(1, 11038, b"x:"),
                       PIECE - 20) + empty + b"</x:sheetData></x:worksheet>"
    assert b":c" not in sheet[PIECE - 20:] and b":f" not in sheet[PIECE - 20:]
    assert _measured(sheet)[:2] == (11041, 2)


# ---------------------------------------------------------------- several namespace prefixes in one piece

def test_a_sheet_of_three_prefixes_only_with_a_validation_formula_may_hold_formulas():
    # Hostile: every tag under one of x:, a: or b: (none in the default namespace), and a whole-number data
    # validation (<x:formula1>). The literal search of three prefixes flags any "<x:f" tag as "may hold
    # formulas" (uncomputed_formulas then settles it): 2 rows, 3 columns, formulas True.
    sheet = (b'<x:worksheet xmlns:x="' + MAIN + b'" xmlns:a="' + MAIN + b'" xmlns:b="' + MAIN + b'"><x:sheetData>'
             b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><a:c r="B1"><a:v>2</a:v></a:c></x:row>'
             b'<a:row r="2"><b:c r="C2"><b:v>3</b:v></b:c></a:row></x:sheetData>'
             b'<x:dataValidations count="1"><x:dataValidation type="whole" sqref="A2:A9"><x:formula1>0</x:formula1>'
             b"</x:dataValidation></x:dataValidations></x:worksheet>")
    rows, cols, _, formulas = _measured(sheet, zipfile.ZIP_DEFLATED)
    assert (rows, cols, formulas) == (2, 3, True)


def test_an_sdk_sheet_without_references_and_a_list_validation_is_measured_by_its_rows_and_widest_row():
    # A program built on the OpenXML SDK that sets no CellReference/RowIndex (x: prefix, no r=), with a list
    # validation whose source is another sheet (<xm:f>): a header of 3 cells and a data row of 2 -> 2 x 3.
    sheet = (b'<x:worksheet xmlns:x="' + MAIN + b'"><x:sheetData>'
             b'<x:row><x:c t="inlineStr"><x:is><x:t>Cola</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Llamadas'
             b'</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>TMO (seg)</x:t></x:is></x:c></x:row>'
             b'<x:row><x:c t="inlineStr"><x:is><x:t>Ventas</x:t></x:is></x:c><x:c><x:v>120</x:v></x:c></x:row>'
             b"</x:sheetData>" + LIST_VALIDATION.replace(b"<ext", b"<x:ext").replace(b"</ext", b"</x:ext")
             .replace(b"extLst>", b"x:extLst>") + b"</x:worksheet>")
    assert _measured(sheet, zipfile.ZIP_DEFLATED)[:2] == (2, 3)


def test_a_list_validated_sheet_with_a_tag_run_into_a_vertical_tab_is_measured_by_its_real_cells():
    # Excel's list validation (<xm:f>) in a sheet of 4 rows x 3 columns, and a hostile element named "c\v"
    # (`<c\vr="XFD1048576">`), which is no cell: the sheet stays 4 x 3.
    sheet = (ROOT + b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v>'
             b'</c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>120</v></c><c r="C2"><v>185</v></c>'
             b'</row><row r="4"><c r="A4" t="s"><v>4</v></c><c r="C4"><v>60</v></c>'
             b'<c\x0br="XFD1048576"><v>2</v></c></row></sheetData>' + LIST_VALIDATION + b"</worksheet>")
    assert _measured(sheet, zipfile.ZIP_DEFLATED)[:2] == (4, 3)


# ---------------------------------------------------------------- parts after a folder entry

def test_a_workbook_zipped_again_with_folder_entries_still_has_its_doctype_refused():
    # Excel's workbook unzipped (to fix a part by hand) and zipped again with Windows' "Send to > Compressed
    # folder" or `zip -r`: the zip lists the folders ("docProps/", "xl/", ...) before their parts. The sheet now
    # starts with an entity bomb's DOCTYPE: refused before any reader opens it, naming the sheet's part.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Llamadas"
    ws.append(["Llamadas por cola - marzo 2025"])
    ws.append([])
    ws.append(["Cola", "Llamadas", "TMO (seg)"])
    ws.append(["Ventas", 120, 185])
    original = io.BytesIO()
    wb.save(original)
    bomb = b'<!DOCTYPE worksheet [<!ENTITY a "jajajajaja"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    out, folders = io.BytesIO(), set()
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            for depth in range(name.count("/")):
                folder = "/".join(name.split("/")[:depth + 1]) + "/"
                if folder not in folders:
                    folders.add(folder)
                    dst.writestr(zipfile.ZipInfo(folder), b"")
            data = src.read(name)
            dst.writestr(name, DECL + bomb + data if name == SHEET else data)
    content = out.getvalue()
    assert zipfile.ZipFile(io.BytesIO(content)).namelist()[:2] == ["docProps/", "docProps/app.xml"]
    with pytest.raises(Reject) as refused:
        checked_parts(content, "llamadas.xlsx", "zip")
    p = refused.value.problem
    assert (p.severity, p.code, p.found) == ("error", "zip_bomb", "xl/worksheets/sheet1.xml: DOCTYPE")
