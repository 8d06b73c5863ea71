"""Tests of the synthetic launch generator: determinism, shape and rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from hotleads_core.config import load_config
from hotleads_core.synth import write_launch
from hotleads_core.synth.leads import draw_lead_chunk

CAPTURE_START = pd.Timestamp("2026-03-02", tz="America/Sao_Paulo")
CAPTURE_END = pd.Timestamp("2026-03-30", tz="America/Sao_Paulo")  # exclusive
CART_START = pd.Timestamp("2026-03-30", tz="America/Sao_Paulo")
CART_END = pd.Timestamp("2026-04-06", tz="America/Sao_Paulo")  # exclusive


@pytest.fixture(scope="module")
def launch_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    summary = write_launch(out, 3000, seed=11, malformed_rate=0.01, chunk_size=1000)
    return out, summary


@pytest.fixture(scope="module")
def big_chunk():
    """One chunk of 100,000 leads: enough for rates within about one percentage point."""
    return draw_lead_chunk(seed=5, chunk_number=0, first=0, size=100_000)


def test_same_seed_gives_same_bytes(launch_dir, tmp_path):
    out, summary = launch_dir
    again = write_launch(tmp_path, 3000, seed=11, malformed_rate=0.01, chunk_size=1000)
    for name in sorted(summary.files):
        if name.endswith(".yaml"):
            continue
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name
    assert again.lead_rows == summary.lead_rows


def test_other_seed_gives_other_leads(launch_dir, tmp_path):
    out, _ = launch_dir
    write_launch(tmp_path, 3000, seed=12, file_format="csv", chunk_size=1000)
    assert (out / "leads.csv").read_bytes() != (tmp_path / "leads.csv").read_bytes()


def test_written_files_and_counts(launch_dir):
    out, summary = launch_dir
    expected = {"leads.csv", "leads.parquet", "sales.csv", "sales.parquet", "history_sales.csv",
                "history_sales.parquet", "malformed_rows.csv", "launch.yaml", "launch_parquet.yaml"}
    assert set(summary.files) == expected
    leads = pd.read_csv(out / "leads.csv", dtype=str, keep_default_na=False)
    assert len(leads) == summary.lead_rows
    assert pq.read_metadata(out / "leads.parquet").num_rows == summary.lead_rows
    distinct = leads["Email"].str.strip().str.lower().nunique()
    assert distinct == 3000
    assert summary.lead_rows > 3000


def test_parquet_has_one_row_group_per_chunk(launch_dir):
    out, _ = launch_dir
    assert pq.read_metadata(out / "leads.parquet").num_row_groups == 3


def test_signups_inside_capture(launch_dir):
    out, _ = launch_dir
    signed_up = pd.read_parquet(out / "leads.parquet")["Signup Date"]
    assert signed_up.min() >= CAPTURE_START
    assert signed_up.max() < CAPTURE_END


def test_sales_inside_cart_and_unique(launch_dir):
    out, summary = launch_dir
    sales = pd.read_parquet(out / "sales.parquet")
    assert len(sales) == summary.sales_rows
    assert sales["Purchase Date"].min() >= CART_START
    assert sales["Purchase Date"].max() < CART_END
    assert sales["Transaction"].is_unique
    assert set(sales["Currency"]) == {"BRL", "USD"}
    assert set(sales["Status"]) <= {"approved", "refunded", "chargeback", "waiting_payment", "canceled"}


def test_history_sales_before_capture(launch_dir):
    out, summary = launch_dir
    history = pd.read_parquet(out / "history_sales.parquet")
    assert len(history) == summary.history_rows
    assert history["Purchase Date"].max() < CAPTURE_START
    assert (history["Price"] == 297.0).all()


def test_malformed_rows_listed(launch_dir):
    out, summary = launch_dir
    manifest = pd.read_csv(out / "malformed_rows.csv")
    assert len(manifest) == summary.malformed_lead_rows + summary.malformed_sale_rows
    assert summary.malformed_lead_rows > 0
    leads = pd.read_csv(out / "leads.csv", dtype=str, keep_default_na=False)
    for row in manifest.loc[manifest["file"] == "leads.csv"].itertuples():
        # Line 1 is the header, so data line n is frame row n - 2.
        assert leads.at[row.row - 2, "Signup Date"] == row.value
    assert set(manifest["reason"]) <= {"invalid_date", "invalid_number"}


def test_rate_zero_writes_no_malformed_rows(tmp_path):
    summary = write_launch(tmp_path, 500, seed=1, file_format="csv", malformed_rate=0.0)
    assert summary.malformed_lead_rows == 0
    assert summary.malformed_sale_rows == 0
    assert pd.read_csv(tmp_path / "malformed_rows.csv").empty


def test_launch_yaml_loads(launch_dir):
    out, _ = launch_dir
    config = load_config(out / "launch.yaml")
    parquet_config = load_config(out / "launch_parquet.yaml")
    assert config.leads.path == (out / "leads.csv").resolve()
    assert parquet_config.leads.path == (out / "leads.parquet").resolve()
    assert str(config.exchange_rates["USD"]) == "5.00"
    assert config.sales_history[0].path.name == "history_sales.csv"


# Expected shares: Olist MQL file, share of first_contact_date per weekday
# (Monday first); the capture has four of each weekday.
OLIST_WEEKDAYS = np.array([0.1869, 0.1815, 0.1864, 0.1693, 0.1438, 0.0659, 0.0664])


def test_weekday_rhythm_follows_olist(big_chunk):
    signed_up = big_chunk.table["Signup Date"].to_pandas()
    shares = signed_up.dt.day_of_week.value_counts(normalize=True).sort_index().to_numpy()
    np.testing.assert_allclose(shares, OLIST_WEEKDAYS / OLIST_WEEKDAYS.sum(), atol=0.006)


# Expected shares: Olist origin shares (organic_search, paid_search, social,
# unknown written as "(not set)", email); rows include repeated sign-ups.
@pytest.mark.parametrize(("medium", "share"), [
    ("organic", 0.2870), ("cpc", 0.1982), ("paid_social", 0.1688), ("(not set)", 0.1374),
    ("email", 0.0616),
], ids=["organic", "cpc", "paid_social", "not_set", "email"])
def test_medium_share_follows_olist(big_chunk, medium, share):
    media = big_chunk.table["UTM Medium"].to_pandas().str.strip().str.lower()
    assert abs((media == medium).mean() - share) < 0.01


def test_messy_spellings_present(big_chunk):
    sources = big_chunk.table["UTM Source"].to_pandas()
    cleaned = sources.str.strip().str.lower()
    messy = (sources != cleaned).mean()
    assert 0.001 < messy < 0.01


def test_campaign_tail_is_long(big_chunk):
    campaigns = big_chunk.table["UTM Campaign"].to_pandas().str.strip().str.lower()
    shares = campaigns[campaigns != ""].value_counts(normalize=True)
    assert len(shares) > 400
    # Olist: the 10 largest landing pages hold 54.1 % of the leads.
    assert abs(shares.iloc[:10].sum() - 0.541) < 0.04


def test_buyer_rate_near_two_percent(big_chunk):
    assert 0.015 < big_chunk.buyer.mean() < 0.025


def test_conversion_depends_on_channel(big_chunk):
    first_rows = big_chunk.table.take(big_chunk.row_of_lead).to_pandas()
    medium = first_rows["UTM Medium"].str.strip().str.lower()
    cpc = big_chunk.buyer[(medium == "cpc").to_numpy()].mean()
    email = big_chunk.buyer[(medium == "email").to_numpy()].mean()
    # Olist 2018: paid_search converts 14.8 %, email 4.0 %.
    assert cpc > 2 * email


def test_conversion_depends_on_occupation(big_chunk):
    first_rows = big_chunk.table.take(big_chunk.row_of_lead).to_pandas()
    occupation = first_rows["occupation"].to_numpy()
    rate = {name: big_chunk.buyer[occupation == name].mean()
            for name in ("working_professional", "unemployed", "")}
    assert rate["working_professional"] > rate["unemployed"]
    assert rate["unemployed"] > rate[""]


@pytest.mark.parametrize(("arguments", "message"), [
    ({"leads": 0, "seed": 1}, "leads must be at least 1"),
    ({"leads": 10, "seed": -1}, "seed must be a non-negative"),
    ({"leads": 10, "seed": 1, "file_format": "xlsx"}, "file_format must be one of"),
    ({"leads": 10, "seed": 1, "malformed_rate": 1.0}, r"malformed_rate must be in \[0, 1\)"),
    ({"leads": 10, "seed": 1, "chunk_size": 0}, "chunk_size must be at least 1"),
], ids=["no_leads", "negative_seed", "unknown_format", "rate_one", "zero_chunk"])
def test_invalid_arguments_rejected(tmp_path, arguments, message):
    with pytest.raises(ValueError, match=message):
        write_launch(tmp_path, **arguments)
