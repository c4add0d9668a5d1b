"""One way to start the app for tests, benchmarks, screenshots and soak runs.

- :class:`InProcess`: a WSGI app (``create_app(config).server``) on a free loopback port in a
  thread of this process; a context manager that shuts it down cleanly.
- :func:`serve`: the real CLI (``zicht serve``, or ``--prod`` gunicorn) as a subprocess on a free
  port, waited for until ``/health`` answers, its output in a log file, stopped with its whole
  process group (the debug reloader's child and gunicorn's workers included). :func:`spawn` runs
  any other server command the same way (the benchmark's naive gunicorn app).
- :func:`chrome`: headless Chromium driven through Debian's chromedriver.

Importable from ``tests/`` and ``benchmarks/`` alike (both run from the repository root).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin, also when it is not activated
ZICHT = BIN / "zicht"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- (a) in this process -------------------------------------------------------------------------


class InProcess:
    """A WSGI app on a free loopback port (port 0) in a daemon thread, werkzeug threaded."""

    def __init__(self, wsgi_app: Any) -> None:
        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> InProcess:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


# --- (b) a subprocess ----------------------------------------------------------------------------


@dataclass
class Served:
    """A server subprocess (leader of its own process group) on a loopback port."""

    cmd: list[str]
    port: int
    env: dict[str, str]
    log: Path
    health: str = "/health"
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    base = url  # the benchmark's name for it

    def log_tail(self, n: int = 2000) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def start(self, timeout: float = 60.0, workers: int = 0) -> Served:
        """Start and wait until ``health`` answers 200 (and ``workers`` children run)."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                self.cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,  # a group of its own: stopped as a whole
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        try:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.cmd[0]} stopped at start:\n{self.log_tail()}")
                try:
                    if requests.get(self.url + self.health, timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no answer within {timeout:.0f} s:\n{self.log_tail()}")
                time.sleep(0.2)
            while len(self.workers()) < workers and time.monotonic() < deadline:
                time.sleep(0.1)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM to the whole process group, SIGKILL when it does not end in time."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            _signal_group(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        _signal_group(self.proc.pid, signal.SIGKILL)  # whatever the leader left behind

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # memory and processes (psutil) --------------------------------------------------------

    def processes(self) -> list[psutil.Process]:
        """The leader (gunicorn's master) and all its children."""
        if self.proc is None:
            return []
        try:
            leader = psutil.Process(self.proc.pid)
            return [leader, *leader.children(recursive=True)]
        except psutil.Error:
            return []

    def workers(self) -> list[psutil.Process]:
        return self.processes()[1:]

    def rss_bytes(self) -> int:
        """Resident memory of the leader and its children, in bytes."""
        return sum(self.rss_per_process())

    def rss_mb(self) -> float:
        """:meth:`rss_bytes` in MB (10^6 bytes)."""
        return self.rss_bytes() / 1e6

    def uss_bytes(self) -> int:
        """Unique set size of the process tree (what it would free; shared pages once)."""
        total = 0
        for p in self.processes():
            try:
                total += p.memory_full_info().uss
            except psutil.Error:
                pass
        return total

    def rss_per_process(self) -> list[int]:
        out = []
        for p in self.processes():
            try:
                out.append(p.memory_info().rss)
            except psutil.Error:
                pass
        return out


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def child_env(db: Path | None = None, debug: bool = False, venv_on_path: bool = True) -> dict:
    """A server subprocess's environment: this one's, debug set, no online tiles, unbuffered."""
    env = dict(os.environ)
    env["ZICHT_DEBUG"] = "1" if debug else "0"
    env["PYTHONUNBUFFERED"] = "1"  # the log file has every line when a start fails
    env.pop("ZICHT_TILES", None)
    if db is not None:
        env["ZICHT_DB"] = str(db)  # for a server that takes no --db (the naive benchmark app)
    if venv_on_path:  # as an activated venv would
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def spawn(
    cmd: Sequence[str],
    port: int,
    env: dict[str, str],
    log: Path | None = None,
    health: str = "/health",
    timeout: float = 60.0,
    workers: int = 0,
) -> Served:
    """Start ``cmd`` (listening on ``port``) and wait until it is healthy; stop it with ``stop()``.

    Also a context manager: ``with spawn(...) as served:``.
    """
    if log is None:
        log = Path(tempfile.mkdtemp(prefix="zicht-serve-")) / f"server-{port}.log"
    return Served(list(cmd), port, env, log, health).start(timeout, workers)


def zicht_serve(
    db: Path, port: int, prod: bool = False, workers: int = 2, base_path: str = "/"
) -> list[str]:
    """The command line of ``zicht serve`` on loopback (``prod``: gunicorn, ``workers``;
    ``base_path``: served under that sub-path)."""
    cmd = [str(ZICHT), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--base-path", base_path] if base_path != "/" else []
    return cmd + ["--prod", "--workers", str(workers)] if prod else cmd


@contextmanager
def serve(
    db: Path,
    prod: bool = False,
    workers: int = 2,
    debug: bool = False,
    log: Path | None = None,
    health: str = "/health",
    timeout: float = 60.0,
    venv_on_path: bool = True,
    base_path: str = "/",
) -> Iterator[Served]:
    """``zicht serve`` (``prod``: ``--prod --workers N``, gunicorn) on a free loopback port.

    ``venv_on_path`` puts the venv's bin first on PATH, as an activated venv would;
    ``base_path``: under that sub-path (``health`` is then looked for under it too).
    """
    port = free_port()
    cmd = zicht_serve(db, port, prod, workers, base_path)
    env = child_env(db, debug=debug, venv_on_path=venv_on_path)
    health = base_path.rstrip("/") + health
    with spawn(cmd, port, env, log, health, timeout, workers if prod else 0) as served:
        yield served


def serve_prod(db: Path, workers: int = 3, **kw: Any) -> Any:
    """``zicht serve --prod`` (gunicorn master and ``workers`` workers) on loopback."""
    return serve(db, prod=True, workers=workers, **kw)


# --- (c) headless Chromium -----------------------------------------------------------------------


def browser_available() -> bool:
    return CHROMIUM.exists() and (CHROMEDRIVER.exists() or shutil.which("chromedriver") is not None)


def chrome(
    width: int = 1366,
    height: int = 1000,
    logging: dict[str, str] | None = None,
    flags: Sequence[str] = (),
) -> Any:
    """A fresh headless Chromium (its own empty profile) through Debian's chromedriver.

    ``logging``: the ``goog:loggingPrefs`` capability (e.g. ``{"browser": "ALL"}``); ``flags``
    are added to :data:`BROWSER_FLAGS` and the window size.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*BROWSER_FLAGS, f"--window-size={width},{height}", *flags):
        options.add_argument(flag)
    if logging:
        options.set_capability("goog:loggingPrefs", logging)
    driver = CHROMEDRIVER if CHROMEDRIVER.exists() else shutil.which("chromedriver")
    return webdriver.Chrome(service=Service(str(driver)), options=options)
