"""Revenue figures of the report when some buyers have no known amount."""

from __future__ import annotations

import types

import pandas as pd

from hotleads_core.analysis.results import NO_KNOWN_AMOUNTS, Headline, Rate, RevenueSummary
from hotleads_core.analysis.revenue import REVENUE_TREND_COLUMNS
from hotleads_core.reporting.sections import headline_section, revenue_section


def _rate(successes, trials):
    return Rate(successes, trials, successes / trials, 0.1, 0.9, "wilson", 0.95)


def _revenue(buyers_with_amount, mean, median, reason=None):
    return RevenueSummary(
        total=400.0, per_lead=80.0, per_buyer_mean=mean, per_buyer_median=median,
        per_buyer_reason=reason, buyers=3, buyers_with_amount=buyers_with_amount, paid_sales=3,
        unknown_amount_sales=3 - buyers_with_amount, refunded_sales=0, chargeback_sales=0,
        pending_sales=0, refunded=0.0, chargeback=0.0, pending=0.0,
        by_group=pd.DataFrame(), warnings=(), currency="BRL",
    )


def _view(revenue, buyers_with_amount=2):
    headline = Headline(
        leads=5, hot_leads=2, qualification=_rate(2, 5), buyers=3,
        buyers_with_amount=buyers_with_amount, conversion=_rate(3, 5), revenue_total=400.0,
        revenue_per_lead=80.0, revenue_per_buyer=revenue.per_buyer_mean, currency="BRL",
    )
    trend = pd.DataFrame({name: [] for name in REVENUE_TREND_COLUMNS})
    return types.SimpleNamespace(headline=headline, revenue=revenue, revenue_trend=trend)


def test_revenue_section_shows_known_count():
    shown = revenue_section(_view(_revenue(2, 200.0, 200.0)))

    assert "Revenue per lead: 80.00 BRL." in shown
    assert "Revenue per buyer: mean 200.00 BRL, median 200.00 BRL." in shown
    assert "2 of 3 buyers have a known amount" in shown


def test_revenue_section_without_known_amounts():
    shown = revenue_section(_view(_revenue(0, None, None, NO_KNOWN_AMOUNTS), 0))

    assert "Revenue per buyer: n/a (no buyer has a known amount)." in shown
    assert "0 of 3 buyers have a known amount" in shown
    assert "0.00 BRL, median" not in shown


def test_revenue_section_all_known_has_no_count():
    revenue = _revenue(3, 133.33, 100.0)

    shown = revenue_section(_view(revenue, 3))

    assert "buyers have a known amount" not in shown


def test_headline_cards_show_known_count():
    config = types.SimpleNamespace(sales=object())

    shown = headline_section(_view(_revenue(2, 200.0, 200.0)), config)

    assert shown.count("2 of 3 buyers have a known amount") == 3
    assert "200.00 BRL" in shown
