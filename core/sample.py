"""The embedded sample case: the seed tables in sample_data/, read through the normal intake path.

The seeds' organisations: a prepaid-medicine provider in Cartagena (seed 000: SERVQUAL, journey
map, blueprints), an occupational clinic in Lima (seed 001: CRM indicators) and an assistance call
centre in Bogotá (seed 003: staffing, abandonment). Where a view needs respondent-level data that
the seeds only summarise, sample_data/ holds synthetic data made by the make_*.py scripts there
(fixed seeds), whose summaries match the published tables.

The sample's content exists in both languages: the seed tables hold the seeds' text (English, with
some Spanish comments) and sample_data/sample_text.csv pairs every text of the sample (phase names,
map cells, blueprint steps and cells, segments, channels, comments) with its translation
(columns ``en`` and ``es``, one text or one ";"-separated cell item a row). ``sample_workspace(lang)``
and ``sample_table(filename, lang)`` give the sample in one language; ``relabel_sample`` turns an
open sample workspace into the other language. Only text changes: every number, and every
result computed from the sample, is the same in both languages (each comment's translation
names the same causes, core/verbatim.py).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from core.intake import load
from core.schemas import SCHEMAS
from core.workspace import OWN_DATA, SAMPLE, Workspace, copy_frame

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
TEXT_FILE = "sample_text.csv"
LANGS = ("en", "es")
DEFAULT_LANG = "en"


@lru_cache(maxsize=1)
def sample_texts() -> pd.DataFrame:
    """The pairs (en, es) of sample_data/sample_text.csv."""
    return pd.read_csv(SAMPLE_DIR / TEXT_FILE, dtype=str, keep_default_na=False, encoding="utf-8")


@lru_cache(maxsize=2)
def _to_language(lang: str) -> dict[str, str]:
    """text in either language -> the text in ``lang`` (the other language's texts mapped, the
    texts of ``lang`` mapped to themselves)."""
    pairs = sample_texts()
    target = lang if lang in LANGS else DEFAULT_LANG
    other = "es" if target == "en" else "en"
    out = dict(zip(pairs[other], pairs[target]))
    out.update(zip(pairs[target], pairs[target]))
    return out


def sample_text(value, lang: str):
    """A text of the sample in ``lang``: the whole text when sample_text.csv has it, else each
    ";"-separated item (items it does not have are kept as written); anything else unchanged."""
    if not isinstance(value, str):
        return value
    mapping = _to_language(lang)
    if value in mapping:
        return mapping[value]
    if ";" not in value:
        return mapping.get(value.strip(), value)
    items = [part.strip() for part in value.split(";")]
    return "; ".join(mapping.get(item, item) for item in items if item)


def _text_columns(df: pd.DataFrame) -> list:
    return [c for c in df.columns
            if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])
            or isinstance(df[c].dtype, pd.CategoricalDtype)]


def in_language(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy of a sample table with its texts in ``lang`` (numbers, dates and column names kept)."""
    out = df.copy()
    for col in _text_columns(out):
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].cat.rename_categories(lambda v: sample_text(v, lang))
        else:
            out[col] = out[col].map(lambda v: sample_text(v, lang), na_action="ignore").astype(df[col].dtype)
    return out


def settings_in_language(value, lang: str):
    """A settings value (text, list, dict, or an edited table kept as rows) with the sample's texts
    in ``lang``; tables kept as {"default": <JSON>, "rows": ...} get their JSON translated too."""
    if isinstance(value, str):
        return sample_text(value, lang)
    if isinstance(value, list):
        return [settings_in_language(v, lang) for v in value]
    if isinstance(value, tuple):
        return tuple(settings_in_language(v, lang) for v in value)
    if isinstance(value, dict):
        out = {k: settings_in_language(v, lang) for k, v in value.items()}
        if isinstance(value.get("default"), str) and isinstance(value.get("rows"), list):
            out["default"] = _json_table_in_language(value["default"], lang)
        return out
    return value


def _json_table_in_language(text: str, lang: str) -> str:
    """A table saved as ``DataFrame.to_json(orient="split")`` with its texts in ``lang``."""
    try:
        parts = json.loads(text)
        frame = pd.DataFrame(parts["data"], columns=parts["columns"], index=parts["index"])
    except (ValueError, TypeError, KeyError):
        return text
    if frame.to_json(orient="split") != text:   # cannot be rebuilt exactly: leave it
        return text
    return in_language(frame, lang).to_json(orient="split")


@lru_cache(maxsize=1)
def _sample_datasets() -> dict:
    datasets = {}
    for name, schema in SCHEMAS.items():
        if not schema.sample_file:
            continue
        path = SAMPLE_DIR / schema.sample_file
        if not path.exists():
            continue
        result = load(path.read_bytes(), path.name, schema)
        if not result.ok or result.warnings:
            raise RuntimeError(f"sample file {path.name} does not pass intake: {result.problems[:3]}")
        datasets[name] = result.data
    return datasets


VIEWS_WITH_SETTINGS = ("servqual", "journey", "blueprint", "indicators", "planning", "staffing", "abandonment")


def sample_settings() -> dict:
    """The sample case's settings: each view model's ``sample_settings()`` (core/views/<view>.py),
    e.g. the thesis' Table 8 agents and 93.4 % confidence. Only the sample workspace holds them."""
    import importlib

    out = {}
    for view in VIEWS_WITH_SETTINGS:
        try:
            module = importlib.import_module(f"core.views.{view}")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "sample_settings"):
            out.update(module.sample_settings())
    return out


@lru_cache(maxsize=4)
def _sample_datasets_in(lang: str) -> dict:
    """The sample's tables in ``lang``, translated once per process (copied for each workspace)."""
    return {name: in_language(data, lang) for name, data in _sample_datasets().items()}


def sample_workspace(lang: str = DEFAULT_LANG) -> Workspace:
    """A fresh workspace holding the whole sample case in ``lang`` ("en" or "es") and its settings
    (each caller gets its own copy). The numbers are the same in both languages."""
    ws = Workspace(name=SAMPLE)
    for name, data in _sample_datasets_in(lang if lang in LANGS else DEFAULT_LANG).items():
        ws.put(name, copy_frame(data), SAMPLE)
    ws.settings.update(settings_in_language(sample_settings(), lang))
    return ws


# Settings holding no sample text: the cause dictionary's keywords are the product's and hers, in both
# languages at once ("phone" is also a sample channel, shown as "teléfono" in Spanish): translating its
# table would change what it finds and no longer match the editor's own table (her edits then lost).
NOT_RELABELLED = frozenset({"journey.dictionary"})


def relabel_sample(ws: Workspace, lang: str) -> bool:
    """Turn an open sample workspace into ``lang`` in place: the texts of its sample datasets and of
    its settings (e.g. the phases marked on the journey page). Returns False, changing nothing, for
    any workspace that is not the sample: a user's data are always shown as she wrote them."""
    if not ws.is_sample:
        return False
    for name in list(ws.datasets):
        if ws.source(name) == SAMPLE:
            ws.datasets[name] = in_language(ws.datasets[name], lang)
    for key in list(ws.settings):
        if key not in NOT_RELABELLED:
            ws.settings[key] = settings_in_language(ws.settings[key], lang)
    return True


def sample_language(ws: Workspace) -> str:
    """The language of an open sample workspace's texts ("en" or "es"; "en" when nothing tells)."""
    en, es = set(sample_texts()["en"]), set(sample_texts()["es"])
    for name in ("journey_map", "journey_responses", "blueprint_current", "servqual"):
        data = ws.get(name)
        if data is None or ws.source(name) != SAMPLE:
            continue
        for col in _text_columns(data):
            for value in data[col].dropna().unique()[:50]:
                if value in es and value not in en:
                    return "es"
                if value in en and value not in es:
                    return "en"
    return DEFAULT_LANG


def own_data_workspace(name: str = OWN_DATA) -> Workspace:
    """An empty workspace for the user's own data: no dataset and no setting of the sample case."""
    return Workspace(name=name)


@lru_cache(maxsize=1)
def thesis_facts() -> dict:
    """Seed 003's structural figures (shifts, Table 8 agents, AHT, rates, pilot Table 29) and the
    consistency checks of its published figures, as transcribed in sample_data/call_centre_thesis.json."""
    return json.loads((SAMPLE_DIR / "call_centre_thesis.json").read_text(encoding="utf-8"))


def sample_table(filename: str, lang: str | None = None) -> pd.DataFrame:
    """A seed table from sample_data/ that is reference material, not an uploadable dataset
    (e.g. servqual_summary.csv, abandonment_monthly_totals.csv, clinic_indicators.csv), with its
    texts in ``lang`` when given (e.g. the call-centre blueprints), else as stored. The blueprint
    phase links (blueprint_phase_links.csv) hold the links of both languages' step names."""
    table = _sample_table(filename)
    return table.copy() if lang is None else in_language(table, lang)


@lru_cache(maxsize=16)
def _sample_table(filename: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / filename)
