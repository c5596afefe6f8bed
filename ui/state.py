"""The session's language and workspace, kept in st.session_state across page changes."""
from __future__ import annotations

import copy
import json

import pandas as pd
import streamlit as st

from core.i18n import LANGUAGES, Translator
from core.sample import own_data_workspace, relabel_sample, sample_workspace
from core.workspace import Workspace, shown_name

DEFAULT_LANGUAGE = "es"


K_SAMPLE_LANG = "workspace.sample_lang"  # (the sample workspace, the language its texts are in)


def language() -> str:
    """"es" unless the session chose otherwise (sidebar, or ?lang=en in the address). The address
    always carries the language (?lang=es|en), so a reload or a shared link opens in it."""
    if "lang" not in st.session_state or st.session_state["lang"] not in LANGUAGES:
        asked = st.query_params.get("lang")
        st.session_state["lang"] = asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    lang = st.session_state["lang"]
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def set_language(lang: str) -> None:
    """Switch the session's language (and the address's ?lang=); the sample case follows it."""
    if lang in LANGUAGES:
        st.session_state["lang"] = lang
        st.query_params["lang"] = lang


def translator() -> Translator:
    return Translator(language())


def workspace() -> Workspace:
    """The session's workspace; the sample case until the user uploads their own data.

    The sample case is shown in the session's language: when the language changed since its texts
    were last set (or a sample workspace was just put in the session), its texts are turned into
    the language (core.sample.relabel_sample) and the views' widgets redraw from its settings.
    A workspace of the user's own data is never touched: her texts are shown as she wrote them."""
    lang = language()
    if "workspace" not in st.session_state:
        st.session_state["workspace"] = sample_workspace(lang)
        st.session_state[K_SAMPLE_LANG] = (st.session_state["workspace"], lang)
    ws = st.session_state["workspace"]
    known = st.session_state.get(K_SAMPLE_LANG)
    if ws.is_sample and not (isinstance(known, tuple) and known[0] is ws and known[1] == lang):
        relabel_sample(ws, lang)
        if isinstance(known, tuple) and known[0] is ws:   # same workspace, new language: widgets hold old texts
            clear_view_state()
        st.session_state[K_SAMPLE_LANG] = (ws, lang)
    return ws


# Widget keys of the views start with the view's name; they are forgotten when the workspace changes
# so the pages redraw from the new workspace's settings.
VIEW_PREFIXES = ("servqual", "journey", "blueprint", "indicators", "planning", "staffing", "simulation",
                 "abandonment", "report", "mapping")
K_SAVED = "ws_panel.saved_fp"        # fingerprint of the workspace as last saved/opened (None: never saved)
K_FP_CACHE = "ws_panel.fp_cache"
K_NAME = "ws_panel.name"
K_REVISION = "ws_panel.revision"     # (name, revision) of the saved workspace this session opened or saved last


def clear_view_state() -> None:
    """Forget the views' widget state so the pages redraw from the current workspace's settings."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.split(".", 1)[0] in VIEW_PREFIXES:
            del st.session_state[key]


def replace_workspace(ws: Workspace, saved: bool = False) -> None:
    """Make ``ws`` the session's workspace; widget state of the previous one is forgotten."""
    clear_view_state()
    st.session_state["workspace"] = ws
    st.session_state[K_FP_CACHE] = {}
    st.session_state[K_NAME] = "" if ws.is_sample else ws.name
    st.session_state.pop(K_REVISION, None)   # the caller that opened a saved workspace sets it again
    if not saved:
        st.session_state[K_SAVED] = None


def loaded_revision(name: str) -> int | None:
    """The revision of the saved workspace ``name`` as this session last opened or saved it (the
    base of its next save, core.store.WorkspaceStore.save), or None when the session never had it."""
    held = st.session_state.get(K_REVISION)
    return held[1] if isinstance(held, tuple) and held[0] == name else None


def remember_revision(name: str, revision: int) -> None:
    st.session_state[K_REVISION] = (name, revision)


def reset_to_sample() -> None:
    """Open the sample case (the seed studies) as the session's workspace."""
    replace_workspace(sample_workspace(language()))
    st.session_state.pop("upload_results", None)


def start_own_data() -> None:
    """Open an empty workspace for the user's own data (nothing of the sample case in it)."""
    replace_workspace(own_data_workspace(translator()("app.own_data_name")))
    st.session_state.pop("upload_results", None)


def workspace_for_upload() -> Workspace:
    """The workspace an upload goes into: the current one, unless it is the sample case; then a new
    workspace of the user's own data, so no sample dataset or setting is mixed into her results."""
    ws = workspace()
    if ws.is_sample:
        start_own_data()
        st.session_state["upload.forked_from_sample"] = True
        ws = workspace()
    return ws


def workspace_label(ws: Workspace | None = None) -> str:
    """The workspace's name as the user reads it ("Caso de ejemplo" for the sample)."""
    ws = ws or workspace()
    return shown_name(ws, translator())


def remembered(key: str, default, valid=None) -> str:
    """A widget key whose value lives in the workspace settings under the same key.

    Before the widget is drawn: when the key is not in st.session_state (first draw, or a workspace
    was just opened), it is seeded from ``ws.settings.get(key, default)``; a stored value that
    ``valid(value)`` rejects (e.g. an option no longer offered) falls back to ``default``. The
    current value is then written back to ``ws.settings`` (Streamlit applies this run's widget
    changes to st.session_state before the script runs, so it is the value the widget returns),
    unless it is already there. A setting that was absent when the widget was seeded stays absent
    while the widget shows ``default`` (and is removed again when the user moves it back there): a
    widget nobody moved leaves the settings as they were, so no view kept by them (this page's,
    the report's) is computed again for it, and moving back to the start reuses the kept result.
    Pass the result as ``key=`` and do NOT pass ``value=``/``index=``/``default=`` to the widget.
    Values must be plain (numbers, text, booleans, None, lists, dates); see core.store.
    """
    settings = workspace().settings
    unset = f"{key}._unset"      # the setting was absent when the widget was seeded
    if key not in st.session_state:
        value = settings.get(key, default)
        if valid is not None and not valid(value):
            value = default
        st.session_state[key] = copy.deepcopy(value)
        st.session_state[unset] = key not in settings
    value = st.session_state[key]
    if st.session_state.get(unset) and _same(value, default):
        settings.pop(key, None)      # untouched, or back where it started: the settings as they were
    elif key not in settings or not _same(settings[key], value):
        settings[key] = copy.deepcopy(value)
    return key


def _same(a, b) -> bool:
    try:
        return bool(type(a) is type(b) and a == b)
    except Exception:       # values that do not compare (arrays...): treat as changed
        return False


def remembered_table(key: str, default):
    """The data to give ``st.data_editor(..., key=key)``: when the editor starts afresh (first draw,
    back from another page, or a workspace was just opened), the table kept in the workspace
    settings if it was edited from this same ``default``, else ``default``; then fixed while the
    editor's own state lives (so its edits are never applied twice) and while ``default`` does not
    change. Save the editor's result with remember_table()."""
    base_key = f"{key}._base"
    fresh = default.to_json(orient="split")
    held = st.session_state.get(base_key)
    if key not in st.session_state or held is None or held[0] != fresh:
        saved = workspace().settings.get(key)
        table = default
        if isinstance(saved, dict) and saved.get("default") == fresh:
            try:
                table = pd.DataFrame(saved["rows"], columns=list(default.columns))
            except (KeyError, TypeError, ValueError):
                table = default
        st.session_state[base_key] = held = (fresh, table)
    return held[1]


def remember_table(key: str, default, edited) -> None:
    """Keep the edited table in the workspace settings as plain rows (JSON numbers, text, None)."""
    rows = json.loads(edited.to_json(orient="values"))
    workspace().settings[key] = {"default": default.to_json(orient="split"), "rows": rows}


def remembered_setting(spec) -> str:
    """``remembered`` for a setting defined once in core (a core.settings.Setting): the stored value
    is validated by the definition (type and range) and replaced by its default when invalid, so a
    widget never receives a value it cannot show. Pass the result as ``key=`` and take the bounds
    from ``spec.min``/``spec.max``/``spec.options``; a setting whose default comes from the data
    (``spec.default is None``) needs ``remembered(spec.key, derived_value, spec.valid)`` instead."""
    return remembered(spec.key, spec.default, spec.valid)


def forget_setting(key: str) -> None:
    """One-click reset of a setting: the widget and the workspace forget it (the view's default,
    or the value derived from the data, is used on the next run). For ``on_click``."""
    st.session_state.pop(key, None)
    workspace().settings.pop(key, None)
