"""App shell: header with navigation from the page registry, page container, footer."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import url_state

TITLE = "Zicht op Ondermijning (open)"
ERROR_ID = "app-error"
ADDRESS = "app-address"


NAV_ORDER = url_state.PAGES


def nav_links() -> list[dbc.NavItem]:
    """One link per registered page (not the home alias, not the 404 page), in task order."""

    def rank(page: dict) -> tuple:
        path = page["path"]
        return (NAV_ORDER.index(path) if path in NAV_ORDER else len(NAV_ORDER), page["name"])

    pages = sorted(
        (
            p
            for p in dash.page_registry.values()
            if p["path"] != "/" and not p["module"].endswith("not_found_404") and p.get("nav", True)
        ),
        key=rank,
    )
    return [
        dbc.NavItem(
            dbc.NavLink(
                p["name"],
                href=url_state.build_url(p["path"]),
                active=False,  # set by menu_links for the page on screen
                id=nav_id(p["path"]),
            )
        )
        for p in pages
    ]


def nav_id(path: str) -> str:
    """``/kaart`` → ``nav-kaart``: ``carry_gemeente`` writes these links' addresses."""
    return "nav-" + path.strip("/").replace("/", "-")


def carry_gemeente(pathname: str | None, search: str | None) -> list[Any]:
    """The menu for the address on screen: each link's address, with the chosen gemeente (the
    first of ``gemeenten`` on Vergelijk), so Heerlen on Kaart stays Heerlen on Profiel; then
    whether each link is the page on screen."""
    state, _ = url_state.parse(search)
    gemeente = state.gemeente or (state.gemeenten[0] if state.gemeenten else None)
    hrefs = [url_state.build_url(path, gemeente=gemeente) for path in NAV_ORDER]
    here = pathname.rstrip("/") if isinstance(pathname, str) else ""
    return hrefs + [url_state.at_base(path) == here for path in NAV_ORDER]


def header() -> html.Header:
    """Title, logo and the page menu (collapses on a phone)."""
    brand = html.A(
        [
            html.Img(src=dash.get_asset_url("logo.svg"), alt="", height="32", className="me-2"),
            html.Span(TITLE),
        ],
        href=url_state.build_url(url_state.KAART),
        className="navbar-brand d-flex align-items-center",
    )
    return html.Header(
        dbc.Navbar(
            dbc.Container(
                [
                    brand,
                    dbc.NavbarToggler(id="nav-toggle", n_clicks=0),
                    dbc.Collapse(
                        dbc.Nav(nav_links(), navbar=True, className="ms-auto"),
                        id="nav-collapse",
                        navbar=True,
                        is_open=False,
                    ),
                ],
                fluid=True,
            ),
            color="primary",
            dark=True,
            expand="lg",
            className="mb-3",
        )
    )


def footer() -> html.Footer:
    """Licence line required by CBS: every page shows it."""
    return html.Footer(
        dbc.Container(
            html.P(
                [
                    "Bron: CBS, CC BY 4.0 · grenzen: CBS / Kadaster (PDOK) · ",
                    html.A(
                        "Toelichting en bronnen", href=url_state.build_url(url_state.TOELICHTING)
                    ),
                ],
                className="small mb-0",
            ),
            fluid=True,
        ),
        className="site-footer mt-4 py-3",
    )


def shell() -> html.Div:
    """The whole app: skip link, header, an error banner, the page container, footer."""
    return html.Div(
        [
            html.A("Naar de inhoud", href="#main", className="visually-hidden-focusable"),
            header(),
            html.Main(
                dbc.Container(
                    [
                        dbc.Alert(
                            id=ERROR_ID,
                            color="warning",
                            is_open=False,
                            dismissable=True,
                        ),
                        dash.page_container,
                    ],
                    fluid=True,
                ),
                id="main",
                tabIndex="-1",
            ),
            footer(),
            dcc.Store(id="app-dummy"),
            dcc.Location(id=ADDRESS, refresh=False),  # read only: the address on screen
        ]
    )


@callback(
    [Output(nav_id(path), "href") for path in NAV_ORDER]
    + [Output(nav_id(path), "active") for path in NAV_ORDER],
    Input(ADDRESS, "pathname"),
    Input(ADDRESS, "search"),
)
def menu_links(pathname: str | None, search: str | None) -> list[Any]:
    """Every change of address (a page's callback, a link, back/forward) updates the menu."""
    return carry_gemeente(pathname, search)


clientside_callback(
    "function(n, open){ return n ? !open : open; }",
    Output("nav-collapse", "is_open"),
    Input("nav-toggle", "n_clicks"),
    State("nav-collapse", "is_open"),
    prevent_initial_call=True,
)

#: a link such as '/toelichting#vergelijkbaar' scrolls to its section once the page has rendered
#: (the browser tried before Dash had drawn it)
clientside_callback(
    """function(content){
        var h = window.location.hash;
        var el = h ? document.getElementById(decodeURIComponent(h.slice(1))) : null;
        if (el) {  // again while content above it is still being drawn
            [0, 200, 600, 1200].forEach(function(ms){
                setTimeout(function(){ el.scrollIntoView(); }, ms);
            });
        }
        return window.dash_clientside.no_update;
    }""",
    Output("app-dummy", "data"),
    Input("_pages_content", "children"),
)
