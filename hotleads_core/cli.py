"""The ``hotleads`` command line: it parses arguments and calls the layers.

Exit status: 0 on success; 1 when a report failed or an unexpected error
occurred (its traceback goes to the log); 2 when HotLeads rejected the input
(:class:`~hotleads_core.errors.HotLeadsError`, printed without traceback) or
the arguments were invalid.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

from hotleads_core import __version__
from hotleads_core.config import UTM_FIELDS
from hotleads_core.errors import HotLeadsError

logger = logging.getLogger("hotleads_core.cli")

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR = 0, 1, 2

# Subcommands that other subpackages provide: each module has
# add_parser(subparsers) and run(args) -> int. A module that cannot be
# imported leaves the other subcommands working.
DELEGATED_COMMANDS = {
    "dashboard": "hotleads_core.dashboard.command",
    "synth": "hotleads_core.synth.command",
}

ORDER_MEASURES = ("qualification_rate", "hot_leads", "leads", "conversion_rate", "revenue_per_lead")
PERIODS = ("day", "week", "month")


def main(argv=None) -> int:
    """Run the ``hotleads`` command and return its exit status."""
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(getattr(args, "verbose", 0))
    handler = handlers.get(args.command)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USER_ERROR
    try:
        return handler(args)
    except HotLeadsError as exc:
        print(f"hotleads: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception:  # noqa: BLE001 - the last barrier: log the traceback, exit 1
        logger.exception("hotleads %s failed with an unexpected error", args.command)
        return EXIT_FAILED


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    """Build the argument parser and the table of subcommand handlers."""
    parser = argparse.ArgumentParser(
        prog="hotleads",
        description="Lead scoring and launch analytics: HTML reports, data checks, dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"hotleads {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common_options()
    handlers = {
        "report": _add_report_parser(subparsers, common),
        "validate": _add_validate_parser(subparsers, common),
    }
    for name, module_name in DELEGATED_COMMANDS.items():
        handlers[name] = _add_delegated_parser(subparsers, common, name, module_name)
    return parser, handlers


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0,
                        help="log more: -v for progress messages, -vv for debugging")
    return common


def _add_report_parser(subparsers, common):
    sub = subparsers.add_parser(
        "report", parents=[common], help="build the HTML report of one or more launches",
        description="Build one self-contained HTML report per launch YAML into "
                    "OUTPUT_DIR/<launch>/report.html, with the launch's rejected rows in "
                    "OUTPUT_DIR/<launch>/rejects.csv. A failing launch does not stop the others.")
    sub.add_argument("configs", nargs="+", type=Path, metavar="LAUNCH_YAML",
                     help="launch configuration files, such as params/*.yaml")
    sub.add_argument("-o", "--output-dir", type=Path, default=Path("reports"),
                     help="folder that receives one subfolder per launch (default: reports)")
    sub.add_argument("--template", type=Path, default=None,
                     help="report notebook to run (default: notebooks/launch_report.ipynb)")
    sub.add_argument("--sort-by", choices=UTM_FIELDS, default=None,
                     help="UTM parameter that breaks the figures down (default: the YAML's "
                          "report.sort_by)")
    sub.add_argument("--order-by", choices=ORDER_MEASURES, default=None,
                     help="measure that orders the groups (default: the YAML's report.order_by)")
    sub.add_argument("--period", choices=PERIODS, default=None,
                     help="length of one period in the trend charts (default: the YAML's "
                          "report.period)")
    sub.add_argument("--timeout", type=float, default=600.0,
                     help="seconds that one notebook cell may run before the report fails "
                          "(default: 600)")
    return _run_report


def _add_validate_parser(subparsers, common):
    sub = subparsers.add_parser(
        "validate", parents=[common], help="check a launch's data and print its quality summary",
        description="Read a launch's exports as the report would and print the data-quality "
                    "summary: rows read, accepted and rejected per file, duplicates, missing "
                    "UTM values, unmatched sales. Writes every rejected row to "
                    "OUTPUT_DIR/<launch>/rejects.csv. Builds no report.")
    sub.add_argument("configs", nargs="+", type=Path, metavar="LAUNCH_YAML",
                     help="launch configuration files, such as params/olist-2018.yaml")
    sub.add_argument("--rejects", type=int, default=10, metavar="N",
                     help="number of rejected rows to print per launch (default: 10)")
    sub.add_argument("-o", "--output-dir", type=Path, default=Path("reports"),
                     help="folder that receives OUTPUT_DIR/<launch>/rejects.csv, every rejected "
                          "row of the launch (default: reports)")
    return _run_validate


def _add_delegated_parser(subparsers, common, name: str, module_name: str):
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        logger.debug("Subcommand %s is not available: %s", name, exc)
        subparsers.add_parser(name, parents=[common],
                                    help=f"(not available: {module_name} could not be imported)")
        return _unavailable(name, module_name, exc)
    module.add_parser(subparsers)
    return module.run


def _unavailable(name: str, module_name: str, cause: Exception):
    def run(args) -> int:
        print(f"hotleads: error: the '{name}' command is not available because "
              f"{module_name} could not be imported ({cause}). Reinstall HotLeads with "
              "'pip install -e .'.", file=sys.stderr)
        return EXIT_USER_ERROR
    return run


def _run_report(args) -> int:
    from tqdm import tqdm

    from hotleads_core.reporting import DEFAULT_TEMPLATE, build_report

    parameters = {name: value for name, value in (
        ("sort_by", args.sort_by), ("order_by", args.order_by), ("period", args.period),
    ) if value is not None}
    rows = []
    for config in tqdm(args.configs, desc="reports", unit="launch", file=sys.stderr):
        try:
            outcome = build_report(config, args.output_dir, template=args.template or DEFAULT_TEMPLATE,
                                   parameters=parameters, timeout=args.timeout)
        except HotLeadsError as exc:
            print(f"hotleads: error: {config}: {exc}", file=sys.stderr)
            rows.append((str(config), "failed", "-", _first_sentence(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one broken launch must not stop the others
            logger.exception("Report of %s failed with an unexpected error", config)
            rows.append((str(config), "failed", "-", f"unexpected {type(exc).__name__}: {exc}"))
            continue
        rows.append((str(config), "ok", f"{outcome.seconds:.1f}", str(outcome.html_path)))
        if outcome.rejects_path is not None:
            logger.info("Rejected rows of %s written to %s", config, outcome.rejects_path)

    print(_format_table(("launch file", "status", "seconds", "report or error"), rows))
    failed = sum(row[1] == "failed" for row in rows)
    if failed:
        print(f"{failed} of {len(rows)} reports failed.", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _run_validate(args) -> int:
    from hotleads_core.config import load_config
    from hotleads_core.ingest import load_launch

    for path in args.configs:
        data = load_launch(load_config(path))
        print(f"== {data.config.name}: {data.config.launch.title} ({path})")
        print(_quality_text(data.quality, data.config.report.language))
        print()
        print(_rejects_text(data.rejects, args.rejects, data.config.report.language))
        rejects_path = data.write_rejects(args.output_dir / data.config.name)
        print(f"Rejected rows written to {rejects_path}")
        print()
    return EXIT_OK


def _quality_text(quality, language: str) -> str:
    """Return the per-file row counts as a table, then the rest of the summary as sentences."""
    from hotleads_core.reporting.present import format_count, label, quality_lines
    from hotleads_core.text import text

    header = tuple(text(f"report.quality.{key}", language)
                   for key in ("table", "file", "rows_read", "rows_accepted", "rows_rejected"))
    rows = [(label("report.quality.tables", entry.table, language), Path(entry.file).name,
             format_count(entry.rows_read), format_count(entry.rows_accepted),
             format_count(entry.rows_rejected)) for entry in quality.files]
    return "\n".join([_format_table(header, rows), *quality_lines(quality, language)])


def _rejects_text(rejects, limit: int, language: str) -> str:
    """Return the number of rejected rows and the first ``limit`` of them, reasons as labels."""
    from hotleads_core.reporting.present import format_count, label

    count = len(rejects)
    noun = "rejected row" if count == 1 else "rejected rows"
    summary = f"{format_count(count)} {noun}."
    if count == 0 or limit <= 0:
        return summary
    shown = rejects.head(limit).copy()
    shown["file"] = shown["file"].map(lambda value: Path(str(value)).name)
    shown["reason"] = shown["reason"].map(
        lambda code: label("core.rejected_reasons", code, language))
    title = f"{summary} The first {format_count(len(shown))}:" if len(shown) < count else summary
    return f"{title}\n{shown.to_string(index=False)}"


def _format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in (header, *rows)]
    return "\n".join(lines)


def _first_sentence(exc: Exception) -> str:
    message = str(exc)
    end = message.find(". ")
    return message if end < 0 else message[:end + 1]


def _configure_logging(verbosity: int) -> None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    if verbosity < 2:
        # papermill logs every cell at INFO; keep it for -vv.
        logging.getLogger("papermill").setLevel(max(level, logging.WARNING))


if __name__ == "__main__":
    sys.exit(main())
