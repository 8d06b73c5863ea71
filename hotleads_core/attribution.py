"""Credit sales to the leads that made them.

Attribution is the rule shared by scoring (a lead's known outcome) and by the
aggregation (buyers and revenue per group), so it lives in one function.

The rule
    A sale is credited to a lead when both have the same ``lead_id`` and the
    sale is not earlier than the lead's sign-up. When the launch sets them, the
    sale must also fall inside the attribution window and no more than
    ``max_days_after_signup`` days after the sign-up. A lead is a buyer when at least one
    credited sale has the final status ``paid``; a buyer counts once however
    many sales it made. Revenue is the sum of the credited ``paid`` amounts:
    a transaction whose final status is ``refunded`` or ``chargeback`` brings
    no revenue, which makes the revenue net of refunds and chargebacks.
    A paid sale with an unknown amount makes its lead a buyer but adds nothing
    to revenue; ``unknown_amount_sales`` counts such sales.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from hotleads_core.config import AttributionConfig

ATTRIBUTED_COLUMNS = (
    "buyer", "paid_sales", "revenue_cents", "max_sale_cents", "unknown_amount_sales",
    "refunded_sales", "refunded_cents", "chargeback_sales", "chargeback_cents",
    "pending_sales", "pending_cents", "first_purchase_at",
)


def credited_sales(leads: pd.DataFrame, sales: pd.DataFrame,
                   attribution: AttributionConfig) -> pd.DataFrame:
    """Return the sales credited to a lead, with the lead's ``signed_up_at`` beside them.

    Parameters
    ----------
    leads, sales : DataFrame
        Canonical leads and sales (see :mod:`hotleads_core.schema`).
    attribution : AttributionConfig
        The launch's window and maximum delay.

    Returns
    -------
    DataFrame
        The rows of ``sales`` that pass the rule in the module docstring, with
        an extra column ``amount_cents`` (nullable Int64, exact cents).
    """
    joined = sales.merge(leads[["lead_id", "signed_up_at"]], on="lead_id", how="inner",
                         validate="many_to_one")
    keep = joined["purchased_at"] >= joined["signed_up_at"]
    keep &= _inside_window(joined["purchased_at"], attribution)
    if attribution.max_days_after_signup is not None:
        limit = pd.Timedelta(days=attribution.max_days_after_signup)
        keep &= (joined["purchased_at"] - joined["signed_up_at"]) <= limit
    credited = joined.loc[keep].copy()
    credited["amount_cents"] = to_cents(credited["amount"])
    return credited


def attribute_sales(leads: pd.DataFrame, sales: pd.DataFrame,
                    attribution: AttributionConfig) -> pd.DataFrame:
    """Summarise the credited sales of every lead.

    Returns
    -------
    DataFrame
        One row per lead of ``leads``, in the same order, indexed by ``lead_id``.
        ``buyer`` is boolean and the ``*_sales`` columns are counts. The
        ``*_cents`` columns are int64 sums in cents of the launch currency, 0
        where nothing is credited. ``max_sale_cents`` is the largest paid
        amount, and ``first_purchase_at`` is the time of the first paid sale
        (NaT for non-buyers).
    """
    credited = credited_sales(leads, sales, attribution)
    per_lead = _summarise_per_lead(credited)
    result = per_lead.reindex(pd.Index(leads["lead_id"], name="lead_id"))
    counts = [c for c in ATTRIBUTED_COLUMNS if c.endswith(("_sales", "_cents"))]
    result[counts] = result[counts].fillna(0).astype("int64")
    result["buyer"] = result["paid_sales"] > 0
    return result[list(ATTRIBUTED_COLUMNS)]


def to_cents(amount: pd.Series) -> pd.Series:
    """Convert amounts in currency units to exact integer cents, keeping unknown amounts as NA.

    Amounts are rounded half away from zero, so 582.365 becomes 58237 cents.
    """
    values = amount.to_numpy(dtype="float64", na_value=np.nan)
    cents = np.sign(values) * np.floor(np.abs(values) * 100 + 0.5 + 1e-9)
    return pd.Series(cents, index=amount.index).astype("Int64")


def _inside_window(purchased_at: pd.Series, attribution: AttributionConfig) -> pd.Series:
    window = attribution.window
    if window is None:
        return pd.Series(True, index=purchased_at.index)
    tz = purchased_at.dt.tz
    start = pd.Timestamp(window.start, tz=tz)
    end = pd.Timestamp(window.end + dt.timedelta(days=1), tz=tz)
    return (purchased_at >= start) & (purchased_at < end)


def _summarise_per_lead(credited: pd.DataFrame) -> pd.DataFrame:
    status = credited["status"].astype("str")
    cents = credited["amount_cents"]
    frame = pd.DataFrame({
        "lead_id": credited["lead_id"],
        "paid_sales": (status == "paid").astype("int64"),
        "revenue_cents": cents.where(status == "paid", 0).fillna(0).astype("int64"),
        "max_sale_cents": cents.where(status == "paid", 0).fillna(0).astype("int64"),
        "unknown_amount_sales": ((status == "paid") & cents.isna()).astype("int64"),
        "refunded_sales": (status == "refunded").astype("int64"),
        "refunded_cents": cents.where(status == "refunded", 0).fillna(0).astype("int64"),
        "chargeback_sales": (status == "chargeback").astype("int64"),
        "chargeback_cents": cents.where(status == "chargeback", 0).fillna(0).astype("int64"),
        "pending_sales": (status == "pending").astype("int64"),
        "pending_cents": cents.where(status == "pending", 0).fillna(0).astype("int64"),
        "first_purchase_at": credited["purchased_at"].where(status == "paid"),
    })
    aggregations = {name: "sum" for name in frame.columns if name.endswith(("_sales", "_cents"))}
    aggregations["max_sale_cents"] = "max"
    aggregations["first_purchase_at"] = "min"
    return frame.groupby("lead_id", sort=False, observed=True, dropna=False).agg(aggregations)
