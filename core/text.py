"""Showing user-supplied text safely.

Streamlit renders st.markdown/st.error/st.caption text as Markdown. Text that came from a user's
file (comments, blueprint cells, file names, cell values in messages) is escaped so that it shows
literally: a "<script>" stays text, "[x](javascript:...)" is not a link, "**" is not bold.
"""
from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def escape_markdown(text: object) -> str:
    """Backslash-escape every Markdown/HTML special character of a user-supplied text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))
