"""Figure builders, one module per view: data in, plotly Figure out, labels from the translator.

Every builder returns its figure through ``localized(fig, t)``, which sets plotly's ``separators``
for the language: axis ticks, hover templates (``%{y:.2f}``) and text templates then read
"1.234,5" in Spanish and "1,234.5" in English, like the page's tables and sentences.

Spanish labels run about a third longer than English ones: category labels are wrapped on word
boundaries (``wrap_label``) so that they take height instead of width, and the full name stays in
the hover text.
"""
from __future__ import annotations

import html
import textwrap


def separators(t) -> str:
    """Plotly's decimal mark then thousands mark for the translator's language."""
    return ",." if t.lang == "es" else ".,"


def localized(fig, t):
    """The figure with the language's number separators (the one place figures get them)."""
    fig.update_layout(separators=separators(t))
    return fig


def plain_figure(traces: list[dict], layout: dict, t):
    """A figure made in one construction from plain trace and layout dicts (``type`` names each
    trace), with the language's separators. Plotly checks every property as with ``go.Scatter``
    and ``update_layout``, at a third of their cost: for figures rebuilt at a slider's move."""
    import plotly.graph_objects as go

    return go.Figure(data=traces, layout={**layout, "separators": separators(t)})


def wrap_label(text, width: int = 14, max_lines: int = 3) -> str:
    """``text`` HTML-escaped and wrapped on word boundaries at ``width`` characters per line,
    lines joined with plotly's ``<br>``; past ``max_lines`` the last line ends in "…".

    >>> wrap_label("Capacidad de respuesta", 14)
    'Capacidad de<br>respuesta'
    """
    lines = textwrap.wrap(str(text), width=width, break_long_words=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return "<br>".join(html.escape(line) for line in lines)
