"""AG Grid tables: Dutch locale and number format, sortable tables, Tabel's server-side grid."""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd

from data_pipeline import store

#: Dutch texts of AG Grid's menus and filters (its defaults are English).
LOCALE_TEXT: dict[str, str] = {
    # numbers in AG Grid's own texts ("1 tot 50 van 6.498"): Dutch notation
    "thousandSeparator": ".",
    "decimalSeparator": ",",
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


@store.memoize(maxsize=16)
def table_rows(sel: store.ExportSelection) -> pd.DataFrame:
    """Every row of a selection for the grid: with each indicator's decimals and 'ja'/'nee' for
    significance. Cached per selection and database (read-only: callers never mutate it)."""
    df = store.export_table(sel)
    decimals = {i.id: i.decimals for i in store.indicators()}
    return df.assign(
        decimals=df["indicator_id"].map(decimals).fillna(1).astype(int),
        significant=df["is_significant"].map({True: "ja", False: "nee"}),
    )


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
