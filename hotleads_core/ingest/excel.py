"""Read one sheet of an Excel workbook, naming the workbook's sheets when the choice is wrong.

A workbook often keeps notes or a pivot table on its first sheet, so the
errors here list every sheet and give the ``sheet:`` line to add to the
launch YAML.
"""

from __future__ import annotations

import dataclasses
import difflib
import zipfile
from pathlib import Path

import pandas as pd
import yaml

from hotleads_core.errors import DataError, Reason


@dataclasses.dataclass(frozen=True, eq=False)
class ExcelSheet:
    """The cells of one sheet and the names of every sheet of its workbook.

    Attributes
    ----------
    frame : DataFrame
        The cells as pandas reads them with ``dtype="str"``, empty cells as ``""``.
    sheet : str
        The name of the sheet read.
    sheet_names : tuple of str
        Every sheet of the workbook, in workbook order.
    """

    frame: pd.DataFrame
    sheet: str
    sheet_names: tuple[str, ...]


def read_sheet(path: Path, sheet: str | int | None) -> ExcelSheet:
    """Read the sheet named ``sheet`` (a name, a 0-based index, or None for the first sheet).

    Raises
    ------
    DataError
        When the file is not a workbook, or the workbook has no such sheet.
    """
    try:
        workbook = pd.ExcelFile(path, engine="openpyxl")
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise _unreadable_error(path, exc) from None
    with workbook:
        names = tuple(str(name) for name in workbook.sheet_names)
        name = _sheet_name(sheet, names, path)
        try:
            frame = pd.read_excel(workbook, sheet_name=name, dtype="str", keep_default_na=False,
                                  na_filter=False)
        except (ValueError, KeyError, OSError) as exc:
            raise _unreadable_error(path, exc) from None
    return ExcelSheet(frame, name, names)


def sheet_line(name: str) -> str:
    """Return the YAML line ``sheet: <name>``, quoted where YAML would read the name as a number or syntax."""
    return yaml.safe_dump({"sheet": name}, allow_unicode=True).strip()


def list_sheets(names) -> str:
    """List sheet names for a message, quoted and comma-separated."""
    return ", ".join(repr(name) for name in names)


def _sheet_name(sheet: str | int | None, names: tuple[str, ...], path: Path) -> str:
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise _missing_sheet_error(sheet, names, path)


def _missing_sheet_error(sheet: str | int, names: tuple[str, ...], path: Path) -> DataError:
    close = difflib.get_close_matches(str(sheet), names, n=1)
    suggestion = close[0] if close else names[0]
    return DataError(
        f"Workbook {path.name} has no sheet {sheet!r}. Its sheets are {list_sheets(names)}.",
        file=path, value=sheet, reason=Reason.UNREADABLE_FILE,
        fix=f"Set 'sheet' of this file in the launch YAML to one of these names, as in the "
            f"line {sheet_line(suggestion)}, or to a 0-based index below {len(names)}.",
    )


def empty_sheet_error(path: Path, sheet: ExcelSheet) -> DataError:
    """Build the error for a sheet with no header row in a workbook of several sheets."""
    others = [name for name in sheet.sheet_names if name != sheet.sheet]
    return DataError(
        f"Sheet {sheet.sheet!r} of {path.name} is empty: it has no header row. The workbook "
        f"has the sheets {list_sheets(sheet.sheet_names)}.",
        file=path, value=sheet.sheet, reason=Reason.EMPTY_FILE,
        fix=f"Name the sheet with the data under 'sheet' of this file in the launch YAML, as "
            f"in the line {sheet_line(others[0])}.",
    )


def _unreadable_error(path: Path, cause: Exception) -> DataError:
    return DataError(f"Export file {path.name} could not be read as Excel: {cause}", file=path,
                     reason=Reason.UNREADABLE_FILE,
                     fix="Check that the file opens in a spreadsheet program and is saved as "
                         ".xlsx or .xlsm, or set 'format' for this file in the launch YAML.")
