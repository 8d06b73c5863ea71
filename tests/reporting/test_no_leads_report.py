"""The published report of a launch whose leads export has only a header row."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from hotleads_core.reporting import build_report

LAUNCH = Path(__file__).resolve().parents[1] / "data" / "launches" / "no_leads" / "launch.yaml"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """Return the HTML of the published report."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOTLEADS_HASH_KEY", "test-key")
        outcome = build_report(LAUNCH, tmp_path_factory.mktemp("reports"))
    return outcome.html_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def shown_text(page):
    """Return the visible text of the report, tags removed and entities decoded."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_no_leads_report_says_no_leads_yet(shown_text):
    assert "No leads yet." in shown_text


def test_no_leads_report_shows_scoring_issue(shown_text):
    assert "The leads were not scored." in shown_text


def test_no_leads_report_has_no_raw_values(shown_text):
    assert "Traceback" not in shown_text
    assert "nan" not in shown_text.split()
    assert "(n/a)" not in shown_text


def test_no_leads_report_has_no_stderr_output(page):
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page


def test_no_leads_report_lists_empty_file_note(page):
    quality = page.split("Data quality", 1)[1]
    assert "has no rows, only a header" in quality
