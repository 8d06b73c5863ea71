"""A failed run names the cell and the cause, keeps its notebook and publishes nothing."""

from __future__ import annotations

import json
import sys

import nbformat
import pytest

from hotleads_core.errors import ReportError
from hotleads_core.reporting import render_notebook


def test_exception_names_cell_and_cause(case_copy, tmp_path):
    case = case_copy("R19")
    output = tmp_path / "out"
    with pytest.raises(ReportError, match=r"cell 3 raised KeyError: 'amount'") as caught:
        render_notebook(case / "fails_with_exception.ipynb", output, {})
    error = caught.value
    assert error.step == "execute"
    assert error.cell == 3
    assert error.cause == "KeyError: 'amount'"
    assert error.kept_notebook.parent == output / "runs"
    assert error.kept_notebook.name.endswith("-failed.ipynb")
    assert error.kept_notebook.is_file()
    assert not (output / "report.html").exists()


def test_failed_run_keeps_last_good_report(case_copy, tmp_path):
    case = case_copy("R19")
    output = tmp_path / "out"
    output.mkdir()
    (output / "report.html").write_text("last good report", encoding="utf-8")
    (output / "report.ipynb").write_text("last good notebook", encoding="utf-8")
    with pytest.raises(ReportError, match="KeyError"):
        render_notebook(case / "fails_with_exception.ipynb", output, {})
    assert (output / "report.html").read_text(encoding="utf-8") == "last good report"
    assert (output / "report.ipynb").read_text(encoding="utf-8") == "last good notebook"
    assert sorted(path.name for path in output.iterdir()) == ["report.html", "report.ipynb", "runs"]


def test_kept_notebook_shows_the_error(case_copy, tmp_path):
    case = case_copy("R19")
    with pytest.raises(ReportError, match="KeyError") as caught:
        render_notebook(case / "fails_with_exception.ipynb", tmp_path / "out",
                        {"sales_path": "sales.csv"})
    kept = nbformat.read(caught.value.kept_notebook, as_version=4)
    errors = [output for cell in kept.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert [(error.ename, error.evalue) for error in errors] == [("KeyError", "'amount'")]
    assert "parameters" not in kept.metadata.get("papermill", {})


def test_failing_magic_is_a_failure(case_copy, tmp_path):
    case = case_copy("R19")
    # The case notebook has no parameters cell; tag its first cell so that
    # the runner accepts it and the failing %run is what is tested.
    notebook = nbformat.read(case / "fails_in_magic.ipynb", as_version=4)
    notebook.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(notebook, case / "fails_in_magic.ipynb")
    with pytest.raises(ReportError, match=r"cell 2 raised .*does_not_exist\.py") as caught:
        render_notebook(case / "fails_in_magic.ipynb", tmp_path / "out", {})
    assert caught.value.cell == 2
    assert not (tmp_path / "out" / "report.html").exists()


def test_dead_kernel_is_a_failure(tmp_path, make_notebook):
    template = make_notebook(tmp_path / "dies.ipynb", [
        "x = 1", "import os\nos._exit(1)", "print('after')"])
    with pytest.raises(ReportError, match=r"failed while executing dies\.ipynb") as caught:
        render_notebook(template, tmp_path / "out", {})
    assert caught.value.step == "execute"
    assert not (tmp_path / "out" / "report.html").exists()


def test_cell_timeout_is_a_failure(tmp_path, make_notebook):
    template = make_notebook(tmp_path / "slow.ipynb", [
        "seconds = 30", "import time\ntime.sleep(seconds)", "print('after')"])
    with pytest.raises(ReportError, match=r"failed while executing slow\.ipynb") as caught:
        render_notebook(template, tmp_path / "out", {}, timeout=2)
    assert caught.value.cell == 2
    assert not (tmp_path / "out" / "report.html").exists()


def test_kernel_runs_this_environment(tmp_path, make_notebook):
    template = make_notebook(tmp_path / "which.ipynb", [
        "marker = ''", "import json, sys\nprint(json.dumps({'prefix': sys.prefix}))"])
    outcome = render_notebook(template, tmp_path / "out", {})
    executed = nbformat.read(outcome.notebook_path, as_version=4)
    printed = executed.cells[-1].outputs[0].text
    assert json.loads(printed)["prefix"] == sys.prefix
