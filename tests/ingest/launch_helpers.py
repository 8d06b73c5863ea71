"""Build launch configs around test files and load them."""

from __future__ import annotations

from pathlib import Path

from hotleads_core.config import config_from_dict
from hotleads_core.ingest import load_launch

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def make_config(leads, sales=None, *, locale="en_US", currency="BRL", capture=None, **top):
    """Build a launch config whose sources are the given mappings (or bare paths)."""
    raw = {
        "launch": {"name": "test-launch", "title": "Test launch", "strategy": "classic",
                   "timezone": "America/Sao_Paulo", "locale": locale, "currency": currency},
        "leads": _source(leads),
        **top,
    }
    if capture is not None:
        raw["launch"]["capture"] = {"start": capture[0], "end": capture[1]}
    if sales is not None:
        raw["sales"] = _source(sales)
    return config_from_dict(raw)


def load(leads, sales=None, **options):
    """Load a launch from the given sources; see :func:`make_config`."""
    return load_launch(make_config(leads, sales, **options))


def _source(value):
    if isinstance(value, dict):
        return {**value, "path": str(value["path"])}
    return {"path": str(value)}
