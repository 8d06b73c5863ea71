"""Helpers of the dashboard tests: HTTP requests with a timeout, the server, the browser page."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from hotleads_core.dashboard.server import ServerOptions, VoilaServer, free_port

REPO = Path(__file__).resolve().parents[2]
PARAMS = REPO / "params"
ARTIFACTS = REPO / "test-artifacts"
TEST_HASH_KEY = "dashboard-test-key"
HTTP_TIMEOUT = 30
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@dataclass(frozen=True)
class Response:
    """Status, final URL and body of an HTTP request after redirects."""

    status: int
    url: str
    body: str


def fetch(url: str, timeout: float = HTTP_TIMEOUT) -> Response:
    """GET ``url`` with a timeout, following redirects; HTTP errors become a Response too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return Response(reply.status, reply.url, reply.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.url, error.read().decode("utf-8", "replace"))


def start_server(params_dir=PARAMS, **overrides) -> VoilaServer:
    """Start Voila on 127.0.0.1 on a free port, by default for the repository's launches."""
    options = ServerOptions(params_dir=params_dir, port=free_port(),
                            extra_env={"HOTLEADS_HASH_KEY": TEST_HASH_KEY}, **overrides)
    return VoilaServer(options).start()


@dataclass
class PageRecord:
    """A browser page with the requests it tried to send to other hosts."""

    page: object
    blocked: list
    loading_message: str = ""


def open_page(browser, viewport=(1366, 1800)) -> PageRecord:
    """Open a page that aborts every request to a host other than 127.0.0.1."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(60_000)
    record = PageRecord(page=page, blocked=[])

    def guard(route):
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            record.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return record
