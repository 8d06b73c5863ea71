"""Save a trained model with its metadata, and load it back without unpickling.

A model file is a zip archive with two members:

``hotleads-model.json``
    The format version, the feature columns and the :class:`ModelInfo`
    (training period, features, library versions, held-out AUC and Brier
    score, band thresholds). It is plain JSON, read and checked first.
``pipeline.skops``
    The fitted scikit-learn pipeline in the ``skops.io`` format, which
    rebuilds objects from a schema instead of running pickle's byte code.
    Loading accepts only the types in :data:`TRUSTED_TYPES`, so a crafted
    file cannot make HotLeads construct anything else.

A model saved by another scikit-learn version or another model format version
is rejected before its pipeline is read: scikit-learn does not promise that a
fitted estimator works across versions.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

import skops.io
import sklearn
from sklearn.pipeline import Pipeline

from hotleads_core.errors import ModelError
from hotleads_core.scoring.features import FeatureSpec
from hotleads_core.scoring.results import ModelInfo, ScoringResult, TrainedModel

FORMAT_NAME = "hotleads-model"
# Version 2: category codes and gradient boosting with native categorical
# splits. Version 1 files (one-hot features) are rejected: retrain them.
MODEL_FORMAT_VERSION = 2
METADATA_MEMBER = "hotleads-model.json"
PIPELINE_MEMBER = "pipeline.skops"

# The types of a fitted HotLeads pipeline that skops 0.16 does not trust by
# default. Update this list together with build_pipeline(). The partial and
# check_array come from the classifier's own categorical preprocessor in
# scikit-learn 1.9.1. Trusting functools.partial stays safe because skops
# lists the function inside a partial as a type of its own.
TRUSTED_TYPES = frozenset({
    "functools.partial",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.utils.validation.check_array",
})


def save_model(result_or_model: ScoringResult | TrainedModel, path) -> Path:
    """Write a trained model and its metadata to ``path`` (conventionally ``*.hotleads``).

    The file is written to a temporary name in the same folder and then
    renamed, so a crash never leaves a half-written model at ``path``.

    Raises
    ------
    ModelError
        When the result has no trained model (scores from a score column).
    """
    model = result_or_model.model if isinstance(result_or_model, ScoringResult) else result_or_model
    if model is None:
        raise ModelError(
            "This scoring result has no trained model to save: its scores come from the "
            "export's score column."
        )
    path = Path(path)
    if not path.parent.is_dir():
        raise ModelError(f"Cannot save the model to {path}: folder {path.parent} does not exist. "
                         "Create it first or choose another path.")
    metadata = {
        "format": FORMAT_NAME,
        "format_version": MODEL_FORMAT_VERSION,
        "features": {"categorical": list(model.features.categorical),
                     "numeric": list(model.features.numeric)},
        "info": model.info.to_dict(),
    }
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(METADATA_MEMBER, json.dumps(metadata, indent=2, sort_keys=True))
            archive.writestr(PIPELINE_MEMBER, skops.io.dumps(model.pipeline))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


def load_model(path) -> TrainedModel:
    """Read a model file written by :func:`save_model`, checking its versions and types first.

    Raises
    ------
    ModelError
        When the file is missing or not a HotLeads model, was saved by another
        scikit-learn or model format version, or contains an untrusted type.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"Model file {path} was not found. Check scoring.model_path.")
    try:
        with zipfile.ZipFile(path) as archive:
            metadata = _read_metadata(archive, path)
            _check_versions(metadata, path)
            payload = archive.read(PIPELINE_MEMBER)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ModelError(
            f"{path} is not a HotLeads model file ({exc}). Save models with save_model()."
        ) from None
    pipeline = _load_pipeline(payload, path)
    features = FeatureSpec(categorical=tuple(metadata["features"]["categorical"]),
                           numeric=tuple(metadata["features"]["numeric"]))
    return TrainedModel(pipeline=pipeline, features=features,
                        info=ModelInfo.from_dict(metadata["info"]))


def _read_metadata(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        metadata = json.loads(archive.read(METADATA_MEMBER).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"The metadata of model file {path} is not valid JSON: {exc}.") from None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT_NAME:
        raise ModelError(f"{path} is not a HotLeads model file. Save models with save_model().")
    return metadata


def _check_versions(metadata: dict, path: Path) -> None:
    saved_format = metadata.get("format_version")
    saved_sklearn = dict(metadata["info"]["library_versions"]).get("scikit-learn")
    if saved_format == MODEL_FORMAT_VERSION and saved_sklearn == sklearn.__version__:
        return
    raise ModelError(
        f"Model file {path} was saved with scikit-learn {saved_sklearn} and HotLeads model "
        f"format {saved_format}, but this installation has scikit-learn {sklearn.__version__} "
        f"and model format {MODEL_FORMAT_VERSION}. Retrain the model here: score the training "
        "launch without scoring.model_path and save the result with save_model()."
    )


def _load_pipeline(payload: bytes, path: Path) -> Pipeline:
    try:
        untrusted = skops.io.get_untrusted_types(data=payload)
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise _unreadable_pipeline(path, exc) from None
    rejected = sorted(set(untrusted) - TRUSTED_TYPES)
    if rejected:
        raise ModelError(
            f"Model file {path} contains types that a HotLeads model never uses: "
            f"{', '.join(rejected)}. Load only model files that HotLeads saved."
        )
    try:
        pipeline = skops.io.loads(payload, trusted=list(untrusted))
    except (ValueError, TypeError, KeyError, AttributeError, zipfile.BadZipFile) as exc:
        raise _unreadable_pipeline(path, exc) from None
    if not isinstance(pipeline, Pipeline):
        raise ModelError(f"Model file {path} contains a {type(pipeline).__name__}, not a pipeline.")
    return pipeline


def _unreadable_pipeline(path: Path, exc: Exception) -> ModelError:
    return ModelError(
        f"The pipeline in model file {path} cannot be read ({type(exc).__name__}: {exc}). "
        "The file may be damaged: save the model again."
    )
