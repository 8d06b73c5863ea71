"""Drive the served dashboard in Debian's Chromium with the bundled Olist launch.

Expected figures come from the raw Olist CSV files, read here with the
``csv`` module: leads whose first contact is in 2018-01-01..2018-05-31,
``origin`` as utm_medium (``unknown`` or empty is ``(not set)``),
``landing_page_id`` as utm_campaign, and a buyer is a lead with a closed
deal won no earlier than the lead's first-contact day (the attribution rule
of :mod:`hotleads_core.attribution`; the launch sets no window).
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import re

import pytest

from dashboard_helpers import ARTIFACTS, REPO, open_page, start_server

pytestmark = pytest.mark.browser

OLIST = REPO / "data" / "olist_marketing_funnel"
CAPTURE = (dt.date(2018, 1, 1), dt.date(2018, 5, 31))
NOT_SET = "(not set)"
TABLE = ".hl-channel-table"


def olist_expected():
    """Return per-dimension counts of leads and buyers, and the launch totals, from the raw CSVs."""
    leads = {}
    with (OLIST / "olist_marketing_qualified_leads_dataset.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            day = dt.date.fromisoformat(row["first_contact_date"])
            if CAPTURE[0] <= day <= CAPTURE[1]:
                origin = row["origin"].strip()
                medium = NOT_SET if origin in ("", "unknown") else origin
                leads[row["mql_id"]] = (day, medium, row["landing_page_id"].strip() or NOT_SET)

    buyers = set()
    with (OLIST / "olist_closed_deals_dataset.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lead = leads.get(row["mql_id"])
            if lead and dt.datetime.fromisoformat(row["won_date"]).date() >= lead[0]:
                buyers.add(row["mql_id"])

    tables = {}
    for position, dimension in ((1, "utm_medium"), (2, "utm_campaign")):
        lead_counts = collections.Counter(values[position] for values in leads.values())
        buyer_counts = collections.Counter(leads[lead_id][position] for lead_id in buyers)
        ordered = sorted(lead_counts, key=lambda group: (-lead_counts[group], group))
        tables[dimension] = [(group, lead_counts[group], buyer_counts[group]) for group in ordered]
    return tables, len(leads), len(buyers)


@pytest.fixture(scope="module")
def expected():
    return olist_expected()


@pytest.fixture(scope="module")
def olist_page(dashboard_server, chromium):
    """The dashboard page with the Olist launch opened, shared by the tests of this module."""
    record = open_page(chromium)
    page = record.page
    page.goto(dashboard_server.url, timeout=60_000)
    page.click(".hl-launch-olist-2018 .hl-launch-open", timeout=90_000)
    record.loading_message = page.inner_text(".hl-message-loading", timeout=30_000)
    page.wait_for_selector(TABLE, timeout=120_000)
    yield record
    page.context.close()


def change_and_wait(page, control: str, label: str) -> None:
    """Choose ``label`` in a dropdown and wait until the channel table is replaced.

    The table is only replaced when its HTML changes, so the choice must
    change what the table shows.
    """
    page.eval_on_selector(TABLE, "table => { table.dataset.stale = 'yes'; }")
    page.select_option(f"{control} select", label=label)
    page.wait_for_selector(f"{TABLE}:not([data-stale])", timeout=60_000)


def table_rows(page) -> list[dict]:
    return page.eval_on_selector_all(f"{TABLE} tbody tr", """rows => rows.map(row => ({
        group: row.querySelector('.hl-group').innerText,
        cells: [...row.cells].map(cell => cell.innerText),
        uncertain: row.querySelector('.hl-uncertain') !== null,
    }))""")


def total_cells(page) -> list[str]:
    return page.eval_on_selector(f"{TABLE} tfoot tr", "row => [...row.cells].map(c => c.innerText)")


def as_int(cell: str) -> int:
    return int(cell.replace(",", ""))


def test_indicators_by_medium_then_campaign(olist_page, expected):
    page = olist_page.page
    tables, total_leads, total_buyers = expected

    # The Olist launch file already groups by utm_medium, so the first
    # change is the order, which alters the table for change_and_wait.
    change_and_wait(page, ".hl-order-by", "Leads")
    medium = table_rows(page)
    assert page.inner_text(f"{TABLE} thead th:first-child") == "Medium"
    assert [(r["group"], as_int(r["cells"][1]), as_int(r["cells"][4])) for r in medium[:5]] == tables["utm_medium"][:5]
    assert len(medium) == len(tables["utm_medium"])

    change_and_wait(page, ".hl-sort-by", "Campaign")
    campaign = table_rows(page)
    assert page.inner_text(f"{TABLE} thead th:first-child") == "Campaign"
    assert [(r["group"], as_int(r["cells"][1]), as_int(r["cells"][4])) for r in campaign[:5]] == tables["utm_campaign"][:5]
    assert len(campaign) == len(tables["utm_campaign"])

    top_group, top_leads, top_buyers = tables["utm_campaign"][0]
    assert campaign[0]["cells"][5].startswith(f"{100 * top_buyers / top_leads:.1f}%")

    totals = total_cells(page)
    assert as_int(totals[1]) == total_leads
    assert as_int(totals[4]) == total_buyers
    assert page.inner_text(".hl-tile-leads .hl-tile-value") == f"{total_leads:,}"
    assert page.inner_text(".hl-tile-buyers .hl-tile-value") == f"{total_buyers:,}"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-indicators.png"), full_page=True)


def test_small_groups_marked_uncertain(olist_page):
    page = olist_page.page
    rows = table_rows(page)

    small = [row for row in rows if as_int(row["cells"][1]) < 30]
    assert small, "the campaign table should contain groups under 30 leads"
    assert all(row["uncertain"] for row in small)
    assert not any(row["uncertain"] for row in rows if as_int(row["cells"][1]) >= 30)
    assert all(re.search(r"\d%\s*\d", row["cells"][3]) for row in small)


def test_conversion_tab_shows_lift(olist_page):
    page = olist_page.page

    page.click(".hl-tabs .lm-TabBar-tab:has-text('Conversion & revenue')")
    page.wait_for_selector(".hl-conversion-table", state="visible", timeout=60_000)
    # The revenue chart is drawn last on this tab.
    page.wait_for_selector(".hl-revenue-chart :is(img, p)", timeout=60_000)

    assert page.inner_text(".hl-estimate-lift .hl-estimate-value").endswith("×")
    assert "CI" in page.inner_text(".hl-estimate-difference .hl-estimate-detail")
    assert page.locator(".hl-conversion-chart img").count() == 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-conversion.png"), full_page=True)


def test_quality_tab_counts_rejects(olist_page, expected):
    page = olist_page.page
    _tables, total_leads, _buyers = expected
    rows_in_export = 8000

    page.click(".hl-tabs .lm-TabBar-tab:has-text('Data quality')")
    page.wait_for_selector(".hl-rejects-table", state="visible", timeout=60_000)

    text = page.inner_text(".hl-quality")
    assert f"{rows_in_export - total_leads:,} rows were rejected" in text
    assert "signed up outside the capture period" in text
    assert "outside_capture_period" not in text
    page.screenshot(path=str(ARTIFACTS / "dashboard-quality.png"), full_page=True)


def test_loading_shows_progress(olist_page):
    assert olist_page.loading_message.startswith("Loading Olist seller acquisition, January to May 2018")


def test_kernel_logs_reach_server_log(olist_page, dashboard_server):
    log = dashboard_server.read_log()

    assert "[HotLeads INFO hotleads_core.dashboard.app] Analysing launch" in log


def test_page_shows_no_code_or_traceback(olist_page):
    page = olist_page.page
    shown = page.inner_text("body")

    assert "Traceback" not in shown
    assert "show_dashboard" not in shown
    assert "at 0x" not in shown
    assert "@" not in shown
    assert page.locator(".jp-InputArea").count() == 0
    assert olist_page.blocked == []


BROKEN_LAUNCH = """\
launch:
  name: broken
  title: Broken launch
  strategy: classic
leads:
  path: no-such-leads.csv
"""


def test_failed_load_plain_message(chromium, tmp_path):
    (tmp_path / "broken.yaml").write_text(BROKEN_LAUNCH, encoding="utf-8")
    server = start_server(params_dir=tmp_path)
    try:
        record = open_page(chromium)
        page = record.page
        page.goto(server.url, timeout=60_000)
        page.click(".hl-launch-broken .hl-launch-open", timeout=90_000)
        message = page.inner_text(".hl-message-error", timeout=60_000)
        shown = page.inner_text("body")
        page.context.close()
        log = server.read_log()
    finally:
        server.stop()

    assert message.startswith("The launch Broken launch could not be loaded")
    assert "Traceback" not in shown
    assert "could not be loaded" in log
    assert record.blocked == []
