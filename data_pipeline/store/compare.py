"""Comparison queries: gemeenten side by side, peer groups, ranking, funnel limits and profiles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from data_pipeline.stats import FUNNEL_Z, funnel_grid, funnel_limits  # noqa: F401
from data_pipeline.store import db, meta
from data_pipeline.store.values import years as _years
from themes.vocab import Level


def _codes(values: Iterable[str]) -> list[str]:
    """Keep only codes that exist in the region table (ids are validated before any query)."""
    return [c for c in dict.fromkeys(values) if db.known_region(c)]


def _in(n: int) -> str:
    """Placeholder list for an IN clause of ``n`` bound parameters (never values in SQL)."""
    return ", ".join("?" * n) if n else "NULL"


def region_options(levels: Sequence[str] = ("gemeente",)) -> list[tuple[str, str, str]]:
    """(code, name, level) for the given levels, sorted by name — for pickers."""
    levels = [lv for lv in levels if db.known_level(lv)]
    sql = f"SELECT code, name, level FROM region WHERE level IN ({_in(len(levels))}) ORDER BY name"  # noqa: S608
    return [tuple(r) for r in db.query(sql, levels)]


def expand_selection(codes: Sequence[str]) -> list[str]:
    """Gemeente codes for a selection: RIEC regions and provincies become their members."""
    out: list[str] = []
    for code in _codes(codes):
        if db.known_region(code, "gemeente"):
            out.append(code)
        else:
            sql = (
                "SELECT m.gemeente_code FROM region_member m JOIN region r "
                "ON r.code = m.gemeente_code WHERE m.set_code = ? ORDER BY r.name"
            )
            out.extend(r[0] for r in db.query(sql, [code]))
    return list(dict.fromkeys(out))


def peer_groups(codes: Sequence[str]) -> list[str]:
    """Peer-group codes (stedelijkheid ST*, grootteklasse GK*) of the given gemeenten."""
    codes = _codes(codes)
    sql = (
        "SELECT stedelijkheid, grootteklasse FROM region "  # noqa: S608 - placeholders only
        f"WHERE code IN ({_in(len(codes))}) ORDER BY name"
    )
    found: list[str] = []
    for st, gk in db.query(sql, codes):  # class numbers; the peer regions are ST<n> and GK<n>
        found += [f"{prefix}{n}" for prefix, n in (("ST", st), ("GK", gk)) if n is not None]
    return _codes(found)


def years_for(indicator_ids: Sequence[str], year: int | None) -> dict[str, int]:
    """Year per indicator: ``year`` if it has one, else the latest before it, else the latest.

    Indicators come from tables with different periods; one 'jaar' cannot fit them all.
    """
    out: dict[str, int] = {}
    for iid in indicator_ids:
        years = _years(iid) if db.known_indicator(iid) else []
        if years:
            before = [y for y in years if year is None or y <= year]
            out[iid] = int(before[-1] if before else years[-1])
    return out


VALUE_COLUMNS = (
    "indicator_id",
    "region_code",
    "name",
    "level",
    "year",
    "numerator",
    "denominator",
    "value",
    "nl_value",
    "index",
    "z",
    "is_significant",
    "klasse",
    "reason",
    "note",
    "is_signal",
)


def values(indicator_years: dict[str, int] | Sequence[str], codes: Sequence[str]) -> pd.DataFrame:
    """Rows of ``out_indicator_value`` (values with the area's name) for these regions: of one
    year per indicator (``{id: year}``), or of every year (a list of ids)."""
    codes = _codes(codes)
    if isinstance(indicator_years, dict):
        pairs = [(i, y) for i, y in indicator_years.items() if db.known_indicator(i)]
        cond = " OR ".join(["(indicator_id = ? AND year = ?)"] * len(pairs))
        params = [p for pair in pairs for p in pair]
    else:
        pairs = [i for i in indicator_years if db.known_indicator(i)]
        cond, params = f"indicator_id IN ({_in(len(pairs))})", list(pairs)
    if not codes or not pairs:
        return pd.DataFrame(columns=list(VALUE_COLUMNS))
    sql = (
        f"SELECT {', '.join(VALUE_COLUMNS)} FROM out_indicator_value "  # noqa: S608
        f"WHERE ({cond}) AND region_code IN ({_in(len(codes))})"
    )
    return db.query_df(sql, params + codes)


def side_by_side(theme: str, codes: Sequence[str], year: int | None = None) -> pd.DataFrame:
    """Theme indicators for the selection, Nederland and the selection's peer groups (long)."""
    info = meta.frame(theme)
    years = years_for(list(info["id"]), year)
    regions = _codes(codes) + ["NL"] + peer_groups(codes)
    df = values(years, regions)
    order = {c: n for n, c in enumerate(regions)}
    df["ord"] = df["region_code"].map(order)
    df = df.merge(info, left_on="indicator_id", right_on="id", how="left")
    return df.sort_values(["ord"]).reset_index(drop=True)


def ranking(indicator_id: str, year: int, level: str = "gemeente") -> pd.DataFrame:
    """All regions of ``level`` for one indicator and year, highest value first (NULLs last)."""
    if not (db.known_indicator(indicator_id) and db.known_level(level)):
        return pd.DataFrame()
    sql = (
        "SELECT region_code, name, numerator, denominator, value, nl_value, index, z, "
        "is_significant, klasse, reason FROM out_indicator_value "
        "WHERE indicator_id = ? AND year = ? AND level = ? ORDER BY value DESC NULLS LAST, name"
    )
    return db.query_df(sql, [indicator_id, year, level])


def profile(gemeente: str) -> pd.DataFrame:
    """Every indicator for one gemeente at its latest year, with national and peer values."""
    if not db.known_region(gemeente, "gemeente"):
        return pd.DataFrame()
    info = meta.frame()
    years = years_for(list(info["id"]), None)
    peers = peer_groups([gemeente])
    df = values(years, [gemeente, *peers])
    own = df[df["region_code"] == gemeente]
    for peer in peers:
        col = "peer_st" if peer.startswith("ST") else "peer_gk"
        part = df[df["region_code"] == peer][["indicator_id", "value", "name"]]
        part = part.rename(columns={"value": col, "name": f"{col}_name"})
        own = own.merge(part, on="indicator_id", how="left")
    out = info.merge(own, left_on="id", right_on="indicator_id", how="left")
    out["year"] = out["id"].map(years)
    return out.reset_index(drop=True)


def trends(gemeente: str) -> pd.DataFrame:
    """All years of every indicator for one gemeente, Nederland and its peer groups."""
    if not db.known_region(gemeente, "gemeente"):
        return pd.DataFrame(columns=["indicator_id", "region_code", "name", "year", "value"])
    codes = [gemeente, "NL", *peer_groups([gemeente])]
    sql = (
        "SELECT indicator_id, region_code, name, level, year, value, reason "  # noqa: S608
        f"FROM out_indicator_value WHERE region_code IN ({_in(len(codes))}) "
        "ORDER BY indicator_id, year"
    )
    return db.query_df(sql, codes)


def wijk_extremes(gemeente: str, n: int = 3) -> pd.DataFrame:
    """Per indicator with wijk values: the ``n`` highest and ``n`` lowest wijken (latest year)."""
    if not db.known_region(gemeente, "gemeente"):
        return pd.DataFrame()
    sql = """
    WITH latest AS (
        SELECT indicator_id, max(year) AS year FROM out_indicator_value
        WHERE level = ? AND gemeente_code = ? AND value IS NOT NULL
        GROUP BY indicator_id),
    ranked AS (
        SELECT v.indicator_id, v.year, v.region_code AS code, v.name, v.value, v.nl_value,
               v.index, v.klasse,
               row_number() OVER (PARTITION BY v.indicator_id ORDER BY v.value DESC) AS top,
               row_number() OVER (PARTITION BY v.indicator_id ORDER BY v.value ASC) AS bottom
        FROM out_indicator_value v JOIN latest l USING (indicator_id, year)
        WHERE v.level = ? AND v.gemeente_code = ? AND v.value IS NOT NULL)
    SELECT *, CASE WHEN top <= ? THEN 'hoogste' ELSE 'laagste' END AS side FROM ranked
    WHERE top <= ? OR bottom <= ? ORDER BY indicator_id, value DESC
    """
    return db.query_df(sql, [Level.WIJK, gemeente, Level.WIJK, gemeente, n, n, n])


def similar_gemeenten(gemeente: str) -> pd.DataFrame:
    """The most similar gemeenten on structural traits (built by data_pipeline/similarity.py)."""
    if not db.known_region(gemeente, "gemeente"):
        return pd.DataFrame(columns=["rank", "code", "name", "distance", "inwoners"])
    sql = (
        "SELECT s.rank, s.similar_code AS code, r.name, s.distance, r.inwoners, "
        "r.stedelijkheid_name, r.grootteklasse_name FROM similar_gemeente s "
        "JOIN region r ON r.code = s.similar_code WHERE s.gemeente_code = ? ORDER BY s.rank"
    )
    return db.query_df(sql, [gemeente])


def similarity_traits() -> pd.DataFrame:
    """The structural traits behind vergelijkbare gemeenten, with their mean and spread."""
    return db.query_df(
        "SELECT label, unit, is_log, mean, sd, gemeenten, measures FROM similarity_trait "
        "ORDER BY ord"
    )


def peer_members(gemeente: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(set code, set name, [(code, name), ...]) of each peer group the gemeente belongs to."""
    out = []
    for code in peer_groups([gemeente]):
        sql = (
            "SELECT r.code, r.name FROM region_member m JOIN region r ON r.code = m.gemeente_code "
            "WHERE m.set_code = ? ORDER BY r.name"
        )
        name = db.scalar("SELECT name FROM region WHERE code = ?", [code])
        out.append((code, str(name), [tuple(r) for r in db.query(sql, [code])]))
    return out
