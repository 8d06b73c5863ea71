"""Format figures for the HTML report: numbers, rates with intervals, tables and charts.

Every function returns text or an HTML fragment, so the report notebook only
displays what these functions build. A missing figure becomes the reason it
is missing (such as "no buyers") or the ``core.not_available`` text, never
NaN, inf or an empty cell.

The private helpers at the end hold the text lookup and the markup that the
section builders of :mod:`~hotleads_core.reporting.sections` share.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable, Sequence

import pandas as pd

from hotleads_core.analysis.results import reason_text
from hotleads_core.formatting import label
from hotleads_core.text import text

DASH = "\u2013"  # en dash between interval bounds


def is_missing(value) -> bool:
    """Return True when ``value`` is None, NA, NaN or infinite."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def format_count(value, language: str = "en") -> str:
    """Format a count with thousands separators, such as ``5,998``."""
    if is_missing(value):
        return text("core.not_available", language)
    return f"{int(value):,}"


def format_percent(value, language: str = "en", digits: int = 1) -> str:
    """Format a proportion in [0, 1] as a percentage, such as ``12.3 %``."""
    if is_missing(value):
        return text("core.not_available", language)
    return f"{float(value) * 100:.{digits}f} %"


def format_interval(low, high, language: str = "en", digits: int = 1) -> str:
    """Format interval bounds of a proportion, such as ``[10.1–14.8]``; empty when missing."""
    if is_missing(low) or is_missing(high):
        return ""
    return f"[{float(low) * 100:.{digits}f}{DASH}{float(high) * 100:.{digits}f}]"


def format_rate(rate, language: str = "en") -> str:
    """Format a :class:`~hotleads_core.analysis.results.Rate` as ``12.3 % [10.1–14.8]``.

    A rate that cannot be estimated shows its reason instead, and a rate
    without an interval shows its reason in brackets, such as ``20.0 % (set
    by the band thresholds: …)``.
    """
    reason = reason_text(rate.reason, language)
    if rate.estimate is None:
        return reason or text("core.not_available", language)
    interval = format_interval(rate.ci_low, rate.ci_high, language)
    if not interval and reason:
        return f"{format_percent(rate.estimate, language)} ({reason})"
    return f"{format_percent(rate.estimate, language)} {interval}".strip()


def format_rate_cells(estimate, low, high, note: str = "", language: str = "en") -> str:
    """Format a rate held in table columns, showing the row's note when the rate is missing."""
    if is_missing(estimate):
        return note or text("core.not_available", language)
    return f"{format_percent(estimate, language)} {format_interval(low, high, language)}".strip()


def format_difference(estimate, language: str = "en") -> str:
    """Format a difference of two proportions in percentage points, such as ``+10.4 pp [7.9–13.1]``."""
    if estimate.estimate is None:
        return estimate.reason or text("core.not_available", language)
    value = f"{estimate.estimate * 100:+.1f} pp"
    if is_missing(estimate.ci_low) or is_missing(estimate.ci_high):
        return f"{value} ({estimate.reason})" if estimate.reason else value
    return f"{value} [{estimate.ci_low * 100:+.1f}{DASH}{estimate.ci_high * 100:+.1f}]"


def format_ratio(estimate, language: str = "en") -> str:
    """Format a ratio of two proportions, such as ``1.94× [1.69–2.23]``."""
    if estimate.estimate is None:
        return estimate.reason or text("core.not_available", language)
    value = f"{estimate.estimate:.2f}\u00d7"
    if is_missing(estimate.ci_low) or is_missing(estimate.ci_high):
        return f"{value} ({estimate.reason})" if estimate.reason else value
    return f"{value} [{estimate.ci_low:.2f}{DASH}{estimate.ci_high:.2f}]"


def format_money(amount, currency: str, language: str = "en") -> str:
    """Format an amount in currency units, such as ``1,234.50 BRL``."""
    if is_missing(amount):
        return text("core.not_available", language)
    return f"{float(amount):,.2f} {currency}"


def format_amount(amount, language: str = "en") -> str:
    """Format an amount in currency units with thousands separators and cents, or n/a."""
    if is_missing(amount):
        return text("core.not_available", language)
    return f"{float(amount):,.2f}"


def quality_lines(quality, language: str = "en", currency: str | None = None) -> list[str]:
    """Return the data-quality summary of a launch as sentences, without the per-file counts.

    Parameters
    ----------
    quality : DataQualitySummary
        ``LaunchData.quality`` from ingest.
    currency : str, optional
        Launch currency code written after the refund and chargeback
        amounts; without it the amounts carry no code.
    """
    def t(key, **values):
        return text(f"report.quality.{key}", language, **values)

    lines = [t("leads", leads=format_count(quality.leads, language),
               duplicates=format_count(quality.duplicates_merged, language))]
    missing = ", ".join(
        t("missing_utm_field", field=label("core.features", row.field, language),
          count=format_count(row.leads_without, language),
          share=format_percent(row.share, language))
        for row in quality.missing_utm.itertuples(index=False))
    if missing and quality.leads > 0:
        lines.append(t("missing_utm", fields=missing))
    lines.extend(_sales_lines(quality.sales, t, language, currency))
    if quality.rejected_by_reason:
        reasons = ", ".join(
            t("rejected_reason", reason=label("core.rejected_reasons", reason, language),
              count=format_count(count, language))
            for reason, count in sorted(quality.rejected_by_reason.items()))
        lines.append(t("rejected", reasons=reasons))
    else:
        lines.append(t("no_rejects"))
    return lines


def _sales_lines(sales, t, language: str, currency: str | None) -> list[str]:
    def money(amount):
        if currency is None:
            return format_amount(amount, language)
        return format_money(amount, currency, language)

    lines = [t("sales", transactions=format_count(sales.transactions, language),
               unmatched=format_count(sales.unmatched_sales, language),
               before_signup=format_count(sales.sales_before_signup, language))]
    if sales.superseded_rows:
        lines.append(t("superseded", count=format_count(sales.superseded_rows, language)))
    if sales.unknown_amounts:
        lines.append(t("unknown_amounts", count=format_count(sales.unknown_amounts, language)))
    if sales.refunds or sales.chargebacks:
        lines.append(t("refunds", refunds=format_count(sales.refunds, language),
                       refunded=money(sales.refunded_amount),
                       chargebacks=format_count(sales.chargebacks, language),
                       chargeback=money(sales.chargeback_amount)))
    if sales.converted_currencies:
        lines.append(t("converted_currencies", currencies=", ".join(sales.converted_currencies)))
    return lines


def format_decimal(value, language: str = "en", digits: int = 3) -> str:
    """Format a plain number with ``digits`` decimals, or n/a."""
    if is_missing(value):
        return text("core.not_available", language)
    return f"{float(value):.{digits}f}"


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]],
               numeric: Sequence[bool] | None = None) -> str:
    """Render already formatted cells as an HTML table; every cell is escaped.

    Parameters
    ----------
    header : sequence of str
        Column titles.
    rows : sequence of sequences of str
        One sequence of cell texts per row, as long as ``header``.
    numeric : sequence of bool, optional
        Columns to align right and keep on one line, so that a rate and its
        interval do not wrap in a wide table.
    """
    numeric = list(numeric or [False] * len(header))
    head = "".join(
        f'<th class="number">{html.escape(str(title))}</th>' if is_number
        else f"<th>{html.escape(str(title))}</th>"
        for title, is_number in zip(header, numeric)
    )
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="number" style="white-space: nowrap">{html.escape(str(cell))}</td>'
            if is_number
            else f"<td>{html.escape(str(cell))}</td>"
            for cell, is_number in zip(row, numeric)
        )
        body.append(f"<tr>{cells}</tr>")
    return (f'<table class="hotleads-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def frame_rows(frame: pd.DataFrame,
               formatters: Sequence[Callable[[pd.Series], str]]) -> list[list[str]]:
    """Apply one formatter per output column to every row of ``frame``."""
    return [[format_cell(row) for format_cell in formatters] for _, row in frame.iterrows()]


def split_top_rows(frame: pd.DataFrame, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``frame`` into its first ``top`` rows and the rows after them."""
    return frame.iloc[:top], frame.iloc[top:]


def more_groups_label(count: int, language: str = "en") -> str:
    """Return the label of the row that sums the groups left out of a table."""
    if count == 1:
        return _t("channels.more_group", language)
    return _t("channels.more_groups", language, count=format_count(count, language))


def figure_html(figure, alt: str, dpi: int = 90) -> str:
    """Render a matplotlib figure as an inline PNG ``<img>`` tag.

    The PNG is embedded as base64, so the page needs no other file.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<img alt="{html.escape(alt)}" style="max-width: 100%;" '
            f'src="data:image/png;base64,{encoded}">')


def chart_or_note(figure, alt: str, no_data: str) -> str:
    """Return the chart as HTML, or ``no_data`` as a note when the chart function returned None."""
    if figure is None:
        return note_html(no_data)
    return figure_html(figure, alt)


def note_html(message: str) -> str:
    """Render a sentence in the report's note style."""
    return f'<p class="hotleads-note">{html.escape(message)}</p>'


def bullet_list(items: Sequence[str]) -> str:
    """Render sentences as an HTML list; every item is escaped."""
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def _t(key: str, language: str, **values) -> str:
    return text(f"report.{key}", language, **values)


def _heading(key: str, language: str, level: int = 2) -> str:
    return f"<h{level}>{html.escape(_t(key, language))}</h{level}>"


def _paragraph(sentence: str) -> str:
    return f"<p>{html.escape(sentence)}</p>"


def _dimension(view, language: str) -> str:
    return text(f"charts.channel.dimensions.{view.settings.sort_by}", language)


def _measure(view, language: str) -> str:
    return _t(f"measures.{view.settings.order_by}", language)


def band_notice(view) -> str:
    """Return a note when the bands are not shown to separate buyers, else an empty string.

    The rule lives in :func:`hotleads_core.analysis.model_check.assess_bands`;
    the report only places its sentence under the figures it qualifies.
    """
    assessment = getattr(view, "band_assessment", None)
    if assessment is None or assessment.informative or not assessment.reason:
        return ""
    return note_html(assessment.reason)
