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
    from dashboard.pages.tabel import build_file, selection

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
    from dashboard.pages.tabel import build_file, selection

    sel = selection("vastgoed", "vastgoed.woz", "gemeente", "RE05", None)
    df = pd.read_csv(io.BytesIO(_decode(build_file("csv", sel, "/tabel", "intl"))))
    members = {
        r[0] for r in db.query("SELECT gemeente_code FROM region_member WHERE set_code = 'RE05'")
    }
    assert set(df["gebied_code"]) == members
    value, _ = _db_value("vastgoed.woz", "GM0363")
    assert df.loc[df["gebied_code"] == "GM0363", "waarde"].iloc[0] == pytest.approx(value)


def test_xlsx_has_data_and_bronnen_sheet() -> None:
    from dashboard.pages.tabel import build_file, selection

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
    codes = {row[header.index("Gebiedscode")] for row in data[1:]}
    assert len(codes) == n_wijken and all(c.startswith("WK0363") for c in codes)
    bron = [[c for c in row if c is not None] for row in wb["Bronnen"].values]
    flat = " ".join(str(c) for row in bron for c in row)
    assert "CC BY 4.0, Bron: CBS" in flat and "http://x/tabel?gemeente=GM0363" in flat
    assert "85984NED" in flat and "Kerncijfers wijken en buurten 2024" in flat


def test_geojson_joins_values() -> None:
    from dashboard.pages.tabel import build_file, selection

    sel = selection("vastgoed", "vastgoed.woz", "wijk", "GM0363", None)
    coll = json.loads(_decode(build_file("geojson", sel, "/tabel")))
    assert coll["type"] == "FeatureCollection" and coll["features"]
    feat = coll["features"][0]
    value, _ = _db_value("vastgoed.woz", feat["properties"]["code"])
    assert feat["properties"]["vastgoed_woz__waarde"] == pytest.approx(value)
    assert feat["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_empty_selection_says_so() -> None:
    from dashboard.pages.tabel import EMPTY, build_file, download, selection

    sel = selection("vastgoed", "vastgoed.woningsplitsing", "buurt", "GM0363", None)
    assert build_file("csv", sel, "/tabel") is None
    data, status = download(
        "csv", 1, ("vastgoed", "vastgoed.woningsplitsing", "buurt", "GM0363", None)
    )
    assert status.startswith(EMPTY)
    assert build_file("geojson", selection(None, None, "buurt", "GM0363", None), "/tabel") is None


def test_concurrent_exports_do_not_mix() -> None:
    from dashboard.pages.tabel import build_file, selection

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


def test_vergelijk_table_shows_amsterdam_and_peers() -> None:
    from dashboard.callbacks.vergelijk import update_compare
    from dashboard.format import number
    from dashboard.pages.vergelijk import share

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


def test_xlsx_is_ready_for_analysts() -> None:
    """Dutch headers, number formats per indicator, autofilter, frozen header, StatLine links."""
    from dashboard.pages.tabel import build_file, selection

    sel = selection("drugs", None, "gemeente", "RE05", None)
    link = "http://x/tabel?thema=drugs&regio=RE05"
    wb = load_workbook(io.BytesIO(_decode(build_file("xlsx", sel, link))))
    ws = wb["Gegevens"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Gebiedscode", "Gebied", "Niveau"] and "Waarde" in header
    assert "gebied_code" not in header and "teller" not in header
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert ws.freeze_panes == "C2"
    col = header.index("Waarde") + 1
    ind = header.index("Indicator-id") + 1
    formats = {}
    for row in ws.iter_rows(min_row=2):
        if row[col - 1].value is not None:
            formats[row[ind - 1].value] = row[col - 1].number_format
    assert formats["drugs.verdachten_drugs_per_10k"] == "#,##0"  # CBS publishes whole numbers
    sig = header.index("Significant")
    assert {row[sig].value for row in ws.iter_rows(min_row=2)} <= {"ja", "nee", None}
    bron = wb["Bronnen"]
    links = {c.hyperlink.target for row in bron.iter_rows() for c in row if c.hyperlink}
    assert link in links
    assert "https://opendata.cbs.nl/#/CBS/nl/dataset/85655NED" in links
    text = " ".join(str(c.value) for row in bron.iter_rows() for c in row if c.value)
    assert "Dekking en wat ontbreekt" in text and "geen bewijs" in text


def test_xlsx_never_runs_formulas() -> None:
    from dashboard.export import xlsx_analyst_bytes

    df = pd.DataFrame(
        [{"region_code": "GM0363", "name": "=1+1", "indicator_id": "x", "value": 1.0}]
    )
    empty = pd.DataFrame(columns=["indicator_id"])
    tables = pd.DataFrame(columns=["table_id", "title", "period", "coverage_note"])
    wb = load_workbook(io.BytesIO(xlsx_analyst_bytes(df, empty, tables, "/tabel", {"x": 1})))
    cell = wb["Gegevens"]["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_geojson_flat_names_for_gis() -> None:
    """Property names without dots (QGIS/ArcGIS), the same on every feature, reasons for gaps."""
    import re

    from dashboard.pages.tabel import build_file, selection

    sel = selection("drugs", None, "gemeente", "RE05", None)
    coll = json.loads(_decode(build_file("geojson", sel, "/tabel")))
    keys = [tuple(f["properties"]) for f in coll["features"]]
    assert len(set(keys)) == 1
    for key in keys[0]:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", key), key
    props = coll["features"][0]["properties"]
    for part in ("waarde", "jaar", "index", "klasse", "reden"):
        assert f"drugs_verdachten_drugs_per_10k__{part}" in props
    gaps = [
        f["properties"]
        for f in coll["features"]
        if f["properties"]["drugs_drugshandel_buurt__waarde"] is None
    ]
    assert gaps and all(p["drugs_drugshandel_buurt__reden"] for p in gaps)
    import geopandas

    gdf = geopandas.read_file(io.BytesIO(_decode(build_file("geojson", sel, "/tabel"))))
    assert len(gdf) == len(coll["features"]) and "drugs_verdachten_drugs_per_10k__waarde" in gdf
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
