"""'Link naar deze weergave' with a real copy button (dcc.Clipboard) and a Dutch confirmation.

One pattern-matching clientside callback serves every page: the button's id names the link
(``{"type": "kopieer-link", "link": <link id>}``), and the copied text is that link's address
made absolute. Pages keep the link's ``href`` in step with their state, as before.
"""

from __future__ import annotations

from dash import MATCH, Input, Output, clientside_callback, dcc, html

COPIED = "Link gekopieerd naar het klembord."

_COPY_JS = (
    "function(n){ if(!n){ return [window.dash_clientside.no_update, '']; }"
    " var pid = window.dash_clientside.callback_context.triggered[0].prop_id;"
    " var link = JSON.parse(pid.slice(0, pid.lastIndexOf('.'))).link;"
    " var a = document.getElementById(link); var href = a ? a.getAttribute('href') : null;"
    " var url = new URL(href && href !== '#' ? href : window.location.href,"
    " window.location.href).href;"
    f" return [url, {COPIED!r}]; }}"
)


def button_id(link_id: str) -> dict[str, str]:
    return {"type": "kopieer-link", "link": link_id}


def status_id(link_id: str) -> dict[str, str]:
    return {"type": "kopieer-status", "link": link_id}


def share_control(link_id: str, href: str = "#") -> html.Div:
    """The link (``link_id``, its href kept in step by the page) and a button that copies it."""
    return html.Div(
        [
            html.Span("Link naar deze weergave: "),
            html.A("open of deel deze link", id=link_id, href=href, className="me-2"),
            html.Span(
                [
                    dcc.Clipboard(
                        id=button_id(link_id),
                        content="",
                        title="Kopieer de link naar het klembord",
                        className="btn btn-outline-secondary btn-sm copy-button",
                        style={"display": "inline-block"},
                    ),
                    html.Span(" kopieer link", className="copy-label", **{"aria-hidden": "true"}),
                ],
                className="d-inline-flex align-items-center",
            ),
            html.Span(
                id=status_id(link_id),
                role="status",
                className="ms-2 copy-status",
                **{"aria-live": "polite"},
            ),
        ],
        className="share-link no-print",
    )


clientside_callback(
    _COPY_JS,
    Output(button_id(MATCH), "content"),
    Output(status_id(MATCH), "children"),
    Input(button_id(MATCH), "n_clicks"),
    prevent_initial_call=True,
)
