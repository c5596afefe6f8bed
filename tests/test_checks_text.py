"""The shared input check (core.checks) and name matching (core.text): one definition each,
used by sampling, queueing, simulation, intake headers, SERVQUAL dimensions, journey phases and
comment keywords (issue 19's duplicate list)."""
import math

import pytest

from core import queueing, sampling, simulation
from core.checks import real_or_reason
from core.schemas import normalise_header
from core.servqual import normalise_name
from core.text import name_key, plain_words


@pytest.mark.parametrize("x, kwargs, expected", [
    (2, {}, (2.0, None)), (-3.5, {}, (-3.5, None)), (True, {}, (None, "not_a_number")),
    ("4", {}, (None, "not_a_number")), (None, {}, (None, "not_a_number")),
    (math.inf, {}, (None, "not_a_number")), (math.nan, {"nonfinite": "not_finite"}, (None, "not_finite")),
    (0, {"positive": True}, (None, "not_positive")), (-1, {"positive": True}, (None, "not_positive")),
    (0, {"positive": True, "allow_zero": True}, (0.0, None)),
    (-1, {"positive": True, "allow_zero": True}, (None, "negative")),
])
def test_real_or_reason(x, kwargs, expected):
    assert real_or_reason(x, **kwargs) == expected


def test_each_module_raises_its_own_error_with_the_shared_reason():
    with pytest.raises(sampling.SamplingInputError) as err:
        sampling.wilson_interval(1, math.inf)
    assert err.value.reason == "not_a_number"
    with pytest.raises(queueing.QueueInputError) as err:
        queueing.erlang_c(math.nan, 300, 10)
    assert err.value.reason == "not_finite"
    with pytest.raises(simulation.SimulationInputError) as err:
        simulation.constant_profile(-5, 1)
    assert err.value.reason == "not_positive"


@pytest.mark.parametrize("text, key, words", [
    ("Llamadas ofrecidas", "llamadas_ofrecidas", "llamadas ofrecidas"),
    (" LLAMADAS-OFRECIDAS ", "llamadas_ofrecidas", "llamadas-ofrecidas"),
    ("Satisfacción (1-5)", "satisfaccion_1_5", "satisfaccion (1-5)"),
    ("Atención  en_sede", "atencion_en_sede", "atencion en sede"),
    (None, "", ""),
])
def test_names_match_however_they_are_written(text, key, words):
    assert name_key(text) == normalise_header(text) == normalise_name("" if text is None else text) == key
    assert plain_words(text) == words
