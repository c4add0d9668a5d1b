"""Shared fixtures: the real snapshot and one database built from it per test session."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from data_pipeline import settings
from data_pipeline.build import build
from data_pipeline.sources import SnapshotSource

SNAPSHOT = Path(os.environ.get("ZICHT_SNAPSHOT") or settings.SETTINGS["snapshot"].default)
#: the settings in the environment when the session started: fixtures leave them as they were
ENV_AT_START = {k: v for k, v in os.environ.items() if k.startswith("ZICHT_")}


@pytest.fixture(scope="session")
def snapshot_dir() -> Path:
    if not (SNAPSHOT / "cbs").is_dir():
        pytest.fail(f"snapshot ontbreekt: {SNAPSHOT} (zet ZICHT_SNAPSHOT)")
    return SNAPSHOT


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, snapshot_dir: Path) -> Path:
    """One database built from the real snapshot for the whole session (≈ 15 s).

    The store reads it from here on; the path reaches apps through ``create_app(config)`` and
    servers through ``--db`` (tests/harness.py), never through the environment.
    """
    from data_pipeline import store

    db = tmp_path_factory.mktemp("db") / "zicht.duckdb"
    build(SnapshotSource(snapshot_dir), db)
    store.use_db(db)
    return db


@pytest.fixture(scope="session")
def con(built_db: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(built_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="session")
def recorded_server(snapshot_dir: Path):
    """The recorded CBS/cartomap/PDOK on loopback (real HTTP), for the whole session."""
    from tests.recorded_cbs import RecordedCBS

    with RecordedCBS(snapshot=snapshot_dir) as server:
        yield server


@pytest.fixture
def cbs(recorded_server):
    """The recorded CBS with no faults and an empty call log; faults set by a test end with it."""
    recorded_server.faults.clear()
    recorded_server.calls.clear()
    recorded_server.page_size = 10_000
    yield recorded_server
    recorded_server.faults.clear()
    recorded_server.page_size = 10_000


def live_source(cache: Path, server, **kw):
    """A LiveSource pointed at the recorded server, without back-off waits."""
    from data_pipeline.live import LiveSource

    kw.setdefault("retries", 2)
    kw.setdefault("backoff", 0)
    kw.setdefault("timeout", 5)
    return LiveSource(
        cache,
        cbs_url=server.url,
        geo_url=f"{server.url}/nl/wgs84",
        pdok_url=f"{server.url}/pdok",
        **kw,
    )
