"""SERVQUAL input: names, the item -> dimension mapping, the answer rules, and the uploaded table
turned into a checked :class:`Survey` (:func:`prepare_survey`).

The rules every part of the analysis shares live here once:

- :func:`valid_answers`: a Likert answer is a whole number on 1..scale_max;
- :func:`valid_importance`: a respondent's importance points are valid when none is blank or
  negative and they sum to 100 (+-0.5, typed by hand);
- :data:`SCALES`: the response scales a SERVQUAL survey uses (1-5 as seed 000, 1-7 as the
  original instrument); :func:`infer_scale_max` reads the scale from the answers.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from core.text import name_key

DIMENSIONS: tuple[str, ...] = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")

# Item number -> dimension, Parasuraman, Zeithaml & Berry (1988).
_STANDARD_RANGES = {
    "tangibles": range(1, 5),
    "reliability": range(5, 10),
    "responsiveness": range(10, 14),
    "assurance": range(14, 18),
    "empathy": range(18, 23),
}
STANDARD_ITEM_DIMENSION: dict[int, str] = {
    number: dim for dim, numbers in _STANDARD_RANGES.items() for number in numbers
}

# Names users write for the five dimensions (English, Spanish, and seed 000's own labels),
# after normalise_name(). Seed 000 prints "Reality" for reliability, "Security" for assurance
# and "Answer capacity" for responsiveness.
DIMENSION_ALIASES: dict[str, str] = {
    **{d: d for d in DIMENSIONS},
    "tangible": "tangibles", "tangibility": "tangibles", "tangibilidad": "tangibles",
    "elementos_tangibles": "tangibles", "aspectos_tangibles": "tangibles",
    "reality": "reliability", "fiabilidad": "reliability", "confiabilidad": "reliability",
    "answer_capacity": "responsiveness", "capacidad_de_respuesta": "responsiveness",
    "capacidad_respuesta": "responsiveness", "respuesta": "responsiveness",
    "security": "assurance", "seguridad": "assurance", "garantia": "assurance",
    "empatia": "empathy",
}

SCALES = (5, 7)
IMPORTANCE_TOTAL = 100.0
# Importance points are typed by hand; a row summing to 99.5..100.5 is taken as 100.
IMPORTANCE_TOLERANCE = 0.5

_ITEM_RE = re.compile(r"^([ep])_?(\d{1,2})$", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^w_(.+)$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Problems and errors
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """Something wrong with the input. ``code`` names a catalog message (servqual.problem.<code>);
    ``params`` fill its placeholders. ``fatal`` means the part of the analysis it concerns
    could not run (the rest still does)."""

    code: str
    params: dict = field(default_factory=dict)
    fatal: bool = False


class ServqualError(ValueError):
    """Input the strict functions cannot analyse; carries a Problem code and its parameters."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


def _listing(values, limit: int = 8) -> str:
    """'a, b, c' with at most ``limit`` entries, then '…'."""
    values = [str(v) for v in values]
    text = ", ".join(values[:limit])
    return text + (", …" if len(values) > limit else "")


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

def normalise_name(text: object) -> str:
    """Lower case, accents removed, runs of non-alphanumerics as one underscore (core.text.name_key)."""
    return name_key(text)


def canonical_dimension(name: object) -> str | None:
    """The standard dimension a user's label means ("Empatía", "Security" ...), or None."""
    return DIMENSION_ALIASES.get(normalise_name(name))


def item_label(number: int) -> str:
    """The common label of item ``number`` in the E and P tables: "Q5"."""
    return f"Q{int(number)}"


def item_number(label: object) -> int | None:
    """The item number in a label such as 5, "5", "5.0", "Q5", "E5", "p_5", "item 5"; else None."""
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        return int(label)
    if isinstance(label, (float, np.floating)):
        return int(label) if float(label).is_integer() else None
    match = re.fullmatch(r"(?:q|e|p|item|pregunta|it)?_?(\d{1,3})(?:_0)?", normalise_name(label))
    return int(match.group(1)) if match else None


def standard_mapping(items) -> dict:
    """The 1988 22-item mapping applied by position to 22 item columns."""
    items = list(items)
    if len(items) != 22:
        raise ServqualError("no_mapping", f"the standard mapping needs 22 items, got {len(items)}",
                            n_items=len(items))
    return {col: STANDARD_ITEM_DIMENSION[k + 1] for k, col in enumerate(items)}


def _groups(mapping: dict, columns) -> dict[str, list]:
    """Dimension -> its item columns, in the order the mapping names dimensions."""
    unknown = [item for item in mapping if item not in set(columns)]
    if unknown:
        raise ServqualError("mapping_unknown_item",
                            f"mapping names items that are not in the survey: {_listing(unknown)}",
                            items=_listing(unknown))
    groups: dict[str, list] = {}
    for item, dim in mapping.items():
        groups.setdefault(dim, []).append(item)
    return groups


def _pair_by_number(e: pd.DataFrame, p: pd.DataFrame, mapping):
    """E and P tables whose columns differ only by prefix (E1.. and P1..): both renamed Q1..,
    P in E's order, mapping keys renamed alike. Raises items_unpaired when the items differ."""
    ne = [item_number(c) for c in e.columns]
    npp = [item_number(c) for c in p.columns]
    if None in ne or None in npp or len(set(ne)) != len(ne) or set(ne) != set(npp):
        only_e = [c for c, k in zip(e.columns, ne) if c not in set(p.columns) and (k is None or k not in npp)]
        only_p = [c for c, k in zip(p.columns, npp) if c not in set(e.columns) and (k is None or k not in ne)]
        raise ServqualError(
            "items_unpaired",
            f"expectation and perception tables have different items (only E: {_listing(only_e)};"
            f" only P: {_listing(only_p)})",
            only_e=_listing(only_e) or "–", only_p=_listing(only_p) or "–")
    e = e.set_axis([item_label(k) for k in ne], axis=1)
    p = p.set_axis([item_label(k) for k in npp], axis=1)[list(e.columns)]
    if mapping is not None:
        mapping = {(item_label(item_number(key)) if item_number(key) is not None else key): dim
                   for key, dim in mapping.items()}
    return e, p, mapping


def _inputs(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping,
            optional_mapping: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Checked, numeric E and P tables with the same columns and respondents, and the mapping.

    Columns may be the same labels in both tables or E1../P1.. (paired by item number). With no
    mapping, the standard one applies to 22 items; otherwise ServqualError("no_mapping"), or an
    empty mapping when ``optional_mapping`` (item-level results need no mapping).
    """
    e, p = expectations, perceptions
    if list(e.columns) != list(p.columns):
        e, p, mapping = _pair_by_number(e, p, mapping)
    if not e.index.equals(p.index):
        only_e = [r for r in e.index if r not in set(p.index)]
        only_p = [r for r in p.index if r not in set(e.index)]
        raise ServqualError(
            "respondents_unpaired",
            f"expectation and perception tables have different respondents (only E: {_listing(only_e)};"
            f" only P: {_listing(only_p)})",
            only_e=_listing(only_e) or "–", only_p=_listing(only_p) or "–")
    if mapping is None:
        mapping = standard_mapping(e.columns) if (e.shape[1] == 22 or not optional_mapping) else {}
    return _numeric(e), _numeric(p), dict(mapping)


def _numeric(df: pd.DataFrame) -> pd.DataFrame:
    if all(pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
           for dtype in df.dtypes):
        return df.astype(float)
    return df.apply(pd.to_numeric, errors="coerce").astype(float)


# --------------------------------------------------------------------------------------------
# The shared rules: answers, scales, importance points
# --------------------------------------------------------------------------------------------

def valid_answers(frame: pd.DataFrame, scale_max: int) -> pd.DataFrame:
    """True where a cell is a Likert answer: a whole number on 1..scale_max (blank cells: True,
    a blank is not a wrong answer). 4.5 or 0 or 8 on a 1-7 scale are False."""
    values = frame.astype(float)
    ok = (values >= 1) & (values <= scale_max) & (values % 1 == 0)
    return ok | values.isna()


def infer_scale_max(values) -> int:
    """The Likert scale's top (5 or 7) the answers suggest: 7 when any answer exceeds 5, else 5."""
    arr = pd.to_numeric(pd.Series(np.ravel(np.asarray(values, dtype=object))), errors="coerce")
    top = arr.max()
    return 7 if pd.notna(top) and top > 5 else 5


def valid_importance(weights: pd.DataFrame) -> pd.Series:
    """Per respondent (row), whether the importance points can be used: no blank, none negative,
    and the points add up to 100 (within +-0.5, as they are typed by hand)."""
    w = _numeric(weights)
    return (w.notna().all(axis=1) & (w >= 0).all(axis=1)
            & ((w.sum(axis=1) - IMPORTANCE_TOTAL).abs() <= IMPORTANCE_TOLERANCE))


# --------------------------------------------------------------------------------------------
# The checked survey
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Survey:
    """A SERVQUAL survey after checking: E and P tables with the same items (Q1, Q2 ...) and
    respondents, the item -> dimension mapping, the scale, and the optional parts."""

    expectations: pd.DataFrame
    perceptions: pd.DataFrame
    mapping: dict
    scale_max: int
    scale_inferred: int
    importance: pd.DataFrame | None = None
    design: pd.Series | None = None
    segment: pd.Series | None = None
    n_blank: int = 0

    @property
    def n_respondents(self) -> int:
        return len(self.expectations)

    @property
    def dimensions(self) -> list[str]:
        return list(dict.fromkeys(self.mapping.values()))

    def segments(self) -> list[str]:
        """The segment values present, in order of appearance (blank segments left out)."""
        if self.segment is None:
            return []
        return list(dict.fromkeys(self.segment.dropna().astype(str)))

    def subset(self, segment_value: str | None) -> "Survey":
        """The respondents of one segment (None: everybody)."""
        if segment_value is None or self.segment is None:
            return self
        keep = self.segment.astype(str).eq(str(segment_value)).fillna(False).to_numpy()
        return replace(self,
                       expectations=self.expectations.loc[keep],
                       perceptions=self.perceptions.loc[keep],
                       importance=None if self.importance is None else self.importance.loc[keep],
                       segment=self.segment.loc[keep],
                       n_blank=int(self.expectations.loc[keep].isna().sum().sum()
                                   + self.perceptions.loc[keep].isna().sum().sum()))


def _mapping_from_table(mapping_df: pd.DataFrame, items: list[str]) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    mapping: dict[str, str] = {}
    unknown_items, unknown_dims, dup = [], [], []
    for _, row in mapping_df.iterrows():
        number = item_number(row.get("item"))
        raw_dim = row.get("dimension")
        if number is None or item_label(number) not in items:
            unknown_items.append(str(row.get("item")))
            continue
        if raw_dim is None or (isinstance(raw_dim, float) and math.isnan(raw_dim)) or not str(raw_dim).strip():
            unknown_dims.append("(" + str(row.get("item")) + ")")
            continue
        dim = canonical_dimension(raw_dim)
        if dim is None:
            dim = str(raw_dim).strip()
            unknown_dims.append(dim)
        label = item_label(number)
        if label in mapping:
            dup.append(label)
            continue
        mapping[label] = dim
    if unknown_items:
        problems.append(Problem("mapping_unknown_item", {"items": _listing(unknown_items)}))
    if unknown_dims:
        problems.append(Problem("mapping_unknown_dimension",
                                {"dimensions": _listing(dict.fromkeys(unknown_dims))}))
    if dup:
        problems.append(Problem("mapping_duplicate_item", {"items": _listing(dup)}))
    # Keep the item order of the survey within each dimension.
    return {item: mapping[item] for item in items if item in mapping}, problems


def _item_columns(table: pd.DataFrame) -> tuple[dict, dict, dict]:
    """E<k> and P<k> columns by item number, and W_<name> columns -> name."""
    e_cols, p_cols, w_cols = {}, {}, {}
    for col in table.columns:
        match = _ITEM_RE.match(str(col).strip())
        if match:
            (e_cols if match.group(1).lower() == "e" else p_cols)[int(match.group(2))] = col
            continue
        match = _WEIGHT_RE.match(str(col).strip())
        if match:
            w_cols[col] = match.group(1)
    return e_cols, p_cols, w_cols


def _respondent_index(table: pd.DataFrame) -> pd.Index:
    if "respondent" in table.columns and table["respondent"].notna().all() \
            and table["respondent"].astype(str).is_unique:
        return pd.Index(table["respondent"].astype(str), name="respondent")
    return pd.RangeIndex(1, len(table) + 1, name="respondent")


def _answer_tables(table, e_cols, p_cols, numbers, index, problems) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Numeric E and P tables (columns Q<k>); cells that are not numbers are blanked and counted."""
    raw_e = pd.DataFrame({item_label(k): table[e_cols[k]].to_numpy() for k in numbers}, index=index)
    raw_p = pd.DataFrame({item_label(k): table[p_cols[k]].to_numpy() for k in numbers}, index=index)
    e, p = _numeric(raw_e), _numeric(raw_p)
    not_number = int((e.isna() & raw_e.notna()).sum().sum() + (p.isna() & raw_p.notna()).sum().sum())
    if not_number:
        problems.append(Problem("not_a_number", {"count": not_number}))
    return e, p


def _blank_outside_scale(e: pd.DataFrame, p: pd.DataFrame, scale: int, problems: list) -> None:
    """Blank (in place) and report the answers that are not whole numbers on 1..scale."""
    bad_cells = []
    for side, frame in (("E", e), ("P", p)):
        bad = ~valid_answers(frame, scale)
        for item in frame.columns[bad.any()]:
            for resp in frame.index[bad[item]]:
                bad_cells.append(f"{resp}: {side}{item[1:]}={frame.at[resp, item]:g}")
        frame[bad] = np.nan
    if bad_cells:
        problems.append(Problem("out_of_scale", {"count": len(bad_cells), "scale": scale,
                                                 "cells": _listing(bad_cells, 5)}))


def _respondent_problems(e: pd.DataFrame, p: pd.DataFrame, problems: list) -> int:
    """Blanks, respondents who answered one side only, fewer than 2 respondents; returns the blanks."""
    n_blank = int(e.isna().sum().sum() + p.isna().sum().sum())
    if n_blank:
        problems.append(Problem("blanks", {"count": n_blank,
                                           "respondents": int((e.isna() | p.isna()).any(axis=1).sum())}))
    e_empty, p_empty = e.isna().all(axis=1), p.isna().all(axis=1)
    one_side = e.index[(e_empty ^ p_empty).to_numpy()]
    if len(one_side):
        problems.append(Problem("respondents_one_side",
                                {"count": len(one_side), "respondents": _listing(one_side, 5)}))
    answered = len(e.index) - int((e_empty | p_empty).sum())
    if answered < 2:
        problems.append(Problem("single_respondent", {"n": answered}))
    return n_blank


def _mapping_for(items: list[str], mapping_table, problems: list) -> tuple[dict, dict]:
    """The item -> dimension mapping (uploaded, else standard for 22 items) and its groups."""
    if mapping_table is not None and len(mapping_table):
        mapping, more = _mapping_from_table(mapping_table, items)
        problems.extend(more)
        if not mapping:
            problems.append(Problem("mapping_empty", {}, fatal=True))
    elif len(items) == 22:
        mapping = standard_mapping(items)
    else:
        mapping = {}
        problems.append(Problem("no_mapping", {"n_items": len(items)}, fatal=True))
    unmapped = [i for i in items if i not in mapping]
    if mapping and unmapped:
        problems.append(Problem("items_unmapped", {"items": _listing(unmapped)}))
    groups: dict[str, list] = {}
    for item, dim in mapping.items():
        groups.setdefault(dim, []).append(item)
    for dim, cols in groups.items():
        if len(cols) < 2:
            problems.append(Problem("alpha_too_few_items", {"dimension": dim, "k": len(cols)}))
    return mapping, groups


def _importance_for(table, w_cols: dict, groups: dict, index, problems: list) -> pd.DataFrame | None:
    """The W_<dimension> columns as a respondents x dimensions table (None when absent or incomplete)."""
    if not w_cols:
        return None
    weights, unknown_w = {}, []
    for col, name in w_cols.items():
        dim = canonical_dimension(name) or (name if name in groups else None)
        if dim is None or dim not in groups:
            unknown_w.append(str(col))
        else:
            weights[dim] = pd.to_numeric(pd.Series(table[col].to_numpy(), index=index), errors="coerce")
    if unknown_w:
        problems.append(Problem("importance_unknown_dimension", {"columns": _listing(unknown_w)}))
    missing = [d for d in groups if d not in weights]
    if missing and weights:
        problems.append(Problem("importance_incomplete", {"dimensions": _listing(missing)}))
        return None
    if not weights:
        return None
    importance = pd.DataFrame(weights)[list(groups)]
    bad_rows = ~valid_importance(importance)
    if bad_rows.any():
        problems.append(Problem("importance_bad_rows", {
            "count": int(bad_rows.sum()), "respondents": _listing(index[bad_rows.to_numpy()], 5)}))
    return importance


def _design_for(design_table, groups: dict, scale: int, problems: list) -> pd.Series | None:
    """The design standard per dimension (on the survey's scale), or None."""
    if design_table is None or not len(design_table):
        return None
    values, unknown_d, outside = {}, [], []
    for _, row in design_table.iterrows():
        dim = canonical_dimension(row.get("dimension"))
        if dim is None and str(row.get("dimension")).strip() in groups:
            dim = str(row.get("dimension")).strip()
        value = pd.to_numeric(pd.Series([row.get("design")]), errors="coerce").iloc[0]
        if dim is None or dim not in groups:
            unknown_d.append(str(row.get("dimension")))
        elif pd.isna(value) or not 1 <= value <= scale:
            outside.append(f"{row.get('dimension')}={row.get('design')}")
        else:
            values[dim] = float(value)
    if unknown_d:
        problems.append(Problem("design_unknown_dimension", {"dimensions": _listing(unknown_d)}))
    if outside:
        problems.append(Problem("design_out_of_scale", {"values": _listing(outside), "scale": scale}))
    return pd.Series(values, name="design") if values else None


def _segment_for(table: pd.DataFrame, index, problems: list) -> pd.Series | None:
    if "segment" not in table.columns:
        return None
    seg = pd.Series(table["segment"].to_numpy(), index=index, name="segment")
    seg = seg.where(seg.notna() & seg.astype(str).str.strip().ne(""), None)
    if not seg.notna().any():
        return None
    if seg.isna().any():
        problems.append(Problem("segment_blank", {"count": int(seg.isna().sum())}))
    return seg.astype(object).where(seg.notna(), None).map(_segment_label)


def _segment_label(value) -> str | None:
    """A segment as text: a code read as a whole float (a numeric column with a blank) is "1", not "1.0"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def prepare_survey(table: pd.DataFrame, mapping_table: pd.DataFrame | None = None,
                   design_table: pd.DataFrame | None = None,
                   scale_max: int | None = None) -> tuple[Survey | None, list[Problem]]:
    """Check a wide SERVQUAL table and split it into a :class:`Survey`, with the problems found.

    ``table``: one row per respondent with E<k> and P<k> answer columns (any case, "E_5" too),
    optional ``respondent`` and ``segment`` columns and optional W_<dimension> importance points.
    ``mapping_table``: columns item, dimension (None: the standard mapping when there are 22
    items). ``design_table``: columns dimension, design. ``scale_max``: 5 or 7; None infers it
    (:func:`infer_scale_max`).

    Answers that are not whole numbers on 1..scale_max are blanked and reported, items asked only
    as E or only as P are left out and reported, respondents who answered only one side are
    reported; the rest of the analysis runs. Returns (None, problems) only when no E/P item pair
    is left.
    """
    problems: list[Problem] = []
    e_cols, p_cols, w_cols = _item_columns(table)
    only_e, only_p = sorted(set(e_cols) - set(p_cols)), sorted(set(p_cols) - set(e_cols))
    if only_e or only_p:
        problems.append(Problem("items_unpaired", {
            "only_e": _listing(f"E{k}" for k in only_e) or "–",
            "only_p": _listing(f"P{k}" for k in only_p) or "–"}))
    numbers = sorted(set(e_cols) & set(p_cols))
    if not numbers:
        problems.append(Problem("no_items", {}, fatal=True))
        return None, problems
    index = _respondent_index(table)
    e, p = _answer_tables(table, e_cols, p_cols, numbers, index, problems)
    inferred = infer_scale_max(np.concatenate([e.to_numpy().ravel(), p.to_numpy().ravel()]))
    scale = int(scale_max) if scale_max in SCALES else inferred
    _blank_outside_scale(e, p, scale, problems)
    n_blank = _respondent_problems(e, p, problems)
    mapping, groups = _mapping_for([item_label(k) for k in numbers], mapping_table, problems)
    importance = _importance_for(table, w_cols, groups, index, problems)
    design = _design_for(design_table, groups, scale, problems)
    segment = _segment_for(table, index, problems)
    survey = Survey(expectations=e, perceptions=p, mapping=mapping, scale_max=scale,
                    scale_inferred=inferred, importance=importance, design=design,
                    segment=segment, n_blank=n_blank)
    return survey, problems
