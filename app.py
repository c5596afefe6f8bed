"""Entry point: page navigation and the sidebar. Nothing else lives here."""
from pathlib import Path

import streamlit as st

from ui.sidebar import render_sidebar
from ui.state import translator

st.set_page_config(page_title="Service operations · Operaciones de servicio", page_icon=":material/local_hospital:", layout="wide")
t = translator()

SECTIONS = {
    "nav.overview": [("home", ":material/home:"), ("data", ":material/upload_file:"),
                     ("report", ":material/description:")],
    "nav.quality": [("servqual", ":material/straighten:"), ("journey", ":material/route:"),
                    ("blueprint", ":material/account_tree:"), ("indicators", ":material/target:"),
                    ("planning", ":material/calculate:")],
    "nav.operations": [("staffing", ":material/support_agent:"), ("abandonment", ":material/trending_down:")],
}
ROOT = Path(__file__).parent
pages = {
    t(section): [
        st.Page(f"pages/{view}.py", title=t(f"nav.{view}"), icon=icon, url_path=view, default=(view == "home"))
        for view, icon in views if (ROOT / "pages" / f"{view}.py").exists()
    ]
    for section, views in SECTIONS.items()
}
navigation = st.navigation(pages)
render_sidebar()
navigation.run()
