"""Export queries: the indicator table of a selection, its sources and its geometry."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from data_pipeline.store import compare, db, meta
from themes.spec import KLASSE_LABELS
from themes.vocab import AREA_LEVELS, SET_LEVELS, TABLE_LEVELS, Level, Reason
from themes.vocab import EXPORT_LICENCE as LICENCE

#: export columns in order (their Dutch headers: ``dashboard.export.HEADERS``).
EXPORT_FIELDS: tuple[str, ...] = (
    "region_code",
    "name",
    "level",
    "gemeente_code",
    "indicator_id",
    "title",
    "year",
    "value",
    "unit",
    "numerator",
    "denominator",
    "nl_value",
    "index",
    "z",
    "is_significant",
    "klasse",
    "klasse_naam",
    "reason",
    "note",
    "sources",
)


@dataclass(frozen=True)
class Selection:
    """What to export: rows of ``level`` inside ``scope``, for some indicators and a year.

    scope: None (Nederland), a provincie/RIEC code, or a gemeente code; ``gemeenten`` (when set)
    limits gemeente rows to that list. ``indicators`` empty = all indicators of ``theme`` (or all).
    """

    level: str = Level.GEMEENTE
    scope: str | None = None
    gemeenten: tuple[str, ...] = ()
    theme: str | None = None
    indicators: tuple[str, ...] = ()
    year: int | None = None
    all_years: bool = False  # every year of every indicator instead of one year each


def region_codes(sel: Selection) -> list[str]:
    """Codes of the areas in the selection (validated, sorted by name)."""
    if sel.level not in TABLE_LEVELS:
        return []
    if sel.level in SET_LEVELS:
        sql = "SELECT code FROM region WHERE level = ? ORDER BY name"
        return [r[0] for r in db.query(sql, [sel.level])]
    if sel.level == Level.GEMEENTE:
        if sel.gemeenten:
            return compare.expand_selection(sel.gemeenten)
        if sel.scope and db.known_region(sel.scope):
            return compare.expand_selection([sel.scope])
        return [
            r[0]
            for r in db.query(
                "SELECT code FROM region WHERE level = ? ORDER BY name", [Level.GEMEENTE]
            )
        ]
    gemeenten = compare.expand_selection([sel.scope]) if sel.scope else []
    if sel.scope and not gemeenten:
        return []
    sql = "SELECT code, gemeente_code FROM region WHERE level = ? ORDER BY name"
    rows = db.query(sql, [sel.level])
    keep = set(gemeenten)
    return [code for code, gm in rows if not keep or gm in keep]


def indicator_ids(sel: Selection) -> list[str]:
    """Indicators of the selection, in display order (unknown ids dropped)."""
    theme = sel.theme if sel.theme and db.known_theme(sel.theme) else None
    ids = [i.id for i in meta.indicators(theme)]
    if sel.indicators:
        wanted = set(sel.indicators)
        ids = [i for i in ids if i in wanted]
    return ids


def table(sel: Selection) -> pd.DataFrame:
    """The indicator table of a selection: one row per area × indicator (long format).

    Long format keeps value, national value, index and class together per indicator and
    filters well; a fresh DataFrame per call, so concurrent exports share nothing.
    """
    ids = indicator_ids(sel)
    codes = region_codes(sel)
    empty = pd.DataFrame(columns=list(EXPORT_FIELDS))
    if not ids or not codes:
        return empty
    df = compare.values(ids if sel.all_years else compare.years_for(ids, sel.year), codes)
    if df.empty:
        return empty
    info = meta.frame()[["id", "title", "unit", "sources", "decimals"]]
    df = df.merge(info, left_on="indicator_id", right_on="id", how="left")
    gm = _gemeente_of(codes)
    df["gemeente_code"] = df["region_code"].map(gm)
    df["klasse_naam"] = df["klasse"].map(KLASSE_LABELS)
    order = {c: n for n, c in enumerate(codes)}
    iorder = {i: n for n, i in enumerate(ids)}
    df = df.assign(_r=df["region_code"].map(order), _i=df["indicator_id"].map(iorder))
    df = df.sort_values(["_r", "_i", "year"])
    return rounded(df[list(EXPORT_FIELDS)].reset_index(drop=True), df["decimals"])


def rounded(df: pd.DataFrame, decimals: pd.Series) -> pd.DataFrame:
    """Values at the precision of their source; index, z, numerator and denominator sensibly.

    Full precision stays in the database; an export shows what the figures can carry.
    """
    out = df.copy()
    dec = pd.to_numeric(decimals, errors="coerce").fillna(1).astype(int).to_numpy()
    for col in ("value", "nl_value"):
        vals = pd.to_numeric(out[col], errors="coerce").to_numpy(dtype=float)
        out[col] = [round(v, int(d)) if v == v else v for v, d in zip(vals, dec, strict=True)]
    for col, places in (("index", 1), ("z", 2), ("numerator", 1), ("denominator", 1)):
        out[col] = pd.to_numeric(out[col], errors="coerce").round(places)
    return out


def _gemeente_of(codes: list[str]) -> dict[str, str | None]:
    """gemeente_code per region code (wijken and buurten name their gemeente)."""
    if not codes:
        return {}
    sql = (
        "SELECT code, gemeente_code FROM region WHERE code IN "  # noqa: S608 - placeholders
        f"({', '.join('?' * len(codes))})"
    )
    return dict(db.query(sql, codes))


def sources(ids: list[str], years: dict[str, int]) -> pd.DataFrame:
    """One row per indicator: id, title, definition, caveat, unit, source tables with their
    titles, the year(s) shown and the licence (the dashboard names the columns in Dutch)."""
    titles = dict(db.query("SELECT table_id, title FROM source"))
    wanted = set(ids)
    rows = [
        {
            "indicator_id": i.id,
            "title": i.title,
            "description": i.description,
            "caveat": i.caveat,
            "unit": i.unit,
            "tables": "; ".join(f"{t} ({titles[t]})" if t in titles else t for t in i.sources),
            "year": years.get(i.id),
            "licence": LICENCE,
        }
        for i in meta.indicators()
        if i.id in wanted
    ]
    cols = ["indicator_id", "title", "description", "caveat", "unit", "tables", "year", "licence"]
    return pd.DataFrame(rows, columns=cols)


def row_estimate(sel: Selection) -> int:
    """Rows the export of ``sel`` will have at most (areas × indicators published at its level).

    Cheap (two small queries), so a size cap can refuse before anything heavy is built.
    """
    codes = region_codes(sel)
    ids = indicator_ids(sel)
    if not codes or not ids:
        return 0
    sql = (
        "SELECT count(*) FROM indicator WHERE list_contains(levels, ?) "  # noqa: S608
        f"AND id IN ({', '.join('?' * len(ids))})"
    )
    per_area = db.scalar(sql, [sel.level, *ids]) or 0
    return len(codes) * (per_area if sel.level in AREA_LEVELS else len(ids))


def field_name(indicator_id: str, part: str, year: int | None = None) -> str:
    """A flat attribute name valid in QGIS and ArcGIS: ``vastgoed_woz__waarde``.

    Letters, digits and underscores only (no dots), starting with a letter; with all years the
    year sits between the indicator and the part (``..._per_10k__2010__waarde``).
    """
    base = indicator_id.replace(".", "_")
    return f"{base}__{year}__{part}" if year is not None else f"{base}__{part}"


def geojson_flat(sel: Selection) -> dict | None:
    """FeatureCollection for GIS: one feature per area, flat properties per indicator
    (``__waarde``, ``__jaar``, ``__index``, ``__klasse``, ``__klassenaam``, ``__reden``), every
    feature with the same property names (missing values null, never 0)."""
    data = table(sel)
    if data.empty:
        return None
    codes = list(dict.fromkeys(data["region_code"]))
    sql = (
        "SELECT code, geojson FROM geometry WHERE code IN "  # noqa: S608 - placeholders
        f"({', '.join('?' * len(codes))})"
    )
    shapes = dict(db.query(sql, codes))
    if not shapes:
        return None

    def num(v: object) -> float | None:
        return None if v is None or pd.isna(v) else float(v)

    fields: dict[str, None] = {}
    per_area: dict[str, dict] = {}
    for r in data.itertuples(index=False):
        year = int(r.year) if sel.all_years else None
        values = {
            "waarde": num(r.value),
            "jaar": int(r.year),
            "index": num(r.index),
            "klasse": None if pd.isna(r.klasse) else int(r.klasse),
            "klassenaam": None if pd.isna(r.klasse) else r.klasse_naam,
            "reden": None if pd.notna(r.value) else (r.reason or Reason.MISSING),
        }
        props = per_area.setdefault(r.region_code, {})
        for part, v in values.items():
            key = field_name(r.indicator_id, part, year)
            fields[key] = None
            props[key] = v
    head = data.drop_duplicates("region_code").set_index("region_code")
    features = []
    for code in codes:
        if code not in shapes:
            continue
        props = {
            "code": code,
            "naam": head.at[code, "name"],
            "niveau": head.at[code, "level"],
            "gemeente_code": head.at[code, "gemeente_code"],
        }
        props.update({k: per_area[code].get(k) for k in fields})
        geom = json.loads(shapes[code])
        features.append({"type": "Feature", "id": code, "geometry": geom, "properties": props})
    if not features:
        return None
    return {"type": "FeatureCollection", "features": features}


def coverage(table_ids: list[str]) -> pd.DataFrame:
    """Per CBS table: title, period and what the source lacks (for the Bronnen sheet)."""
    wanted = set(table_ids)
    df = db.query_df(
        "SELECT table_id, title, period, licence, origin, coverage_note FROM source "
        "ORDER BY table_id"
    )
    return df[df["table_id"].isin(wanted)].reset_index(drop=True)
