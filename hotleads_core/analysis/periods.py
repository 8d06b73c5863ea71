"""Calendar periods for trends: day, week (Monday to Sunday) and calendar month.

Days are naive midnight datetimes that stand for calendar days in the
launch's time zone (see :mod:`hotleads_core.aggregation`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd


def _day_start(days: pd.Series) -> pd.Series:
    return days


def _week_start(days: pd.Series) -> pd.Series:
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def _month_start(days: pd.Series) -> pd.Series:
    return days - pd.to_timedelta(days.dt.day - 1, unit="D")


# First day of the period that contains each day, by period name.
PERIOD_STARTS: dict[str, Callable[[pd.Series], pd.Series]] = {
    "day": _day_start,
    "week": _week_start,
    "month": _month_start,
}

# pandas frequency of consecutive period starts, by period name.
_FREQUENCIES = {"day": "D", "week": "W-MON", "month": "MS"}


def period_starts(days: pd.Series, period: str) -> pd.Series:
    """Map each day to the first day of its period.

    Raises
    ------
    ValueError
        When ``period`` is not ``day``, ``week`` or ``month``.
    """
    return _period_function(period)(days.astype("datetime64[us]"))


def period_range(first_day: dt.date, last_day: dt.date, period: str) -> pd.DatetimeIndex:
    """Return the start of every period from the one containing ``first_day`` to ``last_day``.

    Periods without leads are part of the range, so a trend shows them as zeros.
    """
    _period_function(period)
    bounds = pd.Series(pd.to_datetime([first_day, last_day])).astype("datetime64[us]")
    starts = period_starts(bounds, period)
    index = pd.date_range(starts.iloc[0], starts.iloc[1], freq=_FREQUENCIES[period])
    return index.astype("datetime64[us]").rename("period_start")


def _period_function(period: str) -> Callable[[pd.Series], pd.Series]:
    try:
        return PERIOD_STARTS[period]
    except KeyError:
        known = ", ".join(PERIOD_STARTS)
        raise ValueError(f"Unknown period {period!r}; use one of: {known}.") from None
