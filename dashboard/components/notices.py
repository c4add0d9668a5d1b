"""Notices shown in pages: bad URL parameters (with a way back) and empty selections."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from dashboard import url_state


def url_errors(errors: Sequence[str], path: str) -> html.Div | None:
    """A readable message for bad URL parameters, with a link to the page's default view."""
    if not errors:
        return None
    return html.Div(
        [
            html.Strong("Deze link klopt niet helemaal. "),
            html.Ul([html.Li(e) for e in errors]),
            html.Span("We tonen wat wel kon. "),
            dcc.Link("Terug naar de standaardweergave", href=url_state.build_url(path)),
        ],
        className="alert alert-warning url-errors",
        role="alert",
    )


def share_link(link_id: str) -> html.P:
    """'Link naar deze weergave': the URL that reopens exactly this view."""
    return html.P(
        [
            html.Span("Link naar deze weergave: "),
            html.A("kopieer of deel deze link", id=link_id, href="#"),
        ],
        className="share-link",
    )


#: Dutch texts for dcc.Dropdown (Dash 4 defaults are English).
