"""Templates and parameters are checked before any kernel starts."""

from __future__ import annotations

import pytest

from hotleads_core.errors import ConfigError, ReportError
from hotleads_core.reporting import build_report, render_notebook
from hotleads_core.reporting.params import declared_parameters, reject_secret_names


def test_untagged_template_rejected(case_copy, tmp_path):
    case = case_copy("R17")
    output = tmp_path / "out"
    with pytest.raises(ReportError, match=r"template_untagged\.ipynb must have exactly one code cell"):
        render_notebook(case / "template_untagged.ipynb", output, {"launch_name": "launchX"})
    assert not (output / "report.html").exists()
    assert not (output / "runs").exists()


def test_two_parameters_cells_rejected(tmp_path, make_notebook):
    template = make_notebook(tmp_path / "two.ipynb", ["a = 1", "b = 2", "print(a, b)"],
                              parameters_cells=(0, 1))
    with pytest.raises(ReportError, match=r"2 cells \(numbers \[1, 2\]\) carry the tag"):
        render_notebook(template, tmp_path / "out", {})


def test_tagged_template_gets_injected_value(case_copy, tmp_path):
    case = case_copy("R17")
    outcome = render_notebook(case / "template_tagged.ipynb", tmp_path / "out",
                              {"launch_name": "launchX"})
    html = outcome.html_path.read_text(encoding="utf-8")
    assert "Relatorio: launchX (min_leads=30)" in html
    assert "Relatorio: default" not in html


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"min_leads": "30"}, r"'min_leads' .* must be of type int, got str '30'"),
        ({"min_leads": True}, r"'min_leads' .* must be of type int, got bool True"),
        ({"launch_name": 7}, r"'launch_name' .* must be of type str, got int 7"),
        ({"launch_nmae": "x"}, r"'launch_nmae' is not declared .* launch_name, min_leads"),
    ],
    ids=["string-for-int", "bool-for-int", "int-for-str", "misspelt-name"],
)
def test_invalid_parameter_rejected(case_copy, tmp_path, parameters, message):
    case = case_copy("R17")
    with pytest.raises(ReportError, match=message):
        render_notebook(case / "template_tagged.ipynb", tmp_path / "out", parameters)
    assert not (tmp_path / "out" / "runs").exists()


@pytest.mark.parametrize(
    "name",
    ["api_token", "PASSWORD", "client_secret", "hash_key", "aws_access_key_id"],
    ids=["token", "upper-password", "secret", "key", "key-inside"],
)
def test_secret_looking_name_rejected(name):
    with pytest.raises(ReportError, match=f"Parameter '{name}' looks like a credential"):
        reject_secret_names({name: "FAKE-TOKEN-123"})


def test_typed_parameters_read_from_annotations(tmp_path, make_notebook):
    template = make_notebook(tmp_path / "typed.ipynb", [
        'launch_file: str = "x.yaml"  # The launch YAML\n'
        "sort_by: Optional[str] = None  # UTM parameter\n"
        "confidence: float = 0.95\n"
        "untyped = 3\n",
    ])
    declared = declared_parameters(template)
    assert declared["launch_file"].type_name == "str"
    assert declared["launch_file"].help == "The launch YAML"
    assert declared["sort_by"].type_name == "str"
    assert declared["sort_by"].optional is True
    assert declared["confidence"].type_name == "float"
    assert declared["untyped"].type_name == "int"
    assert declared["untyped"].optional is False


def test_invalid_launch_yaml_stops_before_kernel(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text(
        "launch: {name: bad, title: Bad, strategy: evergreen, colour: red}\n"
        "leads: {path: leads.csv}\n", encoding="utf-8")
    output = tmp_path / "reports"
    with pytest.raises(ConfigError, match=r"Unknown field 'launch\.colour'"):
        build_report(config, output)
    assert not output.exists()
