"""Rows of a streamed call log whose cell count is not the header's (core.intake.cdr_stream._Records).

pyarrow, which reads the log block by block, sets such rows aside. Intake (pandas) reads a row with
fewer cells with the missing cells blank, and a blank line as a blank row; the stream must do the same,
and number every row it names at the spreadsheet row intake names. Files are made as users make them:
a Spanish export (`;`, decimal comma, cp1252, CR LF), a switch that omits trailing empty cells, a blank
line between days, a gzip from a telephony platform.
"""
# full run
# intake.cdr_stream's full run of the ninth session (1,790 mutants, 155 survivors) mutated this code in its first
# form: 39 survivors sat on it (the rest: test_intake_cdr_stream_full_run_e.py, _f.py). The code was then
# simplified where they showed lines that said nothing, and these tests added:
# - code removed, its mutants gone: _blocks 18 (the codec name's "-" to "_": pyarrow takes Python's names);
#   _short_rows 19, 21, 23 (use_threads); _text_columns 4, 5, 8, 9, 11 (strings_can_be_null and
#   quoted_strings_can_be_null, pyarrow's defaults); _Listing.add 6 and _Listing.cells 11 (the counts now a
#   Counter, the one-row case _Listing.row); _Records._placed 6, 8, 9, 74, 76, 77, 78, 79 (a final flush for rows
#   set aside after the last batch: pyarrow yields a batch, empty or not, for every block it parses, so none is
#   ever left; test_a_log_ending_in_blocks_of_short_rows_reads_every_one holds that), 86 (an astype of int64s),
#   90, 92, 94 (argsort's kind: the row numbers are distinct).
# - killed: _short_rows 25, 27, 28 (newlines_in_values) by
#   test_short_rows_with_notes_over_four_lines_filling_more_than_a_block_are_one_call_each; _Records._placed 30
#   (an empty batch's last row), 37 (`aside > end`) and 41 (`end - arange`) by
#   test_a_log_ending_in_blocks_of_short_rows_reads_every_one; _Listing.cells 9 (`max(1, ...)`) and 10
#   (`MAX_LISTED + count`) by test_unreadable_waits_in_two_blocks_are_named_ten_in_all.
# - equivalent: _Records.__iter__ 18, 19 ("XXerrorXX", "ERROR" for "error"): pyarrow raises the same
#   ArrowInvalid for any return value but "skip" (it prints "Exception ignored" for the others); _Records._placed
#   12, 14 (`aside` without dtype int64: empty, it is float64, and isin, >= and != compare the same); 50 and 52
#   (`<= end`, `> end`): after the run of rows set aside is taken in, no row set aside has the number `end`
#   (the run stops at the first number not set aside); 53 and 71 (`>=`, `<=` the header's width): a row set
#   aside never has the header's cell count.
from __future__ import annotations

import gzip

import pandas as pd
import pytest

from core import traffic
from core.i18n import Translator
from core.intake import cdr_stream, load
from core.schemas import SCHEMAS

HEADER = "Fecha;Hora;Espera (seg);Abandonada;TMO (seg)"


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    """Blocks of 2 KB (about 50 calls) and a head of 40 lines: the stream crosses blocks past the head."""
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 2048)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 40)


def _calls(n: int, day: str = "03/02/2025", short_abandoned: bool = False) -> list[str]:
    """n calls 3 minutes apart from 08:00, waits 0,5..8,5 s, every fifth abandoned; an abandoned call has
    no talk time, and with ``short_abandoned`` its line stops after "Sí" (no trailing separator)."""
    out = []
    for k in range(n):
        m = 3 * k
        start = f"{day};{8 + m // 60:02d}:{m % 60:02d}:00;{k % 9},5"
        if k % 5 == 0:
            out.append(start + (";Sí" if short_abandoned else ";Sí;"))
        else:
            out.append(start + f";No;{120 + k},0")
    return out


def _csv(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _intake(content: bytes):
    result = load(content, "llamadas.csv", SCHEMAS["cdr"])
    assert result.ok
    return result


def _named(problems) -> list[tuple]:
    return [(p.code, p.row, p.column) for p in problems]


def test_a_blank_line_between_days_does_not_shift_the_rows_named_after_it():
    # row 152 is empty (the export leaves a line between two days); row 203 has the wait "abc"
    lines = [HEADER] + _calls(150) + [""] + _calls(50, "04/02/2025") \
        + ["04/02/2025;17:00:00;abc;No;100,0"] + _calls(100, "05/02/2025")
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (301, 300)
    assert _named(summary.problems) == [("not_a_duration", 203, "Espera (seg) (C)"), ("rows_left_out", None, None)]
    assert _named(summary.problems) == _named(_intake(_csv(lines)).problems)


def test_calls_whose_line_stops_before_the_empty_talk_time_are_calls_as_intake_reads_them():
    # a switch that writes nothing after "Sí" for abandoned calls (60 of 300, 59 of them past the head),
    # gzipped: every call counts, and the intervals are intake's, interval by interval
    text = _csv([HEADER] + _calls(300, short_abandoned=True))
    summary = cdr_stream.aggregate_file(gzip.compress(text), "llamadas.csv.gz")
    assert summary.ok and summary.problems == [] and (summary.n_read, summary.n_calls) == (300, 300)
    expected = traffic.aggregate_cdr(_intake(text).data, 30)
    pd.testing.assert_frame_equal(summary.traffic.reset_index(drop=True), expected.reset_index(drop=True))
    assert summary.wait_totals[1:3] == (300, 60)


def test_a_short_row_after_the_last_block_is_read_and_named():
    # the file's last row has only three cells: the abandoned flag is blank (required), as intake names it
    lines = [HEADER] + _calls(200) + ["03/02/2025;18:00:00;4,5"]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (201, 200)
    assert _named(summary.problems) == [("blank_required", 202, "Abandonada (D)"), ("rows_left_out", None, None)]
    assert _named(summary.problems) == _named(_intake(_csv(lines)).problems)


def test_a_whole_block_of_short_rows_keeps_the_numbering_of_the_rows_after_it():
    # 80 abandoned calls in a row past the head, each line stopping after "Sí" (more than a 2 KB block);
    # then row 284 has the wait "abc"
    short = [f"04/02/2025;09:{k % 60:02d}:00;{k % 7},5;Sí" for k in range(80)]
    lines = [HEADER] + _calls(150) + short + _calls(52, "05/02/2025") \
        + ["05/02/2025;17:00:00;abc;No;100,0"] + _calls(20, "06/02/2025")
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (303, 302)
    assert _named(summary.problems) == [("not_a_duration", 284, "Espera (seg) (C)"), ("rows_left_out", None, None)]
    assert _named(summary.problems) == _named(_intake(_csv(lines)).problems)
    assert summary.wait_totals[1:3] == (302, 30 + 80 + 11 + 4)


def test_a_short_row_with_a_note_quoted_over_two_lines_is_one_row():
    # a first column of notes; one abandoned call's note is written over two lines (quoted) and its line
    # stops after "Sí": it is one call, and the rows after it keep their numbers (193: the wait "abc")
    lines = ["Nota;" + HEADER] + [";" + line for line in _calls(150)] + ['"cliente\r\nmolesto";03/02/2025;16:00:00;2,5;Sí'] \
        + [";" + line for line in _calls(40, "04/02/2025")] + [";04/02/2025;17:00:00;abc;No;100,0"]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (192, 191) and summary.unused == ["Nota"]
    assert _named(summary.problems) == [("not_a_duration", 193, "Espera (seg) (D)"), ("rows_left_out", None, None)]
    intake = [named for named in _named(_intake(_csv(lines)).problems) if named[0] != "columns_not_used"]
    assert _named(summary.problems) == intake
    assert summary.wait_totals[1:3] == (191, 30 + 1 + 8)


def test_rows_with_extra_fields_are_named_ten_then_counted_in_spanish(monkeypatch):
    # eleven calls past the head where a note with a ";" added two fields: each is left out, ten are named
    monkeypatch.setattr(cdr_stream, "SAMPLED", 0)      # intake's decisions on the head never see them
    extra = [f"04/02/2025;10:{k:02d}:00;1,5;No;60,0;ver nota;llamar" for k in range(11)]
    lines = [HEADER] + _calls(150) + extra + _calls(30, "05/02/2025")
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (191, 180)
    named = [p for p in summary.problems if p.code == "csv_row_fields"]
    assert [(p.severity, p.row, p.found, p.expected) for p in named] == \
        [("warning", row, "7", "5") for row in range(152, 162)]
    t = Translator("es")
    assert named[0].message(t) == (
        "Archivo 'llamadas.csv', fila 152: la fila tiene 7 campos pero la tabla tiene 5: un separador dentro "
        "de un texto la divide. Ponga ese texto entre comillas o quite el separador, o guarde el archivo como .xlsx.")
    more, left_out = summary.problems[-2:]
    assert (more.code, more.count, more.column) == ("more_rows", 1, None)
    assert left_out.message(t) == ("Archivo 'llamadas.csv': se dejaron por fuera 11 de 191 filas por los "
                                   "problemas indicados; el resto se cargó.")


def test_past_the_limit_of_uneven_rows_the_file_is_refused_naming_the_row(monkeypatch):
    # a log whose separator changes to "," after the head: every row after it is one cell (no line
    # sampled past the head, so that intake's decisions on the head never see them)
    monkeypatch.setattr(cdr_stream, "MAX_SET_ASIDE", 60)
    monkeypatch.setattr(cdr_stream, "SAMPLED", 0)
    lines = [HEADER] + _calls(150) + [line.replace(";", ",") for line in _calls(100, "04/02/2025")]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    [problem] = summary.problems
    assert not summary.ok and (problem.severity, problem.code, problem.row) == ("error", "too_many_uneven_rows", 212)
    assert problem.message(Translator("es")) == (
        "Archivo 'llamadas.csv', fila 212: más de 60 filas tienen otro número de campos que el encabezado (esta "
        "tiene 1): desde aquí el archivo no es una tabla de llamadas. Revise el separador que usó la exportación, "
        "o divida el archivo, por ejemplo por mes.")


def test_up_to_the_limit_of_uneven_rows_the_file_is_read(monkeypatch):
    # 12 abandoned calls of 4 February stop after "Sí", and 48 more at 18:00: 60 rows set aside, the limit
    monkeypatch.setattr(cdr_stream, "MAX_SET_ASIDE", 60)
    lines = [HEADER] + _calls(150) + _calls(60, "04/02/2025", short_abandoned=True) + _calls(60, "05/02/2025")
    lines = lines[:170] + [f"04/02/2025;18:{k:02d}:00;1,5;Sí" for k in range(48)] + lines[170:]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert summary.ok and summary.problems == [] and (summary.n_read, summary.n_calls) == (318, 318)


def test_a_log_ending_in_blocks_of_short_rows_reads_every_one():
    # the day ends with 200 abandoned calls whose lines stop after "Sí" (about 6 KB: three 2 KB blocks of
    # nothing but rows pyarrow sets aside, for which it yields empty batches); then nothing
    short = [f"04/02/2025;{9 + k // 60:02d}:{k % 60:02d}:00;{k % 7},5;Sí" for k in range(200)]
    lines = [HEADER] + _calls(150) + ["04/02/2025;08:00:00;abc;No;1,0"] + short
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (351, 350)
    assert summary.wait_totals[1:3] == (350, 30 + 200)
    assert _named(summary.problems) == [("not_a_duration", 152, "Espera (seg) (C)"), ("rows_left_out", None, None)]
    assert _named(summary.problems) == _named(_intake(_csv(lines)).problems)
    expected = traffic.aggregate_cdr(_intake(_csv(lines)).data, 30)
    pd.testing.assert_frame_equal(summary.traffic.reset_index(drop=True), expected.reset_index(drop=True))


def test_short_rows_with_notes_over_four_lines_filling_more_than_a_block_are_one_call_each():
    # 100 abandoned calls past the head whose note (first column) is quoted over four lines and whose line stops
    # after "Sí": about 7 KB of such rows are read again together, across 2 KB blocks
    note = '"llamar\r\nmañana\r\nsin falta\r\n(urgente)"'
    lines = ["Nota;" + HEADER] + [";" + line for line in _calls(150)] \
        + [f'{note};04/02/2025;{9 + k // 60:02d}:{k % 60:02d}:00;{k % 7},5;Sí' for k in range(100)] \
        + [";05/02/2025;08:00:00;abc;No;1,0"] + [";" + line for line in _calls(20, "05/02/2025")]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (271, 270)
    assert summary.wait_totals[1:3] == (270, 30 + 100 + 4)
    assert _named(summary.problems) == [("not_a_duration", 252, "Espera (seg) (D)"), ("rows_left_out", None, None)]


def test_rows_with_extra_fields_in_two_blocks_are_named_ten_in_all(monkeypatch):
    # six rows with a ";" too many in one block and six in a later one: the first ten are named, two counted
    monkeypatch.setattr(cdr_stream, "SAMPLED", 0)
    extra = [f"04/02/2025;10:{k:02d}:00;1,5;No;60,0;ver nota" for k in range(12)]
    lines = [HEADER] + _calls(150) + extra[:6] + _calls(100, "05/02/2025") + extra[6:]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (262, 250)
    named = [p.row for p in summary.problems if p.code == "csv_row_fields"]
    assert named == [152, 153, 154, 155, 156, 157, 258, 259, 260, 261]
    assert [(p.code, p.count) for p in summary.problems if p.code == "more_rows"] == [("more_rows", 2)]


def test_unreadable_waits_in_two_blocks_are_named_ten_in_all():
    # a switch wrote "-" as the wait of 8 calls on 4 February, 4 more at 10:00 and 3 on 5 February, blocks
    # apart: the first ten are named (rows 152-159, 260-261), the other five counted, none named in a later block
    bad = lambda day, n: [f"{day};09:{k:02d}:00;-;No;60,0" for k in range(n)]
    lines = [HEADER] + _calls(150) + bad("04/02/2025", 8) + _calls(100, "05/02/2025") \
        + [f"04/02/2025;10:{k:02d}:00;-;No;60,0" for k in range(4)] + _calls(100, "06/02/2025") + bad("05/02/2025", 3)
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (365, 350)
    assert [p.row for p in summary.problems if p.code == "not_a_duration"] == list(range(152, 160)) + [260, 261]
    assert [(p.code, p.column, p.count) for p in summary.problems if p.code == "more_rows"] == [
        ("more_rows", "Espera (seg) (C)", 5)]
    assert _named(summary.problems) == _named(_intake(_csv(lines)).problems)
