"""HTTP transport for CBS OData v3 (ODataFeed) and boundary files: one session, paging, resume.

Why not ``cbsodata.get_data``: it downloads whole tables (no ``$filter``/``$select`` by key),
restarts a table after any failure and ignores ``Retry-After``. This client asks CBS for only
the rows and columns the catalog needs, page by page (``odata.nextLink``), and keeps every
complete page on disk so a later attempt resumes where the last one broke off.

Status codes and connection failures are retried by urllib3 (``Retry``, which honours
``Retry-After``); a body that breaks off or is not valid JSON is retried here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)

RETRY_STATUS = (429, 500, 502, 503, 504)
# Failures while reading a body (urllib3 has already retried connecting and the status).
BODY_ERRORS = (
    requests.exceptions.ChunkedEncodingError,  # connection dropped mid-body
    requests.exceptions.ContentDecodingError,
)


@dataclass
class Traffic:
    """Bytes and requests per table, for the build report and the README's figures."""

    requests: dict[str, int] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n_bytes: int) -> None:
        self.requests[what] = self.requests.get(what, 0) + 1
        self.bytes[what] = self.bytes.get(what, 0) + n_bytes


class Http:
    """One ``requests`` session for every download (proxies and ``REQUESTS_CA_BUNDLE`` from the
    environment, as requests does), with retries and connect/read time-outs."""

    def __init__(
        self,
        *,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: tuple[float, float] = (10.0, 120.0),
        session: requests.Session | None = None,
    ) -> None:
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.traffic = Traffic()
        self.session = session or requests.Session()
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            status_forcelist=RETRY_STATUS,
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.setdefault("Accept", "application/json")

    def get(self, url: str, what: str, params: dict[str, str] | None = None) -> bytes:
        """Body of a GET that answered 2xx; a broken-off body is fetched again."""
        attempt = 0
        while True:
            try:
                r = self.session.get(url, params=params, timeout=self.timeout)
                r.raise_for_status()
                body = r.content
                self.traffic.add(what, len(body))
                return body
            except requests.HTTPError:
                raise
            except BODY_ERRORS as exc:
                if attempt >= self.retries:
                    raise
                self._pause(attempt, exc, what)
                attempt += 1

    def get_json(self, url: str, what: str, params: dict[str, str] | None = None) -> dict:
        """Parsed JSON; a truncated body counts as a failed attempt and is fetched again."""
        attempt = 0
        while True:
            body = self.get(url, what, params)
            try:
                return json.loads(body)
            except ValueError as exc:
                if attempt >= self.retries:
                    raise
                self._pause(attempt, exc, what)
                attempt += 1

    def _pause(self, attempt: int, exc: BaseException, what: str) -> None:
        delay = self.backoff * (2**attempt)
        log.warning("%s: %s, nieuwe poging over %.1f s", what, type(exc).__name__, delay)
        time.sleep(delay)


def odata_filter(clauses: dict[str, list[str]]) -> str | None:
    """``$filter`` for exact key matches: ``(A eq 'k1' or A eq 'k2') and (B eq 'k3')``.

    Keys are used exactly as CBS lists them in the dimension entity (padded), never stripped.
    """
    parts = []
    for dim, keys in clauses.items():
        ors = " or ".join(f"{dim} eq '{k.replace(chr(39), chr(39) * 2)}'" for k in keys)
        parts.append(f"({ors})")
    return " and ".join(parts) or None


class Feed:
    """One CBS table in the OData v3 bulk feed: ``{base}/ODataFeed/odata/{table}/{entity}``."""

    def __init__(self, http: Http, base_url: str, table_id: str) -> None:
        self.http = http
        self.table_id = table_id
        self.url = f"{base_url.rstrip('/')}/ODataFeed/odata/{table_id}/"

    def entity(self, name: str) -> list[dict]:
        """All rows of a small entity (TableInfos, DataProperties, a dimension), all pages."""
        return [row for page in self._pages(self.url + name, {"$format": "json"}) for row in page]

    def count(self, params: dict[str, str]) -> int | None:
        """Rows the data set query will return (``/$count``), or None if CBS won't say."""
        q = {k: v for k, v in params.items() if k in ("$filter",)}
        try:
            body = self.http.get(self.url + "TypedDataSet/$count", self.table_id, q)
            return int(body.decode("utf-8").strip())
        except (requests.RequestException, ValueError):
            return None

    def _pages(self, url: str, params: dict[str, str] | None) -> Iterator[list[dict]]:
        return pages(self.http, url, self.table_id, params)


def pages(http: Http, url: str, what: str, params: dict[str, str] | None) -> Iterator[list[dict]]:
    """The ``value`` of every page of an OData answer, following ``odata.nextLink``."""
    next_url: str | None = url
    while next_url:
        data = http.get_json(next_url, what, params)
        params = None  # odata.nextLink carries the whole query
        yield data.get("value", [])
        next_url = data.get("odata.nextLink")


class PageStore:
    """Complete pages of one query on disk, so a download resumes after the last good page."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pages(self) -> list[dict]:
        out = []
        for p in sorted(self.folder.glob("page-*.json")):
            try:
                out.append(json.loads(p.read_text(encoding="utf-8")))
            except (ValueError, UnicodeDecodeError):
                break  # a page cut by a kill: everything after it is fetched again
        return out

    def save(self, n: int, rows: list[dict], next_url: str | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".page-{n:05d}.tmp"
        tmp.write_text(json.dumps({"value": rows, "next": next_url}), encoding="utf-8")
        tmp.replace(self.folder / f"page-{n:05d}.json")

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def clear_others(self) -> None:
        """Remove pages of other queries or revisions of the same table (never resumable)."""
        if self.folder.parent.is_dir():
            for other in self.folder.parent.iterdir():
                if other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)


def query_key(params: dict[str, str]) -> str:
    """Stable folder name for one data set query (a changed filter never resumes old pages)."""
    text = json.dumps(params, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def download_rows(
    feed: Feed,
    params: dict[str, str],
    store: PageStore,
    on_page: Callable[[int], None] | None = None,
) -> list[dict]:
    """All rows of ``TypedDataSet`` for ``params``; pages already on disk are not fetched again."""
    done = store.pages()
    rows = [r for p in done for r in p["value"]]
    if done and done[-1]["next"] is None:
        return rows
    if done:
        url: str | None = done[-1]["next"]
        query: dict[str, str] | None = None
        log.info("%s: hervat na %d pagina's (%d rijen)", feed.table_id, len(done), len(rows))
    else:
        url, query = feed.url + "TypedDataSet", {"$format": "json", **params}
    n = len(done)
    while url:
        data = feed.http.get_json(url, feed.table_id, query)
        query = None
        page = data.get("value", [])
        url = data.get("odata.nextLink")
        n += 1
        store.save(n, page, url)
        rows.extend(page)
        if on_page:
            on_page(len(rows))
    return rows
