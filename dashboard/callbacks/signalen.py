"""Callbacks of Signalen: controls → ``pages.signalen.render`` (one View, the map and its URL)."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx

from dashboard.components import choropleth as chart
from dashboard.pages import signalen as page
from dashboard.view import SHOWN

KINDS = {"signalen-map": "map", "signalen-gemeente": "search", "signalen-reset": "reset"}


@callback(
    Output("signalen-map", "figure"),
    Output("signalen-geokey", "data"),
    Output("signalen-heading", "children"),
    Output("signalen-source", "children"),
    Output("signalen-notes", "children"),
    Output("signalen-tabel", "children"),
    Output("signalen-detail", "children"),
    Output("signalen-jaar", "options"),
    Output("signalen-url", "search"),
    Output("signalen-niveau", "value"),
    Output("signalen-gemeente", "value"),
    Output(SHOWN, "data", allow_duplicate=True),
    Input("signalen-niveau", "value"),
    Input("signalen-jaar", "value"),
    Input("signalen-gemeente", "value"),
    Input("signalen-map", "clickData"),
    Input("signalen-reset", "n_clicks"),
    State("signalen-geokey", "data"),
    prevent_initial_call=True,
)
def update(level, year, gemeente, click, _reset, current_key) -> tuple:  # noqa: ANN001
    """Controls, a click (drill down) or reset → one View → map (Patch when possible), table."""
    return page.render(KINDS.get(ctx.triggered_id), level, year, gemeente, click, current_key)


on_hover = chart.register_hover(page.PREFIX, page.hover_at)
