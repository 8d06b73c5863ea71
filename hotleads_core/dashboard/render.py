"""Turn analysis results into the dashboard's HTML fragments.

These functions are pure: they take results of :mod:`hotleads_core.analysis`
(through ``LaunchAnalysis.view``) and return HTML strings, so the widget
callbacks only place strings into widgets and the rendering is tested without
a browser. Every value from the data is HTML-escaped. Only aggregates reach
this module; no lead identifier or e-mail does.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import pandas as pd

from hotleads_core.analysis.results import reason_text
from hotleads_core.text import text

DASHES = "\u2013"

# Amounts from this size on are shown with a unit in tiles, because their full
# form ("BRL 60,630,000.00") is wider than a tile.
COMPACT_FROM = 100_000
COMPACT_UNITS = ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
# Length of one trend period. Days are absent because a day is never partial.
PERIOD_LENGTHS = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1)}


def format_count(value) -> str:
    """Format a count with thousands separators, such as ``1,234``."""
    return f"{int(value):,}"


def format_percent(value, language: str = "en") -> str:
    """Format a proportion in [0, 1] as a percentage with one decimal, or the n/a text."""
    if _missing(value):
        return text("core.not_available", language)
    return f"{100 * float(value):.1f}%"


def format_interval(low, high, language: str = "en") -> str:
    """Format an interval of proportions as ``12.0%–15.5%``, or the n/a text."""
    if _missing(low) or _missing(high):
        return text("core.not_available", language)
    return f"{format_percent(low)}{DASHES}{format_percent(high)}"


def format_money(value, currency: str, language: str = "en") -> str:
    """Format an amount in currency units (not cents) as ``BRL 1,234.56``, or the n/a text."""
    if _missing(value):
        return text("core.not_available", language)
    return f"{currency} {float(value):,.2f}"


def format_money_compact(value, currency: str, language: str = "en") -> str:
    """Format an amount with three significant digits and a unit, such as ``BRL 60.6 M``.

    Amounts under ``COMPACT_FROM`` keep the full form of :func:`format_money`.
    """
    if _missing(value) or abs(float(value)) < COMPACT_FROM:
        return format_money(value, currency, language)
    # Rounded first, so that 999,999 becomes "1.00 M" and not "1,000 k".
    amount = float(f"{float(value):.3g}")
    size, unit = next((size, unit) for size, unit in COMPACT_UNITS if abs(amount) >= size)
    scaled = amount / size
    decimals = max(0, 2 - int(math.floor(math.log10(abs(scaled)))))
    return text("dashboard.money_compact", language, currency=currency,
                amount=f"{scaled:,.{decimals}f}", unit=text(f"dashboard.money_units.{unit}", language))


def format_points(value, language: str = "en") -> str:
    """Format a difference of two proportions in percentage points, such as ``+10.7 pp``."""
    if _missing(value):
        return text("core.not_available", language)
    return f"{100 * float(value):+.1f} pp"


def format_ratio(value, language: str = "en") -> str:
    """Format a ratio such as a lift as ``2.31×``, or the n/a text."""
    if _missing(value):
        return text("core.not_available", language)
    return f"{float(value):.2f}\u00d7"


def tiles_html(headline, language: str = "en") -> str:
    """Return the KPI tiles of a view's headline: counts, rates with intervals and revenue."""
    qualification, conversion = headline.qualification, headline.conversion
    tiles = [
        _tile("leads", format_count(headline.leads), "", language),
        _tile("hot_leads", format_count(headline.hot_leads), "", language),
        _tile("qualification", format_percent(qualification.estimate, language),
              _rate_note(qualification, language), language),
        _tile("buyers", format_count(headline.buyers), "", language),
        _tile("conversion", format_percent(conversion.estimate, language),
              _rate_note(conversion, language), language),
    ]
    known_note = known_amounts_note(headline.buyers_with_amount, headline.buyers, language)
    tiles += [
        _money_tile(key, amount, headline.currency, known_note, language)
        for key, amount in (("revenue_total", headline.revenue_total),
                            ("revenue_per_lead", headline.revenue_per_lead),
                            ("revenue_per_buyer", headline.revenue_per_buyer))
    ]
    return f'<div class="hl-tiles">{"".join(tiles)}</div>'


def channel_table_html(channels: pd.DataFrame, dimension: str, headline,
                       min_group_leads: int, has_plan: bool = False, language: str = "en") -> str:
    """Return the per-group table in the row order of ``channels``, with a total row.

    Parameters
    ----------
    channels : DataFrame
        ``view.channels``: one row per group, already ordered by the view.
    dimension : str
        The Sort-by UTM field, used as the first column's title.
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
    header = [text("dashboard.columns.group", language, dimension=dimension)] + [
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
    return (
        f'<h3>{escape(text("dashboard.conversion.heading", language))}</h3>'
        + _table("hl-conversion-table", header, segments, None)
        + f'<div class="hl-estimates">{estimates}</div>'
        + f'<h3>{escape(text("dashboard.conversion.by_group_heading", language, dimension=dimension))}</h3>'
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
    header = [text("dashboard.columns.group", language, dimension=dimension)] + [
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


def frame_html(frame: pd.DataFrame, css_class: str, language: str = "en") -> str:
    """Return any small tidy frame as an HTML table, missing values as the n/a text."""
    header = [str(column).replace("_", " ").capitalize() for column in frame.columns]
    rows = [[_cell_text(value, language) for value in row]
            for row in frame.itertuples(index=False)]
    return _table(css_class, header, rows, None)


def figure_html(figure, css_class: str = "hl-chart") -> str:
    """Return a matplotlib figure as an inline PNG ``<img>`` and close the figure."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="{css_class}" alt="" src="data:image/png;base64,{encoded}">'


def chart_html(figure, no_data_reason: str) -> str:
    """Return a chart as an inline image, or ``no_data_reason`` as text when ``figure`` is None.

    The chart functions of :mod:`hotleads_core.charts` return None when
    there is nothing to draw, such as a date range without leads.
    """
    if figure is None:
        return f'<p class="hl-no-chart">{escape(no_data_reason)}</p>'
    return figure_html(figure)


def partial_periods_html(trend: pd.DataFrame, period: str, first_day, last_day,
                         language: str = "en") -> str:
    """Return a note naming the first or last trend period that the shown dates cover in part.

    Parameters
    ----------
    trend : DataFrame
        ``view.indicators_trend``, one row per period from ``period_start``.
    period : str
        ``day``, ``week`` or ``month``; a day is never partial.
    first_day, last_day : date or None
        The first and last sign-up day shown. None means no note.
    """
    length = PERIOD_LENGTHS.get(period)
    if length is None or trend.empty or first_day is None or last_day is None:
        return ""
    first_start = pd.Timestamp(trend["period_start"].iloc[0])
    last_start = pd.Timestamp(trend["period_start"].iloc[-1])
    name = text(f"dashboard.controls.periods.{period}", language).lower()
    sentences = []
    if pd.Timestamp(first_day) > first_start:
        sentences.append(text("dashboard.indicators.first_partial", language, period=name,
                              start=first_start.date(), first_day=first_day))
    if pd.Timestamp(last_day) < last_start + length - pd.Timedelta(days=1):
        sentences.append(text("dashboard.indicators.last_partial", language, period=name,
                              start=last_start.date(), last_day=last_day))
    if not sentences:
        return ""
    return f'<p class="hl-table-note">{escape(" ".join(sentences))}</p>'


def launch_card_html(entry, language: str = "en") -> str:
    """Return a launch's line in the selector: title, name, strategy, capture dates, lead rows."""
    if entry.error is not None:
        detail = text("dashboard.launches.invalid", language, error=entry.error)
        return (f'<div class="hl-launch-title">{escape(entry.title)}</div>'
                f'<div class="hl-launch-meta hl-launch-invalid">{escape(detail)}</div>')
    if entry.start is None or entry.end is None:
        dates = text("dashboard.launches.no_dates", language)
    else:
        dates = text("dashboard.launches.dates", language, start=entry.start, end=entry.end)
    if entry.lead_rows is None:
        rows = text("dashboard.launches.rows_unknown", language)
    else:
        rows = text("dashboard.launches.rows", language, count=format_count(entry.lead_rows))
    strategy = text(f"dashboard.launches.strategy.{entry.strategy}", language)
    meta = " \u00b7 ".join([entry.name, strategy, dates, rows])
    return (f'<div class="hl-launch-title">{escape(entry.title)}</div>'
            f'<div class="hl-launch-meta">{escape(meta)}</div>')


def quality_html(data, language: str = "en") -> str:
    """Return the data-quality summary of a loaded launch and its rejected rows counted by reason.

    Rejected rows are counted by file, column and reason; their values are
    not shown, because a rejected value can be an e-mail address.
    """
    quality = data.quality
    heading = f'<h3>{escape(text("dashboard.quality.heading", language))}</h3>'
    parts = [heading, _files_table(quality, language), _figures_table(quality, language)]
    rejects = data.rejects
    if len(rejects) == 0:
        parts.append(f'<p>{escape(text("dashboard.quality.no_rejects", language))}</p>')
        return "".join(parts)
    counts = (rejects.groupby(["file", "column", "reason"], dropna=False, observed=True)
              .size().rename("rows").reset_index())
    key = "dashboard.quality.rejects_one" if len(rejects) == 1 else "dashboard.quality.rejects"
    parts.append(f'<p>{escape(text(key, language, count=format_count(len(rejects))))}</p>')
    header = [text(f"dashboard.quality.columns.{name}", language)
              for name in ("file", "column", "reason", "rows")]
    rows = [[escape(Path(str(row.file)).name), escape(row.column),
             escape(_label("core.rejected_reasons", row.reason, language)),
             format_count(row.rows)] for row in counts.itertuples(index=False)]
    parts.append(_table("hl-rejects-table", header, rows, None))
    return "".join(parts)


def _files_table(quality, language: str) -> str:
    header = [text(f"dashboard.quality.columns.{name}", language)
              for name in ("table", "file", "rows_read", "rows_accepted", "rows_rejected")]
    rows = [[escape(_label("dashboard.quality.tables", entry.table, language)),
             escape(Path(str(entry.file)).name), format_count(entry.rows_read),
             format_count(entry.rows_accepted), format_count(entry.rows_rejected)]
            for entry in quality.files]
    return _table("hl-quality-files", header, rows, None)


def _figures_table(quality, language: str) -> str:
    """Return the lead and sale figures of the summary as rows of a label and a formatted value."""
    def figure(key, value, **values):
        return [escape(text(f"dashboard.quality.figures.{key}", language, **values)), value]

    sales = quality.sales
    rows = [figure("leads", format_count(quality.leads)),
            figure("duplicates_merged", format_count(quality.duplicates_merged))]
    rows += [figure("leads_without", _count_and_share(row.leads_without, row.share, language),
                    field=_label("core.features", row.field, language))
             for row in quality.missing_utm.itertuples(index=False)]
    rows += [figure("transactions", format_count(sales.transactions)),
             figure("unmatched_sales", format_count(sales.unmatched_sales)),
             figure("sales_before_signup", format_count(sales.sales_before_signup)),
             figure("unknown_amounts", format_count(sales.unknown_amounts)),
             figure("refunds", format_count(sales.refunds)),
             figure("chargebacks", format_count(sales.chargebacks))]
    header = [text("dashboard.quality.columns.figure", language),
              text("dashboard.quality.columns.value", language)]
    return _table("hl-quality-table", header, rows, None)


def _count_and_share(count, share, language: str) -> str:
    """Format a count with its share of all leads, such as ``347 (13.1%)``."""
    if _missing(share):
        return format_count(count)
    return f"{format_count(count)} ({format_percent(share, language)})"


def _label(prefix: str, code, language: str) -> str:
    """Return the catalogue label of ``code``, or the code itself when the catalogue has none."""
    try:
        return text(f"{prefix}.{code}", language)
    except KeyError:
        return str(code)


def message_html(message: str, kind: str = "info") -> str:
    """Return a one-line status message; ``kind`` is ``info``, ``loading`` or ``error``."""
    return f'<div class="hl-message hl-message-{kind}">{escape(message)}</div>'


def _tile(key: str, value: str, note: str, language: str, exact: str = "") -> str:
    label = text(f"dashboard.tiles.{key}", language)
    note_html = f'<div class="hl-tile-note">{escape(note)}</div>' if note else ""
    title = f' title="{escape(exact)}"' if exact else ""
    return (f'<div class="hl-tile hl-tile-{key}"><div class="hl-tile-label">{escape(label)}</div>'
            f'<div class="hl-tile-value"{title}>{escape(value)}</div>{note_html}</div>')


def _money_tile(key: str, amount, currency: str, note: str, language: str) -> str:
    """Return a tile with the compact amount, and the exact amount as its tooltip."""
    return _tile(key, format_money_compact(amount, currency, language), note, language,
                 exact=format_money(amount, currency, language))


def _rate_note(rate, language: str) -> str:
    if rate.reason is not None or _missing(rate.ci_low):
        return rate.reason or ""
    return text("dashboard.tiles.interval", language, level=f"{rate.confidence_level:.0%}",
                low=format_percent(rate.ci_low), high=format_percent(rate.ci_high))


def _median_note(revenue, language: str) -> str:
    label = text("dashboard.conversion.per_buyer_median", language)
    median = format_money(revenue.per_buyer_median, revenue.currency, language)
    if revenue.per_buyer_reason is not None:
        median = f"{median} ({reason_text(revenue.per_buyer_reason, language)})"
    return f"{label}: {median}."


def known_amounts_note(buyers_with_amount: int, buyers: int, language: str = "en") -> str:
    """Return "n of N buyers have a known amount", or "" when every buyer has one."""
    if buyers_with_amount >= buyers:
        return ""
    return text("dashboard.tiles.known_amounts", language, known=format_count(buyers_with_amount),
                buyers=format_count(buyers))


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
    header = [text("dashboard.columns.group", language, dimension=dimension)] + [
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


def _table(css_class: str, header: list[str], rows: list[list[str]], total: list[str] | None) -> str:
    head = "".join(f"<th>{escape(title)}</th>" for title in header)
    body = "".join(
        '<tr class="hl-row">' + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
    )
    foot = ""
    if total is not None:
        foot = '<tfoot><tr class="hl-total">' + "".join(f"<td>{cell}</td>" for cell in total) + "</tr></tfoot>"
    return (f'<table class="hl-table {css_class}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody>{foot}</table>")


def _cell_text(value, language: str) -> str:
    if _missing(value):
        return escape(text("core.not_available", language))
    if isinstance(value, float):
        return escape(f"{value:,.4g}")
    return escape(value)


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def escape(value) -> str:
    """Return ``value`` as text with HTML special characters escaped, quotes included."""
    return html.escape(str(value), quote=True)
