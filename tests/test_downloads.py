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
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from core.export import csv_bytes, neutralise
from core.i18n import Translator
from core.intake import load
from core.sample import own_data_workspace, sample_workspace
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
    at.number_input(key="simulation.replications").set_value(2)
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
