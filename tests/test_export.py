"""Downloads neutralise spreadsheet formula injection and keep numbers as numbers."""
import io

import openpyxl
import pandas as pd

from core.export import csv_bytes, neutralise, xlsx_bytes
from core.templates import template_xlsx
from core.i18n import Translator
from core.intake import load
from core.schemas import SCHEMAS, TRAFFIC


def test_neutralise_each_dangerous_prefix():
    for text in ("=1+1", "+57 300", "-x", "@SUM(A1)", "\tcmd", "\rcmd"):
        assert neutralise(text) == "'" + text
    assert neutralise("ok") == "ok" and neutralise(-3) == -3


def test_csv_bytes_neutralises_text_but_not_negative_numbers():
    df = pd.DataFrame({"comment": ["=HYPERLINK(\"http://evil\")", "fine"], "gap": [-0.59, 0.1]})
    text = csv_bytes(df).decode("utf-8-sig")
    assert text.splitlines()[1] == '"\'=HYPERLINK(""http://evil"")",-0.59'


def test_xlsx_bytes_cells_are_text_not_formulas():
    df = pd.DataFrame({"comment": ["=1+1", "@cmd"], "value": [-1.5, 2.0]})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"results": df})))
    sheet = book["results"]
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -1.5


def test_templates_have_data_and_instruction_sheets_and_read_back_as_header_only():
    for lang, data_sheet, notes_sheet in (("en", "data", "instructions"), ("es", "datos", "instrucciones")):
        t = Translator(lang)
        for schema in SCHEMAS.values():
            content = template_xlsx(schema, t)
            book = openpyxl.load_workbook(io.BytesIO(content))
            assert book.sheetnames == [data_sheet, notes_sheet]
            header = [c.value for c in book[data_sheet][1]]
            canonical = [c.name for c in schema.columns]
            if lang == "en":
                assert header[: len(canonical)] == canonical
            else:   # issue 14: Spanish data headers, each one a name intake accepts for that column
                assert header[: len(canonical)] == [t(f"template.header.{schema.name}.{c}") for c in canonical]
                assert not set(header[: len(canonical)]) & set(canonical)
            # an untouched template is "headers but no rows", said clearly (intake also notes, as
            # information, that the instructions sheet was not read)
            problems = load(content, "template.xlsx", schema).problems
            assert [p.code for p in problems if p.severity != "info"] == ["no_rows"]
            assert {p.code for p in problems if p.severity == "info"} <= {"sheet_read"}
    notes = openpyxl.load_workbook(io.BytesIO(template_xlsx(TRAFFIC, Translator("es"))))["instrucciones"]
    texts = [str(c.value) for row in notes.iter_rows() for c in row if c.value]
    assert any("llamadas_ofrecidas" in x for x in texts) and any("Llamadas ofrecidas en el intervalo" in x for x in texts)
