"""Rejected rows: reason, line, column and value, the row accounting, and no raw e-mail."""

from __future__ import annotations

import ast
import hashlib
import hmac
import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from launch_helpers import load

from hotleads_core.ingest import privacy

LEADS = (
    "email,signup_date,utm_source\n"
    "lead1@example.com,2024-03-01 10:00,facebook\n"
    ",2024-03-01 10:00,facebook\n"
    "not-an-email,2024-03-01 10:00,facebook\n"
    "lead4@example.com,31/02/2024,facebook\n"
    "lead5@example.com,,google\n"
    "lead6@example.com,2024-02-10 10:00,google\n"
    "LEAD1@example.com,2024-03-05 10:00,google\n"
)
SALES = (
    "transaction_id,buyer_email,purchase_date,amount,currency,status\n"
    "T1,lead1@example.com,2024-03-02,97.00,BRL,paid\n"
    ",lead1@example.com,2024-03-02,97.00,BRL,paid\n"
    "T3,lead1@example.com,2024-03-02,abc,BRL,paid\n"
    "T4,lead1@example.com,2024-03-02,-5.00,BRL,paid\n"
    "T5,lead1@example.com,2024-03-02,5.00,BRL,\n"
    "T6,ghost@example.com,2024-03-02,5.00,BRL,paid\n"
    "T7,lead1@example.com,2024-02-02,5.00,BRL,paid\n"
)


@pytest.fixture
def messy(tmp_path):
    (tmp_path / "leads.csv").write_text(LEADS)
    (tmp_path / "sales.csv").write_text(SALES)
    return load(tmp_path / "leads.csv", tmp_path / "sales.csv",
                capture=(dt.date(2024, 3, 1), dt.date(2024, 3, 31)))


def test_lead_rejects_reasons(messy):
    leads = messy.rejects[messy.rejects["file"] == "leads.csv"]
    reasons = dict(zip(leads["row"], leads["reason"]))
    assert reasons == {3: "missing_value", 4: "invalid_email", 5: "invalid_date", 6: "missing_value",
                       7: "outside_capture_period"}


def test_sale_rejects_reasons(messy):
    sales = messy.rejects[messy.rejects["file"] == "sales.csv"]
    reasons = dict(zip(sales["row"], sales["reason"]))
    assert reasons == {3: "missing_value", 4: "invalid_number", 5: "invalid_number", 6: "missing_value"}


def test_reject_columns_and_values(messy):
    row = messy.rejects[(messy.rejects["file"] == "leads.csv") & (messy.rejects["row"] == 5)].iloc[0]
    assert row["column"] == "signup_date"
    assert row["value"] == "31/02/2024"
    assert "not a valid date" in row["message"]


def test_rows_read_all_accounted(messy):
    for entry in messy.quality.files:
        assert entry.rows_read == entry.rows_accepted + entry.rows_rejected, entry.file
    leads_file, sales_file = messy.quality.files
    assert (leads_file.rows_read, leads_file.rows_rejected) == (7, 5)
    assert (sales_file.rows_read, sales_file.rows_rejected) == (7, 4)


def test_accepted_rows_merge(messy):
    assert len(messy.leads) == 1
    assert messy.quality.duplicates_merged == 1


def test_unmatched_and_early_sales(messy):
    assert messy.quality.sales.transactions == 3
    assert messy.quality.sales.unmatched_sales == 1
    assert messy.quality.sales.sales_before_signup == 1


def test_rejects_contain_no_email(messy, tmp_path):
    path = messy.write_rejects(tmp_path / "out")
    text = path.read_text()
    assert "@" not in text
    assert "not-an-email" not in text
    assert len(messy.rejects) == 9


def test_summary_frame_counts(messy):
    frame = messy.quality.to_frame().set_index(["section", "item", "measure"])["value"]
    assert frame[("leads", "leads.csv", "rows_read")] == 7
    assert frame[("rejected", "outside_capture_period", "rows")] == 1
    assert frame[("sales", "", "unmatched_sales")] == 1


def test_blank_lines_not_rows(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date\n\nlead1@example.com,2024-03-01\n\n")
    data = load(path)
    (entry,) = data.quality.files
    assert (entry.rows_read, entry.blank_lines, len(data.leads)) == (1, 2, 1)


def test_hash_key_file_created_once(tmp_path, monkeypatch):
    monkeypatch.delenv(privacy.KEY_ENV_VAR)
    monkeypatch.setenv("HOME", str(tmp_path))
    first = privacy.hash_key()
    second = privacy.hash_key()
    key_file = tmp_path / ".hotleads" / "hash_key"
    assert first == second
    assert len(first) == 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_lead_id_is_keyed_hash(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("email,signup_date\n  Lead1@Example.COM\u00a0,2024-03-01\n")
    data = load(path)
    # The digest comes from Python's hmac module, not from the code under test.
    expected = hmac.new(b"ingest-test-key", b"lead1@example.com", hashlib.sha256).hexdigest()
    assert data.leads["lead_id"].tolist() == [expected]


def _groupby_calls(package: Path):
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "groupby":
                yield path.name, node.lineno, {keyword.arg for keyword in node.keywords}


def test_groupby_passes_observed_and_dropna():
    package = Path(__file__).resolve().parents[2] / "hotleads_core" / "ingest"
    calls = list(_groupby_calls(package))
    assert calls
    for name, line, keywords in calls:
        assert {"observed", "dropna"} <= keywords, f"{name}:{line}"


def test_no_object_dtype_comparison():
    package = Path(__file__).resolve().parents[2] / "hotleads_core" / "ingest"
    for path in package.glob("*.py"):
        assert "== object" not in path.read_text(encoding="utf-8"), path.name
