"""Own data in a real browser: a Spanish `Fecha;Hora;…;TMO (seg)` traffic file through the staffing page's
file chooser gives the week plan of HER intervals, and unrecognisable headers are mapped by hand.

Run: .venv/bin/python -m pytest tests/browser/test_own_data_browser.py -p no:xdist
"""
from __future__ import annotations

import pandas as pd

from core.i18n import Translator
from core.queueing import required_agents
from tests import userfiles

from .test_app_in_browser import alerts, metric, no_exception, open_page, shot, upload, wait_idle

EN = Translator("en")


def expected_peak(rows: list[dict], minutes: int) -> int:
    """Peak agents on the phones, by hand: one week, so each weekday-time slot is one interval; calls per
    hour = offered x 60 / minutes; AHT of the slot = its TMO (the answered-weighted mean of the file where
    a slot has no answered call); 80 % answered within 20 s, no occupancy cap, no ASA goal."""
    df = pd.DataFrame(rows)
    overall = (df["aht"] * df["answered"]).sum() / df["answered"].sum()
    df["aht_slot"] = df["aht"].where(df["answered"] > 0, overall)
    df["rate"] = df["offered"] * 60 / minutes
    per_slot = df.groupby("start", as_index=False)[["rate", "aht_slot"]].first()
    return max(required_agents(r, a, 0.8, 20.0) if r > 0 else 0
               for r, a in zip(per_slot["rate"], per_slot["aht_slot"]))


def test_fecha_hora_tmo_file_on_the_staffing_page_gives_her_week_plan(page, server):
    rows = userfiles.traffic_rows(minutes=30)
    open_page(page, server, "staffing")
    # the staffing page keeps its upload boxes inside an outer expander while a week plan is shown
    box_title = page.get_by_text(EN("upload.title", dataset=EN("datasets.traffic")), exact=True)
    if not box_title.is_visible():
        page.get_by_text(EN("staffing.week.upload"), exact=True).first.click()
        wait_idle(page)
    chooser = page.locator(".st-key-upload-traffic input[type=file]")
    chooser.set_input_files(files=[{"name": "trafico_semana.csv", "mimeType": "text/csv",
                                    "buffer": userfiles.traffic_csv_es(rows=rows)}])
    # the week plan redraws from her file (the upload box may fold away with its expander)
    page.wait_for_function("() => document.body.innerText.includes('trafico_semana.csv')", timeout=60_000)
    wait_idle(page, 1500)
    no_exception(page)
    assert metric(page, EN("staffing.week.interval")) == EN("staffing.unit_min", v="30")
    assert metric(page, EN("staffing.week.peak")) == EN.int(expected_peak(rows, 30))
    shot(page, "own_data_staffing_week")


def test_columns_mapped_by_hand_in_the_mapping_step(page, server):
    open_page(page, server, "data")
    upload(page, "traffic", "encabezados_raros.csv", userfiles.unrecognisable_traffic_csv())
    no_exception(page)
    shot(page, "own_data_mapping_step")
    assert any("Accepted names" in a for a in alerts(page))
    for column, header in (("interval_start", "Dia del reporte"), ("interval_time", "Tramo"),
                           ("offered", "Cantidad"), ("aht_s", "Segundos promedio")):
        box = page.locator(f".st-key-mapping-traffic-{column}")
        box.scroll_into_view_if_needed()
        box.get_by_role("combobox").click()
        page.get_by_role("option", name=header, exact=True).click()
        wait_idle(page)
    page.locator(".st-key-mapping-traffic-_apply button").click()
    wait_idle(page, 1500)
    no_exception(page)
    assert any("encabezados_raros.csv" in a and "8 rows" in a for a in alerts(page)), alerts(page)
    shot(page, "own_data_mapping_applied")
