"""Callbacks of Vergelijk: controls → compare queries → table and figures; state → URL."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from dashboard import url_state
from dashboard.components import charts, filters, tables
from dashboard.format import number as nl_number
from dashboard.format import peer_name
from data_pipeline import store

PATH = url_state.VERGELIJK

#: keep the address bar in step without a page reload (no router re-render, focus stays).
REPLACE_URL_JS = (
    "function(href){ if(href && href !== '#'){ window.history.replaceState(null, '', href); }"
    " return href; }"
)


def _all_codes(gemeenten: list[str] | None) -> list[str]:
    if not isinstance(gemeenten, list):
        return []
    return list(dict.fromkeys(c for c in gemeenten if store.known_region(c, "gemeente")))


def _codes(gemeenten: list[str] | None) -> list[str]:
    """The known gemeenten of the selection, at most MAX_GEMEENTEN (the URL's limit too)."""
    return _all_codes(gemeenten)[: url_state.MAX_GEMEENTEN]


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
    if ctx.triggered_id == "vergelijk-vergelijkbaar-knop":
        return add_similar(clicks, current), no_update
    if not region or not store.known_region(region):
        return no_update, None
    merged = list(dict.fromkeys(_codes(current) + store.expand_selection([region])))
    return merged[: url_state.MAX_GEMEENTEN], None


def add_similar(clicks: int | None, current: list[str] | None) -> Any:
    """The first chosen gemeente plus its vergelijkbare gemeenten (one click, one peer set)."""
    codes = _codes(current)
    if not clicks or not codes:
        return no_update
    similar = list(store.similar_gemeenten(codes[0])["code"])
    return list(dict.fromkeys(codes + similar))[: url_state.MAX_GEMEENTEN]


@callback(
    Output("vergelijk-vergelijkbaar", "children"),
    Output("vergelijk-vergelijkbaar-knop", "disabled"),
    Output("vergelijk-vergelijkbaar-knop", "children"),
    Input("vergelijk-gemeenten", "value"),
)
def similar_hint(gemeenten: list[str] | None) -> tuple[Any, bool, str]:
    """Names the vergelijkbare gemeenten of the first chosen gemeente, with their distance."""
    codes = _codes(gemeenten)
    if not codes:
        return "", True, "Voeg vergelijkbare gemeenten toe"
    name = (store.region(codes[0]) or {}).get("name", codes[0])
    similar = store.similar_gemeenten(codes[0])
    if similar.empty:
        return "", True, "Voeg vergelijkbare gemeenten toe"
    names = ", ".join(f"{r['name']} ({nl_number(r['distance'], 2)})" for _, r in similar.iterrows())
    text = html.P(
        [
            html.Strong(f"Vergelijkbare gemeenten van {name}: "),
            names,
            " (afstand op structuurkenmerken; ",
            dcc.Link("hoe berekend?", href=url_state.HOW_SIMILAR),
            ")",
        ],
        className="small mb-1",
    )
    return text, False, f"Voeg de {len(similar)} vergelijkbare gemeenten van {name} toe"


@callback(
    Output("vergelijk-indicator", "options"),
    Output("vergelijk-indicator", "value"),
    Output("vergelijk-jaar", "options"),
    Input("vergelijk-thema", "value"),
    State("vergelijk-indicator", "value"),
)
def theme_choices(theme: str | None, indicator: str | None) -> tuple[list, str | None, list]:
    """Indicators and years of the chosen theme; keeps the indicator when it belongs to it."""
    if not store.known_theme(theme):
        return [], None, []
    options = filters.indicator_options(theme, unit=True)
    ids = [o["value"] for o in options]
    value = indicator if indicator in ids else (ids[0] if ids else None)
    years = sorted({y for i in ids for y in _years(i)}, reverse=True)
    return options, value, [{"label": str(y), "value": y} for y in years]


def _years(indicator_id: str) -> list[int]:
    return store.years(indicator_id)


@callback(
    Output("vergelijk-tabel", "children"),
    Output("vergelijk-index", "figure"),
    Input("vergelijk-thema", "value"),
    Input("vergelijk-gemeenten", "value"),
    Input("vergelijk-jaar", "value"),
)
def update_compare(theme: str | None, gemeenten: list[str] | None, year: int | None) -> tuple:
    """Side-by-side table and index bars for the selection, Nederland and peer groups."""
    codes = _codes(gemeenten)
    if not store.known_theme(theme) or not codes:
        msg = "Kies een thema en ten minste één gemeente."
        return html.P(msg, className="missing"), charts.empty_figure(msg)
    df = store.side_by_side(theme, codes, year)
    df["name"] = [peer_name(c, n) for c, n in zip(df["region_code"], df["name"], strict=True)]
    regions = list(dict.fromkeys(df["region_code"]))
    table = tables.compare_table(df, regions)
    if len(chosen := _all_codes(gemeenten)) > len(codes):
        table = html.Div([html.P(url_state.too_many(len(chosen)), role="status"), table])
    return table, charts.index_bars(df, regions)


@callback(
    Output("vergelijk-rangorde", "figure"),
    Output("vergelijk-trechter", "figure"),
    Input("vergelijk-indicator", "value"),
    Input("vergelijk-gemeenten", "value"),
    Input("vergelijk-jaar", "value"),
)
def update_ranking(
    indicator: str | None, gemeenten: list[str] | None, chosen: int | None
) -> tuple[go.Figure, go.Figure]:
    """Ranking of all gemeenten and the funnel plot, with the selection highlighted."""
    if not store.known_indicator(indicator):
        msg = "Kies een indicator."
        return charts.empty_figure(msg), charts.empty_figure(msg)
    year = store.years_for([indicator], chosen).get(indicator)
    if year is None:
        msg = "Voor deze indicator zijn geen cijfers."
        return charts.empty_figure(msg), charts.empty_figure(msg)
    meta = store.indicator(indicator)
    rank = store.ranking(indicator, year)
    codes = _codes(gemeenten)
    return (
        charts.ranking_figure(rank, meta, year, codes),
        charts.funnel_figure(rank, meta, year, codes),
    )


@callback(
    Output("vergelijk-link", "href"),
    Input("vergelijk-thema", "value"),
    Input("vergelijk-indicator", "value"),
    Input("vergelijk-gemeenten", "value"),
    Input("vergelijk-jaar", "value"),
)
def share(
    theme: str | None, indicator: str | None, gemeenten: list[str] | None, year: int | None
) -> str:
    """The URL of the current view (the one URL builder)."""
    state = url_state.State(
        theme=theme if store.known_theme(theme) else None,
        indicator=indicator if store.known_indicator(indicator) else None,
        gemeenten=tuple(_codes(gemeenten)),
        year=year if isinstance(year, int) else None,
    )
    return url_state.build_url(PATH, state)


clientside_callback(
    REPLACE_URL_JS,
    Output("vergelijk-url-sync", "data"),
    Input("vergelijk-link", "href"),
)
