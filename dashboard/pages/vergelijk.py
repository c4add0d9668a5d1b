"""Page Vergelijk: gemeenten side by side, against Nederland and peers; ranking and funnel plot."""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from dashboard import url_state
from dashboard.callbacks import vergelijk as _callbacks
from dashboard.components import filters
from dashboard.components.notices import url_errors
from dashboard.components.share import share_control
from data_pipeline import store
from themes.vocab import DEFAULT_GEMEENTE, Level

PATH = url_state.VERGELIJK


def initial(state: url_state.State) -> dict[str, Any]:
    """Control values for a URL state: theme of the indicator, defaults where the URL is silent."""
    theme = state.theme
    info = store.indicator(state.indicator) if state.indicator else None
    if info and not theme:
        theme = info.theme
    themes = store.themes()
    theme = theme or (themes[0].id if themes else None)
    ids = [i.id for i in store.indicators(theme)] if theme else []
    indicator = state.indicator if state.indicator in ids else (ids[0] if ids else None)
    gemeenten = list(state.gemeenten) or ([state.gemeente] if state.gemeente else [])
    if not gemeenten and store.known_region(DEFAULT_GEMEENTE, "gemeente"):
        gemeenten = [DEFAULT_GEMEENTE]
    # options are set here too: a Dash 4 dropdown drops a value that is not among its options
    options, indicator, years = _callbacks.theme_choices(theme, indicator)
    return {
        "theme": theme,
        "indicator": indicator,
        "indicator_options": options,
        "year_options": years,
        "gemeenten": gemeenten,
        "year": state.year,
    }


def controls(init: dict[str, Any]) -> html.Div:
    """Theme, gemeenten, region shortcut, indicator and year — each with a visible label."""
    gemeenten = [{"label": n, "value": c} for c, n, _ in store.region_options(["gemeente"])]
    sets = [
        {"label": f"{n} ({Level(lv).label})", "value": c}
        for c, n, lv in store.region_options([Level.RIEC, Level.PROVINCIE])
    ]
    themes = filters.theme_options()
    dd = filters.dropdown
    fields = [
        ("Thema", dd("vergelijk-thema", themes, init["theme"]), "col-md-3"),
        (
            "Gemeenten",
            dd(
                "vergelijk-gemeenten",
                gemeenten,
                init["gemeenten"],
                "Kies gemeenten…",
                True,
                multi=True,
            ),
            "col-md-5",
        ),
        (
            "Of: alle gemeenten van een RIEC-regio of provincie",
            dd("vergelijk-regio", sets, None, "Kies een regio…", True),
            "col-md-4",
        ),
        (
            "Indicator voor rangorde en trechter",
            dd("vergelijk-indicator", init["indicator_options"], init["indicator"]),
            "col-md-6",
        ),
        (
            "Jaar",
            dd("vergelijk-jaar", init["year_options"], init["year"], "meest recente jaar", True),
            "col-md-3",
        ),
    ]
    return html.Div(
        [filters.field(label, control, control.id, width=w) for label, control, w in fields],
        className="row g-3 controls",
    )


def layout(**query: Any) -> html.Div:
    """The page for a URL: controls preset from the query string, content from callbacks."""
    try:
        state, errors = url_state.read(query)
        init = initial(state)
    except store.StoreUnavailable as exc:
        return html.Div([html.H1("Vergelijk"), html.P(str(exc), role="alert")])
    return html.Div(
        [
            html.H1("Vergelijk gemeenten"),
            url_errors(errors, PATH),
            html.P(
                "Waarden per indicator naast elkaar, met Nederland en gemeenten van dezelfde "
                "stedelijkheid en grootteklasse. Index 100 = het landelijke gemiddelde."
            ),
            controls(init),
            html.Div(
                [
                    html.Div(id="vergelijk-vergelijkbaar", **{"aria-live": "polite"}),
                    html.Button(
                        "Voeg vergelijkbare gemeenten toe",
                        id="vergelijk-vergelijkbaar-knop",
                        className="btn btn-outline-primary btn-sm",
                        n_clicks=0,
                    ),
                ],
                className="mb-3",
            ),
            share_control("vergelijk-link"),
            dcc.Store(id="vergelijk-url-sync"),
            dcc.Loading(html.Div(id="vergelijk-tabel", **{"aria-live": "polite"})),
            dcc.Graph(id="vergelijk-index", config={"displaylogo": False}),
            html.H2("Rangorde en trechterdiagram"),
            html.P(
                "Het trechterdiagram zet de waarde uit tegen de omvang (noemer). Binnen de "
                "stippellijnen (95% en 99,8%) valt een afwijking binnen het toeval: kleine "
                "gemeenten schommelen van nature meer."
            ),
            dcc.Graph(id="vergelijk-rangorde", config={"displaylogo": False}),
            dcc.Graph(id="vergelijk-trechter", config={"displaylogo": False}),
        ],
        className="page page-vergelijk",
    )


dash.register_page(
    __name__,
    path=PATH,
    name="Vergelijk",
    title="Vergelijk gemeenten — Zicht op Ondermijning",
    description="Gemeenten naast elkaar, tegen Nederland en vergelijkbare gemeenten",
    layout=layout,
    order=2,
)
