"""Analyse a launch once, then slice it cheaply: the entry point of the report and the dashboard.

:func:`analyse_launch` runs ingest, scoring and aggregation a single time.
:meth:`LaunchAnalysis.view` then builds the figures for one grouping, order,
date range and period from the small aggregated tables only, which is fast
enough to call on every change of a dashboard control.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from hotleads_core.aggregation import LaunchTables, aggregate
from hotleads_core.analysis.results import ViewSettings
from hotleads_core.analysis.view import LaunchView, build_view
from hotleads_core.config import LaunchConfig, load_config
from hotleads_core.ingest import LaunchData, load_launch
from hotleads_core.scoring import ScoringResult, score_launch


@dataclasses.dataclass(frozen=True)
class LaunchAnalysis:
    """A launch read, scored and aggregated once.

    Attributes
    ----------
    config : LaunchConfig
        The launch configuration.
    data : LaunchData
        Output of :func:`hotleads_core.ingest.load_launch`: leads, sales,
        data-quality summary and rejected rows.
    scoring : ScoringResult
        Output of :func:`hotleads_core.scoring.score_launch`: scored leads
        and model information.
    tables : LaunchTables
        Output of :func:`hotleads_core.aggregation.aggregate`.
    """

    config: LaunchConfig
    data: LaunchData
    scoring: ScoringResult
    tables: LaunchTables

    def view(self, sort_by: str | None = None, order_by: str | None = None,
             start: dt.date | str | None = None, end: dt.date | str | None = None,
             period: str | None = None, confidence_level: float | None = None) -> LaunchView:
        """Build every figure for one grouping, order, date range and period.

        Parameters
        ----------
        sort_by : str, optional
            UTM field that groups the channels; default ``config.report.sort_by``.
        order_by : str, optional
            Measure that orders the channels, in descending order; default
            ``config.report.order_by``.
        start, end : date or ISO string, optional
            First and last sign-up day (inclusive, launch time zone); default
            the whole launch.
        period : str, optional
            ``day``, ``week`` or ``month``; default ``config.report.period``.
        confidence_level : float, optional
            Coverage of every interval; default ``config.report.confidence_level``.

        Raises
        ------
        ValueError
            When a choice is not allowed or a date cannot be read.
        """
        report = self.config.report
        settings = ViewSettings(
            sort_by=_default(sort_by, report.sort_by),
            order_by=_default(order_by, report.order_by),
            start=_as_date(start, "start"),
            end=_as_date(end, "end"),
            period=_default(period, report.period),
            confidence_level=_default(confidence_level, report.confidence_level),
            min_group_leads=report.min_group_leads,
        )
        return build_view(self.tables, settings)


def analyse_launch(config: LaunchConfig | str | Path) -> LaunchAnalysis:
    """Read, score and aggregate a launch.

    Parameters
    ----------
    config : LaunchConfig, or path of a launch YAML file
        The launch to analyse.

    Raises
    ------
    ConfigError, DataError, ModelError
        From loading the configuration, ingest and scoring.
    """
    if not isinstance(config, LaunchConfig):
        config = load_config(config)

    data = load_launch(config)
    scoring = score_launch(data)
    tables = aggregate(scoring.leads, data.sales, config)

    return LaunchAnalysis(config=config, data=data, scoring=scoring, tables=tables)


def _default(value, default):
    """Return ``value`` unless it is None, so that an invalid value such as 0 still raises."""
    return default if value is None else value


def _as_date(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"Invalid {name} date {value!r}; use YYYY-MM-DD.") from None
