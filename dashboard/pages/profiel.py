"""Page Profiel: one gemeente across all themes, with peers, trends and its extreme wijken."""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from dashboard import url_state
from dashboard.callbacks import profiel as _callbacks  # noqa: F401 - registers callbacks
from dashboard.components import filters
from dashboard.components.notices import url_errors
from dashboard.components.share import share_control
from data_pipeline import store
from themes.vocab import DEFAULT_GEMEENTE

PATH = url_state.PROFIEL


def layout(**query: Any) -> html.Div:
    """The profile page for a URL; the gemeente comes from ?gemeente=GM…."""
    try:
        state, errors = url_state.read(query)
        gemeenten = [{"label": n, "value": c} for c, n, _ in store.region_options(["gemeente"])]
    except store.StoreUnavailable as exc:
        return html.Div([html.H1("Profiel"), html.P(str(exc), role="alert")])
    gemeente = state.gemeente or (state.gemeenten[0] if state.gemeenten else None)
    if gemeente is None and store.known_region(DEFAULT_GEMEENTE, "gemeente"):
        gemeente = DEFAULT_GEMEENTE
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
                            "profiel-gemeente", gemeenten, gemeente, "Kies een gemeente…"
                        ),
                        "profiel-gemeente",
                    )
                ],
                className="controls col-md-5 no-print",
            ),
            share_control("profiel-link"),
            dcc.Store(id="profiel-url-sync"),
            dcc.Store(id="profiel-print-sync"),
            dcc.Loading(html.Div(id="profiel-inhoud", **{"aria-live": "polite"})),
        ],
        className="page page-profiel",
    )


dash.register_page(
    __name__,
    path=PATH,
    name="Profiel",
    title="Gemeenteprofiel — Zicht op Ondermijning",
    description="Eén gemeente over alle thema's, tegen Nederland en vergelijkbare gemeenten",
    layout=layout,
    order=3,
)
