"""Every page, imported by name (no automatic discovery); importing registers the page."""

from dashboard.pages import (  # noqa: F401
    kaart,
    not_found_404,
    profiel,
    signalen,
    tabel,
    toelichting,
    vergelijk,
)
