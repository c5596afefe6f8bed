"""Every chart's PNG/SVG downloads (ui/charts.show_chart) and the deck's download button
(ui/deck_download): present on the page, and no image or deck is built on a plain run or rerun
(they are built only when the user clicks)."""
import io

import plotly.graph_objects as go
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from core.figures import images
from core.i18n import Translator
from core.sample import own_data_workspace
from pagetest import run_page


@pytest.fixture
def no_rendering(monkeypatch):
    """Counts image renders (any render would mean an image was built without a click)."""
    calls = []

    def fake(figs, *args, **kwargs):
        calls.append(len(list(figs)))
        raise AssertionError("an image was rendered without a click")
    monkeypatch.setattr(images, "figure_images", fake)
    return calls


def open_image_popovers(at):
    """Every chart's image popover open, as after a click on it (a closed one draws no button)."""
    for key in [k for k in at.session_state.keys() if str(k).startswith("chart_image.") and str(k).endswith(".open")]:
        at.session_state[key] = True
    return at.run()


def chart_buttons(at, t):
    labels = (t("deck.chart.png"), t("deck.chart.svg"))
    return [b for b in at.get("download_button") if b.proto.label in labels]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_servqual_charts_have_image_downloads_and_reruns_build_none(monkeypatch, no_rendering, lang):
    monkeypatch.setattr(images, "unavailable_reason", lambda: None)
    t = Translator(lang)
    at = run_page("servqual", lang)
    assert not at.exception
    popovers = [p for p in at.get("popover") if p.proto.popover.label == t("deck.chart.image")]
    assert chart_buttons(at, t) == []               # closed popovers draw no button (issue 16)
    buttons = chart_buttons(open_image_popovers(at), t)
    assert len(popovers) >= 1                       # the charts drawn in this run (closed tabs draw none)
    assert len(buttons) == 2 * len(popovers)        # a PNG and an SVG under each chart
    keys = [b.proto.id for b in buttons]
    assert len(set(keys)) == len(keys)
    at.run()                                        # a plain rerun
    assert not at.exception
    assert len(chart_buttons(at, t)) == len(buttons)
    assert no_rendering == []


def test_without_chromium_the_popover_says_what_is_missing(monkeypatch, no_rendering):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chrome")
    t = Translator("es")
    at = open_image_popovers(run_page("abandonment", "es"))
    assert not at.exception
    assert chart_buttons(at, t) == []
    assert any(c.value == t("deck.image.chromium_missing") for c in at.caption)
    assert no_rendering == []


def test_file_name_comes_from_the_title_then_the_key_then_the_axis():
    from core.export import download_name
    from ui.charts import _stem

    t = Translator("es")
    titled = go.Figure(layout_title_text="Brecha por <b>dimensión</b>: 95 %")
    assert download_name(_stem(titled, "x", t), t, "png") == "Brecha_por_dimensión_95_%.png"
    assert _stem(go.Figure(layout_title_text="Espera<br>por turno"), None, t) == "Espera_por_turno"
    assert _stem(go.Figure(), "staffing.fig.heatmap", t) == "staffing.fig.heatmap"
    assert _stem(go.Figure(layout_yaxis_title_text="Espera (s)"), None, t) == "Espera_(s)"
    assert _stem(go.Figure(), None, t) == "grafico"


@pytest.mark.skipif(images.unavailable_reason() is not None, reason=f"no image export: {images.unavailable_reason()}")
def test_the_click_callable_returns_a_png():
    from ui.charts import _renderer

    png = _renderer(go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "png")()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def deck_page():
    from ui.deck_download import deck_download

    deck_download()


def test_deck_button_is_there_and_builds_nothing_until_clicked(monkeypatch):
    import core.deck

    built = []
    monkeypatch.setattr(core.deck, "build_deck", lambda *a, **k: built.append(a) or b"")
    at = AppTest.from_function(deck_page, default_timeout=60)
    at.session_state["lang"] = "es"
    at.run()
    assert not at.exception
    t = Translator("es")
    assert [b.proto.label for b in at.get("download_button")] == [t("deck.download.label")]
    at.run()
    assert built == []


def test_deck_click_callable_builds_a_deck_in_the_language():
    from ui.deck_download import _builder

    prs = Presentation(io.BytesIO(_builder(own_data_workspace(), "es")()))
    t = Translator("es")
    assert t("app.own_data_name") in prs.slides[0].shapes[0].text_frame.text


def test_presentation_mode_adapts_a_copy_of_the_figure(monkeypatch):
    """Not presenting: the figure itself. Presenting: a re-laid-out copy (font 17 px, height 430 px),
    the original untouched, since cached figures are shared between reruns."""
    import ui.presentation as presentation
    from ui.charts import _adapt

    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout=dict(title=dict(text="Brechas")))
    monkeypatch.setattr(presentation, "presenting", lambda: False)
    assert _adapt(fig) is fig
    monkeypatch.setattr(presentation, "presenting", lambda: True)
    shown = _adapt(fig)
    assert shown is not fig and shown.layout.font.size == 17 and shown.layout.height == 430
    assert fig.layout.font.size is None and fig.layout.height is None


def test_presentation_moves_the_legend_off_the_subplot_titles():
    """The SERVQUAL gap chart has two subplot titles on the plot area's top edge: in presentation
    mode its legend goes to the figure's top edge (container coordinates) with room for it (80 px);
    a figure without subplot titles keeps the legend row just above its plot area."""
    from core.figures import servqual as figures
    from core.i18n import Translator
    from core.sample import sample_workspace
    from core.views import servqual as view
    from ui.presentation import projector_layout

    result = view.compute(sample_workspace("es"))
    gap = figures.gap_chart(result.analysis.dimensions, Translator("es"), None, result.scale)
    shown = projector_layout(gap)
    assert (shown.layout.legend.yref, shown.layout.legend.y, shown.layout.legend.yanchor) == ("container", 1.0, "top")
    assert shown.layout.margin.t == 80
    plain = projector_layout(go.Figure(go.Bar(x=[1], y=[2], name="a")))
    assert (plain.layout.legend.yref, plain.layout.legend.y, plain.layout.legend.yanchor) == (None, 1.0, "bottom")


def _drawn_vs_plain_app():
    import plotly.graph_objects as go
    import streamlit as st

    from ui.charts import show_chart

    fig = st.session_state.setdefault("fig", go.Figure(
        go.Bar(x=["a", "b"], y=[1.5, 2]), layout=dict(title=dict(text="Espera"), height=320, separators=",.")))
    show_chart(st, fig, key="drawn")
    st.plotly_chart(fig, key="plain")


def test_a_chart_drawn_from_its_kept_dict_sends_what_the_figure_itself_sends():
    """show_chart hands plotly_chart the figure's dict made once (ui.charts._Drawn): the element the
    browser receives (spec, height) is the same as for the figure itself, on the first run and on a
    rerun with the same kept figure, whose dict is then not made again."""
    import json

    at = AppTest.from_function(_drawn_vs_plain_app)
    at.run()
    assert not at.exception
    charts = at.get("plotly_chart")
    drawn, plain = charts[0].proto, charts[1].proto
    assert json.loads(drawn.spec) == json.loads(plain.spec)
    assert json.loads(drawn.spec)["layout"]["height"] == 320
    assert json.loads(drawn.spec)["data"][0]["y"] == [1.5, 2]
    fig = at.session_state["fig"]
    held = fig._ui_drawn
    at.run()
    assert not at.exception
    assert at.session_state["fig"]._ui_drawn is held           # not made again on a rerun
    assert json.loads(at.get("plotly_chart")[0].proto.spec) == json.loads(plain.spec)
