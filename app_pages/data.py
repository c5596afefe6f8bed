"""Your data: every dataset's upload box, template and current source in one place."""
import streamlit as st

from core.schemas import SCHEMAS
from core.workspace import SAMPLE
from ui.state import translator, workspace
from ui.upload import upload_box

t = translator()
ws = workspace()

st.title(t("nav.data"))
st.markdown(t("data.intro"))

rows = []
for name in SCHEMAS:
    data = ws.get(name)
    source = ws.source(name)
    rows.append({
        t("data.col_dataset"): t(f"datasets.{name}"),
        t("data.col_source"): (t("data.source_sample") if source == SAMPLE else source) if source else t("data.source_none"),
        t("data.col_rows"): 0 if data is None else len(data),
        t("data.col_columns"): "" if data is None else ", ".join(map(str, data.columns[:12])),
    })
st.dataframe(rows, hide_index=True, width="stretch")

st.subheader(t("data.upload_title"))
st.caption(t("data.rules"))
for name in SCHEMAS:
    upload_box(name)
