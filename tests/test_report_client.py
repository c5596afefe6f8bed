"""The report a client reads without us (issue 17): name and date in the title and file name, every
label in her language, numbers rounded for reading, definitions inside, one small plotly.js, and a
workbook with a contents sheet, readable sheet names and rounded typed numbers."""
import datetime as dt
import io
import json
import re

import openpyxl
import pytest

from core import report
from core.i18n import Translator
from core.report import workbook
from core.sample import sample_workspace

WHEN = dt.datetime(2026, 3, 9, 10, 30)


@pytest.fixture(scope="module")
def spanish():
    ws = sample_workspace("es")
    t = Translator("es")
    secs = report.build_sections(ws, t)
    return ws, t, secs, report.build_html(ws, t, secs, WHEN), report.build_xlsx(ws, t, secs)


def _body(html: str) -> str:
    """The HTML without scripts (plotly.js, the figures' JSON, the loader)."""
    return re.sub(r"<script.*?</script>", "", html, flags=re.S)


def _flat(value):
    if isinstance(value, list):
        for v in value:
            yield from _flat(v)
    elif value is not None:
        yield value


def test_title_and_file_name_carry_the_workspace_and_the_date():
    es, en = Translator("es"), Translator("en")
    sample = sample_workspace("es")
    assert report.report_title(sample, es, WHEN) == "Informe de operaciones de servicio: Caso de ejemplo, 2026-03-09"
    assert report.file_name(sample, es, "html", WHEN) == "Informe_Caso_de_ejemplo_2026-03-09.html"
    assert report.file_name(sample, en, "xlsx", WHEN) == "Report_Sample_case_2026-03-09.xlsx"
    mine = sample.copy()
    mine.name = "Clínica Andina / sede Norte"
    assert report.file_name(mine, es, "html", WHEN) == "Informe_Clínica_Andina_sede_Norte_2026-03-09.html"
    assert "sample" not in report.file_name(sample, en, "html", WHEN).lower().replace("sample_case", "")


def test_spanish_report_has_no_english_key_and_no_pointer_to_project_files(spanish):
    ws, t, secs, html, _ = spanish
    assert "<title>Informe de operaciones de servicio: Caso de ejemplo, 2026-03-09</title>" in html
    body = _body(html)
    assert not re.search(r"(?<![Ee]lementos )\btangibles\b", body)
    for key in ("reliability", "responsiveness", "assurance", "empathy", "servqual.", "report.",
                "physical_evidence", "customer_action", "step_paper_label", "DEFINITIONS.md", ">sample<"):
        assert key not in body, key
    assert "Elementos tangibles" in body and "Evidencia física" in body


def test_numbers_read_as_percentages_and_p_values(spanish):
    _, _, secs, html, _ = spanish
    body = _body(html)
    # tangibles: gap -0.59 on a 1-5 scale = -0.1475 of the range, shown as a percentage
    assert re.search(r"<td class='num'>-14,[78] %</td>", body)
    assert "<td class='num'>-0,147" not in body and "-0,1475" not in body
    assert "&lt; 0,001" in body and ">0,000<" not in body


def test_definitions_are_written_in_the_report(spanish):
    _, t, _, html, _ = spanish
    body = _body(html)
    assert "<section id='definitions'" in body
    for key in report.DEFINITIONS:
        assert t(f"report.def.{key}.term") in body
    assert "% de promotores (9–10) menos % de detractores (0–6)" in body


def test_every_view_including_planning_and_the_staffing_story(spanish):
    _, _, secs, html, _ = spanish
    assert [s.view for s in secs] == list(report.VIEWS) and "planning" in report.VIEWS
    staffing = " ".join(next(s for s in secs if s.view == "staffing").paragraphs)
    assert "espera total de **76,5 s a 17,6 s**" in staffing


def test_one_small_plotly_and_rounded_figure_data(spanish):
    _, _, secs, html, _ = spanish
    assert html.count("id='plotly-src'") == 1
    assert "plotly.js (cartesian - minified) v" in html        # 1.5 MB bundle: bar, box, heatmap, scatter
    assert len(html.encode()) < 2_300_000                       # was 5.1 MB with the full bundle
    figures = re.findall(r"<script type='application/json' id='fig-[^']+'>(.*?)</script>", html, re.S)
    assert len(figures) == sum(len(s.figures) for s in secs)
    for fig in map(json.loads, figures):                       # no 15-digit floats in the data
        values = [v for trace in fig["data"] for k in ("x", "y", "z") for v in _flat(trace.get(k))]
        assert not [v for v in values if isinstance(v, float) and len(repr(v).split(".")[-1]) > 6]
    # the item chart keeps room for its labels ("Ítem 15", not "5")
    assert all('"automargin":true' in f for f in figures if '"yaxis"' in f)


def test_sheet_names_are_cut_between_words():
    assert workbook.fit_name("Mapa del recorrido del cliente - Indicadores por fase") == "Mapa del recorrido del cliente"
    assert workbook.fit_name("Márgenes de las encuestas del espacio de trabajo") == "Márgenes de las encuestas"
    assert workbook.fit_name("Dimensiones") == "Dimensiones"
    assert workbook.fit_name("a" * 40) == "a" * 31
    assert workbook.fit_name("x: [y] / z?") == "x y z"


def test_workbook_contents_names_and_typed_rounded_numbers(spanish):
    _, t, secs, _, data = spanish
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[:2] == ["Contenido", "Resumen"]
    contents = list(book["Contenido"].iter_rows(values_only=True))
    assert contents[0] == ("Hoja", "Vista", "Qué contiene")
    assert [r[0] for r in contents[1:]] == book.sheetnames[1:]
    for name in book.sheetnames:
        assert len(name) <= 31 and not name.endswith((" de", " del", " por", " -"))
    assert "Agentes por intervalo" in book.sheetnames and "Mapa del recorrido" in book.sheetnames
    dims = book["Dimensiones"]
    header = [c.value for c in dims[1]]
    row = {h: c for h, c in zip(header, dims[2])}
    assert row["Dimensión"].value == "Elementos tangibles"
    assert row["Expectativa (E)"].value == 4.46 and row["Expectativa (E)"].number_format == "#,##0.00"
    pct = row["Brecha, % del rango de la escala"]
    assert pct.data_type == "n" and pct.number_format == "0.0" and pct.value == pytest.approx(-14.75, abs=0.01)
    tests = book["Pruebas"]
    header = [c.value for c in tests[1]]
    p_cell = tests[2][header.index("p (prueba t)")]
    assert p_cell.data_type == "n" and p_cell.number_format.startswith('[<0.001]"< 0,001"')
    for sheet in book.worksheets:
        for r in sheet.iter_rows(min_row=2):
            for c in r:
                if isinstance(c.value, float):
                    assert len(repr(c.value).split(".")[-1]) <= 8, (sheet.title, c.coordinate, c.value)
