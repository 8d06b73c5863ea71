"""Whether the hot/warm/cold bands separate buyers from the other leads.

A model that ranks leads no better than chance still puts a share of them
in the hot band, and the indicators would show those leads as qualified.
:func:`assess_bands` checks the held-out ROC AUC and the hot-against-rest
conversion difference, and returns a sentence for the reader when the
bands should not be trusted.
"""

from __future__ import annotations

import dataclasses

from hotleads_core.analysis.caveats import warn_caller
from hotleads_core.analysis.results import ConversionComparison
from hotleads_core.text import text

# Held-out ROC AUC below which a model is treated as no better than chance.
# NOTE: 0.5 is a random ranking, and the 0.05 margin for holdout noise is a judgement call.
MIN_HELDOUT_AUC = 0.55


@dataclasses.dataclass(frozen=True)
class BandAssessment:
    """Verdict on whether the bands are shown to separate buyers, with the reason when not.

    Attributes
    ----------
    informative : bool
        False when the bands are flagged as not separating buyers.
    reason : str or None
        A sentence for the reader with the figures behind the flag; None
        when ``informative`` is True.
    """

    informative: bool
    reason: str | None = None


def assess_bands(conversion: ConversionComparison, heldout_auc: float | None,
                 language: str = "en") -> BandAssessment:
    """Check that hot leads are shown to convert better than the rest.

    The bands are flagged, in this order of precedence, when

    1. the held-out ROC AUC is known and below :data:`MIN_HELDOUT_AUC`
       (0.55): on leads it did not see the model ranks no better than chance;
    2. the upper bound of the hot-minus-rest conversion difference
       (Newcombe's hybrid score interval) is at or below 0: hot leads convert
       no better than the rest;
    3. the held-out ROC AUC is unknown (no holdout, a saved model or a score
       column) and the difference interval includes 0.

    A difference without an interval (too few leads or buyers) flags nothing
    on its own. A flag also emits a :class:`~hotleads_core.errors.HotLeadsWarning`
    attributed to the caller's line.

    Parameters
    ----------
    conversion : ConversionComparison
        Hot leads against the rest, from :attr:`LaunchView.conversion`.
    heldout_auc : float or None
        ROC AUC of the model on held-out leads (``ModelInfo.heldout_auc``);
        None when unknown.
    language : str
        Language of the reason sentence.
    """
    reason = _reason(conversion, heldout_auc, language)
    if reason is None:
        return BandAssessment(informative=True)
    warn_caller(reason)
    return BandAssessment(informative=False, reason=reason)


def _reason(conversion: ConversionComparison, heldout_auc: float | None,
            language: str) -> str | None:
    if heldout_auc is not None and heldout_auc < MIN_HELDOUT_AUC:
        return text("core.band_check.low_auc", language, auc=f"{heldout_auc:.2f}")
    difference = conversion.difference
    if difference.ci_low is None or difference.ci_high is None:
        return None
    if difference.ci_high <= 0:
        return text("core.band_check.hot_not_better", language, **_figures(conversion))
    if heldout_auc is None and difference.ci_low <= 0:
        return text("core.band_check.unknown_auc_no_difference", language, **_figures(conversion))
    return None


def _figures(conversion: ConversionComparison) -> dict[str, str]:
    """Rates in %, the difference and its bounds in signed percentage points."""
    difference = conversion.difference
    return {
        "hot_rate": _percent(conversion.hot.estimate),
        "rest_rate": _percent(conversion.rest.estimate),
        "difference": _points(difference.estimate),
        "level": f"{difference.confidence_level * 100:g} %",
        "low": _points(difference.ci_low),
        "high": _points(difference.ci_high),
    }


def _percent(share: float | None) -> str:
    return text("core.not_available") if share is None else f"{share * 100:.1f} %"


def _points(share: float | None) -> str:
    return text("core.not_available") if share is None else f"{share * 100:+.1f}"
