import numpy as np
import pandas as pd
import pytest
from scoring_launches import LaunchStub, launch_config, planted_launch

from hotleads_core.errors import ConfigError, DataError
from hotleads_core.scoring import score_launch

THRESHOLDS = {"hot": 0.6, "warm": 0.3}


def _column_launch(scores, **scoring):
    data = planted_launch(launch_config(method="column", **scoring), count=len(scores))
    leads = data.leads.assign(score=scores)
    return LaunchStub(data.config, leads, data.sales, data.history_sales)


def test_column_scores_become_probabilities():
    scores = [0.9, 0.6, 0.45, 0.3, 0.1, 0.0]

    result = score_launch(_column_launch(scores, thresholds=THRESHOLDS))

    assert result.leads["probability"].tolist() == scores
    assert result.leads["band"].tolist() == ["hot", "hot", "warm", "warm", "cold", "cold"]
    assert (result.leads["score_source"] == "score_column").all()


def test_column_model_info():
    result = score_launch(_column_launch([0.2, 0.8], thresholds=THRESHOLDS))
    info = result.model_info

    assert (info.method, info.mode) == ("column", "column")
    assert (info.thresholds.hot, info.thresholds.warm, info.thresholds.source) == (0.6, 0.3, "config")
    assert info.heldout_auc is None
    assert "another tool" in info.heldout_reason
    assert result.model is None


def test_column_needs_thresholds():
    data = _column_launch([0.2, 0.8])

    with pytest.raises(ConfigError, match="needs fixed band thresholds"):
        score_launch(data)


def test_column_needs_score_column():
    data = planted_launch(launch_config(method="column", thresholds=THRESHOLDS), count=10)

    with pytest.raises(DataError, match="no score column"):
        score_launch(data)


def test_column_missing_score_value():
    data = _column_launch([0.2, np.nan, 0.5, np.nan], thresholds=THRESHOLDS)

    with pytest.raises(DataError, match="2 of 4 leads have no score.*lead0001"):
        score_launch(data)


@pytest.mark.parametrize("bad", [1.5, -0.1, 85.0], ids=["above-one", "negative", "percent"])
def test_column_score_outside_unit_interval(bad):
    data = _column_launch([0.2, bad], thresholds=THRESHOLDS)

    with pytest.raises(DataError, match=r"probabilities in \[0, 1\]"):
        score_launch(data)


def test_column_keeps_lead_index():
    data = _column_launch([0.7, 0.1], thresholds=THRESHOLDS)
    leads = data.leads.set_index(pd.Index([10, 20]))

    result = score_launch(LaunchStub(data.config, leads, data.sales, data.history_sales))

    assert result.leads.index.tolist() == [10, 20]
    assert result.leads.loc[10, "band"] == "hot"
