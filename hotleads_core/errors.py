"""Exceptions and warnings raised by HotLeads.

Every error that a user can fix derives from :class:`HotLeadsError`, so the
command line can print its message without a traceback. A data error carries
the file, row, column and value that failed, a reason code and the fix.
"""

from __future__ import annotations

import enum
from pathlib import Path


class HotLeadsWarning(UserWarning):
    """Statistical or data caveat that a caller should read (small sample, rate at 0 or 1)."""


class HotLeadsError(Exception):
    """Base class of every error that HotLeads raises on purpose."""


class Reason(str, enum.Enum):
    """Reason codes for rejected rows and data errors."""

    EMPTY_FILE = "empty_file"
    UNREADABLE_FILE = "unreadable_file"
    UNSUPPORTED_FORMAT = "unsupported_format"
    MISSING_COLUMN = "missing_column"
    MISSING_VALUE = "missing_value"
    INVALID_DATE = "invalid_date"
    INVALID_NUMBER = "invalid_number"
    INVALID_EMAIL = "invalid_email"
    UNKNOWN_STATUS = "unknown_status"
    UNKNOWN_CURRENCY = "unknown_currency"
    INVALID_VALUE = "invalid_value"
    OUTSIDE_CAPTURE_PERIOD = "outside_capture_period"
    EXCLUDED_BY_FILTER = "excluded_by_filter"
    MALFORMED_ROW = "malformed_row"


class ConfigError(HotLeadsError, ValueError):
    """Invalid launch configuration.

    Parameters
    ----------
    message : str
        What is wrong, in a full sentence.
    field : str, optional
        Dotted path of the field in the launch YAML, such as ``leads.columns``.
    value : object, optional
        The value received.
    fix : str, optional
        What the user should change.
    source : Path, optional
        The YAML file that contains the field.
    """

    def __init__(self, message, *, field=None, value=None, fix=None, source=None):
        self.field = field
        self.value = value
        self.fix = fix
        self.source = Path(source) if source is not None else None
        super().__init__(message)

    def __str__(self):
        parts = [super().__str__()]
        if self.source is not None:
            parts.append(f"File: {self.source}.")
        if self.field is not None:
            parts.append(f"Field: {self.field}.")
        if self.fix:
            parts.append(f"Fix: {self.fix}")
        return " ".join(parts)


class DataError(HotLeadsError, ValueError):
    """Input data that cannot be used as it is.

    Parameters
    ----------
    message : str
        What is wrong, in a full sentence.
    file : Path, optional
        The input file.
    row : int, optional
        1-based line number in the file, counting the header as line 1.
    column : str, optional
        The column header as written in the file.
    value : object, optional
        The offending value, never a raw e-mail address.
    reason : Reason, optional
        Machine-readable reason code.
    fix : str, optional
        What the user should do.
    """

    def __init__(self, message, *, file=None, row=None, column=None, value=None,
                 reason=None, fix=None):
        self.file = Path(file) if file is not None else None
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
        self.fix = fix
        super().__init__(message)

    def __str__(self):
        parts = [super().__str__()]
        location = []
        if self.file is not None:
            location.append(f"file {self.file}")
        if self.row is not None:
            location.append(f"row {self.row}")
        if self.column is not None:
            location.append(f"column {self.column!r}")
        if self.value is not None:
            location.append(f"value {self.value!r}")
        if location:
            parts.append("(" + ", ".join(location) + ").")
        if self.fix:
            parts.append(f"Fix: {self.fix}")
        return " ".join(parts)


class ModelError(HotLeadsError):
    """A scoring model that cannot be trained, saved or loaded."""


class ReportError(HotLeadsError):
    """A report run that failed.

    Parameters
    ----------
    message : str
        What failed, in a full sentence.
    launch : str, optional
        The launch name.
    step : str, optional
        The step that failed: ``validate``, ``execute``, ``convert`` or ``publish``.
    cell : int, optional
        Index of the notebook cell that raised.
    cause : str, optional
        The exception name and message from the kernel.
    kept_notebook : Path, optional
        The failed executed notebook kept for debugging.
    """

    def __init__(self, message, *, launch=None, step=None, cell=None, cause=None,
                 kept_notebook=None):
        self.launch = launch
        self.step = step
        self.cell = cell
        self.cause = cause
        self.kept_notebook = Path(kept_notebook) if kept_notebook is not None else None
        super().__init__(message)
