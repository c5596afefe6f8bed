"""A section holding upload boxes opens by itself while its view has no data; once her upload brings
data it must stay open on the upload's messages (rows left out, columns not used), not fold them away.
Her data is already loaded (the section starts closed), she uploads a new file in the section."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.i18n import Translator
from core.sample import own_data_workspace, sample_workspace
from pagetest import run_page

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _outer(at, label: str) -> list[bool]:
    return [e.proto.expanded for e in at.expander if e.label == label]


@pytest.mark.parametrize("page, dataset, section, file", [
    ("journey", "journey_responses", "journey.upload_title", "journey_responses.csv"),
    ("indicators", "indicators", "indicators.upload_title", "indicators.csv"),
    ("staffing", "traffic", "staffing.week.upload", "traffic_sample.csv")])
def test_the_section_stays_open_on_her_upload(page, dataset, section, file):
    t = Translator("es")
    ws = own_data_workspace("Mis datos")
    for name in ("journey_map", "journey_responses", "indicators", "traffic"):
        ws.put(name, sample_workspace("es").get(name), f"{name}_anterior.csv")
    at = run_page(page, "es", ws)
    assert not at.exception and _outer(at, t(section)) == [False]
    content = (SAMPLE / file).read_bytes()
    at.file_uploader(key=f"upload.{dataset}").set_value((f"nuevo_{file}", content, "text/csv")).run()
    assert not at.exception
    assert at.session_state["workspace"].source(dataset) == f"nuevo_{file}"
    assert _outer(at, t(section)) == [True]
    assert any(f"nuevo_{file}" in s.value.replace("\\", "") for s in at.success)     # (Markdown-escaped)
