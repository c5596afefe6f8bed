"""app_pages/data.py: uploads through the real file uploader; a bad file never replaces good data."""
from streamlit.testing.v1 import AppTest

GOOD = ("cuenta;modelo;mes;dia;abandono\n"
        "A;actual;1;1;4,5\nA;actual;1;2;3,5\nA;propuesto;1;1;2,0\nA;propuesto;1;2;2,5\n").encode("cp1252")


def run_data_page(lang="en"):
    at = AppTest.from_file("../app_pages/data.py", default_timeout=60)
    at.session_state["lang"] = lang
    return at.run()


def rows_of(at, dataset_label):
    table = at.dataframe[0].value
    first = table.columns[0]
    return table.set_index(first).loc[dataset_label]


def test_data_page_lists_the_sample_datasets():
    at = run_data_page()
    assert not at.exception
    row = rows_of(at, "Daily abandonment")
    assert row["Source"] == "sample case" and row["Rows"] == 242


def test_good_upload_replaces_the_dataset_and_bad_upload_keeps_it():
    at = run_data_page("es")
    uploader = at.file_uploader(key="upload.abandonment")
    uploader.set_value(("abandono_es.csv", GOOD, "text/csv")).run()
    assert not at.exception
    assert any("Se cargó abandono_es.csv: 4 filas." in s.value.replace("\\", "") for s in at.success)
    ws = at.session_state["workspace"]
    assert ws.source("abandonment") == "abandono_es.csv"
    assert ws.get("abandonment")["abandon_pct"].tolist() == [4.5, 3.5, 2.0, 2.5]

    # a PNG renamed .xlsx is rejected with a message, and the good upload stays
    at.file_uploader(key="upload.abandonment").set_value(("foto.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "foto.xlsx no se cargó" in errors.replace("\\", "")
    assert "no es una hoja de cálculo" in errors
    ws = at.session_state["workspace"]
    assert ws.source("abandonment") == "abandono_es.csv" and len(ws.get("abandonment")) == 4


def test_upload_with_bad_rows_loads_the_rest_and_names_row_and_column():
    content = b"account,model,abandon_pct\n1,current,4.1\n1,current,140\n1,proposed,abc\n1,proposed,2.2\n"
    at = run_data_page("en")
    at.file_uploader(key="upload.abandonment").set_value(("bad.csv", content, "text/csv")).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "row 3, column abandon_pct (C): found 140, outside the allowed range 0–100" in warnings
    assert "row 4, column abandon_pct (C): found 'abc', expected a number" in warnings
    assert "2 of 4 rows were left out" in warnings
    assert len(at.session_state["workspace"].get("abandonment")) == 2


def test_markup_in_a_file_name_is_shown_as_text():
    at = run_data_page("en")
    at.file_uploader(key="upload.abandonment").set_value(("<b>x</b>.csv", b"", "text/csv")).run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "\\<b\\>x\\</b\\>" in shown  # escaped for Markdown: rendered literally, never as HTML


# ------------------------------------------------------------------ user-made files and the mapping step

def _files():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests import userfiles
    return userfiles


def test_spanish_traffic_file_loads_with_date_and_time_joined_and_unused_column_listed():
    u = _files()
    at = run_data_page("es")
    at.file_uploader(key="upload.traffic").set_value(("trafico.csv", u.traffic_csv_es(), "text/csv")).run()
    assert not at.exception
    assert any("Se cargó trafico.csv: 168 filas." in s.value.replace("\\", "") for s in at.success)
    infos = " ".join(i.value for i in at.info).replace("\\", "")
    assert "Nivel de servicio (%)" in infos and "no se cargaron" in infos
    ws = at.session_state["workspace"]
    assert not ws.is_sample and ws.source("traffic") == "trafico.csv"
    assert str(ws.get("traffic")["interval_start"].iloc[1]) == "2024-03-04 07:30:00"
    # the data page says which columns were used and which not
    table = at.dataframe[0].value
    traffic = table[table.iloc[:, 1] == "trafico.csv"].iloc[0]
    assert traffic["Filas"] == 168
    assert "Hora → interval_time" in traffic["Columnas usadas"] and "TMO (seg) → aht_s" in traffic["Columnas usadas"]
    assert traffic["Columnas no usadas"] == "Nivel de servicio (%)"


def test_mapping_step_maps_unrecognisable_headers_and_remembers_the_mapping():
    u = _files()
    at = run_data_page("en")
    at.file_uploader(key="upload.traffic").set_value(("raro.csv", u.unrecognisable_traffic_csv(), "text/csv")).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "raro.csv" in errors
    assert "Accepted names" in errors and "Ofrecidas" in errors
    # the mapping step shows a select per dataset column, and the file's first rows
    at.selectbox(key="mapping.traffic.interval_start").set_value("Dia del reporte")
    at.selectbox(key="mapping.traffic.interval_time").set_value("Tramo")
    at.selectbox(key="mapping.traffic.offered").set_value("Cantidad")
    at.selectbox(key="mapping.traffic.aht_s").set_value("Segundos promedio")
    at.button(key="mapping.traffic._apply").click().run()
    assert not at.exception
    assert any("raro.csv: 8 rows" in s.value.replace("\\", "") for s in at.success)
    ws = at.session_state["workspace"]
    assert ws.source("traffic") == "raro.csv" and ws.get("traffic")["aht_s"].tolist()[:2] == [240.0, 241.0]
    assert str(ws.get("traffic")["interval_start"].iloc[1]) == "2024-03-04 08:30:00"
    assert ws.settings["mapping.traffic"] == {"interval_start": "Dia del reporte", "interval_time": "Tramo",
                                              "offered": "Cantidad", "aht_s": "Segundos promedio"}
    # the next upload of this dataset uses the remembered mapping
    at.file_uploader(key="upload.traffic").set_value(("raro2.csv", u.unrecognisable_traffic_csv(), "text/csv")).run()
    assert at.session_state["workspace"].source("traffic") == "raro2.csv"


def test_journey_xlsx_with_title_block_through_the_uploader():
    u = _files()
    at = run_data_page("es")
    at.file_uploader(key="upload.journey_responses").set_value(
        ("encuesta.xlsx", u.journey_xlsx_es(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    assert not at.exception
    ws = at.session_state["workspace"]
    assert ws.get("journey_responses")["phase"].unique().tolist() == u.JOURNEY_PHASES
    assert len(ws.get("journey_responses")) == 40
