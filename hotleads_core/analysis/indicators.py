"""Indicators: lead volume, hot leads and qualification %, in total and over time.

Qualification % is hot leads over leads, with a Wilson interval (see
:mod:`hotleads_core.analysis.intervals`). The functions take the cells of
one dimension (see :mod:`hotleads_core.aggregation`), which partition all
leads of the view.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hotleads_core.analysis.intervals import proportion_interval, proportion_intervals
from hotleads_core.analysis.money import average_units, cents_to_units
from hotleads_core.analysis.periods import period_range, period_starts
from hotleads_core.analysis.results import NO_LEADS, Headline
from hotleads_core.analysis.revenue import has_known_amount

TREND_COLUMNS = ("period_start", "leads", "hot_leads", "qualification_rate", "ci_low", "ci_high")


def headline(cells: pd.DataFrame, buyer_rows: pd.DataFrame, currency: str,
             confidence_level: float) -> Headline:
    """Compute the launch totals from the cells and buyer rows of one dimension.

    ``revenue_per_buyer`` is the mean over the buyers with a known amount;
    the median is in the revenue summary.
    """
    leads = int(cells["leads"].sum())
    hot_leads = int(cells.loc[cells["band"] == "hot", "leads"].sum())
    buyers = int(cells["buyers"].sum())
    revenue_cents = int(cells["revenue_cents"].sum())
    known = buyer_rows.loc[has_known_amount(buyer_rows)]
    return Headline(
        leads=leads,
        hot_leads=hot_leads,
        qualification=proportion_interval(hot_leads, leads, confidence_level),
        buyers=buyers,
        buyers_with_amount=len(known),
        conversion=proportion_interval(buyers, leads, confidence_level),
        revenue_total=cents_to_units(revenue_cents),
        revenue_per_lead=average_units(revenue_cents, leads),
        revenue_per_buyer=average_units(int(known["revenue_cents"].sum()), len(known)),
        currency=currency,
        hot_leads_reason=NO_LEADS if leads == 0 else None,
    )


def indicators_trend(cells: pd.DataFrame, period: str, first_day: dt.date | None,
                     last_day: dt.date | None, confidence_level: float) -> pd.DataFrame:
    """Count leads and hot leads per period, with qualification % and its interval.

    Returns
    -------
    DataFrame
        Columns :data:`TREND_COLUMNS`, one row per period from ``first_day``
        to ``last_day`` (zero-lead periods present, with NA rate and bounds).
        Empty when either day is None.
    """
    if first_day is None or last_day is None:
        return _empty_trend()
    frame = pd.DataFrame({
        "period_start": period_starts(cells["day"], period),
        "leads": cells["leads"],
        "hot_leads": cells["leads"].where(cells["band"] == "hot", 0),
    })
    totals = frame.groupby("period_start").sum()
    totals = totals.reindex(period_range(first_day, last_day, period), fill_value=0)
    trend = totals.reset_index().astype({"leads": "int64", "hot_leads": "int64"})
    rate, low, high = proportion_intervals(trend["hot_leads"], trend["leads"], confidence_level)
    trend["qualification_rate"] = pd.array(rate, dtype="Float64")
    trend["ci_low"] = pd.array(low, dtype="Float64")
    trend["ci_high"] = pd.array(high, dtype="Float64")
    return trend[list(TREND_COLUMNS)]


def _empty_trend() -> pd.DataFrame:
    return pd.DataFrame({
        "period_start": pd.Series([], dtype="datetime64[us]"),
        "leads": pd.Series([], dtype="int64"),
        "hot_leads": pd.Series([], dtype="int64"),
        "qualification_rate": pd.Series([], dtype="Float64"),
        "ci_low": pd.Series([], dtype="Float64"),
        "ci_high": pd.Series([], dtype="Float64"),
    })
