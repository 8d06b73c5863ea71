"""The published page hides code and parameters, opens offline and keeps the outputs."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from hotleads_core.errors import ReportError
from hotleads_core.reporting import render_notebook
from hotleads_core.reporting.convert import check_self_contained
from hotleads_core.reporting.execute import check_kernel
from hotleads_core.reporting.publish import strip_parameters

TOKEN = "FAKE-TOKEN-123"


def test_secret_parameter_rejected_before_run(case_copy, tmp_path):
    case = case_copy("R21")
    output = tmp_path / "out"
    with pytest.raises(ReportError, match=r"'api_token' looks like a credential"):
        render_notebook(case / "report_template.ipynb", output,
                        {"launch_name": "Lancamento Marco", "api_token": TOKEN})
    assert not output.exists()


@pytest.fixture
def r21_outcome(case_copy, tmp_path):
    case = case_copy("R21")
    return render_notebook(case / "report_template.ipynb", tmp_path / "out",
                           {"launch_name": "Lancamento Marco"})


def test_html_keeps_markdown_and_outputs(r21_outcome):
    html = r21_outcome.html_path.read_text(encoding="utf-8")
    assert "Relatorio do lancamento" in html
    assert "Lancamento: Lancamento Marco" in html
    assert "Leads: 120" in html


def test_html_has_no_code_or_prompts(r21_outcome):
    html = r21_outcome.html_path.read_text(encoding="utf-8")
    assert "launch_name =" not in html
    assert "api_token" not in html
    assert "leads_total = 120" not in html
    assert "print(" not in html
    assert not re.search(r"In\s*(&nbsp;)*\[\s*\d*\s*\]", html)
    assert "jp-CodeMirrorEditor jp-Editor" not in html
    assert 'class="jp-InputPrompt' not in html


def test_html_has_no_external_resource(r21_outcome):
    html = r21_outcome.html_path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*src=[\"']?(https?:)?//", html)
    assert not re.search(r"<link[^>]*href=[\"']?(https?:)?//", html)
    assert "cdnjs" not in html


def test_stored_notebook_has_no_injected_values(r21_outcome):
    stored = nbformat.read(r21_outcome.notebook_path, as_version=4)
    tags = [tag for cell in stored.cells for tag in cell.metadata.get("tags", [])]
    assert "injected-parameters" not in tags
    assert "parameters" not in stored.metadata.get("papermill", {})
    assert "launch_name = \"Lancamento Marco\"" not in json.dumps(stored)


def test_strip_parameters_removes_both_places():
    notebook = nbformat.v4.new_notebook()
    injected = nbformat.v4.new_code_cell(f'api_token = "{TOKEN}"')
    injected.metadata["tags"] = ["injected-parameters"]
    notebook.cells = [nbformat.v4.new_code_cell("x = 1"), injected]
    notebook.metadata["papermill"] = {"parameters": {"api_token": TOKEN}, "duration": 1.0}
    stripped = strip_parameters(notebook)
    assert TOKEN not in json.dumps(stripped)
    assert [cell.source for cell in stripped.cells] == ["x = 1"]
    assert stripped.metadata["papermill"] == {"duration": 1.0}
    assert TOKEN in json.dumps(notebook)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js"></script>',
        "<link rel='stylesheet' href='http://example.org/a.css'>",
        '<img src="//example.org/logo.png">',
        "<style>@import url('https://fonts.example.org/x.css');</style>",
    ],
    ids=["cdn-script", "stylesheet", "protocol-relative-image", "css-import"],
)
def test_external_resource_rejected(snippet):
    with pytest.raises(ReportError, match="would load a resource from the network"):
        check_self_contained(f"<html><head>{snippet}</head></html>")


def test_plain_link_allowed():
    check_self_contained('<html><body><a href="https://example.org/">source</a></body></html>')


def test_foreign_kernelspec_rejected(tmp_path, monkeypatch):
    spec_folder = tmp_path / "data" / "kernels" / "python3"
    spec_folder.mkdir(parents=True)
    (spec_folder / "kernel.json").write_text(json.dumps({
        "argv": ["/opt/other-python/bin/python3", "-m", "ipykernel_launcher", "-f",
                 "{connection_file}"],
        "display_name": "Python 3", "language": "python",
    }), encoding="utf-8")
    # JUPYTER_PATH comes before every other kernel folder, as a user-level
    # folder does outside a virtual environment.
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "data"))
    with pytest.raises(ReportError, match=r"starts /opt/other-python/bin/python3, not this environment"):
        check_kernel("python3")


def test_missing_kernelspec_rejected():
    with pytest.raises(ReportError, match=r"kernel 'no-such-kernel-name' was not found"):
        check_kernel("no-such-kernel-name")
