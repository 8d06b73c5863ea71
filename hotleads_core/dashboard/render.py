"""Turn analysis results into the dashboard's HTML fragments.

These functions are pure: they take results of :mod:`hotleads_core.analysis`
(through ``LaunchAnalysis.view``) and return HTML strings, so the widget
callbacks only place strings into widgets and the rendering is tested without
a browser. Every value from the data is HTML-escaped. Only aggregates reach
this module; no lead identifier or e-mail does.

This module contains the number formats, the tiles, the charts and the shared
table markup. The channel, conversion and revenue tables are built in
:mod:`~hotleads_core.dashboard.render_tables`, and the data-quality summary in
:mod:`~hotleads_core.dashboard.render_quality`.
"""

from __future__ import annotations

import base64
import html
import io
import math

import pandas as pd

from hotleads_core.formatting import label
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


def message_html(message: str, kind: str = "info") -> str:
    """Return a one-line status message; ``kind`` is ``info``, ``loading`` or ``error``."""
    return f'<div class="hl-message hl-message-{kind}">{escape(message)}</div>'


def band_notice_html(assessment) -> str:
    """Return the notice that the hot/warm/cold bands do not separate buyers, or ``""``.

    ``assessment`` is ``view.band_assessment``: None when the leads have no
    scores, a case that the dashboard reports in its own message.
    """
    if assessment is None or assessment.informative:
        return ""
    return f'<div class="hl-message hl-warning hl-band-notice" role="note">{escape(assessment.reason)}</div>'


def dimension_label(field: str, language: str = "en") -> str:
    """Return the reader's name of a UTM field, the one the report uses, such as "medium"."""
    return label("charts.channel.dimensions", field, language)


def dimension_heading(field: str, language: str = "en") -> str:
    """Return :func:`dimension_label` with a capital first letter, for a column header."""
    name = dimension_label(field, language)
    return name[:1].upper() + name[1:]


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


def known_amounts_note(buyers_with_amount: int, buyers: int, language: str = "en") -> str:
    """Return "n of N buyers have a known amount", or "" when every buyer has one."""
    if buyers_with_amount >= buyers:
        return ""
    return text("dashboard.tiles.known_amounts", language, known=format_count(buyers_with_amount),
                buyers=format_count(buyers))


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
