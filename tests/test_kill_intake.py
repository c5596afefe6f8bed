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


def test_undecided_date_order_shows_the_first_date_as_written():
    # 01/02 and 02/01: both orders span 30 days and a comma CSV gives no hint, so the column is refused
    # and the message shows the first date as the user wrote it (day/month/year, two digits each)
    r = load(b"Fecha,Hora,Llamadas\n01/02/2024,08:00,10\n02/01/2024,08:30,12\n", "t.csv", TRAFFIC)
    p = _only(r)
    assert (p.code, p.column, p.found) == ("date_order_undecided", "Fecha (A)", "01/02/2024")


def test_xlsx_duration_cell_of_zero_is_midnight():
    # a time column formatted [h]:mm:ss holds durations; 0:00:00 is midnight (00:00), 0:30:00 half past
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Fecha", "Hora", "Llamadas"])
    for minutes, calls in ((0, 10), (30, 12)):
        ws.append([dt.datetime(2024, 3, 4), dt.timedelta(minutes=minutes), calls])
        ws.cell(ws.max_row, 2).number_format = "[h]:mm:ss"
    buf = io.BytesIO()
    wb.save(buf)
    r = load(buf.getvalue(), "t.xlsx", TRAFFIC)
    assert r.ok
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-03-04 00:00"), pd.Timestamp("2024-03-04 00:30")]


def test_worksheet_the_reader_cannot_read_is_an_error_naming_its_sheet():
    # a shared-string cell pointing past the (empty) string table: the workbook opens, the sheet does not
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Datos"
    ws.append(["Fecha", "Hora", "Llamadas"])
    buf, out = io.BytesIO(), io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b'<sheetData><row r="9"><c r="A9" t="s"><v>99</v></c></row>', 1)
            zout.writestr(info, data)
    p = _only(load(out.getvalue(), "t.xlsx", TRAFFIC))
    assert (p.severity, p.code, p.sheet) == ("error", "corrupt_xlsx", "Datos")


def test_preview_names_a_blank_header_by_its_letter_even_when_another_header_is_that_letter():
    # headers "B", "" and "Llamadas": the blank second column is column B, already a header's name
    r = load(b"B,,Llamadas\n04/03/2024,08:00,10\n", "t.csv", TRAFFIC)
    assert list(r.preview.columns) == ["B", "B (B)", "Llamadas"]
    assert r.preview.iloc[0].tolist() == ["04/03/2024", "08:00", "10"]


# ----------------------------------------------------------------------------- hostile files (seed 20, new code)

def test_hostile_files_report_what_and_where():
    from tests import hostile_corpus as hc
    # a sheet of 40 MB of blanks packed in ~40 KB: refused as a zip bomb, naming the part and its ratio
    p = _only(load(hc.bomb_ratio(), "b.xlsx", TRAFFIC))
    assert (p.severity, p.code, p.file) == ("error", "zip_bomb", "b.xlsx")
    assert p.found.startswith("xl/worksheets/sheet1.xml: ")
    # a quote opened on line 2 and never closed: the row where it opens
    p = _only(load(hc.open_quote_csv(), "q.csv", TRAFFIC))
    assert (p.severity, p.code, p.file, p.row) == ("error", "csv_open_quote", "q.csv", 2)
    # one shared string of 3,000,002 characters (Excel's own limit is 32,767): refused before reading
    p = _only(load(hc.bomb_shared_string(3_000_000), "s.xlsx", TRAFFIC))
    assert (p.severity, p.code, p.file, p.found) == ("error", "cell_too_long", "s.xlsx", "3000002")


def test_iso_timestamps_with_a_utc_offset_are_read():
    # ISO 8601 with the offset of Colombia and Peru (-05:00), as some call systems export them: read as
    # the clock times written, 30 minutes apart
    r = load(b"Fecha y hora;Ofrecidas\n2024-03-04T08:00:00-05:00;10\n2024-03-04T08:30:00-05:00;12\n", "t.csv", TRAFFIC)
    assert r.ok and r.data["offered"].tolist() == [10, 12]
    starts = r.data["interval_start"]
    assert starts.dt.tz is None and starts.tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 08:30")]


def test_a_utc_offset_keeps_the_clock_time_written_and_a_plain_date_is_untouched():
    """Colombia and Peru write "-05:00": the call at 08:00 in Bogotá stays at 08:00 (not 13:00 UTC);
    a date's own "-06" is not an offset."""
    from core.intake.dates import parse_datetimes

    got = parse_datetimes(pd.Series(["2024-03-04T08:00:00-05:00", "2024-03-04T09:15:30.5-0500",
                                     "2024-03-05T11:00Z", "2024-03-06", "2024-03-06 07:00:00+01"])).values
    assert got.tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 09:15:30.5"),
                            pd.Timestamp("2024-03-05 11:00"), pd.Timestamp("2024-03-06"),
                            pd.Timestamp("2024-03-06 07:00")]
