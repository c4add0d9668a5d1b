"""Every table of the database declared once: columns, types, primary key and what it holds.

The build creates each table from its declaration (keys enforced by DuckDB) and fills it by
column name; a frame with a column the declaration lacks, or without one it names, fails the
build. The ``indicator`` table's columns are the fields of ``themes.spec.Indicator`` itself
(types from its annotations): a new field with a default reaches the database and the store
without an edit here, in the build or in the store. The README's schema section is generated
from these declarations (``python -m data_pipeline.schema``; a test keeps them in step).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from themes.spec import Indicator


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type
    description: str = ""


@dataclass(frozen=True)
class Table:
    """One table: its columns in order, its primary key and a one-line description."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        cols = [f'"{c.name}" {c.type}' for c in self.columns]
        if self.primary_key:
            cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in self.primary_key) + ")")
        return f'CREATE OR REPLACE TABLE "{self.name}" (' + ", ".join(cols) + ")"


def _c(spec: str) -> tuple[Column, ...]:
    """Columns from lines ``name TYPE description``."""
    out = []
    for line in spec.strip().splitlines():
        name, kind, *words = line.split(maxsplit=2)
        out.append(Column(name, kind, words[0] if words else ""))
    return tuple(out)


# --- the indicator definitions: the fields of themes.spec.Indicator ---------------------------

_SCALARS = {str: "VARCHAR", float: "DOUBLE", int: "INTEGER", bool: "BOOLEAN"}


def _plain(hint: Any) -> Any:
    """``X | None`` → X (the column is nullable anyway)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def duckdb_type(hint: Any) -> str:
    """The column type of a field: scalars as such, ``tuple[str, ...]`` as a list, Literals as
    text; anything else (a nested dataclass, pairs) as JSON text."""
    hint = _plain(hint)
    if hint in _SCALARS:
        return _SCALARS[hint]
    if typing.get_origin(hint) is typing.Literal:
        return "VARCHAR"
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] in _SCALARS:
            return _SCALARS[args[0]] + "[]"
    return "JSON_TEXT"


def _hints() -> dict[str, Any]:
    return typing.get_type_hints(Indicator)


def to_db(value: Any, hint: Any) -> Any:
    """A field's value as stored (lists for tuples, JSON text for structures)."""
    kind = duckdb_type(hint)
    if value is None:
        return None
    if kind == "JSON_TEXT":
        plain = dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value
        return json.dumps(plain, ensure_ascii=False, sort_keys=True)
    if kind.endswith("[]"):
        return list(value)
    return value


def from_db(value: Any, hint: Any) -> Any:
    """A stored value back as the field's type (the inverse of :func:`to_db`)."""
    hint = _plain(hint)
    if hasattr(value, "tolist") and not isinstance(value, str):  # a DuckDB list in a frame
        value = value.tolist()
    if value is None or (not isinstance(value, list | tuple | str) and pd.isna(value)):
        return None
    if duckdb_type(hint) == "JSON_TEXT" and isinstance(value, str):
        value = json.loads(value)
    if dataclasses.is_dataclass(hint):
        inner = typing.get_type_hints(hint)
        return hint(**{k: from_db(v, inner[k]) for k, v in value.items() if k in inner})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_db(v, args[0]) for v in value)
        return tuple(from_db(v, a) for v, a in zip(value, args, strict=True))
    if origin is typing.Literal:
        return str(value)
    return hint(value) if hint in _SCALARS else value


#: what the build adds to the declared fields: the order within the theme and the years with
#: values; ``short`` is stored as the label tables show (the title where no short name is set)
INDICATOR_EXTRA = _c("""
ord INTEGER position within its theme
years INTEGER[] years with at least one value
""")


def indicator_columns() -> tuple[Column, ...]:
    kinds = {k: duckdb_type(h).replace("JSON_TEXT", "VARCHAR") for k, h in _hints().items()}
    return tuple(Column(f.name, kinds[f.name]) for f in dataclasses.fields(Indicator)) + (
        INDICATOR_EXTRA
    )


def indicator_row(ind: Indicator, ord_: int, years: list[int]) -> dict[str, Any]:
    """One row of the ``indicator`` table: every field of the declaration, then the extras."""
    hints = _hints()
    row = {f.name: to_db(getattr(ind, f.name), hints[f.name]) for f in dataclasses.fields(ind)}
    return row | {"short": ind.label, "ord": ord_, "years": years}


def indicator_from_row(row: dict[str, Any]) -> Indicator:
    """The declaration back from a stored row (fields the file lacks keep their default)."""
    hints = _hints()
    names = {f.name for f in dataclasses.fields(Indicator)}
    return Indicator(**{k: from_db(v, hints[k]) for k, v in row.items() if k in names})


# --- every table ------------------------------------------------------------------------------

TABLES: tuple[Table, ...] = (
    Table(
        "region",
        "every area: Nederland, provincies, RIEC regions, gemeenten, wijken, buurten, peer groups",
        _c("""
code VARCHAR normalised code (NL, PV27, RE05, GM0363, WK036300, BU03630000, ST1, GK1)
name VARCHAR name
level VARCHAR nederland, provincie, riec, gemeente, wijk, buurt, stedelijkheid, grootteklasse
gemeente_code VARCHAR the gemeente of a wijk or buurt
wijk_code VARCHAR the wijk of a buurt
provincie_code VARCHAR the provincie of a gemeente
riec_code VARCHAR the politie-eenheid (RE01–RE10) of a gemeente
stedelijkheid BIGINT CBS urbanity class 1–5
stedelijkheid_name VARCHAR its name
grootteklasse BIGINT CBS size class
grootteklasse_name VARCHAR its name
inwoners BIGINT inhabitants
"""),
        ("code",),
    ),
    Table(
        "region_member",
        "which gemeenten make up NL, each provincie, RIEC region and peer group",
        _c("""
set_code VARCHAR the set (NL, PV.., RE.., ST.., GK..)
gemeente_code VARCHAR a member gemeente
"""),
        ("set_code", "gemeente_code"),
    ),
    Table(
        "similar_gemeente",
        "per gemeente its 10 vergelijkbare gemeenten (distance over structural traits)",
        _c("""
gemeente_code VARCHAR the gemeente
rank BIGINT 1 = most similar
similar_code VARCHAR a similar gemeente
distance DOUBLE Euclidean distance over z-scores of the traits
"""),
        ("gemeente_code", "rank"),
    ),
    Table(
        "similarity_trait",
        "the structural traits behind similar_gemeente, with their mean and spread",
        _c("""
ord BIGINT order
id VARCHAR trait id
label VARCHAR Dutch label
unit VARCHAR unit
is_log BOOLEAN compared on a log scale
mean DOUBLE mean over all gemeenten
sd DOUBLE standard deviation
gemeenten BIGINT gemeenten with a value
measures VARCHAR the measures it is computed from
"""),
        ("id",),
    ),
    Table(
        "geometry",
        "simplified WGS84 boundary per area (GeoJSON geometry text)",
        _c("""
code VARCHAR region code
level VARCHAR gemeente, wijk or buurt
geojson VARCHAR GeoJSON geometry
"""),
        ("code",),
    ),
    Table(
        "geometry_level",
        "whether boundaries exist per level and why not",
        _c("""
level VARCHAR gemeente, wijk or buurt
is_available BOOLEAN boundaries present
features BIGINT number of boundaries
note VARCHAR licence and source file, or why there are none
"""),
        ("level",),
    ),
    Table(
        "theme",
        "the themes and what has no open data",
        _c("""
id VARCHAR theme id
title VARCHAR title
description VARCHAR introduction
missing VARCHAR what has no open data
ord BIGINT display order
"""),
        ("id",),
    ),
    Table(
        "indicator",
        "indicator definitions: every field of themes.spec.Indicator, then ord and years",
        indicator_columns(),
        ("id",),
    ),
    Table(
        "indicator_value",
        "one row per indicator × area × year (see Method)",
        _c("""
indicator_id VARCHAR indicator
region_code VARCHAR area
level VARCHAR the area's level
year BIGINT year
numerator DOUBLE best estimate of the underlying count
denominator DOUBLE denominator
value DOUBLE scale × numerator / denominator, or CBS's own figure
nl_value DOUBLE the national value
index DOUBLE 100 × value / nl_value
z DOUBLE z-score against the national rate, within rounding
lower DOUBLE CBS's lower confidence margin (surveys)
upper DOUBLE CBS's upper confidence margin (surveys)
is_significant BOOLEAN |z| ≥ z_crit, or the national value outside the margins
klasse BIGINT 1–5: veel lager … veel hoger
reason VARCHAR why value is NULL (themes.vocab.Reason)
note VARCHAR series break, missing snapshot table, rounding explains the difference
numerator_low DOUBLE lowest count CBS's rounding allows
numerator_high DOUBLE highest count CBS's rounding allows
is_signal BOOLEAN the signal rule (stats.is_signal); NULL not tested
"""),
        ("indicator_id", "region_code", "year"),
    ),
    Table(
        "signal",
        "combination view: risk indicators significantly above average per area and year",
        _c("""
region_code VARCHAR area
level VARCHAR its level
year BIGINT year
n_signals BIGINT signals within the set
n_tested BIGINT set indicators with an outcome here
n_set BIGINT size of the set (the same for the areas compared)
share DOUBLE n_signals / n_tested
indicators VARCHAR[] the indicators that are a signal
n_signals_all BIGINT signals over every risk indicator
n_tested_all BIGINT tested over every risk indicator
set_indicators VARCHAR[] the set
"""),
        ("region_code", "year"),
    ),
    Table(
        "core_observation",
        "every CBS figure used, long format (measures from data_pipeline/catalog.py)",
        _c("""
measure VARCHAR measure name, ending in its unit
region_code VARCHAR area
year BIGINT year
value DOUBLE the figure
status VARCHAR CBS's marker for an empty figure
"""),
        ("measure", "region_code", "year"),
    ),
    Table(
        "source",
        "provenance per CBS table",
        _c("""
table_id VARCHAR CBS table id
title VARCHAR title
period VARCHAR period
licence VARCHAR licence
origin VARCHAR where it was read
kind VARCHAR snapshot or live
loaded_at VARCHAR load time (UTC)
rows BIGINT rows read
coverage_note VARCHAR what the source lacks
"""),
        ("table_id",),
    ),
    Table(
        "klasse",
        "the five deviation classes and their index bands",
        _c("""
klasse BIGINT 1–5
label VARCHAR veel lager … veel hoger
index_from DOUBLE lower index bound
index_to DOUBLE upper index bound
"""),
        ("klasse",),
    ),
    Table(
        "build_info",
        "build time, source, versions, z_crit",
        _c("""
key VARCHAR what
value VARCHAR its value
"""),
        ("key",),
    ),
)
BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
#: the views over the tables (``sql/<name>.sql``): what the dashboard and exports read
VIEWS = {"out_indicator_value": "indicator_value with the area's name, gemeente and class label"}


def write(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> None:
    """Create ``name`` from its declaration and fill it from ``df`` by column name."""
    table = BY_NAME[name]
    extra, missing = set(df.columns) - set(table.names), set(table.names) - set(df.columns)
    if extra or missing:
        raise ValueError(f"{name}: kolommen wijken af van het schema ({extra=}, {missing=})")
    con.execute(table.ddl())
    con.register("_df", df)
    cols = ", ".join(f'"{c}"' for c in table.names)
    con.execute(f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM _df')  # noqa: S608
    con.unregister("_df")


def markdown() -> str:
    """The README's table of tables, generated from the declarations."""
    lines = ["| table | primary key | columns | what |", "|---|---|---|---|"]
    for t in TABLES:
        key = ", ".join(f"`{k}`" for k in t.primary_key)
        cols = ", ".join(
            f"`{c.name}` ({c.description})" if c.description else f"`{c.name}`" for c in t.columns
        )
        lines.append(f"| `{t.name}` | {key} | {cols} | {t.description} |")
    for name, text in VIEWS.items():
        cols = "as `indicator_value`, plus `name`, `gemeente_code`, `klasse_label`"
        lines.append(f"| `{name}` (view) | | {cols} | {text} |")
    lines.append("| `raw_<table>` | | as in CBS, cleaned | one staging table per CBS table |")
    return "\n".join(lines)


START, END = "<!-- schema: generated by python -m data_pipeline.schema -->", "<!-- schema end -->"


def readme_section(readme: str) -> str:
    """The generated part of the README (between the two markers)."""
    return readme.split(START, 1)[1].split(END, 1)[0].strip()


if __name__ == "__main__":
    import pathlib
    import sys

    path = pathlib.Path(__file__).resolve().parent.parent / "README.md"
    text = path.read_text(encoding="utf-8")
    if "--write" in sys.argv:
        head, rest = text.split(START, 1)
        path.write_text(f"{head}{START}\n{markdown()}\n{END}{rest.split(END, 1)[1]}", "utf-8")
    else:
        print(markdown())
