"""Showing user-supplied text safely, and matching names written in different ways.

Streamlit renders st.markdown/st.error/st.caption text as Markdown. Text that came from a user's
file (comments, blueprint cells, file names, cell values in messages) is escaped so that it shows
literally: a "<script>" stays text, "[x](javascript:...)" is not a link, "**" is not bold.
"""
from __future__ import annotations

import re
import unicodedata

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def escape_markdown(text: object) -> str:
    """Backslash-escape every Markdown/HTML special character of a user-supplied text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def _ascii_lower(text: object) -> str:
    raw = "" if text is None else str(text)
    return unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii").strip().lower()


def name_key(text: object) -> str:
    """A name as a key: lower case, accents removed, runs of non-alphanumerics as one underscore
    ("Llamadas ofrecidas" and "LLAMADAS-OFRECIDAS" -> "llamadas_ofrecidas"). Column headers,
    SERVQUAL dimension names.

    >>> name_key(" Satisfacción (1-5) ")
    'satisfaccion_1_5'
    """
    return re.sub(r"[^0-9a-z]+", "_", _ascii_lower(text)).strip("_")


def plain_words(text: object) -> str:
    """Text for matching words: lower case, accents removed, underscores as spaces, single spaces
    ("Atención  en_sede" -> "atencion en sede"). Phase names, comment keywords."""
    return " ".join(_ascii_lower(text).replace("_", " ").split())
