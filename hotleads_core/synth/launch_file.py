"""Write the launch YAML files that describe a synthetic launch to HotLeads.

Column names are mapped explicitly under ``columns:`` so that reading the
files does not depend on the headers that a preset recognises.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from hotleads_core.synth import shape
from hotleads_core.synth.leads import FEATURE_CATEGORICAL, FEATURE_NUMERIC, LEAD_HEADERS
from hotleads_core.synth.sales import SALE_HEADERS

LAUNCH_FILE = "launch.yaml"
PARQUET_LAUNCH_FILE = "launch_parquet.yaml"


def write_launch_files(out_dir: Path, seed: int, leads: int, formats) -> dict[str, Path]:
    """Write ``launch.yaml``, and ``launch_parquet.yaml`` when both formats were written.

    ``launch.yaml`` reads the CSV files when they exist, otherwise the Parquet
    files; ``launch_parquet.yaml`` always reads the Parquet files.
    """
    files = {}
    first_format = "csv" if "csv" in formats else "parquet"
    files[LAUNCH_FILE] = _write_yaml(out_dir / LAUNCH_FILE, launch_mapping(seed, leads, first_format))
    if len(formats) == 2:
        files[PARQUET_LAUNCH_FILE] = _write_yaml(out_dir / PARQUET_LAUNCH_FILE,
                                                 launch_mapping(seed, leads, "parquet"))
    return files


def launch_mapping(seed: int, leads: int, file_format: str) -> dict:
    """Return the launch configuration of a synthetic launch as a plain mapping."""
    calendar = shape.CALENDAR
    return {
        "launch": {
            "name": f"synthetic-{leads}-seed-{seed}",
            "title": f"Synthetic launch ({leads:,} leads, seed {seed})",
            "strategy": "classic",
            "timezone": shape.TIMEZONE,
            "locale": "en_US",
            "currency": shape.CURRENCY,
            "capture": _period(calendar.capture_start, calendar.capture_end),
            "cart": _period(calendar.cart_start, calendar.cart_end),
        },
        "leads": {
            **_file_source("leads", file_format),
            "columns": dict(LEAD_HEADERS),
            "features": {"numeric": [FEATURE_NUMERIC], "categorical": [FEATURE_CATEGORICAL]},
        },
        "sales": _sales_source("sales", file_format),
        "sales_history": [_sales_source("history_sales", file_format)],
        "exchange_rates": {shape.SECOND_CURRENCY: shape.SECOND_CURRENCY_RATE},
        "attribution": {"window": _period(calendar.cart_start, calendar.cart_end)},
        "report": {"sort_by": "utm_source"},
    }


def _period(start, end) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat()}


def _file_source(name: str, file_format: str) -> dict:
    source = {"path": f"{name}.{file_format}", "format": file_format, "preset": "none"}
    if file_format == "csv":
        source.update({"encoding": "utf-8", "separator": ",", "decimal": ".", "dayfirst": False})
    return source


def _sales_source(name: str, file_format: str) -> dict:
    return {
        **_file_source(name, file_format),
        "columns": dict(SALE_HEADERS),
        "status_map": dict(shape.STATUS_MAP),
    }


def _write_yaml(path: Path, mapping: dict) -> Path:
    header = "# Written by `hotleads synth`: a synthetic launch with invented data.\n"
    path.write_text(header + yaml.safe_dump(mapping, sort_keys=False), encoding="utf-8")
    return path
