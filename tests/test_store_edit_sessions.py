"""The blueprint editor's state as stored (core.store.encode_settings): kept per edit, never stale."""
from __future__ import annotations

import json

from core import blueprint as bp
from core import store
from core.sample import sample_workspace
from core.views import blueprint as view


def _session():
    ws = sample_workspace("es")
    view.keep_session(ws, view.compute(ws))            # what the page does with a new edit session
    sessions = ws.settings[view.K_SESSIONS]
    return ws, next(iter(sessions.values()))


def test_an_edit_reaches_the_stored_settings_and_an_undo_takes_it_back(monkeypatch):
    ws, session = _session()
    calls = []
    wide = bp.Blueprint.to_wide_by_step

    def counted(self, *args, **kwargs):
        calls.append(1)
        return wide(self, *args, **kwargs)

    monkeypatch.setattr(bp.Blueprint, "to_wide_by_step", counted)
    before = store.encode_settings(ws.settings)[0]
    sides = 2 * len(session.loaded)                  # loaded and working, each side
    assert len(calls) == sides
    assert store.encode_settings(ws.settings)[0] == before and len(calls) == sides   # kept: no new encoding
    step = session.working["proposed"].step_names[0]
    assert session.edit_cell("proposed", step, bp.LANES[0], "Paso escrito en la prueba")
    edited = store.encode_settings(ws.settings)[0]
    assert "Paso escrito en la prueba" in edited and "Paso escrito en la prueba" not in before
    assert len(calls) == 2 * sides
    session.undo()
    assert "Paso escrito en la prueba" not in store.encode_settings(ws.settings)[0]
    restored = json.loads(store.encode_settings(ws.settings)[0])
    assert restored == json.loads(before)
