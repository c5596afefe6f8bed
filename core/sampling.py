"""Survey planning: how many respondents a survey needs, and what margin of error a survey of n gives.

Units: sizes are counts of respondents; a proportion ``p`` and a margin ``margin`` for a
proportion are FRACTIONS (0.05 = 5 percentage points); NPS margins are in NPS points (-100..100
scale); a mean's margin is in the units of the answer scale (e.g. Likert points). ``confidence``
is a fraction (0.95). ``population`` N is the number of people the survey speaks for (None =
infinite, no finite-population correction).

Formulas (Cochran, *Sampling Techniques*, 3rd ed., 1977, sec. 4.4 and 4.6; Krejcie & Morgan 1970,
"Determining sample size for research activities", Educ. Psychol. Meas. 30: 607-610):

* z = Phi^-1(1 - (1 - confidence) / 2), the two-sided normal quantile (1.959964 for 95 %; the
  textbooks' rounded 1.96 can be passed as ``z=1.96``).
* Infinite population: n0 = z^2 V / e^2, with V the variance of one answer:
  proportion V = p (1 - p) (worst case p = 0.5), mean V = sigma^2,
  NPS V = P + D - (P - D)^2 (P, D the promoter and detractor shares; worst case P = D = 0.5, V = 1;
  with e in points, n0 = z^2 V 100^2 / e^2).
* Finite population (sampling without replacement): the margin is
  e = z sqrt(V / n * (N - n) / (N - 1)); solved for n this gives
  n = n0 / (1 + (n0 - 1) / N) = N z^2 V / ((N - 1) e^2 + z^2 V), rounded UP.
  (The common shortcut n0 / (1 + n0 / N) differs by less than one respondent.)
* Margin of a survey already run: e = z sqrt(V / n) * sqrt((N - n) / (N - 1)); for a mean (and a
  SERVQUAL gap, the mean of respondents' P - E) the Student t quantile with n - 1 degrees of
  freedom replaces z, as in core.servqual's intervals.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from core import stats as stats_core
from core.checks import real_or_reason

__all__ = [
    "SamplingInputError",
    "SampleSize",
    "z_value",
    "fpc",
    "sample_size_proportion",
    "sample_size_mean",
    "sample_size_nps",
    "margin_proportion",
    "margin_mean",
    "margin_nps",
    "nps_variance",
    "proportion_variance",
    "wilson_interval",
    "SeedCheck",
    "seed_000_check",
    "margin_curve",
    "observed_margins",
    "gap_summary",
]


class SamplingInputError(ValueError):
    """An input no sample-size formula can use. ``field`` names the argument, ``reason`` is a
    short code ("not_a_number", "not_positive", "out_of_range", "not_integer",
    "sample_exceeds_population", "too_small") a page can translate."""

    def __init__(self, field: str, reason: str, value):
        self.field = field
        self.reason = reason
        self.value = value
        super().__init__(f"{field}={value!r}: {reason.replace('_', ' ')}")


def _real(name: str, x) -> float:
    value, reason = real_or_reason(x)
    if reason:
        raise SamplingInputError(name, reason, x)
    return value


def _positive(name: str, x) -> float:
    x = _real(name, x)
    if x <= 0:
        raise SamplingInputError(name, "not_positive", x)
    return x


def _fraction(name: str, x, *, closed: bool = False) -> float:
    x = _real(name, x)
    if not (0.0 < x < 1.0 or (closed and 0.0 <= x <= 1.0)):
        raise SamplingInputError(name, "out_of_range", x)
    return x


def _count(name: str, x, minimum: int = 1) -> int:
    x = _real(name, x)
    if x != math.floor(x):
        raise SamplingInputError(name, "not_integer", x)
    if x < minimum:
        raise SamplingInputError(name, "too_small" if minimum > 1 else "not_positive", x)
    return int(x)


def _population(population) -> int | None:
    return None if population is None else _count("population", population, 1)


def z_value(confidence: float = 0.95) -> float:
    """Two-sided standard-normal quantile for ``confidence`` (0.95 -> 1.959964)."""
    c = _fraction("confidence", confidence)
    return float(stats.norm.ppf(1.0 - (1.0 - c) / 2.0))


def _z(confidence, z) -> float:
    return z_value(confidence) if z is None else _positive("z", z)


def fpc(n, population: int | None):
    """Finite-population correction of a variance, (N - n) / (N - 1); 1 when N is None.

    It multiplies the variance (its square root multiplies the margin). 0 when n = N (a census).
    ``n`` may be a NumPy array (one correction per size, never below 0).
    """
    if population is None:
        return 1.0
    if population == 1:
        return 0.0 * n
    if isinstance(n, np.ndarray):
        return np.clip((population - n) / (population - 1), 0.0, None)
    return (population - n) / (population - 1)


def proportion_variance(p: float = 0.5) -> float:
    """Variance of one yes/no answer (a top-2-box satisfaction answer, say) with share ``p``:
    V = p (1 - p) (core.stats.proportion_variance). Largest (0.25) at p = 0.5, the worst case of
    every sample-size table."""
    return float(stats_core.proportion_variance(_fraction("p", p, closed=True)))


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson (1927) score interval of a proportion, as fractions (core.stats.wilson_interval),
    after checking 0 <= successes <= n.

    >>> [round(x, 4) for x in wilson_interval(0, 10)]
    [0.0, 0.2775]
    """
    nn = _positive("n", n)
    k = _real("successes", successes)
    if not 0 <= k <= nn:
        raise SamplingInputError("successes", "out_of_range", k)
    z_value(confidence)  # validates the confidence
    low, high = stats_core.wilson_interval(k, nn, confidence)
    return float(low), float(high)


def _ceil(x: float) -> int:
    # 1e-9 tolerance: a size that is a whole number by hand (e.g. 400.0) may come out as
    # 400.00000000000006 in floating point, which must not round up to 401.
    return int(math.ceil(x - 1e-9))


@dataclass(frozen=True)
class SampleSize:
    """A required sample size, with the arithmetic that produced it (for showing the formula).

    n: respondents to survey (whole number, rounded up); n0: the infinite-population size
    z^2 V / e^2 before rounding; n_fpc: n0 after the finite-population correction, before
    rounding (= n0 without a population); z; variance V of one answer; margin e (in the
    units of the estimate: fraction, NPS points or scale points); population N or None;
    n_shortcut: ceil(n0 / (1 + n0 / N)), the common shortcut, for comparison;
    kind: "proportion", "mean" or "nps".
    """

    n: int
    n0: float
    n_fpc: float
    z: float
    variance: float
    margin: float
    population: int | None
    n_shortcut: int
    kind: str


def _size(kind: str, variance: float, margin: float, z: float, population: int | None, scale: float = 1.0) -> SampleSize:
    n0 = z * z * variance * scale * scale / (margin * margin)
    if population is None:
        return SampleSize(_ceil(n0), n0, n0, z, variance, margin, None, _ceil(n0), kind)
    n_fpc = n0 / (1.0 + (n0 - 1.0) / population)
    n = min(population, _ceil(n_fpc))
    return SampleSize(n, n0, n_fpc, z, variance, margin, population,
                      min(population, _ceil(n0 / (1.0 + n0 / population))), kind)


def sample_size_proportion(margin: float = 0.05, confidence: float = 0.95, p: float = 0.5,
                           population: int | None = None, z: float | None = None) -> SampleSize:
    """Respondents needed to estimate a proportion (e.g. a top-2-box satisfaction index) to
    within +/- ``margin`` (a fraction) at ``confidence``.

    n0 = z^2 p (1 - p) / e^2; with a population N, n = n0 / (1 + (n0 - 1) / N), rounded up.
    p = 0.5 (default) is the worst case. Source: Cochran (1977) eq. 4.2 and 4.3.

    >>> sample_size_proportion(0.05, population=9686, z=1.96).n   # seed 000: 9,686 users
    370
    """
    e = _fraction("margin", margin)
    v = proportion_variance(p)
    if v == 0:
        raise SamplingInputError("p", "out_of_range", p)
    return _size("proportion", v, e, _z(confidence, z), _population(population))


def sample_size_mean(sd: float, margin: float, confidence: float = 0.95, population: int | None = None,
                     z: float | None = None) -> SampleSize:
    """Respondents needed to estimate a mean (e.g. a SERVQUAL gap, in scale points) to within
    +/- ``margin`` (same units as ``sd``, the standard deviation of one answer, from a pilot or
    a previous survey). n0 = (z sd / e)^2, then the same correction. Source: Cochran (1977) sec. 4.6.

    >>> sample_size_mean(1.0, 0.1, z=1.96).n
    385
    """
    s = _positive("sd", sd)
    e = _positive("margin", margin)
    return _size("mean", s * s, e, _z(confidence, z), _population(population))


def nps_variance(promoters: float = 0.5, detractors: float = 0.5) -> float:
    """Variance of one NPS answer scored +1 (promoter), 0 (passive), -1 (detractor):
    V = P + D - (P - D)^2 with the shares as fractions. Largest (1) at P = D = 0.5."""
    p = _fraction("promoters", promoters, closed=True)
    d = _fraction("detractors", detractors, closed=True)
    if p + d > 1.0 + 1e-12:
        raise SamplingInputError("detractors", "out_of_range", d)
    return float(stats_core.nps_variance(p, d))


def sample_size_nps(margin_points: float = 5.0, confidence: float = 0.95, promoters: float = 0.5,
                    detractors: float = 0.5, population: int | None = None, z: float | None = None) -> SampleSize:
    """Respondents needed for an NPS within +/- ``margin_points`` NPS points.

    n0 = z^2 V 100^2 / e^2 with V = P + D - (P - D)^2 (expected shares; worst case
    P = D = 0.5 gives V = 1). Same finite-population correction.

    >>> sample_size_nps(10, z=1.96).n    # 1.96^2 * 10,000 / 100 = 384.16
    385
    """
    e = _positive("margin", margin_points)
    if e > 200:
        raise SamplingInputError("margin", "out_of_range", e)
    v = nps_variance(promoters, detractors)
    if v == 0:
        raise SamplingInputError("promoters", "out_of_range", promoters)
    return _size("nps", v, e, _z(confidence, z), _population(population), scale=100.0)


def _check_n(n, population):
    nn = _count("n", n, 1)
    pop = _population(population)
    if pop is not None and nn > pop:
        raise SamplingInputError("n", "sample_exceeds_population", nn)
    return nn, pop


def margin_proportion(n: int, p: float = 0.5, confidence: float = 0.95, population: int | None = None,
                      z: float | None = None) -> float:
    """Margin of error (a fraction) of a proportion p estimated from n answers:
    e = z sqrt(p (1 - p) / n) sqrt((N - n) / (N - 1)) (Wald interval with the correction).

    >>> round(margin_proportion(371, population=9686, z=1.96), 4)   # seed 000's survey
    0.0499
    """
    nn, pop = _check_n(n, population)
    return _z(confidence, z) * math.sqrt(proportion_variance(p) / nn * fpc(nn, pop))


def margin_nps(n: int, promoters: float = 0.5, detractors: float = 0.5, confidence: float = 0.95,
               population: int | None = None, z: float | None = None) -> float:
    """Margin of error of an NPS, in NPS points: 100 z sqrt(V / n) sqrt((N - n) / (N - 1)),
    V = P + D - (P - D)^2. Without a population it is core.journey.nps_detail's margin."""
    nn, pop = _check_n(n, population)
    return 100.0 * _z(confidence, z) * math.sqrt(nps_variance(promoters, detractors) / nn * fpc(nn, pop))


def margin_mean(n: int, sd: float, confidence: float = 0.95, population: int | None = None,
                use_t: bool = True) -> float:
    """Margin of error of a mean (e.g. a SERVQUAL dimension gap P - E), in the units of ``sd``:
    q sd / sqrt(n) sqrt((N - n) / (N - 1)), q the Student t quantile with n - 1 degrees of
    freedom (``use_t``; needs n >= 2) or the normal one. ``sd`` is the standard deviation of the
    respondents' values (for a gap: of each respondent's dimension gap, not of P and E apart)."""
    nn, pop = _check_n(n, population)
    s = _real("sd", sd)
    if s < 0:
        raise SamplingInputError("sd", "not_positive", s)
    c = _fraction("confidence", confidence)
    if use_t:
        if nn < 2:
            raise SamplingInputError("n", "too_small", nn)
        q = float(stats.t.ppf(1.0 - (1.0 - c) / 2.0, nn - 1))
    else:
        q = z_value(c)
    return q * s / math.sqrt(nn) * math.sqrt(fpc(nn, pop))


@dataclass(frozen=True)
class SeedCheck:
    """Does seed 000's sample of 371 of 9,686 users follow from the standard formula?

    With z = 1.96, p = 0.5, e = 0.05: n0 = 384.16 and n = n0 / (1 + (n0 - 1) / N) = 369.54,
    so 370. 371 is what one gets by rounding n0 up to 385 first and then correcting
    (385 / (1 + 384 / 9686) = 370.32 -> 371): one respondent more, harmless. ``margin_371``:
    the margin the 371 answers actually give (4.99 points with the correction).
    """

    population: int
    reported_n: int
    z: float
    n0: float
    n_fpc: float
    n_formula: int
    n_if_n0_rounded_first: float
    n_rounded_first: int
    margin_reported: float
    follows: bool


def seed_000_check(population: int = 9686, reported_n: int = 371, margin: float = 0.05, z: float = 1.96,
                   p: float = 0.5) -> SeedCheck:
    """Seed 000's sample size against the standard formula (see SeedCheck)."""
    size = sample_size_proportion(margin, p=p, population=population, z=z)
    n0_up = _ceil(size.n0)
    rounded_first = n0_up / (1.0 + (n0_up - 1.0) / population)
    return SeedCheck(population, reported_n, z, size.n0, size.n_fpc, size.n, rounded_first, _ceil(rounded_first),
                     margin_proportion(reported_n, p, population=population, z=z), size.n == reported_n)


def margin_curve(population: int | None = None, confidence: float = 0.95, n_max: int = 2000,
                 points: int = 120) -> pd.DataFrame:
    """Worst-case margin of a proportion (p = 0.5, as a fraction) against the sample size, with
    and without the finite-population correction: columns n, margin, margin_fpc (= margin
    without a population). n runs from 10 to min(n_max, N) on a logarithmic grid."""
    pop = _population(population)
    top = n_max if pop is None else min(n_max, pop)
    top = max(top, 11)
    n = np.unique(np.round(np.geomspace(10, top, points)).astype(int))
    z = z_value(confidence)
    base = z * np.sqrt(proportion_variance(0.5) / n)
    corr = base * np.sqrt(fpc(n, pop))
    return pd.DataFrame({"n": n, "margin": base, "margin_fpc": corr})


def observed_margins(nps: dict | None = None, ins: dict | None = None, gaps: pd.DataFrame | None = None,
                     confidence: float = 0.95, population: int | None = None) -> pd.DataFrame:
    """Margins of error of the indicators of a survey already run, each with its own n.

    nps: {"n", "promoters", "detractors"} (shares as fractions) -> NPS in points;
    ins: {"n", "share"} (top-2-box share as a fraction) -> margin in percentage points;
    gaps: DataFrame indexed by dimension with columns n, gap (mean P - E) and sd (standard
    deviation of the respondents' dimension gaps) -> margin in scale points (Student t).
    Returns one row per indicator: indicator ("nps", "ins" or the dimension), kind ("nps",
    "ins", "gap"), estimate (points, percent or scale points), n, margin, margin_fpc (NaN
    without a population or when n exceeds it). Indicators without answers are left out.
    """
    c = _fraction("confidence", confidence)
    pop = _population(population)
    rows = []

    def both(fn, n):
        plain = fn(None)
        corrected = fn(pop) if pop is not None and n <= pop else math.nan
        return plain, corrected

    if nps and nps.get("n", 0) >= 1:
        n = int(nps["n"])
        p, d = float(nps["promoters"]), float(nps["detractors"])
        m, mf = both(lambda N: margin_nps(n, p, d, c, N), n)
        rows.append({"indicator": "nps", "kind": "nps", "estimate": 100.0 * (p - d), "n": n, "margin": m,
                     "margin_fpc": mf})
    if ins and ins.get("n", 0) >= 1:
        n = int(ins["n"])
        share = float(ins["share"])
        m, mf = both(lambda N: margin_proportion(n, share, c, N), n)
        rows.append({"indicator": "ins", "kind": "ins", "estimate": 100.0 * share, "n": n, "margin": 100.0 * m,
                     "margin_fpc": 100.0 * mf})
    if gaps is not None:
        for dim, g in gaps.iterrows():
            n = int(g["n"])
            if n < 2 or not np.isfinite(g["sd"]):
                continue
            m, mf = both(lambda N: margin_mean(n, float(g["sd"]), c, N), n)
            rows.append({"indicator": str(dim), "kind": "gap", "estimate": float(g["gap"]), "n": n, "margin": m,
                         "margin_fpc": mf})
    return pd.DataFrame(rows, columns=["indicator", "kind", "estimate", "n", "margin", "margin_fpc"])


def gap_summary(scores: dict) -> pd.DataFrame:
    """n, mean gap and sd of the respondents' gaps per dimension, from
    core.servqual.respondent_scores output ({dimension: DataFrame with a ``gap`` column})."""
    rows = {dim: {"n": int(frame["gap"].notna().sum()), "gap": float(frame["gap"].mean()),
                  "sd": float(frame["gap"].std(ddof=1)) if frame["gap"].notna().sum() > 1 else math.nan}
            for dim, frame in scores.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["n", "gap", "sd"])
