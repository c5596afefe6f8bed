"""Triage of today's full mutation runs of three small intake files (issue 20, docs/MUTATION.md):
intake.numbers (393 mutants, 14 survivors), intake.columns (453, 16) and intake.problems (136, 8).

Each survivor is matched, by its diff and function (mutant numbers shift between runs), to the reason an
earlier triage file gave, and that reason is checked again on today's code; two reasons no longer hold
(a workspace ZIP's dataset CSV now reaches intake as pandas "str" cells, and a NUL character can reach a
text cell), so those three mutants are killed by the tests below.
"""
# full run (core/intake/{numbers,columns,problems}.py; names core.intake.<file>.x_<function>__mutmut_<n>)
# Each of the 38 was also run on a scratch copy against its file's triage tests, test_intake.py,
# test_kill_intake.py and test_intake_userfiles.py (+ test_hostile_intake.py for _rows_of and convert,
# + test_i18n.py for problems; test_one_size_limit_shared_by_the_server_and_intake left out, it reads server
# files the scratch copy lacks): all pass, so no existing test kills any of them; the 3 kills below fail on
# their mutants (checked on a scratch copy) and pass on the code.
#
# intake.numbers (14):
# - numbers._fast_path 35 (str.replace(",", ".") without regex=False) and 38 (regex=True): equivalent, as
#   test_intake_numbers_full_run_a.py _fast_path 34, 37 (still true: "," as a pattern and "." as a
#   replacement are literal either way; checked on 7.8 million texts, every code point around digits).
# - numbers._fast_path 4 (pd.Series(uniques, dtype=None)) and 6 (dtype dropped): equivalent, as
#   test_intake_numbers_full_run_a.py _fast_path 4, 6 (still true: all-str uniques become pandas 3.1.1's
#   pyarrow "str" Series, whose strip and the four full-match patterns agree with object's on every code
#   point; 20,000 fuzzed columns of 1-400 digits, signs, both marks, three scales give the same floats).
# - numbers._spread 3 (dtype=None) and 5 (dtype dropped): equivalent, as test_intake_numbers_full_run_a.py
#   _spread 3, 5 (still true: number_of, seconds_of and the fast path return Python floats or nan, and the
#   appended nan makes numpy infer float64).
# - numbers.parse_durations 34 ('"XX:XX" not in u': "m:ss" texts reach decide_mark): equivalent, as
#   test_intake_numbers_full_run_b.py parse_durations 34 (still true: clean_text keeps ":" and no SHAPES
#   pattern allows it, so such texts show no mark and no ambiguous cell).
# - numbers.parse_durations 38 (decide_mark(texts, None, hint)): equivalent, as
#   test_intake_numbers_full_run_b.py parse_durations 38 (still true: decide_mark reads `whole` only as
#   `if whole:`).
# - numbers.parse_durations 52, 54 and parse_numbers 44, 46 (a refused column's values as
#   pd.Series(None, index=...) / pd.Series(index=...)): equivalent, as test_intake_numbers_full_run_b.py
#   parse_numbers 44, 46 and parse_durations 52, 54 (still true: pandas 3.1.1 gives float64 NaN on that
#   index for all three forms, checked).
# - numbers.parse_durations 6 and parse_numbers 5 (`or True`: the vectorised pass tried with blank cells):
#   equivalent, as test_intake_numbers_full_run_b.py parse_numbers 5, parse_durations 6 (still true: a blank
#   unique holds only whitespace, which no full-match pattern accepts, so _fast_path gives None).
#
# intake.columns (16):
# - columns._rows_of 6 (`v is cell and v == cell`): killed by
#   test_mixed_decimal_marks_typed_into_a_workspace_zip_name_both_rows. The earlier reason
#   (test_intake_columns_full_run_a.py _rows_of 6: every reader gives object columns, so the first equal
#   cell is the very object) no longer holds: workspace_file._csv_frame reads a ZIP's dataset CSV with
#   dtype=str, pandas 3's pyarrow "str" cells, and raw.map hands out a new Python str per cell, so `is`
#   never holds and the refused column named no rows.
# - columns.as_text 1 (`v is None and ...`) and 5 (blank as "XXXX"): equivalent, as
#   test_intake_columns_full_run_a.py as_text 1, 5 (still true: factorize's default sentinel gives None/NaN
#   code -1, mapped to the appended "", so `one` never sees them).
# - columns.as_text 15 (np.array(..., dtype=None)) and 17 (dtype dropped): killed by
#   test_a_nul_character_pasted_into_a_workbook_text_cell_is_kept. The earlier reason
#   (test_intake_columns_full_run_a.py as_text 19, 21: a NUL never reaches a grid) no longer holds: calamine
#   reads Excel's "_x0000_" escape as a NUL, and the CSV check only looks at the first 4,096 bytes; numpy's
#   "<U" array drops a trailing NUL ("Norte\x00" -> "Norte").
# - columns.as_text 23 (pd.Series(..., dtype=None)) and 26 (dtype dropped): equivalent, as
#   test_intake_columns_full_run_a.py as_text 27, 30 (still true: pandas 3.1.1 infers "str"; .str[:1].isin,
#   != "", fullmatch of the number pattern and strip agree with object's on every code point, checked;
#   convert and _keep_extra end in .astype("str"), display_table takes object and string columns alike).
# - columns.convert 134 (reindex(None)) and 136 (reindex without the index): equivalent, as
#   test_intake_columns_full_run_a.py convert 136, 138 (still true: formula then covers only the unreadable
#   rows, the same hits in listing.cells, and `bad & ~formula` aligns to False where bad is False; both
#   Table builders keep the body's increasing index).
# - columns.convert 3 (`blank` always recomputed): equivalent, as test_intake_columns_full_run_a.py
#   convert 3 (still true: the one caller, validate.convert_all, passes table.blank = is_blank of the same
#   body column (pipeline._table) or is_blank(raw) itself when the table has none (workspace_file)).
# - columns.is_blank 6 (dtype=None) and 8 (dtype dropped): equivalent, as
#   test_intake_columns_full_run_b.py is_blank 10, 12 (still true: a list of Python bools plus True is
#   inferred as bool).
# - columns.numeric_checks 8 (`invalid = values < min` for `|=` on the all-False mask): equivalent, as
#   test_intake_columns_full_run_b.py numeric_checks 8 (still true: same index, same bool values).
# - columns.parse_bools 6 (dtype=None) and 8 (dtype dropped): equivalent, as
#   test_intake_columns_full_run_b.py parse_bools 10, 12 (still true: the appended None makes numpy infer
#   object for True/False/None).
# - columns.unreadable 5 (`filled >= 0`): equivalent, as test_intake_columns_full_run_b.py unreadable 5
#   (still true: every parser's bad mask excludes blanks by is_blank's rule, so with no filled cell
#   bad.sum() is 0 and 0 > 0 is False).
#
# intake.problems (8):
# - problems.Problem.message 40 (label = None) and 41 (label = "XXXX"): equivalent, as
#   test_intake_problems_full_run.py message 40, 41 (still true: {target} is only in missing_column and
#   missing_column_guess, and validate.missing_columns, their one builder, always sets target=col.name).
# - problems.Problem.message 42 (label = None when target is set): equivalent, as
#   test_intake_problems_full_run.py message 42 (still true: that builder always sets dataset=schema.name,
#   so the label is rebuilt on the next line).
# - problems.Problem.message 47 (rstrip("XX.XX")): equivalent, as test_intake_problems_full_run.py
#   message 47 (still true: the 30 descriptions of required columns, es and en, strip the same, checked).
# - problems.Problem.message 50 (found or "XXXX"): equivalent, as test_intake_problems_full_run.py
#   message 50 (still true: every builder whose template shows {found} sets it non-empty; the builders
#   added since (too_many_parts, too_many_columns, too_many_uneven_rows, csv_row_fields, cdr_stream's cell
#   listing) set counts or shown non-blank cells; csv_open_quote, csv_unreadable and corrupt_xlsx show none).
# - problems.Problem.message 93 (count passed when None) and 95 (default "XXXX"): equivalent, as
#   test_intake_problems_full_run.py message 93, 95 (still true: every builder of no_valid_rows,
#   rows_left_out, more_rows, formula_no_value, cdr_streamed and cdr_queues_summed sets an int count;
#   i18n's bound check only looks at str values; format ignores unused values).
# - problems.Reject.__init__ 1 (exception args None): equivalent, as test_intake_problems_full_run.py
#   Reject.__init__ 1 (still true: pipeline.load, workspace_file.import_workspace and _add_dataset read
#   `.problem` only; cdr_stream refuses with its own _Refused).
import io
import json
import zipfile

import openpyxl

from core.i18n import Translator
from core.intake import load
from core.schemas import INDICATORS
from core.workspace_file import import_workspace


def _workspace_zip(dataset_csv: str) -> bytes:
    """A workspace saved as ZIP (the app's layout: workspace.json and datasets/<name>.csv)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("workspace.json", json.dumps({"format": "serviceops-workspace", "version": 1,
                                                       "name": "Sede Norte"}))
        archive.writestr("datasets/indicators.csv", dataset_csv.encode("utf-8"))
    return out.getvalue()


def test_mixed_decimal_marks_typed_into_a_workspace_zip_name_both_rows():
    # A team's workspace ZIP: someone opened datasets/indicators.csv and typed one value the Spanish way,
    # "78,5" (quoted, the file's separator is ","), beside the app's "87.5". The dataset is refused and the
    # message names the two rows that show the two marks: row 2 (87.5) and row 3 (78,5).
    csv = ('indicator,value,target\nSatisfacción (%),87.5,90\nOcupación (%),"78,5",85\n'
           "Espera media (min),4.5,5\n")
    back = import_workspace(_workspace_zip(csv), "sede_norte.zip")
    problems = back.datasets["indicators"].problems
    assert [(p.code, p.column, p.found, p.rows) for p in problems] == [
        ("mixed_decimal_marks", "value (B)", "87.5 / 78,5", (2, 3))]
    assert "filas 2, 3" in problems[0].message(Translator("es"))


def test_a_nul_character_pasted_into_a_workbook_text_cell_is_kept():
    # An indicator name pasted into Excel from a legacy system ends in a NUL character; Excel stores it as
    # "_x0000_" and the workbook reader gives "Norte\x00". Intake keeps a text cell as read, character for
    # character: the NUL is not silently dropped (nor anything else changed).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Indicador", "Valor", "Meta"])
    ws.append(["Norte_x0000_", 87.5, 90])
    ws.append(["Sur", 80, 85])
    out = io.BytesIO()
    wb.save(out)
    r = load(out.getvalue(), "indicadores.xlsx", INDICATORS)
    assert r.ok and r.problems == []
    assert r.data["indicator"].tolist() == ["Norte\x00", "Sur"]
    assert r.data["value"].tolist() == [87.5, 80.0]
