"""A call file that does not fit in memory the ordinary way is streamed (core.cdr_upload.read_calls)."""
from __future__ import annotations

from core import cdr_upload
from core.intake import pipeline

CALLS = ("Fecha;Hora;Espera (seg);Abandonada;TMO (seg)\r\n"
         "04/03/2024;08:05:00;30;No;200\r\n04/03/2024;08:20:10;90;Sí;\r\n04/03/2024;08:40:00;0;No;100\r\n")


def test_a_call_file_that_ran_out_of_memory_is_streamed_instead(monkeypatch):
    # the ordinary reader raising MemoryError is told as out_of_memory, one of the problems after which
    # the file is streamed: 3 calls in two half hours (08:00: 2 calls, one abandoned; 08:30: 1 call)
    real, calls = pipeline._load, []

    def out_of_memory_once(*args, **kwargs):       # the whole file: out of memory; its head (streamed): read
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError
        return real(*args, **kwargs)
    monkeypatch.setattr(pipeline, "_load", out_of_memory_once)
    upload = cdr_upload.read_calls(CALLS.encode("cp1252"), "llamadas.csv", lang="es")
    assert upload.streamed is not None and upload.result.ok
    table = upload.result.data
    assert table["offered"].tolist() == [2, 1] and table["abandoned"].tolist() == [1, 0]
