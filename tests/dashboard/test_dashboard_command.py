"""Tests of ``hotleads dashboard`` argument handling (the server itself is tested elsewhere)."""

from __future__ import annotations

import argparse

import pytest
from dashboard_helpers import PARAMS

from hotleads_core.dashboard import command
from hotleads_core.dashboard.command import DashboardOptionError, options_from_args


def _parse(*arguments):
    parser = argparse.ArgumentParser(prog="hotleads")
    command.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["dashboard", "--params", str(PARAMS), *arguments])


def test_defaults_listen_on_loopback():
    options = options_from_args(_parse())

    assert options.host == "127.0.0.1"
    assert options.port == 8866
    assert options.token is None
    assert options.hashed_password is None
    assert options.base_url == "/"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("hotleads", "/hotleads/"), ("/hotleads/", "/hotleads/"), ("/a/b", "/a/b/"), ("/", "/")],
    ids=["bare", "slashes", "nested", "root"],
)
def test_base_url_normalised(given, expected):
    assert options_from_args(_parse("--base-url", given)).base_url == expected


def test_public_host_needs_secret():
    with pytest.raises(DashboardOptionError, match="Refusing to listen on 0.0.0.0"):
        options_from_args(_parse("--host", "0.0.0.0"))


def test_public_host_with_token_allowed():
    options = options_from_args(_parse("--host", "0.0.0.0", "--token", "abc"))

    assert (options.host, options.token) == ("0.0.0.0", "abc")


def test_password_env_is_hashed(monkeypatch):
    monkeypatch.setenv("HOTLEADS_TEST_DASHBOARD_PASSWORD", "correct horse")

    options = options_from_args(_parse("--password-env", "HOTLEADS_TEST_DASHBOARD_PASSWORD"))

    assert options.hashed_password.startswith("argon2:")
    assert "correct horse" not in options.hashed_password


def test_password_env_missing(monkeypatch):
    monkeypatch.delenv("HOTLEADS_TEST_DASHBOARD_PASSWORD", raising=False)
    args = _parse("--password-env", "HOTLEADS_TEST_DASHBOARD_PASSWORD")

    with pytest.raises(DashboardOptionError, match="HOTLEADS_TEST_DASHBOARD_PASSWORD is not set"):
        options_from_args(args)


def test_token_and_password_exclusive(capsys):
    with pytest.raises(SystemExit):
        _parse("--token", "a", "--password-env", "B")

    assert "not allowed with argument" in capsys.readouterr().err


def test_run_reports_missing_params(tmp_path, capsys):
    args = _parse("--params", str(tmp_path / "missing"))

    assert command.run(args) == 2
    assert "was not found" in capsys.readouterr().err


def test_cli_lists_dashboard():
    from hotleads_core.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["dashboard", "--help"])

    assert exit_info.value.code == 0
