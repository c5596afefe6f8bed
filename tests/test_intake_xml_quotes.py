"""Workbooks written with single quotes, namespace prefixes or a sheet outside xl/worksheets/ (all valid
XML, readers take them) are measured like the ones Excel writes: none escapes the cell limit, which a
reader laying out the grid would otherwise fill (a corner-cell bomb made the server process abort:
"memory allocation of 549755813888 bytes failed"). And a CSV starting "BM" is not a bitmap."""
from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd

from core.intake import load
from core.schemas import SCHEMAS
from tests.userfiles import rewrite_xlsx as _rewrite
from tests import hostile_corpus as hc

RESPONSES = SCHEMAS["journey_responses"]


def _single_quotes(xml: bytes) -> bytes:
    """Every attribute value in single quotes (the declaration's too)."""
    return re.sub(rb'="([^"]*)"', rb"='\1'", xml)


def _codes(content: bytes, schema=RESPONSES, name="encuesta.xlsx"):
    return [(p.code, p.found) for p in load(content, name, schema).problems if p.severity == "error"]


def test_a_corner_bomb_written_with_single_quotes_is_refused_not_laid_out():
    bomb = hc.bomb_corners()
    grid = str(16384 * 1048576)                                          # A1 to XFD1048576
    assert _codes(bomb) == [("too_many_cells", grid)]
    book = _rewrite(bomb, {"xl/workbook.xml": _single_quotes, "xl/_rels/workbook.xml.rels": _single_quotes})
    assert _codes(book) == [("too_many_cells", grid)]
    sheet = _rewrite(bomb, {name: _single_quotes for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                                             "xl/worksheets/sheet1.xml")})
    assert _codes(sheet) == [("too_many_cells", grid)]


def test_a_corner_bomb_kept_outside_the_worksheets_folder_is_refused():
    bomb = hc.bomb_corners()
    moved = _rewrite(bomb, {"xl/_rels/workbook.xml.rels": lambda x: x.replace(b"worksheets/sheet1.xml",
                                                                                b"datos/hoja.xml")},
                     {"xl/worksheets/sheet1.xml": "xl/datos/hoja.xml"})
    assert _codes(moved) == [("too_many_cells", str(16384 * 1048576))]


def _survey_book() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Respuestas"
    ws.append(["Fase", "Satisfacción", "Recomendación"])
    for row in (["Solicitud", 4, 9], ["Uso", 5, 10], ["Pago", 2, 3]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_her_workbook_written_with_single_quotes_reads_the_same():
    plain = _survey_book()
    quoted = _rewrite(plain, {name: _single_quotes for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                                               "xl/worksheets/sheet1.xml")})
    a, b = load(plain, "encuesta.xlsx", RESPONSES), load(quoted, "encuesta.xlsx", RESPONSES)
    assert a.ok and b.ok
    assert b.data["phase"].tolist() == ["Solicitud", "Uso", "Pago"]
    assert b.data.equals(a.data)


def test_a_csv_whose_first_header_starts_with_bm_is_read():
    # "BMI promedio" (body-mass index): the first two bytes are those of a bitmap's signature
    text = "Fase;BMI promedio;Satisfacción;Recomendación\r\nSolicitud;25,3;4;9\r\nUso;24,1;5;10\r\n"
    r = load(text.encode("cp1252"), "encuesta.csv", RESPONSES)
    assert r.ok and r.data["phase"].tolist() == ["Solicitud", "Uso"]
    assert not [p for p in r.problems if p.code == "not_spreadsheet"]


def test_moments_marked_with_a_symbol_are_read_as_marked():
    # her journey map marks its moments of truth and pain points with "●" or "✓" (a symbol, no letters)
    from core.journey import parse_journey_map
    text = ("Fase;Orden;Momento de verdad;Punto de dolor\r\n"
            "Descubrimiento;1;●;\r\nSolicitud y contrato;2;;✓\r\nUso del producto;3;x;no\r\n")
    r = load(text.encode("utf-8"), "mapa.csv", SCHEMAS["journey_map"])
    assert r.ok, [p.code for p in r.problems]
    def read(col):                                  # a blank cell is missing (the map reads it as no)
        return [None if pd.isna(v) else bool(v) for v in r.data[col]]
    assert read("true_moment") == [True, None, True] and read("pain_moment") == [None, True, False]
    table = parse_journey_map(pd.DataFrame({"phase": ["A", "B"], "step": [1, 2], "true_moment": ["●", ""],
                                            "pain_moment": ["", "*"]}))[0]
    assert table["true_moment"].tolist() == [True, False] and table["pain_moment"].tolist() == [False, True]
