"""Property-based tests: random well-formed exports, random bytes, and row order."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from launch_helpers import load

from hotleads_core.errors import HotLeadsError
from hotleads_core.schema import NOT_SET

SOURCES = ["facebook", "google", "tiktok", "(not set)", "null", ""]
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def lead_rows(draw):
    """Rows of a lead export: e-mails from a small pool in random case and padding, distinct times."""
    count = draw(st.integers(min_value=0, max_value=12))
    minutes = draw(st.lists(st.integers(0, 60 * 24 * 20), min_size=count, max_size=count, unique=True))
    rows = []
    for minute in minutes:
        number = draw(st.integers(1, 5))
        email = draw(st.sampled_from([f"lead{number}@example.com", f"LEAD{number}@Example.com",
                                      f" lead{number}@example.com\u00a0"]))
        source = draw(st.sampled_from(SOURCES))
        padded = draw(st.sampled_from([source, source.upper(), f" {source} "]))
        time = pd.Timestamp("2024-03-01") + pd.Timedelta(minutes=minute)
        rows.append([email, time.strftime("%Y-%m-%d %H:%M:%S"), padded])
    return rows


def write_export(path, rows, separator, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerow(["email", "signup_date", "utm_source"])
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def expected_leads(rows):
    """First sign-up and its source per normalised e-mail, computed from the rows directly."""
    first = {}
    for email, time, source in rows:
        key = email.strip().lower()
        if key not in first or time < first[key][0]:
            first[key] = (time, source)
    placeholders = {"", "(not set)", "null"}
    return {key: (time, NOT_SET if s.strip().lower() in placeholders else s.strip().lower())
            for key, (time, s) in first.items()}


@SETTINGS
@given(rows=lead_rows(), separator=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_well_formed_exports(tmp_path, rows, separator, encoding):
    path = tmp_path / "leads.csv"
    write_export(path, rows, separator, encoding)
    data = load(path)
    (entry,) = data.quality.files
    expected = expected_leads(rows)
    assert entry.rows_read == len(rows) == entry.rows_accepted + entry.rows_rejected
    assert entry.rows_rejected == 0
    assert len(data.leads) == len(expected)
    assert data.quality.duplicates_merged == len(rows) - len(expected)
    times = sorted(pd.Timestamp(t, tz="America/Sao_Paulo") for t, _ in expected.values())
    assert data.leads["signed_up_at"].tolist() == times
    assert sorted(data.leads["utm_source"]) == sorted(s for _, s in expected.values())


@SETTINGS
@given(rows=lead_rows(), order=st.randoms(use_true_random=False))
def test_row_order_irrelevant(tmp_path, rows, order):
    shuffled = list(rows)
    order.shuffle(shuffled)
    write_export(tmp_path / "a.csv", rows, ",", "utf-8")
    write_export(tmp_path / "b.csv", shuffled, ",", "utf-8")
    pd.testing.assert_frame_equal(load(tmp_path / "a.csv").leads, load(tmp_path / "b.csv").leads)


@SETTINGS
@given(statuses=st.lists(st.sampled_from(["paid", "refunded", "pending", "chargeback"]),
                         min_size=1, max_size=6),
       order=st.randoms(use_true_random=False))
def test_sales_order_irrelevant(tmp_path, statuses, order):
    rows = [f"T{i % 3},lead1@example.com,2024-03-0{1 + i % 2} 10:00,{10 + i}.00,BRL,{status}"
            for i, status in enumerate(statuses)]
    shuffled = list(rows)
    order.shuffle(shuffled)
    header = "transaction_id,buyer_email,purchase_date,amount,currency,status\n"
    (tmp_path / "leads.csv").write_text("email,signup_date\nlead1@example.com,2024-03-01\n")
    (tmp_path / "a.csv").write_text(header + "\n".join(rows) + "\n")
    (tmp_path / "b.csv").write_text(header + "\n".join(shuffled) + "\n")
    first = load(tmp_path / "leads.csv", tmp_path / "a.csv").sales
    second = load(tmp_path / "leads.csv", tmp_path / "b.csv").sales
    pd.testing.assert_frame_equal(first, second)


@settings(SETTINGS, max_examples=100)
@given(data=st.binary(max_size=300), prefix=st.sampled_from([b"", b"email,signup_date\n"]))
def test_random_bytes_read_or_rejected(tmp_path, data, prefix):
    path = tmp_path / "leads.csv"
    path.write_bytes(prefix + data)
    try:
        result = load(path)
    except HotLeadsError:
        return
    for entry in result.quality.files:
        assert entry.rows_read == entry.rows_accepted + entry.rows_rejected
    assert len(result.leads) <= result.quality.files[0].rows_accepted
