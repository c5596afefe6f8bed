"""The client-ready report: every view, numbers checked independently, offline HTML, safe text."""
import io
import re

import openpyxl
import pandas as pd
import pytest

from core import blueprint as bp
from core import report
from core.i18n import Translator
from core.sample import sample_workspace

EN, ES = Translator("en"), Translator("es")


@pytest.fixture(scope="module")
def sample():
    return sample_workspace()


@pytest.fixture(scope="module")
def sections_en(sample):
    return report.build_sections(sample, EN)


def test_every_view_has_a_section_with_narrative_and_figures(sections_en):
    assert [s.view for s in sections_en] == list(report.VIEWS)
    for sec in sections_en:
        assert sec.note is None, (sec.view, sec.note)
        assert sec.paragraphs and sec.figures and sec.tables, sec.view


def test_servqual_narrative_matches_an_independent_gap(sample, sections_en):
    # tangibles = items 1-4 (standard mapping); the dimension gap is the mean over respondents
    # with complete answers of their mean P - E over the dimension's items
    data = sample.get("servqual")
    p = data[[f"P{i}" for i in range(1, 5)]].to_numpy(float)
    e = data[[f"E{i}" for i in range(1, 5)]].to_numpy(float)
    complete = ~(pd.isna(p).any(axis=1) | pd.isna(e).any(axis=1))
    gap = (p[complete] - e[complete]).mean(axis=1).mean()
    text = " ".join(sections_en[0].paragraphs)
    assert "**Tangibles**" in text
    assert f"by {-gap:.2f} points" in text


def test_abandonment_narrative_matches_the_group_means(sample, sections_en):
    days = sample.get("abandonment")
    means = days.groupby("model")["abandon_pct"].mean()
    drop = means["current"] - means["proposed"]
    text = " ".join(next(s for s in sections_en if s.view == "abandonment").paragraphs)
    assert f"fell by **{drop:.2f} points**" in text
    assert f"from {means['current']:.2f} % to {means['proposed']:.2f} %" in text


def test_indicator_count_matches_the_targets(sample, sections_en):
    sec = next(s for s in sections_en if s.view == "indicators")
    table = next(iter(sec.tables.values()))
    met = (table["Status"] == EN("indicators.status.met")).sum()
    judged = table["Status"].isin([EN("indicators.status.met"), EN("indicators.status.missed")]).sum()
    assert f"**{met} of {judged} indicators with a target meet it**" in sec.paragraphs[0]


def test_settings_change_the_report(sample):
    ws = sample.copy()
    ws.settings["abandonment.confidence"] = 99.0
    ws.settings["staffing.sl_target"] = 0.95
    secs = {s.view: s for s in report.build_sections(ws, EN, views=("abandonment", "staffing"))}
    assert "With 99.0 % confidence" in secs["abandonment"].paragraphs[0]
    assert secs["staffing"].paragraphs[0].startswith("To answer 95 % of calls within 20 s")


def test_html_is_self_contained_with_plotly_once(sample, sections_en):
    html = report.build_html(sample, EN, sections_en)
    assert len(re.findall(r"^\* plotly\.js .*v\d", html, re.M)) == 1   # the library's banner: inline, once
    assert html.count("id='plotly-src'") == 1 and html.count("Plotly.newPlot") == 1   # one loader draws all
    assert not re.search(r"<script[^>]*\bsrc=", html)           # nothing fetched from the network
    assert not re.search(r"<link[^>]*\bhref=['\"]?https?:", html)
    assert html.count("class='plotly-graph-div'") == sum(len(s.figures) for s in sections_en) == 10
    for view in report.VIEWS:
        assert f"data-view='{view}'" in html
    assert "<html lang='en'>" in html


def test_html_in_spanish(sample):
    html = report.build_html(sample, ES)
    assert "Informe de operaciones de servicio" in html and "<html lang='es'>" in html
    assert "El abandono bajó <strong>" in html


def test_user_text_is_escaped_in_html_and_neutralised_in_xlsx(sample):
    ws = sample.copy()
    ws.name = "<b>Acme</b>"
    ws.sources["indicators"] = "<script>alert('file')</script>.csv"
    current, _ = bp.read_blueprint(ws.get("blueprint_current"))
    proposed, _ = bp.read_blueprint(ws.get("blueprint_proposed"))
    step = proposed.step_names[0]
    proposed = proposed.with_cell(step, bp.LANES[0], '<img src=x onerror=alert(1)> =HYPERLINK("http://x")')
    session = bp.EditSession(loaded={"current": current, "proposed": proposed})
    session.edit_cell("proposed", step, bp.LANES[1], "=1+1")
    ws.settings["blueprint.sessions"] = {"workspace": session}
    sections = report.build_sections(ws, EN)
    html = report.build_html(ws, EN, sections)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Acme" not in html
    assert "&lt;script&gt;alert(&#x27;file&#x27;)&lt;/script&gt;.csv" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    book = openpyxl.load_workbook(io.BytesIO(report.build_xlsx(ws, EN, sections)))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'=1+1" in values and "=1+1" not in values
    assert not any(v.startswith(("=", "+", "@")) for v in values)
    assert not any(c.data_type == "f" for sheet in book for row in sheet.iter_rows() for c in row)


def test_workbook_holds_every_table_and_the_narrative(sample, sections_en):
    book = openpyxl.load_workbook(io.BytesIO(report.build_xlsx(sample, EN, sections_en)))
    n_tables = sum(len(s.tables) for s in sections_en)
    assert len(book.sheetnames) == n_tables + 2 == 21     # contents, narrative, one per table
    assert len(set(n.lower() for n in book.sheetnames)) == len(book.sheetnames)
    assert all(len(n) <= 31 for n in book.sheetnames)
    summary = book[book.sheetnames[1]]
    texts = [r[1] for r in summary.iter_rows(min_row=2, values_only=True)]
    assert len(texts) == sum(len(s.paragraphs) for s in sections_en)
    assert not any("**" in x for x in texts)


def test_a_workspace_without_data_still_gets_a_report():
    from core.workspace import Workspace

    ws = Workspace(name="empty")
    secs = report.build_sections(ws, EN)
    # every view says it has no data, except survey planning: a sample-size calculator needs none
    assert [s.view for s in secs if s.note != EN("report.no_data")] == ["planning"]
    html = report.build_html(ws, EN, secs)
    assert html.count("id='plotly-src'") == 1 and html.count("class='plotly-graph-div'") == 1  # planning's curve
    assert html.count("<section") == len(report.VIEWS) + 1                                      # + definitions
    bad = sample_workspace()
    bad.put("abandonment", pd.DataFrame({"account": ["1"], "model": ["current"], "month": [1], "day": [1],
                                         "abandon_pct": [3.0]}), "one_day.csv")
    sec = report.build_sections(bad, EN, views=("abandonment",))[0]
    assert sec.note == EN("report.not_analysable")


def test_text_to_html_allows_only_bold():
    assert report.text_to_html("**a** <i>b</i> \\*c\\*") == "<strong>a</strong> &lt;i&gt;b&lt;/i&gt; *c*"
