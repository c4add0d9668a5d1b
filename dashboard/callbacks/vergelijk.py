"""Callbacks of Vergelijk: the controls → ``pages.vergelijk`` → table, figures and address."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback, ctx

from dashboard.pages import vergelijk as page
from dashboard.view import SHOWN

_CONTROLS = (
    Input("vergelijk-thema", "value"),
    Input("vergelijk-indicator", "value"),
    Input("vergelijk-gemeenten", "value"),
    Input("vergelijk-jaar", "value"),
)


@callback(
    Output("vergelijk-gemeenten", "value"),
    Output("vergelijk-regio", "value"),
    Input("vergelijk-regio", "value"),
    Input("vergelijk-vergelijkbaar-knop", "n_clicks"),
    State("vergelijk-gemeenten", "value"),
    prevent_initial_call=True,
)
def add_region(region: str | None, clicks: int | None, current: list[str] | None) -> tuple:
    """A RIEC region or provincie adds all its gemeenten; the button adds the similar ones."""
    return page.region_choice(ctx.triggered_id, region, clicks, current)


@callback(
    Output("vergelijk-vergelijkbaar", "children"),
    Output("vergelijk-vergelijkbaar-knop", "disabled"),
    Output("vergelijk-vergelijkbaar-knop", "children"),
    Input("vergelijk-gemeenten", "value"),
)
def similar_hint(gemeenten: list[str] | None) -> tuple[Any, bool, str]:
    """Names the vergelijkbare gemeenten of the first chosen gemeente."""
    return page.similar(gemeenten)


@callback(
    Output("vergelijk-indicator", "options"),
    Output("vergelijk-indicator", "value"),
    Output("vergelijk-jaar", "options"),
    Input("vergelijk-thema", "value"),
    State("vergelijk-indicator", "value"),
)
def theme_choices(theme: str | None, indicator: str | None) -> tuple[list, str | None, list]:
    """Indicators and years of the chosen theme."""
    return page.theme_choices(theme, indicator)


@callback(
    Output("vergelijk-tabel", "children"),
    Output("vergelijk-index", "figure"),
    Input("vergelijk-thema", "value"),
    Input("vergelijk-gemeenten", "value"),
    Input("vergelijk-jaar", "value"),
)
def update_compare(theme: str | None, gemeenten: list[str] | None, year: int | None) -> tuple:
    """Side-by-side table and index bars."""
    return page.compare(theme, gemeenten, year)


@callback(
    Output("vergelijk-rangorde", "figure"),
    Output("vergelijk-trechter", "figure"),
    Input("vergelijk-indicator", "value"),
    Input("vergelijk-gemeenten", "value"),
    Input("vergelijk-jaar", "value"),
)
def update_ranking(indicator: str | None, gemeenten: list[str] | None, year: int | None) -> tuple:
    """Ranking of all gemeenten and the funnel plot."""
    return page.ranking(indicator, gemeenten, year)


@callback(
    Output("vergelijk-link", "href"),
    Output("vergelijk-url", "search"),
    Output(SHOWN, "data", allow_duplicate=True),
    *_CONTROLS,
    prevent_initial_call=True,
)
def address(theme: Any, indicator: Any, gemeenten: Any, year: Any) -> tuple[str, str, str]:
    """The view's URL: the share link, the address bar (a history entry), the URL on screen."""
    return page.address(theme, indicator, gemeenten, year)
