"""A leads file without rows, or with every row rejected: no NaN in the summary, and a warning."""

from __future__ import annotations

import pytest
from launch_helpers import load

from hotleads_core.config import UTM_FIELDS

HEADER = "email,signup_date,utm_source\n"


def summary(data):
    return data.quality.to_frame().set_index(["section", "item", "measure"])


@pytest.mark.parametrize("rows", ["", "lead1@example.com,someday,google\n,2024-03-01,google\n"],
                         ids=["header-only", "all-rejected"])
def test_share_not_available_without_leads(tmp_path, rows):
    path = tmp_path / "leads.csv"
    path.write_text(HEADER + rows)
    frame = summary(load(path))
    assert not frame["value"].isna().any()
    for field in UTM_FIELDS:
        assert frame.loc[("missing_utm", field, "share"), "value"] == "n/a"
        assert frame.loc[("missing_utm", field, "share"), "note"].startswith("No leads were accepted")


def test_header_only_file_warns(tmp_path, caplog):
    path = tmp_path / "leads.csv"
    path.write_text(HEADER)
    with caplog.at_level("WARNING", logger="hotleads_core.ingest"):
        data = load(path)
    assert len(data.leads) == 0
    assert "leads file leads.csv has no rows" in caplog.text


def test_all_rows_rejected_warns(tmp_path, caplog):
    path = tmp_path / "leads.csv"
    path.write_text(HEADER + "lead1@example.com,someday,google\n,2024-03-01,google\n")
    with caplog.at_level("WARNING", logger="hotleads_core.ingest"):
        load(path)
    assert "all 2 lead rows were rejected" in caplog.text


def test_share_computed_with_leads(tmp_path, caplog):
    path = tmp_path / "leads.csv"
    path.write_text(HEADER + "lead1@example.com,2024-03-01,google\nlead2@example.com,2024-03-01,\n"
                             "lead3@example.com,2024-03-01,\nlead4@example.com,2024-03-01,bing\n")
    with caplog.at_level("WARNING", logger="hotleads_core.ingest"):
        frame = summary(load(path))
    # Two of the four leads have no utm_source, and none has a utm_medium column.
    assert frame.loc[("missing_utm", "utm_source", "share"), "value"] == 0.5
    assert frame.loc[("missing_utm", "utm_medium", "share"), "value"] == 1.0
    assert frame.loc[("missing_utm", "utm_source", "share"), "note"] == ""
    assert "has no rows" not in caplog.text
