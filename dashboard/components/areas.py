"""Texts about one area or a list of areas: hover lines, detail card, source line, buurt table."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import format as fmt
from dashboard.components import grid
from data_pipeline import store


def hover_lines(row: dict[str, Any] | None, indicator: store.IndicatorInfo | None) -> list[str]:
    """What a user reads when pointing at an area: name, value, NL, index, class, n.s."""
    if not row or indicator is None:
        return []
    lines = [row["name"]]
    if row.get("value") is None or pd.isna(row.get("value")):
        lines.append(f"{fmt.NO_DATA} ({row.get('reason') or fmt.NO_DATA})")
        return lines
    unit, dec = indicator.unit, indicator.decimals
    lines.append(f"{indicator.label}: {fmt.with_unit(row['value'], unit, dec)}")
    lines.append(f"Nederland: {fmt.with_unit(row['nl_value'], unit, dec)}")
    klasse = fmt.klasse(row.get("klasse"))
    sig = row.get("is_significant")
    ns = " (n.s.)" if sig is not None and not pd.isna(sig) and not bool(sig) else ""
    lines.append(f"Index {fmt.index(row['index'])} (NL = 100) · {klasse}{ns}")
    return lines


def hover_card(lines: list[str]) -> list:
    """The tooltip / detail body: bold name, then one line per fact."""
    if not lines:
        return []
    return [html.Strong(lines[0]), *[html.Div(line) for line in lines[1:]]]


def source_line(indicator: store.IndicatorInfo, year: int) -> str:
    """'Bron: CBS 85984NED (Kerncijfers wijken en buurten 2024), 2024' — under every figure."""
    tables = store.sources(tuple(indicator.sources))
    names = ", ".join(f"{t['table_id']} ({t['title']})" for t in tables) or ", ".join(
        indicator.sources
    )
    return f"Bron: CBS {names}; jaar {year}. Index: Nederland = 100."


def notes(messages: list[str], colour: str = "info") -> list:
    """Plain notes above the map (level fallback, missing boundaries)."""
    return [dbc.Alert(m, color=colour, className="py-2 mb-2") for m in messages]


def area_table(
    df: pd.DataFrame, indicator: store.IndicatorInfo, table_id: str, caption: str
) -> html.Div:
    """A sortable table of areas with value, NL value, index, class and reason."""
    unit, dec = indicator.unit, indicator.decimals
    rows = [
        {
            "naam": r.name,
            "code": r.region_code,
            "waarde": None if pd.isna(r.value) else round(float(r.value), dec),
            "index": None if pd.isna(r.index) else round(float(r.index)),
            "klasse": fmt.klasse(r.klasse) if not pd.isna(r.value) else (r.reason or fmt.NO_DATA),
        }
        for r in df.itertuples(index=False)
    ]
    columns = [
        {"name": "Naam", "id": "naam"},
        {"name": "Code", "id": "code"},
        {
            "name": f"Waarde ({unit})",
            "id": "waarde",
            "type": "numeric",
            "format": grid.dutch_number(dec),
        },
        {
            "name": "Index (NL = 100)",
            "id": "index",
            "type": "numeric",
            "format": grid.dutch_number(0),
        },
        {"name": "Klasse", "id": "klasse"},
    ]
    table = grid.sortable_table(table_id, rows, columns)
    return html.Div([html.H3(caption, className="h6 mt-3"), table])
