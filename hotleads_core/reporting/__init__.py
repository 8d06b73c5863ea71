"""The report runner: a launch YAML in, one self-contained HTML report out.

:func:`build_report` runs these steps and stops at the first that fails:

1. validate the launch YAML (a typed model) and the template's single
   ``parameters`` cell and the parameter values, before any kernel starts;
2. check that the kernel runs this environment's Python;
3. execute the template with Papermill;
4. check the executed notebook explicitly for failed cells;
5. convert it to HTML without code;
6. publish the HTML and the stripped notebook atomically;
7. for a launch, publish the rejected rows as ``rejects.csv`` next to them.

A failed run raises :class:`~hotleads_core.errors.ReportError` that names the
step, the cell and the cause, keeps the executed notebook under
``runs/<timestamp>-failed.ipynb`` and leaves the last good report in place.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from hotleads_core.config import load_config
from hotleads_core.errors import ReportError
from hotleads_core.reporting import publish
from hotleads_core.reporting.convert import notebook_to_html
from hotleads_core.reporting.execute import KERNEL_NAME, check_kernel, execute
from hotleads_core.reporting.params import declared_parameters, read_template, validate_parameters

logger = logging.getLogger(__name__)

# NOTE: the template is found next to the package, which holds for a source
# checkout and an editable install only; elsewhere pass ``template=``.
DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "notebooks" / "launch_report.ipynb"
DEFAULT_OUTPUT_DIR = Path("reports")
DEFAULT_CELL_TIMEOUT = 600.0

# Template parameter that names the folder where the notebook writes the
# launch's rejected rows (``LaunchData.write_rejects``).
REJECTS_PARAMETER = "rejects_folder"

# Size above which a report is too heavy to send by e-mail.
HTML_SIZE_WARNING_BYTES = 2 * 1024 * 1024

__all__ = ["ReportOutcome", "build_report", "render_notebook"]


@dataclass(frozen=True)
class ReportOutcome:
    """A report that was published.

    Attributes
    ----------
    name : str
        The launch name, or the output folder's name for a bare template.
    html_path : Path
        The published page.
    notebook_path : Path
        The executed notebook, without injected parameters.
    html_bytes : int
        Size of the page in bytes.
    seconds : float
        Wall-clock time of the run, validation included.
    rejects_path : Path or None
        The published ``rejects.csv``; None when the template declares no
        ``rejects_folder`` parameter (a bare or custom template).
    """

    name: str
    html_path: Path
    notebook_path: Path
    html_bytes: int
    seconds: float
    rejects_path: Path | None = None


def build_report(config_path, output_dir=DEFAULT_OUTPUT_DIR, *, template=DEFAULT_TEMPLATE,
                 parameters: dict | None = None,
                 timeout: float = DEFAULT_CELL_TIMEOUT) -> ReportOutcome:
    """Build the HTML report of one launch into ``<output_dir>/<launch name>/``.

    Parameters
    ----------
    config_path : str or Path
        The launch YAML.
    output_dir : str or Path
        The folder that contains one subfolder per launch.
    template : str or Path
        The report notebook; by default ``notebooks/launch_report.ipynb``.
    parameters : dict, optional
        Extra template parameters, such as ``{"sort_by": "utm_medium"}``.
        ``launch_file`` is always set to ``config_path``.
    timeout : float
        Seconds that one notebook cell may run.

    Raises
    ------
    ConfigError
        When the launch YAML is invalid; no kernel has started then.
    ReportError
        When any later step fails.
    """
    config_path = Path(config_path).resolve()
    config = load_config(config_path)
    output_folder = (Path(output_dir) / config.name).resolve()
    values = {**(parameters or {}), "launch_file": str(config_path)}
    read_template(template)
    if REJECTS_PARAMETER not in declared_parameters(template):
        return render_notebook(template, output_folder, values, name=config.name,
                               title=config.launch.title, timeout=timeout)

    # The notebook already contains the ingested launch, so it writes the
    # rejects into a scratch folder and the runner publishes them only after
    # the report succeeded. Loading the launch here as well would read and
    # validate every export twice.
    output_folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".rejects-", dir=output_folder) as scratch:
        values[REJECTS_PARAMETER] = scratch
        outcome = render_notebook(template, output_folder, values, name=config.name,
                                  title=config.launch.title, timeout=timeout)
        rejects_path = publish.publish_rejects(Path(scratch), output_folder, config.name)
    return dataclasses.replace(outcome, rejects_path=rejects_path)


def render_notebook(template, output_folder, parameters: dict | None = None, *,
                    name: str | None = None, title: str | None = None,
                    timeout: float = DEFAULT_CELL_TIMEOUT,
                    kernel_name: str = KERNEL_NAME) -> ReportOutcome:
    """Execute any template with ``parameters`` and publish it into ``output_folder``.

    This is :func:`build_report` without the launch YAML; the kernel runs in
    the template's folder. See :func:`build_report` for the errors.
    """
    started = time.perf_counter()
    template = Path(template).resolve()
    output_folder = Path(output_folder).resolve()
    name = name or output_folder.name

    read_template(template)
    values = validate_parameters(template, parameters or {})
    check_kernel(kernel_name)

    logger.info("Report %s: running %s", name, template)
    output_folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".run-", dir=output_folder) as scratch:
        executed_path = Path(scratch) / "executed.ipynb"
        _execute_checked(template, executed_path, values, output_folder, name, timeout, kernel_name)
        executed = nbformat.read(executed_path, as_version=4)

    html = _convert(executed, title or name, name)
    html_path, notebook_path = publish.publish(html, executed, output_folder)

    size = html_path.stat().st_size
    if size > HTML_SIZE_WARNING_BYTES:
        logger.warning("Report %s is %d bytes, above the %d bytes that mail servers accept "
                       "easily", html_path, size, HTML_SIZE_WARNING_BYTES)
    seconds = time.perf_counter() - started
    logger.info("Report %s: done in %.1f s", name, seconds)
    return ReportOutcome(name, html_path, notebook_path, size, seconds)


def _execute_checked(template, executed_path, values, output_folder, name, timeout, kernel_name):
    timestamp = publish.run_timestamp()
    failure = execute(template, executed_path, values, cwd=template.parent, timeout=timeout,
                      kernel_name=kernel_name)
    if failure is None:
        return

    kept = publish.keep_failed(executed_path, output_folder, timestamp) \
        if executed_path.exists() else None
    where = f"cell {failure.cell}" if failure.cell is not None else "an unknown cell"
    logger.error("Report %s failed in %s of %s: %s", name, where, template, failure.cause)
    raise ReportError(
        f"Report {name!r} failed while executing {template.name}: {where} raised "
        f"{failure.cause}. Any earlier report was left in place"
        + (f"; the failed notebook is kept at {kept}." if kept else "."),
        launch=name, step="execute", cell=failure.cell, cause=failure.cause, kept_notebook=kept,
    )


def _convert(executed, title: str, name: str) -> str:
    try:
        return notebook_to_html(executed, title=title)
    except ReportError as exc:
        raise ReportError(f"Report {name!r}: {exc}", launch=name, step="convert") from None
