"""One measured benchmark step, run in a fresh Python process by :mod:`benchmarks.run`.

Usage: ``python -m benchmarks.steps STEP LAUNCH_DIR WORK_DIR``. The process
prints one JSON line on stdout: the step name, the measured phases in
seconds, the resident set size (RSS) before the measured work in KiB, and
step-specific facts. Work that only prepares a step (reading the inputs of
scoring, say) is timed apart from the measured phase, so it shows in the
output but not in the step's time.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SCORED_LEADS = "scored_leads.parquet"
CANONICAL_SALES = "canonical_sales.parquet"


class Timer:
    """Wall-clock seconds of named phases, measured with :func:`time.perf_counter`."""

    def __init__(self):
        self.seconds = {}
        self.rss_before_kib = None

    @contextmanager
    def phase(self, name: str):
        started = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - started


def ingest_csv(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    return _ingest(launch_dir / "launch.yaml", timer)


def ingest_parquet(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    return _ingest(launch_dir / "launch_parquet.yaml", timer)


def _ingest(config_path: Path, timer: Timer) -> dict:
    from hotleads_core.config import load_config
    from hotleads_core.ingest import load_launch

    config = load_config(config_path)
    _record_rss(timer)
    with timer.phase("measured"):
        data = load_launch(config)
    return {"leads": len(data.leads), "sales": len(data.sales), "rejected": len(data.rejects)}


def scoring(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    """Score the launch; the first run also writes the scored leads and sales for the next steps."""
    from hotleads_core.config import load_config
    from hotleads_core.ingest import load_launch
    from hotleads_core.scoring import score_launch

    with timer.phase("prepare: ingest from Parquet"):
        data = load_launch(load_config(launch_dir / "launch_parquet.yaml"))
    _record_rss(timer)
    with timer.phase("measured"):
        result = score_launch(data)
    if not (work_dir / SCORED_LEADS).exists():
        result.leads.to_parquet(work_dir / SCORED_LEADS)
        data.sales.to_parquet(work_dir / CANONICAL_SALES)
    info = result.model_info
    return {"method": info.method, "mode": info.mode, "heldout_auc": info.heldout_auc,
            "n_train": info.n_train}


def aggregation(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    """Read the scored Parquet files, aggregate, and build the view of every UTM field."""
    import pandas as pd

    from hotleads_core.aggregation import aggregate
    from hotleads_core.config import UTM_FIELDS, load_config
    from hotleads_core.pipeline import LaunchAnalysis

    config = load_config(launch_dir / "launch_parquet.yaml")
    _record_rss(timer)
    with timer.phase("measured"):
        with timer.phase("read Parquet"):
            leads = pd.read_parquet(work_dir / SCORED_LEADS)
            sales = pd.read_parquet(work_dir / CANONICAL_SALES)
        with timer.phase("aggregate"):
            tables = aggregate(leads, sales, config)
        with timer.phase("views of 5 UTM fields"):
            analysis = LaunchAnalysis(config=config, data=None, scoring=None, tables=tables)
            for field in UTM_FIELDS:
                analysis.view(sort_by=field)
    return {"cells": len(tables.cells), "sales_by_day": len(tables.sales_by_day)}


def duckdb_aggregation(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    from benchmarks.duckdb_reference import connect, reference_tables
    from hotleads_core.config import load_config

    config = load_config(launch_dir / "launch_parquet.yaml")
    connection = connect()
    _record_rss(timer)
    with timer.phase("measured"):
        tables = reference_tables(work_dir / SCORED_LEADS, work_dir / CANONICAL_SALES, config,
                                  connection)
    threads = connection.execute("SELECT current_setting('threads')").fetchone()[0]
    return {"cells": len(tables["cells"]), "sales_by_day": len(tables["sales_by_day"]),
            "threads": threads}


def check_equal(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    """Compare HotLeads' aggregation with the DuckDB reference on the same Parquet files."""
    import pandas as pd

    from benchmarks.duckdb_reference import compare_tables, reference_tables
    from hotleads_core.aggregation import aggregate
    from hotleads_core.config import load_config

    config = load_config(launch_dir / "launch_parquet.yaml")
    with timer.phase("measured"):
        leads = pd.read_parquet(work_dir / SCORED_LEADS)
        sales = pd.read_parquet(work_dir / CANONICAL_SALES)
        ours = aggregate(leads, sales, config)
        reference = reference_tables(work_dir / SCORED_LEADS, work_dir / CANONICAL_SALES, config)
        differences = compare_tables(ours, reference)
    return {"equal": not differences, "differences": [d[:2000] for d in differences],
            "cells": len(ours.cells), "sales_by_day": len(ours.sales_by_day)}


def report(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    from hotleads_core.reporting import build_report

    _record_rss(timer)
    with timer.phase("measured"):
        outcome = build_report(launch_dir / "launch_parquet.yaml", work_dir / "reports")
    return {"html_bytes": outcome.html_bytes}


def papermill_empty(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    """Execute a notebook with one empty code cell with Papermill, then convert it to HTML."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    _record_rss(timer)
    with timer.phase("measured"), tempfile.TemporaryDirectory(dir=work_dir) as scratch:
        source = Path(scratch) / "empty.ipynb"
        executed = Path(scratch) / "executed.ipynb"
        notebook = nbformat.v4.new_notebook()
        notebook.cells.append(nbformat.v4.new_code_cell(""))
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        nbformat.write(notebook, source)
        papermill.execute_notebook(source, executed, kernel_name="python3", progress_bar=False)
        html, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(executed, 4))
    return {"html_bytes": len(html)}


def generate(launch_dir: Path, work_dir: Path, timer: Timer) -> dict:
    """Write the synthetic launch; the size and seed come from ``work_dir/generate.json``."""
    from hotleads_core.synth import write_launch

    request = json.loads((work_dir / "generate.json").read_text())
    _record_rss(timer)
    with timer.phase("measured"):
        summary = write_launch(launch_dir, request["leads"], request["seed"],
                               malformed_rate=request["malformed_rate"])
    sizes = {name: path.stat().st_size for name, path in summary.files.items()}
    return {"lead_rows": summary.lead_rows, "sales_rows": summary.sales_rows, "file_bytes": sizes}


STEPS = {
    "generate": generate,
    "ingest_csv": ingest_csv,
    "ingest_parquet": ingest_parquet,
    "scoring": scoring,
    "aggregation": aggregation,
    "duckdb_aggregation": duckdb_aggregation,
    "check_equal": check_equal,
    "report": report,
    "papermill_empty": papermill_empty,
}


def _record_rss(timer: Timer) -> None:
    timer.rss_before_kib = _current_rss_kib()


def _current_rss_kib() -> int:
    """Return this process's resident set size now, in KiB, from ``/proc/self/statm``."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() // 1024


def main(argv=None) -> int:
    """Run one step and print its JSON line; return 2 for an unknown step."""
    step, launch_dir, work_dir = (argv or sys.argv[1:])[:3]
    if step not in STEPS:
        print(f"unknown step {step!r}; expected one of {sorted(STEPS)}", file=sys.stderr)
        return 2
    timer = Timer()
    facts = STEPS[step](Path(launch_dir), Path(work_dir), timer)
    print(json.dumps({"step": step, "seconds": timer.seconds, "rss_before_kib": timer.rss_before_kib,
                      "facts": facts}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
