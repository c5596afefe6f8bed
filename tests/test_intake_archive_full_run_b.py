"""Kill tests for the survivors of intake.archive's full mutation run (issue 20, docs/MUTATION.md), part b:
_Scanner.feed, _Scanner._texts, _Scanner.close and scan_parts (core/intake/archive.py).

Workbooks are built as Excel writes them (an XML declaration, shared strings, a title block above the header,
Spanish headers such as "Cumplimiento (%)"), as openpyxl writes them (inline strings, formulas without a saved
value), or edited inside the zip where a program or a hostile file writes something else (a comment, a
DOCTYPE, folder entries, a part longer than one 1 MB read piece). Every expected value is written out by hand.
"""
# full run
# intake.archive, share b (37 survivors: feed, _texts, close, scan_parts):
# (Every kill checked on a copy with the mutant applied: its tests fail there and pass here.)
# - scan_parts 11 (`sheet=None`), 12 (`startswith(...) and name in sheets`), 14 ("XXxl/worksheets/XX"),
#   15 ("XL/WORKSHEETS/"): the worksheet is measured as a plain part (no cells, no `<f`), and 26 (`xml and False`:
#   no part measured): killed by test_report_saved_by_a_program_that_does_not_calculate_warns_of_its_formulas
#   (the sheet's formulas flag stays False: no formula_no_value warning). These were "suspicious" in the run:
#   with the sheets measured as empty, the hostile tests' oversized sheets go to the reader.
# - scan_parts 16 (`name not in sheets`: every part measured as a sheet, the shared strings too): killed by
#   test_shared_comment_over_excel_limit_is_refused_naming_its_cell (a sheet's longest text counts only inline
#   texts, so the 40,000-character shared string goes unseen and the cell is read).
# - scan_parts 2 (`break` at a folder entry: the parts after it are not measured): killed by
#   test_workbook_zipped_again_with_folder_entries_still_has_its_long_cell_refused.
# - scan_parts 27 (`scanner.close() if (xml) or True`): equivalent, code says nothing: could be removed
#   (`size = scanner.close()`). A part that is not XML is never fed (`if xml: scanner.feed(chunk)` is not
#   mutated), and close() of a scanner fed nothing is PartSize(): feed(b"") scans an empty piece (no rows,
#   cells, letters, formulas; longest max(0, 0 + 0)); checked equal to PartSize() for sheet True and False.
# - scan_parts 28 (`>=`): killed by test_shared_string_exactly_at_the_scan_limit_is_left_to_the_cell_check.
# - scan_parts 34 (expected=None), 39 (expected left out), 45 (expected "None"): killed by
#   test_shared_string_far_over_the_limit_is_refused_before_the_sheet_is_read (the message's limit, 32767).
# - _texts 21 (`pieces[2:]`: the first tag of each piece and the text after it not measured): killed by
#   test_long_shared_string_cut_by_the_1_mb_read_boundary_is_still_refused (the string's `<t>` is carried over
#   the boundary, so its text is the first one of the next piece).
# - _texts 22 (`default=1`): killed by test_empty_part_measures_nothing (a 0-byte XML part: longest 0, not 1).
# - feed 17 (`b"<!" in body or ...`), 23 (`b"<!DOCTYPE" not in body or ...`) and 26 (`b"<!ENTITY" not in body`):
#   killed by test_sheet_with_a_comment_from_its_exporter_is_read (a `<!--` comment refused as a DOCTYPE).
# - feed 20 (DOCTYPE `and` ENTITY), 21 ("XX<!DOCTYPEXX"), 22 ("<!doctype"): killed by
#   test_sheet_pointing_to_an_external_dtd_is_refused (a DOCTYPE that declares no entity).
# - feed 24 ("XX<!ENTITYXX") and 25 ("<!entity"): killed by
#   test_entity_declaration_quoted_in_a_comment_is_refused_too. For XML a program writes they could not
#   differ: an `<!ENTITY` stands inside a DOCTYPE, whose `<!DOCTYPE` is refused in the same or an earlier piece
#   (a piece ends at a `<` or more than 512 bytes past the last one, so `<!DOCTYPE` is never cut).
# - feed 6 (`rfind(b"XX<XX")`), 7 (`complete = None`), 11 (`len(data) + cut <= TAIL`), 14 (`complete and
#   False`): no tag carried to the next piece. Killed by test_cell_reference_cut_by_the_1_mb_read_boundary_is_
#   counted (its column F lost) and by test_empty_shared_strings_table_measures_its_one_tag.
# - feed 9 (`1 <= cut`), 10 (`0 < cut`): the closing tag, carried to close, scanned as a piece instead;
#   close 2 (`feed(b"XXXX")`), close 8 (`run - len(carry)`): killed by
#   test_sheet_of_shared_strings_measures_only_its_closing_tag and
#   test_empty_shared_strings_table_measures_its_one_tag.
# - feed 31 (`mark not in body`: every piece of a sheet measured as text): killed by
#   test_sheet_of_shared_strings_measures_only_its_closing_tag (the sheet's tags counted as its texts).
# - feed 33 (`_texts(body, None)`) and _texts 24 (`complete and False`), _texts 26 (`run = 1` after a
#   complete piece): the run not reset after a piece that ends at a tag; killed by
#   test_empty_shared_strings_table_measures_its_one_tag (its one tag measured together with the declaration
#   before it, or one byte longer).
# - feed 46 (`len(body) if (end < 0) and False else end`): equivalent, code says nothing: could be removed
#   (the max is needed only when end >= 0). With end < 0 (an inline text running through the whole piece) the
#   value maxed in, run + len(body), is the new run itself, and every run is maxed in again later, longer or
#   equal: at the piece where the text ends (run + end) or at close (feed(b"") maxes run + 0, then close
#   run + len(carry)); nothing reads `longest` before close (too_big reads rows and columns). Checked: the
#   mutant and the code give the same PartSize for 20,000 random sheets and parts fed in pieces of 8 to 1,000
#   bytes with TAIL at 16.
# - feed 56 (`else 1`: the run left at 1 instead of 0 when a carried inline text ends in a piece without an
#   inline mark; the `elif self.run` branch then runs on every later piece without a mark): equivalent for
#   every file a spreadsheet program writes. It changes `longest` only (a) by 1, on the first text of a later
#   piece that holds an inline mark and starts inside a text the piece before did not measure: the rest of a
#   formula (`<f>`, not a cell's text) cut by a read boundary, or of an inline text whose `<t>` was carried
#   (the bug below); at close `run + len(carry)` gains 1 only after a run of 512 bytes or more was counted,
#   so longest stays; (b) by
#   counting a later piece that holds no `<` at all, a text of more than 1 MB - 512 bytes, which no program
#   writes in a sheet (Excel's limits: 32,767 characters in a cell, 8,192 in a formula); there the mutant
#   measures what the code leaves unmeasured (a formula; or the bug's inline text, which it should measure).
# - feed 12 (`len(data) - cut < TAIL`: a tail of exactly 512 bytes after the last `<` not carried): equivalent
#   for every file a spreadsheet program writes. The tail is then scanned with this piece (complete=False)
#   instead of the next: a text in it is measured as run + the rest, the same total; a tag in it (`<c r="F9"`,
#   `<row r="9"`, `<f`, `<!DOCTYPE`) starts at its `<` and is whole in it. It differs only (a) for the last
#   piece of a part whose closing tag and trailing bytes are exactly 512 bytes long (longest 511 or 0 instead
#   of 512, far under any limit), (b) for a cell tag of 512 bytes whose `t="inlineStr"` is cut, (c) in a
#   sheet, when the 512 bytes start the text of a formula (measured whole or in part) or of an inline text:
#   there the mutant measures the text and the code does not (the bug below), so after its fix that is equal.
#
# Bug found (test_inline_comment_over_excel_limit_that_starts_at_the_1_mb_read_boundary_is_refused; fixed in
# feed, eighth session: the piece after one holding an inline mark is measured too):
# in a worksheet, texts are measured only in pieces that hold an inline mark (t="inlineStr" or t="str").
# When the last `<` of a 1 MB piece is the `<is>` or `<t>` of an inline text (the text starts within the
# piece's last 512 bytes), that tag is carried to the next piece, which holds no mark when no other inline
# text follows it there: the text is never measured (nor the pieces after it, if it runs on). A 40,000-
# character comment there is read instead of refused as cell_too_long (checked: the workbook of that test
# loads its 7,870 rows), and a text of any length, past TEXT_BYTES, reaches the reader. Fix (checked on a copy:
# that test then passes and this file's other tests still do): also measure the texts of the piece right after
# one that holds an inline mark: in feed, `inline = any(mark in body for mark in INLINE)`,
# `if not self.sheet or inline or self.after_inline: self._texts(body, complete)`, then
# `self.after_inline = inline` (False in __init__).
import io
import zipfile

import openpyxl

from core.intake import load
from core.intake.readers import checked_parts
from core.schemas import INDICATORS

DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'  # as Excel starts every part
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = b"http://schemas.openxmlformats.org/package/2006/relationships"
REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TITLE = "Tablero de indicadores - Clínica San Rafael"
PIECE = 1 << 20  # archive.PIECE: the stream is read 1 MB at a time
COMMENT = "Llamar al paciente; " * 1999 + "llamar de nuevo hoy."  # 20 x 1,999 + 20 = 40,000 characters


def _cell(ref: str, value, strings: list) -> bytes:
    if isinstance(value, str):
        return b'<c r="%s" t="s"><v>%d</v></c>' % (ref.encode(), strings.index(value))
    return b'<c r="%s"><v>%s</v></c>' % (ref.encode(), str(value).encode())


def _sheet(rows: dict, strings: list, before_data: bytes = b"") -> bytes:
    """A worksheet as Excel writes it: rows {number: [values from column A]}, texts as shared strings."""
    xml = [DECL, b'<worksheet xmlns="', MAIN, b'">', before_data, b"<sheetData>"]
    for number, values in rows.items():
        xml.append(b'<row r="%d">' % number)
        xml += [_cell(f"{'ABCDEFGH'[i]}{number}", v, strings) for i, v in enumerate(values) if v is not None]
        xml.append(b"</row>")
    xml.append(b'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
               b'footer="0.3"/></worksheet>')
    return b"".join(xml)


def _strings(texts: list) -> bytes:
    items = b"".join(b"<si><t>" + t.encode() + b"</t></si>" for t in texts)
    return DECL + b'<sst xmlns="%s" count="%d" uniqueCount="%d">' % (MAIN, len(texts), len(texts)) + items + b"</sst>"


def _excel(sheet: bytes, strings: bytes, extra: dict | None = None, folders: bool = False) -> bytes:
    """The parts of an Excel workbook (one sheet, "Indicadores"), zipped; `folders`: with folder entries, as
    a workbook unzipped and zipped again (Windows' "Send to > Compressed folder", `zip -r`) has them."""
    parts = {
        "[Content_Types].xml": DECL + b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml"'
        b' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": DECL + b'<Relationships xmlns="' + RELS + b'"><Relationship Id="rId1" Type="' + REL
        + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": DECL + b'<workbook xmlns="' + MAIN + b'" xmlns:r="' + REL + b'"><sheets>'
        b'<sheet name="Indicadores" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": DECL + b'<Relationships xmlns="' + RELS + b'"><Relationship Id="rId1" Type="'
        + REL + b'/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="' + REL
        + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings,
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        folders_written = set()
        for name, data in parts.items():
            for depth in range(name.count("/") if folders else 0):
                folder = "/".join(name.split("/")[:depth + 1]) + "/"
                if folder not in folders_written:
                    folders_written.add(folder)
                    archive.writestr(zipfile.ZipInfo(folder), b"")
            archive.writestr(name, data)
    return out.getvalue()


def _tablero(comment: str = "Meta anual", before_data: bytes = b"", extra: dict | None = None,
             folders: bool = False) -> bytes:
    """The clinic's indicators: a title on row 1, the header on row 3, two indicators; "Comentario" (D)
    holds `comment` on row 4. `before_data`: written in the sheet before <sheetData>."""
    texts = [TITLE, "Indicador", "Valor", "Meta", "Comentario", "Oportunidad de cita (días)",
             "Satisfacción (%)", "Sin comentario", comment]
    rows = {1: [TITLE], 3: ["Indicador", "Valor", "Meta", "Comentario"],
            4: ["Oportunidad de cita (días)", 3.5, 3, comment], 5: ["Satisfacción (%)", 91.2, 90, "Sin comentario"]}
    return _excel(_sheet(rows, texts, before_data), _strings(texts), extra, folders)


def _problem(content: bytes):
    result = load(content, "tablero.xlsx", INDICATORS)
    assert result.data is None and len(result.problems) == 1
    p = result.problems[0]
    return (p.severity, p.code, p.row, p.column, p.found, p.expected)


def _read_ok(content: bytes):
    result = load(content, "tablero.xlsx", INDICATORS)
    assert [p.code for p in result.problems if p.severity == "error"] == []
    assert list(result.data["indicator"]) == ["Oportunidad de cita (días)", "Satisfacción (%)"]
    assert list(result.data["value"]) == [3.5, 91.2]
    return result


def test_report_saved_by_a_program_that_does_not_calculate_warns_of_its_formulas():
    # openpyxl (like many reporting tools) writes formulas without their value: the reader sees empty
    # cells, so the user is told which ones (D4 and D5, "Cumplimiento (%)" = Valor / Meta x 100).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indicadores"
    ws.append([TITLE])
    ws.append([])
    ws.append(["Indicador", "Valor", "Meta", "Cumplimiento (%)"])
    ws.append(["Oportunidad de cita (días)", 3.5, 3, "=B4/C4*100"])
    ws.append(["Satisfacción (%)", 91.2, 90, "=B5/C5*100"])
    out = io.BytesIO()
    wb.save(out)
    result = _read_ok(out.getvalue())
    warned = [(p.severity, p.code, p.found, p.count) for p in result.problems if p.code == "formula_no_value"]
    assert warned == [("warning", "formula_no_value", "D4, D5", 2)]


def test_shared_comment_over_excel_limit_is_refused_naming_its_cell():
    # A comment pasted 40,000 characters long (over Excel's 32,767) in D4: refused, naming the cell.
    p = _problem(_tablero(comment=COMMENT))
    assert p == ("error", "cell_too_long", 4, "D", "40000", "32767")


def test_workbook_zipped_again_with_folder_entries_still_has_its_long_cell_refused():
    # The same workbook unzipped (to fix a part by hand) and zipped again: the zip now lists the folders
    # ("_rels/", "xl/", ...) among the parts; every part after them is still measured.
    content = _tablero(comment=COMMENT, folders=True)
    assert "xl/worksheets/" in zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert _problem(content) == ("error", "cell_too_long", 4, "D", "40000", "32767")


def test_shared_string_exactly_at_the_scan_limit_is_left_to_the_cell_check():
    # The scan refuses a text over 328,694 bytes (10 x 32,767 + 1,024) between two tags; "<t>" + 328,692
    # characters is "t>" + 328,692 = 328,694 bytes, not over: the cell check refuses it, naming D4.
    p = _problem(_tablero(comment="x" * 328_692))
    assert p == ("error", "cell_too_long", 4, "D", "328692", "32767")


def test_shared_string_far_over_the_limit_is_refused_before_the_sheet_is_read():
    # 400,000 characters: refused by the scan itself ("t>" + 400,000 bytes), before any reader opens the
    # sheet (so no cell is named), with Excel's limit in the message.
    p = _problem(_tablero(comment="x" * 400_000))
    assert p == ("error", "cell_too_long", None, None, "400002", "32767")


def test_long_shared_string_cut_by_the_1_mb_read_boundary_is_still_refused():
    # A big table of agent names (about 1 MB of shared strings) before the 40,000-character comment, placed
    # so that the comment's "<t>" falls 100 bytes before the end of the first 1 MB read piece: the tag is
    # carried over to the next piece, and its text is measured there.
    texts = [TITLE, "Indicador", "Valor", "Meta", "Comentario", "Oportunidad de cita (días)",
             "Satisfacción (%)", "Sin comentario"] + [f"Agente {n:05d}" for n in range(1, 37_430)]
    comment = COMMENT
    # one more name, "Agente zzz...", as long as it takes to put the comment's "<t>" at PIECE - 100
    at = _strings(texts + ["Agente ", comment]).index(b"<t>Llamar")
    texts.append("Agente " + "z" * (PIECE - 100 - at))
    strings = _strings(texts + [comment])
    assert strings.index(b"<t>Llamar") == PIECE - 100 and 0 < PIECE - 100 - at < 100
    rows = {1: [TITLE], 3: ["Indicador", "Valor", "Meta", "Comentario"],
            4: ["Oportunidad de cita (días)", 3.5, 3, comment], 5: ["Satisfacción (%)", 91.2, 90, "Sin comentario"]}
    content = _excel(_sheet(rows, texts + [comment]), strings)
    assert _problem(content) == ("error", "cell_too_long", 4, "D", "40000", "32767")


def test_sheet_with_a_comment_from_its_exporter_is_read():
    # Some exporters sign the sheet with an XML comment; a comment declares nothing: the sheet is read.
    _read_ok(_tablero(before_data=b"<!-- Generado por SIGES 4.2 (exportacion de indicadores) -->"))


def test_sheet_pointing_to_an_external_dtd_is_refused():
    # A DOCTYPE that points to an outside DTD (no entity declared in the file): refused all the same.
    content = _tablero()
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    doctype = b'<!DOCTYPE worksheet SYSTEM "http://intranet.clinica.local/dtd/worksheet.dtd">'
    content = _excel(sheet.replace(DECL, DECL + doctype), zipfile.ZipFile(io.BytesIO(content)).read(
        "xl/sharedStrings.xml"))
    assert _problem(content) == ("error", "zip_bomb", None, None, "xl/worksheets/sheet1.xml: DOCTYPE", None)


def test_entity_declaration_quoted_in_a_comment_is_refused_too():
    # An entity declaration is refused wherever it stands, even quoted in a comment with no DOCTYPE around.
    content = _tablero(before_data=b'<!-- plantilla: <!ENTITY clinica "Clinica San Rafael"> -->')
    assert _problem(content) == ("error", "zip_bomb", None, None, "xl/worksheets/sheet1.xml: DOCTYPE", None)


def test_cell_reference_cut_by_the_1_mb_read_boundary_is_counted():
    # A pretty-printed export (one row a line, indented) of 12,000 calls in columns A:C, and one note in
    # column F, on row 10,036, whose reference `<c r="F10036"` is cut by the end of the first 1 MB read piece
    # right after `<c r="` (its line indented a little more): the tag is carried over to the next piece, so
    # the sheet is 12,000 rows by 6 columns (A:F).
    lines = [DECL, b'<worksheet xmlns="', MAIN, b'">\n  <sheetData>\n']
    for n in range(1, 12_001):
        if n == 10_036:
            note = b'    <row r="10036"><c r="A10036"><v>10036</v></c><c r="F10036" t="s"><v>0</v></c></row>\n'
            indent = PIECE - sum(map(len, lines)) - note.index(b"F10036")  # spaces that put "F" at the boundary
            assert 0 <= indent < 110
            lines.append(b" " * indent + note)
            continue
        lines.append(b'    <row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>245</v></c><c r="C%d"><v>1</v></c>'
                     b'</row>\n' % (n, n, n, n, n))
    lines.append(b"  </sheetData>\n</worksheet>\n")
    sheet = b"".join(lines)
    assert sheet[PIECE - 6:PIECE + 6] == b'<c r="F10036'
    content = _excel(sheet, _strings(["Llamar de nuevo"]))
    size = checked_parts(content, "llamadas.xlsx", "zip")["xl/worksheets/sheet1.xml"]
    assert (size.rows, size.cols, size.grid) == (12_000, 6, 72_000)


def test_empty_shared_strings_table_measures_its_one_tag():
    # A workbook of numbers only, saved by a program that still writes an (empty) shared-strings table:
    # the table is the declaration (57 bytes with its CR LF) and one tag,
    # <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>,
    # 98 bytes: the longest text measured is that tag, 98.
    empty = DECL + b'<sst xmlns="' + MAIN + b'" count="0" uniqueCount="0"/>'
    sheet = _sheet({1: [3.5, 3], 2: [91.2, 90]}, [])
    sizes = checked_parts(_excel(sheet, empty), "tablero.xlsx", "zip")
    assert sizes["xl/sharedStrings.xml"].longest == 98


def test_sheet_of_shared_strings_measures_only_its_closing_tag():
    # Excel keeps a sheet's texts in the shared strings: the sheet itself holds no text, and the one piece
    # measured in it is its closing tag carried to the end, </worksheet>, 12 bytes. The strings table's
    # longest text is not its title ("t>" + 43 characters, 46 bytes in UTF-8: the "í" takes two) but its
    # root tag, 'sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9"
    # uniqueCount="9">', 96 bytes.
    sizes = checked_parts(_tablero(), "tablero.xlsx", "zip")
    sheet = sizes["xl/worksheets/sheet1.xml"]
    assert (sheet.rows, sheet.cols, sheet.longest, sheet.formulas) == (5, 4, 12, False)
    assert sizes["xl/sharedStrings.xml"].longest == 96


def test_empty_part_measures_nothing():
    # A 0-byte XML part (an add-in's custom XML saved empty) holds no text at all: longest 0.
    sizes = checked_parts(_tablero(extra={"customXml/item1.xml": b""}), "tablero.xlsx", "zip")
    part = sizes["customXml/item1.xml"]
    assert (part.rows, part.cols, part.longest, part.letters, part.formulas) == (0, 0, 0, set(), False)


def test_inline_comment_over_excel_limit_that_starts_at_the_1_mb_read_boundary_is_refused():
    # Written as openpyxl writes (texts inline, t="inlineStr"): 7,870 indicators, and on the last one,
    # row 7,871, a 40,000-character comment (C) whose "<t>" starts 100 bytes before the end of the first 1 MB
    # read piece: that tag is carried over to the next piece, where no other inline text follows.
    # The comment is over Excel's limit and must be refused, naming C7871, as anywhere else in the sheet.
    def sheet(name: bytes) -> bytes:
        lines = [b'<worksheet xmlns="', MAIN, b'"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Indicador'
                 b'</t></is></c><c r="B1" t="inlineStr"><is><t>Valor</t></is></c><c r="C1" t="inlineStr"><is><t>'
                 b'Comentario</t></is></c></row>']
        for n in range(2, 7_871):
            lines.append(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Tiempo de espera, sede %d (min)</t></is></c>'
                         b'<c r="B%d" t="n"><v>%d.5</v></c></row>' % (n, n, n, n, n % 40))
        lines.append(b'<row r="7871"><c r="A7871" t="inlineStr"><is><t>' + name + b'</t></is></c><c r="B7871" t="n">'
                     b'<v>3.5</v></c><c r="C7871" t="inlineStr"><is><t>' + COMMENT.encode() + b"</t></is></c></row>")
        return b"".join(lines + [b"</sheetData></worksheet>"])

    name = b"Oportunidad de cita (d\xc3\xadas)"
    name += b"." * (PIECE - 100 - sheet(name).index(b"<t>Llamar"))  # trailing dots put "<t>" in place
    xml = sheet(name)
    assert xml.index(b"<t>Llamar") == PIECE - 100
    assert _problem(_excel(xml, _strings([]))) == ("error", "cell_too_long", 7871, "C", "40000", "32767")
