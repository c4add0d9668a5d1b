"""The one choropleth of Kaart and Signalen: figure or Patch, drill-down, hover.

A page describes what colours its map with a :class:`Layer` (legend, class codes per
:class:`~dashboard.view.View`); everything else — which boundaries are drawn, when a ``Patch``
suffices, zoom to and outline of a chosen gemeente, drill-down on a click and the tooltip — is
the same code for both pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import url_state
from dashboard.components import map as mapc
from dashboard.view import View
from data_pipeline import store

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


@dataclass(frozen=True)
class Layer:
    """What a page colours its map with: a legend and one class code per area."""

    legend: mapc.Legend
    codes: Callable[[View, tuple[str, ...]], list[int]]


def geo_key(view: View) -> str:
    """Identity of the boundaries on screen: equal keys → only the colours change (Patch)."""
    return f"{store.version_hash()}|{view.drawn}|{view.scope}|{view.gemeente}|{view.online}"


def full_figure(view: View, layer: Layer) -> dict:
    """The whole figure: boundaries by URL, names, class codes, the view fitted to the area."""
    level, scope = view.drawn, view.scope
    codes = store.geometry_codes(level, scope)
    if not codes:
        return mapc.empty_figure(store.geometry_status(level)["note"] or "Geen grenzen.")
    names = store.region_names(level, scope)
    bounds = store.bounds("gemeente", view.gemeente) if view.gemeente else store.bounds(level)
    outline = None
    if view.gemeente:
        outline = (
            url_state.geo_url("gemeente")
            if level == "gemeente"
            else url_state.geo_url("gemeente", view.gemeente)
        )
    return mapc.figure(
        url_state.geo_url(level, scope),
        codes,
        [names.get(c, c) for c in codes],
        layer.codes(view, codes),
        layer.legend,
        mapc.view(bounds),
        highlight=view.gemeente,
        highlight_url=outline,
        bounds=bounds,
        online=view.online,
        revision=geo_key(view),
    )


def figure_update(view: View, layer: Layer, current_key: str | None) -> tuple[Any, str]:
    """Patch the class codes when the same boundaries stay on screen, else the full figure."""
    key = geo_key(view)
    if key == current_key:
        codes = store.geometry_codes(view.drawn, view.scope)
        return mapc.patch_values(layer.codes(view, codes)), key
    return full_figure(view, layer), key


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


def geokey_store(prefix: str, view: View) -> dcc.Store:
    """The identity of the boundaries on screen (``figure_update`` patches while it holds)."""
    return dcc.Store(id=f"{prefix}-geokey", data=geo_key(view))


def register_hover(prefix: str, lines: Callable[[str, str | None], list[str]]) -> Callable:
    """The tooltip of ``{prefix}-map``: the page's lines for the area under the pointer, for the
    view in the address (``search`` of the page's ``dcc.Location``)."""
    from dashboard.components import areas

    @callback(
        Output(f"{prefix}-tooltip", "show"),
        Output(f"{prefix}-tooltip", "bbox"),
        Output(f"{prefix}-tooltip", "children"),
        Input(f"{prefix}-map", "hoverData"),
        State(f"{prefix}-url", "search"),
        prevent_initial_call=True,
    )
    def on_hover(hover: dict | None, search: str | None) -> tuple:
        code, bbox = hover_point(hover)
        if code is None:
            return False, no_update, no_update
        found = lines(code, search)
        return bool(found), bbox, areas.hover_card(found)

    return on_hover
