"""Tests that kill mutants of core/sampling.py that the module tests let survive (issue 20, docs/MUTATION.md).

Expected values are hand calculations written out here (Cochran 1977 eq. 4.2-4.3) with z and t
quantiles from scipy; field names and reasons are what the page translates.
"""
import math

import pandas as pd
import pytest
from scipy import stats

from core import sampling as s

Z95 = stats.norm.ppf(0.975)


def _error(call, *args, **kwargs):
    with pytest.raises(s.SamplingInputError) as e:
        call(*args, **kwargs)
    return e.value.field, e.value.reason, e.value.value


def test_fpc_of_the_smallest_populations():
    # (N - n) / (N - 1): N = 2, n = 1 -> 1; N = 1 -> 0 (the whole population asked)
    assert s.fpc(1, 2) == 1.0 and s.fpc(1, 1) == 0.0


def test_shares_of_zero_and_one_are_allowed_where_closed():
    assert s.proportion_variance(0.0) == 0.0
    assert s.nps_variance(0.5, 0.0) == pytest.approx(0.25)   # 0.5 + 0 - 0.5^2
    assert s.nps_variance(0.0, 1.0) == pytest.approx(0.0)    # 0 + 1 - 1
    assert s.nps_variance(0.0, 0.0) == 0.0


def test_bad_inputs_name_field_and_value():
    assert _error(s.sample_size_mean, -1, 1) == ("sd", "not_positive", -1)
    assert _error(s.margin_mean, 10, "abc")[0] == "sd"
    assert _error(s.margin_mean, 10, 1.0, confidence=1.5)[0] == "confidence"
    assert _error(s.nps_variance, 0.5, "x")[0] == "detractors"
    assert _error(s.proportion_variance, "x")[0] == "p"
    assert _error(s.observed_margins, confidence=2.0)[0] == "confidence"
    assert _error(s.wilson_interval, 1, -3)[0] == "n"
    assert _error(s.wilson_interval, "x", 10)[0] == "successes"


def test_gap_summary_columns_even_without_dimensions():
    assert list(s.gap_summary({}).columns) == ["n", "gap", "sd"]


def test_observed_margins_small_n_rows_by_hand():
    gaps = pd.DataFrame({"n": [2], "gap": [-0.5], "sd": [1.0]}, index=["fiabilidad"])
    out = s.observed_margins(nps={"n": 1, "promoters": 1.0, "detractors": 0.0}, gaps=gaps)
    assert out[["indicator", "kind", "n"]].values.tolist() == [["nps", "nps", 1], ["fiabilidad", "gap", 2]]
    # gap: t(0.975; 1) x 1 / sqrt(2) = 12.7062 / 1.41421 = 8.98
    assert out.loc[1, "margin"] == pytest.approx(stats.t.ppf(0.975, 1) / math.sqrt(2), rel=1e-12)
    assert out.loc[0, "estimate"] == 100.0


def test_sample_sizes_by_hand():
    # mean: sd 2, margin 1: n0 = z^2 x 4 / 1 = 15.37 -> 16
    size = s.sample_size_mean(2.0, 1.0)
    assert size.n0 == pytest.approx(Z95**2 * 4) and size.n == 16
    # NPS default margin 5 points, P = D = 0.5 (V = 1): n0 = z^2 / 0.05^2 = 1536.6 -> 1537
    nps = s.sample_size_nps()
    assert nps.n0 == pytest.approx(Z95**2 / 0.05**2) and nps.n == 1537
    assert s.sample_size_proportion(0.05).kind == "proportion"


def test_seed_check_uses_the_given_share():
    # p = 0.3: n0 = 1.96^2 x 0.21 / 0.05^2 = 322.69
    assert s.seed_000_check(p=0.3).n0 == pytest.approx(1.96**2 * 0.21 / 0.0025, rel=1e-12)


# --- sampled run of 30 Nov, fourth session (seed 22) ---------------------------------------------

def test_a_bad_z_is_named_z():
    assert _error(s.sample_size_proportion, 0.05, z=-1.96) == ("z", "not_positive", -1.96)
    assert _error(s.margin_proportion, 100, z="1,96")[0:2] == ("z", "not_a_number")


def test_margin_of_a_mean_with_a_population_by_hand():
    # n = 25 of N = 100, sd 1.2: t(0.975; 24) x 1.2 / 5 x sqrt(75 / 99)
    #   = 2.063899 x 0.24 x 0.870388 = 0.43113
    t24 = stats.t.ppf(0.975, 24)
    assert t24 == pytest.approx(2.063899, abs=1e-6)
    assert s.margin_mean(25, 1.2, population=100) == pytest.approx(t24 * 0.24 * math.sqrt(75 / 99), rel=1e-12)
    assert s.margin_mean(25, 1.2, population=100) == pytest.approx(0.43113, abs=1e-5)
    # normal quantile: 1.959964 x 0.24 x 0.870388 = 0.40942
    assert s.margin_mean(25, 1.2, population=100, use_t=False) == pytest.approx(
        Z95 * 0.24 * math.sqrt(75 / 99), rel=1e-12)
    assert s.margin_mean(25, 1.2, population=25) == 0.0   # a census: (N - n) / (N - 1) = 0


def test_observed_margins_with_a_population_every_column_by_hand():
    # N = 500 users. NPS: n 100, P 0.5, D 0.2 -> V = 0.7 - 0.3^2 = 0.61,
    #   margin 100 z sqrt(0.61 / 100) = 15.308 points, x sqrt(400 / 499) = 13.705
    # INS: n 120, share 0.75 -> V = 0.1875, margin 100 z sqrt(0.1875 / 120) = 7.747 points,
    #   x sqrt(380 / 499) = 6.761
    # gap: n 30, sd 0.8 -> t(0.975; 29) 0.8 / sqrt(30) = 0.29872, x sqrt(470 / 499) = 0.28991
    gaps = pd.DataFrame({"n": [30], "gap": [-0.4], "sd": [0.8]}, index=["empatia"])
    out = s.observed_margins(nps={"n": 100, "promoters": 0.5, "detractors": 0.2},
                             ins={"n": 120, "share": 0.75}, gaps=gaps, population=500)
    assert list(out.columns) == ["indicator", "kind", "estimate", "n", "margin", "margin_fpc"]
    assert out[["indicator", "kind", "n"]].values.tolist() == [
        ["nps", "nps", 100], ["ins", "ins", 120], ["empatia", "gap", 30]]
    assert out["estimate"].tolist() == pytest.approx([30.0, 75.0, -0.4], rel=1e-12)
    t29 = stats.t.ppf(0.975, 29)
    margin = [100 * Z95 * math.sqrt(0.61 / 100), 100 * Z95 * math.sqrt(0.1875 / 120), t29 * 0.8 / math.sqrt(30)]
    assert out["margin"].tolist() == pytest.approx(margin, rel=1e-12)
    assert out["margin"].tolist() == pytest.approx([15.308, 7.747, 0.29872], abs=1e-3)
    fpc = [math.sqrt(400 / 499), math.sqrt(380 / 499), math.sqrt(470 / 499)]
    assert out["margin_fpc"].tolist() == pytest.approx([m * f for m, f in zip(margin, fpc)], rel=1e-12)
    assert out["margin_fpc"].tolist() == pytest.approx([13.705, 6.761, 0.28991], abs=1e-3)


def test_observed_margins_keep_an_ins_of_one_answer():
    # one answer, share 1: V = 0 -> margin 0; share 0.5: 100 z sqrt(0.25 / 1) = 98.0 points
    out = s.observed_margins(ins={"n": 1, "share": 0.5})
    assert out[["indicator", "kind", "n"]].values.tolist() == [["ins", "ins", 1]]
    assert out.loc[0, "margin"] == pytest.approx(100 * Z95 * 0.5, rel=1e-12)
    assert math.isnan(out.loc[0, "margin_fpc"])


# --- sampled run of 30 Nov, fourth session (seed 23) ---------------------------------------------

def test_a_bad_sample_size_is_named_n_and_a_bad_margin_margin():
    assert _error(s.margin_proportion, 0)[0:2] == ("n", "not_positive")
    assert _error(s.margin_nps, 2.5)[0:2] == ("n", "not_integer")
    assert _error(s.sample_size_mean, 1.2, 0) == ("margin", "not_positive", 0)


def test_defaults_are_the_worst_case_shares_and_a_5_point_margin():
    # V = p (1 - p) at p = 0.5: 0.25; NPS with P = D = 0.5: V = 1 - 0 = 1, margin 100 z sqrt(1 / 100)
    assert s.proportion_variance() == 0.25
    assert s.margin_nps(100) == pytest.approx(10 * Z95, rel=1e-12)   # 19.60 points
    # 1.959964^2 x 0.25 / 0.05^2 = 384.15 -> 385 (the docstring's table value)
    r = s.sample_size_proportion()
    assert r.n0 == pytest.approx(Z95**2 * 0.25 / 0.0025, rel=1e-12) and r.n == 385


def test_observed_margins_skip_an_nps_without_a_count():
    # no "n": no answers, so no NPS row (not a KeyError); the INS row: 100 z sqrt(0.25 / 100) = 9.80
    out = s.observed_margins(nps={"promoters": 0.5, "detractors": 0.2}, ins={"n": 100, "share": 0.5})
    assert out["indicator"].tolist() == ["ins"]
    assert out["margin"].iloc[0] == pytest.approx(100 * Z95 * 0.05, rel=1e-12)


# seed 24
# --- fresh sample of 30 Nov, fifth session (seed 24) ---------------------------------------------

def test_bad_counts_and_numbers_carry_the_value_typed():
    # the page echoes the value back ("n = 0: must be positive"): 0 respondents, a population of 0,
    # a z typed with a decimal comma
    assert _error(s.margin_nps, 0) == ("n", "not_positive", 0)
    assert _error(s.sample_size_proportion, 0.05, population=0) == ("population", "not_positive", 0)
    assert _error(s.margin_proportion, 100, z="1,96") == ("z", "not_a_number", "1,96")


def test_bad_promoter_share_is_named_promoters():
    # 150 % typed as 1.5 promoters: out of range, on the promoters' field
    assert _error(s.nps_variance, 1.5, 0.0) == ("promoters", "out_of_range", 1.5)


def test_default_shares_and_confidence_are_the_textbook_worst_case():
    # NPS variance at P = D = 0.5: 0.5 + 0.5 - 0^2 = 1; z for 95 %: 1.959964 (normal table)
    assert s.nps_variance() == 1.0
    assert s.z_value() == pytest.approx(1.959964, abs=1e-6)


def test_sizes_keep_their_kind_and_population():
    # sd 1 point, margin 0.1 point, z 1.96, N = 2,000 patients:
    #   n0 = 1.96^2 / 0.01 = 384.16; n = 384.16 / (1 + 383.16 / 2000) = 322.39 -> 323
    mean = s.sample_size_mean(1.0, 0.1, z=1.96, population=2000)
    assert (mean.kind, mean.population, mean.n) == ("mean", 2000, 323)
    assert mean.n_fpc == pytest.approx(384.16 / (1 + 383.16 / 2000), rel=1e-12)
    # NPS +-10 points, P = D = 0.5 (V = 1): n0 = 1.96^2 x 10,000 / 100 = 384.16 -> 385
    nps = s.sample_size_nps(10, z=1.96)
    assert (nps.kind, nps.population, nps.n) == ("nps", None, 385)
    # seed 000: 9,686 users; the check echoes them
    assert s.sample_size_proportion(0.05, population=9686, z=1.96).population == 9686
    assert s.seed_000_check().population == 9686


def test_an_nps_margin_wider_than_the_scale_is_out_of_range():
    # the NPS runs from -100 to 100: a margin of 200 points is the widest possible; 200.5 is not
    assert _error(s.sample_size_nps, 200.5) == ("margin", "out_of_range", 200.5)
    # 200 points: n0 = 1.959964^2 x 10,000 / 40,000 = 0.96 -> 1 respondent
    assert s.sample_size_nps(200).n == 1


def test_observed_margins_skip_an_ins_without_a_count():
    # no "n" for the INS: no row (not a TypeError); NPS n 100, P 0.5, D 0.2: V = 0.61,
    # margin 100 z sqrt(0.61 / 100) = 15.31 points
    out = s.observed_margins(nps={"n": 100, "promoters": 0.5, "detractors": 0.2}, ins={"share": 0.8})
    assert out["indicator"].tolist() == ["nps"]
    assert out["margin"].iloc[0] == pytest.approx(100 * Z95 * math.sqrt(0.61 / 100), rel=1e-12)


# seed 25
# --- fresh sample of 30 Nov, fifth session (seed 25) ---------------------------------------------

def test_the_shortcut_without_a_population_is_n0_rounded_up():
    # no population: n0 / (1 + n0 / N) -> n0 as N -> infinity, so the shortcut is n0 itself:
    # 1.96^2 x 0.25 / 0.05^2 = 384.16 -> 385 (the caption "the shortcut gives 385")
    assert s.sample_size_proportion(0.05, z=1.96).n_shortcut == 385
    # mean: sd 1.2 points, margin 0.2: 1.96^2 x 1.44 / 0.04 = 138.30 -> 139
    assert s.sample_size_mean(1.2, 0.2, z=1.96).n_shortcut == 139


def test_margin_curve_grid_by_hand():
    # three points from 10 to 1,000 on a logarithmic grid: 10, 100, 1,000
    curve = s.margin_curve(n_max=1000, points=3)
    assert curve["n"].tolist() == [10, 100, 1000]
    # worst case p = 0.5: z sqrt(0.25 / n) = 0.30990, 0.09800, 0.03099
    assert curve["margin"].tolist() == pytest.approx([Z95 * math.sqrt(0.25 / n) for n in (10, 100, 1000)],
                                                     rel=1e-12)


def test_margin_curve_default_grid_has_120_points_up_to_2000():
    # 120 points from 10 to 2,000: ratio 200^(1/119) = 1.045530, so the point before 2,000 is
    # 2000 / 1.045530 = 1912.91 -> 1913 (121 points would give 2000 / 200^(1/120) = 1913.62 -> 1914)
    n = s.margin_curve()["n"].tolist()
    assert n[-2:] == [1913, 2000] and n[0] == 10


def test_a_dimension_where_every_respondent_gave_the_same_gap_has_margin_zero():
    # 12 patients all with P - E = -1 on tangibles: sd 0, so the gap is known exactly, margin 0
    # (not an error: sd 0 is a valid standard deviation)
    assert s.margin_mean(12, 0.0) == 0.0
    gaps = s.gap_summary({"tangibles": pd.DataFrame({"gap": [-1.0] * 12}),
                          "fiabilidad": pd.DataFrame({"gap": [-1.0, 0.0, -2.0]})})
    out = s.observed_margins(gaps=gaps, population=200)
    assert out["indicator"].tolist() == ["tangibles", "fiabilidad"]
    assert out["margin"].iloc[0] == 0.0 and out["margin_fpc"].iloc[0] == 0.0
    # fiabilidad: sd of (-1, 0, -2) = 1; t(0.975; 2) x 1 / sqrt(3) = 4.302653 / 1.732051 = 2.48414
    assert out["margin"].iloc[1] == pytest.approx(stats.t.ppf(0.975, 2) / math.sqrt(3), rel=1e-12)


def test_observed_margins_leave_out_a_dimension_with_one_answer_or_without_sd():
    # a gap summary typed from a pilot: "empatia" had one answer (its sd written as 0, the population
    # formula), "respuesta" a blank sd: neither can give a margin (t needs n - 1 >= 1; no sd), so both
    # are left out and the others still shown
    gaps = pd.DataFrame({"n": [1, 25, 20], "gap": [-0.5, -0.8, -0.3], "sd": [0.0, math.nan, 1.0]},
                        index=["empatia", "respuesta", "seguridad"])
    out = s.observed_margins(gaps=gaps)
    assert out["indicator"].tolist() == ["seguridad"]
    # t(0.975; 19) x 1.0 / sqrt(20) = 2.093024 / 4.472136 = 0.46802
    assert out["margin"].iloc[0] == pytest.approx(stats.t.ppf(0.975, 19) / math.sqrt(20), rel=1e-12)


def test_an_nps_margin_of_zero_points_is_named_margin():
    assert _error(s.sample_size_nps, 0) == ("margin", "not_positive", 0)


def test_seed_check_uses_the_given_margin_z_and_says_whether_it_follows():
    # margin 3 points: n0 = 1.96^2 x 0.25 / 0.03^2 = 1067.11; n = 1067.11 / (1 + 1066.11 / 9686) = 961.30
    chk = s.seed_000_check(margin=0.03)
    assert chk.n0 == pytest.approx(1.96**2 * 0.25 / 0.0009, rel=1e-12)
    assert chk.n_formula == 962
    # the defaults: z echoed as typed (1.96); the formula gives 370, the paper reported 371 -> does not follow
    chk = s.seed_000_check()
    assert chk.z == 1.96 and chk.n_formula == 370 and chk.follows is False
    assert s.seed_000_check(reported_n=370).follows is True


def test_wilson_interval_at_90_percent_by_hand():
    # 0 complaints in 10 calls at 90 %: z = 1.644854, upper = z^2 / (n + z^2) = 2.705543 / 12.705543
    low, high = s.wilson_interval(0, 10, 0.90)
    assert low == 0.0 and high == pytest.approx(0.212942, abs=1e-6)
    z = stats.norm.ppf(0.95)
    assert high == pytest.approx(z * z / (10 + z * z), rel=1e-12)


def test_input_error_message_spells_the_reason():
    # the message (logs, a page without a translation) spells the reason code with spaces
    e = s.SamplingInputError("n", "sample_exceeds_population", 500)
    assert str(e) == "n=500: sample exceeds population"


# full run
# --- full mutation run of 30 Nov, fifth session (all 847 mutants; 33 survivors) ------------------

def test_bad_counts_name_their_field_and_echo_the_value():
    # "2,5" respondents parsed as 2.5: not a whole number, echoed back as typed
    assert _error(s.margin_nps, 2.5) == ("n", "not_integer", 2.5)
    # a count typed as a word: the page names the field ("n", "population"), not None
    assert _error(s.margin_proportion, "diez") == ("n", "not_a_number", "diez")
    assert _error(s.sample_size_proportion, 0.05, population="nueve mil") == (
        "population", "not_a_number", "nueve mil")


def test_a_confidence_or_margin_of_100_percent_is_out_of_range():
    # 100 % confidence has no finite z (Phi^-1(1) = infinity); a margin of 100 points says nothing
    assert _error(s.z_value, 1.0) == ("confidence", "out_of_range", 1.0)
    assert _error(s.sample_size_proportion, 1.0) == ("margin", "out_of_range", 1.0)


def test_a_size_keeps_its_arithmetic_with_and_without_a_population():
    # no population: n_fpc = n0 (SampleSize docstring); 1.96^2 x 0.25 / 0.05^2 = 384.16
    r = s.sample_size_proportion(0.05, z=1.96)
    assert r.n_fpc == pytest.approx(384.16, rel=1e-12)
    assert (r.z, r.variance, r.margin) == (1.96, 0.25, 0.05)
    # N = 9,686 (seed 000): the formula's inputs are echoed for the page's worked formula
    r = s.sample_size_proportion(0.05, population=9686, z=1.96)
    assert (r.z, r.variance, r.margin, r.population) == (1.96, 0.25, 0.05, 9686)
    # mean, sd 1.2 points, margin 0.2, N = 400: V = 1.44
    r = s.sample_size_mean(1.2, 0.2, z=1.96, population=400)
    assert (r.variance, r.margin) == (pytest.approx(1.44, rel=1e-12), 0.2)


def test_an_nps_size_uses_the_given_z_and_population():
    # +-10 points, V = 1, z = 2.576 (99 % as in the tables): n0 = 2.576^2 x 10,000 / 100 = 663.58 -> 664
    r = s.sample_size_nps(10, z=2.576)
    assert r.n0 == pytest.approx(663.5776, rel=1e-12) and r.n == 664 and r.z == 2.576
    # z = 1.96, N = 1,000 patients: n0 = 384.16; n = 384.16 / (1 + 383.16 / 1000) = 277.76 -> 278
    r = s.sample_size_nps(10, z=1.96, population=1000)
    assert r.population == 1000 and r.n == 278
    assert r.n_fpc == pytest.approx(384.16 / 1.38316, rel=1e-12)


def test_margin_curve_of_a_team_of_ten():
    # N = 10 (a team of ten nurses): the grid still spans 10..11 so the chart has a line;
    # 3 points: geomspace(10, 11) = 10, 10.49, 11 -> 10, 10, 11 -> n = 10, 11
    curve = s.margin_curve(population=10, points=3)
    assert curve["n"].tolist() == [10, 11]
    # n = 10 is a census: (10 - 10) / 9 = 0; n = 11 > N is clipped to 0, never NaN
    assert curve["margin_fpc"].tolist() == [0.0, 0.0]
    # margin without the correction: z sqrt(0.25 / 10) = 0.30990, z sqrt(0.25 / 11) = 0.29548
    assert curve["margin"].tolist() == pytest.approx([Z95 * math.sqrt(0.025), Z95 * math.sqrt(0.25 / 11)],
                                                     rel=1e-12)


def test_margin_curve_sizes_are_whole_respondents():
    curve = s.margin_curve(n_max=1000, points=3)
    assert curve["n"].dtype.kind == "i"
    assert all(type(v) is int for v in curve["n"].tolist())


def test_gap_summary_of_two_respondents_has_an_sd():
    # two patients with gaps -1 and 0: mean -0.5, sd = sqrt(((-0.5)^2 + 0.5^2) / 1) = 0.70711
    out = s.gap_summary({"empatia": pd.DataFrame({"gap": [-1.0, 0.0]})})
    assert out.loc["empatia", "n"] == 2 and out.loc["empatia", "gap"] == -0.5
    assert out.loc["empatia", "sd"] == pytest.approx(math.sqrt(0.5), rel=1e-12)


def test_nps_shares_may_exceed_one_by_the_rounding_tolerance():
    # shares summing to 1 + 1e-12 (rounding of typed percentages) are accepted, not "out of range":
    # V = P + D - (P - D)^2 = 1 + 1e-12 - 1e-24 = 1.0 (to 1e-12)
    assert s.nps_variance(0.5, 0.5 + 1e-12) == pytest.approx(1.0, abs=1e-11)
    assert _error(s.nps_variance, 0.5, 0.5 + 1e-9)[0:2] == ("detractors", "out_of_range")


def test_observed_margins_without_indicators_keep_their_columns():
    # the page shows an empty table with its headers (it falls back to this on a bad input)
    out = s.observed_margins()
    assert out.empty
    assert list(out.columns) == ["indicator", "kind", "estimate", "n", "margin", "margin_fpc"]


def test_observed_margins_of_a_census_are_zero_with_the_correction():
    # all 200 users answered: (N - n) / (N - 1) = 0, so the corrected margin is 0, not NaN;
    # without the correction: 100 z sqrt(0.25 / 200) = 6.93 points
    out = s.observed_margins(ins={"n": 200, "share": 0.5}, population=200)
    assert out.loc[0, "margin_fpc"] == 0.0
    assert out.loc[0, "margin"] == pytest.approx(100 * Z95 * math.sqrt(0.25 / 200), rel=1e-12)


def test_seed_check_echoes_the_reported_n_and_its_margin_uses_the_share():
    chk = s.seed_000_check()
    assert chk.reported_n == 371
    # p = 0.3, n = 371 of 9,686, z 1.96: 0.21 / 371 = 5.66038e-4, x 9315 / 9685 = 5.44414e-4,
    #   sqrt = 0.0233327, x 1.96 = 0.045732 (p = 0.5 would give 0.049898)
    chk = s.seed_000_check(p=0.3)
    assert chk.margin_reported == pytest.approx(1.96 * math.sqrt(0.21 / 371 * 9315 / 9685), rel=1e-12)
    assert chk.margin_reported == pytest.approx(0.045732, abs=1e-6)


def test_wilson_interval_when_every_call_succeeds():
    # 10 of 10 calls resolved, 95 %: lower = n / (n + z^2) = 10 / 13.841459 = 0.72246, upper 1
    low, high = s.wilson_interval(10, 10)
    assert low == pytest.approx(10 / (10 + Z95**2), rel=1e-12) and high == pytest.approx(1.0, abs=1e-12)
