"""The ``hotleads synth`` subcommand: write a synthetic launch to a folder."""

from __future__ import annotations

import argparse
import logging
import sys

from hotleads_core.synth.writer import CHUNK_SIZE, FORMATS, write_launch

logger = logging.getLogger(__name__)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``synth`` subcommand to the ``hotleads`` argument parser."""
    parser = subparsers.add_parser(
        "synth", help="write a synthetic launch (leads, sales, launch YAML) to a folder",
        description="Write invented lead, sales and purchase-history exports shaped like a real "
                    "launch, with a launch.yaml that HotLeads reads as it is.",
    )
    parser.add_argument("--leads", type=parse_lead_count, required=True,
                        help="number of distinct leads, such as 100000, 100k or 10m")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the random generators; the same seed and size give the same files "
                             "(default: 0)")
    parser.add_argument("--out", required=True, help="output folder, created when missing")
    parser.add_argument("--format", dest="file_format", choices=FORMATS, default="both",
                        help="export files to write (default: both)")
    parser.add_argument("--malformed-rate", type=float, default=0.001,
                        help="probability that a CSV row gets an invalid date or amount, listed in "
                             "malformed_rows.csv; 0 writes none (default: 0.001)")
    parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE,
                        help=f"leads generated per chunk; bounds memory (default: {CHUNK_SIZE})")
    parser.set_defaults(run=run)
    return parser


def run(args) -> int:
    """Write the launch that ``args`` describe; return 0, or 2 after printing an invalid argument."""
    logger.info("Writing a synthetic launch of %s leads (seed %s) to %s",
                args.leads, args.seed, args.out)
    try:
        summary = write_launch(args.out, args.leads, args.seed, file_format=args.file_format,
                               malformed_rate=args.malformed_rate, chunk_size=args.chunk_size)
    except ValueError as exc:
        print(f"hotleads synth: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {summary.leads} leads on {summary.lead_rows} rows, {summary.sales_rows} sales "
          f"({summary.buyers} buyers), {summary.history_rows} earlier purchases, "
          f"{summary.malformed_lead_rows + summary.malformed_sale_rows} malformed rows.")
    for name in sorted(summary.files):
        print(f"  {summary.files[name]}")
    return 0


def parse_lead_count(text: str) -> int:
    """Parse a lead count such as ``2500``, ``100k`` or ``10m``."""
    multipliers = {"k": 1_000, "m": 1_000_000}
    cleaned = text.strip().lower().replace("_", "")
    factor = multipliers.get(cleaned[-1:], 1)
    digits = cleaned[:-1] if factor > 1 else cleaned
    try:
        count = int(digits) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid lead count {text!r}; use a number such as 5000, 100k or 10m") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"lead count must be at least 1, got {text!r}")
    return count
