"""Conversion of integer cents to currency units for presentation.

Sums stay in integer cents up to this point, so they are exact. Averages of
cents are rounded half up (half away from zero for negative amounts) to a
whole cent before division by 100; ``0.5`` cent becomes 1 cent.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def cents_to_units(cents: int) -> float:
    """Return an exact integer amount of cents in currency units."""
    return int(cents) / 100


def average_units(total_cents: int, count: int) -> float | None:
    """Return ``total_cents / count`` in currency units, rounded half up to the cent.

    None when ``count`` is 0.
    """
    if count == 0:
        return None
    return _round_half_up(total_cents / count) / 100


def median_units(cents) -> float | None:
    """Return the median of an array of cents in currency units, rounded half up.

    None for an empty array.
    """
    values = np.asarray(cents, dtype="float64")
    if values.size == 0:
        return None
    return _round_half_up(float(np.median(values))) / 100


def average_units_column(total_cents: pd.Series, count: pd.Series) -> pd.Series:
    """Return the column ``total_cents / count`` in currency units, rounded half up.

    The result is nullable ``Float64``, with NA where ``count`` is 0.
    """
    total = total_cents.to_numpy(dtype="float64", na_value=np.nan)
    divisor = count.to_numpy(dtype="float64")
    ratio = np.divide(total, divisor, out=np.full(total.shape, np.nan), where=divisor > 0)
    return units_column(pd.Series(ratio, index=total_cents.index))


def units_column(cents: pd.Series) -> pd.Series:
    """Return a column of cents in currency units, rounded half up to the cent.

    The result is nullable ``Float64``, with NA where ``cents`` is missing.
    """
    values = cents.to_numpy(dtype="float64", na_value=np.nan)
    rounded = np.sign(values) * np.floor(np.abs(values) + 0.5) / 100
    return pd.Series(rounded, index=cents.index).astype("Float64")


def _round_half_up(cents: float) -> int:
    return int(math.copysign(math.floor(abs(cents) + 0.5), cents))
