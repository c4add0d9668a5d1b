"""Callbacks of Signalen: level/year/gemeente → signal counts → the shared map and a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from dash import (
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    html,
    no_update,
)

from dashboard import url_state
from dashboard.callbacks.kaart import REPLACE_URL_JS
from dashboard.components import areas, tables
from dashboard.components import map as mapc
from dashboard.server import geo_url
from data_pipeline import store

PATH = "/signalen"
LEVELS = ("gemeente", "wijk", "buurt")


@dataclass
class Selection:
    """A valid signal view; ``notes`` say what was changed to make it valid."""

    niveau: str
    jaar: int
    gemeente: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def map_level(self) -> str:
        return store.drawn_level(self.niveau, self.gemeente)[0]

    @property
    def scope(self) -> str | None:
        return store.drawn_level(self.niveau, self.gemeente)[1]

    def url(self) -> str:
        state = url_state.State(niveau=self.niveau, jaar=self.jaar, gemeente=self.gemeente)
        return url_state.build_url(PATH, state)


def resolve(niveau: str | None, jaar: Any, gemeente: str | None) -> Selection:
    """Defaults: gemeenten, the latest year with signals at that level."""
    notes: list[str] = []
    niveau = niveau if niveau in LEVELS and store.signal_years(niveau) else "gemeente"
    years = store.signal_years(niveau)
    jaar, note = url_state.pick_year(jaar, years, "Geen signalen voor {jaar} op dit niveau")
    notes += [note] if note else []
    gemeente = gemeente if gemeente and store.known_region(gemeente, "gemeente") else None
    return Selection(niveau, jaar, gemeente, notes)


def signal_codes(sel: Selection, codes: tuple[str, ...]) -> list[int]:
    """Signal count per area in ``codes`` order; -1 where nothing could be tested."""
    df = store.signals(sel.map_level, sel.jaar, sel.scope).set_index("region_code")
    n = df["n_signals"].reindex(list(codes))
    tested = df["n_tested"].reindex(list(codes))
    return [
        -1 if pd.isna(t) or t == 0 or pd.isna(s) else mapc.signal_bin(int(s))
        for s, t in zip(n, tested, strict=True)
    ]


def geo_key(sel: Selection) -> str:
    return f"{store.version_hash()}|{sel.map_level}|{sel.scope}|{sel.gemeente}"


def source_line(sel: Selection) -> str:
    return (
        f"Bron: CBS (alle tabellen van de indicatoren); jaar {sel.jaar}. Signaal = indicator "
        "significant boven het landelijk gemiddelde (laatste jaar tot en met dit jaar). De kaart "
        "telt signalen over dezelfde vaste set indicatoren voor elk gebied "
        f"({set_text(sel)})."
    )


def set_text(sel: Selection) -> str:
    """Which indicators every area of the view is counted over."""
    df = store.signals(sel.niveau, sel.jaar, sel.gemeente if sel.niveau != "gemeente" else None)
    sets = [tuple(v) for v in df["set_indicators"] if len(v)]
    if not sets:
        return "geen indicator is voor genoeg gebieden beschikbaar"
    common = max(set(sets), key=sets.count)
    scope = "alle gemeenten" if sel.niveau == "gemeente" else f"de {sel.niveau}en per gemeente"
    return f"{len(common)} indicatoren met een uitkomst voor minstens 90% van {scope}"


def figure_update(sel: Selection, current_key: str | None) -> tuple[Any, str]:
    """Patch the counts when the same boundaries stay on screen, else draw anew."""
    key = geo_key(sel)
    codes = store.geometry_codes(sel.map_level, sel.scope)
    if key == current_key:
        return mapc.patch_values(signal_codes(sel, codes)), key
    if not codes:
        return mapc.empty_figure("Geen grenzen voor dit niveau."), key
    names = store.region_names(sel.map_level, sel.scope)
    bounds = store.bounds("gemeente", sel.gemeente) if sel.gemeente else store.bounds(sel.map_level)
    fig = mapc.figure(
        geo_url(sel.map_level, sel.scope),
        codes,
        [names.get(c, c) for c in codes],
        signal_codes(sel, codes),
        mapc.SIGNAL_LEGEND,
        mapc.view(bounds),
        highlight=sel.gemeente if sel.map_level == "gemeente" else None,
        revision=key,
    )
    return fig, key


def indicator_titles(ids: list[str]) -> str:
    return "; ".join((store.indicator(i) or {"label": i})["label"] for i in ids)


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
    df = store.signals(sel.niveau, sel.jaar, sel.gemeente if sel.niveau != "gemeente" else None)
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
        tables.sortable_table("signalen-datatable", rows, columns, page_size=15, wrap=True)
    )


def heading(sel: Selection) -> str:
    name = store.region(sel.gemeente)["name"] if sel.gemeente else None
    where = {"gemeente": "per gemeente", "wijk": "per wijk", "buurt": "per buurt"}[sel.niveau]
    return (
        f"Signalen {where}"
        + (f" — {name}" if name and sel.niveau != "gemeente" else "")
        + f", {sel.jaar}"
    )


@callback(
    Output("signalen-map", "figure"),
    Output("signalen-geokey", "data"),
    Output("signalen-heading", "children"),
    Output("signalen-source", "children"),
    Output("signalen-notes", "children"),
    Output("signalen-tabel", "children"),
    Output("signalen-jaar", "options"),
    Output("signalen-url", "data"),
    Input("signalen-niveau", "value"),
    Input("signalen-jaar", "value"),
    Input("signalen-gemeente", "value"),
    State("signalen-geokey", "data"),
    prevent_initial_call=True,
)
def update(niveau: str, jaar: int, gemeente: str | None, current_key: str | None) -> tuple:
    """Controls → selection → map (Patch when possible), table and the URL."""
    sel = resolve(niveau, jaar, gemeente)
    fig, key = figure_update(sel, current_key)
    years = [{"label": str(y), "value": y} for y in reversed(store.signal_years(sel.niveau))]
    notes = areas.notes(sel.notes + buurt_note(sel))
    return fig, key, heading(sel), source_line(sel), notes, table(sel), years, sel.url()


def buurt_note(sel: Selection) -> list[str]:
    if sel.niveau == "buurt" and sel.map_level != "buurt":
        return ["Buurtgrenzen ontbreken in deze database: de buurten staan in de tabel."]
    return []


@callback(
    Output("signalen-niveau", "value"),
    Output("signalen-gemeente", "value"),
    Input("signalen-map", "clickData"),
    Input("signalen-reset", "n_clicks"),
    State("signalen-niveau", "value"),
    prevent_initial_call=True,
)
def on_click(click: dict | None, _reset: int, niveau: str) -> tuple:
    return drill(ctx.triggered_id, click)


def drill(trigger: str | None, click: dict | None) -> tuple:
    """Click a gemeente → its wijken, a wijk → buurten; the reset button → all gemeenten."""
    if trigger == "signalen-reset":
        return "gemeente", None
    code = (((click or {}).get("points") or [{}])[0]).get("location")
    area = store.region(code) if isinstance(code, str) else None
    if area is None or area["level"] not in ("gemeente", "wijk"):
        return no_update, no_update
    nxt = "wijk" if area["level"] == "gemeente" else "buurt"
    return nxt, area["gemeente_code"] or area["code"]


@callback(
    Output("signalen-tooltip", "show"),
    Output("signalen-tooltip", "bbox"),
    Output("signalen-tooltip", "children"),
    Input("signalen-map", "hoverData"),
    State("signalen-jaar", "value"),
    prevent_initial_call=True,
)
def on_hover(hover: dict | None, jaar: int | None) -> tuple:
    point = ((hover or {}).get("points") or [None])[0]
    if not point or not isinstance(jaar, int):
        return False, no_update, no_update
    lines = signal_lines(store.area_signals(str(point.get("location")), jaar))
    return bool(lines), point.get("bbox"), areas.hover_card(lines)


clientside_callback(
    REPLACE_URL_JS,
    Output("signalen-url-done", "data"),
    Input("signalen-url", "data"),
    prevent_initial_call=True,
)
