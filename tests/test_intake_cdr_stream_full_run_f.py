"""Kill tests for the survivors of intake.cdr_stream's full mutation run (issue 20, docs/MUTATION.md), part f:
_scan, _layout, _same_as_intake, _summary, _matching_reader, _parse_block, _aggregate, _has_multibyte, _head,
_without_rows, _line_ends, aggregate_file and _Refused.__init__ (core/intake/cdr_stream.py).

Files are call logs as Spanish call systems and Excel export them: ";" CSV in cp1252 (en dash "–" typed by
Excel's autocorrect, "Sí"/"No"), UTF-8 with and without BOM, CR LF line ends, Excel's quoted cells, a comma CSV
of ambiguous dates for a Spanish reader, a one-call day. BLOCK_BYTES, HEAD_LINES, SAMPLED (and MAX_SET_ASIDE)
are made small with monkeypatch so that a few hundred bytes cross blocks as 1 MB blocks do in a big file.
Every expected value is written out by hand in the test.
"""
# full run
# intake.cdr_stream, share f (59 survivors): 12 killed, 47 equivalent.
# Equivalents on _layout/_same_as_intake were also checked by instrumenting the real code over every cdr test
# (a-f, uneven rows, cdr_line_ends, cdr_upload: 115 tests): _same_as_intake never returned False, the head's
# batch was never empty, and `longer.problems or filled != len(data)` never held.
# - _line_ends 4 (`!= 35`: a quoted cell taken for a line end, so a quoted ";" cell is cut): killed by
#   test_a_quoted_queue_name_holding_a_semicolon_is_streamed_as_one_cell (the file goes back to the ordinary
#   path, None; the same diff was killed by part a's test, which today's run did not count against it).
# - _same_as_intake 2 (`num_rows == 1`: a head of one call never matches): killed by
#   test_a_day_with_a_single_call_is_streamed.
# - _layout 27 (lang=None in the second load of a head with a bad row): killed by
#   test_a_comma_csv_of_ambiguous_dates_with_a_bad_row_is_read_day_first_for_a_spanish_reader.
# - _scan 13 (`undefined = True`) and 143 (`encoding == "cp1252" or undefined`): every cp1252 file read as
#   latin-1; killed by test_an_en_dash_typed_as_a_wait_past_the_head_is_named_as_typed ("\x96" shown instead
#   of "–").
# - _scan 66 (`bom = size == len(piece) or ...`: the first 3 bytes of every file skipped) and 74 (`piece[3:]`
#   for every block, and no tail): killed by
#   test_a_utf8_log_with_a_cp1252_row_past_the_head_is_refused_as_mixed[no-bom] ("Ú" of the header "Última
#   cola" is the file's only UTF-8 sequence); 75 (`piece[4:]` after a BOM) by its [bom] case.
# - _scan 114 (`tail = piece[+20:]`): with blocks of 20 bytes or fewer the tail is empty, so a CR LF cut
#   between two blocks counts as two line ends (blocks of 17 bytes here); killed by
#   test_mixed_encoding_is_named_at_row_6_with_blocks_of_17_bytes. (With the real 1 MB blocks only a last
#   piece is that short, and nothing follows it: there the mutant's tail only adds bytes already searched.)
# - _scan 32 (`strip(b"XX\r\nXX")`: a sampled line made only of "X" dropped): killed by
#   test_twelve_masked_lines_past_the_head_send_the_file_the_ordinary_way (sampled, the 12 lines of "X" are 12
#   rows intake leaves out, more than it names one by one: the ordinary path, None; the mutant streams it).
#   Part a's reason (30 there: equivalent below bug 3) no longer holds since bug 3 was fixed.
# - _layout 68 (`_Listing(None)`: the head's refusal names no file) and 73 (`_Records(..., None)`:
#   AttributeError on None.filename): killed by
#   test_a_head_with_more_short_rows_than_the_limit_is_refused_naming_the_file (MAX_SET_ASIDE made 2).
#   With the real MAX_SET_ASIDE (1,000,000) a head (HEAD_LINES + SAMPLED lines of at most 512 blocks:
#   12,240 lines) never reaches it: equivalent there, killed here as the code's own rule.
# - _aggregate 95 (`len(parts) > 64`) and 96 (`>= 65`): equivalent. The fold happens at 65 blocks instead of
#   64; sum_partials adds int64 per-interval totals (groupby(level=0).sum()), exact whatever the grouping,
#   and the file's first block always holds the head's rows, so no fold is of empty partials only (part b's
#   reason for 101/102, checked on today's code: unchanged lines).
# - _has_multibyte 13 (`lead - 1 < b.size`) and 15 (`lead + 1 <= b.size`): equivalent. The filter only drops a
#   lead byte that is the last byte; follow(k) is already False for it (`lead + k < b.size`), so two, three and
#   four are False there either way (part a's reason): code says nothing: could be removed.
# - _head 7 (`stream.read(None)`) and 8 (`stream.read(2)`): equivalent. Only bool() of the read is used ("is
#   there a byte past the window"), the same for 1, 2 or all remaining bytes (part d's reason).
# - _scan 4 (`getincrementaldecoder("UTF-8")`), 103 (`decode("CP1252", ...)`), 135 (returns "UTF-8") and 142
#   (returns "LATIN-1"): equivalent. Codec lookup is case-insensitive (the same codec objects); the encoding
#   goes to bytes.decode in _layout and to pyarrow's ReadOptions, which transcodes every encoding other than
#   "utf8" through Python's codecs (the same decoder): same texts (part a's reason for 4/89/121).
# - _scan 10 (`near = None`) and 11 (`near = "XXXX"`): equivalent. `near` is read only when `first_bad` is set,
#   and the `except` that sets `first_bad` sets `near` too: code says nothing: could be removed.
# - _scan 12 (`undefined = None`): equivalent. `None or <bool>` is that bool from the first block on, and an
#   empty stream never gets here (an empty content is None before _scan; `... and None` is falsy anyway).
# - _scan 115 (`tail = piece[-21:]`): equivalent. The tail feeds four things: _has_multibyte(tail + piece)
#   (a sequence cut by the block edge starts at most 3 bytes before it, inside 20 bytes; a 21st byte can only
#   start a sequence wholly in the previous block, already searched), _breaks (tail[-1:]), near (20 bytes
#   before the bad byte: at - 20 >= 1 either way, same slice) and single_byte(tail + piece) (one more byte of a
#   block that decoded as UTF-8 with no multibyte sequence, else the file was refused: an ASCII byte, and
#   single_byte decides on the bytes >= 0x80 only).
# - _scan 31 (`strip(None)`: a sampled line of spaces or tabs is not sampled): equivalent. Such a line is a
#   blank row for intake and for the stream (skipped without a word, no date, number or separator in it), and
#   the lines are picked before the filter (SAMPLED + 1 ends), so no other line takes its place.
# - _layout 22 (`load(trimmed, ...) if trimmed or True`): equivalent. `trimmed` is never empty: it keeps the
#   header line (intake names data rows only), so `if trimmed else result` and `trimmed or head` always take
#   their first branch: code says nothing: could be removed.
# - _layout 62 (sniff_delimiter on 201 lines): equivalent (part d's reason for 58, same line).
# - _layout 64 (`'XX?XX'` for a blank header): equivalent. A used column never has a blank header: intake
#   matches only non-blank headers (header.match_columns: `free` needs normalise_header(h); _mapped's by_text
#   skips blank headers), and headers are stripped texts: code says nothing: could be removed (`or '?'`).
# - _layout 87, 88, 89 (the empty batch's texts: pa.array([], None), pa.array(pa.string()), pa.array([])):
#   equivalent. A head that intake reads (result.ok) has data rows, and pyarrow reads the same lines past the
#   header: the batch is never empty here (checked on the files below: one call gives one row). With 0 rows,
#   filled.sum() would be 0 != len(result.data) and the head would be refused before any text is read.
# - _layout 96 (`to_numpy(zero_copy_only=None)`): equivalent. None is falsy, read as False by pyarrow (part c).
# - _layout 105 (`longer.problems and filled != len(data)`): equivalent. intake's table is as wide as its
#   widest row (a head row with one cell more gets a blank 6th header, checked), so pyarrow, reading the head
#   with that width, never sets aside a longer row: longer.problems is empty whenever _layout gets here, and
#   then the mutant skips the count check; a count differing from intake's is caught next anyway:
#   _matching_reader compares arrays of different lengths (np.array_equal False) for call_start, whose
#   readers are tried first, so no reader matches and _layout returns None as the original does.
# - _layout 125 (`_same_as_intake(...) or True`), _same_as_intake 31, 32, 33 (an `and` turned `or`), 3 (True
#   for an empty batch), 21 (talk_s.to_numpy(None)), 38 (call_start compared as float64), 39
#   (call_start.to_numpy(None)), 48 (wait_s.to_numpy(None)), 62 (abandoned.to_numpy(None)): equivalent.
#   _matching_reader has already required, column by column on the same filled rows, wait, talk and
#   abandoned equal to intake's, and call_start equal to intake's (its day when a time column completes it;
#   the time readers accept only [0-23]:[0-5]d(:[0-5]d), read as h*3600+m*60+s, intake's time of day); keep
#   equals filled there (no reader finds an unreadable cell, intake left no row out, so none is out of range
#   or blank and required): _same_as_intake is True whenever it is reached (part d's reason for the and/or
#   variants). The dtypes: intake's columns are datetime64[ns], float64 and bool without NA (to_numpy() gives
#   them as they are), and a float64 comparison of whole-second ns stays exact enough (part d's 42). 3: the
#   batch is never empty here (see _layout 87). Code says nothing: the call to _same_as_intake (and the
#   function) could be removed, `return layout, result`.
# - _matching_reader 27 (want.to_numpy(None)) and 57 (to_numpy(None) for durations and abandoned): equivalent;
#   44 (np.where(None, nan, values)): equivalent, could be removed (`got = values`): part d's reasons, the same
#   lines today.
# - _parse_block 100 (`starts + np.mod(...)`): equivalent, could be removed (`starts + rint(...)`); 105
#   (`86_400 / NS`) and 107 (`astype(None)`): equivalent: part d's reasons, the same lines today.
# - _summary 73, 74, 75, 76 (the empty queue Series built other ways): equivalent. It only becomes
#   tuple(sorted(set(...))), () every time (part b): could be `else ()`.
# - _without_rows 3 and 4 (the more_rows test never true): equivalent. With more rows of one kind than intake
#   names, the mutant takes out only the 10 named; the others are still in the head, so the second load either
#   refuses it (`return None, result`) or leaves them out again (n_read != len(data): `return None, result`
#   after the layout): None both ways, as the original's early None. (Part b's kill,
#   test_twelve_bad_rows_holding_the_only_late_dates_send_the_file_the_ordinary_way, relied on the second
#   load's refusal being returned; _layout now returns the first result.) Could be removed: the more_rows test
#   and `if trimmed is None` in _layout (at the cost of a second intake load).
# - aggregate_file 48 (the unexpected text cut at 201 characters): equivalent as far as found. The texts
#   reaching that branch are pyarrow's and the codecs' own messages ("straddling object straddles two block
#   boundaries (try to increase block size?)", "'charmap' codec can't decode byte 0x81 in position N: character
#   maps to <undefined>"): all under 200 characters, the cut never applies (part b left it untriaged).
# - _Refused.__init__ 1 (message None): equivalent. aggregate_file reads only `.problem`: code says nothing
#   (part b's reason).
from __future__ import annotations

import pytest

from core.intake import cdr_stream, load
from core.intake.problems import Problem
from core.schemas import SCHEMAS

CDR = SCHEMAS["cdr"]
HEADER = "Fecha;Hora;Espera (seg);Abandonada;Cola"


def _calls(n: int, day: str = "03/02/2025", queue: str = "Citas") -> list[str]:
    """n calls 3 minutes apart from 08:00, waits 10..19 s, every fifth abandoned ("Sí")."""
    return [f"{day};{8 + 3 * k // 60:02d}:{3 * k % 60:02d}:00;{10 + k % 10};{'Sí' if k % 5 == 0 else 'No'};{queue}"
            for k in range(n)]


def _csv(lines: list[str], codec: str = "cp1252") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(codec)


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 40)


def test_a_quoted_queue_name_holding_a_semicolon_is_streamed_as_one_cell(small_blocks):
    # Excel quotes the queue "Citas; urgencias" (it holds the separator): 200 calls, 08:00 to 17:57
    content = _csv([HEADER] + _calls(200, queue='"Citas; urgencias"'))
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary is not None and summary.ok and summary.problems == []
    assert (summary.n_read, summary.n_calls) == (200, 200)
    assert summary.queues == ("Citas; urgencias",)
    # waits 10..19 twenty times over: 20 x 145 s; every fifth call abandoned (40), waits 10 and 15 s
    assert summary.wait_totals == (2900.0, 200, 40, 500.0)


def test_a_day_with_a_single_call_is_streamed():
    content = _csv(["Fecha;Hora;Espera (seg);Abandonada", "03/02/2025;08:10:00;25;No"])
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary is not None and summary.ok and summary.problems == []
    assert (summary.n_read, summary.n_calls) == (1, 1)
    assert summary.wait_totals == (25.0, 1, 0, 0.0)
    [row] = summary.traffic[summary.traffic["offered"] > 0].to_dict("records")
    assert (str(row["interval_start"]), row["offered"], row["mean_wait_s"]) == ("2025-02-03 08:00:00", 1, 25.0)


def test_a_comma_csv_of_ambiguous_dates_with_a_bad_row_is_read_day_first_for_a_spanish_reader():
    # 03/02/2025 is 3 February for a Spanish reader; row 8's wait "nada" makes the stream load its head twice
    lines = ["Fecha,Hora,Espera,Abandonada"] + [f"03/02/2025,08:{k:02d}:00,{k},{'Sí' if k % 4 == 0 else 'No'}"
                                               for k in range(20)]
    lines[7] = "03/02/2025,08:06:00,nada,No"
    content = ("\n".join(lines) + "\n").encode("cp1252")
    summary = cdr_stream.aggregate_file(content, "llamadas.csv", lang="es")
    assert summary is not None and summary.ok
    assert [(p.code, p.row, p.column, p.found) for p in summary.problems] == [
        ("not_a_duration", 8, "Espera (C)", "nada"), ("rows_left_out", None, None, "20")]
    # 19 calls: waits 0..19 but 6 (190 - 6 = 184 s); abandoned the calls of 0, 4, 8, 12 and 16 s (40 s)
    assert summary.wait_totals == (184.0, 19, 5, 40.0)
    assert [str(t) for t in summary.traffic.loc[summary.traffic["offered"] > 0, "interval_start"]] == [
        "2025-02-03 08:00:00"]


def test_an_en_dash_typed_as_a_wait_past_the_head_is_named_as_typed(small_blocks):
    # Excel's autocorrect turned "-" into "–" (cp1252 0x96) in row 102's wait, past the head
    content = _csv([HEADER] + _calls(100) + ["04/02/2025;09:00:00;–;No;Citas"] + _calls(50, "05/02/2025"))
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary.ok and (summary.n_read, summary.n_calls) == (151, 150)
    assert [(p.code, p.row, p.column, p.found) for p in summary.problems] == [
        ("not_a_duration", 102, "Espera (seg) (C)", "–"), ("rows_left_out", None, None, "151")]
    intake = load(content, "llamadas.csv", CDR)
    assert [(p.code, p.row, p.found) for p in intake.problems][:1] == [("not_a_duration", 102, "–")]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_a_utf8_log_with_a_cp1252_row_past_the_head_is_refused_as_mixed(small_blocks, bom):
    # "Ú" (C3 9A) of the header "Última cola" is the only UTF-8 sequence of the file, in its first bytes (right
    # after the BOM): no call of the day was abandoned; row 102, past the head, was typed in cp1252 ("Sí" = 53 ED)
    lines = ["Última cola;Fecha;Hora;Espera (seg);Abandonada"] + [
        "Citas;" + ";".join(line.split(";")[:3]) + ";No" for line in _calls(100)]
    content = bom + _csv(lines, "utf-8") + "Citas;05/02/2025;09:00:00;12;Sí\r\n".encode("cp1252")
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert not summary.ok
    assert summary.problems == [Problem("error", "mixed_encoding", "llamadas.csv", row=102,
                                        found="2/2025;09:00:00;12;S\xed")]
    assert [(p.code, p.row) for p in load(content, "llamadas.csv", CDR).problems] == [("mixed_encoding", 102)]


def test_mixed_encoding_is_named_at_row_6_with_blocks_of_17_bytes(monkeypatch):
    # a UTF-8 log ("Atención") whose row 6 was typed in cp1252 ("Sí"); with blocks of 17 bytes the header's
    # CR LF is cut between the second and third block: one line end
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 17)
    lines = ["Fecha;Hora;Espera;Abandonada;Cola"] + [f"03/02/2025;08:0{k}:00;1{k};No;Atención" for k in range(4)]
    content = _csv(lines, "utf-8") + "03/02/2025;09:00:00;30;Sí;Citas\r\n".encode("cp1252")
    assert content[33:35] == b"\r\n" and 34 % 17 == 0
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert [(p.code, p.row) for p in summary.problems] == [("mixed_encoding", 6)]
    assert [(p.code, p.row) for p in load(content, "llamadas.csv", CDR).problems] == [("mixed_encoding", 6)]


def test_twelve_masked_lines_past_the_head_send_the_file_the_ordinary_way(small_blocks, monkeypatch):
    # a privacy export writes each withheld call as a line of "X"; twelve of them in the second block are
    # sampled into the head: more rows left out than intake names one by one, so the ordinary path reads it
    monkeypatch.setattr(cdr_stream, "SAMPLED", 1000)
    content = _csv([HEADER] + _calls(150) + ["XXXXXXXXXXXX"] * 12 + _calls(50, "04/02/2025"))
    assert cdr_stream.aggregate_file(content, "llamadas.csv") is None
    intake = load(content, "llamadas.csv", CDR)
    assert len(intake.data) == 200 and [p.code for p in intake.problems][-2:] == ["more_rows", "rows_left_out"]


def test_a_head_with_more_short_rows_than_the_limit_is_refused_naming_the_file(monkeypatch):
    # three calls without their queue cell (rows 3, 5 and 6), one more than the limit (made 2 here)
    monkeypatch.setattr(cdr_stream, "MAX_SET_ASIDE", 2)
    lines = [HEADER] + _calls(8)
    for k in (2, 4, 5):
        lines[k] = lines[k].rsplit(";", 1)[0]
    summary = cdr_stream.aggregate_file(_csv(lines), "llamadas.csv")
    assert summary is not None and not summary.ok
    assert summary.problems == [Problem("error", "too_many_uneven_rows", "llamadas.csv", row=6, found="4",
                                        expected="2")]
