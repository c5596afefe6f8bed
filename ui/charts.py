"""The one place a page draws a Plotly figure: ``show_chart(container, fig, **kwargs)``.

``container`` is ``st`` or a column/tab; keyword arguments go to ``plotly_chart`` (key, width,
on_select...). Returns what ``plotly_chart`` returns (the selection event when ``on_select`` is set).

Every chart gets, below it, a small "Image" popover with a PNG and an SVG download. The images are
rendered on the server (core.figures.images: kaleido + Chromium) only when the user clicks: the
buttons get a callable as ``data``, which Streamlit runs on the click, never on a rerun. Without
kaleido or Chromium the popover says what is missing instead. The popover draws its contents only
while open (``on_change="rerun"``; issue 16). In presentation mode the figure is
first re-laid-out by ``ui.presentation.adapt_figure``.
"""
from __future__ import annotations

import os
import re
import time

import streamlit as st
from plotly.basedatatypes import BaseFigure

from core.export import download_name
from core.figures import images
from ui.state import translator

MIME = {"png": "image/png", "svg": "image/svg+xml"}
PNG_SCALE = 2  # PNG pixels per CSS pixel: sharp on a slide or a projector


def _adapt(fig):
    """The figure re-laid-out for presentation mode (a copy; ``fig`` itself when not presenting:
    cached figures are shared between reruns and must not change)."""
    from ui.presentation import adapt_figure   # imported here: ui.presentation imports ui.state too
    return adapt_figure(fig)


def _stem(fig, key, t) -> str:
    """A file name stem: the chart's title, else its key, else its axis titles, else "grafico"/"chart"."""
    layout = fig.layout
    for text in (layout.title.text, key, layout.yaxis.title.text, layout.xaxis.title.text):
        text = re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", str(text or ""), flags=re.I))
        text = re.sub(r"[^\w()%.,-]+", "_", text)[:60].strip("._,")
        if text:
            return text
    return t("deck.chart.file")


def _widget_key(base: str) -> str:
    """``base``, or ``base`` with a counter when a chart of this run already used it (two charts
    with the same title and no key on one page)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    used = getattr(getattr(ctx, "shared", None), "widget_user_keys_this_run", None) or set()
    key, n = base, 1
    while f"{key}.open" in used:
        n += 1
        key = f"{base}.{n}"
    return key


_REASONS: dict = {}        # (check, $BROWSER_PATH, $PATH) -> (checked at, reason)
REASON_TTL_S = 60.0         # kaleido or Chromium installed meanwhile: seen within a minute


def _unavailable_reason() -> str | None:
    """images.unavailable_reason(), looked up at most once a minute (it searches the PATH and the
    installed packages: a few ms, on every chart of every rerun otherwise)."""
    key = (images.unavailable_reason, os.environ.get("BROWSER_PATH"), os.environ.get("PATH"))
    held = _REASONS.get(key)
    if held is None or time.monotonic() - held[0] > REASON_TTL_S:
        held = _REASONS[key] = (time.monotonic(), images.unavailable_reason())
    return held[1]


def _renderer(fig, fmt: str):
    """The callable a download button runs on click: the figure as ``fmt`` bytes."""
    def render() -> bytes:
        return images.figure_image(fig, fmt, scale=PNG_SCALE if fmt == "png" else 1)
    return render


def image_downloads(container, fig, key=None) -> None:
    """The chart's PNG/SVG download popover (built on click only; see the module docstring)."""
    t = translator()
    stems = fig.__dict__.setdefault("_ui_stems", {})     # read from the figure once per key and language
    stem = stems.get((key, t.lang)) or stems.setdefault((key, t.lang), _stem(fig, key, t))
    wkey = _widget_key(f"chart_image.{key if key is not None else stem}")
    box = container.popover(t("deck.chart.image"), icon=":material/download:", key=f"{wkey}.open", on_change="rerun")
    with box:
        if not box.open:   # its buttons are drawn when it opens: 3 elements of every chart's every run otherwise
            return
        reason = _unavailable_reason()
        if reason:
            st.caption(t(f"deck.image.{reason}"))
            return
        for fmt in ("png", "svg"):
            st.download_button(t(f"deck.chart.{fmt}"), data=_renderer(fig, fmt),
                               file_name=download_name(stem, t, fmt), mime=MIME[fmt],
                               key=f"{wkey}.{fmt}", on_click="ignore", width="stretch")
        st.caption(t("deck.chart.wait"))


class _Drawn(BaseFigure):
    """A figure already turned into plotly's dict. ``st.plotly_chart`` asks a figure for its dict
    (``to_dict()``: a deep copy, 2-5 ms for a chart of this app) on every rerun; a figure kept between
    reruns (``derived``) is copied once and this stands in for it. Only ``to_dict`` is ever called
    (``plotly.tools.return_figure_from_figure_or_data``); tests/test_charts_ui.py checks that the
    element sent is the same as for the figure itself."""

    def __init__(self, spec: dict):          # noqa: D107 - BaseFigure's own state is never read
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict:
        return self._spec


def _drawn(fig):
    """``fig`` as ``_Drawn``, its dict made on the first draw and kept on the figure (figures shared
    between reruns are never changed after they are built: see ``_adapt``)."""
    held = getattr(fig, "_ui_drawn", None)
    if held is None:
        held = _Drawn(fig.to_dict())
        fig._ui_drawn = held                  # plotly lets attributes starting with "_" be set
    return held


def show_chart(container, fig, **kwargs):
    """Draw ``fig`` in ``container`` (``st``, a column or a tab), with its image downloads below."""
    fig = _adapt(fig)
    event = container.plotly_chart(_drawn(fig), **kwargs)
    image_downloads(container, fig, kwargs.get("key"))
    return event
