"""Load on gunicorn: ≥20 users mixing pages, switches, drill-downs and exports; exports never mix."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
import requests

from tests.harness import Served, serve_prod
from tests.integration.loadgen import (
    CALLBACK,
    PAGES,
    Callbacks,
    User,
    download,
    leaks,
    run_users,
)

SECONDS = float(os.environ.get("ZICHT_LOAD_SECONDS", "10"))
USERS = int(os.environ.get("ZICHT_LOAD_USERS", "20"))
WORKERS = int(os.environ.get("ZICHT_LOAD_WORKERS", "3"))
THINK = (0.5, 2.0)  # seconds between two actions of one user
P95_LIMIT = 1.0
RSS_GROWTH_MB = 150
LICENCE = "CC BY 4.0"


@pytest.fixture(scope="module")
def prod(built_db: Path) -> Iterator[Served]:
    with serve_prod(built_db, workers=WORKERS) as served:
        yield served


@pytest.fixture(scope="module")
def catalog(built_db: Path) -> dict[str, list[str]]:
    """Real ids to click through: indicators per level, gemeenten with wijken."""
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        ind = [r[0] for r in con.execute("SELECT id FROM indicator ORDER BY id").fetchall()]
        wijk = [
            r[0]
            for r in con.execute(
                "SELECT id FROM indicator WHERE list_contains(levels, 'wijk') ORDER BY id"
            ).fetchall()
        ]
        gm = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT gemeente_code FROM region WHERE level = 'wijk' ORDER BY 1"
            ).fetchall()
        ]
        themes = [r[0] for r in con.execute("SELECT id FROM theme ORDER BY id").fetchall()]
    finally:
        con.close()
    return {"indicators": ind, "wijk_indicators": wijk, "gemeenten": gm, "themes": themes}


@pytest.fixture(scope="module")
def callbacks(prod: Served) -> Callbacks:
    return Callbacks.fetch(lambda p: requests.get(prod.url + p, timeout=10).json())


def actions(url: str, cb: Callbacks, cat: dict[str, list[str]]) -> list[tuple[float, Any]]:
    """What users do, weighted: open pages, switch indicators, drill down, export."""
    gms, inds, wijk_inds = cat["gemeenten"], cat["indicators"], cat["wijk_indicators"]
    endpoint = url + CALLBACK

    def page_load(u: User) -> None:
        path = u.rng.choice(PAGES)
        if u.request("page", "GET", url + path):
            g, i = u.rng.choice(gms), u.rng.choice(inds)
            query = u.rng.choice(["", f"?gemeente={g}", f"?indicator={i}"])
            u.request("render", "POST", endpoint, json=cb.page(path, query))

    def switch(u: User) -> None:
        u.request("switch", "POST", endpoint, json=cb.kaart(u.rng.choice(inds)))

    def drill(u: User) -> None:
        gm = u.rng.choice(gms)
        values = {"kaart-map.clickData": {"points": [{"location": gm}]}}
        values["kaart-niveau.value"] = "gemeente"
        click = cb.payload("kaart-niveau.value", values, ["kaart-map.clickData"])
        if u.request("click", "POST", endpoint, json=click):
            body = cb.kaart(u.rng.choice(wijk_inds), "wijk", gm)
            u.request("drill", "POST", endpoint, json=body)

    def boundaries(u: User) -> None:
        u.request("geo", "GET", f"{url}/geo/wijk.json?gemeente={u.rng.choice(gms)}")

    def export(u: User) -> None:
        kind = u.rng.choice(["csv", "csv", "xlsx", "geojson"])
        gm, thema = u.rng.choice(gms), u.rng.choice(cat["themes"])
        body = cb.export(kind, gm, niveau="wijk", thema=thema)
        u.request(f"export-{kind}", "POST", endpoint, json=body)

    return [(4, page_load), (3, switch), (2, drill), (1, boundaries), (1.5, export)]


def test_load(prod: Served, callbacks: Callbacks, catalog: dict[str, list[str]]) -> None:
    acts = actions(prod.url, callbacks, catalog)
    warm = run_users(acts, users=WORKERS * 2, seconds=3, think=(0, 0.05), seed=1)
    assert not warm.errors, warm.errors[:5]
    rss_start = prod.rss_mb()
    stats = run_users(acts, users=USERS, seconds=SECONDS, think=THINK)
    rss_end = prod.rss_mb()
    n = len(stats.all)
    print(
        f"\nload: {USERS} users × {SECONDS:.0f} s on gunicorn ({WORKERS} workers)\n"
        f"{stats.summary()}\nRSS start {rss_start:.0f} MB, end {rss_end:.0f} MB "
        f"({rss_end - rss_start:+.0f} MB)"
    )
    assert n >= USERS * SECONDS * 0.5, f"only {n} requests"
    assert not stats.errors, f"{len(stats.errors)} errors:\n" + "\n".join(stats.errors[:20])
    assert stats.pct(0.95) < P95_LIMIT, stats.summary()
    assert rss_end <= rss_start + RSS_GROWTH_MB, (rss_start, rss_end)
    assert prod.proc.poll() is None, "gunicorn died"


# --- concurrent exports: each file holds its own gemeente only ---------------------------------


def _csv_rows(raw: bytes) -> tuple[str, list[dict[str, str]]]:
    text = raw.decode("utf-8-sig")
    return text, list(csv.DictReader(io.StringIO(text)))


def _export(url: str, cb: Callbacks, kind: str, gm: str) -> tuple[str, bytes]:
    r = requests.post(url + CALLBACK, json=cb.export(kind, gm, niveau="wijk"), timeout=60)
    assert r.status_code == 200, (gm, kind, r.status_code, r.content[:200])
    assert not leaks(r.content)
    return download(r.json(), f"tabel-download-{kind}")


def test_concurrent_exports_do_not_mix(
    prod: Served, callbacks: Callbacks, catalog: dict[str, list[str]]
) -> None:
    gms = catalog["gemeenten"][:: max(1, len(catalog["gemeenten"]) // 16)][:16]
    barrier = threading.Barrier(len(gms))
    results: dict[str, dict[str, tuple[str, bytes]]] = {}
    errors: list[str] = []

    def user(gm: str) -> None:
        try:
            barrier.wait(timeout=30)
            results[gm] = {k: _export(prod.url, callbacks, k, gm) for k in ("csv", "xlsx")}
            results[gm]["geojson"] = _export(prod.url, callbacks, "geojson", gm)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(f"{gm}: {exc!r}"[:300])

    threads = [threading.Thread(target=user, args=(gm,)) for gm in gms]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, "\n".join(errors)
    assert sorted(results) == sorted(gms)
    for gm, files in results.items():
        name, raw = files["csv"]
        assert gm in name, name
        _, rows = _csv_rows(raw)
        assert rows, f"{gm}: empty CSV"
        assert {r["gemeente_code"] for r in rows} == {gm}, f"{gm}: rows of other gemeenten"
        assert all(r["gebied_code"].startswith("WK" + gm[2:]) for r in rows), gm
        assert all(r["bron"] for r in rows), f"{gm}: rows without source"

        name, raw = files["xlsx"]
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        data = list(wb["Gegevens"].iter_rows(values_only=True))
        col = data[0].index("Gemeentecode")
        assert {row[col] for row in data[1:]} == {gm}, f"{gm}: xlsx mixes gemeenten"
        bronnen = " ".join(str(c) for row in wb["Bronnen"].iter_rows(values_only=True) for c in row)
        assert LICENCE in bronnen and "CBS" in bronnen, f"{gm}: xlsx without licence/source"

        name, raw = files["geojson"]
        features = json.loads(raw)["features"]
        assert features and all(f["properties"]["code"].startswith("WK" + gm[2:]) for f in features)
    print(f"\nconcurrent exports: {len(results)} users × 3 files, none mixed")


def test_csv_and_geojson_exports_carry_licence(prod: Served, callbacks: Callbacks) -> None:
    _, raw = _export(prod.url, callbacks, "csv", "GM0363")
    assert LICENCE in raw.decode("utf-8-sig")
    _, raw = _export(prod.url, callbacks, "geojson", "GM0363")
    assert LICENCE in raw.decode("utf-8")
