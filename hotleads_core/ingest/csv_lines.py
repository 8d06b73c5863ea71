"""Find the line of each CSV record and the rows with more cells than the header.

pandas' C parser numbers rows by record, not by line, and stops at the
first row with more cells than the header. The functions here give the
1-based line where each record starts (the header is line 1). Rows with too
many cells are then rejected with their line, and a quoted cell spanning
several lines does not shift the line numbers of later rows. The scan is a
Python loop over every record, so it runs only when the fast read cannot
give those numbers itself.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from hotleads_core.errors import DataError, Reason

_CHUNK_CHARS = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class RecordLines:
    """Start line and cell count of each record of a CSV file.

    Attributes
    ----------
    start_lines : ndarray of int64
        1-based line where each record starts. Record 0 is the header.
    cell_counts : ndarray of int64
        Cells per record. A blank line has 0.
    """

    start_lines: np.ndarray
    cell_counts: np.ndarray

    @property
    def header_cells(self) -> int:
        """Number of cells in the header record."""
        return int(self.cell_counts[0]) if len(self.cell_counts) else 0


def count_lines(path: Path, encoding: str) -> int:
    """Count the lines of a text file, the last one included when it does not end with a newline."""
    newlines = 0
    last = ""
    with open(path, encoding=encoding, newline="") as handle:
        while chunk := handle.read(_CHUNK_CHARS):
            newlines += chunk.count("\n")
            last = chunk[-1]
    return newlines + (1 if last not in ("", "\n") else 0)


def scan_records(path: Path, encoding: str, separator: str) -> RecordLines:
    """Read every record with Python's csv module, keeping only its start line and cell count.

    The dialect matches the pandas call of the readers: ``"`` quotes a cell,
    ``""`` inside a quoted cell is one quote, and a quote inside an unquoted
    cell is text.

    Raises
    ------
    DataError
        When a cell exceeds the csv module's field size limit, which in a
        real export means a quote that is never closed.
    """
    start_lines, cell_counts = [], []
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=separator, quotechar='"', doublequote=True,
                            strict=False)
        next_start = 1
        try:
            for record in reader:
                start_lines.append(next_start)
                cell_counts.append(len(record))
                next_start = reader.line_num + 1
        except csv.Error:
            raise unclosed_quote_error(path, next_start) from None
    return RecordLines(np.asarray(start_lines, dtype="int64"), np.asarray(cell_counts, dtype="int64"))


def last_record_line(path: Path, encoding: str, separator: str) -> int:
    """Return the line where the last record starts: the opening line of a quote never closed."""
    records = scan_records(path, encoding, separator)
    return int(records.start_lines[-1])


def unclosed_quote_error(path: Path, line: int) -> DataError:
    """Build the error for a quoted cell that starts on ``line`` and runs to the end of the file."""
    return DataError(
        f"Line {line} of {path.name} opens a quoted cell that is never closed, so the rest "
        f"of the file would be read as one cell.",
        file=path, row=line, reason=Reason.UNREADABLE_FILE,
        fix=f"Close the quote on line {line}, or remove it. A quote inside a quoted cell is "
            f"written twice (\"\"). Export the file again if the export tool wrote it.",
    )


def too_many_cells(records: RecordLines, path: Path) -> tuple[np.ndarray, pd.DataFrame]:
    """Find the data records with more cells than the header and build their rejects.

    Returns
    -------
    malformed : ndarray of bool
        One flag per data record (the header excluded).
    rejects : DataFrame
        The rejects table of those records. ``value`` is the cell count,
        because the cells themselves may contain an e-mail.
    """
    header = records.header_cells
    counts = records.cell_counts[1:]
    malformed = counts > header
    bad_counts = counts[malformed]
    rejects = pd.DataFrame({
        "file": path.name,
        "row": records.start_lines[1:][malformed],
        "column": "",
        "value": bad_counts.astype("str"),
        "reason": str(Reason.MALFORMED_ROW.value),
        "message": [f"{count} cells, the header has {header}. Check the separator and the "
                    f"quotes on this line." for count in bad_counts],
    })
    return malformed, rejects.astype({"file": "str", "column": "str", "value": "str",
                                      "reason": "str", "message": "str"})
