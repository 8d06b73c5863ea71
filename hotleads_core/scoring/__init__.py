"""Lead scoring: a purchase probability and a hot, warm or cold band for every lead.

``score_launch(data)`` is the entry point. It trains a calibrated model on
leads whose outcome is known (or loads a saved one, or reads the export's
score column) and never scores a lead with a model that saw its outcome.
``save_model`` and ``load_model`` keep a trained model with its metadata.
"""

from hotleads_core.scoring.bands import BANDS, BandThresholds, assign_bands, thresholds_from_shares
from hotleads_core.scoring.launch import known_outcome, score_launch
from hotleads_core.scoring.persistence import load_model, save_model
from hotleads_core.scoring.results import SCORE_SOURCES, ModelInfo, ScoringResult, TrainedModel

__all__ = [
    "BANDS",
    "SCORE_SOURCES",
    "BandThresholds",
    "ModelInfo",
    "ScoringResult",
    "TrainedModel",
    "assign_bands",
    "known_outcome",
    "load_model",
    "save_model",
    "score_launch",
    "thresholds_from_shares",
]
