"""Heavy exports under control: a size cap, one build per selection, bounded concurrency.

- **Cap**: a selection whose row estimate exceeds ``MAX_ROWS[kind]`` is refused at once with a
  message that points to the DuckDB file (and to CSV, which is cheap) for larger needs.
- **Once**: finished files are kept on disk (``CACHE_DIR``, per database version, shared by
  all server processes); a file lock per selection makes a second request for the same
  selection (a double click, a colleague) wait for the first build and take its file.
- **Bounded**: one heavy build (over ``LIGHT_ROWS`` rows, in a niced child process) runs at a
  time on the machine; per process ``SLOTS`` heavy exports are served at once and
  at most ``MAX_WAITING`` requests wait (up to ``WAIT_SECONDS``) for a slot; beyond that the
  user is told to retry, so exports never hold all request threads. While the process drains
  (shutdown, recycling) no new build starts (the user is told to retry); running builds
  finish within the graceful timeout.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlencode

from dashboard.serve.export_child import ChildFailed
from dashboard.serve.serving import stopping
from data_pipeline import store

log = logging.getLogger(__name__)

#: most rows per download kind (Excel is the costly one: ~0,2 ms and ~10 kB per row to build)
MAX_ROWS: dict[str, int] = {"xlsx": 50_000, "csv": 250_000, "geojson": 50_000}
LIGHT_ROWS = 5_000  # a smaller export (a gemeente's wijken: ~1.000 rows) needs no slot
SLOTS = 1
MAX_WAITING = 2
WAIT_SECONDS = 40.0
CACHE_BYTES = 400 * 1024 * 1024  # files kept per cache folder, oldest removed first
CACHE_DIR = Path(tempfile.gettempdir()) / f"zicht-export-{os.getuid()}"

PREPARING = "Export wordt voorbereid…"
BUSY = "Het is nu druk: er worden al andere exports gemaakt. Probeer het over een minuut opnieuw."
FAILED = "Deze export kon niet worden gemaakt. Probeer het opnieuw of kies een kleinere selectie."
RESTARTING = "De server wordt herstart; probeer de download over een minuut opnieuw."


class Refused(Exception):
    """The export is not built; ``str(exc)`` is the Dutch message for the user."""


def too_big(kind: str, rows: int) -> str:
    """The message for a selection over the cap."""
    label = {"xlsx": "Excel", "csv": "CSV", "geojson": "GeoJSON"}.get(kind, kind)
    n = f"{rows:,}".replace(",", ".")
    cap = f"{MAX_ROWS[kind]:,}".replace(",", ".")
    text = (
        f"Deze selectie is te groot voor {label}: {n} rijen (hoogstens {cap}). Kies een "
        "thema, indicator of kleiner gebied"
    )
    if kind != "csv":
        text += ", of download CSV"
    return text + (
        ". Voor alle gegevens: gebruik het DuckDB-bestand van deze installatie "
        "(zie 'DuckDB schema' in de README), bijvoorbeeld met `duckdb -readonly zicht.duckdb`."
    )


_slots = threading.BoundedSemaphore(SLOTS)
_count_lock = threading.Lock()
_waiting = 0
stats: dict[str, int] = {"built": 0, "cached": 0, "too_big": 0, "busy": 0, "restarting": 0}


def _count(what: str) -> None:
    with _count_lock:
        stats[what] = stats.get(what, 0) + 1


def _cache_path(key: tuple) -> Path:
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    return CACHE_DIR / store.version_hash() / f"{digest}.bin"


def _read(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return data


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:  # a full disk must not fail the download itself
        log.warning("export cache not written: %r", exc)
        tmp.unlink(missing_ok=True)
        return
    _prune(path.parent.parent, keep=path.parent)


def _prune(root: Path, keep: Path) -> None:
    """Remove folders of other database versions unused for an hour, and the oldest files
    beyond CACHE_BYTES (several servers on one machine share the root)."""
    with suppress(OSError):
        for old in root.iterdir():
            if old.is_dir() and old != keep and time.time() - old.stat().st_mtime > 3600:
                for f in old.iterdir():
                    f.unlink(missing_ok=True)
                with suppress(OSError):
                    old.rmdir()
        files = sorted(
            (f for f in keep.glob("*.bin")), key=lambda f: f.stat().st_mtime, reverse=True
        )
        total = 0
        for f in files:
            total += f.stat().st_size
            if total > CACHE_BYTES:
                f.unlink(missing_ok=True)


@contextmanager
def _file_lock(path: Path, deadline: float):
    """Exclusive lock on ``path``.lock across threads and processes, waiting until deadline."""
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+b") as fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline or stopping.is_set():
                    raise Refused(RESTARTING if stopping.is_set() else BUSY) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def _wait_turn(heavy: bool):
    """A build slot of this process, or Refused when too many wait already (heavy only)."""
    global _waiting
    if not heavy:
        yield
        return
    with _count_lock:
        if _waiting >= MAX_WAITING + SLOTS:
            stats["busy"] += 1
            raise Refused(BUSY)
        _waiting += 1
    try:
        if not _slots.acquire(timeout=WAIT_SECONDS):
            _count("busy")
            raise Refused(BUSY)
        try:
            yield
        finally:
            _slots.release()
    finally:
        with _count_lock:
            _waiting -= 1


def run(
    kind: str, key: tuple, rows: int, build: Callable[[Path | None], bytes | None]
) -> bytes | Path | None:
    """An export from the cache, or built once under the limits above.

    ``key`` identifies the selection (kind, selection, options); ``rows`` is its estimate.
    ``build(out)`` makes the file: ``out`` None = in this thread (light), else a scratch path
    for a child process (heavy). A light export comes back as bytes (sent inside the callback
    answer); a heavy one as the path of its cached file, which :func:`serve_file` streams from
    disk (no 30 MB of base64 through Dash's JSON encoder). Raises :class:`Refused` with a
    Dutch message; returns None when the selection is empty.
    """
    if rows > MAX_ROWS.get(kind, MAX_ROWS["csv"]):
        _count("too_big")
        raise Refused(too_big(kind, rows))
    if rows == 0:  # the estimate is exact: nothing to build
        return None
    if stopping.is_set():
        _count("restarting")
        raise Refused(RESTARTING)
    heavy = rows > LIGHT_ROWS
    path = _cache_path((kind, *key))
    with _wait_turn(heavy):
        if (found := _cached(path, heavy)) is not None:
            return found
        path.parent.mkdir(parents=True, exist_ok=True)
        with _file_lock(path, time.monotonic() + WAIT_SECONDS):
            if (found := _cached(path, heavy)) is not None:  # built meanwhile elsewhere
                return found
            if stopping.is_set():
                _count("restarting")
                raise Refused(RESTARTING)
            data = _build(kind, path, heavy, build)
            if data is not None:
                _write(path, data)
    if heavy and data is not None and path.is_file():
        return path
    return data


def _cached(path: Path, heavy: bool) -> bytes | Path | None:
    if heavy:
        if path.is_file():
            _count("cached")
            with suppress(OSError):
                os.utime(path)
            return path
        return None
    if (data := _read(path)) is not None:
        _count("cached")
    return data


def _build(
    kind: str, path: Path, heavy: bool, build: Callable[[Path | None], bytes | None]
) -> bytes | None:
    scratch = path.with_name(f".{path.stem}.{os.getpid()}.out") if heavy else None
    try:
        if heavy:  # one heavy build per machine: CPU and memory stay for the others
            with _file_lock(CACHE_DIR / "heavy-build", time.monotonic() + WAIT_SECONDS):
                data = build(scratch)
        else:
            data = build(scratch)
    except ChildFailed as exc:
        log.error("export %s failed: %s", kind, exc)
        _count("failed")
        raise Refused(FAILED) from exc
    _count("built")
    return data


# --- heavy files: a link, streamed from the cache by the web server ---------------------------

ROUTE = "/export/"
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
_NAME = re.compile(r"^([0-9a-f]{32})\.(csv|xlsx|geojson)$")
_DOWNLOAD_NAME = re.compile(r"^zicht-[A-Za-z0-9._-]{1,120}$")


def file_url(path: Path, kind: str, filename: str) -> str:
    """The link of a cached heavy export (valid while this database version is served)."""
    return f"{ROUTE}{path.stem}.{kind}?{urlencode({'naam': filename})}"


def serve_file(name: str):  # noqa: ANN201 - a Flask response
    """GET /export/<digest>.<kind>: the cached file as an attachment, or a Dutch 404."""
    from flask import Response, request, send_file

    m = _NAME.match(name)
    path = CACHE_DIR / store.version_hash() / f"{m[1]}.bin" if m else None
    if path is None or not path.is_file():
        text = "Deze download is verlopen. Maak hem opnieuw op de pagina Tabel &amp; export."
        return Response(f"<!doctype html><p>{text}</p>", 404, mimetype="text/html")
    naam = request.args.get("naam", "")
    naam = naam if _DOWNLOAD_NAME.match(naam) else f"zicht-export.{m[2]}"
    return send_file(
        path, mimetype=MIMETYPES[m[2]], as_attachment=True, download_name=naam, max_age=0
    )
