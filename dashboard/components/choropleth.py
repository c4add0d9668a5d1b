"""The one choropleth view of Kaart and Signalen: selection, figure or Patch, drill-down, hover.

A page describes what colours its map with a :class:`Layer` (legend, class codes, hover
lines); everything else — which boundaries are drawn, when a ``Patch`` suffices, the heading's
place name, zoom to and outline of a chosen gemeente, drill-down on a click, the tooltip, the
URL in the address bar and the browser's back button — is the same code for both pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from dashboard import url_state
from dashboard.components import map as mapc
from data_pipeline import store

#: pushes the view's URL as a history entry (back = the previous view); see assets/zicht-map.js
PUSH_URL_JS = (
    "function(href){ if(href && href !== window.location.pathname + window.location.search)"
    "{ window.history.pushState({zicht: true}, '', href); } return href; }"
)
#: Plotly's mode bar: download as PNG only; no cloud 'share', no logo, Dutch texts
GRAPH_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "scrollZoom": True,
    "locale": "nl",
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "filename": "zicht-op-ondermijning-kaart"},
}


@dataclass
class Selection:
    """A resolved, valid map view: what the URL or controls asked for, corrected where needed."""

    path: str
    level: str
    year: int
    gemeente: str | None = None
    theme: str | None = None
    indicator: str | None = None
    notes: list[str] = field(default_factory=list)
    online: bool = False

    @property
    def map_level(self) -> str:
        """Level whose boundaries are drawn (buurt falls back to wijk without buurt geometry)."""
        return store.drawn_level(self.level, self.gemeente)[0]

    @property
    def scope(self) -> str | None:
        """Gemeente whose wijken/buurten are drawn; None = all of Nederland."""
        return store.drawn_level(self.level, self.gemeente)[1]

    def state(self) -> url_state.State:
        return url_state.State(self.theme, self.indicator, self.level, self.year, self.gemeente)

    def url(self) -> str:
        return url_state.build_url(self.path, self.state())


@dataclass(frozen=True)
class Layer:
    """What a page colours its map with: a legend and one class code per area."""

    legend: mapc.Legend
    codes: Callable[[Selection, tuple[str, ...]], list[int]]


def geo_key(sel: Selection) -> str:
    """Identity of the boundaries on screen: equal keys → only the colours change (Patch)."""
    return f"{store.version_hash()}|{sel.map_level}|{sel.scope}|{sel.gemeente}|{sel.online}"


def full_figure(sel: Selection, layer: Layer) -> dict:
    """The whole figure: boundaries by URL, names, class codes, the view fitted to the area."""
    level, scope = sel.map_level, sel.scope
    codes = store.geometry_codes(level, scope)
    if not codes:
        return mapc.empty_figure(store.geometry_status(level)["note"] or "Geen grenzen.")
    names = store.region_names(level, scope)
    bounds = store.bounds("gemeente", sel.gemeente) if sel.gemeente else store.bounds(level)
    outline = None
    if sel.gemeente:
        outline = (
            url_state.geo_url("gemeente")
            if level == "gemeente"
            else url_state.geo_url("gemeente", sel.gemeente)
        )
    return mapc.figure(
        url_state.geo_url(level, scope),
        codes,
        [names.get(c, c) for c in codes],
        layer.codes(sel, codes),
        layer.legend,
        mapc.view(bounds),
        highlight=sel.gemeente,
        highlight_url=outline,
        bounds=bounds,
        online=sel.online,
        revision=geo_key(sel),
    )


def figure_update(sel: Selection, layer: Layer, current_key: str | None) -> tuple[Any, str]:
    """Patch the class codes when the same boundaries stay on screen, else the full figure."""
    key = geo_key(sel)
    if key == current_key:
        codes = store.geometry_codes(sel.map_level, sel.scope)
        return mapc.patch_values(layer.codes(sel, codes)), key
    return full_figure(sel, layer), key


def place(sel: Selection) -> str | None:
    """Name of the chosen gemeente (None = Nederland)."""
    return store.region(sel.gemeente)["name"] if sel.gemeente else None


def level_choice(level: str | None, available: Sequence[str]) -> str:
    """The level to show: the asked one when the data has it, else gemeenten."""
    return level if level in available else "gemeente"


def navigate(
    kind: str | None,
    click: dict | None,
    search: str | None,
    level: str | None,
    available: Sequence[str],
) -> tuple[Any, Any]:
    """(level, gemeente) after a control: click drills down, search jumps, reset = Nederland.

    ``kind`` is ``map``, ``search``, ``reset`` or anything else (a control that changes the
    available levels: the level falls back to gemeenten when it no longer exists). A chosen
    gemeente is shown by its wijken where the data has them, else outlined among the gemeenten.
    """
    if kind == "reset":
        return "gemeente", None
    if kind == "search":
        if not search:
            return "gemeente", None
        step = "wijk" if level in (None, "gemeente") and "wijk" in available else level
        return level_choice(step, available), search
    if kind == "map":
        points = (click or {}).get("points") or [{}]
        code = points[0].get("location") if isinstance(points[0], dict) else None
        area = store.region(code) if isinstance(code, str) else None
        if area is None:
            return no_update, no_update
        if area["level"] == "gemeente":
            return level_choice("wijk", available), area["code"]
        if area["level"] == "wijk" and "buurt" in available:
            return "buurt", area["gemeente_code"]
        return no_update, no_update
    return level_choice(level, available), no_update


def hover_point(hover: dict | None) -> tuple[str | None, Any]:
    """(area code, bbox) of the hovered area, or (None, None)."""
    points = (hover or {}).get("points") or [None]
    point = points[0] if isinstance(points[0], dict) else None
    if not point or not isinstance(point.get("location"), str):
        return None, None
    return point["location"], point.get("bbox")


def url_view(href: Any) -> url_state.State:
    """The view state held in the page's URL store (for the tooltip)."""
    query = href.split("?", 1)[1] if isinstance(href, str) and "?" in href else ""
    return url_state.parse(query)[0]


def graph(prefix: str, figure: dict) -> html.Div:
    """The map: a Dutch loading state with a spinner, the graph and its tooltip."""
    return html.Div(
        [
            dcc.Loading(
                dcc.Graph(
                    id=f"{prefix}-map",
                    figure=figure,
                    config=GRAPH_CONFIG,
                    clear_on_unhover=True,
                    className="zicht-map",
                ),
                type="circle",
                color="#0b3c5d",
                delay_show=400,
                overlay_style={"visibility": "visible", "opacity": 0.6},
                custom_spinner=html.Div(
                    [html.Span(className="spinner-border", role="status"), " Kaart laden…"],
                    className="map-loading",
                ),
            ),
            dcc.Tooltip(id=f"{prefix}-tooltip", direction="bottom"),
        ],
        className="map-box",
    )


def stores(prefix: str, sel: Selection) -> list[dcc.Store]:
    """The boundaries on screen and the URL of the view (kept in the address bar)."""
    return [
        dcc.Store(id=f"{prefix}-geokey", data=geo_key(sel)),
        dcc.Store(id=f"{prefix}-url", data=sel.url()),
        dcc.Store(id=f"{prefix}-url-done"),
    ]


def register_hover(prefix: str, lines: Callable[[str, url_state.State], list[str]]) -> Callable:
    """The tooltip of ``{prefix}-map``: the page's lines for the area under the pointer."""
    from dashboard.components import areas

    @callback(
        Output(f"{prefix}-tooltip", "show"),
        Output(f"{prefix}-tooltip", "bbox"),
        Output(f"{prefix}-tooltip", "children"),
        Input(f"{prefix}-map", "hoverData"),
        State(f"{prefix}-url", "data"),
        prevent_initial_call=True,
    )
    def on_hover(hover: dict | None, href: str | None) -> tuple:
        code, bbox = hover_point(hover)
        if code is None:
            return False, no_update, no_update
        found = lines(code, url_view(href))
        return bool(found), bbox, areas.hover_card(found)

    clientside_callback(
        PUSH_URL_JS,
        Output(f"{prefix}-url-done", "data"),
        Input(f"{prefix}-url", "data"),
        prevent_initial_call=True,
    )
    return on_hover
