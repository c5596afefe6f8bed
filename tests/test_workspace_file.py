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
