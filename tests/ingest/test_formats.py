"""The whole kind of each export problem: other separators, encodings, formats and notations."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from launch_helpers import CASES, load

from hotleads_core.errors import DataError

TZ = "America/Sao_Paulo"
R01_SOURCES = {"facebook": 4, "google": 1}


def rewrite_csv(source, target, *, separator=",", encoding="utf-8"):
    """Copy a CSV file with another separator and encoding, quoting only where needed."""
    with open(source, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with open(target, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=separator, lineterminator="\n").writerows(rows)
    return target


@pytest.mark.parametrize("separator", ["\t", "|", ";"], ids=["tab", "pipe", "semicolon"])
def test_separator_detected(tmp_path, separator):
    path = rewrite_csv(CASES / "R01" / "leads.csv", tmp_path / "leads.csv", separator=separator)
    data = load(path)
    assert data.quality.files[0].separator == separator
    assert data.leads["utm_source"].value_counts().to_dict() == R01_SOURCES


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")],
    ids=["utf16-bom", "utf8-bom", "cp1252"],
)
def test_encoding_detected(tmp_path, encoding, detected):
    path = rewrite_csv(CASES / "R08" / "leads_utf8.csv", tmp_path / "leads.csv", encoding=encoding)
    data = load(path)
    assert data.quality.files[0].encoding == detected
    assert data.leads["utm_campaign"].tolist() == ["promoção-relâmpago"]
    assert data.leads["utm_content"].tolist() == ["vídeo\u201301"]


def test_latin1_accents_exact(tmp_path):
    path = tmp_path / "leads.csv"
    text = "email,signup_date,utm_campaign\nlead1@example.com,2024-03-01 10:00,promoção-relâmpago\n"
    path.write_bytes(text.encode("latin-1"))
    data = load(path)
    assert data.leads["utm_campaign"].tolist() == ["promoção-relâmpago"]


def test_bytes_undefined_in_cp1252_read_as_latin1(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_bytes(b"email,signup_date,utm_campaign\nlead1@example.com,2024-03-01,a\x81b\n")
    data = load(path)
    assert data.quality.files[0].encoding == "latin-1"
    assert data.leads["utm_campaign"].tolist() == ["a\x81b"]


def test_excel_export_same_leads(tmp_path):
    frame = pd.read_csv(CASES / "R01" / "leads.csv", dtype="str", keep_default_na=False)
    frame["signup_date"] = pd.to_datetime(frame["signup_date"])
    frame.to_excel(tmp_path / "leads.xlsx", index=False)
    data = load(tmp_path / "leads.xlsx")
    assert data.leads["utm_source"].value_counts().to_dict() == R01_SOURCES
    assert data.leads["signed_up_at"].min() == pd.Timestamp("2024-03-01 10:00", tz=TZ)


def test_parquet_export_same_leads(tmp_path):
    frame = pd.read_csv(CASES / "R01" / "leads.csv", dtype="str", keep_default_na=False)
    frame["signup_date"] = pd.to_datetime(frame["signup_date"])
    frame.to_parquet(tmp_path / "leads.parquet", index=False)
    data = load(tmp_path / "leads.parquet")
    assert data.leads["utm_source"].value_counts().to_dict() == R01_SOURCES
    assert data.leads["signed_up_at"].max() == pd.Timestamp("2024-03-01 14:00", tz=TZ)


def test_excel_sales_numbers_and_dates(tmp_path):
    sales = pd.DataFrame({
        "transacao": ["T1", "T2"], "email_comprador": ["lead1@example.com", "lead2@example.com"],
        "data_compra": pd.to_datetime(["2024-03-01 10:15", "2024-03-02 11:00"]),
        "valor": [1234.56, 997.0], "moeda": ["BRL", "BRL"], "status": ["Aprovado", "Aprovado"],
    })
    sales.to_excel(tmp_path / "vendas.xlsx", index=False)
    data = load(CASES / "R06" / "leads.csv", {"path": tmp_path / "vendas.xlsx", "preset": "pt_br"},
                locale="pt_BR")
    assert data.sales["amount"].tolist() == [1234.56, 997.0]
    assert data.sales["purchased_at"].iloc[0] == pd.Timestamp("2024-03-01 10:15", tz=TZ)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("45352.4375", "2024-03-01 10:30"),
        ("2024-03-01T13:30:00Z", "2024-03-01 10:30"),
        ("2024-03-01 10:30:00-03:00", "2024-03-01 10:30"),
        ("01/03/2024 10:30", "2024-03-01 10:30"),
        ("01.03.2024 10:30", "2024-03-01 10:30"),
        ("2024/03/01 10:30", "2024-03-01 10:30"),
    ],
    ids=["excel-serial", "utc-z", "offset", "day-first-slash", "day-first-dot", "year-first-slash"],
)
def test_sign_up_notations(tmp_path, cell, expected):
    path = tmp_path / "leads.csv"
    path.write_text(f"email,signup_date\nlead1@example.com,{cell}\n")
    data = load(path, locale="pt_BR")
    assert data.leads["signed_up_at"].tolist() == [pd.Timestamp(expected, tz=TZ)]


def test_month_first_locale(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date\nlead1@example.com,01/03/2024 10:30\n")
    data = load(path, locale="en_US")
    assert data.leads["signed_up_at"].tolist() == [pd.Timestamp("2024-01-03 10:30", tz=TZ)]


def test_extra_placeholders(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date,utm_source,utm_medium\n"
                    "lead1@example.com,2024-03-01,Unknown,-\n"
                    "lead2@example.com,2024-03-01,N/A,(NOT SET)\n"
                    "lead3@example.com,2024-03-01,facebook,cpc\n")
    data = load({"path": path, "not_set_values": ["unknown"]}, not_set_values=["", "-", "n/a", "(not set)"])
    assert data.leads["utm_source"].value_counts().to_dict() == {"(not set)": 2, "facebook": 1}
    assert data.leads["utm_medium"].value_counts().to_dict() == {"(not set)": 2, "cpc": 1}


@pytest.mark.parametrize(
    ("form_encoded", "medium"), [(False, "cpc+ads"), (True, "cpc ads")], ids=["plain", "form"])
def test_utms_from_landing_url(tmp_path, form_encoded, medium):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date,utm_source,landing_url\n"
                    "lead1@example.com,2024-03-01,,https://example.com/p?utm_source=Face%20Book&utm_medium=cpc+ads\n"
                    "lead2@example.com,2024-03-01,google,https://example.com/p?utm_source=bing\n")
    data = load({"path": path, "url_form_encoded": form_encoded})
    leads = data.leads.sort_values("utm_source")
    assert leads["utm_source"].tolist() == ["face book", "google"]
    assert leads["utm_medium"].tolist() == [medium, "(not set)"]


def sales_file(tmp_path, rows):
    path = tmp_path / "sales.csv"
    path.write_text("transaction_id,buyer_email,purchase_date,amount,currency,status\n" + rows)
    return path


def test_foreign_currency_converted(tmp_path):
    path = sales_file(tmp_path, "T1,lead1@example.com,2024-03-02,100.00,USD,paid\n"
                                "T2,lead2@example.com,2024-03-02,10.01,usd,paid\n")
    data = load(CASES / "R14" / "leads_two.csv", path, exchange_rates={"USD": "5.025"})
    sales = data.sales.set_index("transaction_id")
    assert sales["amount"].to_dict() == {"T1": 502.50, "T2": 50.30}
    assert set(sales["original_currency"]) == {"USD"}
    assert set(sales["currency"]) == {"BRL"}


def test_currency_without_rate_stops(tmp_path):
    path = sales_file(tmp_path, "T1,lead1@example.com,2024-03-02,100.00,EUR,paid\n")
    with pytest.raises(DataError, match=r"no exchange rate: 'EUR' \(1 row\)"):
        load(CASES / "R14" / "leads_two.csv", path)


def test_status_map_extends_table(tmp_path):
    path = sales_file(tmp_path, "T1,lead1@example.com,2024-03-02,100.00,BRL,Liberado\n")
    data = load(CASES / "R14" / "leads_two.csv", {"path": path, "status_map": {"liberado": "paid"}})
    assert data.sales["status"].astype("str").tolist() == ["paid"]


def test_zero_amount_read_as_unknown(tmp_path):
    path = sales_file(tmp_path, "T1,lead1@example.com,2024-03-02,0.0,BRL,paid\n"
                                "T2,lead2@example.com,2024-03-02,10.0,BRL,paid\n")
    data = load(CASES / "R14" / "leads_two.csv", {"path": path, "zero_amount_as_missing": True})
    amounts = data.sales.set_index("transaction_id")["amount"]
    assert pd.isna(amounts["T1"])
    assert amounts["T2"] == 10.0
    assert data.quality.sales.unknown_amounts == 1


def test_negative_refund_amount(tmp_path):
    path = sales_file(tmp_path, "T1,lead1@example.com,2024-03-02,97.00,BRL,paid\n"
                                "T1,lead1@example.com,2024-03-04,-97.00,BRL,refunded\n")
    data = load(CASES / "R14" / "leads_two.csv", path)
    assert data.sales["amount"].tolist() == [97.0]
    assert data.sales["status"].astype("str").tolist() == ["refunded"]


def test_missing_column_lists_headers(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("mail,quando\nlead1@example.com,2024-03-01\n")
    with pytest.raises(DataError, match=r"no column for email or source_lead_id, signed_up_at\. Headers found: 'mail', 'quando'"):
        load(path)


def test_columns_mapping_renames(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("E-mail do Lead,Quando\nlead1@example.com,01/03/2024\n")
    data = load({"path": path, "columns": {"email": "e-mail do lead", "signed_up_at": "Quando"}},
                locale="pt_BR")
    assert data.leads["signed_up_at"].tolist() == [pd.Timestamp("2024-03-01", tz=TZ)]


def test_constant_sign_up_time(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("lead_id,utm_source\nA1,google\nA2,bing\n")
    data = load({"path": path, "constants": {"signed_up_at": "2024-03-01"}})
    assert data.leads["signed_up_at"].tolist() == [pd.Timestamp("2024-03-01", tz=TZ)] * 2
    assert set(data.leads["email_domain_kind"].astype("str")) == {"unknown"}


def test_domain_kinds(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date\nana@GMAIL.com,2024-03-01\nbia@acme.com.br,2024-03-01\n"
                    "caio@yahoo.com.br,2024-03-01\n")
    data = load(path)
    assert data.leads["email_domain_kind"].astype("str").value_counts().to_dict() == {"free": 2, "company": 1}


def test_score_outcome_and_features(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email;signup_date;score;converted;visits;city\n"
                    "lead1@example.com;2024-03-01;0,25;Sim;1.234;Recife\n"
                    "lead2@example.com;2024-03-01;0,5;0;;Select\n"
                    "lead3@example.com;2024-03-01;;;3;\n")
    data = load({"path": path, "not_set_values": ["Select"],
                 "features": {"numeric": ["visits"], "categorical": ["city"]}}, locale="pt_BR")
    leads = data.leads.sort_values("score", na_position="last").reset_index(drop=True)
    assert leads["score"].tolist()[:2] == [0.25, 0.5]
    assert leads["converted"].tolist()[:2] == [True, False]
    assert pd.isna(leads["converted"].iloc[2])
    assert leads["visits"].tolist()[0] == 1234.0
    assert pd.isna(leads["visits"].iloc[1])
    assert leads["city"].tolist()[0] == "Recife"
    assert leads["city"].isna().sum() == 2


def test_missing_feature_column(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date\nlead1@example.com,2024-03-01\n")
    with pytest.raises(DataError, match=r"no column for visits"):
        load({"path": path, "features": {"numeric": ["visits"]}})


def test_unknown_extension(tmp_path):
    path = tmp_path / "leads.json"
    path.write_text("{}")
    with pytest.raises(DataError, match=r"Set 'format'"):
        load(path)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"was not found"):
        load(tmp_path / "nowhere.csv")


@pytest.mark.parametrize("amount", ["1e30", "12345678901234567", "9e9999999", "1e9999999999999999999"],
                         ids=["exponent", "digits", "huge-exponent", "beyond-decimal"])
def test_implausible_amount_rejected(tmp_path, amount):
    path = sales_file(tmp_path, f"T1,lead1@example.com,2024-03-02,{amount},BRL,paid\n"
                                "T2,lead2@example.com,2024-03-02,10.005,BRL,paid\n")
    data = load(CASES / "R14" / "leads_two.csv", path)
    assert data.rejects["row"].tolist() == [2]
    assert data.rejects["reason"].tolist() == ["invalid_number"]
    assert data.sales["amount"].tolist() == [10.01]


def test_conversion_rounds_once(tmp_path):
    path = sales_file(tmp_path, "T1,lead1@example.com,2024-03-02,10.005,USD,paid\n")
    data = load(CASES / "R14" / "leads_two.csv", path, exchange_rates={"USD": "5"})
    # 10.005 x 5 = 50.025 exactly, which rounds half up to 50.03; rounding 10.005 first gives 50.05.
    assert data.sales["amount"].tolist() == [50.03]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"], ids=["little-endian", "big-endian"])
def test_utf16_without_bom(tmp_path, encoding):
    path = rewrite_csv(CASES / "R08" / "leads_utf8.csv", tmp_path / "leads.csv", encoding=encoding)
    data = load(path)
    assert data.quality.files[0].encoding == encoding
    assert data.leads["utm_campaign"].tolist() == ["promoção-relâmpago"]


def test_unknown_encoding_name(tmp_path):
    path = rewrite_csv(CASES / "R01" / "leads.csv", tmp_path / "leads.csv")
    with pytest.raises(DataError, match=r"Unknown encoding 'klingon'"):
        load({"path": path, "encoding": "klingon"})


def test_wrong_encoding_reported(tmp_path):
    path = rewrite_csv(CASES / "R08" / "leads_utf8.csv", tmp_path / "leads.csv", encoding="utf-16")
    with pytest.raises(DataError, match=r"could not be read as CSV"):
        load({"path": path, "encoding": "utf-8"})
