"""Callbacks of Signalen: level/year/gemeente → signal counts → the shared map and a table."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import Input, Output, State, callback, ctx, html, no_update

from dashboard import url_state
from dashboard.components import areas, grid
from dashboard.components import choropleth as chart
from dashboard.components import map as mapc
from data_pipeline import store
from themes.vocab import AREA_LEVELS, Level

PATH = url_state.SIGNALEN
PREFIX = "signalen"
Selection = chart.Selection


def available_levels() -> list[str]:
    """Levels with signals in the database."""
    return [lv for lv in AREA_LEVELS if store.signal_years(lv)]


def resolve(level: Any, year: Any, gemeente: Any) -> Selection:
    """Defaults: gemeenten, the latest year with signals at that level."""
    notes: list[str] = []
    level = level if level in AREA_LEVELS and store.signal_years(level) else Level.GEMEENTE
    years = store.signal_years(level)
    year, note = url_state.pick_year(year, years, "Geen signalen voor {jaar} op dit niveau")
    notes += [note] if note else []
    ok = isinstance(gemeente, str) and store.known_region(gemeente, "gemeente")
    return Selection(PATH, level, year, gemeente if ok else None, notes=notes)


def signal_codes(sel: Selection, codes: tuple[str, ...]) -> list[int]:
    """Signal count per area in ``codes`` order; -1 where nothing could be tested."""
    df = store.signals(sel.map_level, sel.year, sel.scope).set_index("region_code")
    n = df["n_signals"].reindex(list(codes))
    tested = df["n_tested"].reindex(list(codes))
    return [
        -1 if pd.isna(t) or t == 0 or pd.isna(s) else mapc.signal_bin(int(s))
        for s, t in zip(n, tested, strict=True)
    ]


LAYER = chart.Layer(mapc.SIGNAL_LEGEND, signal_codes)


def geo_key(sel: Selection) -> str:
    return chart.geo_key(sel)


def source_line(sel: Selection) -> str:
    return (
        f"Bron: CBS (alle tabellen van de indicatoren); jaar {sel.year}. Signaal = indicator "
        "significant boven het landelijk gemiddelde (laatste jaar tot en met dit jaar). De kaart "
        "telt signalen over dezelfde vaste set indicatoren voor elk gebied "
        f"({set_text(sel)})."
    )


def set_text(sel: Selection) -> str:
    """Which indicators every area of the view is counted over."""
    df = store.signals(sel.level, sel.year, sel.gemeente if sel.level != "gemeente" else None)
    sets = [tuple(v) for v in df["set_indicators"] if len(v)]
    if not sets:
        return "geen indicator is voor genoeg gebieden beschikbaar"
    common = max(set(sets), key=sets.count)
    scope = "alle gemeenten" if sel.level == "gemeente" else f"de {sel.level}en per gemeente"
    return f"{len(common)} indicatoren met een uitkomst voor minstens 90% van {scope}"


def figure_update(sel: Selection, current_key: str | None) -> tuple[Any, str]:
    """Patch the counts when the same boundaries stay on screen, else draw anew."""
    return chart.figure_update(sel, LAYER, current_key)


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


def table(sel: Selection) -> html.Div:
    """All areas of the view, most signals first; sortable and filterable."""
    df = store.signals(sel.level, sel.year, sel.gemeente if sel.level != "gemeente" else None)
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


def heading(sel: Selection) -> str:
    name = chart.place(sel)
    where = {"gemeente": "per gemeente", "wijk": "per wijk", "buurt": "per buurt"}[sel.level]
    marked = (", " + name + " gemarkeerd") if name and sel.level == "gemeente" else ""
    return (
        f"Signalen {where}"
        + (f" — {name}" if name and sel.level != "gemeente" else marked)
        + f", {sel.year}"
    )


def hover_lines(code: str, view: url_state.State) -> list[str]:
    return signal_lines(store.area_signals(code, view.year)) if view.year else []


def detail(sel: Selection) -> list:
    """The chosen gemeente's signals, right under the map."""
    if not sel.gemeente:
        return [html.Span("Wijs een gebied aan of kies een gemeente voor haar signalen.")]
    return areas.hover_card(hover_lines(sel.gemeente, sel.state()))


def buurt_note(sel: Selection) -> list[str]:
    if sel.level == "buurt" and sel.map_level != "buurt":
        return ["Buurtgrenzen ontbreken in deze database: de buurten staan in de tabel."]
    return []


KINDS = {"signalen-map": "map", "signalen-gemeente": "search", "signalen-reset": "reset"}


@callback(
    Output("signalen-map", "figure"),
    Output("signalen-geokey", "data"),
    Output("signalen-heading", "children"),
    Output("signalen-source", "children"),
    Output("signalen-notes", "children"),
    Output("signalen-tabel", "children"),
    Output("signalen-detail", "children"),
    Output("signalen-jaar", "options"),
    Output("signalen-url", "data"),
    Output("signalen-niveau", "value"),
    Output("signalen-gemeente", "value"),
    Input("signalen-niveau", "value"),
    Input("signalen-jaar", "value"),
    Input("signalen-gemeente", "value"),
    Input("signalen-map", "clickData"),
    Input("signalen-reset", "n_clicks"),
    State("signalen-geokey", "data"),
    prevent_initial_call=True,
)
def update(level, year, gemeente, click, _reset, current_key) -> tuple:  # noqa: ANN001
    """Controls, a click (drill down) or reset → selection → map (Patch when possible), table."""
    return render(KINDS.get(ctx.triggered_id), level, year, gemeente, click, current_key)


def render(kind, asked, year, gemeente, click, current_key) -> tuple:  # noqa: ANN001
    """The outputs of ``update`` for a control of ``kind`` (map, search, reset, other)."""
    level, chosen = chart.navigate(kind, click, gemeente, asked, available_levels())
    asked = asked if level is no_update else level
    gemeente = gemeente if chosen is no_update else chosen
    sel = resolve(asked, year, gemeente)
    fig, key = figure_update(sel, current_key)
    years = [{"label": str(y), "value": y} for y in reversed(store.signal_years(sel.level))]
    notes = areas.notes(buurt_note(sel))
    view = (fig, key, heading(sel), source_line(sel), notes, table(sel), detail(sel))
    return view + (years, sel.url(), sel.level, sel.gemeente)


on_hover = chart.register_hover(PREFIX, hover_lines)
