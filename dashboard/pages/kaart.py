"""Page Kaart (also the home page): choropleth of an indicator against the national average.

The page's logic lives here; ``dashboard.callbacks.kaart`` only hands its inputs to
:func:`render`. Every function takes the one resolved :class:`~dashboard.view.View`.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html, no_update

from dashboard import config as app_settings
from dashboard import url_state, view
from dashboard.components import actions, areas, filters
from dashboard.components import choropleth as chart
from dashboard.components import map as mapc
from dashboard.components.notices import url_errors
from dashboard.view import View
from data_pipeline import store

PATH = url_state.KAART
PREFIX = "kaart"


def resolve(
    theme: Any, indicator: Any, level: Any, year: Any, gemeente: Any, online: Any = False
) -> View:
    """The view for these control values (``view.kaart``)."""
    state = url_state.State(theme, indicator, level, year, gemeente)
    return view.kaart(state, online)


def class_codes(current: View, codes: tuple[str, ...]) -> list[int]:
    """Class 1–5 per area in ``codes`` order; 0 where there is no value."""
    ind = current.indicator
    df = store.map_values(ind.id, current.drawn, current.year, current.scope)
    klasse = df.set_index("region_code")["klasse"].reindex(list(codes))
    value = df.set_index("region_code")["value"].reindex(list(codes))
    return [0 if pd.isna(v) or pd.isna(k) else int(k) for k, v in zip(klasse, value, strict=True)]


LAYER = chart.Layer(mapc.KLASSE_LEGEND, class_codes)


def geo_key(current: View) -> str:
    return chart.geo_key(current)


def full_figure(current: View) -> dict:
    return chart.full_figure(current, LAYER)


def figure_update(current: View, current_key: str | None) -> tuple[Any, str]:
    return chart.figure_update(current, LAYER, current_key)


def heading(current: View) -> str:
    name = current.place
    scope = {
        "gemeente": f"alle gemeenten, {name} gemarkeerd" if name else "alle gemeenten",
        "wijk": f"wijken van {name}" if name else "alle wijken van Nederland",
        "buurt": f"buurten van {name}" if name else "buurten",
    }[current.level]
    return f"{current.indicator.title} — {scope}, {current.year}"


def explanation(current: View) -> list:
    """What the chosen indicator means and what to keep in mind (beside the controls)."""
    return [
        html.P(current.indicator.description, className="small mt-3 mb-1"),
        html.P(current.indicator.caveat, className="small text-body-secondary"),
    ]


def side_panels(current: View) -> tuple[list, Any]:
    """Notes above the map and, for buurten without boundaries, the buurt table."""
    messages = list(current.notes)
    table: Any = None
    if current.level == "buurt" and current.drawn != "buurt":
        status = store.geometry_status("buurt")
        if current.gemeente:
            messages.append(
                "Buurtgrenzen ontbreken in deze database, daarom staan de buurtcijfers in de "
                f"tabel onder de kaart en toont de kaart de wijken. {status['note']}"
            )
            ind = current.indicator
            df = store.map_values(ind.id, "buurt", current.year, current.gemeente)
            caption = f"Buurten van {current.place}"
            table = areas.area_table(df, ind, "kaart-buurt-tabel", caption)
        else:
            messages.append("Kies een gemeente om de cijfers per buurt te zien.")
    return areas.notes(messages), table


def hover_lines(code: str, current: View) -> list[str]:
    """Name, value, NL value, index and class of one area for the view's indicator and year."""
    ind = current.indicator
    return areas.hover_lines(store.area_value(ind.id, code, current.year), ind)


def hover_at(code: str, search: str | None) -> list[str]:
    """The tooltip lines for the view in the address bar."""
    return hover_lines(code, view.kaart(url_state.parse(search)[0]))


def detail(current: View) -> list:
    """The selected gemeente's figures (also readable without a mouse)."""
    if not current.gemeente:
        return [html.Span("Wijs een gebied aan of kies een gemeente voor de cijfers.")]
    card = areas.hover_card(hover_lines(current.gemeente, current))
    return card + actions.kaart_extras(current.indicator.id, current.gemeente)  # trend, steps


def levels_of(indicator: Any) -> list[str]:
    ind = store.indicator(indicator) if isinstance(indicator, str) else None
    return list(ind.levels) if ind else ["gemeente"]


def year_for(indicator: Any, year: Any) -> tuple[list[int], Any]:
    """The indicator's years and the year to show: the chosen one when it exists."""
    ind = store.indicator(indicator) if isinstance(indicator, str) else None
    years = store.years(ind.id) if ind else []
    return years, year if year in years or not years else years[-1]


def render(kind, indicator, year, asked, gemeente, online, click, theme, current_key) -> tuple:  # noqa: ANN001
    """The outputs of the map callback for a control of ``kind`` (map, search, reset, other).

    A click drills down, the search jumps, reset shows Nederland; the year and level controls
    follow the indicator (never a level it lacks as the chosen one) — one round trip.
    """
    available = levels_of(indicator)
    level, chosen = chart.navigate(kind, click, gemeente, asked, available)
    asked = asked if level is no_update else level
    gemeente = gemeente if chosen is no_update else chosen
    years, year = year_for(indicator, year)
    current = resolve(theme, indicator, asked, year, gemeente, online).with_(notes=())
    fig, key = figure_update(current, current_key)  # the controls offer only what exists
    notes, table = side_panels(current)
    source = areas.source_line(current.indicator, current.year)
    url = current.url()
    shown = (fig, key, heading(current), source, notes, table, detail(current))
    shown += (explanation(current), url_state.search(url))
    controls = (filters.year_options(years), current.year, filters.level_options(available))
    return shown + controls + (current.level, current.gemeente, url)


def controls(current: View) -> html.Div:
    """The left column: every control has a label; order = how users think."""
    ind = current.indicator
    online = dbc.Switch(
        id="kaart-online", label="Achtergrondkaart (online)", value=False, className="mb-3"
    )
    return html.Div(
        [
            filters.field(
                "Thema",
                filters.dropdown("kaart-thema", filters.theme_options(), current.theme),
                "kaart-thema",
            ),
            filters.field(
                "Indicator",
                filters.dropdown(
                    "kaart-indicator", filters.indicator_options(current.theme), ind.id
                ),
                "kaart-indicator",
            ),
            filters.field(
                "Jaar",
                filters.dropdown(
                    "kaart-jaar", filters.year_options(store.years(ind.id)), current.year
                ),
                "kaart-jaar",
            ),
            filters.field(
                "Niveau",
                filters.level_radio("kaart-niveau", ind.levels, current.level),
                "kaart-niveau",
                "Klik op een gemeente voor haar wijken.",
            ),
            *filters.gemeente_search("kaart", current.gemeente),
            html.Div(online, hidden=not app_settings.current().tiles, className="mt-3"),
            html.Div(explanation(current), id="kaart-uitleg"),
        ],
        className="controls",
    )


def page(**query: Any) -> html.Div:
    """Kaart for the state in the URL; unknown values are reported, the rest still shows.

    On a phone the map (with the answer card right under it) comes first, then the controls;
    a table (buurten without boundaries) spans the whole width below.
    """
    state, errors = url_state.read(query)
    current = view.kaart(state)
    figure = full_figure(current)
    notes, table = side_panels(current)
    return html.Div(
        [
            url_errors(errors, PATH),
            dbc.Row(
                [
                    dbc.Col(controls(current), lg=3, md=4, className="order-2 order-md-1"),
                    dbc.Col(
                        [
                            html.H1(heading(current), id="kaart-heading", className="h4"),
                            html.Div(notes, id="kaart-notes"),
                            chart.graph(PREFIX, figure),
                            html.Div(
                                detail(current),
                                id="kaart-detail",
                                className="detail-card",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                            mapc.caption(
                                areas.source_line(current.indicator, current.year), "kaart-source"
                            ),
                            mapc.legend_html(
                                mapc.KLASSE_LEGEND, "n.s. = verschil valt binnen de ruis"
                            ),
                        ],
                        lg=9,
                        md=8,
                        className="order-1 order-md-2",
                    ),
                ]
            ),
            html.Div(table, id="kaart-tabel"),
            chart.geokey_store(PREFIX, current),
            *view.location(PREFIX, current),
        ]
    )


layout = view.page_layout(PATH, page)


def title(**_: Any) -> str:
    return "Kaart — Zicht op Ondermijning (open)"


# the home page is the map: "/" redirects here with its query (dashboard.serve.server.home)
dash.register_page(__name__, path=PATH, name="Kaart", order=0, layout=layout, title=title())
