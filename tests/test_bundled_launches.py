"""The launch files under params/ read the bundled Olist data as intended."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hotleads_core.config import load_config
from hotleads_core.ingest import load_launch

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params"
OLIST_LAUNCHES = ("olist-2018.yaml", "olist-2018-q2.yaml")
BUNDLED = tuple(sorted(path.name for path in PARAMS.glob("*.yaml")))

# The origins that params/olist-2018-paid.yaml keeps.
PAID_ORIGINS = ("paid_search", "display", "other_publicities")


@pytest.fixture(autouse=True)
def hash_key(monkeypatch):
    monkeypatch.setenv("HOTLEADS_HASH_KEY", "test-key")


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


def test_bundled_launches_include_paid():
    assert "olist-2018-paid.yaml" in BUNDLED


@pytest.mark.parametrize("name", BUNDLED, ids=BUNDLED)
def test_bundled_launch_rows_accounted(name):
    data = load_launch(load_config(PARAMS / name))

    for entry in data.quality.files:
        assert entry.rows_read == entry.rows_accepted + entry.rows_rejected, entry.file
    assert len(data.rejects) == sum(entry.rows_rejected for entry in data.quality.files)


def test_paid_launch_lead_count():
    config = load_config(PARAMS / "olist-2018-paid.yaml")
    raw = _raw_leads(config)
    paid = [row for row in raw if row["origin"].strip().casefold() in PAID_ORIGINS]

    data = load_launch(config)

    assert len(paid) == 1298
    assert len(data.leads) == len(paid)
    assert set(data.leads["utm_medium"]) == set(PAID_ORIGINS)
    assert data.quality.rejected_by_reason["excluded_by_filter"] == len(raw) - len(paid)
    assert config.report.sort_by == "utm_campaign"
