"""Home: the two ways in (my own data, the sample case), what the dashboard does, and the views."""
from pathlib import Path

import streamlit as st

from ui.state import reset_to_sample, start_own_data, translator, workspace

t = translator()
ws = workspace()

st.title(t("app.title"))
st.markdown(t("home.intro"))

own, sample = st.columns(2)
with own.container(border=True):
    st.markdown(f"**{t('home.own_title')}**")
    st.caption(t("home.own_body"))
    st.button(t("home.own_button"), key="home.start_own", on_click=start_own_data, type="primary")
    if not ws.is_sample:
        st.caption(t("home.own_active"))
    try:
        st.page_link("app_pages/data.py", label=t("home.own_link"), icon=":material/upload_file:")
    except Exception:  # run outside st.navigation (a page test)
        st.caption(t("home.open_sidebar"))
with sample.container(border=True):
    st.markdown(f"**{t('home.sample_button_title')}**")
    st.caption(t("home.sample_button_body"))
    st.button(t("home.sample_button"), key="home.open_sample", on_click=reset_to_sample)
    if ws.is_sample:
        st.caption(t("home.sample_active"))

st.subheader(t("home.sample_title"))
st.markdown(t("home.sample_intro"))
cases = st.columns(3)
for column, case in zip(cases, ("cartagena", "lima", "bogota")):
    with column.container(border=True):
        st.markdown(f"**{t(f'home.case_{case}_title')}**")
        st.caption(t(f"home.case_{case}_source"))
        st.markdown(t(f"home.case_{case}_body"))

st.subheader(t("home.views_title"))
VIEWS = ("servqual", "journey", "blueprint", "indicators", "planning", "staffing", "abandonment", "data", "report")
PAGES_DIR = Path(__file__).resolve().parent
for view in (v for v in VIEWS if PAGES_DIR.joinpath(f"{v}.py").exists()):
    with st.container(border=True):
        left, right = st.columns([3, 1])
        left.markdown(f"**{t(f'nav.{view}')}** — {t(f'home.view_{view}')}")
        try:
            right.page_link(f"app_pages/{view}.py", label=t("home.open"), icon=":material/arrow_forward:")
        except Exception:  # run outside st.navigation (a page test) or the view is not there yet
            right.caption(t("home.open_sidebar"))

st.subheader(t("home.your_data_title"))
st.markdown(t("home.your_data"))
n_sample = sum(1 for s in ws.sources.values() if s == "sample")
st.caption(t("home.loaded", n=n_sample, total=len(ws.sources)))
st.caption(t("home.definitions"))
