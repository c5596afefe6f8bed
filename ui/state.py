"""The session's language and workspace, kept in st.session_state across page changes."""
from __future__ import annotations

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
