"""The YAML that the unknown-status error suggests: it parses, and it fixes the launch when pasted."""

from __future__ import annotations

import pytest
import yaml
from launch_helpers import CASES, load

from hotleads_core.errors import DataError

SALES_HEADER = "transaction_id,buyer_email,purchase_date,amount,currency,status\n"
# Statuses that a flow-style or unquoted snippet would break: YAML syntax,
# a boolean word, a number and a non-ASCII letter.
ODD_STATUSES = ("approved_weird", "Pago!", "yes", "123", "a: b", "#1", "Não")


def unknown_status_error(tmp_path, statuses) -> DataError:
    rows = "".join(f"T{i},lead1@example.com,2024-03-02,1.00,BRL,{status}\n"
                   for i, status in enumerate(statuses))
    (tmp_path / "sales.csv").write_text(SALES_HEADER + rows)
    with pytest.raises(DataError, match=r"unknown status values") as caught:
        load(CASES / "R14" / "leads_two.csv", tmp_path / "sales.csv")
    return caught.value


def pasted_under_sales(fix: str) -> dict:
    snippet = fix.split(":\n", 1)[1]
    return yaml.safe_load("sales:\n  path: sales.csv\n" + snippet)


def test_suggestion_parses_as_yaml(tmp_path):
    error = unknown_status_error(tmp_path, ODD_STATUSES)
    parsed = pasted_under_sales(error.fix)
    assert parsed["sales"]["path"] == "sales.csv"
    assert parsed["sales"]["status_map"] == dict.fromkeys(ODD_STATUSES, "paid")


def test_suggestion_is_block_style(tmp_path):
    error = unknown_status_error(tmp_path, ("approved_weird", "Pago!"))
    assert "{" not in error.fix
    assert error.fix.endswith("  status_map:\n    approved_weird: paid\n    Pago!: paid\n")


def test_suggestion_fixes_launch(tmp_path):
    error = unknown_status_error(tmp_path, ODD_STATUSES)
    status_map = pasted_under_sales(error.fix)["sales"]["status_map"]
    data = load(CASES / "R14" / "leads_two.csv", {"path": tmp_path / "sales.csv", "status_map": status_map})
    assert len(data.sales) == len(ODD_STATUSES)
    assert set(data.sales["status"].astype("str")) == {"paid"}


def test_suggestion_names_history_section(tmp_path):
    (tmp_path / "old.csv").write_text(SALES_HEADER + "H1,lead1@example.com,2023-05-01,9.00,BRL,Quitado\n")
    with pytest.raises(DataError, match=r"Paste these lines under 'sales_history\[0\]'"):
        load(CASES / "R14" / "leads_two.csv", sales_history=[{"path": str(tmp_path / "old.csv")}])
