"""CRM indicators against their targets, over time and by segment (seed 001, seed 000 sec. 4.3).

Dataset ``indicators`` (CONVENTIONS.md): one row per indicator value with columns
indicator, value, target, unit, direction ("min": value must be >= target, "max": <=),
period, segment. Seed 001 (Respira SAC clinic, Peru) Tables I-VI give:

* Table I   completed trainings 10/13 = 77 % (target > 75 %, quarterly, sec. III-H);
* Table II  NPS 58 -> 76 (printed "18 %" = 18 points);
* Table III efficiency in customer service 679/758 = 90 % (no target given);
* Table IV  recommendations of satisfied customers 135/150 = 90 % (target >= 90 % for 2022);
* Table V   national reference satisfaction 74.3 % (Peru), actual 58 %, improved 76 %;
* Table VI  satisfaction by segment (small 75.1 %, medium 73.5 %, large 77.3 %) with the
            segments' shares of customers (58 %, 39 %, 3 %).

Targets not given by seed 001 come from seed 000 sec. 4.3 (NPS >= 85, INS >= 85 %,
CES <= 40 %). The share-weighted satisfaction of Table VI is 74.54 %, not the 76 % headline.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.journey import indicator_status

COLUMNS = ["indicator", "value", "target", "unit", "direction", "period", "segment"]

# indicator -> (target, direction); seed 000 sec. 4.3 and seed 001 sec. III-H
DEFAULT_TARGETS: dict[str, tuple[float, str]] = {
    "nps": (85.0, "min"),
    "ins": (85.0, "min"),
    "satisfaction": (85.0, "min"),
    "ces": (40.0, "max"),
    "completed_trainings": (75.0, "min"),
    "recommendations": (90.0, "min"),
}
SHARE = "customer_share"
ALL = "all"


class IndicatorDataError(ValueError):
    """Bad indicator data; ``key`` is a translation key under ``indicators.err.``."""

    def __init__(self, key: str, message: str, **params):
        super().__init__(message)
        self.key = key
        self.params = params


def seed_indicator_rows(clinic: pd.DataFrame) -> pd.DataFrame:
    """Seed 001's indicators in the ``indicators`` layout, from clinic_indicators.csv.

    Values are as printed (e.g. 77 % for 10/13 = 76.9 %). ``period`` is "before" or
    "after" the seed's improvement plan. Customer shares (Table VI) are rows of indicator
    "customer_share" without a target.
    """
    m = {(r.table, r.metric): float(r.value) for r in clinic.itertuples()}
    rows = [
        ("completed_trainings", m[("I", "completed_trainings_pct")],
         m[("I", "target_completed_trainings_pct")], "pct", "min", "after", ALL),
        ("nps", m[("II", "nps_previous_pct")], 85.0, "points", "min", "before", ALL),
        ("nps", m[("II", "nps_current_pct")], 85.0, "points", "min", "after", ALL),
        ("service_efficiency", m[("III", "efficiency_pct")], math.nan, "pct", "min", "after", ALL),
        ("recommendations", m[("IV", "loyalty_pct")], m[("IV", "target_loyalty_pct")],
         "pct", "min", "after", ALL),
        ("satisfaction_national_reference", m[("V", "referential_satisfaction_national_pct")],
         math.nan, "pct", "min", "before", ALL),
    ]
    segments = (("Scenario 1 small businesses", "small businesses"),
                ("Scenario 2 medium-sized businesses", "medium-sized businesses"),
                ("Scenario 3 large businesses", "large businesses"))
    by_ind = {(r.table, r.indicator, r.metric): float(r.value) for r in clinic.itertuples()
              if isinstance(r.indicator, str)}
    for label, seg in segments:
        rows.append(("satisfaction", by_ind[("VI", label, "satisfaction_pct")], 85.0, "pct", "min",
                     "after", seg))
        rows.append((SHARE, by_ind[("VI", label, "share_of_customers_pct")], math.nan, "pct", "min",
                     "after", seg))
    return pd.DataFrame(rows, columns=COLUMNS)


def _blank(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == ""


def _numbers(column: pd.Series, name: str) -> pd.Series:
    """A column as float. Intake has typed it (decimal commas are read there, not here again); a
    cell that is still not a number raises IndicatorDataError("not_a_number") naming its row."""
    raw = column.astype("object")
    values = pd.to_numeric(raw, errors="coerce").astype("float64")
    bad = values.isna() & ~raw.map(_blank)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise IndicatorDataError("not_a_number", f"{name} row {i + 1}: {raw.iloc[i]!r}",
                                 column=name, row=i + 1, value=str(raw.iloc[i]))
    return values.reset_index(drop=True)


def normalise(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicator rows with numeric value/target (typed by intake), blank segment ->
    "all", blank period -> "", direction lower-cased. Raises IndicatorDataError when a
    required column is missing, a value is not a number, or a direction is not min/max.
    """
    if indicators is None:
        raise IndicatorDataError("no_data", "no indicators")
    missing = [c for c in ("indicator", "value") if c not in indicators.columns]
    if missing:
        raise IndicatorDataError("missing_columns", f"missing {missing}", columns=", ".join(missing))
    df = indicators.copy().reset_index(drop=True)
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = np.nan if c in ("value", "target") else ""
    for c in ("value", "target"):
        df[c] = _numbers(df[c], c)
    df = df[df["indicator"].notna() & (df["indicator"].astype(str).str.strip() != "")].copy()
    df["indicator"] = df["indicator"].astype(str).str.strip()
    df["direction"] = df["direction"].fillna("").astype(str).str.strip().str.lower()
    df.loc[df["direction"] == "", "direction"] = "min"
    bad = df[~df["direction"].isin(["min", "max"])]
    if len(bad):
        raise IndicatorDataError("bad_direction", "direction must be min or max",
                                 indicator=bad["indicator"].iloc[0], value=bad["direction"].iloc[0])
    for c in ("segment", "period", "unit"):
        df[c] = df[c].fillna("").astype(str).str.strip()
    df.loc[df["segment"] == "", "segment"] = ALL
    return df.reset_index(drop=True)


def apply_targets(indicators: pd.DataFrame, targets: dict[str, float]) -> pd.DataFrame:
    """Replace the targets of the named indicators (e.g. from the page's number inputs)."""
    df = indicators.copy()
    for name, value in targets.items():
        df.loc[df["indicator"] == name, "target"] = float(value)
    return df


def status_table(indicators: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's value against its target: adds ``status`` (met / missed / no_target)
    and ``gap`` = value - target, in the indicator's unit (positive = better for "min",
    reported the same way, i.e. sign flipped, for "max"). Customer shares are left out."""
    df = indicators[indicators["indicator"] != SHARE].copy()
    df["status"] = [indicator_status(v, t, d) for v, t, d in
                    zip(df["value"], df["target"], df["direction"])]
    sign = np.where(df["direction"] == "max", -1.0, 1.0)
    df["gap"] = (df["value"] - df["target"]) * sign
    return df.reset_index(drop=True)


def latest(indicators: pd.DataFrame) -> pd.DataFrame:
    """The last row (in the table's period order) of each indicator and segment."""
    order = period_order(indicators["period"])
    df = indicators.copy()
    df["_p"] = df["period"].map({p: i for i, p in enumerate(order)})
    df = df.sort_values("_p", kind="stable").groupby(["indicator", "segment"], sort=False).tail(1)
    return df.drop(columns="_p").sort_index().reset_index(drop=True)


def period_order(periods) -> list[str]:
    """Periods in time order: "before" < "after"; dates/months sorted by time; other labels
    in order of first appearance."""
    uniq = list(dict.fromkeys(str(p) for p in periods))
    rank = {"before": 0, "antes": 0, "previous": 0, "after": 2, "despues": 2, "current": 2}
    if all(p.lower() in rank for p in uniq):
        return sorted(uniq, key=lambda p: rank[p.lower()])
    parsed = pd.to_datetime(pd.Series(uniq), errors="coerce", format="mixed")
    if parsed.notna().all():
        return [uniq[i] for i in np.argsort(parsed.values, kind="stable")]
    return uniq


@dataclass(frozen=True)
class Change:
    """Change of one indicator between two periods, in its unit and relative (fraction)."""

    indicator: str
    before: float
    after: float
    change: float
    relative: float
    period_before: str
    period_after: str


def period_change(indicators: pd.DataFrame, indicator: str, segment: str = ALL) -> Change | None:
    """First vs last period of one indicator (e.g. seed 001 NPS 58 -> 76: +18 points, +31 %).

    None when the indicator has fewer than two periods.
    """
    d = indicators[(indicators["indicator"] == indicator) & (indicators["segment"] == segment)]
    if d["period"].nunique() < 2:
        return None
    order = period_order(d["period"])
    b = d[d["period"] == order[0]]["value"].iloc[-1]
    a = d[d["period"] == order[-1]]["value"].iloc[-1]
    rel = (a - b) / b if b else math.nan
    return Change(indicator, float(b), float(a), float(a - b), float(rel), order[0], order[-1])


@dataclass(frozen=True)
class WeightedScenario:
    """Share-weighted overall value: sum(share * value) / sum(share), in the values' unit.

    ``share_total`` is the sum of the shares as entered (percent); when it is not 100 the
    shares were rescaled and ``rescaled`` is True.
    """

    overall: float
    share_total: float
    rescaled: bool
    table: pd.DataFrame


def segment_weighted(table: pd.DataFrame) -> WeightedScenario:
    """Weighted overall satisfaction from segments' shares of customers (seed 001 Table VI).

    ``table`` columns: segment, share (percent of customers), value (percent satisfied).
    Overall = sum(share_i * value_i) / sum(share_i). Cells are numbers (a text that is not one
    raises IndicatorDataError("not_a_number")). Seed: 0.58*75.1 + 0.39*73.5 + 0.03*77.3
    = 74.542 %. Negative shares, or no positive share, raise IndicatorDataError.
    Rows with a blank share or value are ignored.
    """
    df = table.copy()
    df["share"] = _numbers(df["share"], "share").to_numpy()
    df["value"] = _numbers(df["value"], "value").to_numpy()
    df = df[df["share"].notna() & df["value"].notna()].reset_index(drop=True)
    if (df["share"] < 0).any():
        raise IndicatorDataError("negative_share", "negative share")
    total = float(df["share"].sum())
    if total <= 0:
        raise IndicatorDataError("no_share", "no positive share")
    df["weight"] = df["share"] / total
    df["contribution"] = df["weight"] * df["value"]
    return WeightedScenario(float(df["contribution"].sum()), total, abs(total - 100.0) > 1e-9, df)


def scenario_table(indicators: pd.DataFrame, value_indicator: str = "satisfaction") -> pd.DataFrame:
    """segment, share, value from the indicator rows (latest period) of each segment."""
    last = latest(indicators)
    s = last[last["indicator"] == SHARE].set_index("segment")["value"]
    v = last[(last["indicator"] == value_indicator) & (last["segment"] != ALL)].set_index("segment")["value"]
    segs = [x for x in v.index if x in s.index]
    return pd.DataFrame({"segment": segs, "share": [s[x] for x in segs], "value": [v[x] for x in segs]})


def journey_kpi_rows(overall: dict, targets, period: str = "", segment: str = ALL) -> pd.DataFrame:
    """Rows in the indicators layout for pooled journey NPS, INS % and CES % (seed 000 sec. 4.3).

    ``overall`` is core.journey.overall_indicators(); ``targets`` a core.journey.Targets.
    """
    return pd.DataFrame([
        ("nps", overall["nps"], targets.nps_min, "points", "min", period, segment),
        ("ins", overall["ins_pct"], targets.ins_pct_min, "pct", "min", period, segment),
        ("ces", overall["ces_pct"], targets.ces_pct_max, "pct", "max", period, segment),
    ], columns=COLUMNS)
