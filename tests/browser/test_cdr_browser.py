"""A telephony platform's compressed export through the real file chooser (issue 16, growth): the
call-detail box accepts .gz, the calls are added up into intervals as they are read, and the staffing
view shows its week and the callers' patience from them, in Spanish."""
from __future__ import annotations

import gzip

from core.i18n import Translator
from tests.test_traffic_growth import _user_csv

from .test_app_in_browser import no_exception, open_page, wait_idle
from .test_hostile_browser import open_box

ES = Translator("es")


def test_a_month_of_calls_as_gzip_becomes_her_week_and_patience(page, server):
    calls = 60_000            # a busy clinic's month: 360,000 cells, 2.4 MB of CSV, 0.6 MB as gzip
    content = gzip.compress(_user_csv(calls, seed=11))
    open_page(page, server, "staffing", lang="es")
    open_box(page, "staffing", "cdr")
    page.locator(".st-key-upload-cdr input[type=file]").set_input_files(
        files=[{"name": "llamadas_febrero.csv.gz", "mimeType": "application/gzip", "buffer": content}])
    try:
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('[data-testid=stAlert]'))"
            ".some(a => a.innerText.includes('llamadas_febrero'))", timeout=90_000)
    except Exception:
        raise AssertionError(page.locator("[data-testid=stMain]").inner_text()[-3000:]) from None
    wait_idle(page, 1000)
    no_exception(page)
    # her data arrived and the week appeared, yet the section stays open on the upload's messages
    assert page.locator(".st-key-upload-cdr").is_visible()
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "se leyeron 60.000 llamadas por bloques" in alerts, alerts
    assert ES("upload.loaded", file="llamadas_febrero.csv.gz", rows="60.000") in alerts
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Paciencia de quienes llaman" in body and "llamadas abandonadas entre 60.000" in body
    assert "No se permite" not in body and "not allowed" not in body      # the chooser took the .gz
