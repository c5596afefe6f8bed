"""Kill tests for the full mutation run of core/intake/columns.py (issue 20), share b: the yes/no words,
blank cells, the range/whole-number/size checks of number columns, the "unreadable column" share and the
listing of cell problems. Files made as the users make them (Spanish Excel: ";" CSV in cp1252, booleans
VERDADERO/FALSO in a workbook); every expected value is written out by hand in the test."""

# full run (target intake.columns, 43 survivors; this file: the 18 of share b)
# (Eighth session: the code under the `use_na_sentinel=True`, `fillna(False)` and `.astype(bool)` mutants below
# was removed as saying nothing: pandas' defaults, and masks that are already bool without NaN.)
# Killed:
#   x_bool_word__mutmut_1        (an Excel boolean cell read as bool(None) = False: VERDADERO -> "no")
#       -> test_excel_booleans_and_numbers_in_abandoned_column
#   x_bool_word__mutmut_2        (`and` -> `or`: any number, e.g. a typo 2, read as "yes")
#       -> test_excel_booleans_and_numbers_in_abandoned_column
#   x_numeric_checks__mutmut_32  (`>=` -> `>` MAX_EXACT: 2**53 accepted; a 16-digit "9007199254740993"
#       rounds to 2**53 as a float and would be kept as the wrong count 9007199254740992)
#       -> test_count_of_sixteen_digits_is_refused_not_rounded
#   x_numeric_checks__mutmut_56  (the "not_integer" warning without its column)
#       -> test_fractional_count_is_named_with_its_column
#   x_range_text__mutmut_14      (a maximum without a minimum shown as "" instead of "<= 100"; no column
#       of today's schemas has a maximum only, the function's contract is tested directly)
#       -> test_range_text_of_each_bound
#   xǁListingǁcells__mutmut_19   (`>` -> `>=` MAX_LISTED: exactly 10 bad cells gave a "more_rows" with
#       count 0) -> test_exactly_max_listed_bad_cells_have_no_more_rows
# Equivalent (no observable difference for any input the callers can give):
#   x_is_blank__mutmut_5, x_parse_bools__mutmut_5: `use_na_sentinel=True` dropped: True is pandas' default.
#   x_is_blank__mutmut_10, x_is_blank__mutmut_12: `dtype=bool` -> None / dropped: a list of Python bools
#       (the appended True included, so never empty) is inferred as bool by numpy.
#   x_parse_bools__mutmut_10, x_parse_bools__mutmut_12: `dtype=object` -> None / dropped: the appended
#       None makes numpy infer object for any list of True/False/None.
#   x_parse_bools__mutmut_3, x_parse_bools__mutmut_7: `use_na_sentinel=None/False`: None, NaN and pd.NA
#       become one unique NaN (checked on pandas 3.1.1) instead of code -1; bool_word(NaN) is None
#       (normalised "nan" is no yes/no word), the same None the sentinel gives, and is_blank (its own
#       factorize) still marks it blank, so values and the bad mask are the same.
#   x_numeric_checks__mutmut_8: `invalid = values < min` for `invalid |= ...` on an all-False mask of the
#       same index: same values, same bool dtype.
#   x_numeric_checks__mutmut_65: `.astype(None)` gives a float64 0/1 mask; its only caller, convert,
#       or-s it into its own bool mask (`invalid |= ...` keeps bool): same mask.
#   x_numeric_checks__mutmut_67: `fillna(True)`: the mask is bool from comparisons (NaN compares False),
#       never holds NaN.
#   (Second full run, after parts a and b: 470 mutants, 29 survivors, 6.2 %: the 28 equivalents of the two
#   parts, and x_numeric_checks__mutmut_66, `fillna(None)`, killed in the first run but equivalent for the
#   reason of 67: pandas 3.1 accepts fillna(None) on a bool mask that holds no NaN and returns it unchanged.)
#   x_unreadable__mutmut_5: `filled >= 0`: with 0 filled cells every cell is blank, and every parser's
#       bad mask excludes blanks by the same rule as is_blank (NA or only spaces), so 0 > 0 is False too.
import io

import openpyxl
import pandas as pd

from core.intake import load
from core.intake.columns import range_text
from core.schemas import CDR, TRAFFIC, Column


def _xlsx(header: list, rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Llamadas"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_excel_booleans_and_numbers_in_abandoned_column():
    # Excel shows a boolean cell as VERDADERO/FALSO; others typed 1/0; row 6 holds a typo 2.
    start = pd.Timestamp("2024-03-04 08:00")
    answers = [True, False, 1, 0, 2, True]
    rows = [[(start + pd.Timedelta(minutes=5 * i)).to_pydatetime(), 12 + i, 180, a] for i, a in enumerate(answers)]
    result = load(_xlsx(["Fecha y hora", "Espera (seg)", "Duración (seg)", "Abandonada"], rows), "llamadas.xlsx", CDR)
    assert result.data["abandoned"].tolist() == [True, False, True, False, True]   # the 2 is not a yes
    assert result.data["wait_s"].tolist() == [12.0, 13.0, 14.0, 15.0, 17.0]         # its row left out
    (bad,) = [p for p in result.problems if p.code == "not_a_bool"]
    assert (bad.row, bad.column) == (6, "Abandonada (D)")                           # header is row 1
    assert bad.found == "2"                                      # as typed, never the reader's "2.0"


def _traffic(offered: list[str], aht: list[str]) -> bytes:
    """`Fecha;Hora;Ofrecidas;TMO (seg)`, half-hour intervals from Monday 4 March 2024 08:00."""
    lines = ["Fecha;Hora;Ofrecidas;TMO (seg)"]
    for i, (o, a) in enumerate(zip(offered, aht)):
        stamp = pd.Timestamp("2024-03-04 08:00") + pd.Timedelta(minutes=30 * i)
        lines.append(f"{stamp:%d/%m/%Y};{stamp:%H:%M};{o};{a}")
    return _csv(lines)


def test_count_of_sixteen_digits_is_refused_not_rounded():
    # 9007199254740993 = 2**53 + 1 is not a double: as a float it is 2**53 = 9007199254740992, a count that
    # cannot be read exactly; the cell is refused, never kept as another number
    offered = ["120", "9007199254740993", "98", "131"]
    result = load(_traffic(offered, ["242,5", "250", "238,5", "244"]), "trafico.csv", TRAFFIC)
    assert result.data["offered"].tolist() == [120, 98, 131]
    (big,) = [p for p in result.problems if p.code == "number_too_large"]
    assert (big.row, big.column, big.found) == (3, "Ofrecidas (C)", "9007199254740993")


def test_fractional_count_is_named_with_its_column():
    result = load(_traffic(["120", "12,5", "98", "131"], ["242,5", "250", "238,5", "244"]), "trafico.csv", TRAFFIC)
    assert result.data["offered"].tolist() == [120, 98, 131]
    (frac,) = [p for p in result.problems if p.code == "not_integer"]
    assert (frac.row, frac.column, frac.found) == (3, "Ofrecidas (C)", "12,5")


def test_exactly_max_listed_bad_cells_have_no_more_rows():
    # 24 half hours; Excel's "#N/D" (#N/A) in the TMO of the first 10 (MAX_LISTED = 10), then of 11
    for n_bad in (10, 11):
        aht = ["#N/D"] * n_bad + ["242,5"] * (24 - n_bad)
        result = load(_traffic(["120"] * 24, aht), "trafico.csv", TRAFFIC)
        listed = [p.row for p in result.problems if p.code == "not_a_duration"]
        assert listed == list(range(2, 12))                     # rows 2..11: the first ten, one by one
        more = [p.count for p in result.problems if p.code == "more_rows"]
        assert more == ([] if n_bad == 10 else [1])             # 11 - 10 = 1 more, none when exactly 10
        assert result.data["aht_s"].isna().sum() == n_bad     # TMO is optional: rows kept, TMO blank


def test_range_text_of_each_bound():
    assert range_text(Column("aht_s", "duration", min=0, max=36_000)) == "0–36000"
    assert range_text(Column("offered", "int", min=0)) == ">= 0"
    assert range_text(Column("share", "float", max=100)) == "<= 100"
    assert range_text(Column("note", "float")) == ""
