"""Sources: the live CBS/cartomap download against recorded responses, and source selection."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses

from data_pipeline.catalog import GEO_URL, ODATA_URL, Table
from data_pipeline.errors import BuildError
from data_pipeline.sources import LiveSource, SnapshotSource, open_source
from tests.unit.recorded import SNAPSHOT, RecordedCBS, RecordedFile

TABLE_ID = "86054NED"
TABLE = Table(id=TABLE_ID, alias="t", title="t", topics=(), region_dim="RegioS",
              dims=("RegioS", "Perioden"))  # fmt: skip
GEO = GEO_URL.format(level="gemeente", year=2024, ext="topojson")

pytestmark = pytest.mark.skipif(
    not (SNAPSHOT / "cbs" / TABLE_ID / "data.csv").is_file(), reason=f"no snapshot at {SNAPSHOT}"
)


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    """Every HTTP call is intercepted; an unregistered URL raises ConnectionError."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def cbs(rsps: responses.RequestsMock) -> RecordedCBS:
    rec = RecordedCBS(TABLE_ID)
    rec.register(rsps)
    return rec


@pytest.fixture
def live(tmp_path: Path) -> LiveSource:
    return LiveSource(tmp_path / "cache", retries=2, backoff=0, timeout=5)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_live_download_reproduces_snapshot(live: LiveSource, cbs: RecordedCBS) -> None:
    d = live.table_dir(TABLE)
    snap = SNAPSHOT / "cbs" / TABLE_ID
    assert d == live.cache_dir / "cbs" / TABLE_ID
    assert _files(d) == ["Perioden.json", "RegioS.json", "data.csv", "info.json"]
    assert _rows(d / "data.csv") == _rows(snap / "data.csv")
    for dim in TABLE.dims:
        got = json.loads((d / f"{dim}.json").read_text(encoding="utf-8"))
        assert got == json.loads((snap / f"{dim}.json").read_text(encoding="utf-8"))
    info = json.loads((d / "info.json").read_text(encoding="utf-8"))
    assert info["Identifier"] == TABLE_ID
    assert info["source"] == "live"
    assert info["url"] == ODATA_URL.format(table=TABLE_ID)
    assert info["downloaded"]
    assert any("$skip=" in url for url in cbs.calls), "recorded data set should be paginated"


def test_second_call_uses_cache(live: LiveSource, cbs: RecordedCBS) -> None:
    live.table_dir(TABLE)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as offline:
        assert live.table_dir(TABLE) == live.cache_dir / "cbs" / TABLE_ID
        assert len(offline.calls) == 0


def test_incomplete_cache_is_downloaded_again(live: LiveSource, cbs: RecordedCBS) -> None:
    d = live.cache_dir / "cbs" / TABLE_ID
    d.mkdir(parents=True)
    (d / "data.csv").write_text("stale\n")  # no info.json: not a complete table
    live.table_dir(TABLE)
    assert _rows(d / "data.csv") == _rows(SNAPSHOT / "cbs" / TABLE_ID / "data.csv")


@pytest.mark.parametrize("part", ["", "TypedDataSet", "RegioS", "TableInfos"])
def test_transient_500_is_retried(live: LiveSource, cbs: RecordedCBS, part: str) -> None:
    cbs.fail(part, 500, times=2)
    d = live.table_dir(TABLE)
    assert _rows(d / "data.csv") == _rows(SNAPSHOT / "cbs" / TABLE_ID / "data.csv")


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (requests.ConnectionError("Connection refused"), "geen verbinding"),
        (requests.ReadTimeout("read timed out"), "time-out"),
        (500, "HTTP 500"),
        (503, "HTTP 503"),
    ],
)
def test_persistent_failure_raises_build_error(
    live: LiveSource, cbs: RecordedCBS, fault: int | Exception, reason: str
) -> None:
    cbs.fail("", fault)
    with pytest.raises(BuildError) as err:
        live.table_dir(TABLE)
    assert err.value.table == TABLE_ID
    assert reason in err.value.problem
    assert "--source snapshot" in err.value.hint
    assert len(cbs.calls) == live.retries + 1
    assert _files(live.cache_dir) == []


def test_not_found_is_not_retried(live: LiveSource, cbs: RecordedCBS) -> None:
    cbs.fail("", 404)
    with pytest.raises(BuildError, match="HTTP 404"):
        live.table_dir(TABLE)
    assert len(cbs.calls) == 1


@pytest.mark.parametrize("fault", [500, requests.ConnectionError("reset by peer")])
def test_pagination_breaking_halfway_leaves_no_partial_table(
    live: LiveSource, cbs: RecordedCBS, fault: int | Exception
) -> None:
    cbs.fail("TypedDataSet", fault, page=2)
    with pytest.raises(BuildError, match=TABLE_ID):
        live.table_dir(TABLE)
    assert any("$skip=" in url for url in cbs.calls)
    assert not (live.cache_dir / "cbs" / TABLE_ID / "data.csv").exists()
    assert _files(live.cache_dir) == []


def test_failure_after_data_leaves_no_partial_table(live: LiveSource, cbs: RecordedCBS) -> None:
    cbs.fail("TableInfos", 500)  # get_data and get_meta succeed, get_info keeps failing
    with pytest.raises(BuildError, match=TABLE_ID):
        live.table_dir(TABLE)
    assert _files(live.cache_dir) == []


def test_geo_download_is_cached(live: LiveSource, rsps: responses.RequestsMock) -> None:
    rec = RecordedFile(GEO, SNAPSHOT / "geo" / "gemeente_2024.topojson")
    rec.register(rsps)
    rec.fail("file", 502, times=1)
    f = live.geo_file("gemeente", 2024)
    assert f == live.cache_dir / "geo" / "gemeente_2024.topojson"
    assert f.read_bytes() == rec.body
    assert _files(live.cache_dir) == ["gemeente_2024.topojson"]
    assert live.geo_file("gemeente", 2024) == f
    assert len(rec.calls) == 2  # one retry, then served from the cache


@pytest.mark.parametrize("fault", [500, requests.ConnectionError("refused"), 404])
def test_geo_failure_leaves_no_file(
    live: LiveSource, rsps: responses.RequestsMock, fault: int | Exception
) -> None:
    rec = RecordedFile(GEO, SNAPSHOT / "geo" / "gemeente_2024.topojson")
    rec.register(rsps)
    rec.fail("file", fault)
    with pytest.raises(BuildError) as err:
        live.geo_file("gemeente", 2024)
    assert err.value.table == "geo gemeente_2024"
    assert _files(live.cache_dir) == []


def test_geo_truncated_body_is_not_cached(
    live: LiveSource, rsps: responses.RequestsMock, tmp_path: Path
) -> None:
    half = tmp_path / "half.topojson"
    body = (SNAPSHOT / "geo" / "gemeente_2024.topojson").read_bytes()
    half.write_bytes(body[: len(body) // 2])
    RecordedFile(GEO, half).register(rsps)
    with pytest.raises(BuildError):
        live.geo_file("gemeente", 2024)
    assert _files(live.cache_dir) == []


def test_live_describe_and_origin(live: LiveSource) -> None:
    assert str(live.cache_dir) in live.describe()
    assert live.describe().startswith("live CBS OData")
    assert live.origin(TABLE_ID) == ODATA_URL.format(table=TABLE_ID)
    assert live.kind == "live"


def test_open_source(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert isinstance(open_source("auto", SNAPSHOT, cache), SnapshotSource)
    assert isinstance(open_source("snapshot", SNAPSHOT, cache), SnapshotSource)
    live = open_source("live", SNAPSHOT, cache)
    assert isinstance(live, LiveSource) and live.cache_dir == cache
    assert isinstance(open_source("auto", tmp_path / "missing", cache), LiveSource)
    assert isinstance(open_source("auto", None, cache), LiveSource)
    with pytest.raises(BuildError):
        open_source("snapshot", tmp_path / "missing", cache)
    with pytest.raises(BuildError):
        open_source("snapshot", None, cache)
    with pytest.raises(BuildError, match="onbekende bron"):
        open_source("ftp", SNAPSHOT, cache)
