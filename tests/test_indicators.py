"""core.indicators: seed 001 indicators, targets and status, Table VI weighted scenario."""
import math
from pathlib import Path

import pandas as pd
import pytest

from core import indicators as ind
from core.journey import Targets

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


def _seed():
    return ind.normalise(pd.read_csv(SAMPLE / "indicators.csv"))


def test_sample_file_is_what_the_generator_writes():
    rows = ind.seed_indicator_rows(pd.read_csv(SAMPLE / "clinic_indicators.csv"))
    pd.testing.assert_frame_equal(ind.normalise(rows), _seed(), check_dtype=False)


def test_status_against_seed_targets():
    s = ind.status_table(ind.latest(_seed())).set_index(["indicator", "segment"])
    assert s.loc[("completed_trainings", "all"), "status"] == "met"  # 77 >= 75
    assert s.loc[("recommendations", "all"), "status"] == "met"  # 90 >= 90
    assert s.loc[("nps", "all"), "value"] == 76 and s.loc[("nps", "all"), "status"] == "missed"
    assert s.loc[("nps", "all"), "gap"] == pytest.approx(-9.0)
    assert s.loc[("service_efficiency", "all"), "status"] == "no_target"
    assert s.loc[("satisfaction", "large businesses"), "status"] == "missed"  # 77.3 < 85
    assert "customer_share" not in s.index.get_level_values(0)


def test_edited_target_changes_status_and_max_direction():
    df = ind.apply_targets(_seed(), {"nps": 70})
    s = ind.status_table(ind.latest(df)).set_index(["indicator", "segment"])
    assert s.loc[("nps", "all"), "status"] == "met"
    ces = pd.DataFrame({"indicator": ["ces"], "value": [22], "target": [40], "direction": ["max"]})
    s = ind.status_table(ind.normalise(ces))
    assert s["status"].iloc[0] == "met" and s["gap"].iloc[0] == pytest.approx(18.0)


def test_period_change_of_table2():
    c = ind.period_change(_seed(), "nps")
    # 58 -> 76: +18 points (printed "18 %"), relative 18/58 = 31.0 %
    assert (c.before, c.after, c.change) == (58, 76, 18)
    assert c.relative == pytest.approx(18 / 58)
    assert ind.period_change(_seed(), "recommendations") is None


def test_table6_weighted_satisfaction():
    t = ind.scenario_table(_seed())
    assert t["segment"].tolist() == ["small businesses", "medium-sized businesses", "large businesses"]
    w = ind.segment_weighted(t)
    # 0.58 * 75.1 + 0.39 * 73.5 + 0.03 * 77.3 = 43.558 + 28.665 + 2.319 = 74.542 (headline: 76)
    assert w.overall == pytest.approx(74.542)
    assert w.share_total == pytest.approx(100) and not w.rescaled


def test_weighted_rescales_and_rejects_bad_shares():
    w = ind.segment_weighted(pd.DataFrame({"segment": ["a", "b"], "share": [1, 3], "value": [60, 80.0]}))
    assert w.overall == pytest.approx(75.0) and w.rescaled  # (60 + 3*80) / 4
    with pytest.raises(ind.IndicatorDataError) as e:  # text is not re-parsed here (intake types numbers)
        ind.segment_weighted(pd.DataFrame({"segment": ["a"], "share": [1], "value": ["80,0"]}))
    assert e.value.key == "not_a_number"
    with pytest.raises(ind.IndicatorDataError) as e:
        ind.segment_weighted(pd.DataFrame({"segment": ["a"], "share": [-5], "value": [60]}))
    assert e.value.key == "negative_share"


def test_normalise_reports_bad_values():
    with pytest.raises(ind.IndicatorDataError) as e:
        ind.normalise(pd.DataFrame({"indicator": ["x"], "value": ["abc"]}))
    assert e.value.key == "not_a_number"
    with pytest.raises(ind.IndicatorDataError) as e:
        ind.normalise(pd.DataFrame({"indicator": ["x"], "value": [1], "direction": ["up"]}))
    assert e.value.key == "bad_direction"


def test_period_order():
    assert ind.period_order(["after", "before"]) == ["before", "after"]
    assert ind.period_order(["2024-05", "2024-03", "2024-04"]) == ["2024-03", "2024-04", "2024-05"]
    assert ind.period_order(["Q-x", "Q-a"]) == ["Q-x", "Q-a"]


def test_journey_kpi_rows():
    rows = ind.journey_kpi_rows({"nps": 63.4, "ins_pct": 82.6, "ces_pct": 22.0}, Targets())
    s = ind.status_table(ind.normalise(rows)).set_index("indicator")
    assert s["status"].to_dict() == {"nps": "missed", "ins": "missed", "ces": "met"}
    assert not math.isnan(s.loc["ces", "gap"])
