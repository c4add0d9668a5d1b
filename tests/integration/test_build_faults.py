"""Refresh faults: a broken snapshot or CBS outage stops the build and leaves the served DB intact."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import requests
import responses
from click.testing import CliRunner

from data_pipeline import cli
from data_pipeline.build import build
from data_pipeline.catalog import GEO_URL
from data_pipeline.errors import BuildError
from data_pipeline.sources import LiveSource, SnapshotSource
from tests.unit.recorded import RecordedCBS, RecordedFile

ZICHT = Path(sys.executable).with_name("zicht")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_snapshot(snapshot: Path, dest: Path) -> Path:
    """Writable copy of the (read-only) snapshot; the original is never touched."""
    shutil.copytree(snapshot, dest)
    for p in [dest, *dest.rglob("*")]:
        p.chmod(p.stat().st_mode | stat.S_IWUSR)
    return dest


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Files beside the database that a build must not leave behind (temp, WAL, parts)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# --- corruptions (each gets a private copy of the snapshot) -------------------------------------


def _cut_mid_line(path: Path) -> None:
    data = path.read_bytes()
    cut = len(data) // 2
    while data[cut - 1 : cut] in (b"\n", b",", b'"'):
        cut += 1  # really in the middle of a field, like an interrupted download
    path.write_bytes(data[:cut])


def _rewrite_csv(path: Path, fix: Callable[[list[list[str]]], list[list[str]]]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(fix(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


# Tables are built in catalog order (85984NED, 85755NED, 85385NED, 85655NED, ...): faults in
# the early ones fail fast and keep this module quick; the geo faults come after all tables.


def truncated_csv(snap: Path) -> None:
    _cut_mid_line(snap / "cbs/85984NED/data.csv")


def non_utf8_csv(snap: Path) -> None:
    p = snap / "cbs/85984NED/data.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("latin-1", errors="replace"))


def empty_csv(snap: Path) -> None:
    (snap / "cbs/85755NED/data.csv").write_bytes(b"")


def header_only_csv(snap: Path) -> None:
    p = snap / "cbs/85385NED/data.csv"
    p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def missing_table(snap: Path) -> None:
    shutil.rmtree(snap / "cbs/85755NED")


def missing_topic(snap: Path) -> None:
    def drop(rows: list[list[str]]) -> list[list[str]]:
        i = rows[0].index("OnbewoondeWoningen_46")
        return [r[:i] + r[i + 1 :] for r in rows]

    _rewrite_csv(snap / "cbs/85984NED/data.csv", drop)


def corrupt_dim_json(snap: Path) -> None:
    p = snap / "cbs/85655NED/Woongemeente.json"
    p.write_bytes(p.read_bytes()[:777])


def corrupt_info_json(snap: Path) -> None:
    (snap / "cbs/85385NED/info.json").write_text('{"Identifier": "85385NED", ', encoding="utf-8")


def garbage_geo(snap: Path) -> None:
    (snap / "geo/gemeente_2024.topojson").write_bytes(os.urandom(4096))


def truncated_geo(snap: Path) -> None:
    p = snap / "geo/wijk_2024.geojson"
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def geo_without_codes(snap: Path) -> None:
    empty = {"type": "FeatureCollection", "features": []}
    (snap / "geo/gemeente_2024.topojson").write_text(json.dumps(empty), encoding="utf-8")


@dataclass(frozen=True)
class Fault:
    corrupt: Callable[[Path], None]
    table: str  # the table (or geo file) the one-line reason must name
    words: tuple[str, ...]  # what went wrong, as the reason must say it


FAULTS: dict[str, Fault] = {
    "truncated_csv": Fault(truncated_csv, "85984NED", ("afgekapt",)),
    "non_utf8_csv": Fault(non_utf8_csv, "85984NED", ("UTF-8",)),
    "empty_csv": Fault(empty_csv, "85755NED", ("leeg",)),
    "header_only_csv": Fault(header_only_csv, "85385NED", ("geen rijen",)),
    "missing_table": Fault(missing_table, "85755NED", ("ontbreekt",)),
    "missing_topic": Fault(missing_topic, "85984NED", ("OnbewoondeWoningen", "ontbreekt")),
    "corrupt_dim_json": Fault(corrupt_dim_json, "85655NED", ("Woongemeente.json",)),
    "corrupt_info_json": Fault(corrupt_info_json, "85385NED", ("info.json",)),
    "garbage_geo": Fault(garbage_geo, "gemeente_2024", ("onleesbaar",)),
    "truncated_geo": Fault(truncated_geo, "wijk_2024", ("onleesbaar",)),
    "geo_without_codes": Fault(geo_without_codes, "gemeente_2024", ("gemeente_2024",)),
}


@dataclass(frozen=True)
class Run:
    rc: int
    stdout: str
    stderr: str
    db: Path
    before: str  # sha256 of the database before the failed build


def _run_cli(snapshot: Path, db: Path, columns: int = 200) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "ZICHT_CACHE": str(db.parent / "no-cache")}
    args = [str(ZICHT), "build", "--source", "snapshot", "--snapshot", str(snapshot)]
    return subprocess.run(
        [*args, "--db", str(db)], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def fault_runs(
    tmp_path_factory: pytest.TempPathFactory, snapshot_dir: Path, built_db: Path
) -> dict[str, Run]:
    """Every corrupted snapshot built over a copy of a good database, two at a time."""

    def one(name: str) -> Run:
        root = tmp_path_factory.mktemp(name)
        snap = copy_snapshot(snapshot_dir, root / "snapshot")
        FAULTS[name].corrupt(snap)
        served = root / "served"
        served.mkdir()
        db = served / "zicht.duckdb"
        shutil.copy2(built_db, db)
        before = sha256(db)
        p = _run_cli(snap, db)
        return Run(p.returncode, p.stdout, p.stderr, db, before)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(FAULTS, pool.map(one, FAULTS)))


@pytest.mark.slow  # the shared fixture runs 11 failing builds (≈ 30 s)
@pytest.mark.parametrize("name", list(FAULTS))
def test_broken_snapshot_fails_cleanly(name: str, fault_runs: dict[str, Run]) -> None:
    run, fault = fault_runs[name], FAULTS[name]
    both = run.stdout + run.stderr
    assert run.rc != 0, f"{name}: build should fail\n{both}"
    assert "Traceback" not in both, f"{name}: traceback shown\n{both}"
    failed = [line for line in run.stderr.splitlines() if line.startswith("Bouwen mislukt:")]
    assert len(failed) == 1, f"{name}: expected one reason line\n{run.stderr}"
    assert fault.table in failed[0], f"{name}: reason does not name {fault.table}: {failed[0]}"
    for word in fault.words:
        assert word in failed[0], f"{name}: reason lacks {word!r}: {failed[0]}"
    assert sha256(run.db) == run.before, f"{name}: served database changed"
    assert leftovers(run.db.parent, {run.db.name}) == [], f"{name}: temp files left"
    con = duckdb.connect(str(run.db), read_only=True)  # still a working database
    try:
        assert con.execute("SELECT count(*) FROM indicator_value").fetchone()[0] > 0
    finally:
        con.close()


@pytest.mark.parametrize("name", FAULTS)
@pytest.mark.slow
def test_broken_snapshot_says_what_to_do(name: str, fault_runs: dict[str, Run]) -> None:
    """The issue asks for 'which table, what went wrong, what to do' in the one line."""
    line = next(ln for ln in fault_runs[name].stderr.splitlines() if "Bouwen mislukt:" in ln)
    assert " — " in line, f"{name}: no hint on what to do: {line}"


def test_reason_is_one_line_in_a_log(snapshot_dir: Path, tmp_path: Path) -> None:
    """Run as cron would (no terminal, no COLUMNS): the reason must still be a single line."""
    snap = copy_snapshot(snapshot_dir, tmp_path / "snapshot")
    truncated_csv(snap)
    db = tmp_path / "zicht.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    args = [str(ZICHT), "build", "--source", "snapshot", "--snapshot", str(snap), "--db", str(db)]
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    lines = p.stderr.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith("Bouwen mislukt:"))
    assert "download de tabel opnieuw" in lines[i], p.stderr
    assert lines[i + 1].startswith("De bestaande database"), p.stderr


# --- renumbered topic keys: the build must succeed with identical values ------------------------


def renumber_topics(snap: Path) -> dict[str, str]:
    """85984NED as CBS revised it: every topic suffix +7, BedrijfsvestigingenTotaal_102 → _95."""

    with (snap / "cbs/85984NED/data.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    old = rows[0]
    new: list[str] = []
    for col in old:
        base, sep, num = col.rpartition("_")
        new.append(f"{base}_{int(num) + 7}" if sep and num.isdigit() else col)
    # swap so BedrijfsvestigingenTotaal gets _95 as in the live table; the column that would
    # have become _95 takes the freed _109: keys stay unique, but no longer mean the same.
    i_bv = old.index("BedrijfsvestigingenTotaal_102")
    i_95 = next(i for i, c in enumerate(new) if c.endswith("_95"))
    new[i_95] = new[i_95].rsplit("_", 1)[0] + "_109"
    new[i_bv] = "BedrijfsvestigingenTotaal_95"
    assert len(set(new)) == len(new)
    rows[0] = new
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (snap / "cbs/85984NED/data.csv").write_text(out.getvalue(), encoding="utf-8")
    return dict(zip(old, new))


VALUE_COLS = "indicator_id, region_code, level, year, numerator, denominator, value, nl_value, "
VALUE_COLS += "index, z, is_significant, klasse, reason"


def test_renumbered_topic_keys_give_identical_values(
    tmp_path: Path, snapshot_dir: Path, built_db: Path
) -> None:
    snap = copy_snapshot(snapshot_dir, tmp_path / "snapshot")
    mapping = renumber_topics(snap)
    assert mapping["BedrijfsvestigingenTotaal_102"] == "BedrijfsvestigingenTotaal_95"
    assert mapping["GemiddeldeWOZWaardeVanWoningen_39"] == "GemiddeldeWOZWaardeVanWoningen_46"
    db = tmp_path / "renumbered.duckdb"
    build(SnapshotSource(snap), db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"ATTACH '{built_db}' AS good (READ_ONLY)")
        n = con.execute("SELECT count(*) FROM indicator_value").fetchone()[0]
        assert n == con.execute("SELECT count(*) FROM good.indicator_value").fetchone()[0]
        for a, b in (("main", "good"), ("good", "main")):
            diff = con.execute(
                f"SELECT count(*) FROM (SELECT {VALUE_COLS} FROM {a}.indicator_value "  # noqa: S608
                f"EXCEPT ALL SELECT {VALUE_COLS} FROM {b}.indicator_value)"
            ).fetchone()[0]
            assert diff == 0, f"{diff} indicator values in {a} differ from {b}"
        obs = "SELECT measure, region_code, year, value FROM {}.core_observation"
        diff = con.execute(
            f"SELECT count(*) FROM ({obs.format('main')} EXCEPT ALL {obs.format('good')})"
        ).fetchone()[0]
        assert diff == 0
        vest = con.execute(
            "SELECT value FROM core_observation WHERE measure = 'kwb.vestigingen_n' "
            "AND region_code = 'NL'"
        ).fetchone()
        assert vest is not None and vest[0] > 0
    finally:
        con.close()


# --- live source: CBS outage and a pagination break, end to end through build() ----------------

LIVE_TABLE = "85755NED"  # second table built; small, no dimension files, paged by 100 here


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def live_setup(tmp_path: Path, snapshot_dir: Path, built_db: Path) -> tuple[LiveSource, Path]:
    """A cache holding every table but LIVE_TABLE, and a served copy of the good database."""
    cache = tmp_path / "cache"
    for table in (snapshot_dir / "cbs").iterdir():
        if table.name != LIVE_TABLE:
            shutil.copytree(table, cache / "cbs" / table.name)
    served = tmp_path / "served"
    served.mkdir()
    db = served / "zicht.duckdb"
    shutil.copy2(built_db, db)
    return LiveSource(cache, retries=1, backoff=0, timeout=2), db


OUTAGES: dict[str, tuple[str, int | BaseException, int | None, str]] = {
    "connection_refused": ("", requests.ConnectionError("Connection refused"), None, "verbinding"),
    "timeout": ("", requests.ReadTimeout("read timed out"), None, "time-out"),
    "http_500": ("", 500, None, "HTTP 500"),
    "http_503_on_data": ("TypedDataSet", 503, None, "HTTP 503"),
    "pagination_break_500": ("TypedDataSet", 500, 2, "HTTP 500"),
    "pagination_break_reset": (
        "TypedDataSet",
        requests.ConnectionError("Connection reset by peer"),
        3,
        "verbinding",
    ),
}


@pytest.mark.parametrize("name", list(OUTAGES))
def test_cbs_outage_stops_build_and_keeps_db(
    name: str,
    live_setup: tuple[LiveSource, Path],
    rsps: responses.RequestsMock,
    snapshot_dir: Path,
) -> None:
    live, db = live_setup
    part, fault, page, reason = OUTAGES[name]
    cbs = RecordedCBS(LIVE_TABLE, snapshot=snapshot_dir, page_size=100)
    cbs.register(rsps)
    cbs.fail(part, fault, page=page)
    before = sha256(db)
    with pytest.raises(BuildError) as err:
        build(live, db)
    assert err.value.table == LIVE_TABLE
    assert reason in err.value.problem
    assert "\n" not in str(err.value)
    assert err.value.hint
    if page is not None:
        assert any(f"$skip={100 * (page - 1)}" in u for u in cbs.calls), "not paged as planned"
    assert sha256(db) == before
    assert leftovers(db.parent, {db.name}) == []
    assert not (live.cache_dir / "cbs" / LIVE_TABLE).exists(), "partial table left in cache"


def test_boundary_outage_after_tables_keeps_db(
    live_setup: tuple[LiveSource, Path], rsps: responses.RequestsMock, snapshot_dir: Path
) -> None:
    """cartomap down while the new database is already half written: the old one stays."""
    live, db = live_setup
    shutil.copytree(snapshot_dir / "cbs" / LIVE_TABLE, live.cache_dir / "cbs" / LIVE_TABLE)
    geo = RecordedFile(
        GEO_URL.format(level="gemeente", year=2024, ext="topojson"),
        snapshot_dir / "geo" / "gemeente_2024.topojson",
    )
    geo.register(rsps)
    geo.fail("file", 503)
    before = sha256(db)
    with pytest.raises(BuildError) as err:
        build(live, db)
    assert err.value.table == "geo gemeente_2024"
    assert "HTTP 503" in err.value.problem
    assert sha256(db) == before
    assert leftovers(db.parent, {db.name}) == []
    assert not (live.cache_dir / "geo").exists() or not any((live.cache_dir / "geo").iterdir())


def test_cli_reports_outage_in_one_line(
    live_setup: tuple[LiveSource, Path],
    rsps: responses.RequestsMock,
    snapshot_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live, db = live_setup
    cbs = RecordedCBS(LIVE_TABLE, snapshot=snapshot_dir, page_size=100)
    cbs.register(rsps)
    cbs.fail("", requests.ConnectionError("Connection refused"))
    monkeypatch.setenv("ZICHT_CACHE", str(live.cache_dir))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("data_pipeline.sources.time.sleep", lambda s: None)  # no back-off waits
    before = sha256(db)
    result = CliRunner().invoke(cli.main, ["build", "--source", "live", "--db", str(db)])
    out = result.output  # stdout and stderr, interleaved
    assert result.exit_code == 1, out
    assert "Traceback" not in out
    lines = [ln for ln in out.splitlines() if ln.startswith("Bouwen mislukt:")]
    assert len(lines) == 1 and LIVE_TABLE in lines[0] and "geen verbinding" in lines[0], out
    assert "--source snapshot" in lines[0], out
    assert sha256(db) == before
    assert leftovers(db.parent, {db.name}) == []
