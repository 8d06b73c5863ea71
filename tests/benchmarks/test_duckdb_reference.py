"""The DuckDB reference aggregation: hand-computed figures and equality with HotLeads."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.duckdb_reference import compare_tables, reference_tables
from hotleads_core.aggregation import aggregate
from hotleads_core.config import UTM_FIELDS, config_from_dict, load_config
from hotleads_core.errors import HotLeadsWarning
from hotleads_core.ingest import load_launch
from hotleads_core.scoring import score_launch
from hotleads_core.synth import write_launch

TZ = "America/Sao_Paulo"


def _config():
    return config_from_dict({
        "launch": {"name": "tiny", "title": "Tiny", "strategy": "classic", "timezone": TZ},
        "leads": {"path": "leads.csv"},
        "attribution": {"window": {"start": "2026-03-30", "end": "2026-04-05"}},
    })


def _local(text):
    return pd.Timestamp(text, tz=TZ)


@pytest.fixture
def tiny_files(tmp_path):
    """Three scored leads and six sales, written to Parquet."""
    leads = pd.DataFrame({
        "lead_id": ["a", "b", "c"],
        # Lead a signs up at 23:30 local time, which is already 3 March in UTC.
        "signed_up_at": [_local("2026-03-02 23:30"), _local("2026-03-02 10:00"),
                         _local("2026-03-03 09:00")],
        "band": pd.Categorical(["hot", "cold", None], categories=["hot", "warm", "cold"]),
    })
    for field in UTM_FIELDS:
        leads[field] = "(not set)"
    leads["utm_source"] = ["google", "google", "(not set)"]
    sales = pd.DataFrame({
        "transaction_id": ["t1", "t2", "t3", "t4", "t5", "t6"],
        "lead_id": ["a", "a", "b", "b", "c", "c"],
        "purchased_at": [_local("2026-03-30 08:00"), _local("2026-04-01 12:00"),
                         _local("2026-03-31 10:00"), _local("2026-04-06 00:30"),
                         _local("2026-03-01 10:00"), _local("2026-04-05 23:59")],
        "amount": [997.00, 97.00, 997.00, 1497.00, 500.00, 200.00],
        "status": pd.Categorical(["paid", "paid", "refunded", "paid", "paid", "pending"]),
    })
    leads_path, sales_path = tmp_path / "leads.parquet", tmp_path / "sales.parquet"
    leads.to_parquet(leads_path)
    sales.to_parquet(sales_path)
    return leads_path, sales_path


def test_reference_cells_by_hand(tiny_files):
    tables = reference_tables(*tiny_files, _config())
    cells = tables["cells"]
    source = cells.loc[cells["dimension"] == "utm_source"].set_index(["group", "band"])
    assert len(source) == 3

    hot = source.loc[("google", "hot")]
    assert hot["day"] == pd.Timestamp("2026-03-02")
    assert hot["leads"] == 1
    assert hot["buyers"] == 1
    assert hot["paid_sales"] == 2
    assert hot["revenue_cents"] == 109_400
    assert hot["max_sale_cents"] == 99_700

    # t4 falls on 6 April, after the window, so lead b bought nothing.
    cold = source.loc[("google", "cold")]
    assert cold["buyers"] == 0
    assert cold["revenue_cents"] == 0
    assert cold["refunded_sales"] == 1
    assert cold["refunded_cents"] == 99_700

    # t5 precedes the sign-up. t6 falls on the last day of the window.
    unscored = source.loc[("(not set)", "unscored")]
    assert unscored["day"] == pd.Timestamp("2026-03-03")
    assert unscored["paid_sales"] == 0
    assert unscored["pending_sales"] == 1
    assert unscored["pending_cents"] == 20_000


def test_reference_sales_by_day_by_hand(tiny_files):
    tables = reference_tables(*tiny_files, _config())
    by_day = tables["sales_by_day"]
    source = by_day.loc[by_day["dimension"] == "utm_source"]
    assert list(source["purchase_day"]) == [pd.Timestamp("2026-03-30"), pd.Timestamp("2026-04-01")]
    assert list(source["revenue_cents"]) == [99_700, 9_700]
    assert list(source["paid_sales"]) == [1, 1]


def test_every_dimension_partitions_leads(tiny_files):
    cells = reference_tables(*tiny_files, _config())["cells"]
    totals = cells.groupby("dimension")["leads"].sum()
    assert set(totals.index) == set(UTM_FIELDS)
    assert (totals == 3).all()


def test_compare_finds_changed_number(tiny_files):
    config = _config()
    leads = pd.read_parquet(tiny_files[0])
    sales = pd.read_parquet(tiny_files[1])
    with pytest.warns(HotLeadsWarning, match="1 leads have no band"):
        tables = aggregate(leads, sales, config)
    reference = reference_tables(*tiny_files, config)
    assert compare_tables(tables, reference) == []
    reference["cells"].loc[0, "leads"] += 1
    differences = compare_tables(tables, reference)
    assert len(differences) == 1
    assert differences[0].startswith("cells:")


@pytest.fixture(autouse=True)
def hash_key(monkeypatch):
    monkeypatch.setenv("HOTLEADS_HASH_KEY", "benchmark-test-key")


def test_duckdb_equals_hotleads_on_synthetic_launch(tmp_path):
    write_launch(tmp_path, 3000, seed=2, file_format="parquet")
    config = load_config(tmp_path / "launch.yaml")
    data = load_launch(config)
    scored = score_launch(data).leads
    scored.to_parquet(tmp_path / "scored.parquet")
    data.sales.to_parquet(tmp_path / "canonical_sales.parquet")

    ours = aggregate(pd.read_parquet(tmp_path / "scored.parquet"),
                     pd.read_parquet(tmp_path / "canonical_sales.parquet"), config)
    reference = reference_tables(tmp_path / "scored.parquet", tmp_path / "canonical_sales.parquet",
                                 config)
    assert len(ours.cells) > 100
    assert ours.sales_by_day["paid_sales"].sum() > 0
    assert compare_tables(ours, reference) == []
