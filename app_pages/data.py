"""Your data: where each dataset comes from, which columns of the file are used, and the upload boxes."""
import streamlit as st

from core.schemas import SCHEMAS
from core.workspace import SAMPLE
from ui.state import translator, workspace
from ui.upload import upload_box
from core.i18n import display_table

t = translator()
ws = workspace()

st.title(t("nav.data"))
st.markdown(t("data.intro"))


def columns_of(name, data, source):
    """(used, not used) as the user reads them: "Hora → interval_time" for an uploaded file."""
    if data is None:
        return "", ""
    held = ws.settings.get(f"intake.{name}")
    if source != SAMPLE and isinstance(held, dict) and held.get("file") == source:
        used = held.get("used") if isinstance(held.get("used"), dict) else {}
        unused = held.get("unused") if isinstance(held.get("unused"), list) else []
        return ", ".join(f"{h} → {c}" for c, h in used.items()), ", ".join(map(str, unused)) or t("data.none_unused")
    return ", ".join(map(str, data.columns[:12])), ""


rows = []
for name in SCHEMAS:
    data = ws.get(name)
    source = ws.source(name)
    used, unused = columns_of(name, data, source)
    rows.append({
        t("data.col_dataset"): t(f"datasets.{name}"),
        t("data.col_source"): (t("data.source_sample") if source == SAMPLE else source) if source else t("data.source_none"),
        t("data.col_rows"): 0 if data is None else len(data),
        t("data.col_columns"): used,
        t("data.col_unused"): unused,
    })
st.dataframe(display_table(rows, t), hide_index=True, width="stretch")

st.subheader(t("data.upload_title"))
st.caption(t("data.rules"))
for name in SCHEMAS:
    upload_box(name)
