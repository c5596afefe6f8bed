"""Kill tests for the survivors of intake.validate's full mutation run (issue 20, docs/MUTATION.md), part b:
missing_columns, personal_positions, apply_rules and accepted_names (core/intake/validate.py).

Files are built as users make them: Spanish-locale CSV (";" separator, cp1252, decimal comma, day-first dates)
and XLSX workbooks with a title block above the header and their own sheet names. Every expected value is
written out by hand in the test.
"""
# full run
# intake.validate (475 mutants, 47 survivors), share b (23 survivors: missing_columns, personal_positions,
# apply_rules, accepted_names): 16 killed, 7 equivalent.
# (Every kill checked on a copy with the mutant applied: its test fails there and passes here. Every equivalent
# mutant checked too: this file, test_intake, test_kill_intake and test_intake_pipeline_full_run all pass on it.)
# - accepted_names 9 (`a.replace("XX_XX", " ")[:1]`) and 10 (`a.replace("_", "XX XX")[:1]`): equivalent.
#   str.replace("_", " ") keeps the length, so its first character differs from the alias's own first
#   character only when the alias starts with "_", and none does (checked over every alias of every schema in
#   core/schemas.py: they start with a letter or "%"). Code says nothing: the first `.replace` was
#   removed (`a[:1].upper() + a[1:].replace("_", " ")` gives the same names).
# - apply_rules 4 (`break` instead of `continue` after a rule whose columns are not all in the file): killed by
#   test_calls_file_without_answered_column_still_leaves_out_more_abandoned_than_offered.
# - apply_rules 15 (`... or True`: a three-column rule's expected as "abandoned <= answered") and 23 (its
#   expected "XXXX"): killed by test_seven_answered_plus_five_abandoned_of_ten_offered_is_flagged_on_its_row
#   (Problem.expected, a value the caller gets, is "" for that rule). No rule_* template of intake.toml shows
#   {expected}, so for the user the value says nothing; see apply_rules 18. (Since removed: a rule's problem
#   has no `expected`; the message says the rule.)
# - apply_rules 18 (`rule.columns[:3]` in the two-column branch): equivalent. The branch is taken only when
#   `len(rule.columns) == 2`, where [:2] and [:3] are both the whole tuple. The whole `expected` of a
#   rule was removed: it read "offered <= answered" for the rule "answered <= offered" (backwards), and no
#   rule_* template shows it.
# - apply_rules 47 (`bad_row = mask`: rows already left out are kept again when a rule flags another row):
#   killed by test_row_with_blank_calls_and_row_with_more_answered_than_offered_are_both_left_out.
# - missing_columns 16 (`n=1` left out: up to 3 close matches) and 20 (`n=2`): equivalent. Only `guess[0]`
#   and the truth of `guess` are read, and get_close_matches takes heapq.nlargest(n, (score, header)): the
#   largest is the same first item for n = 1, 2 or 3, and the list is empty for all n alike. Code says
#   nothing: `n=1` was removed (it only shortens a list of which the first item is read).
# - missing_columns 17 (`cutoff=0.6` left out): equivalent, 0.6 is difflib.get_close_matches' default.
#   Code says nothing: was removed.
# - missing_columns 36 (`sheet=None`) and 44 (sheet left out) of a missing required column: killed by
#   test_workbook_without_the_value_column_names_its_sheet_and_guesses_valores.
# - missing_columns 84 (`found=None`), 90 (found left out) and 96 (headers joined by "XX, XX") of a missing
#   one_of group: killed by test_survey_without_any_score_column_says_which_columns_it_has (and by
#   test_survey_headers_listed_for_a_missing_score_stop_at_200_characters).
# - missing_columns 97 (`[:201]`): killed by test_survey_headers_listed_for_a_missing_score_stop_at_200_characters
#   (the headers joined are 201 characters: the final "?" is cut).
# - missing_columns 107 (`sheet=None`) and 112 (sheet left out) of missing item columns: killed by
#   test_servqual_workbook_without_item_columns_names_its_sheet.
# - personal_positions 2 (`str(None)`: the user's mapped headers no longer exempt): killed by
#   test_documento_column_the_user_maps_as_respondent_is_kept_and_correo_dropped.
# - personal_positions 7 (`break` at the first mapped header: later columns never checked): killed by
#   test_documento_column_the_user_maps_as_respondent_is_kept_and_correo_dropped (Correo, after it, was kept).
# - personal_positions 9 (`iloc[:201]`): killed by test_only_the_first_200_answers_decide_an_e_mail_column
#   (100 of the first 200 contacts are e-mails, the 201st too: 101/201 > 0.5 would drop the column).
# - personal_positions 11 (`.astype(None)`: the e-mail marks as float 0.0/1.0): equivalent. The lambda returns
#   a bool for every cell, so map gives a bool Series (an object one only when empty, and `len(emails)` stops
#   that one first); float 0.0/1.0 have the same mean (checked on pandas 3.1.1: bool dtype, same mean 0.25).
#   Code says nothing: the `.astype(bool)` was removed.
# - personal_positions 21 (`>= 0.5`): killed by test_a_contact_column_with_exactly_half_e_mails_is_not_dropped
#   (and by test_only_the_first_200_answers_decide_an_e_mail_column: 100 of 200).
import io

import openpyxl

from core.i18n import Translator
from core.intake import load
from core.schemas import INDICATORS, JOURNEY_RESPONSES, SERVQUAL, TRAFFIC

ES = Translator("es")


def _csv(text: str) -> bytes:
    return text.encode("cp1252")


def _xlsx(title: str, sheet: str, rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.append([])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _codes(result, code):
    return [p for p in result.problems if p.code == code]


# apply_rules


def test_calls_file_without_answered_column_still_leaves_out_more_abandoned_than_offered():
    # The ACD export has no "Atendidas" column, so the rule answered <= offered cannot be checked; the next
    # rule, abandoned <= offered, still is: 12 abandoned of 10 offered (line 2) is listed and left out.
    text = ("Fecha y hora;Llamadas ofrecidas;Abandonadas\n"
            "04/03/2024 08:00;10;12\n"
            "04/03/2024 08:30;10;2\n")
    r = load(_csv(text), "acd_marzo.csv", TRAFFIC)
    flagged = [(p.severity, p.row, p.column, p.found) for p in _codes(r, "rule_abandoned_gt_offered")]
    assert flagged == [("warning", 2, "Abandonadas (C)", "12 / 10")]
    assert list(r.data["abandoned"]) == [2]
    assert [str(t) for t in r.data["interval_start"]] == ["2024-03-04 08:30:00"]
    assert [(p.count, p.found) for p in _codes(r, "rows_left_out")] == [(1, "2")]


def test_seven_answered_plus_five_abandoned_of_ten_offered_is_flagged_on_its_row():
    # 7 answered and 5 abandoned of 10 offered: each alone fits, together they are 12 > 10. The problem names
    # the row, the "Atendidas" column and the three values; it has no "expected" text (that is for the
    # two-column rules).
    text = ("Fecha y hora;Llamadas;Atendidas;Abandonadas\n"
            "04/03/2024 08:00;10;7;5\n"
            "04/03/2024 08:30;10;8;2\n")
    r = load(_csv(text), "acd_marzo.csv", TRAFFIC)
    flagged = [(p.severity, p.row, p.column, p.found, p.expected)
               for p in _codes(r, "rule_answered_plus_abandoned_gt_offered")]
    assert flagged == [("warning", 2, "Atendidas (C)", "7 / 5 / 10", "")]
    assert _codes(r, "rule_answered_gt_offered") == [] and _codes(r, "rule_abandoned_gt_offered") == []
    assert list(r.data["answered"]) == [8] and list(r.data["abandoned"]) == [2]


def test_row_with_blank_calls_and_row_with_more_answered_than_offered_are_both_left_out():
    # Line 2 has no offered calls (a required column), line 3 has 12 answered of 10 offered: both are left
    # out, only line 4 (10 offered, 8 answered) is loaded.
    text = ("Fecha y hora;Llamadas;Atendidas\n"
            "04/03/2024 08:00;;3\n"
            "04/03/2024 08:30;10;12\n"
            "04/03/2024 09:00;10;8\n")
    r = load(_csv(text), "acd_marzo.csv", TRAFFIC)
    assert [(p.code, p.row) for p in r.warnings] == [("blank_required", 2), ("rule_answered_gt_offered", 3),
                                                     ("rows_left_out", None)]
    assert list(r.data["offered"]) == [10] and list(r.data["answered"]) == [8]
    assert [str(t) for t in r.data["interval_start"]] == ["2024-03-04 09:00:00"]
    assert [(p.count, p.found) for p in _codes(r, "rows_left_out")] == [(2, "3")]


# missing_columns


def test_workbook_without_the_value_column_names_its_sheet_and_guesses_valores():
    # The dashboard's sheet "Tablero" has "Valores" where "Valor" is expected: the error names the sheet and
    # asks whether "Valores" is the value column.
    content = _xlsx("Indicadores de calidad - 2024", "Tablero",
                    [["Indicador", "Valores", "Meta"],
                     ["Oportunidad de cita (días)", 3.5, 3]])
    r = load(content, "tablero.xlsx", INDICATORS)
    assert not r.ok
    assert [(p.code, p.sheet, p.found, p.expected, p.target) for p in r.errors] == [
        ("missing_column_guess", "Tablero", "Valores", "value, Valor, Resultado", "value")]
    assert r.errors[0].message(ES).startswith("Archivo 'tablero.xlsx', hoja 'Tablero': falta la columna obligatoria value")


def test_survey_without_any_score_column_says_which_columns_it_has():
    # A journey survey with no recommendation, satisfaction or effort column: the error lists the file's
    # headers, separated by ", ".
    text = ("Fase;Comentario;Canal\n"
            "Admisión;Muy amables;Presencial\n")
    r = load(_csv(text), "recorrido.csv", JOURNEY_RESPONSES)
    assert [(p.code, p.found) for p in r.errors] == [("missing_one_of", "Fase, Comentario, Canal")]
    assert r.errors[0].message(ES).endswith(". Tiene: Fase, Comentario, Canal.")


def test_survey_headers_listed_for_a_missing_score_stop_at_200_characters():
    # Long question headers: joined they are 201 characters, the listing keeps the first 200 (the last "?" is
    # cut).
    text = ("Fase;¿Cómo fue la atención en la admisión?;¿Cuánto tiempo esperó para ser atendido?;"
            "¿Qué fue lo que más le gustó de la visita?;¿Qué deberíamos mejorar en la próxima visita?;"
            "¿Volvería a la clínica?\n"
            "Admisión;Buena;10 minutos;La amabilidad;Los tiempos;Sí\n")
    r = load(_csv(text), "encuesta.csv", JOURNEY_RESPONSES)
    [p] = r.errors
    assert p.code == "missing_one_of"
    assert p.found == ("Fase, ¿Cómo fue la atención en la admisión?, ¿Cuánto tiempo esperó para ser atendido?, "
                       "¿Qué fue lo que más le gustó de la visita?, ¿Qué deberíamos mejorar en la próxima visita?, "
                       "¿Volvería a la clínica")
    assert len(p.found) == 200


def test_servqual_workbook_without_item_columns_names_its_sheet():
    # The survey's sheet "Encuesta 2024" numbers its questions "Pregunta 1", "Pregunta 2" instead of E1/P1:
    # no item column is found, and the error names the sheet.
    content = _xlsx("Encuesta SERVQUAL - Clínica San Rafael", "Encuesta 2024",
                    [["Encuestado", "Sede", "Pregunta 1", "Pregunta 2"],
                     ["R001", "Norte", 6, 5]])
    r = load(content, "servqual.xlsx", SERVQUAL)
    assert [(p.code, p.sheet, p.expected) for p in r.errors] == [
        ("missing_pattern_columns", "Encuesta 2024", "E1, P1, W_tangibles")]
    assert r.errors[0].message(ES).startswith(
        "Archivo 'servqual.xlsx', hoja 'Encuesta 2024': no se encontraron columnas de ítems.")


# personal_positions


def test_documento_column_the_user_maps_as_respondent_is_kept_and_correo_dropped():
    # The survey identifies respondents by a code under "Documento" (a personal header); the user chose it as
    # the respondent column under "Columns", so it is read. "Correo", after it, is still dropped.
    text = ("Documento;Correo;Sede;E1;P1\n"
            "R-001;ana.perez@clinica.co;Norte;6;5\n"
            "R-002;luis.gomez@clinica.co;Sur;7;6\n")
    r = load(_csv(text), "servqual.csv", SERVQUAL, mapping={"respondent": "Documento"})
    assert r.dropped_personal == ["Correo"]
    assert [(p.code, p.found) for p in r.infos] == [("personal_dropped", "Correo")]
    assert list(r.data["respondent"]) == ["R-001", "R-002"]
    assert list(r.data["E1"]) == [6.0, 7.0]


def test_a_contact_column_with_exactly_half_e_mails_is_not_dropped():
    # "Contacto": 2 of the 4 answers are e-mails, the others a phone number and a refusal. Only a column
    # mostly (more than half) of e-mails is dropped as personal data; this one is listed as not used.
    text = ("Fase;Recomendación;Contacto\n"
            "Admisión;9;ana@correo.com\n"
            "Consulta;7;3001234567\n"
            "Consulta;8;luis@clinica.co\n"
            "Salida;10;no desea\n")
    r = load(_csv(text), "recorrido.csv", JOURNEY_RESPONSES)
    assert r.dropped_personal == []
    assert [(p.code, p.found) for p in r.infos] == [("columns_not_used", "Contacto")]
    assert list(r.data["recommend"]) == [9, 7, 8, 10]


def test_only_the_first_200_answers_decide_an_e_mail_column():
    # 201 answers; "Contacto" holds an e-mail in the first 100, "no desea" in the next 100 and an e-mail again
    # in the 201st. The first 200 decide: half are e-mails, not more, so the column is not dropped.
    lines = ["Fase;Recomendación;Contacto"]
    lines += [f"Consulta;9;paciente{i}@correo.com" for i in range(100)]
    lines += ["Consulta;8;no desea"] * 100
    lines += ["Salida;10;ultimo@correo.com"]
    r = load(_csv("\n".join(lines) + "\n"), "recorrido.csv", JOURNEY_RESPONSES)
    assert r.dropped_personal == []
    assert r.unused == ["Contacto"]
    assert len(r.data) == 201
