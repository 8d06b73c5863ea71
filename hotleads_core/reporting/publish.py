"""Write report files so that a failed run never replaces the last good report.

Layout of one launch's output folder::

    reports/<launch>/report.html                 the last good report
    reports/<launch>/report.ipynb                its executed notebook, parameters stripped
    reports/<launch>/rejects.csv                 the rows rejected by that run's ingest
    reports/<launch>/runs/<timestamp>-failed.ipynb   executed notebooks of failed runs

Every file is first written next to its target and then renamed over it
(``os.replace``), which is atomic on POSIX file systems: a reader sees the
old file or the new one, never half of one.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import re
from pathlib import Path

import nbformat

from hotleads_core.errors import ReportError
from hotleads_core.files import atomic_write_text

logger = logging.getLogger(__name__)

REPORT_HTML = "report.html"
REPORT_NOTEBOOK = "report.ipynb"
RUNS_FOLDER = "runs"
REJECTS_CSV = "rejects.csv"

# Text shaped like local@domain.tld, which must never appear in rejects.csv.
EMAIL_LIKE = re.compile(r"[^\s@,;\"']+@[^\s@,;\"']+\.[A-Za-z]{2,}")


def run_timestamp(now: dt.datetime | None = None) -> str:
    """Return a UTC timestamp for file names, such as ``20260301T142501123456Z``.

    The microseconds keep two runs within one second apart.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def strip_parameters(notebook) -> nbformat.NotebookNode:
    """Return a copy of ``notebook`` without the injected parameter values.

    Removes the ``injected-parameters`` cell and
    ``metadata.papermill.parameters``, the two places where papermill stores
    the values passed to a run. The template's own ``parameters`` cell, which
    holds only defaults, stays.
    """
    stripped = copy.deepcopy(notebook)
    stripped.cells = [
        cell for cell in stripped.cells
        if "injected-parameters" not in cell.get("metadata", {}).get("tags", [])
    ]
    stripped.metadata.get("papermill", {}).pop("parameters", None)
    return stripped


def write_notebook(notebook, path: Path) -> None:
    """Write ``notebook`` to ``path`` atomically, without its injected parameters."""
    atomic_write_text(path, nbformat.writes(strip_parameters(notebook)))


def keep_failed(executed: Path, output_folder: Path, timestamp: str) -> Path:
    """Keep the executed notebook of a failed run under ``runs/`` and return its path.

    The copy has its injected parameters stripped. The last good report in
    ``output_folder`` is left as it is.
    """
    kept = output_folder / RUNS_FOLDER / f"{timestamp}-failed.ipynb"
    write_notebook(nbformat.read(executed, as_version=4), kept)
    logger.warning("Kept the failed notebook at %s", kept)
    return kept


def publish(html: str, executed, output_folder: Path) -> tuple[Path, Path]:
    """Replace the launch's report with a new good run.

    Parameters
    ----------
    html : str
        The converted page.
    executed : NotebookNode
        The executed notebook of the same run.
    output_folder : Path
        ``reports/<launch>``.

    Returns
    -------
    tuple of Path
        The HTML page and the stored notebook.
    """
    html_path = output_folder / REPORT_HTML
    notebook_path = output_folder / REPORT_NOTEBOOK
    write_notebook(executed, notebook_path)
    atomic_write_text(html_path, html)
    logger.info("Published %s (%d bytes)", html_path, html_path.stat().st_size)
    return html_path, notebook_path


def publish_rejects(scratch: Path, output_folder: Path, name: str) -> Path:
    """Move the ``rejects.csv`` that a good run wrote into ``scratch`` over the launch's copy.

    ``scratch`` must be inside ``output_folder``, so that the rename stays on
    one file system and is atomic.

    Raises
    ------
    ReportError
        When the run wrote no ``rejects.csv``, or the file contains text that
        looks like an e-mail address, which the ingest must have hashed.
    """
    written = scratch / REJECTS_CSV
    if not written.is_file():
        raise ReportError(
            f"Report {name!r}: the notebook wrote no {REJECTS_CSV} into {scratch}. Call "
            "analysis.data.write_rejects(rejects_folder) in the template.",
            launch=name, step="publish")
    if EMAIL_LIKE.search(written.read_text(encoding="utf-8")):
        raise ReportError(
            f"Report {name!r}: {REJECTS_CSV} contains text that looks like an e-mail address, "
            "so it was not published. The ingest should list e-mails only as their hash; "
            "report this as a bug.",
            launch=name, step="publish")
    path = output_folder / REJECTS_CSV
    os.replace(written, path)
    logger.info("Published %s", path)
    return path
