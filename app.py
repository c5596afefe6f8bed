"""Entry point: page navigation and the sidebar. Nothing else lives here."""
from pathlib import Path

import streamlit as st

from ui.sidebar import render_sidebar
from ui.state import translator
from ui.heap import settle_after_first_run
from ui.presentation import presentation_chrome, presenting
from ui.workspace_panel import render_status, require_login

st.set_page_config(page_title="Service operations · Operaciones de servicio", page_icon=":material/local_hospital:", layout="wide")
t = translator()
require_login()  # only when .streamlit/secrets.toml has [auth] (docs/DEPLOY.md)

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
        st.Page(f"app_pages/{view}.py", title=t(f"nav.{view}"), icon=icon, url_path=view, default=(view == "home"))
        for view, icon in views if (ROOT / "app_pages" / f"{view}.py").exists()
    ]
    for section, views in SECTIONS.items()
}
navigation = st.navigation(pages, position="top" if presenting() else "sidebar")
status_slot = render_sidebar()
presentation_chrome(navigation, pages)
try:
    navigation.run()
finally:  # the unsaved-change flag, after the page has written this run's settings
    render_status(status_slot)
settle_after_first_run(navigation.url_path)   # ui/heap.py: no full-collection pauses in later clicks
