"""Page Tabel & export: the indicator table of a selection, downloadable as CSV, Excel, GeoJSON.

Besides the map levels this page lists provincies, RIEC regions and Nederland as rows: it reads
its URL with ``TABLE_LEVELS``. The page's logic lives here; ``dashboard.callbacks.tabel`` only
wires it to the controls and buttons.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import dash
from dash import dcc, html, no_update

from dashboard import export as files
from dashboard import url_state, view
from dashboard.components import filters, grid
from dashboard.components.notices import url_errors
from dashboard.components.share import share_control
from dashboard.serve import export_child, export_jobs
from dashboard.view import View
from data_pipeline import store
from themes.vocab import EXPORT_LICENCE, TABLE_LEVELS, Level

PATH = url_state.TABEL
EMPTY = "De selectie is leeg: er is niets om te downloaden. Kies een ander gebied, niveau of jaar."
ALL_YEARS = url_state.ALL_YEARS


def indicator_options(theme: Any) -> list[dict[str, str]]:
    """The indicators of a theme (or of all themes)."""
    return filters.indicator_options(theme if store.known_theme(theme) else None, unit=True)


def selection(*values: Any) -> store.ExportSelection:
    """What to export for the controls (``every_year`` = ['alle']: all years): their View."""
    current = resolve(*values)
    return store.ExportSelection(
        level=current.level,
        scope=current.gemeente or current.region,
        theme=current.theme,
        indicators=(current.indicator.id,) if current.indicator else (),
        year=current.year,
        all_years=current.all_years,
    )


def resolve(
    theme: Any,
    indicator: Any,
    level: Any,
    area: Any,
    year: Any,
    every_year: Any = None,
) -> View:
    """The view of the controls (``area``: 'NL', a gemeente, RIEC region or provincie)."""
    every = isinstance(every_year, list | tuple) and ALL_YEARS in every_year
    gemeente = area if isinstance(area, str) and area.startswith("GM") else None
    region = area if isinstance(area, str) and not gemeente else None
    state = url_state.State(theme, indicator, level, year, gemeente, (), region, every)
    return view.tabel(state)


def view_url(
    theme: str | None,
    indicator: str | None,
    level: str | None,
    area: str | None,
    year: int | None,
    every_year: list[str] | None = None,
) -> str:
    """The URL of this view, by the one URL builder."""
    return resolve(theme, indicator, level, area, year, every_year).url()


def address(*values: Any) -> tuple[str, str, str]:
    """The share link, the address bar's query and the URL on screen, for the controls."""
    url = view_url(*values)
    return url, url_state.search(url), url


def content(*values: Any) -> Any:
    """The grid of the selection (rows served in blocks), or a plain message when empty."""
    sel = selection(*values)
    df = grid.table_rows(sel)
    if df.empty:
        return html.P(EMPTY.split(":")[0] + ".", className="missing", role="status")
    n_areas, n_ind = df["region_code"].nunique(), df["indicator_id"].nunique()
    count = f"{n_areas} gebieden × {n_ind} indicatoren"
    count += f", alle jaren: {len(df)} rijen." if sel.all_years else f" ({len(df)} rijen)."
    count += " Sorteren en filteren gaan over alle rijen."
    key = str(abs(hash(sel)))  # a new grid per selection: the grid asks for its rows again
    table = grid.data_grid({"type": "tabel-grid", "key": key}, len(df))
    return html.Div([html.P(count, id="tabel-telling"), table])


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
        return {"url": url_state.at_base(export_jobs.file_url(data, kind, name)), "filename": name}
    return None if data is None else dcc.send_bytes(data, name)


def download(
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


def absolute(link: str | None) -> str:
    """Full URL of the view when a request is at hand (the workbook leaves the browser)."""
    try:
        from flask import request

        return request.host_url.rstrip("/") + (link or url_state.build_url(PATH))
    except RuntimeError:
        return link or url_state.build_url(PATH)


LEVEL_OPTIONS = [
    {"label": level.label if level == Level.NEDERLAND else level.plural, "value": level.value}
    for level in TABLE_LEVELS
]


def _area_options() -> list[dict[str, str]]:
    """Nederland, RIEC regions, provincies, then gemeenten (for their wijken or buurten)."""
    opts = [{"label": "Heel Nederland", "value": "NL"}]
    for level in (Level.RIEC, Level.PROVINCIE, Level.GEMEENTE):
        opts += [
            {"label": f"{n} ({Level(level).label})", "value": c}
            for c, n, _ in store.region_options([level])
        ]
    return opts


def _years() -> list[dict[str, int]]:
    return [{"label": str(y), "value": y} for y in reversed(store.years())]


def _button(label: str, button_id: str, status_id: str) -> html.Div:
    return html.Div(
        [
            html.Button(label, id=button_id, className="btn btn-primary me-2", n_clicks=0),
            html.Span(id=status_id, role="status", **{"aria-live": "polite"}),
        ],
        className="mb-2",
    )


def page(**query: Any) -> html.Div:
    """The table page for a URL; controls preset, content and downloads from callbacks."""
    try:
        state, errors = url_state.read(query, TABLE_LEVELS)
        current = view.tabel(state)
        themes = filters.theme_options()
        areas, years = _area_options(), _years()
    except store.StoreUnavailable as exc:
        return html.Div([html.H1("Tabel & export"), html.P(str(exc), role="alert")])
    dd = filters.dropdown
    fields = [
        ("Thema", dd("tabel-thema", themes, state.theme, "alle thema's", True), "col-md-4"),
        (
            "Indicator",
            dd(
                "tabel-indicator",
                indicator_options(state.theme),
                state.indicator,
                "alle indicatoren",
                True,
            ),
            "col-md-4",
        ),
        ("Jaar", dd("tabel-jaar", years, state.year, "meest recente jaar", True), "col-md-2"),
        ("Gebied", dd("tabel-gebied", areas, state.gemeente or state.region or "NL"), "col-md-4"),
        (
            "Rijen",
            dd("tabel-niveau", LEVEL_OPTIONS, state.level or Level.GEMEENTE),
            "col-md-3",
        ),
    ]
    every_year = dcc.Checklist(
        id="tabel-alle-jaren",
        options=[{"label": " alle jaren tegelijk (tabel en downloads)", "value": ALL_YEARS}],
        value=[ALL_YEARS] if state.all_years else [],
        inputStyle={"marginRight": "4px"},
    )
    controls = html.Div(
        [filters.field(label, control, control.id, width=w) for label, control, w in fields]
        + [filters.field("Jaren", every_year, "tabel-alle-jaren", width="col-md-4")],
        className="row g-3 controls",
    )
    return html.Div(
        [
            html.H1("Tabel & export"),
            url_errors(errors, PATH),
            html.P(
                "De indicatoren van de gekozen gebieden: één rij per gebied en indicator, met de "
                "landelijke waarde, index en klasse. Sorteer door op een kolomkop te klikken en "
                "filter met het vak onder de kop (bijvoorbeeld 'groter dan 150' in de kolom "
                "index). Sorteren en filteren gaan over alle rijen van de selectie."
            ),
            controls,
            share_control("tabel-link", current.url()),
            *view.location("tabel", current),
            dcc.Loading(
                html.Div(id="tabel-inhoud", **{"aria-live": "polite"}),
                target_components={"tabel-inhoud": "children"},  # not the grid's row requests
            ),
            html.H2("Downloaden"),
            html.Div(
                [
                    html.Label("Notatie van het CSV-bestand", htmlFor="tabel-csv-notatie"),
                    dcc.RadioItems(
                        id="tabel-csv-notatie",
                        options=[
                            {
                                "label": " Nederlands Excel (puntkomma, decimale komma)",
                                "value": "nl",
                            },
                            {"label": " internationaal (komma, decimale punt)", "value": "intl"},
                        ],
                        value="nl",
                        inline=True,
                        inputStyle={"marginRight": "4px", "marginLeft": "12px"},
                    ),
                ],
                className="mb-2",
            ),
            _button("Download CSV", "tabel-csv", "tabel-status-csv"),
            _button("Download Excel (met bronnen)", "tabel-xlsx", "tabel-status-xlsx"),
            _button("Download grenzen als GeoJSON", "tabel-geojson", "tabel-status-geojson"),
            dcc.Download(id="tabel-download-csv"),
            dcc.Download(id="tabel-download-xlsx"),
            dcc.Download(id="tabel-download-geojson"),
            html.P(
                f"Licentie: {EXPORT_LICENCE} (grenzen: CBS / Kadaster, PDOK). Het Excel-bestand "
                "heeft Nederlandse kolomnamen, getalnotatie per indicator, een filter op elke "
                "kolom "
                "en een blad 'Bronnen' met per indicator de definitie, per CBS-tabel wat er "
                "ontbreekt en de link naar StatLine, en de link naar deze weergave. Het "
                "GeoJSON-bestand heeft platte veldnamen (zoals vastgoed_woz__waarde, __index, "
                "__klasse, __reden) voor QGIS en ArcGIS.",
                className="small",
            ),
        ],
        className="page page-tabel",
    )


layout = view.page_layout(PATH, page)

dash.register_page(
    __name__,
    path=PATH,
    name="Tabel & export",
    title="Tabel en export — Zicht op Ondermijning",
    description="Indicatortabel van een selectie, te downloaden als CSV, Excel en GeoJSON",
    layout=layout,
    order=5,
)
