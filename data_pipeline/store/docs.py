"""Read-only queries behind the Toelichting page: definitions, classes, sources, coverage."""

from __future__ import annotations

import pandas as pd

from data_pipeline.store import db


@db.memoize(8)
def class_bands() -> tuple[list[tuple[str, float | None, float | None]], float | None]:
    """The five deviation classes (label, index from, index to) and the significance threshold."""
    rows = db.query("SELECT label, index_from, index_to FROM klasse ORDER BY klasse")
    z = db.scalar("SELECT value FROM build_info WHERE key = 'z_crit'")
    return [tuple(r) for r in rows], float(z) if z is not None else None


def theme_texts() -> list[tuple[str, str, str]]:
    """(id, title, what has no open data) per theme, in display order."""
    return [tuple(r) for r in db.query("SELECT id, title, missing FROM theme ORDER BY ord, id")]


def indicator_definitions(theme_id: str) -> pd.DataFrame:
    """Every indicator of a theme with its definition, caveat, sources, levels and years."""
    return db.query_df(
        "SELECT id, title, description, caveat, unit, kind, sources, levels, years, "
        "min_denominator FROM indicator WHERE theme = ? ORDER BY ord",
        [theme_id],
    )


def source_tables() -> pd.DataFrame:
    """Provenance per CBS table, with the snapshot's coverage notes."""
    return db.query_df(
        "SELECT table_id, title, period, licence, origin, coverage_note FROM source "
        "ORDER BY table_id"
    )


def geometry_levels() -> pd.DataFrame:
    """Whether boundaries exist per level, and why not."""
    return db.query_df(
        "SELECT level, is_available, features, note FROM geometry_level ORDER BY level"
    )


def all_years() -> list[int]:
    """Every year with indicator values, newest first."""
    rows = db.query("SELECT DISTINCT year FROM indicator_value ORDER BY year DESC")
    return [int(r[0]) for r in rows]
