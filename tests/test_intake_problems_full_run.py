"""Kill tests for the survivors of the full mutation run of core/intake/problems.py and core/intake/header.py
(issue 20, docs/MUTATION.md: targets `intake.problems` and `intake.header`).

Files are made the way users make them (Spanish-locale CSV: ";" separator, cp1252) and loaded through
core.intake.load; each expected message is the Spanish template of core/locales/intake.toml filled by hand.
"""
# full run
# intake.problems (10 survivors), intake.header (1 survivor):
# - problems.x_shown__mutmut_5 (`< 60`): killed by test_cell_texts_of_60_characters_are_shown_whole_and_61_cut
#   (the 60-character text would be cut to 57 + "...").
# - problems.x_shown__mutmut_6 (`<= 61`): killed by the same test (the 61-character text would be shown whole).
# - problems.Problem.message__mutmut_40 (label = None) and _41 (label = "XXXX"): equivalent. The label only
#   reaches the text through {target}, used by intake.missing_column and intake.missing_column_guess alone
#   (checked over every [intake.*] key of core/locales/*.toml); their one builder, validate.missing_columns,
#   always sets target=col.name, so the default "" is always overwritten. Other templates ignore `target`.
# - problems.Problem.message__mutmut_42 (label = None when target is set): equivalent. That builder also
#   always sets dataset=schema.name, and every schema of core/schemas.py has a name, so the label is always
#   rebuilt as "target (description)" on the next line.
# - problems.Problem.message__mutmut_47 (rstrip("XX.XX"), i.e. strips "X" too): equivalent. No description
#   schema.<dataset>.<column> of a required column (the only ones missing_column names), es or en, ends in
#   "X" before or after its final "." (all 15 checked: they end in "." or ")."), so both strip the same.
# - problems.Problem.message__mutmut_50 (found or "XXXX"): killed by
#   test_unnamed_email_column_is_dropped_and_the_message_lists_its_header_as_written. An e-mail column with
#   no header is dropped as personal data with found = "" (its header as written); the template shows
#   {found}. (The message then named no column: "datos personales: ." -- a message defect, fixed: an unnamed
#   column is named by its letter, "? (C)"; two more builders reached a {found} template with it empty, the
#   streamed call file's mixed_encoding, "cerca de ''", and sheet_read_hidden of a workbook whose one sheet is
#   hidden, "Otras hojas: ."; both fixed, with the two tests at the end. Since these fixes the mutant is
#   equivalent: every builder whose template shows {found} sets it non-empty; the test stays as the
#   message's regression test.)
# - problems.Problem.message__mutmut_93 (count passed even when None) and _95 (default "XXXX"): equivalent.
#   {count} is used by intake.no_valid_rows, rows_left_out, more_rows, formula_no_value (intake.toml) and
#   cdr_streamed, cdr_queues_summed (cdr_upload.toml); every builder of these codes (pipeline.build and
#   _load, columns.Listing.cells, validate.rows_without_values, cdr_stream.aggregate/_Listing.close,
#   cdr_upload) sets count to an int, so the default is never used; str.format ignores unused values and
#   i18n's bound check only looks at str values.
# - problems.Reject.__init____mutmut_1 (exception args None instead of the code): equivalent. Every
#   `except Reject` (pipeline.load, workspace_file.import_workspace and _add_dataset) and every test reads
#   `.problem` only; nothing reads str(exc) or exc.args (pipeline.load's `except Exception` that formats
#   str(exc) comes after `except Reject` in the same try; cdr_stream's refusals are its own _Refused).
# - header.x_find_header_row__mutmut_13 (filled counts 2 per filled cell): equivalent (lead's reading
#   confirmed). `filled` is only tested for 0 (2n == 0 iff n == 0) and compared with widest_count, which
#   only ever holds an earlier `filled` (or 0): 2a > 2b iff a > b. Neither is returned, so the same row wins.
import datetime as dt
import io
import zipfile

import openpyxl

from core.i18n import Translator
from core.intake import load
from core.schemas import JOURNEY_RESPONSES, TRAFFIC

ES = Translator("es")


def test_cell_texts_of_60_characters_are_shown_whole_and_61_cut():
    # A call-centre export where two interval counts were replaced by a note. Hand count of the notes:
    # "sin dato porque el sistema de la central telefónica se cayó." = 8 + 1 + 6 + 1 + 2 + 1 + 7 + 1 + 2 + 1
    # + 2 + 1 + 7 + 1 + 10 + 1 + 2 + 1 + 5 ("cayó.") = 60 characters: shown whole (at most 60).
    # The same with "datos": 61 characters, over 60: its first 57 characters and "...".
    note_60 = "sin dato porque el sistema de la central telefónica se cayó."
    note_61 = "sin datos porque el sistema de la central telefónica se cayó."
    assert (len(note_60), len(note_61)) == (60, 61)
    cut_61 = "sin datos porque el sistema de la central telefónica se c..."   # 57 characters + "..."
    assert len(cut_61) == 60 and note_61.startswith(cut_61[:-3])
    text = ("Fecha;Hora;Llamadas\n04/03/2024;08:00;12\n04/03/2024;08:30;15\n"
            f"04/03/2024;09:00;{note_60}\n04/03/2024;09:30;{note_61}\n04/03/2024;10:00;9\n")
    result = load(text.encode("cp1252"), "llamadas_marzo.csv", TRAFFIC)
    assert result.ok and len(result.data) == 3
    messages = [p.message(ES) for p in result.problems if p.code == "not_a_number"]
    tail = "', se esperaba un número >= 0. Escriba el número sin texto ni unidades."
    assert messages == [
        f"Archivo 'llamadas_marzo.csv', fila 4, columna Llamadas (C): se encontró '{note_60}{tail}",
        f"Archivo 'llamadas_marzo.csv', fila 5, columna Llamadas (C): se encontró '{cut_61}{tail}",
    ]


def test_unnamed_email_column_is_dropped_and_the_message_lists_its_header_as_written():
    # A patient survey exported with the respondents' e-mails in a third column the user left unnamed.
    # The column is personal data (3 of 3 cells are e-mail addresses): it is dropped, and the message
    # lists the dropped headers as written in the file, an unnamed one by its letter ("? (C)"; the message
    # once read "...datos personales: . Ninguna vista...", naming nothing: found by this triage, fixed).
    text = ("Fase;Recomendación (0-10);\nAdmisión;9;ana.perez@gmail.com\nConsulta;7;jrojas@hotmail.com\n"
            "Farmacia;10;lu.diaz@yahoo.es\n")
    result = load(text.encode("cp1252"), "encuesta_pacientes.csv", JOURNEY_RESPONSES)
    assert result.ok and result.dropped_personal == ["? (C)"]
    assert list(result.data.columns[:2]) == ["phase", "recommend"]
    assert result.data["recommend"].tolist() == [9, 7, 10]
    assert [p.message(ES) for p in result.problems] == [
        "Archivo 'encuesta_pacientes.csv': se eliminaron y no se guardaron columnas con datos personales: ? (C). "
        "Ninguna vista las necesita."]


def test_a_streamed_call_file_mixing_encodings_shows_the_text_before_the_bad_byte():
    # A call-detail CSV saved in UTF-8 ("Clínica" = C3 AD on row 2) with row 4 pasted from cp1252 ("Sí" = 53 ED):
    # refused as intake refuses it, naming row 4 and showing the 20 bytes before the first byte that is not
    # UTF-8 and that byte, read as cp1252 (the message once read "cerca de ''": found by this triage, fixed).
    from core.intake import cdr_stream
    content = ("Fecha;Hora;Espera (seg);Abandonada\n".encode() + "04/03/2024;08:00:05;12;No Clínica\n".encode()
               + "04/03/2024;08:01:10;40;No\n".encode() + "04/03/2024;08:02:00;7;Sí\n".encode("cp1252"))
    summary = cdr_stream.aggregate_file(content, "llamadas.csv")
    assert [(p.code, p.row, p.found) for p in summary.problems] == [
        ("mixed_encoding", 4, "03/2024;08:02:00;7;S\xed")]
    assert summary.problems[0].message(ES) == (
        "Archivo 'llamadas.csv', fila 4: el texto mezcla dos codificaciones (UTF-8 y Latin-1) cerca de "
        "'03/2024;08:02:00;7;Sí', así que sus tildes no se pueden leer con seguridad. Ábralo en Excel y "
        "guárdelo de nuevo como «CSV UTF-8», o como .xlsx.")


def test_a_workbook_whose_only_sheet_is_hidden_says_so_without_an_empty_list():
    # Neither Excel nor openpyxl saves a workbook whose one sheet is hidden, but a file written by another
    # tool (here: openpyxl's file with its sheet's state="visible" made "hidden" in xl/workbook.xml) can be one;
    # intake reads it and says why, without "Otras hojas: ." (the message once listed no sheet)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "datos"
    ws.append(["Fecha y hora", "Llamadas"])
    ws.append([dt.datetime(2024, 3, 4, 8), 7])
    saved, out = io.BytesIO(), io.BytesIO()
    wb.save(saved)
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                assert data.count(b'state="visible"') == 1
                data = data.replace(b'state="visible"', b'state="hidden"')
            dst.writestr(item, data)
    r = load(out.getvalue(), "trafico.xlsx", TRAFFIC)
    assert r.ok and r.data["offered"].tolist() == [7]
    assert [(p.code, p.message(ES)) for p in r.problems] == [
        ("sheet_read_hidden_only", "Archivo 'trafico.xlsx', hoja 'datos': esta hoja está oculta en el libro y se "
                                   "leyó porque es la única hoja del libro.")]


def test_a_quoted_cell_shows_whole_numbers_as_typed_and_long_texts_cut_at_60_characters():
    # The reader gives a workbook's number cell 2 as 2.0: a message quotes it as the user typed it.
    from core.intake.problems import shown
    assert [shown(2.0), shown(-3.0), shown(2.5), shown(0.0), shown("Sí ")] == ["2", "-3", "2.5", "0", "Sí "]
    assert shown(999_999_999_999_999.0) == "999999999999999"
    assert shown(1e15) == "1000000000000000.0" and shown(1e300) == "1e+300"   # past 15 digits: Python's own text
    assert shown(float("nan")) == "nan" and shown(float("inf")) == "inf"
    assert shown("x" * 60) == "x" * 60 and shown("x" * 61) == "x" * 57 + "..."
