"""The leads.include filter: kept values, rejected rows and the row accounting."""

from __future__ import annotations

import datetime as dt

import pytest
from launch_helpers import load, make_config

from hotleads_core.errors import ConfigError

# Lines 2 to 9 of the file. Line 6 is outside the capture period, and lines
# 8 and 9 take their medium from the landing-page URL.
LEADS = (
    "email,signup_date,utm_medium,landing_url\n"
    "lead1@example.com,2024-03-01 10:00,CPC ,\n"
    "lead2@example.com,2024-03-01 11:00,email,\n"
    "lead3@example.com,2024-03-02 10:00,display,\n"
    "lead4@example.com,2024-03-02 11:00,,\n"
    "lead5@example.com,2024-02-10 10:00,cpc,\n"
    "lead6@example.com,2024-03-03 10:00,Social,\n"
    "lead7@example.com,2024-03-03 11:00,,https://example.com/p?utm_medium=cpc\n"
    "lead8@example.com,2024-03-04 10:00,,https://example.com/p?utm_medium=organic\n"
)

CAPTURE = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))


def _load(tmp_path, include):
    (tmp_path / "leads.csv").write_text(LEADS, encoding="utf-8")
    source = {"path": tmp_path / "leads.csv", "include": include}
    return load(source, capture=CAPTURE)


def _reasons(data) -> dict[int, str]:
    return dict(zip(data.rejects["row"], data.rejects["reason"]))


def test_include_keeps_listed_values(tmp_path):
    data = _load(tmp_path, {"utm_medium": ["cpc", "Display"]})

    assert sorted(data.leads["utm_medium"]) == ["cpc", "cpc", "display"]
    assert _reasons(data) == {3: "excluded_by_filter", 5: "excluded_by_filter",
                              6: "outside_capture_period", 7: "excluded_by_filter",
                              9: "excluded_by_filter"}


def test_include_rows_all_accounted(tmp_path):
    data = _load(tmp_path, {"utm_medium": ["cpc", "display"]})
    (entry,) = data.quality.files

    assert entry.rows_read == 8
    assert entry.rows_accepted == 3
    assert entry.rows_rejected == 5
    assert entry.rows_read == entry.rows_accepted + entry.rows_rejected
    assert data.quality.rejected_by_reason["excluded_by_filter"] == 4


def test_include_reject_names_column_and_value(tmp_path):
    data = _load(tmp_path, {"utm_medium": ["cpc"]})
    rejects = data.rejects.set_index("row")

    assert rejects.loc[7, "column"] == "utm_medium"
    assert rejects.loc[7, "value"] == "social"
    assert "leads.include" in rejects.loc[7, "message"]
    assert "cpc" in rejects.loc[7, "message"]
    # An empty cell is "(not set)", which the filter does not keep.
    assert rejects.loc[5, "value"] == "(not set)"


def test_include_not_set_keeps_empty(tmp_path):
    data = _load(tmp_path, {"utm_medium": ["(not set)"]})

    assert list(data.leads["utm_medium"]) == ["(not set)"]
    assert len(data.leads) == 1


def test_include_absent_keeps_all(tmp_path):
    data = _load(tmp_path, {})

    assert len(data.leads) == 7
    assert _reasons(data) == {6: "outside_capture_period"}


@pytest.mark.parametrize(
    ("include", "message"),
    [({"utm_medium": []}, "is empty"), ({"utm_channel": ["cpc"]}, "leads.include.utm_channel")],
    ids=["empty-list", "unknown-field"],
)
def test_include_invalid_config_raises(tmp_path, include, message):
    with pytest.raises(ConfigError, match=message):
        make_config({"path": tmp_path / "leads.csv", "include": include})
