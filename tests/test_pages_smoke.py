"""Every page runs on the sample case in both languages without an exception (issue 3), and an
upload survives moving between pages."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.name for p in (ROOT / "app_pages").glob("*.py"))


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_the_sample_case(page, lang):
    at = AppTest.from_file(f"../app_pages/{page}", default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{page} shows no title"


def test_an_upload_survives_page_changes_and_language_switch():
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/data.py").run()
    content = b"account,model,abandon_pct\nA,before,5.0\nA,before,4.0\nA,after,2.0\nA,after,3.0\n"
    at.file_uploader(key="upload.abandonment").set_value(("mine.csv", content, "text/csv")).run()
    assert at.session_state["workspace"].source("abandonment") == "mine.csv"
    at.switch_page("app_pages/home.py").run()
    # (AppTest runs a switched-to page without app.py's sidebar; the sidebar switch itself is
    # tested in test_page_home.py, so the language is set the way the sidebar sets it)
    at.session_state["lang"] = "es"
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    ws = at.session_state["workspace"]
    assert ws.source("abandonment") == "mine.csv" and ws.get("abandonment")["abandon_pct"].tolist() == [5.0, 4.0, 2.0, 3.0]
    table = at.dataframe[0].value.set_index("Conjunto de datos")
    assert table.loc["Abandono diario", "Origen"] == "mine.csv"
