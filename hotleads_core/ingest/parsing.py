"""Parse numbers, money amounts and dates written as text in exports.

Each parser takes a column of text cells and returns the parsed values beside
a boolean mask of the cells that contain text but could not be parsed, so the
caller can reject those rows with their value. Empty cells are missing values,
never errors.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

CENT = Decimal("0.01")
_SYMBOLS = r"[\s\u00a0]|R\$|US\$|\$|€|£"
_NUMBER_PATTERNS = {
    ".": re.compile(r"^[-+]?(?=[\d.])(\d{1,3}(,\d{3})+|\d*)(\.\d+)?([eE][-+]?\d+)?$"),
    ",": re.compile(r"^[-+]?(?=[\d,])(\d{1,3}(\.\d{3})+|\d*)(,\d+)?$"),
}
_COMMA_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+)?,\d+$")
_POINT_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)?\.\d+$")
# One mark followed by exactly three digits (1.234 or 1,234) may be a
# thousands separator or a decimal mark, so such cells do not vote.
_AMBIGUOUS = re.compile(r"^[-+]?\d{1,3}[.,]\d{3}$")

# Excel stores a date as the number of days since 1899-12-30 (its 1900 date
# system, counting the non-existent 1900-02-29). Serial 2958465 is 9999-12-31.
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_SERIAL = r"^\d{1,7}(\.\d+)?$"
_EXCEL_MAX_SERIAL = 2958465
_ISO_START = r"^\d{4}-\d{2}-\d{2}"
_UTC_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_DAY_FIRST_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
)
_YEAR_FIRST_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d")


def detect_decimal(values: pd.Series, separator: str | None) -> str:
    """Return the decimal mark (``.`` or ``,``) that most non-empty cells of a column use.

    A cell votes for a comma when it looks like ``1.234,56`` or ``97,9`` and
    for a point when it looks like ``1,234.56`` or ``97.9``. Cells such as
    ``1.234`` and ``1,234`` do not vote. Without votes, a ``;``-separated
    file gets a comma, as in the exports of Brazilian and continental
    European spreadsheets, and other files get a point.
    """
    cells = _strip_symbols(values)
    cells = cells[~cells.str.fullmatch(_AMBIGUOUS)]
    comma_votes = int(cells.str.fullmatch(_COMMA_DECIMAL).sum())
    point_votes = int(cells.str.fullmatch(_POINT_DECIMAL).sum())
    if comma_votes != point_votes:
        return "," if comma_votes > point_votes else "."
    return "," if separator == ";" else "."


def parse_floats(values: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series]:
    """Parse numbers such as ``1.234,56`` (decimal comma) or ``1,234.56`` into float64.

    Returns
    -------
    numbers : Series of float64
        NaN for empty and invalid cells.
    invalid : Series of bool
        True where a cell contains text that is not a number in this notation.
    """
    canonical, invalid = _canonical_numbers(values, decimal)
    numbers = pd.to_numeric(canonical.where(~invalid & (canonical != ""), None), errors="coerce")
    return numbers.astype("float64"), invalid


def canonical_amounts(values: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series]:
    """Rewrite money amounts as exact decimal text, such as ``1234.56`` for ``1.234,56``.

    The text keeps every digit, so a caller can build a ``Decimal`` from it
    and round only once, after any currency conversion.

    Returns
    -------
    amounts : Series of str
        Canonical text per cell, ``""`` for empty and invalid cells.
    invalid : Series of bool
        True where a cell contains text that is not a number in this notation.
    """
    canonical, invalid = _canonical_numbers(values, decimal)
    return canonical.where(~invalid, ""), invalid


def to_cent(value: Decimal) -> Decimal:
    """Round an amount half up to the cent (582.365 becomes 582.37)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _strip_symbols(values: pd.Series) -> pd.Series:
    return values.astype("str").str.replace(_SYMBOLS, "", regex=True)


def _canonical_numbers(values: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series]:
    """Rewrite numbers with a point as the decimal mark and no thousands separator."""
    cells = _strip_symbols(values)
    filled = cells != ""
    invalid = filled & ~cells.str.fullmatch(_NUMBER_PATTERNS[decimal])
    if decimal == ",":
        canonical = cells.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        canonical = cells.str.replace(",", "", regex=False)
    return canonical, invalid


def parse_datetimes(values: pd.Series, timezone: str, dayfirst: bool) -> tuple[pd.Series, pd.Series]:
    """Parse sign-up or purchase times into time-zone aware timestamps in ``timezone``.

    Accepted notations: ISO 8601 (``2024-03-01``, ``2024-03-01 10:15:00``,
    with or without a UTC offset), ``01/03/2024 10:15`` (day first when
    ``dayfirst``, else month first, also with ``-`` or ``.``), ``2024/03/01``
    and Excel serial day numbers (``45352.4271``). Times without an offset are
    local times in ``timezone``. A local time repeated when clocks go back is
    read as its first occurrence, and a local time skipped when clocks go
    forward moves forward to the first valid time.

    Returns
    -------
    times : Series of datetime64[us, timezone]
        NaT for empty and invalid cells.
    invalid : Series of bool
        True where a cell contains text that is not a date in these notations.
    """
    cells = values.astype("str").str.strip()
    filled = cells != ""
    times = pd.Series(pd.NaT, index=cells.index, dtype=pd.DatetimeTZDtype(unit="us", tz=timezone))

    with_offset = filled & cells.str.match(_ISO_START) & cells.str.contains(_UTC_OFFSET)
    if with_offset.any():
        aware = pd.to_datetime(cells[with_offset], format="ISO8601", utc=True, errors="coerce")
        times[with_offset] = aware.dt.tz_convert(timezone).dt.as_unit("us")

    naive = _parse_naive(cells[filled & ~with_offset], dayfirst)
    if not naive.empty:
        local = naive.dt.tz_localize(timezone, ambiguous=np.ones(len(naive), dtype=bool),
                                     nonexistent="shift_forward")
        times[naive.index] = local.dt.as_unit("us")
    return times, filled & times.isna()


def _parse_naive(cells: pd.Series, dayfirst: bool) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[us]")

    serial = cells.str.fullmatch(_EXCEL_SERIAL)
    if serial.any():
        days = pd.to_numeric(cells[serial], errors="coerce")
        days = days.where((days >= 1) & (days <= _EXCEL_MAX_SERIAL))
        stamps = _EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
        parsed[serial] = stamps.dt.round("s").dt.as_unit("us")

    iso = cells.str.match(_ISO_START) & ~serial
    if iso.any():
        parsed[iso] = pd.to_datetime(cells[iso], format="ISO8601", errors="coerce").dt.as_unit("us")

    for date_format in _formats(dayfirst):
        pending = parsed.isna() & ~serial & ~iso
        if not pending.any():
            break
        attempt = pd.to_datetime(cells[pending], format=date_format, errors="coerce")
        parsed[pending] = attempt.dt.as_unit("us")
    return parsed


def _formats(dayfirst: bool) -> tuple[str, ...]:
    if dayfirst:
        return _DAY_FIRST_FORMATS + _YEAR_FIRST_FORMATS
    month_first = tuple(f.replace("%d", "%D").replace("%m", "%d").replace("%D", "%m")
                        for f in _DAY_FIRST_FORMATS)
    return month_first + _YEAR_FIRST_FORMATS
