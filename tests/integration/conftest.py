"""Fixtures for dashboard tests: the app on the session DB, a live server, headless Chromium."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


@pytest.fixture(scope="session")
def dash_app(built_db: Path):
    """The one Dash app of this process, reading the session-built database."""
    import app as app_module
    from data_pipeline import settings

    return app_module.create_app(settings.load(db=built_db))


@pytest.fixture(scope="session")
def client(dash_app):
    """Flask test client (no network) for status codes and headers."""
    return dash_app.server.test_client()


class LiveServer:
    """The WSGI app on a free loopback port in a daemon thread."""

    def __init__(self, wsgi_app) -> None:
        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()


@pytest.fixture(scope="session")
def live_server(dash_app) -> Iterator[LiveServer]:
    with LiveServer(dash_app.server) as server:
        yield server


def chrome_options(width: int = 1366, height: int = 1000):
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in BROWSER_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


def new_driver(width: int = 1366, height: int = 1000):
    """A headless Chromium driven through Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    return webdriver.Chrome(
        service=Service(str(CHROMEDRIVER)), options=chrome_options(width, height)
    )


def browser_available() -> bool:
    return CHROMIUM.exists() and (CHROMEDRIVER.exists() or shutil.which("chromedriver") is not None)


@pytest.fixture(scope="session")
def driver() -> Iterator:
    """Headless Chromium; skipped when absent, except in CI (CI must run browser tests)."""
    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail("chromium/chromedriver ontbreken, maar CI moet de browsertests draaien")
        pytest.skip("chromium/chromedriver niet geïnstalleerd")
    drv = new_driver()
    drv.implicitly_wait(0)
    yield drv
    drv.quit()


def wait_for(condition, timeout: float = 15.0, interval: float = 0.1):
    """Poll ``condition()`` until it is truthy; return its value or fail with the last error."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - element not there yet
            last = exc
        time.sleep(interval)
    raise AssertionError(f"timed out waiting ({last!r})")
