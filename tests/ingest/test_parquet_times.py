"""Time-zone aware Parquet timestamps read as the text that pandas writes for them."""

from __future__ import annotations

import pandas as pd
import pytest

from hotleads_core.config import FileSource
from hotleads_core.ingest.readers import read_table


@pytest.mark.parametrize(
    ("cells", "timezone", "expected"),
    [
        (["2024-03-31 01:30", "2024-03-31 03:30", None],
         "Europe/Paris", ["2024-03-31 01:30:00+01:00", "2024-03-31 03:30:00+02:00", ""]),
        (["2024-03-01 10:15:30", "2024-03-01 10:15:30.5"],
         "America/Sao_Paulo", ["2024-03-01 10:15:30.000-03:00", "2024-03-01 10:15:30.500-03:00"]),
        (["2024-03-01", "2024-03-02"],
         "Asia/Kolkata", ["2024-03-01 00:00:00+05:30", "2024-03-02 00:00:00+05:30"]),
        (["1850-01-01 12:00"], "America/Sao_Paulo", ["1850-01-01 12:00:00-03:06:28"]),
    ],
    ids=["daylight-saving-change", "common-precision", "midnights", "seconds-offset"],
)
def test_aware_timestamps_as_text(tmp_path, cells, timezone, expected):
    times = pd.to_datetime(pd.Series(cells, dtype="object"), format="ISO8601")
    frame = pd.DataFrame({"email": "lead1@example.com", "signup_date": times.dt.tz_localize(timezone)})
    frame.to_parquet(tmp_path / "leads.parquet", index=False)
    table = read_table(FileSource(path=tmp_path / "leads.parquet"))
    assert table.frame["signup_date"].tolist() == expected
