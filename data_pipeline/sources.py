"""Source interface: where the CBS files come from (offline snapshot or live CBS/cartomap).

Both implementations hand the loader the *same files* (the snapshot layout, see
``../shared/data/snapshot/README.md``), so everything downstream reads files, never the network.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import cbsodata
import pandas as pd
import requests

from data_pipeline.catalog import GEO_URL, ODATA_URL, Table
from data_pipeline.errors import BuildError

log = logging.getLogger(__name__)
T = TypeVar("T")


class Source(ABC):
    """Provides table folders (data.csv, info.json, <Dim>.json) and boundary files."""

    kind: str

    @abstractmethod
    def describe(self) -> str:
        """One line for the build log: which source and where."""

    @abstractmethod
    def table_dir(self, table: Table) -> Path:
        """Folder holding ``data.csv``, ``info.json`` and ``<Dim>.json`` for ``table``."""

    @abstractmethod
    def geo_file(self, level: str, year: int) -> Path | None:
        """Boundary file (TopoJSON or GeoJSON, WGS84) for a level, or None if not available."""

    @abstractmethod
    def origin(self, table_id: str) -> str:
        """Where a table came from (URL or path), stored in the ``source`` table."""


class SnapshotSource(Source):
    """Reads a snapshot folder; no network."""

    kind = "snapshot"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        if not (self.root / "cbs").is_dir():
            raise BuildError(
                "snapshot", f"geen map cbs/ in {self.root}", "zet ZICHT_SNAPSHOT of --snapshot"
            )

    def describe(self) -> str:
        return f"snapshot {self.root}"

    def table_dir(self, table: Table) -> Path:
        d = self.root / "cbs" / table.id
        if not (d / "data.csv").is_file():
            raise BuildError(
                table.id, f"bestand ontbreekt: {d / 'data.csv'}", "snapshot onvolledig"
            )
        return d

    def geo_file(self, level: str, year: int) -> Path | None:
        for ext in ("topojson", "geojson"):
            f = self.root / "geo" / f"{level}_{year}.{ext}"
            if f.is_file():
                return f
        return None

    def origin(self, table_id: str) -> str:
        # No absolute path: the origin is shown in the app and in exports.
        return f"offline snapshot (cbs/{table_id}, CBS StatLine)"


# --- live source ------------------------------------------------------------------------------

_RETRY_HINT = "probeer later opnieuw of bouw offline met --source snapshot"


def _status(exc: BaseException) -> int | None:
    """HTTP status behind an exception; cbsodata re-raises HTTPError without ``response``."""
    seen: BaseException | None = exc
    while seen is not None:
        response = getattr(seen, "response", None)
        if response is not None:
            return int(response.status_code)
        seen = seen.__cause__
    return None


def _retryable(exc: BaseException) -> bool:
    """Transient failures worth another try: no connection, timeouts, broken bodies, 5xx/429."""
    if isinstance(exc, requests.HTTPError):
        status = _status(exc)
        return status is not None and (status >= 500 or status == 429)
    return isinstance(
        exc,
        requests.ConnectionError | requests.Timeout | requests.exceptions.ChunkedEncodingError,
    )


def _describe(exc: BaseException, who: str) -> str:
    """Short Dutch reason for the build log (one line); ``who`` names the server."""
    status = _status(exc)
    if status is not None:
        if status == 404:
            return f"niet gevonden bij {who} (HTTP {status})"
        return f"{who} niet bereikbaar (HTTP {status})"
    if isinstance(exc, requests.Timeout):
        return f"{who} niet bereikbaar (time-out)"
    if isinstance(exc, requests.ConnectionError):
        return f"{who} niet bereikbaar (geen verbinding)"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return f"download van {who} afgebroken"
    return f"onverwacht antwoord van {who} ({type(exc).__name__}: {exc})"


def _write_atomic(files: dict[Path, bytes]) -> None:
    """Write files via temp names in their own folder and rename them in the given order.

    Nothing is renamed until every temp file is fully written, so a failure leaves no partial
    result; the caller orders ``files`` so that the cache marker (``info.json``) comes last.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".part"
            )
            temps.append((Path(name), target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
        for temp, target in temps:
            os.replace(temp, target)
    finally:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)


class LiveSource(Source):
    """Downloads from CBS OData (via cbsodata) and cartomap into a cache in the snapshot layout."""

    kind = "live"

    def __init__(
        self,
        cache_dir: Path,
        *,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: float = 30,
        session: requests.Session | None = None,
    ) -> None:
        # ``session`` serves the geo downloads; cbsodata opens its own Session per request.
        self.cache_dir = Path(cache_dir)
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.session = session or requests.Session()

    def describe(self) -> str:
        return f"live CBS OData (cache {self.cache_dir})"

    def origin(self, table_id: str) -> str:
        return ODATA_URL.format(table=table_id)

    def _retry(self, what: str, fn: Callable[[], T], who: str = "CBS") -> T:
        """Call ``fn``; retry transient failures with exponential back-off, then BuildError."""
        attempt = 0
        while True:
            try:
                return fn()
            except (requests.RequestException, ValueError, KeyError) as exc:
                if not _retryable(exc) or attempt >= self.retries:
                    raise BuildError(what, _describe(exc, who), _RETRY_HINT) from exc
                delay = self.backoff * (2**attempt)
                log.warning("%s: %s, nieuwe poging over %.1fs", what, _describe(exc, who), delay)
                time.sleep(delay)
                attempt += 1

    def table_dir(self, table: Table) -> Path:
        """Cached table folder; downloads it first when ``data.csv`` or ``info.json`` is missing."""
        d = self.cache_dir / "cbs" / table.id
        if (d / "data.csv").is_file() and (d / "info.json").is_file():
            return d
        kw = {"timeout": self.timeout}
        # Everything is fetched into memory first; the files are written only once all succeeded.
        rows = self._retry(table.id, lambda: cbsodata.get_data(table.id, **kw))
        dims = {
            dim: self._retry(table.id, lambda dim=dim: cbsodata.get_meta(table.id, dim, **kw))
            for dim in table.dims
        }
        info = self._retry(table.id, lambda: cbsodata.get_info(table.id, **kw)) or {}
        info = {
            **info,
            "source": "live",
            "url": self.origin(table.id),
            "downloaded": datetime.now(UTC).isoformat(timespec="seconds"),
            "rows": len(rows),
        }
        files: dict[Path, bytes] = {}
        for dim, meta in dims.items():
            reduced = [{"Key": m.get("Key"), "Title": m.get("Title")} for m in meta]
            files[d / f"{dim}.json"] = _json_bytes(reduced)
        files[d / "data.csv"] = pd.DataFrame(rows).to_csv(index=False).encode("utf-8")
        files[d / "info.json"] = _json_bytes(info)  # last: marks the table complete
        _write_atomic(files)
        return d

    def geo_file(self, level: str, year: int) -> Path | None:
        target = self.cache_dir / "geo" / f"{level}_{year}.topojson"
        if target.is_file():
            return target
        url = GEO_URL.format(level=level, year=year, ext="topojson")

        def fetch() -> bytes:
            r = self.session.get(url, timeout=self.timeout)
            r.raise_for_status()
            content = r.content
            json.loads(content)  # a truncated or garbled body must never reach the cache
            return content

        content = self._retry(f"geo {level}_{year}", fetch, "cartomap")
        _write_atomic({target: content})
        return target


def _json_bytes(obj: object) -> bytes:
    return json.dumps(obj, indent=1, ensure_ascii=False).encode("utf-8")


def open_source(kind: str, snapshot: Path | None, cache: Path) -> Source:
    """Pick the source for a build: ``auto`` prefers the offline snapshot when it is present."""
    k = (kind or "").strip().lower()
    if k == "snapshot":
        if snapshot is None or not Path(snapshot).is_dir():
            raise BuildError(
                "snapshot", f"map niet gevonden: {snapshot}", "zet ZICHT_SNAPSHOT of --snapshot"
            )
        return SnapshotSource(Path(snapshot))
    if k == "live":
        return LiveSource(Path(cache))
    if k == "auto":
        if snapshot is not None and (Path(snapshot) / "cbs").is_dir():
            return SnapshotSource(Path(snapshot))
        return LiveSource(Path(cache))
    raise BuildError("source", f"onbekende bron: {kind!r}", "kies auto, snapshot of live")
