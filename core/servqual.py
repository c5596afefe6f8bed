"""SERVQUAL: expectation-perception gaps by dimension and item, reliability, tests, priorities.

Definitions (../shared/DESIGN.md, "SERVQUAL"):

- An answer is a Likert score on 1..scale_max (5 as in seed 000, 7 in the original instrument).
- The gap of a respondent on an item is perception - expectation (P - E), in scale points.
  Negative gaps are shortfalls: the service delivers less than the customer expected.
- A respondent's dimension score is the mean of his or her answers over the dimension's items.
  A dimension is computed on the respondents who answered every E and P item of that dimension
  (pairwise-complete per dimension): one blank removes a respondent from that dimension only,
  never from the whole analysis.
- The unweighted SERVQUAL score is the mean of the dimension gaps; the weighted score weights
  each respondent's dimension gaps by the importance points (100 split over the dimensions)
  the same respondent gave (Zeithaml, Parasuraman & Berry 1990, *Delivering Quality Service*,
  appendix "computing SERVQUAL scores", steps 3-7).
- Standard 22-item mapping (Parasuraman, Zeithaml & Berry 1988, "SERVQUAL: a multiple-item scale
  for measuring consumer perceptions of service quality", J. Retailing 64(1)): tangibles 1-4,
  reliability 5-9, responsiveness 10-13, assurance 14-17, empathy 18-22.

Nothing here imports streamlit. Problems with the input are returned as :class:`Problem`
(a code plus parameters) so the page can say them in the user's language; the strict functions
(:func:`dimension_gaps` and friends) raise :class:`ServqualError`, a ``ValueError`` that carries
the same code and parameters.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

DIMENSIONS: tuple[str, ...] = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")

# Item number -> dimension, Parasuraman, Zeithaml & Berry (1988).
_STANDARD_RANGES = {
    "tangibles": range(1, 5),
    "reliability": range(5, 10),
    "responsiveness": range(10, 14),
    "assurance": range(14, 18),
    "empathy": range(18, 23),
}
STANDARD_ITEM_DIMENSION: dict[int, str] = {
    number: dim for dim, numbers in _STANDARD_RANGES.items() for number in numbers
}

# Names users write for the five dimensions (English, Spanish, and seed 000's own labels),
# after normalise_name(). Seed 000 prints "Reality" for reliability, "Security" for assurance
# and "Answer capacity" for responsiveness.
DIMENSION_ALIASES: dict[str, str] = {
    **{d: d for d in DIMENSIONS},
    "tangible": "tangibles", "tangibility": "tangibles", "tangibilidad": "tangibles",
    "elementos_tangibles": "tangibles", "aspectos_tangibles": "tangibles",
    "reality": "reliability", "fiabilidad": "reliability", "confiabilidad": "reliability",
    "answer_capacity": "responsiveness", "capacidad_de_respuesta": "responsiveness",
    "capacidad_respuesta": "responsiveness", "respuesta": "responsiveness",
    "security": "assurance", "seguridad": "assurance", "garantia": "assurance",
    "empatia": "empathy",
}

SCALES = (5, 7)
IMPORTANCE_TOTAL = 100.0
# Importance points are typed by hand; a row summing to 99.5..100.5 is taken as 100.
IMPORTANCE_TOLERANCE = 0.5

_ITEM_RE = re.compile(r"^([ep])_?(\d{1,2})$", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^w_(.+)$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Problems and errors
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """Something wrong with the input. ``code`` names a catalog message (servqual.problem.<code>);
    ``params`` fill its placeholders. ``fatal`` means the part of the analysis it concerns
    could not run (the rest still does)."""

    code: str
    params: dict = field(default_factory=dict)
    fatal: bool = False


class ServqualError(ValueError):
    """Input the strict functions cannot analyse; carries a Problem code and its parameters."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


def _listing(values, limit: int = 8) -> str:
    """'a, b, c' with at most ``limit`` entries, then '…'."""
    values = [str(v) for v in values]
    text = ", ".join(values[:limit])
    return text + (", …" if len(values) > limit else "")


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

def normalise_name(text: object) -> str:
    """Lower case, accents removed, runs of non-alphanumerics as one underscore."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-z]+", "_", plain.strip().lower()).strip("_")


def canonical_dimension(name: object) -> str | None:
    """The standard dimension a user's label means ("Empatía", "Security" ...), or None."""
    return DIMENSION_ALIASES.get(normalise_name(name))


def item_label(number: int) -> str:
    """The common label of item ``number`` in the E and P tables: "Q5"."""
    return f"Q{int(number)}"


def item_number(label: object) -> int | None:
    """The item number in a label such as 5, "5", "5.0", "Q5", "E5", "p_5", "item 5"; else None."""
    if isinstance(label, (int, np.integer)) and not isinstance(label, bool):
        return int(label)
    if isinstance(label, (float, np.floating)):
        return int(label) if float(label).is_integer() else None
    match = re.fullmatch(r"(?:q|e|p|item|pregunta|it)?_?(\d{1,3})(?:_0)?", normalise_name(label))
    return int(match.group(1)) if match else None


def standard_mapping(items) -> dict:
    """The 1988 22-item mapping applied by position to 22 item columns."""
    items = list(items)
    if len(items) != 22:
        raise ServqualError("no_mapping", f"the standard mapping needs 22 items, got {len(items)}",
                            n_items=len(items))
    return {col: STANDARD_ITEM_DIMENSION[k + 1] for k, col in enumerate(items)}


def _groups(mapping: dict, columns) -> dict[str, list]:
    """Dimension -> its item columns, in the order the mapping names dimensions."""
    unknown = [item for item in mapping if item not in set(columns)]
    if unknown:
        raise ServqualError("mapping_unknown_item",
                            f"mapping names items that are not in the survey: {_listing(unknown)}",
                            items=_listing(unknown))
    groups: dict[str, list] = {}
    for item, dim in mapping.items():
        groups.setdefault(dim, []).append(item)
    return groups


def _pair_by_number(e: pd.DataFrame, p: pd.DataFrame, mapping):
    """E and P tables whose columns differ only by prefix (E1.. and P1..): both renamed Q1..,
    P in E's order, mapping keys renamed alike. Raises items_unpaired when the items differ."""
    ne = [item_number(c) for c in e.columns]
    npp = [item_number(c) for c in p.columns]
    if None in ne or None in npp or len(set(ne)) != len(ne) or set(ne) != set(npp):
        only_e = [c for c, k in zip(e.columns, ne) if c not in set(p.columns) and (k is None or k not in npp)]
        only_p = [c for c, k in zip(p.columns, npp) if c not in set(e.columns) and (k is None or k not in ne)]
        raise ServqualError(
            "items_unpaired",
            f"expectation and perception tables have different items (only E: {_listing(only_e)};"
            f" only P: {_listing(only_p)})",
            only_e=_listing(only_e) or "–", only_p=_listing(only_p) or "–")
    e = e.set_axis([item_label(k) for k in ne], axis=1)
    p = p.set_axis([item_label(k) for k in npp], axis=1)[list(e.columns)]
    if mapping is not None:
        mapping = {(item_label(item_number(key)) if item_number(key) is not None else key): dim
                   for key, dim in mapping.items()}
    return e, p, mapping


def _inputs(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping,
            optional_mapping: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Checked, numeric E and P tables with the same columns and respondents, and the mapping.

    Columns may be the same labels in both tables or E1../P1.. (paired by item number). With no
    mapping, the standard one applies to 22 items; otherwise ServqualError("no_mapping"), or an
    empty mapping when ``optional_mapping`` (item-level results need no mapping).
    """
    e, p = expectations, perceptions
    if list(e.columns) != list(p.columns):
        e, p, mapping = _pair_by_number(e, p, mapping)
    if not e.index.equals(p.index):
        only_e = [r for r in e.index if r not in set(p.index)]
        only_p = [r for r in p.index if r not in set(e.index)]
        raise ServqualError(
            "respondents_unpaired",
            f"expectation and perception tables have different respondents (only E: {_listing(only_e)};"
            f" only P: {_listing(only_p)})",
            only_e=_listing(only_e) or "–", only_p=_listing(only_p) or "–")
    if mapping is None:
        mapping = standard_mapping(e.columns) if (e.shape[1] == 22 or not optional_mapping) else {}
    return _numeric(e), _numeric(p), dict(mapping)


def _numeric(df: pd.DataFrame) -> pd.DataFrame:
    if all(pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
           for dtype in df.dtypes):
        return df.astype(float)
    return df.apply(pd.to_numeric, errors="coerce").astype(float)


# --------------------------------------------------------------------------------------------
# Reliability
# --------------------------------------------------------------------------------------------

def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha of a set of items (no unit; at most 1), on the complete rows.

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the row total), with sample
    variances (ddof = 1) and k the number of items (Cronbach 1951, Psychometrika 16(3)).
    Rows with any blank are left out (listwise within the given items). NaN when there are
    fewer than 2 items or fewer than 2 complete rows, or when the total does not vary.

    >>> round(cronbach_alpha(pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})), 4)
    0.9333
    """
    return _alpha(_numeric(items).to_numpy())


def _alpha(values: np.ndarray) -> float:
    """cronbach_alpha on a respondents x items array (rows with a NaN left out)."""
    data = values[~np.isnan(values).any(axis=1)]
    k = data.shape[1]
    if k < 2 or len(data) < 2:
        return math.nan
    total_var = data.sum(axis=1).var(ddof=1)
    if not total_var > 0:
        return math.nan
    return float(k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / total_var))


# --------------------------------------------------------------------------------------------
# Dimension and item gaps
# --------------------------------------------------------------------------------------------

def _t_interval(values: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """Mean and two-sided t interval of the mean; NaN bounds below 2 values."""
    n = len(values)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = float(np.mean(values))
    if n < 2:
        return mean, math.nan, math.nan
    half = stats.t.ppf(0.5 + confidence / 2, n - 1) * np.std(values, ddof=1) / math.sqrt(n)
    return mean, float(mean - half), float(mean + half)


def respondent_scores(expectations: pd.DataFrame, perceptions: pd.DataFrame,
                      mapping: dict | None = None) -> dict[str, pd.DataFrame]:
    """Per dimension, the respondents' dimension scores (scale points) on complete cases.

    Returns {dimension: DataFrame indexed by respondent with columns expectation, perception,
    gap}: the mean of the respondent's E items, of his P items, and P - E. Only respondents who
    answered every E and P item of the dimension are present.
    """
    e, p, mapping = _inputs(expectations, perceptions, mapping)
    return {dim: frame for dim, (frame, _) in _scores(e, p, mapping).items()}


def _scores(e: pd.DataFrame, p: pd.DataFrame, mapping: dict) -> dict[str, tuple[pd.DataFrame, np.ndarray]]:
    """respondent_scores plus, per dimension, the boolean mask of its complete rows."""
    out = {}
    for dim, cols in _groups(mapping, e.columns).items():
        e_arr, p_arr = e[cols].to_numpy(), p[cols].to_numpy()
        complete = ~(np.isnan(e_arr).any(axis=1) | np.isnan(p_arr).any(axis=1))
        e_score = e_arr[complete].mean(axis=1)
        p_score = p_arr[complete].mean(axis=1)
        frame = pd.DataFrame({"expectation": e_score, "perception": p_score, "gap": p_score - e_score},
                             index=e.index[complete])
        out[dim] = (frame, complete)
    return out


def dimension_gaps(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping: dict | None = None,
                   confidence: float = 0.95) -> pd.DataFrame:
    """Expectation, perception and gap per SERVQUAL dimension, in scale points.

    ``expectations`` and ``perceptions`` have one row per respondent (same index) and the same
    item columns (or E1.. and P1.., paired by item number and renamed Q1..); ``mapping`` maps
    item column -> dimension (None: the standard 1988 mapping by position, which needs exactly
    22 items). For each dimension, on the ``n`` respondents who
    answered all its E and P items:

    - expectation, perception: means over respondents of their mean over the dimension's items;
    - gap = perception - expectation (negative: a shortfall);
    - gap_low, gap_high: the t interval of the mean respondent gap at ``confidence`` (95%),
      mean +- t(1 - a/2, n - 1) * sd / sqrt(n) (paired design; NaN when n < 2);
    - alpha, alpha_expectation: Cronbach's alpha of the P (resp. E) items on those respondents
      (NaN with fewer than 2 items).

    Raises ServqualError when E and P have different items or respondents, when the mapping
    names an item that is not a column, or when there is no mapping and not 22 items.
    """
    e, p, mapping = _inputs(expectations, perceptions, mapping)
    scores = _scores(e, p, mapping)
    rows = {}
    for dim, cols in _groups(mapping, e.columns).items():
        s, complete = scores[dim]
        gap, low, high = _t_interval(s["gap"].to_numpy(), confidence)
        rows[dim] = {
            "expectation": float(s["expectation"].mean()) if len(s) else math.nan,
            "perception": float(s["perception"].mean()) if len(s) else math.nan,
            "gap": gap, "gap_low": low, "gap_high": high,
            "alpha": _alpha(p[cols].to_numpy()[complete]),
            "alpha_expectation": _alpha(e[cols].to_numpy()[complete]),
            "n": len(s),
        }
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["expectation", "perception", "gap", "gap_low", "gap_high",
                                            "alpha", "alpha_expectation", "n"])
    table["n"] = table["n"].astype(int)
    table.index.name = "dimension"
    return table


def item_gaps(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping: dict | None = None,
              confidence: float = 0.95) -> pd.DataFrame:
    """Expectation, perception and gap (P - E, scale points) per item, on its complete pairs.

    One row per item column (index), with dimension (None when the mapping leaves the item out),
    expectation, perception, gap, gap_low, gap_high (t interval of the mean paired difference at
    ``confidence``), n (respondents who answered both E and P of the item).
    """
    e, p, mapping = _inputs(expectations, perceptions, mapping, optional_mapping=True)
    rows = {}
    for col in e.columns:
        both = e[col].notna() & p[col].notna()
        diff = (p.loc[both, col] - e.loc[both, col]).to_numpy()
        gap, low, high = _t_interval(diff, confidence)
        rows[col] = {"dimension": mapping.get(col),
                     "expectation": float(e.loc[both, col].mean()) if both.any() else math.nan,
                     "perception": float(p.loc[both, col].mean()) if both.any() else math.nan,
                     "gap": gap, "gap_low": low, "gap_high": high, "n": int(both.sum())}
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["dimension", "expectation", "perception", "gap",
                                            "gap_low", "gap_high", "n"])
    table.index.name = "item"
    return table


# --------------------------------------------------------------------------------------------
# Paired tests
# --------------------------------------------------------------------------------------------

def holm(pvalues) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (step-down; Holm 1979, Scand. J. Statist. 6(2)).

    p_adj(i) = max over j <= i of min(1, (m - j + 1) * p(j)) for the sorted p-values; NaNs are
    left out of m and stay NaN.
    """
    p = np.asarray(pvalues, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    order = np.argsort(p[ok])
    ranked = p[ok][order] * (m - np.arange(m))
    adjusted = np.minimum(1.0, np.maximum.accumulate(ranked))
    values = np.empty(m)
    values[order] = adjusted
    out[ok] = values
    return out


def paired_tests(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping: dict | None = None,
                 alpha: float = 0.05) -> pd.DataFrame:
    """Is each dimension's gap real? Paired tests of the dimension scores P against E.

    Per dimension, on the respondents with complete answers (as in :func:`dimension_gaps`):

    - paired t-test (scipy.stats.ttest_rel): t, df = n - 1, p_t;
    - Wilcoxon signed-rank test (scipy.stats.wilcoxon, zero differences dropped, exact or normal
      approximation as scipy chooses): w = the smaller of the positive and negative rank sums
      (scipy's two-sided statistic), p_w;
    - effect sizes: cohen_dz = mean(P - E) / sd(P - E) (Cohen 1988, d for paired data) and the
      matched-pairs rank-biserial correlation r_rb = (R+ - R-) / (R+ + R-) over non-zero
      differences (Kerby 2014, Compr. Psychol. 3); both negative when perception falls short;
    - p_t_adj, p_w_adj: Holm-adjusted over the dimensions (family = the dimensions tested);
    - significant: p_t_adj < alpha and p_w_adj < alpha (both tests agree the gap is not zero).

    NaN where a test cannot run (n < 2; Wilcoxon when every difference is zero).
    """
    scores = respondent_scores(expectations, perceptions, mapping)
    rows = {}
    for dim, s in scores.items():
        d = s["gap"].to_numpy()
        n = len(d)
        row = {"n": n, "gap": float(d.mean()) if n else math.nan, "t": math.nan, "df": math.nan,
               "p_t": math.nan, "w": math.nan, "p_w": math.nan, "cohen_dz": math.nan,
               "r_rb": math.nan}
        if n >= 2:
            sd = float(np.std(d, ddof=1))
            if sd > 0:
                res = stats.ttest_rel(s["perception"], s["expectation"])
                row.update(t=float(res.statistic), df=n - 1, p_t=float(res.pvalue),
                           cohen_dz=float(d.mean() / sd))
            else:
                # Every respondent has the same gap: no sampling variation to test against.
                row.update(df=n - 1, p_t=0.0 if d.mean() != 0 else 1.0)
            nonzero = d[d != 0]
            if len(nonzero):
                ranks = stats.rankdata(np.abs(nonzero))
                r_plus, r_minus = ranks[nonzero > 0].sum(), ranks[nonzero < 0].sum()
                row["r_rb"] = float((r_plus - r_minus) / (r_plus + r_minus))
                res = stats.wilcoxon(s["perception"], s["expectation"], zero_method="wilcox")
                row.update(w=float(res.statistic), p_w=float(res.pvalue))
        rows[dim] = row
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["n", "gap", "t", "df", "p_t", "w", "p_w", "cohen_dz", "r_rb"])
    table["p_t_adj"] = holm(table["p_t"].to_numpy()) if len(table) else []
    table["p_w_adj"] = holm(table["p_w"].to_numpy()) if len(table) else []
    table["significant"] = (table["p_t_adj"] < alpha) & (table["p_w_adj"] < alpha)
    table["n"] = table["n"].astype(int)
    table.index.name = "dimension"
    return table


# --------------------------------------------------------------------------------------------
# Overall scores, design standard, importance-performance
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OverallScores:
    """Unweighted and weighted SERVQUAL scores (scale points, P - E) with 95% intervals.

    unweighted: mean of the dimension gaps; its interval uses the pairwise covariance of the
    dimension gaps (see :func:`overall_scores`). weighted: NaN when no importance was given.
    """

    unweighted: float
    unweighted_low: float
    unweighted_high: float
    n_unweighted: int
    weighted: float = math.nan
    weighted_low: float = math.nan
    weighted_high: float = math.nan
    n_weighted: int = 0
    n_invalid_weights: int = 0


def overall_scores(expectations: pd.DataFrame, perceptions: pd.DataFrame, mapping: dict | None = None,
                   importance: pd.DataFrame | None = None, confidence: float = 0.95) -> OverallScores:
    """The unweighted and the weighted SERVQUAL score, in scale points (P - E).

    Unweighted = (1/D) * sum_d gap_d, the mean of the D dimension gaps of :func:`dimension_gaps`
    (a dimension nobody answered completely has no gap and is left out).
    Its variance is (1/D^2) * sum_d sum_e s_de * n_de / (n_d * n_e), where s_de is the covariance
    of the respondent gaps on dimensions d and e over the n_de respondents complete on both
    (the variance of a sum of means computed on different, overlapping subsets); the interval
    uses t with min(n_d) - 1 degrees of freedom. Without blanks this is exactly the t interval of
    the respondents' mean dimension gap. ``n_unweighted`` is the respondents complete on at
    least one dimension.

    Weighted (Zeithaml, Parasuraman & Berry 1990): per respondent, sum_d (w_rd / W_r) * gap_rd
    over the dimensions the respondent completed, where w_rd are his importance points and W_r
    their sum over those dimensions (= 100 with no blanks); then the mean over respondents with a
    t interval. ``importance`` has one column per dimension (the mapping's names) and the
    respondents as index. A row is invalid (left out, counted in ``n_invalid_weights``) when a
    weight is blank or negative or the points do not sum to 100 (+-0.5).
    """
    scores = respondent_scores(expectations, perceptions, mapping)
    dims = list(scores)
    gaps = pd.DataFrame({d: scores[d]["gap"] for d in dims}).reindex(expectations.index)
    means = gaps.mean()
    counts = gaps.notna().sum()
    D = len(dims)
    if D == 0:
        raise ServqualError("no_dimensions", "no dimension to score")
    # Dimensions nobody completed have no gap and are left out of the mean (reported upstream).
    scored = [d for d in dims if counts[d] > 0]
    D = len(scored)
    unweighted = float(means[scored].mean()) if D else math.nan
    var = 0.0
    ok = D > 0 and counts[scored].min() >= 2
    if ok:
        for a in scored:
            for b in scored:
                both = gaps[a].notna() & gaps[b].notna()
                n_ab = int(both.sum())
                if n_ab < 2:
                    continue
                s_ab = float(np.cov(gaps.loc[both, a], gaps.loc[both, b], ddof=1)[0, 1])
                var += s_ab * n_ab / (counts[a] * counts[b])
        var /= D * D
        half = stats.t.ppf(0.5 + confidence / 2, int(counts[scored].min()) - 1) * math.sqrt(max(var, 0.0))
        low, high = unweighted - half, unweighted + half
    else:
        low = high = math.nan
    result = OverallScores(unweighted, float(low), float(high), int(gaps.notna().any(axis=1).sum()))
    if importance is None:
        return result
    missing = [d for d in dims if d not in importance.columns]
    if missing:
        raise ServqualError("importance_incomplete",
                            f"importance points missing for: {_listing(missing)}",
                            dimensions=_listing(missing))
    w = _numeric(importance[dims]).reindex(expectations.index)
    valid = w.notna().all(axis=1) & (w >= 0).all(axis=1) & \
        ((w.sum(axis=1) - IMPORTANCE_TOTAL).abs() <= IMPORTANCE_TOLERANCE)
    w = w[valid]
    g = gaps.loc[valid]
    present = g.notna()
    denom = w.where(present).sum(axis=1)
    usable = present.any(axis=1) & (denom > 0)
    per_respondent = ((w * g).where(present).sum(axis=1)[usable] / denom[usable]).to_numpy()
    weighted, wlow, whigh = _t_interval(per_respondent, confidence)
    return replace(result, weighted=weighted, weighted_low=wlow, weighted_high=whigh,
                   n_weighted=len(per_respondent), n_invalid_weights=int((~valid).sum()))


def design_gaps(gaps: pd.DataFrame, perception_low_high: pd.DataFrame | None,
                design: pd.Series) -> pd.DataFrame:
    """Perception against the organisation's designed standard (seed 000's "experience design").

    ``gaps`` is a :func:`dimension_gaps` table; ``design`` maps dimension -> designed score on the
    same scale. gap_design = perception - design (scale points; negative: the service falls short
    of its own design, as P - E is negative when it falls short of expectations).
    ``perception_low_high`` (columns low, high: the t interval of the mean perception, from
    :func:`perception_intervals`) gives the interval of gap_design, the design being a fixed
    number. Dimensions without a design value are left out.
    """
    dims = [d for d in gaps.index if d in design.index and pd.notna(design[d])]
    table = pd.DataFrame(index=pd.Index(dims, name="dimension"))
    table["design"] = [float(design[d]) for d in dims]
    table["perception"] = gaps.loc[dims, "perception"].astype(float)
    table["gap_design"] = table["perception"] - table["design"]
    if perception_low_high is not None:
        table["gap_design_low"] = perception_low_high.loc[dims, "low"] - table["design"]
        table["gap_design_high"] = perception_low_high.loc[dims, "high"] - table["design"]
    table["n"] = gaps.loc[dims, "n"].astype(int)
    return table


def perception_intervals(expectations: pd.DataFrame, perceptions: pd.DataFrame,
                         mapping: dict | None = None, confidence: float = 0.95) -> pd.DataFrame:
    """t interval (columns low, high; scale points) of each dimension's mean perception, on the
    same complete cases as :func:`dimension_gaps`."""
    scores = respondent_scores(expectations, perceptions, mapping)
    rows = {d: dict(zip(("mean", "low", "high"), _t_interval(s["perception"].to_numpy(), confidence)))
            for d, s in scores.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["mean", "low", "high"])


QUADRANTS = ("concentrate", "keep_up", "low_priority", "possible_overkill")


def importance_performance(gaps: pd.DataFrame, importance: pd.DataFrame) -> pd.DataFrame:
    """Importance-performance analysis of the dimensions (Martilla & James 1977, J. Marketing 41(1)).

    importance: mean importance points of the dimension (0-100, over respondents whose row is
    valid as in :func:`overall_scores`); perception and gap from ``gaps``. The cross-hairs are
    the means over the dimensions of importance and of perception, so the quadrants are:
    concentrate (important, performance below average), keep_up (important, above),
    low_priority (less important, below), possible_overkill (less important, above).
    contribution = importance / 100 * gap: the dimension's share of the weighted SERVQUAL score;
    ``priority`` ranks the dimensions from the most negative contribution (1 = act first).
    """
    dims = list(gaps.index)
    w = _numeric(importance.reindex(columns=dims))
    valid = w.notna().all(axis=1) & (w >= 0).all(axis=1) & \
        ((w.sum(axis=1) - IMPORTANCE_TOTAL).abs() <= IMPORTANCE_TOLERANCE)
    table = pd.DataFrame(index=pd.Index(dims, name="dimension"))
    table["importance"] = w[valid].mean()
    table["perception"] = gaps["perception"].astype(float)
    table["gap"] = gaps["gap"].astype(float)
    imp_cut, perf_cut = table["importance"].mean(), table["perception"].mean()
    high_imp = table["importance"] >= imp_cut
    high_perf = table["perception"] >= perf_cut
    table["quadrant"] = np.select(
        [high_imp & ~high_perf, high_imp & high_perf, ~high_imp & ~high_perf],
        ["concentrate", "keep_up", "low_priority"], default="possible_overkill")
    table["contribution"] = table["importance"] / IMPORTANCE_TOTAL * table["gap"]
    table["priority"] = table["contribution"].rank(method="first", na_option="bottom").astype(int)
    table["n"] = int(valid.sum())
    return table


def gap_share_of_range(gap, scale_max: int):
    """A gap as a fraction of the scale's range (scale_max - 1 points), to compare surveys on
    1-5 and 1-7: -0.59 points on 1-5 is -0.59 / 4 = -14.75% of the range."""
    return gap / (scale_max - 1)


# --------------------------------------------------------------------------------------------
# From the uploaded table to a clean survey
# --------------------------------------------------------------------------------------------

def infer_scale_max(values) -> int:
    """The Likert scale's top (5 or 7) the answers suggest: 7 when any answer exceeds 5, else 5."""
    arr = pd.to_numeric(pd.Series(np.ravel(np.asarray(values, dtype=object))), errors="coerce")
    top = arr.max()
    return 7 if pd.notna(top) and top > 5 else 5


@dataclass(frozen=True)
class Survey:
    """A SERVQUAL survey after checking: E and P tables with the same items (Q1, Q2 ...) and
    respondents, the item -> dimension mapping, the scale, and the optional parts."""

    expectations: pd.DataFrame
    perceptions: pd.DataFrame
    mapping: dict
    scale_max: int
    scale_inferred: int
    importance: pd.DataFrame | None = None
    design: pd.Series | None = None
    segment: pd.Series | None = None
    n_blank: int = 0

    @property
    def n_respondents(self) -> int:
        return len(self.expectations)

    @property
    def dimensions(self) -> list[str]:
        return list(dict.fromkeys(self.mapping.values()))

    def segments(self) -> list[str]:
        """The segment values present, in order of appearance (blank segments left out)."""
        if self.segment is None:
            return []
        return list(dict.fromkeys(self.segment.dropna().astype(str)))

    def subset(self, segment_value: str | None) -> "Survey":
        """The respondents of one segment (None: everybody)."""
        if segment_value is None or self.segment is None:
            return self
        keep = self.segment.astype(str).eq(str(segment_value)).fillna(False).to_numpy()
        return replace(self,
                       expectations=self.expectations.loc[keep],
                       perceptions=self.perceptions.loc[keep],
                       importance=None if self.importance is None else self.importance.loc[keep],
                       segment=self.segment.loc[keep],
                       n_blank=int(self.expectations.loc[keep].isna().sum().sum()
                                   + self.perceptions.loc[keep].isna().sum().sum()))


def _mapping_from_table(mapping_df: pd.DataFrame, items: list[str]) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    mapping: dict[str, str] = {}
    unknown_items, unknown_dims, dup = [], [], []
    for _, row in mapping_df.iterrows():
        number = item_number(row.get("item"))
        raw_dim = row.get("dimension")
        if number is None or item_label(number) not in items:
            unknown_items.append(str(row.get("item")))
            continue
        if raw_dim is None or (isinstance(raw_dim, float) and math.isnan(raw_dim)) or not str(raw_dim).strip():
            unknown_dims.append("(" + str(row.get("item")) + ")")
            continue
        dim = canonical_dimension(raw_dim)
        if dim is None:
            dim = str(raw_dim).strip()
            unknown_dims.append(dim)
        label = item_label(number)
        if label in mapping:
            dup.append(label)
            continue
        mapping[label] = dim
    if unknown_items:
        problems.append(Problem("mapping_unknown_item", {"items": _listing(unknown_items)}))
    if unknown_dims:
        problems.append(Problem("mapping_unknown_dimension",
                                {"dimensions": _listing(dict.fromkeys(unknown_dims))}))
    if dup:
        problems.append(Problem("mapping_duplicate_item", {"items": _listing(dup)}))
    # Keep the item order of the survey within each dimension.
    return {item: mapping[item] for item in items if item in mapping}, problems


def prepare_survey(table: pd.DataFrame, mapping_table: pd.DataFrame | None = None,
                   design_table: pd.DataFrame | None = None,
                   scale_max: int | None = None) -> tuple[Survey | None, list[Problem]]:
    """Check a wide SERVQUAL table and split it into a :class:`Survey`, with the problems found.

    ``table``: one row per respondent with E<k> and P<k> answer columns (any case, "E_5" too),
    optional ``respondent`` and ``segment`` columns and optional W_<dimension> importance points.
    ``mapping_table``: columns item, dimension (None: the standard mapping when there are 22
    items). ``design_table``: columns dimension, design. ``scale_max``: 5 or 7; None infers it
    (:func:`infer_scale_max`).

    Answers outside 1..scale_max are blanked and reported, items asked only as E or only as P
    are left out and reported, respondents who answered only one side are reported; the rest of
    the analysis runs. Returns (None, problems) only when no E/P item pair is left.
    """
    problems: list[Problem] = []
    e_cols, p_cols, w_cols = {}, {}, {}
    for col in table.columns:
        match = _ITEM_RE.match(str(col).strip())
        if match:
            (e_cols if match.group(1).lower() == "e" else p_cols)[int(match.group(2))] = col
            continue
        match = _WEIGHT_RE.match(str(col).strip())
        if match:
            w_cols[col] = match.group(1)
    only_e = sorted(set(e_cols) - set(p_cols))
    only_p = sorted(set(p_cols) - set(e_cols))
    if only_e or only_p:
        problems.append(Problem("items_unpaired", {
            "only_e": _listing(f"E{k}" for k in only_e) or "–",
            "only_p": _listing(f"P{k}" for k in only_p) or "–"}))
    numbers = sorted(set(e_cols) & set(p_cols))
    if not numbers:
        problems.append(Problem("no_items", {}, fatal=True))
        return None, problems
    items = [item_label(k) for k in numbers]

    if "respondent" in table.columns and table["respondent"].notna().all() \
            and table["respondent"].astype(str).is_unique:
        index = pd.Index(table["respondent"].astype(str), name="respondent")
    else:
        index = pd.RangeIndex(1, len(table) + 1, name="respondent")
    raw_e = pd.DataFrame({item_label(k): table[e_cols[k]].to_numpy() for k in numbers}, index=index)
    raw_p = pd.DataFrame({item_label(k): table[p_cols[k]].to_numpy() for k in numbers}, index=index)
    e, p = _numeric(raw_e), _numeric(raw_p)
    not_number = int((e.isna() & raw_e.notna()).sum().sum() + (p.isna() & raw_p.notna()).sum().sum())
    if not_number:
        problems.append(Problem("not_a_number", {"count": not_number}))

    inferred = infer_scale_max(np.concatenate([e.to_numpy().ravel(), p.to_numpy().ravel()]))
    scale = int(scale_max) if scale_max in SCALES else inferred
    bad_cells = []
    for side, frame in (("E", e), ("P", p)):
        bad = frame.notna() & ((frame < 1) | (frame > scale) | (frame % 1 != 0))
        for item in frame.columns[bad.any()]:
            for resp in frame.index[bad[item]]:
                bad_cells.append(f"{resp}: {side}{item[1:]}={frame.at[resp, item]:g}")
        frame[bad] = np.nan
    if bad_cells:
        problems.append(Problem("out_of_scale", {"count": len(bad_cells), "scale": scale,
                                                 "cells": _listing(bad_cells, 5)}))

    n_blank = int(e.isna().sum().sum() + p.isna().sum().sum())
    if n_blank:
        problems.append(Problem("blanks", {"count": n_blank,
                                           "respondents": int((e.isna() | p.isna()).any(axis=1).sum())}))
    e_empty, p_empty = e.isna().all(axis=1), p.isna().all(axis=1)
    one_side = index[(e_empty ^ p_empty).to_numpy()]
    if len(one_side):
        problems.append(Problem("respondents_one_side",
                                {"count": len(one_side), "respondents": _listing(one_side, 5)}))
    if len(index) - int((e_empty | p_empty).sum()) < 2:
        problems.append(Problem("single_respondent", {"n": len(index) - int((e_empty | p_empty).sum())}))

    if mapping_table is not None and len(mapping_table):
        mapping, more = _mapping_from_table(mapping_table, items)
        problems.extend(more)
        if not mapping:
            problems.append(Problem("mapping_empty", {}, fatal=True))
    elif len(items) == 22:
        mapping = standard_mapping(items)
    else:
        mapping = {}
        problems.append(Problem("no_mapping", {"n_items": len(items)}, fatal=True))
    unmapped = [i for i in items if i not in mapping]
    if mapping and unmapped:
        problems.append(Problem("items_unmapped", {"items": _listing(unmapped)}))
    groups: dict[str, list] = {}
    for item, dim in mapping.items():
        groups.setdefault(dim, []).append(item)
    for dim, cols in groups.items():
        if len(cols) < 2:
            problems.append(Problem("alpha_too_few_items", {"dimension": dim, "k": len(cols)}))

    importance = None
    if w_cols:
        weights = {}
        unknown_w = []
        for col, name in w_cols.items():
            dim = canonical_dimension(name) or (name if name in groups else None)
            if dim is None or dim not in groups:
                unknown_w.append(str(col))
            else:
                weights[dim] = pd.to_numeric(pd.Series(table[col].to_numpy(), index=index), errors="coerce")
        if unknown_w:
            problems.append(Problem("importance_unknown_dimension", {"columns": _listing(unknown_w)}))
        missing = [d for d in groups if d not in weights]
        if missing and weights:
            problems.append(Problem("importance_incomplete", {"dimensions": _listing(missing)}))
        elif weights:
            importance = pd.DataFrame(weights)[list(groups)]
            bad_rows = ~(importance.notna().all(axis=1) & (importance >= 0).all(axis=1)
                         & ((importance.sum(axis=1) - IMPORTANCE_TOTAL).abs() <= IMPORTANCE_TOLERANCE))
            if bad_rows.any():
                problems.append(Problem("importance_bad_rows", {
                    "count": int(bad_rows.sum()), "respondents": _listing(index[bad_rows.to_numpy()], 5)}))

    design = None
    if design_table is not None and len(design_table):
        values, unknown_d, outside = {}, [], []
        for _, row in design_table.iterrows():
            dim = canonical_dimension(row.get("dimension"))
            if dim is None and str(row.get("dimension")).strip() in groups:
                dim = str(row.get("dimension")).strip()
            value = pd.to_numeric(pd.Series([row.get("design")]), errors="coerce").iloc[0]
            if dim is None or dim not in groups:
                unknown_d.append(str(row.get("dimension")))
            elif pd.isna(value) or not 1 <= value <= scale:
                outside.append(f"{row.get('dimension')}={row.get('design')}")
            else:
                values[dim] = float(value)
        if unknown_d:
            problems.append(Problem("design_unknown_dimension", {"dimensions": _listing(unknown_d)}))
        if outside:
            problems.append(Problem("design_out_of_scale", {"values": _listing(outside), "scale": scale}))
        if values:
            design = pd.Series(values, name="design")

    segment = None
    if "segment" in table.columns:
        seg = pd.Series(table["segment"].to_numpy(), index=index, name="segment")
        seg = seg.where(seg.notna() & seg.astype(str).str.strip().ne(""), None)
        if seg.notna().any():
            segment = seg.astype(object).where(seg.notna(), None).map(
                lambda v: None if v is None else str(v).strip())
            if seg.isna().any():
                problems.append(Problem("segment_blank", {"count": int(seg.isna().sum())}))

    survey = Survey(expectations=e, perceptions=p, mapping=mapping, scale_max=scale,
                    scale_inferred=inferred, importance=importance, design=design,
                    segment=segment, n_blank=n_blank)
    return survey, problems


# --------------------------------------------------------------------------------------------
# The whole analysis of one survey (or one segment)
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Analysis:
    """Every result the view shows, for one survey or one segment of it."""

    n_respondents: int
    dimensions: pd.DataFrame | None        # dimension_gaps + gap_share
    items: pd.DataFrame                     # item_gaps, sorted by gap (worst first)
    tests: pd.DataFrame | None
    scores: OverallScores | None
    design: pd.DataFrame | None
    ipa: pd.DataFrame | None
    alpha_overall: float
    alpha_overall_expectation: float
    n_alpha_overall: int
    problems: tuple[Problem, ...] = ()


def analyse(survey: Survey, confidence: float = 0.95, alpha: float = 0.05) -> Analysis:
    """Run every SERVQUAL computation on a checked survey. Parts that cannot run (no mapping,
    fewer than 2 respondents) are None or NaN and reported in ``problems``; the rest runs."""
    problems: list[Problem] = []
    e, p, mapping = survey.expectations, survey.perceptions, survey.mapping
    items = item_gaps(e, p, mapping, confidence).sort_values("gap", kind="stable")
    items["gap_share"] = gap_share_of_range(items["gap"], survey.scale_max)
    mapped = [i for i in e.columns if i in mapping]
    alpha_p = cronbach_alpha(p[mapped]) if len(mapped) >= 2 else math.nan
    alpha_e = cronbach_alpha(e[mapped]) if len(mapped) >= 2 else math.nan
    n_alpha = int((p[mapped].notna().all(axis=1)).sum()) if mapped else 0
    if not mapping:
        return Analysis(len(e), None, items, None, None, None, None, alpha_p, alpha_e, n_alpha,
                        tuple(problems))
    sub_e, sub_p = e[mapped], p[mapped]
    dims = dimension_gaps(sub_e, sub_p, mapping, confidence)
    dims["gap_share"] = gap_share_of_range(dims["gap"], survey.scale_max)
    empty = dims.index[dims["n"] == 0].tolist()
    if empty:
        problems.append(Problem("dimension_empty", {"dimensions": _listing(empty)}))
    tests = paired_tests(sub_e, sub_p, mapping, alpha)
    importance = survey.importance
    try:
        scores = overall_scores(sub_e, sub_p, mapping, importance, confidence)
    except ServqualError as err:
        problems.append(Problem(err.code, err.params))
        scores = overall_scores(sub_e, sub_p, mapping, None, confidence)
        importance = None
    design = None
    if survey.design is not None:
        design = design_gaps(dims, perception_intervals(sub_e, sub_p, mapping, confidence), survey.design)
    ipa = importance_performance(dims, importance) if importance is not None else None
    return Analysis(len(e), dims, items, tests, scores, design, ipa, alpha_p, alpha_e, n_alpha,
                    tuple(problems))


def gaps_by_segment(survey: Survey, confidence: float = 0.95) -> pd.DataFrame:
    """Dimension gaps split by segment: rows (segment, dimension), columns of dimension_gaps.
    Segments with no complete answers on a dimension get n = 0 and NaN values."""
    if survey.segment is None or not survey.mapping:
        return pd.DataFrame()
    parts = {}
    mapped = [i for i in survey.expectations.columns if i in survey.mapping]
    for value in survey.segments():
        sub = survey.subset(value)
        parts[value] = dimension_gaps(sub.expectations[mapped], sub.perceptions[mapped],
                                      survey.mapping, confidence)
    return pd.concat(parts, names=["segment", "dimension"])


@dataclass(frozen=True)
class Summary:
    """The facts the plain-language summary states."""

    worst: str
    gap: float
    gap_low: float
    gap_high: float
    n: int
    p_t_adj: float
    p_w_adj: float
    significant: bool
    n_shortfalls: int          # dimensions whose gap is negative and significant
    n_dimensions: int


def summary(dimensions: pd.DataFrame, tests: pd.DataFrame) -> Summary | None:
    """The worst dimension (most negative gap) and whether its gap is statistically real
    (both Holm-adjusted paired tests below alpha). None when no dimension has a gap."""
    valid = dimensions.dropna(subset=["gap"])
    if valid.empty:
        return None
    worst = valid["gap"].idxmin()
    row, test = valid.loc[worst], tests.loc[worst]
    shortfalls = int(((tests["gap"] < 0) & tests["significant"]).sum())
    return Summary(worst=str(worst), gap=float(row["gap"]), gap_low=float(row["gap_low"]),
                   gap_high=float(row["gap_high"]), n=int(row["n"]), p_t_adj=float(test["p_t_adj"]),
                   p_w_adj=float(test["p_w_adj"]), significant=bool(test["significant"]),
                   n_shortfalls=shortfalls, n_dimensions=len(valid))
