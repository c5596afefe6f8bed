"""app_pages/report.py:  one click builds both files, in the chosen language; user text stays text."""
import io

import openpyxl
import pandas as pd
import pytest

from core.sample import sample_workspace
from tests.pagetest import run_page


def _run(lang, ws=None):
    at = run_page("report", lang, ws)
    assert not at.exception
    at.button(key="report.build").click().run()
    assert not at.exception
    return at


def _downloads(at):
    return {b.label: b for b in at.get("download_button")}


@pytest.mark.parametrize("lang, built, html_label", [
    ("en", "Report built for “Sample case”: 7 views, 10 figures, 19 tables.", "Download the report (HTML)"),
    ("es", "Informe armado para «Caso de ejemplo»: 7 vistas, 10 figuras, 19 tablas.", "Descargar el informe (HTML)"),
])
def test_build_gives_both_files(lang, built, html_label):
    at = _run(lang)
    assert [s.value for s in at.success] == [built]
    assert html_label in _downloads(at)
    stored = at.session_state["report.built"]
    assert stored["html"].startswith(b"<!DOCTYPE html><html lang='" + lang.encode())
    book = openpyxl.load_workbook(io.BytesIO(stored["xlsx"]))
    assert len(book.sheetnames) == 21   # contents + the narrative + 19 tables
    # the preview repeats the report's conclusions
    assert any(("Abandonment fell by" if lang == "en" else "El abandono bajó") in m.value for m in at.markdown)


def test_changes_after_building_are_flagged_as_stale():
    at = _run("en")
    assert not at.warning
    at.session_state["workspace"].settings["abandonment.confidence"] = 99.0
    at.run()
    assert [w.value for w in at.warning] == [
        "The workspace or the language changed since the report was built: build it again to include the changes."]


def test_script_tags_in_user_text_are_shown_as_text():
    ws = sample_workspace()
    ws.name = "<script>alert(1)</script>"
    journey = ws.get("journey_map").copy()
    journey.loc[0, "phase"] = "<script>alert(2)</script>"
    ws.put("journey_map", journey, "<img src=x onerror=alert(3)>.csv")
    responses = ws.get("journey_responses")
    ws.put("journey_responses", responses[responses["phase"] != "Discovery"].reset_index(drop=True), "sample")
    at = _run("en", ws)
    texts = [m.value for m in at.markdown] + [s.value for s in at.success]
    assert any("\\<script\\>alert\\(1\\)\\</script\\>" in x for x in texts)   # escaped, shown literally
    assert not any("<script>" in x for x in texts)
    html = at.session_state["report.built"]["html"].decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(3)&gt;.csv" in html
    assert isinstance(ws.get("journey_map"), pd.DataFrame)
