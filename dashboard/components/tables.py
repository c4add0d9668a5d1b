"""Tables for Vergelijk, Profiel and Tabel: side by side, profile rows, wijk extremes, AG Grid."""

from __future__ import annotations

from collections.abc import Sequence

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

import themes
from dashboard.components.charts import sparkline
from dashboard.format import number as nl_number
from themes.spec import KLASSE_LABELS
from themes.vocab import REASON_MISSING

MISSING = REASON_MISSING


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
    return html.Table(
        [html.Thead(head), html.Tbody(body)], className="table table-sm compare-table"
    )


def _breaks(iid: str) -> tuple[tuple[int, str], ...]:
    """Series breaks of an indicator (``Indicator.breaks``), none for unknown ids."""
    try:
        return themes.get_indicator(iid).breaks
    except KeyError:
        return ()


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
        blocks.append(
            html.Table(
                [html.Thead(head), html.Tbody(rows)], className="table table-sm profile-table"
            )
        )
    return html.Div(blocks)


def _first_name(df: pd.DataFrame, col: str, default: str) -> str:
    if col in df and df[col].notna().any():
        return f"{default} ({df[col].dropna().iloc[0]})"
    return default


def extremes_list(ext: pd.DataFrame, meta: pd.DataFrame) -> html.Div:
    """Per indicator the wijken with the highest and lowest values."""
    if ext.empty:
        return html.P("Voor deze gemeente zijn geen wijkcijfers beschikbaar.")
    info = meta.set_index("id")
    items = []
    for iid, part in ext.groupby("indicator_id", sort=False):
        m = info.loc[iid]
        d = int(m["decimals"])

        def line(rows: pd.DataFrame, d: int = d) -> str:
            return "; ".join(f"{r['name']} {nl_number(r['value'], d)}" for _, r in rows.iterrows())

        year = int(part["year"].iloc[0])
        items.append(
            html.Li(
                [
                    html.Strong(f"{m['short']} ({m['unit']}, CBS {m['sources']}, {year}): "),
                    html.Span("hoogste: " + line(part[part["side"] == "hoogste"])),
                    html.Br(),
                    html.Span("laagste: " + line(part[part["side"] == "laagste"].iloc[::-1])),
                ]
            )
        )
    return html.Ul(items, className="extremes")


#: Dutch texts of AG Grid's menus and filters (its defaults are English).
LOCALE_TEXT: dict[str, str] = {
    "contains": "bevat",
    "notContains": "bevat niet",
    "equals": "is gelijk aan",
    "notEqual": "is niet gelijk aan",
    "startsWith": "begint met",
    "endsWith": "eindigt op",
    "lessThan": "kleiner dan",
    "lessThanOrEqual": "kleiner dan of gelijk aan",
    "greaterThan": "groter dan",
    "greaterThanOrEqual": "groter dan of gelijk aan",
    "inRange": "tussen",
    "inRangeStart": "van",
    "inRangeEnd": "tot",
    "blank": "leeg",
    "notBlank": "niet leeg",
    "empty": "kies…",
    "andCondition": "EN",
    "orCondition": "OF",
    "filterOoo": "filter…",
    "applyFilter": "toepassen",
    "resetFilter": "herstellen",
    "clearFilter": "wissen",
    "cancelFilter": "annuleren",
    "loadingOoo": "laden…",
    "noRowsToShow": "Geen rijen",
    "page": "pagina",
    "of": "van",
    "to": "tot",
    "more": "meer",
    "firstPage": "eerste pagina",
    "lastPage": "laatste pagina",
    "nextPage": "volgende pagina",
    "previousPage": "vorige pagina",
    "pageSizeSelectorLabel": "rijen per pagina:",
    "sortAscending": "oplopend sorteren",
    "sortDescending": "aflopend sorteren",
    "sortUnSort": "sortering wissen",
    "columnFilter": "kolomfilter",
    "ariaFilterInput": "filter",
    "ariaFilterValue": "filterwaarde",
    "ariaFilteringOperator": "filteroperator",
}


def dutch_number(decimals: int) -> dict[str, int]:
    """Display format 1.234,5 for a numeric column (values stay numbers for sorting)."""
    return {"decimals": int(decimals)}


def number_formatter(decimals: int | str) -> dict[str, str]:
    """AG Grid valueFormatter: Dutch notation (assets/dashAgGridFunctions.js) at ``decimals``.

    ``decimals`` may name a row field (the indicator's own decimals in a long table).
    """
    d = f"params.data ? params.data.{decimals} : 1" if isinstance(decimals, str) else decimals
    return {"function": f"nlNumber(params.value, {d})"}


NUMBER_FILTER = {
    "filter": "agNumberColumnFilter",
    "filterParams": {
        "allowedCharPattern": "\\d\\-\\,\\.",
        "numberParser": {"function": "nlParse(text)"},
        "buttons": ["reset"],
    },
}
TEXT_FILTER = {"filter": "agTextColumnFilter", "filterParams": {"buttons": ["reset"]}}


def column_defs(columns: list[dict]) -> list[dict]:
    """Column dicts (name, id, type, format) as AG Grid column definitions."""
    defs = []
    for col in columns:
        d = {"headerName": col["name"], "field": col["id"], "sortable": True}
        if col.get("type") == "numeric":
            decimals = (col.get("format") or {}).get("decimals", 0)
            d.update(NUMBER_FILTER, valueFormatter=number_formatter(decimals), type="rightAligned")
        else:
            d.update(TEXT_FILTER)
        defs.append(d)
    return defs


def grid_options(page_size: int = 20, **extra: object) -> dict:
    """Shared AG Grid options: Dutch texts, pagination, keyboard-friendly."""
    return {
        "localeText": LOCALE_TEXT,
        "pagination": True,
        "paginationPageSize": page_size,
        "paginationPageSizeSelector": False,
        "enableCellTextSelection": True,
        "ensureDomOrder": True,
        "domLayout": "autoHeight",
        **extra,
    }


def sortable_table(
    table_id: str, rows: list[dict], columns: list[dict], page_size: int = 20, wrap: bool = False
) -> dag.AgGrid:
    """The one look of every small table: sortable, filterable, Dutch numbers and texts."""
    default = {"resizable": True, "floatingFilter": True, "minWidth": 110, "flex": 1}
    defs = column_defs(columns)
    if wrap:
        default.update(
            wrapText=True, autoHeight=True, cellStyle={"lineHeight": "1.45", "wordBreak": "normal"}
        )
        defs[-1].update(flex=4, minWidth=260)
    return dag.AgGrid(
        id=table_id,
        rowData=rows,
        columnDefs=defs,
        defaultColDef=default,
        dashGridOptions=grid_options(page_size),
        className="zicht-grid",
        style={"width": "100%"},
    )


#: the Tabel grid's columns: field → (Dutch header, decimals: a number, a row field or None,
#: width in px).
GRID_COLUMNS: dict[str, tuple[str, int | str | None, int]] = {
    "name": ("Gebied", None, 220),
    "region_code": ("Code", None, 125),
    "level": ("Niveau", None, 110),
    "title": ("Indicator", None, 300),
    "year": ("Jaar", None, 95),
    "value": ("Waarde", "decimals", 115),
    "unit": ("Eenheid", None, 170),
    "nl_value": ("Nederland", "decimals", 125),
    "index": ("Index (NL = 100)", 0, 150),
    "klasse_naam": ("Klasse", None, 130),
    "significant": ("Significant", None, 130),
    "z": ("z-score", 2, 110),
    "numerator": ("Teller", 0, 120),
    "denominator": ("Noemer", 0, 120),
    "reason": ("Reden leeg", None, 170),
    "sources": ("Bron (CBS)", None, 180),
}


def data_grid(grid_id: dict, total: int) -> dag.AgGrid:
    """The Tabel grid: rows fetched in blocks from the server (infinite row model), so sorting
    and filtering run over every row of the selection, not only the ones loaded."""
    defs = []
    for field, (header, decimals, width) in GRID_COLUMNS.items():
        d: dict = {"headerName": header, "field": field, "sortable": True, "width": width}
        if field == "year":
            d.update(NUMBER_FILTER)
        elif decimals is not None:
            d.update(NUMBER_FILTER, valueFormatter=number_formatter(decimals), type="rightAligned")
        else:
            d.update(TEXT_FILTER)
        d["filterParams"] = {**d["filterParams"], "maxNumConditions": 1}
        defs.append(d)
    defs[0]["pinned"] = "left"
    return dag.AgGrid(
        id=grid_id,
        columnDefs=defs,
        defaultColDef={"resizable": True, "floatingFilter": True, "minWidth": 100},
        rowModelType="infinite",
        dashGridOptions=grid_options(
            50,
            domLayout="normal",
            cacheBlockSize=50,
            maxBlocksInCache=40,
            infiniteInitialRowCount=min(total, 50),
            rowBuffer=0,
        ),
        className="zicht-grid",
        style={"height": "560px", "width": "100%"},
    )


def _condition(series: pd.Series, cond: dict) -> pd.Series:
    """One AG Grid filter condition as a boolean mask (text: case-insensitive)."""
    kind, value = cond.get("type"), cond.get("filter")
    if kind == "blank":
        return series.isna() | (series.astype("string") == "")
    if kind == "notBlank":
        return series.notna() & (series.astype("string") != "")
    if cond.get("filterType") == "number":
        num = pd.to_numeric(series, errors="coerce")
        try:
            x = float(value)
        except (TypeError, ValueError):
            return pd.Series(True, index=series.index)
        ops = {
            "equals": num == x,
            "notEqual": num != x,
            "lessThan": num < x,
            "lessThanOrEqual": num <= x,
            "greaterThan": num > x,
            "greaterThanOrEqual": num >= x,
        }
        if kind == "inRange":
            try:
                return (num >= x) & (num <= float(cond.get("filterTo")))
            except (TypeError, ValueError):
                return num >= x
        return ops.get(kind, pd.Series(True, index=series.index)).fillna(False)
    text = series.astype("string").str.lower().fillna("")
    needle = str(value or "").lower()
    ops_text = {
        "contains": lambda: text.str.contains(needle, regex=False),
        "notContains": lambda: ~text.str.contains(needle, regex=False),
        "equals": lambda: text == needle,
        "notEqual": lambda: text != needle,
        "startsWith": lambda: text.str.startswith(needle),
        "endsWith": lambda: text.str.endswith(needle),
    }
    op = ops_text.get(kind)
    return op() if op else pd.Series(True, index=series.index)


def grid_block(df: pd.DataFrame, request: dict | None) -> dict:
    """Answer an infinite-model request: filter and sort *all* rows, then return one block."""
    request = request if isinstance(request, dict) else {}
    mask = pd.Series(True, index=df.index)
    for field, model in (request.get("filterModel") or {}).items():
        if field not in GRID_COLUMNS or not isinstance(model, dict):
            continue
        conds = model.get("conditions") or [model]
        parts = [_condition(df[field], c) for c in conds if isinstance(c, dict)]
        if parts:
            combined = parts[0]
            for p in parts[1:]:
                combined = (combined | p) if model.get("operator") == "OR" else (combined & p)
            mask &= combined
    out = df[mask]
    sort = [s for s in (request.get("sortModel") or []) if s.get("colId") in GRID_COLUMNS]
    if sort:
        out = out.sort_values(
            [s["colId"] for s in sort],
            ascending=[s.get("sort") != "desc" for s in sort],
            na_position="last",
            kind="stable",
        )
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, min(int(request.get("endRow") or start + 50), start + 500))
    block = out.iloc[start:end]
    cols = [*GRID_COLUMNS, "decimals"]
    rows = block[cols].astype(object).where(block[cols].notna(), None).to_dict("records")
    return {"rowData": rows, "rowCount": len(out)}
