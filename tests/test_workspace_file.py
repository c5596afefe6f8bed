"""A workspace as one XLSX: exact round trip, formula injection neutralised, imports validated."""
import io

import openpyxl
import pandas as pd
import pandas.testing as pdt

from core.export import xlsx_bytes
from core.sample import sample_settings, sample_workspace
from core.workspace import Workspace
from core.workspace_file import export_workspace, import_workspace


def test_sample_round_trip_is_exact():
    ws = sample_workspace()
    ws.name = "Clínica Norte"
    ws.settings.update({"abandonment.confidence": 95.0, "journey.nps_min": -5.0, "servqual.segment": None})
    back = import_workspace(export_workspace(ws), "norte.xlsx")
    assert back.ok and back.refused == [] and back.ignored_sheets == []
    assert back.workspace.name == "Clínica Norte"
    assert sorted(back.workspace.datasets) == sorted(ws.datasets)
    for name, frame in ws.datasets.items():
        pdt.assert_frame_equal(back.workspace.get(name), frame.reset_index(drop=True))
        assert back.workspace.source(name) == "sample"
    # the sample's own settings (thesis values, core.sample.sample_settings) travel with it
    assert back.workspace.settings == {**sample_settings(), "abandonment.confidence": 95.0,
                                       "journey.nps_min": -5.0, "servqual.segment": None}
    assert back.workspace.settings["abandonment.confidence"] == 95.0 != sample_settings()["abandonment.confidence"]


def _journey_with(comment: str) -> Workspace:
    ws = sample_workspace()
    frame = ws.get("journey_responses").copy()
    frame.loc[0, "comment"] = comment
    ws.put("journey_responses", frame, "=HYPERLINK(\"http://x\")")
    return ws


def test_formula_cells_are_inert_in_the_file_and_restored_on_import():
    payload = '=HYPERLINK("http://evil.example","click")'
    ws = _journey_with(payload)
    content = export_workspace(ws)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["journey_responses"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("comment") + 1)
    assert cell.data_type == "s" and cell.value == "'" + payload    # text, not a formula
    source_cells = [c.value for c in book["sources"]["B"]]
    assert "'=HYPERLINK(\"http://x\")" in source_cells
    back = import_workspace(content, "w.xlsx")
    assert back.workspace.get("journey_responses").loc[0, "comment"] == payload
    # intake tells the user that a text cell looks like a formula, as for any upload
    assert any(p.code == "formula_text" for p in back.datasets["journey_responses"].problems)


def test_a_bad_dataset_sheet_is_refused_like_an_upload_and_the_rest_kept():
    ws = sample_workspace()
    content = export_workspace(ws)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["abandonment"]
    header = [c.value for c in sheet[1]]
    col = header.index("abandon_pct") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=col).value = "lots"
    extra = book.create_sheet("unknown_sheet")
    extra["A1"] = "x"
    out = io.BytesIO()
    book.save(out)
    back = import_workspace(out.getvalue(), "w.xlsx")
    assert back.ok
    assert "abandonment" in back.refused and "abandonment" not in back.workspace.datasets
    codes = {p.code for p in back.datasets["abandonment"].problems}
    assert "column_unreadable" in codes, codes   # a column none of whose cells is a number
    assert back.datasets["abandonment"].errors[0].file == "w.xlsx › abandonment"
    assert "unknown_sheet" in back.ignored_sheets
    pdt.assert_frame_equal(back.workspace.get("servqual"), ws.get("servqual").reset_index(drop=True))


def test_personal_columns_in_an_imported_sheet_are_dropped():
    ws = Workspace(name="p")
    ws.put("indicators", sample_workspace().get("indicators"), "x.csv")
    content = export_workspace(ws)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["indicators"]
    col = sheet.max_column + 1
    sheet.cell(row=1, column=col).value = "email"
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=col).value = f"person{row}@example.com"
    out = io.BytesIO()
    book.save(out)
    back = import_workspace(out.getvalue(), "w.xlsx")
    assert "email" not in back.workspace.get("indicators").columns
    assert back.datasets["indicators"].dropped_personal


def test_files_that_are_not_workspaces_get_a_code():
    assert import_workspace(b"", "a.xlsx").error == "empty"
    assert import_workspace(b"col\n1\n", "a.csv").error == "not_xlsx"
    plain = xlsx_bytes({"Sheet1": pd.DataFrame({"a": [1]})})
    assert import_workspace(plain, "a.xlsx").error == "not_workspace"
    wrong = xlsx_bytes({"workspace": pd.DataFrame({"key": ["format", "version"], "value": ["serviceops-workspace", "9"]})})
    assert import_workspace(wrong, "a.xlsx").error == "version"


def test_settings_with_foreign_keys_are_ignored():
    ws = Workspace(name="s")
    ws.settings = {"staffing.sl_target": 0.9, "abandonment.change_date": pd.Timestamp("2021-01-02").date()}
    content = export_workspace(ws)
    book = openpyxl.load_workbook(io.BytesIO(content))
    book["settings"].append(["__class__", '"x"'])
    book["settings"].append(["staffing.bad_json", "{not json"])
    out = io.BytesIO()
    book.save(out)
    back = import_workspace(out.getvalue(), "w.xlsx")
    assert back.workspace.settings == ws.settings
    assert sorted(back.ignored_settings) == ["__class__", "staffing.bad_json"]


# ---------------------------------------------------------------- issue 15: exports that never lose data

import json
import time
import zipfile

import numpy as np
import pytest

from core.workspace_file import MAX_DEPTH, export_format


def test_a_40000_character_cell_and_a_long_editor_session_round_trip_whole():
    ws = sample_workspace()
    long_comment = "\n".join(f"{i:04d} Atención en sede; espera=".ljust(39, "x") for i in range(1000)) + "."
    assert len(long_comment) == 40_000
    frame = ws.get("journey_responses").copy()
    frame.loc[0, "comment"] = long_comment
    frame.loc[1, "comment"] = "=HYPERLINK(\"http://evil\")"
    ws.put("journey_responses", frame, "encuesta.csv")
    ws.settings["blueprint.notes"] = "x" * 50_000               # a setting longer than an XLSX cell
    assert export_format(ws) == "zip"
    content = export_workspace(ws)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "workspace.json" in archive.namelist() and "datasets/journey_responses.csv" in archive.namelist()
        text = archive.read("datasets/journey_responses.csv").decode("utf-8-sig")
        assert "'=HYPERLINK" in text                          # inert inside the file too
    back = import_workspace(content, "equipo.zip")
    assert back.ok and back.refused == [], [(n, [p.code for p in r.errors]) for n, r in back.datasets.items()]
    comments = back.workspace.get("journey_responses")["comment"]
    assert comments[0] == long_comment and len(comments[0]) == 40_000
    assert comments[1] == "=HYPERLINK(\"http://evil\")"
    assert back.workspace.settings["blueprint.notes"] == "x" * 50_000
    for name, original in ws.datasets.items():
        if name != "journey_responses":
            pdt.assert_frame_equal(back.workspace.get(name), original.reset_index(drop=True), check_dtype=False)
    assert back.workspace.source("journey_responses") == "encuesta.csv"


def test_a_workspace_that_fits_stays_one_xlsx():
    assert export_format(sample_workspace()) == "xlsx"
    assert export_workspace(sample_workspace())[:4] == b"PK\x03\x04"
    with zipfile.ZipFile(io.BytesIO(export_workspace(sample_workspace()))) as archive:
        assert "xl/workbook.xml" in archive.namelist()


def test_a_dataset_over_excels_row_limit_round_trips_whole():
    n = 1_100_000                                               # Excel holds 1,048,575 rows under a header
    values = np.arange(n) % 1000 / 8                             # exact in binary: 0.125 steps
    ws = Workspace(name="Grande")
    ws.put("indicators", pd.DataFrame({"indicator": np.where(np.arange(n) % 2, "NPS", "CES"), "value": values}),
           "grande.csv")
    started = time.perf_counter()
    content = export_workspace(ws)
    back = import_workspace(content, "grande.zip")
    assert back.ok and back.refused == [], [p.code for r in back.datasets.values() for p in r.problems]
    data = back.workspace.get("indicators")
    assert len(data) == n
    assert data["value"].iloc[999] == 999 / 8 and data["value"].iloc[n - 1] == (n - 1) % 1000 / 8
    assert data["value"].sum() == pytest.approx(values.sum(), rel=1e-12)
    assert list(data["indicator"].iloc[:2]) == ["CES", "NPS"]
    print(f"1.1M rows: {len(content) / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s")


# ---------------------------------------------------------------- issue 15: hostile workspace files

def _edited(ws: Workspace, edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(export_workspace(ws)))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _small() -> Workspace:
    ws = Workspace(name="s")
    ws.put("indicators", sample_workspace().get("indicators"), "x.csv")
    ws.settings = {"staffing.sl_target": 0.9}
    return ws


@pytest.mark.parametrize("version", ["1e999", "inf", "NaN", "-1", "1.5", "99999999999999999999999", "", "uno"])
def test_a_version_that_is_not_a_small_whole_number_is_refused(version):
    def edit(book):
        sheet = book["workspace"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "version":
                row[1].value = version
    back = import_workspace(_edited(_small(), edit), "w.xlsx")
    assert not back.ok and back.error == "version"


def test_deeply_nested_settings_are_ignored_not_a_crash():
    deep = "[" * 100_000 + "]" * 100_000
    medium = json.dumps(json.loads("[" * (MAX_DEPTH + 5) + "1" + "]" * (MAX_DEPTH + 5)))
    def edit(book):
        book["settings"].append(["staffing.deep", deep])
        book["settings"].append(["staffing.medium", medium])
        book["settings"].append(["journey.ok_list", json.dumps([1, 2])])
    back = import_workspace(_edited(_small(), edit), "w.xlsx")
    assert back.ok
    assert {"staffing.deep", "staffing.medium"} <= set(back.ignored_settings)
    assert back.workspace.settings["journey.ok_list"] == [1, 2]
    assert back.workspace.settings["staffing.sl_target"] == 0.9


def test_a_zip_whose_header_json_nests_deeply_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("workspace.json", "[" * 200_000 + "]" * 200_000)
    back = import_workspace(buffer.getvalue(), "w.zip")
    assert not back.ok and back.error == "not_workspace"


@pytest.mark.parametrize("key, value", [
    ("staffing.sl_target", '"NaN"'), ("staffing.sl_target", '{"__dict__": {"a": 1}}'), ("staffing.sl_target", "150"),
    ("staffing.sl_target", "-5"), ("staffing.sl_target", "[0.9]"), ("staffing.sl_target", '"1e999"'),
])
def test_settings_of_the_wrong_type_or_out_of_range_are_ignored(key, value):
    from core.views import setting_definitions
    assert key in setting_definitions()
    def edit(book):
        for row in book["settings"].iter_rows(min_row=2):
            if row[0].value == key:
                row[1].value = value
    back = import_workspace(_edited(_small(), edit), "w.xlsx")
    assert back.ok and key in back.ignored_settings and key not in back.workspace.settings


def test_a_setting_written_as_text_is_read_as_its_number():
    def edit(book):
        for row in book["settings"].iter_rows(min_row=2):
            if row[0].value == "staffing.sl_target":
                row[1].value = '"0.85"'
    back = import_workspace(_edited(_small(), edit), "w.xlsx")
    assert back.workspace.settings["staffing.sl_target"] == 0.85


def test_a_settings_sheet_of_the_wrong_shape_is_ignored():
    def edit(book):
        sheet = book["settings"]
        sheet["A1"], sheet["B1"] = "clave", "valor"
    back = import_workspace(_edited(_small(), edit), "w.xlsx")
    assert back.ok and back.workspace.settings == {}


def test_a_file_over_the_size_limit_is_refused_before_reading():
    from core.intake.limits import MAX_BYTES
    back = import_workspace(b"PK\x03\x04" + b"\0" * MAX_BYTES, "big.xlsx")
    assert not back.ok and back.error == "too_large" and back.params["limit"] == "50"


def test_a_shared_string_bomb_is_refused_before_the_workbook_is_opened(monkeypatch):
    """One shared string of 300 MB (about 0.3 MB compressed): refused from the zip's directory."""
    content = export_workspace(_small())
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        with out.open("xl/sharedStrings2.xml", "w") as part:
            chunk = b"a" * (1 << 20)
            for _ in range(300):
                part.write(chunk)
    opened = []
    import python_calamine
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike",
                        classmethod(lambda cls, f: opened.append(1) or (_ for _ in ()).throw(AssertionError)))
    started = time.perf_counter()
    back = import_workspace(buffer.getvalue(), "bomb.xlsx")
    assert not back.ok and back.error == "unsafe" and back.problem.code == "zip_bomb"
    assert opened == [] and time.perf_counter() - started < 5


def test_a_sheet_over_the_cell_limit_is_refused_and_the_rest_kept(monkeypatch):
    import core.intake.limits as limits
    monkeypatch.setattr(limits, "MAX_CELLS", 50)        # instead of writing a 5-million-cell sheet
    ws = _small()
    ws.put("servqual_design", pd.DataFrame({"dimension": ["a", "b"], "design": [1.0, 2.0]}), "d.csv")
    back = import_workspace(export_workspace(ws), "w.xlsx")
    assert back.ok
    assert back.refused == ["indicators"] and back.datasets["indicators"].errors[0].code == "too_many_cells"
    assert list(back.workspace.get("servqual_design")["design"]) == [1.0, 2.0]


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", b"\x00" * 100, "texto;=1+1\r\n".encode("cp1252")])
def test_broken_files_get_a_code_never_an_exception(content):
    back = import_workspace(content, "x.xlsx")
    assert not back.ok and back.error in ("not_xlsx", "unsafe", "unreadable")


def test_a_zip_dataset_with_a_stray_latin1_byte_is_refused_alone_and_the_rest_kept():
    ws = sample_workspace()
    ws.settings["blueprint.notes"] = "x" * 40_000                # forces the ZIP layout
    content = export_workspace(ws)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "datasets/indicators.csv":
                data = data.replace(b"\n", b"\n\xe9", 1)          # 'é' in Latin-1 inside a UTF-8 file
            dst.writestr(item, data)
    back = import_workspace(out.getvalue(), "equipo.zip")
    assert back.ok
    assert back.refused == ["indicators"]
    assert [p.code for p in back.datasets["indicators"].problems] == ["mixed_encoding"]
    problem = back.datasets["indicators"].problems[0]
    assert (problem.file, problem.row) == ("equipo.zip › indicators", 2)   # the header is line 1
    kept = set(ws.datasets) - {"indicators"}
    assert kept and kept <= set(back.workspace.datasets)
    assert back.workspace.settings["blueprint.notes"] == "x" * 40_000
