"""Build the report's comparison of hot leads against the rest: conversion and revenue.

:mod:`~hotleads_core.reporting.sections` imports both builders, so the report
notebook calls them from there.
"""

from __future__ import annotations

import html

from hotleads_core import charts
from hotleads_core.analysis.results import reason_text
from hotleads_core.reporting.present import (
    _dimension, _heading, _paragraph, _t, bullet_list, chart_or_note, format_count,
    format_decimal, format_difference, format_money, format_percent, format_rate, format_ratio,
    band_notice, frame_rows, html_table, is_missing, more_groups_label, note_html, split_top_rows,
)
from hotleads_core.text import text


def conversion_section(view, config, language: str = "en") -> str:
    """Return hot leads against the rest: buyers, conversion with intervals, difference and lift."""
    conversion = view.conversion
    parts = [_heading("conversion.title", language),
             _heading("conversion.subtitle_conversion", language, level=3), band_notice(view)]
    if view.headline.leads == 0:
        parts.append(note_html(_t("conversion.no_leads", language)))
        return "\n".join(parts)
    if config.sales is None:
        parts.append(note_html(_t("revenue.no_sales", language)))
        return "\n".join(parts)

    header = [_t(f"conversion.{key}", language) for key in ("segment", "leads", "buyers", "rate")]
    rows = [
        [_t(f"conversion.{name}", language), format_count(rate.trials, language),
         format_count(rate.successes, language), format_rate(rate, language)]
        for name, rate in (("hot", conversion.hot), ("rest", conversion.rest))
    ]
    parts.append(html_table(header, rows, [False, True, True, True]))
    parts.append(_paragraph(_t("conversion.difference", language,
                               value=format_difference(conversion.difference, language))))
    parts.append(_paragraph(_t("conversion.lift", language,
                               value=format_ratio(conversion.lift, language))))
    parts.append(chart_or_note(charts.conversion_chart(conversion, language),
                               _t("conversion.chart_alt", language),
                               text("charts.no_data.conversion", language)))
    parts.append(_conversion_by_group(view, config.report.top_groups, language))
    return "\n".join(parts)


def _conversion_by_group(view, top_groups: int, language: str) -> str:
    """Return the per-group comparison, its first ``top_groups`` rows and one row summing the rest.

    The groups come in the channel table's order, so both tables cut at the
    same groups.
    """
    by_group = view.conversion.by_group
    if by_group.empty:
        return ""
    title = _t("conversion.by_group_title", language, dimension=_dimension(view, language))
    header = [_t("channels.group", language), _t("conversion.hot_rate", language),
              _t("conversion.rest_rate", language), _t("conversion.lift_column", language)]
    formatters = [
        lambda row: row["group"],
        lambda row: _rate_of(row["hot_rate"], row["hot_buyers"], row["hot_leads"], language),
        lambda row: _rate_of(row["rest_rate"], row["rest_buyers"], row["rest_leads"], language),
        lambda row: _lift_cell(row, language),
    ]
    top_rows, others = split_top_rows(by_group, top_groups)
    rows = frame_rows(top_rows, formatters)
    if not others.empty:
        rows.append(_other_groups_row(others, language))
    table = html_table(header, rows, [False, True, True, True])
    return f"<h3>{html.escape(title)}</h3>{table}"


def _other_groups_row(others, language: str) -> list[str]:
    """Return the row of pooled hot and rest conversion over the groups left out."""
    cells = [more_groups_label(len(others), language)]
    for segment in ("hot", "rest"):
        buyers = int(others[f"{segment}_buyers"].sum())
        leads = int(others[f"{segment}_leads"].sum())
        cells.append(_rate_of(buyers / leads if leads else None, buyers, leads, language))
    cells.append(text("core.not_available", language))
    return cells


def _rate_of(rate, buyers, leads, language: str) -> str:
    counts = f"({format_count(buyers, language)}/{format_count(leads, language)})"
    if int(leads) == 0:
        return counts
    return f"{format_percent(rate, language)} {counts}"


def _lift_cell(row, language: str) -> str:
    if row["note"]:
        return str(row["note"])
    lift = format_decimal(row["lift"], language, digits=2)
    interval = ""
    if not (is_missing(row["lift_ci_low"]) or is_missing(row["lift_ci_high"])):
        interval = f" [{row['lift_ci_low']:.2f}\u2013{row['lift_ci_high']:.2f}]"
    return f"{lift}\u00d7{interval}"


def revenue_section(view, language: str = "en", transactions: int = 0) -> str:
    """Return revenue totals, per lead and per buyer, the caveats and the revenue chart.

    ``transactions`` is the count of sales in the export
    (``SalesQuality.transactions``). When it is above 0 and no buyer is
    credited, the note states that no sale is credited to a lead, not that
    there are no sales.
    """
    revenue = view.revenue
    currency = revenue.currency
    parts = [_heading("revenue.subtitle", language, level=3)]
    if revenue.buyers == 0:
        key = "revenue.no_credited_sales" if transactions else "revenue.no_sales"
        parts.append(note_html(_t(key, language)))
        return "\n".join(parts)

    def money(amount):
        return format_money(amount, currency, language)

    total_key = "revenue.total_known" if revenue.buyers_with_amount < revenue.buyers else "revenue.total"
    sentences = [
        _t(total_key, language, total=money(revenue.total),
           known=format_count(revenue.buyers_with_amount, language),
           buyers=format_count(revenue.buyers, language),
           paid_sales=format_count(revenue.paid_sales, language)),
        _t("revenue.per_lead", language, value=money(revenue.per_lead)),
        _per_buyer_sentence(revenue, money, language),
    ]
    if revenue.buyers_with_amount < revenue.buyers:
        sentences.append(_t("revenue.known_amounts", language,
                            known=format_count(revenue.buyers_with_amount, language),
                            buyers=format_count(revenue.buyers, language)))
    if revenue.unknown_amount_sales:
        sentences.append(_t("revenue.unknown_amounts", language,
                            count=format_count(revenue.unknown_amount_sales, language)))
    if revenue.refunded_sales or revenue.chargeback_sales or revenue.pending_sales:
        sentences.append(_t(
            "revenue.refunds", language, refunded_sales=revenue.refunded_sales,
            refunded=money(revenue.refunded), chargeback_sales=revenue.chargeback_sales,
            chargeback=money(revenue.chargeback), pending_sales=revenue.pending_sales,
            pending=money(revenue.pending)))
    parts.extend(_paragraph(sentence) for sentence in sentences)
    caveats = _concentration_caveats(revenue, money, language)
    if caveats:
        parts.append(_paragraph(_t("revenue.caveats", language)))
        parts.append(bullet_list(caveats))
    parts.append(chart_or_note(charts.revenue_chart(view.revenue_trend, language, currency),
                               _t("revenue.chart_alt", language),
                               text("charts.no_data.revenue", language)))
    return "\n".join(parts)


def _concentration_caveats(revenue, money, language: str) -> list[str]:
    """Return the sales that are more than half of the view's or a group's revenue, in words.

    The same rule as ``RevenueSummary.warnings``, written with the report's
    money format.
    """
    by_group = revenue.by_group
    if by_group.empty:
        return []
    caveats = []
    largest = float(by_group["max_sale"].max())
    if revenue.total > 0 and 2 * largest > revenue.total:
        caveats.append(_t("revenue.concentration_total", language, sale=money(largest),
                          total=money(revenue.total)))
    for row in by_group.loc[by_group["concentrated"]].itertuples():
        caveats.append(_t("revenue.concentration_group", language, group=row.group,
                          sale=money(row.max_sale), revenue=money(row.revenue)))
    return caveats


def _per_buyer_sentence(revenue, money, language: str) -> str:
    if revenue.per_buyer_reason is not None:
        return _t("revenue.per_buyer_missing", language,
                  reason=reason_text(revenue.per_buyer_reason, language))
    return _t("revenue.per_buyer", language, mean=money(revenue.per_buyer_mean),
              median=money(revenue.per_buyer_median))
