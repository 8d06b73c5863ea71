"""Report wording of rates without an interval, unknown revenue, long tables and empty launches.

Every expected text is written out by hand from the catalogue texts and the
figures of each test.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import types

import pandas as pd
import pytest

from hotleads_core.analysis.results import Estimate, Headline, Rate, ViewSettings
from hotleads_core.config import ReportConfig, ScoringConfig
from hotleads_core.ingest import readers
from hotleads_core.ingest.quality import DataQualitySummary, SalesQuality
from hotleads_core.reporting import sections
from hotleads_core.reporting.present import format_rate, quality_lines
from hotleads_core.scoring.bands import BandThresholds
from hotleads_core.scoring.results import ModelInfo

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


def _channel_view(groups):
    """Return a view whose channel rows are (group, leads, hot, buyers, buyers_with_amount, revenue)."""
    channels = pd.DataFrame({
        "group": [g[0] for g in groups], "leads": [g[1] for g in groups],
        "hot_leads": [g[2] for g in groups],
        "qualification_rate": [g[2] / g[1] for g in groups],
        "qualification_ci_low": [0.0] * len(groups), "qualification_ci_high": [1.0] * len(groups),
        "buyers": [g[3] for g in groups], "conversion_rate": [g[3] / g[1] for g in groups],
        "conversion_ci_low": [0.0] * len(groups), "conversion_ci_high": [1.0] * len(groups),
        "revenue": [g[5] for g in groups], "revenue_per_lead": [g[5] / g[1] for g in groups],
        "small_sample": [False] * len(groups), "in_plan": [True] * len(groups),
        "note": [""] * len(groups)})
    by_group = pd.DataFrame({"group": [g[0] for g in groups], "buyers": [g[3] for g in groups],
                             "buyers_with_amount": [g[4] for g in groups]})
    settings = ViewSettings("utm_source", "leads", None, None, "week", 0.95, 30)
    return types.SimpleNamespace(
        channels=channels, settings=settings, headline=_headline(_threshold_rate()),
        revenue=types.SimpleNamespace(by_group=by_group))


def _table_rows(shown):
    body = shown.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>") if row]


def test_channel_revenue_unknown_shows_na():
    view = _channel_view([("ads", 10, 2, 2, 0, 0.0), ("mail", 10, 1, 0, 0, 0.0),
                          ("blog", 10, 1, 1, 1, 50.0)])
    config = types.SimpleNamespace(report=ReportConfig(), planned_channels=())

    rows = _table_rows(sections.channels_section(view, config))

    assert [row[0] for row in rows[:3]] == ["ads", "mail", "blog"]
    assert rows[0][6:8] == ["n/a", "n/a"]
    assert rows[1][6:8] == ["0.00", "0.00"]
    assert rows[2][6:8] == ["50.00", "5.00"]


def _holdout_model_info():
    return ModelInfo(
        method="model", mode="holdout", outcome_source="attribution",
        classifier="LogisticRegression(C=1.0)",
        calibration="CalibratedClassifierCV(method='sigmoid', cv=3): Platt scaling",
        train_start=dt.date(2018, 1, 1), train_end=dt.date(2018, 3, 31), n_train=1000,
        n_positive=100, train_sample_size=None, feature_names=("utm_medium",),
        thresholds=BandThresholds(0.25, 0.125, "training_quantiles"), heldout_auc=0.7,
        heldout_brier=0.1, heldout_leads=500, heldout_positive=40,
        heldout_description="later leads", heldout_reason=None, library_versions=(),
        created_at=dt.datetime(2018, 6, 1, tzinfo=dt.timezone.utc), launch_name="spring")


def test_model_section_holdout_names_out_of_fold_scores():
    shown = sections.model_section(_holdout_model_info(), "en", None,
                                   ScoringConfig(hot_share=0.2, warm_share=0.3))

    assert ("It was trained on earlier leads and scored the later ones. Leads of the training "
            "period got out-of-fold scores, from models that did not see them.") in shown
    assert ("Bands: hot when the probability is at least 0.250, warm when at least 0.125, "
            "cold below; thresholds set so that 20 % of training leads are hot and 30 % "
            "warm.") in shown


def test_channel_table_sums_groups_after_top():
    view = _channel_view([("ads", 40, 8, 4, 4, 400.0), ("mail", 30, 3, 2, 2, 100.0),
                          ("blog", 20, 2, 1, 1, 60.0), ("push", 10, 1, 0, 0, 0.0)])
    config = types.SimpleNamespace(report=ReportConfig(top_groups=2), planned_channels=())

    shown = sections.channels_section(view, config)
    rows = _table_rows(shown)

    assert [row[0] for row in rows] == ["ads", "mail", "2 more groups"]
    # blog + push: 30 leads, 3 hot (10.0 %), 1 buyer (3.3 %), 60.00 revenue, 2.00 per lead.
    assert rows[2][1:8] == ["30", "3", "10.0 %", "1", "3.3 %", "60.00", "2.00"]
    assert sum(int(row[1]) for row in rows) == 100
    assert "The tables show the first 2 of 4 groups in this order" in shown


def test_conversion_by_group_sums_groups_after_top():
    # (group, hot leads, hot buyers, rest leads, rest buyers)
    groups = [("ads", 10, 2, 30, 3), ("mail", 8, 1, 20, 1), ("blog", 4, 1, 16, 0),
              ("push", 6, 2, 4, 1)]
    by_group = pd.DataFrame({
        "group": [g[0] for g in groups], "hot_leads": [g[1] for g in groups],
        "hot_buyers": [g[2] for g in groups], "hot_rate": [g[2] / g[1] for g in groups],
        "rest_leads": [g[3] for g in groups], "rest_buyers": [g[4] for g in groups],
        "rest_rate": [g[4] / g[3] for g in groups], "lift": [2.0] * 4,
        "lift_ci_low": [1.0] * 4, "lift_ci_high": [3.0] * 4, "note": [""] * 4})
    view = _channel_view([(g[0], g[1] + g[3], g[1], g[2] + g[4], 0, 0.0) for g in groups])
    view.conversion = types.SimpleNamespace(
        hot=Rate(6, 28, 6 / 28, 0.1, 0.4, "wilson", 0.95),
        rest=Rate(5, 70, 5 / 70, 0.03, 0.15, "wilson", 0.95),
        difference=Estimate("difference", 0.143, 0.01, 0.3, "newcomb", 0.95),
        lift=Estimate("ratio", 3.0, 1.0, 9.0, "log-adjusted", 0.95), by_group=by_group)
    view.headline = _headline(_threshold_rate())
    config = types.SimpleNamespace(report=ReportConfig(top_groups=3), planned_channels=(),
                                   sales=object())

    shown = sections.conversion_section(view, config)
    by_group_table = shown.split("Hot against rest by", 1)[1]
    rows = _table_rows(by_group_table)

    assert [row[0] for row in rows] == ["ads", "mail", "blog", "1 more group"]
    # push alone: hot 2 of 6 (33.3 %), rest 1 of 4 (25.0 %).
    assert rows[3][1:] == ["33.3 % (2/6)", "25.0 % (1/4)", "n/a"]


@pytest.mark.parametrize(("extra_rows", "expected"), [
    (1, "leads.csv: rejected 1 row with more cells than the header (2)"),
    (2, "leads.csv: rejected 2 rows with more cells than the header (2)"),
], ids=["one-row", "two-rows"])
def test_malformed_row_note_plural(tmp_path, caplog, extra_rows, expected):
    path = tmp_path / "leads.csv"
    path.write_text("email,utm_source\nlead1@example.com,ads\n"
                    + "lead2@example.com,ads,extra\n" * extra_rows, encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="hotleads_core"):
        readers._read_with_malformed_rows(path, ",", "utf-8")

    assert expected in caplog.messages


def test_band_notice_shown_when_bands_uninformative():
    from types import SimpleNamespace

    from hotleads_core.analysis.model_check import BandAssessment
    from hotleads_core.reporting.present import band_notice

    sentence = "On leads the model did not see, its ROC AUC is 0.49, no better than chance."
    flagged = SimpleNamespace(band_assessment=BandAssessment(informative=False, reason=sentence))
    fine = SimpleNamespace(band_assessment=BandAssessment(informative=True, reason=None))
    unscored = SimpleNamespace(band_assessment=None)

    assert sentence in band_notice(flagged)
    assert 'class="hotleads-note"' in band_notice(flagged)
    assert band_notice(fine) == ""
    assert band_notice(unscored) == ""
