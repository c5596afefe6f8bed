"""Call-detail files whose lines end in a lone CR (what Excel for Mac's "CSV (Macintosh)" writes), CR LF
or LF, read by the streamed reader (core.intake.cdr_stream) as intake's CSV reader (pandas) reads them.

The big file, worked by hand: call i (i = 0 .. 109,999) starts 6 i s after 13/02/2025 00:00:00, so a
30-minute interval (1,800 s) holds calls 300 j .. 300 j + 299; call i waits (i mod 50) + 0.5 s, is
abandoned when i is a multiple of 7 (talk time blank), else talks 180 s.
  interval 0 (13/02 00:00): 300 calls, abandoned 0, 7, ..., 294 -> 43, answered 257
  last interval: calls 109,800 .. 109,999 (200), starting 6 x 109,800 = 658,800 s = 7 days + 15 h
    -> 20/02/2025 15:00; abandoned 109,802 = 7 x 15,686 .. 109,998 = 7 x 15,714 -> 29
  intervals: 109,999 // 300 + 1 = 367; abandoned in all: 109,999 // 7 + 1 = 15,715
  total wait: 2,200 cycles of 50 x (0 + ... + 49 = 1,225) + 0.5 x 110,000 = 2,750,000 s
  abandoned calls' wait: i = 7k, k = 0 .. 15,714; 7k mod 50 runs through 0..49 every 50 k (7 and 50
    coprime): 314 x 1,225 = 384,650, then k = 15,700 .. 15,714 (7 x 15,700 = 109,900 = 0 mod 50) give
    7j mod 50, j = 0..14: 0+7+14+21+28+35+42+49+6+13+20+27+34+41+48 = 385; plus 0.5 x 15,715 = 7,857.5
    -> 392,892.5 s
"""
from __future__ import annotations

import gzip

import pandas as pd
import pytest

from core import traffic
from core.cdr_upload import read_calls
from core.intake import cdr_stream, load
from core.schemas import SCHEMAS

N = 110_000
HEADER = "Fecha;Hora;Espera (seg);Duración (seg);Abandonada;Cola"


def _row(i: int) -> str:
    day, second = divmod(6 * i, 86_400)
    hours, minutes, seconds = second // 3600, second // 60 % 60, second % 60
    gone = i % 7 == 0
    return (f"{13 + day}/02/2025;{hours:02d}:{minutes:02d}:{seconds:02d};{i % 50},5;{'' if gone else '180,0'};"
            f"{'Sí' if gone else 'No'};Citas")


@pytest.fixture(scope="module")
def big():
    """{line end: the file's bytes} for CR, CR LF and LF (cp1252, as Spanish-locale Excel saves it)."""
    lines = [HEADER] + [_row(i) for i in range(N)]
    return {end: "".join(line + end for line in lines).encode("cp1252") for end in ("\r", "\r\n", "\n")}


@pytest.fixture(scope="module")
def crlf_summary(big):
    """The CR LF file streamed (plain): the reference every other line end must give."""
    summary = cdr_stream.aggregate_file(big["\r\n"], "llamadas.csv", lang="es")
    assert summary is not None and summary.ok and summary.problems == [] and (summary.n_read, summary.n_calls) == (N, N)
    assert summary.wait_totals == (2_750_000.0, N, 15_715, 392_892.5)
    _traffic_by_hand_checked(summary.traffic)
    return summary


def _traffic_by_hand_checked(table: pd.DataFrame) -> None:
    assert len(table) == 367
    first, last = table.iloc[0], table.iloc[-1]
    assert (str(first["interval_start"]), first["offered"], first["answered"], first["abandoned"]) == (
        "2025-02-13 00:00:00", 300, 257, 43)
    assert first["aht_s"] == 180.0
    if "mean_wait_s" in table.columns:   # calls 0..299: six cycles of 0..49 s, each + 0.5 s
        assert first["mean_wait_s"] == pytest.approx((6 * 1225 + 0.5 * 300) / 300)
    assert (str(last["interval_start"]), last["offered"], last["abandoned"]) == ("2025-02-20 15:00:00", 200, 29)
    assert table["abandoned"].sum() == 15_715 and table["offered"].sum() == N


def test_a_gzipped_cr_only_file_over_four_blocks_is_added_up_like_its_crlf_twin(big, crlf_summary):
    """The CR-only text is over 4 x BLOCK_BYTES (the head's window): it was refused as 'empty' (the window
    was one cut line); it now gives exactly the CR LF file's intervals and totals."""
    assert len(big["\r"]) > 4 * cdr_stream.BLOCK_BYTES
    cr = read_calls(gzip.compress(big["\r"], 1), "llamadas.csv.gz", lang="es")
    assert cr.result.ok and cr.dataset == "traffic" and [p.code for p in cr.result.problems] == ["cdr_streamed"]
    table = cr.result.data
    pd.testing.assert_frame_equal(table, crlf_summary.traffic[table.columns], check_dtype=False)
    assert cr.streamed["wait_totals"] == [2_750_000.0, N, 15_715, 392_892.5]
    assert (cr.streamed["calls"], cr.streamed["rows_read"], cr.streamed["intervals"]) == (N, N, 367)
    _traffic_by_hand_checked(table)


@pytest.mark.parametrize("end", ["\r", "\n"], ids=["cr", "lf"])
def test_a_plain_cr_only_or_lf_file_streams_like_its_crlf_twin(big, crlf_summary, end):
    got = cdr_stream.aggregate_file(big[end], "llamadas.csv", lang="es")
    assert got is not None and got.ok and got.problems == [] and (got.n_read, got.n_calls) == (N, N)
    pd.testing.assert_frame_equal(got.traffic, crlf_summary.traffic)
    assert got.wait_totals == crlf_summary.wait_totals == (2_750_000.0, N, 15_715, 392_892.5)
    _traffic_by_hand_checked(got.traffic)


def test_line_ends_are_cr_lf_a_lone_cr_or_lf_and_never_inside_a_quoted_cell():
    # offsets just past each end: "a\r\n" -> 3, "b\r" -> 5, "c\n" -> 7; the quoted "x\ry" and "p\r\nq" hold
    # no end: '1;"x\ry"\r' is bytes 0-7 (end 8), '2;"p\r\nq"\n' bytes 8-16 (end 17)
    assert cdr_stream._line_ends(b"a\r\nb\rc\nd") == [3, 5, 7]
    assert cdr_stream._line_ends(b'1;"x\ry"\r2;"p\r\nq"\n3') == [8, 17]
    # a doubled quote inside a quoted cell ('"a""\rb"' is bytes 0-6, its CR at 7: end 8), then an inch mark
    # in the middle of a cell, which opens no quoted cell ('5" tv' bytes 8-12, its CR at 13: end 14)
    assert cdr_stream._line_ends(b'"a""\rb"\r5" tv\r') == [8, 14]
    assert cdr_stream._line_ends(b"a\rb\rc\rd\r", 2) == [2, 4]
    # a quoted cell opening a line after LF, after CR, or after a tab: its CR or LF is no end; the lines
    # 'a\n' (2 bytes), '"x\ry"\n' (6), 'b\r' (2), '"p\nq"\r' (6), 'c\t"u\rv"\n' (8) end at 2, 8, 10, 16, 24
    assert cdr_stream._line_ends(b'a\n"x\ry"\nb\r"p\nq"\rc\t"u\rv"\n') == [2, 8, 10, 16, 24]


@pytest.mark.parametrize("content, lines, head", [
    (b"h\rr1\rr2", 2000, b"h\rr1\rr2\n"),      # the whole file: its last, unended line too
    (b"h\rr1\rr2\r", 2000, b"h\rr1\rr2\r"),
    (b"h\rr1\rr2", 2, b"h\rr1\r")])           # HEAD_LINES = 2: the first two lines only
def test_the_head_of_a_short_cr_file(monkeypatch, content, lines, head):
    import io
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", lines)
    assert cdr_stream._head(lambda: io.BytesIO(content)) == head


def test_the_head_window_of_a_cr_file_keeps_its_whole_lines_as_written(monkeypatch):
    # blocks of 4 KB: the window is 16,384 bytes of 10-byte lines "0000;1234\r" -> 1,638 whole lines
    # (16,380 bytes), the 1,639th cut after 4 bytes and left out
    import io
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 4096)
    content = b"".join(b"%04d;1234\r" % i for i in range(3000))
    head = cdr_stream._head(lambda: io.BytesIO(content))
    assert head == content[:16_380] and head.count(b"\r") == 1638 and b"\n" not in head
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 5)
    assert cdr_stream._head(lambda: io.BytesIO(content)) == content[:50]


def _comment_file() -> tuple[bytes, set[int]]:
    """600 calls in CR LF, every 10th with a comment typed over two lines (a lone CR inside the quotes, one
    with CR LF), written with a title block; waits "abc" on rows 40 (in the head) and 451 (further down).
    Rows as the spreadsheet shows them: title 1, blank 2, header 3, call i on row i + 4."""
    rows, bad = ["Reporte de llamadas - Central Lima;;;;;;", ";;;;;;", HEADER + ";Comentario"], {40, 451}
    for i in range(600):
        fields = _row(i).split(";")
        if i + 4 in bad:
            fields[2] = "abc"
        comment = (f'"llamó\rdos veces ({i})"' if i % 20 == 0 else f'"pidió\r\ncita ({i})"') if i % 10 == 0 else ""
        rows.append(";".join(fields + [comment]))
    return "".join(r + "\r\n" for r in rows).encode("cp1252"), bad


def test_a_crlf_file_with_line_breaks_in_quoted_comments_streams_like_the_ordinary_path(monkeypatch):
    """Blocks of 4 KB and a head of 200 lines: the quoted line breaks sit in the head, in the sampled
    lines and across blocks. The ordinary path (intake, call by call) takes the comments as one cell and
    names rows 40 and 451; the streamed reader gives its intervals and names the same rows."""
    content, bad = _comment_file()
    ordinary = load(content, "llamadas.csv", SCHEMAS["cdr"], lang="es")
    assert ordinary.ok and len(ordinary.data) == 598
    assert [p.row for p in ordinary.warnings if p.code == "not_a_duration"] == sorted(bad)
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 200)
    summary = cdr_stream.aggregate_file(content, "llamadas.csv", lang="es")
    assert summary is not None and summary.ok and (summary.n_read, summary.n_calls) == (600, 598)
    assert [(p.code, p.row) for p in summary.problems] == [("not_a_duration", 40), ("not_a_duration", 451),
                                                           ("rows_left_out", None)]
    pd.testing.assert_frame_equal(summary.traffic, traffic.aggregate_cdr(ordinary.data, 30), check_dtype=False)
    # by hand: calls 0..299 are the first 30 minutes; call 36 (row 40) left out: 299 calls, abandoned 43
    assert summary.traffic["offered"].iloc[0] == 299 and summary.traffic["abandoned"].iloc[0] == 43


def test_the_streamed_duration_message_names_the_range_as_intake_does():
    """Row 40's wait "abc": the streamed reader names the allowed range 0-86400 s (cdr wait_s, a day,
    core/schemas.py), as
    intake does, not its list of formats (the message already says seconds, mm:ss, hh:mm:ss)."""
    content, _ = _comment_file()
    ordinary = load(content, "llamadas.csv", SCHEMAS["cdr"], lang="es")
    summary = cdr_stream.aggregate_file(content, "llamadas.csv", lang="es")
    want = [(p.code, p.row, p.column, p.found, p.expected) for p in ordinary.warnings if p.code == "not_a_duration"]
    got = [(p.code, p.row, p.column, p.found, p.expected) for p in summary.problems if p.code == "not_a_duration"]
    assert got == want == [("not_a_duration", r, "Espera (seg) (C)", "abc", "0–86400") for r in (40, 451)]


def test_mixed_encoding_in_a_cr_only_file_names_the_row_counted_with_its_crs(monkeypatch):
    """A UTF-8 CR-only file ("Clínica" = C3 AD on row 2) whose row 301 was pasted from cp1252 ("Sí" = 53 ED),
    in the third 4 KB block: refused naming row 301 (the lines end in CR: counting LF alone said row 1).
    The same file with CR LF, its 4,096th byte a CR and the LF opening the next block, still names 301."""
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 200)
    lines = ["Reporte;;;;;", "Clínica Norte;;;;;", HEADER] + [_row(i) for i in range(600)]
    lines[300] = "20/02/2025;10:00:00;5,0;;Sí;Citas"
    encoded = [line.encode("cp1252" if k == 300 else "utf-8") for k, line in enumerate(lines)]
    cr = b"\r".join(encoded)
    assert cr.index(b"S\xed;") > 2 * 4096
    summary = cdr_stream.aggregate_file(cr, "llamadas.csv")
    assert [(p.severity, p.code, p.row) for p in summary.problems] == [("error", "mixed_encoding", 301)]
    crlf = b"\r\n".join(encoded)
    pad = 4095 - crlf.index(b"\r\n", 4000)              # the CR LF after the line holding byte 4,000 ...
    encoded[2] += b" " * pad                             # ... moved to bytes 4,095-4,096 by padding row 3
    crlf = b"\r\n".join(encoded)
    assert crlf[4095:4097] == b"\r\n"
    summary = cdr_stream.aggregate_file(crlf, "llamadas.csv")
    assert [(p.severity, p.code, p.row) for p in summary.problems] == [("error", "mixed_encoding", 301)]


def test_a_cr_only_file_is_decided_by_lines_sampled_past_its_head(monkeypatch):
    """The US export of test_traffic_growth (month first, 300 calls a day from 1 March, a call every 200 s)
    with CR line ends, blocks of 4 KB, a head of 200 lines: the head is all 03/01/2025 (1 March or 3 January?);
    only the lines sampled further down (13th day on) say month first. First half hour by hand: calls
    k = 0..8 (200 k < 1,800 s), abandoned k = 0 and 7 -> offered 9, abandoned 2, on 1 March."""
    from test_traffic_growth import _us_dates_csv
    content = _us_dates_csv(",").replace(b"\n", b"\r")
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 200)
    summary = cdr_stream.aggregate_file(content, "calls.csv")
    assert summary is not None and summary.ok and summary.n_calls == 6000
    first = summary.traffic.iloc[0]
    assert (first["interval_start"], first["offered"], first["abandoned"]) == (pd.Timestamp("2025-03-01"), 9, 2)
    ordinary = load(content, "calls.csv", SCHEMAS["cdr"])
    pd.testing.assert_frame_equal(summary.traffic, traffic.aggregate_cdr(ordinary.data, 30), check_dtype=False)


# ---------------------------------------------------------------- the ordinary path counts CR lines too

def test_a_cr_only_text_is_counted_by_its_lines_for_the_cell_limit(monkeypatch):
    # 5 lines of 3 columns = 15 cells, ended by a lone CR each (Excel for Mac): over a limit of 12 cells
    # it is refused like the same text with CR LF (it was counted as one line, 3 cells, and read)
    from core.intake import readers
    from core.intake.problems import Reject
    monkeypatch.setattr(readers, "MAX_CELLS", 12)
    for end in ("\r", "\r\n", "\n"):
        text = end.join(["a;b;c", "1;2;3", "4;5;6", "7;8;9", "1;1;1"])
        assert readers.line_count(text) == 5 and readers.line_count(text.encode()) == 5
        with pytest.raises(Reject) as err:
            readers._check_size(text, 3, "llamadas.csv")
        assert (err.value.problem.code, err.value.problem.found) == ("too_many_cells", "15")


def test_mixed_encoding_in_a_cr_only_file_names_its_row():
    # row 1 header, row 2 UTF-8 "Bogotá", row 3 a cp1252 "é" (0xE9): the file mixes encodings and the
    # message names row 3 (it said row 1: only LF was counted)
    from core.intake import readers
    from core.intake.problems import Reject
    content = "ciudad;n\r".encode() + "Bogotá;1\r".encode("utf-8") + "Medellín;2\r".encode("cp1252")
    with pytest.raises(Reject) as err:
        readers.decode(content, "ciudades.csv")
    assert (err.value.problem.code, err.value.problem.row) == ("mixed_encoding", 3)
