"""Kill tests for the survivors of intake.cdr_stream's full mutation run (issue 20, docs/MUTATION.md), part d:
_blocks, _same_as_intake, _parse_block, _head, _layout and _matching_reader (core/intake/cdr_stream.py).

Files are call logs as call systems and Excel export them: a title block above the header, ";" CSV in cp1252
with decimal comma, separate date and time columns, "Sí"/"No" answers, bad cells named by their row, quoted
fields. BLOCK_BYTES and HEAD_LINES are made small (monkeypatch) so that a few hundred calls cross blocks.
Every expected value is written out by hand in the test.
"""
# full run
# intake.cdr_stream, share d (58 survivors: _blocks, _same_as_intake, _parse_block, _head, _layout,
# _matching_reader): 33 killed, 25 equivalent. Equivalents were checked by running 10 files (the Spanish export,
# bad rows, no talk time, the sample, one date-time column, gzip, a bad row in the head, an unended last line,
# US dates) through the real code and each mutant and comparing every output (table, problems, counts, queues,
# patience): all identical.
# - _blocks 6 (block_size=None) and 11 (block_size dropped: pyarrow's 1 MB blocks), 9 (use_threads=None),
#   14 (use_threads dropped) and 21 (use_threads=True): killed by
#   test_a_bad_wait_before_a_row_with_extra_fields_in_a_later_block_is_named_at_its_own_row (one big block,
#   or threads parsing blocks ahead, count the later skipped row before the bad wait's block is numbered:
#   row 106 named instead of 105).
# - _blocks 24 (newlines_in_values=None), 27 (dropped) and 29 (False): killed by
#   test_queue_names_quoted_over_two_lines_are_one_call_each (blocks cut inside a quoted cell: rows lost).
# - _blocks 36 (include_columns=None) and 40 (dropped: every column read, the unused ones typed by pyarrow):
#   killed by test_an_agent_column_of_numbers_then_words_is_not_read ("101" then "sin asignar": int64 then a
#   conversion error, the file refused as "unexpected").
# - _blocks 19 (replace("XX-XX", "_"): "utf-8" kept): equivalent. pyarrow transcodes any encoding other than
#   "utf8" through Python's codecs, and Python's codec lookup takes "-" and "_" alike ("utf-8" = "utf_8",
#   "mac-roman" = "mac_roman"): code says nothing: could be removed.
# - _blocks 32 (skipped.append(None)): equivalent. Callers only use len(skipped) and its truth, never the numbers.
# - _blocks 39 (quoted_strings_can_be_null=None): equivalent. With strings_can_be_null=False pyarrow never makes
#   a string null, quoted or not (checked: "", NA and NULL, quoted or bare, stay texts with False, None and
#   True): code says nothing: could be removed.
# - _head 2 (the whole stream read for the head) and 4 (5 blocks read): killed by
#   test_a_head_of_long_lines_stops_at_the_first_4_blocks_read (queue "Pediatría" of lines past 4 KB entered).
# - _head 11 and 13 (_line_ends without HEAD_LINES), 14 (last=None: the whole window) and 18 (ends[-2]: the
#   head's last line dropped): killed by test_queues_are_those_of_the_first_head_lines_up_to_the_last_one
#   (("Citas", "Farmacia", "Urgencias") or ("Citas",) instead of ("Citas", "Urgencias")); 14 also by
#   test_a_last_line_without_line_end_just_past_the_head_is_not_in_the_head.
# - _head 19 (last=1 when no line end in the window): killed by
#   test_a_first_line_longer_than_4_blocks_leaves_a_head_without_header (the title's "R" glued to the first
#   sampled line in the problem's found text).
# - _head 22 (len(ends) <= HEAD_LINES): killed by test_a_last_line_without_line_end_just_past_the_head_is_not_in_the_head.
# - _head 25 (b"XX\nXX" appended instead of b"\n"): killed by
#   test_a_small_file_whose_last_call_has_no_line_end_reads_its_queue_as_written ("UrgenciasXX").
# - _head 7 (stream.read(None)) and 8 (stream.read(2)): equivalent. Only bool() of what is read is used: "is
#   there any byte past the window", the same for one, two or all the remaining bytes (read(None) costs time
#   and memory, not output).
# - _layout 6 (lang=None) and 11 (lang dropped) in the first load: killed by
#   test_comma_csv_dates_that_could_be_either_order_are_day_first_for_a_spanish_reader (date_order_undecided).
# - _layout 30 (mapping dropped in the second load): killed by
#   test_the_users_column_choice_still_holds_when_the_head_has_a_bad_row (missing_column refusal).
# - _layout 37 (head decoded with errors="strict"): killed by
#   test_a_byte_cp1252_does_not_define_goes_back_to_the_ordinary_path (readers.single_byte names "cp1252" for
#   a file holding 0x81, decoded as latin-1; strict decoding raised, the file refused as "unexpected").
# - _layout 36 (head decoded as UTF-8 with replacement instead of its encoding): equivalent. The text only feeds
#   sniff_delimiter (csv.reader on ";", ",", tab, "|", '"' and line ends): all ASCII bytes, which every encoding
#   used here (UTF-8, cp1252, Mac Roman) decodes alike; other bytes only become other non-ASCII characters, and
#   neither cp1252 nor Mac Roman maps a byte to a character splitlines breaks on (U+0085, U+2028...).
# - _layout 58 (sniff_delimiter on 201 lines instead of 200): equivalent. Adding one line changes a delimiter's
#   score (10 x share of lines at its mode + mode/50) only through that line: a line at both modes moves the
#   score difference 10*d/N + j/50 from N=200 to 201 (d: integer gap in mode lines, j: integer in -49..49), and
#   a flip would need j in (-2.5d, -2.4876d], impossible for |j| <= 49; a line at the "," mode only has another
#   number of ";" fields, which pyarrow skips, so _layout returns None both ways; a blank line or one at the ";"
#   mode only moves toward ";". (Not covered by this argument: a tie between two modes broken by line 201.)
# - _matching_reader 8 (call_start read with date-time readers even beside a time column): killed by
#   test_a_date_column_written_with_midnight_beside_a_time_column_goes_back_to_the_ordinary_path.
# - _matching_reader 27 (want.to_numpy(None)) and 57 (to_numpy(None) for durations and abandoned): equivalent.
#   intake's call_start is datetime64[ns], its durations float64 and abandoned BooleanDtype without NA, whose
#   to_numpy() is already datetime64[ns] / float64 / bool (checked, pandas 3.1.1); np.array_equal compares bool
#   and 0.0/1.0 alike.
# - _matching_reader 44 (np.where(None, nan, values): blanks not set to NaN): equivalent. _column already sets
#   blank float values to NaN, and the one bool column (abandoned) has no blank on rows intake kept (required):
#   code says nothing: could be removed (got = values).
# - _parse_block 18 (expected always FORMATS[kind]), 22 ("XXdurationXX") and 23 ("DURATION"): killed by
#   test_rows_past_the_head_with_bad_waits_are_named_with_their_column_and_range and
#   test_a_bad_wait_before_a_row_with_extra_fields_in_a_later_block_is_named_at_its_own_row (expected
#   "242 / 4:02 / ..." instead of "0–86400").
# - _parse_block 47 (got >= spec.max), 52 (out_of_range without its column), 53 (expected None), 58 (label
#   dropped: the range shown as column), 59 (expected ""), 70 (blank_required without its column): killed by
#   test_rows_past_the_head_with_bad_waits_are_named_with_their_column_and_range.
# - _parse_block 100 (starts + np.mod(...)): equivalent. With a time column call_start is read by a date-only
#   reader (candidates(with_time)), so starts are whole days and np.mod(starts, 86_400 * NS) is 0 (negative
#   days too: np.mod takes the divisor's sign): code says nothing: could be removed.
# - _parse_block 105 (np.mod(starts, 86_400 / NS)) and 107 (astype(None): the seconds as float): equivalent.
#   starts become float64 of whole-second nanoseconds (the mod is below 8.64e-5, far under the 256 ns spacing of
#   floats near 1.7e18); multiples of 1e9 are multiples of 512 and exact below 2^62 (year 2116), and after it a
#   rounding of < 1 us never crosses an interval boundary (a multiple of 60e9, whole seconds away); traffic's
#   floor_divide gives the same slots and _same_as_intake compares values, not dtypes.
# - _same_as_intake 1 and 12 (rows=None): equivalent. _parse_block reads rows only for cells it names; on the
#   head none is named: every reader read every filled cell (bad.any() refused otherwise) and intake kept every
#   row (n_read == len(data)), so none is out of range or blank and required.
# - _same_as_intake 18 (_Listing(None)) and 19 (_Listing("XXXX")): equivalent. The listing is thrown away: code
#   says nothing (any name does).
# - _same_as_intake 5 (to_batches()[0] even for an empty table) and 8 (True for no rows): equivalent. _layout
#   only gets here with filled.sum() == len(result.data) and result.ok, and intake refuses a head without data
#   rows (no_rows), so the table always has rows: code says nothing: could be removed (the `block is None` guard).
# - _same_as_intake 25 (talk_s.to_numpy(None)) and 43 (call_start.to_numpy(None)): equivalent. intake's columns
#   are already float64 and datetime64[ns] (checked).
# - _same_as_intake 42 (intake's starts compared as float64): equivalent. np.array_equal then casts the int64
#   starts to float64 too: equal ints give equal floats, and whole-second starts that differ do so by 1e9 ns,
#   far over a float's spacing (<= 1024 ns up to 2262).
# - _same_as_intake 35, 36 and 37 (an `and` turned `or`: (S and W and T) or A, (S and W) or (T and A),
#   S or (W and T and A)): equivalent. _matching_reader has already required, column by column on the same
#   rows, wait (W), talk (T) and abandoned (A) equal to intake's and call_start's date equal to intake's day;
#   the time column's readers accept only [0-23]:[0-5]d(:[0-5]d) and read it as h*3600+m*60+s, which is intake's
#   time of day, so S holds whenever W, T and A do: every variant is True exactly when the original is.
#
# Real bug found (fixed in the ninth session: rows are numbered from pyarrow's own numbers of the rows it sets
# aside): a row with too many fields shifted by one the rows named before it in the same block, or one or two
# blocks before (pyarrow parses ahead): see test_a_bad_wait_just_before_a_row_with_extra_fields_is_named_at_its_own_row.
from __future__ import annotations

import pytest

from core.intake import cdr_stream

TITLE = ["Reporte de llamadas entrantes;;;;;", "Clínica Norte - febrero;;;;;", ";;;;;"]
HEADER = "Fecha;Hora;Espera (seg);Duración (seg);Abandonada;Cola"


def _call(i: int, queue: str = "Citas", wait: str | None = None) -> str:
    """Call i of 3 February 2025, one a minute from 08:00; every fifth abandoned (no talk time)."""
    gone = i % 5 == 4
    h, m = divmod(8 * 60 + i, 60)
    wait = wait if wait is not None else f"{i % 40},5"
    return f"03/02/2025;{h:02d}:{m:02d}:00;{wait};{'' if gone else f'{60 + i % 90},25'};{'Sí' if gone else 'No'};{queue}"


def _csv(lines: list[str], end: str = "\r\n") -> bytes:
    return (end.join(lines) + end).encode("cp1252")


@pytest.fixture
def small(monkeypatch):
    """Blocks of 1 KB (about 22 calls), a head of 60 lines and no line sampled past it."""
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 1024)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 60)
    monkeypatch.setattr(cdr_stream, "SAMPLED", 0)


# ------------------------------------------------------------------------------------ _blocks

def test_a_bad_wait_before_a_row_with_extra_fields_in_a_later_block_is_named_at_its_own_row(small):
    # 300 calls from row 5; row 105 (call 100) has the wait "abc"; a row with two fields too many
    # comes 60 calls later, three 1 KB blocks further down: the bad wait is named at row 105
    calls = [_call(i, wait="abc" if i == 100 else None) for i in range(300)]
    calls.insert(160, "03/02/2025;10:40:30;5,0;60,0;No;Citas;x;y")
    summary = cdr_stream.aggregate_file(_csv(TITLE + [HEADER] + calls), "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (301, 299)
    assert [(p.row, p.code, p.column, p.found, p.expected) for p in summary.problems if p.row] == [
        (105, "not_a_duration", "Espera (seg) (C)", "abc", "0–86400"), (165, "csv_row_fields", None, "8", "6")]


def test_a_bad_wait_just_before_a_row_with_extra_fields_is_named_at_its_own_row(small):
    calls = [_call(i, wait="abc" if i == 100 else None) for i in range(300)]
    calls.insert(102, "03/02/2025;09:41:00;5,0;60,0;No;Citas;x;y")    # two rows later, the same block
    summary = cdr_stream.aggregate_file(_csv(TITLE + [HEADER] + calls), "llamadas.csv")
    # the row with extra fields (107) is named when its block is placed, before the block's cells
    assert sorted((p.row, p.code) for p in summary.problems if p.row) == [(105, "not_a_duration"),
                                                                         (107, "csv_row_fields")]


def test_queue_names_quoted_over_two_lines_are_one_call_each(small):
    # from call 100 on (past the head) the queue is written over two lines, quoted ("Citas" / "turno
    # tarde"): 1 KB blocks end inside such a cell, and every call is still one call
    calls = [_call(i) if i < 100 else _call(i).replace(";Citas", ';"Citas\r\nturno tarde"') for i in range(300)]
    summary = cdr_stream.aggregate_file(_csv(TITLE + [HEADER] + calls), "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (300, 300)
    assert summary.problems == []


def test_an_agent_column_of_numbers_then_words_is_not_read(small):
    # an extra column the reader does not use: extensions "101" for the first 150 calls, then "sin asignar"
    calls = [_call(i) + (";101" if i < 150 else ";sin asignar") for i in range(300)]
    summary = cdr_stream.aggregate_file(_csv(TITLE + [HEADER + ";Agente"] + calls), "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (300, 300)
    assert summary.problems == [] and summary.unused == ["Agente"]


# -------------------------------------------------------------------------------------- _head

def test_queues_are_those_of_the_first_head_lines_up_to_the_last_one(small):
    # the head is the first 60 lines: rows 5-59 queue "Citas", row 60 (its last line) "Urgencias",
    # the calls further down (inside the first 4 KB read, and past it) "Farmacia"
    calls = [_call(i, "Citas" if i < 55 else "Urgencias" if i == 55 else "Farmacia") for i in range(150)]
    summary = cdr_stream.aggregate_file(_csv(TITLE + [HEADER] + calls), "llamadas.csv")
    assert summary.ok and summary.n_calls == 150
    assert summary.queues == ("Citas", "Urgencias")


def test_a_head_of_long_lines_stops_at_the_first_4_blocks_read(monkeypatch):
    # blocks of 1 KB: the head is read from the first 4,096 bytes even if they hold fewer than 200 lines;
    # every call starting past byte 4,096 is queue "Pediatría"
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 1024)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 200)
    monkeypatch.setattr(cdr_stream, "SAMPLED", 0)
    lines = TITLE + [HEADER]
    for i in range(150):
        size = len(_csv(lines))
        lines.append(_call(i, "Citas" if size < 4096 else "Pediatría"))
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert summary.ok and summary.n_calls == 150
    assert summary.queues == ("Citas",)


def test_a_last_line_without_line_end_just_past_the_head_is_not_in_the_head(monkeypatch):
    # a head of 5 lines: the header and 4 calls; the 5th call, queue "Urgencias", has no line end
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 5)
    content = _csv([HEADER] + [_call(i) for i in range(4)]) + _call(4, "Urgencias").encode("cp1252")
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (5, 5)
    assert summary.queues == ("Citas",)


def test_a_small_file_whose_last_call_has_no_line_end_reads_its_queue_as_written():
    content = _csv(TITLE + [HEADER] + [_call(0), _call(1)]) + _call(2, "Urgencias").encode("cp1252")
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (3, 3) and summary.problems == []
    assert summary.queues == ("Citas", "Urgencias")


def test_a_first_line_longer_than_4_blocks_leaves_a_head_without_header(monkeypatch):
    # blocks of 64 bytes: a title line of 300 characters holds no line end in the 256 bytes read for the
    # head, so the head is empty and intake sees only lines sampled further down: no header, refused,
    # naming the first sampled call line as it is written (not with the title's first letter before it)
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 64)
    content = _csv(["R" * 300, HEADER] + [_call(i) for i in range(50)])
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert not summary.ok
    assert {(p.code, p.found) for p in summary.problems} == {
        ("missing_column", "03/02/2025, 08:01:00, 1,5, 61,25, No, Citas")}


# ------------------------------------------------------------------------------------ _layout

def test_the_users_column_choice_still_holds_when_the_head_has_a_bad_row():
    # headers no alias knows, chosen by the user; row 8 (call 3) has the wait "abc": intake reads the head
    # again without that row, with the same choice, and the file is streamed
    header = "F. llamada;H. llamada;Seg. en cola;Seg. hablados;Perdida;Servicio"
    mapping = {"call_start": "F. llamada", "call_time": "H. llamada", "wait_s": "Seg. en cola",
               "talk_s": "Seg. hablados", "abandoned": "Perdida"}
    content = _csv(TITLE + [header] + [_call(i, wait="abc" if i == 3 else None) for i in range(8)])
    summary = cdr_stream.aggregate_file(content, "llamadas.csv", mapping=mapping)
    assert summary.ok and (summary.n_read, summary.n_calls) == (8, 7)
    assert summary.used["wait_s"] == "Seg. en cola" and summary.used["queue"] == "Servicio"
    assert [(p.code, p.row, p.found) for p in summary.problems] == [("not_a_duration", 8, "abc"),
                                                                    ("rows_left_out", None, "8")]


def test_comma_csv_dates_that_could_be_either_order_are_day_first_for_a_spanish_reader():
    # "," separator and dates 03/02/2025 and 04/05/2025: both orders give a plausible span, the reader's
    # language (Spanish) decides day first: 3 February and 4 May
    text = "Fecha,Hora,Espera (seg),Abandonada\r\n" + "".join(
        f"{d},08:{m:02d}:00,4.5,No\r\n" for d in ("03/02/2025", "04/05/2025") for m in (5, 40))
    summary = cdr_stream.aggregate_file(text.encode("cp1252"), "llamadas.csv", lang="es")
    assert summary.ok and summary.n_calls == 4
    busy = summary.traffic[summary.traffic["offered"] > 0]
    assert busy["interval_start"].astype(str).tolist() == ["2025-02-03 08:00:00", "2025-02-03 08:30:00",
                                                           "2025-05-04 08:00:00", "2025-05-04 08:30:00"]


def test_a_byte_cp1252_does_not_define_is_read_as_intake_reads_it():
    # a note with the byte 0x81 (no character in cp1252): intake reads the file as latin-1, and so does the
    # stream (since the eighth session; it left such a file to the ordinary path): 4 calls at 08:00-08:30,
    # waits 3 x 10.5 + 1.5 = 33 s
    content = _csv(["Fecha;Hora;Espera (seg);Abandonada;Nota"] + ["03/02/2025;08:05:00;10,5;No;ok"] * 3)
    content += b"03/02/2025;08:06:00;1,5;No;x\x81y\r\n"
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary.traffic["offered"].tolist() == [4]
    assert summary.wait_totals == (33.0, 4, 0, 0.0)


# --------------------------------------------------------------------------- _matching_reader

def test_a_date_column_written_with_midnight_beside_a_time_column_goes_back_to_the_ordinary_path():
    # Excel's "03/02/2025 0:00:00" in the date column and the time in its own column: no date-only
    # reader reads it, so the file is left to the ordinary path (which reads 08:05, 08:20, 08:40)
    text = "Fecha;Hora;Espera (seg);Abandonada\r\n" + "".join(
        f"03/02/2025 0:00:00;08:{m:02d}:00;4,5;No\r\n" for m in (5, 20, 40))
    assert cdr_stream.aggregate_file(text.encode("cp1252"), "llamadas.csv") is None


# -------------------------------------------------------------------------------- _parse_block

def test_rows_past_the_head_with_bad_waits_are_named_with_their_column_and_range(small):
    # rows 105-108 (calls 100-103): wait over a day, "abc", blank, and exactly 86,400 s (the limit, kept)
    waits = {100: "90000", 101: "abc", 102: "", 103: "86400"}
    calls = [_call(i, wait=waits.get(i)) for i in range(200)]
    summary = cdr_stream.aggregate_file(_csv(TITLE + [HEADER] + calls), "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (200, 197)
    assert [(p.row, p.code, p.column, p.found, p.expected) for p in summary.problems if p.row] == [
        (106, "not_a_duration", "Espera (seg) (C)", "abc", "0–86400"),
        (105, "out_of_range", "Espera (seg) (C)", "90000", "0–86400"),
        (107, "blank_required", "Espera (seg) (C)", "", "")]
