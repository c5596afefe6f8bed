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

    def digest(self, name: str) -> str | None:
        """A content digest of one dataset (None when absent), for keying cached results.

        Datasets are replaced, never edited in place (intake, relabel_sample and put assign new
        frames), so the digest is computed once per stored frame and kept with it: a later call for
        the same frame object costs a dict look-up, a new frame is hashed once (values, columns, dtypes).
        """
        return dataset_digest(self.datasets.get(name))

    def copy(self) -> "Workspace":
        return Workspace(self.name, {k: v.copy() for k, v in self.datasets.items()},
                         dict(self.sources), copy.deepcopy(self.settings))


_DIGESTS: dict[int, tuple] = {}   # id(frame) -> (weak reference to the frame, digest)


def dataset_digest(frame: pd.DataFrame | None) -> str | None:
    """sha256 of a frame's values, index, column names and dtypes, computed once per frame object."""
    if frame is None:
        return None
    import hashlib

    held = _DIGESTS.get(id(frame))
    if held is not None and held[0]() is frame:
        return held[1]
    values = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    names = "\x1f".join(f"{c!r}:{t}" for c, t in zip(frame.columns, frame.dtypes))
    return _remember(frame, hashlib.sha256(values + names.encode()).hexdigest())


def _remember(frame: pd.DataFrame, digest: str) -> str:
    import weakref

    key = id(frame)
    _DIGESTS[key] = (weakref.ref(frame, lambda _ref: _DIGESTS.pop(key, None)), digest)
    return digest


def copy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A deep copy of ``frame`` whose digest is known at once (the same content: the same digest)."""
    out = frame.copy()
    _remember(out, dataset_digest(frame))
    return out


def shown_name(ws: Workspace, t) -> str:
    """The workspace's name as the user reads it, in the language of ``t``: "Caso de ejemplo" for the
    sample case, "Mis datos" for a new workspace of her own data she has not named yet, else her name."""
    if ws.is_sample:
        return t("app.sample_workspace_name")
    if ws.name == OWN_DATA:
        return t("app.own_data_name")
    return str(ws.name).strip() or t("report.untitled")
