"""Creates the Dash app; `python app.py` serves it, `gunicorn app:server` in production."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import dash

from data_pipeline import settings, store

log = logging.getLogger(__name__)
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


def create_app(db: str | os.PathLike | None = None) -> dash.Dash:
    """The app with every page registered by name, headers, errors and the GeoJSON route."""
    store.use_db(db if db is not None else settings.path("db"))
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ROOT / "assets"),
        title="Zicht op Ondermijning (open)",
        update_title=None,
        serve_locally=True,
        compress=False,
        suppress_callback_exceptions=False,
        on_error=_on_callback_error,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Open replica van Zicht op Ondermijning (CBS/BZK)"},
        ],
    )
    from dashboard import layout, pages, server  # noqa: F401  (pages register themselves)

    app.layout = layout.shell
    server.install(app)
    return app


app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(
        host=settings.get("host"),
        port=int(settings.get("port")),
        debug=settings.flag("debug"),
    )
