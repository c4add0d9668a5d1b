"""Data sanity at build time: plausible values per measure, complete boundaries, no orphans.

Each measure's plausible range is declared as data in ``data_pipeline/plausible.py``.
``require_plausible`` checks every value right after a table is loaded, before anything casts
it, and stops the build with one line naming the CBS table, its column and the region;
``zicht check`` (and the build, after the derived measures) applies the same ranges to
``core_observation``.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from data_pipeline.catalog import Table, Topic
from data_pipeline.errors import BuildError
from data_pipeline.plausible import FINITE_ONLY, plausible
from themes.vocab import CODE_PREFIXES, Level

#: what to do about an implausible value in a CBS table
FIX_HINT = (
    "download de tabel opnieuw of herstel de snapshot; publiceert CBS dit echt, verruim dan "
    "het bereik in data_pipeline/plausible.py"
)


def _levels(codes: pd.Series) -> pd.Series:
    """Level of each normalised region code (Nederland is exactly ``NL``)."""
    level = codes.str[:2].map({prefix: str(lv) for prefix, lv in CODE_PREFIXES.items()})
    return level.where((codes == "NL") | (level != Level.NEDERLAND))


def _short(cell: object, width: int = 40) -> str:
    """A cell as it stands in the file, on one short line (whatever the file holds)."""
    text = " ".join(str(cell).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def require_plausible(
    table: Table, topic: Topic, column: str, df: pd.DataFrame, obs: pd.DataFrame
) -> None:
    """Load step: every value of ``column`` that the build uses (``obs``: the topic's parsed
    rows, indexed like the file's ``df``) is a finite number in the topic's declared range.
    The first that is not stops the build, naming table, column, region and the text as
    written in the file; parsed values are checked before any step casts or sums them."""
    rule = plausible(topic.measure) or FINITE_ONLY
    used = obs[(obs["status"] == "ok") & obs["region_code"].notna() & obs["year"].notna()]
    value = used["value"]
    why = pd.Series(None, index=used.index, dtype=object)
    if rule.positive_at:
        level = _levels(used["region_code"])
        zero = (value <= 0) & level.isin([str(lv) for lv in rule.positive_at])
        labels = level[zero].map(lambda lv: Level(lv).label)
        why[zero] = "is onmogelijk voor " + labels.map(
            lambda lb: lb if lb == Level.NEDERLAND.label else f"een {lb}"
        )
    if rule.integer:
        why[np.isfinite(value) & (value != value.round())] = "is geen geheel getal"
    why[(value < rule.low) | (value > rule.high)] = "ligt buiten het aannemelijke bereik"
    why[np.isinf(value)] = "is geen eindig getal"
    why[value.isna()] = "is geen getal"  # text where CBS writes a number ('NaN', 'veel')
    bad = why.dropna()
    if bad.empty:
        return
    i = bad.index[0]
    code, year = used.at[i, "region_code"], used.at[i, "year"]
    name = _short(df.at[i, table.region_dim]) if table.region_dim else ""
    region = f"{code} ({name})" if name and name != code else code
    more = f"; nog {len(bad) - 1} andere waarden in deze kolom" if len(bad) > 1 else ""
    text = _short(df.at[i, column])
    raise BuildError(
        table.id,
        f"kolom {column}, regio {region}, jaar {year}: '{text}' {bad[i]} "
        f"(toegestaan voor {topic.description}: {rule.describe()}){more}",
        FIX_HINT,
    )


@dataclass(frozen=True)
class Rule:
    """Every value must be finite and lie within [low, high] (None = unbounded)."""

    what: str
    low: float | None
    high: float | None

    def describe(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.what}: eindig en {self.low:g}–{self.high:g}"
        if self.low is not None:
            return f"{self.what}: eindig en ≥ {self.low:g}"
        return f"{self.what}: eindig"


PERCENT = Rule("percentage", 0, 100)
FINITE = Rule("getal", None, None)


def _violation(rule: Rule) -> str:
    """SQL condition that is true for a non-NULL ``value`` breaking ``rule``."""
    cond = ["NOT isfinite(value)"]
    if rule.low is not None:
        cond.append(f"value < {rule.low!r}")
    if rule.high is not None:
        cond.append(f"value > {rule.high!r}")
    return "value IS NOT NULL AND (" + " OR ".join(cond) + ")"


def _fmt(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


#: a value in ``core_observation`` outside its measure's declared range (bound parameters)
_IMPLAUSIBLE = """
SELECT region_code, year, value FROM core_observation
WHERE measure = $measure AND value IS NOT NULL AND (
    NOT isfinite(value) OR value < $low OR value > $high
    OR ($integer AND value <> round(value))
    OR (value <= 0 AND list_contains($prefixes::VARCHAR[], left(region_code, 2))))
ORDER BY region_code, year LIMIT 1
"""
_PREFIX_OF = {level: prefix for prefix, level in CODE_PREFIXES.items()}


def check_observations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per measure with an implausible value (the first region found), by the
    ranges declared in ``plausible.py``."""
    problems = []
    sql = "SELECT DISTINCT measure FROM core_observation"
    measures = [r[0] for r in con.execute(sql).fetchall()]
    for measure in sorted(measures):
        rule = plausible(measure) or FINITE_ONLY
        params = {
            "measure": measure,
            "low": rule.low,
            "high": rule.high,
            "integer": rule.integer,
            "prefixes": [_PREFIX_OF[lv] for lv in rule.positive_at],
        }
        row = con.execute(_IMPLAUSIBLE, params).fetchone()
        if row:
            problems.append(
                f"core_observation.value: meting {measure}, regio {row[0]}, jaar {row[1]}: "
                f"{_fmt(row[2])} is onmogelijk ({rule.what}: {rule.describe()})"
            )
    return problems


#: indicator_value columns and their rule; 'value' of a '%' indicator is a percentage
_VALUE_COLUMNS: tuple[tuple[str, Rule], ...] = (
    ("numerator", Rule("teller", 0, None)),
    ("denominator", Rule("noemer", 0, None)),
    ("value", Rule("waarde", 0, None)),
    ("nl_value", Rule("nederlandse waarde", 0, None)),
    ("index", Rule("index", 0, None)),
    ("z", FINITE),
    ("lower", FINITE),
    ("upper", FINITE),
)


def check_indicator_values(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per column (and per '%' indicator) with a non-finite or impossible value."""
    problems = []
    checks = [(col, rule, "") for col, rule in _VALUE_COLUMNS]
    checks.append(("value", PERCENT, "indicator_id IN (SELECT id FROM indicator WHERE unit='%')"))
    for col, rule, extra in checks:
        cond = _violation(rule).replace("value", col)
        where = f"{cond} AND {extra}" if extra else cond
        row = con.execute(
            f"SELECT indicator_id, region_code, year, {col} FROM indicator_value "  # noqa: S608
            f"WHERE {where} ORDER BY indicator_id, region_code LIMIT 1"
        ).fetchone()
        if row:
            problems.append(
                f"indicator_value.{col}: {row[0]}, regio {row[1]}, jaar {row[2]}: "
                f"{_fmt(row[3])} is onmogelijk ({rule.describe()})"
            )
    return problems


def check_regions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every wijk and buurt lies in an existing gemeente (and a buurt in an existing wijk)."""
    problems = []
    for sql, what in (
        (
            "SELECT code, gemeente_code FROM region WHERE level IN ($wijk, $buurt) AND "
            "(gemeente_code IS NULL OR gemeente_code NOT IN "
            "(SELECT code FROM region WHERE level = $gemeente)) ORDER BY code LIMIT 1",
            "gemeente",
        ),
        (
            "SELECT code, wijk_code FROM region WHERE level = $buurt AND "
            "(wijk_code IS NULL OR wijk_code NOT IN "
            "(SELECT code FROM region WHERE level = $wijk)) ORDER BY code LIMIT 1",
            "wijk",
        ),
    ):
        params = {lv: lv for lv in (Level.GEMEENTE, Level.WIJK, Level.BUURT) if f"${lv}" in sql}
        row = con.execute(sql, params).fetchone()
        if row:
            problems.append(
                f"region.{what}_code: regio {row[0]} hoort bij {what} {row[1] or '(leeg)'}, "
                f"die niet bestaat"
            )
    return problems


def check_geometry(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The gemeente boundaries exist: without them there is no map at all."""
    row = con.execute(
        "SELECT is_available, features FROM geometry_level WHERE level = ?", [Level.GEMEENTE]
    ).fetchone()
    if not row or not row[0] or not row[1]:
        return ["geometry_level.gemeente: geen gemeentegrenzen in de bron (geen kaart mogelijk)"]
    return []


def problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every sanity problem of a built database (``zicht check``)."""
    return (
        check_regions(con)
        + check_geometry(con)
        + check_observations(con)
        + check_indicator_values(con)
    )


def _fail(found: list[str]) -> None:
    if found:
        table, _, problem = found[0].partition(": ")
        more = f" (en nog {len(found) - 1} andere)" if len(found) > 1 else ""
        raise BuildError(table, problem + more, "controleer de brongegevens en bouw opnieuw")


def require_sane_inputs(con: duckdb.DuckDBPyConnection) -> None:
    """Build step after loading: regions and observations (raises BuildError)."""
    _fail(check_regions(con) + check_observations(con))


def require_sane_outputs(con: duckdb.DuckDBPyConnection) -> None:
    """Build step at the end: boundaries and indicator values (raises BuildError)."""
    _fail(check_geometry(con) + check_indicator_values(con))
