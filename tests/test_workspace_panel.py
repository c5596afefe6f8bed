"""The sidebar's workspace panel: save, flag, open restores settings, rename/duplicate/delete,
two sessions never share unsaved data."""
import pytest
from streamlit.testing.v1 import AppTest

from core.store import WorkspaceStore
from tests.store_backends import pg  # noqa: F401  (the PostgreSQL cluster fixture)


def app():
    import streamlit as st

    from ui.sidebar import render_sidebar
    from ui.state import workspace
    from ui.workspace_panel import render_status

    slot = render_sidebar()
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


def presenting_app():
    from ui.presentation import presentation_chrome
    from ui.sidebar import render_sidebar

    render_sidebar()
    presentation_chrome()


def test_presentation_mode_hides_controls_and_offers_an_exit(data_dir):
    at = AppTest.from_function(presenting_app, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not [m for m in at.markdown if m.value.startswith("<style>")]      # not presenting: no CSS
    at.sidebar.toggle(key="present").set_value(True).run()
    css = [m.value for m in at.markdown if m.value.startswith("<style>")]
    # the controls hidden, type sized by the screen, and no CSS zoom (it crops Plotly charts)
    assert css and '[data-testid="stSidebar"]' in css[0] and "clamp(" in css[0] and "zoom" not in css[0]
    assert "Sample case" in " ".join(m.value for m in at.markdown)            # the client's name on screen
    at.button(key="present.exit").click().run()
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


# ---------------------------------------------------------------- issue 15: lost work and store faults

def test_a_stale_save_is_a_conflict_with_save_as_and_reload(data_dir):
    first = session()
    save_as(first, "Equipo")                                                 # version 1
    one, two = session(), session()
    for at in (one, two):
        at.sidebar.selectbox(key="ws_panel.selected").set_value("Equipo")
        at.sidebar.button(key="ws_panel.open").click().run()
    one.number_input(key="abandonment.confidence").set_value(90.0).run()
    save_as(one, "Equipo")                                                   # version 2
    assert [s.value for s in one.sidebar.success] == ["Saved as “Equipo”."]
    two.number_input(key="abandonment.confidence").set_value(81.0).run()
    save_as(two, "Equipo")                                                   # based on version 1: refused
    assert not two.exception
    errors = [e.value for e in two.sidebar.error]
    assert len(errors) == 1 and errors[0].startswith("Not saved: “Equipo” was saved from another session")
    assert "version 1" in errors[0] and "version 2" in errors[0]
    store = WorkspaceStore(data_dir / "workspaces.sqlite")
    assert store.load("Equipo").settings["abandonment.confidence"] == 90.0  # the first save is kept
    assert two.metric[0].value == "81.0"                                     # and session two keeps its data
    two.sidebar.button(key="ws_panel.conflict_save_as").click().run()
    assert [s.value for s in two.sidebar.success] == ["Saved as “Equipo \\(mine\\)”."]
    assert store.load("Equipo (mine)").settings["abandonment.confidence"] == 81.0
    assert store.load("Equipo").settings["abandonment.confidence"] == 90.0

    # session two (now on "Equipo (mine)") asks to replace "Equipo": confirmed at version 2, but
    # session one saves version 3 before the second click: a conflict again, nothing overwritten
    two.number_input(key="abandonment.confidence").set_value(82.0).run()
    save_as(two, "Equipo")
    assert "A workspace named “Equipo” already exists. Press Save again to replace it." in \
        [w.value for w in two.sidebar.warning]
    one.number_input(key="abandonment.confidence").set_value(91.0).run()
    save_as(one, "Equipo")
    two.sidebar.button(key="ws_panel.save").click().run()
    assert [e.value for e in two.sidebar.error][0].startswith("Not saved: “Equipo” was saved from another session")
    assert store.load("Equipo").settings["abandonment.confidence"] == 91.0


def test_reload_theirs_after_a_conflict(data_dir):
    save_as(session(), "Equipo")
    one, two = session(), session()
    for at in (one, two):
        at.sidebar.selectbox(key="ws_panel.selected").set_value("Equipo")
        at.sidebar.button(key="ws_panel.open").click().run()
    one.number_input(key="abandonment.confidence").set_value(90.0).run()
    save_as(one, "Equipo")
    two.number_input(key="abandonment.confidence").set_value(81.0).run()
    save_as(two, "Equipo")
    assert two.sidebar.button(key="ws_panel.conflict_reload")
    two.sidebar.button(key="ws_panel.conflict_reload").click().run()
    assert not two.exception
    assert two.metric[0].value == "90.0"                                    # theirs, now in session two
    assert flag(two) == "All changes saved."
    two.number_input(key="abandonment.confidence").set_value(85.0).run()
    save_as(two, "Equipo")                                                   # based on version 2 now: saved
    assert WorkspaceStore(data_dir / "workspaces.sqlite").load("Equipo").settings["abandonment.confidence"] == 85.0


def test_a_damaged_store_file_is_named_with_its_backup(data_dir):
    (data_dir / "workspaces.sqlite").write_bytes(b"not a database" * 50)
    at = session()
    assert not at.exception
    warnings = [w.value for w in at.sidebar.warning]
    moved = [w for w in warnings if w.startswith("The saved-workspaces file")]
    assert len(moved) == 1 and "workspaces\\.sqlite\\.damaged\\-" in moved[0]
    save_as(at, "Nuevo")
    assert [s.value for s in at.sidebar.success] == ["Saved as “Nuevo”."]
    assert not [w for w in at.sidebar.warning if w.value.startswith("The saved-workspaces file")]   # told once


def test_a_read_only_folder_lists_and_opens_and_saving_says_why(data_dir, monkeypatch):
    """Faked as in tests/test_store_faults.py: os.access says the folder is not writable (root
    ignores chmod)."""
    import os
    save_as(session(), "Clínica")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    from ui.workspace_panel import _store
    _store.clear()
    at = session()
    assert any("Saving is off" in w.value for w in at.sidebar.warning)
    assert [o.split(" · ")[0] for o in at.sidebar.selectbox(key="ws_panel.selected").options] == ["Clínica"]
    at.sidebar.button(key="ws_panel.open").click().run()
    assert [s.value for s in at.sidebar.success] == ["Opened “Clínica”."]
    save_as(at, "Otro")
    errors = [e.value for e in at.sidebar.error]
    assert len(errors) == 1 and errors[0].startswith("Cannot save: the data folder")
    assert "is read-only for this app (Permission denied)" in errors[0]
    assert not [c for c in at.sidebar.caption if c.value == "No saved workspaces yet."]
    _store.clear()


def test_a_store_that_cannot_open_is_said_and_nothing_crashes(data_dir, monkeypatch):
    monkeypatch.setenv("SERVICEOPS_DATABASE_URL", "mysql://db.example/serviceops")
    at = session()
    assert not at.exception
    errors = [e.value for e in at.sidebar.error]
    assert errors and "SERVICEOPS\\_DATABASE\\_URL" not in errors[0] and "(mysql)" in errors[0]
    assert not [c for c in at.sidebar.caption if c.value == "No saved workspaces yet."]
    save_as(at, "A")
    assert not at.exception
    assert any("not supported" in e.value for e in at.sidebar.error)
    assert at.metric[0].value == "93.4"                          # the session's work is still there


def test_the_export_button_builds_the_workspace_file_on_click():
    """The button's callable (run by Streamlit on the click, which AppTest never does) gives the
    workbook, named and stamped (it once failed on every click)."""
    import io

    import openpyxl

    from core.sample import sample_workspace
    from ui.workspace_panel import export_builder

    content = export_builder(sample_workspace("en"))()
    book = openpyxl.load_workbook(io.BytesIO(content))
    info = {row[0].value: row[1].value for row in book["workspace"].iter_rows(min_row=2)}
    assert info["name"] == "sample" and info["exported"][:2] == "20"
    assert {"settings", "sources", "abandonment"} <= set(book.sheetnames)


# ---------------------------------------------------------------- PostgreSQL store down (issue 18)

def data_page_app():
    """The sidebar (with the workspace panel) and the real data page, as app.py draws them."""
    import runpy

    from tests.pagetest import PAGES
    from ui.sidebar import render_sidebar
    from ui.workspace_panel import render_status

    slot = render_sidebar()
    runpy.run_path(str(PAGES / "data.py"))
    render_status(slot)


# a file as a clinic's Spanish-locale Excel writes it: ';', decimal comma, cp1252
ABANDONO = "account;model;abandon_pct\nA;before;5,5\nA;before;4,0\nA;after;2,0\nA;after;3,0\n".encode("cp1252")


@pytest.fixture
def pg_app(pg, monkeypatch):
    """A Spanish session on the data page, the store on the test PostgreSQL server, own data uploaded."""
    from ui.workspace_panel import _store

    pg.ensure_running()
    pg.reset()
    monkeypatch.setenv("SERVICEOPS_DATABASE_URL", pg.url)
    _store.clear()
    at = AppTest.from_function(data_page_app, default_timeout=120)
    at.session_state["lang"] = "es"
    at.run()
    at.sidebar.button(key="start_own_data").click().run()
    at.file_uploader(key="upload.abandonment").set_value(("abandono_clínica.csv", ABANDONO, "text/csv")).run()
    assert not at.exception
    assert_uploaded_data_shown(at)
    yield at
    pg.ensure_running()
    _store.clear()


def assert_uploaded_data_shown(at) -> None:
    ws = at.session_state["workspace"]
    assert ws.source("abandonment") == "abandono_clínica.csv"
    assert ws.get("abandonment")["abandon_pct"].tolist() == [5.5, 4.0, 2.0, 3.0]
    table = at.dataframe[0].value.set_index("Conjunto de datos")
    assert table.loc["Abandono diario", "Origen"] == "abandono_clínica.csv"
    assert table.loc["Abandono diario", "Filas"] == 4


def test_saving_with_the_postgresql_server_stopped_says_so_in_spanish_and_keeps_the_data(pg_app, pg):
    at = pg_app
    pg.stop("fast")
    at.sidebar.text_input(key="ws_panel.name").set_value("Clínica Norte")
    at.sidebar.button(key="ws_panel.save").click().run()
    assert not at.exception
    errors = [e.value for e in at.sidebar.error]
    said = [e for e in errors if e.startswith("No se puede conectar con la base de datos de espacios de trabajo")]
    assert said and "No se guardó nada" in said[0] and "Su trabajo sigue abierto aquí" in said[0], errors
    assert not at.sidebar.success
    assert_uploaded_data_shown(at)                                  # the page still shows the upload
    assert at.sidebar.text_input(key="ws_panel.name").value == "Clínica Norte"
    pg.ensure_running()                                             # back up: the same click saves
    at.sidebar.button(key="ws_panel.save").click().run()
    assert [s.value for s in at.sidebar.success] == ["Se guardó como «Clínica Norte»."]
    from core.store_postgres import PostgresStore

    back = PostgresStore(pg.url).load("Clínica Norte")
    assert back.get("abandonment")["abandon_pct"].tolist() == [5.5, 4.0, 2.0, 3.0]


def test_postgresql_killed_during_a_save_leaves_the_stored_version_whole_and_the_page_as_it_was(
        pg_app, pg, monkeypatch):
    """The server crashes (pg_ctl stop -m immediate) after the save wrote its first dataset, before
    COMMIT: a message in Spanish, the session's data still on the page, and after the restart the
    stored workspace is the previous version, whole."""
    from core.store_postgres import PostgresStore

    at = pg_app
    at.sidebar.text_input(key="ws_panel.name").set_value("Clínica Norte")
    at.sidebar.button(key="ws_panel.save").click().run()                  # revision 1: abandonment only
    assert [s.value for s in at.sidebar.success] == ["Se guardó como «Clínica Norte»."]
    ws = at.session_state["workspace"]
    frame = ws.get("abandonment").copy()
    frame.loc[0, "abandon_pct"] = 6.5                                     # a change in the session
    ws.put("abandonment", frame, "abandono_clínica.csv")
    real_save = PostgresStore.save

    def crashing_save(self, ws, name=None, user="local", expected_revision=None, progress=None):
        return real_save(self, ws, name, user, expected_revision, progress=lambda dataset: pg.stop("immediate"))

    monkeypatch.setattr(PostgresStore, "save", crashing_save)
    at.sidebar.button(key="ws_panel.save").click().run()
    monkeypatch.setattr(PostgresStore, "save", real_save)
    assert not at.exception
    errors = [e.value for e in at.sidebar.error]
    assert any(e.startswith("Se perdió la conexión con la base de datos de espacios de trabajo") and
               "Un guardado interrumpido no deja nada a medias" in e for e in errors), errors
    assert at.session_state["workspace"].get("abandonment")["abandon_pct"].tolist() == [6.5, 4.0, 2.0, 3.0]
    assert at.dataframe[0].value.set_index("Conjunto de datos").loc["Abandono diario", "Origen"] == "abandono_clínica.csv"
    assert at.sidebar.warning and at.sidebar.warning[0].value.startswith("● Cambios sin guardar")
    pg.ensure_running()
    stored = PostgresStore(pg.url).fetch("Clínica Norte")
    assert stored.revision == 1 and sorted(stored.workspace.datasets) == ["abandonment"]
    assert stored.workspace.get("abandonment")["abandon_pct"].tolist() == [5.5, 4.0, 2.0, 3.0]
