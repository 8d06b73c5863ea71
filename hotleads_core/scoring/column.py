"""Use a score column from another tool as the purchase probability.

The export's ``score`` column must already be a probability in [0, 1]:
:func:`hotleads_core.schema.check_leads` rejects any other value, so a tool
that scores from 0 to 100 needs its column divided by 100 before ingest. The
bands come from ``scoring.thresholds`` of the launch YAML, which is required
because HotLeads trains nothing here and so has no training scores to take
quantiles from.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hotleads_core.errors import ConfigError, DataError, Reason
from hotleads_core.scoring.bands import BandThresholds
from hotleads_core.scoring.results import (
    SCORE_COLUMN, ModelInfo, ScoringResult, library_versions, scored_leads, utc_now,
)

NO_HELDOUT_REASON = (
    "the scores come from another tool, and HotLeads cannot tell which leads trained it"
)


def score_from_column(data) -> ScoringResult:
    """Score every lead with the export's ``score`` column and the YAML thresholds.

    Raises
    ------
    ConfigError
        When ``scoring.thresholds`` is not set.
    DataError
        When the leads have no ``score`` column or a lead has no score.
    """
    config, leads = data.config, data.leads
    thresholds = _required_thresholds(config)
    probability = _score_values(leads, config)
    info = ModelInfo(
        method="column", mode="column", outcome_source="none",
        classifier="score column of the lead export", calibration="none (taken as given)",
        train_start=None, train_end=None, n_train=0, n_positive=0, train_sample_size=None,
        feature_names=("score",), thresholds=thresholds,
        heldout_auc=None, heldout_brier=None, heldout_leads=0, heldout_positive=0,
        heldout_description="none", heldout_reason=NO_HELDOUT_REASON,
        library_versions=library_versions(), created_at=utc_now(), launch_name=config.name,
    )
    source = np.full(len(leads), SCORE_COLUMN, dtype=object)
    return ScoringResult(
        leads=scored_leads(leads, probability, source, thresholds),
        model_info=info,
        model=None,
        heldout_lead_ids=pd.Index([], name="lead_id", dtype="str"),
    )


def _required_thresholds(config) -> BandThresholds:
    configured = config.scoring.thresholds
    if configured is None:
        raise ConfigError(
            "scoring.method 'column' needs fixed band thresholds.",
            field="scoring.thresholds", source=config.source_file,
            fix="Add scoring.thresholds with hot and warm probabilities, such as "
                "hot: 0.6 and warm: 0.3.",
        )
    return BandThresholds(hot=configured.hot, warm=configured.warm, source="config")


def _score_values(leads: pd.DataFrame, config) -> np.ndarray:
    if "score" not in leads.columns:
        raise DataError(
            "scoring.method is 'column' but the leads have no score column.",
            file=config.leads.path, column="score", reason=Reason.MISSING_COLUMN,
            fix="Map the export's score header to 'score' under leads.columns, "
                "or use scoring.method: model.",
        )
    scores = pd.to_numeric(leads["score"], errors="coerce").to_numpy(dtype="float64",
                                                                     na_value=np.nan)
    missing = np.flatnonzero(np.isnan(scores))
    if missing.size:
        raise DataError(
            f"{missing.size} of {len(leads)} leads have no score, so they cannot get a band "
            f"(the first is lead_id {leads['lead_id'].iloc[missing[0]]}).",
            file=config.leads.path, column="score",
            reason=Reason.MISSING_VALUE,
            fix="Fill the score for every lead in the export, or use scoring.method: model.",
        )
    if ((scores < 0) | (scores > 1)).any():
        raise DataError(
            "Scores must be probabilities in [0, 1].", file=config.leads.path, column="score",
            value=float(scores[(scores < 0) | (scores > 1)][0]), reason=Reason.INVALID_NUMBER,
            fix="Rescale the score column to [0, 1] before ingest, e.g. divide 0-100 scores by 100.",
        )
    return scores
