"""Callbacks of Profiel: gemeente → profile and wijk extremes; state → URL."""

from __future__ import annotations

from dash import Input, Output, callback, clientside_callback, html

from dashboard import url_state
from dashboard.callbacks.vergelijk import REPLACE_URL_JS
from dashboard.components import tables
from data_pipeline import store
from data_pipeline.store import compare, db

PATH = "/profiel"


@callback(Output("profiel-inhoud", "children"), Input("profiel-gemeente", "value"))
def update_profile(gemeente: str | None) -> html.Div:
    """All indicators of one gemeente with Nederland, peers, class and trend; its wijken."""
    if not db.known_region(gemeente, "gemeente"):
        return html.P("Kies een gemeente.", className="missing")
    prof = compare.profile(gemeente)
    name = (store.region(gemeente) or {}).get("name", gemeente)
    meta = compare.indicator_meta()
    return html.Div(
        [
            html.H2(f"{name} ({gemeente})"),
            tables.profile_table(prof, compare.trends(gemeente), gemeente),
            html.H2(f"Wijken van {name}: hoogste en laagste waarden"),
            tables.extremes_list(compare.wijk_extremes(gemeente), meta),
        ]
    )


@callback(Output("profiel-link", "href"), Input("profiel-gemeente", "value"))
def share(gemeente: str | None) -> str:
    """The URL of this profile (the one URL builder)."""
    ok = db.known_region(gemeente, "gemeente")
    return url_state.build_url(PATH, url_state.State(gemeente=gemeente if ok else None))


clientside_callback(
    REPLACE_URL_JS, Output("profiel-url-sync", "data"), Input("profiel-link", "href")
)
