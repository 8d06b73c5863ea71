import numpy as np
import pytest

from hotleads_core.errors import ModelError
from hotleads_core.scoring import BandThresholds, assign_bands, thresholds_from_shares


def test_thresholds_from_shares_ten_scores():
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])

    thresholds = thresholds_from_shares(scores, hot_share=0.2, warm_share=0.3)

    # 20% of 10 leads are hot: the 2nd highest score. Hot plus warm are 50%:
    # the 5th highest score.
    assert thresholds.hot == 0.9
    assert thresholds.warm == 0.6
    assert thresholds.source == "training_quantiles"


def test_thresholds_give_the_shares_on_training_scores():
    scores = np.linspace(0.01, 0.99, 100)
    thresholds = thresholds_from_shares(scores, hot_share=0.2, warm_share=0.3)

    bands = assign_bands(scores, thresholds)

    assert (bands == "hot").sum() == 20
    assert (bands == "warm").sum() == 30
    assert (bands == "cold").sum() == 50


def test_thresholds_share_rounding_error():
    scores = np.arange(100, dtype="float64") / 100

    thresholds = thresholds_from_shares(scores, hot_share=0.07, warm_share=0.1)

    # 0.07 * 100 is 7.000000000000001 in floating point; the 7th highest of
    # 0.00 ... 0.99 is 0.93, and the 17th highest is 0.83.
    assert thresholds.hot == 0.93
    assert thresholds.warm == 0.83


def test_thresholds_shares_covering_everyone():
    scores = np.array([0.2, 0.4, 0.6, 0.8])

    thresholds = thresholds_from_shares(scores, hot_share=0.5, warm_share=0.5)

    assert thresholds.hot == 0.6
    assert thresholds.warm == 0.0


def test_thresholds_ties_go_to_higher_band():
    scores = np.array([0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    thresholds = thresholds_from_shares(scores, hot_share=0.2, warm_share=0.3)

    bands = assign_bands(scores, thresholds)

    assert thresholds.hot == 0.5
    assert (bands == "hot").sum() == 4


def test_thresholds_without_scores():
    with pytest.raises(ModelError, match="without training scores"):
        thresholds_from_shares(np.array([]), hot_share=0.2, warm_share=0.3)


@pytest.mark.parametrize(
    ("probability", "band"),
    [(1.0, "hot"), (0.6, "hot"), (0.5999, "warm"), (0.3, "warm"), (0.2999, "cold"), (0.0, "cold")],
    ids=["one", "at-hot", "below-hot", "at-warm", "below-warm", "zero"],
)
def test_assign_bands_at_thresholds(probability, band):
    thresholds = BandThresholds(hot=0.6, warm=0.3, source="config")

    bands = assign_bands(np.array([probability]), thresholds)

    assert bands[0] == band


def test_assign_bands_categories_in_order():
    thresholds = BandThresholds(hot=0.6, warm=0.3, source="config")

    bands = assign_bands(np.array([0.1]), thresholds)

    assert list(bands.categories) == ["hot", "warm", "cold"]
