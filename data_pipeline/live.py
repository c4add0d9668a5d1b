"""The live source: CBS OData (rows and columns chosen on the server, pages kept for resume)
and boundaries from cartomap with PDOK as fallback, cached in the snapshot layout."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import requests

from data_pipeline.catalog import FEED_PATH, GEO_FILE, PDOK_COLLECTION, Table
from data_pipeline.errors import BuildError
from data_pipeline.odata import Feed, Http, PageStore, download_rows, pages, query_key
from data_pipeline.query import DIMENSION_TYPES, plan_query, rows_to_csv
from data_pipeline.sources import Source

CBS_WHO, GEO_WHO, PDOK_WHO = "CBS", "cartomap", "PDOK"


def retry_hint(has_snapshot: bool) -> str:
    """What to do after an outage: the offline route only where a snapshot can be had."""
    if has_snapshot:
        return "probeer later opnieuw of bouw offline met --source snapshot"
    return (
        "probeer later opnieuw; zonder internet: zet ZICHT_SNAPSHOT of --snapshot op een map "
        "met de offline snapshot (die staat niet in de repository)"
    )


def _status(exc: BaseException) -> int | None:
    """HTTP status behind an exception (also through ``__cause__``)."""
    seen: BaseException | None = exc
    while seen is not None:
        response = getattr(seen, "response", None)
        if response is not None:
            return int(response.status_code)
        seen = seen.__cause__
    return None


def _describe(exc: BaseException, who: str) -> str:
    """Short Dutch reason for the build log (one line); ``who`` names the server."""
    status = _status(exc)
    if status is not None:
        if status == 404:
            return f"niet gevonden bij {who} (HTTP {status})"
        return f"{who} niet bereikbaar (HTTP {status})"
    text = str(exc).lower()
    if isinstance(exc, requests.Timeout) or "timed out" in text or "timeout" in text:
        return f"{who} niet bereikbaar (time-out)"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or isinstance(exc, ValueError):
        return f"download van {who} afgebroken of onleesbaar"
    if isinstance(exc, requests.ConnectionError):
        return f"{who} niet bereikbaar (geen verbinding)"
    return f"onverwacht antwoord van {who} ({type(exc).__name__})"


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
    """Downloads from CBS OData and cartomap (PDOK as fallback) into a cache in the snapshot
    layout; rows and columns are chosen on the server, pages are kept for resume."""

    kind = "live"

    def __init__(
        self,
        cache_dir: Path,
        *,
        cbs_url: str = "https://opendata.cbs.nl",
        geo_url: str = "https://cartomap.github.io/nl/wgs84",
        pdok_url: str = "https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1",
        pins: dict[str, str] | None = None,
        refresh: bool = False,
        max_age_days: float = 30.0,
        has_snapshot: bool = True,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: float | tuple[float, float] = (10.0, 120.0),
        http: Http | None = None,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.cbs_url = cbs_url.rstrip("/")
        self.geo_url = geo_url.rstrip("/")
        self.pdok_url = pdok_url.rstrip("/")
        self.pins = pins or {}
        self.refresh = refresh
        self.max_age = max_age_days * 86400
        self.hint = retry_hint(has_snapshot)
        if isinstance(timeout, int | float):
            timeout = (float(timeout), float(timeout))
        self.http = http or Http(retries=retries, backoff=backoff, timeout=timeout)
        self._catalog: list[dict] | None = None
        self.warnings: list[str] = []

    def describe(self) -> str:
        return f"live CBS OData {self.cbs_url} (cache {self.cache_dir})"

    def origin(self, table_id: str) -> str:
        return self.cbs_url + FEED_PATH.format(table=table_id)

    def _fail(self, what: str, exc: BaseException, who: str = CBS_WHO) -> BuildError:
        return BuildError(what, _describe(exc, who), self.hint)

    # -- which table -----------------------------------------------------------------------

    def resolve(self, table: Table) -> Table:
        """The newest edition of a table CBS publishes anew each year (KWB, Gebieden), found in
        CBS's catalog, unless a setting pins the id."""
        pinned = self.pins.get(table.pin or "", "").strip()
        if pinned:
            return replace(table, id=pinned)
        if not table.discover:
            return table
        try:
            entries = self.catalog()
        except (requests.RequestException, ValueError) as exc:
            if _status(exc) is None and isinstance(exc, requests.ConnectionError):
                raise self._fail(table.id, exc) from exc  # CBS unreachable: say so at once
            self.warnings.append(
                f"CBS-catalogus niet bereikbaar ({_describe(exc, CBS_WHO)}); {table.id} gebruikt"
            )
            return table
        best: tuple[int, dict] | None = None
        for e in entries:
            m = re.fullmatch(table.discover, str(e.get("Title", "")).strip())
            if m and (best is None or int(m.group(1)) > best[0]):
                best = (int(m.group(1)), e)
        if best is None:
            return table
        entry = best[1]
        return replace(table, id=str(entry["Identifier"]), title=str(entry["Title"]).strip())

    def catalog(self) -> list[dict]:
        """CBS's table catalog (``ODataCatalog/Tables``): id, title, period, modified."""
        if self._catalog is None:
            url = f"{self.cbs_url}/ODataCatalog/Tables"
            params = {"$format": "json", "$select": "Identifier,Title,Period,Modified"}
            self._catalog = [
                row for page in pages(self.http, url, "catalogus", params) for row in page
            ]
        return self._catalog

    # -- tables ----------------------------------------------------------------------------

    def _fresh(self, folder: Path) -> bool:
        """A complete cached table that needs no check with CBS (no --refresh, not old)."""
        if not ((folder / "data.csv").is_file() and (folder / "info.json").is_file()):
            return False
        if self.refresh:
            return False
        checked = _read_info(folder).get("checked_epoch", 0)
        return time.time() - float(checked or 0) < self.max_age

    def table_dir(self, table: Table, progress: Callable[[int, int | None], None] | None = None):
        """Cached table folder; downloads (or refreshes) it first where needed."""
        d = self.cache_dir / "cbs" / table.id
        if self._fresh(d):
            return d
        complete = (d / "data.csv").is_file() and (d / "info.json").is_file()
        feed = Feed(self.http, self.cbs_url, table.id)
        try:
            infos = feed.entity("TableInfos")
        except (requests.RequestException, ValueError) as exc:
            if complete:  # CBS down: the cached copy is better than nothing, and we say so
                self.warnings.append(f"{table.id}: niet gecontroleerd bij CBS, cache gebruikt")
                return d
            raise self._fail(table.id, exc) from exc
        info = infos[0] if infos else {}
        cached = _read_info(d) if complete else {}
        if complete and cached.get("Modified") and cached.get("Modified") == info.get("Modified"):
            _write_atomic({d / "info.json": _json_bytes({**cached, "checked_epoch": time.time()})})
            return d
        try:
            self._download(table, feed, info, d, progress)
        except (requests.RequestException, ValueError) as exc:
            raise self._fail(table.id, exc) from exc
        return d

    def _download(
        self,
        table: Table,
        feed: Feed,
        info: dict,
        d: Path,
        progress: Callable[[int, int | None], None] | None,
    ) -> None:
        properties = feed.entity("DataProperties")
        dim_names = [p["Key"] for p in properties if p.get("Type") in DIMENSION_TYPES]
        dims = {dim: feed.entity(dim) for dim in dim_names}
        plan = plan_query(table, properties, dims)
        total = feed.count(plan.params) if progress else None
        if progress:
            progress(0, total)
        # Pages of this query *and this revision* resume; any others are stale and go.
        key = query_key({**plan.params, "Modified": str(info.get("Modified", ""))})
        pages = PageStore(self.cache_dir / "pages" / table.id / key)
        pages.clear_others()
        rows = download_rows(
            feed, plan.params, pages, (lambda n: progress(n, total)) if progress else None
        )
        files: dict[Path, bytes] = {}
        for dim, meta in dims.items():
            reduced = [{"Key": m.get("Key"), "Title": m.get("Title")} for m in meta]
            files[d / f"{dim}.json"] = _json_bytes(reduced)
        files[d / "DataProperties.json"] = _json_bytes(properties)
        files[d / "data.csv"] = rows_to_csv(rows, plan)
        files[d / "info.json"] = _json_bytes(  # last: marks the table complete
            {
                **info,
                "source": "live",
                "url": self.origin(table.id),
                "query": plan.params,
                "downloaded": datetime.now(UTC).isoformat(timespec="seconds"),
                "checked_epoch": time.time(),
                "rows": len(rows),
                "requests": self.http.traffic.requests.get(table.id, 0),
                "bytes": self.http.traffic.bytes.get(table.id, 0),
            }
        )
        _write_atomic(files)
        pages.clear()

    # -- boundaries ------------------------------------------------------------------------

    def geo_file(self, level: str, year: int) -> Path:
        """Boundary file from cartomap (TopoJSON, else GeoJSON), else PDOK's generalised layer.

        Raises BuildError naming every source tried when none has the level.
        """
        for ext in ("topojson", "geojson"):
            cached = self.cache_dir / "geo" / GEO_FILE.format(level=level, year=year, ext=ext)
            if cached.is_file():
                return cached
        what = f"geo {level}_{year}"
        reasons: list[str] = []
        statuses: list[int | None] = []
        for ext in ("topojson", "geojson"):
            name = GEO_FILE.format(level=level, year=year, ext=ext)
            try:
                content = self.http.get(f"{self.geo_url}/{name}", what)
                json.loads(content)  # a truncated or garbled body must never reach the cache
            except (requests.RequestException, ValueError) as exc:
                reasons.append(f"{name}: {_describe(exc, GEO_WHO)}")
                statuses.append(_status(exc))
                if _status(exc) == 404:
                    continue
                break
            target = self.cache_dir / "geo" / name
            _write_atomic({target: content})
            return target
        try:
            return self._pdok(level, year, what)
        except (requests.RequestException, ValueError, KeyError) as exc:
            reasons.append(f"PDOK: {_describe(exc, PDOK_WHO)}")
            statuses.append(_status(exc))
        if all(s == 404 for s in statuses):
            hint = f"cartomap en PDOK publiceren dit niveau (nog) niet voor {year}"
        else:
            hint = self.hint
        raise BuildError(what, "; ".join(reasons), hint)

    def _pdok(self, level: str, year: int, what: str) -> Path:
        """PDOK CBS gebiedsindelingen (OGC API Features), all pages, as one GeoJSON file."""
        url: str | None = f"{self.pdok_url}/collections/{PDOK_COLLECTION.format(level=level)}/items"
        params: dict[str, str] | None = {"f": "json", "jaarcode": str(year), "limit": "1000"}
        features: list[dict] = []
        while url:
            data = self.http.get_json(url, what, params)
            params = None
            features.extend(data["features"])
            url = next(
                (ln["href"] for ln in data.get("links", []) if ln.get("rel") == "next"), None
            )
        if not features:
            raise ValueError("geen grenzen in PDOK voor dit jaar")
        target = self.cache_dir / "geo" / GEO_FILE.format(level=level, year=year, ext="geojson")
        body = {"type": "FeatureCollection", "features": features}
        _write_atomic({target: _json_bytes(body)})
        return target


def _read_info(folder: Path) -> dict:
    try:
        return json.loads((folder / "info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _json_bytes(obj: object) -> bytes:
    return json.dumps(obj, indent=1, ensure_ascii=False).encode("utf-8")
