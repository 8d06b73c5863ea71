"""Excel workbooks whose data is not on the sheet read: the errors list the sheets and the fix."""

from __future__ import annotations

import openpyxl
import pytest
import yaml
from launch_helpers import load

from hotleads_core.errors import DataError


def workbook(tmp_path, sheets):
    """Write a workbook with openpyxl: sheet name to a list of rows, the header first."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "leads.xlsx"
    book.save(path)
    return path


LEADS = [["email", "signup_date"], ["lead1@example.com", "2024-03-01"], ["lead2@example.com", "2024-03-02"]]


def suggested_sheet(fix: str) -> object:
    """Parse the 'sheet: ...' line that a fix suggests, as YAML."""
    line = fix[fix.index("sheet: "):].split(" under ")[0].split(", or ")[0].rstrip(".")
    return yaml.safe_load(line)["sheet"]


def test_notes_first_sheet_lists_sheets(tmp_path):
    path = workbook(tmp_path, {"Read me": [["note"], ["exported by the CRM"]], "Leads": LEADS})
    with pytest.raises(DataError, match=r"Headers found: 'note'\. Sheet 'Read me' was read, "
                                        r"and the workbook has the sheets 'Read me', 'Leads'\."):
        load(path)


def test_notes_first_sheet_suggests_sheet(tmp_path):
    path = workbook(tmp_path, {"Read me": [["note"], ["exported by the CRM"]], "Leads": LEADS})
    with pytest.raises(DataError) as caught:
        load(path)
    assert suggested_sheet(caught.value.fix) == "Leads"
    assert "under 'leads' in the launch YAML" in caught.value.fix


def test_numeric_sheet_name_quoted(tmp_path):
    path = workbook(tmp_path, {"Read me": [["note"]], "2024": LEADS})
    with pytest.raises(DataError) as caught:
        load(path)
    assert suggested_sheet(caught.value.fix) == "2024"


def test_suggested_sheet_loads(tmp_path):
    path = workbook(tmp_path, {"Read me": [["note"]], "2024": LEADS})
    data = load({"path": path, "sheet": "2024"})
    assert len(data.leads) == 2


@pytest.mark.parametrize("sheet", ["Leeds", 5], ids=["unknown-name", "index-out-of-range"])
def test_wrong_sheet_lists_sheets(tmp_path, sheet):
    path = workbook(tmp_path, {"Read me": [["note"]], "Leads": LEADS})
    with pytest.raises(DataError, match=rf"Workbook leads\.xlsx has no sheet {sheet!r}\. "
                                        r"Its sheets are 'Read me', 'Leads'\."):
        load({"path": path, "sheet": sheet})


def test_wrong_sheet_suggests_close_name(tmp_path):
    path = workbook(tmp_path, {"Read me": [["note"]], "Leads": LEADS})
    with pytest.raises(DataError) as caught:
        load({"path": path, "sheet": "Leeds"})
    assert suggested_sheet(caught.value.fix) == "Leads"


def test_empty_first_sheet_lists_sheets(tmp_path):
    path = workbook(tmp_path, {"Blank": [], "Leads": LEADS})
    with pytest.raises(DataError, match=r"Sheet 'Blank' of leads\.xlsx is empty.*'Blank', 'Leads'"):
        load(path)


def test_single_sheet_error_unchanged(tmp_path):
    path = workbook(tmp_path, {"Sheet1": [["note"], ["x"]]})
    with pytest.raises(DataError) as caught:
        load(path)
    message = caught.value.args[0]
    assert message.endswith("Headers found: 'note'.")
    assert "sheet" not in caught.value.fix


def test_text_file_named_xlsx(tmp_path):
    path = tmp_path / "leads.xlsx"
    path.write_text("email,signup_date\nlead1@example.com,2024-03-01\n")
    with pytest.raises(DataError, match=r"leads\.xlsx could not be read as Excel"):
        load(path)
