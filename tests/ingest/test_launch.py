"""load_launch as a whole: sources left out, purchase history, overrides and rare layouts."""

from __future__ import annotations

import pandas as pd
import pytest
from launch_helpers import CASES, load

from hotleads_core.errors import ConfigError, DataError
from hotleads_core.schema import empty_sales

TZ = "America/Sao_Paulo"
SALES_HEADER = "transaction_id,buyer_email,purchase_date,amount,currency,status\n"


def test_no_sales_section():
    data = load(CASES / "R14" / "leads_two.csv")
    assert len(data.sales) == 0
    assert data.sales.dtypes.to_dict() == empty_sales(TZ).dtypes.to_dict()
    assert data.quality.sales.transactions == 0


def test_history_sales_combined(tmp_path):
    (tmp_path / "2023.csv").write_text(SALES_HEADER + "H1,lead1@example.com,2023-05-01,97.00,BRL,paid\n")
    (tmp_path / "2023b.csv").write_text(SALES_HEADER + "H1,lead1@example.com,2023-05-03,97.00,BRL,refunded\n"
                                                       "H2,lead2@example.com,2023-06-01,47,BRL,Quitado\n")
    data = load(CASES / "R14" / "leads_two.csv", sales_history=[
        {"path": str(tmp_path / "2023.csv")},
        {"path": str(tmp_path / "2023b.csv"), "status_map": {"quitado": "paid"}},
    ])
    history = data.history_sales.set_index("transaction_id")
    assert history["status"].astype("str").to_dict() == {"H1": "refunded", "H2": "paid"}
    assert history.loc["H1", "purchased_at"] == pd.Timestamp("2023-05-01", tz=TZ)
    assert [f.table for f in data.quality.files] == ["leads", "history_sales", "history_sales"]
    assert len(data.sales) == 0


def test_history_unknown_status_names_section(tmp_path):
    (tmp_path / "old.csv").write_text(SALES_HEADER + "H1,lead1@example.com,2023-05-01,97.00,BRL,Quitado\n")
    with pytest.raises(DataError, match=r"sales_history\[0\]\.status_map"):
        load(CASES / "R14" / "leads_two.csv", sales_history=[{"path": str(tmp_path / "old.csv")}])


@pytest.mark.parametrize(("dayfirst", "expected"), [(True, "2024-03-01"), (False, "2024-01-03")],
                         ids=["day-first", "month-first"])
def test_dayfirst_override(tmp_path, dayfirst, expected):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date\nlead1@example.com,01/03/2024\n")
    data = load({"path": path, "dayfirst": dayfirst}, locale="pt_BR" if not dayfirst else "en_US")
    assert data.leads["signed_up_at"].tolist() == [pd.Timestamp(expected, tz=TZ)]


def test_score_out_of_range_rejected(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date,score\nlead1@example.com,2024-03-01,0.4\n"
                    "lead2@example.com,2024-03-01,40\nlead3@example.com,2024-03-01,high\n")
    data = load(path)
    assert data.leads["score"].tolist() == [0.4]
    assert data.rejects["row"].tolist() == [3, 4]
    assert set(data.rejects["reason"]) == {"invalid_number"}


def test_unknown_outcome_rejected(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date,converted\nlead1@example.com,2024-03-01,yes\n"
                    "lead2@example.com,2024-03-01,maybe\n")
    data = load(path)
    assert data.leads["converted"].tolist() == [True]
    assert data.rejects["value"].tolist() == ["maybe"]


def test_excel_header_only_sheet(tmp_path):
    with pd.ExcelWriter(tmp_path / "leads.xlsx") as writer:
        pd.DataFrame({"ignored": [1]}).to_excel(writer, sheet_name="notes", index=False)
        pd.DataFrame(columns=["email", "signup_date"]).to_excel(writer, sheet_name="leads", index=False)
    data = load({"path": tmp_path / "leads.xlsx", "sheet": "leads"})
    assert len(data.leads) == 0
    assert data.quality.files[0].rows_read == 0


def test_excel_missing_sheet(tmp_path):
    pd.DataFrame({"email": ["lead1@example.com"]}).to_excel(tmp_path / "leads.xlsx", index=False)
    with pytest.raises(DataError, match=r"has no sheet 'absent'\. Its sheets are 'Sheet1'\."):
        load({"path": tmp_path / "leads.xlsx", "sheet": "absent"})


def test_unknown_mapping_field():
    with pytest.raises(ConfigError, match=r"Unknown input field\(s\) 'e_mail'"):
        load({"path": CASES / "R14" / "leads_two.csv", "columns": {"e_mail": "email"}})


def test_mapped_header_not_found():
    with pytest.raises(DataError, match=r"no column for Correio"):
        load({"path": CASES / "R14" / "leads_two.csv", "columns": {"email": "Correio"}})


def test_wildcard_without_match(tmp_path):
    with pytest.raises(DataError, match=r"No export file matches"):
        load(tmp_path / "leads_*.csv")


def test_short_rows_read_as_empty(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date,utm_source\nlead1@example.com,2024-03-01\n")
    data = load(path)
    assert data.leads["utm_source"].tolist() == ["(not set)"]


def test_many_unknown_statuses_capped(tmp_path):
    rows = "".join(f"T{i},lead1@example.com,2024-03-02,1.00,BRL,state{i:02d}\n" for i in range(25))
    (tmp_path / "sales.csv").write_text(SALES_HEADER + rows)
    with pytest.raises(DataError, match=r"'state19' \(1 row\) and 5 more values"):
        load(CASES / "R14" / "leads_two.csv", tmp_path / "sales.csv")


@pytest.mark.parametrize("first", ["facebook", "google"], ids=["facebook-first", "google-first"])
def test_same_time_tie_independent_of_order(tmp_path, first):
    second = "google" if first == "facebook" else "facebook"
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date,utm_source\n"
                    f"lead1@example.com,2024-03-01 10:00,{first}\n"
                    f"lead1@example.com,2024-03-01 10:00,{second}\n")
    data = load(path)
    # Equal sign-up times fall back to the alphabetical order of the UTM values.
    assert data.leads["utm_source"].tolist() == ["facebook"]


@pytest.mark.parametrize(("first", "second", "final"),
                         [("pending", "paid", "paid"), ("paid", "pending", "paid"),
                          ("refunded", "paid", "refunded"), ("chargeback", "cancelled", "chargeback")],
                         ids=["pending-paid", "paid-pending", "refunded-paid", "chargeback-cancelled"])
def test_same_time_status_precedence(tmp_path, first, second, final):
    (tmp_path / "sales.csv").write_text(SALES_HEADER + f"T1,lead1@example.com,2024-03-02,9.00,BRL,{first}\n"
                                                       f"T1,lead1@example.com,2024-03-02,9.00,BRL,{second}\n")
    data = load(CASES / "R14" / "leads_two.csv", tmp_path / "sales.csv")
    assert data.sales["status"].astype("str").tolist() == [final]


def test_no_sale_matches_warns(tmp_path, caplog):
    (tmp_path / "sales.csv").write_text(SALES_HEADER + "T1,ghost@example.com,2024-03-02,9.00,BRL,paid\n")
    with caplog.at_level("WARNING", logger="hotleads_core.ingest"):
        data = load(CASES / "R14" / "leads_two.csv", tmp_path / "sales.csv")
    assert data.quality.sales.unmatched_sales == 1
    assert "none of the 1 sales matches a lead" in caplog.text
