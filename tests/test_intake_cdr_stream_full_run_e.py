"""Kill tests for the survivors of intake.cdr_stream's full mutation run (issue 20, docs/MUTATION.md), part e:
the fast column readers _clock_reader, _datetime_reader, _date_reader, _time_reader, _number_reader,
_bool_reader, their driver _column and the list of readers tried, candidates (core/intake/cdr_stream.py).

Files are call logs as telephony platforms and Spanish Excel export them: ";" CSV in cp1252 with CR LF, a title
block above the header, date and time in separate columns or in one cell (ISO "2025-02-17T08:05:00"), waits as
seconds with a decimal comma or as clocks "00:01:05" / "1:05", "Sí"/"No" abandoned flags, a note holding an
unquoted ";". BLOCK_BYTES and HEAD_LINES are made small (monkeypatch, no line sampled past the head) so that the
lines past the head are read by the fast readers chosen on the head. Every expected value is written out by hand.
"""
# full run
# intake.cdr_stream, share e (57 survivors: _clock_reader 14, _column 5, _date_reader 8, _datetime_reader 11,
# _number_reader 6, _time_reader 7, _bool_reader 4, candidates 2): 11 killed, 46 equivalent.
# Equivalents were checked by running 12 files through the real code and each mutant (and each simplification
# named below) with 1 KB blocks, a head of 40 lines and no sampled line, comparing every output (table, problems,
# counts, wait totals, patience): all identical. The files: a Spanish export (cp1252, decimal comma, "Sí"/"No",
# talk time), a blank date past the head, blocks made only of rows with extra fields ("Sí"/"No" and 1/0 flags), clock
# waits with "1:60:00", "75:30", blank and "x", the same gzip, ISO "T" date-times with a blank and 2025-02-31,
# "dd/mm/yyyy hh:mm:ss" with a blank, 31/02, a double space, a word after the time and "25:00", the same in 2125
# (one cell, and separate columns with 8:30), waits in minutes with 1/0 flags, "H:MM" times with 24:00 and 8:60.
# Earlier triage (tests/test_intake_cdr_stream_full_run_c.py, the previous run) argued many of these; each reason
# was checked again on today's code (pyarrow 26.0.1, numpy 2.4.6) and by the run above.
# The to_numpy flags: `zero_copy_only=None` is falsy, read as False by pyarrow; `zero_copy_only=True` raises only
# when a copy is needed (nulls, bool bitmaps, strings) and otherwise gives a read-only view, which the readers
# never write into (`* 3600`, `* NS`, `* scale`, `% 86_400`, np.where and fancy indexing make new arrays).
# - _clock_reader 7 (ok), 27 (num), 78 (has_h); _column 7 (empty), 25 (indices); _date_reader 55 (ok),
#   64 (values); _datetime_reader 13 (two), 36 (halves), 54 (indices); _number_reader 26 (values), 33 (ok);
#   _time_reader 62 (seconds), 70 (ok): to_numpy(zero_copy_only=None): equivalent. None is False to pyarrow.
# - _clock_reader 57, _date_reader 74, _number_reader 31, _time_reader 67 (to_numpy(zero_copy_only=True) of a
#   float64/int64 array): equivalent. None of these arrays holds a null: the clock parts are a text or "0" before
#   the cast (fill_null(False) sends a null part to "0"), the dates are fill_null(0)'d just before, "0" stands for
#   every unreadable number, and every text strptime sees in _time_reader is a valid time; the view is only read.
# - _column 26 and _datetime_reader 55 (dictionary_encode's indices to_numpy(zero_copy_only=True)): equivalent.
#   The indices are null only for a null text, and none is null: the CSV columns are strings read with pyarrow's
#   default strings_can_be_null=False (_text_columns, _short_rows too), and the date halves come from a numpy
#   array of str. The int32 view is only used to index.
# - _clock_reader 9 (fill_null(is_valid(parts), None): no fill) and 13 (fill_null(..., True)): equivalent.
#   is_valid never gives a null, so there is nothing to fill.
# - _clock_reader 45 (fill_null(not_equal(part, ""), None): no fill) and 53 (fill_null(..., True)): equivalent.
#   A part is null only when the whole text is not a clock (an hours group that did not match is "", not null:
#   checked); the null then goes through if_else and the cast as null -> NaN, and np.where(ok, values, nan)
#   puts NaN on that row anyway, with `unreadable` from ok alone.
# - _clock_reader 88 (has_h's nulls filled True): equivalent. has_h is null only where the text is not a clock,
#   where ok is already False; any fill value gives the same ok.
# - _date_reader 57 (fill_null(ok, None)) and 60 (fill_null(ok, True)): equivalent. ok starts as
#   and_kleene(is_valid(parts), is_valid(stamps)), never null; `same` is null only where parts or stamps is null
#   (every DATES format has %d and %m), where that first term is False, and False and_kleene null is False.
# - _date_reader 66 (fill_null(cast(stamps), None): no fill): equivalent. In a block holding an unparseable date
#   (31/02, or a blank cell, which _column hands over as "0") the int64 starts become float64 with NaN there; those
#   rows are unreadable or blank, masked by np.where(ok, ...) and left out by _parse_block. The other starts are
#   whole seconds in ns: midnights (multiples of 2^16) are exact in float64 up to 2262, a time of day added
#   (a multiple of 2^9) is exact before 2116 and after it rounds by under 1,024 ns, never across an interval
#   boundary (k * minutes * 60e9, a multiple of 2^11, exact); traffic.cdr_partials' floor_divide gives the same
#   slots (checked with 2125 files holding 31/02, a blank date and calls at 08:29:59 and 08:30:00).
# - _date_reader 73 (fill_null(..., 1)): equivalent. The filled rows are exactly those np.where(ok, values, 0)
#   sets to 0 on the next line.
# - _date_reader 81 (np.where(ok, values, 1)): equivalent. Only an unreadable date gets the 1; its row is named
#   not_a_date or blank_required and left out by _parse_block's `keep`, _datetime_reader's np.where(bad, 0, ...)
#   hides it, and _matching_reader skips any reader with an unreadable cell of the head (whose blank dates intake
#   left out first).
# - _datetime_reader 7 (first split with max_splits=None), 10 (max_splits dropped) and 11 (max_splits=2):
#   equivalent. Only a text holding the separator twice or more splits otherwise: the real code's two pieces
#   keep a separator in the time half, which the time pattern ^...$ refuses, and the mutants' three pieces make
#   `two` False: unreadable with the value 0 both ways (checked on "03/02/2025  08:00:00" and
#   "03/02/2025 08:00:00 x").
# - _datetime_reader 31, 32, 33, 34 (the padding "x" + sep + "x" spelled "XXxXX" / "X" on either side):
#   equivalent. The padding stands only for rows that are not "date sep time", made unreadable by ~two (value 0);
#   any text holding the separator once (no "T" or " " in "XXxXX") splits into two halves as "x sep x" does.
# - _number_reader 9 (if_else(ok, texts, None)): equivalent. An unreadable text becomes null instead of "0",
#   cast to NaN instead of 0.0, and np.where(ok, values, nan) gives NaN either way.
# - _number_reader 37 (`or True`: always scaled) and 40 (`scale != 2.0`: no scale is 2.0, always scaled):
#   equivalent. They also multiply by 1.0, which gives the same float64 exactly.
# - _time_reader 16 (fill_null(match_substring_regex(...), None)) and 23 (fill_null(..., True)): equivalent.
#   match_substring_regex gives null only for a null text, and no text is null (see _column 26).
# - _time_reader 33 (if_else(ok, texts, None): a text that is not a time becomes null instead of "0:00:00"):
#   equivalent. strptime gives null there instead of midnight, the int64 seconds become float64 with NaN there,
#   and np.where(ok, ..., nan) puts NaN on those rows either way; the good rows keep the same whole seconds.
# - _time_reader 78 (seconds.astype(None)): equivalent. numpy's dtype None is float64, as `float` is.
# - _column 23 (blanks handed to the reader as "XX0XX" instead of "0"): equivalent. A blank's value and
#   unreadable flag are both thrown away: float values are set to NaN on blanks, a date reader gives 0 for "0"
#   and for "XX0XX" alike (neither is a date), bool_word gives False for "0" and None (-> False) for "XX0XX", and
#   `bad & ~blank` drops the flag; no reader raises on any text (if_else / error_is_null / regex first).
# - _column 31 (values[blank] = None): equivalent. Assigning None into a float64 numpy array stores NaN.
# - _bool_reader 5 (`bad` built with dtype=None) and 7 (dtype dropped), 10 (values with dtype=None) and 12 (dtype
#   dropped): a list of bools gives a bool array anyway, but an empty list gives float64; pyarrow yields an empty
#   batch for a block whose every row has extra fields, and the float mask then raises TypeError (`&` or `~`),
#   which aggregate_file does not catch (it promises never to raise): killed by
#   test_a_block_made_only_of_rows_with_a_semicolon_in_the_note_is_named_and_the_rest_read.
# - _clock_reader 84 (`not_equal(h, None)`: hours never seen as written), 98 (`has_h | ...`), 101 (`m <= 60`) and
#   102 (`m < 61`): "1:60:00" read as 7,200 s where intake names it not_a_duration; 87 (`not_equal(h, "XXXX")`:
#   hours always seen as written) and 98: "75:30" (mm:ss, 4,530 s for intake) named not_a_duration; killed by
#   test_clock_waits_past_the_head_read_75_30_as_4530_s_and_name_1_60_00_not_a_duration.
# - candidates 14 ("XXTXX") and 15 ("t" instead of "T"): no reader splits ISO "2025-02-17T08:05:00", so a log
#   intake reads goes back to the ordinary path (None); killed by
#   test_iso_date_times_with_a_t_are_streamed_as_intake_reads_them.
#
# Code these equivalents sit on that could be removed or simplified with no change of behaviour (each checked
# alone on the 12 files above, outputs identical):
# - _clock_reader 9, 13: `ok = pc.is_valid(parts).to_numpy(zero_copy_only=False)` (fill_null says nothing).
# - _clock_reader 45, 53: `pc.if_else(pc.not_equal(v, ""), v, "0")` in `num` (the fill_null says nothing).
# - _date_reader 57, 60: `ok = ok.to_numpy(zero_copy_only=False)` (ok never holds a null).
# - _date_reader 81 (and 73): `return values, ~ok` (the np.where only sets rows that are left out anyway).
# - _time_reader 16, 23: `ok = pc.match_substring_regex(texts, pattern=pattern)` (no text is null).
# - _time_reader 33: `pc.strptime(pc.if_else(ok, texts, None), ...)` (the "0:00:00" placeholder says nothing).
# - _time_reader 78: `np.where(ok, seconds, np.nan)` (np.where with nan already gives float64).
# - _number_reader 37, 40: `values = values * scale` (multiplying by 1.0 changes nothing).
# - _datetime_reader 7, 10, 11: `pc.split_pattern(texts, sep)` for the first split (max_splits says nothing
#   there; it only saves splitting further).
# - _datetime_reader 31-34: `pc.if_else(pa.array(two), texts, sep)` (the padding needs only the separator).
# - _column 23: `values, bad = reader(trimmed)` (every reader reads "" as unreadable without raising, and a
#   blank's value and flag are thrown away).
# - The zero_copy_only=True mutants (_clock_reader 57, _date_reader 74, _number_reader 31, _time_reader 67,
#   _column 26, _datetime_reader 55) sit on arrays that never hold a null, where `.to_numpy()` (pyarrow's default
#   True) would do; this only drops a safety net and is not recommended.
#
# Observation (not a bug of this share, documented in the module docstring): a cell past the head written in
# another format than the head's is named and left out though intake reads it, e.g. "03/02/2025  08:00:00" (two
# spaces) in a column of "03/02/2025 08:00:00" is not_a_date for the stream and 08:00 for intake.
# Code under these equivalents that could be simplified with no change in output (each checked alone on 12 call
# logs, same tables, problems, counts, wait totals and patience; not applied: for a next pass with a re-run):
# _clock_reader 9, 13: `ok = pc.is_valid(parts).to_numpy(zero_copy_only=False)`; 45, 53: drop the fill_null in
# `num`; _date_reader 57, 60: `ok = ok.to_numpy(zero_copy_only=False)`; 81 (and 73): `return values, ~ok`;
# _time_reader 16, 23: `ok = pc.match_substring_regex(texts, pattern=pattern)`; 33: strptime of
# `pc.if_else(ok, texts, None)`; 78: `np.where(ok, seconds, np.nan)`; _number_reader 37, 40: `values * scale`;
# _datetime_reader 7, 10, 11: the first split without max_splits; 31-34: `pc.if_else(pa.array(two), texts, sep)`;
# _column 23: `reader(trimmed)`.
from __future__ import annotations

import pytest

from core.intake import cdr_stream, load
from core.schemas import SCHEMAS


@pytest.fixture
def small(monkeypatch):
    """Blocks of 256 bytes (about 6 calls) and no line sampled past the head (each test sets HEAD_LINES)."""
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 256)
    monkeypatch.setattr(cdr_stream, "SAMPLED", 0)


def _csv(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _table(summary) -> list[tuple]:
    return [(str(r["interval_start"]), r["offered"], r["abandoned"], r["mean_wait_s"])
            for r in summary.traffic.to_dict("records") if r["offered"]]


def _named(problems) -> list[tuple]:
    return [(p.code, p.row, p.column, p.found) for p in problems]


# --------------------------------------------------------------------------------- _clock_reader

def test_clock_waits_past_the_head_read_75_30_as_4530_s_and_name_1_60_00_not_a_duration(small, monkeypatch):
    # a platform's report: a title, a blank line, then waits as "h:mm:ss" or "m:ss"; the head is the first 8 lines
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 8)
    content = _csv(["Informe de llamadas - Centro Madrid", "",
                    "Fecha;Hora;Espera;Abandonada",
                    "17/02/2025;08:05:00;00:01:05;No",
                    "17/02/2025;08:10:00;1:05;Sí",
                    "17/02/2025;08:35:00;0:30;No",
                    "17/02/2025;08:40:00;00:02:00;No",
                    "17/02/2025;09:05:00;1:00;Sí",
                    "17/02/2025;09:10:00;1:60:00;No",      # row 9: 60 minutes after an hour is not a clock
                    "17/02/2025;09:15:00;75:30;Sí",        # row 10: 75 min 30 s = 4,530 s
                    "17/02/2025;09:40:00;0:45;No"])
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert (summary.n_read, summary.n_calls) == (8, 7)
    assert _named(summary.problems) == [("not_a_duration", 9, "Espera (C)", "1:60:00"),
                                        ("rows_left_out", None, None, "8")]
    assert summary.problems[0].expected == "0–86400"
    # 08:00: 65 s and 65 s (abandoned); 08:30: 30 and 120; 09:00: 60 (abandoned) and 4,530 (abandoned); 09:30: 45
    assert _table(summary) == [("2025-02-17 08:00:00", 2, 1, 65.0), ("2025-02-17 08:30:00", 2, 0, 75.0),
                               ("2025-02-17 09:00:00", 2, 2, 2295.0), ("2025-02-17 09:30:00", 1, 0, 45.0)]
    assert summary.wait_totals == (4915.0, 7, 3, 4655.0)
    intake = load(content, "llamadas.csv", SCHEMAS["cdr"])     # the same file read cell by cell
    assert intake.data["wait_s"].tolist() == [65.0, 65.0, 30.0, 120.0, 60.0, 4530.0, 45.0]
    assert _named(intake.problems) == _named(summary.problems)


# ------------------------------------------------------------------------------------ candidates

def test_iso_date_times_with_a_t_are_streamed_as_intake_reads_them(small, monkeypatch):
    # a telephony platform's export: the call start as ISO 8601 in one cell, waits in seconds with decimal comma
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 6)
    content = _csv(["Inicio;Espera (seg);Abandonada",
                    "2025-02-17T08:05:00;12,5;No",
                    "2025-02-17T08:20:00;30;Sí",
                    "2025-02-17T08:40:00;4,5;No",
                    "2025-02-17T09:10:00;20;No",
                    "2025-02-17T09:15:00;7,5;Sí",
                    "2025-02-17T09:35:00;10;No",           # past the head
                    "2025-02-18T08:01:00;2,5;No"])
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary is not None and summary.problems == [] and (summary.n_read, summary.n_calls) == (7, 7)
    assert _table(summary) == [("2025-02-17 08:00:00", 2, 1, 21.25), ("2025-02-17 08:30:00", 1, 0, 4.5),
                               ("2025-02-17 09:00:00", 2, 1, 13.75), ("2025-02-17 09:30:00", 1, 0, 10.0),
                               ("2025-02-18 08:00:00", 1, 0, 2.5)]
    assert summary.wait_totals == (87.0, 7, 2, 37.5)
    intake = load(content, "llamadas.csv", SCHEMAS["cdr"])
    assert intake.data["call_start"].astype(str).tolist()[-2:] == ["2025-02-17 09:35:00", "2025-02-18 08:01:00"]


# ---------------------------------------------------------------------------------- _bool_reader

def test_a_block_made_only_of_rows_with_a_semicolon_in_the_note_is_named_and_the_rest_read(small, monkeypatch):
    # 40 calls, then 20 whose note "Cliente; volverá a llamar" holds an unquoted ";" (6 fields for a header of 5:
    # whole 256-byte blocks of them, which pyarrow yields as empty batches), then 5 more calls
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 20)
    calls = [f"17/02/2025;{8 + k // 10:02d}:{6 * (k % 10):02d}:00;{k % 4},5;{'Sí' if k % 3 == 0 else 'No'};"
             for k in range(40)]
    notes = [f"17/02/2025;12:{k:02d}:00;2,5;Sí;Cliente; volverá a llamar" for k in range(20)]
    late = [f"17/02/2025;13:{k:02d}:00;4;No;" for k in range(5)]
    summary = cdr_stream.aggregate_file(_csv(["Fecha;Hora;Espera (seg);Abandonada;Notas"] + calls + notes + late),
                                        "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (65, 45)
    assert [(p.severity, p.code, p.row, p.found, p.expected) for p in summary.problems[:10]] == [
        ("warning", "csv_row_fields", row, "6", "5") for row in range(42, 52)]
    more, left_out = summary.problems[10:]
    assert (more.code, more.count) == ("more_rows", 10) and (left_out.code, left_out.count) == ("rows_left_out", 20)
    # each half hour 08:00-11:30 holds 5 calls; waits k % 4 + 0.5 s; abandoned every third call (k = 0, 3, ...)
    assert _table(summary) == [("2025-02-17 08:00:00", 5, 2, 1.7), ("2025-02-17 08:30:00", 5, 2, 1.9),
                               ("2025-02-17 09:00:00", 5, 1, 2.1), ("2025-02-17 09:30:00", 5, 2, 2.3),
                               ("2025-02-17 10:00:00", 5, 2, 1.7), ("2025-02-17 10:30:00", 5, 1, 1.9),
                               ("2025-02-17 11:00:00", 5, 2, 2.1), ("2025-02-17 11:30:00", 5, 2, 2.3),
                               ("2025-02-17 13:00:00", 5, 0, 4.0)]
    assert summary.wait_totals == (100.0, 45, 14, 28.0)
