"""Launches that cannot be scored still analyse: no leads yet, or no outcomes before the cart opens."""

import dataclasses
import math
import warnings
from pathlib import Path

import pandas as pd
import pytest

from hotleads_core import charts
from hotleads_core.analysis.results import NO_BUYERS, NO_LEADS, NOT_SCORED
from hotleads_core.config import config_from_dict
from hotleads_core.errors import HotLeadsWarning
from hotleads_core.pipeline import LaunchAnalysis, analyse_launch

CASE = Path(__file__).resolve().parents[1] / "data" / "cases" / "R14"


def _config(leads_file):
    return config_from_dict({
        "launch": {"name": "early-launch", "title": "Early launch", "strategy": "classic",
                   "timezone": "America/Sao_Paulo", "currency": "BRL"},
        "leads": {"path": str(CASE / leads_file)},
        "sales": {"path": str(CASE / "sales_header_only.csv")},
    })


def _analyse(leads_file):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis = analyse_launch(_config(leads_file))
        view = analysis.view()
    caveats = [w for w in caught if w.category is HotLeadsWarning]
    assert {w.filename for w in caveats} <= {__file__}
    return analysis, view, [str(w.message) for w in caveats]


@pytest.fixture(scope="module")
def no_leads():
    return _analyse("leads_header_only.csv")


@pytest.fixture(scope="module")
def before_cart():
    return _analyse("leads_two.csv")


def _no_nan_fields(result) -> list[str]:
    return [field.name for field in dataclasses.fields(result)
            if isinstance(getattr(result, field.name), float)
            and not math.isfinite(getattr(result, field.name))]


def test_header_only_returns_analysis(no_leads):
    analysis, _, _ = no_leads
    assert isinstance(analysis, LaunchAnalysis)
    assert analysis.scoring is None
    assert "no leads yet" in analysis.scoring_issue


def test_header_only_headline_reasons(no_leads):
    headline = no_leads[1].headline
    assert headline.leads == 0
    assert headline.hot_leads_reason == NO_LEADS
    assert headline.qualification.reason == NO_LEADS
    assert headline.qualification.estimate is None
    assert headline.conversion.reason == NO_LEADS
    assert headline.revenue_per_lead is None
    assert _no_nan_fields(headline) == []


def test_header_only_comparison_reasons(no_leads):
    conversion = no_leads[1].conversion
    for figure in (conversion.hot, conversion.rest, conversion.difference, conversion.lift):
        assert figure.reason == NO_LEADS
        assert figure.estimate is None
    assert conversion.by_group.empty


def test_header_only_revenue_reasons(no_leads):
    revenue = no_leads[1].revenue
    assert revenue.total == 0.0
    assert revenue.per_lead is None
    assert revenue.per_buyer_reason == NO_BUYERS
    assert _no_nan_fields(revenue) == []


def test_before_cart_returns_analysis(before_cart):
    analysis, _, messages = before_cart
    assert analysis.scoring is None
    assert analysis.scoring_issue.startswith("Cannot train a scoring model")
    assert analysis.tables.cells["band"].unique().tolist() == ["unscored"]
    assert any(m.startswith("The leads were not scored") for m in messages)
    assert not any("have no band" in m for m in messages)


def test_before_cart_headline(before_cart):
    headline = before_cart[1].headline
    assert headline.leads == 2
    assert headline.hot_leads_reason == NOT_SCORED
    assert headline.qualification.reason == NOT_SCORED
    assert headline.qualification.estimate is None
    assert headline.qualification.ci_low is None
    # Conversion of all leads stays a measured rate: 0 buyers of 2 leads.
    assert headline.conversion.reason is None
    assert headline.conversion.estimate == 0.0
    assert headline.buyers == 0
    assert _no_nan_fields(headline) == []


def test_before_cart_channels(before_cart):
    channels = before_cart[1].channels.set_index("group")
    assert channels["leads"].to_dict() == {"facebook": 1, "google": 1}
    assert channels["qualification_rate"].isna().all()
    assert channels["qualification_rate"].dtype == pd.Float64Dtype()
    assert channels["note"].tolist() == [NOT_SCORED, NOT_SCORED]
    assert channels["conversion_rate"].tolist() == [0.0, 0.0]


def test_before_cart_comparison(before_cart):
    conversion = before_cart[1].conversion
    for figure in (conversion.hot, conversion.rest, conversion.difference, conversion.lift):
        assert figure.reason == NOT_SCORED
        assert figure.estimate is None
    assert conversion.rest.trials == 2
    assert conversion.by_group["note"].tolist() == [NOT_SCORED, NOT_SCORED]
    assert conversion.by_group["lift"].isna().all()
    assert conversion.by_group["lift"].dtype == pd.Float64Dtype()


def test_before_cart_trend(before_cart):
    trend = before_cart[1].indicators_trend
    assert trend["leads"].sum() == 2
    assert trend["qualification_rate"].isna().all()
    assert trend["qualification_rate"].dtype == pd.Float64Dtype()


def test_before_cart_charts(before_cart):
    view = before_cart[1]
    trend = charts.trend_chart(view.indicators_trend)
    assert len(trend.axes) == 1
    assert charts.conversion_chart(view.conversion) is None
    assert charts.channel_chart(view.channels, "leads") is not None


def test_header_only_charts(no_leads):
    view = no_leads[1]
    assert charts.trend_chart(view.indicators_trend) is None
    assert charts.conversion_chart(view.conversion) is None
    assert charts.revenue_chart(view.revenue_trend) is None
