"""The Tabel grid (AG Grid, infinite row model): sorting and filtering over all rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_pipeline.store import db


@pytest.fixture(scope="module", autouse=True)
def _use_db(built_db: Path) -> None:
    db.use_db(built_db)


def _all_wijken():
    from dashboard.components.grid import table_rows
    from dashboard.pages.tabel import selection

    return table_rows(selection("vastgoed", "vastgoed.woz", "wijk", "NL", None))


def test_sort_runs_over_every_row() -> None:
    from dashboard.components.grid import grid_block

    df = _all_wijken()
    assert len(df) > 3000
    top = grid_block(
        df, {"startRow": 0, "endRow": 50, "sortModel": [{"colId": "value", "sort": "desc"}]}
    )
    best = db.query(
        "SELECT max(v.value) FROM indicator_value v JOIN region r ON r.code = v.region_code "
        "WHERE v.indicator_id = 'vastgoed.woz' AND r.level = 'wijk' AND v.year = 2024"
    )[0][0]
    assert top["rowCount"] == len(df) and len(top["rowData"]) == 50
    assert top["rowData"][0]["value"] == pytest.approx(best)
    last = grid_block(
        df,
        {
            "startRow": len(df) - 5,
            "endRow": len(df),
            "sortModel": [{"colId": "value", "sort": "desc"}],
        },
    )
    assert last["rowData"][-1]["value"] is None  # empty values sort last, never as 0


def test_filter_counts_match_the_database() -> None:
    from dashboard.components.grid import grid_block

    df = _all_wijken()
    req = {
        "startRow": 0,
        "endRow": 50,
        "filterModel": {
            "index": {"filterType": "number", "type": "greaterThan", "filter": 150},
            "name": {"filterType": "text", "type": "contains", "filter": "centrum"},
        },
    }
    got = grid_block(df, req)
    expected = db.query(
        "SELECT count(*) FROM indicator_value v JOIN region r ON r.code = v.region_code "
        "WHERE v.indicator_id = 'vastgoed.woz' AND r.level = 'wijk' AND v.year = 2024 "
        "AND v.index > 150 AND lower(r.name) LIKE '%centrum%'"
    )[0][0]
    assert got["rowCount"] == expected > 0
    assert all("centrum" in r["name"].lower() and r["index"] > 150 for r in got["rowData"])


def test_rows_carry_decimals_and_dutch_words() -> None:
    from dashboard.components.grid import grid_block

    row = grid_block(_all_wijken(), {"startRow": 0, "endRow": 1})["rowData"][0]
    assert row["decimals"] == 0 and row["unit"] and row["title"]
    assert row["significant"] in ("ja", "nee", None)


def test_all_years_at_once() -> None:
    from dashboard.pages.tabel import selection, view_url
    from data_pipeline.store import export

    sel = selection("drugs", "drugs.verdachten_drugs_per_10k", "gemeente", "GM0599", None, ["alle"])
    df = export.table(sel)
    years = [
        r[0]
        for r in db.query(
            "SELECT DISTINCT year FROM indicator_value WHERE region_code = 'GM0599' "
            "AND indicator_id = 'drugs.verdachten_drugs_per_10k' ORDER BY 1"
        )
    ]
    assert list(df["year"]) == years and len(years) == 15
    url = view_url("drugs", "drugs.verdachten_drugs_per_10k", "gemeente", "GM0599", None, ["alle"])
    assert url.endswith("jaren=alle")


def test_no_datatable_left() -> None:
    """dash_table.DataTable is deprecated: the product uses AG Grid everywhere."""
    root = Path(__file__).resolve().parents[2]
    for path in [*(root / "dashboard").rglob("*.py"), root / "app.py"]:
        text = path.read_text(encoding="utf-8")
        assert "dash_table" not in text and "DataTable" not in text, path
