"""Static scripts and stylesheets in brotli's strongest setting, compressed once per file.

Flask-Compress compresses every response anew at a fast setting (brotli 4), which for the
minified scripts before the first map is no smaller than gzip. Files that never change (the
plotly/MapLibre bundle in ``assets/vendor/``, Dash's and its components' scripts, the
boundaries of a database version under ``/geo/``) are worth
brotli 11: about 17 % fewer bytes (≈ 1.17 → 0.97 MB before the first map). Brotli 11 costs
about 2 s of CPU for the largest file, so a request never waits for it: the first request of a
file is compressed by Flask-Compress as before while a background thread makes the brotli-11
copy, which every later request gets (kept in memory and on disk, shared by the workers).
The big vendor files are done right at start-up.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

from flask import Flask, Response, request

log = logging.getLogger(__name__)
PREFIXES = ("/assets/", "/_dash-component-suites/", "/geo/")  # /geo/: boundaries, per DB version
MIMETYPES = {"text/javascript", "application/javascript", "text/css", "application/json"}
MIN_SIZE = 4096
QUALITY = 11
_DIR = Path(tempfile.gettempdir()) / "zicht-static-br"
_ready: dict[str, bytes] = {}  # sha256 of the file → brotli-11 bytes
_busy: set[str] = set()
_lock = threading.Lock()


def _compress(digest: str, data: bytes) -> None:
    import brotli

    try:
        path = _DIR / f"{digest}.br"
        if path.exists():
            body = path.read_bytes()
        else:
            body = brotli.compress(data, quality=QUALITY)
            _DIR.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(body)
            tmp.replace(path)
        with _lock:
            _ready[digest] = body
    except Exception:  # noqa: BLE001 - an optimisation only: Flask-Compress still serves
        log.exception("brotli-11 copy failed")
    finally:
        with _lock:
            _busy.discard(digest)


def _lookup(data: bytes, wait: bool = False) -> bytes | None:
    """The brotli-11 copy of ``data`` if ready; else start making it (in the background)."""
    digest = hashlib.sha256(data).hexdigest()
    with _lock:
        body = _ready.get(digest)
        if body is not None or digest in _busy:
            return body
        _busy.add(digest)
    if wait:
        _compress(digest, data)
        return _ready.get(digest)
    threading.Thread(target=_compress, args=(digest, data), daemon=True).start()
    return None


def _accepts_br(header: str) -> bool:
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() == "br":
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0")
    return False


def after_request(resp: Response) -> Response:
    """A static script/stylesheet in brotli 11 when the browser takes brotli and it is ready."""
    if (
        request.method != "GET"
        or resp.status_code != 200
        or not request.path.startswith(PREFIXES)
        or resp.mimetype not in MIMETYPES
        or "Content-Encoding" in resp.headers
        or not _accepts_br(request.headers.get("Accept-Encoding", ""))
    ):
        return resp
    resp.direct_passthrough = False
    data = resp.get_data()
    if len(data) < MIN_SIZE:
        return resp
    body = _lookup(data)
    if body is None:
        return resp  # Flask-Compress compresses it as before
    resp.set_data(body)
    resp.headers["Content-Encoding"] = "br"
    resp.headers["Content-Length"] = str(len(body))
    vary = resp.headers.get("Vary")
    if not vary:
        resp.headers["Vary"] = "Accept-Encoding"
    elif "accept-encoding" not in vary.lower():
        resp.headers["Vary"] = f"{vary}, Accept-Encoding"
    etag, weak = resp.get_etag()
    if etag and not weak:
        resp.set_etag(f"{etag}:br")
    return resp


def install(server: Flask, assets: Path) -> None:
    """Register after Flask-Compress (so this runs first) and prepare the vendor bundles."""
    server.after_request(after_request)
    files = sorted((assets / "vendor").rglob("*.mjs")) if (assets / "vendor").is_dir() else []

    def warm() -> None:
        for path in files:
            _lookup(path.read_bytes(), wait=True)

    threading.Thread(target=warm, daemon=True).start()


def ready(timeout: float = 60.0) -> bool:
    """Wait until no brotli-11 copy is being made (benchmarks: measure the steady state)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            if not _busy:
                return True
        time.sleep(0.1)
    return False
