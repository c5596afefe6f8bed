"""The key-findings deck's download button, for the report page: ``deck_download()``.

One line on the page (``from ui.deck_download import deck_download`` then ``deck_download()``).
The deck (core.deck.build_deck) is built only when the user clicks: the button gets a callable as
``data``, which Streamlit runs on the click, never on a rerun. Without kaleido or Chromium the
button stays, and a caption says the deck will come without charts and what is missing.
"""
from __future__ import annotations

import streamlit as st

from core.export import download_name
from core.figures import images
from ui.state import translator, workspace

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _builder(ws, lang: str):
    def build() -> bytes:
        from core.deck import build_deck
        from core.i18n import Translator

        return build_deck(ws, Translator(lang))
    return build


def deck_download(container=st, key: str = "deck.download") -> None:
    """The deck's download button (and what is missing for its charts, when something is)."""
    from core.deck import deck_file_stem

    t, ws = translator(), workspace()
    container.download_button(t("deck.download.label"), data=_builder(ws, t.lang),
                              file_name=download_name(deck_file_stem(ws, t), t, "pptx"), mime=PPTX_MIME,
                              key=key, help=t("deck.download.help"), on_click="ignore",
                              icon=":material/slideshow:")
    reason = images.unavailable_reason()
    if reason:
        container.caption(t("deck.download.no_charts", reason=t(f"deck.image.{reason}")))
    else:
        container.caption(t("deck.download.wait"))
