"""Rows of elements side by side, in as few elements as the browser needs (issue 16).

``st.columns(n)`` sends n + 1 elements (the row and each column), each rebuilt, serialised and sent on
every rerun (about 0.5 ms of server CPU each); a horizontal container sends one, and its items share
the width the same way (a metric stretches; a button keeps its own width) and wrap on a narrow screen.
"""
from __future__ import annotations

import streamlit as st


def row(container=None, align: str = "top"):
    """A horizontal row in ``container`` (default: the page) for metrics, or a caption and its button."""
    parent = st if container is None else container
    return parent.container(horizontal=True, vertical_alignment=align, gap="medium")
