"""Read one export file (CSV, Excel or Parquet) into a table of text cells.

Every reader returns the cells as text, with empty cells as ``""``, so that
later steps parse numbers, dates and placeholders themselves, the same way for
every format. The index of the table is the 1-based line number of each row
in the file (the header is line 1), so rejected rows can be found in the file.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import logging
import re
import warnings
from pathlib import Path

import pandas as pd

from hotleads_core.config import FileSource
from hotleads_core.errors import DataError, Reason
from hotleads_core.ingest.csv_lines import (
    count_lines,
    last_record_line,
    scan_records,
    too_many_cells,
    unclosed_quote_error,
)
from hotleads_core.ingest.excel import empty_sheet_error, read_sheet
from hotleads_core.ingest.quality import empty_rejects

logger = logging.getLogger(__name__)

SEPARATORS = (",", ";", "\t", "|")
_SNIFF_BYTES = 64 * 1024
_CHUNK_BYTES = 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Messages of pandas' C parser (pandas 3.1) for a row with more cells than
# the header and for a quote that runs to the end of the file.
_TOO_MANY_CELLS = re.compile(r"Expected \d+ fields in line \d+, saw \d+")
_UNCLOSED_QUOTE = "EOF inside string"
_SUFFIX_FORMATS = {
    ".csv": "csv", ".txt": "csv", ".tsv": "csv",
    ".xlsx": "excel", ".xlsm": "excel",
    ".parquet": "parquet", ".pq": "parquet",
}


@dataclasses.dataclass(frozen=True, eq=False)
class RawTable:
    """The cells of one export file as text.

    Attributes
    ----------
    path : Path
        The file read.
    frame : DataFrame
        One ``str`` column per header, empty cells as ``""``, indexed by the
        1-based line number of each row (the header is line 1). For Parquet,
        which has no header line, the index is the record number plus 1.
    encoding, separator : str or None
        What the CSV reader used (``None`` for Excel and Parquet).
    blank_lines : int
        Lines with no cell filled, skipped because they hold no record.
    malformed : DataFrame
        Rejects table of the CSV rows with more cells than the header, which
        are not in ``frame``.
    sheet : str or None
        The Excel sheet read (``None`` for CSV and Parquet).
    sheet_names : tuple of str
        Every sheet of the Excel workbook, empty for CSV and Parquet.
    """

    path: Path
    frame: pd.DataFrame
    encoding: str | None = None
    separator: str | None = None
    blank_lines: int = 0
    malformed: pd.DataFrame = dataclasses.field(default_factory=empty_rejects)
    sheet: str | None = None
    sheet_names: tuple[str, ...] = ()


def read_table(source: FileSource) -> RawTable:
    """Read the file of ``source`` with the reader of its format.

    Raises
    ------
    DataError
        When the file is missing, empty (no header), or cannot be read.
    """
    path = Path(source.path)
    if not path.is_file():
        raise DataError(f"Export file {path.name} was not found.", file=path,
                        reason=Reason.UNREADABLE_FILE,
                        fix="Check the 'path' of this file in the launch YAML.")
    file_format = _file_format(source, path)
    table = _READERS[file_format](source, path)
    return _drop_blank_rows(table)


def expand_paths(path) -> list[Path]:
    """Return the files that ``path`` names: itself, or the sorted matches of a wildcard name.

    Raises
    ------
    DataError
        When a wildcard matches no file.
    """
    path = Path(path)
    if not any(char in path.name for char in "*?["):
        return [path]
    matches = sorted(match for match in path.parent.glob(path.name) if match.is_file())
    if not matches:
        raise DataError(f"No export file matches {path.name}.", file=path, reason=Reason.UNREADABLE_FILE,
                        fix="Check the 'path' pattern of this file in the launch YAML.")
    return matches


def _file_format(source: FileSource, path: Path) -> str:
    if source.format != "auto":
        return source.format
    file_format = _SUFFIX_FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise DataError(
            f"Cannot tell the format of {path.name} from its extension {path.suffix!r}.",
            file=path, reason=Reason.UNSUPPORTED_FORMAT,
            fix="Set 'format' to csv, excel or parquet for this file in the launch YAML.",
        )
    return file_format


def _read_csv(source: FileSource, path: Path) -> RawTable:
    encoding = source.encoding if source.encoding != "auto" else detect_encoding(path)
    _check_encoding(encoding, path)
    head = _read_head(path, encoding)
    if not head.strip():
        raise _empty_file_error(path)

    separator = source.separator if source.separator != "auto" else detect_separator(head)
    logger.info("Reading %s as CSV: encoding %s, separator %r", path.name, encoding, separator)
    frame, malformed = _parse_csv(path, separator, encoding)

    # Rows with fewer cells than the header get missing cells, read as empty.
    frame = frame.fillna("")
    return RawTable(path, _strip_headers(frame), encoding=encoding, separator=separator,
                    malformed=malformed)


def _check_encoding(encoding: str, path: Path) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise DataError(f"Unknown encoding {encoding!r} for {path.name}.", file=path,
                        reason=Reason.UNREADABLE_FILE,
                        fix="Set 'encoding' to a Python codec name such as utf-8, cp1252, "
                            "latin-1 or utf-16, or to auto.") from None


def _parse_csv(path: Path, separator: str, encoding: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a CSV file indexed by line number, and the rejects of rows with too many cells.

    The C parser reads the whole file in one pass. Only when it meets a row
    with more cells than the header does a second, slower pass find every
    such row, so that they are rejected and the others accepted.
    """
    try:
        frame = _pandas_read(path, separator, encoding)
    except pd.errors.ParserWarning:
        return _read_with_malformed_rows(path, separator, encoding)
    except pd.errors.ParserError as exc:
        if _TOO_MANY_CELLS.search(str(exc)):
            return _read_with_malformed_rows(path, separator, encoding)
        if _UNCLOSED_QUOTE in str(exc):
            raise unclosed_quote_error(path, last_record_line(path, encoding, separator)) from None
        raise _unreadable_csv_error(path, exc) from None
    except (UnicodeError, ValueError) as exc:
        raise _unreadable_csv_error(path, exc) from None
    frame.index = _line_index(path, encoding, separator, len(frame))
    return frame, empty_rejects()


def _pandas_read(path: Path, separator: str, encoding: str, usecols=None) -> pd.DataFrame:
    with warnings.catch_warnings():
        # With index_col=False, pandas warns and drops the extra cells when the
        # first data row has more cells than the header, so raise that warning.
        warnings.simplefilter("error", pd.errors.ParserWarning)
        return pd.read_csv(
            path, sep=separator, encoding=encoding, dtype="str", keep_default_na=False,
            na_filter=False, skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL,
            index_col=False, usecols=usecols,
        )


def _read_with_malformed_rows(path: Path, separator: str,
                              encoding: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a CSV file whose rows may have more cells than the header, rejecting those rows.

    ``usecols`` makes the C parser keep one row per record and drop the extra
    cells, and a scan of the records finds which rows had them.
    """
    records = scan_records(path, encoding, separator)
    try:
        frame = _pandas_read(path, separator, encoding, usecols=range(records.header_cells))
    except (pd.errors.ParserError, UnicodeError, ValueError) as exc:
        raise _unreadable_csv_error(path, exc) from None
    if len(frame) != len(records.start_lines) - 1:
        raise _unreadable_csv_error(
            path, f"pandas read {len(frame)} rows but Python's csv module read "
                  f"{len(records.start_lines) - 1}")
    malformed, rejects = too_many_cells(records, path)
    frame.index = pd.Index(records.start_lines[1:])
    logger.warning("%s: rejected %d %s with more cells than the header (%d)",
                   path.name, len(rejects), "row" if len(rejects) == 1 else "rows",
                   records.header_cells)
    return frame.loc[~malformed], rejects


def _line_index(path: Path, encoding: str, separator: str, rows: int) -> pd.Index:
    """Return the line number of each row, which differs from its record number after a multi-line cell."""
    if count_lines(path, encoding) == rows + 1:
        return pd.RangeIndex(2, rows + 2)
    starts = scan_records(path, encoding, separator).start_lines[1:]
    if len(starts) == rows:
        return pd.Index(starts)
    logger.warning("%s: pandas and Python's csv module read %d and %d rows, so rejected rows "
                   "are numbered by row (the header is 1), not by line", path.name, rows, len(starts))
    return pd.RangeIndex(2, rows + 2)


def _unreadable_csv_error(path: Path, cause) -> DataError:
    return DataError(
        f"Export file {path.name} could not be read as CSV: {cause}", file=path,
        reason=Reason.UNREADABLE_FILE,
        fix="Check the 'separator' and 'encoding' of this file in the launch YAML, or set "
            "them when auto-detection picked the wrong ones.",
    )


def _read_excel(source: FileSource, path: Path) -> RawTable:
    sheet = read_sheet(path, source.sheet)
    frame = sheet.frame
    if frame.columns.empty and len(sheet.sheet_names) > 1:
        raise empty_sheet_error(path, sheet)
    if frame.columns.empty:
        raise _empty_file_error(path)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    logger.info("Reading %s as Excel, sheet %s", path.name, sheet.sheet)
    return RawTable(path, _strip_headers(_as_text(frame)), sheet=sheet.sheet,
                    sheet_names=sheet.sheet_names)


def _read_parquet(source: FileSource, path: Path) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise DataError(f"Export file {path.name} could not be read as Parquet: {exc}", file=path,
                        reason=Reason.UNREADABLE_FILE,
                        fix="Check that the file is a Parquet file, or set 'format'.") from None
    if frame.columns.empty:
        raise _empty_file_error(path)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    logger.info("Reading %s as Parquet", path.name)
    return RawTable(path, _strip_headers(_as_text(frame)))


_READERS = {"csv": _read_csv, "excel": _read_excel, "parquet": _read_parquet}


def detect_encoding(path: Path) -> str:
    """Return the encoding of a CSV file: from its byte-order mark, else UTF-8 when valid, else cp1252.

    A file without a byte-order mark whose every other byte is NUL is read
    as UTF-16 in the byte order those NUL bytes show.

    cp1252 is the encoding of Excel on Western-language Windows. It is tried
    before Latin-1 because it also decodes the bytes 0x80-0x9F (such as the
    en dash 0x96). Bytes that cp1252 leaves undefined fall back to Latin-1.
    """
    with path.open("rb") as handle:
        start = handle.read(_SNIFF_BYTES)
    for bom, encoding in _BOMS:
        if start.startswith(bom):
            return encoding
    without_bom = _utf16_without_bom(start)
    if without_bom is not None:
        return without_bom
    for encoding in ("utf-8", "cp1252"):
        if _decodes_as(path, encoding):
            return encoding
    return "latin-1"


def _utf16_without_bom(start: bytes) -> str | None:
    """Return ``utf-16-le`` or ``utf-16-be`` when the NUL bytes of mostly-ASCII text reveal it."""
    even, odd = start[0::2], start[1::2]
    if len(start) < 4 or b"\x00" not in start:
        return None
    if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _decodes_as(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_separator(head: str) -> str:
    """Return the separator among ``, ; tab |`` found most often outside quotes in the header line.

    A comma wins ties, which includes a header with a single column.
    """
    header = next((line for line in head.splitlines() if line.strip()), "")
    counts = {sep: _count_outside_quotes(header, sep) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: (counts[sep], sep == ","))


def _count_outside_quotes(line: str, separator: str) -> int:
    count = 0
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            count += 1
    return count


def _read_head(path: Path, encoding: str) -> str:
    with path.open("rb") as handle:
        raw = handle.read(_SNIFF_BYTES)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw)


def _empty_file_error(path: Path) -> DataError:
    return DataError(
        f"Export file {path.name} is empty: it has no header line and no rows.", file=path,
        reason=Reason.EMPTY_FILE,
        fix="Export the file again with its header line; a file with only the header "
            "is read as 0 rows.",
    )


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Convert typed cells (from Excel or Parquet) to text, missing cells to ``""``."""
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            text = _aware_times_text(column)
        else:
            text = column.astype("str")
        columns[str(name)] = text.where(column.notna(), "").astype("str")
    return pd.DataFrame(columns, index=frame.index)


def _aware_times_text(column: pd.Series) -> pd.Series:
    """Write time-zone aware timestamps as ``astype("str")`` does, such as ``2026-03-02 10:15:30-03:00``.

    pandas 3.1 formats aware timestamps with one Python call per value, which
    took 17-35 s for a million sign-ups on a shared 2-core machine, but naive
    ones in compiled code (1 s). So the local wall times are formatted naive,
    with one precision for the whole column as pandas chooses it, and each
    cell gets the UTC offset of its own time, formatted once per distinct
    offset. Missing cells come out as ``NaT`` for the caller to blank.
    """
    local = column.dt.tz_localize(None)
    text = local.astype("str")
    if not text[column.notna()].str.contains(" ", regex=False).any():
        # A naive column of midnights is written as dates alone, an aware one with its time.
        text = text + " 00:00:00"
    offsets = local - column.dt.tz_convert("UTC").dt.tz_localize(None)
    labels = {offset: _utc_offset_text(offset) for offset in offsets.dropna().unique()}
    return text + offsets.map(labels).fillna("")


def _utc_offset_text(offset: pd.Timedelta) -> str:
    """Write a UTC offset as ``isoformat`` does: ``+HH:MM``, with ``:SS`` when it has seconds."""
    sign = "-" if offset < pd.Timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def _strip_headers(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [str(name).strip().lstrip("\ufeff") for name in frame.columns]
    return frame


def _drop_blank_rows(table: RawTable) -> RawTable:
    frame = table.frame
    if frame.empty:
        return table
    filled = (frame != "").any(axis=1)
    blank = int((~filled).sum())
    if blank == 0:
        return table
    return dataclasses.replace(table, frame=frame.loc[filled], blank_lines=blank)

