"""Intake on files as users make them (tests/userfiles.py): every header variant, duration, number and
date format of issue 13, and the refusals of issues 15 and 20 (ambiguity refused, never guessed)."""
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from core.i18n import Translator
from core.intake import load
from core.schemas import ABANDONMENT, CDR, INDICATORS, JOURNEY_RESPONSES, SERVQUAL, TRAFFIC
from tests import userfiles as u

EN, ES = Translator("en"), Translator("es")


def codes(result):
    return [p.code for p in result.problems]


def expected_traffic(rows):
    return pd.DataFrame({"interval_start": [r["start"] for r in rows], "offered": [r["offered"] for r in rows],
                         "aht_s": [float(r["aht"]) for r in rows]})


# ------------------------------------------------------------------ traffic: Fecha;Hora;…;TMO (seg)

@pytest.mark.parametrize("offered_header", ["Ofrecidas", "Llamadas", "Llamadas recibidas", "Entrantes", "Recibidas"])
def test_traffic_csv_fecha_hora_tmo_seg_spanish_excel(offered_header):
    rows = u.traffic_rows(minutes=30)
    result = load(u.traffic_csv_es(offered_header), "trafico.csv", TRAFFIC)
    assert result.ok, [p.message(EN) for p in result.problems]
    df = result.data
    assert len(df) == 7 * 24 == len(rows)               # 12 h x 2 intervals x 7 days
    assert df["interval_start"].iloc[1] == pd.Timestamp("2024-03-04 07:30")   # Fecha + Hora joined
    assert df["interval_start"].iloc[-1] == pd.Timestamp("2024-03-10 18:30")  # day first (04/03 = 4 March)
    assert df["offered"].tolist() == [r["offered"] for r in rows]
    assert df["aht_s"].tolist() == [float(r["aht"]) for r in rows]
    assert result.used["offered"] == offered_header and result.used["interval_time"] == "Hora"
    # the column the dataset does not use is listed, never dropped in silence
    assert result.unused == ["Nivel de servicio (%)"]
    (info,) = [p for p in result.problems if p.code == "columns_not_used"]
    assert "Nivel de servicio (%)" in info.message(ES) and "no se cargaron" in info.message(ES)


def test_traffic_tmo_as_mm_ss_and_15_minute_intervals():
    rows = u.traffic_rows(minutes=15)
    rows[0]["aht"] = 242
    result = load(u.traffic_csv_es("Llamadas", aht_as="mmss", rows=rows), "t.csv", TRAFFIC)
    assert result.ok
    assert result.data.loc[0, "aht_s"] == 242.0           # "4:02" -> 4 x 60 + 2
    steps = result.data["interval_start"].diff().dropna().value_counts()
    assert steps.index[0] == pd.Timedelta(minutes=15)


def test_traffic_xlsx_with_title_block_date_and_time_cells_and_excel_time_tmo():
    rows = u.traffic_rows()
    result = load(u.traffic_xlsx_es(rows), "trafico.xlsx", TRAFFIC)
    assert result.ok, [p.message(EN) for p in result.problems]
    assert result.header_row == 4                          # 3 title rows above the header
    pd.testing.assert_frame_equal(result.data[["interval_start", "offered", "aht_s"]], expected_traffic(rows),
                                  check_dtype=False)
    assert result.preview.columns.tolist()[:3] == ["Fecha", "Hora", "Ofrecidas"] and len(result.preview) == 5


def test_row_numbers_are_the_spreadsheets_with_the_title_block_counted():
    rows = u.traffic_rows(days=1)
    content = u.traffic_xlsx_es(rows, aht_as="seconds")
    book = openpyxl.load_workbook(io.BytesIO(content))
    book.active["C7"] = "muchas"          # row 7 of the sheet: 3 title rows, header on 4, data from 5
    out = io.BytesIO()
    book.save(out)
    result = load(out.getvalue(), "t.xlsx", TRAFFIC)
    (bad,) = [p for p in result.problems if p.code == "not_a_number"]
    assert bad.row == 7 and bad.column == "Ofrecidas (C)"
    assert "fila 7" in bad.message(ES)


def test_unicode_text_utf16_tab_file():
    result = load(u.unicode_text(u.traffic_csv_es().decode("cp1252")), "trafico.txt", TRAFFIC)
    assert result.ok and len(result.data) == 168
    assert result.data["interval_start"].iloc[0] == pd.Timestamp("2024-03-04 07:00")


def test_hora_that_is_not_a_time_is_an_error_naming_the_column():
    text = "Fecha;Hora;Llamadas\n04/03/2024;mañana;10\n04/03/2024;tarde;12\n"
    result = load(text.encode("cp1252"), "t.csv", TRAFFIC)
    assert not result.ok and codes(result) == ["column_unreadable"]
    assert result.problems[0].column == "Hora (B)"
    assert "Hora (B)" in result.problems[0].message(ES) and "08:30" in result.problems[0].message(ES)


@pytest.mark.parametrize("hora, expected", [("8:30 a. m.", "08:30"), ("2:15 p. m.", "14:15"), ("08:00 - 08:30", "08:00"),
                                            ("8h30", "08:30"), ("9", "09:00")])
def test_time_of_day_formats(hora, expected):
    text = f"Fecha;Franja;Entrantes\n04/03/2024;{hora};10\n"
    result = load(text.encode("cp1252"), "t.csv", TRAFFIC)
    assert result.ok, [p.message(EN) for p in result.problems]
    assert result.data.loc[0, "interval_start"] == pd.Timestamp(f"2024-03-04 {expected}")


# ------------------------------------------------------------------ durations and units

@pytest.mark.parametrize("header, cell, seconds", [
    ("TMO (seg)", "242", 242), ("TMO", "4:02", 242), ("TMO", "0:04:02", 242), ("TMO", "1:02:03", 3723),
    ("TMO (min)", "4,5", 270), ("TMO [s]", "242,5", 242.5), ("Duración promedio", "4:02", 242),
])
def test_duration_formats(header, cell, seconds):
    text = f"Fecha y hora;Ofrecidas;{header}\n2024-03-04 08:00;10;{cell}\n"
    result = load(text.encode("cp1252"), "t.csv", TRAFFIC)
    assert result.ok, [p.message(EN) for p in result.problems]
    assert result.data.loc[0, "aht_s"] == pytest.approx(seconds)


def test_cdr_csv_and_xlsx():
    result = load(u.cdr_csv_es(), "llamadas.csv", CDR)
    assert result.ok, [p.message(EN) for p in result.problems]
    assert result.data.loc[1, "call_start"] == pd.Timestamp("2024-03-04 08:07")
    assert result.data["wait_s"].iloc[:2].tolist() == [10.5, 11.5]          # "Espera [s]", decimal comma
    assert result.data.loc[1, "talk_s"] == 185.0                            # "3:05"
    assert result.data["abandoned"].tolist()[:2] == [True, False]            # Sí / No
    xlsx = load(u.cdr_xlsx_es(), "llamadas.xlsx", CDR)
    assert xlsx.ok and xlsx.header_row == 4 and xlsx.data.loc[1, "talk_s"] == 185.0


def test_cdr_of_a_cloud_telephony_export_with_the_zone_written_after_the_time():
    # Cloud call systems write "2024-03-04 08:00:00 UTC" or "… GMT-5": the zone is dropped and the clock
    # time written kept (08:00 stays 08:00, as "-05:00" written as an offset does); no cell is unreadable.
    text = ("Inicio,Espera (seg),Conversación (seg),Abandonada\r\n"
            "2024-03-04 08:00:00 UTC,12,180,No\r\n"
            "2024-03-04 08:07:30 UTC,40,,Sí\r\n"
            "2024-03-04 08:15:00 GMT-5,8,240,No\r\n"
            "2024-03-04 08:20:00 UTC-05:00,15,200,No\r\n")
    result = load(text.encode("cp1252"), "llamadas.csv", CDR)
    assert result.ok and not [p for p in result.problems if p.code == "not_a_date"]
    assert result.data["call_start"].tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 08:07:30"),
                                                  pd.Timestamp("2024-03-04 08:15"), pd.Timestamp("2024-03-04 08:20")]
    assert result.data["abandoned"].tolist() == [False, True, False, False]


# ------------------------------------------------------------------ journey, SERVQUAL, abandonment, indicators

def test_journey_responses_with_scales_in_headers_and_own_phases():
    rows = u.journey_rows()
    for content, name in ((u.journey_csv_es(rows), "encuesta.csv"), (u.journey_xlsx_es(rows), "encuesta.xlsx")):
        result = load(content, name, JOURNEY_RESPONSES)
        assert result.ok, [p.message(EN) for p in result.problems]
        df = result.data
        assert len(df) == 40
        assert df["phase"].unique().tolist() == u.JOURNEY_PHASES
        assert df["recommend"].tolist() == [r["recommend"] for r in rows]
        assert df["effort"].tolist() == [r["effort"] for r in rows]
        assert df.loc[1, "date"] == pd.Timestamp("2024-05-14")


def test_journey_order_and_momento_headers():
    text = "Momento;Orden;Satisfacción\nAgendamiento;1;4\nAtención en sede;2;5\n"
    result = load(text.encode("cp1252"), "j.csv", JOURNEY_RESPONSES)
    assert result.ok and result.data["order"].tolist() == [1, 2] and result.data["phase"].tolist()[1] == "Atención en sede"


def test_servqual_1_to_7_survey_csv_and_xlsx():
    rows = u.servqual_rows()
    for content, name in ((u.servqual_csv_es(rows), "sq.csv"), (u.servqual_xlsx_es(rows), "sq.xlsx")):
        result = load(content, name, SERVQUAL)
        assert result.ok, [p.message(EN) for p in result.problems]
        assert len(result.data) == 30
        assert result.data["P22"].tolist() == [float(r["P"][21]) for r in rows]
        assert result.data["segment"].tolist()[:2] == ["Norte", "Sur"]


def test_abandonment_percent_with_comma_and_sign_csv_and_xlsx_counts():
    result = load(u.abandonment_csv_es(), "abandono.csv", ABANDONMENT)
    assert result.ok
    assert result.data["abandon_pct"].tolist()[:3] == [4.1, 3.8, 3.5]         # "4,1 %"
    assert result.data["date"].iloc[9] == pd.Timestamp("2024-03-10")
    xlsx = load(u.abandonment_xlsx_es(), "abandono.xlsx", ABANDONMENT)
    assert xlsx.ok and xlsx.data["offered"].tolist()[:2] == [200, 201] and xlsx.header_row == 2


def test_indicators_thousands_dot_and_decimal_comma():
    result = load(u.indicators_csv_es(), "ind.csv", INDICATORS)
    assert result.ok and result.data["value"].tolist() == [62.5, 4.3, 1250.5]


def test_ods_file_is_refused_saying_how_to_save_it_as_xlsx():
    # Issue 15: an ODS of a few hundred bytes can repeat one cell 10^7 times (calamine then takes
    # 660 MB), so ODS is refused with how to save it from LibreOffice, in the reader's language.
    content = u.ods(["Cuenta", "Periodo", "Fecha", "Abandono (%)"],
                    [["L1", "Antes", dt.date(2024, 3, 1), 4.5], ["L1", "Después", dt.date(2024, 3, 2), 2.5]],
                    title=["Reporte de abandono"])
    result = load(content, "abandono.ods", ABANDONMENT)
    assert [p.code for p in result.problems] == ["ods_format"] and not result.ok
    assert "Guardar como > Excel 2007-365 (.xlsx)" in result.problems[0].message(ES)


def test_hidden_sheet_is_not_preferred_to_the_visible_one():
    header = ["Cuenta", "Periodo", "Abandono"]
    content = u._xlsx([], header, [["A", "Antes", 4.0]], hidden={"oculta": [header, ["B", "Antes", 9.0]]})
    assert load(content, "a.xlsx", ABANDONMENT).data["account"].tolist() == ["A"]


# ------------------------------------------------------------------ mapping

def test_mapping_by_hand_loads_unrecognisable_headers_and_the_result_says_what_was_used():
    content = u.unrecognisable_traffic_csv()
    first = load(content, "x.csv", TRAFFIC)
    assert not first.ok and first.mismatch
    assert first.headers == ["Dia del reporte", "Tramo", "Cantidad", "Segundos promedio"]
    assert first.preview.iloc[0].tolist() == ["2024-03-04", "08:00", "20", "240"]
    mapping = {"interval_start": "Dia del reporte", "interval_time": "Tramo", "offered": "Cantidad",
               "aht_s": "Segundos promedio", "answered": ""}
    result = load(content, "x.csv", TRAFFIC, mapping=mapping)
    assert result.ok and len(result.data) == 8
    assert result.data.loc[1, "interval_start"] == pd.Timestamp("2024-03-04 08:30")
    assert result.data["aht_s"].tolist()[:2] == [240.0, 241.0]
    assert result.used == {"interval_start": "Dia del reporte", "interval_time": "Tramo", "offered": "Cantidad",
                           "aht_s": "Segundos promedio"} and result.unused == []


def test_mapping_to_not_in_my_file_stops_an_automatic_match():
    text = "Fecha y hora;Ofrecidas;Atendidas\n2024-03-04 08:00;10;9\n"
    result = load(text.encode(), "t.csv", TRAFFIC, mapping={"answered": ""})
    assert "answered" not in result.data.columns and result.unused == ["Atendidas"]


# ------------------------------------------------------------------ never raises; ambiguity refused (issues 15, 20)

@pytest.mark.parametrize("cell", ["inf", "Infinity", "-inf", "99999999999999999999999", "1e999", "NaN"])
def test_non_finite_and_huge_numbers_are_row_problems_not_exceptions(cell):
    text = f"interval_start,offered\n2024-03-04 08:00,{cell}\n2024-03-04 08:30,5\n2024-03-04 09:00,6\n"
    result = load(text.encode(), "t.csv", TRAFFIC)
    assert result.ok and result.data["offered"].tolist() == [5, 6]
    assert {"not_a_number", "number_too_large"} & set(codes(result))


def test_a_column_with_both_decimal_conventions_is_refused():
    text = "Indicador;Valor\nA;1.234,5\nB;1,234.5\n"
    result = load(text.encode(), "i.csv", INDICATORS)
    assert not result.ok and codes(result) == ["mixed_decimal_marks"]
    assert result.problems[0].column == "Valor (B)" and "1.234,5" in result.problems[0].message(ES)


def test_a_whole_number_column_never_turns_a_decimal_elsewhere_into_its_tens():
    text = "interval_start;offered;aht_s\n2024-03-04 08:00;10;2.5\n2024-03-04 08:30;12;3\n"
    result = load(text.encode(), "t.csv", TRAFFIC)
    assert result.data["aht_s"].tolist() == [2.5, 3.0]


def test_an_undecidable_decimal_mark_is_refused_in_a_decimal_column():
    result = load(b"indicator,value\nA,1.234\nB,2\n", "i.csv", INDICATORS)
    assert not result.ok and codes(result) == ["decimal_undecided"] and result.problems[0].column == "value (B)"


def test_dates_are_day_or_month_first_per_column_and_refused_when_undecidable():
    us = "call_start,wait_s,abandoned\n03/04/2024 08:00,5,no\n03/13/2024 08:00,5,no\n03/05/2024 08:00,5,no\n"
    result = load(us.encode(), "c.csv", CDR)
    assert result.data["call_start"].dt.day.tolist() == [4, 13, 5]     # month first: 03/13 decides the column
    mixed = "call_start,wait_s,abandoned\n13/03/2024,5,no\n03/14/2024,5,no\n"
    assert codes(load(mixed.encode(), "c.csv", CDR)) == ["date_order_mixed"]
    single = "call_start,wait_s,abandoned\n04/03/2024 08:00,5,no\n"
    assert codes(load(single.encode(), "c.csv", CDR)) == ["date_order_undecided"]
    # close dates decide: 04/03..10/03 are a week day first, seven months month first
    week = "call_start,wait_s,abandoned\n" + "".join(f"{d:02d}/03/2024,5,no\n" for d in range(4, 11))
    assert load(week.encode(), "c.csv", CDR).data["call_start"].dt.month.unique().tolist() == [3]


def test_excel_serial_dates_use_the_1899_12_30_origin():
    # 45355 is 2024-03-04 in Excel (days since 1899-12-30); 45355.5 is noon
    book = openpyxl.Workbook()
    book.active.append(["call_start", "wait_s", "abandoned"])
    book.active.append([45355, 5, "no"])
    book.active.append([45355.5, 6, "no"])
    out = io.BytesIO()
    book.save(out)
    result = load(out.getvalue(), "c.xlsx", CDR)
    assert result.data["call_start"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-04 12:00")]


def test_latin1_and_utf8_decided_per_file():
    text = "Fase;Satisfacción\nAplicación;4\n"
    assert load(text.encode("cp1252"), "j.csv", JOURNEY_RESPONSES).data.loc[0, "phase"] == "Aplicación"
    assert load(text.encode("utf-8"), "j.csv", JOURNEY_RESPONSES).data.loc[0, "phase"] == "Aplicación"
    mixed = text.encode("utf-8") + "Atención;5\n".encode("cp1252")
    result = load(mixed, "j.csv", JOURNEY_RESPONSES)
    assert not result.ok and codes(result) == ["mixed_encoding"] and result.problems[0].row == 3
