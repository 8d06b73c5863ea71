"""Access the input fields of one export and parse the fields that leads and sales share.

:class:`FieldCells` gives the text of an input field whether it comes from a
column or from a constant in the launch YAML. The shared steps turn the
e-mail (or the export's own lead id) into a ``lead_id`` and parse a time
field, rejecting the rows that fail.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from hotleads_core.config import FileSource, LaunchConfig
from hotleads_core.errors import Reason
from hotleads_core.ingest.mapping import ColumnMap, resolve_columns
from hotleads_core.ingest.normalise import normalise_emails
from hotleads_core.ingest.parsing import parse_datetimes
from hotleads_core.ingest.privacy import hash_values
from hotleads_core.ingest.quality import RowFilter
from hotleads_core.ingest.readers import RawTable


@dataclasses.dataclass(frozen=True, eq=False)
class FieldCells:
    """The text cells of one export, addressed by input field."""

    frame: pd.DataFrame
    column_map: ColumnMap
    path: Path
    separator: str | None

    @classmethod
    def from_table(cls, table: RawTable, source: FileSource, kind: str, yaml_section: str):
        """Resolve the columns of ``table`` for ``kind`` (``leads`` or ``sales``)."""
        column_map = resolve_columns(source, table, kind, yaml_section=yaml_section)
        return cls(table.frame, column_map, Path(source.path), table.separator)

    def text(self, field: str) -> pd.Series:
        """Return the cells of ``field``: its column, its constant, or ``""`` when it has neither."""
        if field in self.column_map.headers:
            return self.frame[self.column_map.headers[field]].astype("str")
        value = self.column_map.constants.get(field, "")
        return pd.Series(value, index=self.frame.index, dtype="str")

    def header(self, field: str) -> str:
        """Return the export header of ``field``, or the field name when it comes from a constant."""
        return self.column_map.headers.get(field, field)

    def label(self, field: str) -> str:
        """Name ``field`` for a message: its header as the export writes it, then the input field.

        ``'Signup Date' (signed_up_at)`` for a column, ``signed_up_at`` alone
        when the header is the field name or the value is a constant.
        """
        header = self.header(field)
        return f"{header!r} ({field})" if header != field else field


def lead_ids(cells: FieldCells, rows: RowFilter, key: bytes) -> tuple[pd.Series, pd.Series]:
    """Derive the ``lead_id`` of each row: the hash of its e-mail, else of the export's own lead id.

    Rows with an empty or invalid e-mail (or an empty lead id) are rejected,
    and the rejects show the hash of the value, never the address.

    Returns
    -------
    lead_ids : Series of str
        HMAC-SHA256 hex digests, NaN where the value is empty.
    emails : Series of str
        The normalised e-mails, all NaN when the export has only its own ids.
        They are for deriving features and must not leave ingest.
    """
    if cells.column_map.has("email"):
        return _ids_from_emails(cells, rows, key)
    own_ids = cells.text("source_lead_id").str.strip()
    rows.reject(own_ids == "", column=cells.header("source_lead_id"), values=own_ids,
                reason=Reason.MISSING_VALUE, message="The lead id is missing. Every row needs one.")
    no_emails = pd.Series(pd.NA, index=own_ids.index, dtype="str")
    return hash_values(own_ids.where(own_ids != ""), key), no_emails


def _ids_from_emails(cells: FieldCells, rows: RowFilter, key: bytes) -> tuple[pd.Series, pd.Series]:
    emails, invalid = normalise_emails(cells.text("email"))
    hashed = hash_values(emails, key)
    column = cells.header("email")
    rows.reject(emails.isna(), column=column, values=hashed, reason=Reason.MISSING_VALUE,
                message="The e-mail is missing. Every row needs one.")
    rows.reject(invalid, column=column, values=hashed, reason=Reason.INVALID_EMAIL,
                message="The e-mail is not a valid address with a local part, an at sign "
                        "and a domain. The value shown is its hash.")
    return hashed, emails


def parse_time_field(cells: FieldCells, field: str, rows: RowFilter, timezone: str,
                     config: LaunchConfig, source: FileSource) -> pd.Series:
    """Parse a date-time field, rejecting empty and invalid cells."""
    raw = cells.text(field)
    dayfirst = source.dayfirst if source.dayfirst is not None else config.launch.dayfirst
    times, invalid = parse_datetimes(raw, timezone, dayfirst)
    column = cells.header(field)
    label = cells.label(field)
    rows.reject(raw.str.strip() == "", column=column, values=raw, reason=Reason.MISSING_VALUE,
                message=f"The {label} date is missing. Every row needs one.")
    example = "31/01/2024 14:30" if dayfirst else "01/31/2024 14:30"
    order = "day first" if dayfirst else "month first"
    # Built for the invalid cells only, because a Python call per row is slow on millions of rows.
    messages = pd.Series([f"The {label} value {value!r} is not a valid date. Write it as "
                          f"2024-01-31 14:30 or, {order}, as {example}." for value in raw[invalid]],
                         index=raw.index[invalid], dtype="str")
    rows.reject(invalid, column=column, values=raw, reason=Reason.INVALID_DATE, message=messages)
    return times
