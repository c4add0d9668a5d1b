"""Callbacks of Kaart: controls → store → map figure (full once per level, Patch otherwise)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, ctx, html, no_update

from dashboard import url_state
from dashboard.components import actions, areas, filters
from dashboard.components import map as mapc
from dashboard.server import geo_url
from data_pipeline import settings, store

PATH = "/kaart"
REPLACE_URL_JS = (
    "function(href){ if(href && href !== window.location.pathname + window.location.search)"
    "{ window.history.replaceState(null, '', href); } return href; }"
)


@dataclass
class Selection:
    """A resolved, valid view: what the URL asked for, corrected where it could not be shown."""

    thema: str
    indicator: str
    niveau: str
    jaar: int
    gemeente: str | None = None
    notes: list[str] = field(default_factory=list)
    online: bool = False

    @property
    def map_level(self) -> str:
        """Level whose boundaries are drawn (buurt falls back to wijk without buurt geometry)."""
        return store.drawn_level(self.niveau, self.gemeente)[0]

    @property
    def scope(self) -> str | None:
        """Gemeente whose wijken/buurten are drawn; None = all of Nederland."""
        return store.drawn_level(self.niveau, self.gemeente)[1]

    def url(self) -> str:
        state = url_state.State(self.thema, self.indicator, self.niveau, self.jaar, self.gemeente)
        return url_state.build_url(PATH, state)


def default_theme() -> str:
    return store.themes()[0]["id"]


def resolve(
    thema: str | None,
    indicator: str | None,
    niveau: str | None,
    jaar: Any,
    gemeente: str | None,
    online: bool = False,
) -> Selection:
    """Fill in defaults and fall back (with a note) where the data cannot show the request."""
    notes: list[str] = []
    ind = store.indicator(indicator) if indicator else None
    if ind is None or (thema and store.known_theme(thema) and ind["theme"] != thema):
        thema = thema if thema and store.known_theme(thema) else default_theme()
        ind = store.indicators(thema)[0]
    niveau = niveau if niveau in url_state.MAP_LEVELS else "gemeente"
    if niveau not in ind["levels"]:
        notes.append(f"'{ind['label']}' is er niet per {niveau}; getoond per gemeente.")
        niveau = "gemeente"
    years = store.years(ind["id"], niveau) or store.years(ind["id"])
    jaar, note = url_state.pick_year(jaar, years, "Geen cijfers voor {jaar}")
    notes += [note] if note else []
    gemeente = gemeente if gemeente and store.known_region(gemeente, "gemeente") else None
    online = bool(online) and settings.flag("tiles")
    return Selection(ind["theme"], ind["id"], niveau, jaar, gemeente, notes, online)


def class_codes(sel: Selection, codes: tuple[str, ...]) -> list[int]:
    """Class 1–5 per area in ``codes`` order; 0 where there is no value."""
    df = store.map_values(sel.indicator, sel.map_level, sel.jaar, sel.scope)
    klasse = df.set_index("region_code")["klasse"].reindex(list(codes))
    value = df.set_index("region_code")["value"].reindex(list(codes))
    return [0 if pd.isna(v) or pd.isna(k) else int(k) for k, v in zip(klasse, value, strict=True)]


def geo_key(sel: Selection) -> str:
    return f"{store.version_hash()}|{sel.map_level}|{sel.scope}|{sel.gemeente}|{sel.online}"


def full_figure(sel: Selection) -> dict:
    """The whole figure for a selection: boundaries by URL, names, class codes, view."""
    level, scope = sel.map_level, sel.scope
    codes = store.geometry_codes(level, scope)
    if not codes:
        return mapc.empty_figure(store.geometry_status(level)["note"] or "Geen grenzen.")
    names = store.region_names(level, scope)
    bounds = store.bounds("gemeente", sel.gemeente) if sel.gemeente else store.bounds(level)
    return mapc.figure(
        geo_url(level, scope),
        codes,
        [names.get(c, c) for c in codes],
        class_codes(sel, codes),
        mapc.KLASSE_LEGEND,
        mapc.view(bounds),
        highlight=sel.gemeente if level == "gemeente" else None,
        online=sel.online,
        revision=geo_key(sel),
    )


def figure_update(sel: Selection, current_key: str | None) -> tuple[Any, str]:
    """Patch when the boundaries on screen stay the same, else the full figure."""
    key = geo_key(sel)
    if key == current_key:
        codes = store.geometry_codes(sel.map_level, sel.scope)
        return mapc.patch_values(class_codes(sel, codes)), key
    return full_figure(sel), key


def heading(sel: Selection) -> str:
    ind = store.indicator(sel.indicator)
    name = store.region(sel.gemeente)["name"] if sel.gemeente else None
    scope = {
        "gemeente": "alle gemeenten",
        "wijk": f"wijken van {name}" if name else "alle wijken van Nederland",
        "buurt": f"buurten van {name}" if name else "buurten",
    }[sel.niveau]
    return f"{ind['title']} — {scope}, {sel.jaar}"


def side_panels(sel: Selection) -> tuple[list, Any]:
    """Notes above the map and, for buurten without boundaries, the buurt table."""
    messages = list(sel.notes)
    table: Any = None
    if sel.niveau == "buurt" and sel.map_level != "buurt":
        status = store.geometry_status("buurt")
        if sel.gemeente:
            messages.append(
                "Buurtgrenzen ontbreken in deze database, daarom staan de buurtcijfers in de "
                f"tabel onder de kaart en toont de kaart de wijken. {status['note']}"
            )
            df = store.map_values(sel.indicator, "buurt", sel.jaar, sel.gemeente)
            name = store.region(sel.gemeente)["name"]
            ind = store.indicator(sel.indicator)
            table = areas.area_table(df, ind, "kaart-buurt-tabel", f"Buurten van {name}")
        else:
            messages.append("Kies een gemeente om de cijfers per buurt te zien.")
    return areas.notes(messages), table


def detail(sel: Selection) -> list:
    """The selected gemeente's figures (also readable without a mouse)."""
    if not sel.gemeente:
        return [html.Span("Wijs een gebied aan of kies een gemeente voor de cijfers.")]
    row = store.area_value(sel.indicator, sel.gemeente, sel.jaar)
    card = areas.hover_card(areas.hover_lines(row, store.indicator(sel.indicator)))
    return card + actions.kaart_extras(sel.indicator, sel.gemeente)  # trend link, steps


@callback(
    Output("kaart-indicator", "options"),
    Output("kaart-indicator", "value"),
    Input("kaart-thema", "value"),
    State("kaart-indicator", "value"),
    prevent_initial_call=True,
)
def on_theme(thema: str | None, indicator: str | None) -> tuple[list, str | None]:
    """A new theme lists its indicators; the current one stays if it belongs to it."""
    options = filters.indicator_options(thema)
    ids = [o["value"] for o in options]
    return options, indicator if indicator in ids else (ids[0] if ids else None)


@callback(
    Output("kaart-jaar", "options"),
    Output("kaart-jaar", "value"),
    Output("kaart-niveau", "options"),
    Input("kaart-indicator", "value"),
    State("kaart-jaar", "value"),
    prevent_initial_call=True,
)
def on_indicator(indicator: str | None, jaar: int | None) -> tuple:
    """Years and levels the indicator has; the year stays when it exists."""
    ind = store.indicator(indicator) if indicator else None
    if ind is None:
        return no_update, no_update, no_update
    years = store.years(ind["id"])
    value = jaar if jaar in years else (years[-1] if years else None)
    return filters.year_options(years), value, filters.level_options(ind["levels"])


@callback(
    Output("kaart-map", "figure"),
    Output("kaart-geokey", "data"),
    Output("kaart-heading", "children"),
    Output("kaart-source", "children"),
    Output("kaart-notes", "children"),
    Output("kaart-tabel", "children"),
    Output("kaart-detail", "children"),
    Output("kaart-url", "data"),
    Input("kaart-indicator", "value"),
    Input("kaart-jaar", "value"),
    Input("kaart-niveau", "value"),
    Input("kaart-gemeente", "value"),
    Input("kaart-online", "value"),
    State("kaart-thema", "value"),
    State("kaart-geokey", "data"),
    prevent_initial_call=True,
)
def update_map(indicator, jaar, niveau, gemeente, online, thema, current_key) -> tuple:  # noqa: ANN001
    """Any control → one resolved selection → figure (or Patch) and the texts around it."""
    sel = resolve(thema, indicator, niveau, jaar, gemeente, bool(online))
    fig, key = figure_update(sel, current_key)
    notes, table = side_panels(sel)
    source = areas.source_line(store.indicator(sel.indicator), sel.jaar)
    return fig, key, heading(sel), source, notes, table, detail(sel), sel.url()


def navigate(trigger: str | None, click: dict | None, search: str | None, niveau: str) -> tuple:
    """Map click drills down (gemeente → wijken → buurten); search jumps; reset goes to NL."""
    if trigger == "kaart-reset":
        return "gemeente", None
    if trigger == "kaart-gemeente":
        return ("wijk" if search and niveau == "gemeente" else niveau), search
    points = (click or {}).get("points") or [{}]
    code = points[0].get("location")
    area = store.region(code) if isinstance(code, str) else None
    if area is None:
        return no_update, no_update
    if area["level"] == "gemeente":
        return "wijk", area["code"]
    if area["level"] == "wijk":
        return "buurt", area["gemeente_code"]
    return no_update, no_update


@callback(
    Output("kaart-niveau", "value"),
    Output("kaart-gemeente", "value"),
    Input("kaart-map", "clickData"),
    Input("kaart-gemeente", "value"),
    Input("kaart-reset", "n_clicks"),
    State("kaart-niveau", "value"),
    prevent_initial_call=True,
)
def on_navigate(click: dict | None, search: str | None, _reset: int, niveau: str) -> tuple:
    return navigate(ctx.triggered_id, click, search, niveau)


@callback(
    Output("kaart-tooltip", "show"),
    Output("kaart-tooltip", "bbox"),
    Output("kaart-tooltip", "children"),
    Input("kaart-map", "hoverData"),
    State("kaart-indicator", "value"),
    State("kaart-jaar", "value"),
    prevent_initial_call=True,
)
def on_hover(hover: dict | None, indicator: str | None, jaar: int | None) -> tuple:
    """Tooltip with the area's figures, formatted in Dutch on the server."""
    point = ((hover or {}).get("points") or [None])[0]
    if not point or not indicator or not isinstance(jaar, int):
        return False, no_update, no_update
    row = store.area_value(indicator, str(point.get("location")), jaar)
    lines = areas.hover_lines(row, store.indicator(indicator) or {})
    return bool(lines), point.get("bbox"), areas.hover_card(lines)


clientside_callback(
    REPLACE_URL_JS,
    Output("kaart-url-done", "data"),
    Input("kaart-url", "data"),
    prevent_initial_call=True,
)
