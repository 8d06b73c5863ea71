"""Aggregation of scored leads and attributed sales into the launch tables."""

import warnings

import pandas as pd
import pytest
from analysis_builders import (
    LAUNCH_LEADS,
    LAUNCH_SALES,
    launch_config,
    make_config,
    make_leads,
    make_sales,
)

from hotleads_core.aggregation import BANDS, aggregate
from hotleads_core.config import UTM_FIELDS
from hotleads_core.errors import DataError, HotLeadsWarning


@pytest.fixture
def tables():
    return aggregate(make_leads(LAUNCH_LEADS), make_sales(LAUNCH_SALES), launch_config())


@pytest.mark.parametrize("dimension", UTM_FIELDS, ids=UTM_FIELDS)
def test_every_dimension_sums_to_launch_totals(tables, dimension):
    cells = tables.cells.loc[tables.cells["dimension"] == dimension]
    assert cells["leads"].sum() == 6
    assert cells.loc[cells["band"] == "hot", "leads"].sum() == 3
    assert cells["buyers"].sum() == 3
    assert cells["revenue_cents"].sum() == 114701
    assert cells["unknown_amount_sales"].sum() == 1
    assert cells["refunded_cents"].sum() == 20000
    assert cells["chargeback_cents"].sum() == 1000


def test_cells_group_by_source(tables):
    cells = tables.cells.loc[tables.cells["dimension"] == "utm_source"]
    by_group = cells.groupby("group")[["leads", "buyers", "revenue_cents"]].sum()
    assert by_group.loc["facebook"].tolist() == [2, 1, 15001]
    assert by_group.loc["google"].tolist() == [2, 1, 0]
    assert by_group.loc["(not set)"].tolist() == [1, 0, 0]
    assert by_group.loc["email"].tolist() == [1, 1, 99700]


def test_sale_before_signup_not_credited(tables):
    cells = tables.cells.loc[(tables.cells["dimension"] == "utm_source")
                             & (tables.cells["band"] == "warm")]
    assert cells["buyers"].sum() == 0
    assert cells["paid_sales"].sum() == 0


def test_day_is_local_calendar_day(tables):
    facebook = tables.cells.loc[(tables.cells["dimension"] == "utm_source")
                                & (tables.cells["group"] == "facebook")]
    assert facebook["day"].tolist() == [pd.Timestamp("2024-03-04")]
    assert facebook["leads"].tolist() == [2]


def test_cells_dtypes(tables):
    assert tables.cells["day"].dtype == "datetime64[us]"
    assert tables.cells["leads"].dtype == "int64"
    assert tables.cells["revenue_cents"].dtype == "int64"
    assert set(tables.cells["band"]) <= set(BANDS)


def test_buyer_rows_one_per_buyer_and_dimension(tables):
    assert len(tables.buyers) == 3 * len(UTM_FIELDS)
    source = tables.buyers.loc[tables.buyers["dimension"] == "utm_source"].set_index("group")
    assert source.loc["facebook", "revenue_cents"] == 15001
    assert source.loc["facebook", "max_sale_cents"] == 10000
    assert source.loc["facebook", "paid_sales"] == 2
    assert source.loc["google", "unknown_amount_sales"] == 1
    assert source.loc["email", "revenue_cents"] == 99700


def test_sales_by_purchase_day(tables):
    sales = tables.sales_by_day.loc[tables.sales_by_day["dimension"] == "utm_source"]
    assert sales["paid_sales"].sum() == 4
    assert sales["revenue_cents"].sum() == 114701
    by_day = sales.groupby("purchase_day")["revenue_cents"].sum()
    assert by_day.loc[pd.Timestamp("2024-03-10")] == 10000
    assert by_day.loc[pd.Timestamp("2024-03-15")] == 99700


def test_planned_channels_normalised(tables):
    assert sorted(tables.planned["group"]) == ["facebook", "google", "tiktok"]
    assert set(tables.planned["dimension"]) == {"utm_source"}


def test_calendar_covers_capture_period(tables):
    assert str(tables.first_day) == "2024-02-26"
    assert str(tables.last_day) == "2024-03-24"
    assert tables.timezone == "America/Sao_Paulo"
    assert tables.currency == "BRL"


def test_calendar_widens_to_leads_outside_capture():
    config = launch_config(launch={"name": "x", "title": "x", "strategy": "classic",
                                   "timezone": "America/Sao_Paulo",
                                   "capture": {"start": "2024-03-05", "end": "2024-03-06"}})
    tables = aggregate(make_leads(LAUNCH_LEADS), None, config)
    assert str(tables.first_day) == "2024-03-04"
    assert str(tables.last_day) == "2024-03-14"


def test_no_sales_file_gives_zero_buyers():
    tables = aggregate(make_leads(LAUNCH_LEADS), None, launch_config())
    assert tables.cells["buyers"].sum() == 0
    assert tables.buyers.empty
    assert tables.sales_by_day.empty


def test_no_leads_gives_empty_tables():
    tables = aggregate(make_leads([]), make_sales(LAUNCH_SALES), make_config())
    assert tables.cells.empty
    assert list(tables.cells.columns)[:4] == ["dimension", "group", "day", "band"]
    assert tables.first_day is None
    assert tables.last_day is None


def test_shuffled_input_gives_same_tables(tables):
    leads = make_leads(LAUNCH_LEADS).sample(frac=1, random_state=3)
    sales = make_sales(LAUNCH_SALES).sample(frac=1, random_state=4)
    shuffled = aggregate(leads, sales, launch_config())
    pd.testing.assert_frame_equal(shuffled.cells, tables.cells)
    sort = ["dimension", "group", "revenue_cents"]
    pd.testing.assert_frame_equal(
        shuffled.buyers.sort_values(sort).reset_index(drop=True),
        tables.buyers.sort_values(sort).reset_index(drop=True),
    )
    pd.testing.assert_frame_equal(shuffled.sales_by_day, tables.sales_by_day)


def test_missing_band_is_unscored_with_warning():
    rows = [dict(LAUNCH_LEADS[0]), dict(LAUNCH_LEADS[2], band=None)]
    leads = make_leads(rows)
    with pytest.warns(HotLeadsWarning, match="1 leads have no band"):
        tables = aggregate(leads, None, launch_config())
    source = tables.cells.loc[tables.cells["dimension"] == "utm_source"]
    assert sorted(source["band"]) == ["hot", "unscored"]
    assert source["leads"].sum() == 2


def test_leads_without_band_column_raise():
    leads = make_leads(LAUNCH_LEADS).drop(columns="band")
    with pytest.raises(DataError, match="no 'band' column"):
        aggregate(leads, None, launch_config())


def test_scored_launch_warns_nothing(tables):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        aggregate(make_leads(LAUNCH_LEADS), make_sales(LAUNCH_SALES), launch_config())


def test_missing_utm_value_counts_as_not_set():
    leads = make_leads(LAUNCH_LEADS)
    leads.loc[0, "utm_source"] = None
    tables = aggregate(leads, None, launch_config())
    source = tables.cells.loc[tables.cells["dimension"] == "utm_source"]
    assert source["leads"].sum() == 6
    assert source.loc[source["group"] == "(not set)", "leads"].sum() == 2
