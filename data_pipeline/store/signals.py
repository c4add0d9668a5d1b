"""The combination view: per area how many risk indicators are significantly above average."""

from __future__ import annotations

from typing import Any

import pandas as pd

from data_pipeline.store.db import known_level, known_region, memoize, query, query_df

SIGNAL_COLS = ("region_code", "name", "n_signals", "n_tested", "indicators", "n_set", "share")
_LIST_COLS = ("indicators", "set_indicators")


@memoize(maxsize=8)
def signal_years(level: str = "gemeente") -> list[int]:
    """Years for which the signal table has rows at ``level``."""
    if not known_level(level):
        return []
    rows = query("SELECT DISTINCT year FROM signal WHERE level = ? ORDER BY year", [level])
    return [r[0] for r in rows]


def _indicator_list(value: Any) -> list[str]:
    if value is None:
        return []
    if hasattr(value, "tolist"):  # DuckDB lists arrive as numpy arrays in a DataFrame
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [p.strip() for p in str(value).split(",") if p.strip()]


@memoize(maxsize=256)
def signals(level: str, year: int, gemeente: str | None = None) -> pd.DataFrame:
    """Every area of ``level`` with its signal count (NULL where nothing could be tested).

    ``n_signals`` counts over the same set of ``n_set`` indicators for every area it is compared
    with (all gemeenten; the wijken or buurten of one gemeente); ``n_tested`` of them had an
    outcome here, ``share`` = n_signals / n_tested; ``set_indicators`` names the set.
    """
    if not known_level(level) or not isinstance(year, int):
        return pd.DataFrame(columns=[*SIGNAL_COLS, "set_indicators"])
    if gemeente is not None and not known_region(gemeente, "gemeente"):
        return pd.DataFrame(columns=[*SIGNAL_COLS, "set_indicators"])
    sql = """
        SELECT r.code AS region_code, r.name, s.n_signals, s.n_tested, s.indicators, s.n_set,
               s.share, s.set_indicators
        FROM region r
        LEFT JOIN signal s ON s.region_code = r.code AND s.year = ?
        WHERE r.level = ?"""
    params: list[Any] = [year, level]
    if gemeente is not None:
        sql += " AND r.gemeente_code = ?"
        params.append(gemeente)
    df = query_df(sql + " ORDER BY r.code", params)
    for col in _LIST_COLS:
        df[col] = [_indicator_list(v) for v in df[col]]
    return df


@memoize(maxsize=2)
def max_signals() -> int:
    """Highest signal count anywhere (fixes the legend so it does not jump between years)."""
    return int(query("SELECT COALESCE(MAX(n_signals), 0) FROM signal")[0][0])


@memoize(maxsize=4096)
def area_signals(region_code: str, year: int) -> dict[str, Any] | None:
    """One area's signal row with its name, or None for an unknown code."""
    if not known_region(region_code) or not isinstance(year, int):
        return None
    rows = query(
        "SELECT r.code, r.name, s.n_signals, s.n_tested, s.indicators, s.n_set, s.share "
        "FROM region r "
        "LEFT JOIN signal s ON s.region_code = r.code AND s.year = ? WHERE r.code = ?",
        [year, region_code],
    )
    if not rows:
        return None
    item = dict(zip(SIGNAL_COLS, rows[0], strict=True))
    item["indicators"] = _indicator_list(item["indicators"])
    return item
