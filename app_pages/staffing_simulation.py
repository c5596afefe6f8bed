"""The staffing view's simulation section: peaks and distributions that the Erlang averages do
not show (issue 10). ``render_simulation_tab(t, ws, shift_defaults)`` is called at the end of
app_pages/staffing.py; run alone (as the page smoke test does) it shows the same section on the
thesis' defaults for the morning shift.

Thin: widgets -> core.simulation -> core.figures.simulation -> text. The simulation runs only
when the user presses the button; its result is kept in the session with the inputs it came
from, so moving a widget never re-runs it silently.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core import simulation as sim
from core import traffic
from core.export import csv_bytes, download_name
from core.settings import Setting
from core.typed_number import read_setting_text, read_typed_number, typed_text
from core.figures import simulation as figures
from core.figures.staffing import station_name
from core.views import staffing
from core.text import escape_markdown
from core.i18n import display_table
from ui.charts import show_chart
from ui.views import view_result

SCENARIOS = ("single", "current", "proposed")
RESULT_KEY = "simulation.result"
FIGURES = ("service_level", "abandon_line", "abandon_first", "p_wait", "asa", "wait_mean", "wait_p50", "wait_p80",
           "wait_p95", "offered")
SHARES = {"service_level", "abandon_line", "abandon_first", "p_wait"}
# The numbers typed into the section, read in the page's language by core.typed_number ("0,8" in
# Spanish, "0.8" in English): the browser's number box would read them by the browser's locale.
# Each with its accepted range; ``thousands``: a grouped "1.000" is a count, not a decimal.
TYPED = {
    "cv": (Setting("simulation.cv", "float", 0.8, min=0.01, max=10.0), False),
    "aht": (Setting("simulation.aht", "float", 270.0, min=1.0, max=86_400.0), False),
    "patience": (Setting("simulation.patience", "float", 120.0, min=1.0, max=86_400.0), False),
    "hours": (Setting("simulation.hours", "float", 8.0, min=0.25, max=24.0), False),
    "replications": (Setting("simulation.replications", "int", 30, min=1, max=100_000), True),
}


def _problem(t, err: sim.SimulationInputError) -> str:
    if err.reason == "gaps":
        # "HH:MM" strings made by core.simulation from the clock, not user text
        times = ", ".join(str(x) for x in (err.value or [])) or "–"
        return t("simulation.error.gaps", times=times)
    field = t(f"simulation.field.{err.field}") if t.has(f"simulation.field.{err.field}") else escape_markdown(err.field)
    return t(f"simulation.error.{err.reason}", field=field, value=escape_markdown(err.value))


def _fmt(t, figure: str, value) -> str:
    if value is None or pd.isna(value):
        return "–"
    if figure in SHARES:
        return t.pct(float(value))
    if figure == "offered":
        return t.num(float(value), 0)
    return t("simulation.unit_s", v=t.num(float(value), 1))


def typed_problem(t, field: str, text, reason: str) -> str:
    """The message for a typed number that cannot be used (``reason``: from core.typed_number, or
    "range" when it reads as a number outside the field's range)."""
    spec, thousands = TYPED[field]
    bounds = dict(min=typed_text(spec.min, t.lang, thousands), max=typed_text(spec.max, t.lang, thousands))
    if reason == "range" and spec.kind == "int":
        reason = "range_int"
    return t(f"simulation.typed.{reason}", field=t(f"simulation.field.{field}"), text=escape_markdown(str(text)),
             **bounds)


def keep_in_language(key: str, lang: str, thousands: bool = False) -> None:
    """After a language switch, the number in text box ``key`` rewritten in the new language
    ("0,8" becomes "0.8"), so that it is not read with the other language's marks. Call it before
    the box is drawn."""
    marker = f"{key}._lang"
    before = st.session_state.get(marker, lang)
    if before != lang and key in st.session_state:
        value, reason = read_typed_number(st.session_state[key], before, thousands)
        if reason is None:
            st.session_state[key] = typed_text(value, lang, thousands)
    st.session_state[marker] = lang


def typed_box(t, container, field: str, label: str, key: str, default, *, disabled: bool = False,
              help: str | None = None):
    """A text box for the number ``field`` (see TYPED), first showing ``default`` as written in the
    page's language. Returns ``(value, problem)``: the number read and inside the range, or None and
    the message, also shown under the box. A disabled box is not read: its default is used."""
    spec, thousands = TYPED[field]
    if key not in st.session_state:
        st.session_state[key] = typed_text(default, t.lang, thousands)
    keep_in_language(key, t.lang, thousands)
    text = container.text_input(label, key=key, disabled=disabled, help=help)
    if disabled:
        return default, None
    value, reason = read_setting_text(spec, text, t.lang, thousands)
    if reason is None:
        return value, None
    problem = typed_problem(t, field, text, reason)
    container.error(problem)
    return None, problem


def _interval_text(t, figure: str, low, high) -> str:
    if pd.isna(low) or pd.isna(high):
        return t("simulation.no_interval")
    return f"{_fmt(t, figure, low)} – {_fmt(t, figure, high)}"


def render_simulation_tab(t, ws, shift_defaults: dict, header: bool = True) -> None:
    """The simulation section for the shift described by ``shift_defaults`` (core.views.staffing's
    ``StaffingResult.simulation``: shift, rate, agents, aht, patience, target_sl, threshold, hours,
    start, current, proposed; the last two are lists of station dicts name (a group code)/agents/aht/
    share, stations without agents left out). ``header``: draw the section's title."""
    d = shift_defaults
    shift = d["shift"]
    if header:                    # the staffing page draws the section in an expander of that title
        st.header(t("simulation.title"))
    st.markdown(t("simulation.intro"))

    c1, c2, c3 = st.columns(3)
    scenario = c1.radio(t("simulation.scenario"), SCENARIOS, format_func=lambda s: t(f"simulation.scenario_{s}"),
                        key="simulation.scenario", help=t("simulation.scenario_help"))
    arrivals = c1.radio(t("simulation.arrivals"), ("constant", "profile"),
                        format_func=lambda s: t(f"simulation.arrivals_{s}"), key="simulation.arrivals",
                        help=t("simulation.arrivals_help"))
    service = c2.radio(t("simulation.service"), sim.SERVICE_DISTRIBUTIONS,
                       format_func=lambda s: t(f"simulation.service_{s}"), key="simulation.service",
                       help=t("simulation.service_help"))
    cv, bad_cv = typed_box(t, c2, "cv", t("simulation.cv"), "simulation.cv", 0.8, disabled=service != "lognormal",
                           help=t("simulation.cv_help"))
    aht, bad_aht = typed_box(t, c2, "aht", t("simulation.aht"), f"simulation.{shift}.aht", float(d["aht"]),
                             disabled=scenario != "single", help=t("simulation.aht_help"))
    hang_up = c2.checkbox(t("simulation.hang_up"), value=True, key="simulation.hang_up",
                          help=t("simulation.hang_up_help"))
    patience, bad_patience = typed_box(t, c2, "patience", t("simulation.patience"), f"simulation.{shift}.patience",
                                       float(d["patience"]), disabled=not hang_up)
    hours, bad_hours = typed_box(t, c3, "hours", t("simulation.hours"), "simulation.hours", float(d["hours"]),
                                 disabled=arrivals == "profile", help=t("simulation.hours_help"))
    replications, bad_reps = typed_box(t, c3, "replications", t("simulation.replications"), "simulation.replications",
                                       30, help=t("simulation.replications_help"))
    seed_text = c3.text_input(t("simulation.seed"), value="2026", key="simulation.seed",
                              help=t("simulation.seed_help"))
    weekday = None
    if arrivals == "profile":
        weekday = st.selectbox(t("simulation.weekday_label"), [None, 0, 1, 2, 3, 4, 5, 6], key="simulation.weekday",
                               format_func=lambda w: t("simulation.all_days") if w is None else t(f"simulation.weekday.{w}"))

    if any((bad_cv, bad_aht, bad_patience, bad_hours, bad_reps)):
        return          # the message is under the box; nothing runs on a number that was not read
    # ---- the configuration (nothing runs yet)
    try:
        pat = float(patience) if hang_up else None
        if scenario == "single":
            stations = (sim.Station(t("staffing.station.front"), int(d["agents"]), float(aht), 1.0, pat),)
        else:
            line = d[scenario]
            if not line:
                st.warning(t("simulation.no_stations"))
                return
            stations = tuple(sim.Station(station_name(s["name"], t), int(s["agents"]), float(s["aht"]),
                                         float(s.get("share", 1.0)), pat) for s in line)
        if arrivals == "constant":
            profile = sim.constant_profile(float(d["rate"]), float(hours),
                                           clock_start_min=staffing.clock_minutes(d["start"]))
        else:
            data = ws.get("traffic")
            if data is None:
                st.info(t("simulation.no_traffic"))
                return
            try:
                prof = traffic.interval_profile(data, default_aht=float(d["aht"]))
            except traffic.TrafficDataError:
                st.error(t("simulation.error.traffic"))
                return
            profile = sim.shift_profile(prof, d["start"], float(d["hours"]), weekday)
        cfg = sim.SimulationConfig(stations, profile, service, float(cv), float(d["threshold"]))
        sim.check_config(cfg)
        seed = sim.parse_seed(seed_text)
    except sim.SimulationInputError as err:
        st.error(_problem(t, err))
        return

    if arrivals == "profile":
        rates = staffing.profile_numbers(profile)
        st.caption(t("simulation.profile_caption", shift=t(f"staffing.shift.{shift}"), start=d["start"],
                     mean=t.num(rates["mean"], 1), low=t.num(rates["low"], 1),
                     high=t.num(rates["high"], 1), source=escape_markdown(ws.source("traffic") or "")))
    expected = sim.expected_calls(cfg)
    allowed = sim.replication_cap(replications, cfg)
    if allowed < replications:
        st.warning(t("simulation.capped", requested=t.int(replications), allowed=t.int(allowed),
                     calls=t.int(expected), budget=t.int(sim.DEFAULT_CALL_BUDGET)))

    signature = (cfg, seed, replications)
    if st.button(t("simulation.run"), key="simulation.run", type="primary"):
        bar = st.progress(0.0, text=t("simulation.progress", done=0, total=t.int(allowed)))

        def progress(done, total):
            bar.progress(staffing.progress_fraction(done, total), text=t("simulation.progress", done=t.int(done), total=t.int(total)))

        result = sim.simulate(cfg, replications, seed, progress=progress)
        bar.empty()
        st.session_state[RESULT_KEY] = (signature, result)

    stored = st.session_state.get(RESULT_KEY)
    if stored is None:
        st.info(t("simulation.press_run"))
        return
    if stored[0] != signature:
        st.info(t("simulation.stale"))
        return
    _show(t, stored[1], d)


def _show(t, res: sim.SimulationResult, d: dict) -> None:
    s = res.summary
    st.caption(t("simulation.run_info", reps=t.int(res.replications), seed=str(res.seed),
                 calls=t.int(res.station_visits), seconds=t.num(res.elapsed_s, 2)))
    if res.capped:
        st.warning(t("simulation.capped_done", requested=t.int(res.requested), run=t.int(res.replications)))
    k = st.columns(4)
    for col, figure in zip(k, ("service_level", "abandon_line", "asa", "wait_p80")):
        col.metric(t(f"simulation.figure.{figure}"), _fmt(t, figure, s.loc[figure, "mean"]),
                   help=t("simulation.metric_help", low=_fmt(t, figure, s.loc[figure, "low"]),
                          high=_fmt(t, figure, s.loc[figure, "high"])))

    ref = sim.erlang_reference(res.config)
    rows = []
    for figure in FIGURES:
        row = {t("simulation.col.figure"): t(f"simulation.figure.{figure}"),
               t("simulation.col.mean"): _fmt(t, figure, s.loc[figure, "mean"]),
               t("simulation.col.interval"): _interval_text(t, figure, s.loc[figure, "low"], s.loc[figure, "high"])}
        if ref is not None:
            value = ref["erlang"].get(figure)
            row[t("simulation.col.erlang", model=ref["model"].iloc[0])] = _fmt(t, figure, value)
            inside = staffing.inside(value, s.loc[figure, "low"], s.loc[figure, "high"])
            row[t("simulation.col.agrees")] = ("–" if inside is None else t("simulation.yes") if inside
                                               else t("simulation.no"))
        rows.append(row)
    st.dataframe(display_table(pd.DataFrame(rows), t), hide_index=True, key="simulation.table.summary")
    st.caption(t("simulation.ci_caption", reps=t.int(res.replications)))
    if ref is not None:
        st.caption(t("simulation.erlang_caption", model=ref["model"].iloc[0]))
    else:
        st.caption(t("simulation.no_erlang_caption"))

    tabs = st.tabs([t("simulation.tab.waits"), t("simulation.tab.intervals"), t("simulation.tab.queue"),
                    t("simulation.tab.agents")])
    with tabs[0]:
        show_chart(st, figures.wait_histogram(res.histogram, s, t), key="simulation.fig.waits")
        st.caption(t("simulation.waits_caption", n=t.int(res.replications)))
    with tabs[1]:
        show_chart(st, figures.by_interval(res.intervals, float(d["target_sl"]), t), key="simulation.fig.intervals")
        iv = res.intervals
        table = pd.DataFrame({
            t("simulation.col.interval_start"): iv["clock"],
            t("simulation.col.offered"): [t.num(x, 1) for x in iv["offered"]],
            t("simulation.col.sl"): [_fmt(t, "service_level", x) for x in iv["service_level"]],
            t("simulation.col.sl_interval"): [_interval_text(t, "service_level", a, b)
                                              for a, b in zip(iv["service_level_low"], iv["service_level_high"])],
            t("simulation.col.abandon"): [_fmt(t, "abandon_line", x) for x in iv["abandon"]],
            t("simulation.col.abandon_interval"): [_interval_text(t, "abandon_line", a, b)
                                                   for a, b in zip(iv["abandon_low"], iv["abandon_high"])],
        })
        st.dataframe(display_table(table, t), hide_index=True, key="simulation.table.intervals")
        st.download_button(t("simulation.download"), csv_bytes(figures.intervals_download(iv, t), lang=t.lang),
                           file_name=download_name("simulation_intervals", t, "csv"),
                           mime="text/csv", key="simulation.download")
        st.caption(t("simulation.intervals_caption"))
    with tabs[2]:
        show_chart(st, figures.queue_over_time(res.timeline, t), key="simulation.fig.queue")
        st.caption(t("simulation.queue_caption"))
    with tabs[3]:
        show_chart(st, figures.busy_agents(res.timeline, t), key="simulation.fig.agents")
        stn = res.stations
        st.dataframe(display_table(pd.DataFrame({
            t("simulation.col.station"): stn["station"],
            t("simulation.col.agents"): [t.int(x) for x in stn["agents"]],
            t("simulation.col.utilisation"): [t.pct(x) for x in stn["utilisation"]],
            t("simulation.col.utilisation_interval"): [
                t("simulation.no_interval") if pd.isna(a) else f"{t.pct(a)} – {t.pct(b)}"
                for a, b in zip(stn["utilisation_low"], stn["utilisation_high"])],
            t("simulation.col.lq"): [t.num(x, 2) for x in stn["lq"]],
        }), t), hide_index=True, key="simulation.table.stations")
        st.caption(t("simulation.agents_caption"))
    st.caption(t("simulation.assumptions"))


if __name__ == "__main__":
    # run alone (page smoke test, or `streamlit run app_pages/staffing_simulation.py`)
    from ui.state import translator, workspace

    _t = translator()
    st.title(_t("simulation.page_title"))
    render_simulation_tab(_t, workspace(), view_result(staffing, workspace()).simulation)
