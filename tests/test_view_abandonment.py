"""core.views.abandonment: the view model on the sample case and on a user's own file, the page and
the report rendering the same result, bad settings, and the checks that catch wrong numbers.

Expected values come from a hand calculation written out below, scipy.stats.f_oneway and
statsmodels' pairwise_tukeyhsd (independent of core.stats).
"""
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multicomp import pairwise_tukeyhsd

from core import abandonment as ab
from core.i18n import Translator
from core.intake import load
from core.report import abandonment as report_section
from core.sample import own_data_workspace, sample_workspace
from core.schemas import SCHEMAS
from core.settings import ORIGIN_DATA, ORIGIN_DEFAULT, ORIGIN_SAMPLE, ORIGIN_USER
from core.views import abandonment as view
from tests.pagetest import run_page

EN, ES = Translator("en"), Translator("es")
BEFORE = [5.2, 4.8, 6.1, 5.5, 4.9, 5.7]      # 1–6 March 2025, before her change
AFTER = [3.1, 2.8, 3.6, 3.3, 2.9, 3.5]       # 7–12 March 2025, from the change on


def her_file() -> bytes:
    """As Spanish-locale Excel saves it: semicolons, decimal commas, day-first dates, cp1252."""
    rows = ["Fecha;Abandono (%)"]
    rows += [f"{day:02d}/03/2025;{str(v).replace('.', ',')}" for day, v in enumerate(BEFORE + AFTER, start=1)]
    return "\r\n".join(rows).encode("cp1252")


def her_workspace(change=dt.date(2025, 3, 7)):
    result = load(her_file(), "mis_datos.csv", SCHEMAS["abandonment"])
    assert result.ok and not result.warnings
    ws = own_data_workspace("Mis datos")
    ws.put("abandonment", result.data, "mis_datos.csv")
    if change is not None:
        ws.settings["abandonment.change_date"] = change
    return ws


# ---------------------------------------------------------------------------- her own data

def test_her_anova_by_hand_and_against_scipy():
    res = view.compute(her_workspace())
    assert res.status == "ok" and res.grouping == "model"
    # means: 32.2 / 6 = 5.3667 and 19.2 / 6 = 3.2; grand mean 51.4 / 12 = 4.2833
    # SS between = 6·(5.3667 − 4.2833)² + 6·(3.2 − 4.2833)² = 12 · 1.083333² = 14.083333
    # SS within  = (0.027778 + 0.321111 + 0.537778 + 0.017778 + 0.217778 + 0.111111)
    #            + (0.01 + 0.16 + 0.16 + 0.01 + 0.09 + 0.09) = 1.233333 + 0.52 = 1.753333
    ss_between, ss_within = 14.083333333, 1.753333333
    f_hand = (ss_between / 1) / (ss_within / 10)                       # 80.32
    anova = res.analysis.anova
    assert anova.loc["between", "ss"] == pytest.approx(ss_between, rel=1e-8)
    assert anova.loc["within", "ss"] == pytest.approx(ss_within, rel=1e-8)
    assert anova.loc["between", "f"] == pytest.approx(f_hand, rel=1e-8)
    assert anova.loc["between", "f"] == pytest.approx(sps.f_oneway(BEFORE, AFTER).statistic, rel=1e-10)
    assert anova.loc["between", "p"] == pytest.approx(sps.f_oneway(BEFORE, AFTER).pvalue, rel=1e-8)


def test_her_defaults_are_neutral_and_her_change_date_splits_the_days():
    res = view.compute(her_workspace())
    assert res.confidence == 95.0 and res.settings["abandonment.confidence"] == (95.0, ORIGIN_DEFAULT)
    assert res.settings["abandonment.change_date"] == (dt.date(2025, 3, 7), ORIGIN_USER)
    assert res.case_study is None and not res.is_sample
    ref = pairwise_tukeyhsd(np.r_[BEFORE, AFTER], ["current"] * 6 + ["proposed"] * 6, alpha=0.05)
    c = res.contrast
    assert (c.n_current, c.n_proposed) == (6, 6)
    assert c.drop == pytest.approx(32.2 / 6 - 3.2)                     # 2.1667 points
    assert (c.low, c.high) == pytest.approx((-ref.confint[0, 1], -ref.confint[0, 0]))
    assert c.significant and res.analysis.method == "tukey"
    assert [s.source for s in res.sources] == ["mis_datos.csv"]


def test_without_a_chosen_date_the_median_day_of_her_data_is_used():
    res = view.compute(her_workspace(change=None))
    # 12 days, 1–12 March 2025: the median falls on the 6th (12:00), inside her range
    assert res.date_range == (dt.date(2025, 3, 1), dt.date(2025, 3, 12))
    assert res.settings["abandonment.change_date"] == (dt.date(2025, 3, 6), ORIGIN_DATA)
    assert (res.contrast.n_current, res.contrast.n_proposed) == (5, 7)


def test_a_remembered_date_outside_her_data_falls_back_with_a_notice():
    res = view.compute(her_workspace(change=dt.date(2020, 1, 21)))     # e.g. from the sample or an old file
    assert res.status == "ok" and res.change_date == dt.date(2025, 3, 6)
    assert [n.key for n in res.notices] == ["abandonment.change_date_reset"]
    assert "2020-01-21" in view.notice_text(res.notices[0], EN)


@pytest.mark.parametrize("bad", [150, "NaN", {"a": 1}, float("nan"), True, [95]])
def test_bad_confidence_from_a_file_falls_back_to_95(bad):
    ws = her_workspace()
    ws.settings["abandonment.confidence"] = bad
    ws.settings["abandonment.grouping"] = {"x": 1}
    ws.settings["abandonment.account"] = 12
    res = view.compute(ws)
    assert res.status == "ok" and res.confidence == 95.0 and res.grouping == "model"
    assert res.account == view.ALL_ACCOUNTS


def test_her_result_ignores_other_views_sample_datasets():
    alone = view.compute(her_workspace())
    mixed_ws = her_workspace()
    for name, data in sample_workspace().datasets.items():
        if name != "abandonment":
            mixed_ws.put(name, data, "sample")
    mixed = view.compute(mixed_ws)
    assert view.conclusion(mixed, ES) == view.conclusion(alone, ES)
    pd.testing.assert_frame_equal(mixed.analysis.anova, alone.analysis.anova)


# ---------------------------------------------------------------------------- the sample case

def test_sample_uses_the_thesis_confidence_with_its_origin():
    res = view.compute(sample_workspace())
    assert res.confidence == 93.4 and res.settings["abandonment.confidence"] == (93.4, ORIGIN_SAMPLE)
    assert view.sample_settings() == {"abandonment.confidence": 93.4}
    ref = pairwise_tukeyhsd(sample_workspace().get("abandonment").abandon_pct.to_numpy(float),
                            sample_workspace().get("abandonment").model.to_numpy(str), alpha=0.066)
    assert res.contrast.drop == pytest.approx(-ref.meandiffs[0])       # 1.528
    assert res.case_study is not None and res.case_study.table28["drop"] == 1.44
    assert len(res.case_study.pairs) == 3                              # both accounts, account 1, account 2 at 93.4 %


# ---------------------------------------------------------------------------- page and report agree

def page_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang,phrase", [("es", "bajó **2,17 puntos**"), ("en", "fell by **2.17 points**")])
def test_page_and_report_show_her_same_conclusion(lang, phrase):
    ws = her_workspace()
    at = run_page("abandonment", lang, ws)
    assert not at.exception
    t = Translator(lang)
    sentences = view.conclusion(view.compute(ws, view.group_names(t)), t)
    shown = page_text(at)
    assert phrase in sentences[0] and all(s in shown for s in sentences)
    assert at.slider(key="abandonment.confidence").value == 95.0
    assert at.date_input(key="abandonment.change_date").value == dt.date(2025, 3, 7)
    assert not any("93" in c.value for c in at.caption)                # no thesis value anywhere
    assert not [e for e in at.expander if "semilla 003" in e.label or "seed 003" in e.label]
    section = report_section.section(ws, t)
    assert section.paragraphs[: len(sentences)] == sentences
    pairs = view.pairs_table(view.compute(ws, view.group_names(t)).analysis.pairs, t)
    shown_pairs = at.dataframe[0].value
    assert list(shown_pairs.iloc[0]) == list(pairs.iloc[0])
    pd.testing.assert_frame_equal(next(iter(section.tables.values())), view.describe_table(
        view.compute(ws, view.group_names(t)), t))


def test_page_and_report_agree_on_the_sample():
    ws = sample_workspace()
    at = run_page("abandonment", "es", ws)
    assert not at.exception
    section = report_section.section(sample_workspace(), ES)
    assert section.paragraphs[0] in page_text(at)
    assert "bajó **1,53 puntos**" in section.paragraphs[0] and "93,4 %" in section.paragraphs[0]
    captions = " ".join(c.value for c in at.caption)
    assert "valor del caso de ejemplo" in captions                      # the 93.4 % shows its origin
    assert at.button(key="reset.abandonment.confidence")
    assert [e for e in at.expander if e.label.startswith("Caso de estudio")]


def test_reset_on_the_sample_confidence_goes_to_the_neutral_95():
    at = run_page("abandonment", "en", sample_workspace())
    at.button(key="reset.abandonment.confidence").click().run()
    assert not at.exception
    assert at.slider(key="abandonment.confidence").value == 95.0
    assert "With 95.0 % confidence" in page_text(at)


@pytest.mark.parametrize("bad", [150, "NaN", {"a": 1}])
def test_page_survives_imported_bad_settings(bad):
    ws = her_workspace(change=dt.date(2019, 5, 1))
    ws.settings["abandonment.confidence"] = bad
    ws.settings["abandonment.grouping"] = "nonsense"
    at = run_page("abandonment", "es", ws)
    assert not at.exception
    assert at.slider(key="abandonment.confidence").value == 95.0
    assert at.date_input(key="abandonment.change_date").value == dt.date(2025, 3, 6)
    assert "fuera de sus datos" in " ".join(w.value for w in at.warning)


# ---------------------------------------------------------------------------- wrong numbers the tests must catch

def months_frame():
    """Three current months (one of them a single day) and a pilot, with equal spreads."""
    rows = []
    for month, values in ((1, [6.0, 6.4, 5.6, 6.2, 5.8]), (2, [4.0, 4.4, 3.6, 4.2, 3.8]), (3, [9.0])):
        rows += [("1", "current", month, d, v) for d, v in enumerate(values, start=1)]
    rows += [("1", "proposed", 1, d, v) for d, v in enumerate([3.0, 3.4, 2.6, 3.2, 2.8], start=1)]
    return pd.DataFrame(rows, columns=["account", "model", "month", "day", "abandon_pct"])


def test_monthly_contrasts_orientation_and_one_day_months_left_out():
    prep = ab.prepare(months_frame())
    months = ab.monthly_contrasts(prep, alpha=0.05)
    assert list(months["month"]) == [1, 2]                              # month 3 has one day: left out
    kept = months_frame().query("not (model == 'current' and month == 3)")
    labels = np.where(kept.model == "proposed", "~proposed", "m" + kept.month.astype(str))
    ref = pairwise_tukeyhsd(kept.abandon_pct.to_numpy(float), labels, alpha=0.05)
    # statsmodels' pairs in sorted order: (m1, m2), (m1, ~proposed), (m2, ~proposed); meandiff = pilot − month
    m1 = months.iloc[0]
    assert m1["drop"] == pytest.approx(6.0 - 3.0)                       # mean of month 1 − mean of the pilot
    assert (m1["low"], m1["high"]) == pytest.approx((-ref.confint[1, 1], -ref.confint[1, 0]))
    assert m1["low"] < m1["drop"] < m1["high"]
    m2 = months.iloc[1]
    assert (m2["low"], m2["high"]) == pytest.approx((-ref.confint[2, 1], -ref.confint[2, 0]))


def test_a_day_at_100_percent_is_a_valid_day():
    df = pd.DataFrame({"model": ["current", "current", "proposed", "proposed"],
                       "abandon_pct": [100.0, 0.0, 100.5, 2.0]})
    prep = ab.prepare(df)
    assert list(prep.daily["abandon_pct"]) == [100.0, 0.0, 2.0]
    assert list(prep.excluded["reason"]) == ["pct_out_of_range"]


def two_groups(a, b):
    ws = own_data_workspace()
    ws.put("abandonment", pd.DataFrame({"model": ["current"] * len(a) + ["proposed"] * len(b),
                                        "abandon_pct": list(a) + list(b)}), "mis_datos.csv")
    return view.compute(ws)


def test_levene_between_5_and_10_percent_keeps_tukey():
    a = [4.2, 4.7, 4.7, 6.2, 4.0, 5.3, 5.6, 5.2]
    b = [4.3, 1.9, 0.5, 3.8, 1.7, 2.6, 1.7, 4.2]
    p = sps.levene(a, b, center="median").pvalue
    assert 0.05 < p < 0.10                                              # 0.086
    res = two_groups(a, b)
    assert res.analysis.method == "tukey" and res.analysis.equal_variances
    assert not res.checks.set_index("test").loc["levene", "rejected"]


def test_shapiro_between_5_and_10_percent_is_not_counted():
    a = [5.6, 6.0, 4.8, 5.6, 4.5, 4.5, 4.6, 4.4]
    b = [4.1, 4.0, 4.4, 3.0, 3.3, 2.4, 1.7, 3.5]
    assert 0.05 < sps.shapiro(a).pvalue < 0.10 and sps.shapiro(b).pvalue > 0.10   # 0.061 and 0.73
    res = two_groups(a, b)
    assert res.shapiro_rejections == 0
    assert view.conclusion(res, EN)[1] == EN("abandonment.conclusion.normal_ok")


def test_rows_with_a_missing_key_are_left_out_of_the_groups():
    df = pd.DataFrame({"account": ["1", "1", None, "1", "1", "1", "1"],
                       "model": ["current", "current", "current", "proposed", "proposed", None, "proposed"],
                       "abandon_pct": [5.0, 6.0, 50.0, 2.0, 3.0, 40.0, 2.5]})
    ws = own_data_workspace()
    ws.put("abandonment", df, "mis_datos.csv")
    res = view.compute(ws)
    assert list(res.excluded["reason"]) == ["missing", "missing"]
    assert res.analysis.anova.loc["between", "f"] == pytest.approx(sps.f_oneway([5.0, 6.0], [2.0, 3.0, 2.5]).statistic)
