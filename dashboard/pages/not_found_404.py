"""Page shown for an unknown path: a plain Dutch message and the way back."""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from dashboard import url_state


def layout(**_: Any) -> html.Div:
    """Unknown address: say so, offer the map and the explanation."""
    return html.Div(
        [
            html.H1("Pagina niet gevonden", className="h3"),
            html.P("Dit adres bestaat niet (meer). Misschien is de link niet volledig gekopieerd."),
            html.P(
                [
                    html.A("Terug naar de kaart", href=url_state.build_url(url_state.KAART)),
                    " · ",
                    html.A("Toelichting", href=url_state.build_url(url_state.TOELICHTING)),
                ]
            ),
        ],
        className="not-found py-4",
    )


dash.register_page(
    __name__, path="/404", name="Niet gevonden", layout=layout, title="Niet gevonden"
)
