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


#: the worked example of the method: drug suspects per 10.000 in two small gemeenten
EXAMPLE_INDICATOR = "drugs.verdachten_drugs_per_10k"
EXAMPLE_AREAS = ("GM1695", "GM0184")  # Noord-Beveland, Urk


def rounding_example(year: int | None = None) -> list[dict]:
    """The CBS figures and the engine's verdict for the worked example (latest year)."""
    if year is None:
        year = db.scalar(
            "SELECT max(year) FROM indicator_value WHERE indicator_id = ? AND value IS NOT NULL",
            [EXAMPLE_INDICATOR],
        )
    if year is None:
        return []
    marks = ", ".join("?" for _ in EXAMPLE_AREAS)
    sql = f"""
        SELECT v.region_code, v.name, v.year, v.value, v.nl_value, v.numerator_low,
               v.numerator_high, v.denominator, v.z, v.is_significant, v.klasse,
               max(o.value) FILTER (WHERE o.measure = 'verdachten.drugs_n') AS count,
               max(o.value) FILTER (WHERE o.measure = 'verdachten.totaal_n') AS total,
               max(o.value) FILTER (WHERE o.measure = 'verdachten.totaal_per_10k') AS total_rate
        FROM out_indicator_value v
        LEFT JOIN core_observation o ON o.region_code = v.region_code AND o.year = v.year
        WHERE v.indicator_id = ? AND v.year = ? AND v.region_code IN ({marks})
        GROUP BY ALL ORDER BY v.name"""  # noqa: S608 - placeholders only
    df = db.query_df(sql, [EXAMPLE_INDICATOR, int(year), *EXAMPLE_AREAS])
    return df.to_dict("records")
