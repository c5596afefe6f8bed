"""Moving the confidence recomputes only what depends on it (issue 16: a move cost ~0.7 s of CPU).

The confidence-free parts (the groups, ANOVA, Levene, Kruskal–Wallis, Welch, Shapiro–Wilk, the
monthly groups and their method) are computed once per data and grouping (``stats.one_way_base``,
``ab.monthly_groups``, kept as a stage of the view) and give exactly what the one-call path gives."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from core import abandonment as ab
from core import stats
from core.sample import sample_workspace
from core.views import abandonment as view
from core.views import use_stage_runner

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "abandonment_daily.csv"


@pytest.fixture(scope="module")
def prepared():
    return ab.prepare(pd.read_csv(SAMPLE))


def _same(a: stats.OneWayResult, b: stats.OneWayResult) -> None:
    for name in ("describe", "anova", "shapiro", "tukey", "games_howell"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    pd.testing.assert_series_equal(a.letters, b.letters)
    assert (a.levene, a.kruskal, a.welch, a.effects, a.method, a.alpha) == \
        (b.levene, b.kruskal, b.welch, b.effects, b.method, b.alpha)


@pytest.mark.parametrize("grouping", ["model", "model_account", "period"])
def test_one_way_with_its_base_is_the_one_call_analysis(prepared, grouping):
    data = ab.analysis_frame(prepared, grouping).data
    base = stats.one_way_base(data, "abandon_pct", "group")
    for alpha in (0.066, 0.01, 0.2):
        _same(stats.one_way(data, "abandon_pct", "group", alpha, base),
              stats.one_way(data, "abandon_pct", "group", alpha))


def test_one_way_base_holds_the_tests_of_scipy(prepared):
    data = ab.analysis_frame(prepared, "model_account").data
    base = stats.one_way_base(data, "abandon_pct", "group")
    parts = [data.loc[data.group == g, "abandon_pct"].to_numpy() for g in sorted(data.group.unique())]
    assert list(base.groups) == sorted(data.group.unique())
    assert base.levene.p == pytest.approx(sps.levene(*parts, center="median").pvalue, rel=1e-12)
    assert base.kruskal.statistic == pytest.approx(sps.kruskal(*parts).statistic, rel=1e-12)
    assert base.anova.loc["between", "f"] == pytest.approx(sps.f_oneway(*parts).statistic, rel=1e-9)
    with pytest.raises(ValueError):
        stats.one_way_base(data[data.group == data.group.iloc[0]], "abandon_pct", "group")


def test_monthly_contrasts_with_their_groups_are_the_one_call_table(prepared):
    groups = ab.monthly_groups(prepared, "2")
    assert groups is not None and sorted(groups.data["group"].unique())[-1] == "~proposed"
    assert groups.means.loc["~proposed", "size"] == 29 and groups.method in ("tukey", "games_howell")
    for alpha in (0.066, 0.10):
        pd.testing.assert_frame_equal(ab.monthly_contrasts(prepared, alpha, "2", groups),
                                      ab.monthly_contrasts(prepared, alpha, "2"), check_exact=True)


def test_monthly_groups_none_without_a_pilot():
    days = pd.DataFrame({"account": 1, "model": "current", "month": [1, 1, 2, 2], "abandon_pct": [3.0, 4.0, 5.0, 6.0]})
    assert ab.monthly_groups(ab.prepare(days)) is None
    assert list(ab.monthly_contrasts(ab.prepare(days), 0.05).columns) == ab.MONTHLY_COLUMNS


def test_a_confidence_move_in_the_app_recomputes_no_confidence_free_part(monkeypatch):
    from ui import cache
    counts = {"one_way_base": 0, "monthly_groups": 0, "analysis_frame": 0}
    for module, name in ((stats, "one_way_base"), (ab, "monthly_groups"), (ab, "analysis_frame")):
        original = getattr(module, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    import core.views
    cache.clear()
    # the app installs this runner when ui.cache is imported; restore whatever was there (another
    # test of this worker, e.g. tests/test_caching.py, needs the app's runner)
    monkeypatch.setattr(core.views, "_STAGE_RUNNER", core.views._STAGE_RUNNER)
    use_stage_runner(cache.cached_compute)
    try:
        ws = sample_workspace("en")
        first = cache.cached_compute(view, ws)             # (the case study runs its own five analyses)
        loaded = dict(counts)
        assert loaded["monthly_groups"] == 1 and loaded["one_way_base"] >= 1
        for confidence in (90.0, 97.5, 99.0):
            ws.settings["abandonment.confidence"] = confidence
            moved = cache.cached_compute(view, ws)
            assert moved.alpha == pytest.approx(1 - confidence / 100)
        assert counts == loaded
        assert moved.contrast.low != first.contrast.low                 # the interval did move
        ws.settings["abandonment.grouping"] = "period"                   # another grouping: its own tests
        cache.cached_compute(view, ws)
        assert counts["one_way_base"] == loaded["one_way_base"] + 1
        assert counts["analysis_frame"] == loaded["analysis_frame"] + 1
    finally:
        cache.clear()


def test_int_power_is_the_power():
    x = np.array([0.0, 0.5, 1.0, 2.0, 3.0])
    for n in (1, 2, 3, 5, 8, 49):
        np.testing.assert_allclose(stats._int_power(x, n), x ** n, rtol=1e-14)
    assert stats._int_power(np.array([2.0]), 10)[0] == 1024.0
