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
