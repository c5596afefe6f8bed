"""Report: one click builds the client-ready HTML report and the XLSX workbook of the workspace."""
import streamlit as st

from core import report
from core.store import fingerprint
from core.text import escape_markdown
from ui.deck_download import deck_download
from ui.state import translator, workspace, workspace_label

t = translator()
ws = workspace()
K_BUILT = "report.built"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title(t("report.page_title"))
st.markdown(t("report.page_intro"))
st.caption(t("report.present_hint"))


def build() -> None:
    sections = report.build_sections(ws, t)
    st.session_state[K_BUILT] = {
        "fingerprint": fingerprint(ws), "lang": t.lang, "name": workspace_label(ws),
        "html": report.build_html(ws, t, sections).encode("utf-8"),
        "xlsx": report.build_xlsx(ws, t, sections),
        "sections": [(s.title, s.note, list(s.paragraphs)) for s in sections],
        "figures": sum(len(s.figures) for s in sections), "tables": sum(len(s.tables) for s in sections),
    }


st.button(t("report.build"), on_click=build, type="primary", key="report.build", icon=":material/description:")
built = st.session_state.get(K_BUILT)
if built:
    if built["fingerprint"] != fingerprint(ws) or built["lang"] != t.lang:
        st.warning(t("report.stale"))
    st.success(t("report.built", name=escape_markdown(built["name"]), n=len(built["sections"]),
                 figures=built["figures"], tables=built["tables"]))
    left, right = st.columns(2)
    left.download_button(t("report.download_html"), built["html"], file_name=report.file_name(ws, t, "html"),
                         mime="text/html", key="report.download_html", icon=":material/download:")
    right.download_button(t("report.download_xlsx"), built["xlsx"], file_name=report.file_name(ws, t, "xlsx"),
                          mime=XLSX, key="report.download_xlsx", icon=":material/table:")
    st.caption(t("report.how_to_use"))
deck_download()
if built:
    st.subheader(t("report.preview"))
    for title, note, paragraphs in built["sections"]:
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(title)}**")
            if note:
                st.caption(escape_markdown(note))
            for text in paragraphs:
                # the report's sentences carry user text (phase names, segments): shown literally
                st.markdown(escape_markdown(text.replace("**", "")))
