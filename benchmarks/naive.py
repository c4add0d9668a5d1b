"""Naive baseline: a tiny Dash app whose callback rebuilds the whole choropleth figure each time."""

from __future__ import annotations

import functools
import json
import os
from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, dcc, html

from data_pipeline import settings, store

OFFLINE_STYLE = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#e9eef2"}}],
}
LEVELS = ("gemeente", "wijk")


@functools.lru_cache(maxsize=16)
def _geojson(level: str, gemeente: str | None) -> dict[str, Any]:
    """Boundaries parsed once per view, as a typical app keeps them in a global (kind to naive)."""
    return json.loads(store.geometry_json(level, gemeente))


def naive_figure(indicator_id: str, level: str, gemeente: str | None) -> go.Figure:
    """The whole figure, GeoJSON included, the way a first Dash version would write it."""
    meta = store.indicator(indicator_id)
    years = store.years(indicator_id, level) or store.years(indicator_id)
    if not years:
        return go.Figure()
    df = store.map_values(indicator_id, level, years[-1], gemeente)
    nl = df["nl_value"].dropna()
    nl_value = float(nl.iloc[0]) if len(nl) else None
    custom = df[["name", "value", "nl_value", "index"]].astype(object)
    custom = custom.where(custom.notna(), None).values.tolist()
    trace = go.Choroplethmap(
        geojson=_geojson(level, gemeente),
        featureidkey="id",
        locations=df["region_code"].tolist(),
        z=df["value"].tolist(),
        zmid=nl_value,
        colorscale="PuOr_r",
        customdata=custom,
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>Waarde: %{customdata[1]:.1f}"
            "<br>Nederland: %{customdata[2]:.1f}<br>Index: %{customdata[3]:.0f}<extra></extra>"
        ),
        marker={"line": {"width": 0.6, "color": "#ffffff"}, "opacity": 0.92},
        colorbar={"title": {"text": meta.unit if meta else ""}},
    )
    fig = go.Figure(trace)
    fig.update_layout(
        map={"style": OFFLINE_STYLE, "center": {"lon": 5.3, "lat": 52.2}, "zoom": 6},
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        height=560,
        title=meta.title if meta else indicator_id,
    )
    return fig


def create_app(db: str | os.PathLike | None = None) -> dash.Dash:
    """The naive app: same store and geometry as the real one, one full-figure callback."""
    store.use_db(db if db is not None else settings.path("db"))
    app = dash.Dash(__name__, serve_locally=True, update_title=None)
    indicators = [{"label": i.title, "value": i.id} for i in store.indicators()]
    gemeenten = [{"label": g["name"], "value": g["code"]} for g in store.gemeenten()]
    app.layout = html.Div(
        [
            dcc.Dropdown(id="naive-indicator", options=indicators, value=indicators[0]["value"]),
            dcc.RadioItems(id="naive-niveau", options=list(LEVELS), value="gemeente"),
            dcc.Dropdown(id="naive-gemeente", options=gemeenten, value=None),
            dcc.Graph(id="naive-map"),
        ]
    )

    @app.callback(
        Output("naive-map", "figure"),
        Input("naive-indicator", "value"),
        Input("naive-niveau", "value"),
        Input("naive-gemeente", "value"),
    )
    def update(indicator_id: str, level: str, gemeente: str | None) -> go.Figure:
        return naive_figure(indicator_id, level, gemeente)

    return app


app = create_app()
server = app.server
