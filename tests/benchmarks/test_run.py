"""The benchmark script runs end to end on a tiny launch and prints every figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LABELS = ("ingest from CSV", "ingest from Parquet", "scoring", "aggregation + 5 views",
          "report end to end", "DuckDB aggregation (ref.)", "Papermill empty nb (ref.)")


@pytest.mark.slow
@pytest.mark.notebook
def test_benchmark_runs_on_tiny_launch(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "2k", "--repeats", "1",
         "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    for label in LABELS:
        assert label in completed.stdout
    assert "DuckDB and HotLeads aggregates: equal" in completed.stdout
    assert "CPU:" in completed.stdout
    results = json.loads((tmp_path / "results.json").read_text())
    assert list(results["sizes"]) == ["2000"]
    assert all(run["peak_rss_kib"] > 0 for run in results["sizes"]["2000"]["scoring"])


def test_benchmark_rejects_invalid_size(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "many", "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert completed.returncode == 2
    assert "invalid lead count 'many'" in completed.stderr
