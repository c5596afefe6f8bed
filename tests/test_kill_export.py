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


# ----------------------------------------------------------------------------- sampled run (seed 20)

def test_csv_in_spanish_and_english_conventions():
    df = pd.DataFrame({"sede": ["Norte; 2", "Sur"], "tmo": [242.5, 60.0]})
    es = csv_bytes(df, lang="es").decode("utf-8-sig")
    # ";" between fields, decimal comma, the field holding ";" quoted, CRLF line ends
    assert es == 'sede;tmo\r\n"Norte; 2";242,5\r\nSur;60,0\r\n'
    en = csv_bytes(df).decode("utf-8-sig")
    # "," between fields, decimal point; the text holding the other language's separator quoted too
    # (a spreadsheet opening the file with ";" would otherwise split it, core.export._needs_more_quotes)
    assert en == 'sede,tmo\r\n"Norte; 2",242.5\r\nSur,60.0\r\n'
    assert csv_bytes(df, lang="fr") == csv_bytes(df, lang="en")  # another language: the English format


def test_percent_columns_written_as_percentages():
    df = pd.DataFrame({"nivel": [0.8, 0.955], "n": [3, 4], "texto": ["a", "b"]})
    df.attrs["percent"] = ["nivel", "texto", "falta"]  # text and absent columns are left alone
    out = csv_bytes(df).decode("utf-8-sig")
    assert out == "nivel,n,texto\r\n80.0,3,a\r\n95.5,4,b\r\n"
    assert df["nivel"].tolist() == [0.8, 0.955]  # the table itself is not changed


def test_whitespace_before_a_formula_and_other_leading_letters():
    from core.export import neutralise
    assert neutralise("  =1+1") == "'  =1+1"
    assert neutralise("\n@SUM(A1)") == "'\n@SUM(A1)"
    assert neutralise("X=1") == "X=1" and neutralise("1-2") == "1-2"


class _T:
    def __init__(self, known):
        self.known = known

    def has(self, key):
        return key in self.known

    def __call__(self, key, **values):
        return self.known[key]


def test_download_name_from_the_catalog_or_the_stem():
    from core.export import download_name
    t = _T({"download.file.datos": "datos_tráfico", "download.file.raro": 'a/b:c*?"<>|\x01 '})
    assert download_name("datos", t, "csv") == "datos_tráfico.csv"
    assert download_name("otro", t, "xlsx") == "otro.xlsx"
    assert download_name("raro", t, "csv") == "a_b_c_______.csv"
    t2 = _T({"download.file.vacio": "  "})
    assert download_name("vacio", t2, "csv") == "download.csv"


def test_download_name_keeps_ordinary_letters():
    from core.export import download_name
    assert download_name("datos_XL", _T({}), "csv") == "datos_XL.csv"


def test_a_formula_after_a_no_break_space_or_vertical_space_is_neutralised():
    """Excel trims these before evaluating: "\u00a0=1+1" would run as a formula."""
    from core.export import neutralise

    for lead in ("\u00a0", "\x0b", "\x0c", " \u00a0"):
        assert neutralise(lead + "=1+1") == "'" + lead + "=1+1"
    assert neutralise("\u00a0texto") == "\u00a0texto"


# ----------------------------------------------------------------------------- sampled run (seed 21, new code)

def test_unneutralise_is_the_exact_inverse():
    from core.export import neutralise, neutralise_csv, unneutralise, unneutralise_csv
    texts = ["=1+1", "+57 300", "-3", "@SUM(A1)", "'=1+1", "''=x", " =1+1", "\u00a0=1+1", "hola", "'hola", "",
             "a;=1+1", "linea\n=2+2", "a,b", "=1+1;=2+2"]
    for t in texts:
        assert unneutralise(neutralise(t)) == t, t
        assert unneutralise_csv(neutralise_csv(t)) == t, t
    assert neutralise("=1+1") == "'=1+1" and neutralise("hola") == "hola" and neutralise(3) == 3
    assert unneutralise("'hola") == "'hola"  # an apostrophe the user typed before plain text stays


def test_xlsx_text_over_excels_cell_limit_is_cut_with_a_visible_mark():
    # 40,000 characters: Excel holds 32,767 in a cell. The first 32,727 are kept, then " […+7,273]"
    # (40,000 - 32,767 + 40 characters left out, so that the mark itself fits): 32,737 characters
    sheet = _sheet(xlsx_bytes({"t": pd.DataFrame({"c": ["x" * 40_000, "corto"]})}), "t")
    assert sheet["A2"].value == "x" * 32_727 + " […+7,273]"
    assert sheet["A3"].value == "corto"


def test_csv_neutralises_inside_a_text_and_quotes_headers_holding_a_separator():
    # inside a CSV text, a formula start after ";" is made inert too (a ";" spreadsheet would start a
    # new cell there), and a header holding ";" is quoted in the English file
    out = csv_bytes(pd.DataFrame({"a;b": ["x;=1+1"]})).decode("utf-8-sig")
    assert out == "\"a;b\"\r\n\"x;'=1+1\"\r\n"


def test_formula_behind_alternating_invisible_characters_and_cut_boundary():
    from core.export import neutralise
    # zero-width space, space, zero-width space, then "=": still a formula for a spreadsheet
    assert neutralise("\u200b \u200b=1+1") == "'\u200b \u200b=1+1"
    assert neutralise("\u200b \u200bhola") == "\u200b \u200bhola"
    # an em space (a Unicode space, not in the invisible set) before "=", or between zero-width characters
    for text in ("\u2003=1+1", "\u2003\u200b=1+1", "\u200b\u2003\u200b\u2003=1+1"):
        assert neutralise(text) == "'" + text, repr(text)
    # exactly Excel's 32,767 characters fit in a cell and are written whole
    sheet = _sheet(xlsx_bytes({"t": pd.DataFrame({"c": ["y" * 32_767]})}), "t")
    assert sheet["A2"].value == "y" * 32_767
