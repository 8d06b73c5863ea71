"""Views of the hand-computed launch: headline, trends, channels, conversion and revenue."""

import dataclasses
import datetime as dt
import warnings

import pandas as pd
import pytest
from analysis_builders import LAUNCH_LEADS, LAUNCH_SALES, launch_config, make_leads, make_sales

from hotleads_core.aggregation import aggregate
from hotleads_core.analysis import ViewSettings, build_view
from hotleads_core.analysis.channels import CHANNEL_COLUMNS, ORDER_MEASURES
from hotleads_core.analysis.indicators import TREND_COLUMNS
from hotleads_core.analysis.money import average_units, median_units
from hotleads_core.config import UTM_FIELDS
from hotleads_core.errors import HotLeadsWarning
from hotleads_core.pipeline import LaunchAnalysis


def _settings(**changes):
    settings = ViewSettings(sort_by="utm_source", order_by="qualification_rate", start=None,
                            end=None, period="week", confidence_level=0.95, min_group_leads=2)
    return dataclasses.replace(settings, **changes)


def _view(leads=None, sales=None, **changes):
    leads = make_leads(LAUNCH_LEADS) if leads is None else leads
    sales = make_sales(LAUNCH_SALES) if sales is None else sales
    tables = aggregate(leads, sales, launch_config())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        return build_view(tables, _settings(**changes))


@pytest.fixture(scope="module")
def view():
    return _view()


def test_headline_counts(view):
    headline = view.headline
    assert headline.leads == 6
    assert headline.hot_leads == 3
    assert headline.buyers == 3
    assert headline.qualification.estimate == pytest.approx(0.5)
    assert headline.conversion.estimate == pytest.approx(0.5)
    assert headline.currency == "BRL"


def test_headline_money_rounded_half_up(view):
    headline = view.headline
    assert headline.revenue_total == pytest.approx(1147.01)
    # 114701 cents / 6 leads = 19116.83 cents, so 191.17.
    assert headline.revenue_per_lead == pytest.approx(191.17)
    # L4's only paid sale has no amount, so the mean is over L1 and L6:
    # 114701 cents / 2 buyers = 57350.5 cents, rounded half up to 573.51.
    assert headline.buyers_with_amount == 2
    assert headline.revenue_per_buyer == pytest.approx(573.51)


def test_headline_qualification_wilson(view):
    # Wilson 95 % for 3/6: centre 0.5, half-width 1.95996 * sqrt(0.25 * 6 + 0.9604) / 9.84146.
    assert view.headline.qualification.ci_low == pytest.approx(0.1876, abs=5e-5)
    assert view.headline.qualification.ci_high == pytest.approx(0.8124, abs=5e-5)


def test_trend_has_zero_lead_weeks(view):
    trend = view.indicators_trend
    assert list(trend.columns) == list(TREND_COLUMNS)
    starts = [d.strftime("%Y-%m-%d") for d in trend["period_start"]]
    assert starts == ["2024-02-26", "2024-03-04", "2024-03-11", "2024-03-18"]
    assert trend["leads"].tolist() == [0, 4, 2, 0]
    assert trend["hot_leads"].tolist() == [0, 2, 1, 0]
    assert trend["qualification_rate"].iloc[0] is pd.NA
    assert trend["qualification_rate"].iloc[1] == pytest.approx(0.5)


def test_trend_by_day_covers_capture_period():
    trend = _view(period="day").indicators_trend
    assert len(trend) == 28
    assert trend["leads"].sum() == 6
    march_4 = trend.loc[trend["period_start"] == pd.Timestamp("2024-03-04")]
    assert march_4["leads"].tolist() == [2]


def test_trend_by_month():
    trend = _view(period="month").indicators_trend
    assert [d.strftime("%Y-%m-%d") for d in trend["period_start"]] == ["2024-02-01", "2024-03-01"]
    assert trend["leads"].tolist() == [0, 6]


def test_channels_columns_and_order(view):
    channels = view.channels
    assert list(channels.columns) == list(CHANNEL_COLUMNS)
    assert channels["group"].tolist() == ["email", "facebook", "(not set)", "google", "tiktok"]


def test_channels_figures(view):
    channels = view.channels.set_index("group")
    assert channels.loc["facebook", "leads"] == 2
    assert channels.loc["facebook", "hot_leads"] == 2
    assert channels.loc["facebook", "buyers"] == 1
    assert channels.loc["facebook", "revenue"] == pytest.approx(150.01)
    # 15001 cents / 2 leads = 7500.5 cents, rounded half up to 7501.
    assert channels.loc["facebook", "revenue_per_lead"] == pytest.approx(75.01)
    assert channels.loc["google", "conversion_rate"] == pytest.approx(0.5)


def test_channels_plan_and_small_sample_flags(view):
    channels = view.channels.set_index("group")
    assert channels.loc["tiktok", "leads"] == 0
    assert channels.loc["tiktok", "in_plan"]
    assert channels.loc["tiktok", "note"] == "no leads"
    assert not channels.loc["email", "in_plan"]
    assert channels.loc["email", "small_sample"]
    assert not channels.loc["facebook", "small_sample"]
    assert channels.loc["(not set)", "small_sample"]


@pytest.mark.parametrize("order_by", ORDER_MEASURES, ids=ORDER_MEASURES)
def test_channels_sorted_descending(order_by):
    channels = _view(order_by=order_by).channels
    values = channels[order_by].dropna().tolist()
    assert values == sorted(values, reverse=True)
    assert channels["group"].iloc[-1] == "tiktok"


def test_channels_ordered_by_leads_ties_by_name():
    channels = _view(order_by="leads").channels
    assert channels["group"].tolist() == ["facebook", "google", "(not set)", "email", "tiktok"]


@pytest.mark.parametrize("dimension", UTM_FIELDS, ids=UTM_FIELDS)
def test_channels_sum_to_headline(dimension):
    view = _view(sort_by=dimension)
    channels = view.channels
    assert channels["leads"].sum() == view.headline.leads
    assert channels["hot_leads"].sum() == view.headline.hot_leads
    assert channels["buyers"].sum() == view.headline.buyers
    assert channels["revenue"].sum() == pytest.approx(view.headline.revenue_total)


@pytest.mark.parametrize("dimension", UTM_FIELDS, ids=UTM_FIELDS)
def test_rate_bounds_inside_unit(dimension):
    channels = _view(sort_by=dimension).channels.dropna(subset=["qualification_rate"])
    for name in ("qualification", "conversion"):
        assert (channels[f"{name}_ci_low"] >= 0).all()
        assert (channels[f"{name}_ci_low"] <= channels[f"{name}_rate"]).all()
        assert (channels[f"{name}_rate"] <= channels[f"{name}_ci_high"]).all()
        assert (channels[f"{name}_ci_high"] <= 1).all()


def test_shuffled_leads_change_no_figure(view):
    leads = make_leads(LAUNCH_LEADS).sample(frac=1, random_state=7)
    sales = make_sales(LAUNCH_SALES).sample(frac=1, random_state=8)
    shuffled = _view(leads, sales)
    assert shuffled.headline == view.headline
    pd.testing.assert_frame_equal(shuffled.indicators_trend, view.indicators_trend)
    pd.testing.assert_frame_equal(shuffled.channels, view.channels)
    pd.testing.assert_frame_equal(shuffled.conversion.by_group, view.conversion.by_group)
    pd.testing.assert_frame_equal(shuffled.revenue.by_group, view.revenue.by_group)
    pd.testing.assert_frame_equal(shuffled.revenue_trend, view.revenue_trend)
    assert shuffled.revenue.per_buyer_median == view.revenue.per_buyer_median


def test_conversion_hot_against_rest(view):
    conversion = view.conversion
    assert (conversion.hot.successes, conversion.hot.trials) == (2, 3)
    assert (conversion.rest.successes, conversion.rest.trials) == (1, 3)
    assert conversion.difference.estimate == pytest.approx(1 / 3)
    assert conversion.lift.estimate == pytest.approx(2.0)
    assert conversion.table["segment"].tolist() == ["hot", "rest"]
    assert conversion.table["buyers"].tolist() == [2, 1]


def test_conversion_by_group_reasons(view):
    by_group = view.conversion.by_group.set_index("group")
    assert by_group.loc["facebook", "rest_leads"] == 0
    assert by_group.loc["facebook", "note"] == "all leads in this group are hot"
    assert by_group.loc["facebook", "lift"] is pd.NA
    assert by_group.loc["google", "hot_leads"] == 0
    assert by_group.loc["google", "hot_rate"] is pd.NA
    assert by_group.loc["google", "note"] == "no hot leads in this group"
    assert by_group.loc["google", "rest_rate"] == pytest.approx(0.5)
    # Wilson 95 % for 1/2: 0.5 -+ 1.95996 * sqrt(0.5 + 0.9604) / 5.84146.
    assert by_group.loc["google", "rest_ci_low"] == pytest.approx(0.0945, abs=5e-5)
    assert by_group.loc["google", "rest_ci_high"] == pytest.approx(0.9055, abs=5e-5)


@pytest.mark.parametrize("order_by", ["qualification_rate", "leads", "hot_leads"],
                         ids=["qualification", "leads", "hot_leads"])
def test_conversion_by_group_follows_channels(order_by):
    view = _view(order_by=order_by)
    groups_with_leads = view.channels.loc[view.channels["leads"] > 0, "group"].tolist()
    assert view.conversion.by_group["group"].tolist() == groups_with_leads


def test_conversion_by_group_order_by_hand():
    # Qualification by source: facebook 2/2, email 1/1, google 0/2, (not set) 0/1;
    # ties go by group name.
    view = _view(order_by="qualification_rate")
    assert view.conversion.by_group["group"].tolist() == ["email", "facebook", "(not set)",
                                                          "google"]


def test_conversion_by_group_baseline_without_buyers():
    rows = [dict(LAUNCH_LEADS[0]), dict(LAUNCH_LEADS[1], band="cold")]
    view = _view(make_leads(rows))
    row = view.conversion.by_group.set_index("group").loc["facebook"]
    assert (row["hot_buyers"], row["hot_leads"], row["rest_buyers"], row["rest_leads"]) == (1, 1, 0, 1)
    assert row["difference"] == pytest.approx(1.0)
    assert row["lift"] is pd.NA
    assert row["note"] == "ratio: not estimable (baseline has 0 buyers)"


def test_conversion_no_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        _view()


def test_revenue_summary(view):
    revenue = view.revenue
    assert revenue.total == pytest.approx(1147.01)
    assert revenue.buyers == 3
    assert revenue.paid_sales == 4
    assert revenue.unknown_amount_sales == 1
    assert revenue.refunded_sales == 1
    assert revenue.refunded == pytest.approx(200.0)
    assert revenue.chargeback_sales == 1
    assert revenue.chargeback == pytest.approx(10.0)
    # L4's amount is unknown, so the per-buyer figures are over L1 (150.01)
    # and L6 (997.00): (15001 + 99700) / 2 = 57350.5 cents, rounded half up.
    assert revenue.buyers_with_amount == 2
    assert revenue.per_buyer_reason is None
    assert revenue.per_buyer_mean == pytest.approx(573.51)
    assert revenue.per_buyer_median == pytest.approx(573.51)


def test_revenue_concentration_warns():
    tables = aggregate(make_leads(LAUNCH_LEADS), make_sales(LAUNCH_SALES), launch_config())
    with pytest.warns(HotLeadsWarning, match="One sale of 997.00 is more than half"):
        view = build_view(tables, _settings())
    by_group = view.revenue.by_group.set_index("group")
    assert by_group.loc["email", "concentrated"]
    assert by_group.loc["facebook", "concentrated"]
    assert not by_group.loc["google", "concentrated"]
    assert any("total revenue" in line for line in view.revenue.warnings)


def test_revenue_trend_by_purchase_week(view):
    trend = view.revenue_trend
    assert trend["paid_sales"].tolist() == [0, 1, 3, 0]
    assert trend["revenue"].tolist() == pytest.approx([0.0, 100.0, 1047.01, 0.0])
    assert trend["hot_revenue"].tolist() == pytest.approx([0.0, 100.0, 1047.01, 0.0])
    assert trend["rest_revenue"].sum() == 0


def test_date_range_filters_by_signup_day():
    view = _view(start=dt.date(2024, 3, 11), end=dt.date(2024, 3, 17))
    assert view.headline.leads == 2
    assert view.headline.buyers == 1
    assert view.headline.revenue_total == pytest.approx(997.0)
    assert view.indicators_trend["period_start"].tolist() == [pd.Timestamp("2024-03-11")]
    assert view.revenue.total == pytest.approx(997.0)


def test_date_range_without_leads():
    view = _view(start=dt.date(2024, 3, 20), end=dt.date(2024, 3, 24))
    assert view.headline.leads == 0
    assert view.headline.qualification.reason == "no leads"
    assert view.conversion.difference.reason == "no leads"
    assert view.revenue.per_buyer_median is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sort_by": "utm_banana"}, "Invalid sort_by 'utm_banana'"),
        ({"order_by": "revenue"}, "Invalid order_by 'revenue'"),
        ({"period": "year"}, "Invalid period 'year'"),
        ({"confidence_level": 95}, "Invalid confidence_level 95"),
        ({"start": dt.date(2024, 3, 10), "end": dt.date(2024, 3, 1)}, "start 2024-03-10 is after"),
    ],
    ids=["sort_by", "order_by", "period", "confidence_level", "date_range"],
)
def test_invalid_settings_raise(changes, message):
    tables = aggregate(make_leads(LAUNCH_LEADS), None, launch_config())
    with pytest.raises(ValueError, match=message):
        build_view(tables, _settings(**changes))


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [(5, 2, 0.03), (-5, 2, -0.03), (7, 3, 0.02), (0, 4, 0.0), (1, 0, None)],
    ids=["half_up", "negative_half", "third", "zero", "no_count"],
)
def test_average_units_rounding(total, count, expected):
    assert average_units(total, count) == expected


def test_median_units_rounding():
    assert median_units([1, 2]) == 0.02
    assert median_units([]) is None


def _analysis():
    from hotleads_core.pipeline import LaunchAnalysis

    config = launch_config(report={"sort_by": "utm_medium", "order_by": "leads",
                                   "period": "day", "min_group_leads": 3})
    tables = aggregate(make_leads(LAUNCH_LEADS), make_sales(LAUNCH_SALES), config)
    return LaunchAnalysis(config=config, data=None, scoring=None, tables=tables)


def test_analysis_view_uses_config_defaults():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        view = _analysis().view()
    assert view.settings.sort_by == "utm_medium"
    assert view.settings.order_by == "leads"
    assert view.settings.period == "day"
    assert view.settings.min_group_leads == 3
    assert view.channels["group"].iloc[0] == "(not set)"


def test_analysis_view_reads_iso_dates():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        view = _analysis().view(start="2024-03-11", end=dt.datetime(2024, 3, 17, 12, 0))
    assert view.settings.start == dt.date(2024, 3, 11)
    assert view.settings.end == dt.date(2024, 3, 17)
    assert view.headline.leads == 2


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({"confidence_level": 0}, "Invalid confidence_level 0"),
        ({"sort_by": ""}, "Invalid sort_by ''"),
        ({"start": "11/03/2024"}, "Invalid start date '11/03/2024'; use YYYY-MM-DD"),
    ],
    ids=["zero_level", "empty_sort_by", "day_first_date"],
)
def test_analysis_view_invalid_choice_raises(choices, message):
    analysis = _analysis()
    with pytest.raises(ValueError, match=message):
        analysis.view(**choices)


def _caveats(tables):
    """Build the default view and return the messages of its HotLeadsWarnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_view(tables, _settings())
    return [str(w.message) for w in caught if w.category is HotLeadsWarning]


def test_small_groups_warn_once():
    tables = aggregate(make_leads(LAUNCH_LEADS), None, launch_config())
    caveats = [m for m in _caveats(tables) if "fewer than" in m]
    assert caveats == ["2 of 5 groups have fewer than 2 leads (email, (not set)); "
                       "their rates have wide intervals."]


def test_lift_not_estimable_warns():
    rows = [dict(LAUNCH_LEADS[0]), dict(LAUNCH_LEADS[1], band="cold")]
    tables = aggregate(make_leads(rows), make_sales(LAUNCH_SALES), launch_config())
    caveats = _caveats(tables)
    assert "The lift of hot leads over the rest is not estimable (baseline has 0 buyers)." in caveats


def test_revenue_warning_counts_groups():
    # Facebook (150.01 of 150.01) and email (997.00 of 997.00) are concentrated,
    # and 997.00 is more than half of the total 1147.01.
    tables = aggregate(make_leads(LAUNCH_LEADS), make_sales(LAUNCH_SALES), launch_config())
    caveats = [m for m in _caveats(tables) if "One sale" in m]
    assert caveats == ["One sale of 997.00 is more than half of the total revenue of 1147.01. "
                       "One sale is also more than half of the revenue in 2 groups."]
    assert not any("RevenueSummary" in m for m in _caveats(tables))


@pytest.mark.parametrize("entry", ["build_view", "analysis_view"], ids=["build_view", "view"])
def test_warnings_point_to_caller(entry):
    tables = aggregate(make_leads(LAUNCH_LEADS), make_sales(LAUNCH_SALES), launch_config())
    analysis = LaunchAnalysis(config=launch_config(), data=None, scoring=None, tables=tables)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if entry == "build_view":
            build_view(tables, _settings())
        else:
            analysis.view(sort_by="utm_source")
    files = {w.filename for w in caught if w.category is HotLeadsWarning}
    assert files == {__file__}
