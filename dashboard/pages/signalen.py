"""Page Signalen: per area how many indicators lie significantly above the national average.

The page's logic lives here; ``dashboard.callbacks.signalen`` only hands its inputs to
:func:`render`. Every function takes the one resolved :class:`~dashboard.view.View`.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html, no_update

from dashboard import url_state, view
from dashboard.components import areas, filters, grid
from dashboard.components import choropleth as chart
from dashboard.components import map as mapc
from dashboard.components.notices import url_errors
from dashboard.view import View
from data_pipeline import store

PATH = url_state.SIGNALEN
PREFIX = "signalen"

INTRO = (
    "Een signaal is een risico-indicator die in een gebied significant boven het landelijk "
    "gemiddelde ligt (z-toets of CBS-marge tegen het landelijke cijfer; bij gemiddelden zoals "
    "de WOZ-waarde: klasse hoger of veel hoger). Elk gebied wordt geteld over dezelfde vaste set "
    "indicatoren: die met een uitkomst voor minstens 90% van de vergeleken gebieden (alle "
    "gemeenten, of de wijken of buurten van één gemeente). De tabel toont ook hoeveel daarvan "
    "hier getoetst zijn ('x van y getoetst') en dat als percentage. Waar meerdere signalen "
    "samenvallen, kan dat aanleiding zijn om beter te kijken; het is geen bewijs van ondermijning."
)


def resolve(level: Any, year: Any, gemeente: Any) -> View:
    """The view for these control values (``view.signalen``)."""
    return view.signalen(url_state.State(level=level, year=year, gemeente=gemeente))


def signal_codes(current: View, codes: tuple[str, ...]) -> list[int]:
    """Signal count per area in ``codes`` order; -1 where nothing could be tested."""
    df = store.signals(current.drawn, current.year, current.scope).set_index("region_code")
    n = df["n_signals"].reindex(list(codes))
    tested = df["n_tested"].reindex(list(codes))
    return [
        -1 if pd.isna(t) or t == 0 or pd.isna(s) else mapc.signal_bin(int(s))
        for s, t in zip(n, tested, strict=True)
    ]


LAYER = chart.Layer(mapc.SIGNAL_LEGEND, signal_codes)


def geo_key(current: View) -> str:
    return chart.geo_key(current)


def source_line(current: View) -> str:
    return (
        f"Bron: CBS (alle tabellen van de indicatoren); jaar {current.year}. Signaal = indicator "
        "significant boven het landelijk gemiddelde (laatste jaar tot en met dit jaar). De kaart "
        "telt signalen over dezelfde vaste set indicatoren voor elk gebied "
        f"({set_text(current)})."
    )


def set_text(current: View) -> str:
    """Which indicators every area of the view is counted over."""
    df = store.signals(
        current.level, current.year, current.gemeente if current.level != "gemeente" else None
    )
    sets = [tuple(v) for v in df["set_indicators"] if len(v)]
    if not sets:
        return "geen indicator is voor genoeg gebieden beschikbaar"
    common = max(set(sets), key=sets.count)
    scope = (
        "alle gemeenten" if current.level == "gemeente" else f"de {current.level}en per gemeente"
    )
    return f"{len(common)} indicatoren met een uitkomst voor minstens 90% van {scope}"


def figure_update(current: View, current_key: str | None) -> tuple[Any, str]:
    """Patch the counts when the same boundaries stay on screen, else draw anew."""
    return chart.figure_update(current, LAYER, current_key)


def indicator_titles(ids: list[str]) -> str:
    return "; ".join(info.label if (info := store.indicator(i)) else i for i in ids)


def signal_lines(row: dict[str, Any] | None) -> list[str]:
    """Hover text: name, 'n van m indicatoren boven gemiddeld', which ones."""
    if not row:
        return []
    if not row.get("n_tested"):
        return [row["name"], "Niets getoetst (geen gegevens)."]
    lines = [row["name"], f"{row['n_signals']} van {row['n_tested']} indicatoren significant hoger"]
    if row["indicators"]:
        lines.append(indicator_titles(row["indicators"]))
    return lines


def table(current: View) -> html.Div:
    """All areas of the view, most signals first; sortable and filterable."""
    df = store.signals(
        current.level, current.year, current.gemeente if current.level != "gemeente" else None
    )
    df = df.sort_values(["n_signals", "name"], ascending=[False, True], na_position="last")
    rows = [
        {
            "naam": r.name,
            "code": r.region_code,
            "signalen": None if pd.isna(r.n_signals) else int(r.n_signals),
            "getoetst": None if pd.isna(r.n_tested) else int(r.n_tested),
            "set": None if pd.isna(r.n_set) else int(r.n_set),
            "aandeel": None if pd.isna(r.share) else round(100 * float(r.share)),
            "x_van_y": "" if pd.isna(r.n_tested) else f"{int(r.n_signals)} van {int(r.n_tested)}",
            "indicatoren": indicator_titles(r.indicators),
        }
        for r in df.itertuples(index=False)
    ]
    columns = [
        {"name": "Gebied", "id": "naam"},
        {"name": "Code", "id": "code"},
        {"name": "Signalen (vaste set)", "id": "signalen", "type": "numeric"},
        {"name": "Set", "id": "set", "type": "numeric"},
        {"name": "Getoetst", "id": "getoetst", "type": "numeric"},
        {"name": "x van y getoetst", "id": "x_van_y"},
        {"name": "% van getoetst", "id": "aandeel", "type": "numeric"},
        {"name": "Indicatoren boven gemiddeld", "id": "indicatoren"},
    ]
    return html.Div(
        grid.sortable_table("signalen-datatable", rows, columns, page_size=15, wrap=True)
    )


def heading(current: View) -> str:
    name = current.place
    where = {"gemeente": "per gemeente", "wijk": "per wijk", "buurt": "per buurt"}[current.level]
    marked = (", " + name + " gemarkeerd") if name and current.level == "gemeente" else ""
    return (
        f"Signalen {where}"
        + (f" — {name}" if name and current.level != "gemeente" else marked)
        + f", {current.year}"
    )


def hover_lines(code: str, current: View) -> list[str]:
    return signal_lines(store.area_signals(code, current.year)) if current.year else []


def hover_at(code: str, search: str | None) -> list[str]:
    """The tooltip lines for the view in the address bar."""
    return hover_lines(code, view.signalen(url_state.parse(search)[0]))


def detail(current: View) -> list:
    """The chosen gemeente's signals, right under the map."""
    if not current.gemeente:
        return [html.Span("Wijs een gebied aan of kies een gemeente voor haar signalen.")]
    return areas.hover_card(hover_lines(current.gemeente, current))


def buurt_note(current: View) -> list[str]:
    if current.level == "buurt" and current.drawn != "buurt":
        return ["Buurtgrenzen ontbreken in deze database: de buurten staan in de tabel."]
    return []


def render(kind, asked, year, gemeente, click, current_key) -> tuple:  # noqa: ANN001
    """The outputs of the map callback for a control of ``kind`` (map, search, reset, other)."""
    level, chosen = chart.navigate(kind, click, gemeente, asked, view.signal_levels())
    asked = asked if level is no_update else level
    gemeente = gemeente if chosen is no_update else chosen
    current = resolve(asked, year, gemeente)
    fig, key = figure_update(current, current_key)
    years = [{"label": str(y), "value": y} for y in reversed(store.signal_years(current.level))]
    notes = areas.notes(buurt_note(current))
    url = current.url()
    shown = (fig, key, heading(current), source_line(current), notes, table(current))
    return shown + (
        detail(current),
        years,
        url_state.search(url),
        current.level,
        current.gemeente,
        url,
    )


def controls(current: View) -> html.Div:
    years = [{"label": str(y), "value": y} for y in reversed(store.signal_years(current.level))]
    return html.Div(
        [
            filters.field(
                "Niveau",
                filters.level_radio("signalen-niveau", view.signal_levels(), current.level),
                "signalen-niveau",
                "Klik op een gemeente voor haar wijken.",
            ),
            filters.field(
                "Jaar", filters.dropdown("signalen-jaar", years, current.year), "signalen-jaar"
            ),
            *filters.gemeente_search("signalen", current.gemeente),
            html.P(INTRO, className="small mt-3"),
        ],
        className="controls",
    )


def page(**query: Any) -> html.Div:
    """Signal map and table for the state in the URL (level, year, gemeente).

    On a phone the map (with the answer card right under it) comes first, then the controls;
    the table spans the whole width below.
    """
    state, errors = url_state.read(query)
    current = view.signalen(state)
    fig = chart.full_figure(current, LAYER)
    return html.Div(
        [
            url_errors(errors, PATH),
            dbc.Row(
                [
                    dbc.Col(controls(current), lg=3, md=4, className="order-2 order-md-1"),
                    dbc.Col(
                        [
                            html.H1(heading(current), id="signalen-heading", className="h4"),
                            html.Div(
                                areas.notes(list(current.notes) + buurt_note(current)),
                                id="signalen-notes",
                            ),
                            chart.graph(PREFIX, fig),
                            html.Div(
                                detail(current),
                                id="signalen-detail",
                                className="detail-card",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                            mapc.caption(source_line(current), "signalen-source"),
                            mapc.legend_html(mapc.SIGNAL_LEGEND),
                        ],
                        lg=9,
                        md=8,
                        className="order-1 order-md-2",
                    ),
                ]
            ),
            html.H2("Gebieden met de meeste signalen", className="h5 mt-3"),
            html.Div(table(current), id="signalen-tabel"),
            chart.geokey_store(PREFIX, current),
            *view.location(PREFIX, current),
        ]
    )


layout = view.page_layout(PATH, page)

dash.register_page(
    __name__, path=PATH, name="Signalen", layout=layout, title="Signalen — Zicht op Ondermijning"
)
