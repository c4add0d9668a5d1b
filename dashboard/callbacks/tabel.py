"""Callbacks of Tabel & export: selection → table; buttons → CSV, Excel, GeoJSON downloads.

Besides the map levels this page lists provincies, RIEC regions and Nederland as rows: it reads
its URL with ``TABLE_LEVELS`` (``url_state.read(query, TABLE_LEVELS)``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dash import MATCH, Input, Output, State, callback, clientside_callback, dcc, html, no_update

from dashboard import export as files
from dashboard import url_state
from dashboard.callbacks.vergelijk import REPLACE_URL_JS
from dashboard.components import filters, grid
from dashboard.serve import export_child, export_jobs
from data_pipeline import store
from themes.vocab import TABLE_LEVELS, Level

PATH = url_state.TABEL
EMPTY = "De selectie is leeg: er is niets om te downloaden. Kies een ander gebied, niveau of jaar."
ALL_YEARS = url_state.ALL_YEARS


def selection(
    theme: str | None,
    indicator: str | None,
    level: str | None,
    area: str | None,
    year: int | None,
    every_year: list[str] | None = None,
) -> store.ExportSelection:
    """A validated export selection from the controls (``every_year`` = ['alle']: all years)."""
    return store.ExportSelection(
        level=level if level in TABLE_LEVELS else Level.GEMEENTE,
        scope=area if area and area != "NL" and store.known_region(area) else None,
        theme=theme if store.known_theme(theme) else None,
        indicators=(indicator,) if store.known_indicator(indicator) else (),
        year=year if isinstance(year, int) else None,
        all_years=isinstance(every_year, list | tuple) and ALL_YEARS in every_year,
    )


def view_url(
    theme: str | None,
    indicator: str | None,
    level: str | None,
    area: str | None,
    year: int | None,
    every_year: list[str] | None = None,
) -> str:
    """The URL of this view, by the one URL builder."""
    sel = selection(theme, indicator, level, area, year, every_year)
    gm = sel.scope if sel.scope and sel.scope.startswith("GM") else None
    state = url_state.State(
        theme=sel.theme,
        indicator=(sel.indicators or (None,))[0],
        level=sel.level,
        year=sel.year,
        gemeente=gm,
        region=sel.scope if sel.scope and not gm else None,
        all_years=sel.all_years,
    )
    return url_state.build_url(PATH, state)


_CONTROLS = [
    Input("tabel-thema", "value"),
    Input("tabel-indicator", "value"),
    Input("tabel-niveau", "value"),
    Input("tabel-gebied", "value"),
    Input("tabel-jaar", "value"),
    Input("tabel-alle-jaren", "value"),
]


@callback(Output("tabel-indicator", "options"), Input("tabel-thema", "value"))
def indicator_options(theme: str | None) -> list[dict[str, str]]:
    """The indicators of a theme (or of all themes)."""
    return filters.indicator_options(theme if store.known_theme(theme) else None, unit=True)


@callback(Output("tabel-inhoud", "children"), Output("tabel-link", "href"), *_CONTROLS)
def update_table(
    theme: str | None,
    indicator: str | None,
    level: str | None,
    area: str | None,
    year: int | None,
    every_year: list[str] | None = None,
) -> tuple[Any, str]:
    """The grid of the selection (rows served in blocks), or a plain message when empty."""
    sel = selection(theme, indicator, level, area, year, every_year)
    df = grid.table_rows(sel)
    link = view_url(theme, indicator, level, area, year, every_year)
    if df.empty:
        return html.P(EMPTY.split(":")[0] + ".", className="missing", role="status"), link
    n_areas, n_ind = df["region_code"].nunique(), df["indicator_id"].nunique()
    count = f"{n_areas} gebieden × {n_ind} indicatoren"
    count += f", alle jaren: {len(df)} rijen." if sel.all_years else f" ({len(df)} rijen)."
    count += " Sorteren en filteren gaan over alle rijen."
    key = str(abs(hash(sel)))  # a new grid per selection: the grid asks for its rows again
    table = grid.data_grid({"type": "tabel-grid", "key": key}, len(df))
    return html.Div([html.P(count, id="tabel-telling"), table]), link


@callback(
    Output({"type": "tabel-grid", "key": MATCH}, "getRowsResponse"),
    Input({"type": "tabel-grid", "key": MATCH}, "getRowsRequest"),
    *[State(i.component_id, i.component_property) for i in _CONTROLS],
    prevent_initial_call=True,
)
def grid_rows(request: dict | None, *values: Any) -> dict:
    """One block of rows, after sorting and filtering every row of the selection."""
    return grid.grid_block(grid.table_rows(selection(*values)), request)


def build_file(
    kind: str, sel: store.ExportSelection, link: str, dialect: str = "nl"
) -> dict | None:
    """The download for one request, or None when empty; raises ``export_jobs.Refused``.

    A ``dcc.Download`` dict, or for a heavy export ``{"url", "filename"}`` of a link.

    Built at most once per selection (cached per database version), under the size cap and
    the per-process limit of concurrent builds (``dashboard.serve.export_jobs``); a heavy one in a
    child process (``dashboard.serve.export_child``).
    """
    stem = "-".join(filter(None, [sel.level, sel.scope, sel.theme, *sel.indicators]))
    stem += "-alle-jaren" if sel.all_years else ""
    key = (sel, dialect if kind == "csv" else "", link if kind == "xlsx" else "", date.today())
    rows = store.row_estimate(sel)

    def build(out: Path | None) -> bytes | None:
        if out is None:  # light: in this thread
            return export_child.file_bytes(kind, sel, link, dialect)
        return export_child.build_in_child(store.db_path(), kind, sel, link, dialect, out)

    data = export_jobs.run(kind, key, rows, build)
    name = files.filename(stem, kind)
    if isinstance(data, Path):  # heavy: a link to the cached file, streamed by the server
        return {"url": export_jobs.file_url(data, kind, name), "filename": name}
    return None if data is None else dcc.send_bytes(data, name)


def _download(
    kind: str, clicks: int | None, values: tuple, dialect: str = "nl", link: str = ""
) -> tuple[Any, str]:
    if not clicks:
        return no_update, ""
    try:
        data = build_file(kind, selection(*values), link, dialect)
    except export_jobs.Refused as exc:
        return no_update, str(exc)
    if data is None:
        what = "geen grenzen voor deze gebieden" if kind == "geojson" else "lege selectie"
        return no_update, f"{EMPTY} ({what})"
    if "url" in data:  # a big file: one more click, the browser downloads it from the server
        link = html.A(data["filename"], href=data["url"], download=data["filename"])
        return no_update, html.Span(["Klaar: ", link, " (klik om te downloaden)"])
    return data, f"Download klaar: {data['filename']}"


#: button labels (as in pages/tabel.py); while a download is prepared the button says so
LABELS = {
    "csv": "Download CSV",
    "xlsx": "Download Excel (met bronnen)",
    "geojson": "Download grenzen als GeoJSON",
}


def _running(kind: str) -> list:
    """While the request runs: button disabled (a double click starts one export), Dutch state."""
    button = f"tabel-{kind}"
    return [
        (Output(button, "disabled"), True, False),
        (Output(button, "children"), export_jobs.PREPARING, LABELS[kind]),
    ]


_STATES = [State(i.component_id, i.component_property) for i in _CONTROLS]


@callback(
    Output("tabel-download-csv", "data"),
    Output("tabel-status-csv", "children"),
    Input("tabel-csv", "n_clicks"),
    State("tabel-csv-notatie", "value"),
    *_STATES,
    prevent_initial_call=True,
    running=_running("csv"),
)
def download_csv(clicks: int | None, dialect: str, *values: Any) -> tuple[Any, str]:
    """CSV of the current selection (Dutch or international notation)."""
    return _download("csv", clicks, values, dialect)


@callback(
    Output("tabel-download-xlsx", "data"),
    Output("tabel-status-xlsx", "children"),
    Input("tabel-xlsx", "n_clicks"),
    State("tabel-link", "href"),
    *_STATES,
    prevent_initial_call=True,
    running=_running("xlsx"),
)
def download_xlsx(clicks: int | None, link: str | None, *values: Any) -> tuple[Any, str]:
    """Excel workbook with the data and a 'Bronnen' sheet."""
    return _download("xlsx", clicks, values, link=_absolute(link))


@callback(
    Output("tabel-download-geojson", "data"),
    Output("tabel-status-geojson", "children"),
    Input("tabel-geojson", "n_clicks"),
    *_STATES,
    prevent_initial_call=True,
    running=_running("geojson"),
)
def download_geojson(clicks: int | None, *values: Any) -> tuple[Any, str]:
    """Boundaries of the selection joined with its values."""
    return _download("geojson", clicks, values)


def _absolute(link: str | None) -> str:
    """Full URL of the view when a request is at hand (the workbook leaves the browser)."""
    try:
        from flask import request

        return request.host_url.rstrip("/") + (link or PATH)
    except RuntimeError:
        return link or PATH


clientside_callback(REPLACE_URL_JS, Output("tabel-url-sync", "data"), Input("tabel-link", "href"))
