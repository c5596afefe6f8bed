"""View models: one pure function per view that computes everything the view shows.

``core/views/<view>.py`` holds, for one view:

- ``SETTINGS``: a tuple of ``core.settings.Setting`` (key, kind, range, default), the one
  definition of each setting, used by the page's widgets, the report and the workspace import;
- ``sample_settings() -> dict``: the sample case's values for those settings (the seed studies'
  figures: Table 8 agents, the thesis' 93.4 % confidence...). They are written only into the sample
  workspace (core.sample.sample_workspace); a workspace of the user's own data never holds them;
- ``compute(ws: Workspace) -> <View>Result``: a small frozen dataclass with every number, table,
  figure input, sentence parameter, warning (``Notice``) and the data's provenance (``DataSource``)
  the view shows. The page lays out widgets and renders the result; the report and the deck render
  the same result. No I/O, no streamlit.

The shared pieces are here: ``DataSource`` (which data a view used), ``Notice`` (a message the view
must show, as a catalog key with parameters), ``provenance`` and ``stage``.

``stage(fn, ws, *args)`` runs one part of a view's computation, ``fn(ws, *args)``, a pure function
of what it reads in ``ws``. A compute splits its slow work into stages by the settings each part
reads (SERVQUAL: the survey and the segments table do not depend on the segment shown), so the app
can keep each stage by its own inputs (ui.cache registers itself with ``use_stage_runner``) and a
widget that feeds one stage recomputes only that stage. Without a runner (the report, tests, the
CLI) a stage is a plain call: the result is the same either way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from core.settings import Setting, resolve
from core.workspace import SAMPLE, Workspace


@dataclass(frozen=True)
class DataSource:
    """One dataset a view used: its name (core.schemas), where it came from (a file name, or
    ``core.workspace.SAMPLE``), and how many rows it had."""

    dataset: str
    source: str
    rows: int

    @property
    def is_sample(self) -> bool:
        return self.source == SAMPLE


@dataclass(frozen=True)
class Notice:
    """A message the view must show: severity (``info``, ``warning``, ``error``), a catalog key
    and its parameters (already formatted text or numbers the page formats)."""

    level: str
    key: str
    params: dict = field(default_factory=dict)


_STAGE_RUNNER = None


def stage(fn, ws: Workspace, *args):
    """``fn(ws, *args)``, possibly kept by the app between reruns (see the module docstring)."""
    return fn(ws, *args) if _STAGE_RUNNER is None else _STAGE_RUNNER(fn, ws, *args)


def use_stage_runner(runner) -> None:
    """Have ``stage`` call ``runner(fn, ws, *args)`` (ui.cache.cached_compute) instead of ``fn``."""
    global _STAGE_RUNNER
    _STAGE_RUNNER = runner


def provenance(ws: Workspace, names: Iterable[str]) -> tuple[DataSource, ...]:
    """The datasets among ``names`` that the workspace holds, in that order."""
    out = []
    for name in names:
        data = ws.get(name)
        if data is not None:
            out.append(DataSource(name, ws.source(name) or "", int(len(data))))
    return tuple(out)


def view_settings(ws: Workspace, specs: Iterable[Setting], sample_values: dict | None = None) -> dict[str, tuple]:
    """``key -> (value, origin)`` for a view's settings in this workspace (see core.settings.resolve);
    the origin is "sample" only in the sample workspace, for values equal to the sample case's."""
    return resolve(specs, ws.settings, sample_values if ws.is_sample else None)


VIEWS = ("servqual", "planning", "journey", "blueprint", "indicators", "staffing", "abandonment")


def setting_definitions() -> dict[str, Setting]:
    """Every view's settings by key (the SETTINGS of core/views/<view>.py), for validating values
    that come from a saved workspace or an imported file."""
    import importlib

    out: dict[str, Setting] = {}
    for view in VIEWS:
        try:
            module = importlib.import_module(f"core.views.{view}")
        except ModuleNotFoundError:
            continue
        out.update({spec.key: spec for spec in getattr(module, "SETTINGS", ())})
    return out
