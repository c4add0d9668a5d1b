"""Page Tabel & export: the indicator table of a selection, downloadable as CSV, Excel, GeoJSON."""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from dashboard import url_state
from dashboard.callbacks import tabel as cb
from dashboard.components import filters
from dashboard.components.notices import url_errors
from dashboard.components.share import share_control
from data_pipeline import store
from themes.vocab import EXPORT_LICENCE, TABLE_LEVELS, Level

PATH = url_state.TABEL


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


def layout(**query: Any) -> html.Div:
    """The table page for a URL; controls preset, content and downloads from callbacks."""
    try:
        state, errors = url_state.read(query, TABLE_LEVELS)
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
                cb.indicator_options(state.theme),
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
        options=[{"label": " alle jaren tegelijk (tabel en downloads)", "value": cb.ALL_YEARS}],
        value=[cb.ALL_YEARS] if state.all_years else [],
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
            share_control("tabel-link"),
            dcc.Store(id="tabel-url-sync"),
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


dash.register_page(
    __name__,
    path=PATH,
    name="Tabel & export",
    title="Tabel en export — Zicht op Ondermijning",
    description="Indicatortabel van een selectie, te downloaden als CSV, Excel en GeoJSON",
    layout=layout,
    order=5,
)
