"""'Link naar deze weergave' with a real copy button (dcc.Clipboard) and a Dutch confirmation."""

from __future__ import annotations

from dash import Input, Output, State, clientside_callback, dcc, html

COPIED = "Link gekopieerd naar het klembord."

#: the copied text is the absolute address of the view; the status line confirms in Dutch.
_COPY_JS = (
    "function(n, href){ if(!n){ return [window.dash_clientside.no_update, '']; }"
    " var url = new URL(href || window.location.href, window.location.href).href;"
    f" return [url, {COPIED!r}]; }}"
)


def share_control(link_id: str) -> html.Div:
    """The link (``link_id``, its href kept in step by the page) and a button that copies it."""
    return html.Div(
        [
            html.Span("Link naar deze weergave: "),
            html.A("open of deel deze link", id=link_id, href="#", className="me-2"),
            html.Span(
                [
                    dcc.Clipboard(
                        id=f"{link_id}-kopie",
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
                id=f"{link_id}-status",
                role="status",
                className="ms-2 copy-status",
                **{"aria-live": "polite"},
            ),
        ],
        className="share-link no-print",
    )


def register(link_id: str) -> None:
    """The copy callback of one share control (called once per page module)."""
    clientside_callback(
        _COPY_JS,
        Output(f"{link_id}-kopie", "content"),
        Output(f"{link_id}-status", "children"),
        Input(f"{link_id}-kopie", "n_clicks"),
        State(link_id, "href"),
        prevent_initial_call=True,
    )
