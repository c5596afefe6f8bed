"""The abandonment dataset: validity filtering, groupings and pooled proportions.

One row is a day of one account under one operating model (seed 003, Tables 24–27):
``account``, ``model`` ("current" before the change, "proposed" during the pilot), ``month``
(local to the model: proposed month 1 is the pilot month), ``day`` (row position in the month)
and either ``abandon_pct`` (abandoned calls as a percentage of offered calls, 0–100) or the
counts ``offered`` and ``abandoned`` (then abandon_pct = 100 · abandoned / offered).

``prepare`` keeps the valid days and lists every row it leaves out with a reason code, so the
page can say exactly what was not analysed. ``analysis_frame`` adds the grouping column and
drops groups with fewer than 2 days (a mean difference needs a variance in each group).
The statistics themselves live in ``core.stats``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core import stats

#: groupings offered by the view
GROUPINGS = ("model", "account", "model_account", "period")

#: reason codes for rows left out (the page translates them: abandonment.reason.<code>)
REASONS = ("missing", "pct_out_of_range", "negative_count", "abandoned_gt_offered", "no_calls",
           "small_group")

CURRENT, PROPOSED = "current", "proposed"
MODEL_ALIASES = {
    "current": CURRENT, "actual": CURRENT, "antes": CURRENT, "before": CURRENT,
    "baseline": CURRENT, "base": CURRENT, "pre": CURRENT, "modelo actual": CURRENT,
    "proposed": PROPOSED, "propuesto": PROPOSED, "propuesta": PROPOSED, "after": PROPOSED,
    "despues": PROPOSED, "después": PROPOSED, "pilot": PROPOSED, "piloto": PROPOSED,
    "post": PROPOSED, "modelo propuesto": PROPOSED,
    # what Spanish-speaking teams write too: the old and the new process
    "anterior": CURRENT, "modelo anterior": CURRENT, "proceso actual": CURRENT,
    "nuevo": PROPOSED, "nueva": PROPOSED, "modelo nuevo": PROPOSED, "nuevo modelo": PROPOSED,
    "proceso nuevo": PROPOSED, "proceso propuesto": PROPOSED, "new": PROPOSED,
}

DEFAULT_NAMES = {CURRENT: "current", PROPOSED: "proposed", "account": "account {}",
                 "month": "month {}", "sep": " · "}


@dataclass(frozen=True)
class Prepared:
    """Valid days and the rows left out.

    ``daily``: columns account, model, month, day, abandon_pct (0–100), seq (1-based position
    of the day in its account's sequence: current months first, then the pilot), and offered /
    abandoned when counts were given. ``excluded``: row (1-based data row), account, model,
    month, day, reason (one of REASONS). ``has_counts``: True when offered/abandoned exist.
    """

    daily: pd.DataFrame
    excluded: pd.DataFrame
    has_counts: bool
    n_input: int


def normalise_model(value) -> str | float:
    """Map common labels of the before/after model to "current" / "proposed"; keep others."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    text = str(value).strip()
    return MODEL_ALIASES.get(text.lower(), text) if text else np.nan


def prepare(df: pd.DataFrame, change_date=None) -> Prepared:
    """Validate the daily abandonment table and keep the valid days.

    A row is left out (with its reason) when the model or the measure is missing or not a
    number, abandon_pct is outside 0–100 (0 and 100 are valid days), a count is negative,
    abandoned > offered, or offered is 0 (the percentage is undefined). Missing
    ``account``/``month`` columns mean one account / one month; a missing ``day`` column numbers
    the days in file order.

    With a ``date`` column and no ``model`` column, ``change_date`` splits the days: before it
    "current", from it on "proposed". With dates, ``month`` (when absent) is the ordinal of the
    calendar month within each model and ``day`` the day of the month.

    Raises ValueError("abandonment.no_measure") when neither abandon_pct nor both counts exist,
    ValueError("abandonment.no_model") when there is no model and no date + change_date.
    """
    data = df.copy()
    data.columns = [str(c).strip().lower() for c in data.columns]
    has_counts = {"offered", "abandoned"} <= set(data.columns)
    if "abandon_pct" not in data.columns and not has_counts:
        raise ValueError("abandonment.no_measure")
    has_dates = "date" in data.columns and pd.to_datetime(data["date"], errors="coerce").notna().any()
    if "model" not in data.columns or data["model"].isna().all():
        if not (has_dates and change_date is not None):
            raise ValueError("abandonment.no_model")
        dates = pd.to_datetime(data["date"], errors="coerce")
        data["model"] = np.where(dates.isna(), None,
                                 np.where(dates < pd.Timestamp(change_date), CURRENT, PROPOSED))
    n_input = len(data)
    data = data.reset_index(drop=True)
    data["row"] = np.arange(1, n_input + 1)
    data = _calendar(data, has_dates)
    reason = _reasons(data, has_counts)
    bad = reason.notna()
    excluded = data.loc[bad, ["row", "account", "model", "month", "day"]].copy()
    excluded["reason"] = reason[bad].astype(str)
    keep = ["account", "model", "month", "day", "abandon_pct"]
    if has_counts:
        keep += ["offered", "abandoned"]
    if has_dates:
        keep.append("date")
    daily = data.loc[~bad, keep].copy()
    daily["month"] = daily["month"].astype(int)
    daily["day"] = daily["day"].astype(int)
    daily["abandon_pct"] = daily["abandon_pct"].astype(float)
    daily = _add_sequence(daily)
    return Prepared(daily.reset_index(drop=True), excluded.reset_index(drop=True), has_counts,
                    n_input)


def _calendar(data: pd.DataFrame, has_dates: bool) -> pd.DataFrame:
    """Dates typed, model labels normalised, and account / month / day filled where absent."""
    if has_dates:
        data["date"] = pd.to_datetime(data["date"], errors="coerce")
    if "account" not in data.columns:
        data["account"] = 1
    data["model"] = data["model"].map(normalise_model)
    if "month" not in data.columns:
        if has_dates:
            ym = data["date"].dt.year * 12 + data["date"].dt.month
            data["month"] = ym.groupby(data["model"]).rank(method="dense")
        else:
            data["month"] = 1
    if "day" not in data.columns:
        if has_dates:
            data["day"] = data["date"].dt.day
        else:
            data["day"] = data.groupby(["account", "model", "month"], dropna=False).cumcount() + 1
    for col in ("month", "day"):
        data[col] = pd.to_numeric(data[col], errors="coerce").astype(float)
    data["account"] = data["account"].map(
        lambda v: np.nan if pd.isna(v) or str(v).strip() == "" else _tidy_label(v))
    return data


def _reasons(data: pd.DataFrame, has_counts: bool) -> pd.Series:
    """The reason code of each row left out (None for a valid day); sets ``abandon_pct``."""
    reason = pd.Series([None] * len(data), index=data.index, dtype="object")
    key_missing = data[["account", "model", "month", "day"]].isna().any(axis=1)

    def flag(mask: pd.Series, code: str) -> None:
        mask = mask.fillna(False).astype(bool) & reason.isna()
        reason[mask] = code

    if has_counts:
        off = pd.to_numeric(data["offered"], errors="coerce").astype(float)
        ab = pd.to_numeric(data["abandoned"], errors="coerce").astype(float)
        flag(off.isna() | ab.isna() | key_missing, "missing")
        flag((off < 0) | (ab < 0), "negative_count")
        flag(ab > off, "abandoned_gt_offered")
        flag(off == 0, "no_calls")
        data["offered"], data["abandoned"] = off, ab
        with np.errstate(divide="ignore", invalid="ignore"):
            data["abandon_pct"] = 100.0 * ab / off
    else:
        pct = pd.to_numeric(data["abandon_pct"], errors="coerce").astype(float)
        flag(pct.isna() | key_missing, "missing")
        flag((pct < 0) | (pct > 100), "pct_out_of_range")
        data["abandon_pct"] = pct
    return reason



def _tidy_label(value) -> str:
    """Account labels as text; 1.0 from a spreadsheet becomes "1"."""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _model_rank(model: str) -> int:
    return {CURRENT: 0, PROPOSED: 1}.get(model, 2)


def _add_sequence(daily: pd.DataFrame) -> pd.DataFrame:
    """seq = position of each day within its account: current months, then the pilot.

    The seed gives no calendar dates, so this is an order, not a date; the change happens
    between the last current day and the first proposed day.
    """
    out = daily.copy()
    out["_rank"] = out["model"].map(_model_rank)
    keys = ["account", "date"] if "date" in out.columns and out["date"].notna().all() else \
        ["account", "_rank", "model", "month", "day"]
    out = out.sort_values(keys, kind="stable")
    out["seq"] = out.groupby("account").cumcount() + 1
    return out.drop(columns="_rank")


def group_labels(daily: pd.DataFrame, grouping: str, names: dict | None = None) -> pd.Series:
    """The label of each day's group for a grouping in GROUPINGS.

    ``names`` gives the display words (keys current, proposed, account, month, sep; see
    DEFAULT_NAMES), so the page can pass translated words. Labels are built so that sorting
    them puts current before proposed and months in order, which fixes the orientation of
    the pairwise differences (group2 − group1).
    """
    if grouping not in GROUPINGS:
        raise ValueError(f"grouping must be one of {GROUPINGS}, got {grouping!r}")
    nm = {**DEFAULT_NAMES, **(names or {})}
    model = daily["model"].map(lambda m: nm.get(m, m) if m in (CURRENT, PROPOSED) else str(m))
    account = daily["account"].map(lambda a: nm["account"].format(a))
    month = daily["month"].map(lambda m: nm["month"].format(m))
    if grouping == "model":
        return model
    if grouping == "account":
        return account
    if grouping == "model_account":
        return model + nm["sep"] + account
    return model + nm["sep"] + month


@dataclass(frozen=True)
class Frame:
    """Days ready for ``core.stats`` (column ``group``) and the groups left out (< 2 days)."""

    data: pd.DataFrame
    small_groups: pd.DataFrame  # columns group, n


def analysis_frame(prep: Prepared, grouping: str, account: str | None = None,
                   names: dict | None = None) -> Frame:
    """Valid days of one account (or all when ``account`` is None), with a ``group`` column.

    Groups with fewer than 2 days are removed (reported in ``small_groups``), because a group
    needs a variance for the ANOVA and for its interval.
    """
    data = prep.daily
    if account is not None:
        data = data[data["account"] == str(account)]
    data = data.copy()
    data["group"] = group_labels(data, grouping, names) if len(data) else pd.Series(dtype=str)
    counts = data.groupby("group").size()
    small = counts[counts < 2]
    data = data[~data["group"].isin(small.index)]
    small_df = pd.DataFrame({"group": small.index.astype(str), "n": small.to_numpy()})
    return Frame(data.reset_index(drop=True), small_df)


def pooled_proportions(data: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Per group: days, offered, abandoned, pooled % = 100 · Σabandoned / Σoffered, mean daily %.

    The pooled percentage weighs every call equally, so busy days weigh more than quiet days;
    the mean of daily percentages weighs every day equally. ``low``/``high``: Wilson (1927)
    interval of the pooled percentage at confidence 1 − alpha (calls treated as independent).
    Needs columns group, offered, abandoned, abandon_pct.
    """
    g = data.groupby("group")
    out = pd.DataFrame({
        "days": g.size(),
        "offered": g["offered"].sum(),
        "abandoned": g["abandoned"].sum(),
        "mean_daily_pct": g["abandon_pct"].mean(),
    })
    low, high = stats.wilson_interval(out["abandoned"], out["offered"], 1 - alpha)
    out["pooled_pct"] = 100 * out["abandoned"] / out["offered"]
    out["low"] = 100 * low
    out["high"] = 100 * high
    return out[["days", "offered", "abandoned", "pooled_pct", "low", "high", "mean_daily_pct"]]


@dataclass(frozen=True)
class BeforeAfter:
    """The before/after contrast in points of abandonment (current − proposed, > 0 = it fell).

    ``drop``: mean daily % current − mean daily % proposed; ``low``/``high``: its simultaneous
    interval from the chosen pairwise method at confidence 1 − alpha; ``p``: adjusted p-value.
    """

    drop: float
    low: float
    high: float
    p: float
    method: str
    mean_current: float
    mean_proposed: float
    n_current: int
    n_proposed: int
    significant: bool


def before_after(result: stats.OneWayResult, names: dict | None = None) -> BeforeAfter | None:
    """Read the current-vs-proposed contrast off a model grouping's result (None otherwise)."""
    nm = {**DEFAULT_NAMES, **(names or {})}
    cur, pro = nm[CURRENT], nm[PROPOSED]
    desc = result.describe
    if cur not in desc.index or pro not in desc.index:
        return None
    pairs = result.pairs
    row = pairs[((pairs.group1 == cur) & (pairs.group2 == pro))
                | ((pairs.group1 == pro) & (pairs.group2 == cur))].iloc[0]
    sign = -1.0 if row.group1 == cur else 1.0  # meandiff is group2 − group1
    lo, hi = sorted((sign * row.lower, sign * row.upper))
    return BeforeAfter(
        drop=float(sign * row.meandiff), low=float(lo), high=float(hi), p=float(row.p_adj),
        method=result.method,
        mean_current=float(desc.loc[cur, "mean"]), mean_proposed=float(desc.loc[pro, "mean"]),
        n_current=int(desc.loc[cur, "n"]), n_proposed=int(desc.loc[pro, "n"]),
        significant=bool(row.reject),
    )


#: Thesis (seed 003) Table 28: Tukey at 93.4 % confidence, current − proposed, in points.
THESIS_TABLE28 = {"confidence": 0.934, "drop": 1.44, "low": 0.15, "high": 2.73}


MONTHLY_COLUMNS = ["month", "n", "mean", "drop", "low", "high", "p", "significant", "method"]


@dataclass(frozen=True)
class MonthlyGroups:
    """What ``monthly_contrasts`` compares, whatever the confidence: the days of the current months
    (group "m001", "m002"...) and of the pilot ("~proposed"), the method Levene's test chooses, and
    each group's days (``size``) and mean daily % (``mean``)."""

    data: pd.DataFrame
    method: str
    means: pd.DataFrame


def monthly_groups(prep: Prepared, account: str | None = None) -> MonthlyGroups | None:
    """The confidence-free part of ``monthly_contrasts``; None when there is no current/proposed
    pair with at least 2 days each."""
    data = prep.daily if account is None else prep.daily[prep.daily["account"] == str(account)]
    data = data[data["model"].isin([CURRENT, PROPOSED])].copy()
    if data.empty:
        return None
    data["group"] = np.where(data["model"] == PROPOSED, "~proposed",
                             data["month"].map(lambda m: f"m{int(m):03d}"))
    counts = data.groupby("group").size()
    data = data[data["group"].isin(counts[counts >= 2].index)]
    if "~proposed" not in set(data["group"]) or data["group"].nunique() < 2:
        return None
    lev = stats.levene(data, "abandon_pct", "group")
    method = "games_howell" if lev.p < stats.ASSUMPTION_ALPHA else "tukey"
    return MonthlyGroups(data, method, data.groupby("group")["abandon_pct"].agg(["size", "mean"]))


def monthly_contrasts(prep: Prepared, alpha: float, account: str | None = None,
                      groups: MonthlyGroups | None = None) -> pd.DataFrame:
    """Each month of the current model against the whole proposed period (seasonality check).

    Compares the current months and the pilot taken as one group (Tukey–Kramer, or
    Games–Howell when Levene rejects equal variances, as ``core.stats.one_way`` does), and returns one row per current month: month, n, mean, drop
    (mean of the month − mean of the pilot, points), low, high, p, significant, method.
    Empty when there is no current/proposed pair with at least 2 days each. ``groups``: the
    ``monthly_groups(prep, account)`` computed before (kept while the confidence moves).
    """
    groups = monthly_groups(prep, account) if groups is None else groups
    if groups is None:
        return pd.DataFrame(columns=MONTHLY_COLUMNS)
    pairwise = stats.games_howell if groups.method == "games_howell" else stats.tukey_kramer
    pairs = pairwise(groups.data, "abandon_pct", "group", alpha, only={"~proposed"})
    means = groups.means
    rows = []
    for r in pairs.itertuples():
        lo, hi = sorted((-r.upper, -r.lower))
        rows.append(dict(month=int(r.group1[1:]), n=int(means.loc[r.group1, "size"]),
                         mean=float(means.loc[r.group1, "mean"]), drop=-r.meandiff,
                         low=lo, high=hi, p=r.p_adj, significant=bool(r.reject),
                         method=groups.method))
    return pd.DataFrame(rows, columns=MONTHLY_COLUMNS)


def thesis_comparison(prep: Prepared) -> pd.DataFrame:
    """Our current − proposed contrast under the readings that could give Table 28.

    Rows (``scope``/``confidence``): both accounts at 93.4 % and 95 %, account 1 and account 2
    at 93.4 %, account 2 at 90 %; columns drop, low, high (points), p, method, n_current,
    n_proposed. Table 28 itself is ``THESIS_TABLE28``. Returns only the rows the data allow.
    """
    rows = []
    for scope, account, conf in [("both", None, 0.934), ("both", None, 0.95),
                                 ("account_1", "1", 0.934), ("account_2", "2", 0.934),
                                 ("account_2", "2", 0.90)]:
        frame = analysis_frame(prep, "model", account)
        if frame.data["group"].nunique() < 2:
            continue
        try:
            ba = before_after(stats.one_way(frame.data, "abandon_pct", "group", 1 - conf))
        except ValueError:
            continue
        if ba is None:
            continue
        rows.append(dict(scope=scope, confidence=conf, drop=ba.drop, low=ba.low, high=ba.high,
                         p=ba.p, method=ba.method, n_current=ba.n_current,
                         n_proposed=ba.n_proposed))
    return pd.DataFrame(rows)


def printed_totals_check(prep: Prepared, totals: pd.DataFrame, pilot: list[dict]) -> pd.DataFrame:
    """The thesis' own summary figures next to what its daily tables give (sample case only).

    One row per account × model × month: days, mean_daily_pct (plain mean of the daily %),
    total_printed_pct (the table's TOTAL row, ``abandonment_monthly_totals.csv``) and, for the
    pilot month, Table 29's counts as a pooled % = 100 · abandoned / (answered + abandoned) with
    its 95 % Wilson interval (table29_pct, table29_low, table29_high; NaN elsewhere).
    ``pilot``: ``core.sample.thesis_facts()["pilot_results_table29"]``.
    """
    means = (prep.daily.groupby(["account", "model", "month"])["abandon_pct"]
             .agg(days="size", mean_daily_pct="mean").reset_index())
    tot = totals.assign(account=totals["account"].map(_tidy_label),
                        model=totals["model"].map(normalise_model))
    out = means.merge(tot.rename(columns={"total_abandon_pct": "total_printed_pct"}),
                      on=["account", "model", "month"], how="left")
    out["table29_pct"] = out["table29_low"] = out["table29_high"] = np.nan
    for row in pilot:
        x, n = row["abandoned"], row["answered"] + row["abandoned"]
        low, high = stats.wilson_interval(x, n, 0.95)
        sel = (out["account"] == _tidy_label(row["account"])) & (out["model"] == PROPOSED)
        out.loc[sel, ["table29_pct", "table29_low", "table29_high"]] = [
            100 * x / n, 100 * float(low), 100 * float(high)]
    return out


def thesis_pairs(comparison: pd.DataFrame, confidence: float = 0.934) -> pd.DataFrame:
    """The rows of ``thesis_comparison`` at one confidence as a pairwise table in the thesis'
    orientation (meandiff = current − proposed), for ``core.figures.abandonment.pairwise_chart``.

    ``reject`` is true when the interval excludes 0 on either side (the contrast is real)."""
    cols = ["scope", "group1", "group2", "meandiff", "lower", "upper", "p_adj", "reject"]
    if comparison.empty:
        return pd.DataFrame(columns=cols)
    shown = comparison[comparison["confidence"].round(3) == round(confidence, 3)].reset_index(drop=True)
    return pd.DataFrame({"scope": shown["scope"], "group1": "", "group2": "", "meandiff": shown["drop"],
                         "lower": shown["low"], "upper": shown["high"], "p_adj": shown["p"],
                         "reject": (shown["low"] > 0) | (shown["high"] < 0)}, columns=cols)
