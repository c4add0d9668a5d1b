"""Callbacks of Profiel: the gemeente → ``pages.profiel`` → factsheet and address."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, callback, clientside_callback, html

from dashboard.pages import profiel as page
from dashboard.view import SHOWN


@callback(Output("profiel-inhoud", "children"), Input("profiel-gemeente", "value"))
def update_profile(gemeente: str | None) -> html.Div:
    """The factsheet of the chosen gemeente."""
    return page.factsheet(page.resolve(gemeente))


@callback(
    Output("profiel-link", "href"),
    Output("profiel-url", "search"),
    Output(SHOWN, "data", allow_duplicate=True),
    Input("profiel-gemeente", "value"),
    prevent_initial_call=True,
)
def address(gemeente: Any) -> tuple[str, str, str]:
    """The profile's URL: the share link, the address bar (a history entry), the URL on screen."""
    return page.address(gemeente)


clientside_callback(
    "function(n){ if(n){ window.print(); } return ''; }",
    Output("profiel-print-sync", "data"),
    Input("profiel-print", "n_clicks"),
    prevent_initial_call=True,
)
