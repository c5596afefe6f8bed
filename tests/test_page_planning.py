"""app_pages/planning.py: the sample size and margins shown are those of core.sampling (itself checked
against hand-worked values in test_sampling.py); the seed's 371 is explained; bad input gets a
message."""
import math

import pytest
from streamlit.testing.v1 import AppTest

from core import journey, sampling
from core.i18n import Translator
from core.sample import sample_workspace


def start(lang="en"):
    at = AppTest.from_file("../app_pages/planning.py", default_timeout=120)
    at.session_state["lang"] = lang
    return at.run()


def metric(at, label):
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return values[0]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_defaults_answer_the_seed_question(lang):
    t = Translator(lang)
    at = start(lang)
    assert not at.exception
    # 95 %, e = 5 points, p = 0.5, N = 9,686: 369.53 -> 370 (exact z)
    assert metric(at, t("planning.n_needed")) == "370"
    assert metric(at, t("planning.n0")) == t.num(1.959963985 ** 2 * 0.25 / 0.0025, 2)
    seed_text = " ".join(m.value for m in at.markdown)
    assert "**370**" in seed_text and t.num(369.5416, 2) in seed_text and t.num(370.3188, 2) in seed_text
    assert t("planning.seed.verdict", n="370", reported="371") in [i.value for i in at.info]
    latex = " ".join(x.value for x in at.latex)
    assert r"\rightarrow\; 370" in latex and ("9{,}686" in latex if lang == "en" else "9.686" in latex)
    # margins of 371 answers from 9,686 users (worst case)
    e_nps = sampling.margin_nps(371, 0.5, 0.5, 0.95, 9686)
    assert metric(at, t("planning.margin.nps")) == t("planning.pm_points", v=t.num(e_nps, 1))
    assert metric(at, t("planning.margin.ins")) == t("planning.pm_points", v=t.num(100 * sampling.margin_proportion(
        371, 0.5, 0.95, 9686), 1))


def test_loaded_surveys_table_uses_their_own_answers():
    t = Translator("en")
    at = start()
    table = at.dataframe[0].value.set_index(t("planning.loaded.col.indicator"))
    clean, _ = journey.clean_responses(sample_workspace().get("journey_responses"))
    o = journey.overall_indicators(clean)
    row = table.loc[t("planning.loaded.nps")]
    assert row[t("planning.loaded.col.n")] == t.int(o["n_nps"])
    # without a population the NPS margin is journey's own 95 % margin
    assert row[t("planning.loaded.col.margin")] == t("planning.pm_points", v=t.num(o["nps_moe"], 1))
    assert table.loc[t("planning.loaded.ins"), t("planning.loaded.col.estimate")] == t.pct(o["ins_pct"] / 100)
    assert len(table) == 7  # NPS, INS and the five SERVQUAL dimensions


def test_widgets_move_the_numbers():
    t = Translator("en")
    at = start()
    at.radio(key="planning.kind").set_value("nps").run()
    at.number_input(key="planning.margin_points").set_value(10.0)
    at.number_input(key="planning.population").set_value(0).run()
    assert not at.exception
    # NPS worst case V = 1, e = 10 points, exact z: 1.959964^2 * 10,000 / 100 = 384.15 -> 385
    assert metric(at, t("planning.n_needed")) == "385"
    at.radio(key="planning.kind").set_value("mean").run()
    at.number_input(key="planning.sd").set_value(0.8)
    at.number_input(key="planning.margin_scale").set_value(0.1)
    at.number_input(key="planning.population").set_value(2000).run()
    expected = sampling.sample_size_mean(0.8, 0.1, 0.95, 2000).n
    # (1.96 * 0.8 / 0.1)^2 = 245.85; 245.85 / (1 + 244.85 / 2000) = 219.0 -> 220
    assert expected == math.ceil(245.85 / (1 + 244.85 / 2000) - 1e-3)
    assert metric(at, t("planning.n_needed")) == t.int(expected)
    at.selectbox(key="planning.confidence_run").set_value(0.99)
    at.number_input(key="planning.n_run").set_value(100).run()
    e = sampling.margin_proportion(100, 0.5, 0.99, 9686)
    assert metric(at, t("planning.margin.ins")) == t("planning.pm_points", v=t.num(100 * e, 1))


@pytest.mark.parametrize("setup, expected", [
    (lambda at: at.number_input(key="planning.margin_pct").set_value(0.0), "The margin of error is out of range"),
    (lambda at: (at.radio(key="planning.kind").set_value("nps").run(),
                 at.number_input(key="planning.promoters").set_value(70.0),
                 at.number_input(key="planning.detractors").set_value(50.0)), "add up to at most 100"),
    (lambda at: (at.radio(key="planning.kind").set_value("mean").run(),
                 at.number_input(key="planning.sd").set_value(0.0)), "The standard deviation must be greater than zero"),
    (lambda at: at.number_input(key="planning.n_run").set_value(20000), "more answers than people"),
    (lambda at: at.number_input(key="planning.n_run").set_value(0), "The number of answers must be greater than zero"),
])
def test_bad_input_gets_a_message(setup, expected):
    at = start()
    setup(at)
    at.run()
    assert not at.exception
    assert expected in " ".join(e.value for e in at.error)
