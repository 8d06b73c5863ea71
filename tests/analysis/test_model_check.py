"""Tests of the check that the hot/warm/cold bands separate buyers."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest
from analysis_builders import LAUNCH_LEADS, LAUNCH_SALES, launch_config, make_leads, make_sales

from hotleads_core.aggregation import aggregate
from hotleads_core.analysis import ViewSettings, build_view
from hotleads_core.analysis.model_check import assess_bands
from hotleads_core.analysis.results import ConversionComparison, Estimate, Rate, ScoreOrigin
from hotleads_core.errors import HotLeadsWarning


def _comparison(hot_rate, rest_rate, difference, low, high):
    def rate(estimate):
        return Rate(successes=0, trials=100, estimate=estimate, ci_low=None, ci_high=None,
                    method="wilson", confidence_level=0.95)

    estimate = Estimate(kind="difference", estimate=difference, ci_low=low, ci_high=high,
                        method="newcomb", confidence_level=0.95)
    return ConversionComparison(hot=rate(hot_rate), rest=rate(rest_rate), difference=estimate,
                                lift=estimate, table=pd.DataFrame(), by_group=pd.DataFrame())


CASES = [
    # AUC 0.49 is below 0.55 whatever the difference shows.
    (0.49, (0.20, 0.10, 0.10, 0.07, 0.13), False, "ROC AUC is 0.49, no better than chance"),
    # A good model and a difference of +10 points [+7, +13]: nothing to flag.
    (0.70, (0.20, 0.10, 0.10, 0.07, 0.13), True, None),
    # Interval entirely at or below 0 flags even a model with a good AUC.
    (0.70, (0.131, 0.144, -0.013, -0.04, 0.0), False,
     r"13\.1 %, no better than the rest at 14\.4 % \(difference -1\.3 points, "
     r"95 % interval -4\.0 to \+0\.0\)"),
    # Unknown AUC and an interval [-2, +5] that includes 0.
    (None, (0.115, 0.10, 0.015, -0.02, 0.05), False, r"interval -2\.0 to \+5\.0"),
    # Unknown AUC and an interval [+7, +13] above 0.
    (None, (0.20, 0.10, 0.10, 0.07, 0.13), True, None),
    # AUC exactly 0.55 is not below the limit.
    (0.55, (0.115, 0.10, 0.015, -0.02, 0.05), True, None),
]


@pytest.mark.parametrize(
    ("auc", "figures", "informative", "reason"), CASES,
    ids=["auc-0.49", "auc-0.70-diff-above-0", "diff-at-or-below-0", "auc-unknown-diff-spans-0",
         "auc-unknown-diff-above-0", "auc-0.55-diff-spans-0"],
)
def test_assess_bands(auc, figures, informative, reason):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assessment = assess_bands(_comparison(*figures), auc)
    assert assessment.informative is informative
    if reason is None:
        assert assessment.reason is None
        assert not [w for w in caught if issubclass(w.category, HotLeadsWarning)]
    else:
        assert re.search(reason, assessment.reason)
        assert "treat the hot/warm/cold bands as uninformative" in assessment.reason


def test_assess_bands_warning_points_at_caller():
    with pytest.warns(HotLeadsWarning, match="no better than chance") as record:
        assess_bands(_comparison(0.2, 0.1, 0.1, 0.07, 0.13), 0.49)
    assert record[0].filename == __file__


def test_assess_bands_without_interval_flags_nothing():
    assessment = assess_bands(_comparison(0.0, 0.1, -0.1, None, None), None)
    assert assessment.informative is True


def _launch_view(origin):
    tables = aggregate(make_leads(LAUNCH_LEADS), make_sales(LAUNCH_SALES), launch_config())
    settings = ViewSettings(sort_by="utm_source", order_by="leads", start=None, end=None,
                            period="week", confidence_level=0.95, min_group_leads=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        return build_view(tables, settings, origin)


def test_view_band_assessment_low_auc():
    assessment = _launch_view(ScoreOrigin(heldout_auc=0.49)).band_assessment

    assert assessment.informative is False
    assert "ROC AUC is 0.49" in assessment.reason


def test_view_band_assessment_unscored_is_none():
    view = _launch_view(ScoreOrigin(issue="The leads file has no leads yet."))

    assert view.band_assessment is None
