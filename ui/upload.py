"""The upload box every page uses: one intake path, problems shown, good data never lost."""
from __future__ import annotations

import streamlit as st

from core.export import csv_bytes
from core.intake import IntakeResult, load
from core.schemas import SCHEMAS
from core.templates import template_xlsx
from core.text import escape_markdown
from core.workspace import SAMPLE
from ui.state import translator, workspace


def _show(result: IntakeResult, t) -> None:
    for problem in result.errors:
        st.error(escape_markdown(problem.message(t)))
    for problem in result.warnings:
        st.warning(escape_markdown(problem.message(t)))
    for problem in result.infos:
        st.info(escape_markdown(problem.message(t)))


def upload_box(name: str, expanded: bool = False) -> None:
    """Uploader, template and sample downloads for one dataset (a name of core.schemas.SCHEMAS).

    A file is read once (remembered by its upload id). If intake accepts it, it replaces the
    dataset in the workspace; if not, the problems are shown and the loaded data stays.
    """
    t = translator()
    ws = workspace()
    schema = SCHEMAS[name]
    results = st.session_state.setdefault("upload_results", {})
    with st.expander(t("upload.title", dataset=t(f"datasets.{name}")), expanded=expanded):
        st.caption(t(f"schema.{name}.about"))
        source = ws.source(name)
        if source is None:
            st.caption(t("upload.current_none"))
        elif source == SAMPLE:
            st.caption(t("upload.current_sample"))
        else:
            st.caption(t("upload.current_file", file=escape_markdown(source)))
        file = st.file_uploader(t("upload.choose"), type=["csv", "xlsx", "txt", "tsv"], key=f"upload.{name}",
                                help=t("upload.help"))
        cols = st.columns(2)
        cols[0].download_button(t("upload.template"), template_xlsx(schema, t), key=f"template.{name}",
                                file_name=f"{t('upload.template_file')}_{name}.xlsx",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        current = ws.get(name)
        if current is not None:
            cols[1].download_button(t("upload.download_current"), csv_bytes(current), key=f"current.{name}",
                                    file_name=f"{name}.csv", mime="text/csv")
        if file is not None:
            token = getattr(file, "file_id", None) or f"{file.name}:{file.size}"
            if results.get(name, (None,))[0] != token:
                result = load(file.getvalue(), file.name, schema)
                if result.ok:
                    ws.put(name, result.data, file.name)
                results[name] = (token, result)
            token_result = results[name][1]
            if token_result.ok:
                st.success(t("upload.loaded", file=escape_markdown(file.name), rows=t.int(len(token_result.data))))
            else:
                st.error(t("upload.rejected", file=escape_markdown(file.name)))
            _show(token_result, t)
