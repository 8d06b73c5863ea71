"""The report run publishes rejects.csv beside report.html, and only for a good run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hotleads_core.errors import ReportError
from hotleads_core.reporting import build_report
from hotleads_core.reporting.publish import publish_rejects

THIN = Path(__file__).resolve().parents[1] / "data" / "launches" / "thin"


@pytest.fixture
def thin_launch(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLEADS_HASH_KEY", "test-key")
    folder = tmp_path / "thin"
    shutil.copytree(THIN, folder)
    return folder / "launch.yaml"


def test_failed_run_keeps_old_rejects(thin_launch, tmp_path):
    output = tmp_path / "reports"
    (output / "thin-launch").mkdir(parents=True)
    (output / "thin-launch" / "rejects.csv").write_text("last good rejects\n", encoding="utf-8")

    with pytest.raises(ReportError, match="Invalid period 'fortnight'"):
        build_report(thin_launch, output, parameters={"period": "fortnight"})

    folder = output / "thin-launch"
    assert (folder / "rejects.csv").read_text(encoding="utf-8") == "last good rejects\n"
    assert not (folder / "report.html").exists()
    assert not list(folder.glob(".rejects-*"))


def test_email_in_rejects_stops_publish(tmp_path):
    scratch = tmp_path / ".rejects-run"
    scratch.mkdir()
    (scratch / "rejects.csv").write_text(
        "file,row,column,value,reason,message\nleads.csv,2,email,lead1@example.com,x,y\n",
        encoding="utf-8")

    with pytest.raises(ReportError, match="looks like an e-mail address"):
        publish_rejects(scratch, tmp_path, "thin-launch")

    assert not (tmp_path / "rejects.csv").exists()


def test_missing_rejects_stops_publish(tmp_path):
    with pytest.raises(ReportError, match="wrote no rejects.csv"):
        publish_rejects(tmp_path / "empty", tmp_path, "thin-launch")
