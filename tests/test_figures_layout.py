"""Issue 14: chart text that does not overlap in Spanish (labels a third longer than English).

These tests assert the layout choices that keep text apart, as plotly receives them: long
category names wrapped on word boundaries with the full name in the hover, the SERVQUAL gap
panel's names on its outer side in a margin plotly widens (automargin), and the staffing chart's
labels outside the plotting area where no curve runs. The browser test
(tests/browser/test_spanish_browser.py) measures the drawn text boxes at 1280 and 1920 px.
"""
import pandas as pd
import pytest

from core.figures import servqual as fs
from core.figures import staffing as fst
from core.figures import wrap_label
from core.i18n import Translator

ES, EN = Translator("es"), Translator("en")


# ------------------------------------------------------------------------------------ wrap_label

def test_wrap_label_breaks_on_words_and_escapes_html():
    assert wrap_label("Capacidad de respuesta", 14) == "Capacidad de<br>respuesta"
    assert wrap_label("Elementos tangibles", 14) == "Elementos<br>tangibles"
    assert wrap_label("Empatía", 14) == "Empatía"
    # a user's own dimension name with markup shows as text, its <br> only where we wrap: the raw
    # "<b>Trato</b> &" is 14 characters, so it is the first line (the width counts what is read)
    assert wrap_label("<b>Trato</b> & cortesía", 14) == "&lt;b&gt;Trato&lt;/b&gt; &amp;<br>cortesía"


def test_wrap_label_clips_past_the_line_limit_with_an_ellipsis():
    text = "uno dos tres cuatro cinco seis siete ocho nueve diez"
    wrapped = wrap_label(text, 10, max_lines=2)
    lines = wrapped.split("<br>")
    # lines of at most 10: "uno dos", "tres" ("tres cuatro" is 11), "cuatro cinco"...; the second
    # and last kept line ends in the ellipsis
    assert lines == ["uno dos", "tres…"]
    assert all(len(line) <= 10 for line in lines)


# ------------------------------------------------------------------------------------ SERVQUAL gap chart

def dimensions() -> pd.DataFrame:
    index = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
    return pd.DataFrame({"expectation": [4.5, 4.6, 4.4, 4.5, 4.4], "perception": [3.9, 4.0, 4.2, 4.2, 4.2],
                         "gap": [-0.6, -0.6, -0.2, -0.3, -0.2], "gap_low": [-0.7] * 5, "gap_high": [-0.1] * 5},
                        index=index)


def test_gap_chart_wraps_the_spanish_dimension_names_and_keeps_them_whole_in_the_hover():
    fig = fs.gap_chart(dimensions(), ES)
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert list(bars[0].x) == ["Elementos<br>tangibles", "Fiabilidad", "Capacidad de<br>respuesta", "Seguridad",
                               "Empatía"]
    assert list(bars[0].customdata) == ["Elementos tangibles", "Fiabilidad", "Capacidad de respuesta", "Seguridad",
                                        "Empatía"]
    assert all(tr.hovertemplate.startswith("%{customdata}:") for tr in fig.data)
    gap = next(tr for tr in fig.data if tr.type == "scatter")
    assert list(gap.y) == list(bars[0].x) and list(gap.customdata) == list(bars[0].customdata)
    # no line of a name is longer than 14 characters
    assert max(len(line) for label in bars[0].x for line in label.split("<br>")) <= 14


def test_gap_chart_puts_the_gap_panel_names_on_its_outer_side_in_an_automatic_margin():
    """On the left of the gap panel the names ran over the bars of the score panel (the issue's
    screenshot); on the right they take a margin plotly widens to fit them."""
    fig = fs.gap_chart(dimensions(), ES)
    assert fig.layout.yaxis2.side == "right" and fig.layout.yaxis2.automargin is True
    assert fig.layout.yaxis2.autorange == "reversed"
    assert fig.layout.xaxis.automargin is True and fig.layout.yaxis.automargin is True
    assert fig.layout.xaxis2.automargin is True
    # the panels do not share the names' side: the score panel's axis stays on the left
    assert fig.layout.yaxis.side in (None, "left")
    # the legend hangs below the plot, anchored by its top, clear of the axis titles
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.yanchor == "top" and fig.layout.legend.y < 0


def test_gap_chart_in_english_uses_the_english_names():
    fig = fs.gap_chart(dimensions(), EN)
    assert list(fig.data[0].x) == ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"]


# ------------------------------------------------------------------------------------ staffing: SL vs agents

def sweep(stable_from: int = 4) -> list[dict]:
    rows = []
    for n in range(1, 24):
        stable = n >= stable_from
        rows.append({"agents": n, "sl_c": (min(1.0, 0.2 * n) if stable else None), "sl_a": min(1.0, 0.15 * n),
                     "p_abandon_a": max(0.0, 0.8 - 0.1 * n), "stable": stable})
    return rows


def annotations(fig) -> dict[str, object]:
    return {a.text: a for a in fig.layout.annotations}


def test_sl_chart_writes_today_above_the_plot_where_no_curve_runs():
    fig = fst.sl_vs_agents(sweep(), 0.8, 17, ES)
    today = annotations(fig)["hoy: 17"]
    # x on the data (the dotted line at 17 agents), y on the paper's top edge, anchored by its
    # bottom: the label sits in the top margin, above the 100 % that the curves reach
    assert (today.xref, today.x, today.xanchor) == ("x", 17, "center")
    assert (today.yref, today.y, today.yanchor) == ("paper", 1, "bottom")
    assert today.showarrow is False
    assert fig.layout.margin.t >= 30          # room for one line of 12-14 px text


def test_sl_chart_writes_the_target_in_the_right_margin():
    fig = fst.sl_vs_agents(sweep(), 0.8, 17, ES)
    target = annotations(fig)["meta 80 %"]
    assert (target.xref, target.x, target.xanchor) == ("paper", 1, "left")
    assert (target.yref, target.y, target.yanchor) == ("y", 80.0, "middle")
    # "meta 80 %" is 9 characters, about 60 px at plotly's 12 px font: the margin holds it
    assert fig.layout.margin.r >= 9 * 7 and fig.layout.margin.r == fst.RIGHT_MARGIN


def test_sl_chart_labels_the_unstable_zone_inside_its_top_left_corner():
    fig = fst.sl_vs_agents(sweep(stable_from=4), 0.8, 17, ES)
    zone = annotations(fig)["Erlang C inestable"]
    # the zone covers 1..3 agents: from 0.5 to 3.5; the label starts at its left edge, inside the plot
    assert (zone.xref, zone.x, zone.xanchor) == ("x", 0.5, "left")
    assert (zone.yref, zone.yanchor) == ("paper", "top") and zone.y < 1
    rect = fig.layout.shapes[-1]
    assert (rect.x0, rect.x1) == (0.5, 3.5)


def test_sl_chart_without_an_unstable_zone_has_only_its_two_labels():
    fig = fst.sl_vs_agents(sweep(stable_from=1), 0.9, 5, EN)
    assert sorted(annotations(fig)) == ["now: 5", "target 90 %"]
    assert fig.layout.separators == ".,"


@pytest.mark.parametrize("lang, sep", [("es", ",."), ("en", ".,")])
def test_changed_figures_still_carry_the_language_separators(lang, sep):
    t = Translator(lang)
    assert fs.gap_chart(dimensions(), t).layout.separators == sep
    assert fst.sl_vs_agents(sweep(), 0.8, 17, t).layout.separators == sep


def test_heatmap_time_labels_are_upright_and_few():
    """96 quarter-hour labels on a 800 px axis were tilted and touching; at most 13, upright."""
    times = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 15, 30, 45)]
    week = pd.DataFrame([{"weekday": d, "time": tm, "agents": 3, "arrival_rate": 10.0} for d in range(7) for tm in times])
    fig = fst.requirements_heatmap(week, ES)
    assert fig.layout.xaxis.nticks == 13 and fig.layout.xaxis.tickangle == 0
    assert list(fig.data[0].y) == ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"]


def test_abandonment_y_title_is_wrapped_so_it_does_not_reach_the_chart_title():
    """"Llamadas abandonadas (% de ofrecidas, por día)" (46 characters) stood taller than the
    plotting area of the 380 px chart and ran into its title: two lines of at most 28."""
    from core.figures import abandonment as fa

    daily = pd.DataFrame({"account": [1, 1, 1, 1], "model": ["current", "current", "proposed", "proposed"],
                          "seq": [1, 2, 3, 4], "abandon_pct": [5.0, 6.0, 4.0, 3.5]})
    title = fa.daily_series(daily, ES).layout.yaxis.title.text
    assert title == "Llamadas abandonadas (% de<br>ofrecidas, por día)"
    assert fa.daily_series(daily, EN).layout.yaxis.title.text == "Abandoned calls (% of<br>offered, per day)"
