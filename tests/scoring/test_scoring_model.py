import numpy as np
import pytest
from scoring_launches import launch_config, planted_launch

from hotleads_core.errors import ModelError
from hotleads_core.scoring import model as modelling
from hotleads_core.scoring import score_launch
from hotleads_core.scoring.features import build_features, feature_spec


def test_sample_rows_keeps_outcome_shares():
    outcome = np.zeros(1000, dtype=bool)
    outcome[::10] = True

    rows = modelling.sample_rows(outcome, max_rows=100, random_state=0)

    # 10% buyers in 1,000 rows: a sample of 100 contains 10 buyers and 90 others.
    assert rows.size == 100
    assert outcome[rows].sum() == 10
    assert np.all(np.diff(rows) > 0)


def test_sample_rows_small_set_unchanged():
    outcome = np.array([True, False, False])

    rows = modelling.sample_rows(outcome, max_rows=100, random_state=0)

    assert rows.tolist() == [0, 1, 2]


def test_sample_rows_same_seed_same_rows():
    outcome = np.arange(500) % 7 == 0

    first = modelling.sample_rows(outcome, max_rows=50, random_state=4)
    second = modelling.sample_rows(outcome, max_rows=50, random_state=4)

    assert first.tolist() == second.tolist()


def test_heldout_metrics_hand_computed():
    outcome = np.array([True, False, True, False])
    probability = np.array([0.8, 0.4, 0.3, 0.1])

    auc, brier, reason = modelling.heldout_metrics(probability, outcome)

    # Pairs (buyer, non-buyer) ranked right: (0.8, 0.4), (0.8, 0.1), (0.3, 0.1)
    # of 4, so AUC = 0.75. Brier = (0.04 + 0.16 + 0.49 + 0.01) / 4 = 0.175.
    assert auc == pytest.approx(0.75)
    assert brier == pytest.approx(0.175)
    assert reason is None


def test_heldout_metrics_one_class():
    auc, brier, reason = modelling.heldout_metrics(np.array([0.2, 0.6]), np.array([False, False]))

    # Brier = (0.04 + 0.36) / 2 = 0.2; the AUC needs a buyer.
    assert auc is None
    assert brier == pytest.approx(0.2)
    assert reason == "all 2 held-out leads did not buy, so the AUC is undefined"


def test_heldout_metrics_no_leads():
    auc, brier, reason = modelling.heldout_metrics(np.array([]), np.array([], dtype=bool))

    assert auc is None
    assert brier is None
    assert "no lead with a known outcome" in reason


@pytest.mark.parametrize(
    ("folds", "needed"), [(2, 6), (5, 15), (10, 30)], ids=["two", "five", "ten"],
)
def test_minimum_class_count(folds, needed):
    assert modelling.minimum_class_count(folds) == needed


def test_check_trainable_too_few_non_buyers():
    outcome = np.array([True] * 40 + [False] * 14)

    with pytest.raises(ModelError, match="40 buyer\\(s\\) and 14 non-buyer\\(s\\)"):
        modelling.check_trainable(outcome, folds=5)


def test_check_trainable_enough_of_each():
    outcome = np.array([True] * 15 + [False] * 15)

    assert modelling.check_trainable(outcome, folds=5) is None


def test_predict_in_chunks_matches_one_call(monkeypatch):
    data = planted_launch(launch_config(), count=300)
    result = score_launch(data)
    features = build_features(data.leads, data.history_sales, data.config,
                              feature_spec(data.config))
    whole = result.model.pipeline.predict_proba(features)[:, 1]
    monkeypatch.setattr(modelling, "PREDICT_CHUNK_ROWS", 70)

    chunked = modelling.predict_probabilities(result.model.pipeline, features)

    np.testing.assert_allclose(chunked, whole)


def test_large_training_set_is_sampled(monkeypatch):
    monkeypatch.setattr(modelling, "MAX_TRAIN_ROWS", 240)
    data = planted_launch(launch_config(folds=2), count=400)

    result = score_launch(data)

    assert result.model_info.train_sample_size == 240
    assert result.model_info.n_train == 400
    assert "stratified sample of 240 of the 400 training leads" in result.model_info.notes[0]
    assert result.leads["probability"].notna().all()
