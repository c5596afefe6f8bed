"""SERVQUAL segments given as numeric codes (core.servqual.prepare)."""
from __future__ import annotations

import pandas as pd
import pytest

from core.servqual.prepare import prepare_survey


@pytest.mark.parametrize("dtype", [None, "Int64", "float64"])
def test_numeric_segment_codes_with_a_blank_are_named_as_typed(dtype):
    # segments 1, 2, (blank), 1: a numeric column with a blank is read as floats; the codes shown must
    # be "1" and "2" as she typed them, not "1.0" and "2.0"; the blank is counted, not a segment
    table = pd.DataFrame({f"{k}{i}": [5, 4, 3, 5] for k in "EP" for i in range(1, 23)})
    table.insert(0, "segment", pd.Series([1, 2, None, 1], dtype=dtype))
    survey, problems = prepare_survey(table)
    assert survey.segments() == ["1", "2"]
    assert [p.code for p in problems if p.code == "segment_blank"] == ["segment_blank"]
