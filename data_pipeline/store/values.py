"""Indicator values per area and year, and the years and sources behind them."""

from __future__ import annotations

from typing import Any

import pandas as pd

from data_pipeline.store.db import (
    known_indicator,
    known_level,
    known_region,
    known_year,
    memoize,
    query,
    query_df,
)
from themes.vocab import Reason

MAP_COLS = (
    "region_code",
    "name",
    "value",
    "nl_value",
    "index",
    "klasse",
    "is_significant",
    "reason",
    "note",
    "numerator",
    "denominator",
)


@memoize(maxsize=256)
def years(indicator_id: str | None = None, level: str | None = None) -> list[int]:
    """Years with at least one non-empty value, oldest first: of one indicator (at ``level`` if
    given), or of any indicator when ``indicator_id`` is None."""
    sql = "SELECT DISTINCT year FROM indicator_value WHERE value IS NOT NULL"
    params: list[Any] = []
    if indicator_id is not None:
        if not known_indicator(indicator_id):
            return []
        sql += " AND indicator_id = ?"
        params.append(indicator_id)
    if level is not None and known_level(level):
        sql += " AND level = ?"
        params.append(level)
    return sorted(r[0] for r in query(sql + " ORDER BY year", params))


@memoize(maxsize=512)
def map_values(
    indicator_id: str, level: str, year: int, gemeente: str | None = None
) -> pd.DataFrame:
    """Values of every area of ``level`` (inside ``gemeente`` if given) for one year.

    One row per region of that level, also where there is no value (``value`` NULL with its
    ``reason``), so a map can colour "geen gegevens" areas instead of leaving holes.
    """
    if not (known_indicator(indicator_id) and known_level(level) and known_year(year)):
        return pd.DataFrame(columns=list(MAP_COLS))
    if gemeente is not None and not known_region(gemeente, "gemeente"):
        return pd.DataFrame(columns=list(MAP_COLS))
    sql = """
        SELECT r.code AS region_code, r.name, v.value, v.nl_value, v."index", v.klasse,
               v.is_significant, COALESCE(v.reason, CASE WHEN v.value IS NULL
                    THEN ? END) AS reason, v.note, v.numerator, v.denominator
        FROM region r
        LEFT JOIN indicator_value v
          ON v.region_code = r.code AND v.indicator_id = ? AND v.year = ?
        WHERE r.level = ?"""
    params: list[Any] = [Reason.NOT_IN_SOURCE, indicator_id, year, level]
    if gemeente is not None:
        sql += " AND r.gemeente_code = ?"
        params.append(gemeente)
    df = query_df(sql + " ORDER BY r.code", params)
    df["reason"] = df["reason"].fillna(Reason.NOT_IN_SOURCE)  # no row: the source has none
    return df


@memoize(maxsize=4096)
def area_value(indicator_id: str, region_code: str, year: int) -> dict[str, Any] | None:
    """One area's row (name, value, nl_value, index, klasse, ...) or None when unknown."""
    if not (known_indicator(indicator_id) and known_region(region_code) and known_year(year)):
        return None
    sql = """
        SELECT r.code, r.name, r.level, v.value, v.nl_value, v."index", v.klasse,
               v.is_significant, v.reason, v.note, v.z
        FROM region r
        LEFT JOIN indicator_value v
          ON v.region_code = r.code AND v.indicator_id = ? AND v.year = ?
        WHERE r.code = ?"""
    rows = query(sql, [indicator_id, year, region_code])
    if not rows:
        return None
    keys = ("region_code", "name", "level", "value", "nl_value", "index", "klasse")
    keys += ("is_significant", "reason", "note", "z")
    item = dict(zip(keys, rows[0], strict=True))
    if item["value"] is None and not item["reason"]:
        item["reason"] = Reason.NOT_IN_SOURCE
    return item


@memoize(maxsize=128)
def sources(table_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    """Provenance of the given CBS tables (``table_id``, ``title``, ``period``, ``licence``)."""
    if not table_ids:
        return []
    marks = ", ".join("?" for _ in table_ids)
    sql = (
        "SELECT table_id, title, period, licence FROM source "  # noqa: S608
        f"WHERE table_id IN ({marks}) ORDER BY table_id"
    )
    keys = ("table_id", "title", "period", "licence")
    return [dict(zip(keys, r, strict=True)) for r in query(sql, list(table_ids))]
