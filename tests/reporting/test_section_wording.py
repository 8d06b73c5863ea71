"""Labels and wording of the report sections, on hand-built results.

Every expected sentence is written out by hand from the catalogue texts and
the figures below; none is produced by the code under test.
"""

from __future__ import annotations

import datetime as dt
import types

import pandas as pd
import pytest

from hotleads_core.analysis.results import Headline, Rate, RevenueSummary, ViewSettings
from hotleads_core.analysis.revenue import BY_GROUP_COLUMNS, REVENUE_TREND_COLUMNS
from hotleads_core.config import ReportConfig
from hotleads_core.ingest.quality import DataQualitySummary, FileQuality, SalesQuality
from hotleads_core.reporting import sections
from hotleads_core.reporting.present import html_table, quality_lines
from hotleads_core.scoring.bands import BandThresholds
from hotleads_core.scoring.results import ModelInfo

CLASSIFIER = ("HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1), "
              "stopped early on 10% of its training leads")
CALIBRATION = "CalibratedClassifierCV(method='sigmoid', cv=3): Platt scaling"


def _quality(rejected_by_reason):
    missing = pd.DataFrame({"field": ["utm_medium"], "leads_without": [347],
                            "share": [347 / 2655]})
    return DataQualitySummary(
        files=(FileQuality("leads", "leads.csv", "utf-8", ",", 2700, 2655, 45),),
        leads=2655, duplicates_merged=3, missing_utm=missing,
        utm_spellings=pd.DataFrame(columns=["field", "value", "raw_spelling", "rows"]),
        sales=SalesQuality(transactions=40, unmatched_sales=2, unknown_amounts=7),
        rejected_by_reason=rejected_by_reason,
    )


def _model_info(**changes):
    values = dict(
        method="model", mode="holdout", outcome_source="attribution", classifier=CLASSIFIER,
        calibration=CALIBRATION, train_start=dt.date(2018, 1, 1), train_end=dt.date(2018, 3, 31),
        n_train=3343, n_positive=467, train_sample_size=None,
        feature_names=("utm_medium", "email_domain_kind", "signup_hour"),
        thresholds=BandThresholds(0.175, 0.133, "config"), heldout_auc=0.677,
        heldout_brier=0.101, heldout_leads=2655, heldout_positive=313,
        heldout_description="later leads", heldout_reason=None, library_versions=(),
        created_at=dt.datetime(2018, 6, 1, tzinfo=dt.timezone.utc), launch_name="olist-2018",
    )
    values.update(changes)
    return ModelInfo(**values)


def _rate(successes, trials):
    return Rate(successes, trials, successes / trials, 0.1, 0.9, "wilson", 0.95)


def _view(leads=10, start=None, end=None, period="week", trend_starts=(), revenue=None):
    settings = ViewSettings("utm_medium", "qualification_rate", start, end, period, 0.95, 30)
    headline = Headline(
        leads=leads, hot_leads=0, qualification=_rate(0, max(leads, 1)), buyers=0,
        buyers_with_amount=0, conversion=_rate(0, max(leads, 1)), revenue_total=0.0,
        revenue_per_lead=0.0, revenue_per_buyer=None, currency="BRL")
    trend = pd.DataFrame({
        "period_start": pd.to_datetime(list(trend_starts)), "leads": [1] * len(trend_starts),
        "hot_leads": [0] * len(trend_starts), "qualification_rate": [0.0] * len(trend_starts),
        "ci_low": [0.0] * len(trend_starts), "ci_high": [0.5] * len(trend_starts)})
    methods = {"proportion": "wilson", "difference": "newcomb", "ratio": "log-adjusted"}
    return types.SimpleNamespace(settings=settings, headline=headline, indicators_trend=trend,
                                 methods=methods, revenue=revenue,
                                 revenue_trend=pd.DataFrame({c: [] for c in REVENUE_TREND_COLUMNS}))


def _config(capture=None, notes=()):
    launch = types.SimpleNamespace(title="Spring launch", strategy="classic", capture=capture)
    return types.SimpleNamespace(launch=launch, report=ReportConfig(notes=notes))


def test_quality_lines_label_reason_codes():
    lines = quality_lines(_quality({"outside_capture_period": 40, "invalid_date": 5}))

    assert ("Rejected rows by reason: invalid date (5), "
            "signed up outside the capture period (40).") in lines
    assert not any("outside_capture_period" in line or "invalid_date" in line for line in lines)


def test_quality_lines_format_missing_share():
    lines = quality_lines(_quality({}))

    # 347 of 2,655 leads: 13.07 %, shown with one decimal.
    assert "Leads without a value, by UTM field: UTM medium 347 (13.1 %)." in lines
    assert "Sales without an amount: 7." in lines
    assert "No rows were rejected." in lines


def test_quality_lines_unknown_reason_shown_as_code():
    lines = quality_lines(_quality({"some_new_reason": 2}))

    assert "Rejected rows by reason: some_new_reason (2)." in lines


def test_quality_section_labels_table_names():
    shown = sections.quality_section(_quality({}))

    assert "<td>Leads</td><td>leads.csv</td>" in shown


def test_model_section_plain_words():
    shown = sections.model_section(_model_info())

    assert "Model: gradient boosting with Platt-scaled probabilities." in shown
    assert ("Features: UTM medium, e-mail domain (free or company), sign-up hour."
            in shown)
    assert "HistGradientBoostingClassifier" not in shown
    assert "CalibratedClassifierCV" not in shown
    assert "email_domain_kind" not in shown


def test_model_section_unknown_estimator_points_to_methods():
    shown = sections.model_section(_model_info(classifier="SomeNewClassifier()"))

    assert "The methods below describe the classifier and its calibration." in shown


def test_model_section_shows_scoring_issue():
    issue = "No lead has a known outcome, so no model could be trained."

    shown = sections.model_section(None, scoring_issue=issue)

    assert f"The leads were not scored. {issue}" in shown


def test_methods_section_names_and_model_settings():
    shown = sections.methods_section(_view(), model_info=_model_info())

    assert "Rates (qualification, conversion): Wilson score interval at 95 %." in shown
    assert "Difference of two rates: Newcombe hybrid score interval at 95 %." in shown
    assert "wilson score" not in shown
    assert "Classifier: HistGradientBoostingClassifier(max_iter=100" in shown
    assert "Calibration: CalibratedClassifierCV(method=&#x27;sigmoid&#x27;" in shown


def test_title_section_shows_notes_under_title():
    notes = ("Amounts are declared monthly revenue.", "Second note.")

    shown = sections.title_section(_config(notes=notes), _view(trend_starts=["2018-01-01"]))

    title_end = shown.index("</h1>")
    assert shown.index("<p>Amounts are declared monthly revenue.</p>") > title_end
    assert "<p>Second note.</p>" in shown


@pytest.mark.parametrize(
    ("start", "expected"),
    [(None, "No leads yet."),
     (dt.date(2018, 1, 1), "No leads signed up in the chosen dates")],
    ids=["no-leads-at-all", "empty-date-range"],
)
def test_title_section_without_leads(start, expected):
    shown = sections.title_section(_config(), _view(leads=0, start=start))

    assert expected in shown


def test_indicators_marks_partial_first_and_last_week():
    capture = types.SimpleNamespace(start=dt.date(2018, 1, 3), end=dt.date(2018, 1, 16))
    # Weeks start on Monday: 2018-01-01 and 2018-01-15. Capture runs Wednesday to Tuesday.
    view = _view(trend_starts=["2018-01-01", "2018-01-08", "2018-01-15"])

    shown = sections.indicators_section(view, "en", _config(capture=capture))

    assert ("The first week of the chart, from 2018-01-01, is partial: "
            "the dates shown start on 2018-01-03.") in shown
    assert ("The last week of the chart, from 2018-01-15, is partial: "
            "the dates shown end on 2018-01-16.") in shown


def test_indicators_full_weeks_have_no_note():
    capture = types.SimpleNamespace(start=dt.date(2018, 1, 1), end=dt.date(2018, 1, 14))
    view = _view(trend_starts=["2018-01-01", "2018-01-08"])

    shown = sections.indicators_section(view, "en", _config(capture=capture))

    assert "partial" not in shown


def _revenue_with_groups():
    by_group = pd.DataFrame([
        ["organic", 10, 3, 2, 51_016_000.0, 5_101_600.0, 25_508_000.0, 25_508_000.0,
         50_000_000.0, True],
        ["paid", 10, 1, 1, 9_614_000.0, 961_400.0, 9_614_000.0, 9_614_000.0, 4_000_000.0,
         False],
    ], columns=list(BY_GROUP_COLUMNS))
    return RevenueSummary(
        total=60_630_000.0, per_lead=3_031_500.0, per_buyer_mean=20_210_000.0,
        per_buyer_median=9_614_000.0, per_buyer_reason=None, buyers=4, buyers_with_amount=3,
        paid_sales=4, unknown_amount_sales=1, refunded_sales=0, chargeback_sales=0,
        pending_sales=0, refunded=0.0, chargeback=0.0, pending=0.0, by_group=by_group,
        warnings=("raw text",), currency="BRL")


def test_revenue_total_names_buyers_with_amount():
    shown = sections.revenue_section(_view(revenue=_revenue_with_groups()))

    assert ("60,630,000.00 BRL from the 3 of 4 buyers with a known amount (4 paid sales)."
            in shown)


def test_revenue_caveats_use_money_format():
    shown = sections.revenue_section(_view(revenue=_revenue_with_groups()))

    # 50,000,000 > 60,630,000 / 2 for the whole view; only "organic" is flagged per group.
    assert ("One sale of 50,000,000.00 BRL is more than half of the total revenue of "
            "60,630,000.00 BRL.") in shown
    assert "In group organic, one sale of 50,000,000.00 BRL" in shown
    assert "In group paid" not in shown
    assert "50000000.00" not in shown


def test_numeric_cells_do_not_wrap():
    table = html_table(["Group", "Rate"], [["a", "12.3 % [10.1–14.8]"]], [False, True])

    assert '<td class="number" style="white-space: nowrap">12.3 % [10.1–14.8]</td>' in table
