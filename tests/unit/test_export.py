"""Exports and comparison callbacks against the built database: real values, not just shapes."""

from __future__ import annotations

import base64
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from data_pipeline.store import db


@pytest.fixture(scope="module", autouse=True)
def _use_db(built_db: Path) -> None:
    """The session database built from the real snapshot (tests/conftest.py)."""
    db.use_db(built_db)


def _db_value(indicator: str, code: str) -> tuple[float, int]:
    sql = (
        "SELECT value, year FROM indicator_value WHERE indicator_id = ? AND region_code = ? "
        "AND value IS NOT NULL ORDER BY year DESC LIMIT 1"
    )
    return tuple(db.query(sql, [indicator, code])[0])  # type: ignore[return-value]


def _decode(sent: dict) -> bytes:
    return base64.b64decode(sent["content"]) if sent.get("base64") else sent["content"].encode()


def test_csv_amsterdam_contains_woz_as_in_db() -> None:
    from dashboard.callbacks.tabel import build_file, selection

    sel = selection("vastgoed", "vastgoed.woz", "gemeente", "GM0363", None)
    raw = _decode(build_file("csv", sel, "/tabel"))
    assert raw.startswith(b"\xef\xbb\xbf"), "Dutch Excel needs the UTF-8 BOM"
    df = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    row = df[(df["gebied_code"] == "GM0363") & (df["indicator_id"] == "vastgoed.woz")].iloc[0]
    value, year = _db_value("vastgoed.woz", "GM0363")
    assert row["waarde"] == pytest.approx(value)
    assert row["jaar"] == year
    assert row["gebied"] == "Amsterdam"


def test_csv_international_dialect() -> None:
    from dashboard.callbacks.tabel import build_file, selection

    sel = selection("vastgoed", "vastgoed.woz", "gemeente", "RE05", None)
    df = pd.read_csv(io.BytesIO(_decode(build_file("csv", sel, "/tabel", "intl"))))
    members = {
        r[0] for r in db.query("SELECT gemeente_code FROM region_member WHERE set_code = 'RE05'")
    }
    assert set(df["gebied_code"]) == members
    value, _ = _db_value("vastgoed.woz", "GM0363")
    assert df.loc[df["gebied_code"] == "GM0363", "waarde"].iloc[0] == pytest.approx(value)


def test_xlsx_has_data_and_bronnen_sheet() -> None:
    from dashboard.callbacks.tabel import build_file, selection

    sel = selection("vastgoed", None, "wijk", "GM0363", None)
    wb = load_workbook(
        io.BytesIO(_decode(build_file("xlsx", sel, "http://x/tabel?gemeente=GM0363")))
    )
    assert wb.sheetnames == ["Gegevens", "Bronnen"]
    data = list(wb["Gegevens"].values)
    header = list(data[0])
    n_wijken = db.scalar(
        "SELECT count(DISTINCT v.region_code) FROM indicator_value v JOIN region r "
        "ON r.code = v.region_code WHERE r.level = 'wijk' AND r.gemeente_code = 'GM0363' "
        "AND v.indicator_id = 'vastgoed.woz'"
    )
    codes = {row[header.index("gebied_code")] for row in data[1:]}
    assert len(codes) == n_wijken and all(c.startswith("WK0363") for c in codes)
    bron = [[c for c in row if c is not None] for row in wb["Bronnen"].values]
    flat = " ".join(str(c) for row in bron for c in row)
    assert "CC BY 4.0, Bron: CBS" in flat and "http://x/tabel?gemeente=GM0363" in flat
    assert "85984NED" in flat and "Kerncijfers wijken en buurten 2024" in flat


def test_geojson_joins_values() -> None:
    from dashboard.callbacks.tabel import build_file, selection

    sel = selection("vastgoed", "vastgoed.woz", "wijk", "GM0363", None)
    coll = json.loads(_decode(build_file("geojson", sel, "/tabel")))
    assert coll["type"] == "FeatureCollection" and coll["features"]
    feat = coll["features"][0]
    value, _ = _db_value("vastgoed.woz", feat["properties"]["code"])
    assert feat["properties"]["vastgoed.woz"] == pytest.approx(value)
    assert feat["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_empty_selection_says_so() -> None:
    from dashboard.callbacks.tabel import EMPTY, _download, build_file, selection

    sel = selection("vastgoed", "vastgoed.woningsplitsing", "buurt", "GM0363", None)
    assert build_file("csv", sel, "/tabel") is None
    data, status = _download(
        "csv", 1, ("vastgoed", "vastgoed.woningsplitsing", "buurt", "GM0363", None)
    )
    assert status.startswith(EMPTY)
    assert build_file("geojson", selection(None, None, "buurt", "GM0363", None), "/tabel") is None


def test_concurrent_exports_do_not_mix() -> None:
    from dashboard.callbacks.tabel import build_file, selection

    gemeenten = [
        r[0] for r in db.query("SELECT code FROM region WHERE level = 'gemeente' LIMIT 12")
    ]

    def one(code: str) -> set[str]:
        sel = selection("vastgoed", "vastgoed.woz", "gemeente", code, None)
        df = pd.read_csv(
            io.BytesIO(_decode(build_file("csv", sel, "/tabel"))), sep=";", decimal=","
        )
        return set(df["gebied_code"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, gemeenten * 3))
    assert results == [{c} for c in gemeenten * 3]


def test_funnel_limits_count_and_share() -> None:
    from data_pipeline.store.compare import funnel_limits

    low, high = funnel_limits(7.0, 10000, "count", [10000.0], 1.96)
    assert high[0] == pytest.approx(7.0 + 1.96 * (7.0 * 10000 / 10000) ** 0.5)
    low, high = funnel_limits(50.0, 100, "share", [100.0], 1.96)
    assert high[0] == pytest.approx(50 + 1.96 * 100 * (0.25 / 100) ** 0.5)
    assert low[0] >= 0


def test_vergelijk_table_shows_amsterdam_and_peers() -> None:
    from dashboard.callbacks.vergelijk import share, update_compare
    from dashboard.format import number

    table, fig = update_compare("vastgoed", ["GM0363"], None)
    text = str(table)
    value, _ = _db_value("vastgoed.woz", "GM0363")
    assert "Amsterdam" in text and "Nederland" in text and "Stedelijkheid" in text
    assert number(value, 0) in text
    assert any(t.name == "Amsterdam" for t in fig.data)
    assert share("vastgoed", "vastgoed.woz", ["GM0363"], None) == (
        "/vergelijk?thema=vastgoed&indicator=vastgoed.woz&gemeenten=GM0363"
    )


def test_profiel_lists_every_theme() -> None:
    from dashboard.callbacks.profiel import update_profile

    text = str(update_profile("GM0363"))
    for (title,) in db.query("SELECT title FROM theme"):
        assert title in text
    assert "Amsterdam (GM0363)" in text and "hoogste" in text
