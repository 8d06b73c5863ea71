"""Execute a report template with Papermill on the project's own kernel.

Papermill writes the output notebook even when the kernel dies or a cell
times out, and its error flag can then stay empty (papermill 2.7). Success is
therefore decided here, from the executed notebook itself: every code cell
must have run, and no cell may hold an error output.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from hotleads_core.errors import ReportError

logger = logging.getLogger(__name__)

# The kernelspec that ipykernel installs into every environment that has it
# (``<prefix>/share/jupyter/kernels/python3``).
KERNEL_NAME = "python3"

# Interpreter names that jupyter_client replaces by the running Python (sys.executable).
_SAME_PYTHON_NAMES = {"python", f"python{sys.version_info[0]}",
                      f"python{sys.version_info[0]}.{sys.version_info[1]}"}


# Tags of the cells that papermill adds to the executed notebook.
_INSERTED_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


@dataclass(frozen=True)
class CellFailure:
    """The first cell of an executed notebook that did not succeed.

    Attributes
    ----------
    cell : int or None
        1-based number of the cell in the template, as JupyterLab counts
        cells (cells that papermill inserted are not counted), None when
        unknown.
    cause : str
        The exception name and value, such as ``KeyError: 'amount'``.
    """

    cell: int | None
    cause: str


def check_kernel(kernel_name: str = KERNEL_NAME) -> Path:
    """Check that ``kernel_name`` exists and runs this environment's Python.

    A kernelspec in the user's Jupyter data folder shadows the environment's
    own one; it may start another Python that lacks HotLeads. Setting
    ``JUPYTER_DATA_DIR`` to a folder of the project avoids that.

    Returns
    -------
    Path
        The folder of the kernelspec.

    Raises
    ------
    ReportError
        When the kernelspec is missing or starts another interpreter.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        raise ReportError(
            f"Jupyter kernel {kernel_name!r} was not found. Fix: run "
            f"'{sys.executable} -m ipykernel install --sys-prefix'.", step="execute") from None
    interpreter = spec.argv[0] if spec.argv else ""
    if interpreter in _SAME_PYTHON_NAMES or _same_file(interpreter, sys.executable):
        return Path(spec.resource_dir)
    raise ReportError(
        f"Jupyter kernel {kernel_name!r} at {spec.resource_dir} starts {interpreter}, "
        f"not this environment's Python {sys.executable}. Fix: remove that kernelspec or set "
        "JUPYTER_DATA_DIR to a folder without it.", step="execute")


def execute(template: Path, output: Path, parameters: dict, *, cwd: Path,
            timeout: float, kernel_name: str = KERNEL_NAME) -> CellFailure | None:
    """Run ``template`` with ``parameters`` and write the executed notebook to ``output``.

    Parameters
    ----------
    template, output : Path
        The template and the executed notebook to write.
    parameters : dict
        Values injected after the template's ``parameters`` cell.
    cwd : Path
        Working folder of the kernel, so relative paths in the template resolve.
    timeout : float
        Seconds that one cell may run before it is stopped.

    Returns
    -------
    CellFailure or None
        None when every cell ran without error, else the first failure.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logger.info("Executing %s into %s on kernel %s", template, output, kernel_name)
    try:
        papermill.execute_notebook(
            str(template), str(output), parameters=parameters, kernel_name=kernel_name,
            cwd=str(cwd), progress_bar=False, execution_timeout=timeout,
            kernel_manager_class=_encrypted_kernel_manager_class(),
        )
    except PapermillExecutionError as exc:
        logger.info("Papermill reported %s: %s", exc.ename, exc.evalue)
    except Exception as exc:  # noqa: BLE001 - a dead kernel or timeout raises nbclient/zmq errors
        logger.info("Papermill stopped with %s: %s", type(exc).__name__, exc)
        if not output.exists():
            return CellFailure(None, f"{type(exc).__name__}: {exc}")
        return find_failure(nbformat.read(output, as_version=4)) or CellFailure(
            None, f"{type(exc).__name__}: {exc}")
    return find_failure(nbformat.read(output, as_version=4))


def find_failure(notebook) -> CellFailure | None:
    """Return the first failed cell of an executed notebook, or None if all succeeded.

    A cell failed when it contains an ``error`` output, or when it is a code cell
    that never ran (no execution count) because an earlier cell stopped the
    run. Cells that papermill inserted (the injected parameters and the error
    banner) are not counted in the cell index.
    """
    template_cells = [cell for cell in notebook.cells
                      if not _INSERTED_TAGS & set(cell.get("metadata", {}).get("tags", []))]
    for number, cell in enumerate(template_cells, start=1):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return CellFailure(number, f"{output.get('ename')}: {output.get('evalue')}")
        if _never_ran(cell):
            return CellFailure(number, "the cell did not run (the kernel died or an earlier cell "
                                      "timed out)")
    if notebook.metadata.get("papermill", {}).get("exception"):
        return CellFailure(None, "papermill marked the run as failed")
    return None


def _encrypted_kernel_manager_class():
    """Return a kernel manager class that provisions CurveZMQ keys when the kernel supports them.

    ipykernel 7 warns on every start that it runs over TCP without
    encryption; encryption is what removes the cause of that warning.
    """
    from jupyter_client import AsyncKernelManager

    class EncryptedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport_encryption", "auto")
            super().__init__(**kwargs)

    return EncryptedKernelManager


def _never_ran(cell) -> bool:
    papermill_meta = cell.get("metadata", {}).get("papermill", {})
    status = papermill_meta.get("status")
    if status in ("pending", "running"):
        return True
    return cell.get("execution_count") is None and bool(cell.source.strip())


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False
