"""Score every lead of a launch: train or load a model, or read the export's score column.

Four strategies, chosen from ``config.scoring``:

``out_of_fold`` (``mode: out_of_fold``)
    Every lead with a known outcome gets a K-fold out-of-fold probability; the
    held-out AUC and Brier score pool those predictions.
``holdout`` (``mode: holdout``)
    Leads signed up in ``train_period`` train the model and get out-of-fold
    probabilities; every other lead is scored by the model trained on all of
    them. The held-out figures use only the leads of ``score_period`` (or
    after the training period) with a known outcome.
``saved_model`` (``model_path`` set)
    A model trained earlier scores every lead.
``column`` (``method: column``)
    The export's ``score`` column is the probability.

In the first two, leads without a known outcome (a ``converted`` value left
empty) are scored by the final model, which did not see them either, so no
lead's probability comes from a model that saw its outcome.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings

import numpy as np
import pandas as pd

from hotleads_core.attribution import attribute_sales
from hotleads_core.config import LaunchConfig, Period
from hotleads_core.errors import ConfigError, HotLeadsWarning
from hotleads_core.scoring import model as modelling
from hotleads_core.scoring.bands import BandThresholds, thresholds_from_shares
from hotleads_core.scoring.column import score_from_column
from hotleads_core.scoring.features import build_features, feature_spec
from hotleads_core.scoring.persistence import load_model
from hotleads_core.scoring.results import (
    HOLDOUT_MODEL, OUT_OF_FOLD, SAVED_MODEL, ModelInfo, ScoringResult, TrainedModel,
    library_versions, scored_leads, utc_now,
)


def score_launch(data) -> ScoringResult:
    """Give every lead of a launch a purchase probability, a band and its score source.

    Parameters
    ----------
    data : LaunchData
        The output of :func:`hotleads_core.ingest.load_launch`: ``config``,
        ``leads``, ``sales`` and ``history_sales``.

    Returns
    -------
    ScoringResult
        ``leads`` with ``probability``, ``band`` and ``score_source`` added,
        the :class:`ModelInfo`, the final model and the held-out lead ids.

    Raises
    ------
    ModelError
        When there are too few buyers to train, or a saved model cannot be loaded.
    ConfigError
        When the scoring section is incomplete for the chosen method or mode.
    DataError
        When a declared feature column or the score column is missing or invalid.
    """
    strategy = _strategy_name(data.config)
    return _STRATEGIES[strategy](data)


def known_outcome(data) -> tuple[pd.Series, str]:
    """Return each lead's outcome (nullable boolean, NA when unknown) and where it came from.

    The export's ``converted`` column wins when it has any value. Otherwise a
    lead bought when :func:`attribute_sales` credits it a paid sale of this
    launch. Without a sales file every outcome is unknown.
    """
    leads = data.leads
    if "converted" in leads.columns and leads["converted"].notna().any():
        converted = pd.Series(pd.array(leads["converted"], dtype="boolean"), index=leads.index)
        return converted, "converted_column"
    if data.config.sales is None:
        return pd.Series(pd.NA, index=leads.index, dtype="boolean"), "none"
    buyer = attribute_sales(leads, data.sales, data.config.attribution)["buyer"]
    return pd.Series(buyer.to_numpy(dtype=bool), index=leads.index, dtype="boolean"), "attribution"


def signed_up_within(leads: pd.DataFrame, period: Period, timezone: str) -> np.ndarray:
    """Return a mask of leads whose sign-up falls on a day of ``period`` in the launch time zone."""
    start = pd.Timestamp(period.start, tz=timezone)
    end = pd.Timestamp(period.end + dt.timedelta(days=1), tz=timezone)
    signed_up_at = leads["signed_up_at"]
    return ((signed_up_at >= start) & (signed_up_at < end)).to_numpy(dtype=bool)


def _strategy_name(config: LaunchConfig) -> str:
    scoring = config.scoring
    if scoring.method == "column":
        return "column"
    if scoring.model_path is not None:
        return "saved_model"
    return scoring.mode


def _score_out_of_fold(data) -> ScoringResult:
    outcome, outcome_source = known_outcome(data)
    training = outcome.notna().to_numpy()
    return _train_and_score(
        data, outcome, outcome_source, training, evaluation=None,
        heldout_description="pooled out-of-fold predictions of every lead with a known outcome",
    )


def _score_holdout(data) -> ScoringResult:
    config = data.config
    scoring = config.scoring
    if scoring.train_period is None:
        raise ConfigError(
            "scoring.mode 'holdout' needs a training period.", field="scoring.train_period",
            source=config.source_file,
            fix="Add scoring.train_period with start and end dates, or use mode: out_of_fold.",
        )
    timezone = config.launch.timezone
    outcome, outcome_source = known_outcome(data)
    labelled = outcome.notna().to_numpy()
    training = signed_up_within(data.leads, scoring.train_period, timezone) & labelled
    if scoring.score_period is not None:
        later = signed_up_within(data.leads, scoring.score_period, timezone)
        described = f"leads signed up from {scoring.score_period.start} to {scoring.score_period.end}"
    else:
        after = pd.Timestamp(scoring.train_period.end + dt.timedelta(days=1), tz=timezone)
        later = (data.leads["signed_up_at"] >= after).to_numpy(dtype=bool)
        described = f"leads signed up after {scoring.train_period.end}"
    evaluation = later & labelled & ~training
    return _train_and_score(data, outcome, outcome_source, training, evaluation,
                            heldout_description=described + " with a known outcome")


def _train_and_score(data, outcome: pd.Series, outcome_source: str, training: np.ndarray,
                     evaluation: np.ndarray | None, heldout_description: str) -> ScoringResult:
    """Train on the ``training`` leads and score every lead with a model that did not see it.

    ``evaluation`` selects the held-out leads scored by the final model; None
    means the held-out figures come from the out-of-fold predictions.
    """
    config, leads = data.config, data.leads
    spec = feature_spec(config)
    features = build_features(leads, data.history_sales, config, spec)

    order = _training_order(features, outcome, training)
    train_outcome = outcome.iloc[order].to_numpy(dtype=bool)
    modelling.check_trainable(train_outcome, config.scoring.folds)
    pipeline, probability, source = _score_every_lead(features, train_outcome, order, spec,
                                                      config.scoring)

    heldout_rows = order if evaluation is None else np.flatnonzero(evaluation)
    heldout_outcome = outcome.iloc[heldout_rows].to_numpy(dtype=bool)
    metrics = modelling.heldout_metrics(probability[heldout_rows], heldout_outcome)

    thresholds = _training_thresholds(config, probability[order])
    info = _trained_model_info(
        config, leads.iloc[order], train_outcome, spec.names, thresholds, metrics,
        heldout_outcome, heldout_description, outcome_source,
    )
    # Frames up to the caller: this function, _score_holdout or
    # _score_out_of_fold, score_launch.
    _warn_missing_metrics(info, stacklevel=5)
    return ScoringResult(
        leads=scored_leads(leads, probability, source, thresholds),
        model_info=info,
        model=TrainedModel(pipeline=pipeline, features=spec, info=info),
        heldout_lead_ids=pd.Index(leads["lead_id"].iloc[heldout_rows], name="lead_id"),
    )


def _score_every_lead(features: pd.DataFrame, train_outcome: np.ndarray, order: np.ndarray,
                      spec, scoring) -> tuple[object, np.ndarray, np.ndarray]:
    """Return the final pipeline, every lead's probability and its score source.

    The training leads (at positions ``order``) get out-of-fold probabilities,
    and every other lead gets the final model's, which was trained on the
    training leads only.
    """
    train_features = features.iloc[order]
    out_of_fold = modelling.out_of_fold_probabilities(
        train_features, train_outcome, spec, scoring.folds, scoring.random_state)
    pipeline = modelling.fit_model(train_features, train_outcome, spec, scoring.random_state)

    probability = np.empty(len(features), dtype="float64")
    source = np.full(len(features), HOLDOUT_MODEL, dtype=object)
    probability[order] = out_of_fold
    source[order] = OUT_OF_FOLD
    others = np.setdiff1d(np.arange(len(features)), order, assume_unique=True)
    probability[others] = modelling.predict_probabilities(pipeline, features.iloc[others])
    return pipeline, probability, source


def _score_with_saved_model(data) -> ScoringResult:
    config, leads = data.config, data.leads
    model = load_model(config.scoring.model_path)
    features = build_features(leads, data.history_sales, config, model.features)
    probability = modelling.predict_probabilities(model.pipeline, features)

    heldout_rows, info = _saved_model_heldout(data, model, probability)
    thresholds = _configured_thresholds(config) or dataclasses.replace(info.thresholds,
                                                                       source="saved_model")
    info = dataclasses.replace(info, mode="saved_model", thresholds=thresholds)
    _warn_missing_metrics(info, stacklevel=4)
    source = np.full(len(leads), SAVED_MODEL, dtype=object)
    return ScoringResult(
        leads=scored_leads(leads, probability, source, thresholds),
        model_info=info,
        model=dataclasses.replace(model, info=info),
        heldout_lead_ids=pd.Index(leads["lead_id"].iloc[heldout_rows], name="lead_id"),
    )


def _saved_model_heldout(data, model: TrainedModel,
                         probability: np.ndarray) -> tuple[np.ndarray, ModelInfo]:
    """Return the held-out rows of this launch and the model's info with their figures.

    Leads with a known outcome count, except those of the model's own launch
    that signed up on its training days. Without such leads, the info keeps
    the figures measured when the model was trained.
    """
    config, leads = data.config, data.leads
    outcome, _ = known_outcome(data)
    evaluation = outcome.notna().to_numpy()
    description = "leads of this launch with a known outcome"
    if model.info.launch_name == config.name and model.info.train_start is not None:
        seen = Period(start=model.info.train_start, end=model.info.train_end)
        evaluation = evaluation & ~signed_up_within(leads, seen, config.launch.timezone)
        description += f", signed up outside the model's training days {seen.start} to {seen.end}"
    heldout_rows = np.flatnonzero(evaluation)
    info = model.info
    if heldout_rows.size == 0:
        described = f"from training on launch {info.launch_name!r}: {info.heldout_description}"
        return heldout_rows, dataclasses.replace(info, heldout_description=described)

    heldout_outcome = outcome.iloc[heldout_rows].to_numpy(dtype=bool)
    auc, brier, reason = modelling.heldout_metrics(probability[heldout_rows], heldout_outcome)
    return heldout_rows, dataclasses.replace(
        info, heldout_auc=auc, heldout_brier=brier, heldout_reason=reason,
        heldout_leads=int(heldout_rows.size), heldout_positive=int(heldout_outcome.sum()),
        heldout_description=description,
    )


def _training_order(features: pd.DataFrame, outcome: pd.Series,
                    training: np.ndarray) -> np.ndarray:
    """Return the positions of the training leads in an order fixed by their content.

    The folds, the calibration splits and the training sample follow row
    order, so the order must depend neither on the export's row order nor on
    ``lead_id``: a hash that changes with ``HOTLEADS_HASH_KEY`` would make the
    scores change with the key. Rows are sorted by every feature column and
    then by the outcome. Rows equal in all of these are interchangeable for
    the model, so their relative order cannot change any score.
    """
    positions = np.flatnonzero(training)
    keys = [_sort_codes(features[name].iloc[positions]) for name in features.columns]
    keys.append(outcome.iloc[positions].to_numpy(dtype=bool))
    # np.lexsort sorts by its last key first.
    return positions[np.lexsort(keys[::-1])]


def _sort_codes(column: pd.Series) -> np.ndarray:
    codes, _ = pd.factorize(column, sort=True, use_na_sentinel=True)
    return codes


def _configured_thresholds(config: LaunchConfig) -> BandThresholds | None:
    configured = config.scoring.thresholds
    if configured is None:
        return None
    return BandThresholds(hot=configured.hot, warm=configured.warm, source="config")


def _training_thresholds(config: LaunchConfig, training_scores: np.ndarray) -> BandThresholds:
    scoring = config.scoring
    return _configured_thresholds(config) or thresholds_from_shares(
        training_scores, scoring.hot_share, scoring.warm_share)


def _trained_model_info(config, training_leads, train_outcome, feature_names, thresholds,
                        metrics, heldout_outcome, heldout_description, outcome_source) -> ModelInfo:
    auc, brier, reason = metrics
    sample_size = None
    notes = []
    if train_outcome.size > modelling.MAX_TRAIN_ROWS:
        sample_size = modelling.MAX_TRAIN_ROWS
        notes.append(f"Each model fit used a stratified sample of {sample_size} of the "
                     f"{train_outcome.size} training leads.")
    if outcome_source == "converted_column":
        notes.append("Outcomes come from the export's converted column, which takes "
                     "precedence over attributed sales.")
    signed_up_at = training_leads["signed_up_at"]
    return ModelInfo(
        method="model", mode=config.scoring.mode, outcome_source=outcome_source,
        classifier=modelling.CLASSIFIER_DESCRIPTION, calibration=modelling.CALIBRATION_DESCRIPTION,
        train_start=signed_up_at.min().date(), train_end=signed_up_at.max().date(),
        n_train=int(train_outcome.size), n_positive=int(train_outcome.sum()),
        train_sample_size=sample_size, feature_names=tuple(feature_names), thresholds=thresholds,
        heldout_auc=auc, heldout_brier=brier, heldout_leads=int(heldout_outcome.size),
        heldout_positive=int(heldout_outcome.sum()), heldout_description=heldout_description,
        heldout_reason=reason, library_versions=library_versions(), created_at=utc_now(),
        launch_name=config.name, notes=tuple(notes),
    )


def _warn_missing_metrics(info: ModelInfo, stacklevel: int) -> None:
    """Warn when a held-out figure is missing; ``stacklevel`` points at the caller of score_launch."""
    if info.heldout_reason is not None:
        warnings.warn(f"Held-out model quality is incomplete: {info.heldout_reason}.",
                      HotLeadsWarning, stacklevel=stacklevel)


_STRATEGIES = {
    "out_of_fold": _score_out_of_fold,
    "holdout": _score_holdout,
    "saved_model": _score_with_saved_model,
    "column": score_from_column,
}
