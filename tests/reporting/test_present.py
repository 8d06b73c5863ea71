"""Formatting of figures for the report: rates, differences, money, missing values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from hotleads_core.analysis.results import Estimate, Rate
from hotleads_core.reporting.present import (
    format_count, format_difference, format_money, format_percent, format_rate,
    format_rate_cells, format_ratio, html_table,
)


def rate(successes, trials, estimate, low, high, reason=None):
    return Rate(successes, trials, estimate, low, high, "wilson", 0.95, reason)


def test_rate_with_interval():
    assert format_rate(rate(123, 1000, 0.123, 0.101, 0.148)) == "12.3 % [10.1\u201314.8]"


def test_rate_without_leads_shows_reason():
    assert format_rate(rate(0, 0, None, None, None, "no leads")) == "no leads"


@pytest.mark.parametrize(
    "value",
    [None, float("nan"), math.inf, pd.NA],
    ids=["none", "nan", "inf", "pandas-na"],
)
def test_missing_values_read_not_available(value):
    assert format_percent(value) == "n/a"
    assert format_count(value) == "n/a"
    assert format_money(value, "BRL") == "n/a"


def test_rate_cells_use_row_note_when_missing():
    assert format_rate_cells(pd.NA, pd.NA, pd.NA, "no leads") == "no leads"
    assert format_rate_cells(0.5, 0.25, 0.75) == "50.0 % [25.0\u201375.0]"


def test_difference_in_percentage_points():
    difference = Estimate("difference", 0.104, 0.079, 0.131, "newcomb", 0.95)
    assert format_difference(difference) == "+10.4 pp [+7.9\u2013+13.1]"


def test_ratio_without_interval_keeps_reason():
    lift = Estimate("ratio", 2.0, None, None, "log-adjusted", 0.95, "not informative")
    assert format_ratio(lift) == "2.00\u00d7 (not informative)"


def test_ratio_not_estimable():
    lift = Estimate("ratio", None, None, None, "log-adjusted", 0.95,
                    "not estimable (baseline has 0 buyers)")
    assert format_ratio(lift) == "not estimable (baseline has 0 buyers)"


def test_money_and_counts_use_separators():
    assert format_money(1234567.5, "BRL") == "1,234,567.50 BRL"
    assert format_count(5998) == "5,998"


def test_table_escapes_cells():
    table = html_table(["Group", "Leads"], [["<script>", "3"]], [False, True])
    assert "<script>" not in table
    assert "&lt;script&gt;" in table
    assert '<td class="number" style="white-space: nowrap">3</td>' in table
