"""HTTP concerns of the Flask server: security headers, friendly errors, 404s, GeoJSON route."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import dash
import duckdb
from flask import Flask, Response, redirect, request
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

from dashboard import config as app_settings
from dashboard import url_state
from dashboard.serve import export_jobs, static_brotli
from dashboard.serve.serving import LIMITS
from dashboard.url_state import GEO_PREFIX, geo_version
from data_pipeline import store

log = logging.getLogger(__name__)

# what a malformed callback envelope raises inside Dash (a client error, not a server fault)
_BAD_REQUEST = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    RecursionError,
    dash.exceptions.CallbackException,  # envelope that does not match the callback's signature
)
_INTERNAL = ("/_dash", "/_reload-hash", "/_favicon", "/assets/", "/health")  # not /geo/: no HTML

ERROR_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — Zicht op Ondermijning (open)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;
color:#1a1a1a}}a{{color:#0b5394}}</style></head>
<body><h1>{title}</h1><p>{text}</p><p><a href="{home}">Terug naar de kaart</a></p></body></html>"""


def _csp(app: dash.Dash) -> Callable[[], str]:
    """The CSP string, computed once all inline scripts (clientside callbacks) exist."""
    memo: dict[str, str] = {}

    def policy() -> str:
        if "v" not in memo:
            hashes = " ".join(f"'{h}'" if not h.startswith("'") else h for h in app.csp_hashes())
            memo["v"] = (
                "default-src 'self'; "
                f"script-src 'self' {hashes}; "
                "style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data: blob:; font-src 'self' data:; "
                "worker-src 'self' blob:; child-src 'self' blob:; "
                f"connect-src 'self'{_tile_sources()}; "
                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
            )
        return memo["v"]

    return policy


def _tile_sources() -> str:
    return (
        " https://*.openstreetmap.org https://*.carto.com" if app_settings.current().tiles else ""
    )


def _page_paths() -> set[str]:
    return {p["path"] for p in dash.page_registry.values() if "not_found_404" not in p["module"]}


def _error_response(status: int, title: str, text: str) -> Response:
    body = ERROR_PAGE.format(title=title, text=text, home=url_state.build_url(url_state.KAART))
    return Response(body, status=status, mimetype="text/html")


def _geo(level: str) -> Response:
    """Boundaries of one level as GeoJSON; cacheable for a year when the version matches."""
    gemeente = request.args.get("gemeente") or None
    if not store.known_level(level) or (
        gemeente is not None and not store.known_region(gemeente, "gemeente")
    ):
        return Response('{"error":"onbekend niveau of gemeente"}', 404, mimetype="application/json")
    body = store.geometry_json(level, gemeente)  # cached once, in the store, per DB version
    resp = Response(body, mimetype="application/json")
    if request.args.get("v") == geo_version():
        resp.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        resp.headers["Cache-Control"] = "no-cache"
    return resp


def home() -> Response:
    """'/' is the map: a redirect that keeps the query, so a shared '/?gemeente=…' still works.

    (Dash's ``redirect_from`` drops the query and cannot be registered again when a second app
    is created in one process, as the tests do.)
    """
    query = request.query_string.decode("utf-8", "replace")
    target = url_state.build_url(url_state.KAART) + (f"?{query}" if query else "")
    return redirect(target, code=302)


def health() -> Response:
    """200 with the database version hash when the database answers a query, else 503."""
    try:
        store.scalar("SELECT count(*) FROM build_info")
        body = {"status": "ok", "database": store.version_hash()}
        status = 200
    except (store.StoreUnavailable, duckdb.Error) as exc:
        reason = str(exc) if isinstance(exc, store.StoreUnavailable) else "database fout"
        body, status = {"status": "niet beschikbaar", "reden": reason}, 503
    resp = Response(json.dumps(body), status=status, mimetype="application/json")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _serialise_first_request(server: Flask) -> None:
    """Run Dash's first-request set-up (callback map, page router) once, under a lock.

    Dash does it in before-request hooks without a lock; with several threads per worker
    (``zicht serve --prod``) two first requests race there ("dictionary changed size during
    iteration"). Later requests skip the lock entirely.
    """
    hooks = list(server.before_request_funcs.get(None, []))
    lock = threading.Lock()
    done = threading.Event()

    def setup_once() -> None:
        if done.is_set():
            return
        with lock:
            if not done.is_set():
                for hook in hooks:
                    hook()
                done.set()

    server.before_request_funcs[None] = [setup_once]


def install(app: dash.Dash) -> None:
    """Compression, caching, headers, error handlers and the GeoJSON route on ``app.server``."""
    server: Flask = app.server
    _serialise_first_request(server)
    server.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    server.config.setdefault("COMPRESS_MIN_SIZE", 500)
    # assets are sent as streams; Flask-Compress's streaming default leaves out gzip
    server.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip", "deflate"])
    Compress(server)
    static_brotli.install(server, Path(app.config.assets_folder))  # runs before Flask-Compress
    server.add_url_rule(f"{GEO_PREFIX}<level>.json", "geo", _geo)
    server.add_url_rule("/health", "health", health)
    server.add_url_rule(f"{export_jobs.ROUTE}<name>", "export", export_jobs.serve_file)
    server.config["MAX_CONTENT_LENGTH"] = LIMITS.max_body_bytes  # also without waitress: 413
    policy = _csp(app)

    debug = app_settings.current().debug

    @server.before_request
    def no_dev_routes() -> Response | None:
        if request.path == "/_reload-hash" and not debug:  # hot reload only in debug mode
            return _error_response(404, "Pagina niet gevonden", "Deze pagina bestaat niet.")
        if request.path.endswith(".map"):  # JS source maps: no sources to the browser
            return _error_response(404, "Niet gevonden", "Dit bestand bestaat niet.")
        if request.path == "/" and request.method == "GET":  # before Dash's own index route
            return home()
        return None

    @server.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = policy()
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        resp.headers["X-Frame-Options"] = "SAMEORIGIN"
        path = request.path
        if (
            request.method == "GET"
            and resp.status_code == 200
            and resp.mimetype == "text/html"
            and not path.startswith(_INTERNAL)
            and path.rstrip("/") not in {p.rstrip("/") for p in _page_paths()}
        ):
            resp.status_code = 404  # Dash serves its index for any path; say it plainly
        return resp

    @server.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        if exc.code == 404:
            return _error_response(404, "Pagina niet gevonden", "Deze pagina bestaat niet.")
        if exc.code == 413:
            return _error_response(413, "Verzoek te groot", "Dit verzoek is te groot.")
        if exc.code and exc.code < 500:
            return _error_response(exc.code, "Verzoek niet begrepen", "Dit adres klopt niet.")
        return _unavailable(exc)

    @server.errorhandler(Exception)
    def any_error(exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            return http_error(exc)
        if request.path.startswith("/_dash-component-suites/"):
            return _error_response(404, "Niet gevonden", "Dit bestand bestaat niet.")
        if request.path.endswith("/_dash-update-component") and isinstance(exc, _BAD_REQUEST):
            log.warning("malformed callback request: %r", exc)  # client error: no traceback
            return _error_response(400, "Verzoek niet begrepen", "Dit verzoek klopt niet.")
        return _unavailable(exc)


def _unavailable(exc: BaseException) -> Response:
    """Unexpected failure: log it, show a calm message, answer 503 (no traceback, no 500).

    An unavailable database is logged once per outage by the store, not per request.
    """
    if not isinstance(exc, store.StoreUnavailable):
        log.error("request %s failed: %r", request.path, exc, exc_info=exc)
    text = str(exc) if isinstance(exc, store.StoreUnavailable) else "Er ging iets mis."
    resp = _error_response(503, "Tijdelijk niet beschikbaar", text + " Probeer het later opnieuw.")
    resp.headers["Retry-After"] = "30"
    return resp


def mount(server: Flask, base_path: str) -> None:
    """Serve the app under ``base_path`` (``zicht serve --base-path /zicht/``): the sub-path
    moves from the request path into ``SCRIPT_NAME``, so every route, header and file check
    above sees the same paths as at ``/``; anything outside the sub-path is a 404."""
    if base_path.rstrip("/"):
        from werkzeug.middleware.dispatcher import DispatcherMiddleware

        outside = _error_response(404, "Pagina niet gevonden", "Deze pagina bestaat niet.")
        server.wsgi_app = DispatcherMiddleware(outside, {base_path.rstrip("/"): server.wsgi_app})
