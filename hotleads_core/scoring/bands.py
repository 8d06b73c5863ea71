"""Temperature bands: hot, warm and cold leads from probability thresholds.

The thresholds are fixed once, when the model is trained (or read from the
launch YAML), and every lead of every day is cut with the same two numbers, so
a trend over days compares like with like. "Qualified" means hot.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from hotleads_core.errors import ModelError

BANDS = ("hot", "warm", "cold")
BAND_DTYPE = pd.CategoricalDtype(BANDS)


@dataclasses.dataclass(frozen=True)
class BandThresholds:
    """Probability cut-offs: a lead is hot when ``probability >= hot``, else warm when ``>= warm``.

    Attributes
    ----------
    hot, warm : float
        Probabilities in [0, 1] with ``warm <= hot``.
    source : str
        ``"config"`` (``scoring.thresholds`` of the launch YAML),
        ``"training_quantiles"`` (from the training leads' scores) or
        ``"saved_model"`` (fixed when a loaded model was trained).
    """

    hot: float
    warm: float
    source: str


def thresholds_from_shares(scores: np.ndarray, hot_share: float, warm_share: float) -> BandThresholds:
    """Fix the thresholds so that ``hot_share`` of ``scores`` are hot and ``warm_share`` warm.

    The hot threshold is the ``ceil(hot_share * n)``-th highest score, and the
    warm threshold the ``ceil((hot_share + warm_share) * n)``-th highest score
    (0 when the two shares cover every lead). Leads tied at a threshold all go
    to the higher band, so a band can hold more than its share when scores tie.

    Parameters
    ----------
    scores : ndarray
        Out-of-fold probabilities of the training leads.
    hot_share, warm_share : float
        Target shares of training leads in the hot and warm bands.

    Raises
    ------
    ModelError
        When ``scores`` is empty.
    """
    ordered = np.sort(np.asarray(scores, dtype="float64"))[::-1]
    if ordered.size == 0:
        raise ModelError("Cannot fix band thresholds without training scores.")
    hot = _score_at_share(ordered, hot_share)
    covered = hot_share + warm_share
    warm = 0.0 if covered >= 1 else _score_at_share(ordered, covered)
    return BandThresholds(hot=hot, warm=min(warm, hot), source="training_quantiles")


def assign_bands(probability: np.ndarray, thresholds: BandThresholds) -> pd.Categorical:
    """Return the band of each probability as a categorical with categories hot, warm, cold."""
    probability = np.asarray(probability, dtype="float64")
    labels = np.select(
        [probability >= thresholds.hot, probability >= thresholds.warm],
        ["hot", "warm"],
        default="cold",
    )
    return pd.Categorical(labels, dtype=BAND_DTYPE)


def _score_at_share(ordered_desc: np.ndarray, share: float) -> float:
    # The tolerance keeps 0.07 * 100 (7.000000000000001 in floating point) at rank 7.
    rank = max(1, math.ceil(share * ordered_desc.size - 1e-9))
    return float(ordered_desc[rank - 1])
