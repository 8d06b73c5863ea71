"""Print the results of one benchmark size as a plain-text table."""

from __future__ import annotations

import statistics

STEP_LABELS = {
    "ingest_csv": "ingest from CSV",
    "ingest_parquet": "ingest from Parquet",
    "scoring": "scoring",
    "aggregation": "aggregation + 5 views",
    "report": "report end to end",
    "duckdb_aggregation": "DuckDB aggregation (ref.)",
    "papermill_empty": "Papermill empty nb (ref.)",
}
# The reference that each step is compared with: DuckDB for data work, Papermill for the report.
REFERENCE_OF = {
    "ingest_csv": "duckdb_aggregation",
    "ingest_parquet": "duckdb_aggregation",
    "scoring": "duckdb_aggregation",
    "aggregation": "duckdb_aggregation",
    "report": "papermill_empty",
}
HEADER = (f"{'step':<27} {'runs':>4} {'median s':>9} {'min s':>8} {'max s':>8} "
          f"{'RSS before MiB':>14} {'peak RSS MiB':>12}  {'ratio to reference':<30}")


def median_seconds(runs: list[dict], phase: str = "measured") -> float | None:
    """Return the median of ``phase`` over the successful runs, or None when none succeeded."""
    values = [run["seconds"][phase] for run in runs if run["ok"] and phase in run.get("seconds", {})]
    return statistics.median(values) if values else None


def print_size_table(size: int, results: dict, papermill: list[dict]) -> None:
    """Print one size's steps with medians, peak memory, ratios, phases and the equality check."""
    runs_by_step = {**results, "papermill_empty": papermill}
    print(f"\n== {size:,} leads: {_generated_line(results.get('generate', []))} ==")
    print(HEADER)
    for step in STEP_LABELS:
        if step in runs_by_step:
            print(_step_line(step, runs_by_step))
    _print_phases(results)
    _print_check(results.get("check_equal"))
    for step, runs in runs_by_step.items():
        for run in runs:
            if not run["ok"]:
                print(f"FAILED {step}: {run['error']}")
    print(flush=True)


def _generated_line(runs: list[dict]) -> str:
    if not runs or not runs[0]["ok"]:
        return "generation failed"
    run = runs[0]
    facts = run["facts"]
    sizes = facts["file_bytes"]
    csv_mib = sum(v for k, v in sizes.items() if k.endswith(".csv")) / 2 ** 20
    parquet_mib = sum(v for k, v in sizes.items() if k.endswith(".parquet")) / 2 ** 20
    return (f"{facts['lead_rows']:,} lead rows, {facts['sales_rows']:,} sales; "
            f"CSV {csv_mib:,.1f} MiB, Parquet {parquet_mib:,.1f} MiB; generated in "
            f"{run['seconds']['measured']:.1f} s, peak RSS {run['peak_rss_kib'] / 1024:,.0f} MiB")


def _step_line(step: str, runs_by_step: dict) -> str:
    runs = runs_by_step[step]
    done = [run for run in runs if run["ok"]]
    label = STEP_LABELS[step]
    if not done:
        return f"{label:<27} {len(runs):>4} {'failed':>9}"
    times = [run["seconds"]["measured"] for run in done]
    before = statistics.median(run["rss_before_kib"] or 0 for run in done) / 1024
    peak = max(run["peak_rss_kib"] for run in done) / 1024
    return (f"{label:<27} {len(done):>4} {statistics.median(times):>9.2f} {min(times):>8.2f} "
            f"{max(times):>8.2f} {before:>14,.0f} {peak:>12,.0f}  {_ratio(step, times, runs_by_step)}")


def _ratio(step: str, times: list[float], runs_by_step: dict) -> str:
    reference = REFERENCE_OF.get(step)
    if reference is None:
        return "(reference)"
    reference_median = median_seconds(runs_by_step.get(reference, []))
    if not reference_median:
        return f"no {STEP_LABELS[reference]} figure"
    ratio = statistics.median(times) / reference_median
    return f"{ratio:,.1f} x {STEP_LABELS[reference].removesuffix(' (ref.)')} ({reference_median:.2f} s)"


def _print_phases(results: dict) -> None:
    """Print the median of every named phase, including unmeasured preparation."""
    parts = []
    for step in ("scoring", "aggregation"):
        runs = [run for run in results.get(step, []) if run["ok"]]
        if not runs:
            continue
        phases = [name for name in runs[0]["seconds"] if name != "measured"]
        text = ", ".join(f"{name} {median_seconds(runs, name):.2f} s" for name in phases)
        parts.append(f"{STEP_LABELS[step]}: {text}")
    if parts:
        print("Phases (median): " + "; ".join(parts))


def _print_check(runs: list[dict] | None) -> None:
    if not runs or not runs[0]["ok"]:
        print("DuckDB and HotLeads aggregates: not compared (the check step failed)")
        return
    facts = runs[0]["facts"]
    if facts["equal"]:
        print(f"DuckDB and HotLeads aggregates: equal ({facts['cells']:,} cells, "
              f"{facts['sales_by_day']:,} sales-by-day rows)")
    else:
        print("DuckDB and HotLeads aggregates: DIFFERENT")
        for difference in facts["differences"]:
            print("  " + difference)
