"""The sidebar's saved workspaces: save, open, rename, duplicate, delete, export, import; the
unsaved-change flag; the optional login; presentation mode.

Storage is core.store (``open_store``: SQLite in $SERVICEOPS_DATA_DIR, or the PostgreSQL server of
$SERVICEOPS_DATABASE_URL; the panel sees only the store interface and its errors: a server that is
down or stops during a save gives a message, and the session's workspace stays as it was). Saves carry the revision the session opened: a save over a newer
version is refused with the choices "save mine as a new name" and "reload theirs", the session's data
kept. Each browser session keeps its own
Workspace in st.session_state; the store hands out fresh copies, so sessions never see each
other's unsaved data. With login on (an [auth] section in .streamlit/secrets.toml, see
docs/DEPLOY.md), workspaces are kept under an opaque key derived from the identity provider's
subject, so a user lists only their own, and no e-mail or name is written to the store.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import streamlit as st

from core.intake.limits import MAX_UPLOAD_MB
from core.store import LOCAL_USER, Store, StoreConflict, StoreError, clean_name, fingerprint, open_store
from core.text import escape_markdown
from core.workspace_file import MIME, export_format, export_workspace, import_workspace
from ui.state import (K_FP_CACHE, K_NAME, K_SAVED, loaded_revision, remember_revision, replace_workspace,
                      translator, workspace, workspace_label)

K_MESSAGE = "ws_panel.message"       # (kind, text) shown once after an action
K_CONFIRM = "ws_panel.confirm_overwrite"
K_SELECTED = "ws_panel.selected"
K_IMPORT, K_IMPORTED = "ws_panel.import", "ws_panel.imported_token"
K_PRESENT = "present"   # the presentation toggle (ui/presentation.py reads the same key)
K_CONFLICT = "ws_panel.conflict"     # (name, their revision) after a save refused as stale
K_NOTICED = "ws_panel.store_noticed"  # the store notice (a moved damaged file) this session has seen
K_STATUS_SHOWN = "ws_panel.status_shown"  # the kind of flag on screen (ui/fragment.py keeps it right)


@st.cache_resource
def _store(path_key: str) -> Store:
    return open_store()


def store() -> Store:
    """The store of this server (the object holds no session data). Raises StoreFault when the
    configured store cannot be opened at all."""
    import os

    from core.store import default_data_dir

    return _store(os.environ.get("SERVICEOPS_DATABASE_URL") or str(default_data_dir()))


# ---------------------------------------------------------------- login

def login_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (off by default on a laptop)."""
    try:
        return bool(st.secrets.load_if_toml_exists() and st.secrets.get("auth"))
    except Exception:
        return False


def user_key() -> str:
    """The store's user key: "local" without login; with login, a hash of issuer and subject."""
    if not login_configured():
        return LOCAL_USER
    try:
        if not st.user.is_logged_in:
            return LOCAL_USER
        subject = f"{st.user.get('iss', '')}|{st.user.get('sub') or st.user.get('email', '')}"
    except Exception:
        return LOCAL_USER
    return "u_" + hashlib.sha256(subject.encode("utf-8")).hexdigest()[:32]


def require_login() -> None:
    """With login configured and nobody signed in: a sign-in screen, and nothing else runs."""
    if not login_configured():
        return
    if getattr(st.user, "is_logged_in", False):
        return
    t = translator()
    st.title(t("workspace.login_title"))
    st.markdown(t("workspace.login_body"))
    st.button(t("workspace.login_button"), on_click=st.login, type="primary", key="ws_panel.login")
    st.stop()


# ---------------------------------------------------------------- actions (callbacks)

def _say(kind: str, text: str) -> None:
    st.session_state[K_MESSAGE] = (kind, text)


def _error_text(err: Exception) -> str:
    t = translator()
    if isinstance(err, StoreError):   # StoreFault says what is wrong with the store and where
        params = {k: escape_markdown(v) if isinstance(v, str) else v for k, v in err.params.items()}
        return t(err.key, **params)
    return t("workspace.error.storage", folder="", detail=escape_markdown(type(err).__name__))  # never a traceback


def _error(err: Exception) -> None:
    _say("error", _error_text(err))


def _mark_saved(ws) -> None:
    st.session_state[K_SAVED] = fingerprint(ws, st.session_state.setdefault(K_FP_CACHE, {}))


def _replace_workspace(ws) -> None:
    replace_workspace(ws, saved=True)
    st.session_state[K_NAME] = ws.name


def _save() -> None:
    """Save under the typed name. The save is based on the revision this session opened of that
    name; a name already used by another workspace is replaced only after a second click (based on
    the revision seen at the first); a newer version saved meanwhile is a conflict (K_CONFLICT)."""
    t = translator()
    try:
        name = clean_name(st.session_state.get(K_NAME))
    except StoreError as err:
        _error(err)
        return
    confirm = st.session_state.pop(K_CONFIRM, None)
    base = loaded_revision(name)
    if base is None and isinstance(confirm, tuple) and confirm[0] == name:
        base = confirm[1]
    try:
        _store_as(name, base)
    except StoreConflict as err:
        if err.code == "exists":
            st.session_state[K_CONFIRM] = (name, err.params.get("theirs"))
            _say("warning", t("workspace.confirm_overwrite", name=escape_markdown(name)))
        else:
            st.session_state[K_CONFLICT] = (name, err.params.get("theirs"))
            _error(err)
    except Exception as err:  # noqa: BLE001 - every failure becomes a message
        _error(err)


def _store_as(name: str, base: int | None) -> None:
    """Save the session's workspace as ``name`` on top of revision ``base`` and say so."""
    t = translator()
    ws = workspace()
    saved = store().save(ws, name, user=user_key(), expected_revision=base)
    st.session_state.pop(K_CONFLICT, None)
    remember_revision(saved.name, saved.revision)
    st.session_state["ws_panel.is_saved_name"] = saved.name
    st.session_state[K_NAME] = saved.name
    _mark_saved(ws)
    text = t("workspace.saved", name=escape_markdown(saved.name))
    if saved.skipped:
        text += " " + t("workspace.saved_skipped", keys=escape_markdown(", ".join(saved.skipped)))
    _say("success", text)


def _conflict_save_as() -> None:
    """After a conflict: the session's workspace under a new free name ("<name> (mine)")."""
    held = st.session_state.get(K_CONFLICT)
    if not held:
        return
    try:
        name = store().free_name(translator()("workspace.conflict_mine", name=held[0])[:80], user_key())
        _store_as(name, None)
    except Exception as err:  # noqa: BLE001
        _error(err)


def _conflict_reload() -> None:
    """After a conflict: open the stored (newer) version; the session's changes are dropped."""
    held = st.session_state.pop(K_CONFLICT, None)
    if held:
        _open_named(held[0])


def _open() -> None:
    name = st.session_state.get(K_SELECTED)
    if name:
        _open_named(name)


def _open_named(name: str) -> None:
    t = translator()
    try:
        loaded = store().fetch(name, user=user_key())
    except Exception as err:  # noqa: BLE001
        _error(err)
        return
    ws = loaded.workspace
    _replace_workspace(ws)
    remember_revision(ws.name, loaded.revision)
    st.session_state.pop(K_CONFLICT, None)
    st.session_state["ws_panel.is_saved_name"] = ws.name
    _mark_saved(ws)
    _say("success", t("workspace.opened", name=escape_markdown(ws.name)))


def _rename() -> None:
    t = translator()
    old = st.session_state.get(K_SELECTED)
    if not old:
        return
    try:
        new = store().rename(old, st.session_state.get(K_NAME) or "", user=user_key())
    except Exception as err:  # noqa: BLE001
        _error(err)
        return
    ws = workspace()
    if ws.name == old:
        ws.name = new
        st.session_state["ws_panel.is_saved_name"] = new
        if loaded_revision(old) is not None:   # a rename keeps the revision
            remember_revision(new, loaded_revision(old))
    st.session_state[K_SELECTED] = new
    _say("success", t("workspace.renamed", name=escape_markdown(new)))


def _duplicate() -> None:
    t = translator()
    name = st.session_state.get(K_SELECTED)
    if not name:
        return
    try:
        db = store()
        typed = (st.session_state.get(K_NAME) or "").strip()
        target = typed if typed and typed != name and not db.exists(typed, user_key()) else \
            db.free_name(t("workspace.copy_suffix", name=name)[:80], user_key())
        new = db.duplicate(name, target, user=user_key())
    except Exception as err:  # noqa: BLE001
        _error(err)
        return
    st.session_state[K_SELECTED] = new
    _say("success", t("workspace.duplicated", name=escape_markdown(new)))


def _delete() -> None:
    t = translator()
    name = st.session_state.get(K_SELECTED)
    if not name or not st.session_state.get("ws_panel.delete_confirm"):
        return
    try:
        store().delete(name, user=user_key())
    except Exception as err:  # noqa: BLE001
        _error(err)
        return
    st.session_state["ws_panel.delete_confirm"] = False
    if st.session_state.get("ws_panel.is_saved_name") == name:
        st.session_state.pop("ws_panel.is_saved_name", None)
        st.session_state[K_SAVED] = None
    st.session_state.pop(K_SELECTED, None)
    _say("success", t("workspace.deleted", name=escape_markdown(name)))


def _import() -> None:
    t = translator()
    file = st.session_state.get(K_IMPORT)
    if file is None:
        return
    token = getattr(file, "file_id", None) or f"{file.name}:{file.size}"
    if st.session_state.get(K_IMPORTED) == token:
        return
    st.session_state[K_IMPORTED] = token
    result = import_workspace(file.getvalue(), file.name)
    if not result.ok:
        if result.problem is not None:     # refused by intake's checks (a bomb, a part too big)
            _say("error", escape_markdown(result.problem.message(t)))
        else:
            _say("error", t(f"workspace.import_error.{result.error}", file=escape_markdown(file.name), **result.params))
        return
    lines = []
    for dataset in result.refused:
        problems = result.datasets[dataset].errors or result.datasets[dataset].problems
        lines.append(t("workspace.import_refused_sheet", dataset=t(f"datasets.{dataset}")) + "\n" +
                     "\n".join(f"- {escape_markdown(p.message(t))}" for p in problems[:10]))
    if result.ignored_sheets:
        lines.append(t("workspace.import_ignored", sheets=escape_markdown(", ".join(result.ignored_sheets))))
    if result.ignored_settings:
        lines.append(t("workspace.import_ignored_settings", keys=escape_markdown(", ".join(result.ignored_settings))))
    ws = result.workspace
    try:
        ws.name = store().free_name(ws.name, user_key())
    except Exception:  # noqa: BLE001 - the store's fault is shown by the panel; the import goes on
        pass
    _replace_workspace(ws)
    st.session_state[K_SAVED] = None
    st.session_state.pop("ws_panel.is_saved_name", None)
    text = t("workspace.imported", name=escape_markdown(ws.name), n=len(ws.datasets))
    _say("warning" if lines else "success", "\n\n".join([text, *lines]))


# ---------------------------------------------------------------- the panel

def export_builder(ws):
    """What the export button runs on click (Streamlit calls it outside the script run): the
    workspace file's bytes, stamped with the time of the click."""
    return lambda: export_workspace(ws, dt.datetime.now().isoformat(timespec="seconds"))


def _when(updated: dt.datetime) -> str:
    return updated.astimezone().strftime("%Y-%m-%d %H:%M")


def status_text() -> tuple[str, str]:
    """("ok"|"unsaved"|"never", text) for the current workspace."""
    t = translator()
    ws = workspace()
    saved = st.session_state.get(K_SAVED)
    if saved is None:
        return "never", t("workspace.status_never")
    now = fingerprint(ws, st.session_state.setdefault(K_FP_CACHE, {}))
    return ("ok", t("workspace.status_saved")) if now == saved else ("unsaved", t("workspace.status_unsaved"))


def render_status(slot) -> None:
    """The unsaved-change flag, drawn after the page ran (so it sees this run's changes)."""
    try:
        kind, text = status_text()
        (slot.caption if kind == "ok" else slot.warning)(text)
        st.session_state[K_STATUS_SHOWN] = kind
    except Exception:  # the flag must never break a page
        pass


def render_workspace_panel():
    """The panel (inside the sidebar). Returns the placeholder for the unsaved-change flag, which
    app.py fills after the page has run (render_status)."""
    t = translator()
    ws = workspace()
    user = user_key()
    st.session_state.setdefault(K_SAVED, None)
    st.session_state.setdefault(K_NAME, ws.name if st.session_state.get(K_SAVED) else "")
    st.subheader(t("workspace.title"))
    st.markdown(t("workspace.current", name=escape_markdown(workspace_label(ws))))
    slot = st.empty()
    render_status(slot)   # as before the page runs; app.py redraws it after the page
    message = st.session_state.pop(K_MESSAGE, None)
    if message:
        getattr(st, message[0])(message[1])
    store_ok = _store_notices()
    st.text_input(t("workspace.name"), key=K_NAME, max_chars=80, help=t("workspace.name_help"))
    st.button(t("workspace.save"), on_click=_save, key="ws_panel.save", type="primary", icon=":material/save:")
    if st.session_state.get(K_CONFLICT):
        st.button(t("workspace.conflict_save_as"), on_click=_conflict_save_as, key="ws_panel.conflict_save_as",
                  icon=":material/save_as:")
        st.button(t("workspace.conflict_reload"), on_click=_conflict_reload, key="ws_panel.conflict_reload",
                  icon=":material/refresh:")

    try:
        saved = store().list(user) if store_ok else None
    except Exception as err:  # noqa: BLE001 - the fault is shown instead of "no saved workspaces yet"
        st.error(_error_text(err))
        saved = None
    names = [info.name for info in saved or []]
    when = {info.name: _when(info.updated) for info in saved or []}
    if names:
        if st.session_state.get(K_SELECTED) not in names:
            st.session_state[K_SELECTED] = ws.name if ws.name in names else names[0]
        st.selectbox(t("workspace.saved_list"), names, key=K_SELECTED,
                     format_func=lambda n: t("workspace.option", name=n, when=when.get(n, "")))
        c1, c2 = st.columns(2)
        c1.button(t("workspace.open"), on_click=_open, key="ws_panel.open", icon=":material/folder_open:",
                  width="stretch")
        c2.button(t("workspace.duplicate"), on_click=_duplicate, key="ws_panel.duplicate", width="stretch",
                  help=t("workspace.duplicate_help"), icon=":material/content_copy:")
        c3, c4 = st.columns(2)
        c3.button(t("workspace.rename"), on_click=_rename, key="ws_panel.rename", width="stretch",
                  help=t("workspace.rename_help"), icon=":material/edit:")
        c4.button(t("workspace.delete"), on_click=_delete, key="ws_panel.delete", width="stretch",
                  disabled=not st.session_state.get("ws_panel.delete_confirm"), icon=":material/delete:")
        st.checkbox(t("workspace.delete_confirm"), key="ws_panel.delete_confirm")
    elif saved is not None:
        st.caption(t("workspace.none_saved"))

    kind = export_format(ws)
    zipped = "_zip" if kind == "zip" else ""
    st.download_button(t(f"workspace.export{zipped}"),
                       data=export_builder(ws),
                       file_name=f"{_file_stem(ws.name)}.{kind}", mime=MIME[kind], key="ws_panel.export",
                       help=t(f"workspace.export_help{zipped}"), icon=":material/download:",
                       on_click="ignore")    # built on click: no rerun with it (ui.upload.DEFERRED_NOTE)
    st.file_uploader(t("workspace.import"), type=["xlsx", "zip"], key=K_IMPORT, on_change=_import,
                     help=t("workspace.import_help"))
    st.caption(t("upload_limits.too_big", size=MAX_UPLOAD_MB))
    st.toggle(t("workspace.present_toggle"), key=K_PRESENT, help=t("workspace.present_help"))
    if login_configured() and getattr(st.user, "is_logged_in", False):
        st.caption(t("workspace.signed_in", name=escape_markdown(st.user.get("name") or st.user.get("email") or "")))
        st.button(t("workspace.logout"), on_click=st.logout, key="ws_panel.logout")
    return slot


def _store_notices() -> bool:
    """What is wrong with the store, said once where it matters: a damaged file moved aside at start
    (once per session), saving off in a read-only folder (always), a store that cannot open (then
    False)."""
    t = translator()
    try:
        db = store()
    except Exception as err:  # noqa: BLE001
        st.error(_error_text(err))
        return False
    recovered = getattr(db, "recovered", None)
    if recovered is not None and st.session_state.get(K_NOTICED) != recovered.backup:
        st.session_state[K_NOTICED] = recovered.backup
        st.warning(t("workspace.store_recovered", file=escape_markdown(recovered.file),
                     backup=escape_markdown(recovered.backup)))
    if getattr(db, "read_only", ""):
        st.warning(t("workspace.store_read_only", folder=escape_markdown(db.location),
                     reason=escape_markdown(db.read_only)))
    return True


def _file_stem(name: str) -> str:
    """A file name from a workspace name: letters, digits, dash and underscore only."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_-]+", "_", plain).strip("_") or "workspace"
