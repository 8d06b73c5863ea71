"""Revenue per buyer over the buyers whose revenue is known."""

import warnings

import pandas as pd
import pytest
from analysis_builders import launch_config, make_leads, make_sales

from hotleads_core.aggregation import aggregate
from hotleads_core.analysis import ViewSettings, build_view
from hotleads_core.analysis.results import NO_BUYERS, NO_KNOWN_AMOUNTS
from hotleads_core.errors import HotLeadsWarning

NAN = float("nan")

# Five leads in two channels. K1 and K2 paid 100.00 and 300.00. U1 bought,
# but its sale has no amount, and N1 and N2 did not buy.
LEADS = [
    {"lead_id": "K1", "signed_up_at": "2024-03-04 09:00", "band": "hot", "utm_source": "ads"},
    {"lead_id": "K2", "signed_up_at": "2024-03-05 09:00", "band": "warm", "utm_source": "ads"},
    {"lead_id": "U1", "signed_up_at": "2024-03-05 10:00", "band": "hot", "utm_source": "mail"},
    {"lead_id": "N1", "signed_up_at": "2024-03-06 10:00", "band": "cold", "utm_source": "mail"},
    {"lead_id": "N2", "signed_up_at": "2024-03-07 10:00", "band": "cold", "utm_source": "ads"},
]

SALES = [
    {"lead_id": "K1", "purchased_at": "2024-03-10 10:00", "amount": 100.00, "status": "paid"},
    {"lead_id": "K2", "purchased_at": "2024-03-10 11:00", "amount": 300.00, "status": "paid"},
    {"lead_id": "U1", "purchased_at": "2024-03-11 10:00", "amount": NAN, "status": "paid"},
]


def _view(leads=LEADS, sales=SALES):
    tables = aggregate(make_leads(leads), make_sales(sales), launch_config())
    settings = ViewSettings(sort_by="utm_source", order_by="leads", start=None, end=None,
                            period="week", confidence_level=0.95, min_group_leads=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        return build_view(tables, settings)


def test_per_buyer_over_known_amounts():
    revenue = _view().revenue

    assert revenue.buyers == 3
    assert revenue.buyers_with_amount == 2
    assert revenue.total == pytest.approx(400.00)
    assert revenue.per_buyer_mean == pytest.approx(200.00)
    assert revenue.per_buyer_median == pytest.approx(200.00)
    assert revenue.per_buyer_reason is None


def test_per_lead_counts_every_lead():
    view = _view()

    # 400.00 over 5 leads, whether or not their amount is known.
    assert view.revenue.per_lead == pytest.approx(80.00)
    assert view.headline.revenue_per_lead == pytest.approx(80.00)


def test_headline_per_buyer_over_known_amounts():
    headline = _view().headline

    assert headline.buyers == 3
    assert headline.buyers_with_amount == 2
    assert headline.revenue_per_buyer == pytest.approx(200.00)


def test_by_group_per_buyer_over_known_amounts():
    by_group = _view().revenue.by_group.set_index("group")

    assert by_group.loc["ads", "buyers"] == 2
    assert by_group.loc["ads", "buyers_with_amount"] == 2
    assert by_group.loc["ads", "revenue_per_buyer_mean"] == pytest.approx(200.00)
    assert by_group.loc["ads", "revenue_per_buyer_median"] == pytest.approx(200.00)
    # 400.00 over the 3 leads of "ads".
    assert by_group.loc["ads", "revenue_per_lead"] == pytest.approx(133.33)
    assert by_group.loc["mail", "buyers"] == 1
    assert by_group.loc["mail", "buyers_with_amount"] == 0
    assert by_group.loc["mail", "revenue_per_buyer_mean"] is pd.NA
    assert by_group.loc["mail", "revenue_per_buyer_median"] is pd.NA


def test_no_known_amount_gives_reason():
    sales = [{**row, "amount": NAN} for row in SALES]

    revenue = _view(sales=sales).revenue

    assert revenue.buyers == 3
    assert revenue.buyers_with_amount == 0
    assert revenue.total == 0.0
    assert revenue.per_buyer_mean is None
    assert revenue.per_buyer_median is None
    assert revenue.per_buyer_reason == NO_KNOWN_AMOUNTS


def test_no_buyers_gives_reason():
    revenue = _view(sales=[]).revenue

    assert revenue.buyers == 0
    assert revenue.buyers_with_amount == 0
    assert revenue.per_buyer_mean is None
    assert revenue.per_buyer_reason == NO_BUYERS


def test_partial_unknown_keeps_buyer():
    # K1 has a second paid sale without an amount: K1 still has a known
    # revenue of 100.00, so the figures do not change.
    sales = SALES + [{"lead_id": "K1", "purchased_at": "2024-03-12 10:00", "amount": NAN,
                      "status": "paid"}]

    revenue = _view(sales=sales).revenue

    assert revenue.buyers_with_amount == 2
    assert revenue.unknown_amount_sales == 2
    assert revenue.per_buyer_mean == pytest.approx(200.00)

