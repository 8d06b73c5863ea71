"""Project files agree with each other: dependencies, notebooks, scripts."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

from hotleads_core.reporting.params import parameter_cell_indexes

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Notebooks that Papermill or nbval run with parameters. The Voila dashboard
# notebook takes its choices from widgets, so it may have no parameters cell.
PARAMETERISED = ("launch_report.ipynb", "explore.ipynb")


def normalise(requirement: str) -> tuple[str, str]:
    """Split a requirement into a normalised name (PEP 503) and its sorted specifiers."""
    match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$", requirement)
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    specifiers = ",".join(sorted(part.strip() for part in match.group(2).split(",") if part.strip()))
    return name, specifiers


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return dict(normalise(requirement) for requirement in requirements)


def environment_requirements() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    return dict(normalise(item) for item in pip_section if not item.startswith("-"))


def test_environment_matches_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_environment_installs_the_project():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert "-e ." in pip_section


def test_constraints_pin_every_dependency():
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[normalise(name)[0]] = version
    assert "hotleads" not in pinned
    missing = sorted(set(pyproject_requirements()) - set(pinned))
    assert missing == []


def test_parameterised_notebooks_found():
    names = {path.name for path in NOTEBOOKS}
    assert set(PARAMETERISED) <= names


@pytest.mark.parametrize("name", PARAMETERISED, ids=PARAMETERISED)
def test_notebook_has_one_parameters_cell(name):
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    assert len(parameter_cell_indexes(notebook)) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_parameters_cell_is_first_code_cell(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = parameter_cell_indexes(notebook)
    assert len(tagged) <= 1
    first_code = next(index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    assert tagged in ([], [first_code])


@pytest.mark.parametrize("name", PARAMETERISED, ids=PARAMETERISED)
def test_notebook_parameters_are_typed(name):
    notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    source = notebook.cells[parameter_cell_indexes(notebook)[0]].source
    assignments = [line for line in source.splitlines() if re.match(r"^\w+\s*[:=]", line)]
    assert assignments, "the parameters cell assigns nothing"
    for line in assignments:
        assert re.match(r"^\w+: [\w\[\]]+ = .+  # \S", line), line


def test_ci_runs_the_test_script():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[0] == "#!/usr/bin/env bash"
    assert "set -euo pipefail" in ci
    assert ci[-1] == "bash scripts/test.sh"


def test_test_script_fails_on_no_tests():
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert '-eq 5' in script
    assert "-p no:cacheprovider" in script
