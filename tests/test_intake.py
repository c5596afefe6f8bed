"""The one upload path: every accepted format and every kind of bad input named in issue 3."""
import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd

from core.i18n import Translator
from core.intake import load
from core.schemas import ABANDONMENT, CDR, JOURNEY_RESPONSES, SERVQUAL, TRAFFIC

EN, ES = Translator("en"), Translator("es")

TRAFFIC_CSV = (
    "interval_start,offered,answered,abandoned,aht_s\n"
    "2024-03-04 08:00,120,110,10,270.5\n"
    "2024-03-04 08:30,95,90,5,262.0\n"
)


def xlsx_bytes(rows, sheet="data", extra_sheets=None):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for name, more in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in more:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def codes(result):
    return [p.code for p in result.problems]


# ------------------------------------------------------------------ formats that must be read

def test_plain_comma_csv_is_read_with_types():
    result = load(TRAFFIC_CSV.encode(), "traffic.csv", TRAFFIC)
    assert result.ok and result.problems == []
    df = result.data
    assert list(df.columns) == ["interval_start", "offered", "answered", "abandoned", "aht_s"]
    assert df["offered"].tolist() == [120, 95]
    assert df["aht_s"].tolist() == [270.5, 262.0]
    assert df["interval_start"].iloc[1] == pd.Timestamp("2024-03-04 08:30")


def test_spanish_excel_csv_semicolon_decimal_comma_latin1_and_aliases():
    text = (
        "Fecha Hora;Llamadas Ofrecidas;Contestadas;Abandonadas;TMO\n"
        "04/03/2024 08:00;1.120;1.100;20;270,5\n"
        "04/03/2024 08:30;95;90;5;262,25\n"
    )
    result = load(text.encode("cp1252"), "tráfico.csv", TRAFFIC)
    assert result.ok, [p.message(EN) for p in result.problems]
    df = result.data
    assert df["offered"].tolist() == [1120, 95]            # "1.120" is one thousand one hundred twenty
    assert df["aht_s"].tolist() == [270.5, 262.25]
    assert df["interval_start"].iloc[0] == pd.Timestamp("2024-03-04 08:00")  # day first


def test_latin1_accented_headers_match_accent_insensitively():
    text = "Fase;Recomendación;Satisfacción;Comentario\nUso del producto;9;5;Atención rápida y amable\n"
    result = load(text.encode("latin-1"), "encuesta.csv", JOURNEY_RESPONSES)
    assert result.ok
    assert result.data.loc[0, "comment"] == "Atención rápida y amable"
    assert result.data.loc[0, "recommend"] == 9


def test_utf8_bom_and_tab_delimiter():
    text = "\ufeffaccount\tmodel\tabandon_pct\n1\tcurrent\t4.5\n1\tproposed\t2.5\n"
    result = load(text.encode("utf-8"), "a.tsv", ABANDONMENT)
    assert result.ok
    assert result.data["account"].tolist() == ["1", "1"]
    assert result.data["abandon_pct"].tolist() == [4.5, 2.5]


def test_xlsx_is_read_skipping_an_instructions_sheet():
    content = xlsx_bytes(
        [["instructions: fill in the data sheet"], ["column", "meaning"]], sheet="instrucciones",
        extra_sheets={"datos": [["cuenta", "modelo", "abandono"], [1, "actual", 4.5], [1, "propuesto", 2.25]]},
    )
    result = load(content, "abandono.xlsx", ABANDONMENT)
    assert result.ok, [p.message(EN) for p in result.problems]
    assert result.sheet == "datos"
    assert result.data["abandon_pct"].tolist() == [4.5, 2.25]
    assert result.data["model"].tolist() == ["actual", "propuesto"]


def test_xlsx_dates_and_booleans():
    from datetime import datetime
    content = xlsx_bytes([["call_start", "wait_s", "talk_s", "abandoned"],
                          [datetime(2024, 3, 4, 8, 0, 5), 12, 250, False],
                          [datetime(2024, 3, 4, 8, 1, 0), 45.5, None, "sí"]])
    result = load(content, "cdr.xlsx", CDR)
    assert result.ok, [p.message(EN) for p in result.problems]
    assert result.data["abandoned"].tolist() == [False, True]
    assert result.data["call_start"].iloc[0] == pd.Timestamp("2024-03-04 08:00:05")
    assert np.isnan(result.data["talk_s"].iloc[1])


def test_servqual_item_columns_are_recognised_by_pattern():
    text = "respondent,segment,E1,E2,P1,P2,W_tangibles\nr1,small,5,4,4,3,30\nr2,large,4,4,4,5,20\n"
    result = load(text.encode(), "sq.csv", SERVQUAL)
    assert result.ok
    assert {"E1", "E2", "P1", "P2", "W_tangibles"} <= set(result.data.columns)
    assert result.data["P2"].tolist() == [3.0, 5.0]


# ------------------------------------------------------------------ bad input: rejected files

def test_empty_file_is_rejected_with_a_message():
    result = load(b"", "vacio.csv", TRAFFIC)
    assert not result.ok and codes(result) == ["empty"]
    assert "vacio.csv" in result.problems[0].message(ES) and "vacío" in result.problems[0].message(ES)


def test_png_renamed_xlsx_is_not_a_spreadsheet():
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    result = load(png, "datos.xlsx", TRAFFIC)
    assert codes(result) == ["not_spreadsheet"]
    assert "not a spreadsheet" in result.problems[0].message(EN)


def test_text_file_named_xlsx_is_not_a_spreadsheet():
    assert codes(load(b"hello world", "x.xlsx", TRAFFIC)) == ["not_spreadsheet"]


def test_password_protected_xlsx_is_explained():
    # Excel stores an encrypted workbook as an OLE compound file, not a zip.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    result = load(ole, "protegido.xlsx", TRAFFIC)
    assert codes(result) == ["encrypted_or_xls"]
    assert "contraseña" in result.problems[0].message(ES)


def test_corrupt_xlsx_is_explained():
    good = xlsx_bytes([["offered"], [1]])
    result = load(good[: len(good) // 2], "roto.xlsx", TRAFFIC)
    assert codes(result) == ["corrupt_xlsx"]
    broken_zip = io.BytesIO()
    with zipfile.ZipFile(broken_zip, "w") as z:
        z.writestr("xl/workbook.xml", "<not really a workbook")
    assert codes(load(broken_zip.getvalue(), "roto2.xlsx", TRAFFIC)) == ["corrupt_xlsx"]


def test_missing_required_column_names_expected_and_suggests():
    result = load(b"interval_start,ofered,answered\n2024-01-01 08:00,3,2\n", "t.csv", TRAFFIC)
    assert not result.ok
    (problem,) = result.problems
    assert problem.code == "missing_column_guess" and problem.target == "offered" and problem.found == "ofered"
    assert result.mismatch  # the mapping step can fix it
    message = problem.message(EN)
    assert "offered" in message and "'ofered'" in message
    # the accepted names are given in Spanish and English, the frame in the reader's language
    assert "Ofrecidas" in message and "Llamadas" in message and "Accepted names" in message
    assert "Nombres aceptados" in problem.message(ES) and "Ofrecidas" in problem.message(ES)


def test_missing_one_of_groups():
    result = load(b"account,model\n1,current\n", "a.csv", ABANDONMENT)
    assert codes(result) == ["missing_one_of"]
    assert "abandon_pct" in result.problems[0].message(EN)


def test_duplicated_headers_are_rejected():
    result = load(b"offered,interval_start,Offered\n1,2024-01-01,2\n", "d.csv", TRAFFIC)
    assert codes(result) == ["duplicate_header"]
    assert "Offered" in result.problems[0].message(EN)


def test_sheet_with_only_headers():
    result = load(xlsx_bytes([["interval_start", "offered"]]), "h.xlsx", TRAFFIC)
    assert codes(result) == ["no_rows"]
    assert result.problems[0].sheet == "data"


def test_file_over_the_size_limit():
    result = load(TRAFFIC_CSV.encode() * 10, "big.csv", TRAFFIC, max_bytes=100)
    assert codes(result) == ["too_large"]
    assert "limit" in result.problems[0].message(EN)


# ------------------------------------------------------------------ bad input: rows and cells

def test_text_in_numeric_cell_names_row_and_column_and_keeps_other_rows():
    text = TRAFFIC_CSV + "2024-03-04 09:00,ochenta,70,10,250\n"
    result = load(text.encode(), "t.csv", TRAFFIC)
    assert result.ok and len(result.data) == 2
    bad = [p for p in result.problems if p.code == "not_a_number"]
    assert len(bad) == 1
    assert bad[0].row == 4 and bad[0].column == "offered (B)" and bad[0].found == "ochenta"
    assert "fila 4" in bad[0].message(ES) and "columna offered (B)" in bad[0].message(ES)
    assert "rows_left_out" in codes(result)


def test_values_out_of_range_are_left_out_and_listed():
    text = "phase,recommend,satisfaction\nUso,11,4\nUso,9,6\nUso,10,5\n"
    result = load(text.encode(), "j.csv", JOURNEY_RESPONSES)
    assert result.ok
    out = [p for p in result.problems if p.code == "out_of_range"]
    assert [(p.row, p.found, p.expected) for p in out] == [(2, "11", "0–10"), (3, "6", "1–5")]
    # optional cells out of range are blanked, the response itself stays
    assert len(result.data) == 3
    assert result.data["recommend"].isna().sum() == 1 and result.data["satisfaction"].isna().sum() == 1


def test_non_integer_in_whole_number_column():
    result = load(b"interval_start,offered\n2024-01-01 08:00,3.5\n2024-01-01 08:30,4\n", "t.csv", TRAFFIC)
    assert [p.code for p in result.warnings][:1] == ["not_integer"]
    assert result.data["offered"].tolist() == [4]


def test_answered_above_offered_breaks_a_rule():
    text = "interval_start,offered,answered\n2024-01-01 08:00,10,12\n2024-01-01 08:30,10,9\n"
    result = load(text.encode(), "t.csv", TRAFFIC)
    rule = [p for p in result.problems if p.code == "rule_answered_gt_offered"]
    assert len(rule) == 1 and rule[0].row == 2 and rule[0].found == "12 / 10"
    assert result.data["answered"].tolist() == [9]


def test_formula_like_cells_in_csv():
    text = ("phase,recommend,comment\n"
            "Uso,=1+1,ok\n"
            "Uso,9,=HYPERLINK(\"http://x\")\n"
            "Uso,-3,+57 300 000\n"
            "Uso,8,@SUM(A1)\n")
    result = load(text.encode(), "f.csv", JOURNEY_RESPONSES)
    assert result.ok
    by_code = {}
    for p in result.problems:
        by_code.setdefault(p.code, []).append(p)
    assert [p.row for p in by_code["formula_in_number"]] == [2]
    assert [p.row for p in by_code["out_of_range"]] == [4]            # -3 is a number, out of 0-10
    assert sorted(p.row for p in by_code["formula_text"]) == [3, 4, 5]
    # formula text is kept as inert text; exports neutralise it (tests/test_export.py)
    # rows 2 and 4 have no usable score left, so they are left out and said so
    assert [p.row for p in by_code["row_without_values"]] == [2, 4]
    assert result.data["comment"].tolist() == ['=HYPERLINK("http://x")', "@SUM(A1)"]


def test_xlsx_formula_without_saved_value_is_reported():
    content = xlsx_bytes([["interval_start", "offered"], ["2024-01-01 08:00", 10], ["2024-01-01 08:30", "=B2*2"]])
    result = load(content, "f.xlsx", TRAFFIC)
    formula = [p for p in result.problems if p.code == "formula_no_value"]
    assert len(formula) == 1 and formula[0].found == "B3" and formula[0].count == 1
    assert "B3" in formula[0].message(ES)
    assert result.data["offered"].tolist() == [10]


def test_required_blank_cell():
    result = load(b"interval_start,offered\n2024-01-01 08:00,\n2024-01-01 08:30,4\n", "t.csv", TRAFFIC)
    assert [p.code for p in result.warnings][0] == "blank_required"
    assert len(result.data) == 1


def test_all_rows_bad_rejects_the_file():
    # every cell of both recognised columns unreadable: each column is named as unreadable (issue 13)
    result = load("interval_start,offered\nmañana,x\n".encode(), "t.csv", TRAFFIC)
    assert not result.ok and codes(result) == ["column_unreadable", "column_unreadable"]
    assert [p.column for p in result.problems] == ["interval_start (A)", "offered (B)"]
    # usable cells in every column, but no row with all of them: the file is rejected, nothing says "loaded"
    result = load("interval_start,offered\nmañana,3\n2024-01-01 08:00,x\n2024-01-01 08:30,4\n2024-01-01 09:00,-1\n"
                  .encode(), "t.csv", TRAFFIC)
    assert result.ok and len(result.data) == 1
    result = load("interval_start,offered\nmañana,3\n2024-01-01 08:00,x\n".encode(), "t.csv", TRAFFIC)
    assert not result.ok and "no_valid_rows" in codes(result) and "rows_left_out" not in codes(result)


def test_many_bad_rows_are_summarised_not_listed_one_by_one():
    # (more than half of a column unreadable rejects the file, so the good rows outnumber the bad here)
    rows = "".join(f"2024-01-01 08:00,x{i}\n" for i in range(25))
    good = "".join(f"2024-01-01 07:00,{i}\n" for i in range(30))
    result = load(("interval_start,offered\n" + good + rows).encode(), "t.csv", TRAFFIC)
    assert len([p for p in result.problems if p.code == "not_a_number"]) == 10
    (more,) = [p for p in result.problems if p.code == "more_rows"]
    assert more.count == 15


def test_unreadable_date():
    result = load(b"interval_start,offered\nayer,3\n2024-01-01 08:30,4\n", "t.csv", TRAFFIC)
    assert [p.code for p in result.warnings][0] == "not_a_date"


# ------------------------------------------------------------------ personal data

def test_personal_data_columns_are_dropped_and_said():
    text = ("Nombre,Cédula,correo_electronico,Teléfono,fase,recomendacion,contacto\n"
            "Ana Pérez,1234567,ana@x.co,3001234567,Uso,9,ana@x.co\n")
    result = load(text.encode(), "p.csv", JOURNEY_RESPONSES)
    assert result.ok
    assert result.dropped_personal == ["Nombre", "Cédula", "correo_electronico", "Teléfono", "contacto"]
    assert list(result.data.columns) == ["phase", "recommend"]
    info = [p for p in result.problems if p.code == "personal_dropped"]
    assert "Nombre" in info[0].message(ES) and "datos personales" in info[0].message(ES)


def test_every_sample_file_passes_intake_cleanly():
    from core.sample import SAMPLE_DIR
    from core.schemas import SCHEMAS
    checked = 0
    for schema in SCHEMAS.values():
        path = SAMPLE_DIR / (schema.sample_file or "-")
        if path.exists():
            result = load(path.read_bytes(), path.name, schema)
            assert result.ok and result.warnings == [], (path.name, result.problems[:3])
            checked += 1
    assert checked >= 5


def test_workbook_sheet_named_for_the_dataset_wins_a_tie():
    from core.schemas import BLUEPRINT_CURRENT, BLUEPRINT_PROPOSED
    rows_current = [["step", "physical_evidence"], ["Service affiliation", "Paper registration form"]]
    rows_proposed = [["step", "physical_evidence"], ["Service affiliation", "CRM registration form"]]
    content = xlsx_bytes(rows_current, sheet="actual", extra_sheets={"propuesto": rows_proposed})
    assert load(content, "bp.xlsx", BLUEPRINT_PROPOSED).data.loc[0, "physical_evidence"] == "CRM registration form"
    assert load(content, "bp.xlsx", BLUEPRINT_CURRENT).data.loc[0, "physical_evidence"] == "Paper registration form"


def test_extra_columns_keep_the_header_as_written():
    from core.schemas import BLUEPRINT_CURRENT
    result = load("True moment,Sales executive contact,Consultative sale\nPhysical evidence,Mailing,\n".encode(),
                  "wide.csv", BLUEPRINT_CURRENT)
    assert list(result.data.columns) == ["step", "Sales executive contact", "Consultative sale"]
    assert result.data["Consultative sale"].isna().all()
