"""The purchase-probability model: calibrated gradient boosting on category codes.

The classifier is scikit-learn's ``HistGradientBoostingClassifier``. The
preprocessor of :mod:`hotleads_core.scoring.features` turns each categorical
column into integer codes, and the classifier splits on them natively, so a
column with 50 campaigns stays one column instead of 50 one-hot columns. It
handles missing numbers natively and learns interactions (a channel that
converts only at night) that a linear model misses. Its raw probabilities are
recalibrated with ``CalibratedClassifierCV(method="sigmoid")`` (Platt scaling
on cross-validated predictions). Sigmoid rather than isotonic because a
launch often has only tens to hundreds of buyers, and scikit-learn's
``CalibratedClassifierCV`` documentation advises against isotonic calibration
with far fewer than 1,000 calibration samples, where it tends to overfit.

Each fitted model averages the :data:`CALIBRATION_FOLDS` calibrated boosters,
so scoring a launch fits ``(folds + 1) * CALIBRATION_FOLDS`` boosters. The
average is kept because it carries the held-out AUC on small launches. On
the Olist launch of ``benchmarks/olist_auc.py``, one uncalibrated booster
reached an AUC of 0.637 and a Brier score of 0.1035, and the average of three
calibrated ones 0.680 and 0.1004 (measured once by swapping
:func:`build_pipeline`).

Timed with ``time.perf_counter`` around ``score_launch`` on the shared
2-core AMD EPYC virtual machine (scikit-learn 1.9.1), the Parquet launch of
``hotleads synth --leads 1000000 --seed 1`` took 292 s with one-hot columns
(load average 3 to 5) and, with category codes, 131 s at load average 6
and 41 s at load average 3. Of those 41 s, prediction took 14 s and the 18
fits (5 folds) on samples of :data:`MAX_TRAIN_ROWS` leads 19 s.

Every random step takes ``random_state``, and the training rows are sorted by
their features and outcome first, so the same leads give the same
probabilities whatever their order in the export and whatever the hash key.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from hotleads_core.errors import ModelError
from hotleads_core.scoring.features import FeatureSpec, build_preprocessor, categorical_mask

CALIBRATION_FOLDS = 3
CLASSIFIER_DESCRIPTION = (
    "HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=15, "
    "l2_regularization=1.0) with native categorical splits, stopped early on the log loss "
    "of 10% of its training leads"
)
CALIBRATION_DESCRIPTION = (
    f"CalibratedClassifierCV(method='sigmoid', cv={CALIBRATION_FOLDS}): Platt scaling, "
    "because isotonic calibration overfits with few buyers. The probability is the mean "
    f"of the {CALIBRATION_FOLDS} calibrated boosters"
)
# NOTE: these sizes bound memory and time for launches of millions of leads.
# They are estimates, not measured limits. On the 1,000,000-lead launch of
# the module docstring, 50,000 training rows cut scoring from 131 s to 70 s but
# lowered the out-of-fold AUC from 0.837 to 0.832.
MAX_TRAIN_ROWS = 100_000
PREDICT_CHUNK_ROWS = 500_000
# Below this many rows, gradient boosting runs on one OpenMP thread, because
# when other processes share the cores the threads wait on each other more
# than they work. On a 2-core machine with a load average of 8, one fit on
# 80,000 rows x 60 columns took 5.4 s on one thread and 11.8 s on both. A fit
# on 1,000 rows took 0.11 s on one thread and 1.8 s on both.
SINGLE_THREAD_ROWS = 200_000


def minimum_class_count(folds: int) -> int:
    """Return the fewest buyers (and non-buyers) needed to train with ``folds`` folds.

    Each of the ``folds`` training sets must still hold at least one lead of
    each class in every one of the calibration folds.
    """
    return folds * CALIBRATION_FOLDS


def check_trainable(outcome: np.ndarray, folds: int) -> None:
    """Raise :class:`ModelError` unless ``outcome`` has enough buyers and non-buyers.

    The message gives both counts and the ways out: wait for more sales,
    widen the training period, or score with a saved model or a score column.
    """
    positives = int(np.sum(outcome))
    negatives = int(outcome.size - positives)
    needed = minimum_class_count(folds)
    if positives >= needed and negatives >= needed:
        return
    if positives == 0:
        problem = (f"none of the {outcome.size} training leads has a known purchase "
                   "(a launch before its cart opens has no outcomes yet)")
    else:
        problem = (f"the {outcome.size} training leads hold {positives} buyer(s) and "
                   f"{negatives} non-buyer(s), and {folds} folds need at least {needed} of each")
    raise ModelError(
        f"Cannot train a scoring model: {problem}. Set scoring.model_path to a model "
        "trained on an earlier launch, or use scoring.method: column with the export's "
        "score column and scoring.thresholds, or widen scoring.train_period, or lower "
        "scoring.folds."
    )


def build_pipeline(spec: FeatureSpec, random_state: int) -> Pipeline:
    """Return an unfitted pipeline: category codes, then calibrated gradient boosting."""
    booster = HistGradientBoostingClassifier(
        max_iter=100,
        learning_rate=0.1,
        max_leaf_nodes=15,
        l2_regularization=1.0,
        categorical_features=categorical_mask(spec),
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=10,
        random_state=random_state,
    )
    calibration_folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=random_state)
    calibrated = CalibratedClassifierCV(booster, method="sigmoid", cv=calibration_folds)
    return Pipeline([("features", build_preprocessor(spec)), ("classifier", calibrated)])


def fit_model(features: pd.DataFrame, outcome: np.ndarray, spec: FeatureSpec,
              random_state: int) -> Pipeline:
    """Fit a pipeline on at most :data:`MAX_TRAIN_ROWS` leads, sampled stratified by outcome."""
    rows = sample_rows(outcome, MAX_TRAIN_ROWS, random_state)
    pipeline = build_pipeline(spec, random_state)
    with _thread_limit(rows.size):
        pipeline.fit(features.iloc[rows], outcome[rows])
    return pipeline


def out_of_fold_probabilities(features: pd.DataFrame, outcome: np.ndarray, spec: FeatureSpec,
                              folds: int, random_state: int) -> np.ndarray:
    """Return, for every row, the probability from a model fitted without that row's fold.

    The folds are stratified by outcome. When the other folds hold more than
    :data:`MAX_TRAIN_ROWS` leads, each fold's model trains on a stratified
    sample of them, and still never on the fold it scores.
    """
    splitter = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    probabilities = np.empty(outcome.size, dtype="float64")
    for train_rows, test_rows in splitter.split(np.zeros(outcome.size), outcome):
        pipeline = fit_model(features.iloc[train_rows], outcome[train_rows], spec, random_state)
        probabilities[test_rows] = predict_probabilities(pipeline, features.iloc[test_rows])
    return probabilities


def predict_probabilities(pipeline: Pipeline, features: pd.DataFrame) -> np.ndarray:
    """Return the purchase probability of every row, predicting :data:`PREDICT_CHUNK_ROWS` at a time."""
    probabilities = np.empty(len(features), dtype="float64")
    for start in range(0, len(features), PREDICT_CHUNK_ROWS):
        stop = start + PREDICT_CHUNK_ROWS
        chunk = features.iloc[start:stop]
        with _thread_limit(len(chunk)):
            probabilities[start:stop] = pipeline.predict_proba(chunk)[:, 1]
    return np.clip(probabilities, 0.0, 1.0)


def sample_rows(outcome: np.ndarray, max_rows: int, random_state: int) -> np.ndarray:
    """Return row positions of a stratified random sample of at most ``max_rows`` rows, in order."""
    if outcome.size <= max_rows:
        return np.arange(outcome.size)
    generator = np.random.default_rng(random_state)
    chosen = []
    for label in (False, True):
        rows = np.flatnonzero(outcome == label)
        quota = max(1, round(max_rows * rows.size / outcome.size))
        chosen.append(generator.choice(rows, size=min(quota, rows.size), replace=False))
    return np.sort(np.concatenate(chosen))


def heldout_metrics(probability: np.ndarray, outcome: np.ndarray) -> tuple[float | None, float | None, str | None]:
    """Return ROC AUC, Brier score and the reason a figure is None (None when both exist).

    The Brier score needs at least one lead; the AUC also needs both a buyer
    and a non-buyer.
    """
    if outcome.size == 0:
        return None, None, "no lead with a known outcome was left out of training"
    brier = float(brier_score_loss(outcome, probability))
    if outcome.all() or not outcome.any():
        kind = "bought" if outcome.all() else "did not buy"
        return None, brier, f"all {outcome.size} held-out leads {kind}, so the AUC is undefined"
    return float(roc_auc_score(outcome, probability)), brier, None


def _thread_limit(rows: int):
    threads = 1 if rows < SINGLE_THREAD_ROWS else None
    return threadpool_limits(limits=threads, user_api="openmp")
