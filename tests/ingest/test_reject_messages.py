"""Messages of rejected rows: the export's own header names the column, and dates repeat the value."""

from __future__ import annotations

import pytest
from launch_helpers import CASES, load


def reject_message(data, row):
    (message,) = data.rejects.loc[data.rejects["row"] == row, "message"]
    return message


@pytest.mark.parametrize(
    ("locale", "example"), [("pt_BR", "day first, as 31/01/2024"), ("en_US", "month first, as 01/31/2024")],
    ids=["day-first", "month-first"])
def test_invalid_date_names_header(tmp_path, locale, example):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date\nlead1@example.com,2024-03-01\nlead2@example.com,31/02/2024\n")
    message = reject_message(load(path, locale=locale), 3)
    assert message.startswith("The 'signup_date' (signed_up_at) value '31/02/2024' is not a valid date.")
    assert example in message


def test_missing_date_names_header(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("Email,Signup Date\nlead1@example.com,\n")
    message = reject_message(load(path), 2)
    assert message == "The 'Signup Date' (signed_up_at) date is missing. Every row needs one."


def test_purchase_date_names_header(tmp_path):
    path = tmp_path / "vendas.csv"
    path.write_text("transacao,email_comprador,data_compra,valor,status\n"
                    "T1,lead1@example.com,ontem,97,pago\n")
    data = load(CASES / "R14" / "leads_two.csv", {"path": path, "preset": "pt_br"}, locale="pt_BR")
    message = reject_message(data, 2)
    assert message.startswith("The 'data_compra' (purchased_at) value 'ontem' is not a valid date.")


def test_constant_date_names_field(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("lead_id\nA1\n")
    data = load({"path": path, "constants": {"signed_up_at": "soon"}})
    assert reject_message(data, 2).startswith("The signed_up_at value 'soon' is not a valid date.")


def test_include_filter_names_header(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date,UTM Medium\nlead1@example.com,2024-03-01,cpc\n"
                    "lead2@example.com,2024-03-01,email\n")
    data = load({"path": path, "include": {"utm_medium": ["cpc"]}})
    message = reject_message(data, 3)
    assert message == "The 'UTM Medium' (utm_medium) value is not one of the values that leads.include keeps: cpc."
