"""Build each section of the launch report as an HTML fragment.

The report notebook calls one function per section, in this order: title,
headline, indicators, channels, conversion and revenue, model, data
quality, methods. Every sentence comes from ``report.*`` texts, so a
translation only adds a YAML file.
"""

from __future__ import annotations

import html
import logging
import re
import warnings

import pandas as pd

from hotleads_core import __version__, charts
from hotleads_core.analysis.results import reason_text
from hotleads_core.errors import HotLeadsWarning
from hotleads_core.reporting.present import (
    bullet_list, chart_or_note, format_amount, format_count, format_decimal, format_difference, format_interval,
    format_money, format_percent, format_rate, format_rate_cells, format_ratio, frame_rows,
    html_table, is_missing, label, note_html, quality_lines,
)
from hotleads_core.text import text


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
        The messages of every :class:`HotLeadsWarning`, for the reader, except
        the revenue warnings that the revenue section shows. Other warnings
        (library deprecations) are logged, not shown.
    """
    from hotleads_core.pipeline import analyse_launch

    options = {name: value for name, value in view_options.items() if value is not None}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis = analyse_launch(launch_file)
        view = analysis.view(**options)
    caveats = []
    shown_in_revenue = tuple(view.revenue.warnings)
    for record in caught:
        message = str(record.message)
        if issubclass(record.category, HotLeadsWarning):
            if not (shown_in_revenue and message.startswith(shown_in_revenue)):
                caveats.append(message)
        else:
            logger.info("Warning during the analysis: %s: %s", record.category.__name__, message)
    return analysis, view, caveats


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
            return _card(key, rate.reason or text("core.not_available", language), "", language)
        interval = format_interval(rate.ci_low, rate.ci_high, language)
        detail = _t("headline.interval", language, level=level, interval=interval)
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
    return _heading("headline.title", language) + '<div class="hotleads-kpis">' + "".join(cards) + "</div>"


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
        lambda row: format_amount(row["revenue"], language),
        lambda row: format_amount(row["revenue_per_lead"], language),
        lambda row: _channel_flags(row, config, language),
    ]
    numeric = [False, True, True, True, True, True, True, True, False]
    parts.append(html_table(header, frame_rows(channels, formatters), numeric))

    for measure in dict.fromkeys((view.settings.order_by, "conversion_rate")):
        alt = _t("channels.chart_alt", language,
                 measure=text(f"charts.channel.measures.{measure}", language),
                 dimension=_dimension(view, language))
        figure = charts.channel_chart(channels, measure, language=language,
                                      dimension=view.settings.sort_by,
                                      top_groups=config.report.top_groups)
        parts.append(chart_or_note(figure, alt, text("charts.no_data.channel", language)))
    return "\n".join(parts)


def _channel_flags(row, config, language: str) -> str:
    flags = []
    if bool(row["small_sample"]):
        flags.append(_t("channels.small_sample", language))
    if config.planned_channels and not bool(row["in_plan"]):
        flags.append(_t("channels.not_planned", language))
    return ", ".join(flags)


def conversion_section(view, config, language: str = "en") -> str:
    """Return hot leads against the rest: buyers, conversion with intervals, difference and lift."""
    conversion = view.conversion
    parts = [_heading("conversion.title", language),
             _heading("conversion.subtitle_conversion", language, level=3)]
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
    parts.append(_conversion_by_group(view, language))
    return "\n".join(parts)


def _conversion_by_group(view, language: str) -> str:
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
    table = html_table(header, frame_rows(by_group, formatters), [False, True, True, True])
    return f"<h3>{html.escape(title)}</h3>{table}"


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


def revenue_section(view, language: str = "en") -> str:
    """Return revenue totals, per lead and per buyer, the caveats and the revenue chart."""
    revenue = view.revenue
    currency = revenue.currency
    parts = [_heading("revenue.subtitle", language, level=3)]
    if revenue.buyers == 0:
        parts.append(note_html(_t("revenue.no_sales", language)))
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


def model_provenance(analysis) -> tuple:
    """Return ``(model_info, scoring_issue)`` of an analysis; model_info is None when unscored."""
    scoring = analysis.scoring
    issue = getattr(analysis, "scoring_issue", None)
    return (scoring.model_info if scoring is not None else None), issue


def model_section(model_info, language: str = "en", scoring_issue: str | None = None) -> str:
    """Return which model scored the leads, what it was trained on, its held-out figures and bands.

    The classifier and calibration settings go to :func:`methods_section`.
    When the leads could not be scored, ``model_info`` is None and the
    section shows ``scoring_issue``, the analysis's plain sentence.
    """
    if model_info is None:
        issue = scoring_issue or text("core.not_available", language)
        return _heading("model.title", language) + _paragraph(
            _t("model.not_scored", language, issue=issue))
    info = model_info
    sentences = [_t(f"model.method.{info.method}", language),
                 _t(f"model.mode.{info.mode}", language)]
    if info.method == "model":
        features = ", ".join(label("core.features", name, language) for name in info.feature_names)
        sentences += [
            _model_summary(info, language),
            _t("model.training", language, n_train=format_count(info.n_train, language),
               n_positive=format_count(info.n_positive, language),
               start=info.train_start or text("core.not_available", language),
               end=info.train_end or text("core.not_available", language)),
            _t("model.features", language, features=features),
        ]
    sentences.append(_heldout_sentence(info, language))
    thresholds = info.thresholds
    sentences.append(_t("model.bands", language, hot=format_decimal(thresholds.hot, language),
                        warm=format_decimal(thresholds.warm, language),
                        source=_t(f"model.band_sources.{thresholds.source}", language)))
    sentences.extend(info.notes)
    return _heading("model.title", language) + "".join(_paragraph(s) for s in sentences)


def _model_summary(info, language: str) -> str:
    """Return a sentence that names the model in plain words.

    ``ModelInfo`` describes the estimator as ``ClassName(parameters)`` and
    the calibration with ``method='sigmoid'`` or ``method='isotonic'``.
    """
    estimator = info.classifier.split("(", 1)[0].strip()
    calibration = re.search(r"method='(\w+)'", info.calibration)
    try:
        return _t("model.summary", language, kind=_t(f"model.kinds.{estimator}", language),
                  calibration=_t(f"model.calibrations.{calibration.group(1)}", language))
    except (KeyError, AttributeError):
        return _t("model.summary_unknown", language)


def _heldout_sentence(info, language: str) -> str:
    if info.heldout_auc is None:
        return _t("model.heldout_missing", language,
                  reason=info.heldout_reason or text("core.not_available", language))
    return _t("model.heldout", language, leads=format_count(info.heldout_leads, language),
              description=info.heldout_description,
              positive=format_count(info.heldout_positive, language),
              auc=format_decimal(info.heldout_auc, language),
              brier=format_decimal(info.heldout_brier, language))


def quality_section(quality, caveats=(), language: str = "en") -> str:
    """Return the ingest data-quality summary: rows per file, merges, missing UTMs, rejects.

    Parameters
    ----------
    quality : DataQualitySummary
        ``analysis.data.quality``.
    caveats : sequence of str
        Warnings raised while the launch was analysed, one sentence each.
    """
    header = [_t(f"quality.{key}", language)
              for key in ("table", "file", "rows_read", "rows_accepted", "rows_rejected")]
    rows = [[label("report.quality.tables", entry.table, language), entry.file,
             format_count(entry.rows_read, language),
             format_count(entry.rows_accepted, language),
             format_count(entry.rows_rejected, language)] for entry in quality.files]
    parts = [_heading("quality.title", language),
             html_table(header, rows, [False, False, True, True, True])]
    parts.extend(_paragraph(line) for line in quality_lines(quality, language))
    if caveats:
        parts.append(_paragraph(_t("quality.caveats", language)))
        parts.append(bullet_list(list(dict.fromkeys(caveats))))
    return "\n".join(parts)


def methods_section(view, language: str = "en", model_info=None) -> str:
    """Return the interval methods, the model's settings and the attribution rule as footnotes."""
    level = view.settings.confidence_level * 100
    methods = view.methods

    def method(kind):
        return label("report.methods.names", methods.get(kind, "?"), language)

    notes = [
        _t("methods.proportion", language, method=method("proportion"), level=level),
        _t("methods.difference", language, method=method("difference"), level=level),
        _t("methods.ratio", language, method=method("ratio"), level=level),
    ]
    if model_info is not None and model_info.method == "model":
        notes += [_t("methods.classifier", language, classifier=model_info.classifier),
                  _t("methods.calibration", language, calibration=model_info.calibration)]
    notes += [_t("methods.attribution", language),
              _t("methods.generated", language, version=__version__)]
    items = "".join(f"<li><small>{html.escape(note)}</small></li>" for note in notes)
    return _heading("methods.title", language, level=3) + f"<ol>{items}</ol>"
