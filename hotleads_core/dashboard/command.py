"""The ``hotleads dashboard`` subcommand: serve the dashboard with Voila until stopped."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import signal
import sys
from pathlib import Path

from hotleads_core.dashboard.server import LOOPBACK, ServerOptions, VoilaServer
from hotleads_core.errors import HotLeadsError

logger = logging.getLogger(__name__)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``dashboard`` subcommand to an ``argparse`` subparsers object."""
    parser = subparsers.add_parser(
        "dashboard",
        help="serve the interactive dashboard with Voila",
        description=(
            "Serve the HotLeads dashboard with Voila. It listens on 127.0.0.1 by default, "
            "so only this machine can open it; to serve a team, put a reverse proxy in "
            "front of it (see docs/dashboard.md)."
        ),
    )
    parser.add_argument("--port", type=int, default=8866,
                        help="TCP port to listen on (default: 8866; 0 picks a free port).")
    parser.add_argument("--host", default=LOOPBACK,
                        help="Address to listen on (default: 127.0.0.1). Any other address "
                             "requires --token or --password-env.")
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--token", default=None,
                        help="Secret that visitors pass once as ?token=...; other users of "
                             "this machine can read it in the process list, so prefer "
                             "--password-env on shared machines.")
    secret.add_argument("--password-env", metavar="VAR", default=None,
                        help="Name of an environment variable holding the login password.")
    parser.add_argument("--params", type=Path, default=Path("params"),
                        help="Folder of launch YAML files to list (default: params).")
    parser.add_argument("--base-url", default="/",
                        help="URL path prefix when a reverse proxy serves the dashboard "
                             "under a path, such as /hotleads/ (default: /).")
    parser.add_argument("--preheat", action="store_true",
                        help="Keep one kernel started ahead of the next visitor, so the page "
                             "appears about a second sooner.")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Serve the dashboard until SIGINT or SIGTERM; return the exit code.

    User errors (a missing folder, a missing password variable, a public
    address without a secret) print one message to stderr and return 2.
    """
    try:
        options = options_from_args(args)
        server = VoilaServer(options)
        server.start()
    except (HotLeadsError, RuntimeError) as error:
        print(f"hotleads dashboard: {error}", file=sys.stderr)
        return 2

    print(f"Serving the HotLeads dashboard at {server.url} (press Ctrl+C to stop).")
    previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        code = server.process.wait()
        logger.error("Voila (pid %s) exited with code %s", server.pid, code)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)


def options_from_args(args: argparse.Namespace) -> ServerOptions:
    """Build the server options from parsed arguments, checking the host and the secret."""
    hashed_password = None
    if args.password_env:
        hashed_password = _hash_password_from(args.password_env)
    if not _is_loopback(args.host) and not (args.token or hashed_password):
        raise DashboardOptionError(
            f"Refusing to listen on {args.host} without a token or password. "
            "Pass --token or --password-env, or keep the default 127.0.0.1 behind a reverse proxy."
        )
    base_url = "/" + args.base_url.strip("/") + "/" if args.base_url.strip("/") else "/"
    return ServerOptions(params_dir=args.params, port=args.port, host=args.host,
                         token=args.token, hashed_password=hashed_password,
                         base_url=base_url, preheat=args.preheat)


class DashboardOptionError(HotLeadsError, ValueError):
    """Invalid combination of ``hotleads dashboard`` options."""


def _hash_password_from(variable: str) -> str:
    password = os.environ.get(variable)
    if not password:
        raise DashboardOptionError(
            f"Environment variable {variable} is not set or empty. "
            f"Set it to the dashboard password, for example: read -s {variable}; export {variable}"
        )
    from jupyter_server.auth.security import passwd

    return passwd(password)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _raise_keyboard_interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt
