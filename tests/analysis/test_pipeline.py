"""The whole pipeline on the bundled Olist launch (January to May 2018).

Expected figures were counted from the raw CSV files with plain pandas:
leads whose first_contact_date falls in the capture period, closed deals
whose won_date is not before that date, and the sum of their
declared_monthly_revenue.
"""

import warnings
from pathlib import Path

import pytest

from hotleads_core.config import UTM_FIELDS
from hotleads_core.errors import HotLeadsWarning
from hotleads_core.pipeline import LaunchAnalysis, analyse_launch

OLIST = Path(__file__).resolve().parents[2] / "params" / "olist-2018.yaml"

# Leads per origin (utm_medium); "unknown" and empty origins are "(not set)".
MEDIUM_LEADS = {
    "organic_search": 1736, "paid_search": 1182, "social": 1051, "(not set)": 861,
    "direct_traffic": 380, "email": 347, "referral": 211, "other": 114, "display": 75,
    "other_publicities": 41,
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analysis():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        return analyse_launch(OLIST)


def _view(analysis, **choices):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        return analysis.view(**choices)


def test_pipeline_keeps_every_layer(analysis):
    assert isinstance(analysis, LaunchAnalysis)
    assert analysis.config.name == "olist-2018"
    assert len(analysis.data.leads) == 5998
    assert len(analysis.scoring.leads) == 5998


def test_olist_headline(analysis):
    headline = _view(analysis).headline
    assert headline.leads == 5998
    assert headline.buyers == 780
    assert headline.revenue_total == pytest.approx(60_630_000.00)
    assert headline.currency == "BRL"
    assert 0 < headline.hot_leads < headline.leads


def test_olist_leads_per_medium(analysis):
    channels = _view(analysis, sort_by="utm_medium").channels.set_index("group")
    assert channels["leads"].to_dict() == MEDIUM_LEADS
    assert not channels["small_sample"].any()


@pytest.mark.parametrize("dimension", UTM_FIELDS, ids=UTM_FIELDS)
def test_olist_groups_sum_to_total(analysis, dimension):
    view = _view(analysis, sort_by=dimension)
    assert view.channels["leads"].sum() == 5998
    assert view.channels["hot_leads"].sum() == view.headline.hot_leads
    assert view.channels["buyers"].sum() == 780
    assert view.channels["revenue"].sum() == pytest.approx(60_630_000.00)


def test_olist_date_range_from_strings(analysis):
    view = _view(analysis, start="2018-04-01", end="2018-05-31", period="month")
    assert view.headline.leads == 2655
    assert view.headline.buyers == 313
    assert view.headline.revenue_total == pytest.approx(51_019_000.00)
    assert len(view.indicators_trend) == 2


def test_olist_trend_covers_capture_weeks(analysis):
    trend = _view(analysis, period="week").indicators_trend
    assert trend["period_start"].iloc[0].strftime("%Y-%m-%d") == "2018-01-01"
    assert trend["period_start"].iloc[-1].strftime("%Y-%m-%d") == "2018-05-28"
    assert trend["leads"].sum() == 5998


def test_olist_view_defaults_from_config(analysis):
    view = _view(analysis)
    report = analysis.config.report
    assert view.settings.sort_by == report.sort_by
    assert view.settings.order_by == report.order_by
    assert view.settings.period == report.period
    assert view.settings.confidence_level == report.confidence_level


def test_olist_view_rejects_bad_date(analysis):
    with pytest.raises(ValueError, match="Invalid start date '2018-13-01'"):
        analysis.view(start="2018-13-01")


def test_olist_training_period_qualification_fixed(analysis):
    # Holdout mode: the training leads signed up from January to March and
    # the thresholds put hot_share 0.2 of them in the hot band.
    qualification = _view(analysis, start="2018-01-01", end="2018-03-31").headline.qualification
    assert qualification.reason == ("set by the band thresholds: 20 % of training leads are "
                                    "hot by definition")
    assert qualification.ci_low is None
    assert qualification.estimate == pytest.approx(0.2, abs=0.01)


def test_olist_holdout_period_qualification_measured(analysis):
    qualification = _view(analysis, start="2018-04-01", end="2018-05-31").headline.qualification
    assert qualification.reason is None
    assert qualification.ci_low < qualification.estimate < qualification.ci_high
