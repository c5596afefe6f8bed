"""The sidebar of every page: language, and what the workspace holds."""
from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES
from core.text import escape_markdown
from core.workspace import SAMPLE
from ui.state import language, reset_to_sample, translator, workspace
from ui.workspace_panel import render_workspace_panel

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def _language_changed() -> None:
    st.session_state["lang"] = st.session_state["lang_select"]


def render_sidebar():
    """Draws the sidebar; returns the placeholder of the unsaved-change flag (see ui.workspace_panel)."""
    current = language()
    t = translator()
    with st.sidebar:
        st.selectbox(t("app.language"), LANGUAGES, index=LANGUAGES.index(current),
                     format_func=LANGUAGE_NAMES.get, key="lang_select", on_change=_language_changed)
        ws = workspace()
        st.subheader(t("app.workspace"))
        uploaded = {n: s for n, s in ws.sources.items() if s != SAMPLE}
        if uploaded:
            for name, source in sorted(uploaded.items()):
                st.caption(t("app.dataset_from_file", dataset=t(f"datasets.{name}"),
                             file=escape_markdown(source)))
        else:
            st.caption(t("app.workspace_sample"))
        st.button(t("app.reset_sample"), on_click=reset_to_sample, key="reset_sample",
                  disabled=not uploaded, help=t("app.reset_sample_help"))
        st.divider()
        return render_workspace_panel()
