"""Page Profiel: one gemeente across all themes, with peers, trends and its extreme wijken.

The page's logic lives here; ``dashboard.callbacks.profiel`` only wires it to the controls.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from dashboard import url_state, view
from dashboard.components import filters, tables
from dashboard.components import profile as sections
from dashboard.components.notices import url_errors
from dashboard.components.share import share_control
from dashboard.view import View
from data_pipeline import store

PATH = url_state.PROFIEL


def resolve(gemeente: Any) -> View:
    """The view of the gemeente control (none chosen: none shown)."""
    return view.profiel(url_state.State(gemeente=gemeente), fallback=False)


def absolute(path: str) -> str:
    """Full URL of a path when a request is at hand (the factsheet prints it as text)."""
    try:
        from flask import request

        return request.host_url.rstrip("/") + path
    except RuntimeError:
        return path


def factsheet(current: View) -> html.Div:
    """The factsheet of one gemeente: all indicators, trends, similar gemeenten, its wijken."""
    gemeente, name = current.gemeente, current.place
    if gemeente is None:
        return html.P("Kies een gemeente.", className="missing")
    prof = store.profile(gemeente)
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
            sections.page_link(absolute(current.url())),
        ],
        className="factsheet",
    )


def address(gemeente: Any) -> tuple[str, str, str]:
    """The share link, the address bar's query and the URL on screen, for the chosen gemeente."""
    url = resolve(gemeente).url()
    return url, url_state.search(url), url


def page(**query: Any) -> html.Div:
    """The profile page for a URL; the gemeente comes from ?gemeente=GM…."""
    try:
        state, errors = url_state.read(query)
        gemeenten = [{"label": n, "value": c} for c, n, _ in store.region_options(["gemeente"])]
        current = view.profiel(state)
    except store.StoreUnavailable as exc:
        return html.Div([html.H1("Profiel"), html.P(str(exc), role="alert")])
    return html.Div(
        [
            html.H1("Gemeenteprofiel"),
            html.P(
                [
                    "Alle indicatoren van één gemeente tegen Nederland en vergelijkbare "
                    "gemeenten. Afdrukken (Ctrl+P) geeft een factsheet. ",
                    html.Button(
                        "Afdrukken als factsheet",
                        id="profiel-print",
                        className="btn btn-outline-secondary btn-sm",
                        n_clicks=0,
                    ),
                ],
                className="no-print",
            ),
            url_errors(errors, PATH),
            html.Div(
                [
                    filters.field(
                        "Gemeente",
                        filters.dropdown(
                            "profiel-gemeente", gemeenten, current.gemeente, "Kies een gemeente…"
                        ),
                        "profiel-gemeente",
                    )
                ],
                className="controls col-md-5 no-print",
            ),
            share_control("profiel-link", current.url()),
            *view.location("profiel", current),
            dcc.Store(id="profiel-print-sync"),
            dcc.Loading(html.Div(id="profiel-inhoud", **{"aria-live": "polite"})),
        ],
        className="page page-profiel",
    )


layout = view.page_layout(PATH, page)

dash.register_page(
    __name__,
    path=PATH,
    name="Profiel",
    title="Gemeenteprofiel — Zicht op Ondermijning",
    description="Eén gemeente over alle thema's, tegen Nederland en vergelijkbare gemeenten",
    layout=layout,
    order=3,
)
