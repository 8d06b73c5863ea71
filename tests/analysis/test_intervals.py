"""Interval methods checked against published worked examples and at zero counts."""

import math
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotleads_core.analysis.intervals import (
    difference_interval,
    proportion_interval,
    proportion_intervals,
    ratio_interval,
)
from hotleads_core.analysis.results import (
    BASELINE_NO_BUYERS,
    HOT_NO_BUYERS,
    NO_LEADS,
    NOT_ESTIMABLE,
    NOT_INFORMATIVE,
    reason_text,
)

# Newcombe (1998), "Two-sided confidence intervals for the single proportion:
# comparison of seven methods", Statistics in Medicine 17:857-872, Table I,
# score method without continuity correction (Wilson).
WILSON_EXAMPLES = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
]

# Newcombe (1998), "Interval estimation for the difference between independent
# proportions: comparison of eleven methods", Statistics in Medicine
# 17:873-890, Table II, method 10 (hybrid score).
NEWCOMBE_EXAMPLES = [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (0, 10, 0, 10, -0.2775, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
    (10, 10, 0, 10, 0.6075, 1.0000),
]


@pytest.mark.parametrize(("successes", "trials", "low", "high"), WILSON_EXAMPLES,
                         ids=[f"{s}of{n}" for s, n, *_ in WILSON_EXAMPLES])
def test_wilson_matches_newcombe_1998(successes, trials, low, high):
    rate = proportion_interval(successes, trials)
    assert rate.method == "wilson"
    assert rate.ci_low == pytest.approx(low, abs=5e-5)
    assert rate.ci_high == pytest.approx(high, abs=5e-5)


def test_wilson_zero_of_one_has_width():
    rate = proportion_interval(0, 1)
    assert rate.estimate == 0.0
    assert rate.ci_low == 0.0
    assert rate.ci_high == pytest.approx(0.7935, abs=5e-5)


def test_wilson_vectorised_matches_scalar():
    estimate, low, high = proportion_intervals([81, 0, 3], [263, 0, 40])
    assert estimate[0] == pytest.approx(81 / 263)
    assert low[0] == pytest.approx(proportion_interval(81, 263).ci_low)
    assert high[2] == pytest.approx(proportion_interval(3, 40).ci_high)
    assert math.isnan(estimate[1])
    assert math.isnan(low[1])


def test_rate_without_trials_has_reason():
    rate = proportion_interval(0, 0)
    assert rate.reason == NO_LEADS
    assert rate.estimate is None
    assert rate.ci_low is None
    assert rate.ci_high is None
    assert not rate.estimable


@pytest.mark.parametrize(("successes1", "trials1", "successes2", "trials2", "low", "high"),
                         NEWCOMBE_EXAMPLES,
                         ids=[f"{a}of{b}_vs_{c}of{d}" for a, b, c, d, *_ in NEWCOMBE_EXAMPLES])
def test_difference_matches_newcombe_1998(successes1, trials1, successes2, trials2, low, high):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        difference = difference_interval(successes1, trials1, successes2, trials2)
    assert difference.method == "newcomb"
    assert difference.estimate == pytest.approx(successes1 / trials1 - successes2 / trials2)
    assert difference.ci_low == pytest.approx(low, abs=5e-5)
    assert difference.ci_high == pytest.approx(high, abs=5e-5)
    assert difference.reason is None


def test_difference_without_trials_has_reason():
    difference = difference_interval(0, 0, 3, 10)
    assert difference.reason == NO_LEADS
    assert difference.estimate is None
    assert difference.ci_low is None


@pytest.mark.parametrize(
    ("counts", "reason"),
    [
        ((3, 50, 0, 50), BASELINE_NO_BUYERS),
        ((0, 50, 0, 50), NOT_ESTIMABLE),
        ((0, 0, 1, 10), NO_LEADS),
        ((0, 50, 5, 50), HOT_NO_BUYERS),
        ((0, 3, 1, 1000), HOT_NO_BUYERS),
    ],
    ids=["baseline_zero", "zero_vs_zero", "no_leads", "hot_zero", "hot_zero_small"],
)
def test_ratio_not_estimable_has_reason(counts, reason):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        lift = ratio_interval(*counts)
    assert lift.reason == reason
    assert lift.estimate is None
    assert lift.ci_low is None
    assert lift.ci_high is None


def test_ratio_all_vs_all_not_informative():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        lift = ratio_interval(50, 50, 50, 50)
    assert lift.estimate == pytest.approx(1.0)
    assert lift.ci_low is None
    assert lift.ci_high is None
    assert lift.reason == NOT_INFORMATIVE


def test_ratio_log_adjusted_interval():
    lift = ratio_interval(56, 70, 48, 80)
    assert lift.estimate == pytest.approx((56 / 70) / (48 / 80))
    assert lift.method == "log-adjusted"
    assert lift.ci_low < lift.estimate < lift.ci_high


def test_ratio_hot_zero_difference_still_estimable():
    # 0/50 against 5/50: the difference is -0.1 and Newcombe's interval exists.
    difference = difference_interval(0, 50, 5, 50)
    assert difference.estimate == pytest.approx(-0.1)
    assert difference.reason is None
    assert difference.ci_low < -0.1 < difference.ci_high


_COUNT_PAIRS = st.integers(min_value=0, max_value=3000).flatmap(
    lambda trials: st.tuples(st.integers(min_value=0, max_value=trials), st.just(trials)))


@given(first=_COUNT_PAIRS, second=_COUNT_PAIRS,
       level=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_estimates_inside_own_intervals(first, second, level):
    counts = (*first, *second)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        rate = proportion_interval(*first, level)
        difference = difference_interval(*counts, level)
        lift = ratio_interval(*counts, level)
    for figure in (rate, difference, lift):
        if figure.ci_low is not None:
            assert figure.ci_low <= figure.estimate <= figure.ci_high
            assert figure.reason is None
        else:
            assert figure.ci_high is None
            assert figure.reason


@pytest.mark.parametrize("successes, trials", [(-1, 10), (11, 10), (0, -1)],
                         ids=["negative", "above_trials", "negative_trials"])
def test_invalid_counts_raise(successes, trials):
    with pytest.raises(ValueError, match="Invalid counts"):
        proportion_interval(successes, trials)


def test_unknown_method_raises():
    with pytest.raises(ValueError, match="Unknown interval method 'wald'"):
        proportion_interval(1, 10, method="wald")


def test_clopper_pearson_available():
    rate = proportion_interval(0, 18, method="beta")
    assert rate.ci_high == pytest.approx(0.1853, abs=5e-5)


@pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.99], ids=["80", "90", "95", "99"])
def test_interval_bounds_inside_unit(level):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for trials in (1, 2, 7, 50):
            for successes in range(trials + 1):
                rate = proportion_interval(successes, trials, level)
                assert 0.0 <= rate.ci_low <= rate.estimate <= rate.ci_high <= 1.0
                assert rate.ci_high - rate.ci_low > 1e-4
                difference = difference_interval(successes, trials, trials - successes, trials, level)
                assert -1.0 <= difference.ci_low <= difference.estimate <= difference.ci_high <= 1.0


def test_wider_level_gives_wider_interval():
    narrow = proportion_interval(3, 40, 0.9)
    wide = proportion_interval(3, 40, 0.99)
    assert wide.ci_low < narrow.ci_low
    assert wide.ci_high > narrow.ci_high


@pytest.mark.parametrize(
    "reason", [NO_LEADS, BASELINE_NO_BUYERS, HOT_NO_BUYERS, NOT_ESTIMABLE, NOT_INFORMATIVE],
    ids=["no_leads", "baseline", "hot_no_buyers", "not_estimable", "not_informative"],
)
def test_reason_text_english_matches_reason(reason):
    assert reason_text(reason, "en") == reason


def test_reason_text_none_and_unknown():
    assert reason_text(None) == ""
    assert reason_text("difference: no leads") == "difference: no leads"
