"""The session's language and workspace, kept in st.session_state across page changes."""
from __future__ import annotations

import copy
import json

import pandas as pd
import streamlit as st

from core.i18n import LANGUAGES, Translator
from core.sample import sample_workspace
from core.workspace import Workspace

DEFAULT_LANGUAGE = "es"


def language() -> str:
    """"es" unless the session chose otherwise (sidebar, or ?lang=en in the address)."""
    if "lang" not in st.session_state:
        asked = st.query_params.get("lang")
        st.session_state["lang"] = asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    return st.session_state["lang"]


def translator() -> Translator:
    return Translator(language())


def workspace() -> Workspace:
    """The session's workspace; the sample case until the user uploads their own data."""
    if "workspace" not in st.session_state:
        st.session_state["workspace"] = sample_workspace()
    return st.session_state["workspace"]


def reset_to_sample() -> None:
    st.session_state["workspace"] = sample_workspace()
    st.session_state.pop("upload_results", None)
    st.session_state["ws_panel.saved_fp"] = None  # the sample is not a saved workspace (ui/workspace_panel.py)


def remembered(key: str, default, valid=None) -> str:
    """A widget key whose value lives in the workspace settings under the same key.

    Before the widget is drawn: when the key is not in st.session_state (first draw, or a workspace
    was just opened), it is seeded from ``ws.settings.get(key, default)``; a stored value that
    ``valid(value)`` rejects (e.g. an option no longer offered) falls back to ``default``. The
    current value is then written back to ``ws.settings`` (Streamlit applies this run's widget
    changes to st.session_state before the script runs, so it is the value the widget returns).
    Pass the result as ``key=`` and do NOT pass ``value=``/``index=``/``default=`` to the widget.
    Values must be plain (numbers, text, booleans, None, lists, dates); see core.store.
    """
    settings = workspace().settings
    if key not in st.session_state:
        value = settings.get(key, default)
        if valid is not None and not valid(value):
            value = default
        st.session_state[key] = copy.deepcopy(value)
    settings[key] = copy.deepcopy(st.session_state[key])
    return key


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
