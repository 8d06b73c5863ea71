"""Results of scoring: the model's metadata, a trained model and the scored leads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import platform

import numpy as np
import pandas as pd
import sklearn
import skops

import hotleads_core
from hotleads_core.scoring.bands import BandThresholds, assign_bands
from hotleads_core.scoring.features import FeatureSpec

# Values of the per-lead ``score_source`` column.
OUT_OF_FOLD = "out_of_fold"
HOLDOUT_MODEL = "holdout_model"
SAVED_MODEL = "saved_model"
SCORE_COLUMN = "score_column"
SCORE_SOURCES = (OUT_OF_FOLD, HOLDOUT_MODEL, SAVED_MODEL, SCORE_COLUMN)


@dataclasses.dataclass(frozen=True)
class ModelInfo:
    """Provenance of a launch's probabilities and their quality on leads the model did not see.

    Attributes
    ----------
    method : str
        ``"model"`` (a HotLeads model) or ``"column"`` (the export's ``score``).
    mode : str
        ``"holdout"``, ``"out_of_fold"``, ``"saved_model"`` or ``"column"``.
    outcome_source : str
        Where the training outcome came from: ``"attribution"`` (a paid sale
        credited by :func:`hotleads_core.attribution.attribute_sales`),
        ``"converted_column"`` (the export's ``converted`` column, which wins
        when present) or ``"none"``.
    classifier, calibration : str
        The estimator and the probability calibration, in words.
    train_start, train_end : date or None
        First and last sign-up day (launch time zone) of the training leads.
    n_train, n_positive : int
        Training leads with a known outcome, and the buyers among them.
    train_sample_size : int or None
        Leads per model fit when the training set was sampled down, else None.
    feature_names : tuple of str
        Input columns of the model.
    thresholds : BandThresholds
        The band cut-offs used for every lead.
    heldout_auc, heldout_brier : float or None
        ROC AUC and Brier score on leads that the final model did not see;
        None with ``heldout_reason`` when they cannot be computed.
    heldout_leads, heldout_positive : int
        Size of that evaluation set and its buyers.
    heldout_description : str
        Which leads the evaluation set holds.
    heldout_reason : str or None
        Why the held-out figures are missing.
    library_versions : tuple of (str, str)
        Versions of HotLeads, scikit-learn, skops, numpy, pandas and Python at training.
    created_at : datetime
        When the model was trained (UTC).
    launch_name : str
        The launch whose leads trained the model.
    notes : tuple of str
        Caveats for the reader, such as a sampled training set.
    """

    method: str
    mode: str
    outcome_source: str
    classifier: str
    calibration: str
    train_start: dt.date | None
    train_end: dt.date | None
    n_train: int
    n_positive: int
    train_sample_size: int | None
    feature_names: tuple[str, ...]
    thresholds: BandThresholds
    heldout_auc: float | None
    heldout_brier: float | None
    heldout_leads: int
    heldout_positive: int
    heldout_description: str
    heldout_reason: str | None
    library_versions: tuple[tuple[str, str], ...]
    created_at: dt.datetime
    launch_name: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Return the fields as JSON-ready values (dates as ISO strings)."""
        raw = dataclasses.asdict(self)
        raw["train_start"] = _iso(self.train_start)
        raw["train_end"] = _iso(self.train_end)
        raw["created_at"] = self.created_at.isoformat()
        raw["library_versions"] = dict(self.library_versions)
        return raw

    @classmethod
    def from_dict(cls, raw: dict) -> ModelInfo:
        """Rebuild a :class:`ModelInfo` from :meth:`to_dict` output."""
        values = dict(raw)
        values["train_start"] = _date_or_none(values["train_start"])
        values["train_end"] = _date_or_none(values["train_end"])
        values["created_at"] = dt.datetime.fromisoformat(values["created_at"])
        values["thresholds"] = BandThresholds(**values["thresholds"])
        values["feature_names"] = tuple(values["feature_names"])
        values["library_versions"] = tuple(sorted(values["library_versions"].items()))
        values["notes"] = tuple(values["notes"])
        return cls(**values)


@dataclasses.dataclass(frozen=True, eq=False)
class TrainedModel:
    """A fitted scikit-learn pipeline with the features it expects and its metadata.

    ``pipeline`` takes the feature frame of
    :func:`hotleads_core.scoring.features.build_features` and its
    ``predict_proba(...)[:, 1]`` is the purchase probability.
    """

    pipeline: object
    features: FeatureSpec
    info: ModelInfo


@dataclasses.dataclass(frozen=True, eq=False)
class ScoringResult:
    """Scored leads of a launch.

    Attributes
    ----------
    leads : DataFrame
        The canonical leads plus ``probability`` (float64 in [0, 1]), ``band``
        (categorical hot, warm, cold) and ``score_source`` (one of
        ``out_of_fold``, ``holdout_model``, ``saved_model``, ``score_column``).
    model_info : ModelInfo
        Metadata of the model or score column.
    model : TrainedModel or None
        The final model, to save with :func:`save_model`; None for the score
        column.
    heldout_lead_ids : Index
        ``lead_id`` of the leads behind ``heldout_auc`` and ``heldout_brier``.
    """

    leads: pd.DataFrame
    model_info: ModelInfo
    model: TrainedModel | None
    heldout_lead_ids: pd.Index


def scored_leads(leads: pd.DataFrame, probability: np.ndarray, source: np.ndarray,
                 thresholds: BandThresholds) -> pd.DataFrame:
    """Return a copy of ``leads`` with ``probability``, ``band`` and ``score_source`` added."""
    scored = leads.copy()
    scored["probability"] = np.asarray(probability, dtype="float64")
    scored["band"] = pd.Series(assign_bands(probability, thresholds), index=leads.index)
    scored["score_source"] = pd.Series(source, index=leads.index, dtype="str")
    return scored


def library_versions() -> tuple[tuple[str, str], ...]:
    """Return the versions that decide whether a saved model can be loaded here."""
    return (
        ("hotleads", hotleads_core.__version__),
        ("numpy", np.__version__),
        ("pandas", pd.__version__),
        ("python", platform.python_version()),
        ("scikit-learn", sklearn.__version__),
        ("skops", skops.__version__),
    )


def utc_now() -> dt.datetime:
    """Return the current time in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date_or_none(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)
