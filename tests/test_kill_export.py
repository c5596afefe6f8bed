"""Tests that kill mutants of core/export.py that the module tests let survive (issue 20, docs/MUTATION.md).

Expected values are the literal bytes or cells a spreadsheet would see, written out by hand.
"""
import io

import openpyxl
import pandas as pd

from core.export import csv_bytes, xlsx_bytes


def _sheet(content: bytes, name: str):
    return openpyxl.load_workbook(io.BytesIO(content))[name]


def test_csv_headers_and_index_labels_are_neutralised():
    df = pd.DataFrame({"=SUM(A1)": ["ok"], "+cmd": [1]}, index=pd.Index(["@x"], name="clave"))
    lines = csv_bytes(df, index=True).decode("utf-8-sig").splitlines()
    assert lines == ["clave,'=SUM(A1),'+cmd", "'@x,ok,1"]


def test_csv_unnamed_text_index_is_neutralised_and_written_when_asked():
    df = pd.DataFrame({"v": [1, 2]}, index=["=1+1", "fine"])
    assert csv_bytes(df, index=True).decode("utf-8-sig").splitlines() == [",v", "'=1+1,1", "fine,2"]
    # default: no index column at all
    assert csv_bytes(df).decode("utf-8-sig").splitlines() == ["v", "1", "2"]


def test_csv_dates_and_numbers_stay_typed():
    df = pd.DataFrame({"fecha": pd.to_datetime(["2024-01-05", "2024-02-29"]), "n": [3, -4]})
    text = csv_bytes(df).decode("utf-8-sig")
    assert text.splitlines() == ["fecha,n", "2024-01-05,3", "2024-02-29,-4"]
    assert csv_bytes(df).startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for accents


def test_xlsx_index_written_when_asked_and_labels_neutralised():
    df = pd.DataFrame({"v": [1.5]}, index=pd.Index(["=cmd"], name="k"))
    sheet = _sheet(xlsx_bytes({"t": df}, index=True), "t")
    assert [c.value for c in sheet[1]] == ["k", "v"]
    assert [c.value for c in sheet[2]] == ["'=cmd", 1.5]
    sheet = _sheet(xlsx_bytes({"t": df}), "t")
    assert [c.value for c in sheet[1]] == ["v"]


def test_xlsx_headers_neutralised():
    sheet = _sheet(xlsx_bytes({"t": pd.DataFrame({"-x": [1]})}), "t")
    assert sheet["A1"].value == "'-x" and sheet["A1"].data_type == "s"


def test_xlsx_timezone_dates_written_as_local_wall_time():
    when = pd.to_datetime(["2024-03-01 08:30"]).tz_localize("America/Bogota")
    sheet = _sheet(xlsx_bytes({"t": pd.DataFrame({"llegada": when})}), "t")
    assert sheet["A2"].value == pd.Timestamp("2024-03-01 08:30").to_pydatetime()


def test_xlsx_long_sheet_name_cut_to_31_characters():
    name = "Indicadores por sede y por mes 2024"  # 35 characters
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({name: pd.DataFrame({"a": [1]})})))
    assert book.sheetnames == ["Indicadores por sede y por mes "]  # the first 31


def test_xlsx_array_formula_text_stays_text():
    """xlsxwriter would write '{=1+1}' as an array formula and 'http://...' as a live link."""
    sheet = _sheet(xlsx_bytes({"t": pd.DataFrame({"c": ["{=1+1}", "http://evil.example/x"]})}), "t")
    assert sheet["A2"].data_type == "s" and sheet["A2"].value in ("{=1+1}", "'{=1+1}")
    assert sheet["A3"].hyperlink is None
