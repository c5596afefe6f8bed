"""core.sampling: sample sizes and margins of error against hand-worked values, the published
Krejcie & Morgan (1970) table, and core.journey's NPS margin."""
import math

import numpy as np
import pytest

from core import journey, sampling


def test_seed_000_gives_370_not_371():
    # n0 = 1.96^2 * 0.5 * 0.5 / 0.05^2 = 3.8416 * 0.25 / 0.0025 = 384.16
    # n  = 384.16 / (1 + 383.16 / 9686) = 384.16 / 1.0395581 = 369.54 -> 370
    chk = sampling.seed_000_check()
    assert chk.n0 == pytest.approx(384.16, abs=1e-9)
    assert chk.n_fpc == pytest.approx(369.5416, abs=1e-4)
    assert chk.n_formula == 370
    assert not chk.follows
    # 371 = rounding n0 up to 385 before the correction: 385 / (1 + 384 / 9686) = 370.32 -> 371
    assert chk.n_if_n0_rounded_first == pytest.approx(385 / (1 + 384 / 9686), abs=1e-9)
    assert chk.n_rounded_first == 371
    # the 371 answers give 1.96 * sqrt(0.25 / 371 * 9315 / 9685) = 0.049898
    assert chk.margin_reported == pytest.approx(1.96 * math.sqrt(0.25 / 371 * 9315 / 9685), abs=1e-12)
    assert chk.margin_reported == pytest.approx(0.0499, abs=5e-5)


@pytest.mark.parametrize("population, expected", [
    # Krejcie & Morgan (1970) table (95 %, e = 0.05, p = 0.5); rows where their rounding to the
    # nearest respondent and our rounding up agree
    (100, 80), (1000, 278), (5000, 357), (10000, 370), (100000, 383),
])
def test_krejcie_morgan_table(population, expected):
    assert sampling.sample_size_proportion(0.05, population=population, z=1.96).n == expected


def test_infinite_population_and_exact_z():
    # exact z = 1.959964: n0 = 384.146 -> 385
    size = sampling.sample_size_proportion(0.05)
    assert size.z == pytest.approx(1.959963985, abs=1e-9)
    assert size.n0 == pytest.approx(384.1459, abs=1e-4) and size.n == 385 and size.population is None
    # a whole number by hand stays whole: 2^2 * 0.2 * 0.8 / 0.05^2 = 256 exactly
    assert sampling.sample_size_proportion(0.05, p=0.2, z=2.0).n == 256
    # 90 % confidence, e = 0.03: z = 1.644854, n0 = 1.644854^2 * 0.25 / 0.0009 = 751.5 -> 752
    assert sampling.sample_size_proportion(0.03, 0.90).n == 752


def test_shortcut_formula_differs_by_at_most_one():
    s = sampling.sample_size_proportion(0.05, population=9686, z=1.96)
    # n0 / (1 + n0 / N) = 384.16 / 1.039661 = 369.50 -> 370
    assert s.n_shortcut == 370
    small = sampling.sample_size_proportion(0.05, population=50, z=1.96)
    # 384.16 / (1 + 383.16 / 50) = 44.33 -> 45 ; shortcut 384.16 / (1 + 7.6832) = 44.24 -> 45
    assert small.n == 45 and small.n_shortcut == 45
    assert sampling.sample_size_proportion(0.01, population=20, z=1.96).n <= 20


def test_mean_and_nps_sizes():
    # sd 1 scale point, e = 0.1 point: (1.96 * 1 / 0.1)^2 = 384.16 -> 385; N = 2000:
    # 384.16 / (1 + 383.16 / 2000) = 322.39 -> 323
    assert sampling.sample_size_mean(1.0, 0.1, z=1.96).n == 385
    assert sampling.sample_size_mean(1.0, 0.1, population=2000, z=1.96).n == 323
    # NPS worst case V = 1: 1.96^2 * 1 * 100^2 / 5^2 = 1536.64 -> 1537
    assert sampling.sample_size_nps(5.0, z=1.96).n == 1537
    # expected shares P = 0.6, D = 0.2: V = 0.8 - 0.16 = 0.64; n0 = 3.8416 * 0.64 * 10000 / 100 = 245.86 -> 246
    nps = sampling.sample_size_nps(10.0, promoters=0.6, detractors=0.2, z=1.96)
    assert nps.variance == pytest.approx(0.64) and nps.n == 246


def test_margins_invert_the_sizes():
    size = sampling.sample_size_proportion(0.05, population=9686, z=1.96)
    # n rounded up gives a margin no larger than asked, one respondent fewer a larger one
    assert sampling.margin_proportion(size.n, population=9686, z=1.96) <= 0.05
    assert sampling.margin_proportion(size.n - 1, population=9686, z=1.96) > 0.05
    # a census has no sampling error
    assert sampling.margin_proportion(9686, population=9686) == 0.0


def test_nps_margin_matches_journey_module():
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 11, 400)
    detail = journey.nps_detail(scores)
    m = sampling.margin_nps(detail.n, detail.promoters, detail.detractors)  # exact z, as journey.Z95
    assert m == pytest.approx(detail.moe, rel=1e-9)
    # by hand: P = 0.5, D = 0.3 -> V = 0.8 - 0.04 = 0.76; 100 * 1.96 * sqrt(0.76 / 371 * 9315 / 9685)
    assert sampling.margin_nps(371, 0.5, 0.3, population=9686, z=1.96) == pytest.approx(
        100 * 1.96 * math.sqrt(0.76 / 371 * 9315 / 9685), rel=1e-12)


def test_gap_margin_uses_t():
    # n = 25, sd 0.8: t_{0.975, 24} = 2.063899 -> 2.063899 * 0.8 / 5 = 0.330224
    assert sampling.margin_mean(25, 0.8) == pytest.approx(2.063899 * 0.8 / 5, abs=1e-6)
    assert sampling.margin_mean(25, 0.8, use_t=False) == pytest.approx(1.959964 * 0.16, abs=1e-6)


@pytest.mark.parametrize("call, field, reason", [
    (lambda: sampling.sample_size_proportion(0), "margin", "out_of_range"),
    (lambda: sampling.sample_size_proportion(0.05, confidence=1.2), "confidence", "out_of_range"),
    (lambda: sampling.sample_size_proportion(0.05, population=0), "population", "not_positive"),
    (lambda: sampling.sample_size_proportion(0.05, population=10.5), "population", "not_integer"),
    (lambda: sampling.sample_size_proportion(0.05, p=1.0), "p", "out_of_range"),
    (lambda: sampling.sample_size_mean(-1, 0.1), "sd", "not_positive"),
    (lambda: sampling.margin_proportion(500, population=400), "n", "sample_exceeds_population"),
    (lambda: sampling.margin_mean(1, 0.5), "n", "too_small"),
    (lambda: sampling.margin_nps(100, 0.7, 0.5), "detractors", "out_of_range"),
    (lambda: sampling.sample_size_proportion(float("nan")), "margin", "not_a_number"),
])
def test_bad_input_names_field_and_reason(call, field, reason):
    with pytest.raises(sampling.SamplingInputError) as err:
        call()
    assert (err.value.field, err.value.reason) == (field, reason)


# ---------------------------------------------------------------- wrong numbers the tests must catch (issue 20)

def test_margin_curve_is_the_worst_case_proportion_by_hand():
    curve = sampling.margin_curve(population=100)
    first = curve.iloc[0]
    # n = 10: 1.959964 * sqrt(0.25 / 10) = 1.959964 * 0.1581139 = 0.3098975
    assert first["n"] == 10
    assert first["margin"] == pytest.approx(0.3098975, abs=1e-6)
    # with N = 100 the correction sqrt((100 - 10) / 99) = 0.9534626 -> 0.2954755
    assert first["margin_fpc"] == pytest.approx(0.2954755, abs=1e-6)
    assert curve["n"].max() == 100 and curve.iloc[-1]["margin_fpc"] == 0.0      # a census
    # without a population both columns are the same
    plain = sampling.margin_curve()
    assert (plain["margin"] == plain["margin_fpc"]).all()


def test_observed_ins_margin_is_in_percentage_points():
    # 100 answers, 80 % top-2-box: 100 * 1.959964 * sqrt(0.8 * 0.2 / 100) = 7.839856 points;
    # N = 500: * sqrt(400 / 499) = 0.8953229 -> 7.019203 points
    table = sampling.observed_margins(ins={"n": 100, "share": 0.8}, population=500)
    row = table.set_index("indicator").loc["ins"]
    assert row["estimate"] == pytest.approx(80.0)
    assert row["margin"] == pytest.approx(7.839856, abs=1e-5)
    assert row["margin_fpc"] == pytest.approx(7.019203, abs=1e-5)


def test_observed_margins_nps_and_gaps_by_hand():
    import pandas as pd
    # NPS: 50 answers, P = 0.5, D = 0.2: V = 0.7 - 0.09 = 0.61; 100 * 1.959964 * sqrt(0.61 / 50) = 195.9964 * 0.1104536 = 21.64851 points
    # gap: n = 6, sd = sqrt(0.3): t(0.975, 5) * 0.5477226 / sqrt(6) = 2.570582 * 0.2236068 = 0.5748
    gaps = pd.DataFrame({"n": [6], "gap": [-1.5], "sd": [0.3 ** 0.5]}, index=["tangibles"])
    table = sampling.observed_margins(nps={"n": 50, "promoters": 0.5, "detractors": 0.2}, gaps=gaps).set_index("indicator")
    assert table.loc["nps", "estimate"] == pytest.approx(30.0)
    assert table.loc["nps", "margin"] == pytest.approx(21.64851, abs=1e-4)
    assert table.loc["tangibles", "margin"] == pytest.approx(0.574800, abs=1e-5)
    assert np.isnan(table.loc["tangibles", "margin_fpc"])


def test_gap_summary_uses_the_sample_standard_deviation():
    import pandas as pd
    # gaps -1, 0, -2: mean -1, squares of deviations 0 + 1 + 1 = 2 -> sd = sqrt(2 / 2) = 1 (ddof 1; ddof 0 gives 0.8165)
    out = sampling.gap_summary({"A": pd.DataFrame({"gap": [-1.0, 0.0, -2.0]}), "B": pd.DataFrame({"gap": [0.5]})})
    assert out.loc["A"].tolist() == pytest.approx([3, -1.0, 1.0])
    assert out.loc["B", "n"] == 1 and np.isnan(out.loc["B", "sd"])


def test_wilson_interval_and_proportion_variance_by_hand():
    # 0 of 10 at 95 %: z^2 = 3.841459; upper = (0 + 3.841459 / 20 + z * sqrt(3.841459 / 400)) / (1 + 0.3841459)
    #   = (0.1920729 + 0.1920729) / 1.3841459 = 0.2775328
    assert sampling.wilson_interval(0, 10) == pytest.approx((0.0, 0.2775328), abs=1e-7)
    # 8 of 10: centre (0.8 + 0.1920729) / 1.3841459 = 0.7167; half 1.959964 * sqrt(0.016 + 0.0096036) / 1.3841459 = 0.2266
    low, high = sampling.wilson_interval(8, 10)
    assert (low, high) == pytest.approx((0.4901625, 0.9433178), abs=1e-6)
    assert sampling.proportion_variance(0.5) == 0.25 and sampling.proportion_variance(0.2) == pytest.approx(0.16)
    assert sampling.nps_variance(0.5, 0.2) == pytest.approx(0.61)
