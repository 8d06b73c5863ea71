"""Report wording of rates without an interval, unknown revenue, long tables and empty launches.

Every expected text is written out by hand from the catalogue texts and the
figures of each test.
"""

from __future__ import annotations

import types

import pandas as pd
import pytest

from hotleads_core.analysis.results import Headline, Rate
from hotleads_core.ingest.quality import DataQualitySummary, SalesQuality
from hotleads_core.reporting import sections
from hotleads_core.reporting.present import format_rate, quality_lines

THRESHOLD_REASON = "set by the band thresholds: 20 % of training leads are hot by definition"


def _threshold_rate():
    return Rate(20, 100, 0.2, None, None, "wilson", 0.95, reason=THRESHOLD_REASON)


def _headline(qualification):
    return Headline(
        leads=100, hot_leads=20, qualification=qualification, buyers=0, buyers_with_amount=0,
        conversion=Rate(0, 100, 0.0, 0.0, 0.037, "wilson", 0.95), revenue_total=0.0,
        revenue_per_lead=0.0, revenue_per_buyer=None, currency="BRL")


def test_format_rate_without_interval_shows_reason():
    assert format_rate(_threshold_rate()) == f"20.0 % ({THRESHOLD_REASON})"


def test_qualification_tile_shows_reason_not_empty_interval():
    view = types.SimpleNamespace(headline=_headline(_threshold_rate()))
    config = types.SimpleNamespace(sales=None)

    shown = sections.headline_section(view, config)

    assert f'<div class="detail">{THRESHOLD_REASON}</div>' in shown
    assert "% interval" not in shown


def _no_buyer_view():
    revenue = types.SimpleNamespace(buyers=0, currency="BRL")
    return types.SimpleNamespace(revenue=revenue)


@pytest.mark.parametrize(("transactions", "expected"), [
    (80, "No sales credited to a lead yet."),
    (0, "No sales yet."),
], ids=["sales-none-credited", "no-sales-file-rows"])
def test_revenue_without_buyers_names_credit(transactions, expected):
    shown = sections.revenue_section(_no_buyer_view(), "en", transactions)

    assert f'<p class="hotleads-note">{expected}</p>' in shown


def test_quality_refunds_carry_currency():
    quality = DataQualitySummary(
        files=(), leads=10, duplicates_merged=0,
        missing_utm=pd.DataFrame(columns=["field", "leads_without", "share"]),
        utm_spellings=pd.DataFrame(columns=["field", "value", "raw_spelling", "rows"]),
        sales=SalesQuality(transactions=20, refunds=17, refunded_amount=8473.0),
        rejected_by_reason={})

    lines = quality_lines(quality, "en", "BRL")

    assert "Refunds: 17 (8,473.00 BRL). Chargebacks: 0 (0.00 BRL)." in lines
