"""core.cdr_upload: a call-detail upload kept call by call, or (too big, or compressed) added up into
interval traffic as it is read, and what the workspace keeps of it.

Expected values are worked by hand from the four calls of SMALL below (30-minute intervals):
  08:00-08:30  calls 1, 2   offered 2, answered 1 (talk 180.0 s), abandoned 1
  08:30-09:00  call 3       offered 1, answered 1 (talk 240.5 s), abandoned 0
  09:00-09:30  call 4       offered 1, answered 0, abandoned 1 (no handle time)
  waits 12.5 + 30 + 4 + 60 = 106.5 s, of which the abandoned calls' 30 + 60 = 90 s; 2 abandoned,
  so the censored exponential estimate of mean patience is 106.5 / 2 = 53.25 s (naive mean 45 s).
"""
from __future__ import annotations

import gzip
import io
import time
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from core import cdr_upload
from core.cdr_upload import keep_upload, read_calls, rows_loaded, streamed_patience, streamed_record
from core.i18n import Translator
from core.intake import cdr_stream, readers
from core.intake.problems import Problem
from core.workspace import Workspace

SMALL = ("Reporte de llamadas - Central Lima;;;;;\r\n;;;;;\r\n"
         "Fecha;Hora;Espera (seg);Duración (seg);Abandonada;Cola\r\n"
         "03/02/2025;08:05:10;12,5;180,0;No;Citas\r\n"
         "03/02/2025;08:20:00;30,0;;Sí;Citas\r\n"
         "03/02/2025;08:40:00;4,0;240,5;No;Citas\r\n"
         "03/02/2025;09:10:00;60,0;;Sí;Resultados\r\n").encode("cp1252")


def _zip(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _messages(result, lang: str = "es") -> str:
    t = Translator(lang)
    return " ".join(p.message(t) for p in result.problems)


@pytest.mark.parametrize("packed, name", [(gzip.compress(SMALL), "llamadas.csv.gz"),
                                          (_zip("llamadas.csv", SMALL), "llamadas.zip")], ids=["gzip", "zip"])
def test_a_compressed_export_is_added_up_into_the_hand_worked_intervals(packed, name):
    calls = read_calls(packed, name, lang="es")
    result = calls.result
    assert result.ok and calls.dataset == "traffic"
    table = result.data
    assert list(table.columns) == ["interval_start", "offered", "answered", "abandoned", "aht_s"]
    assert table["interval_start"].dt.strftime("%H:%M").tolist() == ["08:00", "08:30", "09:00"]
    assert table["offered"].tolist() == [2, 1, 1]
    assert table["answered"].tolist() == [1, 1, 0]
    assert table["abandoned"].tolist() == [1, 0, 1]
    assert table["aht_s"].iloc[0] == 180.0 and table["aht_s"].iloc[1] == 240.5 and np.isnan(table["aht_s"].iloc[2])
    assert rows_loaded(result) == 4
    assert calls.streamed == {"file": name, "calls": 4, "rows_read": 4, "minutes": 30, "intervals": 3,
                              "wait_totals": [106.5, 4, 2, 90.0]}


def test_what_she_reads_names_the_calls_the_intervals_and_the_summed_queues():
    result = read_calls(gzip.compress(SMALL), "llamadas.csv.gz", lang="es").result
    text = _messages(result)
    assert ("Archivo 'llamadas.csv.gz': se leyeron 4 llamadas por bloques y se sumaron en 3 intervalos de 30 "
            "minutos") in text
    assert "el archivo tiene 2 colas (Citas, Resultados…)" in text
    assert [p.code for p in result.warnings] == ["cdr_queues_summed"]
    assert result.used == {"call_start": "Fecha", "call_time": "Hora", "wait_s": "Espera (seg)",
                           "talk_s": "Duración (seg)", "abandoned": "Abandonada"}
    assert result.unused == ["Cola"]      # summed, so not used: listed, never dropped in silence
    big = 1_234_567
    info = Problem("info", "cdr_streamed", "x.gz", found=str(big), expected="1488", count=30)
    assert "1.234.567 llamadas" in info.message(Translator("es")) and "1.488 intervalos" in info.message(Translator("es"))
    assert "1,234,567 calls" in info.message(Translator("en"))


def test_one_queue_is_no_warning_and_a_small_plain_file_stays_call_by_call():
    one_queue = SMALL.replace(b"Resultados", b"Citas")
    streamed = read_calls(gzip.compress(one_queue), "una.csv.gz", lang="es")
    assert streamed.result.ok and not streamed.result.warnings and streamed.result.unused == ["Cola"]
    plain = read_calls(one_queue, "una.csv", lang="es")
    assert plain.streamed is None and plain.dataset == "cdr"
    assert len(plain.result.data) == 4 and rows_loaded(plain.result) == 4
    assert plain.result.data["wait_s"].tolist() == [12.5, 30.0, 4.0, 60.0]


def test_a_plain_csv_over_the_cell_limit_is_added_up_instead_of_refused(monkeypatch):
    """3,000 calls x 6 columns = 18,000 cells over a limit of 10,000 (the real one, 2,500,000, needs
    a 20 MB file): intake refuses it, the streaming reader takes it, and its intervals are the ones
    intake + aggregate_cdr give when the limit is lifted."""
    from test_traffic_growth import _intake_table, _user_csv
    content = _user_csv(3000)
    expected = _intake_table(content, "mes.csv")
    monkeypatch.setattr(readers, "MAX_CELLS", 10_000)
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 200)
    calls = read_calls(content, "mes.csv", lang="es")
    assert calls.streamed is not None and calls.streamed["calls"] == 3000
    got = calls.result.data
    pd.testing.assert_frame_equal(got.reset_index(drop=True),
                                  expected[got.columns].reset_index(drop=True), check_dtype=False)


def test_a_file_the_streaming_reader_cannot_read_exactly_keeps_intakes_refusal(monkeypatch):
    """"3:15 p. m." is a time format no fast reader reproduces: the file is too big for intake, and its
    refusal (with the limit and the fix) is what she reads, not a guessed aggregate."""
    text = "Fecha;Hora;Espera;Abandonada\n" + "".join(f"03/02/2025;{1 + h % 9}:15 p. m.;4,0;No\n" for h in range(60))
    monkeypatch.setattr(readers, "MAX_CELLS", 100)
    calls = read_calls(text.encode(), "tarde.csv", lang="es")
    assert not calls.result.ok and calls.streamed is None
    assert [p.code for p in calls.result.errors] == ["too_many_cells"]


@pytest.mark.parametrize("content, name, code", [
    (gzip.compress(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20), "foto.csv.gz", "not_spreadsheet"),
    (_zip("a.csv", b"x")[:40] + b"roto", "roto.zip", "cdr_compressed_unreadable"),
    (_zip("a.csv", b"x")[:40] + b"roto", "roto.xlsx", "corrupt_xlsx"),        # a workbook: intake's word
    (_zip("llamadas.csv", "Fecha\tHora\n".encode("utf-16")), "unicode.zip", "not_spreadsheet")],
    ids=["png-in-gzip", "cut-zip", "cut-xlsx", "utf16-in-zip"])   # (gzip and zip bytes hold the time: no ids from them)
def test_a_compressed_file_it_cannot_read_is_refused_with_the_fix(content, name, code):
    result = read_calls(content, name, lang="es").result
    assert not result.ok and [p.code for p in result.errors] == [code]
    assert _messages(result).startswith(f"Archivo '{name}': ")
    if code == "cdr_compressed_unreadable":
        assert "Descomprímalo y cargue el CSV" in _messages(result)


def test_a_workbook_is_still_read_call_by_call():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Llamadas de febrero"])
    sheet.append([])
    sheet.append(["Fecha", "Hora", "Espera (seg)", "Abandonada"])
    sheet.append(["03/02/2025", "08:05:10", 12.5, "No"])
    sheet.append(["03/02/2025", "08:20:00", 30, "Sí"])
    buffer = io.BytesIO()
    book.save(buffer)
    calls = read_calls(buffer.getvalue(), "febrero.xlsx", lang="es")
    assert calls.streamed is None and calls.result.ok
    assert calls.result.data["wait_s"].tolist() == [12.5, 30.0]


def test_a_gzip_bomb_is_refused_quickly():
    """600 MB of one repeated line in a 2 MB gzip (600 gzip members of 1 MB each, which a gzip reader
    joins): refused as too large once 512 MB are read, within seconds, memory bounded by the block
    size (the reader never holds the text)."""
    line = b"03/02/2025;08:05:10;12,5;180,0;No;Citas\n"
    member = gzip.compress(line * (2**20 // len(line)))
    bomb = gzip.compress(b"Fecha;Hora;Espera;Duracion;Abandonada;Cola\n") + member * 600
    assert len(bomb) < 3 * 2**20
    started = time.process_time()
    result = read_calls(bomb, "bomba.csv.gz", lang="es").result
    assert time.process_time() - started < 20
    assert [p.code for p in result.errors] == ["too_large"]
    assert "512" in _messages(result)


# ----------------------------------------------------------------------------- the workspace


def _summary_calls():
    return read_calls(gzip.compress(SMALL), "llamadas.csv.gz", lang="es")


def test_a_streamed_file_becomes_the_traffic_and_gives_the_patience_by_hand():
    ws = Workspace("mine")
    ws.put("cdr", pd.DataFrame({"call_start": pd.to_datetime(["2025-01-01 08:00"]), "wait_s": [1.0],
                                "abandoned": [True]}), "enero.csv")
    calls = _summary_calls()
    keep_upload(ws, "cdr", calls.result.data, "llamadas.csv.gz", calls.streamed)
    assert ws.get("cdr") is None                               # January's calls no longer describe it
    assert ws.source("traffic") == "llamadas.csv.gz" and len(ws.get("traffic")) == 3
    assert streamed_record(ws)["calls"] == 4
    patience = streamed_patience(ws)
    assert patience.mean_patience == 53.25 and patience.naive_mean == 45.0
    assert (patience.n_calls, patience.n_abandoned, patience.total_wait_s) == (4, 2, 106.5)


def test_a_later_file_ends_the_streamed_record():
    calls = _summary_calls()
    ws = Workspace("mine")
    keep_upload(ws, "cdr", calls.result.data, "llamadas.csv.gz", calls.streamed)
    later = read_calls(SMALL, "marzo.csv", lang="es").result
    keep_upload(ws, "cdr", later.data, "marzo.csv")            # calls kept one by one replace the intervals
    assert ws.get("traffic") is None and ws.source("cdr") == "marzo.csv"
    assert cdr_upload.STREAMED_KEY not in ws.settings and streamed_patience(ws) is None

    ws = Workspace("mine")
    keep_upload(ws, "cdr", calls.result.data, "llamadas.csv.gz", calls.streamed)
    keep_upload(ws, "traffic", calls.result.data.assign(offered=[3, 3, 3]), "trafico.csv")
    assert streamed_record(ws) is None and ws.settings.get(cdr_upload.STREAMED_KEY) is None
    assert ws.get("traffic")["offered"].tolist() == [3, 3, 3]


def test_a_record_whose_traffic_was_replaced_gives_no_patience():
    calls = _summary_calls()
    ws = Workspace("mine")
    keep_upload(ws, "cdr", calls.result.data, "llamadas.csv.gz", calls.streamed)
    ws.put("traffic", calls.result.data, "otro.csv")          # e.g. a workspace file edited by hand
    assert streamed_record(ws) is None and streamed_patience(ws) is None


def test_the_current_data_download_is_built_on_click_in_her_language():
    """The upload box's "data now loaded" download is a function (Streamlit runs it on the click), so a
    rerun with 250,000 calls loaded does not write their CSV; what it writes is her language's CSV."""
    from core.schemas import SCHEMAS
    from ui.upload import current_csv
    frame = pd.DataFrame({"interval_start": pd.to_datetime(["2024-03-18 08:00"]), "offered": [10], "aht_s": [240.5]})
    build = current_csv(frame, SCHEMAS["traffic"], Translator("es"))
    assert callable(build)
    assert build() == "\ufeffInicio intervalo;Llamadas ofrecidas;TMO (seg)\r\n2024-03-18 08:00:00;10;240,5\r\n".encode()


def test_the_record_survives_the_workspace_file_and_a_hand_edited_one_is_ignored():
    from core.workspace_file import export_workspace, import_workspace
    calls = _summary_calls()
    ws = Workspace("mine")
    keep_upload(ws, "cdr", calls.result.data, "llamadas.csv.gz", calls.streamed)
    back = import_workspace(export_workspace(ws, "2026-11-30T12:00:00"), "mine.xlsx").workspace
    assert streamed_patience(back).mean_patience == 53.25
    for bad in ({**calls.streamed, "wait_totals": ["x", 4, 2, 90.0]}, {**calls.streamed, "wait_totals": [1.0]},
                {**calls.streamed, "calls": -4}, {**calls.streamed, "wait_totals": [float("nan"), 4, 2, 9.0]},
                {**calls.streamed, "wait_totals": [106.5, True, 2, 90.0]}, "llamadas.csv.gz"):
        back.settings[cdr_upload.STREAMED_KEY] = bad
        assert streamed_record(back) is None and streamed_patience(back) is None, bad
