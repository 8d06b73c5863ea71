"""Build the report's closing sections: the scoring model, the data quality and the methods.

:mod:`~hotleads_core.reporting.sections` imports these builders, so the
report notebook calls them from there.
"""

from __future__ import annotations

import html
import re

from hotleads_core import __version__
from hotleads_core.formatting import label
from hotleads_core.reporting.present import (
    _heading, _paragraph, _t, bullet_list, format_count, format_decimal, format_percent,
    html_table,
    quality_lines,
)
from hotleads_core.text import text


def model_provenance(analysis) -> tuple:
    """Return ``(model_info, scoring_issue)`` of an analysis; model_info is None when unscored."""
    scoring = analysis.scoring
    issue = getattr(analysis, "scoring_issue", None)
    return (scoring.model_info if scoring is not None else None), issue


def model_section(model_info, language: str = "en", scoring_issue: str | None = None,
                  scoring_config=None) -> str:
    """Return which model scored the leads, what it was trained on, its held-out figures and bands.

    The classifier and calibration settings go to :func:`methods_section`.
    When the leads could not be scored, ``model_info`` is None and the
    section shows ``scoring_issue``, the analysis's plain sentence. With
    ``scoring_config`` (the launch's ``ScoringConfig``), thresholds fixed
    from training quantiles are described by their hot and warm shares.
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
                        source=_band_source(thresholds.source, scoring_config, language)))
    sentences.extend(info.notes)
    return _heading("model.title", language) + "".join(_paragraph(s) for s in sentences)


def _band_source(source: str, scoring_config, language: str) -> str:
    if source == "training_quantiles" and scoring_config is not None:
        return _t("model.band_sources.training_shares", language,
                  hot_share=format_percent(scoring_config.hot_share, language, digits=0),
                  warm_share=format_percent(scoring_config.warm_share, language, digits=0))
    return _t(f"model.band_sources.{source}", language)


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


def quality_section(quality, caveats=(), language: str = "en",
                    currency: str | None = None) -> str:
    """Return the ingest data-quality summary: rows per file, merges, missing UTMs, rejects.

    Parameters
    ----------
    quality : DataQualitySummary
        ``analysis.data.quality``.
    caveats : sequence of str
        Warnings raised while the launch was analysed, one sentence each.
    currency : str, optional
        Launch currency code shown after the refund and chargeback amounts.
    """
    header = [_t(f"quality.{key}", language)
              for key in ("table", "file", "rows_read", "rows_accepted", "rows_rejected")]
    rows = [[label("report.quality.tables", entry.table, language), entry.file,
             format_count(entry.rows_read, language),
             format_count(entry.rows_accepted, language),
             format_count(entry.rows_rejected, language)] for entry in quality.files]
    parts = [_heading("quality.title", language),
             html_table(header, rows, [False, False, True, True, True])]
    parts.extend(_paragraph(line) for line in quality_lines(quality, language, currency))
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
