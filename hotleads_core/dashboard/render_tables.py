"""Build the dashboard's channel, conversion and revenue tables as HTML.

Like :mod:`~hotleads_core.dashboard.render`, whose formats and table markup
they use, these functions are pure and escape every value from the data.
"""

from __future__ import annotations

import pandas as pd

from hotleads_core.analysis.results import reason_text
from hotleads_core.dashboard.render import (
    DASHES, _missing, _money_tile, _table, dimension_heading, dimension_label, escape, format_count,
    format_money, format_percent,
    format_points, format_ratio, known_amounts_note,
)
from hotleads_core.text import text


def channel_table_html(channels: pd.DataFrame, dimension: str, headline,
                       min_group_leads: int, has_plan: bool = False, language: str = "en") -> str:
    """Return the per-group table in the row order of ``channels``, with a total row.

    Parameters
    ----------
    channels : DataFrame
        ``view.channels``: one row per group, already ordered by the view.
    dimension : str
        The Sort-by UTM field; its catalogue label is the first column's title.
    headline : Headline
        The view's totals, shown in the last row. Every lead is in exactly
        one group, so the group rows add up to it.
    min_group_leads : int
        Groups below this many leads are flagged ``small_sample`` by the
        analysis; the badge's help text quotes the number.
    has_plan : bool
        Whether the launch plans channels for ``dimension``. Only then are
        groups outside the plan marked, because without a plan every group
        would be.
    """
    header = [_group_header(dimension, language)] + [
        text(f"dashboard.columns.{name}", language)
        for name in ("leads", "hot_leads", "qualification_rate", "buyers", "conversion_rate",
                     "revenue", "revenue_per_lead", "note")
    ]
    body = [_channel_row(row, headline.currency, min_group_leads, has_plan, language)
            for row in channels.itertuples(index=False)]
    total = _total_row(headline, language)
    return _table("hl-channel-table", header, body, total)


def conversion_html(comparison, headline, dimension: str, group_order=(), top_groups: int = 15,
                    language: str = "en") -> str:
    """Return the hot-against-rest summary: both rates, the difference and the lift.

    The per-group comparison lists the first ``top_groups`` groups in
    ``group_order`` (the channel table's order); groups missing from
    ``group_order`` follow in their own order.
    """
    segments = [
        _segment_row("hot", comparison.hot, language),
        _segment_row("rest", comparison.rest, language),
    ]
    header = [text(f"dashboard.columns.{name}", language)
              for name in ("segment", "leads", "buyers", "conversion_rate")]
    estimates = "".join([
        _estimate_line("difference", comparison.difference, format_points, language),
        _estimate_line("lift", comparison.lift, format_ratio, language),
    ])
    shown = _first_groups(comparison.by_group, group_order, top_groups)
    by_group = _by_group_table(shown, dimension, language)
    if len(shown) < len(comparison.by_group):
        by_group = (f'<p class="hl-table-note">{escape(text("dashboard.conversion.by_group_note", language, shown=len(shown), total=len(comparison.by_group)))}</p>'
                    + by_group)
    by_group_heading = text("dashboard.conversion.by_group_heading", language,
                            dimension=dimension_label(dimension, language))
    return (
        f'<h3>{escape(text("dashboard.conversion.heading", language))}</h3>'
        + _table("hl-conversion-table", header, segments, None)
        + f'<div class="hl-estimates">{estimates}</div>'
        + f'<h3>{escape(by_group_heading)}</h3>'
        + by_group
    )


def revenue_html(revenue, dimension: str, language: str = "en") -> str:
    """Return the revenue tiles (total, per lead, per buyer) and the per-group revenue table."""
    currency = revenue.currency
    known_note = known_amounts_note(revenue.buyers_with_amount, revenue.buyers, language)
    per_buyer_note = " ".join(part for part in (_median_note(revenue, language), known_note) if part)
    tiles = "".join([
        _money_tile("revenue_total", revenue.total, currency, known_note, language),
        _money_tile("revenue_per_lead", revenue.per_lead, currency, known_note, language),
        _money_tile("revenue_per_buyer", revenue.per_buyer_mean, currency, per_buyer_note,
                    language),
    ])
    warnings = "".join(f'<p class="hl-warning">{escape(line)}</p>'
                       for line in _concentration_lines(revenue, language))
    header = [_group_header(dimension, language)] + [
        text(f"dashboard.columns.{name}", language)
        for name in ("leads", "buyers", "buyers_with_amount", "revenue", "revenue_per_lead",
                     "revenue_per_buyer_mean", "revenue_per_buyer_median")
    ]
    rows = [
        [escape(row.group), format_count(row.leads), format_count(row.buyers),
         format_count(row.buyers_with_amount), format_money(row.revenue, currency, language),
         format_money(row.revenue_per_lead, currency, language),
         format_money(row.revenue_per_buyer_mean, currency, language),
         format_money(row.revenue_per_buyer_median, currency, language)]
        for row in revenue.by_group.itertuples(index=False)
    ]
    return (
        f'<h3>{escape(text("dashboard.conversion.revenue_heading", language))}</h3>'
        f'<div class="hl-tiles">{tiles}</div>{warnings}'
        + _table("hl-revenue-table", header, rows, None)
    )


def _concentration_lines(revenue, language: str) -> list[str]:
    """Return the sales that are more than half of the view's or a group's revenue, in words.

    The same rule as ``RevenueSummary.warnings``, written with the
    dashboard's money format.
    """
    by_group = revenue.by_group
    if by_group.empty:
        return []
    currency = revenue.currency
    lines = []
    largest = float(by_group["max_sale"].max())
    if revenue.total > 0 and 2 * largest > revenue.total:
        lines.append(text("dashboard.conversion.concentration_total", language,
                          sale=format_money(largest, currency, language),
                          total=format_money(revenue.total, currency, language)))
    for row in by_group.loc[by_group["concentrated"]].itertuples():
        lines.append(text("dashboard.conversion.concentration_group", language, group=row.group,
                          sale=format_money(row.max_sale, currency, language),
                          revenue=format_money(row.revenue, currency, language)))
    return lines


def _median_note(revenue, language: str) -> str:
    label = text("dashboard.conversion.per_buyer_median", language)
    median = format_money(revenue.per_buyer_median, revenue.currency, language)
    if revenue.per_buyer_reason is not None:
        median = f"{median} ({reason_text(revenue.per_buyer_reason, language)})"
    return f"{label}: {median}."


def _channel_row(row, currency: str, min_group_leads: int, has_plan: bool,
                 language: str) -> list[str]:
    group = f'<span class="hl-group">{escape(row.group)}</span>'
    if bool(row.small_sample):
        help_text = text("dashboard.uncertain_help", language, count=min_group_leads)
        group += (f' <span class="hl-badge hl-uncertain" title="{escape(help_text)}">'
                  f'{escape(text("dashboard.uncertain", language))}</span>')
    if has_plan and not bool(row.in_plan):
        group += f' <span class="hl-badge hl-unplanned">{escape(text("dashboard.not_planned", language))}</span>'
    return [
        group,
        format_count(row.leads),
        format_count(row.hot_leads),
        _rate_cell(row.qualification_rate, row.qualification_ci_low, row.qualification_ci_high, language),
        format_count(row.buyers),
        _rate_cell(row.conversion_rate, row.conversion_ci_low, row.conversion_ci_high, language),
        format_money(row.revenue, currency, language),
        format_money(row.revenue_per_lead, currency, language),
        escape(row.note if isinstance(row.note, str) else ""),
    ]


def _total_row(headline, language: str) -> list[str]:
    qualification, conversion = headline.qualification, headline.conversion
    return [
        escape(text("dashboard.total", language)),
        format_count(headline.leads),
        format_count(headline.hot_leads),
        _rate_cell(qualification.estimate, qualification.ci_low, qualification.ci_high, language),
        format_count(headline.buyers),
        _rate_cell(conversion.estimate, conversion.ci_low, conversion.ci_high, language),
        format_money(headline.revenue_total, headline.currency, language),
        format_money(headline.revenue_per_lead, headline.currency, language),
        "",
    ]


def _segment_row(segment: str, rate, language: str) -> list[str]:
    return [
        escape(text(f"dashboard.conversion.segment.{segment}", language)),
        format_count(rate.trials),
        format_count(rate.successes),
        _rate_cell(rate.estimate, rate.ci_low, rate.ci_high, language, rate.reason),
    ]


def _estimate_line(key: str, estimate, formatter, language: str) -> str:
    label = escape(text(f"dashboard.conversion.{key}", language))
    value = formatter(estimate.estimate, language)
    if _missing(estimate.ci_low) or _missing(estimate.ci_high):
        detail = estimate.reason or ""
    else:
        detail = (f"{estimate.confidence_level:.0%} CI {formatter(estimate.ci_low, language)}"
                  f"{DASHES}{formatter(estimate.ci_high, language)}")
    return (f'<div class="hl-estimate hl-estimate-{key}"><span class="hl-estimate-label">{label}</span>'
            f'<span class="hl-estimate-value">{escape(value)}</span>'
            f'<span class="hl-estimate-detail">{escape(detail)}</span></div>')


def _first_groups(by_group: pd.DataFrame, group_order, top_groups: int) -> pd.DataFrame:
    position = {group: index for index, group in enumerate(group_order)}
    ranks = by_group["group"].map(lambda group: position.get(group, len(position)))
    ordered = by_group.assign(_rank=ranks).sort_values("_rank", kind="stable")
    return ordered.drop(columns="_rank").head(top_groups)


def _by_group_table(by_group: pd.DataFrame, dimension: str, language: str) -> str:
    header = [_group_header(dimension, language)] + [
        text(f"dashboard.columns.{name}", language)
        for name in ("hot_leads", "hot_rate", "rest_leads", "rest_rate", "difference", "lift", "note")
    ]
    rows = [
        [escape(row.group), format_count(row.hot_leads), format_percent(row.hot_rate, language),
         format_count(row.rest_leads), format_percent(row.rest_rate, language),
         _interval_cell(row.difference, row.difference_ci_low, row.difference_ci_high,
                        format_points, language),
         _interval_cell(row.lift, row.lift_ci_low, row.lift_ci_high, format_ratio, language),
         escape(row.note if isinstance(row.note, str) else "")]
        for row in by_group.itertuples(index=False)
    ]
    return _table("hl-conversion-by-group", header, rows, None)


def _group_header(dimension: str, language: str) -> str:
    return text("dashboard.columns.group", language, dimension=dimension_heading(dimension, language))


def _rate_cell(estimate, low, high, language: str, reason: str | None = None) -> str:
    if _missing(estimate):
        return escape(reason or text("core.not_available", language))
    return _interval_cell(estimate, low, high, format_percent, language)


def _interval_cell(estimate, low, high, formatter, language: str) -> str:
    value = escape(formatter(estimate, language))
    if _missing(low) or _missing(high):
        return value
    interval = f"{formatter(low, language)}{DASHES}{formatter(high, language)}"
    return f'{value}<span class="hl-ci">{escape(interval)}</span>'
