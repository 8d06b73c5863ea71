"""A view of the launch: every figure for one grouping, date range and period.

A view only re-slices :class:`~hotleads_core.aggregation.LaunchTables`, which
are small, so the dashboard can build a new one on every change of the
Sort-by control.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from hotleads_core.aggregation import LaunchTables
from hotleads_core.analysis.channels import ORDER_MEASURES, channel_table
from hotleads_core.analysis.conversion import compare_hot_with_rest
from hotleads_core.analysis.indicators import headline, indicators_trend
from hotleads_core.analysis.model_check import BandAssessment, assess_bands
from hotleads_core.analysis.intervals import DEFAULT_METHOD, DIFFERENCE_METHOD, RATIO_METHOD
from hotleads_core.analysis.periods import PERIOD_STARTS
from hotleads_core.analysis.results import (
    NOT_SCORED,
    OUT_OF_FOLD,
    ConversionComparison,
    Headline,
    RevenueSummary,
    ScoreOrigin,
    ViewSettings,
    set_by_thresholds,
)
from hotleads_core.analysis.revenue import revenue_trend, summarise_revenue
from hotleads_core.analysis.unscored import (
    unscored_channels,
    unscored_comparison,
    unscored_headline,
    unscored_trend,
)
from hotleads_core.config import UTM_FIELDS

# Interval methods behind every view, for a report's footnote.
METHODS = {
    "proportion": DEFAULT_METHOD,
    "difference": DIFFERENCE_METHOD,
    "ratio": RATIO_METHOD,
}


@dataclasses.dataclass(frozen=True)
class LaunchView:
    """Every figure of a launch for one set of :class:`ViewSettings`.

    Attributes
    ----------
    settings : ViewSettings
        Grouping, order, date range, period and confidence level.
    headline : Headline
        Launch totals of the date range.
    indicators_trend : DataFrame
        Leads, hot leads and qualification % per period (see
        :func:`~hotleads_core.analysis.indicators.indicators_trend`).
    channels : DataFrame
        One row per group of ``settings.sort_by`` (see
        :func:`~hotleads_core.analysis.channels.channel_table`).
    conversion : ConversionComparison
        Hot leads against the rest.
    revenue : RevenueSummary
        Revenue totals, per lead, per buyer and per group.
    revenue_trend : DataFrame
        Paid sales and revenue per period of purchase (see
        :func:`~hotleads_core.analysis.revenue.revenue_trend`).
    methods : dict
        Interval method names by kind of figure.
    band_assessment : BandAssessment or None
        Whether the hot/warm/cold bands are shown to separate buyers (see
        :func:`~hotleads_core.analysis.model_check.assess_bands`); None when
        the leads have no scores.
    """

    settings: ViewSettings
    headline: Headline
    indicators_trend: pd.DataFrame
    channels: pd.DataFrame
    conversion: ConversionComparison
    revenue: RevenueSummary
    revenue_trend: pd.DataFrame
    methods: dict
    band_assessment: BandAssessment | None = None


def build_view(tables: LaunchTables, settings: ViewSettings,
               origin: ScoreOrigin | None = None) -> LaunchView:
    """Compute every figure of ``settings`` from the aggregated tables.

    ``origin`` describes how the bands were set; the default means the
    leads were scored by thresholds that do not fix any share. When
    ``origin.issue`` is set, the qualification, hot-lead and
    hot-against-rest figures carry :data:`NOT_SCORED` instead of numbers.
    When the view contains exactly the training leads and the thresholds were
    fixed from their scores, the headline qualification keeps its estimate
    but carries the :func:`set_by_thresholds` reason and no interval.

    Raises
    ------
    ValueError
        When a setting is not one of the allowed values, or ``start`` is
        after ``end``.
    """
    _check_settings(settings)
    origin = origin or ScoreOrigin()
    cells = _slice(tables.cells, settings)
    buyers = _slice(tables.buyers, settings)
    sales = _slice(tables.sales_by_day, settings)
    first_day, last_day = _calendar(tables, settings)
    planned = tables.planned.loc[tables.planned["dimension"] == settings.sort_by, "group"]
    level = settings.confidence_level
    channels = channel_table(cells, planned, settings.order_by, settings.min_group_leads, level)

    view = LaunchView(
        settings=settings,
        headline=headline(cells, buyers, tables.currency, level),
        indicators_trend=indicators_trend(cells, settings.period, first_day, last_day, level),
        channels=channels,
        conversion=compare_hot_with_rest(cells, level, group_order=channels["group"]),
        revenue=summarise_revenue(cells, buyers, tables.currency),
        revenue_trend=revenue_trend(sales, settings.period, first_day, last_day),
        methods=dict(METHODS),
    )
    if origin.issue is not None:
        return _without_scores(view)
    view = dataclasses.replace(
        view, band_assessment=assess_bands(view.conversion, origin.heldout_auc))
    if _training_leads_only(_slice_days(tables.score_sources, settings), origin):
        return _with_fixed_qualification(view, origin.training_hot_share)
    return view


def _training_leads_only(score_sources: pd.DataFrame, origin: ScoreOrigin) -> bool:
    """Check that the view's leads are exactly the training leads whose hot share the thresholds fix.

    A view of part of the training leads, or of training leads together
    with leads scored by the holdout model, has a measured share.
    """
    if origin.training_hot_share is None or origin.training_leads == 0:
        return False
    leads = int(score_sources["leads"].sum())
    training = int(score_sources.loc[score_sources["score_source"] == OUT_OF_FOLD, "leads"].sum())
    return leads == training == origin.training_leads


def _with_fixed_qualification(view: LaunchView, hot_share: float) -> LaunchView:
    qualification = dataclasses.replace(view.headline.qualification, ci_low=None, ci_high=None,
                                        reason=set_by_thresholds(hot_share))
    return dataclasses.replace(
        view, headline=dataclasses.replace(view.headline, qualification=qualification))


def _without_scores(view: LaunchView) -> LaunchView:
    return dataclasses.replace(
        view,
        headline=unscored_headline(view.headline, NOT_SCORED),
        indicators_trend=unscored_trend(view.indicators_trend),
        channels=unscored_channels(view.channels, NOT_SCORED),
        conversion=unscored_comparison(view.conversion, NOT_SCORED),
    )


def _check_settings(settings: ViewSettings) -> None:
    choices = (
        ("sort_by", settings.sort_by, UTM_FIELDS),
        ("order_by", settings.order_by, ORDER_MEASURES),
        ("period", settings.period, tuple(PERIOD_STARTS)),
    )
    for name, value, allowed in choices:
        if value not in allowed:
            raise ValueError(f"Invalid {name} {value!r}; use one of: {', '.join(allowed)}.")
    if not 0.5 < settings.confidence_level < 1:
        raise ValueError(
            f"Invalid confidence_level {settings.confidence_level!r}; use a value between "
            "0.5 and 1, such as 0.95."
        )
    if settings.start and settings.end and settings.start > settings.end:
        raise ValueError(f"Invalid date range: start {settings.start} is after end {settings.end}.")


def _slice(table: pd.DataFrame, settings: ViewSettings) -> pd.DataFrame:
    """Rows of the sort dimension whose sign-up day is inside the date range."""
    return _slice_days(table.loc[table["dimension"] == settings.sort_by], settings)


def _slice_days(table: pd.DataFrame, settings: ViewSettings) -> pd.DataFrame:
    """Rows whose sign-up day is inside the date range."""
    keep = pd.Series(True, index=table.index)
    if settings.start is not None:
        keep &= table["day"] >= pd.Timestamp(settings.start)
    if settings.end is not None:
        keep &= table["day"] <= pd.Timestamp(settings.end)
    return table.loc[keep]


def _calendar(tables: LaunchTables, settings: ViewSettings) -> tuple[dt.date | None, dt.date | None]:
    first_day = settings.start or tables.first_day
    last_day = settings.end or tables.last_day
    if first_day is None or last_day is None:
        return None, None
    return first_day, last_day
