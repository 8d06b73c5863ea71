"""Helpers shared by the runner tests: the case inputs and small notebooks built in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def write_notebook(path: Path, sources: list[str], parameters_cells=(0,)) -> Path:
    """Write a Python notebook whose cells run ``sources``; the cells in ``parameters_cells`` are tagged."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                       "display_name": "Python 3"}
    for index, source in enumerate(sources):
        cell = nbformat.v4.new_code_cell(source)
        if index in parameters_cells:
            cell.metadata["tags"] = ["parameters"]
        notebook.cells.append(cell)
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def make_notebook():
    """Return :func:`write_notebook`, for tests that build their own template."""
    return write_notebook


@pytest.fixture
def case_copy(tmp_path):
    """Return a function that copies a case folder into ``tmp_path`` and returns the copy."""
    def copy(case: str) -> Path:
        target = tmp_path / case
        shutil.copytree(CASES / case, target)
        return target
    return copy
