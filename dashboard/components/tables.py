"""HTML tables for Vergelijk and Profiel: side by side, profile rows, wijk extremes.

The AG Grid tables (sortable, and Tabel's server-side grid) are in ``components.grid``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from dash import dcc, html

from dashboard.components.charts import sparkline
from dashboard.format import number as nl_number
from data_pipeline import store
from themes.spec import KLASSE_LABELS
from themes.vocab import Reason

MISSING = Reason.MISSING


def klasse_badge(klasse: object) -> html.Span:
    """Deviation class as words (colour is only a second cue)."""
    if klasse is None or pd.isna(klasse):
        return html.Span("–", className="klasse klasse-none")
    k = int(klasse)
    return html.Span(KLASSE_LABELS.get(k, "?"), className=f"klasse klasse-{k}")


def _value_cell(row: pd.Series | None, decimals: int) -> html.Td:
    """A value with its index below it, or the reason it is missing."""
    if row is None:
        return html.Td(MISSING, className="missing")
    if pd.isna(row["value"]):
        return html.Td(row.get("reason") or MISSING, className="missing")
    idx = "" if pd.isna(row["index"]) else f"index {nl_number(row['index'], 0)}"
    return html.Td([html.Div(nl_number(row["value"], decimals)), html.Small(idx)], className="num")


def compare_table(df: pd.DataFrame, regions: Sequence[str]) -> html.Table:
    """Indicators as rows, regions (selection, Nederland, peer groups) as columns."""
    names = df.drop_duplicates("region_code").set_index("region_code")["name"].to_dict()
    cols = [c for c in regions if c in names]
    head = html.Tr(
        [html.Th("Indicator", scope="col"), html.Th("Bron en jaar", scope="col")]
        + [html.Th(names[c], scope="col") for c in cols]
    )
    body = []
    for iid, part in df.groupby("indicator_id", sort=False):
        first = part.iloc[0]
        by = {r["region_code"]: r for _, r in part.iterrows()}
        label = [html.Div(first["short"]), html.Small(first["unit"])]
        body.append(
            html.Tr(
                [html.Th(label, scope="row"), html.Td(f"CBS {first['sources']}, {first['year']}")]
                + [_value_cell(by.get(c), int(first["decimals"])) for c in cols],
                id=f"rij-{iid}",
            )
        )
    table = html.Table(
        [html.Thead(head), html.Tbody(body)], className="table table-sm compare-table"
    )
    return html.Div(table, className="table-responsive")  # scrolls on a phone, never squeezes


def _breaks(iid: str) -> tuple[tuple[int, str], ...]:
    """Series breaks of an indicator (``Indicator.breaks``, as stored), none for unknown ids."""
    found = store.indicator(iid)
    return found.breaks if found else ()


def _trend(iid: str, trends: pd.DataFrame, gemeente: str, decimals: int = 1) -> object:
    """Sparkline when the indicator has several years for this gemeente, else a dash."""
    own = trends[(trends["indicator_id"] == iid) & (trends["region_code"] == gemeente)]
    own = own.dropna(subset=["value"])
    if len(own) < 2:
        return "–"
    nl = trends[(trends["indicator_id"] == iid) & (trends["region_code"] == "NL")]
    nl = nl.set_index("year").reindex(own["year"])["value"]
    label = ", ".join(
        f"{y}: {nl_number(v, decimals)}" for y, v in zip(own["year"], own["value"], strict=True)
    )
    years, values, nl_values = list(own["year"]), list(own["value"]), list(nl)
    for first in sorted((y for y, _ in _breaks(iid)), reverse=True):  # a gap shows the break
        if years[0] < first <= years[-1]:
            at = next(i for i, y in enumerate(years) if y >= first)
            years[at:at], values[at:at], nl_values[at:at] = [None], [None], [None]
            label += f" (reeksbreuk vanaf {first})"
    return html.Div(
        dcc.Graph(
            figure=sparkline(years, values, nl_values),
            config={"staticPlot": True, "displayModeBar": False},
        ),
        title=label,
        **{"aria-label": f"Trend {label}"},
    )


def profile_table(prof: pd.DataFrame, trends: pd.DataFrame, gemeente: str) -> html.Div:
    """Per theme a table: value, Nederland, peer groups, index, class, trend, source and year."""
    blocks = []
    peer_st = _first_name(prof, "peer_st_name", "Zelfde stedelijkheid")
    peer_gk = _first_name(prof, "peer_gk_name", "Zelfde grootteklasse")
    head = html.Tr(
        [
            html.Th(h, scope="col")
            for h in (
                "Indicator",
                "Waarde",
                "Nederland",
                peer_st,
                peer_gk,
                "Index",
                "Klasse",
                "Trend",
                "Bron en jaar",
            )
        ]
    )
    for theme, part in prof.groupby("theme_title", sort=False):
        rows = []
        for _, r in part.iterrows():
            d = int(r["decimals"])
            value = (
                nl_number(r["value"], d)
                if pd.notna(r.get("value"))
                else (r.get("reason") or MISSING)
            )
            rows.append(
                html.Tr(
                    [
                        html.Th([html.Div(r["short"]), html.Small(r["unit"])], scope="row"),
                        html.Td(value, className="num"),
                        html.Td(nl_number(r.get("nl_value"), d), className="num"),
                        html.Td(nl_number(r.get("peer_st"), d), className="num"),
                        html.Td(nl_number(r.get("peer_gk"), d), className="num"),
                        html.Td(nl_number(r.get("index"), 0), className="num"),
                        html.Td(klasse_badge(r.get("klasse"))),
                        html.Td(_trend(r["id"], trends, gemeente, d)),
                        html.Td(f"CBS {r['sources']}, {r['year'] if pd.notna(r['year']) else '–'}"),
                    ],
                    id=f"profiel-{r['id']}",
                )
            )
        blocks.append(html.H3(theme))
        table = html.Table(
            [html.Thead(head), html.Tbody(rows)], className="table table-sm profile-table"
        )
        blocks.append(html.Div(table, className="table-responsive"))  # scrolls, never squeezes
    return html.Div(blocks)


def _first_name(df: pd.DataFrame, col: str, default: str) -> str:
    if col in df and df[col].notna().any():
        return f"{default} ({df[col].dropna().iloc[0]})"
    return default


def extremes_list(ext: pd.DataFrame) -> html.Div:
    """Per indicator the wijken with the highest and lowest values."""
    if ext.empty:
        return html.P("Voor deze gemeente zijn geen wijkcijfers beschikbaar.")
    items = []
    for iid, part in ext.groupby("indicator_id", sort=False):
        m = store.indicator(iid)
        d = m.decimals

        def line(rows: pd.DataFrame, d: int = d) -> str:
            return "; ".join(f"{r['name']} {nl_number(r['value'], d)}" for _, r in rows.iterrows())

        year = int(part["year"].iloc[0])
        items.append(
            html.Li(
                [
                    html.Strong(f"{m.label} ({m.unit}, CBS {m.source_text}, {year}): "),
                    html.Span("hoogste: " + line(part[part["side"] == "hoogste"])),
                    html.Br(),
                    html.Span("laagste: " + line(part[part["side"] == "laagste"].iloc[::-1])),
                ]
            )
        )
    return html.Ul(items, className="extremes")
