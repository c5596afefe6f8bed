"""Figure images rendered on the server (core.figures.images: kaleido 1.x + Debian's chromium).

The rendering tests are skipped, with the reason printed (pytest -rs), when kaleido or Chromium is
missing; the tests of what happens then run everywhere.
"""
import io
import struct
import time

import plotly.graph_objects as go
import pytest
from PIL import Image

from core.figures import images
from core.i18n import Translator

REASON = images.unavailable_reason()
needs_browser = pytest.mark.skipif(REASON is not None, reason=f"figure images unavailable here: {REASON} "
                                   "(install kaleido and Debian's chromium, or set BROWSER_PATH)")


def bar(title: str, n: int = 3) -> go.Figure:
    return go.Figure(go.Bar(x=[f"fase {i}" for i in range(n)], y=list(range(1, n + 1))),
                     layout_title_text=title)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (PNG spec, section 11.2.2)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@needs_browser
def test_png_has_the_asked_pixels_and_svg_is_vector_text():
    start = time.perf_counter()
    png = images.figure_image(bar("Espera por estación"), "png", width=640, height=360, scale=2)
    first = time.perf_counter() - start
    assert png_size(png) == (1280, 720)                 # 640 x 360 CSS px at scale 2
    with Image.open(io.BytesIO(png)) as img:           # a second reader agrees, and the file is whole
        img.verify()
        assert img.size == (1280, 720)
    start = time.perf_counter()
    svg = images.figure_image(bar("Espera por estación"), "svg", width=640, height=360)
    warm = time.perf_counter() - start
    text = svg.decode("utf-8")
    assert text.startswith("<svg") and 'width="640"' in text and 'height="360"' in text
    assert "Espera por estación" in text                # the title as text (selectable, printable)
    print(f"\nfirst figure (browser start + render): {first:.1f} s; next figure: {warm:.2f} s")
    assert warm < 20


@needs_browser
def test_batch_keeps_the_order_and_reuses_one_browser():
    figs = [bar(f"figura {i}", n=i + 2) for i in range(4)]
    sizes = [(400 + 100 * i, 300) for i in range(4)]
    for fig, (w, h) in zip(figs, sizes):
        fig.update_layout(width=w, height=h)
    images.figure_image(figs[0])                        # browser already started
    start = time.perf_counter()
    out = images.figure_images(figs, "png", scale=1)
    per_figure = (time.perf_counter() - start) / len(figs)
    assert [png_size(b) for b in out] == sizes          # each figure's own layout size, in order
    print(f"\nbatch of {len(figs)}: {per_figure:.2f} s per figure")
    assert per_figure < 15


def test_default_size_is_the_figures_layout_then_1100_by_600():
    assert images._options(bar("x"), "png", None, None, 1)["width"] == 1100
    assert images._options(bar("x").update_layout(height=450), "png", None, None, 1)["height"] == 450
    with pytest.raises(ValueError):
        images._options(bar("x"), "jpg", None, None, 1)


def test_missing_chromium_is_a_typed_error_with_a_message_in_both_languages(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chrome")
    assert images.unavailable_reason() == "chromium_missing"
    with pytest.raises(images.ImageExportUnavailable) as err:
        images.figure_image(bar("x"))
    assert err.value.reason == "chromium_missing"
    es, en = Translator("es")(f"deck.image.{err.value.reason}"), Translator("en")(f"deck.image.{err.value.reason}")
    assert "Chromium" in es and "falta" in es
    assert "Chromium" in en and "missing" in en


def test_missing_kaleido_is_named(monkeypatch):
    real = images.importlib.util.find_spec
    monkeypatch.setattr(images.importlib.util, "find_spec", lambda name: None if name == "kaleido" else real(name))
    assert images.unavailable_reason() == "kaleido_missing"
    with pytest.raises(images.ImageExportUnavailable) as err:
        images.figure_images([bar("x")])
    assert err.value.reason == "kaleido_missing"
    assert "kaleido" in Translator("es")("deck.image.kaleido_missing")


def test_no_figures_render_nothing():
    assert images.figure_images([]) == []
