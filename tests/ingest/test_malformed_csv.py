"""CSV rows with more cells than the header, quotes never closed, and line numbers after multi-line cells."""

from __future__ import annotations

import pytest
from launch_helpers import CASES, load

from hotleads_core.errors import DataError

HEADER = "email,signup_date,utm_source,utm_medium,utm_campaign\n"


def lead_row(number, cells=5):
    row = [f"lead{number}@example.com", "2024-03-01 10:00", "google", "cpc", "launch"]
    return ",".join(row + ["extra"] * (cells - 5)) + "\n"


def write(tmp_path, text, name="leads.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_seven_cells_rejected_others_kept(tmp_path):
    # Ten data rows on lines 2-11, and line 11 (the tenth) has 7 cells.
    rows = [lead_row(n) for n in range(1, 10)] + [lead_row(10, cells=7)]
    data = load(write(tmp_path, HEADER + "".join(rows)))
    (entry,) = data.quality.files
    assert (entry.rows_read, entry.rows_accepted, entry.rows_rejected) == (10, 9, 1)
    assert len(data.leads) == 9
    assert data.rejects["row"].tolist() == [11]
    assert data.rejects["reason"].tolist() == ["malformed_row"]
    assert data.rejects["message"].iloc[0].startswith("7 cells, the header has 5.")


def test_first_data_row_too_many_cells(tmp_path):
    data = load(write(tmp_path, HEADER + lead_row(1, cells=6) + lead_row(2)))
    assert data.rejects["row"].tolist() == [2]
    assert data.rejects["value"].tolist() == ["6"]
    assert len(data.leads) == 1


def test_malformed_rows_show_no_email(tmp_path):
    data = load(write(tmp_path, HEADER + lead_row(1, cells=8) + lead_row(2)))
    assert data.rejects["value"].tolist() == ["8"]
    text = data.rejects.to_csv(index=False)
    assert "@" not in text


def test_malformed_semicolon_file(tmp_path):
    text = "email;signup_date\nlead1@example.com;01/03/2024\nlead2@example.com;01/03/2024;x;y\n"
    data = load(write(tmp_path, text), locale="pt_BR")
    assert data.rejects["row"].tolist() == [3]
    assert data.rejects["message"].iloc[0].startswith("4 cells, the header has 2.")


def test_malformed_sales_row(tmp_path):
    sales = write(tmp_path, "transaction_id,buyer_email,purchase_date,amount,currency,status\n"
                            "T1,lead1@example.com,2024-03-02,97.00,BRL,paid\n"
                            "T2,lead2@example.com,2024-03-02,97,00,BRL,paid\n", name="sales.csv")
    data = load(CASES / "R14" / "leads_two.csv", sales)
    sales_entry = data.quality.files[1]
    assert (sales_entry.rows_read, sales_entry.rows_accepted, sales_entry.rows_rejected) == (2, 1, 1)
    assert data.sales["transaction_id"].tolist() == ["T1"]
    assert data.rejects["row"].tolist() == [3]


@pytest.mark.parametrize("extra_cells", [False, True], ids=["fast-read", "malformed-read"])
def test_lines_counted_after_multiline_cell(tmp_path, extra_cells):
    # The quoted cell spans lines 2-4, so the invalid date is on line 6, the 4th record.
    text = (HEADER
            + 'lead1@example.com,2024-03-01,"goo\ngle\nads",cpc,launch\n'
            + (lead_row(2, cells=6) if extra_cells else lead_row(2))
            + "lead3@example.com,31/02/2024,google,cpc,launch\n")
    data = load(write(tmp_path, text))
    invalid = data.rejects[data.rejects["reason"] == "invalid_date"]
    assert invalid["row"].tolist() == [6]


@pytest.mark.parametrize("rest", [lead_row(3) * 3, lead_row(3) * 3000],
                         ids=["short-rest", "rest-beyond-csv-field-limit"])
def test_unclosed_quote_names_line(tmp_path, rest):
    # Line 5 opens a quote that nothing closes, after a multi-line cell on lines 2-3.
    text = (HEADER + 'lead1@example.com,2024-03-01,"goo\ngle",cpc,launch\n' + lead_row(2)
            + 'lead3@example.com,2024-03-01,"google,cpc,launch\n' + rest)
    path = write(tmp_path, text)
    with pytest.raises(DataError, match=r"Line 5 of leads\.csv opens a quoted cell that is never closed"):
        load(path)


def test_unclosed_quote_gives_fix(tmp_path):
    path = write(tmp_path, HEADER + 'lead1@example.com,"2024-03-01,google,cpc,launch\n')
    with pytest.raises(DataError, match=r"Fix: Close the quote on line 2"):
        load(path)
