"""A user's workspace: the datasets (already through intake) and the settings of the views."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pandas as pd

SAMPLE = "sample"   # the sample workspace's name, and the source of every dataset it holds
OWN_DATA = "own-data"  # the name of a new workspace of the user's own data until she names it


@dataclass
class Workspace:
    """Datasets by name (see core.schemas.SCHEMAS), where each came from, and view settings.

    ``settings`` keys are prefixed with the view's name, e.g. ``"staffing.sl_target"``.
    """

    name: str = "sample"
    datasets: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def is_sample(self) -> bool:
        """The embedded sample case (seed studies), shown as "Caso de ejemplo"/"Sample case"."""
        return self.name == SAMPLE

    @property
    def has_sample_data(self) -> bool:
        return any(source == SAMPLE for source in self.sources.values())

    def get(self, name: str) -> pd.DataFrame | None:
        return self.datasets.get(name)

    def source(self, name: str) -> str | None:
        return self.sources.get(name)

    def put(self, name: str, data: pd.DataFrame, source: str) -> None:
        """Replace one dataset; the others and the settings are untouched."""
        self.datasets[name] = data
        self.sources[name] = source

    def remove(self, name: str) -> None:
        self.datasets.pop(name, None)
        self.sources.pop(name, None)

    def copy(self) -> "Workspace":
        return Workspace(self.name, {k: v.copy() for k, v in self.datasets.items()},
                         dict(self.sources), copy.deepcopy(self.settings))
