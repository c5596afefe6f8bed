"""The simulation's input errors name the field the page shows its message under (core.simulation)."""
from __future__ import annotations

import pytest

from core import simulation as sim


@pytest.mark.parametrize("kwargs, field, reason", [
    ({"rate": 120.0, "hours": -2.0}, "hours", "not_positive"),
    ({"rate": 120.0, "hours": "ocho"}, "hours", "not_a_number"),
    ({"rate": -5.0, "hours": 8.0}, "arrival_rate", "not_positive"),
])
def test_constant_profile_names_the_field_that_cannot_be_used(kwargs, field, reason):
    with pytest.raises(sim.SimulationInputError) as err:
        sim.constant_profile(**kwargs)
    assert (err.value.field, err.value.reason) == (field, reason)


def test_constant_profile_of_two_and_a_half_hours_by_hand():
    # 2.5 h in 15-minute intervals: 10 intervals of 900 s, the last one too (2.5 h = 9,000 s = 10 x 900)
    p = sim.constant_profile(120.0, 2.5, clock_start_min=360)
    assert len(p.starts_s) == 10 and p.starts_s[-1] == 8100.0 and set(p.lengths_s) == {900.0}
    assert p.rates == (120.0,) * 10 and p.duration_s == 9000.0 and p.clock_start_min == 360
