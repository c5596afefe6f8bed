"""Presentation mode (?present=1) on 1280×720 and 1920×1080 projectors: every key screen fits
(no chart cut by the right edge; each view's first chart inside the bottom edge), the client's
name is on screen, and the previous/next buttons walk through the views."""
from __future__ import annotations

import re

import pytest

from ui.presentation import KEY_SCREENS

from .conftest import SCREENSHOTS
from .test_app_in_browser import open_page, wait_idle

SIZES = [(1280, 720), (1920, 1080)]
CHARTS = ".stPlotlyChart, .js-plotly-plot"


def _open(page, server, view: str) -> None:
    open_page(page, server, view, lang="es", query="&present=1", settle_ms=800)


def _boxes(page) -> list[dict]:
    return page.evaluate(f"""() => [...document.querySelectorAll('{CHARTS}')]
        .filter(e => e.offsetParent !== null)
        .map(e => {{ const r = e.getBoundingClientRect();
                     return {{left: r.left, right: r.right, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY}}; }})""")


@pytest.mark.parametrize("width, height", SIZES, ids=["720p", "1080p"])
def test_every_view_fits_the_projector(browser, server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="es-CO")
    context.set_default_timeout(60_000)
    page = context.new_page()
    problems = []
    for view in KEY_SCREENS:
        _open(page, server, view)
        mark = page.locator(".present-mark")                                  # the client's name on screen
        assert mark.is_visible() and "Caso de ejemplo" in mark.inner_text(), view
        page.screenshot(path=str(SCREENSHOTS / f"present_{width}x{height}_{view}.png"), full_page=True)
        boxes = _boxes(page)
        for box in boxes:
            if box["right"] > width + 1:
                problems.append(f"{view}: a chart ends at x={box['right']:.0f} > {width}")
        if boxes:
            first = min(boxes, key=lambda b: b["top"])
            if first["bottom"] - first["top"] > height or first["top"] < 0:
                problems.append(f"{view}: first chart {first} does not fit {height} px")
            # Streamlit scrolls its main block, not the window: bring the first chart to the top
            rect = page.evaluate(f"""() => {{ const e = [...document.querySelectorAll('{CHARTS}')]
                .filter(e => e.offsetParent !== null)[0]; e.scrollIntoView({{block: 'start'}});
                const r = e.getBoundingClientRect(); return {{top: r.top, bottom: r.bottom, right: r.right}}; }}""")
            page.wait_for_timeout(300)
            page.screenshot(path=str(SCREENSHOTS / f"present_{width}x{height}_{view}_chart.png"))
            if rect["bottom"] > height + 1 or rect["right"] > width + 1 or rect["top"] < -1:
                problems.append(f"{view}: the first chart {rect} is cut by the {width}x{height} viewport")
    context.close()
    assert not problems, problems


def test_previous_and_next_walk_through_the_views(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="es-CO")
    context.set_default_timeout(60_000)
    page = context.new_page()
    _open(page, server, "home")
    assert page.get_by_text(f"1 de {len(KEY_SCREENS)}").is_visible()
    page.get_by_role("button", name="Siguiente").click()
    page.wait_for_timeout(500)
    wait_idle(page, 800)
    page.screenshot(path=str(SCREENSHOTS / "present_next.png"))
    page.wait_for_url(re.compile(r".*/servqual(\?.*)?$"), timeout=60_000)
    assert page.get_by_text(f"2 de {len(KEY_SCREENS)}").is_visible()
    page.get_by_role("button", name="Siguiente").click()
    page.wait_for_timeout(500)
    wait_idle(page, 800)
    page.wait_for_url(re.compile(r".*/journey(\?.*)?$"), timeout=60_000)
    page.get_by_role("button", name="Anterior").click()
    wait_idle(page, 800)
    page.wait_for_url(re.compile(r".*/servqual(\?.*)?$"), timeout=60_000)
    page.get_by_role("button", name="Salir del modo presentación").click()
    wait_idle(page, 800)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    context.close()
