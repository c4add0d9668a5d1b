"""Choropleth map figure: boundaries by URL (sent once, cached), values patched on each switch.

The figure is a plain dict (no ``go.Figure`` validation: thousands of locations would cost
tens of milliseconds). Trace 0 holds every area of the level in a fixed order with a class
code as ``z``; only ``z`` and the source caption change when the indicator or year changes, so
``patch_values`` sends a few hundred bytes instead of the boundaries.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dash import Patch, html

from dashboard.format import KLASSE_LABELS, NO_DATA

NO_DATA_COLOUR = "#b8b8b8"
# ColorBrewer PuOr, 5 classes: diverging and colour-blind safe; orange = higher than NL.
KLASSE_COLOURS = ("#5e3c99", "#b2abd2", "#f7f7f7", "#fdb863", "#e66101")
# ColorBrewer YlOrBr, 7 classes (sequential, colour-blind safe) for signal counts.
SIGNAL_COLOURS = ("#ffffd4", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02", "#8c2d04")
SIGNAL_BINS = ((0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (6, 8), (9, None))
BACKGROUND = "#e9eef2"
#: A MapLibre style without tiles (works offline). Its ``sources`` must not be empty: Plotly
#: prunes empty objects from the layout it keeps, and a style that lost its ``sources`` key is
#: rejected by MapLibre ("Map error.") on the next update, which froze the map. A GeoJSON source
#: with no features keeps the key non-empty and costs nothing to draw.
OFFLINE_STYLE = {
    "version": 8,
    "sources": {"leeg": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
    "layers": [{"id": "bg", "type": "background", "paint": {"background-color": BACKGROUND}}],
}
ONLINE_STYLE = "carto-positron"
MAP_HEIGHT = 560


@dataclass(frozen=True)
class Legend:
    """Discrete colour legend: code ``i`` of ``labels`` is drawn in ``colours[i]``."""

    title: str
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    first_code: int = 0


KLASSE_LEGEND = Legend(
    "Afwijking t.o.v. Nederland",
    (NO_DATA,) + tuple(KLASSE_LABELS[k] for k in sorted(KLASSE_LABELS)),
    (NO_DATA_COLOUR,) + KLASSE_COLOURS,
)


def signal_bin(n: int) -> int:
    """Colour class of a signal count (0, 1, 2, 3, 4–5, 6–8, 9+)."""
    for code, (low, high) in enumerate(SIGNAL_BINS):
        if n >= low and (high is None or n <= high):
            return code
    return 0


def _bin_label(low: int, high: int | None) -> str:
    if high is None:
        return f"{low} of meer"
    return str(low) if low == high else f"{low}–{high}"


SIGNAL_LEGEND = Legend(
    "Aantal signalen",
    ("niets getoetst",) + tuple(_bin_label(lo, hi) for lo, hi in SIGNAL_BINS),
    (NO_DATA_COLOUR,) + SIGNAL_COLOURS,
    first_code=-1,
)


def _colourscale(legend: Legend) -> list[list]:
    """Step colourscale: each code gets an equal band, so classes never blend."""
    n = len(legend.colours)
    scale: list[list] = []
    for i, colour in enumerate(legend.colours):
        scale.append([i / n, colour])
        scale.append([(i + 1) / n, colour])
    return scale


def view(bounds: Sequence[float] | None, width: int = 380, height: int = MAP_HEIGHT) -> dict:
    """Centre and zoom that fit ``bounds`` (west, south, east, north) in the map box."""
    if not bounds:
        return {"center": {"lon": 5.3, "lat": 52.2}, "zoom": 6.0}
    west, south, east, north = bounds

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max(east - west, 1e-4)
    dy = max(merc(north) - merc(south), 1e-6)
    zoom_x = math.log2(width / 512 * 360 / dx)
    zoom_y = math.log2(height / 512 * 2 * math.pi / dy)
    centre_lat = math.degrees(
        2 * math.atan(math.exp((merc(north) + merc(south)) / 2)) - math.pi / 2
    )
    zoom = max(3.0, min(zoom_x, zoom_y) - 0.2)
    return {"center": {"lon": (west + east) / 2, "lat": centre_lat}, "zoom": round(zoom, 2)}


def figure(
    geojson_url: str,
    codes: Sequence[str],
    names: Sequence[str],
    z: Sequence[int],
    legend: Legend,
    map_view: dict,
    highlight: str | None = None,
    highlight_url: str | None = None,
    bounds: Sequence[float] | None = None,
    online: bool = False,
    revision: str = "",
) -> dict:
    """The full figure: boundaries referenced by URL, one class code per area.

    ``highlight`` is outlined using the boundaries at ``highlight_url`` (the gemeente layer);
    ``bounds`` go into ``layout.meta.fit`` so the browser fits them to the map's real size
    (assets/zicht-map.js). The source line is HTML under the map (``caption``).
    """
    n = len(legend.colours)
    trace = {
        "type": "choroplethmap",
        "geojson": geojson_url,
        "featureidkey": "id",
        "locations": list(codes),
        "z": list(z),
        "text": list(names),
        "zmin": legend.first_code - 0.5,
        "zmax": legend.first_code + n - 0.5,
        "colorscale": _colourscale(legend),
        "marker": {"line": {"width": 0.6, "color": "#ffffff"}, "opacity": 0.92},
        "hoverinfo": "none",  # the server-side dcc.Tooltip shows the figures in Dutch
        "showscale": False,  # the legend is HTML beside the map: readable, responsive
        "name": "",
    }
    data = [trace]
    if highlight and highlight_url:
        data.append(
            {
                "type": "choroplethmap",
                "geojson": highlight_url,
                "featureidkey": "id",
                "locations": [highlight],
                "z": [0],
                "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                "showscale": False,
                "marker": {"line": {"width": 3, "color": "#1a1a1a"}},
                "hoverinfo": "skip",
                "name": "selectie",
            }
        )
    return {
        "data": data,
        "layout": {
            "map": {"style": ONLINE_STYLE if online else OFFLINE_STYLE, **map_view},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "height": MAP_HEIGHT,
            "separators": ",.",
            "uirevision": revision,
            "paper_bgcolor": "#ffffff",
            "dragmode": "pan",
            "meta": {"fit": list(bounds) if bounds else None},
        },
    }


def patch_values(z: Sequence[int]) -> Patch:
    """Only what an indicator or year switch changes on the map: the class codes."""
    patch = Patch()
    patch["data"][0]["z"] = list(z)
    return patch


def empty_figure(message: str) -> dict:
    """A blank map area that says why there is nothing to draw."""
    return {
        "data": [],
        "layout": {
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "height": 200,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "annotations": [{"text": message, "showarrow": False, "font": {"size": 15}}],
        },
    }


def legend_html(legend: Legend, note: str = "") -> html.Div:
    """The colour legend as text with swatches (screen readers read it; no tiny canvas text)."""
    items = [
        html.Li(
            [html.Span(className="swatch", style={"backgroundColor": colour}), label],
            className="legend-item",
        )
        for label, colour in zip(legend.labels, legend.colours, strict=True)
    ]
    parts = [html.Span(legend.title, className="legend-title"), html.Ul(items, className="legend")]
    if note:
        parts.append(html.Span(note, className="legend-note"))
    return html.Div(parts, className="map-legend", role="group", **{"aria-label": legend.title})


def caption(source: str, element_id: str) -> html.P:
    """'Bron: …; jaar …' directly under the map."""
    return html.P(source, id=element_id, className="map-source small mb-1")
