"""The whole app in headless Chromium: every page renders, a slider moves a KPI, uploads through
the real file chooser, the report downloads and opens offline, user text stays text, and a saved
workspace survives a killed and restarted server with the same numbers.

Run: .venv/bin/python -m pytest tests/browser -q   (screenshots in test-output/screenshots/)
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from core import queueing
from core.i18n import Translator
from core.sample import sample_workspace

from .conftest import OUTPUT, ROOT, SCREENSHOTS

EN = Translator("en")
# the pages in app.py's navigation (whose module exists), in their order
PAGES = [v for v in re.findall(r'\("([a-z_]+)", ":material/', (ROOT / "app.py").read_text(encoding="utf-8"))
         if (ROOT / "app_pages" / f"{v}.py").exists()]
IDLE = ("() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector('[data-testid=stSkeleton]'); }")


def wait_idle(page, settle_ms: int = 400) -> None:
    """Until Streamlit has finished the script run that the last action started."""
    page.wait_for_timeout(settle_ms)
    page.wait_for_function(IDLE, timeout=90_000)


def open_page(page, server, view: str, lang: str = "en", query: str = "", settle_ms: int = 400) -> None:
    """Open ``view`` (``query``: more of the address, e.g. "&present=1") and wait until it has run."""
    if not server.warm:
        # Streamlit only learns that app.py uses st.navigation from its first run: a deep link to
        # /<view> as the very first request after a (re)start is routed to pages/<view>.py alone
        # (the pages/ folder convention), without app.py's sidebar. Open the home page first.
        page.goto(f"{server.url}/?lang={lang}{query}")
        page.wait_for_selector("h1", timeout=90_000)
        wait_idle(page)
        server.warm = True
    path = "" if view == "home" else view
    page.goto(f"{server.url}/{path}?lang={lang}{query}")
    page.wait_for_selector("h1", timeout=90_000)
    wait_idle(page, settle_ms)


def shot(page, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"screenshot {name} is empty"
    return path


def alerts(page) -> list[str]:
    return [t.strip() for t in page.locator('[data-testid="stAlert"]').all_inner_texts()]


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()


# ---------------------------------------------------------------- every page

@pytest.mark.parametrize("view", PAGES)
def test_every_page_renders(page, server, view):
    open_page(page, server, view)
    no_exception(page)
    title = page.locator("h1").first.inner_text().strip()
    assert title, view
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    shot(page, f"page_{view}")


def test_a_page_in_spanish(page, server):
    open_page(page, server, "abandonment", lang="es")
    no_exception(page)
    assert page.get_by_text("Conclusión", exact=True).first.is_visible()
    shot(page, "page_abandonment_es")


# ---------------------------------------------------------------- a slider moves a KPI

def slider_value(page, key: str) -> float:
    return float(page.locator(f".st-key-{key} input[type=range]").get_attribute("value"))


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$")))
    return box.first.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_moving_the_agents_slider_changes_the_service_level(page, server):
    open_page(page, server, "staffing")
    rate, aht = slider_value(page, "staffing-morning-rate"), slider_value(page, "staffing-morning-aht")
    threshold = slider_value(page, "staffing-threshold_s")
    agents = slider_value(page, "staffing-morning-agents")
    before = metric(page, EN("staffing.kpi.sl"))
    assert before == EN.pct(queueing.erlang_c(rate, aht, int(agents), threshold).service_level)
    # fewest agents (moving left) at which the shown service level differs and the queue is stable
    def shown(n):
        try:
            return EN.pct(queueing.erlang_c(rate, aht, n, threshold).service_level)
        except queueing.UnstableQueueError:
            return None
    target = next(n for n in range(int(agents) - 1, 0, -1) if shown(n) not in (None, before))
    thumb = page.locator(".st-key-staffing-morning-agents input[type=range]")
    thumb.focus()
    for _ in range(int(agents) - target):
        page.keyboard.press("ArrowLeft")
    wait_idle(page, 1200)
    assert slider_value(page, "staffing-morning-agents") == target
    after = metric(page, EN("staffing.kpi.sl"))
    assert after == shown(target) and after != before, (before, after, shown(target))
    shot(page, "slider_moved_staffing")


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_a_move_inside_the_shift_section_reruns_it_alone_and_keeps_the_unsaved_flag_right(page, server):
    """The one-shift section is an st.fragment (issue 16): an agents move reruns it alone, yet the
    sidebar's unsaved-change flag (outside it) follows: unsaved after the move, saved after moving back."""
    open_page(page, server, "staffing")
    save_workspace(page, "fragment flag")
    assert EN("workspace.status_saved") in sidebar_text(page)
    charts = page.locator(".js-plotly-plot").count()
    thumb = page.locator(".st-key-staffing-morning-agents input[type=range]")
    start = slider_value(page, "staffing-morning-agents")
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    wait_idle(page, 1200)
    assert slider_value(page, "staffing-morning-agents") == start - 1
    assert EN("workspace.status_unsaved") in sidebar_text(page)
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_idle(page, 1200)
    assert slider_value(page, "staffing-morning-agents") == start
    assert EN("workspace.status_saved") in sidebar_text(page)
    assert page.locator(".js-plotly-plot").count() == charts        # the week's heatmap is still drawn
    no_exception(page)


# ---------------------------------------------------------------- uploads through the file chooser

def abandonment_csv(factor: float = 1.0) -> bytes:
    """The sample's days with the proposed model's abandonment multiplied by ``factor``."""
    frame = sample_workspace().get("abandonment").copy()
    frame.loc[frame["model"] == "proposed", "abandon_pct"] *= factor
    return frame.to_csv(index=False).encode("utf-8")


def upload(page, dataset: str, name: str, content: bytes, mime: str = "text/csv") -> None:
    if not page.locator(f".st-key-upload-{dataset}").is_visible():   # open the upload box's expander
        page.get_by_text(EN("upload.title", dataset=EN(f"datasets.{dataset}")), exact=True).click()
    chooser = page.locator(f".st-key-upload-{dataset} input[type=file]")
    chooser.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": content}])
    # the uploader shows a shortened name; the page's message names the whole file
    page.wait_for_function(
        f"() => Array.from(document.querySelectorAll('[data-testid=stAlert]')).some(a => a.innerText.includes({name!r}))",
        timeout=60_000)
    wait_idle(page, 1500)


def conclusion(page) -> str:
    """The abandonment page's first conclusion sentence pair (the before/after verdict)."""
    box = page.locator('[data-testid="stMarkdownContainer"]').filter(
        has_text=re.compile(r"^Abandonment (fell|rose) by"))
    return box.first.inner_text().strip()


def test_good_and_bad_uploads_show_the_right_message(page, server):
    open_page(page, server, "abandonment")
    upload(page, "abandonment", "good.csv", abandonment_csv(0.8))
    assert EN("upload.loaded", file="good.csv", rows="242") in alerts(page)
    means = sample_workspace().get("abandonment").groupby("model")["abandon_pct"].mean()
    assert f"fell by {means['current'] - 0.8 * means['proposed']:.2f} points" in conclusion(page)
    shot(page, "upload_good")

    bad = b"nombre,telefono,valor\nAna,3001234567,12\n"
    upload(page, "abandonment", "bad.csv", bad)
    messages = alerts(page)
    assert EN("upload.rejected", file="bad.csv") in messages
    assert any("bad.csv" in m and m != EN("upload.rejected", file="bad.csv") for m in messages)  # the reasons
    # the good data stay loaded
    assert f"fell by {means['current'] - 0.8 * means['proposed']:.2f} points" in conclusion(page)
    shot(page, "upload_bad")


def test_script_tags_in_a_file_name_are_shown_as_text(page, server):
    open_page(page, server, "abandonment")
    name = "<script>alert(1)<img src=x onerror=alert(2)>.csv"   # no "/" in a file name
    upload(page, "abandonment", name, b"a,b\n1,2\n")
    assert EN("upload.rejected", file=name) in alerts(page)
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("[data-testid=stMain] script").count() == 0
    shot(page, "script_tags_as_text")


# ---------------------------------------------------------------- the report

def test_report_downloads_and_opens_offline(page, server, browser):
    open_page(page, server, "report")
    page.locator(".st-key-report-build button").click()
    wait_idle(page, 1000)
    page.wait_for_selector(".st-key-report-download_html button")
    with page.expect_download() as info:
        page.locator(".st-key-report-download_html button").click()
    html_path = OUTPUT / "report.html"
    info.value.save_as(html_path)
    with page.expect_download() as info:
        page.locator(".st-key-report-download_xlsx button").click()
    xlsx_path = OUTPUT / "report.xlsx"
    info.value.save_as(xlsx_path)
    shot(page, "report_page")

    book = openpyxl.load_workbook(io.BytesIO(xlsx_path.read_bytes()))
    assert len(book.sheetnames) >= 7

    offline = browser.new_context(offline=True, viewport={"width": 1300, "height": 900})
    requests = []
    offline.route(re.compile(r"^https?://"), lambda route: (requests.append(route.request.url), route.abort()))
    view = offline.new_page()
    try:
        view.goto(html_path.resolve().as_uri())
        # figures draw when scrolled to; printing draws them all (core/report): ask for that
        view.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        view.wait_for_function("() => window.Plotly && document.querySelectorAll('.js-plotly-plot .main-svg').length >= 10",
                               timeout=60_000)
        sections = view.locator("section[data-view]").evaluate_all("els => els.map(e => e.dataset.view)")
        assert sections == ["servqual", "journey", "blueprint", "indicators", "planning", "staffing", "abandonment",
                            "definitions"]
        assert view.locator(".js-plotly-plot").count() == 10
        assert requests == [], requests
        view.screenshot(path=str(SCREENSHOTS / "report_offline.png"), full_page=False)
    finally:
        offline.close()


def test_presentation_mode_hides_the_controls(page, server):
    open_page(page, server, "home")
    page.goto(f"{server.url}/abandonment?lang=en&present=1")
    page.wait_for_selector("h1", timeout=90_000)
    wait_idle(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator(".st-key-abandonment-confidence").is_visible()
    assert page.locator(".st-key-present-next button").is_visible()          # previous/next between key screens
    assert page.locator(".js-plotly-plot").first.is_visible()
    shot(page, "presentation_mode")
    page.locator(".st-key-present-exit button").click()
    wait_idle(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()


# ---------------------------------------------------------------- export and import a workspace file

def test_workspace_file_exported_and_imported_in_another_session(page, server, browser):
    open_page(page, server, "abandonment")
    upload(page, "abandonment", "colleague.csv", abandonment_csv(0.7))
    shown = conclusion(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=EN("workspace.export")).click()
    exported = OUTPUT / "workspace_export.xlsx"
    info.value.save_as(exported)
    book = openpyxl.load_workbook(exported)
    assert {"workspace", "settings", "sources", "abandonment"} <= set(book.sheetnames)

    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    other.set_default_timeout(60_000)
    colleague = other.new_page()
    try:
        open_page(colleague, server, "home")
        colleague.locator(".st-key-ws_panel-import input[type=file]").set_input_files(str(exported))
        colleague.wait_for_function(
            "() => Array.from(document.querySelectorAll('[data-testid=stAlert]'))"
            ".some(a => a.innerText.startsWith('Imported'))", timeout=60_000)
        wait_idle(colleague)
        colleague.locator('[data-testid="stSidebarNav"] a', has_text=EN("nav.abandonment")).click()
        colleague.wait_for_selector("h1:has-text('Abandonment')")
        wait_idle(colleague, 800)
        assert conclusion(colleague) == shown
        assert "colleague.csv" in colleague.locator('[data-testid="stSidebar"]').inner_text()
        shot(colleague, "workspace_imported")
    finally:
        other.close()


# ---------------------------------------------------------------- survives a restart (last: it kills the server)

def save_workspace(page, name: str) -> None:
    box = page.locator(".st-key-ws_panel-name input")
    box.fill(name)
    box.press("Enter")
    wait_idle(page)
    page.locator(".st-key-ws_panel-save button").click()
    wait_idle(page, 800)


def open_workspace(page, name: str) -> None:
    """Choose the workspace in the sidebar's list (typing filters the options) and press Open."""
    box = page.locator(".st-key-ws_panel-selected")
    box.scroll_into_view_if_needed()
    box.locator("input").click()
    page.keyboard.type(name)
    option = page.get_by_role("option", name=re.compile("^" + re.escape(name) + " · "))
    option.first.wait_for(state="visible", timeout=20_000)
    page.keyboard.press("Enter")
    wait_idle(page)
    page.locator(".st-key-ws_panel-open button").click()
    wait_idle(page, 800)


def test_zz_workspace_survives_a_killed_server(page, server, browser):
    open_page(page, server, "abandonment")
    sample_conclusion = conclusion(page)
    upload(page, "abandonment", "client.csv", abandonment_csv(1.1))
    page.locator(".st-key-abandonment-btn_95 button").click()
    wait_idle(page, 800)
    saved = conclusion(page)
    assert saved != sample_conclusion and "With 95.0 % confidence" in saved
    save_workspace(page, "Clínica Norte")
    assert EN("workspace.saved", name="Clínica Norte") in alerts(page)
    assert EN("workspace.status_saved") in page.locator('[data-testid="stSidebar"]').inner_text()
    shot(page, "restart_1_saved")

    server.kill()
    server.start()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh.set_default_timeout(60_000)
    again = fresh.new_page()
    try:
        open_page(again, server, "abandonment")
        assert conclusion(again) == sample_conclusion          # a new session starts from the sample
        open_workspace(again, "Clínica Norte")
        assert EN("workspace.opened", name="Clínica Norte") in alerts(again)
        assert conclusion(again) == saved                     # same numbers after the restart
        sidebar = again.locator('[data-testid="stSidebar"]').inner_text()
        assert "client.csv" in sidebar and EN("workspace.status_saved") in sidebar
        shot(again, "restart_2_reopened")
    finally:
        fresh.close()
