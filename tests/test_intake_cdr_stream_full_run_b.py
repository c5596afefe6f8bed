"""Kill tests for the survivors of intake.cdr_stream's full mutation run (issue 20), part b:
aggregate_file, _aggregate, _summary, _without_rows, _Listing.close, _Listing.cells and _Refused.__init__
(core/intake/cdr_stream.py).

Files are call logs as call systems and Excel export them: ";" CSV in cp1252 with decimal comma, "Sí"/"No"
abandoned, a header with units ("Espera (seg)", "TMO (seg)"), bad rows named by row, a zip of one CSV.
BLOCK_BYTES and HEAD_LINES are made small so that the stream crosses blocks past the head on small files.
Every expected value is written out by hand.
"""
# full run
# intake.cdr_stream, share b (48 survivors):
# - aggregate_file 6 and _aggregate 21 (lang dropped: None passed to intake): killed by
#   test_a_comma_csv_of_ambiguous_dates_is_read_day_first_for_a_spanish_reader.
# - aggregate_file 31 (a damaged archive's text cut at 201 characters): killed by
#   test_a_zip_with_a_bad_crc_is_damaged_and_its_text_is_cut_at_200_characters.
# - aggregate_file 32-47 (the "unexpected" problem: problems None or left out, no traffic argument (TypeError),
#   severity, code or file None, left out or changed, found None or left out, "NoneType" for the exception's
#   name): killed by test_a_quoted_note_longer_than_a_block_past_the_head_is_an_unexpected_problem.
# - aggregate_file 48 (the unexpected text cut at 201 characters): not triaged. The texts found reaching that
#   branch (pyarrow's "straddling object ..." and a codec's "'charmap' codec can't decode byte 0x81 ...", see
#   the bug test below) are all under 200 characters; no input with a longer one was found.
# - _aggregate 34, 38 (used None / left out) and 35, 39 (unused None / left out) of a refused head: killed by
#   test_a_head_with_no_usable_row_names_the_columns_read_and_not_used.
# - _aggregate 101, 102 (the per-block partials folded at 65 blocks instead of 64): equivalent. sum_partials
#   adds int64 totals slot by slot (groupby(level=0).sum(), sorted slots), exact and independent of when the
#   fold happens; _summary sums what is left the same way. (A fold of only empty partials would raise
#   "empty", but the file's first block holds the head's rows intake kept, so the first partial is never
#   empty; with 64 or 65 the fold only changes memory.)
# - _aggregate 52 (row numbers past a short row counted back instead of on): killed by
#   test_a_short_row_past_the_head_does_not_shift_the_row_named_further_down.
# - _aggregate 62, 64, 72, 73 (too_many_cells with severity None/"XXerrorXX"/"ERROR" or without its file):
#   killed by test_too_many_cells_is_an_error_naming_the_file_in_spanish.
# - _summary 63 (patience "" instead of None): killed by test_a_day_without_abandoned_calls_has_no_patience.
# - _summary 73, 74, 75, 76 (the empty queue Series built as Series(None, dtype=str), Series([], dtype=None),
#   Series(dtype=str), Series([])): equivalent. It is only turned into tuple(sorted(set(...))), () in every
#   case; its data and dtype arguments say nothing (code says nothing: could be removed; `()` would do).
# - _summary 83 (unused None on a file read): killed by test_a_file_read_names_its_column_not_used.
# - _without_rows 3, 4 (the more_rows test never true: only the ten named rows are taken out of the head):
#   killed by test_twelve_bad_rows_holding_the_only_late_dates_send_the_file_the_ordinary_way (the rows
#   left in no longer decide the date order: the mutant refuses the file, date_order_undecided).
# - _without_rows 12 (the first line of the head loses its first byte): killed by
#   test_a_bad_row_in_a_head_whose_header_is_the_first_line_is_left_out (the header "Fecha" becomes "echa").
# - _Listing.cells 1 (blank_required's expected "XXXX" instead of intake's ""): killed by
#   test_more_than_ten_unreadable_waits_past_the_head_are_counted_not_listed (expected "", as intake's).
# - _Listing.cells 15 (the first count of a kind taken as 1: only 9 rows listed when the file's first block
#   holds 10 or more; later blocks see the 0 the first block stored): killed by
#   test_ten_unreadable_waits_in_the_first_lines_are_all_listed.
# - _Listing.close 17 (a "0 more rows" problem at exactly 10): killed by
#   test_exactly_ten_unreadable_waits_past_the_head_are_all_listed.
# - _Listing.close 2, 4, 12, 13 (more_rows with severity None/"XXwarningXX"/"WARNING" or without its file):
#   killed by test_more_than_ten_unreadable_waits_past_the_head_are_counted_not_listed.
# Bugs found on the way (not survivors; fixed in the eighth session unless marked open, whose test is a strict xfail):
# - (fixed in _layout by commit 1dabfce while this part was written) more than MAX_LISTED bad rows of one kind
#   in the head raised AttributeError (None.decode): test_eleven_bad_rows_in_the_head_send_the_file_the_ordinary_way.
# - _without_rows: a head whose only day-past-12 dates sit in rows intake leaves out is refused
#   (date_order_undecided) though intake reads the file (fixed: the file goes the ordinary way):
#   test_bad_rows_holding_the_only_unambiguous_dates_do_not_refuse_the_file.
# - _aggregate/_blocks: a row with fewer cells than the header past the head was left out but never named (fixed
#   in the ninth session: it is read with the missing cells blank, as intake reads it):
#   test_a_short_row_past_the_head_is_named_as_intake_names_it.
# - _scan/_blocks: a byte cp1252 leaves undefined (0x81) past the head ends on "unexpected" though intake reads
#   the file (fixed: the stream reads it as latin-1, as intake): test_a_byte_cp1252_leaves_undefined_in_a_note_past_the_head_does_not_refuse_the_file.
# - _Refused.__init__ 1 (the exception's message None instead of the problem's code): equivalent. Every
#   _Refused is raised inside _aggregate and caught in aggregate_file, which reads only `.problem`; the
#   message is never shown (code says nothing: could be removed).
import io
import zipfile

import pandas as pd
import pytest

from core.i18n import Translator
from core.intake import cdr_stream, load
from core.intake.problems import Problem
from core.schemas import SCHEMAS

HEADER = "Fecha;Hora;Espera (seg);Abandonada;TMO (seg)"
WAIT = "Espera (seg) (C)"


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    """Blocks of 4 KB and a head of 40 lines: the stream crosses blocks past the head."""
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 40)


def _calls(n: int, day: str = "03/02/2025") -> list[str]:
    """n calls 3 minutes apart from 08:00, waits 0,5..8,5 s, every fifth abandoned ("Sí"), TMO 120,0 + k."""
    out = []
    for k in range(n):
        m = 3 * k
        out.append(f"{day};{8 + m // 60:02d}:{m % 60:02d}:00;{k % 9},5;{'Sí' if k % 5 == 0 else 'No'};{120 + k},0")
    return out


def _csv(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_a_comma_csv_of_ambiguous_dates_is_read_day_first_for_a_spanish_reader():
    # 03/02/2025 can be 3 February or 2 March: a Spanish reader (lang "es") means 3 February.
    text = "Fecha,Hora,Espera,Abandonada\n" + "".join(
        f"03/02/2025,08:{k:02d}:00,{k},{'Sí' if k % 4 == 0 else 'No'}\n" for k in range(20))
    summary = cdr_stream.aggregate_file(text.encode("cp1252"), "llamadas.csv", lang="es")
    assert summary.ok and summary.problems == []
    row = summary.traffic.iloc[0]
    assert len(summary.traffic) == 1 and row["interval_start"] == pd.Timestamp("2025-02-03 08:00")
    assert (row["offered"], row["answered"], row["abandoned"], row["mean_wait_s"]) == (20, 15, 5, 9.5)


def test_a_zip_with_a_bad_crc_is_damaged_and_its_text_is_cut_at_200_characters():
    name = "reporte_" + "x" * 200 + ".csv"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(name, _csv([HEADER] + _calls(20)))
    raw = bytearray(buffer.getvalue())
    raw[raw.index(b"03/02/2025;08:30") + 1] = ord("4")          # one byte changed in transit: CRC fails
    summary = cdr_stream.aggregate_file(bytes(raw), "llamadas.zip")
    [problem] = summary.problems
    assert (problem.severity, problem.code, problem.file) == ("error", "cdr_compressed_damaged", "llamadas.zip")
    assert problem.found == "BadZipFile: Bad CRC-32 for file 'reporte_" + "x" * 159


def test_a_head_with_no_usable_row_names_the_columns_read_and_not_used():
    # every wait over a day (90000 s, a wait typed in the wrong column): no row of the head can be used
    lines = ["Fecha;Hora;Espera (seg);Abandonada;Agente"] + [f"03/02/2025;08:{k:02d}:00;90000;No;Ana" for k in range(5)]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert not summary.ok and summary.problems[-1].code == "no_valid_rows"
    assert summary.used == {"call_start": "Fecha", "call_time": "Hora", "wait_s": "Espera (seg)",
                            "abandoned": "Abandonada"}
    assert summary.unused == ["Agente"]


def test_a_file_read_names_its_column_not_used():
    lines = [HEADER + ";Agente"] + [line + ";Ana" for line in _calls(30)]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert summary.ok and summary.unused == ["Agente"]


def test_a_short_row_past_the_head_does_not_shift_the_row_named_further_down():
    # row 152 has three cells (skipped by the block reader), row 203 an unreadable wait, in a later block
    lines = [HEADER] + _calls(150) + ["03/02/2025;16:00:00;2,5"] + _calls(50, "04/02/2025") \
        + ["04/02/2025;17:00:00;abc;No;100,0"] + _calls(100, "05/02/2025")
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (302, 300)
    assert [(p.code, p.row, p.found) for p in summary.problems if p.row] == [("not_a_duration", 203, "abc"),
                                                                          ("blank_required", 152, "")]
    intake = load(_csv(lines), "llamadas.csv", SCHEMAS["cdr"])          # the same rows, in the same order
    assert [(p.code, p.row, p.column) for p in intake.problems] == [(p.code, p.row, p.column) for p in summary.problems]


def test_a_short_row_past_the_head_is_named_as_intake_names_it():
    lines = [HEADER] + _calls(150) + ["03/02/2025;16:00:00;2,5"] + _calls(50, "04/02/2025")
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert [(p.code, p.row) for p in summary.problems if p.row] == [("blank_required", 152)]


def test_too_many_cells_is_an_error_naming_the_file_in_spanish(monkeypatch):
    monkeypatch.setattr(cdr_stream, "MAX_CELLS", 600)
    summary = cdr_stream.aggregate_file(_csv([HEADER] + _calls(300)), "llamadas.csv")
    [problem] = summary.problems
    assert (problem.severity, problem.code, problem.file) == ("error", "too_many_cells", "llamadas.csv")
    assert problem.message(Translator("es")) == (
        "Archivo 'llamadas.csv': la hoja tiene 1.190 celdas, más que el límite de 600. Quite filas y columnas "
        "que ninguna vista usa (o borre el área vacía después de los datos), o divida el archivo, por ejemplo "
        "por mes.")


def test_a_day_without_abandoned_calls_has_no_patience():
    lines = [HEADER] + [line.replace("Sí", "No") for line in _calls(30)]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert summary.ok and summary.patience is None
    assert summary.wait_totals == (126.0, 30, 0, 0.0)      # waits 0,5..8,5 three times over: 3 x 42 s


def test_a_bad_row_in_a_head_whose_header_is_the_first_line_is_left_out():
    lines = [HEADER] + _calls(30)
    lines[5] = "03/02/2025;08:12:00;nada;No;60,0"            # spreadsheet row 6
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (30, 29)
    assert [(p.code, p.row) for p in summary.problems if p.row] == [("not_a_duration", 6)]


def test_ten_unreadable_waits_in_the_first_lines_are_all_listed():
    # a switch wrote "-" as the wait of ten calls at the start of the day (spreadsheet rows 3 to 12)
    lines = [HEADER] + _calls(60)
    for k in range(2, 12):
        lines[k] = lines[k].replace(lines[k].split(";")[2], "-", 1)
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (60, 50)
    assert [(p.code, p.row, p.found) for p in summary.problems] == \
        [("not_a_duration", r, "-") for r in range(3, 13)] + [("rows_left_out", None, "60")]


def test_exactly_ten_unreadable_waits_past_the_head_are_all_listed():
    lines = [HEADER] + _calls(150) + [f"04/02/2025;09:{k:02d}:00;nada;No;60,0" for k in range(10)] \
        + _calls(40, "05/02/2025")
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert [(p.code, p.row) for p in summary.problems] == \
        [("not_a_duration", r) for r in range(152, 162)] + [("rows_left_out", None)]


def test_more_than_ten_unreadable_waits_past_the_head_are_counted_not_listed():
    lines = [HEADER] + _calls(150) + [f"04/02/2025;09:{k:02d}:00;nada;No;60,0" for k in range(12)] \
        + [f"04/02/2025;10:{k:02d}:00;;No;60,0" for k in range(2)] + _calls(40, "05/02/2025")
    content = _csv(lines)
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert [(p.code, p.row) for p in summary.problems[:10]] == [("not_a_duration", r) for r in range(152, 162)]
    blank = [p for p in summary.problems if p.code == "blank_required"]
    assert blank == [Problem("warning", "blank_required", "llamadas.csv", row=r, column=WAIT, found="", expected="")
                     for r in (164, 165)]
    # intake's expected for a blank required cell is "" too (its found is "nan": not shown by the message)
    assert [(p.row, p.expected) for p in load(content, "llamadas.csv", SCHEMAS["cdr"]).problems
            if p.code == "blank_required"] == [(164, ""), (165, "")]
    more = summary.problems[-2]
    assert more == Problem("warning", "more_rows", "llamadas.csv", column=WAIT, count=2)
    t = Translator("es")
    assert more.message(t) == "Archivo 'llamadas.csv', columna Espera (seg) (C): y 2 filas más con el mismo problema."
    assert summary.problems[-1].message(t) == ("Archivo 'llamadas.csv': se dejaron por fuera 14 de 204 filas por "
                                               "los problemas indicados; el resto se cargó.")


def test_eleven_bad_rows_in_the_head_send_the_file_the_ordinary_way():
    # an export writing "-" as the wait of eleven calls in its first lines: intake reads the file (11 rows
    # left out, ten named and "1 more"); the stream does not raise, it goes back to the ordinary path (None)
    lines = [HEADER] + _calls(30)
    for k in range(2, 13):
        lines[k] = lines[k].replace(lines[k].split(";")[2], "-", 1)
    content = _csv(lines)
    assert len(load(content, "llamadas.csv", SCHEMAS["cdr"]).data) == 19
    assert cdr_stream.aggregate_file(content, "llamadas.csv") is None


def test_twelve_bad_rows_holding_the_only_late_dates_send_the_file_the_ordinary_way():
    # a comma CSV whose dates past the 12th (25/02) are all in twelve rows with an unreadable wait: intake
    # names ten of them and counts the other two ("2 more"), and reads the whole file day first. Taking out
    # only the ten named rows would leave 03/02 alone, which cannot say day first: the stream must not refuse
    # the file, it leaves it to the ordinary path.
    rows = ["Fecha,Hora,Espera,Abandonada"] + [f"03/02/2025,08:{k:02d}:00,{k},No" for k in range(20)] \
        + [f"25/02/2025,09:{k:02d}:00,x,No" for k in range(10)] + [f"03/02/2025,10:{k:02d}:00,x,No" for k in range(2)]
    content = ("\n".join(rows) + "\n").encode("cp1252")
    intake = load(content, "llamadas.csv", SCHEMAS["cdr"])
    assert len(intake.data) == 20 and intake.data["call_start"].iloc[0] == pd.Timestamp("2025-02-03 08:00")
    assert cdr_stream.aggregate_file(content, "llamadas.csv") is None


def _with_note(note: str) -> bytes:
    lines = [HEADER + ";Observaciones"] + [line + ";" for line in _calls(150)] \
        + ["03/02/2025;16:00:00;2,5;No;60,0;" + note] + [line + ";" for line in _calls(200, "04/02/2025")]
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def test_a_quoted_note_longer_than_a_block_past_the_head_is_an_unexpected_problem():
    # row 152's note is one quoted cell of 11,200 characters: more than a block of the reader (4 KB here)
    summary = cdr_stream.aggregate_file(_with_note('"' + "cliente molesto " * 700 + '"'), "llamadas.csv")
    assert not summary.ok
    [problem] = summary.problems
    text = "ArrowInvalid: straddling object straddles two block boundaries (try to increase block size?)"
    assert problem == Problem("error", "unexpected", "llamadas.csv", found=text)
    assert problem.message(Translator("es")) == (
        f"Archivo 'llamadas.csv': no se pudo leer el archivo por un problema inesperado ({text}). "
        "No se cambió nada; repórtelo junto con el archivo.")


def test_a_byte_cp1252_leaves_undefined_in_a_note_past_the_head_does_not_refuse_the_file():
    content = _with_note("a\x81b")
    assert len(load(content, "llamadas.csv", SCHEMAS["cdr"]).data) == 351
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (351, 351)


def test_bad_rows_holding_the_only_unambiguous_dates_do_not_refuse_the_file():
    rows = ["Fecha,Hora,Espera,Abandonada"] + [f"03/02/2025,08:{k:02d}:00,{k},No" for k in range(20)] \
        + ["25/02/2025,09:00:00,x,No"]
    content = ("\n".join(rows) + "\n").encode("cp1252")
    assert len(load(content, "llamadas.csv", SCHEMAS["cdr"]).data) == 20      # read day first, 1 row left out
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary is None or summary.ok        # the ordinary path, or the same traffic: never a refusal
