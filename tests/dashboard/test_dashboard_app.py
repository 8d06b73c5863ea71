"""Tests of the widget application without a browser: callbacks, errors and lazy tabs."""

from __future__ import annotations

import logging

import pytest
from dashboard_helpers import PARAMS, TEST_HASH_KEY

from hotleads_core.dashboard.app import DashboardApp
from hotleads_core.dashboard.launches import list_launches

BROKEN_LAUNCH = """\
launch:
  name: broken
  title: Broken launch
  strategy: classic
leads:
  path: no-such-leads.csv
"""


class FailingAnalysis:
    """An analysis whose every view fails, standing in for a bug in the core."""

    def view(self, **_settings):
        raise RuntimeError("view exploded")


def _launch(params, name):
    return next(entry for entry in list_launches(params) if entry.name == name)


@pytest.fixture(scope="module")
def olist_app():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOTLEADS_HASH_KEY", TEST_HASH_KEY)
        app = DashboardApp(PARAMS)
        app.open_launch(_launch(PARAMS, "olist-2018"))
    return app


def test_app_lists_repository_launches():
    app = DashboardApp(PARAMS)
    classes = [cls for card in app.launch_list.children for cls in card._dom_classes]

    assert "hl-launch-olist-2018" in classes


def test_app_empty_folder_message(tmp_path):
    app = DashboardApp(tmp_path)

    assert "No launch files were found" in app.launch_list.children[0].value


def test_app_load_failure_plain_message(tmp_path):
    (tmp_path / "broken.yaml").write_text(BROKEN_LAUNCH, encoding="utf-8")
    app = DashboardApp(tmp_path)

    app.open_launch(_launch(tmp_path, "broken"))

    assert "The launch Broken launch could not be loaded" in app.status.value
    assert "Traceback" not in app.status.value
    assert app.tabs.layout.display == "none"


def test_app_view_failure_logs_traceback(caplog, olist_app):
    app = DashboardApp(PARAMS)
    entry = olist_app.current
    app.analyses[entry.path] = FailingAnalysis()
    app.current = entry

    with caplog.at_level(logging.ERROR, logger="hotleads_core.dashboard.app"):
        app.redraw()

    assert "These figures could not be computed" in app.status.value
    assert "view exploded" not in app.status.value
    assert any(record.exc_info and "view exploded" in str(record.exc_info[1]) for record in caplog.records)


def test_app_reversed_dates_message(olist_app):
    olist_app.end.value, olist_app.start.value = olist_app.start.value, olist_app.end.value

    assert "is after the end date" in olist_app.status.value

    olist_app.start.value, olist_app.end.value = olist_app.end.value, olist_app.start.value
    assert "is after the end date" not in olist_app.status.value


def test_app_sort_by_redraws_open_tab_only(olist_app):
    olist_app.tabs.selected_index = 0
    olist_app.sort_by.value = "utm_medium"
    conversion_before = olist_app.conversion.value

    olist_app.sort_by.value = "utm_campaign"

    assert "<th>Campaign</th>" in olist_app.channels.value
    assert olist_app.conversion.value == conversion_before
    olist_app.tabs.selected_index = 1
    assert "<th>Campaign</th>" in olist_app.conversion.value


def test_app_loads_each_launch_once(olist_app):
    analysis = olist_app.analyses[olist_app.current.path]

    olist_app.open_launch(olist_app.current)

    assert olist_app.analyses[olist_app.current.path] is analysis
    assert olist_app.current.name == "olist-2018"


def test_app_shows_launch_notes(olist_app):
    notes = olist_app.launch_notes.value

    assert "declared when the deal closed, not sales made in this launch" in notes


def test_app_quality_tab_readable(olist_app):
    shown = olist_app.quality.value

    # 8,000 rows in the MQL export, 2,002 of them signed up outside the capture period.
    assert "<td>signed up outside the capture period</td>" in shown
    assert "<td>8,000</td>" in shown
    assert "outside_capture_period" not in shown
    assert "leads_without" not in shown
    assert "rows_read" not in shown


def test_app_no_leads_shows_scoring_issue(monkeypatch):
    monkeypatch.setenv("HOTLEADS_HASH_KEY", TEST_HASH_KEY)
    folder = PARAMS.parent / "tests" / "data" / "launches" / "no_leads"
    app = DashboardApp(folder)

    app.open_launch(_launch(folder, "no-leads"))

    assert "The leads were not scored." in app.kpis.value
    assert "hl-message-error" not in app.status.value


def test_app_trend_marks_partial_last_week(olist_app):
    # Leads run from Monday 2018-01-01 to Thursday 2018-05-31, so only the last week is partial.
    olist_app.tabs.selected_index = 0
    olist_app.period.value = "week"

    assert "The last week of the chart, from 2018-05-28, is partial" in olist_app.trend.value
    assert "The first week" not in olist_app.trend.value


def test_app_sort_by_option_labels():
    app = DashboardApp(PARAMS)

    assert list(app.sort_by.options) == [
        ("Source", "utm_source"), ("Medium", "utm_medium"), ("Campaign", "utm_campaign"),
        ("Content", "utm_content"), ("Term", "utm_term"),
    ]
