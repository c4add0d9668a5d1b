"""The server harness (tests/harness.py): servers stop completely, fixtures leave the environment."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import psutil
import requests

from tests.conftest import ENV_AT_START
from tests.harness import InProcess, serve


def test_fixtures_leave_the_environment(built_db: Path, dash_app, live_server) -> None:
    from data_pipeline import store

    assert {k: v for k, v in os.environ.items() if k.startswith("ZICHT_")} == ENV_AT_START
    assert store.db_path() == built_db.resolve()  # the path went through the store, not ZICHT_DB
    assert requests.get(live_server.url + "/health", timeout=10).status_code == 200


def test_in_process_server_frees_its_port() -> None:
    def hello(environ, start_response):  # noqa: ANN001, ANN202 - a WSGI app
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"hallo"]

    with InProcess(hello) as server:
        assert requests.get(server.url, timeout=5).text == "hallo"
        port = server.port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))  # free again


def test_serve_in_debug_mode_stops_its_whole_group(built_db: Path) -> None:
    """The debug reloader forks a child that serves; stopping ends the leader and the child."""
    with serve(built_db, debug=True) as dev:
        pids = [p.pid for p in dev.processes()]
        assert len(pids) >= 2, "no reloader child"
        assert "Debug mode: on" in dev.log_tail()  # its output is captured
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(psutil.pid_exists(p) for p in pids):
        time.sleep(0.1)
    assert not [p for p in pids if psutil.pid_exists(p)]
