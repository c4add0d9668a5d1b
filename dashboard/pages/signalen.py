"""Page Signalen: per area how many indicators lie significantly above the national average."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import url_state
from dashboard.callbacks import signalen as cb
from dashboard.components import areas, filters
from dashboard.components import choropleth as chart
from dashboard.components import map as mapc
from dashboard.components.notices import url_errors
from data_pipeline import store

INTRO = (
    "Een signaal is een risico-indicator die in een gebied significant boven het landelijk "
    "gemiddelde ligt (z-toets of CBS-marge tegen het landelijke cijfer; bij gemiddelden zoals "
    "de WOZ-waarde: klasse hoger of veel hoger). Elk gebied wordt geteld over dezelfde vaste set "
    "indicatoren: die met een uitkomst voor minstens 90% van de vergeleken gebieden (alle "
    "gemeenten, of de wijken of buurten van één gemeente). De tabel toont ook hoeveel daarvan "
    "hier getoetst zijn ('x van y getoetst') en dat als percentage. Waar meerdere signalen "
    "samenvallen, kan dat aanleiding zijn om beter te kijken; het is geen bewijs van ondermijning."
)


def controls(sel: cb.Selection) -> html.Div:
    years = [{"label": str(y), "value": y} for y in reversed(store.signal_years(sel.level))]
    return html.Div(
        [
            filters.field(
                "Niveau",
                filters.level_radio("signalen-niveau", cb.available_levels(), sel.level),
                "signalen-niveau",
                "Klik op een gemeente voor haar wijken.",
            ),
            filters.field(
                "Jaar", filters.dropdown("signalen-jaar", years, sel.year), "signalen-jaar"
            ),
            *filters.gemeente_search("signalen", sel.gemeente),
            html.P(INTRO, className="small mt-3"),
        ],
        className="controls",
    )


def layout(**query: Any) -> html.Div:
    """Signal map and table for the state in the URL (level, year, gemeente).

    On a phone the map (with the answer card right under it) comes first, then the controls;
    the table spans the whole width below.
    """
    state, errors = url_state.read(query)
    sel = cb.resolve(state.level, state.year, state.gemeente)
    fig, _ = cb.figure_update(sel, None)
    return html.Div(
        [
            url_errors(errors, cb.PATH),
            dbc.Row(
                [
                    dbc.Col(controls(sel), lg=3, md=4, className="order-2 order-md-1"),
                    dbc.Col(
                        [
                            html.H1(cb.heading(sel), id="signalen-heading", className="h4"),
                            html.Div(
                                areas.notes(sel.notes + cb.buurt_note(sel)), id="signalen-notes"
                            ),
                            chart.graph(cb.PREFIX, fig),
                            html.Div(
                                cb.detail(sel),
                                id="signalen-detail",
                                className="detail-card",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                            mapc.caption(cb.source_line(sel), "signalen-source"),
                            mapc.legend_html(mapc.SIGNAL_LEGEND),
                        ],
                        lg=9,
                        md=8,
                        className="order-1 order-md-2",
                    ),
                ]
            ),
            html.H2("Gebieden met de meeste signalen", className="h5 mt-3"),
            html.Div(cb.table(sel), id="signalen-tabel"),
            *chart.stores(cb.PREFIX, sel),
        ]
    )


dash.register_page(
    __name__, path=cb.PATH, name="Signalen", layout=layout, title="Signalen — Zicht op Ondermijning"
)
