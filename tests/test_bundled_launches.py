"""The launch files under params/ read the bundled Olist data as intended."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hotleads_core.config import load_config

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params"
OLIST_LAUNCHES = ("olist-2018.yaml", "olist-2018-q2.yaml")


def _raw_leads(config) -> list[dict[str, str]]:
    """Read the lead rows of a launch's export whose first contact is in the capture period."""
    capture = config.launch.capture
    with config.leads.path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows
            if capture.start.isoformat() <= row["first_contact_date"] <= capture.end.isoformat()]


@pytest.mark.parametrize("name", OLIST_LAUNCHES, ids=OLIST_LAUNCHES)
def test_olist_sort_by_splits_leads(name):
    config = load_config(PARAMS / name)
    header = config.leads.columns.get(config.report.sort_by)

    assert config.report.sort_by == "utm_medium"
    assert header == "origin"
    values = {row[header].strip().casefold() for row in _raw_leads(config)}
    assert len(values - {"", "unknown"}) > 1
