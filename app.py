"""Creates the Dash app: ``create_app(config)``; nothing is built on import.

``python app.py`` serves it; in production gunicorn calls the factory ``app:wsgi(db)``
(``zicht serve --prod``). ``app.app`` / ``app.server`` still exist for scripts, built on first
access from the settings in the environment.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import re
from pathlib import Path
from typing import Any

import dash
from dash import State

from data_pipeline import settings, store

log = logging.getLogger(__name__)
mimetypes.add_type("text/javascript", ".mjs")  # ES modules (assets/vendor) need a JS type
ROOT = Path(__file__).resolve().parent
#: what a callback raises when a hand-made request sends a list/dict where a value belongs
_CLIENT_ERRORS = (TypeError, AttributeError, KeyError, ValueError)


def _on_callback_error(exc: Exception) -> None:
    """A failing callback shows a Dutch message in the shell's banner; outputs stay as they were."""
    from dashboard.layout import ERROR_ID

    if isinstance(exc, _CLIENT_ERRORS):  # garbage input from a hand-made request: no traceback
        log.warning("callback rejected input: %r", exc)
    elif isinstance(exc, store.StoreUnavailable):
        pass  # logged once per outage by the store, not per request
    else:
        log.error("callback failed: %r", exc, exc_info=exc)
    text = (
        str(exc)
        if isinstance(exc, store.StoreUnavailable)
        else "Dit onderdeel kon niet worden bijgewerkt. Probeer het opnieuw of kies iets anders."
    )
    dash.set_props(ERROR_ID, {"children": text, "is_open": True})


#: the page around the app: Dutch language and a Dutch loading state instead of "Loading..."
INDEX = """<!DOCTYPE html>
<html lang="nl">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""
LOADING = '<div class="_dash-loading-zicht" role="status">Zicht op Ondermijning laden…</div>'
#: the map's ES modules, fetched from the first moment (not once the scripts before
#: assets/plotly-loader.js have run, and not one import after the other)
MODULES = ("plotly-zicht.min.mjs", "maplibre-gl.mjs", "maplibre-gl-shared.mjs")
#: dash-ag-grid's script (≈ 360 kB gzip, only the Tabel grid needs it): its address goes into a
#: JSON element (no inline code: the CSP) and assets/zicht-grid-loader.js loads it on demand
_GRID_SCRIPT = re.compile(r'<script src="([^"]*/dash_ag_grid/dash_ag_grid[^"]*\.js)"></script>')


class ZichtDash(dash.Dash):
    """Dash with a Dutch index page (``lang="nl"``, Dutch loading text)."""

    def interpolate_index(self, **kwargs: str) -> str:
        kwargs["app_entry"] = re.sub(
            r'<div class="_dash-loading">\s*Loading\.\.\.\s*</div>', LOADING, kwargs["app_entry"]
        )
        kwargs["metas"] = kwargs.get("metas", "") + "".join(
            f'<link rel="modulepreload" href="{self.get_asset_url("vendor/plotly/" + name)}">'
            for name in MODULES
        )
        kwargs["scripts"] = _GRID_SCRIPT.sub(
            lambda m: f'<script id="zicht-grid-src" type="application/json">"{m[1]}"</script>',
            kwargs.get("scripts", ""),
        )
        return super().interpolate_index(**kwargs)


def create_app(config: settings.Config | str | os.PathLike | None = None) -> dash.Dash:
    """The app with every page registered by name, headers, errors and the GeoJSON route.

    ``config`` is the settings object (``settings.load()`` when omitted); a path stands for
    ``settings.load(db=path)``. Dash registers page callbacks globally: one app per process.
    """
    if not isinstance(config, settings.Config):
        config = settings.load(db=Path(config) if config is not None else None)
    from dashboard.view import SHOWN

    store.use_db(config.db)
    app = ZichtDash(
        __name__,
        index_string=INDEX,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ROOT / "assets"),
        assets_ignore=r"\.mjs$",  # ES modules: loaded by assets/plotly-loader.js
        title="Zicht op Ondermijning (open)",
        update_title=None,
        serve_locally=True,
        compress=False,
        suppress_callback_exceptions=False,
        on_error=_on_callback_error,
        # the page router also reads which address the page shows (dashboard.view.page_layout)
        routing_callback_inputs={"shown": State(SHOWN, "data", allow_optional=True)},
        requests_pathname_prefix=config.base_path,  # the browser's URLs: under the sub-path
        routes_pathname_prefix="/",  # the server's routes: the sub-path is taken off below
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Open replica van Zicht op Ondermijning (CBS/BZK)"},
        ],
    )
    from dashboard import config as app_settings

    app_settings.use(config)  # the dashboard reads its settings from here
    from dashboard import callbacks, layout, pages, validation  # noqa: F401  (they register)
    from dashboard.serve import server

    app.layout = layout.shell
    validation.install(app)  # before server.install: runs after Dash's own first-request set-up
    server.install(app)
    app.server.after_request(_vendor_cache)
    server.mount(app.server, config.base_path)
    global _built
    _built = app  # the process's one app (``app.server``, ``wsgi()``)
    return app


def _vendor_cache(resp):  # noqa: ANN001, ANN202
    """The vendored ES modules may be reused without asking: page and map worker share them."""
    from flask import request

    if request.path.startswith("/assets/vendor/") and resp.status_code == 200:
        resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


_built: dash.Dash | None = None


def wsgi(db: str | None = None, base_path: str | None = None) -> Any:
    """The WSGI app of this process (gunicorn's factory: ``app:wsgi('/path/zicht.duckdb',
    '/zicht/')``)."""
    global _built
    if _built is None:
        _built = create_app(settings.load(db=Path(db) if db else None, base_path=base_path))
    return _built.server


def __getattr__(name: str) -> Any:
    """``app.app`` and ``app.server``: the process's one app, built on first access."""
    if name == "server":
        return wsgi()
    if name == "app":
        wsgi()
        return _built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":
    config = settings.load()
    create_app(config).run(host=config.host, port=config.port, debug=config.debug)
