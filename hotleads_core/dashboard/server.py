"""Start Voila so that it serves the dashboard notebook and nothing else.

Voila runs on one notebook copied into a fresh site folder that contains
only that notebook. Its file handler allows no file at all, so the file
tree, the launch YAML files, the data and other notebooks cannot be
requested. In single-notebook mode Voila redirects any other path to
``/voila/files/...``, which then returns 403 or 404. The launch folder
reaches the notebook's kernel through the ``HOTLEADS_PARAMS_DIR``
environment variable, never through the web server.

Jupyter's data, runtime and config folders point into the site folder, with
a kernel spec that runs this interpreter, so a kernel spec or a config file
in the user's home folder cannot change what runs.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from hotleads_core.errors import ConfigError

logger = logging.getLogger(__name__)

PARAMS_ENV = "HOTLEADS_PARAMS_DIR"
LOOPBACK = "127.0.0.1"
TEMPLATE_NAME = "hotleads"
NOTEBOOK_NAME = "dashboard.ipynb"

# The notebook ships in the repository's notebooks/ folder, beside the package.
DEFAULT_NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / NOTEBOOK_NAME


@dataclass(frozen=True)
class ServerOptions:
    """How to serve the dashboard.

    Attributes
    ----------
    params_dir : Path
        Folder of launch YAML files that the launch selector lists.
    port : int
        TCP port; 0 picks a free port on ``host``.
    host : str
        Address to listen on. 127.0.0.1 keeps the dashboard on this machine;
        serve a team through a reverse proxy instead of another address.
    token : str or None
        Secret that a visitor must pass as ``?token=...`` once.
    hashed_password : str or None
        A password hash from ``jupyter_server.auth.passwd``; visitors log in on
        a form. At most one of ``token`` and ``hashed_password`` is set.
    base_url : str
        URL prefix when a reverse proxy serves the dashboard under a path.
    preheat : bool
        Keep one kernel started ahead of the next page load, which makes the
        widgets appear about a second sooner.
    notebook : Path
        The dashboard notebook to serve.
    """

    params_dir: Path
    port: int = 8866
    host: str = LOOPBACK
    token: str | None = None
    hashed_password: str | None = None
    base_url: str = "/"
    preheat: bool = False
    notebook: Path = DEFAULT_NOTEBOOK
    extra_env: dict[str, str] = field(default_factory=dict)


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port that is free on ``host`` at the time of the call."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def prepare_site(options: ServerOptions, folder: Path) -> dict[str, Path]:
    """Lay out the served folder, the template and Jupyter's folders under ``folder``.

    Returns
    -------
    dict
        ``root`` (the served folder), ``data``, ``runtime`` and ``config``
        (Jupyter's folders) and ``jupyter_path`` (where Voila finds the template).
    """
    _check_options(options)
    paths = {name: folder / name for name in ("root", "data", "runtime", "config", "jupyter_path")}
    for path in paths.values():
        path.mkdir(parents=True, exist_ok=True)

    shutil.copyfile(options.notebook, paths["root"] / NOTEBOOK_NAME)
    _copy_template(paths["jupyter_path"] / "voila" / "templates" / TEMPLATE_NAME)
    _write_kernel_spec(paths["data"] / "kernels" / "python3")
    _write_voila_config(paths["config"] / "voila.json", options)
    return paths


def voila_command(options: ServerOptions, site: dict[str, Path]) -> list[str]:
    """Return the Voila command line, which contains no secret because secrets go to the config file."""
    command = [
        sys.executable, "-m", "voila", str(site["root"] / NOTEBOOK_NAME),
        "--no-browser",
        f"--port={options.port}",
        f"--Voila.ip={options.host}",
        f"--Voila.base_url={options.base_url}",
        f"--template={TEMPLATE_NAME}",
        "--show_tracebacks=False",
        "--strip_sources=True",
    ]
    if options.preheat:
        command += ["--preheat_kernel=True", "--pool_size=1"]
    return command


def voila_environment(options: ServerOptions, site: dict[str, Path]) -> dict[str, str]:
    """Return the environment of the Voila process and of the kernels it starts."""
    environment = dict(os.environ)
    environment.update({
        PARAMS_ENV: str(Path(options.params_dir).resolve()),
        "JUPYTER_DATA_DIR": str(site["data"]),
        "JUPYTER_RUNTIME_DIR": str(site["runtime"]),
        "JUPYTER_CONFIG_DIR": str(site["config"]),
        "JUPYTER_PATH": str(site["jupyter_path"]),
        "JUPYTER_PLATFORM_DIRS": "1",
        "MPLBACKEND": "Agg",
    })
    environment.pop("JUPYTER_TOKEN", None)
    environment.pop("JUPYTER_TOKEN_FILE", None)
    environment.update(options.extra_env)
    return environment


class VoilaServer:
    """A Voila process serving the dashboard, and a context manager that stops it on exit.

    The process is started directly, without a shell, so ``pid`` is Voila's
    own process id. SIGTERM to it shuts its kernels down.
    """

    def __init__(self, options: ServerOptions):
        if options.port == 0:
            options = dataclasses.replace(options, port=free_port(options.host))
        self.options = options
        self._folder = tempfile.TemporaryDirectory(prefix="hotleads-dashboard-")
        self.site = prepare_site(options, Path(self._folder.name))
        self.log_path = Path(self._folder.name) / "voila.log"
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        """Voila's process id, or None before :meth:`start`."""
        return self.process.pid if self.process else None

    @property
    def url(self) -> str:
        """The dashboard's address on this machine, without the token."""
        base = self.options.base_url.rstrip("/")
        return f"http://{self.options.host}:{self.options.port}{base}/"

    def start(self, timeout: float = 60.0) -> "VoilaServer":
        """Start Voila and wait until it responds to HTTP, raising RuntimeError on failure."""
        log_file = self.log_path.open("wb")
        self.process = subprocess.Popen(
            voila_command(self.options, self.site),
            cwd=self.site["root"], env=voila_environment(self.options, self.site),
            stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log_file.close()
        logger.info("Started Voila (pid %s) on %s", self.process.pid, self.url)
        try:
            self._wait_until_listening(timeout)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 15.0) -> None:
        """Send SIGTERM to Voila and wait for it, then SIGKILL it if it did not exit in time."""
        if self.process is None or self.process.poll() is not None:
            self._folder.cleanup()
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            logger.warning("Voila (pid %s) did not stop within %s s; killing it",
                           self.process.pid, timeout)
            self.process.kill()
            self.process.wait(timeout)
        logger.info("Stopped Voila (pid %s)", self.process.pid)
        self._folder.cleanup()

    def read_log(self) -> str:
        """Return what Voila and its kernels wrote to the log file so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> "VoilaServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        probe = f"http://{self.options.host}:{self.options.port}{self.options.base_url.rstrip('/')}/voila/static/"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Voila exited with code {self.process.returncode} before listening. "
                    f"Its log:\n{self.read_log()[-2000:]}"
                )
            try:
                urllib.request.urlopen(probe, timeout=2)
                return
            except urllib.error.HTTPError:
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"Voila did not respond on {self.url} within {timeout} s.")


def _check_options(options: ServerOptions) -> None:
    if options.token and options.hashed_password:
        raise ConfigError(
            "Both a token and a password were given.", field="dashboard",
            fix="Pass either --token or --password-env, not both.",
        )
    if not Path(options.params_dir).is_dir():
        raise ConfigError(
            f"Launch folder {options.params_dir} was not found.", field="params",
            value=str(options.params_dir), fix="Pass --params with a folder of launch YAML files.",
        )
    if not Path(options.notebook).is_file():
        raise ConfigError(
            f"Dashboard notebook {options.notebook} was not found.", field="notebook",
            value=str(options.notebook),
            fix="Run the dashboard from a checkout of the repository, which has notebooks/dashboard.ipynb.",
        )


def _copy_template(target: Path) -> None:
    source = resources.files("hotleads_core.dashboard").joinpath("templates", TEMPLATE_NAME)
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        (target / entry.name).write_bytes(entry.read_bytes())


def _write_kernel_spec(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (HotLeads)",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


def _write_voila_config(path: Path, options: ServerOptions) -> None:
    config: dict = {
        "Voila": {"token": options.token or ""},
        "VoilaConfiguration": {"file_allowlist": [], "file_denylist": [".*"]},
    }
    if options.hashed_password:
        config["PasswordIdentityProvider"] = {"hashed_password": options.hashed_password}
    path.write_text(json.dumps(config), encoding="utf-8")
    path.chmod(0o600)
