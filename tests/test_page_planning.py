"""app_pages/planning.py: the sample size and margins shown (hand-worked values, core.sampling itself
checked in test_sampling.py); the seed's 371 explained in the case study (sample only); numbers typed
the Spanish way ("3,5") read as 3.5 (issue 14); a user's workspace uses her own n; bad input gets a
message."""
import math

import pytest

from core import journey
from core.i18n import Translator
from core.sample import own_data_workspace, sample_workspace
from core.text import escape_markdown
from tests.pagetest import run_page

Z95 = 1.959963984540054


def start(lang="en", ws=None):
    return run_page("planning", lang, ws, timeout=120)


def metric(at, label):
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return values[0]


def errors(at) -> str:
    return " ".join(e.value for e in at.error)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_defaults_answer_the_seed_question(lang):
    t = Translator(lang)
    at = start(lang)
    assert not at.exception
    # 95 %, e = 5 points, p = 0.5, N = 9,686 (the sample's population): 369.53 -> 370 (exact z)
    assert metric(at, t("planning.n_needed")) == "370"
    assert metric(at, t("planning.n0")) == t.num(Z95 ** 2 * 0.25 / 0.0025, 2)
    assert t("planning.seed.title") in [e.label for e in at.expander]
    seed_text = " ".join(m.value for m in at.markdown)
    assert "**370**" in seed_text and t.num(369.5416, 2) in seed_text and t.num(370.3188, 2) in seed_text
    assert t("planning.seed.verdict", n="370", reported="371") in [i.value for i in at.info]
    latex = " ".join(x.value for x in at.latex)
    assert r"\rightarrow\; 370" in latex and ("9{,}686" in latex if lang == "en" else "9.686" in latex)
    # margins of the sample's 371 answers from 9,686 users (worst case):
    # INS 100 * 1.959964 * sqrt(0.25 / 371 * 9315 / 9685) = 4.99 points; NPS twice that, 9.98
    ins = 100 * Z95 * math.sqrt(0.25 / 371 * 9315 / 9685)
    assert metric(at, t("planning.margin.ins")) == t("planning.pm_points", v=t.num(ins, 1))
    assert metric(at, t("planning.margin.nps")) == t("planning.pm_points", v=t.num(2 * ins, 1))
    assert at.text_input(key="planning.n_run").value == "371"


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


@pytest.mark.parametrize("lang, typed", [("es", "3,5"), ("en", "3.5")])
def test_a_margin_typed_in_the_page_language_is_read_as_meant(lang, typed):
    t = Translator(lang)
    at = start(lang, own_data_workspace("Mis datos"))
    at.text_input(key="planning.margin_pct").input(typed).run()
    assert not at.exception and not errors(at)
    # e = 3.5 points: n0 = 1.959964^2 * 0.25 / 0.035^2 = 3.841459 * 0.25 / 0.001225 = 783.97 -> 784
    # (read as 35 it would be 0.960365 / 0.1225 = 7.84 -> 8)
    assert metric(at, t("planning.n_needed")) == "784"
    assert metric(at, t("planning.n0")) == t.num(783.9712, 2)
    assert at.session_state["workspace"].settings["planning.margin_pct"] == 3.5


def test_a_number_that_cannot_be_read_is_refused_with_a_message():
    t = Translator("es")
    at = start("es", own_data_workspace("Mis datos"))
    at.text_input(key="planning.margin_pct").input("3,5,1").run()
    assert not at.exception
    assert "«3,5,1» no es un número" in errors(at)
    # the value in use stays the previous one (5 points): 384.15 -> 385
    assert metric(at, t("planning.n_needed")) == "385"


def test_widgets_move_the_numbers():
    t = Translator("en")
    at = start()
    at.radio(key="planning.kind").set_value("nps").run()
    at.text_input(key="planning.margin_points").input("10")
    at.text_input(key="planning.population").input("0").run()
    assert not at.exception
    # NPS worst case V = 1, e = 10 points, exact z: 1.959964^2 * 10,000 / 100 = 384.15 -> 385
    assert metric(at, t("planning.n_needed")) == "385"
    at.radio(key="planning.kind").set_value("mean").run()
    at.text_input(key="planning.sd").input("0.8")
    at.text_input(key="planning.margin_scale").input("0.1")
    at.text_input(key="planning.population").input("2,000").run()
    # (1.959964 * 0.8 / 0.1)^2 = 245.85; 245.85 / (1 + 244.85 / 2000) = 219.03 -> 220
    assert metric(at, t("planning.n_needed")) == "220"
    at.selectbox(key="planning.confidence_run").set_value(0.99)
    at.text_input(key="planning.n_run").input("100").run()
    # 99 %: z = 2.575829; 100 * 2.575829 * sqrt(0.25 / 100 * 9586 / 9685) = 12.81 points
    assert metric(at, t("planning.margin.ins")) == t("planning.pm_points", v=t.num(
        100 * 2.5758293 * math.sqrt(0.25 / 100 * 9586 / 9685), 1))


def _user_survey_workspace():
    from tests.test_view_servqual import user_workspace
    return user_workspace()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_her_workspace_uses_her_n_and_only_her_data(lang):
    t = Translator(lang)
    at = start(lang, _user_survey_workspace())
    assert not at.exception
    # her SERVQUAL survey has 6 respondents: the survey already run has n = 6, from her data
    assert at.text_input(key="planning.n_run").value == "6"
    # INS margin 100 * 1.959964 * sqrt(0.25 / 6) = 40.0076 points; NPS 100 * 1.959964 * sqrt(1 / 6) = 80.0152
    assert metric(at, t("planning.margin.ins")) == t("planning.pm_points", v=t.num(40.0076, 1))
    assert metric(at, t("planning.margin.nps")) == t("planning.pm_points", v=t.num(80.0152, 1))
    table = at.dataframe[0].value
    assert len(table) == 5                                   # her five gaps, no journey of the sample
    # tangibles gaps -2,-1,-2,-1,-2,-1: sd sqrt(0.3); t(0.975, 5) * 0.5477226 / sqrt(6) = 0.5748
    assert table.iloc[:, 3].tolist()[0] == t("planning.pm_scale", v=t.num(0.574800, 3))
    assert t("planning.seed.title") not in [e.label for e in at.expander]
    assert any("mi\\_encuesta\\.csv" in c.value for c in at.caption)


@pytest.mark.parametrize("setup, expected", [
    (lambda at: at.text_input(key="planning.margin_pct").input("0"), "is outside the accepted range"),
    (lambda at: (at.radio(key="planning.kind").set_value("nps").run(),
                 at.text_input(key="planning.promoters").input("70"),
                 at.text_input(key="planning.detractors").input("50")), "add up to at most 100"),
    (lambda at: (at.radio(key="planning.kind").set_value("mean").run(),
                 at.text_input(key="planning.sd").input("0")), "is outside the accepted range"),
    (lambda at: at.text_input(key="planning.n_run").input("20000"), "more answers than people"),
    (lambda at: at.text_input(key="planning.n_run").input("0"), "is outside the accepted range"),
    (lambda at: at.text_input(key="planning.n_run").input("12.5"), "must be a whole number"),
])
def test_bad_input_gets_a_message(setup, expected):
    at = start()
    setup(at)
    at.run()
    assert not at.exception
    assert expected in errors(at)


def test_bad_saved_settings_do_not_crash():
    ws = own_data_workspace("Mis datos")
    ws.settings.update({"planning.kind": "todo", "planning.margin_pct": float("nan"), "planning.population": -5,
                        "planning.n_run": {"x": 1}, "planning.confidence": "95 %", "planning.sd": [1]})
    at = start("es", ws)
    assert not at.exception
    assert metric(at, Translator("es")("planning.n_needed")) == "385"      # the neutral defaults
    assert "no se puede usar" in " ".join(w.value for w in at.warning)


def test_her_n_follows_her_data_after_clicks_until_she_types_her_own():
    """The n the page writes in the box from her data is not her choice: after any click it still comes
    from the data (with its "from your data" caption), and a new survey gives its own n. It used to be
    written into her settings at the first rerun, frozen at the old survey's n."""
    t = Translator("es")
    ws = _user_survey_workspace()
    at = start("es", ws)
    at.run()                                                         # any click reruns the page
    at.run()
    assert "planning.n_run" not in ws.settings
    assert t("provenance.origin.data", setting=escape_markdown(t("planning.n_run"))) in [c.value for c in at.caption]
    bigger = ws.get("servqual")
    bigger = bigger.loc[bigger.index.repeat(2)].reset_index(drop=True)
    bigger["respondent"] = range(1, len(bigger) + 1) if "respondent" in bigger else None
    ws.put("servqual", bigger, "encuesta_abril.csv")
    at.run()
    assert at.text_input(key="planning.n_run").value == "12"          # 6 respondents twice: her new survey's n
    at.text_input(key="planning.n_run").set_value("200").run()       # her own n: kept as hers
    assert ws.settings["planning.n_run"] == 200
    at.run()
    assert at.text_input(key="planning.n_run").value == "200" and ws.settings["planning.n_run"] == 200
