"""Build each section of the launch report as an HTML fragment.

The report notebook calls one function per section, in this order: title,
headline, indicators, channels, conversion and revenue, model, data
quality, methods. Every sentence comes from ``report.*`` texts, so a
translation only adds a YAML file.

The conversion and revenue builders live in
:mod:`~hotleads_core.reporting.conversion_sections`, and the model, quality
and methods builders in :mod:`~hotleads_core.reporting.provenance_sections`.
This module imports them, so the notebook calls every section from here.
"""

from __future__ import annotations

import contextlib
import html
import logging
import warnings

import pandas as pd

from hotleads_core import charts
from hotleads_core.analysis.results import reason_text
from hotleads_core.errors import HotLeadsWarning
from hotleads_core.reporting.conversion_sections import conversion_section, revenue_section
from hotleads_core.reporting.present import (
    _dimension, _heading, _measure, _paragraph, _t, band_notice, chart_or_note, format_amount,
    format_count, format_interval, format_money, format_percent, format_rate, format_rate_cells,
    frame_rows, html_table, more_groups_label, note_html, split_top_rows,
)
from hotleads_core.reporting.provenance_sections import (
    methods_section, model_provenance, model_section, quality_section,
)
from hotleads_core.text import text

__all__ = [
    "analyse_with_caveats", "channels_section", "conversion_section", "headline_section",
    "indicators_section", "methods_section", "model_provenance", "model_section",
    "quality_section", "revenue_section", "title_section",
]

logger = logging.getLogger(__name__)


def analyse_with_caveats(launch_file, **view_options):
    """Analyse a launch and build its view, collecting the caveats raised on the way.

    Returns
    -------
    analysis : LaunchAnalysis
    view : LaunchView
        ``analysis.view(**view_options)``; options that are None keep the
        launch file's defaults.
    caveats : list of str
        The messages of the ``hotleads_core`` log records at WARNING and
        above, such as ingest's notes on an empty file or rejected rows, then
        those of every :class:`HotLeadsWarning`, for the reader, except the
        revenue warnings that the revenue section shows. Other warnings
        (library deprecations) are logged, not shown. The log records do not
        reach stderr during the call, so the report shows them only as notes.
    """
    from hotleads_core.pipeline import analyse_launch

    options = {name: value for name, value in view_options.items() if value is not None}
    with _captured_log_records() as records, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis = analyse_launch(launch_file)
        view = analysis.view(**options)
    caveats = [record.getMessage() for record in records]
    shown_in_revenue = tuple(view.revenue.warnings)
    for record in caught:
        message = str(record.message)
        if issubclass(record.category, HotLeadsWarning):
            if not (shown_in_revenue and message.startswith(shown_in_revenue)):
                caveats.append(message)
        else:
            logger.info("Warning during the analysis: %s: %s", record.category.__name__, message)
    return analysis, view, caveats


class _RecordList(logging.Handler):
    """Logging handler that keeps the records it receives in ``records``."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _captured_log_records(level: int = logging.WARNING):
    """Collect the ``hotleads_core`` log records at ``level`` and above, without propagation.

    The package logger stops propagating to the root logger for the duration,
    so the records go to the report and not to the kernel's stderr. Its
    handler and propagation are restored afterwards, even on an error.
    """
    package_logger = logging.getLogger("hotleads_core")
    handler = _RecordList(level)
    propagate = package_logger.propagate
    package_logger.addHandler(handler)
    package_logger.propagate = False
    try:
        yield handler.records
    finally:
        package_logger.removeHandler(handler)
        package_logger.propagate = propagate


def title_section(config, view, language: str = "en") -> str:
    """Return the report title, the launch's notes, its kind and capture period and the view's choices."""
    launch = config.launch
    capture = (_t("title.capture", language, start=launch.capture.start, end=launch.capture.end)
               if launch.capture else _t("title.no_capture", language))
    kind = f"{_t(f'title.strategy.{launch.strategy}', language)}, {capture}."
    parts = [f"<h1>{html.escape(launch.title)}</h1>"]
    parts.extend(_paragraph(note) for note in config.report.notes)
    parts.append(_paragraph(kind))
    if view.headline.leads == 0:
        dates_chosen = view.settings.start is not None or view.settings.end is not None
        parts.append(note_html(_t("title.range_empty" if dates_chosen else "title.no_leads",
                                  language)))
    else:
        start, end = _date_range(view, launch)
        parts.append(_paragraph(_t(
            "title.range", language, start=start, end=end,
            dimension=_dimension(view, language), measure=_measure(view, language))))
    return "\n".join(parts)


def _date_range(view, launch) -> tuple[str, str]:
    """Return the first and last sign-up day of the view: chosen, else the capture, else the data."""
    trend = view.indicators_trend
    starts = trend.loc[trend["leads"] > 0, "period_start"]
    first = view.settings.start or (launch.capture.start if launch.capture else starts.min())
    last = view.settings.end or (launch.capture.end if launch.capture else starts.max())
    return _day(first), _day(last)


def _day(value) -> str:
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


def headline_section(view, config, language: str = "en") -> str:
    """Return the headline KPI cards: leads, hot leads, qualification, buyers, conversion, revenue.

    A launch without a sales export (the cart has not opened) shows "no sales
    yet" in place of the buyer, conversion and revenue figures.
    """
    headline = view.headline
    level = headline.qualification.confidence_level * 100
    no_sales = _t("revenue.no_sales", language)
    sales_known = config.sales is not None

    def rate_card(key, rate):
        if key == "conversion" and not sales_known:
            return _card(key, no_sales, "", language)
        if rate.estimate is None:
            return _card(key, reason_text(rate.reason, language)
                         or text("core.not_available", language), "", language)
        interval = format_interval(rate.ci_low, rate.ci_high, language)
        detail = (_t("headline.interval", language, level=level, interval=interval) if interval
                  else reason_text(rate.reason, language))
        return _card(key, format_percent(rate.estimate, language), detail, language)

    def sales_card(key, value, detail=""):
        return _card(key, value if sales_known else no_sales, detail if sales_known else "",
                     language)

    currency = headline.currency
    known = ""
    if headline.buyers_with_amount < headline.buyers:
        known = _t("headline.known_amounts", language,
                   known=format_count(headline.buyers_with_amount, language),
                   buyers=format_count(headline.buyers, language))
    cards = [
        _card("leads", format_count(headline.leads, language), "", language),
        _card("hot_leads", format_count(headline.hot_leads, language), "", language),
        rate_card("qualification", headline.qualification),
        sales_card("buyers", format_count(headline.buyers, language)),
        rate_card("conversion", headline.conversion),
        sales_card("revenue_total", format_money(headline.revenue_total, currency, language),
                   known),
        sales_card("revenue_per_lead", format_money(headline.revenue_per_lead, currency, language),
                   known),
        sales_card("revenue_per_buyer",
                   format_money(headline.revenue_per_buyer, currency, language), known),
    ]
    kpis = '<div class="hotleads-kpis">' + "".join(cards) + "</div>"
    return _heading("headline.title", language) + kpis + band_notice(view)



def _card(key: str, value: str, detail: str, language: str) -> str:
    label = html.escape(_t(f"headline.{key}", language))
    detail_html = f'<div class="detail">{html.escape(detail)}</div>' if detail else ""
    return (f'<div class="hotleads-kpi"><div class="label">{label}</div>'
            f'<div class="value">{html.escape(value)}</div>{detail_html}</div>')


def indicators_section(view, language: str = "en", config=None) -> str:
    """Return lead volume, hot leads and qualification with its interval, and the trend chart.

    With ``config``, a note under the chart names a first or last period
    that the capture period or the chosen dates cover only in part.
    """
    headline = view.headline
    summary = _t("indicators.summary", language, leads=format_count(headline.leads, language),
                 hot_leads=format_count(headline.hot_leads, language),
                 qualification=format_rate(headline.qualification, language))
    if headline.leads == 0:
        summary = _t("title.no_leads", language)
    period = _t(f"indicators.periods.{view.settings.period}", language)
    chart = chart_or_note(charts.trend_chart(view.indicators_trend, language),
                          _t("indicators.chart_alt", language, period=period),
                          text("charts.no_data.trend", language))
    parts = [_heading("indicators.title", language), _paragraph(summary), chart]
    partial = _partial_periods(view, config, period, language) if config is not None else ""
    if partial:
        parts.append(note_html(partial))
    return "\n".join(parts)


# Length of one trend period. Days are absent because a day is never partial.
PERIOD_LENGTHS = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1)}


def _partial_periods(view, config, period_name: str, language: str) -> str:
    """Return sentences naming the first or last trend period that is cut short, or ""."""
    trend = view.indicators_trend
    length = PERIOD_LENGTHS.get(view.settings.period)
    if length is None or view.headline.leads == 0 or trend.empty:
        return ""
    first_day, last_day = (pd.Timestamp(day) for day in _date_range(view, config.launch))
    first_start = pd.Timestamp(trend["period_start"].iloc[0])
    last_start = pd.Timestamp(trend["period_start"].iloc[-1])
    sentences = []
    if first_day > first_start:
        sentences.append(_t("indicators.first_partial", language, period=period_name,
                            start=_day(first_start), first_day=_day(first_day)))
    if last_day < last_start + length - pd.Timedelta(days=1):
        sentences.append(_t("indicators.last_partial", language, period=period_name,
                            start=_day(last_start), last_day=_day(last_day)))
    return " ".join(sentences)


def channels_section(view, config, language: str = "en") -> str:
    """Return the channel table of the view's dimension and the chart of its order measure."""
    channels = view.channels
    parts = [_heading("channels.title", language), _paragraph(_t(
        "channels.summary", language, dimension=_dimension(view, language),
        measure=_measure(view, language), min_leads=config.report.min_group_leads))]
    if channels.empty:
        parts.append(note_html(_t("channels.empty", language)))
        return "\n".join(parts)

    currency = view.headline.currency
    revenue_unknown = _groups_without_known_amount(view)
    header = [_t(f"channels.{key}", language, currency=currency) for key in (
        "group", "leads", "hot_leads", "qualification", "buyers", "conversion", "revenue",
        "revenue_per_lead", "flags")]
    formatters = [
        lambda row: row["group"],
        lambda row: format_count(row["leads"], language),
        lambda row: format_count(row["hot_leads"], language),
        lambda row: format_rate_cells(row["qualification_rate"], row["qualification_ci_low"],
                                      row["qualification_ci_high"], row["note"], language),
        lambda row: format_count(row["buyers"], language),
        lambda row: format_rate_cells(row["conversion_rate"], row["conversion_ci_low"],
                                      row["conversion_ci_high"], row["note"], language),
        lambda row: _group_amount(row, "revenue", revenue_unknown, language),
        lambda row: _group_amount(row, "revenue_per_lead", revenue_unknown, language),
        lambda row: _channel_flags(row, config, language),
    ]
    numeric = [False, True, True, True, True, True, True, True, False]
    top_rows, others = split_top_rows(channels, config.report.top_groups)
    rows = frame_rows(top_rows, formatters)
    if not others.empty:
        rows.append(_other_groups_row(others, revenue_unknown, language))
    parts.append(html_table(header, rows, numeric))
    if not others.empty:
        parts.append(note_html(_t("channels.more_groups_note", language,
                                  shown=format_count(len(top_rows), language),
                                  groups=format_count(len(channels), language),
                                  count=format_count(len(others), language))))

    for measure in dict.fromkeys((view.settings.order_by, "conversion_rate")):
        alt = _t("channels.chart_alt", language,
                 measure=text(f"charts.channel.measures.{measure}", language),
                 dimension=_dimension(view, language))
        figure = charts.channel_chart(channels, measure, language=language,
                                      dimension=view.settings.sort_by,
                                      top_groups=config.report.top_groups)
        parts.append(chart_or_note(figure, alt, text("charts.no_data.channel", language)))
    return "\n".join(parts)


def _other_groups_row(others: pd.DataFrame, revenue_unknown: set, language: str) -> list[str]:
    """Return the table row that sums the groups after the first ``top_groups``.

    Its rates are the pooled rates of those groups, without an interval, and
    its revenue is n/a when one of them has buyers but no known amount.
    """
    leads, hot_leads, buyers = (int(others[column].sum())
                                for column in ("leads", "hot_leads", "buyers"))
    revenue = float(others["revenue"].sum())
    unknown = bool(set(others["group"]) & revenue_unknown)
    not_available = text("core.not_available", language)
    return [
        more_groups_label(len(others), language),
        format_count(leads, language), format_count(hot_leads, language),
        format_percent(hot_leads / leads, language) if leads else not_available,
        format_count(buyers, language),
        format_percent(buyers / leads, language) if leads else not_available,
        not_available if unknown else format_amount(revenue, language),
        not_available if unknown or not leads else format_amount(revenue / leads, language),
        "",
    ]


def _groups_without_known_amount(view) -> set:
    """Return the groups that have buyers but no buyer with a known amount.

    Their revenue of 0 means "unknown", not "no sales", so the table shows
    n/a for them.
    """
    by_group = view.revenue.by_group
    unknown = by_group.loc[(by_group["buyers"] > 0) & (by_group["buyers_with_amount"] == 0)]
    return set(unknown["group"])


def _group_amount(row, column: str, revenue_unknown: set, language: str) -> str:
    if row["group"] in revenue_unknown:
        return text("core.not_available", language)
    return format_amount(row[column], language)


def _channel_flags(row, config, language: str) -> str:
    flags = []
    if bool(row["small_sample"]):
        flags.append(_t("channels.small_sample", language))
    if config.planned_channels and not bool(row["in_plan"]):
        flags.append(_t("channels.not_planned", language))
    return ", ".join(flags)

