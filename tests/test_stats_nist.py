"""core.stats.anova_table against NIST StRD's one-way ANOVA datasets and their certified values.

NIST/ITL Statistical Reference Datasets (https://www.itl.nist.gov/div898/strd/anova/anova.html):
11 datasets of lower (SiRstv, SmLs01-03), average (AtmWtAg, SmLs04-06) and higher difficulty
(SmLs07-09: 13 constant leading digits, e.g. 1000000000000.4). The files are read from scipy's
test data (scipy/stats/tests/data/nist_anova, shipped with scipy); the tests are skipped with
that reason when scipy was installed without its tests.

Tolerances: the digits double precision allows for each difficulty. A response with L constant
leading digits is stored with a relative error of 2^-53, i.e. an absolute error of about
10^(L-16) on the part that varies; sums of squares of deviations of size 10^-1 .. 10^0 then keep
about 16 - L digits: 1e-12 relative for the lower (SiRstv, SmLs01-03: 1-3 leading digits),
1e-9 for the average (SmLs04-06: 7 digits; AtmWtAg: 107.868...), and 2.5e-4 for SmLs07-09
(13 digits: only 3-4 remain; scipy's own test_stats uses 1e-4 on F for these; measured here:
F within 7e-5, sums of squares within 1.3e-4). Before the data were centred,
SmLs07 gave F = 21.0399 for the certified 21 (issue 20).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy

from core import stats

NIST_DIR = Path(scipy.__file__).parent / "stats" / "tests" / "data" / "nist_anova"
LOWER = ("SiRstv", "SmLs01", "SmLs02", "SmLs03")
AVERAGE = ("AtmWtAg", "SmLs04", "SmLs05", "SmLs06")
HIGHER = ("SmLs07", "SmLs08", "SmLs09")
RTOL = {**{n: 1e-12 for n in LOWER}, **{n: 1e-9 for n in AVERAGE}, **{n: 2.5e-4 for n in HIGHER}}

needs_files = pytest.mark.skipif(not NIST_DIR.is_dir(), reason=f"NIST StRD files not shipped with this scipy ({NIST_DIR})")


def read_nist(name: str):
    """(DataFrame with columns group, y; certified dict) from a NIST StRD ANOVA .dat file."""
    lines = (NIST_DIR / f"{name}.dat").read_text().splitlines()
    cert = {}
    for line in lines:
        m = re.match(r"\s*(Between|Within) (?:Treatment|Instrument)\s+(\d+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?", line)
        if m:
            key = m.group(1).lower()
            cert[key] = dict(df=int(m.group(2)), ss=float(m.group(3)), ms=float(m.group(4)))
            if m.group(5):
                cert["f"] = float(m.group(5))
        m = re.search(r"Certified R-Squared\s+(\S+)", line)
        if m:
            cert["r2"] = float(m.group(1))
    first, last = map(int, re.search(r"Data\s+\(lines (\d+) to (\d+)\)", "\n".join(lines[:10])).groups())
    rows = [line.split() for line in lines[first - 1:last] if line.strip()]
    data = pd.DataFrame({"group": [int(r[0]) for r in rows], "y": [float(r[1]) for r in rows]})
    return data, cert


@needs_files
@pytest.mark.parametrize("name", LOWER + AVERAGE + HIGHER)
def test_anova_table_matches_nist_certified_values(name):
    data, cert = read_nist(name)
    tab = stats.anova_table(data, "y", "group")
    rtol = RTOL[name]
    assert tab.loc["between", "df"] == cert["between"]["df"]
    assert tab.loc["within", "df"] == cert["within"]["df"]
    assert tab.loc["between", "ss"] == pytest.approx(cert["between"]["ss"], rel=rtol)
    assert tab.loc["within", "ss"] == pytest.approx(cert["within"]["ss"], rel=rtol)
    assert tab.loc["between", "ms"] == pytest.approx(cert["between"]["ms"], rel=rtol)
    assert tab.loc["within", "ms"] == pytest.approx(cert["within"]["ms"], rel=rtol)
    assert tab.loc["between", "f"] == pytest.approx(cert["f"], rel=rtol)
    r2 = tab.loc["between", "ss"] / tab.loc["total", "ss"]
    assert r2 == pytest.approx(cert["r2"], rel=rtol)


@needs_files
def test_smls07_f_is_21_not_21_04():
    data, _ = read_nist("SmLs07")
    f = stats.anova_table(data, "y", "group").loc["between", "f"]
    assert abs(f - 21.0) < 0.01  # before: 21.0399


def test_centring_with_13_constant_leading_digits_without_scipy_files():
    # Built like SmLs07 (so the check runs without scipy's test files): 9 groups of 21 values
    # 1e12 + centre + (0, -0.1, +0.1, ...), centres 0.4 (group 1), 0.5 (even groups), 0.3 (odd).
    # Hand values: grand mean 1e12 + 0.4; SS_between = 21 * 8 * 0.01 = 1.68,
    # SS_within = 9 * 20 * 0.01 = 1.8, F = (1.68 / 8) / (1.8 / 180) = 21. Uncentred sums gave 21.04.
    # Values are read from their decimal text (one rounding each), as from a file.
    rows = []
    for g in range(1, 10):
        c = 4 if g == 1 else (5 if g % 2 == 0 else 3)  # tenths
        rows += [(g, float(f"1000000000000.{c}"))] + [(g, float(f"1000000000000.{c + d}")) for d in (-1, 1) * 10]
    tab = stats.anova_table(pd.DataFrame(rows, columns=["group", "y"]), "y", "group")
    assert (tab.loc["between", "df"], tab.loc["within", "df"]) == (8, 180)
    assert tab.loc["between", "ss"] == pytest.approx(1.68, rel=2.5e-4)
    assert tab.loc["within", "ss"] == pytest.approx(1.8, rel=2.5e-4)
    assert tab.loc["between", "f"] == pytest.approx(21.0, rel=2.5e-4)


def test_pair_tables_share_one_loop_and_keep_orientation():
    # meandiff = mean(group2) - mean(group1) in both tables; hand values: means 1, 3, 6
    data = pd.DataFrame({"g": list("aaabbbccc"), "y": [0, 1, 2, 2, 3, 4, 5, 6, 7]})
    tk = stats.tukey_kramer(data, "y", "g")
    gh = stats.games_howell(data, "y", "g")
    for tab in (tk, gh):
        assert list(zip(tab.group1, tab.group2)) == [("a", "b"), ("a", "c"), ("b", "c")]
        assert list(tab.meandiff) == pytest.approx([2.0, 5.0, 3.0], rel=1e-14)
    # Tukey se = sqrt(MS_w / 2 * (1/3 + 1/3)), MS_w = (2 + 2 + 2) / 6 = 1 -> se = sqrt(1/3);
    # Games-Howell se = sqrt((1/3 + 1/3) / 2) = sqrt(1/3) too (equal variances 1, n = 3)
    half_tk = tk.upper - tk.meandiff
    half_gh = gh.upper - gh.meandiff
    from scipy.stats import studentized_range
    assert half_tk.iloc[0] == pytest.approx(studentized_range.ppf(0.95, 3, 6) * np.sqrt(1 / 3), rel=1e-6)
    assert half_gh.iloc[0] == pytest.approx(studentized_range.ppf(0.95, 3, 4) * np.sqrt(1 / 3), rel=1e-6)
