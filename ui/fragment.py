"""Sections that rerun alone (issue 16). Streamlit reruns a page's whole script at every click; a
section decorated with ``st.fragment`` reruns alone when one of its own widgets moves. What the
section's widgets change elsewhere must then be kept right by the section itself: the sidebar's
unsaved-change flag is the one thing outside every section that a setting changes."""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.workspace_panel import K_STATUS_SHOWN, status_text


def in_fragment_rerun() -> bool:
    """True while Streamlit reruns only a fragment (not the page)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def keep_status_right() -> None:
    """At the end of a section's own rerun: when the sidebar's flag no longer says the truth (the
    first setting moved after a save, or moved back to the saved value), rerun the whole page once so
    that it does. Nothing happens in a full run (app.py draws the flag after the page)."""
    if in_fragment_rerun() and st.session_state.get(K_STATUS_SHOWN) != status_text()[0]:
        st.rerun(scope="app")
