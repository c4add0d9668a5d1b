"""Flask-Caching for repeat work across requests (figures, GeoJSON), keyed by DB version."""

from __future__ import annotations

from flask import Flask
from flask_caching import Cache

cache = Cache(
    config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600, "CACHE_THRESHOLD": 500}
)


def init(server: Flask) -> None:
    """Attach the cache to the Flask server (once per app)."""
    cache.init_app(server)
