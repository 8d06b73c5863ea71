"""Number, amount and date parsers on tables of cells, with values worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from hotleads_core.ingest.parsing import (
    canonical_amounts,
    detect_decimal,
    parse_datetimes,
    parse_floats,
)
from hotleads_core.ingest.readers import detect_separator

TZ = "America/Sao_Paulo"


def cells(*values):
    return pd.Series(list(values), dtype="str")


@pytest.mark.parametrize(
    ("values", "separator", "expected"),
    [
        (("1.234,56", "97,9"), ";", ","),
        (("1,234.56", "97.9"), ",", "."),
        (("1.234", "2.500"), ";", ","),
        (("1.234", "2.500"), ",", "."),
        (("R$ 1.234,56",), ",", ","),
        (("", "10"), "\t", "."),
    ],
    ids=["comma", "point", "ambiguous-semicolon", "ambiguous-comma", "currency-symbol", "integers"],
)
def test_detect_decimal(values, separator, expected):
    assert detect_decimal(cells(*values), separator) == expected


@pytest.mark.parametrize(
    ("cell", "decimal", "expected"),
    [
        ("1.234,56", ",", "1234.56"),
        ("-97,9", ",", "-97.9"),
        ("1,234,567.8", ".", "1234567.8"),
        ("5e7", ".", "5e7"),
        ("R$\u00a01.234,56", ",", "1234.56"),
        ("", ",", ""),
    ],
    ids=["brazilian", "negative", "thousands", "exponent", "symbol-nbsp", "empty"],
)
def test_canonical_amounts_valid(cell, decimal, expected):
    texts, invalid = canonical_amounts(cells(cell), decimal)
    assert texts.tolist() == [expected]
    assert invalid.tolist() == [False]


@pytest.mark.parametrize(
    ("cell", "decimal"),
    [("497.00", ","), ("1.234,56", "."), ("12,34,5", "."), ("abc", "."), ("-", "."), ("1,2.3", ",")],
    ids=["point-in-comma-file", "comma-in-point-file", "bad-groups", "text", "sign-only", "mixed"],
)
def test_canonical_amounts_invalid(cell, decimal):
    texts, invalid = canonical_amounts(cells(cell), decimal)
    assert texts.tolist() == [""]
    assert invalid.tolist() == [True]


def test_parse_floats_missing_and_invalid():
    numbers, invalid = parse_floats(cells("3", "", "x", "0,5"), ",")
    assert numbers.iloc[0] == 3.0
    assert pd.isna(numbers.iloc[1])
    assert pd.isna(numbers.iloc[2])
    assert numbers.iloc[3] == 0.5
    assert invalid.tolist() == [False, False, True, False]


@pytest.mark.parametrize(
    ("cell", "dayfirst", "expected"),
    [
        ("12/03/2024 09:30", True, "2024-03-12 09:30"),
        ("12/03/2024 09:30", False, "2024-12-03 09:30"),
        ("2024-03-12", True, "2024-03-12 00:00"),
        ("45363", True, "2024-03-12 00:00"),
        ("2024-03-12T12:30:00+00:00", False, "2024-03-12 09:30"),
    ],
    ids=["day-first", "month-first", "iso-date", "excel-serial", "utc-offset"],
)
def test_parse_datetimes_valid(cell, dayfirst, expected):
    times, invalid = parse_datetimes(cells(cell), TZ, dayfirst)
    assert times.tolist() == [pd.Timestamp(expected, tz=TZ)]
    assert invalid.tolist() == [False]


@pytest.mark.parametrize("cell", ["31/02/2024", "13/13/2024", "tomorrow", "0", "99999999"],
                         ids=["no-such-day", "no-such-month", "word", "serial-zero", "serial-too-large"])
def test_parse_datetimes_invalid(cell):
    times, invalid = parse_datetimes(cells(cell), TZ, True)
    assert pd.isna(times.iloc[0])
    assert invalid.tolist() == [True]


def test_naive_time_in_launch_zone():
    # Sao Paulo kept daylight saving time in January 2018 (UTC-2) and dropped it in 2019 (UTC-3).
    times, _ = parse_datetimes(cells("2018-01-15 10:00", "2024-01-15 10:00"), TZ, True)
    assert [t.utcoffset().total_seconds() / 3600 for t in times] == [-2.0, -3.0]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("a,b;c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("a|b|c", "|"), ('"x;y",b', ","), ("email", ",")],
    ids=["comma-tie", "semicolon", "tab", "pipe", "quoted-semicolon", "single-column"],
)
def test_detect_separator(header, expected):
    assert detect_separator(header + "\n") == expected
