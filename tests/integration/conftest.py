"""Fixtures for dashboard tests: the app on the session DB, a live server, headless Chromium."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import InProcess, browser_available, chrome


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


@pytest.fixture(scope="session")
def live_server(dash_app) -> Iterator[InProcess]:
    """The session app on a free loopback port (tests/harness.py)."""
    with InProcess(dash_app.server) as server:
        yield server


@pytest.fixture(scope="session")
def driver() -> Iterator:
    """Headless Chromium; skipped when absent, except in CI (CI must run browser tests)."""
    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail("chromium/chromedriver ontbreken, maar CI moet de browsertests draaien")
        pytest.skip("chromium/chromedriver niet geïnstalleerd")
    drv = chrome(logging={"browser": "ALL"})
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


@pytest.fixture(scope="session")
def sub_path_server(built_db) -> Iterator:
    """``zicht serve --base-path /zicht/``: the same app under a sub-path (its ``url`` ends in
    ``/zicht``, so every test path is appended as at ``/``)."""
    from types import SimpleNamespace

    from tests.harness import serve

    with serve(built_db, base_path="/zicht/") as served:
        yield SimpleNamespace(url=served.url + "/zicht", served=served)
