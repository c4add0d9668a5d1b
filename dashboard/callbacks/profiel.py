"""Callbacks of Profiel: gemeente → profile, trends, similar gemeenten, wijk extremes; URL."""

from __future__ import annotations

from dash import Input, Output, callback, clientside_callback, html

from dashboard import url_state
from dashboard.callbacks.vergelijk import REPLACE_URL_JS
from dashboard.components import profile as sections
from dashboard.components import tables
from data_pipeline import store

PATH = url_state.PROFIEL


def absolute(path: str) -> str:
    """Full URL of a path when a request is at hand (the factsheet prints it as text)."""
    try:
        from flask import request

        return request.host_url.rstrip("/") + path
    except RuntimeError:
        return path


@callback(Output("profiel-inhoud", "children"), Input("profiel-gemeente", "value"))
def update_profile(gemeente: str | None) -> html.Div:
    """The factsheet of one gemeente: all indicators, trends, similar gemeenten, its wijken."""
    if not store.known_region(gemeente, "gemeente"):
        return html.P("Kies een gemeente.", className="missing")
    prof = store.profile(gemeente)
    name = (store.region(gemeente) or {}).get("name", gemeente)
    trends = store.trends(gemeente)
    bands, _ = store.class_bands()
    titles = dict(store.query("SELECT table_id, title FROM source"))
    built = store.scalar("SELECT value FROM build_info WHERE key = 'built_at'")
    return html.Div(
        [
            sections.factsheet_header(name, gemeente, built),
            sections.class_legend(bands),
            tables.profile_table(prof, trends, gemeente),
            sections.actions_section(prof),
            sections.similar_section(gemeente, name, store.similar_gemeenten(gemeente)),
            sections.peer_members_section(store.peer_members(gemeente)),
            sections.trend_section(prof, trends, gemeente),
            html.Section(
                [
                    html.H2(f"Wijken van {name}: hoogste en laagste waarden"),
                    tables.extremes_list(store.wijk_extremes(gemeente)),
                ],
                id="profiel-wijken",
            ),
            sections.sources_list(prof, titles),
            html.P(sections.DISCLAIMER, className="disclaimer print-only"),
            sections.page_link(absolute(share_url(gemeente))),
        ],
        className="factsheet",
    )


def share_url(gemeente: str | None) -> str:
    """The URL of this profile (the one URL builder)."""
    ok = store.known_region(gemeente, "gemeente")
    return url_state.build_url(PATH, url_state.State(gemeente=gemeente if ok else None))


@callback(Output("profiel-link", "href"), Input("profiel-gemeente", "value"))
def share_link(gemeente: str | None) -> str:
    """The URL of this profile, kept in the address bar."""
    return share_url(gemeente)


clientside_callback(
    REPLACE_URL_JS, Output("profiel-url-sync", "data"), Input("profiel-link", "href")
)
clientside_callback(
    "function(n){ if(n){ window.print(); } return ''; }",
    Output("profiel-print-sync", "data"),
    Input("profiel-print", "n_clicks"),
    prevent_initial_call=True,
)
