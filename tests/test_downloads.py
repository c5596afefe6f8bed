"""Issue 14: downloads in the user's language.

Every CSV download of every page, taken in Spanish, opens in Spanish-locale Excel: ";" between
fields, decimal comma, headers and file name in Spanish; read back with pandas (sep=";",
decimal=",") it holds the same numbers; no text cell starts with = + - @ (formula injection).
A Spanish blank template, filled in, and a Spanish "data now shown" download both go back
through intake.
"""
import io
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from core.export import csv_bytes, neutralise
from core.i18n import Translator
from core.intake import load
from core.sample import own_data_workspace, sample_workspace
from tests.hostile_corpus import prefixed_workspace
from core.intake.header import pattern_name
from core.schemas import INDICATORS, SCHEMAS, TRAFFIC, normalise_header
from core.templates import localized_frame, template_xlsx
from tests.pagetest import run_page

ES, EN = Translator("es"), Translator("en")
ROOT = Path(__file__).resolve().parent.parent
FORMULA = ("=", "+", "-", "@")


@pytest.fixture
def downloads(monkeypatch):
    """file name -> bytes of every file a page hands to st.download_button while the test runs."""
    files = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    # a CSV built on click (a deferred download, e.g. the upload box's "data now loaded"): AppTest
    # never clicks, so build it here as the click would (chart images and reports are left unbuilt)
    original_deferred = MediaFileManager.add_deferred

    def deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name and file_name.endswith(".csv"):
            data = data_callable()
            files[file_name] = data.encode("utf-8") if isinstance(data, str) else data
        return original_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)
    return files


def read_es(content: bytes) -> pd.DataFrame:
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert ";" in text.splitlines()[0]
    return pd.read_csv(io.BytesIO(content), sep=";", decimal=",", encoding="utf-8-sig")


def assert_no_formula_cells(table: pd.DataFrame) -> None:
    for col in table.columns:
        assert not str(col).lstrip().startswith(FORMULA), col
        if pd.api.types.is_numeric_dtype(table[col]):
            continue        # numbers (negative ones included) are numbers, not formulas
        for value in table[col].dropna():
            assert not str(value).lstrip().startswith(FORMULA), (col, value)


def assert_same_numbers(read: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(read.columns) == [str(c) for c in expected.columns]
    for col in expected.columns:
        if pd.api.types.is_numeric_dtype(expected[col]) and not pd.api.types.is_bool_dtype(expected[col]):
            assert pd.api.types.is_numeric_dtype(read[str(col)]), col
            np.testing.assert_allclose(read[str(col)].to_numpy(float), expected[col].to_numpy(float),
                                       rtol=1e-12, atol=1e-12, equal_nan=True, err_msg=str(col))


# --------------------------------------------------------------------------- every CSV download is here

def test_every_csv_download_in_the_code_is_covered_by_these_tests():
    """Files whose download buttons hand out csv_bytes: a new one must get a test below."""
    users = {str(p.relative_to(ROOT)) for folder in ("app_pages", "ui") for p in (ROOT / folder).glob("*.py")
             if re.search(r"csv_bytes\(", p.read_text(encoding="utf-8"))}
    assert users == {"app_pages/servqual.py", "app_pages/staffing.py", "app_pages/staffing_simulation.py",
                     "ui/upload.py"}
    for path in users:     # and every one of them passes the language
        for call in re.findall(r"csv_bytes\([^\n]*", (ROOT / path).read_text(encoding="utf-8")):
            assert "lang=t.lang" in call, (path, call)


# --------------------------------------------------------------------------------------- the pages

def test_staffing_week_csv_in_spanish(downloads):
    from core.figures.staffing import week_table
    from core.views import staffing as view
    at = run_page("staffing", "es")
    assert not at.exception
    at.session_state["staffing.open_week"] = True     # the week plan is built when opened (issue 16)
    at.run()
    read = read_es(downloads["dotacion_semana.csv"])
    expected = week_table(view.compute(sample_workspace()).week.week, ES)
    assert_same_numbers(read, expected)
    assert "Día" in read.columns or any("día" in c.lower() for c in read.columns)
    assert_no_formula_cells(read)


def test_servqual_csvs_in_spanish_with_the_share_of_range_as_a_percentage(downloads):
    from core.views import servqual as view
    at = run_page("servqual", "es")
    assert not at.exception
    tables = view.tables(view.compute(sample_workspace()), ES)
    for file_name, sheet in (("servqual_dimensiones.csv", ES("servqual.sheet_dimensions")),
                             ("servqual_items.csv", ES("servqual.sheet_items"))):
        read = read_es(downloads[file_name])
        expected = tables[sheet][0].reset_index()
        share = ES("servqual.col.gap_share")
        expected[share] = expected[share] * 100       # "% del rango": a percentage, not a fraction
        assert_same_numbers(read, expected)
        assert read[share].abs().max() > 1            # e.g. -11.8, not -0.118
        assert_no_formula_cells(read)


def test_simulation_intervals_csv_in_spanish(downloads):
    from core.figures.simulation import intervals_download
    at = run_page("staffing_simulation", "es")
    at.text_input(key="simulation.replications").input("2")     # a typed number box (issue 15)
    at.button(key="simulation.run").click().run()
    assert not at.exception
    result = at.session_state["simulation.result"][1]
    read = read_es(downloads["simulacion_intervalos.csv"])
    assert_same_numbers(read, intervals_download(result.intervals, ES))
    assert "Nivel de servicio (%)" in read.columns
    assert_no_formula_cells(read)


def test_data_now_shown_csvs_in_spanish_reload_through_intake(downloads):
    """The "data now shown" download of every dataset: Spanish headers (those of the Spanish
    template), Spanish file name, and the file loads again as the same data."""
    ws = sample_workspace()
    at = run_page("data", "es", ws)
    assert not at.exception
    assert "datos_trafico.csv" in downloads
    for name, schema in SCHEMAS.items():
        current = ws.get(name)
        if current is None:
            continue
        file_name = f"{ES(f'download.file.data_{name}')}.csv"
        read = read_es(downloads[file_name])
        numeric = [c for c in current.columns if pd.api.types.is_numeric_dtype(current[c])
                   and not pd.api.types.is_bool_dtype(current[c])]
        for col in numeric:
            header = localized_frame(current[[col]], schema, ES).columns[0]
            np.testing.assert_allclose(read[header].to_numpy(float), current[col].to_numpy(float),
                                       rtol=1e-12, equal_nan=True, err_msg=f"{name}.{col}")
        assert_no_formula_cells(read)
        again = load(downloads[file_name], file_name, schema)
        assert again.ok, (name, [p.code for p in again.problems][:5])
        for col in numeric:
            # a pattern column keeps its Spanish name (W_fiabilidad); core.servqual reads it as reliability
            header = localized_frame(current[[col]], schema, ES).columns[0]
            back = again.data[col] if col in again.data else again.data[pattern_name(normalise_header(header))]
            np.testing.assert_allclose(back.to_numpy(float), current[col].to_numpy(float),
                                       rtol=1e-9, equal_nan=True, err_msg=f"{name}.{col} after reload")


def test_text_that_looks_like_a_formula_is_neutralised_in_the_spanish_csv(downloads):
    ws = own_data_workspace()
    data = pd.DataFrame({"indicator": ["=HYPERLINK(\"http://x\";\"y\")", "  +57 300", "@SUM(A1)", "Turnos\nnoche"],
                         "value": [-1.5, 2.25, 3.0, 1234.5], "target": [1.0, 2.0, 3.0, 4.0]})
    ws.put("indicators", data, "mis_datos.csv")
    at = run_page("indicators", "es", ws)
    assert not at.exception
    content = downloads["datos_indicadores.csv"]
    text = content.decode("utf-8-sig")
    assert "\r\n" in text and '"Turnos\nnoche"' in text      # a line break inside a cell is quoted
    read = read_es(content)
    assert list(read["Indicador"]) == ["'=HYPERLINK(\"http://x\";\"y\")", "'  +57 300", "'@SUM(A1)", "Turnos\nnoche"]
    assert list(read["Valor"]) == [-1.5, 2.25, 3.0, 1234.5]
    assert_no_formula_cells(read)


# ----------------------------------------------------------------------------------- core.export

@pytest.mark.parametrize("lang, sep, number", [("es", ";", "-2,25"), ("en", ",", "-2.25")])
def test_csv_follows_the_language(lang, sep, number):
    df = pd.DataFrame({"texto": ["a;b", "x\ry"], "valor": [-2.25, 1.0]})
    text = csv_bytes(df, lang=lang).decode("utf-8-sig")
    assert text.splitlines()[0] == f"texto{sep}valor"
    assert f"{sep}{number}\r\n" in text
    assert '"x\ry"' in text                      # CR inside a field is quoted
    if lang == "es":
        assert '"a;b"' in text


def test_neutralise_after_leading_whitespace():
    for text in (" =1+1", "\n@cmd", "   -2+3"):
        assert neutralise(text) == "'" + text
    assert neutralise(" ok") == " ok"


# ------------------------------------------------------------------------------------ templates

def test_spanish_template_filled_in_loads_through_intake():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(TRAFFIC, ES)))
    sheet = book["datos"]
    header = [c.value for c in sheet[1]]
    assert {"Inicio intervalo", "Llamadas ofrecidas", "TMO (seg)"} <= set(header)
    assert not {"interval_start", "offered", "aht_s"} & set(header)
    values = {"Inicio intervalo": "2024-03-04 08:00", "Llamadas ofrecidas": 120, "Llamadas atendidas": 110,
              "Llamadas abandonadas": 10, "TMO (seg)": 245.5, "Cola": "Citas"}
    for row, start in ((2, "2024-03-04 08:00"), (3, "2024-03-04 08:30")):
        for col, name in enumerate(header, start=1):
            sheet.cell(row=row, column=col, value=start if name == "Inicio intervalo" else values.get(name))
    buffer = io.BytesIO()
    book.save(buffer)
    result = load(buffer.getvalue(), "plantilla_trafico.xlsx", TRAFFIC)
    assert result.ok, [p.code for p in result.problems]
    assert list(result.data["offered"]) == [120, 120]
    assert list(result.data["aht_s"]) == [245.5, 245.5]
    assert result.data["interval_start"].iloc[1] == pd.Timestamp("2024-03-04 08:30")


def test_spanish_template_instructions_are_in_spanish():
    notes = openpyxl.load_workbook(io.BytesIO(template_xlsx(INDICATORS, ES)))["instrucciones"]
    names = [r[0].value for r in notes.iter_rows(min_row=5)]
    assert "Indicador" in names and "Meta" in names
    english = openpyxl.load_workbook(io.BytesIO(template_xlsx(INDICATORS, EN)))["data"]
    assert [c.value for c in english[1]][:2] == ["indicator", "value"]


def test_spanish_template_headers_of_every_dataset_are_read_as_their_columns():
    from core.intake.header import match_columns
    from core.templates import template_columns
    for schema in SCHEMAS.values():
        canonical, spanish = template_columns(schema), template_columns(schema, ES)
        match = match_columns(spanish, schema)
        named = {spanish[p]: n for p, n in match.named.items()}
        for c, h in zip(canonical, spanish):
            if schema.name == "servqual" and c[0] in "EPW" and c not in ("segment",):
                assert match.patterned, schema.name
                continue
            assert named.get(h) == c, (schema.name, c, h)


# ------------------------------------------------------------- issue 15: hostile text in every download

PAYLOADS = ["=HYPERLINK(\"http://evil.example\")", "+57 300 ", "-2+3 ", "@SUM(A1) ", " =1+1 ", "\t=1 ", "\r=1 ",
            "\u00a0=1 ", "\u3000@x ", "texto;=1+1 ", "a,=1 ", "a\r=b ", "a\n+b ", "http://evil.example/x ",
            "mailto:a@b.co ", "file:///c:/windows/system32/calc.exe ", "\uff1d1+1 "]
HOSTILE_PAGES = ["abandonment", "blueprint", "data", "indicators", "journey", "servqual", "staffing"]


def hostile_workspace():
    """The sample case as the user's own data, every text cell (categories, phase names, comments,
    blueprint cells, indicator names) prefixed with an injection payload, hostile file names, and the
    SERVQUAL items mapped to dimensions with hostile names."""
    ws = prefixed_workspace(PAYLOADS, "=Cliente;+1", "=evil;1.csv")
    dimensions = [("=HYPERLINK(\"http://evil.example\")Tangibles", 4), ("+Fiabilidad;=1", 5), ("-Respuesta", 4),
                  ("@Seguridad", 4), ("\tEmpatía,=2", 5)]       # the standard 22 items under hostile names
    items = [(i, name) for name, start in zip([d for d, _ in dimensions], (1, 5, 10, 14, 18))
             for i in range(start, start + dict(dimensions)[name])]
    ws.put("servqual_mapping", pd.DataFrame({"item": [str(i) for i, _ in items], "dimension": [d for _, d in items]}),
           "=mapa.csv")
    return ws


def formula_cells(fields) -> list:
    """Text fields a spreadsheet would run: starting with = + - @ (also full-width) after white space;
    numbers (a negative number, a decimal comma split by the other separator) are numbers."""
    bad = []
    for value in fields:
        text = str(value).lstrip(" \t\r\n\u00a0\u3000\u200b\ufeff")
        if not text.startswith(("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")):
            continue
        try:
            float(text.replace(",", "."))
        except ValueError:
            bad.append(value)
    return bad


def check_download(file_name: str, content: bytes) -> list:
    """Every cell of a CSV read with "," and with ";", and of every XLSX sheet (values and hyperlinks)."""
    import csv as csvmodule

    problems = []
    if file_name.endswith(".csv"):
        text = content.decode("utf-8-sig")
        for sep in (",", ";"):
            fields = [f for row in csvmodule.reader(io.StringIO(text, newline=""), delimiter=sep) for f in row]
            problems += [(file_name, sep, f) for f in formula_cells(fields)]
    elif file_name.endswith((".xlsx", ".zip")):
        import zipfile
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():   # a workspace ZIP: its CSVs
                return [p for part in archive.namelist() if part.endswith(".csv")
                        for p in check_download(part, archive.read(part))]
        book = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.hyperlink is not None or cell.data_type == "f":
                        problems.append((file_name, sheet.title, cell.coordinate, cell.value))
                    if cell.data_type == "s":
                        problems += [(file_name, sheet.title, cell.coordinate, v) for v in formula_cells([cell.value])]
            if sheet._hyperlinks:
                problems.append((file_name, sheet.title, "hyperlinks", len(sheet._hyperlinks)))
    return problems


TEMPLATE_PREFIXES = ("plantilla_", "template_")


@pytest.mark.parametrize("page, lang", [(p, "es") for p in HOSTILE_PAGES] + [("data", "en"), ("indicators", "en"),
                                                                           ("servqual", "en"), ("staffing", "en")])
def test_every_download_of_a_page_holds_no_formula_and_no_link(downloads, page, lang):
    """Every file a page hands out with the hostile workspace, re-read with "," and with ";": no cell
    starts with = + - @ and no XLSX cell is a formula or a hyperlink. (Blank templates are checked
    below: they hold no user text.)"""
    at = run_page(page, lang, hostile_workspace())
    assert not at.exception
    files = {name: content for name, content in downloads.items() if not name.startswith(TEMPLATE_PREFIXES)}
    assert files, page
    problems = [p for name, content in files.items() for p in check_download(name, content)]
    assert problems == []
    if page != "staffing":     # the week plan holds numbers only: elsewhere the hostile text is in the files, inert
        assert any(b"HYPERLINK" in content or b"Fiabilidad" in content for content in files.values()), page


def test_blank_templates_hold_no_formula_like_text():
    from core.templates import template_xlsx
    from openpyxl import load_workbook
    journey = load_workbook(io.BytesIO(template_xlsx(SCHEMAS["journey_map"], Translator("es"))))
    shown = [c.value for row in journey.worksheets[-1].iter_rows() for c in row if isinstance(c.value, str)]
    assert "\u2212100 – 100" in shown       # the NPS range, with the typographic minus
    problems = [p for lang in ("es", "en") for schema in SCHEMAS.values()
                for p in check_download(f"{schema.name}.xlsx", template_xlsx(schema, Translator(lang)))]
    assert problems == []


def test_downloads_built_on_click_hold_no_formula_and_no_link():
    """The report workbook, the blueprint workbook and the workspace file (built only when clicked):
    the same core functions the buttons call."""
    from core import report
    from core.views import blueprint as bview
    from core.workspace_file import export_workspace
    from core.export import xlsx_bytes

    ws = hostile_workspace()
    for lang in ("es", "en"):
        t = Translator(lang)
        files = {"report.xlsx": report.build_xlsx(ws, t, report.build_sections(ws, t)),
                 "blueprint.xlsx": xlsx_bytes(bview.workbook_sheets(bview.compute(ws), t)),
                 "workspace.xlsx": export_workspace(ws)}
        long_ws = hostile_workspace()
        long_ws.settings["blueprint.notes"] = "=1+1" + "x" * 40_000
        files["workspace.zip"] = export_workspace(long_ws)
        problems = [p for name, content in files.items() for p in check_download(name, content)]
        assert problems == []


def test_the_checker_finds_what_it_looks_for():
    """The checker itself: an unsafe CSV and a workbook with a live link are caught."""
    import xlsxwriter
    assert check_download("x.csv", "a,texto;=1+1\r\n".encode()) == [("x.csv", ";", "=1+1")]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    book.add_worksheet("s").write("A1", "http://evil.example")
    book.close()
    assert check_download("x.xlsx", buffer.getvalue())
