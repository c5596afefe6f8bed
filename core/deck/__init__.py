"""The slide deck of a workspace (PPTX): ``build_deck(ws, t) -> bytes``.

A title slide (the workspace's name, the date), one slide per key finding — SERVQUAL gaps, pain
points on the journey, blueprint changes, staffing before/after, the abandonment test's verdict,
and survey planning when it has a result — and, when some view has no usable data, a summary slide
naming them. Each finding comes from the view's model and figure builders (core/deck/findings.py),
so the deck shows the page's and the report's numbers, in the translator's language. The charts are
rendered as PNG on the server in one batch (core.figures.images); without kaleido or Chromium, or
when the browser fails, the deck is still built, each slide saying why its chart is missing.
"""
from __future__ import annotations

import datetime as dt

from core.deck import slides
from core.deck.findings import VIEWS, Finding, Missing, findings
from core.figures import images
from core.i18n import Translator
from core.workspace import Workspace, shown_name

__all__ = ["build_deck", "deck_file_stem", "findings", "Finding", "Missing", "VIEWS", "workspace_title"]

IMAGE_WIDTH = 1200             # CSS pixels of a chart on a slide
IMAGE_HEIGHT = (420, 900)      # the figure's own height, kept within these bounds
IMAGE_SCALE = 2                # PNG pixels per CSS pixel: 2400 px wide, sharp on a projector


def workspace_title(ws: Workspace, t: Translator) -> str:
    """The workspace's name as the user reads it (core.workspace.shown_name)."""
    return shown_name(ws, t)


def deck_file_stem(ws: Workspace, t: Translator, today: dt.date | None = None) -> str:
    """"hallazgos_<workspace>_<yyyy-mm-dd>" in the language (characters file systems refuse are
    replaced by core.export.download_name)."""
    today = today or dt.date.today()
    return t("deck.file_stem", name=workspace_title(ws, t), date=today.isoformat())


def _chart_pngs(shown: list[Finding]) -> tuple[list, str | None]:
    """The findings' charts as PNG (None where a finding has no chart), or all None and the reason."""
    figs = [f.figure for f in shown if f.figure is not None]
    for fig in figs:
        low, high = IMAGE_HEIGHT
        fig.update_layout(width=IMAGE_WIDTH, height=min(high, max(low, int(fig.layout.height or low))))
    try:
        rendered = iter(images.figure_images(figs, "png", scale=IMAGE_SCALE))
    except images.ImageExportUnavailable as err:
        return [None] * len(shown), err.reason
    return [next(rendered) if f.figure is not None else None for f in shown], None


def build_deck(ws: Workspace, t: Translator, today: dt.date | None = None, with_charts: bool = True) -> bytes:
    """The PPTX deck of the workspace in the translator's language, as bytes (see the module
    docstring). ``with_charts=False`` builds it without rendering any chart."""
    today = today or dt.date.today()
    items = findings(ws, t)
    shown = [f for f in items if isinstance(f, Finding)]
    missing = [m for m in items if isinstance(m, Missing)]
    pngs, reason = _chart_pngs(shown) if with_charts else ([None] * len(shown), None)
    prs = slides.new_presentation()
    slides.title_slide(prs, workspace_title(ws, t),
                       t("deck.subtitle", date=t("deck.date", d=today.day, m=t(f"deck.month.{today.month}"),
                                                 y=today.year), n=len(shown)),
                       [t("deck.notes.title", views=", ".join(f.title for f in shown) or "–")])
    no_picture = t(f"deck.image.{reason}") if reason else None
    for finding, png in zip(shown, pngs):
        slides.finding_slide(prs, finding, png, no_picture)
    if missing:
        slides.summary_slide(prs, t("deck.summary.title"), [m.line for m in missing])
    return slides.to_bytes(prs)
