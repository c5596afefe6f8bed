"""Issue 15: hostile files through each page's own upload box (AppTest): no exception, the reason
shown in the reader's language naming the file, and the data loaded before kept as it was.

A representative subset of tests/hostile_corpus.py is spread over the pages, so that every kind of
refusal (old formats, bombs, encodings, ambiguous numbers, broken files) goes through an upload box.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import Translator
from core.intake import load
from core.schemas import SCHEMAS
from core.text import escape_markdown
from tests.hostile_corpus import cases
from tests.pagetest import PAGES

ES = Translator("es")
BY_NAME = {c.name: c for c in cases()}
PLAN = [  # (page, dataset of its upload box, hostile files uploaded one after the other)
    ("data", "traffic", ["xls_97", "bomb_1e9_char_string", "traffic_unicode_text"]),
    ("staffing", "traffic", ["bomb_corner_cells", "truncated_xlsx"]),
    ("journey", "journey_responses", ["stray_latin1_byte", "long_text_over"]),
    ("indicators", "indicators", ["numbers_mixed_marks", "binary_junk"]),
    ("abandonment", "abandonment", ["ods", "empty"]),
    ("servqual", "servqual", ["bomb_1e8_cells", "html_as_xls"]),
    ("blueprint", "blueprint_current", ["xlsx_with_password", "bomb_entities"]),
]


def _frame(ws, dataset):
    data = ws.get(dataset)
    return None if data is None else data.copy()


@pytest.mark.parametrize("page, dataset, files", PLAN, ids=[p[0] for p in PLAN])
def test_hostile_uploads_show_a_reason_and_keep_the_data(page, dataset, files):
    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=120)
    at.session_state["lang"] = "es"
    at.session_state["servqual.open_upload"] = True  # the SERVQUAL page builds its upload boxes when opened
    at.run()
    assert not at.exception
    # the limit, in the reader's language, under the box (Streamlit's own text is in English)
    assert any("hasta 50 MB y 2.500.000 celdas" in c.value for c in at.caption), [c.value for c in at.caption]
    # and what to do with a bigger file, which the browser refuses in English before the app sees it
    assert any(c.value.startswith("¿Su archivo pesa más de 50 MB? El navegador lo rechaza con el aviso en inglés "
                                  "«File must be 50.0MB or smaller».") for c in at.caption)
    for name in files:
        case = BY_NAME[name]
        before = _frame(at.session_state["workspace"], dataset)
        expected = load(case.make(), case.filename, SCHEMAS[dataset], lang="es")
        at.file_uploader(key=f"upload.{dataset}").set_value((case.filename, case.make(), "application/octet-stream"))
        at.run()
        assert not at.exception, (page, name, at.exception)
        after = _frame(at.session_state["workspace"], dataset)
        if expected.ok:  # a normal export (Excel's Unicode text) is read and replaces the data
            assert after is not None and after.equals(expected.data)
            assert any(escape_markdown(case.filename) in s.value for s in at.success), (page, name)
            continue
        shown = [e.value for e in at.error]
        assert escape_markdown(expected.errors[0].message(ES)) in shown, (page, name, shown)
        assert not any("Traceback" in text or "Error:" in text for text in shown)
        assert (before is None and after is None) or after.equals(before), (page, name)
