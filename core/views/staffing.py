"""The staffing view's model: everything app_pages/staffing.py, the report and the deck show.

``compute(ws) -> StaffingResult``: the week plan from the user's traffic (interval length, handle
time and their origins, peak agents), one shift with Erlang C and Erlang A, current vs proposed
process, the call-weighted day averages, callers' patience from her call records, and (sample
workspace only) the thesis' case-study tables. Pure: no streamlit, no I/O; problems in the data
become ``Notice``s, never exceptions.

Settings (``SETTINGS``) are neutral; where the user's data can give a better start (the busiest
interval's rate, the file's handle time, the patience from call records) that value is used and its
origin is "data". The sample case's values (thesis 003: Table 8 agents, the Front's λ ÷ 30 days,
AHT 4:30 now and 3:30 proposed, SLA 80/20) come only through ``sample_settings()``.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from core import queueing, traffic
from core.cdr_upload import streamed_patience
from core.settings import ORIGIN_DATA, ORIGIN_DEFAULT, ORIGIN_SAMPLE, ORIGIN_USER, Setting
from core.views import DataSource, Notice, provenance, stage
from core.workspace import Workspace

SHIFTS = ("morning", "afternoon", "night")
#: clock hours of each shift (the sample's synthetic traffic is built on these; thesis 003 does not
#: state the boundaries of its franjas): start hour, length in hours
SHIFT_HOURS = {"morning": (6, 8), "afternoon": (14, 8), "night": (22, 8)}
SHIFT_START = {s: f"{h:02d}:00" for s, (h, _) in SHIFT_HOURS.items()}
HOURS_PER_SHIFT = 8.0
GROUPS_CURRENT = ("front", "coordination", "follow_up")
GROUPS_PROPOSED = ("merged", "follow_up_proposed")
CDR_INTERVAL_MIN = 30


def _shift_settings(s: str) -> tuple[Setting, ...]:
    k = f"staffing.{s}."
    return (
        Setting(k + "rate", "float", 60.0, min=0.1, max=2000.0),        # calls per hour
        Setting(k + "agents", "int", 10, min=1, max=500),
        Setting(k + "aht", "float", 300.0, min=10.0, max=1800.0),       # s, the current process
        Setting(k + "aht_proposed", "float", None, min=10.0, max=1800.0),  # None: same as aht
        Setting(k + "patience", "float", 120.0, min=5.0, max=1800.0),    # s
        Setting(k + "front", "int", None, min=0, max=500),              # None: the shift's agents
        Setting(k + "coordination", "int", 0, min=0, max=500),
        Setting(k + "follow_up", "int", 0, min=0, max=500),
        Setting(k + "merged", "int", None, min=0, max=500),             # None: front + coordination
        Setting(k + "follow_up_proposed", "int", None, min=0, max=500),  # None: follow_up
        Setting(k + "share", "float", 1.0, min=0.0, max=1.0),  # calls that go on past the first station
    )


SETTINGS: tuple[Setting, ...] = (
    Setting("staffing.shift", "choice", "morning", options=SHIFTS),
    Setting("staffing.sl_target", "float", 0.8, min=0.5, max=0.99),
    Setting("staffing.threshold_s", "float", 20.0, min=0.0, max=300.0),
    Setting("staffing.sl_definition", "choice", queueing.SL_DEFINITIONS[0], options=tuple(queueing.SL_DEFINITIONS)),
    Setting("staffing.shrinkage", "float", 0.3, min=0.0, max=0.6),
    Setting("staffing.max_occupancy", "float", 1.0, min=0.5, max=1.0),   # 1 = no cap
    Setting("staffing.target_asa_s", "float", 0.0, min=0.0, max=600.0),  # 0 = no ASA goal
    Setting("staffing.cost_per_agent_hour", "float", 0.0, min=0.0, max=1e9),  # 0 = no cost shown
    Setting("staffing.aht_s", "float", 300.0, min=10.0, max=1800.0),     # week plan, file without AHT
    Setting("staffing.queue", "text", None),
) + tuple(spec for s in SHIFTS for spec in _shift_settings(s))

SPECS = {spec.key: spec for spec in SETTINGS}


def sample_settings() -> dict:
    """Thesis 003's values: SLA 80/20, Table 8 agents per group and shift, the Front's λ ÷ 30 days
    (our rescaling, said on the page), AHT 4:30 current and 3:30 proposed."""
    from core.sample import thesis_facts

    facts = thesis_facts()
    table8 = facts["agents_min_per_franja_table8"]
    rescaled = facts["erlang_c_recomputation_derived"]["hypothetical_rescaled_front_only_NOT_IN_THESIS"]
    out = {"staffing.sl_target": float(facts["sla"]["target_fraction"]),
           "staffing.threshold_s": float(facts["sla"]["answer_within_s"])}
    for s in SHIFTS:
        k = f"staffing.{s}."
        front, coord, follow = (int(table8[g][s]) for g in GROUPS_CURRENT)
        out.update({k + "rate": round(float(rescaled[s]["lambda_front_per_h"]), 1), k + "agents": front,
                    k + "aht": float(facts["aht"]["current_s"]), k + "aht_proposed": float(facts["aht"]["proposed_s"]),
                    k + "front": front, k + "coordination": coord, k + "follow_up": follow,
                    k + "merged": front + coord, k + "follow_up_proposed": follow})
    return out


# --------------------------------------------------------------------------------------------- results

@dataclass(frozen=True)
class WeekPlan:
    """Required agents by weekday x time slot. ``aht_origin``: "data" (the file's aht_s column,
    weighted by calls) or the AHT setting's origin; ``source``: "traffic" or "cdr"."""

    week: pd.DataFrame
    minutes: int
    weeks: int
    peak_agents: int
    peak_weekday: int
    peak_time: str
    scheduled_hours: float
    aht_s: float
    aht_origin: str
    source: str
    queues: tuple[str, ...]
    queue: str | None


@dataclass(frozen=True)
class OneShift:
    shift: str
    rate: float
    aht: float
    agents: int
    patience: float
    traffic: float
    erlang_c: queueing.ErlangCResult | None
    unstable: dict | None          # traffic, agents, min_agents when Erlang C has no steady state
    erlang_a: queueing.ErlangAResult
    plan: queueing.StaffingPlan
    sweep: list


@dataclass(frozen=True)
class Comparison:
    current: queueing.TandemResult
    proposed: queueing.TandemResult
    closed_current: tuple[str, ...]
    closed_proposed: tuple[str, ...]
    abandon_current: queueing.ErlangAResult | None
    abandon_proposed: queueing.ErlangAResult | None
    required_current: int | None
    required_proposed: int | None
    aht_current: float
    aht_proposed: float
    share: float
    same: bool
    day: dict | None   # call-weighted averages over the three shifts: p_abandon/sl for current and proposed
    story: dict | None = None   # what the change does, in numbers (see story_sentences); None when nothing changes


@dataclass(frozen=True)
class StaffingResult:
    settings: dict
    sources: tuple[DataSource, ...]
    notices: tuple[Notice, ...]
    week: WeekPlan | None
    one: OneShift | None
    compare: Comparison | None
    patience: traffic.PatienceEstimate | None
    patience_problems: tuple | None
    simulation: dict | None
    case: dict | None = field(default=None)

    def value(self, key: str):
        return self.settings[key][0]

    def origin(self, key: str) -> str:
        return self.settings[key][1]


# --------------------------------------------------------------------------------------------- formulas

def call_weighted(values, weights) -> float | None:
    """sum(w_i x v_i) / sum(w_i): e.g. a day's abandonment from the shifts' abandonment weighted by
    their calls per hour (each shift lasts the same 8 hours). None without positive weight."""
    v, w = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    total = float(w.sum())
    return None if v.size == 0 or total <= 0 else float((w * v).sum() / total)


def patience_default(estimate: traffic.PatienceEstimate | None, spec: Setting | None = None) -> float | None:
    """The patience widget's start from call records: the estimate rounded to 5 s and kept inside
    the setting's range (the widget moves in 5-s steps)."""
    if estimate is None:
        return None
    spec = spec or SPECS["staffing.morning.patience"]
    value = 5.0 * round(estimate.mean_patience / 5.0)
    return float(min(spec.max, max(spec.min, value)))


def problem_list(err: traffic.TrafficDataError) -> tuple:
    """A data error as (code, column, 1-based row numbers) triples for the page's message."""
    out = []
    for code, rows in err.problems:
        base, _, column = code.partition(":")
        out.append((base, column, tuple(int(r) + 1 for r in rows)))
    return tuple(out)


def progress_fraction(done: int, total: int) -> float:
    return 0.0 if total <= 0 else min(1.0, done / total)


def clock_minutes(clock: str) -> int:
    """"06:30" -> 390 minutes after midnight."""
    h, m = (int(x) for x in clock.split(":"))
    return h * 60 + m


def profile_numbers(profile) -> dict:
    """Mean, lowest and highest calls per hour of a core.simulation.ArrivalProfile."""
    rates = np.asarray(profile.rates, dtype=float)
    return dict(mean=float(rates.mean()), low=float(rates.min()), high=float(rates.max()))


def inside(value, low, high, tol: float = 1e-9) -> bool | None:
    """Whether an Erlang value lies in a simulated confidence interval (None when undefined)."""
    if value is None or any(pd.isna(x) for x in (value, low, high)):
        return None
    return bool(low - tol <= value <= high + tol)


# --------------------------------------------------------------------------------------------- data

def _traffic(ws: Workspace) -> tuple[pd.DataFrame | None, str | None, list[Notice]]:
    """(traffic table, "traffic" or "cdr", notices), the week's input. A stage (core.views.stage):
    a call file is aggregated once, not at every move of a slider."""
    return stage(_traffic_stage, ws)


def _traffic_stage(ws: Workspace) -> tuple[pd.DataFrame | None, str | None, list[Notice]]:
    data = ws.get("traffic")
    if data is not None:
        return data, "traffic", []
    cdr = ws.get("cdr")
    if cdr is None:
        return None, None, []
    try:
        return traffic.aggregate_cdr(cdr, CDR_INTERVAL_MIN), "cdr", [Notice("info", "staffing.week.from_cdr")]
    except traffic.TrafficDataError as err:
        return None, None, [Notice("error", "staffing.week.bad", {"problems": problem_list(err)})]


def _select_queue(data: pd.DataFrame, wanted) -> tuple[pd.DataFrame, tuple[str, ...], str | None]:
    if "queue" not in data.columns or data["queue"].nunique(dropna=True) <= 1:
        return data, (), None
    queues = tuple(sorted(str(v) for v in data["queue"].dropna().unique()))
    if wanted not in queues:
        return data, queues, None
    return data[data["queue"].astype(str) == wanted], queues, wanted


def _patience(ws: Workspace):
    """(patience estimate or None, its problems or None): from the calls kept, or from the totals of a
    call file read block by block (core.cdr_upload). A stage, as _traffic."""
    return stage(_patience_stage, ws)


def _patience_stage(ws: Workspace):
    cdr = ws.get("cdr")
    try:
        return (streamed_patience(ws) if cdr is None else traffic.estimate_patience(cdr)), None
    except traffic.TrafficDataError as err:
        return None, problem_list(err)


def _shift_mask(times: pd.Series, shift: str) -> pd.Series:
    start, length = SHIFT_HOURS[shift]
    hours = pd.to_numeric(times.str[:2], errors="coerce")
    return ((hours - start) % 24) < length


def _shift_peaks(profile: pd.DataFrame | None) -> dict:
    """shift -> the highest arrival rate (calls/h, 1 decimal) of the profile's intervals in that shift
    (of the whole profile when the shift has no calls); empty without a profile."""
    out = {}
    if profile is None or not len(profile):
        return out
    for s in SHIFTS:
        in_shift = profile[_shift_mask(profile["time"], s)]
        rows = in_shift if len(in_shift) and in_shift["arrival_rate"].max() > 0 else profile
        out[s] = round(float(rows["arrival_rate"].max()), 1)
    return out


def _derived(peaks: dict, file_aht: float | None, patience) -> dict:
    """Setting values the user's own data suggest (origin "data"); ``peaks`` from ``_shift_peaks``."""
    out = {}
    for s in SHIFTS:
        k = f"staffing.{s}."
        if s in peaks and SPECS[k + "rate"].valid(peaks[s]):
            out[k + "rate"] = peaks[s]
        if file_aht is not None and SPECS[k + "aht"].valid(round(file_aht)):
            out[k + "aht"] = float(round(file_aht))
        p = patience_default(patience, SPECS[k + "patience"])
        if p is not None:
            out[k + "patience"] = p
    return out


def _resolve(ws: Workspace, derived: dict, sample: dict) -> dict:
    """key -> (value, origin): a valid stored value (the user's; "sample" when it is the sample
    case's value in the sample workspace; "data" when it equals what her data suggest), else the
    value from her data, else the neutral default. Defaults that follow another setting
    (front = agents, merged = front + coordination...) are filled by _follow."""
    out = {}
    for spec in SETTINGS:
        stored = ws.settings.get(spec.key)
        if spec.key in ws.settings and stored is not None and spec.valid(stored):
            value = spec.clean(stored)
            if ws.is_sample and spec.key in sample and spec.clean(sample[spec.key]) == value:
                origin = ORIGIN_SAMPLE
            elif spec.key in derived and derived[spec.key] == value:
                origin = ORIGIN_DATA
            else:
                origin = ORIGIN_USER
            out[spec.key] = (value, origin)
        elif spec.key in derived:
            out[spec.key] = (derived[spec.key], ORIGIN_DATA)
        else:
            out[spec.key] = (spec.default, ORIGIN_DEFAULT)
    _follow(out)
    return out


def _follow(out: dict) -> None:
    for s in SHIFTS:
        k = f"staffing.{s}."
        rules = ((k + "aht_proposed", lambda: out[k + "aht"][0]), (k + "front", lambda: out[k + "agents"][0]),
                 (k + "merged", lambda: min(500, out[k + "front"][0] + out[k + "coordination"][0])),
                 (k + "follow_up_proposed", lambda: out[k + "follow_up"][0]))
        for key, rule in rules:
            if out[key][0] is None:
                out[key] = (rule(), ORIGIN_DEFAULT)


def _required(rate: float, aht: float, goals: dict) -> int | None:
    try:
        return int(queueing.required_agents(rate, aht, goals["sl"], goals["t"], goals["occ"], goals["asa"]))
    except (queueing.QueueInputError, ValueError):
        return None


def _goals(values: dict) -> dict:
    occ = values["staffing.max_occupancy"]
    asa = values["staffing.target_asa_s"]
    return dict(sl=values["staffing.sl_target"], t=values["staffing.threshold_s"],
                occ=None if occ >= 1.0 else occ, asa=None if asa <= 0 else asa,
                shrink=values["staffing.shrinkage"], sl_def=values["staffing.sl_definition"])


def _derive_agents(derived: dict, goals: dict) -> None:
    """With her traffic, each shift's agents start at what its busiest interval needs."""
    for s in SHIFTS:
        k = f"staffing.{s}."
        if k + "rate" in derived:
            n = _required(derived[k + "rate"], derived.get(k + "aht", SPECS[k + "aht"].default), goals)
            if n is not None and SPECS[k + "agents"].valid(n):
                derived[k + "agents"] = n


@dataclass(frozen=True)
class WeekInput:
    """What the week plan needs that no goal changes: one queue's interval profile and its AHT."""

    profile: pd.DataFrame
    minutes: int
    aht_s: float
    aht_origin: str
    source: str
    queues: tuple[str, ...]
    queue: str | None


def _week_input(data, source, queue, aht_setting: tuple) -> tuple[WeekInput | None, list[Notice]]:
    """The interval profile of one queue's traffic (the slow part of the week plan: ~90 ms on the
    sample); (None, notices) when the data cannot give one."""
    notices = []
    data, queues, queue = _select_queue(data, queue)
    try:
        traffic.check_traffic(data)
        check = traffic.check_intervals(data["interval_start"])
    except traffic.TrafficDataError as err:
        return None, [Notice("error", "staffing.week.bad", {"problems": problem_list(err)})]
    if check.one_per_day:
        return None, [Notice("error", "staffing.notice.one_per_day", {"rows": int(len(data))})]
    if check.irregular:
        notices.append(Notice("warning", "staffing.notice.irregular", {"n": check.irregular, "gaps": check.gaps,
                                                                      "minutes": check.minutes}))
    file_aht = traffic.weighted_aht(data)
    aht, aht_origin = (file_aht, ORIGIN_DATA) if file_aht is not None else aht_setting
    if file_aht is None:
        notices.append(Notice("info", "staffing.notice.aht_from_setting", {"aht": aht}))
    try:
        profile = traffic.interval_profile(data, minutes=check.minutes, default_aht=float(aht))
    except traffic.TrafficDataError as err:
        return None, notices + [Notice("error", "staffing.week.bad", {"problems": problem_list(err)})]
    return WeekInput(profile, check.minutes, float(aht), aht_origin, source, queues, queue), notices


def _week(inputs: WeekInput, goals: dict) -> tuple[WeekPlan | None, list[Notice]]:
    """The week plan: required agents of every slot for the goals."""
    profile = inputs.profile
    try:
        week = traffic.week_requirements(profile, goals["sl"], goals["t"], goals["occ"], goals["asa"], goals["shrink"])
    except traffic.TrafficDataError as err:
        return None, [Notice("error", "staffing.week.bad", {"problems": problem_list(err)})]
    except queueing.QueueInputError as err:
        return None, [Notice("error", "staffing.bad_input", {"field": err.field, "reason": err.reason})]
    peak = week.loc[week["agents"].idxmax()]
    hours = float(week["scheduled"].sum()) * inputs.minutes / 60.0
    return WeekPlan(week, inputs.minutes, int(profile["n"].max()), int(peak["agents"]), int(peak["weekday"]),
                    str(peak["time"]), hours, inputs.aht_s, inputs.aht_origin, inputs.source, inputs.queues,
                    inputs.queue), []


@functools.lru_cache(maxsize=4096)
def _sweep_row(rate: float, aht: float, agents: int, patience: float, target_t: float, sl_def: str) -> tuple:
    """One row of the SL-vs-agents sweep (core.queueing.sweep_agents) as (key, value) pairs, kept: the
    chart's window moves with the agents slider, and a move recomputes only the rows it had not shown."""
    return tuple(queueing.sweep_agents(rate, aht, [agents], patience, target_t, sl_def)[0].items())


def _one_shift(v: dict, goals: dict, shift: str) -> OneShift:
    k = f"staffing.{shift}."
    rate, aht, agents, patience = v[k + "rate"], v[k + "aht"], v[k + "agents"], v[k + "patience"]
    res_c, unstable = None, None
    try:
        res_c = queueing.erlang_c(rate, aht, agents, goals["t"])
    except queueing.UnstableQueueError as err:
        unstable = dict(traffic=err.traffic, agents=err.agents, min_agents=err.min_agents)
    res_a = queueing.erlang_a(rate, aht, agents, patience, goals["t"], sl_definition=goals["sl_def"])
    cost = v["staffing.cost_per_agent_hour"]
    plan = queueing.staffing_plan(rate, aht, goals["sl"], goals["t"], goals["occ"], goals["asa"], goals["shrink"],
                                  HOURS_PER_SHIFT, cost if cost > 0 else None)
    a = float(traffic.offered_erlangs(rate, aht))
    lo = max(1, min(agents, plan.agents_on_phone) - 6)
    hi = max(agents, plan.agents_on_phone, queueing.min_stable_agents(a)) + 6
    sweep = [dict(_sweep_row(rate, aht, n, patience, goals["t"], goals["sl_def"])) for n in range(lo, hi + 1)]
    return OneShift(shift, rate, aht, agents, patience, a, res_c, unstable, res_a, plan, sweep)


def _lines(v: dict, shift: str) -> tuple[list, list]:
    k = f"staffing.{shift}."
    share = v[k + "share"]
    aht_c, aht_p = v[k + "aht"], v[k + "aht_proposed"]
    current = [("front", v[k + "front"], aht_c, 1.0), ("coordination", v[k + "coordination"], aht_c, share),
               ("follow_up", v[k + "follow_up"], aht_c, share)]
    proposed = [("merged", v[k + "merged"], aht_p, 1.0), ("follow_up", v[k + "follow_up_proposed"], aht_p, share)]
    return current, proposed


def _line_required(rate: float, spec: list, goals: dict) -> int | None:
    """Agents the line needs to meet the service-level goal at every station it staffs."""
    total = 0
    for _, n, aht, sh in spec:
        if n > 0:
            need = _required(rate * sh, aht, goals) if rate * sh > 0 else 0
            if need is None:
                return None
            total += need
    return total


def _day_average(v: dict, goals: dict) -> dict | None:
    """Erlang A for the first station of each line in the three shifts, weighted by calls."""
    out = {}
    for line, agents_key, aht_key in (("current", "front", "aht"), ("proposed", "merged", "aht_proposed")):
        results, weights = [], []
        for s in SHIFTS:
            k = f"staffing.{s}."
            if v[k + agents_key] > 0:
                results.append(queueing.erlang_a(v[k + "rate"], v[k + aht_key], v[k + agents_key], v[k + "patience"],
                                                 goals["t"], sl_definition=goals["sl_def"]))
                weights.append(v[k + "rate"])
        if not results:
            return None
        out[line] = dict(p_abandon=call_weighted([r.p_abandon for r in results], weights),
                         sl=call_weighted([r.service_level for r in results], weights))
    return out


def _compare(v: dict, goals: dict, shift: str) -> Comparison:
    k = f"staffing.{shift}."
    rate, patience = v[k + "rate"], v[k + "patience"]
    spec_c, spec_p = _lines(v, shift)

    def line(spec):
        stations = [dict(name=g, agents=n, aht=h, share=sh) for g, n, h, sh in spec if n > 0]
        return queueing.tandem(rate, stations, goals["t"]), tuple(g for g, n, _, _ in spec if n == 0)

    (cur, closed_c), (prop, closed_p) = line(spec_c), line(spec_p)
    first = {}
    for key, n, h in (("current", v[k + "front"], v[k + "aht"]), ("proposed", v[k + "merged"], v[k + "aht_proposed"])):
        first[key] = queueing.erlang_a(rate, h, n, patience, goals["t"], sl_definition=goals["sl_def"]) if n > 0 else None
    same = [(n, h, sh) for _, n, h, sh in spec_c if n > 0] == [(n, h, sh) for _, n, h, sh in spec_p if n > 0]
    cmp = Comparison(cur, prop, closed_c, closed_p, first["current"], first["proposed"],
                     _line_required(rate, spec_c, goals), _line_required(rate, spec_p, goals),
                     v[k + "aht"], v[k + "aht_proposed"], v[k + "share"], same, _day_average(v, goals))
    return replace(cmp, story=_story(cmp, v, shift))


# --------------------------------------------------------------------------------------------- the story

def clock(seconds: float) -> str:
    """A handle time in seconds as minutes:seconds, the way a call centre says it: 270 -> "4:30"."""
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def _story(cmp: Comparison, v: dict, shift: str) -> dict | None:
    """The numbers of the sentence that says what the proposed process changes (None when both
    processes are the same, or a line is unstable: the page then says so instead)."""
    if cmp.same or not (cmp.current.stable and cmp.proposed.stable):
        return None
    k = f"staffing.{shift}."
    out = dict(shift=shift, merged=int(v[k + "merged"]), aht_c=float(cmp.aht_current), aht_p=float(cmp.aht_proposed),
               queues_c=len(cmp.current.stations), queues_p=len(cmp.proposed.stations),
               agents_c=int(cmp.current.agents_total), agents_p=int(cmp.proposed.agents_total),
               wq_c=float(cmp.current.wq_total), wq_p=float(cmp.proposed.wq_total),
               need_c=cmp.required_current, need_p=cmp.required_proposed, day_c=None, day_p=None)
    if cmp.day is not None:
        out.update(day_c=cmp.day["current"]["p_abandon"], day_p=cmp.day["proposed"]["p_abandon"])
    return out


def _pilot_abandonment() -> dict:
    """Thesis 003's measured mean daily abandonment (%) per account before and during the pilot."""
    from core.sample import thesis_facts

    daily = thesis_facts()["daily_abandonment_summary_derived"]
    return {a: (daily[f"account{a}_current"]["mean_daily_pct"] / 100.0, daily[f"account{a}_proposed"]["mean_daily_pct"] / 100.0)
            for a in (1, 2)}


def story_sentences(res: StaffingResult, t, sample: bool = False) -> list[str]:
    """What the proposed process changes and what that gives, in the language of ``t`` (catalog
    core/locales/staffing_story.toml); for the sample case also what the thesis' pilot measured.
    Empty when the comparison has no story (same processes, or an unstable line)."""
    story = res.compare.story if res.compare is not None else None
    if story is None:
        return []
    s = story
    merged = t("staffing_story.merged", n=t.int(s["merged"])) if s["queues_p"] < s["queues_c"] else ""
    agents = (t("staffing_story.same_agents", n=t.int(s["agents_c"])) if s["agents_c"] == s["agents_p"]
              else t("staffing_story.other_agents", current=t.int(s["agents_c"]), proposed=t.int(s["agents_p"])))
    out = [t("staffing_story.change", merged=merged, aht_c=clock(s["aht_c"]), aht_p=clock(s["aht_p"]),
             queues_c=t.int(s["queues_c"]), queues_p=t.int(s["queues_p"]), agents=agents)]
    parts = [t("staffing_story.wait", current=t.num(s["wq_c"], 1), proposed=t.num(s["wq_p"], 1))]
    if s["need_c"] is not None and s["need_p"] is not None:
        parts.append(t("staffing_story.need", current=t.int(s["need_c"]), proposed=t.int(s["need_p"])))
    if s["day_c"] is not None:
        parts.append(t("staffing_story.day", current=t.pct(s["day_c"], 2), proposed=t.pct(s["day_p"], 2)))
    out.append(t("staffing_story.effect", shift=t(f"staffing.shift.{s['shift']}"), effects="; ".join(parts)))
    if sample:
        pilot = _pilot_abandonment()
        out.append(t("staffing_story.pilot", **{f"{w}{a}": t.pct(pilot[a][i], 1) for a in (1, 2)
                                                 for i, w in enumerate(("before", "after"))}))
    return out


# --------------------------------------------------------------------------------------------- case study

def _thesis_mms(facts: dict) -> list[dict]:
    """Thesis 003's reported M/M/s figures beside ours, reading μ as each agent's rate (reading A)."""
    rep = facts["reported_performance_current_mms"]
    lam = facts["arrival_rates_reported_calls_per_h"]
    mu = facts["service_rates_reported_calls_per_h"]
    servers = facts["servers_used_in_formulas"]
    rows = []
    for s in SHIFTS:
        lam_s, mu_s = lam[s]["sum_equivalence_property"], mu[s]["sum_used_in_formulas"]
        ours = queueing.erlang_c(lam_s, queueing.SECONDS_PER_HOUR / mu_s, servers[s])
        rows.append(dict(shift=s, p0_reported=rep[s]["P0"], p0=_p0(ours),
                         l_reported=rep[s]["Ls"], l=ours.l, lq_reported=rep[s]["Lq"], lq=ours.lq,
                         wq_reported_min=rep[s]["Wq_min"], wq_min=ours.wq / 60.0, rho_total=lam_s / mu_s))
    return rows


def _p0(res) -> float:
    """P0 of M/M/s from its traffic A and agents s: 1 / (sum_{k<s} A^k/k! + A^s/s! * s/(s - A))."""
    a, s = res.traffic, res.agents
    terms = math.fsum(a ** k / math.factorial(k) for k in range(s))
    return 1.0 / (terms + a ** s / math.factorial(s) * s / (s - a))


def _case_study(v: dict) -> dict:
    """Thesis 003 material, shown only for the sample workspace: Table 8, its M/M/s figures against
    ours, and the pilot's Table 29 with the abandonment its own counts give."""
    from core.sample import thesis_facts

    facts = thesis_facts()
    table8 = facts["agents_min_per_franja_table8"]
    pilot = [dict(account=r["account"], answered=r["answered"], abandoned=r["abandoned"],
                  abandon_reported=r["abandon_pct_reported"] / 100.0,
                  abandon_counts=r["abandoned"] / (r["answered"] + r["abandoned"]),
                  sl_reported=r["service_level_pct_reported"] / 100.0) for r in facts["pilot_results_table29"]]
    rescaled = facts["erlang_c_recomputation_derived"]["hypothetical_rescaled_front_only_NOT_IN_THESIS"]
    return dict(table8={g: {s: int(table8[g][s]) for s in SHIFTS} for g in (*GROUPS_CURRENT, "total")},
                mms=_thesis_mms(facts), pilot=pilot,
                monthly_front={s: facts["arrival_rates_reported_calls_per_h"][s]["front"] for s in SHIFTS},
                rescaled={s: float(rescaled[s]["lambda_front_per_h"]) for s in SHIFTS})


# --------------------------------------------------------------------------------------------- compute

def _simulation_inputs(v: dict, shift: str, goals: dict) -> dict:
    """The simulation section's starting point for the shift (station names are group codes)."""
    k = f"staffing.{shift}."
    spec_c, spec_p = _lines(v, shift)

    def line(spec):
        return [dict(name=g, agents=int(n), aht=float(h), share=float(sh)) for g, n, h, sh in spec if n > 0]

    return dict(shift=shift, rate=float(v[k + "rate"]), agents=int(v[k + "agents"]), aht=float(v[k + "aht"]),
                patience=float(v[k + "patience"]), target_sl=goals["sl"], threshold=float(goals["t"]),
                hours=HOURS_PER_SHIFT, start=SHIFT_START[shift], current=line(spec_c), proposed=line(spec_p))


def _queue_profile(ws: Workspace, queue) -> tuple:
    """Stage: (each shift's peak rate (``_shift_peaks``), the file's weighted AHT or None) of one
    queue's traffic; a shift slider's move reuses it."""
    data, file_aht = _traffic(ws)[0], None
    try:
        selected, _, _ = _select_queue(data, queue)
        file_aht = traffic.weighted_aht(selected)
        minutes = traffic.interval_minutes(selected["interval_start"])
        return _shift_peaks(traffic.interval_profile(selected, minutes=minutes, default_aht=file_aht)), file_aht
    except (traffic.TrafficDataError, ValueError, TypeError, KeyError):
        return {}, file_aht


def _week_profile(ws: Workspace, queue, aht_setting: tuple) -> tuple:
    """Stage: ``_week_input`` for one queue and AHT setting; no goal changes it."""
    data, source, _ = _traffic(ws)
    inputs, notices = _week_input(data, source, queue, aht_setting)
    return inputs, tuple(notices)


def _week_plan(ws: Workspace, queue, goals: tuple, aht_setting: tuple) -> tuple:
    """Stage: the week plan for one queue, goals and AHT setting; the shift sliders do not change it,
    and a goal recomputes only the required agents (the profile is its own stage)."""
    inputs, notices = stage(_week_profile, ws, queue, aht_setting)
    if inputs is None:
        return None, notices
    week, more = _week(inputs, dict(goals))
    return week, notices + tuple(more)


def compute(ws: Workspace) -> StaffingResult:
    """Everything the staffing view shows, for this workspace (never raises on user data). The
    interval profile and the week plan are stages (core.views.stage): a shift's sliders recompute
    neither."""
    from core.settings import resolve

    notices: list[Notice] = []
    sample = sample_settings() if ws.is_sample else {}
    plain = {key: value for key, (value, _) in resolve(SETTINGS, ws.settings).items()}
    goals = _goals(plain)
    data, source, problems = _traffic(ws)
    notices += problems
    patience, patience_problems = _patience(ws)
    peaks, file_aht = stage(_queue_profile, ws, plain["staffing.queue"]) if data is not None else ({}, None)
    derived = _derived(peaks, file_aht, patience)
    _derive_agents(derived, goals)
    settings = _resolve(ws, derived, sample)
    v = {key: value for key, (value, _) in settings.items()}
    week = None
    if data is not None:
        week, more = stage(_week_plan, ws, v["staffing.queue"], tuple(sorted(goals.items())),
                           settings["staffing.aht_s"])
        notices += more
    shift = v["staffing.shift"]
    one = compare = None
    try:
        one = _one_shift(v, goals, shift)
        compare = _compare(v, goals, shift)
    except queueing.QueueInputError as err:
        notices.append(Notice("error", "staffing.bad_input", {"field": err.field, "reason": err.reason}))
    return StaffingResult(settings, provenance(ws, ("traffic", "cdr")), tuple(notices), week, one, compare,
                          patience, patience_problems, _simulation_inputs(v, shift, goals),
                          _case_study(v) if ws.is_sample else None)
