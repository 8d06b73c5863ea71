"""Qualification of the training leads, which band thresholds from their own scores fix by construction.

The hand-built launch has 10 training leads (score source ``out_of_fold``)
signed up from 4 to 8 March 2024, 2 of them hot: the thresholds put 20 % of
them in the hot band. Five later leads, 11 to 15 March, were scored by the
holdout model and 3 of them are hot.
"""

import dataclasses
import datetime as dt
import warnings

import pytest
from analysis_builders import launch_config, make_leads

from hotleads_core.aggregation import aggregate
from hotleads_core.analysis import ViewSettings, build_view
from hotleads_core.analysis.results import ScoreOrigin
from hotleads_core.errors import HotLeadsWarning

FIXED_REASON = "set by the band thresholds: 20 % of training leads are hot by definition"
TRAINING_DAYS = ("2024-03-04", "2024-03-08")
HOLDOUT_DAYS = ("2024-03-11", "2024-03-15")


def _leads():
    rows, sources = [], []
    for index in range(10):
        day = 4 + index // 2
        rows.append({"lead_id": f"T{index}", "signed_up_at": f"2024-03-0{day} 10:00",
                     "band": "hot" if index in (0, 5) else "cold",
                     "utm_source": "facebook" if index < 6 else "google"})
        sources.append("out_of_fold")
    for index in range(5):
        rows.append({"lead_id": f"H{index}", "signed_up_at": f"2024-03-{11 + index} 10:00",
                     "band": "hot" if index < 3 else "warm", "utm_source": "google"})
        sources.append("holdout_model")
    leads = make_leads(rows)
    leads["score_source"] = sources
    return leads


TRAINING_ORIGIN = ScoreOrigin(training_hot_share=0.2, training_leads=10)


def _view(origin, start=None, end=None):
    settings = ViewSettings(sort_by="utm_source", order_by="leads",
                            start=_date(start), end=_date(end), period="week",
                            confidence_level=0.95, min_group_leads=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HotLeadsWarning)
        tables = aggregate(_leads(), None, launch_config())
        return build_view(tables, settings, origin)


def _date(text):
    return None if text is None else dt.date.fromisoformat(text)


def test_training_period_has_reason():
    qualification = _view(TRAINING_ORIGIN, *TRAINING_DAYS).headline.qualification
    assert (qualification.successes, qualification.trials) == (2, 10)
    assert qualification.estimate == pytest.approx(0.2)
    assert qualification.ci_low is None
    assert qualification.ci_high is None
    assert qualification.reason == FIXED_REASON


def test_training_period_groups_keep_intervals():
    view = _view(TRAINING_ORIGIN, *TRAINING_DAYS)
    channels = view.channels.set_index("group")
    # facebook: T0 to T5, 2 hot of 6; google: T6 to T9, 0 hot of 4.
    assert channels.loc["facebook", "qualification_rate"] == pytest.approx(2 / 6)
    assert channels.loc["facebook", "qualification_ci_low"] > 0
    assert channels.loc["google", "qualification_ci_high"] > 0
    assert view.indicators_trend["ci_high"].notna().all()


def test_holdout_period_is_measured():
    qualification = _view(TRAINING_ORIGIN, *HOLDOUT_DAYS).headline.qualification
    assert (qualification.successes, qualification.trials) == (3, 5)
    assert qualification.reason is None
    assert qualification.ci_low < 0.6 < qualification.ci_high


def test_mixed_view_is_measured():
    qualification = _view(TRAINING_ORIGIN).headline.qualification
    assert (qualification.successes, qualification.trials) == (5, 15)
    assert qualification.reason is None
    assert qualification.ci_low is not None


def test_part_of_training_is_measured():
    # 4 and 5 March: T0 to T3, 1 hot of 4.
    qualification = _view(TRAINING_ORIGIN, "2024-03-04", "2024-03-05").headline.qualification
    assert (qualification.successes, qualification.trials) == (1, 4)
    assert qualification.reason is None
    assert qualification.ci_low is not None


@pytest.mark.parametrize(
    "origin",
    [ScoreOrigin(), dataclasses.replace(TRAINING_ORIGIN, training_hot_share=None)],
    ids=["default", "configured_thresholds"],
)
def test_other_thresholds_are_measured(origin):
    qualification = _view(origin, *TRAINING_DAYS).headline.qualification
    assert qualification.reason is None
    assert qualification.ci_low is not None
