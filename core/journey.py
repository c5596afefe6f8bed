"""Customer journey map: NPS, INS (CSAT) and CES per phase, pain points, trends.

Definitions follow ../shared/DESIGN.md ("Definitions"):

* NPS  = 100 * (share answering 9-10  -  share answering 0-6) on the 0-10 recommendation
  scale, in points (-100..100). 95 % margin of error from the variance of the per-response
  score X in {+1 (promoter), 0 (passive), -1 (detractor)}:
  Var(X) = p + d - (p - d)^2, SE(NPS) = 100 * sqrt(Var(X) / n), MoE = 1.96 * SE.
* INS  (satisfaction index, CSAT) on a 1-5 scale = percentage answering 4 or 5 (top-2-box);
  the mean score is shown too.
* CES  (customer effort) from 1-7 answers to "the organisation made it easy":
  CES % = share answering 1-3 (high effort; lower is better); the mean is shown too
  (higher mean = easier).
* Pain point: a phase whose indicator misses its target (NPS >= 85, INS >= 85 %, CES % <= 40 %
  by default, seed 000 section 4.3), or a phase the user marks by hand.

Source of the case: seed 000 (prepaid-medicine service, Cartagena), Table 2 and section 4.3.
Seed 000 publishes per-phase INS as a *mean* on 1-5 (and one phase value, 5.1, outside that
scale) while its cumulative INS is a top-2-box percentage; both forms are supported.

Nothing here imports streamlit. Problems with the data raise :class:`JourneyDataError`, or are
returned as :class:`Issue` objects, each with a translation key (``journey.err.<key>``) and
its parameters, so that the page can show a translated message.
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from core.intake.columns import CHECK_MARKS
from core.stats import nps_variance, proportion_variance
from core.text import plain_words

Z95 = 1.959963984540054  # two-sided 95 % normal quantile

# Seed 000 Table 2 phases, in order, with accepted Spanish names (matching ignores case/accents).
SEED_PHASES: tuple[str, ...] = (
    "Discovery",
    "Application and contract",
    "Product use",
    "Maintenance of the relationship",
    "Invoice and payment",
    "Portfolio maintenance",
    "Termination of the relationship",
)
PHASE_ALIASES: dict[str, str] = {
    "descubrimiento": "Discovery",
    "solicitud y contrato": "Application and contract",
    "solicitud y contratacion": "Application and contract",
    "uso del producto": "Product use",
    "uso del servicio": "Product use",
    "mantenimiento de la relacion": "Maintenance of the relationship",
    "relationship maintenance": "Maintenance of the relationship",
    "factura y pago": "Invoice and payment",
    "facturacion y pago": "Invoice and payment",
    "mantenimiento de cartera": "Portfolio maintenance",
    "terminacion de la relacion": "Termination of the relationship",
    "termination": "Termination of the relationship",
}

# short catalog keys of the seed phases (journey.phase.<key>) for translated labels
PHASE_KEYS: dict[str, str] = dict(zip(SEED_PHASES, (
    "discovery", "application", "product_use", "relationship", "invoice", "portfolio", "termination")))

RESPONSE_SCALES: dict[str, tuple[int, int]] = {
    "recommend": (0, 10),
    "satisfaction": (1, 5),
    "effort": (1, 7),
}


# ----------------------------------------------------------------------------- errors
class JourneyDataError(ValueError):
    """Bad journey data. ``key`` is a translation key under ``journey.err.``."""

    def __init__(self, key: str, message: str, **params):
        super().__init__(message)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Issue:
    """A problem found (and handled) in the data: translation key + parameters.

    Parameters are str, int, float or lists of them (phase names, values): the page formats
    and joins lists for the user's language.
    """

    key: str
    params: dict = field(default_factory=dict)
    severity: str = "warning"  # "warning": data were dropped or fixed; "info": a note


# ----------------------------------------------------------------------------- helpers
def _norm(text) -> str:
    """Lower case, accents removed, single spaces, for matching names (core.text.plain_words)."""
    return plain_words(text)


def _as_float(value) -> float:
    """A typed answer as float; NaN for blanks. Intake has already typed the columns (numbers,
    decimal commas read there), so text is not re-parsed here: a string that Python cannot read
    as a number raises ValueError."""
    if value is None or value is pd.NA or value is pd.NaT:
        return math.nan
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _scores(values, low: int, high: int, name: str) -> np.ndarray:
    """Validated float array of answers on [low, high]; blanks dropped."""
    out = []
    for i, v in enumerate(list(values)):
        try:
            x = _as_float(v)
        except ValueError:
            raise JourneyDataError(
                "not_a_number", f"{name}: position {i + 1} is not a number: {v!r}",
                column=name, position=i + 1, value=str(v)) from None
        if math.isnan(x):
            continue
        if x < low or x > high:
            raise JourneyDataError(
                "out_of_scale", f"{name}: position {i + 1} = {x:g} is outside {low}-{high}",
                column=name, position=i + 1, value=x, low=low, high=high)
        out.append(x)
    return np.asarray(out, dtype=float)


# ----------------------------------------------------------------------------- indicators
@dataclass(frozen=True)
class NpsResult:
    """NPS in points (-100..100), shares as fractions, n answers, 95 % margin in points."""

    nps: float
    promoters: float
    passives: float
    detractors: float
    n: int
    moe: float


@dataclass(frozen=True)
class ShareResult:
    """A share indicator (INS top-2-box or CES high effort) with the mean of the scale.

    ``pct`` in percent (0-100), ``moe`` its 95 % Wald margin in percentage points,
    ``mean`` on the answer scale with ``mean_moe`` its 95 % t margin, ``n`` answers.
    """

    pct: float
    moe: float
    mean: float
    mean_moe: float
    n: int


def nps(scores) -> float:
    """Net Promoter Score of 0-10 recommendation answers, in points (-100..100).

    NPS = 100 * (share answering 9-10  -  share answering 0-6). Blank answers are ignored;
    answers outside 0-10 raise ValueError naming the first offending position.
    Source: Reichheld (2003), "The one number you need to grow", HBR; DESIGN.md.

    >>> nps([10, 9, 8, 3])
    25.0
    """
    return nps_detail(scores).nps


def nps_detail(scores) -> NpsResult:
    """NPS with promoter/passive/detractor shares, n and the 95 % margin of error.

    MoE (points) = 1.96 * 100 * sqrt((p + d - (p - d)^2) / n), the normal approximation
    for the mean of X in {+1, 0, -1}. NaN everywhere when there are no answers.
    """
    x = _scores(scores, 0, 10, "recommend")
    n = int(x.size)
    if n == 0:
        return NpsResult(math.nan, math.nan, math.nan, math.nan, 0, math.nan)
    n_p, n_d = int(np.sum(x >= 9)), int(np.sum(x <= 6))
    p, d = n_p / n, n_d / n
    return NpsResult(100.0 * (n_p - n_d) / n, p, (n - n_p - n_d) / n, d, n,
                     Z95 * 100.0 * math.sqrt(nps_variance(p, d) / n))


def _share(x: np.ndarray, hit: np.ndarray) -> ShareResult:
    n = int(x.size)
    if n == 0:
        return ShareResult(math.nan, math.nan, math.nan, math.nan, 0)
    p = float(np.mean(hit))
    mean = float(np.mean(x))
    mean_moe = (float(stats.t.ppf(0.975, n - 1) * np.std(x, ddof=1) / math.sqrt(n))
                if n > 1 else math.nan)
    return ShareResult(100.0 * p, Z95 * 100.0 * math.sqrt(proportion_variance(p) / n), mean, mean_moe, n)


def ins(scores) -> ShareResult:
    """Satisfaction index (INS/CSAT) of 1-5 answers: % answering 4-5 (top-2-box) and mean.

    pct in percent, its 95 % margin (Wald, points); mean (1-5) with its 95 % t margin.
    """
    x = _scores(scores, 1, 5, "satisfaction")
    return _share(x, x >= 4)


def ces(scores) -> ShareResult:
    """Customer effort of 1-7 answers to "the organisation made it easy".

    pct = % answering 1-3 (high effort; lower is better), 95 % Wald margin in points;
    mean on 1-7 (higher = easier) with its 95 % t margin. Seed 000 target: CES % <= 40.
    """
    x = _scores(scores, 1, 7, "effort")
    return _share(x, x <= 3)


# ----------------------------------------------------------------------------- phases
def match_phase(name, known) -> str:
    """The phase of ``known`` that ``name`` means (case, accents and Spanish names ignored).

    Raises JourneyDataError("unknown_phase") with the nearest known name as suggestion.
    """
    known = list(known)
    by_norm = {_norm(k): k for k in known}
    n = _norm(name)
    if n in by_norm:
        return by_norm[n]
    alias = PHASE_ALIASES.get(n)
    if alias is not None and _norm(alias) in by_norm:
        return by_norm[_norm(alias)]
    pool = list(by_norm) + [a for a, k in PHASE_ALIASES.items() if _norm(k) in by_norm]
    near = difflib.get_close_matches(n, pool, n=1, cutoff=0.5)
    suggestion = ""
    if near:
        suggestion = by_norm.get(near[0]) or by_norm[_norm(PHASE_ALIASES[near[0]])]
    raise JourneyDataError("unknown_phase", f"unknown phase {name!r}", phase=str(name),
                           suggestion=suggestion)


def _rows_text(rows, limit: int = 5) -> str:
    rows = [str(int(r)) for r in rows]
    return ", ".join(rows[:limit]) + (" …" if len(rows) > limit else "")


def phases_from_responses(responses: pd.DataFrame) -> list[str]:
    """The journey's phases as the responses name them, in journey order.

    Order: the smallest value of an optional ``order`` column for each phase when the column has
    numbers; otherwise (and for phases without an order) the order of first appearance. Blank
    phases are left out; names are stripped of surrounding spaces and kept as written.
    """
    if responses is None or "phase" not in responses.columns:
        return []
    names = responses["phase"].astype("object").map(lambda v: "" if _blank(v) else str(v).strip())
    first = list(dict.fromkeys(n for n in names if n))
    if "order" not in responses.columns:
        return first
    order = pd.to_numeric(responses["order"], errors="coerce").astype("float64")
    rank = pd.Series(order.to_numpy(), index=names.to_numpy()).groupby(level=0).min()
    by_order = [p for p in first if p in rank.index and not math.isnan(rank[p])]
    by_order.sort(key=lambda p: rank[p])  # stable: ties keep first appearance
    return by_order + [p for p in first if p not in by_order]


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) \
        or str(value).strip() == ""


def _match_phases(df: pd.DataFrame, known: list[str]) -> tuple[list, list[Issue]]:
    """Each row's phase among ``known`` (None when blank or unknown) and the issues: blank
    phases, and per unknown name its count and rows (with the nearest known name, if any)."""
    mapped, unknown = [], {}
    for row, name in zip(df["_row"], df["phase"]):
        if _blank(name):
            mapped.append(None)
            unknown.setdefault("", ("", []))[1].append(row)
            continue
        try:
            mapped.append(match_phase(name, known))
        except JourneyDataError as e:
            mapped.append(None)
            unknown.setdefault(str(name), (e.params["suggestion"], []))[1].append(row)
    issues = []
    for name, (suggestion, rows) in unknown.items():
        params = {"count": len(rows), "rows": _rows_text(rows)}
        if name == "":
            issues.append(Issue("blank_phase", params))
        elif suggestion:
            issues.append(Issue("unknown_phase_rows", {"phase": name, "suggestion": suggestion, **params}))
        else:
            issues.append(Issue("unknown_phase_rows_nosugg", {"phase": name, **params}))
    return mapped, issues


def _clean_scale(df: pd.DataFrame, col: str, low: int, high: int) -> Issue | None:
    """Blank (and report) answers of ``col`` that are not whole numbers on [low, high]."""
    if col not in df.columns:
        df[col] = np.nan
        return None
    raw = df[col].astype("object")
    values = pd.to_numeric(raw, errors="coerce").astype("float64")
    bad = (values.isna() & ~raw.map(_blank)) | (values.notna() & ((values < low) | (values > high)
                                                                   | (values != values.round())))
    df[col] = values.where(~bad)
    if not bad.any():
        return None
    shown = [f"{v:g}" if isinstance(v, (int, float, np.integer, np.floating)) else str(v) for v in raw[bad]]
    return Issue("scale_rows", {"column": col, "low": low, "high": high, "count": int(bad.sum()),
                                "rows": _rows_text(df.loc[bad, "_row"]), "values": ", ".join(shown[:5])})


def clean_responses(responses: pd.DataFrame, phases=None) -> tuple[pd.DataFrame, list[Issue]]:
    """Validate one-row-per-response data; return the usable rows and the issues found.

    Columns (typed by intake): ``phase`` (required), ``recommend`` 0-10, ``satisfaction`` 1-5,
    ``effort`` 1-7, ``comment``, ``date``, ``segment``, ``channel``, ``order`` (optional).
    ``phases``: the journey's phases (a map's); None = the phases the responses name
    (:func:`phases_from_responses`), so a user's own phases are never replaced by others.
    Scores outside their scale are blanked (the rest of the row is kept); rows whose phase is
    not among ``phases`` are dropped and reported (name, count, rows, nearest phase of the
    same list); phases without any response are reported. Row numbers count data rows from 1.
    """
    if responses is None or "phase" not in responses.columns:
        raise JourneyDataError("no_phase_column", "the responses need a 'phase' column")
    known = list(phases) if phases is not None else phases_from_responses(responses)
    df = responses.copy().reset_index(drop=True)
    df["_row"] = np.arange(1, len(df) + 1)
    mapped, issues = _match_phases(df, known)
    df["phase"] = mapped
    df = df[df["phase"].notna()].copy()
    for col, (low, high) in RESPONSE_SCALES.items():
        issue = _clean_scale(df, col, low, high)
        if issue is not None:
            issues.append(issue)
    for col in ("comment", "segment", "channel"):
        if col not in df.columns:
            df[col] = ""
        df[col] = df[col].astype("object").map(lambda v: "" if _blank(v) else str(v).strip())
    if "date" in df.columns:
        dates = pd.to_datetime(df["date"], errors="coerce")
        bad = df["_row"][dates.isna() & ~df["date"].astype("object").map(_blank)]
        if len(bad):
            issues.append(Issue("bad_dates", {"count": len(bad), "rows": _rows_text(bad)}))
        df["date"] = dates
    else:
        df["date"] = pd.NaT
    empty = [p for p in known if p not in set(df["phase"])]
    if empty:
        issues.append(Issue("empty_phases", {"phases": empty}, "info"))
    df["phase"] = pd.Categorical(df["phase"], categories=known, ordered=True)
    return df.drop(columns="_row").reset_index(drop=True), issues


INDICATOR_COLUMNS = ["phase", "n", "nps", "nps_moe", "promoters", "passives", "detractors",
                     "ins_pct", "ins_moe", "ins_mean", "ces_pct", "ces_moe", "ces_mean"]


def _indicator_row(g: pd.DataFrame) -> dict:
    r = nps_detail(g["recommend"])
    s = ins(g["satisfaction"])
    c = ces(g["effort"])
    return {"n": int(len(g)), "nps": r.nps, "nps_moe": r.moe, "promoters": r.promoters,
            "passives": r.passives, "detractors": r.detractors, "n_nps": r.n,
            "ins_pct": s.pct, "ins_moe": s.moe, "ins_mean": s.mean, "n_ins": s.n,
            "ces_pct": c.pct, "ces_moe": c.moe, "ces_mean": c.mean, "n_ces": c.n}


def phase_indicators(clean: pd.DataFrame, phases=None) -> pd.DataFrame:
    """NPS, INS and CES with n and 95 % margins for each phase, from cleaned responses.

    ``clean`` is the first output of :func:`clean_responses`. One row per phase, in the
    journey's order; phases without responses have n = 0 and NaN indicators. Units: nps
    in points, shares (promoters...) as fractions, *_pct in percent, *_moe in points.
    """
    phases = list(phases) if phases is not None else list(clean["phase"].cat.categories)
    rows = []
    for p in phases:
        g = clean[clean["phase"].astype(object) == p]
        rows.append({"phase": p, **_indicator_row(g)})
    return pd.DataFrame(rows)


def overall_indicators(clean: pd.DataFrame) -> dict:
    """The same indicators pooled over every response (a dict of the row's fields)."""
    return _indicator_row(clean)


# ----------------------------------------------------------------------------- summary table
MAP_COLUMNS = ["phase", "order", "customer_process", "true_moment", "pain_moment",
               "ins", "nps", "ces", "customer_voice"]


def _to_bool(v) -> bool:
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if _blank(v):
        return False
    return str(v).strip() in CHECK_MARKS or _norm(v) in {"true", "1", "yes", "si", "x", "verdadero"}


def _map_numbers(df: pd.DataFrame) -> None:
    """The map's number columns as float (blank -> NaN). Intake has typed them; a cell that is
    still not a number (a table put in the workspace by other means) raises map_not_number."""
    for col in ("ins", "nps", "ces", "order"):
        raw = df[col].astype("object")
        values = pd.to_numeric(raw, errors="coerce").astype("float64")
        bad = values.isna() & ~raw.map(_blank)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise JourneyDataError("map_not_number", f"{col} of {df['phase'].iloc[i]!r}: {raw.iloc[i]!r}",
                                   column=col, phase=df["phase"].iloc[i], value=str(raw.iloc[i]))
        df[col] = values


def _map_ranges(df: pd.DataFrame) -> list[Issue]:
    """Check NPS (-100..100) and CES (0..100); decide whether INS is a mean (1-5) or a
    percentage (any value over 10), set ``ins_kind``, and flag means outside 1-5."""
    issues = []
    for col, lo, hi in (("nps", -100, 100), ("ces", 0, 100)):
        bad = df[(df[col] < lo) | (df[col] > hi)]
        if len(bad):
            raise JourneyDataError("map_out_of_range", f"{col} out of range", column=col,
                                   phase=bad["phase"].iloc[0], value=float(bad[col].iloc[0]), low=lo, high=hi)
    ins_vals = df["ins"].dropna()
    kind = "pct" if len(ins_vals) and ins_vals.max() > 10 else "mean"
    df["ins_kind"] = kind
    if kind == "mean":
        over = df[(df["ins"] > 5) | (df["ins"] < 1)]
        if len(over):
            issues.append(Issue("ins_mean_out_of_scale",
                                {"phases": list(over["phase"]), "values": [float(v) for v in over["ins"]]}))
    else:
        bad = df[(df["ins"] < 0) | (df["ins"] > 100)]
        if len(bad):
            raise JourneyDataError("map_out_of_range", "ins out of range", column="ins", phase=bad["phase"].iloc[0],
                                   value=float(bad["ins"].iloc[0]), low=0, high=100)
    return issues


def parse_journey_map(table: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Normalise a phase summary table (one row per phase, like seed 000 Table 2).

    Numbers come typed from intake; blank indicator cells are NaN (a map may give phases only:
    the indicators then come from the responses, or show as "no data"). The INS column is read
    as a mean on 1-5 when every value is <= 10, otherwise as a top-2-box percentage (column
    ``ins_kind`` = "mean" or "pct"). Means above 5 are kept as printed and flagged (seed 000
    prints 5.1). NPS outside -100..100 or CES outside 0..100 raise JourneyDataError.
    Returns the table sorted by ``order`` and the issues.
    """
    if table is None or "phase" not in table.columns:
        raise JourneyDataError("no_phase_column", "the journey map needs a 'phase' column")
    df = table.copy().reset_index(drop=True)
    for col in MAP_COLUMNS:
        if col not in df.columns:
            df[col] = np.nan if col in {"ins", "nps", "ces", "order"} else ""
    df = df[~df["phase"].astype("object").map(_blank)].copy()
    if df.empty:
        raise JourneyDataError("empty_map", "the journey map has no phases")
    df["phase"] = df["phase"].astype(str).str.strip()
    dup = df["phase"][df["phase"].duplicated()].tolist()
    if dup:
        raise JourneyDataError("duplicate_phase", f"duplicate phases {dup}", phases=", ".join(dup))
    _map_numbers(df)
    if df["order"].isna().all():
        df["order"] = np.arange(1, len(df) + 1, dtype=float)
    issues = _map_ranges(df)
    for col in ("true_moment", "pain_moment"):
        df[col] = df[col].astype("object").map(_to_bool).astype(bool)
    for col in ("customer_process", "customer_voice"):
        df[col] = df[col].astype("object").map(lambda v: "" if _blank(v) else str(v))
    df = df.sort_values("order", kind="stable").reset_index(drop=True)
    return df, issues


def split_items(cell) -> list[str]:
    """The '; '-separated items of a map cell (seed 000 cells were split that way)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    return [s.strip() for s in str(cell).split(";") if s.strip()]


def map_indicators(journey_map: pd.DataFrame) -> pd.DataFrame:
    """Indicator table (same columns as :func:`phase_indicators`) from a parsed summary table.

    INS goes to ``ins_mean`` or ``ins_pct`` according to ``ins_kind``; CES is a percentage.
    n and margins are unknown (NaN): a summary table does not carry them.
    """
    kind = journey_map["ins_kind"].iloc[0] if "ins_kind" in journey_map else "mean"
    out = pd.DataFrame({"phase": journey_map["phase"], "n": np.nan,
                        "nps": journey_map["nps"], "nps_moe": np.nan,
                        "promoters": np.nan, "passives": np.nan, "detractors": np.nan,
                        "ins_pct": journey_map["ins"] if kind == "pct" else np.nan,
                        "ins_moe": np.nan,
                        "ins_mean": journey_map["ins"] if kind == "mean" else np.nan,
                        "ces_pct": journey_map["ces"], "ces_moe": np.nan, "ces_mean": np.nan})
    return out.reset_index(drop=True)


def seed_consistency(journey_map: pd.DataFrame, stated_nps: float = 64.0) -> dict:
    """Checks of a summary table against the seed's stated cumulative figures.

    Returns mean phase NPS (unweighted, points) vs ``stated_nps``, the phases whose INS mean
    exceeds 5, and whether CES is identical in every phase (seed 000: 22 everywhere, the
    cumulative 22 % copied into each phase). With equal phase sizes, the pooled NPS equals
    the mean of phase NPS; seed 000 states 64 where its phases average 63.4.
    """
    kind = journey_map["ins_kind"].iloc[0] if "ins_kind" in journey_map else "mean"
    ces_vals = journey_map["ces"].dropna().unique()
    return {
        "mean_phase_nps": float(journey_map["nps"].mean()),
        "stated_nps": stated_nps,
        "ins_over_5": (journey_map.loc[journey_map["ins"] > 5, "phase"].tolist()
                       if kind == "mean" else []),
        "ces_constant": bool(len(ces_vals) == 1 and len(journey_map) > 1),
        "ces_value": float(ces_vals[0]) if len(ces_vals) == 1 else math.nan,
    }


# ----------------------------------------------------------------------------- pain points
@dataclass(frozen=True)
class Targets:
    """Targets of the journey indicators (seed 000 sec. 4.3 defaults).

    nps_min in points; ins_pct_min and ces_pct_max in percent; ins_mean_min on the 1-5 scale
    is used only when INS is known as a mean (a summary table like seed 000's). The seed
    gives no target for the mean: the default 4.25 = 85 % of the scale maximum 5 is our
    assumption, stated on the page.
    """

    nps_min: float = 85.0
    ins_pct_min: float = 85.0
    ces_pct_max: float = 40.0
    ins_mean_min: float = 4.25


def indicator_status(value: float, target: float, direction: str) -> str:
    """'met', 'missed' or 'no_data' for ``value`` against ``target``.

    direction "min": the value must be >= target; "max": <= target. NaN target -> 'no_target'.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no_data"
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return "no_target"
    if direction == "min":
        return "met" if value >= target else "missed"
    if direction == "max":
        return "met" if value <= target else "missed"
    raise ValueError(f"direction must be 'min' or 'max', not {direction!r}")


def pain_points(indicators: pd.DataFrame, targets: Targets = Targets(), marked=()) -> pd.DataFrame:
    """Status of each phase's NPS, INS and CES against the targets, and the pain points.

    ``indicators``: output of :func:`phase_indicators` or :func:`map_indicators`. INS is
    judged on ``ins_pct`` when known, else on ``ins_mean`` against ``targets.ins_mean_min``.
    ``marked``: phases the user marks as pain points by hand. Columns: phase, nps_status,
    ins_status, ces_status ('met'/'missed'/'no_data'), missed (list of indicator names),
    by_target, marked, pain (bool).
    """
    marked = set(marked)
    rows = []
    for _, r in indicators.iterrows():
        ns = indicator_status(r["nps"], targets.nps_min, "min")
        if not (isinstance(r["ins_pct"], float) and math.isnan(r["ins_pct"])):
            ins_s = indicator_status(r["ins_pct"], targets.ins_pct_min, "min")
        else:
            ins_s = indicator_status(r["ins_mean"], targets.ins_mean_min, "min")
        cs = indicator_status(r["ces_pct"], targets.ces_pct_max, "max")
        missed = [k for k, s in (("nps", ns), ("ins", ins_s), ("ces", cs)) if s == "missed"]
        rows.append({"phase": r["phase"], "nps_status": ns, "ins_status": ins_s,
                     "ces_status": cs, "missed": missed, "by_target": bool(missed),
                     "marked": r["phase"] in marked,
                     "pain": bool(missed) or r["phase"] in marked})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- trends
def monthly_indicators(clean: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """NPS, INS % and CES % (with n and 95 % margins) per calendar month of ``date``.

    ``by`` optionally splits further (e.g. "phase" or "segment"). Rows without a date are
    left out. Column ``month`` is a Timestamp of the month's first day.
    """
    d = clean[clean["date"].notna()].copy()
    if d.empty:
        return pd.DataFrame(columns=["month"] + ([by] if by else []) + INDICATOR_COLUMNS[1:])
    d["month"] = d["date"].dt.to_period("M").dt.to_timestamp()
    keys = ["month"] + ([by] if by else [])
    rows = []
    for k, g in d.groupby(keys, observed=True, sort=True):
        k = k if isinstance(k, tuple) else (k,)
        rows.append({**dict(zip(keys, k)), **_indicator_row(g)})
    return pd.DataFrame(rows)


def group_indicators(clean: pd.DataFrame, by: str) -> pd.DataFrame:
    """NPS, INS and CES with n and margins per value of column ``by`` (segment, channel)."""
    rows = []
    for k, g in clean.groupby(by, observed=True, sort=True):
        if str(k).strip() == "":
            continue
        rows.append({by: k, **_indicator_row(g)})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class NpsComparison:
    """Difference of two independent NPS (after - before), in points, with a z test.

    SE = 100 * sqrt(Var1/n1 + Var2/n2), Var = p + d - (p - d)^2; z = diff / SE;
    p_value two-sided (normal); ci_low/ci_high the 95 % interval of the difference.
    """

    before: NpsResult
    after: NpsResult
    diff: float
    se: float
    z: float
    p_value: float
    ci_low: float
    ci_high: float


def compare_nps(before_scores, after_scores) -> NpsComparison:
    """Test whether NPS changed between two independent samples of 0-10 answers.

    Normal-approximation test of the difference of two NPS, each the mean of X in
    {+1, 0, -1} (e.g. Rocks, "Confidence intervals and significance tests for NPS", 2016).
    Raises JourneyDataError("too_few") when either sample has fewer than 2 answers.
    """
    a, b = nps_detail(before_scores), nps_detail(after_scores)
    if a.n < 2 or b.n < 2:
        raise JourneyDataError("too_few", "each period needs at least 2 answers",
                               n_before=a.n, n_after=b.n)
    se = 100.0 * math.sqrt(nps_variance(a.promoters, a.detractors) / a.n
                           + nps_variance(b.promoters, b.detractors) / b.n)
    diff = b.nps - a.nps
    z = diff / se if se > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
    p = float(2 * stats.norm.sf(abs(z)))
    return NpsComparison(a, b, diff, se, z, p, diff - Z95 * se, diff + Z95 * se)


def split_periods(clean: pd.DataFrame, split_date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Responses dated before ``split_date`` and on/after it (undated rows left out)."""
    s = pd.Timestamp(split_date)
    d = clean[clean["date"].notna()]
    return d[d["date"] < s], d[d["date"] >= s]


def score_distribution(clean: pd.DataFrame, column: str, phase=None) -> pd.DataFrame:
    """Counts and shares of each answer of ``column`` on its full scale (zeros included)."""
    low, high = RESPONSE_SCALES[column]
    d = clean if phase is None else clean[clean["phase"].astype(object) == phase]
    counts = d[column].dropna().astype(int).value_counts().reindex(range(low, high + 1), fill_value=0)
    total = counts.sum()
    return pd.DataFrame({"score": counts.index, "count": counts.values,
                         "share": counts.values / total if total else np.nan})


def default_split_date(dates: pd.Series):
    """A neutral start of period 2 for the before/after test: the first day of the middle month
    of the responses' months (e.g. March-August -> 1 June), or the median date when they span
    one month. None when there are no dates. Returns a datetime.date."""
    dated = pd.to_datetime(dates, errors="coerce").dropna()
    if dated.empty:
        return None
    months = sorted(dated.dt.to_period("M").unique())
    if len(months) > 1:
        return months[len(months) // 2].to_timestamp().date()
    return dated.median().date()
