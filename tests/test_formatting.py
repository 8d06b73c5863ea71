"""Tests of the text helpers shared by the report and the dashboard."""

import subprocess
import sys

import pytest

from hotleads_core.formatting import label


@pytest.mark.parametrize(
    ("prefix", "code", "expected"),
    [
        ("core.rejected_reasons", "missing_column", "missing column"),
        ("core.rejected_reasons", "some_new_reason", "some_new_reason"),
        ("no.such.catalogue", "empty_file", "empty_file"),
    ],
    ids=["known-code", "unknown-code", "unknown-prefix"],
)
def test_label_values(prefix, code, expected):
    assert label(prefix, code) == expected


def test_label_shared_by_report_and_dashboard():
    from hotleads_core.dashboard import render_quality
    from hotleads_core.reporting import present

    assert present.label is label
    assert render_quality.label is label


def test_dashboard_rendering_skips_report_runner():
    # A fresh interpreter, because this test session may already have
    # imported the report runner through other tests.
    modules = ("hotleads_core.reporting", "nbformat", "nbconvert", "papermill")
    code = ("import sys, hotleads_core.dashboard.render_quality, "
            "hotleads_core.dashboard.render_tables; "
            f"print(sorted(name for name in {modules!r} if name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
