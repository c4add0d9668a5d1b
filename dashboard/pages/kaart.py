"""Page Kaart (also the home page): choropleth of an indicator against the national average."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import config as app_config
from dashboard import url_state
from dashboard.callbacks import kaart as cb
from dashboard.components import areas, filters
from dashboard.components import choropleth as chart
from dashboard.components import map as mapc
from dashboard.components.notices import url_errors
from data_pipeline import store


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
                filters.dropdown("kaart-thema", filters.theme_options(), sel.theme),
                "kaart-thema",
            ),
            filters.field(
                "Indicator",
                filters.dropdown("kaart-indicator", filters.indicator_options(sel.theme), ind.id),
                "kaart-indicator",
            ),
            filters.field(
                "Jaar",
                filters.dropdown("kaart-jaar", filters.year_options(store.years(ind.id)), sel.year),
                "kaart-jaar",
            ),
            filters.field(
                "Niveau",
                filters.level_radio("kaart-niveau", ind.levels, sel.level),
                "kaart-niveau",
                "Klik op een gemeente voor haar wijken.",
            ),
            *filters.gemeente_search("kaart", sel.gemeente),
            html.Div(online, hidden=not app_config.current().tiles, className="mt-3"),
            html.Div(cb.explanation(sel), id="kaart-uitleg"),
        ],
        className="controls",
    )


def layout(**query: Any) -> html.Div:
    """Kaart for the state in the URL; unknown values are reported, the rest still shows.

    On a phone the map (with the answer card right under it) comes first, then the controls;
    a table (buurten without boundaries) spans the whole width below.
    """
    state, errors = url_state.read(query)
    sel = cb.resolve(state.theme, state.indicator, state.level, state.year, state.gemeente)
    notes, table = cb.side_panels(sel)
    return html.Div(
        [
            url_errors(errors, cb.PATH),
            dbc.Row(
                [
                    dbc.Col(controls(sel), lg=3, md=4, className="order-2 order-md-1"),
                    dbc.Col(
                        [
                            html.H1(cb.heading(sel), id="kaart-heading", className="h4"),
                            html.Div(notes, id="kaart-notes"),
                            chart.graph(cb.PREFIX, cb.full_figure(sel)),
                            html.Div(
                                cb.detail(sel),
                                id="kaart-detail",
                                className="detail-card",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                            mapc.caption(
                                areas.source_line(store.indicator(sel.indicator), sel.year),
                                "kaart-source",
                            ),
                            mapc.legend_html(
                                mapc.KLASSE_LEGEND, "n.s. = verschil valt binnen de ruis"
                            ),
                        ],
                        lg=9,
                        md=8,
                        className="order-1 order-md-2",
                    ),
                ]
            ),
            html.Div(table, id="kaart-tabel"),
            *chart.stores(cb.PREFIX, sel),
        ]
    )


def title(**_: Any) -> str:
    return "Kaart — Zicht op Ondermijning (open)"


# the home page is the map: "/" redirects here with its query (dashboard.serve.server.home)
dash.register_page(__name__, path=cb.PATH, name="Kaart", order=0, layout=layout, title=title())
