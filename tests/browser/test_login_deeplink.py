"""Login on a deep link (issue 15 item 1): with [auth] configured, the very first request after a
start going straight to a view's address gets the sign-in screen, not the view.

Pages live in app_pages/ (not pages/), so Streamlit has no page of its own to serve before
app.py's st.navigation and require_login() run. The identity provider is never contacted: the
test only checks what is served before anyone signs in.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import OUTPUT, SCREENSHOTS, Server

SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:1/oauth2callback"
cookie_secret = "test-cookie-secret-0123456789abcdef0123456789abcdef"
client_id = "test-client"
client_secret = "test-secret"
server_metadata_url = "http://127.0.0.1:1/.well-known/openid-configuration"
"""


@pytest.fixture(scope="module")
def login_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("login")
    secrets = folder / "secrets.toml"
    secrets.write_text(SECRETS, encoding="utf-8")
    srv = Server(folder / "data", OUTPUT, extra_args=("--secrets.files", str(secrets)), name="streamlit_login")
    srv.start()
    yield srv
    srv.kill()


@pytest.mark.parametrize("view", ["data", "staffing"])
def test_a_deep_link_as_first_request_shows_the_sign_in_screen(login_server, browser, view):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{login_server.url}/{view}?lang=es", timeout=90_000)
        page.wait_for_selector("h1", timeout=90_000)
        page.wait_for_timeout(1500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"login_deeplink_{view}.png"))
        assert page.get_by_role("button", name="Iniciar sesión").count() == 1 or \
            page.get_by_text("Iniciar sesión").count() >= 1
        assert page.locator("[data-testid='stFileUploader']").count() == 0
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
    finally:
        context.close()
