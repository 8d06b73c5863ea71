"""Tests of the dashboard's HTML rendering, on hand-built analysis results."""

import dataclasses
import datetime as dt
import types
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from hotleads_core.analysis.results import (  # noqa: E402
    ConversionComparison,
    Estimate,
    Headline,
    Rate,
    RevenueSummary,
)
from hotleads_core.analysis.model_check import BandAssessment  # noqa: E402
from hotleads_core.dashboard import render, render_quality, render_tables  # noqa: E402
from hotleads_core.dashboard.launches import LaunchEntry  # noqa: E402


def _rate(successes, trials, low, high, reason=None):
    estimate = successes / trials if trials else None
    return Rate(successes, trials, estimate, low, high, "wilson", 0.95, reason)


def _headline():
    return Headline(
        leads=120, hot_leads=30, qualification=_rate(30, 120, 0.18, 0.33),
        buyers=12, buyers_with_amount=12, conversion=_rate(12, 120, 0.058, 0.167),
        revenue_total=1234.5, revenue_per_lead=10.29, revenue_per_buyer=102.88, currency="BRL",
    )


def _channels():
    return pd.DataFrame({
        "group": ["paid_search", "<b>email</b>"],
        "leads": [100, 20],
        "hot_leads": [28, 2],
        "qualification_rate": pd.array([0.28, 0.1], dtype="Float64"),
        "qualification_ci_low": pd.array([0.2, 0.028], dtype="Float64"),
        "qualification_ci_high": pd.array([0.37, 0.3], dtype="Float64"),
        "buyers": [10, 2],
        "conversion_rate": pd.array([0.1, 0.1], dtype="Float64"),
        "conversion_ci_low": pd.array([0.055, 0.028], dtype="Float64"),
        "conversion_ci_high": pd.array([0.174, 0.3], dtype="Float64"),
        "revenue": [1000.0, 234.5],
        "revenue_per_lead": pd.array([10.0, 11.725], dtype="Float64"),
        "small_sample": [False, True],
        "in_plan": [True, False],
        "note": ["", ""],
    })


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.1234, "12.3%"), (0.0, "0.0%"), (1.0, "100.0%"), (None, "n/a"), (pd.NA, "n/a"),
     (float("nan"), "n/a")],
    ids=["fraction", "zero", "one", "none", "pandas-na", "nan"],
)
def test_format_percent_values(value, expected):
    assert render.format_percent(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0.107, "+10.7 pp"), (-0.05, "-5.0 pp"), (None, "n/a")],
    ids=["positive", "negative", "none"],
)
def test_format_points_values(value, expected):
    assert render.format_points(value) == expected


def test_format_money_thousands_and_cents():
    assert render.format_money(1234567.891, "BRL") == "BRL 1,234,567.89"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(60_630_000.0, "BRL 60.6 M"), (1_837_272.73, "BRL 1.84 M"), (250_000.0, "BRL 250 k"),
     (999_999.0, "BRL 1.00 M"), (12_345_678_901.0, "BRL 12.3 B"), (99_999.99, "BRL 99,999.99"),
     (None, "n/a")],
    ids=["tens-of-millions", "millions", "thousands", "rounds-up-a-unit", "billions",
         "below-compact-size", "none"],
)
def test_format_money_compact_values(value, expected):
    assert render.format_money_compact(value, "BRL") == expected


def test_tiles_show_large_revenue_compact_with_exact_title():
    headline = dataclasses.replace(_headline(), revenue_total=60_630_000.0)

    tiles = render.tiles_html(headline)

    assert 'title="BRL 60,630,000.00">BRL 60.6 M<' in tiles


def test_format_interval_missing_bound():
    assert render.format_interval(0.1, None) == "n/a"


def test_tiles_show_counts_and_interval():
    tiles = render.tiles_html(_headline())

    assert ">120<" in tiles
    assert ">25.0%<" in tiles
    assert "95% CI 18.0%–33.0%" in tiles
    assert "BRL 1,234.50" in tiles


def test_tiles_show_reason_instead_of_interval():
    empty = Headline(leads=0, hot_leads=0, qualification=_rate(0, 0, None, None, "no leads"),
                     buyers=0, buyers_with_amount=0,
                     conversion=_rate(0, 0, None, None, "no leads"),
                     revenue_total=0.0, revenue_per_lead=None, revenue_per_buyer=None,
                     currency="BRL")

    tiles = render.tiles_html(empty)

    assert "no leads" in tiles
    assert "CI" not in tiles


def test_channel_table_keeps_row_order_and_totals():
    table = render_tables.channel_table_html(_channels(), "utm_medium", _headline(), 30)

    body, foot = table.split("<tfoot>")
    assert body.index("paid_search") < body.index("email")
    assert "<td>All leads</td><td>120</td><td>30</td>" in foot
    assert "<th>Medium</th>" in table


def test_channel_table_marks_small_group_uncertain():
    table = render_tables.channel_table_html(_channels(), "utm_medium", _headline(), 30)
    email_row = table.split('<tr class="hl-row">')[2]

    assert "hl-uncertain" in email_row
    assert "not planned" not in email_row
    assert "Fewer than 30 leads" in email_row
    assert "2.8%–30.0%" in email_row


def test_channel_table_marks_unplanned_with_plan():
    table = render_tables.channel_table_html(_channels(), "utm_medium", _headline(), 30, has_plan=True)
    rows = table.split('<tr class="hl-row">')

    assert "not planned" not in rows[1]
    assert "not planned" in rows[2]


def test_channel_table_escapes_group_names():
    table = render_tables.channel_table_html(_channels(), "utm_medium", _headline(), 30)

    assert "<b>email</b>" not in table
    assert "&lt;b&gt;email&lt;/b&gt;" in table


def test_conversion_shows_lift_interval_and_reason():
    comparison = ConversionComparison(
        hot=_rate(9, 30, 0.167, 0.479), rest=_rate(3, 90, 0.011, 0.094),
        difference=Estimate("difference", 0.2667, 0.12, 0.44, "newcomb", 0.95),
        lift=Estimate("ratio", 9.0, None, None, "log-adjusted", 0.95, "not informative"),
        table=pd.DataFrame(), by_group=pd.DataFrame(columns=[
            "group", "hot_leads", "hot_buyers", "hot_rate", "rest_leads", "rest_buyers",
            "rest_rate", "difference", "difference_ci_low", "difference_ci_high", "lift",
            "lift_ci_low", "lift_ci_high", "note"]),
    )

    shown = render_tables.conversion_html(comparison, _headline(), "utm_source")

    assert "+26.7 pp" in shown
    assert "95% CI +12.0 pp–+44.0 pp" in shown
    assert "9.00×" in shown
    assert "not informative" in shown
    assert "<h3>Hot against rest by source</h3>" in shown


def test_revenue_lists_groups_and_warnings():
    revenue = RevenueSummary(
        total=1234.5, per_lead=10.29, per_buyer_mean=102.88, per_buyer_median=80.0,
        per_buyer_reason=None, buyers=12, buyers_with_amount=12, paid_sales=13, unknown_amount_sales=0, refunded_sales=1, chargeback_sales=0,
        pending_sales=0, refunded=50.0, chargeback=0.0, pending=0.0,
        by_group=pd.DataFrame({
            "group": ["paid_search"], "leads": [100], "buyers": [10],
            "buyers_with_amount": [10], "revenue": [1000.0],
            "revenue_per_lead": [10.0], "revenue_per_buyer_mean": [100.0],
            "revenue_per_buyer_median": [90.0], "max_sale": [600.0], "concentrated": [True],
        }),
        warnings=("One sale is more than half of paid_search's revenue.",), currency="BRL",
    )

    shown = render_tables.revenue_html(revenue, "utm_medium")

    assert "BRL 80.00" in shown
    # 600 is more than half of the group's 1,000 but not of the total 1,234.50.
    assert ("In group paid_search, one sale of BRL 600.00 is more than half of the group&#x27;s "
            "revenue of BRL 1,000.00") in shown
    assert "of the total revenue" not in shown
    assert "One sale is more than half of paid_search" not in shown
    assert "<td>paid_search</td><td>100</td><td>10</td><td>10</td><td>BRL 1,000.00</td>" in shown
    assert "buyers have a known amount" not in shown


def _partly_known_revenue(buyers_with_amount, mean, median, reason=None):
    return RevenueSummary(
        total=400.0, per_lead=40.0, per_buyer_mean=mean, per_buyer_median=median,
        per_buyer_reason=reason, buyers=3, buyers_with_amount=buyers_with_amount, paid_sales=3,
        unknown_amount_sales=3 - buyers_with_amount, refunded_sales=0, chargeback_sales=0,
        pending_sales=0, refunded=0.0, chargeback=0.0, pending=0.0,
        by_group=pd.DataFrame({
            "group": ["paid_search"], "leads": [10], "buyers": [3],
            "buyers_with_amount": [buyers_with_amount], "revenue": [400.0],
            "revenue_per_lead": [40.0], "revenue_per_buyer_mean": pd.array([mean], dtype="Float64"),
            "revenue_per_buyer_median": pd.array([median], dtype="Float64"),
            "max_sale": [300.0], "concentrated": [False],
        }),
        warnings=(), currency="BRL",
    )


def test_revenue_shows_known_amount_count():
    shown = render_tables.revenue_html(_partly_known_revenue(2, 200.0, 200.0), "utm_medium")

    assert "2 of 3 buyers have a known amount." in shown
    assert "BRL 200.00" in shown
    assert "<td>paid_search</td><td>10</td><td>3</td><td>2</td><td>BRL 400.00</td>" in shown


def test_revenue_without_known_amounts_shows_reason():
    shown = render_tables.revenue_html(_partly_known_revenue(0, None, None, "no buyer has a known amount"),
                                "utm_medium")

    assert "0 of 3 buyers have a known amount." in shown
    assert "Median revenue per buyer: n/a (no buyer has a known amount)." in shown
    assert "BRL 0.00" not in shown


def test_tiles_show_known_amount_count():
    headline = dataclasses.replace(_headline(), buyers_with_amount=5)

    tiles = render.tiles_html(headline)

    assert tiles.count("5 of 12 buyers have a known amount.") == 3


def test_chart_html_shows_reason_without_figure():
    shown = render.chart_html(None, "No leads in this date range yet.")

    assert "No leads in this date range yet." in shown
    assert "<img" not in shown


def test_chart_html_inlines_png():
    figure, axes = plt.subplots()
    axes.plot([0, 1], [0, 1])

    shown = render.chart_html(figure, "unused")

    assert shown.startswith('<img class="hl-chart"')
    assert "data:image/png;base64," in shown
    assert not plt.fignum_exists(figure.number)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (LaunchEntry(Path("a.yaml"), "olist-2018", "Olist 2018", "evergreen",
                     dt.date(2018, 1, 1), dt.date(2018, 5, 31), 4242),
         "olist-2018 · evergreen · 2018-01-01 to 2018-05-31 · 4,242 leads in the export"),
        (LaunchEntry(Path("b.yaml"), "b", "B", "classic", None, None, None),
         "b · classic · no capture period set · lead count not available"),
    ],
    ids=["dated", "undated"],
)
def test_launch_card_lists_details(entry, expected):
    assert expected in render.launch_card_html(entry)


def test_launch_card_shows_invalid_file():
    entry = LaunchEntry(Path("c.yaml"), "c", "c", "", None, None, None, error="Unknown field 'x'.")

    assert "This launch file cannot be used: Unknown field &#x27;x&#x27;." in render.launch_card_html(entry)


def _quality_data(rejects):
    from hotleads_core.ingest.quality import DataQualitySummary, FileQuality, SalesQuality

    quality = DataQualitySummary(
        files=(FileQuality("leads", "/x/leads.csv", "utf-8", ",", 3, 2, 1),),
        leads=2655, duplicates_merged=0,
        missing_utm=pd.DataFrame({"field": ["utm_medium"], "leads_without": [347],
                                  "share": [347 / 2655]}),
        utm_spellings=pd.DataFrame(columns=["field", "value", "raw_spelling", "rows"]),
        sales=SalesQuality(transactions=40, unknown_amounts=7), rejected_by_reason={},
    )
    return types.SimpleNamespace(quality=quality, rejects=rejects)


def _rejects(count):
    return pd.DataFrame({
        "file": ["/x/leads.csv"] * count, "row": list(range(2, 2 + count)),
        "column": ["email"] * count, "value": ["not-an-email@@example"] * count,
        "reason": ["invalid_email"] * count, "message": ["m"] * count,
    })


def test_quality_counts_rejects_without_values():
    shown = render_quality.quality_html(_quality_data(_rejects(1)))

    assert "not-an-email@@example" not in shown
    assert ("<td>leads.csv</td><td>email</td><td>invalid e-mail address</td><td>1</td>"
            in shown)
    assert "1 row was rejected." in shown


def test_quality_plural_rejects():
    shown = render_quality.quality_html(_quality_data(_rejects(2)))

    assert "2 rows were rejected." in shown


def test_quality_figures_readable():
    shown = render_quality.quality_html(_quality_data(_rejects(0)))

    # 347 of 2,655 leads is 13.07 %.
    assert "<td>Leads without a UTM medium</td><td>347 (13.1%)</td>" in shown
    assert "<td>Sales without an amount</td><td>7</td>" in shown
    assert "<td>Leads</td><td>leads.csv</td><td>3</td><td>2</td><td>1</td>" in shown
    assert "unknown_amounts" not in shown
    assert "No row was rejected." in shown


def test_badges_use_report_wording():
    table = render_tables.channel_table_html(_channels(), "utm_medium", _headline(), 30, has_plan=True)

    assert ">small sample</span>" in table
    assert ">not planned</span>" in table


def test_conversion_groups_follow_channel_order():
    by_group = pd.DataFrame({
        "group": ["a", "b", "c"], "hot_leads": [1, 2, 3], "hot_buyers": [0, 1, 1],
        "hot_rate": [0.0, 0.5, 1 / 3], "rest_leads": [10, 20, 30], "rest_buyers": [1, 2, 3],
        "rest_rate": [0.1, 0.1, 0.1], "difference": [None, None, None],
        "difference_ci_low": [None, None, None], "difference_ci_high": [None, None, None],
        "lift": [None, None, None], "lift_ci_low": [None, None, None],
        "lift_ci_high": [None, None, None], "note": ["", "", ""],
    })
    comparison = ConversionComparison(
        hot=_rate(6, 6, 0.6, 1.0), rest=_rate(6, 60, 0.05, 0.2),
        difference=Estimate("difference", 0.9, 0.5, 0.95, "newcomb", 0.95),
        lift=Estimate("ratio", 10.0, 5.0, 20.0, "log-adjusted", 0.95),
        table=pd.DataFrame(), by_group=by_group,
    )

    shown = render_tables.conversion_html(comparison, _headline(), "utm_source", ["c", "a", "b"], 2)
    table = shown.split("hl-conversion-by-group")[1]

    assert table.index("<td>c</td>") < table.index("<td>a</td>")
    assert "<td>b</td>" not in table
    assert "The first 2 of 3 groups" in shown
    assert "<td>c</td><td>3</td><td>33.3%</td><td>30</td><td>10.0%</td>" in table


def _weekly_trend(*starts):
    return pd.DataFrame({"period_start": pd.to_datetime(list(starts)), "leads": [1] * len(starts)})


def test_partial_periods_first_and_last_week():
    # Weeks start on Monday 2018-01-01 and 2018-01-15; the dates run Wednesday to Tuesday.
    trend = _weekly_trend("2018-01-01", "2018-01-08", "2018-01-15")

    note = render.partial_periods_html(trend, "week", dt.date(2018, 1, 3), dt.date(2018, 1, 16))

    assert ("The first week of the chart, from 2018-01-01, is partial: "
            "the dates shown start on 2018-01-03.") in note
    assert ("The last week of the chart, from 2018-01-15, is partial: "
            "the dates shown end on 2018-01-16.") in note


@pytest.mark.parametrize(
    ("period", "last_day"), [("week", dt.date(2018, 1, 14)), ("day", dt.date(2018, 1, 9))],
    ids=["full-weeks", "days"],
)
def test_partial_periods_none(period, last_day):
    trend = _weekly_trend("2018-01-01", "2018-01-08")

    assert render.partial_periods_html(trend, period, dt.date(2018, 1, 1), last_day) == ""


def test_band_notice_shows_reason():
    reason = "On leads the model did not see, its ROC AUC is 0.49, no better than chance."
    notice = render.band_notice_html(BandAssessment(informative=False, reason=reason))

    assert 'class="hl-message hl-warning hl-band-notice"' in notice
    assert reason in notice


@pytest.mark.parametrize("assessment", [None, BandAssessment(informative=True)],
                         ids=["unscored", "informative"])
def test_band_notice_empty_when_nothing_to_flag(assessment):
    assert render.band_notice_html(assessment) == ""
