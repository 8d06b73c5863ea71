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

import pandas as pd

from hotleads_core.aggregation import LaunchTables, aggregate
from hotleads_core.analysis.caveats import warn_caller
from hotleads_core.analysis.results import OUT_OF_FOLD, ScoreOrigin, ViewSettings
from hotleads_core.analysis.view import LaunchView, build_view
from hotleads_core.config import LaunchConfig, load_config
from hotleads_core.errors import ModelError
from hotleads_core.ingest import LaunchData, load_launch
from hotleads_core.scoring import ScoringResult, score_launch

# BandThresholds.source of thresholds fixed from the training leads' scores.
TRAINING_QUANTILES = "training_quantiles"

# The scoring issue of a launch without leads, such as a header-only leads file.
NO_LEADS_ISSUE = ("The leads file has no leads yet, so there is nothing to score. "
                  "Run the report again once leads have signed up.")


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
    scoring : ScoringResult or None
        Output of :func:`hotleads_core.scoring.score_launch`: scored leads
        and model information. None when the leads could not be scored
        (see ``scoring_issue``).
    tables : LaunchTables
        Output of :func:`hotleads_core.aggregation.aggregate`. Without
        scores, every lead is in the ``unscored`` band.
    scoring_issue : str or None
        Why there are no scores and what to do, in plain sentences for the
        reader; None when the leads were scored. An example is the message
        of the :class:`ModelError` raised when a launch before its cart
        opens has no outcomes to train on.
    """

    config: LaunchConfig
    data: LaunchData
    scoring: ScoringResult | None
    tables: LaunchTables
    scoring_issue: str | None = None

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
        return build_view(self.tables, settings, self._score_origin())

    def _score_origin(self) -> ScoreOrigin:
        """Describe the bands for the view: no scores, or thresholds fixed from the training leads."""
        if self.scoring is None:
            return ScoreOrigin(issue=self.scoring_issue)
        heldout_auc = self.scoring.model_info.heldout_auc
        if self.scoring.model_info.thresholds.source != TRAINING_QUANTILES:
            return ScoreOrigin(heldout_auc=heldout_auc)
        training = self.scoring.leads["score_source"] == OUT_OF_FOLD
        return ScoreOrigin(training_hot_share=self.config.scoring.hot_share,
                           training_leads=int(training.sum()), heldout_auc=heldout_auc)


def analyse_launch(config: LaunchConfig | str | Path) -> LaunchAnalysis:
    """Read, score and aggregate a launch.

    Parameters
    ----------
    config : LaunchConfig, or path of a launch YAML file
        The launch to analyse.

    A launch whose leads cannot be scored, because it has no leads yet or
    no outcomes to train a model on, is still analysed: ``scoring`` is
    None, ``scoring_issue`` gives the reason, and every lead is ``unscored``.

    Raises
    ------
    ConfigError, DataError
        From loading the configuration, ingest and scoring.

    Warns
    -----
    HotLeadsWarning
        With the scoring issue, when the leads could not be scored.
    """
    if not isinstance(config, LaunchConfig):
        config = load_config(config)

    data = load_launch(config)
    scoring, scoring_issue = _score(data)
    scored_leads = _unscored_leads(data.leads) if scoring is None else scoring.leads
    tables = aggregate(scored_leads, data.sales, config)

    return LaunchAnalysis(config=config, data=data, scoring=scoring, tables=tables,
                          scoring_issue=scoring_issue)


def _score(data: LaunchData) -> tuple[ScoringResult | None, str | None]:
    """Score the leads, or return why they cannot be scored."""
    if data.leads.empty:
        return None, NO_LEADS_ISSUE
    try:
        return score_launch(data), None
    except ModelError as error:
        warn_caller(f"The leads were not scored, so hot-lead figures are left out. {error}")
        return None, str(error)


def _unscored_leads(leads: pd.DataFrame) -> pd.DataFrame:
    """Return the leads with the columns of scored leads, every lead in the ``unscored`` band."""
    return leads.assign(
        probability=pd.Series(float("nan"), index=leads.index, dtype="float64"),
        band=pd.Series("unscored", index=leads.index, dtype="str"),
        score_source=pd.Series(pd.NA, index=leads.index, dtype="str"),
    )


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
