"""Figures of a launch whose leads have no scores: hot-lead figures give way to a reason.

When no model could be trained (a launch before its cart opens, or no
leads yet), every lead is in the ``unscored`` band. Volumes, channels,
conversion of all leads and revenue stay meaningful, but a qualification
of 0 % with an interval, or hot leads "against" all leads, would read as
measured facts. These functions replace those figures with a reason and
keep every count.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from hotleads_core.analysis.results import ConversionComparison, Estimate, Headline, Rate


def unscored_headline(headline: Headline, reason: str) -> Headline:
    """Replace the qualification with ``reason`` and mark the hot-lead count with it.

    A headline without leads keeps its more specific ``"no leads"`` reasons.
    """
    if headline.leads == 0:
        return headline
    return dataclasses.replace(
        headline,
        qualification=without_estimate(headline.qualification, reason),
        hot_leads_reason=reason,
    )


def unscored_trend(trend: pd.DataFrame) -> pd.DataFrame:
    """Blank the qualification rate and its bounds of every period; counts stay."""
    return _blanked(trend, ["qualification_rate", "ci_low", "ci_high"])


def unscored_channels(channels: pd.DataFrame, reason: str) -> pd.DataFrame:
    """Blank each group's qualification rate and bounds, and give groups with leads the reason."""
    channels = _blanked(channels, ["qualification_rate", "qualification_ci_low",
                                   "qualification_ci_high"])
    channels.loc[channels["leads"] > 0, "note"] = reason
    return channels


def unscored_comparison(comparison: ConversionComparison, reason: str) -> ConversionComparison:
    """Keep the counts of hot leads against the rest but replace every rate and comparison with ``reason``."""
    if comparison.rest.trials == 0:
        return comparison
    table = _blanked(comparison.table, ["conversion_rate", "ci_low", "ci_high"])
    table["note"] = reason
    figures = [name for name in comparison.by_group.columns
               if name.endswith(("_rate", "difference", "lift")) or "_ci_" in name]
    by_group = _blanked(comparison.by_group, figures)
    by_group["note"] = reason
    return ConversionComparison(
        hot=without_estimate(comparison.hot, reason),
        rest=without_estimate(comparison.rest, reason),
        difference=_estimate_without_value(comparison.difference, reason),
        lift=_estimate_without_value(comparison.lift, reason),
        table=table,
        by_group=by_group,
    )


def without_estimate(rate: Rate, reason: str) -> Rate:
    """Return ``rate`` with its counts but no estimate or interval, and ``reason``."""
    return dataclasses.replace(rate, estimate=None, ci_low=None, ci_high=None, reason=reason)


def _estimate_without_value(estimate: Estimate, reason: str) -> Estimate:
    return dataclasses.replace(estimate, estimate=None, ci_low=None, ci_high=None, reason=reason)


def _blanked(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return a copy of ``frame`` with ``columns`` set to NA, keeping the nullable Float64 dtype."""
    frame = frame.copy()
    for name in columns:
        frame[name] = pd.array([pd.NA] * len(frame), dtype="Float64")
    return frame
