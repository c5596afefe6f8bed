"""Issue 14: every number the user reads follows the chosen language.

Figures: every builder in core/figures, called in Spanish on the sample case, sets plotly's
``separators`` to ",." (decimal comma), so axes and hover texts read "−0,5". Tables: what
st.dataframe shows (the Styler's display texts) in Spanish holds no number with a decimal point and
no "None"/"nan". Text: "p = {p}" never reads "p = < 0,0001"; one rounding per number.
"""
import importlib
import inspect
import pkgutil
import re

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit import dataframe_util

import core.figures
from core.i18n import Translator, cell_text, display_table, display_texts, format_number, p_value
from core.sample import sample_workspace
from tests.pagetest import run_page

ES, EN = Translator("es"), Translator("en")
# a number written with a decimal point: 34.62, -0.5, 1,234.5 (a Spanish "1.234" thousands
# group has exactly three digits after the point and is allowed, "1.234,5" too)
POINT_DECIMAL = re.compile(r"(?<![\d.])-?\d+\.(?!\d{3}(?!\d))\d+")
BLANK_WORDS = re.compile(r"\b(None|nan|NaN|NaT)\b|<NA>")


# ------------------------------------------------------------------------------------------ figures

def _builders() -> dict[str, object]:
    """Every public function of core/figures/*.py that returns a plotly Figure."""
    found = {}
    for info in pkgutil.iter_modules(core.figures.__path__):
        module = importlib.import_module(f"core.figures.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                ret = inspect.signature(fn).return_annotation
                if ret is go.Figure or ret == "go.Figure":
                    found[f"{info.name}.{name}"] = fn
    return found


@pytest.fixture(scope="module")
def sample_figures():
    """Each builder called the way the pages call it, on the sample case, in Spanish."""
    from core import simulation as sim
    from core.figures import abandonment as fa, blueprint as fb, journey as fj, planning as fp
    from core.figures import servqual as fs, simulation as fsim, staffing as fst
    from core.views import abandonment as va, blueprint as vb, indicators as vi, journey as vj
    from core.views import planning as vp, servqual as vs, staffing as vst

    ws, t = sample_workspace(), ES
    ab, bp, ind, jr = va.compute(ws), vb.compute(ws), vi.compute(ws), vj.compute(ws)
    pl, sq, stf = vp.compute(ws), vs.compute(ws), vst.compute(ws)
    a = sq.analysis
    overall = ind.status[ind.status["segment"] == "all"].reset_index(drop=True)
    dist_name, dist = next(iter(jr.detail.distributions.items()))
    d = stf.simulation
    cfg = sim.SimulationConfig((sim.Station("front", int(d["agents"]), float(d["aht"]), 1.0, float(d["patience"])),),
                               sim.constant_profile(float(d["rate"]), 1.0, clock_start_min=480), "exponential",
                               0.8, float(d["threshold"]))
    run = sim.simulate(cfg, 2, 7)
    return {
        "abandonment.pairwise_chart": fa.pairwise_chart(ab.analysis.pairs, t, ab.confidence_fraction,
                                                        va.method_name(ab, t)),
        "abandonment.daily_box_strip": fa.daily_box_strip(ab.data, t),
        "abandonment.daily_series": fa.daily_series(ab.data, t),
        "blueprint.blueprint_figure": fb.blueprint_figure(bp.current, t),
        "blueprint.comparison_figure": vb.figure(bp, t),
        "journey.journey_map_figure": vj.map_figure(jr, t),
        "journey.distribution_figure": fj.distribution_figure(dist, dist_name, t),
        "journey.pareto_figure": fj.pareto_figure(jr.pareto, t),
        "journey.trend_figure": fj.trend_figure(jr.monthly, jr.trend_indicator, jr.trend_target, t),
        "journey.indicator_status_figure": fj.indicator_status_figure(overall, list(overall["indicator"]), t),
        "journey.period_figure": fj.period_figure(
            ind.periods.assign(period_label=[vi.period_label(p, t) for p in ind.periods["period"]]),
            ind.period_target, t),
        "journey.segment_figure": fj.segment_figure(ind.weighted.table, ind.weighted.overall, t),
        "planning.margin_curve": fp.margin_curve(pl.run.curve, pl.run.n, pl.run.ins_fraction, t, pl.run.population),
        "servqual.gap_chart": fs.gap_chart(a.dimensions, t, None, sq.scale),
        "servqual.item_chart": fs.item_chart(a.items, t),
        "servqual.ipa_chart": fs.ipa_chart(a.ipa, a.ipa_crosshairs, t),
        "servqual.segment_chart": fs.segment_chart(sq.by_segment, t),
        "simulation.wait_histogram": fsim.wait_histogram(run.histogram, run.summary, t),
        "simulation.by_interval": fsim.by_interval(run.intervals, float(d["target_sl"]), t),
        "simulation.queue_over_time": fsim.queue_over_time(run.timeline, t),
        "simulation.busy_agents": fsim.busy_agents(run.timeline, t),
        "staffing.sl_vs_agents": fst.sl_vs_agents(stf.one.sweep, float(d["target_sl"]), stf.one.agents, t),
        "staffing.requirements_heatmap": fst.requirements_heatmap(stf.week.week, t),
        "staffing.process_waits": fst.process_waits(stf.compare.current, stf.compare.proposed, t),
    }


def test_every_figure_builder_is_checked(sample_figures):
    """A new builder must be added to the fixture above (and so be checked)."""
    assert set(_builders()) == set(sample_figures)


def test_every_figure_in_spanish_has_decimal_comma_separators(sample_figures):
    wrong = {name: fig.layout.separators for name, fig in sample_figures.items() if fig.layout.separators != ",."}
    assert not wrong


def test_figures_texts_in_spanish_have_no_point_decimals_or_blank_words(sample_figures):
    """Texts written into figures (bar labels, annotations, legend names) come from t.num."""
    for name, fig in sample_figures.items():
        texts = [a.text for a in fig.layout.annotations or () if a.text]
        for trace in fig.data:
            text = getattr(trace, "text", None)
            texts += [x for x in ([text] if isinstance(text, str) else list(text if text is not None else ()))
                      if isinstance(x, str)]
            texts += [str(getattr(trace, "name", "") or "")]
        for text in texts:
            assert not POINT_DECIMAL.search(text), (name, text)
            assert not BLANK_WORDS.search(text), (name, text)


def test_english_figures_use_the_decimal_point():
    from core.figures import planning as fp
    curve = pd.DataFrame({"n": [10, 100], "margin": [0.3, 0.1], "margin_fpc": [0.29, 0.09]})
    assert fp.margin_curve(curve, 100, 0.1, EN).layout.separators == ".,"
    assert fp.margin_curve(curve, 100, 0.1, ES).layout.separators == ",."


# ------------------------------------------------------------------------------------------- tables

def test_display_table_shows_spanish_numbers_and_dashes_but_keeps_the_numbers():
    df = pd.DataFrame({"semana": [34.615384, 792.5, None], "n": pd.array([1234, None, 3], dtype="Int64"),
                       "texto": ["a", None, "nan"], "ok": [True, False, True]})
    shown = display_texts(df, ES)
    # 34.615384 and 792.5 in one column: two decimals for the column (one rounding), comma mark
    assert list(shown["semana"]) == ["34,62", "792,50", "–"]
    assert list(shown["n"]) == ["1.234", "–", "3"]
    assert list(shown["texto"]) == ["a", "–", "–"]
    assert list(shown["ok"]) == ["Sí", "No", "Sí"]
    assert list(display_texts(df, EN)["semana"]) == ["34.62", "792.50", "–"]
    styler = display_table(df, ES)
    assert styler.data["semana"].iloc[0] == pytest.approx(34.615384)   # the number is still there


def test_cell_kinds_percent_p_value_and_blank():
    assert cell_text(0.8432, ES, "pct") == "84,3 %"
    assert cell_text(0.00001, ES, "p") == "< 0,0001"
    assert cell_text(0.01234, EN, "p") == "0.0123"
    assert cell_text(pd.NA, ES, 2) == "–" and cell_text(None, ES) == "–"
    assert format_number(-0.0001, 2, "es") == "0,00"     # no "-0,00"


def test_p_value_after_an_equals_sign_reads_p_less_than():
    text = ES("abandonment.conclusion.equal_var", p=p_value(0.00001, ES))
    assert "p < 0,0001" in text and "= <" not in text
    assert "p = 0,3000" in ES("abandonment.conclusion.equal_var", p=p_value(0.3, ES))


def _shown_tables(at) -> list[pd.DataFrame]:
    """What each st.dataframe of the page shows: the Styler's display texts, else the data.
    Editable tables (st.data_editor) are left out: their cells are numbers the user types into."""
    out = []
    for element in at.dataframe:
        if element.proto.editing_mode != element.proto.EditingMode.READ_ONLY:
            continue
        arrow = element.proto.arrow_data
        raw = arrow.styler.display_values if arrow.styler.display_values else arrow.data
        out.append(dataframe_util.convert_arrow_bytes_to_pandas_df(raw))
    return out


PAGES = ["servqual", "journey", "blueprint", "indicators", "planning", "staffing", "abandonment", "data"]


@pytest.mark.parametrize("page", PAGES)
def test_spanish_tables_of_every_page_have_decimal_commas_and_no_blank_words(page):
    at = run_page(page, "es")
    assert not at.exception
    tables = _shown_tables(at)
    assert tables, page
    for table in tables:
        for col in table.columns:
            for value in table[col]:
                text = str(value)
                assert not BLANK_WORDS.search(text), (page, col, text)
                if isinstance(value, str):
                    assert not POINT_DECIMAL.search(text), (page, col, text)
                else:   # a number without display text would be shown with a point
                    assert float(value).is_integer() or value != value, (page, col, value)


# --------------------------------------------------------------------------------------------- text

def test_planning_formula_rounds_each_number_once():
    """The formula shows z with enough decimals that its arithmetic gives the n0 shown:
    1.959964^2 x 0.25 / 0.05^2 = 384.146 -> 384,15; 384.15 / (1 + 383.15 / 9686) = 369.53."""
    from core.views import planning as vp
    res = vp.compute(sample_workspace())
    lines = vp.formula_latex(res, ES)
    assert "1{,}959964^2" in lines[0] and lines[0].endswith("= 384{,}15")
    assert "383{,}15 / 9.686" in lines[1] and "= 369{,}53" in lines[1]
    n0_shown = 1.959964 ** 2 * 0.25 / 0.05 ** 2
    assert format_number(n0_shown, 2, "es") == "384,15"


def test_a_table_already_in_texts_is_shown_as_it_is_and_any_blank_still_gets_its_dash():
    texts = pd.DataFrame({"Estación": ["Recepción", "Seguimiento"], "Ocupación": ["84,3 %", "61,0 %"]})
    assert isinstance(display_table(texts, ES), pd.DataFrame) and display_table(texts, ES).equals(texts)
    with_blank = texts.assign(Espera=["12,5", None])
    shown = display_texts(with_blank, ES)
    assert list(shown["Espera"]) == ["12,5", "–"]
    assert not isinstance(display_table(with_blank, ES), pd.DataFrame)       # a Styler: "–" shown
    with_nan_text = texts.assign(Espera=["12,5", "nan"])
    assert not isinstance(display_table(with_nan_text, ES), pd.DataFrame)    # "nan" shown as "–"
    numbers = pd.DataFrame({"n": [1234, 5]})
    assert not isinstance(display_table(numbers, ES), pd.DataFrame)          # 1.234 in Spanish
