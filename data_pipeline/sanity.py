"""Data sanity at build time: plausible ranges per measure, complete boundaries, no orphans.

Run by ``zicht build`` (a violation fails the build with one line naming table, column and
region) and by ``zicht check``. The rule of a measure follows from the unit at the end of its
name (``_n`` count, ``_pct`` percentage, ``_per_1000`` rate, ``_eur`` money; PUDL habit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from data_pipeline.errors import BuildError
from themes.vocab import Level


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


COUNT = Rule("aantal", 0, 1e9)  # nothing in NL counts past a billion (inwoners: 18 mln)
PERCENT = Rule("percentage", 0, 100)
RATE = Rule("verhoudingsgetal", 0, None)
MONEY = Rule("bedrag", 0, None)
FINITE = Rule("getal", None, None)

#: measure-name unit (after the last '_', before any '.suffix') → rule; first match wins
_UNIT_RULES: tuple[tuple[str, Rule], ...] = (
    (r"(^|_)n(_\w+)?$", COUNT),
    (r"(^|_)pct$", PERCENT),
    (r"(^|_)per_\w+$", RATE),
    (r"(^|_)k?eur$", MONEY),
)


def measure_rule(measure: str) -> Rule:
    """The plausibility rule of a ``core_observation`` measure, from its name."""
    base = measure.split(".", 1)[1] if "." in measure else measure
    base = base.split(".", 1)[0]  # 'clienten_n.pgb' → 'clienten_n'
    for pattern, rule in _UNIT_RULES:
        if re.search(pattern, base):
            return rule
    return FINITE


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


def check_observations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per measure with an implausible value (the first region found)."""
    problems = []
    sql = "SELECT DISTINCT measure FROM core_observation"
    measures = [r[0] for r in con.execute(sql).fetchall()]
    for measure in sorted(measures):
        rule = measure_rule(measure)
        row = con.execute(
            "SELECT region_code, year, value FROM core_observation "  # noqa: S608 - fixed text
            f"WHERE measure = ? AND {_violation(rule)} ORDER BY region_code, year LIMIT 1",
            [measure],
        ).fetchone()
        if row:
            problems.append(
                f"core_observation.value: meting {measure}, regio {row[0]}, jaar {row[1]}: "
                f"{_fmt(row[2])} is onmogelijk ({rule.describe()})"
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
