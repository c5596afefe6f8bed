"""Tests that kill mutants of core/intake/ that the module tests let survive (issue 20, docs/MUTATION.md).

Files are built as users make them (Spanish-locale CSV: `;`, decimal comma, cp1252; XLSX with date and
time cells). Expected values are worked out by hand: Excel serial 45355 = 2024-03-04 (45292 =
2024-01-01, + 31 + 29 + 3 days), 0.5 of a day = 12:00.
"""
import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd

from core.intake import load
from core.intake.readers import kind_of_bytes
from core.schemas import TRAFFIC


def _csv(text: str):
    return load(text.encode("cp1252"), "t.csv", TRAFFIC)


def _only(result):
    assert not result.ok and len(result.problems) == 1
    return result.problems[0]


def test_minutes_above_59_are_not_a_time():
    for hora in ("08:75", "08:60"):
        p = _only(_csv(f"Fecha;Hora;Llamadas\n04/03/2024;{hora};10\n"))
        assert (p.severity, p.code, p.column, p.found) == ("error", "column_unreadable", "Hora (B)", hora)


def test_excel_serial_with_decimal_comma_and_named_month_dates():
    r = _csv("Fecha y hora;Ofrecidas\n45355,5;10\n")
    assert r.ok and r.data.loc[0, "interval_start"] == pd.Timestamp("2024-03-04 12:00")
    r = _csv("Fecha y hora;Ofrecidas\n4-mar-2024 08:00;10\n")
    assert r.ok and r.data.loc[0, "interval_start"] == pd.Timestamp("2024-03-04 08:00")


def test_xlsx_time_written_as_a_datetime_cell():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Fecha", "Hora", "Llamadas"])
    ws.append([dt.datetime(2024, 3, 4), dt.datetime(1900, 1, 1, 8, 30), 10])
    out = io.BytesIO()
    wb.save(out)
    r = load(out.getvalue(), "t.xlsx", TRAFFIC)
    assert r.ok and r.data.loc[0, "interval_start"] == pd.Timestamp("2024-03-04 08:30")


def test_long_unreadable_values_are_cut_to_60_characters():
    p = _only(_csv(f"Fecha;Hora;Llamadas\n04/03/2024;{'x' * 70};10\n"))
    assert p.found == "x" * 57 + "..."


def test_empty_zip_and_7z_uploads_are_refused_with_their_codes():
    assert (_only(_csv("   \n")).code, _only(_csv("   \n")).severity) == ("empty", "error")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hola")
    p = _only(load(buf.getvalue(), "t.xlsx", TRAFFIC))
    assert (p.code, p.found) == ("not_spreadsheet", "zip")
    assert _only(load(b"7z\xbc\xaf\x27\x1c" + b"a" * 50, "t.csv", TRAFFIC)).code == "not_spreadsheet"
    assert kind_of_bytes(b"7z\xbc\xaf\x27\x1c") == "binary"


def test_missing_column_lists_the_names_it_is_known_by():
    p = _only(_csv("Fecha y hora;Nada\n2024-03-04 08:00;1\n"))
    assert p.code == "missing_column" and p.found == "Fecha y hora, Nada"
    assert p.expected.startswith("offered, Ofrecidas, Llamadas, Llamadas ofrecidas, Llamadas recibidas")


def _xlsx(sheets, hidden=()):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_formula_in_a_percentage_column_is_reported():
    from core.schemas import ABANDONMENT
    r = load("cuenta;modelo;mes;dia;% abandono\n1;actual;1;1;=SUM(A1)\n1;actual;1;2;4,5\n".encode("cp1252"),
             "a.csv", ABANDONMENT)
    p = r.problems[0]
    assert (p.severity, p.code, p.column, p.found) == ("warning", "formula_in_number", "% abandono (E)", "=SUM(A1)")


def test_exactly_ten_rows_without_values_are_listed_without_a_summary():
    from core.schemas import ABANDONMENT
    rows = "".join(f"1;actual;1;{d};\n" for d in range(1, 11))  # MAX_LISTED = 10 rows, each listed
    r = load(("cuenta;modelo;mes;dia;% abandono\n1;actual;1;20;4,5\n" + rows).encode("cp1252"), "a.csv", ABANDONMENT)
    found = [p.code for p in r.problems]
    assert found.count("row_without_values") == 10 and "more_rows" not in found


def test_xlsx_time_as_a_fraction_of_a_day_and_unreadable_column_names_its_sheet():
    # 0.3541667 of a day = 8.5 h = 08:30
    r = load(_xlsx([("datos", [["Fecha", "Hora", "Llamadas"], [dt.datetime(2024, 3, 4), 0.3541666666666667, 10]])]),
             "t.xlsx", TRAFFIC)
    assert r.ok and r.data.loc[0, "interval_start"] == pd.Timestamp("2024-03-04 08:30")
    p = _only(load(_xlsx([("Hoja1", [["Fecha", "Hora", "Llamadas"], [dt.datetime(2024, 3, 4), "mañana", 10]])]),
                   "t.xlsx", TRAFFIC))
    assert (p.code, p.column, p.sheet) == ("column_unreadable", "Hora (B)", "Hoja1")


def test_hidden_sheet_is_not_read_before_a_visible_one():
    content = _xlsx([("oculta", [["Fecha y hora", "Llamadas"], [dt.datetime(2024, 3, 4, 8), 99]]),
                     ("visible", [["Fecha y hora", "Llamadas"], [dt.datetime(2024, 3, 4, 8), 5]])], hidden=("oculta",))
    r = load(content, "t.xlsx", TRAFFIC)
    assert r.ok and r.sheet == "visible" and r.data["offered"].tolist() == [5]


def test_personal_column_dropped_is_an_info():
    r = _csv("Fecha y hora;Ofrecidas;Correo\n2024-03-04 08:00;10;ana@x.com\n")
    assert r.ok and [(p.severity, p.code, p.found) for p in r.problems] == [("info", "personal_dropped", "Correo")]
    assert "Correo" not in r.data.columns


def test_minutes_text_scaled_to_seconds_and_the_decimal_hint_for_durations():
    from core.intake.columns import parse_column
    from core.intake.numbers import number_of
    assert number_of("4,5", ",", 60.0) == 270.0  # 4.5 min x 60 s
    raw = pd.Series(["1,500", "2,250"])
    # without a hint "1,500" is undecided (1.5 or 1500); the column's hint "," decides: 1.5 s
    assert parse_column(raw, "duration", ",", 1.0).values.tolist() == [1.5, 2.25]
    assert parse_column(raw, "duration", None, 1.0).error == ("decimal_undecided", "1,500")


def test_missing_one_of_names_the_sheet():
    from core.schemas import ABANDONMENT
    content = _xlsx([("Enero", [["cuenta", "modelo", "mes", "dia"], [1, "actual", 1, 1]])])
    p = _only(load(content, "a.xlsx", ABANDONMENT))
    assert (p.code, p.sheet) == ("missing_one_of", "Enero")


def test_year_first_dates_with_slashes():
    r = _csv("Fecha y hora;Ofrecidas\n2024/03/04 08:00;10\n2024.03.05 09:30;12\n")
    assert r.ok and r.data["interval_start"].tolist() == [pd.Timestamp("2024-03-04 08:00"),
                                                          pd.Timestamp("2024-03-05 09:30")]
