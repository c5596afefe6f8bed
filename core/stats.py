"""One-way comparison of group means: ANOVA, Tukey–Kramer, Games–Howell and their checks.

Used by the abandonment view (seed 003, Tables 24–28: daily abandonment % before and after a
process change), but nothing here knows about call centres: every function takes a tidy
DataFrame, the name of the numeric column (``value``) and of the grouping column (``group``).

Conventions (the same as statsmodels' ``pairwise_tukeyhsd``):
- groups are compared in sorted order of their labels; for each pair (group1, group2)
  ``meandiff = mean(group2) - mean(group1)``, in the units of ``value``;
- ``alpha`` is the family-wise error rate; the intervals have confidence ``1 - alpha``
  simultaneously over all pairs;
- rows with a missing value or group are ignored (callers that must report what they drop do
  the filtering themselves, see ``core.abandonment``).

References
- Tukey, J. W. (1953). The problem of multiple comparisons. Kramer, C. Y. (1956). Extension of
  multiple range tests to group means with unequal numbers of replications. Biometrics 12, 307–310.
- Games, P. A. & Howell, J. F. (1976). Pairwise multiple comparison procedures with unequal N's
  and/or variances. Journal of Educational Statistics 1, 113–125.
- Welch, B. L. (1951). On the comparison of several mean values. Biometrika 38, 330–336.
- Levene, H. (1960); Brown, M. B. & Forsythe, A. B. (1974) (median-centred Levene).
- Kruskal, W. H. & Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis.
- Olejnik, S. & Algina, J. (2003) for eta² and omega²; Tomczak & Tomczak (2014) for epsilon².
- Piepho, H.-P. (2004). An algorithm for a letter-based representation of all-pairwise
  comparisons. J. Comput. Graph. Stat. 13, 456–466 (compact letter display).
- Agresti, A. (2013). Categorical Data Analysis, 3rd ed., sec. 3.1 (two proportions).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import special
from scipy import stats as sps

PAIR_COLUMNS = ["group1", "group2", "meandiff", "lower", "upper", "p_adj", "reject"]

#: significance level used for the assumption checks (Levene, Shapiro–Wilk), whatever the
#: confidence chosen for the comparison: the conventional 5 %.
ASSUMPTION_ALPHA = 0.05


def _check_alpha(alpha: float) -> float:
    alpha = float(alpha)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be between 0 and 1 (exclusive), got {alpha}")
    return alpha


def _groups(df: pd.DataFrame, value: str, group: str) -> dict:
    """{label: float array} in sorted label order, ignoring rows with a missing value or group."""
    if value not in df.columns or group not in df.columns:
        missing = [c for c in (value, group) if c not in df.columns]
        raise KeyError(f"column(s) not in data: {missing}")
    data = df[[group, value]].dropna()
    vals = pd.to_numeric(data[value], errors="raise").to_numpy(dtype=float)
    labels = data[group].to_numpy()
    order = np.unique(labels)  # sorted, as statsmodels does
    return {lab: vals[labels == lab] for lab in order}


def _require(groups: dict, min_groups: int, min_n: int) -> None:
    if len(groups) < min_groups:
        raise ValueError(f"need at least {min_groups} groups, got {len(groups)}")
    small = [str(k) for k, v in groups.items() if len(v) < min_n]
    if small:
        raise ValueError(f"groups with fewer than {min_n} observations: {small}")


# --------------------------------------------------------------------------- studentized range
# The distribution of Q = (max − min of k standard normals) / s, s² an independent χ²_df / df
# (Tukey's and Games–Howell's reference distribution). scipy's studentized_range integrates it
# adaptively (nquad): ~30 ms per cdf and ~0.3 s per ppf, several per rerun of the abandonment page.
# Here the same double integral is taken with fixed Gauss–Legendre rules, vectorised in numpy
# (~0.6 ms per cdf, ~5 ms per ppf). tests/test_stats_srange.py checks it against scipy (|Δcdf| <
# 2e-10, ppf to 1e-9 relative) and against the studentized range tables of textbooks.

_SR_TAIL = 37.0               # parts of the integrand below e^-37 (~1e-16) of its peak are left out
SR_ASYMPTOTIC_DF = 100000.0   # from this df on, s = 1 (scipy's rule, Lund & Lund 1983)


def _gauss_legendre(a: float, b: float, panels: int, nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of a composite Gauss–Legendre rule on [a, b] (``panels`` equal parts)."""
    x, w = np.polynomial.legendre.leggauss(nodes)
    edges = np.linspace(a, b, panels + 1)
    half, mid = np.diff(edges) / 2, (edges[:-1] + edges[1:]) / 2
    return (mid[:, None] + half[:, None] * x).ravel(), (half[:, None] * w).ravel()


_Z, _WZ = _gauss_legendre(-8.5, 8.5, 8, 16)        # z beyond ±8.5 weighs < φ(8.5) ≈ 1e-16
_PHI_WZ = _WZ * np.exp(-_Z**2 / 2) / np.sqrt(2 * np.pi)
_NDTR_Z = special.ndtr(_Z)


def _int_power(x: np.ndarray, n: int) -> np.ndarray:
    """x**n for an integer n ≥ 1 by repeated squaring (numpy's float power is ~40 times slower)."""
    out = None
    while n:
        if n & 1:
            out = x if out is None else out * x
        n >>= 1
        if n:
            x = x * x
    return out


def _range_cdf(w, k: int) -> np.ndarray:
    """P(range of k standard normals ≤ w) = k ∫ φ(z) [Φ(z) − Φ(z − w)]^(k−1) dz, w an array."""
    w = np.asarray(w, dtype=float)[..., None]
    inner = _int_power(np.clip(_NDTR_Z - special.ndtr(_Z - w), 0.0, None), int(k) - 1)
    return k * (inner @ _PHI_WZ)


def _solve_left(df: float, slope: float, const: float) -> float:
    """The u < 0 where df·(u − e^{2u}/2 + 1/2) + slope·u + const = 0 (increasing and concave in u:
    Newton's steps from the left of the root approach it without passing it)."""
    u = -(const + df) / (df + slope) - 1.0
    for _ in range(200):
        e = np.exp(2 * u)
        step = (df * (u - e / 2 + 0.5) + slope * u + const) / (df * (1 - e) + slope)
        u -= step
        if abs(step) < 1e-13:
            break
    return float(u)


def _solve_right(df: float) -> float:
    """The u > 0 where df·(u − e^{2u}/2 + 1/2) = −_SR_TAIL (the density's upper tail)."""
    c = -_SR_TAIL / df
    u = max(0.5 * np.log(1 + 2 * (0.5 - c)), 0.05)
    for _ in range(200):
        e = np.exp(2 * u)
        step = (u - e / 2 + 0.5 - c) / (1 - e)
        u -= step
        if abs(step) < 1e-13:
            break
    return float(u)


@lru_cache(maxsize=256)
def _s_nodes(k: int, dof: float, q_max: float) -> tuple[np.ndarray, np.ndarray]:
    """Nodes s_i and weights f_i with Σ f_i g(s_i) ≈ E[g(s)], s = sqrt(χ²_dof / dof), for the
    g(s) = P(range ≤ q·s) of q ≤ q_max.

    In u = ln s the density is ∝ exp(dof·(u − e^{2u}/2)), peaked at u = 0 with spread 1/sqrt(2·dof);
    the rule covers it down to e^-37 of its peak on the right, and on the left down to where
    k (q s / sqrt(2π))^(k−1) ≥ P(range ≤ q s) makes the integrand negligible. The weights are scaled
    to the exact probability of that range, P(s > e^lo) = Q(dof/2, dof·e^{2 lo}/2), so the density
    left out below (where the range's cdf is ~0) is not counted.
    """
    hi = _solve_right(dof)
    log_bound = np.log(k) + (k - 1) * (np.log(q_max) - 0.5 * np.log(2 * np.pi))
    lo = max(_solve_left(dof, 0.0, _SR_TAIL), _solve_left(dof, k - 1.0, log_bound + _SR_TAIL))
    width = min(1.0, 4.0 / np.sqrt(2 * dof))
    u, wu = _gauss_legendre(lo, hi, max(4, int(np.ceil((hi - lo) / width))), 16)
    f = wu * np.exp(dof * (u - np.exp(2 * u) / 2 + 0.5))
    mass = special.gammaincc(dof / 2, dof * np.exp(2 * lo) / 2)
    return np.exp(u), f * (mass / f.sum())


def studentized_range_cdf(q: float, k: int, dof: float) -> float:
    """P(Q(k, dof) ≤ q) = ∫ P(range of k normals ≤ q·s) dF(s): scipy.stats.studentized_range.cdf
    to ~1e-10 (absolute), in ~0.6 ms. ``dof`` ≥ 100,000 is taken as infinite, as scipy does."""
    if not q > 0:
        return 0.0
    if dof >= SR_ASYMPTOTIC_DF:
        return float(min(_range_cdf(q, k), 1.0))
    q_max = 64.0 * 2.0 ** max(0, int(np.ceil(np.log2(q / 64.0))))   # a few node sets serve every q
    s, f = _s_nodes(int(k), float(dof), q_max)
    return float(min(max(_range_cdf(q * s, k) @ f, 0.0), 1.0))


def studentized_range_sf(q: float, k: int, dof: float) -> float:
    """P(Q(k, dof) > q) = 1 − cdf (absolute accuracy ~1e-10, as scipy's, which computes it so too)."""
    return 1.0 - studentized_range_cdf(q, k, dof)


def studentized_range_ppf(p: float, k: int, dof: float) -> float:
    """The q with P(Q(k, dof) ≤ q) = p, 0 < p < 1, by Brent's method between two bounds:
    the k = 2 quantile sqrt(2)·t_{(1+p)/2, dof} (a range of k ≥ 2 normals is larger) and the
    Bonferroni one sqrt(2)·t_{1−(1−p)/(k(k−1)), dof} (P(Q > q) ≤ C(k,2)·P(Q_2 > q))."""
    from scipy.optimize import brentq

    pairs = k * (k - 1) / 2
    lo = float(np.sqrt(2.0) * sps.t.ppf((1 + p) / 2, dof))
    hi = float(np.sqrt(2.0) * sps.t.isf((1 - p) / (2 * pairs), dof))
    lo, hi = 0.999 * lo, 1.001 * max(hi, lo)          # strictly around the root, k = 2 included
    return float(brentq(lambda q: studentized_range_cdf(q, k, dof) - p, lo, hi, xtol=1e-13, rtol=1e-14))


@lru_cache(maxsize=4096)
def _q_crit(alpha: float, k: int, dof: float) -> float:
    """Upper alpha point of the studentized range Q(k, dof).

    For k = 2 the range of two normals over s is sqrt(2)·|t|, so q = sqrt(2)·t_{1−alpha/2, dof}
    exactly; otherwise ``studentized_range_ppf`` (~5 ms cold; cached, since the page asks for the
    same values on every rerun and a pairwise table for every pair).
    """
    if k == 2:
        return float(np.sqrt(2.0) * sps.t.ppf(1 - alpha / 2, dof))
    return studentized_range_ppf(1 - alpha, k, dof)


@lru_cache(maxsize=4096)
def _q_sf(q: float, k: int, dof: float) -> float:
    """P(Q(k, dof) > q); for k = 2 the exact two-sided t tail 2·P(T > q/sqrt(2)). Kept: it does not
    depend on the confidence, so a confidence move finds every pair's p-value here."""
    if k == 2:
        return float(2 * sps.t.sf(q / np.sqrt(2.0), dof))
    return studentized_range_sf(q, k, dof)


def _centred(groups: dict) -> dict:
    """The groups shifted by the overall mean (differences and sums of squares unchanged)."""
    offset = np.concatenate(list(groups.values())).mean()
    return {lab: x - offset for lab, x in groups.items()}


def _ss_within(groups: dict) -> float:
    """Σ_i Σ_j (y_ij − ȳ_i)², the pooled within-group sum of squares."""
    return float(sum(((x - x.mean()) ** 2).sum() for x in groups.values()))


# --------------------------------------------------------------------------- descriptives


def proportion_variance(p):
    """Variance of one yes/no answer with share ``p`` (a fraction): V = p (1 - p). Numbers or arrays."""
    return p * (1.0 - p)


def nps_variance(promoters, detractors):
    """Variance of one answer coded +1 (promoter), 0 (passive), -1 (detractor), from the shares
    (fractions): V = p + d - (p - d)^2, clipped at 0 against rounding. The one definition used for
    every NPS margin, sample size and test.

    >>> round(nps_variance(0.5, 0.3), 2)
    0.76
    """
    return np.maximum(promoters + detractors - (promoters - detractors) ** 2, 0.0) * 1.0


def wilson_interval(successes, n, confidence: float = 0.95):
    """Wilson (1927) score interval of a proportion x / n, as fractions:
    (p + z²/2n ∓ z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n), z the (1 + confidence)/2 normal quantile.
    Unlike the Wald interval it stays inside [0, 1] and is not empty at p = 0 or 1. Numbers or
    arrays (element by element); the one implementation used by sampling and abandonment.
    """
    x = np.asarray(successes, dtype=float)
    nn = np.asarray(n, dtype=float)
    p = x / nn
    z = sps.norm.ppf(0.5 + confidence / 2)
    centre = (p + z**2 / (2 * nn)) / (1 + z**2 / nn)
    half = z * np.sqrt(proportion_variance(p) / nn + z**2 / (4 * nn**2)) / (1 + z**2 / nn)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def describe_groups(df: pd.DataFrame, value: str, group: str, alpha: float = 0.05) -> pd.DataFrame:
    """Per group: n, mean, sd, se, median, min, max and the (1 - alpha) t-interval of the mean.

    Units are those of ``value``. sd uses n - 1; se = sd / sqrt(n); interval = mean ± t·se with
    n - 1 degrees of freedom (NaN when n < 2). Index: group label, sorted.
    """
    return _describe(_groups(df, value, group), _check_alpha(alpha))


def _describe(groups: dict, alpha: float) -> pd.DataFrame:
    rows = []
    for lab, x in groups.items():
        n = len(x)
        sd = float(np.std(x, ddof=1)) if n > 1 else np.nan
        se = sd / np.sqrt(n) if n > 1 else np.nan
        half = sps.t.ppf(1 - alpha / 2, n - 1) * se if n > 1 else np.nan
        rows.append(dict(group=lab, n=n, mean=float(np.mean(x)), sd=sd, se=se,
                         median=float(np.median(x)), min=float(np.min(x)), max=float(np.max(x)),
                         mean_low=float(np.mean(x)) - half, mean_high=float(np.mean(x)) + half))
    return pd.DataFrame(rows).set_index("group")


# --------------------------------------------------------------------------- ANOVA family


def anova_table(df: pd.DataFrame, value: str, group: str) -> pd.DataFrame:
    """Classical one-way ANOVA table (equal variances assumed).

    Rows "between", "within", "total"; columns ss, df, ms, f, p.
    SS_between = Σ n_i (ȳ_i − ȳ)², SS_within = Σ Σ (y_ij − ȳ_i)², df = k − 1 and N − k,
    F = MS_between / MS_within, p = P(F_{k−1, N−k} > F). Same as scipy.stats.f_oneway.
    The data are centred on their overall mean first, so that the group means of values
    with many constant leading digits (1000000000000.4, NIST StRD SmLs07) keep their
    differences: the table matches NIST's certified values to the digits double precision
    allows (tests/test_stats_nist.py).
    """
    return _anova(_groups(df, value, group))


def _anova(groups: dict) -> pd.DataFrame:
    groups = _centred(groups)
    _require(groups, 2, 1)
    n_tot, k = sum(len(x) for x in groups.values()), len(groups)
    if n_tot - k < 1:
        raise ValueError("need more observations than groups")
    grand = np.concatenate(list(groups.values())).mean()
    ss_b = float(sum(len(x) * (x.mean() - grand) ** 2 for x in groups.values()))
    ss_w = _ss_within(groups)
    df_b, df_w = k - 1, n_tot - k
    ms_b, ms_w = ss_b / df_b, ss_w / df_w
    # no spread inside the groups: means that differ are infinitely significant (F = inf, p = 0);
    # every value the same is 0/0, no test at all (F = p = NaN), as scipy.stats.f_oneway says
    f = ms_b / ms_w if ms_w > 0 else np.inf if ss_b > 0 else np.nan
    p = float(sps.f.sf(f, df_b, df_w)) if np.isfinite(f) else 0.0 if f == np.inf else np.nan
    return pd.DataFrame(
        {"ss": [ss_b, ss_w, ss_b + ss_w], "df": [df_b, df_w, n_tot - 1],
         "ms": [ms_b, ms_w, np.nan], "f": [f, np.nan, np.nan], "p": [p, np.nan, np.nan]},
        index=pd.Index(["between", "within", "total"], name="source"),
    )


@dataclass(frozen=True)
class EffectSizes:
    """Share of the variance of ``value`` explained by the groups (dimensionless, 0–1).

    eta² = SS_between / SS_total (biased upwards in small samples);
    omega² = (SS_between − (k − 1)·MS_within) / (SS_total + MS_within), less biased, can be < 0
    (reported as computed); epsilon² (Kruskal–Wallis) = H / (N − 1), rank-based.
    """

    eta_sq: float
    omega_sq: float


def effect_sizes(anova: pd.DataFrame) -> EffectSizes:
    """eta² and omega² from an ``anova_table`` result (Olejnik & Algina 2003)."""
    ss_b, ss_t = anova.loc["between", "ss"], anova.loc["total", "ss"]
    ms_w, df_b = anova.loc["within", "ms"], anova.loc["between", "df"]
    eta = ss_b / ss_t if ss_t > 0 else np.nan
    omega = (ss_b - df_b * ms_w) / (ss_t + ms_w) if ss_t + ms_w > 0 else np.nan
    return EffectSizes(float(eta), float(omega))


@dataclass(frozen=True)
class TestResult:
    """A test statistic with its degrees of freedom and p-value (df2 NaN for one-df tests)."""

    statistic: float
    df1: float
    df2: float
    p: float


def welch_anova(df: pd.DataFrame, value: str, group: str) -> TestResult:
    """Welch's one-way ANOVA (unequal variances), Welch (1951).

    w_i = n_i / s_i², ȳ_w = Σ w_i ȳ_i / Σ w_i, A = Σ w_i (ȳ_i − ȳ_w)² / (k − 1),
    Λ = Σ (1 − w_i/Σw)² / (n_i − 1), B = 1 + 2(k − 2)Λ / (k² − 1),
    F = A / B with df1 = k − 1, df2 = (k² − 1) / (3Λ). Same as pingouin.welch_anova.
    A group with zero variance makes the statistic undefined (NaN).
    """
    return _welch(_groups(df, value, group))


def _welch(groups: dict) -> TestResult:
    _require(groups, 2, 2)
    k = len(groups)
    n = np.array([len(x) for x in groups.values()], dtype=float)
    m = np.array([x.mean() for x in groups.values()])
    v = np.array([x.var(ddof=1) for x in groups.values()])
    if np.any(v <= 0):
        return TestResult(np.nan, k - 1, np.nan, np.nan)
    w = n / v
    mw = (w * m).sum() / w.sum()
    a = (w * (m - mw) ** 2).sum() / (k - 1)
    lam = (((1 - w / w.sum()) ** 2) / (n - 1)).sum()
    b = 1 + 2 * (k - 2) * lam / (k**2 - 1)
    f = a / b
    df2 = (k**2 - 1) / (3 * lam)
    return TestResult(float(f), float(k - 1), float(df2), float(sps.f.sf(f, k - 1, df2)))


def levene(df: pd.DataFrame, value: str, group: str, center: str = "median") -> TestResult:
    """Levene's test of equal variances; ``center="median"`` is the Brown–Forsythe variant.

    One-way ANOVA on |y_ij − centre_i|. The median centre is robust to skewed data such as
    daily percentages bounded at 0 (scipy's and pingouin's default). df1 = k − 1, df2 = N − k.
    """
    return _levene(_groups(df, value, group), center)


def _levene(groups: dict, center: str = "median") -> TestResult:
    _require(groups, 2, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        w, p = sps.levene(*groups.values(), center=center)
    n_tot = sum(len(x) for x in groups.values())
    return TestResult(float(w), float(len(groups) - 1), float(n_tot - len(groups)), float(p))


def shapiro_by_group(df: pd.DataFrame, value: str, group: str) -> pd.DataFrame:
    """Shapiro–Wilk normality test per group: columns n, w, p (NaN when n < 3 or no spread).

    With large groups the test rejects trivial departures; with ~30 days per group the ANOVA's
    F and Tukey intervals are fairly robust to non-normality (central limit theorem).
    """
    return _shapiro(_groups(df, value, group))


def _shapiro(groups: dict) -> pd.DataFrame:
    rows = []
    for lab, x in groups.items():
        if len(x) >= 3 and np.ptp(x) > 0:
            w, p = sps.shapiro(x)
        else:
            w, p = np.nan, np.nan
        rows.append(dict(group=lab, n=len(x), w=float(w), p=float(p)))
    return pd.DataFrame(rows).set_index("group")


def kruskal(df: pd.DataFrame, value: str, group: str) -> TestResult:
    """Kruskal–Wallis H test (rank-based, ties corrected), df1 = k − 1; ``scipy.stats.kruskal``.

    The non-parametric alternative to the one-way ANOVA: it asks whether one group tends to
    give larger values than another, without assuming normal data. NaN when all values tie.
    """
    return _kruskal(_groups(df, value, group))


def _kruskal(groups: dict) -> TestResult:
    _require(groups, 2, 1)
    allv = np.concatenate(list(groups.values()))
    if np.ptp(allv) == 0:
        return TestResult(np.nan, float(len(groups) - 1), np.nan, np.nan)
    h, p = sps.kruskal(*groups.values())
    return TestResult(float(h), float(len(groups) - 1), np.nan, float(p))


def epsilon_squared(h: float, n_total: int) -> float:
    """Rank effect size of Kruskal–Wallis: ε² = H / (N − 1) (Tomczak & Tomczak 2014), 0–1."""
    return float(h / (n_total - 1)) if n_total > 1 and np.isfinite(h) else np.nan


# --------------------------------------------------------------------------- pairwise


def _pair_table(groups: dict, alpha: float, only: set | None, spread) -> pd.DataFrame:
    """The pairwise table shared by Tukey–Kramer and Games–Howell.

    For groups i < j (sorted labels): d = ȳ_j − ȳ_i; ``spread(x_i, x_j)`` -> (se, dof);
    p_adj = P(Q_{k, dof} > |d| / se), interval d ± q_{1−alpha; k, dof} · se,
    reject = p_adj < alpha. When se = 0 the difference is exact: p_adj = 1 if d = 0 else 0.
    """
    k = len(groups)
    rows = []
    for a, b in combinations(list(groups), 2):
        if only is not None and a not in only and b not in only:
            continue
        xa, xb = groups[a], groups[b]
        d = xb.mean() - xa.mean()
        se, dof = spread(xa, xb)
        if not se > 0:
            rows.append([a, b, d, d, d, float(d == 0), d != 0])
            continue
        q_crit = _q_crit(alpha, k, float(dof))
        p = _q_sf(abs(d) / se, k, dof)
        rows.append([a, b, d, d - q_crit * se, d + q_crit * se, min(p, 1.0), p < alpha])
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    out["reject"] = out["reject"].astype(bool)
    return out


def tukey_kramer(df: pd.DataFrame, value: str, group: str, alpha: float = 0.05,
                 only: set | None = None) -> pd.DataFrame:
    """Tukey–Kramer honest significant differences for (possibly) unequal group sizes.

    For groups i < j (sorted labels): d = ȳ_j − ȳ_i, se = sqrt(MS_within / 2 · (1/n_i + 1/n_j)),
    q = |d| / se, p_adj = P(Q_{k, N−k} > q) (studentized range), interval
    d ± q_{1−alpha; k, N−k} · se, reject = p_adj < alpha. MS_within is the ANOVA's pooled
    variance, so equal variances are assumed (use ``games_howell`` otherwise).
    Units of meandiff/lower/upper: those of ``value``. Matches statsmodels' pairwise_tukeyhsd
    and pingouin.pairwise_tukey.

    Returns a DataFrame with columns group1, group2, meandiff, lower, upper, p_adj, reject,
    one row per pair (or only the pairs that involve a label in ``only``).
    """
    return _tukey(_groups(df, value, group), _check_alpha(alpha), only)


def _tukey(groups: dict, alpha: float, only: set | None = None) -> pd.DataFrame:
    _require(groups, 2, 1)
    df_w = sum(len(x) for x in groups.values()) - len(groups)
    if df_w < 1:
        raise ValueError("need more observations than groups")
    ms_w = _ss_within(groups) / df_w

    def pooled(xa, xb):
        return np.sqrt(ms_w / 2 * (1 / len(xa) + 1 / len(xb))), df_w

    return _pair_table(groups, alpha, only, pooled)


def games_howell(df: pd.DataFrame, value: str, group: str, alpha: float = 0.05,
                 only: set | None = None) -> pd.DataFrame:
    """Games–Howell pairwise comparisons (unequal variances and sizes).

    For groups i < j: d = ȳ_j − ȳ_i, v_i = s_i²/n_i, se = sqrt((v_i + v_j) / 2),
    Welch–Satterthwaite df = (v_i + v_j)² / (v_i²/(n_i − 1) + v_j²/(n_j − 1)),
    p_adj = P(Q_{k, df} > |d|/se), interval d ± q_{1−alpha; k, df} · se.
    Same columns as ``tukey_kramer``; p-values match pingouin.pairwise_gameshowell.
    Needs at least 2 observations per group. ``only``: as in ``tukey_kramer``.
    """
    return _games_howell(_groups(df, value, group), _check_alpha(alpha), only)


def _games_howell(groups: dict, alpha: float, only: set | None = None) -> pd.DataFrame:
    _require(groups, 2, 2)

    def welch(xa, xb):
        va, vb = xa.var(ddof=1) / len(xa), xb.var(ddof=1) / len(xb)
        if va + vb == 0:
            return 0.0, np.nan
        return np.sqrt((va + vb) / 2), (va + vb) ** 2 / (va**2 / (len(xa) - 1) + vb**2 / (len(xb) - 1))

    return _pair_table(groups, alpha, only, welch)


def compact_letter_display(pairs: pd.DataFrame, means: pd.Series) -> pd.Series:
    """Letters per group such that groups sharing a letter do not differ significantly.

    ``pairs``: a table like ``tukey_kramer``'s (group1, group2, reject); ``means``: group means
    (index = group labels). Insert-and-absorb algorithm of Piepho (2004); letters are then
    ordered so that "a" goes to the group with the highest mean. Returns a Series of strings
    indexed like ``means`` (sorted by descending mean).
    """
    order = list(means.sort_values(ascending=False).index)
    rank = {g: i for i, g in enumerate(order)}
    sig = {frozenset((r.group1, r.group2)) for r in pairs.itertuples() if bool(r.reject)}
    columns: list[set] = [set(order)]
    # in the order of the means, not of the set (string hashing differs between processes)
    for pair in sorted(sig, key=lambda p: sorted(rank[g] for g in p)):
        a, b = sorted(pair, key=rank.get)
        new_cols: list[set] = []
        for col in columns:
            if a in col and b in col:
                new_cols += [col - {a}, col - {b}]
            else:
                new_cols.append(col)
        # absorb: drop columns contained in another
        uniq: list[set] = []
        for c in new_cols:
            if c and c not in uniq:
                uniq.append(c)
        columns = [c for c in uniq if not any(c < o for o in uniq)]
    # "a" to the column holding the highest mean; on a tie the shorter, then the one whose other groups
    # have the higher means: the same letters in every process (the page, the report, the deck)
    columns.sort(key=lambda c: (min(rank[g] for g in c), len(c), sorted(rank[g] for g in c)))
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = {g: "".join(letters[i] for i, c in enumerate(columns) if g in c) for g in order}
    return pd.Series(out, name="letters")


# --------------------------------------------------------------------------- proportions


@dataclass(frozen=True)
class TwoProportions:
    """Comparison of two pooled proportions p1 = x1/n1 and p2 = x2/n2 (fractions, 0–1).

    diff = p2 − p1 (same orientation as ``tukey_kramer``); ``low``/``high``: Wald interval
    diff ± z·sqrt(p1(1−p1)/n1 + p2(1−p2)/n2); ``z``/``p``: two-sided pooled z-test of
    p1 = p2, z = diff / sqrt(p̄(1−p̄)(1/n1 + 1/n2)) with p̄ = (x1 + x2)/(n1 + n2).
    """

    p1: float
    p2: float
    diff: float
    low: float
    high: float
    z: float
    p: float


def two_proportions(x1: int, n1: int, x2: int, n2: int, alpha: float = 0.05) -> TwoProportions:
    """Two-sample test and (1 − alpha) Wald interval for a difference of proportions.

    Here x = abandoned calls, n = offered calls, summed over the days of each group, so every
    call weighs the same (a busy day counts more than a quiet one). Calls of the same day are
    not independent (a bad shift affects many), so this interval is optimistic; the ANOVA on
    daily percentages is the conservative view. Agresti (2013) sec. 3.1.
    """
    alpha = _check_alpha(alpha)
    if min(n1, n2) <= 0 or not (0 <= x1 <= n1 and 0 <= x2 <= n2):
        raise ValueError("need 0 <= abandoned <= offered and offered > 0 in both groups")
    p1, p2 = x1 / n1, x2 / n2
    d = p2 - p1
    pbar = (x1 + x2) / (n1 + n2)
    se0 = np.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))
    z = d / se0 if se0 > 0 else 0.0
    p = float(2 * sps.norm.sf(abs(z))) if se0 > 0 else 1.0
    se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    zc = sps.norm.ppf(1 - alpha / 2)
    return TwoProportions(p1, p2, d, d - zc * se, d + zc * se, float(z), p)


def proportions_chi2(abandoned, offered) -> TestResult:
    """Pearson chi-square test that k pooled proportions are equal (k × 2 table, no correction).

    Statistic Σ (O − E)² / E over abandoned/answered cells, df1 = k − 1.
    For k = 2 it equals the square of the pooled z of ``two_proportions``.
    """
    x = np.asarray(abandoned, dtype=float)
    n = np.asarray(offered, dtype=float)
    table = np.column_stack([x, n - x])
    if table.shape[0] < 2 or np.any(table < 0) or table.sum(axis=0).min() == 0:
        return TestResult(np.nan, float(len(x) - 1), np.nan, np.nan)
    chi2, p, dof, _ = sps.chi2_contingency(table, correction=False)
    return TestResult(float(chi2), float(dof), np.nan, float(p))


# --------------------------------------------------------------------------- all together


@dataclass(frozen=True)
class OneWayResult:
    """Everything the abandonment view shows for one grouping and one confidence level.

    ``method`` is "tukey" when Levene's test does not reject equal variances at
    ``ASSUMPTION_ALPHA`` (then ``pairs`` is Tukey–Kramer), else "games_howell".
    Both pairwise tables are always computed so the user can compare them.
    """

    alpha: float
    describe: pd.DataFrame
    anova: pd.DataFrame
    effects: EffectSizes
    welch: TestResult
    levene: TestResult
    shapiro: pd.DataFrame
    kruskal: TestResult
    epsilon_sq: float
    tukey: pd.DataFrame
    games_howell: pd.DataFrame
    method: str
    letters: pd.Series = field(default_factory=lambda: pd.Series(dtype=str))

    @property
    def pairs(self) -> pd.DataFrame:
        """The pairwise table of the recommended method."""
        return self.tukey if self.method == "tukey" else self.games_howell

    @property
    def equal_variances(self) -> bool:
        return not (self.levene.p < ASSUMPTION_ALPHA)


@dataclass(frozen=True)
class OneWayBase:
    """The parts of ``one_way`` that do not depend on the confidence: the groups ({label: values},
    sorted labels), the ANOVA table, Levene, Kruskal–Wallis, Welch and Shapiro–Wilk."""

    groups: dict
    anova: pd.DataFrame
    levene: TestResult
    kruskal: TestResult
    welch: TestResult
    shapiro: pd.DataFrame


def one_way_base(df: pd.DataFrame, value: str, group: str) -> OneWayBase:
    """``one_way``'s confidence-free part, to keep while the confidence moves (ValueError as one_way)."""
    groups = _groups(df, value, group)
    _require(groups, 2, 2)
    return OneWayBase(groups, _anova(groups), _levene(groups), _kruskal(groups), _welch(groups),
                      _shapiro(groups))


def one_way(df: pd.DataFrame, value: str, group: str, alpha: float = 0.05,
            base: OneWayBase | None = None) -> OneWayResult:
    """Run the whole one-way analysis: descriptives, ANOVA (+ Welch), checks, pairwise, letters.

    Needs at least two groups with at least two observations each (ValueError otherwise).
    The data are split into groups once; every part works on those groups. ``base``: the
    ``one_way_base`` of the same ``df`` computed before (then ``df`` is not read again), so that a
    new confidence recomputes only the intervals, the pairwise tables and the letters.
    """
    alpha = _check_alpha(alpha)
    base = one_way_base(df, value, group) if base is None else base
    groups, anova, lev, kw = base.groups, base.anova, base.levene, base.kruskal
    desc = _describe(groups, alpha)
    tk = _tukey(groups, alpha)
    gh = _games_howell(groups, alpha)
    method = "games_howell" if lev.p < ASSUMPTION_ALPHA else "tukey"
    chosen = tk if method == "tukey" else gh
    return OneWayResult(
        alpha=alpha, describe=desc, anova=anova, effects=effect_sizes(anova),
        welch=base.welch, levene=lev, shapiro=base.shapiro, kruskal=kw,
        epsilon_sq=epsilon_squared(kw.statistic, int(desc["n"].sum())),
        tukey=tk, games_howell=gh, method=method,
        letters=compact_letter_display(chosen, desc["mean"]),
    )


PERMUTATION_MAX_N = 13   # scipy's rule: up to 13 differences with ties or zeros, every sign pattern


def signed_rank_test(x, y) -> TestResult:
    """Wilcoxon signed-rank test of paired samples, two-sided, zero differences dropped.

    Gives scipy.stats.wilcoxon(x, y, zero_method="wilcox") exactly: statistic = min(R+, R-);
    p exact without ties or zeros (n ≤ 50), normal approximation with tie-corrected variance and no
    continuity correction above 50, and with ties or zeros on n ≤ 13 pairs the permutation p-value
    over all 2^n sign patterns, 2·min(P(T ≤ t), P(T ≥ t)) for T = R+. That last case is computed here
    by enumeration (~1 ms) instead of scipy.stats.permutation_test (~1.3 s of CPU per call), which made
    a survey with many dimensions and few respondents take minutes (issue 15).
    """
    d = np.asarray(x, dtype=float) - np.asarray(y, dtype=float)
    nonzero = d[d != 0]
    ties = len(np.unique(np.abs(nonzero))) < len(nonzero)
    if len(nonzero) == 0 or len(d) > PERMUTATION_MAX_N or not (ties or len(nonzero) < len(d)):
        res = sps.wilcoxon(x, y, zero_method="wilcox")
        return TestResult(float(res.statistic), np.nan, np.nan, float(res.pvalue))
    ranks = sps.rankdata(np.abs(nonzero))
    r_plus = float(ranks[nonzero > 0].sum())
    signs = (np.arange(2 ** len(ranks))[:, None] >> np.arange(len(ranks))) & 1
    t = signs @ ranks                           # R+ under every sign pattern (zeros do not move it)
    tol = 1e-14 * max(abs(r_plus), 1.0)          # as scipy.stats.permutation_test compares
    p = 2 * min(np.mean(t <= r_plus + tol), np.mean(t >= r_plus - tol))
    return TestResult(min(r_plus, float(ranks.sum()) - r_plus), np.nan, np.nan, float(min(p, 1.0)))
