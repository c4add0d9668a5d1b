"""Regions and their boundaries: names, hierarchy, GeoJSON per level, map extents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from data_pipeline.store.db import known_level, known_region, memoize, query
from themes.vocab import Level


@memoize(maxsize=4)
def gemeenten() -> list[dict[str, str]]:
    """All gemeenten as ``{"code", "name"}``, sorted by name (search box, pickers)."""
    sql = "SELECT code, name FROM region WHERE level = ? ORDER BY name, code"
    rows = query(sql, [Level.GEMEENTE])
    return [{"code": c, "name": n} for c, n in rows]


@memoize(maxsize=2048)
def region(code: str) -> dict[str, Any] | None:
    """One region's row as a dict, or None when the code is unknown."""
    if not known_region(code):
        return None
    rows = query(
        "SELECT code, name, level, gemeente_code, wijk_code, provincie_code, riec_code, "
        "inwoners FROM region WHERE code = ?",
        [code],
    )
    keys = ("code", "name", "level", "gemeente_code", "wijk_code", "provincie_code")
    return dict(zip(keys + ("riec_code", "inwoners"), rows[0], strict=True)) if rows else None


@memoize(maxsize=64)
def region_names(level: str, gemeente: str | None = None) -> dict[str, str]:
    """Code → name for every region of ``level`` (inside ``gemeente`` if given)."""
    if not known_level(level):
        return {}
    if gemeente is None:
        return dict(query("SELECT code, name FROM region WHERE level = ?", [level]))
    sql = "SELECT code, name FROM region WHERE level = ? AND gemeente_code = ?"
    return dict(query(sql, [level, gemeente]))


@memoize(maxsize=512)
def children(gemeente: str, level: str) -> list[str]:
    """Codes of the wijken or buurten of a gemeente, in code order."""
    if level not in (Level.WIJK, Level.BUURT) or not known_region(gemeente, Level.GEMEENTE):
        return []
    sql = "SELECT code FROM region WHERE level = ? AND gemeente_code = ? ORDER BY code"
    return [r[0] for r in query(sql, [level, gemeente])]


@memoize(maxsize=8)
def geometry_status(level: str) -> dict[str, Any]:
    """Whether boundaries exist for ``level`` (``is_available``, ``features``, ``note``)."""
    rows = query("SELECT is_available, features, note FROM geometry_level WHERE level = ?", [level])
    if not rows:
        return {"is_available": False, "features": 0, "note": "Geen grenzen voor dit niveau."}
    available, features, note = rows[0]
    return {"is_available": bool(available), "features": int(features or 0), "note": note or ""}


def _geometry_rows(level: str, gemeente: str | None) -> list[tuple[str, str]]:
    if gemeente is None:
        sql = "SELECT code, geojson FROM geometry WHERE level = ? ORDER BY code"
        return query(sql, [level])
    sql = (
        "SELECT g.code, g.geojson FROM geometry g JOIN region r ON r.code = g.code "
        "WHERE g.level = ? AND r.gemeente_code = ? ORDER BY g.code"
    )
    return query(sql, [level, gemeente])


def _valid(level: str, gemeente: str | None) -> bool:
    return known_level(level) and (gemeente is None or known_region(gemeente, "gemeente"))


@memoize(maxsize=512)
def geometry_codes(level: str, gemeente: str | None = None) -> tuple[str, ...]:
    """Codes that have a boundary at ``level`` (the fixed location order of a map)."""
    if not _valid(level, gemeente):
        return ()
    return tuple(code for code, _ in _geometry_rows(level, gemeente))


@memoize(maxsize=128)
def geometry_json(level: str, gemeente: str | None = None) -> str:
    """A GeoJSON FeatureCollection as text; feature ``id`` = region code.

    Built by string concatenation from the stored geometry text: parsing and re-serialising
    thousands of polygons would cost far more than the query.
    """
    if not _valid(level, gemeente):
        return '{"type":"FeatureCollection","features":[]}'
    parts = [
        f'{{"type":"Feature","id":{json.dumps(code)},"properties":{{}},"geometry":{geo}}}'
        for code, geo in _geometry_rows(level, gemeente)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def _coords(obj: Any) -> Iterator[tuple[float, float]]:
    if isinstance(obj, list) and obj and isinstance(obj[0], int | float):
        yield obj[0], obj[1]
    elif isinstance(obj, list):
        for item in obj:
            yield from _coords(item)


@memoize(maxsize=512)
def bounds(level: str, gemeente: str | None = None) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the boundaries shown; None when there are none."""
    if not _valid(level, gemeente):
        return None
    if gemeente is not None:
        rows = query("SELECT geojson FROM geometry WHERE code = ?", [gemeente])
    else:
        rows = [(geo,) for _, geo in _geometry_rows(level, None)]
    xs: list[float] = []
    ys: list[float] = []
    for (geo,) in rows:
        for x, y in _coords(json.loads(geo).get("coordinates", [])):
            xs.append(x)
            ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def drawn_level(asked: str, gemeente: str | None) -> tuple[str, str | None]:
    """The level whose boundaries can be drawn, and the gemeente the map is limited to.

    Buurten fall back to wijken (within a gemeente) or gemeenten where the build has no buurt
    boundaries; wijken and buurten are drawn for one gemeente when one is chosen.
    """
    level = asked
    if asked == Level.BUURT and not geometry_status(Level.BUURT)["is_available"]:
        level = Level.WIJK if gemeente else Level.GEMEENTE
    return str(level), (gemeente if level != Level.GEMEENTE else None)
