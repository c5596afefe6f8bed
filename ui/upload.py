"""The upload box every page uses: one intake path, problems shown, good data never lost.

The file is read in the uploader's ``on_change`` callback, before the script runs, so everything
drawn on that same run (the box's caption, the sidebar, the "Your data" table, the view itself)
already shows the new data. An upload while the sample case is open starts a workspace of the
user's own data (ui.state.workspace_for_upload): nothing of the sample is mixed into her results.
"""
from __future__ import annotations

import streamlit as st

from core.export import csv_bytes
from core.intake import IntakeResult, load
from core.schemas import SCHEMAS
from core.templates import template_xlsx
from core.text import escape_markdown
from core.workspace import SAMPLE
from ui.state import translator, workspace, workspace_for_upload, workspace_label

K_RESULTS = "upload_results"


def _show(result: IntakeResult, t) -> None:
    for problem in result.errors:
        st.error(escape_markdown(problem.message(t)))
    for problem in result.warnings:
        st.warning(escape_markdown(problem.message(t)))
    for problem in result.infos:
        st.info(escape_markdown(problem.message(t)))


def _read_upload(name: str) -> None:
    """on_change of the uploader: run intake once per file; put accepted data in the workspace."""
    file = st.session_state.get(f"upload.{name}")
    results = st.session_state.setdefault(K_RESULTS, {})
    if file is None:
        results.pop(name, None)
        return
    token = getattr(file, "file_id", None) or f"{file.name}:{file.size}"
    result = load(file.getvalue(), file.name, SCHEMAS[name])
    if result.ok:
        workspace_for_upload().put(name, result.data, file.name)
    results = st.session_state.setdefault(K_RESULTS, {})  # a fork to own data clears the old results
    results[name] = (token, file.name, result)


def upload_box(name: str, expanded: bool = False) -> None:
    """Uploader, template and current-data downloads for one dataset (a name of core.schemas.SCHEMAS).

    If intake accepts a file, it replaces the dataset in the workspace; if not, the problems are
    shown and the loaded data stays.
    """
    t = translator()
    ws = workspace()
    schema = SCHEMAS[name]
    results = st.session_state.setdefault(K_RESULTS, {})
    with st.expander(t("upload.title", dataset=t(f"datasets.{name}")), expanded=expanded):
        st.caption(t(f"schema.{name}.about"))
        if st.session_state.pop("upload.forked_from_sample", False):
            st.info(t("upload.forked", name=escape_markdown(workspace_label(ws))))
        source = ws.source(name)
        if source is None:
            st.caption(t("upload.current_none"))
        elif source == SAMPLE:
            st.caption(t("upload.current_sample"))
        else:
            st.caption(t("upload.current_file", file=escape_markdown(source)))
        st.file_uploader(t("upload.choose"), type=["csv", "xlsx", "txt", "tsv"], key=f"upload.{name}",
                         help=t("upload.help"), on_change=_read_upload, args=(name,))
        cols = st.columns(2)
        cols[0].download_button(t("upload.template"), template_xlsx(schema, t), key=f"template.{name}",
                                file_name=f"{t('upload.template_file')}_{name}.xlsx",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        current = ws.get(name)
        if current is not None:
            cols[1].download_button(t("upload.download_current"), csv_bytes(current), key=f"current.{name}",
                                    file_name=f"{name}.csv", mime="text/csv")
        held = results.get(name)
        if held is not None:
            _, file_name, result = held
            if result.ok:
                st.success(t("upload.loaded", file=escape_markdown(file_name), rows=t.int(len(result.data))))
            else:
                st.error(t("upload.rejected", file=escape_markdown(file_name)))
            _show(result, t)
