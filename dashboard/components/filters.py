"""Labelled controls (thema, indicator, jaar, niveau, gemeente) and their option lists."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from data_pipeline import store
from themes.vocab import AREA_LEVELS, Level

LEVEL_LABELS = {lv: Level(lv).plural.capitalize() for lv in AREA_LEVELS}


def theme_options() -> list[dict[str, str]]:
    """Every theme, in the registry order."""
    return [{"label": t.title, "value": t.id} for t in store.themes()]


def indicator_options(theme: str | None, unit: bool = False) -> list[dict[str, str]]:
    """The indicators of one theme (all themes when None and ``unit``), optionally with units."""
    if theme is None and unit:
        return [{"label": f"{i.title} ({i.unit})", "value": i.id} for i in store.indicators()]
    if theme is None or not store.known_theme(theme):
        return []
    return [
        {"label": f"{i.title} ({i.unit})" if unit else i.title, "value": i.id}
        for i in store.indicators(theme)
    ]


def year_options(years: list[int]) -> list[dict[str, Any]]:
    """Most recent year first."""
    return [{"label": str(y), "value": y} for y in sorted(years, reverse=True)]


def level_options(available: list[str]) -> list[dict[str, Any]]:
    """All three levels; those the indicator lacks are shown but disabled."""
    return [
        {"label": label, "value": level, "disabled": level not in available}
        for level, label in LEVEL_LABELS.items()
    ]


def gemeente_options() -> list[dict[str, str]]:
    """Every gemeente by name, for the search box."""
    return [{"label": g["name"], "value": g["code"]} for g in store.gemeenten()]


def field(
    label: str, control: Any, control_id: str, help_text: str = "", width: str = ""
) -> html.Div:
    """A control with a visible label bound to it (optional help text, grid column class)."""
    parts = [dbc.Label(label, html_for=control_id, className="form-label fw-semibold"), control]
    if help_text:
        parts.append(html.Small(help_text, className="form-text text-body-secondary d-block"))
    return html.Div(parts, className=f"mb-3 {width}".strip())


#: Dash 4's dropdown texts default to English
DROPDOWN_LABELS: dict[str, str] = {
    "select_all": "Alles kiezen",
    "deselect_all": "Niets kiezen",
    "selected_count": "gekozen",
    "search": "Zoeken",
    "clear_search": "Zoekterm wissen",
    "clear_selection": "Keuze wissen",
    "no_options_found": "Niets gevonden",
}


def dropdown(
    control_id: str,
    options: list,
    value: Any,
    placeholder: str = "",
    clearable: bool = False,
    **extra: Any,
) -> dcc.Dropdown:
    """A searchable dropdown with Dutch texts (``extra``: e.g. ``multi=True``)."""
    return dcc.Dropdown(
        id=control_id,
        options=options,
        value=value,
        clearable=clearable,
        searchable=True,
        placeholder=placeholder or "Kies…",
        labels=DROPDOWN_LABELS,
        **extra,
    )


def gemeente_search(prefix: str, value: str | None) -> list[Any]:
    """Jump to a gemeente by name, and a button back to all of Nederland (Kaart, Signalen)."""
    return [
        field(
            "Zoek gemeente",
            dropdown(
                f"{prefix}-gemeente",
                gemeente_options(),
                value,
                placeholder="Typ een gemeentenaam…",
                clearable=True,
            ),
            f"{prefix}-gemeente",
        ),
        dbc.Button(
            "Heel Nederland", id=f"{prefix}-reset", color="secondary", outline=True, size="sm"
        ),
    ]


def level_radio(control_id: str, available: list[str], value: str) -> dbc.RadioItems:
    """Gemeente / wijk / buurt as real radio buttons (arrow keys work)."""
    return dbc.RadioItems(
        id=control_id,
        options=level_options(available),
        value=value,
        inline=True,
    )
