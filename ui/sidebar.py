"""The sidebar of every page: language, and what the workspace holds."""
from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES
from core.text import escape_markdown
from core.workspace import SAMPLE
from ui.state import language, reset_to_sample, set_language, start_own_data, translator, workspace
from ui.workspace_panel import render_workspace_panel

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def _language_changed() -> None:
    """The sidebar's language: kept in the session and in the address (?lang=), so the page being
    shown, a reload and a shared link keep it; the sample case is shown in it (ui.state.workspace)."""
    set_language(st.session_state["lang_select"])


def render_sidebar():
    """Draws the sidebar; returns the placeholder of the unsaved-change flag (see ui.workspace_panel)."""
    current = language()
    t = translator()
    with st.sidebar:
        st.selectbox(t("app.language"), LANGUAGES, index=LANGUAGES.index(current),
                     format_func=LANGUAGE_NAMES.get, key="lang_select", on_change=_language_changed)
        ws = workspace()
        st.subheader(t("app.workspace"))
        if ws.is_sample:
            st.caption(t("app.workspace_sample"))
            st.button(t("app.start_own_data"), on_click=start_own_data, key="start_own_data",
                      help=t("app.start_own_data_help"), icon=":material/upload_file:", type="primary")
        else:
            if not ws.datasets:
                st.caption(t("app.workspace_empty"))
            for name, source in sorted(ws.sources.items()):
                file = t("data.source_sample") if source == SAMPLE else escape_markdown(source)
                st.caption(t("app.dataset_from_file", dataset=t(f"datasets.{name}"), file=file))
            st.button(t("app.reset_sample"), on_click=reset_to_sample, key="reset_sample",
                      help=t("app.reset_sample_help"), icon=":material/science:")
        st.divider()
        return render_workspace_panel()
