"""Issue 16: a view model is computed again only when something it reads changes.

The count of ``compute`` calls is taken by wrapping the view module's compute (monkeypatch), in
AppTest, so that a regression (a widget that recomputes a view it does not feed) fails here instead
of silently making every click slow again.
"""
from __future__ import annotations

import hashlib
import pickle

import pandas as pd
import pytest

from core.sample import own_data_workspace, sample_workspace
from core.views import abandonment as view_abandonment
from core.views import indicators as view_indicators
from core.views import journey as view_journey
from core.views import servqual as view_servqual
from core.views import staffing as view_staffing
from core.workspace import dataset_digest
from tests.pagetest import run_page
from ui import cache
from ui.views import view_result


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def calls(monkeypatch):
    """view name -> number of compute calls while the test runs."""
    counted = {}
    for module in (view_servqual, view_abandonment, view_staffing, view_journey, view_indicators):
        original = module.compute
        name = module.__name__.rsplit(".", 1)[1]

        def wrapper(*args, _original=original, _name=name, **kwargs):
            counted[_name] = counted.get(_name, 0) + 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, "compute", wrapper)
    return counted


# ------------------------------------------------------------------------------------- in AppTest

def test_servqual_is_not_recomputed_for_a_rerun_or_a_tab_and_is_for_its_segment(calls):
    at = run_page("servqual", "es")
    assert not at.exception and calls["servqual"] == 1
    at.run()                                                     # nothing changed
    at.session_state["servqual.tab"] = at.tabs[1].label          # a tab: not an input of the view
    at.run()
    assert not at.exception and calls["servqual"] == 1
    segments = view_servqual.compute(sample_workspace("es")).segments   # (counted: one more call)
    assert calls["servqual"] == 2
    at.selectbox(key="servqual.segment").set_value(segments[0]).run()   # a setting the view reads
    assert calls["servqual"] == 3
    at.selectbox(key="servqual.segment").set_value(None).run()          # back: the kept result
    assert calls["servqual"] == 3


def test_staffing_slider_recomputes_staffing_only_when_it_moves(calls):
    at = run_page("staffing", "es")
    assert not at.exception
    first = calls["staffing"]
    at.run()
    assert calls["staffing"] == first
    agents = at.slider(key="staffing.morning.agents")
    agents.set_value(agents.value + 1).run()       # a per-shift setting, not in staffing.SETTINGS
    assert not at.exception and calls["staffing"] == first + 1


def test_abandonment_confidence_recomputes_and_an_unrelated_setting_does_not(calls):
    at = run_page("abandonment", "en")
    assert calls["abandonment"] == 1
    at.session_state["workspace"].settings["journey.nps_min"] = 50.0   # another view's setting
    at.run()
    assert calls["abandonment"] == 1
    at.slider(key="abandonment.confidence").set_value(90.0).run()
    assert not at.exception and calls["abandonment"] == 2


def test_journey_is_not_recomputed_for_a_rerun_or_its_case_study_and_is_for_its_phase(calls):
    at = run_page("journey", "es")
    assert not at.exception and calls["journey"] == 1
    at.run()                                                   # nothing changed
    at.session_state["journey.open_case"] = True               # a section opened: not an input of the view
    at.run()
    assert not at.exception and calls["journey"] == 1
    phases = at.selectbox(key="journey.phase").options
    at.selectbox(key="journey.phase").set_value(phases[-1]).run()   # the phase in detail: a setting it reads
    assert not at.exception and calls["journey"] == 2
    at.run()
    assert calls["journey"] == 2


def test_indicators_are_not_recomputed_for_a_rerun_or_a_tab_and_are_for_by_segment(calls):
    at = run_page("indicators", "es")
    assert not at.exception and calls["indicators"] == 1
    at.run()
    at.session_state["indicators.trend_tab"] = at.tabs[1].label     # a chart's tab: not an input
    at.run()
    assert not at.exception and calls["indicators"] == 1
    box = at.checkbox(key="indicators.by_segment")
    box.set_value(not box.value).run()                              # a setting the view reads
    assert not at.exception and calls["indicators"] == 2
    at.run()
    assert calls["indicators"] == 2


# ------------------------------------------------------------------------------------- the key

def test_new_data_recomputes_and_two_workspaces_never_share_a_result(calls):
    one = own_data_workspace("mine")
    two = own_data_workspace("mine")            # same name, as two users' new workspaces are
    survey = sample_workspace("en").get("servqual")
    one.put("servqual", survey, "a.csv")
    changed = survey.copy()
    changed.loc[changed.index[0], "P1"] = 1 if changed.loc[changed.index[0], "P1"] != 1 else 2
    two.put("servqual", changed, "a.csv")
    r1, r2 = view_result(view_servqual, one), view_result(view_servqual, two)
    assert calls["servqual"] == 2 and r1 is not r2
    # each result is its own data's: item 1's gap is the mean of P1 - E1 over those who answered both
    for result, data in ((r1, survey), (r2, changed)):
        both = data[["E1", "P1"]].dropna()
        assert result.analysis.items.loc["Q1", "gap"] == pytest.approx((both["P1"] - both["E1"]).mean(), abs=1e-12)
    assert r1.analysis.items.loc["Q1", "gap"] != r2.analysis.items.loc["Q1", "gap"]
    assert view_result(view_servqual, one) is r1 and view_result(view_servqual, two) is r2
    assert calls["servqual"] == 2
    one.put("servqual", changed, "a.csv")       # her new upload: same content as two's
    assert view_result(view_servqual, one) is r2 and calls["servqual"] == 2
    one.put("servqual", survey.iloc[:200].copy(), "b.csv")
    r3 = view_result(view_servqual, one)
    assert calls["servqual"] == 3 and r3.analysis.n_respondents == 200


def test_another_dataset_or_the_sample_language_decide_what_is_recomputed(calls):
    ws = sample_workspace("en")
    first = view_result(view_servqual, ws)
    ws.put("journey_map", ws.get("journey_map").copy(), "map.csv")     # a dataset servqual does not read
    assert view_result(view_servqual, ws) is first and calls["servqual"] == 1
    from core.sample import relabel_sample
    relabel_sample(ws, "es")                      # Spanish texts: new frames, new digests
    assert view_result(view_servqual, ws) is not first and calls["servqual"] == 2


def test_digest_is_computed_once_per_frame_and_follows_content():
    frame = pd.DataFrame({"a": [1.5, 2.5], "b": ["x", "y"]})
    d = dataset_digest(frame)
    assert dataset_digest(frame) == d
    assert dataset_digest(frame.copy()) == d                       # same content, another object
    assert dataset_digest(frame.assign(a=[1.5, 2.6])) != d
    assert dataset_digest(frame.rename(columns={"b": "c"})) != d
    assert dataset_digest(frame.astype({"a": "float32"})) != d


def test_pages_leave_their_cached_result_unchanged():
    """Results are shared, not copied: a page must not change a kept result's tables in place."""
    def fingerprint(result) -> str:
        return hashlib.sha256(pickle.dumps(result)).hexdigest()

    for page, module, args in (("servqual", view_servqual, ()), ("staffing", view_staffing, ())):
        cache.clear()
        at = run_page(page, "es")
        ws = at.session_state["workspace"]
        result = view_result(module, ws, *args)
        before = fingerprint(result)
        for label in [tab.label for tab in at.tabs] if page == "servqual" else []:
            at.session_state["servqual.tab"] = label         # every tab drawn once
            at.run()
        at.run()
        assert view_result(module, ws, *args) is result
        assert fingerprint(result) == before, page
