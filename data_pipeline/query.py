"""What to ask CBS for one table (exact-key ``$filter``, ``$select``) and how the answer becomes
``data.csv`` in the snapshot layout; pure functions on CBS's metadata, no network."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from data_pipeline.catalog import Table
from data_pipeline.errors import BuildError
from data_pipeline.load import SCHEMA_HINT, check_pick, topic_column
from data_pipeline.odata import odata_filter

DIMENSION_TYPES = {"Dimension", "TimeDimension", "GeoDimension", "GeoDetail"}


@dataclass
class Plan:
    """What to ask CBS for one table: exact-key ``$filter``, ``$select`` and the metadata."""

    params: dict[str, str]
    dims: dict[str, list[dict]]  # dimension -> [{"Key", "Title"}] as CBS lists them (padded)
    properties: list[dict]


def plan_query(table: Table, properties: list[dict], dims: dict[str, list[dict]]) -> Plan:
    """Resolve the catalog's picks to CBS's own (padded) keys and list the needed columns.

    Raises BuildError (one line) where a topic, a category or a period is not where the
    catalog expects it, or where a pinned key disagrees with CBS's metadata.
    """
    dim_keys = [p["Key"] for p in properties if p.get("Type") in DIMENSION_TYPES]
    topic_keys = [p["Key"] for p in properties if p.get("Type") == "Topic"]
    clauses: dict[str, list[str]] = {}
    by_stripped = {d: {str(m["Key"]).strip(): m["Key"] for m in meta} for d, meta in dims.items()}
    for dim, pick in table.filters.items():
        if dim not in dims:
            raise BuildError(table.id, f"dimensie {dim} ontbreekt", SCHEMA_HINT)
        titles = {str(m["Title"]).strip(): str(m["Key"]).strip() for m in dims[dim]}
        key = check_pick(table, dim, pick, titles)
        clauses[dim] = [by_stripped[dim][key]]
    if table.split_col:
        if table.split_col not in dims:
            raise BuildError(table.id, f"dimensie {table.split_col} ontbreekt", SCHEMA_HINT)
        titles = {str(m["Title"]).strip(): m["Key"] for m in dims[table.split_col]}
        missing = [t for t in table.split if t not in titles]
        if missing:
            raise BuildError(
                table.id, f"categorie '{missing[0]}' niet in {table.split_col}", SCHEMA_HINT
            )
        clauses[table.split_col] = [titles[t] for t in table.split]
    if table.period_dim:
        if table.period_dim not in dims:
            raise BuildError(table.id, f"dimensie {table.period_dim} ontbreekt", SCHEMA_HINT)
        keys = [m["Key"] for m in dims[table.period_dim]]
        wanted = [k for k in keys if re.fullmatch(table.periods, str(k).strip())]
        if not wanted:
            raise BuildError(table.id, f"geen perioden die passen bij {table.periods}", SCHEMA_HINT)
        if len(wanted) < len(keys):
            clauses[table.period_dim] = wanted
    params: dict[str, str] = {}
    flt = odata_filter(clauses)
    if flt:
        params["$filter"] = flt
    if table.select:
        needed = [
            topic_column(table, topic_keys, t.stem, t.occurrence, required=t.required)
            for t in table.topics
        ]
        if table.region_code_col:
            needed.append(topic_column(table, topic_keys, table.region_code_col))
        wanted_cols = set(filter(None, needed))
        cols = ["ID", *dim_keys, *[k for k in topic_keys if k in wanted_cols]]
        params["$select"] = ",".join(cols)
    return Plan(params, dims, properties)


def rows_to_csv(rows: list[dict], plan: Plan) -> bytes:
    """TypedDataSet rows → ``data.csv`` as ``cbsodata.get_data`` gives it (dimension titles).

    JSON has no NaN or Infinity, but Python's parser accepts them: they are written as text
    ('nan', 'inf') so the loader refuses them by name; NaN would otherwise become an empty
    field, read as "CBS left it empty"."""
    rows = [{k: _not_finite_as_text(v) for k, v in row.items()} for row in rows]
    frame = pd.DataFrame(rows)
    for dim, meta in plan.dims.items():
        if dim in frame.columns:
            titles = {m["Key"]: m["Title"] for m in meta}
            frame[dim] = frame[dim].map(lambda k, t=titles: t.get(k, k))
    return frame.to_csv(index=False).encode("utf-8")


def _not_finite_as_text(value: object) -> object:
    return str(value) if isinstance(value, float) and not math.isfinite(value) else value
