"""The generator's output passes ingest: only the deliberately malformed rows are rejected."""

from __future__ import annotations

import pandas as pd
import pytest

from hotleads_core.config import load_config
from hotleads_core.ingest import load_launch
from hotleads_core.synth import write_launch

KEYS = ["file", "row", "column", "value", "reason"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("accept")
    summary = write_launch(out, 4000, seed=3, malformed_rate=0.01, chunk_size=1500)
    return out, summary


@pytest.fixture(autouse=True)
def hash_key(monkeypatch):
    monkeypatch.setenv("HOTLEADS_HASH_KEY", "synthetic-test-key")


def test_csv_rejects_exactly_malformed_rows(generated):
    out, summary = generated
    data = load_launch(load_config(out / "launch.yaml"))
    manifest = pd.read_csv(out / "malformed_rows.csv", dtype={"row": "int64"})
    rejects = data.rejects[KEYS].astype({"row": "int64", "value": "str"})
    expected = manifest[KEYS].astype({"value": "str"})
    pd.testing.assert_frame_equal(
        rejects.sort_values(["file", "row"]).reset_index(drop=True),
        expected.sort_values(["file", "row"]).reset_index(drop=True),
        check_dtype=False,
    )
    assert len(rejects) == summary.malformed_lead_rows + summary.malformed_sale_rows


def test_csv_keeps_every_other_lead_and_sale(generated):
    out, summary = generated
    data = load_launch(load_config(out / "launch.yaml"))
    assert len(data.leads) == 4000 - summary.malformed_lead_rows
    assert len(data.sales) == summary.sales_rows - summary.malformed_sale_rows
    assert len(data.history_sales) == summary.history_rows


def test_parquet_has_no_rejects(generated):
    out, summary = generated
    data = load_launch(load_config(out / "launch_parquet.yaml"))
    assert data.rejects.empty
    assert len(data.leads) == 4000
    assert len(data.sales) == summary.sales_rows


def test_second_currency_converted(generated):
    out, _ = generated
    data = load_launch(load_config(out / "launch_parquet.yaml"))
    converted = data.sales.loc[data.sales["original_currency"] == "USD"]
    assert len(converted) > 0
    assert (converted["currency"] == "BRL").all()
    # 997.00 BRL is written as 199.40 USD and converts back at 5.00 BRL per USD.
    assert set(converted["amount"].round(2)) <= {997.00, 1497.00, 97.00}


def test_no_raw_email_in_rejects(generated):
    out, _ = generated
    data = load_launch(load_config(out / "launch.yaml"))
    assert not data.rejects.astype("str").apply(lambda column: column.str.contains("@")).any().any()
