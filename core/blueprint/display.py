"""Text of blueprint cells for the drawing (wrapped lines, hover text)."""
from __future__ import annotations

import html
import textwrap

import pandas as pd

from core.blueprint.model import Blueprint, split_items

# --------------------------------------------------------------------------- display text

def display_lines(text: str, width: int = 24, max_lines: int = 6) -> list[str]:
    """A cell's text wrapped to ``width`` characters, at most ``max_lines`` lines (the last one
    ending in "…" when clipped). When the cell holds several items, each starts on a new line
    with a bullet ("• ", which does not count towards ``width``). Long words are broken, so no
    line is wider than ``width`` + 2. The text is NOT escaped here (see :func:`plot_text`)."""
    items = split_items(text) or ([text] if text else [])
    bullet = "• " if len(items) > 1 else ""
    lines: list[str] = []
    for item in items:
        lines.extend(textwrap.wrap(item, width=width + len(bullet), initial_indent=bullet,
                                   break_long_words=True, break_on_hyphens=True) or [bullet])
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: max(0, width - 1)] + "…") if len(last) >= width else last + "…"
    return lines


def plot_text(text: str, width: int = 24, max_lines: int = 6) -> str:
    """Text for a plotly label: wrapped (see :func:`display_lines`), HTML-escaped so that any
    markup the user typed is shown as text, lines joined with <br>."""
    return "<br>".join(html.escape(line, quote=False) for line in display_lines(text, width, max_lines))


def hover_text(text: str, width: int = 60) -> str:
    """Full text for a hover label: escaped, wrapped at ``width``, never clipped."""
    lines = []
    for item in split_items(text) or ([text] if text else []):
        lines.extend(textwrap.wrap(item, width=width, break_long_words=True) or [""])
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def phase_links_table(*blueprints: Blueprint) -> pd.DataFrame:
    """The (step, phase) links that the blueprints carry themselves (a ``phase`` column)."""
    rows = list(dict.fromkeys((s.name, p) for bp in blueprints for s in bp.steps for p in s.phases))
    return pd.DataFrame(rows, columns=["step", "phase"])
