"""Issue 12 findings that need no server: leaks, formulas, non-finite numbers, export limits,
outage diagnosis, data sanity, litter of killed builds, CLI arguments, the 80-gemeenten limit."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from data_pipeline import store
from data_pipeline.store import db


@pytest.fixture(autouse=True)
def _served(built_db: Path, dash_app):
    store.use_db(built_db)
    yield
    store.use_db(built_db)


# --- 3. no internals to the browser -------------------------------------------------------------


def test_version_sent_to_browser_is_an_opaque_hash(built_db: Path) -> None:
    from dashboard.pages import kaart, signalen
    from dashboard.url_state import geo_url

    sent = [
        store.version_hash(),
        kaart.geo_key(kaart.resolve("vastgoed", "vastgoed.woz", "gemeente", 2024, None)),
        signalen.geo_key(signalen.resolve("gemeente", 2024, "GM0363")),
        geo_url("gemeente"),
    ]
    inode, size = str(built_db.stat().st_ino), str(built_db.stat().st_size)
    for text in sent:
        assert str(built_db) not in text and "/" not in text.split("?")[0].removeprefix("/geo/")
        assert inode not in text and size not in text, text
    assert len(store.version_hash()) == 16


def test_source_maps_are_not_served(client) -> None:
    for path in (
        "/_dash-component-suites/dash/dcc/dash_core_components.js.map",
        "/_dash-component-suites/dash/dash_table/bundle.v7_1_0m1.js.map",
    ):
        assert client.get(path).status_code == 404, path


# --- 7. formulas; 4. non-finite numbers in exports -------------------------------------------


HOSTILE_NAMES = ['=HYPERLINK("http://x","klik")', "+31 6", "-2+3", "@SUM(A1)", "\t=1", "Ede"]


def test_csv_escapes_formulas_and_writes_no_infinity() -> None:
    from dashboard import export as files

    df = pd.DataFrame({"name": HOSTILE_NAMES, "value": [1.5, float("inf"), -1.0, None, 2, 3]})
    text = files.csv_bytes(df, "intl").decode("utf-8")
    rows = text.splitlines()[1:]
    for row in rows[:-1]:
        assert row.lstrip('"').startswith("'"), row
    assert rows[-1].startswith("Ede,")
    assert "inf" not in text.lower()
    assert ",-1.0," in text  # numbers are not text: a negative value stays a number


def test_excel_stores_formula_like_names_as_text() -> None:
    from dashboard import export as files

    df = pd.DataFrame(
        {"name": HOSTILE_NAMES, "indicator_id": "x", "value": [1.0, float("-inf"), 0, 1, 2, 3]}
    )
    tables = pd.DataFrame(columns=["table_id", "title", "period", "coverage_note"])
    raw = files.xlsx_analyst_bytes(
        df, pd.DataFrame({"definitie": ["=1+1"]}), tables, "/tabel", {"x": 1}
    )
    sheets = zipfile.ZipFile(io.BytesIO(raw))
    for name in sheets.namelist():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in sheets.read(name).decode(), f"formula in {name}"
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    names = [c.value for c in wb["Gegevens"]["A"]][1:]
    assert names == HOSTILE_NAMES  # shown exactly as written, but as text
    assert wb["Gegevens"]["C3"].value is None  # -inf: an empty cell


def test_geojson_export_is_valid_json_without_infinity() -> None:
    from dashboard import export as files

    coll = {"type": "FeatureCollection", "features": [{"properties": {"a": float("inf")}}]}
    text = files.geojson_bytes(coll).decode()
    assert json.loads(text)["features"][0]["properties"]["a"] is None
    assert "Infinity" not in text and "NaN" not in text


# --- 2. exports: cap, once, bounded, draining ---------------------------------------------------


@pytest.fixture
def jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from dashboard.serve import export_jobs

    monkeypatch.setattr(export_jobs, "CACHE_DIR", tmp_path / "cache")
    for k in export_jobs.stats:
        monkeypatch.setitem(export_jobs.stats, k, 0)
    return export_jobs


def test_export_over_the_cap_points_to_duckdb(jobs) -> None:
    from dashboard.pages.tabel import download

    data, status = download("xlsx", 1, (None, None, "buurt", "NL", None))
    assert data is not None and "te groot voor Excel" in status  # no_update is not None
    assert "DuckDB" in status and "CSV" in status
    assert jobs.stats["too_big"] == 1 and jobs.stats["built"] == 0


def test_same_selection_twice_and_a_double_click_build_once(jobs) -> None:
    from dashboard.pages.tabel import build_file, selection

    sel = selection("vastgoed", None, "wijk", "GM0363", None)
    results: list[bytes] = []

    def click() -> None:
        results.append(build_file("csv", sel, "/tabel")["content"])

    threads = [threading.Thread(target=click) for _ in range(4)]  # a fourfold click
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    click()  # and once more later
    assert len(results) == 5 and len(set(results)) == 1
    assert jobs.stats["built"] == 1 and jobs.stats["cached"] == 4


def test_heavy_export_waits_for_a_slot_then_says_busy(jobs, monkeypatch) -> None:
    from dashboard.pages.tabel import download

    monkeypatch.setattr(jobs, "LIGHT_ROWS", 0)
    monkeypatch.setattr(jobs, "WAIT_SECONDS", 0.3)
    monkeypatch.setattr(jobs, "_slots", threading.BoundedSemaphore(1))
    jobs._slots.acquire()  # another export holds this process's slot
    t0 = time.monotonic()
    _, status = download("csv", 1, ("vastgoed", None, "wijk", "GM0363", None))
    assert status == jobs.BUSY and time.monotonic() - t0 < 5
    jobs._slots.release()


def test_heavy_export_is_built_in_a_child_process_and_served_by_link(
    jobs, monkeypatch, client
) -> None:
    from dashboard.pages.tabel import build_file, download, selection
    from dashboard.serve import export_child

    monkeypatch.setattr(jobs, "LIGHT_ROWS", 0)
    calls: list[str] = []
    real = export_child.build_in_child
    monkeypatch.setattr(export_child, "build_in_child", lambda *a: calls.append(a[1]) or real(*a))
    out = build_file("csv", selection("vastgoed", None, "wijk", "GM0363", None), "/tabel")
    assert calls == ["csv"] and out["url"].startswith("/export/")
    resp = client.get(out["url"])
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert f"filename={out['filename']}" in resp.headers["Content-Disposition"]
    assert ";wijk;GM0363;" in resp.get_data().decode("utf-8-sig")
    data, status = download("csv", 1, ("vastgoed", None, "wijk", "GM0363", None))
    assert 'href="/export/' in str(status) or "/export/" in str(status.to_plotly_json())
    assert calls == ["csv"]  # the second time from the cache


@pytest.mark.parametrize(
    "path",
    [
        "/export/../../etc/passwd",
        "/export/%2e%2e%2fapp.py",
        "/export/" + "a" * 32 + ".csv",
        "/export/" + "a" * 32 + ".py",
        "/export/x.csv?naam=../../x",
    ],
)
def test_export_route_serves_cached_files_only(client, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 404
    assert b"Traceback" not in resp.data


def test_draining_process_tells_the_user_to_retry(jobs) -> None:
    from dashboard.pages.tabel import download
    from dashboard.serve.serving import stopping

    stopping.set()
    try:
        _, status = download("csv", 1, ("vastgoed", None, "wijk", "GM0599", None))
    finally:
        stopping.clear()
    assert status == jobs.RESTARTING


def test_download_buttons_show_a_preparing_state() -> None:
    from dashboard.callbacks import tabel
    from dashboard.pages import tabel as page

    text = str(page.layout())
    for kind, label in tabel.LABELS.items():
        assert label in text
        running = tabel._running(kind)
        assert running[0][1:] == (True, False)  # disabled while running: one export per click
        assert running[1][1] == "Export wordt voorbereid…"


# --- 6. operations: outage diagnosis ------------------------------------------------------------


def test_outage_is_logged_once_and_its_end_too(
    built_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    copy = tmp_path / "z.duckdb"
    shutil.copy2(built_db, copy)
    store.use_db(copy)
    assert store.scalar("SELECT 1") == 1
    copy.rename(tmp_path / "weg.duckdb")
    with caplog.at_level(logging.WARNING, logger="data_pipeline.store.db"):
        for _ in range(20):
            with pytest.raises(store.StoreUnavailable):
                store.scalar("SELECT 1")
        (tmp_path / "weg.duckdb").rename(copy)
        assert store.scalar("SELECT 1") == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "data_pipeline.store.db"]
    assert len(lines) == 2, lines
    assert "niet beschikbaar" in lines[0] and "weer beschikbaar" in lines[1]
    assert not any(r.exc_info for r in caplog.records)


def test_a_read_write_lock_is_named_as_such(built_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "z.duckdb"
    shutil.copy2(built_db, copy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ok', flush=True); "
            "time.sleep(30)",
            str(copy),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        store.use_db(copy)
        with pytest.raises(store.StoreUnavailable) as err:
            store.scalar("SELECT 1")
        assert "vergrendeld" in str(err.value) and "schrijfrechten" in str(err.value)
        assert "bouw" not in str(err.value).split(";")[0]
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_health_answers_with_a_hash_or_503(client, built_db: Path, tmp_path: Path) -> None:
    resp = client.get("/health")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok", "database": store.version_hash()}
    store.use_db(tmp_path / "bestaat-niet.duckdb")
    resp = client.get("/health")
    assert resp.status_code == 503 and resp.get_json()["status"] == "niet beschikbaar"
    assert str(tmp_path) not in resp.get_data(as_text=True)


def test_callback_body_over_the_limit_is_413(client) -> None:
    from dashboard.serve.serving import LIMITS

    body = b'{"output": "' + b"x" * (LIMITS.max_body_bytes + 10) + b'"}'
    resp = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert resp.status_code == 413


# --- 6. serve arguments, control socket -------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["--workers", "0"], ["--workers", "-3"], ["--threads", "0"], ["--port", "0"]]
)
def test_serve_refuses_bad_arguments(args: list[str], built_db: Path) -> None:
    from zicht import cli

    result = CliRunner().invoke(cli.main, ["serve", "--prod", "--db", str(built_db), *args])
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_gunicorn_gets_no_shared_control_socket_and_recycles_workers() -> None:
    from dashboard.serve.serving import gunicorn_args

    args = gunicorn_args("gunicorn", "127.0.0.1", 8050, 2, 8, "/x")
    assert "--no-control-socket" in args
    assert "--max-requests" in args and "--max-requests-jitter" in args
    assert args[args.index("--worker-class") + 1] == "dashboard.serve.serving.WaitressWorker"


# --- 6. the Vergelijk limit: a link over 80 gemeenten keeps 80, the page says so -------------


def test_vergelijk_link_with_100_gemeenten_opens_with_80() -> None:
    from dashboard.callbacks.vergelijk import update_compare
    from dashboard.pages import vergelijk
    from dashboard.pages.vergelijk import share
    from dashboard.url_state import MAX_GEMEENTEN

    codes = [r[0] for r in db.query("SELECT code FROM region WHERE level='gemeente' LIMIT 100")]
    text = str(vergelijk.layout(gemeenten=",".join(codes)))
    assert f"hoogstens {MAX_GEMEENTEN}" in text
    assert all(c in text for c in codes[:MAX_GEMEENTEN])
    table, _ = update_compare("vastgoed", codes, None)
    assert f"hoogstens {MAX_GEMEENTEN}" in str(table)
    link = share("vastgoed", None, codes, None)
    assert link.count("GM") == MAX_GEMEENTEN  # the link shares what the page shows


# --- 4. data sanity -------------------------------------------------------------------------


@pytest.fixture
def writable(built_db: Path, tmp_path: Path):
    copy = tmp_path / "z.duckdb"
    shutil.copy2(built_db, copy)
    con = duckdb.connect(str(copy))
    yield con
    con.close()


def test_built_database_is_sane(writable) -> None:
    from data_pipeline import sanity

    assert sanity.problems(writable) == []


@pytest.mark.parametrize(
    ("measure", "value", "words"),
    [
        ("kwb.inwoners_n", "inf", ("kwb.inwoners_n", "aantal")),
        ("kwb.woningvoorraad_n", "-5", ("kwb.woningvoorraad_n", "-5")),
        ("kwb.onbewoond_pct", "150", ("kwb.onbewoond_pct", "0–100")),
        ("kwb.vestigingen_n", "1e308", ("1e+308",)),
        ("wmo.clienten_per_1000", "nan", ("wmo.clienten_per_1000", "eindig")),
        ("kwb.woz_keur", "512000", ("kwb.woz_keur", "10–10.000")),  # euros, not × 1.000 euro
        ("kwb.huishoudensgrootte_gem", "-5", ("kwb.huishoudensgrootte_gem", "1–10")),
    ],
)
def test_implausible_observation_is_named_with_table_column_region(
    writable, measure: str, value: str, words: tuple[str, ...]
) -> None:
    from data_pipeline import sanity

    code = writable.execute(
        "SELECT region_code FROM core_observation WHERE measure = ? AND value IS NOT NULL "
        "ORDER BY region_code LIMIT 1",
        [measure],
    ).fetchone()[0]
    writable.execute(
        "UPDATE core_observation SET value = CAST(? AS DOUBLE) WHERE measure = ? "
        "AND region_code = ?",
        [value, measure, code],
    )
    found = sanity.problems(writable)
    assert len(found) == 1, found
    assert found[0].startswith("core_observation.value:") and code in found[0]
    for word in words:
        assert word in found[0], found[0]


def test_non_finite_indicator_value_and_bad_share_are_found(writable) -> None:
    from data_pipeline import sanity

    writable.execute(
        "UPDATE indicator_value SET index = 'inf'::DOUBLE WHERE region_code = 'GM0363' "
        "AND indicator_id = 'vastgoed.woz'"
    )
    found = sanity.check_indicator_values(writable)
    assert found and found[0].startswith("indicator_value.index: vastgoed.woz, regio GM0363")


def test_orphans_and_missing_gemeente_boundaries_are_found(writable) -> None:
    from data_pipeline import sanity

    writable.execute(
        "INSERT INTO region (code, name, level, gemeente_code) "
        "VALUES ('WK999901', 'Nergens', 'wijk', 'GM9999')"
    )
    writable.execute("UPDATE geometry_level SET is_available = false WHERE level = 'gemeente'")
    found = sanity.problems(writable)
    assert any("region.gemeente_code: regio WK999901" in p and "GM9999" in p for p in found)
    assert any(p.startswith("geometry_level.gemeente:") for p in found)


def test_check_command_reports_implausible_data(writable, tmp_path: Path) -> None:
    from zicht import cli

    writable.execute(
        "UPDATE core_observation SET value = -1 WHERE measure = 'kwb.inwoners_n' "
        "AND region_code = 'GM0363'"
    )
    writable.close()
    result = CliRunner().invoke(cli.main, ["check", "--db", str(tmp_path / "z.duckdb")])
    assert result.exit_code == 1
    assert "kwb.inwoners_n" in result.output and "GM0363" in result.output


# --- 5. litter of killed builds ---------------------------------------------------------------


def test_build_litter_of_dead_processes_is_removed(tmp_path: Path) -> None:
    from data_pipeline.cleanup import remove_stale_temps

    db_file = tmp_path / "zicht.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = [
        tmp_path / f".zicht.duckdb.{dead.pid}.tmp",
        tmp_path / f".zicht.duckdb.{dead.pid}.tmp.wal",
    ]
    alive = tmp_path / f".zicht.duckdb.{os.getppid()}.tmp"  # a running build keeps its files
    other = tmp_path / ".other.duckdb.1.tmp"
    for p in [*stale, alive, other]:
        p.write_bytes(b"x")
    assert sorted(remove_stale_temps(db_file)) == sorted(stale)
    assert alive.exists() and other.exists()


def test_a_build_killed_with_sigkill_is_cleaned_by_the_next(
    tmp_path: Path, snapshot_dir: Path
) -> None:
    from data_pipeline.cleanup import remove_stale_temps

    db_file = tmp_path / "zicht.duckdb"
    zicht = Path(sys.executable).with_name("zicht")
    args = [str(zicht), "build", "--source", "snapshot", "--snapshot", str(snapshot_dir)]
    proc = subprocess.Popen([*args, "--db", str(db_file)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".zicht.duckdb.*.tmp*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=10)
    litter = list(tmp_path.glob(".zicht.duckdb.*.tmp*"))
    assert litter, "the build wrote no temp file before it was killed"
    removed = remove_stale_temps(db_file)
    assert sorted(removed) == sorted(litter)
    assert not list(tmp_path.glob(".zicht.duckdb.*"))


# --- 4. end to end: zicht build refuses absurd data and a missing gemeente map --------------


def _corrupt_count(snap: Path) -> str:
    """A negative AantalInwoners for the first gemeente row of 85984NED; its code."""
    import csv

    path = snap / "cbs/85984NED/data.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = next(i for i, c in enumerate(rows[0]) if c.startswith("AantalInwoners_"))
    code_col = next(i for i, c in enumerate(rows[0]) if c.startswith("Codering_"))
    row = next(r for r in rows[1:] if r[code_col].strip().startswith("GM"))
    row[col] = "-5"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return row[code_col].strip()


@pytest.mark.parametrize("fault", ["negative_count", "no_gemeente_boundaries"])
def test_build_fails_on_absurd_data_and_keeps_the_served_file(
    fault: str, snapshot_dir: Path, built_db: Path, tmp_path: Path
) -> None:
    from data_pipeline.build import build
    from data_pipeline.errors import BuildError
    from data_pipeline.sources import SnapshotSource
    from tests.integration.test_build_faults import copy_snapshot, sha256

    snap = copy_snapshot(snapshot_dir, tmp_path / "snapshot")
    if fault == "negative_count":
        code = _corrupt_count(snap)
        table, words = "85984NED", ("kolom AantalInwoners_", f"regio {code}", "'-5'")
    else:
        (snap / "geo/gemeente_2024.topojson").unlink()
        table, words = "geo gemeente_2024", ("niet in de offline snapshot",)
    served = tmp_path / "served" / "zicht.duckdb"
    served.parent.mkdir()
    shutil.copy2(built_db, served)
    before = sha256(served)
    with pytest.raises(BuildError) as err:
        build(SnapshotSource(snap), served)
    line = str(err.value)
    assert "\n" not in line and line.startswith(table), line
    for word in words:
        assert word in line, line
    assert sha256(served) == before
    assert [p.name for p in served.parent.iterdir()] == ["zicht.duckdb"]
