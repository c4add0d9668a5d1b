"""The database built from the real snapshot: regions, links, geometry and CBS values."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest


def _snapshot_row(snapshot_dir: Path, table_id: str, **match: str) -> dict[str, str]:
    """A row of a snapshot CSV, read independently of the pipeline (padded text stripped)."""
    with open(snapshot_dir / "cbs" / table_id / "data.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if all(row[k].strip() == v for k, v in match.items()):
                return {k: v.strip() for k, v in row.items()}
    raise AssertionError(f"{match} niet in {table_id}")


def one(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return con.execute(sql, list(params)).fetchone()[0]


def test_region_counts(con: duckdb.DuckDBPyConnection) -> None:
    counts = dict(con.execute("SELECT level, count(*) FROM region GROUP BY level").fetchall())
    assert counts["gemeente"] == 342
    assert counts["wijk"] == 3393
    assert counts["buurt"] == 14574
    assert counts["nederland"] == 1
    assert counts["provincie"] == 12
    assert counts["riec"] == 10


def test_every_area_linked(con: duckdb.DuckDBPyConnection) -> None:
    gm = "SELECT code FROM region WHERE level = 'gemeente'"
    assert (
        one(
            con,
            f"SELECT count(*) FROM region WHERE level IN ('wijk','buurt') AND gemeente_code NOT IN ({gm})",
        )
        == 0
    )  # noqa: E501
    assert (
        one(
            con,
            "SELECT count(*) FROM region WHERE level='buurt' AND wijk_code NOT IN (SELECT code FROM region WHERE level='wijk')",
        )
        == 0
    )  # noqa: E501
    assert (
        one(
            con,
            "SELECT count(*) FROM region WHERE level='gemeente' AND (provincie_code IS NULL OR riec_code IS NULL OR stedelijkheid IS NULL OR grootteklasse IS NULL)",
        )
        == 0
    )  # noqa: E501
    assert one(con, "SELECT riec_code FROM region WHERE code='GM0363'") == "RE05"
    assert one(con, "SELECT provincie_code FROM region WHERE code='GM0599'") == "PV28"
    assert one(con, "SELECT count(DISTINCT set_code) FROM region_member") == 1 + 12 + 10 + 5 + 8


def test_population_equals_snapshot(con: duckdb.DuckDBPyConnection, snapshot_dir: Path) -> None:
    row = _snapshot_row(snapshot_dir, "85984NED", Codering_3="GM0363")
    assert one(con, "SELECT inwoners FROM region WHERE code='GM0363'") == int(
        row["AantalInwoners_5"]
    )
    nl = _snapshot_row(snapshot_dir, "85984NED", Codering_3="NL00")
    total = one(con, "SELECT sum(inwoners) FROM region WHERE level='gemeente'")
    assert total == int(nl["AantalInwoners_5"]) == 17_942_942
    wijken = one(con, "SELECT sum(inwoners) FROM region WHERE level='wijk'")
    assert wijken == pytest.approx(total, rel=0.002)  # wijk counts are rounded to 5 by CBS


def test_geometry_joins_region(con: duckdb.DuckDBPyConnection) -> None:
    for level, n in (("gemeente", 342), ("wijk", 3393)):
        joined = one(
            con,
            "SELECT count(*) FROM geometry g JOIN region r ON r.code = g.code AND r.level = g.level "
            "WHERE g.level = ?",
            level,
        )
        assert joined == n
    avail = dict(con.execute("SELECT level, is_available FROM geometry_level").fetchall())
    assert avail == {"gemeente": True, "wijk": True, "buurt": False}
    assert (
        one(con, 'SELECT count(*) FROM geometry WHERE geojson NOT LIKE \'{"type": "%Polygon%\'')
        == 0
    )  # noqa: E501


def test_source_table_has_provenance(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT table_id, licence, kind, rows, coverage_note FROM source").fetchall()
    from data_pipeline.catalog import TABLES

    assert len(rows) == len(TABLES)
    assert all("CC BY 4.0" in r[1] and r[2] == "snapshot" and r[3] > 0 for r in rows)
    note = one(con, "SELECT coverage_note FROM source WHERE table_id='81575NED'")
    assert "54 gemeenten" in note


def test_failed_build_leaves_database_untouched(
    built_db: Path, snapshot_dir: Path, tmp_path: Path
) -> None:
    import hashlib
    import shutil

    from data_pipeline.build import build
    from data_pipeline.errors import BuildError
    from data_pipeline.sources import SnapshotSource

    db = tmp_path / "served.duckdb"
    shutil.copy(built_db, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    broken = tmp_path / "snap"
    shutil.copytree(snapshot_dir, broken)
    shutil.rmtree(broken / "cbs" / "85146NED")
    with pytest.raises(BuildError, match="85146NED"):
        build(SnapshotSource(broken), db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["served.duckdb", "snap"]


def test_every_table_of_the_schema_is_documented(con: duckdb.DuckDBPyConnection) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for (table,) in con.execute("SHOW TABLES").fetchall():
        name = "raw_<table>" if table.startswith("raw_") else table
        assert f"`{name}`" in readme, table
