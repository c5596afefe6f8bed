"""Editing a blueprint in the app: an edit session with undo and reset."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pandas as pd

from core.blueprint.model import Blueprint, BlueprintError, Problem
from core.blueprint.reading import from_wide_by_step

# --------------------------------------------------------------------------- editing

SIDES: tuple[str, ...] = ("current", "proposed")
_SERIALS = itertools.count(1)


@dataclass
class EditSession:
    """The blueprints as loaded, as edited, and the edits made, newest last, for undo and reset.

    ``version`` grows with every applied edit, undo or reset, so that a page can give its table
    editor a fresh key whenever the table it shows was replaced. ``serial`` tells sessions apart
    (unique in the process): (serial, version) names the working blueprints' content, the key under
    which what is computed from them can be kept (core.views.blueprint).
    """

    loaded: dict[str, Blueprint]
    working: dict[str, Blueprint] = field(default_factory=dict)
    history: list[tuple[str, Blueprint]] = field(default_factory=list)
    version: int = 0
    token: object = None
    serial: int = field(default_factory=lambda: next(_SERIALS), compare=False, repr=False)

    def __post_init__(self):
        if not self.working:
            self.working = dict(self.loaded)

    @property
    def can_undo(self) -> bool:
        return bool(self.history)

    @property
    def is_modified(self) -> bool:
        return any(self.working[side] != self.loaded[side] for side in self.loaded)

    def apply(self, side: str, table: pd.DataFrame) -> list[Problem]:
        """Replace one side by an edited wide-by-step table. Returns the problems: errors mean the
        edit was refused (the working blueprint stays as it was), warnings are informative."""
        try:
            blueprint, warnings = from_wide_by_step(table)
        except BlueprintError as refused:
            return refused.problems
        self.replace(side, blueprint)
        return warnings

    def replace(self, side: str, blueprint: Blueprint) -> bool:
        """Replace one side by a blueprint; False (and no history entry) when nothing changed."""
        if blueprint == self.working[side]:
            return False
        self.history.append((side, self.working[side]))
        self.working[side] = blueprint
        self.version += 1
        return True

    def edit_cell(self, side: str, step: str, lane: str, text: str) -> bool:
        return self.replace(side, self.working[side].with_cell(step, lane, text))

    def undo(self) -> str | None:
        """Take back the last edit; returns the side it touched, or None if there was none."""
        if not self.history:
            return None
        side, previous = self.history.pop()
        self.working[side] = previous
        self.version += 1
        return side

    def reset(self) -> None:
        """Back to the loaded blueprints; the history is cleared."""
        self.working = dict(self.loaded)
        self.history.clear()
        self.version += 1
