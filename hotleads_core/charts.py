"""Charts shared by the report and the dashboard.

Each function takes a frame or result of a :class:`~hotleads_core.analysis.view.LaunchView`
and a language, and returns a :class:`matplotlib.figure.Figure`. It returns
None when there is nothing to draw, so that the caller writes the matching
``charts.no_data.*`` text instead of showing an empty chart. Figures are
built with :class:`~matplotlib.figure.Figure` directly, not through pyplot,
so no global figure is left open and any backend works, Agg included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter, StrMethodFormatter

from hotleads_core.analysis.results import ConversionComparison, Estimate
from hotleads_core.text import text

# Measures that are proportions, with the interval columns drawn as whiskers.
_RATE_INTERVALS = {
    "qualification_rate": ("qualification_ci_low", "qualification_ci_high"),
    "conversion_rate": ("conversion_ci_low", "conversion_ci_high"),
}

_PALETTE = sns.color_palette("deep")
_HOT, _OTHER, _LINE = _PALETTE[3], _PALETTE[7], _PALETTE[0]


def trend_chart(trend: pd.DataFrame, language: str = "en") -> Figure | None:
    """Draw leads per period (hot and other, stacked) above qualification % with its interval.

    Parameters
    ----------
    trend : DataFrame
        ``view.indicators_trend``.

    Returns
    -------
    Figure or None
        None when the range has no leads; write ``charts.no_data.trend`` then.
        Without any qualification rate (leads not scored), only the lead
        counts are drawn.
    """
    if trend.empty or int(trend["leads"].sum()) == 0:
        return None
    if trend["qualification_rate"].isna().all():
        figure = Figure(figsize=(9, 3.5), layout="constrained")
        counts = figure.subplots()
        _draw_lead_counts(counts, trend, language)
        _format_dates(counts)
        return figure
    figure = Figure(figsize=(9, 5.5), layout="constrained")
    counts, rates = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    _draw_lead_counts(counts, trend, language)
    starts = trend["period_start"]

    rate = _floats(trend["qualification_rate"])
    rates.fill_between(starts, _floats(trend["ci_low"]), _floats(trend["ci_high"]), color=_LINE,
                       alpha=0.2, step="mid", label=_text("trend.interval", language))
    rates.plot(starts, rate, color=_LINE, marker="o", markersize=3,
               label=_text("trend.qualification", language))
    rates.set_ylabel(_text("trend.qualification_axis", language))
    rates.set_ylim(0, 1)
    rates.yaxis.set_major_formatter(PercentFormatter(1.0))
    rates.legend(loc="upper left", frameon=False)
    _format_dates(rates)
    return figure


def channel_chart(channels: pd.DataFrame, measure: str = "qualification_rate",
                  language: str = "en", dimension: str | None = None,
                  top_groups: int = 15) -> Figure | None:
    """Draw one bar per group for ``measure``, with interval whiskers for rates.

    Groups flagged ``small_sample`` are hatched and lighter. Groups not in the
    plan carry "(not planned)" in their label when the dimension has a plan,
    and groups without leads show "no leads" instead of a bar.

    Parameters
    ----------
    channels : DataFrame
        ``view.channels``, already ordered; the first ``top_groups`` rows are drawn.
    measure : str
        A measure column of ``channels``, such as ``qualification_rate``.
    dimension : str, optional
        The UTM field, for the title.

    Returns
    -------
    Figure or None
        None when there is no group; write ``charts.no_data.channel`` then.
    """
    if channels.empty:
        return None
    drawn = channels.head(top_groups).iloc[::-1]
    values = _floats(drawn[measure])
    has_plan = bool(channels["in_plan"].any())
    labels = [_group_label(row, has_plan, language) for row in drawn.itertuples()]
    positions = np.arange(len(drawn))
    figure = Figure(figsize=(9, 1.2 + 0.38 * len(drawn)), layout="constrained")
    axes = figure.subplots()

    colors = [_PALETTE[0] if not small else _lighter(_PALETTE[0])
              for small in drawn["small_sample"]]
    bars = axes.barh(positions, np.nan_to_num(values), color=colors, edgecolor=_PALETTE[0])
    for bar, small in zip(bars, drawn["small_sample"]):
        if small:
            bar.set_hatch("//")
    if measure in _RATE_INTERVALS:
        _draw_whiskers(axes, positions, values, drawn, _RATE_INTERVALS[measure])
        axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    else:
        axes.xaxis.set_major_formatter(_thousands())
    for position, value in zip(positions, values):
        if np.isnan(value):
            axes.text(0, position, " " + _text("channel.no_leads", language), va="center",
                      fontsize=9, color="0.4")

    axes.set_yticks(positions, labels)
    axes.set_xlabel(_text(f"channel.measures.{measure}", language))
    axes.set_title(_channel_title(measure, dimension, language))
    _channel_legend(axes, drawn, measure, language)
    if len(channels) > len(drawn):
        figure.supxlabel(_text("channel.top", language, shown=len(drawn), total=len(channels)),
                         fontsize=9, color="0.4")
    return figure


def _draw_lead_counts(counts, trend: pd.DataFrame, language: str) -> None:
    """Draw hot and other leads per period as stacked bars."""
    starts = trend["period_start"]
    width = _bar_width(starts)
    hot = trend["hot_leads"].to_numpy()
    other = (trend["leads"] - trend["hot_leads"]).to_numpy()
    counts.bar(starts, hot, width=width, color=_HOT, label=_text("trend.hot_leads", language))
    counts.bar(starts, other, width=width, bottom=hot, color=_OTHER,
               label=_text("trend.other_leads", language))
    counts.set_ylabel(_text("trend.leads_axis", language))
    counts.yaxis.set_major_locator(MaxNLocator(integer=True))
    counts.legend(loc="upper left", frameon=False)
    counts.set_title(_text("trend.title", language))


def conversion_chart(conversion: ConversionComparison, language: str = "en") -> Figure | None:
    """Draw the conversion of hot leads and of the rest with their intervals.

    The difference and the lift, or the reason they are missing, are written
    under the bars.

    Returns
    -------
    Figure or None
        None when neither segment has a conversion rate, because there are
        no leads or the leads were not scored; write
        ``charts.no_data.conversion`` then.
    """
    rates = (conversion.hot, conversion.rest)
    if all(rate.estimate is None for rate in rates):
        return None
    figure = Figure(figsize=(7, 4.2), layout="constrained")
    axes = figure.subplots()
    names = [_text("conversion.hot", language), _text("conversion.rest", language)]
    estimates = np.array([np.nan if r.estimate is None else r.estimate for r in rates])
    axes.bar(names, np.nan_to_num(estimates), color=[_HOT, _OTHER], width=0.55)

    for index, rate in enumerate(rates):
        if rate.ci_low is not None:
            axes.errorbar(index, rate.estimate, yerr=[[rate.estimate - rate.ci_low],
                                                      [rate.ci_high - rate.estimate]],
                          color="0.15", capsize=6, linewidth=1.2)
            label = _text("conversion.bar_label", language, buyers=rate.successes, leads=rate.trials)
        else:
            label = rate.reason or ""
        axes.annotate(label, (index, 0), xytext=(0, 4), textcoords="offset points",
                      ha="center", fontsize=9, color="white" if rate.estimate else "0.2")

    axes.set_ylim(0, min(1.0, 1.15 * _top_of(rates)) or 1.0)
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_ylabel(_text("conversion.axis", language))
    axes.set_title(_text("conversion.title", language))
    figure.supxlabel(_comparison_caption(conversion, language), fontsize=9)
    return figure


def revenue_chart(revenue_trend: pd.DataFrame, language: str = "en",
                  currency: str | None = None) -> Figure | None:
    """Draw revenue per period of purchase, hot leads' and the rest's stacked.

    Parameters
    ----------
    revenue_trend : DataFrame
        ``view.revenue_trend``.
    currency : str, optional
        ISO 4217 code for the axis label, such as ``view.revenue.currency``.

    Returns
    -------
    Figure or None
        None when there is no paid sale; write ``charts.no_data.revenue`` then.
    """
    if revenue_trend.empty or int(revenue_trend["paid_sales"].sum()) == 0:
        return None
    figure = Figure(figsize=(9, 4), layout="constrained")
    axes = figure.subplots()
    starts = revenue_trend["period_start"]
    width = _bar_width(starts)
    hot = revenue_trend["hot_revenue"].to_numpy()
    axes.bar(starts, hot, width=width, color=_HOT, label=_text("revenue.hot", language))
    axes.bar(starts, revenue_trend["rest_revenue"].to_numpy(), width=width, bottom=hot,
             color=_OTHER, label=_text("revenue.rest", language))
    if currency:
        axes.set_ylabel(_text("revenue.axis_currency", language, currency=currency))
    else:
        axes.set_ylabel(_text("revenue.axis", language))
    axes.yaxis.set_major_formatter(_thousands())
    axes.set_title(_text("revenue.title", language))
    axes.legend(loc="upper left", frameon=False)
    _format_dates(axes)
    return figure


def _text(key: str, language: str, **values) -> str:
    return text(f"charts.{key}", language, **values)


def _floats(column: pd.Series) -> np.ndarray:
    """Nullable numbers as floats, NA as NaN, for matplotlib."""
    return column.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)


def _bar_width(starts: pd.Series) -> pd.Timedelta:
    """80 % of the shortest gap between period starts, one day when there is one period."""
    gaps = starts.sort_values().diff().dropna()
    gap = gaps.min() if len(gaps) else pd.Timedelta(days=1)
    return gap * 0.8


def _thousands() -> StrMethodFormatter:
    """Format ticks as plain numbers with thousands separators, instead of a 1e7 offset."""
    return StrMethodFormatter("{x:,.0f}")


def _format_dates(axes) -> None:
    locator = AutoDateLocator(maxticks=10)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _lighter(color) -> tuple[float, float, float]:
    return tuple(0.55 + 0.45 * channel for channel in color)


def _group_label(row, has_plan: bool, language: str) -> str:
    """Label a group, marking it "(not planned)" only when the dimension has a plan."""
    if row.in_plan or not has_plan:
        return row.group
    return _text("channel.not_in_plan", language, group=row.group)


def _channel_title(measure: str, dimension: str | None, language: str) -> str:
    measure_name = _text(f"channel.measures.{measure}", language)
    if dimension is None:
        return _text("channel.title_no_dimension", language, measure=measure_name)
    return _text("channel.title", language, measure=measure_name,
                 dimension=_text(f"channel.dimensions.{dimension}", language))


def _draw_whiskers(axes, positions, values, drawn: pd.DataFrame, bounds) -> None:
    low, high = _floats(drawn[bounds[0]]), _floats(drawn[bounds[1]])
    estimable = ~np.isnan(values)
    errors = np.vstack([values - low, high - values])[:, estimable]
    axes.errorbar(values[estimable], positions[estimable], xerr=errors, fmt="none",
                  ecolor="0.15", capsize=3, linewidth=1)


def _channel_legend(axes, drawn: pd.DataFrame, measure: str, language: str) -> None:
    handles = []
    if drawn["small_sample"].any():
        handles.append(Patch(facecolor=_lighter(_PALETTE[0]), edgecolor=_PALETTE[0], hatch="//",
                             label=_text("channel.small_sample", language)))
    if measure in _RATE_INTERVALS:
        handles.append(axes.errorbar([], [], xerr=[], fmt="none", ecolor="0.15", capsize=3,
                                     label=_text("channel.interval", language)))
    if handles:
        axes.legend(handles=handles, loc="lower right", frameon=False, fontsize=9)


def _top_of(rates) -> float:
    tops = [r.ci_high if r.ci_high is not None else (r.estimate or 0.0) for r in rates]
    return max(tops)


def _comparison_caption(conversion: ConversionComparison, language: str) -> str:
    return "    ".join((_difference_caption(conversion.difference, language),
                        _lift_caption(conversion.lift, language)))


def _difference_caption(difference: Estimate, language: str) -> str:
    if difference.ci_low is None:
        return _text("conversion.difference_reason", language, reason=difference.reason)
    return _text("conversion.difference", language, estimate=_points(difference.estimate),
                 low=_points(difference.ci_low), high=_points(difference.ci_high))


def _lift_caption(lift: Estimate, language: str) -> str:
    if lift.estimate is None:
        return _text("conversion.lift_reason", language, reason=lift.reason)
    if lift.ci_low is None:
        return _text("conversion.lift_point_reason", language, estimate=f"{lift.estimate:.2f}",
                     reason=lift.reason)
    return _text("conversion.lift", language, estimate=f"{lift.estimate:.2f}",
                 low=f"{lift.ci_low:.2f}", high=f"{lift.ci_high:.2f}")


def _points(value: float) -> str:
    """Format a difference of proportions in percentage points, such as +6.0 pp."""
    return f"{100 * value:+.1f} pp"
