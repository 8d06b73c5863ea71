"""List the launches of a ``params/`` folder for the dashboard's launch selector.

Listing is cheap: it reads each launch YAML and counts the records of the
lead export without parsing them. The count is kept in memory per file path,
size and modification time, so reopening the selector does not reread a file
that has not changed. The count is of rows in the export, before ingest
rejects or merges any of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from hotleads_core.config import load_config
from hotleads_core.errors import HotLeadsError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LaunchEntry:
    """One launch YAML as the selector shows it.

    Attributes
    ----------
    path : Path
        The YAML file.
    name, title, strategy : str
        From the ``launch`` section; ``name`` is the file stem when the file is invalid.
    start, end : date or None
        The capture period when the YAML sets one.
    lead_rows : int or None
        Data rows in the lead export, or None when the file cannot be counted.
    error : str or None
        Why the YAML cannot be used, in a sentence; None for a valid launch.
    """

    path: Path
    name: str
    title: str
    strategy: str
    start: dt.date | None
    end: dt.date | None
    lead_rows: int | None
    error: str | None = None


def list_launches(params_dir) -> list[LaunchEntry]:
    """Return one entry per ``*.yaml``/``*.yml`` file of ``params_dir``, sorted by file name.

    An invalid YAML file gives an entry with ``error`` set instead of raising,
    so that one broken launch does not hide the others.
    """
    folder = Path(params_dir)
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")], key=lambda path: path.name)
    return [_read_entry(path) for path in files]


def count_lead_rows(path) -> int | None:
    """Return the number of data rows in a lead export, or None when it cannot be read.

    CSV files count records with the ``csv`` module, so quoted line breaks do
    not inflate the count. Parquet files use their footer metadata and Excel
    files the first sheet's dimension.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached_count(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _cached_count(path: str, size: int, mtime_ns: int) -> int | None:
    counter = _COUNTERS.get(Path(path).suffix.lower(), _count_csv_rows)
    try:
        return counter(Path(path))
    except (OSError, ValueError, csv.Error) as error:
        logger.warning("Could not count the rows of %s: %s", path, error)
        return None


def _count_csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        records = sum(1 for row in csv.reader(handle) if row)
    return max(records - 1, 0)


def _count_parquet_rows(path: Path) -> int:
    import pyarrow.parquet

    return pyarrow.parquet.ParquetFile(path).metadata.num_rows


def _count_excel_rows(path: Path) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return max(workbook.worksheets[0].max_row - 1, 0)
    finally:
        workbook.close()


_COUNTERS = {
    ".parquet": _count_parquet_rows,
    ".xlsx": _count_excel_rows,
    ".xlsm": _count_excel_rows,
}


def _read_entry(path: Path) -> LaunchEntry:
    try:
        config = load_config(path)
    except HotLeadsError as error:
        logger.warning("Skipping launch file %s: %s", path, error)
        # The page shows the file name only, not the server's folders.
        message = str(error).replace(str(path), path.name)
        return LaunchEntry(path=path, name=path.stem, title=path.stem, strategy="",
                           start=None, end=None, lead_rows=None, error=message)

    capture = config.launch.capture
    return LaunchEntry(
        path=path,
        name=config.launch.name,
        title=config.launch.title,
        strategy=config.launch.strategy,
        start=capture.start if capture else None,
        end=capture.end if capture else None,
        lead_rows=count_lead_rows(config.leads.path),
    )
