"""Fixtures of the dashboard tests: a real Voila server on 127.0.0.1 and Debian's Chromium.

The server serves the repository's ``params/`` folder, whose bundled Olist
launch reads ``data/olist_marketing_funnel/``. Jupyter's folders point into
the server's temporary folder (see :mod:`hotleads_core.dashboard.server`).
"""

from __future__ import annotations

import pytest
from dashboard_helpers import CHROMIUM, CHROMIUM_ARGS, start_server


@pytest.fixture(scope="session")
def dashboard_server():
    """One Voila server for every test of the dashboard; SIGTERM to its PID at the end."""
    server = start_server()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright, without Playwright's own browser download."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()
