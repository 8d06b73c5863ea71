"""Confidence intervals for one proportion and for the comparison of two.

Methods
    One proportion: Wilson score interval (Wilson 1927), the one method the
    product uses for qualification and conversion rates. It stays inside
    [0, 1] and keeps a positive width at 0/n and n/n (0/1 at 95 % gives
    [0, 0.7935]), unlike the normal (Wald) interval, which collapses to a point
    there. Clopper-Pearson (``beta``) is available for comparison.
    Difference of two proportions: Newcombe's hybrid score interval (method 10
    of Newcombe 1998, Statistics in Medicine 17:873-890), built from the two
    Wilson intervals.
    Ratio of two proportions: statsmodels' default log-adjusted interval
    (0.5 added to each count before taking logs). The point estimate is the
    raw ratio, so an interval that excludes it is dropped with a reason.

All three come from ``statsmodels.stats.proportion``. At zero counts
statsmodels emits RuntimeWarnings (division by zero in intermediate steps).
This module silences them around each call and checks every bound, so no
warning, NaN, inf or complex value leaves it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from hotleads_core.analysis.results import (
    BASELINE_NO_BUYERS,
    HOT_NO_BUYERS,
    NO_LEADS,
    NOT_ESTIMABLE,
    NOT_INFORMATIVE,
    RATIO_INTERVAL_UNRELIABLE,
    Estimate,
    Rate,
)

DEFAULT_METHOD = "wilson"
DIFFERENCE_METHOD = "newcomb"
RATIO_METHOD = "log-adjusted"

# Width below which an interval is treated as a single point (not informative).
_MIN_WIDTH = 1e-12


def _wilson(successes, trials, alpha):
    return proportion_confint(successes, trials, alpha=alpha, method="wilson")


def _clopper_pearson(successes, trials, alpha):
    return proportion_confint(successes, trials, alpha=alpha, method="beta")


# Interval methods for one proportion, by the name used in results.
ONE_PROPORTION_METHODS: dict[str, Callable] = {
    "wilson": _wilson,
    "beta": _clopper_pearson,
}


def proportion_interval(successes: int, trials: int, confidence_level: float = 0.95,
                        method: str = DEFAULT_METHOD) -> Rate:
    """Estimate ``successes / trials`` with a confidence interval.

    Parameters
    ----------
    successes, trials : int
        Counts, with ``0 <= successes <= trials``.
    confidence_level : float
        Nominal coverage in (0, 1), such as 0.95.
    method : str
        A key of :data:`ONE_PROPORTION_METHODS`.

    Returns
    -------
    Rate
        With reason ``"no leads"`` and no interval when ``trials`` is 0.

    Raises
    ------
    ValueError
        When the method is unknown or the counts are inconsistent.
    """
    interval = _one_proportion_method(method)
    successes, trials = _check_counts(successes, trials)
    if trials == 0:
        return Rate(0, 0, None, None, None, method, confidence_level, NO_LEADS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = interval(successes, trials, 1 - confidence_level)
    estimate = successes / trials
    low, high = (float(bound) for bound in _contain(float(low), float(high), estimate))
    return Rate(successes, trials, estimate, low, high, method, confidence_level)


def proportion_intervals(successes, trials, confidence_level: float = 0.95,
                         method: str = DEFAULT_METHOD) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Compute rates and interval bounds for arrays of counts at once.

    Returns
    -------
    estimate, ci_low, ci_high : ndarray of float
        NaN where ``trials`` is 0. Callers store these in nullable columns
        and write the reason ``"no leads"`` beside them.
    """
    interval = _one_proportion_method(method)
    successes = np.asarray(successes, dtype="int64")
    trials = np.asarray(trials, dtype="int64")
    estimable = trials > 0
    estimate = np.full(trials.shape, np.nan)
    low = np.full(trials.shape, np.nan)
    high = np.full(trials.shape, np.nan)
    if estimable.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            lo, hi = interval(successes[estimable], trials[estimable], 1 - confidence_level)
        estimate[estimable] = successes[estimable] / trials[estimable]
        low[estimable], high[estimable] = _contain(lo, hi, estimate[estimable])
    return estimate, low, high


def difference_interval(successes1: int, trials1: int, successes2: int, trials2: int,
                        confidence_level: float = 0.95) -> Estimate:
    """Estimate the difference of two independent proportions, first minus second.

    Uses Newcombe's hybrid score interval. It is defined at 0/n and n/n; only
    an empty group (no trials) makes the difference not estimable.
    """
    counts = _check_pair(successes1, trials1, successes2, trials2)
    if counts[1] == 0 or counts[3] == 0:
        return Estimate("difference", None, None, None, DIFFERENCE_METHOD, confidence_level, NO_LEADS)
    estimate = counts[0] / counts[1] - counts[2] / counts[3]
    low, high = _two_sample_interval(counts, "diff", DIFFERENCE_METHOD, confidence_level)
    if low is None or high - low < _MIN_WIDTH:
        return Estimate("difference", estimate, None, None, DIFFERENCE_METHOD, confidence_level,
                        NOT_INFORMATIVE)
    return Estimate("difference", estimate, max(low, -1.0), min(high, 1.0), DIFFERENCE_METHOD,
                    confidence_level)


def ratio_interval(successes1: int, trials1: int, successes2: int, trials2: int,
                   confidence_level: float = 0.95) -> Estimate:
    """Estimate the ratio of two independent proportions, first (hot) over second (rest): the lift.

    The ratio is not estimable when either group has no buyers. With 0
    buyers in the first group the raw ratio is 0, but the log-adjusted
    interval adds 0.5 to every count and so never reaches 0. The estimate
    would then lie outside its own interval, so the difference carries the
    comparison instead. For the same reason, when very few buyers put the
    raw ratio outside the adjusted interval, the ratio is kept and the
    interval is dropped with the reason :data:`RATIO_INTERVAL_UNRELIABLE`.
    When statsmodels returns a zero-width interval (both groups at n/n), the
    ratio is kept and the interval is dropped with the reason ``"not informative"``.
    """
    counts = _check_pair(successes1, trials1, successes2, trials2)
    reason = _ratio_not_estimable(counts)
    if reason is not None:
        return Estimate("ratio", None, None, None, RATIO_METHOD, confidence_level, reason)
    estimate = (counts[0] / counts[1]) / (counts[2] / counts[3])
    low, high = _two_sample_interval(counts, "ratio", "log-adjusted", confidence_level)
    if low is None or high - low < _MIN_WIDTH * max(1.0, estimate):
        return Estimate("ratio", estimate, None, None, RATIO_METHOD, confidence_level,
                        NOT_INFORMATIVE)
    if not low <= estimate <= high:
        return Estimate("ratio", estimate, None, None, RATIO_METHOD, confidence_level,
                        RATIO_INTERVAL_UNRELIABLE)
    return Estimate("ratio", estimate, low, high, RATIO_METHOD, confidence_level)


def _ratio_not_estimable(counts: tuple[int, int, int, int]) -> str | None:
    """Return why the ratio of (buyers, leads) pairs has no estimate, or None."""
    if counts[1] == 0 or counts[3] == 0:
        return NO_LEADS
    if counts[0] == 0 and counts[2] == 0:
        return NOT_ESTIMABLE
    if counts[2] == 0:
        return BASELINE_NO_BUYERS
    if counts[0] == 0:
        return HOT_NO_BUYERS
    return None


def _two_sample_interval(counts, compare, method, confidence_level):
    """Call statsmodels and return finite real bounds, or (None, None)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = confint_proportions_2indep(
            counts[0], counts[1], counts[2], counts[3],
            method=method, compare=compare, alpha=1 - confidence_level,
        )
    bounds = []
    for value in (low, high):
        if np.iscomplexobj(value) or not math.isfinite(float(value)):
            return None, None
        bounds.append(float(value))
    return bounds[0], bounds[1]


def _one_proportion_method(method: str) -> Callable:
    try:
        return ONE_PROPORTION_METHODS[method]
    except KeyError:
        known = ", ".join(sorted(ONE_PROPORTION_METHODS))
        raise ValueError(f"Unknown interval method {method!r}; use one of: {known}.") from None


def _check_counts(successes, trials) -> tuple[int, int]:
    successes, trials = int(successes), int(trials)
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(
            f"Invalid counts {successes}/{trials}: need 0 <= successes <= trials."
        )
    return successes, trials


def _check_pair(successes1, trials1, successes2, trials2) -> tuple[int, int, int, int]:
    first = _check_counts(successes1, trials1)
    second = _check_counts(successes2, trials2)
    return (*first, *second)


def _contain(low, high, estimate):
    """Clip bounds to [0, 1] around the estimate.

    Wilson and Clopper-Pearson intervals contain the estimate by
    construction. Clipping removes rounding residue, such as a lower bound
    of 5e-17 at 0 successes or an upper bound of 0.9999999999999999 at n/n.
    """
    return np.clip(np.minimum(low, estimate), 0.0, 1.0), np.clip(np.maximum(high, estimate), 0.0, 1.0)
