"""A refresh while serving: requests keep succeeding and the app picks up the new file."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest

from data_pipeline import store
from tests.harness import ZICHT
from tests.integration.loadgen import CALLBACK, Callbacks, download, leaks, readable

GEMEENTE = "GM0363"
INDICATOR = "vastgoed.woz"
MARKER = 4242.0  # a value no real build produces


@dataclass
class Traffic:
    """What the reader threads saw: every failure, and the versions/values over time."""

    errors: list[str] = field(default_factory=list)
    requests: int = 0
    values: list[tuple[float, float | None]] = field(default_factory=list)
    geo_versions: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def latest_value(self) -> float | None:
        with self.lock:
            return self.values[-1][1] if self.values else None

    def latest_geo(self) -> str | None:
        with self.lock:
            return self.geo_versions[-1][1] if self.geo_versions else None


def _value(body: dict[str, Any]) -> float | None:
    _, raw = download(body, "tabel-download-csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    hits = [r for r in rows if r["gebied_code"] == GEMEENTE and r["indicator_id"] == INDICATOR]
    return float(hits[0]["waarde"]) if hits and hits[0]["waarde"] else None


def _reader(app: Any, cb: Callbacks, traffic: Traffic, stop: threading.Event, n: int) -> None:
    """One user: page shell, the Kaart page render, a CSV export and boundaries, in a loop."""
    client = app.server.test_client()
    export = cb.export("csv", GEMEENTE, niveau="gemeente", indicator=INDICATOR)
    page = cb.page("/kaart", f"?gemeente={GEMEENTE}")
    steps = ["shell", "render", "export", "geo"]
    i = n
    while not stop.is_set():
        step = steps[i % len(steps)]
        i += 1
        try:
            if step == "shell":
                resp = client.get("/kaart")
            elif step == "render":
                resp = client.post(CALLBACK, json=page)
            elif step == "export":
                resp = client.post(CALLBACK, json=export)
            else:
                resp = client.get("/geo/gemeente.json")
            body = resp.get_data()
            banner = b'"sideUpdate"' in body and b"app-error" in body  # on_error was called
            bad = resp.status_code != 200 or leaks(body) or banner
            with traffic.lock:
                traffic.requests += 1
                if bad:
                    why = f"HTTP {resp.status_code} leaks {leaks(body)} banner {banner}"
                    traffic.errors.append(f"{step}: {why} {body[:120]!r}")
            if not bad and step == "export":
                value = _value(json.loads(body))
                with traffic.lock:
                    traffic.values.append((time.monotonic(), value))
            if not bad and step == "render":
                m = re.search(r"/geo/gemeente\.json\?v=([0-9a-f]+)", readable(body))
                if m:
                    with traffic.lock:
                        traffic.geo_versions.append((time.monotonic(), m.group(1)))
        except Exception as exc:  # noqa: BLE001 - every failure is a finding
            with traffic.lock:
                traffic.errors.append(f"{step}: {exc!r}")
        time.sleep(0.02)  # leave the build some CPU


@pytest.fixture
def served(tmp_path: Path, built_db: Path, dash_app: Any) -> Iterator[Path]:
    """A private copy of the database that the app serves for this test only."""
    folder = tmp_path / "served"
    folder.mkdir()
    db = folder / "zicht.duckdb"
    shutil.copy2(built_db, db)
    store.use_db(db)
    try:
        yield db
    finally:
        store.use_db(built_db)


def _marked_copy(src: Path, dest: Path, value: float) -> None:
    """A finished database file that differs from ``src`` in one value and its build time."""
    shutil.copy2(src, dest)
    con = duckdb.connect(str(dest))
    try:
        con.execute(
            "UPDATE indicator_value SET value = ? WHERE indicator_id = ? AND region_code = ?",
            [value, INDICATOR, GEMEENTE],
        )
        con.execute("UPDATE build_info SET value = 'refresh-test' WHERE key = 'built_at'")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _wait(cond: Any, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return False


@contextmanager
def readers(app: Any, users: int = 4) -> Iterator[Traffic]:
    """Reader threads hammering the app until the block ends."""
    client = app.server.test_client()
    cb = Callbacks.fetch(lambda p: client.get(p).get_json())
    traffic, stop = Traffic(), threading.Event()
    threads = [
        threading.Thread(target=_reader, args=(app, cb, traffic, stop, n), daemon=True)
        for n in range(users)
    ]
    for t in threads:
        t.start()
    try:
        assert _wait(lambda: traffic.latest_value() is not None and traffic.latest_geo())
        yield traffic
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)


def _no_errors(traffic: Traffic, caplog: pytest.LogCaptureFixture, served: Path) -> None:
    assert not traffic.errors, "\n".join(traffic.errors[:20])
    logged = sorted({r.getMessage()[:160] for r in caplog.records if r.levelno >= logging.ERROR})
    assert not logged, "\n".join(logged)
    assert sorted(p.name for p in served.parent.iterdir()) == ["zicht.duckdb"]
    assert store.db_path() == served.resolve()


@pytest.mark.slow  # a full build runs while the readers go on (≈ 20 s)
def test_rebuild_while_serving_never_errors(
    served: Path,
    built_db: Path,
    snapshot_dir: Path,
    dash_app: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A real build into the served path, then rapid swaps: every request succeeds."""
    caplog.set_level(logging.ERROR)
    with readers(dash_app) as traffic:
        geo_before = traffic.latest_geo()
        inode = served.stat().st_ino
        # the refresh as an operator runs it: another process, temp file beside, then rename
        args = [str(ZICHT), "build", "--source", "snapshot", "--snapshot", str(snapshot_dir)]
        done = subprocess.run([*args, "--db", str(served)], capture_output=True, timeout=180)
        assert done.returncode == 0, done.stderr[-2000:]
        assert served.stat().st_ino != inode, "build did not replace the file"
        assert _wait(lambda: traffic.latest_geo() != geo_before), "new file not noticed"
        for k in range(6):
            nxt = served.with_name(f"swap{k}.duckdb")
            if k % 2:
                shutil.copy2(built_db, nxt)
            else:
                _marked_copy(built_db, nxt, MARKER + k)
            os.replace(nxt, served)
            time.sleep(0.3)
        n_before = traffic.requests
        assert _wait(lambda: traffic.requests > n_before + 8)
    print(
        f"\nrefresh: {traffic.requests} requests during 1 build + 6 swaps, "
        f"{len(traffic.errors)} errors, {len({v for _, v in traffic.geo_versions})} DB versions"
    )
    _no_errors(traffic, caplog, served)


def test_swapped_file_serves_new_values(
    served: Path, built_db: Path, dash_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    with readers(dash_app) as traffic:
        original = traffic.latest_value()
        assert original is not None and original != MARKER
        marked = served.with_name("marked.duckdb")
        _marked_copy(built_db, marked, MARKER)
        os.replace(marked, served)
        picked_up = _wait(lambda: traffic.latest_value() == MARKER, timeout=3)
        back = served.with_name("back.duckdb")
        shutil.copy2(built_db, back)
        os.replace(back, served)
        restored = _wait(lambda: traffic.latest_value() == original, timeout=3)
    _no_errors(traffic, caplog, served)
    assert picked_up, "the swapped-in database's value was never served"
    assert restored


def test_missing_database_gives_calm_message(served: Path, dash_app: Any) -> None:
    """The file gone (operator error mid-refresh): a Dutch message, no traceback, no path."""
    client = dash_app.server.test_client()
    cb = Callbacks.fetch(lambda p: client.get(p).get_json())
    aside = served.with_name("aside.duckdb")
    os.replace(served, aside)
    try:
        resp = client.post(CALLBACK, json=cb.page("/kaart", ""))
        body = resp.get_data()
        assert resp.status_code in (200, 503)
        assert not leaks(body), leaks(body)
        assert b"Traceback" not in body
        text = readable(body)
        assert str(served.parent) not in text, f"server file path shown to users: {text[:300]}"
    finally:
        os.replace(aside, served)
    assert client.post(CALLBACK, json=cb.page("/kaart", "")).status_code == 200
