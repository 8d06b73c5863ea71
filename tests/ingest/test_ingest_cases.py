"""Ingest of small exports built after real bug reports, with the figures each one must give.

The folder ``tests/data/cases/<id>/`` keeps each input under its case id.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from launch_helpers import CASES, load

from hotleads_core.attribution import attribute_sales
from hotleads_core.errors import DataError
from hotleads_core.schema import NOT_SET, empty_leads, empty_sales

TZ = "America/Sao_Paulo"


def group_table(data, field):
    """Leads, buyers and revenue (cents) per value of ``field``, from the shared attribution rule."""
    attributed = attribute_sales(data.leads, data.sales, data.config.attribution)
    frame = pd.DataFrame({
        "group": data.leads[field].to_numpy(),
        "buyer": attributed["buyer"].to_numpy(),
        "revenue_cents": attributed["revenue_cents"].to_numpy(),
    })
    table = frame.groupby("group", sort=True, observed=True, dropna=False).agg(
        leads=("buyer", "size"), buyers=("buyer", "sum"), revenue_cents=("revenue_cents", "sum"))
    return {group: tuple(int(v) for v in row) for group, row in table.iterrows()}


# Case and whitespace variants of one UTM value


def test_source_spelling_variants_merge():
    data = load(CASES / "R01" / "leads.csv", CASES / "R01" / "sales.csv")
    table = group_table(data, "utm_source")
    assert table == {"facebook": (4, 1, 49700), "google": (1, 0, 0)}


def test_other_utm_variants_merge():
    data = load(CASES / "R01" / "leads.csv", CASES / "R01" / "sales.csv")
    assert data.leads["utm_medium"].value_counts().to_dict() == {"cpc": 5}
    assert data.leads["utm_campaign"].value_counts().to_dict() == {"lancamento-marco": 5}
    assert data.leads["utm_content"].value_counts().to_dict() == {"video01": 4, "search01": 1}


def test_term_keeps_inner_space():
    data = load(CASES / "R01" / "leads.csv")
    terms = sorted(data.leads["utm_term"])
    assert terms == [NOT_SET] * 4 + ["curso python"]


def test_raw_spellings_listed():
    data = load(CASES / "R01" / "leads.csv")
    spellings = data.quality.utm_spellings
    facebook = spellings[(spellings["field"] == "utm_source") & (spellings["value"] == "facebook")]
    assert sorted(facebook["raw_spelling"]) == sorted(["Facebook", "facebook ", "FACEBOOK", "  facebook\u00a0"])
    assert facebook["rows"].sum() == 4


def test_normalisation_loses_no_lead():
    data = load(CASES / "R01" / "leads.csv")
    (file,) = data.quality.files
    assert file.rows_read == 5
    assert file.rows_accepted == 5
    assert len(data.leads) == 5


# Missing UTMs and placeholders


def test_placeholders_share_one_bucket():
    data = load(CASES / "R02" / "leads.csv", CASES / "R02" / "sales.csv")
    table = group_table(data, "utm_source")
    assert table == {NOT_SET: (4, 1, 49700), "facebook": (2, 1, 49700)}


def test_medium_placeholders_not_set():
    data = load(CASES / "R02" / "leads.csv")
    mediums = data.leads.sort_values("signed_up_at")["utm_medium"].tolist()
    assert mediums == ["cpc"] + [NOT_SET] * 5


def test_missing_source_share():
    data = load(CASES / "R02" / "leads.csv")
    row = data.quality.missing_utm.set_index("field").loc["utm_source"]
    assert row["leads_without"] == 4
    assert row["share"] == pytest.approx(4 / 6)


def test_group_totals_match():
    data = load(CASES / "R02" / "leads.csv", CASES / "R02" / "sales.csv")
    table = group_table(data, "utm_medium")
    assert sum(leads for leads, _, _ in table.values()) == 6
    assert sum(buyers for _, buyers, _ in table.values()) == 2


# Duplicate leads and e-mail case


def test_email_case_merges_leads():
    data = load(CASES / "R04" / "leads.csv", CASES / "R04" / "sales.csv")
    assert len(data.leads) == 2
    assert data.quality.duplicates_merged == 2


def test_first_touch_wins():
    data = load(CASES / "R04" / "leads.csv", CASES / "R04" / "sales.csv")
    first = data.leads.sort_values("signed_up_at").iloc[0]
    assert first["signed_up_at"] == pd.Timestamp("2024-03-01 09:00", tz=TZ)
    assert first["utm_source"] == "facebook"


def test_upper_case_buyer_matches():
    data = load(CASES / "R04" / "leads.csv", CASES / "R04" / "sales.csv")
    assert data.quality.sales.unmatched_sales == 0
    assert group_table(data, "utm_source") == {"facebook": (1, 1, 49700), "google": (1, 0, 0)}


# Brazilian sales export: ';', decimal comma, day-first dates


def test_brazilian_amounts_exact():
    data = load(CASES / "R06" / "leads.csv", {"path": CASES / "R06" / "vendas_br.csv", "preset": "pt_br"},
                locale="pt_BR")
    amounts = data.sales.sort_values("transaction_id")["amount"].tolist()
    assert amounts == [1234.56, 997.00, 97.90]
    assert sum(Decimal(str(a)) for a in amounts) == Decimal("2329.46")


def test_brazilian_dates_day_first():
    data = load(CASES / "R06" / "leads.csv", {"path": CASES / "R06" / "vendas_br.csv", "preset": "pt_br"},
                locale="pt_BR")
    times = data.sales.sort_values("transaction_id")["purchased_at"].tolist()
    assert times == [pd.Timestamp("2024-03-01 10:15", tz=TZ), pd.Timestamp("2024-03-02 11:00", tz=TZ),
                     pd.Timestamp("2024-03-12 09:30", tz=TZ)]


def test_brazilian_status_and_separator():
    data = load(CASES / "R06" / "leads.csv", {"path": CASES / "R06" / "vendas_br.csv", "preset": "pt_br"},
                locale="pt_BR")
    sales_file = data.quality.files[1]
    assert sales_file.separator == ";"
    assert set(data.sales["status"].astype("str")) == {"paid"}


def test_brazilian_revenue_per_lead():
    data = load(CASES / "R06" / "leads.csv", {"path": CASES / "R06" / "vendas_br.csv", "preset": "pt_br"},
                locale="pt_BR")
    attributed = attribute_sales(data.leads, data.sales, data.config.attribution)
    assert int(attributed["buyer"].sum()) == 3
    revenue = Decimal(int(attributed["revenue_cents"].sum())) / 100
    per_lead = (revenue / len(data.leads)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert revenue == Decimal("2329.46")
    assert per_lead == Decimal("582.37")


# cp1252 exports


def cp1252_launch():
    return load(CASES / "R08" / "leads_*.csv", CASES / "R08" / "sales_cp1252_semicolon.csv",
                locale="pt_BR")


def test_cp1252_text_exact():
    data = cp1252_launch()
    assert set(data.leads["utm_campaign"]) == {"promoção-relâmpago"}
    assert set(data.leads["utm_content"]) == {"vídeo\u201301"}


def test_cp1252_encodings_detected():
    encodings = {f.file: f.encoding for f in cp1252_launch().quality.files}
    assert encodings == {"leads_cp1252.csv": "cp1252", "leads_utf8.csv": "utf-8",
                         "sales_cp1252_semicolon.csv": "utf-8"}


def test_campaign_groups_both_files():
    assert group_table(cp1252_launch(), "utm_campaign") == {"promoção-relâmpago": (3, 2, 99400)}


# Refunds, chargebacks and pending payments


def refunds_launch():
    return load(CASES / "R11" / "leads.csv", CASES / "R11" / "sales.csv")


def test_net_buyers_and_revenue():
    data = refunds_launch()
    attributed = attribute_sales(data.leads, data.sales, data.config.attribution)
    assert int(attributed["buyer"].sum()) == 2
    assert int(attributed["revenue_cents"].sum()) == 79400
    assert Decimal(int(attributed["revenue_cents"].sum())) / 100 / len(data.leads) == Decimal("99.25")


def test_refund_chargeback_pending_amounts():
    data = refunds_launch()
    attributed = attribute_sales(data.leads, data.sales, data.config.attribution)
    assert int(attributed["refunded_cents"].sum()) == 99400
    assert int(attributed["chargeback_cents"].sum()) == 49700
    assert int(attributed["pending_cents"].sum()) == 49700


def test_final_row_per_transaction():
    data = refunds_launch()
    statuses = data.sales.set_index("transaction_id")["status"].astype("str").to_dict()
    assert statuses == {"T1": "paid", "T2": "refunded", "T3": "chargeback", "T4": "paid",
                        "T5": "refunded", "T6": "pending"}
    assert data.quality.sales.superseded_rows == 1


def test_refund_chargeback_rate():
    data = refunds_launch()
    status = data.sales["status"].astype("str")
    reversed_ = int(status.isin(["refunded", "chargeback"]).sum())
    charged = int(status.isin(["paid", "refunded", "chargeback"]).sum())
    assert (reversed_, charged) == (3, 5)
    assert data.quality.sales.refunds == 2
    assert data.quality.sales.chargebacks == 1


def test_unknown_status_stops_run(tmp_path):
    text = (CASES / "R11" / "sales.csv").read_text().replace("waiting_payment", "em_analise")
    (tmp_path / "sales.csv").write_text(text)
    with pytest.raises(DataError, match=r"'em_analise' \(1 row\).*status_map"):
        load(CASES / "R11" / "leads.csv", tmp_path / "sales.csv")


# Empty, blank-line and header-only files


@pytest.mark.parametrize("name", ["leads_empty.csv", "leads_blank_lines.csv"], ids=["empty", "blank-lines"])
def test_empty_file_names_file(name):
    with pytest.raises(DataError, match=rf"{name} is empty"):
        load(CASES / "R14" / name)


def test_header_only_zero_leads():
    data = load(CASES / "R14" / "leads_header_only.csv", CASES / "R14" / "sales_header_only.csv")
    assert len(data.leads) == 0
    assert data.leads.dtypes.to_dict() == empty_leads(TZ).dtypes.to_dict()
    assert data.sales.dtypes.to_dict() == empty_sales(TZ).dtypes.to_dict()


def test_sales_before_cart_opens():
    data = load(CASES / "R14" / "leads_two.csv", CASES / "R14" / "sales_header_only.csv")
    attributed = attribute_sales(data.leads, data.sales, data.config.attribution)
    assert len(data.leads) == 2
    assert int(attributed["buyer"].sum()) == 0
    assert int(attributed["revenue_cents"].sum()) == 0


# pandas 3 string dtype


def test_no_nan_bucket():
    data = load(CASES / "R34" / "leads.csv")
    assert data.leads["utm_source"].value_counts().to_dict() == {"facebook": 2, NOT_SET: 1}


def test_utm_columns_string_dtype():
    data = load(CASES / "R34" / "leads.csv")
    assert pd.api.types.is_string_dtype(data.leads["utm_source"])
    assert not pd.api.types.is_object_dtype(data.leads["utm_source"])


# Planned channels


def test_planned_channels_keep_counts():
    planned = ["facebook", "google", "tiktok"]
    data = load(CASES / "R36" / "leads.csv", planned_channels={"utm_source": planned})
    assert data.config.planned_channels["utm_source"] == tuple(planned)
    assert data.leads["utm_source"].value_counts().to_dict() == {"facebook": 2, "google": 1}


def test_capture_end_inclusive():
    data = load(CASES / "R36" / "leads.csv", capture=(dt.date(2024, 3, 1), dt.date(2024, 3, 1)))
    assert len(data.leads) == 3
