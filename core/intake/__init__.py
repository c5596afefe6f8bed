"""The one upload path (see pipeline.py): ``load(content, filename, schema, mapping=None)`` -> IntakeResult.

Modules: readers (bytes -> grid of cells), header (header row and column matching), numbers and
dates (cells -> values, one decision per column), columns (one column with its cell problems),
validate (the whole table), pipeline (load).
"""
from core.intake.header import HEADER_WINDOW, match_columns
from core.intake.pipeline import load
from core.intake.problems import MAX_BYTES, MAX_LISTED, IntakeResult, Problem
from core.intake.validate import accepted_names

__all__ = ["load", "IntakeResult", "Problem", "MAX_BYTES", "MAX_LISTED", "HEADER_WINDOW", "match_columns",
           "accepted_names"]
