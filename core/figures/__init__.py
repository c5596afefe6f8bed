"""Figure builders, one module per view: data in, plotly Figure out, labels from the translator.

Every builder returns its figure through ``localized(fig, t)``, which sets plotly's ``separators``
for the language: axis ticks, hover templates (``%{y:.2f}``) and text templates then read
"1.234,5" in Spanish and "1,234.5" in English, like the page's tables and sentences.
"""
from __future__ import annotations


def separators(t) -> str:
    """Plotly's decimal mark then thousands mark for the translator's language."""
    return ",." if t.lang == "es" else ".,"


def localized(fig, t):
    """The figure with the language's number separators (the one place figures get them)."""
    fig.update_layout(separators=separators(t))
    return fig
