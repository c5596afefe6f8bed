"""core.views.staffing.compute: the week plan from the user's own traffic (interval length, handle
time and its origin, peak agents), patience from her call records, current vs proposed, the
call-weighted day averages, and the report section rendering the same result.

Expected staffing numbers come from a textbook Erlang C written here (math.factorial), not from
core.queueing."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core import queueing
from core.i18n import Translator
from core.report import staffing as report_section
from core.sample import sample_workspace, own_data_workspace
from core.views import staffing as view


# ---------------------------------------------------------------- an independent Erlang C (textbook)

def textbook_sl(rate_per_h: float, aht_s: float, agents: int, t_s: float) -> float:
    """Erlang C service level: A = λ·AHT; C = (A^s/s! · s/(s−A)) / (Σ_{k<s} A^k/k! + A^s/s! · s/(s−A));
    SL = 1 − C·exp(−(s − A)·t/AHT) (Gross & Harris; Koole, Call Center Mathematics, ch. 4)."""
    a = rate_per_h * aht_s / 3600.0
    if a >= agents:
        return float("-inf")
    top = a ** agents / math.factorial(agents) * agents / (agents - a)
    c = top / (sum(a ** k / math.factorial(k) for k in range(agents)) + top)
    return 1.0 - c * math.exp(-(agents - a) * t_s / aht_s)


def textbook_agents(rate_per_h, aht_s, target=0.8, t_s=20.0) -> int:
    n = 1
    while textbook_sl(rate_per_h, aht_s, n, t_s) < target:
        n += 1
    return n


def test_the_textbook_formula_matches_a_hand_calculation():
    # A = 40 calls/h · 180 s / 3600 = 2 Erlangs on 3 agents: Σ_{k<3} 2^k/k! = 1 + 2 + 2 = 5,
    # 2³/3! · 3/(3 − 2) = 4, C = 4 / 9; SL(20 s) = 1 − 4/9 · e^{−(3 − 2)·20/180}
    assert textbook_sl(40, 180, 3, 20) == pytest.approx(1 - 4 / 9 * math.exp(-1 / 9), rel=1e-12)


# ---------------------------------------------------------------- user-made traffic

def her_traffic(aht=True, weeks=2) -> pd.DataFrame:
    """Her own traffic, as it reads after intake: 30-minute intervals, Monday and Tuesday 07:00-11:30,
    over two weeks. The busiest slot is Monday 09:00 with 30 calls per half hour (60 calls/h) in both
    weeks; the handle time is 240 s everywhere."""
    rows = []
    for week in range(weeks):
        for day, base in ((0, 10), (1, 6)):
            start = pd.Timestamp("2024-03-04") + pd.Timedelta(days=7 * week + day)
            for i in range(10):
                ts = start + pd.Timedelta(hours=7, minutes=30 * i)
                offered = 30 if (day == 0 and ts.strftime("%H:%M") == "09:00") else base + i
                rows.append((ts, offered, offered - 1, 1, 240.0))
    df = pd.DataFrame(rows, columns=["interval_start", "offered", "answered", "abandoned", "aht_s"])
    df[["offered", "answered", "abandoned"]] = df[["offered", "answered", "abandoned"]].astype("Int64")
    return df if aht else df.drop(columns="aht_s")


def her_workspace(aht=True, cdr=None) -> object:
    ws = own_data_workspace("Mis datos")
    ws.put("traffic", her_traffic(aht), "mis_datos.csv")
    if cdr is not None:
        ws.put("cdr", cdr, "llamadas.csv")
    return ws


def her_cdr() -> pd.DataFrame:
    # waits 10 (abandoned), 20 (answered), 30 (abandoned), 40 (answered): the censored MLE of the mean
    # patience is (10 + 20 + 30 + 40) / 2 abandoned = 50 s
    return pd.DataFrame({"call_start": pd.to_datetime(["2024-03-04 09:01", "2024-03-04 09:02",
                                                       "2024-03-04 09:03", "2024-03-04 09:04"]),
                         "wait_s": [10.0, 20.0, 30.0, 40.0], "talk_s": [0.0, 200.0, 0.0, 250.0],
                         "abandoned": pd.array([True, False, True, False], dtype="boolean")})


def test_week_plan_of_her_30_minute_traffic():
    res = view.compute(her_workspace())
    week = res.week
    assert week is not None and res.notices == ()
    assert week.minutes == 30
    assert week.aht_s == 240.0 and week.aht_origin == "data"
    # Monday 09:00: 30 calls / 30 min = 60 calls/h; A = 60 · 240 / 3600 = 4 Erlangs.
    # Textbook: 6 agents give SL 0.759, 7 give 0.899 -> 7 for 80/20.
    assert textbook_agents(60, 240) == 7
    assert week.peak_agents == 7
    assert (week.peak_weekday, week.peak_time) == (0, "09:00")
    assert week.weeks == 2
    peak_row = week.week.set_index(["weekday", "time"]).loc[(0, "09:00")]
    assert peak_row["traffic"] == pytest.approx(4.0)
    assert [s.source for s in res.sources] == ["mis_datos.csv"]


def test_without_an_aht_column_the_setting_is_used_and_said():
    res = view.compute(her_workspace(aht=False))
    assert res.week.aht_origin == "default" and res.week.aht_s == 300.0
    assert [n.key for n in res.notices] == ["staffing.notice.aht_from_setting"]
    # 60 calls/h at 300 s = 5 Erlangs -> textbook requirement
    assert res.week.peak_agents == textbook_agents(60, 300)
    ws = her_workspace(aht=False)
    ws.settings["staffing.aht_s"] = 240.0
    res = view.compute(ws)
    assert res.week.aht_origin == "user" and res.week.peak_agents == 7  # the same as the file's 240 s


def test_one_row_per_day_is_refused_with_a_message():
    days = pd.DataFrame({"interval_start": pd.date_range("2024-03-04", periods=14, freq="D"),
                         "offered": [400] * 14, "answered": [380] * 14, "abandoned": [20] * 14})
    ws = own_data_workspace()
    ws.put("traffic", days, "diario.csv")
    res = view.compute(ws)
    assert res.week is None
    assert [(n.level, n.key) for n in res.notices] == [("error", "staffing.notice.one_per_day")]
    assert res.notices[0].params["rows"] == 14


def test_uneven_interval_starts_get_a_warning():
    df = her_traffic()
    df.loc[3, "interval_start"] = df.loc[3, "interval_start"] + pd.Timedelta(minutes=7)
    ws = own_data_workspace()
    ws.put("traffic", df, "mis_datos.csv")
    res = view.compute(ws)
    assert res.week.minutes == 30
    warn = [n for n in res.notices if n.key == "staffing.notice.irregular"]
    assert warn and warn[0].params["n"] == 2  # 08:30 -> 08:37 and 08:37 -> 09:00


def test_one_shift_starts_from_her_busiest_interval():
    res = view.compute(her_workspace())
    # morning (06-14 h): Monday 09:00, 60 calls/h; her AHT 240 s; agents = what that interval needs
    assert res.settings["staffing.morning.rate"] == (60.0, "data")
    assert res.settings["staffing.morning.aht"] == (240.0, "data")
    assert res.settings["staffing.morning.agents"] == (7, "data")
    assert res.one.erlang_c.service_level == pytest.approx(textbook_sl(60, 240, 7, 20), abs=1e-9)
    # without data for a shift the neutral default stays (no call between 14 and 06 h): fallback to
    # her busiest interval overall is a data value too
    assert res.settings["staffing.night.rate"][1] == "data"


def test_patience_from_her_call_records_or_the_setting():
    res = view.compute(her_workspace(cdr=her_cdr()))
    assert res.patience.mean_patience == 50.0
    assert res.settings["staffing.morning.patience"] == (50.0, "data")
    assert res.one.patience == 50.0
    res = view.compute(her_workspace())
    assert res.patience is None
    assert res.settings["staffing.morning.patience"] == (120.0, "default")


def test_call_weighted_average_by_hand():
    # (0.02·47.7 + 0.01·35.4 + 0.05·20.4) / (47.7 + 35.4 + 20.4) = 2.328 / 103.5
    assert view.call_weighted([0.02, 0.01, 0.05], [47.7, 35.4, 20.4]) == pytest.approx(2.328 / 103.5)
    assert view.call_weighted([0.3], [0.0]) is None


def test_day_average_weights_the_shifts_by_their_calls():
    res = view.compute(sample_workspace())
    v = {k: val for k, (val, _) in res.settings.items()}
    parts = [queueing.erlang_a(v[f"staffing.{s}.rate"], v[f"staffing.{s}.aht"], v[f"staffing.{s}.front"],
                               v[f"staffing.{s}.patience"], 20.0) for s in view.SHIFTS]
    rates = [v[f"staffing.{s}.rate"] for s in view.SHIFTS]
    expected = sum(r * p.p_abandon for r, p in zip(rates, parts)) / sum(rates)
    assert res.compare.day["current"]["p_abandon"] == pytest.approx(expected, rel=1e-12)


def test_patience_default_rounds_to_5_s_and_stays_in_range():
    from core.traffic import PatienceEstimate

    est = lambda m: PatienceEstimate(m, m, m, m, 10, 2, 10 * m)  # noqa: E731
    assert view.patience_default(est(87.4)) == 85.0
    assert view.patience_default(est(88.0)) == 90.0
    assert view.patience_default(est(1.0)) == 5.0        # the range starts at 5 s
    assert view.patience_default(est(99999.0)) == 1800.0
    assert view.patience_default(None) is None


# ---------------------------------------------------------------- the sample case

def test_sample_current_and_proposed_differ():
    res = view.compute(sample_workspace())
    cmp = res.compare
    assert res.value("staffing.morning.aht") == 270.0 and res.value("staffing.morning.aht_proposed") == 210.0
    assert res.origin("staffing.morning.aht_proposed") == "sample"
    assert not cmp.same
    assert cmp.current.wq_total == pytest.approx(76.48, abs=0.01)     # Follow-up 5 agents at 270 s dominates
    assert cmp.proposed.wq_total < cmp.current.wq_total / 2
    assert cmp.required_proposed < cmp.required_current
    assert cmp.day["proposed"]["p_abandon"] < cmp.day["current"]["p_abandon"]
    assert res.case is not None and res.case["table8"]["front"]["morning"] == 17
    # pilot Table 29 from its own counts: 280 / (8903 + 280)
    assert res.case["pilot"][0]["abandon_counts"] == pytest.approx(280 / 9183)


def test_sample_week_and_settings_origins():
    res = view.compute(sample_workspace())
    assert res.week.minutes == 30 and res.week.aht_origin == "data"
    assert res.settings["staffing.sl_target"] == (0.8, "sample")
    assert res.settings["staffing.morning.agents"] == (17, "sample")
    assert res.settings["staffing.shrinkage"] == (0.3, "default")


def test_her_result_does_not_depend_on_other_views_sample_data():
    alone = view.compute(her_workspace())
    ws = her_workspace()
    sample = sample_workspace()
    for name in ("servqual", "journey_responses", "abandonment", "indicators"):
        if sample.get(name) is not None:
            ws.put(name, sample.get(name), "sample")
    mixed = view.compute(ws)
    assert mixed.week.peak_agents == alone.week.peak_agents
    assert mixed.week.week.equals(alone.week.week)
    assert mixed.settings == alone.settings
    assert mixed.case is None


@pytest.mark.parametrize("bad", [-5, 100000, "NaN", float("nan"), {"a": 1}, [1, 2], None, True])
def test_bad_settings_fall_back_to_defaults(bad):
    ws = her_workspace()
    for key in ("staffing.morning.rate", "staffing.morning.agents", "staffing.sl_target", "staffing.threshold_s",
                "staffing.shift", "staffing.shrinkage", "staffing.queue", "staffing.morning.share"):
        ws.settings[key] = bad
    res = view.compute(ws)
    assert res.one is not None and res.week.peak_agents == 7
    assert res.settings["staffing.morning.rate"] == (60.0, "data")
    assert res.value("staffing.shift") == "morning"


# ---------------------------------------------------------------- the report renders the same result

@pytest.mark.parametrize("make", [sample_workspace, her_workspace], ids=["sample", "user"])
def test_report_section_shows_the_same_peak(make):
    ws = make()
    res = view.compute(ws)
    for lang in ("es", "en"):
        t = Translator(lang)
        sec = report_section.section(ws, t)
        assert f"**{t.int(res.week.peak_agents)}" in sec.paragraphs[0]
        assert t("staffing.week.aht_origin.data", aht=t.num(res.week.aht_s, 0)) in sec.paragraphs
        table = next(iter(sec.tables.values()))
        assert table[t("staffing.week.col.agents")].max() == res.week.peak_agents


def test_report_of_daily_traffic_says_why():
    days = pd.DataFrame({"interval_start": pd.date_range("2024-03-04", periods=7, freq="D"),
                         "offered": [400] * 7})
    ws = own_data_workspace()
    ws.put("traffic", days, "diario.csv")
    t = Translator("es")
    sec = report_section.section(ws, t)
    assert sec.note == t("staffing.notice.one_per_day", rows=t.int(7))
    assert np.isfinite(len(sec.paragraphs))


# ---------------------------------------------------------------- the headline story (issue 17)

def textbook_wq(rate_per_h: float, aht_s: float, agents: int) -> float:
    """Erlang C mean wait Wq = C·AHT/(s − A), C as in textbook_sl (seconds)."""
    a = rate_per_h * aht_s / 3600.0
    top = a ** agents / math.factorial(agents) * agents / (agents - a)
    c = top / (sum(a ** k / math.factorial(k) for k in range(agents)) + top)
    return c * aht_s / (agents - a)


def birth_death_abandon(rate_per_h: float, aht_s: float, agents: int, patience_s: float) -> float:
    """Erlang A P(abandon) = θ·Lq/λ by summing the birth-death chain π_n (π_n = π_{n−1}·λ / (min(n,s)·μ
    + max(n−s,0)·θ)) far past where its terms vanish, in plain floats."""
    lam, mu, th = rate_per_h / 3600.0, 1.0 / aht_s, 1.0 / patience_s
    pi, n = [1.0], 1
    while n < agents + 2000:
        pi.append(pi[-1] * lam / (min(n, agents) * mu + max(n - agents, 0) * th))
        n += 1
    lq = sum((k - agents) * p for k, p in enumerate(pi) if k > agents)
    return th * lq / sum(pi) / lam


def test_sample_story_numbers_against_a_textbook_erlang_c():
    # sample morning shift (thesis 003 Table 8, λ = 1,431 / 30 = 47.7 calls/h):
    # current Front 17 -> Coordination 14 -> Follow-up 5, every call at 4:30 = 270 s;
    # proposed Front+Coordination 31 -> Follow-up 5, at 3:30 = 210 s
    res = view.compute(sample_workspace("es"))
    story = res.compare.story
    wq_current = textbook_wq(47.7, 270, 17) + textbook_wq(47.7, 270, 14) + textbook_wq(47.7, 270, 5)
    wq_proposed = textbook_wq(47.7, 210, 31) + textbook_wq(47.7, 210, 5)
    assert story["wq_c"] == pytest.approx(wq_current, rel=1e-9)
    assert story["wq_p"] == pytest.approx(wq_proposed, rel=1e-9)
    assert round(wq_current, 1) == 76.5 and round(wq_proposed, 1) == 17.6
    # agents the 80/20 goal needs at each station (the textbook search), summed over the line
    assert textbook_agents(47.7, 270) == 6 and textbook_agents(47.7, 210) == 5
    assert (story["need_c"], story["need_p"]) == (3 * 6, 2 * 5)
    assert (story["agents_c"], story["agents_p"], story["queues_c"], story["queues_p"]) == (36, 36, 3, 2)
    assert (story["aht_c"], story["aht_p"]) == (270.0, 210.0)


def test_sample_story_day_abandonment_against_the_birth_death_chain():
    res = view.compute(sample_workspace("es"))
    rates = {"morning": 47.7, "afternoon": 35.4, "night": 20.4}
    front = {"morning": 17, "afternoon": 12, "night": 3}      # Table 8
    merged = {"morning": 31, "afternoon": 24, "night": 5}     # Front + Coordination
    patience = res.value("staffing.morning.patience")        # from the sample's call records
    assert patience == 90.0
    day = {line: sum(rates[s] * birth_death_abandon(rates[s], aht, n[s], patience) for s in rates) / sum(rates.values())
           for line, aht, n in (("current", 270, front), ("proposed", 210, merged))}
    assert res.compare.story["day_c"] == pytest.approx(day["current"], rel=1e-6)
    assert res.compare.story["day_p"] == pytest.approx(day["proposed"], rel=1e-6)
    assert round(100 * day["current"], 2) == 1.86 and round(100 * day["proposed"], 2) == 0.05


@pytest.mark.parametrize("lang, change, effect, pilot", [
    ("es", "el tiempo de atención baja de 4:30 a 3:30 minutos, y cada llamada pasa por 2 colas en vez de 3, "
           "con los mismos 36 agentes reorganizados",
     "espera total de **76,5 s a 17,6 s**; agentes necesarios para la meta de 18 a 10; "
     "abandono del día (Erlang A, tres franjas) de **1,86 % a 0,05 %**",
     "bajó de 4,1 % a 2,5 % (cuenta 1) y de 4,1 % a 2,7 % (cuenta 2)"),
    ("en", "handle time falls from 4:30 to 3:30 minutes, and each call goes through 2 queues instead of 3, "
           "with the same 36 agents, reorganised",
     "end-to-end wait from **76.5 s to 17.6 s**; agents the service goal needs from 18 to 10; "
     "the day's abandonment (Erlang A, three shifts) from **1.86 % to 0.05 %**",
     "fell from 4.1 % to 2.5 % (account 1) and from 4.1 % to 2.7 % (account 2)"),
])
def test_sample_story_sentence_says_what_changes(lang, change, effect, pilot):
    ws = sample_workspace(lang)
    text = " ".join(view.story_sentences(view.compute(ws), Translator(lang), sample=ws.is_sample))
    assert change in text and effect in text
    # thesis 003 daily abandonment (mean of the days): 4.08 -> 2.47 % and 4.10 -> 2.66 %
    assert pilot in text
    assert view.clock(270) == "4:30" and view.clock(210) == "3:30" and view.clock(59.6) == "1:00"


def test_no_story_when_nothing_changes_and_none_for_her_data_without_a_proposal():
    ws = sample_workspace()
    k = "staffing.morning."
    ws.settings.update({k + "aht_proposed": 270.0, k + "merged": 17, k + "coordination": 0})
    ws.settings[k + "follow_up_proposed"] = 5
    res = view.compute(ws)
    assert res.compare.same and res.compare.story is None
    assert view.story_sentences(res, Translator("es")) == []
    mine = view.compute(own_data_workspace())
    assert mine.compare.same and view.story_sentences(mine, Translator("en")) == []
