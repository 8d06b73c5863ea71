"""Result types of the launch analysis: rates, estimates and summaries.

Every figure that cannot be estimated carries a ``reason`` in plain English
instead of NaN, inf or a zero-width interval, so a report can print the
reason where the number would be.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from hotleads_core.text import text

# Reasons shown in place of a figure. They are English phrases, because a
# result does not know the reader's language: reason_text translates them.
NO_LEADS = "no leads"
NO_BUYERS = "no buyers"
NO_SALES = "no sales yet"
BASELINE_NO_BUYERS = "not estimable (baseline has 0 buyers)"
HOT_NO_BUYERS = "not estimable (hot leads have 0 buyers)"
RATIO_INTERVAL_UNRELIABLE = "interval not reliable with so few buyers"
NOT_ESTIMABLE = "not estimable"
NOT_INFORMATIVE = "not informative"
NO_KNOWN_AMOUNTS = "no buyer has a known amount"
NO_HOT_LEADS_IN_GROUP = "no hot leads in this group"
NOT_SCORED = "leads not scored"
# The score_source that scoring gives training leads (the same value as
# hotleads_core.scoring.results.OUT_OF_FOLD, which this layer does not import).
OUT_OF_FOLD = "out_of_fold"

# Template of the reason of a qualification fixed by the band thresholds.
SET_BY_THRESHOLDS = ("set by the band thresholds: {share} of training leads are hot "
                     "by definition")
ALL_LEADS_HOT_IN_GROUP = "all leads in this group are hot"

# Text keys of the reasons, so that a report can show them in its language.
REASON_KEYS = {
    NO_LEADS: "core.reasons.no_leads",
    NO_BUYERS: "core.reasons.no_buyers",
    NO_SALES: "core.reasons.no_sales",
    BASELINE_NO_BUYERS: "core.reasons.baseline_no_buyers",
    HOT_NO_BUYERS: "core.reasons.hot_no_buyers",
    RATIO_INTERVAL_UNRELIABLE: "core.reasons.ratio_interval_unreliable",
    NOT_ESTIMABLE: "core.reasons.not_estimable",
    NOT_INFORMATIVE: "core.reasons.not_informative",
    NO_KNOWN_AMOUNTS: "core.reasons.no_known_amounts",
    NO_HOT_LEADS_IN_GROUP: "core.reasons.no_hot_leads_in_group",
    NOT_SCORED: "core.reasons.not_scored",
    ALL_LEADS_HOT_IN_GROUP: "core.reasons.all_leads_hot_in_group",
}


def set_by_thresholds(hot_share: float) -> str:
    """Return the reason of a qualification that the band thresholds fix at ``hot_share``."""
    return SET_BY_THRESHOLDS.format(share=f"{hot_share * 100:g} %")


def reason_text(reason: str | None, language: str = "en") -> str:
    """Translate the reason of a :class:`Rate` or :class:`Estimate` into ``language``.

    Returns an empty string for None, and an unknown reason unchanged.
    """
    if reason is None:
        return ""
    key = REASON_KEYS.get(reason)
    return reason if key is None else text(key, language)


@dataclasses.dataclass(frozen=True)
class Rate:
    """A proportion with its confidence interval.

    Attributes
    ----------
    successes, trials : int
        Numerator and denominator counts, such as hot leads and leads.
    estimate : float or None
        ``successes / trials``; None when ``trials`` is 0.
    ci_low, ci_high : float or None
        Interval bounds in [0, 1]; None when the rate is not estimable.
    method : str
        Interval method name, such as ``wilson``.
    confidence_level : float
        Nominal coverage of the interval, such as 0.95.
    reason : str or None
        Why the figure or its interval is missing, such as ``"no leads"``;
        None when both exist. A qualification rate fixed by the band
        thresholds keeps its estimate and has a reason but no interval.
    """

    successes: int
    trials: int
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    method: str
    confidence_level: float
    reason: str | None = None

    @property
    def estimable(self) -> bool:
        """Whether the rate and its interval exist."""
        return self.reason is None


@dataclasses.dataclass(frozen=True)
class Estimate:
    """A comparison of two proportions (a difference or a ratio) with its interval.

    Attributes
    ----------
    kind : str
        ``"difference"`` (first minus second) or ``"ratio"`` (first over second).
    estimate : float or None
        The point estimate; None when not estimable.
    ci_low, ci_high : float or None
        Interval bounds; None when the interval is not estimable or not
        informative (zero width).
    method : str
        Interval method, as named by statsmodels ``confint_proportions_2indep``.
    confidence_level : float
        Nominal coverage of the interval.
    reason : str or None
        Why the estimate or its interval is missing; None when both exist.
    """

    kind: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    method: str
    confidence_level: float
    reason: str | None = None


@dataclasses.dataclass(frozen=True)
class Headline:
    """The launch totals shown at the top of a report.

    Money amounts are in units of ``currency`` (not cents), rounded half up
    to the cent; None where there is nothing to divide by.
    ``revenue_per_buyer`` is the mean over the ``buyers_with_amount``
    buyers, those with at least one paid sale of known amount, so a buyer
    whose amounts were never declared does not count as having spent 0.
    ``hot_leads_reason`` gives the reason why ``hot_leads`` is not a figure to show,
    such as :data:`NOT_SCORED` when no lead has a score; None otherwise.
    """

    leads: int
    hot_leads: int
    qualification: Rate
    buyers: int
    buyers_with_amount: int
    conversion: Rate
    revenue_total: float
    revenue_per_lead: float | None
    revenue_per_buyer: float | None
    currency: str
    hot_leads_reason: str | None = None


@dataclasses.dataclass(frozen=True)
class ConversionComparison:
    """Conversion of hot leads against the rest (warm, cold and unscored leads).

    Attributes
    ----------
    hot, rest : Rate
        Buyers over leads in each segment.
    difference : Estimate
        Hot rate minus rest rate, Newcombe's hybrid score interval.
    lift : Estimate
        Hot rate over rest rate, log-adjusted interval.
    table : DataFrame
        One row per segment: ``segment`` (``hot`` or ``rest``), ``leads``,
        ``buyers``, ``conversion_rate``, ``ci_low``, ``ci_high`` (nullable
        Float64) and ``note`` (reason text, empty when estimable).
    by_group : DataFrame
        The same comparison per group of the sort dimension: ``group``,
        ``hot_leads``, ``hot_buyers``, ``hot_rate``, ``hot_ci_low``,
        ``hot_ci_high``, ``rest_leads``, ``rest_buyers``, ``rest_rate``,
        ``rest_ci_low``, ``rest_ci_high``, ``difference``,
        ``difference_ci_low``, ``difference_ci_high``, ``lift``,
        ``lift_ci_low``, ``lift_ci_high`` (nullable Float64) and ``note``
        (the reasons of the missing figures, empty when none is missing).
        Rows follow the order of the view's channel table.
    """

    hot: Rate
    rest: Rate
    difference: Estimate
    lift: Estimate
    table: pd.DataFrame
    by_group: pd.DataFrame


@dataclasses.dataclass(frozen=True)
class RevenueSummary:
    """Revenue of the buyers in a view, net of refunds and chargebacks.

    Money amounts are in units of ``currency``, rounded half up to the cent.

    Attributes
    ----------
    total : float
        Sum of paid sales with a known amount.
    per_lead : float or None
        ``total / leads``; None without leads.
    per_buyer_mean, per_buyer_median : float or None
        Mean and median of the own revenue of the ``buyers_with_amount``
        buyers; None when there are none (see ``per_buyer_reason``).
    per_buyer_reason : str or None
        Why the per-buyer figures are missing (:data:`NO_BUYERS` or
        :data:`NO_KNOWN_AMOUNTS`); None when they exist.
    buyers, paid_sales : int
        Counts behind the figures.
    buyers_with_amount : int
        Buyers with at least one paid sale of known amount. A buyer whose
        every paid sale lacks an amount has no known revenue and is left out
        of the per-buyer figures, but not of ``per_lead``, which stays
        ``total / leads``.
    unknown_amount_sales : int
        Paid sales without an amount: they make a buyer but add no revenue.
    refunded_sales, chargeback_sales, pending_sales : int
        Transactions left out of revenue, by final status.
    refunded, chargeback, pending : float
        Their amounts.
    by_group : DataFrame
        Per group of the sort dimension: ``group``, ``leads``, ``buyers``,
        ``buyers_with_amount``, ``revenue``, ``revenue_per_lead``,
        ``revenue_per_buyer_mean`` and ``revenue_per_buyer_median`` (over the
        group's buyers with an amount, NA without them), ``max_sale``,
        ``concentrated`` (bool: one sale is more than half of the group's
        revenue).
    warnings : tuple of str
        Caveats for the reader, one sentence each.
    currency : str
        ISO 4217 code of the amounts.
    """

    total: float
    per_lead: float | None
    per_buyer_mean: float | None
    per_buyer_median: float | None
    per_buyer_reason: str | None
    buyers: int
    buyers_with_amount: int
    paid_sales: int
    unknown_amount_sales: int
    refunded_sales: int
    chargeback_sales: int
    pending_sales: int
    refunded: float
    chargeback: float
    pending: float
    by_group: pd.DataFrame
    warnings: tuple[str, ...]
    currency: str


@dataclasses.dataclass(frozen=True)
class ScoreOrigin:
    """Origin of the leads' bands, as far as the figures depend on it.

    Attributes
    ----------
    issue : str or None
        Why no lead has a score (every band is ``unscored``); None when the
        leads were scored.
    training_hot_share : float or None
        Share of the training leads that the band thresholds put in the hot
        band by construction, because the thresholds were fixed from the
        training leads' own out-of-fold scores. None when the thresholds
        came from the launch YAML, a saved model or a score column.
    training_leads : int
        Number of training leads, the leads whose ``score_source`` is
        ``out_of_fold``.
    heldout_auc : float or None
        ROC AUC of the model on leads it did not see; None when unknown.
    """

    issue: str | None = None
    training_hot_share: float | None = None
    training_leads: int = 0
    heldout_auc: float | None = None


@dataclasses.dataclass(frozen=True)
class ViewSettings:
    """The choices behind a view: grouping, ordering, date range, period and interval level."""

    sort_by: str
    order_by: str
    start: dt.date | None
    end: dt.date | None
    period: str
    confidence_level: float
    min_group_leads: int
