"""Callbacks of Kaart: controls → ``pages.kaart.render`` (one View, the map and its URL)."""

from __future__ import annotations

from dash import Input, Output, State, callback, ctx

from dashboard.components import choropleth as chart
from dashboard.components import filters
from dashboard.pages import kaart as page
from dashboard.view import SHOWN


@callback(
    Output("kaart-indicator", "options"),
    Output("kaart-indicator", "value"),
    Input("kaart-thema", "value"),
    State("kaart-indicator", "value"),
    prevent_initial_call=True,
)
def on_theme(theme: str | None, indicator: str | None) -> tuple[list, str | None]:
    """A new theme lists its indicators; the current one stays if it belongs to it."""
    options = filters.indicator_options(theme)
    ids = [o["value"] for o in options]
    return options, indicator if indicator in ids else (ids[0] if ids else None)


KINDS = {"kaart-map": "map", "kaart-gemeente": "search", "kaart-reset": "reset"}


@callback(
    Output("kaart-map", "figure"),
    Output("kaart-geokey", "data"),
    Output("kaart-heading", "children"),
    Output("kaart-source", "children"),
    Output("kaart-notes", "children"),
    Output("kaart-tabel", "children"),
    Output("kaart-detail", "children"),
    Output("kaart-uitleg", "children"),
    Output("kaart-url", "search"),
    Output("kaart-jaar", "options"),
    Output("kaart-jaar", "value"),
    Output("kaart-niveau", "options"),
    Output("kaart-niveau", "value"),
    Output("kaart-gemeente", "value"),
    Output(SHOWN, "data", allow_duplicate=True),
    Input("kaart-indicator", "value"),
    Input("kaart-jaar", "value"),
    Input("kaart-niveau", "value"),
    Input("kaart-gemeente", "value"),
    Input("kaart-online", "value"),
    Input("kaart-map", "clickData"),
    Input("kaart-reset", "n_clicks"),
    State("kaart-thema", "value"),
    State("kaart-geokey", "data"),
    prevent_initial_call=True,
)
def update_map(indicator, year, level, gemeente, online, click, _reset, theme, current_key):  # noqa: ANN001
    """Any control → one resolved View → the map and everything around it, in one answer."""
    args = (indicator, year, level, gemeente, online, click, theme, current_key)
    return page.render(KINDS.get(ctx.triggered_id), *args)


on_hover = chart.register_hover(page.PREFIX, page.hover_at)
