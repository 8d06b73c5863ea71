"""Launch statistics computed from the aggregated tables: rates, intervals, lift, revenue.

Nothing here reads row-level leads or sales; every function takes tables
from :func:`hotleads_core.aggregation.aggregate`.
"""

from hotleads_core.analysis.intervals import (
    ONE_PROPORTION_METHODS,
    difference_interval,
    proportion_interval,
    ratio_interval,
)
from hotleads_core.analysis.results import (
    ConversionComparison,
    Estimate,
    Headline,
    Rate,
    RevenueSummary,
    ViewSettings,
    reason_text,
)
from hotleads_core.analysis.view import LaunchView, build_view

__all__ = [
    "ONE_PROPORTION_METHODS",
    "ConversionComparison",
    "Estimate",
    "Headline",
    "LaunchView",
    "Rate",
    "RevenueSummary",
    "ViewSettings",
    "build_view",
    "difference_interval",
    "proportion_interval",
    "ratio_interval",
    "reason_text",
]
