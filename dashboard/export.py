"""Export file builders: CSV (Dutch or international), Excel with a sources sheet, GeoJSON.

Every builder takes data and returns fresh bytes: nothing is cached or shared between requests,
so concurrent downloads cannot mix. CSV default is what Dutch Excel opens correctly by
double-click: UTF-8 with BOM, ``;`` as separator and a decimal comma. ``dialect="intl"`` gives
plain UTF-8 with ``,`` and a decimal point for scripts (pandas, R, duckdb).
"""

from __future__ import annotations

import io
import json
import math
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from themes.vocab import EXPORT_LICENCE as LICENCE

CSV_DIALECTS: dict[str, dict[str, str]] = {
    "nl": {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"},
    "intl": {"sep": ",", "decimal": ".", "encoding": "utf-8"},
}


#: the Dutch header of each export column (``store.EXPORT_FIELDS``, same order).
HEADERS: dict[str, str] = {
    "region_code": "gebied_code",
    "name": "gebied",
    "level": "niveau",
    "gemeente_code": "gemeente_code",
    "indicator_id": "indicator_id",
    "title": "indicator",
    "year": "jaar",
    "value": "waarde",
    "unit": "eenheid",
    "numerator": "teller",
    "denominator": "noemer",
    "nl_value": "nederland",
    "index": "index",
    "z": "z",
    "is_significant": "significant",
    "klasse": "klasse",
    "klasse_naam": "klasse_naam",
    "reason": "reden",
    "note": "opmerking",
    "sources": "bron",
}


def _headers(df: pd.DataFrame) -> pd.DataFrame:
    """Dutch column headers for the export table."""
    return df.rename(columns=HEADERS)


def csv_bytes(df: pd.DataFrame, dialect: str = "nl") -> bytes:
    """The table as CSV; ``nl`` = UTF-8 BOM, ``;`` and decimal comma (Dutch Excel)."""
    opts = CSV_DIALECTS.get(dialect, CSV_DIALECTS["nl"])
    df = escape_formulas(finite(df))
    table = _headers(df).assign(licentie=LICENCE)  # the licence travels with every row
    text = table.to_csv(index=False, sep=opts["sep"], decimal=opts["decimal"])
    return text.encode(opts["encoding"])


def _cell(value: object) -> object:
    """A value openpyxl can store: numpy scalars to Python, missing to None."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def geojson_bytes(collection: dict) -> bytes:
    """A FeatureCollection as UTF-8 JSON text, with the licence as a foreign member."""
    collection = _finite_json({**collection, "licence": LICENCE})
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")


def filename(stem: str, ext: str) -> str:
    """Download name: ``zicht-<stem>-<date>.<ext>`` with only safe characters."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in stem)[:80]
    return f"zicht-{safe}-{date.today().isoformat()}.{ext}"


#: Excel headers an analyst reads (the CSV keeps its short machine-friendly names).
XLSX_HEADERS: dict[str, str] = {
    "region_code": "Gebiedscode",
    "name": "Gebied",
    "level": "Niveau",
    "gemeente_code": "Gemeentecode",
    "indicator_id": "Indicator-id",
    "title": "Indicator",
    "year": "Jaar",
    "value": "Waarde",
    "unit": "Eenheid",
    "numerator": "Teller",
    "denominator": "Noemer",
    "nl_value": "Nederland",
    "index": "Index (NL = 100)",
    "z": "z-score",
    "is_significant": "Significant",
    "klasse": "Klasse (1-5)",
    "klasse_naam": "Klasse",
    "reason": "Reden leeg",
    "sources": "Bron (CBS-tabel)",
}
SOURCE_HEADERS: dict[str, str] = {
    "indicator_id": "Indicator-id",
    "title": "Indicator",
    "description": "Definitie",
    "caveat": "Kanttekening",
    "unit": "Eenheid",
    "tables": "Brontabel",
    "year": "Jaar",
    "licence": "Licentie",
}
_FIXED_FORMATS = {
    "year": "0",
    "index": "#,##0",
    "z": "0.00",
    "numerator": "#,##0",
    "denominator": "#,##0",
    "klasse": "0",
}


def number_format(decimals: int) -> str:
    """Excel number format with thousands separator: Dutch Excel shows it as 1.234,5."""
    d = max(0, int(decimals))
    return "#,##0" + ("." + "0" * d if d else "")


def statline_url(table_id: str) -> str:
    """The StatLine page of a CBS table."""
    return f"https://opendata.cbs.nl/#/CBS/nl/dataset/{table_id}"


def _put(ws, row: int, col: int, value: object, fmt: str | None = None):  # noqa: ANN001, ANN202
    """Write one cell; text that looks like a formula stays text (never executed)."""
    cell = ws.cell(row=row, column=col)
    value = _cell(value)
    if isinstance(value, bool):
        value = "ja" if value else "nee"
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
    if fmt and isinstance(value, int | float):
        cell.number_format = fmt
    return cell


def _link(cell, url: str) -> None:  # noqa: ANN001 - openpyxl cell
    cell.value = url
    cell.data_type = "s"
    cell.hyperlink = url
    cell.font = Font(color="0B5394", underline="single")


def xlsx_analyst_bytes(
    df: pd.DataFrame,
    sources: pd.DataFrame,
    tables: pd.DataFrame,
    link: str,
    decimals: dict[str, int],
) -> bytes:
    """Workbook for analysts: 'Gegevens' with Dutch headers, number formats per indicator,
    autofilter and a frozen header; 'Bronnen' with definitions, each CBS table's coverage note
    and StatLine link, and the view's link as a hyperlink."""
    df = finite(df)
    df = finite(df)
    wb = Workbook()
    data = wb.active
    data.title = "Gegevens"
    cols = [c for c in XLSX_HEADERS if c in df.columns]
    for n, col in enumerate(cols, start=1):
        _put(data, 1, n, XLSX_HEADERS[col]).font = Font(bold=True)
    for r, row in enumerate(df[cols].itertuples(index=False), start=2):
        fmt_value = number_format(decimals.get(row[cols.index("indicator_id")], 1))
        for n, (col, value) in enumerate(zip(cols, row, strict=True), start=1):
            fmt = fmt_value if col in ("value", "nl_value") else _FIXED_FORMATS.get(col)
            _put(data, r, n, value, fmt)
    widths = {"name": 28, "title": 44, "unit": 20, "sources": 22, "reason": 18}
    for n, col in enumerate(cols, start=1):
        letter = get_column_letter(n)
        data.column_dimensions[letter].width = widths.get(col, max(12, len(XLSX_HEADERS[col]) + 4))
    data.freeze_panes = "C2"  # header row and the area columns stay in view
    data.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(1, len(df) + 1)}"

    bron = wb.create_sheet("Bronnen")
    _put(bron, 1, 1, "Zicht op Ondermijning (open) — export van " + date.today().isoformat())
    bron["A1"].font = Font(bold=True, size=13)
    _put(bron, 2, 1, "Licentie")
    _put(bron, 2, 2, LICENCE)
    _put(bron, 3, 1, "Deze weergave")
    _link(bron.cell(row=3, column=2), link)
    _put(bron, 4, 1, "Let op")
    _put(bron, 4, 2, "Een signaal is geen bewijs: een hoge waarde is een reden om verder te kijken")
    row = 6
    _put(bron, row, 1, "Indicatoren").font = Font(bold=True, size=12)
    row += 1
    src = sources.rename(columns=SOURCE_HEADERS)
    for n, col in enumerate(src.columns, start=1):
        _put(bron, row, n, col).font = Font(bold=True)
    for values in src.itertuples(index=False):
        row += 1
        for n, value in enumerate(values, start=1):
            _put(bron, row, n, value)
    row += 2
    _put(bron, row, 1, "CBS-tabellen: wat erin zit en wat ontbreekt").font = Font(
        bold=True, size=12
    )
    row += 1
    heads = ("Tabel", "Titel", "Periode", "Dekking en wat ontbreekt", "StatLine")
    for n, head in enumerate(heads, start=1):
        _put(bron, row, n, head).font = Font(bold=True)
    for t in tables.itertuples(index=False):
        row += 1
        for n, value in enumerate((t.table_id, t.title, t.period, t.coverage_note), start=1):
            _put(bron, row, n, value or "volledig")
        _link(bron.cell(row=row, column=5), statline_url(t.table_id))
    for letter, width in zip("ABCDEFGH", (22, 40, 50, 60, 48, 30, 10, 22), strict=True):
        bron.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- safety: no formulas, no non-finite numbers (kept apart from the layout code above) ---------

#: a text cell starting with one of these is a formula to Excel/LibreOffice (OWASP CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe (CSV)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_escape_text)
    return out


def _escape_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def finite(df: pd.DataFrame) -> pd.DataFrame:
    """±inf becomes missing (an empty cell), so no export ever writes a non-finite number."""
    num = df.select_dtypes(include="number").columns
    if len(num) == 0:
        return df
    out = df.copy()
    out[num] = out[num].replace([float("inf"), float("-inf")], float("nan"))
    return out


def _finite_json(obj: object) -> object:
    """A JSON-ready structure with NaN/±inf floats replaced by null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite_json(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite_json(v) for v in obj]
    return obj
