"""View model of the abandonment tests: did daily abandonment really fall after a change?

``compute(ws)`` takes the workspace's ``abandonment`` dataset and the view's settings and returns
everything the page, the report and the deck show: the groups, the one-way ANOVA table, the
pairwise table of the method the checks recommend (Tukey–Kramer, or Games–Howell when Levene's
test rejects equal variances at 5 %), the assumption checks, the before/after contrast, the pooled
proportions (when daily counts exist), the month-by-month contrasts and, only in the sample
workspace, the case study of seed 003 (its Table 28 and the readings that could give it).

``conclusion(result, t)`` writes the conclusion sentences from the result, and the ``*_table``
functions lay out its tables with translated headers and formatted numbers, so that the page and
the report show the same text and the same numbers.

The confidence level has a neutral default (95 %); the thesis' 93.4 % is a value of the sample
case only (``sample_settings``), shown there with its origin.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from core import abandonment as ab
from core import stats
from core.i18n import Translator, display_texts
from core.settings import ORIGIN_DATA, ORIGIN_DEFAULT, Setting
from core.text import escape_markdown
from core.views import DataSource, Notice, provenance, stage, view_settings
from core.workspace import Workspace

ALL_ACCOUNTS = "__all__"

CONFIDENCE = Setting("abandonment.confidence", "float", 95.0, min=80.0, max=99.9)
GROUPING = Setting("abandonment.grouping", "choice", "model", options=ab.GROUPINGS)
ACCOUNT = Setting("abandonment.account", "text", ALL_ACCOUNTS)
CHANGE_DATE = Setting("abandonment.change_date", "date", None)  # default: the median of her dates
SETTINGS = (CONFIDENCE, GROUPING, ACCOUNT, CHANGE_DATE)

#: the confidence of the thesis' Table 28 (seed 003), in percent: a value of the sample case
THESIS_CONFIDENCE = round(100 * ab.THESIS_TABLE28["confidence"], 1)


def sample_settings() -> dict:
    """The sample case's settings: the thesis' 93.4 % confidence (seed 003, Table 28)."""
    return {CONFIDENCE.key: THESIS_CONFIDENCE}


def group_names(t: Translator) -> dict:
    """The words the group labels are built from, in the translator's language."""
    return {"current": t("abandonment.group_name.current"), "proposed": t("abandonment.group_name.proposed"),
            "account": t("abandonment.group_name.account"), "month": t("abandonment.group_name.month")}


@dataclass(frozen=True)
class CaseStudy:
    """Seed 003 against its Table 28 (sample workspace only).

    ``comparison``: ``ab.thesis_comparison``; ``pairs``: its 93.4 % rows as a pairwise table in
    the thesis' orientation (current − proposed); ``explain``: the numbers of the explanation
    (None when a reading is missing); ``printed``: ``ab.printed_totals_check`` (Table 29 included).
    """

    table28: dict
    comparison: pd.DataFrame
    pairs: pd.DataFrame
    explain: dict | None
    printed: pd.DataFrame


@dataclass(frozen=True)
class AbandonmentResult:
    """Everything the abandonment view shows.

    ``status``: "no_data", "refused" (the table cannot be analysed: see ``notices``), "no_groups",
    "single_group" (figures only) or "ok". Confidence in percent; ``alpha`` = 1 − confidence/100.
    ``date_range`` (first, last day) is set when the model comes from a change date, which then is
    ``change_date`` (inside that range). ``analysis`` is ``core.stats.one_way``'s result.
    """

    status: str
    sources: tuple[DataSource, ...]
    settings: dict
    is_sample: bool
    names: dict
    confidence: float = CONFIDENCE.default
    alpha: float = 1 - CONFIDENCE.default / 100
    grouping: str = GROUPING.default
    account: str = ALL_ACCOUNTS
    accounts: tuple[str, ...] = ()
    by_account: bool = False
    date_range: tuple[dt.date, dt.date] | None = None
    change_date: dt.date | None = None
    notices: tuple[Notice, ...] = ()
    prep: ab.Prepared | None = None
    data: pd.DataFrame | None = None           # the days analysed, with their ``group``
    series_days: pd.DataFrame | None = None    # the days of the chosen account(s), for the series
    analysis: stats.OneWayResult | None = None
    contrast: ab.BeforeAfter | None = None
    checks: pd.DataFrame | None = None         # test, statistic, df1, df2, p, rejected (at 5 %)
    shapiro_rejections: int = 0
    anova_rejects: bool = False
    kruskal_agrees: bool = True
    pooled: pd.DataFrame | None = None
    two_proportions: stats.TwoProportions | None = None
    chi2: stats.TestResult | None = None
    monthly: pd.DataFrame | None = None
    case_study: CaseStudy | None = None
    excluded: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def confidence_fraction(self) -> float:
        return self.confidence / 100

    @property
    def other_method(self) -> str:
        return "tukey" if self.analysis is not None and self.analysis.method == "games_howell" else "games_howell"

    @property
    def other_pairs(self) -> pd.DataFrame:
        return self.analysis.tukey if self.other_method == "tukey" else self.analysis.games_howell

    @property
    def n_groups(self) -> int:
        return 0 if self.data is None or self.data.empty else int(self.data["group"].nunique())

    @property
    def series_has_dates(self) -> bool:
        return self.data is not None and "date" in self.data.columns and bool(self.data["date"].notna().all())


# ---------------------------------------------------------------------------- compute

def date_range(raw: pd.DataFrame) -> tuple[dt.date, dt.date, dt.date] | None:
    """(first, last, median) day of a table whose model comes from a change date, else None.

    Needed only when there is no ``model`` column (or it is all blank) and there are dates."""
    if "model" in raw.columns and raw["model"].notna().any() or "date" not in raw.columns:
        return None
    dates = pd.to_datetime(raw["date"], errors="coerce").dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date(), dates.median().date()


def change_date_valid(value, first: dt.date, last: dt.date) -> bool:
    """A change date is valid when it is a date inside the data's days (first < it ≤ last would
    leave both periods non-empty, but the first day is allowed: the test then says so)."""
    return value is not None and CHANGE_DATE.valid(value) and first <= CHANGE_DATE.clean(value) <= last


def _change_date(settings: dict, raw: pd.DataFrame, notices: list) -> tuple:
    """(first, last) and the change date with its origin: her stored date when inside her data's
    range, else the median day (origin "data"), with a notice when a stored date was out of range."""
    span = date_range(raw)
    if span is None:
        return None, None
    first, last, median = span
    stored, origin = settings[CHANGE_DATE.key]
    if stored is not None and change_date_valid(stored, first, last):
        return (first, last), (stored, origin)
    if stored is not None:
        notices.append(Notice("warning", "abandonment.change_date_reset",
                              {"date": stored, "first": first, "last": last, "median": median}))
    return (first, last), (median, ORIGIN_DATA)


def _prepared(ws: Workspace) -> tuple:
    """Stage: (date range, change date with its origin, notices, prepared days or the refusal's
    catalog key) from the dataset and the change date only (not the confidence, the grouping...)."""
    notices: list[Notice] = []
    span, change = _change_date(view_settings(ws, (CHANGE_DATE,)), ws.get("abandonment"), notices)
    try:
        prep = ab.prepare(ws.get("abandonment"), change_date=change[0] if change else None)
    except ValueError as error:
        prep = str(error) if str(error) in ("abandonment.no_model", "abandonment.no_measure") else "abandonment.no_measure"
    return span, change, tuple(notices), prep


def _frame(ws: Workspace, grouping: str, chosen: str | None, names_key: tuple) -> ab.Frame:
    """Stage: the days of the grouping and account shown, with their group (not the confidence)."""
    return ab.analysis_frame(stage(_prepared, ws)[3], grouping, chosen, dict(names_key))


def _fixed_tests(ws: Workspace, grouping: str, chosen: str | None, names_key: tuple) -> tuple:
    """Stage: what the tests compute whatever the confidence (``stats.one_way_base`` and, for the
    before/after grouping, ``ab.monthly_groups``), kept while the confidence slider moves."""
    frame = stage(_frame, ws, grouping, chosen, names_key)
    months = ab.monthly_groups(stage(_prepared, ws)[3], chosen) if grouping == "model" else None
    return stats.one_way_base(frame.data, "abandon_pct", "group"), months


def _case_study(ws: Workspace) -> CaseStudy:
    """Stage: the sample's case study (its own confidences: not the one chosen on the page)."""
    return case_study(stage(_prepared, ws)[3])


def compute(ws: Workspace, names: dict | None = None) -> AbandonmentResult:
    """The abandonment view of a workspace (pure; never raises on the user's data).

    ``names``: the words of the group labels (``group_names(t)``; English by default).
    """
    names = {**ab.DEFAULT_NAMES, **(names or {})}
    settings = dict(view_settings(ws, SETTINGS, sample_settings()))
    base = dict(sources=provenance(ws, ("abandonment",)), settings=settings, is_sample=ws.is_sample,
                names=names, confidence=settings[CONFIDENCE.key][0],
                alpha=1 - settings[CONFIDENCE.key][0] / 100, grouping=settings[GROUPING.key][0])
    raw = ws.get("abandonment")
    if raw is None or not len(raw):
        return AbandonmentResult("no_data", **base)
    span, change, found, prep = stage(_prepared, ws)
    notices: list[Notice] = list(found)
    if change is not None:
        settings[CHANGE_DATE.key] = change
    if isinstance(prep, str):
        return AbandonmentResult("refused", **base, date_range=span, notices=(*notices, Notice("error", prep)))
    accounts = tuple(sorted(prep.daily["account"].unique(), key=lambda a: (len(a), a)))
    grouping = base["grouping"]
    by_account = grouping in ("account", "model_account")
    account = settings[ACCOUNT.key][0]
    if account not in (ALL_ACCOUNTS, *accounts):
        account = ALL_ACCOUNTS
        settings[ACCOUNT.key] = (ALL_ACCOUNTS, ORIGIN_DEFAULT)
    chosen = None if (by_account or account == ALL_ACCOUNTS) else account
    frame = stage(_frame, ws, grouping, chosen, tuple(sorted(names.items())))
    notices += _data_notices(prep, frame)
    series = prep.daily if chosen is None else prep.daily[prep.daily["account"] == chosen]
    common = dict(base, account=account, accounts=accounts, by_account=by_account, date_range=span,
                  change_date=change[0] if change else None, prep=prep, data=frame.data,
                  series_days=series, excluded=prep.excluded)
    n_groups = frame.data["group"].nunique()
    if n_groups < 2:
        level = "single_group" if n_groups == 1 else "no_groups"
        groups = escape_markdown(frame.data["group"].iloc[0]) if n_groups else ""
        notice = Notice("warning", "abandonment.single_group", {"groups": groups}) if n_groups \
            else Notice("error", "abandonment.no_groups")
        return AbandonmentResult(level, **common, notices=(*notices, notice))
    return _analysed(ws, common, notices, prep, frame, chosen)


def _data_notices(prep: ab.Prepared, frame: ab.Frame) -> list[Notice]:
    out = []
    if len(prep.excluded):
        out.append(Notice("warning", "abandonment.excluded_summary",
                          {"n": len(prep.excluded), "total": prep.n_input, "kept": len(prep.daily)}))
    if len(frame.small_groups):
        out.append(Notice("warning", "abandonment.small_groups", {"groups": ", ".join(
            f"{escape_markdown(g)} (n = {n})" for g, n in frame.small_groups.itertuples(index=False))}))
    return out


def _analysed(ws: Workspace, common: dict, notices: list, prep: ab.Prepared, frame: ab.Frame,
              chosen: str | None) -> AbandonmentResult:
    alpha, names = common["alpha"], common["names"]
    base, months = stage(_fixed_tests, ws, common["grouping"], chosen, tuple(sorted(names.items())))
    result = stats.one_way(frame.data, "abandon_pct", "group", alpha, base)
    contrast = ab.before_after(result, names) if common["grouping"] == "model" else None
    anova_rejects = bool(result.anova.loc["between", "p"] < alpha)
    pooled = ab.pooled_proportions(frame.data) if prep.has_counts else None
    two = chi2 = None
    if pooled is not None:
        chi2 = stats.proportions_chi2(pooled["abandoned"], pooled["offered"])
        if contrast is not None:
            cur, pro = pooled.loc[names["current"]], pooled.loc[names["proposed"]]
            two = stats.two_proportions(int(cur["abandoned"]), int(cur["offered"]),
                                        int(pro["abandoned"]), int(pro["offered"]), 0.05)
    monthly = ab.monthly_contrasts(prep, alpha, chosen, months) if contrast is not None else None
    return AbandonmentResult(
        "ok", **common, notices=tuple(notices), analysis=result, contrast=contrast,
        checks=assumption_checks(result), shapiro_rejections=shapiro_rejections(result.shapiro),
        anova_rejects=anova_rejects, kruskal_agrees=bool((result.kruskal.p < alpha) == anova_rejects),
        pooled=pooled, two_proportions=two, chi2=chi2, monthly=monthly,
        case_study=stage(_case_study, ws) if ws.is_sample else None)


def shapiro_rejections(shapiro: pd.DataFrame) -> int:
    """Groups whose Shapiro–Wilk test rejects normality at 5 % (``stats.ASSUMPTION_ALPHA``),
    whatever confidence was chosen for the intervals."""
    return int((shapiro["p"] < stats.ASSUMPTION_ALPHA).sum())


def assumption_checks(result: stats.OneWayResult) -> pd.DataFrame:
    """Levene, Welch's ANOVA and Kruskal–Wallis: statistic, degrees of freedom, p, and whether the
    test rejects at 5 % (``stats.ASSUMPTION_ALPHA``)."""
    rows = [(name, r.statistic, r.df1, r.df2, r.p, bool(r.p < stats.ASSUMPTION_ALPHA))
            for name, r in (("levene", result.levene), ("welch", result.welch), ("kruskal", result.kruskal))]
    return pd.DataFrame(rows, columns=["test", "statistic", "df1", "df2", "p", "rejected"])


def case_study(prep: ab.Prepared) -> CaseStudy:
    """Seed 003's Table 28 against the published daily tables, and Table 29 (sample case only)."""
    from core.sample import sample_table, thesis_facts

    comp = ab.thesis_comparison(prep)
    at = {(r.scope, round(r.confidence, 3)): r for r in comp.itertuples()}
    explain = None
    if {("account_2", 0.934), ("account_2", 0.9), ("both", 0.934)} <= set(at):
        a2, a90, both = at[("account_2", 0.934)], at[("account_2", 0.9)], at[("both", 0.934)]
        explain = dict(d2=a2.drop, p2=a2.p, lo934=a2.low, hi934=a2.high, lo90=a90.low, hi90=a90.high,
                       db=both.drop, lob=both.low, hib=both.high, pb=both.p)
    printed = ab.printed_totals_check(prep, sample_table("abandonment_monthly_totals.csv"),
                                      thesis_facts()["pilot_results_table29"])
    return CaseStudy(dict(ab.THESIS_TABLE28), comp, ab.thesis_pairs(comp, ab.THESIS_TABLE28["confidence"]),
                     explain, printed)


# ---------------------------------------------------------------------------- text and tables

def p_text(p: float, t: Translator) -> str:
    """p-values: four decimals, "< 0.0001" below that, "–" when undefined."""
    if p is None or p != p:
        return "–"
    return f"< {t.num(0.0001, 4)}" if p < 0.0001 else t.num(p, 4)


def method_name(res: AbandonmentResult, t: Translator, method: str | None = None) -> str:
    return t(f"abandonment.method.{method or res.analysis.method}")


def notice_text(notice: Notice, t: Translator) -> str:
    """A notice of this view in the user's language (numbers and dates formatted)."""
    params = {k: (t.int(v) if isinstance(v, int) else str(v)) for k, v in notice.params.items()}
    return t(notice.key, **params)


def conclusion(res: AbandonmentResult, t: Translator) -> list[str]:
    """The conclusion: the lead paragraph (the contrast or the ANOVA, then Levene), then one
    paragraph per further reading (normality, pooled calls, month by month)."""
    if res.analysis is None:
        return []
    r, conf, method = res.analysis, t.pct(res.confidence_fraction, 1), method_name(res, t)
    c = res.contrast
    if c is not None:
        common = dict(cur=t.num(c.mean_current, 2), pro=t.num(c.mean_proposed, 2), n_cur=t.int(c.n_current),
                      n_pro=t.int(c.n_proposed), conf=conf, low=t.num(c.low, 2), high=t.num(c.high, 2),
                      method=method, p=p_text(c.p, t))
        lead = (t("abandonment.conclusion.fell", drop=t.num(c.drop, 2), **common) if c.drop >= 0
                else t("abandonment.conclusion.rose", rise=t.num(-c.drop, 2), **common))
        lead += " " + t("abandonment.conclusion.real" if c.significant else "abandonment.conclusion.not_real")
    else:
        lead = t("abandonment.conclusion.groups",
                 verdict=t("abandonment.verdict.rejects" if res.anova_rejects else "abandonment.verdict.not_rejects"),
                 k=res.n_groups, f=t.num(r.anova.loc["between", "f"], 2), p=p_text(r.anova.loc["between", "p"], t),
                 n=t.int(r.describe["n"].sum()), conf=conf, m=int(r.pairs["reject"].sum()), pairs=len(r.pairs),
                 method=method, letters="; ".join(f"{escape_markdown(g)}: {v}" for g, v in r.letters.items()))
    lead += " " + t("abandonment.conclusion.equal_var" if r.equal_variances
                    else "abandonment.conclusion.unequal_var", p=p_text(r.levene.p, t))
    out = [lead, _normality_sentence(res, t)]
    if res.two_proportions is not None:
        two = res.two_proportions
        out.append(t("abandonment.conclusion.pooled", cur=t.num(100 * two.p1, 2), pro=t.num(100 * two.p2, 2),
                     diff=t.num(100 * two.diff, 2), low=t.num(100 * two.low, 2), high=t.num(100 * two.high, 2),
                     p=p_text(two.p, t)))
    elif res.prep is not None and not res.prep.has_counts:
        out.append(t("abandonment.conclusion.days_weigh"))
    seasonal = _seasonal_sentence(res, t)
    return out + ([seasonal] if seasonal else [])


def _normality_sentence(res: AbandonmentResult, t: Translator) -> str:
    r = res.analysis
    if not res.shapiro_rejections:
        return t("abandonment.conclusion.normal_ok")
    return t("abandonment.conclusion.normality", k=res.shapiro_rejections, n=len(r.shapiro),
             min_n=t.int(r.describe["n"].min()), p=p_text(r.kruskal.p, t),
             verdict=t("abandonment.conclusion.kw_agrees" if res.kruskal_agrees
                       else "abandonment.conclusion.kw_disagrees"))


def _seasonal_sentence(res: AbandonmentResult, t: Translator) -> str | None:
    months = res.monthly
    if months is None or len(months) < 2:
        return None
    label = res.names["month"]
    sig = [label.format(m) for m in months.loc[months.significant, "month"]]
    not_sig = [label.format(m) for m in months.loc[~months.significant, "month"]]
    if sig and not_sig:
        return t("abandonment.conclusion.seasonal", months_sig=", ".join(sig), months_not=", ".join(not_sig))
    return t("abandonment.conclusion.seasonal_all" if sig else "abandonment.conclusion.seasonal_none")


def _yes_no(flag: bool, t: Translator) -> str:
    return t("abandonment.yes") if flag else t("abandonment.no")


def pairs_table(pairs: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """A pairwise table (group1, group2, meandiff = group2 − group1, interval, adjusted p, reject)."""
    return pd.DataFrame({
        t("abandonment.col.group_a"): pairs["group1"].astype(str),
        t("abandonment.col.group_b"): pairs["group2"].astype(str),
        t("abandonment.col.diff"): [t.num(v, 3) for v in pairs["meandiff"]],
        t("abandonment.col.lower"): [t.num(v, 3) for v in pairs["lower"]],
        t("abandonment.col.upper"): [t.num(v, 3) for v in pairs["upper"]],
        t("abandonment.col.p_adj"): [p_text(v, t) for v in pairs["p_adj"]],
        t("abandonment.col.reject"): [_yes_no(v, t) for v in pairs["reject"]],
    })


def describe_table(res: AbandonmentResult, t: Translator) -> pd.DataFrame:
    desc, conf = res.analysis.describe, t.pct(res.confidence_fraction, 1)
    return pd.DataFrame({
        t("abandonment.col.group"): desc.index.astype(str),
        t("abandonment.col.n"): [t.int(v) for v in desc["n"]],
        t("abandonment.col.mean"): [t.num(v, 3) for v in desc["mean"]],
        t("abandonment.col.mean_ci", conf=conf): [f"{t.num(a, 2)} – {t.num(b, 2)}"
                                                   for a, b in zip(desc["mean_low"], desc["mean_high"])],
        t("abandonment.col.sd"): [t.num(v, 3) for v in desc["sd"]],
        t("abandonment.col.median"): [t.num(v, 2) for v in desc["median"]],
        t("abandonment.col.min"): [t.num(v, 1) for v in desc["min"]],
        t("abandonment.col.max"): [t.num(v, 1) for v in desc["max"]],
        t("abandonment.col.letters"): [res.analysis.letters.get(g, "") for g in desc.index],
    })


def anova_table(res: AbandonmentResult, t: Translator) -> pd.DataFrame:
    anova = res.analysis.anova
    return pd.DataFrame({
        t("abandonment.col.source"): [t(f"abandonment.source.{s}") for s in anova.index],
        t("abandonment.col.ss"): [t.num(v, 3) for v in anova["ss"]],
        t("abandonment.col.df"): [t.int(v) for v in anova["df"]],
        t("abandonment.col.ms"): [t.num(v, 3) if v == v else "" for v in anova["ms"]],
        t("abandonment.col.f"): [t.num(v, 3) if v == v else "" for v in anova["f"]],
        t("abandonment.col.p"): [p_text(v, t) if v == v else "" for v in anova["p"]],
    })


def checks_table(res: AbandonmentResult, t: Translator) -> pd.DataFrame:
    checks = res.checks
    df_text = [t.num(a, 0) if b != b else f"{t.num(a, 0)}; {t.num(b, 0 if float(b).is_integer() else 1)}"
               for a, b in zip(checks["df1"], checks["df2"])]
    return pd.DataFrame({
        t("abandonment.check_col.test"): [t(f"abandonment.check.{name}") for name in checks["test"]],
        t("abandonment.check_col.statistic"): [t.num(v, 3) for v in checks["statistic"]],
        t("abandonment.check_col.df"): df_text,
        t("abandonment.check_col.p"): [p_text(v, t) for v in checks["p"]],
        t("abandonment.check_col.reading"): [t("abandonment.check.rejected" if v else "abandonment.check.not_rejected")
                                             for v in checks["rejected"]],
    })


def shapiro_table(res: AbandonmentResult, t: Translator) -> pd.DataFrame:
    sw = res.analysis.shapiro
    return pd.DataFrame({
        t("abandonment.col.group"): sw.index.astype(str),
        t("abandonment.col.n"): [t.int(v) for v in sw["n"]],
        t("abandonment.col.w"): [t.num(v, 4) for v in sw["w"]],
        t("abandonment.col.p"): [p_text(v, t) for v in sw["p"]],
    })


def pooled_table(res: AbandonmentResult, t: Translator) -> pd.DataFrame:
    pooled = res.pooled
    return pd.DataFrame({
        t("abandonment.col.group"): pooled.index.astype(str),
        t("abandonment.col.n"): [t.int(v) for v in pooled["days"]],
        t("abandonment.col.offered"): [t.int(v) for v in pooled["offered"]],
        t("abandonment.col.abandoned"): [t.int(v) for v in pooled["abandoned"]],
        t("abandonment.col.pooled_pct"): [t.num(v, 2) for v in pooled["pooled_pct"]],
        t("abandonment.col.pooled_ci"): [f"{t.num(a, 2)} – {t.num(b, 2)}" for a, b in zip(pooled["low"], pooled["high"])],
        t("abandonment.col.mean_daily"): [t.num(v, 2) for v in pooled["mean_daily_pct"]],
    })


def excluded_table(res: AbandonmentResult, t: Translator) -> pd.DataFrame:
    shown = res.excluded.assign(reason=res.excluded["reason"].map(lambda r: t(f"abandonment.reason.{r}")))
    shown = shown.rename(columns={c: t(f"abandonment.col.{c}") for c in shown.columns})
    return display_texts(shown, t)   # text cells in the language; a blank cell reads "–", never "nan"


def case_study_table(case: CaseStudy, t: Translator) -> pd.DataFrame:
    """Table 28 as printed, then our contrast under each reading of it."""
    ref = case.table28
    rows = [(t("abandonment.thesis_row.thesis"), ref["confidence"], ref["drop"], ref["low"], ref["high"],
             float("nan"), "", "")]
    rows += [(t(f"abandonment.thesis_row.{r.scope}"), r.confidence, r.drop, r.low, r.high, r.p,
              t(f"abandonment.method.{r.method}"), f"{t.int(r.n_current)} / {t.int(r.n_proposed)}")
             for r in case.comparison.itertuples()]
    return pd.DataFrame({
        t("abandonment.col.scope"): [r[0] for r in rows],
        t("abandonment.col.confidence"): [t.pct(r[1], 1) for r in rows],
        t("abandonment.col.drop"): [t.num(r[2], 3) for r in rows],
        t("abandonment.col.lower"): [t.num(r[3], 3) for r in rows],
        t("abandonment.col.upper"): [t.num(r[4], 3) for r in rows],
        t("abandonment.col.p_adj"): [p_text(r[5], t) for r in rows],
        t("abandonment.col.method"): [r[6] for r in rows],
        t("abandonment.col.days_cp"): [r[7] for r in rows],
    })


def case_study_explanation(case: CaseStudy, t: Translator) -> str | None:
    e = case.explain
    if e is None:
        return None
    return t("abandonment.thesis_explain", d2=t.num(e["d2"], 3), p2=t.num(e["p2"], 4), lo934=t.num(e["lo934"], 3),
             hi934=t.num(e["hi934"], 3), lo90=t.num(e["lo90"], 2), hi90=t.num(e["hi90"], 2), db=t.num(e["db"], 2),
             lob=t.num(e["lob"], 2), hib=t.num(e["hib"], 2), pb=p_text(e["pb"], t))


def printed_table(case: CaseStudy, names: dict, t: Translator) -> pd.DataFrame:
    check = case.printed
    return pd.DataFrame({
        t("abandonment.col.account"): check["account"].astype(str),
        t("abandonment.col.model"): [names.get(m, m) for m in check["model"]],
        t("abandonment.col.month"): [t.int(m) for m in check["month"]],
        t("abandonment.col.n"): [t.int(v) for v in check["days"]],
        t("abandonment.col.mean_daily"): [t.num(v, 2) for v in check["mean_daily_pct"]],
        t("abandonment.col.total_printed"): [t.num(v, 1) for v in check["total_printed_pct"]],
        t("abandonment.col.table29"): ["" if v != v else f"{t.num(v, 2)} ({t.num(a, 2)} – {t.num(b, 2)})"
                                       for v, a, b in zip(check["table29_pct"], check["table29_low"],
                                                          check["table29_high"])],
    })
