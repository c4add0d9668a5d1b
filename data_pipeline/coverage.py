"""What the offline snapshot lacks although CBS publishes it (used by snapshot builds only).

The snapshot's ``info.json`` says per table what is complete. Two kinds of gaps follow from it:

- *columns*: a table listing ``complete_columns`` (85984NED) has every other column only for
  the rows named in ``partial_coverage`` ("rows ID 0-9999: ..."); an empty cell of such a
  column outside those rows is a gap of the snapshot, not an empty CBS figure.
- *rows*: a table whose dump was cut (its note says so) lacks the regions after the cut: the
  gemeenten of its ``<Dim>.json`` that have no row and sort after the last row's title (CBS
  lists regions by name).

A live build never calls this: there, an empty figure is CBS's own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data_pipeline.load import LoadedTable, region_codes, resolve_column, years

_ROWS = re.compile(r"rows\s+ID\s+(\d+)\s*[-–]\s*(\d+)", re.IGNORECASE)
_CUT = re.compile(r"\bcut\b", re.IGNORECASE)
GAP_COLUMNS = ["measure", "region_code", "year"]


def status(table_id: str) -> str:
    """Observation status of a figure this table's snapshot copy lacks."""
    return f"offline:{table_id}"


def _snapshot_info(lt: LoadedTable) -> dict:
    snap = lt.info.get("snapshot")
    return snap if isinstance(snap, dict) else {}


def column_gaps(lt: LoadedTable, folder: Path) -> pd.DataFrame:
    """Empty cells of partial columns outside the rows the snapshot covers."""
    snap = _snapshot_info(lt)
    complete = snap.get("complete_columns")
    if not isinstance(complete, list) or lt.raw.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    raw = lt.raw
    cols = list(raw.columns)
    ids = pd.to_numeric(raw["ID"], errors="coerce") if "ID" in cols else pd.Series(range(len(raw)))
    ids = ids.reset_index(drop=True)
    codes = region_codes(lt.table, folder, raw).reset_index(drop=True)
    yrs = years(lt.table, folder, raw, lt.info).reset_index(drop=True)
    match = _ROWS.search(str(snap.get("partial_coverage") or ""))
    frames = []
    for topic in lt.table.topics:
        col = resolve_column(cols, topic.stem, topic.occurrence)
        # matched by stem: CBS renumbers key suffixes between revisions of a table
        if col is None or resolve_column(complete, topic.stem, topic.occurrence) is not None:
            continue
        values = raw[col].reset_index(drop=True)
        if match:
            covered = ids.between(int(match.group(1)), int(match.group(2)))
        else:  # no stated range: the rows up to the column's last filled cell
            filled = ids[values.notna()]
            covered = ids <= (filled.max() if len(filled) else -1)
        gap = values.isna() & ~covered & codes.notna() & yrs.notna()
        frames.append(
            pd.DataFrame({"measure": topic.measure, "region_code": codes[gap], "year": yrs[gap]})
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=GAP_COLUMNS)


def cbs_sort_name(name: str) -> str:
    """A gemeente name as CBS sorts it: a leading article moves to the end ("Wolden, De")."""
    parts = name.strip().split(" ", 1)
    if len(parts) == 2 and parts[0] in ("De", "Het", "Den", "'s", "Ter"):
        return f"{parts[1]}, {parts[0]}"
    return name.strip()


def row_gaps(lt: LoadedTable, gemeenten: dict[str, str]) -> pd.DataFrame:
    """Gemeenten cut off the end of a truncated dump: no row, and named after the last row.

    ``gemeenten``: code → name of every gemeente in the region table. Applies only where the
    snapshot note says the dump was cut and its last row is a gemeente (CBS lists them by name).
    """
    table, snap = lt.table, _snapshot_info(lt)
    if not table.region_dim or not _CUT.search(str(snap.get("note") or "")):
        return pd.DataFrame(columns=GAP_COLUMNS)
    obs = lt.observations
    if obs.empty or table.region_dim not in lt.raw.columns:
        return pd.DataFrame(columns=GAP_COLUMNS)
    last_code = obs["region_code"].iloc[-1]
    if not str(last_code).startswith("GM"):
        return pd.DataFrame(columns=GAP_COLUMNS)
    last = cbs_sort_name(str(lt.raw[table.region_dim].dropna().iloc[-1]))
    present = set(obs["region_code"])
    missing = [
        code
        for code, name in gemeenten.items()
        if code not in present and cbs_sort_name(name).casefold() > last.casefold()
    ]
    yrs = sorted(obs.loc[obs["region_code"].str.startswith("GM", na=False), "year"].unique())
    measures = sorted(obs["measure"].unique())
    rows = [(m, c, int(y)) for m in measures for c in missing for y in yrs]
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def mark_offline(
    obs: pd.DataFrame, loaded: dict[str, LoadedTable], folders: dict, gemeenten: dict[str, str]
) -> pd.DataFrame:
    """Observations with the snapshot's gaps marked ``offline:<table>`` (added where absent)."""
    out = obs
    for table_id, lt in loaded.items():
        folder = Path(folders[table_id])
        gaps = pd.concat([column_gaps(lt, folder), row_gaps(lt, gemeenten)], ignore_index=True)
        if gaps.empty:
            continue
        gaps = gaps.drop_duplicates().assign(year=lambda g: g["year"].astype(int))
        key = ["measure", "region_code", "year"]
        merged = out.merge(gaps.assign(_gap=True), on=key, how="left")
        hit = merged["_gap"].fillna(False).astype(bool) & merged["value"].isna()
        out = merged.drop(columns="_gap")
        out.loc[hit, "status"] = status(table_id)
        have = out[key].drop_duplicates()
        new = gaps.merge(have, on=key, how="left", indicator=True)
        new = new[new["_merge"] == "left_only"].drop(columns="_merge")
        if not new.empty:
            out = pd.concat(
                [out, new.assign(value=float("nan"), status=status(table_id))], ignore_index=True
            )
    return out
