"""Issue 15 class 6: user text that reaches Markdown is escaped.

A workspace whose every text (its name, file names, categories, phase and step names, comments,
indicator names) starts with a Markdown payload — an image that every viewer's browser would fetch, a
javascript: link, LaTeX, bold — goes through every page and the sidebar's workspace panel. No element
that Streamlit renders as Markdown (text, captions, alerts, titles, metric and widget labels, radio
options, expander labels) may hold the payload as written; escaped, it shows literally. Select-box
options, text inputs and tables show plain text and are not checked.
"""
import pytest
from streamlit.testing.v1 import AppTest

from tests.hostile_corpus import prefixed_workspace
from tests.pagetest import run_page

PAYLOADS = ["![x](http://evil.example/x.png) ", "[t](javascript:alert(1)) ", "$x^2$ ", "**neg** "]
RAW = ["![x](", "[t](javascript", "$x^2$", "**neg**", "![w](", "[f](javascript"]
PLAIN = {"Selectbox", "Multiselect", "TextArea", "TextInput", "Dataframe", "Table", "Json", "UnknownElement",
         "NumberInput", "DateInput", "TimeInput", "SelectSlider", "Slider"}
PAGES = ["abandonment", "blueprint", "data", "home", "indicators", "journey", "planning", "report", "servqual",
         "staffing"]


def markdown_workspace():
    return prefixed_workspace(PAYLOADS, "![w](http://evil.example/w.png)", "[f](javascript:x).csv")


def rendered_texts(node, out):
    """(element kind, text) of every text an element renders, walking the AppTest tree."""
    kind = type(node).__name__
    if kind not in PLAIN:
        for attr in ("value", "label", "body", "options", "help", "caption"):
            try:
                value = getattr(node, attr)
            except Exception:  # noqa: BLE001 - not every element has every attribute
                continue
            values = value if isinstance(value, (list, tuple)) else [value]
            out += [(kind, attr, v) for v in values if isinstance(v, str)]
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else []):
        rendered_texts(child, out)
    return out


def raw_payloads(at) -> list:
    return [(k, a, v[:120]) for k, a, v in rendered_texts(at._tree, []) if any(r in v for r in RAW)]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_renders_user_markdown(page):
    at = run_page(page, "en", markdown_workspace())
    assert not at.exception
    assert raw_payloads(at) == []


def panel_app():
    from ui.sidebar import render_sidebar

    render_sidebar()


def test_the_workspace_panel_escapes_names_and_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICEOPS_DATA_DIR", str(tmp_path))
    at = AppTest.from_function(panel_app, default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["workspace"] = markdown_workspace()
    at.run()
    at.sidebar.text_input(key="ws_panel.name").set_value("[t](javascript:alert(1)) Equipo")
    at.sidebar.button(key="ws_panel.save").click().run()
    assert not at.exception
    texts = " ".join(v for _, _, v in rendered_texts(at._tree, []))
    assert "Equipo" in texts and "javascript" in texts        # the name is shown, escaped
    assert raw_payloads(at) == []
