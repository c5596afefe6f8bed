"""The HTML report opened as a client opens it: in Chromium, offline (every network request aborted),
rendered in under 5 s, in Spanish without an English key, titled with the workspace's name."""
from __future__ import annotations

import re
import time

import pytest

from core import report
from core.i18n import Translator
from core.sample import sample_workspace

from .conftest import OUTPUT, SCREENSHOTS

ENGLISH_KEYS = re.compile(r"(?<![Ee]lementos )\btangibles\b|\breliability\b|\bresponsiveness\b|\bassurance\b|"
                          r"\bempathy\b|servqual\.|report\.|staffing\.|journey\.|physical_evidence|customer_action")


@pytest.fixture(scope="module")
def spanish_report():
    ws = sample_workspace("es")
    ws.name = "Clínica Andina"
    t = Translator("es")
    path = OUTPUT / "report_es.html"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path.write_text(report.build_html(ws, t), encoding="utf-8")
    return path


def test_report_opens_offline_fast_in_spanish(browser, spanish_report):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-CO")
    page = context.new_page()
    requested, errors = [], []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (requested.append(route.request.url), route.abort()))
    page.on("pageerror", lambda err: errors.append(str(err)))
    start = time.monotonic()
    page.goto(spanish_report.as_uri(), wait_until="load")
    page.wait_for_selector("h1")
    opened = time.monotonic() - start
    assert opened < 5.0, f"the report took {opened:.1f} s to render"
    assert page.title().startswith("Informe de operaciones de servicio: Clínica Andina, ")
    text = page.inner_text("body")
    assert not ENGLISH_KEYS.search(text), ENGLISH_KEYS.search(text)
    assert "Definiciones" in text and "DEFINITIONS.md" not in text
    # the first figure draws when scrolled to; printing draws them all, without any network
    page.locator("div.plotly-graph-div").first.scroll_into_view_if_needed()
    page.wait_for_selector("div.plotly-graph-div .main-svg", timeout=30_000)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    n = page.locator("div.plotly-graph-div").count()
    page.wait_for_function(f"document.querySelectorAll('div.plotly-graph-div .main-svg').length >= {n}",
                           timeout=60_000)
    drawn = time.monotonic() - start
    print(f"report: {spanish_report.stat().st_size / 1e6:.2f} MB, rendered in {opened:.2f} s, "
          f"all {n} figures drawn in {drawn:.2f} s")
    page.screenshot(path=str(SCREENSHOTS / "report_es_offline.png"), full_page=False)
    assert n == 10 and not errors and not requested, (errors, requested)
    context.close()
