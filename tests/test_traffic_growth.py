"""Issue 16, growth: call-detail records aggregated exactly, in memory or block by block.

core.traffic.aggregate_cdr sums durations as whole microseconds (exact integers), so its means are
the correctly rounded means of the values read, whatever the order of the rows; core.intake.cdr_stream
reads a big CSV block by block with pyarrow and must give exactly the table that intake +
aggregate_cdr give for the same file (and name the same rows it leaves out).
"""
from __future__ import annotations

import gzip
import io
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core import traffic
from core.intake import cdr_stream, load
from core.schemas import SCHEMAS

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "cdr_sample.csv"
CDR = SCHEMAS["cdr"]


def _user_csv(n: int = 3000, seed: int = 5, extra: list[str] | None = None) -> bytes:
    """Calls as a Spanish-locale export writes them: a title block, `;`, decimal comma, cp1252,
    date and time in two columns, Sí/No, blank talk time for abandoned calls."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2025-02-03 06:00")
    offsets = np.sort(rng.integers(0, 6 * 86_400, n))
    lines = ["Reporte de llamadas entrantes;;;;;", "Clínica Norte - febrero;;;;;", ";;;;;",
             "Fecha;Hora;Espera (seg);Duración (seg);Abandonada;Cola"]
    for off in offsets:
        t = start + pd.Timedelta(seconds=int(off))
        gone = rng.random() < 0.15
        wait = f"{rng.exponential(40):.1f}".replace(".", ",")
        talk = "" if gone else f"{rng.gamma(4, 60):.2f}".replace(".", ",")
        lines.append(f"{t:%d/%m/%Y};{t:%H:%M:%S};{wait};{talk};{'Sí' if gone else 'No'};Citas")
    lines += extra or []
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _intake_table(content: bytes, name: str, minutes: int = 30) -> pd.DataFrame:
    result = load(content, name, CDR)
    assert result.ok, result.problems
    return traffic.aggregate_cdr(result.data, minutes)


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 4 KB and a head of 200 lines: the stream really crosses blocks beyond the head."""
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 200)


# ------------------------------------------------------------------------- exact means in memory

def test_mean_wait_is_the_correctly_rounded_mean_of_the_decimals():
    # waits 0.1, 0.2 and 0.3 s: mean 0.6 / 3 = 0.2 exactly; the float sum 0.1 + 0.2 + 0.3 is
    # 0.6000000000000001, whose third is 0.20000000000000004 (one unit in the last place too high)
    cdr = pd.DataFrame({"call_start": pd.to_datetime(["2025-01-06 08:01", "2025-01-06 08:02", "2025-01-06 08:03"]),
                        "wait_s": [0.1, 0.2, 0.3], "talk_s": [10.0, 20.0, 40.0], "abandoned": [False, False, False]})
    out = traffic.aggregate_cdr(cdr, 30)
    assert out["mean_wait_s"].tolist() == [0.2]
    assert out["aht_s"].tolist() == [70.0 / 3]
    assert (0.1 + 0.2 + 0.3) / 3 != 0.2


def test_means_match_exact_decimal_arithmetic_from_the_file_text():
    content = _user_csv(800)
    table = _intake_table(content, "llamadas.csv").set_index("interval_start")
    # reference straight from the text: Decimal sums per half hour, no pandas, no intake
    waits, talks = {}, {}
    for line in content.decode("cp1252").splitlines()[4:]:
        fecha, hora, wait, talk, gone, _ = line.split(";")
        d, m, y = fecha.split("/")
        h, mi, _s = hora.split(":")
        key = pd.Timestamp(f"{y}-{m}-{d} {h}:{int(mi) // 30 * 30:02d}")
        waits.setdefault(key, []).append(Decimal(wait.replace(",", ".")))
        if gone == "No" and talk:
            talks.setdefault(key, []).append(Decimal(talk.replace(",", ".")))
    for key, values in waits.items():
        assert table.loc[key, "mean_wait_s"] == float(Fraction(sum(values)) / len(values))
        assert table.loc[key, "offered"] == len(values)
    for key, values in talks.items():
        assert table.loc[key, "aht_s"] == float(Fraction(sum(values)) / len(values))
    assert int(table["offered"].sum()) == 800


def test_table_does_not_depend_on_the_order_of_the_rows():
    cdr = pd.read_csv(SAMPLE)
    shuffled = cdr.sample(frac=1.0, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(traffic.aggregate_cdr(shuffled), traffic.aggregate_cdr(cdr), check_exact=True)


def test_agrees_with_the_previous_pandas_mean_to_the_last_bits():
    # the formula before issue 16 (pandas groupby mean, compensated float sums), written out here
    cdr = pd.read_csv(SAMPLE, parse_dates=["call_start"])
    iv = cdr["call_start"].dt.floor("30min")
    answered = ~cdr["abandoned"]
    old_wait = cdr.groupby(iv)["wait_s"].mean()
    old_aht = cdr["talk_s"].where(answered).groupby(iv).mean()
    out = traffic.aggregate_cdr(cdr).set_index("interval_start")
    assert out.loc[old_wait.index, "offered"].tolist() == cdr.groupby(iv).size().tolist()
    np.testing.assert_allclose(out.loc[old_wait.index, "mean_wait_s"], old_wait, rtol=1e-15, atol=0)
    np.testing.assert_allclose(out.loc[old_aht.index, "aht_s"], old_aht, rtol=1e-15, atol=0)
    assert out["offered"].sum() == 2509 and (out.loc[~out.index.isin(old_wait.index), "offered"] == 0).all()


def test_patience_from_totals_is_estimate_patience():
    # by hand (as in test_traffic): waits 10 (abandoned), 20, 30 (abandoned), 40 -> 100 s / 2 = 50 s
    e = traffic.patience_from_totals(100.0, 4, 2, 40.0)
    assert (e.mean_patience, e.naive_mean, e.n_calls, e.n_abandoned) == (50.0, 20.0, 4, 2)
    assert e.ci_low == pytest.approx(200 / 11.143287, rel=1e-6)


# ------------------------------------------------------------------------ the block-by-block reader

def _same(summary, content: bytes, name: str):
    assert summary is not None and summary.ok, summary and summary.problems
    pd.testing.assert_frame_equal(summary.traffic, _intake_table(content, name), check_exact=True)
    data = load(content, name, CDR).data
    assert summary.n_calls == len(data)
    assert summary.patience == traffic.estimate_patience(data)


def test_stream_gives_exactly_the_sample_table():
    content = SAMPLE.read_bytes()
    _same(cdr_stream.aggregate_file(content, "cdr_sample.csv"), content, "cdr_sample.csv")


def test_stream_gives_exactly_intakes_table_on_a_spanish_export(small_blocks):
    content = _user_csv(3000)
    summary = cdr_stream.aggregate_file(content, "llamadas_febrero.csv")
    _same(summary, content, "llamadas_febrero.csv")
    assert summary.used["wait_s"] == "Espera (seg)" and summary.problems == []


def test_stream_reads_one_date_time_column_mm_ss_and_utf8(small_blocks):
    rng = np.random.default_rng(9)
    rows = ["Fecha y hora,Espera,TMO,Colgó"]
    for i, off in enumerate(np.sort(rng.integers(0, 20 * 86_400, 2500))):
        t = pd.Timestamp("2025-03-01") + pd.Timedelta(seconds=int(off))
        gone = i % 9 == 0
        rows.append(f"{t:%d/%m/%Y %H:%M},{rng.exponential(25):.2f},{'' if gone else f'{i % 15}:{i % 60:02d}'},"
                    f"{int(gone)}")
    content = ("\n".join(rows) + "\n").encode("utf-8")
    _same(cdr_stream.aggregate_file(content, "reporte.csv"), content, "reporte.csv")


def test_gzip_and_zip_give_the_plain_files_table(small_blocks):
    content = _user_csv(1500)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("llamadas.csv", content)
    for packed in (gzip.compress(content), buffer.getvalue()):
        summary = cdr_stream.aggregate_file(packed, "llamadas.csv.gz")
        pd.testing.assert_frame_equal(summary.traffic, _intake_table(content, "llamadas.csv"), check_exact=True)


def test_bad_rows_beyond_the_head_are_left_out_and_named_as_intake_names_them(small_blocks):
    bad = ["31/02/2025;10:00:00;5,0;60,0;No;Citas",      # a date that does not exist
           "05/02/2025;11:00:00;abc;60,0;No;Citas",       # not a duration
           "05/02/2025;11:10:00;90000;60,0;No;Citas",     # over 86,400 s
           "05/02/2025;11:20:00;;60,0;No;Citas",          # required and blank
           "05/02/2025;11:30:00;7,5;60,0;tal vez;Citas",  # not a yes/no
           ";;;;;"]                                        # a blank row: skipped without a word
    content = _user_csv(1200, extra=bad)
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    _same(summary, content, "llamadas.csv")
    intake = load(content, "llamadas.csv", CDR)
    named = sorted((p.row, p.code) for p in summary.problems if p.row)
    assert named == sorted((p.row, p.code) for p in intake.problems if p.row)
    assert {p.severity for p in summary.problems if p.row} == {"warning"}      # rows left out, the file read
    assert [c for _, c in named] == ["not_a_date", "not_a_duration", "out_of_range", "blank_required", "not_a_bool"]
    left = [p for p in summary.problems if p.code == "rows_left_out"]
    assert (left[0].count, left[0].found) == (5, "1205")


def test_files_it_cannot_read_exactly_go_back_to_the_ordinary_path():
    # a workbook, and times written "8:30 p. m." (intake reads them; no fast reader does)
    assert cdr_stream.aggregate_file(b"PK\x03\x04" + b"\x00" * 100, "llamadas.xlsx") is None
    text = "Fecha;Hora;Espera;Abandonada\n" + "".join(f"03/02/2025;{h}:15 p. m.;4,0;No\n" for h in range(1, 10))
    assert load(text.encode(), "x.csv", CDR).ok
    assert cdr_stream.aggregate_file(text.encode(), "x.csv") is None


def test_refusals_are_problems_not_exceptions(small_blocks, monkeypatch):
    mixed = _user_csv(400) + "05/02/2025;11:20:00;4,0;;No;Dirección".encode("utf-8") + b"\r\n"
    assert [p.code for p in cdr_stream.aggregate_file(mixed, "m.csv").problems] == ["mixed_encoding"]
    missing = "Fecha;Hora;Abandonada\n03/02/2025;08:00:00;No\n".encode()
    refused = cdr_stream.aggregate_file(missing, "x.csv")
    assert not refused.ok and refused.problems[0].code == load(missing, "x.csv", CDR).problems[0].code
    monkeypatch.setattr(cdr_stream, "MAX_CELLS", 6000)
    big = cdr_stream.aggregate_file(_user_csv(3000), "big.csv")
    assert [p.code for p in big.problems] == ["too_many_cells"]
    monkeypatch.setattr(cdr_stream, "MAX_TEXT_BYTES", 2**20)   # a gzip of 3 MB of empty lines: a bomb
    bomb = cdr_stream.aggregate_file(gzip.compress(b"\n" * 3 * 2**20), "bomba.csv.gz")
    assert [(p.code, p.found, p.expected) for p in bomb.problems] == [("too_large", "1", "1")]
    for junk in (gzip.compress(_user_csv(500))[:-200], b"\x1f\x8b garbage", b";;;\n" * 10, b"x" * 2**22):
        result = cdr_stream.aggregate_file(junk, "junk.csv")
        assert result is None or not result.ok


def _us_dates_csv(sep: str) -> bytes:
    """A US export (month first), 300 calls a day from 1 March: its first 200 lines are all on
    03/01/2025, which cannot tell 1 March from 3 January; the 13th and later days say month first."""
    rows = [sep.join(("Call start", "Wait", "Talk", "Abandoned"))]
    for day in range(20):
        for k in range(300):
            t = pd.Timestamp("2025-03-01") + pd.Timedelta(days=day, seconds=k * 200)
            rows.append(sep.join((f"{t:%m/%d/%Y %H:%M:%S}", f"{k % 50}.5", f"{100 + k % 70}",
                                  "yes" if k % 7 == 0 else "no")))
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("sep", [";", ","])
def test_decisions_see_the_whole_file_not_only_its_first_day(small_blocks, sep):
    content = _us_dates_csv(sep)
    first_day = load(b"\n".join(content.splitlines()[:200]) + b"\n", "calls.csv", CDR)
    whole = load(content, "calls.csv", CDR)
    assert whole.data["call_start"].iloc[0] == pd.Timestamp("2025-03-01")
    # alone, the first day is read as 3 January (";": Spanish day first) or not at all (",")
    assert not first_day.ok or first_day.data["call_start"].iloc[0] == pd.Timestamp("2025-01-03")
    _same(cdr_stream.aggregate_file(content, "calls.csv"), content, "calls.csv")


def test_a_bad_row_in_the_head_does_not_stop_the_fast_path(small_blocks):
    lines = _user_csv(1500).split(b"\r\n")
    lines[10] = "04/02/2025;09:00:00;nada;60,0;No;Citas".encode("cp1252")   # spreadsheet row 11
    content = b"\r\n".join(lines)
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    _same(summary, content, "llamadas.csv")
    assert [(p.code, p.row) for p in summary.problems if p.row] == [("not_a_duration", 11)]


# ------------------------------------------------------- per-interaction costs that grew with n

def test_profile_times_are_clock_texts_without_strftime_on_every_row():
    # a year of 15-minute traffic is 35,040 rows: the "HH:MM" of each slot is formatted once
    starts = pd.date_range("2025-01-06 00:00:20", periods=4 * 24 * 14, freq="15min")   # seconds ignored
    df = pd.DataFrame({"interval_start": starts, "offered": 4})
    prof = traffic.interval_profile(df)
    assert len(prof) == 7 * 96 and prof["time"].iloc[:3].tolist() == ["00:00", "00:15", "00:30"]
    assert prof["time"].iloc[95] == "23:45" and prof["weekday"].iloc[96] == 1 and (prof["n"] == 2).all()
    daily = pd.Series(pd.date_range("2025-01-06 08:00", periods=10, freq="1D"))
    assert traffic.check_intervals(daily).one_per_day
    noon_and_night = pd.Series(pd.to_datetime(["2025-01-06 08:00", "2025-01-06 20:00", "2025-01-07 08:00"]))
    assert not traffic.check_intervals(noon_and_night).one_per_day


# ------------------------------------------- mutation kills (issue 20, docs/MUTATION.md, seed 20/21 samples)

def test_date_time_reader_marks_an_impossible_date_with_a_good_time_unreadable():
    import pyarrow as pa
    read = cdr_stream._datetime_reader("%d/%m/%Y", " ", "%H:%M:%S")
    values, bad = read(pa.array(["06/01/2025 05:40:59", "31/02/2025 05:40:59", "06/01/2025 25:00:00", "06/01/2025"]))
    assert bad.tolist() == [False, True, True, True]
    # 1970-01-01 -> 2025-01-06: 55 x 365 + 14 leap days (1972..2024) + 5 = 20,094 days; + 5 h 40 min 59 s
    assert values.tolist() == [(20_094 * 86_400 + 5 * 3600 + 40 * 60 + 59) * 10**9, 0, 0, 0]


NO_TALK = ("Fecha;Hora;Espera (seg);Abandonada\r\n03/02/2025;08:05:00;10,5;No\r\n"
           "03/02/2025;08:20:00;30;Sí\r\n03/02/2025;08:40:00;4,5;No\r\n")


def test_a_file_without_talk_time_is_read_by_the_stream():
    # three calls, no talk-time column: 08:00 slot 2 calls (waits 10.5 and 30 s, the second abandoned),
    # 08:30 slot 1 call (4.5 s); patience MLE = total wait / abandoned = (10.5 + 30 + 4.5) / 1 = 45 s
    summary = cdr_stream.aggregate_file(NO_TALK.encode("cp1252"), "llamadas.csv")
    assert summary is not None and summary.ok and summary.problems == []
    t = summary.traffic
    assert t["offered"].tolist() == [2, 1] and t["abandoned"].tolist() == [1, 0] and t["answered"].tolist() == [1, 1]
    assert t["mean_wait_s"].tolist() == [(10.5 + 30) / 2, 4.5] and t["aht_s"].isna().all()
    assert summary.patience.mean_patience == 45.0 and (summary.n_read, summary.n_calls) == (3, 3)


def test_the_row_by_row_check_refuses_a_table_of_another_length():
    import pyarrow as pa
    head = NO_TALK.encode("utf-8")
    layout, result = cdr_stream._layout(head, "llamadas.csv", "utf-8", None, None)
    assert layout is not None and len(result.data) == 3
    records = cdr_stream._Records(lambda: io.BytesIO(head), layout, cdr_stream._Listing("llamadas.csv"))
    batch = pa.concat_tables(table for table, _ in records).combine_chunks()
    assert cdr_stream._same_as_intake(batch, layout, result.data)
    assert not cdr_stream._same_as_intake(batch, layout, result.data.iloc[:2])


def test_more_than_64_blocks_are_summed_on_the_way(monkeypatch):
    # 3,000 calls of ~45 bytes in blocks of 1 KB: ~130 blocks, so the partial tables are folded at 64
    monkeypatch.setattr(cdr_stream, "BLOCK_BYTES", 1024)
    monkeypatch.setattr(cdr_stream, "HEAD_LINES", 200)
    content = _user_csv(3000, seed=11)
    assert len(content) > 64 * 1024
    _same(cdr_stream.aggregate_file(content, "llamadas.csv"), content, "llamadas.csv")


def test_cell_limit_of_the_stream_at_its_boundary(monkeypatch):
    # NO_TALK: 3 data rows x 4 columns = 12 cells; a limit of 12 reads it, a limit of 11 refuses it
    content = NO_TALK.encode("cp1252")
    monkeypatch.setattr(cdr_stream, "MAX_CELLS", 12)
    assert cdr_stream.aggregate_file(content, "llamadas.csv").n_calls == 3
    monkeypatch.setattr(cdr_stream, "MAX_CELLS", 11)
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary.traffic is None
    assert [(p.code, p.found, p.expected) for p in summary.problems] == [("too_many_cells", "12", "11")]


def test_only_a_zip_holding_one_csv_or_txt_is_streamed():
    def zipped(*names):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for n in names:
                z.writestr(n, NO_TALK)
        return out.getvalue()
    assert cdr_stream._opener(zipped("a.csv", "b.csv")) is None
    assert cdr_stream._opener(zipped("llamadas.xlsx")) is None
    for name in ("llamadas.CSV", "datos/llamadas.txt"):
        with cdr_stream._opener(zipped(name))() as stream:
            assert stream.read() == NO_TALK.encode("utf-8")


def test_an_empty_upload_is_left_to_the_ordinary_path():
    assert cdr_stream.aggregate_file(b"", "llamadas.csv") is None


def test_a_row_with_extra_fields_beyond_the_head_is_named_left_out_and_counted(small_blocks, monkeypatch):
    # 400 good calls (the head is 200 lines) and, at the end, one row with two fields too many; no
    # lines sampled past the head, so that intake's decisions on the head never see that row. It is named
    # at its spreadsheet row (three title rows, the header in row 4: row 405), 8 fields against the header's 6.
    monkeypatch.setattr(cdr_stream, "SAMPLED", 0)
    content = _user_csv(400, seed=3) + "06/02/2025;10:00:00;5,0;60,0;No;Citas;x;y\r\n".encode("cp1252")
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert summary is not None and summary.ok
    assert (summary.n_read, summary.n_calls) == (401, 400)
    assert [(p.severity, p.code, p.row, p.count, p.found, p.expected) for p in summary.problems] == [
        ("warning", "csv_row_fields", 405, None, "8", "6"), ("warning", "rows_left_out", None, 1, "401", None)]


def test_mixed_encoding_found_by_the_stream_is_an_error(small_blocks):
    mixed = _user_csv(400) + "05/02/2025;11:20:00;4,0;;No;Dirección".encode("utf-8") + b"\r\n"
    summary = cdr_stream.aggregate_file(mixed, "m.csv")
    assert not summary.ok and [(p.severity, p.code, p.file) for p in summary.problems] == [
        ("error", "mixed_encoding", "m.csv")]


def test_a_stream_without_any_usable_row_says_so():
    class Head:
        used, unused = {"wait_s": "Espera"}, ["Cola"]
    summary = cdr_stream._summary([pd.DataFrame()], cdr_stream._Listing("f.csv"), 5, 30, "f.csv", Head())
    assert summary.traffic is None and not summary.ok and summary.n_read == 5
    assert [(p.severity, p.code, p.file, p.count) for p in summary.problems] == [("error", "no_valid_rows", "f.csv", 5)]
    assert (summary.used, summary.unused) == ({"wait_s": "Espera"}, ["Cola"])


def test_utf16_with_its_bom_is_left_to_the_ordinary_path_even_without_zero_bytes():
    # a UTF-16 text whose first 4,096 bytes hold no zero byte (full-width letters only): the BOM decides
    text = "Ｆｅｃｈａ" * 1000
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        content = bom + text.encode(codec)
        assert b"\x00" not in content[:4096]
        assert cdr_stream._opener(content) is None
