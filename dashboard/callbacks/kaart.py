"""Callbacks of Kaart: controls → selection → the shared choropleth (full once per level, Patch)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import Input, Output, State, callback, ctx, html, no_update

from dashboard import config as app_config
from dashboard import url_state
from dashboard.components import actions, areas, filters
from dashboard.components import choropleth as chart
from dashboard.components import map as mapc
from data_pipeline import store
from themes.vocab import AREA_LEVELS, Level

PATH = url_state.KAART
PREFIX = "kaart"
Selection = chart.Selection


def default_theme() -> str:
    return store.themes()[0].id


def resolve(
    theme: str | None,
    indicator: str | None,
    level: str | None,
    year: Any,
    gemeente: str | None,
    online: bool = False,
) -> Selection:
    """Fill in defaults and fall back (with a note) where the data cannot show the request."""
    notes: list[str] = []
    ind = store.indicator(indicator) if isinstance(indicator, str) and indicator else None
    if ind is None or (theme and store.known_theme(theme) and ind.theme != theme):
        theme = theme if isinstance(theme, str) and store.known_theme(theme) else default_theme()
        ind = store.indicators(theme)[0]
    level = level if level in AREA_LEVELS else Level.GEMEENTE
    if level not in ind.levels:
        notes.append(f"'{ind.label}' is er niet per {level}; getoond per gemeente.")
        level = "gemeente"
    years = store.years(ind.id, level) or store.years(ind.id)
    year, note = url_state.pick_year(year, years, "Geen cijfers voor {jaar}")
    notes += [note] if note else []
    ok = isinstance(gemeente, str) and store.known_region(gemeente, "gemeente")
    online = bool(online) and app_config.current().tiles
    return Selection(PATH, level, year, gemeente if ok else None, ind.theme, ind.id, notes, online)


def class_codes(sel: Selection, codes: tuple[str, ...]) -> list[int]:
    """Class 1–5 per area in ``codes`` order; 0 where there is no value."""
    df = store.map_values(sel.indicator, sel.map_level, sel.year, sel.scope)
    klasse = df.set_index("region_code")["klasse"].reindex(list(codes))
    value = df.set_index("region_code")["value"].reindex(list(codes))
    return [0 if pd.isna(v) or pd.isna(k) else int(k) for k, v in zip(klasse, value, strict=True)]


LAYER = chart.Layer(mapc.KLASSE_LEGEND, class_codes)


def geo_key(sel: Selection) -> str:
    return chart.geo_key(sel)


def full_figure(sel: Selection) -> dict:
    return chart.full_figure(sel, LAYER)


def figure_update(sel: Selection, current_key: str | None) -> tuple[Any, str]:
    return chart.figure_update(sel, LAYER, current_key)


def heading(sel: Selection) -> str:
    ind = store.indicator(sel.indicator)
    name = chart.place(sel)
    scope = {
        "gemeente": f"alle gemeenten, {name} gemarkeerd" if name else "alle gemeenten",
        "wijk": f"wijken van {name}" if name else "alle wijken van Nederland",
        "buurt": f"buurten van {name}" if name else "buurten",
    }[sel.level]
    return f"{ind.title} — {scope}, {sel.year}"


def explanation(sel: Selection) -> list:
    """What the chosen indicator means and what to keep in mind (beside the controls)."""
    ind = store.indicator(sel.indicator)
    return [
        html.P(ind.description, className="small mt-3 mb-1"),
        html.P(ind.caveat, className="small text-body-secondary"),
    ]


def side_panels(sel: Selection) -> tuple[list, Any]:
    """Notes above the map and, for buurten without boundaries, the buurt table."""
    messages = list(sel.notes)
    table: Any = None
    if sel.level == "buurt" and sel.map_level != "buurt":
        status = store.geometry_status("buurt")
        if sel.gemeente:
            messages.append(
                "Buurtgrenzen ontbreken in deze database, daarom staan de buurtcijfers in de "
                f"tabel onder de kaart en toont de kaart de wijken. {status['note']}"
            )
            df = store.map_values(sel.indicator, "buurt", sel.year, sel.gemeente)
            ind = store.indicator(sel.indicator)
            table = areas.area_table(
                df, ind, "kaart-buurt-tabel", f"Buurten van {chart.place(sel)}"
            )
        else:
            messages.append("Kies een gemeente om de cijfers per buurt te zien.")
    return areas.notes(messages), table


def hover_lines(code: str, view: url_state.State) -> list[str]:
    """Name, value, NL value, index and class of one area for the view's indicator and year."""
    if not view.indicator or not isinstance(view.year, int):
        return []
    ind = store.indicator(view.indicator)
    return areas.hover_lines(store.area_value(view.indicator, code, view.year), ind)


def detail(sel: Selection) -> list:
    """The selected gemeente's figures (also readable without a mouse)."""
    if not sel.gemeente:
        return [html.Span("Wijs een gebied aan of kies een gemeente voor de cijfers.")]
    card = areas.hover_card(hover_lines(sel.gemeente, sel.state()))
    return card + actions.kaart_extras(sel.indicator, sel.gemeente)  # trend link, steps


@callback(
    Output("kaart-indicator", "options"),
    Output("kaart-indicator", "value"),
    Input("kaart-thema", "value"),
    State("kaart-indicator", "value"),
    prevent_initial_call=True,
)
def on_theme(theme: str | None, indicator: str | None) -> tuple[list, str | None]:
    """A new theme lists its indicators; the current one stays if it belongs to it."""
    options = filters.indicator_options(theme)
    ids = [o["value"] for o in options]
    return options, indicator if indicator in ids else (ids[0] if ids else None)


def levels_of(indicator: Any) -> list[str]:
    ind = store.indicator(indicator) if isinstance(indicator, str) else None
    return list(ind.levels) if ind else ["gemeente"]


def year_for(indicator: Any, year: Any) -> tuple[list[int], Any]:
    """The indicator's years and the year to show: the chosen one when it exists."""
    ind = store.indicator(indicator) if isinstance(indicator, str) else None
    years = store.years(ind.id) if ind else []
    return years, year if year in years or not years else years[-1]


KINDS = {"kaart-map": "map", "kaart-gemeente": "search", "kaart-reset": "reset"}


@callback(
    Output("kaart-map", "figure"),
    Output("kaart-geokey", "data"),
    Output("kaart-heading", "children"),
    Output("kaart-source", "children"),
    Output("kaart-notes", "children"),
    Output("kaart-tabel", "children"),
    Output("kaart-detail", "children"),
    Output("kaart-uitleg", "children"),
    Output("kaart-url", "data"),
    Output("kaart-jaar", "options"),
    Output("kaart-jaar", "value"),
    Output("kaart-niveau", "options"),
    Output("kaart-niveau", "value"),
    Output("kaart-gemeente", "value"),
    Input("kaart-indicator", "value"),
    Input("kaart-jaar", "value"),
    Input("kaart-niveau", "value"),
    Input("kaart-gemeente", "value"),
    Input("kaart-online", "value"),
    Input("kaart-map", "clickData"),
    Input("kaart-reset", "n_clicks"),
    State("kaart-thema", "value"),
    State("kaart-geokey", "data"),
    prevent_initial_call=True,
)
def update_map(indicator, year, level, gemeente, online, click, _reset, theme, current_key):  # noqa: ANN001
    """Any control → one resolved selection → the map and everything around it, in one answer."""
    args = (indicator, year, level, gemeente, online, click, theme, current_key)
    return render(KINDS.get(ctx.triggered_id), *args)


def render(kind, indicator, year, asked, gemeente, online, click, theme, current_key) -> tuple:  # noqa: ANN001
    """The outputs of ``update_map`` for a control of ``kind`` (map, search, reset, other).

    A click drills down, the search jumps, reset shows Nederland; the year and level controls
    follow the indicator (never a level it lacks as the chosen one) — one round trip.
    """
    available = levels_of(indicator)
    level, chosen = chart.navigate(kind, click, gemeente, asked, available)
    asked = asked if level is no_update else level
    gemeente = gemeente if chosen is no_update else chosen
    years, year = year_for(indicator, year)
    sel = resolve(theme, indicator, asked, year, gemeente, bool(online))
    sel.notes = []  # the controls only offer what exists: no notes on an interaction
    fig, key = figure_update(sel, current_key)
    notes, table = side_panels(sel)
    source = areas.source_line(store.indicator(sel.indicator), sel.year)
    view = (fig, key, heading(sel), source, notes, table, detail(sel), explanation(sel), sel.url())
    controls = (filters.year_options(years), sel.year, filters.level_options(available))
    return view + controls + (sel.level, sel.gemeente)


on_hover = chart.register_hover(PREFIX, hover_lines)
