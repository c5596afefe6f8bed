"""Presentation mode (?present=1, or the sidebar toggle): the app on a 1280×720 or 1920×1080 projector.

No zoom (a CSS zoom crops Plotly charts, which measure their box before it applies): type is made
large with CSS sized by the viewport, the controls are hidden, and every chart is re-laid-out for
the screen by ``adapt_figure`` (ui.charts.show_chart calls it): bigger fonts, a height that fits
under the title, the legend in a row inside the figure. A top bar names the workspace's client (with her
logo when the workspace has one, else a text mark) and steps through the views' key screens with
"previous"/"next" buttons.
"""
from __future__ import annotations

import base64
import html

import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui.state import translator, workspace, workspace_label

K_PRESENT = "present"   # the same session key as the sidebar toggle (ui/workspace_panel.py)
#: the views' key screens, in the order a consultant tells the story
KEY_SCREENS = ("home", "servqual", "journey", "blueprint", "indicators", "planning", "staffing", "abandonment")
CHART_HEIGHT = 430      # px: under the top bar and a title at 720 px high; leaves room for a sentence at 1080
FONT_SIZE = 17          # px in charts (Plotly's default is 12)


def presenting() -> bool:
    """Presentation mode: ?present=1 in the address (kept while stepping through the views, removed
    by the exit button), or the sidebar toggle."""
    from_address = st.query_params.get("present") in ("1", "true", "yes")
    if from_address and not st.session_state.get(K_PRESENT):
        try:   # app.py asks first, before the sidebar's toggle of the same key is drawn
            st.session_state[K_PRESENT] = True
        except StreamlitAPIException:
            pass
    return from_address or bool(st.session_state.get(K_PRESENT, False))


def _go(page) -> None:
    """Open ``page`` keeping presentation mode and the language in the address."""
    params = {key: st.query_params.get(key) for key in st.query_params}
    params["present"] = "1"
    st.switch_page(page, query_params=params)


def adapt_figure(fig: go.Figure) -> go.Figure:
    """``fig`` re-laid-out for a projector when presenting (a copy: bigger fonts, a height that fits
    the screen, the legend in one row above the plot, inside the figure, margins that make room for labels); ``fig`` itself,
    untouched, otherwise."""
    if not presenting():
        return fig
    return projector_layout(fig)


def projector_layout(fig: go.Figure) -> go.Figure:
    """The presentation layout of a figure (pure: no session state), see ``adapt_figure``."""
    out = go.Figure(fig)
    height = out.layout.height
    out.update_layout(font=dict(size=FONT_SIZE), autosize=True, width=None,
                      height=CHART_HEIGHT if height is None else min(int(height), CHART_HEIGHT + 120),
                      margin=dict(l=10, r=10, t=90 if out.layout.title.text else 50, b=10),
                      title=dict(font=dict(size=FONT_SIZE + 5)),
                      # inside the figure's box, in one row above the plot: never over the data, never cut
                      legend=dict(x=0, xanchor="left", y=1.0, yanchor="bottom", orientation="h",
                                  bgcolor="rgba(255,255,255,0)", font=dict(size=FONT_SIZE - 2)))
    if _has_subplot_titles(out) and not out.layout.title.text:
        # the row above the plot is taken by the subplots' titles: the legend goes to the figure's top edge
        out.update_layout(legend=dict(yref="container", y=1.0, yanchor="top"), margin=dict(t=80))
    out.update_xaxes(automargin=True, tickfont=dict(size=FONT_SIZE - 1))
    out.update_yaxes(automargin=True, tickfont=dict(size=FONT_SIZE - 1))
    return out


def _has_subplot_titles(fig: go.Figure) -> bool:
    """Whether ``fig`` has texts on the top edge of its plot area (make_subplots' subplot titles)."""
    return any(a.yref == "paper" and a.y is not None and a.y >= 1 and a.yanchor == "bottom"
               for a in fig.layout.annotations)


def _exit_presentation() -> None:
    st.session_state[K_PRESENT] = False
    if "present" in st.query_params:
        del st.query_params["present"]


PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stDecoration"], [data-testid="stToolbarActions"], [data-testid="stMainMenu"],
[data-testid="stHeader"] { display: none !important; }
.stMainBlockContainer, [data-testid="stMainBlockContainer"] { max-width: 100% !important;
  padding: 0.5rem 2vw 2rem 2vw !important; }
.stApp { font-size: clamp(18px, 1.45vw, 28px); }
.stApp p, .stApp li, .stApp [data-testid="stMarkdownContainer"] { font-size: clamp(18px, 1.45vw, 28px); line-height: 1.4; }
.stApp h1 { font-size: clamp(30px, 2.6vw, 50px) !important; padding-top: 0.2rem; }
.stApp h2 { font-size: clamp(24px, 2.0vw, 40px) !important; }
.stApp h3 { font-size: clamp(21px, 1.7vw, 34px) !important; }
[data-testid="stMetricValue"] { font-size: clamp(28px, 2.4vw, 48px) !important; }
[data-testid="stMetricLabel"] p { font-size: clamp(15px, 1.1vw, 22px) !important; }
[data-testid="stCaptionContainer"], .stCaption { font-size: clamp(14px, 1.05vw, 20px) !important; }
[data-testid="stFileUploader"], [data-testid="stExpander"], .stButton, .stDownloadButton, [data-testid="stPopover"],
[data-testid="stSlider"], .stSlider, .stSelectbox, .stMultiSelect, .stRadio, .stNumberInput, .stDateInput,
.stCheckbox, .stTextInput, .stTextArea, .stToggle, [data-testid="stDataEditor"], .stDataEditor,
[data-testid="stPageLink"] { display: none !important; }
.st-key-present_bar .stButton { display: block !important; }
.st-key-present_bar { border-bottom: 2px solid #0f766e; padding-bottom: 0.3rem; }
.present-mark { display: flex; align-items: center; gap: 0.6em; font-size: clamp(18px, 1.4vw, 28px);
  font-weight: 600; color: #0f172a; }
.present-mark .badge { display: inline-flex; align-items: center; justify-content: center; width: 2.1em;
  height: 2.1em; border-radius: 50%; background: #0f766e; color: #fff; font-size: 0.8em; }
.present-mark img { max-height: 2.2em; max-width: 8em; }
.present-pos { color: #475569; font-size: clamp(14px, 1.0vw, 20px); text-align: center; padding-top: 0.5em; }
</style>
"""


def initials(name: str) -> str:
    """The text mark of a client without a logo: the first letters of her name's first two words."""
    words = [w for w in str(name).split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "·"


def _mark_html(name: str, logo: bytes | None) -> str:
    if logo:
        image = f"<img alt='' src='data:image/png;base64,{base64.b64encode(logo).decode()}'/>"
    else:
        image = f"<span class='badge'>{html.escape(initials(name))}</span>"
    return f"<div class='present-mark'>{image}<span>{html.escape(name)}</span></div>"


def neighbours(current: str, available: list[str]) -> tuple[str | None, str | None, int, int]:
    """(previous, next, position from 1, count) of ``current`` among the key screens that exist."""
    screens = [v for v in KEY_SCREENS if v in available]
    if current not in screens:
        return None, (screens[0] if screens else None), 0, len(screens)
    i = screens.index(current)
    return (screens[i - 1] if i > 0 else None, screens[i + 1] if i + 1 < len(screens) else None,
            i + 1, len(screens))


def presentation_chrome(current=None, pages: dict | None = None) -> None:
    """In presentation mode: the CSS (a fixed string, no user text), a top bar with the client's
    name and mark, previous/next buttons over the views' key screens, and the exit button.
    ``current`` is the StreamlitPage that st.navigation chose; ``pages`` its dict of sections."""
    if not presenting():
        return
    t, ws = translator(), workspace()
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    by_path = {p.url_path or "home": p for section in (pages or {}).values() for p in section}
    here = (current.url_path or "home") if current is not None else "home"
    prev_view, next_view, position, count = neighbours(here, list(by_path))
    with st.container(key="present_bar"):
        mark, back, pos, forward, leave = st.columns([4, 1.3, 0.8, 1.3, 2.4], vertical_alignment="center")
        mark.markdown(_mark_html(workspace_label(ws), getattr(ws, "logo", None)), unsafe_allow_html=True)
        if back.button(t("report.present_prev"), key="present.prev", disabled=prev_view is None,
                       icon=":material/arrow_back:", width="stretch"):
            _go(by_path[prev_view])
        pos.markdown(f"<div class='present-pos'>{html.escape(t('report.present_position', i=t.int(position), n=t.int(count)))}</div>",
                     unsafe_allow_html=True)
        if forward.button(t("report.present_next"), key="present.next", disabled=next_view is None,
                          icon=":material/arrow_forward:", width="stretch"):
            _go(by_path[next_view])
        leave.button(t("workspace.present_exit"), on_click=_exit_presentation, key="present.exit", width="stretch")
