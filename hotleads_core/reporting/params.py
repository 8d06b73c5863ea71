"""Check a report template and the parameters passed to it, before any kernel starts.

A template must have exactly one code cell tagged ``parameters``. Papermill
only warns when the tag is missing, then injects the values above the
notebook's own defaults, which overwrite them: the run succeeds with the wrong
parameters. Here a missing or repeated tag is an error.

Each passed value is checked against the type that the parameters cell
declares (``launch_file: str = "..."``) or, for an untyped name, against the
type of its default value. Names that look like credentials are rejected,
because papermill writes every parameter into the executed notebook.
Credentials belong in environment variables read by the code that needs them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from hotleads_core.errors import ReportError

PARAMETERS_TAG = "parameters"

# Substrings of parameter names that suggest a credential (matched case-insensitively).
SECRET_NAME_PARTS = ("token", "password", "passwd", "secret", "key", "credential")

_OPTIONAL = re.compile(r"^Optional\[(\w+)\]$")

# Python types accepted for each annotation that a parameters cell may use.
_ACCEPTED_TYPES = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
}


@dataclass(frozen=True)
class DeclaredParameter:
    """One name assigned in a template's ``parameters`` cell.

    Attributes
    ----------
    name : str
        The variable name.
    type_name : str
        ``str``, ``int``, ``float`` or ``bool``, from the annotation or else
        from the default value.
    optional : bool
        Whether ``None`` is allowed (``Optional[...]`` annotation or a
        ``None`` default).
    default : str
        The default as written in the cell.
    help : str
        The comment after the assignment.
    """

    name: str
    type_name: str
    optional: bool
    default: str
    help: str


def read_template(path) -> nbformat.NotebookNode:
    """Read a template notebook and check that it has exactly one ``parameters`` cell.

    Raises
    ------
    ReportError
        When the file is missing or is not a notebook, or when zero or
        several cells carry the ``parameters`` tag.
    """
    path = Path(path)
    if not path.is_file():
        raise ReportError(f"Report template {path} was not found.", step="validate")
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError, nbformat.reader.NotJSONError) as exc:
        raise ReportError(f"Report template {path} is not a readable notebook: {exc}",
                          step="validate") from None
    tagged = parameter_cell_indexes(notebook)
    if len(tagged) != 1:
        found = "no cell carries" if not tagged else \
            f"{len(tagged)} cells (numbers {[index + 1 for index in tagged]}) carry"
        raise ReportError(
            f"Report template {path} must have exactly one code cell tagged "
            f"{PARAMETERS_TAG!r}, but {found} the tag. Fix: tag the one cell that "
            "assigns the parameters' defaults (JupyterLab: Property Inspector > Cell Tags).",
            step="validate",
        )
    return notebook


def parameter_cell_indexes(notebook) -> list[int]:
    """Return the indexes of the code cells tagged ``parameters``."""
    return [
        index for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])
    ]


def declared_parameters(template_path) -> dict[str, DeclaredParameter]:
    """Return the parameters that a template declares, keyed by name.

    Uses papermill's own parser of the parameters cell, so the names match
    what ``papermill --help-notebook`` shows.
    """
    from papermill.inspection import inspect_notebook

    declared = {}
    for name, info in inspect_notebook(str(template_path)).items():
        type_name, optional = _parse_type(info["inferred_type_name"], info["default"])
        declared[name] = DeclaredParameter(name, type_name, optional, info["default"], info["help"])
    return declared


def validate_parameters(template_path, parameters: dict) -> dict:
    """Check parameter names and values against the template's parameters cell.

    Returns
    -------
    dict
        The same parameters, unchanged, once they passed every check.

    Raises
    ------
    ReportError
        When a name looks like a credential, is not declared by the template,
        or has a value of another type than the declared one.
    """
    reject_secret_names(parameters)
    declared = declared_parameters(template_path)
    for name, value in parameters.items():
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise ReportError(
                f"Parameter {name!r} is not declared in the parameters cell of {template_path}. "
                f"Declared parameters: {known}.", step="validate")
        _check_type(declared[name], value, template_path)
    return dict(parameters)


def reject_secret_names(parameters: dict) -> None:
    """Raise :class:`ReportError` when a parameter name looks like a credential."""
    for name in parameters:
        lowered = name.lower()
        if any(part in lowered for part in SECRET_NAME_PARTS):
            raise ReportError(
                f"Parameter {name!r} looks like a credential and was rejected: papermill "
                "would store its value in the executed notebook. Fix: pass credentials as "
                "environment variables, not as report parameters.",
                step="validate",
            )


def _parse_type(inferred: str, default: str) -> tuple[str, bool]:
    optional_match = _OPTIONAL.match(inferred)
    if optional_match:
        return optional_match.group(1), True
    if inferred in _ACCEPTED_TYPES:
        return inferred, default.strip() == "None"
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError):
        return "any", True
    if value is None:
        return "any", True
    return type(value).__name__, False


def _check_type(parameter: DeclaredParameter, value, template_path) -> None:
    if value is None and parameter.optional:
        return
    accepted = _ACCEPTED_TYPES.get(parameter.type_name)
    if accepted is None:
        return
    is_bool = isinstance(value, bool)
    if isinstance(value, accepted) and (parameter.type_name == "bool" or not is_bool):
        return
    raise ReportError(
        f"Parameter {parameter.name!r} of {template_path} must be of type "
        f"{parameter.type_name}, got {type(value).__name__} {value!r}.",
        step="validate",
    )
