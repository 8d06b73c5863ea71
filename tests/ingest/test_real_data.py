"""The real Olist and X Education exports, checked against counts taken from the raw CSV here."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from hotleads_core.config import load_config
from hotleads_core.ingest import load_launch
from hotleads_core.schema import NOT_SET

ROOT = Path(__file__).resolve().parents[2]
OLIST = ROOT / "data" / "olist_marketing_funnel"
X_EDUCATION = ROOT.parent / "shared" / "data" / "x_education_leads" / "Leads.csv"


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def olist():
    return load_launch(load_config(ROOT / "params" / "olist-2018.yaml"))


@pytest.fixture(scope="module")
def olist_raw():
    leads = read_rows(OLIST / "olist_marketing_qualified_leads_dataset.csv")
    deals = read_rows(OLIST / "olist_closed_deals_dataset.csv")
    start, end = dt.date(2018, 1, 1), dt.date(2018, 5, 31)
    inside = {row["mql_id"]: row for row in leads
              if start <= dt.date.fromisoformat(row["first_contact_date"]) <= end}
    return leads, deals, inside


def test_olist_lead_counts(olist, olist_raw):
    leads, _, inside = olist_raw
    (leads_file, _) = olist.quality.files
    assert leads_file.rows_read == len(leads)
    assert len(olist.leads) == len(inside)
    assert leads_file.rows_rejected == len(leads) - len(inside)
    assert olist.quality.rejected_by_reason == {"outside_capture_period": len(leads) - len(inside)}


def test_olist_sale_counts(olist, olist_raw):
    _, deals, inside = olist_raw
    (_, sales_file) = olist.quality.files
    assert sales_file.rows_read == sales_file.rows_accepted == len(deals)
    assert len(olist.sales) == len({row["seller_id"] for row in deals})
    assert olist.quality.sales.unmatched_sales == sum(row["mql_id"] not in inside for row in deals)


def test_olist_amounts(olist, olist_raw):
    _, deals, _ = olist_raw
    declared = [float(row["declared_monthly_revenue"]) for row in deals]
    assert olist.quality.sales.unknown_amounts == sum(value <= 0 for value in declared)
    assert olist.sales["amount"].sum() == pytest.approx(sum(v for v in declared if v > 0))
    assert set(olist.sales["status"].astype("str")) == {"paid"}


def test_olist_channels(olist, olist_raw):
    _, _, inside = olist_raw
    not_set = sum(row["origin"] in ("", "unknown") for row in inside.values())
    paid_search = sum(row["origin"] == "paid_search" for row in inside.values())
    counts = olist.leads["utm_medium"].value_counts()
    assert counts[NOT_SET] == not_set
    assert counts["paid_search"] == paid_search
    assert set(olist.leads["utm_source"]) == {NOT_SET}


def test_olist_sales_before_signup(olist, olist_raw):
    _, deals, inside = olist_raw
    early = sum(
        row["mql_id"] in inside
        and dt.datetime.fromisoformat(row["won_date"]).date()
        < dt.date.fromisoformat(inside[row["mql_id"]]["first_contact_date"])
        for row in deals
    )
    assert olist.quality.sales.sales_before_signup == early


@pytest.mark.skipif(not X_EDUCATION.is_file(),
                    reason="X Education Leads.csv is not bundled (no license); it is read from "
                           "../shared/data/x_education_leads/ beside the repository, absent here")
def test_x_education_counts():
    rows = read_rows(X_EDUCATION)
    converted = sum(row["Converted"] == "1" for row in rows)
    data = load_launch(load_config(ROOT / "tests" / "data" / "x_education.yaml"))
    (entry,) = data.quality.files
    assert entry.rows_read == len(rows) == 9240
    assert entry.rows_rejected == 0
    assert len(data.leads) == len(rows)
    assert int(data.leads["converted"].sum()) == converted
    assert "Select" not in set(data.leads["City"].dropna())
    assert data.leads["City"].isna().sum() == sum(row["City"] in ("", "Select") for row in rows)
    google = sum(row["Lead Source"].strip().lower() == "google" for row in rows)
    assert (data.leads["utm_source"] == "google").sum() == google
