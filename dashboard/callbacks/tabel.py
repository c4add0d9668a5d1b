"""Callbacks of Tabel & export: the controls and buttons → ``pages.tabel`` → grid, address,
downloads (a button is disabled and says so while its export is prepared)."""

from __future__ import annotations

from typing import Any

from dash import MATCH, Input, Output, State, callback

from dashboard.components import grid
from dashboard.pages import tabel as page
from dashboard.serve import export_jobs
from dashboard.view import SHOWN

_CONTROLS = [
    Input("tabel-thema", "value"),
    Input("tabel-indicator", "value"),
    Input("tabel-niveau", "value"),
    Input("tabel-gebied", "value"),
    Input("tabel-jaar", "value"),
    Input("tabel-alle-jaren", "value"),
]
_STATES = [State(i.component_id, i.component_property) for i in _CONTROLS]


@callback(Output("tabel-indicator", "options"), Input("tabel-thema", "value"))
def indicator_options(theme: str | None) -> list[dict[str, str]]:
    """The indicators of a theme (or of all themes)."""
    return page.indicator_options(theme)


@callback(Output("tabel-inhoud", "children"), *_CONTROLS)
def update_table(*values: Any) -> Any:
    """The grid of the selection, or a plain message when empty."""
    return page.content(*values)


@callback(
    Output("tabel-link", "href"),
    Output("tabel-url", "search"),
    Output(SHOWN, "data", allow_duplicate=True),
    *_CONTROLS,
    prevent_initial_call=True,
)
def address(*values: Any) -> tuple[str, str, str]:
    """The view's URL: the share link, the address bar (a history entry), the URL on screen."""
    return page.address(*values)


@callback(
    Output({"type": "tabel-grid", "key": MATCH}, "getRowsResponse"),
    Input({"type": "tabel-grid", "key": MATCH}, "getRowsRequest"),
    *_STATES,
    prevent_initial_call=True,
)
def grid_rows(request: dict | None, *values: Any) -> dict:
    """One block of rows, after sorting and filtering every row of the selection."""
    return grid.grid_block(grid.table_rows(page.selection(*values)), request)


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
    return page.download("csv", clicks, values, dialect)


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
    return page.download("xlsx", clicks, values, link=page.absolute(link))


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
    return page.download("geojson", clicks, values)
