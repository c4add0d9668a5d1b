"""Page Kaart (also the home page): choropleth of an indicator against the national average."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import url_state
from dashboard.callbacks import kaart as cb
from dashboard.components import areas, filters
from dashboard.components import map as mapc
from dashboard.components.notices import url_errors
from data_pipeline import settings, store


def controls(sel: cb.Selection) -> html.Div:
    """The left column: every control has a label; order = how users think."""
    ind = store.indicator(sel.indicator)
    online = dbc.Switch(
        id="kaart-online", label="Achtergrondkaart (online)", value=False, className="mb-3"
    )
    return html.Div(
        [
            filters.field(
                "Thema",
                filters.dropdown("kaart-thema", filters.theme_options(), sel.thema),
                "kaart-thema",
            ),
            filters.field(
                "Indicator",
                filters.dropdown(
                    "kaart-indicator", filters.indicator_options(sel.thema), ind["id"]
                ),
                "kaart-indicator",
            ),
            filters.field(
                "Jaar",
                filters.dropdown(
                    "kaart-jaar", filters.year_options(store.years(ind["id"])), sel.jaar
                ),
                "kaart-jaar",
            ),
            filters.field(
                "Niveau",
                filters.level_radio("kaart-niveau", ind["levels"], sel.niveau),
                "kaart-niveau",
                "Klik op een gemeente voor haar wijken.",
            ),
            *filters.gemeente_search("kaart", sel.gemeente),
            html.Div(online, hidden=not settings.flag("tiles"), className="mt-3"),
            html.P(ind["description"], className="small mt-3 mb-1"),
            html.P(ind["caveat"], className="small text-body-secondary"),
        ],
        className="controls",
    )


def layout(**query: Any) -> html.Div:
    """Kaart for the state in the URL; unknown values are reported, the rest still shows."""
    state, errors = url_state.read(query)
    sel = cb.resolve(state.thema, state.indicator, state.niveau, state.jaar, state.gemeente)
    notes, table = cb.side_panels(sel)
    return html.Div(
        [
            url_errors(errors, cb.PATH),
            dbc.Row(
                [
                    dbc.Col(controls(sel), lg=3, md=4),
                    dbc.Col(
                        [
                            html.H1(cb.heading(sel), id="kaart-heading", className="h4"),
                            html.Div(notes, id="kaart-notes"),
                            html.Div(
                                [
                                    dcc.Graph(
                                        id="kaart-map",
                                        figure=cb.full_figure(sel),
                                        config={
                                            "displaylogo": False,
                                            "scrollZoom": True,
                                            "locale": "nl",
                                        },
                                        clear_on_unhover=True,
                                    ),
                                    dcc.Tooltip(id="kaart-tooltip", direction="bottom"),
                                ],
                                className="map-box",
                            ),
                            mapc.caption(
                                areas.source_line(store.indicator(sel.indicator), sel.jaar),
                                "kaart-source",
                            ),
                            mapc.legend_html(
                                mapc.KLASSE_LEGEND, "n.s. = verschil valt binnen de ruis"
                            ),
                            html.Div(
                                cb.detail(sel),
                                id="kaart-detail",
                                className="detail-card",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                            html.Div(table, id="kaart-tabel"),
                        ],
                        lg=9,
                        md=8,
                    ),
                ]
            ),
            dcc.Store(id="kaart-geokey", data=cb.geo_key(sel)),
            dcc.Store(id="kaart-url", data=sel.url()),
            dcc.Store(id="kaart-url-done"),
        ]
    )


def title(**_: Any) -> str:
    return "Kaart — Zicht op Ondermijning (open)"


dash.register_page(__name__, path=cb.PATH, name="Kaart", order=0, layout=layout, title=title())
dash.register_page(
    __name__ + "_home", path="/", name="Kaart", order=None, layout=layout, title=title()
)
