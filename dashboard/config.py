"""The settings the dashboard runs with: the frozen config ``app.create_app`` hands down."""

from __future__ import annotations

from data_pipeline import settings

_current: settings.Config | None = None


def use(config: settings.Config) -> None:
    """Set by ``create_app``: the config of this process's app."""
    global _current
    _current = config


def current() -> settings.Config:
    """The app's config (outside an app, e.g. a callback called by a test: the environment's)."""
    global _current
    if _current is None:
        _current = settings.load()
    return _current
