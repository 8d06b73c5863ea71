"""The hotleads command, run as a user runs it: a subprocess of the installed entry point."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOTLEADS = Path(sys.executable).with_name("hotleads")
DATA = ROOT / "data" / "olist_marketing_funnel"
LAUNCHES = ROOT / "tests" / "data" / "launches"

# Size above which a report is too heavy to e-mail.
MAX_HTML_BYTES = 2 * 1024 * 1024


def run_hotleads(*arguments, cwd=ROOT, timeout=600) -> subprocess.CompletedProcess:
    environment = {**os.environ, "HOTLEADS_HASH_KEY": os.environ.get("HOTLEADS_HASH_KEY", "test-key")}
    return subprocess.run([str(HOTLEADS), *map(str, arguments)], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=timeout, check=False)


def olist_counts() -> tuple[int, int]:
    """Count leads of 2018-01-01..2018-05-31 and those with a deal won on or after first contact.

    Computed from the raw CSV files with the csv module, independently of HotLeads.
    """
    first_contact = {}
    with open(DATA / "olist_marketing_qualified_leads_dataset.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            day = dt.date.fromisoformat(row["first_contact_date"])
            if dt.date(2018, 1, 1) <= day <= dt.date(2018, 5, 31):
                first_contact[row["mql_id"]] = day
    buyers = set()
    with open(DATA / "olist_closed_deals_dataset.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            signed_up = first_contact.get(row["mql_id"])
            won = dt.datetime.fromisoformat(row["won_date"])
            if signed_up is not None and won >= dt.datetime.combine(signed_up, dt.time()):
                buyers.add(row["mql_id"])
    return len(first_contact), len(buyers)


def olist_rejected_count() -> int:
    """Count MQL rows whose first contact is outside 2018-01-01..2018-05-31, with the csv module."""
    with open(DATA / "olist_marketing_qualified_leads_dataset.csv", newline="", encoding="utf-8") as file:
        days = [dt.date.fromisoformat(row["first_contact_date"]) for row in csv.DictReader(file)]
    return sum(not dt.date(2018, 1, 1) <= day <= dt.date(2018, 5, 31) for day in days)


def read_rejects(path: Path) -> tuple[list[dict[str, str]], str]:
    """Return the rows of a rejects.csv and its whole text."""
    content = path.read_text(encoding="utf-8")
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file)), content


def kpi_value(page: str, label: str) -> str:
    match = re.search(rf'<div class="label">{re.escape(label)}</div><div class="value">([^<]*)</div>', page)
    assert match, f"no KPI card labelled {label!r} in the report"
    return match.group(1)


@pytest.fixture(scope="module")
def olist_run(tmp_path_factory):
    output = tmp_path_factory.mktemp("reports")
    result = run_hotleads("report", "params/olist-2018.yaml", "--output-dir", output)
    return result, output / "olist-2018"


def test_olist_report_command_succeeds(olist_run):
    result, folder = olist_run
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout
    assert str(folder / "report.html") in result.stdout


def test_olist_report_counts_match_raw_csv(olist_run):
    _result, folder = olist_run
    page = (folder / "report.html").read_text(encoding="utf-8")
    leads, buyers = olist_counts()
    assert (leads, buyers) == (5998, 780)
    assert kpi_value(page, "Leads") == f"{leads:,}"
    assert kpi_value(page, "Buyers") == f"{buyers:,}"


def test_olist_report_has_no_code_or_email(olist_run):
    _result, folder = olist_run
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "analyse_with_caveats" not in page
    assert "launch_file" not in page
    assert "jp-CodeMirrorEditor jp-Editor" not in page
    assert 'class="jp-InputPrompt' not in page
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", page)
    assert "Traceback" not in page


def test_olist_report_opens_offline(olist_run):
    _result, folder = olist_run
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", page)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page)
    assert not re.search(r"<img[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", page)
    assert (folder / "report.html").stat().st_size < MAX_HTML_BYTES


def test_olist_report_sections_in_order(olist_run):
    _result, folder = olist_run
    page = (folder / "report.html").read_text(encoding="utf-8")
    titles = ["Headline", "Indicators", "Channels", "Conversion &amp; Revenue", "The model",
              "Data quality", "Methods"]
    positions = [page.find(f">{title}</h") for title in titles]
    assert -1 not in positions, dict(zip(titles, positions))
    assert positions == sorted(positions)


def test_olist_report_writes_rejects(olist_run):
    _result, folder = olist_run
    page = (folder / "report.html").read_text(encoding="utf-8")

    rows, content = read_rejects(folder / "rejects.csv")

    assert olist_rejected_count() == 2002
    assert len(rows) == 2002
    assert "Rejected rows by reason: signed up outside the capture period (2,002)." in page
    assert {row["reason"] for row in rows} == {"outside_capture_period"}
    assert "@" not in content
    assert not list(folder.glob(".rejects-*"))


def test_validate_writes_rejects(tmp_path):
    result = run_hotleads("validate", "params/olist-2018.yaml", "--output-dir", tmp_path,
                          "--rejects", "0")
    path = tmp_path / "olist-2018" / "rejects.csv"

    assert result.returncode == 0, result.stderr
    assert "2,002 rejected rows." in result.stdout
    assert f"Rejected rows written to {path}" in result.stdout
    rows, content = read_rejects(path)
    assert len(rows) == olist_rejected_count()
    assert "@" not in content


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    """Run a launch with an invalid YAML before a thin launch that has four leads and no sales."""
    folder = tmp_path_factory.mktemp("mixed")
    bad = folder / "bad.yaml"
    bad.write_text("launch: {name: bad, title: Bad, strategy: sometimes}\nleads: {path: x.csv}\n",
                   encoding="utf-8")
    thin = LAUNCHES / "thin" / "launch.yaml"
    result = run_hotleads("report", bad, thin, "--output-dir", folder / "out")
    return result, bad, thin, folder / "out"


def test_failing_launch_does_not_stop_others(mixed_run):
    result, bad, thin, output = mixed_run
    assert result.returncode == 1
    assert "Invalid value 'sometimes' for 'launch.strategy'" in result.stderr
    assert "1 of 2 reports failed." in result.stderr
    summary = result.stdout.splitlines()
    assert summary[0].split() == ["launch", "file", "status", "seconds", "report", "or", "error"]
    assert re.match(rf"{re.escape(str(bad))}\s+failed\s+-\s+Invalid value", summary[1])
    assert re.match(rf"{re.escape(str(thin))}\s+ok\s+", summary[2])
    assert (output / "thin-launch" / "report.html").is_file()
    assert (output / "thin-launch" / "rejects.csv").is_file()
    assert not (output / "bad").exists()


def test_thin_launch_reads_as_text(mixed_run):
    _result, _bad, _thin, output = mixed_run
    page = (output / "thin-launch" / "report.html").read_text(encoding="utf-8")
    assert kpi_value(page, "Leads") == "4"
    assert kpi_value(page, "Buyers") == "No sales yet."
    assert "No sales yet." in page
    text_only = re.sub(r"<style.*?</style>|<script.*?</script>|src=\"data:[^\"]*\"", "", page,
                       flags=re.DOTALL)
    assert not re.search(r"\b(nan|NaN|inf|None)\b", text_only)
    assert "Traceback" not in page
    assert "lead1@example.com" not in page
