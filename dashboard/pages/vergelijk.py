"""Page Vergelijk: gemeenten side by side, against Nederland and peers; ranking and funnel plot.

The page's logic lives here; ``dashboard.callbacks.vergelijk`` only wires it to the controls.
"""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import dcc, html, no_update

from dashboard import url_state, view
from dashboard.components import charts, filters, tables
from dashboard.components.notices import url_errors
from dashboard.components.share import share_control
from dashboard.format import number as nl_number
from dashboard.format import peer_name
from dashboard.view import View
from data_pipeline import store
from themes.vocab import Level

PATH = url_state.VERGELIJK


def _all_codes(gemeenten: list[str] | None) -> list[str]:
    if not isinstance(gemeenten, list):
        return []
    return list(dict.fromkeys(c for c in gemeenten if store.known_region(c, "gemeente")))


def _codes(gemeenten: list[str] | None) -> list[str]:
    """The known gemeenten of the selection, at most MAX_GEMEENTEN (the URL's limit too)."""
    return _all_codes(gemeenten)[: url_state.MAX_GEMEENTEN]


def region_choice(
    trigger: Any, region: str | None, clicks: int | None, current: list[str] | None
) -> tuple:
    """A RIEC region or provincie adds all its gemeenten; the button adds the similar ones."""
    if trigger == "vergelijk-vergelijkbaar-knop":
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


def similar(gemeenten: list[str] | None) -> tuple[Any, bool, str]:
    """Names the vergelijkbare gemeenten of the first chosen gemeente, with their distance."""
    codes = _codes(gemeenten)
    if not codes:
        return "", True, "Voeg vergelijkbare gemeenten toe"
    name = (store.region(codes[0]) or {}).get("name", codes[0])
    peers = store.similar_gemeenten(codes[0])
    if peers.empty:
        return "", True, "Voeg vergelijkbare gemeenten toe"
    names = ", ".join(f"{r['name']} ({nl_number(r['distance'], 2)})" for _, r in peers.iterrows())
    text = html.P(
        [
            html.Strong(f"Vergelijkbare gemeenten van {name}: "),
            names,
            " (afstand op structuurkenmerken; ",
            dcc.Link("hoe berekend?", href=url_state.how_similar()),
            ")",
        ],
        className="small mb-1",
    )
    return text, False, f"Voeg de {len(peers)} vergelijkbare gemeenten van {name} toe"


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


def compare(theme: str | None, gemeenten: list[str] | None, year: int | None) -> tuple:
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


def ranking(
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


def resolve(theme: Any, indicator: Any, gemeenten: Any, year: Any) -> View:
    """The view of the controls (no defaults: an empty choice stays empty)."""
    codes = tuple(_all_codes(gemeenten))
    state = url_state.State(theme=theme, indicator=indicator, gemeenten=codes, year=year)
    return view.vergelijk(state, defaults=False)


def share(theme: Any, indicator: Any, gemeenten: Any, year: Any) -> str:
    """The URL of the current view (the one URL builder)."""
    return resolve(theme, indicator, gemeenten, year).url()


def address(theme: Any, indicator: Any, gemeenten: Any, year: Any) -> tuple[str, str, str]:
    """The share link, the address bar's query and the URL on screen, for the controls."""
    url = share(theme, indicator, gemeenten, year)
    return url, url_state.search(url), url


def controls(current: View) -> html.Div:
    """Theme, gemeenten, region shortcut, indicator and year — each with a visible label."""
    gemeenten = [{"label": n, "value": c} for c, n, _ in store.region_options(["gemeente"])]
    sets = [
        {"label": f"{n} ({Level(lv).label})", "value": c}
        for c, n, lv in store.region_options([Level.RIEC, Level.PROVINCIE])
    ]
    themes = filters.theme_options()
    ind = current.indicator.id if current.indicator else None
    options, ind, years = theme_choices(current.theme, ind)  # a dropdown keeps only an option
    dd = filters.dropdown
    fields = [
        ("Thema", dd("vergelijk-thema", themes, current.theme), "col-md-3"),
        (
            "Gemeenten",
            dd(
                "vergelijk-gemeenten",
                gemeenten,
                list(current.gemeenten),
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
            dd("vergelijk-indicator", options, ind),
            "col-md-6",
        ),
        (
            "Jaar",
            dd("vergelijk-jaar", years, current.year, "meest recente jaar", True),
            "col-md-3",
        ),
    ]
    return html.Div(
        [filters.field(label, control, control.id, width=w) for label, control, w in fields],
        className="row g-3 controls",
    )


def page(**query: Any) -> html.Div:
    """The page for a URL: controls preset from the query string, content from callbacks."""
    try:
        state, errors = url_state.read(query)
        current = view.vergelijk(state)
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
            controls(current),
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
            share_control("vergelijk-link", current.url()),
            *view.location("vergelijk", current),
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


layout = view.page_layout(PATH, page)

dash.register_page(
    __name__,
    path=PATH,
    name="Vergelijk",
    title="Vergelijk gemeenten — Zicht op Ondermijning",
    description="Gemeenten naast elkaar, tegen Nederland en vergelijkbare gemeenten",
    layout=layout,
    order=2,
)
