"""Tests of the Voila server: only the dashboard is served, on 127.0.0.1, with its secrets."""

from __future__ import annotations

import json
import sys
import urllib.parse

import pytest
from dashboard_helpers import PARAMS, fetch, start_server

from hotleads_core.dashboard.server import (
    ServerOptions,
    prepare_site,
    voila_command,
    voila_environment,
)
from hotleads_core.errors import ConfigError

REFUSED = (403, 404)


@pytest.mark.parametrize(
    "path",
    [
        "voila/tree",
        "voila/tree/params",
        "voila/files/params/olist-2018.yaml",
        "voila/files/../params/olist-2018.yaml",
        "voila/files/%2e%2e/%2e%2e/params/olist-2018.yaml",
        "voila/files/../../../../etc/passwd",
        "voila/render/launch_report.ipynb",
        "voila/render/dashboard.ipynb",
        "voila/files/dashboard.ipynb",
        "voila/files/data/olist_marketing_funnel/olist_closed_deals_dataset.csv",
    ],
    ids=["tree", "tree-params", "params-file", "dot-dot", "encoded-dot-dot", "etc-passwd",
         "other-notebook", "render-dashboard", "notebook-source", "data-file"],
)
def test_server_refuses_path(dashboard_server, path):
    response = fetch(dashboard_server.url + path)

    assert response.status in REFUSED
    assert "launch:" not in response.body
    assert "mql_id" not in response.body


def test_server_serves_dashboard_without_code(dashboard_server):
    response = fetch(dashboard_server.url)

    assert response.status == 200
    assert "show_dashboard" not in response.body
    assert "cdn.jsdelivr.net" not in response.body
    assert "cdnjs.cloudflare.com" not in response.body


def test_server_listens_on_loopback(dashboard_server):
    assert urllib.parse.urlsplit(dashboard_server.url).hostname == "127.0.0.1"
    assert "--Voila.ip=127.0.0.1" in voila_command(dashboard_server.options, dashboard_server.site)


def test_server_root_holds_only_notebook(dashboard_server):
    assert sorted(p.name for p in dashboard_server.site["root"].iterdir()) == ["dashboard.ipynb"]


def test_server_kernel_spec_is_this_python(tmp_path):
    site = prepare_site(ServerOptions(params_dir=PARAMS), tmp_path)

    spec = json.loads((site["data"] / "kernels" / "python3" / "kernel.json").read_text())
    environment = voila_environment(ServerOptions(params_dir=PARAMS), site)

    assert spec["argv"][0] == sys.executable
    assert environment["JUPYTER_DATA_DIR"] == str(site["data"])
    assert environment["JUPYTER_CONFIG_DIR"] == str(site["config"])
    assert environment["HOTLEADS_PARAMS_DIR"] == str(PARAMS.resolve())


def test_server_keeps_token_out_of_command(tmp_path):
    options = ServerOptions(params_dir=PARAMS, token="s3cret-token")
    site = prepare_site(options, tmp_path)

    config = json.loads((site["config"] / "voila.json").read_text())

    assert "s3cret-token" not in " ".join(voila_command(options, site))
    assert config["Voila"]["token"] == "s3cret-token"
    assert (site["config"] / "voila.json").stat().st_mode & 0o077 == 0


def test_server_rejects_token_and_password(tmp_path):
    options = ServerOptions(params_dir=PARAMS, token="a", hashed_password="argon2:b")

    with pytest.raises(ConfigError, match="Both a token and a password"):
        prepare_site(options, tmp_path)


def test_server_rejects_missing_params(tmp_path):
    with pytest.raises(ConfigError, match="Launch folder .* was not found"):
        prepare_site(ServerOptions(params_dir=tmp_path / "missing"), tmp_path)


def test_server_requires_token():
    server = start_server(token="dashboard-token")
    try:
        without = fetch(server.url)
        with_token = fetch(server.url + "?token=dashboard-token")
    finally:
        server.stop()

    assert without.status in REFUSED or "/login" in without.url
    assert with_token.status == 200
    assert "voila_process" in with_token.body


def test_server_requires_password():
    from jupyter_server.auth.security import passwd

    server = start_server(hashed_password=passwd("dashboard-password"))
    try:
        response = fetch(server.url)
    finally:
        server.stop()

    assert "/login" in response.url
    assert "voila_process" not in response.body
    assert server.process.poll() is not None
