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
