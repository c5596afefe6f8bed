"""The embedded sample case: the seed tables in sample_data/, read through the normal intake path.

The seeds' organisations: a prepaid-medicine provider in Cartagena (seed 000: SERVQUAL, journey
map, blueprints), an occupational clinic in Lima (seed 001: CRM indicators) and an assistance call
centre in Bogotá (seed 003: staffing, abandonment). Where a view needs respondent-level data that
the seeds only summarise, sample_data/ holds synthetic data made by the make_*.py scripts there
(fixed seeds), whose summaries match the published tables.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from core.intake import load
from core.schemas import SCHEMAS
from core.workspace import OWN_DATA, SAMPLE, Workspace

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"


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


def sample_workspace() -> Workspace:
    """A fresh workspace holding the whole sample case and its settings (each caller gets its own copy)."""
    ws = Workspace(name=SAMPLE)
    for name, data in _sample_datasets().items():
        ws.put(name, data.copy(), SAMPLE)
    ws.settings.update(sample_settings())
    return ws


def own_data_workspace(name: str = OWN_DATA) -> Workspace:
    """An empty workspace for the user's own data: no dataset and no setting of the sample case."""
    return Workspace(name=name)


@lru_cache(maxsize=1)
def thesis_facts() -> dict:
    """Seed 003's structural figures (shifts, Table 8 agents, AHT, rates, pilot Table 29) and the
    consistency checks of its published figures, as transcribed in sample_data/call_centre_thesis.json."""
    return json.loads((SAMPLE_DIR / "call_centre_thesis.json").read_text(encoding="utf-8"))


def sample_table(filename: str) -> pd.DataFrame:
    """A seed table from sample_data/ that is reference material, not an uploadable dataset
    (e.g. servqual_summary.csv, abandonment_monthly_totals.csv, clinic_indicators.csv)."""
    return pd.read_csv(SAMPLE_DIR / filename)
