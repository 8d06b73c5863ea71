"""Revenue: total, per lead and per buyer, in total, per group and over time.

Revenue is the sum of the paid sales credited to the view's leads, so it is
net of refunds and chargebacks (see :mod:`hotleads_core.attribution`).
Paid sales without an amount make a buyer but add no revenue; they are
counted in ``unknown_amount_sales``. A buyer whose every paid sale lacks an
amount has no known revenue, so the mean and median per buyer are taken
over the buyers with a known amount only. A group where one sale is more than
half of the revenue is flagged, because its mean per buyer then reflects
that sale more than the group.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hotleads_core.analysis.caveats import warn_caller
from hotleads_core.analysis.money import (
    average_units,
    average_units_column,
    median_units,
    units_column,
)
from hotleads_core.analysis.periods import period_range, period_starts
from hotleads_core.analysis.results import NO_BUYERS, NO_KNOWN_AMOUNTS, RevenueSummary

REVENUE_TREND_COLUMNS = ("period_start", "paid_sales", "revenue", "hot_revenue", "rest_revenue")

BY_GROUP_COLUMNS = (
    "group", "leads", "buyers", "buyers_with_amount", "revenue", "revenue_per_lead",
    "revenue_per_buyer_mean",
    "revenue_per_buyer_median", "max_sale", "concentrated",
)


def summarise_revenue(cells: pd.DataFrame, buyers: pd.DataFrame, currency: str) -> RevenueSummary:
    """Summarise the revenue of one dimension's cells and buyer rows.

    Warns once with :class:`HotLeadsWarning` when, in the whole view or in
    any group, one sale is more than half of the revenue.
    """
    totals = cells[["leads", "buyers", "paid_sales", "revenue_cents", "unknown_amount_sales",
                    "refunded_sales", "refunded_cents", "chargeback_sales", "chargeback_cents",
                    "pending_sales", "pending_cents"]].sum()
    known = buyers.loc[has_known_amount(buyers)]
    by_group = _by_group(cells, known)
    messages = _concentration_messages(by_group, buyers, int(totals["revenue_cents"]))
    if messages:
        warn_caller(_concentration_warning(messages, int(by_group["concentrated"].sum())))
    return RevenueSummary(
        total=int(totals["revenue_cents"]) / 100,
        per_lead=average_units(int(totals["revenue_cents"]), int(totals["leads"])),
        per_buyer_mean=average_units(int(known["revenue_cents"].sum()), len(known)),
        per_buyer_median=median_units(known["revenue_cents"]),
        per_buyer_reason=_per_buyer_reason(int(totals["buyers"]), len(known)),
        buyers=int(totals["buyers"]),
        buyers_with_amount=len(known),
        paid_sales=int(totals["paid_sales"]),
        unknown_amount_sales=int(totals["unknown_amount_sales"]),
        refunded_sales=int(totals["refunded_sales"]),
        chargeback_sales=int(totals["chargeback_sales"]),
        pending_sales=int(totals["pending_sales"]),
        refunded=int(totals["refunded_cents"]) / 100,
        chargeback=int(totals["chargeback_cents"]) / 100,
        pending=int(totals["pending_cents"]) / 100,
        by_group=by_group,
        warnings=tuple(messages),
        currency=currency,
    )


def has_known_amount(buyers: pd.DataFrame) -> pd.Series:
    """Mark the buyer rows with at least one paid sale of known amount.

    A buyer whose paid sales all lack an amount has no known revenue: its
    ``revenue_cents`` of 0 means "unknown", not "spent nothing".
    """
    return buyers["paid_sales"] > buyers["unknown_amount_sales"]


def _per_buyer_reason(buyers: int, buyers_with_amount: int) -> str | None:
    if buyers == 0:
        return NO_BUYERS
    if buyers_with_amount == 0:
        return NO_KNOWN_AMOUNTS
    return None


def revenue_trend(sales_by_day: pd.DataFrame, period: str, first_day: dt.date | None,
                  last_day: dt.date | None) -> pd.DataFrame:
    """Sum paid sales and revenue per period of purchase, split into hot and rest.

    The range runs from ``first_day`` to the later of ``last_day`` and the
    last purchase, because sales can come after the capture period. Periods
    without sales are present with zeros.

    Returns
    -------
    DataFrame
        Columns :data:`REVENUE_TREND_COLUMNS`; money in currency units.
        Empty when there is no calendar (no leads and no capture period).
    """
    if first_day is None or last_day is None:
        return _empty_trend()
    if len(sales_by_day):
        last_day = max(last_day, sales_by_day["purchase_day"].max().date())
    hot = sales_by_day["band"] == "hot"
    frame = pd.DataFrame({
        "period_start": period_starts(sales_by_day["purchase_day"], period),
        "paid_sales": sales_by_day["paid_sales"],
        "revenue_cents": sales_by_day["revenue_cents"],
        "hot_cents": sales_by_day["revenue_cents"].where(hot, 0),
        "rest_cents": sales_by_day["revenue_cents"].where(~hot, 0),
    })
    totals = frame.groupby("period_start").sum()
    totals = totals.reindex(period_range(first_day, last_day, period), fill_value=0)
    trend = totals.reset_index()
    trend["paid_sales"] = trend["paid_sales"].astype("int64")
    for name, cents in (("revenue", "revenue_cents"), ("hot_revenue", "hot_cents"),
                        ("rest_revenue", "rest_cents")):
        trend[name] = trend[cents].astype("int64") / 100
    return trend[list(REVENUE_TREND_COLUMNS)]


def _by_group(cells: pd.DataFrame, known_buyers: pd.DataFrame) -> pd.DataFrame:
    """Sum each group's cells; per-buyer figures come from ``known_buyers`` only.

    Buyers without a known amount have no sale in ``max_sale_cents`` either,
    so taking the largest sale over ``known_buyers`` loses nothing.
    """
    sums = cells.groupby("group", sort=True)[["leads", "buyers", "revenue_cents"]].sum()
    per_buyer = known_buyers.groupby("group", sort=True)["revenue_cents"]
    max_sale = known_buyers.groupby("group", sort=True)["max_sale_cents"].max()
    table = (sums.join(per_buyer.size().rename("buyers_with_amount"))
             .join(per_buyer.sum().rename("known_cents"))
             .join(per_buyer.median().rename("median_cents"))
             .join(max_sale.rename("max_cents")))
    table = table.reset_index()
    table["buyers_with_amount"] = table["buyers_with_amount"].fillna(0).astype("int64")
    table["revenue"] = table["revenue_cents"] / 100
    table["revenue_per_lead"] = average_units_column(table["revenue_cents"], table["leads"])
    table["revenue_per_buyer_mean"] = average_units_column(
        table["known_cents"].fillna(0), table["buyers_with_amount"])
    table["revenue_per_buyer_median"] = units_column(table["median_cents"])
    table["max_sale"] = (table["max_cents"].fillna(0) / 100).astype("float64")
    table["concentrated"] = (table["revenue_cents"] > 0) & (
        2 * table["max_cents"].fillna(0) > table["revenue_cents"])
    table["group"] = table["group"].astype("str")
    return table[list(BY_GROUP_COLUMNS)]


def _concentration_messages(by_group: pd.DataFrame, buyers: pd.DataFrame,
                            total_cents: int) -> list[str]:
    messages = [
        f"In group {row.group!r}, one sale of {row.max_sale:.2f} is more than half of the "
        f"group's revenue of {row.revenue:.2f}; read its mean per buyer with care."
        for row in by_group.loc[by_group["concentrated"]].itertuples()
    ]
    largest = int(buyers["max_sale_cents"].max()) if len(buyers) else 0
    if total_cents > 0 and 2 * largest > total_cents:
        messages.insert(0, f"One sale of {largest / 100:.2f} is more than half of the total "
                           f"revenue of {total_cents / 100:.2f}.")
    return messages


def _concentration_warning(messages: list[str], concentrated_groups: int) -> str:
    """Join the first concentration message with a count of the groups it leaves out.

    ``messages`` starts with the launch-wide message when there is one,
    followed by one message per concentrated group.
    """
    starts_with_total = len(messages) > concentrated_groups
    groups_left_out = concentrated_groups if starts_with_total else concentrated_groups - 1
    if groups_left_out == 0:
        return messages[0]
    noun = "group" if groups_left_out == 1 else "groups"
    more = "" if starts_with_total else "more "
    return (f"{messages[0]} One sale is also more than half of the revenue in "
            f"{groups_left_out} {more}{noun}.")


def _empty_trend() -> pd.DataFrame:
    return pd.DataFrame({
        "period_start": pd.Series([], dtype="datetime64[us]"),
        "paid_sales": pd.Series([], dtype="int64"),
        "revenue": pd.Series([], dtype="float64"),
        "hot_revenue": pd.Series([], dtype="float64"),
        "rest_revenue": pd.Series([], dtype="float64"),
    })
