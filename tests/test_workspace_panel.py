"""The sidebar's workspace panel: save, flag, open restores settings, rename/duplicate/delete,
two sessions never share unsaved data."""
import pytest
from streamlit.testing.v1 import AppTest

from core.store import WorkspaceStore


def app():
    import streamlit as st

    from ui.sidebar import render_sidebar
    from ui.state import workspace
    from ui.workspace_panel import presentation_chrome, render_status

    slot = render_sidebar()
    presentation_chrome()
    ws = workspace()
    value = st.number_input("confidence", 80.0, 99.9, float(ws.settings.get("abandonment.confidence", 93.4)),
                            key="abandonment.confidence")
    ws.settings["abandonment.confidence"] = value
    st.metric("kpi", f"{value:.1f}")
    render_status(slot)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICEOPS_DATA_DIR", str(tmp_path))
    return tmp_path


def session():
    at = AppTest.from_function(app, default_timeout=60)
    at.session_state["lang"] = "en"
    return at.run()


def flag(at) -> str:
    texts = [w.value for w in at.sidebar.warning] + [c.value for c in at.sidebar.caption]
    for text in texts:
        if text.startswith("●") or text == "All changes saved.":
            return text.split(":")[0]
    return ""


def save_as(at, name):
    at.sidebar.text_input(key="ws_panel.name").set_value(name)
    return at.sidebar.button(key="ws_panel.save").click().run()


def test_save_flag_and_reopen_restore_settings(data_dir):
    at = session()
    assert not at.exception
    assert flag(at) == "● Not saved yet"
    save_as(at, "Client A")
    assert [s.value for s in at.sidebar.success] == ["Saved as “Client A”."]
    assert flag(at) == "All changes saved."
    assert WorkspaceStore(data_dir / "workspaces.sqlite").load("Client A").settings["abandonment.confidence"] == 93.4

    at.number_input(key="abandonment.confidence").set_value(95.0).run()
    assert at.metric[0].value == "95.0"
    assert flag(at) == "● Unsaved changes"

    at.sidebar.selectbox(key="ws_panel.selected").set_value("Client A")
    at.sidebar.button(key="ws_panel.open").click().run()
    assert not at.exception
    assert at.metric[0].value == "93.4"            # the saved setting, not the unsaved 95.0
    assert at.number_input(key="abandonment.confidence").value == 93.4
    assert flag(at) == "All changes saved."


def test_overwriting_another_workspace_needs_a_second_click(data_dir):
    at = session()
    save_as(at, "A")
    at.number_input(key="abandonment.confidence").set_value(90.0).run()
    save_as(at, "B")
    at.number_input(key="abandonment.confidence").set_value(91.0).run()
    save_as(at, "A")                                  # current is B: asks before replacing A
    assert "A workspace named “A” already exists. Press Save again to replace it." in [w.value for w in at.sidebar.warning]
    store = WorkspaceStore(data_dir / "workspaces.sqlite")
    assert store.load("A").settings["abandonment.confidence"] == 93.4
    at.sidebar.button(key="ws_panel.save").click().run()
    assert store.load("A").settings["abandonment.confidence"] == 91.0


def test_rename_duplicate_delete(data_dir):
    at = session()
    save_as(at, "First")
    at.sidebar.selectbox(key="ws_panel.selected").set_value("First")
    at.sidebar.text_input(key="ws_panel.name").set_value("Second")
    at.sidebar.button(key="ws_panel.rename").click().run()
    store = WorkspaceStore(data_dir / "workspaces.sqlite")
    assert store.names() == ["Second"]
    assert "**Second**" in " ".join(m.value for m in at.sidebar.markdown)     # the current workspace follows
    at.sidebar.text_input(key="ws_panel.name").set_value("")
    at.sidebar.button(key="ws_panel.duplicate").click().run()
    assert sorted(store.names()) == ["Second", "Second (copy)"]
    at.sidebar.selectbox(key="ws_panel.selected").set_value("Second (copy)")
    assert at.sidebar.button(key="ws_panel.delete").disabled                   # until confirmed
    at.sidebar.checkbox(key="ws_panel.delete_confirm").check().run()
    at.sidebar.button(key="ws_panel.delete").click().run()
    assert store.names() == ["Second"]
    assert [s.value for s in at.sidebar.success] == ["Deleted “Second \\(copy\\)”."]  # Markdown-escaped user text


def test_bad_names_get_messages(data_dir):
    at = session()
    save_as(at, "   ")
    assert [e.value for e in at.sidebar.error] == ["Type a name first."]


def test_two_sessions_never_see_each_others_unsaved_data(data_dir):
    one, two = session(), session()
    save_as(one, "Shared")
    one.number_input(key="abandonment.confidence").set_value(97.0).run()   # unsaved in session one
    two.run()
    assert two.metric[0].value == "93.4"
    two.sidebar.selectbox(key="ws_panel.selected").set_value("Shared")
    two.sidebar.button(key="ws_panel.open").click().run()
    assert two.metric[0].value == "93.4"                                  # the saved value only
    two.number_input(key="abandonment.confidence").set_value(81.0).run()
    one.run()
    assert one.metric[0].value == "97.0"
    assert one.session_state["workspace"] is not two.session_state["workspace"]


def test_presentation_mode_hides_controls_and_offers_an_exit(data_dir):
    at = session()
    at.sidebar.toggle(key="present").set_value(True).run()
    css = [m.value for m in at.markdown if m.value.startswith("<style>")]
    assert css and '[data-testid="stSidebar"]' in css[0] and "zoom: 1.3" in css[0]
    at.button(key="ws_panel.present_exit").click().run()
    assert not [m for m in at.markdown if m.value.startswith("<style>")]


def login_app():
    import streamlit as st

    from ui.workspace_panel import require_login, user_key

    require_login()
    st.write("inside", user_key())


def test_login_is_off_by_default_and_required_with_an_auth_section(data_dir):
    at = AppTest.from_function(login_app, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert [m.value for m in at.markdown] == ["inside local"]      # a laptop: no login, user "local"
    at = AppTest.from_function(login_app, default_timeout=60)
    at.session_state["lang"] = "es"
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 40,
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "https://example.org/.well-known/openid-configuration"}
    at.run()
    assert [t.value for t in at.title] == ["Iniciar sesión"]
    assert [b.label for b in at.button] == ["Iniciar sesión"]
    assert not any("inside" in m.value for m in at.markdown)       # nothing else runs before sign-in


def test_blueprint_edits_survive_the_store_and_the_page_uses_them(data_dir):
    from pathlib import Path

    from core import blueprint as bp

    page = str(Path(__file__).resolve().parent.parent / "app_pages" / "blueprint.py")
    at = AppTest.from_file(page, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    changes_before = int(at.metric[0].value)
    ws = at.session_state["workspace"]
    session = ws.settings["blueprint.sessions"]["workspace"]
    step = session.working["proposed"].step_names[0]
    session.edit_cell("proposed", step, bp.LANES[0], "Edited evidence XYZ")
    store = WorkspaceStore(data_dir / "workspaces.sqlite")
    store.save(ws, "bp")

    reopened = AppTest.from_file(page, default_timeout=60)
    reopened.session_state["lang"] = "en"
    reopened.session_state["workspace"] = store.load("bp")
    reopened.run()
    assert not reopened.exception
    assert int(reopened.metric[0].value) == changes_before + 1       # the edit counts as one more change
    assert any("Edited evidence XYZ" in str(df.value.to_dict()) for df in reopened.dataframe)
    assert reopened.button(key="blueprint.reset").disabled is False    # still "modified": reset is offered
