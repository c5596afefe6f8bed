"""app_pages/home.py and app.py: the app starts on the sample case in both languages."""
import pytest
from streamlit.testing.v1 import AppTest


@pytest.mark.parametrize("lang, title, case", [
    ("en", "Service operations dashboard", "Prepaid-medicine provider, Cartagena"),
    ("es", "Tablero de operaciones de servicio", "Empresa de medicina prepagada, Cartagena"),
])
def test_app_opens_on_home_with_the_three_seed_organisations(lang, title, case):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    assert at.title[0].value == title
    texts = " ".join(m.value for m in at.markdown)
    assert f"**{case}**" in texts
    assert ("Bogotá" in texts) and ("Lima" in texts)
    # the sidebar offers the language switch and the workspace says it holds the sample case
    assert at.sidebar.selectbox[0].value == lang
    assert any("sample case" in c.value or "caso de ejemplo" in c.value for c in at.sidebar.caption)


def test_switching_language_in_the_sidebar_translates_the_page():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["lang"] = "es"
    at.run()
    at.sidebar.selectbox[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Service operations dashboard"


def test_home_page_alone_lists_every_view():
    at = AppTest.from_file("../app_pages/home.py", default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown)
    for view in ("SERVQUAL", "Customer journey map", "Service blueprint", "CRM indicators",
                 "Staffing (queueing)", "Abandonment tests", "Your data"):
        assert f"**{view}**" in texts


def test_home_has_two_entry_points_own_data_and_the_sample_case():
    at = AppTest.from_file("../app_pages/home.py", default_timeout=60)
    at.session_state["lang"] = "es"
    at.run()
    assert at.session_state["workspace"].is_sample
    at.button(key="home.start_own").click().run()
    assert not at.exception
    ws = at.session_state["workspace"]
    assert not ws.is_sample and ws.datasets == {}          # an empty workspace of her own data
    assert any("sus propios datos" in c.value for c in at.caption)
    at.button(key="home.open_sample").click().run()
    assert at.session_state["workspace"].is_sample and at.session_state["workspace"].get("traffic") is not None


# ---------------------------------------------------------------- language in the address (issue 14)

def test_language_is_read_from_the_address():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Service operations dashboard"
    assert at.query_params["lang"] == "en"


def test_the_address_gets_the_language_and_follows_the_sidebar():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    assert at.title[0].value == "Tablero de operaciones de servicio"
    assert at.query_params["lang"] == "es"              # written back: a reload keeps Spanish
    at.sidebar.selectbox[0].set_value("en").run()
    assert not at.exception
    assert at.query_params["lang"] == "en" and at.session_state["lang"] == "en"
    assert at.title[0].value == "Service operations dashboard"


def test_an_unknown_language_in_the_address_opens_in_spanish():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = "fr<script>"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Tablero de operaciones de servicio"
    assert at.query_params["lang"] == "es"


@pytest.mark.parametrize("lang, name", [("es", "caso de ejemplo"), ("en", "sample case")])
def test_the_sidebar_never_shows_the_sample_workspace_s_internal_name(lang, name):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    texts = [e.value for e in (*at.sidebar.caption, *at.sidebar.markdown, *at.sidebar.text_input)
             if isinstance(e.value, str)]
    assert not any("**sample**" in x or x.strip() == "sample" for x in texts), texts
    assert at.session_state["workspace"].is_sample
    assert any(name in x.lower() for x in texts), texts


def test_the_sample_workspace_opens_in_the_session_s_language():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["lang"] = "es"
    at.run()
    phases = list(at.session_state["workspace"].get("journey_map")["phase"])
    assert phases[1] == "Solicitud y contrato"
    at.sidebar.selectbox[0].set_value("en").run()
    phases = list(at.session_state["workspace"].get("journey_map")["phase"])
    assert phases[1] == "Application and contract"
