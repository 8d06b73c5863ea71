"""Build the dashboard's data-quality summary of a loaded launch as HTML.

Like :mod:`~hotleads_core.dashboard.render`, whose formats and table markup
it uses, this module is pure and escapes every value from the data.
"""

from __future__ import annotations

from pathlib import Path

from hotleads_core.dashboard.render import _missing, _table, escape, format_count, format_percent
from hotleads_core.formatting import label
from hotleads_core.text import text


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
             escape(label("core.rejected_reasons", row.reason, language)),
             format_count(row.rows)] for row in counts.itertuples(index=False)]
    parts.append(_table("hl-rejects-table", header, rows, None))
    return "".join(parts)


def _files_table(quality, language: str) -> str:
    header = [text(f"dashboard.quality.columns.{name}", language)
              for name in ("table", "file", "rows_read", "rows_accepted", "rows_rejected")]
    rows = [[escape(label("dashboard.quality.tables", entry.table, language)),
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
                    field=label("core.features", row.field, language))
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
