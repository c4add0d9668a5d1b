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

from data_pipeline.store.export import COLUMNS, LICENCE

CSV_DIALECTS: dict[str, dict[str, str]] = {
    "nl": {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"},
    "intl": {"sep": ",", "decimal": ".", "encoding": "utf-8"},
}


def _headers(df: pd.DataFrame) -> pd.DataFrame:
    """Dutch column headers for the export table."""
    return df.rename(columns=COLUMNS)


def csv_bytes(df: pd.DataFrame, dialect: str = "nl") -> bytes:
    """The table as CSV; ``nl`` = UTF-8 BOM, ``;`` and decimal comma (Dutch Excel)."""
    opts = CSV_DIALECTS.get(dialect, CSV_DIALECTS["nl"])
    df = escape_formulas(finite(df))
    table = _headers(df).assign(licentie=LICENCE)  # the licence travels with every row
    text = table.to_csv(index=False, sep=opts["sep"], decimal=opts["decimal"])
    return text.encode(opts["encoding"])


def xlsx_bytes(df: pd.DataFrame, sources: pd.DataFrame, link: str) -> bytes:
    """Workbook: sheet 'Gegevens' and sheet 'Bronnen' (definitions, tables, licence, link)."""
    df, sources = finite(df), finite(sources)
    wb = Workbook()
    data = wb.active
    data.title = "Gegevens"
    _write(data, _headers(df))
    bron = wb.create_sheet("Bronnen")
    bron.append(["Zicht op Ondermijning (open) — export van " + date.today().isoformat()])
    bron.append(["Licentie", LICENCE])
    bron.append(["Deze weergave", link])
    bron.append([])
    start = bron.max_row + 1
    _write(bron, sources, first_row=start)
    bron["A1"].font = Font(bold=True)
    no_formulas(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write(ws, df: pd.DataFrame, first_row: int = 1) -> None:  # noqa: ANN001 - openpyxl sheet
    """Header row in bold, then values; NaN becomes an empty cell (never 0)."""
    ws.append([str(c) for c in df.columns])
    for cell in ws[first_row]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    for n, col in enumerate(df.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)]) + 2
        ws.column_dimensions[get_column_letter(n)].width = min(width, 60)
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)


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


def no_formulas(wb: Workbook) -> None:
    """Every cell openpyxl took for a formula (text starting with '=') is stored as text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


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
