"""Account for every row read: rejected rows with their reason, and the data-quality summary.

For every file, rows read = rows accepted + rows rejected. Accepted rows
include the duplicate sign-ups merged into an earlier row of the same lead and
the sale rows replaced by a later status of the same transaction. The
summary counts both.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from hotleads_core.errors import Reason

REJECT_COLUMNS = ("file", "row", "column", "value", "reason", "message")
NOT_AVAILABLE = "n/a"
NO_LEADS_NOTE = "No leads were accepted, so a share of leads is not defined."


class RowFilter:
    """Collect rejected rows of one file while the parsing steps run.

    Each row is rejected at most once, by the first step that finds a
    problem, so the rejects table has one line per rejected row.

    Parameters
    ----------
    frame : DataFrame
        The cells of the file, indexed by line number.
    path : Path
        The file, named in the rejects.
    unparsed : DataFrame, optional
        Rejects of rows that the reader could not put in ``frame``, such as
        rows with more cells than the header. They count as rows read.
    """

    def __init__(self, frame: pd.DataFrame, path: Path, unparsed: pd.DataFrame | None = None):
        self.path = Path(path)
        self.keep = pd.Series(True, index=frame.index)
        self._parts: list[pd.DataFrame] = [] if unparsed is None else [unparsed]
        self._unparsed = 0 if unparsed is None else len(unparsed)

    def reject(self, mask: pd.Series, *, column: str, values: pd.Series, reason: Reason,
               message: str | pd.Series) -> None:
        """Reject the rows of ``mask`` not rejected yet, showing ``values`` (never a raw e-mail).

        ``message`` is one text for every row, or a Series of texts by row
        where the message repeats the row's value.
        """
        new = mask.reindex(self.keep.index, fill_value=False).astype(bool) & self.keep
        if not new.any():
            return
        rows = new[new].index
        if isinstance(message, pd.Series):
            message = message.reindex(rows).astype("str").to_numpy()
        self._parts.append(pd.DataFrame({
            "file": self.path.name,
            "row": rows.to_numpy(dtype="int64"),
            "column": column,
            "value": values.reindex(rows).fillna("").astype("str").to_numpy(),
            "reason": str(reason.value),
            "message": message,
        }))
        self.keep &= ~new

    def rejects(self) -> pd.DataFrame:
        """Return the rejected rows of this file, in line order."""
        return combine_rejects(self._parts)

    def file_quality(self, table: str, raw) -> FileQuality:
        """Return the row accounting of the file, read as the :class:`RawTable` ``raw``."""
        accepted = int(self.keep.sum())
        rejected = int((~self.keep).sum()) + self._unparsed
        return FileQuality(table, self.path.name, raw.encoding, raw.separator,
                           accepted + rejected, accepted, rejected, raw.blank_lines)


def empty_rejects() -> pd.DataFrame:
    """Return a rejects table with no rows."""
    return pd.DataFrame({
        "file": pd.Series([], dtype="str"), "row": pd.Series([], dtype="int64"),
        "column": pd.Series([], dtype="str"), "value": pd.Series([], dtype="str"),
        "reason": pd.Series([], dtype="str"), "message": pd.Series([], dtype="str"),
    })


def combine_rejects(parts) -> pd.DataFrame:
    """Concatenate rejects tables, sorted by file and line."""
    parts = [part for part in parts if not part.empty]
    if not parts:
        return empty_rejects()
    combined = pd.concat(parts, ignore_index=True)
    return combined.sort_values(["file", "row"], kind="stable", ignore_index=True)


@dataclasses.dataclass(frozen=True)
class FileQuality:
    """Row accounting of one export file.

    ``rows_read`` counts data rows, not the header or blank lines, and
    equals ``rows_accepted + rows_rejected``.
    """

    table: str
    file: str
    encoding: str | None
    separator: str | None
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    blank_lines: int = 0


@dataclasses.dataclass(frozen=True)
class SalesQuality:
    """Counts about the sales of a launch, after one final row per transaction.

    Amounts are in the launch currency. A refund or chargeback is a
    transaction whose final status is ``refunded`` or ``chargeback``.
    """

    transactions: int = 0
    superseded_rows: int = 0
    unmatched_sales: int = 0
    sales_before_signup: int = 0
    refunds: int = 0
    refunded_amount: float = 0.0
    chargebacks: int = 0
    chargeback_amount: float = 0.0
    unknown_amounts: int = 0
    converted_currencies: tuple[str, ...] = ()


# Its DataFrame fields have no boolean equality, so instances compare by identity.
@dataclasses.dataclass(frozen=True, eq=False)
class DataQualitySummary:
    """Summary of the rows that ingest read, kept, merged and rejected for one launch.

    Attributes
    ----------
    files : tuple of FileQuality
        One entry per file read (leads, sales, history sales).
    leads : int
        Leads after merging duplicates.
    duplicates_merged : int
        Lead rows merged into an earlier sign-up of the same lead.
    missing_utm : DataFrame
        ``field``, ``leads_without`` (leads whose value is ``(not set)``) and
        ``share`` (of all leads, NaN when there are no leads, which
        :meth:`to_frame` writes as ``n/a`` with the reason).
    utm_spellings : DataFrame
        ``field``, ``value``, ``raw_spelling``, ``rows``: the raw spellings
        merged into each normalised UTM value.
    sales : SalesQuality
        Counts about the launch's sales.
    rejected_by_reason : dict
        Reason code to the number of rows rejected for it, over all files.
    """

    files: tuple[FileQuality, ...]
    leads: int
    duplicates_merged: int
    missing_utm: pd.DataFrame
    utm_spellings: pd.DataFrame
    sales: SalesQuality
    rejected_by_reason: dict[str, int]

    def to_frame(self) -> pd.DataFrame:
        """Return every figure as a tidy table.

        Returns
        -------
        DataFrame
            ``section``, ``item``, ``measure``, ``value``, ``note``. ``value``
            is a float, or the text ``n/a`` for a figure that cannot be
            computed, such as a share of 0 leads, and ``note`` then gives
            the reason. ``note`` is ``""`` on the other rows.
        """
        records = []
        for entry in self.files:
            for measure in ("rows_read", "rows_accepted", "rows_rejected", "blank_lines"):
                records.append((entry.table, entry.file, measure, getattr(entry, measure)))
        records.append(("leads", "", "leads", self.leads))
        records.append(("leads", "", "duplicates_merged", self.duplicates_merged))
        for row in self.missing_utm.itertuples(index=False):
            records.append(("missing_utm", row.field, "leads_without", row.leads_without))
            records.append(("missing_utm", row.field, "share", *self._share_value(row.share)))
        for field in dataclasses.fields(SalesQuality):
            value = getattr(self.sales, field.name)
            if not isinstance(value, tuple):
                records.append(("sales", "", field.name, value))
        for reason, count in sorted(self.rejected_by_reason.items()):
            records.append(("rejected", reason, "rows", count))
        return _summary_frame(records)

    def _share_value(self, share) -> tuple[object, str]:
        if pd.isna(share):
            return NOT_AVAILABLE, NO_LEADS_NOTE
        return share, ""


def _summary_frame(records) -> pd.DataFrame:
    """Build the summary table, numbers as floats and ``n/a`` left as text."""
    rows = [(*record, "") if len(record) == 4 else record for record in records]
    frame = pd.DataFrame.from_records(rows, columns=["section", "item", "measure", "value", "note"])
    values = [value if value == NOT_AVAILABLE else float(value) for value in frame["value"]]
    frame["value"] = pd.Series(values, index=frame.index, dtype="object")
    return frame.astype({"section": "str", "item": "str", "measure": "str", "note": "str"})


def count_reasons(rejects: pd.DataFrame) -> dict[str, int]:
    """Return the number of rejected rows per reason code."""
    counts = rejects.groupby("reason", observed=True, dropna=False).size()
    return {str(reason): int(count) for reason, count in counts.items()}
