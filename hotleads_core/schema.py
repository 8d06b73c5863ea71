"""Canonical leads and sales tables: column names and dtypes, defined once.

Ingest ends by calling :func:`check_leads` and :func:`check_sales`; every later
layer trusts these tables. Text columns use pandas' ``str`` dtype (the default
from pandas 3), so code selects them by name, never by ``dtype == object``.

Leads
    ``lead_id``
        Keyed hash (hex) of the normalised e-mail, or of the export's own lead
        id where the export has no e-mail column. Unique.
    ``signed_up_at``
        First sign-up time, time-zone aware in the launch's time zone.
    ``utm_source`` ... ``utm_term``
        Trimmed, case-folded UTM values; missing ones are ``(not set)``.
    ``email_domain_kind``
        ``free``, ``company`` or ``unknown``, derived before hashing.
    ``score`` (optional)
        A probability in [0, 1] from another tool.
    ``converted`` (optional)
        Known outcome (nullable boolean) from the export.
    feature columns (optional)
        Declared in the launch YAML, named as in the export.

Sales
    ``transaction_id``, ``lead_id``, ``purchased_at`` (aware, launch zone),
    ``amount`` (float64 in the launch currency, rounded to the cent, NaN when
    the export has no value), ``currency`` (the launch currency),
    ``original_currency``, ``status`` (one of :data:`STATUSES`).
"""

from __future__ import annotations

import pandas as pd

from hotleads_core.config import UTM_FIELDS
from hotleads_core.errors import DataError, Reason

NOT_SET = "(not set)"
STATUSES = ("paid", "refunded", "chargeback", "pending", "cancelled")
DOMAIN_KINDS = ("free", "company", "unknown")

LEAD_COLUMNS = ("lead_id", "signed_up_at", *UTM_FIELDS, "email_domain_kind")
OPTIONAL_LEAD_COLUMNS = ("score", "converted")
SALE_COLUMNS = (
    "transaction_id", "lead_id", "purchased_at", "amount", "currency",
    "original_currency", "status",
)


def lead_dtypes(timezone: str) -> dict[str, object]:
    """Return the dtype of each canonical lead column for a launch time zone."""
    dtypes = {name: pd.StringDtype(na_value=float("nan")) for name in LEAD_COLUMNS}
    dtypes["signed_up_at"] = pd.DatetimeTZDtype(unit="us", tz=timezone)
    dtypes["email_domain_kind"] = pd.CategoricalDtype(DOMAIN_KINDS)
    return dtypes


def sale_dtypes(timezone: str) -> dict[str, object]:
    """Return the dtype of each canonical sale column for a launch time zone."""
    dtypes = {name: pd.StringDtype(na_value=float("nan")) for name in SALE_COLUMNS}
    dtypes["purchased_at"] = pd.DatetimeTZDtype(unit="us", tz=timezone)
    dtypes["amount"] = "float64"
    dtypes["status"] = pd.CategoricalDtype(STATUSES)
    return dtypes


def empty_leads(timezone: str) -> pd.DataFrame:
    """Return a lead table with no rows and the canonical dtypes."""
    return _empty(lead_dtypes(timezone))


def empty_sales(timezone: str) -> pd.DataFrame:
    """Return a sales table with no rows and the canonical dtypes."""
    return _empty(sale_dtypes(timezone))


def _empty(dtypes: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in dtypes.items()})


def check_leads(leads: pd.DataFrame, timezone: str) -> None:
    """Raise :class:`DataError` unless ``leads`` follows the canonical lead schema."""
    _check_columns(leads, lead_dtypes(timezone), "leads")
    if leads["lead_id"].isna().any():
        raise DataError("Canonical leads contain a missing lead_id.", column="lead_id",
                        reason=Reason.MISSING_VALUE, fix="Report this as a bug in ingest.")
    if leads["lead_id"].duplicated().any():
        raise DataError("Canonical leads contain a duplicated lead_id.", column="lead_id",
                        reason=Reason.INVALID_VALUE, fix="Report this as a bug in ingest.")
    for field in UTM_FIELDS:
        if leads[field].isna().any():
            raise DataError(f"Canonical leads contain a missing {field}; it should be {NOT_SET!r}.",
                            column=field, reason=Reason.MISSING_VALUE,
                            fix="Report this as a bug in ingest.")
    if "score" in leads:
        scores = leads["score"].dropna()
        if ((scores < 0) | (scores > 1)).any():
            raise DataError("Scores must be probabilities in [0, 1].", column="score",
                            reason=Reason.INVALID_NUMBER,
                            fix="Map the score column through the launch YAML thresholds.")


def check_sales(sales: pd.DataFrame, timezone: str) -> None:
    """Raise :class:`DataError` unless ``sales`` follows the canonical sale schema."""
    _check_columns(sales, sale_dtypes(timezone), "sales")
    if sales["transaction_id"].duplicated().any():
        raise DataError("Canonical sales contain a duplicated transaction_id.",
                        column="transaction_id", reason=Reason.INVALID_VALUE,
                        fix="Report this as a bug in ingest: one final row per transaction.")


def _check_columns(frame: pd.DataFrame, dtypes: dict[str, object], table: str) -> None:
    for name, dtype in dtypes.items():
        if name not in frame.columns:
            raise DataError(f"Canonical {table} table has no column {name!r}.", column=name,
                            reason=Reason.MISSING_COLUMN, fix="Report this as a bug in ingest.")
        if not _dtype_matches(frame[name].dtype, dtype):
            raise DataError(
                f"Canonical {table} column {name!r} has dtype {frame[name].dtype}, expected {dtype}.",
                column=name, reason=Reason.INVALID_VALUE, fix="Report this as a bug in ingest.",
            )


def _dtype_matches(actual, expected) -> bool:
    if isinstance(expected, pd.StringDtype):
        return pd.api.types.is_string_dtype(actual) and not pd.api.types.is_object_dtype(actual)
    if isinstance(expected, pd.CategoricalDtype):
        return isinstance(actual, pd.CategoricalDtype) and list(actual.categories) == list(expected.categories)
    if isinstance(expected, pd.DatetimeTZDtype):
        return isinstance(actual, pd.DatetimeTZDtype) and str(actual.tz) == str(expected.tz)
    return pd.api.types.pandas_dtype(expected) == actual
