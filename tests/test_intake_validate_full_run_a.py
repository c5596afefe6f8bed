"""Kill tests for the survivors of intake.validate's full mutation run (issue 20, docs/MUTATION.md), part a:
convert_all, decimal_hint, join_times, _typed and specs_of (core/intake/validate.py).

Files are built as users make them: Spanish-locale CSV (";" separator, cp1252, decimal comma and dots grouping
thousands, "Sí"/"No" answers, headers with units such as "Espera (seg)" and "Conversación (min)"). Every
expected value is written out by hand in the test.
"""
# full run
# intake.validate, share a (24 survivors: convert_all, decimal_hint, join_times, _typed, specs_of).
# The equivalences were checked on an instrumented copy of validate.py run over the intake suites (test_intake,
# test_kill_intake, test_intake_userfiles, test_hostile_intake and the intake *_full_run files: 384 tests):
# every assertion below held on all 1277 converted columns, 416 datetime columns and 280 converted frames.
# - _typed 15 ("XXdatetimeXX") and 16 ("DATETIME"), the datetime branch never taken: equivalent, code says
#   nothing: was removed. dates.parse_datetimes always gives datetime64[ns] (its values are an ns array,
#   dates._ns), and convert hands a datetime column's values on untouched, so .astype("datetime64[ns]") is a
#   no-op (checked: the dtype was datetime64[ns] on every datetime column).
# - convert_all 29 (`... or True`: table.blank always used) and 31 (is_blank(None) in the other branch):
#   killed by test_a_table_built_without_its_blank_cells_as_a_saved_workspace_does_converts_the_same. Within
#   intake, pipeline._table always passes `blank`, but core.workspace_file builds a Table without it (the
#   tables of a saved workspace), so the fallback is live.
# - convert_all 28 (`... and False`) and 30 (`is None`): `blank` always recomputed as is_blank(raw); 40 (None
#   passed to convert) and 48 (argument dropped): convert recomputes is_blank(raw) itself: equivalent.
#   pipeline._table builds table.blank as is_blank of each body column before the blank rows are dropped and
#   keeps the same rows of both, so it is the same function of the same cells (checked: equal on every column).
#   Only speed differs (the per-column pass done twice).
# - convert_all 50 (scale default None), 52 (default dropped) and 53 (default 2.0): equivalent, code says
#   nothing: the default could be removed (`match.scale.get(pos)`). header.match_columns gives every named
#   duration column its scale (user-mapped ones too; checked: always present), item patterns are all float,
#   and parse_column passes scale on only for durations, so the default is never used. (Kept: 1.0, seconds,
#   is the safe reading should a column ever come without a scale.)
# - convert_all 59 (getattr default None instead of False): equivalent. Only PatternColumn (SERVQUAL items)
#   lacks `required`, and None and False are both falsy in the `or`. (The default itself is needed, as
#   PatternColumn has no such field; only its falsiness matters.)
# - convert_all 9 (pd.DataFrame(index=None)): equivalent, code says nothing: `index=table.body.index` could be
#   dropped. The first column assigned to an index-less empty frame gives it its own index, raw's, which is
#   table.body.index; every schema yields at least one column to convert (a required column, a one_of group or
#   the item patterns, else missing_columns stops first), and a column error returns before `out` is used
#   (checked: frames and index identical, exact index type, on every load without a column error).
# - decimal_hint 4 ("XXintXX") and 5 ("INT"): killed by
#   test_thousands_dots_in_monthly_calls_tell_the_comma_of_the_abandonment_percentage.
# - decimal_hint 8 ("XXdurationXX") and 9 ("DURATION"): killed by
#   test_decimal_comma_of_the_wait_tells_how_to_read_talk_minutes_of_three_decimals.
# - decimal_hint 10 (the first 2001 rows sampled): killed by
#   test_decimal_mark_first_shown_after_row_2000_does_not_change_other_columns.
# - decimal_hint 11 (`.unique()[:2001]`): equivalent, code says nothing: was removed. The values come
#   from `.iloc[:2000]`, so there are never more than 2000 distinct ones and `[:2000]` cuts nothing.
# - decimal_hint 13 (`"XX:XX" not in value`, so "1:30" and "00:04:05" are looked at): equivalent, code says
#   nothing: was removed. No SHAPES pattern of numbers.shape_of matches a text holding ":" (they allow
#   only digits, signs, ".", "," and an exponent; clean_text removes spaces and "%" only), so such a text never
#   shows a mark (checked: no mark on the 209 times and durations with ":" the suites read).
# - join_times 6 (`or` instead of `and`): killed by test_an_empty_hora_column_keeps_the_dates_of_the_fecha_column.
#   (Its other half, a time column without its date column, cannot happen: both part_of columns are required,
#   so a file without one stops at missing_columns, and a date column that cannot be read returns an error.)
# - join_times 15 (unit "S"): killed by test_fecha_plus_hora_gives_each_interval_its_time_without_deprecated_units.
#   pandas 3.1 still reads "S" as seconds but warns (Pandas4Warning) that it will be removed: a Fecha + Hora file
#   would stop loading with pandas 4.
# - specs_of 12 (key=None) and 14 (key dropped): equivalent, code says nothing: the key was removed.
#   Positions are distinct (an item column is only looked for among positions not already named), so the
#   (pos, name, spec) tuples sort by their first item without ever comparing names or specs (checked: the same
#   order on every load).
import datetime as dt
import warnings

import pandas as pd
from pandas.errors import Pandas4Warning

from core.intake import load
from core.intake.pipeline import build
from core.intake.validate import Table
from core.schemas import ABANDONMENT, CDR, TRAFFIC


def _csv(text: str) -> bytes:
    return text.encode("cp1252")


def _codes(result, code):
    return [p for p in result.problems if p.code == code]


def test_thousands_dots_in_monthly_calls_tell_the_comma_of_the_abandonment_percentage():
    # A monthly abandonment report of a large account: the offered calls show dots grouping thousands
    # (1.234.567, only readable with a decimal comma). The percentage has three decimals, 2,100 and 1,900,
    # which read either way on their own: the whole-number column's mark says comma, so they are 2.1 and 1.9
    # (not refused as an undecided decimal mark).
    text = ("Cuenta;Mes;Llamadas ofrecidas;Llamadas abandonadas;% Abandono\n"
            "Salud Total;1;1.234.567;25.926;2,100\n"
            "Salud Total;2;1.187.500;22.563;1,900\n")
    r = load(_csv(text), "abandono_mensual.csv", ABANDONMENT)
    assert [p.code for p in r.problems] == []
    assert list(r.data["abandon_pct"]) == [2.1, 1.9]
    assert list(r.data["offered"]) == [1234567, 1187500]
    assert list(r.data["abandoned"]) == [25926, 22563]
    assert list(r.data["month"]) == [1, 2]


def test_decimal_comma_of_the_wait_tells_how_to_read_talk_minutes_of_three_decimals():
    # A CDR export: the wait in seconds shows a decimal comma (35,5); the talk time in minutes has three
    # decimals (2,125 and 3,250), which read either way on their own. The wait column's comma decides: 2,125 min
    # = 127.5 s and 3,250 min = 195 s (not refused as an undecided decimal mark); the abandoned call has no talk.
    text = ("Fecha y hora;Espera (seg);Conversación (min);Abandonada\n"
            "03/03/2025 08:01;35,5;2,125;No\n"
            "03/03/2025 08:04;12;3,250;No\n"
            "03/03/2025 08:09;48;;Sí\n")
    r = load(_csv(text), "llamadas.csv", CDR)
    assert [p.code for p in r.problems] == []
    talk = list(r.data["talk_s"])
    assert talk[:2] == [127.5, 195.0] and talk[2] != talk[2]   # NaN: no talk on the abandoned call
    assert list(r.data["wait_s"]) == [35.5, 12.0, 48.0]
    assert list(r.data["abandoned"]) == [False, False, True]


def test_decimal_mark_first_shown_after_row_2000_does_not_change_other_columns():
    # 2001 half-hour intervals. The file's decimal mark is taken from the first 2000 rows of its number columns:
    # the TMO shows a decimal point only on the last row (spreadsheet line 2002), so it does not make the
    # offered calls' "1.250" on line 2 read as 1.25 (not whole: the row would be left out); it stays 1250.
    start = dt.datetime(2025, 3, 1, 8, 0)
    lines = ["Intervalo;Ofrecidas;TMO (seg)"]
    for i in range(2001):
        when = (start + dt.timedelta(minutes=30 * i)).strftime("%d/%m/%Y %H:%M")
        offered = "1.250" if i == 0 else "30"
        aht = "245.5" if i == 2000 else "245"
        lines.append(f"{when};{offered};{aht}")
    r = load(_csv("\n".join(lines) + "\n"), "trafico.csv", TRAFFIC)
    assert [p.code for p in r.problems] == []
    assert len(r.data) == 2001
    assert list(r.data["offered"][:3]) == [1250, 30, 30]
    assert list(r.data["aht_s"][-2:]) == [245.0, 245.5]
    assert str(r.data["interval_start"].iloc[-1]) == "2025-04-12 00:00:00"


def test_an_empty_hora_column_keeps_the_dates_of_the_fecha_column():
    # A traffic template with a "Hora" column the user left empty: the days in "Fecha" are kept as they are
    # (midnight), not lost; nothing is flagged since an unused time column is not required.
    text = ("Fecha;Hora;Ofrecidas;Atendidas;TMO (seg)\n"
            "03/03/2025;;120;110;245\n"
            "04/03/2025;;98;95;238\n")
    r = load(_csv(text), "trafico.csv", TRAFFIC)
    assert [p.code for p in r.problems] == []
    assert [str(v) for v in r.data["interval_start"]] == ["2025-03-03 00:00:00", "2025-03-04 00:00:00"]
    assert list(r.data.columns) == ["interval_start", "offered", "answered", "aht_s"]
    assert list(r.data["offered"]) == [120, 98]


def test_fecha_plus_hora_gives_each_interval_its_time_without_deprecated_units():
    # Fecha (day first, as a ";" CSV is written) plus Hora complete each interval's start; reading it uses no
    # pandas spelling due to be removed (it would stop such files loading with pandas 4).
    text = ("Fecha;Hora;Ofrecidas;Atendidas;TMO (seg)\n"
            "03/03/2025;08:00;120;110;245\n"
            "03/03/2025;08:30;98;95;238\n"
            "04/03/2025;14:15;87;80;251\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = load(_csv(text), "trafico.csv", TRAFFIC)
    assert [str(w.message) for w in caught if issubclass(w.category, Pandas4Warning)] == []
    assert [p.code for p in r.problems] == []
    assert [str(v) for v in r.data["interval_start"]] == ["2025-03-03 08:00:00", "2025-03-03 08:30:00",
                                                          "2025-03-04 14:15:00"]
    assert "interval_time" not in r.data.columns


def test_a_table_built_without_its_blank_cells_as_a_saved_workspace_does_converts_the_same():
    # core.workspace_file rebuilds a saved workspace's tables as Table(...) without `blank`: intake works out
    # the blank cells itself. Row 3's "Atendidas" is blank (not required): kept, answered NaN.
    body = pd.DataFrame({0: ["04/03/2024 08:00", "04/03/2024 08:30", "04/03/2024 09:00"],
                         1: ["120", "95", "101"], 2: ["110", None, "99"]}, dtype=object)
    table = Table(["Fecha y hora", "Ofrecidas", "Atendidas"], body, pd.Series([2, 3, 4]), "espacio › traffic",
                  None, 1, "dmy")
    r = build(table, TRAFFIC)
    assert r.ok and r.problems == []
    assert r.data["interval_start"].tolist() == [pd.Timestamp("2024-03-04 08:00"), pd.Timestamp("2024-03-04 08:30"),
                                                 pd.Timestamp("2024-03-04 09:00")]
    assert r.data["offered"].tolist() == [120, 95, 101]
    assert r.data["answered"].isna().tolist() == [False, True, False]
