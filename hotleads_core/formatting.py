"""Text helpers that the HTML report and the dashboard share.

This module is part of the core and imports only the text catalogue, so the
dashboard uses it without importing the report runner
(:mod:`hotleads_core.reporting`, which imports nbformat and runs Papermill
and nbconvert).
"""

from __future__ import annotations

from hotleads_core.text import text


def label(prefix: str, code: str, language: str = "en") -> str:
    """Return the catalogue label of ``code`` under ``prefix``, or ``code`` when it has none.

    Codes come from other layers, such as reason codes, feature names and
    interval methods. A code without a label is still shown rather than
    failing the report or the dashboard.
    """
    try:
        return text(f"{prefix}.{code}", language)
    except KeyError:
        return str(code)
