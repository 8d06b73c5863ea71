"""Benchmark HotLeads on synthetic launches of several sizes.

Run from the repository root::

    .venv/bin/python -m benchmarks.run --sizes 100k,1m,10m

For each size the script writes a synthetic launch, then times ingest from
CSV and from Parquet, scoring, the aggregation with the views of all five UTM
fields, and a report end to end. Beside them it times two references in the
same run: DuckDB computing the same aggregate tables from the same Parquet
files (the numbers are checked equal), and Papermill executing and converting
an empty notebook.

Every run of a step is a fresh Python process, so one step's peak memory
cannot hide another's. The peak is ``ru_maxrss`` from ``os.wait4`` on that
process. On Linux this is the larger of the process's own peak resident set
size and the peaks of the processes it waited for, such as a Papermill
kernel. It counts memory that pandas, Arrow, numpy and DuckDB allocate
outside Python's allocator, which :mod:`tracemalloc` cannot see.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.machine import describe_machine
from benchmarks.report_table import print_size_table
from hotleads_core.synth.command import parse_lead_count

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "benchmarks" / "out"
# Steps in the order they run; scoring writes the Parquet files that the aggregation steps read.
MEASURED_STEPS = ("ingest_csv", "ingest_parquet", "scoring", "aggregation", "duckdb_aggregation",
                  "report")
LARGE_SIZE = 5_000_000
# Steps that train a model; --slow-repeats sets how often they run.
SLOW_STEPS = ("scoring", "report")


def main(argv=None) -> int:
    """Run the benchmark and print its tables; return 0 when every step ran and the aggregates agree."""
    args = _parse_args(argv)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    environment = _child_environment(out)
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    print(f"HotLeads benchmark, started {started}", flush=True)
    for line in describe_machine():
        print(line, flush=True)

    results = {"started": started, "machine": describe_machine(), "sizes": {}}
    papermill = _repeat("papermill_empty", out, out, args.repeats, args.step_timeout, environment)
    results["papermill_empty"] = papermill
    ok = all(run["ok"] for run in papermill)

    for size in args.sizes:
        size_results = _benchmark_size(size, args, out, environment)
        results["sizes"][str(size)] = size_results
        print_size_table(size, size_results, papermill)
        ok &= _size_ok(size_results)
        _save(out, results)
    return 0 if ok else 1


def _benchmark_size(size: int, args, out: Path, environment: dict) -> dict:
    launch_dir = out / "data" / str(size)
    work_dir = out / "work" / str(size)
    work_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("scored_leads.parquet", "canonical_sales.parquet"):
        (work_dir / stale).unlink(missing_ok=True)
    request = {"leads": size, "seed": args.seed, "malformed_rate": args.malformed_rate}
    (work_dir / "generate.json").write_text(json.dumps(request))

    print(f"\nGenerating {size:,} leads in {launch_dir} ...", flush=True)
    results = {"generate": [_run_step("generate", launch_dir, work_dir, args.step_timeout,
                                      environment)]}
    print(f"  generate: {_progress(results['generate'])}", flush=True)
    if not results["generate"][0]["ok"]:
        return results
    repeats = args.large_repeats if size >= LARGE_SIZE else args.repeats
    for step in MEASURED_STEPS:
        if step in SLOW_STEPS and args.slow_repeats is not None:
            repeats_of_step = min(repeats, args.slow_repeats)
        else:
            repeats_of_step = repeats
        print(f"  {step}: {repeats_of_step} run(s) ...", flush=True)
        results[step] = _repeat(step, launch_dir, work_dir, repeats_of_step, args.step_timeout,
                                environment)
        print(f"  {step}: {_progress(results[step])}", flush=True)
        if step == "duckdb_aggregation":
            # Compare before the long report step, so a stopped run still has the check.
            results["check_equal"] = [_run_step("check_equal", launch_dir, work_dir,
                                                args.step_timeout, environment)]
            print(f"  check_equal: {_check_line(results['check_equal'][0])}", flush=True)
    return results


def _check_line(run: dict) -> str:
    if not run["ok"]:
        return f"failed, {run['error']}"
    facts = run["facts"]
    return "equal" if facts["equal"] else "DIFFERENT: " + " | ".join(facts["differences"])


def _repeat(step, launch_dir, work_dir, repeats, timeout, environment) -> list[dict]:
    runs = []
    for _ in range(repeats):
        run = _run_step(step, launch_dir, work_dir, timeout, environment)
        runs.append(run)
        if not run["ok"]:
            break
    return runs


def _run_step(step: str, launch_dir: Path, work_dir: Path, timeout: float, environment: dict) -> dict:
    """Run one step in a fresh process and return its timings, peak RSS and outcome."""
    stdout_path = work_dir / f"{step}.stdout"
    stderr_path = work_dir / f"{step}.stderr"
    command = [sys.executable, "-m", "benchmarks.steps", step, str(launch_dir), str(work_dir)]
    started = time.perf_counter()
    with open(stdout_path, "wb") as stdout, open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(command, cwd=REPO, stdout=stdout, stderr=stderr,
                                   env=environment, start_new_session=True)
        status, usage, timed_out = _wait(process, timeout)
    wall = time.perf_counter() - started

    run = {"step": step, "ok": status == 0 and not timed_out, "wall_seconds": wall,
           "peak_rss_kib": usage.ru_maxrss, "timed_out": timed_out, "exit_status": status}
    if run["ok"]:
        run.update(json.loads(stdout_path.read_text().strip().splitlines()[-1]))
    else:
        reason = f"timed out after {timeout:.0f} s" if timed_out else f"exit status {status}"
        run["error"] = f"{reason}: {_tail(stderr_path)}"
    return run


def _wait(process: subprocess.Popen, timeout: float):
    """Wait for ``process`` and return its exit status, resource usage and whether it timed out.

    On timeout the step's process group gets SIGTERM, then SIGKILL after 10 s.
    A Papermill kernel runs in a session of its own, and ipykernel stops it
    once its parent process has exited.
    """
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage, timed_out
        if not timed_out and time.monotonic() > deadline:
            timed_out = True
            os.killpg(process.pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
        elif timed_out and time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            deadline = float("inf")
        time.sleep(0.1)


def _progress(runs: list[dict]) -> str:
    """Summarise the runs of a step as soon as they end, so a stopped run leaves its figures."""
    parts = []
    for run in runs:
        if run["ok"]:
            parts.append(f"{run['seconds']['measured']:.2f} s (peak RSS {run['peak_rss_kib'] / 1024:,.0f} MiB)")
        else:
            parts.append(f"failed, {run['error']}")
    return "; ".join(parts)


def _tail(path: Path, lines: int = 6) -> str:
    text = path.read_text(errors="replace").strip().splitlines()
    return " | ".join(text[-lines:]) if text else "(no output on stderr)"


def _child_environment(out: Path) -> dict:
    """Return the environment of the step processes.

    A fixed hash key keeps the steps from creating a key file in the home
    folder. Jupyter's data and runtime folders sit under ``out`` so that a
    user-level kernelspec cannot replace the environment's own kernel.
    """
    environment = dict(os.environ)
    environment.setdefault("HOTLEADS_HASH_KEY", "hotleads-benchmark-key")
    environment["JUPYTER_DATA_DIR"] = str(out / "jupyter-data")
    environment["JUPYTER_RUNTIME_DIR"] = str(out / "jupyter-runtime")
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO),
                                                              environment.get("PYTHONPATH")]))
    return environment


def _size_ok(results: dict) -> bool:
    every_run = [run for runs in results.values() for run in runs]
    equal = results.get("check_equal", [{}])[0].get("facts", {}).get("equal", False)
    return all(run["ok"] for run in every_run) and equal


def _save(out: Path, results: dict) -> None:
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str))


def _parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Time HotLeads on synthetic launches beside DuckDB and Papermill references.",
    )
    parser.add_argument("--sizes", default="100k,1m,10m",
                        type=lambda text: [parse_lead_count(part) for part in text.split(",")],
                        help="comma-separated lead counts, such as 100k,1m,10m (default: 100k,1m,10m)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of each step below 5 million leads; the median is printed (default: 3)")
    parser.add_argument("--large-repeats", type=int, default=1,
                        help="runs of each step from 5 million leads (default: 1)")
    parser.add_argument("--slow-repeats", type=int, default=None,
                        help="at most this many runs of scoring and of the report, which train a model "
                             "(default: as many as the other steps)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic launch (default: 0)")
    parser.add_argument("--malformed-rate", type=float, default=0.001,
                        help="share of CSV rows written invalid (default: 0.001)")
    parser.add_argument("--step-timeout", type=float, default=3 * 3600,
                        help="seconds after which one run of a step is stopped (default: 10800)")
    parser.add_argument("--out", default=str(DEFAULT_OUT),
                        help=f"folder for the generated data, work files and results.json (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if min(args.repeats, args.large_repeats, args.slow_repeats or 1) < 1:
        parser.error("--repeats, --large-repeats and --slow-repeats must be at least 1")
    return args


if __name__ == "__main__":
    sys.exit(main())
