"""What data a view is using now, and where a setting's value came from (shown on every view)."""
from __future__ import annotations

import streamlit as st

from core.settings import ORIGIN_DEFAULT, ORIGIN_USER
from core.text import escape_markdown
from core.views import DataSource
from ui.layout import row
from ui.state import forget_setting, translator, workspace_label


def data_line(sources: tuple[DataSource, ...] | list[DataSource]) -> None:
    """One caption: "Data: Traffic — file llamadas.csv (420 rows) · workspace Mis datos"."""
    t = translator()
    if not sources:
        st.caption(t("provenance.none", workspace=escape_markdown(workspace_label())))
        return
    parts = []
    for src in sources:
        origin = t("provenance.sample") if src.is_sample else t("provenance.file", file=escape_markdown(src.source))
        parts.append(t("provenance.dataset", dataset=t(f"datasets.{src.dataset}"), origin=origin, rows=t.int(src.rows)))
    st.caption(t("provenance.line", parts=" · ".join(parts), workspace=escape_markdown(workspace_label())))


def setting_origin(key: str, origin: str, label: str) -> None:
    """A caption saying where a setting's value came from, with a reset button when it is not the
    user's own choice nor the default (a value of the sample case, or derived from the data)."""
    if origin in (ORIGIN_DEFAULT, ORIGIN_USER):
        return
    t = translator()
    line = row(align="center")
    line.caption(t(f"provenance.origin.{origin}", setting=escape_markdown(label)))
    line.button(t("provenance.reset"), key=f"reset.{key}", on_click=forget_setting, args=(key,),
                icon=":material/restart_alt:")
