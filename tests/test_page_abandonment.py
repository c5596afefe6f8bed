"""Page test of the abandonment view: widgets move, numbers shown match core and statsmodels."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multicomp import pairwise_tukeyhsd
from streamlit.testing.v1 import AppTest

from core.sample import sample_workspace
from core.workspace import Workspace

PAGE = str(Path(__file__).resolve().parents[1] / "app_pages" / "abandonment.py")


def run_page(lang="en", data=None, source="upload.csv", **state):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["lang"] = lang
    if data is not None:
        ws = Workspace(name="test")
        if isinstance(data, pd.DataFrame):
            ws.put("abandonment", data, source)
        at.session_state["workspace"] = ws
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def texts(at):
    return " ".join(m.value for m in at.markdown)


def table(at, first_header):
    """The first dataframe whose first column header is ``first_header``, in the open tab or, since
    tabs are built when opened (issue 16), in the first other tab or section that shows it (opened here)."""
    labels = [tab.label for tab in at.tabs]
    for label in [None, *labels, "case study"]:
        if label == "case study":              # the published study's section, opened
            at.session_state["abandonment.open_case"] = True
            at.run()
        elif label is not None:
            at.session_state["abandonment.tab"] = label
            at.run()
        for frame in at.dataframe:
            if frame.value.columns[0] == first_header:
                return frame.value
    raise AssertionError(f"no table starting with {first_header!r}")


def sample_pairs(alpha, account=None):
    d = sample_workspace().get("abandonment")
    if account is not None:
        d = d[d.account == account]
    return pairwise_tukeyhsd(d.abandon_pct.to_numpy(float), d.model.to_numpy(str), alpha=alpha)


def test_sample_default_is_the_thesis_confidence_and_both_accounts():
    at = run_page("en")
    assert not at.exception
    assert at.slider[0].value == pytest.approx(93.4)
    ref = sample_pairs(0.066)
    lo, hi = -ref.confint[0, 1], -ref.confint[0, 0]   # current − proposed: 0.542 to 2.514
    body = texts(at)
    assert f"fell by **{-ref.meandiffs[0]:.2f} points**" in body          # 1.53
    assert f"between **{lo:.2f} and {hi:.2f} points**" in body            # 0.54 and 2.51
    assert "Tukey–Kramer" in body and "(184 and 58 days)" in body
    assert "significantly lower than month 2 and not than month 1, month 3" in body
    pairs = table(at, "A")
    row = pairs.iloc[0]
    assert (row["A"], row["B"]) == ("current", "proposed")
    assert row["Difference B − A (points)"] == f"{ref.meandiffs[0]:.3f}"  # -1.528
    assert (row["Lower"], row["Upper"]) == (f"{ref.confint[0, 0]:.3f}", f"{ref.confint[0, 1]:.3f}")
    assert row["Differs"] == "yes"
    anova = table(at, "Source")
    assert anova.iloc[0]["F"] == "8.191" and anova.iloc[1]["df"] == "240"
    thesis = table(at, "Days used")
    assert list(thesis.iloc[0][["Drop current − proposed (points)", "Lower", "Upper"]]) == ["1.440", "0.150", "2.730"]
    assert "Tukey p = 0.0655" in texts(at)     # the case study's text, shown once its section is open


def test_95_button_and_slider_change_the_interval():
    at = run_page("en")
    at.button(key="abandonment.btn_95").click().run()
    assert not at.exception
    assert at.slider[0].value == pytest.approx(95.0)
    ref = sample_pairs(0.05)
    assert f"between **{-ref.confint[0, 1]:.2f} and {-ref.confint[0, 0]:.2f} points**" in texts(at)  # 0.48–2.58
    assert table(at, "A").iloc[0]["Lower"] == f"{ref.confint[0, 0]:.3f}"                            # -2.580
    at.slider[0].set_value(90.0).run()
    ref = sample_pairs(0.10)
    assert table(at, "A").iloc[0]["Upper"] == f"{ref.confint[0, 1]:.3f}"
    at.button(key="abandonment.btn_thesis").click().run()  # back to the thesis' 93.4 %
    assert at.slider[0].value == pytest.approx(93.4)


def test_account_2_at_90_percent_is_closest_to_table28():
    at = run_page("en")
    at.selectbox[1].set_value("2").run()
    at.slider[0].set_value(90.0).run()
    assert not at.exception
    ref = sample_pairs(0.10, account="2")
    body = texts(at)
    assert "fell by **1.45 points**" in body
    assert f"between **{-ref.confint[0, 1]:.2f} and {-ref.confint[0, 0]:.2f} points**" in body  # 0.16 and 2.74
    assert "(92 and 29 days)" in body


def test_grouping_by_model_and_month_shows_letters_and_games_howell():
    at = run_page("en")
    at.selectbox[0].set_value("period").run()
    assert not at.exception
    assert at.selectbox[1].disabled is False
    pairs = table(at, "A")
    assert len(pairs) == 6
    # Levene rejects equal variances across the four periods -> Games–Howell
    from core import abandonment as ab, stats
    prep = ab.prepare(sample_workspace().get("abandonment"))
    frame = ab.analysis_frame(prep, "period")
    gh = stats.games_howell(frame.data, "abandon_pct", "group", alpha=1 - 0.934)
    assert list(pairs["Adjusted p"]) == [f"{p:.4f}" if p >= 1e-4 else "< 0.0001" for p in gh.p_adj]
    body = texts(at)
    assert "Games–Howell" in body and "The one-way ANOVA rejects that the 4 groups" in body
    assert "current · month 2: a" in body and "proposed · month 1: b" in body
    groups = table(at, "Group")
    assert list(groups["Days (n)"]) == ["62", "62", "60", "58"]


def test_grouping_by_account_disables_account_filter():
    at = run_page("en")
    at.selectbox[0].set_value("account").run()
    assert not at.exception
    assert at.selectbox[1].disabled
    row = table(at, "A").iloc[0]
    assert (row["A"], row["B"], row["Differs"]) == ("account 1", "account 2", "no")
    assert "does not reject that the 2 groups" in texts(at)


def test_spanish_run_formats_numbers_with_decimal_comma():
    at = run_page("es")
    assert not at.exception
    body = texts(at)
    assert "bajó **1,53 puntos**" in body and "entre **0,54 y 2,51 puntos**" in body
    assert "93,4 %" in body
    row = table(at, "A").iloc[0]
    assert (row["A"], row["B"], row["Diferencia B − A (puntos)"]) == ("actual", "propuesto", "-1,528")
    at.selectbox[0].set_value("model_account").run()
    assert not at.exception
    assert "actual · cuenta 1" in list(table(at, "A")["A"])


def test_bad_rows_are_reported_and_the_rest_analysed():
    rng = np.random.default_rng(3)
    good = pd.DataFrame({"account": "1", "model": ["current"] * 20 + ["proposed"] * 10,
                         "month": 1, "day": list(range(1, 21)) + list(range(1, 11)),
                         "abandon_pct": np.r_[rng.uniform(3, 6, 20), rng.uniform(1, 3, 10)].round(1)})
    bad = pd.DataFrame({"account": ["1", "1", "1", "1"], "model": ["current", "proposed", None, "other"],
                        "month": [1, 1, 1, 1], "day": [21, 11, 12, 1], "abandon_pct": [150.0, -3.0, 2.0, 4.0]})
    at = run_page("en", data=pd.concat([good, bad], ignore_index=True))
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "3 of 34 rows were left out" in warnings and "the remaining 31 valid days" in warnings
    assert "fewer than 2 days" in warnings and "other (n = 1)" in warnings
    left_out = table(at, "Row")
    assert list(left_out["Reason"]) == ["abandonment % outside 0–100", "abandonment % outside 0–100",
                                        "a required value is missing or is not a number"]
    ref = pairwise_tukeyhsd(good.abandon_pct, good.model, alpha=0.066)
    assert table(at, "A").iloc[0]["Difference B − A (points)"] == f"{ref.meandiffs[0]:.3f}"


def test_counts_give_pooled_proportions_and_two_proportion_test():
    data = pd.DataFrame({"account": "1", "model": ["current"] * 3 + ["proposed"] * 3, "month": 1,
                         "day": [1, 2, 3, 1, 2, 3],
                         "offered": [1000, 100, 500, 400, 400, 200], "abandoned": [60, 2, 20, 8, 12, 2]})
    at = run_page("en", data=data)
    assert not at.exception
    pooled = table(at, "Group")  # the descriptive table comes first
    pooled = [f.value for f in at.dataframe if "Pooled %" in f.value.columns][0]
    # current: 82 of 1600 calls = 5.125 %; proposed: 22 of 1000 = 2.20 %
    assert list(pooled["Pooled %"]) == ["5.13", "2.20"] or list(pooled["Pooled %"]) == ["5.12", "2.20"]
    assert list(pooled["Offered calls"]) == ["1,600", "1,000"]
    from statsmodels.stats.proportion import proportions_ztest
    _, p = proportions_ztest([82, 22], [1600, 1000])
    assert f"two-proportion test p = {p:.4f}" in texts(at)
    assert "busy days weigh more" in texts(at)


def test_counts_with_abandoned_over_offered_are_left_out():
    data = pd.DataFrame({"model": ["current"] * 3 + ["proposed"] * 3,
                         "offered": [100, 100, 100, 100, 100, 0], "abandoned": [5, 120, 4, 2, 3, 0]})
    at = run_page("en", data=data)
    assert not at.exception
    assert "2 of 6 rows were left out" in " ".join(w.value for w in at.warning)
    reasons = list(table(at, "Row")["Reason"])
    assert reasons == ["more abandoned than offered calls", "no offered calls that day (percentage undefined)"]


def test_single_group_and_missing_model_and_no_data_messages():
    one = pd.DataFrame({"model": ["current"] * 5, "abandon_pct": [1.0, 2, 3, 4, 5]})
    at = run_page("en", data=one)
    assert not at.exception
    assert "Only one group with at least 2 days is left (current)" in at.warning[0].value
    no_model = pd.DataFrame({"account": [1, 1], "abandon_pct": [1.0, 2.0]})
    at = run_page("es", data=no_model)
    assert not at.exception
    assert "no indican qué días son antes" in at.error[0].value
    at = run_page("en", data="none")
    assert not at.exception
    assert "No daily abandonment data loaded" in at.info[0].value


def test_dates_without_model_use_the_chosen_change_date():
    dates = pd.date_range("2020-01-01", periods=40, freq="D")
    # 5 % before, 2 % after, plus symmetric noise so the drop is exactly 3.00 points
    noise = np.random.default_rng(5).uniform(0, 1, 10)
    pct = np.r_[5 + np.r_[noise, -noise], 2 + np.r_[noise, -noise]]
    at = run_page("en", data=pd.DataFrame({"date": dates, "abandon_pct": pct}))
    assert not at.exception
    at.date_input[0].set_value(pd.Timestamp("2020-01-21").date()).run()
    assert not at.exception
    assert "fell by **3.00 points**" in texts(at) and "(20 and 20 days)" in texts(at)
